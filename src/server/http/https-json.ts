/** A bounded GET of a JSON document over HTTPS: what jux serve fetches from an OIDC issuer. */
import { request } from "node:https";
import { rootCertificates } from "node:tls";

export interface JsonFetchOptions {
  /** Milliseconds for the whole exchange (connect, headers, body). */
  timeoutMs: number;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Extra trusted CAs (PEM), besides Node's roots and NODE_EXTRA_CA_CERTS; for in-process tests. */
  ca?: string;
}

/** The document could not be had: unreachable, not HTTPS, a non-200 answer, too big, not JSON. */
export class JsonFetchError extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

/** GETs `url` (https: only, no redirects) and parses its body as JSON, within the time and size bounds. */
export function fetchJson(url: string, options: JsonFetchOptions): Promise<unknown> {
  if (!url.startsWith("https://"))
    return Promise.reject(new JsonFetchError(url, "only https: URLs are fetched"));
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => reject(new JsonFetchError(url, reason));
    const req = request(
      url,
      {
        method: "GET",
        headers: { Accept: "application/json", "User-Agent": "jux-serve" },
        ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}),
        timeout: options.timeoutMs,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return fail(
            `answered HTTP ${res.statusCode}${res.statusCode! >= 300 && res.statusCode! < 400 ? " (a redirect: give the final URL)" : ""}`,
          );
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            req.destroy();
            fail(`the document is larger than ${options.maxBytes} bytes`);
          } else chunks.push(chunk);
        });
        res.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch {
            fail("the document is not JSON");
          }
        });
        res.on("error", (e) => fail(e.message));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      fail(`no answer within ${options.timeoutMs} ms`);
    }, options.timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("timeout", () => {
      req.destroy();
      fail(`no answer within ${options.timeoutMs} ms`);
    });
    req.on("error", (e) => fail(e.message));
    req.end();
  });
}

/**
 * One HTTP exchange with a server we do not trust (the Jux API's baseline route, the GitHub REST API): redirects
 * never followed, no retries inside the client, one deadline for the whole exchange, and the answer read up to a
 * limit (a longer one is cut off, not buffered).
 */
import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";
import { HttpClient } from "@actions/http-client";
import { errorMessage } from "../errors.js";
import { TOOL_NAME, VERSION } from "../version.js";

export interface Exchange {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: string;
  headers: OutgoingHttpHeaders;
  body?: string;
  timeoutMs: number;
  /** Longest answer read (bytes). */
  maxBytes: number;
}

export type Answer =
  | { status: number; text: string; headers: IncomingMessage["headers"]; tooLarge?: false }
  | { status: number; tooLarge: true; headers: IncomingMessage["headers"] }
  /** The connection failed or the deadline passed; `code` is the socket error's (ECONNRESET...), if any. */
  | { failed: string; code?: string; timedOut?: boolean };

/** The body up to maxBytes, or undefined when it is longer (the rest is not read: the socket is destroyed). */
async function readBody(message: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  const declared = Number(message.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    message.destroy();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      message.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Sends one request and reads its answer within the deadline; never throws. */
export async function exchange(x: Exchange): Promise<Answer> {
  const http = new HttpClient(`${TOOL_NAME}/${VERSION}`, [], {
    allowRetries: false,
    // A redirect is not followed: it would carry the credential to another address.
    allowRedirects: false,
    socketTimeout: x.timeoutMs,
    keepAlive: false,
  });
  let timer: NodeJS.Timeout | undefined;
  let message: IncomingMessage | undefined;
  const deadline = new Promise<Answer>((done) => {
    timer = setTimeout(() => {
      message?.destroy();
      done({ failed: `no answer within ${x.timeoutMs} ms`, timedOut: true });
    }, x.timeoutMs);
  });
  const request = (async (): Promise<Answer> => {
    try {
      const res = await http.request(x.method, x.url, x.body ?? null, x.headers);
      message = res.message;
      const status = res.message.statusCode ?? 0;
      const text = await readBody(res.message, x.maxBytes);
      return text === undefined
        ? { status, tooLarge: true, headers: res.message.headers }
        : { status, text, headers: res.message.headers };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      return { failed: errorMessage(e), ...(typeof code === "string" ? { code } : {}) };
    }
  })();
  try {
    return await Promise.race([request, deadline]);
  } finally {
    clearTimeout(timer);
    http.dispose();
  }
}

/** The answer's body as a JSON object, or undefined. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

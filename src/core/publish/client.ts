import { Readable } from "node:stream";
import { HttpClient } from "@actions/http-client";
import { TOOL_NAME, VERSION } from "../version.js";

export interface ClientOptions {
  /** The API base, ending in /api/v1 (e.g. http://localhost:4000/api/v1). */
  apiUrl: string;
  apiKey?: string;
  /** "Authorization" (default) sends `Bearer <key>`; any other name sends the key as that header's value. */
  apiKeyHeader?: string;
  /** Per attempt (default 30 s, as upstream). */
  timeoutMs?: number;
  /** Retries after the first attempt for transient failures (default 3, as upstream). */
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Longest Retry-After honoured (default 60 s). */
  retryAfterCapMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface ServerCounts {
  tests?: number;
  failures?: number;
  errors?: number;
  skipped?: number;
}

/** What became of one report: each is final except `transient`, which a later run may retry. */
export type PublishOutcome =
  | { outcome: "published"; testRunId: string; status: number; counts: ServerCounts }
  | { outcome: "duplicate"; testRunId?: string }
  | { outcome: "rejected"; status: number; error: string; details?: unknown; suggestions?: string[] }
  | { outcome: "transient"; reason: string; status?: number; attempts: number };

/** Refusals that will not change by retrying. */
const FINAL = new Set([400, 401, 403, 404, 405, 413, 415, 422]);

interface Attempt {
  result?: PublishOutcome;
  /** Transient: why, and how long the server asked us to wait. */
  retry?: { reason: string; status?: number; afterMs?: number };
}

const sleeper = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  // An HTTP date names its day and month; anything else ("1.5", "-1") is ignored, as RFC 9110 says.
  if (!/[a-z]{3}/i.test(header)) return undefined;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function published(status: number, body: Record<string, unknown> | undefined): PublishOutcome {
  // The flat contract shape, or the legacy {status, message, test_run: {id, ...}}.
  const legacy = body?.test_run as Record<string, unknown> | undefined;
  const id = (body?.test_run_id ?? legacy?.id) as string | undefined;
  if (typeof id !== "string") {
    return {
      outcome: "transient",
      reason: `the server answered ${status} without a test_run_id`,
      status,
      attempts: 1,
    };
  }
  const n = (v: unknown) => (typeof v === "number" ? v : undefined);
  const src = body?.test_run_id ? body : legacy;
  const counts: ServerCounts = {
    ...(n(src?.test_count ?? src?.total_tests) !== undefined
      ? { tests: n(src?.test_count ?? src?.total_tests) }
      : {}),
    ...(n(src?.failure_count ?? src?.failures) !== undefined
      ? { failures: n(src?.failure_count ?? src?.failures) }
      : {}),
    ...(n(src?.error_count ?? src?.errors) !== undefined
      ? { errors: n(src?.error_count ?? src?.errors) }
      : {}),
    ...(n(src?.skipped_count ?? src?.skipped) !== undefined
      ? { skipped: n(src?.skipped_count ?? src?.skipped) }
      : {}),
  };
  return { outcome: "published", testRunId: id, status, counts };
}

function classify(status: number, text: string, retryAfter: string | undefined): Attempt {
  const body = parseJson(text);
  if (status === 200 || status === 201) {
    const result = published(status, body);
    return result.outcome === "transient" ? { retry: { reason: result.reason, status } } : { result };
  }
  if (status === 409) {
    const details = body?.details as Record<string, unknown> | undefined;
    const id = (body?.test_run_id ?? details?.test_run_id) as string | undefined;
    return { result: { outcome: "duplicate", ...(typeof id === "string" ? { testRunId: id } : {}) } };
  }
  if (FINAL.has(status)) {
    const error = typeof body?.error === "string" ? body.error : `HTTP ${status}`;
    const suggestions = Array.isArray(body?.suggestions) ? (body.suggestions as string[]) : undefined;
    return {
      result: {
        outcome: "rejected",
        status,
        error: status === 404 && !body?.error ? "HTTP 404: is api_url right? It must end in /api/v1" : error,
        ...(body?.details !== undefined ? { details: body.details } : {}),
        ...(suggestions ? { suggestions } : {}),
      },
    };
  }
  const afterMs = status === 429 || status === 503 ? retryAfterMs(retryAfter) : undefined;
  const error = typeof body?.error === "string" ? `: ${body.error}` : "";
  return {
    retry: {
      reason: `the server answered ${status}${error}`,
      status,
      ...(afterMs !== undefined ? { afterMs } : {}),
    },
  };
}

/** The Jux submission API client: one report per request, retried with backoff when it is worth it. */
export class JuxClient {
  private readonly http: HttpClient;
  private readonly options: Required<Omit<ClientOptions, "apiKey" | "apiKeyHeader">> &
    Pick<ClientOptions, "apiKey" | "apiKeyHeader">;

  constructor(options: ClientOptions) {
    this.options = {
      timeoutMs: 30_000,
      maxRetries: 3,
      backoffBaseMs: 1000,
      backoffCapMs: 30_000,
      retryAfterCapMs: 60_000,
      sleep: sleeper,
      random: Math.random,
      ...options,
    };
    this.http = new HttpClient(`${TOOL_NAME}/${VERSION}`, [], {
      allowRetries: false,
      socketTimeout: this.options.timeoutMs,
      keepAlive: true,
    });
  }

  get endpoint(): string {
    return `${this.options.apiUrl.replace(/\/+$/, "")}/junit/submit`;
  }

  /**
   * Publishes the signed bytes as they are; `canonicalHash` goes in the Idempotency-Key. Whatever the server
   * said is returned with the API key blanked out, as a server may echo a refused key back.
   */
  async publish(xml: Buffer, canonicalHash: string): Promise<PublishOutcome> {
    return redact(await this.publishOnce(xml, canonicalHash), this.options.apiKey);
  }

  private async publishOnce(xml: Buffer, canonicalHash: string): Promise<PublishOutcome> {
    const { maxRetries, backoffBaseMs, backoffCapMs, retryAfterCapMs, sleep, random } = this.options;
    let last: NonNullable<Attempt["retry"]> = { reason: "not attempted" };
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      const { result, retry } = await this.attempt(xml, canonicalHash);
      if (result) return result;
      last = retry!;
      if (attempt === maxRetries) break;
      // Full jitter; a Retry-After the server sent wins, capped.
      const backoff = random() * Math.min(backoffCapMs, backoffBaseMs * 2 ** attempt);
      await sleep(last.afterMs !== undefined ? Math.min(last.afterMs, retryAfterCapMs) : backoff);
    }
    return {
      outcome: "transient",
      reason: last.reason,
      ...(last.status !== undefined ? { status: last.status } : {}),
      attempts: maxRetries + 1,
    };
  }

  /** Closes kept-alive connections. */
  dispose(): void {
    this.http.dispose();
  }

  private headers(xml: Buffer, canonicalHash: string): Record<string, string> {
    const { apiKey, apiKeyHeader = "Authorization" } = this.options;
    const auth = apiKey
      ? { [apiKeyHeader]: apiKeyHeader.toLowerCase() === "authorization" ? `Bearer ${apiKey}` : apiKey }
      : {};
    return {
      "Content-Type": "application/xml",
      "Content-Length": String(xml.length),
      Accept: "application/json",
      "Idempotency-Key": canonicalHash,
      ...auth,
    };
  }

  private async attempt(xml: Buffer, canonicalHash: string): Promise<Attempt> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Attempt>((done) => {
      timer = setTimeout(
        () => done({ retry: { reason: `no answer within ${this.options.timeoutMs} ms` } }),
        this.options.timeoutMs,
      );
    });
    const request = (async (): Promise<Attempt> => {
      try {
        const res = await this.http.sendStream(
          "POST",
          this.endpoint,
          Readable.from([xml]),
          this.headers(xml, canonicalHash),
        );
        const text = await res.readBody();
        const retryAfter = res.message.headers["retry-after"];
        return classify(
          res.message.statusCode ?? 0,
          text,
          Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        );
      } catch (e) {
        return { retry: { reason: describeNetworkError(e) } };
      }
    })();
    try {
      return await Promise.race([request, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A copy of `value` (strings, arrays, plain objects) with every occurrence of `secret` replaced. */
function redact<T>(value: T, secret: string | undefined): T {
  if (!secret) return value;
  const walk = (v: unknown): unknown =>
    typeof v === "string"
      ? v.split(secret).join("********")
      : Array.isArray(v)
        ? v.map(walk)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k), walk(x)]))
          : v;
  return walk(value) as T;
}

/** A connection failure in words, without anything but the error's own message and code. */
function describeNetworkError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ? ` (${err.code})` : "";
  return `cannot reach the server: ${err?.message ?? String(e)}${code && !err.message?.includes(err.code!) ? code : ""}`;
}

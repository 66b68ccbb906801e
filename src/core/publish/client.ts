import { Readable } from "node:stream";
import { HttpClient } from "@actions/http-client";
import type { JuxConfig } from "../config/schema.js";
import type { Counts, DeclaredCountKey } from "../junit/summary.js";
import type { Rejection } from "../store/types.js";
import { errorMessage } from "../errors.js";
import { TOOL_NAME, VERSION } from "../version.js";
import type { BearerSource } from "./bearer.js";
import { jsonObject } from "./exchange.js";

export interface ClientOptions {
  /** The API base, ending in /api/v1 (e.g. http://localhost:4000/api/v1). */
  apiUrl: string;
  apiKey?: string;
  /** "Authorization" (default) sends `Bearer <key>`; any other name sends the key as that header's value. */
  apiKeyHeader?: string;
  /**
   * Instead of apiKey: a short-lived token asked for before each request (`Authorization: Bearer`); a 401 answer
   * gets one new token and the report one more request.
   */
  bearer?: BearerSource;
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

/** The counts the server's answer carries (those a producer declares), each only when it sends it. */
export type ServerCounts = Partial<Pick<Counts, DeclaredCountKey>>;

/** What became of one report: each is final except `transient`, which a later run may retry. */
export type PublishOutcome =
  | { outcome: "published"; testRunId: string; status: number; counts: ServerCounts }
  | { outcome: "duplicate"; testRunId?: string }
  | ({ outcome: "rejected" } & Rejection)
  | { outcome: "transient"; reason: string; status?: number; attempts: number };

/** Refusals that will not change by retrying. */
const FINAL = new Set([400, 401, 403, 404, 405, 413, 415, 422]);

/** What the submit route answers only when api_url does not point at the API (a missing or wrong /api/v1). */
const WRONG_ROUTE = new Set([404, 405]);

/** The server's words, then what to fix and the URL that was tried (api_url holds no credentials). */
function wrongRoute(error: string, endpoint: string): string {
  return `${error}: api_url must be the API's base URL, ending in /api/v1 (e.g. https://jux.example.com/api/v1); tried POST ${endpoint}`;
}

export { MIN_API_KEY_LENGTH, apiKeyProblem } from "./api-key.js";

interface Attempt {
  result?: PublishOutcome;
  /** Transient: why, and how long the server asked us to wait. */
  retry?: { reason: string; status?: number; afterMs?: number };
}

/** The credential one request carries: its header and value, and the secret to blank out of the answer. */
interface Credential {
  headers: Record<string, string>;
  secret?: string;
}

const sleeper = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  // An HTTP date names its day and month; anything else ("1.5", "-1") is ignored, as RFC 9110 says.
  if (!/[a-z]{3}/i.test(header)) return undefined;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function published(
  status: number,
  body: Record<string, unknown> | undefined,
  secret?: string,
): PublishOutcome {
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
  return { outcome: "published", testRunId: redactStrings(id, secret), status, counts };
}

/** What the server answered, its body parsed; `secret` is blanked out of every value taken from it. */
interface Answer {
  status: number;
  text: string;
  retryAfter?: string;
  location?: string;
  /** `Idempotent-Replayed: true`: the server answered this Idempotency-Key before (an earlier submission). */
  replayed?: boolean;
  secret?: string;
}

function classify(answer: Answer, endpoint: string): Attempt {
  const { status, text, retryAfter, location, secret } = answer;
  const body = jsonObject(text);
  const fromServer = <T>(v: T): T => redactStrings(v, secret);
  if (status === 200 || status === 201) {
    const result = published(status, body, secret);
    if (result.outcome === "transient") return { retry: { reason: result.reason, status } };
    // A replayed answer is an earlier submission's: the report was already published, not by this request.
    if (answer.replayed && result.outcome === "published")
      return { result: { outcome: "duplicate", testRunId: result.testRunId } };
    return { result };
  }
  if (status >= 300 && status < 400) return { result: redirected(status, location, endpoint, secret) };
  if (status === 409) {
    const details = body?.details as Record<string, unknown> | undefined;
    const id = (body?.test_run_id ?? details?.test_run_id) as string | undefined;
    return {
      result: { outcome: "duplicate", ...(typeof id === "string" ? { testRunId: fromServer(id) } : {}) },
    };
  }
  if (FINAL.has(status)) {
    const error = typeof body?.error === "string" ? fromServer(body.error) : `HTTP ${status}`;
    const suggestions = Array.isArray(body?.suggestions)
      ? fromServer(body.suggestions as string[])
      : undefined;
    return {
      result: {
        outcome: "rejected",
        status,
        error: WRONG_ROUTE.has(status) ? wrongRoute(error, redactStrings(endpoint, secret)) : error,
        // The details are the server's own object, keys and all: nothing of ours is read from them.
        ...(body?.details !== undefined ? { details: redactStrings(body.details, secret, true) } : {}),
        ...(suggestions ? { suggestions } : {}),
      },
    };
  }
  const afterMs = status === 429 || status === 503 ? retryAfterMs(retryAfter) : undefined;
  const error = typeof body?.error === "string" ? `: ${fromServer(body.error)}` : "";
  return {
    retry: {
      reason: `the server answered ${status}${error}`,
      status,
      ...(afterMs !== undefined ? { afterMs } : {}),
    },
  };
}

/**
 * A redirect is never followed (it would carry the key to another address, and a POST's body is not re-sent):
 * final for this attempt, and transient for the report, which stays queued until api_url is fixed.
 */
function redirected(status: number, location: string | undefined, endpoint: string, secret?: string) {
  let target = "an address it does not give";
  if (location) {
    try {
      // Blanked before and after normalising: URL parsing percent-encodes what the key may contain.
      target = redactStrings(new URL(redactStrings(location, secret), endpoint).href, secret);
    } catch {
      target = JSON.stringify(redactStrings(location, secret));
    }
  }
  const reason = `the server redirects to ${target} (HTTP ${status}): set api_url to the final address; redirects are not followed, as they would carry the API key elsewhere`;
  return { outcome: "transient" as const, reason, status, attempts: 1 };
}

/** The Jux submission API client: one report per request, retried with backoff when it is worth it. */
export class JuxClient {
  private readonly http: HttpClient;
  private readonly options: Required<Omit<ClientOptions, "apiKey" | "apiKeyHeader" | "bearer">> &
    Pick<ClientOptions, "apiKey" | "apiKeyHeader" | "bearer">;

  constructor(options: ClientOptions) {
    if (options.apiKey !== undefined && options.bearer !== undefined)
      throw new Error("JuxClient: give apiKey or bearer, not both");
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
      // Never follow a redirect: @actions/http-client strips only Authorization, not X-API-Key, on the way.
      allowRedirects: false,
      socketTimeout: this.options.timeoutMs,
      keepAlive: true,
    });
  }

  get endpoint(): string {
    return `${this.options.apiUrl.replace(/\/+$/, "")}/junit/submit`;
  }

  /**
   * Publishes the signed bytes as they are; `canonicalHash` goes in the Idempotency-Key. Every value taken
   * from the server's answer comes back with the API key (or token) blanked out, as a server may echo a refused
   * key back. With a bearer source, a 401 answer gets one new token and one more request for the report.
   */
  async publish(xml: Buffer, canonicalHash: string): Promise<PublishOutcome> {
    const first = await this.publishOnce(xml, canonicalHash);
    const { bearer } = this.options;
    if (!bearer || first.refused === undefined || !bearer.refused(first.refused)) return first.outcome;
    return (await this.publishOnce(xml, canonicalHash)).outcome;
  }

  /** One report's ladder of attempts; `refused` is the bearer token a 401 answer refused. */
  private async publishOnce(
    xml: Buffer,
    canonicalHash: string,
  ): Promise<{ outcome: PublishOutcome; refused?: string }> {
    const { maxRetries, backoffBaseMs, backoffCapMs, retryAfterCapMs, sleep, random } = this.options;
    let last: NonNullable<Attempt["retry"]> = { reason: "not attempted" };
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      const credential = await this.credential();
      if (typeof credential === "string")
        return { outcome: { outcome: "transient", reason: credential, attempts: attempt } };
      const { result, retry } = await this.attempt(xml, canonicalHash, credential);
      if (result) return { outcome: result, ...this.judged(result, credential) };
      last = retry!;
      if (attempt === maxRetries) break;
      // Full jitter; a Retry-After the server sent wins, capped.
      const backoff = random() * Math.min(backoffCapMs, backoffBaseMs * 2 ** attempt);
      await sleep(last.afterMs !== undefined ? Math.min(last.afterMs, retryAfterCapMs) : backoff);
    }
    const outcome: PublishOutcome = {
      outcome: "transient",
      reason: last.reason,
      ...(last.status !== undefined ? { status: last.status } : {}),
      attempts: maxRetries + 1,
    };
    return { outcome };
  }

  /** Tells the bearer source what the server made of its token; the token a 401 refused, for publish(). */
  private judged(result: PublishOutcome, credential: Credential): { refused?: string } {
    const { bearer } = this.options;
    if (!bearer || credential.secret === undefined) return {};
    if (result.outcome === "rejected" && result.status === 401) return { refused: credential.secret };
    // Any answer past the credentials check (a report refused for its content too) accepted the token.
    if (result.outcome === "published" || result.outcome === "duplicate" || result.outcome === "rejected")
      if (!(result.outcome === "rejected" && result.status === 403)) bearer.accepted(credential.secret);
    return {};
  }

  /** Closes kept-alive connections. */
  dispose(): void {
    this.http.dispose();
  }

  /** This request's credential: the API key, a bearer token, or none; a string says why no token could be had. */
  private async credential(): Promise<Credential | string> {
    const { apiKey, apiKeyHeader = "Authorization", bearer } = this.options;
    if (bearer) {
      try {
        const token = await bearer.token();
        return { headers: { Authorization: `Bearer ${token}` }, secret: token };
      } catch (e) {
        return errorMessage(e);
      }
    }
    if (!apiKey) return { headers: {} };
    const value = apiKeyHeader.toLowerCase() === "authorization" ? `Bearer ${apiKey}` : apiKey;
    return { headers: { [apiKeyHeader]: value }, secret: apiKey };
  }

  private headers(xml: Buffer, canonicalHash: string, credential: Credential): Record<string, string> {
    return {
      "Content-Type": "application/xml",
      "Content-Length": String(xml.length),
      Accept: "application/json",
      "Idempotency-Key": canonicalHash,
      ...credential.headers,
    };
  }

  private async attempt(xml: Buffer, canonicalHash: string, credential: Credential): Promise<Attempt> {
    const { secret } = credential;
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
          this.headers(xml, canonicalHash, credential),
        );
        const text = await res.readBody();
        const { "retry-after": retryAfter, location } = res.message.headers;
        const answer: Answer = { status: res.message.statusCode ?? 0, text };
        if (retryAfter !== undefined) answer.retryAfter = retryAfter;
        if (location !== undefined) answer.location = location;
        if (res.message.headers["idempotent-replayed"] === "true") answer.replayed = true;
        if (secret) answer.secret = secret;
        return classify(answer, this.endpoint);
      } catch (e) {
        return { retry: { reason: redactStrings(describeNetworkError(e), secret) } };
      }
    })();
    try {
      return await Promise.race([request, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * A copy of the server's `value` with every occurrence of `secret` in its strings replaced. Object keys are
 * rewritten only with `keys` (an object of the server's own, such as `details`), never the field names read.
 */
export function redactStrings<T>(value: T, secret: string | undefined, keys = false): T {
  if (!secret) return value;
  // The key as sent, and as a URL would carry it (percent-encoded), e.g. echoed in a Location header.
  const forms = [...new Set([secret, encodeURIComponent(secret), encodeURI(secret)])];
  const blank = (s: string) => forms.reduce((text, form) => text.split(form).join("********"), s);
  const walk = (v: unknown): unknown =>
    typeof v === "string"
      ? blank(v)
      : Array.isArray(v)
        ? v.map(walk)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [keys ? blank(k) : k, walk(x)]))
          : v;
  return walk(value) as T;
}

/** A connection failure in words, without anything but the error's own message and code. */
function describeNetworkError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ? ` (${err.code})` : "";
  return `cannot reach the server: ${err?.message ?? String(e)}${code && !err.message?.includes(err.code!) ? code : ""}`;
}

/** The configuration's API settings, by their names there (the action's inputs carry the same names). */
export type ApiSettings = Pick<JuxConfig, "apiKey" | "apiKeyHeader" | "apiTimeoutSeconds" | "apiMaxRetries">;

/**
 * The one way the action and jux build a client from the configuration; with `bearer` (the action's OIDC
 * tokens) the API key is not sent.
 */
export function clientFor(apiUrl: string, settings: ApiSettings, bearer?: BearerSource): JuxClient {
  return new JuxClient({
    apiUrl,
    ...(bearer ? { bearer } : settings.apiKey ? { apiKey: settings.apiKey } : {}),
    apiKeyHeader: settings.apiKeyHeader,
    timeoutMs: settings.apiTimeoutSeconds * 1000,
    maxRetries: settings.apiMaxRetries,
  });
}

/**
 * The Jux API's baseline: `GET {api_url}/baseline?project=&branch=[&job=]`, the latest run of a project on a
 * branch (a jux serve route; an upstream Jux server does not have it). The one client of the action and the CLI,
 * each of which words the result its own way. The answer is hostile: read up to MAX_BASELINE_BYTES while it
 * arrives, every field checked (a field that does not fit makes the answer unusable, naming it), the ids
 * recomputed, a redirect never followed, and the API key blanked out of everything taken from the answer.
 */
import { isRecord, own, typeOf, API_TEST_KEYS, checkTests, MAX_NAME_CHARS } from "../junit/test-rows.js";
import type { TestLike } from "../junit/compare.js";
import { redactStrings, retryAfterMs } from "./client.js";
import { exchange, jsonObject, type Answer } from "./exchange.js";

/**
 * Longest answer read (bytes). jux serve's rows run about 300 bytes for a package-qualified test (id, key, names,
 * outcome, duration), so 16 MiB holds some 50 000 of them; a larger baseline is "too-large", and the action then
 * keeps and reads its own in the Actions cache. Kept low: the answer is hostile, and JSON.parse of 64 MiB of `{}`
 * entries took 24 s and 1.4 GB of heap (16 MiB: a quarter of that).
 */
export const MAX_BASELINE_BYTES = 16 * 1024 ** 2;
/** Most test runs (reports, matrix legs) of one baseline read. */
export const MAX_BASELINE_RUNS = 10_000;
/** Longest server's message kept (characters). */
const MAX_SAID = 500;
/** Statuses worth another attempt. */
const TRANSIENT_STATUS: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export interface BaselineRequest {
  /** The API base, ending in /api/v1. */
  apiUrl: string;
  apiKey?: string;
  /** "Authorization" sends `Bearer <key>`; any other name sends the key as that header's value. */
  apiKeyHeader: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts after the first, after a 429, 5xx or failed connection (the action: 1; jux compare: api_max_retries). */
  maxRetries: number;
  /** Longest wait between attempts (a Retry-After or the backoff, whichever applies, is cut to it). */
  maxDelayMs: number;
  project: string;
  branch: string;
  job?: string | null;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A run of the baseline (a report, or one matrix leg's), as the server lists it; each field checked. */
export interface BaselineRun {
  id: string;
  branch: string | null;
  commit_sha: string | null;
  inserted_at: string;
}

export interface FoundBaseline {
  kind: "found";
  /** The server's key of the workflow run (e.g. github:<repository>:<run id>:<attempt>), or null. */
  workflowRun: string | null;
  runs: BaselineRun[];
  /** The tests, ids recomputed with testId. */
  tests: TestLike[];
  /** The server listed only part of the tests. */
  truncated: boolean;
  /** Tests past MAX_BASELINE_TESTS, not read. */
  cut: number;
}

/** Why the baseline could not be had: each caller words it; `reason` says it plainly, without the key. */
export type Unavailable =
  | "url" // api_url is not a URL
  | "unreachable" // no connection (code: ECONNREFUSED, …)
  | "timeout" // no answer within timeoutMs
  | "too-large" // over MAX_BASELINE_BYTES
  | "no-route" // 404 (not "No baseline") or 405: a server without the route
  | "refused" // 401, 403: the key
  | "redirect" // 3xx, not followed
  | "http" // another status
  | "not-json" // a 200 whose body is not a JSON object
  | "malformed"; // a 200 whose fields do not fit: `reason` names the first

export type BaselineResult =
  | FoundBaseline
  /** The server answered "No baseline"; `said` is its message, `suggestion` its first suggestion (key blanked). */
  | { kind: "none"; said?: string; suggestion?: string }
  | {
      kind: "unavailable";
      why: Unavailable;
      reason: string;
      status?: number;
      /** The socket error's code, when it has one. */
      code?: string;
      /** What the server said: its error, then its message, each a first line, key blanked. */
      said?: string;
      attempts: number;
    };

/** The route's address for the query, or undefined when api_url is not a URL. */
export function baselineUrl(
  apiUrl: string,
  q: Pick<BaselineRequest, "project" | "branch" | "job">,
): URL | undefined {
  let url: URL;
  try {
    url = new URL(`${apiUrl.replace(/\/+$/, "")}/baseline`);
  } catch {
    return undefined;
  }
  url.searchParams.set("project", q.project);
  url.searchParams.set("branch", q.branch);
  if (q.job) url.searchParams.set("job", q.job);
  return url;
}

/** An address in words: without credentials. */
export function shownUrl(url: URL | string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.href;
  } catch {
    return String(url);
  }
}

const firstLineOf = (v: unknown) =>
  typeof v === "string"
    ? v
        .split(/[\r\n\u2028\u2029]/)
        .find((l) => l.trim() !== "")
        ?.trim()
        .slice(0, MAX_SAID)
    : undefined;

/** The server's first suggestion in an error body (`suggestions`, jux serve's), a first line. */
function suggestionOf(body: Record<string, unknown> | undefined): string | undefined {
  const list = body ? own(body, "suggestions") : undefined;
  const first = Array.isArray(list) ? firstLineOf(list[0]) : undefined;
  return first === "" ? undefined : first;
}

/** The server's own words in an error body: `error`, then `details.message` or `message`. */
function saidOf(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return undefined;
  const details = own(body, "details");
  const words = [
    firstLineOf(own(body, "error")),
    firstLineOf(isRecord(details) ? own(details, "message") : own(body, "message")),
  ].filter((w): w is string => w !== undefined && w !== "");
  return words.length > 0 ? words.join(": ") : undefined;
}

class Malformed extends Error {}

function text(o: Record<string, unknown>, key: string, at: string, nullable = false): string | null {
  const v = own(o, key);
  if (nullable && (v === null || v === undefined)) return null;
  if (typeof v !== "string") throw new Malformed(`${at}${key} is ${typeOf(v)}, not a string`);
  if (v.length > MAX_NAME_CHARS)
    throw new Malformed(`${at}${key} is longer than ${MAX_NAME_CHARS} characters`);
  return v;
}

function runOf(v: unknown, at: string): BaselineRun {
  if (!isRecord(v)) throw new Malformed(`${at} is ${typeOf(v)}, not an object`);
  return {
    id: text(v, "id", `${at}.`)!,
    branch: text(v, "branch", `${at}.`, true),
    commit_sha: text(v, "commit_sha", `${at}.`, true),
    inserted_at: text(v, "inserted_at", `${at}.`)!,
  };
}

/** A 200 answer (its strings already blanked of the key) checked field by field; Malformed names the first bad one. */
function foundOf(body: Record<string, unknown>): FoundBaseline {
  const truncated = own(body, "truncated");
  if (typeof truncated !== "boolean") throw new Malformed(`truncated is ${typeOf(truncated)}, not a boolean`);
  const runs = own(body, "test_runs");
  if (!Array.isArray(runs)) throw new Malformed(`test_runs is ${typeOf(runs)}, not an array`);
  if (runs.length > MAX_BASELINE_RUNS)
    throw new Malformed(`test_runs has ${runs.length} entries, more than ${MAX_BASELINE_RUNS}`);
  const list = own(body, "tests");
  if (!Array.isArray(list)) throw new Malformed(`tests is ${typeOf(list)}, not an array`);
  const workflowRun = text(body, "workflow_run", "", true);
  const checked = checkTests(list, API_TEST_KEYS, "tests", { requireDuration: true });
  if (checked.problem !== undefined) throw new Malformed(checked.problem);
  return {
    kind: "found",
    workflowRun,
    runs: runs.map((r, i) => runOf(r, `test_runs[${i}]`)),
    tests: checked.tests,
    truncated,
    cut: checked.cut,
  };
}

type Attempt =
  { result: BaselineResult } | { retry: Extract<BaselineResult, { kind: "unavailable" }>; afterMs?: number };

/** One answer in our terms: a result, or a transient failure worth another attempt. */
function classify(answer: Answer, q: BaselineRequest, attempts: number): Attempt {
  const unavailable = (
    why: Unavailable,
    reason: string,
    extra: { status?: number; code?: string; said?: string } = {},
  ) => ({ kind: "unavailable", why, reason, attempts, ...extra }) as const;
  if ("failed" in answer) {
    if (answer.timedOut) return { result: unavailable("timeout", answer.failed) };
    const code = answer.code !== undefined ? { code: answer.code } : {};
    const failure = unavailable("unreachable", answer.failed, code);
    // No connection (refused, reset, no route) may pass on a later attempt; a spent deadline is not tried again.
    return { retry: failure };
  }
  const { status } = answer;
  if (answer.tooLarge)
    return {
      result: unavailable("too-large", `an answer over the ${MAX_BASELINE_BYTES}-byte limit`, { status }),
    };
  // Blanked before anything is read from it: a server may echo the key (and a slice of it must not survive).
  const body = redactStrings(jsonObject(answer.text), q.apiKey);
  const said = saidOf(body);
  const words = { status, ...(said !== undefined ? { said } : {}) };
  const http = `HTTP ${status}${said !== undefined ? `: ${said}` : ""}`;
  if (status === 404 && typeof body?.error === "string" && /^no baseline$/i.test(body.error.trim())) {
    const suggestion = suggestionOf(body);
    return {
      result: {
        kind: "none",
        ...(said !== undefined ? { said } : {}),
        ...(suggestion !== undefined ? { suggestion } : {}),
      },
    };
  }
  if (status === 404 || status === 405) return { result: unavailable("no-route", http, words) };
  if (status === 401 || status === 403) return { result: unavailable("refused", http, words) };
  if (status >= 300 && status < 400)
    return {
      result: unavailable("redirect", `HTTP ${status}`, words),
    };
  if (status !== 200) {
    const failure = unavailable("http", `${http}${body ? "" : " and no JSON object"}`, words);
    if (!TRANSIENT_STATUS.has(status)) return { result: failure };
    const afterMs = retryAfterMs(answer.headers["retry-after"]);
    return { retry: failure, ...(afterMs !== undefined ? { afterMs } : {}) };
  }
  if (!body) return { result: unavailable("not-json", `HTTP ${status} and no JSON object`, { status }) };
  try {
    return { result: foundOf(body) };
  } catch (e) {
    if (!(e instanceof Malformed)) throw e;
    return { result: unavailable("malformed", e.message, { status }) };
  }
}

/** Asks the Jux API for the baseline, retrying what may pass up to maxRetries times; never throws. */
export async function requestBaseline(q: BaselineRequest): Promise<BaselineResult> {
  const url = baselineUrl(q.apiUrl, q);
  if (!url) return { kind: "unavailable", why: "url", reason: "api_url is not a URL", attempts: 0 };
  const auth = q.apiKey
    ? { [q.apiKeyHeader]: q.apiKeyHeader.toLowerCase() === "authorization" ? `Bearer ${q.apiKey}` : q.apiKey }
    : {};
  const sleep = q.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const random = q.random ?? Math.random;
  for (let n = 0; ; n++) {
    const answer = await exchange({
      method: "GET",
      url: url.href,
      headers: { Accept: "application/json", ...auth },
      timeoutMs: q.timeoutMs,
      maxBytes: MAX_BASELINE_BYTES,
    });
    const attempt = classify(answer, q, n + 1);
    if ("result" in attempt) return redactStrings(attempt.result, q.apiKey);
    if (n >= q.maxRetries) return redactStrings(attempt.retry, q.apiKey);
    const backoff = random() * Math.min(30_000, 1000 * 2 ** n);
    await sleep(Math.min(q.maxDelayMs, attempt.afterMs ?? backoff));
  }
}

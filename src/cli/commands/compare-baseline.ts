/**
 * The baseline `jux compare` asks a Jux server for: GET {api_url}/baseline?project=&branch=[&job=] (a jux serve
 * route; upstream Jux servers do not have it). The answer is untrusted: its size is capped while it is read, every
 * field is checked, failure lines are cut, and the API key is blanked out of anything the server says.
 */
import type { JuxConfig } from "../../core/config/index.js";
import type { TestOutcome } from "../../core/junit/outcome.js";
import { firstLine } from "../../core/junit/tests.js";
import { redactStrings, retryAfterMs } from "../../core/publish/client.js";
import { TOOL_NAME, VERSION } from "../../core/version.js";

export interface BaselineRun {
  id: string;
  branch: string | null;
  commit_sha: string | null;
  inserted_at: string;
}

export interface BaselineTest {
  suite: string;
  classname: string;
  name: string;
  outcome: TestOutcome;
  duration: number;
  file?: string;
  line?: number;
  failure?: { type?: string; message?: string };
}

export interface Baseline {
  workflow_run: string | null;
  test_runs: BaselineRun[];
  tests: BaselineTest[];
  /** The server listed only part of the base run's tests. */
  truncated: boolean;
}

export type BaselineAnswer = { kind: "found"; baseline: Baseline } | { kind: "none"; server: string };

export interface BaselineQuery {
  project: string;
  branch: string;
  job: string | null;
}

/** The server could not be asked, or its answer cannot be used: a failure (exit 1), saying what to do. */
export class BaselineError extends Error {
  override name = "BaselineError";
}

/** Bytes of an answer read at most (a baseline of 100 000 tests is about 30 MB). */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;
/** Characters of a name, file or id the answer may hold. */
const MAX_TEXT = 64 * 1024;
const OUTCOMES: ReadonlySet<string> = new Set(["passed", "failed", "error", "skipped", "flaky"]);
const TRANSIENT: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

type Json = Record<string, unknown>;

class Malformed extends Error {}

function field(o: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function string(o: Json, key: string, at: string, optional: true): string | undefined;
function string(o: Json, key: string, at: string, optional?: false): string;
function string(o: Json, key: string, at: string, optional = false): string | undefined {
  const v = field(o, key);
  if (v === undefined && optional) return undefined;
  if (typeof v !== "string") throw new Malformed(`${at}.${key} is ${typeOf(v)}, not a string`);
  if (v.length > MAX_TEXT) throw new Malformed(`${at}.${key} is longer than ${MAX_TEXT} characters`);
  return v;
}

function nullableString(o: Json, key: string, at: string): string | null {
  return field(o, key) === null ? null : string(o, key, at);
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v === undefined) return "missing";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function object(v: unknown, at: string): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new Malformed(`${at} is ${typeOf(v)}, not an object`);
  return v as Json;
}

function array(o: Json, key: string, at: string): unknown[] {
  const v = field(o, key);
  if (!Array.isArray(v)) throw new Malformed(`${at}.${key} is ${typeOf(v)}, not an array`);
  return v;
}

function testOf(v: unknown, at: string): BaselineTest {
  const o = object(v, at);
  const outcome = string(o, "outcome", at);
  if (!OUTCOMES.has(outcome))
    throw new Malformed(
      `${at}.outcome is ${JSON.stringify(outcome.slice(0, 40))}, not one of ${[...OUTCOMES].join(", ")}`,
    );
  const duration = field(o, "duration");
  if (typeof duration !== "number" || !Number.isFinite(duration) || duration < 0)
    throw new Malformed(`${at}.duration is not a number of seconds >= 0`);
  const test: BaselineTest = {
    suite: string(o, "suite", at),
    classname: string(o, "classname", at),
    name: string(o, "name", at),
    outcome: outcome as TestOutcome,
    duration,
  };
  const file = string(o, "file", at, true);
  if (file !== undefined) test.file = file;
  const line = field(o, "line");
  if (line !== undefined && line !== null) {
    if (typeof line !== "number" || !Number.isSafeInteger(line) || line < 1)
      throw new Malformed(`${at}.line is not a line number (an integer >= 1)`);
    test.line = line;
  }
  const type = firstLine(string(o, "failure_type", at, true));
  const message = firstLine(string(o, "failure_message", at, true));
  if (type !== undefined || message !== undefined)
    test.failure = { ...(type !== undefined ? { type } : {}), ...(message !== undefined ? { message } : {}) };
  return test;
}

function runOf(v: unknown, at: string): BaselineRun {
  const o = object(v, at);
  return {
    id: string(o, "id", at),
    branch: nullableString(o, "branch", at),
    commit_sha: nullableString(o, "commit_sha", at),
    inserted_at: string(o, "inserted_at", at),
  };
}

/** The 200 answer checked field by field; BaselineError naming the first bad field. */
export function parseBaseline(body: unknown): Baseline {
  try {
    const o = object(body, "the answer");
    const truncated = field(o, "truncated");
    if (typeof truncated !== "boolean")
      throw new Malformed(`truncated is ${typeOf(truncated)}, not a boolean`);
    const workflow = field(o, "workflow_run");
    return {
      workflow_run: workflow === null || workflow === undefined ? null : string(o, "workflow_run", "answer"),
      test_runs: array(o, "test_runs", "answer").map((r, i) => runOf(r, `test_runs[${i}]`)),
      tests: array(o, "tests", "answer").map((t, i) => testOf(t, `tests[${i}]`)),
      truncated,
    };
  } catch (e) {
    if (!(e instanceof Malformed)) throw e;
    throw new BaselineError(
      `jux compare: the server's baseline is not what jux compare reads: ${e.message.replace(/^answer\./, "")}; check that api_url points at a jux serve`,
    );
  }
}

/** The address without credentials (for messages). */
function shown(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.href;
  } catch {
    return url;
  }
}

/** The body read to MAX_BASELINE_BYTES at most, as text. */
async function bodyOf(res: Response, endpoint: string): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  const tooLarge = () =>
    new BaselineError(
      `jux compare: the server's answer to GET ${endpoint} is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MiB; a baseline is not that large: check api_url`,
    );
  if (declared > MAX_BASELINE_BYTES) {
    await res.body?.cancel();
    throw tooLarge();
  }
  const parts: Buffer[] = [];
  let size = 0;
  if (res.body)
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_BASELINE_BYTES) throw tooLarge();
      parts.push(Buffer.from(chunk));
    }
  return Buffer.concat(parts).toString("utf8");
}

function jsonOf(text: string): Json | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** What the server said in its error body: `error`, then its details' message, one line each, cut. */
function said(body: Json | undefined, status: number): string {
  const error = typeof body?.error === "string" ? firstLine(body.error) : undefined;
  const details = body?.details as Json | undefined;
  const message = typeof details?.message === "string" ? firstLine(details.message) : undefined;
  return [`HTTP ${status}`, error, message].filter((x) => x !== undefined).join(": ");
}

export interface FetchDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

type Attempt = { answer: BaselineAnswer } | { retry: string; afterMs?: number };

async function attempt(
  url: string,
  headers: Record<string, string>,
  config: JuxConfig,
  deps: FetchDeps,
): Promise<Attempt> {
  const endpoint = shown(url);
  const server = shown(config.apiUrl!);
  let res: Response;
  try {
    res = await (deps.fetch ?? fetch)(url, {
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(config.apiTimeoutSeconds * 1000),
    });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const reason =
      err.name === "TimeoutError"
        ? `no answer within ${config.apiTimeoutSeconds} s`
        : (err.cause?.code ?? err.cause?.message ?? err.message);
    return { retry: `cannot reach the Jux server at ${server} (${reason})` };
  }
  const status = res.status;
  if (status === 200) {
    const body = jsonOf(await bodyOf(res, endpoint));
    if (!body)
      throw new BaselineError(
        `jux compare: the server's answer to GET ${endpoint} is not a JSON object; check that api_url points at a jux serve`,
      );
    return { answer: { kind: "found", baseline: parseBaseline(body) } };
  }
  const body = jsonOf(await bodyOf(res, endpoint).catch(() => ""));
  const words = said(body, status);
  if (status === 404 && typeof body?.error === "string" && /^no baseline$/i.test(body.error.trim()))
    return { answer: { kind: "none", server } };
  if (status === 404 || status === 405)
    throw new BaselineError(
      `jux compare: the server at ${server} has no baseline route (GET ${endpoint} answered ${words}): jux compare needs a jux serve of this version (an upstream Jux server does not have the route); check that api_url ends in /api/v1, or compare with a local report of the base branch with jux cache compare A B`,
    );
  if (status === 401 || status === 403)
    throw new BaselineError(
      `jux compare: the server at ${server} refused the request (${words}): set the API key it accepts (JUX_API_KEY or JUX_BEARER_TOKEN, or api_key in a config file)`,
    );
  if (status >= 300 && status < 400)
    throw new BaselineError(
      `jux compare: the server redirects GET ${endpoint} (HTTP ${status}): set api_url to the final address; redirects are not followed, as they would carry the API key elsewhere`,
    );
  if (TRANSIENT.has(status)) {
    const afterMs = retryAfterMs(res.headers.get("retry-after") ?? undefined);
    return {
      retry: `the server at ${server} answered ${words}`,
      ...(afterMs !== undefined ? { afterMs } : {}),
    };
  }
  throw new BaselineError(
    `jux compare: the server at ${server} refused GET ${endpoint} (${words}); check --base, --project and --job`,
  );
}

/**
 * Asks the server for the baseline; retries what may pass (no connection, 429, 5xx) up to api_max_retries times with
 * backoff. Every message has the API key blanked out.
 */
export async function fetchBaseline(
  config: JuxConfig,
  query: BaselineQuery,
  deps: FetchDeps = {},
): Promise<BaselineAnswer> {
  const params = new URLSearchParams({ project: query.project, branch: query.branch });
  if (query.job !== null) params.set("job", query.job);
  const url = `${config.apiUrl!.replace(/\/+$/, "")}/baseline?${params.toString()}`;
  const header = config.apiKeyHeader;
  const headers: Record<string, string> = {
    Accept: "application/json",
    "User-Agent": `${TOOL_NAME}/${VERSION}`,
  };
  if (config.apiKey)
    headers[header] = header.toLowerCase() === "authorization" ? `Bearer ${config.apiKey}` : config.apiKey;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  try {
    for (let n = 0; ; n++) {
      const result = await attempt(url, headers, config, deps);
      if ("answer" in result) return result.answer;
      if (n >= config.apiMaxRetries)
        throw new BaselineError(
          `jux compare: ${result.retry}${n > 0 ? ` (${n + 1} attempts)` : ""}; check api_url (--api-url, JUX_API_URL) and that the server runs, or compare with a local report of the base branch with jux cache compare A B`,
        );
      const backoff = random() * Math.min(30_000, 1000 * 2 ** n);
      await sleep(result.afterMs !== undefined ? Math.min(result.afterMs, 60_000) : backoff);
    }
  } catch (e) {
    if (e instanceof BaselineError) throw new BaselineError(redactStrings(e.message, config.apiKey));
    throw e;
  }
}

/**
 * The baseline from the Jux API: `GET {api_url}/baseline?project=&branch=&job=`, the latest run of the project on
 * the base branch. The answer is hostile: read up to MAX_ANSWER_BYTES, every field checked, the API key blanked
 * out of everything taken from it. One attempt, and one retry only after a quick 5xx or a reset connection.
 */
import type { TestLike } from "../../core/junit/compare.js";
import { redactStrings } from "../../core/publish/client.js";
import { exchange, jsonObject, type Answer } from "./baseline-http.js";
import { droppedNote, testsOf } from "./baseline-tests.js";

/** Longest answer read: 100 000 tests with bounded names and failure lines, with room. */
export const MAX_ANSWER_BYTES = 64 * 1024 ** 2;
/** Most test runs (reports, matrix legs) of one baseline that are described. */
const MAX_RUNS = 10_000;
const RETRY_DELAY_MS = 1000;

export interface ServerQuery {
  apiUrl: string;
  apiKey?: string;
  apiKeyHeader: string;
  timeoutSeconds: number;
  project: string;
  branch: string;
  job?: string;
  /** This run's key as the server writes it (github:<repository>:<run id>:<attempt>): never its own baseline. */
  self?: string;
}

/** found: the base run's tests; none: the server answered that it has no run on the branch; else why not asked. */
export type ServerBaseline =
  | { kind: "found"; description: string; tests: TestLike[] }
  | { kind: "none"; description: string }
  | { kind: "unavailable"; description: string };

const shortText = (v: unknown, pattern: RegExp): string | undefined =>
  typeof v === "string" && pattern.test(v) ? v : undefined;

/**
 * The workflow run in words: `github:<repository>:<run id>:<attempt>` (the server's key of a GitHub run) as
 * "run <id>" (and its attempt after the first), another CI's key as it is when it is plain text.
 */
function workflowRun(v: unknown): string | undefined {
  const github = shortText(v, /^github:[A-Za-z0-9_./-]{0,201}:([0-9]{1,20}):([0-9]{1,6})$/);
  if (github) {
    const [, id, attempt] = /:([0-9]+):([0-9]+)$/.exec(github)!;
    return `run ${id}${attempt === "1" ? "" : ` attempt ${attempt}`}`;
  }
  const other = shortText(v, /^[A-Za-z0-9._:/@+-]{1,128}$/);
  return other ? `run ${other}` : undefined;
}

/** "main at abc1234 (2 reports, run 123) from the Jux API". */
function describe(body: Record<string, unknown>, branch: string, tests: number, note: string): string {
  const runs = Array.isArray(body.test_runs) ? body.test_runs.slice(0, MAX_RUNS) : [];
  const shas = new Set<string>();
  for (const r of runs) {
    const sha = shortText((r as Record<string, unknown> | null)?.commit_sha, /^[0-9a-f]{7,64}$/i);
    if (sha) shas.add(sha.slice(0, 7).toLowerCase());
  }
  const at = shas.size === 1 ? ` at ${[...shas][0]}` : shas.size > 1 ? ` at ${shas.size} commits` : "";
  const what = [`${runs.length} report${runs.length === 1 ? "" : "s"}`, `${tests} tests`];
  const run = workflowRun(body.workflow_run);
  if (run) what.push(run);
  const truncated = body.truncated === true ? "; the server cut the list of tests" : "";
  return `${branch}${at} (${what.join(", ")}${truncated}) from the Jux API${note}`;
}

/** The answer to the baseline route in our terms. */
function classify(answer: Answer, q: ServerQuery, where: string): ServerBaseline {
  if ("failed" in answer)
    return { kind: "unavailable", description: `the Jux API could not be reached (${answer.failed})` };
  if (answer.tooLarge)
    return {
      kind: "unavailable",
      description: `the Jux API's baseline answer is over the ${MAX_ANSWER_BYTES}-byte limit: not read`,
    };
  const { status } = answer;
  const body = jsonObject(answer.text);
  if (status === 404 && body?.error === "No baseline")
    return { kind: "none", description: `the Jux API has no run of ${q.project} on ${q.branch}` };
  if (status === 404 || status === 405)
    return {
      kind: "unavailable",
      description: `the Jux API at ${where} has no baseline route (HTTP ${status}; a server without it, such as an upstream Jux server)`,
    };
  if (status === 401 || status === 403)
    return {
      kind: "unavailable",
      description: `the Jux API refused the baseline query (HTTP ${status}): check api_key and api_key_header`,
    };
  if (status >= 300 && status < 400)
    return {
      kind: "unavailable",
      description: `the Jux API redirects the baseline query (HTTP ${status}), which is not followed: set api_url to the final address`,
    };
  if (status !== 200 || !body)
    return {
      kind: "unavailable",
      description: `the Jux API answered the baseline query with HTTP ${status}${body ? "" : " and no JSON object"}`,
    };
  const clean = redactStrings(body, q.apiKey);
  if (!Array.isArray(clean.tests))
    return { kind: "unavailable", description: "the Jux API's baseline answer has no list of tests" };
  const { tests, dropped, cut } = testsOf(clean.tests, (t) => ({
    suite: t.suite,
    classname: t.classname,
    name: t.name,
    outcome: t.outcome,
    file: t.file,
    line: t.line,
    duration: t.duration,
    failureType: t.failure_type,
    failureMessage: t.failure_message,
  }));
  if (q.self !== undefined && clean.workflow_run === q.self)
    return {
      kind: "none",
      description: `the Jux API's newest run of ${q.branch} is this workflow run itself (another matrix leg of this attempt): not a baseline`,
    };
  const description = describe(clean, q.branch, tests.length, droppedNote(dropped, cut));
  return { kind: "found", description, tests };
}

const transient = (a: Answer) =>
  "failed" in a ? !a.timedOut && (a.code === "ECONNRESET" || a.code === "EPIPE") : a.status >= 500;

/** Asks the Jux API for the baseline; never throws. */
export async function serverBaseline(q: ServerQuery, sleep = delay): Promise<ServerBaseline> {
  let url: URL;
  try {
    url = new URL(`${q.apiUrl.replace(/\/+$/, "")}/baseline`);
  } catch {
    return { kind: "unavailable", description: "api_url is not a URL" };
  }
  url.searchParams.set("project", q.project);
  url.searchParams.set("branch", q.branch);
  if (q.job) url.searchParams.set("job", q.job);
  const auth = q.apiKey
    ? { [q.apiKeyHeader]: q.apiKeyHeader.toLowerCase() === "authorization" ? `Bearer ${q.apiKey}` : q.apiKey }
    : {};
  const send = () =>
    exchange({
      method: "GET",
      url: url.href,
      headers: { Accept: "application/json", ...auth },
      timeoutMs: q.timeoutSeconds * 1000,
      maxBytes: MAX_ANSWER_BYTES,
    });
  let answer = await send();
  if (transient(answer)) {
    await sleep(RETRY_DELAY_MS);
    answer = await send();
  }
  const where = `${url.origin}${url.pathname}`;
  const result = classify(answer, q, where);
  return { ...result, description: redactStrings(result.description, q.apiKey) };
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * The baseline from the Jux API for the action: the one client (core/publish/baseline.ts) with the action's deadline
 * and one retry only (after a 429, a 5xx or a failed connection), its result in the action's words. Never throws.
 */
import type { TestLike } from "../../core/junit/compare.js";
import { leftOutNote } from "../../core/junit/test-rows.js";
import { redactStrings } from "../../core/publish/client.js";
import {
  baselineUrl,
  MAX_BASELINE_BYTES,
  requestBaseline,
  type BaselineResult,
  type FoundBaseline,
} from "../../core/publish/baseline.js";

/** The wait before the one retry, at most. */
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

/**
 * found: the base run's tests; none: the server answered that it has no run on the branch (or only this run);
 * unavailable: it could not serve one (`noRoute`: it has no baseline route at all, as an upstream Jux server).
 */
export type ServerBaseline =
  | { kind: "found"; description: string; tests: TestLike[] }
  | { kind: "none"; description: string }
  | { kind: "unavailable"; description: string; noRoute?: true };

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

/** "main at abc1234 (2 reports, 2 tests, run 123) from the Jux API". */
function describe(found: FoundBaseline, branch: string): string {
  const { runs, tests } = found;
  const shas = new Set<string>();
  for (const r of runs) {
    const sha = shortText(r.commit_sha, /^[0-9a-f]{7,64}$/i);
    if (sha) shas.add(sha.slice(0, 7).toLowerCase());
  }
  const at = shas.size === 1 ? ` at ${[...shas][0]}` : shas.size > 1 ? ` at ${shas.size} commits` : "";
  const what = [`${runs.length} report${runs.length === 1 ? "" : "s"}`, `${tests.length} tests`];
  const run = workflowRun(found.workflowRun);
  if (run) what.push(run);
  const truncated = found.truncated ? "; the server cut the list of tests" : "";
  return `${branch}${at} (${what.join(", ")}${truncated}) from the Jux API${leftOutNote(0, found.cut)}`;
}

/** The client's result in the action's words. */
function worded(result: BaselineResult, q: ServerQuery): ServerBaseline {
  if (result.kind === "found")
    return q.self !== undefined && result.workflowRun === q.self
      ? {
          kind: "none",
          description: `the Jux API's newest run of ${q.branch} is this workflow run itself (another matrix leg of this attempt): not a baseline`,
        }
      : { kind: "found", description: describe(result, q.branch), tests: result.tests };
  if (result.kind === "none") {
    const hint = result.suggestion !== undefined ? ` (it suggests: ${result.suggestion})` : "";
    return { kind: "none", description: `the Jux API has no run of ${q.project} on ${q.branch}${hint}` };
  }
  const { status, reason } = result;
  const unavailable = (description: string) => ({ kind: "unavailable", description }) as const;
  switch (result.why) {
    case "url":
      return unavailable("api_url is not a URL");
    case "unreachable":
    case "timeout":
      return unavailable(`the Jux API could not be reached (${reason})`);
    case "too-large":
      return unavailable(
        `the Jux API's baseline answer is over the ${MAX_BASELINE_BYTES}-byte limit: not read`,
      );
    case "no-route": {
      const url = baselineUrl(q.apiUrl, q)!;
      return {
        ...unavailable(
          `the Jux API at ${url.origin}${url.pathname} has no baseline route (HTTP ${status}; a server without it, such as an upstream Jux server)`,
        ),
        noRoute: true,
      };
    }
    case "refused":
      return unavailable(
        `the Jux API refused the baseline query (HTTP ${status}): check api_key and api_key_header`,
      );
    case "redirect":
      return unavailable(
        `the Jux API redirects the baseline query (HTTP ${status}), which is not followed: set api_url to the final address`,
      );
    case "http":
    case "not-json":
      return unavailable(`the Jux API answered the baseline query with ${reason}`);
    case "malformed":
      return unavailable(`the Jux API's baseline answer is not one jux reads (${reason}): not used`);
  }
}

/** Asks the Jux API for the baseline; never throws. */
export async function serverBaseline(
  q: ServerQuery,
  sleep?: (ms: number) => Promise<void>,
): Promise<ServerBaseline> {
  const result = await requestBaseline({
    apiUrl: q.apiUrl,
    ...(q.apiKey !== undefined ? { apiKey: q.apiKey } : {}),
    apiKeyHeader: q.apiKeyHeader,
    timeoutMs: q.timeoutSeconds * 1000,
    maxRetries: 1,
    maxDelayMs: RETRY_DELAY_MS,
    project: q.project,
    branch: q.branch,
    ...(q.job !== undefined ? { job: q.job } : {}),
    ...(sleep ? { sleep } : {}),
  });
  const words = worded(result, q);
  return { ...words, description: redactStrings(words.description, q.apiKey) };
}

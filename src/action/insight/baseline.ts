/**
 * The action's baseline: what this job's tests are compared with. The base branch (a pull request's base, else the
 * repository's default branch), then its latest run on the Jux API when api_url is set, else (no server, no run
 * there, or the server unreachable) the newest run of the same job kept in the Actions cache. Never throws, never
 * fails the step: without a baseline the description says why.
 */
import { githubRunKey } from "../../core/junit/run-identity.js";
import type { TestLike } from "../../core/junit/compare.js";
import { errorMessage } from "../../core/errors.js";
import { CONTROL_CHARACTERS } from "../../core/text.js";
import { baseBranch, isPullRequestEvent, ownBranch } from "./baseline-event.js";
import { baselineKey, baselinePrefix, restoreBaseline, saveBaseline } from "./baseline-cache.js";
import { serverBaseline } from "./baseline-server.js";

export type Baseline =
  | { found: true; source: "server" | "cache"; description: string; tests: TestLike[] }
  | { found: false; description: string };

export interface BaselineQuery {
  env: NodeJS.ProcessEnv;
  apiUrl?: string;
  apiKey?: string;
  apiKeyHeader: string;
  timeoutSeconds: number;
  project: string;
  /** Names the job (and matrix leg) whose runs are compared: two legs with one name share their cache entries. */
  job?: string;
}

/** Finds the baseline; never throws. Its description is one printable line (it names what came from outside). */
export async function findBaseline(q: BaselineQuery): Promise<Baseline> {
  let baseline: Baseline;
  try {
    baseline = await find(q);
  } catch (e) {
    baseline = { found: false, description: `no baseline: ${errorMessage(e)}` };
  }
  return { ...baseline, description: oneLine(baseline.description) };
}

/** Control characters and line separators replaced, at most 1 000 characters. */
function oneLine(text: string): string {
  const line = text.replace(new RegExp(CONTROL_CHARACTERS.source, "g"), "?");
  return line.length > 1000 ? `${line.slice(0, 999)}…` : line;
}

async function find(q: BaselineQuery): Promise<Baseline> {
  const base = await baseBranch(q.env);
  if ("problem" in base) return { found: false, description: `no baseline: ${base.problem}` };
  const { branch } = base;
  let server: string | undefined;
  if (q.apiUrl) {
    const answer = await serverBaseline({ ...q, apiUrl: q.apiUrl, branch, ...selfOf(q.env) });
    if (answer.kind === "found")
      return { found: true, source: "server", description: answer.description, tests: answer.tests };
    server = answer.description;
  }
  const prefix = baselinePrefix(q.project, q.job, branch);
  const cached = await restoreBaseline(prefix, baselineKey(prefix, q.env));
  const first = server ? `${server}; ` : "";
  if (cached.kind === "found")
    return {
      found: true,
      source: "cache",
      description: `${branch} ${cached.description}${server ? ` (${server})` : ""}`,
      tests: cached.tests,
    };
  return { found: false, description: `no baseline on ${branch}: ${first}${cached.description}` };
}

/** This run's key as jux serve writes it (run-identity.ts, workflowRunKey), when the job is on GitHub. */
function selfOf(env: NodeJS.ProcessEnv): { self?: string } {
  const { GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return repo && run ? { self: githubRunKey(repo, run, env.GITHUB_RUN_ATTEMPT) } : {};
}

/**
 * Keeps this job's tests in the Actions cache as the baseline of later runs, for runs on a branch only: a pull
 * request's results are no one's baseline (and its entries could only be read by itself), so saving them would
 * spend the repository's cache quota for nothing. A problem text, or undefined (saved, or nothing to do).
 */
export async function keepBaseline(q: BaselineQuery, tests: TestLike[]): Promise<string | undefined> {
  try {
    if (isPullRequestEvent(q.env)) return undefined;
    const branch = ownBranch(q.env);
    if (!branch) return undefined;
    const prefix = baselinePrefix(q.project, q.job, branch);
    const about = {
      branch,
      ...(q.env.GITHUB_SHA ? { sha: q.env.GITHUB_SHA } : {}),
      ...(q.env.GITHUB_RUN_ID ? { run: q.env.GITHUB_RUN_ID } : {}),
    };
    const problem = await saveBaseline(
      q.env.GITHUB_WORKSPACE || process.cwd(),
      baselineKey(prefix, q.env),
      tests,
      about,
    );
    return problem === undefined ? undefined : `the baseline for later runs was not kept: ${problem}`;
  } catch (e) {
    return `the baseline for later runs was not kept: ${errorMessage(e)}`;
  }
}

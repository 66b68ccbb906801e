/**
 * The action's baseline: what this job's tests are compared with. The base branch (a pull request's base, else the
 * repository's default branch), then its latest run on the Jux API when api_url is set, else (no server, no run
 * there, or the server unable to serve one) the newest run of the same job and workflow kept in the Actions cache.
 * Never throws, never fails the step: without a baseline the description says what happened and what to do.
 */
import { githubRunKey } from "../../core/junit/run-identity.js";
import type { TestLike } from "../../core/junit/compare.js";
import { errorMessage } from "../../core/errors.js";
import { CONTROL_CHARACTERS } from "../../core/text.js";
import { BASELINE_EVENTS, baseBranch, keepsBaseline, ownBranch, workflowOf } from "./baseline-event.js";
import type { BaselineScope } from "./baseline-cache.js";
import { serverBaseline, type ServerBaseline } from "./baseline-server.js";

/**
 * What the Jux API did as a baseline, when api_url is set and it was asked: found one; answered that it has none;
 * has no baseline route (an upstream Jux server); could not serve one (unreachable, refused, a bad answer...).
 * With no-route and unavailable the Actions cache is this job's baseline, and step.ts keeps it.
 */
export type ServerState = "found" | "none" | "no-route" | "unavailable";

export type Baseline =
  | { found: true; source: "server" | "cache"; description: string; tests: TestLike[]; server?: ServerState }
  | { found: false; description: string; server?: ServerState };

export interface BaselineQuery {
  env: NodeJS.ProcessEnv;
  /** The job's workspace (GITHUB_WORKSPACE, read at the edge): the cache entry is saved from a directory in it. */
  workspace: string;
  apiUrl?: string;
  apiKey?: string;
  apiKeyHeader: string;
  timeoutSeconds: number;
  project: string;
  /** Names the job (and matrix leg) whose runs are compared: two legs with one name share their cache entries. */
  job?: string;
}

/** What keeps a cache baseline, and what takes it away, in the words of a description. */
const CACHE_HINT = `only pushes (and ${BASELINE_EVENTS.slice(1).join(", ")}) keep one; pull requests never do; entries unused for 7 days are evicted`;

/**
 * The Actions cache side (baseline-cache.ts with @actions/cache, ~1.5 MB of code), loaded only by a job that asks
 * the cache: one whose Jux API serves its baseline never parses it.
 */
const actionsCache = () => import("./baseline-cache.js");

/** Finds the baseline; never throws. Its description is one printable line (it names what came from outside). */
export async function findBaseline(q: BaselineQuery): Promise<Baseline> {
  let baseline: Baseline;
  try {
    baseline = await find(q);
  } catch (e) {
    baseline = { found: false, description: `the baseline could not be looked up: ${errorMessage(e)}` };
  }
  return { ...baseline, description: oneLine(baseline.description) };
}

/** Control characters and line separators replaced, at most 1 000 characters. */
function oneLine(text: string, max = 1000): string {
  const line = text.replace(new RegExp(CONTROL_CHARACTERS.source, "g"), "?");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function stateOf(answer: ServerBaseline): ServerState {
  if (answer.kind === "unavailable") return answer.noRoute ? "no-route" : "unavailable";
  return answer.kind;
}

/** The cache entries' owner: the project, the job, the workflow. */
function scopeOf(q: BaselineQuery): BaselineScope {
  return { project: q.project, job: q.job, workflow: workflowOf(q.env) };
}

async function find(q: BaselineQuery): Promise<Baseline> {
  const base = await baseBranch(q.env);
  if ("problem" in base) return { found: false, description: base.problem };
  const { branch } = base;
  let server: ServerBaseline | undefined;
  if (q.apiUrl) {
    server = await serverBaseline({ ...q, apiUrl: q.apiUrl, branch, ...selfOf(q.env) });
    if (server.kind === "found")
      return {
        found: true,
        source: "server",
        description: server.description,
        tests: server.tests,
        server: "found",
      };
  }
  const state = server ? { server: stateOf(server) } : {};
  const { baselineKey, baselinePrefix, restoreBaseline } = await actionsCache();
  const prefix = baselinePrefix(scopeOf(q), branch);
  const cached = await restoreBaseline(prefix, baselineKey(prefix, q.env));
  if (cached.kind === "found")
    return {
      found: true,
      source: "cache",
      description: `${branch} ${cached.description}${server ? ` (${server.description})` : ""}`,
      tests: cached.tests,
      ...state,
    };
  // The cache is where this job's baseline is kept unless a Jux API answers for it: then say what keeps one.
  const cacheKept = server === undefined || server.kind === "unavailable";
  const cacheWords =
    cached.empty === "no-entry" && cacheKept ? `${cached.description}: ${CACHE_HINT}` : cached.description;
  const reasons = [...(server ? [server.description] : []), cacheWords].join("; ");
  const who = q.job ? `job ${q.job}` : "this job";
  const description =
    server?.kind === "none" || cached.empty !== undefined
      ? `no run of ${who} on ${branch} yet: ${reasons}. A push to ${branch} that runs this action records one; until then no failure is new`
      : `no run of ${who} on ${branch} could be read: ${reasons}; until one can, no failure is new`;
  return { found: false, description, ...state };
}

/** This run's key as jux serve writes it (run-identity.ts, workflowRunKey), when the job is on GitHub. */
function selfOf(env: NodeJS.ProcessEnv): { self?: string } {
  const { GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return repo && run ? { self: githubRunKey(repo, run, env.GITHUB_RUN_ATTEMPT) } : {};
}

const NOT_KEPT = "the tests are not kept as a baseline for later runs";

/**
 * Keeps this job's tests in the Actions cache as the baseline of later runs, only for a run of its branch's own code
 * (a push, schedule or workflow_dispatch event on a branch): a pull request's results are no one's baseline, and a
 * workflow_run, issue_comment, repository_dispatch... job on the default branch may be handling a fork's reports,
 * which must never become that branch's baseline. A line for the log (why not kept, or a problem), or undefined.
 */
export async function keepBaseline(q: BaselineQuery, tests: TestLike[]): Promise<string | undefined> {
  try {
    if (!keepsBaseline(q.env)) {
      const event = oneLine(q.env.GITHUB_EVENT_NAME || "(GITHUB_EVENT_NAME unset)", 100);
      return `${NOT_KEPT}: only ${BASELINE_EVENTS.join(", ")} runs keep one, and this is a ${event} run`;
    }
    const branch = ownBranch(q.env);
    if (!branch)
      return `${NOT_KEPT}: GITHUB_REF ${oneLine(q.env.GITHUB_REF || "(unset)", 300)} is not a branch`;
    const { baselineKey, baselinePrefix, saveBaseline } = await actionsCache();
    const prefix = baselinePrefix(scopeOf(q), branch);
    const about = {
      branch,
      ...(q.env.GITHUB_SHA ? { sha: q.env.GITHUB_SHA } : {}),
      ...(q.env.GITHUB_RUN_ID ? { run: q.env.GITHUB_RUN_ID } : {}),
    };
    const problem = await saveBaseline(q.workspace, baselineKey(prefix, q.env), tests, about);
    return problem === undefined ? undefined : `the baseline for later runs was not kept: ${problem}`;
  } catch (e) {
    return `the baseline for later runs was not kept: ${errorMessage(e)}`;
  }
}

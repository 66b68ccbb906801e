/**
 * The identity the reports of another run are signed with: that run's (head commit, head branch, run id and
 * attempt, event, pull request), in place of the signing workflow's own. It is given to collectMetadata as the
 * environment the run had (a copy: process.env is never changed), and the origin properties mark where the code
 * came from.
 */
import type { Property } from "../../core/junit/summary.js";
import type { OriginRun } from "./event.js";
import { PULL_REQUEST_EVENTS, type PullLookup } from "./pull.js";
import { sameRepository } from "../../core/github/rest.js";

/** `fork:<owner/repo>` for reports built from a fork's code, `run:<id>` for another run of this repository. */
export const ORIGIN_PROPERTY = "jux:origin";
/** The pull request's number as the REST API found it, or `unknown` for a fork's run where none was found. */
export const PULL_PROPERTY = "ci:pull_request";

/** A deleted fork's repository: GitHub no longer names it (no owner/name has no slash). */
const DELETED_FORK = "deleted";

export function isFork(run: OriginRun, repository: string): boolean {
  return run.headRepository === null || !sameRepository(run.headRepository, repository);
}

/** The signing workflow's variables that describe its own run, replaced or removed for the origin run's. */
const RUN_VARIABLES = [
  "GITHUB_SHA",
  "GITHUB_REF",
  "GITHUB_REF_NAME",
  "GITHUB_HEAD_REF",
  "GITHUB_BASE_REF",
  "GITHUB_RUN_ID",
  "GITHUB_RUN_ATTEMPT",
  "GITHUB_RUN_NUMBER",
  "GITHUB_EVENT_NAME",
  "GITHUB_WORKFLOW",
  "GITHUB_ACTOR",
] as const;

/**
 * The environment the origin run had, as far as GitHub told: a pull request's run has the merge ref and the head
 * branch as GITHUB_HEAD_REF (so git:branch is the head branch), another run its branch. GITHUB_JOB stays the
 * signing job's (a run has many jobs; the docs say to name the signing job as the tests' job).
 */
export function originEnv(env: NodeJS.ProcessEnv, run: OriginRun, pull?: PullLookup): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const name of RUN_VARIABLES) delete out[name];
  const number = pull && "number" in pull ? pull.number : undefined;
  const set = (name: (typeof RUN_VARIABLES)[number], value: string | number | undefined) => {
    if (value !== undefined) out[name] = String(value);
  };
  set("GITHUB_SHA", run.headSha);
  if (PULL_REQUEST_EVENTS.has(run.event)) {
    // A fork's branch is not a branch of this repository: without its pull request, no ref at all (a fork's
    // branch named main must not read as refs/heads/main).
    const fork = run.headRepository?.toLowerCase() !== env.GITHUB_REPOSITORY?.toLowerCase();
    const branchRef = fork ? undefined : `refs/heads/${run.headBranch}`;
    set("GITHUB_HEAD_REF", run.headBranch);
    set("GITHUB_REF", number !== undefined ? `refs/pull/${number}/merge` : branchRef);
    set("GITHUB_REF_NAME", number !== undefined ? `${number}/merge` : fork ? undefined : run.headBranch);
    set("GITHUB_BASE_REF", pull && "number" in pull ? pull.baseRef : undefined);
  } else {
    set("GITHUB_REF", `refs/heads/${run.headBranch}`);
    set("GITHUB_REF_NAME", run.headBranch);
  }
  set("GITHUB_RUN_ID", run.id);
  set("GITHUB_RUN_ATTEMPT", run.attempt);
  set("GITHUB_RUN_NUMBER", run.runNumber);
  set("GITHUB_EVENT_NAME", run.event);
  set("GITHUB_WORKFLOW", run.workflow);
  set("GITHUB_ACTOR", run.actor);
  return out;
}

/**
 * What the origin adds: jux:origin always, and for a pull request's run (a fork's always) ci:pull_request, so that a
 * number or origin written in the run's own files is never the one read (these are asserted after them).
 */
export function originProperties(run: OriginRun, repository: string, pull?: PullLookup): Property[] {
  const fork = isFork(run, repository);
  const props: Property[] = [
    {
      name: ORIGIN_PROPERTY,
      value: fork ? `fork:${run.headRepository ?? DELETED_FORK}` : `run:${run.id}`,
    },
  ];
  if (pull && "number" in pull) props.push({ name: PULL_PROPERTY, value: String(pull.number) });
  else if (fork || PULL_REQUEST_EVENTS.has(run.event)) props.push({ name: PULL_PROPERTY, value: "unknown" });
  return props;
}

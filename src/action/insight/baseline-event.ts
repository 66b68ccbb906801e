/**
 * What the workflow's event says, read without trusting it: the event payload (GITHUB_EVENT_PATH) within a size
 * bound, each field type-checked, and the branch a run's tests are compared with.
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { REPOSITORY } from "../../core/github/rest.js";
import { CONTROL_CHARACTERS } from "../../core/text.js";

/** Largest event payload read (GitHub's webhook payloads are capped at 25 MB; a pull request's is a few KB). */
export const MAX_EVENT_BYTES = 25 * 1024 ** 2;

/** The fields of an event payload the insight reads; each only when present with the right type. */
export interface EventFacts {
  defaultBranch?: string;
  /** pull_request.number (pull_request and pull_request_target events). */
  pullNumber?: number;
  /** pull_request.head.repo.full_name and pull_request.base.repo.full_name; head is null for a deleted fork. */
  headRepo?: string | null;
  baseRepo?: string;
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** A git ref name as GitHub allows it: one line, no control character, bounded. */
export function branchName(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" && v.length <= 255 && !CONTROL_CHARACTERS.test(v) ? v : undefined;
}

const repoName = (v: unknown): string | undefined =>
  typeof v === "string" && REPOSITORY.test(v) ? v : undefined;

/** The facts of a parsed payload (anything of the wrong type is left out). */
export function eventFacts(payload: unknown): EventFacts {
  const event = record(payload);
  const facts: EventFacts = {};
  const defaultBranch = branchName(record(event?.repository)?.default_branch);
  if (defaultBranch) facts.defaultBranch = defaultBranch;
  const pull = record(event?.pull_request);
  const n = pull?.number;
  if (typeof n === "number" && Number.isSafeInteger(n) && n > 0) facts.pullNumber = n;
  if (pull) {
    const head = record(pull.head);
    const headRepo = head?.repo === null ? null : repoName(record(head?.repo)?.full_name);
    if (headRepo !== undefined) facts.headRepo = headRepo;
    const baseRepo = repoName(record(record(pull.base)?.repo)?.full_name);
    if (baseRepo) facts.baseRepo = baseRepo;
  }
  return facts;
}

/** The event payload's facts, or why they could not be read (no file, too large, not JSON). */
export async function readEvent(env: NodeJS.ProcessEnv): Promise<EventFacts | { problem: string }> {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return { problem: "GITHUB_EVENT_PATH is not set (not a GitHub Actions job?)" };
  let text: string;
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const { size } = await handle.stat();
      if (size > MAX_EVENT_BYTES)
        return { problem: `the event payload is ${size} bytes, over the ${MAX_EVENT_BYTES}-byte limit` };
      text = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (e) {
    return {
      problem: `the event payload could not be read (${(e as NodeJS.ErrnoException).code ?? "error"})`,
    };
  }
  try {
    return eventFacts(JSON.parse(text));
  } catch {
    return { problem: "the event payload is not JSON" };
  }
}

const PULL_REQUEST_EVENTS = new Set(["pull_request", "pull_request_target"]);

/** True for the events whose run is a pull request's (their tests are compared, never kept as a baseline). */
export function isPullRequestEvent(env: NodeJS.ProcessEnv): boolean {
  return PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? "");
}

/**
 * The events whose runs keep their tests as their branch's baseline: a run of the branch's own code. Every other
 * event is left out, whatever its GITHUB_REF: workflow_run, issue_comment, repository_dispatch, check_suite... run
 * on the default branch but may handle another's (a fork's) reports, which must never become main's baseline.
 */
export const BASELINE_EVENTS: readonly string[] = ["push", "schedule", "workflow_dispatch"];

/** True when this run's tests may be kept as its branch's baseline (its event is in BASELINE_EVENTS). */
export function keepsBaseline(env: NodeJS.ProcessEnv): boolean {
  return BASELINE_EVENTS.includes(env.GITHUB_EVENT_NAME ?? "");
}

/**
 * The workflow a run belongs to: GITHUB_WORKFLOW_REF's path (`owner/repo/.github/workflows/ci.yml@refs/...`: the
 * file, the same for a pull request and its base), else GITHUB_WORKFLOW (the workflow's name), else "".
 */
export function workflowOf(env: NodeJS.ProcessEnv): string {
  const ref = env.GITHUB_WORKFLOW_REF ?? "";
  const path = /^[^/@]+\/[^/@]+\/([^@]+)@/.exec(ref)?.[1];
  if (path && !CONTROL_CHARACTERS.test(path)) return path;
  return env.GITHUB_WORKFLOW ?? "";
}

/** The branch this run is compared with, or why there is none. */
export async function baseBranch(env: NodeJS.ProcessEnv): Promise<{ branch: string } | { problem: string }> {
  if (isPullRequestEvent(env)) {
    const branch = branchName(env.GITHUB_BASE_REF);
    return branch
      ? { branch }
      : {
          problem: `no base branch to compare with: GITHUB_BASE_REF is not set for this ${env.GITHUB_EVENT_NAME} event`,
        };
  }
  const facts = await readEvent(env);
  if ("problem" in facts) return { problem: `no default branch to compare with: ${facts.problem}` };
  return facts.defaultBranch
    ? { branch: facts.defaultBranch }
    : { problem: "no default branch to compare with: the event payload has no repository.default_branch" };
}

/** The branch this run is ON (a push's or a dispatch's), undefined for a tag, a pull request, or no ref. */
export function ownBranch(env: NodeJS.ProcessEnv): string | undefined {
  const ref = env.GITHUB_REF ?? "";
  return ref.startsWith("refs/heads/") ? branchName(ref.slice("refs/heads/".length)) : undefined;
}

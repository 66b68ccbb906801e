/**
 * The pull request a run tested, found through the REST API by the run's head commit: GitHub sends an empty
 * `pull_requests` array in a fork's workflow_run payload, and a number written in the fork's files is never
 * believed. Only a pull request of this repository whose head is exactly the run's head commit (and repository)
 * is taken.
 */
import { branchName } from "../insight/baseline-event.js";
import { getJson, positive, record, sameRepository, type Rest } from "../../core/github/rest.js";
import type { OriginRun } from "./event.js";

export type PullLookup = { number: number; baseRef?: string } | { none: string };

/** Events whose runs test a pull request. */
export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(["pull_request", "pull_request_target"]);

interface Candidate {
  number: number;
  open: boolean;
  baseRef?: string;
}

/** A listed pull request when it is the run's: its head commit and repository, and this repository as its base. */
export function candidateOf(v: unknown, run: OriginRun, repository: string): Candidate | undefined {
  const p = record(v);
  const number = positive(p?.number);
  const head = record(p?.head);
  const base = record(p?.base);
  if (number === undefined || head?.sha !== run.headSha) return undefined;
  if (!sameRepository(record(base?.repo)?.full_name as string | undefined, repository)) return undefined;
  const headRepo = record(head.repo)?.full_name as string | undefined;
  // A deleted fork (no head repository) matches only a pull request whose head repository is gone too: another
  // fork may push the same commit to borrow a victim's pull request number.
  if (run.headRepository === null ? headRepo !== undefined : !sameRepository(headRepo, run.headRepository))
    return undefined;
  const baseRef = branchName(base?.ref);
  return { number, open: p?.state === "open", ...(baseRef ? { baseRef } : {}) };
}

/** One pull request from the candidates: the only one, else the only open one; several are ambiguous. */
export function choosePull(candidates: Candidate[]): PullLookup | undefined {
  const unique = [...new Map(candidates.map((c) => [c.number, c])).values()];
  if (unique.length === 0) return undefined;
  const open = unique.filter((c) => c.open);
  const pick = unique.length === 1 ? unique[0] : open.length === 1 ? open[0] : undefined;
  if (pick) return { number: pick.number, ...(pick.baseRef ? { baseRef: pick.baseRef } : {}) };
  return {
    none: `${unique.length} pull requests have the head commit (${unique.map((c) => `#${c.number}`).join(", ")}): none is named`,
  };
}

async function listed(rest: Rest, path: string): Promise<unknown[] | string> {
  const answer = await getJson(rest, path);
  if (!answer.ok) return answer.problem;
  return Array.isArray(answer.body) ? answer.body : "an answer that is not a list";
}

/**
 * The run's pull request: the pull requests associated with its head commit, else the open pull requests whose head
 * is the fork's branch; each checked by candidateOf. `none` says why there is no number.
 */
export async function findPull(rest: Rest, run: OriginRun): Promise<PullLookup> {
  const problems: string[] = [];
  const byCommit = await listed(rest, `commits/${run.headSha}/pulls?per_page=100`);
  if (typeof byCommit === "string") problems.push(`the commit's pull requests: ${byCommit}`);
  else {
    const found = choosePull(byCommit.flatMap((p) => candidateOf(p, run, rest.repository) ?? []));
    if (found) return found;
  }
  if (run.headRepository !== null) {
    const owner = run.headRepository.split("/")[0]!;
    const query = new URLSearchParams({ state: "open", head: `${owner}:${run.headBranch}`, per_page: "100" });
    const byHead = await listed(rest, `pulls?${query.toString()}`);
    if (typeof byHead === "string") problems.push(`the open pull requests: ${byHead}`);
    else {
      const found = choosePull(byHead.flatMap((p) => candidateOf(p, run, rest.repository) ?? []));
      if (found) return found;
    }
  }
  const why = problems.length
    ? `the REST API could not be asked (${problems.join("; ")}; github_token needs \`contents: read\` and \`pull-requests: read\`)`
    : `no pull request of ${rest.repository} has the head commit ${run.headSha.slice(0, 12)}`;
  return { none: why };
}

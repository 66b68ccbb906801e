/**
 * The pull-request comment: one per workflow and job, found again by a hidden marker and updated in place. Skipped,
 * with the reason, where it cannot or must not be written (no pull request, a fork's, no token); a refusal by
 * GitHub is a reason too. Never throws.
 */
import { errorMessage } from "../../core/errors.js";
import { REPOSITORY } from "../../core/github/rest.js";
import { readEvent } from "./baseline-event.js";
import {
  GitHubIssues,
  GitHubRefused,
  MAX_PAGES,
  type ListedComment,
  type TokenIdentity,
} from "./comment-github.js";

/** GitHub's limit on a comment's body (characters). */
export const MAX_COMMENT_CHARS = 65_536;
const CUT_NOTE =
  "\n\n_… cut here: a comment holds at most 65 536 characters; the job summary has the rest._\n";

/** Duplicates of the comment deleted at most in one run (the rest go on the next runs). */
export const MAX_DELETES = 10;

export type CommentResult =
  | {
      ok: true;
      url: string;
      updated: boolean;
      /** Older copies of this job's comment by the same identity, deleted. */
      deleted?: number;
      /** What went wrong while deleting them (the comment itself was written). */
      problem?: string;
    }
  | { ok: false; skipped?: boolean; reason: string };

/**
 * A text made safe inside an HTML comment: `<`, `>`, `!`, `%`, `&` and control characters percent-encoded, so
 * that no workflow name can close the comment (`-->`, `--!>`) or forge another marker.
 */
function markerText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is encoded
  return text.replace(/[<>!%&/\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, (c) =>
    [...Buffer.from(c, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
}

/** The hidden first line of the comment of this workflow and job (and matrix leg, when the leg input names one). */
export function commentMarker(env: NodeJS.ProcessEnv, leg?: string): string {
  const of = leg === undefined ? "" : `/${markerText(leg)}`;
  return `<!-- jux-action: ${markerText(env.GITHUB_WORKFLOW ?? "")}/${markerText(env.GITHUB_JOB ?? "")}${of} -->`;
}

/** The marker, then the body, cut at a line end to fit MAX_COMMENT_CHARS with a note saying so. */
export function commentBody(marker: string, body: string): string {
  const whole = `${marker}\n${body}`;
  if (whole.length <= MAX_COMMENT_CHARS) return whole;
  let cut = whole.slice(0, MAX_COMMENT_CHARS - CUT_NOTE.length);
  // Never half a surrogate pair; at a line end when there is one in the last part.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const end = cut.lastIndexOf("\n");
  if (end > marker.length) cut = cut.slice(0, end);
  return `${cut}${CUT_NOTE}`;
}

/** Whether a comment's body is this job's: it starts with the marker line. */
export function carriesMarker(body: string, marker: string): boolean {
  return body === marker || body.startsWith(`${marker}\n`);
}

/**
 * The comments to update and to delete among those carrying the marker: only the token's own identity's (its login,
 * exactly: never another bot's, never a person's that copied the marker); the newest is updated, the older ones
 * are duplicates (legs without the leg input, each writing one on a first push).
 */
export function ownComments(
  marked: readonly ListedComment[],
  identity: TokenIdentity,
): { update?: ListedComment; duplicates: ListedComment[] } {
  const own = marked.filter((c) => c.login === identity.login).sort((a, b) => b.id - a.id);
  return { ...(own[0] ? { update: own[0] } : {}), duplicates: own.slice(1) };
}

/** Which pull request to comment on, or why none. */
async function target(
  env: NodeJS.ProcessEnv,
): Promise<{ pull: number; repository: string } | { skipped: string }> {
  const event = env.GITHUB_EVENT_NAME ?? "";
  if (event === "workflow_run")
    return {
      skipped:
        "a workflow_run event's pull request is not known here: use comment in the pull_request workflow instead",
    };
  const facts = await readEvent(env);
  if ("problem" in facts) return { skipped: `no pull request to comment on: ${facts.problem}` };
  if (facts.pullNumber === undefined)
    return {
      skipped: `no pull request to comment on: the event is ${event || "not named (GITHUB_EVENT_NAME)"}`,
    };
  const repository = env.GITHUB_REPOSITORY ?? "";
  if (!REPOSITORY.test(repository)) return { skipped: "GITHUB_REPOSITORY is not set to owner/name" };
  const base = facts.baseRepo ?? repository;
  // A head repository that is gone (null), unreadable or another one is a fork's: its token cannot write.
  if (!facts.headRepo || facts.headRepo.toLowerCase() !== base.toLowerCase())
    return {
      skipped: `pull request #${facts.pullNumber} comes from a fork, whose token cannot write comments: no comment (the job summary has the results)`,
    };
  // Dependabot's pull requests run with a read-only token (and no secrets) on every event but pull_request_target.
  if (env.GITHUB_ACTOR === "dependabot[bot]" && event !== "pull_request_target")
    return {
      skipped: `pull request #${facts.pullNumber} is Dependabot's, whose workflows get a read-only token that cannot write comments: no comment (the job summary has the results)`,
    };
  return { pull: facts.pullNumber, repository };
}

/** Deletes the duplicates, at most MAX_DELETES; a refusal is told, not thrown (the comment is written). */
async function removeAll(
  api: GitHubIssues,
  duplicates: readonly ListedComment[],
): Promise<{ deleted?: number; problem?: string }> {
  let deleted = 0;
  for (const c of duplicates.slice(0, MAX_DELETES)) {
    try {
      await api.remove(c.id);
      deleted++;
    } catch (e) {
      return { deleted, problem: `an older copy of this comment was not deleted: ${errorMessage(e)}` };
    }
  }
  return deleted > 0 ? { deleted } : {};
}

/** Creates or updates this workflow and job's comment on the pull request; never throws. */
export async function upsertComment(o: {
  env: NodeJS.ProcessEnv;
  token: string;
  body: string;
  /** The matrix leg (the leg input): each leg its own comment. */
  leg?: string;
}): Promise<CommentResult> {
  try {
    if (!o.token) return { ok: false, skipped: true, reason: "no github_token to write the comment with" };
    const where = await target(o.env);
    if ("skipped" in where) return { ok: false, skipped: true, reason: where.skipped };
    const api = new GitHubIssues(o.env.GITHUB_API_URL || "https://api.github.com", o.token, where.repository);
    const marker = commentMarker(o.env, o.leg);
    const body = commentBody(marker, o.body);
    const identity = await api.identity();
    const listed = await api.list(where.pull, (b) => carriesMarker(b, marker));
    const { update, duplicates } = ownComments(listed.comments, identity);
    if (update) {
      try {
        const updated = await api.update(update.id, body);
        return { ok: true, url: updated.url, updated: true, ...(await removeAll(api, duplicates)) };
      } catch (e) {
        // Deleted since it was listed: a new one is written instead.
        if (!(e instanceof GitHubRefused && e.status === 404)) throw e;
      }
    }
    if (!listed.complete)
      return {
        ok: false,
        reason: `pull request #${where.pull} has more than ${MAX_PAGES * 100} comments and this job's is not among the first ${MAX_PAGES * 100}: no new one is written, so that each push does not add another (delete older comments of ${identity.login} carrying the marker, or set comment to false)`,
      };
    const created = await api.create(where.pull, body);
    return { ok: true, url: created.url, updated: false, ...(await removeAll(api, duplicates)) };
  } catch (e) {
    return { ok: false, reason: errorMessage(e).split(o.token).join("********") };
  }
}

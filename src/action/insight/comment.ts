/**
 * The pull-request comment: one per workflow and job, found again by a hidden marker and updated in place. Skipped,
 * with the reason, where it cannot or must not be written (no pull request, a fork's, no token); a refusal by
 * GitHub is a reason too. Never throws.
 */
import { errorMessage } from "../../core/errors.js";
import { readEvent, REPOSITORY } from "./baseline-event.js";
import { GitHubIssues, GitHubRefused, type IssueComment } from "./comment-github.js";

/** GitHub's limit on a comment's body (characters). */
export const MAX_COMMENT_CHARS = 65_536;
const CUT_NOTE =
  "\n\n_… cut here: a comment holds at most 65 536 characters; the job summary has the rest._\n";

export type CommentResult =
  { ok: true; url: string; updated: boolean } | { ok: false; skipped?: boolean; reason: string };

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

/**
 * The comment to update: one that starts with the marker, preferring the token's own identity when it can be told
 * (an installation token, `ghs_`, writes as a bot: the Actions bot first, then any bot, never a person's comment
 * that copied the marker).
 */
export function ownComment(
  comments: IssueComment[],
  marker: string,
  token: string,
): IssueComment | undefined {
  const marked = comments.filter((c) => c.body === marker || c.body.startsWith(`${marker}\n`));
  const bot = (c: IssueComment) => c.userType === "Bot";
  return (
    marked.find((c) => c.login === "github-actions[bot]") ??
    marked.find(bot) ??
    (token.startsWith("ghs_") ? undefined : marked[0])
  );
}

/** Which pull request to comment on, or why none. */
async function target(
  env: NodeJS.ProcessEnv,
): Promise<{ pull: number; repository: string } | { skipped: string }> {
  const event = env.GITHUB_EVENT_NAME ?? "";
  if (event === "workflow_run")
    return { skipped: "a workflow_run event's pull request is not known here (not supported yet: issue 15)" };
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
  return { pull: facts.pullNumber, repository };
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
    const { comments } = await api.list(where.pull);
    const mine = ownComment(comments, marker, o.token);
    if (mine) {
      try {
        const updated = await api.update(mine.id, body);
        return { ok: true, url: updated.url, updated: true };
      } catch (e) {
        // Deleted since it was listed: a new one is written instead.
        if (!(e instanceof GitHubRefused && e.status === 404)) throw e;
      }
    }
    const created = await api.create(where.pull, body);
    return { ok: true, url: created.url, updated: false };
  } catch (e) {
    return { ok: false, reason: errorMessage(e).split(o.token).join("********") };
  }
}

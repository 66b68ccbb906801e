/**
 * The GitHub REST calls of the pull-request comment (who the token is, list a pull request's comments, create one,
 * update one, delete one), through @actions/http-client: the token as `Authorization: Bearer`, redirects not followed, answers read within
 * bounds, pagination followed through `Link: rel="next"` only while it stays on the API's own origin.
 */
import { CONTROL_CHARACTERS } from "../../core/text.js";
import { exchange, jsonObject, type Answer, type Exchange } from "../../core/publish/exchange.js";

/** Pages of 100 comments read at most (a pull request with more has its marker looked for in the first 3 000). */
export const MAX_PAGES = 30;
/** Longest answer read: a page of 100 comments of up to 65 536 characters each (4 bytes each in UTF-8). */
const MAX_PAGE_BYTES = 100 * 65_536 * 4 + 1024 ** 2;
const TIMEOUT_MS = 30_000;

export interface IssueComment {
  id: number;
  body: string;
  url: string;
  login?: string;
  userType?: string;
}

/** A listed comment as it is kept: who wrote it, not what (a listing keeps no body). */
export interface ListedComment {
  id: number;
  login?: string;
  userType?: string;
}

/** Who a token writes as. */
export interface TokenIdentity {
  login: string;
  type: string;
}

/** The identity of GITHUB_TOKEN and of every installation token (`ghs_`), for which GET /user is refused. */
export const ACTIONS_BOT_IDENTITY: TokenIdentity = { login: "github-actions[bot]", type: "Bot" };

/** A login as GitHub allows it (an Enterprise Managed User's with `_shortcode`, a bot's with `[bot]`). */
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}(?:\[bot\])?$/;

export class GitHubRefused extends Error {
  override name = "GitHubRefused";
  readonly code = "GITHUB_REFUSED";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The next page's URL from a Link header, if it is on `origin`. */
export function nextLink(link: string | string[] | undefined, origin: string): string | undefined {
  const text = Array.isArray(link) ? link.join(",") : (link ?? "");
  for (const part of text.split(",")) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!m || !/(^|;)\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/.test(m[2]!)) continue;
    try {
      const url = new URL(m[1]!);
      return url.origin === origin ? url.href : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A link GitHub gives for a comment, as it is shown in the log: http(s), printable, bounded. */
const SAFE_URL = /^https?:\/\/[\x21-\x7e]{1,500}$/;

const commentOf = (v: unknown): IssueComment | undefined => {
  const c = v as Record<string, unknown> | null;
  if (typeof c !== "object" || c === null) return undefined;
  if (typeof c.id !== "number" || !Number.isSafeInteger(c.id) || typeof c.body !== "string") return undefined;
  const user = c.user as Record<string, unknown> | null | undefined;
  return {
    id: c.id,
    body: c.body,
    url: typeof c.html_url === "string" && SAFE_URL.test(c.html_url) ? c.html_url : "",
    ...(typeof user?.login === "string" ? { login: user.login } : {}),
    ...(typeof user?.type === "string" ? { userType: user.type } : {}),
  };
};

export class GitHubIssues {
  private readonly base: string;
  private readonly origin: string;

  constructor(
    apiUrl: string,
    private readonly token: string,
    private readonly repository: string,
  ) {
    this.base = apiUrl.replace(/\/+$/, "");
    this.origin = new URL(this.base).origin;
  }

  private async call(
    method: Exchange["method"],
    url: string,
    what: string,
    body?: unknown,
  ): Promise<Extract<Answer, { text: string }>> {
    const answer = await exchange({
      method,
      url,
      headers: {
        Accept: "application/vnd.github+json",
        Authorization: `Bearer ${this.token}`,
        "X-GitHub-Api-Version": "2022-11-28",
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      timeoutMs: TIMEOUT_MS,
      maxBytes: MAX_PAGE_BYTES,
    });
    if ("failed" in answer)
      throw new GitHubRefused(`${what}: GitHub could not be reached (${answer.failed})`);
    if (answer.tooLarge) throw new GitHubRefused(`${what}: GitHub's answer is over ${MAX_PAGE_BYTES} bytes`);
    return answer;
  }

  private refused(what: string, status: number, text: string): GitHubRefused {
    const said = jsonObject(text)?.message;
    const words =
      typeof said === "string"
        ? `: ${said.slice(0, 200).replace(new RegExp(CONTROL_CHARACTERS.source, "g"), " ")}`
        : "";
    const fix =
      status === 403 || status === 404
        ? "; the job's token needs `permissions: pull-requests: write` (a pull request from a fork or by Dependabot gets a read-only token: the comment is skipped for them)"
        : status === 401
          ? "; github_token is not a valid token"
          : "";
    return new GitHubRefused(`${what} refused (HTTP ${status}${words})${fix}`, status);
  }

  /**
   * Who the token writes as: GET /user. An installation token (`ghs_`, GITHUB_TOKEN among them) may not read it: it
   * is the Actions bot, asked nothing.
   */
  async identity(): Promise<TokenIdentity> {
    if (this.token.startsWith("ghs_")) return ACTIONS_BOT_IDENTITY;
    const what = "reading who github_token is (GET /user)";
    const answer = await this.call("GET", `${this.base}/user`, what);
    if (answer.status !== 200) throw this.refused(what, answer.status, answer.text);
    const user = jsonObject(answer.text);
    const login = user?.login;
    if (typeof login !== "string" || !LOGIN.test(login))
      throw new GitHubRefused(`${what}: GitHub's answer has no login`);
    return { login, type: typeof user?.type === "string" ? user.type.slice(0, 40) : "User" };
  }

  /**
   * The comments of the pull request for which `keep(body)` holds, oldest first, up to MAX_PAGES pages; only
   * their id and author are kept. `complete` is false when there were more pages.
   */
  async list(
    pull: number,
    keep: (body: string) => boolean,
  ): Promise<{ comments: ListedComment[]; complete: boolean }> {
    let url: string | undefined =
      `${this.base}/repos/${this.repository}/issues/${pull}/comments?per_page=100`;
    const comments: ListedComment[] = [];
    for (let page = 0; url !== undefined; page++) {
      if (page === MAX_PAGES) return { comments, complete: false };
      const what = `listing the comments of pull request #${pull}`;
      const answer = await this.call("GET", url, what);
      if (answer.status !== 200) throw this.refused(what, answer.status, answer.text);
      let list: unknown;
      try {
        list = JSON.parse(answer.text);
      } catch {
        throw new GitHubRefused(`${what}: GitHub's answer is not JSON`);
      }
      if (!Array.isArray(list)) throw new GitHubRefused(`${what}: GitHub's answer is not a list`);
      for (const c of list) {
        const comment = commentOf(c);
        if (!comment || !keep(comment.body)) continue;
        comments.push({
          id: comment.id,
          ...(comment.login !== undefined ? { login: comment.login } : {}),
          ...(comment.userType !== undefined ? { userType: comment.userType } : {}),
        });
      }
      url = nextLink(answer.headers.link, this.origin);
    }
    return { comments, complete: true };
  }

  async create(pull: number, body: string): Promise<IssueComment> {
    const what = `creating a comment on pull request #${pull}`;
    const url = `${this.base}/repos/${this.repository}/issues/${pull}/comments`;
    const answer = await this.call("POST", url, what, { body });
    if (answer.status !== 201) throw this.refused(what, answer.status, answer.text);
    return this.comment(answer.text, what);
  }

  async update(id: number, body: string): Promise<IssueComment> {
    const what = `updating comment ${id}`;
    const url = `${this.base}/repos/${this.repository}/issues/comments/${id}`;
    const answer = await this.call("PATCH", url, what, { body });
    if (answer.status !== 200) throw this.refused(what, answer.status, answer.text);
    return this.comment(answer.text, what);
  }

  /** Deletes a comment; one already gone (404) is no error. */
  async remove(id: number): Promise<void> {
    const what = `deleting comment ${id}`;
    const url = `${this.base}/repos/${this.repository}/issues/comments/${id}`;
    const answer = await this.call("DELETE", url, what);
    if (answer.status !== 204 && answer.status !== 404) throw this.refused(what, answer.status, answer.text);
  }

  private comment(text: string, what: string): IssueComment {
    const comment = commentOf(jsonObject(text));
    if (!comment) throw new GitHubRefused(`${what}: GitHub's answer is not a comment`);
    return comment;
  }
}

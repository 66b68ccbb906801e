/**
 * The three GitHub REST calls of the pull-request comment (list a pull request's comments, create one, update one),
 * through @actions/http-client: the token as `Authorization: Bearer`, redirects not followed, answers read within
 * bounds, pagination followed through `Link: rel="next"` only while it stays on the API's own origin.
 */
import { CONTROL_CHARACTERS } from "../../core/text.js";
import { exchange, jsonObject, type Answer } from "../../core/publish/exchange.js";

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
    method: "GET" | "POST" | "PATCH",
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
        ? "; the job's token needs `permissions: pull-requests: write` (and the comment is skipped for forks)"
        : status === 401
          ? "; github_token is not a valid token"
          : "";
    return new GitHubRefused(`${what} refused (HTTP ${status}${words})${fix}`, status);
  }

  /** Every comment of the pull request, oldest first, up to MAX_PAGES pages. */
  async list(pull: number): Promise<{ comments: IssueComment[]; complete: boolean }> {
    let url: string | undefined =
      `${this.base}/repos/${this.repository}/issues/${pull}/comments?per_page=100`;
    const comments: IssueComment[] = [];
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
        if (comment) comments.push(comment);
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

  private comment(text: string, what: string): IssueComment {
    const comment = commentOf(jsonObject(text));
    if (!comment) throw new GitHubRefused(`${what}: GitHub's answer is not a comment`);
    return comment;
  }
}

/**
 * A local double of the GitHub REST API for the pull-request comment, speaking its protocol: the paths and methods
 * of the issue-comment routes (list, create, update, delete), of "get the authenticated user" (GET /user: refused
 * with 403 to an installation token, `ghs_`, as GitHub does) and of "list pull requests associated with a commit",
 * of "list pull requests" (`state`, `head=owner:branch`) and of "get a workflow run" (runs added with addRun, for
 * `from_run`; other runs go to `forward`), GitHub's JSON shapes and error bodies, its status codes (201 on create, 204 on delete, 401 Bad credentials, 403
 * for a token without pull-requests: write, 404, 422 Validation Failed for a body over 65 536 characters), `per_page`/`page` pagination with RFC 8288 Link
 * headers, and `Authorization: Bearer <token>` (or `token <token>`). Every request is recorded for assertions.
 * Requests for other routes go to `forward` when given (e.g. the Actions service's cache routes), so that one
 * GITHUB_API_URL can serve both.
 */
import { once } from "node:events";
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export interface Identity {
  login: string;
  id: number;
  type: "Bot" | "User";
}

/** The identity of GITHUB_TOKEN (and of every `ghs_` installation token of the Actions app). */
export const ACTIONS_BOT: Identity = { login: "github-actions[bot]", id: 41898282, type: "Bot" };

export interface TokenGrant {
  identity: Identity;
  /** What `pull-requests` (and `issues`) allow: "write" to comment, "read" to list only (default "write"). */
  pullRequests?: "write" | "read" | "none";
}

export interface PullRequest {
  number: number;
  /** The head commit (for GET /repos/{owner}/{repo}/commits/{sha}/pulls). */
  headSha?: string;
  headRef?: string;
  baseRef?: string;
  /** owner/name of the head repository (a fork's), default the repository itself. */
  headRepo?: string;
  /** Default open. */
  state?: "open" | "closed";
  /** owner/name of the base repository, default the double's (another one: a pull request elsewhere). */
  baseRepo?: string;
}

/** A workflow run as GET /repos/{owner}/{repo}/actions/runs/{id} and the workflow_run event describe it. */
export interface WorkflowRun {
  id: number;
  headSha: string;
  headBranch: string;
  /** owner/name the code came from (a fork's); null: a deleted fork. Default the repository. */
  headRepo?: string | null;
  event?: string;
  attempt?: number;
  runNumber?: number;
  name?: string;
  actor?: string;
}

/** GitHub's JSON of a workflow run (pull_requests empty, as GitHub sends it for a fork's run). */
export function workflowRunJson(repository: string, run: WorkflowRun, api = "https://api.github.com") {
  const repo = (fullName: string) => ({
    id: fullName === repository ? 123456 : 654321,
    name: fullName.split("/")[1],
    full_name: fullName,
    owner: { login: fullName.split("/")[0], type: "User" },
    html_url: `https://github.com/${fullName}`,
    fork: fullName !== repository,
  });
  const head = run.headRepo === undefined ? repository : run.headRepo;
  const actor = { login: run.actor ?? "forker", id: 777, type: "User" };
  return {
    id: run.id,
    name: run.name ?? "CI",
    node_id: `WFR_${run.id}`,
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: ".github/workflows/ci.yml",
    display_title: "A change",
    run_number: run.runNumber ?? run.id,
    event: run.event ?? "pull_request",
    status: "completed",
    conclusion: "failure",
    workflow_id: 42,
    url: `${api}/repos/${repository}/actions/runs/${run.id}`,
    html_url: `https://github.com/${repository}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: "2026-12-05T10:00:00Z",
    updated_at: "2026-12-05T10:05:00Z",
    actor,
    triggering_actor: actor,
    run_attempt: run.attempt ?? 1,
    run_started_at: "2026-12-05T10:00:00Z",
    artifacts_url: `${api}/repos/${repository}/actions/runs/${run.id}/artifacts`,
    head_commit: { id: run.headSha, message: "A change" },
    repository: repo(repository),
    head_repository: head === null ? null : repo(head),
  };
}

export interface RecordedRequest {
  method: string;
  /** The path without the query. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface StoredComment {
  id: number;
  pull: number;
  body: string;
  user: Identity;
  createdAt: string;
  updatedAt: string;
}

export interface GitHubApi {
  /** http://127.0.0.1:PORT (GITHUB_API_URL). */
  url: string;
  repository: string;
  grant(token: string, grant: TokenGrant): void;
  addPull(pull: PullRequest): void;
  /** A workflow run GET .../actions/runs/{id} answers (other runs' routes go to `forward`). */
  addRun(run: WorkflowRun): void;
  /** A comment written by someone else (a person, another bot), as if made earlier. */
  addComment(pull: number, body: string, user: Identity): StoredComment;
  comments(pull?: number): StoredComment[];
  requests(): RecordedRequest[];
  /** The next requests matching method and path pattern get this status and GitHub's error body for it. */
  failNext(method: string, path: RegExp, status: number, times?: number): void;
  /** Link headers of list pages point at this origin instead of the double's own (a hostile server's next page). */
  linkOrigin?: string;
  stop(): Promise<void>;
}

const DOCS = "https://docs.github.com/rest";
const MAX_BODY = 65_536;
const MAX_REQUEST_BYTES = 1024 ** 2;

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const error = (status: number, message: string, extra: Record<string, unknown> = {}): Reply => ({
  status,
  body: { message, documentation_url: DOCS, status: String(status), ...extra },
});

const STATUS_MESSAGES: Record<number, string> = {
  401: "Bad credentials",
  403: "Resource not accessible by integration",
  404: "Not Found",
  422: "Validation Failed",
  500: "Server Error",
  502: "Bad Gateway",
};

export async function startGitHubApi(o: { repository?: string; forward?: string } = {}): Promise<GitHubApi> {
  const repository = o.repository ?? "octo/jux-demo";
  const tokens = new Map<string, TokenGrant>();
  const pulls = new Map<number, PullRequest>();
  const runs = new Map<number, WorkflowRun>();
  const comments: StoredComment[] = [];
  const log: RecordedRequest[] = [];
  const faults: { method: string; path: RegExp; status: number; times: number }[] = [];
  let nextId = 1_000_000_001;
  let clock = Date.parse("2026-12-05T10:00:00Z");

  const timestamp = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, "Z");
  const base = () => api.url;
  const commentJson = (c: StoredComment) => ({
    url: `${base()}/repos/${repository}/issues/comments/${c.id}`,
    html_url: `https://github.com/${repository}/pull/${c.pull}#issuecomment-${c.id}`,
    issue_url: `${base()}/repos/${repository}/issues/${c.pull}`,
    id: c.id,
    node_id: `IC_kwDO${Buffer.from(String(c.id)).toString("base64url")}`,
    user: {
      login: c.user.login,
      id: c.user.id,
      node_id: `MDM6Qm90${c.user.id}`,
      type: c.user.type,
      site_admin: false,
      html_url: `https://github.com/${c.user.type === "Bot" ? "apps/" : ""}${c.user.login.replace(/\[bot\]$/, "")}`,
    },
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.user.type === "Bot" ? "NONE" : "MEMBER",
    body: c.body,
    reactions: { url: `${base()}/repos/${repository}/issues/comments/${c.id}/reactions`, total_count: 0 },
    performed_via_github_app: null,
  });
  const pullJson = (p: PullRequest) => ({
    url: `${base()}/repos/${repository}/pulls/${p.number}`,
    id: 2_000_000 + p.number,
    number: p.number,
    state: p.state ?? "open",
    head: {
      ref: p.headRef ?? `feature-${p.number}`,
      sha: p.headSha ?? "0".repeat(40),
      repo: { full_name: p.headRepo ?? repository },
    },
    base: { ref: p.baseRef ?? "main", repo: { full_name: p.baseRepo ?? repository } },
  });

  /** GET .../pulls: `state` open (default), closed or all; `head` as owner:branch. */
  function listPulls(query: URLSearchParams): Reply {
    const state = query.get("state") ?? "open";
    const head = query.get("head");
    const matching = [...pulls.values()].filter((p) => {
      if (state !== "all" && (p.state ?? "open") !== state) return false;
      if (!head) return true;
      const owner = (p.headRepo ?? repository).split("/")[0];
      return head === `${owner}:${p.headRef ?? `feature-${p.number}`}`;
    });
    return { status: 200, body: matching.map(pullJson) };
  }

  function authorize(headers: IncomingHttpHeaders): TokenGrant | Reply {
    const m = /^(?:Bearer|token) (\S+)$/i.exec(headers.authorization ?? "");
    const grant = m ? tokens.get(m[1]!) : undefined;
    // GitHub answers an anonymous request to a public repository; this double's repository is private.
    return grant ?? error(m ? 401 : 404, m ? "Bad credentials" : "Not Found");
  }

  function listComments(pull: number, query: URLSearchParams): Reply {
    const perPage = Math.min(100, Math.max(1, Number(query.get("per_page") ?? 30) || 30));
    const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
    const all = comments.filter((c) => c.pull === pull);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (n: number, rel: string) => {
      const target = new URL(`${api.linkOrigin ?? base()}/repositories/123456/issues/${pull}/comments`);
      target.searchParams.set("per_page", String(perPage));
      target.searchParams.set("page", String(n));
      return `<${target.href}>; rel="${rel}"`;
    };
    const links = [];
    if (page > 1) links.push(link(page - 1, "prev"));
    if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
    if (page > 1) links.push(link(1, "first"));
    return {
      status: 200,
      body: all.slice((page - 1) * perPage, page * perPage).map(commentJson),
      headers: links.length > 0 ? { Link: links.join(", ") } : {},
    };
  }

  function parseBody(text: string): { body: string } | Reply {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return error(400, "Problems parsing JSON");
    }
    const body = (value as { body?: unknown } | null)?.body;
    if (typeof body !== "string") return error(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
    if (body.length > MAX_BODY)
      return error(422, "Validation Failed", {
        errors: [
          {
            resource: "IssueComment",
            code: "custom",
            field: "body",
            message: `body is too long (maximum is ${MAX_BODY} characters)`,
          },
        ],
      });
    return { body };
  }

  /** GET /user as GitHub answers it for a person's token (a personal access token, an OAuth or user token). */
  const userJson = (u: Identity) => ({
    login: u.login,
    id: u.id,
    node_id: `MDQ6VXNlcj${u.id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: "",
    url: `${base()}/users/${u.login}`,
    html_url: `https://github.com/${u.login}`,
    followers_url: `${base()}/users/${u.login}/followers`,
    repos_url: `${base()}/users/${u.login}/repos`,
    type: u.type,
    user_view_type: "public",
    site_admin: false,
    name: null,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 8,
    public_gists: 0,
    followers: 20,
    following: 0,
    created_at: "2011-01-25T18:44:36Z",
    updated_at: "2026-11-30T09:12:03Z",
  });

  function route(method: string, url: URL, headers: IncomingHttpHeaders, text: string): Reply | undefined {
    if (url.pathname === "/user") {
      if (method !== "GET") return error(404, "Not Found");
      const grant = authorize(headers);
      if ("status" in grant) return grant;
      // An installation token is no user: GitHub refuses it this route.
      const token = /^(?:Bearer|token) (\S+)$/i.exec(headers.authorization ?? "")![1]!;
      if (token.startsWith("ghs_"))
        return {
          status: 403,
          body: {
            message: "Resource not accessible by integration",
            documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user",
            status: "403",
          },
        };
      return { status: 200, body: userJson(grant.identity) };
    }
    const prefix = `/repos/${repository}/`;
    const path = url.pathname;
    // The numeric-id form a Link header may use.
    const normal = path.replace(/^\/repositories\/123456\//, prefix);
    if (!normal.startsWith(prefix)) return undefined;
    const rest = normal.slice(prefix.length);
    const onIssue = /^issues\/(\d+)\/comments$/.exec(rest);
    const onComment = /^issues\/comments\/(\d+)$/.exec(rest);
    const onCommit = /^commits\/([0-9a-fA-F]{7,40})\/pulls$/.exec(rest);
    const onPulls = rest === "pulls";
    const onRun = /^actions\/runs\/(\d+)$/.exec(rest);
    if (onRun && runs.has(Number(onRun[1]))) {
      const grant = authorize(headers);
      if ("status" in grant) return grant;
      if (method !== "GET") return error(404, "Not Found");
      return { status: 200, body: workflowRunJson(repository, runs.get(Number(onRun[1]))!, base()) };
    }
    if (!onIssue && !onComment && !onCommit && !onPulls) return undefined;
    const grant = authorize(headers);
    if ("status" in grant) return grant;
    if (grant.pullRequests === "none") return error(403, STATUS_MESSAGES[403]!);
    const fault = faults.find((f) => f.method === method && f.path.test(path));
    if (fault) {
      if (--fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
      return error(fault.status, STATUS_MESSAGES[fault.status] ?? "Error");
    }
    const write = grant.pullRequests !== "read";
    if (onPulls) return method === "GET" ? listPulls(url.searchParams) : error(404, "Not Found");
    if (onCommit) {
      if (method !== "GET") return error(404, "Not Found");
      const sha = onCommit[1]!.toLowerCase();
      return {
        status: 200,
        body: [...pulls.values()].filter((p) => p.headSha?.startsWith(sha)).map(pullJson),
      };
    }
    if (onIssue) {
      const pull = Number(onIssue[1]);
      if (!pulls.has(pull)) return error(404, "Not Found");
      if (method === "GET") return listComments(pull, url.searchParams);
      if (method !== "POST") return error(404, "Not Found");
      if (!write) return error(403, STATUS_MESSAGES[403]!);
      const parsed = parseBody(text);
      if ("status" in parsed) return parsed;
      const now = timestamp();
      const c: StoredComment = {
        id: nextId++,
        pull,
        body: parsed.body,
        user: grant.identity,
        createdAt: now,
        updatedAt: now,
      };
      comments.push(c);
      return {
        status: 201,
        body: commentJson(c),
        headers: { Location: `${base()}/repos/${repository}/issues/comments/${c.id}` },
      };
    }
    const id = Number(onComment![1]);
    const c = comments.find((x) => x.id === id);
    if (!c) return error(404, "Not Found");
    if (method === "GET") return { status: 200, body: commentJson(c) };
    if (method === "DELETE") {
      if (!write) return error(403, STATUS_MESSAGES[403]!);
      comments.splice(comments.indexOf(c), 1);
      return { status: 204 };
    }
    if (method !== "PATCH") return error(404, "Not Found");
    if (!write) return error(403, STATUS_MESSAGES[403]!);
    const parsed = parseBody(text);
    if ("status" in parsed) return parsed;
    c.body = parsed.body;
    c.updatedAt = timestamp();
    return { status: 200, body: commentJson(c) };
  }

  function send(res: ServerResponse, reply: Reply): void {
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(reply.body === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" }),
      "Content-Length": Buffer.byteLength(text),
      "X-GitHub-Api-Version-Selected": "2022-11-28",
      "X-GitHub-Media-Type": "github.v3; format=json",
      "X-RateLimit-Limit": "5000",
      "X-RateLimit-Remaining": "4999",
      "X-GitHub-Request-Id": `0000:${log.length}`,
      ...reply.headers,
    });
    res.end(text);
  }

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, to: string): void {
    const target = new URL(req.url ?? "/", to);
    const out = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on("error", () => send(res, error(502, "Bad Gateway")));
    out.end(body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(c);
    });
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://localhost");
      const method = req.method ?? "GET";
      const reply =
        size > MAX_REQUEST_BYTES
          ? error(413, "Payload Too Large")
          : route(method, url, req.headers, body.toString("utf8"));
      if (reply === undefined && o.forward) return forward(req, res, body, o.forward);
      const answer = reply ?? error(404, "Not Found");
      log.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: body.toString("utf8"),
        status: answer.status,
      });
      send(res, answer);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopped: Promise<void> | undefined;
  const api: GitHubApi = {
    url,
    repository,
    grant: (token, g) => void tokens.set(token, g),
    addPull: (p) => void pulls.set(p.number, p),
    addRun: (r) => void runs.set(r.id, r),
    addComment: (pull, body, user) => {
      const now = timestamp();
      const c: StoredComment = { id: nextId++, pull, body, user, createdAt: now, updatedAt: now };
      comments.push(c);
      return c;
    },
    comments: (pull) => comments.filter((c) => pull === undefined || c.pull === pull).map((c) => ({ ...c })),
    requests: () => log.map((r) => ({ ...r })),
    failNext: (method, path, status, times = 1) => void faults.push({ method, path, status, times }),
    stop: () =>
      (stopped ??= new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      })),
  };
  return api;
}

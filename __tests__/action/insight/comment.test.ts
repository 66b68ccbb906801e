/**
 * The pull-request comment against the local GitHub REST double (a real HTTP server speaking GitHub's protocol):
 * created once, updated in place, found across pages, skipped for forks and non-pull-request events, a 403 worded
 * with the permission it needs, the marker unspoofable by a workflow name, the body cut to GitHub's limit.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  carriesMarker,
  commentBody,
  commentMarker,
  MAX_COMMENT_CHARS,
  MAX_DELETES,
  upsertComment,
} from "../../../src/action/insight/comment.js";
import { GitHubIssues, MAX_PAGES } from "../../../src/action/insight/comment-github.js";
import { ACTIONS_BOT, startGitHubApi, type GitHubApi } from "../../helpers/github-api.js";

const TOKEN = "ghs_commentTESTtoken0123456789abcdefXYZ";
let api: GitHubApi;
let dir: string;

beforeAll(async () => {
  api = await startGitHubApi();
  api.grant(TOKEN, { identity: ACTIONS_BOT });
});
afterAll(() => api.stop());
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), "jux-comment-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

let pullNumber = 100;
/** A pull request of its own for each test, and the environment of a job on it. */
function pullRequest(o: { fork?: boolean; workflow?: string; event?: string } = {}) {
  const number = ++pullNumber;
  api.addPull({ number, headRepo: o.fork ? "someone/jux-demo" : api.repository });
  const event = join(dir, "event.json");
  writeFileSync(
    event,
    JSON.stringify({
      action: "synchronize",
      number,
      pull_request: {
        number,
        head: { ref: "feature", repo: { full_name: o.fork ? "someone/jux-demo" : api.repository } },
        base: { ref: "main", repo: { full_name: api.repository } },
      },
      repository: { full_name: api.repository, default_branch: "main" },
    }),
  );
  const env: NodeJS.ProcessEnv = {
    GITHUB_API_URL: api.url,
    GITHUB_REPOSITORY: api.repository,
    GITHUB_EVENT_NAME: o.event ?? "pull_request",
    GITHUB_EVENT_PATH: event,
    GITHUB_WORKFLOW: o.workflow ?? "CI",
    GITHUB_JOB: "test",
  };
  return { number, env };
}

const since = () => api.requests().length;
const after = (n: number) => api.requests().slice(n);

test("the first call creates the comment, the second updates it in place: one comment in the end", async () => {
  const { number, env } = pullRequest();
  const start = since();
  const first = await upsertComment({ env, token: TOKEN, body: "## Tests\n1 failed" });
  expect(first).toEqual({
    ok: true,
    updated: false,
    url: expect.stringMatching(
      new RegExp(`^https://github.com/${api.repository}/pull/${number}#issuecomment-\\d+$`),
    ),
  });
  const second = await upsertComment({ env, token: TOKEN, body: "## Tests\nall passed" });
  expect(second).toEqual({ ok: true, updated: true, url: (first as { url: string }).url });
  const comments = api.comments(number);
  expect(comments).toHaveLength(1);
  expect(comments[0]!.body).toBe("<!-- jux-action: CI/test -->\n## Tests\nall passed");
  expect(comments[0]!.user).toEqual(ACTIONS_BOT);
  const calls = after(start).map((r) => `${r.method} ${r.path} ${r.status}`);
  expect(calls).toEqual([
    `GET /repos/${api.repository}/issues/${number}/comments 200`,
    `POST /repos/${api.repository}/issues/${number}/comments 201`,
    `GET /repos/${api.repository}/issues/${number}/comments 200`,
    `PATCH /repos/${api.repository}/issues/comments/${comments[0]!.id} 200`,
  ]);
  for (const r of after(start)) {
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers.accept).toBe("application/vnd.github+json");
    expect(r.headers["x-github-api-version"]).toBe("2022-11-28");
  }
});

test("another job's or workflow's comment is left alone: each has its own", async () => {
  const { number, env } = pullRequest();
  await upsertComment({ env, token: TOKEN, body: "job test" });
  await upsertComment({ env: { ...env, GITHUB_JOB: "lint" }, token: TOKEN, body: "job lint" });
  await upsertComment({ env: { ...env, GITHUB_WORKFLOW: "Nightly" }, token: TOKEN, body: "nightly" });
  await upsertComment({ env, token: TOKEN, body: "job test again" });
  expect(api.comments(number).map((c) => c.body)).toEqual([
    "<!-- jux-action: CI/test -->\njob test again",
    "<!-- jux-action: CI/lint -->\njob lint",
    "<!-- jux-action: Nightly/test -->\nnightly",
  ]);
});

test("matrix legs named by the leg input each have their own comment; a leg cannot pose as another workflow's", async () => {
  const { number, env } = pullRequest();
  await upsertComment({ env, token: TOKEN, body: "ubuntu", leg: "ubuntu-22" });
  await upsertComment({ env, token: TOKEN, body: "windows", leg: "windows-22" });
  await upsertComment({ env, token: TOKEN, body: "ubuntu again", leg: "ubuntu-22" });
  await upsertComment({
    env: { ...env, GITHUB_WORKFLOW: "CI/test" },
    token: TOKEN,
    body: "slashed",
    leg: undefined,
  });
  expect(api.comments(number).map((c) => c.body)).toEqual([
    "<!-- jux-action: CI/test/ubuntu-22 -->\nubuntu again",
    "<!-- jux-action: CI/test/windows-22 -->\nwindows",
    "<!-- jux-action: CI%2Ftest/test -->\nslashed",
  ]);
  expect(commentMarker(env, "a/b")).toBe("<!-- jux-action: CI/test/a%2Fb -->");
});

test("the marker is found on the third page of comments, through the Link header's next page", async () => {
  const { number, env } = pullRequest();
  const person = { login: "octocat", id: 1, type: "User" as const };
  for (let i = 0; i < 230; i++) api.addComment(number, `comment ${i}`, person);
  const ours = api.addComment(number, `${commentMarker(env)}\nold`, ACTIONS_BOT);
  const start = since();
  const result = await upsertComment({ env, token: TOKEN, body: "new" });
  expect(result).toMatchObject({ ok: true, updated: true });
  const lists = after(start).filter((r) => r.method === "GET");
  expect(lists.map((r) => r.query)).toEqual([
    { per_page: "100" },
    { per_page: "100", page: "2" },
    { per_page: "100", page: "3" },
  ]);
  expect(api.comments(number).find((c) => c.id === ours.id)!.body).toBe(`${commentMarker(env)}\nnew`);
  expect(api.comments(number)).toHaveLength(231);
});

test("a next page on another origin is not followed: the token goes nowhere else", async () => {
  let elsewhere = 0;
  const other = createServer((_req, res) => {
    elsewhere++;
    res.end("[]");
  });
  other.listen(0, "127.0.0.1");
  await new Promise((done) => other.once("listening", done));
  try {
    api.linkOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const { number, env } = pullRequest();
    for (let i = 0; i < 120; i++) api.addComment(number, `c${i}`, { login: "o", id: 2, type: "User" });
    const result = await upsertComment({ env, token: TOKEN, body: "x" });
    expect(result).toMatchObject({ ok: true, updated: false });
    expect(elsewhere).toBe(0);
  } finally {
    api.linkOrigin = undefined;
    other.close();
  }
});

test("a fork's pull request is skipped with its reason, without a request", async () => {
  const { env } = pullRequest({ fork: true });
  const start = since();
  const result = await upsertComment({ env, token: TOKEN, body: "x" });
  expect(result).toEqual({ ok: false, skipped: true, reason: expect.stringContaining("comes from a fork") });
  expect(after(start)).toEqual([]);
});

test("a push, a workflow_run event and a missing token are skipped with their reasons", async () => {
  const { env } = pullRequest();
  const push = join(dir, "push.json");
  writeFileSync(push, JSON.stringify({ ref: "refs/heads/main", repository: { default_branch: "main" } }));
  const start = since();
  expect(
    await upsertComment({
      env: { ...env, GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: push },
      token: TOKEN,
      body: "x",
    }),
  ).toEqual({ ok: false, skipped: true, reason: "no pull request to comment on: the event is push" });
  expect(
    await upsertComment({ env: { ...env, GITHUB_EVENT_NAME: "workflow_run" }, token: TOKEN, body: "x" }),
  ).toEqual({
    ok: false,
    skipped: true,
    reason:
      "a workflow_run event's pull request is not known here: use comment in the pull_request workflow instead",
  });
  expect(await upsertComment({ env, token: "", body: "x" })).toEqual({
    ok: false,
    skipped: true,
    reason: expect.stringContaining("no github_token"),
  });
  expect(after(start)).toEqual([]);
});

test("a token without pull-requests: write gets a reason naming the permission, without the token", async () => {
  const readOnly = "ghs_readonlyTOKENabcdefghijklmnopqrstu";
  api.grant(readOnly, { identity: ACTIONS_BOT, pullRequests: "read" });
  const { env } = pullRequest();
  const result = await upsertComment({ env, token: readOnly, body: "x" });
  expect(result).toEqual({
    ok: false,
    reason: expect.stringContaining("`permissions: pull-requests: write`"),
  });
  expect((result as { reason: string }).reason).toContain("HTTP 403: Resource not accessible by integration");
  expect(JSON.stringify(result)).not.toContain(readOnly);
});

test("a bad token is a reason too (401), and a server error is not thrown", async () => {
  const { env } = pullRequest();
  expect(await upsertComment({ env, token: "ghs_unknownTOKEN000000000000000000000", body: "x" })).toEqual({
    ok: false,
    reason: expect.stringContaining("HTTP 401: Bad credentials"),
  });
  api.failNext("POST", /\/comments$/, 502);
  expect(await upsertComment({ env, token: TOKEN, body: "x" })).toEqual({
    ok: false,
    reason: expect.stringContaining("HTTP 502"),
  });
  const down = await upsertComment({
    env: { ...env, GITHUB_API_URL: "http://127.0.0.1:9" },
    token: TOKEN,
    body: "x",
  });
  expect(down).toEqual({ ok: false, reason: expect.stringContaining("GitHub could not be reached") });
});

test("a workflow name cannot close the marker or forge another workflow's", async () => {
  const hostile = "CI --> <!-- jux-action: Other/test --> --!> \n::warning::x %3E";
  const marker = commentMarker({ GITHUB_WORKFLOW: hostile, GITHUB_JOB: "test" });
  expect(marker.indexOf("-->")).toBe(marker.length - 3);
  expect(marker).not.toContain("\n");
  expect(marker.slice(4, -4)).not.toMatch(/[<>!\n]/);
  expect(marker).toBe(
    "<!-- jux-action: CI --%3E %3C%21-- jux-action: Other%2Ftest --%3E --%21%3E %0A::warning::x %253E/test -->",
  );
  // The forged workflow's comment is not the hostile workflow's, nor the other way round.
  const { number, env } = pullRequest({ workflow: hostile });
  const other = { ...env, GITHUB_WORKFLOW: "Other" };
  await upsertComment({ env: other, token: TOKEN, body: "other" });
  await upsertComment({ env, token: TOKEN, body: "hostile" });
  expect(api.comments(number).map((c) => c.body)).toEqual([
    "<!-- jux-action: Other/test -->\nother",
    `${marker}\nhostile`,
  ]);
});

test("a person's comment that copies the marker is not taken over: the bot writes its own", async () => {
  const { number, env } = pullRequest();
  const person = { login: "mallory", id: 666, type: "User" as const };
  const copied = api.addComment(number, `${commentMarker(env)}\nI wrote this`, person);
  const result = await upsertComment({ env, token: TOKEN, body: "results" });
  expect(result).toMatchObject({ ok: true, updated: false });
  expect(api.comments(number).find((c) => c.id === copied.id)!.body).toBe(
    `${commentMarker(env)}\nI wrote this`,
  );
  expect(await upsertComment({ env, token: TOKEN, body: "results 2" })).toMatchObject({
    ok: true,
    updated: true,
  });
  expect(api.comments(number).map((c) => c.user.login)).toEqual(["mallory", "github-actions[bot]"]);
});

test("a body over 65 536 characters is cut at a line end with a note, and GitHub accepts it", async () => {
  const { number, env } = pullRequest();
  const rows = Array.from({ length: 5000 }, (_, i) => `| test ${i} | failed | ${"é".repeat(10)} |`).join(
    "\n",
  );
  expect(rows.length).toBeGreaterThan(MAX_COMMENT_CHARS);
  const result = await upsertComment({ env, token: TOKEN, body: rows });
  expect(result).toMatchObject({ ok: true });
  const body = api.comments(number)[0]!.body;
  expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
  expect(body).toMatch(
    /\| failed \| é{10} \|\n\n_… cut here: a comment holds at most 65 536 characters; the job summary has the rest._\n$/,
  );
  expect(commentBody("<!-- m -->", "short")).toBe("<!-- m -->\nshort");
  // A surrogate pair at the limit is never split.
  const emoji = commentBody("<!-- m -->", "😀".repeat(40_000));
  expect(emoji.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
  expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
});

test("a comment deleted between listing and updating is written anew", async () => {
  const { number, env } = pullRequest();
  await upsertComment({ env, token: TOKEN, body: "one" });
  const id = api.comments(number)[0]!.id;
  api.failNext("PATCH", new RegExp(`/issues/comments/${id}$`), 404);
  const result = await upsertComment({ env, token: TOKEN, body: "two" });
  expect(result).toMatchObject({ ok: true, updated: false });
  expect(api.comments(number).map((c) => c.body)).toEqual([
    `${commentMarker(env)}\none`,
    `${commentMarker(env)}\ntwo`,
  ]);
});

test("a refusal carries GitHub's own words, and nothing is written", async () => {
  const { number, env } = pullRequest();
  api.failNext("POST", /\/comments$/, 422);
  const refused = await upsertComment({ env, token: TOKEN, body: "x" });
  expect(refused).toEqual({
    ok: false,
    reason: expect.stringContaining("refused (HTTP 422: Validation Failed)"),
  });
  expect(api.comments(number)).toHaveLength(0);
});

describe("whose comment is updated: the token's own identity's only", () => {
  const octocat = { login: "octocat", id: 583231, type: "User" as const };
  const PAT = "ghp_octocatPERSONALtoken0123456789abcdef";
  const otherApp = { login: "other-app[bot]", id: 9_000_001, type: "Bot" as const };
  const mallory = { login: "mallory", id: 666, type: "User" as const };
  beforeAll(() => api.grant(PAT, { identity: octocat }));

  test("a personal token learns who it is (GET /user, once a run) and takes over neither the Actions bot's, another bot's nor a person's comment", async () => {
    const { number, env } = pullRequest();
    const marker = commentMarker(env);
    const theirs = [
      api.addComment(number, `${marker}\nby the Actions bot`, ACTIONS_BOT),
      api.addComment(number, `${marker}\nby another app`, otherApp),
      api.addComment(number, `${marker}\nby mallory`, mallory),
    ];
    const start = since();
    expect(await upsertComment({ env, token: PAT, body: "mine" })).toMatchObject({
      ok: true,
      updated: false,
    });
    expect(await upsertComment({ env, token: PAT, body: "mine again" })).toMatchObject({
      ok: true,
      updated: true,
    });
    for (const c of theirs) expect(api.comments(number).find((x) => x.id === c.id)!.body).toBe(c.body);
    expect(
      api
        .comments(number)
        .filter((c) => c.user.login === "octocat")
        .map((c) => c.body),
    ).toEqual([`${marker}\nmine again`]);
    const calls = after(start).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(calls.filter((c) => c.startsWith("GET /user "))).toEqual(["GET /user 200", "GET /user 200"]);
    expect(calls[0]).toBe("GET /user 200");
  });

  test("an installation token (ghs_) asks nothing (GitHub refuses it GET /user) and is the Actions bot: another app's comment is not its own", async () => {
    const { number, env } = pullRequest();
    const marker = commentMarker(env);
    const theirs = api.addComment(number, `${marker}\nby another app`, otherApp);
    const start = since();
    expect(await upsertComment({ env, token: TOKEN, body: "ours" })).toMatchObject({
      ok: true,
      updated: false,
    });
    expect(api.comments(number).find((c) => c.id === theirs.id)!.body).toBe(`${marker}\nby another app`);
    expect(after(start).some((r) => r.path === "/user")).toBe(false);
    // The double answers an installation token on /user as GitHub does.
    const res = await fetch(`${api.url}/user`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ message: "Resource not accessible by integration" });
  });

  test("a personal token GitHub does not know is a reason (HTTP 401 on GET /user), nothing written", async () => {
    const { number, env } = pullRequest();
    const bad = "ghp_unknownPERSONALtoken000000000000000";
    const result = await upsertComment({ env, token: bad, body: "x" });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining("HTTP 401: Bad credentials") });
    expect((result as { reason: string }).reason).toContain("GET /user");
    expect(JSON.stringify(result)).not.toContain(bad);
    expect(api.comments(number)).toEqual([]);
  });
});

describe("duplicates and long pull requests", () => {
  test("several copies by the same identity (legs without the leg input): the newest is updated, the others deleted; a person's copy stays", async () => {
    const { number, env } = pullRequest();
    const marker = commentMarker(env);
    const person = { login: "mallory", id: 666, type: "User" as const };
    const older = api.addComment(number, `${marker}\nleg 1`, ACTIONS_BOT);
    const copied = api.addComment(number, `${marker}\ncopied`, person);
    const middle = api.addComment(number, `${marker}\nleg 2`, ACTIONS_BOT);
    const newest = api.addComment(number, `${marker}\nleg 3`, ACTIONS_BOT);
    const start = since();
    const result = await upsertComment({ env, token: TOKEN, body: "merged" });
    expect(result).toMatchObject({ ok: true, updated: true, deleted: 2 });
    expect(api.comments(number).map((c) => [c.id, c.body])).toEqual([
      [copied.id, `${marker}\ncopied`],
      [newest.id, `${marker}\nmerged`],
    ]);
    const calls = after(start).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(calls).toEqual([
      `GET /repos/${api.repository}/issues/${number}/comments 200`,
      `PATCH /repos/${api.repository}/issues/comments/${newest.id} 200`,
      `DELETE /repos/${api.repository}/issues/comments/${middle.id} 204`,
      `DELETE /repos/${api.repository}/issues/comments/${older.id} 204`,
    ]);
    // The next push finds one comment and deletes nothing.
    expect(await upsertComment({ env, token: TOKEN, body: "again" })).toEqual({
      ok: true,
      updated: true,
      url: expect.any(String),
    });
  });

  test(`at most ${MAX_DELETES} duplicates are deleted in a run; a refused delete is told, the comment still written`, async () => {
    const { number, env } = pullRequest();
    const marker = commentMarker(env);
    for (let i = 0; i < MAX_DELETES + 3; i++) api.addComment(number, `${marker}\ncopy ${i}`, ACTIONS_BOT);
    expect(await upsertComment({ env, token: TOKEN, body: "one" })).toMatchObject({
      ok: true,
      updated: true,
      deleted: MAX_DELETES,
    });
    expect(api.comments(number).map((c) => c.body)).toEqual([
      `${marker}\ncopy 0`,
      `${marker}\ncopy 1`,
      `${marker}\none`,
    ]);
    api.failNext("DELETE", /\/issues\/comments\/\d+$/, 403);
    const refused = await upsertComment({ env, token: TOKEN, body: "two" });
    expect(refused).toMatchObject({
      ok: true,
      updated: true,
      deleted: 0,
      problem: expect.stringContaining("HTTP 403"),
    });
    expect(api.comments(number).at(-1)!.body).toBe(`${marker}\ntwo`);
  });

  test(`over ${MAX_PAGES * 100} comments without this job's among them: a reason, not a new comment each push`, async () => {
    const { number, env } = pullRequest();
    const person = { login: "octocat", id: 1, type: "User" as const };
    for (let i = 0; i < MAX_PAGES * 100 + 1; i++) api.addComment(number, `comment ${i}`, person);
    const result = await upsertComment({ env, token: TOKEN, body: "x" });
    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(
        new RegExp(
          `^pull request #${number} has more than 3000 comments and this job's is not among the first 3000`,
        ),
      ),
    });
    expect(api.comments(number).filter((c) => c.user.login === ACTIONS_BOT.login)).toEqual([]);
  });

  test("a listing keeps only the marked comments' id and author, never a body", async () => {
    const { number, env } = pullRequest();
    const marker = commentMarker(env);
    api.addComment(number, "x".repeat(60_000), { login: "o", id: 2, type: "User" });
    const ours = api.addComment(number, `${marker}\n${"y".repeat(60_000)}`, ACTIONS_BOT);
    api.addComment(number, `${marker}-not-quite\nz`, ACTIONS_BOT);
    const issues = new GitHubIssues(api.url, TOKEN, api.repository);
    const listed = await issues.list(number, (b) => carriesMarker(b, marker));
    expect(listed).toEqual({
      complete: true,
      comments: [{ id: ours.id, login: ACTIONS_BOT.login, userType: "Bot" }],
    });
  });
});

describe("Dependabot's pull requests", () => {
  test("skipped with a note naming Dependabot's read-only token, without a request", async () => {
    const { number, env } = pullRequest();
    const start = since();
    const result = await upsertComment({
      env: { ...env, GITHUB_ACTOR: "dependabot[bot]" },
      token: TOKEN,
      body: "x",
    });
    expect(result).toEqual({
      ok: false,
      skipped: true,
      reason: `pull request #${number} is Dependabot's, whose workflows get a read-only token that cannot write comments: no comment (the job summary has the results)`,
    });
    expect(after(start)).toEqual([]);
  });

  test("a 403 says that a fork's or Dependabot's pull request gets a read-only token", async () => {
    const readOnly = "ghs_readonlyDEPENDABOTabcdefghijklmnopq";
    api.grant(readOnly, { identity: ACTIONS_BOT, pullRequests: "read" });
    const { env } = pullRequest();
    const result = await upsertComment({ env, token: readOnly, body: "x" });
    expect(result).toEqual({
      ok: false,
      reason: expect.stringContaining("by Dependabot gets a read-only token"),
    });
  });
});

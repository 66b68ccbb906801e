/**
 * The GitHub REST double itself speaks GitHub's protocol where the comment tests rely on it: error bodies, the
 * Link header's relations, the 65 536-character limit, the permission refusals, the commit's pulls, forwarding.
 */
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { ACTIONS_BOT, startGitHubApi, type GitHubApi } from "../../helpers/github-api.js";
import { startScriptedServer, type ScriptedServer } from "../../helpers/scripted-server.js";

const TOKEN = "ghs_doubleTESTtoken000000000000000000";
let api: GitHubApi;
let other: ScriptedServer;

beforeAll(async () => {
  other = await startScriptedServer({ status: 200, body: { total_count: 0, actions_caches: [] } });
  api = await startGitHubApi({ forward: other.url });
  api.grant(TOKEN, { identity: ACTIONS_BOT });
  api.addPull({ number: 1, headSha: "a".repeat(40) });
});
afterAll(async () => {
  await api.stop();
  await other.close();
});

const call = async (method: string, path: string, body?: unknown, token: string | null = TOKEN) => {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      Accept: "application/vnd.github+json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, link: res.headers.get("link"), body: (await res.json()) as unknown };
};

test("errors have GitHub's shape: 401 Bad credentials, 404 Not Found, 422 for a missing or too long body", async () => {
  expect(await call("GET", "/repos/octo/jux-demo/issues/1/comments", undefined, "ghs_nope")).toMatchObject({
    status: 401,
    body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" },
  });
  expect((await call("GET", "/repos/octo/jux-demo/issues/99/comments")).status).toBe(404);
  expect((await call("POST", "/repos/octo/jux-demo/issues/1/comments", {})).status).toBe(422);
  const long = await call("POST", "/repos/octo/jux-demo/issues/1/comments", { body: "x".repeat(65_537) });
  expect(long).toMatchObject({
    status: 422,
    body: { message: "Validation Failed", errors: [{ field: "body", code: "custom" }] },
  });
});

test("pages: per_page capped at 100, Link with next and last, then prev and first", async () => {
  for (let i = 0; i < 250; i++) api.addComment(1, `c${i}`, { login: "u", id: 5, type: "User" });
  const first = await call("GET", "/repos/octo/jux-demo/issues/1/comments?per_page=500");
  expect((first.body as unknown[]).length).toBe(100);
  expect(first.link).toBe(
    `<${api.url}/repositories/123456/issues/1/comments?per_page=100&page=2>; rel="next", ` +
      `<${api.url}/repositories/123456/issues/1/comments?per_page=100&page=3>; rel="last"`,
  );
  const last = await call("GET", "/repositories/123456/issues/1/comments?per_page=100&page=3");
  expect((last.body as { body: string }[]).map((c) => c.body)).toEqual(
    Array.from({ length: 50 }, (_, i) => `c${200 + i}`),
  );
  expect(last.link).toContain('rel="prev"');
  expect(last.link).toContain('rel="first"');
  expect(last.link).not.toContain('rel="next"');
});

test("a token without pull-requests: write may list but not write; the commit's pulls are listed", async () => {
  api.grant("ghs_readonly00000000000000000000000000", { identity: ACTIONS_BOT, pullRequests: "read" });
  const ro = (m: string, p: string, b?: unknown) => call(m, p, b, "ghs_readonly00000000000000000000000000");
  expect((await ro("GET", "/repos/octo/jux-demo/issues/1/comments")).status).toBe(200);
  expect(await ro("POST", "/repos/octo/jux-demo/issues/1/comments", { body: "x" })).toMatchObject({
    status: 403,
    body: { message: "Resource not accessible by integration" },
  });
  const pulls = await call("GET", `/repos/octo/jux-demo/commits/${"a".repeat(40)}/pulls`);
  expect(pulls).toMatchObject({ status: 200, body: [{ number: 1, head: { sha: "a".repeat(40) } }] });
});

test("other routes go to the forward server, as they are", async () => {
  const reply = await call("GET", "/repos/octo/jux-demo/actions/caches?key=jux");
  expect(reply).toEqual({ status: 200, link: null, body: { total_count: 0, actions_caches: [] } });
  expect(other.requests.map((r) => r.url)).toEqual(["/repos/octo/jux-demo/actions/caches?key=jux"]);
  expect(other.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(api.requests().some((r) => r.path.includes("actions/caches"))).toBe(false);
});

/**
 * findPull (src/action/fork/pull.ts) against the GitHub REST double: a fork's pull request is found by the run's
 * head commit (GitHub's workflow_run payload lists none for a fork), only when its head commit and repository are the
 * run's and its base is this repository; otherwise no number, with why.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { findPull } from "../../../src/action/fork/pull.js";
import type { OriginRun } from "../../../src/action/fork/event.js";
import type { Rest } from "../../../src/core/github/rest.js";
import { ACTIONS_BOT, startGitHubApi, type GitHubApi } from "../../helpers/github-api.js";

const REPO = "octo/jux-demo";
const SHA = "a".repeat(40);
const TOKEN = "ghs_forktoken0123456789";
let api: GitHubApi;
let rest: Rest;

const run = (o: Partial<OriginRun> = {}): OriginRun => ({
  id: 500,
  attempt: 1,
  headSha: SHA,
  headBranch: "fix-parser",
  headRepository: "forker/jux-demo",
  event: "pull_request",
  source: "workflow_run event",
  ...o,
});

beforeAll(async () => {
  api = await startGitHubApi({ repository: REPO });
  api.grant(TOKEN, { identity: ACTIONS_BOT, pullRequests: "read" });
  rest = { api: api.url, repository: REPO, token: TOKEN, timeoutMs: 5000 };
  // The fork's pull request, and decoys: same sha into another base repository, same branch name from another fork,
  // another head commit of the same fork branch.
  api.addPull({
    number: 7,
    headSha: SHA,
    headRef: "fix-parser",
    headRepo: "forker/jux-demo",
    baseRef: "main",
  });
  api.addPull({ number: 8, headSha: "b".repeat(40), headRef: "fix-parser", headRepo: "other/jux-demo" });
  api.addPull({
    number: 9,
    headSha: SHA,
    headRef: "fix-parser",
    headRepo: "forker/jux-demo",
    baseRepo: "forker/jux-demo",
  });
});
afterAll(async () => {
  await api.stop();
});

describe("findPull", () => {
  test("by the head commit: the fork's pull request into this repository, with its base branch", async () => {
    expect(await findPull(rest, run())).toEqual({ number: 7, baseRef: "main" });
    expect(api.requests().at(-1)).toMatchObject({ path: `/repos/${REPO}/commits/${SHA}/pulls`, status: 200 });
  });

  test("a deleted fork (no head repository) never borrows a pull request whose head repository still exists", async () => {
    // Another fork pushed the victim's head commit and was deleted: its run must not be filed under #7.
    expect(await findPull(rest, run({ headRepository: null }))).toEqual({
      none: expect.stringMatching(/^no pull request of octo\/jux-demo has the head commit/),
    });
  });

  test("a pull request whose head is another repository's is not the run's", async () => {
    expect(await findPull(rest, run({ headRepository: "mallory/jux-demo" }))).toEqual({
      none: expect.stringMatching(/^no pull request of octo\/jux-demo has the head commit a{12}$/),
    });
  });

  test("a commit no pull request has: the open pulls with the fork's branch are asked, and their head commit checked", async () => {
    const other = "c".repeat(40);
    const before = api.requests().length;
    expect(await findPull(rest, run({ headSha: other }))).toEqual({
      none: expect.stringContaining("no pull request"),
    });
    const asked = api.requests().slice(before);
    expect(asked.map((r) => r.path)).toEqual([
      `/repos/${REPO}/commits/${other}/pulls`,
      `/repos/${REPO}/pulls`,
    ]);
    expect(asked[1]!.query).toMatchObject({ state: "open", head: "forker:fix-parser" });
  });

  test("the fallback finds a pull request the commit route does not list", async () => {
    const sha = "d".repeat(40);
    api.addPull({ number: 11, headSha: sha, headRef: "late", headRepo: "forker/jux-demo" });
    api.failNext("GET", new RegExp(`/commits/${sha}/pulls$`), 404);
    expect(await findPull(rest, run({ headSha: sha, headBranch: "late" }))).toEqual({
      number: 11,
      baseRef: "main",
    });
  });

  test("two pull requests with the head commit: the open one; two open: none, named", async () => {
    const sha = "e".repeat(40);
    api.addPull({ number: 20, headSha: sha, headRef: "twice", headRepo: "forker/jux-demo", state: "closed" });
    api.addPull({ number: 21, headSha: sha, headRef: "twice", headRepo: "forker/jux-demo" });
    expect(await findPull(rest, run({ headSha: sha, headBranch: "twice" }))).toEqual({
      number: 21,
      baseRef: "main",
    });
    api.addPull({ number: 22, headSha: sha, headRef: "twice", headRepo: "forker/jux-demo", baseRef: "dev" });
    expect(await findPull(rest, run({ headSha: sha, headBranch: "twice" }))).toEqual({
      none: "3 pull requests have the head commit (#20, #21, #22): none is named",
    });
  });

  test("a token the API refuses: no number, and what the token needs", async () => {
    const r = await findPull({ ...rest, token: "ghs_unknown" }, run());
    expect(r).toEqual({
      none: expect.stringMatching(/HTTP 401.*github_token needs `contents: read` and `pull-requests: read`/),
    });
  });
});

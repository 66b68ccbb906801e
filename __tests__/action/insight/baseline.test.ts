/**
 * The baseline's pure decisions: which branch a run is compared with (a pull request's base, else the default
 * branch from a hostile event payload), which runs keep their tests, the cache keys, and what the kept file holds.
 */
import { afterEach, beforeEach, expect, test } from "@jest/globals";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  baselineJson,
  baselineKey,
  baselinePrefix,
  CACHE_TEST_KEYS,
} from "../../../src/action/insight/baseline-cache.js";
import {
  baseBranch,
  eventFacts,
  keepsBaseline,
  ownBranch,
  readEvent,
  workflowOf,
} from "../../../src/action/insight/baseline-event.js";
import { findBaseline, keepBaseline } from "../../../src/action/insight/baseline.js";
import type { TestLike } from "../../../src/core/junit/compare.js";
import { checkTest } from "../../../src/core/junit/test-rows.js";
import { testId } from "../../../src/core/junit/tests.js";

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), "jux-baseline-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function payload(value: unknown): string {
  const path = join(dir, `event-${Math.random()}.json`);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
}

test("a pull request compares with GITHUB_BASE_REF, a push with the payload's default branch", async () => {
  const event = payload({ repository: { default_branch: "trunk" } });
  expect(await baseBranch({ GITHUB_EVENT_NAME: "pull_request", GITHUB_BASE_REF: "release/2.x" })).toEqual({
    branch: "release/2.x",
  });
  expect(await baseBranch({ GITHUB_EVENT_NAME: "pull_request_target", GITHUB_BASE_REF: "main" })).toEqual({
    branch: "main",
  });
  expect(await baseBranch({ GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: event })).toEqual({
    branch: "trunk",
  });
  expect(await baseBranch({ GITHUB_EVENT_NAME: "schedule", GITHUB_EVENT_PATH: event })).toEqual({
    branch: "trunk",
  });
  expect(await baseBranch({ GITHUB_EVENT_NAME: "pull_request", GITHUB_BASE_REF: "" })).toEqual({
    problem: "no base branch to compare with: GITHUB_BASE_REF is not set for this pull_request event",
  });
});

test("a hostile or missing event payload is a reason, never a throw", async () => {
  const push = (path?: string) => baseBranch({ GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: path });
  expect(await push()).toEqual({
    problem: "no default branch to compare with: GITHUB_EVENT_PATH is not set (not a GitHub Actions job?)",
  });
  expect(await push(join(dir, "missing.json"))).toEqual({
    problem: "no default branch to compare with: the event payload could not be read (ENOENT)",
  });
  expect(await push(payload("{not json"))).toEqual({
    problem: "no default branch to compare with: the event payload is not JSON",
  });
  for (const hostile of [
    [1, 2],
    null,
    { repository: "main" },
    { repository: { default_branch: 42 } },
    { repository: { default_branch: "main\n::warning::x" } },
    { repository: { default_branch: "b".repeat(256) } },
  ])
    expect(await push(payload(hostile))).toEqual({
      problem: "no default branch to compare with: the event payload has no repository.default_branch",
    });
  const link = join(dir, "link.json");
  symlinkSync(payload({ repository: { default_branch: "main" } }), link);
  expect(await push(link)).toEqual({
    problem: "no default branch to compare with: the event payload could not be read (ELOOP)",
  });
  const huge = join(dir, "huge.json");
  writeFileSync(huge, "");
  rmSync(huge);
  writeFileSync(huge, Buffer.alloc(25 * 1024 ** 2 + 1, 0x20));
  expect(await readEvent({ GITHUB_EVENT_PATH: huge })).toEqual({
    problem: `the event payload is ${25 * 1024 ** 2 + 1} bytes, over the ${25 * 1024 ** 2}-byte limit`,
  });
});

test("the pull request's facts: number, head and base repositories (null for a deleted fork)", () => {
  expect(
    eventFacts({
      pull_request: {
        number: 7,
        head: { repo: { full_name: "me/fork" } },
        base: { repo: { full_name: "o/r" } },
      },
      repository: { default_branch: "main" },
    }),
  ).toEqual({ pullNumber: 7, headRepo: "me/fork", baseRepo: "o/r", defaultBranch: "main" });
  expect(eventFacts({ pull_request: { number: 7, head: { repo: null } } })).toEqual({
    pullNumber: 7,
    headRepo: null,
  });
  expect(eventFacts({ pull_request: { number: "7", head: { repo: { full_name: "../x" } } } })).toEqual({});
  expect(eventFacts({ pull_request: { number: -1 } })).toEqual({});
});

test("only a run on a branch keeps its tests: not a pull request, not a tag", async () => {
  expect(ownBranch({ GITHUB_REF: "refs/heads/main" })).toBe("main");
  expect(ownBranch({ GITHUB_REF: "refs/heads/feature/x" })).toBe("feature/x");
  expect(ownBranch({ GITHUB_REF: "refs/tags/v1" })).toBeUndefined();
  expect(ownBranch({ GITHUB_REF: "refs/pull/3/merge" })).toBeUndefined();
  const tests: TestLike[] = [
    { id: testId("s", "c", "n"), suite: "s", classname: "c", name: "n", outcome: "passed" },
  ];
  const q = { apiKeyHeader: "Authorization", timeoutSeconds: 5, project: "p", workspace: dir };
  // A pull request's run and a tag's return before touching the cache (which is not there in a unit test).
  expect(
    await keepBaseline(
      { ...q, env: { GITHUB_EVENT_NAME: "pull_request", GITHUB_REF: "refs/heads/main" } },
      tests,
    ),
  ).toBe(
    "the tests are not kept as a baseline for later runs: only push, schedule, workflow_dispatch runs keep one, and this is a pull_request run",
  );
  expect(
    await keepBaseline({ ...q, env: { GITHUB_EVENT_NAME: "push", GITHUB_REF: "refs/tags/v1" } }, tests),
  ).toBe("the tests are not kept as a baseline for later runs: GITHUB_REF refs/tags/v1 is not a branch");
  // A branch run without the Actions cache says so.
  expect(
    await keepBaseline({ ...q, env: { GITHUB_EVENT_NAME: "push", GITHUB_REF: "refs/heads/main" } }, tests),
  ).toBe("the baseline for later runs was not kept: the Actions cache is not available to this job");
});

test("only push, schedule and workflow_dispatch keep a baseline: not the events that may handle a fork's reports", async () => {
  const tests: TestLike[] = [
    { id: testId("s", "c", "n"), suite: "s", classname: "c", name: "n", outcome: "passed" },
  ];
  const q = { apiKeyHeader: "Authorization", timeoutSeconds: 5, project: "p", workspace: dir };
  // On the default branch, as GitHub runs them: each would save what it handles as main's baseline.
  for (const event of [
    "workflow_run",
    "issue_comment",
    "repository_dispatch",
    "check_suite",
    "pull_request_review",
    "release",
    "",
  ]) {
    const env = { GITHUB_EVENT_NAME: event, GITHUB_REF: "refs/heads/main" };
    expect(keepsBaseline(env)).toBe(false);
    expect(await keepBaseline({ ...q, env }, tests)).toBe(
      `the tests are not kept as a baseline for later runs: only push, schedule, workflow_dispatch runs keep one, and this is a ${event || "(GITHUB_EVENT_NAME unset)"} run`,
    );
  }
  // A hostile event name cannot break the log line.
  expect(
    await keepBaseline(
      { ...q, env: { GITHUB_EVENT_NAME: "x\n::error::y", GITHUB_REF: "refs/heads/main" } },
      tests,
    ),
  ).toMatch(/this is a x\?::error::y run$/);
  for (const event of ["push", "schedule", "workflow_dispatch"]) {
    const env = { GITHUB_EVENT_NAME: event, GITHUB_REF: "refs/heads/main" };
    expect(keepsBaseline(env)).toBe(true);
    // Past the event check: the cache (not there in a unit test) is what stops it.
    expect(await keepBaseline({ ...q, env }, tests)).toBe(
      "the baseline for later runs was not kept: the Actions cache is not available to this job",
    );
  }
});

test("the workflow: GITHUB_WORKFLOW_REF's path (the same for a pull request and its base), else GITHUB_WORKFLOW", () => {
  expect(
    workflowOf({
      GITHUB_WORKFLOW_REF: "octo/app/.github/workflows/ci.yml@refs/heads/main",
      GITHUB_WORKFLOW: "CI",
    }),
  ).toBe(".github/workflows/ci.yml");
  expect(workflowOf({ GITHUB_WORKFLOW_REF: "octo/app/.github/workflows/ci.yml@refs/pull/7/merge" })).toBe(
    ".github/workflows/ci.yml",
  );
  expect(workflowOf({ GITHUB_WORKFLOW_REF: "garbage", GITHUB_WORKFLOW: "CI" })).toBe("CI");
  expect(workflowOf({ GITHUB_WORKFLOW: "CI" })).toBe("CI");
  expect(workflowOf({})).toBe("");
});

test("findBaseline without a base branch says why", async () => {
  expect(
    await findBaseline({
      env: { GITHUB_EVENT_NAME: "push" },
      workspace: dir,
      apiKeyHeader: "Authorization",
      timeoutSeconds: 1,
      project: "p",
    }),
  ).toEqual({
    found: false,
    description:
      "no default branch to compare with: GITHUB_EVENT_PATH is not set (not a GitHub Actions job?)",
  });
});

test("cache keys: one prefix per project, job, workflow and branch; no branch's prefix is a prefix of another's", () => {
  const scope = { project: "shop", job: "test", workflow: ".github/workflows/ci.yml" };
  const main = baselinePrefix(scope, "main");
  expect(main).toMatch(/^jux-tests-v1-[0-9a-f]{12}-main-[0-9a-f]{8}-$/);
  expect(baselinePrefix({ ...scope }, "main")).toBe(main);
  for (const other of [
    baselinePrefix({ ...scope, job: "lint" }, "main"),
    baselinePrefix({ ...scope, project: "shop2" }, "main"),
    // Another workflow's job of the same name (e.g. one that handles a fork's reports) has its own entries.
    baselinePrefix({ ...scope, workflow: ".github/workflows/report.yml" }, "main"),
    baselinePrefix({ ...scope, workflow: "" }, "main"),
    baselinePrefix(scope, "main-2"),
    baselinePrefix(scope, "main/x"),
    baselinePrefix(scope, "main_x"),
  ])
    expect(other.startsWith(main) || main.startsWith(other)).toBe(false);
  expect(baselineKey(main, { GITHUB_RUN_ID: "42", GITHUB_RUN_ATTEMPT: "2" })).toBe(`${main}42-2`);
});

test("the kept file: compact, failing tests first, read back to the same tests", () => {
  const t = (name: string, outcome: TestLike["outcome"], extra: Partial<TestLike> = {}): TestLike => ({
    id: testId("s", "c", name),
    suite: "s",
    classname: "c",
    name,
    outcome,
    ...extra,
  });
  const tests = [
    t("a", "passed", { duration: 0.12345 }),
    t("b", "failed", { file: "x.py", line: 3, failure: { type: "E", message: "boom" } }),
    t("c", "flaky"),
  ];
  const { text, cut } = baselineJson(tests, { branch: "main", sha: "abcdef1234567", run: "42" });
  expect(cut).toBe(0);
  const parsed = JSON.parse(text) as { v: number; branch: string; tests: Record<string, unknown>[] };
  expect(parsed).toEqual({
    v: 1,
    branch: "main",
    sha: "abcdef1234567",
    run: "42",
    tests: [
      { s: "s", c: "c", n: "b", o: "failed", f: "x.py", l: 3, t: "E", m: "boom" },
      { s: "s", c: "c", n: "a", o: "passed", d: 0.123 },
      { s: "s", c: "c", n: "c", o: "flaky" },
    ],
  });
  const back = parsed.tests.map((x, i) => checkTest(x, CACHE_TEST_KEYS, `tests[${i}]`));
  expect(back).toEqual([{ test: tests[1] }, { test: { ...tests[0], duration: 0.123 } }, { test: tests[2] }]);
});

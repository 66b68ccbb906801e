/**
 * The baseline in the Actions cache through the real @actions/cache against the Actions service emulation (Azurite
 * behind it): a push keeps its tests, a pull request and a later push find the newest run of their base branch,
 * a pull request keeps nothing, and hostile entries saved under the prefix (not JSON, the wrong shape, another
 * member, a link, an oversized file, malformed tests) are refused or trimmed with their reason. Then the fallback
 * order with a Jux API that has no baseline route or cannot be reached.
 *
 * In-process (the modules are not bundled on their own): each job's environment is put in process.env and its
 * workspace made the working directory, as the runner does for a step, and restored after.
 */
import { afterAll, beforeAll, expect, jest, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findBaseline, keepBaseline, type BaselineQuery } from "../../src/action/insight/baseline.js";
import { baselinePrefix } from "../../src/action/insight/baseline-cache.js";
import type { TestLike } from "../../src/core/junit/compare.js";
import { testId } from "../../src/core/junit/tests.js";
import { createRawTarZst } from "../helpers/actions-service/archive.js";
import {
  startActionsService,
  type ActionsService,
  type JobOptions,
} from "../helpers/actions-service/index.js";
import { startScriptedServer } from "../helpers/scripted-server.js";

jest.setTimeout(180_000);

let service: ActionsService;
let scratch: string;
const original = { env: { ...process.env }, cwd: process.cwd() };

beforeAll(async () => {
  service = await startActionsService();
  scratch = mkdtempSync(join(tmpdir(), "jux-baseline-e2e-"));
});
afterAll(async () => {
  await service?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const PATHS = [".jux-action-baseline"];
/** The prefix of the emulated jobs' entries (their workflow is "CI"). */
/** What a description without a baseline says to do. */
const HINT =
  "only pushes (and schedule, workflow_dispatch) keep one; pull requests never do; entries unused for 7 days are evicted";
const yet = (branch: string) =>
  `. A push to ${branch} that runs this action records one; until then no failure is new`;
const UNREAD = "; until one can, no failure is new";
const prefixOf = (project: string, branch = "main", workflow = "CI") =>
  baselinePrefix({ project, job: "test", workflow }, branch);
const t = (name: string, outcome: TestLike["outcome"], extra: Partial<TestLike> = {}): TestLike => ({
  id: testId("suite", "tests.Cart", name),
  suite: "suite",
  classname: "tests.Cart",
  name,
  outcome,
  ...extra,
});

/** Runs fn as a step of the job: its environment in process.env, its workspace as the working directory. */
async function asJob<T>(
  o: JobOptions & { project?: string; env?: Record<string, string> },
  fn: (q: BaselineQuery) => Promise<T>,
): Promise<T> {
  const job = service.job(o);
  const dir = mkdtempSync(join(scratch, "job-"));
  const workspace = join(dir, "workspace");
  const temp = join(dir, "temp");
  mkdirSync(workspace);
  mkdirSync(temp);
  const event = join(dir, "event.json");
  writeFileSync(
    event,
    JSON.stringify({ repository: { full_name: "octo/jux-demo", default_branch: "main" } }),
  );
  const env = {
    ...job.env,
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_PATH: event,
    ...(o.env ?? {}),
  };
  for (const k of Object.keys(process.env))
    if (k.startsWith("GITHUB_") || k.startsWith("ACTIONS_")) delete process.env[k];
  Object.assign(process.env, env);
  process.chdir(workspace);
  try {
    return await fn({
      env,
      workspace,
      apiKeyHeader: "Authorization",
      timeoutSeconds: 5,
      project: o.project ?? "shop",
      job: "test",
    });
  } finally {
    process.chdir(original.cwd);
    for (const k of Object.keys(process.env)) if (!(k in original.env)) delete process.env[k];
    Object.assign(process.env, original.env);
  }
}

const mainRun = (runId: number, project?: string) => ({
  runId,
  ref: "refs/heads/main",
  ...(project ? { project } : {}),
});
const pullRun = (runId: number, project?: string) => ({
  runId,
  ref: "refs/pull/5/merge",
  baseRef: "refs/heads/main",
  ...(project ? { project } : {}),
});

test("a push keeps its tests; a pull request finds them; a later push's are newer; a pull request keeps nothing", async () => {
  const first = [
    t("test_total", "passed", { duration: 0.5 }),
    t("test_empty", "failed", {
      file: "tests/test_cart.py",
      line: 12,
      failure: { type: "AssertionError", message: "assert 0 == 1" },
    }),
    t("test_retry", "flaky"),
  ];
  expect(await asJob(mainRun(101), (q) => keepBaseline(q, first))).toBeUndefined();
  const saved = service.caches().filter((c) => c.key.startsWith(prefixOf("shop")));
  expect(saved.map((c) => [c.key.slice(-6), c.ref])).toEqual([["-101-1", "refs/heads/main"]]);
  const listing = await service.extractCache(saved[0]!.key, mkdtempSync(join(scratch, "x-")));
  expect(listing.filter((f) => !f.endsWith("/"))).toEqual([".jux-action-baseline/tests.json"]);

  const found = await asJob(pullRun(102), (q) => findBaseline(q));
  const sha101 = service.job({ runId: 101 }).env.GITHUB_SHA!.slice(0, 7);
  expect(found).toEqual({
    found: true,
    source: "cache",
    description: `main at ${sha101} (3 tests, run 101) from the Actions cache`,
    tests: [first[1], first[0], first[2]],
  });

  const second = [t("test_total", "passed"), t("test_empty", "passed")];
  expect(await asJob(mainRun(103), (q) => keepBaseline(q, second))).toBeUndefined();
  const before = service.caches().length;
  expect(await asJob(pullRun(104), (q) => keepBaseline(q, [t("x", "failed")]))).toBe(
    "the tests are not kept as a baseline for later runs: only push, schedule, workflow_dispatch runs keep one, and this is a pull_request run",
  );
  expect(service.caches()).toHaveLength(before);
  const newest = await asJob(pullRun(105), (q) => findBaseline(q));
  expect(newest).toMatchObject({
    found: true,
    description: expect.stringContaining("run 103"),
    tests: second,
  });
  // A push to main compares with main's previous run too.
  expect(await asJob(mainRun(106), (q) => findBaseline(q))).toMatchObject({ found: true, tests: second });
});

test("another job, or a branch without runs, finds nothing and says so", async () => {
  expect(await asJob(pullRun(110), (q) => findBaseline({ ...q, job: "lint" }))).toEqual({
    found: false,
    description: `no run of job lint on main yet: no earlier run of this job in the Actions cache: ${HINT}${yet("main")}`,
  });
  expect(
    await asJob({ runId: 111, ref: "refs/pull/6/merge", baseRef: "refs/heads/release" }, (q) =>
      findBaseline(q),
    ),
  ).toEqual({
    found: false,
    description: `no run of job test on release yet: no earlier run of this job in the Actions cache: ${HINT}${yet("release")}`,
  });
});

/** Saves a hand-made entry as main's newest for `project`, then asks a pull request for the baseline. */
async function hostile(project: string, archive: Buffer): Promise<unknown> {
  const key = `${prefixOf(project)}999-1`;
  await service.putCacheArchive(key, "refs/heads/main", archive, PATHS);
  return asJob(pullRun(120, project), (q) => findBaseline(q));
}
const file = (name: string, body: string | Buffer, extra: Record<string, unknown> = {}) => ({
  header: { name, type: "file" as const, mode: 0o644, ...extra },
  body: Buffer.from(body),
});
const TESTS = ".jux-action-baseline/tests.json";

test("hostile cache entries are refused with their reason; malformed tests are dropped and counted", async () => {
  const prefix = (p: string) => prefixOf(p);
  expect(await hostile("h-json", await createRawTarZst([file(TESTS, "{not json")]))).toEqual({
    found: false,
    description: expect.stringMatching(
      new RegExp(
        `^no run of job test on main could be read: the cache entry ${prefix("h-json")}999-1 is not valid JSON \\(.*\\): not used${UNREAD}$`,
      ),
    ),
  });
  expect(
    await hostile("h-shape", await createRawTarZst([file(TESTS, JSON.stringify({ v: 2, tests: [] }))])),
  ).toEqual({
    found: false,
    description: `no run of job test on main could be read: the cache entry ${prefix("h-shape")}999-1 is not a version-1 baseline (an object with v and tests): not used${UNREAD}`,
  });
  const extra = await hostile(
    "h-extra",
    await createRawTarZst([
      file(TESTS, JSON.stringify({ v: 1, tests: [] })),
      file("../../evil.sh", "#!/bin/sh"),
    ]),
  );
  expect(extra).toEqual({
    found: false,
    description: `no run of job test on main could be read: the cache entry ${prefix("h-extra")}999-1 was refused: member "../../evil.sh" (file) is not part of a baseline entry, which holds only .jux-action-baseline/tests.json${UNREAD}`,
  });
  const forged = await hostile(
    "h-forge",
    await createRawTarZst([file(".jux-action-baseline/x\u2028::error::forged\u0085", "x")]),
  );
  expect(forged).toMatchObject({ found: false, description: expect.stringContaining('x?::error::forged?"') });
  expect((forged as { description: string }).description).not.toMatch(/[\u2028\u0085\n]/);
  const link = await hostile(
    "h-link",
    await createRawTarZst([
      { header: { name: TESTS, type: "symlink", linkname: "/etc/passwd", mode: 0o777 } },
    ]),
  );
  expect(link).toMatchObject({
    found: false,
    description: expect.stringContaining("(symlink) is not part of a baseline entry"),
  });
  const big = await hostile(
    "h-big",
    await createRawTarZst([file(TESTS, Buffer.alloc(16 * 1024 ** 2 + 1, 0x20))]),
  );
  expect(big).toMatchObject({
    found: false,
    description: expect.stringContaining(
      `tests.json is ${16 * 1024 ** 2 + 1} bytes, over the ${16 * 1024 ** 2}-byte limit`,
    ),
  });
  const twice = await hostile(
    "h-twice",
    await createRawTarZst([file(TESTS, '{"v":1,"tests":[]}'), file(TESTS, '{"v":1,"tests":[]}')]),
  );
  expect(twice).toMatchObject({
    found: false,
    description: expect.stringContaining("tests.json appears twice"),
  });
  const mixed = {
    v: 1,
    branch: "main",
    sha: "<img src=x>",
    run: "1; rm -rf /",
    tests: [
      { s: "suite", c: "tests.Cart", n: "good", o: "passed" },
      { s: "suite", c: "tests.Cart", n: "bad outcome", o: "PASSED" },
      { s: "suite", c: "tests.Cart", n: 7, o: "passed" },
      {
        s: "suite",
        c: "tests.Cart",
        n: "bad file",
        o: "failed",
        f: "a\u2028b",
        l: 0,
        m: "line one\nline two",
      },
    ],
  };
  expect(await hostile("h-mixed", await createRawTarZst([file(TESTS, JSON.stringify(mixed))]))).toEqual({
    found: true,
    source: "cache",
    description: "main (2 tests) from the Actions cache (2 malformed test entries left out)",
    tests: [t("good", "passed"), t("bad file", "failed", { failure: { message: "line one" } })],
  });
});

test("fallback order: a Jux API without the route, or unreachable, falls back to the cache, described", async () => {
  await asJob(mainRun(130, "fallback"), (q) => keepBaseline(q, [t("a", "passed")]));
  const upstream = await startScriptedServer({
    status: 404,
    body: { error: "Not Found", message: "There is no GET /api/v1/baseline endpoint" },
  });
  try {
    const viaUpstream = await asJob(pullRun(131, "fallback"), (q) =>
      findBaseline({ ...q, apiUrl: `${upstream.url}/api/v1`, apiKey: "jux-key-SECRET-123456" }),
    );
    expect(viaUpstream).toMatchObject({
      found: true,
      source: "cache",
      description: expect.stringMatching(
        /^main at [0-9a-f]{7} \(1 tests, run 130\) from the Actions cache \(the Jux API at http:\/\/127\.0\.0\.1:\d+\/api\/v1\/baseline has no baseline route \(HTTP 404; a server without it, such as an upstream Jux server\)\)$/,
      ),
    });
    expect(viaUpstream).toMatchObject({ server: "no-route" });
    expect(upstream.requests[0]!.headers.authorization).toBe("Bearer jux-key-SECRET-123456");
    expect(JSON.stringify(viaUpstream)).not.toContain("SECRET");
  } finally {
    await upstream.close();
  }
  const down = await asJob(pullRun(132, "fallback"), (q) =>
    findBaseline({ ...q, apiUrl: "http://127.0.0.1:9/api/v1" }),
  );
  expect(down).toMatchObject({
    found: true,
    source: "cache",
    description: expect.stringContaining("(the Jux API could not be reached ("),
    server: "unavailable",
  });
  const neither = await asJob(pullRun(133, "nothing"), (q) =>
    findBaseline({ ...q, apiUrl: "http://127.0.0.1:9/api/v1" }),
  );
  expect(neither).toEqual({
    found: false,
    server: "unavailable",
    description: expect.stringMatching(
      new RegExp(
        `^no run of job test on main yet: the Jux API could not be reached \\(.*\\); no earlier run of this job in the Actions cache: ${HINT.replace(/[()]/g, "\\$&")}\\. A push to main that runs this action records one; until then no failure is new$`,
      ),
    ),
  });
});

test("without cache access (a token that may not read the cache) nothing is found, nothing thrown", async () => {
  expect(await asJob({ ...pullRun(140), cache: "none" }, (q) => findBaseline(q))).toMatchObject({
    found: false,
  });
  expect(
    await asJob({ runId: 141, ref: "refs/heads/main", cache: "read-only", exportCacheMode: true }, (q) =>
      keepBaseline(q, [t("a", "passed")]),
    ),
  ).toEqual(expect.stringContaining("the baseline for later runs was not kept"));
});

test("a matrix leg does not take the entry another leg of the same run and attempt just saved", async () => {
  await asJob(mainRun(150, "legs"), (q) => keepBaseline(q, [t("a", "passed")]));
  await asJob({ ...mainRun(151, "legs"), leg: "a" }, (q) => keepBaseline(q, [t("a", "failed")]));
  const sibling = await asJob({ ...mainRun(151, "legs"), leg: "b" }, (q) => findBaseline(q));
  expect(sibling).toEqual({
    found: false,
    description: `no run of job test on main yet: the cache's newest entry ${prefixOf("legs")}151-1 is this workflow run's own (another matrix leg of this attempt): not a baseline${yet("main")}`,
  });
  // A re-run (attempt 2) compares with attempt 1.
  expect(await asJob({ ...mainRun(151, "legs"), attempt: 2 }, (q) => findBaseline(q))).toMatchObject({
    found: true,
    tests: [t("a", "failed")],
  });
});

test("only push, schedule and workflow_dispatch keep a baseline; another workflow's job of the same name has its own", async () => {
  const project = "events";
  const ours = () => service.caches().filter((c) => c.key.startsWith(prefixOf(project))).length;
  // Jobs on main that may handle a fork's reports (a workflow_run after a pull request's workflow, a comment...).
  let runId = 160;
  for (const event of ["workflow_run", "issue_comment", "repository_dispatch", "check_suite"]) {
    const note = await asJob({ ...mainRun(++runId, project), env: { GITHUB_EVENT_NAME: event } }, (q) =>
      keepBaseline(q, [t("forged", "passed")]),
    );
    expect(note).toBe(
      `the tests are not kept as a baseline for later runs: only push, schedule, workflow_dispatch runs keep one, and this is a ${event} run`,
    );
  }
  expect(ours()).toBe(0);
  expect(await asJob(pullRun(++runId, project), (q) => findBaseline(q))).toMatchObject({ found: false });
  for (const event of ["schedule", "workflow_dispatch", "push"])
    expect(
      await asJob({ ...mainRun(++runId, project), env: { GITHUB_EVENT_NAME: event } }, (q) =>
        keepBaseline(q, [t(event, "passed")]),
      ),
    ).toBeUndefined();
  expect(ours()).toBe(3);
  expect(await asJob(pullRun(++runId, project), (q) => findBaseline(q))).toMatchObject({
    found: true,
    tests: [t("push", "passed")],
  });
  // A job named test in another workflow (by GITHUB_WORKFLOW_REF's file, else GITHUB_WORKFLOW) neither reads
  // these entries nor writes where this workflow reads.
  const report = {
    GITHUB_WORKFLOW: "Report",
    GITHUB_WORKFLOW_REF: "octo/jux-demo/.github/workflows/report.yml@refs/heads/main",
  };
  expect(await asJob({ ...pullRun(++runId, project), env: report }, (q) => findBaseline(q))).toMatchObject({
    found: false,
    description: expect.stringContaining("no earlier run of this job"),
  });
  expect(
    await asJob({ ...mainRun(++runId, project), env: report }, (q) =>
      keepBaseline(q, [t("other", "failed")]),
    ),
  ).toBeUndefined();
  expect(ours()).toBe(3);
  expect(
    service
      .caches()
      .filter((c) => c.key.startsWith(prefixOf(project, "main", ".github/workflows/report.yml"))),
  ).toHaveLength(1);
  expect(await asJob(pullRun(++runId, project), (q) => findBaseline(q))).toMatchObject({
    found: true,
    tests: [t("push", "passed")],
  });
});

/**
 * The action's baseline from a real `jux serve` (the committed bundle on Node 24) with its /api/v1/baseline
 * route: the base branch's newest run of the job, its matrix legs joined, described; a job without runs there
 * falls back to the (absent) cache with both reasons; a key the server refuses is a reason, not a failure.
 * In-process: findBaseline is called with a pull request's environment.
 */
import { afterAll, beforeAll, expect, jest, test } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findBaseline, type BaselineQuery } from "../../src/action/insight/baseline.js";
import { testId } from "../../src/core/junit/tests.js";
import { report, type CaseSpec, type ReportSpec } from "../helpers/insight.js";
import { cleanUp, startServer, submit, type Server } from "../helpers/serve.js";

jest.setTimeout(120_000);

const KEY = "jux-e2e-baseline-SECRET-5b2f";
let server: Server;
let dir: string;

async function post(spec: ReportSpec): Promise<string> {
  const reply = await submit(server, report(spec), { Authorization: `Bearer ${KEY}` });
  expect(reply.status).toBe(201);
  return (reply.body as { test_run_id: string }).test_run_id;
}

beforeAll(async () => {
  server = await startServer(["--token", KEY]);
  dir = mkdtempSync(join(tmpdir(), "jux-baseline-serve-"));
  const leg = (nonce: string, cases: CaseSpec[]): ReportSpec => ({
    project: "shop",
    branch: "main",
    commit: "c0ffee1234567890c0ffee1234567890c0ffee12",
    runId: "500",
    job: "test",
    nonce,
    cases,
  });
  await post({ ...leg("old", [{ name: "t1", outcome: "failed" }]), runId: "400", nonce: "old" });
  await post(
    leg("linux", [
      { name: "t1", outcome: "passed", time: 0.5 },
      { name: "t2", outcome: "failed", file: "tests/test_cart.py", line: 12, message: "assert 0 == 1" },
    ]),
  );
  await post(
    leg("macos", [
      { name: "t1", outcome: "failed", message: "only on macOS" },
      { name: "t3", flaky: true },
    ]),
  );
});
afterAll(async () => {
  await cleanUp();
  rmSync(dir, { recursive: true, force: true });
});

function pullRequest(o: Partial<BaselineQuery> = {}): BaselineQuery {
  const event = join(dir, "event.json");
  writeFileSync(
    event,
    JSON.stringify({ pull_request: { number: 1 }, repository: { default_branch: "main" } }),
  );
  return {
    // No Actions cache in this environment: the cache's part is "not available".
    env: { GITHUB_EVENT_NAME: "pull_request", GITHUB_BASE_REF: "main", GITHUB_EVENT_PATH: event },
    workspace: dir,
    apiUrl: `${server.url}/api/v1`,
    apiKey: KEY,
    apiKeyHeader: "Authorization",
    timeoutSeconds: 10,
    project: "shop",
    job: "test",
    ...o,
  };
}

const id = (name: string) => testId("suite", "pkg.Tests", name);

test("the newest run of the job on the base branch, its legs joined by the worst outcome, described", async () => {
  const got = await findBaseline(pullRequest());
  if (!got.found) throw new Error(got.description);
  expect(got.source).toBe("server");
  expect(got.server).toBe("found");
  expect(got.description).toBe("main at c0ffee1 (2 reports, 3 tests, run 500) from the Jux API");
  const byName = Object.fromEntries(got.tests.map((t) => [t.name, t]));
  expect(Object.keys(byName).sort()).toEqual(["t1", "t2", "t3"]);
  expect(byName.t1).toMatchObject({ id: id("t1"), outcome: "failed", failure: { message: "only on macOS" } });
  expect(byName.t2).toEqual({
    id: id("t2"),
    suite: "suite",
    classname: "pkg.Tests",
    name: "t2",
    outcome: "failed",
    file: "tests/test_cart.py",
    line: 12,
    duration: 0.1,
    failure: { type: "AssertionError", message: "assert 0 == 1" },
  });
  expect(byName.t3).toMatchObject({ outcome: "flaky" });
  await server.waitForLog((log) => log.includes("GET /api/v1/baseline"));
  expect(server.log()).not.toContain(KEY);
});

test("no run of the job there: the server's 'No baseline' with its suggestion, the cache's reason, what to do", async () => {
  const got = await findBaseline(pullRequest({ job: "deploy" }));
  expect(got).toEqual({
    found: false,
    server: "none",
    description:
      "no run of job deploy on main yet: the Jux API has no run of shop on main (it suggests: Publish a run of branch main first (e.g. on push to main); the comparison starts from the next one); the Actions cache is not available to this job. A push to main that runs this action records one; until then no failure is new",
  });
  const other = await findBaseline({
    ...pullRequest(),
    env: { ...pullRequest().env, GITHUB_BASE_REF: "release" },
  });
  expect(other.description).toBe(
    "no run of job test on release yet: the Jux API has no run of shop on release (it suggests: Publish a run of branch release first (e.g. on push to release); the comparison starts from the next one); the Actions cache is not available to this job. A push to release that runs this action records one; until then no failure is new",
  );
});

test("reading needs no key: without one the baseline is found all the same", async () => {
  const got = await findBaseline(pullRequest({ apiKey: undefined }));
  expect(got).toMatchObject({ found: true, source: "server" });
});

test("a leg of the same workflow run (its other legs already published) gets no baseline from them", async () => {
  const self = { GITHUB_REPOSITORY: "acme/app", GITHUB_RUN_ID: "500", GITHUB_RUN_ATTEMPT: "1" };
  const got = await findBaseline(pullRequest({ env: { ...pullRequest().env, ...self } }));
  expect(got.found).toBe(false);
  expect(got.description).toMatch(
    /^no run of job test on main yet: the Jux API's newest run of main is this workflow run itself \(another matrix leg of this attempt\): not a baseline; /,
  );
});

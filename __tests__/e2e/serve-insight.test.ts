/**
 * jux serve's per-test routes end to end (docs/openapi-insight.yaml): the committed bundle on Node 24, reports
 * submitted over HTTP, every response validated against our OpenAPI document (and the run detail against the
 * upstream contract too), the comparison of a pull request with its base branch exact.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MIGRATIONS } from "../../src/server/schema.js";
import { JUNIT, XMLDSIG } from "../helpers/fixtures.js";
import { key as signingKey, sign } from "../helpers/jux.js";
import { withShared } from "../helpers/shared.js";
import { testKey } from "../../src/core/junit/compare.js";
import { testId } from "../../src/core/junit/tests.js";
import { report, type CaseSpec, type ReportSpec } from "../helpers/insight.js";
import { expectValidResponse, operations } from "../helpers/openapi.js";
import { BACKENDS } from "../helpers/postgres.js";
import {
  NODE24,
  cleanUp,
  expectErrorShape,
  query,
  startServer,
  submit,
  tempDir,
  type Reply,
  type Server,
} from "../helpers/serve.js";

const seen = new Set<string>();

/** GET an /api/v1 path, validated against docs/openapi-insight.yaml; the (operation, status) pair is noted. */
async function get(server: Server, pathWithQuery: string): Promise<Reply> {
  const reply = await query(server, pathWithQuery);
  const path = pathWithQuery.split("?")[0]!;
  expectValidResponse("insight", "get", path, reply.status, reply.body, reply.headers);
  if (reply.status >= 400) expectErrorShape(reply);
  const op = operations("insight").find((o) =>
    new RegExp(`^${o.path.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path),
  );
  seen.add(`${op?.path} ${reply.status}`);
  return reply;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const body = (r: Reply) => r.body as any;

async function post(server: Server, spec: ReportSpec): Promise<string> {
  const reply = await submit(server, report(spec));
  expect(reply.status).toBe(201);
  return body(reply).test_run_id as string;
}

const key = (name: string) => testKey(testId("suite", "pkg.Tests", name));

describe.each(BACKENDS)("jux serve: per-test routes (%s)", (backend) => {
  let server: Server;
  let baseLeg1: string;
  let baseLeg2: string;
  let lintRun: string;
  let head: string;

  beforeAll(async () => {
    server = await startServer([], {}, { backend });
    const cases = (list: [string, CaseSpec["outcome"]][]): CaseSpec[] =>
      list.map(([name, outcome]) => ({ name, ...(outcome ? { outcome } : {}) }));
    // The base branch's workflow run 100, job "test", in two matrix legs; a later "lint" job run on main.
    baseLeg1 = await post(server, {
      project: "shop",
      branch: "main",
      commit: "b".repeat(40),
      runId: "100",
      job: "test",
      nonce: "leg1",
      cases: cases([
        ["t1", "passed"],
        ["t2", "passed"],
        ["t3", "failed"],
        ["gone", "passed"],
      ]),
    });
    baseLeg2 = await post(server, {
      project: "shop",
      branch: "main",
      commit: "b".repeat(40),
      runId: "100",
      job: "test",
      nonce: "leg2",
      cases: cases([
        ["t4", "failed"],
        ["t5", "passed"],
        ["t1", "passed"],
      ]),
    });
    lintRun = await post(server, {
      project: "shop",
      branch: "main",
      runId: "101",
      job: "lint",
      cases: [{ name: "lint" }],
    });
    // The pull request: 2 new failures (t1 failed, t2 error), 1 fixed (t3), t4 still failing, t5 flaky (a rerun
    // that passed), t6 added, "gone" removed. Its name carries HTML and quotes.
    head = await post(server, {
      project: "shop",
      branch: "feature/x",
      runId: "200",
      job: "test",
      cases: [
        { name: "t1", outcome: "failed", file: "src/t1.ts", line: 7, message: "expected <b>1</b>" },
        { name: "t2", outcome: "error", message: "crash" },
        { name: "t3" },
        { name: "t4", outcome: "failed" },
        { name: "t5", flaky: true },
        { name: `t6 <script>alert("x")</script> 'q'` },
      ],
    });
  });
  afterAll(async () => {
    await cleanUp();
    // Every documented (operation, status) pair of our document was exercised and validated.
    const documented = operations("insight").flatMap((o) => o.statuses.map((s) => `${o.path} ${s}`));
    expect(documented.filter((d) => !seen.has(d))).toEqual([]);
  });

  it("compares the pull request's run with the latest base-branch run of its job, legs joined: exact lists", async () => {
    const reply = await get(server, `/test_runs/${head}/compare?base=main`);
    expect(reply.status).toBe(200);
    const c = body(reply);
    const names = (list: { name: string; before?: string }[]) => list.map((t) => [t.name, t.before]);
    expect(c.base).toEqual({
      test_run_ids: [baseLeg1, baseLeg2],
      branch: "main",
      commit_sha: "b".repeat(40),
      workflow_run: "github:acme/app:100:1",
    });
    expect(c.counts).toEqual({ new_failures: 2, fixed: 1, still_failing: 1, added: 1, removed: 1 });
    expect(names(c.new_failures)).toEqual([
      ["t1", "passed"],
      ["t2", "passed"],
    ]);
    expect(c.new_failures[0]).toEqual({
      id: testId("suite", "pkg.Tests", "t1"),
      key: key("t1"),
      suite: "suite",
      classname: "pkg.Tests",
      name: "t1",
      outcome: "failed",
      duration: 0.1,
      retries: 0,
      file: "src/t1.ts",
      line: 7,
      failure_type: "AssertionError",
      failure_message: "expected <b>1</b>",
      before: "passed",
    });
    expect(names(c.fixed)).toEqual([["t3", "failed"]]);
    expect(names(c.still_failing)).toEqual([["t4", "failed"]]);
    expect(c.added.map((t: { name: string }) => t.name)).toEqual([`t6 <script>alert("x")</script> 'q'`]);
    expect(c.removed.map((t: { name: string }) => t.name)).toEqual(["gone"]);
    expect(c.truncated).toBe(false);
    const withRun = body(await get(server, `/test_runs/${head}/compare?with=${baseLeg1}`));
    expect(withRun.base.test_run_ids).toEqual([baseLeg1]);
    // t4 was not in that leg: it is a new failure there.
    expect(withRun.counts).toEqual({ new_failures: 3, fixed: 1, still_failing: 0, added: 3, removed: 1 });
  });

  it("baseline: the latest run of the branch and job with its legs, tests joined by the worst outcome", async () => {
    const reply = await get(server, "/baseline?project=shop&branch=main&job=test");
    expect(reply.status).toBe(200);
    const b = body(reply);
    expect(b.workflow_run).toBe("github:acme/app:100:1");
    expect(b.test_runs.map((r: { id: string }) => r.id)).toEqual([baseLeg1, baseLeg2]);
    expect(b.test_runs[0]).toMatchObject({ branch: "main", commit_sha: "b".repeat(40) });
    expect(b.tests.map((t: { name: string; outcome: string }) => [t.name, t.outcome])).toEqual([
      ["t1", "passed"],
      ["t2", "passed"],
      ["t3", "failed"],
      ["gone", "passed"],
      ["t4", "failed"],
      ["t5", "passed"],
    ]);
    expect(b.truncated).toBe(false);
    // Without a job: the newest run of the branch (the lint job's); with an unknown job: none names it, and
    // no run without a job exists, so there is no baseline rather than another job's.
    expect(body(await get(server, "/baseline?project=shop&branch=main")).test_runs[0].id).toBe(lintRun);
    const none = await get(server, "/baseline?project=shop&branch=main&job=deploy");
    expect(none.status).toBe(404);
    expect(body(none).error).toBe("No baseline");
    expect((await get(server, "/baseline?project=shop&branch=nowhere")).status).toBe(404);
    const missing = await get(server, "/baseline?branch=main");
    expect(missing.status).toBe(400);
    expect(body(missing).suggestions.length).toBeGreaterThan(0);
  });

  it("a run's tests: failing first, then flaky, then passed; paged; outcome filter", async () => {
    const page1 = await get(server, `/test_runs/${head}/tests?per_page=3`);
    expect(page1.status).toBe(200);
    expect(body(page1).tests.map((t: { name: string }) => t.name)).toEqual(["t1", "t2", "t4"]);
    expect(body(page1).pagination).toEqual({ current_page: 1, total_pages: 2, total_count: 6, per_page: 3 });
    const flaky = body(await get(server, `/test_runs/${head}/tests?outcome=flaky`));
    expect(flaky.tests).toEqual([
      expect.objectContaining({ name: "t5", outcome: "flaky", retries: 1, failure_message: "boom" }),
    ]);
    expect((await get(server, `/test_runs/${head}/tests?per_page=100000`)).status).toBe(400);
    expect((await get(server, "/test_runs/not-a-uuid/tests")).status).toBe(404);
    expect((await get(server, `/test_runs/${head}/tests?outcome=bogus`)).status).toBe(400);
  });

  it("a project's tests with pass rate and flaky score; a test's history newest first", async () => {
    const list = await get(server, "/tests?project=shop&sort=failing&per_page=100");
    expect(list.status).toBe(200);
    const t1 = body(list).tests.find((t: { name: string }) => t.name === "t1");
    // t1: passed twice in run 100 (one per leg), failed in the pull request.
    expect(t1).toMatchObject({
      key: key("t1"),
      runs: 3,
      pass_rate: 66.67,
      last_outcome: "failed",
      last_run_id: head,
    });
    const onMain = body(await get(server, "/tests?project=shop&branch=main&outcome=failed"));
    expect(onMain.tests.map((t: { name: string }) => t.name).sort()).toEqual(["t3", "t4"]);
    const history = await get(server, `/tests/${key("t1")}/history?project=shop`);
    expect(history.status).toBe(200);
    expect(
      body(history).history.map((h: { test_run_id: string; outcome: string }) => [h.test_run_id, h.outcome]),
    ).toEqual([
      [head, "failed"],
      [baseLeg2, "passed"],
      [baseLeg1, "passed"],
    ]);
    expect((await get(server, `/tests/${"0".repeat(32)}/history`)).status).toBe(404);
    expect((await get(server, `/tests/${key("t1")}/history?branch=nowhere`)).status).toBe(404);
    expect((await get(server, "/tests/%3Cscript%3E/history")).status).toBe(404);
    expect((await get(server, `/tests/${key("t1")}/history?limit=0`)).status).toBe(400);
    const missing = await get(server, "/tests");
    expect(missing.status).toBe(400);
    expect(body(missing).suggestions[0]).toMatch(/project=/);
  });

  it("a run's detail gains flaky, workflow_run and its legs (also valid against the upstream contract)", async () => {
    const reply = await get(server, `/test_runs/${baseLeg2}`);
    expect(reply.status).toBe(200);
    expectValidResponse("query", "get", `/test_runs/${baseLeg2}`, reply.status, reply.body, reply.headers);
    expect(body(reply)).toMatchObject({
      workflow_run: "github:acme/app:100:1",
      legs: [baseLeg1, baseLeg2],
      flaky: 0,
    });
    expect(body(await get(server, `/test_runs/${head}`)).flaky).toBe(1);
    expect((await get(server, "/test_runs/00000000-0000-0000-0000-000000000000")).status).toBe(404);
  });

  it("compare refuses neither or both parameters, an unknown run, and a branch with no run", async () => {
    expect((await get(server, `/test_runs/${head}/compare`)).status).toBe(400);
    expect((await get(server, `/test_runs/${head}/compare?base=main&with=${baseLeg1}`)).status).toBe(400);
    expect((await get(server, `/test_runs/${head}/compare?with=nope`)).status).toBe(404);
    const none = await get(server, `/test_runs/${head}/compare?base=release`);
    expect(none.status).toBe(404);
    expect(body(none)).toMatchObject({
      error: "No baseline",
      suggestions: [expect.stringContaining("release")],
    });
  });

  it("a pull request's run (claiming main, copying main's run id) is no baseline or base, nor a joined leg", async () => {
    const withEvent = (spec: ReportSpec, event: string) =>
      Buffer.from(
        report(spec)
          .toString("utf8")
          .replace("</properties>", `<property name="env:GITHUB_EVENT_NAME" value="${event}"/></properties>`),
      );
    const main = await post(server, {
      project: "guarded",
      branch: "main",
      runId: "300",
      job: "test",
      cases: [{ name: "a" }],
    });
    const pr = { project: "guarded", branch: "main", runId: "300", job: "test" };
    for (const event of ["pull_request", "pull_request_target"]) {
      const planted = await submit(
        server,
        withEvent(
          { ...pr, nonce: event, cases: [{ name: "a", outcome: "failed" }, { name: "planted" }] },
          event,
        ),
      );
      expect(planted.status).toBe(201);
    }
    // Another branch's run copying main's public run id joins nothing either.
    await post(server, { ...pr, branch: "evil", cases: [{ name: "planted-too" }] });
    const baseline = body(await get(server, "/baseline?project=guarded&branch=main&job=test"));
    expect(baseline.test_runs.map((r: { id: string }) => r.id)).toEqual([main]);
    expect(baseline.test_runs[0].signer).toBeNull();
    expect(baseline.tests.map((t: { name: string; outcome: string }) => [t.name, t.outcome])).toEqual([
      ["a", "passed"],
    ]);
    const feature = await post(server, {
      project: "guarded",
      branch: "feature",
      job: "test",
      cases: [{ name: "a" }],
    });
    const c = body(await get(server, `/test_runs/${feature}/compare?base=main`));
    expect([c.base.test_run_ids, c.counts, c.tests_truncated]).toEqual([
      [main],
      { new_failures: 0, fixed: 0, still_failing: 0, added: 0, removed: 0 },
      false,
    ]);
    const page = await fetch(`${server.url}/runs/${feature}?base=main`);
    expect(await page.text()).toContain(`href="/runs/${main}"`);
  });

  it("a hostile window is read over one of a few windows and says how many runs it read", async () => {
    const r = body(await get(server, "/tests?project=shop&window=499&per_page=1"));
    const runs = body(await query(server, "/test_runs?project=shop&per_page=1")).pagination.total_count;
    expect(runs).toBeGreaterThanOrEqual(4);
    expect([r.window, r.window_used]).toEqual([300, runs]);
  });
});

withShared(
  ["fixtures/junit", "fixtures/xmldsig"],
  "jux serve's per-test rows of real reports and of an upgraded database",
  () => {
    const rsa = signingKey(join(XMLDSIG, "rsa.pem"), join(XMLDSIG, "rsa.crt"));
    const fixture = async (rel: string, project: string) =>
      (await sign(readFileSync(join(JUNIT, rel)), rsa, { properties: [{ name: "project", value: project }] }))
        .bytes;
    afterAll(cleanUp);

    it.each(BACKENDS)(
      "Surefire flakyFailure and pytest-rerunfailures reports: flaky tests with their retries, file and line (%s)",
      async (backend) => {
        const server = await startServer([], {}, { backend });
        const surefire = await submit(
          server,
          await fixture("apache-maven-surefire/TEST-org.acme.FlakyTest.xml", "jvm"),
        );
        expect(surefire.status).toBe(201);
        const tests = body(
          await get(server, `/test_runs/${body(surefire).test_run_id}/tests?outcome=flaky`),
        ).tests;
        expect(tests).toEqual([
          expect.objectContaining({
            name: "testFlaky",
            outcome: "flaky",
            retries: 4,
            file: "FlakyTest.java",
            line: 18,
            failure_type: "org.opentest4j.AssertionFailedError",
          }),
        ]);
        const pytest = await submit(
          server,
          await fixture("mikepenz-action-junit-report/flaky_with_classname_file.xml", "py"),
        );
        expect(pytest.status).toBe(201);
        const run = body(await get(server, `/test_runs/${body(pytest).test_run_id}`));
        expect(run.flaky).toBeGreaterThan(0);
        const flaky = body(await get(server, `/test_runs/${run.id}/tests?outcome=flaky`)).tests;
        expect(flaky.length).toBe(run.flaky);
        expect(flaky.every((t: { retries: number }) => t.retries > 0)).toBe(true);
      },
    );

    // SQLite only: what an earlier version wrote (before PostgreSQL support) is a SQLite file.
    it("a database written before per-test rows: the server opened on it shows the old runs' tests and history", async () => {
      const dir = tempDir();
      const database = join(dir, "old.sqlite");
      const xml = await fixture("apache-maven-surefire/TEST-org.acme.FlakyTest.xml", "legacy");
      const script = `
      const { DatabaseSync } = require("node:sqlite");
      const [path, schema, xml] = process.argv.slice(1);
      const db = new DatabaseSync(path);
      db.exec(schema + "PRAGMA user_version = 2;");
      db.prepare(\`INSERT INTO test_runs (id, canonical_hash, project, branch, status, total_tests, failures, errors,
        skipped, success_rate, total_time, tags, properties, inserted_at, xml) VALUES
        ('11111111-1111-4111-8111-111111111111', 'h', 'legacy', 'main', 'passed', 2, 0, 0, 0, 100, 0.035, '[]',
        '[{"name":"project","value":"legacy"}]', '2026-01-01T00:00:00.000Z', ?)\`).run(require("node:fs").readFileSync(xml));
      db.close();`;
      const file = join(dir, "old.xml");
      writeFileSync(file, xml);
      execFileSync(NODE24, ["-e", script, database, MIGRATIONS[0]! + MIGRATIONS[1]!, file]);
      const server = await startServer(["--database", database]);
      const id = "11111111-1111-4111-8111-111111111111";
      const tests = body(await get(server, `/test_runs/${id}/tests`)).tests;
      expect(tests.map((t: { name: string; outcome: string }) => [t.name, t.outcome])).toEqual([
        ["testFlaky", "flaky"],
        ["testStable", "passed"],
      ]);
      const history = await get(
        server,
        `/tests/${testKey(testId("org.acme.FlakyTest", "org.acme.FlakyTest", "testFlaky"))}/history`,
      );
      expect(body(history).history.map((h: { test_run_id: string }) => h.test_run_id)).toEqual([id]);
      expect(body(await get(server, "/tests?project=legacy")).tests).toHaveLength(2);
      expect(server.stderr()).toContain(
        "jux serve: filled in the per-test results of 1 run(s) stored by an earlier version",
      );
    });
  },
);

/**
 * The Store's per-test rows and queries (src/server/insight/), through the real ingest (one streaming pass) and a
 * real database, on each backend (SQLite and PostgreSQL: the same answers). The backfill of a database from before
 * per-test rows is SQLite's only (such databases are SQLite files; PostgreSQL starts at the current schema).
 */
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testKey } from "../../../src/core/junit/compare.js";
import { testId } from "../../../src/core/junit/tests.js";
import { ingest } from "../../../src/server/ingest.js";
import { MIGRATIONS, type TestRow } from "../../../src/server/schema.js";
import type { Store } from "../../../src/server/store.js";
import { commitSubmission } from "../../../src/server/submission.js";
import { JUNIT, XMLDSIG } from "../../helpers/fixtures.js";
import { report, type ReportSpec } from "../../helpers/insight.js";
import { key, sign } from "../../helpers/jux.js";
import { BACKENDS } from "../../helpers/postgres.js";
import { testStores } from "../../helpers/server-store.js";
import { withShared } from "../../helpers/shared.js";

const HAS_SQLITE = Boolean(process.getBuiltinModule?.("node:sqlite"));
if (!HAS_SQLITE)
  console.log(`skipped: the SQLite backfill test needs node:sqlite (Node 22.5+), this is ${process.version}`);
const describeSqlite = HAS_SQLITE ? describe : describe.skip;

const POLICY = { trusted: [], requireSignature: false };
const stores = testStores("jux-insight-store-");

async function submit(store: Store, body: Buffer): Promise<string> {
  const reply = await commitSubmission(
    store,
    await ingest(body, POLICY),
    undefined,
    "1970-01-01T00:00:00.000Z",
  );
  expect(reply.status).toBe(201);
  return reply.runId!;
}

const put = (store: Store, spec: ReportSpec) => submit(store, report(spec));
const pick = (rows: TestRow[]) => rows.map((r) => [r.name, r.outcome]);

describe.each(BACKENDS)("per-test rows at ingest (%s)", (backend) => {
  it("stores one row per test id, failing first, then flaky, skipped, passed, report order within", async () => {
    const store = await stores.open(backend);
    const id = await put(store, {
      project: "p",
      cases: [
        { name: "a" },
        { name: "b", outcome: "failed", file: "src/b.ts", line: 12, message: "expected 1" },
        { name: "c", outcome: "skipped" },
        { name: "d", flaky: true },
        { name: "e", outcome: "error" },
      ],
    });
    const rows = await store.runTests(id);
    expect(pick(rows)).toEqual([
      ["b", "failed"],
      ["e", "error"],
      ["d", "flaky"],
      ["c", "skipped"],
      ["a", "passed"],
    ]);
    expect(rows[0]).toEqual({
      run_id: id,
      test_id: testId("suite", "pkg.Tests", "b"),
      key: testKey(testId("suite", "pkg.Tests", "b")),
      suite: "suite",
      classname: "pkg.Tests",
      name: "b",
      file: "src/b.ts",
      line: 12,
      outcome: "failed",
      duration: 0.1,
      failure_type: "AssertionError",
      failure_message: "expected 1",
      retries: 0,
      position: 1,
    });
    expect(await store.run(id)).toMatchObject({ flaky: 1, workflow_run: null, job: null });
    expect(pick(await store.runTests(id, { outcomes: ["flaky", "passed"], limit: 1 }))).toEqual([
      ["d", "flaky"],
    ]);
    expect(await store.countRunTests(id, ["failed", "error"])).toBe(2);
  });

  it("keys a GitHub run's legs by repository, run id and attempt, and keeps the job", async () => {
    const store = await stores.open(backend);
    const a = await put(store, {
      project: "p",
      branch: "main",
      runId: "77",
      job: "test",
      nonce: "1",
      cases: [{ name: "x" }],
    });
    const b = await put(store, {
      project: "p",
      branch: "main",
      runId: "77",
      job: "test",
      nonce: "2",
      cases: [{ name: "y" }],
    });
    const c = await put(store, {
      project: "p",
      branch: "main",
      runId: "78",
      job: "lint",
      cases: [{ name: "z" }],
    });
    expect(await store.run(a)).toMatchObject({ workflow_run: "github:acme/app:77:1", job: "test" });
    expect((await store.workflowLegs(b)).map((r) => r.id)).toEqual([a, b]);
    expect((await store.workflowLegs(c)).map((r) => r.id)).toEqual([c]);
    expect(await store.workflowLegs("nope")).toEqual([]);
    expect(await store.projects()).toEqual([
      { project: "p", runs: 3, last_inserted_at: (await store.run(c))!.inserted_at },
    ]);
  });
});

describe.each(BACKENDS)("a report past the caps (%s)", (backend) => {
  it("stores the tests it listed (the first 100 000) and counts them all", async () => {
    const store = await stores.open(backend);
    const n = 100_005;
    const cases = Array.from({ length: n }, (_, i) => ({
      name: `c${i}`,
      ...(i === n - 1 ? { outcome: "failed" as const } : {}),
    }));
    const id = await put(store, { project: "big", cases });
    expect(await store.run(id)).toMatchObject({ total_tests: n, failures: 1, tests_truncated: 1 });
    expect(await store.countRunTests(id)).toBe(100_000);
    expect((await store.runTests(id, { limit: 1 }))[0]).toMatchObject({ name: "c0", outcome: "passed" });
  });
});

describe.each(BACKENDS)("test summaries, history and trend (%s)", (backend) => {
  /** Runs of one test t (and a stable s) on main: outcomes in order. */
  async function series(
    store: Store,
    outcomes: ("passed" | "failed" | "flaky" | "skipped")[],
    branch = "main",
  ) {
    const ids: string[] = [];
    for (const [i, o] of outcomes.entries())
      ids.push(
        await put(store, {
          project: "p",
          branch,
          nonce: `${branch}${i}`,
          cases: [
            {
              name: "t",
              time: i + 1,
              ...(o === "flaky" ? { flaky: true } : o === "passed" ? {} : { outcome: o }),
            },
            { name: "s", time: 0.5 },
          ],
        }),
      );
    return ids;
  }

  it("pass rate (flaky counts as passed, skipped left out), flips + flaky runs over runs, mean and p95", async () => {
    const store = await stores.open(backend);
    const ids = await series(store, ["passed", "failed", "passed", "flaky", "skipped", "failed"]);
    const { rows, total } = await store.testSummaries({ project: "p", sort: "flaky", page: 1, perPage: 10 });
    expect(total).toBe(2);
    // Sequence without flaky/skipped: passed, failed, passed, failed: 3 flips; 1 flaky run; 5 runs where it ran.
    expect(rows[0]).toMatchObject({
      name: "t",
      key: testKey(testId("suite", "pkg.Tests", "t")),
      runs: 6,
      pass_rate: 60,
      last_outcome: "failed",
      last_run_id: ids[5],
      flaky_score: 0.8,
      mean_duration: (1 + 2 + 3 + 4 + 6) / 5,
      p95_duration: 6,
    });
    expect(rows[1]).toMatchObject({
      name: "s",
      runs: 6,
      pass_rate: 100,
      flaky_score: 0,
      last_outcome: "passed",
    });
    const window = await store.testSummaries({
      project: "p",
      window: 2,
      page: 1,
      perPage: 10,
      outcome: "failed",
    });
    expect(window.rows.map((r) => [r.name, r.runs, r.pass_rate])).toEqual([["t", 2, 0]]);
  });

  it("a run stored after a summary is in the next one (the cache is per stored run), on any page or sort", async () => {
    const store = await stores.open(backend);
    await series(store, ["passed"]);
    const f = { project: "p", page: 1, perPage: 10, sort: "flaky" as const };
    expect((await store.testSummaries(f)).rows.find((r) => r.name === "t")).toMatchObject({
      runs: 1,
      flaky_score: 0,
    });
    await put(store, {
      project: "p",
      branch: "main",
      nonce: "later",
      cases: [{ name: "t", outcome: "failed" }],
    });
    expect((await store.testSummaries(f)).rows[0]).toMatchObject({
      name: "t",
      runs: 2,
      flaky_score: 0.5,
      last_outcome: "failed",
    });
    expect((await store.testSummaries({ ...f, sort: "name", perPage: 1, page: 2 })).rows[0]).toMatchObject({
      name: "t",
      runs: 2,
    });
  });

  it("flips are counted within a branch, never across two branches' runs", async () => {
    const store = await stores.open(backend);
    await series(store, ["passed", "passed"], "main");
    await series(store, ["failed", "failed"], "dev");
    const [t] = (await store.testSummaries({ project: "p", sort: "failing", page: 1, perPage: 1 })).rows;
    expect(t).toMatchObject({ name: "t", runs: 4, pass_rate: 50, flaky_score: 0 });
  });

  it("sorts slowest and by name, pages, and says so for an unknown project", async () => {
    const store = await stores.open(backend);
    await series(store, ["passed"]);
    const f = { project: "p", page: 1, perPage: 1 };
    expect((await store.testSummaries({ ...f, sort: "slowest" })).rows[0]!.name).toBe("t");
    expect((await store.testSummaries({ ...f, sort: "name" })).rows[0]!.name).toBe("s");
    expect((await store.testSummaries({ ...f, page: 2 })).rows[0]!.name).toBe("t");
    expect(await store.testSummaries({ ...f, project: "none" })).toEqual({
      rows: [],
      total: 0,
      window: 30,
      windowUsed: 0,
    });
  });

  it("a test's history is newest first with its run's branch, commit and workflow run", async () => {
    const store = await stores.open(backend);
    const ids = await series(store, ["passed", "failed", "passed"]);
    await series(store, ["failed"], "dev");
    const key = testKey(testId("suite", "pkg.Tests", "t"));
    const history = await store.testHistory(key, { project: "p", branch: "main", limit: 2 });
    expect(history.map((h) => [h.run_id, h.outcome, h.branch])).toEqual([
      [ids[2], "passed", "main"],
      [ids[1], "failed", "main"],
    ]);
    expect(await store.testHistory(key, { limit: 10 })).toHaveLength(4);
    expect(await store.testHistory("0".repeat(32), { limit: 10 })).toEqual([]);
  });

  it("a test of the same name in two projects: its history merges them newest first unless one is asked", async () => {
    const store = await stores.open(backend);
    const a = await put(store, { project: "a", branch: "main", cases: [{ name: "t" }] });
    const b = await put(store, { project: "b", branch: "main", cases: [{ name: "t", outcome: "failed" }] });
    const c = await put(store, {
      project: "a",
      branch: "main",
      nonce: "2",
      cases: [{ name: "t", outcome: "skipped" }],
    });
    const key = testKey(testId("suite", "pkg.Tests", "t"));
    expect((await store.testHistory(key, { limit: 10 })).map((h) => [h.run_id, h.project])).toEqual([
      [c, "a"],
      [b, "b"],
      [a, "a"],
    ]);
    expect((await store.testHistory(key, { limit: 2 })).map((h) => h.run_id)).toEqual([c, b]);
    expect((await store.testHistory(key, { project: "b", limit: 10 })).map((h) => h.outcome)).toEqual([
      "failed",
    ]);
    expect(await store.testHistory(key, { project: "c", limit: 10 })).toEqual([]);
  });

  it("the trend joins a workflow run's legs into one point, oldest to newest", async () => {
    const store = await stores.open(backend);
    const solo = await put(store, {
      project: "p",
      branch: "main",
      cases: [{ name: "a" }, { name: "b", outcome: "failed" }],
    });
    const leg1 = await put(store, {
      project: "p",
      branch: "main",
      runId: "9",
      nonce: "1",
      cases: [{ name: "a", flaky: true }],
    });
    const leg2 = await put(store, {
      project: "p",
      branch: "main",
      runId: "9",
      nonce: "2",
      cases: [{ name: "a" }, { name: "c", outcome: "skipped" }],
    });
    const trend = await store.projectTrend("p", { limit: 10 });
    expect(trend).toHaveLength(2);
    expect(trend[0]).toMatchObject({ run_ids: [solo], tests: 2, passed: 1, failures: 1, success_rate: 50 });
    expect(trend[1]).toMatchObject({
      run_ids: [leg1, leg2],
      workflow_run: "github:acme/app:9:1",
      tests: 3,
      passed: 2,
      skipped: 1,
      flaky: 1,
      success_rate: 66.67,
      time: 0.3,
    });
    expect((await store.projectTrend("p", { limit: 1 })).map((t) => t.run_ids)).toEqual([[leg1, leg2]]);
    expect(await store.projectTrend("p", { branch: "dev", limit: 5 })).toEqual([]);
  });
});

withShared(["fixtures/junit", "fixtures/xmldsig"], "the per-test rows of real reports", () => {
  const rsa = key(join(XMLDSIG, "rsa.pem"), join(XMLDSIG, "rsa.crt"));
  const fixture = async (rel: string) =>
    (await sign(readFileSync(join(JUNIT, rel)), rsa, { properties: [{ name: "project", value: "corpus" }] }))
      .bytes;
  const row = (rows: TestRow[], name: string) => rows.find((r) => r.name === name);

  describe.each(BACKENDS)("real report shapes (%s)", (backend) => {
    it("Surefire flakyFailure: flaky with its retries, file and line; a signed report's Signature is no test", async () => {
      const store = await stores.open(backend);
      const id = await submit(store, await fixture("apache-maven-surefire/TEST-org.acme.FlakyTest.xml"));
      const rows = await store.runTests(id);
      expect(rows.map((r) => r.name)).toEqual(["testFlaky", "testStable"]);
      expect(row(rows, "testFlaky")).toMatchObject({
        outcome: "flaky",
        retries: 4,
        file: "FlakyTest.java",
        line: 18,
        failure_type: "org.opentest4j.AssertionFailedError",
      });
      expect((await store.run(id))!.flaky).toBe(1);
    });

    it("pytest-rerunfailures: a failed, errored then passed test is one flaky row", async () => {
      const store = await stores.open(backend);
      const id = await submit(
        store,
        await fixture("mikepenz-action-junit-report/flaky_with_classname_file.xml"),
      );
      const rows = await store.runTests(id);
      expect(new Set(rows.map((r) => r.test_id)).size).toBe(rows.length);
      expect(rows.some((r) => r.outcome === "flaky" && r.retries > 0)).toBe(true);
    });

    it("Go, Jest, .NET: file and line from the failure text", async () => {
      const store = await stores.open(backend);
      for (const rel of [
        "go-junit-report/001-report.xml",
        "dorny-test-reporter/jest-test-results-large-crlf.xml",
        "jenkins-xunit-plugin/xsl-mstest-result-6.xml",
      ]) {
        const rows = await store.runTests(await submit(store, await fixture(rel)), {
          outcomes: ["failed", "error"],
        });
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.filter((r) => r.file !== null && r.line !== null).length).toBeGreaterThan(0);
      }
    });
  });

  describeSqlite("a SQLite database from before per-test rows", () => {
    it("is backfilled from the stored XML when the Store opens it", async () => {
      const path = await stores.database("sqlite");
      const { DatabaseSync } = await import("node:sqlite");
      const old = new DatabaseSync(path);
      old.exec(MIGRATIONS[0]! + MIGRATIONS[1]! + "PRAGMA user_version = 2;");
      const xml = await fixture("apache-maven-surefire/TEST-org.acme.FlakyTest.xml");
      old
        .prepare(
          `INSERT INTO test_runs (id, canonical_hash, project, branch, status, total_tests, failures, errors, skipped,
             success_rate, total_time, tags, properties, inserted_at, xml)
           VALUES ('r1', 'h', 'corpus', 'main', 'passed', 2, 0, 0, 0, 100, 0.035, '[]', ?, '2026-01-01T00:00:00.000Z', ?)`,
        )
        .run(
          JSON.stringify([
            { name: "env:GITHUB_RUN_ID", value: "5" },
            { name: "env:GITHUB_JOB", value: "build" },
          ]),
          xml,
        );
      old.close();
      const store = await stores.open(path);
      expect(store.backfilled).toBe(1);
      expect(await store.run("r1")).toMatchObject({ flaky: 1, workflow_run: "github::5:1", job: "build" });
      expect(pick(await store.runTests("r1"))).toEqual([
        ["testFlaky", "flaky"],
        ["testStable", "passed"],
      ]);
      const key = testKey(testId("org.acme.FlakyTest", "org.acme.FlakyTest", "testFlaky"));
      expect(await store.testHistory(key, { project: "corpus", branch: "main", limit: 5 })).toHaveLength(1);
      await store.close();
      const again = await stores.open(path);
      expect(again.backfilled).toBe(0);
      expect(await again.runTests("r1")).toHaveLength(2);
    });
  });
});

/**
 * The retention pass (src/server/retention.ts) over a real Store and the real ingest, on each backend (a SQLite
 * file, a PostgreSQL database): runs deleted in batches with every row that refers to them (every table queried:
 * no orphan left), the newest run and the baseline of each branch kept, and the lease: two Stores on one database
 * never run a pass at once, and an expired lease (a crashed process) is taken over.
 */
import { describe, expect, it } from "@jest/globals";
import { testKey } from "../../src/core/junit/compare.js";
import { testId } from "../../src/core/junit/tests.js";
import { redactDatabaseUrl } from "../../src/server/db/redact.js";
import { ingest, type SignaturePolicy } from "../../src/server/ingest.js";
import { protectedRuns, RETENTION_LEASE, RetentionJob, retentionPass } from "../../src/server/retention.js";
import { Store } from "../../src/server/store.js";
import { commitSubmission } from "../../src/server/submission.js";
import { report, type ReportSpec } from "../helpers/insight.js";
import { BACKENDS } from "../helpers/postgres.js";
import { testStores, type RawDatabase } from "../helpers/server-store.js";

const NOW = new Date("2026-12-05T12:00:00.000Z");
const DAY = 86_400_000;
const NO_TRUST: SignaturePolicy = { trusted: [], requireSignature: false };

const stores = testStores("jux-retention-");

type Spec = ReportSpec & { daysAgo: number; pullRequest?: boolean };

/** Submits a report (with an idempotency key) and dates its run `daysAgo` days before NOW. */
async function put(store: Store, db: RawDatabase, spec: Spec): Promise<string> {
  const nonce = `${spec.nonce ?? ""}-${spec.daysAgo}`;
  let xml = report({ ...spec, nonce }).toString("utf8");
  if (spec.pullRequest)
    xml = xml.replace(
      "</properties>",
      '<property name="env:GITHUB_EVENT_NAME" value="pull_request"/></properties>',
    );
  const reply = await commitSubmission(
    store,
    await ingest(Buffer.from(xml), NO_TRUST),
    `key-${spec.branch}-${nonce}`,
    "1970-01-01T00:00:00.000Z",
  );
  expect(reply.status).toBe(201);
  const at = new Date(NOW.getTime() - spec.daysAgo * DAY).toISOString();
  await db.run("UPDATE test_runs SET inserted_at = ? WHERE id = ?", [at, reply.runId!]);
  return reply.runId!;
}

const count = (db: RawDatabase, sql: string) => db.count(sql);

/** The run an idempotency key's remembered response names (its body's test_run_id), in each backend's JSON. */
const rememberedRun = (db: RawDatabase) =>
  db.backend === "postgres" ? "(body::jsonb ->> 'test_run_id')" : "json_extract(body, '$.test_run_id')";

/** The database's own tables (not SQLite's internal ones), by name. */
async function tablesOf(db: RawDatabase): Promise<string[]> {
  const sql =
    db.backend === "postgres"
      ? `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
      : "SELECT name FROM sqlite_master WHERE type = 'table'";
  const names = (await db.all<{ name: string }>(sql)).map((t) => t.name);
  return names.filter((t) => !t.startsWith("sqlite_")).sort();
}

/**
 * Rows that refer to no run, table by table; every table of the database is named, so that a table added later
 * that refers to runs makes this fail until it is checked (and retention deletes its rows).
 */
async function orphans(db: RawDatabase): Promise<Record<string, number>> {
  const checks: Record<string, string> = {
    test_runs: "SELECT 0 AS n",
    test_suites: "SELECT count(*) AS n FROM test_suites WHERE test_run_id NOT IN (SELECT id FROM test_runs)",
    test_cases:
      "SELECT count(*) AS n FROM test_cases WHERE test_suite_id NOT IN (SELECT id FROM test_suites)",
    test_results: "SELECT count(*) AS n FROM test_results WHERE run_id NOT IN (SELECT id FROM test_runs)",
    test_keys: `SELECT count(*) AS n FROM test_keys k WHERE NOT EXISTS (SELECT 1 FROM test_results r
                JOIN test_runs t ON t.id = r.run_id WHERE r.key = k.key AND t.project = k.project)`,
    idempotency_keys: `SELECT count(*) AS n FROM idempotency_keys
                       WHERE ${rememberedRun(db)} NOT IN (SELECT id FROM test_runs)`,
    job_leases: "SELECT count(*) AS n FROM job_leases",
    run_deletions: "SELECT 0 AS n",
  };
  // Besides, PostgreSQL keeps the schema version in a table (SQLite in PRAGMA user_version): it names no run.
  const version = db.backend === "postgres" ? ["jux_schema"] : [];
  expect(await tablesOf(db)).toEqual([...Object.keys(checks), ...version].sort());
  // PostgreSQL checks every foreign key as it is written (none is deferred past a commit); SQLite is asked.
  if (db.backend === "sqlite") expect(await db.all("PRAGMA foreign_key_check")).toEqual([]);
  const found: Record<string, number> = {};
  for (const [table, sql] of Object.entries(checks)) found[table] = await count(db, sql);
  return found;
}

const NONE = {
  test_runs: 0,
  test_suites: 0,
  test_cases: 0,
  test_results: 0,
  test_keys: 0,
  idempotency_keys: 0,
  job_leases: 0,
  run_deletions: 0,
};

const runIds = async (db: RawDatabase) =>
  (await db.all<{ id: string }>("SELECT id FROM test_runs")).map((r) => r.id).sort();

const caseKey = (name: string) => testKey(testId("suite", "pkg.Tests", name));

/**
 * Project "shop": main has 6 runs (100, 50, 40, 3, 2, 1 days old), "feature" a pull request's runs only, one very
 * old; a run naming no branch. Project "blog": one old run. Test "gone" is only in main's two oldest runs.
 */
async function seed(store: Store, db: RawDatabase) {
  const main = async (daysAgo: number, extra: string[] = []) =>
    put(store, db, {
      project: "shop",
      branch: "main",
      daysAgo,
      nonce: "m",
      cases: [
        { name: "stay" },
        { name: "flip", outcome: daysAgo % 2 ? "failed" : "passed" },
        ...extra.map((name) => ({ name })),
      ],
    });
  const ids = {
    main100: await main(100, ["gone"]),
    main50: await main(50, ["gone"]),
    main40: await main(40),
    main3: await main(3),
    main2: await main(2),
    main1: await main(1),
    prOld: await put(store, db, {
      project: "shop",
      branch: "feature",
      daysAgo: 200,
      nonce: "pr",
      pullRequest: true,
      cases: [{ name: "stay" }],
    }),
    prNew: await put(store, db, {
      project: "shop",
      branch: "feature",
      daysAgo: 100,
      nonce: "pr",
      pullRequest: true,
      cases: [{ name: "stay" }],
    }),
    noBranch: await put(store, db, { project: "shop", daysAgo: 300, nonce: "n", cases: [{ name: "stay" }] }),
    blog: await put(store, db, { project: "blog", branch: "main", daysAgo: 500, cases: [{ name: "post" }] }),
  };
  return ids;
}

describe.each(BACKENDS)("retentionPass (%s)", (backend) => {
  it("deletes what is due with all its rows, in batches, leaving no orphan in any table", async () => {
    const store = await stores.open(backend);
    const db = await stores.raw(store);
    const ids = await seed(store, db);
    expect(await count(db, "SELECT count(*) AS n FROM test_keys WHERE key = '" + caseKey("gone") + "'")).toBe(
      1,
    );

    const counts = await retentionPass(store, {
      policy: { days: 30, keepLatest: 3 },
      clock: () => NOW,
      holder: "test",
      batch: 1,
    });

    expect(counts).toEqual({ age: 4, rank: 0 });
    // Every deletion is counted (the trigger of migration 6), whoever deletes: a cache keyed on it sees it.
    expect(await count(db, "SELECT n FROM run_deletions")).toBe(4);
    // main: 100, 50, 40 days old go; feature: only the older pull request goes (the newest stays).
    expect(await runIds(db)).toEqual(
      [ids.main3, ids.main2, ids.main1, ids.prNew, ids.noBranch, ids.blog].sort(),
    );
    expect(await orphans(db)).toEqual(NONE);
    // The test that only deleted runs had is no longer a test of the project; the others still are.
    expect(await count(db, `SELECT count(*) AS n FROM test_keys WHERE key = '${caseKey("gone")}'`)).toBe(0);
    expect(await count(db, `SELECT count(*) AS n FROM test_keys WHERE key = '${caseKey("stay")}'`)).toBe(1);
    expect(await store.testHistory(caseKey("gone"), { project: "shop", limit: 50 })).toEqual([]);
    expect(
      (await store.testHistory(caseKey("stay"), { project: "shop", limit: 50 })).map((h) => h.run_id).sort(),
    ).toEqual([ids.main3, ids.main2, ids.main1, ids.prNew, ids.noBranch].sort());
    expect(
      (await store.testSummaries({ project: "shop", branch: "main", page: 1, perPage: 50 })).rows,
    ).toEqual(expect.arrayContaining([expect.objectContaining({ name: "stay", runs: 3 })]));
  });

  it("keeps the newest N per branch and the branch's baseline when pull requests are newer", async () => {
    const store = await stores.open(backend);
    const db = await stores.raw(store);
    const base = await put(store, db, { project: "p", branch: "main", daysAgo: 10, cases: [{ name: "a" }] });
    const old = await put(store, db, { project: "p", branch: "main", daysAgo: 20, cases: [{ name: "a" }] });
    const prs = [];
    for (const d of [5, 4, 3]) {
      prs.push(
        await put(store, db, {
          project: "p",
          branch: "main",
          daysAgo: d,
          nonce: `pr${d}`,
          pullRequest: true,
          cases: [{ name: "a" }],
        }),
      );
    }
    const counts = await retentionPass(store, { policy: { keepLatest: 1 }, clock: () => NOW, holder: "t" });
    expect(counts).toEqual({ age: 0, rank: 3 });
    // The newest run (a pull request's, 3 days old) and the newest run no pull request made stay.
    expect(await runIds(db)).toEqual([base, prs[2]!].sort());
    expect(await runIds(db)).not.toContain(old);
    expect(await orphans(db)).toEqual(NONE);
  });

  it("deletes nothing and says so (undefined counts are for a lease held elsewhere) when nothing is due", async () => {
    const store = await stores.open(backend);
    const db = await stores.raw(store);
    await seed(store, db);
    const before = await runIds(db);
    expect(await retentionPass(store, { policy: { days: 1000 }, clock: () => NOW, holder: "t" })).toEqual({
      age: 0,
      rank: 0,
    });
    expect(await runIds(db)).toEqual(before);
  });
});

describe.each(BACKENDS)("the bases retention keeps (insight/base.ts baseFor's pick) (%s)", (backend) => {
  const keepOne = { policy: { keepLatest: 1 }, clock: () => NOW, holder: "t" };

  it("keeps each job's base and the legs of its workflow run, though another job ran later", async () => {
    const store = await stores.open(backend);
    const db = await stores.raw(store);
    const on = { project: "p", branch: "main", cases: [{ name: "a" }] };
    const legs = [
      await put(store, db, { ...on, daysAgo: 10, runId: "100", job: "b", nonce: "x" }),
      await put(store, db, { ...on, daysAgo: 10, runId: "100", job: "b", nonce: "y" }),
    ];
    const oldB = await put(store, db, { ...on, daysAgo: 30, job: "b", nonce: "old-b" });
    const oldA = await put(store, db, { ...on, daysAgo: 20, job: "a", nonce: "old-a" });
    const newA = await put(store, db, { ...on, daysAgo: 1, job: "a", nonce: "new-a" });
    expect(await retentionPass(store, keepOne)).toEqual({ age: 0, rank: 2 });
    expect(await runIds(db)).toEqual([...legs, newA].sort());
    expect(await runIds(db)).not.toContain(oldA);
    expect(await runIds(db)).not.toContain(oldB);
    expect(await orphans(db)).toEqual(NONE);
  });

  it("keeps the verified base with --trust though newer unsigned runs exist (not without --trust)", async () => {
    for (const preferVerified of [true, false]) {
      const store = await stores.open(backend, { preferVerified });
      const db = await stores.raw(store);
      const on = { project: "p", branch: "main", cases: [{ name: "a" }] };
      const verified = await put(store, db, { ...on, daysAgo: 10, nonce: "signed" });
      await db.run("UPDATE test_runs SET signer_verified = 1 WHERE id = ?", [verified]);
      const older = await put(store, db, { ...on, daysAgo: 20, nonce: "older" });
      const newer = await put(store, db, { ...on, daysAgo: 5, nonce: "newer" });
      const newest = await put(store, db, { ...on, daysAgo: 1, nonce: "newest" });
      await retentionPass(store, keepOne);
      // Without --trust the base is the newest run, so only it stays.
      const left = await runIds(db);
      expect(left).toEqual((preferVerified ? [verified, newest] : [newest]).sort());
      expect([older, newer].some((id) => left.includes(id))).toBe(false);
    }
  });

  it("makes Store.deleteRuns refuse a base or one of its legs when asked to delete it", async () => {
    const store = await stores.open(backend);
    const db = await stores.raw(store);
    const on = { project: "p", branch: "main", cases: [{ name: "a" }] };
    const leg = await put(store, db, { ...on, daysAgo: 10, runId: "7", job: "b", nonce: "x" });
    const base = await put(store, db, { ...on, daysAgo: 10, runId: "7", job: "b", nonce: "y" });
    const other = await put(store, db, { ...on, daysAgo: 20, job: "b", nonce: "other" });
    await put(store, db, { ...on, daysAgo: 1, job: "a", nonce: "a" });
    expect([...(await protectedRuns(store, "p", "main"))]).toEqual(expect.arrayContaining([leg, base]));
    const { deleted } = await store.deleteRuns([leg, base, other], (tx, p, b) => protectedRuns(tx, p, b));
    expect(deleted).toEqual([other]);
  });
});

describe.each(BACKENDS)("Store.deleteRuns (%s)", (backend) => {
  it("refuses to delete the newest run of a project and branch, ties going by the order stored", async () => {
    const store = await stores.open(backend);
    const db = await stores.raw(store);
    // Three runs of main stored in the same millisecond (as far as inserted_at says), one of another branch.
    const first = await put(store, db, {
      project: "p",
      branch: "main",
      daysAgo: 5,
      nonce: "1",
      cases: [{ name: "a" }],
    });
    const second = await put(store, db, {
      project: "p",
      branch: "main",
      daysAgo: 5,
      nonce: "2",
      cases: [{ name: "a" }],
    });
    const third = await put(store, db, {
      project: "p",
      branch: "main",
      daysAgo: 5,
      nonce: "3",
      cases: [{ name: "a" }],
    });
    const other = await put(store, db, { project: "p", branch: "dev", daysAgo: 50, cases: [{ name: "a" }] });
    const { deleted } = await store.deleteRuns([third, other, first, second, "no-such-run"]);
    expect(deleted).toEqual([first, second]);
    expect(await runIds(db)).toEqual([third, other].sort());
    expect(await orphans(db)).toEqual(NONE);
  });
});

describe.each(BACKENDS)("the summary cache of GET /api/v1/tests after a pass (%s)", (backend) => {
  // SummaryCache's stamp holds run_deletions.n beside max(rowid): deleting old runs leaves the latter as it was.
  it("no longer counts the deleted runs in figures read before the pass", async () => {
    const store = await stores.open(backend);
    const db = await stores.raw(store);
    await seed(store, db);
    const runsOf = async () =>
      (await store.testSummaries({ project: "shop", branch: "main", page: 1, perPage: 50 })).rows.find(
        (t) => t.name === "stay",
      )!.runs;
    expect(await runsOf()).toBe(6);
    await retentionPass(store, { policy: { days: 30 }, clock: () => NOW, holder: "t" });
    expect(await runsOf()).toBe(3);
  });
});

describe.each(BACKENDS)("the retention lease (%s)", (backend) => {
  /** Two Stores on one database (two processes), and a plain connection to it. */
  async function twoStores() {
    const database = await stores.database(backend);
    const a = await stores.open(database);
    const b = await stores.open(database);
    return { a, b, db: await stores.raw(a) };
  }

  it("lets one of two Stores on one database run the pass; the other skips it", async () => {
    const { a, b, db } = await twoStores();
    await seed(a, db);
    const options = (holder: string) => ({
      policy: { days: 30, keepLatest: 3 },
      clock: () => NOW,
      holder,
      batch: 1,
    });
    // Both ask for the lease at once: whichever gets it runs the pass, the other skips it.
    const [first, second] = await Promise.all([
      retentionPass(a, options("a")),
      retentionPass(b, options("b")),
    ]);
    expect([first, second].filter((counts) => counts === undefined)).toHaveLength(1);
    expect(first ?? second).toEqual({ age: 4, rank: 0 });
    expect(await orphans(db)).toEqual(NONE);
    // Released at the end: the next pass (of either) runs, and finds nothing due.
    expect(await retentionPass(b, options("b"))).toEqual({ age: 0, rank: 0 });
  });

  it("skips the pass while another process's lease is current, takes it over once it expired", async () => {
    const { a, b, db } = await twoStores();
    await seed(a, db);
    // A process that took the lease and crashed: it is never released, only expires.
    const until = new Date(NOW.getTime() + 10 * 60_000).toISOString();
    expect(await a.takeLease(RETENTION_LEASE, "crashed", NOW.toISOString(), until)).toBe(true);
    const options = (at: Date) => ({ policy: { days: 30 }, clock: () => at, holder: "b" });
    expect(await retentionPass(b, options(new Date(NOW.getTime() + 9 * 60_000)))).toBeUndefined();
    expect(await runIds(db)).toHaveLength(10);
    expect(await retentionPass(b, options(new Date(NOW.getTime() + 11 * 60_000)))).toEqual({
      age: 4,
      rank: 0,
    });
    expect(await runIds(db)).toHaveLength(6);
    expect(await orphans(db)).toEqual(NONE);
  });

  it("stops between batches when another process took an expired lease over, and leaves that lease alone", async () => {
    const { a, b, db } = await twoStores();
    await seed(a, db);
    let now = NOW;
    // The slow process stalls after its first batch: its lease runs out meanwhile and b takes the job.
    const deleteRuns = a.deleteRuns.bind(a);
    let batches = 0;
    a.deleteRuns = async (...args) => {
      const done = await deleteRuns(...args);
      if (++batches === 1) {
        now = new Date(NOW.getTime() + 2 * 60_000);
        const until = new Date(now.getTime() + 60_000).toISOString();
        expect(await b.takeLease(RETENTION_LEASE, "b", now.toISOString(), until)).toBe(true);
      }
      return done;
    };
    const counts = await retentionPass(a, {
      policy: { days: 30 },
      clock: () => now,
      holder: "slow",
      leaseMs: 60_000,
      batch: 1,
    });
    expect(counts!.age).toBeGreaterThanOrEqual(1);
    expect(counts!.age).toBeLessThan(4);
    expect(await db.all("SELECT holder FROM job_leases")).toEqual([{ holder: "b" }]);
  });
});

describe.each(BACKENDS)("RetentionJob (%s)", (backend) => {
  it("runs a pass at start and logs one line; logs nothing when nothing is due", async () => {
    const store = await stores.open(backend);
    const db = await stores.raw(store);
    await seed(store, db);
    const lines: string[] = [];
    const job = new RetentionJob(store, {
      policy: { days: 30, keepLatest: 3 },
      clock: () => NOW,
      log: (line) => lines.push(line),
    });
    job.start();
    await job.idle();
    expect(lines).toEqual([
      "jux serve: retention: deleted 4 run(s) (older than 30 days: 4, beyond the newest 3 per branch: 0), kept the newest run of each branch",
    ]);
    await job.stop();
    const again = new RetentionJob(store, {
      policy: { days: 30 },
      clock: () => NOW,
      log: (l) => lines.push(l),
    });
    again.start();
    await again.stop();
    expect(lines).toHaveLength(1);
  });

  it("stops a pass under way after its batch when the server stops, and logs what it deleted", async () => {
    const store = await stores.open(backend);
    const db = await stores.raw(store);
    await seed(store, db);
    const lines: string[] = [];
    const job = new RetentionJob(store, {
      policy: { days: 30 },
      clock: () => NOW,
      log: (l) => lines.push(l),
    });
    job.start();
    await job.stop();
    expect(lines).toHaveLength(1);
    const deleted = Number(/deleted (\d+) run/.exec(lines[0]!)![1]);
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(deleted).toBeLessThan(4);
    expect(await runIds(db)).toHaveLength(10 - deleted);
    expect(await orphans(db)).toEqual(NONE);
  });

  it("logs a failed pass with the database, what happens next and what to check, and goes on", async () => {
    const database = await stores.database(backend);
    const closed = await Store.open(database);
    await closed.close();
    const lines: string[] = [];
    const job = new RetentionJob(closed, {
      policy: { days: 30 },
      clock: () => NOW,
      log: (l) => lines.push(l),
    });
    job.start();
    await job.stop();
    expect(lines).toHaveLength(1);
    // The database as it may be shown: a PostgreSQL URL's password never is.
    const shown = redactDatabaseUrl(database).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(lines[0]).toMatch(
      new RegExp(
        `^jux serve: retention: the pass stopped on the database ${shown}: .*not open.*; what it did not delete is tried again at the next pass`,
      ),
    );
  });
});

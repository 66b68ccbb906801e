/**
 * The retention pass (src/server/retention.ts) over a real Store on a database file and the real ingest: runs
 * deleted in batches with every row that refers to them (every table queried: no orphan left), the newest run and
 * the baseline of each branch kept, and the lease: two Stores on one file never run a pass at once, and an expired
 * lease (a crashed process) is taken over.
 */
import { afterEach, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { testKey } from "../../src/core/junit/compare.js";
import { testId } from "../../src/core/junit/tests.js";
import { ingest, type SignaturePolicy } from "../../src/server/ingest.js";
import { protectedRuns, RETENTION_LEASE, RetentionJob, retentionPass } from "../../src/server/retention.js";
import { loadSqlite, Store } from "../../src/server/store.js";
import { commitSubmission } from "../../src/server/submission.js";
import { report, type ReportSpec } from "../helpers/insight.js";

const HAS_SQLITE = Boolean(process.getBuiltinModule?.("node:sqlite"));
if (!HAS_SQLITE)
  console.log(
    `skipped: the retention pass's tests need node:sqlite (Node 22.5+), this is ${process.version}`,
  );
const describeSqlite = HAS_SQLITE ? describe : describe.skip;

const NOW = new Date("2026-12-05T12:00:00.000Z");
const DAY = 86_400_000;
const NO_TRUST: SignaturePolicy = { trusted: [], requireSignature: false };

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

function database(): string {
  const dir = mkdtempSync(join(tmpdir(), "jux-retention-"));
  closers.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "db.sqlite");
}

function open(path: string): Store {
  const store = new Store(path);
  closers.unshift(() => store.close());
  return store;
}

/** A second connection to the file, to age runs and to look at every table as they are. */
function raw(path: string): DatabaseSync {
  const db = new (loadSqlite().DatabaseSync)(path);
  closers.unshift(() => db.close());
  return db;
}

type Spec = ReportSpec & { daysAgo: number; pullRequest?: boolean };

/** Submits a report (with an idempotency key) and dates its run `daysAgo` days before NOW. */
async function put(store: Store, db: DatabaseSync, spec: Spec): Promise<string> {
  const nonce = `${spec.nonce ?? ""}-${spec.daysAgo}`;
  let xml = report({ ...spec, nonce }).toString("utf8");
  if (spec.pullRequest)
    xml = xml.replace(
      "</properties>",
      '<property name="env:GITHUB_EVENT_NAME" value="pull_request"/></properties>',
    );
  const reply = commitSubmission(
    store,
    await ingest(Buffer.from(xml), NO_TRUST),
    `key-${spec.branch}-${nonce}`,
    "1970-01-01T00:00:00.000Z",
  );
  expect(reply.status).toBe(201);
  const at = new Date(NOW.getTime() - spec.daysAgo * DAY).toISOString();
  db.prepare("UPDATE test_runs SET inserted_at = ? WHERE id = ?").run(at, reply.runId!);
  return reply.runId!;
}

const count = (db: DatabaseSync, sql: string) => (db.prepare(sql).get() as { n: number }).n;

/**
 * Rows that refer to no run, table by table; every table of the database is named, so that a table added later
 * that refers to runs makes this fail until it is checked (and retention deletes its rows).
 */
function orphans(db: DatabaseSync): Record<string, number> {
  const checks: Record<string, string> = {
    test_runs: "SELECT 0 AS n",
    test_suites: "SELECT count(*) AS n FROM test_suites WHERE test_run_id NOT IN (SELECT id FROM test_runs)",
    test_cases:
      "SELECT count(*) AS n FROM test_cases WHERE test_suite_id NOT IN (SELECT id FROM test_suites)",
    test_results: "SELECT count(*) AS n FROM test_results WHERE run_id NOT IN (SELECT id FROM test_runs)",
    test_keys: `SELECT count(*) AS n FROM test_keys k WHERE NOT EXISTS (SELECT 1 FROM test_results r
                JOIN test_runs t ON t.id = r.run_id WHERE r.key = k.key AND t.project = k.project)`,
    idempotency_keys: `SELECT count(*) AS n FROM idempotency_keys
                       WHERE json_extract(body, '$.test_run_id') NOT IN (SELECT id FROM test_runs)`,
    job_leases: "SELECT count(*) AS n FROM job_leases",
    run_deletions: "SELECT 0 AS n",
  };
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  expect(tables.filter((t) => !t.startsWith("sqlite_"))).toEqual(Object.keys(checks).sort());
  expect(db.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
  return Object.fromEntries(Object.entries(checks).map(([table, sql]) => [table, count(db, sql)]));
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

const runIds = (db: DatabaseSync) =>
  (db.prepare("SELECT id FROM test_runs ORDER BY id").all() as { id: string }[]).map((r) => r.id);

const caseKey = (name: string) => testKey(testId("suite", "pkg.Tests", name));

/**
 * Project "shop": main has 6 runs (100, 50, 40, 3, 2, 1 days old), "feature" a pull request's runs only, one very
 * old; a run naming no branch. Project "blog": one old run. Test "gone" is only in main's two oldest runs.
 */
async function seed(store: Store, db: DatabaseSync) {
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

describeSqlite("retentionPass", () => {
  it("deletes what is due with all its rows, in batches, leaving no orphan in any table", async () => {
    const path = database();
    const store = open(path);
    const db = raw(path);
    const ids = await seed(store, db);
    expect(count(db, "SELECT count(*) AS n FROM test_keys WHERE key = '" + caseKey("gone") + "'")).toBe(1);

    const counts = await retentionPass(store, {
      policy: { days: 30, keepLatest: 3 },
      clock: () => NOW,
      holder: "test",
      batch: 1,
    });

    expect(counts).toEqual({ age: 4, rank: 0 });
    // Every deletion is counted (the trigger of migration 6), whoever deletes: a cache keyed on it sees it.
    expect(count(db, "SELECT n FROM run_deletions")).toBe(4);
    // main: 100, 50, 40 days old go; feature: only the older pull request goes (the newest stays).
    expect(runIds(db)).toEqual([ids.main3, ids.main2, ids.main1, ids.prNew, ids.noBranch, ids.blog].sort());
    expect(orphans(db)).toEqual(NONE);
    // The test that only deleted runs had is no longer a test of the project; the others still are.
    expect(count(db, `SELECT count(*) AS n FROM test_keys WHERE key = '${caseKey("gone")}'`)).toBe(0);
    expect(count(db, `SELECT count(*) AS n FROM test_keys WHERE key = '${caseKey("stay")}'`)).toBe(1);
    expect(store.testHistory(caseKey("gone"), { project: "shop", limit: 50 })).toEqual([]);
    expect(
      store
        .testHistory(caseKey("stay"), { project: "shop", limit: 50 })
        .map((h) => h.run_id)
        .sort(),
    ).toEqual([ids.main3, ids.main2, ids.main1, ids.prNew, ids.noBranch].sort());
    expect(store.testSummaries({ project: "shop", branch: "main", page: 1, perPage: 50 }).rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "stay", runs: 3 })]),
    );
  });

  it("keeps the newest N per branch and the branch's baseline when pull requests are newer", async () => {
    const path = database();
    const store = open(path);
    const db = raw(path);
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
    expect(runIds(db)).toEqual([base, prs[2]!].sort());
    expect(runIds(db)).not.toContain(old);
    expect(orphans(db)).toEqual(NONE);
  });

  it("deletes nothing and says so (undefined counts are for a lease held elsewhere) when nothing is due", async () => {
    const path = database();
    const store = open(path);
    const db = raw(path);
    await seed(store, db);
    const before = runIds(db);
    expect(await retentionPass(store, { policy: { days: 1000 }, clock: () => NOW, holder: "t" })).toEqual({
      age: 0,
      rank: 0,
    });
    expect(runIds(db)).toEqual(before);
  });
});

describeSqlite("the bases retention keeps (insight/base.ts baseFor's pick)", () => {
  const keepOne = { policy: { keepLatest: 1 }, clock: () => NOW, holder: "t" };

  it("keeps each job's base and the legs of its workflow run, though another job ran later", async () => {
    const path = database();
    const store = open(path);
    const db = raw(path);
    const on = { project: "p", branch: "main", cases: [{ name: "a" }] };
    const legs = [
      await put(store, db, { ...on, daysAgo: 10, runId: "100", job: "b", nonce: "x" }),
      await put(store, db, { ...on, daysAgo: 10, runId: "100", job: "b", nonce: "y" }),
    ];
    const oldB = await put(store, db, { ...on, daysAgo: 30, job: "b", nonce: "old-b" });
    const oldA = await put(store, db, { ...on, daysAgo: 20, job: "a", nonce: "old-a" });
    const newA = await put(store, db, { ...on, daysAgo: 1, job: "a", nonce: "new-a" });
    expect(await retentionPass(store, keepOne)).toEqual({ age: 0, rank: 2 });
    expect(runIds(db)).toEqual([...legs, newA].sort());
    expect(runIds(db)).not.toContain(oldA);
    expect(runIds(db)).not.toContain(oldB);
    expect(orphans(db)).toEqual(NONE);
  });

  it("keeps the verified base with --trust though newer unsigned runs exist (not without --trust)", async () => {
    for (const preferVerified of [true, false]) {
      const path = database();
      const store = new Store(path, { preferVerified });
      closers.unshift(() => store.close());
      const db = raw(path);
      const on = { project: "p", branch: "main", cases: [{ name: "a" }] };
      const verified = await put(store, db, { ...on, daysAgo: 10, nonce: "signed" });
      db.prepare("UPDATE test_runs SET signer_verified = 1 WHERE id = ?").run(verified);
      const older = await put(store, db, { ...on, daysAgo: 20, nonce: "older" });
      const newer = await put(store, db, { ...on, daysAgo: 5, nonce: "newer" });
      const newest = await put(store, db, { ...on, daysAgo: 1, nonce: "newest" });
      await retentionPass(store, keepOne);
      // Without --trust the base is the newest run, so only it stays.
      expect(runIds(db)).toEqual((preferVerified ? [verified, newest] : [newest]).sort());
      expect([older, newer].some((id) => runIds(db).includes(id))).toBe(false);
    }
  });

  it("makes Store.deleteRuns refuse a base or one of its legs when asked to delete it", async () => {
    const path = database();
    const store = open(path);
    const db = raw(path);
    const on = { project: "p", branch: "main", cases: [{ name: "a" }] };
    const leg = await put(store, db, { ...on, daysAgo: 10, runId: "7", job: "b", nonce: "x" });
    const base = await put(store, db, { ...on, daysAgo: 10, runId: "7", job: "b", nonce: "y" });
    const other = await put(store, db, { ...on, daysAgo: 20, job: "b", nonce: "other" });
    await put(store, db, { ...on, daysAgo: 1, job: "a", nonce: "a" });
    expect([...protectedRuns(store, "p", "main")]).toEqual(expect.arrayContaining([leg, base]));
    const { deleted } = store.deleteRuns([leg, base, other], (p, b) => protectedRuns(store, p, b));
    expect(deleted).toEqual([other]);
  });
});

describeSqlite("Store.deleteRuns", () => {
  it("refuses to delete the newest run of a project and branch, ties going by the order stored", async () => {
    const path = database();
    const store = open(path);
    const db = raw(path);
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
    const { deleted } = store.deleteRuns([third, other, first, second, "no-such-run"]);
    expect(deleted).toEqual([first, second]);
    expect(runIds(db)).toEqual([third, other].sort());
    expect(orphans(db)).toEqual(NONE);
  });
});

describeSqlite("the summary cache of GET /api/v1/tests after a pass", () => {
  // SummaryCache's stamp holds run_deletions.n beside max(rowid): deleting old runs leaves the latter as it was.
  it("no longer counts the deleted runs in figures read before the pass", async () => {
    const path = database();
    const store = open(path);
    const db = raw(path);
    await seed(store, db);
    const runsOf = () =>
      store
        .testSummaries({ project: "shop", branch: "main", page: 1, perPage: 50 })
        .rows.find((t) => t.name === "stay")!.runs;
    expect(runsOf()).toBe(6);
    await retentionPass(store, { policy: { days: 30 }, clock: () => NOW, holder: "t" });
    expect(runsOf()).toBe(3);
  });
});

describeSqlite("the retention lease", () => {
  it("lets one of two Stores on one database file run the pass; the other skips it", async () => {
    const path = database();
    const a = open(path);
    const b = open(path);
    const db = raw(path);
    await seed(a, db);
    const options = (holder: string) => ({
      policy: { days: 30, keepLatest: 3 },
      clock: () => NOW,
      holder,
      batch: 1,
    });
    const [first, second] = await Promise.all([
      retentionPass(a, options("a")),
      retentionPass(b, options("b")),
    ]);
    expect(first).toEqual({ age: 4, rank: 0 });
    expect(second).toBeUndefined();
    expect(orphans(db)).toEqual(NONE);
    // Released at the end: the next pass (of either) runs, and finds nothing due.
    expect(await retentionPass(b, options("b"))).toEqual({ age: 0, rank: 0 });
  });

  it("skips the pass while another process's lease is current, takes it over once it expired", async () => {
    const path = database();
    const a = open(path);
    const b = open(path);
    const db = raw(path);
    await seed(a, db);
    // A process that took the lease and crashed: it is never released, only expires.
    const until = new Date(NOW.getTime() + 10 * 60_000).toISOString();
    expect(a.takeLease(RETENTION_LEASE, "crashed", NOW.toISOString(), until)).toBe(true);
    const options = (at: Date) => ({ policy: { days: 30 }, clock: () => at, holder: "b" });
    expect(await retentionPass(b, options(new Date(NOW.getTime() + 9 * 60_000)))).toBeUndefined();
    expect(runIds(db)).toHaveLength(10);
    expect(await retentionPass(b, options(new Date(NOW.getTime() + 11 * 60_000)))).toEqual({
      age: 4,
      rank: 0,
    });
    expect(runIds(db)).toHaveLength(6);
    expect(orphans(db)).toEqual(NONE);
  });

  it("stops between batches when another process took an expired lease over, and leaves that lease alone", async () => {
    const path = database();
    const a = open(path);
    const b = open(path);
    const db = raw(path);
    await seed(a, db);
    let now = NOW;
    const pass = retentionPass(a, {
      policy: { days: 30 },
      clock: () => now,
      holder: "slow",
      leaseMs: 60_000,
      batch: 1,
    });
    // While the slow pass yields after its first batch, its lease runs out and b takes the job.
    now = new Date(NOW.getTime() + 2 * 60_000);
    expect(
      b.takeLease(RETENTION_LEASE, "b", now.toISOString(), new Date(now.getTime() + 60_000).toISOString()),
    ).toBe(true);
    const counts = await pass;
    expect(counts!.age).toBeGreaterThanOrEqual(1);
    expect(counts!.age).toBeLessThan(4);
    expect(db.prepare("SELECT holder FROM job_leases").all()).toEqual([{ holder: "b" }]);
  });
});

describeSqlite("RetentionJob", () => {
  it("runs a pass at start and logs one line; logs nothing when nothing is due", async () => {
    const path = database();
    const store = open(path);
    const db = raw(path);
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
    const path = database();
    const store = open(path);
    const db = raw(path);
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
    expect(runIds(db)).toHaveLength(10 - deleted);
    expect(orphans(db)).toEqual(NONE);
  });

  it("logs a failed pass with the database, what happens next and what to check, and goes on", async () => {
    const path = database();
    const closed = new Store(path);
    closed.close();
    const lines: string[] = [];
    const job = new RetentionJob(closed, {
      policy: { days: 30 },
      clock: () => NOW,
      log: (l) => lines.push(l),
    });
    job.start();
    await job.stop();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^jux serve: retention: the pass stopped on the database ${path}: .*not open.*; what it did not delete is tried again at the next pass`,
      ),
    );
  });
});

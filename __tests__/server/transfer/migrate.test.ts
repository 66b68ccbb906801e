/**
 * jux serve migrate (transfer/migrate.ts) on real databases: every pair of backends as source and target (SQLite
 * to SQLite when there is no PostgreSQL): rows copied as stored, in their order, verified; resumed after an
 * interruption; a conflicting run refused; the source never changed.
 */
import { describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../../src/core/command/io.js";
import { ingest } from "../../../src/server/ingest.js";
import type { Store } from "../../../src/server/store.js";
import {
  copyRuns,
  endpoint,
  MigrationConflict,
  migrateCommand,
  verifyCopy,
} from "../../../src/server/transfer/migrate.js";
import { report, type CaseSpec } from "../../helpers/insight.js";
import { BACKENDS, type Backend } from "../../helpers/postgres.js";
import { testStores, type RawDatabase } from "../../helpers/server-store.js";

const policy = { trusted: [], requireSignature: false };
const stores = testStores("jux-migrate-");

/** A run of `project` with `n` cases (some failing, skipped, flaky; names not ASCII), in one transaction. */
async function add(store: Store, nonce: string, n = 3, project = "shop"): Promise<string> {
  const cases: CaseSpec[] = Array.from({ length: n }, (_, i) => ({
    name: `t${i} ünïcødé 🚀`,
    classname: `pkg.C${i % 4}`,
    outcome: i % 7 === 1 ? "failed" : i % 7 === 2 ? "skipped" : i % 7 === 3 ? "error" : "passed",
    flaky: i % 7 === 4,
    time: (i % 10) / 8,
  }));
  const xml = report({ project, branch: "main", commit: "abc", runId: nonce, job: "test", nonce, cases });
  const ingested = await ingest(xml, policy);
  if (!ingested.ok) throw new Error("not ingested");
  return (await store.transaction((tx) => tx.insertRun(ingested.run))).id;
}

/** A source with `runs` runs (the 3rd a big one: its cases past one page), two projects, remembered responses. */
async function filled(backend: Backend, runs: number, big = 0): Promise<{ store: Store; ids: string[] }> {
  const store = await stores.open(backend);
  const ids: string[] = [];
  for (let i = 0; i < runs; i++)
    ids.push(await add(store, `n${i}`, i === 2 && big ? big : 3 + (i % 5), i % 3 === 0 ? "web" : "shop"));
  await store.rememberResponse("key-1", 201, JSON.stringify({ test_run_id: ids[0] }));
  await store.rememberResponse("key-2", 422, JSON.stringify({ error: "bad" }));
  return { store, ids };
}

const TABLES: [string, string][] = [
  ["test_runs", "rowid"],
  ["test_suites", "id"],
  ["test_cases", "id"],
  ["test_results", "run_id, key"],
  ["test_keys", "key, project"],
  ["idempotency_keys", "key"],
];

/** Every row of every table copied (but a run's rowid), as text: equal on both engines when the rows are. */
async function rows(db: RawDatabase, table: string, order: string): Promise<string[]> {
  const all = await db.all(`SELECT * FROM ${table} ORDER BY ${order}`);
  return all.map((row) => {
    const rest = { ...row };
    delete rest.rowid;
    return JSON.stringify(
      Object.fromEntries(
        Object.entries(rest)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v]),
      ),
    );
  });
}

/** A digest of everything in a database, its runs' rowids included: to see that the source never changes. */
async function digest(db: RawDatabase): Promise<string> {
  const hash = createHash("sha256");
  for (const [table, order] of TABLES) hash.update(JSON.stringify(await rows(db, table, order)));
  hash.update(JSON.stringify(await db.all("SELECT id, rowid FROM test_runs ORDER BY rowid")));
  return hash.digest("hex");
}

async function expectSameRows(a: Store, b: Store): Promise<void> {
  const [ra, rb] = [await stores.raw(a), await stores.raw(b)];
  for (const [table, order] of TABLES)
    expect(await rows(rb, table, order)).toEqual(await rows(ra, table, order));
  // The runs in the order they were stored.
  const order = "SELECT id FROM test_runs ORDER BY rowid";
  expect(await rb.all(order)).toEqual(await ra.all(order));
}

const PAIRS: [Backend, Backend][] = BACKENDS.flatMap((s) => BACKENDS.map((t): [Backend, Backend] => [s, t]));

describe.each(PAIRS)("migrate %s → %s", (from, to) => {
  it("copies every row as stored, in the runs' order, the source unchanged; verified", async () => {
    const { store: source, ids } = await filled(from, 7, 2_345);
    const before = await digest(await stores.raw(source));
    const target = await stores.open(to);
    const batches: number[] = [];
    const result = await copyRuns(source, target, {
      batch: 3,
      onBatch: (n, phase) => void (phase === "committed" && batches.push(n)),
    });
    expect(result).toMatchObject({ copied: 7, skipped: 0, sourceRuns: 7 });
    expect(batches).toEqual([1, 2, 3]);
    await expectSameRows(source, target);
    // The Store answers the same: the big run's cases past one page, its report byte for byte, the history.
    for (const id of ids) {
      expect(await target.runXml(id)).toEqual(await source.runXml(id));
      expect(await target.runTests(id)).toEqual(await source.runTests(id));
    }
    expect((await target.runCases(ids[2]!, 3, 1000)).rows).toEqual(
      (await source.runCases(ids[2]!, 3, 1000)).rows,
    );
    const f = { sortBy: "inserted_at", sortOrder: "desc", page: 1, perPage: 50 } as const;
    expect(await target.listRuns(f)).toEqual(await source.listRuns(f));
    const key = (await source.runTests(ids[1]!))[0]!.key;
    expect(await target.testHistory(key, { project: "shop", limit: 10 })).toEqual(
      await source.testHistory(key, { project: "shop", limit: 10 }),
    );
    const check = await verifyCopy(source, target);
    expect(check).toMatchObject({ ok: true, runs: 7, extra: 0, differences: [] });
    for (const t of check.tables) expect(t.target).toBe(t.source);
    expect(check.tables.find((t) => t.table === "test_cases")!.source).toBeGreaterThan(2_345);
    expect(await digest(await stores.raw(source))).toBe(before);
    // Again: everything is there already, nothing is copied twice.
    expect(await copyRuns(source, target, { batch: 3 })).toMatchObject({ copied: 0, skipped: 7 });
    await expectSameRows(source, target);
  });

  it("pages of a few rows: a run's rows cut across pages, runs together and alone, every row copied", async () => {
    const { store: source } = await filled(from, 8, 23);
    const target = await stores.open(to);
    // Pages of 5 rows: groups of runs cut mid-run, the cut run continued alone, then the rest.
    expect(await copyRuns(source, target, { batch: 4, pageRows: 5 })).toMatchObject({ copied: 8 });
    await expectSameRows(source, target);
    expect(await verifyCopy(source, target)).toMatchObject({ ok: true, runs: 8 });
  });

  it("resumes after an interruption: the batch being written rolled back, the committed ones skipped", async () => {
    const { store: source, ids } = await filled(from, 9);
    const before = await digest(await stores.raw(source));
    const target = await stores.open(to);
    const stop = new Error("interrupted");
    await expect(
      copyRuns(source, target, {
        batch: 2,
        onBatch: (n, phase) => {
          if (n === 3 && phase === "written") throw stop;
        },
      }),
    ).rejects.toBe(stop);
    // Two whole batches: their runs with every row; nothing of the third.
    const raw = await stores.raw(target);
    expect(
      (await raw.all<{ id: string }>("SELECT id FROM test_runs ORDER BY rowid")).map((r) => r.id),
    ).toEqual(ids.slice(0, 4));
    const half = await verifyCopy(source, target);
    expect(half.ok).toBe(false);
    // The runs differences come first, by id: the five not copied, and no other run.
    expect(half.differences.filter((d) => d.startsWith("run "))).toEqual(
      ids
        .slice(4)
        .sort()
        .map((id) => `run ${id}: missing at the target`),
    );
    // kill -9 at any point leaves the same: a batch is one transaction. Run again: it goes on.
    expect(await copyRuns(source, target, { batch: 2 })).toMatchObject({ copied: 5, skipped: 4 });
    expect(await verifyCopy(source, target)).toMatchObject({ ok: true, runs: 9, extra: 0 });
    await expectSameRows(source, target);
    expect(await digest(await stores.raw(source))).toBe(before);
  });

  it("stops at a run whose id the target holds with another report, and overwrites nothing", async () => {
    const { store: source, ids } = await filled(from, 5);
    const target = await stores.open(to);
    // The target holds the source's 4th run's id with another report (imported from elsewhere).
    const other = await ingest(
      report({ project: "shop", nonce: "elsewhere", cases: [{ name: "x" }] }),
      policy,
    );
    if (!other.ok) throw new Error("not ingested");
    await target.transaction((tx) => tx.importRun(other.run, ids[3]!, "2020-01-01T00:00:00.000Z"));
    const before = await digest(await stores.raw(source));
    const error = await copyRuns(source, target, { batch: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationConflict);
    expect((error as Error).message).toContain(`run ${ids[3]!} is at the target with another report`);
    expect((error as Error).message).toContain(other.run.canonicalHash);
    // The batches before it copied; the conflicting run untouched; the source unchanged.
    expect(await target.hashOfRun(ids[3]!)).toBe(other.run.canonicalHash);
    expect(await target.hashOfRun(ids[1]!)).toBe(await source.hashOfRun(ids[1]!));
    expect(await target.hashOfRun(ids[2]!)).toBeUndefined();
    expect(await digest(await stores.raw(source))).toBe(before);
    const check = await verifyCopy(source, target);
    expect(check.ok).toBe(false);
    expect(check.differences).toContain(
      `run ${ids[3]!}: canonical hash ${other.run.canonicalHash} at the target, ${(await source.hashOfRun(ids[3]!))!} at the source`,
    );
  });

  it("stops at a run whose report the target holds under another id", async () => {
    const { store: source, ids } = await filled(from, 3);
    const target = await stores.open(to);
    // The very report of run 2, stored at the target under another id.
    const xml = (await source.runXml(ids[1]!))!;
    const again = await ingest(xml, policy);
    if (!again.ok) throw new Error("not ingested");
    await target.transaction((tx) => tx.importRun(again.run, "another-id", "2020-01-01T00:00:00.000Z"));
    await expect(copyRuns(source, target)).rejects.toThrow(
      `run ${ids[1]!}'s report (canonical hash ${again.run.canonicalHash}) is at the target as run another-id`,
    );
    expect(await target.hashOfRun(ids[0]!)).toBeUndefined(); // the batch rolled back whole
  });

  it("into a target that held runs: they stay, the source's are compared", async () => {
    const { store: source } = await filled(from, 4);
    const target = await stores.open(to);
    const own = await add(target, "own", 2, "elsewhere");
    expect(await copyRuns(source, target)).toMatchObject({ copied: 4, skipped: 0 });
    const check = await verifyCopy(source, target);
    expect(check).toMatchObject({ ok: true, runs: 4, extra: 1, differences: [] });
    expect(await target.hashOfRun(own)).toBeDefined();
  });

  it("verification names what differs: a hash, a missing case, a missing run", async () => {
    const { store: source, ids } = await filled(from, 4);
    const target = await stores.open(to);
    await copyRuns(source, target);
    const raw = await stores.raw(target);
    await raw.run("UPDATE test_runs SET canonical_hash = 'tampered' WHERE id = ?", [ids[0]!]);
    await raw.run(
      "DELETE FROM test_cases WHERE id = (SELECT min(c.id) FROM test_cases c JOIN test_suites s ON s.id = c.test_suite_id WHERE s.test_run_id = ?)",
      [ids[1]!],
    );
    const check = await verifyCopy(source, target);
    expect(check.ok).toBe(false);
    expect(check.differences).toEqual(
      expect.arrayContaining([
        `run ${ids[0]!}: canonical hash tampered at the target, ${(await source.hashOfRun(ids[0]!))!} at the source`,
        expect.stringMatching(new RegExp(`^run ${ids[1]!}: cases \\d+ at the target, \\d+ at the source$`)),
        expect.stringMatching(/^test_cases: \d+ rows at the target, \d+ at the source$/),
      ]),
    );
  });
});

function io(cwd: string): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    cwd,
    env: {},
    stdin: process.stdin,
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    out: () => out,
    err: () => err,
  } as unknown as CliIo & { out: () => string; err: () => string };
}

describe("jux serve migrate, the command", () => {
  it("copies and verifies; one summary line; a PostgreSQL password never shown", async () => {
    const { store: source } = await filled("sqlite", 5);
    const to = BACKENDS.includes("postgres")
      ? await stores.database("postgres")
      : await stores.database("sqlite");
    // With a password (the test cluster trusts its loopback: it is not asked for): never printed.
    const target = to.startsWith("postgres") ? to.replace("postgres@", "postgres:s3cret-pw@") : to;
    if (to.startsWith("postgres")) expect(target).toContain(":s3cret-pw@"); // else the checks below check nothing
    await source.close();
    const cli = io(tmpdir());
    expect(await migrateCommand({ from: `sqlite:${source.path}`, to: target, batch: "2" }, cli, 0)).toBe(0);
    expect(cli.out()).toMatch(
      /^jux serve migrate: 5 run\(s\) copied, 0 already at the target \(skipped\) in \d+\.\d s \(\d+ runs\/s\); verified: 5 run\(s\), every canonical hash the same; the source .* was left untouched\n$/,
    );
    expect(cli.err()).toContain("5 of 5 runs (100%)");
    expect(cli.out() + cli.err()).not.toContain("s3cret-pw");
    if (to.startsWith("postgres")) expect(cli.out()).not.toContain(target);
    // --verify-only, and the other way round: already there.
    const again = io(tmpdir());
    expect(await migrateCommand({ from: source.path, to: target, "verify-only": true }, again)).toBe(0);
    expect(again.out()).toMatch(/^jux serve migrate: verified: 5 run\(s\)/);
    expect(again.out() + again.err()).not.toContain("s3cret-pw");
  });

  it("refuses a source run stored in an encoding jux serve never writes; control characters never reach the terminal", async () => {
    const { store: source, ids } = await filled("sqlite", 3);
    const raw = await stores.raw(source);
    await raw.run("UPDATE test_runs SET xml_encoding = ? WHERE id = ?", ["zstd\u001b[31m", ids[1]!]);
    await source.close();
    const target = await stores.database("sqlite");
    const cli = io(tmpdir());
    const error = await migrateCommand({ from: source.path, to: target, batch: "1" }, cli, 0).catch(
      (e: unknown) => e as Error,
    );
    // Named with its value escaped (JSON): the message is as safe for a terminal as what migrate says itself.
    expect(String(error)).toContain(
      `run "${ids[1]!}" at the source has its report stored as "zstd\\u001b[31m"`,
    );
    expect(String(error)).toContain("which jux serve does not write (identity, gzip, zstd)");
    expect(String(error) + cli.out() + cli.err()).not.toContain("\u001b");
  });

  it("refuses the same database twice, a missing source, a bad --batch", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jux-migrate-cmd-"));
    const { store } = await filled("sqlite", 1);
    const cli = io(dir);
    await expect(migrateCommand({ from: store.path, to: `sqlite:${store.path}` }, cli)).rejects.toThrow(
      /--from and --to both name/,
    );
    await expect(
      migrateCommand({ from: join(dir, "nope.sqlite"), to: join(dir, "b.sqlite") }, cli),
    ).rejects.toThrow(/the source .*nope\.sqlite does not exist/);
    await expect(
      migrateCommand({ from: store.path, to: join(dir, "b.sqlite"), batch: "0" }, cli),
    ).rejects.toThrow(/--batch: "0" is not a number of runs/);
    await expect(migrateCommand({ to: join(dir, "b.sqlite") }, cli)).rejects.toThrow(/--from is required/);
    expect(endpoint("sqlite:x.db", "--to", "/d")).toBe("/d/x.db");
    expect(endpoint("x.db", "--to", "/d")).toBe("/d/x.db");
    expect(() => endpoint("mysql://u:pw@h/db", "--to", "/d")).toThrow(/is not a database migrate takes/);
    expect(() => endpoint("mysql://u:pw@h/db", "--to", "/d")).not.toThrow(/pw/);
  });
});

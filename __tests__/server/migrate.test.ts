/**
 * Store's migrations when two processes open an older database at once: the version is read inside the migration's
 * BEGIN IMMEDIATE, so the one that waited for the other's write lock sees the migration done and skips it. The
 * interleaving is real: a child process takes the write lock on a database one migration behind, this process opens
 * a Store meanwhile (its migration waits on the lock, busy_timeout), and the child applies the migration and commits;
 * read outside the transaction, the version was the old one and the Store ran the migration again ("table …
 * already exists"). On PostgreSQL: the same schema version and the same tables and columns as SQLite's, and Stores
 * opening one new database at once all start (the advisory lock: one migrates, the others find it done).
 */
import { afterEach, describe, expect, it } from "@jest/globals";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MIGRATION_LOCK, POSTGRES_MIGRATIONS } from "../../src/server/db/postgres-schema.js";
import { MIGRATIONS } from "../../src/server/schema.js";
import { loadSqlite, Store } from "../../src/server/store.js";
import { BACKENDS } from "../helpers/postgres.js";
import { testStores, type RawDatabase } from "../helpers/server-store.js";

const HAS_SQLITE = Boolean(process.getBuiltinModule?.("node:sqlite"));
if (!HAS_SQLITE)
  console.log(`skipped: the migration tests need node:sqlite (Node 22.5+), this is ${process.version}`);
const describeSqlite = HAS_SQLITE ? describe : describe.skip;

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
const stores = testStores("jux-migrate-");
const describePostgres = BACKENDS.includes("postgres") ? describe : describe.skip;

/** The other process: takes the write lock, says so, waits, applies the last migration, commits. */
const OTHER = `
const { DatabaseSync } = require("node:sqlite");
const db = new DatabaseSync(process.env.DB);
db.exec("PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE");
console.log("locked");
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 700);
db.exec(process.env.SQL);
db.exec("PRAGMA user_version = " + process.env.VERSION + "; COMMIT");
db.close();
`;

describeSqlite("Store migrations", () => {
  it("skips a migration another process applied while this one waited for the write lock", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jux-migrate-"));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "db.sqlite");
    const behind = MIGRATIONS.length - 1;
    const old = new (loadSqlite().DatabaseSync)(path);
    old.exec("PRAGMA journal_mode = WAL");
    for (const sql of MIGRATIONS.slice(0, behind)) old.exec(sql);
    old.exec(`PRAGMA user_version = ${behind}`);
    old.close();

    const child = spawn(process.execPath, ["--no-warnings", "-e", OTHER], {
      env: { ...process.env, DB: path, SQL: MIGRATIONS[behind]!, VERSION: String(MIGRATIONS.length) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve());
      child.on("exit", () => reject(new Error("the other process ended before it took the lock")));
    });
    const store = await Store.open(path);
    closers.unshift(() => store.close());
    expect(await exited).toBe(0);
    expect(await store.schemaVersion()).toBe(MIGRATIONS.length);
    expect(await store.runGroups()).toEqual([]);
  });
});

/** Each table's columns, sorted by table then column. */
async function columns(db: RawDatabase): Promise<string[]> {
  const rows =
    db.backend === "postgres"
      ? await db.all<{ t: string; c: string }>(
          `SELECT table_name AS t, column_name AS c FROM information_schema.columns
           WHERE table_schema = current_schema()`,
        )
      : await db.all<{ t: string; c: string }>(
          `SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p
           WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'`,
        );
  return rows.map((r) => `${r.t}.${r.c}`).sort();
}

describePostgres("Store migrations on PostgreSQL", () => {
  it("brings a new database to the schema version SQLite's reach, with the same tables and columns", async () => {
    expect(POSTGRES_MIGRATIONS).toHaveLength(MIGRATIONS.length);
    const pg = await stores.open("postgres");
    const lite = await stores.open("sqlite");
    expect(await pg.schemaVersion()).toBe(MIGRATIONS.length);
    expect(await pg.schemaVersion()).toBe(await lite.schemaVersion());
    // PostgreSQL keeps the version in a table of its own (SQLite in PRAGMA user_version), and test_runs.rowid is a
    // column there (SQLite's is implicit): every other one is SQLite's.
    const pgColumns = (await columns(await stores.raw(pg))).filter(
      (c) => !c.startsWith("jux_schema.") && c !== "test_runs.rowid",
    );
    expect(pgColumns).toEqual(await columns(await stores.raw(lite)));
    // Opened again: nothing to migrate, the same version.
    const again = await stores.open(pg.path);
    expect(await again.schemaVersion()).toBe(MIGRATIONS.length);
  });

  it("migrates under the advisory lock: Stores opening one new database at once wait, then all start", async () => {
    const database = await stores.database("postgres");
    // Another process holds the migration lock: every Store waits for it before it touches the schema.
    const holder = await stores.raw(database);
    await holder.run("SELECT pg_advisory_lock(?)", [MIGRATION_LOCK]);
    let started = 0;
    const opening = Array.from({ length: 4 }, () => stores.open(database).finally(() => started++));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(started).toBe(0);
    await holder.run("SELECT pg_advisory_unlock(?)", [MIGRATION_LOCK]);
    const opened = await Promise.allSettled(opening);
    expect(opened.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    for (const o of opened) {
      const store = (o as PromiseFulfilledResult<Store>).value;
      expect(await store.schemaVersion()).toBe(MIGRATIONS.length);
      expect(await store.runGroups()).toEqual([]);
    }
    const db = await stores.raw((opened[0] as PromiseFulfilledResult<Store>).value);
    // Each migration ran once: one version row, one row of run_deletions, one deletion trigger.
    expect(await db.all("SELECT id, version FROM jux_schema")).toEqual([
      { id: 1, version: MIGRATIONS.length },
    ]);
    expect(await db.all("SELECT id, n FROM run_deletions")).toEqual([{ id: 1, n: 0 }]);
    expect(await db.count("SELECT count(*) AS n FROM pg_trigger WHERE tgname = 'test_runs_deleted'")).toBe(1);
  });

  it("refuses a database a newer jux serve migrated, saying which versions and what to run", async () => {
    const store = await stores.open("postgres");
    const db = await stores.raw(store);
    await db.run("UPDATE jux_schema SET version = ?", [MIGRATIONS.length + 1]);
    await expect(stores.open(store.path)).rejects.toThrow(
      new RegExp(
        `schema version ${MIGRATIONS.length + 1}, newer than this jux serve knows \\(${MIGRATIONS.length}\\)`,
      ),
    );
  });
});

/**
 * Store's migrations when two processes open an older database at once: the version is read inside the migration's
 * BEGIN IMMEDIATE, so the one that waited for the other's write lock sees the migration done and skips it. The
 * interleaving is real: a child process takes the write lock on a database one migration behind, this process opens
 * a Store meanwhile (its migration waits on the lock, busy_timeout), and the child applies the migration and commits;
 * read outside the transaction, the version was the old one and the Store ran the migration again ("table …
 * already exists").
 */
import { afterEach, describe, expect, it } from "@jest/globals";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MIGRATIONS } from "../../src/server/schema.js";
import { loadSqlite, Store } from "../../src/server/store.js";

const HAS_SQLITE = Boolean(process.getBuiltinModule?.("node:sqlite"));
if (!HAS_SQLITE)
  console.log(`skipped: the migration tests need node:sqlite (Node 22.5+), this is ${process.version}`);
const describeSqlite = HAS_SQLITE ? describe : describe.skip;

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

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
    const store = new Store(path);
    closers.unshift(() => store.close());
    expect(await exited).toBe(0);
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    expect(store.runGroups()).toEqual([]);
  });
});

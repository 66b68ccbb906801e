/**
 * Store.backupTo (jux serve backup): a copy that finishes while another connection writes all the time (one
 * backup() step, not 100 pages a step restarted by every write), and the VACUUM INTO copy where node:sqlite has no
 * backup() (Node.js before 22.16). SQLite's only: on PostgreSQL it refuses, pointing at pg_dump.
 */
import { afterEach, describe, expect, it } from "@jest/globals";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BACKUP_ALL_PAGES, loadSqlite, Store } from "../../../src/server/store.js";
import { BACKENDS } from "../../helpers/postgres.js";
import { testStores } from "../../helpers/server-store.js";

const HAS_SQLITE = Boolean(process.getBuiltinModule?.("node:sqlite"));
if (!HAS_SQLITE)
  console.log(`skipped: the backup tests need node:sqlite (Node 22.5+), this is ${process.version}`);
const describeSqlite = HAS_SQLITE ? describe : describe.skip;

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
const stores = testStores("jux-backup-");
const describePostgres = BACKENDS.includes("postgres") ? describe : describe.skip;

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "jux-backup-"));
  closers.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** A store whose file has many pages (a table of blobs beside the schema), and a second connection writing to it. */
async function busyStore(d: string) {
  const path = join(d, "db.sqlite");
  const store = await Store.open(path);
  closers.unshift(() => store.close());
  const db = new (loadSqlite().DatabaseSync)(path);
  closers.unshift(() => db.close());
  db.exec("PRAGMA busy_timeout = 5000; CREATE TABLE filler (x BLOB)");
  const insert = db.prepare("INSERT INTO filler VALUES (randomblob(4000))");
  for (let i = 0; i < 2000; i++) insert.run();
  return { path, store, insert };
}

describeSqlite("Store.backupTo", () => {
  it("finishes while another connection writes between every step, with every page", async () => {
    const d = dir();
    const { store, insert } = await busyStore(d);
    let writing = true;
    const writer = (async () => {
      while (writing) {
        insert.run();
        await new Promise((r) => setImmediate(r));
      }
    })();
    const out = join(d, "copy.sqlite");
    const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 10_000).unref());
    const pages = await Promise.race([store.backupTo(out), timeout]);
    writing = false;
    await writer;
    expect(pages).not.toBe("timeout");
    const copy = new (loadSqlite().DatabaseSync)(out);
    closers.unshift(() => copy.close());
    expect(
      (copy.prepare("SELECT count(*) AS n FROM filler").get() as { n: number }).n,
    ).toBeGreaterThanOrEqual(2000);
    expect(
      (copy.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check,
    ).toBe("ok");
  }, 20_000);

  it("asks backup() for all pages in one step", async () => {
    const d = dir();
    const { store } = await busyStore(d);
    const real = loadSqlite();
    const rates: unknown[] = [];
    const spy = {
      backup: (...args: Parameters<typeof real.backup>) => {
        rates.push(args[2]?.rate);
        return real.backup(...args);
      },
    };
    await store.backupTo(join(d, "copy.sqlite"), spy);
    expect(rates).toEqual([BACKUP_ALL_PAGES]);
  });

  it("copies with VACUUM INTO where node:sqlite has no backup() (Node.js 22.5 to 22.15)", async () => {
    const d = dir();
    const { store } = await busyStore(d);
    const out = join(d, "copy.sqlite");
    expect(await store.backupTo(out, {})).toBeGreaterThan(1000);
    const copy = new (loadSqlite().DatabaseSync)(out);
    closers.unshift(() => copy.close());
    expect((copy.prepare("SELECT count(*) AS n FROM filler").get() as { n: number }).n).toBe(2000);
    expect(copy.prepare("SELECT name FROM sqlite_master WHERE name = 'test_runs'").get()).toBeDefined();
  });
});

describePostgres("Store.backupTo on PostgreSQL", () => {
  it("refuses, naming pg_dump, and writes no file", async () => {
    const d = dir();
    const store = await stores.open("postgres");
    const out = join(d, "copy.sqlite");
    await expect(store.backupTo(out)).rejects.toThrow(/pg_dump/);
    expect(existsSync(out)).toBe(false);
  });
});

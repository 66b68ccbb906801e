/**
 * The server's Store on each backend for the store-level tests (one suite, run with describe.each(BACKENDS)): a
 * fresh database per test, a Store opened on it, a second plain connection to look at the tables as they are, and
 * everything closed, removed and dropped after each test (the PostgreSQL databases after the file).
 */
import { afterAll, afterEach } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { isPostgres } from "../../src/server/db/sql.js";
import { Store } from "../../src/server/store.js";
import { databaseFor, dropPostgresDatabases, type Backend } from "./postgres.js";

export type { Backend };

type Value = string | number | null | Buffer;

/**
 * A second connection to a Store's database, not through the Store: to set up what only an old or a tampered
 * database has (runs dated in the past) and to count rows. Statements take `?` placeholders on both backends;
 * count(*) and other bigints come back as numbers.
 */
export interface RawDatabase {
  readonly backend: Backend;
  all<T = Record<string, unknown>>(sql: string, args?: readonly Value[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, args?: readonly Value[]): Promise<T | undefined>;
  run(sql: string, args?: readonly Value[]): Promise<void>;
  /** The single number the statement selects as `n`. */
  count(sql: string, args?: readonly Value[]): Promise<number>;
  close(): Promise<void>;
}

/** `?` placeholders as PostgreSQL's `$1`, `$2` … (the tests' SQL has no `?` inside a string). */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** pg gives bigint (count(*)) as a string: this connection's (never the Store's) as a number. */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8
      ? Number
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

async function connect(backend: Backend, database: string): Promise<RawDatabase> {
  if (backend === "postgres") {
    const client = new pg.Client({ connectionString: database, types });
    await client.connect();
    const all = async <T>(sql: string, args: readonly Value[] = []) =>
      (await client.query(numbered(sql), [...args])).rows as T[];
    return {
      backend,
      all,
      get: async <T>(sql: string, args?: readonly Value[]) => (await all<T>(sql, args))[0],
      run: async (sql, args = []) => void (await client.query(numbered(sql), [...args])),
      count: async (sql, args) => Number((await all<{ n: unknown }>(sql, args))[0]!.n),
      close: () => client.end(),
    };
  }
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(database);
  db.exec("PRAGMA busy_timeout = 5000");
  const all = async <T>(sql: string, args: readonly Value[] = []) => db.prepare(sql).all(...args) as T[];
  return {
    backend,
    all,
    get: async <T>(sql: string, args: readonly Value[] = []) => db.prepare(sql).get(...args) as T | undefined,
    run: async (sql, args = []) => void db.prepare(sql).run(...args),
    count: async (sql, args) => Number((await all<{ n: unknown }>(sql, args))[0]!.n),
    close: async () => db.close(),
  };
}

/**
 * The databases, Stores and connections of one test file: call once at the top of the file. Each test's are
 * closed after it (the Stores before their files are removed); the file's PostgreSQL databases dropped after all.
 */
export function testStores(prefix = "jux-store-") {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  afterAll(() => dropPostgresDatabases());

  /** A fresh, empty database of `backend`: a SQLite file in a new directory, or a new PostgreSQL database. */
  async function database(backend: Backend): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    return databaseFor(backend, dir);
  }

  /** A Store on `on` (a database string), or on a fresh database of that backend. */
  async function open(on: Backend | string, options: { preferVerified?: boolean } = {}): Promise<Store> {
    const backend = on === "sqlite" || on === "postgres" ? on : undefined;
    const store = await Store.open(backend ? await database(backend) : on, options);
    // A test may close its Store itself (to open the database again): closing twice is no failure here.
    closers.unshift(() => store.close().catch(() => undefined));
    // A suite parameterised by backend must not run one backend twice (a database string of the other kind).
    if (backend && store.dialect !== backend)
      throw new Error(
        `testStores.open("${backend}") opened a ${store.dialect} Store: databaseFor gave the wrong kind`,
      );
    return store;
  }

  /** A second connection to the database of `on` (a Store, or a database string; see RawDatabase). */
  async function raw(on: Store | string): Promise<RawDatabase> {
    const database = typeof on === "string" ? on : on.path;
    const db = await connect(isPostgres(database) ? "postgres" : "sqlite", database);
    closers.unshift(() => db.close());
    return db;
  }

  return { database, open, raw };
}

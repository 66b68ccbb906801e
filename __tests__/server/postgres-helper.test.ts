/**
 * The PostgreSQL test helper (__tests__/helpers/postgres.ts) against the real test cluster: a fresh database is
 * empty, connectable and writable, and dropping removes it even while a connection is still open on it (FORCE).
 * Skipped with the reason when there is no cluster (never on CI: there BACKENDS has "postgres" and this fails).
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import {
  BACKENDS,
  databaseFor,
  dropPostgresDatabases,
  freshPostgresDatabase,
  postgresUrl,
} from "../helpers/postgres.js";

const describePostgres = BACKENDS.includes("postgres") ? describe : describe.skip;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const databaseName = (url: string) => new URL(url).pathname.slice(1);

async function existing(names: string[]): Promise<string[]> {
  const result = await withClient(postgresUrl()!, (client) =>
    client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname = ANY($1) ORDER BY datname",
      [names],
    ),
  );
  return result.rows.map((row) => row.datname);
}

describePostgres("freshPostgresDatabase and dropPostgresDatabases (the test cluster)", () => {
  afterAll(() => dropPostgresDatabases());

  it("gives a new, empty, connectable database of its own on each call", async () => {
    const first = await freshPostgresDatabase();
    const second = await freshPostgresDatabase();
    expect(databaseName(first)).toMatch(/^jux_t_[0-9a-f]{16}$/);
    expect(databaseName(second)).not.toBe(databaseName(first));
    expect(new URL(first).host).toBe(new URL(postgresUrl()!).host);
    await withClient(first, async (client) => {
      const current = await client.query<{ name: string }>("SELECT current_database() AS name");
      expect(current.rows[0]?.name).toBe(databaseName(first));
      const tables = await client.query(
        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
          "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
      );
      expect(tables.rowCount).toBe(0);
      await client.query("CREATE TABLE t (x int)");
      await client.query("INSERT INTO t VALUES (42)");
    });
    // A table in one database is not in the other.
    await withClient(second, async (client) => {
      const found = await client.query("SELECT 1 FROM pg_tables WHERE tablename = 't'");
      expect(found.rowCount).toBe(0);
    });
    expect(await existing([databaseName(first), databaseName(second)])).toEqual(
      [databaseName(first), databaseName(second)].sort(),
    );
  });

  it("drops every database it created, even one with a connection still open", async () => {
    const url = await freshPostgresDatabase();
    const name = databaseName(url);
    const open = new pg.Client({ connectionString: url });
    const terminated = new Promise<Error>((resolve) => open.on("error", resolve));
    await open.connect();
    await open.query("SELECT 1");
    await dropPostgresDatabases();
    expect(await existing([name])).toEqual([]);
    // FORCE terminated the open session (57P01: admin_shutdown).
    expect(((await terminated) as Error & { code?: string }).code).toBe("57P01");
    await open.end().catch(() => undefined);
    await expect(withClient(url, () => Promise.resolve())).rejects.toMatchObject({ code: "3D000" });
    // Nothing left to drop: a second call is a no-op.
    await expect(dropPostgresDatabases()).resolves.toBeUndefined();
  });

  it("databaseFor('postgres') is a fresh database on the cluster", async () => {
    const url = await databaseFor("postgres", "/nonexistent");
    expect(url.startsWith("postgres://")).toBe(true);
    expect(await existing([databaseName(url)])).toEqual([databaseName(url)]);
  });
});

describe("databaseFor('sqlite')", () => {
  it("is a new SQLite file path inside the directory, different on each call", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jux-pg-helper-"));
    try {
      const first = await databaseFor("sqlite", dir);
      const second = await databaseFor("sqlite", dir);
      expect(first.startsWith(`${dir}/`)).toBe(true);
      expect(first).toMatch(/\.sqlite$/);
      expect(second).not.toBe(first);
      expect(existsSync(first)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

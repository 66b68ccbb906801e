/** The PostgreSQL Sql (src/server/db/postgres.ts) against a real server: what a lost connection does, its settings. */
import { afterAll, describe, expect, it } from "@jest/globals";
import { PostgresSql, STATEMENT_TIMEOUT_MS, postgresText } from "../../../src/server/db/postgres.js";
import { BACKENDS, dropPostgresDatabases, freshPostgresDatabase } from "../../helpers/postgres.js";

const onPostgres = BACKENDS.includes("postgres") ? describe : describe.skip;

describe("postgresText", () => {
  it("numbers ? in order and keeps ?N", () => {
    expect(postgresText("SELECT ? WHERE a = ? AND b IN (?, ?)")).toBe(
      "SELECT $1 WHERE a = $2 AND b IN ($3, $4)",
    );
    expect(postgresText("DELETE FROM t WHERE k = ?1 AND p = ?2 AND q = ?1")).toBe(
      "DELETE FROM t WHERE k = $1 AND p = $2 AND q = $1",
    );
  });
});

onPostgres("PostgresSql on a real server", () => {
  const opened: PostgresSql[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((sql) => sql.close().catch(() => undefined)));
    await dropPostgresDatabases();
  });
  const open = async () => {
    const sql = PostgresSql.open(await freshPostgresDatabase());
    opened.push(sql);
    return sql;
  };

  it("a connection killed mid-transaction fails that transaction, not the process; the pool goes on", async () => {
    const url = await freshPostgresDatabase();
    const sql = PostgresSql.open(url);
    const admin = PostgresSql.open(url);
    opened.push(sql, admin);
    await sql.exec("CREATE TABLE t (n INTEGER)");
    const attempt = sql.transaction(async (tx) => {
      await tx.run("INSERT INTO t (n) VALUES (1)");
      const { pid } = (await tx.get<{ pid: number }>("SELECT pg_backend_pid() AS pid"))!;
      await admin.run("SELECT pg_terminate_backend(?)", [pid]);
      // The socket closes while the transaction's connection is idle: the client emits 'error' now.
      await new Promise((done) => setTimeout(done, 300));
      await tx.run("INSERT INTO t (n) VALUES (2)");
    });
    await expect(attempt).rejects.toThrow();
    expect(await sql.get("SELECT count(*) AS n FROM t")).toEqual({ n: 0 });
    expect(await sql.transaction((tx) => tx.run("INSERT INTO t (n) VALUES (3)"))).toBe(1);
  });

  it("cuts a statement or an idle transaction after STATEMENT_TIMEOUT_MS; counts come back as numbers", async () => {
    const sql = await open();
    const minutes = STATEMENT_TIMEOUT_MS / 60_000;
    expect(await sql.get("SHOW statement_timeout")).toEqual({ statement_timeout: `${minutes}min` });
    expect(await sql.get("SHOW idle_in_transaction_session_timeout")).toEqual({
      idle_in_transaction_session_timeout: `${minutes}min`,
    });
    expect(await sql.get("SELECT count(*) AS n, sum(1.5) AS s, avg(2) AS a")).toEqual({ n: 1, s: 1.5, a: 2 });
  });

  it("runs a transaction that lost a unique race again, and reads the winner's row", async () => {
    const url = await freshPostgresDatabase();
    const a = PostgresSql.open(url);
    const b = PostgresSql.open(url);
    opened.push(a, b);
    await a.exec("CREATE TABLE u (k TEXT PRIMARY KEY, who TEXT NOT NULL)");
    let attempts = 0;
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    // a inserts k and holds its transaction open; b's insert of k waits on it, fails when a commits, runs again.
    const first = a.transaction(async (tx) => {
      await tx.run("INSERT INTO u (k, who) VALUES ('k', 'a')");
      await held;
    });
    await new Promise((done) => setTimeout(done, 100));
    const second = b.transaction(async (tx) => {
      attempts++;
      const found = await tx.get<{ who: string }>("SELECT who FROM u WHERE k = 'k'");
      if (found) return `found ${found.who}`;
      if (attempts === 1) setTimeout(release, 200);
      await tx.run("INSERT INTO u (k, who) VALUES ('k', 'b')");
      return "inserted";
    });
    await first;
    expect(await second).toBe("found a");
    expect(attempts).toBe(2);
  });
});

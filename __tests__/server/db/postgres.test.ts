/** The PostgreSQL Sql (src/server/db/postgres.ts) against a real server: what a lost connection does, its settings. */
import { once } from "node:events";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "@jest/globals";
import { Store } from "../../../src/server/store.js";
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

describe("a server asking for a password none was given", () => {
  it("fails at once with what to do, and closes the connection (the process is not kept alive)", async () => {
    // Speaks PostgreSQL's protocol as far as the handshake, as a server with scram-sha-256 in pg_hba.conf does;
    // then waits, as it would, for the client's proof.
    const sockets: Socket[] = [];
    const closed: Promise<unknown>[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      closed.push(once(socket, "close"));
      const reply = (code: number, data: Buffer) => {
        const message = Buffer.alloc(9 + data.length);
        message.write("R", 0);
        message.writeInt32BE(8 + data.length, 1);
        message.writeInt32BE(code, 5);
        data.copy(message, 9);
        socket.write(message);
      };
      let step = 0;
      socket.on("data", (data) => {
        // The startup message: AuthenticationSASL. The client's first SCRAM message (no password needed yet):
        // the server's first (its nonce after the client's, a salt, the iterations), where a password is needed.
        if (step++ === 0) return reply(10, Buffer.from("SCRAM-SHA-256\0\0"));
        const nonce = /r=([^,\0]+)/.exec(data.toString("latin1"))?.[1] ?? "";
        reply(11, Buffer.from(`r=${nonce}server,s=c2FsdHNhbHQ=,i=4096`));
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const saved = process.env.PGPASSWORD;
    let timer: NodeJS.Timeout | undefined;
    delete process.env.PGPASSWORD;
    try {
      const started = Date.now();
      await expect(Store.open(`postgres://jux@127.0.0.1:${port}/jux`)).rejects.toThrow(
        /cannot connect to the PostgreSQL database postgres:\/\/jux@127\.0\.0\.1:\d+\/jux \(--database or JUX_SERVE_DATABASE\): the server asks for a password and none was given: set PGPASSWORD/,
      );
      expect(sockets.length).toBeGreaterThan(0);
      // node-postgres alone left it open until the server's authentication timeout (a minute by default).
      const open = new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error("the connection stayed open")), 5000);
      });
      await Promise.race([Promise.all(closed), open]);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      if (saved !== undefined) process.env.PGPASSWORD = saved;
      clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      server.close();
    }
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
      expect(await admin.get("SELECT pg_terminate_backend(?) AS ok", [pid])).toEqual({ ok: true });
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

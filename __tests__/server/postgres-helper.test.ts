/**
 * The PostgreSQL test helper (__tests__/helpers/postgres.ts) against the real test cluster: a fresh database is
 * empty, connectable and writable, and dropping removes it even while a connection is still open on it (FORCE).
 * Skipped with the reason when there is no cluster (never on CI: there BACKENDS has "postgres" and this fails).
 * And scripts/postgres.mjs itself, which starts that cluster: on a unix socket in a 0700 directory only (no TCP, so
 * no other user of the machine reaches a superuser that trusts them), refusing a directory someone else could
 * steer (a symlink, another owner, open modes), stopping only what it started, reaping clusters whose owner is gone.
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import {
  findPostgresBin,
  ownerAlive,
  PREFIX,
  processIdentity,
  reapClusters,
  socketUrl,
  startCluster,
  STATE_FILE,
  stopCluster,
} from "../../scripts/postgres.mjs";
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

  it("the admin URL names the cluster's socket directory (0700), no password; the server has no TCP", async () => {
    const admin = new URL(postgresUrl()!);
    expect(admin.password).toBe("");
    const dir = decodeURIComponent(admin.hostname);
    expect(dir.startsWith("/")).toBe(true);
    const stat = lstatSync(dir);
    expect([stat.isDirectory(), stat.mode & 0o777]).toEqual([true, 0o700]);
    expect(lstatSync(join(dir, `.s.PGSQL.${admin.port}`)).isSocket()).toBe(true);
    // A database's URL is the admin URL with another path: the same socket.
    const url = new URL(await freshPostgresDatabase());
    expect([url.hostname, url.port, url.username]).toEqual([admin.hostname, admin.port, "postgres"]);
    await withClient(postgresUrl()!, async (client) => {
      expect((await client.query("SHOW listen_addresses")).rows).toEqual([{ listen_addresses: "" }]);
      const rules = await client.query("SELECT DISTINCT type FROM pg_hba_file_rules ORDER BY type");
      expect(rules.rows).toEqual([{ type: "local" }]);
    });
  });

  const runuser = ["/usr/sbin/runuser", "/sbin/runuser"].find(existsSync);
  const asRoot = process.getuid?.() === 0 && runuser !== undefined && existsSync("/usr/bin/psql");
  (asRoot ? it : it.skip)("another user of the machine (nobody) cannot connect", () => {
    const result = spawnSync(
      runuser!,
      ["-u", "nobody", "--", "/usr/bin/psql", postgresUrl()!, "-c", "SELECT 1"],
      {
        encoding: "utf8",
        cwd: "/",
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Permission denied");
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

const bin = findPostgresBin();
const describeScript = bin ? describe : describe.skip;
const isRoot = process.getuid?.() === 0;

/** A private scratch directory; as root open to traversal (0711), so that `postgres` reaches a cluster in it. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "jux-pgscript-test-"));
  if (isRoot) chmodSync(dir, 0o711);
  return dir;
}

describeScript("scripts/postgres.mjs", () => {
  it("start refuses a DIR someone could steer: a symlink, open to group or others, another owner's, not empty", async () => {
    const root = scratch();
    try {
      const target = join(root, "target");
      mkdirSync(target, { mode: 0o700 });
      symlinkSync(target, join(root, "link"));
      const start = (dir: string) => startCluster({ dir, bin, reap: false });
      await expect(start(join(root, "link"))).rejects.toThrow(
        /a symlink, which start does not follow; name the directory it points to/,
      );
      const open = join(root, "open");
      mkdirSync(open);
      chmodSync(open, 0o750);
      await expect(start(open)).rejects.toThrow(/open to group or others \(mode 750\).*chmod 700/);
      const full = join(root, "full");
      mkdirSync(full, { mode: 0o700 });
      writeFileSync(join(full, "keep"), "x");
      await expect(start(full)).rejects.toThrow(/not empty/);
      if (isRoot) {
        const foreign = join(root, "foreign");
        mkdirSync(foreign, { mode: 0o700 });
        chownSync(foreign, 65534, 65534);
        await expect(start(foreign)).rejects.toThrow(
          /owned by uid 65534, not by this user .*name a directory of yours/,
        );
      }
      // Nothing was made, chowned or written anywhere.
      expect(readdirSync(target)).toEqual([]);
      expect(lstatSync(target).uid).toBe(process.getuid?.());
      expect(readdirSync(full)).toEqual(["keep"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("stop removes nothing but a cluster this user started: no state file, a linked one, another directory's", () => {
    const root = scratch();
    try {
      const dir = join(root, "x");
      mkdirSync(dir, { mode: 0o700 });
      expect(() => stopCluster(dir)).toThrow(/no jux-cluster.json there.*nothing removed/);
      const elsewhere = join(root, "elsewhere.json");
      writeFileSync(elsewhere, JSON.stringify({ dir, bin }));
      symlinkSync(elsewhere, join(dir, STATE_FILE));
      expect(() => stopCluster(dir)).toThrow(/not a regular file of this user's/);
      rmSync(join(dir, STATE_FILE));
      writeFileSync(join(dir, STATE_FILE), JSON.stringify({ dir: "/somewhere/else", bin }));
      expect(() => stopCluster(join(dir, STATE_FILE))).toThrow(/names the directory "\/somewhere\/else"/);
      chmodSync(dir, 0o755);
      expect(() => stopCluster(dir)).toThrow(
        /open to group or others .*so not a directory start made \(nothing removed\)/,
      );
      expect(existsSync(join(dir, STATE_FILE))).toBe(true);
      expect(existsSync(elsewhere)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("a recorded owner is alive while it runs, dead once gone or when its pid is another process now", () => {
    expect(ownerAlive(processIdentity(process.pid))).toBe(true);
    expect(ownerAlive({ pid: process.pid, started: "1" })).toBe(false);
    expect(ownerAlive(undefined)).toBe(true); // unknown: never reaped on a guess
  });

  it("reap stops and removes the clusters whose owner is gone, and only those", async () => {
    const root = scratch();
    const sleeper = spawn("sleep", ["600"], { stdio: "ignore" });
    try {
      const cluster = await startCluster({
        dir: join(root, `${PREFIX}owned`),
        bin,
        owner: sleeper.pid!,
        reap: false,
      });
      expect(cluster.url).toBe(socketUrl(cluster.dir));
      expect(cluster.owner.pid).toBe(sleeper.pid);
      const state = lstatSync(join(cluster.dir, STATE_FILE));
      expect([state.mode & 0o777, state.uid]).toEqual([0o600, process.getuid?.()]);
      expect(JSON.parse(readFileSync(join(cluster.dir, STATE_FILE), "utf8")).owner).toEqual(cluster.owner);
      await withClient(cluster.url, async (client) => {
        expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      });
      // A directory of the prefix whose state file names another directory is not a cluster of ours: kept.
      const decoy = join(root, `${PREFIX}decoy`);
      mkdirSync(decoy, { mode: 0o700 });
      writeFileSync(join(decoy, STATE_FILE), JSON.stringify({ dir: cluster.dir, owner: { pid: 999999999 } }));

      expect(reapClusters({ root })).toEqual([]); // its owner runs
      sleeper.kill();
      await once(sleeper, "exit");
      const warnings: string[] = [];
      expect(reapClusters({ root, warn: (line) => warnings.push(line) })).toEqual([cluster.dir]);
      expect(warnings).toEqual([]);
      expect(existsSync(cluster.dir)).toBe(false);
      await expect(withClient(cluster.url, () => Promise.resolve())).rejects.toThrow();
      expect(existsSync(join(decoy, STATE_FILE))).toBe(true);
    } finally {
      sleeper.kill();
      const left = join(root, `${PREFIX}owned`);
      if (existsSync(join(left, STATE_FILE))) stopCluster(left);
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

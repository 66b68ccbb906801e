/**
 * The real PostgreSQL the tests run `jux serve` on: the throwaway cluster scripts/test.mjs (or .ci/run) starts
 * with scripts/postgres.mjs, whose admin URL is in JUX_TEST_POSTGRES_URL: its unix socket directory (0700, the
 * test user's), percent-encoded as the host, postgres://postgres@%2Ftmp%2Fjux-pg-AbC123:5432/postgres; no TCP, no
 * password; a database's URL is that URL with another path. Each suite takes databases of its own
 * (freshPostgresDatabase) and drops them in afterAll (dropPostgresDatabases). Without a cluster the PostgreSQL
 * half of a suite is skipped with one line saying why, except on CI, where it runs and fails: CI never skips it.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";

export type Backend = "sqlite" | "postgres";

const ENV = "JUX_TEST_POSTGRES_URL";

/** The test cluster's admin URL (env JUX_TEST_POSTGRES_URL), or undefined. */
export function postgresUrl(): string | undefined {
  return process.env[ENV] || undefined;
}

/** Why PostgreSQL tests are skipped (one sentence with the fix), or undefined when the cluster is there. */
export const POSTGRES_MISSING: string | undefined = postgresUrl()
  ? undefined
  : `PostgreSQL tests skipped: ${ENV} is unset, so there is no test cluster; run the tests through npm test ` +
    "(scripts/test.mjs starts one when PostgreSQL is installed: apt-get install -y postgresql) or set " +
    `${ENV} to the URL \`node scripts/postgres.mjs start\` prints.`;

const onCi = process.env.CI === "true";

/** The backends a suite runs on: ["sqlite", "postgres"], or ["sqlite"] (printing POSTGRES_MISSING once) when no cluster. */
export const BACKENDS: Backend[] = POSTGRES_MISSING && !onCi ? ["sqlite"] : ["sqlite", "postgres"];
if (POSTGRES_MISSING && !onCi) process.stderr.write(`${POSTGRES_MISSING}\n`);

/** A URL fit for a message: the password, if any, replaced. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an unparsable database URL)";
  }
}

function adminUrl(): string {
  const url = postgresUrl();
  if (url === undefined)
    throw new Error(
      onCi
        ? `${ENV} is unset on CI: .ci/run must start the test cluster (node scripts/postgres.mjs start) and ` +
            "export its URL; CI never skips the PostgreSQL tests."
        : POSTGRES_MISSING,
    );
  return url;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = adminUrl();
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The test PostgreSQL at ${redact(url)} does not answer (${(error as Error).message}): start one with ` +
        `node scripts/postgres.mjs start and set ${ENV} to the URL it prints, or unset ${ENV}.`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const created: string[] = [];

/** A new, empty database on the test cluster (CREATE DATABASE jux_t_<random>); its URL. Dropped by dropPostgresDatabases(). */
export async function freshPostgresDatabase(): Promise<string> {
  const name = `jux_t_${randomBytes(8).toString("hex")}`;
  await admin(async (client) => {
    // The name is ours (hex), so quoting it is enough; CREATE DATABASE takes no parameters.
    await client.query(`CREATE DATABASE "${name}"`);
  });
  created.push(name);
  const parsed = new URL(adminUrl());
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Drops every database freshPostgresDatabase created in this process (WITH (FORCE)). Call in afterAll. */
export async function dropPostgresDatabases(): Promise<void> {
  if (created.length === 0) return;
  const names = created.splice(0);
  await admin(async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

let sqliteFiles = 0;

/** The database URL for a backend: a fresh PG database, or a SQLite file path in `dir`. */
export async function databaseFor(backend: Backend, dir: string): Promise<string> {
  if (backend === "postgres") return freshPostgresDatabase();
  sqliteFiles += 1;
  return join(dir, `jux-${process.pid}-${sqliteFiles}.sqlite`);
}

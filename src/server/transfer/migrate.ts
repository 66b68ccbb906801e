/**
 * `jux serve migrate`: copies a jux serve database to another backend (SQLite ↔ PostgreSQL, or a SQLite file to
 * another) row for row, not re-ingested: each run keeps its id, time, verbatim (compressed) report and derived rows,
 * and runs arrive in the order they were stored. Runs go over in batches, each batch with all its rows in ONE
 * transaction of the target: an interruption (Ctrl-C, kill -9, a lost connection) leaves whole batches only, and
 * the same command run again skips the runs already there (by id) and continues. A run whose id is at the target
 * with another report is a conflict: the migration stops, naming it, and never overwrites. The source is only read.
 * Memory stays bounded whatever the size: runs are read a page at a time (keyset on the source's rowid), their
 * reports a few megabytes at a time, their suites, cases and per-test rows in pages of CHILD_PAGE rows.
 * Then (or alone, --verify-only) both sides are compared: rows per table, and every run's canonical hash and facts,
 * streamed from both sides ordered by id (both engines order text byte by byte).
 */
import { existsSync, realpathSync } from "node:fs";
import { setImmediate as turn } from "node:timers/promises";
import { EXIT, UsageError, writeLine, type CliIo } from "../../core/command/io.js";
import { printable } from "../../core/text.js";
import { located } from "../database.js";
import { insertMany } from "../db/insert.js";
import { redactDatabaseUrl } from "../db/redact.js";
import { isPostgres, type Sql, type Value } from "../db/sql.js";
import { REPORT_ENCODINGS } from "../report-codec.js";
import { Store } from "../store.js";
import { interruptible } from "./interrupt.js";

/** Runs per batch (one target transaction each) unless --batch says otherwise. */
export const DEFAULT_BATCH = 200;
const MAX_BATCH = 10_000;
/** Rows of suites, cases or per-test results read (and written) at a time. */
const CHILD_PAGE = 2_000;
/** Stored report bytes read at a time (a run larger than this alone). */
const XML_BYTES = 8 * 1024 * 1024;
/** Runs whose reports are read in one query at most. */
const RUNS_PER_CHUNK = 100;
/** Rows of the verification's streams read at a time. */
const VERIFY_PAGE = 1_000;
/** Differences named in the verification's report at most. */
const SHOWN = 10;

/** The columns copied, as the current schema has them on both engines; test_runs.rowid is not: see copyRuns. */
const RUN_COLUMNS = [
  "id",
  "canonical_hash",
  "project",
  "branch",
  "commit_sha",
  "status",
  "total_tests",
  "failures",
  "errors",
  "skipped",
  "success_rate",
  "total_time",
  "signer",
  "tags",
  "properties",
  "inserted_at",
  "xml",
  "workflow_run",
  "job",
  "flaky",
  "tests_stored",
  "tests_truncated",
  "pull_request",
  "signer_verified",
  "xml_encoding",
  "published_by",
];
const XML = RUN_COLUMNS.indexOf("xml");
const SUITE_COLUMNS = "id, test_run_id, position, name, tests, failures, errors, skipped, time, properties";
const CASE_COLUMNS = [
  "id",
  "test_suite_id",
  "position",
  "name",
  "classname",
  "status",
  "time",
  "failure_message",
  "failure_type",
  "failure_stacktrace",
];
const RESULT_COLUMNS =
  "run_id, key, position, test_id, suite, classname, name, file, line, outcome, duration, failure_type, failure_message, retries";
const IDEMPOTENCY_COLUMNS = "key, status, body, inserted_at, run_id";

/** The tables copied, in the order the verification counts them. job_leases and run_deletions are the target's own. */
export const TABLES = [
  "test_runs",
  "test_suites",
  "test_cases",
  "test_results",
  "test_keys",
  "idempotency_keys",
] as const;

/** A run id already at the target with another report: never overwritten. */
export class MigrationConflict extends Error {}

export interface MigrateOptions {
  /** Runs per batch (default 200): each batch is one transaction of the target. */
  batch?: number;
  /** Stops the migration between pages (Ctrl-C): the batch being written is rolled back, the others stay. */
  signal?: AbortSignal;
  /** After each batch committed: the runs gone through so far (copied and skipped) and the source's runs. */
  progress?: (done: number, total: number) => void;
  /**
   * Tests' window on the batches: called with the batch's number (from 1) inside its transaction once its rows are
   * written ("written": a throw rolls the batch back) and after its commit ("committed"); a throw stops there.
   */
  onBatch?: (batch: number, phase: "written" | "committed") => void | Promise<void>;
  /** Rows of suites, cases or per-test results read at a time (default 2 000; the tests' pages cutting runs). */
  pageRows?: number;
}

export interface MigrateResult {
  /** Runs written to the target. */
  copied: number;
  /** Runs the target already had (the same id and report): a resumed migration's earlier batches. */
  skipped: number;
  /** Runs at the source when the migration began. */
  sourceRuns: number;
  seconds: number;
}

interface Head {
  rowid: number;
  id: string;
  canonical_hash: string;
  project: string;
  total_tests: number;
  xml_size: number;
}

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** The target's runs among `heads`, by id and by report; a run whose id or report is there otherwise: a conflict. */
async function alreadyThere(tx: Sql, heads: readonly Head[]): Promise<Set<string>> {
  const ids = heads.map((h) => h.id);
  const rows = await tx.all<{ id: string; canonical_hash: string }>(
    `SELECT id, canonical_hash FROM test_runs WHERE id IN (${marks(ids.length)})
       OR canonical_hash IN (${marks(ids.length)})`,
    [...ids, ...heads.map((h) => h.canonical_hash)],
  );
  const byId = new Map(rows.map((r) => [r.id, r.canonical_hash]));
  const byHash = new Map(rows.map((r) => [r.canonical_hash, r.id]));
  const there = new Set<string>();
  for (const head of heads) {
    const hash = byId.get(head.id);
    if (hash === head.canonical_hash) there.add(head.id);
    else if (hash !== undefined)
      throw new MigrationConflict(
        `run ${head.id} is at the target with another report (canonical hash ${hash}; the source's is ` +
          `${head.canonical_hash}): nothing was overwritten. Delete one of the two, or migrate into another ` +
          "database, then run the same command again (the runs copied so far stay and are skipped)",
      );
    else if (byHash.has(head.canonical_hash))
      throw new MigrationConflict(
        `run ${head.id}'s report (canonical hash ${head.canonical_hash}) is at the target as run ` +
          `${byHash.get(head.canonical_hash)!}: one report is stored once, so it cannot be copied under its id; ` +
          "nothing was overwritten. Delete one of the two, or migrate into another database, then run the same " +
          "command again (the runs copied so far stay and are skipped)",
      );
  }
  return there;
}

/**
 * Runs in groups read together: a few megabytes of reports and half a page of tests (as the runs count them) at
 * most, so that a group's rows are one page as a rule; one run at least.
 */
function chunks(heads: readonly Head[]): Head[][] {
  const out: Head[][] = [];
  let chunk: Head[] = [];
  let bytes = 0;
  let tests = 0;
  for (const head of heads) {
    const full =
      chunk.length >= RUNS_PER_CHUNK ||
      bytes + head.xml_size > XML_BYTES ||
      tests + Math.max(head.total_tests, 1) > CHILD_PAGE / 2;
    if (chunk.length > 0 && full) {
      out.push(chunk);
      chunk = [];
      bytes = tests = 0;
    }
    chunk.push(head);
    bytes += head.xml_size;
    tests += Math.max(head.total_tests, 1);
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}

/**
 * The rows `query(keyset)` selects (ordered by the columns `key.columns`, unique together), a page at a time:
 * keyset-paged on those columns, their values taken from the last row at the positions `key.at`.
 */
async function* paged(
  sql: Sql,
  query: (keyset: string) => string,
  args: readonly Value[],
  key: { columns: string; at: number[] },
  size: number,
  signal?: AbortSignal,
): AsyncGenerator<unknown[][]> {
  let last: Value[] | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const keyset = last ? `(${key.columns}) > (${marks(last.length)})` : "1 = 1";
    const rows = await readPage(sql, `${query(keyset)} LIMIT ?`, [...args, ...(last ?? []), size]);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const row = rows[rows.length - 1]!;
    last = key.at.map((i) => row[i] as Value);
  }
}

/**
 * A read of a page by index: every query here has an index to walk, but on a PostgreSQL database just filled in
 * bulk (by a migration), before autovacuum has analyzed it, the planner was seen scanning all of test_cases for
 * every run (seconds a page instead of milliseconds). So on PostgreSQL the read runs in a transaction of its own
 * with sequential scans (and JIT) off; statistics are never written to the source.
 */
function readPage(sql: Sql, text: string, args: readonly Value[]): Promise<unknown[][]> {
  if (sql.dialect !== "postgres") return sql.arrays(text, args);
  return sql.transaction(async (tx) => {
    await tx.exec("SET LOCAL enable_seqscan = off; SET LOCAL jit = off");
    return tx.arrays(text, args);
  });
}

/** node:sqlite gives a BLOB as a Uint8Array; node-postgres takes a Buffer. */
function asBuffer(value: unknown): Value {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : (value as Value);
}

/**
 * The rows of a chunk's runs in one child table, a page at a time: `query(where)` selects them ordered by the run
 * column, then `key` (unique within a run). First the runs together (`run IN (…)`); after a full page, the last
 * run seen goes on alone (`run = ? AND (key) > (…)`: an index range on both engines, where a row comparison over
 * the whole chunk made PostgreSQL walk the rest of the index), then the runs the page did not reach.
 */
async function* runRows(
  sql: Sql,
  runs: readonly string[],
  query: (where: string) => string,
  run: { column: string; at: number },
  key: { columns: string; at: number[] },
  size: number,
  signal?: AbortSignal,
): AsyncGenerator<unknown[][]> {
  let pending = [...runs];
  let going: { run: string; after: Value[] } | undefined;
  while (going || pending.length > 0) {
    signal?.throwIfAborted();
    const rows = going
      ? await readPage(
          sql,
          `${query(`${run.column} = ? AND (${key.columns}) > (${marks(going.after.length)})`)} LIMIT ?`,
          [going.run, ...going.after, size],
        )
      : await readPage(sql, `${query(`${run.column} IN (${marks(pending.length)})`)} LIMIT ?`, [
          ...pending,
          size,
        ]);
    if (rows.length > 0) yield rows;
    if (rows.length < size) {
      if (going) going = undefined;
      else pending = [];
      continue;
    }
    const last = rows[rows.length - 1]!;
    const lastRun = last[run.at] as string;
    if (!going) {
      // The runs of the page are done but the last; those it did not reach (or that have no rows) remain.
      const seen = new Set(rows.map((r) => r[run.at] as string));
      pending = pending.filter((id) => !seen.has(id));
    }
    going = { run: lastRun, after: key.at.map((i) => last[i] as Value) };
  }
}

/** Copies one chunk's runs (in the source's order) and every row of theirs, on the target's transaction `tx`. */
async function copyChunk(
  source: Sql,
  tx: Sql,
  chunk: readonly Head[],
  size: number,
  signal?: AbortSignal,
): Promise<number> {
  const ids = chunk.map((h) => h.id);
  const runs = await readPage(
    source,
    `SELECT ${RUN_COLUMNS.join(", ")} FROM test_runs WHERE id IN (${marks(ids.length)}) ORDER BY rowid`,
    ids,
  );
  if (runs.length === 0) return 0; // deleted at the source since its page was read
  for (const run of runs) {
    run[XML] = asBuffer(run[XML]);
    // Copied as stored, never re-read: what no jux serve wrote would be given back by none.
    const encoding = run[RUN_COLUMNS.indexOf("xml_encoding")];
    if (!(REPORT_ENCODINGS as readonly unknown[]).includes(encoding))
      throw new Error(
        `run ${JSON.stringify(run[0])} at the source has its report stored as ${JSON.stringify(encoding)}, which jux serve does not write (${REPORT_ENCODINGS.join(", ")}): the source database is damaged or was changed by hand; nothing of its batch was copied`,
      );
  }
  await insertMany(tx, `test_runs (${RUN_COLUMNS.join(", ")})`, runs as Value[][]);
  const copied = runs.map((r) => r[0] as string);

  for await (const rows of runRows(
    source,
    copied,
    (where) => `SELECT ${SUITE_COLUMNS} FROM test_suites WHERE ${where} ORDER BY test_run_id, position, id`,
    { column: "test_run_id", at: 1 },
    { columns: "position, id", at: [2, 0] },
    size,
    signal,
  ))
    await insertMany(tx, `test_suites (${SUITE_COLUMNS})`, rows as Value[][]);

  const c = CASE_COLUMNS.map((name) => `c.${name}`).join(", ");
  for await (const rows of runRows(
    source,
    copied,
    (where) =>
      `SELECT s.test_run_id, s.position, ${c} FROM test_suites s JOIN test_cases c ON c.test_suite_id = s.id
       WHERE ${where} ORDER BY s.test_run_id, s.position, c.position, c.id`,
    { column: "s.test_run_id", at: 0 },
    { columns: "s.position, c.position, c.id", at: [1, 4, 2] },
    size,
    signal,
  ))
    await insertMany(
      tx,
      `test_cases (${CASE_COLUMNS.join(", ")})`,
      rows.map((row) => row.slice(2) as Value[]),
    );

  const projectOf = new Map(chunk.map((h) => [h.id, h.project]));
  for await (const rows of runRows(
    source,
    copied,
    (where) => `SELECT ${RESULT_COLUMNS} FROM test_results WHERE ${where} ORDER BY run_id, key`,
    { column: "run_id", at: 0 },
    { columns: "key", at: [1] },
    size,
    signal,
  )) {
    await insertMany(tx, `test_results (${RESULT_COLUMNS})`, rows as Value[][]);
    // The tests these runs have, in their projects (the whole table follows at the end, for any other row of it):
    // each batch leaves the target whole, its copied runs' histories found.
    const keys = new Set(rows.map((r) => JSON.stringify([r[1], projectOf.get(r[0] as string)])));
    const pairs = [...keys].sort().map((k) => JSON.parse(k) as Value[]);
    await insertMany(tx, "test_keys (key, project)", pairs, "ON CONFLICT DO NOTHING");
  }
  return runs.length;
}

/**
 * Copies every run of `source` missing at `target`, batch by batch (see the top of this file), then the rows of
 * test_keys and idempotency_keys the target lacks. Runs are inserted in the source's rowid order, so that the
 * target numbers them (its own rowid, or BIGSERIAL) in the order they were stored: the order queries break ties by.
 */
export async function copyRuns(
  source: Store,
  target: Store,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const started = performance.now();
  const batch = options.batch ?? DEFAULT_BATCH;
  const pageRows = options.pageRows ?? CHILD_PAGE;
  const { signal } = options;
  const sourceRuns = (await source.sql.get<{ n: number }>("SELECT count(*) AS n FROM test_runs"))!.n;
  let copied = 0;
  let skipped = 0;
  let after = 0;
  for (let number = 1; ; number++) {
    await turn(); // lets a signal (Ctrl-C) be heard between batches
    signal?.throwIfAborted();
    const heads = await source.sql.all<Head>(
      `SELECT rowid, id, canonical_hash, project, total_tests, length(xml) AS xml_size FROM test_runs
       WHERE rowid > ? ORDER BY rowid LIMIT ?`,
      [after, batch],
    );
    if (heads.length === 0) break;
    // Everything the transaction decides is read through it and returned: on PostgreSQL it may run again.
    const done = await target.sql.transaction(async (tx) => {
      const there = await alreadyThere(tx, heads);
      let written = 0;
      for (const chunk of chunks(heads.filter((h) => !there.has(h.id))))
        written += await copyChunk(source.sql, tx, chunk, pageRows, signal);
      await options.onBatch?.(number, "written");
      return { written, there: there.size };
    });
    copied += done.written;
    skipped += done.there;
    after = heads[heads.length - 1]!.rowid;
    await options.onBatch?.(number, "committed");
    options.progress?.(copied + skipped, sourceRuns);
  }
  await copyTable(source.sql, target.sql, "test_keys", "key, project", "key, project", [0, 1], signal);
  await copyTable(source.sql, target.sql, "idempotency_keys", IDEMPOTENCY_COLUMNS, "key", [0], signal);
  // The target's statistics, for the servers that use it next (and the verification): after a bulk load
  // PostgreSQL would plan on none until autovacuum came by.
  if (target.dialect === "postgres" && copied > 0) await target.sql.exec(`ANALYZE ${TABLES.join(", ")}`);
  return { copied, skipped, sourceRuns, seconds: (performance.now() - started) / 1000 };
}

/** Copies the rows of a table the target lacks (by its key), a page per transaction. */
async function copyTable(
  source: Sql,
  target: Sql,
  table: string,
  columns: string,
  key: string,
  at: number[],
  signal?: AbortSignal,
): Promise<void> {
  for await (const rows of paged(
    source,
    (keyset) => `SELECT ${columns} FROM ${table} WHERE ${keyset} ORDER BY ${key}`,
    [],
    { columns: key, at },
    CHILD_PAGE,
    signal,
  ))
    await target.transaction((tx) =>
      insertMany(tx, `${table} (${columns})`, rows as Value[][], "ON CONFLICT DO NOTHING"),
    );
}

// Verification.

export interface Verification {
  ok: boolean;
  /** Rows per table on each side. */
  tables: { table: (typeof TABLES)[number]; source: number; target: number }[];
  /** The source's runs compared. */
  runs: number;
  /** Runs at the target the source does not have (it held runs before the migration). */
  extra: number;
  /** The first differences, each naming its run or key. */
  differences: string[];
  /** How many differences there are in all. */
  differenceCount: number;
}

/** What is compared of a run: its columns but the report's bytes, the report's size, and its rows per table. */
const RUN_FACTS = [
  ...RUN_COLUMNS.filter((c) => c !== "xml"),
  "length(xml) AS xml_bytes",
  "(SELECT count(*) FROM test_suites s WHERE s.test_run_id = t.id) AS suites",
  "(SELECT count(*) FROM test_suites s JOIN test_cases c ON c.test_suite_id = s.id WHERE s.test_run_id = t.id) AS cases",
  "(SELECT count(*) FROM test_results r WHERE r.run_id = t.id) AS results",
];
const FACT_NAMES = RUN_FACTS.map((f) => f.replace(/^.* AS /, ""));

async function* rowsOf(
  sql: Sql,
  table: string,
  columns: string,
  key: string,
  at: number[],
  signal?: AbortSignal,
): AsyncGenerator<unknown[]> {
  for await (const rows of paged(
    sql,
    (keyset) => `SELECT ${columns} FROM ${table} WHERE ${keyset} ORDER BY ${key}`,
    [],
    { columns: key, at },
    VERIFY_PAGE,
    signal,
  ))
    yield* rows;
}

/** Orders keys as both engines do: text byte by byte (UTF-8), element by element. */
function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue; // most keys match: no bytes made for them
    const d = Buffer.compare(Buffer.from(String(a[i]), "utf8"), Buffer.from(String(b[i]), "utf8"));
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Walks two streams ordered by key together: `differ` is told of each source row with its target row (or
 * undefined: missing); the target rows the source lacks are counted.
 */
async function merge(
  source: AsyncIterator<unknown[]>,
  target: AsyncIterator<unknown[]>,
  keyOf: (row: unknown[]) => unknown[],
  differ: (s: unknown[], t: unknown[] | undefined) => void,
): Promise<{ compared: number; extra: number }> {
  let s = await source.next();
  let t = await target.next();
  let compared = 0;
  let extra = 0;
  while (!s.done) {
    const d = t.done ? -1 : compareKeys(keyOf(s.value), keyOf(t.value));
    if (d > 0) {
      extra++;
      t = await target.next();
      continue;
    }
    compared++;
    differ(s.value, d === 0 && !t.done ? t.value : undefined);
    s = await source.next();
    if (d === 0) t = await target.next();
  }
  for (; !t.done; t = await target.next()) extra++;
  return { compared, extra };
}

/** Compares the target with the source: see Verification. Reads both sides a page at a time. */
export async function verifyCopy(source: Store, target: Store, signal?: AbortSignal): Promise<Verification> {
  const tables: Verification["tables"] = [];
  for (const table of TABLES) {
    const count = async (store: Store) =>
      (await store.sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
    tables.push({ table, source: await count(source), target: await count(target) });
  }
  const differences: string[] = [];
  let differenceCount = 0;
  const differ = (text: string) => {
    if (differenceCount++ < SHOWN) differences.push(text);
  };
  const facts = RUN_FACTS.join(", ");
  const runs = (store: Store) => rowsOf(store.sql, "test_runs t", facts, "id", [0], signal);
  const { compared, extra } = await merge(
    runs(source),
    runs(target),
    (r) => [r[0]],
    (s, t) => {
      if (!t) return differ(`run ${String(s[0])}: missing at the target`);
      if (s[1] !== t[1])
        return differ(
          `run ${String(s[0])}: canonical hash ${String(t[1])} at the target, ${String(s[1])} at the source`,
        );
      const unlike = FACT_NAMES.filter((_, i) => JSON.stringify(s[i]) !== JSON.stringify(t[i]));
      if (unlike.length > 0)
        differ(
          `run ${String(s[0])}: ${unlike.map((name) => `${name} ${JSON.stringify(t[FACT_NAMES.indexOf(name)])} at the target, ${JSON.stringify(s[FACT_NAMES.indexOf(name)])} at the source`).join("; ")}`,
        );
    },
  );
  const keys = (store: Store) =>
    rowsOf(store.sql, "test_keys", "key, project", "key, project", [0, 1], signal);
  await merge(
    keys(source),
    keys(target),
    (r) => r,
    (s, t) => {
      if (!t) differ(`test key ${String(s[0])} of project ${String(s[1])}: missing at the target`);
    },
  );
  const remembered = (store: Store) =>
    rowsOf(store.sql, "idempotency_keys", IDEMPOTENCY_COLUMNS, "key", [0], signal);
  await merge(
    remembered(source),
    remembered(target),
    (r) => [r[0]],
    (s, t) => {
      if (!t) differ(`idempotency key ${String(s[0])}: missing at the target`);
      else if (JSON.stringify(s) !== JSON.stringify(t))
        differ(`idempotency key ${String(s[0])}: another response is remembered for it at the target`);
    },
  );
  // A target that held nothing else has exactly the source's rows; one that held runs before, at least them.
  if (extra === 0)
    for (const { table, source: s, target: t } of tables)
      if (s !== t) differ(`${table}: ${t} rows at the target, ${s} at the source`);
  return { ok: differenceCount === 0, tables, runs: compared, extra, differences, differenceCount };
}

// The command.

export const MIGRATE_USAGE = `Usage: jux serve migrate --from DATABASE --to DATABASE [--batch N] [--verify-only]

Copies a jux serve database to another one, SQLite to PostgreSQL or back (or a SQLite file to another): every
run with its id, time, verbatim report, suites, cases and per-test results, as stored (not ingested again), in
the order the runs were stored; then the test keys and remembered responses. Then it verifies: rows per table
on both sides, and every run's canonical hash and facts. The source is only read, never changed. Stop the
servers writing to the source first. Batches of runs are each copied in one transaction: after an interruption
(Ctrl-C, a lost connection, a crash) run the same command again: it skips the runs already copied and goes on.
A run whose id is at the target with another report stops the migration (nothing is overwritten).

      --from DATABASE  the database to copy: sqlite:FILE (or a FILE) or a postgres://USER@HOST/DB URL
      --to DATABASE    the database to copy into: sqlite:FILE (created when missing) or a postgres:// URL;
                       a password is better in ~/.pgpass or PGPASSWORD than in the URL (process list)
      --batch N        runs per transaction (default ${DEFAULT_BATCH}; 1 to ${MAX_BATCH})
      --verify-only    compare the two databases only; copy nothing
  -h, --help           show this help

Exit status 0 only when the target verified.
`;

export interface MigrateValues {
  from?: string | undefined;
  to?: string | undefined;
  batch?: string | undefined;
  "verify-only"?: boolean | undefined;
}

/** A --from or --to value: a PostgreSQL URL as it is, `sqlite:FILE` or a FILE resolved against the directory. */
export function endpoint(value: string | undefined, option: "--from" | "--to", cwd: string): string {
  if (!value)
    throw new UsageError(
      `jux serve migrate: ${option} is required: sqlite:FILE or a postgres:// URL (jux serve migrate --help)`,
    );
  if (isPostgres(value)) return value;
  const file = value.startsWith("sqlite:") ? value.slice("sqlite:".length) : value;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(file)?.[1];
  // Another kind of URL is not shown (it may hold a password): its scheme only.
  if (file === "" || file === ":memory:" || scheme !== undefined)
    throw new UsageError(
      `jux serve migrate: ${option} ${scheme !== undefined ? `${scheme}://…` : JSON.stringify(value)} is not a database migrate takes: give sqlite:FILE, a FILE, or a postgres:// URL`,
    );
  return located(value, cwd);
}

/** Two endpoints naming one database (the same file through any path, the same URL but for its password). */
function sameDatabase(a: string, b: string): boolean {
  if (isPostgres(a) !== isPostgres(b)) return false;
  if (!isPostgres(a)) {
    const real = (path: string) => (existsSync(path) ? realpathSync(path) : path);
    return real(a) === real(b);
  }
  const norm = (url: string) => {
    try {
      const u = new URL(url);
      return `${u.username}@${u.hostname.toLowerCase()}:${u.port || "5432"}${u.pathname}`;
    } catch {
      return redactDatabaseUrl(url);
    }
  };
  return norm(a) === norm(b);
}

function batchOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BATCH;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_BATCH)
    throw new UsageError(
      `jux serve migrate --batch: "${text}" is not a number of runs from 1 to ${MAX_BATCH}`,
    );
  return n;
}

const rate = (runs: number, seconds: number) => (seconds > 0 ? Math.round(runs / seconds) : runs);

/** `jux serve migrate`: copies, then verifies; or verifies only. */
export async function migrateCommand(
  values: MigrateValues,
  io: CliIo,
  progressEvery = 5_000,
): Promise<number> {
  const from = endpoint(values.from, "--from", io.cwd);
  const to = endpoint(values.to, "--to", io.cwd);
  const batch = batchOf(values.batch);
  const shownFrom = redactDatabaseUrl(from);
  const shownTo = redactDatabaseUrl(to);
  if (sameDatabase(from, to))
    throw new UsageError(
      `jux serve migrate: --from and --to both name ${shownFrom}: give the database to copy and another one to copy into`,
    );
  if (!isPostgres(from) && !existsSync(from))
    throw new Error(
      `jux serve migrate: the source ${from} does not exist: give the database jux serve uses with --from`,
    );
  const verifyOnly = values["verify-only"] ?? false;
  if (verifyOnly && !isPostgres(to) && !existsSync(to))
    throw new Error(
      `jux serve migrate --verify-only: the target ${to} does not exist: give the copy with --to`,
    );
  // Values from the databases (ids, keys) may hold control characters: never sent raw to a terminal.
  const say = (message: string) => writeLine(io.stderr, `jux serve migrate: ${printable(message, Infinity)}`);
  const source = await Store.open(from, { given: "the source, --from" });
  let target: Store | undefined;
  const { signal, done } = interruptible(
    "jux serve migrate: interrupted; the batches committed stay at the target: run the same command again to continue",
  );
  try {
    target = await Store.open(to, { given: "the target, --to" });
    let result: MigrateResult | undefined;
    if (!verifyOnly) {
      say(`copying ${shownFrom} to ${shownTo} (batches of ${batch} runs)`);
      const started = performance.now();
      let shown = started;
      result = await copyRuns(source, target, {
        batch,
        signal,
        progress: (runs, total) => {
          const now = performance.now();
          if (now - shown < progressEvery) return;
          shown = now;
          const seconds = (now - started) / 1000;
          say(
            `${runs} of ${total} runs (${total ? Math.floor((runs / total) * 100) : 100}%), ${rate(runs, seconds)} runs/s`,
          );
        },
      });
    }
    say("verifying: rows per table, every run's canonical hash and facts");
    const check = await verifyCopy(source, target, signal);
    for (const { table, source: s, target: t } of check.tables)
      say(`  ${table}: ${s} at the source, ${t} at the target`);
    if (check.extra > 0)
      say(
        `the target has ${check.extra} run(s) the source does not (it held runs before): the source's runs were compared`,
      );
    for (const text of check.differences) say(`  difference: ${text}`);
    if (check.differenceCount > check.differences.length)
      say(`  … and ${check.differenceCount - check.differences.length} more difference(s)`);
    const copiedPart = result
      ? `${result.copied} run(s) copied, ${result.skipped} already at the target (skipped) in ` +
        `${result.seconds.toFixed(1)} s (${rate(result.copied, result.seconds)} runs/s); `
      : "";
    const verdict = check.ok
      ? `verified: ${check.runs} run(s), every canonical hash the same`
      : `NOT verified: ${check.differenceCount} difference(s) (above)`;
    writeLine(
      io.stdout,
      `jux serve migrate: ${copiedPart}${verdict}; the source ${shownFrom} was left untouched` +
        (check.ok
          ? ""
          : `; run the same command again to copy what is missing, or compare ${shownTo} by hand`),
    );
    return check.ok ? EXIT.ok : EXIT.failure;
  } catch (e) {
    if (e instanceof MigrationConflict) throw new Error(`jux serve migrate: ${e.message}`, { cause: e });
    throw e;
  } finally {
    done();
    await target?.close();
    await source.close();
  }
}

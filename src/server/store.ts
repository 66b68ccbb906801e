import { randomUUID } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import type { CaseStatus, SuiteDetail } from "../core/junit/details.js";
import { runStatus } from "../core/junit/outcome.js";
import { isPostgres, type Dialect, type Sql, type Value } from "./db/sql.js";
import { insertMany } from "./db/insert.js";
import { SqliteSql } from "./db/sqlite.js";
import { PostgresSql } from "./db/postgres.js";
import { MIGRATION_LOCK, POSTGRES_MIGRATIONS } from "./db/postgres-schema.js";
import { jsonArrayHas } from "./db/dialect.js";
import { redactDatabaseUrl } from "./db/redact.js";
import { decodeReport, decodeReportStream, encodeReport, type EncodedReport } from "./report-codec.js";
import { backfillTestRows, insertTestRows } from "./insight/test-rows.js";
import * as queries from "./insight/test-queries.js";
import { SummaryCache, testSummaries, testSummary, type SummaryPage } from "./insight/summaries.js";
import type { ExportFilter, ExportRow } from "./transfer/format.js";
import type { RetentionRun } from "./retention-policy.js";
import type { Publisher } from "./oidc-claims.js";
import {
  MIGRATIONS,
  RUN_COLUMNS,
  type CaseRow,
  type NewRun,
  type Paged,
  type ProjectRow,
  type RunCaseRow,
  type RunFilter,
  type RunRow,
  type SuiteRow,
  type TestHistoryRow,
  type TestOutcome,
  type TestRow,
  type TestSummaryFilter,
  type TestSummaryRow,
  type TrendPoint,
} from "./schema.js";

type Sqlite = typeof import("node:sqlite");

/** node:sqlite is built into Node.js 22.5 and later; it is looked up at run time so Node 20 can say so. */
export function loadSqlite(): Sqlite {
  const sqlite = process.getBuiltinModule?.("node:sqlite") as Sqlite | undefined;
  if (!sqlite) {
    throw new Error(
      `jux serve needs Node.js 22.5 or newer (for node:sqlite); this is Node.js ${process.version}`,
    );
  }
  return sqlite;
}

/** Pages per backup() step: all of them in one (the largest rate node:sqlite accepts: a positive int32). */
export const BACKUP_ALL_PAGES = 2_147_483_647;

/** The server's database: runs with their suites, cases and verbatim XML, and idempotency keys; SQLite or PostgreSQL. */
export class Store {
  private readonly summaries: SummaryCache;
  /** Runs stored before per-test rows existed whose rows were filled from their XML when this Store opened. */
  backfilled = 0;

  /** A run a trusted key verified is preferred as a base (insight/base.ts): set when the server has --trust. */
  readonly preferVerified: boolean;

  private constructor(
    /** The database as given: a SQLite file, `:memory:`, or a PostgreSQL URL (the ingest worker opens the same). */
    readonly path: string,
    /** The database itself (transfer/migrate.ts copies whole tables through it); the Store's methods otherwise. */
    readonly sql: Sql,
    options: { preferVerified?: boolean },
    summaries: SummaryCache,
  ) {
    this.preferVerified = options.preferVerified ?? false;
    this.summaries = summaries;
  }

  /**
   * Opens the database (`postgres://…`: PostgreSQL, else a SQLite file or `:memory:`), migrates it and fills the
   * per-test rows of runs stored before they existed.
   */
  static async open(database: string, options: StoreOptions = {}): Promise<Store> {
    const sql = isPostgres(database) ? await openPostgres(database, options) : openSqlite(database);
    const store = new Store(database, sql, options, new SummaryCache());
    try {
      await store.migrate();
      store.backfilled = await backfillTestRows(sql);
    } catch (e) {
      await sql.close();
      if ((e as { code?: unknown }).code === "42501")
        throw new Error(
          `the PostgreSQL database ${redactDatabaseUrl(database)} (${options.given ?? DATABASE_GIVEN}): ${(e as Error).message}: jux serve creates and migrates its tables, so its user must own the database (createdb --owner USER DB) or have CREATE on its schema (GRANT CREATE ON SCHEMA public TO USER)`,
          { cause: e },
        );
      throw e;
    }
    return store;
  }

  get dialect(): Dialect {
    return this.sql.dialect;
  }

  close(): Promise<void> {
    return this.sql.close();
  }

  /** The schema version the database is at (the migrations applied). */
  async schemaVersion(): Promise<number> {
    if (this.sql.dialect === "postgres") {
      const row = await this.sql.get<{ version: number }>("SELECT version FROM jux_schema WHERE id = 1");
      return row?.version ?? 0;
    }
    return (await this.sql.get<{ user_version: number }>("PRAGMA user_version"))!.user_version;
  }

  /**
   * Applies the migrations the database lacks. SQLite: each in its own transaction, the version read inside it
   * (BEGIN IMMEDIATE holds the write lock): a process that opened the same older database at the same time and
   * migrated first is seen, and its migration skipped, instead of run twice ("table … already exists").
   * PostgreSQL: all of them in one transaction under an advisory lock, so a second process starting at once waits,
   * then finds the schema current.
   */
  private async migrate(): Promise<void> {
    if (this.sql.dialect === "postgres") {
      await this.sql.transaction(async (tx) => {
        await tx.run(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
        await tx.exec(
          "CREATE TABLE IF NOT EXISTS jux_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
        );
        await tx.run("INSERT INTO jux_schema (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
        const { version } = (await tx.get<{ version: number }>(
          "SELECT version FROM jux_schema WHERE id = 1",
        ))!;
        if (version > POSTGRES_MIGRATIONS.length)
          throw new Error(
            `the database is at schema version ${version}, newer than this jux serve knows (${POSTGRES_MIGRATIONS.length}): run the newer jux serve that wrote it`,
          );
        for (let v = version; v < POSTGRES_MIGRATIONS.length; v++) await tx.exec(POSTGRES_MIGRATIONS[v]!);
        await tx.run("UPDATE jux_schema SET version = ? WHERE id = 1", [POSTGRES_MIGRATIONS.length]);
      });
      return;
    }
    while ((await this.schemaVersion()) < MIGRATIONS.length) {
      await this.sql.transaction(async (tx) => {
        const v = (await tx.get<{ user_version: number }>("PRAGMA user_version"))!.user_version;
        if (v >= MIGRATIONS.length) return;
        await tx.exec(MIGRATIONS[v]!);
        await tx.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }

  /**
   * Runs `work` in one transaction with a Store bound to it (`tx`: call only tx inside): all of it is stored, or
   * none. On PostgreSQL a transaction that lost a race is run again (db/sql.ts).
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    return this.sql.transaction((sql) => work(new Store(this.path, sql, this, this.summaries)));
  }

  async runByHash(hash: string): Promise<string | undefined> {
    return (await this.sql.get<{ id: string }>("SELECT id FROM test_runs WHERE canonical_hash = ?", [hash]))
      ?.id;
  }

  /** The response remembered for `key` at or after `notBefore` (ISO time): older ones have expired. */
  idempotentResponse(key: string, notBefore: string): Promise<{ status: number; body: string } | undefined> {
    return this.sql.get("SELECT status, body FROM idempotency_keys WHERE key = ? AND inserted_at >= ?", [
      key,
      notBefore,
    ]);
  }

  /** Deletes the idempotency keys remembered before `before` (ISO time); how many. */
  purgeIdempotencyKeys(before: string): Promise<number> {
    return this.sql.run("DELETE FROM idempotency_keys WHERE inserted_at < ?", [before]);
  }

  /**
   * Remembers the response to a submission's key; call on the transaction that found no response for it. A key
   * another transaction remembered meanwhile (another process, the same key) fails the insert: on PostgreSQL the
   * transaction is run again and answers that response (a replay), so one key never gets two answers.
   */
  async rememberResponse(key: string, status: number, body: string): Promise<void> {
    await this.sql.run(
      `INSERT INTO idempotency_keys (key, status, body, inserted_at, run_id) VALUES (?, ?, ?, ?, ?)`,
      [key, status, body, new Date().toISOString(), runIdOf(body)],
    );
  }

  /**
   * Inserts a run with its suites, cases and per-test rows, its verbatim XML compressed (report-codec.ts); call on a
   * transaction's Store. `as` gives an imported run its own id and time, and the report already encoded (a
   * submission compresses it before its transaction).
   */
  async insertRun(
    run: NewRun,
    as: { id?: string; insertedAt?: string; stored?: EncodedReport; publisher?: Publisher } = {},
  ): Promise<RunRow> {
    const id = as.id ?? randomUUID();
    const passed = run.tests - run.failures - run.errors - run.skipped;
    const successRate = run.tests === 0 ? 0 : Math.round((passed / run.tests) * 10000) / 100;
    const insertedAt = as.insertedAt ?? new Date().toISOString();
    const xml = as.stored ?? encodeReport(run.xml);
    await this.sql.run(
      `INSERT INTO test_runs (id, canonical_hash, project, branch, commit_sha, status, total_tests, failures, errors,
         skipped, success_rate, total_time, signer, tags, properties, inserted_at, xml, workflow_run, job, flaky,
         tests_truncated, pull_request, signer_verified, tests_stored, xml_encoding, published_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      [
        id,
        run.canonicalHash,
        run.project,
        run.branch ?? null,
        run.commitSha ?? null,
        runStatus(run),
        run.tests,
        run.failures,
        run.errors,
        run.skipped,
        successRate,
        run.time,
        run.signer ?? null,
        JSON.stringify(run.tags),
        JSON.stringify(run.properties),
        insertedAt,
        xml.bytes,
        run.workflowRun ?? null,
        run.job ?? null,
        run.flaky,
        run.testsTruncated ? 1 : 0,
        run.pullRequest ? 1 : 0,
        run.signerVerified ? 1 : 0,
        xml.encoding,
        as.publisher ? JSON.stringify(as.publisher) : null,
      ],
    );
    await this.insertSuites(id, run.suites);
    await insertTestRows(this.sql, { id, project: run.project }, run.testResults);
    return (await this.run(id))!;
  }

  private async insertSuites(runId: string, suites: SuiteDetail[]): Promise<void> {
    const cases: Value[][] = [];
    const rows: Value[][] = suites.map((s, position) => {
      const suiteId = randomUUID();
      s.cases.forEach((c, i) =>
        cases.push([
          randomUUID(),
          suiteId,
          i,
          c.name,
          c.classname,
          c.status,
          c.time,
          c.message ?? null,
          c.type ?? null,
          c.details ?? null,
        ]),
      );
      return [
        suiteId,
        runId,
        position,
        s.name,
        s.tests,
        s.failures,
        s.errors,
        s.skipped,
        s.time,
        JSON.stringify(s.properties),
      ];
    });
    await insertMany(
      this.sql,
      "test_suites (id, test_run_id, position, name, tests, failures, errors, skipped, time, properties)",
      rows,
    );
    await insertMany(
      this.sql,
      `test_cases (id, test_suite_id, position, name, classname, status, time, failure_message, failure_type,
         failure_stacktrace)`,
      cases,
    );
  }

  run(id: string): Promise<RunRow | undefined> {
    return this.sql.get<RunRow>(`SELECT ${RUN_COLUMNS} FROM test_runs WHERE id = ?`, [id]);
  }

  /** A run's verbatim report: the original bytes, byte for byte (decompressed). */
  async runXml(id: string): Promise<Buffer | undefined> {
    const row = await this.storedXml(id);
    return row && decodeReport(row.xml_encoding, row.xml, { what: `run ${id}` });
  }

  /** A run's verbatim report as a stream of the original bytes (decompressed as it is read). */
  async runXmlStream(id: string): Promise<Readable | undefined> {
    const row = await this.storedXml(id);
    return row && decodeReportStream(row.xml_encoding, row.xml, { what: `run ${id}` });
  }

  private storedXml(id: string): Promise<{ xml: Uint8Array; xml_encoding: string } | undefined> {
    return this.sql.get("SELECT xml, xml_encoding FROM test_runs WHERE id = ?", [id]);
  }

  async listRuns(f: RunFilter): Promise<{ rows: RunRow[]; total: number }> {
    const where: string[] = [];
    const args: Value[] = [];
    const add = (sql: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(sql);
      args.push(value);
    };
    add("project = ?", f.project);
    add("branch = ?", f.branch);
    add("status = ?", f.status);
    add("inserted_at >= ?", f.dateFrom);
    add("inserted_at <= ?", f.dateTo);
    for (const tag of f.tags ?? []) add(jsonArrayHas(this.sql.dialect, "tags"), tag);
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const total = (await this.sql.get<{ n: number }>(`SELECT count(*) AS n FROM test_runs ${clause}`, args))!
      .n;
    // Ties (runs stored within one millisecond) go by the order they were stored (rowid), never by random id.
    const dir = f.sortOrder === "asc" ? "ASC" : "DESC";
    const order =
      f.sortBy === "inserted_at"
        ? `inserted_at ${dir}, rowid ${dir}`
        : `${f.sortBy} ${dir}, inserted_at DESC, rowid DESC`;
    const rows = await this.sql.all<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM test_runs ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`,
      [...args, f.perPage, (f.page - 1) * f.perPage],
    );
    return { rows, total };
  }

  suites(runId: string): Promise<SuiteRow[]> {
    return this.sql.all(
      "SELECT id, name, tests, failures, errors, skipped, time FROM test_suites WHERE test_run_id = ? ORDER BY position",
      [runId],
    );
  }

  async suiteExists(id: string): Promise<boolean> {
    return (await this.sql.get("SELECT 1 AS found FROM test_suites WHERE id = ?", [id])) !== undefined;
  }

  /** One page of a suite's cases in report order, optionally of one status. */
  async cases(
    suiteId: string,
    status: CaseStatus | undefined,
    page: number,
    perPage: number,
  ): Promise<Paged<CaseRow>> {
    const filter = status ? "AND status = ?" : "";
    const args = status ? [suiteId, status] : [suiteId];
    const total = (await this.sql.get<{ n: number }>(
      `SELECT count(*) AS n FROM test_cases WHERE test_suite_id = ? ${filter}`,
      args,
    ))!.n;
    const rows = await this.sql.all<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM test_cases WHERE test_suite_id = ? ${filter}
       ORDER BY position LIMIT ? OFFSET ?`,
      [...args, perPage, (page - 1) * perPage],
    );
    return { rows, total };
  }

  /** One page of a run's cases: errors, then failures, then skipped, then passed; in report order within each. */
  async runCases(runId: string, page: number, perPage: number): Promise<Paged<RunCaseRow>> {
    const total = (await this.sql.get<{ n: number }>(
      "SELECT count(*) AS n FROM test_cases c JOIN test_suites s ON s.id = c.test_suite_id WHERE s.test_run_id = ?",
      [runId],
    ))!.n;
    const rows = await this.sql.all<RunCaseRow>(
      `SELECT ${CASE_COLUMNS.replace(/(\w+)/g, "c.$1")}, s.name AS suite_name
       FROM test_cases c JOIN test_suites s ON s.id = c.test_suite_id WHERE s.test_run_id = ?
       ORDER BY CASE c.status WHEN 'error' THEN 0 WHEN 'failed' THEN 1 WHEN 'skipped' THEN 2 ELSE 3 END,
         s.position, c.position
       LIMIT ? OFFSET ?`,
      [runId, perPage, (page - 1) * perPage],
    );
    return { rows, total };
  }

  /** A run's tests: failing (error, failed) first, then flaky, skipped, passed; report order within each. */
  runTests(runId: string, opts?: queries.RunTestsOptions): Promise<TestRow[]> {
    return queries.runTests(this.sql, runId, opts);
  }

  /** A run's first `limit` tests in report order. */
  runTestsInOrder(runId: string, limit: number): Promise<TestRow[]> {
    return queries.runTestsInOrder(this.sql, runId, limit);
  }

  countRunTests(runId: string, outcomes?: TestOutcome[]): Promise<number> {
    return queries.countRunTests(this.sql, runId, outcomes);
  }

  /** Each test of a project over its last runs, one page (insight/summaries.ts). */
  testSummaries(f: TestSummaryFilter): Promise<SummaryPage> {
    return testSummaries(this.sql, f, this.summaries);
  }

  /** One test over the same window as testSummaries, or undefined when none of its runs has it. */
  testSummary(key: string, f: TestSummaryFilter): Promise<TestSummaryRow | undefined> {
    return testSummary(this.sql, key, f);
  }

  /** A test's results by its key, newest first. */
  testHistory(
    key: string,
    f: { project?: string; branch?: string; limit: number },
  ): Promise<TestHistoryRow[]> {
    return queries.testHistory(this.sql, key, f);
  }

  /** One point per workflow run (its legs added up), oldest to newest. */
  projectTrend(project: string, f: { branch?: string; limit: number }): Promise<TrendPoint[]> {
    return queries.projectTrend(this.sql, project, f);
  }

  /** The newest run a base may be (insight/base.ts baseFor): of the branch, no pull request's, before a run. */
  newestBase(q: queries.BaseQuery): Promise<RunRow | undefined> {
    return queries.newestBase(this.sql, q);
  }

  /** The legs joined into a base: its workflow run's of the same project, branch and job, at most `max`. */
  baseLegs(base: RunRow, q: queries.BaseQuery, max: number): Promise<RunRow[]> {
    return queries.baseLegs(this.sql, base, q, max);
  }

  /** The runs sharing the run's workflow_run key in its project, itself included, oldest first; [] when unknown. */
  workflowLegs(runId: string): Promise<RunRow[]> {
    return queries.workflowLegs(this.sql, runId);
  }

  projects(): Promise<ProjectRow[]> {
    return queries.projects(this.sql);
  }

  // Moving data (transfer/): export, import, backup.

  /** One page of runs to export, in the order they were stored (rowid) after `afterRowid`; without their XML. */
  runsForExport(f: ExportFilter, afterRowid: number, limit: number): Promise<ExportRow[]> {
    const where = ["rowid > ?"];
    const args: Value[] = [afterRowid];
    const filters = [
      ["project = ?", f.project],
      ["branch = ?", f.branch],
      ["inserted_at >= ?", f.since],
    ] as const;
    for (const [sql, value] of filters)
      if (value !== undefined) {
        where.push(sql);
        args.push(value);
      }
    return this.sql.all<ExportRow>(
      `SELECT rowid, id, canonical_hash, project, branch, commit_sha, inserted_at, signer, tags, properties
       FROM test_runs WHERE ${where.join(" AND ")} ORDER BY rowid LIMIT ?`,
      [...args, limit],
    );
  }

  /** The canonical hash of the run with this id: what an imported run's id may clash with. */
  async hashOfRun(id: string): Promise<string | undefined> {
    return (
      await this.sql.get<{ canonical_hash: string }>("SELECT canonical_hash FROM test_runs WHERE id = ?", [
        id,
      ])
    )?.canonical_hash;
  }

  /** Stores an imported run under its own id and time; call on a transaction's Store. */
  importRun(run: NewRun, id: string, insertedAt: string): Promise<RunRow> {
    return this.insertRun(run, { id, insertedAt });
  }

  /**
   * Deletes runs with everything stored for them (retention's deleteRuns and import's replace: one deletion): suites,
   * cases, per-test rows and the responses remembered for their submissions (a replay then stores the report
   * again); call on a transaction's Store. Per project, the test keys their rows had (for pruneTestKeys).
   */
  async deleteRunRows(ids: readonly string[]): Promise<Map<string, Set<string>>> {
    const keys = new Map<string, Set<string>>();
    const deletes = [
      "DELETE FROM test_cases WHERE test_suite_id IN (SELECT id FROM test_suites WHERE test_run_id = ?)",
      "DELETE FROM test_suites WHERE test_run_id = ?",
      "DELETE FROM test_results WHERE run_id = ?",
      // A replay of a deleted run's submission would name a run that is gone: its key counts as new again.
      "DELETE FROM idempotency_keys WHERE run_id = ?",
      "DELETE FROM test_runs WHERE id = ?",
    ];
    for (const id of ids) {
      const run = await this.sql.get<{ project: string }>("SELECT project FROM test_runs WHERE id = ?", [id]);
      if (!run) continue;
      let known = keys.get(run.project);
      if (!known) keys.set(run.project, (known = new Set()));
      for (const { key } of await this.sql.all<{ key: string }>(
        "SELECT key FROM test_results WHERE run_id = ?",
        [id],
      ))
        known.add(key);
      for (const statement of deletes) await this.sql.run(statement, [id]);
    }
    return keys;
  }

  /**
   * Copies the database into `path` (an empty or absent file), consistent while a server writes; the pages copied.
   * SQLite only (PostgreSQL: pg_dump). With SQLite's online backup API (node:sqlite backup(), Node.js
   * 22.16+/23.8+) in one step: by default it copies 100 pages a step and starts over when another connection
   * writes in between, so under steady submissions it might never finish (Node 24 refuses SQLite's negative "all
   * pages" rate, hence the largest rate it takes). Where backup() is missing (Node.js 22.5 to 22.15), with VACUUM
   * INTO: one read transaction, also consistent.
   */
  async backupTo(path: string, sqlite: Partial<Pick<Sqlite, "backup">> = loadSqlite()): Promise<number> {
    if (!(this.sql instanceof SqliteSql))
      throw new Error(
        'jux serve backup copies a SQLite database; for PostgreSQL use pg_dump -Fc (see docs/scale.md, "Backups")',
      );
    const db = this.sql.database;
    if (typeof sqlite.backup === "function") return sqlite.backup(db, path, { rate: BACKUP_ALL_PAGES });
    await this.sql.run("VACUUM INTO ?", [path]);
    return (await this.sql.get<{ page_count: number }>("PRAGMA page_count"))!.page_count;
  }

  // Retention (retention.ts): the runs it weighs, deleting runs with every row that refers to them, its lease.

  /** Each project and branch that has runs (branch null: the runs that name none). */
  runGroups(): Promise<{ project: string; branch: string | null }[]> {
    // In one order on both engines (retention's passes go through them in it).
    return this.sql.all(
      "SELECT project, branch FROM test_runs GROUP BY project, branch ORDER BY project, branch IS NOT NULL, branch",
    );
  }

  /** The jobs the runs of one project and branch name (null: naming none), each once. */
  async runJobs(project: string, branch: string): Promise<(string | null)[]> {
    const rows = await this.sql.all<{ job: string | null }>(
      "SELECT DISTINCT job FROM test_runs WHERE project = ? AND branch = ?",
      [project, branch],
    );
    return rows.map((r) => r.job);
  }

  /** The runs of one project and branch, as retention weighs them. */
  retentionCandidates(project: string, branch: string | null): Promise<RetentionRun[]> {
    return this.sql.all(
      `SELECT id, rowid AS seq, inserted_at, pull_request FROM test_runs
       WHERE project = ? AND branch IS NOT DISTINCT FROM ?
       ORDER BY inserted_at DESC, rowid DESC`,
      [project, branch],
    );
  }

  /**
   * Deletes runs, each with its suites, cases, per-test rows and the responses remembered for its submission, in
   * one transaction; a run that is gone, is now the newest of its project and branch, or is among the runs
   * `protect` names for its project and branch (retention.ts protectedRuns: the bases, read in this transaction
   * through the Store it is given) is left. The ids deleted, and per project the test keys their rows had (for
   * pruneTestKeys).
   */
  async deleteRuns(
    ids: readonly string[],
    protect: (tx: Store, project: string, branch: string | null) => Promise<ReadonlySet<string>> = () =>
      Promise.resolve(new Set()),
  ): Promise<{ deleted: string[]; keys: Map<string, Set<string>> }> {
    return this.transaction(async (tx) => {
      const deleted: string[] = [];
      const kept = new Map<string, ReadonlySet<string>>();
      for (const id of ids) {
        const run = await tx.sql.get<{ project: string; branch: string | null }>(
          `SELECT project, branch FROM test_runs t WHERE id = ? AND EXISTS (
             SELECT 1 FROM test_runs o WHERE o.project = t.project AND o.branch IS NOT DISTINCT FROM t.branch
               AND o.inserted_at >= t.inserted_at AND (o.inserted_at > t.inserted_at OR o.rowid > t.rowid))`,
          [id],
        );
        if (!run) continue;
        const group = JSON.stringify([run.project, run.branch]);
        let keep = kept.get(group);
        if (!keep) kept.set(group, (keep = await protect(tx, run.project, run.branch)));
        if (!keep.has(id) && !deleted.includes(id)) deleted.push(id);
      }
      return { deleted, keys: await tx.deleteRunRows(deleted) };
    });
  }

  /** Forgets that `project` has these tests (test_keys) where none of its runs has them any more; how many. */
  pruneTestKeys(project: string, keys: readonly string[]): Promise<number> {
    return this.transaction((tx) => tx.pruneTestKeyRows(project, keys));
  }

  /** pruneTestKeys on a transaction's Store (import's replace). */
  async pruneTestKeyRows(project: string, keys: Iterable<string>): Promise<number> {
    let n = 0;
    for (const key of keys)
      n += await this.sql.run(
        `DELETE FROM test_keys WHERE key = ?1 AND project = ?2 AND NOT EXISTS (
           SELECT 1 FROM test_runs t JOIN test_results r ON r.run_id = t.id AND r.key = ?1
           WHERE t.project = ?2)`,
        [key, project],
      );
    return n;
  }

  /**
   * Takes the lease `name` for `holder` until `expiresAt` (ISO time) when nobody holds it, its holder's lease
   * expired by `now`, or `holder` holds it already (a renewal); false when another holder's lease is current. One
   * statement, so two processes asking at once cannot both get it (PostgreSQL locks the row it updates).
   */
  async takeLease(name: string, holder: string, now: string, expiresAt: string): Promise<boolean> {
    const changed = await this.sql.run(
      `INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= ?`,
      [name, holder, expiresAt, now],
    );
    return changed > 0;
  }

  /** Gives the lease `name` back if `holder` still holds it. */
  async releaseLease(name: string, holder: string): Promise<void> {
    await this.sql.run("DELETE FROM job_leases WHERE name = ? AND holder = ?", [name, holder]);
  }
}

export interface StoreOptions {
  preferVerified?: boolean;
  /** Where the database was named, for messages (default: "--database or JUX_SERVE_DATABASE"). */
  given?: string;
  /** PostgreSQL: connections in the pool at most (db/postgres.ts). */
  poolSize?: number;
  /** PostgreSQL: where an idle connection's error is reported (a server restart): never a crash. */
  onIdleError?: (e: Error) => void;
}

function openSqlite(path: string): SqliteSql {
  const { DatabaseSync } = loadSqlite();
  if (path !== ":memory:") {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    ownerOnly(path);
  }
  const db = new DatabaseSync(path);
  // The timeout first: switching a new file to WAL takes a lock another process starting at once may hold.
  db.exec("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
  return SqliteSql.of(db);
}

async function openPostgres(url: string, options: StoreOptions): Promise<PostgresSql> {
  const sql = PostgresSql.open(url, {
    ...(options.poolSize !== undefined ? { max: options.poolSize } : {}),
    ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}),
  });
  try {
    await sql.connect();
  } catch (e) {
    await sql.close().catch(() => undefined);
    throw new Error(
      `cannot connect to the PostgreSQL database ${redactDatabaseUrl(url)} (${options.given ?? DATABASE_GIVEN}): ${connectionProblem(e as Error)}`,
      { cause: e },
    );
  }
  return sql;
}

/** Where a database comes from, for messages: jux serve's. */
const DATABASE_GIVEN = "--database or JUX_SERVE_DATABASE";

/** What failed when connecting, and what to do about it. */
function connectionProblem(e: Error): string {
  if (/password must be a string/.test(e.message))
    return "the server asks for a password and none was given: set PGPASSWORD, or put it in the URL (USER:PASSWORD@HOST, percent-encoded)";
  if (e instanceof TypeError && /Invalid URL/i.test(e.message))
    return "the URL does not parse: percent-encode @ : / ? # % in the user name and password (p@ss becomes p%40ss)";
  return `${e.message}; check the URL, that the server is running and that the user may connect`;
}

/** The run a remembered response names (its body's test_run_id), or null. */
function runIdOf(body: string): string | null {
  try {
    const id = (JSON.parse(body) as { test_run_id?: unknown }).test_run_id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

/**
 * Creates the database file readable and writable by its owner only, whatever the umask and the directory, and
 * takes group and other access away from an existing one and its -wal/-shm (SQLite gives those the file's mode).
 */
function ownerOnly(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

const CASE_COLUMNS = "id, name, classname, status, time, failure_message, failure_type, failure_stacktrace";

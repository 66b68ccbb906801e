import { randomUUID } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import type { CaseStatus, SuiteDetail } from "../core/junit/details.js";
import { runStatus } from "../core/junit/outcome.js";
import { backfillTestRows, insertTestRows } from "./insight/test-rows.js";
import * as queries from "./insight/test-queries.js";
import { SummaryCache, testSummaries, testSummary, type SummaryPage } from "./insight/summaries.js";
import type { ExportFilter, ExportRow } from "./transfer/format.js";
import type { RetentionRun } from "./retention-policy.js";
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

/** The server's database: runs with their suites, cases and verbatim XML, and idempotency keys. */
export class Store {
  private readonly db: DatabaseSync;
  private readonly summaries = new SummaryCache();
  /** Runs stored before per-test rows existed whose rows were filled from their XML when this Store opened. */
  readonly backfilled: number;

  /** A run a trusted key verified is preferred as a base (insight/base.ts): set when the server has --trust. */
  readonly preferVerified: boolean;

  constructor(
    readonly path: string,
    options: { preferVerified?: boolean } = {},
  ) {
    this.preferVerified = options.preferVerified ?? false;
    const { DatabaseSync } = loadSqlite();
    if (path !== ":memory:") {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      ownerOnly(path);
    }
    this.db = new DatabaseSync(path);
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
    this.migrate();
    this.backfilled = backfillTestRows(this.db, (work) => this.transaction(work));
  }

  close(): void {
    this.db.close();
  }

  /** The schema version the database is at (PRAGMA user_version: the migrations applied). */
  schemaVersion(): number {
    return (this.db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  }

  /**
   * Applies the migrations the database lacks, each in its own transaction. The version is read inside it (BEGIN
   * IMMEDIATE holds the write lock): a process that opened the same older database at the same time and migrated
   * first is seen, and its migration skipped, instead of run twice ("table … already exists").
   */
  private migrate(): void {
    while (this.schemaVersion() < MIGRATIONS.length) {
      this.transaction(() => {
        const v = this.schemaVersion();
        if (v >= MIGRATIONS.length) return;
        this.db.exec(MIGRATIONS[v]!);
        this.db.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }

  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.db.exec("COMMIT");
      return result;
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
  }

  runByHash(hash: string): string | undefined {
    const row = this.db.prepare("SELECT id FROM test_runs WHERE canonical_hash = ?").get(hash) as
      { id: string } | undefined;
    return row?.id;
  }

  /** The response remembered for `key` at or after `notBefore` (ISO time): older ones have expired. */
  idempotentResponse(key: string, notBefore: string): { status: number; body: string } | undefined {
    return this.db
      .prepare("SELECT status, body FROM idempotency_keys WHERE key = ? AND inserted_at >= ?")
      .get(key, notBefore) as { status: number; body: string } | undefined;
  }

  /** Deletes the idempotency keys remembered before `before` (ISO time); how many. */
  purgeIdempotencyKeys(before: string): number {
    return Number(this.db.prepare("DELETE FROM idempotency_keys WHERE inserted_at < ?").run(before).changes);
  }

  rememberResponse(key: string, status: number, body: string): void {
    this.db
      .prepare("INSERT OR IGNORE INTO idempotency_keys (key, status, body, inserted_at) VALUES (?, ?, ?, ?)")
      .run(key, status, body, new Date().toISOString());
  }

  /** Inserts a run with its suites, cases and per-test rows; call inside transaction(). */
  insertRun(run: NewRun): RunRow {
    const id = randomUUID();
    const passed = run.tests - run.failures - run.errors - run.skipped;
    const successRate = run.tests === 0 ? 0 : Math.round((passed / run.tests) * 10000) / 100;
    const insertedAt = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO test_runs (id, canonical_hash, project, branch, commit_sha, status, total_tests, failures, errors,
           skipped, success_rate, total_time, signer, tags, properties, inserted_at, xml, workflow_run, job, flaky,
           tests_truncated, pull_request, signer_verified, tests_stored)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      )
      .run(
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
        run.xml,
        run.workflowRun ?? null,
        run.job ?? null,
        run.flaky,
        run.testsTruncated ? 1 : 0,
        run.pullRequest ? 1 : 0,
        run.signerVerified ? 1 : 0,
      );
    this.insertSuites(id, run.suites);
    insertTestRows(this.db, { id, project: run.project }, run.testResults);
    return this.run(id)!;
  }

  private insertSuites(runId: string, suites: SuiteDetail[]): void {
    const suite = this.db.prepare(
      `INSERT INTO test_suites (id, test_run_id, position, name, tests, failures, errors, skipped, time, properties)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const testCase = this.db.prepare(
      `INSERT INTO test_cases (id, test_suite_id, position, name, classname, status, time, failure_message,
         failure_type, failure_stacktrace) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    suites.forEach((s, position) => {
      const suiteId = randomUUID();
      suite.run(
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
      );
      s.cases.forEach((c, i) => {
        testCase.run(
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
        );
      });
    });
  }

  run(id: string): RunRow | undefined {
    return this.db.prepare(`SELECT ${RUN_COLUMNS} FROM test_runs WHERE id = ?`).get(id) as RunRow | undefined;
  }

  runXml(id: string): Buffer | undefined {
    const row = this.db.prepare("SELECT xml FROM test_runs WHERE id = ?").get(id) as
      { xml: Uint8Array } | undefined;
    return row && Buffer.from(row.xml);
  }

  listRuns(f: RunFilter): { rows: RunRow[]; total: number } {
    const where: string[] = [];
    const args: (string | number)[] = [];
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
    for (const tag of f.tags ?? []) add("EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)", tag);
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM test_runs ${clause}`).get(...args) as { n: number }
    ).n;
    // Ties (runs stored within one millisecond) go by the order they were stored (rowid), never by random id.
    const dir = f.sortOrder === "asc" ? "ASC" : "DESC";
    const order =
      f.sortBy === "inserted_at"
        ? `inserted_at ${dir}, rowid ${dir}`
        : `${f.sortBy} ${dir}, inserted_at DESC, rowid DESC`;
    const rows = this.db
      .prepare(`SELECT ${RUN_COLUMNS} FROM test_runs ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...args, f.perPage, (f.page - 1) * f.perPage) as unknown as RunRow[];
    return { rows, total };
  }

  suites(runId: string): SuiteRow[] {
    return this.db
      .prepare(
        "SELECT id, name, tests, failures, errors, skipped, time FROM test_suites WHERE test_run_id = ? ORDER BY position",
      )
      .all(runId) as unknown as SuiteRow[];
  }

  suiteExists(id: string): boolean {
    return this.db.prepare("SELECT 1 FROM test_suites WHERE id = ?").get(id) !== undefined;
  }

  /** One page of a suite's cases in report order, optionally of one status. */
  cases(suiteId: string, status: CaseStatus | undefined, page: number, perPage: number): Paged<CaseRow> {
    const filter = status ? "AND status = ?" : "";
    const args = status ? [suiteId, status] : [suiteId];
    const total = (
      this.db
        .prepare(`SELECT count(*) AS n FROM test_cases WHERE test_suite_id = ? ${filter}`)
        .get(...args) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT ${CASE_COLUMNS} FROM test_cases WHERE test_suite_id = ? ${filter}
         ORDER BY position LIMIT ? OFFSET ?`,
      )
      .all(...args, perPage, (page - 1) * perPage) as unknown as CaseRow[];
    return { rows, total };
  }

  /** One page of a run's cases: errors, then failures, then skipped, then passed; in report order within each. */
  runCases(runId: string, page: number, perPage: number): Paged<RunCaseRow> {
    const total = (
      this.db
        .prepare(
          "SELECT count(*) AS n FROM test_cases c JOIN test_suites s ON s.id = c.test_suite_id WHERE s.test_run_id = ?",
        )
        .get(runId) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT ${CASE_COLUMNS.replace(/(\w+)/g, "c.$1")}, s.name AS suite_name
         FROM test_cases c JOIN test_suites s ON s.id = c.test_suite_id WHERE s.test_run_id = ?
         ORDER BY CASE c.status WHEN 'error' THEN 0 WHEN 'failed' THEN 1 WHEN 'skipped' THEN 2 ELSE 3 END,
           s.position, c.position
         LIMIT ? OFFSET ?`,
      )
      .all(runId, perPage, (page - 1) * perPage) as unknown as RunCaseRow[];
    return { rows, total };
  }

  /** A run's tests: failing (error, failed) first, then flaky, skipped, passed; report order within each. */
  runTests(runId: string, opts?: queries.RunTestsOptions): TestRow[] {
    return queries.runTests(this.db, runId, opts);
  }

  /** A run's first `limit` tests in report order. */
  runTestsInOrder(runId: string, limit: number): TestRow[] {
    return queries.runTestsInOrder(this.db, runId, limit);
  }

  countRunTests(runId: string, outcomes?: TestOutcome[]): number {
    return queries.countRunTests(this.db, runId, outcomes);
  }

  /** Each test of a project over its last runs, one page (insight/summaries.ts). */
  testSummaries(f: TestSummaryFilter): SummaryPage {
    return testSummaries(this.db, f, this.summaries);
  }

  /** One test over the same window as testSummaries, or undefined when none of its runs has it. */
  testSummary(key: string, f: TestSummaryFilter): TestSummaryRow | undefined {
    return testSummary(this.db, key, f);
  }

  /** A test's results by its key, newest first. */
  testHistory(key: string, f: { project?: string; branch?: string; limit: number }): TestHistoryRow[] {
    return queries.testHistory(this.db, key, f);
  }

  /** One point per workflow run (its legs added up), oldest to newest. */
  projectTrend(project: string, f: { branch?: string; limit: number }): TrendPoint[] {
    return queries.projectTrend(this.db, project, f);
  }

  /** The newest run a base may be (insight/base.ts baseFor): of the branch, no pull request's, before a run. */
  newestBase(q: queries.BaseQuery): RunRow | undefined {
    return queries.newestBase(this.db, q);
  }

  /** The legs joined into a base: its workflow run's of the same project, branch and job, at most `max`. */
  baseLegs(base: RunRow, q: queries.BaseQuery, max: number): RunRow[] {
    return queries.baseLegs(this.db, base, q, max);
  }

  /** The runs sharing the run's workflow_run key in its project, itself included, oldest first; [] when unknown. */
  workflowLegs(runId: string): RunRow[] {
    return queries.workflowLegs(this.db, runId);
  }

  projects(): ProjectRow[] {
    return queries.projects(this.db);
  }

  // Moving data (transfer/): export, import, backup.

  /** One page of runs to export, in the order they were stored (rowid) after `afterRowid`; without their XML. */
  runsForExport(f: ExportFilter, afterRowid: number, limit: number): ExportRow[] {
    const where = ["rowid > ?"];
    const args: (string | number)[] = [afterRowid];
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
    return this.db
      .prepare(
        `SELECT rowid, id, canonical_hash, project, branch, commit_sha, inserted_at, signer, tags, properties
         FROM test_runs WHERE ${where.join(" AND ")} ORDER BY rowid LIMIT ?`,
      )
      .all(...args, limit) as unknown as ExportRow[];
  }

  /** The canonical hash of the run with this id: what an imported run's id may clash with. */
  hashOfRun(id: string): string | undefined {
    const row = this.db.prepare("SELECT canonical_hash FROM test_runs WHERE id = ?").get(id) as
      { canonical_hash: string } | undefined;
    return row?.canonical_hash;
  }

  /** Stores an imported run under its own id and time (insertRun, then renamed); call inside transaction(). */
  importRun(run: NewRun, id: string, insertedAt: string): RunRow {
    // The rows point at the run's id: checked at COMMIT, once all of them are renamed (reset at transaction end).
    this.db.exec("PRAGMA defer_foreign_keys = ON");
    const stored = this.insertRun(run).id;
    this.db.prepare("UPDATE test_runs SET id = ?, inserted_at = ? WHERE id = ?").run(id, insertedAt, stored);
    this.db.prepare("UPDATE test_suites SET test_run_id = ? WHERE test_run_id = ?").run(id, stored);
    this.db.prepare("UPDATE test_results SET run_id = ? WHERE run_id = ?").run(id, stored);
    return this.run(id)!;
  }

  /**
   * Deletes runs with everything stored for them (retention's deleteRuns and import's replace: one deletion): suites,
   * cases, per-test rows and the responses remembered for their submissions (a replay then stores the report
   * again); call inside transaction(). Per project, the test keys their rows had (for pruneTestKeys).
   */
  deleteRunRows(ids: readonly string[]): Map<string, Set<string>> {
    const keys = new Map<string, Set<string>>();
    const projectOf = this.db.prepare("SELECT project FROM test_runs WHERE id = ?");
    const keysOf = this.db.prepare("SELECT key FROM test_results WHERE run_id = ?");
    const deletes = [
      "DELETE FROM test_cases WHERE test_suite_id IN (SELECT id FROM test_suites WHERE test_run_id = ?)",
      "DELETE FROM test_suites WHERE test_run_id = ?",
      "DELETE FROM test_results WHERE run_id = ?",
      "DELETE FROM test_runs WHERE id = ?",
    ].map((sql) => this.db.prepare(sql));
    for (const id of ids) {
      const run = projectOf.get(id) as { project: string } | undefined;
      if (!run) continue;
      let known = keys.get(run.project);
      if (!known) keys.set(run.project, (known = new Set()));
      for (const { key } of keysOf.all(id) as { key: string }[]) known.add(key);
      for (const statement of deletes) statement.run(id);
    }
    // A replay of a deleted run's submission would name a run that is gone: its key counts as new again.
    if (ids.length)
      this.db
        .prepare(
          `DELETE FROM idempotency_keys WHERE json_valid(body)
             AND json_extract(body, '$.test_run_id') IN (SELECT value FROM json_each(?))`,
        )
        .run(JSON.stringify(ids));
    return keys;
  }

  /**
   * Copies the database into `path` (an empty or absent file), consistent while a server writes; the pages copied.
   * With SQLite's online backup API (node:sqlite backup(), Node.js 22.16+/23.8+) in one step: by default it copies
   * 100 pages a step and starts over when another connection writes in between, so under steady submissions it
   * might never finish (Node 24 refuses SQLite's negative "all pages" rate, hence the largest rate it takes).
   * Where backup() is missing (Node.js 22.5 to 22.15), with VACUUM INTO: one read transaction, also consistent.
   */
  async backupTo(path: string, sqlite: Partial<Pick<Sqlite, "backup">> = loadSqlite()): Promise<number> {
    if (typeof sqlite.backup === "function") return sqlite.backup(this.db, path, { rate: BACKUP_ALL_PAGES });
    this.db.prepare("VACUUM INTO ?").run(path);
    return (this.db.prepare("PRAGMA page_count").get() as { page_count: number }).page_count;
  }

  // Retention (retention.ts): the runs it weighs, deleting runs with every row that refers to them, its lease.

  /** Each project and branch that has runs (branch null: the runs that name none). */
  runGroups(): { project: string; branch: string | null }[] {
    return this.db.prepare("SELECT DISTINCT project, branch FROM test_runs").all() as unknown as {
      project: string;
      branch: string | null;
    }[];
  }

  /** The jobs the runs of one project and branch name (null: naming none), each once. */
  runJobs(project: string, branch: string): (string | null)[] {
    return (
      this.db
        .prepare("SELECT DISTINCT job FROM test_runs WHERE project = ? AND branch = ?")
        .all(project, branch) as { job: string | null }[]
    ).map((r) => r.job);
  }

  /** The runs of one project and branch, as retention weighs them. */
  retentionCandidates(project: string, branch: string | null): RetentionRun[] {
    return this.db
      .prepare(
        `SELECT id, rowid AS seq, inserted_at, pull_request FROM test_runs WHERE project = ? AND branch IS ?
         ORDER BY inserted_at DESC, rowid DESC`,
      )
      .all(project, branch) as unknown as RetentionRun[];
  }

  /**
   * Deletes runs, each with its suites, cases, per-test rows and the responses remembered for its submission, in
   * one transaction; a run that is gone, is now the newest of its project and branch, or is among the runs
   * `protect` names for its project and branch (retention.ts protectedRuns: the bases, read in this transaction)
   * is left. The ids deleted, and per project the test keys their rows had (for pruneTestKeys).
   */
  deleteRuns(
    ids: readonly string[],
    protect: (project: string, branch: string | null) => ReadonlySet<string> = () => new Set(),
  ): { deleted: string[]; keys: Map<string, Set<string>> } {
    const deleted: string[] = [];
    const keys = this.transaction(() => {
      const find = this.db.prepare(
        `SELECT project, branch, inserted_at, rowid AS seq FROM test_runs t WHERE id = ? AND EXISTS (
           SELECT 1 FROM test_runs o WHERE o.project = t.project AND o.branch IS t.branch
             AND o.inserted_at >= t.inserted_at AND (o.inserted_at > t.inserted_at OR o.rowid > t.rowid))`,
      );
      const kept = new Map<string, ReadonlySet<string>>();
      for (const id of ids) {
        const run = find.get(id) as { project: string; branch: string | null } | undefined;
        if (!run) continue;
        const group = JSON.stringify([run.project, run.branch]);
        let keep = kept.get(group);
        if (!keep) kept.set(group, (keep = protect(run.project, run.branch)));
        if (!keep.has(id) && !deleted.includes(id)) deleted.push(id);
      }
      return this.deleteRunRows(deleted);
    });
    return { deleted, keys };
  }

  /** Forgets that `project` has these tests (test_keys) where none of its runs has them any more; how many. */
  pruneTestKeys(project: string, keys: readonly string[]): number {
    return this.transaction(() => this.pruneTestKeyRows(project, keys));
  }

  /** pruneTestKeys inside a transaction() already open (import's replace). */
  pruneTestKeyRows(project: string, keys: Iterable<string>): number {
    const prune = this.db.prepare(
      `DELETE FROM test_keys WHERE key = ?1 AND project = ?2 AND NOT EXISTS (
         SELECT 1 FROM test_runs t JOIN test_results r ON r.run_id = t.id AND r.key = ?1
         WHERE t.project = ?2)`,
    );
    let n = 0;
    for (const key of keys) n += Number(prune.run(key, project).changes);
    return n;
  }

  /**
   * Takes the lease `name` for `holder` until `expiresAt` (ISO time) when nobody holds it, its holder's lease
   * expired before `now`, or `holder` holds it already (a renewal); false when another holder's lease is current.
   */
  takeLease(name: string, holder: string, now: string, expiresAt: string): boolean {
    return this.transaction(() => {
      const lease = this.db.prepare("SELECT holder, expires_at FROM job_leases WHERE name = ?").get(name) as
        { holder: string; expires_at: string } | undefined;
      if (lease && lease.holder !== holder && lease.expires_at > now) return false;
      this.db
        .prepare(
          `INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
        )
        .run(name, holder, expiresAt);
      return true;
    });
  }

  /** Gives the lease `name` back if `holder` still holds it. */
  releaseLease(name: string, holder: string): void {
    this.db.prepare("DELETE FROM job_leases WHERE name = ? AND holder = ?").run(name, holder);
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

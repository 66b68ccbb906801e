import { randomUUID } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import type { CaseStatus, SuiteDetail } from "../core/junit/details.js";
import { runStatus } from "../core/junit/outcome.js";
import { backfillTestRows, insertTestRows } from "./insight/test-rows.js";
import * as queries from "./insight/test-queries.js";
import { SummaryCache, testSummaries, testSummary, type SummaryPage } from "./insight/summaries.js";
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

  private migrate(): void {
    const version = (this.db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.transaction(() => {
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

  /** The newest run of a project on a branch (of a job when given; null: of the runs that name no job). */
  latestRun(f: { project: string; branch: string; job?: string | null }): RunRow | undefined {
    return queries.latestRun(this.db, f);
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

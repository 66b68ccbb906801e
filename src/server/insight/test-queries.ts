/** The per-test queries of the Store: a run's tests, a test's history, a project's trend, runs and legs. */
import type { DatabaseSync } from "node:sqlite";
import {
  RUN_COLUMNS,
  TEST_COLUMNS,
  type ProjectRow,
  type RunRow,
  type TestHistoryRow,
  type TestOutcome,
  type TestRow,
  type TrendPoint,
} from "../schema.js";

/** Failing (error, failed) first, then flaky, skipped, passed. */
export const OUTCOME_ORDER = `CASE outcome WHEN 'error' THEN 0 WHEN 'failed' THEN 0 WHEN 'flaky' THEN 1
  WHEN 'skipped' THEN 2 ELSE 3 END`;

export interface RunTestsOptions {
  outcomes?: TestOutcome[];
  limit?: number;
  offset?: number;
}

function outcomeFilter(outcomes: TestOutcome[] | undefined): { sql: string; args: string[] } {
  if (!outcomes?.length) return { sql: "", args: [] };
  return { sql: `AND outcome IN (${outcomes.map(() => "?").join(", ")})`, args: outcomes };
}

export function runTests(db: DatabaseSync, runId: string, opts: RunTestsOptions = {}): TestRow[] {
  const filter = outcomeFilter(opts.outcomes);
  return db
    .prepare(
      `SELECT ${TEST_COLUMNS} FROM test_results WHERE run_id = ? ${filter.sql}
       ORDER BY ${OUTCOME_ORDER}, position LIMIT ? OFFSET ?`,
    )
    .all(runId, ...filter.args, opts.limit ?? -1, opts.offset ?? 0) as unknown as TestRow[];
}

/** A run's first `limit` tests in report order. */
export function runTestsInOrder(db: DatabaseSync, runId: string, limit: number): TestRow[] {
  return db
    .prepare(`SELECT ${TEST_COLUMNS} FROM test_results WHERE run_id = ? ORDER BY position LIMIT ?`)
    .all(runId, limit) as unknown as TestRow[];
}

export function countRunTests(db: DatabaseSync, runId: string, outcomes?: TestOutcome[]): number {
  const filter = outcomeFilter(outcomes);
  return (
    db
      .prepare(`SELECT count(*) AS n FROM test_results WHERE run_id = ? ${filter.sql}`)
      .get(runId, ...filter.args) as { n: number }
  ).n;
}

/**
 * A test's results newest first. Per project that has the key (test_keys; or the one given), its runs are walked
 * newest first on the (project, inserted_at) or (project, branch, inserted_at) index and the key looked up in
 * each, stopping at `limit`; the projects' lists are then merged.
 */
export function testHistory(
  db: DatabaseSync,
  key: string,
  f: { project?: string; branch?: string; limit: number },
): TestHistoryRow[] {
  const projects =
    f.project !== undefined
      ? [f.project]
      : (db.prepare("SELECT project FROM test_keys WHERE key = ?").all(key) as { project: string }[]).map(
          (p) => p.project,
        );
  const branch = f.branch !== undefined ? "AND r.branch = ?" : "";
  const columns = TEST_COLUMNS.split(", ")
    .map((c) => `t.${c}`)
    .join(", ");
  const select = db.prepare(
    `SELECT ${columns}, r.project, r.branch, r.commit_sha, r.inserted_at, r.workflow_run, r.rowid AS seq
     FROM test_runs r JOIN test_results t ON t.run_id = r.id AND t.key = ?
     WHERE r.project = ? ${branch} ORDER BY r.inserted_at DESC, r.rowid DESC LIMIT ?`,
  );
  const rows = projects.flatMap(
    (project) =>
      select.all(
        key,
        project,
        ...(f.branch !== undefined ? [f.branch] : []),
        f.limit,
      ) as unknown as (TestHistoryRow & { seq: number })[],
  );
  rows.sort((a, b) =>
    a.inserted_at < b.inserted_at ? 1 : a.inserted_at > b.inserted_at ? -1 : b.seq - a.seq,
  );
  return rows.slice(0, f.limit).map(({ seq, ...row }) => (void seq, row));
}

/**
 * The runs of the same project sharing the run's workflow_run key (itself included), oldest first. `+project`
 * keeps SQLite on the workflow_run index (on the project's index it reads every run of the project).
 */
export function workflowLegs(db: DatabaseSync, runId: string): RunRow[] {
  const run = db.prepare(`SELECT ${RUN_COLUMNS} FROM test_runs WHERE id = ?`).get(runId) as
    RunRow | undefined;
  if (!run) return [];
  if (run.workflow_run === null) return [run];
  return db
    .prepare(
      `SELECT ${RUN_COLUMNS} FROM test_runs WHERE workflow_run = ? AND +project = ? ORDER BY inserted_at, rowid`,
    )
    .all(run.workflow_run, run.project) as unknown as RunRow[];
}

export function projects(db: DatabaseSync): ProjectRow[] {
  return db
    .prepare(
      `SELECT project, count(*) AS runs, max(inserted_at) AS last_inserted_at FROM test_runs
       GROUP BY project ORDER BY project`,
    )
    .all() as unknown as ProjectRow[];
}

interface TrendGroup {
  workflow_run: string | null;
  inserted_at: string;
  run_ids: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  flaky: number;
  time: number;
}

/** Runs read for a trend of `limit` points: enough for this many legs per workflow run. */
const LEGS_PER_POINT = 64;

/**
 * The last `limit` points of a project (of one branch when given), oldest to newest: one per workflow run, its
 * matrix legs' counts added up (a run without a workflow_run key is a point of its own). Only the newest
 * limit × 64 runs are read, so the oldest point may lack legs when workflow runs have more than 64.
 */
export function projectTrend(
  db: DatabaseSync,
  project: string,
  f: { branch?: string; limit: number },
): TrendPoint[] {
  const branch = f.branch !== undefined ? "AND branch = ?" : "";
  const args = f.branch !== undefined ? [project, f.branch] : [project];
  const groups = db
    .prepare(
      `SELECT workflow_run, max(inserted_at) AS inserted_at, json_group_array(id) AS run_ids,
         sum(total_tests) AS tests, sum(failures) AS failures, sum(errors) AS errors, sum(skipped) AS skipped,
         sum(flaky) AS flaky, sum(total_time) AS time, max(rid) AS last
       FROM (SELECT * FROM (
               SELECT rowid AS rid, id, workflow_run, inserted_at, total_tests, failures, errors, skipped, flaky,
                 total_time
               FROM test_runs WHERE project = ? ${branch} ORDER BY inserted_at DESC, rowid DESC LIMIT ?)
             ORDER BY inserted_at, rid)
       GROUP BY coalesce(workflow_run, id) ORDER BY max(inserted_at) DESC, last DESC LIMIT ?`,
    )
    .all(...args, f.limit * LEGS_PER_POINT, f.limit) as unknown as TrendGroup[];
  return groups.reverse().map((g) => {
    const passed = g.tests - g.failures - g.errors - g.skipped;
    return {
      inserted_at: g.inserted_at,
      run_ids: JSON.parse(g.run_ids) as string[],
      workflow_run: g.workflow_run,
      tests: g.tests,
      passed,
      failures: g.failures,
      errors: g.errors,
      skipped: g.skipped,
      flaky: g.flaky,
      success_rate: g.tests === 0 ? 0 : Math.round((passed / g.tests) * 10000) / 100,
      time: Math.round(g.time * 1000) / 1000,
    };
  });
}

/** What a base is chosen for: a project and job, and the run (when there is one) it must be stored before. */
export interface BaseQuery {
  project: string;
  branch: string;
  /** A job: its runs (else those naming no job); null: runs naming no job; undefined: any job's. */
  job?: string | null;
  /** The base is stored before this run (inserted_at, then rowid) and is no leg of its workflow run. */
  before?: RunRow;
  /** Only runs whose signature a trusted key verified. */
  verified?: boolean;
}

/** The filter every base and its legs share: the branch, no pull request's run, stored before `before`. */
function baseWhere(q: BaseQuery): { sql: string; args: (string | null)[] } {
  const sql = ["project = ?", "branch = ?", "pull_request = 0"];
  if (q.verified) sql.push("signer_verified = 1");
  const args: (string | null)[] = [q.project, q.branch];
  if (q.before) {
    sql.push(
      "id <> ?",
      "(inserted_at < ? OR (inserted_at = ? AND rowid < (SELECT rowid FROM test_runs WHERE id = ?)))",
    );
    args.push(q.before.id, q.before.inserted_at, q.before.inserted_at, q.before.id);
    if (q.before.workflow_run !== null) {
      sql.push("(workflow_run IS NULL OR workflow_run <> ?)");
      args.push(q.before.workflow_run);
    }
  }
  return { sql: sql.join(" AND "), args };
}

/** The newest run of a base query (of exactly the job given: null for runs naming none), or undefined. */
export function newestBase(db: DatabaseSync, q: BaseQuery): RunRow | undefined {
  const where = baseWhere(q);
  const job = q.job === undefined ? "" : q.job === null ? "AND job IS NULL" : "AND job = ?";
  const args = typeof q.job === "string" ? [...where.args, q.job] : where.args;
  return db
    .prepare(
      `SELECT ${RUN_COLUMNS} FROM test_runs WHERE ${where.sql} ${job}
       ORDER BY inserted_at DESC, rowid DESC LIMIT 1`,
    )
    .get(...args) as RunRow | undefined;
}

/**
 * The legs of `base`'s workflow run that may be joined into it, oldest first: the same project, branch and job
 * (null: naming none), no pull request's run, stored before `q.before` when given; the newest `max` (the base
 * itself, the newest of them, always included). Just the base when it has no workflow_run key.
 */
export function baseLegs(db: DatabaseSync, base: RunRow, q: BaseQuery, max: number): RunRow[] {
  if (base.workflow_run === null) return [base];
  const where = baseWhere(q);
  const job = base.job === null ? "job IS NULL" : "job = ?";
  const rows = db
    .prepare(
      `SELECT ${RUN_COLUMNS} FROM test_runs INDEXED BY test_runs_workflow
       WHERE workflow_run = ? AND ${where.sql} AND ${job}
         AND (inserted_at < ? OR (inserted_at = ? AND rowid <= (SELECT rowid FROM test_runs WHERE id = ?)))
       ORDER BY inserted_at DESC, rowid DESC LIMIT ?`,
    )
    .all(
      base.workflow_run,
      ...where.args,
      ...(base.job === null ? [] : [base.job]),
      base.inserted_at,
      base.inserted_at,
      base.id,
      max,
    ) as unknown as RunRow[];
  return rows.reverse();
}

/** The per-test queries of the Store: a run's tests, a test's history, a project's trend, runs and legs. */
import { hints, jsonArrayOf } from "../db/dialect.js";
import type { Sql, Value } from "../db/sql.js";
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

export function runTests(sql: Sql, runId: string, opts: RunTestsOptions = {}): Promise<TestRow[]> {
  const filter = outcomeFilter(opts.outcomes);
  // OFFSET needs a LIMIT on SQLite: -1 is none there, ALL on PostgreSQL.
  const limit = opts.limit !== undefined ? "LIMIT ?" : sql.dialect === "postgres" ? "LIMIT ALL" : "LIMIT -1";
  return sql.all<TestRow>(
    `SELECT ${TEST_COLUMNS} FROM test_results WHERE run_id = ? ${filter.sql}
     ORDER BY ${OUTCOME_ORDER}, position ${limit} OFFSET ?`,
    [runId, ...filter.args, ...(opts.limit === undefined ? [] : [opts.limit]), opts.offset ?? 0],
  );
}

/** A run's first `limit` tests in report order. */
export function runTestsInOrder(sql: Sql, runId: string, limit: number): Promise<TestRow[]> {
  return sql.all<TestRow>(
    `SELECT ${TEST_COLUMNS} FROM test_results WHERE run_id = ? ORDER BY position LIMIT ?`,
    [runId, limit],
  );
}

export async function countRunTests(sql: Sql, runId: string, outcomes?: TestOutcome[]): Promise<number> {
  const filter = outcomeFilter(outcomes);
  return (await sql.get<{ n: number }>(
    `SELECT count(*) AS n FROM test_results WHERE run_id = ? ${filter.sql}`,
    [runId, ...filter.args],
  ))!.n;
}

/**
 * A test's results newest first. Per project that has the key (test_keys; or the one given), its runs are walked
 * newest first on the (project, inserted_at) or (project, branch, inserted_at) index and the key looked up in
 * each, stopping at `limit`; the projects' lists are then merged.
 */
export async function testHistory(
  sql: Sql,
  key: string,
  f: { project?: string; branch?: string; limit: number },
): Promise<TestHistoryRow[]> {
  const projects =
    f.project !== undefined
      ? [f.project]
      : (await sql.all<{ project: string }>("SELECT project FROM test_keys WHERE key = ?", [key])).map(
          (p) => p.project,
        );
  const branch = f.branch !== undefined ? "AND r.branch = ?" : "";
  const columns = TEST_COLUMNS.split(", ")
    .map((c) => `t.${c}`)
    .join(", ");
  const rows: (TestHistoryRow & { seq: number })[] = [];
  for (const project of projects)
    rows.push(
      ...(await sql.all<TestHistoryRow & { seq: number }>(
        `SELECT ${columns}, r.project, r.branch, r.commit_sha, r.inserted_at, r.workflow_run, r.rowid AS seq
         FROM test_runs r JOIN test_results t ON t.run_id = r.id AND t.key = ?
         WHERE r.project = ? ${branch} ORDER BY r.inserted_at DESC, r.rowid DESC LIMIT ?`,
        [key, project, ...(f.branch !== undefined ? [f.branch] : []), f.limit],
      )),
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
export async function workflowLegs(sql: Sql, runId: string): Promise<RunRow[]> {
  const run = await sql.get<RunRow>(`SELECT ${RUN_COLUMNS} FROM test_runs WHERE id = ?`, [runId]);
  if (!run) return [];
  if (run.workflow_run === null) return [run];
  return sql.all<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM test_runs WHERE workflow_run = ? AND ${hints.notIndexed(sql.dialect, "project")} = ?
     ORDER BY inserted_at, rowid`,
    [run.workflow_run, run.project],
  );
}

export function projects(sql: Sql): Promise<ProjectRow[]> {
  return sql.all<ProjectRow>(
    `SELECT project, count(*) AS runs, max(inserted_at) AS last_inserted_at FROM test_runs
     GROUP BY project ORDER BY project`,
  );
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
export async function projectTrend(
  sql: Sql,
  project: string,
  f: { branch?: string; limit: number },
): Promise<TrendPoint[]> {
  const branch = f.branch !== undefined ? "AND branch = ?" : "";
  const args: Value[] = f.branch !== undefined ? [project, f.branch] : [project];
  const groups = await sql.all<TrendGroup>(
    `SELECT max(workflow_run) AS workflow_run, max(inserted_at) AS inserted_at,
       ${jsonArrayOf(sql.dialect, "id", "inserted_at, rid")} AS run_ids,
       sum(total_tests) AS tests, sum(failures) AS failures, sum(errors) AS errors, sum(skipped) AS skipped,
       sum(flaky) AS flaky, sum(total_time) AS time, max(rid) AS last
     FROM (SELECT * FROM (
             SELECT rowid AS rid, id, workflow_run, inserted_at, total_tests, failures, errors, skipped, flaky,
               total_time
             FROM test_runs WHERE project = ? ${branch} ORDER BY inserted_at DESC, rowid DESC LIMIT ?) AS newest
           ORDER BY inserted_at, rid) AS legs
     GROUP BY coalesce(workflow_run, id) ORDER BY max(inserted_at) DESC, last DESC LIMIT ?`,
    [...args, f.limit * LEGS_PER_POINT, f.limit],
  );
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
function baseWhere(q: BaseQuery): { sql: string; args: Value[] } {
  const sql = ["project = ?", "branch = ?", "pull_request = 0"];
  if (q.verified) sql.push("signer_verified = 1");
  const args: Value[] = [q.project, q.branch];
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
export function newestBase(sql: Sql, q: BaseQuery): Promise<RunRow | undefined> {
  const where = baseWhere(q);
  const job = q.job === undefined ? "" : q.job === null ? "AND job IS NULL" : "AND job = ?";
  const args = typeof q.job === "string" ? [...where.args, q.job] : where.args;
  return sql.get<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM test_runs WHERE ${where.sql} ${job}
     ORDER BY inserted_at DESC, rowid DESC LIMIT 1`,
    args,
  );
}

/**
 * The legs of `base`'s workflow run that may be joined into it, oldest first: the same project, branch and job
 * (null: naming none), no pull request's run, stored before `q.before` when given; the newest `max` (the base
 * itself, the newest of them, always included). Just the base when it has no workflow_run key.
 */
export async function baseLegs(sql: Sql, base: RunRow, q: BaseQuery, max: number): Promise<RunRow[]> {
  if (base.workflow_run === null) return [base];
  const where = baseWhere(q);
  const job = base.job === null ? "job IS NULL" : "job = ?";
  const rows = await sql.all<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM test_runs ${hints.indexedBy(sql.dialect, "test_runs_workflow")}
     WHERE workflow_run = ? AND ${where.sql} AND ${job}
       AND (inserted_at < ? OR (inserted_at = ? AND rowid <= (SELECT rowid FROM test_runs WHERE id = ?)))
     ORDER BY inserted_at DESC, rowid DESC LIMIT ?`,
    [
      base.workflow_run,
      ...where.args,
      ...(base.job === null ? [] : [base.job]),
      base.inserted_at,
      base.inserted_at,
      base.id,
      max,
    ],
  );
  return rows.reverse();
}

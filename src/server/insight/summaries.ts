/** GET /api/v1/tests: each test of a project over its last runs (pass rate, flaky score, durations). */
import type { DatabaseSync } from "node:sqlite";
import { isFailing } from "../../core/junit/compare.js";
import type { Paged, TestOutcome, TestSummaryFilter, TestSummaryRow } from "../schema.js";

export const DEFAULT_WINDOW = 30;

interface Row {
  key: string;
  test_id: string;
  suite: string;
  classname: string;
  name: string;
  file: string | null;
  line: number | null;
  outcome: TestOutcome;
  duration: number;
  branch: string | null;
}

/** One test while the window's runs are read, oldest first. */
interface Tally {
  last: Row;
  lastRunId: string;
  runs: number;
  /** Runs where it was not skipped, of which passed or flaky, of which flaky; runs where it failed or errored. */
  ran: number;
  passed: number;
  flaky: number;
  failing: number;
  /** Changes between a pass and a failure from one run to the next of the same branch. */
  flips: number;
  /** Per branch, whether its last passed-or-failing run failed. */
  lastFailed: Map<string | null, boolean>;
  durations: number[];
}

/**
 * The flaky score, 0..1: (flips + flaky runs) / runs where the test ran (not skipped), at most 1. A flip is a
 * change between passed and failing (failed or error) from one run to the next run of the same branch in which
 * the test passed or failed (skipped and flaky runs are left out of that sequence); a flaky run (failed, then
 * passed on a retry within the run) counts one by itself. 0 when it never ran.
 */
export function flakyScore(t: { flips: number; flaky: number; ran: number }): number {
  return t.ran === 0 ? 0 : Math.min(1, Math.round(((t.flips + t.flaky) / t.ran) * 1000) / 1000);
}

function add(t: Tally, row: Row, runId: string): void {
  t.last = row;
  t.lastRunId = runId;
  t.runs++;
  if (row.outcome === "skipped") return;
  t.ran++;
  t.durations.push(row.duration);
  if (row.outcome === "flaky") return void (t.passed++, t.flaky++);
  const failed = isFailing(row.outcome);
  if (failed) t.failing++;
  else t.passed++;
  const before = t.lastFailed.get(row.branch);
  if (before !== undefined && before !== failed) t.flips++;
  t.lastFailed.set(row.branch, failed);
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

function summary(t: Tally): TestSummaryRow & { failing: number } {
  const sorted = [...t.durations].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((s, d) => s + d, 0) / sorted.length : 0;
  const p95 = sorted.length ? sorted[Math.ceil(0.95 * sorted.length) - 1]! : 0;
  const { last } = t;
  return {
    key: last.key,
    test_id: last.test_id,
    suite: last.suite,
    classname: last.classname,
    name: last.name,
    file: last.file,
    line: last.line,
    runs: t.runs,
    pass_rate: t.ran === 0 ? 0 : Math.round((t.passed / t.ran) * 10000) / 100,
    last_outcome: last.outcome,
    last_run_id: t.lastRunId,
    flaky_score: flakyScore(t),
    mean_duration: round3(mean),
    p95_duration: round3(p95),
    failing: t.failing,
  };
}

const byName = (a: TestSummaryRow, b: TestSummaryRow) =>
  a.suite.localeCompare(b.suite) ||
  a.classname.localeCompare(b.classname) ||
  a.name.localeCompare(b.name) ||
  a.key.localeCompare(b.key);

type Scored = TestSummaryRow & { failing: number };

const ORDERS: Record<NonNullable<TestSummaryFilter["sort"]>, (a: Scored, b: Scored) => number> = {
  flaky: (a, b) => b.flaky_score - a.flaky_score || a.pass_rate - b.pass_rate || byName(a, b),
  failing: (a, b) => b.failing - a.failing || a.pass_rate - b.pass_rate || byName(a, b),
  slowest: (a, b) => b.mean_duration - a.mean_duration || byName(a, b),
  name: byName,
};

/** The ids of the last `window` runs of the project (of the branch when given), oldest first. */
function windowRuns(db: DatabaseSync, f: TestSummaryFilter): string[] {
  const branch = f.branch !== undefined ? "AND branch = ?" : "";
  const args = f.branch !== undefined ? [f.project, f.branch] : [f.project];
  const rows = db
    .prepare(
      `SELECT id FROM test_runs WHERE project = ? ${branch} ORDER BY inserted_at DESC, rowid DESC LIMIT ?`,
    )
    .all(...args, f.window ?? DEFAULT_WINDOW) as { id: string }[];
  return rows.map((r) => r.id).reverse();
}

/**
 * Each test seen in the window (sort: flaky score, failing runs, mean duration or name), one page of them. The
 * names, file and line are those of its newest run.
 */
export function testSummaries(db: DatabaseSync, f: TestSummaryFilter): Paged<TestSummaryRow> {
  const select = db.prepare(
    `SELECT key, test_id, suite, classname, name, file, line, outcome, duration, branch FROM test_results
     WHERE run_id = ? ORDER BY position`,
  );
  const tallies = new Map<string, Tally>();
  for (const runId of windowRuns(db, f)) {
    for (const row of select.all(runId) as unknown as Row[]) {
      let t = tallies.get(row.key);
      if (!t) {
        t = {
          last: row,
          lastRunId: runId,
          runs: 0,
          ran: 0,
          passed: 0,
          flaky: 0,
          failing: 0,
          flips: 0,
          lastFailed: new Map(),
          durations: [],
        };
        tallies.set(row.key, t);
      }
      add(t, row, runId);
    }
  }
  const all = [...tallies.values()].map(summary).filter((s) => !f.outcome || s.last_outcome === f.outcome);
  all.sort(ORDERS[f.sort ?? "name"]);
  const start = (f.page - 1) * f.perPage;
  const rows = all.slice(start, start + f.perPage).map((row): TestSummaryRow => {
    const { failing, ...summaryRow } = row;
    void failing;
    return summaryRow;
  });
  return { rows, total: all.length };
}

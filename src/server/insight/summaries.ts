/** GET /api/v1/tests: each test of a project over its last runs (pass rate, flaky score, durations). */
import { isFailing } from "../../core/junit/compare.js";
import { MAX_BASELINE_TESTS } from "../../core/junit/test-rows.js";
import type { Sql } from "../db/sql.js";
import type { Paged, TestOutcome, TestSummaryFilter, TestSummaryRow } from "../schema.js";

export const DEFAULT_WINDOW = 30;
/** The windows a summary is read for: a window asked for is taken down to the largest of these it reaches. */
export const WINDOWS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 50, 100, 200, 300, 500];
/**
 * Test rows a summary reads at most (anonymous requests, on the event loop): a window of runs too large for it is
 * read from its newest runs only (`window_used` says how many).
 */
export const SUMMARY_ROW_BUDGET = 2_000_000;
/** Rows a run holds at most (the ingest's cap on cases), when its count of tests is larger. */
const MAX_RUN_ROWS = MAX_BASELINE_TESTS;

/** The window read for `asked` runs: the largest of WINDOWS not above it (at least 1, at most 500). */
export function windowOf(asked: number | undefined): number {
  const n = asked ?? DEFAULT_WINDOW;
  return [...WINDOWS].reverse().find((w) => w <= n) ?? WINDOWS[0]!;
}

/** One test while the window's runs are read, oldest first. */
interface Tally {
  key: string;
  lastRunId: string;
  lastOutcome: TestOutcome;
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

function add(t: Tally, runId: string, outcome: TestOutcome, duration: number, branch: string | null) {
  t.lastRunId = runId;
  t.lastOutcome = outcome;
  t.runs++;
  if (outcome === "skipped") return;
  t.ran++;
  t.durations.push(duration);
  if (outcome === "flaky") return void (t.passed++, t.flaky++);
  const failed = isFailing(outcome);
  if (failed) t.failing++;
  else t.passed++;
  const before = t.lastFailed.get(branch);
  if (before !== undefined && before !== failed) t.flips++;
  t.lastFailed.set(branch, failed);
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

type Names = Pick<TestSummaryRow, "test_id" | "suite" | "classname" | "name" | "file" | "line">;
/** A summary with what the sorts read that the route does not give. */
type Scored = TestSummaryRow & { failing: number };

/** The tests of a window and how many of its runs were read (fewer than the window when the budget ran out). */
interface Summary {
  tests: Scored[];
  windowUsed: number;
}

/** One page of a window's tests, the window read (windowOf) and the runs of it read. */
export interface SummaryPage extends Paged<TestSummaryRow> {
  window: number;
  windowUsed: number;
}

function summary(t: Tally, names: Names): Scored {
  const sorted = t.durations.sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((s, d) => s + d, 0) / sorted.length : 0;
  const p95 = sorted.length ? sorted[Math.ceil(0.95 * sorted.length) - 1]! : 0;
  return {
    key: t.key,
    ...names,
    runs: t.runs,
    pass_rate: t.ran === 0 ? 0 : Math.round((t.passed / t.ran) * 10000) / 100,
    last_outcome: t.lastOutcome,
    last_run_id: t.lastRunId,
    flaky_score: flakyScore(t),
    mean_duration: round3(mean),
    p95_duration: round3(p95),
    failing: t.failing,
  };
}

/** Code-unit order (locale-independent, so that pages are stable whatever the server's locale). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: Scored, b: Scored) =>
  cmp(a.suite, b.suite) || cmp(a.classname, b.classname) || cmp(a.name, b.name) || cmp(a.key, b.key);

const ORDERS: Record<NonNullable<TestSummaryFilter["sort"]>, (a: Scored, b: Scored) => number> = {
  flaky: (a, b) => b.flaky_score - a.flaky_score || a.pass_rate - b.pass_rate || byName(a, b),
  failing: (a, b) => b.failing - a.failing || a.pass_rate - b.pass_rate || byName(a, b),
  slowest: (a, b) => b.mean_duration - a.mean_duration || byName(a, b),
  name: byName,
};

interface WindowRun {
  id: string;
  branch: string | null;
}

/**
 * The last windowOf(f.window) runs of the project (of the branch when given), oldest first; only the newest of
 * them whose tests (each run's count, at most MAX_RUN_ROWS) fit in SUMMARY_ROW_BUDGET.
 */
async function windowRuns(sql: Sql, f: TestSummaryFilter): Promise<WindowRun[]> {
  const branch = f.branch !== undefined ? "AND branch = ?" : "";
  const args = f.branch !== undefined ? [f.project, f.branch] : [f.project];
  const rows = await sql.all<WindowRun & { tests: number }>(
    `SELECT id, branch,
       CASE WHEN total_tests < 0 THEN 0 WHEN total_tests > ${MAX_RUN_ROWS} THEN ${MAX_RUN_ROWS} ELSE total_tests END
         AS tests
     FROM test_runs WHERE project = ? ${branch} ORDER BY inserted_at DESC, rowid DESC LIMIT ?`,
    [...args, windowOf(f.window)],
  );
  const fit: WindowRun[] = [];
  let rowsLeft = SUMMARY_ROW_BUDGET;
  for (const r of rows) {
    if (r.tests > rowsLeft) break;
    rowsLeft -= r.tests;
    fit.push({ id: r.id, branch: r.branch });
  }
  return fit.reverse();
}

/** A test's tally, new. */
function tally(key: string, runId: string, outcome: TestOutcome): Tally {
  return {
    key,
    lastRunId: runId,
    lastOutcome: outcome,
    runs: 0,
    ran: 0,
    passed: 0,
    flaky: 0,
    failing: 0,
    flips: 0,
    lastFailed: new Map(),
    durations: [],
  };
}

/**
 * Every test of the window, tallied from three columns of each row (the branch is its run's); names, file and
 * line read from the newest runs only. At most SUMMARY_ROW_BUDGET rows are read whatever the runs hold.
 */
async function summarize(sql: Sql, f: TestSummaryFilter): Promise<Summary> {
  const tallies = new Map<string, Tally>();
  const runs = await windowRuns(sql, f);
  let rowsLeft = SUMMARY_ROW_BUDGET;
  for (const { id: runId, branch } of runs) {
    const rows = (await sql.arrays(
      "SELECT key, outcome, duration FROM test_results WHERE run_id = ? LIMIT ?",
      [runId, rowsLeft],
    )) as [string, TestOutcome, number][];
    rowsLeft -= rows.length;
    for (const [key, outcome, duration] of rows) {
      let t = tallies.get(key);
      if (!t) tallies.set(key, (t = tally(key, runId, outcome)));
      add(t, runId, outcome, duration, branch);
    }
  }
  // A test's names, file and line are those of its newest run: read run by run from the newest until all are named.
  const names = new Map<string, Names>();
  for (const { id: runId } of [...runs].reverse()) {
    if (names.size === tallies.size) break;
    const named = await sql.all<Names & { key: string }>(
      "SELECT key, test_id, suite, classname, name, file, line FROM test_results WHERE run_id = ?",
      [runId],
    );
    for (const row of named) {
      if (names.has(row.key) || tallies.get(row.key)?.lastRunId !== runId) continue;
      const { key, ...rest } = row;
      names.set(key, rest);
    }
  }
  return {
    tests: [...tallies.values()].filter((t) => names.has(t.key)).map((t) => summary(t, names.get(t.key)!)),
    windowUsed: runs.length,
  };
}

/** One test over the window (the same runs as summarize), or undefined when it is in none of them. */
export async function testSummary(
  sql: Sql,
  key: string,
  f: TestSummaryFilter,
): Promise<TestSummaryRow | undefined> {
  let t: Tally | undefined;
  let names: Names | undefined;
  for (const { id: runId, branch } of await windowRuns(sql, f)) {
    const row = await sql.get<Names & { outcome: TestOutcome; duration: number }>(
      "SELECT outcome, duration, test_id, suite, classname, name, file, line FROM test_results WHERE run_id = ? AND key = ?",
      [runId, key],
    );
    if (!row) continue;
    const { outcome, duration, ...rest } = row;
    t ??= tally(key, runId, outcome);
    add(t, runId, outcome, duration, branch);
    names = rest;
  }
  if (!t || !names) return undefined;
  const { failing, ...row } = summary(t, names);
  void failing;
  return row;
}

/**
 * The tests of the last windows asked for, while no run has been stored nor deleted since: a page
 * after the first, another sort or filter of the same window costs a sort, not a read of its rows.
 */
export class SummaryCache {
  private readonly entries = new Map<string, { stamp: string; summary: Summary }>();

  constructor(private readonly size = 16) {}

  async get(sql: Sql, f: TestSummaryFilter): Promise<Summary> {
    // A run stored raises the highest rowid; a run deleted (retention, an import's replace) the deletion counter.
    const now = (await sql.get<{ last: number; deleted: number }>(
      "SELECT coalesce(max(rowid), 0) AS last, (SELECT n FROM run_deletions) AS deleted FROM test_runs",
    ))!;
    const stamp = `${now.last}:${now.deleted}`;
    const id = JSON.stringify([f.project, f.branch ?? null, windowOf(f.window)]);
    const hit = this.entries.get(id);
    this.entries.delete(id);
    const summary = hit && hit.stamp === stamp ? hit.summary : await summarize(sql, f);
    this.entries.set(id, { stamp, summary });
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return summary;
  }
}

/**
 * Each test seen in the window (sort: flaky score, failing runs, mean duration or name), one page of them. The
 * names, file and line are those of its newest run.
 */
export async function testSummaries(
  sql: Sql,
  f: TestSummaryFilter,
  cache: SummaryCache = new SummaryCache(0),
): Promise<SummaryPage> {
  const { tests, windowUsed } = await cache.get(sql, f);
  const all = tests.filter((s) => !f.outcome || s.last_outcome === f.outcome);
  all.sort(ORDERS[f.sort ?? "name"]);
  const start = (f.page - 1) * f.perPage;
  const rows = all.slice(start, start + f.perPage).map((row): TestSummaryRow => {
    const { failing, ...summaryRow } = row;
    void failing;
    return summaryRow;
  });
  return { rows, total: all.length, window: windowOf(f.window), windowUsed };
}

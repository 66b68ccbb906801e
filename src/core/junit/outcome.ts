/** The counting rule both the summary and the per-case details follow. */
export type CaseStatus = "passed" | "failed" | "error" | "skipped";

/** A run's status, as the Jux server gives it: any error, else any failure, else passed. */
export const RUN_STATUSES = ["passed", "failed", "error"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export function runStatus(counts: { failures: number; errors: number }): RunStatus {
  return counts.errors > 0 ? "error" : counts.failures > 0 ? "failed" : "passed";
}

/** Result children that decide a testcase's status; flaky and rerun elements are retries, not results. */
export const RESULT: Readonly<Record<string, CaseStatus>> = {
  error: "error",
  failure: "failed",
  skipped: "skipped",
  skip: "skipped",
};

/** Which result wins when a testcase has several: error, then failure, then skipped. */
export const RANK: Readonly<Record<CaseStatus, number>> = { passed: 0, skipped: 1, failed: 2, error: 3 };

/** A testcase's `time` in seconds: thousands separators dropped; negative or unreadable counts as 0. */
export function parseTime(value: string | undefined): number {
  if (value === undefined) return 0;
  // Number() ignores the white space trim() would drop (the same characters); most times have no comma.
  const t = Number(value.indexOf(",") < 0 ? value : value.replace(/,/g, ""));
  return Number.isFinite(t) && t > 0 ? t : 0;
}

/**
 * Retry elements (Surefire, Gradle, nextest): direct children of a testcase, each one earlier attempt that failed.
 * flaky*: the case passed in the end; rerun*: it failed every time. Neither changes how the case counts.
 */
export const RETRY: ReadonlySet<string> = new Set([
  "flakyFailure",
  "flakyError",
  "rerunFailure",
  "rerunError",
]);

/**
 * A test's outcome over every attempt in one run: FLAKY when it both failed (or errored) and passed in the run
 * (a retry element before a pass, or the same test id repeated with different outcomes). Else as a case counts.
 */
export const TEST_OUTCOMES = ["passed", "failed", "error", "skipped", "flaky"] as const satisfies readonly (
  CaseStatus | "flaky"
)[];
export type TestOutcome = (typeof TEST_OUTCOMES)[number];

/** The outcome of one testcase element: a passed case holding retry elements failed first, so it is flaky. */
export function caseOutcome(status: CaseStatus, retries: number): TestOutcome {
  return status === "passed" && retries > 0 ? "flaky" : status;
}

const PASSES: ReadonlySet<TestOutcome> = new Set(["passed", "flaky"]);
const FAILS: ReadonlySet<TestOutcome> = new Set(["failed", "error", "flaky"]);

/** True when the outcome holds a failed or errored attempt: what a later attempt of the same test re-runs. */
export function failedOnce(outcome: TestOutcome): boolean {
  return FAILS.has(outcome);
}

/**
 * Two attempts of one test within a run, as one outcome: any pass with any failure is flaky (in either order);
 * failures alone keep the higher RANK (error over failed); a pass beats a skip; skipped only when all skipped.
 */
export function mergeOutcomes(a: TestOutcome, b: TestOutcome): TestOutcome {
  const passes = PASSES.has(a) || PASSES.has(b);
  const fails = FAILS.has(a) || FAILS.has(b);
  if (passes && fails) return "flaky";
  if (fails) return a === "error" || b === "error" ? "error" : "failed";
  return passes ? "passed" : "skipped";
}

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
  const t = Number(value.trim().replace(/,/g, ""));
  return Number.isFinite(t) && t > 0 ? t : 0;
}

/**
 * Which runs retention deletes (jux serve --retention-days, --keep-latest): a pure decision over the runs of one
 * project and branch, at a time given by the caller. The newest run of the branch is always kept, and so are the runs
 * the caller protects: the branch's bases (retention.ts protectedRuns, by insight/base.ts's own rule).
 */

/** What the command line asked for: either or both. */
export interface RetentionPolicy {
  /** Runs stored more than this many days before now go. */
  days?: number;
  /** Per project and branch, runs past the newest this many go. */
  keepLatest?: number;
}

/** A run as retention weighs it. */
export interface RetentionRun {
  id: string;
  /** The order it was stored in (rowid): breaks ties of inserted_at, the later stored being the newer. */
  seq: number;
  inserted_at: string;
  /** 1 when a pull request's event made it (never a branch's base). */
  pull_request?: number;
}

/** Why a run goes: its age (counted first when both hold), or its rank past --keep-latest. */
export type RetentionReason = "age" | "rank";

export interface Doomed {
  id: string;
  reason: RetentionReason;
}

const DAY_MS = 86_400_000;

/** Newest first: inserted_at descending, then the later stored first. */
export function newestFirst(a: RetentionRun, b: RetentionRun): number {
  if (a.inserted_at !== b.inserted_at) return a.inserted_at < b.inserted_at ? 1 : -1;
  return b.seq - a.seq;
}

/**
 * The runs of one project and branch that go at `now`, with why; never its newest run nor a run in `keep` (its
 * bases and their legs). The runs may come in any order.
 */
export function runsToDelete(
  runs: readonly RetentionRun[],
  policy: RetentionPolicy,
  now: Date,
  keep: ReadonlySet<string> = new Set(),
): Doomed[] {
  const ordered = [...runs].sort(newestFirst);
  const newest = ordered[0];
  const cutoff = policy.days === undefined ? undefined : new Date(now.getTime() - policy.days * DAY_MS);
  const doomed: Doomed[] = [];
  ordered.forEach((run, rank) => {
    if (run === newest || keep.has(run.id)) return;
    if (cutoff && Date.parse(run.inserted_at) < cutoff.getTime()) doomed.push({ id: run.id, reason: "age" });
    else if (policy.keepLatest !== undefined && rank >= policy.keepLatest)
      doomed.push({ id: run.id, reason: "rank" });
  });
  return doomed;
}

/**
 * A --retention-days or --keep-latest value: a whole number, 1 or more (at most 1 000 000). Throws an Error naming
 * the option and what it allows (the command makes it a usage error).
 */
export function parseRetentionCount(value: string, option: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 1_000_000)
    throw new Error(
      `jux serve: ${option} must be a whole number from 1 to 1000000, not "${value}" (e.g. ${option} 30)`,
    );
  return n;
}

/** How many runs a pass deleted, by reason. */
export interface RetentionCounts {
  age: number;
  rank: number;
}

/** The log line of a pass that deleted runs; undefined when none went. */
export function retentionLine(deleted: RetentionCounts, policy: RetentionPolicy): string | undefined {
  const total = deleted.age + deleted.rank;
  if (total === 0) return undefined;
  const parts = [
    ...(policy.days !== undefined ? [`older than ${policy.days} days: ${deleted.age}`] : []),
    ...(policy.keepLatest !== undefined
      ? [`beyond the newest ${policy.keepLatest} per branch: ${deleted.rank}`]
      : []),
  ];
  return `jux serve: retention: deleted ${total} run(s) (${parts.join(", ")}), kept the newest run of each branch`;
}

/**
 * Which stored reports a query selects (`jux cache list`, `export`, `delete`): criteria on the facts index.json
 * keeps of every report (project, git:branch, git:commit, the counts, jux:timestamp, when it was stored), so that a
 * query reads no report, only the index the store's listing checks against the files.
 */
import { runStatus, type RunStatus } from "../junit/outcome.js";
import type { ReportStore } from "./store.js";
import { AREAS, type Area, type StoredEntry } from "./types.js";

/** What a query keeps; an absent criterion keeps everything. Times in ms since the epoch, both bounds inclusive. */
export interface ReportQuery {
  project?: string | undefined;
  branch?: string | undefined;
  /** A full commit SHA, or a prefix of at least MIN_COMMIT_PREFIX characters (case-insensitive). */
  commit?: string | undefined;
  status?: RunStatus | undefined;
  since?: number | undefined;
  until?: number | undefined;
}

export const MIN_COMMIT_PREFIX = 7;

/** A report's time: its jux:timestamp, else (absent or not a date) when it was stored. */
export function reportTime(e: StoredEntry): number {
  const t = e.timestamp === undefined ? NaN : Date.parse(e.timestamp);
  return Number.isNaN(t) ? Date.parse(e.storedAt) : t;
}

/** Whether the report's git:commit is `given`: the same SHA, or one it is a prefix of (7 characters or more). */
export function commitMatches(commit: string | undefined, given: string): boolean {
  if (commit === undefined) return false;
  const [c, g] = [commit.toLowerCase(), given.toLowerCase()];
  return c === g || (g.length >= MIN_COMMIT_PREFIX && c.startsWith(g));
}

/** Whether an entry passes every criterion of `q`. */
export function matches(e: StoredEntry, q: ReportQuery): boolean {
  if (q.project !== undefined && e.project !== q.project) return false;
  if (q.branch !== undefined && e.branch !== q.branch) return false;
  if (q.commit !== undefined && !commitMatches(e.commit, q.commit)) return false;
  if (q.status !== undefined && runStatus(e) !== q.status) return false;
  if (q.since === undefined && q.until === undefined) return true;
  const at = reportTime(e);
  return (q.since === undefined || at >= q.since) && (q.until === undefined || at <= q.until);
}

/** Whether `q` has any criterion (an empty query selects the whole store). */
export function isEmptyQuery(q: ReportQuery): boolean {
  return Object.values(q).every((v) => v === undefined);
}

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * A point in time as the command line gives it, in ms: a duration back from `now` (`7d`, `12h`, `30m`, `2w`,
 * `90s`), or an ISO date or date-time (`2026-01-31`, `2026-01-31T12:00Z`); a bare date is the start of that day
 * (UTC), or its last millisecond with `endOfDay`. Undefined when it is neither.
 */
export function parseTime(text: string, now: Date, endOfDay = false): number | undefined {
  const duration = /^(\d{1,9})([smhdw])$/.exec(text.trim());
  if (duration) return now.getTime() - Number(duration[1]) * UNIT_MS[duration[2]!]!;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    if (Number.isNaN(ms)) return undefined;
    return endOfDay ? ms + 86_400_000 - 1 : ms;
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The entries of `area` (or all areas) that `q` selects, oldest first, from the store's index (no report read). */
export async function selectReports(
  store: ReportStore,
  area: Area | undefined,
  q: ReportQuery,
): Promise<StoredEntry[]> {
  return (await store.list(area)).filter((e) => matches(e, q));
}

/** One entry per report (hash): the first area in AREAS order (reports/ before queue/ before rejected/). */
export function oncePerReport(entries: readonly StoredEntry[]): StoredEntry[] {
  const rank = (e: StoredEntry) => AREAS.indexOf(e.area);
  const best = new Map<string, StoredEntry>();
  for (const e of entries) {
    const held = best.get(e.hash);
    if (!held || rank(e) < rank(held)) best.set(e.hash, e);
  }
  return entries.filter((e) => best.get(e.hash) === e);
}

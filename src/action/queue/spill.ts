/**
 * When the offline queue leaves the cache for a pending artifact before the cache evicts it: GitHub evicts an entry
 * not accessed for 7 days, so an entry the REST caches API reports as not accessed for `spill_after_days` is near it.
 */

const DAY_MS = 86_400_000;

/** spill_after_days' bounds: at least a day, and under the cache's 7 days of eviction with a day to spare. */
export const SPILL_AFTER_DAYS = { min: 1, max: 6, default: 5 } as const;

/**
 * The age in days of the least recently accessed entry among `lastAccessed` (ISO times the REST API gave, before
 * this run restored them) when it is at least `days` as of `now`; undefined when none is (or no time parses).
 */
export function spillDue(lastAccessed: readonly string[], now: number, days: number): number | undefined {
  let oldest = Infinity;
  for (const text of lastAccessed) {
    const time = Date.parse(text);
    if (Number.isFinite(time) && time < oldest) oldest = time;
  }
  if (oldest === Infinity) return undefined;
  const age = (now - oldest) / DAY_MS;
  return age >= days ? age : undefined;
}

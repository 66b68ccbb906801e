/** Which collected entries may go once their reports are safe: the queue's pure decisions. */
import type { Collected, QueueEntry } from "./collected.js";

/**
 * The entries collected this run that may go: those whose reports all left the queue, and (when this run saved
 * the rest under its own ref) those of its own ref. An entry of another ref with reports still queued stays:
 * runs of that ref could not see this run's entry. An entry never goes on another entry's word alone.
 */
export function redundantEntries(
  c: Collected,
  stillQueued: Set<string>,
  ref: string,
  savedHere: boolean,
): QueueEntry[] {
  return [...c.superseded, ...c.entries].filter(
    (e) => e.hashes.every((h) => !stillQueued.has(h)) || (savedHere && e.ref === ref),
  );
}

/** Reports that only entries named as redundant held: a duplicate of one of them is no news. */
export function recheckedOnly(c: Collected): Set<string> {
  const elsewhere = new Set(c.entries.flatMap((e) => e.hashes));
  return new Set(c.superseded.flatMap((e) => e.hashes).filter((h) => !elsewhere.has(h)));
}

/**
 * Whether a marker entry must name the entries that could not be deleted: only when nothing else was saved,
 * the entries were listed, and one of them was restored this run (a marker, or an entry a marker covers, stays
 * covered by it).
 */
export function needsMarker(c: Collected, kept: QueueEntry[], waiting: number): boolean {
  return waiting === 0 && c.listed && kept.some((e) => !e.marker && c.entries.includes(e));
}

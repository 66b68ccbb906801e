/**
 * The store's size limits (`max_size`, `max_reports`) and its rotation: after a hold of the lock that wrote a
 * report, the oldest reports that are only kept (in reports/, and neither queued nor rejected: published, or
 * stored by local mode) are removed until the store is within its limits. A queued or rejected report is never
 * removed: when they alone are above a limit, that is a warning and nothing more goes.
 */
import type { StoreContext } from "./context.js";
import type { IndexRecord, StoreIndex } from "./index-file.js";
import { removeForms } from "./remove.js";
import { AREAS } from "./types.js";

export interface StoreLimits {
  /** Bytes of the stored files (as stored: compressed where they are); each report counted once. */
  maxBytes?: number;
  /** Reports (distinct hashes) in reports/, queue/ and rejected/ together. */
  maxReports?: number;
}

/** From this share of a limit on, a write warns. */
export const WARN_AT = 0.8;

export type LimitName = "max_size" | "max_reports";

/** What a write tells the user about the limits: one each, worded by the command (bytes, counts). */
export type LimitWarning =
  | { kind: "near"; limit: LimitName; current: number; max: number }
  | { kind: "rotated"; limit: LimitName; removed: number; current: number; max: number }
  | {
      kind: "pinned";
      limit: LimitName;
      /** What the queued and rejected reports hold, which is never removed. */
      pinned: number;
      queued: number;
      rejected: number;
      max: number;
    };

export interface RotationPlan {
  /** Hashes to remove from reports/, oldest first. */
  remove: string[];
  /** The limits the store was above before. */
  exceeded: LimitName[];
  /** The figures once they are removed. */
  bytes: number;
  reports: number;
  /** The queued and rejected reports' figures. */
  pinnedBytes: number;
  pinnedReports: number;
  queued: number;
  rejected: number;
}

function oldestFirst(a: [string, IndexRecord], b: [string, IndexRecord]): number {
  const [x, y] = [a[1].stored_at, b[1].stored_at];
  return x < y ? -1 : x > y ? 1 : a[0] < b[0] ? -1 : 1;
}

/**
 * Which kept reports to remove, oldest first, for the store to be within `limits`; pure, over the index. A
 * report in several areas (reports/ and queue/: one file, two names) is counted once, at its largest file.
 */
export function planRotation(index: StoreIndex, limits: StoreLimits): RotationPlan {
  const sizeOf = new Map<string, number>();
  for (const area of AREAS)
    for (const [hash, r] of index[area]) sizeOf.set(hash, Math.max(sizeOf.get(hash) ?? 0, r.size));
  const pinned = new Set([...index.queue.keys(), ...index.rejected.keys()]);
  let bytes = 0;
  for (const size of sizeOf.values()) bytes += size;
  let reports = sizeOf.size;
  let pinnedBytes = 0;
  for (const hash of pinned) pinnedBytes += sizeOf.get(hash)!;
  const over = () =>
    (limits.maxBytes !== undefined && bytes > limits.maxBytes) ||
    (limits.maxReports !== undefined && reports > limits.maxReports);
  const exceeded: LimitName[] = [];
  if (limits.maxBytes !== undefined && bytes > limits.maxBytes) exceeded.push("max_size");
  if (limits.maxReports !== undefined && reports > limits.maxReports) exceeded.push("max_reports");
  const remove: string[] = [];
  if (over()) {
    const candidates = [...index.reports].filter(([hash]) => !pinned.has(hash)).sort(oldestFirst);
    for (const [hash] of candidates) {
      if (!over()) break;
      remove.push(hash);
      bytes -= sizeOf.get(hash)!;
      reports--;
    }
  }
  return {
    remove,
    exceeded,
    bytes,
    reports,
    pinnedBytes,
    pinnedReports: pinned.size,
    queued: index.queue.size,
    rejected: [...index.rejected.keys()].filter((h) => !index.queue.has(h)).length,
  };
}

/** The warnings after `plan` was carried out: per limit, pinned above it, else rotated, else near it. */
export function limitWarnings(
  plan: RotationPlan,
  limits: StoreLimits,
  removed = plan.remove.length,
): LimitWarning[] {
  const warnings: LimitWarning[] = [];
  const figures: [LimitName, number | undefined, number, number][] = [
    ["max_size", limits.maxBytes, plan.bytes, plan.pinnedBytes],
    ["max_reports", limits.maxReports, plan.reports, plan.pinnedReports],
  ];
  for (const [limit, max, current, pinned] of figures) {
    if (max === undefined) continue;
    const { queued, rejected } = plan;
    if (current > max) warnings.push({ kind: "pinned", limit, pinned, queued, rejected, max });
    else if (removed > 0 && plan.exceeded.includes(limit))
      warnings.push({ kind: "rotated", limit, removed, current, max });
    else if (current >= WARN_AT * max) warnings.push({ kind: "near", limit, current, max });
  }
  return warnings;
}

/**
 * With the lock held, at the end of a hold that wrote: removes what planRotation says (files first, then their
 * records) and returns the warnings. Figures come from index.json, which every write and listing keeps in line.
 */
export async function applyLimits(ctx: StoreContext, limits: StoreLimits): Promise<LimitWarning[]> {
  if (limits.maxBytes === undefined && limits.maxReports === undefined) return [];
  const index = await ctx.index.load();
  const plan = planRotation(index, limits);
  for (const hash of plan.remove) {
    await removeForms(ctx, "reports", hash);
    index.reports.delete(hash);
  }
  if (plan.remove.length) await ctx.index.save(index);
  return limitWarnings(plan, limits, plan.remove.length);
}

/** Removing from the store: one report, the old reports (clean), or the whole queue. */
import { COMPRESSIONS } from "./codec.js";
import { checkHash, isReportName, type StoreContext } from "./context.js";
import { StoreError } from "./errors.js";
import { listNames, removeFile } from "./files.js";
import { list } from "./list.js";
import type { Area, StoredEntry } from "./types.js";

export interface CleanOptions {
  olderThanDays: number;
  /** The newest N reports are kept whatever their age. */
  keepLatest?: number;
  dryRun?: boolean;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

/** Removes the report `hash` from `area` in every form it is stored in; true when there was one. */
export async function removeForms(ctx: StoreContext, area: Area, hash: string): Promise<boolean> {
  let removed = false;
  for (const c of COMPRESSIONS) removed = (await removeFile(ctx.layout.path(area, hash, c))) || removed;
  return removed;
}

export async function remove(ctx: StoreContext, area: Area, hash: string): Promise<boolean> {
  checkHash(hash);
  return ctx.withLock(async () => {
    const removed = await removeForms(ctx, area, hash);
    if (area === "rejected") await removeFile(ctx.layout.rejectionPath(hash));
    const index = await ctx.index.load();
    if (index[area].delete(hash)) await ctx.index.save(index);
    return removed;
  });
}

/** Removes reports (never the queue) stored more than `olderThanDays` ago, except the newest `keepLatest`. */
export async function clean(
  ctx: StoreContext,
  options: CleanOptions,
): Promise<{ removed: StoredEntry[]; kept: number }> {
  const { olderThanDays, keepLatest = 0, dryRun = false, onProgress } = options;
  if (!Number.isFinite(olderThanDays) || olderThanDays < 0)
    throw new StoreError(`clean: the age must be a number of days >= 0, not ${olderThanDays}`);
  if (!Number.isInteger(keepLatest) || keepLatest < 0)
    throw new StoreError(`clean: keep-latest must be a whole number >= 0, not ${keepLatest}`);
  const cutoff = new Date((options.now ?? new Date()).getTime() - olderThanDays * 86_400_000).toISOString();
  return ctx.withLock(async () => {
    const newestFirst = (await list(ctx, "reports")).reverse();
    const removed = newestFirst.slice(keepLatest).filter((e) => e.storedAt < cutoff);
    if (!dryRun) {
      const index = await ctx.index.load();
      for (const [i, entry] of removed.entries()) {
        await removeForms(ctx, "reports", entry.hash);
        index.reports.delete(entry.hash);
        onProgress?.(i + 1, removed.length);
      }
      if (removed.length) await ctx.index.save(index);
    }
    return { removed: removed.reverse(), kept: newestFirst.length - removed.length };
  });
}

/** Removes every queued report; returns how many there were. */
export async function clearQueue(ctx: StoreContext): Promise<number> {
  return ctx.withLock(async () => {
    const names = (await listNames(ctx.layout.dir("queue"))).filter(isReportName);
    for (const name of names) await removeFile(ctx.layout.file("queue", name));
    const index = await ctx.index.load();
    index.queue.clear();
    await ctx.index.save(index);
    return names.length;
  });
}

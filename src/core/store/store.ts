import { AsyncLocalStorage } from "node:async_hooks";
import { resolve } from "node:path";
import { effectiveCompression, type Compression } from "./codec.js";
import type { StoreContext } from "./context.js";
import { describeReport, type CheckedReport } from "./describe.js";
import { IndexFile } from "./index-file.js";
import { reportFileName, StoreLayout, type Place } from "./layout.js";
import { repairOnOpen, type Repair } from "./leftovers.js";
import * as listing from "./list.js";
import { lockCandidates, withFileLock, type LockOptions } from "../fs/lock.js";
import {
  applyLimits,
  planRotation,
  type LimitWarning,
  type RotationPlan,
  type StoreLimits,
} from "./limits.js";
import { storeLockError } from "./errors.js";
import { ensurePrivateDirectory } from "./permissions.js";
import { readRejection, quarantine } from "./quarantine.js";
import * as reading from "./read.js";
import { recompressEntry } from "./recompress.js";
import * as removing from "./remove.js";
import { AREAS, type Area, type Quarantined, type Rejection, type StoredEntry } from "./types.js";
import * as writing from "./write.js";

export { StoreError, StoreLockedError } from "./errors.js";
export { UnsafeStoreError } from "./permissions.js";
export type { Place } from "./layout.js";
export type { Repair } from "./leftovers.js";
export type { StoreStats } from "./list.js";
export type { Verification } from "./read.js";
export type { CleanOptions } from "./remove.js";
export { COMPRESSIONS, StoreCodecError, type Compression } from "./codec.js";
export type { LimitName, LimitWarning, StoreLimits } from "./limits.js";
export { checkedReport, type CheckedReport } from "./describe.js";
export type { Area, Quarantined, Rejection, StoredEntry } from "./types.js";

/** How long one hold of the lock lasts in a batch at least: long enough to spread the index's write, short for others. */
const BATCH_HOLD_MS = 2000;
/** A hold of a batch lasts at least this many times the last write of the index, which ends it (O(store size)). */
export const HOLD_PER_WRITE = 20;
/**
 * ...but no longer than this: other processes wait for the lock up to 30 s (src/core/fs/lock.ts, the default every
 * verb uses), and one arriving as a hold starts waits for the hold, the item under way when it ends and the
 * index's write. 20 s leaves 10 s for those two; past it the batch's writes grow with the time it runs again.
 */
export const MAX_BATCH_HOLD_MS = 20_000;

/**
 * How long the next hold of a batch lasts: `minMs` (the caller's), or HOLD_PER_WRITE times the last index write
 * if longer, up to MAX_BATCH_HOLD_MS (never below `minMs`). Time-based holds alone made the number of writes grow
 * with the batch's duration, each O(store size): quadratic again for a big store. With holds proportional to
 * the write, the writes cost at most 1/HOLD_PER_WRITE of the time spent holding.
 */
export function batchHoldMs(minMs: number, lastWriteMs: number): number {
  return Math.max(minMs, Math.min(MAX_BATCH_HOLD_MS, HOLD_PER_WRITE * lastWriteMs));
}

/**
 * Between two holds of a batch, when another process waits for the lock, the batch lets it go first for this
 * long: a waiter tries again every 300 ms at most (lock.ts), and a batch taking the lock back at once (a few ms
 * later) would leave it waiting hold after hold until its 30 s ran out.
 */
export const YIELD_TO_WAITERS_MS = 1000;

/**
 * Whether another process waits for the lock `lockPath`: a waiter keeps its candidate `<lock>.<24 hex>.tmp`
 * beside it while it waits (lock.ts's acquire; ours is removed once we hold the lock).
 */
async function othersWait(lockPath: string): Promise<boolean> {
  return (await lockCandidates(lockPath)).length > 0;
}

export interface OpenOptions {
  /**
   * How new reports are written (`compress`): zstd (gzip where this Node.js has no zstd), gzip, or none (the
   * default: pytest-jux's `<hash>.xml`). Reports stored in any form are read whatever this says.
   */
  compress?: Compression;
  /** max_size and max_reports, applied after every hold of the lock that wrote a report (limits.ts). */
  limits?: StoreLimits;
  /** Hears the limits' warnings (near a limit, reports removed, queued reports alone above it). */
  onWarning?: (warning: LimitWarning) => void;
  /** Tests: awaited inside every write of index.json (measured with it), e.g. to make the writes slow. */
  onIndexWrite?: () => Promise<void>;
  /** Tests: how put and queueReport read the reports they are given (describeReport), e.g. to count the reads. */
  describe?: typeof describeReport;
}

/**
 * The local report store, laid out as upstream pytest-jux has it (layout.ts). Files are the truth; `index.json`
 * is a cache of their summaries, refreshed against the directories on every listing. Mutations hold
 * `<base>/.lock`. The verbs live in write.ts, read.ts, list.ts, remove.ts and quarantine.ts.
 */
export class ReportStore {
  private readonly layout: StoreLayout;
  private readonly context: StoreContext;
  private readonly limits: StoreLimits;
  private readonly onWarning: ((warning: LimitWarning) => void) | undefined;
  /** The outermost hold of the lock under way in this async call chain, and whether it wrote a report. */
  private readonly hold = new AsyncLocalStorage<{ wrote: boolean; ended: boolean }>();
  /** What opening the store repaired of interrupted writes; undefined when there were none or the lock was busy. */
  repaired?: Repair;

  private constructor(
    readonly base: string,
    options: OpenOptions,
  ) {
    this.layout = new StoreLayout(base);
    this.limits = options.limits ?? {};
    this.onWarning = options.onWarning;
    this.context = {
      layout: this.layout,
      index: new IndexFile(this.layout.indexPath, options.onIndexWrite),
      withLock: (fn, options) => this.withLock(fn, options),
      describe: options.describe ?? describeReport,
      compression: effectiveCompression(options.compress ?? "none"),
      noteWrite: () => {
        const hold = this.hold.getStore();
        if (hold && !hold.ended) hold.wrote = true;
      },
    };
  }

  /** How this store writes new reports here (`compress`, zstd falling back to gzip without zstd). */
  get compression(): Compression {
    return this.context.compression;
  }

  /**
   * Opens the store at `base`, creating its directories (mode 0700) and refusing existing ones others could
   * write into; then, if the lock is free, finishes or cleans what interrupted writes left (leftovers.ts).
   */
  static async open(base: string, options: OpenOptions = {}): Promise<ReportStore> {
    const store = new ReportStore(resolve(base), options);
    await ensurePrivateDirectory(store.base);
    for (const place of [...AREAS, "quarantine" as const]) await ensurePrivateDirectory(store.dir(place));
    store.repaired = await repairOnOpen(store);
    return store;
  }

  /** A report's file in an area. */
  path(area: Area, hash: string): string {
    return this.layout.path(area, hash);
  }

  /** How a report in an area is named to the user (`queue/<hash>.xml`). */
  id(area: Area, hash: string): string {
    return this.layout.id(area, hash);
  }

  /** A folder of the store (an area, or the quarantine): for callers that hand its files on, e.g. as an artifact. */
  dir(place: Place): string {
    return this.layout.dir(place);
  }

  /**
   * Runs `fn` holding `<base>/.lock`; a lock that stays busy is a StoreLockedError. This is also the store's
   * batch: every verb called inside `fn` (put, queueReport, remove, reject, quarantine, list...) shares one
   * load of index.json and one write of it when `fn` ends, so N changes under one hold cost O(N), not
   * O(N x the store's size). Hold it for a bounded stretch (others wait up to 30 s for the lock); a crash
   * meanwhile loses nothing: the files are written at once, and the index is rebuilt from them when stale.
   */
  withLock<T>(fn: () => Promise<T>, options?: LockOptions): Promise<T> {
    const { index } = this.context;
    return withFileLock(this.layout.lockPath, () => index.hold(() => this.limited(fn)), options).catch(
      (e: unknown) => {
        throw storeLockError(e);
      },
    );
  }

  /** Runs `fn`; when it is the outermost hold and wrote a report, applies the limits before the lock goes. */
  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    // Work a hold left running (not awaited) is not part of it once it ended: it holds the lock anew.
    if (this.hold.getStore()?.ended === false) return fn();
    const hold = { wrote: false, ended: false };
    let result: T;
    try {
      result = await this.hold.run(hold, fn);
    } finally {
      hold.ended = true;
    }
    if (hold.wrote) for (const w of await applyLimits(this.context, this.limits)) this.onWarning?.(w);
    return result;
  }

  /**
   * Applies max_size and max_reports now (as every write does): removes the oldest kept reports, never a queued or
   * rejected one, and returns the warnings (also given to onWarning).
   */
  async enforceLimits(): Promise<LimitWarning[]> {
    return this.withLock(async () => {
      await listing.list(this.context);
      const warnings = await applyLimits(this.context, this.limits);
      for (const w of warnings) this.onWarning?.(w);
      return warnings;
    });
  }

  /** What enforceLimits would remove now (hashes in reports/, oldest first), nothing removed; none without limits. */
  async rotationPlan(): Promise<RotationPlan | undefined> {
    if (this.limits.maxBytes === undefined && this.limits.maxReports === undefined) return undefined;
    await listing.list(this.context);
    return planRotation(await this.context.index.load(), this.limits);
  }

  /**
   * The store's batch API: calls `each` on every item in order, under holds of the lock of at least `holdMs`
   * (default 2 s) each, and at least HOLD_PER_WRITE times the last write of the index (batchHoldMs), so that N
   * changes cost O(N) (one index load and write per hold, see withLock) however large the store, while other
   * processes still get the lock between holds (a waiting one is let go first: YIELD_TO_WAITERS_MS). `each` should catch what concerns its item; an error it throws,
   * or the lock's (StoreLockedError), ends the batch and is thrown: the items `each` was not called on are not done.
   */
  async batch<T>(
    items: readonly T[],
    each: (item: T, index: number) => Promise<void>,
    options: { holdMs?: number } = {},
  ): Promise<void> {
    const minMs = options.holdMs ?? BATCH_HOLD_MS;
    const { index } = this.context;
    let next = 0;
    while (next < items.length) {
      if (next > 0 && (await othersWait(this.layout.lockPath)))
        await new Promise((done) => setTimeout(done, YIELD_TO_WAITERS_MS));
      await this.withLock(async () => {
        const until = Date.now() + batchHoldMs(minMs, index.lastWriteMs);
        do {
          const i = next++;
          await each(items[i]!, i);
        } while (next < items.length && Date.now() < until);
      });
    }
  }

  /**
   * Stores `xml` as `<area>/<hash>.xml` after reading it strictly and checking its canonical hash is `hash`.
   * `checked` (checkedReport: the caller's own strict read of this very Buffer, just done) saves that second
   * read; it is ignored for any other Buffer, bytes or hash, and the bytes are read as without it.
   */
  put(
    area: "reports" | "queue",
    xml: Buffer,
    hash: string,
    checked?: CheckedReport,
  ): Promise<{ entry: StoredEntry; created: boolean }> {
    return writing.put(this.context, area, xml, hash, checked);
  }

  /**
   * Cache mode's write: keeps the report in reports/ and queues it (read once; an intent under the lock makes
   * the next command finish a queueing a crash interrupted). Returns the queue entry.
   */
  queueReport(xml: Buffer, hash: string): Promise<{ entry: StoredEntry; created: boolean }> {
    return writing.queueReport(this.context, xml, hash);
  }

  /** The stored bytes, after checking they still are the report their name says; a damaged file is quarantined. */
  read(area: Area, hash: string): Promise<Buffer> {
    return reading.read(this.context, area, hash);
  }

  /** Re-reads a stored report with the strict reader; quarantines it (and says where) when it fails. */
  verifyEntry(area: Area, hash: string): Promise<reading.Verification> {
    return reading.verifyEntry(this.context, area, hash);
  }

  has(area: Area, hash: string): Promise<boolean> {
    return reading.has(this.context, area, hash);
  }

  remove(area: Area, hash: string): Promise<boolean> {
    return removing.remove(this.context, area, hash);
  }

  /** Moves queue/<hash>.xml to rejected/<hash>.xml, with the server's reason beside it. */
  reject(hash: string, rejection: Rejection): Promise<void> {
    return writing.reject(this.context, hash, rejection);
  }

  /** The reason a server gave for a rejected report. */
  rejection(hash: string): Promise<(Rejection & { at: string }) | undefined> {
    return readRejection(this.context, hash);
  }

  /** The entries of `area` (or all areas), oldest first, from the index after checking it against the files. */
  list(area?: Area): Promise<StoredEntry[]> {
    return listing.list(this.context, area);
  }

  /** Rebuilds index.json from the files of every area. */
  async rebuildIndex(): Promise<void> {
    await this.withLock(() => listing.refresh(this.context, AREAS));
  }

  /**
   * Re-reads every report of an area; quarantines those that are no longer the report their name says. Hashes in
   * `trusted` (stored by this process moments ago, after reading them) are not read again.
   */
  check(
    area: Area,
    trusted?: ReadonlySet<string>,
  ): Promise<{ good: StoredEntry[]; quarantined: (Quarantined & { movedTo: string })[] }> {
    return listing.check(this.context, area, trusted);
  }

  /** Moves `<area>/<hash>.xml` to quarantine/<hash>.<timestamp>.xml with `<...>.reason.json`; returns the new path. */
  async quarantine(area: Area, hash: string, reason: string): Promise<string> {
    const file = await reading.locate(this.context, area, hash);
    return quarantine(this.context, area, file?.name ?? reportFileName(hash), reason);
  }

  stats(now = new Date()): Promise<listing.StoreStats> {
    return listing.stats(this.context, now);
  }

  /** Removes reports (never the queue) stored more than `olderThanDays` ago, except the newest `keepLatest`. */
  clean(options: removing.CleanOptions): Promise<{ removed: StoredEntry[]; kept: number }> {
    return removing.clean(this.context, options);
  }

  /**
   * Rewrites every stored report in `to`, in batches of the lock; the reports, their hashes and ages are
   * unchanged. zstd on a Node.js without it is refused (StoreCodecError). Returns how many were rewritten.
   */
  async recompress(
    to: Compression,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ rewritten: number; unchanged: number }> {
    const entries = await this.list();
    let rewritten = 0;
    await this.batch(entries, async (entry, i) => {
      if (await recompressEntry(this.context, entry, to)) rewritten++;
      onProgress?.(i + 1, entries.length);
    });
    return { rewritten, unchanged: entries.length - rewritten };
  }

  /** Removes every queued report; returns how many there were. */
  clearQueue(): Promise<number> {
    return removing.clearQueue(this.context);
  }

  /** The entry whose hash starts with `prefix` (a "sha256:" in front is fine); reports/ before queue/ before rejected/. */
  findByPrefix(prefix: string): Promise<StoredEntry> {
    return listing.findByPrefix(this.context, prefix);
  }
}

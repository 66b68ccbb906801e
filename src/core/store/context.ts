/** What the store's verbs share: its layout, its index and its lock. */
import { StoreError } from "./errors.js";
import type { Compression } from "./codec.js";
import type { describeReport } from "./describe.js";
import { compressionOf, originalSizeOf, type IndexFile, type IndexRecord } from "./index-file.js";
import { parseReportName, type StoreLayout } from "./layout.js";
import type { LockOptions } from "../fs/lock.js";
import { HASH, type StoredEntry } from "./types.js";

export interface StoreContext {
  readonly layout: StoreLayout;
  readonly index: IndexFile;
  withLock<T>(fn: () => Promise<T>, options?: LockOptions): Promise<T>;
  /** How put and queueReport read a report they are given (describeReport; a test may count the reads). */
  readonly describe: typeof describeReport;
  /** How new reports are written (the `compress` option as this runtime can honour it). */
  readonly compression: Compression;
  /** Tells the hold of the lock under way that a report was written (the limits are applied when it ends). */
  noteWrite(): void;
}

export type FileInfo = { size: number; mtimeMs: number };

/** A report file as found: its size and time, and how it is stored (from its name). */
export type StoredFile = FileInfo & { compression: Compression };

/** Reading reports is CPU-bound; stat calls are not. */
export const READ_CONCURRENCY = 4;
export const STAT_CONCURRENCY = 64;

export function checkHash(hash: string): void {
  if (!HASH.test(hash)) throw new StoreError(`"${hash}" is not a canonical hash (64 lowercase hex digits)`);
}

/** Names of report files in a folder (`*.xml`, `*.xml.zst`, `*.xml.gz`; not hidden). */
export function isReportName(name: string): boolean {
  return parseReportName(name) !== undefined && !name.startsWith(".");
}

/** Whether the index's record still describes the file: same form, size and time. */
export function recordMatchesFile(record: IndexRecord | undefined, file: StoredFile): boolean {
  return (
    record !== undefined &&
    record.size === file.size &&
    record.mtimeMs === file.mtimeMs &&
    compressionOf(record) === file.compression
  );
}

export function entryOf(ctx: StoreContext, hash: string, r: IndexRecord): StoredEntry {
  const entry: StoredEntry = {
    hash,
    area: r.area,
    path: ctx.layout.path(r.area, hash, compressionOf(r)),
    size: r.size,
    compression: compressionOf(r),
    originalSize: originalSizeOf(r),
    storedAt: r.stored_at,
    tests: r.tests,
    failures: r.failures,
    errors: r.errors,
    skipped: r.skipped,
    passed: r.passed,
    time: r.time,
    signed: r.signed,
  };
  if (r.project !== undefined) entry.project = r.project;
  if (r.branch !== undefined) entry.branch = r.branch;
  if (r.commit !== undefined) entry.commit = r.commit;
  if (r.timestamp !== undefined) entry.timestamp = r.timestamp;
  return entry;
}

/** What the store's verbs share: its layout, its index and its lock. */
import { StoreError } from "./errors.js";
import type { describeReport } from "./describe.js";
import type { IndexFile, IndexRecord } from "./index-file.js";
import type { StoreLayout } from "./layout.js";
import type { LockOptions } from "../fs/lock.js";
import { HASH, type StoredEntry } from "./types.js";

export interface StoreContext {
  readonly layout: StoreLayout;
  readonly index: IndexFile;
  withLock<T>(fn: () => Promise<T>, options?: LockOptions): Promise<T>;
  /** How put and queueReport read a report they are given (describeReport; a test may count the reads). */
  readonly describe: typeof describeReport;
}

export type FileInfo = { size: number; mtimeMs: number };

/** Reading reports is CPU-bound; stat calls are not. */
export const READ_CONCURRENCY = 4;
export const STAT_CONCURRENCY = 64;

export function checkHash(hash: string): void {
  if (!HASH.test(hash)) throw new StoreError(`"${hash}" is not a canonical hash (64 lowercase hex digits)`);
}

/** Names of report files in a folder (`*.xml`, not hidden). */
export function isReportName(name: string): boolean {
  return name.endsWith(".xml") && !name.startsWith(".");
}

export function recordMatchesFile(record: IndexRecord | undefined, file: FileInfo): boolean {
  return record !== undefined && record.size === file.size && record.mtimeMs === file.mtimeMs;
}

export function entryOf(ctx: StoreContext, hash: string, r: IndexRecord): StoredEntry {
  const entry: StoredEntry = {
    hash,
    area: r.area,
    path: ctx.layout.path(r.area, hash),
    size: r.size,
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

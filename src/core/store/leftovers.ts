/**
 * What a killed writer leaves in the store, and how the next holder of the lock resolves it.
 *
 * Cache mode writes the report to `queue/.<hash>.queueing` (an intent) under the lock, links it as reports/ and
 * queue/<hash>.xml, and removes it (write.ts queueReport). Every other store write happens under the lock through
 * a temp file `.<name>.<12 hex>.tmp`. So, for the holder of the lock, an intent or a temp file older than its
 * lock is a leftover of a dead process: an intent without its queue entry is finished (the report re-queued
 * from reports/, from the intent itself when it is complete, or from a complete temp file), and temp files are
 * removed. A temp file in queue/ without its entry is an interrupted queue write of an older jux (before
 * intents): finished the same way.
 */
import { stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { errnoCode, errorMessage } from "../errors.js";
import { decodeSniffed } from "./codec.js";
import { describeReport } from "./describe.js";
import { StoreLockedError } from "./errors.js";
import { listNames, readStoreFile, removeFile } from "./files.js";
import { parseReportName } from "./layout.js";
import { abandonedCandidates } from "../fs/lock.js";
import type { ReportStore } from "./store.js";
import { HASH } from "./types.js";

const INTENT = /^\.([0-9a-f]{64})\.queueing$/;
/** A temp file of writeFileAtomic: `.<name>.<12 hex>.tmp` (the lock's own candidates have 24 hex digits). */
const TEMP = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;
/** Where store writes happen: the areas, quarantine/ and the base (index.json). */
const DIRECTORIES = ["queue", "reports", "rejected", "quarantine", "."];

export interface Repair {
  /** Hashes put back in the queue. */
  requeued: string[];
  /** Temp files and intents removed. */
  removed: number;
  /** Leftovers left alone (newer than the lock, or not removable), each with why. */
  unresolved: string[];
}

interface Found {
  dir: string;
  name: string;
  path: string;
  mtimeMs: number;
}

/** Every intent and temp file of the store (a lock candidate only when its writer is dead), with its time. */
export async function findLeftovers(base: string): Promise<Found[]> {
  const found: Found[] = [];
  for (const path of await abandonedCandidates(join(base, ".lock"))) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) found.push({ dir: ".", name: basename(path), path, mtimeMs: info.mtimeMs });
  }
  for (const dir of DIRECTORIES) {
    for (const name of await listNames(join(base, dir))) {
      if (!INTENT.test(name) && !TEMP.test(name)) continue;
      const path = join(base, dir, name);
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) found.push({ dir, name, path, mtimeMs: info.mtimeMs });
    }
  }
  return found;
}

/** The hash of the report file a temp file was to become (`.<hash>.xml[.zst|.gz].<12 hex>.tmp`). */
function tempReportHash(name: string): string | undefined {
  const stem = TEMP.exec(name)?.[1];
  return stem === undefined ? undefined : parseReportName(stem)?.stem;
}

/** The report `hash` from reports/ or from a complete file among `temps`; undefined when none is whole. */
async function recoverBytes(store: ReportStore, hash: string, temps: Found[]): Promise<Buffer | undefined> {
  if (await store.has("reports", hash)) {
    const kept = await store.read("reports", hash).catch(() => undefined);
    if (kept) return kept;
  }
  for (const t of temps) {
    const stored = await readStoreFile(t.path).catch(() => undefined);
    // Written in the store's form: compressed when it compresses.
    const bytes =
      stored &&
      (() => {
        try {
          return decodeSniffed(stored, t.path);
        } catch {
          return undefined;
        }
      })();
    if (!bytes) continue;
    const described = await describeReport(bytes, t.path).catch(() => undefined);
    if (described?.hash === hash) return bytes;
  }
  return undefined;
}

/** Which reports must end up queued (true: stored in cache mode, so also kept), from intents and queue temps. */
async function pending(store: ReportStore, found: Found[]): Promise<Map<string, boolean>> {
  const hashes = new Map<string, boolean>();
  for (const f of found) {
    const intent = INTENT.exec(f.name)?.[1];
    if (intent) hashes.set(intent, true);
    const hash = f.dir === "queue" ? tempReportHash(f.name) : undefined;
    if (hash && HASH.test(hash) && !hashes.has(hash) && !(await store.has("queue", hash)))
      hashes.set(hash, false);
  }
  return hashes;
}

/**
 * With the store's lock held since `lockedAtMs`: finishes the interrupted queue writes and removes the
 * leftovers older than the lock. Whatever is newer, or cannot be removed, is reported as unresolved.
 */
export async function repairLeftovers(store: ReportStore, lockedAtMs: number): Promise<Repair> {
  const repair: Repair = { requeued: [], removed: 0, unresolved: [] };
  const found = (await findLeftovers(store.base)).filter((f) => {
    if (f.mtimeMs < lockedAtMs) return true;
    repair.unresolved.push(`${f.path}: newer than the lock, may belong to a running writer`);
    return false;
  });
  const unqueued = new Set<string>();
  for (const [hash, kept] of await pending(store, found)) {
    if (await store.has("queue", hash)) continue;
    // An intent holds the whole report once its writer got past writing it (older intents are empty).
    const temps = found.filter((f) => tempReportHash(f.name) === hash || INTENT.exec(f.name)?.[1] === hash);
    const bytes = await recoverBytes(store, hash, temps);
    if (!bytes) continue;
    try {
      if (kept && !(await store.has("reports", hash))) await store.put("reports", bytes, hash);
      await store.put("queue", bytes, hash);
      repair.requeued.push(hash);
    } catch (e) {
      unqueued.add(hash);
      repair.unresolved.push(`${hash}: could not be re-queued: ${errorMessage(e)}`);
    }
  }
  for (const f of found) {
    // An intent whose report could not be queued stays, for the next command to try again.
    if (unqueued.has(INTENT.exec(f.name)?.[1] ?? "")) continue;
    try {
      if (await removeFile(f.path)) repair.removed++;
    } catch (e) {
      repair.unresolved.push(`${f.path}: ${errorMessage(e)}`);
    }
  }
  return repair;
}

/** Why a lock cannot be taken in a store that can still be read. */
const READ_ONLY = new Set(["EROFS", "EACCES", "EPERM"]);

/**
 * At open: when leftovers exist and the lock is free, repairs them. A live holder of the lock (it is writing)
 * or a store this user may only read is left as it is: the next command that gets the lock resolves it.
 */
export async function repairOnOpen(store: ReportStore): Promise<Repair | undefined> {
  if ((await findLeftovers(store.base)).length === 0) return undefined;
  try {
    return await store.withLock(() => repairLeftovers(store, Date.now()), { timeoutMs: 0 });
  } catch (e) {
    if (e instanceof StoreLockedError || READ_ONLY.has(errnoCode((e as Error).cause) ?? "")) return undefined;
    throw e;
  }
}

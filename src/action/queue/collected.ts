/** What collecting the offline queue found: the entries it restored, and the files it set aside. */
import type { ReportStore } from "../../core/store/store.js";
import type { Vet } from "../../core/publish/vet.js";
import type { Quarantined } from "../../core/store/types.js";

export type { Vet };

export interface QueueEntry {
  key: string;
  ref: string;
  /** The reports it held (moved into the store's queue). */
  hashes: string[];
  /** It held nothing but the names of entries it supersedes. */
  marker?: true;
  /** A pending artifact (its REST id), not a cache entry: `key` is then its name. */
  artifactId?: number;
  /** A pending artifact's expiry (ms since the epoch), when the listing said. */
  expiresAt?: number;
}

export interface Collected {
  /** Entries whose every file is now in the store's queue or set aside. */
  entries: QueueEntry[];
  /**
   * Entries a newer entry names as redundant, restored and collected all the same: an entry's own word is only a
   * hint (a poisoned entry could name genuine ones). Deleted by the same rule as the others.
   */
  superseded: QueueEntry[];
  /** Pending artifacts (the queue outside the cache) whose every file is now in the store's queue or set aside. */
  pending: QueueEntry[];
  /**
   * Pending artifacts an earlier run drained but could not delete (no actions: write), named by its markers
   * (names.ts drainedMarkerName): skipped, never downloaded again; a run with actions: write deletes them (ids),
   * then the markers.
   */
  marked: { pending: number[]; markers: number[] };
  /** The listed entries' last_accessed_at as the REST API gave it before this run restored them. */
  lastAccessed: string[];
  /** Whether the entries were listed through the REST API (not just the newest restored by prefix). */
  listed: boolean;
  reports: number;
  /** The original file names of the restored reports, as their entries recorded them (display only). */
  names: Map<string, string>;
  /** Files that failed their check, named `<entry key>/<file>`: never queued. */
  setAside: Quarantined[];
  /** What could not be done and its consequence, for the log and the summary. */
  notes: string[];
}

export function emptyCollected(): Collected {
  return {
    entries: [],
    superseded: [],
    pending: [],
    marked: { pending: [], markers: [] },
    lastAccessed: [],
    listed: false,
    reports: 0,
    names: new Map(),
    setAside: [],
    notes: [],
  };
}

export interface CollectOptions {
  prefix: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  token?: string;
  store: ReportStore;
  vet: Vet;
  /** Where files that fail their check are copied, for the quarantine artifact. */
  quarantineDir: string;
  /**
   * Runs `each` over an entry's files as batches of the store (its lock and index taken once per stretch, not
   * once per report: ReportStore.batch). Without it, one by one.
   */
  batch?: <T>(items: readonly T[], each: (item: T) => Promise<void>) => Promise<void>;
}

/** One by one, in order: what a batch does without the store's grouping. */
export async function oneByOne<T>(items: readonly T[], each: (item: T) => Promise<void>): Promise<void> {
  for (const item of items) await each(item);
}

/** What the emulated service has stored, and GitHub's rules for finding a cache entry. */

export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  /** The ref the entry belongs to (the scope of the token that wrote it). */
  ref: string;
  blob: string;
  /** Set by FinalizeCacheEntryUpload; until then the entry is only a reservation. */
  size?: number;
  createdAt: Date;
  lastAccessedAt: Date;
}

export interface Artifact {
  id: number;
  runId: number;
  runBackendId: string;
  jobBackendId: string;
  name: string;
  blob: string;
  expiresAt?: Date;
  createdAt: Date;
  /** Set by FinalizeArtifact. */
  size?: number;
  /** "sha256:<hex>" as the client sent it. */
  hash?: string;
}

export const isFinal = (e: { size?: number }): boolean => e.size !== undefined;

/** Newest first; ids break ties between entries made within the same millisecond. */
export const newestFirst = (a: CacheEntry, b: CacheEntry): number =>
  b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id;

/**
 * The one entry a restore gets, as on GitHub: in each readable scope in order (the job's ref, then the default
 * branch), the exact primary key, else the newest entry whose key starts with it, then each restore key the
 * same way. Only finalized entries of the same version count.
 */
export function findEntry(
  entries: readonly CacheEntry[],
  keys: readonly string[],
  version: string,
  scopes: readonly string[],
): CacheEntry | undefined {
  for (const scope of scopes) {
    const candidates = entries
      .filter((e) => isFinal(e) && e.ref === scope && e.version === version)
      .sort(newestFirst);
    for (const key of keys) {
      const hit = candidates.find((e) => e.key === key) ?? candidates.find((e) => e.key.startsWith(key));
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Deletes drained queue entries through the REST caches API (needs a github_token with actions: write). */
import { errorMessage } from "../../core/errors.js";
import type { QueueEntry } from "./collected.js";
import { GitHubCaches } from "./github-caches.js";

export interface Deleted {
  deleted: number;
  /** The entries that could not be deleted (from the first failure on), with why. */
  kept: QueueEntry[];
  reason?: string;
}

/** Deletes entries in order; stops at the first failure and returns the rest as kept. */
export async function deleteEntries(
  entries: QueueEntry[],
  token: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Deleted> {
  if (entries.length === 0) return { deleted: 0, kept: [] };
  if (!token) return { deleted: 0, kept: entries, reason: "no github_token; it needs actions: write" };
  const api = new GitHubCaches(token, env);
  let deleted = 0;
  try {
    for (const [i, e] of entries.entries()) {
      try {
        await api.delete(e.key, e.ref);
        deleted++;
      } catch (err) {
        return { deleted, kept: entries.slice(i), reason: errorMessage(err) };
      }
    }
    return { deleted, kept: [] };
  } finally {
    api.dispose();
  }
}

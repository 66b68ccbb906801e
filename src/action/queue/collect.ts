/** Collects the offline queue: restores the entries earlier runs left into the store's queue. */
import { readFile } from "node:fs/promises";
import * as cache from "@actions/cache";
import { errorMessage } from "../../core/errors.js";
import { emptyCollected, type Collected, type CollectOptions } from "./collected.js";
import { GitHubCaches, RestUnavailable, type CacheListing } from "./github-caches.js";
import { restoreEntry } from "./restore.js";

function visibleRefs(env: NodeJS.ProcessEnv, defaultBranch: string | undefined): Set<string> | undefined {
  if (!defaultBranch) return undefined;
  const refs = new Set([`refs/heads/${defaultBranch}`]);
  if (env.GITHUB_REF) refs.add(env.GITHUB_REF);
  if (env.GITHUB_BASE_REF) refs.add(`refs/heads/${env.GITHUB_BASE_REF}`);
  return refs;
}

async function defaultBranchOf(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, "utf8")) as {
      repository?: { default_branch?: string };
    };
    return event.repository?.default_branch;
  } catch {
    return undefined;
  }
}

const FALLBACK =
  "only the newest queue entry is collected this run; older ones wait for a run that can list them (for 7 days: the cache evicts entries unused that long)";

/** The entries visible to this run, newest first; undefined when they cannot be listed. */
async function listEntries(o: CollectOptions, notes: string[]): Promise<CacheListing[] | undefined> {
  if (!o.token) {
    notes.push(`no github_token: ${FALLBACK}`);
    return undefined;
  }
  const api = new GitHubCaches(o.token, o.env);
  try {
    const listed = await api.list(o.prefix);
    const refs = visibleRefs(o.env, await defaultBranchOf(o.env));
    return refs ? listed.filter((e) => refs.has(e.ref)) : listed;
  } catch (e) {
    if (!(e instanceof RestUnavailable)) throw e;
    notes.push(`${e.message}: ${FALLBACK}`);
    return undefined;
  } finally {
    api.dispose();
  }
}

/**
 * Collects the queue left by earlier runs: every entry the REST API lists (newest first, restored by its exact
 * key, also those a newer entry says it supersedes), or without that permission the newest entry by prefix.
 * Files that fail their check are set aside, never queued.
 */
export async function collectQueue(o: CollectOptions): Promise<Collected> {
  const got = emptyCollected();
  if (!cache.isFeatureAvailable()) {
    got.notes.push("the Actions cache is not available to this job: earlier runs' queue is not collected");
    return got;
  }
  const ref = o.env.GITHUB_REF ?? "";
  try {
    const listed = await listEntries(o, got.notes);
    got.listed = listed !== undefined;
    const skip = new Set<string>();
    let missed = 0;
    if (listed === undefined) await restoreEntry(o, { key: o.prefix, ref, exact: false }, got, skip);
    for (const e of listed ?? []) {
      if (e.last_accessed_at) got.lastAccessed.push(e.last_accessed_at);
      const wanted = { key: e.key, ref: e.ref, exact: true, hinted: skip.has(e.key) };
      if (!(await restoreEntry(o, wanted, got, skip))) missed++;
    }
    if (missed > 0)
      got.notes.push(
        `${missed} listed queue entr${missed === 1 ? "y" : "ies"} could not be restored (saved on another OS or without zstd?); they wait for a runner like the one that saved them`,
      );
  } catch (e) {
    got.notes.push(
      `collecting the queue failed (${errorMessage(e)}): earlier runs' reports wait for a later run`,
    );
  }
  return got;
}

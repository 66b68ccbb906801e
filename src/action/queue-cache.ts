import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as cache from "@actions/cache";
import * as core from "@actions/core";
import { errorMessage } from "../core/atomic-file.js";
import type { ReportStore } from "../core/store/store.js";
import { GitHubCaches, RestUnavailable, type CacheListing } from "./github-caches.js";

/**
 * Where a queue entry's files sit while saved or restored, relative to the workspace. @actions/cache versions an
 * entry by its literal paths, so this must never change (nor become absolute: workspaces differ between runners).
 */
export const STAGING = ".jux-action-queue";

export interface QueueEntry {
  key: string;
  ref?: string;
}

export interface SetAside {
  entry: string;
  file: string;
  reason: string;
}

export interface Collected {
  entries: QueueEntry[];
  reports: number;
  setAside: SetAside[];
  /** What could not be done and its consequence, for the log and the summary. */
  notes: string[];
}

/** Checks one restored file; returns its canonical hash, or why it must not be trusted. */
export type Vet = (xml: Buffer, source: string) => Promise<{ hash: string } | { problem: string }>;

const HASH_FILE = /^([0-9a-f]{64})\.xml$/;

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "_");
}

/** The prefix every queue entry of this repository starts with. */
export function queuePrefix(queueKey: string, env: NodeJS.ProcessEnv): string {
  return `${sanitize(queueKey)}-${sanitize(env.GITHUB_REPOSITORY ?? "repository")}-`;
}

/** A new entry's key: unique per repository, run, attempt and job (and step: the random part). */
export function newQueueKey(queueKey: string, env: NodeJS.ProcessEnv): string {
  const parts = [env.GITHUB_RUN_ID ?? "0", env.GITHUB_RUN_ATTEMPT ?? "1", env.GITHUB_JOB ?? "job"];
  return `${queuePrefix(queueKey, env)}${parts.map(sanitize).join("-")}-${randomBytes(4).toString("hex")}`;
}

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

async function emptyStaging(workspace: string): Promise<string> {
  const dir = join(workspace, STAGING);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
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
}

async function listEntries(o: CollectOptions, notes: string[]): Promise<CacheListing[] | undefined> {
  const fallback =
    "only the newest queue entry is collected this run; older ones wait for a run that can list them";
  if (!o.token) {
    notes.push(`no github_token: ${fallback}`);
    return undefined;
  }
  const api = new GitHubCaches(o.token, o.env);
  try {
    const listed = await api.list(o.prefix);
    const refs = visibleRefs(o.env, await defaultBranchOf(o.env));
    return refs ? listed.filter((e) => refs.has(e.ref)) : listed;
  } catch (e) {
    if (!(e instanceof RestUnavailable)) throw e;
    notes.push(`${e.message}: ${fallback}`);
    return undefined;
  } finally {
    api.dispose();
  }
}

/** Restores one entry into the staging directory and moves what passes its check into the store's queue. */
async function restoreEntry(o: CollectOptions, key: string, exact: boolean, got: Collected): Promise<void> {
  const staging = await emptyStaging(o.workspace);
  const matched = await cache.restoreCache([STAGING], key, exact ? [] : undefined);
  if (matched === undefined || (exact && matched !== key)) return;
  got.entries.push({ key: matched });
  for (const file of await readdir(staging)) {
    const source = `${matched}/${file}`;
    const bytes = await readFile(join(staging, file));
    const verdict = HASH_FILE.test(file)
      ? await o.vet(bytes, source)
      : { problem: "not a queued report (names are <canonical hash>.xml)" };
    const named = HASH_FILE.exec(file)?.[1];
    const problem =
      "problem" in verdict
        ? verdict.problem
        : verdict.hash !== named
          ? `its canonical hash is sha256:${verdict.hash}, not the sha256:${named} its name says (changed after it was queued)`
          : undefined;
    if (problem === undefined) {
      await o.store.put("queue", bytes, named!);
      got.reports++;
      continue;
    }
    await mkdir(join(o.quarantineDir, sanitize(matched)), { recursive: true, mode: 0o700 });
    await writeFile(join(o.quarantineDir, sanitize(matched), sanitize(file)), bytes, { mode: 0o600 });
    got.setAside.push({ entry: matched, file, reason: problem });
  }
}

/**
 * Collects the queue left by earlier runs: every entry the REST API lists (restored by its exact key), or
 * without that permission the newest entry by prefix. Files that fail their check are set aside, never queued.
 */
export async function collectQueue(o: CollectOptions): Promise<Collected> {
  const got: Collected = { entries: [], reports: 0, setAside: [], notes: [] };
  if (!cache.isFeatureAvailable()) {
    got.notes.push("the Actions cache is not available to this job: earlier runs' queue is not collected");
    return got;
  }
  try {
    const listed = await listEntries(o, got.notes);
    if (listed === undefined) await restoreEntry(o, o.prefix, false, got);
    else for (const entry of listed) await restoreEntry(o, entry.key, true, got);
    if (listed)
      for (const e of got.entries) e.ref = listed.find((l) => l.key === e.key)?.ref ?? o.env.GITHUB_REF;
  } catch (e) {
    got.notes.push(
      `collecting the queue failed (${errorMessage(e)}): earlier runs' reports wait for a later run`,
    );
  } finally {
    await rm(join(o.workspace, STAGING), { recursive: true, force: true });
  }
  return got;
}

export type Saved = { ok: true; key?: string; count: number } | { ok: false; reason: string; count: number };

/** Saves the store's queue as one new, immutable cache entry (nothing when the queue is empty). */
export async function saveQueue(store: ReportStore, workspace: string, key: string): Promise<Saved> {
  const queued = await store.list("queue");
  if (queued.length === 0) return { ok: true, count: 0 };
  if (!cache.isFeatureAvailable())
    return { ok: false, reason: "the Actions cache is not available to this job", count: queued.length };
  const staging = await emptyStaging(workspace);
  try {
    for (const e of queued)
      await writeFile(join(staging, `${e.hash}.xml`), await store.read("queue", e.hash));
    const id = await cache.saveCache([STAGING], key);
    if (id === -1)
      return {
        ok: false,
        reason:
          "the cache refused the entry (write denied for this event, a reservation race, or the cache service failed: see the warning above)",
        count: queued.length,
      };
    return { ok: true, key, count: queued.length };
  } catch (e) {
    return { ok: false, reason: errorMessage(e), count: queued.length };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Deletes the restored entries whose reports are all published, refused or saved again; returns a note on failure. */
export async function deleteDrained(
  entries: QueueEntry[],
  token: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ deleted: number; note?: string }> {
  if (entries.length === 0) return { deleted: 0 };
  const consequence = `${entries.length} drained queue entr${entries.length === 1 ? "y stays" : "ies stay"} in the cache until evicted (7 days unused); later runs will find their reports already published`;
  if (!token) return { deleted: 0, note: `no github_token to delete them: ${consequence}` };
  const api = new GitHubCaches(token, env);
  let deleted = 0;
  try {
    for (const e of entries) if (await api.delete(e.key, e.ref ?? env.GITHUB_REF ?? "")) deleted++;
    return { deleted };
  } catch (e) {
    core.debug(`delete: ${errorMessage(e)}`);
    return { deleted, note: `${errorMessage(e)}: ${consequence}` };
  } finally {
    api.dispose();
  }
}

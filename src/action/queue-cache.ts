import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as cache from "@actions/cache";
import { errorMessage } from "../core/errors.js";
import type { ReportStore } from "../core/store/store.js";
import { GitHubCaches, RestUnavailable, type CacheListing } from "./github-caches.js";
import { NAMES, sanitize, STAGING, SUPERSEDES } from "./queue/layout.js";
import { restoreEntry } from "./queue/restore.js";

export { STAGING } from "./queue/layout.js";

export interface QueueEntry {
  key: string;
  ref: string;
  /** The reports it held (moved into the store's queue). */
  hashes: string[];
  /** It held nothing but the names of entries it supersedes. */
  marker?: true;
}

export interface SetAside {
  entry: string;
  file: string;
  reason: string;
}

export interface Collected {
  /** Entries whose every file is now in the store's queue or set aside. */
  entries: QueueEntry[];
  /**
   * Entries a newer entry names as redundant, restored and collected all the same: an entry's own word is only a
   * hint (a poisoned entry could name genuine ones). Deleted by the same rule as the others.
   */
  superseded: QueueEntry[];
  /** Whether the entries were listed through the REST API (not just the newest restored by prefix). */
  listed: boolean;
  reports: number;
  /** The original file names of the restored reports, as their entries recorded them (display only). */
  names: Map<string, string>;
  setAside: SetAside[];
  /** What could not be done and its consequence, for the log and the summary. */
  notes: string[];
}

/** Checks one restored file; returns its canonical hash, or why it must not be trusted. */
export type Vet = (xml: Buffer, source: string) => Promise<{ hash: string } | { problem: string }>;

/** Eight hex digits naming the Jux API a queue is for (scheme, host, port and path; case and a final / ignored). */
function serverTag(apiUrl: string): string {
  const url = new URL(apiUrl);
  const normal = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`.toLowerCase();
  return createHash("sha256").update(normal).digest("hex").slice(0, 8);
}

/**
 * The prefix every queue entry of this repository and Jux API starts with: a workflow or branch publishing to
 * another server (staging, say) never drains this server's queue.
 */
export function queuePrefix(queueKey: string, apiUrl: string, env: NodeJS.ProcessEnv): string {
  return `${sanitize(queueKey)}-${sanitize(env.GITHUB_REPOSITORY ?? "repository")}-${serverTag(apiUrl)}-`;
}

/** A new entry's key under prefix: unique per run, attempt and job (and step: the random part). */
export function newQueueKey(prefix: string, env: NodeJS.ProcessEnv): string {
  const parts = [env.GITHUB_RUN_ID ?? "0", env.GITHUB_RUN_ATTEMPT ?? "1", env.GITHUB_JOB ?? "job"];
  return `${prefix}${parts.map(sanitize).join("-")}-${randomBytes(4).toString("hex")}`;
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
  const got: Collected = {
    entries: [],
    superseded: [],
    listed: false,
    reports: 0,
    names: new Map(),
    setAside: [],
    notes: [],
  };
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

/**
 * The entries collected this run that may go: those whose reports all left the queue, and (when this run saved
 * the rest under its own ref) those of its own ref. An entry of another ref with reports still queued stays:
 * runs of that ref could not see this run's entry. An entry never goes on another entry's word alone.
 */
export function redundantEntries(
  c: Collected,
  stillQueued: Set<string>,
  ref: string,
  savedHere: boolean,
): QueueEntry[] {
  return [...c.superseded, ...c.entries].filter(
    (e) => e.hashes.every((h) => !stillQueued.has(h)) || (savedHere && e.ref === ref),
  );
}

/** Reports that only entries named as redundant held: a duplicate of one of them is no news. */
export function recheckedOnly(c: Collected): Set<string> {
  const elsewhere = new Set(c.entries.flatMap((e) => e.hashes));
  return new Set(c.superseded.flatMap((e) => e.hashes).filter((h) => !elsewhere.has(h)));
}

export type Saved = { ok: true; key: string } | { ok: false; reason: string };

/** Saves files as one new, immutable cache entry, with the keys it supersedes. */
export async function saveEntry(
  workspace: string,
  key: string,
  reports: { hash: string; xml: Buffer; name?: string }[],
  supersedes: string[],
): Promise<Saved> {
  if (!cache.isFeatureAvailable())
    return { ok: false, reason: "the Actions cache is not available to this job" };
  const staging = await emptyStaging(workspace);
  try {
    for (const r of reports) await writeFile(join(staging, `${r.hash}.xml`), r.xml);
    if (supersedes.length > 0) await writeFile(join(staging, SUPERSEDES), JSON.stringify(supersedes));
    const names = Object.fromEntries(reports.filter((r) => r.name).map((r) => [r.hash, r.name]));
    if (Object.keys(names).length > 0) await writeFile(join(staging, NAMES), JSON.stringify(names));
    const id = await cache.saveCache([STAGING], key);
    if (id === -1)
      return {
        ok: false,
        reason:
          "the cache refused the entry: write denied for this event, a reservation race, or a service failure (see the log above)",
      };
    return { ok: true, key };
  } catch (e) {
    return { ok: false, reason: errorMessage(e) };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Deletes entries through the REST API; returns the ones that could not be deleted, with why. */
export async function deleteEntries(
  entries: QueueEntry[],
  token: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ deleted: number; kept: QueueEntry[]; reason?: string }> {
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

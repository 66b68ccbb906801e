import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, open, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as cache from "@actions/cache";
import { errorMessage } from "../core/atomic-file.js";
import type { ReportStore } from "../core/store/store.js";
import { GitHubCaches, RestUnavailable, type CacheListing } from "./github-caches.js";

/**
 * Where a queue entry's files sit while saved or restored, relative to the workspace. @actions/cache versions an
 * entry by its literal paths, so this must never change (nor become absolute: workspaces differ between runners).
 */
export const STAGING = ".jux-action-queue";

/** In an entry: the keys of older entries it makes redundant (their reports are in it, or acknowledged). */
const SUPERSEDES = "supersedes.json";
/** In an entry: what the reports were called where they came from (hash → file), for the summary only. */
const NAMES = "names.json";

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
  /** Entries a newer one records as redundant: not restored, and safe to delete. */
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

const HASH_FILE = /^([0-9a-f]{64})\.xml$/;

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "_");
}

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

/** Reads a regular file without following a link (an entry's files are untrusted). */
async function readRegular(path: string): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function setAside(
  o: CollectOptions,
  got: Collected,
  entry: string,
  file: string,
  reason: string,
  bytes?: Buffer,
) {
  if (bytes) {
    const dir = join(o.quarantineDir, sanitize(entry));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(join(dir, sanitize(file)), bytes, { mode: 0o600 });
  }
  got.setAside.push({ entry, file, reason });
}

async function problemOf(
  o: CollectOptions,
  bytes: Buffer,
  source: string,
  named: string,
): Promise<string | undefined> {
  const verdict = await o.vet(bytes, source);
  if ("problem" in verdict) return verdict.problem;
  if (verdict.hash !== named)
    return `its canonical hash is sha256:${verdict.hash}, not the sha256:${named} its name says (changed after it was queued)`;
  return undefined;
}

/**
 * Restores one entry into the staging directory and moves what passes its check into the store's queue. Only
 * regular files are read; anything else is set aside by name. The entry counts as collected only when every
 * file was dealt with, so a failure half-way never lets it be deleted.
 */
async function restoreEntry(
  o: CollectOptions,
  wanted: { key: string; ref: string; exact: boolean },
  got: Collected,
  skip: Set<string>,
): Promise<boolean> {
  const staging = await emptyStaging(o.workspace);
  const matched = await cache.restoreCache([STAGING], wanted.key, wanted.exact ? [] : undefined);
  if (matched === undefined || (wanted.exact && matched !== wanted.key)) return false;
  const entry: QueueEntry = { key: matched, ref: wanted.ref, hashes: [] };
  let complete = true;
  let others = 0;
  for (const file of await readdir(staging, { withFileTypes: true })) {
    const source = `${matched}/${file.name}`;
    if (file.name !== SUPERSEDES && file.name !== NAMES) others++;
    try {
      if (!file.isFile()) {
        await setAside(o, got, matched, file.name, "not a regular file (a link or a directory): not read");
        continue;
      }
      const bytes = await readRegular(join(staging, file.name));
      if (file.name === SUPERSEDES) {
        for (const key of JSON.parse(bytes.toString("utf8")) as unknown[])
          if (typeof key === "string") skip.add(key);
        continue;
      }
      if (file.name === NAMES) {
        const names = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
        for (const [hash, name] of Object.entries(names))
          if (HASH_FILE.test(`${hash}.xml`) && typeof name === "string")
            got.names.set(hash, name.slice(0, 300));
        continue;
      }
      const named = HASH_FILE.exec(file.name)?.[1];
      const problem = named
        ? await problemOf(o, bytes, source, named)
        : "not a queued report (names are <canonical hash>.xml)";
      if (problem !== undefined) await setAside(o, got, matched, file.name, problem, bytes);
      else {
        await o.store.put("queue", bytes, named!);
        entry.hashes.push(named!);
        got.reports++;
      }
    } catch (e) {
      complete = false;
      got.notes.push(
        `${source} could not be collected (${errorMessage(e)}); its entry is kept for a later run`,
      );
    }
  }
  if (complete) got.entries.push(others === 0 ? { ...entry, marker: true } : entry);
  return true;
}

/**
 * Collects the queue left by earlier runs: every entry the REST API lists (newest first, restored by its exact
 * key, skipping the ones a newer entry supersedes), or without that permission the newest entry by prefix.
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
      if (skip.has(e.key)) got.superseded.push({ key: e.key, ref: e.ref, hashes: [] });
      else if (!(await restoreEntry(o, { key: e.key, ref: e.ref, exact: true }, got, skip))) missed++;
    }
    if (missed > 0)
      got.notes.push(
        `${missed} listed queue entr${missed === 1 ? "y" : "ies"} could not be restored (saved on another OS or without zstd?); they wait for a runner like the one that saved them`,
      );
  } catch (e) {
    got.notes.push(
      `collecting the queue failed (${errorMessage(e)}): earlier runs' reports wait for a later run`,
    );
  } finally {
    await rm(join(o.workspace, STAGING), { recursive: true, force: true });
  }
  return got;
}

/**
 * The restored entries that may go: those superseded by a newer entry, those whose reports all left the
 * queue, and (when this run saved the rest under its own ref) those of its own ref. An entry of another ref
 * with reports still queued stays: runs of that ref could not see this run's entry.
 */
export function redundantEntries(
  c: Collected,
  stillQueued: Set<string>,
  ref: string,
  savedHere: boolean,
): QueueEntry[] {
  return [
    ...c.superseded,
    ...c.entries.filter((e) => e.hashes.every((h) => !stillQueued.has(h)) || (savedHere && e.ref === ref)),
  ];
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

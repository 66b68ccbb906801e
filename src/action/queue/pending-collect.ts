/**
 * Collects and deletes pending artifacts: the repository's artifacts listed through the REST API (newest first,
 * bounded per run), those of this server's prefix downloaded and read as hostile zips (core/github/), every
 * report checked as a cache entry's are before it joins the store's queue.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorMessage } from "../../core/errors.js";
import { deleteArtifact, downloadZip, type ListedArtifact } from "../../core/github/artifacts.js";
import { markedId } from "../../core/github/names.js";
import { listPending, MAX_PENDING_ZIP_BYTES, PENDING_ZIP_LIMITS } from "../../core/github/pending.js";
import { apiUrlOf, REST_TIMEOUT_MS, type Rest } from "../../core/github/rest.js";
import { ArtifactRefused, extractReports } from "../../core/github/unzip.js";
import type { Collected, CollectOptions, QueueEntry } from "./collected.js";
import type { PendingNaming } from "./pending-artifact.js";
import { collectFiles } from "./restore.js";

/** Pending artifacts collected per run at most (the newest): the rest wait for the next run. */
export const PENDING_PER_RUN = 20;
export function restFor(env: NodeJS.ProcessEnv, token: string): Rest {
  return { api: apiUrlOf(env), repository: env.GITHUB_REPOSITORY ?? "", token, timeoutMs: REST_TIMEOUT_MS };
}

/** Downloads, checks and queues one pending artifact; a refused zip is noted and the artifact left alone. */
async function collectOne(o: CollectOptions, rest: Rest, a: ListedArtifact, got: Collected): Promise<void> {
  const dir = await mkdtemp(join(o.env.RUNNER_TEMP || tmpdir(), "jux-pending-in-"));
  try {
    const zip = join(dir, "artifact.zip");
    await downloadZip(rest, a, zip, MAX_PENDING_ZIP_BYTES);
    const root = join(dir, "files");
    let files: string[];
    try {
      files = (await extractReports(zip, root, PENDING_ZIP_LIMITS, `pending artifact ${a.name}`)).files.map(
        (f) => f.name,
      );
    } catch (e) {
      if (!(e instanceof ArtifactRefused)) throw e;
      got.setAside.push({ name: a.name, reason: e.message });
      got.notes.push(`${e.message}; it is left as it is (delete it by hand once inspected)`);
      return;
    }
    const entry: QueueEntry = {
      key: a.name,
      ref: "",
      hashes: [],
      artifactId: a.id,
      ...(a.expiresAt !== undefined ? { expiresAt: a.expiresAt } : {}),
    };
    await collectFiles(o, root, { files, setAside: [] }, entry, got, new Set(), got.pending);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Markers and marked pending artifacts deleted per run at most. */
const MARKED_PER_RUN = 100;

/**
 * Splits a listing into the pending artifacts to collect (newest first, at most PENDING_PER_RUN, those a marker
 * names left out: drained already) and the marks (what a run with actions: write deletes). Only the repository's
 * own runs' artifacts are listed (listPending), markers included: a fork cannot hide a pending artifact.
 */
export function splitMarked(
  listed: ListedArtifact[],
  naming: Pick<PendingNaming, "prefix" | "drained">,
): { collect: ListedArtifact[]; more: number; marked: Collected["marked"] } {
  const named = new Set<number>();
  const markers: number[] = [];
  for (const a of listed) {
    const id = markedId(naming.drained, a.name);
    if (id === undefined) continue;
    named.add(id);
    markers.push(a.id);
  }
  const pending = listed.filter((a) => a.name.startsWith(naming.prefix));
  const open = pending.filter((a) => !named.has(a.id));
  const marked = pending.filter((a) => named.has(a.id)).map((a) => a.id);
  return {
    collect: open.slice(0, PENDING_PER_RUN),
    more: Math.max(0, open.length - PENDING_PER_RUN),
    marked: { pending: marked.slice(0, MARKED_PER_RUN), markers: markers.slice(0, MARKED_PER_RUN) },
  };
}

/** Collects this server's pending artifacts (needs github_token with actions: read) into the store's queue. */
export async function collectPending(
  o: CollectOptions,
  naming: Pick<PendingNaming, "prefix" | "drained">,
  got: Collected,
): Promise<void> {
  if (!o.token) {
    got.notes.push("no github_token: pending artifacts (the queue outside the cache) are not collected");
    return;
  }
  const rest = restFor(o.env, o.token);
  let listed: ReturnType<typeof splitMarked>;
  try {
    const all = await listPending(
      rest,
      (name) => name.startsWith(naming.prefix) || markedId(naming.drained, name) !== undefined,
      Number.MAX_SAFE_INTEGER,
    );
    listed = splitMarked(all.artifacts, naming);
    got.marked = listed.marked;
  } catch (e) {
    got.notes.push(`pending artifacts are not collected: ${errorMessage(e)}`);
    return;
  }
  for (const a of listed.collect) {
    try {
      await collectOne(o, rest, a, got);
    } catch (e) {
      got.notes.push(
        `pending artifact ${a.name} could not be collected (${errorMessage(e)}); a later run tries again`,
      );
    }
  }
  if (listed.more > 0)
    got.notes.push(
      `${listed.more} older pending artifact(s) wait for a later run (${PENDING_PER_RUN} per run)`,
    );
}

/** Deletes pending artifacts through the REST API (actions: write); stops at the first refusal. */
export async function deletePending(
  entries: QueueEntry[],
  token: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ deleted: number; kept: QueueEntry[]; reason?: string }> {
  if (entries.length === 0) return { deleted: 0, kept: [] };
  if (!token) return { deleted: 0, kept: entries, reason: "no github_token; it needs actions: write" };
  const rest = restFor(env, token);
  for (const [i, e] of entries.entries()) {
    const done = await deleteArtifact(rest, e.artifactId!);
    if (!done.ok)
      return {
        deleted: i,
        kept: entries.slice(i),
        reason: `the artifacts API answered ${done.problem} (github_token needs actions: write)`,
      };
  }
  return { deleted: entries.length, kept: [] };
}

/**
 * Deletes pending artifacts that earlier runs drained and marked, then their markers (a marker only once what it
 * names is gone). Stops at the first refusal (no actions: write): they wait for a run that has it.
 */
export async function deleteMarked(
  marked: Collected["marked"],
  token: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ deleted: number; reason?: string }> {
  const ids = [...marked.pending, ...marked.markers];
  if (ids.length === 0 || !token) return { deleted: 0 };
  const rest = restFor(env, token);
  for (const [i, id] of ids.entries()) {
    const done = await deleteArtifact(rest, id);
    if (!done.ok)
      return {
        deleted: i,
        reason: `the artifacts API answered ${done.problem} (github_token needs actions: write)`,
      };
  }
  return { deleted: ids.length };
}

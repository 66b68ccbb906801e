/**
 * The queue outside the cache: reports the Actions cache could not hold wait in workflow artifacts named
 * `<artifact_name>-pending-<server>-<job>-attempt<N>` (`<server>` the queue key's tag of api_url), which later
 * runs list through the REST artifacts API (by prefix: GitHub's name filter is an exact match), publish and delete.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorMessage } from "../../core/errors.js";
import { artifactBaseName, uploadFiles, type UploadResult } from "../artifact.js";
import { drainedMarkerName, drainedPrefix, pendingPrefix, serverTag } from "../../core/github/names.js";
import { NAMES } from "./layout.js";
import type { QueueEntry } from "./collected.js";
import type { ToSave } from "./save.js";

/** The longest retention GitHub allows an artifact; the repository's setting may be shorter. */
const MAX_RETENTION_DAYS = 90;

/** What names this repository's and server's pending artifacts, and how long they are kept. */
export interface PendingNaming {
  /** Every pending artifact for this api_url starts with it (and no other server's does). */
  prefix: string;
  /** This job's pending artifact. */
  name: string;
  /** Every marker of a drained pending artifact (names.ts drainedMarkerName) for this api_url starts with it. */
  drained: string;
  retentionDays: number;
}

/** min(90, the repository's artifact retention as the runner gives it in GITHUB_RETENTION_DAYS). */
export function pendingRetention(env: NodeJS.ProcessEnv): number {
  const repository = Number(env.GITHUB_RETENTION_DAYS);
  return Number.isSafeInteger(repository) && repository > 0
    ? Math.min(MAX_RETENTION_DAYS, repository)
    : MAX_RETENTION_DAYS;
}

export function pendingNaming(artifactName: string, apiUrl: string, env: NodeJS.ProcessEnv): PendingNaming {
  const tag = serverTag(apiUrl);
  return {
    prefix: pendingPrefix(artifactName, apiUrl),
    drained: drainedPrefix(artifactName, apiUrl),
    name: artifactBaseName(artifactName, env, `-pending-${tag}`),
    retentionDays: pendingRetention(env),
  };
}

type Upload = typeof uploadFiles;

/**
 * Uploads the reports (`<canonical hash>.xml`, as a queue entry holds them, and `names.json`) as this job's
 * pending artifact. Never throws for the service: a failure comes back as a reason.
 */
export async function uploadPending(
  naming: PendingNaming,
  reports: ToSave[],
  env: NodeJS.ProcessEnv,
  upload: Upload = uploadFiles,
): Promise<UploadResult> {
  const dir = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), "jux-pending-"));
  try {
    const files: string[] = [];
    // One at a time: each report is read from the store as it is written, never all in memory.
    for (const r of reports) {
      const file = join(dir, `${r.hash}.xml`);
      await writeFile(file, await r.xml(), { mode: 0o600 });
      files.push(file);
    }
    const names = Object.fromEntries(reports.filter((r) => r.name).map((r) => [r.hash, r.name]));
    if (Object.keys(names).length > 0) {
      await writeFile(join(dir, NAMES), JSON.stringify(names), { mode: 0o600 });
      files.push(join(dir, NAMES));
    }
    return await upload(naming.name, files, dir, env, naming.retentionDays);
  } catch (e) {
    return { ok: false, reason: errorMessage(e) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const DAY_MS = 86_400_000;

/** A marker's retention in days: never past its pending artifact's expiry (when listed), at least one day. */
export function markerRetention(naming: PendingNaming, expiresAt: number | undefined, now: number): number {
  if (expiresAt === undefined) return naming.retentionDays;
  return Math.max(1, Math.min(naming.retentionDays, Math.floor((expiresAt - now) / DAY_MS)));
}

/**
 * Marks drained pending artifacts that could not be deleted (no actions: write; an upload needs none): one tiny
 * artifact each, named drainedMarkerName, which later runs' listing honours (they skip what it names) and a run with
 * actions: write deletes with it. The caller passes only artifacts whose every report was acknowledged or refused
 * for good: a marker is a hint that saves downloads, never where a report waits. Returns how many were marked
 * and the first problem.
 */
export async function markDrained(
  naming: PendingNaming,
  drained: QueueEntry[],
  env: NodeJS.ProcessEnv,
  upload: Upload = uploadFiles,
): Promise<{ marked: number; problem?: string }> {
  let marked = 0;
  let problem: string | undefined;
  const dir = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), "jux-drained-"));
  try {
    const file = join(dir, "drained.txt");
    for (const e of drained) {
      if (e.artifactId === undefined) continue;
      await writeFile(file, `pending artifact ${e.artifactId} (${e.key}) was drained; delete both\n`, {
        mode: 0o600,
      });
      const name = drainedMarkerName(naming.drained, e.artifactId);
      const done = await upload(name, [file], dir, env, markerRetention(naming, e.expiresAt, Date.now()));
      if (done.ok) marked++;
      else problem ??= `${name}: ${done.reason}`;
    }
  } catch (e) {
    problem ??= errorMessage(e);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { marked, ...(problem ? { problem } : {}) };
}

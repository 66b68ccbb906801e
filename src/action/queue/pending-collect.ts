/**
 * Collects and deletes pending artifacts: the repository's artifacts listed through the REST API (newest first,
 * bounded per run), those of this server's prefix downloaded and read as hostile zips (fork/download.ts and
 * fork/unzip.ts), every report checked as a cache entry's are before it joins the store's queue.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorMessage } from "../../core/errors.js";
import { exchange } from "../../core/publish/exchange.js";
import { artifactOf, downloadZip, type ListedArtifact } from "../fork/download.js";
import { getJson, headers, record, type Rest } from "../fork/github-rest.js";
import { ArtifactRefused, extractReports } from "../fork/unzip.js";
import type { Collected, CollectOptions, QueueEntry } from "./collected.js";
import { QUEUE_ARCHIVE_LIMITS } from "./extract.js";
import { collectFiles } from "./restore.js";

/** Pending artifacts collected per run at most (the newest): the rest wait for the next run. */
export const PENDING_PER_RUN = 20;
/** Pages of 100 of the repository's artifacts looked through at most. */
const MAX_PAGES = 10;
/** A pending artifact's zip, downloaded, at most. */
const MAX_ZIP_BYTES = 1024 ** 3;
const TIMEOUT_MS = 30_000;

export function restFor(env: NodeJS.ProcessEnv, token: string): Rest {
  const api = (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
  return { api, repository: env.GITHUB_REPOSITORY ?? "", token, timeoutMs: TIMEOUT_MS };
}

/**
 * Whether the artifact was made by a run of this repository's own code: a fork's pull-request run uploads into
 * the same list and could name artifacts with the prefix (it is in public logs) to crowd out the real ones.
 */
function ofThisRepository(item: unknown): boolean {
  const run = record(record(item)?.workflow_run);
  const repository = run?.repository_id;
  return typeof repository === "number" && run?.head_repository_id === repository;
}

/**
 * The repository's unexpired artifacts whose name starts with prefix, newest first, at most `max`; `more` counts
 * those left for a later run. Throws a message when the API cannot be read.
 */
export async function listPending(
  rest: Rest,
  prefix: string,
  max = PENDING_PER_RUN,
): Promise<{ artifacts: ListedArtifact[]; more: number }> {
  const found: ListedArtifact[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await getJson(rest, `actions/artifacts?per_page=100&page=${page}`);
    if (!answer.ok)
      throw new Error(
        `the repository's artifacts could not be listed (${answer.problem}): give the job \`actions: read\``,
      );
    const list = record(answer.body)?.artifacts;
    if (!Array.isArray(list)) throw new Error("the REST API's list of artifacts has no list");
    for (const item of list) {
      const a = artifactOf(item);
      if (typeof a !== "string" && !a.expired && a.name.startsWith(prefix) && ofThisRepository(item))
        found.push(a);
    }
    if (list.length < 100) break;
  }
  // Ids grow with time: newest first whatever order the pages came in.
  found.sort((a, b) => b.id - a.id);
  return { artifacts: found.slice(0, max), more: Math.max(0, found.length - max) };
}

/** Downloads, checks and queues one pending artifact; a refused zip is noted and the artifact left alone. */
async function collectOne(o: CollectOptions, rest: Rest, a: ListedArtifact, got: Collected): Promise<void> {
  const dir = await mkdtemp(join(o.env.RUNNER_TEMP || tmpdir(), "jux-pending-in-"));
  try {
    const zip = join(dir, "artifact.zip");
    await downloadZip(rest, a, zip, MAX_ZIP_BYTES);
    const root = join(dir, "files");
    let files: string[];
    try {
      const limits = {
        // As many reports as a cache entry may hold, and names.json.
        maxEntries: QUEUE_ARCHIVE_LIMITS.members + 1,
        maxFileBytes: QUEUE_ARCHIVE_LIMITS.memberBytes,
        maxTotalBytes: QUEUE_ARCHIVE_LIMITS.totalBytes,
      };
      files = (await extractReports(zip, root, limits, `pending artifact ${a.name}`)).files.map(
        (f) => f.name,
      );
    } catch (e) {
      if (!(e instanceof ArtifactRefused)) throw e;
      got.setAside.push({ name: a.name, reason: e.message });
      got.notes.push(`${e.message}; it is left as it is (delete it by hand once inspected)`);
      return;
    }
    const entry: QueueEntry = { key: a.name, ref: "", hashes: [], artifactId: a.id };
    await collectFiles(o, root, { files, setAside: [] }, entry, got, new Set(), got.pending);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Collects this server's pending artifacts (needs github_token with actions: read) into the store's queue. */
export async function collectPending(o: CollectOptions, prefix: string, got: Collected): Promise<void> {
  if (!o.token) {
    got.notes.push("no github_token: pending artifacts (the queue outside the cache) are not collected");
    return;
  }
  const rest = restFor(o.env, o.token);
  let listed: Awaited<ReturnType<typeof listPending>>;
  try {
    listed = await listPending(rest, prefix);
  } catch (e) {
    got.notes.push(`pending artifacts are not collected: ${errorMessage(e)}`);
    return;
  }
  for (const a of listed.artifacts) {
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
    const answer = await exchange({
      method: "DELETE",
      url: `${rest.api}/repos/${rest.repository}/actions/artifacts/${e.artifactId}`,
      headers: headers(rest),
      timeoutMs: rest.timeoutMs,
      maxBytes: 64 * 1024,
    });
    const status = "failed" in answer ? undefined : answer.status;
    // 404: gone already (another job drained it first).
    if (status !== 204 && status !== 200 && status !== 404) {
      const why = "failed" in answer ? answer.failed : `HTTP ${status}`;
      return {
        deleted: i,
        kept: entries.slice(i),
        reason: `the artifacts API answered ${why} (github_token needs actions: write)`,
      };
    }
  }
  return { deleted: entries.length, kept: [] };
}

/**
 * The queue outside the cache, as both its readers see it (the action's post step and `jux cache push
 * --from-artifacts`): the repository's pending artifacts of one prefix listed through the REST API, and the
 * limits within which one is downloaded and read.
 */
import { DEFAULT_LIMITS } from "../xml/reader.js";
import { artifactOf, type ListedArtifact } from "./artifacts.js";
import { getJson, record, type Rest } from "./rest.js";
import type { ZipLimits } from "./unzip.js";

/** In a pending artifact (and a queue entry): what the reports were called where they came from (hash → file). */
export const NAMES = "names.json";
/** In a pending artifact (and a queue entry): one queued report, named by its canonical hash. */
export const HASH_FILE = /^([0-9a-f]{64})\.xml$/;

/** Pages of 100 of the repository's artifacts looked through at most. */
const MAX_PAGES = 10;
/** A pending artifact's zip, downloaded, at most. */
export const MAX_PENDING_ZIP_BYTES = 1024 ** 3;

/**
 * A pending artifact may hold as much as a cache entry of the queue (QUEUE_ARCHIVE_LIMITS: 100 000 reports, each
 * at most the strict reader's limit, twice that in all) and its names.json.
 */
export const PENDING_ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000 + 1,
  maxFileBytes: Math.min(DEFAULT_LIMITS.maxBytes, 2 ** 31 - 1),
  maxTotalBytes: 2 * DEFAULT_LIMITS.maxBytes,
};

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
 * The repository's unexpired artifacts made by its own runs whose name `wanted` accepts (the action: its prefix),
 * newest first, at most `max`; `more` counts those left out. Throws a message when the API cannot be read.
 */
export async function listPending(
  rest: Rest,
  wanted: string | ((name: string) => boolean),
  max: number,
): Promise<{ artifacts: ListedArtifact[]; more: number }> {
  const accepts = typeof wanted === "string" ? (name: string) => name.startsWith(wanted) : wanted;
  const found: ListedArtifact[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await getJson(rest, `actions/artifacts?per_page=100&page=${page}`);
    if (!answer.ok)
      throw new Error(
        `the repository's artifacts could not be listed (${answer.problem}): the token needs \`actions: read\``,
      );
    const list = record(answer.body)?.artifacts;
    if (!Array.isArray(list)) throw new Error("the REST API's list of artifacts has no list");
    for (const item of list) {
      const a = artifactOf(item);
      if (typeof a !== "string" && !a.expired && accepts(a.name) && ofThisRepository(item)) found.push(a);
    }
    if (list.length < 100) break;
  }
  // Ids grow with time: newest first whatever order the pages came in.
  found.sort((a, b) => b.id - a.id);
  return { artifacts: found.slice(0, max), more: Math.max(0, found.length - max) };
}

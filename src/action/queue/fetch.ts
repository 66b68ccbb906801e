/**
 * Downloads a queue entry's archive through @actions/cache's own download path (the same lookup, version,
 * compression choice, retries and Azure SDK download as restoreCache) but does not extract it: restoreCache
 * would hand the archive to `tar -P`, which writes wherever the archive's members say.
 *
 * These modules are internal to @actions/cache: its `exports` map hides them, so they are reached by path and
 * bundled by esbuild. The package is pinned to an exact version (package.json); the e2e tests through the
 * bundles (__tests__/e2e/action-restore.test.ts and action-queue.test.ts) break if an upgrade moves them.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import * as core from "@actions/core";
import {
  downloadCache,
  getCacheEntry,
} from "../../../node_modules/@actions/cache/lib/internal/cacheHttpClient.js";
import {
  createTempDirectory,
  getCacheFileName,
  getCacheVersion,
  getCompressionMethod,
} from "../../../node_modules/@actions/cache/lib/internal/cacheUtils.js";
import {
  getCacheMode,
  getCacheServiceVersion,
  isCacheReadable,
} from "../../../node_modules/@actions/cache/lib/internal/config.js";
import { internalCacheTwirpClient } from "../../../node_modules/@actions/cache/lib/internal/shared/cacheTwirpClient.js";
import type { CompressionMethod } from "../../../node_modules/@actions/cache/lib/internal/constants.js";
import type { Compression } from "./decompress.js";
import { within } from "../../core/deadline.js";
import { errorMessage } from "../../core/errors.js";

export interface FetchedArchive {
  /** The key of the entry found (for a prefix lookup, the newest entry starting with it). */
  key: string;
  /** The downloaded archive, in a fresh directory of its own under RUNNER_TEMP. */
  file: string;
  compression: Compression;
  /** Removes the archive and its directory. */
  dispose(): Promise<void>;
}

/** Where the entry's archive can be downloaded, as restoreCache finds it (service v2, else the v1 GHES one). */
async function locate(
  paths: string[],
  key: string,
  compression: CompressionMethod,
): Promise<{ key: string; url: string } | undefined> {
  if (getCacheServiceVersion() === "v2") {
    const response = await internalCacheTwirpClient().GetCacheEntryDownloadURL({
      key,
      restoreKeys: [],
      version: getCacheVersion(paths, compression),
    });
    return response.ok ? { key: response.matchedKey, url: response.signedDownloadUrl } : undefined;
  }
  const entry = await getCacheEntry([key], paths, { compressionMethod: compression });
  return entry?.archiveLocation && entry.cacheKey
    ? { key: entry.cacheKey, url: entry.archiveLocation }
    : undefined;
}

/**
 * The longest a lookup or a download may take: the toolkit's calls to the cache service have no timeout (its
 * blob download has one per segment), and a queue entry left for later is better than a step that never ends.
 */
const FETCH_TIMEOUT_MS = 10 * 60_000;
const tooLong = (what: string) =>
  `the cache took no answer to the ${what} within ${FETCH_TIMEOUT_MS / 60_000} minutes`;

/**
 * Looks up the entry saved for `paths` under `key` (exact, else the newest starting with it) and downloads its
 * archive. Undefined when there is none, the runner's cache policy forbids reads, or the service fails (then
 * with a warning, as restoreCache does: the queue is best effort and a later run tries again).
 */
export async function fetchArchive(paths: string[], key: string): Promise<FetchedArchive | undefined> {
  if (!isCacheReadable(getCacheMode())) return undefined;
  let dir: string | undefined;
  try {
    const method = await getCompressionMethod();
    const found = await within(locate(paths, key, method), FETCH_TIMEOUT_MS, tooLong("lookup"));
    if (!found) return undefined;
    dir = await createTempDirectory();
    const file = join(dir, getCacheFileName(method));
    const v2 = getCacheServiceVersion() === "v2";
    await within(
      downloadCache(found.url, file, v2 ? { useAzureSdk: true } : undefined),
      FETCH_TIMEOUT_MS,
      tooLong("download"),
    );
    const owned = dir;
    const compression: Compression = `${method}`;
    return { key: found.key, file, compression, dispose: () => rm(owned, { recursive: true, force: true }) };
  } catch (e) {
    if (dir) await rm(dir, { recursive: true, force: true });
    core.warning(`Failed to restore queue entry ${key}: ${errorMessage(e)}`);
    return undefined;
  }
}

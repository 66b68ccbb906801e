import { link, lstat, mkdir, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { NO_HARD_LINKS, syncDirectory, writeFileAtomic } from "../fs/atomic-file.js";
import { errnoCode } from "../errors.js";
import { storeError, StoreError } from "./errors.js";

/** Creates `dir` (mode 0700) unless it exists; refuses anything that is not a directory. */
export async function ensureDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    if (errnoCode(e) !== "EEXIST") throw storeError("create the directory", dir, e);
  }
  const info = await lstat(dir).catch((e: unknown) => {
    throw storeError("create the directory", dir, e);
  });
  if (!info.isDirectory()) throw new StoreError(`cannot use ${dir}: it is not a directory`);
}

/**
 * Writes `data` to `path` (mode 0600) through a temp file in the same directory, fsynced and linked or renamed
 * into place. Without `overwrite`, returns false when `path` already exists (and leaves it alone).
 */
export async function writeStoreFile(
  path: string,
  data: Buffer | string,
  overwrite: boolean,
): Promise<boolean> {
  try {
    await writeFileAtomic(path, data, 0o600, { overwrite });
    return true;
  } catch (e) {
    if (!overwrite && errnoCode(e) === "EEXIST") return false;
    throw storeError("write", path, (e as Error).cause ?? e);
  }
}

/**
 * Writes `data` to a new file `path` (mode 0600) and fsyncs it, for a file only this process uses under the lock
 * (an intent; see linkStoreFile). A file already at `path` is unlinked first, never truncated: a killed writer's
 * leftover may be another name of a stored report.
 */
export async function writePrivateFile(path: string, data: Buffer): Promise<void> {
  try {
    const handle = await open(path, "wx", 0o600).catch(async (e: unknown) => {
      if (errnoCode(e) !== "EEXIST") throw e;
      await unlink(path);
      return open(path, "wx", 0o600);
    });
    try {
      await handle.writeFile(data);
      await handle.sync();
      await handle.chmod(0o600);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw storeError("write", path, e);
  }
}

/**
 * Gives the complete, fsynced file `from` the name `to` as well (link(2): no copy, no new file), then fsyncs
 * `to`'s directory; false when `to` already exists (left alone). Where the file system has no hard links,
 * writes `data` (the bytes of `from`) to `to` atomically instead.
 */
export async function linkStoreFile(from: string, to: string, data: Buffer): Promise<boolean> {
  try {
    await link(from, to);
  } catch (e) {
    const code = errnoCode(e);
    if (code === "EEXIST") return false;
    if (NO_HARD_LINKS.has(code ?? "")) return writeStoreFile(to, data, false);
    throw storeError("write", to, e);
  }
  await syncDirectory(dirname(to));
  return true;
}

/** rename(2) within the store, as a StoreError naming both paths on failure. */
export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    throw storeError(`move ${from} to`, to, e);
  }
  await syncDirectory(dirname(to));
}

/** true when removed, false when there was nothing to remove. */
export async function removeFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return false;
    throw storeError("remove", path, e);
  }
}

export async function readStoreFile(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return undefined;
    throw storeError("read", path, e);
  }
}

export async function fileSize(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return undefined;
    throw storeError("read", path, e);
  }
}

export async function listNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return [];
    throw storeError("list", dir, e);
  }
}

/** Runs `fn` over `items` with at most `limit` running at once; results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

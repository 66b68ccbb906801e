import {
  closeSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { lstat, mkdir, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { NO_HARD_LINKS, syncDirectory, writeFileAtomic } from "../fs/atomic-file.js";
import { errnoCode } from "../errors.js";
import type { FileInfo } from "./context.js";
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
 * Writes `data` to a new file `path` (mode 0600), fsyncs it and returns its size and time. For a file only this
 * process uses under the lock (an intent; see linkStoreFile): a file already at `path` is unlinked first, never
 * truncated, since a killed writer's leftover may be another name of a stored report. Synchronous calls: a
 * batch writes thousands of small files, and a round trip through libuv's thread pool per call cost more CPU
 * than the calls themselves.
 */
export function writePrivateFile(path: string, data: Buffer): FileInfo {
  try {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o600);
    } catch (e) {
      if (errnoCode(e) !== "EEXIST") throw e;
      unlinkSync(path);
      fd = openSync(path, "wx", 0o600);
    }
    try {
      for (let at = 0; at < data.length;) at += writeSync(fd, data, at);
      fsyncSync(fd);
      fchmodSync(fd, 0o600);
      const info = fstatSync(fd);
      return { size: info.size, mtimeMs: info.mtimeMs };
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw storeError("write", path, e);
  }
}

/**
 * Gives the complete, fsynced file `from` the name `to` as well (link(2): no copy, no new file); false when `to`
 * already exists (left alone). The caller makes the new name durable (fsyncs `to`'s directory). Where the file
 * system has no hard links, writes `data` (the bytes of `from`) to `to` atomically instead: true then.
 */
export async function linkStoreFile(
  from: string,
  to: string,
  data: Buffer,
): Promise<{ linked: boolean } | false> {
  try {
    linkSync(from, to);
    return { linked: true };
  } catch (e) {
    const code = errnoCode(e);
    if (code === "EEXIST") return false;
    if (!NO_HARD_LINKS.has(code ?? "")) throw storeError("write", to, e);
  }
  return (await writeStoreFile(to, data, false)) && { linked: false };
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

/** removeFile, synchronous (see writePrivateFile). */
export function removeFileSync(path: string): boolean {
  try {
    unlinkSync(path);
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

/** fileSize, synchronous: for the few stat calls of one write (see writePrivateFile on why). */
export function fileSizeSync(path: string): { size: number; mtimeMs: number } | undefined {
  try {
    const s = statSync(path, { throwIfNoEntry: false });
    return s?.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
  } catch (e) {
    if (errnoCode(e) === "ENOTDIR") return undefined;
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

import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { close, constants, createWriteStream, fsync, type WriteStream } from "node:fs";
import { link, open, rename, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { promisify } from "node:util";
import { errnoCode, osReason } from "../errors.js";

export interface WriteFileAtomicOptions {
  /** Replace an existing file. Default false: refuse with "… already exists (use --force to replace it)". */
  overwrite?: boolean;
}

/**
 * What link(2) answers where this file system cannot hard-link a temp file onto its name beside it (the atomic
 * write and the lock both then fall back to an exclusive create, still race-free).
 */
export const NO_HARD_LINKS: ReadonlySet<string> = new Set([
  "EPERM",
  "ENOTSUP",
  "EOPNOTSUPP",
  "ENOSYS",
  "EXDEV",
  "EMLINK",
]);

function writeError(path: string, err: unknown): Error {
  if (errnoCode(err) === "EEXIST") return alreadyExists(path);
  return new Error(`cannot write ${path}: ${osReason(err)}`, { cause: err });
}

function alreadyExists(path: string): Error {
  return Object.assign(new Error(`${path} already exists (use --force to replace it)`), { code: "EEXIST" });
}

/** A fresh temporary name beside `path`, hidden and unique, so the move into place stays on one file system. */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/** fsyncs a directory so that a rename or link in it survives a crash; quietly nothing where that is refused. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY).catch(() => undefined);
  if (handle === undefined) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

async function writeAndSync(handle: FileHandle, data: string | Buffer, mode: number): Promise<void> {
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}

async function writeTemp(path: string, data: string | Buffer, mode: number): Promise<string> {
  const temp = tempPath(path);
  const handle = await open(temp, "wx", 0o600);
  try {
    await writeAndSync(handle, data, mode);
  } catch (err) {
    await removeQuietly(temp);
    throw err;
  }
  return temp;
}

async function writeExclusiveInPlace(path: string, data: string | Buffer, mode: number): Promise<void> {
  const handle = await open(path, "wx", 0o600);
  try {
    await writeAndSync(handle, data, mode);
  } catch (err) {
    await removeQuietly(path);
    throw err;
  }
}

/** true when the temp file is now also the target; false when this file system has no hard links. */
async function linkNoReplace(temp: string, path: string): Promise<boolean> {
  try {
    await link(temp, path);
    return true;
  } catch (err) {
    if (NO_HARD_LINKS.has(errnoCode(err) ?? "")) return false;
    throw err;
  }
}

async function moveIntoPlace(
  temp: string,
  path: string,
  data: string | Buffer,
  mode: number,
  overwrite: boolean,
) {
  if (overwrite) {
    await rename(temp, path);
    return;
  }
  const linked = await linkNoReplace(temp, path);
  await removeQuietly(temp);
  if (!linked) await writeExclusiveInPlace(path, data, mode);
}

/**
 * Writes a file so that readers see either the old content or the complete new one: a uniquely named temp
 * file in the same directory is written, fsynced and chmodded, then moved onto `path`.
 *
 * Without `overwrite`, the move is `link(temp, path)`, which fails atomically with EEXIST when `path` exists,
 * so two writers cannot both win; on file systems without hard links it falls back to an exclusive
 * (`O_CREAT|O_EXCL`, "wx") open of `path` itself, still race-free but not all-or-nothing for readers.
 * With `overwrite`, the move is rename(2), which atomically replaces any existing file.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Buffer,
  mode = 0o600,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  let temp: string | undefined;
  try {
    temp = await writeTemp(path, data, mode);
    await moveIntoPlace(temp, path, data, mode, options.overwrite ?? false);
  } catch (err) {
    if (temp !== undefined) await removeQuietly(temp);
    throw writeError(path, err);
  }
  await syncDirectory(dirname(path));
}

const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);

/**
 * Streams a file into place atomically: `produce` writes into a temporary file beside `path`, which is
 * fsynced (unless `durable` is false: a file that need not outlive the machine) and renamed onto `path` only
 * when `produce` succeeds; on failure nothing is left behind.
 */
export async function writeStreamAtomic<T>(
  path: string,
  produce: (out: Writable) => Promise<T>,
  mode = 0o644,
  durable = true,
): Promise<T> {
  const temp = tempPath(path);
  const out = createWriteStream(temp, { flags: "wx", mode, autoClose: false }) as WriteStream & {
    fd: number | null;
  };
  let failure: Error | undefined;
  out.on("error", (e) => (failure ??= e));
  try {
    await once(out, "open");
    const result = await produce(out);
    out.end();
    await once(out, "finish");
    if (failure) throw failure;
    if (durable) await fsyncAsync(out.fd as number);
    await closeAsync(out.fd as number);
    await rename(temp, path);
    return result;
  } catch (e) {
    out.destroy();
    if (typeof out.fd === "number") await closeAsync(out.fd).catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    if (e === failure || (e as NodeJS.ErrnoException).syscall)
      throw new Error(`cannot write ${path}: ${osReason(e)}`, { cause: e });
    throw e;
  }
}

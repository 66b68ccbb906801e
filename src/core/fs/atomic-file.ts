import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, open, rename, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
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

/** Bytes held before they are written: a small file is one write, a big one is written in pieces this size. */
const HOLD = 256 * 1024;

/**
 * A Writable over an open file that holds what it is given and writes it in one writev(2) once HOLD bytes are
 * held or the stream ends: fs.WriteStream's per-write machinery was a sixth of jux sign's work per small report.
 */
class HeldFileWriter extends Writable {
  private held: Buffer[] = [];
  private heldBytes = 0;

  constructor(private readonly handle: FileHandle) {
    super({ highWaterMark: HOLD });
  }

  override _writev(chunks: { chunk: unknown }[], done: (error?: Error | null) => void): void {
    for (const { chunk } of chunks) {
      const bytes = chunk as Buffer;
      this.held.push(bytes);
      this.heldBytes += bytes.length;
    }
    if (this.heldBytes < HOLD) done();
    else this.flush().then(() => done(), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.flush().then(() => done(), done);
  }

  private async flush(): Promise<void> {
    let buffers = this.held;
    this.held = [];
    this.heldBytes = 0;
    while (buffers.length > 0) {
      const { bytesWritten } = await this.handle.writev(buffers);
      buffers = unwritten(buffers, bytesWritten);
    }
  }
}

/** What a writev that wrote `written` bytes left of `buffers` (a short write is rare but allowed). */
export function unwritten(buffers: Buffer[], written: number): Buffer[] {
  let i = 0;
  while (i < buffers.length && written >= buffers[i]!.length) written -= buffers[i++]!.length;
  if (i === buffers.length) return [];
  return [buffers[i]!.subarray(written), ...buffers.slice(i + 1)];
}

/** Moves a complete temp file onto `path` only if nothing is there (link(2); without hard links, an exclusive create then rename). */
async function moveNoReplace(temp: string, path: string): Promise<void> {
  try {
    if (await linkNoReplace(temp, path)) {
      await removeQuietly(temp);
      return;
    }
    await (await open(path, "wx", 0o600)).close();
  } catch (err) {
    if (errnoCode(err) === "EEXIST")
      throw Object.assign(new Error(`${path} appeared while it was written: nothing was written over it`), {
        code: "EEXIST",
      });
    throw err;
  }
  await rename(temp, path);
}

/**
 * Streams a file into place atomically: `produce` writes into a temporary file beside `path`, which is
 * fsynced (unless `durable` is false: a file that need not outlive the machine) and renamed onto `path` only
 * when `produce` succeeds; on failure nothing is left behind. With `replace` false, a file that appeared at
 * `path` meanwhile (or a symbolic link there) is never replaced: "already exists", and nothing is written.
 */
export async function writeStreamAtomic<T>(
  path: string,
  produce: (out: Writable) => Promise<T>,
  mode = 0o644,
  durable = true,
  replace = true,
): Promise<T> {
  const temp = tempPath(path);
  let handle: FileHandle | undefined;
  let created = false;
  let failure: Error | undefined;
  try {
    handle = await open(temp, "wx", mode);
    created = true;
    const out = new HeldFileWriter(handle);
    out.on("error", (e) => (failure ??= e));
    try {
      const result = await produce(out);
      out.end();
      await finished(out);
      if (durable) await handle.sync();
      await handle.close();
      handle = undefined;
      if (replace) await rename(temp, path);
      else await moveNoReplace(temp, path);
      return result;
    } catch (e) {
      out.destroy();
      throw e;
    }
  } catch (e) {
    await handle?.close().catch(() => undefined);
    if (created) await unlink(temp).catch(() => undefined);
    if (e === failure || (e as NodeJS.ErrnoException).syscall)
      throw new Error(`cannot write ${path}: ${osReason(e)}`, { cause: e });
    throw e;
  }
}

import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, fsync, close, type WriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import type { Writable } from "node:stream";
import { osReason } from "../errors.js";

const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);

/**
 * Streams a file into place atomically: `produce` writes into a temporary file beside `path`, which is
 * fsynced and renamed onto `path` only when `produce` succeeds; on failure nothing is left behind.
 */
export async function writeStreamAtomic<T>(
  path: string,
  produce: (out: Writable) => Promise<T>,
  mode = 0o644,
): Promise<T> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
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
    await fsyncAsync(out.fd as number);
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

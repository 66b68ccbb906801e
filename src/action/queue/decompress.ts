/** The tar stream inside a queue entry's archive, decompressed as @actions/cache compressed it (zstd or gzip). */
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { EntryRefused } from "./extract.js";
import { errorMessage } from "../../core/errors.js";

/** @actions/cache's CompressionMethod values (internal/constants.js). */
export type Compression = "gzip" | "zstd-without-long" | "zstd";

/** gzip through node:zlib; corrupt data refuses the entry, a local read failure does not. */
async function* gunzip(file: string): AsyncGenerator<Buffer> {
  const input = createReadStream(file);
  const inflate = createGunzip();
  input.on("error", (e) => inflate.destroy(e));
  input.pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code?.startsWith("Z_"))
      throw new EntryRefused(`it does not decompress as gzip (${errorMessage(e)})`);
    throw e;
  } finally {
    input.destroy();
    inflate.destroy();
  }
}

/**
 * zstd through the `zstd` program, as the toolkit does (no shell). Without --long, zstd keeps its default
 * memory limit, so a frame that asks for a huge window is refused; the toolkit saves queue entries without it.
 */
async function* unzstd(file: string, compression: Compression): AsyncGenerator<Buffer> {
  const args = ["-d", "-c", "-q", ...(compression === "zstd" ? ["--long=30"] : []), "--", file];
  const child = spawn("zstd", args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr = (stderr + s).slice(-2000)));
  const exited = new Promise<number | null>((done, fail) => {
    child.on("error", (e) => fail(new Error(`zstd could not be run (${errorMessage(e)}); install zstd`)));
    child.on("close", (code) => done(code));
  });
  exited.catch(() => undefined);
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    const code = await exited;
    if (code !== 0)
      throw new EntryRefused(`it does not decompress as zstd (${stderr.trim() || `exit status ${code}`})`);
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/** The decompressed bytes of the archive file, read as a stream (never whole in memory). */
export function tarStream(file: string, compression: Compression): AsyncGenerator<Buffer> {
  return compression === "gzip" ? gunzip(file) : unzstd(file, compression);
}

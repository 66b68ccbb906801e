import { open, type FileHandle } from "node:fs/promises";
import { osReason } from "../errors.js";

/** Bytes already in memory, as the one-chunk stream the readers take. */
// eslint-disable-next-line @typescript-eslint/require-await -- an async generator is what makes it an AsyncIterable
export async function* bytesOnce(bytes: Buffer): AsyncIterable<Buffer> {
  yield bytes;
}

/**
 * Read size. 256 KiB rather than 1 MiB: chunks outlive a scavenge or two (the output holds them until written),
 * and dead promoted chunks stay in the RSS until a full GC; smaller ones keep jux sign of 1 GB under 150 MB.
 */
const CHUNK = 256 * 1024;

/**
 * A file read in 256 KiB chunks; a small regular file in one read of a buffer of its size: a big buffer for
 * each of many small files cost the garbage collector more than signing them, and a read stream's set-up as
 * much again (jux sign of 100 files, the action's reports). A failure to read names `source` (how the user
 * called the file).
 */
export async function* fileChunks(path: string, source: string): AsyncIterable<Buffer> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    const info = await handle.stat();
    if (!info.isFile() || info.size >= CHUNK) {
      const stream = handle.createReadStream({ highWaterMark: CHUNK });
      handle = undefined; // the stream closes it
      yield* stream;
      return;
    }
    // One byte more than its size, so that a short read shows the end (a regular file's short read is its end).
    const length = info.size + 1;
    for (;;) {
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, null);
      if (bytesRead === 0) return;
      yield bytesRead < length ? buffer.subarray(0, bytesRead) : buffer;
      if (bytesRead < length) return;
    }
  } catch (e) {
    throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
  } finally {
    await handle?.close();
  }
}

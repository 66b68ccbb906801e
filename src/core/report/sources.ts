import { constants } from "node:fs";
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
export function fileChunks(path: string, source: string): AsyncIterable<Buffer> {
  return chunksOf(path, source, false);
}

/**
 * The same file read again, to find the line of an error (ReadOptions.reread): only a regular file, opened
 * without blocking (a FIFO or a terminal named as a file would wait for a writer or for typing).
 */
export function fileChunksAgain(path: string, source: string): AsyncIterable<Buffer> {
  return chunksOf(path, source, true);
}

async function* chunksOf(path: string, source: string, regularOnly: boolean): AsyncIterable<Buffer> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, regularOnly ? constants.O_RDONLY | constants.O_NONBLOCK : "r");
    const info = await handle.stat();
    if (regularOnly && !info.isFile()) throw new Error("it is not a regular file");
    if (!info.isFile() || info.size >= CHUNK) {
      const stream = handle.createReadStream({ highWaterMark: CHUNK });
      handle = undefined; // the stream closes it
      yield* stream;
      return;
    }
    // One byte more than its size: a read that returns exactly the size has reached the end.
    const first = Buffer.allocUnsafe(info.size + 1);
    let { bytesRead } = await handle.read(first, 0, first.length, null);
    if (bytesRead > 0) yield first.subarray(0, bytesRead);
    if (bytesRead === 0 || bytesRead === info.size) return;
    // Not the size stat gave (a file still being written, /proc, a short read): read on to the end.
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK);
      ({ bytesRead } = await handle.read(buffer, 0, CHUNK, null));
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } catch (e) {
    throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
  } finally {
    await handle?.close();
  }
}

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
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
 * A file read in 256 KiB chunks, or a small file's size (at least 64 KiB): a big buffer for each of many small
 * files cost the garbage collector more than signing them (jux sign of 100 files, the action's reports). A
 * failure to read names `source` (how the user called the file).
 */
export async function* fileChunks(path: string, source: string): AsyncIterable<Buffer> {
  try {
    const { size } = await stat(path);
    yield* createReadStream(path, { highWaterMark: Math.min(CHUNK, Math.max(64 * 1024, size + 1)) });
  } catch (e) {
    throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
  }
}

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { osReason } from "../errors.js";

/** Bytes already in memory, as the one-chunk stream the readers take. */
// eslint-disable-next-line @typescript-eslint/require-await -- an async generator is what makes it an AsyncIterable
export async function* bytesOnce(bytes: Buffer): AsyncIterable<Buffer> {
  yield bytes;
}

/**
 * A file read in 1 MiB chunks, or a small file's size (at least 64 KiB): a 1 MiB buffer for each of many small
 * files cost the garbage collector more than signing them (jux sign of 100 files, the action's reports). A
 * failure to read names `source` (how the user called the file).
 */
export async function* fileChunks(path: string, source: string): AsyncIterable<Buffer> {
  try {
    const { size } = await stat(path);
    yield* createReadStream(path, { highWaterMark: Math.min(1024 * 1024, Math.max(64 * 1024, size + 1)) });
  } catch (e) {
    throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
  }
}

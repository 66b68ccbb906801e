import { createReadStream } from "node:fs";
import { osReason } from "../errors.js";

/** Bytes already in memory, as the one-chunk stream the readers take. */
// eslint-disable-next-line @typescript-eslint/require-await -- an async generator is what makes it an AsyncIterable
export async function* bytesOnce(bytes: Buffer): AsyncIterable<Buffer> {
  yield bytes;
}

/** A file read in 1 MiB chunks; a failure to read names `source` (how the user called the file). */
export async function* fileChunks(path: string, source: string): AsyncIterable<Buffer> {
  try {
    yield* createReadStream(path, { highWaterMark: 1024 * 1024 });
  } catch (e) {
    throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
  }
}

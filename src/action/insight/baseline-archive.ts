/**
 * Reads the one file of a baseline cache entry out of its archive, in memory, without trusting the archive: the
 * decompressed stream bounded (queue/tar-bounds.ts), only the entry's directory and its one file accepted, the file
 * read up to its limit. Nothing is ever written to disk (@actions/cache's restore would run `tar -P` over it).
 */
import { extract } from "tar-stream";
import { errorMessage } from "../../core/errors.js";
import { tarStream } from "../queue/decompress.js";
import { EntryRefused } from "../queue/extract.js";
import type { FetchedArchive } from "../queue/fetch.js";
import { TarBounds } from "../queue/tar-bounds.js";

/** Directory the entry is saved from, relative to the workspace; it versions the entry, so it never changes. */
export const BASELINE_DIR = ".jux-action-baseline";
export const BASELINE_FILE = "tests.json";
/**
 * Largest tests.json written or read: 100 000 tests in the file's compact form (about 130 bytes each with a
 * package-qualified class and a failure line), with room. Kept low: the file is hostile when read back, and
 * JSON.parse of 16 MiB of `{}` entries costs seconds and hundreds of MB of heap (64 MiB: 24 s, 1.4 GB).
 */
export const MAX_BASELINE_FILE_BYTES = 16 * 1024 ** 2;
/** The file, its directory, their headers and GNU tar's padding, with room. */
const MAX_STREAM_BYTES = MAX_BASELINE_FILE_BYTES + 1024 ** 2;

const quoted = (name: string) => JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}…` : name);

/** The tests.json bytes of the archive, or throws EntryRefused with the reason. */
export async function readBaselineFile(archive: FetchedArchive): Promise<Buffer> {
  const bounds = new TarBounds(MAX_STREAM_BYTES);
  const reader = extract();
  const source = tarStream(archive.file, archive.compression);
  const feeding = (async () => {
    for await (const chunk of source) {
      if (reader.destroyed) return;
      const part = bounds.take(chunk);
      if (part.length > 0 && !reader.write(part))
        await new Promise<void>((done) => {
          reader.once("drain", done);
          reader.once("close", done);
        });
    }
    reader.end(undefined);
  })().then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
  let file: Buffer | undefined;
  try {
    for await (const member of reader) {
      const { name, type, size } = member.header;
      const path = name.replace(/\/+$/, "");
      if (path === BASELINE_DIR && type === "directory") {
        member.resume();
        continue;
      }
      if (path !== `${BASELINE_DIR}/${BASELINE_FILE}` || type !== "file")
        throw new EntryRefused(
          `member ${quoted(name)} (${type ?? "unknown type"}) is not part of a baseline entry, which holds only ${BASELINE_DIR}/${BASELINE_FILE}`,
        );
      if (file !== undefined) throw new EntryRefused(`${BASELINE_FILE} appears twice`);
      if ((size ?? 0) > MAX_BASELINE_FILE_BYTES)
        throw new EntryRefused(
          `${BASELINE_FILE} is ${size} bytes, over the ${MAX_BASELINE_FILE_BYTES}-byte limit`,
        );
      const chunks: Buffer[] = [];
      for await (const chunk of member) chunks.push(chunk as Buffer);
      file = Buffer.concat(chunks);
    }
  } catch (e) {
    reader.destroy();
    const failed = await feeding;
    if (e instanceof EntryRefused) throw e;
    if (failed !== undefined)
      throw failed instanceof EntryRefused ? failed : new EntryRefused(errorMessage(failed));
    throw new EntryRefused(`it is not a readable tar archive (${errorMessage(e)})`);
  }
  const failed = await feeding;
  if (failed !== undefined)
    throw failed instanceof EntryRefused ? failed : new EntryRefused(errorMessage(failed));
  if (file === undefined) throw new EntryRefused(`it holds no ${BASELINE_DIR}/${BASELINE_FILE}`);
  return file;
}

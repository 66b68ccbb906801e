/**
 * `jux cache recompress`: a stored report rewritten in another form (e.g. zstd to gzip, for a Node.js without
 * zstd). The new file is written atomically beside the old one with the old one's time (its age, for clean and
 * the limits, is unchanged), recorded, and only then is the old one removed: a crash leaves both, never neither.
 */
import { utimes } from "node:fs/promises";
import { encodeStored, type Compression } from "./codec.js";
import type { StoreContext } from "./context.js";
import { storeError } from "./errors.js";
import { removeFile, writeStoreFile } from "./files.js";
import { read, statOrFail } from "./read.js";
import type { StoredEntry } from "./types.js";

/** With the lock held: rewrites `entry` in `to` (small reports stay as they are); false when nothing changed. */
export async function recompressEntry(
  ctx: StoreContext,
  entry: StoredEntry,
  to: Compression,
): Promise<boolean> {
  const xml = await read(ctx, entry.area, entry.hash);
  const stored = encodeStored(xml, to);
  if (stored.compression === entry.compression) return false;
  const path = ctx.layout.path(entry.area, entry.hash, stored.compression);
  await writeStoreFile(path, stored.bytes, false);
  const when = new Date(Date.parse(entry.storedAt));
  await utimes(path, when, when).catch((e: unknown) => {
    throw storeError("set the time of", path, e);
  });
  const file = await statOrFail(path);
  const index = await ctx.index.load();
  const old = index[entry.area].get(entry.hash);
  if (old) {
    const record = { ...old, size: file.size, mtimeMs: file.mtimeMs };
    delete record.compression;
    delete record.original_size;
    if (stored.compression !== "none")
      Object.assign(record, { compression: stored.compression, original_size: xml.length });
    index[entry.area].set(entry.hash, record);
    await ctx.index.save(index);
  }
  await removeFile(entry.path);
  return true;
}

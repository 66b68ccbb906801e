import { randomBytes } from "node:crypto";
import { chmod, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { syncDirectory } from "../../core/fs/atomic-file.js";
import type { Store } from "../store.js";

/**
 * Copies a live database with SQLite's online backup API (node:sqlite backup(), in Node.js 22 and 24): page by page,
 * restarting when a writer changes a page already copied, so the copy is one consistent state even while a server
 * writes (WAL). Written beside `output` under a hidden name, mode 0600, then moved into place: complete, or absent.
 */
export async function backupToFile(store: Store, output: string): Promise<number> {
  const temp = join(dirname(output), `.${basename(output)}.${randomBytes(6).toString("hex")}.tmp`);
  await (await open(temp, "wx", 0o600)).close();
  try {
    const pages = await store.backupTo(temp);
    await chmod(temp, 0o600);
    await rename(temp, output);
    await syncDirectory(dirname(output));
    return pages;
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

import { randomBytes } from "node:crypto";
import { chmod, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { syncDirectory } from "../../core/fs/atomic-file.js";
import type { Store } from "../store.js";

/**
 * Copies a live database (Store.backupTo: node:sqlite backup() in one step on Node.js 22.16+/23.8+ and 24, VACUUM
 * INTO before): one consistent state even while a server writes (WAL). Written beside `output` under a hidden name, mode 0600, then moved into place: complete, or absent.
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

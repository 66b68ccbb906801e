import { lstat } from "node:fs/promises";
import { storeError, StoreError } from "./errors.js";
import { ensureDirectory } from "./files.js";

/** A store directory others could write into: a report planted there would be published with the user's key. */
export class UnsafeStoreError extends StoreError {
  override name = "UnsafeStoreError";
  readonly code = "STORE_UNSAFE";
}

/** Who may use a store: the user that runs jux (undefined where there are no uids, on Windows). */
export interface Owner {
  uid: number | undefined;
}

export function currentOwner(): Owner {
  return { uid: typeof process.getuid === "function" ? process.getuid() : undefined };
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, "0")}`;
}

/**
 * Refuses `dir` when it is writable by group or others, or owned by someone other than the user or root, as
 * ssh refuses ~/.ssh (StrictModes). Without uids (Windows) nothing is checked.
 */
export async function checkPrivateDirectory(dir: string, owner: Owner = currentOwner()): Promise<void> {
  if (owner.uid === undefined) return;
  const info = await lstat(dir).catch((e: unknown) => {
    throw storeError("check the permissions of", dir, e);
  });
  if (info.uid !== owner.uid && info.uid !== 0)
    throw new UnsafeStoreError(
      `refusing the store directory ${dir}: it belongs to uid ${info.uid}, not to you (uid ${owner.uid}), so ` +
        `its reports could be planted by that user and published with your API key: chown ${owner.uid} ${dir} ` +
        `and chmod 700 ${dir}, or use a store of your own (--storage-path, JUX_STORAGE_PATH)`,
    );
  const writable = info.mode & 0o022;
  if (writable)
    throw new UnsafeStoreError(
      `refusing the store directory ${dir}: it is writable by ${writable & 0o020 ? (writable & 0o002 ? "group and others" : "its group") : "others"} ` +
        `(mode ${octal(info.mode)}), so another user could plant a report there that would be published with ` +
        `your API key: chmod 700 ${dir}`,
    );
}

/** Creates `dir` (mode 0700) unless it exists, then checks that nobody else can write into it. */
export async function ensurePrivateDirectory(dir: string, owner: Owner = currentOwner()): Promise<void> {
  await ensureDirectory(dir);
  await checkPrivateDirectory(dir, owner);
}

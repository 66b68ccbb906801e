/** What a queue entry holds: the one directory @actions/cache archives, and the names of the files in it. */

/**
 * Where a queue entry's files sit while saved, relative to the workspace. @actions/cache versions an entry by
 * its literal paths, so this must never change (nor become absolute: workspaces differ between runners). Its
 * archive's members are exactly `.jux-action-queue/` and `.jux-action-queue/<file>`.
 */
export const STAGING = ".jux-action-queue";

/** In an entry: the keys of older entries it makes redundant (their reports are in it, or acknowledged). */
export const SUPERSEDES = "supersedes.json";
/** In an entry, as in a pending artifact: names.json (hash → file, for the summary only) and `<hash>.xml`. */
export { HASH_FILE, NAMES } from "../../core/github/pending.js";

/** A key or file name made safe as one path component. */
export function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "_");
}

import { lstatSync, mkdirSync } from "node:fs";
import module from "node:module";
import { join } from "node:path";

/** The compile cache's folder under the runner's temp dir (cleaned with the job; never uploaded or cached). */
export const COMPILE_CACHE_DIR = "jux-compile-cache";

/**
 * Turns on Node's compile cache (Node 22.1+) for the modules loaded after this call: V8's code for them is kept on
 * disk and reused by the next process that loads them (the post step reuses what main compiled). Only under
 * RUNNER_TEMP (the job's own; never the workspace): not in Node's default, the OS's shared temp dir, where another
 * user of the machine could plant code for this one to run (NODE_COMPILE_CACHE, the user's own choice, Node
 * applies by itself). Never fails: an older Node or a folder that cannot be written only means no cache.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv): void {
  try {
    if (!env.RUNNER_TEMP || !module.enableCompileCache) return;
    const dir = join(env.RUNNER_TEMP, COMPILE_CACHE_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (privateDirectory(dir)) module.enableCompileCache(dir);
  } catch {
    // Without the cache the code is compiled as it always was.
  }
}

/**
 * The cache holds code Node runs: only a real directory of this user that nobody else can write into (not a
 * symbolic link planted in RUNNER_TEMP, not group or world writable) is used.
 */
function privateDirectory(dir: string): boolean {
  const info = lstatSync(dir);
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  return info.isDirectory() && (uid === undefined || info.uid === uid) && (info.mode & 0o022) === 0;
}

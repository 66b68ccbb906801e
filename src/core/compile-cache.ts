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
    if (env.RUNNER_TEMP) module.enableCompileCache?.(join(env.RUNNER_TEMP, COMPILE_CACHE_DIR));
  } catch {
    // Without the cache the code is compiled as it always was.
  }
}

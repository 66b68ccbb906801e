import module from "node:module";
import { join } from "node:path";

/** The compile cache's folder under the runner's temp dir (cleaned with the job; never uploaded or cached). */
export const COMPILE_CACHE_DIR = "jux-compile-cache";

/**
 * Turns on Node's compile cache (Node 22.1+) for the modules loaded after this call: V8's code for them is kept on
 * disk and reused by the next process that loads them (the post step reuses what main compiled). Under RUNNER_TEMP
 * on a runner (never the workspace), else where Node keeps it by default (NODE_COMPILE_CACHE, or the OS's temp
 * dir). Never fails: an older Node, a disabled cache or a folder that cannot be written only means no cache.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv): void {
  try {
    const temp = env.RUNNER_TEMP;
    module.enableCompileCache?.(temp ? join(temp, COMPILE_CACHE_DIR) : undefined);
  } catch {
    // Without the cache the code is compiled as it always was.
  }
}

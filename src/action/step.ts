import module from "node:module";
import * as core from "@actions/core";
import { errorMessage } from "../core/errors.js";

/**
 * A step's boundary: an error it throws fails the step, with its message. Then the process ends, as actions/cache's
 * steps do: a request a library left dangling (a stalled blob upload, a keep-alive socket; @actions/cache's uploads
 * have no timeout) must not keep the step, and the job, waiting once everything it awaited is done.
 */
export async function runStep(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    core.setFailed(`jux: ${errorMessage(e)}`);
  }
  await end();
}

/** Exits with the step's exit code once stdout and stderr took what was written (pipes are asynchronous on macOS). */
async function end(): Promise<void> {
  await Promise.all(
    [process.stdout, process.stderr].map((s) => new Promise<void>((flushed) => s.write("", () => flushed()))),
  );
  try {
    module.flushCompileCache?.();
  } catch {
    // The compile cache only saves time.
  }
  process.exit();
}

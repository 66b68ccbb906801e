/**
 * Stops a transfer on Ctrl-C or SIGTERM: the signal aborts with `message` (what was kept, what to do), so the
 * work under way ends cleanly (a file removed, a batch rolled back) instead of the process dying mid-write.
 */
export function interruptible(message: string): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error(message));
  process.once("SIGINT", stop).once("SIGTERM", stop);
  return {
    signal: controller.signal,
    done: () => process.off("SIGINT", stop).off("SIGTERM", stop),
  };
}

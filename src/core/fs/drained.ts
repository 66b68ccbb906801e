import type { Writable } from "node:stream";

/**
 * Waits until `out` takes more writes. A stream that failed, or was closed, throws instead of waiting for a
 * 'drain' that will never come (a full disk while an export waited on the database left it hanging).
 */
export async function drained(out: Writable): Promise<void> {
  if (out.errored) throw out.errored;
  if (!out.writableNeedDrain) return;
  if (out.destroyed) throw new Error("the output was closed before it took all the data");
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off("drain", ok);
      out.off("error", failed);
      out.off("close", closed);
      if (error) reject(error);
      else resolve();
    };
    const ok = () => settle();
    const failed = (e: Error) => settle(e);
    const closed = () =>
      settle(out.errored ?? new Error("the output was closed before it took all the data"));
    out.on("drain", ok);
    out.on("error", failed);
    out.on("close", closed);
  });
}

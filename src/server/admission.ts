import type { IncomingMessage } from "node:http";

/** Bytes of submissions held at once when `--max-pending` is not given (at least one largest report). */
export const DEFAULT_PENDING_BYTES = 256 * 1024 * 1024;

/**
 * Bounds the memory that submissions being read and ingested may hold together: each one reserves its
 * Content-Length (or the body limit when it sends none) before its body is read, and gives it back when it
 * is answered. One submission is always admitted, so a report up to the body limit is never refused for size.
 */
export class BodyBudget {
  private held = 0;

  constructor(readonly limit: number) {}

  /** A release function, or undefined when admitting `bytes` now would pass the limit (answer 503). */
  admit(bytes: number): (() => void) | undefined {
    if (this.held > 0 && this.held + bytes > this.limit) return undefined;
    this.held += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= bytes;
    };
  }
}

/** What a submission reserves: its declared length, else the most it may send. */
export function reservation(req: IncomingMessage, maxBody: number): number {
  const declared = Number(req.headers["content-length"]);
  return Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, maxBody) : maxBody;
}

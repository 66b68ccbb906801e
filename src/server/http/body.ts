import type { IncomingMessage, ServerResponse } from "node:http";
import { problem, type HttpError } from "./errors.js";

/** After a 413, this much more of the body is read and dropped so the client can finish sending and read it. */
const DRAIN_LIMIT = 16 * 1024 * 1024;
const DRAIN_TIME_MS = 10_000;

function tooLarge(max: number): HttpError {
  return problem(413, "Payload too large", `The report is larger than this server's ${max}-byte limit`, [
    "Trim captured output, or raise jux serve --max-body",
  ]);
}

/**
 * Reads the body up to `max` bytes. Events, not async iteration: leaving an async iterator early destroys the
 * request and its socket, and the client would see a reset instead of the 413.
 */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? NaN) > max) return reject(tooLarge(max));
    const parts: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size > max) return;
      size += chunk.length;
      if (size > max) reject(tooLarge(max));
      else parts.push(chunk);
    });
    req.on("end", () => size <= max && resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

/** Ends a response sent before its request was read, once the rest of the request is dropped (bounded). */
export function endAfterDrain(req: IncomingMessage, res: ServerResponse): void {
  let dropped = 0;
  const give = () => {
    clearTimeout(timer);
    req.socket.destroy();
  };
  const timer = setTimeout(give, DRAIN_TIME_MS).unref();
  req.on("close", () => clearTimeout(timer));
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_LIMIT) give();
  });
  req.on("end", () => {
    clearTimeout(timer);
    res.end();
  });
  req.resume();
}

import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { securityHeaders } from "../security.js";

/** What a route answers: JSON unless `headers` name a Content-Type for a string or bytes body. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** For the request log. */
  project?: string;
  runId?: string;
}

export function reply(status: number, body: unknown, extra: Partial<Reply> = {}): Reply {
  return { status, body, ...extra };
}

export function htmlReply(status: number, body: string): Reply {
  return reply(status, body, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

/**
 * Writes the status and headers (with the security headers) and the payload; `end: false` leaves it open. A
 * Readable body (with a Content-Type) is streamed, chunked; when it fails midway the response is cut short (a
 * client sees an incomplete body, never a complete wrong one) and `onStreamError` is told.
 */
export function send(
  res: ServerResponse,
  answer: Reply,
  end = true,
  onStreamError: (e: Error) => void = () => undefined,
): void {
  const headers = { ...answer.headers };
  if (answer.body instanceof Readable && headers["Content-Type"]) {
    res.writeHead(answer.status, { ...headers, ...securityHeaders(headers["Content-Type"]) });
    pipeline(answer.body, res).catch((e: unknown) => {
      res.destroy();
      onStreamError(e as Error);
    });
    return;
  }
  let payload: string | Buffer;
  if ((typeof answer.body === "string" || Buffer.isBuffer(answer.body)) && headers["Content-Type"])
    payload = answer.body;
  else {
    payload = JSON.stringify(answer.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
  }
  res.writeHead(answer.status, {
    ...headers,
    ...securityHeaders(headers["Content-Type"]),
    "Content-Length": Buffer.byteLength(payload),
  });
  if (end) res.end(payload);
  else res.write(payload);
}

/** A value from a report, written so that it cannot break or forge a log line. */
function logValue(v: string): string {
  return /^[\w.:@/+-]+$/.test(v) ? v : JSON.stringify(v);
}

/** The request log's line: method, path, status, time, and the run's project and id when there is one. */
export function logLine(method: string | undefined, path: string, answer: Reply, ms: number): string {
  const extra = [
    answer.project && `project=${logValue(answer.project)}`,
    answer.runId && `test_run_id=${answer.runId}`,
  ]
    .filter(Boolean)
    .join(" ");
  return `${method} ${path} ${answer.status} ${ms.toFixed(1)}ms${extra ? " " + extra : ""}`;
}

import type { Rejection } from "../../../core/store/store.js";

/** The longest part of the server's answer shown on one line. */
const MAX = 500;

/** One line of the server's text: control characters (a terminal's escapes, line breaks) become spaces. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return flat.length > MAX ? `${flat.slice(0, MAX - 3)}...` : flat;
}

/** The server's `details`: its `message` when it has one, else the object itself, compactly. */
function reasonOf(details: unknown): string | undefined {
  if (details === undefined || details === null) return undefined;
  if (typeof details === "string") return oneLine(details);
  const message = (details as { message?: unknown }).message;
  if (typeof message === "string") return oneLine(message);
  return oneLine(JSON.stringify(details));
}

/**
 * What `jux cache show` says of a rejected report: that a server refused it, when, with which status, and the
 * server's reason and suggestions as it sent them (kept in rejected/<hash>.reason.json).
 */
export function rejectionRows(rejection: (Rejection & { at?: string }) | undefined): [string, string][] {
  if (!rejection)
    return [["rejected", "by the server (its answer was not kept: no reason.json beside the report)"]];
  const when = rejection.at ? ` on ${rejection.at}` : "";
  const rows: [string, string][] = [
    ["rejected", `by the server${when}: HTTP ${rejection.status}, ${oneLine(rejection.error)}`],
  ];
  const reason = reasonOf(rejection.details);
  if (reason) rows.push(["reason", reason]);
  if (rejection.suggestions?.length)
    rows.push(["suggestions", rejection.suggestions.map((s) => oneLine(String(s))).join("; ")]);
  return rows;
}

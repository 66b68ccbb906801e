/**
 * The export format of `jux serve export` and `jux cache export --format jsonl` (docs/server.md, "Moving data"):
 * JSON Lines, UTF-8. The first line is the header, then one run per line (its stored facts and its verbatim
 * report, base64), then the trailer with the number of runs. Nothing derived is exported: suites, cases and
 * per-test rows are recomputed from the report. Both `jux serve import` and `jux cache import` read it.
 */
import { createHash } from "node:crypto";
import { propertyMap } from "../junit/run-identity.js";
import type { Property } from "../junit/summary.js";

/** What an import does when the target already holds the report (jux serve import, jux cache import). */
export type OnConflict = "skip" | "replace" | "keep-both";
export const ON_CONFLICT: readonly OnConflict[] = ["skip", "replace", "keep-both"];

export const FORMAT = "jux-serve-export";
export const VERSION = 1;

export interface ExportFilter {
  project?: string;
  branch?: string;
  /** ISO time: runs stored at or after it. */
  since?: string;
}

export interface Header {
  format: typeof FORMAT;
  version: typeof VERSION;
  exported_at: string;
  filter: ExportFilter;
}

/** A run as exported: what the database stored of it, and the report's bytes exactly as submitted. */
export interface RunLine {
  id: string;
  canonical_hash: string;
  project: string;
  branch: string | null;
  commit_sha: string | null;
  inserted_at: string;
  signer: string | null;
  tags: string[];
  properties: { name: string; value: string }[];
  /** The verbatim report, base64. */
  report: string;
}

export interface Trailer {
  format: typeof FORMAT;
  end: true;
  runs: number;
}

export function headerLine(filter: ExportFilter, now: Date): string {
  const header: Header = { format: FORMAT, version: VERSION, exported_at: now.toISOString(), filter };
  return JSON.stringify(header) + "\n";
}

/** One run as a line of the file. */
export function runLineText(line: RunLine): string {
  return JSON.stringify(line) + "\n";
}

export function trailerLine(runs: number): string {
  const trailer: Trailer = { format: FORMAT, end: true, runs };
  return JSON.stringify(trailer) + "\n";
}

/** A line that cannot be imported: the whole file (a bad header) or that line only. */
export class FormatError extends Error {
  override name = "FormatError";
}

function parseJson(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new FormatError(`${what} is not JSON (${(e as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new FormatError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** Checks the first line; a file that is not this format, or of another version, cannot be read at all. */
export function parseHeader(text: string): Header {
  const header = parseJson(text, "the header (line 1)");
  if (header.format !== FORMAT)
    throw new FormatError(
      `line 1 is not a jux serve export header (expected "format":"${FORMAT}"): export the data with jux serve export`,
    );
  if (header.version !== VERSION)
    throw new FormatError(
      `line 1: export format version ${JSON.stringify(header.version)} is not supported (this jux reads version ${VERSION}): import it with the jux version that exported it, or export again with this one`,
    );
  if (typeof header.exported_at !== "string" || !STORED_TIME.test(header.exported_at))
    throw new FormatError(
      'line 1: "exported_at" must be the time of the export as jux serve writes it (2026-01-31T12:00:00.000Z)',
    );
  return header as unknown as Header;
}

/** A time as jux serve stores it (toISOString of a year 2000 to 9999): sorts the same as text and as a date. */
const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** jux serve's run ids (randomUUID). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SKEW_MS = 86_400_000;
const EARLIEST = Date.parse("2000-01-01T00:00:00.000Z");

/** What a line's inserted_at may be at the latest: the header's exported_at and now, each plus a day of skew. */
export interface TimeBounds {
  exportedAt: string;
  now: Date;
}

/** The trailer, or undefined when the line is a run. */
export function asTrailer(value: Record<string, unknown>): Trailer | undefined {
  if (value.end !== true) return undefined;
  if (value.format !== FORMAT || !Number.isSafeInteger(value.runs) || (value.runs as number) < 0)
    throw new FormatError('the trailer must be {"format":"jux-serve-export","end":true,"runs":N}');
  return value as unknown as Trailer;
}

const HASH = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function text(v: Record<string, unknown>, key: string, nullable = false): void {
  const value = v[key];
  if (nullable && value === null) return;
  if (typeof value !== "string")
    throw new FormatError(`"${key}" must be a string${nullable ? " or null" : ""}`);
}

/** A run line checked field by field (hostile input); the report's bytes are checked later, by ingesting them. */
export function parseRunLine(value: Record<string, unknown>, bounds: TimeBounds): RunLine {
  for (const key of ["id", "canonical_hash", "project", "inserted_at", "report"]) text(value, key);
  for (const key of ["branch", "commit_sha", "signer"]) text(value, key, true);
  if (!UUID.test(value.id as string))
    throw new FormatError('"id" must be a run id as jux serve makes them, a lowercase UUID');
  if (!HASH.test(value.canonical_hash as string))
    throw new FormatError('"canonical_hash" must be 64 lowercase hexadecimal digits');
  const at = value.inserted_at as string;
  const time = Date.parse(at);
  if (!STORED_TIME.test(at) || Number.isNaN(time) || new Date(time).toISOString() !== at)
    throw new FormatError(
      '"inserted_at" must be an ISO time as jux serve stores it (2026-01-31T12:00:00.000Z)',
    );
  const latest = Math.min(Date.parse(bounds.exportedAt), bounds.now.getTime()) + SKEW_MS;
  if (time < EARLIEST || time > latest)
    throw new FormatError(
      `"inserted_at" ${at} is before 2000 or after the export (${bounds.exportedAt}) or now, past a day's ` +
        "skew: a run cannot be stored in the future (it would stay a branch's newest run and base)",
    );
  if (!Array.isArray(value.tags) || !value.tags.every((t) => typeof t === "string"))
    throw new FormatError('"tags" must be an array of strings');
  if (
    !Array.isArray(value.properties) ||
    !value.properties.every(
      (p: unknown) =>
        typeof p === "object" &&
        p !== null &&
        typeof (p as Record<string, unknown>).name === "string" &&
        typeof (p as Record<string, unknown>).value === "string",
    )
  )
    throw new FormatError('"properties" must be an array of {"name","value"} strings');
  const report = value.report as string;
  if (report.length === 0 || report.length % 4 !== 0 || !BASE64.test(report))
    throw new FormatError('"report" must be the report\'s bytes in base64');
  return value as unknown as RunLine;
}

/** A line of the file: the header's number is 1. */
export function parseLine(line: string): Record<string, unknown> {
  return parseJson(line, "the line");
}

/** The facts a run line states that its report must say too (recomputed on import: else the line was edited). */
export interface StatedFacts {
  canonical_hash: string;
  project: string;
  branch: string | null;
  commit_sha: string | null;
  properties: Property[];
}

/**
 * A report's stated facts as jux serve files a run: the LAST property of a name wins (run-identity.ts); an absent
 * or empty project is "" (jux serve refuses such a report), an absent or empty branch or commit null.
 */
export function statedFacts(canonicalHash: string, properties: Property[]): StatedFacts {
  const props = propertyMap(properties);
  return {
    canonical_hash: canonicalHash,
    project: props.get("project") ?? "",
    branch: props.get("git:branch") || null,
    commit_sha: props.get("git:commit") || null,
    properties,
  };
}

/** The first fact a line states that differs from its report's (recomputed from the verbatim XML), or undefined. */
export function lineMismatch(line: RunLine, report: StatedFacts): string | undefined {
  const pairs: [string, unknown, unknown][] = [
    ["canonical_hash", line.canonical_hash, report.canonical_hash],
    ["project", line.project, report.project],
    ["branch", line.branch, report.branch],
    ["commit_sha", line.commit_sha, report.commit_sha],
    ["properties", JSON.stringify(line.properties), JSON.stringify(report.properties)],
  ];
  const [name] = pairs.find(([, a, b]) => a !== b) ?? [];
  return (
    name && `its "${name}" differs from the report's (recomputed from the verbatim XML): the line was altered`
  );
}

/** A report's tags, as jux serve reads them: `jux:tags` (else `tags`), comma-separated. */
export function tagsOf(properties: readonly Property[]): string[] {
  const raw = properties.find((p) => p.name === "jux:tags" || p.name === "tags")?.value ?? "";
  return raw
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * The run id of a report that has none (the local store keys reports by canonical hash): a UUID made from the
 * hash (version 8, RFC 9562), so that exporting the same report twice gives the same line.
 */
export function runIdOf(canonicalHash: string): string {
  const h = createHash("sha256").update(`jux-run:${canonicalHash}`).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

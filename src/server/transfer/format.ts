/**
 * The export format lives in core (core/transfer/jsonl.ts: jux cache export and import read and write it too);
 * this is the server's side of it: a database row turned into a run line.
 */
import { runLineText, type RunLine } from "../../core/transfer/jsonl.js";

export {
  asTrailer,
  FORMAT,
  FormatError,
  headerLine,
  parseHeader,
  parseLine,
  parseRunLine,
  trailerLine,
  VERSION,
  type ExportFilter,
  type Header,
  type RunLine,
  type TimeBounds,
  type Trailer,
} from "../../core/transfer/jsonl.js";

/** A run as the store hands it to the export, with its XML read separately (one at a time). */
export interface ExportRow extends Omit<RunLine, "tags" | "properties" | "report"> {
  rowid: number;
  /** JSON text, as stored. */
  tags: string;
  properties: string;
}

export function runLine(row: ExportRow, xml: Buffer): string {
  return runLineText({
    id: row.id,
    canonical_hash: row.canonical_hash,
    project: row.project,
    branch: row.branch,
    commit_sha: row.commit_sha,
    inserted_at: row.inserted_at,
    signer: row.signer,
    tags: JSON.parse(row.tags) as string[],
    properties: JSON.parse(row.properties) as RunLine["properties"],
    report: xml.toString("base64"),
  });
}

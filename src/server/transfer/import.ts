import { randomUUID } from "node:crypto";
import { ingest, type SignaturePolicy } from "../ingest.js";
import type { NewRun } from "../schema.js";
import type { Store } from "../store.js";
import type { Line } from "./lines.js";
import {
  asTrailer,
  FormatError,
  lineMismatch,
  parseHeader,
  parseLine,
  parseRunLine,
  type Header,
  type OnConflict,
  type RunLine,
  type TimeBounds,
} from "../../core/transfer/jsonl.js";

export { ON_CONFLICT, type OnConflict } from "../../core/transfer/jsonl.js";

/** What importing one run does, given what the database holds of its identity (canonical hash) and its id. */
export type Decision =
  | { kind: "import"; id: string }
  | { kind: "skip"; reason: "same-report" | "id-taken"; existing: string }
  | { kind: "replace"; id: string; remove: string[] }
  | { kind: "keep-both"; id: string };

/**
 * The canonical hash is a report's identity: the same hash is the same report, kept once (skipped) unless
 * `replace`. An id held by a different report is a clash: `skip` keeps the stored run, `replace` the imported one,
 * `keep-both` both (the imported run under a new id).
 */
export function decide(
  mode: OnConflict,
  line: { id: string; hash: string },
  held: { byHash: string | undefined; idHash: string | undefined },
  newId: () => string,
): Decision {
  const idTaken = held.idHash !== undefined && held.idHash !== line.hash;
  if (held.byHash !== undefined) {
    if (mode !== "replace") return { kind: "skip", reason: "same-report", existing: held.byHash };
    const remove = [held.byHash, ...(idTaken && line.id !== held.byHash ? [line.id] : [])];
    return { kind: "replace", id: line.id, remove };
  }
  if (!idTaken) return { kind: "import", id: line.id };
  if (mode === "skip") return { kind: "skip", reason: "id-taken", existing: line.id };
  if (mode === "replace") return { kind: "replace", id: line.id, remove: [line.id] };
  return { kind: "keep-both", id: newId() };
}

export interface ImportSummary {
  imported: number;
  skippedSame: number;
  skippedIdTaken: number;
  replaced: number;
  keptBoth: number;
  refused: number;
  /** Problems of the file as a whole (no trailer, a count that differs): it may be truncated. */
  problems: string[];
}

export function summaryLine(s: ImportSummary): string {
  return (
    `imported ${s.imported}, skipped ${s.skippedSame + s.skippedIdTaken} ` +
    `(${s.skippedSame} already stored: same canonical hash; ${s.skippedIdTaken} run id held by another report), ` +
    `replaced ${s.replaced}, kept both ${s.keptBoth}, refused ${s.refused}`
  );
}

export interface ImportOptions {
  onConflict: OnConflict;
  policy: SignaturePolicy;
  /** The largest report accepted (as jux serve --max-body). */
  maxReport: number;
  /** Said as it happens: a refused line, a run kept twice. */
  say: (message: string) => void;
  /** The time (a line's inserted_at may not be after it, past a day's skew); default the clock's. */
  now?: () => Date;
}

/** Facts a line states that its report must say too: else the line was edited, and is refused. */
function mismatch(line: RunLine, run: NewRun): string | undefined {
  return lineMismatch(line, {
    canonical_hash: run.canonicalHash,
    project: run.project,
    branch: run.branch ?? null,
    commit_sha: run.commitSha ?? null,
    properties: run.properties,
  });
}

/** Reads, recomputes and checks one run line: the run to store, or why the line is refused. */
async function checkedRun(
  text: string,
  options: ImportOptions,
  bounds: TimeBounds,
): Promise<{ line: RunLine; run: NewRun } | string> {
  let line: RunLine;
  try {
    line = parseRunLine(parseLine(text), bounds);
  } catch (e) {
    if (e instanceof FormatError) return e.message;
    throw e;
  }
  const xml = Buffer.from(line.report, "base64");
  if (xml.length > options.maxReport)
    return `its report is ${xml.length} bytes, above --max-body (${options.maxReport})`;
  const ingested = await ingest(xml, options.policy, { maxBytes: options.maxReport });
  if (!ingested.ok) {
    const message = ingested.body.details?.message;
    return `its report is refused: ${ingested.body.error}${typeof message === "string" ? ` (${message})` : ""}`;
  }
  const problem = mismatch(line, ingested.run);
  return problem ?? { line, run: ingested.run };
}

/**
 * Stores one checked run as the conflict mode decides, in one transaction with its rows: decided on what `tx`
 * reads, so that a transaction run again (PostgreSQL, after losing a race) decides again.
 */
function store(db: Store, line: RunLine, run: NewRun, mode: OnConflict): Promise<Decision> {
  return db.transaction(async (tx) => {
    const held = { byHash: await tx.runByHash(run.canonicalHash), idHash: await tx.hashOfRun(line.id) };
    const decision = decide(mode, { id: line.id, hash: run.canonicalHash }, held, randomUUID);
    if (decision.kind === "skip") return decision;
    // A replaced run goes as retention deletes one: its rows, its remembered responses, then the tests no run has.
    const gone =
      decision.kind === "replace" ? await tx.deleteRunRows(decision.remove) : new Map<string, Set<string>>();
    await tx.importRun(run, decision.id, line.inserted_at);
    for (const [project, keys] of gone) await tx.pruneTestKeyRows(project, keys);
    return decision;
  });
}

function count(s: ImportSummary, d: Decision): void {
  if (d.kind === "import") s.imported++;
  else if (d.kind === "replace") s.replaced++;
  else if (d.kind === "keep-both") s.keptBoth++;
  else if (d.reason === "same-report") s.skippedSame++;
  else s.skippedIdTaken++;
}

/**
 * Imports an export line by line: the header must be this format and version (else nothing is imported); each run
 * line is checked and stored on its own, a bad one refused by its number and reason while the others go in.
 */
export async function importLines(
  db: Store,
  lines: AsyncIterable<Line>,
  file: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const s: ImportSummary = {
    imported: 0,
    skippedSame: 0,
    skippedIdTaken: 0,
    replaced: 0,
    keptBoth: 0,
    refused: 0,
    problems: [],
  };
  const refuse = (n: number, why: string) => (s.refused++, options.say(`${file} line ${n} refused: ${why}`));
  let header: TimeBounds | undefined;
  let trailer: number | undefined;
  let runs = 0;
  for await (const l of lines) {
    if ("tooLong" in l) {
      if (!header)
        throw new FormatError(`${file} line 1 is ${l.tooLong} bytes: not a jux serve export header`);
      refuse(
        l.n,
        `it is ${l.tooLong} bytes, longer than a line may be (raise --max-body if the report is real)`,
      );
      continue;
    }
    if (!header) {
      header = { exportedAt: headerOf(l.text, file).exported_at, now: options.now?.() ?? new Date() };
      continue;
    }
    if (l.text.trim() === "") continue;
    if (trailer !== undefined) {
      refuse(l.n, "it follows the trailer line (the end of the export)");
      continue;
    }
    const end = trailerOf(l.text);
    if (end !== undefined) {
      if (typeof end === "string") refuse(l.n, end);
      else trailer = end;
      continue;
    }
    runs++;
    const checked = await checkedRun(l.text, options, header);
    if (typeof checked === "string") {
      refuse(l.n, checked);
      continue;
    }
    const decision = await store(db, checked.line, checked.run, options.onConflict);
    if (decision.kind === "keep-both")
      options.say(
        `${file} line ${l.n}: run ${checked.line.id} is another report here (different canonical hash): imported as ${decision.id}`,
      );
    count(s, decision);
  }
  if (!header) throw new FormatError(`${file} is empty: not a jux serve export`);
  if (trailer === undefined)
    s.problems.push(
      `${file} ends without its trailer line: the export is incomplete (truncated?); export it again`,
    );
  else if (trailer !== runs)
    s.problems.push(
      `${file}: its trailer counts ${trailer} runs, the file has ${runs} run lines: export it again`,
    );
  return s;
}

/** The trailer's run count, a reason the trailer line is wrong, or undefined for a run line. */
function trailerOf(text: string): number | string | undefined {
  if (!text.includes('"end"')) return undefined;
  try {
    return asTrailer(parseLine(text))?.runs;
  } catch (e) {
    if (e instanceof FormatError) return e.message;
    throw e;
  }
}

/** The header checked, its error naming the file. */
function headerOf(text: string, file: string): Header {
  try {
    return parseHeader(text);
  } catch (e) {
    if (e instanceof FormatError) throw new FormatError(`${file} ${e.message}`, { cause: e });
    throw e;
  }
}

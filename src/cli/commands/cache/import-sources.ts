/**
 * The two files `jux cache import` reads: a JSON Lines export (jux serve export, jux cache export --format jsonl),
 * line by line within bounds, and a tar export (jux cache export --format tar), its headers all checked first.
 * Each report goes through checkReport; a refused one is named (its line, its member) and the others go on.
 */
import { createReadStream } from "node:fs";
import type { TrustedKey } from "../../../core/crypto/keys.js";
import { readLines } from "../../../core/transfer/lines.js";
import {
  asTrailer,
  FormatError,
  lineMismatch,
  parseHeader,
  parseLine,
  parseRunLine,
  statedFacts,
  type TimeBounds,
} from "../../../core/transfer/jsonl.js";
import {
  checkArchive,
  MANIFEST,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  readMembers,
  REPORT_MEMBER,
  TAR_LIMITS,
} from "../../../core/transfer/tar.js";
import { checkReport, type ImportWriter } from "./import-report.js";

export interface ImportSource {
  file: string;
  trusted: TrustedKey[] | undefined;
  writer: ImportWriter;
  /** A refused report (its line or member) and why, said as it happens (standard error). */
  refuse: (source: string, why: string) => void;
  /** Something said about the file that refuses nothing (standard error). */
  note: (line: string) => void;
  now: Date;
  /** The largest report accepted (--max-size): a longer line is refused unread, a larger tar member refuses the tar. */
  maxBytes: number;
}

/** A line holds a report in base64 (4/3 of its size) and its facts: bounded by --max-size, with room. */
const maxLine = (maxBytes: number) => Math.ceil((maxBytes * 4) / 3) + 1024 ** 2;

/** Why a run line cannot be imported, or its report checked. */
async function checkedLine(text: string, bounds: TimeBounds, src: ImportSource, n: number) {
  let line;
  try {
    line = parseRunLine(parseLine(text), bounds);
  } catch (e) {
    if (e instanceof FormatError) return { problem: e.message };
    throw e;
  }
  const xml = Buffer.from(line.report, "base64");
  if (xml.length > src.maxBytes)
    return { problem: `its report is ${xml.length} bytes, above --max-size (${src.maxBytes})` };
  const limits = { maxBytes: src.maxBytes };
  const report = await checkReport(xml, `${src.file} line ${n}`, src.trusted, limits);
  if ("problem" in report) return report;
  const mismatch = lineMismatch(line, statedFacts(report.hash, report.properties));
  return mismatch ? { problem: mismatch } : report;
}

/** Imports a JSON Lines export: a bad header imports nothing (FormatError); a bad line is refused by number. */
export async function importJsonl(src: ImportSource): Promise<void> {
  const { tally } = src.writer;
  const refuse = (n: number, why: string) => (tally.refused++, src.refuse(`${src.file} line ${n}`, why));
  let bounds: TimeBounds | undefined;
  let trailer: number | undefined;
  let runs = 0;
  for await (const l of readLines(createReadStream(src.file), maxLine(src.maxBytes))) {
    if (!bounds) {
      if ("tooLong" in l)
        throw new FormatError(`${src.file} line 1 is ${l.tooLong} bytes: not an export header`);
      try {
        bounds = { exportedAt: parseHeader(l.text).exported_at, now: src.now };
      } catch (e) {
        if (e instanceof FormatError) throw new FormatError(`${src.file} ${e.message}`, { cause: e });
        throw e;
      }
      continue;
    }
    if ("tooLong" in l) {
      refuse(l.n, `it is ${l.tooLong} bytes, longer than a line holding a report of --max-size may be`);
      continue;
    }
    if (l.text.trim() === "") continue;
    if (trailer !== undefined) {
      refuse(l.n, "it follows the trailer line (the end of the export)");
      continue;
    }
    if (l.text.includes('"end"')) {
      try {
        const end = asTrailer(parseLine(l.text));
        if (end) {
          trailer = end.runs;
          continue;
        }
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        refuse(l.n, e.message);
        continue;
      }
    }
    runs++;
    const checked = await checkedLine(l.text, bounds, src, l.n);
    if ("problem" in checked) refuse(l.n, checked.problem);
    else await src.writer.add(checked);
  }
  await src.writer.flush();
  if (!bounds) throw new FormatError(`${src.file} is empty: not an export`);
  if (trailer === undefined)
    tally.problems.push(`${src.file} ends without its trailer line: the export is incomplete (truncated?)`);
  else if (trailer !== runs)
    tally.problems.push(`${src.file}: its trailer counts ${trailer} runs, the file has ${runs} run lines`);
}

/** The largest manifest.json parsed (about 35 000 reports' entries); a bigger one is skipped, not trusted. */
export const MANIFEST_PARSED_BYTES = 16 * 1024 * 1024;

/** The hashes manifest.json lists, or a problem with it. */
function manifestHashes(bytes: Buffer): Set<string> | string {
  let manifest: { format?: unknown; version?: unknown; reports?: unknown };
  try {
    manifest = JSON.parse(bytes.toString("utf8")) as typeof manifest;
  } catch {
    return `${MANIFEST} is not JSON`;
  }
  if (manifest?.format !== MANIFEST_FORMAT || manifest.version !== MANIFEST_VERSION)
    return `${MANIFEST} is not a jux cache export manifest of version ${MANIFEST_VERSION}`;
  if (!Array.isArray(manifest.reports)) return `${MANIFEST} has no "reports" list`;
  const hashes = (manifest.reports as { hash?: unknown }[]).map((r) => r?.hash);
  return new Set(hashes.filter((h): h is string => typeof h === "string"));
}

/**
 * Imports a tar export. Every member header is checked first (checkArchive: a link, a directory, a path, an unknown
 * name, a size over the limits refuses the whole archive, nothing imported); then each `<hash>.xml` is checked,
 * and must have the canonical hash its name claims (never trusted: it is recomputed).
 */
export async function importTar(src: ImportSource): Promise<void> {
  const { tally } = src.writer;
  const limits = { ...TAR_LIMITS, memberBytes: src.maxBytes };
  const names = await checkArchive(src.file, limits);
  let listed: Set<string> | undefined;
  const found = new Set<string>();
  for await (const { name, bytes } of readMembers(src.file, limits)) {
    if (name === MANIFEST) {
      // Only a list to cross-check (every report is checked on its own): a big one is not parsed into memory.
      if (bytes.length > MANIFEST_PARSED_BYTES) {
        src.note(
          `${src.file}: ${MANIFEST} is ${bytes.length} bytes, over ${MANIFEST_PARSED_BYTES}: not cross-checked (each report is checked on its own)`,
        );
        continue;
      }
      const hashes = manifestHashes(bytes);
      if (typeof hashes === "string") tally.problems.push(`${src.file}: ${hashes}`);
      else listed = hashes;
      continue;
    }
    const claimed = REPORT_MEMBER.exec(name)![1]!;
    found.add(claimed);
    const source = `${src.file} member ${name}`;
    const report = await checkReport(bytes, source, src.trusted, { maxBytes: src.maxBytes });
    const problem =
      "problem" in report
        ? report.problem
        : report.hash !== claimed
          ? `its canonical hash is sha256:${report.hash}, not the one its name claims (the file was modified)`
          : undefined;
    if (problem !== undefined) {
      tally.refused++;
      src.refuse(source, problem);
    } else if (!("problem" in report)) await src.writer.add(report);
  }
  await src.writer.flush();
  if (!names.includes(MANIFEST))
    tally.problems.push(`${src.file} has no ${MANIFEST}: the archive is incomplete (truncated?)`);
  else if (listed) {
    const inManifest = listed;
    const missing = [...inManifest].filter((h) => !found.has(h)).length;
    const extra = [...found].filter((h) => !inManifest.has(h)).length;
    if (missing || extra)
      tally.problems.push(
        `${src.file}: ${MANIFEST} lists ${listed.size} reports; ${missing} of them are missing and ${extra} others are present`,
      );
  }
}

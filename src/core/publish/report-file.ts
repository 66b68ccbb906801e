import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { osReason } from "../errors.js";
import type { ReportSummary } from "../junit/summary.js";
import { readReport } from "../report/read-report.js";
import { DEFAULT_LIMITS, type ReadLimits, type XmlHandler } from "../xml/reader.js";
import type { Report } from "./modes.js";
import { bytesOnce } from "../report/sources.js";
import { HASH } from "../store/types.js";

export interface LoadedReport extends Report {
  summary: ReportSummary;
  signed: boolean;
}

/** A report's bytes checked by the strict reader, with its canonical hash: what the store and client need. */
export async function loadReportBytes(
  xml: Buffer,
  source: string,
  limits?: Partial<ReadLimits>,
  also?: XmlHandler,
): Promise<LoadedReport> {
  const open = () => bytesOnce(xml);
  const reading = await readReport({
    source,
    open,
    reread: open,
    ...(limits ? { limits } : {}),
    ...(also ? { also } : {}),
  });
  return {
    id: source,
    xml,
    hash: reading.canonicalHash,
    summary: reading.summary,
    signed: reading.signature !== undefined,
  };
}

/** A file's bytes, after checking its size against the cap. */
async function readCapped(path: string, source: string, limits?: Partial<ReadLimits>): Promise<Buffer> {
  const max = limits?.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  try {
    const { size } = await stat(path);
    if (size > max) throw new Error(`${source}: the file is ${size} bytes, over the ${max}-byte limit`);
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code)
      throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
    throw e;
  }
}

/** Reads a report file whole (after checking its size against the cap) and checks it; `also` sees its events. */
export async function loadReportFile(
  path: string,
  source = path,
  limits?: Partial<ReadLimits>,
  also?: XmlHandler,
): Promise<LoadedReport> {
  return loadReportBytes(await readCapped(path, source, limits), source, limits, also);
}

/** A report file this job wrote: the SHA-256 of the bytes written, and the canonical hash found in writing them. */
export interface WrittenReport {
  name: string;
  path: string;
  hash: string;
  sha256?: string;
}

/**
 * Reads back a report file this job wrote (the action's post step, main's copies): while its bytes are the ones
 * written (their SHA-256 matches), the canonical hash found in writing them stands without a second parse;
 * otherwise (changed since, or no SHA-256 recorded) it is read and checked whole, as any other report.
 */
export async function loadWrittenReport(w: WrittenReport, limits?: Partial<ReadLimits>): Promise<Report> {
  const xml = await readCapped(w.path, w.name, limits);
  // A manifest is a file another step of the job could rewrite: hashes that are not SHA-256 hex are not believed.
  if (
    w.sha256 !== undefined &&
    HASH.test(w.sha256) &&
    HASH.test(w.hash) &&
    createHash("sha256").update(xml).digest("hex") === w.sha256
  )
    return { id: w.name, xml, hash: w.hash };
  return loadReportBytes(xml, w.name, limits);
}

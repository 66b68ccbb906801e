import { readFile, stat } from "node:fs/promises";
import { osReason } from "../errors.js";
import type { ReportSummary } from "../junit/summary.js";
import { readReport } from "../report/read-report.js";
import { DEFAULT_LIMITS, type ReadLimits, type XmlHandler } from "../xml/reader.js";
import type { Report } from "./modes.js";
import { bytesOnce } from "../report/sources.js";

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
  const reading = await readReport({
    source,
    open: () => bytesOnce(xml),
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

/** Reads a report file whole (after checking its size against the cap) and checks it; `also` sees its events. */
export async function loadReportFile(
  path: string,
  source = path,
  limits?: Partial<ReadLimits>,
  also?: XmlHandler,
): Promise<LoadedReport> {
  const max = limits?.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  let xml: Buffer;
  try {
    const { size } = await stat(path);
    if (size > max) throw new Error(`${source}: the file is ${size} bytes, over the ${max}-byte limit`);
    xml = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code)
      throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
    throw e;
  }
  return loadReportBytes(xml, source, limits, also);
}

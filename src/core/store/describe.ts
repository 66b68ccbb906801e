import { readReport } from "../report/read-report.js";
import type { StoredEntry } from "./types.js";
import { bytesOnce } from "../report/sources.js";

/** What the index keeps of a report besides where it is. */
export type ReportFacts = Omit<StoredEntry, "hash" | "area" | "path" | "size" | "storedAt">;

/** Reads `bytes` with the strict reader: its canonical hash and the facts the index keeps. Throws XmlError. */
export async function describeReport(
  bytes: Buffer,
  source: string,
): Promise<{ hash: string; facts: ReportFacts }> {
  const reading = await readReport({ source, open: () => bytesOnce(bytes) });
  const s = reading.summary;
  const property = (name: string) => s.properties.find((p) => p.name === name)?.value;
  const facts: ReportFacts = {
    tests: s.tests,
    failures: s.failures,
    errors: s.errors,
    skipped: s.skipped,
    passed: s.passed,
    time: s.time,
    signed: reading.signature !== undefined,
  };
  const optional = {
    project: "project",
    branch: "git:branch",
    commit: "git:commit",
    timestamp: "jux:timestamp",
  };
  for (const [key, name] of Object.entries(optional) as [keyof typeof optional, string][]) {
    const value = property(name);
    if (value !== undefined) facts[key] = value;
  }
  return { hash: reading.canonicalHash, facts };
}

import { createHash } from "node:crypto";
import type { ReportSummary } from "../junit/summary.js";
import { readReport } from "../report/read-report.js";
import type { StoredEntry } from "./types.js";
import { bytesOnce } from "../report/sources.js";

/** What the index keeps of a report besides where it is. */
export type ReportFacts = Omit<
  StoredEntry,
  "hash" | "area" | "path" | "size" | "storedAt" | "compression" | "originalSize"
>;

/** Reads `bytes` with the strict reader: its canonical hash and the facts the index keeps. Throws XmlError. */
export async function describeReport(
  bytes: Buffer,
  source: string,
): Promise<{ hash: string; facts: ReportFacts }> {
  const reading = await readReport({ source, open: () => bytesOnce(bytes) });
  return { hash: reading.canonicalHash, facts: factsOf(reading.summary, reading.signature !== undefined) };
}

/** The facts the index keeps, from a strict read's summary. */
export function factsOf(s: ReportSummary, signed: boolean): ReportFacts {
  const property = (name: string) => s.properties.find((p) => p.name === name)?.value;
  const facts: ReportFacts = {
    tests: s.tests,
    failures: s.failures,
    errors: s.errors,
    skipped: s.skipped,
    passed: s.passed,
    time: s.time,
    signed,
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
  return facts;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/**
 * What a caller's strict read of `bytes` found, bound to that Buffer: put takes its hash and facts instead of
 * reading the report again, only for this very Buffer, with the bytes it had when checked (a SHA-256 of them is
 * taken now and compared then), and under the hash it names; otherwise put reads the bytes itself. Make it
 * right after the read, from that read's result for these bytes: see checkedReport.
 */
export interface CheckedReport {
  readonly bytes: Buffer;
  readonly hash: string;
  readonly facts: ReportFacts;
  readonly sha256: string;
}

/**
 * Binds the result of one strict read (readReport, verifyReport, loadReportBytes) to the Buffer it read. The
 * caller vouches that `read` is that read of `bytes`; the store still refuses it for any other Buffer or bytes.
 */
export function checkedReport(
  bytes: Buffer,
  read: { canonicalHash: string; summary: ReportSummary; signed: boolean },
): CheckedReport {
  return Object.freeze({
    bytes,
    hash: read.canonicalHash,
    facts: Object.freeze(factsOf(read.summary, read.signed)),
    sha256: sha256(bytes),
  });
}

/** The hash and facts of `checked` when it is for exactly `bytes` (this Buffer, unchanged) and `hash`; else undefined. */
export function checkedFor(
  checked: CheckedReport | undefined,
  bytes: Buffer,
  hash: string,
): { hash: string; facts: ReportFacts } | undefined {
  if (checked === undefined || checked.bytes !== bytes || checked.hash !== hash) return undefined;
  if (sha256(bytes) !== checked.sha256) return undefined;
  return { hash: checked.hash, facts: { ...checked.facts } };
}

/**
 * What `jux cache export` writes of the selected reports, per format: JSON Lines (jux serve's export format, one
 * run per report), CSV (one row per report from the index alone, or one per test), or a tar of the reports.
 */
import type { Writable } from "node:stream";
import { drained } from "../../../core/fs/drained.js";
import { runStatus } from "../../../core/junit/outcome.js";
import { readReport } from "../../../core/report/read-report.js";
import { bytesOnce } from "../../../core/report/sources.js";
import { readTests } from "../../../core/store/compare.js";
import type { ReportStore, StoredEntry } from "../../../core/store/store.js";
import { csvRow } from "../../../core/transfer/csv.js";
import {
  headerLine,
  runIdOf,
  runLineText,
  statedFacts,
  tagsOf,
  trailerLine,
  type ExportFilter,
} from "../../../core/transfer/jsonl.js";
import {
  MANIFEST,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  writeTar,
  type TarMember,
} from "../../../core/transfer/tar.js";
import { errorMessage } from "../../../core/errors.js";

export const FORMATS = ["jsonl", "csv", "tar"] as const;
export type ExportFormat = (typeof FORMATS)[number];
export const PER = ["run", "test"] as const;
export type Per = (typeof PER)[number];

export interface ExportJob {
  store: ReportStore;
  entries: StoredEntry[];
  /** Written as the header's (jsonl) or the manifest's (tar) filter. */
  filter: ExportFilter & Record<string, string>;
  now: Date;
  /** A report that could not be read (damaged: the store quarantined it): said, and left out. */
  skip: (entry: StoredEntry, why: string) => void;
  progress?: ((done: number, total: number) => void) | undefined;
}

async function write(out: Writable, text: string): Promise<void> {
  out.write(text);
  await drained(out);
}

const iso = (at: string) => new Date(Date.parse(at)).toISOString();

/** Each selected report's original bytes through the store's read, oldest first; an unreadable one is skipped. */
async function* reports(job: ExportJob): AsyncGenerator<{ entry: StoredEntry; bytes: Buffer }> {
  for (const [i, entry] of job.entries.entries()) {
    let bytes: Buffer | undefined;
    try {
      bytes = await job.store.read(entry.area, entry.hash);
    } catch (e) {
      job.skip(entry, errorMessage(e));
    }
    if (bytes) yield { entry, bytes };
    job.progress?.(i + 1, job.entries.length);
  }
}

/** JSON Lines as `jux serve export` writes them; a report's run id is made from its hash (runIdOf). */
export async function writeJsonl(out: Writable, job: ExportJob): Promise<number> {
  await write(out, headerLine(job.filter, job.now));
  let n = 0;
  for await (const { entry, bytes } of reports(job)) {
    const source = job.store.id(entry.area, entry.hash);
    const reading = await readReport({ source, open: () => bytesOnce(bytes) });
    const facts = statedFacts(reading.canonicalHash, reading.summary.properties);
    const line = runLineText({
      id: runIdOf(reading.canonicalHash),
      ...facts,
      inserted_at: iso(entry.storedAt),
      signer: null,
      tags: tagsOf(facts.properties),
      report: bytes.toString("base64"),
    });
    await write(out, line);
    n++;
  }
  await write(out, trailerLine(n));
  return n;
}

const RUN_COLUMNS = [
  "hash",
  "area",
  "stored_at",
  "timestamp",
  "project",
  "branch",
  "commit",
  "status",
  "tests",
  "passed",
  "failures",
  "errors",
  "skipped",
  "time",
  "has_signature",
];

/** One row per report, from the index alone (no report is read). */
export async function writeCsvRuns(out: Writable, job: ExportJob): Promise<number> {
  await write(out, csvRow(RUN_COLUMNS));
  for (const e of job.entries)
    await write(
      out,
      csvRow([
        e.hash,
        e.area,
        e.storedAt,
        e.timestamp,
        e.project,
        e.branch,
        e.commit,
        runStatus(e),
        e.tests,
        e.passed,
        e.failures,
        e.errors,
        e.skipped,
        e.time,
        e.signed,
      ]),
    );
  return job.entries.length;
}

const TEST_COLUMNS = [
  "hash",
  "project",
  "branch",
  "commit",
  "timestamp",
  "suite",
  "classname",
  "name",
  "file",
  "line",
  "outcome",
  "duration",
  "retries",
  "failure_type",
  "failure_message",
];

/** One row per test of each report (the per-test model: a test's retries merged, flaky as its outcome). */
export async function writeCsvTests(out: Writable, job: ExportJob): Promise<number> {
  await write(out, csvRow(TEST_COLUMNS));
  let n = 0;
  for await (const { entry: e, bytes } of reports(job)) {
    const { run } = await readTests({ source: job.store.id(e.area, e.hash), open: () => bytesOnce(bytes) });
    for (const t of run.tests)
      await write(
        out,
        csvRow([
          e.hash,
          e.project,
          e.branch,
          e.commit,
          e.timestamp,
          t.suite,
          t.classname,
          t.name,
          t.file,
          t.line,
          t.outcome,
          t.duration,
          t.retries,
          t.failure?.type,
          t.failure?.message,
        ]),
      );
    n++;
  }
  return n;
}

/** What manifest.json says of one report of the archive. */
function manifestEntry(e: StoredEntry, bytes: number) {
  return {
    file: `${e.hash}.xml`,
    hash: e.hash,
    area: e.area,
    stored_at: e.storedAt,
    ...(e.timestamp !== undefined ? { timestamp: e.timestamp } : {}),
    ...(e.project !== undefined ? { project: e.project } : {}),
    ...(e.branch !== undefined ? { branch: e.branch } : {}),
    ...(e.commit !== undefined ? { commit: e.commit } : {}),
    status: runStatus(e),
    has_signature: e.signed,
    bytes,
  };
}

/** The reports as `<hash>.xml` (their original bytes, as signed), then manifest.json listing them. */
export async function writeTarArchive(out: Writable, job: ExportJob): Promise<number> {
  const listed: ReturnType<typeof manifestEntry>[] = [];
  async function* members(): AsyncGenerator<TarMember> {
    for await (const { entry, bytes } of reports(job)) {
      listed.push(manifestEntry(entry, bytes.length));
      yield { name: `${entry.hash}.xml`, bytes, mtime: new Date(Date.parse(entry.storedAt)) };
    }
    const manifest = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      exported_at: job.now.toISOString(),
      filter: job.filter,
      reports: listed,
    };
    yield { name: MANIFEST, bytes: Buffer.from(JSON.stringify(manifest, null, 1) + "\n"), mtime: job.now };
  }
  await writeTar(out, members());
  return listed.length;
}

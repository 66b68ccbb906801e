/**
 * One imported report: checked as hostile input (the strict reader, the canonical hash recomputed, with --cert its
 * signature verified), then stored in reports/ as --on-conflict says, in batches of the store (its lock and index
 * once per stretch, not per report).
 */
import type { TrustedKey } from "../../../core/crypto/keys.js";
import { errorMessage } from "../../../core/errors.js";
import type { Property } from "../../../core/junit/summary.js";
import { loadReportBytes } from "../../../core/publish/report-file.js";
import { verifyReport } from "../../../core/report/verify-report.js";
import { bytesOnce } from "../../../core/report/sources.js";
import type { ReadLimits } from "../../../core/xml/reader.js";
import { checkedReport, type CheckedReport, type ReportStore } from "../../../core/store/store.js";
import type { OnConflict } from "../../../core/transfer/jsonl.js";

/** A report that passed its checks: its canonical hash (recomputed), its properties, the read bound to its bytes. */
export interface Checked {
  /** How messages name it: `FILE line N`, `FILE member <hash>.xml`. */
  source: string;
  xml: Buffer;
  hash: string;
  properties: Property[];
  checked: CheckedReport;
}

/** Reads `xml` strictly and, with `trusted`, verifies its signature: the checked report, or why it is refused. */
export async function checkReport(
  xml: Buffer,
  source: string,
  trusted: TrustedKey[] | undefined,
  limits: Partial<ReadLimits>,
): Promise<Checked | { problem: string }> {
  try {
    if (trusted) {
      const open = () => bytesOnce(xml);
      const verdict = await verifyReport({ source, open, reread: open, trusted, limits });
      if (!verdict.valid) return { problem: `its signature does not verify: ${verdict.error}` };
      const read = { ...verdict, signed: true };
      const hash = verdict.canonicalHash;
      return { source, xml, hash, properties: verdict.summary.properties, checked: checkedReport(xml, read) };
    }
    const read = await loadReportBytes(xml, source, limits);
    const checked = checkedReport(xml, { ...read, canonicalHash: read.hash });
    return { source, xml, hash: read.hash, properties: read.summary.properties, checked };
  } catch (e) {
    return { problem: `it is not a report the strict reader accepts: ${errorMessage(e)}` };
  }
}

export interface ImportTally {
  imported: number;
  /** Already in reports/ (same canonical hash): kept as stored (skip, keep-both). */
  skipped: number;
  replaced: number;
  refused: number;
  /** Problems of the file as a whole (a missing trailer or manifest, a count that differs). */
  problems: string[];
}

export function emptyTally(): ImportTally {
  return { imported: 0, skipped: 0, replaced: 0, refused: 0, problems: [] };
}

export function tallyLine(t: ImportTally): string {
  return (
    `imported ${t.imported}, skipped ${t.skipped} (already stored: same canonical hash), ` +
    `replaced ${t.replaced}, refused ${t.refused}`
  );
}

/** Checked reports waiting for the store, flushed as one batch once this many or this many bytes wait. */
const BATCH_REPORTS = 256;
const BATCH_BYTES = 64 * 1024 ** 2;

/**
 * Stores checked reports in reports/, in batches. The canonical hash is the report's name: the same hash is the
 * same report (the signature is not part of it), so `skip` and `keep-both` keep the stored copy, and `replace`
 * puts the imported bytes (e.g. signed by another key) in its place. A different report always has another name,
 * so nothing is ever lost to a conflict.
 */
export class ImportWriter {
  private pending: Checked[] = [];
  private bytes = 0;

  constructor(
    private readonly store: ReportStore,
    private readonly mode: OnConflict,
    readonly tally: ImportTally,
  ) {}

  async add(report: Checked): Promise<void> {
    this.pending.push(report);
    this.bytes += report.xml.length;
    if (this.pending.length >= BATCH_REPORTS || this.bytes >= BATCH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.bytes = 0;
    await this.store.batch(batch, async (r) => {
      const held = await this.store.has("reports", r.hash);
      if (held && this.mode !== "replace") {
        this.tally.skipped++;
        return;
      }
      // Replaced under the same hold of the lock: removed, then written from the checked bytes.
      if (held) await this.store.remove("reports", r.hash);
      await this.store.put("reports", r.xml, r.hash, r.checked);
      if (held) this.tally.replaced++;
      else this.tally.imported++;
    });
  }
}

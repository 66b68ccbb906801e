/**
 * How a queued report that comes back from outside (a cache entry, a pending artifact) is checked before it joins
 * the store's queue: the strict reader accepts it and, with trusted keys, its signature verifies against them.
 */
import type { TrustedKey } from "../crypto/keys.js";
import { errorMessage } from "../errors.js";
import { bytesOnce } from "../report/sources.js";
import { verifyReport } from "../report/verify-report.js";
import { checkedReport, type CheckedReport } from "../store/store.js";
import { loadReportBytes } from "./report-file.js";

/**
 * Checks one file; returns its canonical hash, or why it must not be trusted. `checked`: the read that found the
 * hash, bound to this very Buffer (checkedReport), which the store's put then need not do again.
 */
export type Vet = (
  xml: Buffer,
  source: string,
) => Promise<{ hash: string; checked?: CheckedReport } | { problem: string }>;

/** The check against `trusted` (the signature must verify), or the strict reader's alone without keys. */
export function vetAgainst(trusted: TrustedKey[] | undefined): Vet {
  return async (xml, source) => {
    if (trusted) {
      const open = () => bytesOnce(xml);
      const verdict = await verifyReport({ source, open, reread: open, trusted });
      if (!verdict.valid) return { problem: `its signature does not verify: ${verdict.error}` };
      return { hash: verdict.canonicalHash, checked: checkedReport(xml, { ...verdict, signed: true }) };
    }
    try {
      const read = await loadReportBytes(xml, source);
      return { hash: read.hash, checked: checkedReport(xml, { ...read, canonicalHash: read.hash }) };
    } catch (e) {
      return { problem: errorMessage(e) };
    }
  };
}

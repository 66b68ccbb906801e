/** How a restored queue file is checked before it joins the store's queue. */
import { errorMessage } from "../../core/errors.js";
import { loadTrustedKeys } from "../../core/crypto/keys.js";
import { loadReportBytes } from "../../core/publish/report-file.js";
import { bytesOnce } from "../../core/report/sources.js";
import { verifyReport } from "../../core/report/verify-report.js";
import { checkedReport } from "../../core/store/store.js";
import type { Vet } from "./collected.js";

/**
 * A restored report is trusted only if the strict reader accepts it and, with a certificate (the signing_cert
 * input), it verifies against it.
 */
export function vetWith(certificatePem: string | undefined): Vet {
  const trusted = certificatePem
    ? loadTrustedKeys({ pem: certificatePem, source: "input signing_cert" })
    : undefined;
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

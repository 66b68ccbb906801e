import type { TrustedKey } from "../crypto/keys.js";
import type { ReportSummary } from "../junit/summary.js";
import { XmlError } from "../xml/errors.js";
import { verifySignature, type Failure } from "../xmldsig/verify.js";
import { readReport, type ReadReportOptions } from "./read-report.js";

export type VerifyOutcome =
  | {
      valid: true;
      canonicalHash: string;
      signer: string;
      algorithm: string;
      c14n: string;
      summary: ReportSummary;
      embeddedCertificate?: string;
    }
  | {
      valid: false;
      error: string;
      /** Why the signature is refused, when the report was read (absent for an unreadable document). */
      failure?: Failure | "unsigned";
      canonicalHash?: string;
      summary?: ReportSummary;
      embeddedCertificate?: string;
    };

/**
 * Verifies a signed report in one streaming pass. Invalid documents and invalid signatures are verdicts,
 * not exceptions; only I/O failures throw.
 */
export async function verifyReport(
  options: ReadReportOptions & { trusted: TrustedKey[] },
): Promise<VerifyOutcome> {
  let reading;
  try {
    reading = await readReport(options);
  } catch (e) {
    if (e instanceof XmlError) return { valid: false, error: e.message };
    throw e;
  }
  const { canonicalHash, summary, signature, problems } = reading;
  if (problems.length > 0)
    return { valid: false, error: problems.join("; "), failure: "profile", canonicalHash, summary };
  if (!signature)
    return {
      valid: false,
      error: "the report is not signed (no ds:Signature element)",
      failure: "unsigned",
      canonicalHash,
      summary,
    };
  const verdict = verifySignature(signature, options.trusted);
  return { ...verdict, canonicalHash, summary };
}

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  verifySignature
} from "./chunk-V22Y7DFQ.js";
import {
  readReport
} from "./chunk-NKD7BIX5.js";
import {
  XmlError
} from "./chunk-KE6R4GHG.js";

// src/core/report/verify-report.ts
async function verifyReport(options) {
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
      summary
    };
  const verdict = verifySignature(signature, options.trusted);
  return { ...verdict, canonicalHash, summary };
}

export {
  verifyReport
};

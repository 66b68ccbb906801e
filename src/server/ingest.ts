import type { TrustedKey } from "../core/crypto/keys.js";
import { readReport, type ReportReading } from "../core/report/read-report.js";
import { XmlError } from "../core/xml/errors.js";
import type { ReadLimits } from "../core/xml/reader.js";
import { TestCollector } from "../core/junit/tests.js";
import { fromPullRequest, jobOf, propertyMap, workflowRunKey } from "../core/junit/run-identity.js";
import { describeSignature, verifySignature, type Failure } from "../core/xmldsig/verify.js";
import type { NewRun } from "./schema.js";
import { bytesOnce } from "../core/report/sources.js";
import { tagsOf } from "../core/transfer/jsonl.js";

/** The contract's error body. */
export interface ErrorBody {
  error: string;
  details?: Record<string, unknown>;
  suggestions?: string[];
}

export interface SignaturePolicy {
  /** Certificates or keys whose signatures are accepted; with none, a signature is only checked for integrity. */
  trusted: TrustedKey[];
  requireSignature: boolean;
}

export type Ingested = { ok: true; run: NewRun } | { ok: false; status: 400 | 422; body: ErrorBody };

const XML_SUGGESTIONS: Record<XmlError["code"], string[]> = {
  "not-well-formed": [
    "Ensure the XML is well-formed, with every element closed",
    "Escape & as &amp; and < as &lt; in text and attributes",
  ],
  "forbidden-construct": [
    "Remove the DOCTYPE, entity declarations and processing instructions: JUnit reports need none",
  ],
  "unsupported-encoding": ["Convert the report to UTF-8 (e.g. iconv -t UTF-8) and fix its XML declaration"],
  "limit-exceeded": ["Split the report, or trim captured output (system-out) before submitting"],
  "not-junit": ["Submit a JUnit XML report: the root element must be <testsuites> or <testsuite>"],
  io: [],
};

function invalidXml(e: XmlError): Ingested {
  return {
    ok: false,
    status: 400,
    body: {
      error: e.code === "not-junit" ? "Not a JUnit XML report" : "Invalid JUnit XML",
      details: { message: e.reason, code: e.code, ...(e.line > 0 ? { line: e.line, column: e.column } : {}) },
      suggestions: XML_SUGGESTIONS[e.code],
    },
  };
}

function unacceptable(message: string, suggestions: string[]): Ingested {
  return { ok: false, status: 422, body: { error: "Invalid signature", details: { message }, suggestions } };
}

/** Who signed the report, or why it is refused (422). */
function checkSignature(
  reading: ReportReading,
  policy: SignaturePolicy,
): { signer?: string; verified?: true } | Ingested {
  // What a submitter can do about each refusal of a signature.
  const suggestion: Record<Failure, string> = {
    profile:
      "Submit the signed file exactly as the signer wrote it: nothing may be added inside ds:Signature (it is not signed)",
    modified: "Submit the signed file exactly as it was written: re-indenting breaks the signature",
    "untrusted-key": "Sign with a key whose certificate this server trusts (jux serve --trust CERT.pem)",
    altered:
      "Submit the signed file exactly as it was written: its SignedInfo, SignatureValue or KeyInfo was changed after signing",
    "untrusted-or-altered":
      "Sign with a key this server trusts (jux serve --trust CERT.pem) and submit the file exactly as it was written",
  };
  if (reading.problems.length > 0)
    return unacceptable(reading.problems.join("; "), [
      "Sign the report once, with the signature as the last child of the root",
    ]);
  if (!reading.signature) {
    if (!policy.requireSignature) return {};
    return unacceptable("this server accepts signed reports only, and the report is not signed", [
      "Sign the report (jux sign --key KEY --cert CERT) before submitting",
    ]);
  }
  if (policy.trusted.length === 0) {
    const d = describeSignature(reading.signature);
    if (!d.intact) return unacceptable(d.problem!, [suggestion[d.failure ?? "modified"]]);
    return {
      signer: d.embeddedCertificate ? `${d.embeddedCertificate} (not verified)` : "unverified signature",
    };
  }
  const verdict = verifySignature(reading.signature, policy.trusted);
  if (!verdict.valid) return unacceptable(verdict.error, [suggestion[verdict.failure]]);
  return { signer: verdict.signer, verified: true };
}

function missingProject(): Ingested {
  return {
    ok: false,
    status: 400,
    body: {
      error: "Missing required metadata",
      details: {
        message: "Project name is required but not found in XML properties",
        missing_property: "project",
      },
      suggestions: [
        'Add <property name="project" value="your-project-name"/> to the first testsuite\'s properties',
        "jux sign adds it for you",
      ],
    },
  };
}

/** Reads a submitted report with the core's strict reader and turns it into a run to store, or a refusal. */
export async function ingest(
  body: Buffer,
  policy: SignaturePolicy,
  limits: Partial<ReadLimits> = {},
): Promise<Ingested> {
  // The suites and cases (the contract's routes) and the per-test model, from one reading of each testcase;
  // bounded by the caps (100 000 cases, 10 000 suites): past them a report is counted, not listed.
  const tests = new TestCollector("the submitted report", { keepCases: true });
  let reading: ReportReading;
  try {
    const open = () => bytesOnce(body);
    reading = await readReport({
      source: "the submitted report",
      open,
      reread: open,
      limits,
      also: tests,
    });
  } catch (e) {
    if (e instanceof XmlError) return invalidXml(e);
    throw e;
  }
  const signature = checkSignature(reading, policy);
  if ("ok" in signature) return signature;
  const { summary } = reading;
  // One reading of every property: the last of a name wins (a CI job's asserted identity follows a report's own).
  const props = propertyMap(summary.properties);
  const property = (name: string) => props.get(name) || undefined;
  const project = property("project");
  if (!project) return missingProject();
  const optional = (key: string, value: string | undefined) => (value ? { [key]: value } : {});
  const model = tests.run();
  return {
    ok: true,
    run: {
      canonicalHash: reading.canonicalHash,
      project,
      ...optional("branch", property("git:branch")),
      ...optional("commitSha", property("git:commit")),
      ...optional("signer", signature.signer),
      ...(signature.verified ? { signerVerified: true } : {}),
      tests: summary.tests,
      failures: summary.failures,
      errors: summary.errors,
      skipped: summary.skipped,
      time: summary.time,
      properties: summary.properties,
      tags: tagsOf(summary.properties),
      xml: body,
      suites: tests.suites(),
      testResults: model.tests,
      flaky: model.counts.flaky,
      testsTruncated: model.truncated,
      ...optional("workflowRun", workflowRunKey(props)),
      ...optional("job", jobOf(props)),
      pullRequest: fromPullRequest(props),
    },
  };
}

import { readReport, type ReportReading } from "../../core/report/read-report.js";
import { describeSignature } from "../../core/xmldsig/verify.js";
import { inputOf, json, limitsOf, parse } from "../args.js";
import { writeLine, type Command } from "../io.js";

const USAGE = `Usage: jux inspect [-i REPORT.xml] [--max-size SIZE] [--json]

Reads a JUnit XML report (signed or not) and prints its counts, canonical hash, properties and signature.
Counting rule: each <testcase> counts once, by its result children: <error>, else <failure>, else
<skipped>/<skip>, else passed (flaky and rerun elements are retries, not results).
Does not check who signed the report: use jux verify for that.

Options:
  -i, --input FILE   the report (default: standard input)
      --max-size SIZE refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json         print {tests, failures, errors, skipped, passed, canonical_hash, signed, ...}
  -h, --help         show this help
`;

const OPTIONS = {
  input: { type: "string", short: "i" },
  json: { type: "boolean" },
  "max-size": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function describe(source: string, r: ReportReading): Record<string, unknown> {
  const s = r.summary;
  const signature = r.signature && describeSignature(r.signature);
  return {
    file: source,
    tests: s.tests,
    failures: s.failures,
    errors: s.errors,
    skipped: s.skipped,
    passed: s.passed,
    time: s.time,
    canonical_hash: r.canonicalHash,
    signed: r.signature !== undefined,
    ...(signature
      ? {
          signature: {
            ...signature,
            ...(r.problems.length ? { intact: false, problem: r.problems.join("; ") } : {}),
          },
        }
      : {}),
    size: r.size,
    root: s.root,
    suites: s.suites,
    properties: s.properties,
    discrepancies: s.discrepancies,
  };
}

function text(d: Record<string, unknown>, r: ReportReading): string {
  const s = r.summary;
  const lines = [
    `${d.file}: ${s.tests} tests, ${s.passed} passed, ${s.failures} failed, ${s.errors} errors, ${s.skipped} skipped (${s.time} s)`,
    `canonical hash: sha256:${r.canonicalHash}`,
  ];
  const sig = d.signature as
    { intact: boolean; algorithm?: string; problem?: string; embeddedCertificate?: string } | undefined;
  if (!sig) lines.push("signature: none");
  else if (sig.intact)
    lines.push(
      `signature: ${sig.algorithm?.split("#")[1]}, content intact${sig.embeddedCertificate ? `, certificate ${sig.embeddedCertificate}` : ""} (not checked against a trusted key)`,
    );
  else lines.push(`signature: BROKEN: ${sig.problem}`);
  lines.push(`suites: ${s.suites.length}`);
  for (const p of s.properties) lines.push(`property ${p.name} = ${p.value}`);
  for (const note of s.discrepancies) lines.push(`note: ${note}`);
  return lines.join("\n");
}

export const inspect: Command = async (argv, io) => {
  const { values } = parse(argv, OPTIONS, "inspect");
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const input = inputOf(values.input, io);
  const limits = limitsOf(values["max-size"], "inspect");
  const reading = await readReport({ source: input.source, open: input.open, limits });
  const d = describe(input.source, reading);
  writeLine(io.stdout, values.json ? json(d) : text(d, reading));
  return 0;
};

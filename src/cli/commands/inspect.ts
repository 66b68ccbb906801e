import type { TrustedKey } from "../../core/crypto/keys.js";
import { readReport, type ReportReading } from "../../core/report/read-report.js";
import { describeSignature, verifySignature, type SignatureDescription } from "../../core/xmldsig/verify.js";
import type { ReadLimits } from "../../core/xml/reader.js";
import { json, limitsOf, parse } from "../../core/command/args.js";
import {
  batchStatus,
  expandInputs,
  failureOf,
  isProblem,
  onlyInput,
  operandsOf,
  reportsHelp,
  type InputItem,
} from "../file-args.js";
import { trustedKeysOf } from "../settings.js";
import { writeLine, type CliIo, type Command } from "../../core/command/io.js";

const USAGE = `Usage: jux inspect [REPORT.xml|DIR|'PATTERN' ...] [-r] [--cert CERT.pem ...] [--max-size SIZE]
                   [--json]

Reads a JUnit XML report (signed or not) and prints its counts, canonical hash, properties and signature.
Counting rule: each <testcase> counts once, by its result children: <error>, else <failure>, else
<skipped>/<skip>, else passed (flaky and rerun elements are retries, not results).
Without --cert it checks the signature's structure and digest ("digest intact") and, when the report names
a key, that the signature value verifies with that key; it does not say who signed: give --cert (or use
jux verify, whose exit status is the verdict). The exit status of inspect is 0 unless the input is unusable;
several reports: 0 all usable, 1 none, 2 some.

${reportsHelp("-i")}

Options:
  -i, --input FILE   a report (repeatable; default: standard input)
  -r, --recursive    a directory's subdirectories too
  -c, --cert FILE    also check the signature against these trusted certificate(s) or public key(s), PEM
                     (default: cert_path, i.e. JUX_CERT_PATH or a config file)
      --max-size SIZE refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json         print {tests, failures, errors, skipped, passed, canonical_hash, signed, ...}
  -h, --help         show this help
`;

const OPTIONS = {
  input: { type: "string", short: "i", multiple: true },
  recursive: { type: "boolean", short: "r" },
  cert: { type: "string", short: "c", multiple: true },
  json: { type: "boolean" },
  "max-size": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Described = SignatureDescription & { valid?: boolean; signer?: string; error?: string };

/** The signature as inspect reports it: described, placement problems included, and checked with --cert. */
function signatureOf(r: ReportReading, trusted: TrustedKey[] | undefined): Described | undefined {
  if (!r.signature) return undefined;
  const d: Described = describeSignature(r.signature);
  if (r.problems.length > 0) {
    const problem = r.problems.join("; ");
    return { ...d, intact: false, problem, status: `BROKEN: ${problem}` };
  }
  if (!trusted) return d;
  const verdict = verifySignature(r.signature, trusted);
  if (verdict.valid)
    return {
      ...d,
      valueChecked: "trusted key",
      valid: true,
      signer: verdict.signer,
      status: `digest intact; signature valid (signer ${verdict.signer})`,
    };
  return {
    ...d,
    valid: false,
    error: verdict.error,
    status: d.intact ? `digest intact; signature INVALID: ${verdict.error}` : d.status,
  };
}

function describe(
  source: string,
  r: ReportReading,
  trusted: TrustedKey[] | undefined,
): Record<string, unknown> {
  const s = r.summary;
  const signature = signatureOf(r, trusted);
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
    ...(signature ? { signature } : {}),
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
    `${String(d.file)}: ${s.tests} tests, ${s.passed} passed, ${s.failures} failed, ${s.errors} errors, ${s.skipped} skipped (${s.time} s)`,
    `canonical hash: sha256:${r.canonicalHash}`,
  ];
  const sig = d.signature as Described | undefined;
  if (!sig) lines.push("signature: none");
  else if (sig.intact) lines.push(`signature: ${sig.algorithm?.split("#")[1]}, ${sig.status}`);
  else lines.push(`signature: ${sig.status}`);
  lines.push(`suites: ${s.suites.length}`);
  for (const p of s.properties) lines.push(`property ${p.name} = ${p.value}`);
  for (const note of s.discrepancies) lines.push(`note: ${note}`);
  return lines.join("\n");
}

/** Several reports in one process: a block per report (an array with --json); an unusable one is named. */
async function inspectEach(
  items: InputItem[],
  options: { trusted: TrustedKey[] | undefined; limits: Partial<ReadLimits>; json?: boolean },
  io: CliIo,
): Promise<number> {
  const rows: Record<string, unknown>[] = [];
  let usable = 0;
  for (const item of items) {
    let reading: ReportReading | undefined;
    let error = isProblem(item) ? item.problem : undefined;
    if (!isProblem(item))
      reading = await readReport({ ...item, limits: options.limits }).catch((e: unknown) => {
        error = failureOf(item.source, e);
        return undefined;
      });
    if (!reading) {
      if (options.json) rows.push({ file: item.source, error });
      else writeLine(io.stderr, `error: ${error}`);
      continue;
    }
    const d = describe(item.source, reading, options.trusted);
    if (options.json) rows.push(d);
    else writeLine(io.stdout, `${usable > 0 ? "\n" : ""}${text(d, reading)}`);
    usable++;
  }
  if (options.json) writeLine(io.stdout, json(rows));
  return batchStatus(usable, items.length);
}

export const inspect: Command = async (argv, io) => {
  const { values, tokens } = parse(argv, OPTIONS, "inspect", true);
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const trusted = await trustedKeysOf(values.cert, io, "inspect");
  const limits = limitsOf(values["max-size"], "inspect");
  const inputs = await expandInputs(operandsOf(tokens, "input"), io, {
    cwd: io.cwd,
    recursive: !!values.recursive,
  });
  if (!inputs.single) return inspectEach(inputs.items, { trusted, limits, json: values.json }, io);
  const input = onlyInput(inputs);
  const reading = await readReport({ source: input.source, open: input.open, limits });
  const d = describe(input.source, reading, trusted);
  writeLine(io.stdout, values.json ? json(d) : text(d, reading));
  return 0;
};

import type { TrustedKey } from "../../core/crypto/keys.js";
import { isFailing } from "../../core/junit/compare.js";
import { TestCollector, type TestResult, type TestRun } from "../../core/junit/tests.js";
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
import { LISTED, printable, section, testName } from "../format.js";

const USAGE = `Usage: jux inspect [REPORT.xml|DIR|'PATTERN' ...] [-r] [--cert CERT.pem ...] [--max-size SIZE]
                   [--all] [--json]

Reads a JUnit XML report (signed or not) and prints its counts, canonical hash, properties and signature,
then its failing tests and its flaky tests (the first ${LISTED} of each unless --all).
Counting rule: each <testcase> counts once, by its result children: <error>, else <failure>, else
<skipped>/<skip>, else passed (flaky and rerun elements are retries, not results). A test is its suite,
classname and name: testcases repeating one are its retries, and a test that failed and then passed in the
run is flaky (not failing).
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
      --all          list every failing and flaky test (default: the first ${LISTED} of each, and a count)
      --json         print {tests, failures, errors, skipped, passed, flaky, canonical_hash, signed, ...,
                     failing_tests, flaky_tests}
  -h, --help         show this help
`;

const OPTIONS = {
  input: { type: "string", short: "i", multiple: true },
  recursive: { type: "boolean", short: "r" },
  cert: { type: "string", short: "c", multiple: true },
  json: { type: "boolean" },
  all: { type: "boolean" },
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

/** A test as inspect lists it: the names the Jux API uses for a test (failure_type, failure_message). */
function testRow(t: TestResult): Record<string, unknown> {
  return {
    suite: t.suite,
    classname: t.classname,
    name: t.name,
    outcome: t.outcome,
    ...(t.file !== undefined ? { file: t.file } : {}),
    ...(t.line !== undefined ? { line: t.line } : {}),
    duration: t.duration,
    retries: t.retries,
    ...(t.failure?.type !== undefined ? { failure_type: t.failure.type } : {}),
    ...(t.failure?.message !== undefined ? { failure_message: t.failure.message } : {}),
  };
}

/** The failing tests (failed or error) and the flaky ones, in report order. */
function listsOf(run: TestRun) {
  return {
    failing: run.tests.filter((t) => isFailing(t.outcome)),
    flaky: run.tests.filter((t) => t.outcome === "flaky"),
  };
}

function describe(
  source: string,
  r: ReportReading,
  run: TestRun,
  options: { trusted: TrustedKey[] | undefined; all?: boolean | undefined },
): Record<string, unknown> {
  const s = r.summary;
  const signature = signatureOf(r, options.trusted);
  const { failing, flaky } = listsOf(run);
  const listed = (tests: TestResult[]) => (options.all ? tests : tests.slice(0, LISTED)).map(testRow);
  return {
    file: source,
    tests: s.tests,
    failures: s.failures,
    errors: s.errors,
    skipped: s.skipped,
    passed: s.passed,
    flaky: run.counts.flaky,
    time: s.time,
    canonical_hash: r.canonicalHash,
    signed: r.signature !== undefined,
    ...(signature ? { signature } : {}),
    size: r.size,
    root: s.root,
    suites: s.suites,
    properties: s.properties,
    discrepancies: s.discrepancies,
    failing_total: failing.length,
    failing_tests: listed(failing),
    flaky_total: flaky.length,
    flaky_tests: listed(flaky),
    tests_truncated: run.truncated,
  };
}

function text(d: Record<string, unknown>, r: ReportReading, run: TestRun, all: boolean): string {
  const s = r.summary;
  const flakyNote = run.counts.flaky > 0 ? `, ${run.counts.flaky} flaky` : "";
  const lines = [
    `${String(d.file)}: ${s.tests} tests, ${s.passed} passed, ${s.failures} failed, ${s.errors} errors, ${s.skipped} skipped${flakyNote} (${s.time} s)`,
    `canonical hash: sha256:${r.canonicalHash}`,
  ];
  const sig = d.signature as Described | undefined;
  if (!sig) lines.push("signature: none");
  else if (sig.intact) lines.push(`signature: ${sig.algorithm?.split("#")[1]}, ${sig.status}`);
  else lines.push(`signature: ${sig.status}`);
  lines.push(`suites: ${s.suites.length}`);
  for (const p of s.properties)
    lines.push(`property ${printable(p.name, Infinity)} = ${printable(p.value, Infinity)}`);
  for (const note of s.discrepancies) lines.push(`note: ${note}`);
  const { failing, flaky } = listsOf(run);
  const message = (t: TestResult) => printable(t.failure?.message ?? "");
  const retries = (t: TestResult) => `${t.retries} ${t.retries === 1 ? "retry" : "retries"}`;
  lines.push(
    ...section(
      "failing tests",
      failing.map((t) => [t.outcome, testName(t), message(t)]),
      all,
    ),
  );
  lines.push(
    ...section(
      "flaky tests",
      flaky.map((t) => [retries(t), testName(t), message(t)]),
      all,
    ),
  );
  if (run.truncated)
    lines.push("note: the report has more tests than are listed (only the first 100000 are read one by one)");
  return lines.join("\n");
}

/** A report read once: its reading and its per-test model. */
async function readWithTests(
  input: { source: string; open: () => AsyncIterable<Buffer> },
  limits: Partial<ReadLimits>,
): Promise<{ reading: ReportReading; run: TestRun }> {
  const tests = new TestCollector(input.source);
  const reading = await readReport({ source: input.source, open: input.open, limits, also: tests });
  return { reading, run: tests.run() };
}

/** Several reports in one process: a block per report (an array with --json); an unusable one is named. */
async function inspectEach(
  items: InputItem[],
  options: { trusted: TrustedKey[] | undefined; limits: Partial<ReadLimits>; json?: boolean; all?: boolean },
  io: CliIo,
): Promise<number> {
  const rows: Record<string, unknown>[] = [];
  let usable = 0;
  for (const item of items) {
    let read: { reading: ReportReading; run: TestRun } | undefined;
    let error = isProblem(item) ? item.problem : undefined;
    if (!isProblem(item))
      read = await readWithTests(item, options.limits).catch((e: unknown) => {
        error = failureOf(item.source, e);
        return undefined;
      });
    if (!read) {
      if (options.json) rows.push({ file: item.source, error });
      else writeLine(io.stderr, `error: ${error}`);
      continue;
    }
    const d = describe(item.source, read.reading, read.run, options);
    if (options.json) rows.push(d);
    else writeLine(io.stdout, `${usable > 0 ? "\n" : ""}${text(d, read.reading, read.run, !!options.all)}`);
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
  const options = { trusted, limits, json: !!values.json, all: !!values.all };
  if (!inputs.single) return inspectEach(inputs.items, options, io);
  const input = onlyInput(inputs);
  const { reading, run } = await readWithTests(input, limits);
  const d = describe(input.source, reading, run, options);
  writeLine(io.stdout, values.json ? json(d) : text(d, reading, run, !!values.all));
  return 0;
};

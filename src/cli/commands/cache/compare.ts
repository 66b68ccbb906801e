import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { compareReports, type Comparison } from "../../../core/store/compare.js";
import type { ReportStore } from "../../../core/store/store.js";
import { json, parse, readText } from "../../../core/command/args.js";
import { FileError, UsageError, writeLine, type CliIo, type Command } from "../../../core/command/io.js";
import { COMMON, exactPositionals, openStore, printHelp } from "./common.js";
import { aligned } from "./format.js";

const USAGE = `Usage: jux cache compare A B [--slower-factor 1.5] [--min-seconds 0.1] [--storage-path DIR] [--json]

A and B are report files or hashes (prefixes) in the store. Lists the tests that newly fail in B (passed or
skipped in A, failed or error in B), fixed, added, removed and slower ones. Exit 0 when no test newly
fails, 1 when some do.
`;

const OPTIONS = {
  ...COMMON,
  "slower-factor": { type: "string" },
  "min-seconds": { type: "string" },
  json: { type: "boolean" },
} as const;

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/** A report file when `ref` names one, else a hash (prefix) in the store. */
async function loadReport(
  ref: string,
  io: CliIo,
  store: () => Promise<ReportStore>,
): Promise<{ source: string; bytes: Buffer }> {
  if (await isFile(resolve(io.cwd, ref))) return { source: ref, bytes: await readText(ref, io, "report") };
  if (!/^(sha256:)?[0-9a-fA-F]+$/.test(ref))
    throw new FileError(
      `jux cache compare: ${ref} is neither a file nor a report hash (give a report file that exists, or a hash or prefix from jux cache list)`,
    );
  const s = await store();
  const entry = await s.findByPrefix(ref);
  return { source: `sha256:${entry.hash.slice(0, 12)}`, bytes: await s.read(entry.area, entry.hash) };
}

function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`jux cache compare: --${name} must be a number >= 0, not "${value}"`);
  return n;
}

function caseName(c: { suite: string; classname: string; name: string }): string {
  return [c.suite, c.classname, c.name].filter((p) => p !== "").join(" › ");
}

/** The comparison as text: both totals, then one aligned section per kind of difference that has any. */
export function comparisonText(c: Comparison): string[] {
  const total = (t: Comparison["totals"]["a"]) =>
    `${t.tests} tests, ${t.failures} failed, ${t.errors} errors, ${t.skipped} skipped`;
  const lines = [`A: ${c.sourceA}: ${total(c.totals.a)}`, `B: ${c.sourceB}: ${total(c.totals.b)}`];
  const section = (title: string, items: string[][]) => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`);
    for (const line of aligned(items)) lines.push(`  ${line}`);
  };
  section(
    "newly failing",
    c.newlyFailing.map((x) => [x.after, caseName(x), x.message?.split("\n")[0] ?? ""]),
  );
  section(
    "fixed",
    c.fixed.map((x) => [x.after, caseName(x)]),
  );
  section(
    "added",
    c.added.map((x) => [x.status, caseName(x)]),
  );
  section(
    "removed",
    c.removed.map((x) => [x.status, caseName(x)]),
  );
  section(
    "slower",
    c.slower.map((x) => [`${x.before} s -> ${x.after} s`, caseName(x)]),
  );
  if (lines.length === 2) lines.push("no differences in results");
  return lines;
}

export const compare: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache compare", true);
  if (values.help) return printHelp(io, USAGE);
  const [a, b] = exactPositionals("compare", positionals, ["A", "B"]) as [string, string];
  const slowerFactor = positiveNumber("slower-factor", values["slower-factor"]);
  const minSeconds = positiveNumber("min-seconds", values["min-seconds"]);
  let opened: Promise<ReportStore> | undefined;
  const store = () => (opened ??= openStore(values, io));
  const ra = await loadReport(a, io, store);
  const rb = await loadReport(b, io, store);
  const result = await compareReports(ra.bytes, rb.bytes, {
    sourceA: ra.source,
    sourceB: rb.source,
    ...(slowerFactor !== undefined ? { slowerFactor } : {}),
    ...(minSeconds !== undefined ? { minSeconds } : {}),
  });
  writeLine(io.stdout, values.json ? json(result) : comparisonText(result).join("\n"));
  return result.newlyFailing.length > 0 ? 1 : 0;
};

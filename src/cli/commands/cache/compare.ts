import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { compareReports, type Comparison, type ReportInput } from "../../../core/store/compare.js";
import { bytesOnce, fileChunks } from "../../../core/report/sources.js";
import type { ReportStore } from "../../../core/store/store.js";
import { json, parse } from "../../../core/command/args.js";
import { FileError, UsageError, writeLine, type Command } from "../../../core/command/io.js";
import { COMMON, exactPositionals, openStore, printHelp } from "./common.js";
import { countsLine, differencesText, LISTED, printable } from "../../format.js";

const USAGE = `Usage: jux cache compare A B [--slower-factor 1.5] [--min-seconds 0.1] [--storage-path DIR] [--all]
                         [--json]

A and B are report files or hashes (prefixes) in the store. Compares their tests by test id (suite, classname
and name; a test repeated within a report is one test with retries, flaky when it failed and then passed):
newly failing in B (failed or error, and not in A), still failing, fixed (failing in A, passed or flaky in
B), added, removed and slower ones. Each section lists its first ${LISTED} tests unless --all; --json lists all.
Exit 0 when no test newly fails, 1 when some do.
`;

const OPTIONS = {
  ...COMMON,
  "slower-factor": { type: "string" },
  "min-seconds": { type: "string" },
  all: { type: "boolean" },
  json: { type: "boolean" },
} as const;

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/** A report file when `ref` names one (streamed), else a hash (prefix) in the store. */
async function reportOf(ref: string, cwd: string, store: () => Promise<ReportStore>): Promise<ReportInput> {
  const path = resolve(cwd, ref);
  if (await isFile(path)) return { source: ref, open: () => fileChunks(path, ref) };
  if (!/^(sha256:)?[0-9a-fA-F]+$/.test(ref))
    throw new FileError(
      `jux cache compare: ${ref} is neither a file nor a report hash (give a report file that exists, or a hash or prefix from jux cache list)`,
    );
  const s = await store();
  const entry = await s.findByPrefix(ref);
  const bytes = await s.read(entry.area, entry.hash);
  return { source: `sha256:${entry.hash.slice(0, 12)}`, open: () => bytesOnce(bytes) };
}

function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`jux cache compare: --${name} must be a number >= 0, not "${value}"`);
  return n;
}

/** The comparison as text: both totals, then the differences. */
export function comparisonText(c: Comparison, all = false): string[] {
  const lines = [
    `A: ${printable(c.sourceA)}: ${countsLine(c.totals.a)}`,
    `B: ${printable(c.sourceB)}: ${countsLine(c.totals.b)}`,
  ];
  for (const source of c.truncated)
    lines.push(`note: ${printable(source)} has more tests than are compared; the lists are partial`);
  return [...lines, ...differencesText(c, all)];
}

export const compare: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache compare", true);
  if (values.help) return printHelp(io, USAGE);
  const [a, b] = exactPositionals("compare", positionals, ["A", "B"]) as [string, string];
  const slowerFactor = positiveNumber("slower-factor", values["slower-factor"]);
  const minSeconds = positiveNumber("min-seconds", values["min-seconds"]);
  let opened: Promise<ReportStore> | undefined;
  const store = () => (opened ??= openStore(values, io));
  const ra = await reportOf(a, io.cwd, store);
  const rb = await reportOf(b, io.cwd, store);
  const result = await compareReports(ra, rb, {
    ...(slowerFactor !== undefined ? { slowerFactor } : {}),
    ...(minSeconds !== undefined ? { minSeconds } : {}),
  });
  writeLine(io.stdout, values.json ? json(result) : comparisonText(result, !!values.all).join("\n"));
  return result.newlyFailing.length > 0 ? 1 : 0;
};

import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  compareReports,
  type CaseChange,
  type CaseRef,
  type Comparison,
  type ReportInput,
  type TestDifferences,
} from "../../../core/store/compare.js";
import type { RunCounts } from "../../../core/junit/tests.js";
import { bytesOnce, fileChunks } from "../../../core/report/sources.js";
import type { ReportStore } from "../../../core/store/store.js";
import { CONTROL_CHARACTERS } from "../../../core/text.js";
import { json, parse } from "../../../core/command/args.js";
import { FileError, UsageError, writeLine, type Command } from "../../../core/command/io.js";
import { COMMON, exactPositionals, openStore, printHelp } from "./common.js";
import { aligned } from "./format.js";

/** Rows each section of the text shows, unless --all. */
export const LISTED = 50;

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

const CONTROLS = new RegExp(CONTROL_CHARACTERS.source, "g");
/** Characters of one cell shown (a name or message from a report can be of any length). */
const MAX_CELL = 300;

/**
 * Text from a report or a server, safe for one terminal line: control characters (escape sequences, line breaks)
 * shown as \\u escapes, cut to `max` characters (MAX_CELL unless said).
 */
export function printable(text: string, max = MAX_CELL): string {
  const safe = text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/** `suite › classname › name (file:line)`, empty parts left out, printable. */
export function testName(c: CaseRef): string {
  const name = [c.suite, c.classname, c.name].filter((p) => p !== "").join(" › ");
  const where = c.file === undefined ? "" : ` (${c.file}${c.line !== undefined ? `:${c.line}` : ""})`;
  return printable(name + where);
}

/** A titled, aligned section of rows (none: nothing), its first LISTED rows unless `all`, and what was left out. */
export function section(title: string, rows: string[][], all: boolean): string[] {
  if (rows.length === 0) return [];
  const shown = all ? rows : rows.slice(0, LISTED);
  const lines = [`${title} (${rows.length}):`, ...aligned(shown).map((l) => `  ${l}`)];
  if (shown.length < rows.length)
    lines.push(`  … and ${rows.length - shown.length} more (--all lists them, --json has them all)`);
  return lines;
}

export function countsLine(t: RunCounts): string {
  const flaky = t.flaky > 0 ? `, ${t.flaky} flaky` : "";
  return `${t.tests} tests, ${t.failures} failed, ${t.errors} errors, ${t.skipped} skipped${flaky}`;
}

/**
 * One section per kind of difference that has any, in the order of importance. Still failing tests are listed
 * but are no difference: without any other section the text says there is none.
 */
export function differencesText(c: TestDifferences, all = false): string[] {
  const message = (m: string | undefined) => printable(m ?? "");
  const failing = (x: CaseChange) => [x.after, testName(x), message(x.message)];
  const lines = [
    ...section("newly failing", c.newlyFailing.map(failing), all),
    ...section("still failing", c.stillFailing.map(failing), all),
    ...section(
      "fixed",
      c.fixed.map((x) => [x.after, testName(x)]),
      all,
    ),
    ...section(
      "added",
      c.added.map((x) => [x.status, testName(x)]),
      all,
    ),
    ...section(
      "removed",
      c.removed.map((x) => [x.status, testName(x)]),
      all,
    ),
    ...section(
      "slower",
      c.slower.map((x) => [`${x.before} s -> ${x.after} s`, testName(x)]),
      all,
    ),
  ];
  const { newlyFailing, fixed, added, removed, slower } = c;
  const changed = [newlyFailing, fixed, added, removed, slower].some((list) => list.length > 0);
  return changed ? lines : [...lines, "no differences in results"];
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

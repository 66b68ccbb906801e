/**
 * The text of test-level results shared by the verbs that print them (`jux compare`, `jux inspect`, `jux cache
 * compare`, and `jux cache`'s tables): aligned columns, report text made safe for a terminal line, a test's name,
 * bounded sections, run counts, and a comparison's differences.
 */
import type { CaseChange, CaseRef, TestDifferences } from "../core/store/compare.js";
import type { RunCounts } from "../core/junit/tests.js";
import { printable as printableText } from "../core/text.js";

/** Rows each section of the text shows, unless --all. */
export const LISTED = 50;

/** Rows as columns separated by two spaces; the last column is not padded. */
export function aligned(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}

/** Characters of one cell shown (a name or message from a report can be of any length). */
const MAX_CELL = 300;

/** core/text.ts's printable, cut to MAX_CELL characters unless said. */
export function printable(text: string, max = MAX_CELL): string {
  return printableText(text, max);
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

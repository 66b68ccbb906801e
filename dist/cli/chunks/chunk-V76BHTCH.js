import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  printable
} from "./chunk-KE6R4GHG.js";

// src/cli/format.ts
var LISTED = 50;
function aligned(rows) {
  const widths = [];
  for (const row of rows) row.forEach((cell, i) => widths[i] = Math.max(widths[i] ?? 0, cell.length));
  return rows.map(
    (row) => row.map((cell, i) => i === row.length - 1 ? cell : cell.padEnd(widths[i])).join("  ").trimEnd()
  );
}
var MAX_CELL = 300;
function printable2(text, max = MAX_CELL) {
  return printable(text, max);
}
function testName(c) {
  const name = [c.suite, c.classname, c.name].filter((p) => p !== "").join(" \u203A ");
  const where = c.file === void 0 ? "" : ` (${c.file}${c.line !== void 0 ? `:${c.line}` : ""})`;
  return printable2(name + where);
}
function section(title, rows, all) {
  if (rows.length === 0) return [];
  const shown = all ? rows : rows.slice(0, LISTED);
  const lines = [`${title} (${rows.length}):`, ...aligned(shown).map((l) => `  ${l}`)];
  if (shown.length < rows.length)
    lines.push(`  \u2026 and ${rows.length - shown.length} more (--all lists them, --json has them all)`);
  return lines;
}
function countsLine(t) {
  const flaky = t.flaky > 0 ? `, ${t.flaky} flaky` : "";
  return `${t.tests} tests, ${t.failures} failed, ${t.errors} errors, ${t.skipped} skipped${flaky}`;
}
function differencesText(c, all = false) {
  const message = (m) => printable2(m ?? "");
  const failing = (x) => [x.after, testName(x), message(x.message)];
  const lines = [
    ...section("newly failing", c.newlyFailing.map(failing), all),
    ...section("still failing", c.stillFailing.map(failing), all),
    ...section(
      "fixed",
      c.fixed.map((x) => [x.after, testName(x)]),
      all
    ),
    ...section(
      "added",
      c.added.map((x) => [x.status, testName(x)]),
      all
    ),
    ...section(
      "removed",
      c.removed.map((x) => [x.status, testName(x)]),
      all
    ),
    ...section(
      "slower",
      c.slower.map((x) => [`${x.before} s -> ${x.after} s`, testName(x)]),
      all
    )
  ];
  const { newlyFailing, fixed, added, removed, slower } = c;
  const changed = [newlyFailing, fixed, added, removed, slower].some((list) => list.length > 0);
  return changed ? lines : [...lines, "no differences in results"];
}

export {
  LISTED,
  aligned,
  printable2 as printable,
  testName,
  section,
  countsLine,
  differencesText
};

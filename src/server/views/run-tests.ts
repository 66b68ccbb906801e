/**
 * The run page's test sections (the per-test model): failing tests first, flaky ones as flaky, the comparison with
 * its base run, and the other matrix legs of its workflow run.
 */
import type { TestChange, TestComparison, TestLike } from "../../core/junit/compare.js";
import type { RunRow, TestOutcome, TestRow } from "../schema.js";
import { escapeHtml, timeHtml } from "./format.js";
import { status } from "./layout.js";
import { runHref, testHref } from "./links.js";
import { durationText, outcomeHtml, testCellHtml, testNameHtml } from "./tests-format.js";

/** A stored test as the shared comparison takes it, with its row. */
export interface ComparedTest extends TestLike {
  row: TestRow;
}

/** A run's stored test as the comparison's TestLike (its id is its test id). */
export function comparedTest(row: TestRow): ComparedTest {
  const failure =
    row.failure_type !== null || row.failure_message !== null
      ? {
          ...(row.failure_type !== null ? { type: row.failure_type } : {}),
          ...(row.failure_message !== null ? { message: row.failure_message } : {}),
        }
      : undefined;
  return {
    id: row.test_id,
    suite: row.suite,
    classname: row.classname,
    name: row.name,
    outcome: row.outcome,
    duration: row.duration,
    ...(row.file !== null ? { file: row.file } : {}),
    ...(row.line !== null ? { line: row.line } : {}),
    ...(failure ? { failure } : {}),
    row,
  };
}

export interface RunComparison {
  base: RunRow;
  /** How the base was chosen, in words ("the newest run of main stored before this one"). */
  how: string;
  result: TestComparison<ComparedTest>;
}

export interface RunInsight {
  /** Failing tests (failed, error), in report order, up to the page's cap; `failingTotal` counts them all. */
  failing: TestRow[];
  failingTotal: number;
  flaky: TestRow[];
  flakyTotal: number;
  /** The runs of the same workflow run (this one included), oldest first. */
  legs: RunRow[];
  /** The comparison, or why there is none. */
  comparison: RunComparison | { missing: string };
}

/** Rows listed per comparison list (each list is counted in full). */
export const MAX_COMPARED_ROWS = 200;

function failingRow(t: TestRow, run: RunRow): string {
  const message = t.failure_message
    ? `${t.failure_type ? `<code>${escapeHtml(t.failure_type)}</code>` : ""}<pre>${escapeHtml(t.failure_message)}</pre>`
    : `<span class="muted">no message</span>`;
  const retries =
    t.retries > 0
      ? `<br><span class="muted">${t.retries} ${t.retries === 1 ? "retry" : "retries"}</span>`
      : "";
  return (
    `<tr><td>${outcomeHtml(t.outcome)}${retries}<br><span class="muted">${escapeHtml(durationText(t.duration))}</span></td>` +
    `<td class="text">${testCellHtml(t, testHref(t.key, run.project, run.branch))}</td><td class="text">${message}</td></tr>`
  );
}

function testTable(rows: TestRow[], run: RunRow, total: number, what: string): string {
  const more =
    total > rows.length
      ? `<p class="muted">${total - rows.length} more ${what}: /api/v1/test_runs/${escapeHtml(run.id)}/tests lists them all.</p>`
      : "";
  return (
    `<div class="scroll"><table class="tests"><thead><tr><th>Outcome</th><th>Test</th><th>Message</th></tr></thead>` +
    `<tbody>${rows.map((t) => failingRow(t, run)).join("")}</tbody></table></div>${more}`
  );
}

function legsSection(run: RunRow, legs: RunRow[], now: number): string {
  const others = legs.filter((l) => l.id !== run.id);
  if (others.length === 0) return "";
  const items = others
    .map(
      (l) =>
        `<li><a href="${runHref(l.id)}">${escapeHtml(l.job ?? l.project)}${l.branch ? ` on ${escapeHtml(l.branch)}` : ""}</a> ` +
        `${status(l.status)} <span class="muted">${l.total_tests} tests, ${l.failures} failed, ${l.errors} errors, ${l.flaky} flaky,</span> ${timeHtml(l.inserted_at, now)}</li>`,
    )
    .join("");
  return `<h2 id="legs">Other legs of this workflow run (${others.length})</h2><ul class="legs">${items}</ul>`;
}

/** One line of a comparison list: the test, and its outcome in the base and in this run ("absent": not there). */
interface ComparedLine {
  test: ComparedTest;
  before: TestOutcome | "absent";
  now: TestOutcome | "absent";
}

const outcomeOrAbsent = (o: TestOutcome | "absent") =>
  o === "absent" ? `<span class="muted">absent</span>` : outcomeHtml(o);

/** `on`: the run whose project and branch the test links carry (the base's for removed tests). */
function changeList(title: string, id: string, lines: ComparedLine[], on: RunRow): string {
  if (lines.length === 0) return `<h3 id="${id}">${title} (0)</h3>`;
  const rows = lines
    .slice(0, MAX_COMPARED_ROWS)
    .map(
      ({ test, before, now }) =>
        `<tr><td class="text">${testCellHtml(test.row, testHref(test.row.key, on.project, on.branch))}</td>` +
        `<td>${outcomeOrAbsent(before)}</td><td>${outcomeOrAbsent(now)}</td></tr>`,
    )
    .join("");
  const more =
    lines.length > MAX_COMPARED_ROWS
      ? `<p class="muted">${lines.length - MAX_COMPARED_ROWS} more not listed.</p>`
      : "";
  return (
    `<h3 id="${id}">${title} (${lines.length})</h3><div class="scroll"><table class="compare ${id}"><thead><tr><th>Test</th><th>Base</th><th>This run</th></tr></thead>` +
    `<tbody>${rows}</tbody></table></div>${more}`
  );
}

/** Tests only one side has, as a list (a run compared with an unrelated one lists them all). */
function testList(title: string, id: string, tests: ComparedTest[], on: RunRow): string {
  if (tests.length === 0) return `<h3 id="${id}">${title} (0)</h3>`;
  const items = tests
    .slice(0, MAX_COMPARED_ROWS)
    .map(
      (t) =>
        `<li>${outcomeHtml(t.outcome)} ${testNameHtml(t.row, testHref(t.row.key, on.project, on.branch)).replace("<br>", " ")}</li>`,
    )
    .join("");
  const more =
    tests.length > MAX_COMPARED_ROWS
      ? `<p class="muted">${tests.length - MAX_COMPARED_ROWS} more not listed.</p>`
      : "";
  return `<h3 id="${id}">${title} (${tests.length})</h3><ul class="compare ${id}">${items}</ul>${more}`;
}

function comparisonSection(run: RunRow, c: RunInsight["comparison"], now: number): string {
  if ("missing" in c)
    return `<h2 id="compare">Compared with the base</h2><p class="muted">${escapeHtml(c.missing)}</p>`;
  const r = c.result;
  const counts = `${r.newFailures.length} new failures, ${r.fixed.length} fixed, ${r.stillFailing.length} still failing, ${r.added.length} added, ${r.removed.length} removed`;
  const changed = (list: TestChange<ComparedTest>[]): ComparedLine[] =>
    list.map(({ test, before }) => ({ test, before: before ?? "absent", now: test.outcome }));
  return (
    `<h2 id="compare">Compared with the base</h2>` +
    `<p>Base: <a href="${runHref(c.base.id)}">${escapeHtml(c.base.project)} on ${escapeHtml(c.base.branch ?? "(no branch)")}</a> ` +
    `${timeHtml(c.base.inserted_at, now)} <span class="muted">(${escapeHtml(c.how)})</span></p><p><b>${counts}</b>.</p>` +
    changeList("New failures", "new-failures", changed(r.newFailures), run) +
    changeList("Fixed", "fixed", changed(r.fixed), run) +
    changeList("Still failing", "still-failing", changed(r.stillFailing), run) +
    testList("Added (only in this run)", "added", r.added, run) +
    testList("Removed (only in the base)", "removed", r.removed, c.base)
  );
}

/** The sections the run page shows above its suites. */
export function runTestSections(run: RunRow, insight: RunInsight, now: number): string {
  const failing = insight.failingTotal
    ? testTable(insight.failing, run, insight.failingTotal, "failing tests")
    : `<p class="muted">No test failed.</p>`;
  const flaky = insight.flakyTotal
    ? testTable(insight.flaky, run, insight.flakyTotal, "flaky tests")
    : `<p class="muted">No test was flaky (failed, then passed on a retry).</p>`;
  const cut = run.tests_truncated
    ? `<p class="muted">This report had more tests than the server keeps per run: the lists and the comparison below cover the tests it kept (the totals above count them all).</p>`
    : "";
  return (
    `<h2 id="failing">Failing tests (${insight.failingTotal})</h2>${cut}${failing}` +
    `<h2 id="flaky">Flaky tests (${insight.flakyTotal})</h2><p class="muted">Failed, then passed on a retry in this run: they count as passed in the totals.</p>${flaky}` +
    comparisonSection(run, insight.comparison, now) +
    legsSection(run, insight.legs, now)
  );
}

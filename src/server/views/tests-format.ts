/** How a test and its outcome read on every page: a mark and a word (never colour alone), its names, where it is. */
import type { TestOutcome } from "../schema.js";
import { escapeHtml } from "./format.js";

/** One character per outcome, so that the outcome reads without colour (the history strip, the lists). */
export const OUTCOME_MARKS: Readonly<Record<TestOutcome, string>> = {
  passed: "✓",
  failed: "✗",
  error: "!",
  flaky: "≈",
  skipped: "–",
};

/** The outcome as its mark and its word, coloured by class. */
export function outcomeHtml(outcome: TestOutcome): string {
  const o = escapeHtml(outcome);
  return `<span class="outcome ${o}"><span aria-hidden="true">${escapeHtml(OUTCOME_MARKS[outcome] ?? "?")}</span> ${o}</span>`;
}

/** What names a test: suite and classname (muted, when not empty) above its name. */
export function testNameHtml(t: { suite: string; classname: string; name: string }, link?: string): string {
  const name = `<b>${escapeHtml(t.name || "(unnamed test)")}</b>`;
  const context = [t.suite, t.classname].filter((s) => s !== "" && s !== t.name);
  const unique = context.filter((s, i) => context.indexOf(s) === i);
  return (
    (unique.length ? `<span class="muted">${unique.map(escapeHtml).join(" · ")}</span><br>` : "") +
    (link ? `<a href="${link}">${name}</a>` : name)
  );
}

/** "file:line", "file", or "" when the report does not say. */
export function locationText(t: { file: string | null; line: number | null }): string {
  if (!t.file) return "";
  return t.line !== null && t.line !== undefined ? `${t.file}:${t.line}` : t.file;
}

/** A test's cell in a list: its names, linked when `link` is given, and where it is written when known. */
export function testCellHtml(
  t: { suite: string; classname: string; name: string; file: string | null; line: number | null },
  link?: string,
): string {
  const where = locationText(t);
  return testNameHtml(t, link) + (where ? `<br><code class="where">${escapeHtml(where)}</code>` : "");
}

/** "1 error", "2 errors". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Seconds for people: "0.012 s", "1.5 s", "2 min 5 s". */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "0 s";
  if (seconds < 60) return `${Number(seconds.toPrecision(seconds < 1 ? 2 : 3))} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}

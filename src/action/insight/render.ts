/**
 * The test-level sections of the job summary and the pull-request comment: failing tests (new failures first, with
 * their failure's first lines collapsed), flaky tests, the comparison with the baseline, the slowest tests. Every
 * name is escaped (cell(): no Markdown or HTML of its own); every list stops at the budget and says what it cut.
 */
import { cell, htmlText } from "../markdown.js";
import { failureText, type Capped, type Insight, type InsightTest } from "./collect.js";

/** A test's duration: ms under a second, s under a minute, then min and s. */
export function testDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(2)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}

/** file:line; a link to the file at this commit when it is in the workspace (the URL percent-encoded). */
function location(t: InsightTest, blobUrl: string | undefined): string {
  if (t.file === undefined) return "";
  const line = t.line !== undefined ? `:${t.line}` : "";
  if (t.path === undefined || blobUrl === undefined) return cell(`${t.path ?? t.file}${line}`);
  const href = `${blobUrl}/${t.path.split("/").map(encodeURIComponent).join("/")}${t.line !== undefined ? `#L${t.line}` : ""}`;
  return `[${cell(`${t.path}${line}`)}](${href.replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}

function message(t: InsightTest): string {
  return cell(failureText(t.failure));
}

/** Appends lines while they fit in the budget (bytes); once one does not, nothing more is added. */
class Budget {
  text = "";
  private bytes = 0;
  full = false;

  constructor(private readonly budget: number) {}

  /** Adds the lines whole or not at all; false when they did not fit. */
  add(...lines: string[]): boolean {
    if (this.full) return false;
    const chunk = lines.join("\n") + "\n";
    const n = Buffer.byteLength(chunk);
    if (this.bytes + n > this.budget) {
      this.full = true;
      return false;
    }
    this.text += chunk;
    this.bytes += n;
    return true;
  }

  /** A closing line that always fits (room is kept for it: see RESERVE). */
  force(line: string): void {
    this.text += line + "\n";
    this.bytes += Buffer.byteLength(line) + 1;
  }

  get left(): number {
    return this.budget - this.bytes;
  }
}

/** Room kept for the lines that say what was cut. */
const RESERVE = 2048;
const CUT = "to stay within GitHub's size limit";

/** Rows of a table, as many as fit; then one line counting the rest (cut here, or already in the manifest). */
function rows<T>(out: Budget, list: Capped<T>, row: (t: T) => string, what: string): void {
  let shown = 0;
  for (const t of list.items) {
    if (!out.add(row(t))) break;
    shown++;
  }
  const rest = list.total - shown;
  if (rest > 0) out.force(`\n_${rest} more ${what} not listed, ${CUT}._`);
}

function failing(out: Budget, i: Insight): void {
  const { failing: list } = i;
  if (list.total === 0) return;
  const marked = list.items.some((t) => t.isNew);
  out.add(`### Failing tests (${list.total})`, "");
  if (marked) out.add("🆕 marks a new failure: not failing in the baseline.", "");
  out.add("| | Test | Suite | Message | Duration | Location |", "|---|---|---|---|--:|---|");
  rows(
    out,
    list,
    (t) =>
      `| ${t.isNew ? "🆕" : ""}${t.outcome === "error" ? "💥" : "❌"} | ${cell(t.name)} | ${cell(t.suite)} | ${message(t)} | ${testDuration(t.duration)} | ${location(t, i.blobUrl)} |`,
    "failing test(s)",
  );
  const stacks = list.items.filter((t) => t.stack !== undefined);
  if (stacks.length === 0 || out.full) {
    out.add("");
    return;
  }
  // One collapsed block; each test's lines in a <pre> (HTML, so no Markdown in a stack is rendered).
  if (!out.add("", "<details><summary>The failures' first lines</summary>", "")) return;
  for (const t of stacks) {
    if (out.left < RESERVE) break;
    if (!out.add(`<pre><b>${htmlText(t.name)}</b>`, `${htmlText(t.stack!)}</pre>`, "")) break;
  }
  out.force("</details>\n");
}

function flaky(out: Budget, i: Insight): void {
  const list = i.flakyTests;
  if (list.total === 0 || out.full) return;
  out.add(
    `### Flaky tests (${list.total})`,
    "",
    "Failed, then passed on a retry in this run.",
    "",
    "| Test | Suite | Retries | Failure of the failed attempt | Duration | Location |",
    "|---|---|--:|---|--:|---|",
  );
  rows(
    out,
    list,
    (t) =>
      `| ${cell(t.name)} | ${cell(t.suite)} | ${t.retries ?? 1} | ${message(t)} | ${testDuration(t.duration)} | ${location(t, i.blobUrl)} |`,
    "flaky test(s)",
  );
  out.add("");
}

const BEFORE: Record<string, string> = {
  passed: "passed",
  failed: "failed",
  error: "error",
  skipped: "skipped",
  flaky: "flaky",
};

function comparison(out: Budget, i: Insight): void {
  if (out.full) return;
  const c = i.comparison;
  if (!c) {
    out.add(
      "### Compared with the base branch",
      "",
      `No baseline was found: ${cell(i.baseline.description)}.`,
      "",
    );
    return;
  }
  out.add(
    `### Compared with ${cell(i.baseline.description)}`,
    "",
    `**${c.newFailures.total} new failure(s)**, ${c.fixed.total} fixed, ${c.stillFailing.total} still failing, ${c.removed.total} disappeared.`,
    "",
  );
  const parts: [string, Capped<InsightTest>, string][] = [
    ["🆕 new failure", c.newFailures, "new failure(s)"],
    ["✅ fixed", c.fixed, "fixed test(s)"],
    ["❌ still failing", c.stillFailing, "still failing test(s)"],
    ["➖ disappeared", c.removed, "disappeared test(s)"],
  ];
  if (parts.every(([, l]) => l.total === 0)) return;
  out.add("| Change | Test | Suite | Before | Now |", "|---|---|---|---|---|");
  for (const [label, list, what] of parts) {
    if (list.total === 0) continue;
    const now = (t: InsightTest) => (label.includes("disappeared") ? "—" : BEFORE[t.outcome]);
    const before = (t: InsightTest) =>
      label.includes("disappeared") ? BEFORE[t.outcome] : t.before ? BEFORE[t.before] : "(not run)";
    rows(
      out,
      list,
      (t) => `| ${label} | ${cell(t.name)} | ${cell(t.suite)} | ${before(t)} | ${now(t)} |`,
      what,
    );
  }
  out.add("");
}

function slowest(out: Budget, i: Insight): void {
  if (i.slowest.length === 0 || out.full) return;
  out.add(`### Slowest tests`, "", "| Test | Suite | Duration | Outcome |", "|---|---|--:|---|");
  for (const t of i.slowest)
    if (
      !out.add(`| ${cell(t.name)} | ${cell(t.suite)} | ${testDuration(t.duration)} | ${BEFORE[t.outcome]} |`)
    )
      break;
  out.add("");
}

type Section = (out: Budget, i: Insight) => void;

function sectionText(render: Section, i: Insight, budget: number): string {
  const out = new Budget(Math.max(0, Math.floor(budget)));
  render(out, i);
  return out.text;
}

/**
 * The sections in Markdown, within `budget` bytes. The short ones are rendered first, each within a share of what
 * is left (the slowest a tenth, the comparison and the flaky tests a third), so that thousands of failing tests
 * never push them out; the failing tests get the rest. They are shown in reading order.
 */
export function renderInsight(i: Insight, budget: number): string {
  let left = Math.max(0, budget - RESERVE);
  const take = (render: Section, share: number) => {
    const text = sectionText(render, i, left * share);
    left -= Buffer.byteLength(text);
    return text;
  };
  const slow = take(slowest, 0.1);
  const compared = take(comparison, 1 / 3);
  const flakyText = take(flaky, 1 / 3);
  const failingText = take(failing, 1);
  const note = i.truncated
    ? "_A report had more than 100 000 testcases: the lists above cover the first ones; the counts cover all._\n"
    : "";
  return failingText + flakyText + compared + slow + note;
}

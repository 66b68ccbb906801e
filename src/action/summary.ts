import type { Counts } from "../core/junit/summary.js";
import type { Insight } from "./insight/collect.js";
import { renderInsight } from "./insight/render.js";
import { cell } from "./markdown.js";

/** Until every importer reads them from ./markdown.js (src/action/insight/step.ts). */

export interface SummaryRow {
  file: string;
  tests?: number;
  failures?: number;
  errors?: number;
  skipped?: number;
  hash?: string;
  outcome: string;
  /** Whether the outcome meets the storage mode's contract. */
  good: boolean;
}

export interface SummaryInput {
  mode: string;
  /** The job's tests (the main step's insight), rendered after the totals. */
  insight?: Insight;
  rows: SummaryRow[];
  /** Reports still waiting in the offline queue after this run, and the oldest one's age in hours. */
  queue?: { depth: number; oldestHours?: number; key?: string };
  artifact?: { name: string; url: string };
  /** How the post step published: its auth in words, and its offline queue (where there is one). */
  publishing?: { auth: string; queue?: string };
  notes: string[];
}

/** Far below GitHub's 1 MiB per step, leaving room for other steps' summaries. */
export const SUMMARY_BUDGET = 512 * 1024;

function row(r: SummaryRow): string {
  const n = (v: number | undefined) => (v === undefined ? "" : String(v));
  const hash = r.hash ? `\`${r.hash.slice(0, 12)}\`` : "";
  return `| ${r.good ? "✅" : "❌"} | ${cell(r.file)} | ${n(r.tests)} | ${n(r.failures)} | ${n(r.errors)} | ${n(r.skipped)} | ${hash} | ${cell(r.outcome)} |`;
}

/** The totals in one line, as the summary and the pull-request comment start: flaky only when there are some. */
export function totalsText(
  c: Pick<Counts, "tests" | "failures" | "errors" | "skipped">,
  flaky: number,
): string {
  const f = flaky > 0 ? `, ${flaky} flaky` : "";
  return `**${c.tests} tests**: ${c.failures} failed, ${c.errors} errors, ${c.skipped} skipped${f}.`;
}

/** The job summary in Markdown: one row per report, totals, the queue; truncated with a note to stay in budget. */
export function renderSummary(s: SummaryInput, budget = SUMMARY_BUDGET): string {
  const total = (k: "tests" | "failures" | "errors" | "skipped") =>
    s.rows.reduce((a, r) => a + (r[k] ?? 0), 0);
  const bad = s.rows.filter((r) => !r.good).length;
  const head = [
    `## Jux: ${s.rows.length} report(s), storage mode \`${s.mode}\``,
    "",
    totalsText(
      {
        tests: total("tests"),
        failures: total("failures"),
        errors: total("errors"),
        skipped: total("skipped"),
      },
      s.insight?.flaky ?? 0,
    ) +
      " " +
      (bad === 0 ? "Every report ended well." : `**${bad} report(s) did not end well.**`),
    "",
  ];
  if (s.artifact) head.push(`Signed reports: artifact [${cell(s.artifact.name)}](${s.artifact.url}).`, "");
  if (s.publishing)
    head.push(
      `Published with auth ${cell(s.publishing.auth)}; ${s.publishing.queue ? `offline queue: ${cell(s.publishing.queue)}` : "no offline queue"}.`,
      "",
    );
  if (s.queue)
    head.push(
      s.queue.depth === 0
        ? "Offline queue: empty."
        : `Offline queue: **${s.queue.depth} report(s) waiting**${s.queue.oldestHours !== undefined ? `, the oldest for ${s.queue.oldestHours.toFixed(1)} h` : ""}; the next run publishes them first.`,
      "",
    );
  for (const note of s.notes) head.push(`> ${cell(note)}`, "");
  const headText = head.join("\n") + "\n";
  const headBytes = Buffer.byteLength(headText);
  // With the tests' sections, the report table keeps at most a quarter of the budget; they get the rest.
  const tableBudget = s.insight ? Math.floor((budget - headBytes) / 4) : budget - headBytes;
  const table = reportTable(s.rows, tableBudget, s.insight !== undefined);
  if (!s.insight) return headText + table;
  const tests = renderInsight(s.insight, budget - headBytes - Buffer.byteLength(table));
  return headText + tests + table;
}

/** The per-report table, reports that did not end well first, cut with a note to stay within `budget` bytes. */
function reportTable(rows: readonly SummaryRow[], budget: number, titled: boolean): string {
  const table = [
    ...(titled ? ["### Reports", ""] : []),
    "| | Report | Tests | Failed | Errors | Skipped | SHA-256 | Outcome |",
    "|---|---|--:|--:|--:|--:|---|---|",
  ];
  let text = table.join("\n") + "\n";
  let bytes = Buffer.byteLength(text);
  // Reports that did not end well first: they are what the reader looks for.
  const ordered = [...rows.filter((r) => !r.good), ...rows.filter((r) => r.good)];
  for (let i = 0; i < ordered.length; i++) {
    const line = row(ordered[i]!) + "\n";
    bytes += Buffer.byteLength(line);
    if (bytes > budget - 200) {
      text += `\n_${ordered.length - i} more report(s) not listed, to keep the summary under GitHub's size limit; the step's log lists every one._\n`;
      break;
    }
    text += line;
  }
  return text;
}

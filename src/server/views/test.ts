/** A test's page: its names and place, its figures over its runs, a history strip (newest right), recent failures. */
import { isFailing } from "../../core/junit/compare.js";
import type { TestHistoryRow } from "../schema.js";
import { lineChart } from "./chart.js";
import { escapeHtml, timeHtml } from "./format.js";
import { page } from "./layout.js";
import { projectHref, runHref } from "./links.js";
import { pointLabel } from "./project.js";
import { OUTCOME_MARKS, durationText, locationText, outcomeHtml, testNameHtml } from "./tests-format.js";

/** A test's figures over its project's last `window` runs, as the project page counts them (insight/summaries.ts). */
export interface TestFigures {
  /** The project's runs looked at. */
  window: number;
  /** Runs of the window that have this test (0: none, the figures are empty). */
  runs: number;
  /** 0..100 */
  pass_rate: number;
  /** 0..1 */
  flaky_score: number;
  mean_duration: number;
  p95_duration: number;
}

export interface TestView {
  key: string;
  project: string | undefined;
  branch: string | undefined;
  /** Newest first, as the store gives it. */
  history: TestHistoryRow[];
  figures: TestFigures;
  /** When the request was answered (epoch ms). */
  now: number;
}

/** Recent failure messages shown. */
export const MAX_FAILURES_SHOWN = 10;

/** One link per run, oldest left: colour, a mark and (for screen readers and tooltips) words. */
export function historyStrip(history: readonly TestHistoryRow[]): string {
  const marks = [...history]
    .reverse()
    .map((h) => {
      const words = `${h.outcome} on ${h.branch ?? "(no branch)"}, ${pointLabel(h.inserted_at)} UTC, ${durationText(h.duration)}`;
      return (
        `<li><a class="mark ${escapeHtml(h.outcome)}" href="${runHref(h.run_id)}" title="${escapeHtml(words)}" aria-label="${escapeHtml(words)}">` +
        `${escapeHtml(OUTCOME_MARKS[h.outcome] ?? "?")}</a></li>`
      );
    })
    .join("");
  const legend = Object.entries(OUTCOME_MARKS)
    .map(
      ([o, m]) =>
        `<span class="mark-key ${escapeHtml(o)}"><span aria-hidden="true">${escapeHtml(m)}</span> ${escapeHtml(o)}</span>`,
    )
    .join(" ");
  return (
    `<ol class="strip" aria-label="Runs of this test, oldest first">${marks}</ol>` +
    `<p class="muted legend">Oldest left, newest right. ${legend}</p>`
  );
}

function figuresTable(v: TestView, first: TestHistoryRow, scope: string): string {
  const f = v.figures;
  const where = locationText(first);
  const rows: [string, string][] = [
    ["Suite", escapeHtml(first.suite) || `<span class="muted">–</span>`],
    ["Class", escapeHtml(first.classname) || `<span class="muted">–</span>`],
    [
      "File",
      where
        ? `<code class="where">${escapeHtml(where)}</code>`
        : `<span class="muted">not in the reports</span>`,
    ],
    ...(f.runs > 0
      ? ([
          [
            "Pass rate",
            `${escapeHtml(f.pass_rate)}% <span class="muted">(in ${f.runs} of the last ${f.window} runs${scope}; skipped runs left out)</span>`,
          ],
          [
            "Flaky score",
            `${escapeHtml(f.flaky_score.toFixed(2))} <span class="muted">(0: steady; outcome flips and passes on a retry raise it, up to 1)</span>`,
          ],
          [
            "Duration",
            `mean ${escapeHtml(durationText(f.mean_duration))}, p95 ${escapeHtml(durationText(f.p95_duration))}`,
          ],
        ] as [string, string][])
      : ([["Figures", `<span class="muted">Not in the last ${f.window} runs${scope}.</span>`]] as [
          string,
          string,
        ][])),
    ["Last", `${outcomeHtml(first.outcome)} ${timeHtml(first.inserted_at, v.now)}`],
  ];
  return `<table class="facts">${rows.map(([k, val]) => `<tr><th>${k}</th><td>${val}</td></tr>`).join("")}</table>`;
}

function failures(v: TestView): string {
  const failed = v.history
    .filter((h) => isFailing(h.outcome) || h.outcome === "flaky")
    .slice(0, MAX_FAILURES_SHOWN);
  if (failed.length === 0) return `<h2>Recent failures</h2><p class="muted">None in the runs shown.</p>`;
  const items = failed
    .map(
      (h) =>
        `<li><p>${outcomeHtml(h.outcome)} <a href="${runHref(h.run_id)}">run of ${escapeHtml(pointLabel(h.inserted_at))} UTC</a>` +
        ` <span class="muted">on ${escapeHtml(h.branch ?? "(no branch)")}</span></p>` +
        (h.failure_type ? `<p><code>${escapeHtml(h.failure_type)}</code></p>` : "") +
        `<pre>${escapeHtml(h.failure_message ?? "(no message)")}</pre></li>`,
    )
    .join("");
  return `<h2>Recent failures</h2><ol class="failures">${items}</ol>`;
}

export function testPage(v: TestView): string {
  const first = v.history[0];
  const scope =
    (v.project ? ` of ${escapeHtml(v.project)}` : "") + (v.branch ? ` on ${escapeHtml(v.branch)}` : "");
  const back = v.project
    ? `<a href="${projectHref(v.project, v.branch)}">Project ${escapeHtml(v.project)}</a>`
    : "";
  const nav = `<p><a href="/">All runs</a>${back ? ` · ${back}` : ""}</p>`;
  if (!first)
    return page("Jux: test", `${nav}<h1>Test</h1><p class="muted">No runs of this test${scope}.</p>`);
  const durations = [...v.history]
    .reverse()
    .map((h) => ({ label: pointLabel(h.inserted_at), value: h.duration }));
  return page(
    `Jux: ${first.name}`,
    nav +
      `<h1 class="test-name">${testNameHtml(first)}</h1>${figuresTable(v, first, scope)}` +
      `<h2>History (${v.history.length} ${v.history.length === 1 ? "run" : "runs"}${scope})</h2>${historyStrip(v.history)}` +
      `<div class="charts"><figure>${lineChart(durations, { id: "test-duration", title: `Duration of ${first.name}`, yLabel: "Duration (s)", unit: " s" })}` +
      `<figcaption>Duration per run (seconds)</figcaption></figure></div>` +
      failures(v),
  );
}

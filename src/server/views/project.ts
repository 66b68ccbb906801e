/** A project's page: pass rate and duration over its last runs (SVG drawn here), its failing and flaky tests, branches. */
import type { TestSummaryRow, TrendPoint } from "../schema.js";
import { lineChart, type ChartPoint } from "./chart.js";
import { escapeHtml } from "./format.js";
import { page } from "./layout.js";
import { badgeHref, projectHref, testHref } from "./links.js";
import { durationText, outcomeHtml, plural, testCellHtml } from "./tests-format.js";

export interface BranchCount {
  branch: string | null;
  runs: number;
}

export interface ProjectView {
  project: string;
  /** The branch shown; undefined: every branch (the project's runs name none). */
  branch: string | undefined;
  /** Whether `branch` was chosen by the default-branch rule rather than asked for. */
  branchIsDefault: boolean;
  branches: BranchCount[];
  trend: TrendPoint[];
  /** Tests whose last outcome is failed or error. */
  failing: TestSummaryRow[];
  /** Tests with a flaky score above 0, most flaky first. */
  flaky: TestSummaryRow[];
  /** How many runs the test figures cover (the summaries' window). */
  window: number;
}

/** A trend point's label: its UTC minute. */
export function pointLabel(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 16).replace("T", " ");
}

function charts(v: ProjectView): string {
  const rate: ChartPoint[] = v.trend.map((p) => ({
    label: pointLabel(p.inserted_at),
    value: p.success_rate,
  }));
  const time: ChartPoint[] = v.trend.map((p) => ({ label: pointLabel(p.inserted_at), value: p.time }));
  const where = v.branch === undefined ? "" : ` on ${v.branch}`;
  return (
    `<div class="charts">` +
    `<figure>${lineChart(rate, { id: "pass-rate", title: `Pass rate of ${v.project}${where}`, yLabel: "Pass rate (%)", unit: "%", max: 100, colour: "#1a7f37" })}` +
    `<figcaption>Pass rate per run (%)</figcaption></figure>` +
    `<figure>${lineChart(time, { id: "duration", title: `Duration of ${v.project}${where}`, yLabel: "Duration (s)", unit: " s" })}` +
    `<figcaption>Duration per run (seconds)</figcaption></figure></div>`
  );
}

function branchList(v: ProjectView): string {
  if (v.branches.length === 0) return "";
  const items = v.branches.map(({ branch, runs }) => {
    const label = branch === null ? "(no branch)" : escapeHtml(branch);
    const count = `<span class="muted">${runs} ${runs === 1 ? "run" : "runs"}</span>`;
    if (branch === null) return `<li>${label} ${count}</li>`;
    return branch === v.branch
      ? `<li><a href="${projectHref(v.project, branch)}" aria-current="page"><b>${label}</b></a> ${count}</li>`
      : `<li><a href="${projectHref(v.project, branch)}">${label}</a> ${count}</li>`;
  });
  return `<h2>Branches</h2><ul class="branches">${items.join("")}</ul>`;
}

function testsTable(rows: TestSummaryRow[], v: ProjectView, kind: "failing" | "flaky"): string {
  const head =
    `<tr><th>Test</th><th>Last</th><th class="n">Pass rate</th>` +
    (kind === "flaky" ? `<th class="n">Flaky score</th>` : "") +
    `</tr>`;
  const body = rows
    .map(
      (t) =>
        `<tr><td class="text">${testCellHtml(t, testHref(t.key, v.project, v.branch))}</td><td>${outcomeHtml(t.last_outcome)}</td>` +
        `<td class="n">${escapeHtml(t.pass_rate)}%<br><span class="muted">${plural(t.runs, "run")}</span></td>` +
        (kind === "flaky" ? `<td class="n">${escapeHtml(t.flaky_score.toFixed(2))}</td>` : "") +
        `</tr>`,
    )
    .join("");
  return `<div class="scroll"><table class="tests ${kind}-tests"><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

function testSections(v: ProjectView): string {
  const over = `over the last ${v.window} runs${v.branch === undefined ? "" : ` of ${escapeHtml(v.branch)}`}`;
  const failing = v.failing.length
    ? testsTable(v.failing, v, "failing")
    : `<p class="muted">No test failed in the latest run.</p>`;
  const flaky = v.flaky.length
    ? testsTable(v.flaky, v, "flaky")
    : `<p class="muted">No flaky test ${over}.</p>`;
  return (
    `<h2 id="failing">Failing tests (${v.failing.length})</h2><p class="muted">Tests whose last run failed; pass rate ${over}.</p>${failing}` +
    `<h2 id="flaky">Flaky tests (${v.flaky.length})</h2><p class="muted">Tests that changed outcome between runs or passed on a retry, ${over}.</p>${flaky}`
  );
}

function latestLine(v: ProjectView): string {
  const last = v.trend[v.trend.length - 1];
  if (!last)
    return `<p class="muted">No runs of this project${v.branch === undefined ? "" : ` on ${escapeHtml(v.branch)}`} yet.</p>`;
  return (
    `<p>Latest: <b>${escapeHtml(last.success_rate)}%</b> of ${last.tests} tests passed ` +
    `(${last.failures} failed, ${plural(last.errors, "error")}, ${last.skipped} skipped, ${last.flaky} flaky) in ${escapeHtml(durationText(last.time))}, ` +
    `${escapeHtml(pointLabel(last.inserted_at))} UTC.</p>`
  );
}

export function projectPage(v: ProjectView): string {
  const branchNote =
    v.branch === undefined
      ? "all branches"
      : `branch <b>${escapeHtml(v.branch)}</b>${v.branchIsDefault ? " (the default branch)" : ""}`;
  const runsLink = `/?${new URLSearchParams({ project: v.project, ...(v.branch ? { branch: v.branch } : {}) }).toString()}`;
  const badge = badgeHref(v.project, v.branchIsDefault ? undefined : v.branch);
  return page(
    `Jux: ${v.project}`,
    `<p><a href="/">All runs</a> · <a href="${escapeHtml(runsLink)}">Runs of this project</a></p>` +
      `<h1>${escapeHtml(v.project)}</h1><p>${branchNote} · <img class="badge" src="${badge}" alt="tests badge" height="20"></p>` +
      latestLine(v) +
      `<h2>Over time</h2>${charts(v)}` +
      testSections(v) +
      branchList(v),
  );
}

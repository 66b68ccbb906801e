import { createHash } from "node:crypto";
import { httpUrl, runProperties } from "./ci-metadata.js";
import type { Paged, RunCaseRow, RunRow, SuiteRow } from "./store.js";

export function escapeHtml(s: string | number | null | undefined): string {
  return String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}a{color:#0969da}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.passed{color:#1a7f37}.failed,.error{color:#cf222e}.skipped{color:#9a6700}
code,pre{font:12px ui-monospace,monospace}pre{white-space:pre-wrap;background:#f6f8fa;padding:.5rem;margin:.25rem 0}
.muted{color:#656d76}`;

/** The pages' only stylesheet, allowed by its hash in the Content-Security-Policy (no 'unsafe-inline'). */
export const STYLE_HASH = `sha256-${createHash("sha256").update(STYLE).digest("base64")}`;

/** A link when `url` is http: or https:; any other scheme (javascript:, data:, ...) is shown as text. */
export function safeLink(url: string, text: string = url): string {
  return httpUrl(url)
    ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`
    : escapeHtml(text);
}

/** The CI build that produced the run, from the report's ci:build_url property. */
function buildRow(run: RunRow): string {
  const url = runProperties(run).get("ci:build_url");
  return url ? `<tr><th>Build</th><td>${safeLink(url)}</td></tr>` : "";
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function status(s: string): string {
  return `<span class="${escapeHtml(s)}">${escapeHtml(s)}</span>`;
}

export function runsPage(runs: RunRow[], total: number): string {
  const rows = runs
    .map(
      (r) =>
        `<tr><td><a href="/runs/${escapeHtml(r.id)}">${escapeHtml(r.project)}</a></td><td>${escapeHtml(r.branch)}</td>` +
        `<td><code>${escapeHtml(r.commit_sha?.slice(0, 12))}</code></td><td>${status(r.status)}</td>` +
        `<td class="n">${r.total_tests}</td><td class="n">${r.failures}</td><td class="n">${r.errors}</td><td class="n">${r.skipped}</td>` +
        `<td>${escapeHtml(r.signer ?? "unsigned")}</td><td>${escapeHtml(r.inserted_at)}</td></tr>`,
    )
    .join("");
  const table = runs.length
    ? `<table><thead><tr><th>Project</th><th>Branch</th><th>Commit</th><th>Status</th><th>Tests</th><th>Failed</th><th>Errors</th><th>Skipped</th><th>Signed by</th><th>Received (UTC)</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p class="muted">No test runs yet. Submit one: <code>curl --data-binary @report.xml -H 'Content-Type: application/xml' http://HOST/api/v1/junit/submit</code></p>`;
  return page(
    "Jux: test runs",
    `<h1>Test runs</h1><p class="muted">${total} in all, newest first.</p>${table}`,
  );
}

/** One page of a run's cases on the run page (store.runCases). */
export interface CasePage extends Paged<RunCaseRow> {
  page: number;
  perPage: number;
}

export function runPage(run: RunRow, suites: SuiteRow[], cases: CasePage): string {
  const facts = [
    ["Project", run.project],
    ["Branch", run.branch],
    ["Commit", run.commit_sha],
    ["Status", run.status],
    [
      "Tests",
      `${run.total_tests} (${run.failures} failed, ${run.errors} errors, ${run.skipped} skipped; ${run.success_rate}% passed)`,
    ],
    ["Time", `${run.total_time} s`],
    ["Signed by", run.signer ?? "unsigned"],
    ["Received", run.inserted_at],
  ]
    .map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(v)}</td></tr>`)
    .join("")
    .concat(buildRow(run));
  const sections = suitesTable(run, suites) + casesTable(run, cases);
  return page(
    `Jux: ${run.project} ${run.branch ?? ""}`,
    `<p><a href="/">All runs</a> · <a href="/runs/${escapeHtml(run.id)}/report.xml">Signed report (XML)</a></p>` +
      `<h1>${escapeHtml(run.project)}</h1><table>${facts}</table>${sections}`,
  );
}

/** Suites listed on the run page; the API lists them all. */
const MAX_SUITE_ROWS = 500;

function suitesTable(run: RunRow, suites: SuiteRow[]): string {
  const rows = suites
    .slice(0, MAX_SUITE_ROWS)
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.name || "(unnamed suite)")}</td><td class="n">${s.tests}</td><td class="n">${s.failures}</td>` +
        `<td class="n">${s.errors}</td><td class="n">${s.skipped}</td><td class="n">${s.time}</td></tr>`,
    )
    .join("");
  const more =
    suites.length > MAX_SUITE_ROWS
      ? `<p class="muted">${suites.length - MAX_SUITE_ROWS} more suites: /api/v1/test_runs/${escapeHtml(run.id)}/test_suites lists them all.</p>`
      : "";
  return (
    `<h2>Suites</h2><table><thead><tr><th>Suite</th><th>Tests</th><th>Failed</th><th>Errors</th><th>Skipped</th>` +
    `<th>Time (s)</th></tr></thead><tbody>${rows}</tbody></table>${more}`
  );
}

/** One page of the run's cases, errors and failures first, with links to the pages before and after. */
function casesTable(run: RunRow, { rows, total, page, perPage }: CasePage): string {
  const first = (page - 1) * perPage;
  const list = rows
    .map(
      (c) =>
        `<tr><td>${status(c.status)}</td><td>${escapeHtml(c.suite_name)}<br>${escapeHtml(c.classname)}<br><b>${escapeHtml(c.name)}</b></td>` +
        `<td>${escapeHtml(c.failure_message)}${c.failure_stacktrace ? `<pre>${escapeHtml(c.failure_stacktrace)}</pre>` : ""}</td></tr>`,
    )
    .join("");
  const href = (n: number) => `/runs/${escapeHtml(run.id)}?page=${n}`;
  const links = [
    page > 1 ? `<a href="${href(page - 1)}">Previous ${perPage}</a>` : "",
    first + rows.length < total
      ? `<a href="${href(page + 1)}" rel="next">Show more (${Math.min(perPage, total - first - rows.length)} of the ${total - first - rows.length} left)</a>`
      : "",
  ].filter(Boolean);
  const range = rows.length
    ? `${first + 1} to ${first + rows.length} of ${total}`
    : `none of ${total} on this page`;
  return (
    `<h2>Test cases</h2><p class="muted">Cases ${range}, errors and failures first.</p>` +
    (list ? `<table><tbody>${list}</tbody></table>` : "") +
    (links.length ? `<p>${links.join(" · ")}</p>` : "")
  );
}

export function notFoundPage(): string {
  return page("Jux: not found", `<h1>Not found</h1><p><a href="/">All runs</a></p>`);
}

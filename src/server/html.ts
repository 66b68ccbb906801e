import { createHash } from "node:crypto";
import { httpUrl, runProperties } from "./ci-metadata.js";
import { escapeHtml, signerView, timeHtml } from "./html-format.js";
import type { Paged, RunCaseRow, RunRow, SuiteRow } from "./schema.js";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}a{color:#0969da}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:normal}
.passed{color:#1a7f37}.failed,.error{color:#cf222e}.skipped{color:#9a6700}
code,pre{font:12px ui-monospace,monospace}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:.5rem;margin:.25rem 0}
.muted{color:#656d76}time{white-space:nowrap}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:1rem 0;padding:.6rem;background:#f6f8fa}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:#656d76}
input,select,button{font:inherit;padding:.2rem .4rem}nav.pages{display:flex;gap:1rem;margin:1rem 0}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}
table.runs th,table.runs td{white-space:nowrap;overflow-wrap:normal}table.runs td.text{white-space:normal;overflow-wrap:anywhere;min-width:7rem}
.signer code{white-space:nowrap}`;

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

/** A whole HTML page: its title, the one stylesheet, and `body` (already escaped). */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function status(s: string): string {
  return `<span class="${escapeHtml(s)}">${escapeHtml(s)}</span>`;
}

/** One page of a run's cases on the run page (store.runCases). */
export interface CasePage extends Paged<RunCaseRow> {
  page: number;
  perPage: number;
}

/** The run's facts; the signer in full (the list shows it shortened), the time readable and as ISO 8601. */
function factsTable(run: RunRow, now: number): string {
  const signer = run.signer === null ? "unsigned" : escapeHtml(run.signer);
  const unverified = run.signer !== null && signerView(run.signer).unverified;
  const facts: [string, string][] = [
    ["Project", escapeHtml(run.project)],
    ["Branch", escapeHtml(run.branch)],
    ["Commit", escapeHtml(run.commit_sha)],
    ["Status", status(run.status)],
    [
      "Tests",
      escapeHtml(
        `${run.total_tests} (${run.failures} failed, ${run.errors} errors, ${run.skipped} skipped; ${run.success_rate}% passed)`,
      ),
    ],
    ["Time", escapeHtml(`${run.total_time} s`)],
    [
      "Signed by",
      signer +
        (unverified
          ? ` <span class="muted">(checked against the key the report names only; start jux serve with --trust CERT.pem to verify signers)</span>`
          : ""),
    ],
    ["Received", `${timeHtml(run.inserted_at, now)} <code>${escapeHtml(run.inserted_at)}</code>`],
  ];
  return `<table>${facts.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join("")}${buildRow(run)}</table>`;
}

/** `now`: the time the request was answered (epoch ms), for "3 min ago". */
export function runPage(run: RunRow, suites: SuiteRow[], cases: CasePage, now: number): string {
  const sections = suitesTable(run, suites) + casesSection(run, cases);
  return page(
    `Jux: ${run.project} ${run.branch ?? ""}`,
    `<p><a href="/">All runs</a> · <a href="/runs/${escapeHtml(run.id)}/report.xml">Signed report (XML)</a></p>` +
      `<h1>${escapeHtml(run.project)}</h1>${factsTable(run, now)}${sections}`,
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

function caseName(c: RunCaseRow): string {
  return `${escapeHtml(c.suite_name)}<br>${escapeHtml(c.classname)}<br><b>${escapeHtml(c.name)}</b>`;
}

/** A failure's message and text. */
function problemRow(c: RunCaseRow): string {
  const text = c.failure_stacktrace ? `<pre>${escapeHtml(c.failure_stacktrace)}</pre>` : "";
  return `<tr><td>${status(c.status)}</td><td>${caseName(c)}</td><td>${escapeHtml(c.failure_message)}${text}</td></tr>`;
}

/** Why a case was skipped: its <skipped message="..."> (and type), and the element's text. */
function skippedRow(c: RunCaseRow): string {
  const type = c.failure_type ? ` <span class="muted">(${escapeHtml(c.failure_type)})</span>` : "";
  const text = c.failure_stacktrace ? `<pre>${escapeHtml(c.failure_stacktrace)}</pre>` : "";
  const reason =
    c.failure_message || text
      ? `${escapeHtml(c.failure_message)}${type}${text}`
      : `<span class="muted">no reason given</span>`;
  return `<tr class="skip"><td>${status(c.status)}</td><td>${caseName(c)}</td><td>${reason}</td></tr>`;
}

function passedRow(c: RunCaseRow): string {
  return `<tr><td>${status(c.status)}</td><td>${caseName(c)}</td><td class="n">${c.time} s</td></tr>`;
}

/**
 * One page of the run's cases (errors, failures, skipped, passed), with links to the pages before and after:
 * failures and skipped tests with their reasons in the open, the passing ones in a closed <details>.
 */
function casesSection(run: RunRow, { rows, total, page, perPage }: CasePage): string {
  const first = (page - 1) * perPage;
  const of = (wanted: (s: string) => boolean) => rows.filter((c) => wanted(c.status));
  const problems = of((s) => s === "error" || s === "failed");
  const skipped = of((s) => s === "skipped");
  const passed = of((s) => s === "passed");
  const table = (list: RunCaseRow[], row: (c: RunCaseRow) => string) =>
    `<table><tbody>${list.map(row).join("")}</tbody></table>`;
  const href = (n: number) => `/runs/${escapeHtml(run.id)}?page=${n}`;
  const left = total - first - rows.length;
  const links = [
    page > 1 ? `<a href="${href(page - 1)}">Previous ${perPage}</a>` : "",
    left > 0
      ? `<a href="${href(page + 1)}" rel="next">Show more (${Math.min(perPage, left)} of the ${left} left)</a>`
      : "",
  ].filter(Boolean);
  const range = rows.length
    ? `${first + 1} to ${first + rows.length} of ${total}`
    : `none of ${total} on this page`;
  return (
    `<h2>Test cases</h2><p class="muted">Cases ${range}: errors and failures first, then skipped, then passed.</p>` +
    (problems.length
      ? `<h3>Failures and errors (${problems.length})</h3>${table(problems, problemRow)}`
      : "") +
    (skipped.length
      ? `<h3>Skipped (${skipped.length}), with the reasons given</h3>${table(skipped, skippedRow)}`
      : "") +
    (passed.length
      ? `<details class="passed-cases"><summary>Passed (${passed.length} on this page)</summary>${table(passed, passedRow)}</details>`
      : "") +
    (links.length ? `<p>${links.join(" · ")}</p>` : "")
  );
}

export function notFoundPage(): string {
  return page("Jux: not found", `<h1>Not found</h1><p><a href="/">All runs</a></p>`);
}

/** A refused request to a page (a bad filter value, say), as a page rather than the API's JSON. */
export function errorPage(
  status: number,
  error: string,
  message: string,
  suggestions: string[] = [],
): string {
  const tips = suggestions.length
    ? `<ul>${suggestions.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>`
    : "";
  return page(
    `Jux: ${error}`,
    `<h1>${escapeHtml(error)} (${status})</h1><p>${escapeHtml(message)}</p>${tips}<p><a href="/">All runs</a></p>`,
  );
}

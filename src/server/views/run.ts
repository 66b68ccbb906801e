/** The page of one run: its facts, its suites, and one page of its cases (problems first). */
import { httpUrl, runProperties } from "../ci-metadata.js";
import { parsePublisher } from "../oidc-claims.js";
import type { Paged, RunCaseRow, RunRow, SuiteRow } from "../schema.js";
import { escapeHtml, signerView, timeHtml } from "./format.js";
import { page, status } from "./layout.js";
import { projectHref } from "./links.js";
import { runTestSections, type RunInsight } from "./run-tests.js";

/** A link when `url` is http: or https:; any other scheme (javascript:, data:, ...) is shown as text. */
function safeLink(url: string, text: string = url): string {
  return httpUrl(url)
    ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`
    : escapeHtml(text);
}

/** The CI build that produced the run, from the report's ci:build_url property. */
function buildRow(run: RunRow): string {
  const url = runProperties(run).get("ci:build_url");
  return url ? `<tr><th>Build</th><td>${safeLink(url)}</td></tr>` : "";
}

/**
 * Who published the run, as the server authenticated them: an OIDC token's repository, workflow and ref (with its
 * issuer and subject), or an API key; nothing for a run stored without either (an open server, an older version).
 */
function publisherRow(run: RunRow): string {
  const p = parsePublisher(run.published_by);
  if (!p) return "";
  if (p.method === "api-key") return `<tr><th>Published by</th><td>an API key</td></tr>`;
  const facts: [string, string | undefined][] = [
    ["repository", p.repository],
    ["workflow", p.workflow],
    ["ref", p.ref],
    ["commit", p.sha],
    ["run", p.runId],
    ["actor", p.actor],
    ["event", p.eventName],
  ];
  const shown = facts
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} <code>${escapeHtml(v)}</code>`)
    .join(", ");
  return (
    `<tr><th>Published by</th><td>an OIDC token: ${shown || "no CI claims"}` +
    ` <span class="muted">(issuer ${escapeHtml(p.issuer ?? "")}, subject <code>${escapeHtml(p.subject ?? "")}</code>)</span></td></tr>`
  );
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
    ["Project", `<a href="${projectHref(run.project, run.branch)}">${escapeHtml(run.project)}</a>`],
    ["Branch", escapeHtml(run.branch)],
    ["Commit", escapeHtml(run.commit_sha)],
    ["Status", status(run.status)],
    [
      "Tests",
      escapeHtml(
        `${run.total_tests} (${run.failures} failed, ${run.errors} errors, ${run.skipped} skipped, ${run.flaky} flaky; ${run.success_rate}% passed)`,
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
  return `<table>${facts.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join("")}${buildRow(run)}${publisherRow(run)}</table>`;
}

/**
 * `now`: the time the request was answered (epoch ms), for "3 min ago". The test sections (failing tests first, the
 * comparison with the base, the matrix legs) come before the suites and the report's cases.
 */
export function runPage(
  run: RunRow,
  suites: SuiteRow[],
  cases: CasePage,
  now: number,
  insight?: RunInsight,
): string {
  const sections =
    (insight ? runTestSections(run, insight, now) : "") + suitesTable(run, suites) + casesSection(run, cases);
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

function caseNameHtml(c: RunCaseRow): string {
  return `${escapeHtml(c.suite_name)}<br>${escapeHtml(c.classname)}<br><b>${escapeHtml(c.name)}</b>`;
}

/** A failure's message and text. */
function problemRow(c: RunCaseRow): string {
  const text = c.failure_stacktrace ? `<pre>${escapeHtml(c.failure_stacktrace)}</pre>` : "";
  return `<tr><td>${status(c.status)}</td><td>${caseNameHtml(c)}</td><td>${escapeHtml(c.failure_message)}${text}</td></tr>`;
}

/** Why a case was skipped: its <skipped message="..."> (and type), and the element's text. */
function skippedRow(c: RunCaseRow): string {
  const type = c.failure_type ? ` <span class="muted">(${escapeHtml(c.failure_type)})</span>` : "";
  const text = c.failure_stacktrace ? `<pre>${escapeHtml(c.failure_stacktrace)}</pre>` : "";
  const reason =
    c.failure_message || text
      ? `${escapeHtml(c.failure_message)}${type}${text}`
      : `<span class="muted">no reason given</span>`;
  return `<tr class="skip"><td>${status(c.status)}</td><td>${caseNameHtml(c)}</td><td>${reason}</td></tr>`;
}

function passedRow(c: RunCaseRow): string {
  return `<tr><td>${status(c.status)}</td><td>${caseNameHtml(c)}</td><td class="n">${c.time} s</td></tr>`;
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

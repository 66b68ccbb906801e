/** The page a person opens first: the runs, newest first, with filters and pages (no script: a GET form, links). */
import { escapeHtml, signerHtml, timeHtml } from "./format.js";
import { page, status } from "./layout.js";
import type { ProjectRow, RunFilter, RunRow } from "../schema.js";
import { projectHref } from "./links.js";

export interface RunList {
  runs: RunRow[];
  /** Runs matching the filter, over all pages. */
  total: number;
  /** The parsed query (the API's rules), page and per_page included. */
  filter: RunFilter;
  /** The query as given: what the form shows and the page links keep. */
  params: URLSearchParams;
  /** When the request was answered (epoch ms), for "3 min ago". */
  now: number;
  /** Every project, for links to their pages. */
  projects?: ProjectRow[];
}

/** Projects linked above the list; the rest are counted. */
const MAX_PROJECT_LINKS = 50;

/** Links to the projects' pages (pass rate over time, failing and flaky tests). */
function projectLinks(projects: ProjectRow[] | undefined): string {
  if (!projects?.length) return "";
  const links = projects
    .slice(0, MAX_PROJECT_LINKS)
    .map((p) => `<a href="${projectHref(p.project)}">${escapeHtml(p.project)}</a>`)
    .join(" · ");
  const more =
    projects.length > MAX_PROJECT_LINKS
      ? ` <span class="muted">and ${projects.length - MAX_PROJECT_LINKS} more</span>`
      : "";
  return `<nav class="projects" aria-label="Projects"><p>Projects: ${links}${more}</p></nav>`;
}

const STATUSES = ["passed", "failed", "error"] as const;
/** Query parameters the page links carry over as they were given (page is set per link). */
const KEPT = [
  "project",
  "branch",
  "status",
  "tags",
  "date_from",
  "date_to",
  "sort_by",
  "sort_order",
  "per_page",
];

/** The current query without page and empty values, with `page` set: a link to another page of the same list. */
export function pageHref(params: URLSearchParams, n: number): string {
  const q = new URLSearchParams();
  for (const name of KEPT) {
    const v = params.get(name);
    if (v) q.set(name, v);
  }
  if (n > 1) q.set("page", String(n));
  const s = q.toString();
  return escapeHtml(s ? `/?${s}` : "/");
}

function filterForm(params: URLSearchParams): string {
  const value = (name: string) => escapeHtml(params.get(name) ?? "");
  const chosen = params.get("status") ?? "all";
  const options = ["all", ...STATUSES]
    .map((s) => `<option value="${s}"${s === chosen ? " selected" : ""}>${s === "all" ? "any" : s}</option>`)
    .join("");
  // Parameters without a control of their own ride along, so that filtering keeps them.
  const hidden = KEPT.filter((n) => !["project", "branch", "status"].includes(n) && params.get(n))
    .map((n) => `<input type="hidden" name="${n}" value="${value(n)}">`)
    .join("");
  return (
    `<form class="filters" method="get" action="/">` +
    `<label>Project <input type="search" name="project" value="${value("project")}"></label>` +
    `<label>Branch <input type="search" name="branch" value="${value("branch")}"></label>` +
    `<label>Status <select name="status">${options}</select></label>${hidden}` +
    `<button type="submit">Filter</button><a href="/">Clear filters</a></form>`
  );
}

function runRow(r: RunRow, now: number): string {
  return (
    `<tr><td class="text"><a href="/runs/${escapeHtml(r.id)}">${escapeHtml(r.project)}</a></td><td class="text">${escapeHtml(r.branch)}</td>` +
    `<td><code title="${escapeHtml(r.commit_sha)}">${escapeHtml(r.commit_sha?.slice(0, 12))}</code></td><td>${status(r.status)}</td>` +
    `<td class="n">${r.total_tests}</td><td class="n">${r.failures}</td><td class="n">${r.errors}</td><td class="n">${r.skipped}</td>` +
    `<td class="text">${signerHtml(r.signer)}</td><td>${timeHtml(r.inserted_at, now)}</td></tr>`
  );
}

/** "Page N of M" with Previous and Next links that keep the filters. */
function pager({ filter, total, params }: RunList): string {
  const pages = Math.max(1, Math.ceil(total / filter.perPage));
  const at = filter.page;
  const link = (n: number, text: string, rel: string) =>
    `<a href="${pageHref(params, n)}" rel="${rel}">${text}</a>`;
  const parts = [
    at > 1 ? link(Math.min(at - 1, pages), "← Previous", "prev") : `<span class="muted">← Previous</span>`,
    `<span>Page ${at} of ${pages}</span>`,
    at < pages ? link(at + 1, "Next →", "next") : `<span class="muted">Next →</span>`,
  ];
  return `<nav class="pages" aria-label="Pages">${parts.join("")}</nav>`;
}

const FILTERS = ["project", "branch", "status", "tags", "date_from", "date_to"];

function emptyList(list: RunList): string {
  const filtered = FILTERS.some((n) => list.params.get(n) && list.params.get(n) !== "all");
  if (list.total > 0)
    return `<p class="muted">No runs on this page: <a href="${pageHref(list.params, 1)}">first page</a>.</p>`;
  if (filtered) return `<p class="muted">No runs match these filters. <a href="/">Clear filters</a></p>`;
  return `<p class="muted">No test runs yet. Submit one: <code>curl --data-binary @report.xml -H 'Content-Type: application/xml' http://HOST/api/v1/junit/submit</code></p>`;
}

export function runsPage(list: RunList): string {
  const { runs, total, filter, now } = list;
  const head =
    `<tr><th>Project</th><th>Branch</th><th>Commit</th><th>Status</th><th>Tests</th><th>Failed</th>` +
    `<th>Errors</th><th>Skipped</th><th>Signed by</th><th>Received</th></tr>`;
  const table = runs.length
    ? `<table class="runs"><thead>${head}</thead><tbody>${runs.map((r) => runRow(r, now)).join("")}</tbody></table>${pager(list)}`
    : emptyList(list);
  const order = filter.sortBy === "inserted_at" && filter.sortOrder === "desc" ? ", newest first" : "";
  return page(
    "Jux: test runs",
    `<h1>Test runs</h1>${projectLinks(list.projects)}${filterForm(list.params)}<p class="muted">${total} ${total === 1 ? "run" : "runs"}${order}.</p>${table}`,
  );
}

import { HttpError } from "../http/errors.js";
import { integer } from "../http/params.js";
import { DEFAULT_WINDOW } from "../insight/summaries.js";
import { htmlReply, reply, type Reply } from "../http/respond.js";
import { reportHeaders } from "../security.js";
import type { Store } from "../store.js";
import {
  BADGE_COLOURS,
  BADGE_SHOWS,
  BADGE_STYLES,
  badgeSvg,
  testsBadge,
  type Badge,
} from "../views/badge.js";
import { errorPage, notFoundPage } from "../views/layout.js";
import { projectPage } from "../views/project.js";
import { runPage } from "../views/run.js";
import { runsPage } from "../views/runs.js";
import { testPage } from "../views/test.js";
import { branchCounts, defaultBranch, runInsight, testFigures } from "./insight-pages.js";
import { runFilter } from "./run-filter.js";

/** Cases per page of the HTML run page. */
const RUN_PAGE_CASES = 500;
/** Runs per page of the HTML run list when the query gives no per_page (1 to 100, as the API). */
const RUN_LIST_PER_PAGE = 50;
/** Points of a project's charts: its last workflow runs. */
const TREND_POINTS = 60;
/** Runs a test's page shows in its history strip. */
const HISTORY_RUNS = 50;
/** Tests listed per section of a project's page. */
const PROJECT_TESTS = 100;
/** A badge may be cached this long (seconds): it changes with every run. */
const BADGE_MAX_AGE = 300;

/** GET `path` outside the API: the run list, a run, its stored report, a project, a test, a badge. */
export async function pages(
  store: Store,
  path: string,
  params: URLSearchParams,
  now: number,
): Promise<Reply> {
  const badge = /^\/badge\/([^/]+)\.svg$/.exec(path);
  if (badge) return badgeReply(store, segment(badge[1]!), params);
  try {
    if (path === "/") return await runList(store, params, now);
    const project = /^\/projects\/([^/]+)$/.exec(path);
    if (project) return await projectView(store, segment(project[1]!), params);
    const test = /^\/tests\/([0-9a-f]{32})$/.exec(path);
    if (test) return await testView(store, test[1]!, params, now);
    return await runView(store, path, params, now);
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    const { error, details, suggestions } = e.body;
    return htmlReply(
      e.status,
      errorPage(e.status, error, typeof details?.message === "string" ? details.message : error, suggestions),
    );
  }
}

/** A path segment as text (a project may be any string: links percent-encode it); undecodable: as it is. */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** A query parameter's value, undefined when absent or empty. */
function given(params: URLSearchParams, name: string): string | undefined {
  return params.get(name) || undefined;
}

async function runList(store: Store, params: URLSearchParams, now: number): Promise<Reply> {
  const filter = runFilter(params);
  if (!params.has("per_page")) filter.perPage = RUN_LIST_PER_PAGE;
  const { rows, total } = await store.listRuns(filter);
  const projects = await store.projects();
  return htmlReply(200, runsPage({ runs: rows, total, filter, params, now, projects }));
}

/** /runs/{id} (its tests and page of cases) or /runs/{id}/report.xml (the stored bytes, as text); else 404. */
async function runView(store: Store, path: string, params: URLSearchParams, now: number): Promise<Reply> {
  const m = /^\/runs\/([0-9a-f-]{36})(\/report\.xml)?$/i.exec(path);
  const run = m ? await store.run(m[1]!) : undefined;
  if (!run) return htmlReply(404, notFoundPage());
  // Streamed: decompressed as it is sent, never the whole report at once.
  if (m![2]) return reply(200, (await store.runXmlStream(run.id))!, { headers: reportHeaders(run.id) });
  const page = integer(params, "page", 1, 1, Number.MAX_SAFE_INTEGER);
  const cases = { ...(await store.runCases(run.id, page, RUN_PAGE_CASES)), page, perPage: RUN_PAGE_CASES };
  const insight = await runInsight(store, run, { base: given(params, "base"), with: given(params, "with") });
  return htmlReply(200, runPage(run, await store.suites(run.id), cases, now, insight));
}

/** /projects/{project}?branch=: the default branch (defaultBranch) unless one is asked for. */
async function projectView(store: Store, project: string, params: URLSearchParams): Promise<Reply> {
  const branches = await branchCounts(store, project);
  if (branches.length === 0) return htmlReply(404, notFoundPage());
  const asked = given(params, "branch");
  const branch = asked ?? defaultBranch(branches);
  const window = integer(params, "window", DEFAULT_WINDOW, 1, 200);
  const summaries = await store.testSummaries({
    project,
    branch,
    window,
    sort: "failing",
    page: 1,
    perPage: Number.MAX_SAFE_INTEGER,
  });
  const all = summaries.rows;
  const failing = all
    .filter((t) => t.last_outcome === "failed" || t.last_outcome === "error")
    .slice(0, PROJECT_TESTS);
  const flaky = all
    .filter((t) => t.flaky_score > 0)
    .sort((a, b) => b.flaky_score - a.flaky_score || a.pass_rate - b.pass_rate)
    .slice(0, PROJECT_TESTS);
  const trend = await store.projectTrend(project, {
    ...(branch !== undefined ? { branch } : {}),
    limit: TREND_POINTS,
  });
  return htmlReply(
    200,
    projectPage({
      project,
      branch,
      branchIsDefault: asked === undefined,
      branches,
      trend,
      failing,
      flaky,
      // The runs read: the window asked for (WINDOWS), fewer when the project has fewer or they are too large.
      window: summaries.windowUsed || summaries.window,
    }),
  );
}

/** /tests/{key}?project=&branch=: its history, and its figures as the project page counts them. */
async function testView(store: Store, key: string, params: URLSearchParams, now: number): Promise<Reply> {
  const branch = given(params, "branch");
  let project = given(params, "project");
  const history = await store.testHistory(key, {
    ...(project ? { project } : {}),
    ...(branch ? { branch } : {}),
    limit: HISTORY_RUNS,
  });
  if (history.length === 0 && !project && !branch) return htmlReply(404, notFoundPage());
  project ??= history[0]?.project;
  const scoped =
    project && !given(params, "project") ? history.filter((h) => h.project === project) : history;
  const figures = await testFigures(store, key, project, branch, scoped);
  return htmlReply(200, testPage({ key, project, branch, history: scoped, figures, now }));
}

/** /badge/{project}.svg?branch=&style=&show=: always an SVG, a refusal or an unknown project included. */
async function badgeReply(store: Store, project: string, params: URLSearchParams): Promise<Reply> {
  const style = choice(params, "style", BADGE_STYLES, "flat");
  const show = choice(params, "show", BADGE_SHOWS, "rate");
  const answer = (status: number, badge: Badge) =>
    reply(status, badgeSvg(badge), {
      headers: {
        "Content-Type": "image/svg+xml; charset=utf-8",
        "Cache-Control": `max-age=${status === 200 ? BADGE_MAX_AGE : 60}`,
      },
      project,
    });
  if (style === undefined || show === undefined)
    return answer(400, { label: "tests", message: "bad style or show", colour: BADGE_COLOURS.unknown });
  const asked = given(params, "branch");
  const branches = asked === undefined ? await branchCounts(store, project) : [];
  const branch = asked ?? defaultBranch(branches);
  // An unknown project (or branch) has no trend point.
  const [latest] =
    asked !== undefined || branches.length
      ? await store.projectTrend(project, { ...(branch !== undefined ? { branch } : {}), limit: 1 })
      : [];
  return answer(latest ? 200 : 404, testsBadge(latest, show, style));
}

/** The parameter's value when it is one of `allowed`, the fallback when absent, undefined when it is another. */
function choice<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T | undefined {
  const v = params.get(name);
  if (v === null || v === "") return fallback;
  return (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

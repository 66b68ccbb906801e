import { HttpError } from "../http/errors.js";
import { integer } from "../http/params.js";
import { htmlReply, reply, type Reply } from "../http/respond.js";
import { reportHeaders } from "../security.js";
import type { Store } from "../store.js";
import { errorPage, notFoundPage } from "../views/layout.js";
import { runPage } from "../views/run.js";
import { runsPage } from "../views/runs.js";
import { runFilter } from "./run-filter.js";

/** Cases per page of the HTML run page. */
const RUN_PAGE_CASES = 500;
/** Runs per page of the HTML run list when the query gives no per_page (1 to 100, as the API). */
const RUN_LIST_PER_PAGE = 50;

/** GET `path` outside the API: the run list, a run, its stored report; a refused parameter gets an HTML page. */
export function pages(store: Store, path: string, params: URLSearchParams, now: number): Reply {
  try {
    if (path === "/") return runList(store, params, now);
    return runView(store, path, params, now);
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    const { error, details, suggestions } = e.body;
    return htmlReply(
      e.status,
      errorPage(e.status, error, typeof details?.message === "string" ? details.message : error, suggestions),
    );
  }
}

function runList(store: Store, params: URLSearchParams, now: number): Reply {
  const filter = runFilter(params);
  if (!params.has("per_page")) filter.perPage = RUN_LIST_PER_PAGE;
  const { rows, total } = store.listRuns(filter);
  return htmlReply(200, runsPage({ runs: rows, total, filter, params, now }));
}

/** /runs/{id} (its page of cases) or /runs/{id}/report.xml (the stored bytes, as text); else the 404 page. */
function runView(store: Store, path: string, params: URLSearchParams, now: number): Reply {
  const m = /^\/runs\/([0-9a-f-]{36})(\/report\.xml)?$/i.exec(path);
  const run = m ? store.run(m[1]!) : undefined;
  if (!run) return htmlReply(404, notFoundPage());
  if (m![2]) return reply(200, store.runXml(run.id)!, { headers: reportHeaders(run.id) });
  const page = integer(params, "page", 1, 1, Number.MAX_SAFE_INTEGER);
  const cases = { ...store.runCases(run.id, page, RUN_PAGE_CASES), page, perPage: RUN_PAGE_CASES };
  return htmlReply(200, runPage(run, store.suites(run.id), cases, now));
}

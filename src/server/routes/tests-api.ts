/**
 * The per-test query routes (docs/openapi-insight.yaml): a project's tests, a test's history, a run's tests, a
 * run compared with another or with its base branch, and the baseline the action and `jux compare` ask for.
 */
import { compareTests, type TestChange, type TestLike } from "../../core/junit/compare.js";
import { TEST_OUTCOMES } from "../../core/junit/outcome.js";
import { problem } from "../http/errors.js";
import { paging, pagination } from "../http/paging.js";
import { integer, oneOf } from "../http/params.js";
import { reply, type Reply } from "../http/respond.js";
import type { RunRow, TestHistoryRow, TestOutcome, TestRow, TestSummaryRow } from "../schema.js";
import type { Store } from "../store.js";
import { baseFor, joinedTests } from "../insight/base.js";
import { DEFAULT_WINDOW } from "../insight/summaries.js";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^[0-9a-f]{32}$/;
/** Tests each list of a comparison holds at most; the counts are always whole. */
export const MAX_COMPARE_LIST = 1000;
/** Values of a text parameter (project, branch, job) longer than this are refused. */
const MAX_NAME = 1000;

/**
 * A test as every route gives it: the TestLike shape of core/junit/compare.ts (its failure flattened into
 * failure_type and failure_message, which the comparison does not read) plus its key and retries.
 */
export interface ApiTest extends TestLike {
  key: string;
  duration: number;
  retries: number;
  failure_type?: string;
  failure_message?: string;
}

export function apiTest(r: TestRow): ApiTest {
  return {
    id: r.test_id,
    key: r.key,
    suite: r.suite,
    classname: r.classname,
    name: r.name,
    outcome: r.outcome,
    duration: r.duration,
    retries: r.retries,
    ...(r.file !== null ? { file: r.file } : {}),
    ...(r.line !== null ? { line: r.line } : {}),
    ...(r.failure_type !== null ? { failure_type: r.failure_type } : {}),
    ...(r.failure_message !== null ? { failure_message: r.failure_message } : {}),
  };
}

function text(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name);
  if (v === null) return undefined;
  if (v === "" || v.length > MAX_NAME)
    throw problem(400, "Invalid parameter", `${name} must be 1 to ${MAX_NAME} characters (got ${v.length})`);
  return v;
}

function required(params: URLSearchParams, name: string, example: string): string {
  const v = text(params, name);
  if (v === undefined)
    throw problem(400, "Missing parameter", `The ${name} query parameter is required`, [
      `Add ?${name}=... e.g. ${example}`,
      "GET /api/v1/test_runs lists the runs with their project and branch",
    ]);
  return v;
}

async function runOf(store: Store, id: string): Promise<RunRow> {
  const run = UUID.test(id) ? await store.run(id) : undefined;
  if (!run)
    throw problem(404, "Test run not found", `No test run has id ${id}`, [
      "GET /api/v1/test_runs lists the runs and their ids",
    ]);
  return run;
}

/** GET /tests?project=&branch=&sort=&outcome=&window=&page=&per_page= */
export async function listTests(store: Store, params: URLSearchParams): Promise<Reply> {
  const project = required(params, "project", "/api/v1/tests?project=my-project&branch=main");
  const branch = text(params, "branch");
  const sort = oneOf(params, "sort", ["flaky", "failing", "slowest", "name"] as const, "name");
  const outcome = oneOf(params, "outcome", [...TEST_OUTCOMES, "all"] as const, "all");
  const window = integer(params, "window", DEFAULT_WINDOW, 1, 500);
  const { page, perPage } = paging(params);
  const {
    rows,
    total,
    window: used,
    windowUsed,
  } = await store.testSummaries({
    project,
    ...(branch !== undefined ? { branch } : {}),
    window,
    sort,
    ...(outcome !== "all" ? { outcome } : {}),
    page,
    perPage,
  });
  return reply(200, {
    project,
    ...(branch !== undefined ? { branch } : {}),
    window: used,
    window_used: windowUsed,
    tests: rows.map(summaryJson),
    pagination: pagination(page, perPage, total),
  });
}

function summaryJson(s: TestSummaryRow): Record<string, unknown> {
  const { file, line, ...rest } = s;
  return { ...rest, ...(file !== null ? { file } : {}), ...(line !== null ? { line } : {}) };
}

/** GET /tests/{key}/history?project=&branch=&limit= */
export async function testHistory(store: Store, key: string, params: URLSearchParams): Promise<Reply> {
  const project = text(params, "project");
  const branch = text(params, "branch");
  const limit = integer(params, "limit", 50, 1, 1000);
  const rows = KEY.test(key)
    ? await store.testHistory(key, {
        ...(project !== undefined ? { project } : {}),
        ...(branch !== undefined ? { branch } : {}),
        limit,
      })
    : [];
  if (rows.length === 0)
    throw problem(
      404,
      "Test not found",
      `No stored result of test ${key}${project ? ` in project ${project}` : ""}${branch ? ` on branch ${branch}` : ""}`,
      ["A test's key is the 32 hex digits GET /api/v1/tests gives as `key`"],
    );
  const newest = rows[0]!;
  return reply(200, {
    key,
    id: newest.test_id,
    suite: newest.suite,
    classname: newest.classname,
    name: newest.name,
    history: rows.map(historyJson),
  });
}

function historyJson(h: TestHistoryRow): Record<string, unknown> {
  return {
    test_run_id: h.run_id,
    project: h.project,
    ...(h.branch !== null ? { branch: h.branch } : {}),
    ...(h.commit_sha !== null ? { commit_sha: h.commit_sha } : {}),
    inserted_at: h.inserted_at,
    ...(h.workflow_run !== null ? { workflow_run: h.workflow_run } : {}),
    ...apiTest(h),
  };
}

/** GET /test_runs/{id}/tests?outcome=&page=&per_page= : failing first, then flaky, skipped, passed. */
export async function runTests(store: Store, id: string, params: URLSearchParams): Promise<Reply> {
  const run = await runOf(store, id);
  const wanted = oneOf(params, "outcome", [...TEST_OUTCOMES, "all"] as const, "all");
  const outcomes: TestOutcome[] | undefined = wanted === "all" ? undefined : [wanted];
  const { page, perPage } = paging(params);
  const rows = await store.runTests(run.id, {
    ...(outcomes ? { outcomes } : {}),
    limit: perPage,
    offset: (page - 1) * perPage,
  });
  return reply(200, {
    test_run_id: run.id,
    tests: rows.map(apiTest),
    pagination: pagination(page, perPage, await store.countRunTests(run.id, outcomes)),
  });
}

/** GET /baseline?project=&branch=&job= : what a new run of that job compares with, before it is stored. */
export async function baseline(store: Store, params: URLSearchParams): Promise<Reply> {
  const project = required(params, "project", "/api/v1/baseline?project=my-project&branch=main");
  const branch = required(
    params,
    "branch",
    `/api/v1/baseline?project=${encodeURIComponent(project)}&branch=main`,
  );
  const job = text(params, "job");
  const base = await baseFor(store, { project, job }, branch);
  if (!base)
    throw problem(
      404,
      "No baseline",
      `No run of project ${project} on branch ${branch}${job ? ` for job ${job}` : ""} is stored (a pull request's runs are never one)`,
      [
        `Publish a run of branch ${branch} first (e.g. on push to ${branch}); the comparison starts from the next one`,
      ],
    );
  const { tests, truncated } = await joinedTests(store, base.legs, apiTest);
  return reply(200, {
    workflow_run: base.run.workflow_run,
    test_runs: base.legs.map((l) => ({
      id: l.id,
      branch: l.branch,
      commit_sha: l.commit_sha,
      inserted_at: l.inserted_at,
      signer: l.signer,
    })),
    tests,
    truncated,
  });
}

/** GET /test_runs/{id}/compare?with={id} | ?base={branch}: the run (alone) against another run or a base. */
export async function compareRun(store: Store, id: string, params: URLSearchParams): Promise<Reply> {
  const run = await runOf(store, id);
  const withId = params.get("with");
  const baseBranch = text(params, "base");
  if ((withId === null) === (baseBranch === undefined))
    throw problem(400, "Invalid parameter", "Give exactly one of with (a test run id) and base (a branch)", [
      `GET /api/v1/test_runs/${run.id}/compare?base=main`,
    ]);
  let baseRuns: RunRow[];
  if (withId !== null) baseRuns = [await runOf(store, withId)];
  else {
    const found = await baseFor(store, run, baseBranch!);
    if (!found)
      throw problem(
        404,
        "No baseline",
        `No run of project ${run.project} on branch ${baseBranch} was stored before this one (a pull request's runs are never one)`,
        [`Publish a run of branch ${baseBranch} first, or compare with a run: ?with=<test run id>`],
      );
    baseRuns = found.legs;
  }
  const baseSide = await joinedTests(store, baseRuns, apiTest);
  const headSide = await joinedTests(store, [run], apiTest);
  const [base, head] = [baseSide.tests, headSide.tests];
  const c = compareTests(base, head);
  // The base run itself: the newest of its legs (oldest first).
  const chosen = baseRuns[baseRuns.length - 1]!;
  const change = (x: TestChange<ApiTest>) => ({ ...x.test, ...(x.before ? { before: x.before } : {}) });
  const cut = <T>(list: T[]) => list.slice(0, MAX_COMPARE_LIST);
  const counts = {
    new_failures: c.newFailures.length,
    fixed: c.fixed.length,
    still_failing: c.stillFailing.length,
    added: c.added.length,
    removed: c.removed.length,
  };
  return reply(200, {
    test_run_id: run.id,
    base: {
      test_run_ids: baseRuns.map((r) => r.id),
      branch: chosen.branch,
      commit_sha: chosen.commit_sha,
      workflow_run: chosen.workflow_run,
    },
    counts,
    new_failures: cut(c.newFailures).map(change),
    fixed: cut(c.fixed).map(change),
    still_failing: cut(c.stillFailing).map(change),
    added: cut(c.added),
    removed: cut(c.removed),
    truncated: Object.values(counts).some((n) => n > MAX_COMPARE_LIST),
    tests_truncated: baseSide.truncated || headSide.truncated,
  });
}

import { ciMetadata } from "../ci-metadata.js";
import { problem } from "../http/errors.js";
import { paging, pagination } from "../http/paging.js";
import { oneOf } from "../http/params.js";
import { reply, type Reply } from "../http/respond.js";
import { API } from "../http/router.js";
import type { CaseRow, RunRow, SuiteRow } from "../schema.js";
import type { Store } from "../store.js";
import { runFilter } from "./run-filter.js";
import { UUID, baseline, compareRun, listTests, runTests, testHistory } from "./tests-api.js";

const ITEM =
  /^\/(test_runs|test_suites|tests)\/([^/]+)(?:\/(test_suites|test_cases|tests|compare|history))?$/;

/**
 * GET /api/v1 + `path`: the run list, a run, its suites, a suite's cases (the upstream contract); a project's
 * tests, a test's history, a run's tests and comparison, a baseline (docs/openapi-insight.yaml); 404 otherwise.
 */
export async function api(store: Store, path: string, params: URLSearchParams): Promise<Reply> {
  if (path === "/test_runs") return listRuns(store, params);
  if (path === "/tests") return listTests(store, params);
  if (path === "/baseline") return baseline(store, params);
  const [, kind, id = "", sub] = ITEM.exec(path) ?? [];
  if (kind === "test_runs" && sub === "tests") return runTests(store, id, params);
  if (kind === "test_runs" && sub === "compare") return compareRun(store, id, params);
  if (kind === "test_runs" && (sub === undefined || sub === "test_suites"))
    return showRun(store, id, sub === "test_suites");
  if (kind === "test_suites" && sub === "test_cases") return listCases(store, id, params);
  if (kind === "tests" && sub === "history") return testHistory(store, id, params);
  throw problem(404, "Not found", `There is no ${API}${path} endpoint`);
}

async function listRuns(store: Store, params: URLSearchParams): Promise<Reply> {
  const filter = runFilter(params);
  const { rows, total } = await store.listRuns(filter);
  return reply(200, {
    test_runs: rows.map(runSummary),
    pagination: pagination(filter.page, filter.perPage, total),
  });
}

/** A run with its suites, or only its suites (GET .../test_runs/{id}/test_suites). */
async function showRun(store: Store, id: string, suitesOnly: boolean): Promise<Reply> {
  const run = UUID.test(id) ? await store.run(id) : undefined;
  if (!run) throw problem(404, "Test run not found", `No test run has id ${id}`);
  const suites = (await store.suites(run.id)).map(suiteSummary);
  if (suitesOnly) return reply(200, { test_suites: suites });
  const meta = ciMetadata(run);
  return reply(200, {
    ...runSummary(run),
    total_time: run.total_time,
    ...(meta ? { ci_metadata: meta } : {}),
    // Additions (docs/openapi-insight.yaml): the matrix legs of its workflow run, itself included.
    ...(run.workflow_run !== null
      ? { workflow_run: run.workflow_run, legs: (await store.workflowLegs(run.id)).map((l) => l.id) }
      : {}),
    flaky: run.flaky,
    test_suites: suites,
  });
}

async function listCases(store: Store, suiteId: string, params: URLSearchParams): Promise<Reply> {
  const wanted = oneOf(params, "status", ["passed", "failed", "error", "skipped", "all"] as const, "all");
  const status = wanted === "all" ? undefined : wanted;
  if (!UUID.test(suiteId) || !(await store.suiteExists(suiteId)))
    throw problem(404, "Test suite not found", `No test suite has id ${suiteId}`);
  const { page, perPage } = paging(params);
  const { rows, total } = await store.cases(suiteId, status, page, perPage);
  return reply(200, { test_cases: rows.map(testCase), pagination: pagination(page, perPage, total) });
}

function runSummary(r: RunRow): Record<string, unknown> {
  return {
    id: r.id,
    project: r.project,
    ...(r.branch !== null ? { branch: r.branch } : {}),
    ...(r.commit_sha !== null ? { commit_sha: r.commit_sha } : {}),
    status: r.status,
    total_tests: r.total_tests,
    failures: r.failures,
    errors: r.errors,
    skipped: r.skipped,
    success_rate: r.success_rate,
    inserted_at: r.inserted_at,
    tags: JSON.parse(r.tags) as string[],
    ...(r.signer !== null ? { signed_by: r.signer } : {}),
  };
}

function suiteSummary(s: SuiteRow): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    tests: s.tests,
    failures: s.failures,
    errors: s.errors,
    skipped: s.skipped,
    time: s.time,
  };
}

function testCase(c: CaseRow): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    classname: c.classname,
    status: c.status,
    time: c.time,
    ...(c.failure_message !== null ? { failure_message: c.failure_message } : {}),
    ...(c.failure_type !== null ? { failure_type: c.failure_type } : {}),
    ...(c.failure_stacktrace !== null ? { failure_stacktrace: c.failure_stacktrace } : {}),
  };
}

/**
 * The main step's test insight, once every report is read: the job's tests against the baseline, annotations,
 * outputs, the pull-request comment, and what fail_on says. Nothing here fails the step except fail_on.
 */
import * as core from "@actions/core";
import { errorMessage } from "../../core/errors.js";
import { isFailing } from "../../core/junit/compare.js";
import { jobKey } from "../../core/junit/metadata.js";
import type { TestResult } from "../../core/junit/tests.js";
import type { ActionInputs, FailOn } from "../inputs.js";
import { cell, printable } from "../markdown.js";
import { findBaseline, keepBaseline, type Baseline, type BaselineQuery } from "./baseline.js";
import { annotateFailures } from "./annotate.js";
import { failureText, insightOf, jobTests, type Insight, type ReportTestRun } from "./collect.js";
import { upsertComment } from "./comment.js";
import { insightOutputs } from "./outputs.js";
import { renderInsight } from "./render.js";
import { WorkspaceFiles, workspacePath } from "./workspace-paths.js";

/** Testcases of a report kept (core/junit/details.ts's maxCases default), in words: past it, the tests are cut. */
const KEPT_CASES_WORDS = "100 000";

/** True when the Jux API could not be the baseline (no route, or no answer): the Actions cache is, and is kept. */
export function cacheServes(b: Baseline): boolean {
  return b.server === "no-route" || b.server === "unavailable";
}

/** Seconds the baseline may take from the Jux API at most, whatever timeout_seconds says (the step's fixed cost). */
const BASELINE_TIMEOUT = 10;
/** The comment's budget in bytes: below GitHub's 65 536 characters, with room for its marker and heading. */
const COMMENT_BUDGET = 60_000;

export interface InsightContext {
  env: NodeJS.ProcessEnv;
  inputs: ActionInputs;
  project: string;
  workspace: string;
  runs: readonly ReportTestRun[];
  /** false: another run's tests (from_run: a fork's) are never kept as a branch's baseline. */
  keepBaseline?: boolean;
}

export interface InsightResult {
  insight: Insight;
  outputs: Record<string, string>;
  failing: TestResult[];
  isNew: (t: TestResult) => boolean;
  /** The workspace's one bounded index (the summary's links and the annotations read it). */
  files: WorkspaceFiles;
}

function query(c: InsightContext): BaselineQuery {
  const job = jobKey(c.env.GITHUB_JOB, c.inputs.leg);
  return {
    env: c.env,
    workspace: c.workspace,
    ...(c.inputs.apiUrl ? { apiUrl: c.inputs.apiUrl } : {}),
    ...(c.inputs.apiKey ? { apiKey: c.inputs.apiKey } : {}),
    apiKeyHeader: c.inputs.apiKeyHeader,
    timeoutSeconds: Math.min(c.inputs.apiTimeoutSeconds, BASELINE_TIMEOUT),
    project: c.project,
    ...(job ? { job } : {}),
  };
}

/** Compares the job's tests with the baseline and keeps them as the baseline of later runs (never throws). */
export async function testInsight(c: InsightContext): Promise<InsightResult> {
  const q = query(c);
  const baseline = await findBaseline(q);
  core.info(
    baseline.found
      ? `jux: comparing the tests with ${baseline.description}`
      : `jux: no baseline to compare the tests with: ${baseline.description}`,
  );
  const { insight, ordered, comparison } = insightOf(c.runs, baseline);
  const files = new WorkspaceFiles(c.workspace);
  linkPaths(insight, files, c.env);
  const fresh = new Set(comparison?.newFailures.map((n) => n.test.id) ?? []);
  // A Jux API that serves baselines is the baseline: no cache entry per run (the step's fixed cost, the cache
  // quota). One without the route (an upstream Jux server) or unable to answer leaves the cache as the baseline.
  const serverServes = c.inputs.apiUrl !== undefined && !cacheServes(baseline);
  if (!serverServes && c.keepBaseline !== false) {
    if (insight.truncated)
      core.info(
        `jux: a report had more testcases than the ${KEPT_CASES_WORDS} kept of each (or more suites than are kept): no baseline is kept for later runs (an incomplete one would show the tests left out as disappeared)`,
      );
    else {
      const problem = await keepBaseline(q, jobTests(c.runs).tests);
      if (problem) core.info(`jux: ${problem}`);
    }
  }
  return {
    insight,
    outputs: insightOutputs(insight, ordered),
    failing: ordered,
    isNew: (t) => fresh.has(t.id),
    files,
  };
}

/** Where the summary's locations link: the repository's files at this commit (checked: they come from env). */
function blobUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = env.GITHUB_SERVER_URL ?? "";
  const repo = env.GITHUB_REPOSITORY ?? "";
  const sha = env.GITHUB_SHA ?? "";
  if (!/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(server)) return undefined;
  if (!/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/.test(repo) || !/^[0-9a-f]{40,64}$/.test(sha))
    return undefined;
  return `${server}/${repo}/blob/${sha}`;
}

/** The listed tests' files as workspace paths (the workspace's bounded index, read only for a bare name). */
function linkPaths(i: Insight, files: WorkspaceFiles, env: NodeJS.ProcessEnv): void {
  for (const t of [...i.failing.items, ...i.flakyTests.items]) {
    if (t.file === undefined) continue;
    const path = workspacePath(t.file, files, t.classname);
    if (path !== undefined) t.path = path;
  }
  const url = blobUrl(env);
  if (url) i.blobUrl = url;
}

/** Failing tests listed in the step's log (in a collapsed group), beyond what the summary and annotations show. */
const LOGGED = 1000;

/** The failing tests in the log, new first, one line each (bounded), in a group. */
export function logFailures(r: InsightResult): void {
  if (r.failing.length === 0) return;
  core.startGroup(`jux: ${r.failing.length} failing test(s)`);
  for (const t of r.failing.slice(0, LOGGED)) {
    const where = t.file === undefined ? "" : ` (${t.file}${t.line !== undefined ? `:${t.line}` : ""})`;
    const why = failureText(t.failure);
    core.info(
      printable(
        `${r.isNew(t) ? "NEW " : ""}${t.outcome}: ${t.suite} › ${t.classname} › ${t.name}${where}${why ? `: ${why}` : ""}`,
      ),
    );
  }
  if (r.failing.length > LOGGED) core.info(`… and ${r.failing.length - LOGGED} more`);
  core.endGroup();
}

/** The failing tests' annotations, within what the step has left of GitHub's cap. */
export function annotateTests(r: InsightResult, budget: number): void {
  if (r.failing.length === 0 || budget <= 0) return;
  annotateFailures(r.failing, r.isNew, r.files, budget);
}

/** The comment's Markdown: a heading naming the workflow and job, the totals, the sections. */
export function commentText(i: Insight, env: NodeJS.ProcessEnv, totals: string, leg?: string): string {
  const where = [env.GITHUB_WORKFLOW, jobKey(env.GITHUB_JOB, leg)]
    .filter(Boolean)
    .map((s) => cell(s!))
    .join(" / ");
  const head = `## Jux: tests of ${where || "this job"}\n\n${totals}\n\n`;
  const body = renderInsight(i, COMMENT_BUDGET - Buffer.byteLength(head));
  return head + (body || "Every test passed.\n");
}

/** Writes or updates the pull-request comment; a problem is a warning, a skip (no pull request, a fork) a note. */
export async function comment(
  i: Insight,
  env: NodeJS.ProcessEnv,
  token: string | undefined,
  totals: string,
  leg?: string,
) {
  try {
    const r = await upsertComment({
      env,
      token: token ?? "",
      body: commentText(i, env, totals, leg),
      ...(leg ? { leg } : {}),
    });
    if (r.ok) {
      core.info(`jux: ${r.updated ? "updated" : "wrote"} the pull-request comment ${r.url}`);
      if (r.deleted) core.info(`jux: deleted ${r.deleted} older copy(ies) of this job's comment`);
      if (r.problem) core.warning(`jux: ${r.problem}`);
    } else if (!r.skipped) core.warning(`jux: the pull-request comment was not written: ${r.reason}`);
    else if (/^pull_request/.test(env.GITHUB_EVENT_NAME ?? ""))
      core.notice(`jux: no pull-request comment: ${r.reason}`);
    else core.info(`jux: no pull-request comment: ${r.reason}`);
  } catch (e) {
    core.warning(`jux: the pull-request comment was not written: ${errorMessage(e)}`);
  }
}

const NAMES_SHOWN = 5;

function names(tests: readonly TestResult[]): string {
  const shown = tests.slice(0, NAMES_SHOWN).map((t) => `${t.classname || t.suite} › ${t.name}`);
  const more = tests.length > NAMES_SHOWN ? ` and ${tests.length - NAMES_SHOWN} more` : "";
  return printable(`${shown.join(", ")}${more}`);
}

/** Why fail_on fails the step, if it does: how many tests and which (the first ones). */
export function failOnReason(failOn: FailOn, r: InsightResult): string | undefined {
  if (failOn === "nothing") return undefined;
  const failing = r.failing.filter((t) => isFailing(t.outcome));
  if (failOn === "failures") {
    if (failing.length === 0) return undefined;
    return `fail_on failures: ${failing.length} test(s) failed: ${names(failing)} (see the annotations and the job summary)`;
  }
  if (!r.insight.baseline.found) {
    if (failing.length > 0)
      core.warning(
        `jux: fail_on new-failures: ${failing.length} test(s) failed but none can be called new: ${r.insight.baseline.description}; the step does not fail for them`,
      );
    return undefined;
  }
  const fresh = failing.filter(r.isNew);
  if (fresh.length === 0) return undefined;
  return `fail_on new-failures: ${fresh.length} new failure(s) against ${r.insight.baseline.description}: ${names(fresh)} (see the annotations and the job summary)`;
}

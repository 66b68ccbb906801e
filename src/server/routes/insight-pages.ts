/**
 * What the test-level pages ask the Store beyond one query: a project's branches and default branch, a run's base
 * run and comparison, a test's figures as the project page counts them.
 */
import { compareTests } from "../../core/junit/compare.js";
import { baseFor, joinedTests } from "../insight/base.js";
import { DEFAULT_WINDOW } from "../insight/summaries.js";
import type { RunRow, TestHistoryRow, TestOutcome } from "../schema.js";
import type { Store } from "../store.js";
import type { BranchCount } from "../views/project.js";
import { comparedTest, type RunInsight } from "../views/run-tests.js";
import type { TestFigures } from "../views/test.js";

/** Runs looked at for a project's branches (newest first). */
export const BRANCH_SAMPLE = 100;
/** Failing or flaky tests listed on a run page (each list is counted in full). */
export const RUN_PAGE_TESTS = 200;

/** The branches of a project's last BRANCH_SAMPLE runs, most runs first (newest first among equals); [] unknown project. */
export async function branchCounts(store: Store, project: string): Promise<BranchCount[]> {
  const { rows } = await store.listRuns({
    project,
    sortBy: "inserted_at",
    sortOrder: "desc",
    page: 1,
    perPage: BRANCH_SAMPLE,
  });
  const counts = new Map<string | null, number>();
  for (const r of rows) counts.set(r.branch, (counts.get(r.branch) ?? 0) + 1);
  return [...counts].map(([branch, runs]) => ({ branch, runs })).sort((a, b) => b.runs - a.runs);
}

/**
 * A project's default branch: `main` when it has runs there, else `master`, else the branch with the most of its
 * last runs; undefined when its runs name no branch.
 */
export function defaultBranch(branches: readonly BranchCount[]): string | undefined {
  const names = branches.map((b) => b.branch).filter((b): b is string => b !== null);
  return ["main", "master"].find((b) => names.includes(b)) ?? names[0];
}

async function comparison(
  store: Store,
  run: RunRow,
  ask: { base?: string | undefined; with?: string | undefined },
): Promise<RunInsight["comparison"]> {
  let base: RunRow | undefined;
  let legs: RunRow[];
  let how: string;
  if (ask.with !== undefined) {
    base = await store.run(ask.with);
    if (!base)
      return { missing: `There is no run ${ask.with} (the with= parameter); give the id of a stored run.` };
    legs = [base];
    how = "the run given by with=";
  } else {
    const branch = ask.base ?? defaultBranch(await branchCounts(store, run.project));
    if (branch === undefined)
      return {
        missing: "The project's runs name no branch: give base=BRANCH or with=RUN_ID in the address.",
      };
    const found = await baseFor(store, run, branch);
    if (!found)
      return {
        missing: `No run of ${run.project} on ${branch} (other than a pull request's) was stored before this one; give base=BRANCH or with=RUN_ID in the address to compare with another.`,
      };
    ({ run: base, legs } = found);
    const joined = legs.length > 1 ? `, its ${legs.length} legs joined` : "";
    how =
      ask.base !== undefined
        ? `the newest run of ${branch} (base=) stored before this one${joined}`
        : `the newest run of ${branch}, the project's default branch, stored before this one${joined}`;
  }
  const result = compareTests(
    (await joinedTests(store, legs, comparedTest)).tests,
    (await joinedTests(store, [run], comparedTest)).tests,
  );
  return { base, how, result };
}

/** The run page's test sections: failing and flaky tests, the comparison with its base, its workflow run's legs. */
export async function runInsight(
  store: Store,
  run: RunRow,
  ask: { base?: string | undefined; with?: string | undefined },
): Promise<RunInsight> {
  const failing: TestOutcome[] = ["failed", "error"];
  return {
    failing: await store.runTests(run.id, { outcomes: failing, limit: RUN_PAGE_TESTS }),
    failingTotal: await store.countRunTests(run.id, failing),
    flaky: await store.runTests(run.id, { outcomes: ["flaky"], limit: RUN_PAGE_TESTS }),
    flakyTotal: await store.countRunTests(run.id, ["flaky"]),
    legs: await store.workflowLegs(run.id),
    comparison: await comparison(store, run, ask),
  };
}

/**
 * A test's figures as the project page shows them (the project's last DEFAULT_WINDOW runs, of the branch when
 * given); without a project, or when the test is not in that window, from nothing (runs 0).
 */
export async function testFigures(
  store: Store,
  key: string,
  project: string | undefined,
  branch: string | undefined,
  history: readonly TestHistoryRow[],
): Promise<TestFigures & { window: number }> {
  const none = {
    runs: 0,
    pass_rate: 0,
    flaky_score: 0,
    mean_duration: 0,
    p95_duration: 0,
    window: DEFAULT_WINDOW,
  };
  if (!project || history.length === 0) return none;
  const row = await store.testSummary(key, {
    project,
    ...(branch !== undefined ? { branch } : {}),
    window: DEFAULT_WINDOW,
    page: 1,
    perPage: 1,
  });
  return row ? { ...row, window: DEFAULT_WINDOW } : none;
}

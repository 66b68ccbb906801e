/**
 * The one rule for what a run compares with on a branch (its base), used by GET /api/v1/baseline, GET
 * /api/v1/test_runs/{id}/compare?base= and the run page: the newest run of the project on the branch that no
 * pull request made, of the same job (else one naming no job, never another job's; any job's when none is
 * named), stored before the run when there is one and no leg of its workflow run; joined with the legs of its
 * workflow run on the same branch and job (no pull request's), at most MAX_BASE_LEGS. When the server has trusted
 * keys (--trust, Store.preferVerified), a run whose signature one verified is taken first by the same rule, with
 * verified legs only; a run without one only when no verified run fits.
 */
import { unionTests, type TestLike } from "../../core/junit/compare.js";
import { MAX_BASELINE_TESTS } from "../../core/junit/test-rows.js";
import type { RunRow, TestRow } from "../schema.js";
import type { Store } from "../store.js";
import type { BaseQuery } from "./test-queries.js";

/** Legs of one workflow run joined into a base at most (the newest; the base itself always among them). */
export const MAX_BASE_LEGS = 64;

/** A base: the run chosen and the legs joined with it (itself included), oldest first. */
export interface Base {
  run: RunRow;
  legs: RunRow[];
}

/** What a base is chosen for: a stored run, or a project and job whose run is not stored yet (GET /baseline). */
export type BaseOf = RunRow | { project: string; job?: string | null | undefined };

/** The base of `of` on `branch` (see the module's rule), or undefined when no run fits. */
export async function baseFor(store: Store, of: BaseOf, branch: string): Promise<Base | undefined> {
  const before = "id" in of ? of : undefined;
  const q: BaseQuery = { project: of.project, branch, ...(before ? { before } : {}) };
  const job = of.job ?? undefined;
  const newest = async (at: BaseQuery) =>
    job === undefined
      ? store.newestBase(at)
      : ((await store.newestBase({ ...at, job })) ?? (await store.newestBase({ ...at, job: null })));
  const verified = store.preferVerified ? await newest({ ...q, verified: true }) : undefined;
  if (verified)
    return { run: verified, legs: await store.baseLegs(verified, { ...q, verified: true }, MAX_BASE_LEGS) };
  const run = await newest(q);
  return run && { run, legs: await store.baseLegs(run, q, MAX_BASE_LEGS) };
}

/**
 * The tests of runs joined (a workflow run's legs) by the worst outcome, in each run's report order: at most
 * `max` rows are read in all (legs past them are not read), so `truncated` is true when rows were left unread or
 * a run's report had more tests than the ingest stored.
 */
export async function joinedTests<T extends TestLike>(
  store: Store,
  runs: readonly RunRow[],
  as: (row: TestRow) => T,
  max = MAX_BASELINE_TESTS,
): Promise<{ tests: T[]; truncated: boolean }> {
  let left = max;
  let truncated = runs.some((r) => r.tests_truncated === 1);
  const lists: T[][] = [];
  for (const r of runs) {
    if (left === 0) {
      truncated = true;
      break;
    }
    const rows = await store.runTestsInOrder(r.id, left + 1);
    if (rows.length > left) truncated = true;
    const read = rows.slice(0, left);
    left -= read.length;
    lists.push(read.map(as));
  }
  return { tests: [...unionTests<T>(lists).values()], truncated };
}

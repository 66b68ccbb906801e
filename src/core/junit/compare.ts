/**
 * The one comparison of two runs' tests, by test id: what the action's baseline, `jux serve`'s compare route,
 * `jux compare` and `jux cache compare` all show. Pure: it takes the tests, whoever read them.
 */
import { createHash } from "node:crypto";
import type { TestOutcome } from "./outcome.js";

/** What a comparison needs of a test (a TestResult is one; so is a row the server stored). */
export interface TestLike {
  /** testId(suite, classname, name). */
  id: string;
  suite: string;
  classname: string;
  name: string;
  outcome: TestOutcome;
  duration?: number;
  file?: string;
  line?: number;
  failure?: { type?: string; message?: string };
}

/** A test of the head and how it was in the base (undefined: the base did not have it). */
export interface TestChange<T extends TestLike = TestLike> {
  test: T;
  before?: TestOutcome;
}

export interface TestComparison<T extends TestLike = TestLike> {
  /** Failing now (failed or error), and not failing in the base: passed, skipped, flaky, or not there at all. */
  newFailures: TestChange<T>[];
  /** Failing in the base, passed or flaky now. */
  fixed: TestChange<T>[];
  /** Failing in both. */
  stillFailing: TestChange<T>[];
  /** In the head only (whatever their outcome; a failing one is also a new failure). */
  added: T[];
  /** In the base only. */
  removed: T[];
}

const FAILING: ReadonlySet<TestOutcome> = new Set(["failed", "error"]);

/** True when the test's outcome is a failure or an error (a flaky test passed in the end: it is not failing). */
export function isFailing(outcome: TestOutcome): boolean {
  return FAILING.has(outcome);
}

/**
 * The tests of several reports (a job's files, a workflow run's matrix legs) as one set by test id. The same id in
 * two reports is the same test run twice (two legs, two platforms): it counts as failing when it failed in ANY of
 * them (the worst outcome; a pass in one and a failure in another is not flaky: retries are within one report).
 */
export function unionTests<T extends TestLike>(reports: Iterable<Iterable<T>>): Map<string, T> {
  const byId = new Map<string, T>();
  for (const tests of reports)
    for (const t of tests) {
      const known = byId.get(t.id);
      if (!known || worse(t.outcome, known.outcome)) byId.set(t.id, t);
    }
  return byId;
}

/** Error, then failed, then flaky, then passed, then skipped. */
const SEVERITY: Readonly<Record<TestOutcome, number>> = {
  skipped: 0,
  passed: 1,
  flaky: 2,
  failed: 3,
  error: 4,
};

function worse(a: TestOutcome, b: TestOutcome): boolean {
  return SEVERITY[a] > SEVERITY[b];
}

/** Test ids of `head` compared with `base`; each list keeps the head's order (removed: the base's order). */
export function compareTests<T extends TestLike>(base: Iterable<T>, head: Iterable<T>): TestComparison<T> {
  const before = new Map<string, T>();
  for (const t of base) before.set(t.id, before.has(t.id) ? pickWorse(before.get(t.id)!, t) : t);
  const seen = new Set<string>();
  const result: TestComparison<T> = { newFailures: [], fixed: [], stillFailing: [], added: [], removed: [] };
  for (const t of head) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    const old = before.get(t.id);
    if (!old) result.added.push(t);
    const was = old ? isFailing(old.outcome) : false;
    const change: TestChange<T> = old ? { test: t, before: old.outcome } : { test: t };
    if (isFailing(t.outcome)) (was ? result.stillFailing : result.newFailures).push(change);
    else if (was && (t.outcome === "passed" || t.outcome === "flaky")) result.fixed.push(change);
  }
  for (const [id, t] of before) if (!seen.has(id)) result.removed.push(t);
  return result;
}

function pickWorse<T extends TestLike>(a: T, b: T): T {
  return worse(b.outcome, a.outcome) ? b : a;
}

/** Counts of a comparison, for outputs and one-line messages. */
export function comparisonCounts(c: TestComparison): Record<keyof TestComparison, number> {
  return {
    newFailures: c.newFailures.length,
    fixed: c.fixed.length,
    stillFailing: c.stillFailing.length,
    added: c.added.length,
    removed: c.removed.length,
  };
}

/**
 * A test id as a URL-safe key (`jux serve`'s /tests/{key}): the first 32 hex digits of its SHA-256. The id itself
 * (a JSON array of three names) has quotes and brackets that no path segment should carry.
 */
export function testKey(id: string): string {
  return createHash("sha256").update(id, "utf8").digest("hex").slice(0, 32);
}

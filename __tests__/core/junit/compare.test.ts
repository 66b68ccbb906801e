import { describe, expect, it } from "@jest/globals";
import {
  compareTests,
  comparisonCounts,
  isFailing,
  testKey,
  unionTests,
  type TestLike,
} from "../../../src/core/junit/compare.js";
import type { TestOutcome } from "../../../src/core/junit/outcome.js";
import { testId } from "../../../src/core/junit/tests.js";
import { modelOf } from "../../helpers/test-model.js";

const t = (name: string, outcome: TestOutcome, suite = "S"): TestLike => ({
  id: testId(suite, "c", name),
  suite,
  classname: "c",
  name,
  outcome,
});

const names = (list: { test?: TestLike; name?: string }[]) =>
  list.map((x) => (x as { test?: TestLike }).test?.name ?? (x as TestLike).name);

describe("compareTests", () => {
  const base = [
    t("stays-green", "passed"),
    t("breaks", "passed"),
    t("breaks-from-skip", "skipped"),
    t("gets-fixed", "failed"),
    t("fixed-but-flaky", "error"),
    t("still-red", "failed"),
    t("goes-away", "failed"),
    t("was-flaky-now-fails", "flaky"),
    t("fail-then-skip", "failed"),
  ];
  const head = [
    t("stays-green", "passed"),
    t("breaks", "failed"),
    t("breaks-from-skip", "error"),
    t("gets-fixed", "passed"),
    t("fixed-but-flaky", "flaky"),
    t("still-red", "error"),
    t("brand-new-red", "failed"),
    t("brand-new-green", "passed"),
    t("was-flaky-now-fails", "failed"),
    t("fail-then-skip", "skipped"),
  ];
  const c = compareTests(base, head);

  it("finds new failures (passed, skipped, flaky or absent before), in the head's order", () => {
    expect(names(c.newFailures)).toEqual([
      "breaks",
      "breaks-from-skip",
      "brand-new-red",
      "was-flaky-now-fails",
    ]);
    expect(c.newFailures.map((x) => x.before)).toEqual(["passed", "skipped", undefined, "flaky"]);
  });

  it("counts a test passed or flaky after failing as fixed, and a skip after a failure as neither", () => {
    expect(names(c.fixed)).toEqual(["gets-fixed", "fixed-but-flaky"]);
    expect(c.fixed.map((x) => x.before)).toEqual(["failed", "error"]);
    expect([...names(c.newFailures), ...names(c.fixed), ...names(c.stillFailing)]).not.toContain(
      "fail-then-skip",
    );
  });

  it("lists still failing, added and removed", () => {
    expect(names(c.stillFailing)).toEqual(["still-red"]);
    expect(c.stillFailing[0]!.test.outcome).toBe("error");
    expect(names(c.added)).toEqual(["brand-new-red", "brand-new-green"]);
    expect(names(c.removed)).toEqual(["goes-away"]);
    expect(comparisonCounts(c)).toEqual({ newFailures: 4, fixed: 2, stillFailing: 1, added: 2, removed: 1 });
  });

  it("keys by test id, not by name alone: the same name in another suite is another test", () => {
    const r = compareTests([t("x", "failed", "A")], [t("x", "passed", "B")]);
    expect(names(r.added)).toEqual(["x"]);
    expect(names(r.removed)).toEqual(["x"]);
    expect(r.fixed).toEqual([]);
  });

  it("takes a repeated id once (the head's first; the base's worst)", () => {
    const r = compareTests([t("x", "passed"), t("x", "failed")], [t("x", "failed"), t("x", "passed")]);
    expect(names(r.stillFailing)).toEqual(["x"]);
    expect(r.newFailures).toEqual([]);
  });

  it("compares nothing with nothing, and everything with an empty base as added", () => {
    expect(comparisonCounts(compareTests([], []))).toEqual({
      newFailures: 0,
      fixed: 0,
      stillFailing: 0,
      added: 0,
      removed: 0,
    });
    const r = compareTests([], [t("a", "passed"), t("b", "failed")]);
    expect(names(r.added)).toEqual(["a", "b"]);
    expect(names(r.newFailures)).toEqual(["b"]);
  });
});

describe("unionTests", () => {
  it("keeps the worst outcome of an id over several reports (matrix legs), never making it flaky", () => {
    const legs = [
      [t("a", "passed"), t("b", "passed"), t("c", "skipped")],
      [t("a", "failed"), t("b", "flaky"), t("c", "passed")],
      [t("a", "passed"), t("d", "error")],
    ];
    const u = unionTests(legs);
    expect([...u.values()].map((x) => [x.name, x.outcome])).toEqual([
      ["a", "failed"],
      ["b", "flaky"],
      ["c", "passed"],
      ["d", "error"],
    ]);
  });
});

describe("isFailing", () => {
  it("is true for failed and error only", () => {
    expect((["passed", "failed", "error", "skipped", "flaky"] as const).filter(isFailing)).toEqual([
      "failed",
      "error",
    ]);
  });
});

describe("testKey", () => {
  it("is 32 lowercase hex digits, the same for the same id and different for another", () => {
    const id = testId("S", "a.B", 'weird "name" / ?#');
    expect(testKey(id)).toMatch(/^[0-9a-f]{32}$/);
    expect(testKey(id)).toBe(testKey(testId(" S", "a.B ", 'weird  "name" / ?#')));
    expect(testKey(id)).not.toBe(testKey(testId("S", "a.B", "other")));
  });
});

describe("compareTests over the per-test model of real report shapes", () => {
  it("sees a rerun that passed as fixed (flaky), not as a failure", () => {
    const base = modelOf(
      `<testsuite name="S"><testcase classname="c" name="t1"><failure message="boom"/></testcase>
       <testcase classname="c" name="t2"/></testsuite>`,
    ).tests;
    const head = modelOf(
      `<testsuite name="S"><testcase classname="c" name="t1"><flakyFailure message="boom"/></testcase>
       <testcase classname="c" name="t2"><failure message="new"/></testcase></testsuite>`,
    ).tests;
    const c = compareTests(base, head);
    expect(names(c.fixed)).toEqual(["t1"]);
    expect(c.fixed[0]!.test.outcome).toBe("flaky");
    expect(names(c.newFailures)).toEqual(["t2"]);
    expect(c.newFailures[0]!.test.failure?.message).toBe("new");
  });
});

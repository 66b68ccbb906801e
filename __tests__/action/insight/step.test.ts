import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import type { Insight } from "../../../src/action/insight/collect.js";
import { commentText, failOnReason, type InsightResult } from "../../../src/action/insight/step.js";
import { testId, type TestResult } from "../../../src/core/junit/tests.js";

function t(name: string, outcome: TestResult["outcome"] = "failed"): TestResult {
  return {
    id: testId("s", "pkg.C", name),
    suite: "s",
    classname: "pkg.C",
    name,
    outcome,
    duration: 0,
    retries: 0,
  };
}

function result(failing: TestResult[], fresh: string[], found: boolean): InsightResult {
  const insight: Insight = {
    tests: failing.length,
    flaky: 0,
    failing: { total: failing.length, items: [] },
    flakyTests: { total: 0, items: [] },
    slowest: [],
    baseline: {
      found,
      description: found ? "main at abc1234" : "no baseline on main: the Jux API has no run",
    },
    truncated: false,
  };
  return { insight, outputs: {}, failing, isNew: (x) => fresh.includes(x.name) };
}

let written: string[];
beforeEach(() => {
  written = [];
  jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe("fail_on", () => {
  const failing = ["a", "b", "c", "d", "e", "f", "g"].map((n) => t(n));

  test("nothing never fails; failures names how many and the first five", () => {
    expect(failOnReason("nothing", result(failing, [], true))).toBeUndefined();
    expect(failOnReason("failures", result(failing, [], true))).toBe(
      "fail_on failures: 7 test(s) failed: pkg.C › a, pkg.C › b, pkg.C › c, pkg.C › d, pkg.C › e and 2 more (see the annotations and the job summary)",
    );
    expect(failOnReason("failures", result([], [], true))).toBeUndefined();
  });

  test("new-failures: only the new ones, against the baseline it names", () => {
    expect(failOnReason("new-failures", result(failing, ["c"], true))).toBe(
      "fail_on new-failures: 1 new failure(s) against main at abc1234: pkg.C › c (see the annotations and the job summary)",
    );
    expect(failOnReason("new-failures", result(failing, [], true))).toBeUndefined();
  });

  test("new-failures without a baseline: no failure is new; one warning says so and why", () => {
    expect(failOnReason("new-failures", result(failing, [], false))).toBeUndefined();
    expect(written).toEqual([
      "::warning::jux: fail_on new-failures: 7 test(s) failed but none can be called new: no baseline on main: the Jux API has no run; the step does not fail for them\n",
    ]);
  });

  test("a test name cannot start a workflow command in the failure line", () => {
    const evil = t("x\n::set-env name=A::1\u0007");
    expect(failOnReason("failures", result([evil], [], true))).toBe(
      "fail_on failures: 1 test(s) failed: pkg.C › x\\u000a::set-env name=A::1\\u0007 (see the annotations and the job summary)",
    );
  });
});

describe("the pull-request comment's text", () => {
  test("a heading naming the workflow and job (escaped), the totals, the sections", () => {
    const r = result([t("a")], ["a"], true);
    const none = { total: 0, items: [] };
    r.insight.comparison = {
      newFailures: { total: 1, items: [] },
      fixed: none,
      stillFailing: none,
      removed: none,
    };
    const text = commentText(
      r.insight,
      { GITHUB_WORKFLOW: "CI [nightly]", GITHUB_JOB: "test" },
      "**1 tests**: 1 failed.",
    );
    expect(text.startsWith("## Jux: tests of CI \\[nightly\\] / test\n\n**1 tests**: 1 failed.\n\n")).toBe(
      true,
    );
    expect(text).toContain("### Compared with main at abc1234");
  });
});

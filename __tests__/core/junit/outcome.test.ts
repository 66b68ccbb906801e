import { describe, expect, it } from "@jest/globals";
import { caseOutcome, failedOnce, mergeOutcomes, type TestOutcome } from "../../../src/core/junit/outcome.js";

describe("caseOutcome", () => {
  it("makes a passed case with retry elements flaky and leaves every other status as it counts", () => {
    expect(caseOutcome("passed", 1)).toBe("flaky");
    expect(caseOutcome("passed", 0)).toBe("passed");
    expect(caseOutcome("failed", 3)).toBe("failed");
    expect(caseOutcome("error", 1)).toBe("error");
    expect(caseOutcome("skipped", 2)).toBe("skipped");
  });
});

describe("mergeOutcomes", () => {
  const all: TestOutcome[] = ["passed", "skipped", "failed", "error", "flaky"];
  const table: Record<TestOutcome, Record<TestOutcome, TestOutcome>> = {
    passed: { passed: "passed", skipped: "passed", failed: "flaky", error: "flaky", flaky: "flaky" },
    skipped: { passed: "passed", skipped: "skipped", failed: "failed", error: "error", flaky: "flaky" },
    failed: { passed: "flaky", skipped: "failed", failed: "failed", error: "error", flaky: "flaky" },
    error: { passed: "flaky", skipped: "error", failed: "error", error: "error", flaky: "flaky" },
    flaky: { passed: "flaky", skipped: "flaky", failed: "flaky", error: "flaky", flaky: "flaky" },
  };

  it.each(all.flatMap((a) => all.map((b) => [a, b] as const)))("%s then %s", (a, b) => {
    expect(mergeOutcomes(a, b)).toBe(table[a][b]);
    expect(mergeOutcomes(b, a)).toBe(table[a][b]);
  });

  it("says which outcomes hold a failed attempt (what a later attempt re-runs)", () => {
    expect(all.filter(failedOnce)).toEqual(["failed", "error", "flaky"]);
  });
});

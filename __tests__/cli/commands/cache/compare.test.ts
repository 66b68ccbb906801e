import { describe, expect, test } from "@jest/globals";
import { comparisonText } from "../../../../src/cli/commands/cache/compare.js";
import type { Comparison } from "../../../../src/core/store/compare.js";

const TOTALS = { tests: 3, failures: 1, errors: 0, skipped: 0, passed: 2, time: 1 };

function comparison(over: Partial<Comparison>): Comparison {
  return {
    sourceA: "a.xml",
    sourceB: "b.xml",
    totals: { a: TOTALS, b: TOTALS },
    newlyFailing: [],
    fixed: [],
    added: [],
    removed: [],
    slower: [],
    ...over,
  };
}

describe("jux cache compare text", () => {
  test("both totals, then each non-empty section with its count, rows aligned, names joined without empty parts", () => {
    const text = comparisonText(
      comparison({
        newlyFailing: [
          {
            suite: "s",
            classname: "c",
            name: "t1",
            before: "passed",
            after: "error",
            message: "boom\nstack",
          },
        ],
        fixed: [{ suite: "", classname: "c", name: "t2", before: "failed", after: "passed" }],
        added: [{ suite: "s", classname: "", name: "t3", status: "skipped" }],
        removed: [{ suite: "s", classname: "c", name: "t4", status: "passed" }],
        slower: [{ suite: "s", classname: "c", name: "t5", before: 0.2, after: 1.5 }],
      }),
    );
    expect(text).toEqual([
      "A: a.xml: 3 tests, 1 failed, 0 errors, 0 skipped",
      "B: b.xml: 3 tests, 1 failed, 0 errors, 0 skipped",
      "newly failing (1):",
      "  error  s › c › t1  boom",
      "fixed (1):",
      "  passed  c › t2",
      "added (1):",
      "  skipped  s › t3",
      "removed (1):",
      "  passed  s › c › t4",
      "slower (1):",
      "  0.2 s -> 1.5 s  s › c › t5",
    ]);
  });

  test("no section at all: says there are no differences in results", () => {
    expect(comparisonText(comparison({})).slice(2)).toEqual(["no differences in results"]);
  });
});

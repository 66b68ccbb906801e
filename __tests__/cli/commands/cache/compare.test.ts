import { describe, expect, test } from "@jest/globals";
import { comparisonText } from "../../../../src/cli/commands/cache/compare.js";
import { LISTED } from "../../../../src/cli/format.js";
import type { Comparison } from "../../../../src/core/store/compare.js";

const TOTALS = { tests: 3, failures: 1, errors: 0, skipped: 0, passed: 2, time: 1, flaky: 0 };

function comparison(over: Partial<Comparison>): Comparison {
  return {
    sourceA: "a.xml",
    sourceB: "b.xml",
    totals: { a: TOTALS, b: TOTALS },
    newlyFailing: [],
    stillFailing: [],
    fixed: [],
    added: [],
    removed: [],
    slower: [],
    truncated: [],
    ...over,
  };
}

describe("jux cache compare text", () => {
  test("both totals, then each non-empty section with its count, rows aligned, names joined without empty parts", () => {
    const text = comparisonText(
      comparison({
        totals: { a: TOTALS, b: { ...TOTALS, flaky: 1 } },
        newlyFailing: [
          {
            suite: "s",
            classname: "c",
            name: "t1",
            file: "t.py",
            line: 3,
            before: "passed",
            after: "error",
            message: "boom",
          },
        ],
        stillFailing: [{ suite: "s", classname: "c", name: "t0", before: "failed", after: "failed" }],
        fixed: [{ suite: "", classname: "c", name: "t2", before: "failed", after: "flaky" }],
        added: [{ suite: "s", classname: "", name: "t3", status: "skipped" }],
        removed: [{ suite: "s", classname: "c", name: "t4", status: "passed" }],
        slower: [{ suite: "s", classname: "c", name: "t5", before: 0.2, after: 1.5 }],
      }),
    );
    expect(text).toEqual([
      "A: a.xml: 3 tests, 1 failed, 0 errors, 0 skipped",
      "B: b.xml: 3 tests, 1 failed, 0 errors, 0 skipped, 1 flaky",
      "newly failing (1):",
      "  error  s › c › t1 (t.py:3)  boom",
      "still failing (1):",
      "  failed  s › c › t0",
      "fixed (1):",
      "  flaky  c › t2",
      "added (1):",
      "  skipped  s › t3",
      "removed (1):",
      "  passed  s › c › t4",
      "slower (1):",
      "  0.2 s -> 1.5 s  s › c › t5",
    ]);
  });

  test("no change: says so, after the tests that still fail (which are no difference)", () => {
    expect(comparisonText(comparison({})).slice(2)).toEqual(["no differences in results"]);
    const still = comparison({
      stillFailing: [
        { suite: "s", classname: "c", name: "t", before: "failed", after: "failed", message: "m" },
      ],
    });
    expect(comparisonText(still).slice(2)).toEqual([
      "still failing (1):",
      "  failed  s › c › t  m",
      "no differences in results",
    ]);
  });

  test(`a section lists its first ${LISTED} rows and counts the rest; --all lists them all; a truncated source is named`, () => {
    const many = Array.from({ length: LISTED + 7 }, (_, i) => ({
      suite: "s",
      classname: "c",
      name: `t${i}`,
      status: "passed" as const,
    }));
    const text = comparisonText(comparison({ added: many, truncated: ["b.xml"] }));
    expect(text[2]).toBe("note: b.xml has more tests than are compared; the lists are partial");
    expect(text[3]).toBe(`added (${LISTED + 7}):`);
    expect(text.filter((l) => l.startsWith("  passed"))).toHaveLength(LISTED);
    expect(text).toContain("  … and 7 more (--all lists them, --json has them all)");
    const all = comparisonText(comparison({ added: many }), true);
    expect(all.filter((l) => l.startsWith("  passed"))).toHaveLength(LISTED + 7);
  });
});

/** The CLI's shared text of test-level results (src/cli/format.ts). */
import { describe, expect, test } from "@jest/globals";
import { aligned, countsLine, differencesText, printable, testName } from "../../src/cli/format.js";

describe("the text of test-level results", () => {
  test("aligned: columns padded to the widest cell, the last one not padded, no trailing spaces", () => {
    expect(
      aligned([
        ["a", "bbb", "x"],
        ["aaaa", "b", ""],
      ]),
    ).toEqual(["a     bbb  x", "aaaa  b"]);
  });

  test("names and messages from a report cannot forge terminal output: controls escaped, length cut", () => {
    expect(printable("a\u001b[31mred\nline\u2028")).toBe("a\\u001b[31mred\\u000aline\\u2028");
    expect(printable("x".repeat(1000))).toHaveLength(300);
    // Under an Actions runner, jux's own lines are read for workflow commands too.
    expect(printable("t ##[stop-commands]x")).toBe("t #\\u0023[stop-commands]x");
    expect(printable("::error::x")).toBe("\\u003a:error::x");
    expect(testName({ suite: "s\r", classname: "", name: "n", file: "f.py" })).toBe("s\\u000d › n (f.py)");
  });

  test("counts: flaky only when there is one; the differences say when there is none", () => {
    const counts = { tests: 3, passed: 2, failures: 1, errors: 0, skipped: 0, time: 1, flaky: 0 };
    expect(countsLine(counts)).toBe("3 tests, 1 failed, 0 errors, 0 skipped");
    expect(countsLine({ ...counts, flaky: 2 })).toBe("3 tests, 1 failed, 0 errors, 0 skipped, 2 flaky");
    const none = { newlyFailing: [], stillFailing: [], fixed: [], added: [], removed: [], slower: [] };
    expect(differencesText(none)).toEqual(["no differences in results"]);
  });
});

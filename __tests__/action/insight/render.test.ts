import { describe, expect, test } from "@jest/globals";
import type { Capped, Insight, InsightTest } from "../../../src/action/insight/collect.js";
import { renderInsight, testDuration } from "../../../src/action/insight/render.js";
import { renderSummary, SUMMARY_BUDGET } from "../../../src/action/summary.js";
import { INLINE_SCRIPT, XHTML_SCRIPT } from "../../helpers/hostile.js";
import { TRICKY } from "../../helpers/tricky.js";

const all = <T>(items: T[], total = items.length): Capped<T> => ({ total, items });

function failingTest(i: number, extra: Partial<InsightTest> = {}): InsightTest {
  return {
    suite: `suite-${i % 7}`,
    classname: `org.acme.Test${i}`,
    name: `test_${i}_${"n".repeat(30)}`,
    outcome: "failed",
    duration: 0.5,
    file: `src/test/Test${i}.java`,
    line: i + 1,
    path: `src/test/Test${i}.java`,
    failure: { type: "AssertionError", message: `expected ${i} but was ${i + 1}` },
    stack: Array.from(
      { length: 12 },
      (_, l) => `    at org.acme.Test${i}.frame${l}(Test${i}.java:${l + 1})`,
    ).join("\n"),
    ...extra,
  };
}

function insight(o: Partial<Insight> = {}): Insight {
  return {
    tests: 10,
    flaky: 0,
    failing: all([]),
    flakyTests: all([]),
    slowest: [],
    baseline: { found: false, description: "no baseline on main: no run of demo on main" },
    truncated: false,
    ...o,
  };
}

const HOSTILE_NAMES = [
  INLINE_SCRIPT,
  XHTML_SCRIPT,
  "[click me](https://evil.example/steal)",
  "![pixel](https://tracker.example/p.png)",
  "a | b | c",
  "`code` **bold** ~~gone~~",
  "line one\nline two\r\n| injected | row |",
  "<img src=x onerror=alert(1)>",
  "&lt;already&gt; &amp; entities",
  "\u001b[31mred\u0007 \u2028sep",
  ...TRICKY.map((t) => t.name),
  "x&#9;y&#10;z",
  "𝄞 😀 é",
];

/** The cells of a table row (a \| inside a cell is not a separator). */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe("the tests' sections", () => {
  test("hostile test names, suites, messages and stacks cannot add Markdown or HTML, nor break a row", () => {
    const tests = HOSTILE_NAMES.map((name, i) =>
      failingTest(i, {
        name,
        suite: name,
        failure: { type: name, message: name },
        stack: `${name}\n</pre><script>alert(1)</script>\n</details><img src=x>`,
        file: `${name}.py`,
        path: `dir/${name}.py`,
        isNew: i % 2 === 0,
      }),
    );
    const text = renderInsight(
      insight({
        failing: all(tests),
        flakyTests: all(tests.map((t) => ({ ...t, outcome: "flaky" as const, retries: 2 }))),
        slowest: tests.slice(0, 10),
        baseline: { found: true, description: "main at <b>abc</b> [x](y)" },
        comparison: {
          newFailures: all(tests),
          fixed: all([]),
          stillFailing: all([]),
          removed: all(tests.slice(0, 3)),
        },
        blobUrl: "https://github.com/o/r/blob/0123456789abcdef0123456789abcdef01234567",
      }),
      SUMMARY_BUDGET,
    );
    // No tag of a test's making survives: every < is an entity, outside the few tags the renderer writes.
    const tags = [...text.matchAll(/<\/?([a-zA-Z:]+)/g)].map((m) => m[1]);
    expect(new Set(tags)).toEqual(new Set(["details", "summary", "pre", "b"]));
    expect(text).not.toMatch(/<script|<img|<html:script/);
    // No link or image but the renderer's own location links.
    const links = [...text.matchAll(/(?<!\\)\]\(/g)];
    expect(links.length).toBe(
      text.split("\n").filter((l) => l.includes("(https://github.com/o/r/blob/")).length,
    );
    expect(text).not.toMatch(/(?<!\\)\]\(https:\/\/(evil|tracker)/);
    expect(text).toContain("\\[click me\\](https:\u2060//evil.example/steal)");
    expect(text).not.toContain("https://evil");
    // Every row of every table has exactly its header's number of cells; no control character is left.
    let columns = 0;
    for (const line of text.split("\n")) {
      if (!line.startsWith("|")) {
        columns = 0;
        continue;
      }
      if (columns === 0) columns = cells(line).length;
      else expect({ line, n: cells(line).length }).toEqual({ line, n: columns });
    }
    // eslint-disable-next-line no-control-regex -- what must not be there
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(text).toContain("### Compared with main at &lt;b&gt;abc&lt;/b&gt; \\[x\\](y)");
  });

  test("10 000 failing tests stay within the summary budget; the cut is counted; the other sections stay", () => {
    const failing = Array.from({ length: 500 }, (_, i) => failingTest(i, { isNew: i < 100 }));
    const s = insight({
      tests: 20_000,
      failing: all(failing, 10_000),
      flaky: 3,
      flakyTests: all([failingTest(1, { outcome: "flaky", retries: 1 })], 3),
      slowest: failing.slice(0, 10),
      baseline: { found: true, description: "main at abc1234 from the Jux API" },
      comparison: {
        newFailures: all(failing.slice(0, 200), 6_000),
        fixed: all([], 0),
        stillFailing: all(failing.slice(100, 300), 4_000),
        removed: all([], 0),
      },
    });
    const rows = Array.from({ length: 40 }, (_, i) => ({
      file: `reports/r${i}.xml`,
      tests: 500,
      failures: 250,
      errors: 0,
      skipped: 0,
      outcome: "stored",
      good: true,
    }));
    const text = renderSummary({ mode: "local", rows, notes: [], insight: s });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    const listed = text.split("\n").filter((l) => /^\| (🆕)?❌ \| test_/.test(l)).length;
    expect(listed).toBeGreaterThan(100);
    expect(text).toContain(
      `_${10_000 - listed} more failing test(s) not listed, to stay within GitHub's size limit._`,
    );
    expect(text).toContain("### Failing tests (10000)");
    expect(text).toContain("### Flaky tests (3)");
    expect(text).toContain("_2 more flaky test(s) not listed");
    expect(text).toContain("**6000 new failure(s)**, 0 fixed, 4000 still failing, 0 disappeared.");
    expect(text).toContain("### Slowest tests");
    expect(text).toContain("| ✅ | reports/r39.xml |");
    // New failures come first.
    const firstOld = text.indexOf("| ❌ | test_");
    expect(text.lastIndexOf("| 🆕❌ | test_")).toBeLessThan(firstOld);
    // The order of the sections.
    const at = (h: string) => text.indexOf(h);
    expect(at("### Failing")).toBeLessThan(at("### Flaky"));
    expect(at("### Flaky")).toBeLessThan(at("### Compared"));
    expect(at("### Compared")).toBeLessThan(at("### Slowest"));
    expect(at("### Slowest")).toBeLessThan(at("### Reports"));
  });

  test("a comment's budget (60 000 bytes) is kept too", () => {
    const failing = Array.from({ length: 500 }, (_, i) => failingTest(i));
    const text = renderInsight(insight({ failing: all(failing, 10_000) }), 60_000);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(60_000);
    expect(text).toMatch(/_\d+ more failing test\(s\) not listed/);
  });

  test("no baseline: the comparison says why; nothing failing: no failing section", () => {
    const text = renderInsight(insight(), SUMMARY_BUDGET);
    expect(text).toBe(
      "### Compared with the base branch\n\nNo baseline was found: no baseline on main: no run of demo on main.\n\n",
    );
  });

  test("a location links to the file at the commit only when it is in the workspace, the URL encoded", () => {
    const blobUrl = "https://github.com/o/r/blob/0123456789abcdef0123456789abcdef01234567";
    const text = renderInsight(
      insight({
        failing: all([
          failingTest(1, { path: "src/a (copy)/Te st.java", file: "Te st.java", line: 3 }),
          failingTest(2, { path: undefined, file: "/elsewhere/Out.java", line: 9 }),
        ]),
        blobUrl,
      }),
      SUMMARY_BUDGET,
    );
    expect(text).toContain(`[src/a (copy)/Te st.java:3](${blobUrl}/src/a%20%28copy%29/Te%20st.java#L3)`);
    expect(text).toContain("| /elsewhere/Out.java:9 |");
  });

  test("durations read as people say them", () => {
    expect([0.0004, 0.02, 1.25, 59.994, 61, 3725].map(testDuration)).toEqual([
      "0 ms",
      "20 ms",
      "1.25 s",
      "59.99 s",
      "1 min 1 s",
      "62 min 5 s",
    ]);
  });
});

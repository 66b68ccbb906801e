import { describe, expect, test } from "@jest/globals";
import { printable } from "../../src/action/markdown.js";
import { renderSummary, SUMMARY_BUDGET, type SummaryRow } from "../../src/action/summary.js";

const row = (i: number, good = true): SummaryRow => ({
  file: `reports/suite-${i}/junit-${"x".repeat(40)}.xml`,
  tests: 10,
  failures: good ? 0 : 1,
  errors: 0,
  skipped: 0,
  hash: i.toString(16).padStart(64, "0"),
  outcome: good ? `published (test run ${i})` : "queued: connect ECONNREFUSED 127.0.0.1:9",
  good,
});

describe("the job summary", () => {
  test("20 000 reports stay under the budget (GitHub's limit is 1 MiB), with a note and the bad ones first", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row(i, i % 1000 !== 999));
    const text = renderSummary({ mode: "cache", rows, notes: [] });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(SUMMARY_BUDGET).toBeLessThan(1024 * 1024);
    const listed = text.split("\n").filter((l) => l.startsWith("| ✅") || l.startsWith("| ❌")).length;
    expect(text).toContain(`_${20_000 - listed} more report(s) not listed`);
    const firstGood = text.indexOf("| ✅");
    expect(text.lastIndexOf("| ❌")).toBeLessThan(firstGood);
    expect(text.match(/\| ❌/g)).toHaveLength(20);
    expect(text).toContain("**200000 tests**: 20 failed");
    expect(text).toContain("**20 report(s) did not end well.**");
  });

  test("a short list is complete and says every report ended well", () => {
    const text = renderSummary({
      mode: "api",
      rows: [row(1), row(2)],
      queue: { depth: 0 },
      artifact: {
        name: "jux-reports-test-attempt1",
        url: "https://github.com/o/r/actions/runs/1/artifacts/2",
      },
      notes: [],
    });
    expect(text).not.toContain("not listed");
    expect(text).toContain("Every report ended well.");
    expect(text).toContain("Offline queue: empty.");
    expect(text).toContain("[jux-reports-test-attempt1](https://github.com/o/r/actions/runs/1/artifacts/2)");
  });

  test("file names and reasons cannot break the table or inject HTML", () => {
    const text = renderSummary({
      mode: "cache",
      rows: [{ file: "a|b<script>.xml", outcome: "rejected:\nline two | <b>", good: false }],
      queue: { depth: 3, oldestHours: 26.25 },
      notes: ["note with | pipe"],
    });
    const line = text.split("\n").find((l) => l.startsWith("| ❌"))!;
    expect(line).toBe("| ❌ | a\\|b&lt;script&gt;.xml |  |  |  |  |  | rejected: line two \\| &lt;b&gt; |");
    expect(text).toContain("**3 report(s) waiting**, the oldest for 26.3 h");
    expect(text).toContain("> note with \\| pipe");
  });

  test("control characters, backticks and entities in untrusted text are escaped (no workflow command, no Markdown)", () => {
    expect(printable("key\n::error::pwned\r\u0085\u2028\u001b[31m")).toBe(
      "key\\u000a::error::pwned\\u000d\\u0085\\u2028\\u001b[31m",
    );
    const text = renderSummary({
      mode: "cache",
      rows: [{ file: "a`b`\u0007&amp;.xml", outcome: "x\u0085::add-mask::y", good: false }],
      notes: ["key\r::error::pwned"],
    });
    const line = text.split("\n").find((l) => l.startsWith("| ❌"))!;
    expect(line).toBe("| ❌ | a\\`b\\`\\u0007&amp;amp;.xml |  |  |  |  |  | x\\u0085::add-mask::y |");
    expect(text).toContain("> key\\u000d::error::pwned");
    expect(text).not.toMatch(/^::/m);
  });
});

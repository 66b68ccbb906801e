/**
 * Details cut at every cap, read whole and in 1-, 5- and 7-byte chunks (chunking equivalence); the details of
 * every well-formed report of the corpus agree with its summary. (The rest: __tests__/core/junit/details.test.ts.)
 */
import { describe, expect, it } from "@jest/globals";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { DetailsCollector, NO_SUITE } from "../../src/core/junit/details.js";
import { readXml } from "../../src/core/xml/reader.js";
import { collect, only } from "../helpers/details.js";
import { withShared } from "../helpers/shared.js";

/** An independent cut: the longest prefix of whole characters within `max` UTF-8 bytes, then "…". */
function expectedCut(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = "";
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out + "…";
}

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield Buffer.from(bytes.subarray(at, at + size));
}

describe("caps", () => {
  const samples: [raw: string, text: string][] = [
    [
      "a&amp;b\r\nc&#x1F600;d&#233;\r\n" +
        "&lt;".repeat(30) +
        "<![CDATA[é😀\r\n€x\r]]>" +
        "&#x41;".repeat(40) +
        "\r\n" +
        "ü".repeat(50),
      "a&b\nc😀dé\n" + "<".repeat(30) + "é😀\n€x\n" + "A".repeat(40) + "\n" + "ü".repeat(50),
    ],
    ["ab\r\n".repeat(60) + "&amp;\r\r\n".repeat(20), "ab\n".repeat(60) + "&\n\n".repeat(20)],
  ];

  it.each(samples.map(([raw, text], i) => ({ i, raw, text })))(
    "sample $i matches an independent cut at every cap, across references, CRLF, CDATA and split characters",
    async ({ raw, text }) => {
      const xml = Buffer.from(`<testsuite><testcase><failure>${raw}</failure></testcase></testsuite>`);
      for (let max = 0; max <= Buffer.byteLength(text) + 1; max++) {
        const sync = only(collect(xml, { maxDetailBytes: max }).suites).cases[0]!.details;
        expect(sync).toBe(expectedCut(text, max));
        for (const size of [1, 5, 7]) {
          const collector = new DetailsCollector({ maxDetailBytes: max });
          await readXml(chunks(xml, size), collector, { source: "t.xml" });
          expect(only(collector.suites()).cases[0]!.details).toBe(sync);
        }
      }
    },
  );
});

withShared("fixtures/junit", "the details over the JUnit corpus", () => {
  describe("the JUnit corpus", () => {
    const corpus = path.resolve(process.cwd(), "../shared/fixtures/junit");
    const skip = new Set(["malformed", "non-junit", "schemas", "hostile"]);
    const files: string[] = [];
    const walk = (rel: string): void => {
      for (const name of readdirSync(path.join(corpus, rel)).sort()) {
        const child = rel ? `${rel}/${name}` : name;
        if (statSync(path.join(corpus, child)).isDirectory()) {
          if (rel !== "" || !skip.has(name)) walk(child);
        } else if (child.endsWith(".xml")) files.push(child);
      }
    };
    walk("");

    it("holds the reports", () => {
      expect(files.length).toBeGreaterThan(100);
    });

    it.each(files)("%s: suites add up to the Summarizer and cases agree with their suite", (rel) => {
      const { collector, suites, summary } = collect(readFileSync(path.join(corpus, rel)));
      expect(collector.truncated).toBe(false);
      const total = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
      for (const s of suites) {
        for (const key of ["tests", "failures", "errors", "skipped"] as const) total[key] += s[key];
        total.time += s.time;
        const statuses = s.cases.map((c) => c.status);
        const n = (status: string) => statuses.filter((x) => x === status).length;
        expect([s.cases.length, n("failed"), n("error"), n("skipped")]).toEqual([
          s.tests,
          s.failures,
          s.errors,
          s.skipped,
        ]);
        for (const c of s.cases) {
          if (c.status === "passed")
            expect([c.message, c.type, c.details]).toEqual([undefined, undefined, undefined]);
          if (c.details !== undefined) expect(Buffer.byteLength(c.details)).toBeLessThanOrEqual(4096 + 3);
        }
      }
      expect([total.tests, total.failures, total.errors, total.skipped]).toEqual([
        summary.tests,
        summary.failures,
        summary.errors,
        summary.skipped,
      ]);
      expect(total.time).toBeCloseTo(summary.time, 3);
      const real = (names: string[]) => names.filter((name) => name !== NO_SUITE);
      expect(real(suites.map((s) => s.name))).toEqual(real(summary.suites.map((s) => s.name)));
    });
  });
});

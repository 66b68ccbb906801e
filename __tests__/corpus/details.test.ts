/** The details of every well-formed report of the corpus agree with its summary. (The rest: __tests__/core/junit/details.test.ts.) */
import { describe, expect, it } from "@jest/globals";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { NO_SUITE } from "../../src/core/junit/details.js";
import { collect } from "../helpers/details.js";
import { withShared } from "../helpers/shared.js";

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

import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compareReports } from "../../../src/core/store/compare.js";
import { XmlError } from "../../../src/core/xml/errors.js";
import { rejection } from "../../helpers/assert.js";
import { EXAMPLE_PYTEST, JUNIT } from "../../helpers/fixtures.js";
import { withShared } from "../../helpers/shared.js";

const PYTEST = join(JUNIT, "mikepenz-action-junit-report", "pytest-report.xml");
const NEXTEST = join(JUNIT, "mikepenz-action-junit-report", "nextest-basic.xml");
const sources = { sourceA: "a.xml", sourceB: "b.xml" };

function edit(path: string, ...replacements: [string | RegExp, string][]): Buffer {
  let text = readFileSync(path, "utf8");
  for (const [from, to] of replacements) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`fixture edit did not apply: ${String(from)}`);
    text = next;
  }
  return Buffer.from(text);
}

describe("compareReports", () => {
  withShared(
    "fixtures/junit",
    "compareReports on the corpus pytest and nextest reports, as they are and edited",
    () => {
      test("a report against itself: no differences, the totals of the counting rule", async () => {
        const a = readFileSync(PYTEST);
        const c = await compareReports(a, a, sources);
        expect(c).toMatchObject({ newlyFailing: [], fixed: [], added: [], removed: [], slower: [] });
        expect(c.totals.a).toEqual({ tests: 3, failures: 2, errors: 0, skipped: 0, passed: 1, time: 0.002 });
        expect(c.totals.b).toEqual(c.totals.a);
      });

      test("pytest fixture: a passing test made to fail, a failing one fixed, one renamed", async () => {
        const a = readFileSync(PYTEST);
        const b = edit(
          PYTEST,
          [
            `name="test_which_succeeds" time="0.001" />`,
            `name="test_which_succeeds" time="0.001"><error message="RuntimeError: boom"/></testcase>`,
          ],
          [/(name="test_which_fails" time="0.001")><failure[\s\S]*?<\/failure><\/testcase>/, "$1/>"],
          [`name="test_with_error"`, `name="test_with_error_renamed"`],
        );
        const c = await compareReports(a, b, sources);
        expect(c.newlyFailing).toEqual([
          {
            suite: "pytest",
            classname: "python.test_sample",
            name: "test_which_succeeds",
            before: "passed",
            after: "error",
            message: "RuntimeError: boom",
          },
        ]);
        expect(c.fixed).toEqual([
          expect.objectContaining({ name: "test_which_fails", before: "failed", after: "passed" }),
        ]);
        expect(c.fixed[0]!.message).toMatch(/^AssertionError: assert 'test' == 'xyz'/);
        expect(c.added).toEqual([
          {
            suite: "pytest",
            classname: "python.test_sample",
            name: "test_with_error_renamed",
            status: "failed",
          },
        ]);
        expect(c.removed).toEqual([
          { suite: "pytest", classname: "python.test_sample", name: "test_with_error", status: "failed" },
        ]);
        expect(c.totals.b).toMatchObject({ tests: 3, failures: 1, errors: 1, passed: 1 });
      });

      test("slower: over the factor and the minimum difference only", async () => {
        const a = readFileSync(NEXTEST);
        const b = edit(
          NEXTEST,
          [
            `name="test_simple_navigation" classname="oxidized_navigation::parry3d" timestamp="2024-12-02T20:06:10.514+00:00" time="0.944"`,
            `name="test_simple_navigation" classname="oxidized_navigation::parry3d" timestamp="2024-12-02T20:06:10.514+00:00" time="2.5"`,
          ],
          [
            `timestamp="2024-12-02T20:06:10.512+00:00" time="0.945"`,
            `timestamp="2024-12-02T20:06:10.512+00:00" time="1.3"`,
          ],
        );
        const c = await compareReports(a, b, sources);
        expect(c.slower).toEqual([
          {
            suite: "oxidized_navigation::parry3d",
            classname: "oxidized_navigation::parry3d",
            name: "test_simple_navigation",
            before: 0.944,
            after: 2.5,
          },
        ]);
        const lenient = await compareReports(a, b, { ...sources, slowerFactor: 1.3 });
        expect(lenient.slower.map((s) => s.name)).toEqual(["test_simple_navigation", "test_annotations"]);
        const strict = await compareReports(a, b, { ...sources, slowerFactor: 1.3, minSeconds: 1 });
        expect(strict.slower.map((s) => s.name)).toEqual(["test_simple_navigation"]);
      });
    },
  );

  test("repeated names are matched in order, not merged", async () => {
    const make = (second: string) =>
      Buffer.from(
        `<testsuite name="s"><testcase classname="c" name="t"/><testcase classname="c" name="t">${second}</testcase></testsuite>`,
      );
    const c = await compareReports(make(""), make("<failure/>"), sources);
    expect(c.newlyFailing).toHaveLength(1);
    expect(c.added).toEqual([]);
  });

  test("a report the strict reader refuses: XmlError naming its source", async () => {
    const e = await rejection(
      compareReports(readFileSync(EXAMPLE_PYTEST), Buffer.from("<testsuite><testcase>"), {
        sourceA: "a.xml",
        sourceB: "broken.xml",
      }),
    );
    expect(e).toBeInstanceOf(XmlError);
    expect(e.message).toMatch(/^broken\.xml:1:\d+: /);
  });
});

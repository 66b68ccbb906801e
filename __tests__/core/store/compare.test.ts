/**
 * compareReports and differences (src/core/store/compare.ts) on the per-test model and the shared comparison:
 * real reports of the corpus (pytest, nextest, Surefire flakyFailure, pytest-rerunfailures) as they are and
 * edited, retries as flaky, duplicate names as one test, a server's rows as the base.
 */
import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compareReports, differences, readTests, type ReportInput } from "../../../src/core/store/compare.js";
import { bytesOnce } from "../../../src/core/report/sources.js";
import { testId } from "../../../src/core/junit/tests.js";
import { XmlError } from "../../../src/core/xml/errors.js";
import { rejection } from "../../helpers/assert.js";
import { EXAMPLE_PYTEST, JUNIT } from "../../helpers/fixtures.js";
import { withShared } from "../../helpers/shared.js";

const PYTEST = join(JUNIT, "mikepenz-action-junit-report", "pytest-report.xml");
const NEXTEST = join(JUNIT, "mikepenz-action-junit-report", "nextest-basic.xml");
const SUREFIRE_FLAKY = join(JUNIT, "apache-maven-surefire", "TEST-org.acme.FlakyTest.xml");
const RERUNFAILURES = join(JUNIT, "mikepenz-action-junit-report", "flaky_with_classname_file.xml");

const input = (source: string, bytes: Buffer | string): ReportInput => ({
  source,
  open: () => bytesOnce(Buffer.from(bytes)),
});
const a = (bytes: Buffer | string) => input("a.xml", bytes);
const b = (bytes: Buffer | string) => input("b.xml", bytes);

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
  withShared("fixtures/junit", "compareReports on corpus reports, as they are and edited", () => {
    test("a report against itself: no differences, its failures still failing; the totals are the model's counts (flaky included)", async () => {
      const bytes = readFileSync(PYTEST);
      const c = await compareReports(a(bytes), b(bytes));
      expect(c).toMatchObject({
        sourceA: "a.xml",
        sourceB: "b.xml",
        newlyFailing: [],
        fixed: [],
        added: [],
        removed: [],
        slower: [],
        truncated: [],
      });
      expect(c.stillFailing.map((x) => [x.name, x.before, x.after, x.line])).toEqual([
        ["test_which_fails", "failed", "failed", 10],
        ["test_with_error", "failed", "failed", 14],
      ]);
      expect(c.totals.a).toEqual({
        tests: 3,
        failures: 2,
        errors: 0,
        skipped: 0,
        passed: 1,
        time: 0.002,
        flaky: 0,
      });
      expect(c.totals.b).toEqual(c.totals.a);
    });

    test("pytest: a pass made an error, a failure fixed, one still failing, a failing one renamed", async () => {
      const after = edit(
        PYTEST,
        [
          `name="test_which_succeeds" time="0.001" />`,
          `name="test_which_succeeds" time="0.001"><error message="RuntimeError: boom&#10;more"/></testcase>`,
        ],
        [/(name="test_which_fails" time="0.001")><failure[\s\S]*?<\/failure><\/testcase>/, "$1/>"],
      );
      const c = await compareReports(a(readFileSync(PYTEST)), b(after));
      expect(c.newlyFailing).toEqual([
        {
          suite: "pytest",
          classname: "python.test_sample",
          name: "test_which_succeeds",
          file: "python/test_sample.py",
          before: "passed",
          after: "error",
          message: "RuntimeError: boom",
        },
      ]);
      // Fixed carries A's failure (what was wrong), with A's line from its traceback gone in B.
      expect(c.fixed).toEqual([
        {
          suite: "pytest",
          classname: "python.test_sample",
          name: "test_which_fails",
          file: "python/test_sample.py",
          before: "failed",
          after: "passed",
          message: "AssertionError: assert 'test' == 'xyz'",
        },
      ]);
      expect(c.stillFailing).toEqual([
        expect.objectContaining({
          name: "test_with_error",
          line: 14,
          before: "failed",
          after: "failed",
          message: "AttributeError: 'dict' object has no attribute 'attr'",
        }),
      ]);
      expect(c.totals.b).toMatchObject({ tests: 3, failures: 1, errors: 1, passed: 1, flaky: 0 });

      const renamed = await compareReports(
        a(readFileSync(PYTEST)),
        b(edit(PYTEST, [`name="test_with_error"`, `name="test_with_error_renamed"`])),
      );
      // A failing test B alone has is added AND newly failing (it did not fail in A: it was not there).
      expect(renamed.added).toEqual([
        expect.objectContaining({ name: "test_with_error_renamed", status: "failed" }),
      ]);
      expect(renamed.newlyFailing).toEqual([
        expect.objectContaining({ name: "test_with_error_renamed", after: "failed" }),
      ]);
      expect(renamed.newlyFailing[0]!.before).toBeUndefined();
      expect(renamed.removed).toEqual([
        expect.objectContaining({ name: "test_with_error", status: "failed" }),
      ]);
      expect(renamed.stillFailing.map((x) => x.name)).toEqual(["test_which_fails"]);
    });

    test("Surefire flakyFailure: flaky is not a failure; flaky to failing (rerunFailure) is a new failure", async () => {
      const flaky = readFileSync(SUREFIRE_FLAKY);
      const alwaysFails = edit(
        SUREFIRE_FLAKY,
        [/<flakyFailure /g, "<rerunFailure "],
        [/<\/flakyFailure>/g, "</rerunFailure>"],
        [/<flakyError /g, "<rerunError "],
        [/<\/flakyError>/g, "</rerunError>"],
        [
          `<testcase name="testFlaky" classname="org.acme.FlakyTest" time="0.034">`,
          `<testcase name="testFlaky" classname="org.acme.FlakyTest" time="0.034"><failure message="expected: &lt;1&gt; but was: &lt;2&gt;" type="org.opentest4j.AssertionFailedError"/>`,
        ],
      );
      const worse = await compareReports(a(flaky), b(alwaysFails));
      expect(worse.totals.a).toMatchObject({ flaky: 1, failures: 0 });
      expect(worse.newlyFailing).toEqual([
        {
          suite: "org.acme.FlakyTest",
          classname: "org.acme.FlakyTest",
          name: "testFlaky",
          file: "FlakyTest.java",
          line: 18,
          before: "flaky",
          after: "failed",
          message: "expected: <1> but was: <2>",
        },
      ]);
      const better = await compareReports(a(alwaysFails), b(flaky));
      expect(better.fixed).toEqual([
        expect.objectContaining({
          name: "testFlaky",
          before: "failed",
          after: "flaky",
          message: "expected: <1> but was: <2>",
        }),
      ]);
      expect(better.newlyFailing).toEqual([]);
    });

    test("pytest-rerunfailures: failed, errored, passed is one flaky test; without the pass it still fails", async () => {
      const rerun = readFileSync(RERUNFAILURES);
      const same = await compareReports(a(rerun), b(rerun));
      expect(same.totals.a).toMatchObject({ tests: 5, flaky: 1 });
      expect([same.newlyFailing, same.added, same.removed]).toEqual([[], [], []]);
      const noPass = edit(RERUNFAILURES, [
        /<testcase classname="test_foo.TestFoo"\s+file="[^"]+"\s+line="42" name="test_foo" time="1.842" \/>/,
        "",
      ]);
      const c = await compareReports(a(rerun), b(noPass));
      expect(c.newlyFailing).toEqual([
        expect.objectContaining({
          classname: "test_foo.TestFoo",
          name: "test_foo",
          file: "/home/runner/work/foo/bar/test_foo.py",
          line: 42,
          before: "flaky",
          after: "error",
          message: "it broke",
        }),
      ]);
      // The same name in another class is another test: it is neither merged nor compared with test_foo.TestFoo.
      expect(c.added).toEqual([]);
    });

    test("slower: over the factor and the minimum difference only, the largest difference first", async () => {
      const after = edit(
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
      const before = readFileSync(NEXTEST);
      const c = await compareReports(a(before), b(after));
      expect(c.slower).toEqual([
        {
          suite: "oxidized_navigation::parry3d",
          classname: "oxidized_navigation::parry3d",
          name: "test_simple_navigation",
          before: 0.944,
          after: 2.5,
        },
      ]);
      const lenient = await compareReports(a(before), b(after), { slowerFactor: 1.3 });
      expect(lenient.slower.map((s) => s.name)).toEqual(["test_simple_navigation", "test_annotations"]);
      const strict = await compareReports(a(before), b(after), { slowerFactor: 1.3, minSeconds: 1 });
      expect(strict.slower.map((s) => s.name)).toEqual(["test_simple_navigation"]);
    });
  });

  test("a repeated name is one test: two passes against a pass and a failure is flaky, not newly failing", async () => {
    const make = (second: string) =>
      `<testsuite name="s"><testcase classname="c" name="t" time="1"/><testcase classname="c" name="t" time="2">${second}</testcase></testsuite>`;
    const c = await compareReports(a(make("")), b(make("<failure message='x'/>")));
    expect(c.totals.b).toMatchObject({ tests: 2, passed: 1, failures: 1, flaky: 1 });
    expect([c.newlyFailing, c.added, c.removed, c.fixed]).toEqual([[], [], [], []]);
    // Durations add up over the attempts: 3 s in both, so not slower.
    expect(c.slower).toEqual([]);
    const both = await compareReports(
      a(make("")),
      b(make("<failure/>").replace('time="1"/>', 'time="1"><error/></testcase>')),
    );
    expect(both.newlyFailing).toEqual([
      expect.objectContaining({ name: "t", before: "passed", after: "error" }),
    ]);
  });

  test("a cap on the tests read: the source is named as truncated, its counts stay whole", async () => {
    const many = `<testsuite name="s">${Array.from({ length: 5 }, (_, i) => `<testcase classname="c" name="t${i}"/>`).join("")}</testsuite>`;
    const { run } = await readTests(a(many), { maxCases: 2 });
    expect([run.truncated, run.tests.length, run.counts.tests]).toEqual([true, 2, 5]);
  });

  test("a report the strict reader refuses: XmlError naming its source", async () => {
    const e = await rejection(
      compareReports(a(readFileSync(EXAMPLE_PYTEST)), input("broken.xml", "<testsuite><testcase>")),
    );
    expect(e).toBeInstanceOf(XmlError);
    expect(e.message).toMatch(/^broken\.xml:1:\d+: /);
  });
});

describe("differences (a server's rows as the base)", () => {
  const row = (name: string, outcome: "passed" | "failed" | "flaky", duration = 1, message?: string) => ({
    id: testId("s", "c", name),
    suite: "s",
    classname: "c",
    name,
    outcome,
    duration,
    ...(message ? { failure: { message } } : {}),
  });

  test("the same lists as compareTests, with the base's message for fixed and the slower ones", () => {
    const d = differences(
      [row("a", "passed"), row("b", "failed", 1, "was broken"), row("c", "failed"), row("gone", "passed")],
      [
        row("a", "failed", 1, "now broken"),
        row("b", "flaky"),
        row("c", "failed", 5, "still"),
        row("new", "passed"),
      ],
    );
    expect(d.newlyFailing).toEqual([
      { suite: "s", classname: "c", name: "a", before: "passed", after: "failed", message: "now broken" },
    ]);
    expect(d.fixed).toEqual([
      { suite: "s", classname: "c", name: "b", before: "failed", after: "flaky", message: "was broken" },
    ]);
    expect(d.stillFailing).toEqual([
      { suite: "s", classname: "c", name: "c", before: "failed", after: "failed", message: "still" },
    ]);
    expect(d.added).toEqual([{ suite: "s", classname: "c", name: "new", status: "passed" }]);
    expect(d.removed).toEqual([{ suite: "s", classname: "c", name: "gone", status: "passed" }]);
    expect(d.slower).toEqual([{ suite: "s", classname: "c", name: "c", before: 1, after: 5 }]);
  });
});

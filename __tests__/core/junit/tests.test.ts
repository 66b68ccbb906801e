import { describe, expect, it } from "@jest/globals";
import { NO_SUITE } from "../../../src/core/junit/details.js";
import { MAX_FAILURE_BYTES, firstLine, testId } from "../../../src/core/junit/tests.js";
import { collect } from "../../helpers/details.js";
import { modelOf } from "../../helpers/test-model.js";

const byName = (xml: string) => new Map(modelOf(xml).tests.map((t) => [t.name, t]));

describe("testId", () => {
  it("is the JSON array of suite, classname and name, trimmed with whitespace runs collapsed", () => {
    expect(testId(" s ", "a.B", "t\n  one\t")).toBe('["s","a.B","t one"]');
    expect(testId("s", "a.B", "t one")).toBe(testId("s ", " a.B", "t\tone"));
  });

  it("never gives two different triples one id", () => {
    expect(testId("a", "b.c", "d")).not.toBe(testId("a", "b", "c.d"));
    expect(testId('a","b', "", "c")).not.toBe(testId("a", "b", "c"));
  });
});

describe("firstLine", () => {
  it("takes the first non-blank line, trimmed, cut to MAX_FAILURE_BYTES with …", () => {
    expect(firstLine("\n  \n  AssertionError: x\nmore")).toBe("AssertionError: x");
    expect(firstLine(" \n ")).toBeUndefined();
    expect(firstLine(undefined)).toBeUndefined();
    expect(firstLine("é".repeat(400))).toBe("é".repeat(MAX_FAILURE_BYTES / 2) + "…");
  });
});

describe("one testcase", () => {
  it("gives id, suite, classname, name, location, outcome, duration and no failure for a pass", () => {
    const [t] = modelOf(
      `<testsuite name="S"><testcase classname="a.B" name="ok" file="src/b.py" line="7" time="0.25"/></testsuite>`,
    ).tests;
    expect(t).toEqual({
      id: '["S","a.B","ok"]',
      suite: "S",
      classname: "a.B",
      name: "ok",
      file: "src/b.py",
      line: 7,
      outcome: "passed",
      duration: 0.25,
      retries: 0,
    });
  });

  it("keeps the failure's type and the first line of its message, else of its text", () => {
    const tests = byName(`<testsuite>
      <testcase name="m"><failure type=" x.Err " message="&#10;first&#10;second">trace</failure></testcase>
      <testcase name="t"><error>
         Boom: it broke
         at x</error></testcase>
      <testcase name="s"><skipped message="later"/></testcase></testsuite>`);
    expect(tests.get("m")).toMatchObject({ outcome: "failed", failure: { type: "x.Err", message: "first" } });
    expect(tests.get("t")).toMatchObject({ outcome: "error", failure: { message: "Boom: it broke" } });
    expect(tests.get("s")!.failure).toBeUndefined();
  });

  it("keeps a bounded first line of a huge failure, whatever its size", () => {
    const [t] = modelOf(
      `<testsuite><testcase><failure>${"y".repeat(5_000_000)}</failure></testcase></testsuite>`,
    ).tests;
    expect(t!.failure).toEqual({ message: "y".repeat(MAX_FAILURE_BYTES) + "…" });
  });
});

describe("retries within a testcase (Surefire, nextest)", () => {
  const xml = `<testsuite name="S">
    <testcase classname="org.acme.T" name="flaky" time="0.5">
      <flakyFailure message="expected: &lt;1&gt;" type="AssertionError"><stackTrace>AssertionError
\tat org.junit.Assert.fail(Assert.java:55)
\tat org.acme.T.flaky(T.java:18)</stackTrace></flakyFailure>
      <flakyError message="npe" type="NPE"/>
    </testcase>
    <testcase classname="org.acme.T" name="rerun">
      <failure message="always" type="AssertionError">at org.acme.T.rerun(T.java:28)</failure>
      <rerunFailure message="always" type="AssertionError"/><rerunError message="again"/>
    </testcase>
    <testcase classname="org.acme.T" name="stable"/></testsuite>`;

  it("makes a passed case with flaky elements FLAKY, with its first retry's failure and frame", () => {
    expect(byName(xml).get("flaky")).toMatchObject({
      outcome: "flaky",
      retries: 2,
      file: "T.java",
      line: 18,
      failure: { type: "AssertionError", message: "expected: <1>" },
    });
  });

  it("keeps a failed case with rerun elements failed, counting the reruns", () => {
    expect(byName(xml).get("rerun")).toMatchObject({
      outcome: "failed",
      retries: 2,
      line: 28,
      failure: { message: "always" },
    });
    expect(byName(xml).get("stable")).toMatchObject({ outcome: "passed", retries: 0 });
  });

  it("leaves the report's counts as the Summarizer counts them (a flaky case as passed) and adds flaky", () => {
    const { summary } = collect(xml);
    expect(modelOf(xml).counts).toEqual({
      tests: summary.tests,
      passed: summary.passed,
      failures: summary.failures,
      errors: summary.errors,
      skipped: summary.skipped,
      time: summary.time,
      flaky: 1,
    });
    expect(modelOf(xml).counts).toMatchObject({ tests: 3, passed: 2, failures: 1, flaky: 1 });
  });
});

describe("a test id repeated in one run (pytest-rerunfailures, Gradle's test-retry)", () => {
  it("merges the attempts: failed, errored, then passed is one FLAKY test with two retries", () => {
    const xml = `<testsuite name="S">
      <testcase classname="m.T" name="t" file="m.py" line="4" time="1"><failure message="f"/></testcase>
      <testcase classname="m.T" name="t" time="2"><error message="e"/></testcase>
      <testcase classname="m.T" name="t" time="0.5"/>
      <testcase classname="other.T" name="t"/></testsuite>`;
    const run = modelOf(xml);
    expect(run.tests).toEqual([
      {
        id: '["S","m.T","t"]',
        suite: "S",
        classname: "m.T",
        name: "t",
        file: "m.py",
        line: 4,
        outcome: "flaky",
        duration: 3.5,
        retries: 2,
        failure: { message: "e" },
      },
      {
        id: '["S","other.T","t"]',
        suite: "S",
        classname: "other.T",
        name: "t",
        outcome: "passed",
        duration: 0,
        retries: 0,
      },
    ]);
    expect(run.counts).toMatchObject({ tests: 4, passed: 2, failures: 1, errors: 1, flaky: 1 });
  });

  it("keeps a test that failed on every attempt failed (error over failure), with its reruns", () => {
    const xml = `<testsuite><testcase name="t"><failure message="1"/></testcase>
      <testcase name="t"><error message="2"/></testcase><testcase name="t"><failure message="3"/></testcase></testsuite>`;
    expect(modelOf(xml).tests).toMatchObject([{ outcome: "error", retries: 2, failure: { message: "2" } }]);
  });

  it("counts no retry for a repeat after a pass (a duplicate name), but a later failure still makes it flaky", () => {
    const same = `<testsuite><testcase name="d"/><testcase name="d"/></testsuite>`;
    expect(modelOf(same).tests).toMatchObject([{ outcome: "passed", retries: 0 }]);
    const flip = `<testsuite><testcase name="d"/><testcase name="d"><failure message="x"/></testcase></testsuite>`;
    expect(modelOf(flip).tests).toMatchObject([{ outcome: "flaky", retries: 0, failure: { message: "x" } }]);
  });

  it("tells the same name in another suite or class apart, and matches names up to whitespace", () => {
    const xml = `<testsuites><testsuite name="a"><testcase name="t"><failure/></testcase></testsuite>
      <testsuite name="b"><testcase name="t"/></testsuite>
      <testsuite name="a"><testcase name=" t "/></testsuite></testsuites>`;
    expect(modelOf(xml).tests.map((t) => [t.suite, t.outcome, t.retries])).toEqual([
      ["a", "flaky", 1],
      ["b", "passed", 0],
    ]);
  });

  it("puts a testcase outside any suite in the details' synthetic suite", () => {
    expect(modelOf(`<testsuites><testcase name="loose"/></testsuites>`).tests[0]!.suite).toBe(NO_SUITE);
  });
});

describe("bounds", () => {
  it("lists at most maxCases testcases, still counting every one", () => {
    const xml = `<testsuite><testcase name="1"/><testcase name="2"/><testcase name="3"><failure/></testcase></testsuite>`;
    const run = modelOf(xml, { maxCases: 2 });
    expect(run.truncated).toBe(true);
    expect(run.tests.map((t) => t.name)).toEqual(["1", "2"]);
    expect(run.counts).toMatchObject({ tests: 3, failures: 1 });
    expect(modelOf(xml, { maxCases: 3 }).truncated).toBe(false);
  });
});

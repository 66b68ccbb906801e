/**
 * The counting rule, suite levels, time sums and properties of the summary, on documents written here.
 * (The sweep over the real-world corpus, against an independent count, is in __tests__/corpus/summary.test.ts.)
 */
import { describe, expect, test } from "@jest/globals";
import { countsOf, summarize } from "../../helpers/reader-corpus.js";

describe("targeted counting cases", () => {
  const suite = (cases: string, attrs = ""): string => `<testsuite name="s"${attrs}>${cases}</testsuite>`;
  const one = (children: string): string => suite(`<testcase name="t">${children}</testcase>`);

  test.each([
    ["Surefire flaky test (flakyFailure + flakyError)", "<flakyFailure/><flakyError/>", "passed"],
    ["rerunFailure + failure", "<rerunFailure/><rerunFailure/><failure/>", "failures"],
    ["rerunError + error", "<rerunError/><error/>", "errors"],
    ["rerunFailure alone (not a result)", "<rerunFailure/>", "passed"],
    ["multiple failures", "<failure/><failure/><failure/>", "failures"],
    ["error beats failure", "<failure/><error/>", "errors"],
    ["failure beats skipped", "<skipped/><failure/>", "failures"],
    ["error beats skipped", "<skipped/><error/>", "errors"],
    ["error beats failure and skipped", "<skipped/><failure/><error/><failure/>", "errors"],
    ["<skip/> (Julia) is skipped", "<skip/>", "skipped"],
    ["skipped", '<skipped message="later"/>', "skipped"],
    ["a result nested deeper is not a result", "<system-out><failure/></system-out>", "passed"],
    ["a namespaced result is not a result", '<x:failure xmlns:x="urn:x"/>', "passed"],
    [
      "properties and output are not results",
      "<properties/><system-out>x</system-out><system-err/>",
      "passed",
    ],
  ])("%s", async (_, children, outcome) => {
    const summary = await summarize(one(children));
    const want = { tests: 1, failures: 0, errors: 0, skipped: 0, passed: 0, [outcome]: 1 };
    expect(countsOf(summary)).toEqual(want);
    expect(countsOf(summary.suites[0]!)).toEqual(want);
  });

  test("a namespaced testcase is not counted; a testcase under a namespaced wrapper is", async () => {
    const summary = await summarize(
      suite(
        '<x:testcase xmlns:x="urn:x"><failure/></x:testcase><x:group xmlns:x="urn:x"><testcase/></x:group>',
      ),
    );
    expect(countsOf(summary)).toEqual({ tests: 1, failures: 0, errors: 0, skipped: 0, passed: 1 });
  });

  test("tests= that disagrees with the testcases produces discrepancy notes", async () => {
    // As enricomi-publish-unit-test-result-action/no-cases-but-tests.xml (__tests__/corpus/summary.test.ts).
    const summary = await summarize(
      '<testsuites><testsuite errors="0" failures="1" name="pytest" skipped="2" tests="6"></testsuite></testsuites>',
    );
    expect(countsOf(summary)).toEqual({ tests: 0, failures: 0, errors: 0, skipped: 0, passed: 0 });
    expect(summary.discrepancies).toHaveLength(3);
    expect(summary.discrepancies).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^suite "pytest" declares tests="6" but 0 were counted/),
        expect.stringMatching(/^suite "pytest" declares failures="1" but 0 were counted/),
        expect.stringMatching(/^suite "pytest" declares skipped="2" but 0 were counted/),
      ]),
    );
  });

  test("agreeing counts produce no note; the root <testsuites> counts are checked too", async () => {
    const ok = await summarize(
      `<testsuites tests="2" failures="1">${suite("<testcase/><testcase><failure/></testcase>", ' tests="2" failures="1" errors="0"')}</testsuites>`,
    );
    expect(ok.discrepancies).toEqual([]);
    const bad = await summarize(`<testsuites tests="3">${suite("<testcase/>", ' skip="1"')}</testsuites>`);
    expect(bad.discrepancies).toEqual([
      expect.stringMatching(/^suite "s" declares skipped="1" but 0 were counted/),
      expect.stringMatching(/^the report declares tests="3" but 1 were counted/),
    ]);
  });

  test("<failure>/<error> outside any testcase is not counted but noted", async () => {
    const summary = await summarize(suite('<error message="setup failed"/><testcase/>'));
    expect(countsOf(summary)).toEqual({ tests: 1, failures: 0, errors: 0, skipped: 0, passed: 1 });
    expect(summary.discrepancies).toEqual([
      expect.stringMatching(/^1 <failure>\/<error> element\(s\) outside any <testcase>/),
    ]);
  });
});

describe("nested suites", () => {
  test("each suite counts the testcases below it, nested ones included", async () => {
    const summary = await summarize(
      [
        '<testsuites name="all">',
        '  <testsuite name="outer">',
        '    <testcase time="1"/>',
        '    <testsuite name="inner"><testcase time="2"><failure/></testcase><testcase time="3"><skipped/></testcase></testsuite>',
        '    <testsuite name="inner2"><testsuite name="deepest"><testcase time="4"><error/></testcase></testsuite></testsuite>',
        "  </testsuite>",
        '  <testsuite name="second"><testcase time="5"/></testsuite>',
        "</testsuites>",
      ].join("\n"),
    );
    const row = (
      name: string,
      level: number,
      tests: number,
      failures: number,
      errors: number,
      skipped: number,
      time: number,
    ) => ({
      name,
      level,
      tests,
      failures,
      errors,
      skipped,
      passed: tests - failures - errors - skipped,
      time,
    });
    expect(summary.root).toBe("testsuites");
    expect(summary.suites).toEqual([
      row("outer", 1, 4, 1, 1, 1, 10),
      row("inner", 2, 2, 1, 0, 1, 5),
      row("inner2", 2, 1, 0, 1, 0, 4),
      row("deepest", 3, 1, 0, 1, 0, 4),
      row("second", 1, 1, 0, 0, 0, 5),
    ]);
    expect(countsOf(summary)).toEqual({ tests: 5, failures: 1, errors: 1, skipped: 1, passed: 2 });
    expect(summary.time).toBe(15);
  });
});

describe("time sums", () => {
  test("negative times count as 0", async () => {
    // As jenkins-junit-plugin/junit-report-bad-duration.xml (__tests__/corpus/summary.test.ts).
    const summary = await summarize(
      '<testsuites><testsuite name="DummyTest"><testcase time="-345345"/><testcase time="100"/></testsuite></testsuites>',
    );
    expect(summary.time).toBe(100);
    expect(summary.suites[0]!.time).toBe(100);
  });

  test.each([
    ["2,503.1", 2503.1],
    [" 1.5 ", 1.5],
    ["1.7e-05", 0.000017],
    ["0.000000123", 0.000000123],
    ["-1", 0],
    ["", 0],
    ["{duration}", 0],
    ["NaN", 0],
    ["Infinity", 0],
  ])('time="%s" counts as %d', async (time, seconds) => {
    const summary = await summarize(
      `<testsuite><testcase time="${time}"/><testcase time="1"/><testcase/></testsuite>`,
    );
    expect(summary.time).toBeCloseTo(1 + seconds, 6);
  });

  test("a suite's own time attribute is not what is summed", async () => {
    const summary = await summarize(
      '<testsuites><testsuite name="a" time="2,503.1"><testcase time="10"/></testsuite></testsuites>',
    );
    expect(summary.suites[0]!.time).toBe(10);
    expect(summary.time).toBe(10);
  });
});

describe("properties", () => {
  test("only the properties of the first testsuite are reported", async () => {
    const summary = await summarize(
      [
        "<testsuites>",
        '  <testsuite name="first">',
        '    <properties><property name="jux.a" value="1"/><property name="no-value"/><property value="no name"/></properties>',
        '    <testsuite name="nested"><properties><property name="nested" value="x"/></properties></testsuite>',
        '    <testcase name="t"><properties><property name="in-testcase" value="x"/></properties></testcase>',
        "  </testsuite>",
        '  <testsuite name="second">',
        '    <properties><property name="second" value="2"/></properties>',
        "  </testsuite>",
        "</testsuites>",
      ].join("\n"),
    );
    expect(summary.properties).toEqual([
      { name: "jux.a", value: "1" },
      { name: "no-value", value: "" },
    ]);
  });

  test("a root <testsuite>'s properties, with references expanded", async () => {
    const summary = await summarize(
      '<testsuite name="s"><properties><property name="a&amp;b" value="&lt;&#x20AC;&quot;"/></properties><testcase/></testsuite>',
    );
    expect(summary.properties).toEqual([{ name: "a&b", value: '<€"' }]);
  });

  test("a first testsuite without properties reports none, even if a later one has some", async () => {
    const summary = await summarize(
      '<testsuites><testsuite name="a"/><testsuite name="b"><properties><property name="p" value="v"/></properties></testsuite></testsuites>',
    );
    expect(summary.properties).toEqual([]);
  });
});

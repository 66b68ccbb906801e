import { describe, expect, test } from "@jest/globals";
import { DOMParser } from "@xmldom/xmldom";
import { existsSync } from "node:fs";
import path from "node:path";
import type { ReportSummary } from "../../src/core/junit/summary.js";
import { CORPUS, fixture, junitFixtures, readReportChunked } from "../helpers/reader-corpus.js";

// ---------------------------------------------------------------------------------------------
// An independent implementation of the documented counting rule, over a DOM built by xmldom:
// every <testcase> in no namespace counts once, by its direct result children in no namespace:
// <error> before <failure> before <skipped>/<skip>; none of them means passed. flakyFailure,
// flakyError, rerunFailure and rerunError are not results. time = sum of positive testcase times.

type DomElement = ReturnType<DOMParser["parseFromString"]>["documentElement"] & {};
type Outcome = "passed" | "failures" | "errors" | "skipped";

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  passed: number;
  time: number;
}

const ELEMENT_NODE = 1;

function parse(bytes: Buffer): DomElement {
  let text = bytes.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const root = new DOMParser().parseFromString(text, "text/xml").documentElement;
  if (!root) throw new Error("xmldom found no document element");
  return root;
}

function childElements(e: DomElement): DomElement[] {
  return Array.from(e.childNodes).filter((n) => n.nodeType === ELEMENT_NODE) as unknown as DomElement[];
}

/** e and its descendants, in document order. */
function preorder(e: DomElement): DomElement[] {
  return [e, ...childElements(e).flatMap(preorder)];
}

function is(e: DomElement, ...names: string[]): boolean {
  return !e.namespaceURI && names.includes(e.localName ?? "");
}

function ancestors(e: DomElement): DomElement[] {
  const out: DomElement[] = [];
  for (let p = e.parentNode; p && p.nodeType === ELEMENT_NODE; p = p.parentNode)
    out.push(p as unknown as DomElement);
  return out;
}

function outcomeOf(testcase: DomElement): Outcome {
  const results = childElements(testcase)
    .filter((c) => !c.namespaceURI)
    .map((c) => c.localName);
  if (results.includes("error")) return "errors";
  if (results.includes("failure")) return "failures";
  if (results.includes("skipped") || results.includes("skip")) return "skipped";
  return "passed";
}

/** Seconds; "2,503.1" has a thousands separator; negative or unreadable times count as 0. */
function timeOf(testcase: DomElement): number {
  const t = Number((testcase.getAttribute("time") ?? "").trim().split(",").join(""));
  return Number.isFinite(t) && t > 0 ? t : 0;
}

function count(testcases: DomElement[]): Counts {
  const c: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0, passed: 0, time: 0 };
  for (const tc of testcases) {
    c.tests++;
    c[outcomeOf(tc)]++;
    c.time += timeOf(tc);
  }
  return c;
}

interface Mismatch {
  subject: string;
  key: string;
  declared: number;
  counted: number;
}

/** Counts the producer wrote (tests, failures, errors, skipped/skip/skips) that disagree with `counted`. */
function mismatches(subject: string, e: DomElement, counted: Counts): Mismatch[] {
  const declared = (...names: string[]): number | undefined => {
    for (const name of names) {
      const v = e.getAttribute(name);
      if (v !== null && /^\s*[0-9]+\s*$/.test(v)) return parseInt(v, 10);
    }
    return undefined;
  };
  const keys: [keyof Counts, string[]][] = [
    ["tests", ["tests"]],
    ["failures", ["failures"]],
    ["errors", ["errors"]],
    ["skipped", ["skipped", "skip", "skips"]],
  ];
  return keys.flatMap(([key, names]) => {
    const d = declared(...names);
    return d !== undefined && d !== counted[key]
      ? [{ subject, key, declared: d, counted: counted[key] }]
      : [];
  });
}

interface Expected extends Counts {
  root: string;
  suites: ({ name: string; level: number } & Counts)[];
  properties: { name: string; value: string }[];
  mismatches: Mismatch[];
  looseResults: number;
}

function expectedSummary(bytes: Buffer): Expected {
  const root = parse(bytes);
  const all = preorder(root);
  const testcases = all.filter((e) => is(e, "testcase"));
  const suites = all.filter((e) => is(e, "testsuite"));
  const suiteSummaries = suites.map((s) => ({
    name: s.getAttribute("name") ?? "",
    level: ancestors(s).filter((a) => is(a, "testsuite")).length + 1,
    ...count(preorder(s).filter((e) => is(e, "testcase"))),
  }));
  const firstSuite = suites[0];
  const properties = firstSuite
    ? childElements(firstSuite)
        .filter((e) => is(e, "properties"))
        .flatMap(childElements)
        .filter((e) => is(e, "property") && e.getAttribute("name") !== null)
        .map((p) => ({ name: p.getAttribute("name")!, value: p.getAttribute("value") ?? "" }))
    : [];
  const totals = count(testcases);
  return {
    ...totals,
    root: root.localName ?? "",
    suites: suiteSummaries,
    properties,
    mismatches: [
      ...suites.flatMap((s, i) => mismatches(`suite "${suiteSummaries[i]!.name}"`, s, suiteSummaries[i]!)),
      ...(is(root, "testsuites") ? mismatches("the report", root, totals) : []),
    ],
    looseResults: all.filter(
      (e) =>
        is(e, "failure", "error") &&
        ancestors(e).some((a) => is(a, "testsuite")) &&
        !ancestors(e).some((a) => is(a, "testcase")),
    ).length,
  };
}

// ---------------------------------------------------------------------------------------------

const COUNT_KEYS = ["tests", "failures", "errors", "skipped", "passed"] as const;

function countsOf(c: Counts): Omit<Counts, "time"> {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, c[k]])) as Omit<Counts, "time">;
}

async function summarize(xml: string | Buffer): Promise<ReportSummary> {
  return (await readReportChunked(Buffer.from(xml))).summary;
}

describe("the counting rule over the whole corpus, against an independent count from xmldom", () => {
  const fixtures = junitFixtures();

  test("the corpus is there", () => {
    expect(existsSync(CORPUS)).toBe(true);
    expect(fixtures.length).toBeGreaterThan(90);
  });

  describe.each(fixtures)("%s", (rel) => {
    const bytes = fixture(rel);
    let cache: Promise<[ReportSummary, Expected]> | undefined;
    const both = () =>
      (cache ??= (async () =>
        [await summarize(bytes), expectedSummary(bytes)] as [ReportSummary, Expected])());

    test("report totals and time", async () => {
      const [got, want] = await both();
      expect(got.root).toBe(want.root);
      expect(countsOf(got)).toEqual(countsOf(want));
      expect(got.passed + got.failures + got.errors + got.skipped).toBe(got.tests);
      expect(got.time).toBeCloseTo(want.time, 5);
    });

    test("per-suite counts, levels and times", async () => {
      const [got, want] = await both();
      expect(got.suites.map((s) => ({ name: s.name, level: s.level, ...countsOf(s) }))).toEqual(
        want.suites.map((s) => ({ name: s.name, level: s.level, ...countsOf(s) })),
      );
      got.suites.forEach((s, i) => expect(s.time).toBeCloseTo(want.suites[i]!.time, 5));
    });

    test("properties of the first testsuite", async () => {
      const [got, want] = await both();
      expect(got.properties).toEqual(want.properties.slice(0, 1000));
    });

    test("a discrepancy note for each declared count that disagrees", async () => {
      const [got, want] = await both();
      const notes = got.discrepancies;
      const expectedCount = want.mismatches.length + (want.looseResults > 0 ? 1 : 0);
      if (expectedCount <= 50) expect(notes).toHaveLength(expectedCount);
      for (const m of want.mismatches.slice(0, 20)) {
        const note = notes.find((n) => n.startsWith(m.subject) && n.includes(`${m.key}="${m.declared}"`));
        expect(note).toBeDefined();
        expect(note).toContain(` ${m.counted} `);
      }
      if (want.looseResults > 0)
        expect(notes.some((n) => n.startsWith(`${want.looseResults} <failure>/<error>`))).toBe(true);
    });
  });
});

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

  test("real Surefire flaky reports count the flaky test as passed", async () => {
    const rel = "apache-maven-surefire/TEST-org.acme.FlakyTest.xml";
    if (!existsSync(path.join(CORPUS, rel))) return;
    const summary = await summarize(fixture(rel));
    // testFlaky (three flakyFailure, one flakyError) and testStable; Surefire itself declares tests="1".
    expect(countsOf(summary)).toEqual({ tests: 2, failures: 0, errors: 0, skipped: 0, passed: 2 });
    expect(summary.discrepancies).toEqual([expect.stringMatching(/declares tests="1" but 2 were counted/)]);
  });

  test("a real report with several failures in one testcase", async () => {
    const rel = "mikepenz-action-junit-report/test_multiple_failures.xml";
    if (!existsSync(path.join(CORPUS, rel))) return;
    const summary = await summarize(fixture(rel));
    expect(summary.tests).toBe(4);
    expect(summary.failures + summary.errors + summary.skipped + summary.passed).toBe(4);
  });

  test("tests= that disagrees with the testcases produces discrepancy notes", async () => {
    const rel = "enricomi-publish-unit-test-result-action/no-cases-but-tests.xml";
    const bytes = existsSync(path.join(CORPUS, rel))
      ? fixture(rel)
      : Buffer.from(
          '<testsuites><testsuite errors="0" failures="1" name="pytest" skipped="2" tests="6"></testsuite></testsuites>',
        );
    const summary = await summarize(bytes);
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

  test("jenkins junit-report-testsuite-time-attrs.xml: nested suite times come from the testcases", async () => {
    const rel = "jenkins-junit-plugin/junit-report-testsuite-time-attrs.xml";
    if (!existsSync(path.join(CORPUS, rel))) return;
    const summary = await summarize(fixture(rel));
    expect(summary.suites.map((s) => [s.name, s.level, s.tests, s.time])).toEqual([
      ["test.fs.FileSystemTests", 1, 2, 21],
      ["test.db.DatabaseTests", 1, 2, 22],
      ["test.lib.Rest", 1, 4, 58],
      ["test.RestMethods", 2, 3, 38],
    ]);
    expect(summary.tests).toBe(8);
    expect(summary.time).toBe(101);
    expect(summary.discrepancies).toEqual([]);
  });
});

describe("time sums", () => {
  test("negative times count as 0 (junit-report-bad-duration.xml)", async () => {
    const rel = "jenkins-junit-plugin/junit-report-bad-duration.xml";
    const bytes = existsSync(path.join(CORPUS, rel))
      ? fixture(rel)
      : Buffer.from(
          '<testsuites><testsuite name="DummyTest"><testcase time="-345345"/><testcase time="100"/></testsuite></testsuites>',
        );
    const summary = await summarize(bytes);
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

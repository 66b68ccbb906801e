import { describe, expect, test } from "@jest/globals";
import { DOMParser } from "@xmldom/xmldom";
import { existsSync } from "node:fs";
import type { ReportSummary } from "../../src/core/junit/summary.js";
import { CORPUS, countsOf, fixture, junitFixtures, summarize } from "../helpers/reader-corpus.js";
import { withShared } from "../helpers/shared.js";

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

withShared("fixtures/junit", "the counting rule over the JUnit corpus", () => {
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

  describe("real reports of the corpus", () => {
    test("enricomi no-cases-but-tests.xml: tests= that disagrees with the testcases produces discrepancy notes", async () => {
      const summary = await summarize(
        fixture("enricomi-publish-unit-test-result-action/no-cases-but-tests.xml"),
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

    test("jenkins junit-report-bad-duration.xml: negative times count as 0", async () => {
      const summary = await summarize(fixture("jenkins-junit-plugin/junit-report-bad-duration.xml"));
      expect(summary.time).toBe(100);
      expect(summary.suites[0]!.time).toBe(100);
    });

    test("real Surefire flaky reports count the flaky test as passed", async () => {
      const rel = "apache-maven-surefire/TEST-org.acme.FlakyTest.xml";
      const summary = await summarize(fixture(rel));
      // testFlaky (three flakyFailure, one flakyError) and testStable; Surefire itself declares tests="1".
      expect(countsOf(summary)).toEqual({ tests: 2, failures: 0, errors: 0, skipped: 0, passed: 2 });
      expect(summary.discrepancies).toEqual([expect.stringMatching(/declares tests="1" but 2 were counted/)]);
    });

    test("a real report with several failures in one testcase", async () => {
      const rel = "mikepenz-action-junit-report/test_multiple_failures.xml";
      const summary = await summarize(fixture(rel));
      expect(summary.tests).toBe(4);
      expect(summary.failures + summary.errors + summary.skipped + summary.passed).toBe(4);
    });

    test("jenkins junit-report-testsuite-time-attrs.xml: nested suite times come from the testcases", async () => {
      const rel = "jenkins-junit-plugin/junit-report-testsuite-time-attrs.xml";
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
});

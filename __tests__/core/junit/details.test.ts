import { describe, expect, it } from "@jest/globals";
import { collect, only } from "../../helpers/details.js";
import { DetailsCollector } from "../../../src/core/junit/details.js";
import { readXmlSync } from "../../../src/core/xml/reader.js";

describe("suites", () => {
  const doc = `<?xml version="1.0"?>
<testsuites>
  <testcase name="loose1" classname="L" time="0.5"/>
  <testsuite name="outer" timestamp="2024-01-02T03:04:05">
    <properties>
      <property name="a" value="1"/>
      <property name="b"/>
      <property value="no name"/>
    </properties>
    <wrapper><properties><property name="nested" value="no"/></properties></wrapper>
    <testcase name="o1" classname="O" time="1,000.5">
      <properties><property name="case-level" value="no"/></properties>
    </testcase>
    <testsuite name="inner">
      <properties><property name="c" value="3"/></properties>
      <testcase name="i1" time="-1"><failure/></testcase>
    </testsuite>
    <testcase name="o2" time="abc"><skipped/></testcase>
    <wrapper><testcase name="o3" time=" 0.25 "><error/></testcase></wrapper>
  </testsuite>
  <testcase name="loose2"><skip/></testcase>
  <testsuite name="empty"/>
  <testsuite><testcase name="anonymous"/></testsuite>
</testsuites>`;

  it("lists every suite once in document order, with its own cases, counts, time and properties", () => {
    const { suites } = collect(doc);
    expect(suites.map((s) => s.name)).toEqual(["(no suite)", "outer", "inner", "empty", ""]);
    const [noSuite, outer, inner, empty, anonymous] = suites;
    expect(noSuite).toEqual({
      name: "(no suite)",
      tests: 2,
      failures: 0,
      errors: 0,
      skipped: 1,
      time: 0.5,
      properties: [],
      cases: [
        { name: "loose1", classname: "L", time: 0.5, status: "passed" },
        { name: "loose2", classname: "", time: 0, status: "skipped" },
      ],
    });
    expect(outer).toMatchObject({ tests: 3, failures: 0, errors: 1, skipped: 1, time: 1000.75 });
    expect(outer!.timestamp).toBe("2024-01-02T03:04:05");
    expect(outer!.properties).toEqual([
      { name: "a", value: "1" },
      { name: "b", value: "" },
    ]);
    expect(outer!.cases.map((c) => [c.name, c.status, c.time])).toEqual([
      ["o1", "passed", 1000.5],
      ["o2", "skipped", 0],
      ["o3", "error", 0.25],
    ]);
    expect(inner).toMatchObject({ tests: 1, failures: 1, errors: 0, skipped: 0, time: 0 });
    expect(inner!.properties).toEqual([{ name: "c", value: "3" }]);
    expect(inner!.cases).toEqual([{ name: "i1", classname: "", time: 0, status: "failed" }]);
    expect(inner!.timestamp).toBeUndefined();
    expect(empty).toEqual({
      name: "empty",
      tests: 0,
      failures: 0,
      errors: 0,
      skipped: 0,
      time: 0,
      properties: [],
      cases: [],
    });
    expect(anonymous!.cases.map((c) => c.name)).toEqual(["anonymous"]);
  });

  it("adds up to the Summarizer's totals", () => {
    const { suites, summary } = collect(doc);
    const sum = (key: "tests" | "failures" | "errors" | "skipped") => suites.reduce((n, s) => n + s[key], 0);
    expect([sum("tests"), sum("failures"), sum("errors"), sum("skipped")]).toEqual([
      summary.tests,
      summary.failures,
      summary.errors,
      summary.skipped,
    ]);
    expect(summary.tests).toBe(7);
  });

  it("creates no synthetic suite when every testcase has one, and handles a <testsuite> root", () => {
    const { suites } = collect(`<testsuite name="root"><testcase name="t"/></testsuite>`);
    expect(only(suites)).toMatchObject({ name: "root", tests: 1 });
  });

  it("ignores elements in a namespace, and suites or testcases inside a testcase", () => {
    const { suites, summary } = collect(
      `<testsuites xmlns:x="urn:x"><x:testsuite name="ns"><x:testcase name="no"/></x:testsuite>
        <testsuite name="s"><testcase name="t"><x:error/><testsuite name="in-case"/><testcase name="deep"/></testcase>
        </testsuite></testsuites>`,
    );
    expect(only(suites)).toMatchObject({ name: "s", tests: 1, errors: 0 });
    expect(summary.tests).toBe(1);
  });
});

describe("status, message, type and details", () => {
  it("takes error over failure over skipped, from the first element of the winning kind", () => {
    const { suites } = collect(`<testsuite>
      <testcase name="a"><skipped message="s"/><failure message="f1" type="T1">first</failure><failure message="f2">second</failure></testcase>
      <testcase name="b"><failure message="f" type="F">fail</failure><error message="e" type="E">err</error><error message="e2"/></testcase>
      <testcase name="c"><error message="e" type="E"/><failure message="f">fail</failure><skip message="s"/></testcase>
      <testcase name="d"><skip message="old style">why</skip><skipped message="later"/></testcase>
      <testcase name="e"><flakyFailure message="x" type="X">flake</flakyFailure><rerunError message="y"/><system-out>out</system-out></testcase>
      <testcase name="f"><wrapper><error message="not direct"/></wrapper></testcase>
    </testsuite>`);
    expect(only(suites).cases).toEqual([
      { name: "a", classname: "", time: 0, status: "failed", message: "f1", type: "T1", details: "first" },
      { name: "b", classname: "", time: 0, status: "error", message: "e", type: "E", details: "err" },
      { name: "c", classname: "", time: 0, status: "error", message: "e", type: "E" },
      { name: "d", classname: "", time: 0, status: "skipped", message: "old style", details: "why" },
      { name: "e", classname: "", time: 0, status: "passed" },
      { name: "f", classname: "", time: 0, status: "passed" },
    ]);
    expect(only(suites)).toMatchObject({ tests: 6, failures: 1, errors: 2, skipped: 1 });
  });

  it("expands references outside CDATA, normalizes line ends and keeps only the element's own text", () => {
    const xml =
      `<testsuite><testcase name="t"><failure message="a &amp; b&#10;c" type="x.Err">` +
      `line1&#13;\r\n&lt;tag&gt; &quot;&apos; &#x1F600;&#233;<![CDATA[ raw &amp; <x>\r\n\r]]>tail` +
      `<inner>not mine</inner>end\r</failure><system-out>never</system-out></testcase></testsuite>`;
    const { suites } = collect(xml);
    expect(only(suites).cases[0]).toEqual({
      name: "t",
      classname: "",
      time: 0,
      status: "failed",
      message: "a & b\nc",
      type: "x.Err",
      details: "line1\r\n<tag> \"' 😀é raw &amp; <x>\n\ntailend\n",
    });
  });

  it("leaves out blank details", () => {
    const { suites } = collect(
      `<testsuite><testcase><error message="m">\n   \n</error></testcase></testsuite>`,
    );
    expect(only(suites).cases[0]).toEqual({
      name: "",
      classname: "",
      time: 0,
      status: "error",
      message: "m",
    });
  });
});

describe("caps", () => {
  it("cuts details, message and type on a character boundary and appends …", () => {
    const text = "ééééééé"; // 14 bytes
    const xml = `<testsuite><testcase><failure message="${text}" type="${text}">${text}</failure></testcase></testsuite>`;
    for (const [max, expected] of [
      [14, text],
      [13, "éééééé…"],
      [10, "ééééé…"],
      [9, "éééé…"],
      [1, "…"],
      [0, "…"],
    ] as const) {
      const c = only(collect(xml, { maxDetailBytes: max }).suites).cases[0]!;
      expect([c.details, c.message, c.type]).toEqual([expected, expected, expected]);
    }
  });

  it("keeps at most the cap of a huge element, and nothing of system-out", () => {
    const big = "x".repeat(3_000_000);
    const xml = `<testsuite><testcase><error>${big}</error><system-out>${big}</system-out></testcase></testsuite>`;
    const c = only(collect(xml).suites).cases[0]!;
    expect(c.details).toBe("x".repeat(4096) + "…");
  });

  it("lists at most maxCases testcases over the report, still counting every one", () => {
    const xml = `<testsuites><testsuite name="a"><testcase name="1"/><testcase name="2"><failure message="m"/></testcase></testsuite>
      <testsuite name="b"><testcase name="3"><error>big</error></testcase><testcase name="4"/></testsuite></testsuites>`;
    const { collector, suites } = collect(xml, { maxCases: 3 });
    expect(collector.truncated).toBe(true);
    expect(suites.map((s) => s.cases.map((c) => c.name))).toEqual([["1", "2"], ["3"]]);
    expect(suites.map((s) => [s.tests, s.failures, s.errors])).toEqual([
      [2, 1, 0],
      [2, 0, 1],
    ]);
    expect(collect(xml, { maxCases: 4 }).collector.truncated).toBe(false);
  });

  it("lists at most maxSuites suites", () => {
    const xml = `<testsuites><testsuite name="a"/><testsuite name="b"><testcase/></testsuite><testsuite name="c"/></testsuites>`;
    const { collector, suites } = collect(xml, { maxSuites: 2 });
    expect(collector.truncated).toBe(true);
    expect(suites.map((s) => s.name)).toEqual(["a", "b"]);
    expect(collect(xml, { maxSuites: 3 }).collector.truncated).toBe(false);
  });
});

describe("onCase", () => {
  it("hands each listed case with its extras instead of keeping it; the suites keep their counts", () => {
    const seen: unknown[] = [];
    const xml = `<testsuite name="S">
      <testcase name="a" file="a.py" line=" 12 "><flakyFailure message="m1" type="T1">own <stackTrace>trace</stackTrace><system-out>out</system-out> tail</flakyFailure>
        <flakyError message="m2"/><rerunFailure/></testcase>
      <testcase name="b"><failure message="f">text</failure></testcase>
      <testcase name="c"/></testsuite>`;
    const { suites } = collect(xml, {
      maxCases: 2,
      onCase: (suite, c, extras) => seen.push([suite, c, extras]),
    });
    expect(seen).toEqual([
      [
        "S",
        { name: "a", classname: "", time: 0, status: "passed" },
        {
          file: "a.py",
          line: " 12 ",
          retries: 3,
          retry: { message: "m1", type: "T1", text: "own trace tail" },
        },
      ],
      [
        "S",
        { name: "b", classname: "", time: 0, status: "failed", message: "f", details: "text" },
        { retries: 0 },
      ],
    ]);
    expect(only(suites)).toMatchObject({ tests: 3, failures: 1, cases: [] });
  });
});

describe("keepCases", () => {
  it("with onCase, keeps each listed testcase in its suite too: one reading serves both consumers", () => {
    const xml = `<testsuite name="S"><testcase classname="c" name="a"/><testcase classname="c" name="b"><failure message="m">t</failure></testcase></testsuite>`;
    const seen: string[] = [];
    const both = new DetailsCollector({ onCase: (_s, d) => seen.push(d.name), keepCases: true });
    readXmlSync(xml, both, { source: "t.xml" });
    expect(seen).toEqual(["a", "b"]);
    expect(both.suites()[0]!.cases.map((c) => [c.name, c.status, c.details])).toEqual([
      ["a", "passed", undefined],
      ["b", "failed", "t"],
    ]);
    const handedOnly = new DetailsCollector({ onCase: () => undefined });
    readXmlSync(xml, handedOnly, { source: "t.xml" });
    expect(handedOnly.suites()[0]!.cases).toEqual([]);
  });
});

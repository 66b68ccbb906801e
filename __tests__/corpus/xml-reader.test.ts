/**
 * The XML reader over the real-world corpus: the malformed/, non-junit/ and hostile/ files are refused where
 * expected; every report gives the same events, canonical hash and summary however it is chunked, and its tags
 * slice exactly their text. (The in-process cases are in __tests__/core/xml/reader.test.ts.)
 */
import { describe, expect, test } from "@jest/globals";
import { DOMParser } from "@xmldom/xmldom";
import { existsSync } from "node:fs";
import path from "node:path";
import type { XmlErrorCode } from "../../src/core/xml/errors.js";
import { readXmlSync, type StartTag } from "../../src/core/xml/reader.js";
import {
  CORPUS,
  every,
  filesUnder,
  fixture,
  junitFixtures,
  positionOf,
  randomSizes,
  readReportChunked,
  splitInsideTokens,
  whole,
  xmlErrorOf,
  type ChunkSizes,
} from "../helpers/reader-corpus.js";
import { withShared, withSharedFile } from "../helpers/shared.js";
import {
  expectError,
  expectSameEvents,
  Recorder,
  recordStreamed,
  recordSync,
  SOURCE,
  type Event,
} from "../helpers/xml-events.js";

withShared("fixtures/junit", "the XML reader over the JUnit corpus", () => {
  // ---------------------------------------------------------------------------------------------
  // The real files of malformed/ and non-junit/

  interface Expected {
    code: XmlErrorCode;
    line: number;
    column: number;
    /** What the file holds at line:column. */
    there: string;
    reason: RegExp;
  }

  const MALFORMED: Record<string, Expected> = {
    // Stray stdout interleaved into the XML stream: <testsuitesloose text artifact
    "catch2-junit.sw.approved.xml": {
      code: "not-well-formed",
      line: 2,
      column: 23,
      there: "artifact",
      reason: /attribute text has no '=' and value/,
    },
    "enricomi-non-xml.xml": {
      code: "not-well-formed",
      line: 1,
      column: 1,
      there: "this is not an xml file",
      reason: /text is not allowed before the document element/,
    },
    // Ends inside <system-out><![CDATA[ on its last line (18), with no newline at the end.
    "mikepenz-surefire-truncated-TEST-test.CorruptTest.xml": {
      code: "not-well-formed",
      line: 18,
      column: 17,
      there: "<![CDATA[",
      reason: /unexpected end of file: <system-out> is not closed/,
    },
    "mikepenz-web-test-runner-expected.xml": {
      code: "not-well-formed",
      line: 9,
      column: 59,
      there: '<<computed>>"',
      reason: /'<' is not allowed in the value of attribute time/,
    },
  };

  function textAt(input: Buffer, line: number, column: number): string {
    const text = input.toString("utf8").split("\n")[line - 1] ?? "";
    return text.slice(column - 1);
  }

  describe("malformed/ fixtures", () => {
    const present = filesUnder("malformed");

    test("every file of malformed/ has an expectation", () => {
      expect(present.map((rel) => path.basename(rel)).filter((name) => !MALFORMED[name])).toEqual([]);
    });

    test.each(present.filter((rel) => MALFORMED[path.basename(rel)]))("%s", async (rel) => {
      const want = MALFORMED[path.basename(rel)]!;
      const input = fixture(rel);
      expect(textAt(input, want.line, want.column).startsWith(want.there)).toBe(true);
      const sync = await xmlErrorOf(() => readXmlSync(input, new Recorder(), { source: SOURCE }));
      expectError(sync, want.code, want.line, want.column, want.reason);
      for (const sizes of [whole, every(512)]) {
        const streamed = await xmlErrorOf(() => readReportChunked(input, sizes));
        expectError(streamed, want.code, want.line, want.column, want.reason);
      }
    });
  });

  /** non-junit/ files refused before their root element is looked at. */
  const NON_JUNIT_EARLY: Record<string, Expected> = {
    "cppunit-iso-8859-1.xml": {
      code: "unsupported-encoding",
      line: 1,
      column: 1,
      there: "<?xml",
      reason: /unsupported encoding "ISO-8859-1" declared/,
    },
    "cunit-run-doctype-pi.xml": {
      code: "forbidden-construct",
      line: 2,
      column: 1,
      there: "<?xml-stylesheet",
      reason: /processing instruction <\?xml-stylesheet\?> is not allowed/,
    },
  };

  describe("non-junit/ fixtures are refused", () => {
    test.each(filesUnder("non-junit"))("%s", async (rel) => {
      const input = fixture(rel);
      const err = await xmlErrorOf(() => readReportChunked(input, whole, SOURCE));
      const early = NON_JUNIT_EARLY[path.basename(rel)];
      if (early) {
        expect(textAt(input, early.line, early.column).startsWith(early.there)).toBe(true);
        expectError(err, early.code, early.line, early.column, early.reason);
        return;
      }
      const root = new DOMParser().parseFromString(input.toString("utf8"), "text/xml").documentElement!;
      expect(err.code).toBe("not-junit");
      expect(err.message).toBe(`${SOURCE}: ${err.reason}`);
      expect(err.reason).toContain(`the root element is <${root.tagName}>`);
    });
  });

  const ONE_BYTE_MAX = 256 * 1024;

  function seedOf(name: string): number {
    let h = 2166136261;
    for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    return h >>> 0;
  }

  describe("streaming over the whole corpus", () => {
    const fixtures = junitFixtures();

    test("the corpus is there", () => {
      expect(existsSync(CORPUS)).toBe(true);
      expect(fixtures.length).toBeGreaterThan(90);
    });

    describe.each(fixtures)("%s", (rel) => {
      const input = fixture(rel);
      const baseline = (() => {
        let cached: Promise<{ events: Event[]; hash: string; summary: unknown }> | undefined;
        return () =>
          (cached ??= (async () => {
            const reading = await readReportChunked(input);
            return {
              events: recordSync(input).events,
              hash: reading.canonicalHash,
              summary: reading.summary,
            };
          })());
      })();
      const modes: [string, ChunkSizes][] = [
        ["one chunk (streamed)", whole],
        ["7-byte chunks", every(7)],
        ["random chunks", randomSizes(seedOf(rel))],
        [
          "chunks ending inside every CRLF, UTF-8 character, reference and CDATA/comment delimiter",
          splitInsideTokens(input),
        ],
        ...(input.length <= ONE_BYTE_MAX ? [["1-byte chunks", every(1)] as [string, ChunkSizes]] : []),
      ];

      test.each(modes)("%s: same events, canonical hash and summary", async (_, sizes) => {
        const want = await baseline();
        expectSameEvents((await recordStreamed(input, sizes)).events, want.events);
        const reading = await readReportChunked(input, sizes);
        expect(reading.canonicalHash).toBe(want.hash);
        expect(reading.summary).toEqual(want.summary);
      });
    });
  });

  describe("offsets", () => {
    test.each(junitFixtures())("%s: start and end tags slice exactly their text", (rel) => {
      const input = fixture(rel);
      const events = recordSync(input).events;
      let last = 0;
      const open: StartTag[] = [];
      for (const e of events) {
        if (e.kind === "text") continue;
        const slice = input.subarray(e.tag.start, e.tag.end).toString("utf8");
        expect(e.tag.start).toBeGreaterThanOrEqual(last);
        last = e.tag.end;
        if (e.kind === "start") {
          expect(slice.startsWith(`<${e.tag.qname}`)).toBe(true);
          expect(slice.slice(1)).not.toContain("<");
          expect(slice.endsWith(e.tag.selfClosing ? "/>" : ">")).toBe(true);
          expect(/[\s/>]/.test(slice.charAt(e.tag.qname.length + 1))).toBe(true);
          open.push(e.tag);
        } else {
          const start = open.pop()!;
          expect(e.tag.qname).toBe(start.qname);
          if (start.selfClosing) expect([e.tag.start, e.tag.end]).toEqual([start.end, start.end]);
          else expect(slice).toMatch(new RegExp(`^</${e.tag.qname.replace(/[.$]/g, "\\$&")}\\s*>$`));
        }
      }
      expect(open).toEqual([]);
    });
  });
});

withSharedFile(
  "fixtures/junit",
  "hostile/jenkins-testXxe-xxe.xml",
  "the XML reader on Jenkins' SECURITY-656 XXE fixture",
  () => {
    describe("hostile/ fixtures are refused before any DTD is looked at", () => {
      const XXE = "hostile/jenkins-testXxe-xxe.xml";

      test("hostile/jenkins-testXxe-xxe.xml (ISO-8859-1) is refused before its DTD is looked at", async () => {
        const bytes = fixture(XXE);
        const recorder = new Recorder();
        const err = await xmlErrorOf(() => readXmlSync(bytes, recorder, { source: SOURCE }));
        expectError(err, "unsupported-encoding", 1, 1, /"ISO-8859-1"/);
        expect(recorder.events).toEqual([]);
        await expect(readReportChunked(bytes)).rejects.toMatchObject({ code: "unsupported-encoding" });
      });

      test("hostile/jenkins-testXxe-xxe.xml declared as UTF-8 is refused at its DOCTYPE", async () => {
        const text = fixture(XXE)
          .toString("latin1")
          .replace(/encoding=["']ISO-8859-1["']/i, 'encoding="UTF-8"');
        const input = Buffer.from(text, "latin1");
        const recorder = new Recorder();
        const err = await xmlErrorOf(() => readXmlSync(input, recorder, { source: SOURCE }));
        const { line, column } = positionOf(input, input.indexOf("<!DOCTYPE"));
        expectError(err, "forbidden-construct", line, column, /DOCTYPE/);
        expect(recorder.events).toEqual([]);
      });
    });
  },
);

/**
 * Chunks larger than the reader's stitch (4 KiB): the unfinished token of one chunk is completed from the head
 * of the next without copying the whole chunk. Tokens shorter and longer than the stitch, a character split
 * across chunks, comments and CDATA sections spanning chunks: the same events, bytes, canonical hash and errors
 * as the document read in one piece.
 */
import { describe, expect, test } from "@jest/globals";
import { XmlError } from "../../../src/core/xml/errors.js";
import { readXml } from "../../../src/core/xml/reader.js";
import {
  chunked,
  randomSizes,
  readReportChunked,
  whole,
  xmlErrorOf,
  type ChunkSizes,
} from "../../helpers/reader-corpus.js";
import { expectSameEvents, recordStreamed, recordSync } from "../../helpers/xml-events.js";

function bigReport(): Buffer {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="stitch">\n'];
  for (let i = 0; i < 120; i++) {
    const long = "é😀x&amp;-> ".repeat(i % 7 === 0 ? 900 : 3);
    parts.push(
      `  <testsuite name="s${i}" tests="1" a="${"v&lt;".repeat(i % 37 === 0 ? 25000 : i % 11 === 0 ? 2500 : 2)}">\n`,
      `    <testcase name="t${i}" time="0.${i}"><system-out>${long}\r\n${long}\r</system-out>`,
      i % 5 === 0 ? `<!-- ${"comment ✓ ".repeat(700)} -->` : "",
      i % 3 === 0 ? `<![CDATA[${"<raw> & ]] ".repeat(i % 9 === 0 ? 800 : 2)}]]>` : "",
      `</testcase>\n  </testsuite>\n`,
    );
  }
  parts.push("</testsuites>\n");
  return Buffer.from(parts.join(""), "utf8");
}

const BIG = bigReport();
const SIZES: [string, ChunkSizes][] = [
  ["4097-byte chunks", () => 4097],
  ["8191-byte chunks", () => 8191],
  ["65539-byte chunks", () => 65539],
  ["random chunks of up to 40 KiB", randomSizes(7, 40 * 1024)],
  ["random chunks of up to 300 KiB", randomSizes(11, 300 * 1024)],
];

describe("reader: chunks larger than the stitch", () => {
  test.each(SIZES)("%s give the events of the document read whole", async (_, sizes) => {
    const want = recordSync(BIG).events;
    expectSameEvents((await recordStreamed(BIG, sizes)).events, want);
  });

  test.each(SIZES)("%s give the canonical hash of the document read whole", async (_, sizes) => {
    const want = (await readReportChunked(BIG, whole)).canonicalHash;
    expect((await readReportChunked(BIG, sizes)).canonicalHash).toBe(want);
  });

  test.each(SIZES)("%s hand every input byte on, once and in order", async (_, sizes) => {
    const raw: Buffer[] = [];
    const ignore = { startElement() {}, endElement() {}, text() {} };
    await readXml(chunked(BIG, sizes), ignore, { source: "big.xml", onRaw: (b) => raw.push(Buffer.from(b)) });
    expect(Buffer.concat(raw).equals(BIG)).toBe(true);
  });

  test("an error after a stitch is reported at the same line and column whatever the chunking", async () => {
    const at = BIG.indexOf("<testcase", Math.floor(BIG.length * 0.6));
    const broken = Buffer.concat([BIG.subarray(0, at), Buffer.from("<x a='1' a='2'/>"), BIG.subarray(at)]);
    const want = await xmlErrorOf(() => recordStreamed(broken, whole));
    for (const [, sizes] of SIZES) {
      const got = await xmlErrorOf(() => recordStreamed(broken, sizes));
      expect(got).toBeInstanceOf(XmlError);
      expect(got.message).toBe(want.message);
    }
    expect(want.message).toMatch(/attribute a appears twice/);
  });
});

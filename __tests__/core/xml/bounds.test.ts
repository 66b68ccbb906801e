/**
 * What the reader keeps for a text segment is bounded whatever the segment's length, and namespace declarations
 * the Namespaces spec does not allow are refused (found by the session-14 security review).
 */
import { describe, expect, test } from "@jest/globals";
import { XmlError } from "../../../src/core/xml/errors.js";
import { readXmlSync, type TextMarks, type XmlHandler } from "../../../src/core/xml/reader.js";
import { C14N11, Canonicalizer } from "../../../src/core/xml/c14n.js";
import { xmlErrorOf } from "../../helpers/reader-corpus.js";

describe("a long text segment read in one piece (a submission to jux serve, a queue entry)", () => {
  test("the offsets of what canonical text rewrites stay bounded: 20 MB of '>' do not grow the memory by its multiple", () => {
    const size = 20 * 1024 * 1024;
    const doc = Buffer.concat([Buffer.from("<r>"), Buffer.alloc(size, ">"), Buffer.from("</r>")]);
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    let largest = 0;
    let text = 0;
    const handler: XmlHandler = {
      startElement: () => undefined,
      endElement: () => undefined,
      text: (raw: Buffer, _cdata: boolean, marks?: TextMarks) => {
        text += raw.length;
        largest = Math.max(largest, marks?.at.length ?? 0);
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      },
    };
    readXmlSync(doc, handler, { source: "gt.xml" });
    expect(text).toBe(size);
    // The document itself was allocated before; what reading it adds must stay far below its size.
    expect(peak - before).toBeLessThan(size / 4);
    expect(largest * 4).toBeLessThan(size / 4);
  });

  test("the canonical form of such a segment is still every '>' as &gt;", () => {
    const n = 300_000;
    const doc = `<r>${"a>".repeat(n)}\r\n</r>`;
    const parts: Buffer[] = [];
    const c14n = new Canonicalizer([C14N11], { update: (b: Buffer) => parts.push(Buffer.from(b)) });
    readXmlSync(doc, c14n, { source: "gt.xml" });
    c14n.sinks();
    const canonical = Buffer.concat(parts).toString("utf8");
    // (a line end is LF after parsing; compared as a boolean, so a failure does not print megabytes)
    expect(canonical.length).toBe(`<r>${"a&gt;".repeat(n)}\n</r>`.length);
    expect(canonical === `<r>${"a&gt;".repeat(n)}\n</r>`).toBe(true);
  });
});

describe("namespace declarations", () => {
  test('xmlns:="…" (an empty prefix) is refused, not taken for a default namespace declaration', async () => {
    const e = await xmlErrorOf(() =>
      readXmlSync('<testsuite><testcase xmlns:="urn:x" name="a"/></testsuite>', noop(), { source: "ns.xml" }),
    );
    expect(e).toBeInstanceOf(XmlError);
    expect(e.message).toMatch(/ns\.xml/);
    expect(e.message).toMatch(/xmlns:/);
  });
});

function noop(): XmlHandler {
  return { startElement: () => undefined, endElement: () => undefined, text: () => undefined };
}

/**
 * Start tags the reader finds canonical as written are copied from the input bytes (reader.ts verbatimTag): the
 * canonical form must be the same as when each tag is rendered, for tags that are and tags that are not
 * canonical as written, whatever the chunking, and for a tag delivered again later (a tree's replay).
 */
import { describe, expect, test } from "@jest/globals";
import { C14N11, EXC_C14N, Canonicalizer, type C14nMethod } from "../../../src/core/xml/c14n.js";
import {
  readXml,
  readXmlSync,
  verbatimTag,
  type StartTag,
  type XmlHandler,
} from "../../../src/core/xml/reader.js";

const DOC =
  '<r><a b="1" c="2">x</a><a c="2" b="1"/><a b=\'1\'/><a  b="1"/><a b="1" /><a b="1"\n/><a b = "1"/>' +
  '<a b="&amp;&lt;"/><a b="x&#9;y"/><a b="t\tu"/><a b="l\nm"/><a b=\'"q"\'/><a b=">é✓🚀"/><e/><e></e>' +
  '<p:a xmlns:p="urn:p" b="1"/><a xml:lang="en" b="1"/><a xmlns="urn:d" b="1"/><a xmlns="" b="1"/>' +
  '<q:e xmlns:q="urn:q"><q:f z="1"/></q:e><a A="1" a="2" _="3"/></r>';

const EXPECTED =
  '<r><a b="1" c="2">x</a><a b="1" c="2"></a><a b="1"></a><a b="1"></a><a b="1"></a><a b="1"></a><a b="1"></a>' +
  '<a b="&amp;&lt;"></a><a b="x&#x9;y"></a><a b="t u"></a><a b="l m"></a><a b="&quot;q&quot;"></a>' +
  '<a b=">é✓🚀"></a><e></e><e></e><p:a xmlns:p="urn:p" b="1"></p:a><a b="1" xml:lang="en"></a>' +
  '<a xmlns="urn:d" b="1"></a><a b="1"></a><q:e xmlns:q="urn:q"><q:f z="1"></q:f></q:e>' +
  '<a A="1" _="3" a="2"></a></r>';

function canonicalizer(method: C14nMethod, parts: Buffer[]): Canonicalizer {
  return new Canonicalizer([method], { update: (b: Buffer) => parts.push(Buffer.from(b)) });
}

async function* chunks(bytes: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield Buffer.from(bytes.subarray(i, i + size));
}

describe("start tags copied as written", () => {
  test.each<C14nMethod>([C14N11, EXC_C14N])("the canonical form is the rendered one (%s)", (method) => {
    const parts: Buffer[] = [];
    const c14n = canonicalizer(method, parts);
    readXmlSync(DOC, c14n, { source: "v.xml" });
    c14n.flush();
    expect(Buffer.concat(parts).toString("utf8")).toBe(EXPECTED);
  });

  test("the same at every chunk size", async () => {
    const bytes = Buffer.from(DOC, "utf8");
    for (let size = 1; size <= 40; size++) {
      const parts: Buffer[] = [];
      const c14n = canonicalizer(C14N11, parts);
      await readXml(chunks(bytes, size), c14n, { source: "v.xml" });
      c14n.flush();
      expect(Buffer.concat(parts).toString("utf8")).toBe(EXPECTED);
    }
  });

  test("a tag kept and delivered again after the read is rendered, not copied from the reader's bytes", () => {
    const kept: StartTag[] = [];
    const seen: boolean[] = [];
    const keep: XmlHandler = {
      startElement: (tag) => {
        kept.push(tag);
        seen.push(verbatimTag.tag === tag);
      },
      endElement: () => undefined,
      text: () => undefined,
    };
    readXmlSync('<r><a b="1"/><a c="2" b="1"/></r>', keep, { source: "v.xml" });
    // (the order is checked by the canonicalizer, not the reader)
    expect(seen).toEqual([true, true, true]);
    expect(verbatimTag.tag).toBeUndefined();
    const parts: Buffer[] = [];
    const c14n = canonicalizer(C14N11, parts);
    for (const tag of kept) c14n.startElement(tag);
    for (const tag of [...kept].reverse())
      c14n.endElement({ qname: tag.qname, start: 0, end: 0, depth: tag.depth });
    c14n.flush();
    expect(Buffer.concat(parts).toString("utf8")).toBe('<r><a b="1"><a b="1" c="2"></a></a></r>');
  });
});

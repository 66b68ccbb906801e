/** What the XML reader reports, recorded for comparison; the error checks of the reader's tests. */
import { expect } from "@jest/globals";
import { XmlError, type XmlErrorCode } from "../../src/core/xml/errors.js";
import {
  readXml,
  readXmlSync,
  type EndTag,
  type ReadLimits,
  type StartTag,
  type XmlHandler,
} from "../../src/core/xml/reader.js";
import { chunked, type ChunkSizes } from "./reader-corpus.js";

export const SOURCE = "report.xml";

// ---------------------------------------------------------------------------------------------
// Recording what the reader reports

export type Event =
  | { kind: "start"; tag: StartTag }
  | { kind: "end"; tag: EndTag }
  /** Consecutive text segments of the same kind, joined: chunking may split them anywhere. */
  | { kind: "text"; cdata: boolean; bytes: string };

export class Recorder implements XmlHandler {
  private readonly list: (Event | { kind: "text"; cdata: boolean; parts: Buffer[] })[] = [];
  /** Every text segment as delivered, unjoined. */
  readonly segments: { raw: Buffer; cdata: boolean }[] = [];

  startElement(tag: StartTag): void {
    // Each field by name: the reader's attributes decode their value only when it is read (a getter).
    const attributes = tag.attributes.map(({ qname, prefix, local, ns, value }) => ({
      qname,
      prefix,
      local,
      ns,
      value,
    }));
    this.list.push({ kind: "start", tag: { ...tag, attributes } });
  }

  endElement(tag: EndTag): void {
    this.list.push({ kind: "end", tag: { ...tag } });
  }

  text(raw: Buffer, cdata: boolean): void {
    const copy = Buffer.from(raw);
    this.segments.push({ raw: copy, cdata });
    const last = this.list[this.list.length - 1];
    if (last && "parts" in last && last.cdata === cdata) last.parts.push(copy);
    else this.list.push({ kind: "text", cdata, parts: [copy] });
  }

  get events(): Event[] {
    return this.list.map((e) =>
      "parts" in e ? { kind: "text", cdata: e.cdata, bytes: Buffer.concat(e.parts).toString("latin1") } : e,
    );
  }
}

export async function recordStreamed(
  bytes: Buffer,
  sizes: ChunkSizes,
  limits?: Partial<ReadLimits>,
): Promise<Recorder> {
  const recorder = new Recorder();
  await readXml(chunked(bytes, sizes), recorder, { source: SOURCE, limits });
  return recorder;
}

export function recordSync(bytes: Buffer | string, limits?: Partial<ReadLimits>): Recorder {
  const recorder = new Recorder();
  readXmlSync(bytes, recorder, { source: SOURCE, limits });
  return recorder;
}

/** Compares event lists without dumping thousands of events when they differ. */
export function expectSameEvents(got: Event[], want: Event[]): void {
  const n = Math.min(got.length, want.length);
  let i = 0;
  while (i < n && JSON.stringify(got[i]) === JSON.stringify(want[i])) i++;
  expect({ index: i, event: got[i] }).toEqual({ index: i, event: want[i] });
  expect(got.length).toBe(want.length);
}

export function expectError(
  err: XmlError,
  code: XmlErrorCode,
  line: number,
  column: number,
  reason: RegExp,
): void {
  expect(err).toBeInstanceOf(XmlError);
  expect({ code: err.code, line: err.line, column: err.column }).toEqual({ code, line, column });
  expect(err.reason).toMatch(reason);
  expect(err.source).toBe(SOURCE);
  expect(err.message).toBe(`${SOURCE}:${line}:${column}: ${err.reason}`);
}

import type { EndTag, StartTag, XmlHandler } from "./reader.js";

/** A small element tree, for the few elements worth holding in memory (a Signature, never a report). */
export interface Element {
  tag: StartTag;
  end: EndTag | undefined;
  children: Node[];
}

export interface TextNode {
  raw: Buffer;
  cdata: boolean;
}

export type Node = Element | TextNode;

export function isElement(node: Node): node is Element {
  return "tag" in node;
}

/** Builds a tree from reader events; refuses to hold more than `maxBytes` of text. */
export class TreeBuilder implements XmlHandler {
  root: Element | undefined;
  private readonly stack: Element[] = [];
  private textBytes = 0;

  constructor(private readonly maxBytes = 1024 * 1024) {}

  startElement(tag: StartTag): void {
    const el: Element = { tag, end: undefined, children: [] };
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(el);
    else this.root = el;
    this.stack.push(el);
  }

  endElement(tag: EndTag): void {
    const el = this.stack.pop();
    if (el) el.end = tag;
  }

  text(raw: Buffer, cdata: boolean): void {
    this.textBytes += raw.length;
    if (this.textBytes > this.maxBytes)
      throw new Error(`more than ${this.maxBytes} bytes of text in one element tree`);
    this.stack[this.stack.length - 1]?.children.push({ raw: Buffer.from(raw), cdata });
  }
}

/** Sends a tree's events to a handler again, as the reader did. */
export function replay(el: Element, handler: XmlHandler): void {
  handler.startElement(el.tag);
  for (const child of el.children) {
    if (isElement(child)) replay(child, handler);
    else handler.text(child.raw, child.cdata);
  }
  handler.endElement(
    el.end ?? { qname: el.tag.qname, start: el.tag.end, end: el.tag.end, depth: el.tag.depth },
  );
}

export function childElements(el: Element): Element[] {
  return el.children.filter(isElement);
}

const REFS: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** The character data of an element (direct text children), references expanded. */
export function textContent(el: Element): string {
  let s = "";
  for (const child of el.children) {
    if (isElement(child)) continue;
    const text = child.raw.toString("utf8").replace(/\r\n?/g, "\n");
    s += child.cdata
      ? text
      : text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (_, body: string) =>
          body.startsWith("#x")
            ? String.fromCodePoint(parseInt(body.slice(2), 16))
            : body.startsWith("#")
              ? String.fromCodePoint(parseInt(body.slice(1), 10))
              : (REFS[body] ?? ""),
        );
  }
  return s;
}

export function attribute(el: Element, qname: string): string | undefined {
  return el.tag.attributes.find((a) => a.qname === qname)?.value;
}

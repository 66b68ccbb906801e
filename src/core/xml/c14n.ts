import type { Hash } from "node:crypto";
import {
  XML_NAMESPACE,
  type Attribute,
  type EndTag,
  type NamespaceDeclaration,
  type StartTag,
  type TextMarks,
  type XmlHandler,
  isSelfCanonical,
  verbatimTag,
} from "./reader.js";

export const C14N10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
export const C14N11 = "http://www.w3.org/2006/12/xml-c14n11";
export const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";

export type C14nMethod = typeof C14N10 | typeof C14N11 | typeof EXC_C14N;

const C14N_METHODS: readonly C14nMethod[] = [C14N10, C14N11, EXC_C14N];

export function isC14nMethod(uri: string): uri is C14nMethod {
  return (C14N_METHODS as readonly string[]).includes(uri);
}

/** Where canonical bytes go: a Hash, or anything else that takes bytes synchronously. */
export interface ByteSink {
  update(data: Buffer): unknown;
}

/** What a document subset inherits from the ancestors that are not part of it (e.g. for SignedInfo). */
export interface ApexContext {
  /** Namespace declarations in scope at the apex's parent, nearest last. */
  namespaces: NamespaceDeclaration[];
  /** xml:* attributes of the ancestors, nearest last. */
  xmlAttributes: Attribute[];
}

type NsMap = ReadonlyMap<string, string>;

interface View {
  method: C14nMethod;
  sink: ByteSink;
  /** Namespaces rendered by the nearest output ancestor, one entry per open element. */
  rendered: NsMap[];
}

const EMPTY: NsMap = new Map();
const OUT_SIZE = 64 * 1024;

/**
 * Canonical XML (inclusive 1.0 and 1.1, exclusive 1.0; never with comments) computed from reader events,
 * in one pass and bounded memory.
 *
 * Several methods can be computed at once. They share one sink until their output first differs
 * (only namespace rendering can differ); the sink, which must then be a Hash, is copied there.
 */
export class Canonicalizer implements XmlHandler {
  private readonly views: View[];
  private joined: boolean;
  private inScope: NsMap[] = [];
  private out = Buffer.allocUnsafe(OUT_SIZE);
  private used = 0;
  private apex: ApexContext | undefined;
  /** The bytes of end tags, by qname (names repeat throughout a report). */
  private readonly endTags = new Map<string, Buffer>();

  constructor(methods: readonly C14nMethod[], sink: ByteSink, apex?: ApexContext) {
    this.views = methods.map((method) => ({ method, sink, rendered: [] }));
    this.joined = this.views.length > 1;
    this.apex = apex;
    const initial = new Map<string, string>();
    for (const d of apex?.namespaces ?? []) initial.set(d.prefix, d.uri);
    this.inScope.push(initial);
    for (const v of this.views) v.rendered.push(EMPTY);
  }

  /** The sink of each method, in the order given (after a fork, each method has its own Hash). */
  sinks(): ByteSink[] {
    this.flush();
    return this.views.map((v) => v.sink);
  }

  startElement(tag: StartTag): void {
    const parentScope = this.inScope[this.inScope.length - 1]!;
    let scope = parentScope;
    if (tag.namespaces.length > 0) {
      const next = new Map(parentScope);
      for (const d of tag.namespaces) next.set(d.prefix, d.uri);
      scope = next;
    }
    this.inScope.push(scope);
    const apex = this.apex;
    this.apex = undefined;
    const views = this.views;
    if (apex === undefined) {
      // Without an apex the views differ only in the namespaces they render.
      const first = this.declarations(views[0]!, tag, scope, false);
      let decls: [string, string][][] | undefined;
      for (let i = 1; i < views.length; i++) {
        const d = this.declarations(views[i]!, tag, scope, false);
        (decls ??= [first]).push(d);
        if (this.joined && !sameDeclarations(d, first)) this.fork();
      }
      if (this.joined || decls === undefined) this.writeStartTag(tag, first);
      else decls.forEach((d, i) => this.writeText(renderTag(tag, d, tag.attributes), i));
      return;
    }
    const rendering = views.map((v) => {
      const decls = this.declarations(v, tag, scope, true);
      return renderTag(tag, decls, withInheritedXmlAttributes(tag.attributes, apex, v.method));
    });
    if (this.joined && rendering.some((r) => r !== rendering[0])) this.fork();
    if (this.joined) this.writeText(rendering[0]!, 0);
    else rendering.forEach((r, i) => this.writeText(r, i));
  }

  endElement(tag: EndTag): void {
    this.inScope.pop();
    for (const v of this.views) v.rendered.pop();
    let bytes = this.endTags.get(tag.qname);
    if (bytes === undefined) {
      if (this.endTags.size >= 256) this.endTags.clear();
      bytes = Buffer.from(`</${tag.qname}>`, "utf8");
      this.endTags.set(tag.qname, bytes);
    }
    if (this.joined || this.views.length === 1) this.writeRange(bytes, 0, bytes.length);
    else for (let i = 0; i < this.views.length; i++) this.writeBytes(bytes, i);
  }

  text(raw: Buffer, cdata: boolean, marks?: TextMarks): void {
    if (marks !== undefined && marks.count > 0 && !cdata && (this.joined || this.views.length === 1)) {
      this.writeMarkedText(raw, marks);
    } else if (marks !== undefined && marks.count === 0 && !cdata) {
      // Nothing to rewrite: the bytes are their own canonical form.
      this.insertCanonical(raw);
    } else if (this.joined || this.views.length === 1) {
      this.writeCanonicalText(raw, cdata);
    } else {
      this.flush();
      const parts: Buffer[] = [];
      canonicalText(raw, cdata, (b) => parts.push(Buffer.from(b)));
      for (const v of this.views) for (const p of parts) v.sink.update(p);
    }
  }

  /** Canonical bytes of content spliced in by the caller (already canonical). */
  insertCanonical(bytes: Buffer): void {
    if (this.joined || this.views.length === 1) this.writeRange(bytes, 0, bytes.length);
    else {
      this.flush();
      for (const v of this.views) v.sink.update(bytes);
    }
  }

  flush(): void {
    if (this.used === 0) return;
    this.views[0]!.sink.update(this.out.subarray(0, this.used));
    this.used = 0;
  }

  private fork(): void {
    this.flush();
    const first = this.views[0]!.sink as Partial<Hash>;
    if (typeof first.copy !== "function")
      throw new Error("computing several canonical forms needs a Hash sink");
    for (const v of this.views.slice(1)) v.sink = first.copy();
    this.joined = false;
  }

  /** The namespace declarations `v` renders on this element; records what is rendered for its children. */
  private declarations(v: View, tag: StartTag, scope: NsMap, apex: boolean): [string, string][] {
    const parent = v.rendered[v.rendered.length - 1]!;
    const decls =
      v.method === EXC_C14N
        ? exclusiveNamespaces(tag, scope, parent)
        : !apex && tag.namespaces.length === 0
          ? NO_DECLARATIONS
          : inclusiveNamespaces(tag, scope, parent, apex);
    let rendered = parent;
    if (decls.length > 0) {
      const next = new Map(parent);
      for (const [p, u] of decls) next.set(p, u);
      rendered = next;
    }
    v.rendered.push(rendered);
    return decls;
  }

  private writeText(s: string, view: number): void {
    if (view === 0 && s.length * 3 < OUT_SIZE - this.used) {
      this.put(s);
      return;
    }
    this.writeBytes(Buffer.from(s, "utf8"), view);
  }

  /** renderTag() written straight into the output buffer of the first view (no string built). */
  private writeStartTag(tag: StartTag, decls: [string, string][]): void {
    const attrs = sortAttributes(tag.attributes);
    if (verbatimTag.tag === tag && decls.length === 0 && attrs === tag.attributes) {
      // The tag as written is its canonical form (the reader checked all but the order, checked here).
      this.writeRange(verbatimTag.bytes, verbatimTag.from, verbatimTag.to);
      this.writeRange(GT_BYTE, 0, 1);
      return;
    }
    let size = tag.qname.length + 2;
    for (const [p, u] of decls) size += p.length + u.length + 10;
    for (const a of attrs) size += a.qname.length + a.value.length + 4;
    // Every UTF-16 unit takes at most 6 bytes here (&quot; or &#xD;), 3 in UTF-8.
    if (size * 6 > OUT_SIZE - this.used) {
      this.flush();
      if (size * 6 > OUT_SIZE) return this.writeText(renderTag(tag, decls, tag.attributes), 0);
    }
    this.put("<");
    this.put(tag.qname);
    for (const [p, u] of decls) {
      this.put(p === "" ? ' xmlns="' : " xmlns:");
      if (p !== "") {
        this.put(p);
        this.put('="');
      }
      this.putEscaped(u);
      this.put('"');
    }
    for (const a of attrs) {
      this.put(" ");
      this.put(a.qname);
      this.put('="');
      this.putEscaped(a.value);
      this.put('"');
    }
    this.put(">");
  }

  /** A string into the output buffer (room checked by the caller). */
  private put(s: string): void {
    const out = this.out;
    let u = this.used;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.used = u + out.write(s.slice(i), u, "utf8");
        return;
      }
      out[u++] = c;
    }
    this.used = u;
  }

  /** An attribute value or namespace URI, escaped as escapeAttribute() does (room checked by the caller). */
  private putEscaped(s: string): void {
    const out = this.out;
    let u = this.used;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        let k = i + 1;
        while (k < n && s.charCodeAt(k) >= 0x80) k++;
        u += out.write(s.slice(i, k), u, "utf8");
        i = k - 1;
        continue;
      }
      const escape = ATTR_ESCAPE_BYTES[c];
      if (escape === undefined) out[u++] = c;
      else for (let j = 0; j < escape.length; j++) out[u++] = escape[j]!;
    }
    this.used = u;
  }

  /** canonicalText() where the reader marked what to rewrite: no second scan of the text. */
  private writeMarkedText(raw: Buffer, marks: TextMarks): void {
    const n = raw.length;
    let run = 0;
    for (let m = 0; m < marks.count; m++) {
      const i = marks.at[m]!;
      const b = raw[i]!;
      let next = i + 1;
      let replacement: Buffer;
      if (b === 0x26) {
        let semi = i + 1;
        while (semi < n && raw[semi] !== 0x3b) semi++;
        next = semi + 1;
        replacement = referenceText(raw.toString("latin1", i + 1, semi));
      } else if (b === 0x0d) {
        replacement = LF_BYTE;
        if (raw[i + 1] === 0x0a) next = i + 2;
      } else {
        replacement = TEXT_ESCAPES[b]!;
      }
      this.writeRange(raw, run, i);
      this.writeRange(replacement, 0, replacement.length);
      run = next;
    }
    this.writeRange(raw, run, n);
  }

  /** canonicalText() into the output buffer of the first view, without a view per piece. */
  private writeCanonicalText(raw: Buffer, cdata: boolean): void {
    const n = raw.length;
    const stop = cdata ? CDATA_STOP : TEXT_STOP;
    let run = 0;
    for (let i = 0; i < n; i++) {
      const b = raw[i]!;
      if (stop[b] === 0) continue;
      let next = i + 1;
      let replacement: Buffer;
      if (b === 0x26 && !cdata) {
        // The reader checked the reference: its ';' follows within 40 bytes.
        let semi = i + 1;
        while (semi < n && raw[semi] !== 0x3b) semi++;
        if (isSelfCanonical(raw, i + 1, semi)) {
          i = semi;
          continue;
        }
        next = semi + 1;
        replacement = referenceText(raw.toString("latin1", i + 1, semi));
      } else if (b === 0x0d) {
        replacement = LF_BYTE;
        if (raw[i + 1] === 0x0a) next = i + 2;
      } else {
        replacement = TEXT_ESCAPES[b]!;
      }
      this.writeRange(raw, run, i);
      this.writeRange(replacement, 0, replacement.length);
      run = next;
      i = next - 1;
    }
    this.writeRange(raw, run, n);
  }

  /** raw[from..to) into the output buffer of the first view; short ranges copied here (cheaper than a call). */
  private writeRange(raw: Buffer, from: number, to: number): void {
    const len = to - from;
    if (len <= 0) return;
    if (len <= 32 && len <= OUT_SIZE - this.used) {
      const out = this.out;
      let u = this.used;
      for (let j = from; j < to; j++) out[u++] = raw[j]!;
      this.used = u;
      return;
    }
    if (len <= OUT_SIZE - this.used) {
      // Copied from raw directly: no Buffer made for the range.
      raw.copy(this.out, this.used, from, to);
      this.used += len;
      return;
    }
    this.writeBytes(from === 0 && to === raw.length ? raw : raw.subarray(from, to), 0);
  }

  private writeBytes(b: Buffer, view: number): void {
    if (view !== 0) {
      this.views[view]!.sink.update(b);
      return;
    }
    if (b.length > OUT_SIZE - this.used) {
      this.flush();
      if (b.length >= OUT_SIZE / 2) {
        this.views[0]!.sink.update(b);
        return;
      }
    }
    b.copy(this.out, this.used);
    this.used += b.length;
  }
}

const NO_DECLARATIONS: [string, string][] = [];

function sameDeclarations(a: [string, string][], b: [string, string][]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]![0] !== b[i]![0] || a[i]![1] !== b[i]![1]) return false;
  return true;
}

/** The start tag as canonical text: namespace declarations, then the attributes in canonical order. */
function renderTag(tag: StartTag, decls: [string, string][], attrs: Attribute[]): string {
  let s = "<" + tag.qname;
  for (const [p, u] of decls) s += (p === "" ? " xmlns" : " xmlns:" + p) + '="' + escapeAttribute(u) + '"';
  for (const a of sortAttributes(attrs)) s += " " + a.qname + '="' + escapeAttribute(a.value) + '"';
  return s + ">";
}

function inclusiveNamespaces(tag: StartTag, scope: NsMap, parent: NsMap, apex: boolean): [string, string][] {
  const candidates = apex
    ? [...scope]
    : tag.namespaces.map((d) => [d.prefix, scope.get(d.prefix)!] as [string, string]);
  const out: [string, string][] = [];
  const seen = new Set<string>();
  for (const [p, u] of candidates) {
    if (seen.has(p)) continue;
    seen.add(p);
    if (p === "xml") continue;
    const before = parent.get(p);
    if (u === "" ? before === undefined || before === "" : before === u) continue;
    out.push([p, u]);
  }
  return out.sort((a, b) => compareCodePoints(a[0], b[0]));
}

function exclusiveNamespaces(tag: StartTag, scope: NsMap, parent: NsMap): [string, string][] {
  if (tag.prefix === "" && tag.attributes.every((a) => a.prefix === "" || a.prefix === "xml")) {
    // Only the default namespace is visibly used.
    const u = scope.get("") ?? "";
    const before = parent.get("");
    return (u === "" ? before === undefined || before === "" : before === u) ? NO_DECLARATIONS : [["", u]];
  }
  const used = new Set<string>([tag.prefix]);
  for (const a of tag.attributes) if (a.prefix !== "" && a.prefix !== "xml") used.add(a.prefix);
  const out: [string, string][] = [];
  for (const p of used) {
    const u = scope.get(p) ?? "";
    const before = parent.get(p);
    if (u === "" ? before === undefined || before === "" : before === u) continue;
    out.push([p, u]);
  }
  return out.sort((a, b) => compareCodePoints(a[0], b[0]));
}

/**
 * The apex of a document subset carries the xml:* attributes of its omitted ancestors (inclusive C14N only;
 * C14N 1.1 inherits only xml:lang, xml:space and xml:base, the latter taken as the nearest value).
 */
function withInheritedXmlAttributes(own: Attribute[], apex: ApexContext, method: C14nMethod): Attribute[] {
  if (method === EXC_C14N) return own;
  const inheritable = method === C14N11 ? new Set(["lang", "space", "base"]) : undefined;
  const nearest = new Map<string, Attribute>();
  for (const a of apex.xmlAttributes) {
    if (a.ns === XML_NAMESPACE && (!inheritable || inheritable.has(a.local))) nearest.set(a.local, a);
  }
  for (const a of own) if (a.ns === XML_NAMESPACE) nearest.delete(a.local);
  return [...own, ...nearest.values()];
}

function sortAttributes(attrs: Attribute[]): Attribute[] {
  if (attrs.length < 2) return attrs;
  let sorted = true;
  for (let i = 1; i < attrs.length && sorted; i++) {
    const a = attrs[i - 1]!;
    const b = attrs[i]!;
    sorted = (compareCodePoints(a.ns, b.ns) || compareCodePoints(a.local, b.local)) < 0;
  }
  if (sorted) return attrs;
  return [...attrs].sort((a, b) => compareCodePoints(a.ns, b.ns) || compareCodePoints(a.local, b.local));
}

/** Orders strings by Unicode code point (UTF-16 order differs for astral characters). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return surrogateRank(x) - surrogateRank(y);
    return x - y;
  }
  return a.length - b.length;
}

/** Surrogates encode code points above every BMP character from U+E000 on. */
function surrogateRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}

function escapeAttribute(s: string): string {
  if (!/[&<"\t\n\r]/.test(s)) return s;
  return s.replace(/[&<"\t\n\r]/g, (c) => ATTR_ESCAPES[c]!);
}

const ATTR_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  '"': "&quot;",
  "\t": "&#x9;",
  "\n": "&#xA;",
  "\r": "&#xD;",
};

/** ATTR_ESCAPES by character code. */
const ATTR_ESCAPE_BYTES: (Buffer | undefined)[] = [];
for (const [c, e] of Object.entries(ATTR_ESCAPES)) ATTR_ESCAPE_BYTES[c.charCodeAt(0)] = Buffer.from(e);

const TEXT_ESCAPES: Record<number, Buffer> = {
  0x26: Buffer.from("&amp;"),
  0x3c: Buffer.from("&lt;"),
  0x3e: Buffer.from("&gt;"),
  0x0d: Buffer.from("&#xD;"),
};
const LF_BYTE = Buffer.from("\n");
const GT_BYTE = Buffer.from(">");

/**
 * Canonical form of raw character data: references expanded, line ends normalized (CRLF and CR to LF),
 * then & < > and CR escaped. The reader never ends a segment between CR and LF.
 */
export function canonicalText(raw: Buffer, cdata: boolean, emit: (b: Buffer) => void): void {
  const n = raw.length;
  const stop = cdata ? CDATA_STOP : TEXT_STOP;
  let run = 0;
  let i = nextStop(raw, 0, n, stop);
  while (i < n) {
    const b = raw[i]!;
    let next = i + 1;
    if (b === 0x26 && !cdata) {
      // The reader checked the reference: its ';' follows within 40 bytes.
      let semi = i + 1;
      while (semi < n && raw[semi] !== 0x3b) semi++;
      next = semi + 1;
      // &amp; &lt; &gt; are already canonical: they stay in the run.
      if (!isSelfCanonical(raw, i + 1, semi)) {
        if (i > run) emit(raw.subarray(run, i));
        emit(referenceText(raw.toString("latin1", i + 1, semi)));
        run = next;
      }
    } else {
      if (i > run) emit(raw.subarray(run, i));
      if (b === 0x0d) {
        emit(LF_BYTE);
        if (raw[i + 1] === 0x0a) next = i + 2;
      } else {
        emit(TEXT_ESCAPES[b]!);
      }
      run = next;
    }
    i = nextStop(raw, next, n, stop);
  }
  if (run < n) emit(run === 0 ? raw : raw.subarray(run));
}

/** Bytes canonical text rewrites: & > CR, and < in a CDATA section (where & is plain text). */
const TEXT_STOP = new Uint8Array(256);
TEXT_STOP[0x26] = 1;
TEXT_STOP[0x3e] = 1;
TEXT_STOP[0x0d] = 1;
const CDATA_STOP = new Uint8Array(256);
CDATA_STOP[0x26] = 1;
CDATA_STOP[0x3e] = 1;
CDATA_STOP[0x0d] = 1;
CDATA_STOP[0x3c] = 1;

/** The first offset in raw[from..to) of a byte `stop` marks, or `to`. */
function nextStop(raw: Buffer, from: number, to: number, stop: Uint8Array): number {
  for (let i = from; i < to; i++) if (stop[raw[i]!] !== 0) return i;
  return to;
}

const PREDEFINED_CANONICAL: Record<string, Buffer> = {
  lt: TEXT_ESCAPES[0x3c]!,
  gt: TEXT_ESCAPES[0x3e]!,
  amp: TEXT_ESCAPES[0x26]!,
  quot: Buffer.from('"'),
  apos: Buffer.from("'"),
};

function referenceText(body: string): Buffer {
  const predefined = PREDEFINED_CANONICAL[body];
  if (predefined) return predefined;
  const hex = body[1] === "x";
  const cp = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
  return TEXT_ESCAPES[cp] ?? Buffer.from(String.fromCodePoint(cp), "utf8");
}

/** Canonical form of an element this tool writes itself (no namespaces, attributes in the given order). */
export function canonicalElement(qname: string, attributes: [string, string][], content = ""): string {
  const sorted = [...attributes].sort((a, b) => compareCodePoints(a[0], b[0]));
  const attrs = sorted.map(([n, v]) => ` ${n}="${escapeAttribute(v)}"`).join("");
  return `<${qname}${attrs}>${content}</${qname}>`;
}

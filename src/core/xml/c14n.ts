import type { Hash } from "node:crypto";
import {
  XML_NAMESPACE,
  type Attribute,
  type EndTag,
  type NamespaceDeclaration,
  type StartTag,
  type XmlHandler,
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
    const rendering = this.views.map((v) => this.renderStart(v, tag, scope, apex));
    if (this.joined && rendering.some((r) => r !== rendering[0])) this.fork();
    if (this.joined) this.writeText(rendering[0]!, 0);
    else rendering.forEach((r, i) => this.writeText(r, i));
  }

  endElement(tag: EndTag): void {
    this.inScope.pop();
    for (const v of this.views) v.rendered.pop();
    this.writeAll(`</${tag.qname}>`);
  }

  text(raw: Buffer, cdata: boolean): void {
    if (this.joined || this.views.length === 1) {
      canonicalText(raw, cdata, (b) => this.writeBytes(b, 0));
    } else {
      this.flush();
      const parts: Buffer[] = [];
      canonicalText(raw, cdata, (b) => parts.push(Buffer.from(b)));
      for (const v of this.views) for (const p of parts) v.sink.update(p);
    }
  }

  /** Canonical bytes of content spliced in by the caller (already canonical). */
  insertCanonical(bytes: Buffer): void {
    if (this.joined || this.views.length === 1) this.writeBytes(bytes, 0);
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

  private renderStart(v: View, tag: StartTag, scope: NsMap, apex: ApexContext | undefined): string {
    const parent = v.rendered[v.rendered.length - 1]!;
    const decls =
      v.method === EXC_C14N
        ? exclusiveNamespaces(tag, scope, parent)
        : inclusiveNamespaces(tag, scope, parent, apex !== undefined);
    let rendered = parent;
    if (decls.length > 0) {
      const next = new Map(parent);
      for (const [p, u] of decls) next.set(p, u);
      rendered = next;
    }
    v.rendered.push(rendered);
    let s = "<" + tag.qname;
    for (const [p, u] of decls) s += (p === "" ? " xmlns" : " xmlns:" + p) + '="' + escapeAttribute(u) + '"';
    const attrs = apex ? withInheritedXmlAttributes(tag.attributes, apex, v.method) : tag.attributes;
    for (const a of sortAttributes(attrs)) s += " " + a.qname + '="' + escapeAttribute(a.value) + '"';
    return s + ">";
  }

  private writeAll(s: string): void {
    if (this.joined || this.views.length === 1) this.writeText(s, 0);
    else this.views.forEach((_, i) => this.writeText(s, i));
  }

  private writeText(s: string, view: number): void {
    if (view === 0 && s.length * 3 < OUT_SIZE - this.used) {
      this.used += this.out.write(s, this.used, "utf8");
      return;
    }
    this.writeBytes(Buffer.from(s, "utf8"), view);
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

const TEXT_ESCAPES: Record<number, Buffer> = {
  0x26: Buffer.from("&amp;"),
  0x3c: Buffer.from("&lt;"),
  0x3e: Buffer.from("&gt;"),
  0x0d: Buffer.from("&#xD;"),
};
const LF_BYTE = Buffer.from("\n");

/**
 * Canonical form of raw character data: references expanded, line ends normalized (CRLF and CR to LF),
 * then & < > and CR escaped. The reader never ends a segment between CR and LF.
 */
export function canonicalText(raw: Buffer, cdata: boolean, emit: (b: Buffer) => void): void {
  const n = raw.length;
  let run = 0;
  // Next position of each byte that may need rewriting (n: none left); memchr-speed scans.
  let amp = raw.indexOf(0x26);
  let gt = raw.indexOf(0x3e);
  let cr = raw.indexOf(0x0d);
  let lt = cdata ? raw.indexOf(0x3c) : -1;
  if (amp < 0) amp = n;
  if (gt < 0) gt = n;
  if (cr < 0) cr = n;
  if (lt < 0) lt = n;
  for (;;) {
    const i = Math.min(amp, gt, cr, lt);
    if (i >= n) break;
    const b = raw[i]!;
    let next = i + 1;
    if (b === 0x26 && !cdata) {
      const semi = raw.indexOf(0x3b, i + 1);
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
    if (amp < next) amp = indexFrom(raw, 0x26, next);
    if (gt < next) gt = indexFrom(raw, 0x3e, next);
    if (cr < next) cr = indexFrom(raw, 0x0d, next);
    if (lt < next) lt = cdata ? indexFrom(raw, 0x3c, next) : n;
  }
  if (run < n) emit(run === 0 ? raw : raw.subarray(run));
}

function indexFrom(raw: Buffer, byte: number, from: number): number {
  const i = raw.indexOf(byte, from);
  return i < 0 ? raw.length : i;
}

/** Whether raw[from..semi) is "amp", "lt" or "gt". */
function isSelfCanonical(raw: Buffer, from: number, semi: number): boolean {
  const len = semi - from;
  if (len === 2) return raw[from + 1] === 0x74 && (raw[from] === 0x6c || raw[from] === 0x67);
  return len === 3 && raw[from] === 0x61 && raw[from + 1] === 0x6d && raw[from + 2] === 0x70;
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

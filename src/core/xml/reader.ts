import { isAscii, isUtf8 } from "node:buffer";
import { XmlError, type XmlErrorCode } from "./errors.js";

export const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";

export interface Attribute {
  qname: string;
  prefix: string;
  local: string;
  /** Namespace URI, "" for none. */
  ns: string;
  /** The value after entity expansion and attribute-value normalization. */
  value: string;
}

export interface NamespaceDeclaration {
  /** "" for the default namespace. */
  prefix: string;
  uri: string;
}

export interface StartTag {
  qname: string;
  prefix: string;
  local: string;
  ns: string;
  /** Attributes other than namespace declarations, in document order. */
  attributes: Attribute[];
  namespaces: NamespaceDeclaration[];
  /** Byte offsets of `<` and just past `>`. */
  start: number;
  end: number;
  selfClosing: boolean;
  /** 1 for the document element. */
  depth: number;
}

export interface EndTag {
  qname: string;
  /** Byte offsets of the end tag; both equal `StartTag.end` for an empty-element tag. */
  start: number;
  end: number;
  depth: number;
}

/**
 * The offsets in a text segment of the bytes canonical text rewrites: `>`, CR, and `&` of a reference other
 * than &lt; &gt; &amp; (at[0..count), ascending). With count 0 the bytes are their own canonical form.
 */
export interface TextMarks {
  count: number;
  at: Int32Array;
}

/**
 * The start tag being delivered, when its bytes from `<` up to its `>` or `/>` are already canonical as written:
 * no namespace declaration, unprefixed attributes each written ` name="value"` with nothing to escape or
 * normalize, no space before the end. bytes[from..to) is `<name attrs`. Set only during the handler's
 * startElement call for that very tag object (`tag` identity), cleared right after: the bytes are the reader's.
 */
export const verbatimTag: { tag: StartTag | undefined; bytes: Buffer; from: number; to: number } = {
  tag: undefined,
  bytes: Buffer.alloc(0),
  from: 0,
  to: 0,
};

/** Receives the document as it is read. Text is raw bytes (references unexpanded, line ends as written). */
export interface XmlHandler {
  startElement(tag: StartTag): void;
  endElement(tag: EndTag): void;
  /**
   * Character data inside the document element; `cdata` for the content of a CDATA section. `marks` (when
   * given, valid during the call only) lists where canonical text differs from the raw bytes.
   */
  text(raw: Buffer, cdata: boolean, marks?: TextMarks): void;
}

export interface ReadLimits {
  maxBytes: number;
  maxDepth: number;
  maxAttributeBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxBytes: 2 * 1024 ** 3,
  maxDepth: 256,
  maxAttributeBytes: 10 * 1024 ** 2,
};

export interface ReadOptions {
  /** Names the input in error messages. */
  source: string;
  limits?: Partial<ReadLimits>;
  /**
   * Receives every input byte, in order, after the events of the markup it belongs to were delivered,
   * so a handler can splice bytes in at the position of the event it is handling.
   */
  onRaw?: (bytes: Buffer) => void;
  /**
   * The same bytes once more (a file opened again). When given, line feeds are not counted as the input goes by
   * (5 % of reading a big report) but only for an error: its line is found by reading the input again up to it.
   */
  reread?: () => AsyncIterable<Buffer | string>;
}

/** Entries of Reader.raw per attribute. */
const RAW = 5;

/**
 * An attribute read from a start tag. A value written as it is (no reference, line end or tab: nearly all) is
 * decoded only when read: most are never read (the summary reads `time`; a verbatim tag is copied as bytes).
 */
class ReadAttribute implements Attribute {
  constructor(
    readonly qname: string,
    readonly prefix: string,
    readonly local: string,
    readonly ns: string,
    private decoded: string | null,
    private readonly bytes: Buffer,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get value(): string {
    return (this.decoded ??= this.bytes.toString("utf8", this.from, this.to));
  }
}

/** An error found while lines are not counted: its line is found by reading the input again (Reader.read). */
class Unplaced {
  constructor(
    readonly code: XmlErrorCode,
    readonly offset: number,
    readonly column: number,
    readonly reason: string,
  ) {}
}

export interface DocumentInfo {
  /** Offset just past the UTF-8 byte order mark, or 0. */
  bomLength: number;
  /** Total number of bytes read. */
  size: number;
}

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SEMI = 0x3b;
const QUOT = 0x22;
const APOS = 0x27;
const SLASH = 0x2f;
const EQ = 0x3d;
const QMARK = 0x3f;
const BANG = 0x21;
const RSQB = 0x5d;
const HASH = 0x23;
const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;

/** Bytes that need a closer look while scanning character data. */
const TEXT_SPECIAL = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) TEXT_SPECIAL[b] = 1;
TEXT_SPECIAL[AMP] = 1;
TEXT_SPECIAL[GT] = 1;
TEXT_SPECIAL[RSQB] = 1;
TEXT_SPECIAL[0xef] = 1;
TEXT_SPECIAL[LT] = 1;

/** TEXT_SPECIAL without LF and TAB: the bytes where the text scan stops. */
const TEXT_STOP = TEXT_SPECIAL.slice();
TEXT_STOP[LF] = 0;
TEXT_STOP[TAB] = 0;

/** One Int32Array view per ArrayBuffer the reader scans, for counting line feeds a word at a time. */
let wordsOf: ArrayBufferLike | undefined;
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);
let wordsFor: Buffer | undefined;

/** The buffer's memory as 32-bit words (word k holds the bytes at byteOffset 4k..4k+3). */
function wordView(buf: Buffer): Int32Array<ArrayBufferLike> {
  if (wordsFor === buf) return words;
  wordsFor = buf;
  if (wordsOf !== buf.buffer) {
    wordsOf = buf.buffer;
    words = new Int32Array(buf.buffer, 0, buf.buffer.byteLength >> 2);
  }
  return words;
}

/**
 * The offset of the next `quote` from `from` on, or -1. Attribute values are mostly short: the first bytes are
 * looked at here (cheaper than a call of indexOf for each value), a longer value is searched by indexOf.
 */
function closingQuote(buf: Buffer, from: number, quote: number): number {
  const near = Math.min(buf.length, from + 64);
  for (let i = from; i < near; i++) if (buf[i] === quote) return i;
  return near === buf.length ? -1 : buf.indexOf(quote, near);
}

/** Whether buf[from..to) holds `s`, read as ASCII (false for other characters: the caller decodes those). */
function sameAscii(buf: Buffer, from: number, to: number, s: string): boolean {
  if (to - from !== s.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || buf[from + i] !== c) return false;
  }
  return true;
}

/**
 * The offset of the first byte in buf[from..to) that TEXT_STOP marks (control characters but LF and TAB,
 * & < > ] and 0xEF), or `to`. A plain loop: in text that stops every few dozen bytes (references, line
 * ends) it beat both indexOf calls and a word-at-a-time scan.
 */
function skipText(buf: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) if (TEXT_STOP[buf[i]!] !== 0) return i;
  return to;
}

const NAME_CHAR = new Uint8Array(256);
for (let b = 0x80; b < 256; b++) NAME_CHAR[b] = 1;
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:") NAME_CHAR[c.charCodeAt(0)] = 1;
const NAME_START = NAME_CHAR.slice();
for (const c of "0123456789.-") NAME_CHAR[c.charCodeAt(0)] = 1;

const CDATA_OPEN = Buffer.from("<![CDATA[");
const NAME_CACHE_SIZE = 256;
/** How much of a new chunk is first copied behind the unfinished token of the previous one. */
const STITCH = 4096;
/** The most offsets kept for one text segment (TextMarks): 64 KiB. */
const MAX_MARKS = 16384;
const EMPTY = Buffer.alloc(0);
const NO_NAMESPACES: NamespaceDeclaration[] = [];
const COMMENT_OPEN = Buffer.from("<!--");

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Thrown inside the tokenizer when a token runs past the bytes read so far. */
// NEED_MORE is thrown as a sentinel, not an error: the tokenizer unwinds to the chunk boundary without the cost
// of an Error's stack (one per chunk boundary inside a token), and it never leaves the reader.
/* eslint-disable @typescript-eslint/only-throw-error */
const NEED_MORE = Symbol("need more input");

type Scope = { prefix: string; uri: string; parent: Scope | null } | null;

const BASE_SCOPE: Scope = { prefix: "xml", uri: XML_NAMESPACE, parent: null };

/** Whether an attribute name declares a namespace (xmlns or xmlns:prefix). */
function isXmlns(qname: string): boolean {
  return qname.charCodeAt(0) === 0x78 && (qname === "xmlns" || qname.startsWith("xmlns:"));
}

function isWhitespace(b: number): boolean {
  return b === SPACE || b === LF || b === TAB || b === CR;
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function lookup(scope: Scope, prefix: string): string | undefined {
  for (let s = scope; s; s = s.parent) if (s.prefix === prefix) return s.uri;
  return undefined;
}

/** Length of the longest prefix of `buf` that ends on a UTF-8 character boundary. */
function completeUtf8Length(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back]!;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? n - back : n;
    }
  }
  return n;
}

function describeEncoding(head: Buffer): string | undefined {
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return "UTF-16 (big-endian byte order mark)";
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0)
    return "UTF-32 (little-endian byte order mark)";
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe)
    return "UTF-16 (little-endian byte order mark)";
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff)
    return "UTF-32 (big-endian byte order mark)";
  if (head.length >= 2 && head[0] === 0 && head[1] === LT) return "UTF-16 (big-endian, detected)";
  if (head.length >= 2 && head[0] === LT && head[1] === 0) return "UTF-16 (little-endian, detected)";
  return undefined;
}

/**
 * A strict, streaming, non-validating XML 1.0 reader for test reports.
 * Refuses DOCTYPE (so no entity is ever defined or expanded), processing instructions other than the XML
 * declaration, encodings other than UTF-8, and documents past the configured limits.
 */
class Reader {
  private buf: Buffer = Buffer.alloc(0);
  /** Absolute offset of buf[0]. */
  private base = 0;
  private pos = 0;
  /** Absolute offset up to which raw bytes went to onRaw. */
  private flushed = 0;
  private newlinesBeforeBase = 0;
  /** Line feeds are counted as the input goes by (false: only for an error, see ReadOptions.reread). */
  private readonly countLines: boolean;
  /** Bytes were dropped without their line feeds counted: an error's line needs a second reading. */
  private uncounted = false;
  /** Where the opener continueSection put in front ends: offsets before it are not the input's. */
  private syntheticEnd = 0;
  private eof = false;
  private started = false;
  private sniffed = false;
  /** Characters between the start of the current line and `base`, when the line starts before it. */
  private columnBeforeBase = 0;
  private bomLength = 0;
  private depth = 0;
  /** The qnames of the open elements, and the scope outside each (two arrays: no object per element). */
  private readonly openNames: string[] = [];
  private readonly outerScopes: Scope[] = [];
  /** The input after the stitch (see append): buf[tailAt..] holds tail[0..tailUsed). */
  private tail: Buffer | undefined;
  private tailAt = 0;
  private tailUsed = 0;
  private readonly marks: TextMarks = { count: 0, at: new Int32Array(256) };
  /** The text segment being read has more than MAX_MARKS marks: it is delivered without them. */
  private marksOverflow = false;
  /** The attributes of the start tag being read, RAW entries each: qname, value (null: as written), offset, value's from and to (reused). */
  private readonly raw: (string | number | null)[] = [];
  private readonly names: (string | undefined)[] = new Array<string | undefined>(NAME_CACHE_SIZE);
  /** Whether the last attribute value read is its bytes as written (no reference, no line end, no tab). */
  private valueAsWritten = false;
  private scope: Scope = BASE_SCOPE;
  private rootSeen = false;
  private rootClosed = false;
  /** Input not yet appended: the start of a character split across chunks, or the first bytes. */
  private pending: Buffer = Buffer.alloc(0);
  private total = 0;
  private readonly limits: ReadLimits;

  constructor(
    private readonly handler: XmlHandler,
    private readonly options: ReadOptions,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.countLines = options.reread === undefined;
  }

  async read(input: AsyncIterable<Buffer | string>): Promise<DocumentInfo> {
    try {
      for await (const piece of input) this.feed(piece);
      return this.end();
    } catch (e) {
      if (e instanceof Unplaced) throw await this.placed(e);
      throw e;
    }
  }

  /** The error with its line, counted on a second reading; without a line if the input cannot be read again. */
  private async placed(e: Unplaced): Promise<XmlError> {
    const { source, reread } = this.options;
    let line = 0;
    try {
      line = (await newlinesBefore(reread!(), e.offset)) + 1;
    } catch {
      return new XmlError(e.code, source, 0, 0, `${e.reason} (at byte ${e.offset})`);
    }
    return new XmlError(e.code, source, line, e.column, e.reason);
  }

  feed(piece: Buffer | string): void {
    const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
    if (chunk.length === 0) return;
    this.accept(chunk);
    this.run();
  }

  end(): DocumentInfo {
    this.eof = true;
    this.accept(Buffer.alloc(0));
    this.run();
    this.finish();
    return { bomLength: this.bomLength, size: this.total };
  }

  /**
   * Appends input to the buffer, validated as UTF-8 first: the tokenizer only ever sees whole, valid
   * characters, so every error position is exact whatever the chunking.
   */
  private accept(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.total > this.limits.maxBytes) {
      throw new XmlError(
        "limit-exceeded",
        this.options.source,
        0,
        0,
        `the file is larger than the ${this.limits.maxBytes}-byte limit`,
      );
    }
    if (this.pending.length > 0 && this.sniffed && !this.eof) {
      // A character split across chunks: complete it from the head of this chunk instead of copying all of it.
      const lead = this.pending[0]!;
      const need = (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2) - this.pending.length;
      if (need > 0 && need <= chunk.length) {
        const head = Buffer.concat([this.pending, chunk.subarray(0, need)]);
        if (isUtf8(head)) {
          this.pending = EMPTY;
          return this.append(head, chunk.subarray(need));
        }
      }
    }
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (!this.sniffed) {
      // UTF-16 and UTF-32 are named from the first four bytes, before any UTF-8 check complains.
      if (data.length < 4 && !this.eof) {
        this.pending = Buffer.from(data);
        return;
      }
      this.sniffed = true;
      const odd = describeEncoding(data);
      if (odd)
        throw new XmlError(
          "unsupported-encoding",
          this.options.source,
          1,
          1,
          `unsupported encoding ${odd}: reports must be UTF-8`,
        );
    }
    this.pending = EMPTY;
    this.append(EMPTY, data);
  }

  /**
   * Appends `head` (a whole, valid character or nothing) and the complete characters of `data` to the bytes not
   * yet consumed. Only the unfinished token and the first bytes of `data` are copied into one buffer (the
   * stitch); the reader moves on to `data` itself once past them.
   */
  private append(head: Buffer, data: Buffer): void {
    const complete = this.eof ? data.length : completeUtf8Length(data);
    if (complete < data.length) this.pending = Buffer.from(data.subarray(complete));
    const valid = data.subarray(0, complete);
    const rest = this.buf.subarray(this.pos);
    this.discardBefore(this.pos);
    const prefix = rest.length + head.length;
    if (prefix === 0) this.buf = valid;
    // A long unfinished token (past the stitch already) takes the whole chunk at once: growing the stitch would
    // parse it again from its start at every step.
    else if (valid.length <= STITCH || rest.length > STITCH) this.buf = Buffer.concat([rest, head, valid]);
    else {
      this.buf = Buffer.concat([rest, head, valid.subarray(0, STITCH)]);
      this.tail = valid;
      this.tailAt = prefix;
      this.tailUsed = STITCH;
    }
    if (!isUtf8(valid)) {
      const at = firstInvalidUtf8(valid);
      this.invalidUtf8(this.base + prefix + at, valid[at]!);
    }
  }

  /** The stitch is consumed up to the start of `tail`: go on in `tail` itself. */
  private switchToTail(): void {
    this.discardBefore(this.tailAt);
    this.buf = this.tail!;
    this.tail = undefined;
  }

  /** A token runs past the stitch: append more of `tail` to it (all of it, eventually). */
  private growStitch(): void {
    const tail = this.tail!;
    const used = Math.min(tail.length, this.tailUsed * 4);
    this.buf = Buffer.concat([this.buf, tail.subarray(this.tailUsed, used)]);
    this.tailUsed = used;
    if (used === tail.length) this.tail = undefined;
  }

  private discardBefore(pos: number): void {
    if (pos === 0) return;
    this.flush(this.base + pos);
    this.forget(pos);
    this.base += pos;
    this.pos -= pos;
  }

  /** Keeps line and column bookkeeping for the first `n` bytes of the buffer, about to be dropped. */
  private forget(n: number): void {
    const lastLf = this.buf.lastIndexOf(LF, n - 1);
    if (lastLf < 0) {
      this.columnBeforeBase += charCount(this.buf, 0, n);
      return;
    }
    if (this.countLines) this.newlinesBeforeBase += countNewlines(this.buf, 0, n);
    else this.uncounted = true;
    this.columnBeforeBase = charCount(this.buf, lastLf + 1, n);
  }

  private flush(upTo: number): void {
    if (!this.options.onRaw || upTo <= this.flushed) return;
    this.options.onRaw(this.buf.subarray(this.flushed - this.base, upTo - this.base));
    this.flushed = upTo;
  }

  private invalidUtf8(offset: number, byte: number): never {
    const hint =
      byte >= 0x80 && byte < 0xc0
        ? "a continuation byte without a lead byte"
        : "a byte sequence that is not UTF-8";
    return this.failAt(
      "unsupported-encoding",
      offset,
      `invalid UTF-8: byte 0x${byte.toString(16).padStart(2, "0")} at byte offset ${offset} is ${hint} (the file must be UTF-8 encoded)`,
    );
  }

  private run(): void {
    for (;;) {
      try {
        if (!this.started && !this.start()) {
          if (this.tail === undefined) return;
          this.absorbTail();
          continue;
        }
        while (this.pos < this.buf.length) {
          if (this.tail !== undefined && this.pos >= this.tailAt) this.switchToTail();
          if (this.buf[this.pos] === LT) this.markup();
          else this.characters();
        }
        if (this.tail === undefined) break;
        this.switchToTail();
      } catch (e) {
        if (e !== NEED_MORE) throw e;
        if (this.tail !== undefined) {
          if (this.pos >= this.tailAt) this.switchToTail();
          else this.growStitch();
          continue;
        }
        if (this.eof) this.truncated();
        break;
      }
    }
    this.flush(this.base + this.pos);
  }

  /** The rest of `tail` appended to the stitch: the buffer is whole again (offsets unchanged). */
  private absorbTail(): void {
    if (this.tail === undefined) return;
    this.buf = Buffer.concat([this.buf, this.tail.subarray(this.tailUsed)]);
    this.tail = undefined;
  }

  private truncated(): never {
    const what =
      this.depth > 0 ? `<${this.openNames[this.openNames.length - 1]}> is not closed` : "unfinished markup";
    return this.failAt("not-well-formed", this.base + this.pos, `unexpected end of file: ${what}`);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw NEED_MORE;
  }

  /** The byte order mark and the XML declaration; nothing is consumed until both can be decided. */
  private start(): boolean {
    const buf = this.buf;
    // A BOM and "<?xml " take 9 bytes.
    if (buf.length < 9 && !this.eof) return false;
    if (buf.length === 0) this.failAt("not-well-formed", 0, "the file is empty (no root element)");
    const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    let pos = bom;
    if (buf.toString("latin1", bom, bom + 5) === "<?xml" && isWhitespace(buf[bom + 5] ?? 0)) {
      const end = buf.indexOf("?>", bom);
      if (end < 0) {
        if (!this.eof && buf.length < 4096) return false;
        this.failAt("not-well-formed", this.base + bom, "the XML declaration is not closed with ?>");
      }
      this.declaration(buf.toString("latin1", bom + 5, end), bom);
      pos = end + 2;
    }
    this.bomLength = bom;
    this.pos = pos;
    this.started = true;
    return true;
  }

  private declaration(body: string, at: number): void {
    const re = /^\s+(version|encoding|standalone)\s*=\s*(?:"([^"]*)"|'([^']*)')/;
    let rest = body;
    const seen: Record<string, string> = {};
    while (rest.trim() !== "") {
      const m = re.exec(rest);
      if (!m) this.failAt("not-well-formed", at, `malformed XML declaration: <?xml${body}?>`);
      seen[m[1]!] = m[2] ?? m[3] ?? "";
      rest = rest.slice(m[0].length);
    }
    if (!seen.version || !/^1\.[0-9]+$/.test(seen.version)) {
      this.failAt("not-well-formed", at, "the XML declaration has no valid version");
    }
    const encoding = seen.encoding;
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
      this.failAt(
        "unsupported-encoding",
        at,
        `unsupported encoding "${encoding}" declared: reports must be UTF-8 (convert the file, e.g. with iconv -f ${encoding} -t UTF-8, and fix the declaration)`,
      );
    }
  }

  private markup(): void {
    this.need(2);
    const next = this.buf[this.pos + 1]!;
    if (next === SLASH) return this.endTag();
    if (next === QMARK) return this.processingInstruction();
    if (next === BANG) return this.bang();
    return this.startTag();
  }

  private bang(): void {
    this.need(4);
    const buf = this.buf;
    const p = this.pos;
    if (buf[p + 2] === 0x2d && buf[p + 3] === 0x2d) return this.comment();
    this.need(9);
    const word = buf.subarray(p, p + 9).toString("latin1");
    if (word === "<![CDATA[") {
      if (this.depth === 0) this.fail("not-well-formed", "a CDATA section outside the document element");
      return this.cdata();
    }
    if (word === "<!DOCTYPE") {
      this.fail(
        "forbidden-construct",
        "DOCTYPE declarations are not allowed in a test report (they can define entities: XXE, entity expansion)",
      );
    }
    if (/^<!(ENTITY|ELEMENT|ATTLIST|NOTATION)/.test(word)) {
      this.fail("forbidden-construct", `markup declarations (${word.slice(2).trim()}) are not allowed`);
    }
    this.fail("not-well-formed", "'<!' must start a comment or a CDATA section");
  }

  private comment(): void {
    const buf = this.buf;
    const from = this.pos + 4;
    const dashes = buf.indexOf("--", from);
    if (dashes < 0 || dashes + 2 >= buf.length) {
      // Keep a possible "-" and the last bytes of a character U+FFFE/U+FFFF check needs.
      const safe = dashes < 0 ? buf.length - 3 : Math.min(dashes, buf.length - 3);
      if (safe > from) {
        this.checkChars(from, safe);
        this.continueSection(safe, COMMENT_OPEN);
      }
      throw NEED_MORE;
    }
    this.checkChars(from, dashes);
    if (buf[dashes + 2] !== GT)
      this.failAt("not-well-formed", this.base + dashes, "'--' is not allowed inside a comment");
    this.pos = dashes + 3;
  }

  private processingInstruction(): void {
    const end = this.buf.indexOf("?>", this.pos + 2);
    const nameEnd = this.scanName(this.pos + 2);
    const target = this.buf.subarray(this.pos + 2, nameEnd).toString("utf8");
    if (target.toLowerCase() === "xml") {
      this.fail("not-well-formed", "the XML declaration is only allowed at the very start of the file");
    }
    if (end < 0 && !this.eof && nameEnd >= this.buf.length) throw NEED_MORE;
    this.fail(
      "forbidden-construct",
      `processing instruction <?${target}?> is not allowed (only the XML declaration is)`,
    );
  }

  private cdata(): void {
    const buf = this.buf;
    const from = this.pos + 9;
    const close = buf.indexOf("]]>", from);
    if (close < 0) {
      // Hand over what is certainly content, ending on a character boundary; keep a possible partial
      // "]]>", a CR whose LF may follow, and room for the U+FFFE/U+FFFF check.
      let safe = Math.max(from, buf.length - 3);
      while (safe > from && (buf[safe]! & 0xc0) === 0x80) safe--;
      if (safe > from && buf[safe - 1] === CR) safe--;
      if (safe > from) {
        this.checkChars(from, safe);
        this.handler.text(buf.subarray(from, safe), true);
        this.continueSection(safe, CDATA_OPEN);
      }
      throw NEED_MORE;
    }
    this.checkChars(from, close);
    if (close > from) this.handler.text(buf.subarray(from, close), true);
    this.pos = close + 3;
  }

  /**
   * Lets a long comment or CDATA section be read in bounded memory: the bytes before `at` are done with,
   * and the buffer becomes `opener` + the rest, so the next pass resumes inside the same section.
   */
  private continueSection(at: number, opener: Buffer): void {
    this.absorbTail();
    this.flush(this.base + at);
    const rest = this.buf.subarray(at);
    this.forget(at);
    // The opener stands in for bytes already read on this line.
    this.columnBeforeBase -= opener.length;
    this.base += at - opener.length;
    this.flushed = this.base + opener.length;
    this.syntheticEnd = this.flushed;
    this.buf = Buffer.concat([opener, rest]);
    this.pos = 0;
  }

  private characters(): void {
    const buf = this.buf;
    const start = this.pos;
    if (this.depth === 0) return this.outsideRoot();
    const n = buf.length;
    // Where canonical text rewrites a byte, so that the canonicalizer need not scan the text again.
    const marks = this.marks;
    marks.count = 0;
    this.marksOverflow = false;
    let i = skipText(buf, start, n);
    while (i < n) {
      const b = buf[i]!;
      if (TEXT_STOP[b] === 0) {
        i = skipText(buf, i + 1, n);
        continue;
      }
      if (b === LT) break;
      if (b === GT || b === CR) {
        this.mark(i - start);
        i = skipText(buf, i + 1, n);
        continue;
      }
      if (b === AMP) {
        const end = this.reference(i);
        if (end < 0) break;
        if (!isSelfCanonical(buf, i + 1, end - 1)) this.mark(i - start);
        i = skipText(buf, end, n);
        continue;
      }
      if (b === RSQB) {
        if (i + 2 >= n && !this.eof) break;
        if (buf[i + 1] === RSQB && buf[i + 2] === GT) {
          this.failAt(
            "not-well-formed",
            this.base + i,
            "']]>' is not allowed in text (it ends a CDATA section)",
          );
        }
        i = skipText(buf, i + 1, n);
        continue;
      }
      if (b === 0xef) {
        if (i + 2 >= n && !this.eof) break;
        if (buf[i + 1] === 0xbf && (buf[i + 2] === 0xbe || buf[i + 2] === 0xbf)) {
          this.failAt(
            "not-well-formed",
            this.base + i,
            `invalid character U+FFF${buf[i + 2] === 0xbe ? "E" : "F"}`,
          );
        }
        i = skipText(buf, i + 1, n);
        continue;
      }
      this.failAt(
        "not-well-formed",
        this.base + i,
        `invalid character U+${hex4(b)} (control characters are not allowed in XML 1.0)`,
      );
    }
    // A CR at the end may be the first half of a CRLF: it goes with the next chunk.
    if (i === n && !this.eof && buf[i - 1] === CR) {
      i--;
      if (marks.count > 0 && marks.at[marks.count - 1] === i - start) marks.count--;
    }
    if (i > start) {
      this.handler.text(buf.subarray(start, i), false, this.marksOverflow ? undefined : marks);
      this.pos = i;
    }
    if (i === n || buf[i] !== LT) throw NEED_MORE;
  }

  private mark(offset: number): void {
    const marks = this.marks;
    if (marks.count === marks.at.length) {
      // Bounded: past MAX_MARKS the segment goes without marks (the canonicalizer scans it itself), so a text of
      // millions of '>' read in one piece (a submission, a queue entry) does not cost several times its size.
      if (marks.count >= MAX_MARKS) {
        this.marksOverflow = true;
        return;
      }
      const bigger = new Int32Array(marks.at.length * 2);
      bigger.set(marks.at);
      marks.at = bigger;
    }
    marks.at[marks.count++] = offset;
  }

  private outsideRoot(): void {
    const buf = this.buf;
    let i = this.pos;
    while (i < buf.length && isWhitespace(buf[i]!)) i++;
    if (i < buf.length && buf[i] !== LT) {
      const what = this.rootClosed ? "after the document element" : "before the document element";
      this.failAt("not-well-formed", this.base + i, `text is not allowed ${what}`);
    }
    this.pos = i;
    if (i === buf.length && !this.eof) throw NEED_MORE;
  }

  /** Validates the reference at `amp`; returns the offset after it, or -1 when more input is needed. */
  private reference(amp: number): number {
    const buf = this.buf;
    // A reference is at most 40 bytes: look no further for its ';'.
    const stop = Math.min(buf.length, amp + 41);
    let semi = amp + 1;
    while (semi < stop && buf[semi] !== SEMI) semi++;
    if (semi === stop) semi = stop === buf.length ? -1 : semi;
    if (semi < 0 || semi - amp > 40) {
      if (semi < 0 && buf.length - amp <= 40 && !this.eof) return -1;
      this.failAt(
        "not-well-formed",
        this.base + amp,
        "'&' must start a reference such as &amp; (escape a literal & as &amp;)",
      );
    }
    if (!isPredefined(buf, amp + 1, semi)) this.decodeReference(buf.toString("latin1", amp + 1, semi), amp);
    return semi + 1;
  }

  private decodeReference(body: string, amp: number): string {
    if (body.charCodeAt(0) === HASH) {
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
      const cp = m ? parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10) : NaN;
      if (!m || !isXmlChar(cp)) {
        this.failAt(
          "not-well-formed",
          this.base + amp,
          `&${body}; does not refer to a character allowed in XML 1.0`,
        );
      }
      return String.fromCodePoint(cp);
    }
    const value = PREDEFINED[body];
    if (value === undefined) {
      this.failAt(
        "forbidden-construct",
        this.base + amp,
        `undefined entity &${body}; (only &lt; &gt; &amp; &quot; &apos; and character references are allowed)`,
      );
    }
    return value;
  }

  private checkChars(from: number, to: number): void {
    const buf = this.buf;
    for (let i = from; i < to; i++) {
      const b = buf[i]!;
      if (b >= 0x20 && b !== 0xef) continue;
      if (b === TAB || b === LF || b === CR) continue;
      if (b === 0xef) {
        if (buf[i + 1] === 0xbf && (buf[i + 2] === 0xbe || buf[i + 2] === 0xbf)) {
          this.failAt(
            "not-well-formed",
            this.base + i,
            `invalid character U+FFF${buf[i + 2] === 0xbe ? "E" : "F"}`,
          );
        }
        continue;
      }
      this.failAt(
        "not-well-formed",
        this.base + i,
        `invalid character U+${hex4(b)} (control characters are not allowed in XML 1.0)`,
      );
    }
  }

  private scanName(from: number): number {
    const buf = this.buf;
    if (from >= buf.length) throw NEED_MORE;
    if (NAME_START[buf[from]!] === 0) return from;
    let i = from + 1;
    while (i < buf.length && NAME_CHAR[buf[i]!] === 1) i++;
    if (i === buf.length && !this.eof) throw NEED_MORE;
    return i;
  }

  private skipSpace(from: number): number {
    const buf = this.buf;
    let i = from;
    while (i < buf.length && isWhitespace(buf[i]!)) i++;
    if (i === buf.length) throw NEED_MORE;
    return i;
  }

  private startTag(): void {
    const buf = this.buf;
    const start = this.pos;
    const nameEnd = this.scanName(start + 1);
    if (nameEnd === start + 1) {
      this.failAt("not-well-formed", this.base + start, "'<' must start a tag (escape a literal < as &lt;)");
    }
    if (this.rootClosed)
      this.failAt("not-well-formed", this.base + start, "a second document element after the first one");
    const qname = this.name(start + 1, nameEnd);
    const raw = this.raw;
    raw.length = 0;
    let i = nameEnd;
    let selfClosing = false;
    // Whether the tag so far is canonical as written (see verbatimTag), and where `<name attrs` ends.
    let verbatim = true;
    let verbatimTo = -1;
    for (;;) {
      const afterSpace = this.skipSpace(i);
      const b = buf[afterSpace]!;
      if (b === GT || b === SLASH) verbatimTo = verbatim && afterSpace === i ? afterSpace : -1;
      if (b === GT) {
        i = afterSpace + 1;
        break;
      }
      if (b === SLASH) {
        this.need(afterSpace - this.pos + 2);
        if (buf[afterSpace + 1] !== GT)
          this.failAt("not-well-formed", this.base + afterSpace, "expected '/>'");
        selfClosing = true;
        i = afterSpace + 2;
        break;
      }
      if (afterSpace === i) {
        this.failAt(
          "not-well-formed",
          this.base + afterSpace,
          `expected whitespace, '>' or '/>' in the tag <${qname}>`,
        );
      }
      const attrEnd = this.scanName(afterSpace);
      if (attrEnd === afterSpace) {
        this.failAt("not-well-formed", this.base + afterSpace, `invalid character in the tag <${qname}>`);
      }
      const attrName = this.name(afterSpace, attrEnd);
      const eq = this.skipSpace(attrEnd);
      if (buf[eq] !== EQ)
        this.failAt("not-well-formed", this.base + eq, `attribute ${attrName} has no '=' and value`);
      const q = this.skipSpace(eq + 1);
      const quote = buf[q];
      if (quote !== QUOT && quote !== APOS) {
        this.failAt("not-well-formed", this.base + q, `the value of attribute ${attrName} must be quoted`);
      }
      const close = closingQuote(buf, q + 1, quote);
      if (close < 0) {
        if (buf.length - q > this.limits.maxAttributeBytes) this.attributeTooLong(attrName, q);
        throw NEED_MORE;
      }
      if (close - q - 1 > this.limits.maxAttributeBytes) this.attributeTooLong(attrName, q);
      raw.push(attrName, this.attributeValue(q + 1, close, attrName), afterSpace, q + 1, close);
      verbatim =
        verbatim &&
        afterSpace === i + 1 &&
        buf[i] === SPACE &&
        eq === attrEnd &&
        q === eq + 1 &&
        quote === QUOT &&
        this.valueAsWritten;
      i = close + 1;
    }
    this.openElement(qname, raw, start, i, selfClosing, verbatimTo);
  }

  /**
   * The name in buf[from..to) as a string; short ASCII names (element and attribute names repeat throughout a
   * report) come from a small cache instead of a new string each time.
   */
  private name(from: number, to: number): string {
    const buf = this.buf;
    const len = to - from;
    if (len > 64) return buf.toString("utf8", from, to);
    let h = len;
    let high = 0;
    for (let i = from; i < to; i++) {
      const b = buf[i]!;
      high |= b;
      h = (Math.imul(h, 31) + b) | 0;
    }
    if (high >= 0x80) return buf.toString("utf8", from, to);
    const slot = h & (NAME_CACHE_SIZE - 1);
    const cached = this.names[slot];
    if (cached !== undefined && cached.length === len) {
      let j = 0;
      while (j < len && cached.charCodeAt(j) === buf[from + j]) j++;
      if (j === len) return cached;
    }
    const s = buf.toString("latin1", from, to);
    this.names[slot] = s;
    return s;
  }

  private attributeTooLong(name: string, at: number): never {
    return this.failAt(
      "limit-exceeded",
      this.base + at,
      `the value of attribute ${name} is longer than the ${this.limits.maxAttributeBytes}-byte limit`,
    );
  }

  /** The value of an attribute, or null when it is its bytes as written (then decoded only if read). */
  private attributeValue(from: number, to: number, name: string): string | null {
    const buf = this.buf;
    let out = "";
    let runStart = from;
    for (let i = from; i < to; i++) {
      const b = buf[i]!;
      if (b >= 0x20 && b !== AMP && b !== LT && b !== 0xef) continue;
      if (b === LT) {
        this.failAt(
          "not-well-formed",
          this.base + i,
          `'<' is not allowed in the value of attribute ${name} (escape it as &lt;)`,
        );
      }
      if (b === 0xef) {
        this.checkChars(i, i + 1);
        continue;
      }
      out += buf.toString("utf8", runStart, i);
      if (b === AMP) {
        const semi = buf.indexOf(SEMI, i + 1);
        if (semi < 0 || semi > to || semi - i > 40) {
          this.failAt(
            "not-well-formed",
            this.base + i,
            `'&' in the value of attribute ${name} must start a reference such as &amp;`,
          );
        }
        out += this.decodeReference(buf.subarray(i + 1, semi).toString("latin1"), i);
        i = semi;
      } else if (b === CR) {
        out += " ";
        if (buf[i + 1] === LF && i + 1 < to) i++;
      } else if (b === LF || b === TAB) {
        out += " ";
      } else {
        this.checkChars(i, i + 1);
      }
      runStart = i + 1;
    }
    this.valueAsWritten = runStart === from;
    return runStart === from ? null : out + buf.toString("utf8", runStart, to);
  }

  /**
   * `raw` holds each attribute as three entries: its qname, its value and its offset. buf[start..verbatimTo) is
   * canonical as written if no namespace is declared or used by an attribute (-1: it is not).
   */
  private openElement(
    qname: string,
    raw: (string | number | null)[],
    start: number,
    end: number,
    selfClosing: boolean,
    verbatimTo = -1,
  ): void {
    let namespaces: NamespaceDeclaration[] = NO_NAMESPACES;
    let scope = this.scope;
    let prefixed = false;
    const count = raw.length;
    for (let k = 0; k < count; k += RAW) {
      const q = raw[k] as string;
      const decl = isXmlns(q) ? (q.length === 5 ? "" : q.slice(6)) : null;
      if (decl === "" && q.length !== 5)
        this.failAt(
          "not-well-formed",
          this.base + (raw[k + 2] as number),
          'xmlns:="…" has an empty prefix, which XML namespaces do not allow: write xmlns="…" for a default namespace',
        );
      if (decl === null) {
        if (!prefixed && q.indexOf(":") >= 0) prefixed = true;
        continue;
      }
      const value = this.rawValue(raw, k);
      this.checkNamespaceDeclaration(decl, value, raw[k + 2] as number);
      if (namespaces === NO_NAMESPACES) namespaces = [];
      namespaces.push({ prefix: decl, uri: value });
      scope = { prefix: decl, uri: value, parent: scope };
    }
    const colon = qname.indexOf(":");
    const prefix = colon < 0 ? "" : this.prefixOf(qname, colon, start);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    const ns = this.resolve(scope, prefix, qname, start, true);
    const attributes: Attribute[] = [];
    const seen = count > 16 * RAW ? new Set<string>() : undefined;
    const buf = this.buf;
    for (let k = 0; k < count; k += RAW) {
      const q = raw[k] as string;
      const at = raw[k + 2] as number;
      if (seen ? seen.has(q) : this.seenBefore(raw, k))
        this.failAt("not-well-formed", this.base + at, `attribute ${q} appears twice`);
      seen?.add(q);
      if (isXmlns(q)) continue;
      const value = raw[k + 1] as string | null;
      const from = raw[k + 3] as number;
      const to = raw[k + 4] as number;
      const c = prefixed ? q.indexOf(":") : -1;
      if (c < 0) {
        attributes.push(new ReadAttribute(q, "", q, "", value, value === null ? buf : EMPTY, from, to));
        continue;
      }
      const p = this.prefixOf(q, c, at);
      const attrNs = this.resolve(scope, p, q, at, false);
      attributes.push(
        new ReadAttribute(q, p, q.slice(c + 1), attrNs, value, value === null ? buf : EMPTY, from, to),
      );
    }
    if (prefixed) this.checkExpandedNames(attributes, start);
    const depth = this.depth + 1;
    if (depth > this.limits.maxDepth) {
      this.failAt(
        "limit-exceeded",
        this.base + start,
        `elements are nested deeper than the limit of ${this.limits.maxDepth}`,
      );
    }
    if (depth === 1) this.rootSeen = true;
    const tag: StartTag = {
      qname,
      prefix,
      local,
      ns,
      attributes,
      namespaces,
      start: this.base + start,
      end: this.base + end,
      selfClosing,
      depth,
    };
    this.pos = end;
    if (verbatimTo >= 0 && namespaces === NO_NAMESPACES && !prefixed) {
      verbatimTag.tag = tag;
      verbatimTag.bytes = this.buf;
      verbatimTag.from = start;
      verbatimTag.to = verbatimTo;
      try {
        this.handler.startElement(tag);
      } finally {
        verbatimTag.tag = undefined;
        verbatimTag.bytes = EMPTY;
      }
    } else {
      this.handler.startElement(tag);
    }
    if (selfClosing) {
      this.handler.endElement({ qname, start: tag.end, end: tag.end, depth });
      if (depth === 1) this.rootClosed = true;
      return;
    }
    this.openNames.push(qname);
    this.outerScopes.push(this.scope);
    this.scope = scope;
    this.depth = depth;
  }

  /** Whether the attribute at raw[k] has the name of one before it. */
  private seenBefore(raw: (string | number | null)[], k: number): boolean {
    const q = raw[k];
    for (let j = 0; j < k; j += RAW) if (raw[j] === q) return true;
    return false;
  }

  /** The value of the attribute at raw[k], decoded now. */
  private rawValue(raw: (string | number | null)[], k: number): string {
    return (
      (raw[k + 1] as string | null) ?? this.buf.toString("utf8", raw[k + 3] as number, raw[k + 4] as number)
    );
  }

  private checkNamespaceDeclaration(prefix: string, uri: string, at: number): void {
    if (prefix === "xmlns")
      this.failAt("not-well-formed", this.base + at, "the prefix xmlns must not be declared");
    if (prefix === "xml" && uri !== XML_NAMESPACE) {
      this.failAt("not-well-formed", this.base + at, "the prefix xml must not be bound to another namespace");
    }
    if (prefix !== "xml" && (uri === XML_NAMESPACE || uri === XMLNS_NAMESPACE)) {
      this.failAt(
        "not-well-formed",
        this.base + at,
        `the namespace ${uri} must not be bound to the prefix ${prefix || "(default)"}`,
      );
    }
    if (prefix !== "" && uri === "") {
      this.failAt(
        "not-well-formed",
        this.base + at,
        `xmlns:${prefix}="" is not allowed in XML 1.0 namespaces`,
      );
    }
  }

  private checkExpandedNames(attributes: Attribute[], at: number): void {
    if (attributes.length < 2) return;
    const names = new Set<string>();
    for (const a of attributes) {
      const key = `${a.ns}|${a.local}`;
      if (names.has(key))
        this.failAt("not-well-formed", this.base + at, `attribute {${a.ns}}${a.local} appears twice`);
      names.add(key);
    }
  }

  /** The prefix of a qname with a colon at `colon`, which must be a valid namespaced name. */
  private prefixOf(qname: string, colon: number, at: number): string {
    if (colon === 0 || colon === qname.length - 1 || qname.indexOf(":", colon + 1) >= 0) {
      this.failAt("not-well-formed", this.base + at, `${qname} is not a valid namespaced name`);
    }
    return qname.slice(0, colon);
  }

  private resolve(scope: Scope, prefix: string, qname: string, at: number, element: boolean): string {
    if (prefix === "") return element ? (lookup(scope, "") ?? "") : "";
    const uri = lookup(scope, prefix);
    if (uri === undefined || uri === "") {
      this.failAt("not-well-formed", this.base + at, `the prefix ${prefix} of ${qname} is not declared`);
    }
    return uri;
  }

  private endTag(): void {
    const buf = this.buf;
    const start = this.pos;
    const nameEnd = this.scanName(start + 2);
    // Usually the name of the open element: compared in place, no string looked up for it.
    const expected = this.openNames[this.openNames.length - 1];
    const qname =
      expected !== undefined && sameAscii(buf, start + 2, nameEnd, expected)
        ? expected
        : this.name(start + 2, nameEnd);
    const gt = this.skipSpace(nameEnd);
    if (buf[gt] !== GT) this.failAt("not-well-formed", this.base + gt, `expected '>' to close </${qname}`);
    const open = this.openNames.pop();
    if (open === undefined)
      this.failAt("not-well-formed", this.base + start, `end tag </${qname}> without a start tag`);
    if (open !== qname) {
      this.failAt(
        "not-well-formed",
        this.base + start,
        `end tag </${qname}> does not match the start tag <${open}>`,
      );
    }
    this.scope = this.outerScopes.pop()!;
    const depth = this.depth;
    this.depth--;
    this.pos = gt + 1;
    this.handler.endElement({ qname, start: this.base + start, end: this.base + gt + 1, depth });
    if (depth === 1) this.rootClosed = true;
  }

  private finish(): void {
    if (!this.rootSeen)
      this.failAt(
        "not-well-formed",
        this.base + this.pos,
        "no document element: the file holds no XML element",
      );
    if (this.depth > 0) this.truncated();
  }

  private fail(code: XmlErrorCode, reason: string): never {
    return this.failAt(code, this.base + this.pos, reason);
  }

  private failAt(code: XmlErrorCode, offset: number, reason: string): never {
    const local = Math.max(0, Math.min(offset - this.base, this.buf.length));
    const lineStart = local > 0 ? this.buf.lastIndexOf(LF, local - 1) : -1;
    const column =
      lineStart >= 0
        ? charCount(this.buf, lineStart + 1, local) + 1
        : this.columnBeforeBase + charCount(this.buf, 0, local) + 1;
    // The input's own offset (inside the opener continueSection put in front: where the section went on).
    if (this.uncounted)
      throw new Unplaced(code, Math.max(this.base + local, this.syntheticEnd), column, reason);
    const line = this.newlinesBeforeBase + countNewlines(this.buf, 0, local) + 1;
    throw new XmlError(code, this.options.source, line, column, reason);
  }
}

/** Whether buf[from..semi) is one of lt, gt, amp, quot, apos. */
function isPredefined(buf: Buffer, from: number, semi: number): boolean {
  const len = semi - from;
  const c = buf[from];
  if (len === 2) return buf[from + 1] === 0x74 && (c === 0x6c || c === 0x67);
  if (len === 3) return c === 0x61 && buf[from + 1] === 0x6d && buf[from + 2] === 0x70;
  if (len === 4) {
    return (
      (c === 0x71 && buf[from + 1] === 0x75 && buf[from + 2] === 0x6f && buf[from + 3] === 0x74) ||
      (c === 0x61 && buf[from + 1] === 0x70 && buf[from + 2] === 0x6f && buf[from + 3] === 0x73)
    );
  }
  return false;
}

/** Whether buf[from..semi) is lt, gt or amp: references canonical text keeps as they are. */
export function isSelfCanonical(buf: Buffer, from: number, semi: number): boolean {
  const len = semi - from;
  if (len === 2) return buf[from + 1] === 0x74 && (buf[from] === 0x6c || buf[from] === 0x67);
  return len === 3 && buf[from] === 0x61 && buf[from + 1] === 0x6d && buf[from + 2] === 0x70;
}

function hex4(b: number): string {
  return b.toString(16).toUpperCase().padStart(4, "0");
}

/** Characters (not bytes) in buf[from..to): every byte but UTF-8 continuation bytes starts one. */
function charCount(buf: Buffer, from: number, to: number): number {
  if (isAscii(buf.subarray(from, to))) return to - from;
  let n = 0;
  for (let i = from; i < to; i++) if ((buf[i]! & 0xc0) !== 0x80) n++;
  return n;
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let i = from;
  const offset = buf.byteOffset;
  if (to - from >= 64) {
    while (((offset + i) & 3) !== 0) if (buf[i++] === LF) n++;
    const w = wordView(buf);
    const last = ((offset + to) >> 2) - 1;
    let k = (offset + i) >> 2;
    while (k <= last) {
      // Without a branch per word: each byte of acc counts the line feeds in that byte lane, for at most 255
      // words (so no lane overflows into the next), then the four lanes are added.
      const end = Math.min(last + 1, k + 255);
      let acc = 0;
      for (; k < end; k++) {
        const y = w[k]! ^ 0x0a0a0a0a;
        // The high bit of each byte is set exactly where y has a zero byte (a line feed in the word).
        acc = (acc + ((~(((y & 0x7f7f7f7f) + 0x7f7f7f7f) | y) & 0x80808080) >>> 7)) | 0;
      }
      acc = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
      n += (acc & 0xffff) + (acc >>> 16);
    }
    i = ((last + 1) << 2) - offset;
  }
  for (; i < to; i++) if (buf[i] === LF) n++;
  return n;
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || !isUtf8(buf.subarray(i, i + len)) || i + len > buf.length) return i;
    i += len;
  }
  return buf.length;
}

/** Line feeds in the first `offset` bytes of `input` (read no further). */
async function newlinesBefore(input: AsyncIterable<Buffer | string>, offset: number): Promise<number> {
  let n = 0;
  let seen = 0;
  for await (const piece of input) {
    const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
    const take = Math.min(chunk.length, offset - seen);
    n += countNewlines(chunk, 0, take);
    seen += take;
    if (seen >= offset) return n;
  }
  if (seen < offset) throw new Error("the input is shorter the second time");
  return n;
}

/** Reads a document held in memory (a Signature, a test fixture), synchronously. */
export function readXmlSync(input: Buffer | string, handler: XmlHandler, options: ReadOptions): DocumentInfo {
  const reader = new Reader(handler, { ...options, reread: undefined });
  reader.feed(input);
  return reader.end();
}

/** Reads a whole document, delivering its events to `handler`; throws XmlError on the first problem. */
export function readXml(
  input: AsyncIterable<Buffer | string>,
  handler: XmlHandler,
  options: ReadOptions,
): Promise<DocumentInfo> {
  return new Reader(handler, options).read(input);
}

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  errorMessage
} from "./chunk-R6WRUTCP.js";
import {
  require_buffer
} from "./chunk-DPWUYGSE.js";
import {
  HttpClient
} from "./chunk-US7DMSZK.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-PGWA7IZW.js";

// require-builtin:stream/promises
var require_promises = __commonJS({
  "require-builtin:stream/promises"(exports, module) {
    module.exports = __require("node:stream/promises");
  }
});

// src/core/xml/errors.ts
var XmlError = class extends Error {
  constructor(code, source, line, column, reason) {
    super(line > 0 ? `${source}:${line}:${column}: ${reason}` : `${source}: ${reason}`);
    this.code = code;
    this.source = source;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
  code;
  source;
  line;
  column;
  reason;
  name = "XmlError";
};

// src/core/junit/outcome.ts
var RESULT = {
  error: "error",
  failure: "failed",
  skipped: "skipped",
  skip: "skipped"
};
var RANK = { passed: 0, skipped: 1, failed: 2, error: 3 };
function parseTime(value) {
  if (value === void 0) return 0;
  const t = Number(value.indexOf(",") < 0 ? value : value.replace(/,/g, ""));
  return Number.isFinite(t) && t > 0 ? t : 0;
}
var RETRY = /* @__PURE__ */ new Set([
  "flakyFailure",
  "flakyError",
  "rerunFailure",
  "rerunError"
]);
var TEST_OUTCOMES = ["passed", "failed", "error", "skipped", "flaky"];
function caseOutcome(status, retries) {
  return status === "passed" && retries > 0 ? "flaky" : status;
}
var PASSES = /* @__PURE__ */ new Set(["passed", "flaky"]);
var FAILS = /* @__PURE__ */ new Set(["failed", "error", "flaky"]);
function failedOnce(outcome) {
  return FAILS.has(outcome);
}
function mergeOutcomes(a, b) {
  const passes = PASSES.has(a) || PASSES.has(b);
  const fails = FAILS.has(a) || FAILS.has(b);
  if (passes && fails) return "flaky";
  if (fails) return a === "error" || b === "error" ? "error" : "failed";
  return passes ? "passed" : "skipped";
}

// src/core/junit/summary.ts
function countsOf(c) {
  return {
    tests: c.tests,
    passed: c.passed,
    failures: c.failures,
    errors: c.errors,
    skipped: c.skipped,
    time: c.time
  };
}
var MAX_NOTES = 50;
var MAX_SUITES = 1e4;
var MAX_PROPERTIES = 1e3;
var lastOf = /* @__PURE__ */ new WeakMap();
function keepProperty(list, property) {
  let last = lastOf.get(list);
  if (last === void 0) lastOf.set(list, last = /* @__PURE__ */ new Map());
  const at = last.get(property.name);
  if (list.length < MAX_PROPERTIES) {
    last.set(property.name, list.length);
    list.push(property);
  } else if (at !== void 0) list[at] = property;
}
function zero() {
  return { tests: 0, failures: 0, errors: 0, skipped: 0, passed: 0, time: 0 };
}
function declaredInt(tag, ...names) {
  for (const name of names) {
    const a = tag.attributes.find((x) => x.qname === name);
    if (a && /^\s*\d+\s*$/.test(a.value)) return Number(a.value);
  }
  return void 0;
}
function add(into, outcome, time) {
  into.tests++;
  into.time += time;
  if (outcome === "failed") into.failures++;
  else if (outcome === "error") into.errors++;
  else if (outcome === "skipped") into.skipped++;
  else into.passed++;
}
var Summarizer = class {
  constructor(source) {
    this.source = source;
  }
  source;
  totals = zero();
  root;
  suites = [];
  open = [];
  notes = [];
  rootDeclared = {};
  testcase;
  firstSuiteDepth;
  firstSuiteOpen = false;
  /** Depth of the <properties> of the first suite while it is open. */
  propertiesDepth;
  properties = [];
  looseResults = 0;
  suitesDropped = 0;
  startElement(tag) {
    if (tag.depth === 1) this.checkRoot(tag);
    if (tag.ns !== "") return;
    const name = tag.local;
    if (this.testcase) {
      if (tag.depth === this.testcase.depth + 1) {
        const outcome = RESULT[name];
        if (outcome && RANK[outcome] > RANK[this.testcase.outcome]) this.testcase.outcome = outcome;
      }
      return;
    }
    if (name === "testsuite") return this.openSuite(tag);
    if (name === "testcase") {
      const time = parseTime(tag.attributes.find((a) => a.qname === "time")?.value);
      this.testcase = { depth: tag.depth, outcome: "passed", time };
      return;
    }
    if (this.firstSuiteOpen && name === "properties" && tag.depth === this.firstSuiteDepth + 1) {
      this.propertiesDepth = tag.selfClosing ? void 0 : tag.depth;
    }
    if (name === "property" && this.propertiesDepth !== void 0 && tag.depth === this.propertiesDepth + 1) {
      this.collectProperty(tag);
    }
    if ((name === "error" || name === "failure") && this.open.length > 0) this.looseResults++;
  }
  endElement(tag) {
    if (tag.depth === this.propertiesDepth) this.propertiesDepth = void 0;
    if (this.firstSuiteOpen && tag.depth === this.firstSuiteDepth) this.firstSuiteOpen = false;
    if (this.testcase && tag.depth === this.testcase.depth) {
      const { outcome, time } = this.testcase;
      add(this.totals, outcome, time);
      for (const s of this.open) add(s.summary, outcome, time);
      this.testcase = void 0;
      return;
    }
    const top = this.open[this.open.length - 1];
    if (top && top.depth === tag.depth) {
      this.open.pop();
      this.compare(`suite "${top.summary.name}"`, top.declared, top.summary);
    }
  }
  text() {
  }
  summary() {
    if (!this.root) throw new Error("summary() before the document was read");
    this.compare("the report", this.rootDeclared, this.totals);
    if (this.suitesDropped > 0)
      this.note(`${this.suitesDropped} suites past the first ${MAX_SUITES} are counted but not listed`);
    if (this.looseResults > 0) {
      this.note(`${this.looseResults} <failure>/<error> element(s) outside any <testcase> (not counted)`);
    }
    return {
      ...this.totals,
      time: roundSeconds(this.totals.time),
      root: this.root,
      suites: this.suites.map((s) => ({ ...s, time: roundSeconds(s.time) })),
      properties: this.properties,
      discrepancies: this.notes
    };
  }
  checkRoot(tag) {
    if (tag.ns === "" && (tag.local === "testsuites" || tag.local === "testsuite")) {
      this.root = tag.local;
      if (tag.local === "testsuites") this.rootDeclared = this.declaredOf(tag);
      return;
    }
    const ns = tag.ns ? ` in namespace ${tag.ns}` : "";
    throw new XmlError(
      "not-junit",
      this.source,
      0,
      0,
      `not a JUnit report: the root element is <${tag.qname}>${ns}, expected <testsuites> or <testsuite>`
    );
  }
  openSuite(tag) {
    const attr = tag.attributes.find((a) => a.qname === "name");
    const summary = { name: attr?.value ?? "", level: this.open.length + 1, ...zero() };
    if (this.firstSuiteDepth === void 0) {
      this.firstSuiteDepth = tag.depth;
      this.firstSuiteOpen = !tag.selfClosing;
    }
    if (this.suites.length < MAX_SUITES) this.suites.push(summary);
    else this.suitesDropped++;
    const suite = { summary, declared: this.declaredOf(tag), depth: tag.depth };
    if (tag.selfClosing) {
      this.compare(`suite "${summary.name}"`, suite.declared, summary);
      return;
    }
    this.open.push(suite);
  }
  declaredOf(tag) {
    const declared = {};
    const tests = declaredInt(tag, "tests");
    const failures = declaredInt(tag, "failures");
    const errors = declaredInt(tag, "errors");
    const skipped = declaredInt(tag, "skipped", "skip", "skips");
    if (tests !== void 0) declared.tests = tests;
    if (failures !== void 0) declared.failures = failures;
    if (errors !== void 0) declared.errors = errors;
    if (skipped !== void 0) declared.skipped = skipped;
    return declared;
  }
  collectProperty(tag) {
    const name = tag.attributes.find((a) => a.qname === "name")?.value;
    const value = tag.attributes.find((a) => a.qname === "value")?.value;
    if (name !== void 0) keepProperty(this.properties, { name, value: value ?? "" });
  }
  compare(what, declared, counted) {
    for (const key of ["tests", "failures", "errors", "skipped"]) {
      const d = declared[key];
      if (d !== void 0 && d !== counted[key]) {
        this.note(`${what} declares ${key}="${d}" but ${counted[key]} were counted`);
      }
    }
  }
  note(text) {
    if (this.notes.length < MAX_NOTES) this.notes.push(text);
    else if (this.notes.length === MAX_NOTES) this.notes.push("(further discrepancies not listed)");
  }
};
function roundSeconds(t) {
  return Math.round(t * 1e6) / 1e6;
}

// src/core/deadline.ts
var DeadlineError = class extends Error {
  name = "DeadlineError";
};
async function within(work, ms, message) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(message)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

// src/core/version.ts
var VERSION = "0.1.0";
var TOOL_NAME = "jux-action";

// src/core/text.ts
var CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
var CONTROLS = new RegExp(CONTROL_CHARACTERS.source, "g");
function noWorkflowCommand(text) {
  return text.replaceAll("##[", "#\\u0023[").replace(/^(\s*):/, "$1\\u003a");
}
function globRegExp(glob, ignoreCase = false) {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
}

// src/core/xml/reader.ts
var import_node_buffer = __toESM(require_buffer(), 1);
var XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
var XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";
var verbatimTag = {
  tag: void 0,
  bytes: Buffer.alloc(0),
  from: 0,
  to: 0
};
var DEFAULT_LIMITS = {
  maxBytes: 2 * 1024 ** 3,
  maxDepth: 256,
  maxAttributeBytes: 10 * 1024 ** 2
};
var RAW = 5;
var ReadAttribute = class {
  constructor(qname, prefix, local, ns, decoded, bytes, from, to) {
    this.qname = qname;
    this.prefix = prefix;
    this.local = local;
    this.ns = ns;
    this.decoded = decoded;
    this.bytes = bytes;
    this.from = from;
    this.to = to;
  }
  qname;
  prefix;
  local;
  ns;
  decoded;
  bytes;
  from;
  to;
  get value() {
    return this.decoded ??= this.bytes.toString("utf8", this.from, this.to);
  }
};
var Unplaced = class {
  constructor(code, offset, column, reason) {
    this.code = code;
    this.offset = offset;
    this.column = column;
    this.reason = reason;
  }
  code;
  offset;
  column;
  reason;
};
var LT = 60;
var GT = 62;
var AMP = 38;
var SEMI = 59;
var QUOT = 34;
var APOS = 39;
var SLASH = 47;
var EQ = 61;
var QMARK = 63;
var BANG = 33;
var RSQB = 93;
var HASH = 35;
var LF = 10;
var CR = 13;
var TAB = 9;
var SPACE = 32;
var TEXT_SPECIAL = new Uint8Array(256);
for (let b = 0; b < 32; b++) TEXT_SPECIAL[b] = 1;
TEXT_SPECIAL[AMP] = 1;
TEXT_SPECIAL[GT] = 1;
TEXT_SPECIAL[RSQB] = 1;
TEXT_SPECIAL[239] = 1;
TEXT_SPECIAL[LT] = 1;
var TEXT_STOP = TEXT_SPECIAL.slice();
TEXT_STOP[LF] = 0;
TEXT_STOP[TAB] = 0;
var wordsOf;
var words = new Int32Array(0);
var wordsFor;
function wordView(buf) {
  if (wordsFor === buf) return words;
  wordsFor = buf;
  if (wordsOf !== buf.buffer) {
    wordsOf = buf.buffer;
    words = new Int32Array(buf.buffer, 0, buf.buffer.byteLength >> 2);
  }
  return words;
}
function closingQuote(buf, from, quote) {
  const near = Math.min(buf.length, from + 64);
  for (let i = from; i < near; i++) if (buf[i] === quote) return i;
  return near === buf.length ? -1 : buf.indexOf(quote, near);
}
function sameAscii(buf, from, to, s) {
  if (to - from !== s.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || buf[from + i] !== c) return false;
  }
  return true;
}
function skipText(buf, from, to) {
  for (let i = from; i < to; i++) if (TEXT_STOP[buf[i]] !== 0) return i;
  return to;
}
var NAME_CHAR = new Uint8Array(256);
for (let b = 128; b < 256; b++) NAME_CHAR[b] = 1;
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:") NAME_CHAR[c.charCodeAt(0)] = 1;
var NAME_START = NAME_CHAR.slice();
for (const c of "0123456789.-") NAME_CHAR[c.charCodeAt(0)] = 1;
var CDATA_OPEN = Buffer.from("<![CDATA[");
var NAME_CACHE_SIZE = 256;
var STITCH = 4096;
var MAX_MARKS = 16384;
var EMPTY = Buffer.alloc(0);
var NO_NAMESPACES = [];
var COMMENT_OPEN = Buffer.from("<!--");
var PREDEFINED = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
var NEED_MORE = /* @__PURE__ */ Symbol("need more input");
var BASE_SCOPE = { prefix: "xml", uri: XML_NAMESPACE, parent: null };
function isXmlns(qname) {
  return qname.charCodeAt(0) === 120 && (qname === "xmlns" || qname.startsWith("xmlns:"));
}
function isWhitespace(b) {
  return b === SPACE || b === LF || b === TAB || b === CR;
}
function isXmlChar(cp) {
  return cp === 9 || cp === 10 || cp === 13 || cp >= 32 && cp <= 55295 || cp >= 57344 && cp <= 65533 || cp >= 65536 && cp <= 1114111;
}
function lookup(scope, prefix) {
  for (let s = scope; s; s = s.parent) if (s.prefix === prefix) return s.uri;
  return void 0;
}
function completeUtf8Length(buf) {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back];
    if (b < 128) return n;
    if (b >= 192) {
      const need = b >= 240 ? 4 : b >= 224 ? 3 : 2;
      return need > back ? n - back : n;
    }
  }
  return n;
}
function describeEncoding(head) {
  if (head.length >= 2 && head[0] === 254 && head[1] === 255) return "UTF-16 (big-endian byte order mark)";
  if (head.length >= 4 && head[0] === 255 && head[1] === 254 && head[2] === 0 && head[3] === 0)
    return "UTF-32 (little-endian byte order mark)";
  if (head.length >= 2 && head[0] === 255 && head[1] === 254)
    return "UTF-16 (little-endian byte order mark)";
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 254 && head[3] === 255)
    return "UTF-32 (big-endian byte order mark)";
  if (head.length >= 2 && head[0] === 0 && head[1] === LT) return "UTF-16 (big-endian, detected)";
  if (head.length >= 2 && head[0] === LT && head[1] === 0) return "UTF-16 (little-endian, detected)";
  return void 0;
}
var Reader = class {
  constructor(handler, options) {
    this.handler = handler;
    this.options = options;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.countLines = options.reread === void 0;
  }
  handler;
  options;
  buf = Buffer.alloc(0);
  /** Absolute offset of buf[0]. */
  base = 0;
  pos = 0;
  /** Absolute offset up to which raw bytes went to onRaw. */
  flushed = 0;
  newlinesBeforeBase = 0;
  /** Line feeds are counted as the input goes by (false: only for an error, see ReadOptions.reread). */
  countLines;
  /** Bytes were dropped without their line feeds counted: an error's line needs a second reading. */
  uncounted = false;
  /** Where the opener continueSection put in front ends: offsets before it are not the input's. */
  syntheticEnd = 0;
  eof = false;
  started = false;
  sniffed = false;
  /** Characters between the start of the current line and `base`, when the line starts before it. */
  columnBeforeBase = 0;
  bomLength = 0;
  depth = 0;
  /** The qnames of the open elements, and the scope outside each (two arrays: no object per element). */
  openNames = [];
  outerScopes = [];
  /** The input after the stitch (see append): buf[tailAt..] holds tail[0..tailUsed). */
  tail;
  tailAt = 0;
  tailUsed = 0;
  marks = { count: 0, at: new Int32Array(256) };
  /** The text segment being read has more than MAX_MARKS marks: it is delivered without them. */
  marksOverflow = false;
  /** The attributes of the start tag being read, RAW entries each: qname, value (null: as written), offset, value's from and to (reused). */
  raw = [];
  names = new Array(NAME_CACHE_SIZE);
  /** Whether the last attribute value read is its bytes as written (no reference, no line end, no tab). */
  valueAsWritten = false;
  scope = BASE_SCOPE;
  rootSeen = false;
  rootClosed = false;
  /** Input not yet appended: the start of a character split across chunks, or the first bytes. */
  pending = Buffer.alloc(0);
  total = 0;
  limits;
  async read(input) {
    try {
      for await (const piece of input) this.feed(piece);
      return this.end();
    } catch (e) {
      if (e instanceof Unplaced) throw await this.placed(e);
      throw e;
    }
  }
  /** The error with its line, counted on a second reading; without a line if the input cannot be read again. */
  async placed(e) {
    const { source, reread } = this.options;
    let line = 0;
    try {
      line = await newlinesBefore(reread(), e.offset) + 1;
    } catch {
      return new XmlError(e.code, source, 0, 0, `${e.reason} (at byte ${e.offset})`);
    }
    return new XmlError(e.code, source, line, e.column, e.reason);
  }
  feed(piece) {
    const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
    if (chunk.length === 0) return;
    this.accept(chunk);
    this.run();
  }
  end() {
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
  accept(chunk) {
    this.total += chunk.length;
    if (this.total > this.limits.maxBytes) {
      throw new XmlError(
        "limit-exceeded",
        this.options.source,
        0,
        0,
        `the file is larger than the ${this.limits.maxBytes}-byte limit`
      );
    }
    if (this.pending.length > 0 && this.sniffed && !this.eof) {
      const lead = this.pending[0];
      const need = (lead >= 240 ? 4 : lead >= 224 ? 3 : 2) - this.pending.length;
      if (need > 0 && need <= chunk.length) {
        const head = Buffer.concat([this.pending, chunk.subarray(0, need)]);
        if ((0, import_node_buffer.isUtf8)(head)) {
          this.pending = EMPTY;
          return this.append(head, chunk.subarray(need));
        }
      }
    }
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (!this.sniffed) {
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
          `unsupported encoding ${odd}: reports must be UTF-8`
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
  append(head, data) {
    const complete = this.eof ? data.length : completeUtf8Length(data);
    if (complete < data.length) this.pending = Buffer.from(data.subarray(complete));
    const valid = data.subarray(0, complete);
    const rest = this.buf.subarray(this.pos);
    this.discardBefore(this.pos);
    const prefix = rest.length + head.length;
    if (prefix === 0) this.buf = valid;
    else if (valid.length <= STITCH || rest.length > STITCH) this.buf = Buffer.concat([rest, head, valid]);
    else {
      this.buf = Buffer.concat([rest, head, valid.subarray(0, STITCH)]);
      this.tail = valid;
      this.tailAt = prefix;
      this.tailUsed = STITCH;
    }
    if (!(0, import_node_buffer.isUtf8)(valid)) {
      const at = firstInvalidUtf8(valid);
      this.invalidUtf8(this.base + prefix + at, valid[at]);
    }
  }
  /** The stitch is consumed up to the start of `tail`: go on in `tail` itself. */
  switchToTail() {
    this.discardBefore(this.tailAt);
    this.buf = this.tail;
    this.tail = void 0;
  }
  /** A token runs past the stitch: append more of `tail` to it (all of it, eventually). */
  growStitch() {
    const tail = this.tail;
    const used = Math.min(tail.length, this.tailUsed * 4);
    this.buf = Buffer.concat([this.buf, tail.subarray(this.tailUsed, used)]);
    this.tailUsed = used;
    if (used === tail.length) this.tail = void 0;
  }
  discardBefore(pos) {
    if (pos === 0) return;
    this.flush(this.base + pos);
    this.forget(pos);
    this.base += pos;
    this.pos -= pos;
  }
  /** Keeps line and column bookkeeping for the first `n` bytes of the buffer, about to be dropped. */
  forget(n) {
    const lastLf = this.buf.lastIndexOf(LF, n - 1);
    if (lastLf < 0) {
      this.columnBeforeBase += charCount(this.buf, 0, n);
      return;
    }
    if (this.countLines) this.newlinesBeforeBase += countNewlines(this.buf, 0, n);
    else this.uncounted = true;
    this.columnBeforeBase = charCount(this.buf, lastLf + 1, n);
  }
  flush(upTo) {
    if (!this.options.onRaw || upTo <= this.flushed) return;
    this.options.onRaw(this.buf.subarray(this.flushed - this.base, upTo - this.base));
    this.flushed = upTo;
  }
  invalidUtf8(offset, byte) {
    const hint = byte >= 128 && byte < 192 ? "a continuation byte without a lead byte" : "a byte sequence that is not UTF-8";
    return this.failAt(
      "unsupported-encoding",
      offset,
      `invalid UTF-8: byte 0x${byte.toString(16).padStart(2, "0")} at byte offset ${offset} is ${hint} (the file must be UTF-8 encoded)`
    );
  }
  run() {
    for (; ; ) {
      try {
        if (!this.started && !this.start()) {
          if (this.tail === void 0) return;
          this.absorbTail();
          continue;
        }
        while (this.pos < this.buf.length) {
          if (this.tail !== void 0 && this.pos >= this.tailAt) this.switchToTail();
          if (this.buf[this.pos] === LT) this.markup();
          else this.characters();
        }
        if (this.tail === void 0) break;
        this.switchToTail();
      } catch (e) {
        if (e !== NEED_MORE) throw e;
        if (this.tail !== void 0) {
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
  absorbTail() {
    if (this.tail === void 0) return;
    this.buf = Buffer.concat([this.buf, this.tail.subarray(this.tailUsed)]);
    this.tail = void 0;
  }
  truncated() {
    const what = this.depth > 0 ? `<${this.openNames[this.openNames.length - 1]}> is not closed` : "unfinished markup";
    return this.failAt("not-well-formed", this.base + this.pos, `unexpected end of file: ${what}`);
  }
  need(n) {
    if (this.pos + n > this.buf.length) throw NEED_MORE;
  }
  /** The byte order mark and the XML declaration; nothing is consumed until both can be decided. */
  start() {
    const buf = this.buf;
    if (buf.length < 9 && !this.eof) return false;
    if (buf.length === 0) this.failAt("not-well-formed", 0, "the file is empty (no root element)");
    const bom = buf[0] === 239 && buf[1] === 187 && buf[2] === 191 ? 3 : 0;
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
  declaration(body, at) {
    const re = /^\s+(version|encoding|standalone)\s*=\s*(?:"([^"]*)"|'([^']*)')/;
    let rest = body;
    const seen = {};
    while (rest.trim() !== "") {
      const m = re.exec(rest);
      if (!m) this.failAt("not-well-formed", at, `malformed XML declaration: <?xml${body}?>`);
      seen[m[1]] = m[2] ?? m[3] ?? "";
      rest = rest.slice(m[0].length);
    }
    if (!seen.version || !/^1\.[0-9]+$/.test(seen.version)) {
      this.failAt("not-well-formed", at, "the XML declaration has no valid version");
    }
    const encoding = seen.encoding;
    if (encoding !== void 0 && !/^utf-?8$/i.test(encoding)) {
      this.failAt(
        "unsupported-encoding",
        at,
        `unsupported encoding "${encoding}" declared: reports must be UTF-8 (convert the file, e.g. with iconv -f ${encoding} -t UTF-8, and fix the declaration)`
      );
    }
  }
  markup() {
    this.need(2);
    const next = this.buf[this.pos + 1];
    if (next === SLASH) return this.endTag();
    if (next === QMARK) return this.processingInstruction();
    if (next === BANG) return this.bang();
    return this.startTag();
  }
  bang() {
    this.need(4);
    const buf = this.buf;
    const p = this.pos;
    if (buf[p + 2] === 45 && buf[p + 3] === 45) return this.comment();
    this.need(9);
    const word = buf.subarray(p, p + 9).toString("latin1");
    if (word === "<![CDATA[") {
      if (this.depth === 0) this.fail("not-well-formed", "a CDATA section outside the document element");
      return this.cdata();
    }
    if (word === "<!DOCTYPE") {
      this.fail(
        "forbidden-construct",
        "DOCTYPE declarations are not allowed in a test report (they can define entities: XXE, entity expansion)"
      );
    }
    if (/^<!(ENTITY|ELEMENT|ATTLIST|NOTATION)/.test(word)) {
      this.fail("forbidden-construct", `markup declarations (${word.slice(2).trim()}) are not allowed`);
    }
    this.fail("not-well-formed", "'<!' must start a comment or a CDATA section");
  }
  comment() {
    const buf = this.buf;
    const from = this.pos + 4;
    const dashes = buf.indexOf("--", from);
    if (dashes < 0 || dashes + 2 >= buf.length) {
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
  processingInstruction() {
    const end = this.buf.indexOf("?>", this.pos + 2);
    const nameEnd = this.scanName(this.pos + 2);
    const target = this.buf.subarray(this.pos + 2, nameEnd).toString("utf8");
    if (target.toLowerCase() === "xml") {
      this.fail("not-well-formed", "the XML declaration is only allowed at the very start of the file");
    }
    if (end < 0 && !this.eof && nameEnd >= this.buf.length) throw NEED_MORE;
    this.fail(
      "forbidden-construct",
      `processing instruction <?${target}?> is not allowed (only the XML declaration is)`
    );
  }
  cdata() {
    const buf = this.buf;
    const from = this.pos + 9;
    const close = buf.indexOf("]]>", from);
    if (close < 0) {
      let safe = Math.max(from, buf.length - 3);
      while (safe > from && (buf[safe] & 192) === 128) safe--;
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
  continueSection(at, opener) {
    this.absorbTail();
    this.flush(this.base + at);
    const rest = this.buf.subarray(at);
    this.forget(at);
    this.columnBeforeBase -= opener.length;
    this.base += at - opener.length;
    this.flushed = this.base + opener.length;
    this.syntheticEnd = this.flushed;
    this.buf = Buffer.concat([opener, rest]);
    this.pos = 0;
  }
  characters() {
    const buf = this.buf;
    const start = this.pos;
    if (this.depth === 0) return this.outsideRoot();
    const n = buf.length;
    const marks = this.marks;
    marks.count = 0;
    this.marksOverflow = false;
    let i = skipText(buf, start, n);
    while (i < n) {
      const b = buf[i];
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
            "']]>' is not allowed in text (it ends a CDATA section)"
          );
        }
        i = skipText(buf, i + 1, n);
        continue;
      }
      if (b === 239) {
        if (i + 2 >= n && !this.eof) break;
        if (buf[i + 1] === 191 && (buf[i + 2] === 190 || buf[i + 2] === 191)) {
          this.failAt(
            "not-well-formed",
            this.base + i,
            `invalid character U+FFF${buf[i + 2] === 190 ? "E" : "F"}`
          );
        }
        i = skipText(buf, i + 1, n);
        continue;
      }
      this.failAt(
        "not-well-formed",
        this.base + i,
        `invalid character U+${hex4(b)} (control characters are not allowed in XML 1.0)`
      );
    }
    if (i === n && !this.eof && buf[i - 1] === CR) {
      i--;
      if (marks.count > 0 && marks.at[marks.count - 1] === i - start) marks.count--;
    }
    if (i > start) {
      this.handler.text(buf.subarray(start, i), false, this.marksOverflow ? void 0 : marks);
      this.pos = i;
    }
    if (i === n || buf[i] !== LT) throw NEED_MORE;
  }
  mark(offset) {
    const marks = this.marks;
    if (marks.count === marks.at.length) {
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
  outsideRoot() {
    const buf = this.buf;
    let i = this.pos;
    while (i < buf.length && isWhitespace(buf[i])) i++;
    if (i < buf.length && buf[i] !== LT) {
      const what = this.rootClosed ? "after the document element" : "before the document element";
      this.failAt("not-well-formed", this.base + i, `text is not allowed ${what}`);
    }
    this.pos = i;
    if (i === buf.length && !this.eof) throw NEED_MORE;
  }
  /** Validates the reference at `amp`; returns the offset after it, or -1 when more input is needed. */
  reference(amp) {
    const buf = this.buf;
    const stop = Math.min(buf.length, amp + 41);
    let semi = amp + 1;
    while (semi < stop && buf[semi] !== SEMI) semi++;
    if (semi === stop) semi = stop === buf.length ? -1 : semi;
    if (semi < 0 || semi - amp > 40) {
      if (semi < 0 && buf.length - amp <= 40 && !this.eof) return -1;
      this.failAt(
        "not-well-formed",
        this.base + amp,
        "'&' must start a reference such as &amp; (escape a literal & as &amp;)"
      );
    }
    if (!isPredefined(buf, amp + 1, semi)) this.decodeReference(buf.toString("latin1", amp + 1, semi), amp);
    return semi + 1;
  }
  decodeReference(body, amp) {
    if (body.charCodeAt(0) === HASH) {
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
      const cp = m ? parseInt(m[1] ?? m[2], m[1] ? 16 : 10) : NaN;
      if (!m || !isXmlChar(cp)) {
        this.failAt(
          "not-well-formed",
          this.base + amp,
          `&${body}; does not refer to a character allowed in XML 1.0`
        );
      }
      return String.fromCodePoint(cp);
    }
    const value = PREDEFINED[body];
    if (value === void 0) {
      this.failAt(
        "forbidden-construct",
        this.base + amp,
        `undefined entity &${body}; (only &lt; &gt; &amp; &quot; &apos; and character references are allowed)`
      );
    }
    return value;
  }
  checkChars(from, to) {
    const buf = this.buf;
    for (let i = from; i < to; i++) {
      const b = buf[i];
      if (b >= 32 && b !== 239) continue;
      if (b === TAB || b === LF || b === CR) continue;
      if (b === 239) {
        if (buf[i + 1] === 191 && (buf[i + 2] === 190 || buf[i + 2] === 191)) {
          this.failAt(
            "not-well-formed",
            this.base + i,
            `invalid character U+FFF${buf[i + 2] === 190 ? "E" : "F"}`
          );
        }
        continue;
      }
      this.failAt(
        "not-well-formed",
        this.base + i,
        `invalid character U+${hex4(b)} (control characters are not allowed in XML 1.0)`
      );
    }
  }
  scanName(from) {
    const buf = this.buf;
    if (from >= buf.length) throw NEED_MORE;
    if (NAME_START[buf[from]] === 0) return from;
    let i = from + 1;
    while (i < buf.length && NAME_CHAR[buf[i]] === 1) i++;
    if (i === buf.length && !this.eof) throw NEED_MORE;
    return i;
  }
  skipSpace(from) {
    const buf = this.buf;
    let i = from;
    while (i < buf.length && isWhitespace(buf[i])) i++;
    if (i === buf.length) throw NEED_MORE;
    return i;
  }
  startTag() {
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
    let verbatim = true;
    let verbatimTo = -1;
    for (; ; ) {
      const afterSpace = this.skipSpace(i);
      const b = buf[afterSpace];
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
          `expected whitespace, '>' or '/>' in the tag <${qname}>`
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
      verbatim = verbatim && afterSpace === i + 1 && buf[i] === SPACE && eq === attrEnd && q === eq + 1 && quote === QUOT && this.valueAsWritten;
      i = close + 1;
    }
    this.openElement(qname, raw, start, i, selfClosing, verbatimTo);
  }
  /**
   * The name in buf[from..to) as a string; short ASCII names (element and attribute names repeat throughout a
   * report) come from a small cache instead of a new string each time.
   */
  name(from, to) {
    const buf = this.buf;
    const len = to - from;
    if (len > 64) return buf.toString("utf8", from, to);
    let h = len;
    let high = 0;
    for (let i = from; i < to; i++) {
      const b = buf[i];
      high |= b;
      h = Math.imul(h, 31) + b | 0;
    }
    if (high >= 128) return buf.toString("utf8", from, to);
    const slot = h & NAME_CACHE_SIZE - 1;
    const cached = this.names[slot];
    if (cached !== void 0 && cached.length === len) {
      let j = 0;
      while (j < len && cached.charCodeAt(j) === buf[from + j]) j++;
      if (j === len) return cached;
    }
    const s = buf.toString("latin1", from, to);
    this.names[slot] = s;
    return s;
  }
  attributeTooLong(name, at) {
    return this.failAt(
      "limit-exceeded",
      this.base + at,
      `the value of attribute ${name} is longer than the ${this.limits.maxAttributeBytes}-byte limit`
    );
  }
  /** The value of an attribute, or null when it is its bytes as written (then decoded only if read). */
  attributeValue(from, to, name) {
    const buf = this.buf;
    let out = "";
    let runStart = from;
    for (let i = from; i < to; i++) {
      const b = buf[i];
      if (b >= 32 && b !== AMP && b !== LT && b !== 239) continue;
      if (b === LT) {
        this.failAt(
          "not-well-formed",
          this.base + i,
          `'<' is not allowed in the value of attribute ${name} (escape it as &lt;)`
        );
      }
      if (b === 239) {
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
            `'&' in the value of attribute ${name} must start a reference such as &amp;`
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
  openElement(qname, raw, start, end, selfClosing, verbatimTo = -1) {
    let namespaces = NO_NAMESPACES;
    let scope = this.scope;
    let prefixed = false;
    const count = raw.length;
    for (let k = 0; k < count; k += RAW) {
      const q = raw[k];
      const decl = isXmlns(q) ? q.length === 5 ? "" : q.slice(6) : null;
      if (decl === "" && q.length !== 5)
        this.failAt(
          "not-well-formed",
          this.base + raw[k + 2],
          'xmlns:="\u2026" has an empty prefix, which XML namespaces do not allow: write xmlns="\u2026" for a default namespace'
        );
      if (decl === null) {
        if (!prefixed && q.indexOf(":") >= 0) prefixed = true;
        continue;
      }
      const value = this.rawValue(raw, k);
      this.checkNamespaceDeclaration(decl, value, raw[k + 2]);
      if (namespaces === NO_NAMESPACES) namespaces = [];
      namespaces.push({ prefix: decl, uri: value });
      scope = { prefix: decl, uri: value, parent: scope };
    }
    const colon = qname.indexOf(":");
    const prefix = colon < 0 ? "" : this.prefixOf(qname, colon, start);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    const ns = this.resolve(scope, prefix, qname, start, true);
    const attributes = [];
    const seen = count > 16 * RAW ? /* @__PURE__ */ new Set() : void 0;
    const buf = this.buf;
    for (let k = 0; k < count; k += RAW) {
      const q = raw[k];
      const at = raw[k + 2];
      if (seen ? seen.has(q) : this.seenBefore(raw, k))
        this.failAt("not-well-formed", this.base + at, `attribute ${q} appears twice`);
      seen?.add(q);
      if (isXmlns(q)) continue;
      const value = raw[k + 1];
      const from = raw[k + 3];
      const to = raw[k + 4];
      const c = prefixed ? q.indexOf(":") : -1;
      if (c < 0) {
        attributes.push(new ReadAttribute(q, "", q, "", value, value === null ? buf : EMPTY, from, to));
        continue;
      }
      const p = this.prefixOf(q, c, at);
      const attrNs = this.resolve(scope, p, q, at, false);
      attributes.push(
        new ReadAttribute(q, p, q.slice(c + 1), attrNs, value, value === null ? buf : EMPTY, from, to)
      );
    }
    if (prefixed) this.checkExpandedNames(attributes, start);
    const depth = this.depth + 1;
    if (depth > this.limits.maxDepth) {
      this.failAt(
        "limit-exceeded",
        this.base + start,
        `elements are nested deeper than the limit of ${this.limits.maxDepth}`
      );
    }
    if (depth === 1) this.rootSeen = true;
    const tag = {
      qname,
      prefix,
      local,
      ns,
      attributes,
      namespaces,
      start: this.base + start,
      end: this.base + end,
      selfClosing,
      depth
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
        verbatimTag.tag = void 0;
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
  seenBefore(raw, k) {
    const q = raw[k];
    for (let j = 0; j < k; j += RAW) if (raw[j] === q) return true;
    return false;
  }
  /** The value of the attribute at raw[k], decoded now. */
  rawValue(raw, k) {
    return raw[k + 1] ?? this.buf.toString("utf8", raw[k + 3], raw[k + 4]);
  }
  checkNamespaceDeclaration(prefix, uri, at) {
    if (prefix === "xmlns")
      this.failAt("not-well-formed", this.base + at, "the prefix xmlns must not be declared");
    if (prefix === "xml" && uri !== XML_NAMESPACE) {
      this.failAt("not-well-formed", this.base + at, "the prefix xml must not be bound to another namespace");
    }
    if (prefix !== "xml" && (uri === XML_NAMESPACE || uri === XMLNS_NAMESPACE)) {
      this.failAt(
        "not-well-formed",
        this.base + at,
        `the namespace ${uri} must not be bound to the prefix ${prefix || "(default)"}`
      );
    }
    if (prefix !== "" && uri === "") {
      this.failAt(
        "not-well-formed",
        this.base + at,
        `xmlns:${prefix}="" is not allowed in XML 1.0 namespaces`
      );
    }
  }
  checkExpandedNames(attributes, at) {
    if (attributes.length < 2) return;
    const names = /* @__PURE__ */ new Set();
    for (const a of attributes) {
      const key = `${a.ns}|${a.local}`;
      if (names.has(key))
        this.failAt("not-well-formed", this.base + at, `attribute {${a.ns}}${a.local} appears twice`);
      names.add(key);
    }
  }
  /** The prefix of a qname with a colon at `colon`, which must be a valid namespaced name. */
  prefixOf(qname, colon, at) {
    if (colon === 0 || colon === qname.length - 1 || qname.indexOf(":", colon + 1) >= 0) {
      this.failAt("not-well-formed", this.base + at, `${qname} is not a valid namespaced name`);
    }
    return qname.slice(0, colon);
  }
  resolve(scope, prefix, qname, at, element) {
    if (prefix === "") return element ? lookup(scope, "") ?? "" : "";
    const uri = lookup(scope, prefix);
    if (uri === void 0 || uri === "") {
      this.failAt("not-well-formed", this.base + at, `the prefix ${prefix} of ${qname} is not declared`);
    }
    return uri;
  }
  endTag() {
    const buf = this.buf;
    const start = this.pos;
    const nameEnd = this.scanName(start + 2);
    const expected = this.openNames[this.openNames.length - 1];
    const qname = expected !== void 0 && sameAscii(buf, start + 2, nameEnd, expected) ? expected : this.name(start + 2, nameEnd);
    const gt = this.skipSpace(nameEnd);
    if (buf[gt] !== GT) this.failAt("not-well-formed", this.base + gt, `expected '>' to close </${qname}`);
    const open = this.openNames.pop();
    if (open === void 0)
      this.failAt("not-well-formed", this.base + start, `end tag </${qname}> without a start tag`);
    if (open !== qname) {
      this.failAt(
        "not-well-formed",
        this.base + start,
        `end tag </${qname}> does not match the start tag <${open}>`
      );
    }
    this.scope = this.outerScopes.pop();
    const depth = this.depth;
    this.depth--;
    this.pos = gt + 1;
    this.handler.endElement({ qname, start: this.base + start, end: this.base + gt + 1, depth });
    if (depth === 1) this.rootClosed = true;
  }
  finish() {
    if (!this.rootSeen)
      this.failAt(
        "not-well-formed",
        this.base + this.pos,
        "no document element: the file holds no XML element"
      );
    if (this.depth > 0) this.truncated();
  }
  fail(code, reason) {
    return this.failAt(code, this.base + this.pos, reason);
  }
  failAt(code, offset, reason) {
    const local = Math.max(0, Math.min(offset - this.base, this.buf.length));
    const lineStart = local > 0 ? this.buf.lastIndexOf(LF, local - 1) : -1;
    const column = lineStart >= 0 ? charCount(this.buf, lineStart + 1, local) + 1 : this.columnBeforeBase + charCount(this.buf, 0, local) + 1;
    if (this.uncounted)
      throw new Unplaced(code, Math.max(this.base + local, this.syntheticEnd), column, reason);
    const line = this.newlinesBeforeBase + countNewlines(this.buf, 0, local) + 1;
    throw new XmlError(code, this.options.source, line, column, reason);
  }
};
function isPredefined(buf, from, semi) {
  const len = semi - from;
  const c = buf[from];
  if (len === 2) return buf[from + 1] === 116 && (c === 108 || c === 103);
  if (len === 3) return c === 97 && buf[from + 1] === 109 && buf[from + 2] === 112;
  if (len === 4) {
    return c === 113 && buf[from + 1] === 117 && buf[from + 2] === 111 && buf[from + 3] === 116 || c === 97 && buf[from + 1] === 112 && buf[from + 2] === 111 && buf[from + 3] === 115;
  }
  return false;
}
function isSelfCanonical(buf, from, semi) {
  const len = semi - from;
  if (len === 2) return buf[from + 1] === 116 && (buf[from] === 108 || buf[from] === 103);
  return len === 3 && buf[from] === 97 && buf[from + 1] === 109 && buf[from + 2] === 112;
}
function hex4(b) {
  return b.toString(16).toUpperCase().padStart(4, "0");
}
function charCount(buf, from, to) {
  if ((0, import_node_buffer.isAscii)(buf.subarray(from, to))) return to - from;
  let n = 0;
  for (let i = from; i < to; i++) if ((buf[i] & 192) !== 128) n++;
  return n;
}
function countNewlines(buf, from, to) {
  let n = 0;
  let i = from;
  const offset = buf.byteOffset;
  if (to - from >= 64) {
    while ((offset + i & 3) !== 0) if (buf[i++] === LF) n++;
    const w = wordView(buf);
    const last = (offset + to >> 2) - 1;
    let k = offset + i >> 2;
    while (k <= last) {
      const end = Math.min(last + 1, k + 255);
      let acc = 0;
      for (; k < end; k++) {
        const y = w[k] ^ 168430090;
        acc = acc + ((~((y & 2139062143) + 2139062143 | y) & 2155905152) >>> 7) | 0;
      }
      acc = (acc & 16711935) + (acc >>> 8 & 16711935);
      n += (acc & 65535) + (acc >>> 16);
    }
    i = (last + 1 << 2) - offset;
  }
  for (; i < to; i++) if (buf[i] === LF) n++;
  return n;
}
function firstInvalidUtf8(buf) {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    const len = b < 128 ? 1 : b >= 194 && b < 224 ? 2 : b >= 224 && b < 240 ? 3 : b >= 240 && b < 245 ? 4 : 0;
    if (len === 0 || !(0, import_node_buffer.isUtf8)(buf.subarray(i, i + len)) || i + len > buf.length) return i;
    i += len;
  }
  return buf.length;
}
async function newlinesBefore(input, offset) {
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
function readXmlSync(input, handler, options) {
  const reader = new Reader(handler, { ...options, reread: void 0 });
  reader.feed(input);
  return reader.end();
}
function readXml(input, handler, options) {
  return new Reader(handler, options).read(input);
}

// src/core/publish/exchange.ts
async function readBody(message, maxBytes) {
  const declared = Number(message.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    message.destroy();
    return void 0;
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of message) {
    size += chunk.length;
    if (size > maxBytes) {
      message.destroy();
      return void 0;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
async function exchange(x) {
  const http = new HttpClient(`${TOOL_NAME}/${VERSION}`, [], {
    allowRetries: false,
    // A redirect is not followed: it would carry the credential to another address.
    allowRedirects: false,
    socketTimeout: x.timeoutMs,
    keepAlive: false
  });
  let timer;
  let message;
  const deadline = new Promise((done) => {
    timer = setTimeout(() => {
      message?.destroy();
      done({ failed: `no answer within ${x.timeoutMs} ms`, timedOut: true });
    }, x.timeoutMs);
  });
  const request = (async () => {
    try {
      const res = await http.request(x.method, x.url, x.body ?? null, x.headers);
      message = res.message;
      const status = res.message.statusCode ?? 0;
      const text = await readBody(res.message, x.maxBytes);
      return text === void 0 ? { status, tooLarge: true, headers: res.message.headers } : { status, text, headers: res.message.headers };
    } catch (e) {
      const code = e?.code;
      return { failed: errorMessage(e), ...typeof code === "string" ? { code } : {} };
    }
  })();
  try {
    return await Promise.race([request, deadline]);
  } finally {
    clearTimeout(timer);
    http.dispose();
  }
}
function jsonObject(text) {
  try {
    const v = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? v : void 0;
  } catch {
    return void 0;
  }
}

export {
  VERSION,
  TOOL_NAME,
  CONTROL_CHARACTERS,
  noWorkflowCommand,
  globRegExp,
  XmlError,
  XML_NAMESPACE,
  verbatimTag,
  DEFAULT_LIMITS,
  isSelfCanonical,
  readXmlSync,
  readXml,
  RESULT,
  RANK,
  parseTime,
  RETRY,
  TEST_OUTCOMES,
  caseOutcome,
  failedOnce,
  mergeOutcomes,
  countsOf,
  keepProperty,
  Summarizer,
  roundSeconds,
  require_promises,
  within,
  exchange,
  jsonObject
};

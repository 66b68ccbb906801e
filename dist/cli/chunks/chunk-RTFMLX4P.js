import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  MAX_PROPERTIES,
  RANK,
  RESULT,
  RETRY,
  parseTime,
  roundSeconds
} from "./chunk-Q5XZY3UJ.js";

// src/core/junit/details.ts
import { StringDecoder } from "node:string_decoder";
var NO_SUITE = "(no suite)";
var REFS = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
var AMP = 38;
var SEMI = 59;
var CR = 13;
var SLACK = 64;
function attr(tag, name) {
  return tag.attributes.find((a) => a.qname === name)?.value;
}
function capUtf8(s, max) {
  const bytes = Buffer.from(s);
  if (bytes.length <= max) return s;
  let n = max;
  while (n > 0 && (bytes[n] & 192) === 128) n--;
  return bytes.toString("utf8", 0, n) + "\u2026";
}
function decode(s, cdata) {
  const text = s.replace(/\r\n?/g, "\n");
  if (cdata) return text;
  return text.replace(
    /&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g,
    (_, body) => body.startsWith("#x") ? String.fromCodePoint(parseInt(body.slice(2), 16)) : body.startsWith("#") ? String.fromCodePoint(parseInt(body.slice(1), 10)) : REFS[body] ?? ""
  );
}
var CappedText = class {
  constructor(max) {
    this.max = max;
  }
  max;
  decoder = new StringDecoder("utf8");
  text = "";
  bytes = 0;
  cut = false;
  add(raw, cdata) {
    for (let at = 0; at < raw.length && !this.cut; ) {
      let end = Math.min(raw.length, at + this.max - this.bytes + SLACK);
      if (end < raw.length) {
        const amp = raw.lastIndexOf(AMP, end - 1);
        if (!cdata && amp >= at && !raw.subarray(amp, end).includes(SEMI)) end = amp;
        if (raw[end - 1] === CR) end--;
      }
      const s = decode(this.decoder.write(raw.subarray(at, end)), cdata);
      this.text += s;
      this.bytes += Buffer.byteLength(s);
      if (this.bytes > this.max) {
        this.text = capUtf8(this.text, this.max);
        this.cut = true;
      }
      at = end;
    }
  }
  value() {
    return this.text;
  }
};
var DetailsCollector = class {
  /** True when a cap (maxCases, maxSuites) left testcases or suites out of `suites()`. */
  truncated = false;
  maxCases;
  maxDetailBytes;
  maxSuites;
  onCase;
  list = [];
  open = [];
  noSuite;
  testcase;
  listedCases = 0;
  /** Depth of the open <properties> of the innermost open suite. */
  propertiesDepth;
  /** Depth of the innermost open element: text events belong to it. */
  depth = 0;
  constructor(options = {}) {
    this.maxCases = options.maxCases ?? 1e5;
    this.maxDetailBytes = options.maxDetailBytes ?? 4096;
    this.maxSuites = options.maxSuites ?? 1e4;
    this.onCase = options.onCase;
  }
  startElement(tag) {
    this.depth = tag.depth;
    if (tag.ns !== "") return;
    const name = tag.local;
    const tc = this.testcase;
    if (tc) {
      if (tag.depth === tc.depth + 1) {
        if (RETRY.has(name)) this.retry(tc, tag);
        else this.result(tc, tag);
      } else if (tc.retryDepth === tag.depth - 1 && name === "stackTrace") tc.stackDepth = tag.depth;
      return;
    }
    const suite = this.open[this.open.length - 1];
    if (name === "testsuite") this.openSuite(tag);
    else if (name === "testcase") this.openCase(tag, suite ?? this.synthetic());
    else if (name === "properties" && suite && tag.depth === suite.depth + 1)
      this.propertiesDepth = tag.depth;
    else if (name === "property" && suite && this.propertiesDepth === tag.depth - 1)
      this.property(suite, tag);
  }
  endElement(tag) {
    this.depth = tag.depth - 1;
    const tc = this.testcase;
    if (tc) {
      if (tag.depth === tc.resultDepth) tc.resultDepth = void 0;
      if (tag.depth === tc.retryDepth) tc.retryDepth = void 0;
      if (tag.depth === tc.stackDepth) tc.stackDepth = void 0;
      if (tag.depth === tc.depth) this.closeCase(tc);
      return;
    }
    if (tag.depth === this.propertiesDepth) this.propertiesDepth = void 0;
    if (this.open[this.open.length - 1]?.depth === tag.depth) this.open.pop();
  }
  text(raw, cdata) {
    const tc = this.testcase;
    if (tc?.text && tc.resultDepth === this.depth) tc.text.add(raw, cdata);
    if (tc?.retryText && (tc.retryDepth === this.depth || tc.stackDepth === this.depth))
      tc.retryText.add(raw, cdata);
  }
  suites() {
    return this.list.map((s) => ({ ...s, time: roundSeconds(s.time) }));
  }
  property(suite, tag) {
    const name = attr(tag, "name");
    const properties = suite.detail.properties;
    if (name !== void 0 && properties.length < MAX_PROPERTIES)
      properties.push({ name, value: attr(tag, "value") ?? "" });
  }
  openSuite(tag) {
    const detail = this.newSuite(attr(tag, "name") ?? "");
    const timestamp = attr(tag, "timestamp");
    if (timestamp !== void 0) detail.timestamp = timestamp;
    this.open.push({ detail, depth: tag.depth, listed: this.listSuite(detail) });
    this.propertiesDepth = void 0;
  }
  /** The suite of testcases outside any <testsuite>, listed where the first of them is. */
  synthetic() {
    if (!this.noSuite) {
      const detail = this.newSuite(NO_SUITE);
      this.noSuite = { detail, depth: 0, listed: this.listSuite(detail) };
    }
    return this.noSuite;
  }
  newSuite(name) {
    return { name, tests: 0, failures: 0, errors: 0, skipped: 0, time: 0, properties: [], cases: [] };
  }
  listSuite(detail) {
    if (this.list.length >= this.maxSuites) {
      this.truncated = true;
      return false;
    }
    this.list.push(detail);
    return true;
  }
  openCase(tag, suite) {
    const keep = suite.listed && this.listedCases < this.maxCases;
    if (suite.listed && !keep) this.truncated = true;
    this.testcase = {
      depth: tag.depth,
      suite,
      keep,
      detail: {
        name: attr(tag, "name") ?? "",
        classname: attr(tag, "classname") ?? "",
        time: parseTime(attr(tag, "time")),
        status: "passed"
      },
      resultDepth: void 0,
      text: void 0,
      extras: { retries: 0 },
      retryDepth: void 0,
      stackDepth: void 0,
      retryText: void 0
    };
    const file = attr(tag, "file");
    const line = attr(tag, "line");
    if (keep && file !== void 0) this.testcase.extras.file = capUtf8(file, this.maxDetailBytes);
    if (keep && line !== void 0) this.testcase.extras.line = capUtf8(line, 32);
  }
  /** A retry element: counted; the first one's type, message and text are kept for a listed case. */
  retry(tc, tag) {
    if (tc.extras.retries++ > 0 || !tc.keep) return;
    const retry = {};
    const message = attr(tag, "message");
    const type = attr(tag, "type");
    if (message !== void 0) retry.message = capUtf8(message, this.maxDetailBytes);
    if (type !== void 0) retry.type = capUtf8(type, this.maxDetailBytes);
    tc.extras.retry = retry;
    tc.retryDepth = tag.depth;
    tc.retryText = new CappedText(this.maxDetailBytes);
  }
  /** A direct child of the open testcase: the first element of a higher-ranked kind replaces the result. */
  result(tc, tag) {
    const status = RESULT[tag.local];
    if (status === void 0 || RANK[status] <= RANK[tc.detail.status]) return;
    const { name, classname, time } = tc.detail;
    tc.detail = { name, classname, time, status };
    tc.resultDepth = tag.depth;
    tc.text = void 0;
    if (!tc.keep) return;
    const message = attr(tag, "message");
    const type = attr(tag, "type");
    if (message !== void 0) tc.detail.message = capUtf8(message, this.maxDetailBytes);
    if (type !== void 0) tc.detail.type = capUtf8(type, this.maxDetailBytes);
    tc.text = new CappedText(this.maxDetailBytes);
  }
  closeCase(tc) {
    this.testcase = void 0;
    const { detail } = tc;
    const suite = tc.suite.detail;
    suite.tests++;
    suite.time += detail.time;
    if (detail.status === "failed") suite.failures++;
    else if (detail.status === "error") suite.errors++;
    else if (detail.status === "skipped") suite.skipped++;
    if (!tc.keep) return;
    const details = tc.text?.value();
    if (details !== void 0 && details.trim() !== "") detail.details = details;
    this.listedCases++;
    if (!this.onCase) return void suite.cases.push(detail);
    const retryText = tc.retryText?.value();
    if (tc.extras.retry && retryText !== void 0 && retryText.trim() !== "")
      tc.extras.retry.text = retryText;
    this.onCase(suite.name, detail, tc.extras);
  }
};

export {
  DetailsCollector
};

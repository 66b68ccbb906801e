import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  Summarizer,
  countsOf,
  keepProperty,
  roundSeconds
} from "./chunk-NKD7BIX5.js";
import {
  RANK,
  RESULT,
  RETRY,
  caseOutcome,
  failedOnce,
  mergeOutcomes,
  parseTime
} from "./chunk-J5DVWMKE.js";
import {
  require_crypto
} from "./chunk-KE6R4GHG.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-3XIP2PPI.js";

// require-builtin:string_decoder
var require_string_decoder = __commonJS({
  "require-builtin:string_decoder"(exports, module) {
    module.exports = __require("node:string_decoder");
  }
});

// src/core/junit/compare.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var FAILING = /* @__PURE__ */ new Set(["failed", "error"]);
function isFailing(outcome) {
  return FAILING.has(outcome);
}
function unionTests(reports) {
  const byId = /* @__PURE__ */ new Map();
  for (const tests of reports)
    for (const t of tests) {
      const known = byId.get(t.id);
      if (!known || worse(t.outcome, known.outcome)) byId.set(t.id, t);
    }
  return byId;
}
var SEVERITY = {
  skipped: 0,
  passed: 1,
  flaky: 2,
  failed: 3,
  error: 4
};
function worse(a, b) {
  return SEVERITY[a] > SEVERITY[b];
}
function compareTests(base, head) {
  const before = /* @__PURE__ */ new Map();
  for (const t of base) before.set(t.id, before.has(t.id) ? pickWorse(before.get(t.id), t) : t);
  const seen = /* @__PURE__ */ new Set();
  const result = { newFailures: [], fixed: [], stillFailing: [], added: [], removed: [] };
  for (const t of head) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    const old = before.get(t.id);
    if (!old) result.added.push(t);
    const was = old ? isFailing(old.outcome) : false;
    const change = old ? { test: t, before: old.outcome } : { test: t };
    if (isFailing(t.outcome)) (was ? result.stillFailing : result.newFailures).push(change);
    else if (was && (t.outcome === "passed" || t.outcome === "flaky")) result.fixed.push(change);
  }
  for (const [id, t] of before) if (!seen.has(id)) result.removed.push(t);
  return result;
}
function pickWorse(a, b) {
  return worse(b.outcome, a.outcome) ? b : a;
}
function testKey(id) {
  return (0, import_node_crypto.createHash)("sha256").update(id, "utf8").digest("hex").slice(0, 32);
}

// src/core/junit/details.ts
var import_node_string_decoder = __toESM(require_string_decoder(), 1);
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
  decoder = new import_node_string_decoder.StringDecoder("utf8");
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
  keepCases;
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
    this.keepCases = options.keepCases ?? false;
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
    if (name !== void 0) keepProperty(properties, { name, value: attr(tag, "value") ?? "" });
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
    if (!this.onCase || this.keepCases) suite.cases.push(detail);
    if (!this.onCase) return;
    const retryText = tc.retryText?.value();
    if (tc.extras.retry && retryText !== void 0 && retryText.trim() !== "")
      tc.extras.retry.text = retryText;
    this.onCase(suite.name, detail, tc.extras);
  }
};

// src/core/junit/location.ts
var MAX_SEARCH = 16384;
var PYTHON = /(?:^|[\s"'(])([\w./\\-]+\.py)(?::(\d+)|", line (\d+))/gm;
var JVM = /\bat ([\w$.]+)\.[\w$<>-]+\(([\w$-]+\.(?:java|kt|scala|groovy)):(\d+)\)/g;
var DOTNET = / in ((?:[A-Za-z]:)?[^\s:]+\.(?:cs|fs|vb)):line (\d+)/g;
var JS = /\bat (?:[^\n()]{0,200}\()?((?:[A-Za-z]:)?[^\s():]+\.[cm]?[jt]sx?):(\d+):\d+\)?/g;
var GO = /(?:^|\s)([\w./-]+_test\.go):(\d+):/gm;
var TEST_FILE = /[._-](?:test|spec)\.[cm]?[jt]sx?$|(?:^|[\\/])__tests__[\\/]|_test\.go$|Tests?\.(?:cs|fs|vb)$/;
function positiveInt(s) {
  if (s === void 0 || !/^\s*\d+\s*$/.test(s)) return void 0;
  const n = Number(s);
  return n > 0 && Number.isSafeInteger(n) ? n : void 0;
}
function framesOf(text) {
  const s = text.length > MAX_SEARCH ? text.slice(0, MAX_SEARCH) : text;
  const all = (re, make) => [...s.matchAll(re)].flatMap((m) => make(m) ?? []);
  const frame = (file, line) => {
    const n = positiveInt(line);
    return file !== void 0 && n !== void 0 ? { file, line: n } : void 0;
  };
  return {
    python: all(PYTHON, (m) => frame(m[1], m[2] ?? m[3])),
    jvm: all(JVM, (m) => {
      const f = frame(m[2], m[3]);
      return f && { ...f, jvmClass: m[1] };
    }),
    other: [
      ...all(DOTNET, (m) => frame(m[1], m[2])),
      ...all(JS, (m) => /node_modules|^node:|^internal\//.test(m[1]) ? void 0 : frame(m[1], m[2])),
      ...all(GO, (m) => frame(m[1], m[2]))
    ]
  };
}
function pytestModulePath(suite, classname) {
  if (suite !== "pytest" || classname === "") return void 0;
  const parts = classname.split(".");
  const end = parts.findIndex((p) => /^[A-Z]/.test(p));
  const module = end === -1 ? parts : parts.slice(0, end);
  return module.length > 0 && module.every((p) => /^\w+$/.test(p)) ? `${module.join("/")}.py` : void 0;
}
function sameFile(a, b) {
  const norm = (p) => p.replace(/\\/g, "/").replace(/^\.\//, "");
  const [x, y] = [norm(a), norm(b)];
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}
function pick(frames, classname, file) {
  const inClass = frames.jvm.filter(
    (f) => f.jvmClass === classname || f.jvmClass.startsWith(`${classname}$`)
  );
  const candidates = [...inClass, ...frames.python, ...frames.other];
  if (file !== void 0) return candidates.find((f) => sameFile(f.file, file));
  const module = classname.replace(/\.[A-Z][^.]*$/, "").replace(/\./g, "/");
  return inClass[0] ?? frames.python.find((f) => module !== "" && sameFile(f.file, `${module}.py`)) ?? frames.python[0] ?? frames.other.find((f) => TEST_FILE.test(f.file)) ?? frames.other[0];
}
function locate(input) {
  let file = input.file?.trim() || pytestModulePath(input.suite, input.classname);
  let line = positiveInt(input.line);
  if (line === void 0)
    for (const text of input.texts) {
      const frame = pick(framesOf(text), input.classname, file);
      if (frame) {
        file ??= frame.file;
        line = frame.line;
        break;
      }
    }
  const location = {};
  if (file !== void 0) location.file = file;
  if (line !== void 0) location.line = line;
  return location;
}

// src/core/junit/tests.ts
var MAX_FAILURE_BYTES = 512;
var MAX_TEXT_BYTES = 4096;
var normalize = (s) => s.trim().replace(/\s+/g, " ");
function testId(suite, classname, name) {
  return JSON.stringify([normalize(suite), normalize(classname), normalize(name)]);
}
function firstLine(text) {
  const line = text?.split("\n").find((l) => l.trim() !== "");
  return line === void 0 ? void 0 : capUtf8(line.trim(), MAX_FAILURE_BYTES);
}
function failureOf(type, message, text) {
  const failure = {};
  const line = firstLine(message) ?? firstLine(text);
  if (type !== void 0 && type.trim() !== "") failure.type = capUtf8(type.trim(), MAX_FAILURE_BYTES);
  if (line !== void 0) failure.message = line;
  return failure;
}
function attempt(suite, c, extras) {
  const outcome = caseOutcome(c.status, extras.retries);
  const { retry } = extras;
  const texts = [c.details, c.message, retry?.text, retry?.message].filter((t) => t !== void 0);
  const test = {
    id: testId(suite, c.classname, c.name),
    suite,
    classname: c.classname,
    name: c.name,
    ...locate({ suite, classname: c.classname, file: extras.file, line: extras.line, texts }),
    outcome,
    duration: c.time,
    retries: extras.retries
  };
  if (c.status === "failed" || c.status === "error") {
    test.failure = failureOf(c.type, c.message, c.details);
    return { test, failureRank: RANK[c.status] };
  }
  if (retry) test.failure = failureOf(retry.type, retry.message, retry.text);
  return { test, failureRank: retry ? RANK.failed : 0 };
}
var TestCollector = class {
  summarizer;
  details;
  byId = /* @__PURE__ */ new Map();
  constructor(source, options = {}) {
    this.summarizer = new Summarizer(source);
    this.details = new DetailsCollector({
      ...options,
      maxDetailBytes: MAX_TEXT_BYTES,
      onCase: (suite, detail, extras) => {
        this.add(attempt(suite, detail, extras));
        options.onCase?.(suite, detail, extras);
      }
    });
  }
  startElement(tag) {
    this.summarizer.startElement(tag);
    this.details.startElement(tag);
  }
  endElement(tag) {
    this.summarizer.endElement(tag);
    this.details.endElement(tag);
  }
  text(raw, cdata) {
    this.details.text(raw, cdata);
  }
  /** The suites and their testcases, as a DetailsCollector gives them; empty `cases` unless keepCases. */
  suites() {
    return this.details.suites();
  }
  run() {
    const tests = [...this.byId.values()].map(({ test }) => ({
      ...test,
      duration: roundSeconds(test.duration)
    }));
    const flaky = tests.filter((t) => t.outcome === "flaky").length;
    return {
      counts: { ...countsOf(this.summarizer.summary()), flaky },
      tests,
      truncated: this.details.truncated
    };
  }
  /**
   * A repeat of a known id is one more attempt: outcomes merge, times add up, the first location stays. It is a
   * retry when an earlier attempt failed (a run re-runs failures, never passes); else a duplicate name.
   */
  add(next) {
    const open = this.byId.get(next.test.id);
    if (!open) return void this.byId.set(next.test.id, next);
    const [known, more] = [open.test, next.test];
    known.retries += more.retries + (failedOnce(known.outcome) ? 1 : 0);
    known.outcome = mergeOutcomes(known.outcome, more.outcome);
    known.duration += more.duration;
    if (known.file === void 0 && more.file !== void 0) known.file = more.file;
    if (known.line === void 0 && more.line !== void 0 && known.file === more.file)
      known.line = more.line;
    if (more.failure && next.failureRank > open.failureRank) {
      known.failure = more.failure;
      open.failureRank = next.failureRank;
    }
  }
};

export {
  isFailing,
  unionTests,
  compareTests,
  testKey,
  capUtf8,
  MAX_FAILURE_BYTES,
  testId,
  TestCollector
};

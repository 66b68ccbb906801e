import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  drained
} from "./chunk-TMETXZNP.js";
import {
  verifyReport
} from "./chunk-HJ3MFTAP.js";
import {
  describeSignature,
  verifySignature
} from "./chunk-V22Y7DFQ.js";
import {
  batchStatus,
  expandInputs,
  failureOf,
  isProblem,
  onlyInput,
  operandsOf,
  outputDirectory,
  outputFor,
  outputsUnder,
  reportsHelp
} from "./chunk-ZAYRCJWR.js";
import {
  LISTED,
  printable,
  section,
  testName
} from "./chunk-V76BHTCH.js";
import {
  TestCollector,
  isFailing
} from "./chunk-EWRMEQBN.js";
import {
  Summarizer,
  canonicalSubtree,
  findChild,
  isSignature,
  keyInfoXml,
  parseSignature,
  readReport,
  signBytes,
  signatureAlgorithmFor,
  signatureXml,
  signedInfoContext,
  signedInfoXml
} from "./chunk-NKD7BIX5.js";
import "./chunk-J5DVWMKE.js";
import {
  ConfigError,
  globalProfile,
  signSettings,
  trustedKeysOf
} from "./chunk-2JDYEZ2Q.js";
import {
  EXIT,
  UsageError,
  json,
  limitsOf,
  parse,
  writeLine,
  writeStreamAtomic
} from "./chunk-FDG5WOXJ.js";
import {
  C14N11,
  Canonicalizer,
  DEFAULT_C14N,
  DSIG_NS,
  VERSION,
  XmlError,
  c14nUri,
  canonicalElement,
  canonicalText,
  collectMetadata,
  errorMessage,
  loadSigningKey,
  readXml,
  redactedNames,
  require_crypto,
  require_promises,
  withPassphraseHint
} from "./chunk-KE6R4GHG.js";
import {
  require_fs,
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

// src/cli/main.ts
var import_node_path2 = __toESM(require_path(), 1);

// src/cli/commands/inspect.ts
var USAGE = `Usage: jux inspect [REPORT.xml|DIR|'PATTERN' ...] [-r] [--cert CERT.pem ...] [--max-size SIZE]
                   [--all] [--json]

Reads a JUnit XML report (signed or not) and prints its counts, canonical hash, properties and signature,
then its failing tests and its flaky tests (the first ${LISTED} of each unless --all).
Counting rule: each <testcase> counts once, by its result children: <error>, else <failure>, else
<skipped>/<skip>, else passed (flaky and rerun elements are retries, not results). A test is its suite,
classname and name: testcases repeating one are its retries, and a test that failed and then passed in the
run is flaky (not failing).
Without --cert it checks the signature's structure and digest ("digest intact") and, when the report names
a key, that the signature value verifies with that key; it does not say who signed: give --cert (or use
jux verify, whose exit status is the verdict). The exit status of inspect is 0 unless the input is unusable;
several reports: 0 all usable, 1 none, 2 some.

${reportsHelp("-i")}

Options:
  -i, --input FILE   a report (repeatable; default: standard input)
  -r, --recursive    a directory's subdirectories too
  -c, --cert FILE    also check the signature against these trusted certificate(s) or public key(s), PEM
                     (default: cert_path, i.e. JUX_CERT_PATH or a config file)
      --max-size SIZE refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --all          list every failing and flaky test (default: the first ${LISTED} of each, and a count)
      --json         print {tests, failures, errors, skipped, passed, flaky, canonical_hash, signed, ...,
                     failing_tests, flaky_tests}
  -h, --help         show this help
`;
var OPTIONS = {
  input: { type: "string", short: "i", multiple: true },
  recursive: { type: "boolean", short: "r" },
  cert: { type: "string", short: "c", multiple: true },
  json: { type: "boolean" },
  all: { type: "boolean" },
  "max-size": { type: "string" },
  help: { type: "boolean", short: "h" }
};
function signatureOf(r, trusted) {
  if (!r.signature) return void 0;
  const d = describeSignature(r.signature);
  if (r.problems.length > 0) {
    const problem = r.problems.join("; ");
    return { ...d, intact: false, problem, status: `BROKEN: ${problem}` };
  }
  if (!trusted) return d;
  const verdict = verifySignature(r.signature, trusted);
  if (verdict.valid)
    return {
      ...d,
      valueChecked: "trusted key",
      valid: true,
      signer: verdict.signer,
      status: `digest intact; signature valid (signer ${verdict.signer})`
    };
  return {
    ...d,
    valid: false,
    error: verdict.error,
    status: d.intact ? `digest intact; signature INVALID: ${verdict.error}` : d.status
  };
}
function testRow(t) {
  return {
    suite: t.suite,
    classname: t.classname,
    name: t.name,
    outcome: t.outcome,
    ...t.file !== void 0 ? { file: t.file } : {},
    ...t.line !== void 0 ? { line: t.line } : {},
    duration: t.duration,
    retries: t.retries,
    ...t.failure?.type !== void 0 ? { failure_type: t.failure.type } : {},
    ...t.failure?.message !== void 0 ? { failure_message: t.failure.message } : {}
  };
}
function listsOf(run) {
  return {
    failing: run.tests.filter((t) => isFailing(t.outcome)),
    flaky: run.tests.filter((t) => t.outcome === "flaky")
  };
}
function describe(source, r, run, options) {
  const s = r.summary;
  const signature = signatureOf(r, options.trusted);
  const { failing, flaky } = listsOf(run);
  const listed = (tests) => (options.all ? tests : tests.slice(0, LISTED)).map(testRow);
  return {
    file: source,
    tests: s.tests,
    failures: s.failures,
    errors: s.errors,
    skipped: s.skipped,
    passed: s.passed,
    flaky: run.counts.flaky,
    time: s.time,
    canonical_hash: r.canonicalHash,
    signed: r.signature !== void 0,
    ...signature ? { signature } : {},
    size: r.size,
    root: s.root,
    suites: s.suites,
    properties: s.properties,
    discrepancies: s.discrepancies,
    failing_total: failing.length,
    failing_tests: listed(failing),
    flaky_total: flaky.length,
    flaky_tests: listed(flaky),
    tests_truncated: run.truncated
  };
}
function text(d, r, run, all) {
  const s = r.summary;
  const flakyNote = run.counts.flaky > 0 ? `, ${run.counts.flaky} flaky` : "";
  const lines = [
    `${String(d.file)}: ${s.tests} tests, ${s.passed} passed, ${s.failures} failed, ${s.errors} errors, ${s.skipped} skipped${flakyNote} (${s.time} s)`,
    `canonical hash: sha256:${r.canonicalHash}`
  ];
  const sig = d.signature;
  if (!sig) lines.push("signature: none");
  else if (sig.intact) lines.push(`signature: ${sig.algorithm?.split("#")[1]}, ${sig.status}`);
  else lines.push(`signature: ${sig.status}`);
  lines.push(`suites: ${s.suites.length}`);
  for (const p of s.properties)
    lines.push(`property ${printable(p.name, Infinity)} = ${printable(p.value, Infinity)}`);
  for (const note of s.discrepancies) lines.push(`note: ${note}`);
  const { failing, flaky } = listsOf(run);
  const message = (t) => printable(t.failure?.message ?? "");
  const retries = (t) => `${t.retries} ${t.retries === 1 ? "retry" : "retries"}`;
  lines.push(
    ...section(
      "failing tests",
      failing.map((t) => [t.outcome, testName(t), message(t)]),
      all
    )
  );
  lines.push(
    ...section(
      "flaky tests",
      flaky.map((t) => [retries(t), testName(t), message(t)]),
      all
    )
  );
  if (run.truncated)
    lines.push("note: the report has more tests than are listed (only the first 100000 are read one by one)");
  return lines.join("\n");
}
async function readWithTests(input, limits) {
  const tests = new TestCollector(input.source);
  const reading = await readReport({ source: input.source, open: input.open, limits, also: tests });
  return { reading, run: tests.run() };
}
async function inspectEach(items, options, io) {
  const rows = [];
  let usable = 0;
  for (const item of items) {
    let read;
    let error = isProblem(item) ? item.problem : void 0;
    if (!isProblem(item))
      read = await readWithTests(item, options.limits).catch((e) => {
        error = failureOf(item.source, e);
        return void 0;
      });
    if (!read) {
      if (options.json) rows.push({ file: item.source, error });
      else writeLine(io.stderr, `error: ${error}`);
      continue;
    }
    const d = describe(item.source, read.reading, read.run, options);
    if (options.json) rows.push(d);
    else writeLine(io.stdout, `${usable > 0 ? "\n" : ""}${text(d, read.reading, read.run, !!options.all)}`);
    usable++;
  }
  if (options.json) writeLine(io.stdout, json(rows));
  return batchStatus(usable, items.length);
}
var inspect = async (argv, io) => {
  const { values, tokens } = parse(argv, OPTIONS, "inspect", true);
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const trusted = await trustedKeysOf(values.cert, io, "inspect");
  const limits = limitsOf(values["max-size"], "inspect");
  const inputs = await expandInputs(operandsOf(tokens, "input"), io, {
    cwd: io.cwd,
    recursive: !!values.recursive
  });
  const options = { trusted, limits, json: !!values.json, all: !!values.all };
  if (!inputs.single) return inspectEach(inputs.items, options, io);
  const input = onlyInput(inputs);
  const { reading, run } = await readWithTests(input, limits);
  const d = describe(input.source, reading, run, options);
  writeLine(io.stdout, values.json ? json(d) : text(d, reading, run, !!values.all));
  return 0;
};

// src/cli/commands/sign.ts
var import_node_fs = __toESM(require_fs(), 1);
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_path(), 1);

// src/core/report/sign-report.ts
var import_node_crypto = __toESM(require_crypto(), 1);

// src/core/report/property-placer.ts
var INDENT_STEP = "  ";
var NOT_INDENTATION = "x";
function rawAttribute(value) {
  return value.replace(/[&<>"\t\n\r]/g, (c) => RAW_ESCAPES[c]);
}
var RAW_ESCAPES = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "	": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;"
};
function canonicalWhitespace(ws) {
  const parts = [];
  canonicalText(Buffer.from(ws), false, (b) => parts.push(Buffer.from(b)));
  return Buffer.concat(parts).toString("utf8");
}
function isBlank(s) {
  return /^[ \t\r\n]*$/.test(s);
}
function join(...parts) {
  return { raw: parts.map((p) => p.raw).join(""), canonical: parts.map((p) => p.canonical).join("") };
}
function whitespace(ws) {
  return { raw: ws, canonical: canonicalWhitespace(ws) };
}
function property(p) {
  return {
    raw: `<property name="${rawAttribute(p.name)}" value="${rawAttribute(p.value)}"/>`,
    canonical: canonicalElement("property", [
      ["name", p.name],
      ["value", p.value]
    ])
  };
}
function element(name, content, attributes = []) {
  const raw = attributes.map(([n, v]) => ` ${n}="${rawAttribute(v)}"`).join("");
  return {
    raw: `<${name}${raw}>${content.raw}</${name}>`,
    canonical: canonicalElement(name, attributes, content.canonical)
  };
}
function propertyList(props, indent) {
  return join(...props.flatMap((p) => [whitespace(indent), property(p)]));
}
function propertiesElement(props, outer) {
  if (outer === "") return element("properties", propertyList(props, ""));
  return element("properties", join(propertyList(props, outer + INDENT_STEP), whitespace(outer)));
}
var PropertyPlacer = class {
  /**
   * `asserted`: names whose wanted value is added even when the report already has the name with another value
   * (after the report's own, so that readers, which take the last, read ours): a CI job's run identity, which a
   * report must not be able to claim for itself.
   */
  constructor(wanted, emit, asserted = /* @__PURE__ */ new Set()) {
    this.wanted = wanted;
    this.emit = emit;
    this.asserted = asserted;
  }
  wanted;
  emit;
  asserted;
  phase = "seeking";
  suiteDepth = 0;
  lastText = "";
  /** The first suite's property names and the last value of each (readers take the last). */
  existing = /* @__PURE__ */ new Map();
  propertyIndent = "";
  rootName = "";
  /** Names of the first suite's properties that were not known when the metadata was placed. */
  conflicts = [];
  placed = /* @__PURE__ */ new Set();
  /** Names of the properties placed, once placed. */
  get added() {
    return [...this.placed];
  }
  /** Remembers the whitespace before the next element, to indent what is added like its neighbours. */
  text(raw) {
    if (this.phase !== "first-child" && this.phase !== "in-properties") return;
    const s = raw.length <= 256 ? raw.toString("utf8") : NOT_INDENTATION;
    this.lastText = isBlank(s) ? this.lastText + s : NOT_INDENTATION;
  }
  /** Before the canonicalizer sees the start tag. */
  beforeStart(tag) {
    if (tag.depth === 1) this.rootName = tag.qname;
    if (this.phase === "seeking" && this.isFirstSuite(tag)) {
      this.suiteDepth = tag.depth;
      this.phase = "first-child";
      this.lastText = "";
      return;
    }
    if (this.phase === "first-child" && tag.depth === this.suiteDepth + 1) {
      if (isNamed(tag, "properties")) {
        this.phase = "in-properties";
        this.lastText = "";
        return;
      }
      const indent = isBlank(this.lastText) ? this.lastText : "";
      this.place(tag.start, 0, (props) => join(propertiesElement(props, indent), whitespace(indent)));
      return;
    }
    if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 2 && isNamed(tag, "property")) {
      const name = tag.attributes.find((a) => a.qname === "name")?.value;
      const value = tag.attributes.find((a) => a.qname === "value")?.value ?? "";
      if (name !== void 0) this.existing.set(name, value);
      this.propertyIndent = isBlank(this.lastText) ? this.lastText : "";
    }
    if (this.phase === "done" && tag.depth === this.suiteDepth + 2 && isNamed(tag, "property")) {
      const name = tag.attributes.find((a) => a.qname === "name")?.value;
      if (name !== void 0 && this.placed.has(name)) this.conflicts.push(name);
    }
    this.lastText = "";
  }
  /** After the canonicalizer saw the start tag: self-closing elements that must receive content. */
  afterStart(tag) {
    if (!tag.selfClosing) return;
    const root = tag.depth === 1;
    let content;
    if (this.phase === "first-child" && tag.depth === this.suiteDepth)
      content = (props) => propertiesElement(props, "");
    else if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 1)
      content = (props) => propertyList(props, "");
    else if (this.phase === "seeking" && root) content = emptySuite;
    if (!content) return;
    const close = root ? EMPTY : closing(tag.qname);
    const fill = content;
    this.place(tag.end - 2, 2, (props) => join(OPEN_END, props.length ? fill(props) : EMPTY, close), root);
  }
  /** Before the canonicalizer sees the end tag. */
  beforeEnd(tag) {
    if (tag.start === tag.end) return;
    if (this.phase === "first-child" && tag.depth === this.suiteDepth) {
      this.place(tag.start, 0, (props) => propertiesElement(props, ""));
    } else if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 1) {
      this.place(tag.start, 0, (props) => this.appendedProperties(props));
    } else if (this.phase === "seeking" && tag.depth === 1) {
      this.place(tag.start, 0, emptySuite);
    }
    this.lastText = "";
  }
  /** Properties added at the end of an existing <properties>, indented like the ones there. */
  appendedProperties(props) {
    const close = isBlank(this.lastText) ? this.lastText : "";
    const indent = this.propertyIndent;
    if (indent === "" || close === "" || !indent.startsWith(close)) return propertyList(props, "");
    const [first, ...rest] = props;
    return join(
      whitespace(indent.slice(close.length)),
      property(first),
      propertyList(rest, indent),
      whitespace(close)
    );
  }
  isFirstSuite(tag) {
    if (!isNamed(tag, "testsuite")) return false;
    return tag.depth === 1 || tag.depth === 2 && this.rootName === "testsuites";
  }
  place(offset, remove, build, always = false) {
    const props = this.wanted.filter(
      (p) => !this.existing.has(p.name) || this.asserted.has(p.name) && this.existing.get(p.name) !== p.value
    );
    this.placed = new Set(props.map((p) => p.name));
    this.phase = "done";
    if (props.length === 0 && !always) return;
    const f = build(props);
    this.emit({ offset, remove, raw: f.raw, canonical: f.canonical });
  }
};
function isNamed(tag, local) {
  return tag.ns === "" && tag.local === local;
}
function closing(qname) {
  return { raw: `</${qname}>`, canonical: "" };
}
var EMPTY = { raw: "", canonical: "" };
var OPEN_END = { raw: ">", canonical: "" };
function emptySuite(props) {
  return element("testsuite", propertiesElement(props, ""), [
    ["name", "jux-metadata"],
    ["tests", "0"]
  ]);
}

// src/core/report/splice-writer.ts
var SpliceWriter = class {
  constructor(out) {
    this.out = out;
  }
  out;
  edits = [];
  position = 0;
  skip = 0;
  insert(offset, bytes) {
    this.edit(offset, 0, bytes);
  }
  replace(offset, remove, bytes) {
    this.edit(offset, remove, bytes);
  }
  /** Drops the input from `offset` on, until `resume`. */
  cut(offset) {
    this.edit(offset, Infinity, Buffer.alloc(0));
  }
  /** Ends a cut: input from `offset` on is copied again. */
  resume(offset) {
    const open = [...this.edits].reverse().find((e) => e.remove === Infinity);
    if (open) {
      open.remove = offset - open.offset;
      return;
    }
    if (this.skip !== Infinity) throw new Error("resume() without cut()");
    this.skip = offset - this.position;
  }
  /** The next input bytes, in order. */
  push(chunk) {
    let from = 0;
    while (from < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - from);
        this.skip -= n;
        from += n;
        this.position += n;
        continue;
      }
      const next = this.edits[0];
      const until = next ? Math.min(chunk.length, from + (next.offset - this.position)) : chunk.length;
      if (until > from) {
        this.out(chunk.subarray(from, until));
        this.position += until - from;
        from = until;
      }
      if (next && next.offset === this.position) this.apply();
    }
    while (this.skip === 0 && this.edits[0]?.offset === this.position) this.apply();
  }
  /** Applies the edits at the very end of the input. */
  end() {
    while (this.edits.length > 0) {
      const next = this.edits[0];
      if (next.offset !== this.position || next.remove > 0) {
        throw new Error(`edit at offset ${next.offset} lies outside the document (${this.position} bytes)`);
      }
      this.apply();
    }
  }
  edit(offset, remove, bytes) {
    const last = this.edits[this.edits.length - 1];
    if (offset < this.position || last && offset < last.offset) {
      throw new Error(
        `edit at offset ${offset} comes too late (already at ${Math.max(this.position, last?.offset ?? 0)})`
      );
    }
    this.edits.push({
      offset,
      remove,
      bytes: typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes
    });
  }
  apply() {
    const edit = this.edits.shift();
    if (edit.bytes.length > 0) this.out(edit.bytes);
    this.skip = edit.remove;
  }
};

// src/core/report/sign-report.ts
var SignError = class extends Error {
  name = "SignError";
};
var SigningPass = class {
  constructor(options, writer) {
    this.options = options;
    this.writer = writer;
    this.summarizer = new Summarizer(options.source);
    const methods = [C14N11, c14nUri(options.c14n ?? DEFAULT_C14N)];
    this.c14n = new Canonicalizer(methods[1] === C14N11 ? [C14N11] : methods, (0, import_node_crypto.createHash)("sha256"));
    this.placer = new PropertyPlacer(
      options.properties,
      (s) => {
        writer.replace(s.offset, s.remove, s.raw);
        this.c14n.insertCanonical(Buffer.from(s.canonical, "utf8"));
      },
      options.asserted
    );
  }
  options;
  writer;
  summarizer;
  placer;
  c14n;
  context = { namespaces: [], xmlAttributes: [] };
  skipping = 0;
  resigned = false;
  hash = "";
  startElement(tag) {
    if (this.skipping > 0) {
      this.skipping++;
      if (isSignature(tag)) this.fail("a ds:Signature inside another ds:Signature");
      return;
    }
    if (isSignature(tag)) return this.dropOldSignature(tag);
    if (tag.depth === 1) {
      this.context = {
        namespaces: tag.namespaces,
        xmlAttributes: tag.attributes.filter((a) => a.prefix === "xml")
      };
    }
    this.summarizer.startElement(tag);
    this.options.also?.startElement(tag);
    this.placer.beforeStart(tag);
    this.c14n.startElement(tag);
    this.placer.afterStart(tag);
  }
  endElement(tag) {
    if (this.skipping > 0) {
      if (--this.skipping === 0) this.writer.resume(tag.end);
      return;
    }
    this.summarizer.endElement(tag);
    this.options.also?.endElement(tag);
    this.placer.beforeEnd(tag);
    this.c14n.endElement(tag);
    if (tag.depth === 1) this.appendSignature(tag);
  }
  text(raw, cdata, marks) {
    if (this.skipping > 0) return;
    this.options.also?.text(raw, cdata);
    this.placer.text(raw);
    this.c14n.text(raw, cdata, marks);
  }
  dropOldSignature(tag) {
    if (tag.depth !== 2) this.fail("it contains a ds:Signature that is not a child of the document element");
    if (this.resigned) this.fail("it contains more than one ds:Signature");
    this.resigned = true;
    this.writer.cut(tag.start);
    if (tag.selfClosing) this.writer.resume(tag.end);
    else this.skipping = 1;
  }
  appendSignature(end) {
    const sinks = this.c14n.sinks();
    const canonical = sinks[0].digest();
    const digest = sinks.length > 1 && sinks[1] !== sinks[0] ? sinks[1].digest() : canonical;
    this.hash = canonical.toString("hex");
    const { key } = this.options;
    const method = c14nUri(this.options.c14n ?? DEFAULT_C14N);
    const algorithm = signatureAlgorithmFor(key);
    const signedInfo = signedInfoXml(method, algorithm, digest);
    const parsed = parseSignature(`<ds:Signature xmlns:ds="${DSIG_NS}">${signedInfo}</ds:Signature>`);
    const signedBytes = canonicalSubtree(
      findChild(parsed, "SignedInfo"),
      method,
      signedInfoContext(this.context, parsed)
    );
    const signature = signatureXml(signedInfo, signBytes(signedBytes, key, algorithm), keyInfoXml(key));
    const selfClosedRoot = end.start === end.end;
    this.writer.insert(end.start, selfClosedRoot ? `${signature}</${end.qname}>` : signature);
  }
  fail(reason) {
    throw new XmlError("forbidden-construct", this.options.source, 0, 0, `cannot sign: ${reason}`);
  }
};
async function* withBackpressure(input, output) {
  for await (const chunk of input) {
    yield chunk;
    await drained(output);
  }
}
async function signPass(options, output) {
  let written = 0;
  const writer = new SpliceWriter((bytes) => {
    written += bytes.length;
    output.write(bytes);
  });
  const pass = new SigningPass(options, writer);
  const input = withBackpressure(options.open(), output);
  await readXml(input, pass, {
    source: options.source,
    limits: options.limits,
    onRaw: (b) => writer.push(b),
    ...options.reread ? { reread: options.reread } : {}
  });
  writer.end();
  return { pass, written };
}
async function signReport(options) {
  const { pass, written } = await signPass(options, options.output);
  if (pass.placer.conflicts.length > 0) {
    throw new SignError(
      `${options.source}: the first testsuite has a second <properties> element defining ${pass.placer.conflicts.join(", ")}; merge its properties into the first <properties> element, or sign with --no-metadata`
    );
  }
  return {
    summary: pass.summarizer.summary(),
    canonicalHash: pass.hash,
    added: pass.placer.added,
    resigned: pass.resigned,
    bytesWritten: written
  };
}

// src/core/in-order.ts
async function eachInOrder(items, width, work, done) {
  const pending = /* @__PURE__ */ new Map();
  let started = 0;
  const start = () => {
    if (started < items.length) pending.set(started, work(items[started++]));
  };
  for (let i = 0; i < Math.max(1, width); i++) start();
  for (let i = 0; i < items.length; i++) {
    const result = await pending.get(i);
    pending.delete(i);
    start();
    done(result, items[i]);
  }
}

// src/cli/commands/sign.ts
var USAGE2 = `Usage: jux sign [REPORT.xml] [-o SIGNED.xml] [--key KEY.pem] [options]
       jux sign REPORT.xml|DIR|'PATTERN' ... [-r] -o DIR [--key KEY.pem] [options]

Adds the run's metadata to a JUnit XML report and signs it with an enveloped XMLDSig signature.
The output is the input's bytes with the <property> elements and the Signature spliced in; nothing else
changes. Reads standard input and writes standard output when -i / -o are omitted (or "-").
Several reports: their signed copies go under -o DIR at their paths under the directory or pattern given
(a file named as such: its own name), never onto an input file; exit status 0 all signed, 1 none, 2 some.

${reportsHelp("-i")}

Options:
  -i, --input FILE          a report to sign (repeatable)
  -r, --recursive           a directory's subdirectories too
  -o, --output FILE|DIR     where to write the signed report (written atomically; never the input itself);
                            a directory for several reports (created when missing; never searched for reports)
  -k, --key FILE            private key, PEM (PKCS#8, PKCS#1 or SEC1; encrypted PKCS#8 needs a passphrase)
                            (default: key_path, i.e. JUX_KEY_PATH or a config file)
  -c, --cert FILE           certificate of the key, embedded in KeyInfo (without it: the public key value)
                            (default: cert_path, i.e. JUX_CERT_PATH or a config file)
      --passphrase-env VAR  read the key's passphrase from environment variable VAR (default: key_passphrase_env)
      --c14n METHOD         c14n11 (the upstream profile) or exclusive (default: c14n, else c14n11)
      --project NAME        the project property (default: project_name, i.e. JUX_PROJECT_NAME or a config
                            file, else the repository or directory name)
  -p, --property NAME=VALUE add a property of your own (repeatable; added to the configured properties,
                            replacing a configured one of the same name)
      --no-metadata         sign the report as it is, adding no property
      --max-size SIZE       refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json                print the result as JSON (on standard error when the report goes to standard output)
  -h, --help                show this help
`;
var OPTIONS2 = {
  input: { type: "string", short: "i", multiple: true },
  recursive: { type: "boolean", short: "r" },
  output: { type: "string", short: "o" },
  key: { type: "string", short: "k" },
  cert: { type: "string", short: "c" },
  "passphrase-env": { type: "string" },
  c14n: { type: "string" },
  project: { type: "string" },
  property: { type: "string", short: "p", multiple: true },
  "no-metadata": { type: "boolean" },
  json: { type: "boolean" },
  "max-size": { type: "string" },
  help: { type: "boolean", short: "h" }
};
function sameFile(a, b) {
  try {
    return (0, import_node_fs.realpathSync)(a) === (0, import_node_fs.realpathSync)(b);
  } catch {
    return a === b;
  }
}
function describe2(result, output) {
  const s = result.summary;
  const added = result.added.length > 0 ? `, added ${result.added.length} properties` : "";
  return `signed ${output}: ${s.tests} tests (${s.failures} failed, ${s.errors} errors, ${s.skipped} skipped), sha256:${result.canonicalHash}${added}${result.resigned ? ", replaced the previous signature" : ""}`;
}
function resultJson(result, output) {
  return {
    output,
    canonical_hash: result.canonicalHash,
    added: result.added,
    resigned: result.resigned,
    ...result.summary
  };
}
var IN_FLIGHT = 4;
async function signEach(items, dir, signOne, asJson, io, redact) {
  const rows = [];
  let signed = 0;
  const made = /* @__PURE__ */ new Map();
  const madeDir = (path) => {
    let done = made.get(path);
    if (done === void 0) made.set(path, done = (0, import_promises.mkdir)(path, { recursive: true }));
    return done;
  };
  const signInto = async (item) => {
    if (isProblem(item)) return { error: item.problem };
    try {
      await madeDir((0, import_node_path.dirname)(item.target));
      const result = await writeStreamAtomic(item.target, (out) => signOne(item, out));
      return { result, name: item.targetName };
    } catch (e) {
      return { error: failureOf(item.source, e) };
    }
  };
  await eachInOrder(await outputsUnder(items, dir), IN_FLIGHT, signInto, (outcome, item) => {
    if ("error" in outcome) {
      if (asJson) rows.push({ input: item.source, error: outcome.error });
      else writeLine(io.stderr, `error: ${outcome.error}`);
      return;
    }
    signed++;
    const { result, name } = outcome;
    if (asJson) rows.push({ input: item.source, ...resultJson(result, name) });
    else writeLine(io.stdout, describe2(result, name));
    warnUnredacted(io, item.source, result, redact);
  });
  if (asJson) writeLine(io.stdout, json(rows));
  else if (signed < items.length) writeLine(io.stderr, `signed ${signed} of ${items.length} reports`);
  return batchStatus(signed, items.length);
}
var sign = async (argv, io) => {
  const { values, tokens } = parse(argv, OPTIONS2, "sign", true);
  if (values.help) {
    io.stdout.write(USAGE2);
    return 0;
  }
  const settings = await signSettings(values, io);
  const redact = values["no-metadata"] ? [] : settings.metadata.redact;
  const c14n = settings.c14n;
  const key = loadSigningKey(settings.key);
  const properties = values["no-metadata"] ? [] : collectMetadata({
    env: settings.metadataEnv,
    cwd: io.cwd,
    extra: settings.properties,
    ...settings.metadata,
    ...settings.project ? { project: settings.project } : {}
  });
  const limits = limitsOf(values["max-size"], "sign");
  const signOne = (input2, output2) => signReport({
    source: input2.source,
    open: input2.open,
    ...input2.reread ? { reread: input2.reread } : {},
    output: output2,
    key,
    properties,
    c14n,
    limits
  });
  const toStdout = values.output === void 0 || values.output === "-";
  const inputs = await expandInputs(operandsOf(tokens, "input"), io, {
    cwd: io.cwd,
    recursive: !!values.recursive,
    ...toStdout ? {} : { exclude: (0, import_node_path.resolve)(io.cwd, values.output) }
  });
  if (!inputs.single)
    return signEach(
      inputs.items,
      await outputDirectory(values.output, io.cwd),
      signOne,
      !!values.json,
      io,
      redact
    );
  const input = onlyInput(inputs);
  const output = toStdout ? "-" : await outputFor(values.output, input, io.cwd);
  const run = (out) => signOne(input, out);
  let result;
  if (toStdout) {
    result = await run(io.stdout);
  } else {
    const target = (0, import_node_path.resolve)(io.cwd, output);
    if (input.path && sameFile(input.path, target)) {
      throw new UsageError(
        "jux sign: the output must not be the input file (the original report is never modified in place)"
      );
    }
    result = await writeStreamAtomic(target, run);
  }
  const report2 = values.json ? json(resultJson(result, output)) : describe2(result, toStdout ? "<stdout>" : output);
  writeLine(toStdout ? io.stderr : io.stdout, report2);
  warnUnredacted(io, input.source, result, redact);
  return 0;
};
function warnUnredacted(io, source, result, redact) {
  const own = result.summary.properties.filter((p) => !result.added.includes(p.name));
  const names = redactedNames(own, redact);
  if (names.length === 0) return;
  writeLine(
    io.stderr,
    `warning: ${source}: its own ${names.length === 1 ? "property" : "properties"} ${names.join(", ")} ${names.length === 1 ? "matches" : "match"} redact or the built-in secret list and ${names.length === 1 ? "is" : "are"} signed as the report holds ${names.length === 1 ? "it" : "them"} (jux never rewrites a report's content): remove ${names.length === 1 ? "it" : "them"} where the report is written (e.g. the test runner's metadata plugin)`
  );
}

// src/cli/commands/verify.ts
var USAGE3 = `Usage: jux verify [SIGNED.xml|DIR|'PATTERN' ...] [-r] [--cert CERT.pem ...] [--max-size SIZE]
                  [--json | --quiet]

Verifies a signed JUnit XML report under the strict profile: one enveloped signature over the whole
document, SHA-256, RSA (2048 bits or more) or ECDSA. Only the certificates and public keys you give
are trusted; a certificate embedded in the report proves nothing by itself, and it must hold the key
that made the signature. The Signature itself is not signed, so it may hold only what the profile allows
(SignedInfo, SignatureValue, and a KeyInfo with X509Data, KeyValue or KeyName); anything else is refused
and named by its path. A refusal says what failed: an untrusted key, an altered SignedInfo or
SignatureValue (and how, when it can tell), or a value of the wrong length for the key.

Exit status: 0 valid, 1 invalid, 2 usage error. Several reports: 0 all valid, 1 none, 2 some.

${reportsHelp("-i")}

Options:
  -i, --input FILE   a signed report (repeatable; default: standard input)
  -r, --recursive    a directory's subdirectories too
  -c, --cert FILE    trusted certificate(s) or public key(s), PEM; repeatable, bundles accepted
                     (default: cert_path, i.e. JUX_CERT_PATH or a config file, as pytest-jux's jux-verify)
  -q, --quiet        print nothing; the exit status is the verdict
      --max-size SIZE refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json         print {"valid": true|false, "error"?, "canonical_hash", ...}
  -h, --help         show this help
`;
var OPTIONS3 = {
  input: { type: "string", short: "i", multiple: true },
  recursive: { type: "boolean", short: "r" },
  cert: { type: "string", short: "c", multiple: true },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  "max-size": { type: "string" },
  help: { type: "boolean", short: "h" }
};
function verdictJson(outcome) {
  const { canonicalHash, summary, ...rest } = outcome;
  const counts = summary && {
    tests: summary.tests,
    failures: summary.failures,
    errors: summary.errors,
    skipped: summary.skipped
  };
  return { ...rest, ...canonicalHash ? { canonical_hash: canonicalHash } : {}, ...counts };
}
function printVerdict(io, source, outcome) {
  if (outcome.valid)
    writeLine(io.stdout, `valid: ${source} is signed by ${outcome.signer} (sha256:${outcome.canonicalHash})`);
  else
    writeLine(
      io.stderr,
      `invalid: ${outcome.error.startsWith(source) ? outcome.error : `${source}: ${outcome.error}`}`
    );
}
async function verifyEach(items, options, io) {
  const rows = [];
  let valid = 0;
  for (const item of items) {
    const outcome = isProblem(item) ? { valid: false, error: item.problem } : await verifyReport({ ...item, trusted: options.trusted, limits: options.limits }).catch(
      (e) => ({ valid: false, error: failureOf(item.source, e) })
    );
    if (outcome.valid) valid++;
    if (options.quiet) continue;
    if (options.json) rows.push({ file: item.source, ...verdictJson(outcome) });
    else if (isProblem(item)) writeLine(io.stderr, `error: ${item.problem}`);
    else printVerdict(io, item.source, outcome);
  }
  if (options.quiet) return batchStatus(valid, items.length);
  if (options.json) writeLine(io.stdout, json(rows));
  else if (valid < items.length) writeLine(io.stderr, `${valid} of ${items.length} reports valid`);
  return batchStatus(valid, items.length);
}
var verify = async (argv, io) => {
  const { values, tokens } = parse(argv, OPTIONS3, "verify", true);
  if (values.help) {
    io.stdout.write(USAGE3);
    return 0;
  }
  const trusted = await trustedKeysOf(values.cert, io, "verify", values.quiet);
  const limits = limitsOf(values["max-size"], "verify");
  const inputs = await expandInputs(operandsOf(tokens, "input"), io, {
    cwd: io.cwd,
    recursive: !!values.recursive
  });
  if (!inputs.single)
    return verifyEach(inputs.items, { trusted, limits, json: values.json, quiet: values.quiet }, io);
  const input = onlyInput(inputs);
  const outcome = await verifyReport({ ...input, trusted, limits });
  if (values.quiet) return outcome.valid ? 0 : 1;
  if (values.json) writeLine(io.stdout, json(verdictJson(outcome)));
  else printVerdict(io, input.source, outcome);
  return outcome.valid ? 0 : 1;
};

// src/cli/main.ts
var keygen = async (argv, io) => (await import("./keygen-GOVAU2BY.js")).keygen(argv, io);
var publish = async (argv, io) => (await import("./publish-FGDNCBXX.js")).publish(argv, io);
var cache = async (argv, io) => (await import("./cache-TQQY76Q3.js")).cache(argv, io);
var config = async (argv, io) => (await import("./config-PZYPX7MO.js")).config(argv, io);
var compare = async (argv, io) => (await import("./compare-Q2WX4XRZ.js")).compare(argv, io);
var USAGE4 = `Usage: jux <command> [options]

Signs, verifies and inspects JUnit XML test reports (XMLDSig, interoperable with pytest-jux and xmlsec1).

Commands:
  keygen    create a signing key (RSA or ECDSA) and a self-signed certificate
  sign      add the run's metadata to a report and sign it
  verify    check a signed report against the certificates you trust
  inspect   print a report's counts, canonical hash, properties, signature, failing and flaky tests
  serve     run a reference Jux API server (needs Node.js 22.5 or newer)
  publish   publish signed reports to a Jux API server, by storage mode
  compare   compare this run's reports with the latest run of a base branch on a Jux server, test by test
  cache     the local store: list, show, stats, clean, push the offline queue, compare two reports,
            delete, export, import, recompress (and list's criteria: project, branch, commit, status, time)
  config    the configuration: list the options, dump the effective values and their sources, init, validate

Every command takes --profile NAME: the configuration's [profile NAME] over its base (JUX_PROFILE otherwise).
Run "jux <command> --help" for a command's options. Also installed as jux-sign, jux-verify, jux-inspect and
jux-keygen, jux-publish, jux-cache, jux-config (the pytest-jux names). Set JUX_DEBUG=1 to see stack traces.
`;
function commandOfProgram(program) {
  const m = /^jux-(sign|verify|inspect|keygen|publish|cache|config)(\.[cm]?js)?$/.exec((0, import_node_path2.basename)(program));
  return m?.[1];
}
async function main(program, argv, io, apps = {}) {
  const alias = commandOfProgram(program);
  try {
    const global = globalProfile(argv);
    const [name, ...rest] = alias ? [alias, ...global.argv] : global.argv;
    if (name === void 0 || name === "--help" || name === "-h" || name === "help") {
      io.stdout.write(USAGE4);
      return name === void 0 ? EXIT.usage : EXIT.ok;
    }
    if (name === "--version" || name === "-V") {
      writeLine(io.stdout, `jux ${VERSION}`);
      return 0;
    }
    const commands = {
      sign,
      verify,
      inspect,
      keygen,
      ...apps,
      publish,
      compare,
      cache,
      config
    };
    const command = commands[name];
    if (!command)
      throw new UsageError(`jux: unknown command "${name}" (commands: ${Object.keys(commands).join(", ")})`);
    const withProfile = global.profile !== void 0 ? { ...io, profile: global.profile } : io;
    return await command(rest, alias ? { ...withProfile, pytestJux: true } : withProfile);
  } catch (e) {
    return report(e, io);
  }
}
var PASSPHRASE_HINT = "give the name of the environment variable holding it with --passphrase-env VAR (or key_passphrase_env in the configuration)";
function exitStatusOf(e) {
  if (e instanceof UsageError) return EXIT.usage;
  if (e instanceof ConfigError && e.problems.every((p) => p.startsWith("--"))) return EXIT.usage;
  return EXIT.failure;
}
function report(error, io) {
  const e = withPassphraseHint(error, PASSPHRASE_HINT);
  if (io.env.JUX_DEBUG === "1" && e instanceof Error) writeLine(io.stderr, e.stack ?? String(e));
  else writeLine(io.stderr, `error: ${errorMessage(e)}`);
  return exitStatusOf(e);
}
export {
  exitStatusOf,
  main
};

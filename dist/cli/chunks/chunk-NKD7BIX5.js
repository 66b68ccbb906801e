import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  RANK,
  RESULT,
  parseTime
} from "./chunk-J5DVWMKE.js";
import {
  C14N11,
  CURVE_OIDS,
  Canonicalizer,
  DSIG11_NS,
  DSIG_NS,
  ECDSA_SHA256,
  ECDSA_SHA384,
  ECDSA_SHA512,
  ENVELOPED,
  EXC_C14N,
  RSA_SHA256,
  SHA256,
  SIGNATURE_ALGORITHMS,
  XmlError,
  readXml,
  readXmlSync,
  require_crypto
} from "./chunk-KE6R4GHG.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

// src/core/report/read-report.ts
var import_node_crypto2 = __toESM(require_crypto(), 1);

// src/core/xml/tree.ts
function isElement(node) {
  return "tag" in node;
}
var TreeBuilder = class {
  constructor(maxBytes = 1024 * 1024) {
    this.maxBytes = maxBytes;
  }
  maxBytes;
  root;
  stack = [];
  textBytes = 0;
  startElement(tag) {
    const el = { tag, end: void 0, children: [] };
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(el);
    else this.root = el;
    this.stack.push(el);
  }
  endElement(tag) {
    const el = this.stack.pop();
    if (el) el.end = tag;
  }
  text(raw, cdata) {
    this.textBytes += raw.length;
    if (this.textBytes > this.maxBytes)
      throw new Error(`more than ${this.maxBytes} bytes of text in one element tree`);
    this.stack[this.stack.length - 1]?.children.push({ raw: Buffer.from(raw), cdata });
  }
};
function replay(el, handler) {
  handler.startElement(el.tag);
  for (const child of el.children) {
    if (isElement(child)) replay(child, handler);
    else handler.text(child.raw, child.cdata);
  }
  handler.endElement(
    el.end ?? { qname: el.tag.qname, start: el.tag.end, end: el.tag.end, depth: el.tag.depth }
  );
}
function childElements(el) {
  return el.children.filter(isElement);
}
var REFS = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
function textContent(el) {
  let s = "";
  for (const child of el.children) {
    if (isElement(child)) continue;
    const text = child.raw.toString("utf8").replace(/\r\n?/g, "\n");
    s += child.cdata ? text : text.replace(
      /&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g,
      (_, body) => body.startsWith("#x") ? String.fromCodePoint(parseInt(body.slice(2), 16)) : body.startsWith("#") ? String.fromCodePoint(parseInt(body.slice(1), 10)) : REFS[body] ?? ""
    );
  }
  return s;
}
function attribute(el, qname) {
  return el.tag.attributes.find((a) => a.qname === qname)?.value;
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

// src/core/xmldsig/signature.ts
var import_node_crypto = __toESM(require_crypto(), 1);
function isSignature(tag) {
  return tag.ns === DSIG_NS && tag.local === "Signature";
}
function signatureAlgorithmFor(key) {
  if (key.algorithm.kind === "rsa") return SIGNATURE_ALGORITHMS[RSA_SHA256];
  const uri = { "P-256": ECDSA_SHA256, "P-384": ECDSA_SHA384, "P-521": ECDSA_SHA512 }[key.algorithm.curve];
  return SIGNATURE_ALGORITHMS[uri];
}
function signedInfoXml(c14n, algorithm, digest) {
  return `<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${c14n}"/><ds:SignatureMethod Algorithm="${algorithm.uri}"/><ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="${ENVELOPED}"/><ds:Transform Algorithm="${c14n}"/></ds:Transforms><ds:DigestMethod Algorithm="${SHA256}"/><ds:DigestValue>${digest.toString("base64")}</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
}
function signatureXml(signedInfo, signatureValue, keyInfo) {
  return `<ds:Signature xmlns:ds="${DSIG_NS}">` + signedInfo + `<ds:SignatureValue>${signatureValue.toString("base64")}</ds:SignatureValue>` + keyInfo + "</ds:Signature>";
}
function keyInfoXml(key) {
  if (key.certificate) {
    const lines = key.certificate.raw.toString("base64").match(/.{1,64}/g);
    return `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${lines.join("\n")}
</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`;
  }
  const jwk = key.publicKey.export({ format: "jwk" });
  const b64 = (s) => Buffer.from(s ?? "", "base64url").toString("base64");
  if (key.algorithm.kind === "rsa") {
    return `<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${b64(jwk.n)}</ds:Modulus><ds:Exponent>${b64(jwk.e)}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>`;
  }
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x ?? "", "base64url"),
    Buffer.from(jwk.y ?? "", "base64url")
  ]);
  return `<ds:KeyInfo><ds:KeyValue><dsig11:ECKeyValue xmlns:dsig11="${DSIG11_NS}"><dsig11:NamedCurve URI="urn:oid:${CURVE_OIDS[key.algorithm.curve]}"/><dsig11:PublicKey>${point.toString("base64")}</dsig11:PublicKey></dsig11:ECKeyValue></ds:KeyValue></ds:KeyInfo>`;
}
function canonicalSubtree(el, method, context) {
  const parts = [];
  const c14n = new Canonicalizer([method], { update: (b) => parts.push(Buffer.from(b)) }, context);
  replay(el, c14n);
  c14n.flush();
  return Buffer.concat(parts);
}
function signedInfoContext(doc, signature) {
  return {
    namespaces: [...doc.namespaces, ...signature.tag.namespaces],
    xmlAttributes: [...doc.xmlAttributes, ...signature.tag.attributes.filter((a) => a.prefix === "xml")]
  };
}
function parseSignature(xml) {
  const tree = new TreeBuilder();
  readXmlSync(xml, tree, { source: "generated Signature" });
  return tree.root;
}
function findChild(el, local, ns = DSIG_NS) {
  return childElements(el).find((c) => c.tag.local === local && c.tag.ns === ns);
}
function signBytes(data, key, algorithm) {
  if (algorithm.key === "rsa") return (0, import_node_crypto.sign)(algorithm.hash, data, key.privateKey);
  return (0, import_node_crypto.sign)(algorithm.hash, data, { key: key.privateKey, dsaEncoding: "ieee-p1363" });
}
function verifyBytes(data, signature, key, algorithm) {
  if (algorithm.key === "rsa") return (0, import_node_crypto.verify)(algorithm.hash, data, key, signature);
  return (0, import_node_crypto.verify)(algorithm.hash, data, { key, dsaEncoding: "ieee-p1363" }, signature);
}

// src/core/report/read-report.ts
var ReadingPass = class {
  constructor(source, also) {
    this.also = also;
    this.summarizer = new Summarizer(source);
    this.c14n = new Canonicalizer([C14N11, EXC_C14N], (0, import_node_crypto2.createHash)("sha256"));
  }
  also;
  summarizer;
  c14n;
  capture;
  captureDepth = 0;
  signature;
  document = { namespaces: [], xmlAttributes: [] };
  problems = [];
  signatures = 0;
  startElement(tag) {
    if (this.capture) {
      this.captureDepth++;
      if (isSignature(tag)) this.problem("a ds:Signature nested inside the ds:Signature");
      return this.capture.startElement(tag);
    }
    if (tag.depth === 1) {
      this.document = {
        namespaces: tag.namespaces,
        xmlAttributes: tag.attributes.filter((a) => a.prefix === "xml")
      };
    }
    if (isSignature(tag)) {
      this.signatures++;
      if (this.signatures > 1) this.problem("more than one ds:Signature in the report");
      if (tag.depth !== 2)
        this.problem(`a ds:Signature that is not a child of the document element (at depth ${tag.depth})`);
      else if (!this.signature && !this.capture) return this.startCapture(tag);
    } else if (tag.depth === 2 && this.signature) {
      this.problem(`the ds:Signature is not the last element of the document (<${tag.qname}> follows it)`);
    }
    this.summarizer.startElement(tag);
    this.also?.startElement(tag);
    this.c14n.startElement(tag);
  }
  endElement(tag) {
    if (this.capture) {
      this.capture.endElement(tag);
      if (--this.captureDepth === 0) {
        this.signature = this.capture.root;
        this.capture = void 0;
      }
      return;
    }
    this.summarizer.endElement(tag);
    this.also?.endElement(tag);
    this.c14n.endElement(tag);
  }
  text(raw, cdata, marks) {
    if (this.capture) return this.capture.text(raw, cdata);
    this.also?.text(raw, cdata);
    this.c14n.text(raw, cdata, marks);
  }
  digests() {
    const [inclusive, exclusive] = this.c14n.sinks();
    const a = inclusive.digest();
    return /* @__PURE__ */ new Map([
      [C14N11, a],
      [EXC_C14N, exclusive === inclusive ? a : exclusive.digest()]
    ]);
  }
  startCapture(tag) {
    this.capture = new TreeBuilder();
    this.captureDepth = 1;
    this.capture.startElement(tag);
  }
  problem(text) {
    if (!this.problems.includes(text)) this.problems.push(text);
  }
};
async function readReport(options) {
  const pass = new ReadingPass(options.source, options.also);
  const info = await readXml(options.open(), pass, {
    source: options.source,
    limits: options.limits,
    ...options.reread ? { reread: options.reread } : {}
  });
  const digests = pass.digests();
  const signature = pass.signature && { element: pass.signature, document: pass.document, digests };
  return {
    summary: pass.summarizer.summary(),
    canonicalHash: digests.get(C14N11).toString("hex"),
    signature,
    problems: pass.problems,
    size: info.size
  };
}

export {
  countsOf,
  keepProperty,
  Summarizer,
  roundSeconds,
  isElement,
  childElements,
  textContent,
  attribute,
  isSignature,
  signatureAlgorithmFor,
  signedInfoXml,
  signatureXml,
  keyInfoXml,
  canonicalSubtree,
  signedInfoContext,
  parseSignature,
  findChild,
  signBytes,
  verifyBytes,
  readReport
};

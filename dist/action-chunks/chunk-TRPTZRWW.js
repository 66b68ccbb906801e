import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  DEFAULT_LIMITS,
  Summarizer,
  XML_NAMESPACE,
  isSelfCanonical,
  noWorkflowCommand,
  readXml,
  readXmlSync,
  require_promises as require_promises2,
  verbatimTag,
  within
} from "./chunk-KM4QEB6Z.js";
import {
  errnoCode,
  errorMessage,
  osReason
} from "./chunk-R6WRUTCP.js";
import {
  require_promises,
  require_stream,
  require_zlib
} from "./chunk-DPWUYGSE.js";
import {
  notice,
  require_crypto,
  require_os
} from "./chunk-US7DMSZK.js";
import {
  __commonJS,
  __require,
  __toESM,
  require_fs,
  require_path
} from "./chunk-PGWA7IZW.js";

// require-builtin:async_hooks
var require_async_hooks = __commonJS({
  "require-builtin:async_hooks"(exports, module) {
    module.exports = __require("node:async_hooks");
  }
});

// src/core/publish/report-file.ts
var import_node_crypto3 = __toESM(require_crypto(), 1);
var import_promises2 = __toESM(require_promises(), 1);

// src/core/report/read-report.ts
var import_node_crypto2 = __toESM(require_crypto(), 1);

// src/core/xml/c14n.ts
var C14N10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
var C14N11 = "http://www.w3.org/2006/12/xml-c14n11";
var EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
var C14N_METHODS = [C14N10, C14N11, EXC_C14N];
function isC14nMethod(uri) {
  return C14N_METHODS.includes(uri);
}
var EMPTY = /* @__PURE__ */ new Map();
var OUT_SIZE = 64 * 1024;
var Canonicalizer = class {
  views;
  joined;
  inScope = [];
  out = Buffer.allocUnsafe(OUT_SIZE);
  used = 0;
  apex;
  /** The bytes of end tags, by qname (names repeat throughout a report). */
  endTags = /* @__PURE__ */ new Map();
  constructor(methods, sink, apex) {
    this.views = methods.map((method) => ({ method, sink, rendered: [] }));
    this.joined = this.views.length > 1;
    this.apex = apex;
    const initial = /* @__PURE__ */ new Map();
    for (const d of apex?.namespaces ?? []) initial.set(d.prefix, d.uri);
    this.inScope.push(initial);
    for (const v of this.views) v.rendered.push(EMPTY);
  }
  /** The sink of each method, in the order given (after a fork, each method has its own Hash). */
  sinks() {
    this.flush();
    return this.views.map((v) => v.sink);
  }
  startElement(tag) {
    const parentScope = this.inScope[this.inScope.length - 1];
    let scope = parentScope;
    if (tag.namespaces.length > 0) {
      const next = new Map(parentScope);
      for (const d of tag.namespaces) next.set(d.prefix, d.uri);
      scope = next;
    }
    this.inScope.push(scope);
    const apex = this.apex;
    this.apex = void 0;
    const views = this.views;
    if (apex === void 0) {
      const first = this.declarations(views[0], tag, scope, false);
      let decls;
      for (let i = 1; i < views.length; i++) {
        const d = this.declarations(views[i], tag, scope, false);
        (decls ??= [first]).push(d);
        if (this.joined && !sameDeclarations(d, first)) this.fork();
      }
      if (this.joined || decls === void 0) this.writeStartTag(tag, first);
      else decls.forEach((d, i) => this.writeText(renderTag(tag, d, tag.attributes), i));
      return;
    }
    const rendering = views.map((v) => {
      const decls = this.declarations(v, tag, scope, true);
      return renderTag(tag, decls, withInheritedXmlAttributes(tag.attributes, apex, v.method));
    });
    if (this.joined && rendering.some((r) => r !== rendering[0])) this.fork();
    if (this.joined) this.writeText(rendering[0], 0);
    else rendering.forEach((r, i) => this.writeText(r, i));
  }
  endElement(tag) {
    this.inScope.pop();
    for (const v of this.views) v.rendered.pop();
    let bytes = this.endTags.get(tag.qname);
    if (bytes === void 0) {
      if (this.endTags.size >= 256) this.endTags.clear();
      bytes = Buffer.from(`</${tag.qname}>`, "utf8");
      this.endTags.set(tag.qname, bytes);
    }
    if (this.joined || this.views.length === 1) this.writeRange(bytes, 0, bytes.length);
    else for (let i = 0; i < this.views.length; i++) this.writeBytes(bytes, i);
  }
  text(raw, cdata, marks) {
    if (marks !== void 0 && marks.count > 0 && !cdata && (this.joined || this.views.length === 1)) {
      this.writeMarkedText(raw, marks);
    } else if (marks !== void 0 && marks.count === 0 && !cdata) {
      this.insertCanonical(raw);
    } else if (this.joined || this.views.length === 1) {
      this.writeCanonicalText(raw, cdata);
    } else {
      this.flush();
      const parts = [];
      canonicalText(raw, cdata, (b) => parts.push(Buffer.from(b)));
      for (const v of this.views) for (const p of parts) v.sink.update(p);
    }
  }
  /** Canonical bytes of content spliced in by the caller (already canonical). */
  insertCanonical(bytes) {
    if (this.joined || this.views.length === 1) this.writeRange(bytes, 0, bytes.length);
    else {
      this.flush();
      for (const v of this.views) v.sink.update(bytes);
    }
  }
  flush() {
    if (this.used === 0) return;
    this.views[0].sink.update(this.out.subarray(0, this.used));
    this.used = 0;
  }
  fork() {
    this.flush();
    const first = this.views[0].sink;
    if (typeof first.copy !== "function")
      throw new Error("computing several canonical forms needs a Hash sink");
    for (const v of this.views.slice(1)) v.sink = first.copy();
    this.joined = false;
  }
  /** The namespace declarations `v` renders on this element; records what is rendered for its children. */
  declarations(v, tag, scope, apex) {
    const parent = v.rendered[v.rendered.length - 1];
    const decls = v.method === EXC_C14N ? exclusiveNamespaces(tag, scope, parent) : !apex && tag.namespaces.length === 0 ? NO_DECLARATIONS : inclusiveNamespaces(tag, scope, parent, apex);
    let rendered = parent;
    if (decls.length > 0) {
      const next = new Map(parent);
      for (const [p, u] of decls) next.set(p, u);
      rendered = next;
    }
    v.rendered.push(rendered);
    return decls;
  }
  writeText(s, view) {
    if (view === 0 && s.length * 3 < OUT_SIZE - this.used) {
      this.put(s);
      return;
    }
    this.writeBytes(Buffer.from(s, "utf8"), view);
  }
  /** renderTag() written straight into the output buffer of the first view (no string built). */
  writeStartTag(tag, decls) {
    const attrs = sortAttributes(tag.attributes);
    if (verbatimTag.tag === tag && decls.length === 0 && attrs === tag.attributes) {
      this.writeRange(verbatimTag.bytes, verbatimTag.from, verbatimTag.to);
      this.writeRange(GT_BYTE, 0, 1);
      return;
    }
    let size = tag.qname.length + 2;
    for (const [p, u] of decls) size += p.length + u.length + 10;
    for (const a of attrs) size += a.qname.length + a.value.length + 4;
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
  put(s) {
    const out = this.out;
    let u = this.used;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        this.used = u + out.write(s.slice(i), u, "utf8");
        return;
      }
      out[u++] = c;
    }
    this.used = u;
  }
  /** An attribute value or namespace URI, escaped as escapeAttribute() does (room checked by the caller). */
  putEscaped(s) {
    const out = this.out;
    let u = this.used;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        let k = i + 1;
        while (k < n && s.charCodeAt(k) >= 128) k++;
        u += out.write(s.slice(i, k), u, "utf8");
        i = k - 1;
        continue;
      }
      const escape = ATTR_ESCAPE_BYTES[c];
      if (escape === void 0) out[u++] = c;
      else for (let j = 0; j < escape.length; j++) out[u++] = escape[j];
    }
    this.used = u;
  }
  /** canonicalText() where the reader marked what to rewrite: no second scan of the text. */
  writeMarkedText(raw, marks) {
    const n = raw.length;
    let run = 0;
    for (let m = 0; m < marks.count; m++) {
      const i = marks.at[m];
      const b = raw[i];
      let next = i + 1;
      let replacement;
      if (b === 38) {
        let semi = i + 1;
        while (semi < n && raw[semi] !== 59) semi++;
        next = semi + 1;
        replacement = referenceText(raw.toString("latin1", i + 1, semi));
      } else if (b === 13) {
        replacement = LF_BYTE;
        if (raw[i + 1] === 10) next = i + 2;
      } else {
        replacement = TEXT_ESCAPES[b];
      }
      this.writeRange(raw, run, i);
      this.writeRange(replacement, 0, replacement.length);
      run = next;
    }
    this.writeRange(raw, run, n);
  }
  /** canonicalText() into the output buffer of the first view, without a view per piece. */
  writeCanonicalText(raw, cdata) {
    const n = raw.length;
    const stop = cdata ? CDATA_STOP : TEXT_STOP;
    let run = 0;
    for (let i = 0; i < n; i++) {
      const b = raw[i];
      if (stop[b] === 0) continue;
      let next = i + 1;
      let replacement;
      if (b === 38 && !cdata) {
        let semi = i + 1;
        while (semi < n && raw[semi] !== 59) semi++;
        if (isSelfCanonical(raw, i + 1, semi)) {
          i = semi;
          continue;
        }
        next = semi + 1;
        replacement = referenceText(raw.toString("latin1", i + 1, semi));
      } else if (b === 13) {
        replacement = LF_BYTE;
        if (raw[i + 1] === 10) next = i + 2;
      } else {
        replacement = TEXT_ESCAPES[b];
      }
      this.writeRange(raw, run, i);
      this.writeRange(replacement, 0, replacement.length);
      run = next;
      i = next - 1;
    }
    this.writeRange(raw, run, n);
  }
  /** raw[from..to) into the output buffer of the first view; short ranges copied here (cheaper than a call). */
  writeRange(raw, from, to) {
    const len = to - from;
    if (len <= 0) return;
    if (len <= 32 && len <= OUT_SIZE - this.used) {
      const out = this.out;
      let u = this.used;
      for (let j = from; j < to; j++) out[u++] = raw[j];
      this.used = u;
      return;
    }
    if (len <= OUT_SIZE - this.used) {
      raw.copy(this.out, this.used, from, to);
      this.used += len;
      return;
    }
    this.writeBytes(from === 0 && to === raw.length ? raw : raw.subarray(from, to), 0);
  }
  writeBytes(b, view) {
    if (view !== 0) {
      this.views[view].sink.update(b);
      return;
    }
    if (b.length > OUT_SIZE - this.used) {
      this.flush();
      if (b.length >= OUT_SIZE / 2) {
        this.views[0].sink.update(b);
        return;
      }
    }
    b.copy(this.out, this.used);
    this.used += b.length;
  }
};
var NO_DECLARATIONS = [];
function sameDeclarations(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}
function renderTag(tag, decls, attrs) {
  let s = "<" + tag.qname;
  for (const [p, u] of decls) s += (p === "" ? " xmlns" : " xmlns:" + p) + '="' + escapeAttribute(u) + '"';
  for (const a of sortAttributes(attrs)) s += " " + a.qname + '="' + escapeAttribute(a.value) + '"';
  return s + ">";
}
function inclusiveNamespaces(tag, scope, parent, apex) {
  const candidates2 = apex ? [...scope] : tag.namespaces.map((d) => [d.prefix, scope.get(d.prefix)]);
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const [p, u] of candidates2) {
    if (seen.has(p)) continue;
    seen.add(p);
    if (p === "xml") continue;
    const before = parent.get(p);
    if (u === "" ? before === void 0 || before === "" : before === u) continue;
    out.push([p, u]);
  }
  return out.sort((a, b) => compareCodePoints(a[0], b[0]));
}
function exclusiveNamespaces(tag, scope, parent) {
  if (tag.prefix === "" && tag.attributes.every((a) => a.prefix === "" || a.prefix === "xml")) {
    const u = scope.get("") ?? "";
    const before = parent.get("");
    return (u === "" ? before === void 0 || before === "" : before === u) ? NO_DECLARATIONS : [["", u]];
  }
  const used = /* @__PURE__ */ new Set([tag.prefix]);
  for (const a of tag.attributes) if (a.prefix !== "" && a.prefix !== "xml") used.add(a.prefix);
  const out = [];
  for (const p of used) {
    const u = scope.get(p) ?? "";
    const before = parent.get(p);
    if (u === "" ? before === void 0 || before === "" : before === u) continue;
    out.push([p, u]);
  }
  return out.sort((a, b) => compareCodePoints(a[0], b[0]));
}
function withInheritedXmlAttributes(own, apex, method) {
  if (method === EXC_C14N) return own;
  const inheritable = method === C14N11 ? /* @__PURE__ */ new Set(["lang", "space", "base"]) : void 0;
  const nearest = /* @__PURE__ */ new Map();
  for (const a of apex.xmlAttributes) {
    if (a.ns === XML_NAMESPACE && (!inheritable || inheritable.has(a.local))) nearest.set(a.local, a);
  }
  for (const a of own) if (a.ns === XML_NAMESPACE) nearest.delete(a.local);
  return [...own, ...nearest.values()];
}
function sortAttributes(attrs) {
  if (attrs.length < 2) return attrs;
  let sorted = true;
  for (let i = 1; i < attrs.length && sorted; i++) {
    const a = attrs[i - 1];
    const b = attrs[i];
    sorted = (compareCodePoints(a.ns, b.ns) || compareCodePoints(a.local, b.local)) < 0;
  }
  if (sorted) return attrs;
  return [...attrs].sort((a, b) => compareCodePoints(a.ns, b.ns) || compareCodePoints(a.local, b.local));
}
function compareCodePoints(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 55296 && y >= 55296) return surrogateRank(x) - surrogateRank(y);
    return x - y;
  }
  return a.length - b.length;
}
function surrogateRank(unit) {
  return unit >= 55296 && unit <= 57343 ? unit + 65536 : unit;
}
function escapeAttribute(s) {
  if (!/[&<"\t\n\r]/.test(s)) return s;
  return s.replace(/[&<"\t\n\r]/g, (c) => ATTR_ESCAPES[c]);
}
var ATTR_ESCAPES = {
  "&": "&amp;",
  "<": "&lt;",
  '"': "&quot;",
  "	": "&#x9;",
  "\n": "&#xA;",
  "\r": "&#xD;"
};
var ATTR_ESCAPE_BYTES = [];
for (const [c, e] of Object.entries(ATTR_ESCAPES)) ATTR_ESCAPE_BYTES[c.charCodeAt(0)] = Buffer.from(e);
var TEXT_ESCAPES = {
  38: Buffer.from("&amp;"),
  60: Buffer.from("&lt;"),
  62: Buffer.from("&gt;"),
  13: Buffer.from("&#xD;")
};
var LF_BYTE = Buffer.from("\n");
var GT_BYTE = Buffer.from(">");
function canonicalText(raw, cdata, emit) {
  const n = raw.length;
  const stop = cdata ? CDATA_STOP : TEXT_STOP;
  let run = 0;
  let i = nextStop(raw, 0, n, stop);
  while (i < n) {
    const b = raw[i];
    let next = i + 1;
    if (b === 38 && !cdata) {
      let semi = i + 1;
      while (semi < n && raw[semi] !== 59) semi++;
      next = semi + 1;
      if (!isSelfCanonical(raw, i + 1, semi)) {
        if (i > run) emit(raw.subarray(run, i));
        emit(referenceText(raw.toString("latin1", i + 1, semi)));
        run = next;
      }
    } else {
      if (i > run) emit(raw.subarray(run, i));
      if (b === 13) {
        emit(LF_BYTE);
        if (raw[i + 1] === 10) next = i + 2;
      } else {
        emit(TEXT_ESCAPES[b]);
      }
      run = next;
    }
    i = nextStop(raw, next, n, stop);
  }
  if (run < n) emit(run === 0 ? raw : raw.subarray(run));
}
var TEXT_STOP = new Uint8Array(256);
TEXT_STOP[38] = 1;
TEXT_STOP[62] = 1;
TEXT_STOP[13] = 1;
var CDATA_STOP = new Uint8Array(256);
CDATA_STOP[38] = 1;
CDATA_STOP[62] = 1;
CDATA_STOP[13] = 1;
CDATA_STOP[60] = 1;
function nextStop(raw, from, to, stop) {
  for (let i = from; i < to; i++) if (stop[raw[i]] !== 0) return i;
  return to;
}
var PREDEFINED_CANONICAL = {
  lt: TEXT_ESCAPES[60],
  gt: TEXT_ESCAPES[62],
  amp: TEXT_ESCAPES[38],
  quot: Buffer.from('"'),
  apos: Buffer.from("'")
};
function referenceText(body) {
  const predefined = PREDEFINED_CANONICAL[body];
  if (predefined) return predefined;
  const hex = body[1] === "x";
  const cp = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
  return TEXT_ESCAPES[cp] ?? Buffer.from(String.fromCodePoint(cp), "utf8");
}
function canonicalElement(qname, attributes, content = "") {
  const sorted = [...attributes].sort((a, b) => compareCodePoints(a[0], b[0]));
  const attrs = sorted.map(([n, v]) => ` ${n}="${escapeAttribute(v)}"`).join("");
  return `<${qname}${attrs}>${content}</${qname}>`;
}

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

// src/core/xmldsig/signature.ts
var import_node_crypto = __toESM(require_crypto(), 1);

// src/core/xmldsig/algorithms.ts
var DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
var DSIG11_NS = "http://www.w3.org/2009/xmldsig11#";
var ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
var SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
var RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
var ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
var ECDSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
var ECDSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";
var SIGNATURE_ALGORITHMS = {
  [RSA_SHA256]: { uri: RSA_SHA256, key: "rsa", hash: "sha256" },
  [ECDSA_SHA256]: { uri: ECDSA_SHA256, key: "ec", hash: "sha256" },
  [ECDSA_SHA384]: { uri: ECDSA_SHA384, key: "ec", hash: "sha384" },
  [ECDSA_SHA512]: { uri: ECDSA_SHA512, key: "ec", hash: "sha512" }
};
var CURVE_OIDS = {
  "P-256": "1.2.840.10045.3.1.7",
  "P-384": "1.3.132.0.34",
  "P-521": "1.3.132.0.35"
};
var C14N_CHOICES = ["c14n11", "exclusive"];
var DEFAULT_C14N = "c14n11";
function c14nUri(choice) {
  return choice === "exclusive" ? EXC_C14N : C14N11;
}

// src/core/xmldsig/signature.ts
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

// src/core/report/sources.ts
var import_node_fs = __toESM(require_fs(), 1);
var import_promises = __toESM(require_promises(), 1);
async function* bytesOnce(bytes) {
  yield bytes;
}
var CHUNK = 256 * 1024;
function fileChunks(path, source) {
  return chunksOf(path, source, false);
}
function fileChunksAgain(path, source) {
  return chunksOf(path, source, true);
}
async function* chunksOf(path, source, regularOnly) {
  let handle;
  try {
    handle = await (0, import_promises.open)(path, regularOnly ? import_node_fs.constants.O_RDONLY | import_node_fs.constants.O_NONBLOCK : "r");
    const info = await handle.stat();
    if (regularOnly && !info.isFile()) throw new Error("it is not a regular file");
    if (!info.isFile() || info.size >= CHUNK) {
      const stream = handle.createReadStream({ highWaterMark: CHUNK });
      handle = void 0;
      yield* stream;
      return;
    }
    const first = Buffer.allocUnsafe(info.size + 1);
    let { bytesRead } = await handle.read(first, 0, first.length, null);
    if (bytesRead > 0) yield first.subarray(0, bytesRead);
    if (bytesRead === 0 || bytesRead === info.size) return;
    for (; ; ) {
      const buffer = Buffer.allocUnsafe(CHUNK);
      ({ bytesRead } = await handle.read(buffer, 0, CHUNK, null));
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } catch (e) {
    throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
  } finally {
    await handle?.close();
  }
}

// src/core/store/types.ts
var AREAS = ["reports", "queue", "rejected"];
var HASH = /^[0-9a-f]{64}$/;

// src/core/publish/report-file.ts
async function loadReportBytes(xml, source, limits, also) {
  const open5 = () => bytesOnce(xml);
  const reading = await readReport({
    source,
    open: open5,
    reread: open5,
    ...limits ? { limits } : {},
    ...also ? { also } : {}
  });
  return {
    id: source,
    xml,
    hash: reading.canonicalHash,
    summary: reading.summary,
    signed: reading.signature !== void 0
  };
}
async function readCapped(path, source, limits) {
  const max = limits?.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  try {
    const { size } = await (0, import_promises2.stat)(path);
    if (size > max) throw new Error(`${source}: the file is ${size} bytes, over the ${max}-byte limit`);
    return await (0, import_promises2.readFile)(path);
  } catch (e) {
    if (e.code)
      throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
    throw e;
  }
}
async function loadReportFile(path, source = path, limits, also) {
  return loadReportBytes(await readCapped(path, source, limits), source, limits, also);
}
async function loadWrittenReport(w, limits) {
  const xml = await readCapped(w.path, w.name, limits);
  if (w.sha256 !== void 0 && HASH.test(w.sha256) && HASH.test(w.hash) && (0, import_node_crypto3.createHash)("sha256").update(xml).digest("hex") === w.sha256)
    return { id: w.name, xml, hash: w.hash };
  return loadReportBytes(xml, w.name, limits);
}

// src/action/markdown.ts
var UNPRINTABLE = (
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g
);
function printable(text) {
  return noWorkflowCommand(
    text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
  );
}
var JOINER = "\u2060";
function unlinked(text) {
  return text.replace(/[@#]/g, (c) => `${c}${JOINER}`).replace(/\bGH-(?=\d)/gi, (c) => `${c}${JOINER}`).replace(/:\/\//g, `:${JOINER}//`).replace(/\bwww\./gi, (c) => `${c.slice(0, 3)}${JOINER}.`);
}
var CELL_ENTITY = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };
function cell(text) {
  return unlinked(printable(text.replace(/\r?\n/g, " ").replace(/[\\|`*~[\]]/g, (c) => `\\${c}`))).replace(
    /[<>&]/g,
    (c) => CELL_ENTITY[c]
  );
}
var HTML_ENTITY = { ...CELL_ENTITY, "[": "&#91;", "]": "&#93;" };
function htmlText(text) {
  return text.split("\n").map((l) => unlinked(printable(l.replace(/\t/g, "    "))).replace(/[<>&[\]]/g, (c) => HTML_ENTITY[c])).join("\n");
}

// src/action/artifact.ts
var import_node_crypto5 = __toESM(require_crypto(), 1);

// src/core/github/names.ts
var import_node_crypto4 = __toESM(require_crypto(), 1);
function sanitizeArtifactName(name) {
  return name.replace(/[":<>|*?\r\n\\/]/g, "-");
}
function serverTag(apiUrl) {
  const url = new URL(apiUrl);
  const normal = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`.toLowerCase();
  return (0, import_node_crypto4.createHash)("sha256").update(normal).digest("hex").slice(0, 8);
}
function pendingPrefix(artifactName, apiUrl) {
  return sanitizeArtifactName(`${artifactName}-pending-${serverTag(apiUrl)}-`);
}
function drainedPrefix(artifactName, apiUrl) {
  return sanitizeArtifactName(`${artifactName}-drained-${serverTag(apiUrl)}-`);
}
function drainedMarkerName(prefix, id) {
  return `${prefix}${id}`;
}
function markedId(prefix, name) {
  if (!name.startsWith(prefix)) return void 0;
  const m = /^([1-9][0-9]{0,14})(?:-[0-9]{1,3})?$/.exec(name.slice(prefix.length));
  return m ? Number(m[1]) : void 0;
}

// src/action/artifact.ts
async function defaultClient() {
  const { DefaultArtifactClient } = await import("./artifact-7BD2MCHU.js");
  return new DefaultArtifactClient();
}
var UPLOAD_TIMEOUT_MS = 10 * 6e4;
function candidates(name) {
  const numbered = Array.from({ length: 10 }, (_, i) => i === 0 ? name : `${name}-${i + 1}`);
  return [...numbered, ...Array.from({ length: 5 }, () => `${name}-${(0, import_node_crypto5.randomBytes)(3).toString("hex")}`)];
}
function isNameConflict(e) {
  return /\(409\)|already exists/i.test(errorMessage(e));
}
function artifactBaseName(base, env, suffix = "") {
  const job = env.GITHUB_JOB ?? "job";
  const attempt = env.GITHUB_RUN_ATTEMPT ?? "1";
  return sanitizeArtifactName(`${base}${suffix}-${job}-attempt${attempt}`);
}
var clashTold = false;
function tellClash(name) {
  if (clashTold) return;
  clashTold = true;
  notice(
    `jux: another job of this workflow run already kept an artifact named ${printable(name)} (a matrix leg?): set the leg input (e.g. the matrix's os) so that each leg has its own artifact, baseline and comment`
  );
}
function runUrl(env, id) {
  const server = env.GITHUB_SERVER_URL ?? "https://github.com";
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`;
}
async function uploadFiles(name, files, root, env, retentionDays, given) {
  let client;
  try {
    client = given ?? await defaultClient();
  } catch (e) {
    return { ok: false, reason: `the artifact client could not be loaded: ${errorMessage(e)}` };
  }
  let lastConflict = "";
  for (const candidate of candidates(name)) {
    try {
      const result = await within(
        client.uploadArtifact(candidate, files, root, retentionDays ? { retentionDays } : {}),
        UPLOAD_TIMEOUT_MS,
        `the upload of ${candidate} took no answer within ${UPLOAD_TIMEOUT_MS / 6e4} minutes`
      );
      if (result.id === void 0) return { ok: false, reason: `the upload of ${candidate} returned no id` };
      return {
        ok: true,
        artifact: { id: result.id, name: candidate, url: runUrl(env, result.id), size: result.size ?? 0 }
      };
    } catch (e) {
      if (!isNameConflict(e)) return { ok: false, reason: errorMessage(e) };
      if (candidate === name) tellClash(name);
      lastConflict = errorMessage(e);
    }
  }
  return {
    ok: false,
    reason: `names ${name}, ${name}-2 ... ${name}-10 and five random ones are all taken in this run (${lastConflict})`
  };
}

// src/action/manifest.ts
var import_promises3 = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_path(), 1);
var STATE_MANIFEST = "manifest";
function storeDir(m) {
  return (0, import_node_path.join)(m.dir, "store");
}
function signedDir(m) {
  return (0, import_node_path.join)(m.dir, "signed");
}
function queueQuarantineDir(m) {
  return (0, import_node_path.join)(m.dir, "quarantine");
}
function rejectedDir(m) {
  return (0, import_node_path.join)(m.dir, "rejected");
}
function manifestPath(dir) {
  return (0, import_node_path.join)(dir, "manifest.json");
}
async function writeManifest(m) {
  const path = manifestPath(m.dir);
  await (0, import_promises3.writeFile)(path, JSON.stringify(m), { mode: 384 });
  return path;
}
async function readManifest(path) {
  return JSON.parse(await (0, import_promises3.readFile)(path, "utf8"));
}

// src/core/fs/atomic-file.ts
var import_node_crypto6 = __toESM(require_crypto(), 1);
var import_node_fs2 = __toESM(require_fs(), 1);
var import_promises4 = __toESM(require_promises(), 1);
var import_node_path2 = __toESM(require_path(), 1);
var import_node_stream = __toESM(require_stream(), 1);
var import_promises5 = __toESM(require_promises2(), 1);
var NO_HARD_LINKS = /* @__PURE__ */ new Set([
  "EPERM",
  "ENOTSUP",
  "EOPNOTSUPP",
  "ENOSYS",
  "EXDEV",
  "EMLINK"
]);
function writeError(path, err) {
  if (errnoCode(err) === "EEXIST") return alreadyExists(path);
  return new Error(`cannot write ${path}: ${osReason(err)}`, { cause: err });
}
function alreadyExists(path) {
  return Object.assign(new Error(`${path} already exists (use --force to replace it)`), { code: "EEXIST" });
}
function tempPath(path) {
  return (0, import_node_path2.join)((0, import_node_path2.dirname)(path), `.${(0, import_node_path2.basename)(path)}.${(0, import_node_crypto6.randomBytes)(6).toString("hex")}.tmp`);
}
async function removeQuietly(path) {
  await (0, import_promises4.unlink)(path).catch(() => void 0);
}
async function syncDirectory(dir) {
  const handle = await (0, import_promises4.open)(dir, import_node_fs2.constants.O_RDONLY).catch(() => void 0);
  if (handle === void 0) return;
  await handle.sync().catch(() => void 0);
  await handle.close();
}
async function writeAndSync(handle, data, mode) {
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}
async function writeTemp(path, data, mode) {
  const temp = tempPath(path);
  const handle = await (0, import_promises4.open)(temp, "wx", 384);
  try {
    await writeAndSync(handle, data, mode);
  } catch (err) {
    await removeQuietly(temp);
    throw err;
  }
  return temp;
}
async function writeExclusiveInPlace(path, data, mode) {
  const handle = await (0, import_promises4.open)(path, "wx", 384);
  try {
    await writeAndSync(handle, data, mode);
  } catch (err) {
    await removeQuietly(path);
    throw err;
  }
}
async function linkNoReplace(temp, path) {
  try {
    await (0, import_promises4.link)(temp, path);
    return true;
  } catch (err) {
    if (NO_HARD_LINKS.has(errnoCode(err) ?? "")) return false;
    throw err;
  }
}
async function moveIntoPlace(temp, path, data, mode, overwrite) {
  if (overwrite) {
    await (0, import_promises4.rename)(temp, path);
    return;
  }
  const linked = await linkNoReplace(temp, path);
  await removeQuietly(temp);
  if (!linked) await writeExclusiveInPlace(path, data, mode);
}
async function writeFileAtomic(path, data, mode = 384, options = {}) {
  let temp;
  try {
    temp = await writeTemp(path, data, mode);
    await moveIntoPlace(temp, path, data, mode, options.overwrite ?? false);
  } catch (err) {
    if (temp !== void 0) await removeQuietly(temp);
    throw writeError(path, err);
  }
  await syncDirectory((0, import_node_path2.dirname)(path));
}
var HOLD = 256 * 1024;
var HeldFileWriter = class extends import_node_stream.Writable {
  constructor(handle) {
    super({ highWaterMark: HOLD });
    this.handle = handle;
  }
  handle;
  held = [];
  heldBytes = 0;
  _writev(chunks, done) {
    for (const { chunk } of chunks) {
      const bytes = chunk;
      this.held.push(bytes);
      this.heldBytes += bytes.length;
    }
    if (this.heldBytes < HOLD) done();
    else this.flush().then(() => done(), done);
  }
  _final(done) {
    this.flush().then(() => done(), done);
  }
  async flush() {
    let buffers = this.held;
    this.held = [];
    this.heldBytes = 0;
    while (buffers.length > 0) {
      const { bytesWritten } = await this.handle.writev(buffers);
      buffers = unwritten(buffers, bytesWritten);
    }
  }
};
function unwritten(buffers, written) {
  let i = 0;
  while (i < buffers.length && written >= buffers[i].length) written -= buffers[i++].length;
  if (i === buffers.length) return [];
  return [buffers[i].subarray(written), ...buffers.slice(i + 1)];
}
async function moveNoReplace(temp, path) {
  try {
    if (await linkNoReplace(temp, path)) {
      await removeQuietly(temp);
      return;
    }
    await (await (0, import_promises4.open)(path, "wx", 384)).close();
  } catch (err) {
    if (errnoCode(err) === "EEXIST")
      throw Object.assign(new Error(`${path} appeared while it was written: nothing was written over it`), {
        code: "EEXIST"
      });
    throw err;
  }
  await (0, import_promises4.rename)(temp, path);
}
async function writeStreamAtomic(path, produce, mode = 420, durable = true, replace = true) {
  const temp = tempPath(path);
  let handle;
  let created = false;
  let failure;
  try {
    handle = await (0, import_promises4.open)(temp, "wx", mode);
    created = true;
    const out = new HeldFileWriter(handle);
    out.on("error", (e) => failure ??= e);
    try {
      const result = await produce(out);
      out.end();
      await (0, import_promises5.finished)(out);
      if (durable) await handle.sync();
      await handle.close();
      handle = void 0;
      if (replace) await (0, import_promises4.rename)(temp, path);
      else await moveNoReplace(temp, path);
      return result;
    } catch (e) {
      out.destroy();
      throw e;
    }
  } catch (e) {
    await handle?.close().catch(() => void 0);
    if (created) await (0, import_promises4.unlink)(temp).catch(() => void 0);
    if (e === failure || e.syscall)
      throw new Error(`cannot write ${path}: ${osReason(e)}`, { cause: e });
    throw e;
  }
}

// src/action/queue/spill.ts
var DAY_MS = 864e5;
var SPILL_AFTER_DAYS = { min: 1, max: 6, default: 5 };
function spillDue(lastAccessed, now, days) {
  let oldest = Infinity;
  for (const text of lastAccessed) {
    const time = Date.parse(text);
    if (Number.isFinite(time) && time < oldest) oldest = time;
  }
  if (oldest === Infinity) return void 0;
  const age = (now - oldest) / DAY_MS;
  return age >= days ? age : void 0;
}

// src/core/fs/lock.ts
var import_node_async_hooks = __toESM(require_async_hooks(), 1);
var import_node_crypto7 = __toESM(require_crypto(), 1);
var import_promises6 = __toESM(require_promises(), 1);
var import_node_os = __toESM(require_os(), 1);
var import_node_path3 = __toESM(require_path(), 1);
var LockError = class extends Error {
  name = "LockError";
  constructor(what, path, cause) {
    super(`cannot ${what} ${path}: ${osReason(cause).replace(/^cannot write \S+: /, "")}`, { cause });
  }
};
var LockBusyError = class extends Error {
  constructor(path, holder, waitedSeconds) {
    super(
      `${path}: locked by ${holder}; gave up after ${waitedSeconds} s (remove the file if that process is gone)`
    );
    this.path = path;
    this.holder = holder;
    this.waitedSeconds = waitedSeconds;
  }
  path;
  holder;
  waitedSeconds;
  name = "LockBusyError";
  code = "LOCK_BUSY";
};
var STALE_MS = 10 * 6e4;
var EMPTY_GRACE_MS = 1e3;
var HEARTBEAT_MS = 6e4;
var DEFAULT_TIMEOUT_MS = 3e4;
var held = new import_node_async_hooks.AsyncLocalStorage();
var ownTokens = /* @__PURE__ */ new Set();
var queues = /* @__PURE__ */ new Map();
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) !== "ESRCH";
  }
}
function parseInfo(text) {
  try {
    const v = JSON.parse(text);
    if (typeof v.pid === "number" && typeof v.hostname === "string" && typeof v.token === "string")
      return { pid: v.pid, hostname: v.hostname, created: String(v.created ?? ""), token: v.token };
  } catch {
  }
  return void 0;
}
async function readHolder(path) {
  try {
    const [text, info] = await Promise.all([(0, import_promises6.readFile)(path, "utf8"), (0, import_promises6.stat)(path)]);
    return { info: parseInfo(text), mtimeMs: info.mtimeMs };
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return void 0;
    throw new LockError("read the lock", path, e);
  }
}
function staleness(holder, now) {
  const { info } = holder;
  if (info && info.hostname === (0, import_node_os.hostname)()) {
    if (info.pid === process.pid && !ownTokens.has(info.token))
      return `left by an earlier process ${info.pid}`;
    if (info.pid !== process.pid && !isAlive(info.pid)) return `process ${info.pid} is not running`;
  }
  if (now - holder.mtimeMs > STALE_MS)
    return `not refreshed for ${Math.round((now - holder.mtimeMs) / 1e3)} s`;
  return void 0;
}
async function breakStale(path, stale) {
  const aside = `${path}.${(0, import_node_crypto7.randomBytes)(6).toString("hex")}.stale`;
  try {
    await (0, import_promises6.rename)(path, aside);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return;
    throw new LockError("take over the lock", path, e);
  }
  const moved = await readHolder(aside);
  const same = moved?.info?.token === stale.info?.token && (stale.info !== void 0 || moved?.mtimeMs === stale.mtimeMs);
  if (!same) await (0, import_promises6.link)(aside, path).catch(() => void 0);
  await (0, import_promises6.unlink)(aside).catch(() => void 0);
}
async function lockCandidates(path) {
  const prefix = `${(0, import_node_path3.basename)(path)}.`;
  const names = await (0, import_promises6.readdir)((0, import_node_path3.dirname)(path)).catch(() => []);
  return names.filter((name) => name.startsWith(prefix) && /^[0-9a-f]{24}\.tmp$/.test(name.slice(prefix.length))).map((name) => (0, import_node_path3.join)((0, import_node_path3.dirname)(path), name));
}
async function abandonedCandidates(path, now = Date.now()) {
  const abandoned = [];
  for (const candidate of await lockCandidates(path)) {
    const holder = await readHolder(candidate).catch(() => void 0);
    if (!holder) continue;
    const { info } = holder;
    if (!info) {
      if (now - holder.mtimeMs > EMPTY_GRACE_MS) abandoned.push(candidate);
      continue;
    }
    const dead = info.hostname === (0, import_node_os.hostname)() && info.pid !== process.pid && !isAlive(info.pid);
    if (dead || now - holder.mtimeMs > STALE_MS) abandoned.push(candidate);
  }
  return abandoned;
}
async function writeCandidate(path, info) {
  const temp = `${path}.${info.token}.tmp`;
  try {
    const handle = await (0, import_promises6.open)(temp, "wx", 384);
    try {
      await handle.writeFile(JSON.stringify(info));
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    await (0, import_promises6.unlink)(temp).catch(() => void 0);
    throw new LockError("create the lock", path, e);
  }
  return temp;
}
async function tryCreate(path, temp, info) {
  try {
    await (0, import_promises6.link)(temp, path);
    return true;
  } catch (e) {
    const code = errnoCode(e);
    if (code === "EEXIST") return false;
    if (!NO_HARD_LINKS.has(code ?? "")) throw new LockError("create the lock", path, e);
  }
  try {
    const handle = await (0, import_promises6.open)(path, "wx", 384);
    await handle.writeFile(JSON.stringify(info)).finally(() => handle.close());
    return true;
  } catch (e) {
    if (errnoCode(e) === "EEXIST") return false;
    throw new LockError("create the lock", path, e);
  }
}
function timeoutError(path, holder, waitedMs) {
  const who = holder?.info ? `process ${holder.info.pid} on ${holder.info.hostname} (since ${holder.info.created})` : "another process";
  return new LockBusyError(path, who, Math.round(waitedMs / 100) / 10);
}
async function acquire(path, timeoutMs) {
  const started = Date.now();
  const info = {
    pid: process.pid,
    hostname: (0, import_node_os.hostname)(),
    created: (/* @__PURE__ */ new Date()).toISOString(),
    token: (0, import_node_crypto7.randomBytes)(12).toString("hex")
  };
  const temp = await writeCandidate(path, info);
  try {
    for (let attempt = 0; ; attempt++) {
      if (await tryCreate(path, temp, info)) return info;
      const holder = await readHolder(path);
      if (holder === void 0) continue;
      if (staleness(holder, Date.now()) !== void 0) {
        await breakStale(path, holder);
        continue;
      }
      const waited = Date.now() - started;
      if (waited >= timeoutMs) throw timeoutError(path, holder, waited);
      await sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
    }
  } finally {
    await (0, import_promises6.unlink)(temp).catch(() => void 0);
  }
}
async function release(path, info) {
  const holder = await readHolder(path).catch(() => void 0);
  if (holder?.info?.token === info.token) await (0, import_promises6.unlink)(path).catch(() => void 0);
}
async function holdWhile(path, fn, timeoutMs) {
  const info = await acquire(path, timeoutMs);
  ownTokens.add(info.token);
  const heartbeat = setInterval(() => {
    const now = /* @__PURE__ */ new Date();
    (0, import_promises6.utimes)(path, now, now).catch(() => void 0);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const outer = held.getStore() ?? /* @__PURE__ */ new Set();
    return await held.run(/* @__PURE__ */ new Set([...outer, path]), fn);
  } finally {
    clearInterval(heartbeat);
    ownTokens.delete(info.token);
    await release(path, info);
  }
}
async function withFileLock(path, fn, options = {}) {
  if (held.getStore()?.has(path)) return fn();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const queued = Date.now();
  const previous = queues.get(path) ?? Promise.resolve();
  const run = previous.catch(() => void 0).then(() => holdWhile(path, fn, Math.max(0, timeoutMs - (Date.now() - queued))));
  const tail = run.catch(() => void 0);
  queues.set(path, tail);
  try {
    return await run;
  } finally {
    if (queues.get(path) === tail) queues.delete(path);
  }
}

// src/core/store/errors.ts
var StoreError = class extends Error {
  name = "StoreError";
};
var StoreLockedError = class extends StoreError {
  name = "StoreLockedError";
  code = "STORE_LOCKED";
};
function storeError(what, path, err) {
  if (err instanceof StoreError) return err;
  const reason = osReason(err).replace(/^cannot write \S+: /, "");
  return new StoreError(`cannot ${what} ${path}: ${reason}`, { cause: err });
}
function storeLockError(err) {
  if (err instanceof LockBusyError)
    return new StoreLockedError(
      `${err.path}: the store is locked by ${err.holder}; gave up after ${err.waitedSeconds} s (remove the file if that process is gone)`
    );
  if (err instanceof LockError) return new StoreError(err.message, { cause: err.cause });
  return err;
}

// src/core/store/codec.ts
var import_promises7 = __toESM(require_promises(), 1);
var import_promises8 = __toESM(require_promises2(), 1);
var nodeZlib2 = __toESM(require_zlib(), 1);

// src/core/fs/compression.ts
var nodeZlib = __toESM(require_zlib(), 1);
var SMALL_REPORT_BYTES = 1024;
var ZSTD_LEVEL = 3;
var GZIP_LEVEL = 6;
function hasZstd(zlib = nodeZlib) {
  return typeof zlib.zstdCompressSync === "function" && typeof zlib.createZstdDecompress === "function";
}
function compressReport(xml, kind, zlib = nodeZlib) {
  return kind === "zstd" ? zlib.zstdCompressSync(xml, {
    pledgedSrcSize: xml.length,
    params: {
      [nodeZlib.constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL,
      [nodeZlib.constants.ZSTD_c_checksumFlag]: 1
    }
  }) : nodeZlib.gzipSync(xml, { level: GZIP_LEVEL });
}
function asBuffer(bytes) {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
function zstdContentSize(bytes) {
  const b = asBuffer(bytes);
  if (b.length < 6 || b.readUInt32LE(0) !== 4247762216) return void 0;
  const descriptor = b[4];
  if (descriptor & 8) return void 0;
  const singleSegment = descriptor >> 5 & 1;
  const sizeBytes = [singleSegment, 2, 4, 8][descriptor >> 6];
  const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3];
  if (sizeBytes === 0 || b.length < at + sizeBytes) return void 0;
  if (sizeBytes === 1) return b[at];
  if (sizeBytes === 2) return b.readUInt16LE(at) + 256;
  if (sizeBytes === 4) return b.readUInt32LE(at);
  return Number(b.readBigUInt64LE(at));
}

// src/core/store/codec.ts
var COMPRESSIONS = ["zstd", "gzip", "none"];
var SUFFIX = { none: "", zstd: ".zst", gzip: ".gz" };
var MAGIC = {
  zstd: Buffer.from([40, 181, 47, 253]),
  gzip: Buffer.from([31, 139])
};
var CHUNK2 = 64 * 1024;
var MAX_TRUSTED_RATIO = 2e3;
var MAX_TRUSTED_ALLOCATION = 64 * 1024 * 1024;
var SMALL_FILE_BYTES = 1024 * 1024;
function effectiveCompression(compress, zlib = nodeZlib2) {
  return compress === "zstd" && !hasZstd(zlib) ? "gzip" : compress;
}
function sniff(bytes) {
  for (const c of ["zstd", "gzip"])
    if (bytes.length >= MAGIC[c].length && bytes.subarray(0, MAGIC[c].length).equals(MAGIC[c])) return c;
  return "none";
}
var StoreCodecError = class extends StoreError {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
  code;
  name = "StoreCodecError";
};
function noZstd(path) {
  return new StoreCodecError(
    "no-zstd",
    `${path}: stored compressed with zstd, and this Node.js ${process.version} has no zstd in node:zlib (Node.js >= 22.15 has it): run jux on Node.js >= 22.15, or convert the store there to gzip once with "jux cache recompress --to gzip" and set compress = gzip for the runtimes without zstd`
  );
}
function corrupt(compression, reason) {
  return new StoreCodecError("corrupt", `its ${compression} data is damaged (${reason})`);
}
function tooLarge(maxBytes) {
  return new StoreCodecError(
    "too-large",
    `it decompresses to more than the ${maxBytes}-byte limit of a report (refused as a possible decompression bomb)`
  );
}
function encodeStored(xml, compression, zlib = nodeZlib2) {
  if (compression === "none" || xml.length < SMALL_REPORT_BYTES) return { compression: "none", bytes: xml };
  if (compression === "zstd" && !hasZstd(zlib)) throw noZstd("the report to store");
  const packed = compressReport(xml, compression, zlib);
  return packed.length < xml.length ? { compression, bytes: packed } : { compression: "none", bytes: xml };
}
function inflater(compression, path, zlib) {
  if (compression === "gzip") return nodeZlib2.createGunzip({ chunkSize: CHUNK2 });
  if (!hasZstd(zlib)) throw noZstd(path);
  return zlib.createZstdDecompress({ chunkSize: CHUNK2 });
}
async function declaredSize(handle, compression, size, head) {
  if (compression === "zstd") return zstdContentSize(head);
  if (size < 18) throw corrupt(compression, `${size} bytes is shorter than any gzip member`);
  const trailer = Buffer.alloc(4);
  await handle.read(trailer, 0, 4, size - 4);
  return trailer.readUInt32LE(0);
}
async function readStored(path, compression, options = {}) {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const zlib = options.zlib ?? nodeZlib2;
  let handle;
  try {
    handle = await (0, import_promises7.open)(path, "r");
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return void 0;
    throw storeError("read", path, e);
  }
  try {
    if (compression === "none") return await handle.readFile();
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 18));
    await handle.read(head, 0, head.length, 0);
    if (sniff(head) !== compression)
      throw corrupt(compression, `it does not start with ${compression}'s magic bytes`);
    const declared = await declaredSize(handle, compression, size, head);
    if (declared !== void 0 && declared > maxBytes) throw tooLarge(maxBytes);
    if (size <= SMALL_FILE_BYTES && declared !== void 0 && declared <= MAX_TRUSTED_ALLOCATION)
      return inflateSmall(await handle.readFile(), compression, path, declared, zlib);
    return await inflate(handle, compression, path, { maxBytes, zlib, declared, size });
  } catch (e) {
    if (e instanceof StoreCodecError) throw e;
    throw storeError("read", path, e);
  } finally {
    await handle.close();
  }
}
function inflateSmall(data, compression, path, declared, zlib) {
  if (compression === "zstd" && !hasZstd(zlib)) throw noZstd(path);
  let out;
  try {
    const limits = { maxOutputLength: Math.max(declared, 1) };
    out = compression === "gzip" ? nodeZlib2.gunzipSync(data, limits) : zlib.zstdDecompressSync(data, limits);
  } catch (e) {
    const over = e instanceof RangeError || /limit|too large/i.test(errorMessage(e));
    throw corrupt(
      compression,
      over ? `more bytes come out than the ${declared} it records` : errorMessage(e)
    );
  }
  if (out.length !== declared)
    throw corrupt(compression, `${out.length} bytes come out, not the ${declared} it records`);
  return out;
}
async function inflate(handle, compression, path, o) {
  const trusted = o.declared !== void 0 && o.declared <= Math.min(Math.max(o.size * MAX_TRUSTED_RATIO, CHUNK2), MAX_TRUSTED_ALLOCATION);
  const whole = trusted ? Buffer.allocUnsafe(o.declared) : void 0;
  const parts = [];
  let total = 0;
  const input = handle.createReadStream({ start: 0, highWaterMark: CHUNK2, autoClose: false });
  try {
    await (0, import_promises8.pipeline)(input, inflater(compression, path, o.zlib), async (source) => {
      for await (const chunk of source) {
        if (o.declared !== void 0 && total + chunk.length > o.declared)
          throw corrupt(compression, `more bytes come out than the ${o.declared} it records`);
        if (total + chunk.length > o.maxBytes) throw tooLarge(o.maxBytes);
        if (whole) chunk.copy(whole, total);
        else parts.push(chunk);
        total += chunk.length;
      }
    });
  } catch (e) {
    if (e instanceof StoreCodecError) throw e;
    throw corrupt(compression, errorMessage(e));
  }
  if (o.declared !== void 0 && total !== o.declared)
    throw corrupt(compression, `${total} bytes came out, not the ${o.declared} it records`);
  return whole ?? Buffer.concat(parts, total);
}
function decodeSniffed(bytes, path, zlib = nodeZlib2) {
  const compression = sniff(bytes);
  if (compression === "none") return bytes;
  const limits = { maxOutputLength: DEFAULT_LIMITS.maxBytes };
  try {
    if (compression === "gzip") return nodeZlib2.gunzipSync(bytes, limits);
    if (!hasZstd(zlib)) throw noZstd(path);
    return zlib.zstdDecompressSync(bytes, limits);
  } catch (e) {
    if (e instanceof StoreCodecError) throw e;
    throw corrupt(compression, errorMessage(e));
  }
}

export {
  C14N10,
  C14N11,
  EXC_C14N,
  isC14nMethod,
  Canonicalizer,
  canonicalText,
  canonicalElement,
  isElement,
  childElements,
  textContent,
  attribute,
  DSIG_NS,
  DSIG11_NS,
  ENVELOPED,
  SHA256,
  SIGNATURE_ALGORITHMS,
  CURVE_OIDS,
  C14N_CHOICES,
  DEFAULT_C14N,
  c14nUri,
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
  readReport,
  bytesOnce,
  fileChunks,
  fileChunksAgain,
  AREAS,
  HASH,
  loadReportBytes,
  loadReportFile,
  loadWrittenReport,
  NO_HARD_LINKS,
  syncDirectory,
  writeFileAtomic,
  writeStreamAtomic,
  sanitizeArtifactName,
  serverTag,
  pendingPrefix,
  drainedPrefix,
  drainedMarkerName,
  markedId,
  printable,
  cell,
  htmlText,
  artifactBaseName,
  uploadFiles,
  require_async_hooks,
  lockCandidates,
  abandonedCandidates,
  withFileLock,
  StoreError,
  StoreLockedError,
  storeError,
  storeLockError,
  COMPRESSIONS,
  SUFFIX,
  effectiveCompression,
  StoreCodecError,
  encodeStored,
  readStored,
  decodeSniffed,
  SPILL_AFTER_DAYS,
  spillDue,
  STATE_MANIFEST,
  storeDir,
  signedDir,
  queueQuarantineDir,
  rejectedDir,
  writeManifest,
  readManifest
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  attribute,
  canonicalSubtree,
  childElements,
  findChild,
  isElement,
  signedInfoContext,
  textContent,
  verifyBytes
} from "./chunk-NKD7BIX5.js";
import {
  C14N10,
  C14N11,
  CURVE_OIDS,
  DSIG11_NS,
  DSIG_NS,
  ENVELOPED,
  EXC_C14N,
  MIN_RSA_BITS,
  SHA256,
  SIGNATURE_ALGORITHMS,
  certificateLabel,
  isC14nMethod,
  publicKeyLabel,
  require_crypto,
  samePublicKey
} from "./chunk-KE6R4GHG.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

// src/core/xmldsig/embedded-key.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var EmbeddedKeyError = class extends Error {
};
var base64Of = (el) => Buffer.from(textContent(el).replace(/\s/g, ""), "base64");
var base64url = (b) => b.toString("base64url");
function fromCertificate(el) {
  let certificate;
  try {
    certificate = new import_node_crypto.X509Certificate(base64Of(el));
  } catch {
    throw new EmbeddedKeyError("ds:KeyInfo/ds:X509Data/ds:X509Certificate is not a valid X.509 certificate");
  }
  const label = certificateLabel(certificate);
  return { publicKey: certificate.publicKey, label: `certificate ${label}`, certificate: label };
}
function rsaKey(el) {
  const [modulus, exponent] = childElements(el).map((c) => base64Of(c));
  return (0, import_node_crypto.createPublicKey)({
    key: { kty: "RSA", n: base64url(modulus), e: base64url(exponent) },
    format: "jwk"
  });
}
function ecKey(el) {
  const [curveEl, pointEl] = childElements(el);
  const oid = curveEl.tag.attributes.find((a) => a.local === "URI")?.value.replace(/^urn:oid:/, "");
  const curve = Object.entries(CURVE_OIDS).find(([, o]) => o === oid)?.[0];
  if (!curve) throw new Error(`unsupported curve ${oid}`);
  const point = base64Of(pointEl);
  const size = (point.length - 1) / 2;
  if (point[0] !== 4 || !Number.isInteger(size)) throw new Error("not an uncompressed point");
  return (0, import_node_crypto.createPublicKey)({
    key: {
      kty: "EC",
      crv: curve,
      x: base64url(point.subarray(1, 1 + size)),
      y: base64url(point.subarray(1 + size))
    },
    format: "jwk"
  });
}
function fromKeyValue(el) {
  const value2 = childElements(el)[0];
  const ec = value2.tag.ns === DSIG11_NS;
  let publicKey;
  try {
    publicKey = ec ? ecKey(value2) : rsaKey(value2);
  } catch (e) {
    throw new EmbeddedKeyError(
      `ds:KeyInfo/ds:KeyValue does not hold a valid ${ec ? "EC" : "RSA"} public key (${e.message})`
    );
  }
  return { publicKey, label: publicKeyLabel(publicKey) };
}
function embeddedKey(signature) {
  const keyInfo = findChild(signature, "KeyInfo");
  if (!keyInfo) return void 0;
  const data = findChild(keyInfo, "X509Data");
  const certificate = data && findChild(data, "X509Certificate");
  const keyValue = findChild(keyInfo, "KeyValue");
  const fromCert = certificate && fromCertificate(certificate);
  const fromValue = keyValue && fromKeyValue(keyValue);
  if (fromCert && fromValue && !samePublicKey(fromCert.publicKey, fromValue.publicKey))
    throw new EmbeddedKeyError(
      `ds:KeyInfo names two different keys: the ${fromCert.label} and the ds:KeyValue ${fromValue.label}`
    );
  return fromCert ?? fromValue;
}
function embeddedCertificateLabel(signature) {
  try {
    return embeddedKey(signature)?.certificate;
  } catch {
    return void 0;
  }
}

// src/core/xmldsig/profile.ts
var EMPTY = { attributes: ["Algorithm"], children: [], text: "none" };
var value = (text, attributes = []) => ({ attributes, children: [], text });
var atMostOnce = (...names) => (got) => {
  const twice = names.find((n) => got.filter((g) => g === n).length > 1);
  return twice && `may hold only one ${twice}`;
};
var exactly = (...names) => (got) => got.length === names.length && got.every((n, i) => n === names[i]) ? void 0 : `must hold ${names.join(", ")} (found: ${got.join(", ") || "nothing"})`;
var RULES = {
  "ds:Signature": {
    attributes: ["Id"],
    children: ["ds:SignedInfo", "ds:SignatureValue", "ds:KeyInfo"],
    text: "none"
  },
  "ds:SignedInfo": {
    attributes: ["Id"],
    children: ["ds:CanonicalizationMethod", "ds:SignatureMethod", "ds:Reference"],
    text: "none"
  },
  "ds:CanonicalizationMethod": EMPTY,
  "ds:SignatureMethod": EMPTY,
  "ds:Reference": {
    attributes: ["Id", "URI"],
    children: ["ds:Transforms", "ds:DigestMethod", "ds:DigestValue"],
    text: "none"
  },
  "ds:Transforms": { attributes: [], children: ["ds:Transform"], text: "none" },
  "ds:Transform": EMPTY,
  "ds:DigestMethod": EMPTY,
  "ds:DigestValue": value("base64"),
  "ds:SignatureValue": value("base64", ["Id"]),
  "ds:KeyInfo": {
    attributes: ["Id"],
    children: ["ds:X509Data", "ds:KeyValue", "ds:KeyName"],
    text: "none",
    shape: atMostOnce("ds:X509Data", "ds:KeyValue", "ds:KeyName")
  },
  "ds:KeyName": value("string"),
  "ds:KeyValue": {
    attributes: [],
    children: ["ds:RSAKeyValue", "dsig11:ECKeyValue"],
    text: "none",
    shape: (got) => got.length === 1 ? void 0 : "must hold one ds:RSAKeyValue or dsig11:ECKeyValue"
  },
  "ds:RSAKeyValue": {
    attributes: [],
    children: ["ds:Modulus", "ds:Exponent"],
    text: "none",
    shape: exactly("ds:Modulus", "ds:Exponent")
  },
  "ds:Modulus": value("base64"),
  "ds:Exponent": value("base64"),
  "dsig11:ECKeyValue": {
    attributes: ["Id"],
    children: ["dsig11:NamedCurve", "dsig11:PublicKey"],
    text: "none",
    shape: exactly("dsig11:NamedCurve", "dsig11:PublicKey")
  },
  "dsig11:NamedCurve": value("none", ["URI"]),
  "dsig11:PublicKey": value("base64"),
  "ds:X509Data": {
    attributes: [],
    children: ["ds:X509IssuerSerial", "ds:X509SubjectName", "ds:X509SKI", "ds:X509Certificate"],
    text: "none",
    shape: (got) => got.includes("ds:X509Certificate") ? void 0 : "must hold at least one ds:X509Certificate"
  },
  // xmlsec1 1.2 leaves an X509IssuerSerial of its template empty.
  "ds:X509IssuerSerial": {
    attributes: [],
    children: ["ds:X509IssuerName", "ds:X509SerialNumber"],
    text: "none",
    shape: (got) => got.length === 0 ? void 0 : exactly("ds:X509IssuerName", "ds:X509SerialNumber")(got)
  },
  "ds:X509IssuerName": value("string"),
  "ds:X509SerialNumber": value("integer"),
  "ds:X509SubjectName": value("string"),
  "ds:X509SKI": value("base64-or-empty"),
  "ds:X509Certificate": value("base64")
};
function profileName(el) {
  if (el.tag.ns === DSIG_NS) return `ds:${el.tag.local}`;
  if (el.tag.ns === DSIG11_NS) return `dsig11:${el.tag.local}`;
  return el.tag.ns ? `${el.tag.qname} (namespace ${el.tag.ns})` : el.tag.qname;
}
var BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
function textProblem(kind, el) {
  const text = textContent(el);
  const compact = text.replace(/[ \t\r\n]/g, "");
  if (kind === "string") return void 0;
  if (kind === "none")
    return compact === "" ? void 0 : `may not contain text (found "${excerpt(text.trim())}")`;
  if (kind === "integer")
    return /^-?[0-9]+$/.test(text.trim()) ? void 0 : `must hold an integer (found "${excerpt(text.trim())}")`;
  if (kind === "base64-or-empty" && compact === "") return void 0;
  return compact.length % 4 === 0 && BASE64.test(compact) ? void 0 : `must hold base64 (found "${excerpt(text.trim())}")`;
}
function excerpt(text) {
  return text.length > 40 ? `${text.slice(0, 40)}\u2026` : text;
}
function elementProblem(el, name, path) {
  const rule = RULES[name];
  if (!rule) return `${path} is not part of the profile`;
  for (const a of el.tag.attributes) {
    if (a.ns !== "" || !rule.attributes.includes(a.local))
      return `${path} may not have the attribute ${a.qname} (allowed: ${rule.attributes.join(", ") || "none"})`;
  }
  const names = [];
  for (const child of el.children) {
    if (!isElement(child)) continue;
    const childName = profileName(child);
    if (!rule.children.includes(childName)) return `${path} may not contain ${childName}`;
    names.push(childName);
  }
  const text = textProblem(rule.text, el);
  if (text) return `${path} ${text}`;
  const shape = rule.shape?.(names);
  if (shape) return `${path} ${shape}`;
  for (const child of el.children) {
    if (!isElement(child)) continue;
    const childName = profileName(child);
    const problem = elementProblem(
      child,
      childName,
      `${path === "ds:Signature" ? "" : path + "/"}${childName}`
    );
    if (problem) return problem;
  }
  return void 0;
}
function profileProblem(signature) {
  return elementProblem(signature, profileName(signature), "ds:Signature");
}

// src/core/xmldsig/reasons.ts
var FIELD_BYTES = {
  prime256v1: ["P-256", 32],
  secp384r1: ["P-384", 48],
  secp521r1: ["P-521", 66]
};
function signatureLength(key) {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "rsa") return Math.ceil((details?.modulusLength ?? 0) / 8);
  const field = FIELD_BYTES[details?.namedCurve ?? ""];
  return field && field[1] * 2;
}
function keyKind(key) {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "rsa") return `an RSA ${details?.modulusLength}-bit key`;
  return `a ${FIELD_BYTES[details?.namedCurve ?? ""]?.[0] ?? details?.namedCurve} ECDSA key`;
}
function lengthProblem(value2, key) {
  const expected = signatureLength(key);
  if (expected === void 0 || value2.length === expected) return void 0;
  return `the SignatureValue is ${value2.length} bytes; ${keyKind(key)} makes ${expected}-byte signatures: it was truncated or altered after signing`;
}
var C14N_NAMES = {
  [C14N10]: "C14N 1.0",
  [C14N11]: "C14N 1.1",
  [EXC_C14N]: "exclusive C14N"
};
function renamed(node, from, to) {
  const qname = (prefix, local) => prefix ? `${prefix}:${local}` : local;
  const tag = node.tag;
  const ours = tag.ns === DSIG_NS && tag.prefix === from;
  return {
    tag: {
      ...tag,
      ...ours ? { prefix: to, qname: qname(to, tag.local) } : {},
      namespaces: tag.namespaces.map(
        (d) => d.prefix === from && d.uri === DSIG_NS ? { ...d, prefix: to } : d
      )
    },
    end: node.end && (ours ? { ...node.end, qname: qname(to, tag.local) } : node.end),
    children: node.children.map((c) => isElement(c) ? renamed(c, from, to) : c)
  };
}
function withoutWhitespace(node) {
  return {
    ...node,
    children: node.children.filter((c) => isElement(c) || c.raw.toString("utf8").trim() !== "").map((c) => isElement(c) ? withoutWhitespace(c) : c)
  };
}
function hasWhitespace(node) {
  return node.children.some((c) => isElement(c) ? hasWhitespace(c) : c.raw.toString("utf8").trim() === "");
}
function editedSignedInfo(f) {
  const verifies = (el, method, context = f.context) => verifyBytes(canonicalSubtree(el, method, context), f.value, f.key, f.algorithm);
  const actual = canonicalSubtree(f.signedInfo, f.c14n, f.context);
  for (const method of [C14N11, EXC_C14N, C14N10]) {
    if (method === f.c14n || canonicalSubtree(f.signedInfo, method, f.context).equals(actual)) continue;
    if (verifies(f.signedInfo, method))
      return `the signature was made over SignedInfo canonicalized with ${C14N_NAMES[method]}, but its CanonicalizationMethod says ${C14N_NAMES[f.c14n]}: the signer canonicalized SignedInfo wrongly; sign the report again with a conforming signer`;
  }
  const prefix = f.signedInfo.tag.prefix;
  for (const original of ["ds", ""].filter((p) => p !== prefix)) {
    const context = {
      ...f.context,
      namespaces: f.context.namespaces.map(
        (d) => d.prefix === prefix && d.uri === DSIG_NS ? { ...d, prefix: original } : d
      )
    };
    if (verifies(renamed(f.signedInfo, prefix, original), f.c14n, context))
      return `the Signature was re-prefixed after signing (${prefix ? prefix + ":" : "no prefix"} instead of ${original ? original + ":" : "no prefix"}): the prefix is part of the signed SignedInfo; submit the file exactly as it was signed`;
  }
  if (hasWhitespace(f.signedInfo) && verifies(withoutWhitespace(f.signedInfo), f.c14n))
    return "whitespace was added inside SignedInfo after signing (re-indented?): submit the file exactly as it was signed";
  return void 0;
}
function specificReason(f) {
  return lengthProblem(f.value, f.key) ?? editedSignedInfo(f);
}
function whyNotVerified(f, keyLabel) {
  const length = lengthProblem(f.value, f.key);
  if (length) return length;
  const base = `the signature value does not verify over SignedInfo with the ${keyLabel}`;
  return `${base}: ${editedSignedInfo(f) ?? "SignedInfo or SignatureValue was altered after signing"}`;
}

// src/core/xmldsig/verify.ts
var Invalid = class extends Error {
  constructor(message, failure) {
    super(message);
    this.failure = failure;
  }
  failure;
};
function fail(reason, failure = "profile") {
  throw new Invalid(reason, failure);
}
function dsChildren(el) {
  for (const child of el.children) {
    if (!isElement(child) && child.raw.toString("utf8").trim() !== "") {
      fail(`unexpected text inside ds:${el.tag.local}`);
    }
  }
  const children = childElements(el);
  for (const c of children) {
    if (c.tag.ns !== DSIG_NS) fail(`unexpected element <${c.tag.qname}> inside ds:${el.tag.local}`);
  }
  return children;
}
function expect(children, names, where) {
  const got = children.map((c) => c.tag.local);
  if (got.length !== names.length || got.some((n, i) => n !== names[i])) {
    fail(
      `ds:${where} must contain ${names.map((n) => "ds:" + n).join(", ")} (found: ${got.join(", ") || "nothing"})`
    );
  }
  return children;
}
function algorithmOf(el) {
  const uri = attribute(el, "Algorithm");
  if (uri === void 0) fail(`ds:${el.tag.local} has no Algorithm`);
  if (childElements(el).length > 0) fail(`ds:${el.tag.local} must be empty (no parameters are accepted)`);
  return uri;
}
function c14nOf(el) {
  const uri = algorithmOf(el);
  if (!isC14nMethod(uri))
    fail(
      `canonicalization ${uri} is not accepted (only C14N 1.0, C14N 1.1 and exclusive C14N, without comments)`
    );
  return uri;
}
function base64(el, what) {
  const text = textContent(el).replace(/[ \t\r\n]/g, "");
  if (text === "" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text))
    fail(`${what} is not valid base64`);
  return Buffer.from(text, "base64");
}
function digestFor(method, digests) {
  return digests.get(method === C14N10 ? C14N11 : method);
}
function keyMatches(key, algorithm) {
  const type = key.publicKey.asymmetricKeyType;
  if (algorithm.key === "rsa")
    return type === "rsa" && (key.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS;
  return type === "ec";
}
function embeddedOf(signature) {
  try {
    return embeddedKey(signature);
  } catch (e) {
    if (e instanceof EmbeddedKeyError) fail(e.message);
    throw e;
  }
}
function parse(sig) {
  const problem = profileProblem(sig.element);
  if (problem) fail(problem);
  const [signedInfo, signatureValue, keyInfo, ...rest] = dsChildren(sig.element);
  if (!signedInfo || signedInfo.tag.local !== "SignedInfo")
    fail("ds:Signature must start with ds:SignedInfo");
  if (!signatureValue || signatureValue.tag.local !== "SignatureValue")
    fail("ds:SignedInfo must be followed by ds:SignatureValue");
  if (keyInfo && keyInfo.tag.local !== "KeyInfo") fail(`unexpected ds:${keyInfo.tag.local} in ds:Signature`);
  if (rest.length > 0) fail("ds:Signature may hold only SignedInfo, SignatureValue and KeyInfo");
  const [c14nEl, methodEl, reference] = expect(
    dsChildren(signedInfo),
    ["CanonicalizationMethod", "SignatureMethod", "Reference"],
    "SignedInfo"
  );
  const c14n = c14nOf(c14nEl);
  const methodUri = algorithmOf(methodEl);
  const algorithm = SIGNATURE_ALGORITHMS[methodUri];
  if (!algorithm)
    fail(`signature algorithm ${methodUri} is not accepted (only rsa-sha256 and ecdsa-sha256/384/512)`);
  if (attribute(reference, "URI") !== "") fail('the ds:Reference must cover the whole document (URI="")');
  const [transforms, digestMethod, digestValue] = expect(
    dsChildren(reference),
    ["Transforms", "DigestMethod", "DigestValue"],
    "Reference"
  );
  const [enveloped, transformC14n] = expect(
    dsChildren(transforms),
    ["Transform", "Transform"],
    "Transforms"
  );
  if (algorithmOf(enveloped) !== ENVELOPED) fail("the first transform must be enveloped-signature");
  const referenceC14n = c14nOf(transformC14n);
  if (algorithmOf(digestMethod) !== SHA256)
    fail(`digest algorithm ${attribute(digestMethod, "Algorithm")} is not accepted (only SHA-256)`);
  const embedded = embeddedOf(sig.element);
  const expected = base64(digestValue, "DigestValue");
  if (!expected.equals(digestFor(referenceC14n, sig.digests))) {
    fail(
      "the report was modified after it was signed (its digest does not match the signed DigestValue)",
      "modified"
    );
  }
  const value2 = base64(signatureValue, "SignatureValue");
  return { signedInfo, value: value2, methodUri, algorithm, c14n, referenceC14n, embedded };
}
var ValueCheck = class {
  constructor(p, sig) {
    this.p = p;
    this.context = signedInfoContext(sig.document, sig.element);
    this.canonical = canonicalSubtree(p.signedInfo, p.c14n, this.context);
  }
  p;
  canonical;
  context;
  verifies(key) {
    if (lengthProblem(this.p.value, key)) return false;
    return verifyBytes(this.canonical, this.p.value, key, this.p.algorithm);
  }
  failed(key) {
    const { signedInfo, c14n, value: value2, algorithm } = this.p;
    return { signedInfo, c14n, context: this.context, value: value2, key, algorithm };
  }
};
function trustedSigner(p, values, trusted) {
  const names = trusted.map((k) => k.label).join("; ");
  const fitting = trusted.filter((k) => keyMatches(k, p.algorithm));
  const embedded = p.embedded;
  const named = embedded && `the report names the ${embedded.label}; `;
  const noFit = () => fail(
    `no trusted key fits the ${p.methodUri.split("#")[1]} signature (${named ?? ""}trusted: ${names})`,
    "untrusted-key"
  );
  if (fitting.length === 0) noFit();
  const pinned = embedded && trusted.find((k) => samePublicKey(k.publicKey, embedded.publicKey));
  const signer = (keys) => keys.find((k) => values.verifies(k.publicKey));
  const swapped = (by2) => fail(
    `the report's KeyInfo names the ${embedded.label}, but the signature was made by the trusted ${by2.label}: KeyInfo was altered after signing; submit the file exactly as it was signed`,
    "altered"
  );
  if (embedded && !pinned) {
    const by2 = signer(fitting);
    if (by2) swapped(by2);
    fail(
      `the signature was not made by a trusted key: the report's embedded ${embedded.label} is not the trusted one (trusted: ${names})`,
      "untrusted-key"
    );
  }
  if (pinned) {
    if (!fitting.includes(pinned)) noFit();
    if (values.verifies(pinned.publicKey)) return pinned.label;
    const by2 = signer(fitting.filter((k) => k !== pinned));
    if (by2) swapped(by2);
    fail(
      whyNotVerified(values.failed(pinned.publicKey), `trusted ${pinned.label}, which the report names`),
      "altered"
    );
  }
  const by = signer(fitting);
  if (by) return by.label;
  const specific = fitting.length === 1 ? specificReason(values.failed(fitting[0].publicKey)) : void 0;
  fail(
    `the signature was not made by a trusted key, or SignedInfo or SignatureValue was altered after signing (the report names no key${specific ? `; with ${fitting[0].label}: ${specific}` : ""}; trusted: ${names})`,
    "untrusted-or-altered"
  );
}
function check(sig, trusted) {
  const p = parse(sig);
  const result = { algorithm: p.methodUri, c14n: p.referenceC14n, embedded: p.embedded };
  if (trusted !== null) return { ...result, signer: trustedSigner(p, new ValueCheck(p, sig), trusted) };
  const embedded = p.embedded;
  if (!embedded) return { ...result, signer: void 0 };
  const type = embedded.publicKey.asymmetricKeyType;
  if (type !== p.algorithm.key)
    fail(
      `the report's KeyInfo names the ${embedded.label}, ${type === "ec" ? "an EC" : type === "rsa" ? "an RSA" : `a ${type}`} key, which cannot have made this ${p.methodUri.split("#")[1]} signature: KeyInfo was altered after signing`,
      "altered"
    );
  const values = new ValueCheck(p, sig);
  if (!values.verifies(embedded.publicKey))
    fail(
      whyNotVerified(values.failed(embedded.publicKey), `${embedded.label} the report names (not trusted)`),
      "altered"
    );
  return { ...result, signer: void 0 };
}
var certificateOf = (signature) => {
  const label = embeddedCertificateLabel(signature);
  return label ? { embeddedCertificate: label } : {};
};
function verifySignature(sig, trusted) {
  const extra = certificateOf(sig.element);
  if (trusted.length === 0)
    return {
      valid: false,
      error: "no trusted certificate or public key was given",
      failure: "untrusted-key",
      ...extra
    };
  try {
    const { signer, algorithm, c14n } = check(sig, trusted);
    return { valid: true, signer, algorithm, c14n, ...extra };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return { valid: false, error: e.message, failure: e.failure, ...extra };
  }
}
function describeSignature(sig) {
  const extra = certificateOf(sig.element);
  try {
    const { algorithm, c14n, embedded } = check(sig, null);
    const status = embedded ? `digest intact; signature value verifies with the ${embedded.label} the report names, which is not checked against a trusted key: give --cert` : "digest intact; signature not checked: give --cert";
    return {
      algorithm,
      c14n,
      intact: true,
      valueChecked: embedded ? "embedded key" : "none",
      status,
      ...embedded ? { embeddedKey: embedded.label } : {},
      ...extra
    };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return {
      intact: false,
      valueChecked: "none",
      status: `BROKEN: ${e.message}`,
      problem: e.message,
      failure: e.failure,
      ...extra
    };
  }
}

export {
  verifySignature,
  describeSignature
};

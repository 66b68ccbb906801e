import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  C14N10,
  C14N11,
  CURVE_OIDS,
  Canonicalizer,
  DSIG11_NS,
  DSIG_NS,
  ECDSA_SHA256,
  ECDSA_SHA384,
  ECDSA_SHA512,
  ENVELOPED,
  RSA_SHA256,
  SHA256,
  SIGNATURE_ALGORITHMS,
  TreeBuilder,
  attribute,
  childElements,
  isC14nMethod,
  isElement,
  readXmlSync,
  replay,
  textContent
} from "./chunk-SWUZVSPC.js";
import {
  MIN_RSA_BITS,
  certificateLabel
} from "./chunk-WM2ITYRO.js";

// src/core/xmldsig/verify.ts
import { X509Certificate } from "node:crypto";

// src/core/xmldsig/signature.ts
import { sign as cryptoSign, verify as cryptoVerify } from "node:crypto";
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
  if (algorithm.key === "rsa") return cryptoSign(algorithm.hash, data, key.privateKey);
  return cryptoSign(algorithm.hash, data, { key: key.privateKey, dsaEncoding: "ieee-p1363" });
}
function verifyBytes(data, signature, key, algorithm) {
  if (algorithm.key === "rsa") return cryptoVerify(algorithm.hash, data, key, signature);
  return cryptoVerify(algorithm.hash, data, { key, dsaEncoding: "ieee-p1363" }, signature);
}

// src/core/xmldsig/verify.ts
var Invalid = class extends Error {
};
function fail(reason) {
  throw new Invalid(reason);
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
function embeddedCertificate(signature) {
  const data = findChild(findChild(signature, "KeyInfo") ?? signature, "X509Data");
  const cert = data && findChild(data, "X509Certificate");
  if (!cert) return {};
  try {
    const der = Buffer.from(textContent(cert).replace(/\s/g, ""), "base64");
    return { embeddedCertificate: certificateLabel(new X509Certificate(der)) };
  } catch {
    return {};
  }
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
function signatureLength(key) {
  const curve = key.publicKey.asymmetricKeyDetails?.namedCurve;
  const size = curve === "prime256v1" ? 32 : curve === "secp384r1" ? 48 : curve === "secp521r1" ? 66 : void 0;
  return size && size * 2;
}
function check(sig, trusted) {
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
  const expected = base64(digestValue, "DigestValue");
  if (!expected.equals(digestFor(referenceC14n, sig.digests))) {
    fail("the report was modified after it was signed (its digest does not match the signed DigestValue)");
  }
  const value = base64(signatureValue, "SignatureValue");
  if (trusted === null) return { algorithm: methodUri, c14n: referenceC14n, signer: void 0 };
  const canonical = canonicalSubtree(signedInfo, c14n, signedInfoContext(sig.document, sig.element));
  const candidates = trusted.filter((k) => keyMatches(k, algorithm));
  for (const key of candidates) {
    const length = signatureLength(key);
    if (algorithm.key === "ec" && value.length !== length) continue;
    if (verifyBytes(canonical, value, key.publicKey, algorithm)) {
      return { signer: key.label, algorithm: methodUri, c14n: referenceC14n };
    }
  }
  const names = trusted.map((k) => k.label).join("; ");
  if (candidates.length === 0)
    fail(`no trusted key fits the ${methodUri.split("#")[1]} signature (trusted: ${names})`);
  fail(`the signature was not made by a trusted key (trusted: ${names})`);
}
function verifySignature(sig, trusted) {
  const extra = embeddedCertificate(sig.element);
  if (trusted.length === 0)
    return { valid: false, error: "no trusted certificate or public key was given", ...extra };
  try {
    const { signer, algorithm, c14n } = check(sig, trusted);
    return { valid: true, signer, algorithm, c14n, ...extra };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return { valid: false, error: e.message, ...extra };
  }
}
function describeSignature(sig) {
  const extra = embeddedCertificate(sig.element);
  try {
    const { algorithm, c14n } = check(sig, null);
    return { algorithm, c14n, intact: true, ...extra };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return { intact: false, problem: e.message, ...extra };
  }
}

export {
  signatureAlgorithmFor,
  signedInfoXml,
  signatureXml,
  keyInfoXml,
  canonicalSubtree,
  signedInfoContext,
  parseSignature,
  findChild,
  signBytes,
  verifySignature,
  describeSignature
};

import { sign as cryptoSign, verify as cryptoVerify, type KeyObject } from "node:crypto";
import { Canonicalizer, type ApexContext, type C14nMethod } from "../xml/c14n.js";
import { readXmlSync, type NamespaceDeclaration, type Attribute, type StartTag } from "../xml/reader.js";
import { TreeBuilder, childElements, replay, type Element } from "../xml/tree.js";
import type { SigningKey } from "../crypto/keys.js";
import {
  CURVE_OIDS,
  DSIG11_NS,
  DSIG_NS,
  ECDSA_SHA256,
  ECDSA_SHA384,
  ECDSA_SHA512,
  ENVELOPED,
  RSA_SHA256,
  SHA256,
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithm,
} from "./algorithms.js";

/** Whether a start tag opens a ds:Signature (what the reader and the signer look for in a report). */
export function isSignature(tag: StartTag): boolean {
  return tag.ns === DSIG_NS && tag.local === "Signature";
}

/** What a Signature's SignedInfo inherits from the document element it is a child of. */
export interface DocumentContext {
  namespaces: NamespaceDeclaration[];
  xmlAttributes: Attribute[];
}

export function signatureAlgorithmFor(key: SigningKey): SignatureAlgorithm {
  if (key.algorithm.kind === "rsa") return SIGNATURE_ALGORITHMS[RSA_SHA256]!;
  const uri = { "P-256": ECDSA_SHA256, "P-384": ECDSA_SHA384, "P-521": ECDSA_SHA512 }[key.algorithm.curve];
  return SIGNATURE_ALGORITHMS[uri]!;
}

/** SignedInfo exactly as the upstream profile (signxml) writes it: ds prefix, no whitespace. */
export function signedInfoXml(c14n: C14nMethod, algorithm: SignatureAlgorithm, digest: Buffer): string {
  return (
    "<ds:SignedInfo>" +
    `<ds:CanonicalizationMethod Algorithm="${c14n}"/>` +
    `<ds:SignatureMethod Algorithm="${algorithm.uri}"/>` +
    '<ds:Reference URI="">' +
    "<ds:Transforms>" +
    `<ds:Transform Algorithm="${ENVELOPED}"/>` +
    `<ds:Transform Algorithm="${c14n}"/>` +
    "</ds:Transforms>" +
    `<ds:DigestMethod Algorithm="${SHA256}"/>` +
    `<ds:DigestValue>${digest.toString("base64")}</ds:DigestValue>` +
    "</ds:Reference>" +
    "</ds:SignedInfo>"
  );
}

export function signatureXml(signedInfo: string, signatureValue: Buffer, keyInfo: string): string {
  return (
    `<ds:Signature xmlns:ds="${DSIG_NS}">` +
    signedInfo +
    `<ds:SignatureValue>${signatureValue.toString("base64")}</ds:SignatureValue>` +
    keyInfo +
    "</ds:Signature>"
  );
}

/** KeyInfo: the certificate when there is one, else the public key value (as signxml writes them). */
export function keyInfoXml(key: SigningKey): string {
  if (key.certificate) {
    const lines = key.certificate.raw.toString("base64").match(/.{1,64}/g)!;
    return `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${lines.join("\n")}\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`;
  }
  const jwk = key.publicKey.export({ format: "jwk" });
  const b64 = (s: string | undefined) => Buffer.from(s ?? "", "base64url").toString("base64");
  if (key.algorithm.kind === "rsa") {
    return (
      "<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue>" +
      `<ds:Modulus>${b64(jwk.n)}</ds:Modulus><ds:Exponent>${b64(jwk.e)}</ds:Exponent>` +
      "</ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>"
    );
  }
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x ?? "", "base64url"),
    Buffer.from(jwk.y ?? "", "base64url"),
  ]);
  return (
    `<ds:KeyInfo><ds:KeyValue><dsig11:ECKeyValue xmlns:dsig11="${DSIG11_NS}">` +
    `<dsig11:NamedCurve URI="urn:oid:${CURVE_OIDS[key.algorithm.curve]}"/>` +
    `<dsig11:PublicKey>${point.toString("base64")}</dsig11:PublicKey>` +
    "</dsig11:ECKeyValue></ds:KeyValue></ds:KeyInfo>"
  );
}

/** Canonical bytes of an element held in memory, as a subset of the document it came from. */
export function canonicalSubtree(el: Element, method: C14nMethod, context: ApexContext): Buffer {
  const parts: Buffer[] = [];
  const c14n = new Canonicalizer([method], { update: (b: Buffer) => parts.push(Buffer.from(b)) }, context);
  replay(el, c14n);
  c14n.flush();
  return Buffer.concat(parts);
}

/** The context SignedInfo is canonicalized in: the document element's and the Signature's namespaces. */
export function signedInfoContext(doc: DocumentContext, signature: Element): ApexContext {
  return {
    namespaces: [...doc.namespaces, ...signature.tag.namespaces],
    xmlAttributes: [...doc.xmlAttributes, ...signature.tag.attributes.filter((a) => a.prefix === "xml")],
  };
}

/** Parses a Signature this tool wrote, to canonicalize its SignedInfo exactly as a verifier will. */
export function parseSignature(xml: string): Element {
  const tree = new TreeBuilder();
  readXmlSync(xml, tree, { source: "generated Signature" });
  return tree.root!;
}

export function findChild(el: Element, local: string, ns = DSIG_NS): Element | undefined {
  return childElements(el).find((c) => c.tag.local === local && c.tag.ns === ns);
}

export function signBytes(data: Buffer, key: SigningKey, algorithm: SignatureAlgorithm): Buffer {
  if (algorithm.key === "rsa") return cryptoSign(algorithm.hash, data, key.privateKey);
  return cryptoSign(algorithm.hash, data, { key: key.privateKey, dsaEncoding: "ieee-p1363" });
}

export function verifyBytes(
  data: Buffer,
  signature: Buffer,
  key: KeyObject,
  algorithm: SignatureAlgorithm,
): boolean {
  if (algorithm.key === "rsa") return cryptoVerify(algorithm.hash, data, key, signature);
  return cryptoVerify(algorithm.hash, data, { key, dsaEncoding: "ieee-p1363" }, signature);
}

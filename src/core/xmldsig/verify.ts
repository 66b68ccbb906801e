import { X509Certificate } from "node:crypto";
import { C14N10, C14N11, isC14nMethod, type C14nMethod } from "../xml/c14n.js";
import { attribute, childElements, isElement, textContent, type Element } from "../xml/tree.js";
import { MIN_RSA_BITS, certificateLabel, type TrustedKey } from "../keys.js";
import { DSIG_NS, ENVELOPED, SHA256, SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from "./algorithms.js";
import {
  canonicalSubtree,
  findChild,
  signedInfoContext,
  verifyBytes,
  type DocumentContext,
} from "./signature.js";

export interface SignatureToVerify {
  element: Element;
  document: DocumentContext;
  digests: ReadonlyMap<C14nMethod, Buffer>;
}

export type Verdict =
  | { valid: true; signer: string; algorithm: string; c14n: C14nMethod; embeddedCertificate?: string }
  | { valid: false; error: string; embeddedCertificate?: string };

/** A signature outside the strict profile, or one that does not verify. */
class Invalid extends Error {}

function fail(reason: string): never {
  throw new Invalid(reason);
}

/** Element children in the dsig namespace, refusing any non-whitespace text between them. */
function dsChildren(el: Element): Element[] {
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

function expect(children: Element[], names: string[], where: string): Element[] {
  const got = children.map((c) => c.tag.local);
  if (got.length !== names.length || got.some((n, i) => n !== names[i])) {
    fail(
      `ds:${where} must contain ${names.map((n) => "ds:" + n).join(", ")} (found: ${got.join(", ") || "nothing"})`,
    );
  }
  return children;
}

function algorithmOf(el: Element): string {
  const uri = attribute(el, "Algorithm");
  if (uri === undefined) fail(`ds:${el.tag.local} has no Algorithm`);
  if (childElements(el).length > 0) fail(`ds:${el.tag.local} must be empty (no parameters are accepted)`);
  return uri;
}

function c14nOf(el: Element): C14nMethod {
  const uri = algorithmOf(el);
  if (!isC14nMethod(uri))
    fail(
      `canonicalization ${uri} is not accepted (only C14N 1.0, C14N 1.1 and exclusive C14N, without comments)`,
    );
  return uri;
}

function base64(el: Element, what: string): Buffer {
  const text = textContent(el).replace(/[ \t\r\n]/g, "");
  if (text === "" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text))
    fail(`${what} is not valid base64`);
  return Buffer.from(text, "base64");
}

/** Names the certificate the report carries in KeyInfo, if any: reported, never trusted. */
function embeddedCertificate(signature: Element): { embeddedCertificate?: string } {
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

function digestFor(method: C14nMethod, digests: ReadonlyMap<C14nMethod, Buffer>): Buffer {
  // For a whole document (no omitted ancestors) C14N 1.0 and 1.1 give the same bytes.
  return digests.get(method === C14N10 ? C14N11 : method)!;
}

function keyMatches(key: TrustedKey, algorithm: SignatureAlgorithm): boolean {
  const type = key.publicKey.asymmetricKeyType;
  if (algorithm.key === "rsa")
    return type === "rsa" && (key.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS;
  return type === "ec";
}

function signatureLength(key: TrustedKey): number | undefined {
  const curve = key.publicKey.asymmetricKeyDetails?.namedCurve;
  const size =
    curve === "prime256v1" ? 32 : curve === "secp384r1" ? 48 : curve === "secp521r1" ? 66 : undefined;
  return size && size * 2;
}

interface Checked {
  algorithm: string;
  c14n: C14nMethod;
  /** The trusted key that verified the signature; undefined when no key was asked for. */
  signer: string | undefined;
}

function check(sig: SignatureToVerify, trusted: TrustedKey[] | null): Checked {
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
    "SignedInfo",
  );
  const c14n = c14nOf(c14nEl!);
  const methodUri = algorithmOf(methodEl!);
  const algorithm = SIGNATURE_ALGORITHMS[methodUri];
  if (!algorithm)
    fail(`signature algorithm ${methodUri} is not accepted (only rsa-sha256 and ecdsa-sha256/384/512)`);

  if (attribute(reference!, "URI") !== "") fail('the ds:Reference must cover the whole document (URI="")');
  const [transforms, digestMethod, digestValue] = expect(
    dsChildren(reference!),
    ["Transforms", "DigestMethod", "DigestValue"],
    "Reference",
  );
  const [enveloped, transformC14n] = expect(
    dsChildren(transforms!),
    ["Transform", "Transform"],
    "Transforms",
  );
  if (algorithmOf(enveloped!) !== ENVELOPED) fail("the first transform must be enveloped-signature");
  const referenceC14n = c14nOf(transformC14n!);
  if (algorithmOf(digestMethod!) !== SHA256)
    fail(`digest algorithm ${attribute(digestMethod!, "Algorithm")} is not accepted (only SHA-256)`);

  const expected = base64(digestValue!, "DigestValue");
  if (!expected.equals(digestFor(referenceC14n, sig.digests))) {
    fail("the report was modified after it was signed (its digest does not match the signed DigestValue)");
  }

  const value = base64(signatureValue, "SignatureValue");
  if (trusted === null) return { algorithm: methodUri, c14n: referenceC14n, signer: undefined };
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

/**
 * Verifies an enveloped signature under the strict profile, trusting only the keys given by the user:
 * a certificate embedded in the document is reported, never trusted.
 */
export function verifySignature(sig: SignatureToVerify, trusted: TrustedKey[]): Verdict {
  const extra = embeddedCertificate(sig.element);
  if (trusted.length === 0)
    return { valid: false, error: "no trusted certificate or public key was given", ...extra };
  try {
    const { signer, algorithm, c14n } = check(sig, trusted);
    return { valid: true, signer: signer!, algorithm, c14n, ...extra };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return { valid: false, error: e.message, ...extra };
  }
}

export interface SignatureDescription {
  algorithm?: string;
  c14n?: C14nMethod;
  /** The digest matches and the structure follows the strict profile (no key is checked). */
  intact: boolean;
  problem?: string;
  embeddedCertificate?: string;
}

/** What can be said of a signature without a trusted key: its profile, and whether the content is intact. */
export function describeSignature(sig: SignatureToVerify): SignatureDescription {
  const extra = embeddedCertificate(sig.element);
  try {
    const { algorithm, c14n } = check(sig, null);
    return { algorithm, c14n, intact: true, ...extra };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return { intact: false, problem: e.message, ...extra };
  }
}

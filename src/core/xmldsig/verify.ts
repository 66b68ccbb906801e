import type { KeyObject } from "node:crypto";
import { C14N10, C14N11, isC14nMethod, type ApexContext, type C14nMethod } from "../xml/c14n.js";
import { attribute, childElements, isElement, textContent, type Element } from "../xml/tree.js";
import { MIN_RSA_BITS, samePublicKey, type TrustedKey } from "../crypto/keys.js";
import { DSIG_NS, ENVELOPED, SHA256, SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from "./algorithms.js";
import { EmbeddedKeyError, embeddedCertificateLabel, embeddedKey, type EmbeddedKey } from "./embedded-key.js";
import { profileProblem } from "./profile.js";
import { lengthProblem, specificReason, whyNotVerified, type Failed } from "./reasons.js";
import { canonicalSubtree, signedInfoContext, verifyBytes, type DocumentContext } from "./signature.js";

export interface SignatureToVerify {
  element: Element;
  document: DocumentContext;
  digests: ReadonlyMap<C14nMethod, Buffer>;
}

/**
 * Why a signature is refused: outside the strict profile (including content the profile does not allow
 * anywhere in the Signature), the signed content changed, the key is not trusted (or none fits), or the
 * signature value does not verify with the key the report names (SignedInfo, SignatureValue or KeyInfo
 * altered). "untrusted-or-altered": the report names no key, so the two cannot be told apart.
 */
export type Failure = "profile" | "modified" | "untrusted-key" | "altered" | "untrusted-or-altered";

export type Verdict =
  | { valid: true; signer: string; algorithm: string; c14n: C14nMethod; embeddedCertificate?: string }
  | { valid: false; error: string; failure: Failure; embeddedCertificate?: string };

/** A signature outside the strict profile, or one that does not verify. */
class Invalid extends Error {
  constructor(
    message: string,
    readonly failure: Failure,
  ) {
    super(message);
  }
}

function fail(reason: string, failure: Failure = "profile"): never {
  throw new Invalid(reason, failure);
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

/** What the strict profile's structural checks found: the parts the key checks need. */
interface Parsed {
  signedInfo: Element;
  value: Buffer;
  methodUri: string;
  algorithm: SignatureAlgorithm;
  /** SignedInfo's CanonicalizationMethod. */
  c14n: C14nMethod;
  /** The Reference's canonicalization: the report's canonical form that was signed. */
  referenceC14n: C14nMethod;
  embedded: EmbeddedKey | undefined;
}

function embeddedOf(signature: Element): EmbeddedKey | undefined {
  try {
    return embeddedKey(signature);
  } catch (e) {
    if (e instanceof EmbeddedKeyError) fail(e.message);
    throw e;
  }
}

/** The profile, the structure and the digest: everything that is checked without a key. */
function parse(sig: SignatureToVerify): Parsed {
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
  const embedded = embeddedOf(sig.element);

  const expected = base64(digestValue!, "DigestValue");
  if (!expected.equals(digestFor(referenceC14n, sig.digests))) {
    fail(
      "the report was modified after it was signed (its digest does not match the signed DigestValue)",
      "modified",
    );
  }
  const value = base64(signatureValue, "SignatureValue");
  return { signedInfo, value, methodUri, algorithm, c14n, referenceC14n, embedded };
}

/** Checks the signature value with a key: true, or the problem as a Failed to explain. */
class ValueCheck {
  private readonly canonical: Buffer;
  private readonly context: ApexContext;

  constructor(
    private readonly p: Parsed,
    sig: SignatureToVerify,
  ) {
    this.context = signedInfoContext(sig.document, sig.element);
    this.canonical = canonicalSubtree(p.signedInfo, p.c14n, this.context);
  }

  verifies(key: KeyObject): boolean {
    if (lengthProblem(this.p.value, key)) return false;
    return verifyBytes(this.canonical, this.p.value, key, this.p.algorithm);
  }

  failed(key: KeyObject): Failed {
    const { signedInfo, c14n, value, algorithm } = this.p;
    return { signedInfo, c14n, context: this.context, value, key, algorithm };
  }
}

/** The label of the trusted key that made the signature, or the most precise reason it is refused. */
function trustedSigner(p: Parsed, values: ValueCheck, trusted: TrustedKey[]): string {
  const names = trusted.map((k) => k.label).join("; ");
  const fitting = trusted.filter((k) => keyMatches(k, p.algorithm));
  const embedded = p.embedded;
  const named = embedded && `the report names the ${embedded.label}; `;
  const noFit = () =>
    fail(
      `no trusted key fits the ${p.methodUri.split("#")[1]} signature (${named ?? ""}trusted: ${names})`,
      "untrusted-key",
    );
  if (fitting.length === 0) noFit();
  const pinned = embedded && trusted.find((k) => samePublicKey(k.publicKey, embedded.publicKey));
  const signer = (keys: TrustedKey[]) => keys.find((k) => values.verifies(k.publicKey));
  const swapped = (by: TrustedKey) =>
    fail(
      `the report's KeyInfo names the ${embedded!.label}, but the signature was made by the trusted ${by.label}: ` +
        "KeyInfo was altered after signing; submit the file exactly as it was signed",
      "altered",
    );
  if (embedded && !pinned) {
    const by = signer(fitting);
    if (by) swapped(by);
    fail(
      `the signature was not made by a trusted key: the report's embedded ${embedded.label} is not the trusted one (trusted: ${names})`,
      "untrusted-key",
    );
  }
  if (pinned) {
    if (!fitting.includes(pinned)) noFit();
    if (values.verifies(pinned.publicKey)) return pinned.label;
    const by = signer(fitting.filter((k) => k !== pinned));
    if (by) swapped(by);
    fail(
      whyNotVerified(values.failed(pinned.publicKey), `trusted ${pinned.label}, which the report names`),
      "altered",
    );
  }
  const by = signer(fitting);
  if (by) return by.label;
  const specific = fitting.length === 1 ? specificReason(values.failed(fitting[0]!.publicKey)) : undefined;
  fail(
    "the signature was not made by a trusted key, or SignedInfo or SignatureValue was altered after signing " +
      `(the report names no key${specific ? `; with ${fitting[0]!.label}: ${specific}` : ""}; trusted: ${names})`,
    "untrusted-or-altered",
  );
}

interface Checked {
  algorithm: string;
  c14n: C14nMethod;
  /** The trusted key that verified the signature; undefined when no key was asked for. */
  signer: string | undefined;
  embedded: EmbeddedKey | undefined;
}

/** With no trusted keys, the value is checked against the key the report names (consistency, not trust). */
function check(sig: SignatureToVerify, trusted: TrustedKey[] | null): Checked {
  const p = parse(sig);
  const result = { algorithm: p.methodUri, c14n: p.referenceC14n, embedded: p.embedded };
  if (trusted !== null) return { ...result, signer: trustedSigner(p, new ValueCheck(p, sig), trusted) };
  const embedded = p.embedded;
  if (!embedded) return { ...result, signer: undefined };
  const type = embedded.publicKey.asymmetricKeyType;
  if (type !== p.algorithm.key)
    fail(
      `the report's KeyInfo names the ${embedded.label}, ${type === "ec" ? "an EC" : type === "rsa" ? "an RSA" : `a ${type}`} key, which cannot ` +
        `have made this ${p.methodUri.split("#")[1]} signature: KeyInfo was altered after signing`,
      "altered",
    );
  const values = new ValueCheck(p, sig);
  if (!values.verifies(embedded.publicKey))
    fail(
      whyNotVerified(values.failed(embedded.publicKey), `${embedded.label} the report names (not trusted)`),
      "altered",
    );
  return { ...result, signer: undefined };
}

const certificateOf = (signature: Element) => {
  const label = embeddedCertificateLabel(signature);
  return label ? { embeddedCertificate: label } : {};
};

/**
 * Verifies an enveloped signature under the strict profile, trusting only the keys given by the user:
 * a certificate embedded in the document is reported, never trusted.
 */
export function verifySignature(sig: SignatureToVerify, trusted: TrustedKey[]): Verdict {
  const extra = certificateOf(sig.element);
  if (trusted.length === 0)
    return {
      valid: false,
      error: "no trusted certificate or public key was given",
      failure: "untrusted-key",
      ...extra,
    };
  try {
    const { signer, algorithm, c14n } = check(sig, trusted);
    return { valid: true, signer: signer!, algorithm, c14n, ...extra };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return { valid: false, error: e.message, failure: e.failure, ...extra };
  }
}

export interface SignatureDescription {
  algorithm?: string;
  c14n?: C14nMethod;
  /**
   * The structure follows the strict profile, the digest matches and, when the report names a key, the
   * signature value verifies with it. No key is trusted: this is not a verdict on who signed.
   */
  intact: boolean;
  /**
   * What the signature value was checked with: nothing, the key the report names (consistency only), or
   * (set by a caller that verified it) a trusted key.
   */
  valueChecked: "none" | "embedded key" | "trusted key";
  /** One line saying what was checked, e.g. "digest intact; signature not checked: give --cert". */
  status: string;
  problem?: string;
  failure?: Failure;
  embeddedCertificate?: string;
  /** The key the report names (certificate or public key), when there is one. */
  embeddedKey?: string;
}

/** What can be said of a signature without a trusted key: its profile, and whether the content is intact. */
export function describeSignature(sig: SignatureToVerify): SignatureDescription {
  const extra = certificateOf(sig.element);
  try {
    const { algorithm, c14n, embedded } = check(sig, null);
    const status = embedded
      ? `digest intact; signature value verifies with the ${embedded.label} the report names, which is not checked against a trusted key: give --cert`
      : "digest intact; signature not checked: give --cert";
    return {
      algorithm,
      c14n,
      intact: true,
      valueChecked: embedded ? "embedded key" : "none",
      status,
      ...(embedded ? { embeddedKey: embedded.label } : {}),
      ...extra,
    };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return {
      intact: false,
      valueChecked: "none",
      status: `BROKEN: ${e.message}`,
      problem: e.message,
      failure: e.failure,
      ...extra,
    };
  }
}

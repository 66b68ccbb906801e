import { X509Certificate, createPublicKey, type KeyObject } from "node:crypto";
import { certificateLabel, publicKeyLabel, samePublicKey } from "../crypto/keys.js";
import { childElements, textContent, type Element } from "../xml/tree.js";
import { CURVE_OIDS, DSIG11_NS } from "./algorithms.js";
import { findChild } from "./signature.js";

/** The key a report names in its KeyInfo: reported and checked for consistency, never trusted. */
export interface EmbeddedKey {
  publicKey: KeyObject;
  /** "certificate CN=… sha256:…" or "public key sha256:…". */
  label: string;
  /** The certificate's label, when the key came from an X509Certificate. */
  certificate?: string;
}

/** KeyInfo content that is well-formed for the profile but does not hold a usable key. */
export class EmbeddedKeyError extends Error {}

const base64Of = (el: Element) => Buffer.from(textContent(el).replace(/\s/g, ""), "base64");
const base64url = (b: Buffer) => b.toString("base64url");

function fromCertificate(el: Element): EmbeddedKey {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(base64Of(el));
  } catch {
    throw new EmbeddedKeyError("ds:KeyInfo/ds:X509Data/ds:X509Certificate is not a valid X.509 certificate");
  }
  const label = certificateLabel(certificate);
  return { publicKey: certificate.publicKey, label: `certificate ${label}`, certificate: label };
}

function rsaKey(el: Element): KeyObject {
  const [modulus, exponent] = childElements(el).map((c) => base64Of(c));
  return createPublicKey({
    key: { kty: "RSA", n: base64url(modulus!), e: base64url(exponent!) },
    format: "jwk",
  });
}

function ecKey(el: Element): KeyObject {
  const [curveEl, pointEl] = childElements(el);
  const oid = curveEl!.tag.attributes.find((a) => a.local === "URI")?.value.replace(/^urn:oid:/, "");
  const curve = Object.entries(CURVE_OIDS).find(([, o]) => o === oid)?.[0];
  if (!curve) throw new Error(`unsupported curve ${oid}`);
  const point = base64Of(pointEl!);
  const size = (point.length - 1) / 2;
  if (point[0] !== 4 || !Number.isInteger(size)) throw new Error("not an uncompressed point");
  return createPublicKey({
    key: {
      kty: "EC",
      crv: curve,
      x: base64url(point.subarray(1, 1 + size)),
      y: base64url(point.subarray(1 + size)),
    },
    format: "jwk",
  });
}

function fromKeyValue(el: Element): EmbeddedKey {
  const value = childElements(el)[0]!;
  const ec = value.tag.ns === DSIG11_NS;
  let publicKey: KeyObject;
  try {
    publicKey = ec ? ecKey(value) : rsaKey(value);
  } catch (e) {
    throw new EmbeddedKeyError(
      `ds:KeyInfo/ds:KeyValue does not hold a valid ${ec ? "EC" : "RSA"} public key (${(e as Error).message})`,
    );
  }
  return { publicKey, label: publicKeyLabel(publicKey) };
}

/**
 * The key named by a Signature's KeyInfo (its first X509Certificate, else its KeyValue), after the profile
 * check. When both are present they must be the same key.
 */
export function embeddedKey(signature: Element): EmbeddedKey | undefined {
  const keyInfo = findChild(signature, "KeyInfo");
  if (!keyInfo) return undefined;
  const data = findChild(keyInfo, "X509Data");
  const certificate = data && findChild(data, "X509Certificate");
  const keyValue = findChild(keyInfo, "KeyValue");
  const fromCert = certificate && fromCertificate(certificate);
  const fromValue = keyValue && fromKeyValue(keyValue);
  if (fromCert && fromValue && !samePublicKey(fromCert.publicKey, fromValue.publicKey))
    throw new EmbeddedKeyError(
      `ds:KeyInfo names two different keys: the ${fromCert.label} and the ds:KeyValue ${fromValue.label}`,
    );
  return fromCert ?? fromValue;
}

/** The certificate a Signature's KeyInfo carries, for reporting; undefined when there is none or it is bad. */
export function embeddedCertificateLabel(signature: Element): string | undefined {
  try {
    return embeddedKey(signature)?.certificate;
  } catch {
    return undefined;
  }
}

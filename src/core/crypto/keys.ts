import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";

export type EcCurve = "P-256" | "P-384" | "P-521";

export type KeyAlgorithm = { kind: "rsa"; bits: number } | { kind: "ecdsa"; curve: EcCurve };

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  algorithm: KeyAlgorithm;
  certificate?: X509Certificate;
}

export interface TrustedKey {
  publicKey: KeyObject;
  certificate?: X509Certificate;
  label: string;
}

export interface LoadSigningKeyOptions {
  key: string | Buffer;
  source: string;
  passphrase?: string;
  certificate?: string | Buffer;
  certificateSource?: string;
}

export interface LoadTrustedKeysOptions {
  pem: string | Buffer;
  source: string;
}

/**
 * A key or certificate that cannot be used. The message names where it came from and what is wrong,
 * never the key material, the passphrase or OpenSSL's diagnostics about the input.
 */
export class KeyError extends Error {
  override name = "KeyError";

  constructor(
    readonly source: string,
    readonly reason: string,
    /** "passphrase-missing": an encrypted key came without a passphrase; each caller names how to give one. */
    readonly code: "unusable" | "passphrase-missing" = "unusable",
  ) {
    super(`${source}: ${reason}`);
  }
}

/** `e` again with `how` (how this caller's user gives a passphrase) when it is an encrypted key without one. */
export function withPassphraseHint(e: unknown, how: string): unknown {
  if (!(e instanceof KeyError) || e.code !== "passphrase-missing") return e;
  return new KeyError(e.source, `${e.reason}: ${how}`, e.code);
}

export const MIN_RSA_BITS = 2048;

const SUPPORTED = `use RSA (${MIN_RSA_BITS} bits or more) or ECDSA P-256, P-384 or P-521`;

const CURVES: Readonly<Record<string, EcCurve>> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
  "P-256": "P-256",
  "P-384": "P-384",
  "P-521": "P-521",
};

const KEY_TYPE_NAMES: Readonly<Record<string, string>> = {
  "rsa-pss": "RSA-PSS",
  dsa: "DSA",
  dh: "Diffie-Hellman",
  ed25519: "Ed25519",
  ed448: "Ed448",
  x25519: "X25519",
  x448: "X448",
};

const PRIVATE_KEY_LABELS = new Set([
  "PRIVATE KEY",
  "RSA PRIVATE KEY",
  "EC PRIVATE KEY",
  "ENCRYPTED PRIVATE KEY",
]);
const PUBLIC_KEY_LABELS = new Set(["PUBLIC KEY", "RSA PUBLIC KEY"]);

interface PemBlock {
  label: string;
  text: string;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g;

function pemBlocks(input: string | Buffer): PemBlock[] {
  const text = typeof input === "string" ? input : input.toString("latin1");
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1] ?? "", text: m[0] }));
}

function typeName(key: KeyObject): string {
  const type = key.asymmetricKeyType ?? key.type;
  return KEY_TYPE_NAMES[type] ?? type;
}

function rsaAlgorithm(key: KeyObject, source: string): KeyAlgorithm {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new KeyError(source, `RSA key is ${bits} bits; at least ${MIN_RSA_BITS} are required`);
  }
  return { kind: "rsa", bits };
}

function ecAlgorithm(key: KeyObject, source: string): KeyAlgorithm {
  const named = key.asymmetricKeyDetails?.namedCurve;
  const curve = named === undefined ? undefined : CURVES[named];
  if (curve === undefined) {
    const what = named === undefined ? "an EC key without a named curve" : `EC curve ${named}`;
    throw new KeyError(source, `${what} is not supported; ${SUPPORTED}`);
  }
  return { kind: "ecdsa", curve };
}

/** The signing algorithm family of a key (public or private); refuses anything jux cannot sign or verify with. */
export function keyAlgorithmOf(publicKey: KeyObject, source = "key"): KeyAlgorithm {
  switch (publicKey.asymmetricKeyType) {
    case "rsa":
      return rsaAlgorithm(publicKey, source);
    case "ec":
      return ecAlgorithm(publicKey, source);
    default:
      throw new KeyError(source, `${typeName(publicKey)} keys are not supported; ${SUPPORTED}`);
  }
}

function describeNonPrivate(label: string): string {
  if (PUBLIC_KEY_LABELS.has(label)) return "contains a public key, not a private key";
  if (label === "CERTIFICATE") return "contains a certificate, not a private key";
  if (label === "OPENSSH PRIVATE KEY") {
    return "is an OpenSSH private key; convert it to PKCS#8 PEM (ssh-keygen -p -m PKCS8 -f <file>)";
  }
  if (label === "DSA PRIVATE KEY") return `DSA keys are not supported; ${SUPPORTED}`;
  return `contains a PEM "${label}" block, not a private key`;
}

function privateKeyBlock(key: string | Buffer, source: string): PemBlock {
  const blocks = pemBlocks(key);
  const keys = blocks.filter((b) => PRIVATE_KEY_LABELS.has(b.label));
  if (keys.length > 1) throw new KeyError(source, `contains ${keys.length} private keys; expected one`);
  const [found] = keys;
  if (found !== undefined) return found;
  const [first] = blocks;
  if (first === undefined)
    throw new KeyError(source, "is not a PEM private key (no -----BEGIN ... PRIVATE KEY----- block)");
  throw new KeyError(source, describeNonPrivate(first.label));
}

function isEncrypted(block: PemBlock): boolean {
  return block.label === "ENCRYPTED PRIVATE KEY" || /^Proc-Type:\s*4,ENCRYPTED/m.test(block.text);
}

function parsePrivateKey(block: PemBlock, source: string, passphrase: string | undefined): KeyObject {
  const encrypted = isEncrypted(block);
  if (encrypted && passphrase === undefined) {
    throw new KeyError(
      source,
      "the private key is encrypted and no passphrase was given",
      "passphrase-missing",
    );
  }
  try {
    return createPrivateKey(encrypted ? { key: block.text, format: "pem", passphrase } : block.text);
  } catch {
    throw new KeyError(
      source,
      encrypted
        ? "cannot decrypt the private key: wrong passphrase (or the file is damaged)"
        : `cannot parse the ${block.label} block (damaged PEM or unsupported key format)`,
    );
  }
}

function parseCertificate(pem: string | Buffer, source: string): X509Certificate {
  const block = pemBlocks(pem).find((b) => b.label === "CERTIFICATE");
  if (block === undefined)
    throw new KeyError(source, "is not a PEM certificate (no -----BEGIN CERTIFICATE----- block)");
  try {
    return new X509Certificate(block.text);
  } catch {
    throw new KeyError(source, "cannot parse the certificate (damaged PEM or not X.509)");
  }
}

function subjectLine(certificate: X509Certificate): string {
  return certificate.subject.split("\n").filter(Boolean).join(", ") || "(empty subject)";
}

function sha256Hex(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function certificateLabel(certificate: X509Certificate): string {
  return `${subjectLine(certificate)} sha256:${sha256Hex(certificate.raw)}`;
}

export function publicKeyLabel(publicKey: KeyObject): string {
  return `public key sha256:${sha256Hex(publicKey.export({ type: "spki", format: "der" }))}`;
}

/**
 * KeyObject.equals() on keys of different types leaves "different key types" on OpenSSL's error queue
 * (Node 20), which then fails the next unrelated createPrivateKey(); compare the types first.
 */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return a.asymmetricKeyType === b.asymmetricKeyType && a.equals(b);
}

function matchingCertificate(
  pem: string | Buffer,
  source: string,
  publicKey: KeyObject,
  keySource: string,
): X509Certificate {
  const certificate = parseCertificate(pem, source);
  if (!samePublicKey(certificate.publicKey, publicKey)) {
    throw new KeyError(
      source,
      `the certificate (${certificateLabel(certificate)}) does not match the private key in ${keySource}`,
    );
  }
  return certificate;
}

/** Loads a PEM private key (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8) and, optionally, its certificate. */
export function loadSigningKey(opts: LoadSigningKeyOptions): SigningKey {
  const { source } = opts;
  const passphrase = opts.passphrase === "" ? undefined : opts.passphrase;
  const privateKey = parsePrivateKey(privateKeyBlock(opts.key, source), source, passphrase);
  const algorithm = keyAlgorithmOf(privateKey, source);
  const publicKey = createPublicKey(privateKey);
  if (opts.certificate === undefined) return { privateKey, publicKey, algorithm };
  const certSource = opts.certificateSource ?? "the certificate";
  const certificate = matchingCertificate(opts.certificate, certSource, publicKey, source);
  return { privateKey, publicKey, algorithm, certificate };
}

function trustedCertificate(block: PemBlock, where: string): TrustedKey {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(block.text);
  } catch {
    throw new KeyError(where, "cannot parse the certificate (damaged PEM or not X.509)");
  }
  const label = certificateLabel(certificate);
  keyAlgorithmOf(certificate.publicKey, `${where} (${label})`);
  return { publicKey: certificate.publicKey, certificate, label };
}

function trustedPublicKey(block: PemBlock, where: string): TrustedKey {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(block.text);
  } catch {
    throw new KeyError(
      where,
      `cannot parse the ${block.label} block (damaged PEM or unsupported key format)`,
    );
  }
  const label = publicKeyLabel(publicKey);
  keyAlgorithmOf(publicKey, `${where} (${label})`);
  return { publicKey, label };
}

function trustedKey(block: PemBlock, where: string): TrustedKey {
  if (block.label === "CERTIFICATE") return trustedCertificate(block, where);
  if (PUBLIC_KEY_LABELS.has(block.label)) return trustedPublicKey(block, where);
  if (PRIVATE_KEY_LABELS.has(block.label) || block.label.endsWith("PRIVATE KEY")) {
    throw new KeyError(where, "is a private key; a trust bundle holds only certificates and public keys");
  }
  throw new KeyError(where, `is a PEM "${block.label}" block; expected CERTIFICATE or PUBLIC KEY`);
}

/** Loads the certificates and public keys a verifier trusts from one PEM bundle. */
export function loadTrustedKeys(opts: LoadTrustedKeysOptions): TrustedKey[] {
  const blocks = pemBlocks(opts.pem);
  if (blocks.length === 0) {
    throw new KeyError(opts.source, "contains no PEM certificate or public key");
  }
  const many = blocks.length > 1;
  return blocks.map((block, i) => trustedKey(block, many ? `${opts.source}, entry ${i + 1}` : opts.source));
}

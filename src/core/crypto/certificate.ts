import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { generateKeyPair as generateNodeKeyPair, randomBytes, webcrypto, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import type { EcCurve, KeyAlgorithm } from "./keys.js";

x509.cryptoProvider.set(webcrypto as ReturnType<typeof x509.cryptoProvider.get>);

type ImportParams = webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
type SignParams = webcrypto.Algorithm | webcrypto.EcdsaParams;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

export interface GenerateKeyPairOptions {
  algorithm: KeyAlgorithm;
  /** The certificate's CN (a leading "CN=" is stripped); default "jux". */
  subject?: string;
  daysValid?: number;
}

export interface GeneratedKeyPair {
  /** Unencrypted PKCS#8. */
  privateKeyPem: string;
  certificatePem: string;
}

export const RSA_SIZES: readonly number[] = [2048, 3072, 4096];
export const EC_CURVES: readonly EcCurve[] = ["P-256", "P-384", "P-521"];
export const DEFAULT_SUBJECT = "jux";
export const DEFAULT_DAYS_VALID = 365;

const EC_HASH: Readonly<Record<EcCurve, string>> = {
  "P-256": "SHA-256",
  "P-384": "SHA-384",
  "P-521": "SHA-512",
};
const DAY_MS = 86_400_000;
/** The longest validity a certificate may be given (100 years). */
export const MAX_DAYS_VALID = 36_500;

const generate = promisify(generateNodeKeyPair);

interface NodeKeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

function checkAlgorithm(algorithm: KeyAlgorithm): void {
  if (algorithm.kind === "rsa" && !RSA_SIZES.includes(algorithm.bits)) {
    throw new RangeError(`RSA key size must be one of ${RSA_SIZES.join(", ")} bits, not ${algorithm.bits}`);
  }
  if (algorithm.kind === "ecdsa" && !EC_CURVES.includes(algorithm.curve)) {
    throw new RangeError(
      `ECDSA curve must be one of ${EC_CURVES.join(", ")}, not ${String(algorithm.curve)}`,
    );
  }
}

function checkDaysValid(days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS_VALID) {
    throw new RangeError(`days valid must be a whole number from 1 to ${MAX_DAYS_VALID}, not ${days}`);
  }
}

export function commonName(subject: string): string {
  const cn = subject.replace(/^\s*CN\s*=\s*/i, "").trim();
  if (cn === "") throw new RangeError("the certificate subject (CN) must not be empty");
  return cn;
}

function nodeKeyPair(algorithm: KeyAlgorithm): Promise<NodeKeyPair> {
  if (algorithm.kind === "rsa") {
    return generate("rsa", { modulusLength: algorithm.bits, publicExponent: 0x10001 });
  }
  return generate("ec", { namedCurve: algorithm.curve });
}

function webAlgorithms(algorithm: KeyAlgorithm): { key: ImportParams; sign: SignParams } {
  if (algorithm.kind === "rsa") {
    return { key: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, sign: { name: "RSASSA-PKCS1-v1_5" } };
  }
  return {
    key: { name: "ECDSA", namedCurve: algorithm.curve },
    sign: { name: "ECDSA", hash: EC_HASH[algorithm.curve] },
  };
}

async function toCryptoKeys(pair: NodeKeyPair, params: ImportParams): Promise<CryptoKeyPair> {
  const subtle = webcrypto.subtle;
  const pkcs8 = pair.privateKey.export({ type: "pkcs8", format: "der" });
  const spki = pair.publicKey.export({ type: "spki", format: "der" });
  const [privateKey, publicKey] = await Promise.all([
    subtle.importKey("pkcs8", pkcs8, params, false, ["sign"]),
    subtle.importKey("spki", spki, params, true, ["verify"]),
  ]);
  return { privateKey, publicKey };
}

function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString("hex");
}

async function selfSigned(
  keys: CryptoKeyPair,
  cn: string,
  daysValid: number,
  signingAlgorithm: SignParams,
): Promise<x509.X509Certificate> {
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
  const name: x509.JsonName = [{ CN: [cn] }];
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore,
    notAfter: new Date(notBefore.getTime() + daysValid * DAY_MS),
    keys,
    signingAlgorithm,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.BasicConstraintsExtension(false, undefined, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
}

function withNewline(pem: string): string {
  const unix = pem.replace(/\r\n/g, "\n");
  return unix.endsWith("\n") ? unix : unix + "\n";
}

/** A fresh key pair and a self-signed X.509 v3 certificate for it (keyUsage digitalSignature, CA:false). */
export async function generateKeyPair(opts: GenerateKeyPairOptions): Promise<GeneratedKeyPair> {
  const daysValid = opts.daysValid ?? DEFAULT_DAYS_VALID;
  checkAlgorithm(opts.algorithm);
  checkDaysValid(daysValid);
  const cn = commonName(opts.subject ?? DEFAULT_SUBJECT);
  const pair = await nodeKeyPair(opts.algorithm);
  const params = webAlgorithms(opts.algorithm);
  const certificate = await selfSigned(await toCryptoKeys(pair, params.key), cn, daysValid, params.sign);
  return {
    privateKeyPem: withNewline(pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
    certificatePem: withNewline(certificate.toString("pem")),
  };
}

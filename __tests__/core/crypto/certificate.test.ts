import { XMLDSIG } from "../../helpers/fixtures.js";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, type GeneratedKeyPair } from "../../../src/core/crypto/certificate.js";
import { loadSigningKey, type KeyAlgorithm } from "../../../src/core/crypto/keys.js";

const FIXTURES = XMLDSIG;
const DAY_MS = 86_400_000;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-cert-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function saveLabel(label: string, pair: GeneratedKeyPair): { key: string; cert: string } {
  const key = join(dir, `${label}.pem`);
  const cert = join(dir, `${label}.crt`);
  writeFileSync(key, pair.privateKeyPem, { mode: 0o600 });
  writeFileSync(cert, pair.certificatePem);
  return { key, cert };
}

function templateWith(fragment: string): string {
  const junit = readFileSync(join(FIXTURES, "junit.xml"), "utf8");
  const frag = readFileSync(join(FIXTURES, fragment), "utf8").trim();
  expect(junit).toContain("</testsuites>");
  return junit.replace("</testsuites>", `${frag}</testsuites>`);
}

function xmlsecRoundTrip(label: string, files: { key: string; cert: string }, fragment: string): string {
  const template = join(dir, `${label}-tmpl.xml`);
  const signed = join(dir, `${label}-signed.xml`);
  writeFileSync(template, templateWith(fragment));
  run("xmlsec1", ["--sign", "--privkey-pem", `${files.key},${files.cert}`, "--output", signed, template]);
  run("xmlsec1", ["--verify", "--enabled-key-data", "key-name", "--pubkey-cert-pem", files.cert, signed]);
  return readFileSync(signed, "utf8");
}

const CASES: Array<[string, KeyAlgorithm, string]> = [
  ["rsa-2048", { kind: "rsa", bits: 2048 }, "sha256WithRSAEncryption"],
  ["ecdsa-P-256", { kind: "ecdsa", curve: "P-256" }, "ecdsa-with-SHA256"],
  ["ecdsa-P-384", { kind: "ecdsa", curve: "P-384" }, "ecdsa-with-SHA384"],
  ["ecdsa-P-521", { kind: "ecdsa", curve: "P-521" }, "ecdsa-with-SHA512"],
];

describe.each(CASES)("generateKeyPair %s", (label, algorithm, signatureAlgorithm) => {
  let pair: GeneratedKeyPair;
  let files: { key: string; cert: string };
  let started: number;

  beforeAll(async () => {
    started = Date.now();
    pair = await generateKeyPair({ algorithm, subject: `CI signer ${label}`, daysValid: 90 });
    files = saveLabel(label, pair);
  });

  test("the private key is unencrypted PKCS#8 of the requested algorithm", () => {
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    const key = createPrivateKey(pair.privateKeyPem);
    if (algorithm.kind === "rsa") {
      expect(key.asymmetricKeyType).toBe("rsa");
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(algorithm.bits);
      expect(key.asymmetricKeyDetails?.publicExponent).toBe(65537n);
    } else {
      expect(key.asymmetricKeyType).toBe("ec");
    }
    expect(
      loadSigningKey({ key: pair.privateKeyPem, source: label, certificate: pair.certificatePem }).algorithm,
    ).toEqual(algorithm);
  });

  test("the certificate is self-signed for that key, CN=subject, valid for daysValid", () => {
    const cert = new X509Certificate(pair.certificatePem);
    const key = createPrivateKey(pair.privateKeyPem);
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subject).toBe(`CN=CI signer ${label}`);
    expect(cert.issuer).toBe(cert.subject);
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    expect(Math.abs(from - started)).toBeLessThan(60_000);
    expect(to - from).toBe(90 * DAY_MS);
    expect(cert.ca).toBe(false);
    expect(BigInt(`0x${cert.serialNumber}`)).toBeGreaterThan(0n);
  });

  test("openssl sees a v3 certificate with the expected extensions and signature algorithm", () => {
    const text = run("openssl", ["x509", "-in", files.cert, "-noout", "-text"]);
    expect(text).toContain("Version: 3 (0x2)");
    expect(text).toContain(`Signature Algorithm: ${signatureAlgorithm}`);
    expect(text).toMatch(/X509v3 Subject Key Identifier:/);
    const ku = run("openssl", ["x509", "-in", files.cert, "-noout", "-ext", "keyUsage,basicConstraints"]);
    expect(ku).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\s/);
    expect(ku).toMatch(/X509v3 Basic Constraints:\s*\n\s+CA:FALSE/);
    const serial = run("openssl", ["x509", "-in", files.cert, "-noout", "-serial"]).trim();
    expect(serial).toMatch(/^serial=[0-7][0-9A-F]{31}$/);
  });

  test("openssl verifies the self-signature", () => {
    const out = run("openssl", [
      "verify",
      "-check_ss_sig",
      "-partial_chain",
      "-trusted",
      files.cert,
      files.cert,
    ]);
    expect(out.trim()).toBe(`${files.cert}: OK`);
  });

  test("openssl agrees that key and certificate belong together", () => {
    const fromKey = run("openssl", ["pkey", "-in", files.key, "-pubout"]);
    const fromCert = run("openssl", ["x509", "-in", files.cert, "-noout", "-pubkey"]);
    expect(fromCert).toBe(fromKey);
  });
});

describe("xmlsec1 signs and verifies with generated keys", () => {
  test("RSA 2048, rsa-sha256 template", async () => {
    const files = saveLabel("xs-rsa", await generateKeyPair({ algorithm: { kind: "rsa", bits: 2048 } }));
    const signed = xmlsecRoundTrip("xs-rsa", files, "sig-rsa.frag");
    expect(signed).toMatch(/<ds:SignatureValue>[A-Za-z0-9+/=\s]{100,}<\/ds:SignatureValue>/);
    expect(signed).toMatch(/<ds:X509Certificate>[A-Za-z0-9+/=\s]+<\/ds:X509Certificate>/);
  });

  test("ECDSA P-256, ecdsa-sha256 template", async () => {
    const files = saveLabel("xs-ec", await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } }));
    const signed = xmlsecRoundTrip("xs-ec", files, "sig-ecdsa.frag");
    expect(signed).toContain("</ds:Signature></testsuites>");
  });

  test("a document signed with another key does not verify against the generated certificate", async () => {
    const a = saveLabel("xs-a", await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } }));
    const b = saveLabel("xs-b", await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } }));
    xmlsecRoundTrip("xs-a", a, "sig-ecdsa.frag");
    const signed = join(dir, "xs-a-signed.xml");
    expect(() =>
      run("xmlsec1", ["--verify", "--enabled-key-data", "key-name", "--pubkey-cert-pem", b.cert, signed]),
    ).toThrow();
  });
});

describe("generateKeyPair options", () => {
  test("defaults: CN=jux, 365 days; a leading CN= is accepted", async () => {
    const defaults = new X509Certificate(
      (await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } })).certificatePem,
    );
    expect(defaults.subject).toBe("CN=jux");
    expect(Date.parse(defaults.validTo) - Date.parse(defaults.validFrom)).toBe(365 * DAY_MS);
    const named = await generateKeyPair({
      algorithm: { kind: "ecdsa", curve: "P-256" },
      subject: "CN=My Org, CI",
    });
    expect(new X509Certificate(named.certificatePem).subject).toBe("CN=My Org\\, CI");
  });

  test("two certificates get different serial numbers", async () => {
    const alg: KeyAlgorithm = { kind: "ecdsa", curve: "P-256" };
    const [a, b] = await Promise.all([
      generateKeyPair({ algorithm: alg }),
      generateKeyPair({ algorithm: alg }),
    ]);
    expect(new X509Certificate(a.certificatePem).serialNumber).not.toBe(
      new X509Certificate(b.certificatePem).serialNumber,
    );
  });

  test.each([
    [{ algorithm: { kind: "rsa", bits: 1024 } }, /RSA key size must be one of 2048, 3072, 4096/],
    [{ algorithm: { kind: "ecdsa", curve: "secp256k1" } }, /ECDSA curve must be one of P-256, P-384, P-521/],
    [{ algorithm: { kind: "ecdsa", curve: "P-256" }, daysValid: 0 }, /days valid must be a whole number/],
    [{ algorithm: { kind: "ecdsa", curve: "P-256" }, daysValid: 1.5 }, /days valid must be a whole number/],
    [{ algorithm: { kind: "ecdsa", curve: "P-256" }, subject: "CN=" }, /subject \(CN\) must not be empty/],
  ])("refuses %j", async (opts, message) => {
    await expect(generateKeyPair(opts as Parameters<typeof generateKeyPair>[0])).rejects.toThrow(message);
  });
});

describe("larger RSA keys", () => {
  test.each([[3072], [4096]])("RSA %i", async (bits) => {
    const pair = await generateKeyPair({ algorithm: { kind: "rsa", bits } });
    const cert = new X509Certificate(pair.certificatePem);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(bits);
  });
});

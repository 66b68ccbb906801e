import { beforeAll, describe, expect, test } from "@jest/globals";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { generateKeyPair, type GeneratedKeyPair } from "../../../src/core/crypto/certificate.js";
import { loadSigningKey, type KeyAlgorithm } from "../../../src/core/crypto/keys.js";

const DAY_MS = 86_400_000;

const CASES: Array<[string, KeyAlgorithm, string]> = [
  ["rsa-2048", { kind: "rsa", bits: 2048 }, "sha256WithRSAEncryption"],
  ["ecdsa-P-256", { kind: "ecdsa", curve: "P-256" }, "ecdsa-with-SHA256"],
  ["ecdsa-P-384", { kind: "ecdsa", curve: "P-384" }, "ecdsa-with-SHA384"],
  ["ecdsa-P-521", { kind: "ecdsa", curve: "P-521" }, "ecdsa-with-SHA512"],
];

describe.each(CASES)("generateKeyPair %s", (label, algorithm) => {
  let pair: GeneratedKeyPair;
  let started: number;

  beforeAll(async () => {
    started = Date.now();
    pair = await generateKeyPair({ algorithm, subject: `CI signer ${label}`, daysValid: 90 });
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

import { XMLDSIG } from "../../helpers/fixtures.js";
import { withShared } from "../../helpers/shared.js";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { generateKeyPairSync, type KeyExportOptions, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "../../../src/core/crypto/certificate.js";
import {
  KeyError,
  keyAlgorithmOf,
  loadSigningKey,
  loadTrustedKeys,
  type KeyAlgorithm,
} from "../../../src/core/crypto/keys.js";

const FIXTURES = XMLDSIG;
const PASSPHRASE = "correct horse battery staple";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-keys-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function save(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function loadFile(path: string, passphrase?: string) {
  return loadSigningKey({ key: readFileSync(path), source: path, passphrase });
}

function rsa(bits = 2048) {
  return generateKeyPairSync("rsa", { modulusLength: bits });
}

function ec(namedCurve: string) {
  return generateKeyPairSync("ec", { namedCurve });
}

function pem(
  key: KeyObject,
  type: KeyExportOptions<"pem">["type"],
  extra: Partial<KeyExportOptions<"pem">> = {},
): string {
  return key.export({ type, format: "pem", ...extra }).toString();
}

function pemLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.length >= 16 && !line.startsWith("-----"));
}

function keyErrorOf(fn: () => unknown): KeyError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KeyError);
    return err as KeyError;
  }
  throw new Error("expected a KeyError");
}

function expectCleanKeyError(
  fn: () => unknown,
  source: string,
  secretInputs: string[],
  pattern: RegExp,
): KeyError {
  const err = keyErrorOf(fn);
  expect(err.message).toContain(source);
  expect(err.message).toMatch(pattern);
  expect(err.message).not.toMatch(/error:[0-9A-F]{8}/);
  expect(err.message).not.toContain(PASSPHRASE);
  for (const input of secretInputs) {
    for (const line of pemLines(input)) expect(err.message).not.toContain(line);
  }
  return err;
}

describe("loadSigningKey accepts", () => {
  const rsaPair = rsa();
  const p256 = ec("P-256");
  const cases: Array<[string, string, KeyAlgorithm, string | undefined]> = [
    ["RSA PKCS#8", pem(rsaPair.privateKey, "pkcs8"), { kind: "rsa", bits: 2048 }, undefined],
    ["RSA PKCS#1", pem(rsaPair.privateKey, "pkcs1"), { kind: "rsa", bits: 2048 }, undefined],
    [
      "RSA encrypted PKCS#8",
      pem(rsaPair.privateKey, "pkcs8", { cipher: "aes-256-cbc", passphrase: PASSPHRASE }),
      { kind: "rsa", bits: 2048 },
      PASSPHRASE,
    ],
    [
      "RSA legacy encrypted PKCS#1",
      pem(rsaPair.privateKey, "pkcs1", { cipher: "aes-256-cbc", passphrase: PASSPHRASE }),
      { kind: "rsa", bits: 2048 },
      PASSPHRASE,
    ],
    ["RSA 3072 PKCS#8", pem(rsa(3072).privateKey, "pkcs8"), { kind: "rsa", bits: 3072 }, undefined],
    ["EC P-256 PKCS#8", pem(p256.privateKey, "pkcs8"), { kind: "ecdsa", curve: "P-256" }, undefined],
    ["EC P-256 SEC1", pem(p256.privateKey, "sec1"), { kind: "ecdsa", curve: "P-256" }, undefined],
    [
      "EC P-256 encrypted PKCS#8",
      pem(p256.privateKey, "pkcs8", { cipher: "aes-128-cbc", passphrase: PASSPHRASE }),
      { kind: "ecdsa", curve: "P-256" },
      PASSPHRASE,
    ],
    ["EC P-384 SEC1", pem(ec("P-384").privateKey, "sec1"), { kind: "ecdsa", curve: "P-384" }, undefined],
    ["EC P-521 PKCS#8", pem(ec("P-521").privateKey, "pkcs8"), { kind: "ecdsa", curve: "P-521" }, undefined],
  ];

  test.each(cases)("%s", (name, text, algorithm, passphrase) => {
    const path = save(`${name.replace(/\W+/g, "-")}.pem`, text);
    const key = loadFile(path, passphrase);
    expect(key.algorithm).toEqual(algorithm);
    expect(key.privateKey.type).toBe("private");
    expect(key.publicKey.type).toBe("public");
    expect(key.certificate).toBeUndefined();
  });

  test("CRLF line endings and text around the block", () => {
    const text = `comment line\r\n${pem(p256.privateKey, "pkcs8").replace(/\n/g, "\r\n")}trailer\r\n`;
    const key = loadFile(save("crlf.pem", text));
    expect(key.algorithm).toEqual({ kind: "ecdsa", curve: "P-256" });
  });

  test("a passphrase given for an unencrypted key is ignored", () => {
    const key = loadFile(save("plain-with-pass.pem", pem(p256.privateKey, "pkcs8")), PASSPHRASE);
    expect(key.algorithm.kind).toBe("ecdsa");
  });

  withShared("fixtures/xmldsig", "loadSigningKey with the fixture keys and certificates", () => {
    test.each([
      ["rsa.pem", "rsa.crt", { kind: "rsa", bits: 2048 }],
      ["ecdsa.pem", "ecdsa.crt", { kind: "ecdsa", curve: "P-256" }],
    ])("fixture %s with its certificate %s", (keyFile, certFile, algorithm) => {
      const key = loadSigningKey({
        key: readFileSync(join(FIXTURES, keyFile)),
        source: keyFile,
        certificate: readFileSync(join(FIXTURES, certFile), "utf8"),
        certificateSource: certFile,
      });
      expect(key.algorithm).toEqual(algorithm);
      expect(key.certificate?.subject).toBe("CN=pytest-jux");
      expect(key.certificate?.publicKey.equals(key.publicKey)).toBe(true);
    });
  });

  test("a generated key with its certificate", async () => {
    const pair = await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-384" } });
    const key = loadSigningKey({
      key: pair.privateKeyPem,
      source: "the signing_key input",
      certificate: pair.certificatePem,
      certificateSource: "the certificate input",
    });
    expect(key.certificate?.subject).toBe("CN=jux");
  });
});

describe("loadSigningKey rejects", () => {
  const rsaPair = rsa();
  const encrypted = pem(rsaPair.privateKey, "pkcs8", { cipher: "aes-256-cbc", passphrase: PASSPHRASE });

  test("a wrong passphrase", () => {
    const path = save("enc-wrong.pem", encrypted);
    const err = expectCleanKeyError(
      () => loadFile(path, "not the passphrase"),
      path,
      [encrypted],
      /wrong passphrase/,
    );
    expect(err.message).not.toContain("not the passphrase");
  });

  test.each([[undefined], [""]])("a missing passphrase (%p)", (passphrase) => {
    const path = save("enc-missing.pem", encrypted);
    expectCleanKeyError(() => loadFile(path, passphrase), path, [encrypted], /encrypted and no passphrase/);
  });

  test("a wrong passphrase on a legacy encrypted PKCS#1 key", () => {
    const legacy = pem(rsaPair.privateKey, "pkcs1", { cipher: "aes-256-cbc", passphrase: PASSPHRASE });
    const path = save("legacy-wrong.pem", legacy);
    expectCleanKeyError(() => loadFile(path, "nope"), path, [legacy], /wrong passphrase/);
  });

  test("RSA 1024", () => {
    const text = pem(rsa(1024).privateKey, "pkcs8");
    const path = save("rsa1024.pem", text);
    expectCleanKeyError(() => loadFile(path), path, [text], /RSA key is 1024 bits; at least 2048/);
  });

  test("secp256k1 (P-256K)", () => {
    const text = pem(ec("secp256k1").privateKey, "sec1");
    const path = save("k1.pem", text);
    expectCleanKeyError(() => loadFile(path), path, [text], /EC curve secp256k1 is not supported/);
  });

  test("Ed25519", () => {
    const text = pem(generateKeyPairSync("ed25519").privateKey, "pkcs8");
    const path = save("ed25519.pem", text);
    expectCleanKeyError(() => loadFile(path), path, [text], /Ed25519 keys are not supported/);
  });

  test("DSA", () => {
    const dsa = generateKeyPairSync("dsa", { modulusLength: 1024, divisorLength: 160 });
    const text = pem(dsa.privateKey, "pkcs8");
    const path = save("dsa.pem", text);
    expectCleanKeyError(() => loadFile(path), path, [text], /DSA keys are not supported/);
  });

  const givenAsPrivateKey = (name: string, make: () => string, pattern: RegExp) => {
    const text = make();
    const path = save(`${name.replace(/\W+/g, "-")}.pem`, text);
    expectCleanKeyError(() => loadFile(path), path, [text], pattern);
  };

  test.each([
    ["SPKI public key", () => pem(rsaPair.publicKey, "spki"), /contains a public key, not a private key/],
    ["PKCS#1 public key", () => pem(rsaPair.publicKey, "pkcs1"), /contains a public key, not a private key/],
  ])("a %s given as the private key", givenAsPrivateKey);

  withShared("fixtures/xmldsig", "a certificate given as the private key (the fixture rsa.crt)", () => {
    test.each([
      [
        "certificate",
        () => readFileSync(join(FIXTURES, "rsa.crt"), "utf8"),
        /contains a certificate, not a private key/,
      ],
    ])("a %s given as the private key", givenAsPrivateKey);
  });

  test("garbage text", () => {
    const err = expectCleanKeyError(
      () => loadSigningKey({ key: "not a key at all\n", source: "the signing_key input" }),
      "the signing_key input",
      [],
      /is not a PEM private key/,
    );
    expect(err.source).toBe("the signing_key input");
    expect(err.message).not.toContain("not a key at all");
  });

  test("DER instead of PEM", () => {
    const der = rsaPair.privateKey.export({ type: "pkcs8", format: "der" });
    const path = save("key.der", der);
    expectCleanKeyError(() => loadFile(path), path, [], /is not a PEM private key/);
  });

  test("a damaged PEM body", () => {
    const good = pem(rsaPair.privateKey, "pkcs8");
    const lines = good.split("\n");
    lines[3] = "A".repeat(64);
    lines[5] = "!!!!";
    const text = lines.join("\n");
    const path = save("damaged.pem", text);
    expectCleanKeyError(() => loadFile(path), path, [text, good], /cannot parse the PRIVATE KEY block/);
  });

  test("two private keys in one file", () => {
    const text = pem(rsaPair.privateKey, "pkcs8") + pem(ec("P-256").privateKey, "sec1");
    const path = save("two.pem", text);
    expectCleanKeyError(() => loadFile(path), path, [text], /contains 2 private keys/);
  });

  test("an OpenSSH key, with a hint", () => {
    const text =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==\n-----END OPENSSH PRIVATE KEY-----\n";
    const path = save("id_ed25519", text);
    expectCleanKeyError(() => loadFile(path), path, [text], /OpenSSH private key; convert it to PKCS#8/);
  });

  withShared("fixtures/xmldsig", "a certificate that does not match the key (the fixture keys)", () => {
    test("a certificate that does not match the key", () => {
      const keyText = readFileSync(join(FIXTURES, "rsa.pem"), "utf8");
      const certPath = join(FIXTURES, "ecdsa.crt");
      const certText = readFileSync(certPath, "utf8");
      const err = expectCleanKeyError(
        () =>
          loadSigningKey({
            key: keyText,
            source: "rsa.pem",
            passphrase: PASSPHRASE,
            certificate: certText,
            certificateSource: certPath,
          }),
        certPath,
        [keyText, certText],
        /does not match the private key in rsa\.pem/,
      );
      expect(err.source).toBe(certPath);
    });

    test("an RSA key against an EC certificate leaves no OpenSSL error behind for the next load", () => {
      const mismatch = () =>
        loadSigningKey({
          key: readFileSync(join(FIXTURES, "rsa.pem")),
          source: "rsa.pem",
          certificate: readFileSync(join(FIXTURES, "ecdsa.crt")),
        });
      expect(mismatch).toThrow(
        /the certificate: the certificate \(CN=pytest-jux sha256:[0-9a-f]{64}\) does not match/,
      );
      expect(
        loadSigningKey({ key: pem(rsaPair.privateKey, "pkcs8"), source: "next.pem" }).algorithm.kind,
      ).toBe("rsa");
    });
  });

  test("a certificate input without a certificate", () => {
    const keyText = pem(rsaPair.privateKey, "pkcs8");
    expectCleanKeyError(
      () =>
        loadSigningKey({
          key: keyText,
          source: "key.pem",
          certificate: keyText,
          certificateSource: "cert.pem",
        }),
      "cert.pem",
      [keyText],
      /is not a PEM certificate/,
    );
  });
});

describe("keyAlgorithmOf", () => {
  test.each([
    [rsa().publicKey, { kind: "rsa", bits: 2048 }],
    [ec("P-256").publicKey, { kind: "ecdsa", curve: "P-256" }],
    [ec("P-384").publicKey, { kind: "ecdsa", curve: "P-384" }],
    [ec("P-521").publicKey, { kind: "ecdsa", curve: "P-521" }],
  ])("%#", (key, algorithm) => {
    expect(keyAlgorithmOf(key)).toEqual(algorithm);
  });

  test("refuses Ed448 and RSA-PSS by name", () => {
    expect(() => keyAlgorithmOf(generateKeyPairSync("ed448").publicKey)).toThrow(
      /Ed448 keys are not supported/,
    );
    const pss = generateKeyPairSync("rsa-pss", { modulusLength: 2048 }).publicKey;
    expect(() => keyAlgorithmOf(pss)).toThrow(KeyError);
    expect(() => keyAlgorithmOf(pss)).toThrow(/RSA-PSS keys are not supported/);
  });
});

describe("loadTrustedKeys", () => {
  test("a bundle of two certificates and a public key gives three trusted keys", async () => {
    const a = await generateKeyPair({ algorithm: { kind: "rsa", bits: 2048 }, subject: "signer A" });
    const b = await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" }, subject: "CN=signer B" });
    const spare = ec("P-384").publicKey;
    const bundle = `# trusted signers\n${a.certificatePem}\n${b.certificatePem}${pem(spare, "spki")}`;
    const path = save("trust.pem", bundle);

    const keys = loadTrustedKeys({ pem: readFileSync(path), source: path });

    expect(keys).toHaveLength(3);
    expect(keys[0]?.label).toMatch(/^CN=signer A sha256:[0-9a-f]{64}$/);
    expect(keys[0]?.certificate?.subject).toBe("CN=signer A");
    expect(keys[1]?.label).toMatch(/^CN=signer B sha256:[0-9a-f]{64}$/);
    expect(keyAlgorithmOf(keys[1]!.publicKey)).toEqual({ kind: "ecdsa", curve: "P-256" });
    expect(keys[2]?.label).toMatch(/^public key sha256:[0-9a-f]{64}$/);
    expect(keys[2]?.certificate).toBeUndefined();
    expect(keys[2]?.publicKey.equals(spare)).toBe(true);
  });

  withShared("fixtures/xmldsig", "the certificate label (the fixture rsa.crt)", () => {
    test("the certificate label carries the certificate's SHA-256 fingerprint", () => {
      const certText = readFileSync(join(FIXTURES, "rsa.crt"), "utf8");
      const [key] = loadTrustedKeys({ pem: certText, source: "rsa.crt" });
      const fingerprint = key?.certificate?.fingerprint256.replace(/:/g, "").toLowerCase();
      expect(key?.label).toBe(`CN=pytest-jux sha256:${fingerprint}`);
    });
  });

  test("an RSA PUBLIC KEY (PKCS#1) entry", () => {
    const pair = rsa();
    const [key] = loadTrustedKeys({ pem: pem(pair.publicKey, "pkcs1"), source: "pub.pem" });
    expect(key?.publicKey.equals(pair.publicKey)).toBe(true);
  });

  test.each([
    ["empty input", ""],
    ["garbage", "this is not PEM\n"],
  ])("%s", (name, text) => {
    const path = save(`trust-${name.replace(/\W+/g, "-")}.pem`, text);
    expectCleanKeyError(
      () => loadTrustedKeys({ pem: text, source: path }),
      path,
      [],
      /contains no PEM certificate or public key/,
    );
  });

  withShared("fixtures/xmldsig", "trust bundles holding the fixture certificates", () => {
    test("a private key in the bundle is refused without echoing it", () => {
      const secret = pem(rsa().privateKey, "pkcs8");
      const bundle = readFileSync(join(FIXTURES, "rsa.crt"), "utf8") + secret;
      expectCleanKeyError(
        () => loadTrustedKeys({ pem: bundle, source: "bundle.pem" }),
        "bundle.pem, entry 2",
        [secret],
        /is a private key; a trust bundle holds only certificates and public keys/,
      );
    });

    test("a weak key in the bundle is refused, naming the entry", () => {
      const weak = pem(rsa(1024).publicKey, "spki");
      const bundle = readFileSync(join(FIXTURES, "ecdsa.crt"), "utf8") + weak;
      expectCleanKeyError(
        () => loadTrustedKeys({ pem: bundle, source: "bundle.pem" }),
        "bundle.pem, entry 2 (public key sha256:",
        [weak],
        /RSA key is 1024 bits/,
      );
    });
  });

  test("a damaged certificate", () => {
    const text = "-----BEGIN CERTIFICATE-----\nMIIBaaaaaaaa\n-----END CERTIFICATE-----\n";
    expectCleanKeyError(
      () => loadTrustedKeys({ pem: text, source: "bad.crt" }),
      "bad.crt",
      [text],
      /cannot parse the certificate/,
    );
  });
});

/**
 * Generated keys and certificates against the oracles: openssl reads and verifies each certificate, xmlsec1
 * signs and verifies with the generated keys. (The in-process cases are in __tests__/core/crypto/certificate.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, type GeneratedKeyPair } from "../../src/core/crypto/certificate.js";
import type { KeyAlgorithm } from "../../src/core/crypto/keys.js";
import { XMLDSIG } from "../helpers/fixtures.js";
import { withShared } from "../helpers/shared.js";

const FIXTURES = XMLDSIG;

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

  beforeAll(async () => {
    pair = await generateKeyPair({ algorithm, subject: `CI signer ${label}`, daysValid: 90 });
    files = saveLabel(label, pair);
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

withShared("fixtures/xmldsig", "xmlsec1 signing with generated keys over the fixture templates", () => {
  describe("xmlsec1 signs and verifies with generated keys", () => {
    test("RSA 2048, rsa-sha256 template", async () => {
      const files = saveLabel("xs-rsa", await generateKeyPair({ algorithm: { kind: "rsa", bits: 2048 } }));
      const signed = xmlsecRoundTrip("xs-rsa", files, "sig-rsa.frag");
      expect(signed).toMatch(/<ds:SignatureValue>[A-Za-z0-9+/=\s]{100,}<\/ds:SignatureValue>/);
      expect(signed).toMatch(/<ds:X509Certificate>[A-Za-z0-9+/=\s]+<\/ds:X509Certificate>/);
    });

    test("ECDSA P-256, ecdsa-sha256 template", async () => {
      const files = saveLabel(
        "xs-ec",
        await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } }),
      );
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
});

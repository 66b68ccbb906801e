import { afterAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "../../src/core/crypto/certificate.js";
import { loadSigningKey, type KeyAlgorithm } from "../../src/core/crypto/keys.js";
import { XMLDSIG } from "../helpers/fixtures.js";
import { key, sign, verify } from "../helpers/jux.js";
import { xmlsec1Verify } from "../helpers/oracles.js";
import { withShared } from "../helpers/shared.js";

const dir = mkdtempSync(join(tmpdir(), "jux-vectors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A report of the project's own examples: what "every key size and curve" signs. */
const EXAMPLE = "examples/reports/pytest-junit.xml";
const vector = (name: string) => readFileSync(join(XMLDSIG, name));
const certFor = (name: string) => vector(name.includes("ecdsa") ? "ecdsa.crt" : "rsa.crt");

/** The verdicts documented in ../shared/fixtures/xmldsig/README.md. */
const VERDICTS: [string, boolean][] = [
  ["signed-rsa-cert-compact.xml", true],
  ["signed-rsa-nocert-compact.xml", true],
  ["signed-ecdsa-cert-compact.xml", true],
  ["signed-ecdsa-nocert-compact.xml", true],
  ["signed-indented-pretty.xml", true],
  ["signed-rsa-cert-pretty.xml", false],
  ["signed-rsa-nocert-pretty.xml", false],
  ["signed-ecdsa-cert-pretty.xml", false],
  ["signed-ecdsa-nocert-pretty.xml", false],
  ["xs-rsa.xml", true],
  ["xs-ecdsa.xml", true],
];

withShared("fixtures/xmldsig", "the reference signature vectors and the pytest-jux profile", () => {
  describe("the reference vectors", () => {
    it.each(VERDICTS)("%s is valid: %s", async (name, valid) => {
      const outcome = await verify(vector(name), certFor(name), name);
      expect(outcome.valid).toBe(valid);
      if (!valid)
        expect(outcome).toMatchObject({ error: expect.stringMatching(/modified after it was signed/) });
    });

    it("all valid vectors of the same report share one canonical hash, whoever signed them", async () => {
      const compact = VERDICTS.filter(([n, ok]) => ok && n !== "signed-indented-pretty.xml").map(([n]) => n);
      const hashes = await Promise.all(
        compact.map(async (n) => (await verify(vector(n), certFor(n))).canonicalHash),
      );
      expect(new Set(hashes).size).toBe(1);
    });
  });

  function signatureElement(xml: string): string {
    return xml.slice(
      xml.indexOf("<ds:Signature "),
      xml.indexOf("</ds:Signature>") + "</ds:Signature>".length,
    );
  }

  describe("the default profile is byte for byte what pytest-jux (signxml) writes", () => {
    it.each([
      ["signed-rsa-cert-compact.xml", true],
      ["signed-rsa-nocert-compact.xml", false],
    ])("our RSA Signature equals the one in %s", async (name, withCert) => {
      const signingKey = key(join(XMLDSIG, "rsa.pem"), withCert ? join(XMLDSIG, "rsa.crt") : undefined);
      const { bytes } = await sign(vector("junit.xml"), signingKey);
      expect(signatureElement(bytes.toString("utf8"))).toBe(signatureElement(vector(name).toString("utf8")));
    });

    it.each([
      ["signed-ecdsa-cert-compact.xml", true],
      ["signed-ecdsa-nocert-compact.xml", false],
    ])(
      "our ECDSA Signature equals the one in %s but for the (randomized) SignatureValue",
      async (name, withCert) => {
        const signingKey = key(join(XMLDSIG, "ecdsa.pem"), withCert ? join(XMLDSIG, "ecdsa.crt") : undefined);
        const { bytes } = await sign(vector("junit.xml"), signingKey);
        const blank = (xml: string) =>
          signatureElement(xml).replace(/<ds:SignatureValue>[^<]*</, "<ds:SignatureValue><");
        expect(blank(bytes.toString("utf8"))).toBe(blank(vector(name).toString("utf8")));
      },
    );
  });
});

describe("every key size and curve", () => {
  const algorithms: KeyAlgorithm[] = [
    { kind: "rsa", bits: 2048 },
    { kind: "rsa", bits: 3072 },
    { kind: "rsa", bits: 4096 },
    { kind: "ecdsa", curve: "P-256" },
    { kind: "ecdsa", curve: "P-384" },
    { kind: "ecdsa", curve: "P-521" },
  ];
  it.each(algorithms.map((a) => [a.kind === "rsa" ? `RSA ${a.bits}` : `ECDSA ${a.curve}`, a] as const))(
    "%s signs a report that xmlsec1 and jux verify",
    async (label, algorithm) => {
      const pair = await generateKeyPair({ algorithm, subject: label });
      const signingKey = loadSigningKey({
        key: pair.privateKeyPem,
        source: label,
        certificate: pair.certificatePem,
      });
      const { bytes } = await sign(readFileSync(EXAMPLE), signingKey, {
        properties: [{ name: "project", value: "x" }],
      });
      const file = join(dir, `${label.replace(/\W/g, "")}.xml`);
      const certFile = `${file}.crt`;
      writeFileSync(file, bytes);
      writeFileSync(certFile, pair.certificatePem);
      expect(xmlsec1Verify(file, certFile).output).toMatch(/^OK$/m);
      expect(await verify(bytes, pair.certificatePem)).toMatchObject({ valid: true });
    },
  );
});

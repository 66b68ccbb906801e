import { afterAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLDSIG, corpusName, wellFormedReports } from "../helpers/fixtures.js";
import { canonicalHash, key, sign, verify } from "../helpers/jux.js";
import {
  appendToRoot,
  elementText,
  xmlCryptoAccepts,
  xmlsec1Sign,
  xmlsec1Verify,
} from "../helpers/oracles.js";
import { TRICKY } from "../helpers/tricky.js";
import { withShared } from "../helpers/shared.js";

withShared(
  ["fixtures/junit", "fixtures/xmldsig"],
  "the interop with xmlsec1 and xml-crypto over the JUnit corpus and the XMLDSig fixtures",
  () => {
    const dir = mkdtempSync(join(tmpdir(), "jux-interop-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const RSA_KEY = join(XMLDSIG, "rsa.pem");
    const RSA_CERT = join(XMLDSIG, "rsa.crt");
    const EC_KEY = join(XMLDSIG, "ecdsa.pem");
    const EC_CERT = join(XMLDSIG, "ecdsa.crt");
    const rsa = key(RSA_KEY, RSA_CERT);
    const ecdsa = key(EC_KEY, EC_CERT);
    const rsaNoCert = key(RSA_KEY);
    const ecdsaNoCert = key(EC_KEY);
    const RSA_TEMPLATE = readFileSync(join(XMLDSIG, "sig-rsa.frag"), "utf8").trim();
    const EC_TEMPLATE = readFileSync(join(XMLDSIG, "sig-ecdsa.frag"), "utf8").trim();

    const PROPERTIES = [
      { name: "project", value: "interop" },
      { name: "git:branch", value: "main" },
      { name: "jux:note", value: 'tab\there, "quotes" & <angles>\nnewline' },
    ];

    let counter = 0;
    function write(bytes: Buffer | string): string {
      const path = join(dir, `doc-${++counter}.xml`);
      writeFileSync(path, bytes);
      return path;
    }

    /** Our signature made into an xmlsec1 template: the computed values emptied, all else unchanged. */
    function asTemplate(signed: string): string {
      return signed
        .replace(/<ds:DigestValue>[^<]*<\/ds:DigestValue>/, "<ds:DigestValue/>")
        .replace(/<ds:SignatureValue>[^<]*<\/ds:SignatureValue>/, "<ds:SignatureValue/>")
        .replace(/<ds:X509Certificate>[^<]*<\/ds:X509Certificate>/, "<ds:X509Certificate/>");
    }

    const b64 = (s: string) => Buffer.from(s, "base64");

    interface Case {
      name: string;
      bytes: Buffer;
      xmlCrypto: boolean;
    }

    const corpus: Case[] = wellFormedReports().map((f) => ({
      name: corpusName(f),
      bytes: readFileSync(f),
      xmlCrypto: true,
    }));
    const tricky: Case[] = TRICKY.map((t) => ({
      name: `tricky: ${t.name}`,
      bytes: Buffer.from(t.xml, "utf8"),
      xmlCrypto: !t.xmlCryptoRejects,
    }));
    const cases = [...corpus, ...tricky];

    describe("the corpus", () => {
      it("holds the real-world reports the interop tests run on", () => {
        expect(corpus.length).toBeGreaterThanOrEqual(100);
      });
    });

    describe.each(cases)("$name", ({ bytes, xmlCrypto }) => {
      it("RSA: our signature verifies with xmlsec1, xml-crypto and ours; xmlsec1 computes the same SignatureValue and digest", async () => {
        const { bytes: signed, result } = await sign(bytes, rsa, { properties: PROPERTIES });
        const path = write(signed);
        const xs = xmlsec1Verify(path, RSA_CERT);
        expect(xs.output).toMatch(/^OK$/m);
        expect(xmlCryptoAccepts(signed.toString("utf8"), readFileSync(RSA_CERT))).toBe(xmlCrypto);
        const ours = await verify(signed, readFileSync(RSA_CERT));
        expect(ours).toMatchObject({ valid: true, canonicalHash: result.canonicalHash });

        const text = signed.toString("utf8");
        const resigned = join(dir, `xs-${counter}.xml`);
        xmlsec1Sign(write(asTemplate(text)), RSA_KEY, RSA_CERT, resigned);
        const xsText = readFileSync(resigned, "utf8");
        expect(b64(elementText(xsText, "SignatureValue"))).toEqual(b64(elementText(text, "SignatureValue")));
        expect(b64(elementText(xsText, "DigestValue")).toString("hex")).toBe(result.canonicalHash);
      });

      it("ECDSA: our signature verifies with xmlsec1, xml-crypto and ours", async () => {
        const { bytes: signed } = await sign(bytes, ecdsa, { properties: PROPERTIES });
        expect(xmlsec1Verify(write(signed), EC_CERT).output).toMatch(/^OK$/m);
        expect(xmlCryptoAccepts(signed.toString("utf8"), readFileSync(EC_CERT))).toBe(xmlCrypto);
        expect(await verify(signed, readFileSync(EC_CERT))).toMatchObject({ valid: true });
      });

      it("xmlsec1's RSA and ECDSA signatures verify with ours, and its DigestValue is our canonical hash", async () => {
        const unsigned = bytes.toString("utf8");
        const hash = await canonicalHash(bytes);
        for (const [template, keyPath, cert] of [
          [RSA_TEMPLATE, RSA_KEY, RSA_CERT],
          [EC_TEMPLATE, EC_KEY, EC_CERT],
        ] as const) {
          const out = join(dir, `xs-${++counter}.xml`);
          xmlsec1Sign(write(appendToRoot(unsigned, template)), keyPath, cert, out);
          const signed = readFileSync(out);
          expect(b64(elementText(signed.toString("utf8"), "DigestValue")).toString("hex")).toBe(hash);
          expect(await verify(signed, readFileSync(cert))).toMatchObject({
            valid: true,
            canonicalHash: hash,
          });
        }
      });
    });

    describe.each(tricky)("$name, other profiles", ({ bytes }) => {
      it("exclusive C14N and KeyValue (no certificate) signatures verify with xmlsec1 and ours", async () => {
        for (const [k, cert] of [
          [rsaNoCert, RSA_CERT],
          [ecdsaNoCert, EC_CERT],
        ] as const) {
          const { bytes: signed } = await sign(bytes, k, { c14n: "exclusive", properties: PROPERTIES });
          expect(signed.toString("utf8")).toContain("xml-exc-c14n#");
          expect(signed.toString("utf8")).not.toContain("X509Certificate");
          expect(xmlsec1Verify(write(signed), cert).output).toMatch(/^OK$/m);
          expect(await verify(signed, readFileSync(cert))).toMatchObject({ valid: true });
        }
      });

      it("keeps its identity whatever the key, the profile, or a re-signing", async () => {
        const first = await sign(bytes, rsa, { properties: PROPERTIES });
        const other = await sign(bytes, ecdsaNoCert, { properties: PROPERTIES, c14n: "exclusive" });
        const again = await sign(first.bytes, ecdsa, { properties: PROPERTIES });
        expect(other.result.canonicalHash).toBe(first.result.canonicalHash);
        expect(again.result).toMatchObject({
          resigned: true,
          added: [],
          canonicalHash: first.result.canonicalHash,
        });
        expect(xmlsec1Verify(write(again.bytes), EC_CERT).output).toMatch(/^OK$/m);
      });
    });
  },
);

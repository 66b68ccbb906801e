import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "../../src/core/crypto/certificate.js";
import { loadSigningKey } from "../../src/core/crypto/keys.js";
import { XMLDSIG } from "../helpers/fixtures.js";
import { key, sign, verify } from "../helpers/jux.js";
import { appendToRoot, xmlsec1Sign, xmlsec1Verify } from "../helpers/oracles.js";
import { withShared } from "../helpers/shared.js";

withShared("fixtures/xmldsig", "tampering with a report signed with the fixture RSA key", () => {
  const RSA_KEY = join(XMLDSIG, "rsa.pem");
  const RSA_CERT = join(XMLDSIG, "rsa.crt");
  const trustedCert = readFileSync(RSA_CERT);
  const dir = mkdtempSync(join(tmpdir(), "jux-tamper-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const REPORT = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="t" tests="2" failures="1">\n' +
      '  <testsuite name="suite" tests="2" failures="1" time="1.5">\n' +
      '    <testcase classname="c" name="passes" time="0.5"/>\n' +
      '    <testcase classname="c" name="fails" time="1"><failure message="boom">trace &amp; more</failure></testcase>\n' +
      "  </testsuite>\n</testsuites>\n",
  );

  let signed: string;
  beforeAll(async () => {
    signed = (
      await sign(REPORT, key(RSA_KEY, RSA_CERT), { properties: [{ name: "project", value: "p" }] })
    ).bytes.toString("utf8");
  });

  function expectInvalid(outcome: { valid: boolean; error?: string }, reason?: RegExp): void {
    expect(outcome.valid).toBe(false);
    if (reason) expect(outcome.error).toMatch(reason);
  }

  const check = async (xml: string, cert: Buffer | string = trustedCert) => verify(Buffer.from(xml), cert);

  describe("tampering with a signed report", () => {
    it("the untouched report is valid", async () => {
      expect(await check(signed)).toMatchObject({ valid: true });
    });

    it("changing any letter or digit that C14N sees breaks it", async () => {
      const start = signed.indexOf("<testsuites");
      const end = signed.indexOf("<ds:Signature");
      let tried = 0;
      for (let i = start; i < end; i++) {
        const c = signed[i]!;
        if (!/[A-Za-z0-9]/.test(c)) continue;
        const other = c === "a" ? "b" : c === "0" ? "1" : /[0-9]/.test(c) ? "0" : "a";
        const outcome = await check(signed.slice(0, i) + other + signed.slice(i + 1));
        if (outcome.valid) throw new Error(`changing offset ${i} (${JSON.stringify(c)}) went unnoticed`);
        tried++;
      }
      expect(tried).toBeGreaterThan(200);
    });

    it("changing text, an attribute or whitespace is reported as a modification", async () => {
      expectInvalid(
        await check(signed.replace('failures="1"', 'failures="0"')),
        /modified after it was signed/,
      );
      expectInvalid(await check(signed.replace("trace &amp; more", "trace &amp; less")), /modified/);
      expectInvalid(await check(signed.replace("\n    <testcase", "\n  <testcase")), /modified/);
      expectInvalid(
        await check(signed.replace('<failure message="boom">trace &amp; more</failure>', "")),
        /modified/,
      );
    });

    it("changing SignedInfo or the SignatureValue breaks it", async () => {
      const digest = /<ds:DigestValue>([^<]+)</.exec(signed)![1]!;
      const flipped = (digest[0] === "A" ? "B" : "A") + digest.slice(1);
      expectInvalid(await check(signed.replace(digest, flipped)), /modified/);
      const value = /<ds:SignatureValue>([^<]+)</.exec(signed)![1]!;
      const changed = value.slice(0, 10) + (value[10] === "A" ? "B" : "A") + value.slice(11);
      // The embedded certificate is the trusted one: the reason is the alteration, not the key.
      const altered =
        /with the trusted CN=pytest-jux sha256:[0-9a-f]{64}, which the report names: SignedInfo or SignatureValue was altered after signing$/;
      expectInvalid(await check(signed.replace(value, changed)), altered);
      expectInvalid(
        await check(signed.replace('<ds:Reference URI="">', '<ds:Reference URI="" Id="x">')),
        altered,
      );
    });

    it("a certificate other than the pinned one is not trusted", async () => {
      const other = await generateKeyPair({ algorithm: { kind: "rsa", bits: 2048 } });
      expectInvalid(await check(signed, other.certificatePem), /not made by a trusted key/);
      expectInvalid(await check(signed, readFileSync(join(XMLDSIG, "ecdsa.crt"))), /no trusted key fits/);
    });

    it("a report re-signed by an attacker with their own embedded certificate is rejected", async () => {
      const attacker = await generateKeyPair({
        algorithm: { kind: "rsa", bits: 2048 },
        subject: "pytest-jux",
      });
      const forged = signed.replace('<failure message="boom">trace &amp; more</failure>', "");
      const attackerKey = loadSigningKey({
        key: attacker.privateKeyPem,
        source: "attacker",
        certificate: attacker.certificatePem,
      });
      const resigned = (await sign(Buffer.from(forged), attackerKey)).bytes.toString("utf8");
      // The forgery is a perfectly good signature by the attacker's key...
      expect(await check(resigned, attacker.certificatePem)).toMatchObject({ valid: true });
      // ...which proves nothing to someone who pinned the real certificate.
      const outcome = await check(resigned);
      expectInvalid(outcome, /not made by a trusted key/);
      expect(outcome.embeddedCertificate).toMatch(/^CN=pytest-jux sha256:/);
    });

    it("a second Signature, a wrapped Signature and a misplaced Signature are refused", async () => {
      const signature = signed.slice(signed.indexOf("<ds:Signature"), signed.indexOf("</ds:Signature>") + 15);
      const withoutIt = signed.replace(signature, "");
      expectInvalid(await check(appendToRoot(signed, signature)), /more than one ds:Signature/);
      expectInvalid(
        await check(withoutIt.replace("</testsuite>", signature + "</testsuite>")),
        /not a child of the document element/,
      );
      expectInvalid(
        await check(withoutIt.replace("\n  <testsuite", signature + "\n  <testsuite")),
        /not the last element/,
      );
      const wrapped = signature.replace(
        "</ds:Signature>",
        `<ds:Object>${withoutIt.slice(withoutIt.indexOf("<testsuites"))}</ds:Object></ds:Signature>`,
      );
      expectInvalid(await check(appendToRoot(withoutIt.replace('failures="1"', 'failures="0"'), wrapped)));
      expectInvalid(await check(withoutIt), /not signed/);
    });

    it("references other than the whole document, extra transforms and comments are refused", async () => {
      expectInvalid(
        await check(signed.replace('<ds:Reference URI="">', '<ds:Reference URI="#x">')),
        /whole document/,
      );
      expectInvalid(
        await check(
          signed.replace(
            /(<ds:Transform Algorithm="http:\/\/www.w3.org\/2006\/12\/xml-c14n11)"\/><\/ds:Transforms>/,
            '$1#WithComments"/></ds:Transforms>',
          ),
        ),
        /canonicalization .*WithComments is not accepted/,
      );
      expectInvalid(
        await check(
          signed.replace(
            "</ds:Transforms>",
            '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"/></ds:Transforms>',
          ),
        ),
        /must contain ds:Transform, ds:Transform/,
      );
      const reference = /<ds:Reference[\s\S]*<\/ds:Reference>/.exec(signed)![0];
      expectInvalid(await check(signed.replace(reference, reference + reference)), /must contain/);
    });

    it("SHA-1 and HMAC signatures are refused, even when xmlsec1 made them correctly", async () => {
      const sha1Template =
        '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>' +
        '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>' +
        '<ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/><ds:Reference URI="">' +
        '<ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms>' +
        '<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>' +
        "<ds:SignatureValue/></ds:Signature>";
      const template = join(dir, "sha1-template.xml");
      writeFileSync(template, appendToRoot(REPORT.toString("utf8"), sha1Template));
      const out = join(dir, "sha1.xml");
      xmlsec1Sign(template, RSA_KEY, undefined, out);
      expect(xmlsec1Verify(out, RSA_CERT).output).toMatch(/^OK$/m);
      expectInvalid(await check(readFileSync(out, "utf8")), /rsa-sha1 is not accepted/);
      const hmac = signed.replace(
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
      );
      expectInvalid(await check(hmac), /hmac-sha256 is not accepted/);
      const sha1Digest = signed.replace(
        "http://www.w3.org/2001/04/xmlenc#sha256",
        "http://www.w3.org/2000/09/xmldsig#sha1",
      );
      expectInvalid(await check(sha1Digest), /digest algorithm .*sha1 is not accepted/);
    });

    it("an RSA key under 2048 bits is refused even when trusted", async () => {
      const weak = generateKeyPairSync("rsa", { modulusLength: 1024 });
      const keyPath = join(dir, "weak.pem");
      writeFileSync(keyPath, weak.privateKey.export({ type: "pkcs8", format: "pem" }));
      const template = join(dir, "weak-template.xml");
      writeFileSync(
        template,
        appendToRoot(
          REPORT.toString("utf8"),
          readFileSync(join(XMLDSIG, "sig-rsa.frag"), "utf8").replace(/<ds:KeyInfo>.*<\/ds:KeyInfo>/, ""),
        ),
      );
      const out = join(dir, "weak.xml");
      xmlsec1Sign(template, keyPath, undefined, out);
      const pub = weak.publicKey.export({ type: "spki", format: "pem" });
      const outcome = await check(readFileSync(out, "utf8"), pub).catch((e: Error) => ({
        valid: false,
        error: e.message,
      }));
      expectInvalid(outcome, /2048/);
    });
  });
});

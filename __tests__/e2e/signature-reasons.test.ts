/**
 * Issue 11, item 2: a refused signature says what failed. The embedded certificate differs from the pinned
 * one; or it is the pinned one and the value does not verify over SignedInfo (and, where a simple edit
 * explains it, which one); or the value cannot be a signature of that key (its length).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createPrivateKey, sign as cryptoSign } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateKeyPair } from "../../src/core/crypto/certificate.js";
import { readReport } from "../../src/core/report/read-report.js";
import type { VerifyOutcome } from "../../src/core/report/verify-report.js";
import { EXC_C14N } from "../../src/core/xml/c14n.js";
import { canonicalSubtree, findChild, signedInfoContext } from "../../src/core/xmldsig/signature.js";
import { describeSignature } from "../../src/core/xmldsig/verify.js";
import { XMLDSIG } from "../helpers/fixtures.js";
import { chunks, key, sign, verify } from "../helpers/jux.js";
import { jux } from "../helpers/publish.js";
import { cleanUp, tempDir } from "../helpers/serve.js";
import { EC_CERT, RSA_CERT, fixture } from "../helpers/signature-walk.js";
import { withShared } from "../helpers/shared.js";

withShared("fixtures/xmldsig", "why a signature is refused (reports signed with the fixture keys)", () => {
  const dir = tempDir("jux-reasons-");
  afterAll(cleanUp);

  const REPORT = Buffer.from(
    '<testsuites xmlns:x="urn:extra" name="t"><testsuite name="s" tests="1">' +
      '<properties><property name="project" value="p"/></properties><testcase name="a"/></testsuite></testsuites>',
  );
  const CN = "CN=pytest-jux sha256:[0-9a-f]{64}";

  let rsa: string;
  let ec: string;
  let rsaNoKeyInfo: string;
  let otherCert: string;
  beforeAll(async () => {
    rsa = (await sign(REPORT, key(join(XMLDSIG, "rsa.pem"), join(XMLDSIG, "rsa.crt")))).bytes.toString(
      "utf8",
    );
    ec = (await sign(REPORT, key(join(XMLDSIG, "ecdsa.pem"), join(XMLDSIG, "ecdsa.crt")))).bytes.toString(
      "utf8",
    );
    rsaNoKeyInfo = rsa.replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/, "");
    otherCert = (await generateKeyPair({ algorithm: { kind: "rsa", bits: 2048 }, subject: "other" }))
      .certificatePem;
  });

  const signatureValue = (xml: string) => /<ds:SignatureValue>([^<]*)</.exec(xml)![1]!;
  const withValue = (xml: string, value: string) =>
    xml.replace(/<ds:SignatureValue>[^<]*</, `<ds:SignatureValue>${value}<`);
  /** The value without its last 3 bytes (4 base64 characters, padding-free for RSA 2048 and P-256). */
  const truncated = (xml: string) => {
    const bytes = Buffer.from(signatureValue(xml), "base64");
    return withValue(xml, bytes.subarray(0, bytes.length - 3).toString("base64"));
  };
  /** Every `ds:` of the Signature written `dsig:`. */
  const reprefixed = (xml: string) => {
    const at = xml.indexOf("<ds:Signature");
    return (
      xml.slice(0, at) +
      xml
        .slice(at)
        .replace(/(<\/?)ds:/g, "$1dsig:")
        .replace("xmlns:ds=", "xmlns:dsig=")
    );
  };
  /** A SignatureValue over the exclusive canonical SignedInfo while CanonicalizationMethod says C14N 1.1. */
  async function wronglyCanonicalized(xml: string): Promise<string> {
    const reading = await readReport({ source: "r.xml", open: () => chunks(Buffer.from(xml)) });
    const signature = reading.signature!;
    const signedInfo = findChild(signature.element, "SignedInfo")!;
    const exclusive = canonicalSubtree(
      signedInfo,
      EXC_C14N,
      signedInfoContext(signature.document, signature.element),
    );
    const value = cryptoSign("sha256", exclusive, createPrivateKey(fixture("rsa.pem")));
    return withValue(xml, value.toString("base64"));
  }

  /** What each case must say, and its failure code. */
  const CASES: [string, () => Promise<string> | string, string, RegExp, string][] = [
    [
      "a truncated RSA SignatureValue",
      () => truncated(rsa),
      RSA_CERT,
      /^the SignatureValue is 253 bytes; an RSA 2048-bit key makes 256-byte signatures: it was truncated or altered after signing$/,
      "altered",
    ],
    [
      "a truncated ECDSA SignatureValue",
      () => truncated(ec),
      EC_CERT,
      /^the SignatureValue is 61 bytes; a P-256 ECDSA key makes 64-byte signatures: it was truncated or altered after signing$/,
      "altered",
    ],
    [
      "an Id attribute added to SignedInfo's Reference",
      () => rsa.replace('<ds:Reference URI="">', '<ds:Reference URI="" Id="r1">'),
      RSA_CERT,
      new RegExp(
        `^the signature value does not verify over SignedInfo with the trusted ${CN}, which the report names: SignedInfo or SignatureValue was altered after signing$`,
      ),
      "altered",
    ],
    [
      "whitespace added inside SignedInfo",
      () =>
        rsa.replace("<ds:SignedInfo>", "<ds:SignedInfo>\n  ").replace("</ds:Reference>", "</ds:Reference>\n"),
      RSA_CERT,
      /: whitespace was added inside SignedInfo after signing \(re-indented\?\): submit the file exactly as it was signed$/,
      "altered",
    ],
    [
      "a Signature re-prefixed ds: to dsig:",
      () => reprefixed(rsa),
      RSA_CERT,
      /: the Signature was re-prefixed after signing \(dsig: instead of ds:\): the prefix is part of the signed SignedInfo; submit the file exactly as it was signed$/,
      "altered",
    ],
    [
      "a SignedInfo signed in another canonical form than it declares",
      () => wronglyCanonicalized(rsa),
      RSA_CERT,
      /: the signature was made over SignedInfo canonicalized with exclusive C14N, but its CanonicalizationMethod says C14N 1\.1: the signer canonicalized SignedInfo wrongly/,
      "altered",
    ],
    [
      "a trusted certificate other than the embedded one",
      () => rsa,
      "OTHER",
      new RegExp(
        `^the signature was not made by a trusted key: the report's embedded certificate ${CN} is not the trusted one \\(trusted: CN=other sha256:[0-9a-f]{64}\\)$`,
      ),
      "untrusted-key",
    ],
    [
      "no KeyInfo, and a value altered",
      () => withValue(rsaNoKeyInfo, Buffer.alloc(256, 7).toString("base64")),
      RSA_CERT,
      new RegExp(
        `^the signature was not made by a trusted key, or SignedInfo or SignatureValue was altered after signing \\(the report names no key; trusted: ${CN}\\)$`,
      ),
      "untrusted-or-altered",
    ],
    [
      "no KeyInfo, and a truncated value",
      () => truncated(rsaNoKeyInfo),
      RSA_CERT,
      /\(the report names no key; with CN=pytest-jux sha256:[0-9a-f]{64}: the SignatureValue is 253 bytes; an RSA 2048-bit key makes 256-byte signatures/,
      "untrusted-or-altered",
    ],
  ];

  const certOf = (c: string) => (c === "OTHER" ? otherCert : c);

  describe("each failure has its own reason", () => {
    it.each(CASES)("%s", async (_name, make, cert, reason, failure) => {
      const outcome: VerifyOutcome = await verify(Buffer.from(await make()), certOf(cert));
      expect(outcome).toMatchObject({ valid: false, failure });
      expect(outcome.valid || outcome.error).toMatch(reason);
    });

    it("no two cases share a reason, and none blames the key when the key is the trusted one", async () => {
      const errors = await Promise.all(
        CASES.map(async ([, make, cert]) => {
          const o = await verify(Buffer.from(await make()), certOf(cert));
          return o.valid ? "VALID" : o.error;
        }),
      );
      expect(new Set(errors).size).toBe(CASES.length);
      for (const e of errors.slice(0, 6)) expect(e).not.toMatch(/not made by a trusted key|no trusted key/);
    });

    it("without a trusted key (inspect, an open server), the key the report names gives the same reasons", async () => {
      for (const [i, [name, make, , reason]] of CASES.slice(0, 6).entries()) {
        const xml = Buffer.from(await make());
        const reading = await readReport({ source: "r.xml", open: () => chunks(xml) });
        const d = describeSignature(reading.signature!);
        expect([name, d.intact, d.failure]).toEqual([name, false, "altered"]);
        if (i < 2) expect(d.problem).toMatch(reason);
        else {
          expect(d.problem).toMatch(
            new RegExp(
              `^the signature value does not verify over SignedInfo with the certificate ${CN} the report names \\(not trusted\\): `,
            ),
          );
          expect(d.problem).toMatch(
            i === 2 ? /: SignedInfo or SignatureValue was altered after signing$/ : reason,
          );
        }
      }
    });

    it("the untouched reports verify (the cases above fail for their reason only)", async () => {
      expect(await verify(Buffer.from(rsa), RSA_CERT)).toMatchObject({ valid: true });
      expect(await verify(Buffer.from(ec), EC_CERT)).toMatchObject({ valid: true });
      expect(await verify(Buffer.from(rsaNoKeyInfo), RSA_CERT)).toMatchObject({ valid: true });
    });
  });

  describe("through the committed bundle (jux verify --cert)", () => {
    it("prints each reason after the file name, exit 1", async () => {
      for (const [name, make, cert, reason] of CASES) {
        const file = join(dir, `${name.replace(/\W+/g, "-")}.xml`);
        const certFile = `${file}.crt`;
        writeFileSync(file, await make());
        writeFileSync(certFile, certOf(cert));
        const run = await jux(["verify", "-i", file, "--cert", certFile]);
        expect([name, run.code]).toEqual([name, 1]);
        const line = run.stderr.trim();
        expect(line.startsWith(`invalid: ${file}: `)).toBe(true);
        expect(line.slice(`invalid: ${file}: `.length)).toMatch(reason);
      }
    });
  });
});

/**
 * Issue 11, item 1: nothing outside the strict profile may sit inside a ds:Signature (it is not signed, and
 * readers that walk the whole tree would count it). Every genuine signature signxml and xmlsec1 write stays
 * valid; a forged element, attribute or text at every position of the Signature is refused, with its path,
 * by verify, by inspect (describeSignature) and by the server's ingest; the committed bundle proves the wiring.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTrustedKeys } from "../../src/core/crypto/keys.js";
import { readReport } from "../../src/core/report/read-report.js";
import { ingest } from "../../src/server/ingest.js";
import { describeSignature } from "../../src/core/xmldsig/verify.js";
import { chunks, verify } from "../helpers/jux.js";
import { xmlsec1Verify } from "../helpers/oracles.js";
import { jux } from "../helpers/publish.js";
import { API, cleanUp, startServer, submit, tempDir, type Server } from "../helpers/serve.js";
import {
  EC_CERT,
  FOREIGN,
  FOREIGN_NAME,
  FORGED,
  RSA_CERT,
  fixture,
  genuineSignatures,
  insert,
  positions,
  type Genuine,
} from "../helpers/signature-walk.js";
import { withShared } from "../helpers/shared.js";

withShared(
  "fixtures/xmldsig",
  "strict KeyInfo checks (signatures made with the fixture keys and templates)",
  () => {
    const dir = tempDir("jux-keyinfo-");
    afterAll(cleanUp);

    let genuine: Genuine[];
    let rsaFull: Genuine;
    let ecKeyValue: Genuine;
    beforeAll(async () => {
      ({ all: genuine, rsaFull, ecKeyValue } = await genuineSignatures(dir));
    });

    async function readers(xml: string, cert: string) {
      const bytes = Buffer.from(xml);
      const trusted = loadTrustedKeys({ pem: cert, source: "cert" });
      const reading = await readReport({ source: "r.xml", open: () => chunks(bytes) });
      return {
        verify: await verify(bytes, cert),
        inspect: reading.signature ? describeSignature(reading.signature) : undefined,
        tests: reading.summary.tests,
        open: await ingest(bytes, { trusted: [], requireSignature: false }),
        strict: await ingest(bytes, { trusted, requireSignature: true }),
      };
    }

    describe("genuine signatures stay valid", () => {
      it("every signature signxml, xmlsec1 and jux write verifies, is intact and is accepted", async () => {
        expect(genuine.length).toBe(15);
        for (const g of genuine) {
          const r = await readers(g.xml, g.cert);
          const what = `${g.name}: ${JSON.stringify(r.verify)} ${JSON.stringify(r.inspect)}`;
          expect([what, r.verify.valid, r.inspect?.intact, r.open.ok, r.strict.ok]).toEqual([
            what,
            true,
            true,
            true,
            true,
          ]);
        }
      });

      it("an Id attribute where the schema allows one outside SignedInfo keeps a signature valid", async () => {
        const xml = rsaFull.xml
          .replace("<ds:Signature ", '<ds:Signature Id="sig" ')
          .replace("<ds:SignatureValue>", '<ds:SignatureValue Id="value">')
          .replace("<ds:KeyInfo>", '<ds:KeyInfo Id="key">');
        const r = await readers(xml, RSA_CERT);
        expect([r.verify.valid, r.inspect?.intact, r.open.ok, r.strict.ok]).toEqual([true, true, true, true]);
        const ec = await readers(
          ecKeyValue.xml.replace("<dsig11:ECKeyValue ", '<dsig11:ECKeyValue Id="k" '),
          EC_CERT,
        );
        expect(ec.verify.valid).toBe(true);
      });

      it("xmlsec1 (the reference) verifies the documents made for the walk", () => {
        for (const g of [rsaFull, ecKeyValue]) {
          const file = join(dir, "oracle.xml");
          const certFile = join(dir, "oracle.crt");
          writeFileSync(file, g.xml);
          writeFileSync(certFile, g.cert);
          expect(xmlsec1Verify(file, certFile).output).toMatch(/^OK$/m);
        }
      });
    });

    function expectRefused(r: Awaited<ReturnType<typeof readers>>, message: unknown, what: string): void {
      const got = {
        what,
        verify: r.verify.valid ? "VALID" : r.verify.error,
        inspect: r.inspect?.intact ? "INTACT" : r.inspect?.problem,
        open: r.open.ok ? "ACCEPTED" : [r.open.status, r.open.body.details?.message],
        strict: r.strict.ok ? "ACCEPTED" : [r.strict.status, r.strict.body.details?.message],
      };
      expect(got).toEqual({
        what,
        verify: message,
        inspect: message,
        open: [422, message],
        strict: [422, message],
      });
    }

    describe.each([
      ["an RSA X509Data + KeyValue signature by xmlsec1", () => rsaFull],
      ["an ECDSA ECKeyValue signature by xmlsec1", () => ecKeyValue],
    ])("every position of %s", (_label, doc) => {
      it("a forged <testsuite>, plain or in a foreign namespace, first or last child or inside text: refused with its path", async () => {
        const { xml, cert } = doc();
        const all = positions(xml);
        expect(all.length).toBeGreaterThanOrEqual(14);
        let tried = 0;
        for (const p of all) {
          for (const where of [
            "first" as const,
            "last" as const,
            ...(p.textMiddle ? ["text" as const] : []),
          ]) {
            for (const [content, name] of [
              [FORGED, "testsuite"],
              [FOREIGN, FOREIGN_NAME],
              [`\n  ${FORGED}\n`, "testsuite"],
            ] as const) {
              const r = await readers(insert(xml, p, where, content), cert);
              expect(r.tests).toBe(1);
              expectRefused(r, `${p.path} may not contain ${name}`, `${p.path} ${where} ${content}`);
              tried++;
            }
          }
        }
        expect(tried).toBeGreaterThanOrEqual(all.length * 6);
      });

      it("an attribute outside the schema on any element, and text in any element-only one: refused", async () => {
        const { xml, cert } = doc();
        for (const p of positions(xml)) {
          const end = p.selfClosing ? p.tagEnd - 2 : p.tagEnd - 1;
          const attributed = xml.slice(0, end) + ' forged="1"' + xml.slice(end);
          const attr = await readers(attributed, cert);
          expectRefused(
            attr,
            expect.stringMatching(new RegExp(`^${p.path} may not have the attribute forged \\(allowed: `)),
            p.path,
          );
          if (p.textMiddle || ["ds:KeyName", "ds:X509SubjectName"].some((n) => p.path.endsWith(n))) continue;
          const r = await readers(insert(xml, p, "first", "forged"), cert);
          expectRefused(r, `${p.path} may not contain text (found "forged")`, p.path);
        }
      });
    });

    describe("the named cases of the issue", () => {
      const cases: [string, string, string, string][] = [
        ["a testsuite inside KeyInfo", "<ds:KeyInfo>", FORGED, "ds:KeyInfo may not contain testsuite"],
        [
          "a testsuite inside X509Data",
          "<ds:X509Data>",
          FORGED,
          "ds:KeyInfo/ds:X509Data may not contain testsuite",
        ],
        [
          "a testsuite inside KeyValue",
          "<ds:KeyValue>",
          FORGED,
          "ds:KeyInfo/ds:KeyValue may not contain testsuite",
        ],
        [
          "a ds:RetrievalMethod",
          "<ds:KeyInfo>",
          '<ds:RetrievalMethod URI="https://evil.example/key"/>',
          "ds:KeyInfo may not contain ds:RetrievalMethod",
        ],
        [
          "a foreign-namespace element in KeyInfo",
          "<ds:KeyInfo>",
          '<x:Key xmlns:x="urn:x">1</x:Key>',
          "ds:KeyInfo may not contain x:Key (namespace urn:x)",
        ],
      ];
      it.each(cases)("%s is refused by every reader", async (_n, anchor, content, message) => {
        const xml = rsaFull.xml.replace(anchor, anchor + content);
        expectRefused(await readers(xml, RSA_CERT), message, _n);
      });

      it("schema elements the profile leaves out (X509CRL, ECParameters, Object, PGPData), a second KeyName and a certificate that is not one are refused", async () => {
        const xml = rsaFull.xml;
        const edits: [string, string][] = [
          [
            xml.replace("</ds:X509Data>", "<ds:X509CRL>AAAA</ds:X509CRL></ds:X509Data>"),
            "ds:KeyInfo/ds:X509Data may not contain ds:X509CRL",
          ],
          [
            xml.replace("</ds:KeyInfo>", "</ds:KeyInfo><ds:Object>x</ds:Object>"),
            "ds:Signature may not contain ds:Object",
          ],
          [xml.replace("<ds:KeyInfo>", "<ds:KeyInfo><ds:PGPData/>"), "ds:KeyInfo may not contain ds:PGPData"],
          [
            xml.replace("<ds:KeyInfo>", "<ds:KeyInfo><ds:KeyName>a</ds:KeyName>"),
            "ds:KeyInfo may hold only one ds:KeyName",
          ],
        ];
        edits.push([
          xml.replace(/<ds:X509Certificate>[^<]*</, "<ds:X509Certificate>AAAA<"),
          "ds:KeyInfo/ds:X509Data/ds:X509Certificate is not a valid X.509 certificate",
        ]);
        for (const [forged, message] of edits)
          expectRefused(await readers(forged, RSA_CERT), message, message);
        const ec = ecKeyValue.xml.replace(/<dsig11:NamedCurve [^>]*\/>/, "<dsig11:ECParameters/>");
        expectRefused(
          await readers(ec, EC_CERT),
          "ds:KeyInfo/ds:KeyValue/dsig11:ECKeyValue may not contain dsig11:ECParameters",
          "ECParameters",
        );
      });

      it("KeyInfo that names another key than the signer's is refused, even by readers without a trusted key", async () => {
        const otherCert = fixture("ecdsa.crt")
          .replace(/-----[^-]+-----/g, "")
          .replace(/\s/g, "");
        const swapped = rsaFull.xml.replace(
          /<ds:X509Certificate>[^<]*</,
          `<ds:X509Certificate>${otherCert}<`,
        );
        const r = await readers(swapped.replace(/<ds:KeyValue>[\s\S]*<\/ds:KeyValue>/, ""), RSA_CERT);
        expect(r.verify).toMatchObject({ valid: false, failure: "altered" });
        expect(r.verify.valid || r.verify.error).toMatch(
          /^the report's KeyInfo names the certificate CN=pytest-jux sha256:[0-9a-f]{64}, but the signature was made by the trusted CN=pytest-jux .*KeyInfo was altered after signing/,
        );
        expect(r.inspect).toMatchObject({ intact: false, failure: "altered" });
        expect(r.open).toMatchObject({ ok: false, status: 422 });
        // A certificate and a KeyValue of two different keys.
        const two = await readers(swapped, RSA_CERT);
        expect(two.verify.valid || two.verify.error).toMatch(
          /^ds:KeyInfo names two different keys: the certificate .* and the ds:KeyValue public key sha256:/,
        );
      });
    });

    describe("through the committed bundle (dist/cli/index.js)", () => {
      const file = (name: string, xml: string) => {
        const path = join(dir, name);
        writeFileSync(path, xml);
        return path;
      };
      const forgedX509 = () => rsaFull.xml.replace("<ds:X509Data>", `<ds:X509Data>${FORGED}`);
      const certFile = () => file("trusted.crt", RSA_CERT);

      it("jux verify --cert: exit 1 naming the path of a forged testsuite; the genuine report: exit 0", async () => {
        const forged = await jux(["verify", "-i", file("forged.xml", forgedX509()), "--cert", certFile()]);
        expect(forged.code).toBe(1);
        expect(forged.stderr).toMatch(
          /^invalid: .*forged\.xml: ds:KeyInfo\/ds:X509Data may not contain testsuite$/m,
        );
        const json = await jux(["verify", "-i", join(dir, "forged.xml"), "--cert", certFile(), "--json"]);
        expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, failure: "profile", tests: 1 });
        const genuineRun = await jux([
          "verify",
          "-i",
          file("genuine.xml", rsaFull.xml),
          "--cert",
          certFile(),
        ]);
        expect([genuineRun.code, genuineRun.stdout]).toEqual([0, expect.stringMatching(/^valid: /)]);
      });

      it("jux inspect: forged KeyInfo is BROKEN; otherwise it says what was checked, and with --cert who signed", async () => {
        const forged = JSON.parse((await jux(["inspect", "-i", join(dir, "forged.xml"), "--json"])).stdout);
        expect(forged.signature).toMatchObject({
          intact: false,
          failure: "profile",
          problem: "ds:KeyInfo/ds:X509Data may not contain testsuite",
        });
        const text = await jux(["inspect", "-i", join(dir, "genuine.xml")]);
        expect(text.stdout).toMatch(
          /^signature: rsa-sha256, digest intact; signature value verifies with the certificate CN=pytest-jux sha256:[0-9a-f]{64} the report names, which is not checked against a trusted key: give --cert$/m,
        );
        const noKeyInfo = file(
          "no-keyinfo.xml",
          rsaFull.xml.replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/, ""),
        );
        expect((await jux(["inspect", "-i", noKeyInfo])).stdout).toMatch(
          /^signature: rsa-sha256, digest intact; signature not checked: give --cert$/m,
        );
        const checked = await jux(["inspect", "-i", join(dir, "genuine.xml"), "--cert", certFile()]);
        expect(checked.stdout).toMatch(
          /^signature: rsa-sha256, digest intact; signature valid \(signer CN=pytest-jux sha256:[0-9a-f]{64}\)$/m,
        );
        const json = JSON.parse(
          (await jux(["inspect", "-i", noKeyInfo, "--cert", certFile(), "--json"])).stdout,
        );
        expect(json.signature).toMatchObject({ intact: true, valueChecked: "trusted key", valid: true });
        const wrong = await jux(["inspect", "-i", noKeyInfo, "--cert", file("ec.crt", EC_CERT)]);
        expect(wrong.code).toBe(0);
        expect(wrong.stdout).toMatch(
          /^signature: rsa-sha256, digest intact; signature INVALID: no trusted key fits the rsa-sha256 signature/m,
        );
      });

      const submitted = (xml: string) => Buffer.from(xml);

      it("jux serve --require-signature --trust: 422 for each forgery (the genuine report then gets 201, not 409)", async () => {
        const server: Server = await startServer(["--require-signature", "--trust", certFile()]);
        const forgeries: [string, string][] = [
          [forgedX509(), "ds:KeyInfo/ds:X509Data may not contain testsuite"],
          [
            rsaFull.xml.replace("<ds:KeyInfo>", `<ds:KeyInfo>${FORGED}`),
            "ds:KeyInfo may not contain testsuite",
          ],
          [
            rsaFull.xml.replace("<ds:KeyValue>", `<ds:KeyValue>${FORGED}`),
            "ds:KeyInfo/ds:KeyValue may not contain testsuite",
          ],
          [
            rsaFull.xml.replace(
              "<ds:KeyInfo>",
              '<ds:KeyInfo><ds:RetrievalMethod URI="http://127.0.0.1:9/k"/>',
            ),
            "ds:KeyInfo may not contain ds:RetrievalMethod",
          ],
          [
            rsaFull.xml.replace("</ds:SignedInfo>", `${FOREIGN}</ds:SignedInfo>`),
            `ds:SignedInfo may not contain ${FOREIGN_NAME}`,
          ],
        ];
        for (const [xml, message] of forgeries) {
          const reply = await submit(server, submitted(xml));
          expect([reply.status, (reply.body as { details?: { message?: string } }).details?.message]).toEqual(
            [422, message],
          );
        }
        const genuineReply = await submit(server, submitted(rsaFull.xml));
        expect(genuineReply.status).toBe(201);
        const again = await submit(server, submitted(forgedX509()));
        expect(again.status).toBe(422);
        const runs = await fetch(`${server.url}${API}/test_runs?project=demo`).then((r) => r.json());
        expect(JSON.stringify(runs)).not.toContain("forged");
        await server.stop();
      });

      it("jux serve without --trust: a forged KeyInfo is 422 too (the digest alone is not enough)", async () => {
        const server = await startServer([]);
        const reply = await submit(server, submitted(forgedX509()));
        expect(reply.status).toBe(422);
        expect(reply.body).toMatchObject({
          error: "Invalid signature",
          details: { message: "ds:KeyInfo/ds:X509Data may not contain testsuite" },
          suggestions: [expect.stringMatching(/nothing may be added inside ds:Signature/)],
        });
        expect((await submit(server, submitted(rsaFull.xml))).status).toBe(201);
        await server.stop();
      });
    });
  },
);

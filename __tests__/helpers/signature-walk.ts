/**
 * Signatures as signxml, xmlsec1 and jux write them, and the positions of a Signature's elements, for the
 * tests that insert forged content everywhere inside a ds:Signature (issue 11, item 1).
 */
import { X509Certificate } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLDSIG } from "./fixtures.js";
import { key, sign } from "./jux.js";
import { appendToRoot, xmlsec1Sign } from "./oracles.js";
import { SHARED_PRESENT } from "./shared.js";

export const fixture = (name: string) => readFileSync(join(XMLDSIG, name), "utf8");
/** The fixture certificates ("" without ../shared, where the tests that use them are skipped: withShared). */
export const RSA_CERT = SHARED_PRESENT ? fixture("rsa.crt") : "";
export const EC_CERT = SHARED_PRESENT ? fixture("ecdsa.crt") : "";

export const FORGED = '<testsuite name="forged" tests="1"><testcase name="x"/></testsuite>';
export const FOREIGN =
  '<j:testsuite xmlns:j="urn:forged" name="forged" tests="1"><j:testcase name="x"/></j:testsuite>';
export const FOREIGN_NAME = "j:testsuite (namespace urn:forged)";

const SIGNED_INFO = (method: string) =>
  '<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2006/12/xml-c14n11"/>' +
  `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#${method}"/><ds:Reference URI="">` +
  '<ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>' +
  '<ds:Transform Algorithm="http://www.w3.org/2006/12/xml-c14n11"/></ds:Transforms>' +
  '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>' +
  "</ds:SignedInfo><ds:SignatureValue/>";

/** xmlsec1 --sign of junit.xml with a template whose KeyInfo is `keyInfo`. */
export function xmlsec1Signed(
  dir: string,
  name: string,
  method: string,
  keyInfo: string,
  keyFiles: string[],
): string {
  const template = join(dir, `${name}-template.xml`);
  const signature = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">${SIGNED_INFO(method)}${keyInfo}</ds:Signature>`;
  writeFileSync(template, appendToRoot(fixture("junit.xml"), signature));
  const out = join(dir, `${name}.xml`);
  xmlsec1Sign(template, join(XMLDSIG, keyFiles[0]!), keyFiles[1] && join(XMLDSIG, keyFiles[1]), out);
  return readFileSync(out, "utf8");
}

export interface Genuine {
  name: string;
  xml: string;
  cert: string;
}

export interface GenuineSet {
  /** Every signature below: signxml's vectors, xmlsec1's outputs and jux's own. */
  all: Genuine[];
  /** Walked exhaustively: RSA with a full X509Data and an RSAKeyValue, signed by xmlsec1. */
  rsaFull: Genuine;
  /** Walked exhaustively: ECDSA signed by xmlsec1, with a dsig11:ECKeyValue. */
  ecKeyValue: Genuine;
}

/** Signatures as signxml, xmlsec1 and jux write them (xmlsec1's are made in `dir`). */
export async function genuineSignatures(dir: string): Promise<GenuineSet> {
  const genuine: Genuine[] = [];
  const cert = new X509Certificate(RSA_CERT);
  const serial = BigInt(`0x${cert.serialNumber}`).toString();
  const full = xmlsec1Signed(
    dir,
    "xs-rsa-full",
    "rsa-sha256",
    "<ds:KeyInfo><ds:KeyName/><ds:X509Data><ds:X509IssuerSerial/><ds:X509SubjectName/><ds:X509Certificate/>" +
      "</ds:X509Data><ds:KeyValue/></ds:KeyInfo>",
    ["rsa.pem", "rsa.crt"],
  );
  // xmlsec1 1.2 leaves the IssuerSerial/SubjectName of a template empty; fill them as xmlsec1 1.3 and
  // signxml would (KeyInfo is not signed, so the signature stays valid).
  const rsaFull: Genuine = {
    name: "xmlsec1 RSA: KeyName, X509Data (IssuerSerial, SubjectName, SKI, Certificate), RSAKeyValue",
    cert: RSA_CERT,
    xml: full
      .replace("<ds:KeyName/>", "<ds:KeyName>pytest-jux</ds:KeyName>")
      .replace(
        "<ds:X509IssuerSerial/><ds:X509SubjectName/>",
        "<ds:X509IssuerSerial><ds:X509IssuerName>CN=pytest-jux</ds:X509IssuerName>" +
          `<ds:X509SerialNumber>${serial}</ds:X509SerialNumber></ds:X509IssuerSerial>` +
          "<ds:X509SubjectName>CN=pytest-jux</ds:X509SubjectName><ds:X509SKI>hnHLzA2Lj42NEgf+h34Vu9F3e2o=</ds:X509SKI>",
      ),
  };
  // xmlsec1 1.2.37 cannot write an ECKeyValue: it signs, and the KeyValue signxml writes for the same key
  // replaces its KeyName.
  const ecKeyInfo = /<ds:KeyValue>.*<\/ds:KeyValue>/.exec(fixture("signed-ecdsa-nocert-compact.xml"))![0];
  const ecKeyValue: Genuine = {
    name: "xmlsec1 ECDSA with dsig11:ECKeyValue",
    cert: EC_CERT,
    xml: xmlsec1Signed(dir, "xs-ec", "ecdsa-sha256", "<ds:KeyInfo><ds:KeyName/></ds:KeyInfo>", [
      "ecdsa.pem",
    ]).replace("<ds:KeyName/>", ecKeyInfo),
  };
  genuine.push(rsaFull, ecKeyValue);
  genuine.push({
    name: "xmlsec1 RSA, RSAKeyValue as xmlsec1 writes it (with newlines)",
    cert: RSA_CERT,
    xml: xmlsec1Signed(dir, "xs-rsa-kv", "rsa-sha256", "<ds:KeyInfo><ds:KeyValue/></ds:KeyInfo>", [
      "rsa.pem",
    ]),
  });
  genuine.push({
    name: "xmlsec1 RSA, empty X509Data template (xmlsec1 indents it)",
    cert: RSA_CERT,
    xml: xmlsec1Signed(dir, "xs-rsa-x509", "rsa-sha256", "<ds:KeyInfo><ds:X509Data/></ds:KeyInfo>", [
      "rsa.pem",
      "rsa.crt",
    ]),
  });
  for (const name of ["xs-rsa.xml", "xs-ecdsa.xml", "signed-indented-pretty.xml"].concat(
    ["rsa-cert", "rsa-nocert", "ecdsa-cert", "ecdsa-nocert"].map((v) => `signed-${v}-compact.xml`),
  ))
    genuine.push({ name, xml: fixture(name), cert: name.includes("ecdsa") ? EC_CERT : RSA_CERT });
  const project = [{ name: "project", value: "p" }];
  for (const [k, c] of [
    ["rsa.pem", "rsa.crt"],
    ["rsa.pem", undefined],
    ["ecdsa.pem", "ecdsa.crt"],
    ["ecdsa.pem", undefined],
  ] as const) {
    const signingKey = key(join(XMLDSIG, k), c && join(XMLDSIG, c));
    const { bytes } = await sign(Buffer.from(fixture("junit.xml")), signingKey, { properties: project });
    genuine.push({
      name: `jux ${k} ${c ?? "KeyValue"}`,
      xml: bytes.toString("utf8"),
      cert: fixture(k.replace(".pem", ".crt")),
    });
  }
  return { all: genuine, rsaFull, ecKeyValue };
}

export interface Position {
  path: string;
  name: string;
  /** Offsets of the start tag's `<` and just past its `>`. */
  tagStart: number;
  tagEnd: number;
  selfClosing: boolean;
  /** Offset of the end tag (= tagEnd when self-closing). */
  closeStart: number;
  /** Offset in the middle of its character data, when it holds some. */
  textMiddle?: number;
}

/** Every element of the Signature, by a scan of its tags (independent of jux's reader). */
export function positions(xml: string): Position[] {
  const from = xml.indexOf("<ds:Signature");
  const tags = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g;
  tags.lastIndex = from;
  const stack: Omit<Position, "closeStart">[] = [];
  const out: Position[] = [];
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    const [whole, close, name, selfClose] = m;
    if (close) {
      const open = stack.pop()!;
      const text = xml.slice(open.tagEnd, m.index);
      const middle = /^[^<]*\S[^<]*$/.test(text) ? open.tagEnd + Math.floor(text.length / 2) : undefined;
      out.push({ ...open, closeStart: m.index, ...(middle ? { textMiddle: middle } : {}) });
      if (stack.length === 0) break;
      continue;
    }
    const parent = stack[stack.length - 1];
    const path = !parent ? name! : parent.path === "ds:Signature" ? name! : `${parent.path}/${name}`;
    const at = {
      path,
      name: name!,
      tagStart: m.index,
      tagEnd: m.index + whole.length,
      selfClosing: !!selfClose,
    };
    if (selfClose) out.push({ ...at, closeStart: at.tagEnd });
    else stack.push(at);
  }
  return out;
}

/** `content` as the first child, the last child, or in the middle of the text of the element at `p`. */
export function insert(xml: string, p: Position, where: "first" | "last" | "text", content: string): string {
  if (p.selfClosing) return xml.slice(0, p.tagEnd - 2) + ">" + content + `</${p.name}>` + xml.slice(p.tagEnd);
  const at = where === "first" ? p.tagEnd : where === "last" ? p.closeStart : p.textMiddle!;
  return xml.slice(0, at) + content + xml.slice(at);
}

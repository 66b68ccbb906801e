import { execFileSync, spawnSync } from "node:child_process";
import { verify as cryptoVerify } from "node:crypto";
import { DOMParser } from "@xmldom/xmldom";
import { C14nCanonicalization, SignedXml } from "xml-crypto";

const DS = "http://www.w3.org/2000/09/xmldsig#";
const C14N11 = "http://www.w3.org/2006/12/xml-c14n11";

export interface Xmlsec1Result {
  ok: boolean;
  output: string;
}

/** `xmlsec1 --verify` trusting exactly the given certificate (the reference implementation). */
export function xmlsec1Verify(signedPath: string, certPath: string): Xmlsec1Result {
  const r = spawnSync(
    "xmlsec1",
    ["--verify", "--enabled-key-data", "key-name", "--pubkey-cert-pem", certPath, signedPath],
    {
      encoding: "utf8",
    },
  );
  return { ok: r.status === 0 && /^OK$/m.test(r.stderr + r.stdout), output: r.stderr + r.stdout };
}

/** `xmlsec1 --sign` of a document that holds an empty signature template. */
export function xmlsec1Sign(
  templatePath: string,
  keyPath: string,
  certPath: string | undefined,
  outPath: string,
): void {
  const key = certPath ? `${keyPath},${certPath}` : keyPath;
  execFileSync("xmlsec1", ["--sign", "--privkey-pem", key, "--output", outPath, templatePath], {
    stdio: "pipe",
  });
}

/** Puts `fragment` right before the document element's end tag (found without our own reader). */
export function appendToRoot(xml: string, fragment: string): string {
  const root = /<([A-Za-z_][\w.:-]*)[\s/>]/.exec(
    xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, (m) => " ".repeat(m.length)),
  )!;
  const close = xml.lastIndexOf(`</${root[1]}`);
  if (close >= 0) return xml.slice(0, close) + fragment + xml.slice(close);
  const selfClosed = xml.indexOf("/>", root.index);
  return xml.slice(0, selfClosed) + ">" + fragment + `</${root[1]}>` + xml.slice(selfClosed + 2);
}

export function elementText(xml: string, local: string): string {
  const m = new RegExp(`<(?:\\w+:)?${local}[^>]*>([^<]*)</(?:\\w+:)?${local}>`).exec(xml);
  if (!m) throw new Error(`no ${local} in the document`);
  return m[1]!.replace(/\s+/g, "");
}

class C14n11 extends C14nCanonicalization {
  override getAlgorithmName() {
    return C14N11;
  }
}

class EcdsaSha256 {
  getAlgorithmName() {
    return "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
  }
  getSignature(): string {
    throw new Error("verification only");
  }
  verifySignature(material: string, key: string | Buffer, signatureValue: string): boolean {
    return cryptoVerify(
      "sha256",
      Buffer.from(material),
      { key, dsaEncoding: "ieee-p1363" },
      Buffer.from(signatureValue, "base64"),
    );
  }
}

/** xml-crypto's verdict, false when it throws (it reports an invalid signature by throwing). */
export function xmlCryptoAccepts(xml: string, certPem: string | Buffer): boolean {
  try {
    return xmlCryptoVerify(xml, certPem);
  } catch {
    return false;
  }
}

/** xml-crypto (an independent implementation) verifying with the given certificate only. */
export function xmlCryptoVerify(xml: string, certPem: string | Buffer): boolean {
  const doc = new DOMParser().parseFromString(xml.replace(/^\uFEFF/, ""), "application/xml");
  const root = doc.documentElement!;
  let last = root.lastChild;
  while (last && last.nodeType !== 1) last = last.previousSibling;
  if (!last || last.namespaceURI !== DS || last.localName !== "Signature")
    throw new Error("no ds:Signature as the last child");
  const sig = new SignedXml({ publicCert: certPem, getCertFromKeyInfo: () => null });
  sig.CanonicalizationAlgorithms[C14N11] = C14n11;
  (sig.SignatureAlgorithms as Record<string, unknown>)[new EcdsaSha256().getAlgorithmName()] = EcdsaSha256;
  sig.loadSignature(last as never);
  const refs = sig.getReferences();
  if (refs.length !== 1 || refs[0]!.uri !== "") throw new Error('expected one Reference URI=""');
  return sig.checkSignature(xml.replace(/^\uFEFF/, ""));
}

// node bench/xml-crypto-verify.mjs SIGNED.xml cert.pem  (trusts only the given cert; exit 1 if invalid)
import { readFileSync } from "node:fs";
import { DOMParser } from "@xmldom/xmldom";
import { SignedXml, C14nCanonicalization } from "xml-crypto";

// xml-crypto has no C14N 1.1; for JUnit documents it gives the same bytes as C14N 1.0 (INTEROP.md §3).
const C14N11 = "http://www.w3.org/2006/12/xml-c14n11";
class C14n11 extends C14nCanonicalization {
  getAlgorithmName() {
    return C14N11;
  }
}

const DS = "http://www.w3.org/2000/09/xmldsig#";
const [input, certFile] = process.argv.slice(2);
const xml = readFileSync(input, "utf8");
const doc = new DOMParser().parseFromString(xml, "application/xml");
const root = doc.documentElement;
const last = root.lastChild;
if (!last || last.namespaceURI !== DS || last.localName !== "Signature")
  throw new Error("no ds:Signature as last child of the root");
const sig = new SignedXml({ publicCert: readFileSync(certFile), getCertFromKeyInfo: () => null });
sig.CanonicalizationAlgorithms[C14N11] = C14n11;
sig.loadSignature(last);
const refs = sig.getReferences();
if (refs.length !== 1 || refs[0].uri !== "") throw new Error('expected exactly one Reference URI=""');
if (!sig.checkSignature(xml)) throw new Error("invalid signature");
console.log("OK");

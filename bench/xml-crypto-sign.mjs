// node bench/xml-crypto-sign.mjs IN.xml OUT.xml key.pem cert.pem  (xml-crypto 6.x, same profile as INTEROP.md §3)
import { readFileSync, writeFileSync } from "node:fs";
import { SignedXml, C14nCanonicalization } from "xml-crypto";

// xml-crypto has no C14N 1.1; for JUnit documents it gives the same bytes as C14N 1.0 (INTEROP.md §3).
const C14N11 = "http://www.w3.org/2006/12/xml-c14n11";
class C14n11 extends C14nCanonicalization {
  getAlgorithmName() {
    return C14N11;
  }
}

const [input, output, keyFile, certFile] = process.argv.slice(2);
const sig = new SignedXml({ privateKey: readFileSync(keyFile), publicCert: readFileSync(certFile) });
sig.CanonicalizationAlgorithms[C14N11] = C14n11;
sig.canonicalizationAlgorithm = C14N11;
sig.signatureAlgorithm = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
sig.addReference({
  xpath: "/*",
  isEmptyUri: true,
  transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", C14N11],
  digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
});
sig.computeSignature(readFileSync(input, "utf8"), {
  prefix: "ds",
  location: { reference: "/*", action: "append" },
});
writeFileSync(output, sig.getSignedXml());

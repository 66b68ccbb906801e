import { C14N11, EXC_C14N, type C14nMethod } from "../xml/c14n.js";

export const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
export const DSIG11_NS = "http://www.w3.org/2009/xmldsig11#";
export const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
export const SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

export const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
export const ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
export const ECDSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
export const ECDSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";

export interface SignatureAlgorithm {
  uri: string;
  key: "rsa" | "ec";
  hash: "sha256" | "sha384" | "sha512";
}

/** The only signature algorithms a verifier accepts (no SHA-1, no HMAC). */
export const SIGNATURE_ALGORITHMS: Record<string, SignatureAlgorithm> = {
  [RSA_SHA256]: { uri: RSA_SHA256, key: "rsa", hash: "sha256" },
  [ECDSA_SHA256]: { uri: ECDSA_SHA256, key: "ec", hash: "sha256" },
  [ECDSA_SHA384]: { uri: ECDSA_SHA384, key: "ec", hash: "sha384" },
  [ECDSA_SHA512]: { uri: ECDSA_SHA512, key: "ec", hash: "sha512" },
};

export const CURVE_OIDS: Record<string, string> = {
  "P-256": "1.2.840.10045.3.1.7",
  "P-384": "1.3.132.0.34",
  "P-521": "1.3.132.0.35",
};

/** The canonicalization a signer may choose: C14N 1.1 (pytest-jux's) or exclusive C14N. */
export const C14N_CHOICES = ["c14n11", "exclusive"] as const;
export type C14nChoice = (typeof C14N_CHOICES)[number];

/** The upstream profile, when nothing chooses. */
export const DEFAULT_C14N: C14nChoice = "c14n11";

export function c14nUri(choice: C14nChoice): C14nMethod {
  return choice === "exclusive" ? EXC_C14N : C14N11;
}

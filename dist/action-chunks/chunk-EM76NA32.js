import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  require_crypto
} from "./chunk-US7DMSZK.js";
import {
  __toESM
} from "./chunk-PGWA7IZW.js";

// src/core/crypto/keys.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var KeyError = class extends Error {
  constructor(source, reason, code = "unusable") {
    super(`${source}: ${reason}`);
    this.source = source;
    this.reason = reason;
    this.code = code;
  }
  source;
  reason;
  code;
  name = "KeyError";
};
function withPassphraseHint(e, how) {
  if (!(e instanceof KeyError) || e.code !== "passphrase-missing") return e;
  return new KeyError(e.source, `${e.reason}: ${how}`, e.code);
}
var MIN_RSA_BITS = 2048;
var SUPPORTED = `use RSA (${MIN_RSA_BITS} bits or more) or ECDSA P-256, P-384 or P-521`;
var CURVES = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
  "P-256": "P-256",
  "P-384": "P-384",
  "P-521": "P-521"
};
var KEY_TYPE_NAMES = {
  "rsa-pss": "RSA-PSS",
  dsa: "DSA",
  dh: "Diffie-Hellman",
  ed25519: "Ed25519",
  ed448: "Ed448",
  x25519: "X25519",
  x448: "X448"
};
var PRIVATE_KEY_LABELS = /* @__PURE__ */ new Set([
  "PRIVATE KEY",
  "RSA PRIVATE KEY",
  "EC PRIVATE KEY",
  "ENCRYPTED PRIVATE KEY"
]);
var PUBLIC_KEY_LABELS = /* @__PURE__ */ new Set(["PUBLIC KEY", "RSA PUBLIC KEY"]);
var PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g;
function pemBlocks(input) {
  const text = typeof input === "string" ? input : input.toString("latin1");
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1] ?? "", text: m[0] }));
}
function typeName(key) {
  const type = key.asymmetricKeyType ?? key.type;
  return KEY_TYPE_NAMES[type] ?? type;
}
function rsaAlgorithm(key, source) {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new KeyError(source, `RSA key is ${bits} bits; at least ${MIN_RSA_BITS} are required`);
  }
  return { kind: "rsa", bits };
}
function ecAlgorithm(key, source) {
  const named = key.asymmetricKeyDetails?.namedCurve;
  const curve = named === void 0 ? void 0 : CURVES[named];
  if (curve === void 0) {
    const what = named === void 0 ? "an EC key without a named curve" : `EC curve ${named}`;
    throw new KeyError(source, `${what} is not supported; ${SUPPORTED}`);
  }
  return { kind: "ecdsa", curve };
}
function keyAlgorithmOf(publicKey, source = "key") {
  switch (publicKey.asymmetricKeyType) {
    case "rsa":
      return rsaAlgorithm(publicKey, source);
    case "ec":
      return ecAlgorithm(publicKey, source);
    default:
      throw new KeyError(source, `${typeName(publicKey)} keys are not supported; ${SUPPORTED}`);
  }
}
function describeNonPrivate(label) {
  if (PUBLIC_KEY_LABELS.has(label)) return "contains a public key, not a private key";
  if (label === "CERTIFICATE") return "contains a certificate, not a private key";
  if (label === "OPENSSH PRIVATE KEY") {
    return "is an OpenSSH private key; convert it to PKCS#8 PEM (ssh-keygen -p -m PKCS8 -f <file>)";
  }
  if (label === "DSA PRIVATE KEY") return `DSA keys are not supported; ${SUPPORTED}`;
  return `contains a PEM "${label}" block, not a private key`;
}
function privateKeyBlock(key, source) {
  const blocks = pemBlocks(key);
  const keys = blocks.filter((b) => PRIVATE_KEY_LABELS.has(b.label));
  if (keys.length > 1) throw new KeyError(source, `contains ${keys.length} private keys; expected one`);
  const [found] = keys;
  if (found !== void 0) return found;
  const [first] = blocks;
  if (first === void 0)
    throw new KeyError(source, "is not a PEM private key (no -----BEGIN ... PRIVATE KEY----- block)");
  throw new KeyError(source, describeNonPrivate(first.label));
}
function isEncrypted(block) {
  return block.label === "ENCRYPTED PRIVATE KEY" || /^Proc-Type:\s*4,ENCRYPTED/m.test(block.text);
}
function parsePrivateKey(block, source, passphrase) {
  const encrypted = isEncrypted(block);
  if (encrypted && passphrase === void 0) {
    throw new KeyError(
      source,
      "the private key is encrypted and no passphrase was given",
      "passphrase-missing"
    );
  }
  try {
    return (0, import_node_crypto.createPrivateKey)(encrypted ? { key: block.text, format: "pem", passphrase } : block.text);
  } catch {
    throw new KeyError(
      source,
      encrypted ? "cannot decrypt the private key: wrong passphrase (or the file is damaged)" : `cannot parse the ${block.label} block (damaged PEM or unsupported key format)`
    );
  }
}
function parseCertificate(pem, source) {
  const block = pemBlocks(pem).find((b) => b.label === "CERTIFICATE");
  if (block === void 0)
    throw new KeyError(source, "is not a PEM certificate (no -----BEGIN CERTIFICATE----- block)");
  try {
    return new import_node_crypto.X509Certificate(block.text);
  } catch {
    throw new KeyError(source, "cannot parse the certificate (damaged PEM or not X.509)");
  }
}
function subjectLine(certificate) {
  return certificate.subject.split("\n").filter(Boolean).join(", ") || "(empty subject)";
}
function sha256Hex(data) {
  return (0, import_node_crypto.createHash)("sha256").update(data).digest("hex");
}
function certificateLabel(certificate) {
  return `${subjectLine(certificate)} sha256:${sha256Hex(certificate.raw)}`;
}
function publicKeyLabel(publicKey) {
  return `public key sha256:${sha256Hex(publicKey.export({ type: "spki", format: "der" }))}`;
}
function samePublicKey(a, b) {
  return a.asymmetricKeyType === b.asymmetricKeyType && a.equals(b);
}
function matchingCertificate(pem, source, publicKey, keySource) {
  const certificate = parseCertificate(pem, source);
  if (!samePublicKey(certificate.publicKey, publicKey)) {
    throw new KeyError(
      source,
      `the certificate (${certificateLabel(certificate)}) does not match the private key in ${keySource}`
    );
  }
  return certificate;
}
function loadSigningKey(opts) {
  const { source } = opts;
  const passphrase = opts.passphrase === "" ? void 0 : opts.passphrase;
  const privateKey = parsePrivateKey(privateKeyBlock(opts.key, source), source, passphrase);
  const algorithm = keyAlgorithmOf(privateKey, source);
  const publicKey = (0, import_node_crypto.createPublicKey)(privateKey);
  if (opts.certificate === void 0) return { privateKey, publicKey, algorithm };
  const certSource = opts.certificateSource ?? "the certificate";
  const certificate = matchingCertificate(opts.certificate, certSource, publicKey, source);
  return { privateKey, publicKey, algorithm, certificate };
}
function trustedCertificate(block, where) {
  let certificate;
  try {
    certificate = new import_node_crypto.X509Certificate(block.text);
  } catch {
    throw new KeyError(where, "cannot parse the certificate (damaged PEM or not X.509)");
  }
  const label = certificateLabel(certificate);
  keyAlgorithmOf(certificate.publicKey, `${where} (${label})`);
  return { publicKey: certificate.publicKey, certificate, label };
}
function trustedPublicKey(block, where) {
  let publicKey;
  try {
    publicKey = (0, import_node_crypto.createPublicKey)(block.text);
  } catch {
    throw new KeyError(
      where,
      `cannot parse the ${block.label} block (damaged PEM or unsupported key format)`
    );
  }
  const label = publicKeyLabel(publicKey);
  keyAlgorithmOf(publicKey, `${where} (${label})`);
  return { publicKey, label };
}
function trustedKey(block, where) {
  if (block.label === "CERTIFICATE") return trustedCertificate(block, where);
  if (PUBLIC_KEY_LABELS.has(block.label)) return trustedPublicKey(block, where);
  if (PRIVATE_KEY_LABELS.has(block.label) || block.label.endsWith("PRIVATE KEY")) {
    throw new KeyError(where, "is a private key; a trust bundle holds only certificates and public keys");
  }
  throw new KeyError(where, `is a PEM "${block.label}" block; expected CERTIFICATE or PUBLIC KEY`);
}
function loadTrustedKeys(opts) {
  const blocks = pemBlocks(opts.pem);
  if (blocks.length === 0) {
    throw new KeyError(opts.source, "contains no PEM certificate or public key");
  }
  const many = blocks.length > 1;
  return blocks.map((block, i) => trustedKey(block, many ? `${opts.source}, entry ${i + 1}` : opts.source));
}

export {
  withPassphraseHint,
  MIN_RSA_BITS,
  certificateLabel,
  publicKeyLabel,
  samePublicKey,
  loadSigningKey,
  loadTrustedKeys
};

import type { KeyObject } from "node:crypto";
import { C14N10, C14N11, EXC_C14N, type ApexContext, type C14nMethod } from "../xml/c14n.js";
import { isElement, type Element, type Node } from "../xml/tree.js";
import { DSIG_NS, type SignatureAlgorithm } from "./algorithms.js";
import { canonicalSubtree, verifyBytes } from "./signature.js";

/**
 * Why a signature value does not verify with the key the report names (and the verifier trusts): the
 * value's length, or which change to SignedInfo would make it verify. Runs only after a failure.
 */

const FIELD_BYTES: Record<string, [string, number]> = {
  prime256v1: ["P-256", 32],
  secp384r1: ["P-384", 48],
  secp521r1: ["P-521", 66],
};

/** The length every signature value of this key has (RSA: the modulus; ECDSA r‖s: twice the field). */
export function signatureLength(key: KeyObject): number | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "rsa") return Math.ceil((details?.modulusLength ?? 0) / 8);
  const field = FIELD_BYTES[details?.namedCurve ?? ""];
  return field && field[1] * 2;
}

function keyKind(key: KeyObject): string {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "rsa") return `an RSA ${details?.modulusLength}-bit key`;
  return `a ${FIELD_BYTES[details?.namedCurve ?? ""]?.[0] ?? details?.namedCurve} ECDSA key`;
}

/** A reason when the value cannot be a signature of this key at all. */
export function lengthProblem(value: Buffer, key: KeyObject): string | undefined {
  const expected = signatureLength(key);
  if (expected === undefined || value.length === expected) return undefined;
  return (
    `the SignatureValue is ${value.length} bytes; ${keyKind(key)} makes ${expected}-byte signatures: ` +
    "it was truncated or altered after signing"
  );
}

const C14N_NAMES: Record<C14nMethod, string> = {
  [C14N10]: "C14N 1.0",
  [C14N11]: "C14N 1.1",
  [EXC_C14N]: "exclusive C14N",
};

/** A copy of a subtree with the XMLDSig prefix `from` written as `to` ("" for the default namespace). */
function renamed(node: Element, from: string, to: string): Element {
  const qname = (prefix: string, local: string) => (prefix ? `${prefix}:${local}` : local);
  const tag = node.tag;
  const ours = tag.ns === DSIG_NS && tag.prefix === from;
  return {
    tag: {
      ...tag,
      ...(ours ? { prefix: to, qname: qname(to, tag.local) } : {}),
      namespaces: tag.namespaces.map((d) =>
        d.prefix === from && d.uri === DSIG_NS ? { ...d, prefix: to } : d,
      ),
    },
    end: node.end && (ours ? { ...node.end, qname: qname(to, tag.local) } : node.end),
    children: node.children.map((c: Node) => (isElement(c) ? renamed(c, from, to) : c)),
  };
}

function withoutWhitespace(node: Element): Element {
  return {
    ...node,
    children: node.children
      .filter((c) => isElement(c) || c.raw.toString("utf8").trim() !== "")
      .map((c) => (isElement(c) ? withoutWhitespace(c) : c)),
  };
}

function hasWhitespace(node: Element): boolean {
  return node.children.some((c) => (isElement(c) ? hasWhitespace(c) : c.raw.toString("utf8").trim() === ""));
}

export interface Failed {
  signedInfo: Element;
  c14n: C14nMethod;
  context: ApexContext;
  value: Buffer;
  key: KeyObject;
  algorithm: SignatureAlgorithm;
}

/** Which edit of SignedInfo (after signing) explains the failure, if a simple one does. */
function editedSignedInfo(f: Failed): string | undefined {
  const verifies = (el: Element, method: C14nMethod, context = f.context) =>
    verifyBytes(canonicalSubtree(el, method, context), f.value, f.key, f.algorithm);
  const actual = canonicalSubtree(f.signedInfo, f.c14n, f.context);
  for (const method of [C14N11, EXC_C14N, C14N10] as const) {
    if (method === f.c14n || canonicalSubtree(f.signedInfo, method, f.context).equals(actual)) continue;
    if (verifies(f.signedInfo, method))
      return (
        `the signature was made over SignedInfo canonicalized with ${C14N_NAMES[method]}, but its ` +
        `CanonicalizationMethod says ${C14N_NAMES[f.c14n]}: the signer canonicalized SignedInfo wrongly; sign the report again with a conforming signer`
      );
  }
  const prefix = f.signedInfo.tag.prefix;
  for (const original of ["ds", ""].filter((p) => p !== prefix)) {
    const context = {
      ...f.context,
      namespaces: f.context.namespaces.map((d) =>
        d.prefix === prefix && d.uri === DSIG_NS ? { ...d, prefix: original } : d,
      ),
    };
    if (verifies(renamed(f.signedInfo, prefix, original), f.c14n, context))
      return (
        `the Signature was re-prefixed after signing (${prefix ? prefix + ":" : "no prefix"} instead of ` +
        `${original ? original + ":" : "no prefix"}): the prefix is part of the signed SignedInfo; submit the file exactly as it was signed`
      );
  }
  if (hasWhitespace(f.signedInfo) && verifies(withoutWhitespace(f.signedInfo), f.c14n))
    return "whitespace was added inside SignedInfo after signing (re-indented?): submit the file exactly as it was signed";
  return undefined;
}

/** A precise reason (wrong length, or a known edit of SignedInfo), when one explains the failure. */
export function specificReason(f: Failed): string | undefined {
  return lengthProblem(f.value, f.key) ?? editedSignedInfo(f);
}

/** Why the value does not verify with the key the report names (and, with a verifier, trusts). */
export function whyNotVerified(f: Failed, keyLabel: string): string {
  const length = lengthProblem(f.value, f.key);
  if (length) return length;
  const base = `the signature value does not verify over SignedInfo with the ${keyLabel}`;
  return `${base}: ${editedSignedInfo(f) ?? "SignedInfo or SignatureValue was altered after signing"}`;
}

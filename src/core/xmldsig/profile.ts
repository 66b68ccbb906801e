import { isElement, textContent, type Element } from "../xml/tree.js";
import { DSIG11_NS, DSIG_NS } from "./algorithms.js";

/**
 * The allow-list of the strict profile for everything inside a ds:Signature. The Signature is left out of
 * the signed content, so anything it may hold beyond these elements would be unsigned content that other
 * readers (which walk the whole tree) could count as part of the report.
 */

/** What character data an element may hold: whitespace only ("none"), or a value of a schema type. */
type TextKind = "none" | "base64" | "base64-or-empty" | "string" | "integer";

interface Rule {
  attributes: string[];
  children: string[];
  text: TextKind;
  /** A constraint on the sequence of child names beyond membership, as a problem or undefined. */
  shape?: (names: string[]) => string | undefined;
}

const EMPTY: Rule = { attributes: ["Algorithm"], children: [], text: "none" };
const value = (text: TextKind, attributes: string[] = []): Rule => ({ attributes, children: [], text });

const atMostOnce =
  (...names: string[]) =>
  (got: string[]): string | undefined => {
    const twice = names.find((n) => got.filter((g) => g === n).length > 1);
    return twice && `may hold only one ${twice}`;
  };

const exactly =
  (...names: string[]) =>
  (got: string[]): string | undefined =>
    got.length === names.length && got.every((n, i) => n === names[i])
      ? undefined
      : `must hold ${names.join(", ")} (found: ${got.join(", ") || "nothing"})`;

/** Keyed by canonical name (ds: for the XMLDSig namespace, dsig11: for XMLDSig 1.1). */
const RULES: Record<string, Rule> = {
  "ds:Signature": {
    attributes: ["Id"],
    children: ["ds:SignedInfo", "ds:SignatureValue", "ds:KeyInfo"],
    text: "none",
  },
  "ds:SignedInfo": {
    attributes: ["Id"],
    children: ["ds:CanonicalizationMethod", "ds:SignatureMethod", "ds:Reference"],
    text: "none",
  },
  "ds:CanonicalizationMethod": EMPTY,
  "ds:SignatureMethod": EMPTY,
  "ds:Reference": {
    attributes: ["Id", "URI"],
    children: ["ds:Transforms", "ds:DigestMethod", "ds:DigestValue"],
    text: "none",
  },
  "ds:Transforms": { attributes: [], children: ["ds:Transform"], text: "none" },
  "ds:Transform": EMPTY,
  "ds:DigestMethod": EMPTY,
  "ds:DigestValue": value("base64"),
  "ds:SignatureValue": value("base64", ["Id"]),
  "ds:KeyInfo": {
    attributes: ["Id"],
    children: ["ds:X509Data", "ds:KeyValue", "ds:KeyName"],
    text: "none",
    shape: atMostOnce("ds:X509Data", "ds:KeyValue", "ds:KeyName"),
  },
  "ds:KeyName": value("string"),
  "ds:KeyValue": {
    attributes: [],
    children: ["ds:RSAKeyValue", "dsig11:ECKeyValue"],
    text: "none",
    shape: (got) => (got.length === 1 ? undefined : "must hold one ds:RSAKeyValue or dsig11:ECKeyValue"),
  },
  "ds:RSAKeyValue": {
    attributes: [],
    children: ["ds:Modulus", "ds:Exponent"],
    text: "none",
    shape: exactly("ds:Modulus", "ds:Exponent"),
  },
  "ds:Modulus": value("base64"),
  "ds:Exponent": value("base64"),
  "dsig11:ECKeyValue": {
    attributes: ["Id"],
    children: ["dsig11:NamedCurve", "dsig11:PublicKey"],
    text: "none",
    shape: exactly("dsig11:NamedCurve", "dsig11:PublicKey"),
  },
  "dsig11:NamedCurve": value("none", ["URI"]),
  "dsig11:PublicKey": value("base64"),
  "ds:X509Data": {
    attributes: [],
    children: ["ds:X509IssuerSerial", "ds:X509SubjectName", "ds:X509SKI", "ds:X509Certificate"],
    text: "none",
    shape: (got) =>
      got.includes("ds:X509Certificate") ? undefined : "must hold at least one ds:X509Certificate",
  },
  // xmlsec1 1.2 leaves an X509IssuerSerial of its template empty.
  "ds:X509IssuerSerial": {
    attributes: [],
    children: ["ds:X509IssuerName", "ds:X509SerialNumber"],
    text: "none",
    shape: (got) => (got.length === 0 ? undefined : exactly("ds:X509IssuerName", "ds:X509SerialNumber")(got)),
  },
  "ds:X509IssuerName": value("string"),
  "ds:X509SerialNumber": value("integer"),
  "ds:X509SubjectName": value("string"),
  "ds:X509SKI": value("base64-or-empty"),
  "ds:X509Certificate": value("base64"),
};

/** The canonical name of an element of the profile's namespaces, or its name as written (and namespace). */
export function profileName(el: Element): string {
  if (el.tag.ns === DSIG_NS) return `ds:${el.tag.local}`;
  if (el.tag.ns === DSIG11_NS) return `dsig11:${el.tag.local}`;
  return el.tag.ns ? `${el.tag.qname} (namespace ${el.tag.ns})` : el.tag.qname;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function textProblem(kind: TextKind, el: Element): string | undefined {
  const text = textContent(el);
  const compact = text.replace(/[ \t\r\n]/g, "");
  if (kind === "string") return undefined;
  if (kind === "none")
    return compact === "" ? undefined : `may not contain text (found "${excerpt(text.trim())}")`;
  if (kind === "integer")
    return /^-?[0-9]+$/.test(text.trim())
      ? undefined
      : `must hold an integer (found "${excerpt(text.trim())}")`;
  if (kind === "base64-or-empty" && compact === "") return undefined;
  return compact.length % 4 === 0 && BASE64.test(compact)
    ? undefined
    : `must hold base64 (found "${excerpt(text.trim())}")`;
}

function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function elementProblem(el: Element, name: string, path: string): string | undefined {
  const rule = RULES[name];
  if (!rule) return `${path} is not part of the profile`;
  for (const a of el.tag.attributes) {
    if (a.ns !== "" || !rule.attributes.includes(a.local))
      return `${path} may not have the attribute ${a.qname} (allowed: ${rule.attributes.join(", ") || "none"})`;
  }
  const names: string[] = [];
  for (const child of el.children) {
    if (!isElement(child)) continue;
    const childName = profileName(child);
    if (!rule.children.includes(childName)) return `${path} may not contain ${childName}`;
    names.push(childName);
  }
  const text = textProblem(rule.text, el);
  if (text) return `${path} ${text}`;
  const shape = rule.shape?.(names);
  if (shape) return `${path} ${shape}`;
  for (const child of el.children) {
    if (!isElement(child)) continue;
    const childName = profileName(child);
    const problem = elementProblem(
      child,
      childName,
      `${path === "ds:Signature" ? "" : path + "/"}${childName}`,
    );
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The first element, attribute or text of a ds:Signature outside the strict profile, named by its path
 * ("ds:KeyInfo/ds:X509Data may not contain testsuite"); undefined when everything is allowed.
 */
export function profileProblem(signature: Element): string | undefined {
  return elementProblem(signature, profileName(signature), "ds:Signature");
}

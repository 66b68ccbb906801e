import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  propertyMap
} from "./chunk-IH4754G3.js";
import {
  require_crypto
} from "./chunk-KE6R4GHG.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

// src/core/transfer/jsonl.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var ON_CONFLICT = ["skip", "replace", "keep-both"];
var FORMAT = "jux-serve-export";
var VERSION = 1;
function headerLine(filter, now) {
  const header = { format: FORMAT, version: VERSION, exported_at: now.toISOString(), filter };
  return JSON.stringify(header) + "\n";
}
function runLineText(line) {
  return JSON.stringify(line) + "\n";
}
function trailerLine(runs) {
  const trailer = { format: FORMAT, end: true, runs };
  return JSON.stringify(trailer) + "\n";
}
var FormatError = class extends Error {
  name = "FormatError";
};
function parseJson(text2, what) {
  let value;
  try {
    value = JSON.parse(text2);
  } catch (e) {
    throw new FormatError(`${what} is not JSON (${e.message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new FormatError(`${what} is not a JSON object`);
  return value;
}
function parseHeader(text2) {
  const header = parseJson(text2, "the header (line 1)");
  if (header.format !== FORMAT)
    throw new FormatError(
      `line 1 is not a jux serve export header (expected "format":"${FORMAT}"): export the data with jux serve export`
    );
  if (header.version !== VERSION)
    throw new FormatError(
      `line 1: export format version ${JSON.stringify(header.version)} is not supported (this jux reads version ${VERSION}): import it with the jux version that exported it, or export again with this one`
    );
  if (typeof header.exported_at !== "string" || !STORED_TIME.test(header.exported_at))
    throw new FormatError(
      'line 1: "exported_at" must be the time of the export as jux serve writes it (2026-01-31T12:00:00.000Z)'
    );
  return header;
}
var STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
var SKEW_MS = 864e5;
var EARLIEST = Date.parse("2000-01-01T00:00:00.000Z");
function asTrailer(value) {
  if (value.end !== true) return void 0;
  if (value.format !== FORMAT || !Number.isSafeInteger(value.runs) || value.runs < 0)
    throw new FormatError('the trailer must be {"format":"jux-serve-export","end":true,"runs":N}');
  return value;
}
var HASH = /^[0-9a-f]{64}$/;
var BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
function text(v, key, nullable = false) {
  const value = v[key];
  if (nullable && value === null) return;
  if (typeof value !== "string")
    throw new FormatError(`"${key}" must be a string${nullable ? " or null" : ""}`);
}
function parseRunLine(value, bounds) {
  for (const key of ["id", "canonical_hash", "project", "inserted_at", "report"]) text(value, key);
  for (const key of ["branch", "commit_sha", "signer"]) text(value, key, true);
  if (!UUID.test(value.id))
    throw new FormatError('"id" must be a run id as jux serve makes them, a lowercase UUID');
  if (!HASH.test(value.canonical_hash))
    throw new FormatError('"canonical_hash" must be 64 lowercase hexadecimal digits');
  const at = value.inserted_at;
  const time = Date.parse(at);
  if (!STORED_TIME.test(at) || Number.isNaN(time) || new Date(time).toISOString() !== at)
    throw new FormatError(
      '"inserted_at" must be an ISO time as jux serve stores it (2026-01-31T12:00:00.000Z)'
    );
  const latest = Math.min(Date.parse(bounds.exportedAt), bounds.now.getTime()) + SKEW_MS;
  if (time < EARLIEST || time > latest)
    throw new FormatError(
      `"inserted_at" ${at} is before 2000 or after the export (${bounds.exportedAt}) or now, past a day's skew: a run cannot be stored in the future (it would stay a branch's newest run and base)`
    );
  if (!Array.isArray(value.tags) || !value.tags.every((t) => typeof t === "string"))
    throw new FormatError('"tags" must be an array of strings');
  if (!Array.isArray(value.properties) || !value.properties.every(
    (p) => typeof p === "object" && p !== null && typeof p.name === "string" && typeof p.value === "string"
  ))
    throw new FormatError('"properties" must be an array of {"name","value"} strings');
  const report = value.report;
  if (report.length === 0 || report.length % 4 !== 0 || !BASE64.test(report))
    throw new FormatError(`"report" must be the report's bytes in base64`);
  return value;
}
function parseLine(line) {
  return parseJson(line, "the line");
}
function statedFacts(canonicalHash, properties) {
  const props = propertyMap(properties);
  return {
    canonical_hash: canonicalHash,
    project: props.get("project") ?? "",
    branch: props.get("git:branch") || null,
    commit_sha: props.get("git:commit") || null,
    properties
  };
}
function lineMismatch(line, report) {
  const pairs = [
    ["canonical_hash", line.canonical_hash, report.canonical_hash],
    ["project", line.project, report.project],
    ["branch", line.branch, report.branch],
    ["commit_sha", line.commit_sha, report.commit_sha],
    ["properties", JSON.stringify(line.properties), JSON.stringify(report.properties)]
  ];
  const [name] = pairs.find(([, a, b]) => a !== b) ?? [];
  return name && `its "${name}" differs from the report's (recomputed from the verbatim XML): the line was altered`;
}
function tagsOf(properties) {
  const raw = properties.find((p) => p.name === "jux:tags" || p.name === "tags")?.value ?? "";
  return raw.split(",").map((t) => t.trim()).filter(Boolean);
}
function runIdOf(canonicalHash) {
  const h = (0, import_node_crypto.createHash)("sha256").update(`jux-run:${canonicalHash}`).digest("hex");
  const variant = (parseInt(h[16], 16) & 3 | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export {
  ON_CONFLICT,
  FORMAT,
  VERSION,
  headerLine,
  runLineText,
  trailerLine,
  FormatError,
  parseHeader,
  asTrailer,
  parseRunLine,
  parseLine,
  statedFacts,
  lineMismatch,
  tagsOf,
  runIdOf
};

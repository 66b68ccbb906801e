import { isAbsolute, resolve } from "node:path";
import type { JuxConfig, OptionSpec } from "./schema.js";
import type { Property } from "../junit/summary.js";
import { CONTROL_CHARACTERS } from "../text.js";
import { parseSize } from "./size.js";

/** A value as a source gives it: text from INI files, the environment and most flags; typed from TOML. */
export type RawValue = unknown;

/** Why a value was refused; the caller prefixes the source. */
export class ValueError extends Error {}

export interface ValueContext {
  /** Relative paths are relative to this: the file's directory, or the working directory. */
  baseDir: string;
  homedir: string;
  /** How this source names the API key, for a URL holding credentials (default: bearer_token, JUX_API_KEY). */
  apiKeyName?: string;
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `"abc"` for a message; never used for secrets. */
function shown(raw: RawValue): string {
  const text = typeof raw === "string" ? raw : (JSON.stringify(raw) ?? String(raw));
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return JSON.stringify(short);
}

function text(spec: OptionSpec, raw: RawValue, what: string): string {
  if (typeof raw === "string") return raw.trim();
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  throw new ValueError(
    spec.secret ? `expected ${what} (value not shown)` : `expected ${what}, got ${shown(raw)}`,
  );
}

function bool(spec: OptionSpec, raw: RawValue): boolean {
  if (typeof raw === "boolean") return raw;
  const t = typeof raw === "string" ? raw.trim().toLowerCase() : undefined;
  if (t !== undefined && TRUE.has(t)) return true;
  if (t !== undefined && FALSE.has(t)) return false;
  throw new ValueError(`expected true/false (or 1/0, yes/no, on/off), got ${shown(raw)}`);
}

function number(spec: OptionSpec, raw: RawValue, integer: boolean): number {
  const what = integer ? "a whole number" : "a number of seconds";
  const t = typeof raw === "boolean" ? "" : text(spec, raw, what);
  const n = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
    throw new ValueError(`expected ${what}, got ${shown(raw)}`);
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  if (integer ? n < min : n <= min)
    throw new ValueError(`must be ${integer ? "at least" : "greater than"} ${min}, got ${shown(raw)}`);
  if (n > max) throw new ValueError(`must be at most ${max}, got ${shown(raw)}`);
  return n;
}

function choice(spec: OptionSpec, raw: RawValue): string {
  const t = text(spec, raw, `one of ${spec.choices?.join(", ")}`).toLowerCase();
  if (spec.choices?.includes(t)) return t;
  throw new ValueError(`expected one of ${spec.choices?.join(", ")}, got ${shown(raw)}`);
}

function path(spec: OptionSpec, raw: RawValue, ctx: ValueContext): string {
  const t = text(spec, raw, "a path");
  const expanded = t === "~" || t.startsWith("~/") ? ctx.homedir + t.slice(1) : t;
  return isAbsolute(expanded) ? expanded : resolve(ctx.baseDir, expanded);
}

function url(spec: OptionSpec, raw: RawValue, ctx: ValueContext): string {
  const t = text(spec, raw, "an http(s) URL");
  let parsed: URL;
  try {
    parsed = new URL(t);
  } catch {
    throw new ValueError(`expected an http(s) URL, got ${shown(raw)}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new ValueError(`expected an http(s) URL, got ${shown(parsed.protocol.replace(/:$/, ""))} URL`);
  if (parsed.username || parsed.password)
    throw new ValueError(
      `must not contain credentials (set ${ctx.apiKeyName ?? "bearer_token, or JUX_API_KEY,"} instead)`,
    );
  if (parsed.search || parsed.hash)
    // The query may hold a token: only the part before it is shown.
    throw new ValueError(
      `must not have a query or fragment (after ${shown(`${parsed.origin}${parsed.pathname}`)}): give the server's base URL`,
    );
  return parsed.href.replace(/\/+$/, "");
}

function secret(spec: OptionSpec, raw: RawValue): string {
  const t = text(spec, raw, "a string");
  if (CONTROL_CHARACTERS.test(t))
    throw new ValueError("contains a line break or control character (value not shown)");
  return t;
}

function matching(spec: OptionSpec, raw: RawValue, pattern: RegExp, what: string): string {
  const t = text(spec, raw, what);
  if (!pattern.test(t)) throw new ValueError(`expected ${what}, got ${shown(raw)}`);
  return t;
}

function plain(spec: OptionSpec, raw: RawValue): string {
  const t = text(spec, raw, "a string");
  if (CONTROL_CHARACTERS.test(t))
    throw new ValueError(`contains a line break or control character: ${shown(raw)}`);
  return t;
}

/** Newline separated when the text has a line break (values may then contain commas), else comma separated. */
export function splitList(t: string): string[] {
  return t
    .split(t.includes("\n") ? /\r?\n/ : ",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function property(item: string): Property {
  const at = item.indexOf("=");
  const name = at < 0 ? "" : item.slice(0, at).trim();
  if (name === "") throw new ValueError(`expected NAME=VALUE items, got ${shown(item)}`);
  return { name, value: item.slice(at + 1).trim() };
}

function properties(spec: OptionSpec, raw: RawValue): Property[] {
  if (Array.isArray(raw))
    return raw.map((item) => {
      if (typeof item !== "string") throw new ValueError(`expected NAME=VALUE strings, got ${shown(item)}`);
      return property(item);
    });
  if (raw !== null && typeof raw === "object")
    return Object.entries(raw).map(([name, value]) => {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
        throw new ValueError(`${name}: expected a string value, got ${shown(value)}`);
      return { name, value: String(value) };
    });
  return splitList(text(spec, raw, "NAME=VALUE items")).map(property);
}

function size(spec: OptionSpec, raw: RawValue): number {
  const t = typeof raw === "number" ? String(raw) : text(spec, raw, "a size such as 500MB");
  try {
    return parseSize(t, "");
  } catch (e) {
    throw new ValueError((e as Error).message.replace(/^: /, ""));
  }
}

/** A redaction pattern: a glob over property names, optionally `=mask` (keep the name, value ***) or `=remove`. */
const PATTERN = /^[^\s=,]+(=(mask|remove))?$/;

function listOf(spec: OptionSpec, raw: RawValue): string[] {
  return Array.isArray(raw)
    ? raw.map((item) => {
        if (typeof item !== "string") throw new ValueError(`expected pattern strings, got ${shown(item)}`);
        return item.trim();
      })
    : splitList(text(spec, raw, "glob patterns"));
}

function patterns(spec: OptionSpec, raw: RawValue): string[] {
  const items = listOf(spec, raw);
  for (const item of items)
    if (!PATTERN.test(item) || CONTROL_CHARACTERS.test(item))
      throw new ValueError(
        `expected glob patterns over property names (env:*TOKEN*, jux:username), each optionally =mask or =remove, got ${shown(item)}`,
      );
  return items.filter((item) => item !== "");
}

const VARIABLE_PATTERN = /^[A-Za-z0-9_*?]+$/;

function names(spec: OptionSpec, raw: RawValue): string[] {
  const items = listOf(spec, raw).filter((item) => item !== "");
  for (const item of items)
    if (!VARIABLE_PATTERN.test(item))
      throw new ValueError(
        `expected environment variable names or glob patterns (CI_*, BUILD_?), got ${shown(item)}`,
      );
  return items;
}

/** Whether a source leaves the option unset: an empty value is no value (as CI systems pass unset inputs). */
export function isEmpty(raw: RawValue): boolean {
  return raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "");
}

/** The typed value of one option, or a ValueError saying why not (without the value when it is secret). */
export function convert(spec: OptionSpec, raw: RawValue, ctx: ValueContext): JuxConfig[keyof JuxConfig] {
  switch (spec.type) {
    case "bool":
      return bool(spec, raw);
    case "enum":
      return choice(spec, raw);
    case "path":
      return path(spec, raw, ctx);
    case "url":
      return url(spec, raw, ctx);
    case "secret":
      return secret(spec, raw);
    case "seconds":
      return number(spec, raw, false);
    case "int":
      return number(spec, raw, true);
    case "header":
      return matching(spec, raw, HEADER_NAME, "an HTTP header name");
    case "env-name":
      return matching(spec, raw, ENV_NAME, "an environment variable name");
    case "string":
      return plain(spec, raw);
    case "properties":
      return properties(spec, raw);
    case "size":
      return size(spec, raw);
    case "patterns":
      return patterns(spec, raw);
    case "names":
      return names(spec, raw);
  }
}

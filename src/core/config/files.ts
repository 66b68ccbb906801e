import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import { osReason } from "../errors.js";
import { parseIni, IniSyntaxError, type IniSection } from "./ini.js";
import { FORBIDDEN_KEYS, optionNamed, type OptionSpec, type SourceKind } from "./schema.js";
import type { RawValue } from "./values.js";
import { PROFILE_NAME, type ProfileDefinition } from "./profiles.js";

/** One option as a source sets it, before conversion. */
export interface Entry {
  spec: OptionSpec;
  raw: RawValue;
  kind: SourceKind;
  /** "/x/.jux.conf:12", "JUX_API_URL", "--api-url". */
  where: string;
  /** The key as written, e.g. "jux_api_url". */
  key: string;
  /** Relative paths in the value are relative to this. */
  baseDir: string;
  /** The profile whose section (or JUX_PROFILE_<NAME>_ variable) sets it; none: the base configuration. */
  profile?: string;
}

/** What reading one file gave. */
export interface FileRead {
  /** The file has jux settings (a jux file always has, even empty). */
  hasJux: boolean;
  entries: Entry[];
  problems: string[];
  /** Unknown keys: warnings, or problems under validate --strict. */
  unknown: string[];
  warnings: string[];
  /** The profiles the file defines, by their section's header. */
  profiles: ProfileDefinition[];
}

export type FileFormat = "jux" | "pytest.ini" | "setup.cfg" | "pyproject.toml";

/** The file's text, undefined when it does not exist; an unreadable file (EACCES, a directory) throws. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new Error(`cannot read ${path}: ${osReason(e)}`, { cause: e });
  }
}

class Collector {
  readonly read: FileRead = {
    hasJux: false,
    entries: [],
    problems: [],
    unknown: [],
    warnings: [],
    profiles: [],
  };
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly path: string,
    private readonly kind: SourceKind,
  ) {}

  /** A `[profile NAME]` section: false (and a problem) when the name cannot be one. */
  profile(name: string, line: number | undefined, header: string): boolean {
    const at = line === undefined ? this.path : `${this.path}:${line}`;
    if (!PROFILE_NAME.test(name)) {
      this.read.problems.push(
        `${at}: ${header}: "${name}" cannot name a profile (letters, digits, - and _, starting with a letter or digit)`,
      );
      return false;
    }
    this.read.profiles.push({ name, where: at });
    return true;
  }

  add(
    key: string,
    name: string,
    raw: RawValue,
    line: number | undefined,
    where: string,
    profile?: string,
  ): void {
    const at = line === undefined ? this.path : `${this.path}:${line}`;
    const forbidden = FORBIDDEN_KEYS[name];
    if (forbidden !== undefined) return void this.read.problems.push(`${at}: ${key}: ${forbidden}`);
    const spec = optionNamed(name);
    if (!spec)
      return void this.read.unknown.push(`${at}: unknown option "${key}" in ${where} (see jux config list)`);
    const seen = `${profile ?? ""}\0${spec.name}`;
    const previous = this.seen.get(seen);
    if (previous !== undefined)
      return void this.read.problems.push(`${at}: ${key}: ${spec.name} is already set at ${previous}`);
    this.seen.set(seen, at);
    const entry: Entry = { spec, raw, kind: this.kind, where: at, key, baseDir: dirname(this.path) };
    this.read.entries.push(profile === undefined ? entry : { ...entry, profile });
  }
}

/** Reads `[section]` (every key) or, with a prefix, the keys of `[section]` that start with it. */
function iniSection(c: Collector, section: IniSection | undefined, prefix = "", profile?: string): boolean {
  if (!section) return false;
  let any = prefix === "";
  for (const [key, entry] of section.entries) {
    if (!key.startsWith(prefix)) continue;
    any = true;
    c.add(key, key.slice(prefix.length), entry.value, entry.line, `[${section.name}]`, profile);
  }
  return any;
}

const PROFILE_SECTION = /^profile\s+(.*)$/;

const INI_SECTIONS: Record<Exclude<FileFormat, "pyproject.toml">, [string, string][]> = {
  jux: [["jux", ""]],
  "pytest.ini": [
    ["jux", ""],
    ["pytest", "jux_"],
  ],
  "setup.cfg": [
    ["jux", ""],
    ["tool:pytest", "jux_"],
  ],
};

function readIni(
  c: Collector,
  path: string,
  text: string,
  format: Exclude<FileFormat, "pyproject.toml">,
): void {
  const sections = parseIni(text);
  const wanted = INI_SECTIONS[format];
  for (const [name, prefix] of wanted) if (iniSection(c, sections.get(name), prefix)) c.read.hasJux = true;
  if (format === "jux") {
    c.read.hasJux = true;
    for (const s of sections.values()) {
      const profile = PROFILE_SECTION.exec(s.name)?.[1]?.trim();
      if (profile !== undefined) {
        if (c.profile(profile, s.line, `[${s.name}]`)) iniSection(c, s, "", profile);
      } else if (s.name !== "jux")
        c.read.warnings.push(
          `${path}:${s.line}: section [${s.name}] is ignored (jux reads [jux] and [profile NAME])`,
        );
    }
  }
}

function table(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The line of `key =` under the `[header]` table, for messages; undefined when it cannot be told. */
function tomlLine(lines: string[], header: RegExp, key: string): number | undefined {
  const start = lines.findIndex((l) => header.test(l));
  if (start < 0) return undefined;
  const keyLine = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*=`);
  for (let i = start + 1; i < lines.length && !/^\s*\[/.test(lines[i] ?? ""); i++)
    if (keyLine.test(lines[i] ?? "")) return i + 1;
  return start + 1;
}

/** `[tool.jux.profile.NAME]`: a table of options, like [tool.jux]. */
function tomlProfile(c: Collector, lines: string[], name: string, value: unknown): void {
  const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const header = new RegExp(
    `^\\s*\\[\\s*tool\\s*\\.\\s*jux\\s*\\.\\s*profile\\s*\\.\\s*["']?${quoted}["']?\\s*\\]`,
  );
  const start = lines.findIndex((l) => header.test(l));
  const section = `[tool.jux.profile.${name}]`;
  if (!c.profile(name, start < 0 ? undefined : start + 1, section)) return;
  const options = table(value);
  if (!options) return void c.read.problems.push(`${section}: expected a table of options`);
  for (const [key, raw] of Object.entries(options))
    c.add(key, key, raw, tomlLine(lines, header, key), section, name);
}

function readToml(c: Collector, text: string): void {
  const tool = table(parseToml(text).tool);
  const lines = text.split(/\r?\n/);
  const jux = table(tool?.jux);
  if (jux) {
    c.read.hasJux = true;
    for (const [key, value] of Object.entries(jux))
      if (key !== "profile" || !table(value))
        c.add(key, key, value, tomlLine(lines, /^\s*\[\s*tool\s*\.\s*jux\s*\]/, key), "[tool.jux]");
    for (const [name, value] of Object.entries(table(jux.profile) ?? {})) tomlProfile(c, lines, name, value);
  }
  const pytest = table(table(tool?.pytest)?.ini_options);
  for (const [key, value] of Object.entries(pytest ?? {})) {
    if (!key.startsWith("jux_")) continue;
    c.read.hasJux = true;
    const line = tomlLine(lines, /^\s*\[\s*tool\s*\.\s*pytest\s*\.\s*ini_options\s*\]/, key);
    c.add(key, key.slice(4), value, line, "[tool.pytest.ini_options]");
  }
}

function syntaxProblem(path: string, e: unknown): string | undefined {
  if (e instanceof IniSyntaxError) return `${path}:${e.line}: ${e.message}`;
  if (e instanceof TomlError)
    return `${path}:${e.line}:${e.column}: not valid TOML: ${e.message.split("\n")[0]}`;
  return undefined;
}

/**
 * Reads the jux settings of a file. A syntax error is a problem, except in a Python tool's file that does not
 * mention jux at all (that file is someone else's business, and is not read).
 */
export function readConfigText(path: string, text: string, format: FileFormat, kind: SourceKind): FileRead {
  const c = new Collector(path, kind);
  try {
    if (format === "pyproject.toml") readToml(c, text);
    else readIni(c, path, text, format);
  } catch (e) {
    const problem = syntaxProblem(path, e);
    if (problem === undefined) throw e;
    if (format !== "jux" && !/jux/i.test(text)) return { ...c.read, hasJux: false, entries: [] };
    c.read.hasJux = true;
    c.read.problems.push(problem);
    c.read.entries = [];
  }
  return c.read;
}

/** The format of a file by its name: pytest's three, else jux's own INI. */
export function formatOf(path: string): FileFormat {
  const name = basename(path);
  return name === "pytest.ini" || name === "setup.cfg" || name === "pyproject.toml" ? name : "jux";
}

/**
 * A small, strict INI reader with configparser's syntax (what pytest-jux's files use): `[section]` headers,
 * `key = value` or `key: value`, full-line `#`/`;` comments, indented continuation lines for multi-line
 * values. Keys are case-insensitive (lower-cased, as configparser does). There are no inline comments: a `#`
 * after a value is part of it (tokens and URLs may contain one). A duplicate section or key is an error.
 */

export interface IniEntry {
  value: string;
  line: number;
}

export interface IniSection {
  name: string;
  line: number;
  entries: Map<string, IniEntry>;
}

export class IniSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

const HEADER = /^\[([^\]]+)\]\s*$/;
const KEY = /^[A-Za-z0-9_.-]+$/;

function isComment(trimmed: string): boolean {
  return trimmed.startsWith("#") || trimmed.startsWith(";");
}

interface State {
  sections: Map<string, IniSection>;
  section?: IniSection;
  last?: IniEntry;
}

function header(state: State, name: string, line: number): void {
  const existing = state.sections.get(name);
  if (existing) throw new IniSyntaxError(line, `section [${name}] already appears at line ${existing.line}`);
  state.section = { name, line, entries: new Map() };
  state.sections.set(name, state.section);
  state.last = undefined;
}

function assignment(state: State, text: string, line: number): void {
  const at = text.search(/[=:]/);
  const key = at < 0 ? "" : text.slice(0, at).trim().toLowerCase();
  if (at < 0 || !KEY.test(key))
    throw new IniSyntaxError(line, "expected `key = value`, a [section] header or a comment");
  if (!state.section) throw new IniSyntaxError(line, `"${key}" comes before any [section] header`);
  const previous = state.section.entries.get(key);
  if (previous)
    throw new IniSyntaxError(
      line,
      `${key} is set twice in [${state.section.name}] (also at line ${previous.line})`,
    );
  state.last = { value: text.slice(at + 1).trim(), line };
  state.section.entries.set(key, state.last);
}

export function parseIni(text: string): Map<string, IniSection> {
  const state: State = { sections: new Map() };
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") {
      state.last = undefined;
      return;
    }
    if (isComment(trimmed)) return;
    if (/^\s/.test(raw)) {
      if (!state.last) throw new IniSyntaxError(line, "an indented line that continues no value");
      state.last.value = state.last.value === "" ? trimmed : `${state.last.value}\n${trimmed}`;
      return;
    }
    const name = HEADER.exec(trimmed)?.[1]?.trim();
    if (name !== undefined) header(state, name, line);
    else assignment(state, trimmed, line);
  });
  return state.sections;
}

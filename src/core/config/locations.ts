import { existsSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { formatOf, readConfigText, readIfExists, type FileRead } from "./files.js";
import type { SourceKind } from "./schema.js";
import { errorMessage } from "../errors.js";

export type FileStatus = "used" | "absent" | "ignored";

/** A place a configuration file may be, and what was found there. */
export interface Candidate {
  path: string;
  kind: Extract<SourceKind, "project" | "user" | "system">;
  status: FileStatus;
  /** Why an existing file is not used. */
  note?: string;
  text?: string;
  read?: FileRead;
}

export interface Locations {
  cwd: string;
  homedir: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  systemFile?: string;
}

/**
 * In one directory, the first of these with jux settings is the project file: jux's own file first, then
 * pyproject.toml ([tool.jux], or jux_ keys in [tool.pytest.ini_options]), pytest.ini ([jux], or jux_ keys in
 * [pytest]), setup.cfg ([jux], or jux_ keys in [tool:pytest]).
 */
export const PROJECT_FILES = [".jux.conf", "pyproject.toml", "pytest.ini", "setup.cfg"] as const;

export const DEFAULT_SYSTEM_FILE = "/etc/jux/config";

/** `systemFile`, else JUX_SYSTEM_CONFIG (a hidden setting for tests), else /etc/jux/config. */
export function systemFileOf(l: Locations): string {
  if (l.systemFile !== undefined) return l.systemFile;
  if (l.env.JUX_SYSTEM_CONFIG) return l.env.JUX_SYSTEM_CONFIG;
  if (l.platform === "win32" && l.env.PROGRAMDATA) return join(l.env.PROGRAMDATA, "jux", "config");
  return DEFAULT_SYSTEM_FILE;
}

/** $XDG_CONFIG_HOME/jux/config (an XDG path must be absolute), else ~/.config/jux/config; then ~/.jux/config. */
export function userFilesOf(l: Locations): string[] {
  const xdg = l.env.XDG_CONFIG_HOME;
  const base =
    xdg && isAbsolute(xdg)
      ? xdg
      : l.platform === "win32" && l.env.APPDATA
        ? l.env.APPDATA
        : join(l.homedir, ".config");
  return [join(base, "jux", "config"), join(l.homedir, ".jux", "config")];
}

/** An unreadable file is used: it may hold settings, so its problem is reported and nothing below it is read. */
function unreadable(path: string, kind: Candidate["kind"], e: unknown): Candidate {
  const problem = errorMessage(e);
  const read: FileRead = {
    hasJux: true,
    entries: [],
    problems: [problem],
    unknown: [],
    warnings: [],
    profiles: [],
  };
  return { path, kind, status: "used", read };
}

async function candidate(path: string, kind: Candidate["kind"]): Promise<Candidate> {
  let text: string | undefined;
  try {
    text = await readIfExists(path);
  } catch (e) {
    return unreadable(path, kind, e);
  }
  if (text === undefined) return { path, kind, status: "absent" };
  return { path, kind, status: "used", text, read: readConfigText(path, text, formatOf(path), kind) };
}

/** The first existing file is used; the ones after it are ignored. */
async function firstOf(paths: string[], kind: Candidate["kind"]): Promise<Candidate[]> {
  const found: Candidate[] = [];
  let used: string | undefined;
  for (const path of paths) {
    const c = await candidate(path, kind);
    if (c.status === "used" && used !== undefined)
      Object.assign(c, { status: "ignored", note: `${used} is used` });
    if (c.status === "used") used = path;
    found.push(c);
  }
  return found;
}

async function inDirectory(dir: string): Promise<Candidate[]> {
  const found: Candidate[] = [];
  let used: string | undefined;
  for (const name of PROJECT_FILES) {
    const c = await candidate(join(dir, name), "project");
    if (c.status === "used" && !c.read?.hasJux)
      Object.assign(c, { status: "ignored", note: "no jux settings" });
    else if (c.status === "used" && used !== undefined)
      Object.assign(c, { status: "ignored", note: `${used} takes precedence` });
    if (c.status === "used") used = c.path;
    found.push(c);
  }
  return found;
}

/**
 * Walks from cwd up to the root, stopping after a directory that holds `.git` (the repository's top) or
 * the first directory with a project file.
 */
async function projectCandidates(cwd: string): Promise<Candidate[]> {
  const found: Candidate[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    const here = await inDirectory(dir);
    found.push(...here);
    if (here.some((c) => c.status === "used") || existsSync(join(dir, ".git")) || dirname(dir) === dir) break;
  }
  return found;
}

/** Every place looked at, lowest priority first: system, user, project. */
export async function findFiles(l: Locations): Promise<Candidate[]> {
  return [
    ...(await firstOf([systemFileOf(l)], "system")),
    ...(await firstOf(userFilesOf(l), "user")),
    ...(await projectCandidates(l.cwd)),
  ];
}

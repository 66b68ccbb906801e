import { realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import * as glob from "@actions/glob";

export interface FoundReport {
  /** Absolute, symlinks resolved. */
  path: string;
  /** Relative to the workspace, with forward slashes: how the user and the summary name it. */
  name: string;
}

export interface FoundReports {
  files: FoundReport[];
  /** Matches left out, with why (outside the workspace). */
  skipped: { name: string; reason: string }[];
}

function anchored(pattern: string, workspace: string): string {
  const negated = pattern.startsWith("!");
  const body = negated ? pattern.slice(1) : pattern;
  const full = isAbsolute(body) ? body : join(workspace, body);
  return negated ? `!${full}` : full;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}

/**
 * The files the patterns match (one per line, `!` excludes, relative to the workspace), inside the workspace
 * only: a match whose real path (symlinks resolved) leaves the workspace is skipped, never read.
 */
export async function findReports(patterns: string[], workspace: string): Promise<FoundReports> {
  const root = await realpath(workspace);
  const globber = await glob.create(patterns.map((p) => anchored(p.trim(), root)).join("\n"), {
    followSymbolicLinks: false,
    matchDirectories: false,
  });
  const seen = new Set<string>();
  const files: FoundReport[] = [];
  const skipped: FoundReports["skipped"] = [];
  for (const match of await globber.glob()) {
    const name = relative(root, match).split(sep).join("/");
    const real = await realpath(match).catch(() => undefined);
    if (real === undefined) {
      skipped.push({ name, reason: "a symbolic link to nothing; not read" });
      continue;
    }
    if (!inside(root, real)) {
      skipped.push({ name, reason: "it resolves outside the workspace (symbolic link); not read" });
      continue;
    }
    if (!(await stat(real)).isFile() || seen.has(real)) continue;
    seen.add(real);
    files.push({ path: real, name });
  }
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { files, skipped };
}

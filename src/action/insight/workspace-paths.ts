/**
 * A test's file as a path relative to the workspace, for an annotation's `file`: a report names it absolute (a
 * runner's checkout), relative, or bare as a JVM frame does (`FooTest.java`); only a file inside the workspace is
 * linked, and a bare name only when exactly one file of the workspace has it.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, posix, relative, sep } from "node:path";

/** Directories never searched for a bare name: dependencies and VCS data, not the project's tests. */
const SKIPPED_DIRS = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  "vendor",
  ".venv",
  "venv",
  "__pycache__",
]);
/** The bounded search: at most this many entries are looked at, this many directories deep. */
export const MAX_INDEXED = 50_000;
const MAX_DEPTH = 16;

/** The workspace's files by base name, read once on first need and bounded (a huge checkout is partly indexed). */
export class WorkspaceFiles {
  private index: Map<string, string[]> | undefined;
  /** True when the bound stopped the search before every directory was read. */
  partial = false;

  constructor(
    readonly workspace: string,
    private readonly maxEntries = MAX_INDEXED,
  ) {}

  /** Relative paths (with /) of the files named `base`. */
  named(base: string): string[] {
    this.index ??= this.build();
    return this.index.get(base) ?? [];
  }

  private build(): Map<string, string[]> {
    const index = new Map<string, string[]>();
    let seen = 0;
    const queue: [string, number][] = [["", 0]];
    while (queue.length > 0) {
      const [dir, depth] = queue.shift()!;
      let entries;
      try {
        entries = readdirSync(join(this.workspace, dir), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (++seen > this.maxEntries) {
          this.partial = true;
          return index;
        }
        const path = dir === "" ? e.name : `${dir}/${e.name}`;
        if (e.isDirectory()) {
          if (SKIPPED_DIRS.has(e.name) || e.name.startsWith(".")) continue;
          if (depth + 1 < MAX_DEPTH) queue.push([path, depth + 1]);
          else this.partial = true;
        } else if (e.isFile()) {
          const list = index.get(e.name);
          if (list) list.push(path);
          else index.set(e.name, [path]);
        }
      }
    }
    return index;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * `file` relative to the workspace (with /), or undefined when it cannot be linked: outside the workspace, not
 * found, or a bare name several files have. `classname` (a JVM class, `org.acme.FooTest`) settles a bare name shared
 * by several files when exactly one sits in its package's directory.
 */
export function workspacePath(file: string, files: WorkspaceFiles, classname?: string): string | undefined {
  const ws = files.workspace;
  const given = file.replace(/\\/g, "/").trim();
  if (given === "" || given.includes("\0")) return undefined;
  if (isAbsolute(given) || /^[A-Za-z]:\//.test(given)) {
    const rel = relative(ws, given).split(sep).join("/");
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return undefined;
    return isFile(join(ws, rel)) ? rel : undefined;
  }
  const norm = posix.normalize(given.replace(/^\.\//, ""));
  if (norm.startsWith("../") || norm === "..") return undefined;
  if (norm.includes("/") && existsSync(join(ws, norm)) && isFile(join(ws, norm))) return norm;
  const base = posix.basename(norm);
  const candidates = files.named(base).filter((p) => p === norm || p.endsWith(`/${norm}`));
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1 && classname) {
    const pkg = classname.replace(/\$.*$/, "").split(".").slice(0, -1).join("/");
    const inPackage = candidates.filter((p) => pkg !== "" && p.endsWith(`${pkg}/${base}`));
    if (inPackage.length === 1) return inPackage[0];
  }
  return undefined;
}

/**
 * The file patterns the jux command expands itself ('reports/**\/*.xml', quoted so the shell leaves them):
 * `*`, `?`, `[abc]`/`[!abc]`, `**` as a whole segment, and `{a,b}`. A small matcher of our own because none
 * fits: fs.glob is Node 22+ (we support 20), path.matchesGlob prints an ExperimentalWarning on Node 20, the
 * maintained minimatch 10 is only @actions/glob's private copy (the hoisted one is eslint's 3.x), and
 * @actions/glob itself brings @actions/core, which writes ::debug:: commands to standard output.
 * As in a shell, `*`, `?` and `**` never match a name that starts with a dot.
 */
import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";

const MAGIC = /[*?[{]/;

export function isPattern(operand: string): boolean {
  return MAGIC.test(operand);
}

/** `a{b,c}d{e,f}` as its four patterns; a brace without a comma inside, or unclosed, stays literal. */
export function expandBraces(pattern: string): string[] {
  for (let open = pattern.indexOf("{"); open >= 0; open = pattern.indexOf("{", open + 1)) {
    let depth = 0;
    const commas: number[] = [];
    for (let i = open; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "{") depth++;
      else if (c === "," && depth === 1) commas.push(i);
      else if (c === "}" && --depth === 0) {
        if (commas.length === 0) break;
        const head = pattern.slice(0, open);
        const tail = pattern.slice(i + 1);
        const cuts = [open, ...commas, i];
        return cuts
          .slice(1)
          .flatMap((end, k) => expandBraces(head + pattern.slice(cuts[k]! + 1, end) + tail));
      }
    }
  }
  return [pattern];
}

/** One path segment (no `/`) as a regular expression source. */
function segmentSource(segment: string): string {
  let out = segment.startsWith(".") ? "" : "(?!\\.)";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[" && segment.indexOf("]", i + 2) > 0) {
      const end = segment.indexOf("]", i + 2);
      const body = segment.slice(i + 1, end).replace(/^[!^]/, "^");
      out += `[${body.replace(/\\/g, "\\\\")}]`;
      i = end;
    } else out += c.replace(/[\\^$.+()|{}[\]]/g, "\\$&");
  }
  return out;
}

/** The pattern (relative, `/`-separated, braces expanded) as a regular expression over relative paths. */
export function patternRegExp(pattern: string): RegExp {
  const segments = pattern.split("/").filter((s) => s !== "");
  let source = "";
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === "**") source += last ? "(?:(?!\\.)[^/]+(?:/|$))*" : "(?:(?!\\.)[^/]+/)*";
    else source += segmentSource(segment) + (last ? "" : "/");
  });
  return new RegExp(`^${source}$`);
}

/** The leading segments without a pattern character (where the walk starts) and the rest. */
export function splitPattern(pattern: string): { base: string; rest: string } {
  const segments = pattern.split("/");
  const first = segments.findIndex((s) => isPattern(s));
  const fixed = segments.slice(0, first);
  const base = fixed.join("/") || (pattern.startsWith("/") ? "/" : ".");
  return { base, rest: segments.slice(first).join("/") };
}

export interface Match {
  /** Absolute path. */
  path: string;
  /** Relative to where the walk started (`/`-separated). */
  rel: string;
}

/**
 * The regular files under `root` whose relative path `accept` takes, sorted. Symbolic links to files count;
 * linked directories are not entered (no loops), nor directories starting with a dot unless `dotDirs`, nor
 * `exclude` (where jux writes its output).
 */
export async function walkFiles(
  root: string,
  options: { depth: number; accept: (rel: string) => boolean; exclude?: string; dotDirs?: boolean },
): Promise<Match[]> {
  const found: Match[] = [];
  const visit = async (dir: string, rel: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        const hidden = entry.name.startsWith(".") && !options.dotDirs;
        if (depth > 1 && !hidden && path !== options.exclude) await visit(path, name, depth - 1);
      } else if (options.accept(name) && (entry.isFile() || (await isFileTarget(path)))) {
        found.push({ path, rel: name });
      }
    }
  };
  await visit(root, "", options.depth);
  return found;
}

async function isFileTarget(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/** The files a pattern matches, relative to `cwd` unless absolute; `rel` is relative to its fixed part. */
export async function globFiles(pattern: string, cwd: string, exclude?: string): Promise<Match[]> {
  const fixed = splitPattern(pattern).base;
  const top = isAbsolute(fixed) ? fixed : resolve(cwd, fixed);
  const seen = new Map<string, Match>();
  for (const one of expandBraces(pattern)) {
    const { base, rest } = splitPattern(one);
    const root = isAbsolute(base) ? base : resolve(cwd, base);
    if (!(await stat(root).catch(() => undefined))?.isDirectory()) continue;
    const regex = patternRegExp(rest);
    const segments = rest.split("/").filter((s) => s !== "");
    const matches = await walkFiles(root, {
      depth: segments.includes("**") ? Infinity : segments.length,
      accept: (rel) => regex.test(rel),
      dotDirs: segments.some((s) => s.startsWith(".")),
      ...(exclude ? { exclude } : {}),
    });
    for (const { path } of matches)
      if (!seen.has(path)) seen.set(path, { path, rel: relative(top, path).split(sep).join("/") });
  }
  return [...seen.values()];
}

/**
 * The reports a command line names, the way people type them: positional files, repeated `-i`/`-f`, several
 * files after one `-f`, a directory (its *.xml; `-r` for its subdirectories too), a quoted pattern that jux
 * expands itself, or standard input ("-" or nothing). An operand that yields no report becomes a problem of
 * its own, so the other reports are still processed.
 */
import { mkdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { errorMessage, osReason } from "../core/errors.js";
import { fileChunks, fileChunksAgain } from "../core/report/sources.js";
import { inputOf } from "../core/command/args.js";
import { globFiles, isPattern, splitPattern, walkFiles, type Match } from "./glob.js";
import { FileError, UsageError, type CliIo } from "../core/command/io.js";

/** How a command that takes reports says what it accepts, in its --help (`flag`: -i or -f). */
export function reportsHelp(
  flag: string,
  several = `Several reports (more than one file, a directory or a pattern): --json prints an array of
results, each with its file; one file named as such prints its result alone, as always.`,
): string {
  return `Reports: files (as arguments, or after ${flag}, which may be repeated or followed by several files), a
directory (its *.xml; -r for its subdirectories too), or a quoted pattern jux expands itself
('reports/**/*.xml': *, ?, [ab], {a,b}, ** for any depth; names starting with a dot are left out), or "-"
for standard input. Each file is processed once and gets its own result; a missing or bad one does not stop
the others. ${several}`;
}

/** One report to read: a file, or standard input (no path). */
export interface FileInput {
  /** How messages call it: as typed, or the directory's (pattern's fixed part's) name joined with the match. */
  source: string;
  /** Absolute; absent for standard input. */
  path?: string;
  /** Its path under the directory or pattern that found it (a named file: its own name); the place under -o DIR. */
  rel: string;
  open: () => AsyncIterable<Buffer>;
  /** A file's `open` once more (standard input has none): errors' lines are then counted only when needed. */
  reread?: () => AsyncIterable<Buffer>;
}

/** An operand that yields no report, with a message naming it, the problem and the fix. */
export interface InputProblem {
  source: string;
  problem: string;
}

export type InputItem = FileInput | InputProblem;

export interface Inputs {
  /** One file named as such, or standard input: the command answers exactly as it did for one report. */
  single: boolean;
  items: InputItem[];
}

export function isProblem(item: InputItem): item is InputProblem {
  return "problem" in item;
}

/** The tokens of node:util parseArgs that matter here. */
type Token = { kind: string; name?: string; value?: string | undefined };

/** The file operands in the order typed: the values of `option` (e.g. -i, -f) and the positionals. */
export function operandsOf(tokens: readonly Token[] | undefined, option: string): string[] {
  const operands: string[] = [];
  for (const t of tokens ?? []) {
    if (t.kind === "positional" && t.value !== undefined) operands.push(t.value);
    else if (t.kind === "option" && t.name === option && t.value !== undefined) operands.push(t.value);
  }
  return operands;
}

type Kind = "stdin" | "file" | "directory" | "pattern" | InputProblem;

async function kindOf(operand: string, cwd: string): Promise<Kind> {
  if (operand === "-") return "stdin";
  try {
    return (await stat(resolve(cwd, operand))).isDirectory() ? "directory" : "file";
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" && isPattern(operand)) return "pattern";
    const hint =
      (e as NodeJS.ErrnoException).code === "ENOENT"
        ? `; check the name and the current directory (${cwd})`
        : "";
    return { source: operand, problem: `cannot read ${operand}: ${osReason(e)}${hint}` };
  }
}

export interface ExpandOptions {
  cwd: string;
  /** `-r`: a directory's subdirectories too. */
  recursive: boolean;
  /** A directory never searched (where the command writes its output). */
  exclude?: string;
}

/** The files of a directory or pattern, or the problem that it has none. */
async function found(
  operand: string,
  kind: "directory" | "pattern",
  options: ExpandOptions,
): Promise<InputProblem | { base: string; matches: Match[] }> {
  const { cwd, recursive, exclude } = options;
  let matches: Match[];
  try {
    matches =
      kind === "pattern"
        ? await globFiles(operand, cwd, exclude)
        : await walkFiles(resolve(cwd, operand), {
            depth: recursive ? Infinity : 1,
            accept: (rel) => /\.xml$/i.test(rel) && !basename(rel).startsWith("."),
            ...(exclude ? { exclude } : {}),
          });
  } catch (e) {
    return { source: operand, problem: `cannot read ${operand}: ${osReason(e)}` };
  }
  if (matches.length > 0) return { base: kind === "pattern" ? splitPattern(operand).base : operand, matches };
  const problem =
    kind === "pattern"
      ? `no file matches this pattern (relative to ${cwd}); check the pattern and the current directory`
      : recursive
        ? "no .xml file in this directory or below it"
        : "no .xml file in this directory (add -r to include its subdirectories)";
  return { source: operand, problem: `${operand}: ${problem}` };
}

/** Expands the operands (none: standard input) into the reports to process, in order, each file once. */
export async function expandInputs(operands: string[], io: CliIo, options: ExpandOptions): Promise<Inputs> {
  const given = operands.length > 0 ? operands : ["-"];
  const items: InputItem[] = [];
  const seen = new Set<string>();
  let single = false;
  const add = (source: string, path: string, rel: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    items.push({
      source,
      path,
      rel,
      open: () => fileChunks(path, source),
      reread: () => fileChunksAgain(path, source),
    });
  };
  for (const operand of given) {
    const kind = await kindOf(operand, options.cwd);
    if (given.length === 1) single = kind !== "directory" && kind !== "pattern";
    if (typeof kind === "object") items.push(kind);
    else if (kind === "stdin") {
      if (seen.has("-"))
        items.push({ source: "-", problem: `-: standard input can be read only once; give "-" once` });
      else items.push({ source: "<stdin>", rel: "", open: inputOf("-", io).open });
      seen.add("-");
    } else if (kind === "file") add(operand, resolve(options.cwd, operand), basename(operand));
    else {
      const result = await found(operand, kind, options);
      if ("problem" in result) items.push(result);
      else for (const m of result.matches) add(join(result.base, m.rel), m.path, m.rel);
    }
  }
  return { single, items };
}

/** The one report of a single-report command line; its problem is thrown, as a failure to read it always was. */
export function onlyInput(inputs: Inputs): FileInput {
  const item = inputs.items[0]!;
  if (isProblem(item)) throw new FileError(item.problem);
  return item;
}

/** A failure's message, naming the report when the message does not already. */
export function failureOf(name: string, e: unknown): string {
  const message = errorMessage(e);
  return message.includes(name) ? message : `${name}: ${message}`;
}

/** 0 when every report ended well, 1 when none did, 2 when some did (as jux publish). */
export function batchStatus(good: number, total: number): 0 | 1 | 2 {
  return good === total ? 0 : good === 0 ? 1 : 2;
}

/**
 * The real path of a file that may not exist yet: its nearest existing ancestor's, resolved, and the rest.
 * `dirs` remembers each directory's answer, so that many files in one directory ask the system once for it.
 */
async function realOrResolved(path: string, dirs: Map<string, Promise<string>>): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    if (parent === path) return path;
    let real = dirs.get(parent);
    if (real === undefined) dirs.set(parent, (real = realOrResolved(parent, dirs)));
    return join(await real, basename(path));
  }
}

/** An input and where its output goes: `target` absolute, `targetName` as messages call it. */
export type Placed = FileInput & { target: string; targetName: string };

/**
 * Where each input's signed copy goes under `-o DIR` (its path under the directory or pattern that found it).
 * A copy that would replace an input file, or another input's copy, or standard input (which has no name)
 * is a problem of that input; the others go on. Problems given pass through, in order.
 */
export async function outputsUnder(
  items: InputItem[],
  dir: { typed: string; path: string },
): Promise<(Placed | InputProblem)[]> {
  const dirs = new Map<string, Promise<string>>();
  const paths = items.flatMap((i) => (!isProblem(i) && i.path ? [realOrResolved(i.path, dirs)] : []));
  const real = new Set(await Promise.all(paths));
  const claimed = new Map<string, string>();
  const out: (Placed | InputProblem)[] = [];
  for (const input of items) {
    if (isProblem(input)) {
      out.push(input);
      continue;
    }
    const targetName = join(dir.typed, input.rel);
    const target = resolve(dir.path, input.rel);
    const key = await realOrResolved(target, dirs);
    const problem = !input.path
      ? `standard input ("-") cannot be signed together with other reports (it has no name to write under ${dir.typed}); sign it on its own`
      : real.has(key)
        ? `its signed copy ${targetName} would replace an input file; choose an -o directory outside the reports (nothing is modified in place)`
        : claimed.has(key)
          ? `its signed copy ${targetName} would replace the one of ${claimed.get(key)}; sign them in separate runs, or give their directory so that their relative paths are kept`
          : undefined;
    if (problem) out.push({ source: input.source, problem: `${input.source}: ${problem}` });
    else {
      claimed.set(key, input.source);
      out.push({ ...input, target, targetName });
    }
  }
  return out;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** `-o` for one report: the file named, or its own name inside a directory (existing, or a name ending in "/"). */
export async function outputFor(output: string, input: FileInput, cwd: string): Promise<string> {
  if (!output.endsWith("/") && !(await isDirectory(resolve(cwd, output)))) return output;
  if (!input.path)
    throw new UsageError(
      `jux sign: ${output} is a directory and standard input has no name to write there; give -o FILE`,
    );
  await mkdir(resolve(cwd, output), { recursive: true });
  return join(output, basename(input.path));
}

/** `-o` for several reports: a directory (created when missing), never standard output or a file. */
export async function outputDirectory(
  output: string | undefined,
  cwd: string,
): Promise<{ typed: string; path: string }> {
  if (output === undefined || output === "-")
    throw new UsageError(
      "jux sign: several reports need -o DIR: their signed copies are written there, at their paths under the directory or pattern given (see jux sign --help)",
    );
  const path = resolve(cwd, output);
  if ((await stat(path).catch(() => undefined)) && !(await isDirectory(path)))
    throw new UsageError(
      `jux sign: -o ${output} is a file, but several reports need a directory: give -o DIR (created when missing)`,
    );
  return { typed: output, path };
}

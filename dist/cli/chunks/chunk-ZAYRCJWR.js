import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  FileError,
  UsageError,
  inputOf
} from "./chunk-FDG5WOXJ.js";
import {
  errorMessage,
  fileChunks,
  fileChunksAgain,
  osReason,
  require_promises
} from "./chunk-KE6R4GHG.js";
import {
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

// src/cli/file-args.ts
var import_promises2 = __toESM(require_promises(), 1);
var import_node_path2 = __toESM(require_path(), 1);

// src/cli/glob.ts
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_path(), 1);
var MAGIC = /[*?[{]/;
function isPattern(operand) {
  return MAGIC.test(operand);
}
function expandBraces(pattern) {
  for (let open = pattern.indexOf("{"); open >= 0; open = pattern.indexOf("{", open + 1)) {
    let depth = 0;
    const commas = [];
    for (let i = open; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "{") depth++;
      else if (c === "," && depth === 1) commas.push(i);
      else if (c === "}" && --depth === 0) {
        if (commas.length === 0) break;
        const head = pattern.slice(0, open);
        const tail = pattern.slice(i + 1);
        const cuts = [open, ...commas, i];
        return cuts.slice(1).flatMap((end, k) => expandBraces(head + pattern.slice(cuts[k] + 1, end) + tail));
      }
    }
  }
  return [pattern];
}
function segmentSource(segment) {
  let out = segment.startsWith(".") ? "" : "(?!\\.)";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
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
function patternRegExp(pattern) {
  const segments = pattern.split("/").filter((s) => s !== "");
  let source = "";
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === "**") source += last ? "(?:(?!\\.)[^/]+(?:/|$))*" : "(?:(?!\\.)[^/]+/)*";
    else source += segmentSource(segment) + (last ? "" : "/");
  });
  return new RegExp(`^${source}$`);
}
function splitPattern(pattern) {
  const segments = pattern.split("/");
  const first = segments.findIndex((s) => isPattern(s));
  const fixed = segments.slice(0, first);
  const base = fixed.join("/") || (pattern.startsWith("/") ? "/" : ".");
  return { base, rest: segments.slice(first).join("/") };
}
async function walkFiles(root, options) {
  const found2 = [];
  const visit = async (dir, rel, depth) => {
    const entries = await (0, import_promises.readdir)(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) {
      const path = (0, import_node_path.join)(dir, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        const hidden = entry.name.startsWith(".") && !options.dotDirs;
        if (depth > 1 && !hidden && path !== options.exclude) await visit(path, name, depth - 1);
      } else if (options.accept(name) && (entry.isFile() || await isFileTarget(path))) {
        found2.push({ path, rel: name });
      }
    }
  };
  await visit(root, "", options.depth);
  return found2;
}
async function isFileTarget(path) {
  return (await (0, import_promises.stat)(path).catch(() => void 0))?.isFile() ?? false;
}
async function globFiles(pattern, cwd, exclude) {
  const fixed = splitPattern(pattern).base;
  const top = (0, import_node_path.isAbsolute)(fixed) ? fixed : (0, import_node_path.resolve)(cwd, fixed);
  const seen = /* @__PURE__ */ new Map();
  for (const one of expandBraces(pattern)) {
    const { base, rest } = splitPattern(one);
    const root = (0, import_node_path.isAbsolute)(base) ? base : (0, import_node_path.resolve)(cwd, base);
    if (!(await (0, import_promises.stat)(root).catch(() => void 0))?.isDirectory()) continue;
    const regex = patternRegExp(rest);
    const segments = rest.split("/").filter((s) => s !== "");
    const matches = await walkFiles(root, {
      depth: segments.includes("**") ? Infinity : segments.length,
      accept: (rel) => regex.test(rel),
      dotDirs: segments.some((s) => s.startsWith(".")),
      ...exclude ? { exclude } : {}
    });
    for (const { path } of matches)
      if (!seen.has(path)) seen.set(path, { path, rel: (0, import_node_path.relative)(top, path).split(import_node_path.sep).join("/") });
  }
  return [...seen.values()];
}

// src/cli/file-args.ts
function reportsHelp(flag, several = `Several reports (more than one file, a directory or a pattern): --json prints an array of
results, each with its file; one file named as such prints its result alone, as always.`) {
  return `Reports: files (as arguments, or after ${flag}, which may be repeated or followed by several files), a
directory (its *.xml; -r for its subdirectories too), or a quoted pattern jux expands itself
('reports/**/*.xml': *, ?, [ab], {a,b}, ** for any depth; names starting with a dot are left out), or "-"
for standard input. Each file is processed once and gets its own result; a missing or bad one does not stop
the others. ${several}`;
}
function isProblem(item) {
  return "problem" in item;
}
function operandsOf(tokens, option) {
  const operands = [];
  for (const t of tokens ?? []) {
    if (t.kind === "positional" && t.value !== void 0) operands.push(t.value);
    else if (t.kind === "option" && t.name === option && t.value !== void 0) operands.push(t.value);
  }
  return operands;
}
async function kindOf(operand, cwd) {
  if (operand === "-") return "stdin";
  try {
    return (await (0, import_promises2.stat)((0, import_node_path2.resolve)(cwd, operand))).isDirectory() ? "directory" : "file";
  } catch (e) {
    if (e.code === "ENOENT" && isPattern(operand)) return "pattern";
    const hint = e.code === "ENOENT" ? `; check the name and the current directory (${cwd})` : "";
    return { source: operand, problem: `cannot read ${operand}: ${osReason(e)}${hint}` };
  }
}
async function found(operand, kind, options) {
  const { cwd, recursive, exclude } = options;
  let matches;
  try {
    matches = kind === "pattern" ? await globFiles(operand, cwd, exclude) : await walkFiles((0, import_node_path2.resolve)(cwd, operand), {
      depth: recursive ? Infinity : 1,
      accept: (rel) => /\.xml$/i.test(rel) && !(0, import_node_path2.basename)(rel).startsWith("."),
      ...exclude ? { exclude } : {}
    });
  } catch (e) {
    return { source: operand, problem: `cannot read ${operand}: ${osReason(e)}` };
  }
  if (matches.length > 0) return { base: kind === "pattern" ? splitPattern(operand).base : operand, matches };
  const problem = kind === "pattern" ? `no file matches this pattern (relative to ${cwd}); check the pattern and the current directory` : recursive ? "no .xml file in this directory or below it" : "no .xml file in this directory (add -r to include its subdirectories)";
  return { source: operand, problem: `${operand}: ${problem}` };
}
async function expandInputs(operands, io, options) {
  const given = operands.length > 0 ? operands : ["-"];
  const items = [];
  const seen = /* @__PURE__ */ new Set();
  let single = false;
  const add = (source, path, rel) => {
    if (seen.has(path)) return;
    seen.add(path);
    items.push({
      source,
      path,
      rel,
      open: () => fileChunks(path, source),
      reread: () => fileChunksAgain(path, source)
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
    } else if (kind === "file") add(operand, (0, import_node_path2.resolve)(options.cwd, operand), (0, import_node_path2.basename)(operand));
    else {
      const result = await found(operand, kind, options);
      if ("problem" in result) items.push(result);
      else for (const m of result.matches) add((0, import_node_path2.join)(result.base, m.rel), m.path, m.rel);
    }
  }
  return { single, items };
}
function onlyInput(inputs) {
  const item = inputs.items[0];
  if (isProblem(item)) throw new FileError(item.problem);
  return item;
}
function failureOf(name, e) {
  const message = errorMessage(e);
  return message.includes(name) ? message : `${name}: ${message}`;
}
function batchStatus(good, total) {
  return good === total ? 0 : good === 0 ? 1 : 2;
}
async function realOrResolved(path, dirs) {
  try {
    return await (0, import_promises2.realpath)(path);
  } catch {
    const parent = (0, import_node_path2.dirname)(path);
    if (parent === path) return path;
    let real = dirs.get(parent);
    if (real === void 0) dirs.set(parent, real = realOrResolved(parent, dirs));
    return (0, import_node_path2.join)(await real, (0, import_node_path2.basename)(path));
  }
}
async function outputsUnder(items, dir) {
  const dirs = /* @__PURE__ */ new Map();
  const paths = items.flatMap((i) => !isProblem(i) && i.path ? [realOrResolved(i.path, dirs)] : []);
  const real = new Set(await Promise.all(paths));
  const claimed = /* @__PURE__ */ new Map();
  const out = [];
  for (const input of items) {
    if (isProblem(input)) {
      out.push(input);
      continue;
    }
    const targetName = (0, import_node_path2.join)(dir.typed, input.rel);
    const target = (0, import_node_path2.resolve)(dir.path, input.rel);
    const key = await realOrResolved(target, dirs);
    const problem = !input.path ? `standard input ("-") cannot be signed together with other reports (it has no name to write under ${dir.typed}); sign it on its own` : real.has(key) ? `its signed copy ${targetName} would replace an input file; choose an -o directory outside the reports (nothing is modified in place)` : claimed.has(key) ? `its signed copy ${targetName} would replace the one of ${claimed.get(key)}; sign them in separate runs, or give their directory so that their relative paths are kept` : void 0;
    if (problem) out.push({ source: input.source, problem: `${input.source}: ${problem}` });
    else {
      claimed.set(key, input.source);
      out.push({ ...input, target, targetName });
    }
  }
  return out;
}
async function isDirectory(path) {
  return (await (0, import_promises2.stat)(path).catch(() => void 0))?.isDirectory() ?? false;
}
async function outputFor(output, input, cwd) {
  if (!output.endsWith("/") && !await isDirectory((0, import_node_path2.resolve)(cwd, output))) return output;
  if (!input.path)
    throw new UsageError(
      `jux sign: ${output} is a directory and standard input has no name to write there; give -o FILE`
    );
  await (0, import_promises2.mkdir)((0, import_node_path2.resolve)(cwd, output), { recursive: true });
  return (0, import_node_path2.join)(output, (0, import_node_path2.basename)(input.path));
}
async function outputDirectory(output, cwd) {
  if (output === void 0 || output === "-")
    throw new UsageError(
      "jux sign: several reports need -o DIR: their signed copies are written there, at their paths under the directory or pattern given (see jux sign --help)"
    );
  const path = (0, import_node_path2.resolve)(cwd, output);
  if (await (0, import_promises2.stat)(path).catch(() => void 0) && !await isDirectory(path))
    throw new UsageError(
      `jux sign: -o ${output} is a file, but several reports need a directory: give -o DIR (created when missing)`
    );
  return { typed: output, path };
}

export {
  reportsHelp,
  isProblem,
  operandsOf,
  expandInputs,
  onlyInput,
  failureOf,
  batchStatus,
  outputsUnder,
  outputFor,
  outputDirectory
};

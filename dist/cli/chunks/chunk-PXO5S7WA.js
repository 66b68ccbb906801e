import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  fileChunks,
  loadTrustedKeys,
  osReason,
  require_promises
} from "./chunk-7X4LGUA4.js";
import {
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-3XIP2PPI.js";

// require-builtin:util
var require_util = __commonJS({
  "require-builtin:util"(exports, module) {
    module.exports = __require("node:util");
  }
});

// src/core/config/size.ts
var UNITS = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3
};
function parseSize(text, source) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2].toLowerCase()] : void 0;
  if (!m || unit === void 0) {
    throw new Error(
      `${source}: "${text}" is not a size (use bytes, or a number with KB, MB, GB, KiB, MiB or GiB)`
    );
  }
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1) throw new Error(`${source}: the size must be at least one byte`);
  return bytes;
}

// src/core/command/io.ts
var UsageError = class extends Error {
  name = "UsageError";
};
var FileError = class extends Error {
  name = "FileError";
};
var EXIT = {
  /** Everything asked was done (also when there was nothing to do). */
  ok: 0,
  /** The command ran and failed: bad or missing input, invalid signature, configuration, store, server. */
  failure: 1,
  /** A usage error; for publish and cache push also a partial success (as pytest-jux's jux-publish). */
  usage: 2
};
function writeLine(stream, line) {
  stream.write(line + "\n");
}

// src/core/command/args.ts
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_path(), 1);
var import_node_util = __toESM(require_util(), 1);
function parse(argv, options, command, positionals = false) {
  try {
    return (0, import_node_util.parseArgs)({ args: argv, options, allowPositionals: positionals, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(
      `jux ${command}: ${e.message.replace(/\. To specify a positional.*$/s, "")} (see jux ${command} --help)`
    );
  }
}
function inputOf(path, io) {
  if (path === void 0 || path === "-") {
    let opened = false;
    return {
      source: "<stdin>",
      open: () => {
        if (opened) throw new Error("standard input can only be read once");
        opened = true;
        return io.stdin;
      }
    };
  }
  const full = (0, import_node_path.resolve)(io.cwd, path);
  return { source: path, open: () => fileChunks(full, path) };
}
async function readText(path, io, what) {
  try {
    return await (0, import_promises.readFile)((0, import_node_path.resolve)(io.cwd, path));
  } catch (e) {
    throw new FileError(`cannot read the ${what} ${path}: ${osReason(e)}`);
  }
}
function limitsOf(maxSize, command) {
  if (maxSize === void 0) return {};
  try {
    return { maxBytes: parseSize(maxSize, `jux ${command} --max-size`) };
  } catch (e) {
    throw new UsageError(e.message);
  }
}
async function trustedKeysFrom(paths, io) {
  const keys = [];
  for (const path of paths)
    keys.push(...loadTrustedKeys({ pem: await readText(path, io, "certificate"), source: path }));
  return keys;
}
function json(value) {
  return JSON.stringify(value, null, 2);
}

export {
  require_util,
  parseSize,
  UsageError,
  FileError,
  EXIT,
  writeLine,
  parse,
  inputOf,
  readText,
  limitsOf,
  trustedKeysFrom,
  json
};

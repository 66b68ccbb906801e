#!/usr/bin/env node
import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  require_fs,
  require_path
} from "./chunks/chunk-QDVVVQI6.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunks/chunk-3XIP2PPI.js";

// require-builtin:module
var require_module = __commonJS({
  "require-builtin:module"(exports, module2) {
    module2.exports = __require("node:module");
  }
});

// src/core/compile-cache.ts
var import_node_fs = __toESM(require_fs(), 1);
var import_node_module = __toESM(require_module(), 1);
var import_node_path = __toESM(require_path(), 1);
var COMPILE_CACHE_DIR = "jux-compile-cache";
function enableCompileCache(env) {
  try {
    if (!env.RUNNER_TEMP || !import_node_module.default.enableCompileCache) return;
    const dir = (0, import_node_path.join)(env.RUNNER_TEMP, COMPILE_CACHE_DIR);
    (0, import_node_fs.mkdirSync)(dir, { recursive: true, mode: 448 });
    if (privateDirectory(dir)) import_node_module.default.enableCompileCache(dir);
  } catch {
  }
}
function privateDirectory(dir) {
  const info = (0, import_node_fs.lstatSync)(dir);
  const uid = typeof process.getuid === "function" ? process.getuid() : void 0;
  return info.isDirectory() && (uid === void 0 || info.uid === uid) && (info.mode & 18) === 0;
}

// src/cli/index.ts
enableCompileCache(process.env);
var [{ main }, { runAsProcess }] = await Promise.all([import("./chunks/main-VZCV6TQ5.js"), import("./chunks/process-FYFU6OO4.js")]);
var serve = async (argv, io) => (await import("./chunks/command-PS4PKW6W.js")).serve(argv, io);
runAsProcess((program, argv, io) => main(program, argv, io, { serve }));

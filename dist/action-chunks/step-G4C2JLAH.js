import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  require_module
} from "./chunk-KFTJB277.js";
import {
  errorMessage
} from "./chunk-R6WRUTCP.js";
import {
  setFailed
} from "./chunk-US7DMSZK.js";
import {
  __toESM
} from "./chunk-PGWA7IZW.js";

// src/action/step.ts
var import_node_module = __toESM(require_module(), 1);
async function runStep(body) {
  try {
    await body();
  } catch (e) {
    setFailed(`jux: ${errorMessage(e)}`);
  }
  await end();
}
async function end() {
  await Promise.all(
    [process.stdout, process.stderr].map((s) => new Promise((flushed) => s.write("", () => flushed())))
  );
  try {
    import_node_module.default.flushCompileCache?.();
  } catch {
  }
  process.exit();
}
export {
  runStep
};

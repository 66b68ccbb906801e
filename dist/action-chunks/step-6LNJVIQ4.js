import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  errorMessage
} from "./chunk-R6WRUTCP.js";
import {
  setFailed
} from "./chunk-US7DMSZK.js";
import "./chunk-PGWA7IZW.js";

// src/action/step.ts
async function runStep(body) {
  try {
    await body();
  } catch (e) {
    setFailed(`jux: ${errorMessage(e)}`);
  }
}
export {
  runStep
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);

// src/core/version.ts
var VERSION = "0.1.0";
var TOOL_NAME = "jux-action";

export {
  VERSION,
  TOOL_NAME
};

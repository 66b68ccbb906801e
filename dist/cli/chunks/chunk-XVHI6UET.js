import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-3XIP2PPI.js";

// require-builtin:stream
var require_stream = __commonJS({
  "require-builtin:stream"(exports, module) {
    module.exports = __require("node:stream");
  }
});

export {
  require_stream
};

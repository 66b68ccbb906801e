import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-3XIP2PPI.js";

// require-builtin:http
var require_http = __commonJS({
  "require-builtin:http"(exports, module) {
    module.exports = __require("node:http");
  }
});

export {
  require_http
};

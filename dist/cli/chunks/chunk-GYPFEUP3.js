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

// require-builtin:https
var require_https = __commonJS({
  "require-builtin:https"(exports, module) {
    module.exports = __require("node:https");
  }
});

export {
  require_http,
  require_https
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-3XIP2PPI.js";

// require-builtin:fs
var require_fs = __commonJS({
  "require-builtin:fs"(exports, module) {
    module.exports = __require("node:fs");
  }
});

// require-builtin:path
var require_path = __commonJS({
  "require-builtin:path"(exports, module) {
    module.exports = __require("node:path");
  }
});

export {
  require_fs,
  require_path
};

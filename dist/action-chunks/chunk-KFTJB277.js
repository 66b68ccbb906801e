import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-PGWA7IZW.js";

// require-builtin:module
var require_module = __commonJS({
  "require-builtin:module"(exports, module) {
    module.exports = __require("node:module");
  }
});

export {
  require_module
};

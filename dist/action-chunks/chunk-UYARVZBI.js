import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-PGWA7IZW.js";

// require-builtin:util
var require_util = __commonJS({
  "require-builtin:util"(exports, module) {
    module.exports = __require("node:util");
  }
});

export {
  require_util
};

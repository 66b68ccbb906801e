import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-PGWA7IZW.js";

// require-builtin:zlib
var require_zlib = __commonJS({
  "require-builtin:zlib"(exports, module) {
    module.exports = __require("node:zlib");
  }
});

export {
  require_zlib
};

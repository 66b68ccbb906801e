import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-3XIP2PPI.js";

// require-builtin:events
var require_events = __commonJS({
  "require-builtin:events"(exports, module) {
    module.exports = __require("node:events");
  }
});

export {
  require_events
};

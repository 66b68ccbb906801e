import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-PGWA7IZW.js";

// require-builtin:fs/promises
var require_promises = __commonJS({
  "require-builtin:fs/promises"(exports, module) {
    module.exports = __require("node:fs/promises");
  }
});

// require-builtin:stream
var require_stream = __commonJS({
  "require-builtin:stream"(exports, module) {
    module.exports = __require("node:stream");
  }
});

// require-builtin:buffer
var require_buffer = __commonJS({
  "require-builtin:buffer"(exports, module) {
    module.exports = __require("node:buffer");
  }
});

// require-builtin:zlib
var require_zlib = __commonJS({
  "require-builtin:zlib"(exports, module) {
    module.exports = __require("node:zlib");
  }
});

export {
  require_promises,
  require_buffer,
  require_stream,
  require_zlib
};

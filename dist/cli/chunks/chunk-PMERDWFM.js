import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-3XIP2PPI.js";

// require-builtin:zlib
var require_zlib = __commonJS({
  "require-builtin:zlib"(exports, module) {
    module.exports = __require("node:zlib");
  }
});

// src/core/fs/compression.ts
var nodeZlib = __toESM(require_zlib(), 1);
var SMALL_REPORT_BYTES = 1024;
var ZSTD_LEVEL = 3;
var GZIP_LEVEL = 6;
function hasZstd(zlib = nodeZlib) {
  return typeof zlib.zstdCompressSync === "function" && typeof zlib.createZstdDecompress === "function";
}
function asBuffer(bytes) {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
function zstdContentSize(bytes) {
  const b = asBuffer(bytes);
  if (b.length < 6 || b.readUInt32LE(0) !== 4247762216) return void 0;
  const descriptor = b[4];
  if (descriptor & 8) return void 0;
  const singleSegment = descriptor >> 5 & 1;
  const sizeBytes = [singleSegment, 2, 4, 8][descriptor >> 6];
  const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3];
  if (sizeBytes === 0 || b.length < at + sizeBytes) return void 0;
  if (sizeBytes === 1) return b[at];
  if (sizeBytes === 2) return b.readUInt16LE(at) + 256;
  if (sizeBytes === 4) return b.readUInt32LE(at);
  return Number(b.readBigUInt64LE(at));
}

export {
  require_zlib,
  SMALL_REPORT_BYTES,
  ZSTD_LEVEL,
  GZIP_LEVEL,
  hasZstd,
  zstdContentSize
};

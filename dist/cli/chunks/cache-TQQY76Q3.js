import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  readLines
} from "./chunk-ATXMQCWA.js";
import {
  drained
} from "./chunk-TMETXZNP.js";
import {
  FormatError,
  ON_CONFLICT,
  asTrailer,
  headerLine,
  lineMismatch,
  parseHeader,
  parseLine,
  parseRunLine,
  runIdOf,
  runLineText,
  statedFacts,
  tagsOf,
  trailerLine
} from "./chunk-G2OU2ADV.js";
import {
  progressOn
} from "./chunk-TNA5AUR4.js";
import {
  verifyReport
} from "./chunk-HJ3MFTAP.js";
import "./chunk-V22Y7DFQ.js";
import {
  AREAS,
  COMMON,
  STORE_NOTE,
  checkedReport,
  choice,
  exactPositionals,
  loadReportBytes,
  openStore,
  printHelp
} from "./chunk-YQV3QM3E.js";
import {
  bytes,
  countsText,
  duration,
  when,
  withStatus
} from "./chunk-OXD67FX5.js";
import {
  compareReports,
  readTests
} from "./chunk-BXH4WGHD.js";
import {
  LISTED,
  aligned,
  countsLine,
  differencesText,
  printable
} from "./chunk-V76BHTCH.js";
import "./chunk-IH4754G3.js";
import "./chunk-EWRMEQBN.js";
import {
  readReport
} from "./chunk-NKD7BIX5.js";
import {
  RUN_STATUSES,
  runStatus
} from "./chunk-J5DVWMKE.js";
import {
  COMPRESSIONS,
  StoreError,
  noZstd
} from "./chunk-2JDYEZ2Q.js";
import {
  EXIT,
  FileError,
  UsageError,
  json,
  limitsOf,
  parse,
  trustedKeysFrom,
  writeLine,
  writeStreamAtomic
} from "./chunk-FDG5WOXJ.js";
import {
  DEFAULT_LIMITS,
  bytesOnce,
  errnoCode,
  errorMessage,
  fileChunks,
  hasZstd,
  osReason,
  require_promises
} from "./chunk-KE6R4GHG.js";
import {
  require_fs,
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-3XIP2PPI.js";

// node_modules/events-universal/default.js
var require_default = __commonJS({
  "node_modules/events-universal/default.js"(exports, module) {
    module.exports = __require("events");
  }
});

// node_modules/fast-fifo/fixed-size.js
var require_fixed_size = __commonJS({
  "node_modules/fast-fifo/fixed-size.js"(exports, module) {
    module.exports = class FixedFIFO {
      constructor(hwm) {
        if (!(hwm > 0) || (hwm - 1 & hwm) !== 0) throw new Error("Max size for a FixedFIFO should be a power of two");
        this.buffer = new Array(hwm);
        this.mask = hwm - 1;
        this.top = 0;
        this.btm = 0;
        this.next = null;
      }
      clear() {
        this.top = this.btm = 0;
        this.next = null;
        this.buffer.fill(void 0);
      }
      push(data) {
        if (this.buffer[this.top] !== void 0) return false;
        this.buffer[this.top] = data;
        this.top = this.top + 1 & this.mask;
        return true;
      }
      shift() {
        const last = this.buffer[this.btm];
        if (last === void 0) return void 0;
        this.buffer[this.btm] = void 0;
        this.btm = this.btm + 1 & this.mask;
        return last;
      }
      peek() {
        return this.buffer[this.btm];
      }
      isEmpty() {
        return this.buffer[this.btm] === void 0;
      }
    };
  }
});

// node_modules/fast-fifo/index.js
var require_fast_fifo = __commonJS({
  "node_modules/fast-fifo/index.js"(exports, module) {
    var FixedFIFO = require_fixed_size();
    module.exports = class FastFIFO {
      constructor(hwm) {
        this.hwm = hwm || 16;
        this.head = new FixedFIFO(this.hwm);
        this.tail = this.head;
        this.length = 0;
      }
      clear() {
        this.head = this.tail;
        this.head.clear();
        this.length = 0;
      }
      push(val) {
        this.length++;
        if (!this.head.push(val)) {
          const prev = this.head;
          this.head = prev.next = new FixedFIFO(2 * this.head.buffer.length);
          this.head.push(val);
        }
      }
      shift() {
        if (this.length !== 0) this.length--;
        const val = this.tail.shift();
        if (val === void 0 && this.tail.next) {
          const next = this.tail.next;
          this.tail.next = null;
          this.tail = next;
          return this.tail.shift();
        }
        return val;
      }
      peek() {
        const val = this.tail.peek();
        if (val === void 0 && this.tail.next) return this.tail.next.peek();
        return val;
      }
      isEmpty() {
        return this.length === 0;
      }
    };
  }
});

// node_modules/b4a/index.js
var require_b4a = __commonJS({
  "node_modules/b4a/index.js"(exports, module) {
    function isBuffer(value) {
      return Buffer.isBuffer(value) || value instanceof Uint8Array;
    }
    function isEncoding(encoding) {
      return Buffer.isEncoding(encoding);
    }
    function alloc(size, fill2, encoding) {
      return Buffer.alloc(size, fill2, encoding);
    }
    function allocUnsafe(size) {
      return Buffer.allocUnsafe(size);
    }
    function allocUnsafeSlow(size) {
      return Buffer.allocUnsafeSlow(size);
    }
    function byteLength(string, encoding) {
      return Buffer.byteLength(string, encoding);
    }
    function compare2(a, b) {
      return Buffer.compare(a, b);
    }
    function concat(buffers, totalLength) {
      return Buffer.concat(buffers, totalLength);
    }
    function copy(source, target, targetStart, start, end) {
      return toBuffer(source).copy(target, targetStart, start, end);
    }
    function equals(a, b) {
      return toBuffer(a).equals(b);
    }
    function fill(buffer, value, offset, end, encoding) {
      return toBuffer(buffer).fill(value, offset, end, encoding);
    }
    function from(value, encodingOrOffset, length) {
      return Buffer.from(value, encodingOrOffset, length);
    }
    function includes(buffer, value, byteOffset, encoding) {
      return toBuffer(buffer).includes(value, byteOffset, encoding);
    }
    function indexOf(buffer, value, byfeOffset, encoding) {
      return toBuffer(buffer).indexOf(value, byfeOffset, encoding);
    }
    function lastIndexOf(buffer, value, byteOffset, encoding) {
      return toBuffer(buffer).lastIndexOf(value, byteOffset, encoding);
    }
    function swap16(buffer) {
      return toBuffer(buffer).swap16();
    }
    function swap32(buffer) {
      return toBuffer(buffer).swap32();
    }
    function swap64(buffer) {
      return toBuffer(buffer).swap64();
    }
    function toBuffer(buffer) {
      if (Buffer.isBuffer(buffer)) return buffer;
      return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }
    function toString(buffer, encoding, start, end) {
      return toBuffer(buffer).toString(encoding, start, end);
    }
    function toHex(buffer, start, end) {
      return toBuffer(buffer).toString("hex", start, end);
    }
    function write2(buffer, string, offset, length, encoding) {
      return toBuffer(buffer).write(string, offset, length, encoding);
    }
    function readDoubleBE(buffer, offset) {
      return toBuffer(buffer).readDoubleBE(offset);
    }
    function readDoubleLE(buffer, offset) {
      return toBuffer(buffer).readDoubleLE(offset);
    }
    function readFloatBE(buffer, offset) {
      return toBuffer(buffer).readFloatBE(offset);
    }
    function readFloatLE(buffer, offset) {
      return toBuffer(buffer).readFloatLE(offset);
    }
    function readInt32BE(buffer, offset) {
      return toBuffer(buffer).readInt32BE(offset);
    }
    function readInt32LE(buffer, offset) {
      return toBuffer(buffer).readInt32LE(offset);
    }
    function readUInt32BE(buffer, offset) {
      return toBuffer(buffer).readUInt32BE(offset);
    }
    function readUInt32LE(buffer, offset) {
      return toBuffer(buffer).readUInt32LE(offset);
    }
    function writeDoubleBE(buffer, value, offset) {
      return toBuffer(buffer).writeDoubleBE(value, offset);
    }
    function writeDoubleLE(buffer, value, offset) {
      return toBuffer(buffer).writeDoubleLE(value, offset);
    }
    function writeFloatBE(buffer, value, offset) {
      return toBuffer(buffer).writeFloatBE(value, offset);
    }
    function writeFloatLE(buffer, value, offset) {
      return toBuffer(buffer).writeFloatLE(value, offset);
    }
    function writeInt32BE(buffer, value, offset) {
      return toBuffer(buffer).writeInt32BE(value, offset);
    }
    function writeInt32LE(buffer, value, offset) {
      return toBuffer(buffer).writeInt32LE(value, offset);
    }
    function writeUInt32BE(buffer, value, offset) {
      return toBuffer(buffer).writeUInt32BE(value, offset);
    }
    function writeUInt32LE(buffer, value, offset) {
      return toBuffer(buffer).writeUInt32LE(value, offset);
    }
    module.exports = {
      isBuffer,
      isEncoding,
      alloc,
      allocUnsafe,
      allocUnsafeSlow,
      byteLength,
      compare: compare2,
      concat,
      copy,
      equals,
      fill,
      from,
      includes,
      indexOf,
      lastIndexOf,
      swap16,
      swap32,
      swap64,
      toBuffer,
      toString,
      toHex,
      write: write2,
      readDoubleBE,
      readDoubleLE,
      readFloatBE,
      readFloatLE,
      readInt32BE,
      readInt32LE,
      readUInt32BE,
      readUInt32LE,
      writeDoubleBE,
      writeDoubleLE,
      writeFloatBE,
      writeFloatLE,
      writeInt32BE,
      writeInt32LE,
      writeUInt32BE,
      writeUInt32LE
    };
  }
});

// node_modules/text-decoder/lib/pass-through-decoder.js
var require_pass_through_decoder = __commonJS({
  "node_modules/text-decoder/lib/pass-through-decoder.js"(exports, module) {
    var b4a = require_b4a();
    module.exports = class PassThroughDecoder {
      constructor(encoding) {
        this.encoding = encoding;
      }
      get remaining() {
        return 0;
      }
      decode(data) {
        return b4a.toString(data, this.encoding);
      }
      flush() {
        return "";
      }
    };
  }
});

// node_modules/text-decoder/lib/utf8-decoder.js
var require_utf8_decoder = __commonJS({
  "node_modules/text-decoder/lib/utf8-decoder.js"(exports, module) {
    var b4a = require_b4a();
    module.exports = class UTF8Decoder {
      constructor() {
        this._reset();
      }
      get remaining() {
        return this.bytesSeen;
      }
      decode(data) {
        if (data.byteLength === 0) return "";
        if (this.bytesNeeded === 0 && trailingIncomplete(data, 0) === 0) {
          this.bytesSeen = trailingBytesSeen(data);
          return b4a.toString(data, "utf8");
        }
        let result = "";
        let start = 0;
        if (this.bytesNeeded > 0) {
          while (start < data.byteLength) {
            const byte = data[start];
            if (byte < this.lowerBoundary || byte > this.upperBoundary) {
              result += "\uFFFD";
              this._reset();
              break;
            }
            this.lowerBoundary = 128;
            this.upperBoundary = 191;
            this.codePoint = this.codePoint << 6 | byte & 63;
            this.bytesSeen++;
            start++;
            if (this.bytesSeen === this.bytesNeeded) {
              result += String.fromCodePoint(this.codePoint);
              this._reset();
              break;
            }
          }
          if (this.bytesNeeded > 0) return result;
        }
        const trailing = trailingIncomplete(data, start);
        const end = data.byteLength - trailing;
        if (end > start) result += b4a.toString(data, "utf8", start, end);
        for (let i = end; i < data.byteLength; i++) {
          const byte = data[i];
          if (this.bytesNeeded === 0) {
            if (byte <= 127) {
              this.bytesSeen = 0;
              result += String.fromCharCode(byte);
            } else if (byte >= 194 && byte <= 223) {
              this.bytesNeeded = 2;
              this.bytesSeen = 1;
              this.codePoint = byte & 31;
            } else if (byte >= 224 && byte <= 239) {
              if (byte === 224) this.lowerBoundary = 160;
              else if (byte === 237) this.upperBoundary = 159;
              this.bytesNeeded = 3;
              this.bytesSeen = 1;
              this.codePoint = byte & 15;
            } else if (byte >= 240 && byte <= 244) {
              if (byte === 240) this.lowerBoundary = 144;
              else if (byte === 244) this.upperBoundary = 143;
              this.bytesNeeded = 4;
              this.bytesSeen = 1;
              this.codePoint = byte & 7;
            } else {
              this.bytesSeen = 1;
              result += "\uFFFD";
            }
            continue;
          }
          if (byte < this.lowerBoundary || byte > this.upperBoundary) {
            result += "\uFFFD";
            i--;
            this._reset();
            continue;
          }
          this.lowerBoundary = 128;
          this.upperBoundary = 191;
          this.codePoint = this.codePoint << 6 | byte & 63;
          this.bytesSeen++;
          if (this.bytesSeen === this.bytesNeeded) {
            result += String.fromCodePoint(this.codePoint);
            this._reset();
          }
        }
        return result;
      }
      flush() {
        const result = this.bytesNeeded > 0 ? "\uFFFD" : "";
        this._reset();
        return result;
      }
      _reset() {
        this.codePoint = 0;
        this.bytesNeeded = 0;
        this.bytesSeen = 0;
        this.lowerBoundary = 128;
        this.upperBoundary = 191;
      }
    };
    function trailingIncomplete(data, start) {
      const len = data.byteLength;
      if (len <= start) return 0;
      const limit = Math.max(start, len - 4);
      let i = len - 1;
      while (i > limit && (data[i] & 192) === 128) i--;
      if (i < start) return 0;
      const byte = data[i];
      let needed;
      if (byte <= 127) return 0;
      if (byte >= 194 && byte <= 223) needed = 2;
      else if (byte >= 224 && byte <= 239) needed = 3;
      else if (byte >= 240 && byte <= 244) needed = 4;
      else return 0;
      const available = len - i;
      return available < needed ? available : 0;
    }
    function trailingBytesSeen(data) {
      const len = data.byteLength;
      if (len === 0) return 0;
      const last = data[len - 1];
      if (last <= 127) return 0;
      if ((last & 192) !== 128) return 1;
      const limit = Math.max(0, len - 4);
      let i = len - 2;
      while (i >= limit && (data[i] & 192) === 128) i--;
      if (i < 0) return 1;
      const first = data[i];
      let needed;
      if (first >= 194 && first <= 223) needed = 2;
      else if (first >= 224 && first <= 239) needed = 3;
      else if (first >= 240 && first <= 244) needed = 4;
      else return 1;
      if (len - i !== needed) return 1;
      if (needed >= 3) {
        const second = data[i + 1];
        if (first === 224 && second < 160) return 1;
        if (first === 237 && second > 159) return 1;
        if (first === 240 && second < 144) return 1;
        if (first === 244 && second > 143) return 1;
      }
      return 0;
    }
  }
});

// node_modules/text-decoder/index.js
var require_text_decoder = __commonJS({
  "node_modules/text-decoder/index.js"(exports, module) {
    var PassThroughDecoder = require_pass_through_decoder();
    var UTF8Decoder = require_utf8_decoder();
    module.exports = class TextDecoder {
      constructor(encoding = "utf8") {
        this.encoding = normalizeEncoding(encoding);
        switch (this.encoding) {
          case "utf8":
            this.decoder = new UTF8Decoder();
            break;
          case "utf16le":
          case "base64":
            throw new Error("Unsupported encoding: " + this.encoding);
          default:
            this.decoder = new PassThroughDecoder(this.encoding);
        }
      }
      get remaining() {
        return this.decoder.remaining;
      }
      push(data) {
        if (typeof data === "string") return data;
        return this.decoder.decode(data);
      }
      // For Node.js compatibility
      write(data) {
        return this.push(data);
      }
      end(data) {
        let result = "";
        if (data) result = this.push(data);
        result += this.decoder.flush();
        return result;
      }
    };
    function normalizeEncoding(encoding) {
      encoding = encoding.toLowerCase();
      switch (encoding) {
        case "utf8":
        case "utf-8":
          return "utf8";
        case "ucs2":
        case "ucs-2":
        case "utf16le":
        case "utf-16le":
          return "utf16le";
        case "latin1":
        case "binary":
          return "latin1";
        case "base64":
        case "ascii":
        case "hex":
          return encoding;
        default:
          throw new Error("Unknown encoding: " + encoding);
      }
    }
  }
});

// node_modules/streamx/lib/errors.js
var require_errors = __commonJS({
  "node_modules/streamx/lib/errors.js"(exports, module) {
    module.exports = class StreamError extends Error {
      constructor(msg, code, fn = StreamError) {
        super(msg);
        this.code = code;
        if (Error.captureStackTrace) {
          Error.captureStackTrace(this, fn);
        }
      }
      static isStreamDestroyed(err) {
        return err && err.code === "STREAM_DESTROYED";
      }
      static isPrematureClose(err) {
        return err && err.code === "PREMATURE_CLOSE";
      }
      static isAborted(err) {
        return err && err.code === "ABORTED";
      }
      static isBadArgument(err) {
        return err && err.code === "BAD_ARGUMENT";
      }
      get name() {
        return "StreamError";
      }
      static STREAM_DESTROYED() {
        return new StreamError("Stream was destroyed", "STREAM_DESTROYED", StreamError.STREAM_DESTROYED);
      }
      static PREMATURE_CLOSE(msg = "Premature close") {
        return new StreamError(msg, "PREMATURE_CLOSE", StreamError.PREMATURE_CLOSE);
      }
      static ABORTED() {
        return new StreamError("Stream aborted", "ABORTED", StreamError.ABORTED);
      }
      static BAD_ARGUMENT(msg = "Bad argument") {
        return new StreamError(msg, "BAD_ARGUMENT", StreamError.BAD_ARGUMENT);
      }
    };
  }
});

// node_modules/streamx/index.js
var require_streamx = __commonJS({
  "node_modules/streamx/index.js"(exports, module) {
    var { EventEmitter } = require_default();
    var FIFO = require_fast_fifo();
    var TextDecoder = require_text_decoder();
    var StreamError = require_errors();
    var qmt = typeof queueMicrotask === "undefined" ? (fn) => global.process.nextTick(fn) : queueMicrotask;
    var MAX2 = (1 << 29) - 1;
    var OPENING = 1;
    var PREDESTROYING = 2;
    var DESTROYING = 4;
    var DESTROYED = 8;
    var NOT_OPENING = MAX2 ^ OPENING;
    var NOT_PREDESTROYING = MAX2 ^ PREDESTROYING;
    var READ_ACTIVE = 1 << 4;
    var READ_UPDATING = 2 << 4;
    var READ_PRIMARY = 4 << 4;
    var READ_QUEUED = 8 << 4;
    var READ_RESUMED = 16 << 4;
    var READ_PIPE_DRAINED = 32 << 4;
    var READ_ENDING = 64 << 4;
    var READ_EMIT_DATA = 128 << 4;
    var READ_EMIT_READABLE = 256 << 4;
    var READ_EMITTED_READABLE = 512 << 4;
    var READ_DONE = 1024 << 4;
    var READ_NEXT_TICK = 2048 << 4;
    var READ_NEEDS_PUSH = 4096 << 4;
    var READ_READ_AHEAD = 8192 << 4;
    var READ_FLOWING = READ_RESUMED | READ_PIPE_DRAINED;
    var READ_ACTIVE_AND_NEEDS_PUSH = READ_ACTIVE | READ_NEEDS_PUSH;
    var READ_PRIMARY_AND_ACTIVE = READ_PRIMARY | READ_ACTIVE;
    var READ_EMIT_READABLE_AND_QUEUED = READ_EMIT_READABLE | READ_QUEUED;
    var READ_RESUMED_READ_AHEAD = READ_RESUMED | READ_READ_AHEAD;
    var READ_NOT_ACTIVE = MAX2 ^ READ_ACTIVE;
    var READ_NON_PRIMARY = MAX2 ^ READ_PRIMARY;
    var READ_NON_PRIMARY_AND_PUSHED = MAX2 ^ (READ_PRIMARY | READ_NEEDS_PUSH);
    var READ_PUSHED = MAX2 ^ READ_NEEDS_PUSH;
    var READ_PAUSED = MAX2 ^ READ_RESUMED;
    var READ_NOT_QUEUED = MAX2 ^ (READ_QUEUED | READ_EMITTED_READABLE);
    var READ_NOT_ENDING = MAX2 ^ READ_ENDING;
    var READ_PIPE_NOT_DRAINED = MAX2 ^ READ_FLOWING;
    var READ_NOT_NEXT_TICK = MAX2 ^ READ_NEXT_TICK;
    var READ_NOT_UPDATING = MAX2 ^ READ_UPDATING;
    var READ_NO_READ_AHEAD = MAX2 ^ READ_READ_AHEAD;
    var READ_PAUSED_NO_READ_AHEAD = MAX2 ^ READ_RESUMED_READ_AHEAD;
    var WRITE_ACTIVE = 1 << 18;
    var WRITE_UPDATING = 2 << 18;
    var WRITE_PRIMARY = 4 << 18;
    var WRITE_QUEUED = 8 << 18;
    var WRITE_UNDRAINED = 16 << 18;
    var WRITE_DONE = 32 << 18;
    var WRITE_EMIT_DRAIN = 64 << 18;
    var WRITE_NEXT_TICK = 128 << 18;
    var WRITE_WRITING = 256 << 18;
    var WRITE_FINISHING = 512 << 18;
    var WRITE_CORKED = 1024 << 18;
    var WRITE_NOT_ACTIVE = MAX2 ^ (WRITE_ACTIVE | WRITE_WRITING);
    var WRITE_NON_PRIMARY = MAX2 ^ WRITE_PRIMARY;
    var WRITE_NOT_FINISHING = MAX2 ^ (WRITE_ACTIVE | WRITE_FINISHING);
    var WRITE_DRAINED = MAX2 ^ WRITE_UNDRAINED;
    var WRITE_NOT_QUEUED = MAX2 ^ WRITE_QUEUED;
    var WRITE_NOT_NEXT_TICK = MAX2 ^ WRITE_NEXT_TICK;
    var WRITE_NOT_UPDATING = MAX2 ^ WRITE_UPDATING;
    var WRITE_NOT_CORKED = MAX2 ^ WRITE_CORKED;
    var ACTIVE = READ_ACTIVE | WRITE_ACTIVE;
    var NOT_ACTIVE = MAX2 ^ ACTIVE;
    var DONE = READ_DONE | WRITE_DONE;
    var DESTROY_STATUS = DESTROYING | DESTROYED | PREDESTROYING;
    var OPEN_STATUS = DESTROY_STATUS | OPENING;
    var AUTO_DESTROY = DESTROY_STATUS | DONE;
    var NON_PRIMARY = WRITE_NON_PRIMARY & READ_NON_PRIMARY;
    var ACTIVE_OR_TICKING = WRITE_NEXT_TICK | READ_NEXT_TICK;
    var TICKING = ACTIVE_OR_TICKING & NOT_ACTIVE;
    var IS_OPENING = OPEN_STATUS | TICKING;
    var READ_PRIMARY_STATUS = OPEN_STATUS | READ_ENDING | READ_DONE;
    var READ_STATUS = OPEN_STATUS | READ_DONE | READ_QUEUED;
    var READ_ENDING_STATUS = OPEN_STATUS | READ_ENDING | READ_QUEUED;
    var READ_READABLE_STATUS = OPEN_STATUS | READ_EMIT_READABLE | READ_QUEUED | READ_EMITTED_READABLE;
    var SHOULD_NOT_READ = OPEN_STATUS | READ_ACTIVE | READ_ENDING | READ_DONE | READ_NEEDS_PUSH | READ_READ_AHEAD;
    var READ_BACKPRESSURE_STATUS = DESTROY_STATUS | READ_ENDING | READ_DONE;
    var READ_UPDATE_SYNC_STATUS = READ_UPDATING | OPEN_STATUS | READ_NEXT_TICK | READ_PRIMARY;
    var READ_NEXT_TICK_OR_OPENING = READ_NEXT_TICK | OPENING;
    var WRITE_PRIMARY_STATUS = OPEN_STATUS | WRITE_FINISHING | WRITE_DONE;
    var WRITE_QUEUED_AND_UNDRAINED = WRITE_QUEUED | WRITE_UNDRAINED;
    var WRITE_QUEUED_AND_ACTIVE = WRITE_QUEUED | WRITE_ACTIVE;
    var WRITE_DRAIN_STATUS = WRITE_QUEUED | WRITE_UNDRAINED | OPEN_STATUS | WRITE_ACTIVE;
    var WRITE_STATUS = OPEN_STATUS | WRITE_ACTIVE | WRITE_QUEUED | WRITE_CORKED;
    var WRITE_PRIMARY_AND_ACTIVE = WRITE_PRIMARY | WRITE_ACTIVE;
    var WRITE_ACTIVE_AND_WRITING = WRITE_ACTIVE | WRITE_WRITING;
    var WRITE_FINISHING_STATUS = OPEN_STATUS | WRITE_FINISHING | WRITE_QUEUED_AND_ACTIVE | WRITE_DONE;
    var WRITE_BACKPRESSURE_STATUS = WRITE_UNDRAINED | DESTROY_STATUS | WRITE_FINISHING | WRITE_DONE;
    var WRITE_UPDATE_SYNC_STATUS = WRITE_UPDATING | OPEN_STATUS | WRITE_NEXT_TICK | WRITE_PRIMARY;
    var WRITE_DROP_DATA = WRITE_FINISHING | WRITE_DONE | DESTROY_STATUS;
    var asyncIterator = Symbol.asyncIterator || /* @__PURE__ */ Symbol("asyncIterator");
    var WritableState = class {
      constructor(stream, { highWaterMark = 16384, map = null, mapWritable, byteLength, byteLengthWritable } = {}) {
        this.stream = stream;
        this.queue = new FIFO();
        this.highWaterMark = highWaterMark;
        this.buffered = 0;
        this.error = null;
        this.pipeline = null;
        this.drains = null;
        this.byteLength = byteLengthWritable || byteLength || defaultByteLength;
        this.map = mapWritable || map;
        this.afterWrite = afterWrite.bind(this);
        this.afterUpdateNextTick = updateWriteNT.bind(this);
      }
      get ending() {
        return (this.stream._duplexState & WRITE_FINISHING) !== 0;
      }
      get ended() {
        return (this.stream._duplexState & WRITE_DONE) !== 0;
      }
      push(data) {
        if ((this.stream._duplexState & WRITE_DROP_DATA) !== 0) return false;
        if (this.map !== null) data = this.map(data);
        this.buffered += this.byteLength(data);
        this.queue.push(data);
        if (this.buffered < this.highWaterMark) {
          this.stream._duplexState |= WRITE_QUEUED;
          return true;
        }
        this.stream._duplexState |= WRITE_QUEUED_AND_UNDRAINED;
        return false;
      }
      shift() {
        const data = this.queue.shift();
        this.buffered -= this.byteLength(data);
        if (this.buffered === 0) this.stream._duplexState &= WRITE_NOT_QUEUED;
        return data;
      }
      end(data) {
        if (typeof data === "function") {
          this.stream.once("finish", data);
        } else if (data !== void 0 && data !== null) {
          this.push(data);
        }
        this.stream._duplexState = (this.stream._duplexState | WRITE_FINISHING) & WRITE_NON_PRIMARY;
      }
      autoBatch(data, cb) {
        const buffer = [];
        const stream = this.stream;
        buffer.push(data);
        while ((stream._duplexState & WRITE_STATUS) === WRITE_QUEUED_AND_ACTIVE) {
          buffer.push(stream._writableState.shift());
        }
        if ((stream._duplexState & OPEN_STATUS) !== 0) return cb(null);
        stream._writev(buffer, cb);
      }
      update() {
        const stream = this.stream;
        stream._duplexState |= WRITE_UPDATING;
        do {
          while ((stream._duplexState & WRITE_STATUS) === WRITE_QUEUED) {
            const data = this.shift();
            stream._duplexState |= WRITE_ACTIVE_AND_WRITING;
            stream._write(data, this.afterWrite);
          }
          if ((stream._duplexState & WRITE_PRIMARY_AND_ACTIVE) === 0) this.updateNonPrimary();
        } while (this.continueUpdate() === true);
        stream._duplexState &= WRITE_NOT_UPDATING;
      }
      updateNonPrimary() {
        const stream = this.stream;
        if ((stream._duplexState & WRITE_FINISHING_STATUS) === WRITE_FINISHING) {
          stream._duplexState = stream._duplexState | WRITE_ACTIVE;
          stream._final(afterFinal.bind(this));
          return;
        }
        if ((stream._duplexState & DESTROY_STATUS) === DESTROYING) {
          if ((stream._duplexState & ACTIVE_OR_TICKING) === 0) {
            stream._duplexState |= ACTIVE;
            stream._destroy(afterDestroy.bind(this));
          }
          return;
        }
        if ((stream._duplexState & IS_OPENING) === OPENING) {
          stream._duplexState = (stream._duplexState | ACTIVE) & NOT_OPENING;
          stream._open(afterOpen.bind(this));
        }
      }
      continueUpdate() {
        if ((this.stream._duplexState & WRITE_NEXT_TICK) === 0) return false;
        this.stream._duplexState &= WRITE_NOT_NEXT_TICK;
        return true;
      }
      updateCallback() {
        if ((this.stream._duplexState & WRITE_UPDATE_SYNC_STATUS) === WRITE_PRIMARY) {
          this.update();
        } else {
          this.updateNextTick();
        }
      }
      updateNextTick() {
        if ((this.stream._duplexState & WRITE_NEXT_TICK) !== 0) return;
        this.stream._duplexState |= WRITE_NEXT_TICK;
        if ((this.stream._duplexState & WRITE_UPDATING) === 0) qmt(this.afterUpdateNextTick);
      }
    };
    var ReadableState = class {
      constructor(stream, { highWaterMark = 16384, map = null, mapReadable, byteLength, byteLengthReadable } = {}) {
        this.stream = stream;
        this.queue = new FIFO();
        this.highWaterMark = highWaterMark === 0 ? 1 : highWaterMark;
        this.buffered = 0;
        this.readAhead = highWaterMark > 0;
        this.error = null;
        this.pipeline = null;
        this.byteLength = byteLengthReadable || byteLength || defaultByteLength;
        this.map = mapReadable || map;
        this.pipeTo = null;
        this.afterRead = afterRead.bind(this);
        this.afterUpdateNextTick = updateReadNT.bind(this);
      }
      get ending() {
        return (this.stream._duplexState & READ_ENDING) !== 0;
      }
      get ended() {
        return (this.stream._duplexState & READ_DONE) !== 0;
      }
      pipe(pipeTo, cb) {
        if (this.pipeTo !== null) throw StreamError.BAD_ARGUMENT("Can only pipe to one destination");
        if (typeof cb !== "function") cb = null;
        this.stream._duplexState |= READ_PIPE_DRAINED;
        this.pipeTo = pipeTo;
        this.pipeline = new Pipeline(this.stream, pipeTo, cb);
        if (cb) this.stream.on("error", noop);
        if (isStreamx(pipeTo)) {
          pipeTo._writableState.pipeline = this.pipeline;
          if (cb) pipeTo.on("error", noop);
          pipeTo.on("finish", this.pipeline.finished.bind(this.pipeline));
        } else {
          const onerror = this.pipeline.done.bind(this.pipeline, pipeTo);
          const onclose = this.pipeline.done.bind(this.pipeline, pipeTo, null);
          pipeTo.on("error", onerror);
          pipeTo.on("close", onclose);
          pipeTo.on("finish", this.pipeline.finished.bind(this.pipeline));
        }
        pipeTo.on("drain", afterDrain.bind(this));
        this.stream.emit("piping", pipeTo);
        pipeTo.emit("pipe", this.stream);
      }
      push(data) {
        const stream = this.stream;
        if (data === null) {
          this.highWaterMark = 0;
          stream._duplexState = (stream._duplexState | READ_ENDING) & READ_NON_PRIMARY_AND_PUSHED;
          return false;
        }
        if (this.map !== null) {
          data = this.map(data);
          if (data === null) {
            stream._duplexState &= READ_PUSHED;
            return this.buffered < this.highWaterMark;
          }
        }
        this.buffered += this.byteLength(data);
        this.queue.push(data);
        stream._duplexState = (stream._duplexState | READ_QUEUED) & READ_PUSHED;
        return this.buffered < this.highWaterMark;
      }
      shift() {
        const data = this.queue.shift();
        this.buffered -= this.byteLength(data);
        if (this.buffered === 0) {
          this.stream._duplexState &= READ_NOT_QUEUED;
        }
        return data;
      }
      unshift(data) {
        const pending = [this.map !== null ? this.map(data) : data];
        while (this.buffered > 0) pending.push(this.shift());
        for (let i = 0; i < pending.length - 1; i++) {
          const data2 = pending[i];
          this.buffered += this.byteLength(data2);
          this.queue.push(data2);
        }
        this.push(pending[pending.length - 1]);
      }
      read() {
        const stream = this.stream;
        if ((stream._duplexState & READ_STATUS) === READ_QUEUED) {
          const data = this.shift();
          if (this.pipeTo !== null && this.pipeTo.write(data) === false) {
            stream._duplexState &= READ_PIPE_NOT_DRAINED;
          }
          if ((stream._duplexState & READ_EMIT_DATA) !== 0) {
            stream.emit("data", data);
          }
          return data;
        }
        if (this.readAhead === false) {
          stream._duplexState |= READ_READ_AHEAD;
          this.updateNextTick();
        }
        return null;
      }
      drain() {
        const stream = this.stream;
        while ((stream._duplexState & READ_STATUS) === READ_QUEUED && (stream._duplexState & READ_FLOWING) !== 0) {
          const data = this.shift();
          if (this.pipeTo !== null && this.pipeTo.write(data) === false) {
            stream._duplexState &= READ_PIPE_NOT_DRAINED;
          }
          if ((stream._duplexState & READ_EMIT_DATA) !== 0) {
            stream.emit("data", data);
          }
        }
      }
      update() {
        const stream = this.stream;
        stream._duplexState |= READ_UPDATING;
        do {
          this.drain();
          while (this.buffered < this.highWaterMark && (stream._duplexState & SHOULD_NOT_READ) === READ_READ_AHEAD) {
            stream._duplexState |= READ_ACTIVE_AND_NEEDS_PUSH;
            stream._read(this.afterRead);
            this.drain();
          }
          if ((stream._duplexState & READ_READABLE_STATUS) === READ_EMIT_READABLE_AND_QUEUED) {
            stream._duplexState |= READ_EMITTED_READABLE;
            stream.emit("readable");
          }
          if ((stream._duplexState & READ_PRIMARY_AND_ACTIVE) === 0) {
            this.updateNonPrimary();
          }
        } while (this.continueUpdate() === true);
        stream._duplexState &= READ_NOT_UPDATING;
      }
      updateNonPrimary() {
        const stream = this.stream;
        if ((stream._duplexState & READ_ENDING_STATUS) === READ_ENDING) {
          stream._duplexState = (stream._duplexState | READ_DONE) & READ_NOT_ENDING;
          stream.emit("end");
          if ((stream._duplexState & AUTO_DESTROY) === DONE) {
            stream._duplexState |= DESTROYING;
          }
          if (this.pipeTo !== null) {
            this.pipeTo.end();
          }
        }
        if ((stream._duplexState & DESTROY_STATUS) === DESTROYING) {
          if ((stream._duplexState & ACTIVE_OR_TICKING) === 0) {
            stream._duplexState |= ACTIVE;
            stream._destroy(afterDestroy.bind(this));
          }
          return;
        }
        if ((stream._duplexState & IS_OPENING) === OPENING) {
          stream._duplexState = (stream._duplexState | ACTIVE) & NOT_OPENING;
          stream._open(afterOpen.bind(this));
        }
      }
      continueUpdate() {
        if ((this.stream._duplexState & READ_NEXT_TICK) === 0) return false;
        this.stream._duplexState &= READ_NOT_NEXT_TICK;
        return true;
      }
      updateCallback() {
        if ((this.stream._duplexState & READ_UPDATE_SYNC_STATUS) === READ_PRIMARY) {
          this.update();
        } else {
          this.updateNextTick();
        }
      }
      updateNextTickIfOpen() {
        if ((this.stream._duplexState & READ_NEXT_TICK_OR_OPENING) !== 0) return;
        this.stream._duplexState |= READ_NEXT_TICK;
        if ((this.stream._duplexState & READ_UPDATING) === 0) qmt(this.afterUpdateNextTick);
      }
      updateNextTick() {
        if ((this.stream._duplexState & READ_NEXT_TICK) !== 0) return;
        this.stream._duplexState |= READ_NEXT_TICK;
        if ((this.stream._duplexState & READ_UPDATING) === 0) qmt(this.afterUpdateNextTick);
      }
    };
    var TransformState = class {
      constructor(stream) {
        this.data = null;
        this.afterTransform = afterTransform.bind(stream);
        this.afterFinal = null;
      }
    };
    var Pipeline = class {
      constructor(src, dst, cb) {
        this.from = src;
        this.to = dst;
        this.afterPipe = cb;
        this.error = null;
        this.pipeToFinished = false;
      }
      finished() {
        this.pipeToFinished = true;
      }
      done(stream, err) {
        if (err) this.error = err;
        if (stream === this.to) {
          this.to = null;
          if (this.from !== null) {
            if ((this.from._duplexState & READ_DONE) === 0 || !this.pipeToFinished) {
              this.from.destroy(this.error || StreamError.PREMATURE_CLOSE("Writable stream closed"));
            }
            return;
          }
        }
        if (stream === this.from) {
          this.from = null;
          if (this.to !== null) {
            if ((stream._duplexState & READ_DONE) === 0) {
              this.to.destroy(this.error || StreamError.PREMATURE_CLOSE("Readable stream closed"));
            }
            return;
          }
        }
        if (this.afterPipe !== null) this.afterPipe(this.error);
        this.to = this.from = this.afterPipe = null;
      }
    };
    function afterDrain() {
      this.stream._duplexState |= READ_PIPE_DRAINED;
      this.updateCallback();
    }
    function afterFinal(err) {
      const stream = this.stream;
      if (err) stream.destroy(err);
      if ((stream._duplexState & DESTROY_STATUS) === 0) {
        stream._duplexState |= WRITE_DONE;
        stream.emit("finish");
      }
      if ((stream._duplexState & AUTO_DESTROY) === DONE) {
        stream._duplexState |= DESTROYING;
      }
      stream._duplexState &= WRITE_NOT_FINISHING;
      if ((stream._duplexState & WRITE_UPDATING) === 0) {
        this.update();
      } else {
        this.updateNextTick();
      }
    }
    function afterDestroy(err) {
      const stream = this.stream;
      if (!err && !StreamError.isStreamDestroyed(this.error)) err = this.error;
      if (err) stream.emit("error", err);
      stream._duplexState |= DESTROYED;
      stream.emit("close");
      const rs = stream._readableState;
      const ws = stream._writableState;
      if (rs !== null && rs.pipeline !== null) {
        rs.pipeline.done(stream, err);
      }
      if (ws !== null) {
        while (ws.drains !== null && ws.drains.length > 0) {
          ws.drains.shift().resolve(false);
        }
        if (ws.pipeline !== null) {
          ws.pipeline.done(stream, err);
        }
      }
    }
    function afterWrite(err) {
      const stream = this.stream;
      if (err) stream.destroy(err);
      stream._duplexState &= WRITE_NOT_ACTIVE;
      if (this.drains !== null) tickDrains(this.drains);
      if ((stream._duplexState & WRITE_DRAIN_STATUS) === WRITE_UNDRAINED) {
        stream._duplexState &= WRITE_DRAINED;
        if ((stream._duplexState & WRITE_EMIT_DRAIN) === WRITE_EMIT_DRAIN) {
          stream.emit("drain");
        }
      }
      this.updateCallback();
    }
    function afterRead(err) {
      if (err) this.stream.destroy(err);
      this.stream._duplexState &= READ_NOT_ACTIVE;
      if (this.readAhead === false && (this.stream._duplexState & READ_RESUMED) === 0) {
        this.stream._duplexState &= READ_NO_READ_AHEAD;
      }
      this.updateCallback();
    }
    function updateReadNT() {
      if ((this.stream._duplexState & READ_UPDATING) === 0) {
        this.stream._duplexState &= READ_NOT_NEXT_TICK;
        this.update();
      }
    }
    function updateWriteNT() {
      if ((this.stream._duplexState & WRITE_UPDATING) === 0) {
        this.stream._duplexState &= WRITE_NOT_NEXT_TICK;
        this.update();
      }
    }
    function tickDrains(drains) {
      for (let i = 0; i < drains.length; i++) {
        if (--drains[i].writes === 0) {
          drains.shift().resolve(true);
          i--;
        }
      }
    }
    function afterOpen(err) {
      const stream = this.stream;
      if (err) stream.destroy(err);
      if ((stream._duplexState & DESTROYING) === 0) {
        if ((stream._duplexState & READ_PRIMARY_STATUS) === 0) {
          stream._duplexState |= READ_PRIMARY;
        }
        if ((stream._duplexState & WRITE_PRIMARY_STATUS) === 0) {
          stream._duplexState |= WRITE_PRIMARY;
        }
        stream.emit("open");
      }
      stream._duplexState &= NOT_ACTIVE;
      if (stream._writableState !== null) {
        stream._writableState.updateCallback();
      }
      if (stream._readableState !== null) {
        stream._readableState.updateCallback();
      }
    }
    function afterTransform(err, data) {
      if (data !== void 0 && data !== null) this.push(data);
      this._writableState.afterWrite(err);
    }
    function newListener(name) {
      if (this._readableState !== null) {
        if (name === "data") {
          this._duplexState |= READ_EMIT_DATA | READ_RESUMED_READ_AHEAD;
          this._readableState.updateNextTick();
        }
        if (name === "readable") {
          this._duplexState |= READ_EMIT_READABLE;
          this._readableState.updateNextTick();
        }
      }
      if (this._writableState !== null) {
        if (name === "drain") {
          this._duplexState |= WRITE_EMIT_DRAIN;
          this._writableState.updateNextTick();
        }
      }
    }
    var Stream = class extends EventEmitter {
      constructor(opts) {
        super();
        this._duplexState = 0;
        this._readableState = null;
        this._writableState = null;
        if (opts) {
          if (opts.open) this._open = opts.open;
          if (opts.destroy) this._destroy = opts.destroy;
          if (opts.predestroy) this._predestroy = opts.predestroy;
          if (opts.signal) opts.signal.addEventListener("abort", abort.bind(this));
        }
        this.on("newListener", newListener);
      }
      _open(cb) {
        cb(null);
      }
      _destroy(cb) {
        cb(null);
      }
      _predestroy() {
      }
      get readable() {
        return this._readableState !== null ? true : void 0;
      }
      get writable() {
        return this._writableState !== null ? true : void 0;
      }
      get destroyed() {
        return (this._duplexState & DESTROYED) !== 0;
      }
      get destroying() {
        return (this._duplexState & DESTROY_STATUS) !== 0;
      }
      destroy(err) {
        if ((this._duplexState & DESTROY_STATUS) === 0) {
          if (!err) err = StreamError.STREAM_DESTROYED();
          this._duplexState = (this._duplexState | DESTROYING) & NON_PRIMARY;
          if (this._readableState !== null) {
            this._readableState.highWaterMark = 0;
            this._readableState.error = err;
          }
          if (this._writableState !== null) {
            this._writableState.highWaterMark = 0;
            this._writableState.error = err;
          }
          this._duplexState |= PREDESTROYING;
          this._predestroy();
          this._duplexState &= NOT_PREDESTROYING;
          if (this._readableState !== null) {
            this._readableState.updateNextTick();
          }
          if (this._writableState !== null) {
            this._writableState.updateNextTick();
          }
        }
      }
    };
    var Readable = class _Readable extends Stream {
      constructor(opts) {
        super(opts);
        this._duplexState |= OPENING | WRITE_DONE | READ_READ_AHEAD;
        this._readableState = new ReadableState(this, opts);
        if (opts) {
          if (this._readableState.readAhead === false) this._duplexState &= READ_NO_READ_AHEAD;
          if (opts.read) this._read = opts.read;
          if (opts.eagerOpen) this._readableState.updateNextTick();
          if (opts.encoding) this.setEncoding(opts.encoding);
        }
      }
      static deferred(fn, opts) {
        const out = new PassThrough(opts);
        fn().then((src) => {
          if (src === null) return out.end();
          if (out.destroying) return;
          pipeline(src, out, noop);
        }).catch((err) => out.destroy(err));
        return out;
      }
      setEncoding(encoding) {
        const dec = new TextDecoder(encoding);
        const map = this._readableState.map || echo;
        this._readableState.map = mapOrSkip;
        return this;
        function mapOrSkip(data) {
          const next = dec.push(data);
          return next === "" && (data.byteLength !== 0 || dec.remaining > 0) ? null : map(next);
        }
      }
      _read(cb) {
        cb(null);
      }
      pipe(dest, cb) {
        this._readableState.updateNextTick();
        this._readableState.pipe(dest, cb);
        return dest;
      }
      read() {
        this._readableState.updateNextTick();
        return this._readableState.read();
      }
      push(data) {
        this._readableState.updateNextTickIfOpen();
        return this._readableState.push(data);
      }
      unshift(data) {
        this._readableState.updateNextTickIfOpen();
        return this._readableState.unshift(data);
      }
      resume() {
        this._duplexState |= READ_RESUMED_READ_AHEAD;
        this._readableState.updateNextTick();
        return this;
      }
      pause() {
        this._duplexState &= this._readableState.readAhead === false ? READ_PAUSED_NO_READ_AHEAD : READ_PAUSED;
        return this;
      }
      static _fromAsyncIterator(ite, opts) {
        let destroy;
        const rs = new _Readable({
          ...opts,
          read(cb) {
            ite.next().then(push2).then(cb.bind(null, null)).catch(cb);
          },
          predestroy() {
            destroy = ite.return();
          },
          destroy(cb) {
            if (!destroy) return cb(null);
            destroy.then(cb.bind(null, null)).catch(cb);
          }
        });
        return rs;
        function push2(data) {
          if (data.done) rs.push(null);
          else rs.push(data.value);
        }
      }
      static from(data, opts) {
        if (isReadStreamx(data)) return data;
        if (data[asyncIterator]) return this._fromAsyncIterator(data[asyncIterator](), opts);
        if (!Array.isArray(data)) data = data === void 0 ? [] : [data];
        let i = 0;
        return new _Readable({
          ...opts,
          read(cb) {
            this.push(i === data.length ? null : data[i++]);
            cb(null);
          }
        });
      }
      static isBackpressured(rs) {
        return (rs._duplexState & READ_BACKPRESSURE_STATUS) !== 0 || rs._readableState.buffered >= rs._readableState.highWaterMark;
      }
      static isPaused(rs) {
        return (rs._duplexState & READ_RESUMED) === 0;
      }
      [asyncIterator]() {
        const stream = this;
        let error = null;
        let promiseResolve = null;
        let promiseReject = null;
        this.on("error", (err) => {
          error = err;
        });
        this.on("readable", onreadable);
        this.on("close", onclose);
        return {
          [asyncIterator]() {
            return this;
          },
          next() {
            return new Promise(function(resolve4, reject) {
              promiseResolve = resolve4;
              promiseReject = reject;
              const data = stream.read();
              if (data !== null) ondata(data);
              else if ((stream._duplexState & DESTROYED) !== 0) ondata(null);
            });
          },
          return() {
            return destroy(null);
          },
          throw(err) {
            return destroy(err);
          }
        };
        function onreadable() {
          if (promiseResolve !== null) ondata(stream.read());
        }
        function onclose() {
          if (promiseResolve !== null) ondata(null);
        }
        function ondata(data) {
          if (promiseReject === null) return;
          if (error) {
            promiseReject(error);
          } else if (data === null && (stream._duplexState & READ_DONE) === 0) {
            promiseReject(StreamError.STREAM_DESTROYED());
          } else {
            promiseResolve({ value: data, done: data === null });
          }
          promiseReject = promiseResolve = null;
        }
        function destroy(err) {
          stream.destroy(err);
          return new Promise((resolve4, reject) => {
            if (stream._duplexState & DESTROYED) return resolve4({ value: void 0, done: true });
            stream.once("close", function() {
              if (err) reject(err);
              else resolve4({ value: void 0, done: true });
            });
          });
        }
      }
    };
    var Writable = class extends Stream {
      constructor(opts) {
        super(opts);
        this._duplexState |= OPENING | READ_DONE;
        this._writableState = new WritableState(this, opts);
        if (opts) {
          if (opts.writev) this._writev = opts.writev;
          if (opts.write) this._write = opts.write;
          if (opts.final) this._final = opts.final;
          if (opts.eagerOpen) this._writableState.updateNextTick();
        }
      }
      cork() {
        this._duplexState |= WRITE_CORKED;
      }
      uncork() {
        this._duplexState &= WRITE_NOT_CORKED;
        this._writableState.updateNextTick();
      }
      _writev(batch, cb) {
        cb(null);
      }
      _write(data, cb) {
        this._writableState.autoBatch(data, cb);
      }
      _final(cb) {
        cb(null);
      }
      static isBackpressured(ws) {
        return (ws._duplexState & WRITE_BACKPRESSURE_STATUS) !== 0;
      }
      static drained(ws) {
        if (ws.destroyed) return Promise.resolve(false);
        const state = ws._writableState;
        const pending = isWritev(ws) ? Math.min(1, state.queue.length) : state.queue.length;
        const writes = pending + (ws._duplexState & WRITE_WRITING ? 1 : 0);
        if (writes === 0) return Promise.resolve(true);
        if (state.drains === null) state.drains = [];
        return new Promise((resolve4) => {
          state.drains.push({ writes, resolve: resolve4 });
        });
      }
      write(data) {
        this._writableState.updateNextTick();
        return this._writableState.push(data);
      }
      end(data) {
        this._writableState.updateNextTick();
        this._writableState.end(data);
        return this;
      }
    };
    var Duplex = class extends Readable {
      // and Writable
      constructor(opts) {
        super(opts);
        this._duplexState = OPENING | this._duplexState & READ_READ_AHEAD;
        this._writableState = new WritableState(this, opts);
        if (opts) {
          if (opts.writev) this._writev = opts.writev;
          if (opts.write) this._write = opts.write;
          if (opts.final) this._final = opts.final;
        }
      }
      cork() {
        this._duplexState |= WRITE_CORKED;
      }
      uncork() {
        this._duplexState &= WRITE_NOT_CORKED;
        this._writableState.updateNextTick();
      }
      _writev(batch, cb) {
        cb(null);
      }
      _write(data, cb) {
        this._writableState.autoBatch(data, cb);
      }
      _final(cb) {
        cb(null);
      }
      write(data) {
        this._writableState.updateNextTick();
        return this._writableState.push(data);
      }
      end(data) {
        this._writableState.updateNextTick();
        this._writableState.end(data);
        return this;
      }
    };
    var Transform = class extends Duplex {
      constructor(opts) {
        super(opts);
        this._transformState = new TransformState(this);
        if (opts) {
          if (opts.transform) this._transform = opts.transform;
          if (opts.flush) this._flush = opts.flush;
        }
      }
      _write(data, cb) {
        if (this._readableState.buffered >= this._readableState.highWaterMark) {
          this._transformState.data = data;
        } else {
          this._transform(data, this._transformState.afterTransform);
        }
      }
      _read(cb) {
        if (this._transformState.data !== null) {
          const data = this._transformState.data;
          this._transformState.data = null;
          cb(null);
          this._transform(data, this._transformState.afterTransform);
        } else {
          cb(null);
        }
      }
      destroy(err) {
        super.destroy(err);
        if (this._transformState.data !== null) {
          this._transformState.data = null;
          this._transformState.afterTransform();
        }
      }
      _transform(data, cb) {
        cb(null, data);
      }
      _flush(cb) {
        cb(null);
      }
      _final(cb) {
        this._transformState.afterFinal = cb;
        this._flush(transformAfterFlush.bind(this));
      }
    };
    var PassThrough = class extends Transform {
    };
    function transformAfterFlush(err, data) {
      const cb = this._transformState.afterFinal;
      if (err) return cb(err);
      if (data !== null && data !== void 0) this.push(data);
      this.push(null);
      cb(null);
    }
    function pipelinePromise(...streams) {
      return new Promise((resolve4, reject) => {
        return pipeline(...streams, (err) => {
          if (err) return reject(err);
          resolve4();
        });
      });
    }
    function pipeline(stream, ...streams) {
      const all = Array.isArray(stream) ? [...stream, ...streams] : [stream, ...streams];
      const done = all.length && typeof all[all.length - 1] === "function" ? all.pop() : null;
      if (all.length < 2) throw StreamError.BAD_ARGUMENT("Pipeline requires at least 2 streams");
      let src = all[0];
      let dest = null;
      let error = null;
      for (let i = 1; i < all.length; i++) {
        dest = all[i];
        if (isStreamx(src)) {
          src.pipe(dest, onerror);
        } else {
          errorHandle(src, true, i > 1, onerror);
          src.pipe(dest);
        }
        src = dest;
      }
      if (done) {
        let fin = false;
        const autoDestroy = isStreamx(dest) || !!(dest._writableState && dest._writableState.autoDestroy);
        dest.on("error", (err) => {
          if (error === null) error = err;
        });
        dest.on("finish", () => {
          fin = true;
          if (!autoDestroy) done(error);
        });
        if (autoDestroy) {
          dest.on("close", () => done(error || (fin ? null : StreamError.PREMATURE_CLOSE())));
        }
      }
      return dest;
      function errorHandle(s, rd, wr, onerror2) {
        s.on("error", onerror2);
        s.on("close", onclose);
        function onclose() {
          if (rd && s._readableState && !s._readableState.ended) {
            return onerror2(StreamError.PREMATURE_CLOSE());
          }
          if (wr && s._writableState && !s._writableState.ended) {
            return onerror2(StreamError.PREMATURE_CLOSE());
          }
        }
      }
      function onerror(err) {
        if (!err || error) return;
        error = err;
        for (const s of all) {
          s.destroy(err);
        }
      }
    }
    function echo(s) {
      return s;
    }
    function isStream(stream) {
      return !!stream._readableState || !!stream._writableState;
    }
    function isStreamx(stream) {
      return typeof stream._duplexState === "number" && isStream(stream);
    }
    function isEnding(stream) {
      return !!stream._readableState && stream._readableState.ending;
    }
    function isEnded(stream) {
      return !!stream._readableState && stream._readableState.ended;
    }
    function isFinishing(stream) {
      return !!stream._writableState && stream._writableState.ending;
    }
    function isFinished(stream) {
      return !!stream._writableState && stream._writableState.ended;
    }
    function getStreamError(stream, opts = {}) {
      const err = stream._readableState && stream._readableState.error || stream._writableState && stream._writableState.error;
      return !opts.all && StreamError.isStreamDestroyed(err) ? null : err;
    }
    function isReadStreamx(stream) {
      return isStreamx(stream) && stream.readable;
    }
    function isDisturbed(stream) {
      return (stream._duplexState & OPENING) !== OPENING || (stream._duplexState & DESTROYING) === DESTROYING || (stream._duplexState & ACTIVE_OR_TICKING) !== 0;
    }
    function isTypedArray(data) {
      return typeof data === "object" && data !== null && typeof data.byteLength === "number";
    }
    function defaultByteLength(data) {
      return isTypedArray(data) ? data.byteLength : 1024;
    }
    function noop() {
    }
    function abort() {
      this.destroy(StreamError.ABORTED());
    }
    function isWritev(s) {
      return s._writev !== Writable.prototype._writev && s._writev !== Duplex.prototype._writev;
    }
    module.exports = {
      pipeline,
      pipelinePromise,
      isStream,
      isStreamx,
      isEnding,
      isEnded,
      isFinishing,
      isFinished,
      isDisturbed,
      getStreamError,
      Stream,
      Writable,
      Readable,
      Duplex,
      Transform,
      // Export PassThrough for compatibility with Node.js core's stream module
      PassThrough
    };
  }
});

// node_modules/tar-stream/headers.js
var require_headers = __commonJS({
  "node_modules/tar-stream/headers.js"(exports) {
    var b4a = require_b4a();
    var ZEROS = "0000000000000000000";
    var SEVENS = "7777777777777777777";
    var ZERO_OFFSET = "0".charCodeAt(0);
    var USTAR_MAGIC = b4a.from([117, 115, 116, 97, 114, 0]);
    var USTAR_VER = b4a.from([ZERO_OFFSET, ZERO_OFFSET]);
    var GNU_MAGIC = b4a.from([117, 115, 116, 97, 114, 32]);
    var GNU_VER = b4a.from([32, 0]);
    var MASK = 4095;
    var MAGIC_OFFSET = 257;
    var VERSION_OFFSET = 263;
    exports.decodeLongPath = function decodeLongPath(buf, encoding) {
      return decodeStr(buf, 0, buf.length, encoding);
    };
    exports.encodePax = function encodePax(opts) {
      let result = "";
      if (opts.name) result += addLength(" path=" + opts.name + "\n");
      if (opts.linkname) result += addLength(" linkpath=" + opts.linkname + "\n");
      const pax = opts.pax;
      if (pax) {
        for (const key in pax) {
          result += addLength(" " + key + "=" + pax[key] + "\n");
        }
      }
      return b4a.from(result);
    };
    exports.decodePax = function decodePax(buf) {
      const result = {};
      while (buf.length) {
        let i = 0;
        while (i < buf.length && buf[i] !== 32) i++;
        const len = parseInt(b4a.toString(buf.subarray(0, i)), 10);
        if (!len) return result;
        const b = b4a.toString(buf.subarray(i + 1, len - 1));
        const keyIndex = b.indexOf("=");
        if (keyIndex === -1) return result;
        result[b.slice(0, keyIndex)] = b.slice(keyIndex + 1);
        buf = buf.subarray(len);
      }
      return result;
    };
    exports.encode = function encode(opts) {
      const buf = b4a.alloc(512);
      let name = opts.name;
      let prefix = "";
      if (opts.typeflag === 5 && name[name.length - 1] !== "/") name += "/";
      if (b4a.byteLength(name) !== name.length) return null;
      while (b4a.byteLength(name) > 100) {
        const i = name.indexOf("/");
        if (i === -1) return null;
        prefix += prefix ? "/" + name.slice(0, i) : name.slice(0, i);
        name = name.slice(i + 1);
      }
      if (b4a.byteLength(name) > 100 || b4a.byteLength(prefix) > 155) return null;
      if (opts.linkname && b4a.byteLength(opts.linkname) > 100) return null;
      b4a.write(buf, name);
      b4a.write(buf, encodeOct(opts.mode & MASK, 6), 100);
      b4a.write(buf, encodeOct(opts.uid, 6), 108);
      b4a.write(buf, encodeOct(opts.gid, 6), 116);
      encodeSize(opts.size, buf, 124);
      encodeSize(Math.floor(opts.mtime.getTime() / 1e3) || 0, buf, 136);
      buf[156] = ZERO_OFFSET + toTypeflag(opts.type);
      if (opts.linkname) b4a.write(buf, opts.linkname, 157);
      b4a.copy(USTAR_MAGIC, buf, MAGIC_OFFSET);
      b4a.copy(USTAR_VER, buf, VERSION_OFFSET);
      if (opts.uname) b4a.write(buf, opts.uname, 265);
      if (opts.gname) b4a.write(buf, opts.gname, 297);
      b4a.write(buf, encodeOct(opts.devmajor || 0, 6), 329);
      b4a.write(buf, encodeOct(opts.devminor || 0, 6), 337);
      if (prefix) b4a.write(buf, prefix, 345);
      b4a.write(buf, encodeOct(cksum(buf), 6), 148);
      return buf;
    };
    exports.decode = function decode(buf, filenameEncoding, allowUnknownFormat) {
      let typeflag = buf[156] === 0 ? 0 : buf[156] - ZERO_OFFSET;
      let name = decodeStr(buf, 0, 100, filenameEncoding);
      const mode = decodeOct(buf, 100, 8);
      const uid = decodeOct(buf, 108, 8);
      const gid = decodeOct(buf, 116, 8);
      const size = decodeOct(buf, 124, 12);
      const mtime = decodeOct(buf, 136, 12);
      const type = toType(typeflag);
      const linkname = buf[157] === 0 ? null : decodeStr(buf, 157, 100, filenameEncoding);
      const uname = decodeStr(buf, 265, 32);
      const gname = decodeStr(buf, 297, 32);
      const devmajor = decodeOct(buf, 329, 8);
      const devminor = decodeOct(buf, 337, 8);
      const c = cksum(buf);
      if (c === 8 * 32) return null;
      if (c !== decodeOct(buf, 148, 8)) throw new Error("Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?");
      if (isUSTAR(buf)) {
        if (buf[345]) name = decodeStr(buf, 345, 155, filenameEncoding) + "/" + name;
      } else if (isGNU(buf)) {
      } else {
        if (!allowUnknownFormat) {
          throw new Error("Invalid tar header: unknown format.");
        }
      }
      if (typeflag === 0 && name && name[name.length - 1] === "/") typeflag = 5;
      return {
        name,
        mode,
        uid,
        gid,
        size,
        byteOffset: 0,
        mtime: new Date(1e3 * mtime),
        type,
        linkname,
        uname,
        gname,
        devmajor,
        devminor,
        pax: null
      };
    };
    function isUSTAR(buf) {
      return b4a.equals(USTAR_MAGIC, buf.subarray(MAGIC_OFFSET, MAGIC_OFFSET + 6));
    }
    function isGNU(buf) {
      return b4a.equals(GNU_MAGIC, buf.subarray(MAGIC_OFFSET, MAGIC_OFFSET + 6)) && b4a.equals(GNU_VER, buf.subarray(VERSION_OFFSET, VERSION_OFFSET + 2));
    }
    function clamp(index, len, defaultValue) {
      if (typeof index !== "number") return defaultValue;
      index = ~~index;
      if (index >= len) return len;
      if (index >= 0) return index;
      index += len;
      if (index >= 0) return index;
      return 0;
    }
    function toType(flag) {
      switch (flag) {
        case 0:
          return "file";
        case 1:
          return "link";
        case 2:
          return "symlink";
        case 3:
          return "character-device";
        case 4:
          return "block-device";
        case 5:
          return "directory";
        case 6:
          return "fifo";
        case 7:
          return "contiguous-file";
        case 72:
          return "pax-header";
        case 55:
          return "pax-global-header";
        case 27:
          return "gnu-long-link-path";
        case 28:
        case 30:
          return "gnu-long-path";
      }
      return null;
    }
    function toTypeflag(flag) {
      switch (flag) {
        case "file":
          return 0;
        case "link":
          return 1;
        case "symlink":
          return 2;
        case "character-device":
          return 3;
        case "block-device":
          return 4;
        case "directory":
          return 5;
        case "fifo":
          return 6;
        case "contiguous-file":
          return 7;
        case "pax-header":
          return 72;
      }
      return 0;
    }
    function indexOf(block, num, offset, end) {
      for (; offset < end; offset++) {
        if (block[offset] === num) return offset;
      }
      return end;
    }
    function cksum(block) {
      let sum = 8 * 32;
      for (let i = 0; i < 148; i++) sum += block[i];
      for (let j = 156; j < 512; j++) sum += block[j];
      return sum;
    }
    function encodeOct(val, n) {
      val = val.toString(8);
      if (val.length > n) return SEVENS.slice(0, n) + " ";
      return ZEROS.slice(0, n - val.length) + val + " ";
    }
    function encodeSizeBin(num, buf, off) {
      buf[off] = num < 0 ? 255 : 128;
      for (let i = 11; i > 0; i--) {
        buf[off + i] = num & 255;
        num = Math.floor(num / 256);
      }
    }
    function encodeSize(num, buf, off) {
      if (num < 0 || num.toString(8).length > 11) {
        encodeSizeBin(num, buf, off);
      } else {
        b4a.write(buf, encodeOct(num, 11), off);
      }
    }
    function parse256(buf) {
      let positive;
      if (buf[0] === 128) positive = true;
      else if (buf[0] === 255) positive = false;
      else return null;
      const tuple = [];
      let i;
      for (i = buf.length - 1; i > 0; i--) {
        const byte = buf[i];
        if (positive) tuple.push(byte);
        else tuple.push(255 - byte);
      }
      let sum = 0;
      const l = tuple.length;
      for (i = 0; i < l; i++) {
        sum += tuple[i] * Math.pow(256, i);
      }
      return positive ? sum : -(sum + 1);
    }
    function decodeOct(val, offset, length) {
      val = val.subarray(offset, offset + length);
      offset = 0;
      if (val[offset] & 128) {
        return parse256(val);
      } else {
        while (offset < val.length && val[offset] === 32) offset++;
        const end = clamp(indexOf(val, 32, offset, val.length), val.length, val.length);
        while (offset < end && val[offset] === 0) offset++;
        if (end === offset) return 0;
        return parseInt(b4a.toString(val.subarray(offset, end)), 8);
      }
    }
    function decodeStr(val, offset, length, encoding) {
      return b4a.toString(val.subarray(offset, indexOf(val, 0, offset, offset + length)), encoding);
    }
    function addLength(str) {
      const len = b4a.byteLength(str);
      let digits = Math.floor(Math.log(len) / Math.log(10)) + 1;
      if (len + digits >= Math.pow(10, digits)) digits++;
      return len + digits + str;
    }
  }
});

// node_modules/tar-stream/extract.js
var require_extract = __commonJS({
  "node_modules/tar-stream/extract.js"(exports, module) {
    var { Writable, Readable, getStreamError } = require_streamx();
    var FIFO = require_fast_fifo();
    var b4a = require_b4a();
    var headers = require_headers();
    var EMPTY = b4a.alloc(0);
    var MAX_HEADER_SIZE = 4 * 1024 * 1024;
    var BufferList = class {
      constructor() {
        this.buffered = 0;
        this.shifted = 0;
        this.queue = new FIFO();
        this._offset = 0;
      }
      push(buffer) {
        this.buffered += buffer.byteLength;
        this.queue.push(buffer);
      }
      shiftFirst(size) {
        return this.buffered === 0 ? null : this._next(size);
      }
      shift(size) {
        if (size > this.buffered) return null;
        if (size === 0) return EMPTY;
        let chunk = this._next(size);
        if (size === chunk.byteLength) return chunk;
        const chunks = [chunk];
        while ((size -= chunk.byteLength) > 0) {
          chunk = this._next(size);
          chunks.push(chunk);
        }
        return b4a.concat(chunks);
      }
      _next(size) {
        const buf = this.queue.peek();
        const rem = buf.byteLength - this._offset;
        if (size >= rem) {
          const sub = this._offset ? buf.subarray(this._offset, buf.byteLength) : buf;
          this.queue.shift();
          this._offset = 0;
          this.buffered -= rem;
          this.shifted += rem;
          return sub;
        }
        this.buffered -= size;
        this.shifted += size;
        return buf.subarray(this._offset, this._offset += size);
      }
    };
    var Source = class extends Readable {
      constructor(self, header, offset) {
        super();
        this.header = header;
        this.offset = offset;
        this._parent = self;
        this.on("error", noop);
      }
      _read(cb) {
        if (this.header.size === 0) {
          this.push(null);
        }
        if (this._parent._stream === this) {
          this._parent._update();
        }
        cb(null);
      }
      _predestroy() {
        this._parent.destroy(getStreamError(this));
      }
      _detach() {
        if (this._parent._stream === this) {
          this._parent._stream = null;
          this._parent._missing = overflow(this.header.size);
          this._parent._update();
        }
      }
      _destroy(cb) {
        this._detach();
        cb(null);
      }
    };
    var Extract = class extends Writable {
      constructor(opts) {
        super(opts);
        if (!opts) opts = {};
        this._buffer = new BufferList();
        this._offset = 0;
        this._header = null;
        this._stream = null;
        this._missing = 0;
        this._longHeader = false;
        this._callback = noop;
        this._locked = false;
        this._updating = false;
        this._finished = false;
        this._pax = null;
        this._paxGlobal = null;
        this._gnuLongPath = null;
        this._gnuLongLinkPath = null;
        this._filenameEncoding = opts.filenameEncoding || "utf-8";
        this._allowUnknownFormat = !!opts.allowUnknownFormat;
        this._unlockBound = this._unlock.bind(this);
      }
      _unlock(err) {
        this._locked = false;
        if (err) {
          this.destroy(err);
          this._continueWrite(err);
          return;
        }
        this._update();
      }
      _consumeHeader() {
        if (this._locked) return false;
        this._offset = this._buffer.shifted;
        try {
          this._header = headers.decode(this._buffer.shift(512), this._filenameEncoding, this._allowUnknownFormat);
        } catch (err) {
          this._continueWrite(err);
          return false;
        }
        if (!this._header) return true;
        this._header.byteOffset = this._buffer.shifted;
        switch (this._header.type) {
          case "gnu-long-path":
          case "gnu-long-link-path":
          case "pax-global-header":
          case "pax-header":
            this._longHeader = true;
            this._missing = this._header.size;
            if (this._missing > MAX_HEADER_SIZE) {
              this._continueWrite(new Error("Header exceeds max size"));
              return false;
            }
            return true;
        }
        this._locked = true;
        this._applyLongHeaders();
        if (!(this._header.size >= 0)) {
          this._continueWrite(new Error("Invalid header"));
          return false;
        }
        if (this._header.size === 0 || this._header.type === "directory") {
          this.emit("entry", this._header, this._createStream(), this._unlockBound);
          return true;
        }
        this._stream = this._createStream();
        this._missing = this._header.size;
        this.emit("entry", this._header, this._stream, this._unlockBound);
        return true;
      }
      _applyLongHeaders() {
        if (this._gnuLongPath) {
          this._header.name = this._gnuLongPath;
          this._gnuLongPath = null;
        }
        if (this._gnuLongLinkPath) {
          this._header.linkname = this._gnuLongLinkPath;
          this._gnuLongLinkPath = null;
        }
        if (this._pax) {
          if (this._pax.path) this._header.name = this._pax.path;
          if (this._pax.linkpath) this._header.linkname = this._pax.linkpath;
          if (this._pax.size) this._header.size = parseInt(this._pax.size, 10);
          this._header.pax = this._pax;
          this._pax = null;
        }
      }
      _decodeLongHeader(buf) {
        switch (this._header.type) {
          case "gnu-long-path":
            this._gnuLongPath = headers.decodeLongPath(buf, this._filenameEncoding);
            break;
          case "gnu-long-link-path":
            this._gnuLongLinkPath = headers.decodeLongPath(buf, this._filenameEncoding);
            break;
          case "pax-global-header":
            this._paxGlobal = validatePax(headers.decodePax(buf));
            break;
          case "pax-header":
            this._pax = this._paxGlobal === null ? validatePax(headers.decodePax(buf)) : Object.assign({}, this._paxGlobal, validatePax(headers.decodePax(buf)));
            break;
        }
      }
      _consumeLongHeader() {
        this._longHeader = false;
        this._missing = overflow(this._header.size);
        const buf = this._buffer.shift(this._header.size);
        try {
          this._decodeLongHeader(buf);
        } catch (err) {
          this._continueWrite(err);
          return false;
        }
        return true;
      }
      _consumeStream() {
        const buf = this._buffer.shiftFirst(this._missing);
        if (buf === null) return false;
        this._missing -= buf.byteLength;
        const drained2 = this._stream.push(buf);
        if (this._missing === 0) {
          this._stream.push(null);
          if (drained2) this._stream._detach();
          return drained2 && this._locked === false;
        }
        return drained2;
      }
      _createStream() {
        return new Source(this, this._header, this._offset);
      }
      _update() {
        if (this._updating) return;
        this._updating = true;
        const done = this._consume();
        this._updating = false;
        if (done) this._continueWrite(null);
      }
      _consume() {
        while (this._buffer.buffered > 0 && !this.destroying) {
          if (this._missing > 0) {
            if (this._stream !== null) {
              if (this._consumeStream() === false) return false;
              continue;
            }
            if (this._longHeader === true) {
              if (this._missing > this._buffer.buffered) break;
              if (this._consumeLongHeader() === false) return false;
              continue;
            }
            const ignore = this._buffer.shiftFirst(this._missing);
            if (ignore !== null) this._missing -= ignore.byteLength;
            continue;
          }
          if (this._buffer.buffered < 512) break;
          if (this._stream !== null || this._consumeHeader() === false) return false;
        }
        return true;
      }
      _continueWrite(err) {
        const cb = this._callback;
        this._callback = noop;
        cb(err);
      }
      _write(data, cb) {
        this._callback = cb;
        this._buffer.push(data);
        this._update();
      }
      _final(cb) {
        this._finished = this._missing === 0 && this._buffer.buffered === 0;
        cb(this._finished ? null : new Error("Unexpected end of data"));
      }
      _predestroy() {
        this._continueWrite(null);
      }
      _destroy(cb) {
        if (this._stream) this._stream.destroy(getStreamError(this));
        cb(null);
      }
      [Symbol.asyncIterator]() {
        let error = null;
        let promiseResolve = null;
        let promiseReject = null;
        let entryStream = null;
        let entryCallback = null;
        const extract2 = this;
        this.on("entry", onentry);
        this.on("error", (err) => {
          error = err;
        });
        this.on("close", onclose);
        return {
          [Symbol.asyncIterator]() {
            return this;
          },
          next() {
            return new Promise(onnext);
          },
          return() {
            return destroy(null);
          },
          throw(err) {
            return destroy(err);
          }
        };
        function consumeCallback(err) {
          if (!entryCallback) return;
          const cb = entryCallback;
          entryCallback = null;
          cb(err);
        }
        function onnext(resolve4, reject) {
          if (error) {
            return reject(error);
          }
          if (entryStream) {
            resolve4({ value: entryStream, done: false });
            entryStream = null;
            return;
          }
          promiseResolve = resolve4;
          promiseReject = reject;
          consumeCallback(null);
          if (extract2._finished && promiseResolve) {
            promiseResolve({ value: void 0, done: true });
            promiseResolve = promiseReject = null;
          }
        }
        function onentry(header, stream, callback) {
          entryCallback = callback;
          stream.on("error", noop);
          if (promiseResolve) {
            promiseResolve({ value: stream, done: false });
            promiseResolve = promiseReject = null;
          } else {
            entryStream = stream;
          }
        }
        function onclose() {
          consumeCallback(error);
          if (!promiseResolve) return;
          if (error) promiseReject(error);
          else promiseResolve({ value: void 0, done: true });
          promiseResolve = promiseReject = null;
        }
        function destroy(err) {
          extract2.destroy(err);
          consumeCallback(err);
          return new Promise((resolve4, reject) => {
            if (extract2.destroyed) return resolve4({ value: void 0, done: true });
            extract2.once("close", function() {
              if (err) reject(err);
              else resolve4({ value: void 0, done: true });
            });
          });
        }
      }
    };
    module.exports = function extract2(opts) {
      return new Extract(opts);
    };
    function noop() {
    }
    function validatePax(pax) {
      if (hasNull(pax.path) || hasNull(pax.linkpath)) throw new Error("Invalid tar header: pax path contains a null byte.");
      return pax;
    }
    function hasNull(str) {
      return typeof str === "string" && str.indexOf("\0") !== -1;
    }
    function overflow(size) {
      size &= 511;
      return size && 512 - size;
    }
  }
});

// node_modules/tar-stream/constants.js
var require_constants = __commonJS({
  "node_modules/tar-stream/constants.js"(exports, module) {
    var constants = {
      // just for envs without fs
      S_IFMT: 61440,
      S_IFDIR: 16384,
      S_IFCHR: 8192,
      S_IFBLK: 24576,
      S_IFIFO: 4096,
      S_IFLNK: 40960
    };
    try {
      module.exports = __require("fs").constants || constants;
    } catch {
      module.exports = constants;
    }
  }
});

// node_modules/tar-stream/pack.js
var require_pack = __commonJS({
  "node_modules/tar-stream/pack.js"(exports, module) {
    var { Readable, Writable, getStreamError } = require_streamx();
    var b4a = require_b4a();
    var constants = require_constants();
    var headers = require_headers();
    var DMODE = 493;
    var FMODE = 420;
    var END_OF_TAR = b4a.alloc(1024);
    var Sink = class extends Writable {
      constructor(pack2, header, callback) {
        super({ mapWritable, eagerOpen: true });
        this.written = 0;
        this.header = header;
        this._callback = callback;
        this._linkname = null;
        this._isLinkname = header.type === "symlink" && !header.linkname;
        this._isVoid = header.type !== "file" && header.type !== "contiguous-file";
        this._finished = false;
        this._pack = pack2;
        this._openCallback = null;
        if (this._pack._stream === null) this._pack._stream = this;
        else this._pack._pending.push(this);
      }
      _open(cb) {
        this._openCallback = cb;
        if (this._pack._stream === this) this._continueOpen();
      }
      _continuePack(err) {
        if (this._callback === null) return;
        const callback = this._callback;
        this._callback = null;
        callback(err);
      }
      _continueOpen() {
        if (this._pack._stream === null) this._pack._stream = this;
        const cb = this._openCallback;
        this._openCallback = null;
        if (cb === null) return;
        if (this._pack.destroying) return cb(new Error("pack stream destroyed"));
        if (this._pack._finalized) return cb(new Error("pack stream is already finalized"));
        this._pack._stream = this;
        if (!this._isLinkname) {
          this._pack._encode(this.header);
        }
        if (this._isVoid && !this._isLinkname) {
          this._finish();
          this._continuePack(null);
        }
        cb(null);
      }
      _write(data, cb) {
        if (this._isLinkname) {
          this._linkname = this._linkname ? b4a.concat([this._linkname, data]) : data;
          return cb(null);
        }
        if (this._isVoid) {
          if (data.byteLength > 0) {
            return cb(new Error("No body allowed for this entry"));
          }
          return cb();
        }
        this.written += data.byteLength;
        if (this._pack.push(data)) return cb();
        this._pack._drain = cb;
      }
      _finish() {
        if (this._finished) return;
        this._finished = true;
        if (this._isLinkname) {
          this.header.linkname = this._linkname ? b4a.toString(this._linkname, "utf-8") : "";
          this._pack._encode(this.header);
        }
        overflow(this._pack, this.header.size);
        this._pack._done(this);
      }
      _final(cb) {
        if (this.written !== this.header.size) {
          return cb(new Error("Size mismatch"));
        }
        this._finish();
        cb(null);
      }
      _getError() {
        return getStreamError(this) || new Error("tar entry destroyed");
      }
      _predestroy() {
        this._pack.destroy(this._getError());
      }
      _destroy(cb) {
        this._pack._done(this);
        this._continuePack(this._finished ? null : this._getError());
        cb();
      }
    };
    var Pack = class extends Readable {
      constructor(opts) {
        super(opts);
        this._drain = noop;
        this._finalized = false;
        this._finalizing = false;
        this._pending = [];
        this._stream = null;
      }
      entry(header, buffer, callback) {
        if (this._finalized || this.destroying) throw new Error("already finalized or destroyed");
        if (typeof buffer === "function") {
          callback = buffer;
          buffer = null;
        }
        if (!callback) callback = noop;
        if (!header.size || header.type === "symlink") header.size = 0;
        if (!header.type) header.type = modeToType(header.mode);
        if (!header.mode) header.mode = header.type === "directory" ? DMODE : FMODE;
        if (!header.uid) header.uid = 0;
        if (!header.gid) header.gid = 0;
        if (!header.mtime) header.mtime = /* @__PURE__ */ new Date();
        if (typeof buffer === "string") buffer = b4a.from(buffer);
        const sink = new Sink(this, header, callback);
        if (b4a.isBuffer(buffer)) {
          header.size = buffer.byteLength;
          sink.write(buffer);
          sink.end();
          return sink;
        }
        if (sink._isVoid) {
          return sink;
        }
        return sink;
      }
      finalize() {
        if (this._stream || this._pending.length > 0) {
          this._finalizing = true;
          return;
        }
        if (this._finalized) return;
        this._finalized = true;
        this.push(END_OF_TAR);
        this.push(null);
      }
      _done(stream) {
        if (stream !== this._stream) return;
        this._stream = null;
        if (this._finalizing) this.finalize();
        if (this._pending.length) this._pending.shift()._continueOpen();
      }
      _encode(header) {
        if (!header.pax) {
          const buf = headers.encode(header);
          if (buf) {
            this.push(buf);
            return;
          }
        }
        this._encodePax(header);
      }
      _encodePax(header) {
        const paxHeader = headers.encodePax({
          name: header.name,
          linkname: header.linkname,
          pax: header.pax
        });
        const newHeader = {
          name: "PaxHeader",
          mode: header.mode,
          uid: header.uid,
          gid: header.gid,
          size: paxHeader.byteLength,
          mtime: header.mtime,
          type: "pax-header",
          linkname: header.linkname && "PaxHeader",
          uname: header.uname,
          gname: header.gname,
          devmajor: header.devmajor,
          devminor: header.devminor
        };
        this.push(headers.encode(newHeader));
        this.push(paxHeader);
        overflow(this, paxHeader.byteLength);
        newHeader.size = header.size;
        newHeader.type = header.type;
        this.push(headers.encode(newHeader));
      }
      _doDrain() {
        const drain = this._drain;
        this._drain = noop;
        drain();
      }
      _predestroy() {
        const err = getStreamError(this);
        if (this._stream) this._stream.destroy(err);
        while (this._pending.length) {
          const stream = this._pending.shift();
          stream.destroy(err);
          stream._continueOpen();
        }
        this._doDrain();
      }
      _read(cb) {
        this._doDrain();
        cb();
      }
    };
    module.exports = function pack2(opts) {
      return new Pack(opts);
    };
    function modeToType(mode) {
      switch (mode & constants.S_IFMT) {
        case constants.S_IFBLK:
          return "block-device";
        case constants.S_IFCHR:
          return "character-device";
        case constants.S_IFDIR:
          return "directory";
        case constants.S_IFIFO:
          return "fifo";
        case constants.S_IFLNK:
          return "symlink";
      }
      return "file";
    }
    function noop() {
    }
    function overflow(self, size) {
      size &= 511;
      if (size) self.push(END_OF_TAR.subarray(0, 512 - size));
    }
    function mapWritable(buf) {
      return b4a.isBuffer(buf) ? buf : b4a.from(buf);
    }
  }
});

// node_modules/tar-stream/index.js
var require_tar_stream = __commonJS({
  "node_modules/tar-stream/index.js"(exports) {
    exports.extract = require_extract();
    exports.pack = require_pack();
  }
});

// src/cli/commands/cache/clean.ts
var USAGE = `Usage: jux cache clean --days N [--keep-latest N] [--dry-run] [--storage-path DIR] [--json]
       jux cache clean --limits [--dry-run] [--storage-path DIR] [--json]

Removes the reports stored more than N days ago, except the newest --keep-latest. Queued and rejected
reports are never removed by clean. --limits applies max_size and max_reports now, as every write does:
the oldest stored reports go first, never a queued or rejected one (docs/store.md).

      --days N          remove the reports stored more than N days ago (N may be a fraction: 0.5)
      --keep-latest N   but keep the newest N of them
      --limits          apply max_size and max_reports instead of --days
      --dry-run         list what would be removed; remove nothing
      --json            the result as JSON
`;
var OPTIONS = {
  ...COMMON,
  days: { type: "string" },
  "keep-latest": { type: "string" },
  "dry-run": { type: "boolean" },
  limits: { type: "boolean" },
  json: { type: "boolean" }
};
function count(name, value) {
  if (value === void 0) return void 0;
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new UsageError(`jux cache clean: --${name} must be a number >= 0, not "${value}"`);
  return Number(value);
}
var clean = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache clean", true);
  if (values.help) return printHelp(io, USAGE);
  exactPositionals("clean", positionals, []);
  if (values.limits) {
    if (values.days !== void 0 || values["keep-latest"] !== void 0)
      throw new UsageError(
        "jux cache clean: --limits takes no --days or --keep-latest: give one or the other"
      );
    return cleanLimits(values, io);
  }
  const days = count("days", values.days);
  if (days === void 0)
    throw new UsageError(
      "jux cache clean: --days N (remove reports older than N days) or --limits (apply max_size and max_reports) is required (see jux cache clean --help)"
    );
  const keepLatest = count("keep-latest", values["keep-latest"]);
  if (keepLatest !== void 0 && !Number.isInteger(keepLatest))
    throw new UsageError(
      `jux cache clean: --keep-latest must be a whole number, not "${values["keep-latest"]}"`
    );
  const dryRun = values["dry-run"] ?? false;
  const store = await openStore(values, io);
  const progress = progressOn(io, "removing");
  const result = await store.clean({
    olderThanDays: days,
    ...keepLatest !== void 0 ? { keepLatest } : {},
    dryRun,
    ...progress ? { onProgress: progress } : {}
  });
  if (values.json) {
    writeLine(io.stdout, json({ dryRun, removed: result.removed.map(withStatus), kept: result.kept }));
    return 0;
  }
  if (dryRun)
    for (const line of aligned(
      result.removed.map((e) => [e.hash.slice(0, 12), when(e.storedAt), e.project ?? "-"])
    ))
      writeLine(io.stdout, `would remove ${line}`);
  const n = result.removed.length;
  writeLine(
    io.stdout,
    `${dryRun ? "would remove" : "removed"} ${n} report${n === 1 ? "" : "s"}, kept ${result.kept}`
  );
  return 0;
};
var NO_LIMITS = "no max_size or max_reports is set (see docs/store.md): nothing to apply";
async function cleanLimits(values, io) {
  const store = await openStore(values, io);
  if (values["dry-run"]) {
    const plan = await store.rotationPlan();
    const hashes = new Set(plan?.remove ?? []);
    const removed = (await store.list("reports")).filter((e) => hashes.has(e.hash));
    if (values.json) writeLine(io.stdout, json({ dryRun: true, removed: removed.map(withStatus) }));
    else if (!plan) writeLine(io.stdout, NO_LIMITS);
    else {
      for (const line of aligned(
        removed.map((e) => [e.hash.slice(0, 12), when(e.storedAt), e.project ?? "-"])
      ))
        writeLine(io.stdout, `would remove ${line}`);
      const n = removed.length;
      writeLine(
        io.stdout,
        `would remove ${n} stored report${n === 1 ? "" : "s"} (never a queued or rejected one)`
      );
    }
    return 0;
  }
  const warnings = await store.enforceLimits();
  if (values.json) writeLine(io.stdout, json({ limits: warnings }));
  else if (!await store.rotationPlan()) writeLine(io.stdout, NO_LIMITS);
  else if (warnings.length === 0) writeLine(io.stdout, "the store is within its limits");
  return 0;
}

// src/cli/commands/cache/clear-queue.ts
var USAGE2 = `Usage: jux cache clear-queue --confirm [--storage-path DIR]

Removes every queued report: they will not be published.
`;
var OPTIONS2 = { ...COMMON, confirm: { type: "boolean" } };
var clearQueue = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS2, "cache clear-queue", true);
  if (values.help) return printHelp(io, USAGE2);
  exactPositionals("clear-queue", positionals, []);
  const store = await openStore(values, io);
  if (!values.confirm) {
    const n2 = (await store.list("queue")).length;
    if (n2 === 0) {
      writeLine(io.stdout, "the queue is empty: nothing to drop");
      return EXIT.ok;
    }
    throw new UsageError(
      `jux cache clear-queue: this drops ${n2} queued report${n2 === 1 ? "" : "s"} for good (they will not be published); add --confirm`
    );
  }
  const n = await store.clearQueue();
  writeLine(io.stdout, `removed ${n} queued report${n === 1 ? "" : "s"}`);
  return 0;
};

// src/cli/commands/cache/compare.ts
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_path(), 1);
var USAGE3 = `Usage: jux cache compare A B [--slower-factor 1.5] [--min-seconds 0.1] [--storage-path DIR] [--all]
                         [--json]

A and B are report files or hashes (prefixes) in the store. Compares their tests by test id (suite, classname
and name; a test repeated within a report is one test with retries, flaky when it failed and then passed):
newly failing in B (failed or error, and not in A), still failing, fixed (failing in A, passed or flaky in
B), added, removed and slower ones. Each section lists its first ${LISTED} tests unless --all; --json lists all.
Exit 0 when no test newly fails, 1 when some do.
`;
var OPTIONS3 = {
  ...COMMON,
  "slower-factor": { type: "string" },
  "min-seconds": { type: "string" },
  all: { type: "boolean" },
  json: { type: "boolean" }
};
async function isFile(path) {
  return (await (0, import_promises.stat)(path).catch(() => void 0))?.isFile() ?? false;
}
async function reportOf(ref, cwd, store) {
  const path = (0, import_node_path.resolve)(cwd, ref);
  if (await isFile(path)) return { source: ref, open: () => fileChunks(path, ref) };
  if (!/^(sha256:)?[0-9a-fA-F]+$/.test(ref))
    throw new FileError(
      `jux cache compare: ${ref} is neither a file nor a report hash (give a report file that exists, or a hash or prefix from jux cache list)`
    );
  const s = await store();
  const entry = await s.findByPrefix(ref);
  const bytes2 = await s.read(entry.area, entry.hash);
  return { source: `sha256:${entry.hash.slice(0, 12)}`, open: () => bytesOnce(bytes2) };
}
function positiveNumber(name, value) {
  if (value === void 0) return void 0;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`jux cache compare: --${name} must be a number >= 0, not "${value}"`);
  return n;
}
function comparisonText(c, all = false) {
  const lines = [
    `A: ${printable(c.sourceA)}: ${countsLine(c.totals.a)}`,
    `B: ${printable(c.sourceB)}: ${countsLine(c.totals.b)}`
  ];
  for (const source of c.truncated)
    lines.push(`note: ${printable(source)} has more tests than are compared; the lists are partial`);
  return [...lines, ...differencesText(c, all)];
}
var compare = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS3, "cache compare", true);
  if (values.help) return printHelp(io, USAGE3);
  const [a, b] = exactPositionals("compare", positionals, ["A", "B"]);
  const slowerFactor = positiveNumber("slower-factor", values["slower-factor"]);
  const minSeconds = positiveNumber("min-seconds", values["min-seconds"]);
  let opened;
  const store = () => opened ??= openStore(values, io);
  const ra = await reportOf(a, io.cwd, store);
  const rb = await reportOf(b, io.cwd, store);
  const result = await compareReports(ra, rb, {
    ...slowerFactor !== void 0 ? { slowerFactor } : {},
    ...minSeconds !== void 0 ? { minSeconds } : {}
  });
  writeLine(io.stdout, values.json ? json(result) : comparisonText(result, !!values.all).join("\n"));
  return result.newlyFailing.length > 0 ? 1 : 0;
};

// src/core/store/query.ts
var MIN_COMMIT_PREFIX = 7;
function reportTime(e) {
  const t = e.timestamp === void 0 ? NaN : Date.parse(e.timestamp);
  return Number.isNaN(t) ? Date.parse(e.storedAt) : t;
}
function commitMatches(commit, given) {
  if (commit === void 0) return false;
  const [c, g] = [commit.toLowerCase(), given.toLowerCase()];
  return c === g || g.length >= MIN_COMMIT_PREFIX && c.startsWith(g);
}
function matches(e, q) {
  if (q.project !== void 0 && e.project !== q.project) return false;
  if (q.branch !== void 0 && e.branch !== q.branch) return false;
  if (q.commit !== void 0 && !commitMatches(e.commit, q.commit)) return false;
  if (q.status !== void 0 && runStatus(e) !== q.status) return false;
  if (q.since === void 0 && q.until === void 0) return true;
  const at = reportTime(e);
  return (q.since === void 0 || at >= q.since) && (q.until === void 0 || at <= q.until);
}
function isEmptyQuery(q) {
  return Object.values(q).every((v) => v === void 0);
}
var UNIT_MS = {
  s: 1e3,
  m: 6e4,
  h: 36e5,
  d: 864e5,
  w: 7 * 864e5
};
function parseTime(text, now, endOfDay = false) {
  const duration2 = /^(\d{1,9})([smhdw])$/.exec(text.trim());
  if (duration2) return now.getTime() - Number(duration2[1]) * UNIT_MS[duration2[2]];
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const ms2 = Date.parse(`${text}T00:00:00Z`);
    if (Number.isNaN(ms2)) return void 0;
    return endOfDay ? ms2 + 864e5 - 1 : ms2;
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return void 0;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? void 0 : ms;
}
async function selectReports(store, area, q) {
  return (await store.list(area)).filter((e) => matches(e, q));
}
function oncePerReport(entries) {
  const rank = (e) => AREAS.indexOf(e.area);
  const best = /* @__PURE__ */ new Map();
  for (const e of entries) {
    const held = best.get(e.hash);
    if (!held || rank(e) < rank(held)) best.set(e.hash, e);
  }
  return entries.filter((e) => best.get(e.hash) === e);
}

// src/cli/commands/cache/query-options.ts
var QUERY_OPTIONS = {
  area: { type: "string" },
  project: { type: "string" },
  branch: { type: "string" },
  commit: { type: "string" },
  status: { type: "string" },
  since: { type: "string" },
  until: { type: "string" }
};
var QUERY_HELP = `      --area A        reports, queue, rejected or all (default all)
      --project P     the report's project property
      --branch B      its git:branch
      --commit SHA    its git:commit: the full SHA or a prefix of 7 hex digits or more
      --status S      passed, failed or error (errors before failures: a run with both is error)
      --since T       at or after T: a duration back from now (7d, 12h, 30m, 2w) or an ISO date or date-time
      --until T       at or before T (a bare date includes its whole day)
                      The time is the report's jux:timestamp, else when it was stored.`;
function timeOption(sub, name, value, now) {
  if (value === void 0) return void 0;
  const ms = parseTime(value, now, name === "until");
  if (ms === void 0)
    throw new UsageError(
      `jux cache ${sub}: --${name} "${value}" is neither a duration nor a date (e.g. 7d, 12h, 2026-01-31 or 2026-01-31T12:00Z)`
    );
  return ms;
}
function queryOf(sub, values, now) {
  const area = choice(sub, "area", values.area, [...AREAS, "all"]) ?? "all";
  if (values.commit !== void 0 && !/^[0-9a-fA-F]{7,64}$/.test(values.commit))
    throw new UsageError(
      `jux cache ${sub}: --commit "${values.commit}": --commit needs a full SHA or a prefix of 7 or more hex digits (git rev-parse --short HEAD)`
    );
  const query = {
    project: values.project,
    branch: values.branch,
    commit: values.commit,
    status: choice(sub, "status", values.status, RUN_STATUSES),
    since: timeOption(sub, "since", values.since, now),
    until: timeOption(sub, "until", values.until, now)
  };
  return { area: area === "all" ? void 0 : area, query };
}
function criteriaText(values) {
  return Object.keys(QUERY_OPTIONS).filter((k) => values[k] !== void 0).map((k) => `--${k} ${values[k]}`).join(" ");
}
function noMatch(values, query) {
  const criteria = criteriaText(values);
  return isEmptyQuery(query) && values.area === void 0 ? "no report matches: the store is empty" : `no report matches ${criteria}`;
}

// src/cli/commands/cache/delete.ts
var USAGE4 = `Usage: jux cache delete HASH... [--area A] [--force] [--dry-run] [--storage-path DIR] [--json]
       jux cache delete [--branch B] [--commit SHA] [--project P] [--status S] [--since T] [--until T]
                        [--area A] [--force] [--dry-run] [--storage-path DIR] [--json]

Removes reports from the store: those named by hash (a unique prefix is enough), or those every criterion
selects (at least one criterion: nothing deletes the whole store). A report is removed from every area that
holds it (reports/, rejected/ with its reason; --area narrows). A report waiting in queue/ (not yet published)
is never removed without --force: it is kept whole, named, and the exit status is 2. Holds the store's lock;
prints what it removed, or with --dry-run what it would remove.

      --force         also remove queued reports (they will never be published)
      --dry-run       only show what would be removed
      --json          what was removed (and kept) as JSON
${QUERY_HELP}
`;
var OPTIONS4 = {
  ...COMMON,
  ...QUERY_OPTIONS,
  force: { type: "boolean" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" }
};
async function byHashes(store, hashes, area) {
  const plan = { remove: [], queued: [], missing: [] };
  const all = await store.list(area);
  for (const given of hashes) {
    try {
      const { hash } = await store.findByPrefix(given);
      const held = all.filter((e) => e.hash === hash);
      if (held.length === 0)
        throw new StoreError(`no report ${given} in ${area ?? "any area"} of ${store.base}`);
      plan.remove.push(...held.filter((e) => !plan.remove.includes(e)));
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      plan.missing.push({ given, why: errorMessage(e) });
    }
  }
  return plan;
}
async function protectQueue(store, plan, force) {
  if (force) return plan;
  const queued = new Set((await store.list("queue")).map((e) => e.hash));
  const kept = /* @__PURE__ */ new Map();
  for (const e of plan.remove)
    if (queued.has(e.hash) && (!kept.has(e.hash) || e.area === "queue")) kept.set(e.hash, e);
  return { ...plan, remove: plan.remove.filter((e) => !queued.has(e.hash)), queued: [...kept.values()] };
}
function describe(e) {
  return [e.hash.slice(0, 12), e.area, when(e.timestamp ?? e.storedAt), e.project ?? "-", e.branch ?? "-"];
}
function report(io, plan, dryRun, force) {
  const verb = dryRun ? "would remove" : "removed";
  for (const line of aligned(plan.remove.map(describe))) writeLine(io.stdout, `${verb} ${line}`);
  for (const line of aligned(plan.queued.map(describe)))
    writeLine(io.stderr, `kept ${line}: queued, not yet published (--force removes it too)`);
  for (const m of plan.missing) writeLine(io.stderr, `jux cache delete: ${m.why}`);
  const reports2 = new Set(plan.remove.map((e) => e.hash)).size;
  const q = plan.queued.length;
  const kept = q ? `; kept ${q} queued report${q === 1 ? "" : "s"} (add --force to remove ${q === 1 ? "it" : "them"})` : "";
  writeLine(
    io.stdout,
    `${verb} ${reports2} report(s), ${plan.remove.length} file(s)${kept}${force ? " (--force)" : ""}`
  );
}
var deleteCommand = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS4, "cache delete", true);
  if (values.help) return printHelp(io, USAGE4);
  const { area, query } = queryOf("delete", values, /* @__PURE__ */ new Date());
  const criteria = query;
  if (positionals.length > 0 && !isEmptyQuery(criteria))
    throw new UsageError(
      "jux cache delete: give hashes or criteria (--branch, --commit, ...), not both (see jux cache delete --help)"
    );
  if (positionals.length === 0 && isEmptyQuery(criteria))
    throw new UsageError(
      "jux cache delete: give the reports' hashes, or at least one criterion (--branch B, --commit SHA, --project P, --status S, --since T, --until T); nothing deletes the whole store"
    );
  const dryRun = values["dry-run"] ?? false;
  const force = values.force ?? false;
  const store = await openStore(values, io);
  const plan = await store.withLock(async () => {
    const found = positionals.length ? await byHashes(store, positionals, area) : { remove: await selectReports(store, area, criteria), queued: [], missing: [] };
    const planned = await protectQueue(store, found, force);
    if (!dryRun) for (const e of planned.remove) await store.remove(e.area, e.hash);
    return planned;
  });
  if (values.json)
    writeLine(
      io.stdout,
      json({
        dryRun,
        removed: plan.remove.map(withStatus),
        keptQueued: plan.queued.map(withStatus),
        missing: plan.missing
      })
    );
  else if (plan.remove.length + plan.queued.length + plan.missing.length === 0)
    writeLine(io.stderr, noMatch(values, query));
  else report(io, plan, dryRun, force);
  if (plan.missing.length > 0 && plan.remove.length + plan.queued.length === 0) return EXIT.failure;
  return plan.queued.length > 0 || plan.missing.length > 0 ? EXIT.usage : EXIT.ok;
};

// src/cli/commands/cache/export.ts
var import_node_fs2 = __toESM(require_fs(), 1);
var import_node_path2 = __toESM(require_path(), 1);

// src/core/transfer/csv.ts
var FORMULA_START = /^[=+\-@\t\r]/;
function csvCell(value) {
  if (value === void 0 || value === null) return "";
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
function csvRow(cells) {
  return cells.map(csvCell).join(",") + "\r\n";
}

// src/core/transfer/tar.ts
var import_node_fs = __toESM(require_fs(), 1);
var import_promises2 = __toESM(require_promises(), 1);
var import_tar_stream = __toESM(require_tar_stream(), 1);
var MANIFEST = "manifest.json";
var MANIFEST_FORMAT = "jux-cache-export";
var MANIFEST_VERSION = 1;
var REPORT_MEMBER = /^([0-9a-f]{64})\.xml$/;
var TAR_LIMITS = {
  members: 1000001,
  memberBytes: Math.min(DEFAULT_LIMITS.maxBytes, 2 ** 31 - 1),
  manifestBytes: 256 * 1024 ** 2
};
var ArchiveRefused = class extends Error {
  name = "ArchiveRefused";
  code = "ARCHIVE_REFUSED";
};
async function writeTar(out, members2) {
  const packer = (0, import_tar_stream.pack)();
  const copying = (async () => {
    for await (const chunk of packer) {
      out.write(chunk);
      await drained(out);
    }
  })();
  let n = 0;
  try {
    for await (const m of members2) {
      await new Promise(
        (done, fail) => packer.entry(
          {
            name: m.name,
            size: m.bytes.length,
            mode: 384,
            mtime: m.mtime,
            type: "file",
            uname: "",
            gname: ""
          },
          m.bytes,
          (e) => e ? fail(e) : done()
        )
      );
      n++;
    }
    packer.finalize();
  } catch (e) {
    packer.destroy(e);
    await copying.catch(() => void 0);
    throw e;
  }
  await copying;
  return n;
}
var quoted = (name) => JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}\u2026` : name);
var TAR_MEMBER_KIND = {
  link: "a hard link",
  symlink: "a symbolic link",
  directory: "a directory",
  "character-device": "a character device",
  "block-device": "a block device",
  fifo: "a fifo",
  "contiguous-file": "a contiguous file"
};
function refusal(header, limits) {
  const { name, type, size = 0 } = header;
  if (type !== "file") return `member ${quoted(name)} is ${TAR_MEMBER_KIND[type ?? ""] ?? `of type ${type}`}`;
  if (name.includes("/") || name.includes("\\") || name === ".." || name === ".")
    return `member ${quoted(name)} has a path (an export holds files at its top only; ".." and "/" are refused)`;
  if (name !== MANIFEST && !REPORT_MEMBER.test(name))
    return `member ${quoted(name)} is neither ${MANIFEST} nor a report named <canonical hash>.xml`;
  const max = name === MANIFEST ? limits.manifestBytes : limits.memberBytes;
  if (size > max)
    return `member ${quoted(name)} is ${size} bytes, over the ${max}-byte limit${name === MANIFEST ? "" : " (--max-size)"}`;
  return void 0;
}
async function* members(file) {
  const reader = (0, import_tar_stream.extract)();
  const source = (0, import_node_fs.createReadStream)(file);
  source.on("error", (e) => reader.destroy(e));
  source.pipe(reader);
  try {
    for await (const entry of reader) {
      let consumed = false;
      yield {
        header: entry.header,
        read: async () => {
          consumed = true;
          const parts = [];
          for await (const chunk of entry) parts.push(chunk);
          return Buffer.concat(parts);
        },
        skip: () => {
          consumed = true;
          entry.resume();
        }
      };
      if (!consumed) entry.resume();
    }
  } finally {
    source.destroy();
    reader.destroy();
  }
}
async function checkArchive(file, limits = TAR_LIMITS) {
  if (!(await (0, import_promises2.stat)(file)).isFile()) throw new ArchiveRefused(`${file} is not a regular file`);
  const names = [];
  const seen = /* @__PURE__ */ new Set();
  try {
    for await (const m of members(file)) {
      m.skip();
      if (names.length >= limits.members)
        throw new ArchiveRefused(`it has more than ${limits.members} members`);
      const why = refusal(m.header, limits);
      if (why) throw new ArchiveRefused(why);
      if (seen.has(m.header.name)) throw new ArchiveRefused(`member ${quoted(m.header.name)} appears twice`);
      seen.add(m.header.name);
      names.push(m.header.name);
    }
  } catch (e) {
    if (e instanceof ArchiveRefused) throw e;
    throw new ArchiveRefused(`it is not a readable tar archive (${e.message})`, { cause: e });
  }
  return names;
}
async function* readMembers(file, limits = TAR_LIMITS) {
  for await (const m of members(file)) {
    if (refusal(m.header, limits)) throw new ArchiveRefused(`${file} changed while it was read`);
    yield { name: m.header.name, bytes: await m.read() };
  }
}
function looksLikeTar(head2) {
  return head2.length >= 262 && head2.subarray(257, 262).toString("latin1") === "ustar";
}

// src/cli/commands/cache/export-formats.ts
var FORMATS = ["jsonl", "csv", "tar"];
var PER = ["run", "test"];
async function write(out, text) {
  out.write(text);
  await drained(out);
}
var iso = (at) => new Date(Date.parse(at)).toISOString();
async function* reports(job) {
  for (const [i, entry] of job.entries.entries()) {
    let bytes2;
    try {
      bytes2 = await job.store.read(entry.area, entry.hash);
    } catch (e) {
      job.skip(entry, errorMessage(e));
    }
    if (bytes2) yield { entry, bytes: bytes2 };
    job.progress?.(i + 1, job.entries.length);
  }
}
async function writeJsonl(out, job) {
  await write(out, headerLine(job.filter, job.now));
  let n = 0;
  for await (const { entry, bytes: bytes2 } of reports(job)) {
    const source = job.store.id(entry.area, entry.hash);
    const reading = await readReport({ source, open: () => bytesOnce(bytes2) });
    const facts = statedFacts(reading.canonicalHash, reading.summary.properties);
    const line = runLineText({
      id: runIdOf(reading.canonicalHash),
      ...facts,
      inserted_at: iso(entry.storedAt),
      signer: null,
      tags: tagsOf(facts.properties),
      report: bytes2.toString("base64")
    });
    await write(out, line);
    n++;
  }
  await write(out, trailerLine(n));
  return n;
}
var RUN_COLUMNS = [
  "hash",
  "area",
  "stored_at",
  "timestamp",
  "project",
  "branch",
  "commit",
  "status",
  "tests",
  "passed",
  "failures",
  "errors",
  "skipped",
  "time",
  "has_signature"
];
async function writeCsvRuns(out, job) {
  await write(out, csvRow(RUN_COLUMNS));
  for (const e of job.entries)
    await write(
      out,
      csvRow([
        e.hash,
        e.area,
        e.storedAt,
        e.timestamp,
        e.project,
        e.branch,
        e.commit,
        runStatus(e),
        e.tests,
        e.passed,
        e.failures,
        e.errors,
        e.skipped,
        e.time,
        e.signed
      ])
    );
  return job.entries.length;
}
var TEST_COLUMNS = [
  "hash",
  "project",
  "branch",
  "commit",
  "timestamp",
  "suite",
  "classname",
  "name",
  "file",
  "line",
  "outcome",
  "duration",
  "retries",
  "failure_type",
  "failure_message"
];
async function writeCsvTests(out, job) {
  await write(out, csvRow(TEST_COLUMNS));
  let n = 0;
  for await (const { entry: e, bytes: bytes2 } of reports(job)) {
    const { run } = await readTests({ source: job.store.id(e.area, e.hash), open: () => bytesOnce(bytes2) });
    for (const t of run.tests)
      await write(
        out,
        csvRow([
          e.hash,
          e.project,
          e.branch,
          e.commit,
          e.timestamp,
          t.suite,
          t.classname,
          t.name,
          t.file,
          t.line,
          t.outcome,
          t.duration,
          t.retries,
          t.failure?.type,
          t.failure?.message
        ])
      );
    n++;
  }
  return n;
}
function manifestEntry(e, bytes2) {
  return {
    file: `${e.hash}.xml`,
    hash: e.hash,
    area: e.area,
    stored_at: e.storedAt,
    ...e.timestamp !== void 0 ? { timestamp: e.timestamp } : {},
    ...e.project !== void 0 ? { project: e.project } : {},
    ...e.branch !== void 0 ? { branch: e.branch } : {},
    ...e.commit !== void 0 ? { commit: e.commit } : {},
    status: runStatus(e),
    has_signature: e.signed,
    bytes: bytes2
  };
}
async function writeTarArchive(out, job) {
  const listed = [];
  async function* members2() {
    for await (const { entry, bytes: bytes2 } of reports(job)) {
      listed.push(manifestEntry(entry, bytes2.length));
      yield { name: `${entry.hash}.xml`, bytes: bytes2, mtime: new Date(Date.parse(entry.storedAt)) };
    }
    const manifest = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      exported_at: job.now.toISOString(),
      filter: job.filter,
      reports: listed
    };
    yield { name: MANIFEST, bytes: Buffer.from(JSON.stringify(manifest, null, 1) + "\n"), mtime: job.now };
  }
  await writeTar(out, members2());
  return listed.length;
}

// src/cli/commands/cache/export.ts
var USAGE5 = `Usage: jux cache export --output FILE [--format jsonl|csv|tar] [--per run|test] [--area A]
                        [--project P] [--branch B] [--commit SHA] [--status S] [--since T] [--until T]
                        [--storage-path DIR]

Writes the selected reports (each once, whatever areas hold it), oldest first, to FILE (mode 0600; written
beside it and moved into place when complete; it must not exist), or to standard output with -o - (the
tally then goes to standard error):
  jsonl  jux serve's export format (version 1): jux serve import and jux cache import read it
  csv    for spreadsheets: one row per report (--per run, the default: from the index, no report read)
         or per test (--per test); RFC 4180, a cell starting with = + - @ gets a leading '
  tar    the reports as <hash>.xml, their original bytes as signed, and manifest.json; jux cache import reads it
No report selected: "no report matches ...", nothing written, exit 0.

  -o, --output FILE   the file to write (required; must not exist; "-": standard output)
      --format F      jsonl (default), csv or tar
      --per run|test  csv only: a row per report (default) or per test
${QUERY_HELP}
`;
var OPTIONS5 = {
  ...COMMON,
  ...QUERY_OPTIONS,
  output: { type: "string", short: "o" },
  format: { type: "string" },
  per: { type: "string" }
};
var exportCommand = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS5, "cache export", true);
  if (values.help) return printHelp(io, USAGE5);
  exactPositionals("export", positionals, []);
  const format = choice("export", "format", values.format, FORMATS) ?? "jsonl";
  const per = choice("export", "per", values.per, PER);
  if (per !== void 0 && format !== "csv")
    throw new UsageError(`jux cache export: --per is for --format csv only, not ${format}`);
  if (!values.output)
    throw new UsageError("jux cache export: --output FILE is required (see jux cache export --help)");
  const toStdout = values.output === "-";
  const output = toStdout ? "standard output" : (0, import_node_path2.resolve)(io.cwd, values.output);
  if (!toStdout && (0, import_node_fs2.existsSync)(output))
    throw new Error(
      `jux cache export: ${output} already exists: choose another --output, or remove it first`
    );
  const now = /* @__PURE__ */ new Date();
  const { area, query } = queryOf("export", values, now);
  const store = await openStore(values, io);
  const entries = oncePerReport(await selectReports(store, area, query));
  if (entries.length === 0) {
    writeLine(io.stderr, `${noMatch(values, query)}: nothing written`);
    return EXIT.ok;
  }
  const reads = format !== "csv" || per === "test";
  const unreadable = reads && !hasZstd() ? entries.find((e) => e.compression === "zstd") : void 0;
  if (unreadable) throw noZstd(unreadable.path);
  const skipped = [];
  const job = {
    store,
    entries,
    filter: filterOf(values, query.since),
    now,
    skip: (e, why) => {
      skipped.push(e.hash);
      writeLine(io.stderr, `jux cache export: ${e.area}/${(0, import_node_path2.basename)(e.path)} left out: ${why}`);
    },
    progress: progressOn(io, "exporting")
  };
  const writer = (out) => format === "jsonl" ? writeJsonl(out, job) : format === "tar" ? writeTarArchive(out, job) : per === "test" ? writeCsvTests(out, job) : writeCsvRuns(out, job);
  const written = toStdout ? await writer(io.stdout) : await writeFile(output, writer, () => skipped.length);
  const what = format === "csv" ? `csv, a row per ${per ?? "run"}` : format;
  const tally = toStdout ? io.stderr : io.stdout;
  writeLine(tally, `jux cache export: ${written} report(s) written to ${output} (${what})`);
  if (skipped.length === 0) return EXIT.ok;
  return written > 0 ? EXIT.usage : EXIT.failure;
};
function writeFile(output, writer, skipped) {
  return writeStreamAtomic(
    output,
    async (out) => {
      const n = await writer(out);
      if (n === 0)
        throw new Error(
          `jux cache export: none of the ${skipped()} selected report(s) could be read (see above): nothing written to ${output}`
        );
      return n;
    },
    384,
    true,
    // Never over a file (or a link) that appeared at --output since it was checked.
    false
  );
}
function filterOf(values, since) {
  const filter = {};
  if (values.project !== void 0) filter.project = values.project;
  if (values.branch !== void 0) filter.branch = values.branch;
  if (since !== void 0) filter.since = new Date(since).toISOString();
  for (const key of ["commit", "status", "until", "area"])
    if (values[key] !== void 0) filter[key] = values[key];
  return filter;
}

// src/cli/commands/cache/import.ts
var import_promises3 = __toESM(require_promises(), 1);
var import_node_path3 = __toESM(require_path(), 1);

// src/cli/commands/cache/import-report.ts
async function checkReport(xml, source, trusted, limits) {
  try {
    if (trusted) {
      const open2 = () => bytesOnce(xml);
      const verdict = await verifyReport({ source, open: open2, reread: open2, trusted, limits });
      if (!verdict.valid) return { problem: `its signature does not verify: ${verdict.error}` };
      const read2 = { ...verdict, signed: true };
      const hash = verdict.canonicalHash;
      return { source, xml, hash, properties: verdict.summary.properties, checked: checkedReport(xml, read2) };
    }
    const read = await loadReportBytes(xml, source, limits);
    const checked = checkedReport(xml, { ...read, canonicalHash: read.hash });
    return { source, xml, hash: read.hash, properties: read.summary.properties, checked };
  } catch (e) {
    return { problem: `it is not a report the strict reader accepts: ${errorMessage(e)}` };
  }
}
function emptyTally() {
  return { imported: 0, skipped: 0, replaced: 0, refused: 0, problems: [] };
}
function tallyLine(t) {
  return `imported ${t.imported}, skipped ${t.skipped} (already stored: same canonical hash), replaced ${t.replaced}, refused ${t.refused}`;
}
var BATCH_REPORTS = 256;
var BATCH_BYTES = 64 * 1024 ** 2;
var ImportWriter = class {
  constructor(store, mode, tally) {
    this.store = store;
    this.mode = mode;
    this.tally = tally;
  }
  store;
  mode;
  tally;
  pending = [];
  bytes = 0;
  async add(report2) {
    this.pending.push(report2);
    this.bytes += report2.xml.length;
    if (this.pending.length >= BATCH_REPORTS || this.bytes >= BATCH_BYTES) await this.flush();
  }
  async flush() {
    const batch = this.pending;
    this.pending = [];
    this.bytes = 0;
    await this.store.batch(batch, async (r) => {
      const held = await this.store.has("reports", r.hash);
      if (held && this.mode !== "replace") {
        this.tally.skipped++;
        return;
      }
      if (held) await this.store.remove("reports", r.hash);
      await this.store.put("reports", r.xml, r.hash, r.checked);
      if (held) this.tally.replaced++;
      else this.tally.imported++;
    });
  }
};

// src/cli/commands/cache/import-sources.ts
var import_node_fs3 = __toESM(require_fs(), 1);
var maxLine = (maxBytes) => Math.ceil(maxBytes * 4 / 3) + 1024 ** 2;
async function checkedLine(text, bounds, src, n) {
  let line;
  try {
    line = parseRunLine(parseLine(text), bounds);
  } catch (e) {
    if (e instanceof FormatError) return { problem: e.message };
    throw e;
  }
  const xml = Buffer.from(line.report, "base64");
  if (xml.length > src.maxBytes)
    return { problem: `its report is ${xml.length} bytes, above --max-size (${src.maxBytes})` };
  const limits = { maxBytes: src.maxBytes };
  const report2 = await checkReport(xml, `${src.file} line ${n}`, src.trusted, limits);
  if ("problem" in report2) return report2;
  const mismatch = lineMismatch(line, statedFacts(report2.hash, report2.properties));
  return mismatch ? { problem: mismatch } : report2;
}
async function importJsonl(src) {
  const { tally } = src.writer;
  const refuse = (n, why) => (tally.refused++, src.refuse(`${src.file} line ${n}`, why));
  let bounds;
  let trailer;
  let runs = 0;
  for await (const l of readLines((0, import_node_fs3.createReadStream)(src.file), maxLine(src.maxBytes))) {
    if (!bounds) {
      if ("tooLong" in l)
        throw new FormatError(`${src.file} line 1 is ${l.tooLong} bytes: not an export header`);
      try {
        bounds = { exportedAt: parseHeader(l.text).exported_at, now: src.now };
      } catch (e) {
        if (e instanceof FormatError) throw new FormatError(`${src.file} ${e.message}`, { cause: e });
        throw e;
      }
      continue;
    }
    if ("tooLong" in l) {
      refuse(l.n, `it is ${l.tooLong} bytes, longer than a line holding a report of --max-size may be`);
      continue;
    }
    if (l.text.trim() === "") continue;
    if (trailer !== void 0) {
      refuse(l.n, "it follows the trailer line (the end of the export)");
      continue;
    }
    if (l.text.includes('"end"')) {
      try {
        const end = asTrailer(parseLine(l.text));
        if (end) {
          trailer = end.runs;
          continue;
        }
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        refuse(l.n, e.message);
        continue;
      }
    }
    runs++;
    const checked = await checkedLine(l.text, bounds, src, l.n);
    if ("problem" in checked) refuse(l.n, checked.problem);
    else await src.writer.add(checked);
  }
  await src.writer.flush();
  if (!bounds) throw new FormatError(`${src.file} is empty: not an export`);
  if (trailer === void 0)
    tally.problems.push(`${src.file} ends without its trailer line: the export is incomplete (truncated?)`);
  else if (trailer !== runs)
    tally.problems.push(`${src.file}: its trailer counts ${trailer} runs, the file has ${runs} run lines`);
}
var MANIFEST_PARSED_BYTES = 16 * 1024 * 1024;
function manifestHashes(bytes2) {
  let manifest;
  try {
    manifest = JSON.parse(bytes2.toString("utf8"));
  } catch {
    return `${MANIFEST} is not JSON`;
  }
  if (manifest?.format !== MANIFEST_FORMAT || manifest.version !== MANIFEST_VERSION)
    return `${MANIFEST} is not a jux cache export manifest of version ${MANIFEST_VERSION}`;
  if (!Array.isArray(manifest.reports)) return `${MANIFEST} has no "reports" list`;
  const hashes = manifest.reports.map((r) => r?.hash);
  return new Set(hashes.filter((h) => typeof h === "string"));
}
async function importTar(src) {
  const { tally } = src.writer;
  const limits = { ...TAR_LIMITS, memberBytes: src.maxBytes };
  const names = await checkArchive(src.file, limits);
  let listed;
  const found = /* @__PURE__ */ new Set();
  for await (const { name, bytes: bytes2 } of readMembers(src.file, limits)) {
    if (name === MANIFEST) {
      if (bytes2.length > MANIFEST_PARSED_BYTES) {
        src.note(
          `${src.file}: ${MANIFEST} is ${bytes2.length} bytes, over ${MANIFEST_PARSED_BYTES}: not cross-checked (each report is checked on its own)`
        );
        continue;
      }
      const hashes = manifestHashes(bytes2);
      if (typeof hashes === "string") tally.problems.push(`${src.file}: ${hashes}`);
      else listed = hashes;
      continue;
    }
    const claimed = REPORT_MEMBER.exec(name)[1];
    found.add(claimed);
    const source = `${src.file} member ${name}`;
    const report2 = await checkReport(bytes2, source, src.trusted, { maxBytes: src.maxBytes });
    const problem = "problem" in report2 ? report2.problem : report2.hash !== claimed ? `its canonical hash is sha256:${report2.hash}, not the one its name claims (the file was modified)` : void 0;
    if (problem !== void 0) {
      tally.refused++;
      src.refuse(source, problem);
    } else if (!("problem" in report2)) await src.writer.add(report2);
  }
  await src.writer.flush();
  if (!names.includes(MANIFEST))
    tally.problems.push(`${src.file} has no ${MANIFEST}: the archive is incomplete (truncated?)`);
  else if (listed) {
    const inManifest = listed;
    const missing = [...inManifest].filter((h) => !found.has(h)).length;
    const extra = [...found].filter((h) => !inManifest.has(h)).length;
    if (missing || extra)
      tally.problems.push(
        `${src.file}: ${MANIFEST} lists ${listed.size} reports; ${missing} of them are missing and ${extra} others are present`
      );
  }
}

// src/cli/commands/cache/import.ts
var USAGE6 = `Usage: jux cache import FILE [--on-conflict skip|replace|keep-both] [--cert FILE ...]
                        [--max-size SIZE] [--storage-path DIR] [--json]

Imports an export into the store's reports/: a JSON Lines file of jux serve export or jux cache export
--format jsonl, or a tar of jux cache export --format tar (told apart by their content; csv cannot be
imported). Each report is read as hostile input: the strict reader, its canonical hash recomputed (a file
name or a line's hash is never trusted), with --cert its signature verified. A refused report is named (its
line or member) and the others are imported. A tar holding a link, a directory, a path (..), an unknown name
or a size over the limits is refused whole: nothing of it is imported.

      --on-conflict M   when reports/ already holds the report (same canonical hash; the signature is not
                        part of it):
                          skip       keep the stored copy (default)
                          replace    store the imported bytes instead (e.g. signed by another key);
                                     needs --cert: only a copy that verifies replaces one
                          keep-both  as skip: the same report is kept once; different reports always
                                     have different names, so both are kept (as jux serve import's
                                     keep-both does for a same report)
      --max-size SIZE   the largest report accepted (default 50MB, as jux serve import's --max-body): a
                        longer jsonl line is refused unread; a larger tar member refuses the archive
  -c, --cert FILE       trusted certificate(s) or public key(s), PEM (repeatable): each report must carry a
                        signature that verifies against one
      --json            the tally as JSON

Exit status: 0 every report imported or skipped; 2 some refused (or the file incomplete) and others
imported; 1 nothing imported (not an export, a bad header, a refused archive, every report refused).
`;
var DEFAULT_MAX_SIZE = "50MB";
var OPTIONS6 = {
  ...COMMON,
  "on-conflict": { type: "string" },
  cert: { type: "string", short: "c", multiple: true },
  "max-size": { type: "string" },
  json: { type: "boolean" }
};
async function head(file) {
  let handle;
  try {
    handle = await (0, import_promises3.open)(file, "r");
  } catch (e) {
    const hint = errnoCode(e) === "ENOENT" ? ": give the file jux cache export or jux serve export wrote" : "";
    throw new Error(`jux cache import: cannot read ${file}: ${osReason(e)}${hint}`, { cause: e });
  }
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, 512, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
var UNVERIFIED = "its signature does not verify";
function shortReason(why) {
  return why.split(": ").slice(0, 2).join(": ").replace(/ \(.*$/, "");
}
function refusalsSaid(say) {
  const first = /* @__PURE__ */ new Map();
  const said = {
    unverified: 0,
    refuse: (source, why) => {
      if (why.startsWith(UNVERIFIED)) said.unverified++;
      const earlier = first.get(why);
      if (earlier === void 0) {
        first.set(why, source);
        say(`${source} refused: ${why}`);
      } else say(`${source} refused: ${shortReason(why)} (as ${earlier}, said in full above)`);
    }
  };
  return said;
}
function notAnExport(file, start) {
  const text = start.toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (text.startsWith("{")) return;
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const what = text.startsWith("<") ? "is an XML file (a JUnit report?), not an export: store a report with jux publish --storage-mode local FILE" : firstLine.includes(",") && !firstLine.includes("\0") ? "looks like a csv export, which cannot be imported: export with jux cache export --format jsonl or tar" : "is not an export: give a file of jux cache export --format jsonl|tar or of jux serve export";
  throw new Error(`jux cache import: ${file} ${what}`);
}
var importCommand = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS6, "cache import", true);
  if (values.help) return printHelp(io, USAGE6);
  const [given] = exactPositionals("import", positionals, ["FILE"]);
  const mode = choice("import", "on-conflict", values["on-conflict"], ON_CONFLICT) ?? "skip";
  const maxBytes = limitsOf(values["max-size"] ?? DEFAULT_MAX_SIZE, "cache import").maxBytes;
  if (mode === "replace" && !values.cert?.length)
    throw new UsageError(
      "jux cache import: --on-conflict replace needs --cert: a stored report is replaced only by a copy whose signature verifies (without it an unsigned or forged copy of the same report could replace a signed one); add --cert FILE, or use skip"
    );
  const trusted = values.cert?.length ? await trustedKeysFrom(values.cert, io) : void 0;
  const file = (0, import_node_path3.resolve)(io.cwd, given);
  const start = await head(file);
  const tar = looksLikeTar(start);
  if (!tar) notAnExport(file, start);
  const store = await openStore(values, io);
  const tally = emptyTally();
  const say = (message) => writeLine(io.stderr, `jux cache import: ${message}`);
  const refusals = refusalsSaid(say);
  const source = {
    file,
    trusted,
    writer: new ImportWriter(store, mode, tally),
    refuse: refusals.refuse,
    note: say,
    now: /* @__PURE__ */ new Date(),
    maxBytes
  };
  try {
    await (tar ? importTar(source) : importJsonl(source));
  } catch (e) {
    if (e instanceof ArchiveRefused) {
      const done = tally.imported + tally.replaced === 0 ? "nothing imported" : tallyLine(tally);
      throw new Error(`jux cache import: ${file} is refused whole (${done}): ${e.message}`, { cause: e });
    }
    if (e instanceof FormatError) throw new Error(`jux cache import: ${e.message}`, { cause: e });
    throw e;
  }
  tally.problems.forEach(say);
  if (trusted && refusals.unverified > 0)
    say(
      `${refusals.unverified} report(s) refused because their signature does not verify with --cert: give the certificate (or public key) of the key that signed them (jux inspect shows it), or import without --cert`
    );
  if (values.json)
    writeLine(io.stdout, json({ file, format: tar ? "tar" : "jsonl", onConflict: mode, ...tally }));
  else writeLine(io.stdout, `jux cache import: ${tallyLine(tally)}`);
  if (tally.refused === 0 && tally.problems.length === 0) return EXIT.ok;
  return tally.imported + tally.skipped + tally.replaced > 0 ? EXIT.usage : EXIT.failure;
};

// src/cli/commands/cache/list.ts
var USAGE7 = `Usage: jux cache list [--area A] [--project P] [--branch B] [--commit SHA] [--status S]
                      [--since T] [--until T] [--storage-path DIR] [--json]

One line per report: hash, area, when, project, branch, status, counts, oldest first. Every criterion given must
hold; they are read from the store's index (index.json), not from the reports. No match: "no report matches ..."
on standard error, exit 0 (--json prints []).

${QUERY_HELP}
`;
var OPTIONS7 = { ...COMMON, ...QUERY_OPTIONS, json: { type: "boolean" } };
var list = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS7, "cache list", true);
  if (values.help) return printHelp(io, USAGE7);
  exactPositionals("list", positionals, []);
  const { area, query } = queryOf("list", values, /* @__PURE__ */ new Date());
  const store = await openStore(values, io);
  const entries = await selectReports(store, area, query);
  if (values.json) {
    writeLine(io.stdout, json(entries.map(withStatus)));
    return 0;
  }
  if (entries.length === 0) writeLine(io.stderr, noMatch(values, query));
  const rows = entries.map((e) => [
    e.hash.slice(0, 12),
    e.area,
    when(e.timestamp ?? e.storedAt),
    e.project ?? "-",
    e.branch ?? "-",
    runStatus(e),
    countsText(e)
  ]);
  for (const line of aligned(rows)) writeLine(io.stdout, line);
  return 0;
};

// src/cli/commands/cache/push.ts
var USAGE8 = "Usage: jux cache push [--storage-path DIR] [--api-url URL] [--dry-run] [--json]\n       jux cache push --from-artifacts --repo OWNER/REPO [--artifact-name NAME] [--token-env VAR] [--cert FILE]\n\nPublishes the store's offline queue, oldest first (as jux publish --queue). Exit status: 0 all published,\n1 none, 2 some. --from-artifacts first drains the action's pending artifacts of OWNER/REPO into it\n(jux cache push --from-artifacts --help).\n";
var push = async (argv, io) => {
  const publish = async (args, io2) => (await import("./publish-FGDNCBXX.js")).publish(args, io2);
  if (argv.includes("--from-artifacts"))
    return (await import("./push-artifacts-7EOED3RA.js")).pushFromArtifacts(argv, io, publish);
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(USAGE8);
    return 0;
  }
  return publish(["--queue", ...argv], io);
};

// src/cli/commands/cache/recompress.ts
var USAGE9 = `Usage: jux cache recompress [--to zstd|gzip|none] [--storage-path DIR] [--json]

Rewrites every stored report (reports/, queue/, rejected/) compressed as --to says (default: the compress
option): the reports, their hashes and ages are unchanged. E.g. --to gzip on Node.js >= 22.15 makes a zstd store
readable by a Node.js without zstd; --to none gives pytest-jux's <hash>.xml files back. Reports under 1 KiB stay
as they are.
`;
var OPTIONS8 = { ...COMMON, to: { type: "string" }, json: { type: "boolean" } };
var recompress = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS8, "cache recompress", true);
  if (values.help) return printHelp(io, USAGE9);
  exactPositionals("recompress", positionals, []);
  const to = choice("recompress", "to", values.to, COMPRESSIONS);
  if (to === "zstd" && !hasZstd())
    throw new UsageError(
      `jux cache recompress: --to zstd needs zstd in node:zlib (Node.js >= 22.15), and this is Node.js ${process.version}: run it there, or use --to gzip`
    );
  const store = await openStore(values, io);
  const target = to ?? store.compression;
  const progress = progressOn(io, "recompressing");
  const result = await store.recompress(target, progress);
  if (values.json) writeLine(io.stdout, json({ to: target, ...result }));
  else
    writeLine(
      io.stdout,
      `rewrote ${result.rewritten} report(s) as ${target}; ${result.unchanged} already were (or are under 1 KiB)`
    );
  return 0;
};

// src/cli/commands/cache/rejection.ts
var MAX = 500;
function oneLine(text) {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return flat.length > MAX ? `${flat.slice(0, MAX - 3)}...` : flat;
}
function reasonOf(details) {
  if (details === void 0 || details === null) return void 0;
  if (typeof details === "string") return oneLine(details);
  const message = details.message;
  if (typeof message === "string") return oneLine(message);
  return oneLine(JSON.stringify(details));
}
function rejectionRows(rejection) {
  if (!rejection)
    return [["rejected", "by the server (its answer was not kept: no reason.json beside the report)"]];
  const when2 = rejection.at ? ` on ${rejection.at}` : "";
  const rows = [
    ["rejected", `by the server${when2}: HTTP ${rejection.status}, ${oneLine(rejection.error)}`]
  ];
  const reason = reasonOf(rejection.details);
  if (reason) rows.push(["reason", reason]);
  if (rejection.suggestions?.length)
    rows.push(["suggestions", rejection.suggestions.map((s) => oneLine(String(s))).join("; ")]);
  return rows;
}

// src/cli/commands/cache/show.ts
var USAGE10 = `Usage: jux cache show HASH [--xml] [--storage-path DIR] [--json]

HASH may be a unique prefix (with or without "sha256:"). --xml prints the stored bytes, after checking them.
`;
var OPTIONS9 = { ...COMMON, xml: { type: "boolean" }, json: { type: "boolean" } };
var show = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS9, "cache show", true);
  if (values.help) return printHelp(io, USAGE10);
  const [prefix] = exactPositionals("show", positionals, ["HASH"]);
  const store = await openStore(values, io);
  const entry = await store.findByPrefix(prefix);
  if (values.xml) {
    io.stdout.write(await store.read(entry.area, entry.hash));
    return 0;
  }
  const rejected = entry.area === "rejected" || await store.has("rejected", entry.hash);
  const rejection = rejected ? await store.rejection(entry.hash) : void 0;
  if (values.json) {
    writeLine(io.stdout, json({ ...withStatus(entry), ...rejection ? { rejection } : {} }));
    return 0;
  }
  const rows = [
    ["hash", `sha256:${entry.hash}`],
    ["area", entry.area],
    ["path", entry.path],
    ["stored", entry.storedAt],
    ["project", entry.project],
    ["branch", entry.branch],
    ["commit", entry.commit],
    ["timestamp", entry.timestamp],
    ["status", runStatus(entry)],
    ["tests", `${countsText(entry)}, ${entry.passed} passed (${entry.time} s)`],
    ["signed", entry.signed ? "yes" : "no"],
    ["size", bytes(entry.originalSize)],
    [
      "compressed",
      entry.compression === "none" ? "no" : `${entry.compression}, ${bytes(entry.size)} on disk`
    ],
    ...rejected ? rejectionRows(rejection) : []
  ];
  const present = rows.filter((r) => r[1] !== void 0);
  for (const line of aligned(present.map(([k, v]) => [`${k}:`, v]))) writeLine(io.stdout, line);
  return 0;
};

// src/cli/commands/cache/stats.ts
var USAGE11 = `Usage: jux cache stats [--storage-path DIR] [--json]

size: every report file, quarantine included; stored: the reports' files (compressed where they are; each
report once, as max_size counts it) against the reports' own bytes, and how many are kept in each form.
Sizes in kB, MB, GB (powers of 1000, as max_size reads them).

      --json            the figures as JSON (bytes, storedBytes, originalBytes, compression, ...)
`;
var OPTIONS10 = { ...COMMON, json: { type: "boolean" } };
function storedText(s) {
  const share = s.originalBytes > 0 ? Math.round(100 * s.storedBytes / s.originalBytes) : 100;
  const forms = Object.entries(s.compression).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`);
  return `${bytes(s.storedBytes)} for ${bytes(s.originalBytes)} of reports (${share} %${forms.length ? `; ${forms.join(", ")}` : ""})`;
}
var stats = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS10, "cache stats", true);
  if (values.help) return printHelp(io, USAGE11);
  exactPositionals("stats", positionals, []);
  const store = await openStore(values, io);
  const s = await store.stats();
  if (values.json) {
    writeLine(io.stdout, json({ base: store.base, ...s }));
    return 0;
  }
  const rows = [
    ["store:", store.base],
    ["reports:", String(s.reports)],
    ["queued:", String(s.queued)],
    ["rejected:", String(s.rejected)],
    ["quarantined:", String(s.quarantined)],
    ["size:", bytes(s.bytes)],
    ["stored:", storedText(s)],
    ["oldest report:", s.oldest ?? "-"],
    [
      "oldest queued:",
      s.oldestQueued ? `${s.oldestQueued} (${duration(s.oldestQueuedAgeSeconds ?? 0)} ago)` : "-"
    ],
    [
      "leftovers:",
      s.leftovers ? `${s.leftovers} (of interrupted writes, not resolved: the next command that gets the store's lock resolves them)` : "0"
    ]
  ];
  for (const line of aligned(rows)) writeLine(io.stdout, line);
  return 0;
};

// src/cli/commands/cache/index.ts
var USAGE12 = `Usage: jux cache <command> [options]

The local report store: reports/ (kept), queue/ (waiting to be published), rejected/ (refused by a server),
quarantine/ (files that failed their integrity check).

Commands:
  list          list the stored reports, one line each
  show HASH     a report's summary and path (a unique prefix of the hash is enough); --xml prints it
  stats         counts, stored and original sizes, oldest report, age of the oldest queued report
  clean         remove reports older than N days, or apply max_size/max_reports (never the queue)
  clear-queue   drop every queued report (needs --confirm)
  compare A B   per-test differences between two reports (hashes in the store or files)
  push          publish the queued reports to a Jux API server
  recompress    rewrite the stored reports compressed as --to says (zstd, gzip, none)
  delete        remove reports by hash or by criteria (never a queued one without --force)
  export        write reports to a file: jsonl (jux serve's format), csv or tar
  import FILE   read an export (jsonl or tar) into the store, each report checked

${STORE_NOTE}
Run "jux cache <command> --help" for a command's options.
`;
var SUBCOMMANDS = {
  list,
  show,
  stats,
  clean,
  "clear-queue": clearQueue,
  compare,
  push,
  recompress,
  delete: deleteCommand,
  export: exportCommand,
  import: importCommand
};
function storagePathFirst(argv) {
  const [first, ...rest] = argv;
  if (first === "--storage-path" && rest.length >= 2) return [rest[1], first, rest[0], ...rest.slice(2)];
  if (first?.startsWith("--storage-path=") && rest.length >= 1) return [rest[0], first, ...rest.slice(1)];
  return argv;
}
var cache = async (argv, io) => {
  const [sub, ...rest] = storagePathFirst(argv);
  if (sub === void 0 || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout.write(USAGE12);
    return sub === void 0 ? 2 : 0;
  }
  const command = SUBCOMMANDS[sub];
  if (!command)
    throw new UsageError(
      `jux cache: unknown command "${sub}" (commands: ${Object.keys(SUBCOMMANDS).join(", ")}; see jux cache --help)`
    );
  return command(rest, io);
};
export {
  cache,
  storagePathFirst
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  errnoCode,
  fileChunks,
  loadTrustedKeys,
  osReason,
  require_crypto,
  require_promises,
  require_stream
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

// require-builtin:util
var require_util = __commonJS({
  "require-builtin:util"(exports, module) {
    module.exports = __require("node:util");
  }
});

// require-builtin:stream/promises
var require_promises2 = __commonJS({
  "require-builtin:stream/promises"(exports, module) {
    module.exports = __require("node:stream/promises");
  }
});

// src/core/config/size.ts
var UNITS = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3
};
function parseSize(text, source) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2].toLowerCase()] : void 0;
  if (!m || unit === void 0) {
    throw new Error(
      `${source}: "${text}" is not a size (use bytes, or a number with KB, MB, GB, KiB, MiB or GiB)`
    );
  }
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1) throw new Error(`${source}: the size must be at least one byte`);
  return bytes;
}

// src/core/command/io.ts
var UsageError = class extends Error {
  name = "UsageError";
};
var FileError = class extends Error {
  name = "FileError";
};
var EXIT = {
  /** Everything asked was done (also when there was nothing to do). */
  ok: 0,
  /** The command ran and failed: bad or missing input, invalid signature, configuration, store, server. */
  failure: 1,
  /** A usage error; for publish and cache push also a partial success (as pytest-jux's jux-publish). */
  usage: 2
};
function writeLine(stream, line) {
  stream.write(line + "\n");
}

// src/core/command/args.ts
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_path(), 1);
var import_node_util = __toESM(require_util(), 1);
function parse(argv, options, command, positionals = false) {
  try {
    return (0, import_node_util.parseArgs)({ args: argv, options, allowPositionals: positionals, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(
      `jux ${command}: ${e.message.replace(/\. To specify a positional.*$/s, "")} (see jux ${command} --help)`
    );
  }
}
function inputOf(path, io) {
  if (path === void 0 || path === "-") {
    let opened = false;
    return {
      source: "<stdin>",
      open: () => {
        if (opened) throw new Error("standard input can only be read once");
        opened = true;
        return io.stdin;
      }
    };
  }
  const full = (0, import_node_path.resolve)(io.cwd, path);
  return { source: path, open: () => fileChunks(full, path) };
}
async function readText(path, io, what) {
  try {
    return await (0, import_promises.readFile)((0, import_node_path.resolve)(io.cwd, path));
  } catch (e) {
    throw new FileError(`cannot read the ${what} ${path}: ${osReason(e)}`);
  }
}
function limitsOf(maxSize, command) {
  if (maxSize === void 0) return {};
  try {
    return { maxBytes: parseSize(maxSize, `jux ${command} --max-size`) };
  } catch (e) {
    throw new UsageError(e.message);
  }
}
async function trustedKeysFrom(paths, io) {
  const keys = [];
  for (const path of paths)
    keys.push(...loadTrustedKeys({ pem: await readText(path, io, "certificate"), source: path }));
  return keys;
}
function json(value) {
  return JSON.stringify(value, null, 2);
}

// src/core/fs/atomic-file.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var import_node_fs = __toESM(require_fs(), 1);
var import_promises2 = __toESM(require_promises(), 1);
var import_node_path2 = __toESM(require_path(), 1);
var import_node_stream = __toESM(require_stream(), 1);
var import_promises3 = __toESM(require_promises2(), 1);
var NO_HARD_LINKS = /* @__PURE__ */ new Set([
  "EPERM",
  "ENOTSUP",
  "EOPNOTSUPP",
  "ENOSYS",
  "EXDEV",
  "EMLINK"
]);
function writeError(path, err) {
  if (errnoCode(err) === "EEXIST") return alreadyExists(path);
  return new Error(`cannot write ${path}: ${osReason(err)}`, { cause: err });
}
function alreadyExists(path) {
  return Object.assign(new Error(`${path} already exists (use --force to replace it)`), { code: "EEXIST" });
}
function tempPath(path) {
  return (0, import_node_path2.join)((0, import_node_path2.dirname)(path), `.${(0, import_node_path2.basename)(path)}.${(0, import_node_crypto.randomBytes)(6).toString("hex")}.tmp`);
}
async function removeQuietly(path) {
  await (0, import_promises2.unlink)(path).catch(() => void 0);
}
async function syncDirectory(dir) {
  const handle = await (0, import_promises2.open)(dir, import_node_fs.constants.O_RDONLY).catch(() => void 0);
  if (handle === void 0) return;
  await handle.sync().catch(() => void 0);
  await handle.close();
}
async function writeAndSync(handle, data, mode) {
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}
async function writeTemp(path, data, mode) {
  const temp = tempPath(path);
  const handle = await (0, import_promises2.open)(temp, "wx", 384);
  try {
    await writeAndSync(handle, data, mode);
  } catch (err) {
    await removeQuietly(temp);
    throw err;
  }
  return temp;
}
async function writeExclusiveInPlace(path, data, mode) {
  const handle = await (0, import_promises2.open)(path, "wx", 384);
  try {
    await writeAndSync(handle, data, mode);
  } catch (err) {
    await removeQuietly(path);
    throw err;
  }
}
async function linkNoReplace(temp, path) {
  try {
    await (0, import_promises2.link)(temp, path);
    return true;
  } catch (err) {
    if (NO_HARD_LINKS.has(errnoCode(err) ?? "")) return false;
    throw err;
  }
}
async function moveIntoPlace(temp, path, data, mode, overwrite) {
  if (overwrite) {
    await (0, import_promises2.rename)(temp, path);
    return;
  }
  const linked = await linkNoReplace(temp, path);
  await removeQuietly(temp);
  if (!linked) await writeExclusiveInPlace(path, data, mode);
}
async function writeFileAtomic(path, data, mode = 384, options = {}) {
  let temp;
  try {
    temp = await writeTemp(path, data, mode);
    await moveIntoPlace(temp, path, data, mode, options.overwrite ?? false);
  } catch (err) {
    if (temp !== void 0) await removeQuietly(temp);
    throw writeError(path, err);
  }
  await syncDirectory((0, import_node_path2.dirname)(path));
}
var HOLD = 256 * 1024;
var HeldFileWriter = class extends import_node_stream.Writable {
  constructor(handle) {
    super({ highWaterMark: HOLD });
    this.handle = handle;
  }
  handle;
  held = [];
  heldBytes = 0;
  _writev(chunks, done) {
    for (const { chunk } of chunks) {
      const bytes = chunk;
      this.held.push(bytes);
      this.heldBytes += bytes.length;
    }
    if (this.heldBytes < HOLD) done();
    else this.flush().then(() => done(), done);
  }
  _final(done) {
    this.flush().then(() => done(), done);
  }
  async flush() {
    let buffers = this.held;
    this.held = [];
    this.heldBytes = 0;
    while (buffers.length > 0) {
      const { bytesWritten } = await this.handle.writev(buffers);
      buffers = unwritten(buffers, bytesWritten);
    }
  }
};
function unwritten(buffers, written) {
  let i = 0;
  while (i < buffers.length && written >= buffers[i].length) written -= buffers[i++].length;
  if (i === buffers.length) return [];
  return [buffers[i].subarray(written), ...buffers.slice(i + 1)];
}
async function moveNoReplace(temp, path) {
  try {
    if (await linkNoReplace(temp, path)) {
      await removeQuietly(temp);
      return;
    }
    await (await (0, import_promises2.open)(path, "wx", 384)).close();
  } catch (err) {
    if (errnoCode(err) === "EEXIST")
      throw Object.assign(new Error(`${path} appeared while it was written: nothing was written over it`), {
        code: "EEXIST"
      });
    throw err;
  }
  await (0, import_promises2.rename)(temp, path);
}
async function writeStreamAtomic(path, produce, mode = 420, durable = true, replace = true) {
  const temp = tempPath(path);
  let handle;
  let created = false;
  let failure;
  try {
    handle = await (0, import_promises2.open)(temp, "wx", mode);
    created = true;
    const out = new HeldFileWriter(handle);
    out.on("error", (e) => failure ??= e);
    try {
      const result = await produce(out);
      out.end();
      await (0, import_promises3.finished)(out);
      if (durable) await handle.sync();
      await handle.close();
      handle = void 0;
      if (replace) await (0, import_promises2.rename)(temp, path);
      else await moveNoReplace(temp, path);
      return result;
    } catch (e) {
      out.destroy();
      throw e;
    }
  } catch (e) {
    await handle?.close().catch(() => void 0);
    if (created) await (0, import_promises2.unlink)(temp).catch(() => void 0);
    if (e === failure || e.syscall)
      throw new Error(`cannot write ${path}: ${osReason(e)}`, { cause: e });
    throw e;
  }
}

export {
  require_util,
  parseSize,
  UsageError,
  FileError,
  EXIT,
  writeLine,
  parse,
  inputOf,
  readText,
  limitsOf,
  trustedKeysFrom,
  json,
  require_promises2 as require_promises,
  NO_HARD_LINKS,
  syncDirectory,
  writeFileAtomic,
  writeStreamAtomic
};

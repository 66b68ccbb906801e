import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  require_util
} from "./chunk-3EVBE5KG.js";
import {
  errnoCode,
  osReason,
  require_crypto,
  require_promises
} from "./chunk-4N27YXWF.js";
import {
  require_fs,
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-3XIP2PPI.js";

// require-builtin:events
var require_events = __commonJS({
  "require-builtin:events"(exports, module) {
    module.exports = __require("node:events");
  }
});

// src/core/fs/atomic-file.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var import_node_events = __toESM(require_events(), 1);
var import_node_fs = __toESM(require_fs(), 1);
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_path(), 1);
var import_node_util = __toESM(require_util(), 1);
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
  return (0, import_node_path.join)((0, import_node_path.dirname)(path), `.${(0, import_node_path.basename)(path)}.${(0, import_node_crypto.randomBytes)(6).toString("hex")}.tmp`);
}
async function removeQuietly(path) {
  await (0, import_promises.unlink)(path).catch(() => void 0);
}
async function syncDirectory(dir) {
  const handle = await (0, import_promises.open)(dir, import_node_fs.constants.O_RDONLY).catch(() => void 0);
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
  const handle = await (0, import_promises.open)(temp, "wx", 384);
  try {
    await writeAndSync(handle, data, mode);
  } catch (err) {
    await removeQuietly(temp);
    throw err;
  }
  return temp;
}
async function writeExclusiveInPlace(path, data, mode) {
  const handle = await (0, import_promises.open)(path, "wx", 384);
  try {
    await writeAndSync(handle, data, mode);
  } catch (err) {
    await removeQuietly(path);
    throw err;
  }
}
async function linkNoReplace(temp, path) {
  try {
    await (0, import_promises.link)(temp, path);
    return true;
  } catch (err) {
    if (NO_HARD_LINKS.has(errnoCode(err) ?? "")) return false;
    throw err;
  }
}
async function moveIntoPlace(temp, path, data, mode, overwrite) {
  if (overwrite) {
    await (0, import_promises.rename)(temp, path);
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
  await syncDirectory((0, import_node_path.dirname)(path));
}
var fsyncAsync = (0, import_node_util.promisify)(import_node_fs.fsync);
var closeAsync = (0, import_node_util.promisify)(import_node_fs.close);
async function writeStreamAtomic(path, produce, mode = 420, durable = true) {
  const temp = tempPath(path);
  const out = (0, import_node_fs.createWriteStream)(temp, { flags: "wx", mode, autoClose: false });
  let failure;
  out.on("error", (e) => failure ??= e);
  try {
    await (0, import_node_events.once)(out, "open");
    const result = await produce(out);
    out.end();
    await (0, import_node_events.once)(out, "finish");
    if (failure) throw failure;
    if (durable) await fsyncAsync(out.fd);
    await closeAsync(out.fd);
    await (0, import_promises.rename)(temp, path);
    return result;
  } catch (e) {
    out.destroy();
    if (typeof out.fd === "number") await closeAsync(out.fd).catch(() => void 0);
    await (0, import_promises.unlink)(temp).catch(() => void 0);
    if (e === failure || e.syscall)
      throw new Error(`cannot write ${path}: ${osReason(e)}`, { cause: e });
    throw e;
  }
}

export {
  require_events,
  NO_HARD_LINKS,
  syncDirectory,
  writeFileAtomic,
  writeStreamAtomic
};

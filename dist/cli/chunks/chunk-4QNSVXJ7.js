import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/core/atomic-file.ts
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
var NO_HARD_LINKS = /* @__PURE__ */ new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV", "EMLINK"]);
function errnoCode(err) {
  const code = err?.code;
  return typeof code === "string" ? code : void 0;
}
function errorMessage(err) {
  const message = err?.message;
  return typeof message === "string" ? message : String(err);
}
function osReason(err) {
  const code = errnoCode(err);
  const message = errorMessage(err);
  if (code === void 0) return message;
  const description = new RegExp(`^${code}: ([^,]+)`).exec(message)?.[1];
  return `${description ?? message} (${code})`;
}
function writeError(path, err) {
  if (errnoCode(err) === "EEXIST") return alreadyExists(path);
  return new Error(`cannot write ${path}: ${osReason(err)}`, { cause: err });
}
function alreadyExists(path) {
  return Object.assign(new Error(`${path} already exists (use --force to replace it)`), { code: "EEXIST" });
}
function tempPath(path) {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}
async function removeQuietly(path) {
  await unlink(path).catch(() => void 0);
}
async function syncDirectory(dir) {
  const handle = await open(dir, constants.O_RDONLY).catch(() => void 0);
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
  const handle = await open(temp, "wx", 384);
  try {
    await writeAndSync(handle, data, mode);
  } catch (err) {
    await removeQuietly(temp);
    throw err;
  }
  return temp;
}
async function writeExclusiveInPlace(path, data, mode) {
  const handle = await open(path, "wx", 384);
  try {
    await writeAndSync(handle, data, mode);
  } catch (err) {
    await removeQuietly(path);
    throw err;
  }
}
async function linkNoReplace(temp, path) {
  try {
    await link(temp, path);
    return true;
  } catch (err) {
    if (NO_HARD_LINKS.has(errnoCode(err) ?? "")) return false;
    throw err;
  }
}
async function publish(temp, path, data, mode, overwrite) {
  if (overwrite) {
    await rename(temp, path);
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
    await publish(temp, path, data, mode, options.overwrite ?? false);
  } catch (err) {
    if (temp !== void 0) await removeQuietly(temp);
    throw writeError(path, err);
  }
  await syncDirectory(dirname(path));
}

// src/cli/io.ts
var UsageError = class extends Error {
  name = "UsageError";
};
function writeLine(stream, line) {
  stream.write(line + "\n");
}

export {
  __require,
  __esm,
  __commonJS,
  __export,
  __toESM,
  __toCommonJS,
  errorMessage,
  osReason,
  writeFileAtomic,
  UsageError,
  writeLine
};

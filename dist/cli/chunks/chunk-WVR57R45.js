import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  errnoCode,
  osReason
} from "./chunk-S6MUBIXY.js";

// src/core/fs/atomic-file.ts
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { close, constants, createWriteStream, fsync } from "node:fs";
import { link, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
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
async function moveIntoPlace(temp, path, data, mode, overwrite) {
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
    await moveIntoPlace(temp, path, data, mode, options.overwrite ?? false);
  } catch (err) {
    if (temp !== void 0) await removeQuietly(temp);
    throw writeError(path, err);
  }
  await syncDirectory(dirname(path));
}
var fsyncAsync = promisify(fsync);
var closeAsync = promisify(close);
async function writeStreamAtomic(path, produce, mode = 420) {
  const temp = tempPath(path);
  const out = createWriteStream(temp, { flags: "wx", mode, autoClose: false });
  let failure;
  out.on("error", (e) => failure ??= e);
  try {
    await once(out, "open");
    const result = await produce(out);
    out.end();
    await once(out, "finish");
    if (failure) throw failure;
    await fsyncAsync(out.fd);
    await closeAsync(out.fd);
    await rename(temp, path);
    return result;
  } catch (e) {
    out.destroy();
    if (typeof out.fd === "number") await closeAsync(out.fd).catch(() => void 0);
    await unlink(temp).catch(() => void 0);
    if (e === failure || e.syscall)
      throw new Error(`cannot write ${path}: ${osReason(e)}`, { cause: e });
    throw e;
  }
}

export {
  NO_HARD_LINKS,
  syncDirectory,
  writeFileAtomic,
  writeStreamAtomic
};

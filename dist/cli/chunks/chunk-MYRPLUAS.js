import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  readReport
} from "./chunk-R3FYA6IS.js";
import {
  DEFAULT_LIMITS,
  bytesOnce,
  osReason,
  require_crypto,
  require_promises
} from "./chunk-ZO2J5MLX.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

// src/core/publish/report-file.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var import_promises = __toESM(require_promises(), 1);
async function loadReportBytes(xml, source, limits, also) {
  const open = () => bytesOnce(xml);
  const reading = await readReport({
    source,
    open,
    reread: open,
    ...limits ? { limits } : {},
    ...also ? { also } : {}
  });
  return {
    id: source,
    xml,
    hash: reading.canonicalHash,
    summary: reading.summary,
    signed: reading.signature !== void 0
  };
}
async function readCapped(path, source, limits) {
  const max = limits?.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  try {
    const { size } = await (0, import_promises.stat)(path);
    if (size > max) throw new Error(`${source}: the file is ${size} bytes, over the ${max}-byte limit`);
    return await (0, import_promises.readFile)(path);
  } catch (e) {
    if (e.code)
      throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
    throw e;
  }
}
async function loadReportFile(path, source = path, limits, also) {
  return loadReportBytes(await readCapped(path, source, limits), source, limits, also);
}

export {
  loadReportBytes,
  loadReportFile
};

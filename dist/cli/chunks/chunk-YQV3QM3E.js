import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  bytes
} from "./chunk-OXD67FX5.js";
import {
  readReport
} from "./chunk-NKD7BIX5.js";
import {
  COMPRESSIONS,
  SUFFIX,
  StoreCodecError,
  StoreError,
  StoreLockedError,
  abandonedCandidates,
  decodeSniffed,
  effectiveCompression,
  encodeStored,
  lockCandidates,
  readStored,
  require_async_hooks,
  settingsOf,
  storageBase,
  storeError,
  storeLockError,
  withFileLock
} from "./chunk-2JDYEZ2Q.js";
import {
  NO_HARD_LINKS,
  UsageError,
  syncDirectory,
  writeFileAtomic,
  writeLine
} from "./chunk-FDG5WOXJ.js";
import {
  DEFAULT_LIMITS,
  bytesOnce,
  errnoCode,
  errorMessage,
  osReason,
  require_crypto,
  require_promises
} from "./chunk-KE6R4GHG.js";
import {
  require_fs,
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

// src/core/publish/report-file.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var import_promises = __toESM(require_promises(), 1);

// src/core/store/types.ts
var AREAS = ["reports", "queue", "rejected"];
var HASH = /^[0-9a-f]{64}$/;

// src/core/publish/report-file.ts
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

// src/core/store/store.ts
var import_node_async_hooks2 = __toESM(require_async_hooks(), 1);
var import_node_path6 = __toESM(require_path(), 1);

// src/core/store/describe.ts
var import_node_crypto2 = __toESM(require_crypto(), 1);
async function describeReport(bytes2, source) {
  const reading = await readReport({ source, open: () => bytesOnce(bytes2) });
  return { hash: reading.canonicalHash, facts: factsOf(reading.summary, reading.signature !== void 0) };
}
function factsOf(s, signed) {
  const property = (name) => s.properties.find((p) => p.name === name)?.value;
  const facts = {
    tests: s.tests,
    failures: s.failures,
    errors: s.errors,
    skipped: s.skipped,
    passed: s.passed,
    time: s.time,
    signed
  };
  const optional = {
    project: "project",
    branch: "git:branch",
    commit: "git:commit",
    timestamp: "jux:timestamp"
  };
  for (const [key, name] of Object.entries(optional)) {
    const value = property(name);
    if (value !== void 0) facts[key] = value;
  }
  return facts;
}
var sha256 = (bytes2) => (0, import_node_crypto2.createHash)("sha256").update(bytes2).digest("hex");
function checkedReport(bytes2, read2) {
  return Object.freeze({
    bytes: bytes2,
    hash: read2.canonicalHash,
    facts: Object.freeze(factsOf(read2.summary, read2.signed)),
    sha256: sha256(bytes2)
  });
}
function checkedFor(checked, bytes2, hash) {
  if (checked === void 0 || checked.bytes !== bytes2 || checked.hash !== hash) return void 0;
  if (sha256(bytes2) !== checked.sha256) return void 0;
  return { hash: checked.hash, facts: { ...checked.facts } };
}

// src/core/store/index-file.ts
var import_node_async_hooks = __toESM(require_async_hooks(), 1);
var import_promises3 = __toESM(require_promises(), 1);

// src/core/store/files.ts
var import_node_fs = __toESM(require_fs(), 1);
var import_promises2 = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_path(), 1);
async function ensureDirectory(dir) {
  try {
    await (0, import_promises2.mkdir)(dir, { recursive: true, mode: 448 });
  } catch (e) {
    if (errnoCode(e) !== "EEXIST") throw storeError("create the directory", dir, e);
  }
  const info = await (0, import_promises2.lstat)(dir).catch((e) => {
    throw storeError("create the directory", dir, e);
  });
  if (!info.isDirectory()) throw new StoreError(`cannot use ${dir}: it is not a directory`);
}
async function writeStoreFile(path, data, overwrite) {
  try {
    await writeFileAtomic(path, data, 384, { overwrite });
    return true;
  } catch (e) {
    if (!overwrite && errnoCode(e) === "EEXIST") return false;
    throw storeError("write", path, e.cause ?? e);
  }
}
function writePrivateFile(path, data) {
  try {
    let fd;
    try {
      fd = (0, import_node_fs.openSync)(path, "wx", 384);
    } catch (e) {
      if (errnoCode(e) !== "EEXIST") throw e;
      (0, import_node_fs.unlinkSync)(path);
      fd = (0, import_node_fs.openSync)(path, "wx", 384);
    }
    try {
      for (let at = 0; at < data.length; ) at += (0, import_node_fs.writeSync)(fd, data, at);
      (0, import_node_fs.fsyncSync)(fd);
      (0, import_node_fs.fchmodSync)(fd, 384);
      const info = (0, import_node_fs.fstatSync)(fd);
      return { size: info.size, mtimeMs: info.mtimeMs };
    } finally {
      (0, import_node_fs.closeSync)(fd);
    }
  } catch (e) {
    throw storeError("write", path, e);
  }
}
async function linkStoreFile(from, to, data) {
  try {
    (0, import_node_fs.linkSync)(from, to);
    return { linked: true };
  } catch (e) {
    const code = errnoCode(e);
    if (code === "EEXIST") return false;
    if (!NO_HARD_LINKS.has(code ?? "")) throw storeError("write", to, e);
  }
  return await writeStoreFile(to, data, false) && { linked: false };
}
async function moveFile(from, to) {
  try {
    await (0, import_promises2.rename)(from, to);
  } catch (e) {
    throw storeError(`move ${from} to`, to, e);
  }
  await syncDirectory((0, import_node_path.dirname)(to));
}
async function removeFile(path) {
  try {
    await (0, import_promises2.unlink)(path);
    return true;
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return false;
    throw storeError("remove", path, e);
  }
}
function removeFileSync(path) {
  try {
    (0, import_node_fs.unlinkSync)(path);
    return true;
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return false;
    throw storeError("remove", path, e);
  }
}
async function readStoreFile(path) {
  try {
    return await (0, import_promises2.readFile)(path);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return void 0;
    throw storeError("read", path, e);
  }
}
function fileSizeSync(path) {
  try {
    const s = (0, import_node_fs.statSync)(path, { throwIfNoEntry: false });
    return s?.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : void 0;
  } catch (e) {
    if (errnoCode(e) === "ENOTDIR") return void 0;
    throw storeError("read", path, e);
  }
}
async function fileSize(path) {
  try {
    const s = await (0, import_promises2.stat)(path);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : void 0;
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return void 0;
    throw storeError("read", path, e);
  }
}
async function listNames(dir) {
  try {
    return await (0, import_promises2.readdir)(dir);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return [];
    throw storeError("list", dir, e);
  }
}
async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// src/core/store/index-file.ts
var INDEX_FORMAT_VERSION = 1;
function emptyIndex() {
  return { reports: /* @__PURE__ */ new Map(), queue: /* @__PURE__ */ new Map(), rejected: /* @__PURE__ */ new Map() };
}
function compressionOf(r) {
  return r.compression ?? "none";
}
function originalSizeOf(r) {
  return r.original_size ?? r.size;
}
function recordOf(area, file, facts, form) {
  const { project, branch, commit, timestamp, ...counts } = facts;
  const compressed = form && form.compression !== "none" ? { compression: form.compression, original_size: form.originalSize } : {};
  return {
    area,
    size: file.size,
    mtimeMs: file.mtimeMs,
    ...compressed,
    stored_at: new Date(file.mtimeMs).toISOString(),
    ...project !== void 0 ? { project } : {},
    ...branch !== void 0 ? { branch } : {},
    ...commit !== void 0 ? { commit } : {},
    ...counts,
    ...timestamp !== void 0 ? { timestamp } : {}
  };
}
function isRecord(v) {
  const r = v;
  return typeof r === "object" && r !== null && typeof r.size === "number" && typeof r.mtimeMs === "number" && typeof r.stored_at === "string" && typeof r.tests === "number" && // A compressed file's record without the report's size is read again (refresh), not shown as unknown.
  (r.compression === void 0 || (r.compression === "zstd" || r.compression === "gzip") && typeof r.original_size === "number");
}
function parseIndex(text) {
  const index = emptyIndex();
  let json;
  try {
    json = JSON.parse(text.toString("utf8"));
  } catch {
    return index;
  }
  if (json.version !== INDEX_FORMAT_VERSION || typeof json.areas !== "object" || json.areas === null)
    return index;
  for (const area of AREAS)
    for (const [hash, record] of Object.entries(json.areas[area] ?? {}))
      if (HASH.test(hash) && isRecord(record)) index[area].set(hash, { ...record, area });
  return index;
}
function serialize(index) {
  const byHash = (a, b) => a[0] < b[0] ? -1 : 1;
  const areas = Object.fromEntries(AREAS.map((a) => [a, Object.fromEntries([...index[a]].sort(byHash))]));
  return JSON.stringify({ version: INDEX_FORMAT_VERSION, areas });
}
var sessions = new import_node_async_hooks.AsyncLocalStorage();
function sessionOf(path) {
  const session = sessions.getStore()?.get(path);
  return session?.ended ? void 0 : session;
}
var IndexFile = class {
  /** `onWrite`: a test's hook, awaited inside each write (and measured with it), e.g. to make writes slow. */
  constructor(path, onWrite) {
    this.path = path;
    this.onWrite = onWrite;
  }
  path;
  onWrite;
  cached;
  /** How long the last write of index.json took (ms; 0 before the first): what a batch sizes its holds by. */
  lastWriteMs = 0;
  /**
   * Runs `fn` as one session of the index; call with the store's lock held. Nested calls (and other IndexFiles
   * of the same path) join the open session. The index is written when the outermost session ends, if changed,
   * also when `fn` failed (its file changes happened; a write error then gives way to `fn`'s).
   */
  async hold(fn) {
    if (sessionOf(this.path)) return fn();
    const open = sessions.getStore();
    const session = { changed: false, directories: /* @__PURE__ */ new Set() };
    let result;
    try {
      result = await sessions.run(new Map([...open ?? [], [this.path, session]]), fn);
    } catch (e) {
      await this.end(session).catch(() => void 0);
      throw e;
    }
    await this.end(session);
    return result;
  }
  /**
   * fsyncs `dir` (after a new name in it) at the end of the session, once however many names it got; outside a
   * session, now. Nothing written in a hold is reported done before the hold ends, so this is as durable.
   */
  async syncDirectory(dir) {
    const session = sessionOf(this.path);
    if (session) session.directories.add(dir);
    else await syncDirectory(dir);
  }
  async end(session) {
    session.ended = true;
    for (const dir of session.directories) await syncDirectory(dir);
    if (session.changed && session.index) await this.write(session.index);
  }
  /** In a session: the session's index, to change in place (then `save`). Outside: a copy of index.json. */
  async load() {
    const session = sessionOf(this.path);
    if (session?.index) return session.index;
    const index = cloneIndex(await this.parsed());
    if (session) session.index = index;
    return index;
  }
  /**
   * The index to look something up in, never to change (no copy: a read per report must not copy an index of
   * every report): the session's, else index.json as last parsed.
   */
  async view() {
    return sessionOf(this.path)?.index ?? await this.parsed();
  }
  /** In a session: marks `index` as the one to write when the session ends. Outside one: writes it now. */
  async save(index) {
    const session = sessionOf(this.path);
    if (!session) return this.write(cloneIndex(index));
    session.index = index;
    session.changed = true;
  }
  /** index.json as last parsed (never to be changed: `load` copies it), parsed again when the file changed. */
  async parsed() {
    const key = await this.identity();
    if (key === void 0) return emptyIndex();
    if (this.cached?.key === key) return this.cached.index;
    const text = await readStoreFile(this.path);
    const index = text ? parseIndex(text) : emptyIndex();
    this.cached = { key, index };
    return index;
  }
  async write(index) {
    const started = performance.now();
    await this.onWrite?.();
    await writeStoreFile(this.path, serialize(index), true);
    this.lastWriteMs = performance.now() - started;
    const key = await this.identity();
    this.cached = key === void 0 ? void 0 : { key, index };
  }
  async identity() {
    try {
      const s = await (0, import_promises3.stat)(this.path);
      return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
    } catch (e) {
      if (errnoCode(e) === "ENOENT") return void 0;
      throw storeError("read", this.path, e);
    }
  }
};
function cloneIndex(index) {
  return { reports: new Map(index.reports), queue: new Map(index.queue), rejected: new Map(index.rejected) };
}

// src/core/store/layout.ts
var import_node_path2 = __toESM(require_path(), 1);
function reportFileName(hash, compression = "none") {
  return `${hash}.xml${SUFFIX[compression]}`;
}
var NAME = /^(.+)\.xml(\.zst|\.gz)?$/;
function parseReportName(name) {
  const m = NAME.exec(name);
  if (!m) return void 0;
  const compression = m[2] === ".zst" ? "zstd" : m[2] === ".gz" ? "gzip" : "none";
  return { stem: m[1], compression };
}
function rejectionFileName(hash) {
  return `${hash}.reason.json`;
}
var StoreLayout = class {
  constructor(base) {
    this.base = base;
  }
  base;
  /** The file of a report in an area, stored with `compression` (default: as pytest-jux, `<hash>.xml`). */
  path(area, hash, compression = "none") {
    return (0, import_node_path2.join)(this.base, area, reportFileName(hash, compression));
  }
  /** How a report in an area is named to the user, relative to the store (`queue/<hash>.xml`). */
  id(area, hash) {
    return `${area}/${reportFileName(hash)}`;
  }
  /** A folder of the store. */
  dir(place) {
    return (0, import_node_path2.join)(this.base, place);
  }
  /** A file of a folder, by name. */
  file(place, name) {
    return (0, import_node_path2.join)(this.base, place, name);
  }
  /** The server's reason beside a rejected report. */
  rejectionPath(hash) {
    return (0, import_node_path2.join)(this.base, "rejected", rejectionFileName(hash));
  }
  /** Cache mode's intent to queue a report (leftovers.ts). */
  intentPath(hash) {
    return (0, import_node_path2.join)(this.base, "queue", `.${hash}.queueing`);
  }
  get indexPath() {
    return (0, import_node_path2.join)(this.base, "index.json");
  }
  get lockPath() {
    return (0, import_node_path2.join)(this.base, ".lock");
  }
};

// src/core/store/leftovers.ts
var import_promises4 = __toESM(require_promises(), 1);
var import_node_path3 = __toESM(require_path(), 1);
var INTENT = /^\.([0-9a-f]{64})\.queueing$/;
var TEMP = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;
var DIRECTORIES = ["queue", "reports", "rejected", "quarantine", "."];
async function findLeftovers(base) {
  const found = [];
  for (const path of await abandonedCandidates((0, import_node_path3.join)(base, ".lock"))) {
    const info = await (0, import_promises4.stat)(path).catch(() => void 0);
    if (info?.isFile()) found.push({ dir: ".", name: (0, import_node_path3.basename)(path), path, mtimeMs: info.mtimeMs });
  }
  for (const dir of DIRECTORIES) {
    for (const name of await listNames((0, import_node_path3.join)(base, dir))) {
      if (!INTENT.test(name) && !TEMP.test(name)) continue;
      const path = (0, import_node_path3.join)(base, dir, name);
      const info = await (0, import_promises4.stat)(path).catch(() => void 0);
      if (info?.isFile()) found.push({ dir, name, path, mtimeMs: info.mtimeMs });
    }
  }
  return found;
}
function tempReportHash(name) {
  const stem = TEMP.exec(name)?.[1];
  return stem === void 0 ? void 0 : parseReportName(stem)?.stem;
}
async function recoverBytes(store, hash, temps) {
  if (await store.has("reports", hash)) {
    const kept = await store.read("reports", hash).catch(() => void 0);
    if (kept) return kept;
  }
  for (const t of temps) {
    const stored = await readStoreFile(t.path).catch(() => void 0);
    const bytes2 = stored && (() => {
      try {
        return decodeSniffed(stored, t.path);
      } catch {
        return void 0;
      }
    })();
    if (!bytes2) continue;
    const described2 = await describeReport(bytes2, t.path).catch(() => void 0);
    if (described2?.hash === hash) return bytes2;
  }
  return void 0;
}
async function pending(store, found) {
  const hashes = /* @__PURE__ */ new Map();
  for (const f of found) {
    const intent = INTENT.exec(f.name)?.[1];
    if (intent) hashes.set(intent, true);
    const hash = f.dir === "queue" ? tempReportHash(f.name) : void 0;
    if (hash && HASH.test(hash) && !hashes.has(hash) && !await store.has("queue", hash))
      hashes.set(hash, false);
  }
  return hashes;
}
async function repairLeftovers(store, lockedAtMs) {
  const repair = { requeued: [], removed: 0, unresolved: [] };
  const found = (await findLeftovers(store.base)).filter((f) => {
    if (f.mtimeMs < lockedAtMs) return true;
    repair.unresolved.push(`${f.path}: newer than the lock, may belong to a running writer`);
    return false;
  });
  const unqueued = /* @__PURE__ */ new Set();
  for (const [hash, kept] of await pending(store, found)) {
    if (await store.has("queue", hash)) continue;
    const temps = found.filter((f) => tempReportHash(f.name) === hash || INTENT.exec(f.name)?.[1] === hash);
    const bytes2 = await recoverBytes(store, hash, temps);
    if (!bytes2) continue;
    try {
      if (kept && !await store.has("reports", hash)) await store.put("reports", bytes2, hash);
      await store.put("queue", bytes2, hash);
      repair.requeued.push(hash);
    } catch (e) {
      unqueued.add(hash);
      repair.unresolved.push(`${hash}: could not be re-queued: ${errorMessage(e)}`);
    }
  }
  for (const f of found) {
    if (unqueued.has(INTENT.exec(f.name)?.[1] ?? "")) continue;
    try {
      if (await removeFile(f.path)) repair.removed++;
    } catch (e) {
      repair.unresolved.push(`${f.path}: ${errorMessage(e)}`);
    }
  }
  return repair;
}
var READ_ONLY = /* @__PURE__ */ new Set(["EROFS", "EACCES", "EPERM"]);
async function repairOnOpen(store) {
  if ((await findLeftovers(store.base)).length === 0) return void 0;
  try {
    return await store.withLock(() => repairLeftovers(store, Date.now()), { timeoutMs: 0 });
  } catch (e) {
    if (e instanceof StoreLockedError || READ_ONLY.has(errnoCode(e.cause) ?? "")) return void 0;
    throw e;
  }
}

// src/core/store/context.ts
var READ_CONCURRENCY = 4;
var STAT_CONCURRENCY = 64;
function checkHash(hash) {
  if (!HASH.test(hash)) throw new StoreError(`"${hash}" is not a canonical hash (64 lowercase hex digits)`);
}
function isReportName(name) {
  return parseReportName(name) !== void 0 && !name.startsWith(".");
}
function recordMatchesFile(record, file) {
  return record !== void 0 && record.size === file.size && record.mtimeMs === file.mtimeMs && compressionOf(record) === file.compression;
}
function entryOf(ctx, hash, r) {
  const entry = {
    hash,
    area: r.area,
    path: ctx.layout.path(r.area, hash, compressionOf(r)),
    size: r.size,
    compression: compressionOf(r),
    originalSize: originalSizeOf(r),
    storedAt: r.stored_at,
    tests: r.tests,
    failures: r.failures,
    errors: r.errors,
    skipped: r.skipped,
    passed: r.passed,
    time: r.time,
    signed: r.signed
  };
  if (r.project !== void 0) entry.project = r.project;
  if (r.branch !== void 0) entry.branch = r.branch;
  if (r.commit !== void 0) entry.commit = r.commit;
  if (r.timestamp !== void 0) entry.timestamp = r.timestamp;
  return entry;
}

// src/core/store/quarantine.ts
var import_node_crypto3 = __toESM(require_crypto(), 1);
var import_node_path4 = __toESM(require_path(), 1);
function stamp(date) {
  return date.toISOString().replace(/[-:]/g, "").replace(".", "");
}
async function readRejection(ctx, hash) {
  checkHash(hash);
  const path = ctx.layout.rejectionPath(hash);
  const text = await readStoreFile(path);
  if (text === void 0) return void 0;
  try {
    return JSON.parse(text.toString("utf8"));
  } catch (e) {
    throw new StoreError(`${path}: not valid JSON (${errorMessage(e)})`);
  }
}
async function quarantine(ctx, area, name, reason) {
  const { layout } = ctx;
  const { stem, compression } = parseReportName(name) ?? { stem: name, compression: "none" };
  if (stem === "" || (0, import_node_path4.basename)(stem) !== stem || stem.startsWith("."))
    throw new StoreError(`cannot quarantine "${name}": not a file name in ${layout.dir(area)}`);
  const fileName = reportFileName(stem, compression);
  return ctx.withLock(async () => {
    const from = layout.file(area, fileName);
    if (await fileSize(from) === void 0) throw new StoreError(`cannot quarantine ${from}: no such file`);
    const now = /* @__PURE__ */ new Date();
    let target = layout.file("quarantine", `${stem}.${stamp(now)}`);
    const suffix = fileName.slice(stem.length);
    if (await fileSize(`${target}${suffix}`) !== void 0) target += `-${(0, import_node_crypto3.randomBytes)(3).toString("hex")}`;
    const rejection = area === "rejected" && HASH.test(stem) ? await readRejection(ctx, stem).catch(() => void 0) : void 0;
    const note = {
      area,
      name: fileName,
      reason,
      at: now.toISOString(),
      ...rejection ? { rejection } : {}
    };
    await writeStoreFile(`${target}.reason.json`, JSON.stringify(note, null, 2) + "\n", true);
    await moveFile(from, `${target}${suffix}`);
    if (rejection) await removeFile(layout.rejectionPath(stem));
    const index = await ctx.index.load();
    const record = index[area].get(stem);
    if (record && (record.compression ?? "none") === compression && index[area].delete(stem))
      await ctx.index.save(index);
    return `${target}${suffix}`;
  });
}

// src/core/store/read.ts
async function judge(bytes2, path, expected) {
  let described2;
  try {
    described2 = await describeReport(bytes2, path);
  } catch (e) {
    return { problem: `no longer a readable report: ${errorMessage(e)}` };
  }
  if (!HASH.test(expected))
    return { problem: `its name is not a canonical hash (the report's is sha256:${described2.hash})` };
  if (described2.hash !== expected)
    return {
      problem: `its canonical hash is now sha256:${described2.hash}, not the one in its name (the file was modified)`
    };
  return { facts: described2.facts, originalSize: bytes2.length };
}
async function readOriginal(path, compression) {
  try {
    return await readStored(path, compression);
  } catch (e) {
    if (e instanceof StoreCodecError && e.code !== "no-zstd") return { problem: e.message };
    throw e;
  }
}
async function judgeFile(ctx, area, name) {
  const path = ctx.layout.file(area, name);
  const parsed = parseReportName(name);
  if (!parsed) return { problem: "its name is not <hash>.xml, .xml.zst or .xml.gz" };
  const bytes2 = await readOriginal(path, parsed.compression);
  if (bytes2 === void 0) return { gone: true };
  if (!Buffer.isBuffer(bytes2)) return bytes2;
  return judge(bytes2, path, parsed.stem);
}
async function statOrFail(path) {
  const file = await fileSize(path);
  if (file === void 0) throw new StoreError(`${path} disappeared while it was being stored`);
  return file;
}
async function locate(ctx, area, hash) {
  const record = (await ctx.index.view())[area].get(hash);
  const first = record ? compressionOf(record) : ctx.compression;
  const order = [first, ...COMPRESSIONS.filter((c) => c !== first)];
  for (const compression of order) {
    const path = ctx.layout.path(area, hash, compression);
    const file = fileSizeSync(path);
    if (file) return { ...file, compression, path, name: reportFileName(hash, compression) };
  }
  return void 0;
}
async function readVerified(ctx, area, hash) {
  checkHash(hash);
  const file = await locate(ctx, area, hash);
  const bytes2 = file && await readOriginal(file.path, file.compression);
  if (file === void 0 || bytes2 === void 0)
    throw new StoreError(`no report ${hash} in ${ctx.layout.dir(area)}`);
  const judged = Buffer.isBuffer(bytes2) ? await judge(bytes2, file.path, hash) : bytes2;
  if ("facts" in judged) return { ok: true, bytes: bytes2, file, ...judged };
  const movedTo = await quarantine(ctx, area, file.name, judged.problem);
  return { ok: false, reason: judged.problem, movedTo, path: file.path };
}
async function read(ctx, area, hash) {
  const verified = await readVerified(ctx, area, hash);
  if (!verified.ok)
    throw new StoreError(`${verified.path}: ${verified.reason}; moved to ${verified.movedTo}`);
  return verified.bytes;
}
async function verifyEntry(ctx, area, hash) {
  const verified = await readVerified(ctx, area, hash);
  if (!verified.ok) return { ok: false, reason: verified.reason, movedTo: verified.movedTo };
  const { file } = verified;
  const record = recordOf(area, file, verified.facts, {
    compression: file.compression,
    originalSize: verified.originalSize
  });
  return { ok: true, entry: entryOf(ctx, hash, record) };
}
async function has(ctx, area, hash) {
  checkHash(hash);
  return await locate(ctx, area, hash) !== void 0;
}

// src/core/store/list.ts
function byStoredAt(a, b) {
  return a.storedAt < b.storedAt ? -1 : a.storedAt > b.storedAt ? 1 : a.hash < b.hash ? -1 : 1;
}
function upToDate(records, files) {
  if (records.size !== files.size) return false;
  for (const [hash, file] of files) if (!recordMatchesFile(records.get(hash), file)) return false;
  return true;
}
var FORMS_FIRST = ["none", "zstd", "gzip"];
async function scanArea(ctx, area, index) {
  const found = (await listNames(ctx.layout.dir(area))).map((n) => parseReportName(n)).filter((p) => p !== void 0 && HASH.test(p.stem)).map((p) => ({ hash: p.stem, compression: p.compression }));
  const rank = (hash, c) => {
    const record = index[area].get(hash);
    return record && compressionOf(record) === c ? -1 : FORMS_FIRST.indexOf(c);
  };
  const infos = await mapLimit(
    found,
    STAT_CONCURRENCY,
    (f) => fileSize(ctx.layout.path(area, f.hash, f.compression))
  );
  const files = /* @__PURE__ */ new Map();
  found.forEach((f, i) => {
    const info = infos[i];
    const had = files.get(f.hash);
    if (info && (!had || rank(f.hash, f.compression) < rank(f.hash, had.compression)))
      files.set(f.hash, { ...info, compression: f.compression });
  });
  return files;
}
async function scan(ctx, areas, index) {
  const scanned = /* @__PURE__ */ new Map();
  for (const area of areas) scanned.set(area, await scanArea(ctx, area, index));
  return scanned;
}
async function refresh(ctx, areas) {
  const index = await ctx.index.load();
  const scanned = await scan(ctx, areas, index);
  let changed = false;
  for (const area of areas) {
    const files = scanned.get(area);
    const records = index[area];
    for (const hash of [...records.keys()]) if (!files.has(hash)) changed = records.delete(hash) || changed;
    const fresh = [...files].filter(([hash, file]) => !recordMatchesFile(records.get(hash), file));
    await mapLimit(fresh, READ_CONCURRENCY, async ([hash, file]) => {
      const path = ctx.layout.path(area, hash, file.compression);
      const bytes2 = await readOriginal(path, file.compression);
      if (bytes2 === void 0) return;
      const judged = Buffer.isBuffer(bytes2) ? await judge(bytes2, path, hash) : bytes2;
      if ("problem" in judged) {
        records.delete(hash);
        await quarantine(ctx, area, reportFileName(hash, file.compression), judged.problem);
      } else
        records.set(
          hash,
          recordOf(area, file, judged.facts, {
            compression: file.compression,
            originalSize: judged.originalSize
          })
        );
      changed = true;
    });
  }
  if (changed) await ctx.index.save(index);
  return index;
}
async function list(ctx, area) {
  const areas = area ? [area] : AREAS;
  let index = await ctx.index.load();
  const files = await scan(ctx, areas, index);
  if (areas.some((a) => !upToDate(index[a], files.get(a))))
    index = await ctx.withLock(() => refresh(ctx, areas));
  return areas.flatMap((a) => [...index[a]].map(([hash, r]) => entryOf(ctx, hash, r))).sort(byStoredAt);
}
async function check(ctx, area, trusted) {
  let names = (await listNames(ctx.layout.dir(area))).filter(isReportName);
  if (trusted?.size) {
    const records = (await ctx.index.view())[area];
    const unchanged = await mapLimit(names, STAT_CONCURRENCY, async (n) => {
      const { stem: hash, compression } = parseReportName(n);
      if (!trusted.has(hash)) return false;
      const file = await fileSize(ctx.layout.file(area, n));
      return file !== void 0 && recordMatchesFile(records.get(hash), { ...file, compression });
    });
    names = names.filter((_, i) => !unchanged[i]);
  }
  const judged = await mapLimit(names, READ_CONCURRENCY, async (name) => ({
    name,
    ...await judgeFile(ctx, area, name)
  }));
  const failures = judged.filter((j) => "problem" in j);
  const quarantined = [];
  await ctx.withLock(async () => {
    for (const { name } of failures) {
      const again = await judgeFile(ctx, area, name);
      if ("problem" in again)
        quarantined.push({
          name,
          reason: again.problem,
          movedTo: await quarantine(ctx, area, name, again.problem)
        });
    }
  });
  return { good: await list(ctx, area), quarantined };
}
async function findByPrefix(ctx, prefix) {
  const p = prefix.trim().toLowerCase().replace(/^sha256:/, "");
  if (!/^[0-9a-f]{1,64}$/.test(p))
    throw new StoreError(
      `"${prefix}" is not a report hash or a prefix of one (jux cache list shows the hashes; for a report file, use jux inspect ${prefix})`
    );
  const matches = (await list(ctx)).filter((e) => e.hash.startsWith(p));
  const hashes = [...new Set(matches.map((e) => e.hash))];
  if (hashes.length === 0) throw new StoreError(`no report ${prefix} in ${ctx.layout.base}`);
  if (hashes.length > 1) {
    const shown = hashes.slice(0, 10).map((h) => h.slice(0, Math.max(12, p.length + 4)));
    const more = hashes.length > 10 ? `, and ${hashes.length - 10} more` : "";
    throw new StoreError(
      `"${prefix}" is ambiguous: ${hashes.length} reports start with it (${shown.join(", ")}${more}); give more digits`
    );
  }
  return matches.sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area))[0];
}
async function stats(ctx, now) {
  const entries = await list(ctx);
  const quarantined = (await listNames(ctx.layout.dir("quarantine"))).filter(isReportName);
  const sizes = await mapLimit(
    quarantined,
    STAT_CONCURRENCY,
    (n) => fileSize(ctx.layout.file("quarantine", n))
  );
  const of = (area) => entries.filter((e) => e.area === area);
  const once = /* @__PURE__ */ new Map();
  for (const e of entries) if ((once.get(e.hash)?.size ?? -1) < e.size) once.set(e.hash, e);
  const compression = { zstd: 0, gzip: 0, none: 0 };
  let storedBytes = 0;
  let originalBytes = 0;
  for (const e of once.values()) {
    compression[e.compression]++;
    storedBytes += e.size;
    originalBytes += e.originalSize;
  }
  const oldest = of("reports")[0]?.storedAt;
  const oldestQueued = of("queue")[0]?.storedAt;
  const ageSeconds = (at) => Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 1e3));
  return {
    reports: of("reports").length,
    queued: of("queue").length,
    rejected: of("rejected").length,
    quarantined: quarantined.length,
    bytes: entries.reduce((n, e) => n + e.size, 0) + sizes.reduce((n, s) => n + (s?.size ?? 0), 0),
    storedBytes,
    originalBytes,
    compression,
    leftovers: (await findLeftovers(ctx.layout.base)).length,
    ...oldest ? { oldest } : {},
    ...oldestQueued ? { oldestQueued, oldestQueuedAgeSeconds: ageSeconds(oldestQueued) } : {}
  };
}

// src/core/store/remove.ts
async function removeForms(ctx, area, hash) {
  let removed = false;
  for (const c of COMPRESSIONS) removed = await removeFile(ctx.layout.path(area, hash, c)) || removed;
  return removed;
}
async function remove(ctx, area, hash) {
  checkHash(hash);
  return ctx.withLock(async () => {
    const removed = await removeForms(ctx, area, hash);
    if (area === "rejected") await removeFile(ctx.layout.rejectionPath(hash));
    const index = await ctx.index.load();
    if (index[area].delete(hash)) await ctx.index.save(index);
    return removed;
  });
}
async function clean(ctx, options) {
  const { olderThanDays, keepLatest = 0, dryRun = false, onProgress } = options;
  if (!Number.isFinite(olderThanDays) || olderThanDays < 0)
    throw new StoreError(`clean: the age must be a number of days >= 0, not ${olderThanDays}`);
  if (!Number.isInteger(keepLatest) || keepLatest < 0)
    throw new StoreError(`clean: keep-latest must be a whole number >= 0, not ${keepLatest}`);
  const cutoff = new Date((options.now ?? /* @__PURE__ */ new Date()).getTime() - olderThanDays * 864e5).toISOString();
  return ctx.withLock(async () => {
    const newestFirst = (await list(ctx, "reports")).reverse();
    const removed = newestFirst.slice(keepLatest).filter((e) => e.storedAt < cutoff);
    if (!dryRun) {
      const index = await ctx.index.load();
      for (const [i, entry] of removed.entries()) {
        await removeForms(ctx, "reports", entry.hash);
        index.reports.delete(entry.hash);
        onProgress?.(i + 1, removed.length);
      }
      if (removed.length) await ctx.index.save(index);
    }
    return { removed: removed.reverse(), kept: newestFirst.length - removed.length };
  });
}
async function clearQueue(ctx) {
  return ctx.withLock(async () => {
    const names = (await listNames(ctx.layout.dir("queue"))).filter(isReportName);
    for (const name of names) await removeFile(ctx.layout.file("queue", name));
    const index = await ctx.index.load();
    index.queue.clear();
    await ctx.index.save(index);
    return names.length;
  });
}

// src/core/store/limits.ts
var WARN_AT = 0.8;
function oldestFirst(a, b) {
  const [x, y] = [a[1].stored_at, b[1].stored_at];
  return x < y ? -1 : x > y ? 1 : a[0] < b[0] ? -1 : 1;
}
function planRotation(index, limits) {
  const sizeOf = /* @__PURE__ */ new Map();
  for (const area of AREAS)
    for (const [hash, r] of index[area]) sizeOf.set(hash, Math.max(sizeOf.get(hash) ?? 0, r.size));
  const pinned = /* @__PURE__ */ new Set([...index.queue.keys(), ...index.rejected.keys()]);
  let bytes2 = 0;
  for (const size of sizeOf.values()) bytes2 += size;
  let reports = sizeOf.size;
  let pinnedBytes = 0;
  for (const hash of pinned) pinnedBytes += sizeOf.get(hash);
  const over = () => limits.maxBytes !== void 0 && bytes2 > limits.maxBytes || limits.maxReports !== void 0 && reports > limits.maxReports;
  const exceeded = [];
  if (limits.maxBytes !== void 0 && bytes2 > limits.maxBytes) exceeded.push("max_size");
  if (limits.maxReports !== void 0 && reports > limits.maxReports) exceeded.push("max_reports");
  const remove2 = [];
  if (over()) {
    const candidates = [...index.reports].filter(([hash]) => !pinned.has(hash)).sort(oldestFirst);
    for (const [hash] of candidates) {
      if (!over()) break;
      remove2.push(hash);
      bytes2 -= sizeOf.get(hash);
      reports--;
    }
  }
  return {
    remove: remove2,
    exceeded,
    bytes: bytes2,
    reports,
    pinnedBytes,
    pinnedReports: pinned.size,
    queued: index.queue.size,
    rejected: [...index.rejected.keys()].filter((h) => !index.queue.has(h)).length
  };
}
function limitWarnings(plan, limits, removed = plan.remove.length) {
  const warnings = [];
  const figures = [
    ["max_size", limits.maxBytes, plan.bytes, plan.pinnedBytes],
    ["max_reports", limits.maxReports, plan.reports, plan.pinnedReports]
  ];
  for (const [limit, max, current, pinned] of figures) {
    if (max === void 0) continue;
    const { queued, rejected } = plan;
    if (current > max) warnings.push({ kind: "pinned", limit, pinned, queued, rejected, max });
    else if (removed > 0 && plan.exceeded.includes(limit))
      warnings.push({ kind: "rotated", limit, removed, current, max });
    else if (current >= WARN_AT * max) warnings.push({ kind: "near", limit, current, max });
  }
  return warnings;
}
async function applyLimits(ctx, limits) {
  if (limits.maxBytes === void 0 && limits.maxReports === void 0) return [];
  const index = await ctx.index.load();
  const plan = planRotation(index, limits);
  for (const hash of plan.remove) {
    await removeForms(ctx, "reports", hash);
    index.reports.delete(hash);
  }
  if (plan.remove.length) await ctx.index.save(index);
  return limitWarnings(plan, limits, plan.remove.length);
}

// src/core/store/permissions.ts
var import_promises5 = __toESM(require_promises(), 1);
var UnsafeStoreError = class extends StoreError {
  name = "UnsafeStoreError";
  code = "STORE_UNSAFE";
};
function currentOwner() {
  return { uid: typeof process.getuid === "function" ? process.getuid() : void 0 };
}
function octal(mode) {
  return `0${(mode & 511).toString(8).padStart(3, "0")}`;
}
async function checkPrivateDirectory(dir, owner = currentOwner()) {
  if (owner.uid === void 0) return;
  const info = await (0, import_promises5.lstat)(dir).catch((e) => {
    throw storeError("check the permissions of", dir, e);
  });
  if (info.uid !== owner.uid && info.uid !== 0)
    throw new UnsafeStoreError(
      `refusing the store directory ${dir}: it belongs to uid ${info.uid}, not to you (uid ${owner.uid}), so its reports could be planted by that user and published with your API key: chown ${owner.uid} ${dir} and chmod 700 ${dir}, or use a store of your own (--storage-path, JUX_STORAGE_PATH)`
    );
  const writable = info.mode & 18;
  if (writable)
    throw new UnsafeStoreError(
      `refusing the store directory ${dir}: it is writable by ${writable & 16 ? writable & 2 ? "group and others" : "its group" : "others"} (mode ${octal(info.mode)}), so another user could plant a report there that would be published with your API key: chmod 700 ${dir}`
    );
}
async function ensurePrivateDirectory(dir, owner = currentOwner()) {
  await ensureDirectory(dir);
  await checkPrivateDirectory(dir, owner);
}

// src/core/store/recompress.ts
var import_promises6 = __toESM(require_promises(), 1);
async function recompressEntry(ctx, entry, to) {
  const xml = await read(ctx, entry.area, entry.hash);
  const stored = encodeStored(xml, to);
  if (stored.compression === entry.compression) return false;
  const path = ctx.layout.path(entry.area, entry.hash, stored.compression);
  await writeStoreFile(path, stored.bytes, false);
  const when = new Date(Date.parse(entry.storedAt));
  await (0, import_promises6.utimes)(path, when, when).catch((e) => {
    throw storeError("set the time of", path, e);
  });
  const file = await statOrFail(path);
  const index = await ctx.index.load();
  const old = index[entry.area].get(entry.hash);
  if (old) {
    const record = { ...old, size: file.size, mtimeMs: file.mtimeMs };
    delete record.compression;
    delete record.original_size;
    if (stored.compression !== "none")
      Object.assign(record, { compression: stored.compression, original_size: xml.length });
    index[entry.area].set(entry.hash, record);
    await ctx.index.save(index);
  }
  await removeFile(entry.path);
  return true;
}

// src/core/store/write.ts
var import_node_path5 = __toESM(require_path(), 1);
async function described(ctx, xml, hash, target, checked) {
  const vouched = checkedFor(checked, xml, hash);
  if (vouched) return vouched;
  const d = await ctx.describe(xml, target).catch((e) => {
    throw new StoreError(`refusing to store ${target}: ${errorMessage(e)}`, { cause: e });
  });
  if (d.hash !== hash)
    throw new StoreError(
      `refusing to store ${target}: the report's canonical hash is sha256:${d.hash}, not sha256:${hash}`
    );
  return d;
}
function checkPut(area, hash) {
  checkHash(hash);
  if (area !== "reports" && area !== "queue")
    throw new StoreError(`cannot put a report into "${String(area)}"`);
}
async function putDescribed(ctx, area, hash, facts, form, place) {
  const target = ctx.layout.path(area, hash, form.compression);
  const there = await locate(ctx, area, hash);
  let placed = there ? false : await place(target);
  const index = await ctx.index.load();
  let at = !placed && there ? there : { path: target, compression: form.compression };
  let file = placed && placed.file || await statOrFail(at.path);
  let record = index[area].get(hash);
  if (placed || !recordMatchesFile(record, { ...file, compression: at.compression })) {
    if (!placed) {
      const existing = await judgeFile(ctx, area, reportFileName(hash, at.compression));
      if ("facts" in existing) {
        facts = existing.facts;
        form = { compression: at.compression, originalSize: existing.originalSize };
      } else {
        if ("problem" in existing)
          await quarantine(ctx, area, reportFileName(hash, at.compression), existing.problem);
        placed = await place(target);
        at = { path: target, compression: form.compression };
        file = placed && placed.file || await statOrFail(target);
      }
    }
    record = recordOf(area, file, facts, form);
    index[area].set(hash, record);
    await ctx.index.save(index);
  }
  if (placed) ctx.noteWrite();
  return { entry: entryOf(ctx, hash, record), created: placed !== false };
}
async function put(ctx, area, xml, hash, checked) {
  checkPut(area, hash);
  const { facts } = await described(ctx, xml, hash, ctx.layout.path(area, hash), checked);
  const stored = encodeStored(xml, ctx.compression);
  const form = { compression: stored.compression, originalSize: xml.length };
  return ctx.withLock(
    () => putDescribed(
      ctx,
      area,
      hash,
      facts,
      form,
      async (target) => await writeStoreFile(target, stored.bytes, false) && {}
    )
  );
}
async function queueReport(ctx, xml, hash) {
  checkPut("queue", hash);
  const { facts } = await described(ctx, xml, hash, ctx.layout.path("queue", hash));
  const stored = encodeStored(xml, ctx.compression);
  const form = { compression: stored.compression, originalSize: xml.length };
  return ctx.withLock(async () => {
    const intent = ctx.layout.intentPath(hash);
    let written;
    const place = async (target) => {
      const linked = await linkStoreFile(intent, target, stored.bytes);
      if (!linked) return false;
      await ctx.index.syncDirectory((0, import_node_path5.dirname)(target));
      return linked.linked ? { file: written } : {};
    };
    try {
      written = writePrivateFile(intent, stored.bytes);
      await putDescribed(ctx, "reports", hash, facts, form, place);
      return await putDescribed(ctx, "queue", hash, facts, form, place);
    } finally {
      removeFileSync(intent);
    }
  });
}
async function reject(ctx, hash, rejection) {
  checkHash(hash);
  const { layout } = ctx;
  await ctx.withLock(async () => {
    const from = await locate(ctx, "queue", hash);
    if (from === void 0)
      throw new StoreError(`cannot reject ${hash}: it is not in the queue (${layout.dir("queue")})`);
    const reason = { ...rejection, at: (/* @__PURE__ */ new Date()).toISOString() };
    await writeStoreFile(layout.rejectionPath(hash), JSON.stringify(reason, null, 2) + "\n", true);
    await moveFile(from.path, layout.path("rejected", hash, from.compression));
    const index = await ctx.index.load();
    const record = index.queue.get(hash);
    index.queue.delete(hash);
    if (record) index.rejected.set(hash, { ...record, area: "rejected" });
    await ctx.index.save(index);
  });
}

// src/core/store/store.ts
var BATCH_HOLD_MS = 2e3;
var HOLD_PER_WRITE = 20;
var MAX_BATCH_HOLD_MS = 2e4;
function batchHoldMs(minMs, lastWriteMs) {
  return Math.max(minMs, Math.min(MAX_BATCH_HOLD_MS, HOLD_PER_WRITE * lastWriteMs));
}
var YIELD_TO_WAITERS_MS = 1e3;
async function othersWait(lockPath) {
  return (await lockCandidates(lockPath)).length > 0;
}
var ReportStore = class _ReportStore {
  constructor(base, options) {
    this.base = base;
    this.layout = new StoreLayout(base);
    this.limits = options.limits ?? {};
    this.onWarning = options.onWarning;
    this.context = {
      layout: this.layout,
      index: new IndexFile(this.layout.indexPath, options.onIndexWrite),
      withLock: (fn, options2) => this.withLock(fn, options2),
      describe: options.describe ?? describeReport,
      compression: effectiveCompression(options.compress ?? "none"),
      noteWrite: () => {
        const hold = this.hold.getStore();
        if (hold && !hold.ended) hold.wrote = true;
      }
    };
  }
  base;
  layout;
  context;
  limits;
  onWarning;
  /** The outermost hold of the lock under way in this async call chain, and whether it wrote a report. */
  hold = new import_node_async_hooks2.AsyncLocalStorage();
  /** What opening the store repaired of interrupted writes; undefined when there were none or the lock was busy. */
  repaired;
  /** How this store writes new reports here (`compress`, zstd falling back to gzip without zstd). */
  get compression() {
    return this.context.compression;
  }
  /**
   * Opens the store at `base`, creating its directories (mode 0700) and refusing existing ones others could
   * write into; then, if the lock is free, finishes or cleans what interrupted writes left (leftovers.ts).
   */
  static async open(base, options = {}) {
    const store = new _ReportStore((0, import_node_path6.resolve)(base), options);
    await ensurePrivateDirectory(store.base);
    for (const place of [...AREAS, "quarantine"]) await ensurePrivateDirectory(store.dir(place));
    store.repaired = await repairOnOpen(store);
    return store;
  }
  /** A report's file in an area. */
  path(area, hash) {
    return this.layout.path(area, hash);
  }
  /** How a report in an area is named to the user (`queue/<hash>.xml`). */
  id(area, hash) {
    return this.layout.id(area, hash);
  }
  /** A folder of the store (an area, or the quarantine): for callers that hand its files on, e.g. as an artifact. */
  dir(place) {
    return this.layout.dir(place);
  }
  /**
   * Runs `fn` holding `<base>/.lock`; a lock that stays busy is a StoreLockedError. This is also the store's
   * batch: every verb called inside `fn` (put, queueReport, remove, reject, quarantine, list...) shares one
   * load of index.json and one write of it when `fn` ends, so N changes under one hold cost O(N), not
   * O(N x the store's size). Hold it for a bounded stretch (others wait up to 30 s for the lock); a crash
   * meanwhile loses nothing: the files are written at once, and the index is rebuilt from them when stale.
   */
  withLock(fn, options) {
    const { index } = this.context;
    return withFileLock(this.layout.lockPath, () => index.hold(() => this.limited(fn)), options).catch(
      (e) => {
        throw storeLockError(e);
      }
    );
  }
  /** Runs `fn`; when it is the outermost hold and wrote a report, applies the limits before the lock goes. */
  async limited(fn) {
    if (this.hold.getStore()?.ended === false) return fn();
    const hold = { wrote: false, ended: false };
    let result;
    try {
      result = await this.hold.run(hold, fn);
    } finally {
      hold.ended = true;
    }
    if (hold.wrote) for (const w of await applyLimits(this.context, this.limits)) this.onWarning?.(w);
    return result;
  }
  /**
   * Applies max_size and max_reports now (as every write does): removes the oldest kept reports, never a queued or
   * rejected one, and returns the warnings (also given to onWarning).
   */
  async enforceLimits() {
    return this.withLock(async () => {
      await list(this.context);
      const warnings = await applyLimits(this.context, this.limits);
      for (const w of warnings) this.onWarning?.(w);
      return warnings;
    });
  }
  /** What enforceLimits would remove now (hashes in reports/, oldest first), nothing removed; none without limits. */
  async rotationPlan() {
    if (this.limits.maxBytes === void 0 && this.limits.maxReports === void 0) return void 0;
    await list(this.context);
    return planRotation(await this.context.index.load(), this.limits);
  }
  /**
   * The store's batch API: calls `each` on every item in order, under holds of the lock of at least `holdMs`
   * (default 2 s) each, and at least HOLD_PER_WRITE times the last write of the index (batchHoldMs), so that N
   * changes cost O(N) (one index load and write per hold, see withLock) however large the store, while other
   * processes still get the lock between holds (a waiting one is let go first: YIELD_TO_WAITERS_MS). `each` should catch what concerns its item; an error it throws,
   * or the lock's (StoreLockedError), ends the batch and is thrown: the items `each` was not called on are not done.
   */
  async batch(items, each, options = {}) {
    const minMs = options.holdMs ?? BATCH_HOLD_MS;
    const { index } = this.context;
    let next = 0;
    while (next < items.length) {
      if (next > 0 && await othersWait(this.layout.lockPath))
        await new Promise((done) => setTimeout(done, YIELD_TO_WAITERS_MS));
      await this.withLock(async () => {
        const until = Date.now() + batchHoldMs(minMs, index.lastWriteMs);
        do {
          const i = next++;
          await each(items[i], i);
        } while (next < items.length && Date.now() < until);
      });
    }
  }
  /**
   * Stores `xml` as `<area>/<hash>.xml` after reading it strictly and checking its canonical hash is `hash`.
   * `checked` (checkedReport: the caller's own strict read of this very Buffer, just done) saves that second
   * read; it is ignored for any other Buffer, bytes or hash, and the bytes are read as without it.
   */
  put(area, xml, hash, checked) {
    return put(this.context, area, xml, hash, checked);
  }
  /**
   * Cache mode's write: keeps the report in reports/ and queues it (read once; an intent under the lock makes
   * the next command finish a queueing a crash interrupted). Returns the queue entry.
   */
  queueReport(xml, hash) {
    return queueReport(this.context, xml, hash);
  }
  /** The stored bytes, after checking they still are the report their name says; a damaged file is quarantined. */
  read(area, hash) {
    return read(this.context, area, hash);
  }
  /** Re-reads a stored report with the strict reader; quarantines it (and says where) when it fails. */
  verifyEntry(area, hash) {
    return verifyEntry(this.context, area, hash);
  }
  has(area, hash) {
    return has(this.context, area, hash);
  }
  remove(area, hash) {
    return remove(this.context, area, hash);
  }
  /** Moves queue/<hash>.xml to rejected/<hash>.xml, with the server's reason beside it. */
  reject(hash, rejection) {
    return reject(this.context, hash, rejection);
  }
  /** The reason a server gave for a rejected report. */
  rejection(hash) {
    return readRejection(this.context, hash);
  }
  /** The entries of `area` (or all areas), oldest first, from the index after checking it against the files. */
  list(area) {
    return list(this.context, area);
  }
  /** Rebuilds index.json from the files of every area. */
  async rebuildIndex() {
    await this.withLock(() => refresh(this.context, AREAS));
  }
  /**
   * Re-reads every report of an area; quarantines those that are no longer the report their name says. Hashes in
   * `trusted` (stored by this process moments ago, after reading them) are not read again.
   */
  check(area, trusted) {
    return check(this.context, area, trusted);
  }
  /** Moves `<area>/<hash>.xml` to quarantine/<hash>.<timestamp>.xml with `<...>.reason.json`; returns the new path. */
  async quarantine(area, hash, reason) {
    const file = await locate(this.context, area, hash);
    return quarantine(this.context, area, file?.name ?? reportFileName(hash), reason);
  }
  stats(now = /* @__PURE__ */ new Date()) {
    return stats(this.context, now);
  }
  /** Removes reports (never the queue) stored more than `olderThanDays` ago, except the newest `keepLatest`. */
  clean(options) {
    return clean(this.context, options);
  }
  /**
   * Rewrites every stored report in `to`, in batches of the lock; the reports, their hashes and ages are
   * unchanged. zstd on a Node.js without it is refused (StoreCodecError). Returns how many were rewritten.
   */
  async recompress(to, onProgress) {
    const entries = await this.list();
    let rewritten = 0;
    await this.batch(entries, async (entry, i) => {
      if (await recompressEntry(this.context, entry, to)) rewritten++;
      onProgress?.(i + 1, entries.length);
    });
    return { rewritten, unchanged: entries.length - rewritten };
  }
  /** Removes every queued report; returns how many there were. */
  clearQueue() {
    return clearQueue(this.context);
  }
  /** The entry whose hash starts with `prefix` (a "sha256:" in front is fine); reports/ before queue/ before rejected/. */
  findByPrefix(prefix) {
    return findByPrefix(this.context, prefix);
  }
};

// src/cli/commands/cache/common.ts
var COMMON = {
  "storage-path": { type: "string" },
  help: { type: "boolean", short: "h" }
};
var STORE_NOTE = `The store is --storage-path DIR, else $JUX_STORAGE_PATH, else $XDG_DATA_HOME/jux (~/.local/share/jux;
macOS ~/Library/Application Support/jux; Windows %LOCALAPPDATA%\\jux), shared with pytest-jux.`;
function printHelp(io, usage) {
  io.stdout.write(`${usage}
${STORE_NOTE}
`);
  return 0;
}
function exactPositionals(sub, given, names) {
  if (given.length !== names.length) {
    const got = given.length ? given.map((g) => `"${g}"`).join(" ") : "nothing";
    const expected = names.length ? names.join(" ") : "no arguments, only options";
    throw new UsageError(`jux cache ${sub}: expected ${expected}, got ${got} (see jux cache ${sub} --help)`);
  }
  return given;
}
function choice(sub, name, value, allowed) {
  if (value === void 0 || allowed.includes(value)) return value;
  throw new UsageError(`jux cache ${sub}: --${name} must be one of ${allowed.join(", ")}, not "${value}"`);
}
function figure(w, n) {
  return w.limit === "max_size" ? bytes(n) : `${n} report${n === 1 ? "" : "s"}`;
}
var OLDEST = "the oldest stored reports (never a queued or rejected one)";
function limitWarningLine(w) {
  switch (w.kind) {
    case "near":
      return `warning: the store holds ${figure(w, w.current)}, ${Math.floor(100 * w.current / w.max)} % of its ${w.limit} ${figure(w, w.max)}; past it ${OLDEST} are removed: raise ${w.limit}, or remove reports yourself (jux cache clean --days N)`;
    case "rotated":
      return `removed ${w.removed === 1 ? "the oldest stored report" : `the ${w.removed} oldest stored reports`} (never a queued or rejected one) to keep the store within its ${w.limit} ${figure(w, w.max)}; it now holds ${figure(w, w.current)} (jux cache list shows them; raise ${w.limit} to keep more)`;
    case "pinned":
      return `warning: the store is above its ${w.limit} ${figure(w, w.max)} and nothing was removed: its ${w.queued} queued and ${w.rejected} rejected report(s) alone hold ${figure(w, w.pinned)}, and a queued or rejected report is never removed: publish the queue (jux cache push), or raise ${w.limit}`;
  }
}
function storeOptions(config, io) {
  return {
    compress: config.compress,
    limits: {
      ...config.maxSize !== void 0 ? { maxBytes: config.maxSize } : {},
      ...config.maxReports !== void 0 ? { maxReports: config.maxReports } : {}
    },
    onWarning: (w) => writeLine(io.stderr, limitWarningLine(w))
  };
}
async function openStore(values, io) {
  const { config } = await settingsOf(io);
  const explicit = values["storage-path"];
  return ReportStore.open(storageBase(explicit ?? config.storagePath, io), storeOptions(config, io));
}

export {
  AREAS,
  loadReportBytes,
  loadReportFile,
  checkedReport,
  ReportStore,
  COMMON,
  STORE_NOTE,
  printHelp,
  exactPositionals,
  choice,
  storeOptions,
  openStore
};

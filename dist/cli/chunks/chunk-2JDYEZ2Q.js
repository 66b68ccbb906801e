import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  NO_HARD_LINKS,
  UsageError,
  parseSize,
  readText,
  require_promises as require_promises2,
  trustedKeysFrom,
  writeLine
} from "./chunk-FDG5WOXJ.js";
import {
  C14N_CHOICES,
  CONTROL_CHARACTERS,
  DEFAULT_C14N,
  DEFAULT_LIMITS,
  SMALL_REPORT_BYTES,
  compressReport,
  errnoCode,
  errorMessage,
  hasZstd,
  loadTrustedKeys,
  osReason,
  parseProperty,
  require_crypto,
  require_os,
  require_promises,
  require_zlib,
  zstdContentSize
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

// require-builtin:async_hooks
var require_async_hooks = __commonJS({
  "require-builtin:async_hooks"(exports, module) {
    module.exports = __require("node:async_hooks");
  }
});

// src/core/publish/storage-mode.ts
var STORAGE_MODES = ["local", "api", "both", "cache"];
function publishes(mode) {
  return mode !== "local";
}
function keepsArtifact(mode) {
  return mode !== "api";
}

// src/core/store/codec.ts
var import_promises2 = __toESM(require_promises(), 1);
var import_promises3 = __toESM(require_promises2(), 1);
var nodeZlib = __toESM(require_zlib(), 1);

// src/core/fs/lock.ts
var import_node_async_hooks = __toESM(require_async_hooks(), 1);
var import_node_crypto = __toESM(require_crypto(), 1);
var import_promises = __toESM(require_promises(), 1);
var import_node_os = __toESM(require_os(), 1);
var import_node_path = __toESM(require_path(), 1);
var LockError = class extends Error {
  name = "LockError";
  constructor(what, path2, cause) {
    super(`cannot ${what} ${path2}: ${osReason(cause).replace(/^cannot write \S+: /, "")}`, { cause });
  }
};
var LockBusyError = class extends Error {
  constructor(path2, holder, waitedSeconds) {
    super(
      `${path2}: locked by ${holder}; gave up after ${waitedSeconds} s (remove the file if that process is gone)`
    );
    this.path = path2;
    this.holder = holder;
    this.waitedSeconds = waitedSeconds;
  }
  path;
  holder;
  waitedSeconds;
  name = "LockBusyError";
  code = "LOCK_BUSY";
};
var STALE_MS = 10 * 6e4;
var EMPTY_GRACE_MS = 1e3;
var HEARTBEAT_MS = 6e4;
var DEFAULT_TIMEOUT_MS = 3e4;
var held = new import_node_async_hooks.AsyncLocalStorage();
var ownTokens = /* @__PURE__ */ new Set();
var queues = /* @__PURE__ */ new Map();
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) !== "ESRCH";
  }
}
function parseInfo(text2) {
  try {
    const v = JSON.parse(text2);
    if (typeof v.pid === "number" && typeof v.hostname === "string" && typeof v.token === "string")
      return { pid: v.pid, hostname: v.hostname, created: String(v.created ?? ""), token: v.token };
  } catch {
  }
  return void 0;
}
async function readHolder(path2) {
  try {
    const [text2, info] = await Promise.all([(0, import_promises.readFile)(path2, "utf8"), (0, import_promises.stat)(path2)]);
    return { info: parseInfo(text2), mtimeMs: info.mtimeMs };
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return void 0;
    throw new LockError("read the lock", path2, e);
  }
}
function staleness(holder, now) {
  const { info } = holder;
  if (info && info.hostname === (0, import_node_os.hostname)()) {
    if (info.pid === process.pid && !ownTokens.has(info.token))
      return `left by an earlier process ${info.pid}`;
    if (info.pid !== process.pid && !isAlive(info.pid)) return `process ${info.pid} is not running`;
  }
  if (now - holder.mtimeMs > STALE_MS)
    return `not refreshed for ${Math.round((now - holder.mtimeMs) / 1e3)} s`;
  return void 0;
}
async function breakStale(path2, stale) {
  const aside = `${path2}.${(0, import_node_crypto.randomBytes)(6).toString("hex")}.stale`;
  try {
    await (0, import_promises.rename)(path2, aside);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return;
    throw new LockError("take over the lock", path2, e);
  }
  const moved = await readHolder(aside);
  const same = moved?.info?.token === stale.info?.token && (stale.info !== void 0 || moved?.mtimeMs === stale.mtimeMs);
  if (!same) await (0, import_promises.link)(aside, path2).catch(() => void 0);
  await (0, import_promises.unlink)(aside).catch(() => void 0);
}
async function lockCandidates(path2) {
  const prefix = `${(0, import_node_path.basename)(path2)}.`;
  const names2 = await (0, import_promises.readdir)((0, import_node_path.dirname)(path2)).catch(() => []);
  return names2.filter((name) => name.startsWith(prefix) && /^[0-9a-f]{24}\.tmp$/.test(name.slice(prefix.length))).map((name) => (0, import_node_path.join)((0, import_node_path.dirname)(path2), name));
}
async function abandonedCandidates(path2, now = Date.now()) {
  const abandoned = [];
  for (const candidate2 of await lockCandidates(path2)) {
    const holder = await readHolder(candidate2).catch(() => void 0);
    if (!holder) continue;
    const { info } = holder;
    if (!info) {
      if (now - holder.mtimeMs > EMPTY_GRACE_MS) abandoned.push(candidate2);
      continue;
    }
    const dead = info.hostname === (0, import_node_os.hostname)() && info.pid !== process.pid && !isAlive(info.pid);
    if (dead || now - holder.mtimeMs > STALE_MS) abandoned.push(candidate2);
  }
  return abandoned;
}
async function writeCandidate(path2, info) {
  const temp = `${path2}.${info.token}.tmp`;
  try {
    const handle = await (0, import_promises.open)(temp, "wx", 384);
    try {
      await handle.writeFile(JSON.stringify(info));
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    await (0, import_promises.unlink)(temp).catch(() => void 0);
    throw new LockError("create the lock", path2, e);
  }
  return temp;
}
async function tryCreate(path2, temp, info) {
  try {
    await (0, import_promises.link)(temp, path2);
    return true;
  } catch (e) {
    const code = errnoCode(e);
    if (code === "EEXIST") return false;
    if (!NO_HARD_LINKS.has(code ?? "")) throw new LockError("create the lock", path2, e);
  }
  try {
    const handle = await (0, import_promises.open)(path2, "wx", 384);
    await handle.writeFile(JSON.stringify(info)).finally(() => handle.close());
    return true;
  } catch (e) {
    if (errnoCode(e) === "EEXIST") return false;
    throw new LockError("create the lock", path2, e);
  }
}
function timeoutError(path2, holder, waitedMs) {
  const who = holder?.info ? `process ${holder.info.pid} on ${holder.info.hostname} (since ${holder.info.created})` : "another process";
  return new LockBusyError(path2, who, Math.round(waitedMs / 100) / 10);
}
async function acquire(path2, timeoutMs) {
  const started = Date.now();
  const info = {
    pid: process.pid,
    hostname: (0, import_node_os.hostname)(),
    created: (/* @__PURE__ */ new Date()).toISOString(),
    token: (0, import_node_crypto.randomBytes)(12).toString("hex")
  };
  const temp = await writeCandidate(path2, info);
  try {
    for (let attempt = 0; ; attempt++) {
      if (await tryCreate(path2, temp, info)) return info;
      const holder = await readHolder(path2);
      if (holder === void 0) continue;
      if (staleness(holder, Date.now()) !== void 0) {
        await breakStale(path2, holder);
        continue;
      }
      const waited = Date.now() - started;
      if (waited >= timeoutMs) throw timeoutError(path2, holder, waited);
      await sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
    }
  } finally {
    await (0, import_promises.unlink)(temp).catch(() => void 0);
  }
}
async function release(path2, info) {
  const holder = await readHolder(path2).catch(() => void 0);
  if (holder?.info?.token === info.token) await (0, import_promises.unlink)(path2).catch(() => void 0);
}
async function holdWhile(path2, fn, timeoutMs) {
  const info = await acquire(path2, timeoutMs);
  ownTokens.add(info.token);
  const heartbeat = setInterval(() => {
    const now = /* @__PURE__ */ new Date();
    (0, import_promises.utimes)(path2, now, now).catch(() => void 0);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const outer = held.getStore() ?? /* @__PURE__ */ new Set();
    return await held.run(/* @__PURE__ */ new Set([...outer, path2]), fn);
  } finally {
    clearInterval(heartbeat);
    ownTokens.delete(info.token);
    await release(path2, info);
  }
}
async function withFileLock(path2, fn, options = {}) {
  if (held.getStore()?.has(path2)) return fn();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const queued = Date.now();
  const previous = queues.get(path2) ?? Promise.resolve();
  const run = previous.catch(() => void 0).then(() => holdWhile(path2, fn, Math.max(0, timeoutMs - (Date.now() - queued))));
  const tail = run.catch(() => void 0);
  queues.set(path2, tail);
  try {
    return await run;
  } finally {
    if (queues.get(path2) === tail) queues.delete(path2);
  }
}

// src/core/store/errors.ts
var StoreError = class extends Error {
  name = "StoreError";
};
var StoreLockedError = class extends StoreError {
  name = "StoreLockedError";
  code = "STORE_LOCKED";
};
function storeError(what, path2, err) {
  if (err instanceof StoreError) return err;
  const reason = osReason(err).replace(/^cannot write \S+: /, "");
  return new StoreError(`cannot ${what} ${path2}: ${reason}`, { cause: err });
}
function storeLockError(err) {
  if (err instanceof LockBusyError)
    return new StoreLockedError(
      `${err.path}: the store is locked by ${err.holder}; gave up after ${err.waitedSeconds} s (remove the file if that process is gone)`
    );
  if (err instanceof LockError) return new StoreError(err.message, { cause: err.cause });
  return err;
}

// src/core/store/codec.ts
var COMPRESSIONS = ["zstd", "gzip", "none"];
var SUFFIX = { none: "", zstd: ".zst", gzip: ".gz" };
var MAGIC = {
  zstd: Buffer.from([40, 181, 47, 253]),
  gzip: Buffer.from([31, 139])
};
var CHUNK = 64 * 1024;
var MAX_TRUSTED_RATIO = 2e3;
var MAX_TRUSTED_ALLOCATION = 64 * 1024 * 1024;
var SMALL_FILE_BYTES = 1024 * 1024;
function effectiveCompression(compress, zlib = nodeZlib) {
  return compress === "zstd" && !hasZstd(zlib) ? "gzip" : compress;
}
function sniff(bytes) {
  for (const c of ["zstd", "gzip"])
    if (bytes.length >= MAGIC[c].length && bytes.subarray(0, MAGIC[c].length).equals(MAGIC[c])) return c;
  return "none";
}
var StoreCodecError = class extends StoreError {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
  code;
  name = "StoreCodecError";
};
function noZstd(path2) {
  return new StoreCodecError(
    "no-zstd",
    `${path2}: stored compressed with zstd, and this Node.js ${process.version} has no zstd in node:zlib (Node.js >= 22.15 has it): run jux on Node.js >= 22.15, or convert the store there to gzip once with "jux cache recompress --to gzip" and set compress = gzip for the runtimes without zstd`
  );
}
function corrupt(compression, reason) {
  return new StoreCodecError("corrupt", `its ${compression} data is damaged (${reason})`);
}
function tooLarge(maxBytes) {
  return new StoreCodecError(
    "too-large",
    `it decompresses to more than the ${maxBytes}-byte limit of a report (refused as a possible decompression bomb)`
  );
}
function encodeStored(xml, compression, zlib = nodeZlib) {
  if (compression === "none" || xml.length < SMALL_REPORT_BYTES) return { compression: "none", bytes: xml };
  if (compression === "zstd" && !hasZstd(zlib)) throw noZstd("the report to store");
  const packed = compressReport(xml, compression, zlib);
  return packed.length < xml.length ? { compression, bytes: packed } : { compression: "none", bytes: xml };
}
function inflater(compression, path2, zlib) {
  if (compression === "gzip") return nodeZlib.createGunzip({ chunkSize: CHUNK });
  if (!hasZstd(zlib)) throw noZstd(path2);
  return zlib.createZstdDecompress({ chunkSize: CHUNK });
}
async function declaredSize(handle, compression, size2, head) {
  if (compression === "zstd") return zstdContentSize(head);
  if (size2 < 18) throw corrupt(compression, `${size2} bytes is shorter than any gzip member`);
  const trailer = Buffer.alloc(4);
  await handle.read(trailer, 0, 4, size2 - 4);
  return trailer.readUInt32LE(0);
}
async function readStored(path2, compression, options = {}) {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const zlib = options.zlib ?? nodeZlib;
  let handle;
  try {
    handle = await (0, import_promises2.open)(path2, "r");
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return void 0;
    throw storeError("read", path2, e);
  }
  try {
    if (compression === "none") return await handle.readFile();
    const { size: size2 } = await handle.stat();
    const head = Buffer.alloc(Math.min(size2, 18));
    await handle.read(head, 0, head.length, 0);
    if (sniff(head) !== compression)
      throw corrupt(compression, `it does not start with ${compression}'s magic bytes`);
    const declared = await declaredSize(handle, compression, size2, head);
    if (declared !== void 0 && declared > maxBytes) throw tooLarge(maxBytes);
    if (size2 <= SMALL_FILE_BYTES && declared !== void 0 && declared <= MAX_TRUSTED_ALLOCATION)
      return inflateSmall(await handle.readFile(), compression, path2, declared, zlib);
    return await inflate(handle, compression, path2, { maxBytes, zlib, declared, size: size2 });
  } catch (e) {
    if (e instanceof StoreCodecError) throw e;
    throw storeError("read", path2, e);
  } finally {
    await handle.close();
  }
}
function inflateSmall(data, compression, path2, declared, zlib) {
  if (compression === "zstd" && !hasZstd(zlib)) throw noZstd(path2);
  let out;
  try {
    const limits = { maxOutputLength: Math.max(declared, 1) };
    out = compression === "gzip" ? nodeZlib.gunzipSync(data, limits) : zlib.zstdDecompressSync(data, limits);
  } catch (e) {
    const over = e instanceof RangeError || /limit|too large/i.test(errorMessage(e));
    throw corrupt(
      compression,
      over ? `more bytes come out than the ${declared} it records` : errorMessage(e)
    );
  }
  if (out.length !== declared)
    throw corrupt(compression, `${out.length} bytes come out, not the ${declared} it records`);
  return out;
}
async function inflate(handle, compression, path2, o) {
  const trusted = o.declared !== void 0 && o.declared <= Math.min(Math.max(o.size * MAX_TRUSTED_RATIO, CHUNK), MAX_TRUSTED_ALLOCATION);
  const whole = trusted ? Buffer.allocUnsafe(o.declared) : void 0;
  const parts = [];
  let total = 0;
  const input = handle.createReadStream({ start: 0, highWaterMark: CHUNK, autoClose: false });
  try {
    await (0, import_promises3.pipeline)(input, inflater(compression, path2, o.zlib), async (source) => {
      for await (const chunk of source) {
        if (o.declared !== void 0 && total + chunk.length > o.declared)
          throw corrupt(compression, `more bytes come out than the ${o.declared} it records`);
        if (total + chunk.length > o.maxBytes) throw tooLarge(o.maxBytes);
        if (whole) chunk.copy(whole, total);
        else parts.push(chunk);
        total += chunk.length;
      }
    });
  } catch (e) {
    if (e instanceof StoreCodecError) throw e;
    throw corrupt(compression, errorMessage(e));
  }
  if (o.declared !== void 0 && total !== o.declared)
    throw corrupt(compression, `${total} bytes came out, not the ${o.declared} it records`);
  return whole ?? Buffer.concat(parts, total);
}
function decodeSniffed(bytes, path2, zlib = nodeZlib) {
  const compression = sniff(bytes);
  if (compression === "none") return bytes;
  const limits = { maxOutputLength: DEFAULT_LIMITS.maxBytes };
  try {
    if (compression === "gzip") return nodeZlib.gunzipSync(bytes, limits);
    if (!hasZstd(zlib)) throw noZstd(path2);
    return zlib.zstdDecompressSync(bytes, limits);
  } catch (e) {
    if (e instanceof StoreCodecError) throw e;
    throw corrupt(compression, errorMessage(e));
  }
}

// src/core/config/schema.ts
var ConfigError = class extends Error {
  name = "ConfigError";
  /** Every problem found, when more than one (the message is the first). */
  problems;
  constructor(message, problems = [message]) {
    super(message);
    this.problems = problems;
  }
};
var PUBLISHING = ["publish", "cache push"];
function option(spec) {
  return {
    env: [`JUX_${spec.name.toUpperCase()}`],
    aliases: [],
    secret: false,
    ...spec
  };
}
var OPTIONS = [
  option({
    name: "enabled",
    usedBy: [],
    key: "enabled",
    type: "bool",
    defaultText: "true",
    description: "pytest-jux's plugin: whether it does anything at all (jux's commands are explicit requests)"
  }),
  option({
    name: "sign",
    key: "sign",
    type: "bool",
    defaultText: "true",
    description: "pytest-jux's plugin: sign the reports it writes (jux sign always signs)",
    usedBy: []
  }),
  option({
    name: "publish",
    usedBy: [],
    key: "publish",
    type: "bool",
    defaultText: "false",
    description: "pytest-jux's plugin: publish the reports it writes (with jux: run jux publish)"
  }),
  option({
    name: "storage_mode",
    input: "storage_mode",
    usedBy: PUBLISHING,
    key: "storageMode",
    type: "enum",
    choices: STORAGE_MODES,
    defaultText: "cache when api_url is set, else local",
    description: "local: store only; api: publish only; both: store and publish; cache: store, publish when possible, queue the rest"
  }),
  option({
    name: "storage_path",
    usedBy: ["publish", "cache"],
    key: "storagePath",
    type: "path",
    defaultText: "$XDG_DATA_HOME/jux (platform default)",
    description: "the local store's directory"
  }),
  option({
    name: "key_path",
    usedBy: ["sign", "keygen"],
    key: "keyPath",
    type: "path",
    defaultText: "(none)",
    description: "the PEM private key that signs the reports"
  }),
  option({
    name: "cert_path",
    usedBy: ["sign", "verify", "inspect", "keygen"],
    key: "certPath",
    type: "path",
    defaultText: "(none)",
    description: "the PEM certificate embedded in the signatures"
  }),
  option({
    name: "api_url",
    input: "api_url",
    usedBy: PUBLISHING,
    key: "apiUrl",
    type: "url",
    defaultText: "(none)",
    description: "the Jux API base URL, e.g. https://jux.example.com/api/v1"
  }),
  option({
    name: "bearer_token",
    input: "api_key",
    usedBy: PUBLISHING,
    key: "apiKey",
    type: "secret",
    defaultText: "(none)",
    env: ["JUX_BEARER_TOKEN", "JUX_API_KEY"],
    aliases: ["api_key"],
    secret: true,
    description: "the API key (also api_key, JUX_API_KEY); prefer the environment to a file"
  }),
  option({
    name: "api_key_header",
    input: "api_key_header",
    usedBy: PUBLISHING,
    key: "apiKeyHeader",
    type: "header",
    defaultText: "Authorization",
    description: 'the header carrying the key: Authorization sends "Bearer KEY", any other sends the key as is'
  }),
  option({
    name: "api_timeout",
    input: "timeout_seconds",
    usedBy: PUBLISHING,
    key: "apiTimeoutSeconds",
    type: "seconds",
    min: 0,
    max: 86400,
    defaultText: "30",
    description: "seconds to wait for the API server"
  }),
  option({
    name: "api_max_retries",
    input: "max_retries",
    usedBy: PUBLISHING,
    key: "apiMaxRetries",
    type: "int",
    min: 0,
    max: 100,
    defaultText: "3",
    description: "retries of a failed request (network errors, 408, 429, 5xx)"
  }),
  option({
    name: "key_passphrase_env",
    usedBy: ["sign"],
    key: "keyPassphraseEnv",
    type: "env-name",
    defaultText: "(none)",
    description: "the environment variable holding the key's passphrase (never the passphrase itself)"
  }),
  option({
    name: "c14n",
    input: "c14n",
    usedBy: ["sign"],
    key: "c14n",
    type: "enum",
    choices: C14N_CHOICES,
    defaultText: DEFAULT_C14N,
    description: "the signature's canonicalization: c14n11 (pytest-jux's) or exclusive"
  }),
  option({
    name: "project_name",
    input: "project",
    usedBy: ["sign"],
    key: "projectName",
    type: "string",
    defaultText: "(the repository or directory name)",
    description: "the project property of the reports"
  }),
  option({
    name: "properties",
    input: "properties",
    usedBy: ["sign"],
    key: "properties",
    type: "properties",
    defaultText: "(none)",
    description: "extra NAME=VALUE properties, comma or newline separated"
  }),
  option({
    name: "publish_concurrency",
    usedBy: PUBLISHING,
    key: "publishConcurrency",
    type: "int",
    min: 1,
    max: 32,
    defaultText: "4",
    description: "reports published at the same time"
  }),
  option({
    name: "compress",
    usedBy: ["sign", "publish", "cache"],
    key: "compress",
    type: "enum",
    choices: COMPRESSIONS,
    defaultText: "zstd",
    description: "the store's compression: zstd (gzip where the runtime has no zstd), gzip, or none"
  }),
  option({
    name: "max_size",
    usedBy: ["sign", "publish", "cache"],
    key: "maxSize",
    type: "size",
    defaultText: "(none: unlimited)",
    description: "the store's size limit, e.g. 500MB (10^6 bytes) or 2GiB (2^30); the oldest stored reports go first, never a queued or rejected one"
  }),
  option({
    name: "max_reports",
    usedBy: ["sign", "publish", "cache"],
    key: "maxReports",
    type: "int",
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    defaultText: "(none: unlimited)",
    description: "the most reports the store keeps; the oldest stored reports go first, never a queued or rejected one"
  }),
  option({
    name: "record_env",
    usedBy: ["sign"],
    key: "recordEnv",
    type: "names",
    defaultText: "(none)",
    description: "environment variables recorded as env:NAME properties: names or glob patterns (CI_*); secret-looking names never are"
  }),
  option({
    name: "redact",
    input: "redact",
    usedBy: ["sign"],
    key: "redact",
    type: "patterns",
    defaultText: "(none)",
    description: "properties removed before signing: glob patterns over names (env:*TOKEN*, jux:username); PATTERN=mask keeps the name with the value ***"
  })
];
function optionNamed(name) {
  return OPTIONS.find((o) => o.name === name || o.aliases.includes(name));
}
var FORBIDDEN_KEYS = {
  key_passphrase: "the passphrase is never a configuration value: put it in an environment variable and name that with key_passphrase_env",
  passphrase: "the passphrase is never a configuration value: put it in an environment variable and name that with key_passphrase_env"
};
function isSecretKey(key) {
  const name = key.toLowerCase().replace(/^jux_/, "");
  return optionNamed(name)?.secret === true || name in FORBIDDEN_KEYS;
}
function maskSecret(value) {
  void value;
  return "********";
}
var DEFAULTS = {
  enabled: true,
  sign: true,
  publish: false,
  apiKeyHeader: "Authorization",
  apiTimeoutSeconds: 30,
  apiMaxRetries: 3,
  c14n: DEFAULT_C14N,
  properties: [],
  publishConcurrency: 4,
  compress: "zstd",
  redact: [],
  recordEnv: []
};

// src/core/github/names.ts
var import_node_crypto2 = __toESM(require_crypto(), 1);
function sanitizeArtifactName(name) {
  return name.replace(/[":<>|*?\r\n\\/]/g, "-");
}
function serverTag(apiUrl) {
  const url2 = new URL(apiUrl);
  const normal = `${url2.protocol}//${url2.host}${url2.pathname.replace(/\/+$/, "")}`.toLowerCase();
  return (0, import_node_crypto2.createHash)("sha256").update(normal).digest("hex").slice(0, 8);
}
function isPendingOf(artifactName, apiUrl) {
  const base = sanitizeArtifactName(artifactName);
  const marker = `-pending-${serverTag(apiUrl)}-`;
  return (name) => {
    const at = name.indexOf(marker);
    if (at < 0) return false;
    const before = name.slice(0, at);
    return before === base || before.startsWith(`${base}-`);
  };
}

// src/core/config/load.ts
var import_promises5 = __toESM(require_promises(), 1);
var import_node_path7 = __toESM(require_path(), 1);

// src/core/config/locations.ts
var import_node_fs = __toESM(require_fs(), 1);
var import_node_path6 = __toESM(require_path(), 1);

// src/core/config/files.ts
var import_promises4 = __toESM(require_promises(), 1);
var import_node_path5 = __toESM(require_path(), 1);

// node_modules/smol-toml/dist/error.js
function getLineColFromPtr(string, ptr) {
  let lines = string.slice(0, ptr).split(/\r?\n/);
  return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
  let lines = string.split(/\r?\n/);
  let codeblock = "";
  let numberLen = (Math.log10(line + 1) | 0) + 1;
  for (let i = line - 1; i <= line + 1; i++) {
    let l = lines[i - 1];
    if (!l)
      continue;
    codeblock += i.toString().padEnd(numberLen, " ");
    codeblock += ":  ";
    codeblock += l;
    codeblock += "\n";
    if (i === line) {
      codeblock += " ".repeat(numberLen + column + 2);
      codeblock += "^\n";
    }
  }
  return codeblock;
}
var TomlError = class _TomlError extends Error {
  line;
  column;
  codeblock;
  constructor(message, options) {
    const [line, column] = getLineColFromPtr(options.toml, options.ptr);
    const codeblock = makeCodeBlock(options.toml, line, column);
    super(`Invalid TOML document: ${message}

${codeblock}`, options);
    this.line = line;
    this.column = column;
    this.codeblock = codeblock;
  }
  /** @internal */
  static x(message, ctx, ptr) {
    throw new _TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
  }
};

// node_modules/smol-toml/dist/primitive.js
function parseString(ctx) {
  let startPtr = ctx.p;
  let c = ctx.s.charCodeAt(ctx.p++);
  let first = c;
  let isLiteral = c === 39;
  let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
  if (isMultiline) {
    if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 10)
      ctx.p++;
    else if (c === 13 && ctx.s.charCodeAt(ctx.p + 1) === 10)
      ctx.p += 2;
  }
  let parsed = "";
  let sliceStart = ctx.p;
  let state = 0;
  for (; ctx.p < ctx.s.length; ctx.p++) {
    c = ctx.s.charCodeAt(ctx.p);
    if (isMultiline && (c === 10 || c === 13 && ctx.s.charCodeAt(ctx.p + 1) === 10)) {
      state = state && 3;
    } else if (c < 32 && c !== 9 || c === 127) {
      TomlError.x("control characters are not allowed in strings", ctx);
    } else if ((!state || state === 3) && c === first && (!isMultiline || ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first)) {
      if (isMultiline) {
        if (ctx.s.charCodeAt(ctx.p + 3) === first)
          ctx.p++;
        if (ctx.s.charCodeAt(ctx.p + 3) === first)
          ctx.p++;
      }
      if (!state) {
        let s = ctx.s.slice(sliceStart, ctx.p);
        parsed = parsed ? parsed + s : s;
      }
      ctx.p += isMultiline ? 3 : 1;
      return parsed;
    } else if (!state) {
      if (!isLiteral && c === 92) {
        parsed += ctx.s.slice(sliceStart, sliceStart = ctx.p);
        state = 1;
      }
    } else if (state === 1) {
      if (c === 120 || c === 117 || c === 85) {
        let errPtr = ctx.p++ - 1;
        let value = 0;
        let len = c === 120 ? 2 : c === 117 ? 4 : 8;
        for (let j = 0; j < len; j++, ctx.p++) {
          let hex = ctx.s.charCodeAt(ctx.p);
          let digit = (
            /* 0-9 */
            hex >= 48 && hex <= 57 ? hex - 48 : (
              /* A-F */
              hex >= 65 && hex <= 70 ? hex - 65 + 10 : (
                /* a-f */
                hex >= 97 && hex <= 102 ? hex - 97 + 10 : -1
              )
            )
          );
          if (digit < 0)
            TomlError.x("invalid non-hex character in unicode escape", ctx);
          value = value << 4 | digit;
        }
        if (value < 0 || value > 1114111 || value >= 55296 && value <= 57343) {
          TomlError.x("invalid unicode escape", ctx, errPtr);
        }
        parsed += String.fromCodePoint(value);
        sliceStart = ctx.p--;
        state = 0;
      } else if (isMultiline && (c === 32 || c === 9)) {
        state = 2;
      } else {
        if (c === 98)
          parsed += "\b";
        else if (c === 116)
          parsed += "	";
        else if (c === 110)
          parsed += "\n";
        else if (c === 102)
          parsed += "\f";
        else if (c === 114)
          parsed += "\r";
        else if (c === 101)
          parsed += "\x1B";
        else if (c === 34)
          parsed += '"';
        else if (c === 92)
          parsed += "\\";
        else
          TomlError.x("unrecognised escape sequence", ctx);
        sliceStart = ctx.p + 1;
        state = 0;
      }
    } else if (c !== 32 && c !== 9) {
      if (state === 2)
        TomlError.x("invalid escape: only line-ending whitespace may be escaped", ctx, sliceStart);
      state = !isLiteral && c === 92 ? 1 : 0;
      sliceStart = ctx.p;
    }
  }
  TomlError.x("unfinished string", ctx, startPtr);
}

// node_modules/smol-toml/dist/date.js
var DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
var TomlDate = class _TomlDate extends Date {
  #hasDate = false;
  #hasTime = false;
  #offset = null;
  constructor(date, fasttype, unsafeDelim) {
    let hasDate = true;
    let hasTime = true;
    let offset = "Z";
    let c;
    if (typeof date === "string") {
      if (fasttype)
        prep: {
          if (fasttype < 3) {
            if (+date.slice(11, 13) > 23) {
              date = "";
              break prep;
            }
            if (fasttype === 2) {
              offset = null;
              date += "Z";
            } else if ((c = date.charCodeAt(date.length - 1)) !== 90 && c !== 122) {
              offset = date.slice(date.length - 6);
            }
            if (unsafeDelim)
              date = date.slice(0, 10) + "T" + date.slice(11);
          } else if (fasttype === 4) {
            date = +date.slice(0, 2) > 23 ? "" : `0000-01-01T${date}Z`;
          }
          hasDate = fasttype !== 4;
          hasTime = fasttype !== 3;
        }
      else {
        let match = date.match(DATE_TIME_RE);
        if (match) {
          if (!match[1]) {
            hasDate = false;
            date = `0000-01-01T${date}`;
          }
          hasTime = !!match[2];
          hasTime && date[10] === " " && (date = date.replace(" ", "T"));
          if (match[2] && +match[2] > 23) {
            date = "";
          } else {
            offset = match[3] || null;
            if (!offset && hasTime)
              date += "Z";
          }
        } else {
          date = "";
        }
      }
    }
    super(date);
    if (!isNaN(this.getTime())) {
      this.#hasDate = hasDate;
      this.#hasTime = hasTime;
      this.#offset = offset;
    }
  }
  isDateTime() {
    return this.#hasDate && this.#hasTime;
  }
  isLocal() {
    return !this.#hasDate || !this.#hasTime || !this.#offset;
  }
  isDate() {
    return this.#hasDate && !this.#hasTime;
  }
  isTime() {
    return this.#hasTime && !this.#hasDate;
  }
  isValid() {
    return this.#hasDate || this.#hasTime;
  }
  toISOString() {
    let iso = super.toISOString();
    if (this.isDate())
      return iso.slice(0, 10);
    if (this.isTime())
      return iso.slice(11, 23);
    if (this.#offset === null)
      return iso.slice(0, -1);
    if (this.#offset === "Z" || this.#offset === "z")
      return iso;
    let offset = +this.#offset.slice(1, 3) * 60 + +this.#offset.slice(4, 6);
    offset = this.#offset[0] === "-" ? offset : -offset;
    let offsetDate = new Date(this.getTime() - offset * 6e4);
    return offsetDate.toISOString().slice(0, -1) + this.#offset;
  }
  static wrapAsOffsetDateTime(jsDate, offset = "Z") {
    let date = new _TomlDate(jsDate);
    date.#offset = offset;
    return date;
  }
  static wrapAsLocalDateTime(jsDate) {
    let date = new _TomlDate(jsDate);
    date.#offset = null;
    return date;
  }
  static wrapAsLocalDate(jsDate) {
    let date = new _TomlDate(jsDate);
    date.#hasTime = false;
    date.#offset = null;
    return date;
  }
  static wrapAsLocalTime(jsDate) {
    let date = new _TomlDate(jsDate);
    date.#hasDate = false;
    date.#offset = null;
    return date;
  }
};

// node_modules/smol-toml/dist/extract.js
function isDigit(char, base = 10) {
  return base === 16 ? char > 47 && char < 58 || char > 64 && char < 71 || char > 96 && char < 103 : char > 47 && char < 48 + base;
}
function isEndOfValue(char, delim) {
  return char === 32 || char === 9 || char === 10 || char === 13 || // Structure end or next value delimiter
  delim && (char === delim || char === 44) || // Comment
  char === 35;
}
function extractValue(ctx, end) {
  let errPtr = ctx.p;
  let c = ctx.s.charCodeAt(ctx.p);
  if (c === 91 || c === 123) {
    ctx.d-- || TomlError.x("document contains excessively nested structures. aborting.", ctx);
    let value = c === 91 ? parseArray(ctx) : parseInlineTable(ctx);
    ctx.d++;
    return value;
  }
  if (c === 34 || c === 39) {
    return parseString(ctx);
  }
  if (c === 116) {
    if (ctx.s.charCodeAt(++ctx.p) !== 114 || ctx.s.charCodeAt(++ctx.p) !== 117 || ctx.s.charCodeAt(++ctx.p) !== 101)
      TomlError.x("invalid value", ctx, errPtr);
    return ctx.p++, true;
  }
  if (c === 102) {
    if (ctx.s.charCodeAt(++ctx.p) !== 97 || ctx.s.charCodeAt(++ctx.p) !== 108 || ctx.s.charCodeAt(++ctx.p) !== 115 || ctx.s.charCodeAt(++ctx.p) !== 101)
      TomlError.x("invalid value", ctx, errPtr);
    return ctx.p++, false;
  }
  if (c === 43 || c === 45) {
    return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 44 - c, end);
  }
  if (ctx.s.charCodeAt(ctx.p + 4) === 45 && ctx.s.charCodeAt(ctx.p + 7) === 45) {
    return parseDate(ctx, c, end);
  }
  if (ctx.s.charCodeAt(ctx.p + 2) === 58) {
    return parseTime(ctx, c, end);
  }
  return parseNumber(ctx, ctx.p, c, 0, end);
}
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
  let c = startChr;
  let state = 0;
  let hasUnderscores = false;
  if (c === 105) {
    if (ctx.s.charCodeAt(++ctx.p) !== 110 || ctx.s.charCodeAt(++ctx.p) !== 102)
      TomlError.x("invalid value", ctx, startPtr);
    return ctx.p++, (sign || 1) / 0;
  }
  if (c === 110) {
    if (ctx.s.charCodeAt(++ctx.p) !== 97 || ctx.s.charCodeAt(++ctx.p) !== 110)
      TomlError.x("invalid value", ctx, startPtr);
    return ctx.p++, NaN;
  }
  if (c === 48) {
    if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
      return ctx.bi === true ? 0n : 0;
    if (!sign) {
      if (c === 120)
        return parseIntegerBaseN(ctx, startPtr, 16, endChr);
      else if (c === 98)
        return parseIntegerBaseN(ctx, startPtr, 2, endChr);
      else if (c === 111)
        return parseIntegerBaseN(ctx, startPtr, 8, endChr);
    }
    if (c === 46)
      state = 2;
    else if (c === 101 || c === 69)
      state = 4;
    else
      TomlError.x("illegal leading zero", ctx, startPtr);
  } else if (!isDigit(c))
    TomlError.x("invalid value", ctx, startPtr);
  while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
    if (!state)
      state = 1;
    if (c === 95) {
      if (!(state & 1))
        TomlError.x("illegal underscore", ctx);
      state += 11;
      hasUnderscores = true;
    } else if (state === 1 && c === 46)
      state = 2;
    else if ((state === 1 || state === 3) && (c === 101 || c === 69))
      state = 4;
    else if (state === 4 && (c === 43 || c === 45)) {
      state = 6;
    } else if (!isDigit(c))
      TomlError.x(`illegal character in numeric literal`, ctx);
    else if (state > 9)
      state -= 11;
    else if (!(state & 1))
      state++;
  }
  if (!state) {
    let val = (startChr - 48) * (sign || 1);
    return ctx.bi === true ? BigInt(val) : val;
  }
  if (!(state & 1))
    TomlError.x("unfinished numeric value", ctx, startPtr);
  let str = ctx.s.slice(startPtr, ctx.p);
  if (hasUnderscores)
    str = str.replaceAll("_", "");
  return state > 1 ? parseFloat(str) : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
  let c, underscore = 1;
  while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
    if (c === 95) {
      if (underscore & 1)
        TomlError.x("illegal underscore", ctx);
      underscore = 3;
    } else if (!isDigit(c, base))
      TomlError.x(`illegal character in numeric literal`, ctx);
    else if (underscore & 1)
      underscore--;
  }
  if (underscore & 1)
    TomlError.x("unfinished numeric value", ctx);
  let str = ctx.s.slice(startPtr + 2, ctx.p);
  if (underscore)
    str = str.replaceAll("_", "");
  return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
  if (ctx.bi !== true)
    int: {
      let val = parseInt(str, base);
      if (!Number.isSafeInteger(val)) {
        if (ctx.bi)
          break int;
        TomlError.x("integer value cannot be represented losslessly", ctx, startPtr);
      }
      return val;
    }
  return base === 10 ? BigInt(str) : BigInt((base === 2 ? "0b" : base === 8 ? "0o" : "0x") + str);
}
function parseDate(ctx, c, endChr) {
  let startPtr = ctx.p++, unsafeSeparator;
  if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(ctx.p++)) || !isDigit(ctx.s.charCodeAt(ctx.p++)) || !isDigit(ctx.s.charCodeAt(ctx.p++))) {
    return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
  }
  ctx.p += 5;
  if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
    TomlError.x("invalid date-time: date part is malformed", ctx, startPtr);
  if (ctx.p >= ctx.s.length || ((c = ctx.s.charCodeAt(ctx.p)) !== 32 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 84 && c !== 116) {
    let t2 = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t2, 3, false, startPtr);
  }
  if (ctx.s.charCodeAt(ctx.p += 3) !== 58)
    TomlError.x("invalid date-time: time part is malformed", ctx, startPtr);
  if (ctx.s.charCodeAt(ctx.p += 3) === 58)
    ctx.p += 3;
  if (ctx.s.charCodeAt(ctx.p) === 46)
    while (isDigit(ctx.s.charCodeAt(++ctx.p)))
      ;
  if (c = ctx.s.charCodeAt(ctx.p)) {
    if (c === 90 || c === 122) {
      let t2 = ctx.s.slice(startPtr, ++ctx.p);
      return readDate(ctx, t2, 1, unsafeSeparator, startPtr, "[+00:00]");
    }
    if (c === 43 || c === 45) {
      let t2 = ctx.s.slice(startPtr, ctx.p += 6);
      return readDate(ctx, t2, 1, unsafeSeparator, startPtr, !ctx.ld && "[" + ctx.s.slice(ctx.p - 6, ctx.p) + "]");
    }
  }
  let t = ctx.s.slice(startPtr, ctx.p);
  return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
  let start = ctx.p;
  if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
    return parseNumber(ctx, --ctx.p, c, 0, endChr);
  }
  if (ctx.s.charCodeAt(ctx.p += 4) === 58)
    ctx.p += 3;
  if (ctx.s.charCodeAt(ctx.p) === 46)
    while (isDigit(ctx.s.charCodeAt(++ctx.p)))
      ;
  let t = ctx.s.slice(start, ctx.p);
  return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
  if (ctx.ld) {
    let date = new TomlDate(str, type, unsafeDelim);
    if (!date.isValid())
      TomlError.x("invalid date", ctx, errPtr);
    return date;
  }
  try {
    if (temporalSuffix)
      str += temporalSuffix;
    switch (type) {
      case 1:
        return Temporal.ZonedDateTime.from(str);
      case 2:
        return Temporal.PlainDateTime.from(str);
      case 3:
        return Temporal.PlainDate.from(str);
      case 4:
        return Temporal.PlainTime.from(str);
    }
  } catch (e) {
    TomlError.x(e instanceof Error ? e.message : "" + e, ctx, errPtr);
  }
}

// node_modules/smol-toml/dist/util.js
function skipComment(ctx) {
  for (; ctx.p < ctx.s.length; ctx.p++) {
    let c = ctx.s.charCodeAt(ctx.p);
    if (c === 10)
      break;
    if (c === 13 && ctx.s.charCodeAt(ctx.p + 1) === 10) {
      ctx.p++;
      break;
    }
    if (c < 32 && c !== 9 || c === 127) {
      TomlError.x("control characters are not allowed in comments", ctx);
    }
  }
}
function skipVoid(ctx, banNewLines, banComments) {
  let c;
  while (ctx.p < ctx.s.length) {
    while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 32 || c === 9 || !banNewLines && (c === 10 || c === 13 && ctx.s.charCodeAt(ctx.p + 1) === 10)))
      ctx.p++;
    if (banComments || c !== 35)
      break;
    skipComment(ctx);
  }
}

// node_modules/smol-toml/dist/struct.js
function parseKey(ctx, end = 61) {
  let startPtr;
  let state = 0;
  let parsed = [];
  let sliceStart;
  let c = ctx.s.charCodeAt(startPtr = ctx.p);
  do {
    if (c === end) {
      if (!state)
        TomlError.x("unexpected end of key", ctx);
      if (state === 1)
        parsed.push(ctx.s.slice(sliceStart, ctx.p));
      return ctx.p++, parsed;
    } else if (c === 46) {
      if (!state)
        TomlError.x("illegal empty bare key", ctx);
      if (state === 1)
        parsed.push(ctx.s.slice(sliceStart, ctx.p));
      state = 0;
    } else if (!state && (c === 34 || c === 39)) {
      if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
        TomlError.x("illegal quoted key: multiline strings are not allowed", ctx);
      parsed.push(parseString(ctx));
      state = 2;
      ctx.p--;
    } else if (c === 32 || c === 9) {
      if (state === 1) {
        parsed.push(ctx.s.slice(sliceStart, ctx.p));
        state = 2;
      }
    } else if (state === 2 || c < 48 && c !== 45 || c > 57 && c < 65 || c > 90 && c < 97 && c !== 95 || c > 122) {
      TomlError.x("illegal character in key", ctx);
    } else if (!state) {
      state = 1;
      sliceStart = ctx.p;
    }
  } while (c = ctx.s.charCodeAt(++ctx.p));
  TomlError.x("incomplete key-value: cannot find end of key", ctx, startPtr);
}
function parseInlineTable(ctx) {
  let startPtr = ctx.p++;
  let res = /* @__PURE__ */ Object.create(null);
  let seen = /* @__PURE__ */ new Set();
  let c;
  while (ctx.p < ctx.s.length) {
    skipVoid(ctx);
    if ((c = ctx.s.charCodeAt(ctx.p)) === 125) {
      ctx.p++;
      return res;
    }
    let k;
    let t = res;
    let hasOwn = false;
    let errPtr = ctx.p;
    let key = parseKey(ctx);
    for (let i = 0; i < key.length; i++) {
      if (i)
        t = hasOwn ? t[k] : t[k] = /* @__PURE__ */ Object.create(null);
      k = key[i];
      if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== "object" || seen.has(t[k]))) {
        TomlError.x("trying to redefine an already defined value", ctx, errPtr);
      }
      let unsafe = k === "__proto__";
      if (ctx.uk && (unsafe || k === "constructor")) {
        t = ctx.uk !== 1 && TomlError.x("document contains an unsafe property", ctx, errPtr);
        break;
      }
      if (!hasOwn && unsafe) {
        Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
      }
    }
    if (hasOwn) {
      TomlError.x("trying to redefine an already defined value", ctx, errPtr);
    }
    skipVoid(ctx, true, true);
    let value = extractValue(
      ctx,
      125
      /* } */
    );
    if (t && typeof (t[k] = value) === "object")
      seen.add(value);
    skipVoid(ctx);
    if ((c = ctx.s.charCodeAt(ctx.p++)) === 125) {
      return res;
    }
    if (c !== 44)
      TomlError.x("expected comma or end of structure", ctx, ctx.p - 1);
  }
  TomlError.x("unfinished table", ctx, startPtr);
}
function parseArray(ctx) {
  let startPtr = ctx.p++;
  let res = [];
  let c;
  while (ctx.p < ctx.s.length) {
    skipVoid(ctx);
    if ((c = ctx.s.charCodeAt(ctx.p)) === 93) {
      ctx.p++;
      return res;
    }
    res.push(extractValue(
      ctx,
      93
      /* ] */
    ));
    skipVoid(ctx);
    if ((c = ctx.s.charCodeAt(ctx.p++)) === 93) {
      return res;
    }
    if (c !== 44)
      TomlError.x("expected comma or end of structure", ctx, ctx.p - 1);
  }
  TomlError.x("unfinished array", ctx, startPtr);
}

// node_modules/smol-toml/dist/parse.js
function peekTable(ctx, key, table2, meta, type) {
  let t = table2;
  let m = meta;
  let k;
  let hasOwn = false;
  let state;
  for (let i = 0; i < key.length; i++) {
    if (i) {
      t = hasOwn ? t[k] : t[k] = /* @__PURE__ */ Object.create(null);
      m = (state = m[k]).c;
      if (type === 0 && (state.t === 1 || state.t === 2)) {
        return null;
      }
      if (state.t === 2) {
        let l = t.length - 1;
        t = t[l];
        m = m[l].c;
      }
    }
    k = key[i];
    if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 && m[k]?.d) {
      return null;
    }
    if (!hasOwn) {
      let unsafe = k === "__proto__";
      if (ctx.uk && (unsafe || k === "constructor"))
        return false;
      if (unsafe) {
        Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
        Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
      }
      m[k] = {
        t: i < key.length - 1 && type === 2 ? 3 : type,
        d: false,
        i: 0,
        c: /* @__PURE__ */ Object.create(null)
      };
    }
  }
  state = m[k];
  if (state.t !== type && !(type === 1 && state.t === 3)) {
    return null;
  }
  if (type === 2) {
    if (!state.d) {
      state.d = true;
      t[k] = [];
    }
    t[k].push(t = /* @__PURE__ */ Object.create(null));
    state.c[state.i++] = state = { t: 1, d: false, i: 0, c: /* @__PURE__ */ Object.create(null) };
  }
  if (state.d) {
    return null;
  }
  state.d = true;
  if (type === 1) {
    t = hasOwn ? t[k] : t[k] = /* @__PURE__ */ Object.create(null);
  } else if (type === 0 && hasOwn) {
    return null;
  }
  return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
  if (peek === null || ctx.uk === 2)
    TomlError.x(peek === null ? "trying to redefine an already defined table or value" : "document contains an unsafe property", ctx, ptr);
}
function parse(toml, options = {}) {
  let ctx = {
    s: toml,
    p: 0,
    d: options.maxDepth ?? 1e3,
    bi: options.integersAsBigInt ?? false,
    ld: options.useLegacyDate ?? true,
    uk: options.unsafeKeyBehaviour === "throw" ? 2 : options.unsafeKeyBehaviour === "drop" ? 1 : 0
  };
  let res = /* @__PURE__ */ Object.create(null);
  let meta = /* @__PURE__ */ Object.create(null);
  let tmp;
  let skipping = false;
  let tbl = res;
  let m = meta;
  if (toml.charCodeAt(0) === 65279)
    ctx.p++;
  skipVoid(ctx);
  while (ctx.p < toml.length) {
    if (toml.charCodeAt(ctx.p) === 91) {
      let isTableArray = toml.charCodeAt(++ctx.p) === 91;
      tmp = ctx.p += +isTableArray;
      skipping = false;
      let k = parseKey(
        ctx,
        93
        /* ] */
      );
      if (isTableArray) {
        if (toml.charCodeAt(ctx.p) !== 93) {
          TomlError.x("expected end of table array declaration", ctx);
        }
        ctx.p++;
      }
      let p = peekTable(
        ctx,
        k,
        res,
        meta,
        isTableArray ? 2 : 1
        /* Type.EXPLICIT */
      );
      if (!p) {
        validateTablePeek(ctx, p, tmp);
        skipping = true;
      } else {
        m = p[2];
        tbl = p[1];
      }
    } else {
      tmp = ctx.p;
      let k = parseKey(ctx);
      let p = peekTable(
        ctx,
        k,
        tbl,
        m,
        0
        /* Type.DOTTED */
      );
      if (!p && !skipping)
        validateTablePeek(ctx, p, tmp);
      skipVoid(ctx, true, true);
      let v = extractValue(ctx, void 0);
      if (p && !skipping)
        p[1][p[0]] = v;
    }
    skipVoid(ctx, true);
    if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 10 && (tmp !== 13 || toml.charCodeAt(ctx.p + 1) !== 10)) {
      TomlError.x("each key-value declaration must be followed by an end-of-line", ctx);
    }
    skipVoid(ctx);
  }
  return res;
}

// node_modules/smol-toml/dist/stringify.js
var HAS_WELLFORMED = !!"".isWellFormed;

// src/core/config/ini.ts
var IniSyntaxError = class extends Error {
  constructor(line, reason) {
    super(reason);
    this.line = line;
  }
  line;
};
var HEADER = /^\[([^\]]+)\]\s*$/;
var KEY = /^[A-Za-z0-9_.-]+$/;
function isComment(trimmed) {
  return trimmed.startsWith("#") || trimmed.startsWith(";");
}
function header(state, name, line) {
  const existing = state.sections.get(name);
  if (existing) throw new IniSyntaxError(line, `section [${name}] already appears at line ${existing.line}`);
  state.section = { name, line, entries: /* @__PURE__ */ new Map() };
  state.sections.set(name, state.section);
  state.last = void 0;
}
function assignment(state, text2, line) {
  const at = text2.search(/[=:]/);
  const key = at < 0 ? "" : text2.slice(0, at).trim().toLowerCase();
  if (at < 0 || !KEY.test(key))
    throw new IniSyntaxError(line, "expected `key = value`, a [section] header or a comment");
  if (!state.section) throw new IniSyntaxError(line, `"${key}" comes before any [section] header`);
  const previous = state.section.entries.get(key);
  if (previous)
    throw new IniSyntaxError(
      line,
      `${key} is set twice in [${state.section.name}] (also at line ${previous.line})`
    );
  state.last = { value: text2.slice(at + 1).trim(), line };
  state.section.entries.set(key, state.last);
}
function parseIni(text2) {
  const state = { sections: /* @__PURE__ */ new Map() };
  const lines = text2.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") {
      state.last = void 0;
      return;
    }
    if (isComment(trimmed)) return;
    if (/^\s/.test(raw)) {
      if (!state.last) throw new IniSyntaxError(line, "an indented line that continues no value");
      state.last.value = state.last.value === "" ? trimmed : `${state.last.value}
${trimmed}`;
      return;
    }
    const name = HEADER.exec(trimmed)?.[1]?.trim();
    if (name !== void 0) header(state, name, line);
    else assignment(state, trimmed, line);
  });
  return state.sections;
}

// src/core/config/profiles.ts
var import_node_path4 = __toESM(require_path(), 1);

// src/core/config/values.ts
var import_node_path2 = __toESM(require_path(), 1);
var ValueError = class extends Error {
};
var TRUE = /* @__PURE__ */ new Set(["true", "1", "yes", "on"]);
var FALSE = /* @__PURE__ */ new Set(["false", "0", "no", "off"]);
var HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
var ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function shown(raw) {
  const text2 = typeof raw === "string" ? raw : JSON.stringify(raw) ?? String(raw);
  const short = text2.length > 80 ? `${text2.slice(0, 77)}...` : text2;
  return JSON.stringify(short);
}
function text(spec, raw, what) {
  if (typeof raw === "string") return raw.trim();
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  throw new ValueError(
    spec.secret ? `expected ${what} (value not shown)` : `expected ${what}, got ${shown(raw)}`
  );
}
function bool(spec, raw) {
  if (typeof raw === "boolean") return raw;
  const t = typeof raw === "string" ? raw.trim().toLowerCase() : void 0;
  if (t !== void 0 && TRUE.has(t)) return true;
  if (t !== void 0 && FALSE.has(t)) return false;
  throw new ValueError(`expected true/false (or 1/0, yes/no, on/off), got ${shown(raw)}`);
}
function number(spec, raw, integer) {
  const what = integer ? "a whole number" : "a number of seconds";
  const t = typeof raw === "boolean" ? "" : text(spec, raw, what);
  const n = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(n) || integer && !Number.isInteger(n))
    throw new ValueError(`expected ${what}, got ${shown(raw)}`);
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  if (integer ? n < min : n <= min)
    throw new ValueError(`must be ${integer ? "at least" : "greater than"} ${min}, got ${shown(raw)}`);
  if (n > max) throw new ValueError(`must be at most ${max}, got ${shown(raw)}`);
  return n;
}
function choice(spec, raw) {
  const t = text(spec, raw, `one of ${spec.choices?.join(", ")}`).toLowerCase();
  if (spec.choices?.includes(t)) return t;
  throw new ValueError(`expected one of ${spec.choices?.join(", ")}, got ${shown(raw)}`);
}
function path(spec, raw, ctx) {
  const t = text(spec, raw, "a path");
  const expanded = t === "~" || t.startsWith("~/") ? ctx.homedir + t.slice(1) : t;
  return (0, import_node_path2.isAbsolute)(expanded) ? expanded : (0, import_node_path2.resolve)(ctx.baseDir, expanded);
}
function url(spec, raw, ctx) {
  const t = text(spec, raw, "an http(s) URL");
  let parsed;
  try {
    parsed = new URL(t);
  } catch {
    throw new ValueError(`expected an http(s) URL, got ${shown(raw)}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new ValueError(`expected an http(s) URL, got ${shown(parsed.protocol.replace(/:$/, ""))} URL`);
  if (parsed.username || parsed.password)
    throw new ValueError(
      `must not contain credentials (set ${ctx.apiKeyName ?? "bearer_token, or JUX_API_KEY,"} instead)`
    );
  if (parsed.search || parsed.hash)
    throw new ValueError(
      `must not have a query or fragment (after ${shown(`${parsed.origin}${parsed.pathname}`)}): give the server's base URL`
    );
  return parsed.href.replace(/\/+$/, "");
}
function secret(spec, raw) {
  const t = text(spec, raw, "a string");
  if (CONTROL_CHARACTERS.test(t))
    throw new ValueError("contains a line break or control character (value not shown)");
  return t;
}
function matching(spec, raw, pattern, what) {
  const t = text(spec, raw, what);
  if (!pattern.test(t)) throw new ValueError(`expected ${what}, got ${shown(raw)}`);
  return t;
}
function plain(spec, raw) {
  const t = text(spec, raw, "a string");
  if (CONTROL_CHARACTERS.test(t))
    throw new ValueError(`contains a line break or control character: ${shown(raw)}`);
  return t;
}
function splitList(t) {
  return t.split(t.includes("\n") ? /\r?\n/ : ",").map((s) => s.trim()).filter((s) => s !== "");
}
function property(item) {
  const at = item.indexOf("=");
  const name = at < 0 ? "" : item.slice(0, at).trim();
  if (name === "") throw new ValueError(`expected NAME=VALUE items, got ${shown(item)}`);
  return { name, value: item.slice(at + 1).trim() };
}
function properties(spec, raw) {
  if (Array.isArray(raw))
    return raw.map((item) => {
      if (typeof item !== "string") throw new ValueError(`expected NAME=VALUE strings, got ${shown(item)}`);
      return property(item);
    });
  if (raw !== null && typeof raw === "object")
    return Object.entries(raw).map(([name, value]) => {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
        throw new ValueError(`${name}: expected a string value, got ${shown(value)}`);
      return { name, value: String(value) };
    });
  return splitList(text(spec, raw, "NAME=VALUE items")).map(property);
}
function size(spec, raw) {
  const t = typeof raw === "number" ? String(raw) : text(spec, raw, "a size such as 500MB");
  try {
    return parseSize(t, "");
  } catch (e) {
    throw new ValueError(e.message.replace(/^: /, ""));
  }
}
var PATTERN = /^[^\s=,]+(=(mask|remove))?$/;
function listOf(spec, raw) {
  return Array.isArray(raw) ? raw.map((item) => {
    if (typeof item !== "string") throw new ValueError(`expected pattern strings, got ${shown(item)}`);
    return item.trim();
  }) : splitList(text(spec, raw, "glob patterns"));
}
function patterns(spec, raw) {
  const items = listOf(spec, raw);
  for (const item of items)
    if (!PATTERN.test(item) || CONTROL_CHARACTERS.test(item))
      throw new ValueError(
        `expected glob patterns over property names (env:*TOKEN*, jux:username), each optionally =mask or =remove, got ${shown(item)}`
      );
  return items.filter((item) => item !== "");
}
var VARIABLE_PATTERN = /^[A-Za-z0-9_*?]+$/;
function names(spec, raw) {
  const items = listOf(spec, raw).filter((item) => item !== "");
  for (const item of items)
    if (!VARIABLE_PATTERN.test(item))
      throw new ValueError(
        `expected environment variable names or glob patterns (CI_*, BUILD_?), got ${shown(item)}`
      );
  return items;
}
function isEmpty(raw) {
  return raw === void 0 || raw === null || typeof raw === "string" && raw.trim() === "";
}
function convert(spec, raw, ctx) {
  switch (spec.type) {
    case "bool":
      return bool(spec, raw);
    case "enum":
      return choice(spec, raw);
    case "path":
      return path(spec, raw, ctx);
    case "url":
      return url(spec, raw, ctx);
    case "secret":
      return secret(spec, raw);
    case "seconds":
      return number(spec, raw, false);
    case "int":
      return number(spec, raw, true);
    case "header":
      return matching(spec, raw, HEADER_NAME, "an HTTP header name");
    case "env-name":
      return matching(spec, raw, ENV_NAME, "an environment variable name");
    case "string":
      return plain(spec, raw);
    case "properties":
      return properties(spec, raw);
    case "size":
      return size(spec, raw);
    case "patterns":
      return patterns(spec, raw);
    case "names":
      return names(spec, raw);
  }
}

// src/core/store/location.ts
var import_node_path3 = __toESM(require_path(), 1);
function defaultStorageBase({ env, platform, homedir: homedir2 }) {
  if (platform === "win32") {
    const local = env.LOCALAPPDATA || import_node_path3.win32.join(homedir2, "AppData", "Local");
    return import_node_path3.win32.join(local, "jux");
  }
  if (platform === "darwin") return import_node_path3.posix.join(homedir2, "Library", "Application Support", "jux");
  const xdg = env.XDG_DATA_HOME;
  if (xdg && import_node_path3.posix.isAbsolute(xdg)) return import_node_path3.posix.join(xdg, "jux");
  return import_node_path3.posix.join(homedir2, ".local", "share", "jux");
}
function resolveStorageBase(explicit, env, context) {
  if (explicit) return explicit;
  if (env.JUX_STORAGE_PATH) return env.JUX_STORAGE_PATH;
  return defaultStorageBase({ ...context, env });
}

// src/core/config/profiles.ts
var PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
function chosenProfile(flag, env) {
  if (flag !== void 0 && flag.trim() !== "") return { name: flag.trim(), where: "--profile" };
  const fromEnv = env.JUX_PROFILE?.trim();
  return fromEnv ? { name: fromEnv, where: "JUX_PROFILE" } : void 0;
}
function definedProfiles(used) {
  return used.flatMap((c) => c.read?.profiles ?? []);
}
function profileEnvPrefix(name) {
  return `JUX_PROFILE_${name.toUpperCase().replace(/-/g, "_")}_`;
}
function profileEnvEntries(name, env, cwd) {
  const prefix = profileEnvPrefix(name);
  const entries = [];
  for (const spec of OPTIONS) {
    const variable = spec.env.map((v) => prefix + v.replace(/^JUX_/, "")).find((v) => !isEmpty(env[v]));
    if (variable !== void 0)
      entries.push({
        spec,
        raw: env[variable],
        kind: "env",
        where: variable,
        key: variable,
        baseDir: cwd,
        profile: name
      });
  }
  return entries;
}
function unknownProfile(choice2, defined) {
  if (!PROFILE_NAME.test(choice2.name))
    return `${choice2.where}: "${choice2.name}" is not a valid profile name (letters, digits, - and _, at most 64, starting with a letter or digit): jux config list --profiles lists the profiles defined`;
  if (defined.some((d) => d.name === choice2.name)) return void 0;
  const names2 = [...new Set(defined.map((d) => d.name))];
  const known = names2.length ? `the profiles defined are ${names2.map(
    (n) => `${n} (${defined.filter((d) => d.name === n).map((d) => d.where).join(", ")})`
  ).join(", ")}` : "no configuration file defines a profile (add a [profile NAME] section to .jux.conf or the user file; jux config list --profiles)";
  return `${choice2.where}: profile "${choice2.name}" is not defined: ${known}`;
}
function profileStore(profile, config, origins, baseApiUrl, ctx) {
  if (origins.storagePath.kind !== "default" || config.apiUrl === void 0) return void 0;
  if (config.apiUrl === baseApiUrl) return void 0;
  const tag = serverTag(config.apiUrl);
  return {
    path: (0, import_node_path4.join)(defaultStorageBase(ctx), "servers", tag),
    origin: {
      kind: "default",
      where: `default for profile ${profile}: its api_url differs from the base configuration's, so its store is the server's (${tag})`
    }
  };
}

// src/core/config/files.ts
async function readIfExists(path2) {
  try {
    return await (0, import_promises4.readFile)(path2, "utf8");
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT" || code === "ENOTDIR") return void 0;
    throw new Error(`cannot read ${path2}: ${osReason(e)}`, { cause: e });
  }
}
var Collector = class {
  constructor(path2, kind) {
    this.path = path2;
    this.kind = kind;
  }
  path;
  kind;
  read = {
    hasJux: false,
    entries: [],
    problems: [],
    unknown: [],
    warnings: [],
    profiles: []
  };
  seen = /* @__PURE__ */ new Map();
  /** A `[profile NAME]` section: false (and a problem) when the name cannot be one. */
  profile(name, line, header2) {
    const at = line === void 0 ? this.path : `${this.path}:${line}`;
    if (!PROFILE_NAME.test(name)) {
      this.read.problems.push(
        `${at}: ${header2}: "${name}" cannot name a profile (letters, digits, - and _, starting with a letter or digit)`
      );
      return false;
    }
    this.read.profiles.push({ name, where: at });
    return true;
  }
  add(key, name, raw, line, where, profile) {
    const at = line === void 0 ? this.path : `${this.path}:${line}`;
    const forbidden = FORBIDDEN_KEYS[name];
    if (forbidden !== void 0) return void this.read.problems.push(`${at}: ${key}: ${forbidden}`);
    const spec = optionNamed(name);
    if (!spec)
      return void this.read.unknown.push(`${at}: unknown option "${key}" in ${where} (see jux config list)`);
    const seen = `${profile ?? ""}\0${spec.name}`;
    const previous = this.seen.get(seen);
    if (previous !== void 0)
      return void this.read.problems.push(`${at}: ${key}: ${spec.name} is already set at ${previous}`);
    this.seen.set(seen, at);
    const entry = { spec, raw, kind: this.kind, where: at, key, baseDir: (0, import_node_path5.dirname)(this.path) };
    this.read.entries.push(profile === void 0 ? entry : { ...entry, profile });
  }
};
function iniSection(c, section, prefix = "", profile) {
  if (!section) return false;
  let any = prefix === "";
  for (const [key, entry] of section.entries) {
    if (!key.startsWith(prefix)) continue;
    any = true;
    c.add(key, key.slice(prefix.length), entry.value, entry.line, `[${section.name}]`, profile);
  }
  return any;
}
var PROFILE_SECTION = /^profile\s+(.*)$/;
var INI_SECTIONS = {
  jux: [["jux", ""]],
  "pytest.ini": [
    ["jux", ""],
    ["pytest", "jux_"]
  ],
  "setup.cfg": [
    ["jux", ""],
    ["tool:pytest", "jux_"]
  ]
};
function readIni(c, path2, text2, format) {
  const sections = parseIni(text2);
  const wanted = INI_SECTIONS[format];
  for (const [name, prefix] of wanted) if (iniSection(c, sections.get(name), prefix)) c.read.hasJux = true;
  if (format === "jux") {
    c.read.hasJux = true;
    for (const s of sections.values()) {
      const profile = PROFILE_SECTION.exec(s.name)?.[1]?.trim();
      if (profile !== void 0) {
        if (c.profile(profile, s.line, `[${s.name}]`)) iniSection(c, s, "", profile);
      } else if (s.name !== "jux")
        c.read.warnings.push(
          `${path2}:${s.line}: section [${s.name}] is ignored (jux reads [jux] and [profile NAME])`
        );
    }
  }
}
function table(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : void 0;
}
function tomlLine(lines, header2, key) {
  const start = lines.findIndex((l) => header2.test(l));
  if (start < 0) return void 0;
  const keyLine = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*=`);
  for (let i = start + 1; i < lines.length && !/^\s*\[/.test(lines[i] ?? ""); i++)
    if (keyLine.test(lines[i] ?? "")) return i + 1;
  return start + 1;
}
function tomlProfile(c, lines, name, value) {
  const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const header2 = new RegExp(
    `^\\s*\\[\\s*tool\\s*\\.\\s*jux\\s*\\.\\s*profile\\s*\\.\\s*["']?${quoted}["']?\\s*\\]`
  );
  const start = lines.findIndex((l) => header2.test(l));
  const section = `[tool.jux.profile.${name}]`;
  if (!c.profile(name, start < 0 ? void 0 : start + 1, section)) return;
  const options = table(value);
  if (!options) return void c.read.problems.push(`${section}: expected a table of options`);
  for (const [key, raw] of Object.entries(options))
    c.add(key, key, raw, tomlLine(lines, header2, key), section, name);
}
function readToml(c, text2) {
  const tool = table(parse(text2).tool);
  const lines = text2.split(/\r?\n/);
  const jux = table(tool?.jux);
  if (jux) {
    c.read.hasJux = true;
    for (const [key, value] of Object.entries(jux))
      if (key !== "profile" || !table(value))
        c.add(key, key, value, tomlLine(lines, /^\s*\[\s*tool\s*\.\s*jux\s*\]/, key), "[tool.jux]");
    for (const [name, value] of Object.entries(table(jux.profile) ?? {})) tomlProfile(c, lines, name, value);
  }
  const pytest = table(table(tool?.pytest)?.ini_options);
  for (const [key, value] of Object.entries(pytest ?? {})) {
    if (!key.startsWith("jux_")) continue;
    c.read.hasJux = true;
    const line = tomlLine(lines, /^\s*\[\s*tool\s*\.\s*pytest\s*\.\s*ini_options\s*\]/, key);
    c.add(key, key.slice(4), value, line, "[tool.pytest.ini_options]");
  }
}
function syntaxProblem(path2, e) {
  if (e instanceof IniSyntaxError) return `${path2}:${e.line}: ${e.message}`;
  if (e instanceof TomlError)
    return `${path2}:${e.line}:${e.column}: not valid TOML: ${e.message.split("\n")[0]}`;
  return void 0;
}
function readConfigText(path2, text2, format, kind) {
  const c = new Collector(path2, kind);
  try {
    if (format === "pyproject.toml") readToml(c, text2);
    else readIni(c, path2, text2, format);
  } catch (e) {
    const problem = syntaxProblem(path2, e);
    if (problem === void 0) throw e;
    if (format !== "jux" && !/jux/i.test(text2)) return { ...c.read, hasJux: false, entries: [] };
    c.read.hasJux = true;
    c.read.problems.push(problem);
    c.read.entries = [];
  }
  return c.read;
}
function formatOf(path2) {
  const name = (0, import_node_path5.basename)(path2);
  return name === "pytest.ini" || name === "setup.cfg" || name === "pyproject.toml" ? name : "jux";
}

// src/core/config/locations.ts
var PROJECT_FILES = [".jux.conf", "pyproject.toml", "pytest.ini", "setup.cfg"];
var DEFAULT_SYSTEM_FILE = "/etc/jux/config";
function systemFileOf(l) {
  if (l.systemFile !== void 0) return l.systemFile;
  if (l.env.JUX_SYSTEM_CONFIG) return l.env.JUX_SYSTEM_CONFIG;
  if (l.platform === "win32" && l.env.PROGRAMDATA) return (0, import_node_path6.join)(l.env.PROGRAMDATA, "jux", "config");
  return DEFAULT_SYSTEM_FILE;
}
function userFilesOf(l) {
  const xdg = l.env.XDG_CONFIG_HOME;
  const base = xdg && (0, import_node_path6.isAbsolute)(xdg) ? xdg : l.platform === "win32" && l.env.APPDATA ? l.env.APPDATA : (0, import_node_path6.join)(l.homedir, ".config");
  return [(0, import_node_path6.join)(base, "jux", "config"), (0, import_node_path6.join)(l.homedir, ".jux", "config")];
}
function unreadable(path2, kind, e) {
  const problem = errorMessage(e);
  const read = {
    hasJux: true,
    entries: [],
    problems: [problem],
    unknown: [],
    warnings: [],
    profiles: []
  };
  return { path: path2, kind, status: "used", read };
}
async function candidate(path2, kind) {
  let text2;
  try {
    text2 = await readIfExists(path2);
  } catch (e) {
    return unreadable(path2, kind, e);
  }
  if (text2 === void 0) return { path: path2, kind, status: "absent" };
  return { path: path2, kind, status: "used", text: text2, read: readConfigText(path2, text2, formatOf(path2), kind) };
}
async function firstOf(paths, kind) {
  const found = [];
  let used;
  for (const path2 of paths) {
    const c = await candidate(path2, kind);
    if (c.status === "used" && used !== void 0)
      Object.assign(c, { status: "ignored", note: `${used} is used` });
    if (c.status === "used") used = path2;
    found.push(c);
  }
  return found;
}
async function inDirectory(dir) {
  const found = [];
  let used;
  for (const name of PROJECT_FILES) {
    const c = await candidate((0, import_node_path6.join)(dir, name), "project");
    if (c.status === "used" && !c.read?.hasJux)
      Object.assign(c, { status: "ignored", note: "no jux settings" });
    else if (c.status === "used" && used !== void 0)
      Object.assign(c, { status: "ignored", note: `${used} takes precedence` });
    if (c.status === "used") used = c.path;
    found.push(c);
  }
  return found;
}
async function projectCandidates(cwd) {
  const found = [];
  for (let dir = cwd; ; dir = (0, import_node_path6.dirname)(dir)) {
    const here = await inDirectory(dir);
    found.push(...here);
    if (here.some((c) => c.status === "used") || (0, import_node_fs.existsSync)((0, import_node_path6.join)(dir, ".git")) || (0, import_node_path6.dirname)(dir) === dir) break;
  }
  return found;
}
async function findFiles(l) {
  return [
    ...await firstOf([systemFileOf(l)], "system"),
    ...await firstOf(userFilesOf(l), "user"),
    ...await projectCandidates(l.cwd)
  ];
}

// src/core/config/merge.ts
var ORDER = ["input", "cli", "env", "project", "user", "system"];
var FILES = ["project", "user", "system"];
function rank(e) {
  const file = FILES.indexOf(e.kind);
  if (file >= 0) return 4 + file + (e.profile === void 0 ? FILES.length : 0);
  if (e.kind === "env") return e.profile === void 0 ? 3 : 2;
  return ORDER.indexOf(e.kind);
}
function defaultOrigin(spec, config) {
  if (spec.name === "storage_mode")
    return {
      kind: "default",
      where: config.apiUrl === void 0 ? "default, as no api_url is set" : "default, as api_url is set"
    };
  return { kind: "default", where: "default" };
}
function mergeEntries(entries, homedir2, problems, naming = {}) {
  const values = { ...DEFAULTS, properties: [], redact: [], recordEnv: [] };
  const origins = {};
  const invalid = [];
  for (const entry of [...entries].sort((a, b) => rank(b) - rank(a))) {
    if (isEmpty(entry.raw)) continue;
    try {
      values[entry.spec.key] = convert(entry.spec, entry.raw, { ...naming, baseDir: entry.baseDir, homedir: homedir2 });
      origins[entry.spec.key] = {
        kind: entry.kind,
        where: entry.where,
        ...entry.profile !== void 0 ? { profile: entry.profile } : {}
      };
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      const label = entry.kind === "input" || entry.kind === "env" || entry.kind === "cli" ? "" : ` ${entry.key}:`;
      problems.push(`${entry.where}:${label} ${e.message}`);
      invalid.push({ key: entry.spec.key, where: entry.where, problem: e.message });
    }
  }
  const config = values;
  if (config.storageMode === void 0) config.storageMode = config.apiUrl === void 0 ? "local" : "cache";
  for (const spec of OPTIONS) origins[spec.key] ??= defaultOrigin(spec, config);
  return { config, origins, invalid };
}

// src/core/config/load.ts
function flagOf(name) {
  return `--${name.replace(/_/g, "-")}`;
}
function cliEntries(cli, cwd) {
  const entries = [];
  for (const [key, raw] of Object.entries(cli ?? {})) {
    if (raw === void 0) continue;
    const name = key.replace(/^--/, "").replace(/-/g, "_");
    const spec = optionNamed(name);
    if (!spec) throw new ConfigError(`${flagOf(name)}: not a configuration option`);
    entries.push({ spec, raw, kind: "cli", where: flagOf(name), key: name, baseDir: cwd });
  }
  return entries;
}
function envEntries(env, cwd, problems) {
  const entries = [];
  for (const spec of OPTIONS) {
    const set = spec.env.filter((name) => !isEmpty(env[name]));
    const [first, ...others] = set;
    if (first === void 0) continue;
    const differing = others.filter((name) => env[name]?.trim() !== env[first]?.trim());
    if (differing.length)
      problems.push(`${[first, ...differing].join(" and ")} are both set, to different values: set one`);
    entries.push({ spec, raw: env[first], kind: "env", where: first, key: first, baseDir: cwd });
  }
  return entries;
}
async function looseSecretFile(c, platform) {
  if (c.kind === "project")
    return `${c.path}: holds bearer_token, and a project file may be committed: prefer JUX_API_KEY in the environment`;
  if (platform === "win32") return void 0;
  const mode = (await (0, import_promises5.stat)(c.path).catch(() => void 0))?.mode ?? 0;
  return mode & 36 ? `${c.path}: holds bearer_token and can be read by other users (chmod 600 ${c.path})` : void 0;
}
async function fileWarnings(used, platform) {
  const warnings = [];
  const exposed = [];
  for (const c of used) {
    warnings.push(...c.read?.warnings ?? []);
    if (c.read?.entries.some((e) => e.spec.secret && !isEmpty(e.raw))) {
      const loose = await looseSecretFile(c, platform);
      if (loose) {
        warnings.push(loose);
        exposed.push(loose);
      }
    }
  }
  return { warnings, exposed };
}
function configWarnings(config) {
  if (publishes(config.storageMode) && config.apiUrl === void 0)
    return [`storage_mode is ${config.storageMode} but no api_url is set: publishing will fail`];
  return [];
}
async function checkConfig(opts, strict = false) {
  const platform = opts.platform ?? process.platform;
  const candidates = await findFiles({ ...opts, cwd: (0, import_node_path7.resolve)(opts.cwd), platform });
  const used = candidates.filter((c) => c.status === "used");
  const problems = used.flatMap((c) => c.read?.problems ?? []);
  const unknown = used.flatMap((c) => c.read?.unknown ?? []);
  if (strict) problems.push(...unknown);
  const profiles = definedProfiles(used);
  const choice2 = chosenProfile(opts.profile, opts.env);
  const missing = choice2 && !problems.length ? unknownProfile(choice2, profiles) : void 0;
  if (missing) problems.push(missing);
  const profile = choice2 && !missing ? choice2.name : void 0;
  const base = [
    ...cliEntries(opts.cli, opts.cwd),
    ...envEntries(opts.env, opts.cwd, problems),
    ...used.flatMap((c) => c.read?.entries ?? [])
  ];
  const chosen = profile === void 0 ? [] : profileEnvEntries(profile, opts.env, opts.cwd);
  const entries = [...base.filter((e) => e.profile === void 0 || e.profile === profile), ...chosen];
  const merged = mergeEntries(entries, opts.homedir, problems);
  if (profile !== void 0) {
    const baseApiUrl = mergeEntries(
      base.filter((e) => e.profile === void 0),
      opts.homedir,
      []
    ).config.apiUrl;
    const store = profileStore(profile, merged.config, merged.origins, baseApiUrl, { ...opts, platform });
    if (store) {
      merged.config.storagePath = store.path;
      merged.origins.storagePath = store.origin;
    }
  }
  const fromFiles = await fileWarnings(used, platform);
  const warnings = [...strict ? [] : unknown, ...fromFiles.warnings, ...configWarnings(merged.config)];
  const files = used.map((c) => c.path);
  const partial = { ...merged, files };
  const about = { profiles, ...choice2 ? { profile: choice2.name } : {} };
  if (problems.length) return { problems, warnings, candidates, partial, ...about };
  const { config, origins } = merged;
  const loaded = {
    config,
    origins,
    files,
    warnings,
    exposedSecrets: fromFiles.exposed,
    ...profile !== void 0 ? { profile } : {}
  };
  return { loaded, problems, warnings, candidates, partial, ...about };
}
async function loadConfig(opts) {
  const check = await checkConfig(opts);
  if (check.loaded) return check.loaded;
  const [first = "invalid configuration", ...rest] = check.problems;
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? "s" : ""}: jux config validate lists them)` : "";
  throw new ConfigError(first + more, check.problems);
}

// src/core/config/inputs.ts
var INPUT_OPTIONS = OPTIONS.filter(
  (o) => o.input !== void 0
);

// src/cli/settings.ts
var import_promises6 = __toESM(require_promises(), 1);
var import_node_os2 = __toESM(require_os(), 1);
var import_node_path8 = __toESM(require_path(), 1);

// src/core/publish/api-key.ts
var MIN_API_KEY_LENGTH = 8;
function apiKeyProblem(key) {
  return key.length < MIN_API_KEY_LENGTH ? `the API key is shorter than ${MIN_API_KEY_LENGTH} characters, too short to be blanked out of what a server answers: use the whole key the server issued` : void 0;
}

// src/cli/settings.ts
function settingsOf(io) {
  return loadConfig(loadOptionsOf(io));
}
function loadOptionsOf(io, cli) {
  return {
    env: io.env,
    cwd: io.cwd,
    homedir: io.env.HOME || (0, import_node_os2.homedir)(),
    platform: process.platform,
    ...cli ? { cli } : {},
    ...io.profile !== void 0 ? { profile: io.profile } : {}
  };
}
var NO_PROFILE_NAME = "jux: --profile needs a profile's name (jux config list --profiles lists them)";
function globalProfile(argv) {
  const rest = [];
  let profile;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    let name;
    if (arg === "--profile") name = argv[++i] ?? "";
    else if (arg.startsWith("--profile=")) name = arg.slice("--profile=".length);
    else {
      rest.push(arg);
      continue;
    }
    if (name.trim() === "" || name.startsWith("-")) throw new UsageError(NO_PROFILE_NAME);
    if (profile !== void 0 && profile !== name)
      throw new UsageError(`jux: --profile is given twice (${profile} and ${name}): give one`);
    profile = name;
  }
  return profile === void 0 ? { argv: rest } : { argv: rest, profile };
}
async function apiConfiguration(cli, io) {
  const loaded = await loadConfig(loadOptionsOf(io, cli));
  for (const warning of loaded.exposedSecrets) writeLine(io.stderr, `warning: ${warning}`);
  const { apiKey } = loaded.config;
  const problem = apiKey === void 0 ? void 0 : apiKeyProblem(apiKey);
  if (problem) throw new ConfigError(`${loaded.origins.apiKey.where}: ${problem}`);
  return loaded;
}
function sourceOf(option2, origin) {
  return `${option2}, from ${origin.where}`;
}
async function readConfigured(path2, option2, origin, flag) {
  try {
    return await (0, import_promises6.readFile)(path2);
  } catch (e) {
    throw new ConfigError(
      `${origin.where}: ${option2}: cannot read ${path2}: ${osReason(e)} (fix ${option2} there, or give ${flag})`
    );
  }
}
function c14nFlag(value, io) {
  try {
    return convert(optionNamed("c14n"), value, { baseDir: io.cwd, homedir: "" });
  } catch (e) {
    if (e instanceof ValueError) throw new UsageError(`jux sign: --c14n: ${e.message}`);
    throw e;
  }
}
var ENCRYPTED = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;
function passphraseOf(flag, loaded, keyPem, io) {
  if (flag !== void 0) {
    const value2 = io.env[flag];
    if (value2 === void 0)
      throw new UsageError(`jux sign: environment variable ${flag} (--passphrase-env) is not set`);
    return value2;
  }
  const variable = loaded.config.keyPassphraseEnv;
  if (variable === void 0) return void 0;
  const value = io.env[variable];
  if (value === void 0 && ENCRYPTED.test(keyPem.toString("latin1")))
    throw new ConfigError(
      `${loaded.origins.keyPassphraseEnv.where}: key_passphrase_env: the key is encrypted and names ${variable}, which is not set (export ${variable} with the key's passphrase, or give --passphrase-env VAR)`
    );
  return value;
}
async function keyOf(flags, loaded, io) {
  const { config, origins } = loaded;
  let key;
  if (flags.key !== void 0) key = { pem: await readText(flags.key, io, "key"), source: flags.key };
  else if (config.keyPath !== void 0)
    key = {
      pem: await readConfigured(config.keyPath, "key_path", origins.keyPath, "--key"),
      source: `${config.keyPath} (${sourceOf("key_path", origins.keyPath)})`
    };
  else
    throw new UsageError(
      "jux sign: --key is required, or set key_path (JUX_KEY_PATH, or key_path = KEY.pem in .jux.conf; see jux config list)"
    );
  let cert;
  if (flags.cert !== void 0)
    cert = { pem: await readText(flags.cert, io, "certificate"), source: flags.cert };
  else if (config.certPath !== void 0)
    cert = {
      pem: await readConfigured(config.certPath, "cert_path", origins.certPath, "--cert"),
      source: `${config.certPath} (${sourceOf("cert_path", origins.certPath)})`
    };
  const passphrase = passphraseOf(flags["passphrase-env"], loaded, key.pem, io);
  return {
    key: key.pem,
    source: key.source,
    ...passphrase !== void 0 ? { passphrase } : {},
    ...cert ? { certificate: cert.pem, certificateSource: cert.source } : {}
  };
}
async function signSettings(flags, io) {
  const c14n = flags.c14n === void 0 ? void 0 : c14nFlag(flags.c14n, io);
  const loaded = await settingsOf(io);
  const { config } = loaded;
  const cli = (flags.property ?? []).map((p) => parseProperty(p, "--property"));
  const project = flags.project ?? config.projectName;
  const metadataEnv = flags.project === void 0 ? io.env : { ...io.env, JUX_PROJECT_NAME: void 0 };
  return {
    key: await keyOf(flags, loaded, io),
    c14n: c14n ?? config.c14n,
    ...project !== void 0 ? { project } : {},
    properties: [...config.properties, ...cli],
    metadataEnv,
    metadata: {
      recordEnv: config.recordEnv,
      redact: [...config.redact, ...passphraseVariables(flags, config)]
    }
  };
}
function passphraseVariables(flags, config) {
  return [flags["passphrase-env"], config.keyPassphraseEnv].filter((v) => !!v).map((v) => `env:${v.replace(/[*?]/g, "?")}=remove`);
}
async function trustedKeysOf(flags, io, command, quiet = false) {
  if (flags?.length) return trustedKeysFrom(flags, io);
  const { config, origins } = await settingsOf(io);
  if (config.certPath === void 0) {
    if (command === "inspect") return void 0;
    throw new UsageError(
      "jux verify: --cert is required: give the certificate (or public key) you trust, or set cert_path (JUX_CERT_PATH, or cert_path in a config file)"
    );
  }
  const pem = await readConfigured(config.certPath, "cert_path", origins.certPath, "--cert");
  const source = `${config.certPath} (${sourceOf("cert_path", origins.certPath)})`;
  const keys = loadTrustedKeys({ pem, source });
  if (!quiet) writeLine(io.stderr, `jux ${command}: trusting ${source}`);
  return keys;
}
async function keygenPaths(output, io) {
  if (output !== void 0 && output !== "") return { output };
  const { config } = await settingsOf(io);
  return {
    ...config.keyPath !== void 0 ? { output: config.keyPath } : {},
    ...config.keyPath !== void 0 && config.certPath !== void 0 ? { certPath: config.certPath } : {}
  };
}
function storageBase(configured, io) {
  const home = (process.platform === "win32" ? io.env.USERPROFILE : io.env.HOME) || (0, import_node_os2.homedir)();
  const base = resolveStorageBase(configured, io.env, { platform: process.platform, homedir: home });
  return (0, import_node_path8.resolve)(io.cwd, base);
}

export {
  publishes,
  keepsArtifact,
  require_async_hooks,
  lockCandidates,
  abandonedCandidates,
  withFileLock,
  StoreError,
  StoreLockedError,
  storeError,
  storeLockError,
  COMPRESSIONS,
  SUFFIX,
  effectiveCompression,
  StoreCodecError,
  noZstd,
  encodeStored,
  readStored,
  decodeSniffed,
  ConfigError,
  OPTIONS,
  isSecretKey,
  maskSecret,
  isPendingOf,
  profileEnvPrefix,
  checkConfig,
  settingsOf,
  loadOptionsOf,
  globalProfile,
  apiConfiguration,
  signSettings,
  trustedKeysOf,
  keygenPaths,
  storageBase
};

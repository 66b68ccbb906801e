import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  TestCollector,
  capUtf8,
  testId
} from "./chunk-KNA2GPWT.js";
import {
  C14N_CHOICES,
  COMPRESSIONS,
  DEFAULT_C14N,
  SPILL_AFTER_DAYS,
  cell,
  htmlText,
  sanitizeArtifactName
} from "./chunk-TRPTZRWW.js";
import {
  CONTROL_CHARACTERS,
  TOOL_NAME,
  VERSION,
  jsonObject
} from "./chunk-KM4QEB6Z.js";
import {
  errorMessage
} from "./chunk-R6WRUTCP.js";
import {
  require_stream
} from "./chunk-DPWUYGSE.js";
import {
  HttpClient,
  error,
  getInput,
  getMultilineInput,
  notice,
  require_crypto,
  require_os,
  setSecret,
  warning
} from "./chunk-US7DMSZK.js";
import {
  __toESM,
  require_fs,
  require_path
} from "./chunk-PGWA7IZW.js";

// src/core/publish/storage-mode.ts
var STORAGE_MODES = ["local", "api", "both", "cache"];
function publishes(mode) {
  return mode !== "local";
}
function keepsArtifact(mode) {
  return mode !== "api";
}

// src/action/inputs.ts
var import_node_fs = __toESM(require_fs(), 1);
var import_node_os = __toESM(require_os(), 1);
var import_node_path2 = __toESM(require_path(), 1);

// src/core/config/schema.ts
var ConfigError = class extends Error {
  name = "ConfigError";
  /** Every problem found, when more than one (the message is the first). */
  problems;
  constructor(message2, problems = [message2]) {
    super(message2);
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

// src/core/config/values.ts
var import_node_path = __toESM(require_path(), 1);

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
function parseSize(text2, source) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text2);
  const unit = m ? UNITS[m[2].toLowerCase()] : void 0;
  if (!m || unit === void 0) {
    throw new Error(
      `${source}: "${text2}" is not a size (use bytes, or a number with KB, MB, GB, KiB, MiB or GiB)`
    );
  }
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1) throw new Error(`${source}: the size must be at least one byte`);
  return bytes;
}

// src/core/config/values.ts
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
  return (0, import_node_path.isAbsolute)(expanded) ? expanded : (0, import_node_path.resolve)(ctx.baseDir, expanded);
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

// src/core/config/inputs.ts
function rawOf(spec, text2) {
  if (spec.type !== "properties" && spec.type !== "patterns") return text2;
  const lines = text2.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
  return lines.length ? lines : "";
}
var INPUT_OPTIONS = OPTIONS.filter(
  (o) => o.input !== void 0
);
function configFromInputs(get, ctx) {
  const entries = INPUT_OPTIONS.map((spec) => ({
    spec,
    raw: rawOf(spec, get(spec.input)),
    kind: "input",
    where: `input ${spec.input}`,
    key: spec.input,
    baseDir: ctx.cwd
  }));
  const problems = [];
  const apiKeyInput = optionNamed("bearer_token")?.input;
  const naming = apiKeyInput ? { apiKeyName: `the ${apiKeyInput} input` } : {};
  const { config, origins } = mergeEntries(entries, ctx.homedir, problems, naming);
  if (problems.length) throw new ConfigError(problems.join("; "), problems);
  return { config, origins };
}

// src/core/publish/api-key.ts
var MIN_API_KEY_LENGTH = 8;
function apiKeyProblem(key) {
  return key.length < MIN_API_KEY_LENGTH ? `the API key is shorter than ${MIN_API_KEY_LENGTH} characters, too short to be blanked out of what a server answers: use the whole key the server issued` : void 0;
}

// src/action/inputs.ts
var FAIL_ON = ["nothing", "failures", "new-failures"];
var AUTH = ["api_key", "oidc"];
var InputError = class extends Error {
  name = "InputError";
};
function optional(name) {
  const value = getInput(name).trim();
  return value === "" ? void 0 : value;
}
function oneOf(name, allowed, fallback) {
  const value = optional(name)?.toLowerCase() ?? fallback;
  if (!allowed.includes(value))
    throw new InputError(`input ${name}: expected one of ${allowed.join(", ")}, got "${value}"`);
  return value;
}
function boolean(name, fallback) {
  const text2 = optional(name)?.toLowerCase();
  if (text2 === void 0) return fallback;
  if (["true", "1", "yes", "on"].includes(text2)) return true;
  if (["false", "0", "no", "off"].includes(text2)) return false;
  throw new InputError(`input ${name}: expected true or false, got "${text2}"`);
}
function registerSecret(value) {
  if (!value) return;
  setSecret(value);
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= 4) setSecret(line.trim());
}
function pemInput(name, workspace, secret2) {
  const value = getInput(name).trim();
  if (value === "") return void 0;
  if (value.includes("-----BEGIN")) return { pem: value + "\n", source: `input ${name}` };
  if (value.includes("\n"))
    throw new InputError(`input ${name}: expected PEM text (-----BEGIN ...) or the path of a PEM file`);
  const path2 = (0, import_node_path2.isAbsolute)(value) ? value : (0, import_node_path2.resolve)(workspace, value);
  if (!(0, import_node_fs.existsSync)(path2))
    throw new InputError(
      `input ${name}: no such file${secret2 ? "" : ` ${value}`} (give the PEM text itself, or the path of a PEM file in the workspace or RUNNER_TEMP)`
    );
  return { pem: (0, import_node_fs.readFileSync)(path2, "utf8"), source: `${value} (input ${name})` };
}
function configured(workspace) {
  try {
    return configFromInputs((name) => getInput(name), { cwd: workspace, homedir: (0, import_node_os.homedir)() }).config;
  } catch (e) {
    if (e instanceof ConfigError) throw new InputError(e.message);
    throw e;
  }
}
var MAX_LEG = 100;
function leg() {
  const text2 = optional("leg");
  if (text2 === void 0) return void 0;
  if (text2.length > MAX_LEG || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(text2))
    throw new InputError(
      `input leg: expected one line of at most ${MAX_LEG} characters naming the matrix leg (e.g. \${{ matrix.os }}-\${{ matrix.node }})`
    );
  return text2;
}
function auth() {
  const text2 = optional("auth")?.toLowerCase().replace(/-/g, "_");
  if (text2 === void 0) return void 0;
  if (!AUTH.includes(text2))
    throw new InputError(
      `input auth: expected api_key or oidc (or nothing: api_key when api_key is set, else oidc when the job has permissions id-token: write), got "${optional("auth")}"`
    );
  return text2;
}
function oidcAudience() {
  const text2 = optional("oidc_audience");
  if (text2 !== void 0 && (text2.length > 1e3 || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(text2)))
    throw new InputError(
      "input oidc_audience: expected one line of at most 1000 characters (the audience jux serve's --oidc-audience names; default: api_url's origin)"
    );
  return text2;
}
function retentionDays() {
  const text2 = optional("retention_days");
  if (text2 === void 0) return void 0;
  const n = Number(text2);
  if (!Number.isInteger(n) || n < 1 || n > 400)
    throw new InputError(`input retention_days: expected a whole number from 1 to 400, got "${text2}"`);
  return n;
}
function spillAfterDays() {
  const text2 = optional("spill_after_days");
  if (text2 === void 0) return SPILL_AFTER_DAYS.default;
  const n = Number(text2);
  if (!Number.isInteger(n) || n < SPILL_AFTER_DAYS.min || n > SPILL_AFTER_DAYS.max)
    throw new InputError(
      `input spill_after_days: expected a whole number from 1 to 6 (the cache evicts an entry 7 days after its last access), got "${text2}"`
    );
  return n;
}
var FROM_ARTIFACT_DEFAULT = [
  "jux-reports-*",
  "!jux-reports-quarantine-*",
  "!jux-reports-rejected-*",
  "!jux-reports-pending-*"
];
function fromRun(step) {
  const text2 = optional("from_run");
  if (text2 === void 0) return void 0;
  const id = /^\d{1,16}$/.test(text2) ? Number(text2) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new InputError(
      `input from_run: expected a workflow run id (digits, e.g. \${{ github.event.workflow_run.id }}), got "${text2}"`
    );
  if (step === "main" && getInput("signing_key").trim() === "")
    throw new InputError(
      "input from_run: needs signing_key: the other run's reports are taken to be signed here (the trusted workflow has the secret; see docs/forks.md)"
    );
  return id;
}
function readInputs(workspace, step = "main") {
  const passphrase = getInput("signing_key_passphrase") || void 0;
  const githubToken = optional("github_token");
  for (const secret2 of [optional("api_key"), passphrase, githubToken, getInput("signing_key").trim()])
    registerSecret(secret2);
  const config = configured(workspace);
  const { apiUrl, storageMode } = config;
  const authInput = auth();
  let { apiKey } = config;
  if (authInput === "oidc" && apiKey !== void 0) {
    if (step === "main")
      notice("jux: input api_key is ignored: input auth is oidc (the job's OIDC token is sent instead)");
    apiKey = void 0;
  }
  const keyProblem = apiKey === void 0 ? void 0 : apiKeyProblem(apiKey);
  if (keyProblem) throw new InputError(`input api_key: ${keyProblem}`);
  if (publishes(storageMode) && !apiUrl)
    throw new InputError(`input storage_mode: ${storageMode} needs api_url (the Jux API to publish to)`);
  const signingKey = step === "main" ? pemInput("signing_key", workspace, true) : void 0;
  registerSecret(signingKey?.pem.trim());
  const retention = retentionDays();
  const signingCert = step === "main" ? pemInput("signing_cert", workspace, false) : void 0;
  const patterns2 = getMultilineInput("report_paths");
  const matrixLeg = leg();
  const run = fromRun(step);
  const artifactPatterns = getMultilineInput("from_artifact").map((p) => p.trim()).filter(Boolean);
  const audience = oidcAudience();
  return {
    reportPaths: patterns2.length ? patterns2 : ["**/junit*.xml", "**/TEST-*.xml"],
    ifNoFilesFound: oneOf("if_no_files_found", ["warn", "error", "ignore"], "warn"),
    storageMode,
    ...apiUrl ? { apiUrl } : {},
    ...apiKey ? { apiKey } : {},
    apiKeyHeader: config.apiKeyHeader,
    ...authInput ? { auth: authInput } : {},
    ...audience !== void 0 ? { oidcAudience: audience } : {},
    ...signingKey ? { signingKey } : {},
    ...passphrase ? { signingKeyPassphrase: passphrase } : {},
    ...signingCert ? { signingCert } : {},
    c14n: config.c14n,
    ...config.projectName ? { projectName: config.projectName } : {},
    properties: config.properties,
    redact: config.redact,
    artifactName: sanitizeArtifactName(
      `${optional("artifact_name") ?? "jux-reports"}${matrixLeg ? `-${matrixLeg}` : ""}`
    ),
    ...retention !== void 0 ? { retentionDays: retention } : {},
    queueKey: optional("queue_key") ?? "jux-queue",
    spillAfterDays: spillAfterDays(),
    apiMaxRetries: config.apiMaxRetries,
    apiTimeoutSeconds: config.apiTimeoutSeconds,
    ...githubToken ? { githubToken } : {},
    summary: boolean("summary", true),
    failOn: oneOf("fail_on", FAIL_ON, "nothing"),
    annotate: boolean("annotate", true),
    comment: boolean("comment", false),
    ...matrixLeg ? { leg: matrixLeg } : {},
    ...run !== void 0 ? {
      fromRun: { id: run, artifacts: artifactPatterns.length ? artifactPatterns : FROM_ARTIFACT_DEFAULT }
    } : {}
  };
}

// src/action/auth.ts
var NO_ID_TOKEN = "the job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add `permissions: id-token: write` to the job (a pull request from a fork never gets one), or set api_key";
function idTokenEndpoint(env) {
  const url2 = env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim();
  return url2 && token ? { url: url2, token } : void 0;
}
function defaultAudience(apiUrl) {
  return new URL(apiUrl).origin;
}
function resolveAuth(inputs, env) {
  const endpoint = idTokenEndpoint(env);
  const oidc = (e) => ({
    kind: "oidc",
    audience: inputs.oidcAudience ?? defaultAudience(inputs.apiUrl),
    endpoint: e
  });
  switch (inputs.auth) {
    case "api_key":
      if (inputs.apiKey === void 0)
        throw new InputError(
          "input auth: api_key needs the api_key input (from a secret): set api_key, or use auth: oidc with `permissions: id-token: write`"
        );
      return { kind: "api_key" };
    case "oidc":
      if (!endpoint) throw new InputError(`input auth: oidc, but ${NO_ID_TOKEN} and auth: api_key`);
      return oidc(endpoint);
    case void 0:
      if (inputs.apiKey !== void 0) return { kind: "api_key" };
      return endpoint ? oidc(endpoint) : { kind: "none" };
  }
}
function describeAuth(auth2) {
  switch (auth2.kind) {
    case "api_key":
      return "api_key (the api_key input)";
    case "oidc":
      return `oidc (GitHub's OIDC token, audience ${auth2.audience})`;
    case "none":
      return "none (no api_key, and the job has no `permissions: id-token: write`: no credentials are sent)";
  }
}
function refusalHint(auth2, env) {
  switch (auth2.kind) {
    case "oidc": {
      const subject = `repo:${env.GITHUB_REPOSITORY ?? "OWNER/REPO"}:ref:${env.GITHUB_REF ?? "REF"}`;
      return `the server refused the job's OIDC token: its --oidc-audience must be ${auth2.audience} (or set oidc_audience to the one it expects), its --oidc-issuer GitHub's, and its --oidc-allow must admit this job (e.g. ${subject}); the reports wait in the queue until it does`;
    }
    case "none":
      return `no credentials were sent: ${NO_ID_TOKEN}`;
    case "api_key":
      return void 0;
  }
}
function authReport(auth2, published2, env) {
  const { run, tokenProblem } = published2;
  const refused = [...run.results, ...run.earlier].some(
    (r) => r.outcome.kind === "rejected" && (r.outcome.status === 401 || r.outcome.status === 403)
  );
  const hint = refused ? refusalHint(auth2, env) : void 0;
  return {
    kind: auth2.kind,
    words: describeAuth(auth2),
    ...tokenProblem ? { problem: tokenProblem } : {},
    notes: hint ? [hint] : []
  };
}

// src/action/annotations.ts
var STEP_CAP = 10;
var Annotations = class {
  /** `budget`: how many of this level the collector may emit (the cap less what the step emits besides). */
  constructor(level, budget = STEP_CAP) {
    this.level = level;
    this.budget = budget;
  }
  level;
  budget;
  kept = [];
  total = 0;
  /** `where`: a file name, or a file, line and title. */
  add(message2, where) {
    const place = typeof where === "string" ? { file: where } : where ?? {};
    if (this.kept.length < this.budget) this.kept.push({ message: message2, place });
    this.total++;
  }
  /** Emits what was collected; `what` names the rest in the closing line. Returns how many lines it emitted. */
  flush(what) {
    const emit = this.level === "error" ? error : warning;
    if (this.budget <= 0) {
      this.kept.length = this.total = 0;
      return 0;
    }
    const fits = this.total <= this.budget;
    const shown2 = fits ? this.kept : this.kept.slice(0, this.budget - 1);
    for (const a of shown2) emit(a.message, propertiesOf(a.place));
    if (!fits) emit(`${this.total - shown2.length} more ${what}: see the log and the job summary`);
    const emitted = fits ? shown2.length : shown2.length + 1;
    this.kept.length = 0;
    this.total = 0;
    return emitted;
  }
};
function propertiesOf(p) {
  return {
    ...p.file !== void 0 ? { file: p.file } : {},
    ...p.file !== void 0 && p.line !== void 0 ? { startLine: p.line } : {},
    ...p.title !== void 0 ? { title: p.title } : {}
  };
}

// src/core/junit/compare.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var FAILING = /* @__PURE__ */ new Set(["failed", "error"]);
function isFailing(outcome) {
  return FAILING.has(outcome);
}
function unionTests(reports) {
  const byId = /* @__PURE__ */ new Map();
  for (const tests of reports)
    for (const t of tests) {
      const known = byId.get(t.id);
      if (!known || worse(t.outcome, known.outcome)) byId.set(t.id, t);
    }
  return byId;
}
var SEVERITY = {
  skipped: 0,
  passed: 1,
  flaky: 2,
  failed: 3,
  error: 4
};
function worse(a, b) {
  return SEVERITY[a] > SEVERITY[b];
}
function compareTests(base, head) {
  const before = /* @__PURE__ */ new Map();
  for (const t of base) before.set(t.id, before.has(t.id) ? pickWorse(before.get(t.id), t) : t);
  const seen = /* @__PURE__ */ new Set();
  const result = { newFailures: [], fixed: [], stillFailing: [], added: [], removed: [] };
  for (const t of head) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    const old = before.get(t.id);
    if (!old) result.added.push(t);
    const was = old ? isFailing(old.outcome) : false;
    const change = old ? { test: t, before: old.outcome } : { test: t };
    if (isFailing(t.outcome)) (was ? result.stillFailing : result.newFailures).push(change);
    else if (was && (t.outcome === "passed" || t.outcome === "flaky")) result.fixed.push(change);
  }
  for (const [id, t] of before) if (!seen.has(id)) result.removed.push(t);
  return result;
}
function pickWorse(a, b) {
  return worse(b.outcome, a.outcome) ? b : a;
}

// src/action/insight/collect.ts
var STACK_LINES = 12;
var STACK_BYTES = 2048;
var MAX_STACKS = 300;
var MAX_LISTED = 500;
var MAX_COMPARED = 200;
var SLOWEST = 10;
var ReportTests = class {
  collector;
  stacks = /* @__PURE__ */ new Map();
  constructor(source) {
    this.collector = new TestCollector(source, {
      onCase: (suite, c) => {
        if (c.status !== "failed" && c.status !== "error" || !c.details) return;
        const id = testId(suite, c.classname, c.name);
        if (this.stacks.size < MAX_STACKS && !this.stacks.has(id))
          this.stacks.set(id, firstLines(capUtf8(c.details, STACK_BYTES)));
      }
    });
  }
  startElement(tag) {
    this.collector.startElement(tag);
  }
  endElement(tag) {
    this.collector.endElement(tag);
  }
  text(raw, cdata) {
    this.collector.text(raw, cdata);
  }
  result() {
    const run = this.collector.run();
    return { counts: run.counts, tests: run.tests, truncated: run.truncated, stacks: this.stacks };
  }
};
function firstLines(text2) {
  const lines = text2.split("\n").map((l) => l.trimEnd()).filter((l) => l.trim() !== "").slice(0, STACK_LINES);
  return capUtf8(lines.join("\n"), STACK_BYTES);
}
function failureText(f) {
  if (!f) return "";
  if (f.type === void 0) return f.message ?? "";
  if (f.message === void 0) return f.type;
  return f.message.startsWith(f.type) ? f.message : `${f.type}: ${f.message}`;
}
var MAX_NAME_BYTES = 1024;
function slim(t, stacks) {
  const cap = (v) => capUtf8(String(v), MAX_NAME_BYTES);
  const s = {
    suite: cap(t.suite),
    classname: cap(t.classname),
    name: cap(t.name),
    outcome: t.outcome,
    duration: typeof t.duration === "number" && Number.isFinite(t.duration) ? t.duration : 0
  };
  if (typeof t.file === "string") s.file = cap(t.file);
  if (typeof t.line === "number" && Number.isSafeInteger(t.line) && t.line > 0) s.line = t.line;
  const f = t.failure;
  if (f && (f.type !== void 0 || f.message !== void 0))
    s.failure = {
      ...f.type !== void 0 ? { type: cap(f.type) } : {},
      ...f.message !== void 0 ? { message: cap(f.message) } : {}
    };
  if (t.retries !== void 0 && t.retries > 0) s.retries = t.retries;
  const stack = stacks.get(t.id);
  if (stack !== void 0 && isFailing(t.outcome)) s.stack = stack;
  return s;
}
function capped(all, max, map) {
  return { total: all.length, items: all.slice(0, max).map(map) };
}
function byLocation(a, b) {
  if (a.file === void 0 !== (b.file === void 0)) return a.file === void 0 ? 1 : -1;
  const f = (a.file ?? "").localeCompare(b.file ?? "");
  if (f !== 0) return f;
  return (a.line ?? 0) - (b.line ?? 0) || a.name.localeCompare(b.name);
}
function jobTests(runs) {
  const stacks = /* @__PURE__ */ new Map();
  for (const r of runs) for (const [id, s] of r.stacks) if (!stacks.has(id)) stacks.set(id, s);
  return { tests: [...unionTests(runs.map((r) => r.tests)).values()], stacks };
}
function failingOrder(tests, isNew) {
  const failing2 = tests.filter((t) => isFailing(t.outcome));
  return [...failing2.filter(isNew).sort(byLocation), ...failing2.filter((t) => !isNew(t)).sort(byLocation)];
}
function insightOf(runs, baseline) {
  const { tests, stacks } = jobTests(runs);
  const comparison2 = baseline.found ? compareTests(baseline.tests, tests) : void 0;
  const fresh = new Set(comparison2?.newFailures.map((c) => c.test.id) ?? []);
  const ordered = failingOrder(tests, (t) => fresh.has(t.id));
  const withMark = (t) => ({ ...slim(t, stacks), ...fresh.has(t.id) ? { isNew: true } : {} });
  const flaky2 = tests.filter((t) => t.outcome === "flaky");
  const slowest2 = [...tests].sort((a, b) => b.duration - a.duration).slice(0, SLOWEST);
  const insight = {
    tests: tests.length,
    flaky: flaky2.length,
    failing: capped(ordered, MAX_LISTED, withMark),
    flakyTests: capped(flaky2.sort(byLocation), MAX_LISTED, (t) => slim(t, stacks)),
    slowest: slowest2.filter((t) => t.duration > 0).map((t) => slim(t, /* @__PURE__ */ new Map())),
    baseline: { found: baseline.found, description: baseline.description },
    truncated: runs.some((r) => r.truncated)
  };
  if (comparison2) {
    const change = (c) => ({
      ...slim(c.test, /* @__PURE__ */ new Map()),
      ...c.before ? { before: c.before } : {}
    });
    insight.comparison = {
      newFailures: capped(comparison2.newFailures, MAX_COMPARED, change),
      fixed: capped(comparison2.fixed, MAX_COMPARED, change),
      stillFailing: capped(comparison2.stillFailing, MAX_COMPARED, change),
      removed: capped(comparison2.removed, MAX_COMPARED, (t) => slim(t, /* @__PURE__ */ new Map()))
    };
  }
  return { insight, ordered, ...comparison2 ? { comparison: comparison2 } : {} };
}

// src/action/insight/render.ts
function testDuration(seconds) {
  if (seconds < 1) return `${Math.round(seconds * 1e3)} ms`;
  if (seconds < 60) return `${seconds.toFixed(2)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}
function location(t, blobUrl) {
  if (t.file === void 0) return "";
  const line = t.line !== void 0 ? `:${t.line}` : "";
  if (t.path === void 0 || blobUrl === void 0) return cell(`${t.path ?? t.file}${line}`);
  const href = `${blobUrl}/${t.path.split("/").map(encodeURIComponent).join("/")}${t.line !== void 0 ? `#L${t.line}` : ""}`;
  return `[${cell(`${t.path}${line}`)}](${href.replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}
function message(t) {
  return cell(failureText(t.failure));
}
var Budget = class {
  constructor(budget) {
    this.budget = budget;
  }
  budget;
  text = "";
  bytes = 0;
  full = false;
  /** Adds the lines whole or not at all; false when they did not fit. */
  add(...lines) {
    if (this.full) return false;
    const chunk = lines.join("\n") + "\n";
    const n = Buffer.byteLength(chunk);
    if (this.bytes + n > this.budget) {
      this.full = true;
      return false;
    }
    this.text += chunk;
    this.bytes += n;
    return true;
  }
  /** A closing line that always fits (room is kept for it: see RESERVE). */
  force(line) {
    this.text += line + "\n";
    this.bytes += Buffer.byteLength(line) + 1;
  }
  get left() {
    return this.budget - this.bytes;
  }
};
var RESERVE = 2048;
var CUT = "to stay within GitHub's size limit";
function rows(out, list, row2, what) {
  let shown2 = 0;
  for (const t of list.items) {
    if (!out.add(row2(t))) break;
    shown2++;
  }
  const rest = list.total - shown2;
  if (rest > 0) out.force(`
_${rest} more ${what} not listed, ${CUT}._`);
}
function failing(out, i) {
  const { failing: list } = i;
  if (list.total === 0) return;
  const marked = list.items.some((t) => t.isNew);
  out.add(`### Failing tests (${list.total})`, "");
  if (marked) out.add("\u{1F195} marks a new failure: not failing in the baseline.", "");
  out.add("| | Test | Suite | Message | Duration | Location |", "|---|---|---|---|--:|---|");
  rows(
    out,
    list,
    (t) => `| ${t.isNew ? "\u{1F195}" : ""}${t.outcome === "error" ? "\u{1F4A5}" : "\u274C"} | ${cell(t.name)} | ${cell(t.suite)} | ${message(t)} | ${testDuration(t.duration)} | ${location(t, i.blobUrl)} |`,
    "failing test(s)"
  );
  const stacks = list.items.filter((t) => t.stack !== void 0);
  if (stacks.length === 0 || out.full) {
    out.add("");
    return;
  }
  if (!out.add("", "<details><summary>The failures' first lines</summary>", "")) return;
  for (const t of stacks) {
    if (out.left < RESERVE) break;
    if (!out.add(`<pre><b>${htmlText(t.name)}</b>`, `${htmlText(t.stack)}</pre>`, "")) break;
  }
  out.force("</details>\n");
}
function flaky(out, i) {
  const list = i.flakyTests;
  if (list.total === 0 || out.full) return;
  out.add(
    `### Flaky tests (${list.total})`,
    "",
    "Failed, then passed on a retry in this run.",
    "",
    "| Test | Suite | Retries | Failure of the failed attempt | Duration | Location |",
    "|---|---|--:|---|--:|---|"
  );
  rows(
    out,
    list,
    (t) => `| ${cell(t.name)} | ${cell(t.suite)} | ${t.retries ?? 1} | ${message(t)} | ${testDuration(t.duration)} | ${location(t, i.blobUrl)} |`,
    "flaky test(s)"
  );
  out.add("");
}
var BEFORE = {
  passed: "passed",
  failed: "failed",
  error: "error",
  skipped: "skipped",
  flaky: "flaky"
};
function comparison(out, i) {
  if (out.full) return;
  const c = i.comparison;
  if (!c) {
    out.add(
      "### Compared with the base branch",
      "",
      `No baseline was found: ${cell(i.baseline.description)}.`,
      ""
    );
    return;
  }
  out.add(
    `### Compared with ${cell(i.baseline.description)}`,
    "",
    `**${c.newFailures.total} new failure(s)**, ${c.fixed.total} fixed, ${c.stillFailing.total} still failing, ${c.removed.total} disappeared.`,
    ""
  );
  const parts = [
    ["\u{1F195} new failure", c.newFailures, "new failure(s)"],
    ["\u2705 fixed", c.fixed, "fixed test(s)"],
    ["\u274C still failing", c.stillFailing, "still failing test(s)"],
    ["\u2796 disappeared", c.removed, "disappeared test(s)"]
  ];
  if (parts.every(([, l]) => l.total === 0)) return;
  out.add("| Change | Test | Suite | Before | Now |", "|---|---|---|---|---|");
  for (const [label, list, what] of parts) {
    if (list.total === 0) continue;
    const now = (t) => label.includes("disappeared") ? "\u2014" : BEFORE[t.outcome];
    const before = (t) => label.includes("disappeared") ? BEFORE[t.outcome] : t.before ? BEFORE[t.before] : "(not run)";
    rows(
      out,
      list,
      (t) => `| ${label} | ${cell(t.name)} | ${cell(t.suite)} | ${before(t)} | ${now(t)} |`,
      what
    );
  }
  out.add("");
}
function slowest(out, i) {
  if (i.slowest.length === 0 || out.full) return;
  out.add(`### Slowest tests`, "", "| Test | Suite | Duration | Outcome |", "|---|---|--:|---|");
  for (const t of i.slowest)
    if (!out.add(`| ${cell(t.name)} | ${cell(t.suite)} | ${testDuration(t.duration)} | ${BEFORE[t.outcome]} |`))
      break;
  out.add("");
}
function sectionText(render, i, budget) {
  const out = new Budget(Math.max(0, Math.floor(budget)));
  render(out, i);
  return out.text;
}
function renderInsight(i, budget) {
  let left = Math.max(0, budget - RESERVE);
  const take = (render, share) => {
    const text2 = sectionText(render, i, left * share);
    left -= Buffer.byteLength(text2);
    return text2;
  };
  const slow = take(slowest, 0.1);
  const compared = take(comparison, 1 / 3);
  const flakyText = take(flaky, 1 / 3);
  const failingText = take(failing, 1);
  const note = i.truncated ? "_A report had more than 100 000 testcases: the lists above cover the first ones; the counts cover all._\n" : "";
  return failingText + flakyText + compared + slow + note;
}

// src/action/summary.ts
var SUMMARY_BUDGET = 512 * 1024;
function row(r) {
  const n = (v) => v === void 0 ? "" : String(v);
  const hash = r.hash ? `\`${r.hash.slice(0, 12)}\`` : "";
  return `| ${r.good ? "\u2705" : "\u274C"} | ${cell(r.file)} | ${n(r.tests)} | ${n(r.failures)} | ${n(r.errors)} | ${n(r.skipped)} | ${hash} | ${cell(r.outcome)} |`;
}
function totalsText(c, flaky2) {
  const f = flaky2 > 0 ? `, ${flaky2} flaky` : "";
  return `**${c.tests} tests**: ${c.failures} failed, ${c.errors} errors, ${c.skipped} skipped${f}.`;
}
function renderSummary(s, budget = SUMMARY_BUDGET) {
  const total = (k) => s.rows.reduce((a, r) => a + (r[k] ?? 0), 0);
  const bad = s.rows.filter((r) => !r.good).length;
  const head = [
    `## Jux: ${s.rows.length} report(s), storage mode \`${s.mode}\``,
    "",
    totalsText(
      {
        tests: total("tests"),
        failures: total("failures"),
        errors: total("errors"),
        skipped: total("skipped")
      },
      s.insight?.flaky ?? 0
    ) + " " + (bad === 0 ? "Every report ended well." : `**${bad} report(s) did not end well.**`),
    ""
  ];
  if (s.artifact) head.push(`Signed reports: artifact [${cell(s.artifact.name)}](${s.artifact.url}).`, "");
  if (s.publishing)
    head.push(
      `Published with auth ${cell(s.publishing.auth)}; ${s.publishing.queue ? `offline queue: ${cell(s.publishing.queue)}` : "no offline queue"}.`,
      ""
    );
  if (s.queue)
    head.push(
      s.queue.depth === 0 ? "Offline queue: empty." : `Offline queue: **${s.queue.depth} report(s) waiting**${s.queue.oldestHours !== void 0 ? `, the oldest for ${s.queue.oldestHours.toFixed(1)} h` : ""}; the next run publishes them first.`,
      ""
    );
  for (const note of s.notes) head.push(`> ${cell(note)}`, "");
  const headText = head.join("\n") + "\n";
  const headBytes = Buffer.byteLength(headText);
  const tableBudget = s.insight ? Math.floor((budget - headBytes) / 4) : budget - headBytes;
  const table = reportTable(s.rows, tableBudget, s.insight !== void 0);
  if (!s.insight) return headText + table;
  const tests = renderInsight(s.insight, budget - headBytes - Buffer.byteLength(table));
  return headText + tests + table;
}
function reportTable(rows2, budget, titled) {
  const table = [
    ...titled ? ["### Reports", ""] : [],
    "| | Report | Tests | Failed | Errors | Skipped | SHA-256 | Outcome |",
    "|---|---|--:|--:|--:|--:|---|---|"
  ];
  let text2 = table.join("\n") + "\n";
  let bytes = Buffer.byteLength(text2);
  const ordered = [...rows2.filter((r) => !r.good), ...rows2.filter((r) => r.good)];
  for (let i = 0; i < ordered.length; i++) {
    const line = row(ordered[i]) + "\n";
    bytes += Buffer.byteLength(line);
    if (bytes > budget - 200) {
      text2 += `
_${ordered.length - i} more report(s) not listed, to keep the summary under GitHub's size limit; the step's log lists every one._
`;
      break;
    }
    text2 += line;
  }
  return text2;
}

// src/core/publish/client.ts
var import_node_stream = __toESM(require_stream(), 1);
var FINAL = /* @__PURE__ */ new Set([400, 401, 403, 404, 405, 413, 415, 422]);
var WRONG_ROUTE = /* @__PURE__ */ new Set([404, 405]);
function wrongRoute(error2, endpoint) {
  return `${error2}: api_url must be the API's base URL, ending in /api/v1 (e.g. https://jux.example.com/api/v1); tried POST ${endpoint}`;
}
var sleeper = (ms) => new Promise((r) => setTimeout(r, ms));
function retryAfterMs(header, now = Date.now()) {
  if (!header) return void 0;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1e3;
  if (!/[a-z]{3}/i.test(header)) return void 0;
  const at = Date.parse(header);
  return Number.isNaN(at) ? void 0 : Math.max(0, at - now);
}
function published(status, body, secret2) {
  const legacy = body?.test_run;
  const id = body?.test_run_id ?? legacy?.id;
  if (typeof id !== "string") {
    return {
      outcome: "transient",
      reason: `the server answered ${status} without a test_run_id`,
      status,
      attempts: 1
    };
  }
  const n = (v) => typeof v === "number" ? v : void 0;
  const src = body?.test_run_id ? body : legacy;
  const counts = {
    ...n(src?.test_count ?? src?.total_tests) !== void 0 ? { tests: n(src?.test_count ?? src?.total_tests) } : {},
    ...n(src?.failure_count ?? src?.failures) !== void 0 ? { failures: n(src?.failure_count ?? src?.failures) } : {},
    ...n(src?.error_count ?? src?.errors) !== void 0 ? { errors: n(src?.error_count ?? src?.errors) } : {},
    ...n(src?.skipped_count ?? src?.skipped) !== void 0 ? { skipped: n(src?.skipped_count ?? src?.skipped) } : {}
  };
  return { outcome: "published", testRunId: redactStrings(id, secret2), status, counts };
}
function classify(answer, endpoint) {
  const { status, text: text2, retryAfter, location: location2, secret: secret2 } = answer;
  const body = jsonObject(text2);
  const fromServer = (v) => redactStrings(v, secret2);
  if (status === 200 || status === 201) {
    const result = published(status, body, secret2);
    if (result.outcome === "transient") return { retry: { reason: result.reason, status } };
    if (answer.replayed && result.outcome === "published")
      return { result: { outcome: "duplicate", testRunId: result.testRunId } };
    return { result };
  }
  if (status >= 300 && status < 400) return { result: redirected(status, location2, endpoint, secret2) };
  if (status === 409) {
    const details = body?.details;
    const id = body?.test_run_id ?? details?.test_run_id;
    return {
      result: { outcome: "duplicate", ...typeof id === "string" ? { testRunId: fromServer(id) } : {} }
    };
  }
  if (FINAL.has(status)) {
    const error3 = typeof body?.error === "string" ? fromServer(body.error) : `HTTP ${status}`;
    const suggestions = Array.isArray(body?.suggestions) ? fromServer(body.suggestions) : void 0;
    return {
      result: {
        outcome: "rejected",
        status,
        error: WRONG_ROUTE.has(status) ? wrongRoute(error3, redactStrings(endpoint, secret2)) : error3,
        // The details are the server's own object, keys and all: nothing of ours is read from them.
        ...body?.details !== void 0 ? { details: redactStrings(body.details, secret2, true) } : {},
        ...suggestions ? { suggestions } : {}
      }
    };
  }
  const afterMs = status === 429 || status === 503 ? retryAfterMs(retryAfter) : void 0;
  const error2 = typeof body?.error === "string" ? `: ${fromServer(body.error)}` : "";
  return {
    retry: {
      reason: `the server answered ${status}${error2}`,
      status,
      ...afterMs !== void 0 ? { afterMs } : {}
    }
  };
}
function redirected(status, location2, endpoint, secret2) {
  let target = "an address it does not give";
  if (location2) {
    try {
      target = redactStrings(new URL(redactStrings(location2, secret2), endpoint).href, secret2);
    } catch {
      target = JSON.stringify(redactStrings(location2, secret2));
    }
  }
  const reason = `the server redirects to ${target} (HTTP ${status}): set api_url to the final address; redirects are not followed, as they would carry the API key elsewhere`;
  return { outcome: "transient", reason, status, attempts: 1 };
}
var JuxClient = class {
  http;
  options;
  constructor(options) {
    if (options.apiKey !== void 0 && options.bearer !== void 0)
      throw new Error("JuxClient: give apiKey or bearer, not both");
    this.options = {
      timeoutMs: 3e4,
      maxRetries: 3,
      backoffBaseMs: 1e3,
      backoffCapMs: 3e4,
      retryAfterCapMs: 6e4,
      sleep: sleeper,
      random: Math.random,
      ...options
    };
    this.http = new HttpClient(`${TOOL_NAME}/${VERSION}`, [], {
      allowRetries: false,
      // Never follow a redirect: @actions/http-client strips only Authorization, not X-API-Key, on the way.
      allowRedirects: false,
      socketTimeout: this.options.timeoutMs,
      keepAlive: true
    });
  }
  get endpoint() {
    return `${this.options.apiUrl.replace(/\/+$/, "")}/junit/submit`;
  }
  /**
   * Publishes the signed bytes as they are; `canonicalHash` goes in the Idempotency-Key. Every value taken
   * from the server's answer comes back with the API key (or token) blanked out, as a server may echo a refused
   * key back. With a bearer source, a 401 answer gets one new token and one more request for the report.
   */
  async publish(xml, canonicalHash) {
    const first = await this.publishOnce(xml, canonicalHash);
    const { bearer } = this.options;
    if (!bearer || first.refused === void 0 || !bearer.refused(first.refused)) return first.outcome;
    return (await this.publishOnce(xml, canonicalHash)).outcome;
  }
  /** One report's ladder of attempts; `refused` is the bearer token a 401 answer refused. */
  async publishOnce(xml, canonicalHash) {
    const { maxRetries, backoffBaseMs, backoffCapMs, retryAfterCapMs, sleep, random } = this.options;
    let last = { reason: "not attempted" };
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      const credential = await this.credential();
      if (typeof credential === "string")
        return { outcome: { outcome: "transient", reason: credential, attempts: attempt } };
      const { result, retry } = await this.attempt(xml, canonicalHash, credential);
      if (result) return { outcome: result, ...this.judged(result, credential) };
      last = retry;
      if (attempt === maxRetries) break;
      const backoff = random() * Math.min(backoffCapMs, backoffBaseMs * 2 ** attempt);
      await sleep(last.afterMs !== void 0 ? Math.min(last.afterMs, retryAfterCapMs) : backoff);
    }
    const outcome = {
      outcome: "transient",
      reason: last.reason,
      ...last.status !== void 0 ? { status: last.status } : {},
      attempts: maxRetries + 1
    };
    return { outcome };
  }
  /** Tells the bearer source what the server made of its token; the token a 401 refused, for publish(). */
  judged(result, credential) {
    const { bearer } = this.options;
    if (!bearer || credential.secret === void 0) return {};
    if (result.outcome === "rejected" && result.status === 401) return { refused: credential.secret };
    if (result.outcome === "published" || result.outcome === "duplicate" || result.outcome === "rejected") {
      if (!(result.outcome === "rejected" && result.status === 403)) bearer.accepted(credential.secret);
    }
    return {};
  }
  /** Closes kept-alive connections. */
  dispose() {
    this.http.dispose();
  }
  /** This request's credential: the API key, a bearer token, or none; a string says why no token could be had. */
  async credential() {
    const { apiKey, apiKeyHeader = "Authorization", bearer } = this.options;
    if (bearer) {
      try {
        const token = await bearer.token();
        return { headers: { Authorization: `Bearer ${token}` }, secret: token };
      } catch (e) {
        return errorMessage(e);
      }
    }
    if (!apiKey) return { headers: {} };
    const value = apiKeyHeader.toLowerCase() === "authorization" ? `Bearer ${apiKey}` : apiKey;
    return { headers: { [apiKeyHeader]: value }, secret: apiKey };
  }
  headers(xml, canonicalHash, credential) {
    return {
      "Content-Type": "application/xml",
      "Content-Length": String(xml.length),
      Accept: "application/json",
      "Idempotency-Key": canonicalHash,
      ...credential.headers
    };
  }
  async attempt(xml, canonicalHash, credential) {
    const { secret: secret2 } = credential;
    let timer;
    const timeout = new Promise((done) => {
      timer = setTimeout(
        () => done({ retry: { reason: `no answer within ${this.options.timeoutMs} ms` } }),
        this.options.timeoutMs
      );
    });
    const request = (async () => {
      try {
        const res = await this.http.sendStream(
          "POST",
          this.endpoint,
          import_node_stream.Readable.from([xml]),
          this.headers(xml, canonicalHash, credential)
        );
        const text2 = await res.readBody();
        const { "retry-after": retryAfter, location: location2 } = res.message.headers;
        const answer = { status: res.message.statusCode ?? 0, text: text2 };
        if (retryAfter !== void 0) answer.retryAfter = retryAfter;
        if (location2 !== void 0) answer.location = location2;
        if (res.message.headers["idempotent-replayed"] === "true") answer.replayed = true;
        if (secret2) answer.secret = secret2;
        return classify(answer, this.endpoint);
      } catch (e) {
        return { retry: { reason: redactStrings(describeNetworkError(e), secret2) } };
      }
    })();
    try {
      return await Promise.race([request, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
};
function redactStrings(value, secret2, keys = false) {
  if (!secret2) return value;
  const forms = [.../* @__PURE__ */ new Set([secret2, encodeURIComponent(secret2), encodeURI(secret2)])];
  const blank = (s) => forms.reduce((text2, form) => text2.split(form).join("********"), s);
  const walk = (v) => typeof v === "string" ? blank(v) : Array.isArray(v) ? v.map(walk) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [keys ? blank(k) : k, walk(x)])) : v;
  return walk(value);
}
function describeNetworkError(e) {
  const err = e;
  const code = err?.code ? ` (${err.code})` : "";
  return `cannot reach the server: ${err?.message ?? String(e)}${code && !err.message?.includes(err.code) ? code : ""}`;
}
function clientFor(apiUrl, settings, bearer) {
  return new JuxClient({
    apiUrl,
    ...bearer ? { bearer } : settings.apiKey ? { apiKey: settings.apiKey } : {},
    apiKeyHeader: settings.apiKeyHeader,
    timeoutMs: settings.apiTimeoutSeconds * 1e3,
    maxRetries: settings.apiMaxRetries
  });
}

export {
  publishes,
  keepsArtifact,
  readInputs,
  resolveAuth,
  describeAuth,
  authReport,
  STEP_CAP,
  Annotations,
  isFailing,
  ReportTests,
  failureText,
  jobTests,
  insightOf,
  retryAfterMs,
  redactStrings,
  clientFor,
  renderInsight,
  totalsText,
  renderSummary
};

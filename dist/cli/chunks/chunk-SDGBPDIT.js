import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  parseProperty
} from "./chunk-LMDFV4XI.js";
import {
  ConfigError,
  ValueError,
  convert,
  loadConfig,
  optionNamed
} from "./chunk-Z4I5DSDC.js";
import {
  UsageError,
  readText,
  trustedKeysFrom,
  writeLine
} from "./chunk-H5FCKEJJ.js";
import {
  loadTrustedKeys,
  osReason,
  require_os,
  require_promises
} from "./chunk-ZO2J5MLX.js";
import {
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

// src/cli/settings.ts
var import_promises = __toESM(require_promises(), 1);
var import_node_os = __toESM(require_os(), 1);
var import_node_path2 = __toESM(require_path(), 1);

// src/core/publish/api-key.ts
var MIN_API_KEY_LENGTH = 8;
function apiKeyProblem(key) {
  return key.length < MIN_API_KEY_LENGTH ? `the API key is shorter than ${MIN_API_KEY_LENGTH} characters, too short to be blanked out of what a server answers: use the whole key the server issued` : void 0;
}

// src/core/store/location.ts
var import_node_path = __toESM(require_path(), 1);
function defaultStorageBase({ env, platform, homedir: homedir2 }) {
  if (platform === "win32") {
    const local = env.LOCALAPPDATA || import_node_path.win32.join(homedir2, "AppData", "Local");
    return import_node_path.win32.join(local, "jux");
  }
  if (platform === "darwin") return import_node_path.posix.join(homedir2, "Library", "Application Support", "jux");
  const xdg = env.XDG_DATA_HOME;
  if (xdg && import_node_path.posix.isAbsolute(xdg)) return import_node_path.posix.join(xdg, "jux");
  return import_node_path.posix.join(homedir2, ".local", "share", "jux");
}
function resolveStorageBase(explicit, env, context) {
  if (explicit) return explicit;
  if (env.JUX_STORAGE_PATH) return env.JUX_STORAGE_PATH;
  return defaultStorageBase({ ...context, env });
}

// src/cli/settings.ts
function settingsOf(io) {
  return loadConfig({ env: io.env, cwd: io.cwd, homedir: io.env.HOME || (0, import_node_os.homedir)() });
}
async function apiConfiguration(cli, io) {
  const loaded = await loadConfig({ cli, env: io.env, cwd: io.cwd, homedir: io.env.HOME || (0, import_node_os.homedir)() });
  for (const warning of loaded.exposedSecrets) writeLine(io.stderr, `warning: ${warning}`);
  const { apiKey } = loaded.config;
  const problem = apiKey === void 0 ? void 0 : apiKeyProblem(apiKey);
  if (problem) throw new ConfigError(`${loaded.origins.apiKey.where}: ${problem}`);
  return loaded;
}
function sourceOf(option, origin) {
  return `${option}, from ${origin.where}`;
}
async function readConfigured(path, option, origin, flag) {
  try {
    return await (0, import_promises.readFile)(path);
  } catch (e) {
    throw new ConfigError(
      `${origin.where}: ${option}: cannot read ${path}: ${osReason(e)} (fix ${option} there, or give ${flag})`
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
    metadataEnv
  };
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
  const home = (process.platform === "win32" ? io.env.USERPROFILE : io.env.HOME) || (0, import_node_os.homedir)();
  const base = resolveStorageBase(configured, io.env, { platform: process.platform, homedir: home });
  return (0, import_node_path2.resolve)(io.cwd, base);
}
async function storageBaseOf(explicit, io) {
  const configured = explicit === void 0 ? (await settingsOf(io)).config.storagePath : explicit;
  return storageBase(configured, io);
}

export {
  apiConfiguration,
  signSettings,
  trustedKeysOf,
  keygenPaths,
  storageBase,
  storageBaseOf
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  ConfigError,
  ValueError,
  convert,
  loadConfig,
  optionNamed
} from "./chunk-LTFUZW5H.js";
import {
  UsageError,
  readText,
  trustedKeysFrom,
  writeLine
} from "./chunk-XGR4SALJ.js";
import {
  loadTrustedKeys,
  osReason
} from "./chunk-MPFQLG5D.js";

// src/cli/settings.ts
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { resolve } from "node:path";

// src/core/junit/metadata.ts
import { execFileSync } from "node:child_process";
import { hostname, platform, release, arch, userInfo } from "node:os";
import { basename } from "node:path";

// src/core/version.ts
var VERSION = "0.1.0";
var TOOL_NAME = "jux-action";

// src/core/junit/metadata.ts
var GITHUB_ENV = [
  "GITHUB_SHA",
  "GITHUB_REF",
  "GITHUB_ACTOR",
  "GITHUB_WORKFLOW",
  "GITHUB_RUN_NUMBER",
  "GITHUB_EVENT_NAME"
];
function stripCredentials(remote) {
  try {
    const url = new URL(remote);
    if (url.username || url.password) {
      url.username = "";
      url.password = "";
    }
    return url.toString();
  } catch {
    return remote.replace(/^[^@/]+@(?=[^:/]+:)/, (m) => m === "git@" ? m : "");
  }
}
function git(cwd, args) {
  try {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5e3
    }).trim();
  } catch {
    return void 0;
  }
}
function detectGit(cwd) {
  const commit = git(cwd, ["rev-parse", "HEAD"]);
  if (!commit) return {};
  const branch = git(cwd, ["rev-parse", "--abbrev-ref", "HEAD"]);
  const status = git(cwd, ["status", "--porcelain", "--untracked-files=no"]);
  const remote = git(cwd, ["remote", "get-url", "origin"]);
  return {
    commit,
    ...branch && branch !== "HEAD" ? { branch } : {},
    ...status !== void 0 ? { status: status === "" ? "clean" : "dirty" } : {},
    ...remote ? { remote: stripCredentials(remote) } : {}
  };
}
var PROVIDERS = [
  {
    provider: "github",
    marker: (env) => env.GITHUB_ACTIONS === "true",
    info: (env) => ({
      buildId: env.GITHUB_RUN_ID,
      buildUrl: env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : void 0,
      branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME,
      commit: env.GITHUB_SHA
    })
  },
  {
    provider: "gitlab",
    marker: (env) => Boolean(env.GITLAB_CI),
    info: (env) => ({
      buildId: env.CI_PIPELINE_ID,
      buildUrl: env.CI_PIPELINE_URL,
      branch: env.CI_COMMIT_REF_NAME,
      commit: env.CI_COMMIT_SHA
    })
  },
  {
    provider: "jenkins",
    marker: (env) => Boolean(env.JENKINS_URL),
    info: (env) => ({
      buildId: env.BUILD_ID ?? env.BUILD_NUMBER,
      buildUrl: env.BUILD_URL,
      branch: env.BRANCH_NAME ?? env.GIT_BRANCH,
      commit: env.GIT_COMMIT
    })
  },
  {
    provider: "travis",
    marker: (env) => Boolean(env.TRAVIS),
    info: (env) => ({
      buildId: env.TRAVIS_BUILD_ID,
      buildUrl: env.TRAVIS_BUILD_WEB_URL,
      branch: env.TRAVIS_BRANCH,
      commit: env.TRAVIS_COMMIT
    })
  },
  {
    provider: "circleci",
    marker: (env) => Boolean(env.CIRCLECI),
    info: (env) => ({
      buildId: env.CIRCLE_BUILD_NUM,
      buildUrl: env.CIRCLE_BUILD_URL,
      branch: env.CIRCLE_BRANCH,
      commit: env.CIRCLE_SHA1
    })
  },
  {
    provider: "azure",
    marker: (env) => Boolean(env.TF_BUILD),
    info: (env) => ({
      buildId: env.BUILD_BUILDID,
      buildUrl: env.SYSTEM_COLLECTIONURI && env.SYSTEM_TEAMPROJECT && env.BUILD_BUILDID ? `${env.SYSTEM_COLLECTIONURI}${env.SYSTEM_TEAMPROJECT}/_build/results?buildId=${env.BUILD_BUILDID}` : void 0,
      branch: env.BUILD_SOURCEBRANCHNAME,
      commit: env.BUILD_SOURCEVERSION
    })
  }
];
function detectCi(env) {
  const found = PROVIDERS.find((p) => p.marker(env));
  return found && { provider: found.provider, ...found.info(env) };
}
function projectName(src, git2) {
  const fromRemote = git2.remote ? basename(git2.remote.replace(/\/+$/, "")).replace(/\.git$/, "") : void 0;
  const fromRepository = src.env.GITHUB_REPOSITORY?.split("/")[1];
  return src.env.JUX_PROJECT_NAME || src.project || fromRepository || src.env.CI_PROJECT_NAME || fromRemote || basename(src.cwd);
}
function username() {
  try {
    return userInfo().username;
  } catch {
    return void 0;
  }
}
function collectMetadata(src) {
  const ci = detectCi(src.env);
  const detected = src.git ?? detectGit(src.cwd);
  const gitInfo = {
    ...detected,
    commit: ci?.commit || detected.commit,
    branch: ci?.branch || detected.branch
  };
  const pairs = [
    ["project", projectName(src, gitInfo)],
    ["git:commit", gitInfo.commit],
    ["git:branch", gitInfo.branch],
    ["git:status", gitInfo.status],
    ["git:remote", gitInfo.remote],
    ["ci:provider", ci?.provider],
    ["ci:build_id", ci?.buildId],
    ["ci:build_url", ci?.buildUrl],
    ...GITHUB_ENV.map((name) => [`env:${name}`, src.env[name]]),
    ["jux:hostname", hostname()],
    ["jux:username", username()],
    ["jux:platform", `${platform()}-${release()}-${arch()}`],
    ["jux:timestamp", (src.now ?? /* @__PURE__ */ new Date()).toISOString()],
    [`jux:${TOOL_NAME.replace(/-/g, "_")}_version`, VERSION]
  ];
  const extra = new Map((src.extra ?? []).map((p) => [p.name, p.value]));
  const out = [];
  for (const [name, value] of pairs) {
    const v = extra.get(name) ?? value;
    extra.delete(name);
    if (v !== void 0 && v !== "") out.push({ name, value: v });
  }
  for (const [name, value] of extra) out.push({ name, value });
  return out;
}
function parseProperty(text, source) {
  const eq = text.indexOf("=");
  const name = eq > 0 ? text.slice(0, eq).trim() : "";
  if (name === "") throw new Error(`${source}: expected name=value, got "${text}"`);
  return { name, value: text.slice(eq + 1).trim() };
}

// src/core/store/location.ts
import { posix, win32 } from "node:path";
function defaultStorageBase({ env, platform: platform2, homedir: homedir2 }) {
  if (platform2 === "win32") {
    const local = env.LOCALAPPDATA || win32.join(homedir2, "AppData", "Local");
    return win32.join(local, "jux");
  }
  if (platform2 === "darwin") return posix.join(homedir2, "Library", "Application Support", "jux");
  const xdg = env.XDG_DATA_HOME;
  if (xdg && posix.isAbsolute(xdg)) return posix.join(xdg, "jux");
  return posix.join(homedir2, ".local", "share", "jux");
}
function resolveStorageBase(explicit, env, context) {
  if (explicit) return explicit;
  if (env.JUX_STORAGE_PATH) return env.JUX_STORAGE_PATH;
  return defaultStorageBase({ ...context, env });
}

// src/cli/settings.ts
function settingsOf(io) {
  return loadConfig({ env: io.env, cwd: io.cwd, homedir: io.env.HOME || homedir() });
}
function sourceOf(option, origin) {
  return `${option}, from ${origin.where}`;
}
async function readConfigured(path, option, origin, flag) {
  try {
    return await readFile(path);
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
  const home = (process.platform === "win32" ? io.env.USERPROFILE : io.env.HOME) || homedir();
  const base = resolveStorageBase(configured, io.env, { platform: process.platform, homedir: home });
  return resolve(io.cwd, base);
}
async function storageBaseOf(explicit, io) {
  const configured = explicit === void 0 ? (await settingsOf(io)).config.storagePath : explicit;
  return storageBase(configured, io);
}

export {
  VERSION,
  TOOL_NAME,
  collectMetadata,
  signSettings,
  trustedKeysOf,
  keygenPaths,
  storageBase,
  storageBaseOf
};

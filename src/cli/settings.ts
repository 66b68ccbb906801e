import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { osReason } from "../core/errors.js";
import {
  ConfigError,
  loadConfig,
  type JuxConfig,
  type LoadedConfig,
  type LoadOptions,
} from "../core/config/index.js";
import type { Origin } from "../core/config/index.js";
import { optionNamed } from "../core/config/schema.js";
import { convert, ValueError } from "../core/config/values.js";
import { parseProperty } from "../core/junit/metadata.js";
import { apiKeyProblem } from "../core/publish/api-key.js";
import type { Property } from "../core/junit/summary.js";
import { loadTrustedKeys, type LoadSigningKeyOptions, type TrustedKey } from "../core/crypto/keys.js";
import { resolveStorageBase } from "../core/store/location.js";
import type { C14nChoice } from "../core/xmldsig/algorithms.js";
import { readText, trustedKeysFrom } from "../core/command/args.js";
import { UsageError, writeLine, type CliIo } from "../core/command/io.js";

/**
 * The settings a command takes from the configuration (`jux config list`) when its flag is not given:
 * a flag wins, then JUX_* variables, the project file, the user file, the system file, the default.
 */
export function settingsOf(io: CliIo): Promise<LoadedConfig> {
  return loadConfig(loadOptionsOf(io));
}

/** Where the configuration is read from for this command line: its environment, directory and --profile. */
export function loadOptionsOf(io: CliIo, cli?: Record<string, string>): LoadOptions {
  return {
    env: io.env,
    cwd: io.cwd,
    homedir: io.env.HOME || homedir(),
    platform: process.platform,
    ...(cli ? { cli } : {}),
    ...(io.profile !== undefined ? { profile: io.profile } : {}),
  };
}

const NO_PROFILE_NAME = "jux: --profile needs a profile's name (jux config list --profiles lists them)";

/**
 * `jux [--profile NAME] COMMAND ... [--profile NAME] ...`: the argument list without --profile NAME (or
 * --profile=NAME), which every command takes, and the profile. Arguments after `--` are left alone.
 */
export function globalProfile(argv: string[]): { argv: string[]; profile?: string } {
  const rest: string[] = [];
  let profile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    let name: string | undefined;
    if (arg === "--profile") name = argv[++i] ?? "";
    else if (arg.startsWith("--profile=")) name = arg.slice("--profile=".length);
    else {
      rest.push(arg);
      continue;
    }
    if (name.trim() === "" || name.startsWith("-")) throw new UsageError(NO_PROFILE_NAME);
    if (profile !== undefined && profile !== name)
      throw new UsageError(`jux: --profile is given twice (${profile} and ${name}): give one`);
    profile = name;
  }
  return profile === undefined ? { argv: rest } : { argv: rest, profile };
}

/**
 * The configuration of a command that talks to a Jux server (`jux publish`, `jux compare`): `cli`, the command
 * line's settings named as the configuration schema names them (e.g. { api_url: "…" }), over JUX_* variables and
 * the files. It warns (once, on stderr) about a file that holds the API key where others may read it, and
 * refuses a key too short to be blanked out of the server's answers (a ConfigError naming where it was set).
 */
export async function apiConfiguration(cli: Record<string, string>, io: CliIo): Promise<LoadedConfig> {
  const loaded = await loadConfig(loadOptionsOf(io, cli));
  for (const warning of loaded.exposedSecrets) writeLine(io.stderr, `warning: ${warning}`);
  const { apiKey } = loaded.config;
  const problem = apiKey === undefined ? undefined : apiKeyProblem(apiKey);
  if (problem) throw new ConfigError(`${loaded.origins.apiKey.where}: ${problem}`);
  return loaded;
}

/** `key_path, from /w/.jux.conf:3` or `key_path, from JUX_KEY_PATH`. */
function sourceOf(option: string, origin: Origin): string {
  return `${option}, from ${origin.where}`;
}

/** A file named by the configuration; an error names the option, where it was set, and how to fix it. */
async function readConfigured(path: string, option: string, origin: Origin, flag: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new ConfigError(
      `${origin.where}: ${option}: cannot read ${path}: ${osReason(e)} (fix ${option} there, or give ${flag})`,
    );
  }
}

/** Flags of `jux sign` that have a configuration option. */
export interface SignFlags {
  key?: string | undefined;
  cert?: string | undefined;
  "passphrase-env"?: string | undefined;
  c14n?: string | undefined;
  project?: string | undefined;
  property?: string[] | undefined;
}

export interface SignSettings {
  key: LoadSigningKeyOptions;
  c14n: C14nChoice;
  /** The project property, when a flag or the configuration names it. */
  project?: string;
  /** The configured properties, then those of `--property` (which replace configured ones of the same name). */
  properties: Property[];
  /** The environment the run's metadata is read from (without JUX_PROJECT_NAME when --project overrides it). */
  metadataEnv: NodeJS.ProcessEnv;
  /** What collectMetadata records from the environment and redacts: record_env and redact. */
  metadata: { recordEnv: string[]; redact: string[] };
}

/** `--c14n` by the configuration's own rule for c14n (its choices, any case), so the flag and the file agree. */
function c14nFlag(value: string, io: CliIo): C14nChoice {
  try {
    return convert(optionNamed("c14n")!, value, { baseDir: io.cwd, homedir: "" }) as C14nChoice;
  } catch (e) {
    if (e instanceof ValueError) throw new UsageError(`jux sign: --c14n: ${e.message}`);
    throw e;
  }
}

const ENCRYPTED = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;

/**
 * The key's passphrase: from the variable `--passphrase-env` names (which must be set), else from the one
 * `key_passphrase_env` names (which must be set when the key is encrypted). Never a value of its own.
 */
function passphraseOf(flag: string | undefined, loaded: LoadedConfig, keyPem: Buffer, io: CliIo) {
  if (flag !== undefined) {
    const value = io.env[flag];
    if (value === undefined)
      throw new UsageError(`jux sign: environment variable ${flag} (--passphrase-env) is not set`);
    return value;
  }
  const variable = loaded.config.keyPassphraseEnv;
  if (variable === undefined) return undefined;
  const value = io.env[variable];
  if (value === undefined && ENCRYPTED.test(keyPem.toString("latin1")))
    throw new ConfigError(
      `${loaded.origins.keyPassphraseEnv.where}: key_passphrase_env: the key is encrypted and names ${variable}, which is not set (export ${variable} with the key's passphrase, or give --passphrase-env VAR)`,
    );
  return value;
}

async function keyOf(flags: SignFlags, loaded: LoadedConfig, io: CliIo): Promise<LoadSigningKeyOptions> {
  const { config, origins } = loaded;
  let key: { pem: Buffer; source: string };
  if (flags.key !== undefined) key = { pem: await readText(flags.key, io, "key"), source: flags.key };
  else if (config.keyPath !== undefined)
    key = {
      pem: await readConfigured(config.keyPath, "key_path", origins.keyPath, "--key"),
      source: `${config.keyPath} (${sourceOf("key_path", origins.keyPath)})`,
    };
  else
    throw new UsageError(
      "jux sign: --key is required, or set key_path (JUX_KEY_PATH, or key_path = KEY.pem in .jux.conf; see jux config list)",
    );
  let cert: { pem: Buffer; source: string } | undefined;
  if (flags.cert !== undefined)
    cert = { pem: await readText(flags.cert, io, "certificate"), source: flags.cert };
  else if (config.certPath !== undefined)
    cert = {
      pem: await readConfigured(config.certPath, "cert_path", origins.certPath, "--cert"),
      source: `${config.certPath} (${sourceOf("cert_path", origins.certPath)})`,
    };
  const passphrase = passphraseOf(flags["passphrase-env"], loaded, key.pem, io);
  return {
    key: key.pem,
    source: key.source,
    ...(passphrase !== undefined ? { passphrase } : {}),
    ...(cert ? { certificate: cert.pem, certificateSource: cert.source } : {}),
  };
}

/** What `jux sign` signs with and adds: each from its flag, else from the configuration. */
export async function signSettings(flags: SignFlags, io: CliIo): Promise<SignSettings> {
  const c14n = flags.c14n === undefined ? undefined : c14nFlag(flags.c14n, io);
  const loaded = await settingsOf(io);
  const { config } = loaded;
  const cli = (flags.property ?? []).map((p) => parseProperty(p, "--property"));
  const project = flags.project ?? config.projectName;
  const metadataEnv = flags.project === undefined ? io.env : { ...io.env, JUX_PROJECT_NAME: undefined };
  return {
    key: await keyOf(flags, loaded, io),
    c14n: c14n ?? config.c14n,
    ...(project !== undefined ? { project } : {}),
    properties: [...config.properties, ...cli],
    metadataEnv,
    metadata: {
      recordEnv: config.recordEnv,
      redact: [...config.redact, ...passphraseVariables(flags, config)],
    },
  };
}

/**
 * The variables that hold the key's passphrase (--passphrase-env, key_passphrase_env): never recorded as
 * `env:NAME`, whatever their name (the built-in list cannot guess `SIGNKEY_PW`). Listed after the user's
 * patterns, which decide first.
 */
function passphraseVariables(flags: SignFlags, config: { keyPassphraseEnv?: string }): string[] {
  return [flags["passphrase-env"], config.keyPassphraseEnv]
    .filter((v): v is string => !!v)
    .map((v) => `env:${v.replace(/[*?]/g, "?")}=remove`);
}

/**
 * The keys `jux verify` / `jux inspect` trust: those of `--cert`, else the configured cert_path (as
 * pytest-jux's jux-verify reads JUX_CERT_PATH); a note on stderr says when the trust comes from configuration.
 */
export async function trustedKeysOf(
  flags: string[] | undefined,
  io: CliIo,
  command: "verify" | "inspect",
  quiet = false,
): Promise<TrustedKey[] | undefined> {
  if (flags?.length) return trustedKeysFrom(flags, io);
  const { config, origins } = await settingsOf(io);
  if (config.certPath === undefined) {
    if (command === "inspect") return undefined;
    throw new UsageError(
      "jux verify: --cert is required: give the certificate (or public key) you trust, or set cert_path (JUX_CERT_PATH, or cert_path in a config file)",
    );
  }
  const pem = await readConfigured(config.certPath, "cert_path", origins.certPath, "--cert");
  const source = `${config.certPath} (${sourceOf("cert_path", origins.certPath)})`;
  const keys = loadTrustedKeys({ pem, source });
  if (!quiet) writeLine(io.stderr, `jux ${command}: trusting ${source}`);
  return keys;
}

/** Where `jux keygen` writes: --output, else key_path; the certificate at cert_path when that is configured. */
export async function keygenPaths(
  output: string | undefined,
  io: CliIo,
): Promise<{ output?: string; certPath?: string }> {
  if (output !== undefined && output !== "") return { output };
  const { config } = await settingsOf(io);
  return {
    ...(config.keyPath !== undefined ? { output: config.keyPath } : {}),
    ...(config.keyPath !== undefined && config.certPath !== undefined ? { certPath: config.certPath } : {}),
  };
}

/** The store's directory, absolute: `configured` (flag or storage_path), else JUX_STORAGE_PATH, else default. */
export function storageBase(configured: string | undefined, io: CliIo): string {
  const home = (process.platform === "win32" ? io.env.USERPROFILE : io.env.HOME) || homedir();
  const base = resolveStorageBase(configured, io.env, { platform: process.platform, homedir: home });
  return resolve(io.cwd, base);
}

/** The store `jux cache` opens: --storage-path, else storage_path (JUX_STORAGE_PATH or a file), else the default. */
export async function storageBaseOf(explicit: string | undefined, io: CliIo): Promise<string> {
  const configured: JuxConfig["storagePath"] =
    explicit === undefined ? (await settingsOf(io)).config.storagePath : explicit;
  return storageBase(configured, io);
}

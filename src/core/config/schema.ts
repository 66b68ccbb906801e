import { STORAGE_MODES, type StorageMode } from "../publish/storage-mode.js";
import { C14N_CHOICES, DEFAULT_C14N, type C14nChoice } from "../xmldsig/algorithms.js";
import type { Property } from "../junit/summary.js";
import { COMPRESSIONS, type Compression } from "../store/codec.js";
/**
 * The configuration options, in one table: everything else (parsing, `jux config list`, the templates of
 * `jux config init`) is derived from it.
 */

export interface JuxConfig {
  enabled: boolean;
  sign: boolean;
  publish: boolean;
  storageMode: StorageMode;
  storagePath?: string;
  keyPath?: string;
  certPath?: string;
  apiUrl?: string;
  apiKey?: string;
  apiKeyHeader: string;
  apiTimeoutSeconds: number;
  apiMaxRetries: number;
  keyPassphraseEnv?: string;
  c14n: C14nChoice;
  projectName?: string;
  properties: Property[];
  publishConcurrency: number;
  /** The store's compression: zstd (where the runtime has it, else gzip), gzip or none. */
  compress: Compression;
  /** The store's size limit in bytes; undefined: unlimited. */
  maxSize?: number;
  /** The most reports the store keeps; undefined: unlimited. */
  maxReports?: number;
  /** Properties removed (or masked) before signing: glob patterns over property names. */
  redact: string[];
  /** Environment variables recorded as `env:NAME` properties: glob patterns over their names. */
  recordEnv: string[];
}

export type SourceKind = "input" | "cli" | "env" | "project" | "user" | "system" | "default";

/**
 * Where a value came from: `where` is "input api_url" (a CI step's input), "--api-url", "JUX_API_URL",
 * "/x/.jux.conf:12" or "default".
 */
export interface Origin {
  kind: SourceKind;
  where: string;
  /** The profile whose section or variable set it. */
  profile?: string;
}

/** A configuration problem; the message names the source: `/x/.jux.conf:12: api_timeout: expected ...`. */
export class ConfigError extends Error {
  override name = "ConfigError";
  /** Every problem found, when more than one (the message is the first). */
  readonly problems: string[];
  constructor(message: string, problems: string[] = [message]) {
    super(message);
    this.problems = problems;
  }
}

export type OptionType =
  | "bool"
  | "enum"
  | "path"
  | "url"
  | "secret"
  | "seconds"
  | "int"
  | "header"
  | "env-name"
  | "string"
  | "properties"
  | "size"
  | "patterns"
  | "names";

export interface OptionSpec {
  /** snake_case, as written in files (without pytest's `jux_` prefix) and passed as `cli` to loadConfig. */
  name: string;
  key: keyof JuxConfig;
  type: OptionType;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** The default, as `jux config list` shows it. */
  defaultText: string;
  /** Environment variables, highest priority first. */
  env: readonly string[];
  /** Other names for the same option in files and `cli`. */
  aliases: readonly string[];
  /** The GitHub Action's input for it, read by `configFromInputs` through the same checks; none: no input. */
  input?: string;
  /** The jux commands that read it (`sign`, `cache push`, …); none: an option of pytest-jux's plugin only. */
  usedBy: readonly string[];
  description: string;
  secret: boolean;
}

/** The commands that publish: jux publish and jux cache push. */
const PUBLISHING = ["publish", "cache push"];

function option(
  spec: Omit<OptionSpec, "env" | "aliases" | "secret"> &
    Partial<Pick<OptionSpec, "env" | "aliases" | "secret">>,
): OptionSpec {
  return {
    env: [`JUX_${spec.name.toUpperCase()}`],
    aliases: [],
    secret: false,
    ...spec,
  };
}

export const OPTIONS: readonly OptionSpec[] = [
  option({
    name: "enabled",
    usedBy: [],
    key: "enabled",
    type: "bool",
    defaultText: "true",
    description:
      "pytest-jux's plugin: whether it does anything at all (jux's commands are explicit requests)",
  }),
  option({
    name: "sign",
    key: "sign",
    type: "bool",
    defaultText: "true",
    description: "pytest-jux's plugin: sign the reports it writes (jux sign always signs)",
    usedBy: [],
  }),
  option({
    name: "publish",
    usedBy: [],
    key: "publish",
    type: "bool",
    defaultText: "false",
    description: "pytest-jux's plugin: publish the reports it writes (with jux: run jux publish)",
  }),
  option({
    name: "storage_mode",
    input: "storage_mode",
    usedBy: PUBLISHING,
    key: "storageMode",
    type: "enum",
    choices: STORAGE_MODES,
    defaultText: "cache when api_url is set, else local",
    description:
      "local: store only; api: publish only; both: store and publish; cache: store, publish when possible, queue the rest",
  }),
  option({
    name: "storage_path",
    usedBy: ["publish", "cache"],
    key: "storagePath",
    type: "path",
    defaultText: "$XDG_DATA_HOME/jux (platform default)",
    description: "the local store's directory",
  }),
  option({
    name: "key_path",
    usedBy: ["sign", "keygen"],
    key: "keyPath",
    type: "path",
    defaultText: "(none)",
    description: "the PEM private key that signs the reports",
  }),
  option({
    name: "cert_path",
    usedBy: ["sign", "verify", "inspect", "keygen"],
    key: "certPath",
    type: "path",
    defaultText: "(none)",
    description: "the PEM certificate embedded in the signatures",
  }),
  option({
    name: "api_url",
    input: "api_url",
    usedBy: PUBLISHING,
    key: "apiUrl",
    type: "url",
    defaultText: "(none)",
    description: "the Jux API base URL, e.g. https://jux.example.com/api/v1",
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
    description: "the API key (also api_key, JUX_API_KEY); prefer the environment to a file",
  }),
  option({
    name: "api_key_header",
    input: "api_key_header",
    usedBy: PUBLISHING,
    key: "apiKeyHeader",
    type: "header",
    defaultText: "Authorization",
    description:
      'the header carrying the key: Authorization sends "Bearer KEY", any other sends the key as is',
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
    description: "seconds to wait for the API server",
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
    description: "retries of a failed request (network errors, 408, 429, 5xx)",
  }),
  option({
    name: "key_passphrase_env",
    usedBy: ["sign"],
    key: "keyPassphraseEnv",
    type: "env-name",
    defaultText: "(none)",
    description: "the environment variable holding the key's passphrase (never the passphrase itself)",
  }),
  option({
    name: "c14n",
    input: "c14n",
    usedBy: ["sign"],
    key: "c14n",
    type: "enum",
    choices: C14N_CHOICES,
    defaultText: DEFAULT_C14N,
    description: "the signature's canonicalization: c14n11 (pytest-jux's) or exclusive",
  }),
  option({
    name: "project_name",
    input: "project",
    usedBy: ["sign"],
    key: "projectName",
    type: "string",
    defaultText: "(the repository or directory name)",
    description: "the project property of the reports",
  }),
  option({
    name: "properties",
    input: "properties",
    usedBy: ["sign"],
    key: "properties",
    type: "properties",
    defaultText: "(none)",
    description: "extra NAME=VALUE properties, comma or newline separated",
  }),
  option({
    name: "publish_concurrency",
    usedBy: PUBLISHING,
    key: "publishConcurrency",
    type: "int",
    min: 1,
    max: 32,
    defaultText: "4",
    description: "reports published at the same time",
  }),
  option({
    name: "compress",
    usedBy: ["sign", "publish", "cache"],
    key: "compress",
    type: "enum",
    choices: COMPRESSIONS,
    defaultText: "zstd",
    description: "the store's compression: zstd (gzip where the runtime has no zstd), gzip, or none",
  }),
  option({
    name: "max_size",
    usedBy: ["sign", "publish", "cache"],
    key: "maxSize",
    type: "size",
    defaultText: "(none: unlimited)",
    description:
      "the store's size limit, e.g. 500MB (10^6 bytes) or 2GiB (2^30); the oldest stored reports go first, never a queued or rejected one",
  }),
  option({
    name: "max_reports",
    usedBy: ["sign", "publish", "cache"],
    key: "maxReports",
    type: "int",
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    defaultText: "(none: unlimited)",
    description:
      "the most reports the store keeps; the oldest stored reports go first, never a queued or rejected one",
  }),
  option({
    name: "record_env",
    usedBy: ["sign"],
    key: "recordEnv",
    type: "names",
    defaultText: "(none)",
    description:
      "environment variables recorded as env:NAME properties: names or glob patterns (CI_*); secret-looking names never are",
  }),
  option({
    name: "redact",
    input: "redact",
    usedBy: ["sign"],
    key: "redact",
    type: "patterns",
    defaultText: "(none)",
    description:
      "properties removed before signing: glob patterns over names (env:*TOKEN*, jux:username); PATTERN=mask keeps the name with the value ***",
  }),
];

/** The spec of an option by its name or alias (snake_case, without a `jux_` prefix). */
export function optionNamed(name: string): OptionSpec | undefined {
  return OPTIONS.find((o) => o.name === name || o.aliases.includes(name));
}

/** Keys that must never hold a value in a file, with what to do instead. */
export const FORBIDDEN_KEYS: Readonly<Record<string, string>> = {
  key_passphrase:
    "the passphrase is never a configuration value: put it in an environment variable and name that with key_passphrase_env",
  passphrase:
    "the passphrase is never a configuration value: put it in an environment variable and name that with key_passphrase_env",
};

/** Whether a key (as written, with or without `jux_`) holds something that must not be shown. */
export function isSecretKey(key: string): boolean {
  const name = key.toLowerCase().replace(/^jux_/, "");
  return optionNamed(name)?.secret === true || name in FORBIDDEN_KEYS;
}

/** A secret as it may be shown: nothing of it, not even its length. */
export function maskSecret(value: string): string {
  void value;
  return "********";
}

export const DEFAULTS = {
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
  recordEnv: [],
} as const satisfies Partial<JuxConfig>;

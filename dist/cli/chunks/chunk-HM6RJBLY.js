import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);

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
var STORAGE_MODES = ["local", "api", "both", "cache"];
var C14N_NAMES = ["c14n11", "exclusive"];
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
    key: "enabled",
    type: "bool",
    defaultText: "true",
    description: "whether jux does anything at all"
  }),
  option({ name: "sign", key: "sign", type: "bool", defaultText: "true", description: "sign the reports" }),
  option({
    name: "publish",
    key: "publish",
    type: "bool",
    defaultText: "false",
    description: "publish the reports to the Jux API server"
  }),
  option({
    name: "storage_mode",
    key: "storageMode",
    type: "enum",
    choices: STORAGE_MODES,
    defaultText: "cache when api_url is set, else local",
    description: "local: store only; api: publish only; both: store and publish; cache: store, publish when possible, queue the rest"
  }),
  option({
    name: "storage_path",
    key: "storagePath",
    type: "path",
    defaultText: "$XDG_DATA_HOME/jux (platform default)",
    description: "the local store's directory"
  }),
  option({
    name: "key_path",
    key: "keyPath",
    type: "path",
    defaultText: "(none)",
    description: "the PEM private key that signs the reports"
  }),
  option({
    name: "cert_path",
    key: "certPath",
    type: "path",
    defaultText: "(none)",
    description: "the PEM certificate embedded in the signatures"
  }),
  option({
    name: "api_url",
    key: "apiUrl",
    type: "url",
    defaultText: "(none)",
    description: "the Jux API base URL, e.g. https://jux.example.com/api/v1"
  }),
  option({
    name: "bearer_token",
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
    key: "apiKeyHeader",
    type: "header",
    defaultText: "Authorization",
    description: 'the header carrying the key: Authorization sends "Bearer KEY", any other sends the key as is'
  }),
  option({
    name: "api_timeout",
    key: "apiTimeoutSeconds",
    type: "seconds",
    min: 0,
    max: 86400,
    defaultText: "30",
    description: "seconds to wait for the API server"
  }),
  option({
    name: "api_max_retries",
    key: "apiMaxRetries",
    type: "int",
    min: 0,
    max: 100,
    defaultText: "3",
    description: "retries of a failed request (network errors, 429, 5xx)"
  }),
  option({
    name: "key_passphrase_env",
    key: "keyPassphraseEnv",
    type: "env-name",
    defaultText: "(none)",
    description: "the environment variable holding the key's passphrase (never the passphrase itself)"
  }),
  option({
    name: "c14n",
    key: "c14n",
    type: "enum",
    choices: C14N_NAMES,
    defaultText: "c14n11",
    description: "the signature's canonicalization: c14n11 (pytest-jux's) or exclusive"
  }),
  option({
    name: "project_name",
    key: "projectName",
    type: "string",
    defaultText: "(the repository or directory name)",
    description: "the project property of the reports"
  }),
  option({
    name: "properties",
    key: "properties",
    type: "properties",
    defaultText: "(none)",
    description: "extra NAME=VALUE properties, comma or newline separated"
  }),
  option({
    name: "publish_concurrency",
    key: "publishConcurrency",
    type: "int",
    min: 1,
    max: 32,
    defaultText: "4",
    description: "reports published at the same time"
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
  c14n: "c14n11",
  properties: [],
  publishConcurrency: 4
};

export {
  ConfigError,
  OPTIONS,
  optionNamed,
  FORBIDDEN_KEYS,
  isSecretKey,
  maskSecret,
  DEFAULTS
};

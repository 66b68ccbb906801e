import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  require_fs,
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-3XIP2PPI.js";

// require-builtin:crypto
var require_crypto = __commonJS({
  "require-builtin:crypto"(exports, module) {
    module.exports = __require("node:crypto");
  }
});

// require-builtin:fs/promises
var require_promises = __commonJS({
  "require-builtin:fs/promises"(exports, module) {
    module.exports = __require("node:fs/promises");
  }
});

// require-builtin:os
var require_os = __commonJS({
  "require-builtin:os"(exports, module) {
    module.exports = __require("node:os");
  }
});

// require-builtin:child_process
var require_child_process = __commonJS({
  "require-builtin:child_process"(exports, module) {
    module.exports = __require("node:child_process");
  }
});

// require-builtin:buffer
var require_buffer = __commonJS({
  "require-builtin:buffer"(exports, module) {
    module.exports = __require("node:buffer");
  }
});

// require-builtin:zlib
var require_zlib = __commonJS({
  "require-builtin:zlib"(exports, module) {
    module.exports = __require("node:zlib");
  }
});

// require-builtin:stream
var require_stream = __commonJS({
  "require-builtin:stream"(exports, module) {
    module.exports = __require("node:stream");
  }
});

// src/core/crypto/keys.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var KeyError = class extends Error {
  constructor(source, reason, code = "unusable") {
    super(`${source}: ${reason}`);
    this.source = source;
    this.reason = reason;
    this.code = code;
  }
  source;
  reason;
  code;
  name = "KeyError";
};
function withPassphraseHint(e, how) {
  if (!(e instanceof KeyError) || e.code !== "passphrase-missing") return e;
  return new KeyError(e.source, `${e.reason}: ${how}`, e.code);
}
var MIN_RSA_BITS = 2048;
var SUPPORTED = `use RSA (${MIN_RSA_BITS} bits or more) or ECDSA P-256, P-384 or P-521`;
var CURVES = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
  "P-256": "P-256",
  "P-384": "P-384",
  "P-521": "P-521"
};
var KEY_TYPE_NAMES = {
  "rsa-pss": "RSA-PSS",
  dsa: "DSA",
  dh: "Diffie-Hellman",
  ed25519: "Ed25519",
  ed448: "Ed448",
  x25519: "X25519",
  x448: "X448"
};
var PRIVATE_KEY_LABELS = /* @__PURE__ */ new Set([
  "PRIVATE KEY",
  "RSA PRIVATE KEY",
  "EC PRIVATE KEY",
  "ENCRYPTED PRIVATE KEY"
]);
var PUBLIC_KEY_LABELS = /* @__PURE__ */ new Set(["PUBLIC KEY", "RSA PUBLIC KEY"]);
var PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g;
function pemBlocks(input) {
  const text = typeof input === "string" ? input : input.toString("latin1");
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1] ?? "", text: m[0] }));
}
function typeName(key) {
  const type = key.asymmetricKeyType ?? key.type;
  return KEY_TYPE_NAMES[type] ?? type;
}
function rsaAlgorithm(key, source) {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new KeyError(source, `RSA key is ${bits} bits; at least ${MIN_RSA_BITS} are required`);
  }
  return { kind: "rsa", bits };
}
function ecAlgorithm(key, source) {
  const named = key.asymmetricKeyDetails?.namedCurve;
  const curve = named === void 0 ? void 0 : CURVES[named];
  if (curve === void 0) {
    const what = named === void 0 ? "an EC key without a named curve" : `EC curve ${named}`;
    throw new KeyError(source, `${what} is not supported; ${SUPPORTED}`);
  }
  return { kind: "ecdsa", curve };
}
function keyAlgorithmOf(publicKey, source = "key") {
  switch (publicKey.asymmetricKeyType) {
    case "rsa":
      return rsaAlgorithm(publicKey, source);
    case "ec":
      return ecAlgorithm(publicKey, source);
    default:
      throw new KeyError(source, `${typeName(publicKey)} keys are not supported; ${SUPPORTED}`);
  }
}
function describeNonPrivate(label) {
  if (PUBLIC_KEY_LABELS.has(label)) return "contains a public key, not a private key";
  if (label === "CERTIFICATE") return "contains a certificate, not a private key";
  if (label === "OPENSSH PRIVATE KEY") {
    return "is an OpenSSH private key; convert it to PKCS#8 PEM (ssh-keygen -p -m PKCS8 -f <file>)";
  }
  if (label === "DSA PRIVATE KEY") return `DSA keys are not supported; ${SUPPORTED}`;
  return `contains a PEM "${label}" block, not a private key`;
}
function privateKeyBlock(key, source) {
  const blocks = pemBlocks(key);
  const keys = blocks.filter((b) => PRIVATE_KEY_LABELS.has(b.label));
  if (keys.length > 1) throw new KeyError(source, `contains ${keys.length} private keys; expected one`);
  const [found] = keys;
  if (found !== void 0) return found;
  const [first] = blocks;
  if (first === void 0)
    throw new KeyError(source, "is not a PEM private key (no -----BEGIN ... PRIVATE KEY----- block)");
  throw new KeyError(source, describeNonPrivate(first.label));
}
function isEncrypted(block) {
  return block.label === "ENCRYPTED PRIVATE KEY" || /^Proc-Type:\s*4,ENCRYPTED/m.test(block.text);
}
function parsePrivateKey(block, source, passphrase) {
  const encrypted = isEncrypted(block);
  if (encrypted && passphrase === void 0) {
    throw new KeyError(
      source,
      "the private key is encrypted and no passphrase was given",
      "passphrase-missing"
    );
  }
  try {
    return (0, import_node_crypto.createPrivateKey)(encrypted ? { key: block.text, format: "pem", passphrase } : block.text);
  } catch {
    throw new KeyError(
      source,
      encrypted ? "cannot decrypt the private key: wrong passphrase (or the file is damaged)" : `cannot parse the ${block.label} block (damaged PEM or unsupported key format)`
    );
  }
}
function parseCertificate(pem, source) {
  const block = pemBlocks(pem).find((b) => b.label === "CERTIFICATE");
  if (block === void 0)
    throw new KeyError(source, "is not a PEM certificate (no -----BEGIN CERTIFICATE----- block)");
  try {
    return new import_node_crypto.X509Certificate(block.text);
  } catch {
    throw new KeyError(source, "cannot parse the certificate (damaged PEM or not X.509)");
  }
}
function subjectLine(certificate) {
  return certificate.subject.split("\n").filter(Boolean).join(", ") || "(empty subject)";
}
function sha256Hex(data) {
  return (0, import_node_crypto.createHash)("sha256").update(data).digest("hex");
}
function certificateLabel(certificate) {
  return `${subjectLine(certificate)} sha256:${sha256Hex(certificate.raw)}`;
}
function publicKeyLabel(publicKey) {
  return `public key sha256:${sha256Hex(publicKey.export({ type: "spki", format: "der" }))}`;
}
function samePublicKey(a, b) {
  return a.asymmetricKeyType === b.asymmetricKeyType && a.equals(b);
}
function matchingCertificate(pem, source, publicKey, keySource) {
  const certificate = parseCertificate(pem, source);
  if (!samePublicKey(certificate.publicKey, publicKey)) {
    throw new KeyError(
      source,
      `the certificate (${certificateLabel(certificate)}) does not match the private key in ${keySource}`
    );
  }
  return certificate;
}
function loadSigningKey(opts) {
  const { source } = opts;
  const passphrase = opts.passphrase === "" ? void 0 : opts.passphrase;
  const privateKey = parsePrivateKey(privateKeyBlock(opts.key, source), source, passphrase);
  const algorithm = keyAlgorithmOf(privateKey, source);
  const publicKey = (0, import_node_crypto.createPublicKey)(privateKey);
  if (opts.certificate === void 0) return { privateKey, publicKey, algorithm };
  const certSource = opts.certificateSource ?? "the certificate";
  const certificate = matchingCertificate(opts.certificate, certSource, publicKey, source);
  return { privateKey, publicKey, algorithm, certificate };
}
function trustedCertificate(block, where) {
  let certificate;
  try {
    certificate = new import_node_crypto.X509Certificate(block.text);
  } catch {
    throw new KeyError(where, "cannot parse the certificate (damaged PEM or not X.509)");
  }
  const label = certificateLabel(certificate);
  keyAlgorithmOf(certificate.publicKey, `${where} (${label})`);
  return { publicKey: certificate.publicKey, certificate, label };
}
function trustedPublicKey(block, where) {
  let publicKey;
  try {
    publicKey = (0, import_node_crypto.createPublicKey)(block.text);
  } catch {
    throw new KeyError(
      where,
      `cannot parse the ${block.label} block (damaged PEM or unsupported key format)`
    );
  }
  const label = publicKeyLabel(publicKey);
  keyAlgorithmOf(publicKey, `${where} (${label})`);
  return { publicKey, label };
}
function trustedKey(block, where) {
  if (block.label === "CERTIFICATE") return trustedCertificate(block, where);
  if (PUBLIC_KEY_LABELS.has(block.label)) return trustedPublicKey(block, where);
  if (PRIVATE_KEY_LABELS.has(block.label) || block.label.endsWith("PRIVATE KEY")) {
    throw new KeyError(where, "is a private key; a trust bundle holds only certificates and public keys");
  }
  throw new KeyError(where, `is a PEM "${block.label}" block; expected CERTIFICATE or PUBLIC KEY`);
}
function loadTrustedKeys(opts) {
  const blocks = pemBlocks(opts.pem);
  if (blocks.length === 0) {
    throw new KeyError(opts.source, "contains no PEM certificate or public key");
  }
  const many = blocks.length > 1;
  return blocks.map((block, i) => trustedKey(block, many ? `${opts.source}, entry ${i + 1}` : opts.source));
}

// src/core/version.ts
var VERSION = "0.1.0";
var TOOL_NAME = "jux-action";

// src/core/errors.ts
function errnoCode(err) {
  const code = err?.code;
  return typeof code === "string" ? code : void 0;
}
function errorMessage(err) {
  const message = err?.message;
  return typeof message === "string" ? message : String(err);
}
function osReason(err) {
  const code = errnoCode(err);
  const message = errorMessage(err);
  if (code === void 0) return message;
  const description = new RegExp(`^${code}: ([^,]+)`).exec(message)?.[1];
  return `${description ?? message} (${code})`;
}

// src/core/text.ts
var CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
var CONTROLS = new RegExp(CONTROL_CHARACTERS.source, "g");
function printable(text, max) {
  const safe = noWorkflowCommand(
    text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
  );
  return safe.length > max ? `${safe.slice(0, max - 1)}\u2026` : safe;
}
function noWorkflowCommand(text) {
  return text.replaceAll("##[", "#\\u0023[").replace(/^(\s*):/, "$1\\u003a");
}
function globRegExp(glob, ignoreCase = false) {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
}

// src/core/junit/metadata.ts
var import_node_child_process = __toESM(require_child_process(), 1);
var import_node_os = __toESM(require_os(), 1);
var import_node_path = __toESM(require_path(), 1);

// src/core/junit/redact-properties.ts
var MASK = "***";
var SECRET_VARIABLES = [
  "*TOKEN*",
  "*SECRET*",
  "*PASSWORD*",
  "*PASSWD*",
  "*PASSPHRASE*",
  "*API_KEY*",
  "*APIKEY*",
  "*PRIVATE_KEY*",
  "*ACCESS_KEY*",
  "*CREDENTIAL*",
  "*_PAT",
  "*_PAT_*",
  "*JWT*",
  "*_PASS",
  "*_PASS_*",
  "*_PWD",
  "*_KEY",
  "*_KEY_*",
  "*_AUTH*",
  "AUTH_*",
  "*OAUTH*",
  "*COOKIE*",
  "*WEBHOOK*",
  "*DATABASE_URL*",
  "*_DSN",
  "*CONNECTION_STRING*",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "GITHUB_TOKEN",
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_URL",
  "ACTIONS_RUNTIME_URL",
  "ACTIONS_RESULTS_URL",
  "ACTIONS_CACHE_URL",
  "JUX_BEARER_TOKEN",
  "JUX_API_KEY",
  "NPM_AUTH*",
  "NODE_AUTH*",
  "SSH_AUTH_SOCK"
];
function globMatcher(pattern) {
  const re = globRegExp(pattern, true);
  return (name) => re.test(name);
}
function ruleOf(pattern) {
  const m = /^(.*)=(mask|remove)$/.exec(pattern);
  return { matches: globMatcher(m?.[1] ?? pattern), action: m?.[2] ?? "remove" };
}
var SECRET_MATCHERS = SECRET_VARIABLES.map(globMatcher);
function isSecretVariable(name) {
  return SECRET_MATCHERS.some((matches) => matches(name));
}
function redactProperties(properties, patterns) {
  const rules = patterns.map(ruleOf);
  const out = [];
  for (const p of properties) {
    const rule = rules.find((r) => r.matches(p.name));
    if (rule?.action === "mask") out.push({ name: p.name, value: MASK });
    else if (rule === void 0 && !(/^env:/i.test(p.name) && isSecretVariable(p.name.slice(4)))) out.push(p);
  }
  return out;
}
function redactedNames(properties, patterns) {
  const kept = new Map(redactProperties(properties, patterns).map((p) => [p.name, p.value]));
  const names = properties.filter((p) => !kept.has(p.name) || kept.get(p.name) !== p.value).map((p) => p.name);
  return [...new Set(names)];
}
function recordedEnv(env, patterns) {
  if (!patterns.length) return [];
  const matchers = patterns.map(globMatcher);
  return Object.keys(env).filter((name) => env[name] !== void 0 && env[name] !== "" && matchers.some((m) => m(name))).sort().map((name) => ({ name: `env:${name}`, value: env[name] }));
}

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
    return (0, import_node_child_process.execFileSync)("git", args, {
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
  const fromRemote = git2.remote ? (0, import_node_path.basename)(git2.remote.replace(/\/+$/, "")).replace(/\.git$/, "") : void 0;
  const fromRepository = src.env.GITHUB_REPOSITORY?.split("/")[1];
  return src.env.JUX_PROJECT_NAME || src.project || fromRepository || src.env.CI_PROJECT_NAME || fromRemote || (0, import_node_path.basename)(src.cwd);
}
function username() {
  try {
    return (0, import_node_os.userInfo)().username;
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
    ...recordedEnv(src.env, src.recordEnv ?? []).filter((p) => !GITHUB_ENV.includes(p.name.slice(4))).map((p) => [p.name, p.value]),
    ["jux:hostname", (0, import_node_os.hostname)()],
    ["jux:username", username()],
    ["jux:platform", `${(0, import_node_os.platform)()}-${(0, import_node_os.release)()}-${(0, import_node_os.arch)()}`],
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
  return redactProperties(out, src.redact ?? []);
}
function parseProperty(text, source) {
  const eq = text.indexOf("=");
  const name = eq > 0 ? text.slice(0, eq).trim() : "";
  if (name === "") throw new Error(`${source}: expected name=value, got "${text}"`);
  return { name, value: text.slice(eq + 1).trim() };
}
var LEG_PROPERTY = "jux:leg";
var ADDED_PROPERTIES = [
  "project",
  "git:commit",
  "git:branch",
  "git:status",
  "git:remote",
  "ci:provider",
  "ci:build_id",
  "ci:build_url",
  "jux:hostname",
  "jux:username",
  "jux:platform",
  "jux:timestamp",
  `jux:${TOOL_NAME.replace(/-/g, "_")}_version`,
  LEG_PROPERTY
];
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
function redactionNamingNothing(item) {
  const name = item.replace(/=(mask|remove)$/, "");
  if (/[*?[]/.test(name) || ADDED_PROPERTIES.includes(name)) return void 0;
  const [closest] = [...ADDED_PROPERTIES].sort((a, b) => distance(name, a) - distance(name, b));
  const near = closest !== void 0 && distance(name, closest) <= 2;
  if (!near && !/^(jux|git|ci):/.test(name)) return void 0;
  return `redact ${name} matches no property jux adds${near ? `; did you mean ${closest}?` : ` (they are ${ADDED_PROPERTIES.filter((n) => n.startsWith(name.split(":")[0] + ":")).join(", ")}, and env:*)`}`;
}
function jobKey(job, leg) {
  if (!job) return leg ? `(${leg})` : void 0;
  return leg ? `${job} (${leg})` : job;
}

// src/core/xml/errors.ts
var XmlError = class extends Error {
  constructor(code, source, line, column, reason) {
    super(line > 0 ? `${source}:${line}:${column}: ${reason}` : `${source}: ${reason}`);
    this.code = code;
    this.source = source;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
  code;
  source;
  line;
  column;
  reason;
  name = "XmlError";
};

// src/core/xml/reader.ts
var import_node_buffer = __toESM(require_buffer(), 1);
var XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
var XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";
var verbatimTag = {
  tag: void 0,
  bytes: Buffer.alloc(0),
  from: 0,
  to: 0
};
var DEFAULT_LIMITS = {
  maxBytes: 2 * 1024 ** 3,
  maxDepth: 256,
  maxAttributeBytes: 10 * 1024 ** 2
};
var RAW = 5;
var ReadAttribute = class {
  constructor(qname, prefix, local, ns, decoded, bytes, from, to) {
    this.qname = qname;
    this.prefix = prefix;
    this.local = local;
    this.ns = ns;
    this.decoded = decoded;
    this.bytes = bytes;
    this.from = from;
    this.to = to;
  }
  qname;
  prefix;
  local;
  ns;
  decoded;
  bytes;
  from;
  to;
  get value() {
    return this.decoded ??= this.bytes.toString("utf8", this.from, this.to);
  }
};
var Unplaced = class {
  constructor(code, offset, column, reason) {
    this.code = code;
    this.offset = offset;
    this.column = column;
    this.reason = reason;
  }
  code;
  offset;
  column;
  reason;
};
var LT = 60;
var GT = 62;
var AMP = 38;
var SEMI = 59;
var QUOT = 34;
var APOS = 39;
var SLASH = 47;
var EQ = 61;
var QMARK = 63;
var BANG = 33;
var RSQB = 93;
var HASH = 35;
var LF = 10;
var CR = 13;
var TAB = 9;
var SPACE = 32;
var TEXT_SPECIAL = new Uint8Array(256);
for (let b = 0; b < 32; b++) TEXT_SPECIAL[b] = 1;
TEXT_SPECIAL[AMP] = 1;
TEXT_SPECIAL[GT] = 1;
TEXT_SPECIAL[RSQB] = 1;
TEXT_SPECIAL[239] = 1;
TEXT_SPECIAL[LT] = 1;
var TEXT_STOP = TEXT_SPECIAL.slice();
TEXT_STOP[LF] = 0;
TEXT_STOP[TAB] = 0;
var wordsOf;
var words = new Int32Array(0);
var wordsFor;
function wordView(buf) {
  if (wordsFor === buf) return words;
  wordsFor = buf;
  if (wordsOf !== buf.buffer) {
    wordsOf = buf.buffer;
    words = new Int32Array(buf.buffer, 0, buf.buffer.byteLength >> 2);
  }
  return words;
}
function closingQuote(buf, from, quote) {
  const near = Math.min(buf.length, from + 64);
  for (let i = from; i < near; i++) if (buf[i] === quote) return i;
  return near === buf.length ? -1 : buf.indexOf(quote, near);
}
function sameAscii(buf, from, to, s) {
  if (to - from !== s.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || buf[from + i] !== c) return false;
  }
  return true;
}
function skipText(buf, from, to) {
  for (let i = from; i < to; i++) if (TEXT_STOP[buf[i]] !== 0) return i;
  return to;
}
var NAME_CHAR = new Uint8Array(256);
for (let b = 128; b < 256; b++) NAME_CHAR[b] = 1;
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:") NAME_CHAR[c.charCodeAt(0)] = 1;
var NAME_START = NAME_CHAR.slice();
for (const c of "0123456789.-") NAME_CHAR[c.charCodeAt(0)] = 1;
var CDATA_OPEN = Buffer.from("<![CDATA[");
var NAME_CACHE_SIZE = 256;
var STITCH = 4096;
var MAX_MARKS = 16384;
var EMPTY = Buffer.alloc(0);
var NO_NAMESPACES = [];
var COMMENT_OPEN = Buffer.from("<!--");
var PREDEFINED = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
var NEED_MORE = /* @__PURE__ */ Symbol("need more input");
var BASE_SCOPE = { prefix: "xml", uri: XML_NAMESPACE, parent: null };
function isXmlns(qname) {
  return qname.charCodeAt(0) === 120 && (qname === "xmlns" || qname.startsWith("xmlns:"));
}
function isWhitespace(b) {
  return b === SPACE || b === LF || b === TAB || b === CR;
}
function isXmlChar(cp) {
  return cp === 9 || cp === 10 || cp === 13 || cp >= 32 && cp <= 55295 || cp >= 57344 && cp <= 65533 || cp >= 65536 && cp <= 1114111;
}
function lookup(scope, prefix) {
  for (let s = scope; s; s = s.parent) if (s.prefix === prefix) return s.uri;
  return void 0;
}
function completeUtf8Length(buf) {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back];
    if (b < 128) return n;
    if (b >= 192) {
      const need = b >= 240 ? 4 : b >= 224 ? 3 : 2;
      return need > back ? n - back : n;
    }
  }
  return n;
}
function describeEncoding(head) {
  if (head.length >= 2 && head[0] === 254 && head[1] === 255) return "UTF-16 (big-endian byte order mark)";
  if (head.length >= 4 && head[0] === 255 && head[1] === 254 && head[2] === 0 && head[3] === 0)
    return "UTF-32 (little-endian byte order mark)";
  if (head.length >= 2 && head[0] === 255 && head[1] === 254)
    return "UTF-16 (little-endian byte order mark)";
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 254 && head[3] === 255)
    return "UTF-32 (big-endian byte order mark)";
  if (head.length >= 2 && head[0] === 0 && head[1] === LT) return "UTF-16 (big-endian, detected)";
  if (head.length >= 2 && head[0] === LT && head[1] === 0) return "UTF-16 (little-endian, detected)";
  return void 0;
}
var Reader = class {
  constructor(handler, options) {
    this.handler = handler;
    this.options = options;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.countLines = options.reread === void 0;
  }
  handler;
  options;
  buf = Buffer.alloc(0);
  /** Absolute offset of buf[0]. */
  base = 0;
  pos = 0;
  /** Absolute offset up to which raw bytes went to onRaw. */
  flushed = 0;
  newlinesBeforeBase = 0;
  /** Line feeds are counted as the input goes by (false: only for an error, see ReadOptions.reread). */
  countLines;
  /** Bytes were dropped without their line feeds counted: an error's line needs a second reading. */
  uncounted = false;
  /** Where the opener continueSection put in front ends: offsets before it are not the input's. */
  syntheticEnd = 0;
  eof = false;
  started = false;
  sniffed = false;
  /** Characters between the start of the current line and `base`, when the line starts before it. */
  columnBeforeBase = 0;
  bomLength = 0;
  depth = 0;
  /** The qnames of the open elements, and the scope outside each (two arrays: no object per element). */
  openNames = [];
  outerScopes = [];
  /** The input after the stitch (see append): buf[tailAt..] holds tail[0..tailUsed). */
  tail;
  tailAt = 0;
  tailUsed = 0;
  marks = { count: 0, at: new Int32Array(256) };
  /** The text segment being read has more than MAX_MARKS marks: it is delivered without them. */
  marksOverflow = false;
  /** The attributes of the start tag being read, RAW entries each: qname, value (null: as written), offset, value's from and to (reused). */
  raw = [];
  names = new Array(NAME_CACHE_SIZE);
  /** Whether the last attribute value read is its bytes as written (no reference, no line end, no tab). */
  valueAsWritten = false;
  scope = BASE_SCOPE;
  rootSeen = false;
  rootClosed = false;
  /** Input not yet appended: the start of a character split across chunks, or the first bytes. */
  pending = Buffer.alloc(0);
  total = 0;
  limits;
  async read(input) {
    try {
      for await (const piece of input) this.feed(piece);
      return this.end();
    } catch (e) {
      if (e instanceof Unplaced) throw await this.placed(e);
      throw e;
    }
  }
  /** The error with its line, counted on a second reading; without a line if the input cannot be read again. */
  async placed(e) {
    const { source, reread } = this.options;
    let line = 0;
    try {
      line = await newlinesBefore(reread(), e.offset) + 1;
    } catch {
      return new XmlError(e.code, source, 0, 0, `${e.reason} (at byte ${e.offset})`);
    }
    return new XmlError(e.code, source, line, e.column, e.reason);
  }
  feed(piece) {
    const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
    if (chunk.length === 0) return;
    this.accept(chunk);
    this.run();
  }
  end() {
    this.eof = true;
    this.accept(Buffer.alloc(0));
    this.run();
    this.finish();
    return { bomLength: this.bomLength, size: this.total };
  }
  /**
   * Appends input to the buffer, validated as UTF-8 first: the tokenizer only ever sees whole, valid
   * characters, so every error position is exact whatever the chunking.
   */
  accept(chunk) {
    this.total += chunk.length;
    if (this.total > this.limits.maxBytes) {
      throw new XmlError(
        "limit-exceeded",
        this.options.source,
        0,
        0,
        `the file is larger than the ${this.limits.maxBytes}-byte limit`
      );
    }
    if (this.pending.length > 0 && this.sniffed && !this.eof) {
      const lead = this.pending[0];
      const need = (lead >= 240 ? 4 : lead >= 224 ? 3 : 2) - this.pending.length;
      if (need > 0 && need <= chunk.length) {
        const head = Buffer.concat([this.pending, chunk.subarray(0, need)]);
        if ((0, import_node_buffer.isUtf8)(head)) {
          this.pending = EMPTY;
          return this.append(head, chunk.subarray(need));
        }
      }
    }
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (!this.sniffed) {
      if (data.length < 4 && !this.eof) {
        this.pending = Buffer.from(data);
        return;
      }
      this.sniffed = true;
      const odd = describeEncoding(data);
      if (odd)
        throw new XmlError(
          "unsupported-encoding",
          this.options.source,
          1,
          1,
          `unsupported encoding ${odd}: reports must be UTF-8`
        );
    }
    this.pending = EMPTY;
    this.append(EMPTY, data);
  }
  /**
   * Appends `head` (a whole, valid character or nothing) and the complete characters of `data` to the bytes not
   * yet consumed. Only the unfinished token and the first bytes of `data` are copied into one buffer (the
   * stitch); the reader moves on to `data` itself once past them.
   */
  append(head, data) {
    const complete = this.eof ? data.length : completeUtf8Length(data);
    if (complete < data.length) this.pending = Buffer.from(data.subarray(complete));
    const valid = data.subarray(0, complete);
    const rest = this.buf.subarray(this.pos);
    this.discardBefore(this.pos);
    const prefix = rest.length + head.length;
    if (prefix === 0) this.buf = valid;
    else if (valid.length <= STITCH || rest.length > STITCH) this.buf = Buffer.concat([rest, head, valid]);
    else {
      this.buf = Buffer.concat([rest, head, valid.subarray(0, STITCH)]);
      this.tail = valid;
      this.tailAt = prefix;
      this.tailUsed = STITCH;
    }
    if (!(0, import_node_buffer.isUtf8)(valid)) {
      const at = firstInvalidUtf8(valid);
      this.invalidUtf8(this.base + prefix + at, valid[at]);
    }
  }
  /** The stitch is consumed up to the start of `tail`: go on in `tail` itself. */
  switchToTail() {
    this.discardBefore(this.tailAt);
    this.buf = this.tail;
    this.tail = void 0;
  }
  /** A token runs past the stitch: append more of `tail` to it (all of it, eventually). */
  growStitch() {
    const tail = this.tail;
    const used = Math.min(tail.length, this.tailUsed * 4);
    this.buf = Buffer.concat([this.buf, tail.subarray(this.tailUsed, used)]);
    this.tailUsed = used;
    if (used === tail.length) this.tail = void 0;
  }
  discardBefore(pos) {
    if (pos === 0) return;
    this.flush(this.base + pos);
    this.forget(pos);
    this.base += pos;
    this.pos -= pos;
  }
  /** Keeps line and column bookkeeping for the first `n` bytes of the buffer, about to be dropped. */
  forget(n) {
    const lastLf = this.buf.lastIndexOf(LF, n - 1);
    if (lastLf < 0) {
      this.columnBeforeBase += charCount(this.buf, 0, n);
      return;
    }
    if (this.countLines) this.newlinesBeforeBase += countNewlines(this.buf, 0, n);
    else this.uncounted = true;
    this.columnBeforeBase = charCount(this.buf, lastLf + 1, n);
  }
  flush(upTo) {
    if (!this.options.onRaw || upTo <= this.flushed) return;
    this.options.onRaw(this.buf.subarray(this.flushed - this.base, upTo - this.base));
    this.flushed = upTo;
  }
  invalidUtf8(offset, byte) {
    const hint = byte >= 128 && byte < 192 ? "a continuation byte without a lead byte" : "a byte sequence that is not UTF-8";
    return this.failAt(
      "unsupported-encoding",
      offset,
      `invalid UTF-8: byte 0x${byte.toString(16).padStart(2, "0")} at byte offset ${offset} is ${hint} (the file must be UTF-8 encoded)`
    );
  }
  run() {
    for (; ; ) {
      try {
        if (!this.started && !this.start()) {
          if (this.tail === void 0) return;
          this.absorbTail();
          continue;
        }
        while (this.pos < this.buf.length) {
          if (this.tail !== void 0 && this.pos >= this.tailAt) this.switchToTail();
          if (this.buf[this.pos] === LT) this.markup();
          else this.characters();
        }
        if (this.tail === void 0) break;
        this.switchToTail();
      } catch (e) {
        if (e !== NEED_MORE) throw e;
        if (this.tail !== void 0) {
          if (this.pos >= this.tailAt) this.switchToTail();
          else this.growStitch();
          continue;
        }
        if (this.eof) this.truncated();
        break;
      }
    }
    this.flush(this.base + this.pos);
  }
  /** The rest of `tail` appended to the stitch: the buffer is whole again (offsets unchanged). */
  absorbTail() {
    if (this.tail === void 0) return;
    this.buf = Buffer.concat([this.buf, this.tail.subarray(this.tailUsed)]);
    this.tail = void 0;
  }
  truncated() {
    const what = this.depth > 0 ? `<${this.openNames[this.openNames.length - 1]}> is not closed` : "unfinished markup";
    return this.failAt("not-well-formed", this.base + this.pos, `unexpected end of file: ${what}`);
  }
  need(n) {
    if (this.pos + n > this.buf.length) throw NEED_MORE;
  }
  /** The byte order mark and the XML declaration; nothing is consumed until both can be decided. */
  start() {
    const buf = this.buf;
    if (buf.length < 9 && !this.eof) return false;
    if (buf.length === 0) this.failAt("not-well-formed", 0, "the file is empty (no root element)");
    const bom = buf[0] === 239 && buf[1] === 187 && buf[2] === 191 ? 3 : 0;
    let pos = bom;
    if (buf.toString("latin1", bom, bom + 5) === "<?xml" && isWhitespace(buf[bom + 5] ?? 0)) {
      const end = buf.indexOf("?>", bom);
      if (end < 0) {
        if (!this.eof && buf.length < 4096) return false;
        this.failAt("not-well-formed", this.base + bom, "the XML declaration is not closed with ?>");
      }
      this.declaration(buf.toString("latin1", bom + 5, end), bom);
      pos = end + 2;
    }
    this.bomLength = bom;
    this.pos = pos;
    this.started = true;
    return true;
  }
  declaration(body, at) {
    const re = /^\s+(version|encoding|standalone)\s*=\s*(?:"([^"]*)"|'([^']*)')/;
    let rest = body;
    const seen = {};
    while (rest.trim() !== "") {
      const m = re.exec(rest);
      if (!m) this.failAt("not-well-formed", at, `malformed XML declaration: <?xml${body}?>`);
      seen[m[1]] = m[2] ?? m[3] ?? "";
      rest = rest.slice(m[0].length);
    }
    if (!seen.version || !/^1\.[0-9]+$/.test(seen.version)) {
      this.failAt("not-well-formed", at, "the XML declaration has no valid version");
    }
    const encoding = seen.encoding;
    if (encoding !== void 0 && !/^utf-?8$/i.test(encoding)) {
      this.failAt(
        "unsupported-encoding",
        at,
        `unsupported encoding "${encoding}" declared: reports must be UTF-8 (convert the file, e.g. with iconv -f ${encoding} -t UTF-8, and fix the declaration)`
      );
    }
  }
  markup() {
    this.need(2);
    const next = this.buf[this.pos + 1];
    if (next === SLASH) return this.endTag();
    if (next === QMARK) return this.processingInstruction();
    if (next === BANG) return this.bang();
    return this.startTag();
  }
  bang() {
    this.need(4);
    const buf = this.buf;
    const p = this.pos;
    if (buf[p + 2] === 45 && buf[p + 3] === 45) return this.comment();
    this.need(9);
    const word = buf.subarray(p, p + 9).toString("latin1");
    if (word === "<![CDATA[") {
      if (this.depth === 0) this.fail("not-well-formed", "a CDATA section outside the document element");
      return this.cdata();
    }
    if (word === "<!DOCTYPE") {
      this.fail(
        "forbidden-construct",
        "DOCTYPE declarations are not allowed in a test report (they can define entities: XXE, entity expansion)"
      );
    }
    if (/^<!(ENTITY|ELEMENT|ATTLIST|NOTATION)/.test(word)) {
      this.fail("forbidden-construct", `markup declarations (${word.slice(2).trim()}) are not allowed`);
    }
    this.fail("not-well-formed", "'<!' must start a comment or a CDATA section");
  }
  comment() {
    const buf = this.buf;
    const from = this.pos + 4;
    const dashes = buf.indexOf("--", from);
    if (dashes < 0 || dashes + 2 >= buf.length) {
      const safe = dashes < 0 ? buf.length - 3 : Math.min(dashes, buf.length - 3);
      if (safe > from) {
        this.checkChars(from, safe);
        this.continueSection(safe, COMMENT_OPEN);
      }
      throw NEED_MORE;
    }
    this.checkChars(from, dashes);
    if (buf[dashes + 2] !== GT)
      this.failAt("not-well-formed", this.base + dashes, "'--' is not allowed inside a comment");
    this.pos = dashes + 3;
  }
  processingInstruction() {
    const end = this.buf.indexOf("?>", this.pos + 2);
    const nameEnd = this.scanName(this.pos + 2);
    const target = this.buf.subarray(this.pos + 2, nameEnd).toString("utf8");
    if (target.toLowerCase() === "xml") {
      this.fail("not-well-formed", "the XML declaration is only allowed at the very start of the file");
    }
    if (end < 0 && !this.eof && nameEnd >= this.buf.length) throw NEED_MORE;
    this.fail(
      "forbidden-construct",
      `processing instruction <?${target}?> is not allowed (only the XML declaration is)`
    );
  }
  cdata() {
    const buf = this.buf;
    const from = this.pos + 9;
    const close = buf.indexOf("]]>", from);
    if (close < 0) {
      let safe = Math.max(from, buf.length - 3);
      while (safe > from && (buf[safe] & 192) === 128) safe--;
      if (safe > from && buf[safe - 1] === CR) safe--;
      if (safe > from) {
        this.checkChars(from, safe);
        this.handler.text(buf.subarray(from, safe), true);
        this.continueSection(safe, CDATA_OPEN);
      }
      throw NEED_MORE;
    }
    this.checkChars(from, close);
    if (close > from) this.handler.text(buf.subarray(from, close), true);
    this.pos = close + 3;
  }
  /**
   * Lets a long comment or CDATA section be read in bounded memory: the bytes before `at` are done with,
   * and the buffer becomes `opener` + the rest, so the next pass resumes inside the same section.
   */
  continueSection(at, opener) {
    this.absorbTail();
    this.flush(this.base + at);
    const rest = this.buf.subarray(at);
    this.forget(at);
    this.columnBeforeBase -= opener.length;
    this.base += at - opener.length;
    this.flushed = this.base + opener.length;
    this.syntheticEnd = this.flushed;
    this.buf = Buffer.concat([opener, rest]);
    this.pos = 0;
  }
  characters() {
    const buf = this.buf;
    const start = this.pos;
    if (this.depth === 0) return this.outsideRoot();
    const n = buf.length;
    const marks = this.marks;
    marks.count = 0;
    this.marksOverflow = false;
    let i = skipText(buf, start, n);
    while (i < n) {
      const b = buf[i];
      if (TEXT_STOP[b] === 0) {
        i = skipText(buf, i + 1, n);
        continue;
      }
      if (b === LT) break;
      if (b === GT || b === CR) {
        this.mark(i - start);
        i = skipText(buf, i + 1, n);
        continue;
      }
      if (b === AMP) {
        const end = this.reference(i);
        if (end < 0) break;
        if (!isSelfCanonical(buf, i + 1, end - 1)) this.mark(i - start);
        i = skipText(buf, end, n);
        continue;
      }
      if (b === RSQB) {
        if (i + 2 >= n && !this.eof) break;
        if (buf[i + 1] === RSQB && buf[i + 2] === GT) {
          this.failAt(
            "not-well-formed",
            this.base + i,
            "']]>' is not allowed in text (it ends a CDATA section)"
          );
        }
        i = skipText(buf, i + 1, n);
        continue;
      }
      if (b === 239) {
        if (i + 2 >= n && !this.eof) break;
        if (buf[i + 1] === 191 && (buf[i + 2] === 190 || buf[i + 2] === 191)) {
          this.failAt(
            "not-well-formed",
            this.base + i,
            `invalid character U+FFF${buf[i + 2] === 190 ? "E" : "F"}`
          );
        }
        i = skipText(buf, i + 1, n);
        continue;
      }
      this.failAt(
        "not-well-formed",
        this.base + i,
        `invalid character U+${hex4(b)} (control characters are not allowed in XML 1.0)`
      );
    }
    if (i === n && !this.eof && buf[i - 1] === CR) {
      i--;
      if (marks.count > 0 && marks.at[marks.count - 1] === i - start) marks.count--;
    }
    if (i > start) {
      this.handler.text(buf.subarray(start, i), false, this.marksOverflow ? void 0 : marks);
      this.pos = i;
    }
    if (i === n || buf[i] !== LT) throw NEED_MORE;
  }
  mark(offset) {
    const marks = this.marks;
    if (marks.count === marks.at.length) {
      if (marks.count >= MAX_MARKS) {
        this.marksOverflow = true;
        return;
      }
      const bigger = new Int32Array(marks.at.length * 2);
      bigger.set(marks.at);
      marks.at = bigger;
    }
    marks.at[marks.count++] = offset;
  }
  outsideRoot() {
    const buf = this.buf;
    let i = this.pos;
    while (i < buf.length && isWhitespace(buf[i])) i++;
    if (i < buf.length && buf[i] !== LT) {
      const what = this.rootClosed ? "after the document element" : "before the document element";
      this.failAt("not-well-formed", this.base + i, `text is not allowed ${what}`);
    }
    this.pos = i;
    if (i === buf.length && !this.eof) throw NEED_MORE;
  }
  /** Validates the reference at `amp`; returns the offset after it, or -1 when more input is needed. */
  reference(amp) {
    const buf = this.buf;
    const stop = Math.min(buf.length, amp + 41);
    let semi = amp + 1;
    while (semi < stop && buf[semi] !== SEMI) semi++;
    if (semi === stop) semi = stop === buf.length ? -1 : semi;
    if (semi < 0 || semi - amp > 40) {
      if (semi < 0 && buf.length - amp <= 40 && !this.eof) return -1;
      this.failAt(
        "not-well-formed",
        this.base + amp,
        "'&' must start a reference such as &amp; (escape a literal & as &amp;)"
      );
    }
    if (!isPredefined(buf, amp + 1, semi)) this.decodeReference(buf.toString("latin1", amp + 1, semi), amp);
    return semi + 1;
  }
  decodeReference(body, amp) {
    if (body.charCodeAt(0) === HASH) {
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
      const cp = m ? parseInt(m[1] ?? m[2], m[1] ? 16 : 10) : NaN;
      if (!m || !isXmlChar(cp)) {
        this.failAt(
          "not-well-formed",
          this.base + amp,
          `&${body}; does not refer to a character allowed in XML 1.0`
        );
      }
      return String.fromCodePoint(cp);
    }
    const value = PREDEFINED[body];
    if (value === void 0) {
      this.failAt(
        "forbidden-construct",
        this.base + amp,
        `undefined entity &${body}; (only &lt; &gt; &amp; &quot; &apos; and character references are allowed)`
      );
    }
    return value;
  }
  checkChars(from, to) {
    const buf = this.buf;
    for (let i = from; i < to; i++) {
      const b = buf[i];
      if (b >= 32 && b !== 239) continue;
      if (b === TAB || b === LF || b === CR) continue;
      if (b === 239) {
        if (buf[i + 1] === 191 && (buf[i + 2] === 190 || buf[i + 2] === 191)) {
          this.failAt(
            "not-well-formed",
            this.base + i,
            `invalid character U+FFF${buf[i + 2] === 190 ? "E" : "F"}`
          );
        }
        continue;
      }
      this.failAt(
        "not-well-formed",
        this.base + i,
        `invalid character U+${hex4(b)} (control characters are not allowed in XML 1.0)`
      );
    }
  }
  scanName(from) {
    const buf = this.buf;
    if (from >= buf.length) throw NEED_MORE;
    if (NAME_START[buf[from]] === 0) return from;
    let i = from + 1;
    while (i < buf.length && NAME_CHAR[buf[i]] === 1) i++;
    if (i === buf.length && !this.eof) throw NEED_MORE;
    return i;
  }
  skipSpace(from) {
    const buf = this.buf;
    let i = from;
    while (i < buf.length && isWhitespace(buf[i])) i++;
    if (i === buf.length) throw NEED_MORE;
    return i;
  }
  startTag() {
    const buf = this.buf;
    const start = this.pos;
    const nameEnd = this.scanName(start + 1);
    if (nameEnd === start + 1) {
      this.failAt("not-well-formed", this.base + start, "'<' must start a tag (escape a literal < as &lt;)");
    }
    if (this.rootClosed)
      this.failAt("not-well-formed", this.base + start, "a second document element after the first one");
    const qname = this.name(start + 1, nameEnd);
    const raw = this.raw;
    raw.length = 0;
    let i = nameEnd;
    let selfClosing = false;
    let verbatim = true;
    let verbatimTo = -1;
    for (; ; ) {
      const afterSpace = this.skipSpace(i);
      const b = buf[afterSpace];
      if (b === GT || b === SLASH) verbatimTo = verbatim && afterSpace === i ? afterSpace : -1;
      if (b === GT) {
        i = afterSpace + 1;
        break;
      }
      if (b === SLASH) {
        this.need(afterSpace - this.pos + 2);
        if (buf[afterSpace + 1] !== GT)
          this.failAt("not-well-formed", this.base + afterSpace, "expected '/>'");
        selfClosing = true;
        i = afterSpace + 2;
        break;
      }
      if (afterSpace === i) {
        this.failAt(
          "not-well-formed",
          this.base + afterSpace,
          `expected whitespace, '>' or '/>' in the tag <${qname}>`
        );
      }
      const attrEnd = this.scanName(afterSpace);
      if (attrEnd === afterSpace) {
        this.failAt("not-well-formed", this.base + afterSpace, `invalid character in the tag <${qname}>`);
      }
      const attrName = this.name(afterSpace, attrEnd);
      const eq = this.skipSpace(attrEnd);
      if (buf[eq] !== EQ)
        this.failAt("not-well-formed", this.base + eq, `attribute ${attrName} has no '=' and value`);
      const q = this.skipSpace(eq + 1);
      const quote = buf[q];
      if (quote !== QUOT && quote !== APOS) {
        this.failAt("not-well-formed", this.base + q, `the value of attribute ${attrName} must be quoted`);
      }
      const close = closingQuote(buf, q + 1, quote);
      if (close < 0) {
        if (buf.length - q > this.limits.maxAttributeBytes) this.attributeTooLong(attrName, q);
        throw NEED_MORE;
      }
      if (close - q - 1 > this.limits.maxAttributeBytes) this.attributeTooLong(attrName, q);
      raw.push(attrName, this.attributeValue(q + 1, close, attrName), afterSpace, q + 1, close);
      verbatim = verbatim && afterSpace === i + 1 && buf[i] === SPACE && eq === attrEnd && q === eq + 1 && quote === QUOT && this.valueAsWritten;
      i = close + 1;
    }
    this.openElement(qname, raw, start, i, selfClosing, verbatimTo);
  }
  /**
   * The name in buf[from..to) as a string; short ASCII names (element and attribute names repeat throughout a
   * report) come from a small cache instead of a new string each time.
   */
  name(from, to) {
    const buf = this.buf;
    const len = to - from;
    if (len > 64) return buf.toString("utf8", from, to);
    let h = len;
    let high = 0;
    for (let i = from; i < to; i++) {
      const b = buf[i];
      high |= b;
      h = Math.imul(h, 31) + b | 0;
    }
    if (high >= 128) return buf.toString("utf8", from, to);
    const slot = h & NAME_CACHE_SIZE - 1;
    const cached = this.names[slot];
    if (cached !== void 0 && cached.length === len) {
      let j = 0;
      while (j < len && cached.charCodeAt(j) === buf[from + j]) j++;
      if (j === len) return cached;
    }
    const s = buf.toString("latin1", from, to);
    this.names[slot] = s;
    return s;
  }
  attributeTooLong(name, at) {
    return this.failAt(
      "limit-exceeded",
      this.base + at,
      `the value of attribute ${name} is longer than the ${this.limits.maxAttributeBytes}-byte limit`
    );
  }
  /** The value of an attribute, or null when it is its bytes as written (then decoded only if read). */
  attributeValue(from, to, name) {
    const buf = this.buf;
    let out = "";
    let runStart = from;
    for (let i = from; i < to; i++) {
      const b = buf[i];
      if (b >= 32 && b !== AMP && b !== LT && b !== 239) continue;
      if (b === LT) {
        this.failAt(
          "not-well-formed",
          this.base + i,
          `'<' is not allowed in the value of attribute ${name} (escape it as &lt;)`
        );
      }
      if (b === 239) {
        this.checkChars(i, i + 1);
        continue;
      }
      out += buf.toString("utf8", runStart, i);
      if (b === AMP) {
        const semi = buf.indexOf(SEMI, i + 1);
        if (semi < 0 || semi > to || semi - i > 40) {
          this.failAt(
            "not-well-formed",
            this.base + i,
            `'&' in the value of attribute ${name} must start a reference such as &amp;`
          );
        }
        out += this.decodeReference(buf.subarray(i + 1, semi).toString("latin1"), i);
        i = semi;
      } else if (b === CR) {
        out += " ";
        if (buf[i + 1] === LF && i + 1 < to) i++;
      } else if (b === LF || b === TAB) {
        out += " ";
      } else {
        this.checkChars(i, i + 1);
      }
      runStart = i + 1;
    }
    this.valueAsWritten = runStart === from;
    return runStart === from ? null : out + buf.toString("utf8", runStart, to);
  }
  /**
   * `raw` holds each attribute as three entries: its qname, its value and its offset. buf[start..verbatimTo) is
   * canonical as written if no namespace is declared or used by an attribute (-1: it is not).
   */
  openElement(qname, raw, start, end, selfClosing, verbatimTo = -1) {
    let namespaces = NO_NAMESPACES;
    let scope = this.scope;
    let prefixed = false;
    const count = raw.length;
    for (let k = 0; k < count; k += RAW) {
      const q = raw[k];
      const decl = isXmlns(q) ? q.length === 5 ? "" : q.slice(6) : null;
      if (decl === "" && q.length !== 5)
        this.failAt(
          "not-well-formed",
          this.base + raw[k + 2],
          'xmlns:="\u2026" has an empty prefix, which XML namespaces do not allow: write xmlns="\u2026" for a default namespace'
        );
      if (decl === null) {
        if (!prefixed && q.indexOf(":") >= 0) prefixed = true;
        continue;
      }
      const value = this.rawValue(raw, k);
      this.checkNamespaceDeclaration(decl, value, raw[k + 2]);
      if (namespaces === NO_NAMESPACES) namespaces = [];
      namespaces.push({ prefix: decl, uri: value });
      scope = { prefix: decl, uri: value, parent: scope };
    }
    const colon = qname.indexOf(":");
    const prefix = colon < 0 ? "" : this.prefixOf(qname, colon, start);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    const ns = this.resolve(scope, prefix, qname, start, true);
    const attributes = [];
    const seen = count > 16 * RAW ? /* @__PURE__ */ new Set() : void 0;
    const buf = this.buf;
    for (let k = 0; k < count; k += RAW) {
      const q = raw[k];
      const at = raw[k + 2];
      if (seen ? seen.has(q) : this.seenBefore(raw, k))
        this.failAt("not-well-formed", this.base + at, `attribute ${q} appears twice`);
      seen?.add(q);
      if (isXmlns(q)) continue;
      const value = raw[k + 1];
      const from = raw[k + 3];
      const to = raw[k + 4];
      const c = prefixed ? q.indexOf(":") : -1;
      if (c < 0) {
        attributes.push(new ReadAttribute(q, "", q, "", value, value === null ? buf : EMPTY, from, to));
        continue;
      }
      const p = this.prefixOf(q, c, at);
      const attrNs = this.resolve(scope, p, q, at, false);
      attributes.push(
        new ReadAttribute(q, p, q.slice(c + 1), attrNs, value, value === null ? buf : EMPTY, from, to)
      );
    }
    if (prefixed) this.checkExpandedNames(attributes, start);
    const depth = this.depth + 1;
    if (depth > this.limits.maxDepth) {
      this.failAt(
        "limit-exceeded",
        this.base + start,
        `elements are nested deeper than the limit of ${this.limits.maxDepth}`
      );
    }
    if (depth === 1) this.rootSeen = true;
    const tag = {
      qname,
      prefix,
      local,
      ns,
      attributes,
      namespaces,
      start: this.base + start,
      end: this.base + end,
      selfClosing,
      depth
    };
    this.pos = end;
    if (verbatimTo >= 0 && namespaces === NO_NAMESPACES && !prefixed) {
      verbatimTag.tag = tag;
      verbatimTag.bytes = this.buf;
      verbatimTag.from = start;
      verbatimTag.to = verbatimTo;
      try {
        this.handler.startElement(tag);
      } finally {
        verbatimTag.tag = void 0;
        verbatimTag.bytes = EMPTY;
      }
    } else {
      this.handler.startElement(tag);
    }
    if (selfClosing) {
      this.handler.endElement({ qname, start: tag.end, end: tag.end, depth });
      if (depth === 1) this.rootClosed = true;
      return;
    }
    this.openNames.push(qname);
    this.outerScopes.push(this.scope);
    this.scope = scope;
    this.depth = depth;
  }
  /** Whether the attribute at raw[k] has the name of one before it. */
  seenBefore(raw, k) {
    const q = raw[k];
    for (let j = 0; j < k; j += RAW) if (raw[j] === q) return true;
    return false;
  }
  /** The value of the attribute at raw[k], decoded now. */
  rawValue(raw, k) {
    return raw[k + 1] ?? this.buf.toString("utf8", raw[k + 3], raw[k + 4]);
  }
  checkNamespaceDeclaration(prefix, uri, at) {
    if (prefix === "xmlns")
      this.failAt("not-well-formed", this.base + at, "the prefix xmlns must not be declared");
    if (prefix === "xml" && uri !== XML_NAMESPACE) {
      this.failAt("not-well-formed", this.base + at, "the prefix xml must not be bound to another namespace");
    }
    if (prefix !== "xml" && (uri === XML_NAMESPACE || uri === XMLNS_NAMESPACE)) {
      this.failAt(
        "not-well-formed",
        this.base + at,
        `the namespace ${uri} must not be bound to the prefix ${prefix || "(default)"}`
      );
    }
    if (prefix !== "" && uri === "") {
      this.failAt(
        "not-well-formed",
        this.base + at,
        `xmlns:${prefix}="" is not allowed in XML 1.0 namespaces`
      );
    }
  }
  checkExpandedNames(attributes, at) {
    if (attributes.length < 2) return;
    const names = /* @__PURE__ */ new Set();
    for (const a of attributes) {
      const key = `${a.ns}|${a.local}`;
      if (names.has(key))
        this.failAt("not-well-formed", this.base + at, `attribute {${a.ns}}${a.local} appears twice`);
      names.add(key);
    }
  }
  /** The prefix of a qname with a colon at `colon`, which must be a valid namespaced name. */
  prefixOf(qname, colon, at) {
    if (colon === 0 || colon === qname.length - 1 || qname.indexOf(":", colon + 1) >= 0) {
      this.failAt("not-well-formed", this.base + at, `${qname} is not a valid namespaced name`);
    }
    return qname.slice(0, colon);
  }
  resolve(scope, prefix, qname, at, element) {
    if (prefix === "") return element ? lookup(scope, "") ?? "" : "";
    const uri = lookup(scope, prefix);
    if (uri === void 0 || uri === "") {
      this.failAt("not-well-formed", this.base + at, `the prefix ${prefix} of ${qname} is not declared`);
    }
    return uri;
  }
  endTag() {
    const buf = this.buf;
    const start = this.pos;
    const nameEnd = this.scanName(start + 2);
    const expected = this.openNames[this.openNames.length - 1];
    const qname = expected !== void 0 && sameAscii(buf, start + 2, nameEnd, expected) ? expected : this.name(start + 2, nameEnd);
    const gt = this.skipSpace(nameEnd);
    if (buf[gt] !== GT) this.failAt("not-well-formed", this.base + gt, `expected '>' to close </${qname}`);
    const open2 = this.openNames.pop();
    if (open2 === void 0)
      this.failAt("not-well-formed", this.base + start, `end tag </${qname}> without a start tag`);
    if (open2 !== qname) {
      this.failAt(
        "not-well-formed",
        this.base + start,
        `end tag </${qname}> does not match the start tag <${open2}>`
      );
    }
    this.scope = this.outerScopes.pop();
    const depth = this.depth;
    this.depth--;
    this.pos = gt + 1;
    this.handler.endElement({ qname, start: this.base + start, end: this.base + gt + 1, depth });
    if (depth === 1) this.rootClosed = true;
  }
  finish() {
    if (!this.rootSeen)
      this.failAt(
        "not-well-formed",
        this.base + this.pos,
        "no document element: the file holds no XML element"
      );
    if (this.depth > 0) this.truncated();
  }
  fail(code, reason) {
    return this.failAt(code, this.base + this.pos, reason);
  }
  failAt(code, offset, reason) {
    const local = Math.max(0, Math.min(offset - this.base, this.buf.length));
    const lineStart = local > 0 ? this.buf.lastIndexOf(LF, local - 1) : -1;
    const column = lineStart >= 0 ? charCount(this.buf, lineStart + 1, local) + 1 : this.columnBeforeBase + charCount(this.buf, 0, local) + 1;
    if (this.uncounted)
      throw new Unplaced(code, Math.max(this.base + local, this.syntheticEnd), column, reason);
    const line = this.newlinesBeforeBase + countNewlines(this.buf, 0, local) + 1;
    throw new XmlError(code, this.options.source, line, column, reason);
  }
};
function isPredefined(buf, from, semi) {
  const len = semi - from;
  const c = buf[from];
  if (len === 2) return buf[from + 1] === 116 && (c === 108 || c === 103);
  if (len === 3) return c === 97 && buf[from + 1] === 109 && buf[from + 2] === 112;
  if (len === 4) {
    return c === 113 && buf[from + 1] === 117 && buf[from + 2] === 111 && buf[from + 3] === 116 || c === 97 && buf[from + 1] === 112 && buf[from + 2] === 111 && buf[from + 3] === 115;
  }
  return false;
}
function isSelfCanonical(buf, from, semi) {
  const len = semi - from;
  if (len === 2) return buf[from + 1] === 116 && (buf[from] === 108 || buf[from] === 103);
  return len === 3 && buf[from] === 97 && buf[from + 1] === 109 && buf[from + 2] === 112;
}
function hex4(b) {
  return b.toString(16).toUpperCase().padStart(4, "0");
}
function charCount(buf, from, to) {
  if ((0, import_node_buffer.isAscii)(buf.subarray(from, to))) return to - from;
  let n = 0;
  for (let i = from; i < to; i++) if ((buf[i] & 192) !== 128) n++;
  return n;
}
function countNewlines(buf, from, to) {
  let n = 0;
  let i = from;
  const offset = buf.byteOffset;
  if (to - from >= 64) {
    while ((offset + i & 3) !== 0) if (buf[i++] === LF) n++;
    const w = wordView(buf);
    const last = (offset + to >> 2) - 1;
    let k = offset + i >> 2;
    while (k <= last) {
      const end = Math.min(last + 1, k + 255);
      let acc = 0;
      for (; k < end; k++) {
        const y = w[k] ^ 168430090;
        acc = acc + ((~((y & 2139062143) + 2139062143 | y) & 2155905152) >>> 7) | 0;
      }
      acc = (acc & 16711935) + (acc >>> 8 & 16711935);
      n += (acc & 65535) + (acc >>> 16);
    }
    i = (last + 1 << 2) - offset;
  }
  for (; i < to; i++) if (buf[i] === LF) n++;
  return n;
}
function firstInvalidUtf8(buf) {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    const len = b < 128 ? 1 : b >= 194 && b < 224 ? 2 : b >= 224 && b < 240 ? 3 : b >= 240 && b < 245 ? 4 : 0;
    if (len === 0 || !(0, import_node_buffer.isUtf8)(buf.subarray(i, i + len)) || i + len > buf.length) return i;
    i += len;
  }
  return buf.length;
}
async function newlinesBefore(input, offset) {
  let n = 0;
  let seen = 0;
  for await (const piece of input) {
    const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
    const take = Math.min(chunk.length, offset - seen);
    n += countNewlines(chunk, 0, take);
    seen += take;
    if (seen >= offset) return n;
  }
  if (seen < offset) throw new Error("the input is shorter the second time");
  return n;
}
function readXmlSync(input, handler, options) {
  const reader = new Reader(handler, { ...options, reread: void 0 });
  reader.feed(input);
  return reader.end();
}
function readXml(input, handler, options) {
  return new Reader(handler, options).read(input);
}

// src/core/xml/c14n.ts
var C14N10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
var C14N11 = "http://www.w3.org/2006/12/xml-c14n11";
var EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
var C14N_METHODS = [C14N10, C14N11, EXC_C14N];
function isC14nMethod(uri) {
  return C14N_METHODS.includes(uri);
}
var EMPTY2 = /* @__PURE__ */ new Map();
var OUT_SIZE = 64 * 1024;
var Canonicalizer = class {
  views;
  joined;
  inScope = [];
  out = Buffer.allocUnsafe(OUT_SIZE);
  used = 0;
  apex;
  /** The bytes of end tags, by qname (names repeat throughout a report). */
  endTags = /* @__PURE__ */ new Map();
  constructor(methods, sink, apex) {
    this.views = methods.map((method) => ({ method, sink, rendered: [] }));
    this.joined = this.views.length > 1;
    this.apex = apex;
    const initial = /* @__PURE__ */ new Map();
    for (const d of apex?.namespaces ?? []) initial.set(d.prefix, d.uri);
    this.inScope.push(initial);
    for (const v of this.views) v.rendered.push(EMPTY2);
  }
  /** The sink of each method, in the order given (after a fork, each method has its own Hash). */
  sinks() {
    this.flush();
    return this.views.map((v) => v.sink);
  }
  startElement(tag) {
    const parentScope = this.inScope[this.inScope.length - 1];
    let scope = parentScope;
    if (tag.namespaces.length > 0) {
      const next = new Map(parentScope);
      for (const d of tag.namespaces) next.set(d.prefix, d.uri);
      scope = next;
    }
    this.inScope.push(scope);
    const apex = this.apex;
    this.apex = void 0;
    const views = this.views;
    if (apex === void 0) {
      const first = this.declarations(views[0], tag, scope, false);
      let decls;
      for (let i = 1; i < views.length; i++) {
        const d = this.declarations(views[i], tag, scope, false);
        (decls ??= [first]).push(d);
        if (this.joined && !sameDeclarations(d, first)) this.fork();
      }
      if (this.joined || decls === void 0) this.writeStartTag(tag, first);
      else decls.forEach((d, i) => this.writeText(renderTag(tag, d, tag.attributes), i));
      return;
    }
    const rendering = views.map((v) => {
      const decls = this.declarations(v, tag, scope, true);
      return renderTag(tag, decls, withInheritedXmlAttributes(tag.attributes, apex, v.method));
    });
    if (this.joined && rendering.some((r) => r !== rendering[0])) this.fork();
    if (this.joined) this.writeText(rendering[0], 0);
    else rendering.forEach((r, i) => this.writeText(r, i));
  }
  endElement(tag) {
    this.inScope.pop();
    for (const v of this.views) v.rendered.pop();
    let bytes = this.endTags.get(tag.qname);
    if (bytes === void 0) {
      if (this.endTags.size >= 256) this.endTags.clear();
      bytes = Buffer.from(`</${tag.qname}>`, "utf8");
      this.endTags.set(tag.qname, bytes);
    }
    if (this.joined || this.views.length === 1) this.writeRange(bytes, 0, bytes.length);
    else for (let i = 0; i < this.views.length; i++) this.writeBytes(bytes, i);
  }
  text(raw, cdata, marks) {
    if (marks !== void 0 && marks.count > 0 && !cdata && (this.joined || this.views.length === 1)) {
      this.writeMarkedText(raw, marks);
    } else if (marks !== void 0 && marks.count === 0 && !cdata) {
      this.insertCanonical(raw);
    } else if (this.joined || this.views.length === 1) {
      this.writeCanonicalText(raw, cdata);
    } else {
      this.flush();
      const parts = [];
      canonicalText(raw, cdata, (b) => parts.push(Buffer.from(b)));
      for (const v of this.views) for (const p of parts) v.sink.update(p);
    }
  }
  /** Canonical bytes of content spliced in by the caller (already canonical). */
  insertCanonical(bytes) {
    if (this.joined || this.views.length === 1) this.writeRange(bytes, 0, bytes.length);
    else {
      this.flush();
      for (const v of this.views) v.sink.update(bytes);
    }
  }
  flush() {
    if (this.used === 0) return;
    this.views[0].sink.update(this.out.subarray(0, this.used));
    this.used = 0;
  }
  fork() {
    this.flush();
    const first = this.views[0].sink;
    if (typeof first.copy !== "function")
      throw new Error("computing several canonical forms needs a Hash sink");
    for (const v of this.views.slice(1)) v.sink = first.copy();
    this.joined = false;
  }
  /** The namespace declarations `v` renders on this element; records what is rendered for its children. */
  declarations(v, tag, scope, apex) {
    const parent = v.rendered[v.rendered.length - 1];
    const decls = v.method === EXC_C14N ? exclusiveNamespaces(tag, scope, parent) : !apex && tag.namespaces.length === 0 ? NO_DECLARATIONS : inclusiveNamespaces(tag, scope, parent, apex);
    let rendered = parent;
    if (decls.length > 0) {
      const next = new Map(parent);
      for (const [p, u] of decls) next.set(p, u);
      rendered = next;
    }
    v.rendered.push(rendered);
    return decls;
  }
  writeText(s, view) {
    if (view === 0 && s.length * 3 < OUT_SIZE - this.used) {
      this.put(s);
      return;
    }
    this.writeBytes(Buffer.from(s, "utf8"), view);
  }
  /** renderTag() written straight into the output buffer of the first view (no string built). */
  writeStartTag(tag, decls) {
    const attrs = sortAttributes(tag.attributes);
    if (verbatimTag.tag === tag && decls.length === 0 && attrs === tag.attributes) {
      this.writeRange(verbatimTag.bytes, verbatimTag.from, verbatimTag.to);
      this.writeRange(GT_BYTE, 0, 1);
      return;
    }
    let size = tag.qname.length + 2;
    for (const [p, u] of decls) size += p.length + u.length + 10;
    for (const a of attrs) size += a.qname.length + a.value.length + 4;
    if (size * 6 > OUT_SIZE - this.used) {
      this.flush();
      if (size * 6 > OUT_SIZE) return this.writeText(renderTag(tag, decls, tag.attributes), 0);
    }
    this.put("<");
    this.put(tag.qname);
    for (const [p, u] of decls) {
      this.put(p === "" ? ' xmlns="' : " xmlns:");
      if (p !== "") {
        this.put(p);
        this.put('="');
      }
      this.putEscaped(u);
      this.put('"');
    }
    for (const a of attrs) {
      this.put(" ");
      this.put(a.qname);
      this.put('="');
      this.putEscaped(a.value);
      this.put('"');
    }
    this.put(">");
  }
  /** A string into the output buffer (room checked by the caller). */
  put(s) {
    const out = this.out;
    let u = this.used;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        this.used = u + out.write(s.slice(i), u, "utf8");
        return;
      }
      out[u++] = c;
    }
    this.used = u;
  }
  /** An attribute value or namespace URI, escaped as escapeAttribute() does (room checked by the caller). */
  putEscaped(s) {
    const out = this.out;
    let u = this.used;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        let k = i + 1;
        while (k < n && s.charCodeAt(k) >= 128) k++;
        u += out.write(s.slice(i, k), u, "utf8");
        i = k - 1;
        continue;
      }
      const escape = ATTR_ESCAPE_BYTES[c];
      if (escape === void 0) out[u++] = c;
      else for (let j = 0; j < escape.length; j++) out[u++] = escape[j];
    }
    this.used = u;
  }
  /** canonicalText() where the reader marked what to rewrite: no second scan of the text. */
  writeMarkedText(raw, marks) {
    const n = raw.length;
    let run = 0;
    for (let m = 0; m < marks.count; m++) {
      const i = marks.at[m];
      const b = raw[i];
      let next = i + 1;
      let replacement;
      if (b === 38) {
        let semi = i + 1;
        while (semi < n && raw[semi] !== 59) semi++;
        next = semi + 1;
        replacement = referenceText(raw.toString("latin1", i + 1, semi));
      } else if (b === 13) {
        replacement = LF_BYTE;
        if (raw[i + 1] === 10) next = i + 2;
      } else {
        replacement = TEXT_ESCAPES[b];
      }
      this.writeRange(raw, run, i);
      this.writeRange(replacement, 0, replacement.length);
      run = next;
    }
    this.writeRange(raw, run, n);
  }
  /** canonicalText() into the output buffer of the first view, without a view per piece. */
  writeCanonicalText(raw, cdata) {
    const n = raw.length;
    const stop = cdata ? CDATA_STOP : TEXT_STOP2;
    let run = 0;
    for (let i = 0; i < n; i++) {
      const b = raw[i];
      if (stop[b] === 0) continue;
      let next = i + 1;
      let replacement;
      if (b === 38 && !cdata) {
        let semi = i + 1;
        while (semi < n && raw[semi] !== 59) semi++;
        if (isSelfCanonical(raw, i + 1, semi)) {
          i = semi;
          continue;
        }
        next = semi + 1;
        replacement = referenceText(raw.toString("latin1", i + 1, semi));
      } else if (b === 13) {
        replacement = LF_BYTE;
        if (raw[i + 1] === 10) next = i + 2;
      } else {
        replacement = TEXT_ESCAPES[b];
      }
      this.writeRange(raw, run, i);
      this.writeRange(replacement, 0, replacement.length);
      run = next;
      i = next - 1;
    }
    this.writeRange(raw, run, n);
  }
  /** raw[from..to) into the output buffer of the first view; short ranges copied here (cheaper than a call). */
  writeRange(raw, from, to) {
    const len = to - from;
    if (len <= 0) return;
    if (len <= 32 && len <= OUT_SIZE - this.used) {
      const out = this.out;
      let u = this.used;
      for (let j = from; j < to; j++) out[u++] = raw[j];
      this.used = u;
      return;
    }
    if (len <= OUT_SIZE - this.used) {
      raw.copy(this.out, this.used, from, to);
      this.used += len;
      return;
    }
    this.writeBytes(from === 0 && to === raw.length ? raw : raw.subarray(from, to), 0);
  }
  writeBytes(b, view) {
    if (view !== 0) {
      this.views[view].sink.update(b);
      return;
    }
    if (b.length > OUT_SIZE - this.used) {
      this.flush();
      if (b.length >= OUT_SIZE / 2) {
        this.views[0].sink.update(b);
        return;
      }
    }
    b.copy(this.out, this.used);
    this.used += b.length;
  }
};
var NO_DECLARATIONS = [];
function sameDeclarations(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}
function renderTag(tag, decls, attrs) {
  let s = "<" + tag.qname;
  for (const [p, u] of decls) s += (p === "" ? " xmlns" : " xmlns:" + p) + '="' + escapeAttribute(u) + '"';
  for (const a of sortAttributes(attrs)) s += " " + a.qname + '="' + escapeAttribute(a.value) + '"';
  return s + ">";
}
function inclusiveNamespaces(tag, scope, parent, apex) {
  const candidates = apex ? [...scope] : tag.namespaces.map((d) => [d.prefix, scope.get(d.prefix)]);
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const [p, u] of candidates) {
    if (seen.has(p)) continue;
    seen.add(p);
    if (p === "xml") continue;
    const before = parent.get(p);
    if (u === "" ? before === void 0 || before === "" : before === u) continue;
    out.push([p, u]);
  }
  return out.sort((a, b) => compareCodePoints(a[0], b[0]));
}
function exclusiveNamespaces(tag, scope, parent) {
  if (tag.prefix === "" && tag.attributes.every((a) => a.prefix === "" || a.prefix === "xml")) {
    const u = scope.get("") ?? "";
    const before = parent.get("");
    return (u === "" ? before === void 0 || before === "" : before === u) ? NO_DECLARATIONS : [["", u]];
  }
  const used = /* @__PURE__ */ new Set([tag.prefix]);
  for (const a of tag.attributes) if (a.prefix !== "" && a.prefix !== "xml") used.add(a.prefix);
  const out = [];
  for (const p of used) {
    const u = scope.get(p) ?? "";
    const before = parent.get(p);
    if (u === "" ? before === void 0 || before === "" : before === u) continue;
    out.push([p, u]);
  }
  return out.sort((a, b) => compareCodePoints(a[0], b[0]));
}
function withInheritedXmlAttributes(own, apex, method) {
  if (method === EXC_C14N) return own;
  const inheritable = method === C14N11 ? /* @__PURE__ */ new Set(["lang", "space", "base"]) : void 0;
  const nearest = /* @__PURE__ */ new Map();
  for (const a of apex.xmlAttributes) {
    if (a.ns === XML_NAMESPACE && (!inheritable || inheritable.has(a.local))) nearest.set(a.local, a);
  }
  for (const a of own) if (a.ns === XML_NAMESPACE) nearest.delete(a.local);
  return [...own, ...nearest.values()];
}
function sortAttributes(attrs) {
  if (attrs.length < 2) return attrs;
  let sorted = true;
  for (let i = 1; i < attrs.length && sorted; i++) {
    const a = attrs[i - 1];
    const b = attrs[i];
    sorted = (compareCodePoints(a.ns, b.ns) || compareCodePoints(a.local, b.local)) < 0;
  }
  if (sorted) return attrs;
  return [...attrs].sort((a, b) => compareCodePoints(a.ns, b.ns) || compareCodePoints(a.local, b.local));
}
function compareCodePoints(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 55296 && y >= 55296) return surrogateRank(x) - surrogateRank(y);
    return x - y;
  }
  return a.length - b.length;
}
function surrogateRank(unit) {
  return unit >= 55296 && unit <= 57343 ? unit + 65536 : unit;
}
function escapeAttribute(s) {
  if (!/[&<"\t\n\r]/.test(s)) return s;
  return s.replace(/[&<"\t\n\r]/g, (c) => ATTR_ESCAPES[c]);
}
var ATTR_ESCAPES = {
  "&": "&amp;",
  "<": "&lt;",
  '"': "&quot;",
  "	": "&#x9;",
  "\n": "&#xA;",
  "\r": "&#xD;"
};
var ATTR_ESCAPE_BYTES = [];
for (const [c, e] of Object.entries(ATTR_ESCAPES)) ATTR_ESCAPE_BYTES[c.charCodeAt(0)] = Buffer.from(e);
var TEXT_ESCAPES = {
  38: Buffer.from("&amp;"),
  60: Buffer.from("&lt;"),
  62: Buffer.from("&gt;"),
  13: Buffer.from("&#xD;")
};
var LF_BYTE = Buffer.from("\n");
var GT_BYTE = Buffer.from(">");
function canonicalText(raw, cdata, emit) {
  const n = raw.length;
  const stop = cdata ? CDATA_STOP : TEXT_STOP2;
  let run = 0;
  let i = nextStop(raw, 0, n, stop);
  while (i < n) {
    const b = raw[i];
    let next = i + 1;
    if (b === 38 && !cdata) {
      let semi = i + 1;
      while (semi < n && raw[semi] !== 59) semi++;
      next = semi + 1;
      if (!isSelfCanonical(raw, i + 1, semi)) {
        if (i > run) emit(raw.subarray(run, i));
        emit(referenceText(raw.toString("latin1", i + 1, semi)));
        run = next;
      }
    } else {
      if (i > run) emit(raw.subarray(run, i));
      if (b === 13) {
        emit(LF_BYTE);
        if (raw[i + 1] === 10) next = i + 2;
      } else {
        emit(TEXT_ESCAPES[b]);
      }
      run = next;
    }
    i = nextStop(raw, next, n, stop);
  }
  if (run < n) emit(run === 0 ? raw : raw.subarray(run));
}
var TEXT_STOP2 = new Uint8Array(256);
TEXT_STOP2[38] = 1;
TEXT_STOP2[62] = 1;
TEXT_STOP2[13] = 1;
var CDATA_STOP = new Uint8Array(256);
CDATA_STOP[38] = 1;
CDATA_STOP[62] = 1;
CDATA_STOP[13] = 1;
CDATA_STOP[60] = 1;
function nextStop(raw, from, to, stop) {
  for (let i = from; i < to; i++) if (stop[raw[i]] !== 0) return i;
  return to;
}
var PREDEFINED_CANONICAL = {
  lt: TEXT_ESCAPES[60],
  gt: TEXT_ESCAPES[62],
  amp: TEXT_ESCAPES[38],
  quot: Buffer.from('"'),
  apos: Buffer.from("'")
};
function referenceText(body) {
  const predefined = PREDEFINED_CANONICAL[body];
  if (predefined) return predefined;
  const hex = body[1] === "x";
  const cp = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
  return TEXT_ESCAPES[cp] ?? Buffer.from(String.fromCodePoint(cp), "utf8");
}
function canonicalElement(qname, attributes, content = "") {
  const sorted = [...attributes].sort((a, b) => compareCodePoints(a[0], b[0]));
  const attrs = sorted.map(([n, v]) => ` ${n}="${escapeAttribute(v)}"`).join("");
  return `<${qname}${attrs}>${content}</${qname}>`;
}

// src/core/xmldsig/algorithms.ts
var DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
var DSIG11_NS = "http://www.w3.org/2009/xmldsig11#";
var ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
var SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
var RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
var ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
var ECDSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
var ECDSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";
var SIGNATURE_ALGORITHMS = {
  [RSA_SHA256]: { uri: RSA_SHA256, key: "rsa", hash: "sha256" },
  [ECDSA_SHA256]: { uri: ECDSA_SHA256, key: "ec", hash: "sha256" },
  [ECDSA_SHA384]: { uri: ECDSA_SHA384, key: "ec", hash: "sha384" },
  [ECDSA_SHA512]: { uri: ECDSA_SHA512, key: "ec", hash: "sha512" }
};
var CURVE_OIDS = {
  "P-256": "1.2.840.10045.3.1.7",
  "P-384": "1.3.132.0.34",
  "P-521": "1.3.132.0.35"
};
var C14N_CHOICES = ["c14n11", "exclusive"];
var DEFAULT_C14N = "c14n11";
function c14nUri(choice) {
  return choice === "exclusive" ? EXC_C14N : C14N11;
}

// src/core/report/sources.ts
var import_node_fs = __toESM(require_fs(), 1);
var import_promises = __toESM(require_promises(), 1);
async function* bytesOnce(bytes) {
  yield bytes;
}
var CHUNK = 256 * 1024;
function fileChunks(path, source) {
  return chunksOf(path, source, false);
}
function fileChunksAgain(path, source) {
  return chunksOf(path, source, true);
}
async function* chunksOf(path, source, regularOnly) {
  let handle;
  try {
    handle = await (0, import_promises.open)(path, regularOnly ? import_node_fs.constants.O_RDONLY | import_node_fs.constants.O_NONBLOCK : "r");
    const info = await handle.stat();
    if (regularOnly && !info.isFile()) throw new Error("it is not a regular file");
    if (!info.isFile() || info.size >= CHUNK) {
      const stream = handle.createReadStream({ highWaterMark: CHUNK });
      handle = void 0;
      yield* stream;
      return;
    }
    const first = Buffer.allocUnsafe(info.size + 1);
    let { bytesRead } = await handle.read(first, 0, first.length, null);
    if (bytesRead > 0) yield first.subarray(0, bytesRead);
    if (bytesRead === 0 || bytesRead === info.size) return;
    for (; ; ) {
      const buffer = Buffer.allocUnsafe(CHUNK);
      ({ bytesRead } = await handle.read(buffer, 0, CHUNK, null));
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } catch (e) {
    throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
  } finally {
    await handle?.close();
  }
}

// src/core/fs/compression.ts
var nodeZlib = __toESM(require_zlib(), 1);
var SMALL_REPORT_BYTES = 1024;
var ZSTD_LEVEL = 3;
var GZIP_LEVEL = 6;
function hasZstd(zlib = nodeZlib) {
  return typeof zlib.zstdCompressSync === "function" && typeof zlib.createZstdDecompress === "function";
}
function compressReport(xml, kind, zlib = nodeZlib) {
  return kind === "zstd" ? zlib.zstdCompressSync(xml, {
    pledgedSrcSize: xml.length,
    params: {
      [nodeZlib.constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL,
      [nodeZlib.constants.ZSTD_c_checksumFlag]: 1
    }
  }) : nodeZlib.gzipSync(xml, { level: GZIP_LEVEL });
}
function asBuffer(bytes) {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
function zstdContentSize(bytes) {
  const b = asBuffer(bytes);
  if (b.length < 6 || b.readUInt32LE(0) !== 4247762216) return void 0;
  const descriptor = b[4];
  if (descriptor & 8) return void 0;
  const singleSegment = descriptor >> 5 & 1;
  const sizeBytes = [singleSegment, 2, 4, 8][descriptor >> 6];
  const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3];
  if (sizeBytes === 0 || b.length < at + sizeBytes) return void 0;
  if (sizeBytes === 1) return b[at];
  if (sizeBytes === 2) return b.readUInt16LE(at) + 256;
  if (sizeBytes === 4) return b.readUInt32LE(at);
  return Number(b.readBigUInt64LE(at));
}

export {
  require_crypto,
  withPassphraseHint,
  MIN_RSA_BITS,
  certificateLabel,
  publicKeyLabel,
  samePublicKey,
  loadSigningKey,
  loadTrustedKeys,
  VERSION,
  TOOL_NAME,
  XmlError,
  require_buffer,
  DEFAULT_LIMITS,
  readXmlSync,
  readXml,
  C14N10,
  C14N11,
  EXC_C14N,
  isC14nMethod,
  Canonicalizer,
  canonicalText,
  canonicalElement,
  DSIG_NS,
  DSIG11_NS,
  ENVELOPED,
  SHA256,
  RSA_SHA256,
  ECDSA_SHA256,
  ECDSA_SHA384,
  ECDSA_SHA512,
  SIGNATURE_ALGORITHMS,
  CURVE_OIDS,
  C14N_CHOICES,
  DEFAULT_C14N,
  c14nUri,
  require_promises,
  errnoCode,
  errorMessage,
  osReason,
  bytesOnce,
  fileChunks,
  fileChunksAgain,
  require_os,
  require_zlib,
  SMALL_REPORT_BYTES,
  hasZstd,
  compressReport,
  zstdContentSize,
  require_stream,
  CONTROL_CHARACTERS,
  printable,
  redactedNames,
  collectMetadata,
  parseProperty,
  LEG_PROPERTY,
  redactionNamingNothing,
  jobKey
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  API_TEST_KEYS,
  MAX_NAME_CHARS,
  checkTests,
  isRecord,
  leftOutNote,
  own,
  typeOf
} from "./chunk-R6DMO5KQ.js";
import {
  extractReports,
  loadSigningKey,
  withPassphraseHint
} from "./chunk-EDRC3GRI.js";
import {
  REPOSITORY,
  REST_TIMEOUT_MS,
  apiUrlOf,
  artifactOf,
  create,
  downloadZip,
  drained,
  getJson,
  positive,
  record,
  sameRepository
} from "./chunk-6G4RR4HT.js";
import "./chunk-UYARVZBI.js";
import {
  Annotations,
  ReportTests,
  STEP_CAP,
  failureText,
  insightOf,
  isFailing,
  jobTests,
  keepsArtifact,
  publishes,
  readInputs,
  redactStrings,
  renderInsight,
  resolveAuth,
  retryAfterMs,
  totalsText
} from "./chunk-Y5QYLF5K.js";
import "./chunk-KNA2GPWT.js";
import {
  C14N11,
  Canonicalizer,
  DEFAULT_C14N,
  DSIG_NS,
  STATE_MANIFEST,
  artifactBaseName,
  c14nUri,
  canonicalElement,
  canonicalSubtree,
  canonicalText,
  cell,
  fileChunks,
  fileChunksAgain,
  findChild,
  isSignature,
  keyInfoXml,
  loadReportFile,
  parseSignature,
  printable,
  signBytes,
  signatureAlgorithmFor,
  signatureXml,
  signedDir,
  signedInfoContext,
  signedInfoXml,
  uploadFiles,
  writeManifest,
  writeStreamAtomic
} from "./chunk-TRPTZRWW.js";
import {
  CONTROL_CHARACTERS,
  DEFAULT_LIMITS,
  Summarizer,
  TOOL_NAME,
  VERSION,
  XmlError,
  countsOf,
  exchange,
  globRegExp,
  jsonObject,
  readXml,
  require_promises as require_promises2
} from "./chunk-KM4QEB6Z.js";
import {
  errorMessage
} from "./chunk-R6WRUTCP.js";
import {
  require_promises,
  require_stream
} from "./chunk-DPWUYGSE.js";
import {
  endGroup,
  info,
  notice,
  require_child_process,
  require_crypto,
  require_os,
  saveState,
  setFailed,
  setOutput,
  startGroup,
  summary,
  warning
} from "./chunk-US7DMSZK.js";
import {
  __toESM,
  require_fs,
  require_path
} from "./chunk-PGWA7IZW.js";

// src/action/main.ts
var import_promises7 = __toESM(require_promises(), 1);
var import_node_os2 = __toESM(require_os(), 1);
var import_node_path6 = __toESM(require_path(), 1);

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
function jobKey(job, leg) {
  if (!job) return leg ? `(${leg})` : void 0;
  return leg ? `${job} (${leg})` : job;
}

// src/core/report/sign-file.ts
var import_node_crypto2 = __toESM(require_crypto(), 1);
var import_promises = __toESM(require_promises(), 1);
var import_node_path2 = __toESM(require_path(), 1);
var import_node_stream = __toESM(require_stream(), 1);
var import_promises2 = __toESM(require_promises2(), 1);

// src/core/report/sign-report.ts
var import_node_crypto = __toESM(require_crypto(), 1);

// src/core/report/property-placer.ts
var INDENT_STEP = "  ";
var NOT_INDENTATION = "x";
function rawAttribute(value) {
  return value.replace(/[&<>"\t\n\r]/g, (c) => RAW_ESCAPES[c]);
}
var RAW_ESCAPES = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "	": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;"
};
function canonicalWhitespace(ws) {
  const parts = [];
  canonicalText(Buffer.from(ws), false, (b) => parts.push(Buffer.from(b)));
  return Buffer.concat(parts).toString("utf8");
}
function isBlank(s) {
  return /^[ \t\r\n]*$/.test(s);
}
function join(...parts) {
  return { raw: parts.map((p) => p.raw).join(""), canonical: parts.map((p) => p.canonical).join("") };
}
function whitespace(ws) {
  return { raw: ws, canonical: canonicalWhitespace(ws) };
}
function property(p) {
  return {
    raw: `<property name="${rawAttribute(p.name)}" value="${rawAttribute(p.value)}"/>`,
    canonical: canonicalElement("property", [
      ["name", p.name],
      ["value", p.value]
    ])
  };
}
function element(name, content, attributes = []) {
  const raw = attributes.map(([n, v]) => ` ${n}="${rawAttribute(v)}"`).join("");
  return {
    raw: `<${name}${raw}>${content.raw}</${name}>`,
    canonical: canonicalElement(name, attributes, content.canonical)
  };
}
function propertyList(props, indent) {
  return join(...props.flatMap((p) => [whitespace(indent), property(p)]));
}
function propertiesElement(props, outer) {
  if (outer === "") return element("properties", propertyList(props, ""));
  return element("properties", join(propertyList(props, outer + INDENT_STEP), whitespace(outer)));
}
var PropertyPlacer = class {
  /**
   * `asserted`: names whose wanted value is added even when the report already has the name with another value
   * (after the report's own, so that readers, which take the last, read ours): a CI job's run identity, which a
   * report must not be able to claim for itself.
   */
  constructor(wanted, emit, asserted = /* @__PURE__ */ new Set()) {
    this.wanted = wanted;
    this.emit = emit;
    this.asserted = asserted;
  }
  wanted;
  emit;
  asserted;
  phase = "seeking";
  suiteDepth = 0;
  lastText = "";
  /** The first suite's property names and the last value of each (readers take the last). */
  existing = /* @__PURE__ */ new Map();
  propertyIndent = "";
  rootName = "";
  /** Names of the first suite's properties that were not known when the metadata was placed. */
  conflicts = [];
  placed = /* @__PURE__ */ new Set();
  /** Names of the properties placed, once placed. */
  get added() {
    return [...this.placed];
  }
  /** Remembers the whitespace before the next element, to indent what is added like its neighbours. */
  text(raw) {
    if (this.phase !== "first-child" && this.phase !== "in-properties") return;
    const s = raw.length <= 256 ? raw.toString("utf8") : NOT_INDENTATION;
    this.lastText = isBlank(s) ? this.lastText + s : NOT_INDENTATION;
  }
  /** Before the canonicalizer sees the start tag. */
  beforeStart(tag) {
    if (tag.depth === 1) this.rootName = tag.qname;
    if (this.phase === "seeking" && this.isFirstSuite(tag)) {
      this.suiteDepth = tag.depth;
      this.phase = "first-child";
      this.lastText = "";
      return;
    }
    if (this.phase === "first-child" && tag.depth === this.suiteDepth + 1) {
      if (isNamed(tag, "properties")) {
        this.phase = "in-properties";
        this.lastText = "";
        return;
      }
      const indent = isBlank(this.lastText) ? this.lastText : "";
      this.place(tag.start, 0, (props) => join(propertiesElement(props, indent), whitespace(indent)));
      return;
    }
    if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 2 && isNamed(tag, "property")) {
      const name = tag.attributes.find((a) => a.qname === "name")?.value;
      const value = tag.attributes.find((a) => a.qname === "value")?.value ?? "";
      if (name !== void 0) this.existing.set(name, value);
      this.propertyIndent = isBlank(this.lastText) ? this.lastText : "";
    }
    if (this.phase === "done" && tag.depth === this.suiteDepth + 2 && isNamed(tag, "property")) {
      const name = tag.attributes.find((a) => a.qname === "name")?.value;
      if (name !== void 0 && this.placed.has(name)) this.conflicts.push(name);
    }
    this.lastText = "";
  }
  /** After the canonicalizer saw the start tag: self-closing elements that must receive content. */
  afterStart(tag) {
    if (!tag.selfClosing) return;
    const root = tag.depth === 1;
    let content;
    if (this.phase === "first-child" && tag.depth === this.suiteDepth)
      content = (props) => propertiesElement(props, "");
    else if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 1)
      content = (props) => propertyList(props, "");
    else if (this.phase === "seeking" && root) content = emptySuite;
    if (!content) return;
    const close = root ? EMPTY : closing(tag.qname);
    const fill = content;
    this.place(tag.end - 2, 2, (props) => join(OPEN_END, props.length ? fill(props) : EMPTY, close), root);
  }
  /** Before the canonicalizer sees the end tag. */
  beforeEnd(tag) {
    if (tag.start === tag.end) return;
    if (this.phase === "first-child" && tag.depth === this.suiteDepth) {
      this.place(tag.start, 0, (props) => propertiesElement(props, ""));
    } else if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 1) {
      this.place(tag.start, 0, (props) => this.appendedProperties(props));
    } else if (this.phase === "seeking" && tag.depth === 1) {
      this.place(tag.start, 0, emptySuite);
    }
    this.lastText = "";
  }
  /** Properties added at the end of an existing <properties>, indented like the ones there. */
  appendedProperties(props) {
    const close = isBlank(this.lastText) ? this.lastText : "";
    const indent = this.propertyIndent;
    if (indent === "" || close === "" || !indent.startsWith(close)) return propertyList(props, "");
    const [first, ...rest] = props;
    return join(
      whitespace(indent.slice(close.length)),
      property(first),
      propertyList(rest, indent),
      whitespace(close)
    );
  }
  isFirstSuite(tag) {
    if (!isNamed(tag, "testsuite")) return false;
    return tag.depth === 1 || tag.depth === 2 && this.rootName === "testsuites";
  }
  place(offset, remove, build, always = false) {
    const props = this.wanted.filter(
      (p) => !this.existing.has(p.name) || this.asserted.has(p.name) && this.existing.get(p.name) !== p.value
    );
    this.placed = new Set(props.map((p) => p.name));
    this.phase = "done";
    if (props.length === 0 && !always) return;
    const f = build(props);
    this.emit({ offset, remove, raw: f.raw, canonical: f.canonical });
  }
};
function isNamed(tag, local) {
  return tag.ns === "" && tag.local === local;
}
function closing(qname) {
  return { raw: `</${qname}>`, canonical: "" };
}
var EMPTY = { raw: "", canonical: "" };
var OPEN_END = { raw: ">", canonical: "" };
function emptySuite(props) {
  return element("testsuite", propertiesElement(props, ""), [
    ["name", "jux-metadata"],
    ["tests", "0"]
  ]);
}

// src/core/report/splice-writer.ts
var SpliceWriter = class {
  constructor(out) {
    this.out = out;
  }
  out;
  edits = [];
  position = 0;
  skip = 0;
  insert(offset, bytes) {
    this.edit(offset, 0, bytes);
  }
  replace(offset, remove, bytes) {
    this.edit(offset, remove, bytes);
  }
  /** Drops the input from `offset` on, until `resume`. */
  cut(offset) {
    this.edit(offset, Infinity, Buffer.alloc(0));
  }
  /** Ends a cut: input from `offset` on is copied again. */
  resume(offset) {
    const open3 = [...this.edits].reverse().find((e) => e.remove === Infinity);
    if (open3) {
      open3.remove = offset - open3.offset;
      return;
    }
    if (this.skip !== Infinity) throw new Error("resume() without cut()");
    this.skip = offset - this.position;
  }
  /** The next input bytes, in order. */
  push(chunk) {
    let from = 0;
    while (from < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - from);
        this.skip -= n;
        from += n;
        this.position += n;
        continue;
      }
      const next = this.edits[0];
      const until = next ? Math.min(chunk.length, from + (next.offset - this.position)) : chunk.length;
      if (until > from) {
        this.out(chunk.subarray(from, until));
        this.position += until - from;
        from = until;
      }
      if (next && next.offset === this.position) this.apply();
    }
    while (this.skip === 0 && this.edits[0]?.offset === this.position) this.apply();
  }
  /** Applies the edits at the very end of the input. */
  end() {
    while (this.edits.length > 0) {
      const next = this.edits[0];
      if (next.offset !== this.position || next.remove > 0) {
        throw new Error(`edit at offset ${next.offset} lies outside the document (${this.position} bytes)`);
      }
      this.apply();
    }
  }
  edit(offset, remove, bytes) {
    const last = this.edits[this.edits.length - 1];
    if (offset < this.position || last && offset < last.offset) {
      throw new Error(
        `edit at offset ${offset} comes too late (already at ${Math.max(this.position, last?.offset ?? 0)})`
      );
    }
    this.edits.push({
      offset,
      remove,
      bytes: typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes
    });
  }
  apply() {
    const edit = this.edits.shift();
    if (edit.bytes.length > 0) this.out(edit.bytes);
    this.skip = edit.remove;
  }
};

// src/core/report/sign-report.ts
var SignError = class extends Error {
  name = "SignError";
};
var SigningPass = class {
  constructor(options, writer) {
    this.options = options;
    this.writer = writer;
    this.summarizer = new Summarizer(options.source);
    const methods = [C14N11, c14nUri(options.c14n ?? DEFAULT_C14N)];
    this.c14n = new Canonicalizer(methods[1] === C14N11 ? [C14N11] : methods, (0, import_node_crypto.createHash)("sha256"));
    this.placer = new PropertyPlacer(
      options.properties,
      (s) => {
        writer.replace(s.offset, s.remove, s.raw);
        this.c14n.insertCanonical(Buffer.from(s.canonical, "utf8"));
      },
      options.asserted
    );
  }
  options;
  writer;
  summarizer;
  placer;
  c14n;
  context = { namespaces: [], xmlAttributes: [] };
  skipping = 0;
  resigned = false;
  hash = "";
  startElement(tag) {
    if (this.skipping > 0) {
      this.skipping++;
      if (isSignature(tag)) this.fail("a ds:Signature inside another ds:Signature");
      return;
    }
    if (isSignature(tag)) return this.dropOldSignature(tag);
    if (tag.depth === 1) {
      this.context = {
        namespaces: tag.namespaces,
        xmlAttributes: tag.attributes.filter((a) => a.prefix === "xml")
      };
    }
    this.summarizer.startElement(tag);
    this.options.also?.startElement(tag);
    this.placer.beforeStart(tag);
    this.c14n.startElement(tag);
    this.placer.afterStart(tag);
  }
  endElement(tag) {
    if (this.skipping > 0) {
      if (--this.skipping === 0) this.writer.resume(tag.end);
      return;
    }
    this.summarizer.endElement(tag);
    this.options.also?.endElement(tag);
    this.placer.beforeEnd(tag);
    this.c14n.endElement(tag);
    if (tag.depth === 1) this.appendSignature(tag);
  }
  text(raw, cdata, marks) {
    if (this.skipping > 0) return;
    this.options.also?.text(raw, cdata);
    this.placer.text(raw);
    this.c14n.text(raw, cdata, marks);
  }
  dropOldSignature(tag) {
    if (tag.depth !== 2) this.fail("it contains a ds:Signature that is not a child of the document element");
    if (this.resigned) this.fail("it contains more than one ds:Signature");
    this.resigned = true;
    this.writer.cut(tag.start);
    if (tag.selfClosing) this.writer.resume(tag.end);
    else this.skipping = 1;
  }
  appendSignature(end) {
    const sinks = this.c14n.sinks();
    const canonical = sinks[0].digest();
    const digest = sinks.length > 1 && sinks[1] !== sinks[0] ? sinks[1].digest() : canonical;
    this.hash = canonical.toString("hex");
    const { key } = this.options;
    const method = c14nUri(this.options.c14n ?? DEFAULT_C14N);
    const algorithm = signatureAlgorithmFor(key);
    const signedInfo = signedInfoXml(method, algorithm, digest);
    const parsed = parseSignature(`<ds:Signature xmlns:ds="${DSIG_NS}">${signedInfo}</ds:Signature>`);
    const signedBytes = canonicalSubtree(
      findChild(parsed, "SignedInfo"),
      method,
      signedInfoContext(this.context, parsed)
    );
    const signature = signatureXml(signedInfo, signBytes(signedBytes, key, algorithm), keyInfoXml(key));
    const selfClosedRoot = end.start === end.end;
    this.writer.insert(end.start, selfClosedRoot ? `${signature}</${end.qname}>` : signature);
  }
  fail(reason) {
    throw new XmlError("forbidden-construct", this.options.source, 0, 0, `cannot sign: ${reason}`);
  }
};
async function* withBackpressure(input, output) {
  for await (const chunk of input) {
    yield chunk;
    await drained(output);
  }
}
async function signPass(options, output) {
  let written = 0;
  const writer = new SpliceWriter((bytes) => {
    written += bytes.length;
    output.write(bytes);
  });
  const pass = new SigningPass(options, writer);
  const input = withBackpressure(options.open(), output);
  await readXml(input, pass, {
    source: options.source,
    limits: options.limits,
    onRaw: (b) => writer.push(b),
    ...options.reread ? { reread: options.reread } : {}
  });
  writer.end();
  return { pass, written };
}
async function signReport(options) {
  const { pass, written } = await signPass(options, options.output);
  if (pass.placer.conflicts.length > 0) {
    throw new SignError(
      `${options.source}: the first testsuite has a second <properties> element defining ${pass.placer.conflicts.join(", ")}; merge its properties into the first <properties> element, or sign with --no-metadata`
    );
  }
  return {
    summary: pass.summarizer.summary(),
    canonicalHash: pass.hash,
    added: pass.placer.added,
    resigned: pass.resigned,
    bytesWritten: written
  };
}

// src/core/report/sign-file.ts
function digesting(out, digest) {
  const through = new import_node_stream.Writable({
    highWaterMark: out.writableHighWaterMark,
    write(chunk, _encoding, done) {
      digest.update(chunk);
      if (out.write(chunk)) done();
      else out.once("drain", () => done());
    }
  });
  out.once("error", (e) => through.destroy(e));
  through.on("error", () => void 0);
  return through;
}
async function signFile(options) {
  await (0, import_promises.mkdir)((0, import_node_path2.dirname)(options.output), { recursive: true, mode: 448 });
  const open3 = () => fileChunks(options.input, options.source);
  const reread = () => fileChunksAgain(options.input, options.source);
  const produce = async (out) => {
    const digest = (0, import_node_crypto2.createHash)("sha256");
    const through = digesting(out, digest);
    const result = await signReport({
      source: options.source,
      open: open3,
      reread,
      output: through,
      key: options.key,
      properties: options.properties,
      ...options.asserted ? { asserted: options.asserted } : {},
      ...options.c14n ? { c14n: options.c14n } : {},
      ...options.limits ? { limits: options.limits } : {},
      ...options.also ? { also: options.also } : {}
    });
    through.end();
    await (0, import_promises2.finished)(through);
    return { ...result, sha256: digest.digest("hex") };
  };
  return writeStreamAtomic(options.output, produce, 420, options.durable ?? true);
}

// src/action/files.ts
var import_promises3 = __toESM(require_promises(), 1);
var import_node_path3 = __toESM(require_path(), 1);
function anchored(pattern, workspace) {
  const negated = pattern.startsWith("!");
  const body = negated ? pattern.slice(1) : pattern;
  const full = (0, import_node_path3.isAbsolute)(body) ? body : (0, import_node_path3.join)(workspace, body);
  return negated ? `!${full}` : full;
}
function inside(root, path) {
  const rel = (0, import_node_path3.relative)(root, path);
  return rel !== "" && !rel.startsWith(`..${import_node_path3.sep}`) && rel !== ".." && !(0, import_node_path3.isAbsolute)(rel);
}
async function findReports(patterns, workspace) {
  const root = await (0, import_promises3.realpath)(workspace);
  const globber = await create(patterns.map((p) => anchored(p.trim(), root)).join("\n"), {
    followSymbolicLinks: false,
    matchDirectories: false
  });
  const seen = /* @__PURE__ */ new Set();
  const files = [];
  const skipped = [];
  for (const match of await globber.glob()) {
    const name = (0, import_node_path3.relative)(root, match).split(import_node_path3.sep).join("/");
    const real = await (0, import_promises3.realpath)(match).catch(() => void 0);
    if (real === void 0) {
      skipped.push({ name, reason: "a symbolic link to nothing; not read" });
      continue;
    }
    if (!inside(root, real)) {
      skipped.push({ name, reason: "it resolves outside the workspace (symbolic link); not read" });
      continue;
    }
    if (!(await (0, import_promises3.stat)(real)).isFile() || seen.has(real)) continue;
    seen.add(real);
    files.push({ path: real, name });
  }
  files.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { files, skipped };
}

// src/action/fork/from-run.ts
var import_promises6 = __toESM(require_promises(), 1);
var import_node_path4 = __toESM(require_path(), 1);

// src/action/fork/github-rest.ts
var FromRunError = class extends Error {
  name = "FromRunError";
  code = "FROM_RUN";
};
function restOf(env, token, timeoutMs = REST_TIMEOUT_MS) {
  const repository = env.GITHUB_REPOSITORY ?? "";
  if (!REPOSITORY.test(repository))
    throw new FromRunError(
      `from_run: GITHUB_REPOSITORY is ${repository ? `"${repository}", not owner/name` : "not set"} (not a GitHub Actions job?)`
    );
  if (!token)
    throw new FromRunError(
      "from_run: github_token is empty: the run's artifacts are read through the REST API (give the job `actions: read` and leave github_token at its default)"
    );
  return { api: apiUrlOf(env), repository, token, timeoutMs };
}

// src/action/fork/download.ts
var MAX_PAGES = 10;
async function listArtifacts(rest, runId) {
  const artifacts = [];
  const unusable = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await getJson(rest, `actions/runs/${runId}/artifacts?per_page=100&page=${page}`);
    if (!answer.ok)
      throw new FromRunError(
        `from_run: the artifacts of run ${runId} could not be listed (${answer.problem}): give the job \`actions: read\``
      );
    const list2 = record(answer.body)?.artifacts;
    if (!Array.isArray(list2))
      throw new FromRunError(`from_run: the artifacts of run ${runId}: the REST API's answer has no list`);
    for (const item of list2) {
      const a = artifactOf(item);
      if (typeof a === "string") unusable.push(a);
      else artifacts.push(a);
    }
    if (list2.length < 100) break;
  }
  return { artifacts, unusable };
}
function selectArtifacts(artifacts, patterns) {
  const take = patterns.filter((p) => !p.startsWith("!")).map((p) => globRegExp(p));
  const leave = patterns.filter((p) => p.startsWith("!")).map((p) => globRegExp(p.slice(1)));
  return artifacts.filter((a) => take.some((r) => r.test(a.name)) && !leave.some((r) => r.test(a.name)));
}

// src/action/fork/event.ts
var import_node_fs2 = __toESM(require_fs(), 1);
var import_promises5 = __toESM(require_promises(), 1);

// src/action/insight/baseline-event.ts
var import_node_fs = __toESM(require_fs(), 1);
var import_promises4 = __toESM(require_promises(), 1);
var MAX_EVENT_BYTES = 25 * 1024 ** 2;
var record2 = (v) => typeof v === "object" && v !== null && !Array.isArray(v) ? v : void 0;
function branchName(v) {
  return typeof v === "string" && v !== "" && v.length <= 255 && !CONTROL_CHARACTERS.test(v) ? v : void 0;
}
var repoName = (v) => typeof v === "string" && REPOSITORY.test(v) ? v : void 0;
function eventFacts(payload) {
  const event = record2(payload);
  const facts = {};
  const defaultBranch = branchName(record2(event?.repository)?.default_branch);
  if (defaultBranch) facts.defaultBranch = defaultBranch;
  const pull = record2(event?.pull_request);
  const n = pull?.number;
  if (typeof n === "number" && Number.isSafeInteger(n) && n > 0) facts.pullNumber = n;
  if (pull) {
    const head = record2(pull.head);
    const headRepo = head?.repo === null ? null : repoName(record2(head?.repo)?.full_name);
    if (headRepo !== void 0) facts.headRepo = headRepo;
    const baseRepo = repoName(record2(record2(pull.base)?.repo)?.full_name);
    if (baseRepo) facts.baseRepo = baseRepo;
  }
  return facts;
}
async function readEvent(env) {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return { problem: "GITHUB_EVENT_PATH is not set (not a GitHub Actions job?)" };
  let text3;
  try {
    const handle = await (0, import_promises4.open)(path, import_node_fs.constants.O_RDONLY | import_node_fs.constants.O_NOFOLLOW);
    try {
      const { size } = await handle.stat();
      if (size > MAX_EVENT_BYTES)
        return { problem: `the event payload is ${size} bytes, over the ${MAX_EVENT_BYTES}-byte limit` };
      text3 = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (e) {
    return {
      problem: `the event payload could not be read (${e.code ?? "error"})`
    };
  }
  try {
    return eventFacts(JSON.parse(text3));
  } catch {
    return { problem: "the event payload is not JSON" };
  }
}
var PULL_REQUEST_EVENTS = /* @__PURE__ */ new Set(["pull_request", "pull_request_target"]);
function isPullRequestEvent(env) {
  return PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? "");
}
var BASELINE_EVENTS = ["push", "schedule", "workflow_dispatch"];
function keepsBaseline(env) {
  return BASELINE_EVENTS.includes(env.GITHUB_EVENT_NAME ?? "");
}
function workflowOf(env) {
  const ref = env.GITHUB_WORKFLOW_REF ?? "";
  const path = /^[^/@]+\/[^/@]+\/([^@]+)@/.exec(ref)?.[1];
  if (path && !CONTROL_CHARACTERS.test(path)) return path;
  return env.GITHUB_WORKFLOW ?? "";
}
async function baseBranch(env) {
  if (isPullRequestEvent(env)) {
    const branch = branchName(env.GITHUB_BASE_REF);
    return branch ? { branch } : {
      problem: `no base branch to compare with: GITHUB_BASE_REF is not set for this ${env.GITHUB_EVENT_NAME} event`
    };
  }
  const facts = await readEvent(env);
  if ("problem" in facts) return { problem: `no default branch to compare with: ${facts.problem}` };
  return facts.defaultBranch ? { branch: facts.defaultBranch } : { problem: "no default branch to compare with: the event payload has no repository.default_branch" };
}
function ownBranch(env) {
  const ref = env.GITHUB_REF ?? "";
  return ref.startsWith("refs/heads/") ? branchName(ref.slice("refs/heads/".length)) : void 0;
}

// src/action/fork/event.ts
var SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
var EVENT = /^[a-z_]{1,64}$/;
var LOGIN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}(?:\[bot\])?$/;
var text = (v, max = 255) => typeof v === "string" && v !== "" && v.length <= max && !CONTROL_CHARACTERS.test(v) ? v : void 0;
function originRunOf(run, repository, source) {
  const r = record(run);
  const bad = (field, why) => new FromRunError(
    `from_run: the ${source}'s run has ${why} ${field}; the run cannot be attributed, nothing is signed`
  );
  if (!r) throw bad("run object", "no");
  const id = positive(r.id);
  if (id === void 0) throw bad("id", "no valid");
  const repo = text(record(r.repository)?.full_name);
  if (!sameRepository(repo, repository))
    throw new FromRunError(
      `from_run: run ${id} belongs to ${repo ?? "an unknown repository"}, not to ${repository}: only a run of this repository can be taken`
    );
  const headSha = typeof r.head_sha === "string" && SHA.test(r.head_sha) ? r.head_sha : void 0;
  if (!headSha) throw bad("head_sha", "no valid");
  const headBranch = branchName(r.head_branch);
  if (!headBranch) throw bad("head_branch", "no valid");
  const event = typeof r.event === "string" && EVENT.test(r.event) ? r.event : void 0;
  if (!event) throw bad("event", "no valid");
  const head = record(r.head_repository)?.full_name;
  const headRepository = typeof head === "string" && REPOSITORY.test(head) ? head : null;
  const attempt = r.run_attempt === void 0 ? 1 : positive(r.run_attempt);
  if (attempt === void 0) throw bad("run_attempt", "no valid");
  const runNumber = positive(r.run_number);
  const workflow = text(r.name);
  const login = record(r.triggering_actor)?.login ?? record(r.actor)?.login;
  const actor = typeof login === "string" && LOGIN.test(login) ? login : void 0;
  return {
    id,
    attempt,
    ...runNumber !== void 0 ? { runNumber } : {},
    headSha,
    headBranch,
    headRepository,
    event,
    ...workflow ? { workflow } : {},
    ...actor ? { actor } : {},
    source
  };
}
async function readPayload(path) {
  let raw;
  try {
    const handle = await (0, import_promises5.open)(path, import_node_fs2.constants.O_RDONLY | import_node_fs2.constants.O_NOFOLLOW);
    try {
      const { size } = await handle.stat();
      if (size > MAX_EVENT_BYTES)
        throw new FromRunError(`from_run: the event payload is ${size} bytes, over ${MAX_EVENT_BYTES}`);
      raw = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof FromRunError) throw e;
    throw new FromRunError(
      `from_run: the workflow_run event payload (GITHUB_EVENT_PATH) could not be read (${e.code ?? "error"})`
    );
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new FromRunError("from_run: the workflow_run event payload (GITHUB_EVENT_PATH) is not JSON");
  }
}
async function readOriginRun(env, fromRun, rest) {
  if (env.GITHUB_EVENT_NAME === "workflow_run") {
    if (!env.GITHUB_EVENT_PATH)
      throw new FromRunError("from_run: GITHUB_EVENT_PATH is not set in a workflow_run event");
    const run = record(await readPayload(env.GITHUB_EVENT_PATH))?.workflow_run;
    const id = record(run)?.id;
    if (id !== fromRun)
      throw new FromRunError(
        `from_run is ${fromRun} but this workflow_run event is for run ${typeof id === "number" ? id : "(none)"}: set from_run: \${{ github.event.workflow_run.id }}`
      );
    return originRunOf(run, rest.repository, "workflow_run event");
  }
  const answer = await getJson(rest, `actions/runs/${fromRun}`);
  if (!answer.ok)
    throw new FromRunError(
      answer.status === 404 ? `from_run: run ${fromRun} was not found in ${rest.repository} (HTTP 404): check the run id, and give the job \`actions: read\`` : `from_run: run ${fromRun} could not be read through the REST API (${answer.problem}): give the job \`actions: read\`, or re-run the job`
    );
  return originRunOf(answer.body, rest.repository, "REST API");
}

// src/action/fork/pull.ts
var PULL_REQUEST_EVENTS2 = /* @__PURE__ */ new Set(["pull_request", "pull_request_target"]);
function candidateOf(v, run, repository) {
  const p = record(v);
  const number = positive(p?.number);
  const head = record(p?.head);
  const base = record(p?.base);
  if (number === void 0 || head?.sha !== run.headSha) return void 0;
  if (!sameRepository(record(base?.repo)?.full_name, repository)) return void 0;
  const headRepo = record(head.repo)?.full_name;
  if (run.headRepository === null ? headRepo !== void 0 : !sameRepository(headRepo, run.headRepository))
    return void 0;
  const baseRef = branchName(base?.ref);
  return { number, open: p?.state === "open", ...baseRef ? { baseRef } : {} };
}
function choosePull(candidates) {
  const unique = [...new Map(candidates.map((c) => [c.number, c])).values()];
  if (unique.length === 0) return void 0;
  const open3 = unique.filter((c) => c.open);
  const pick = unique.length === 1 ? unique[0] : open3.length === 1 ? open3[0] : void 0;
  if (pick) return { number: pick.number, ...pick.baseRef ? { baseRef: pick.baseRef } : {} };
  return {
    none: `${unique.length} pull requests have the head commit (${unique.map((c) => `#${c.number}`).join(", ")}): none is named`
  };
}
async function listed(rest, path) {
  const answer = await getJson(rest, path);
  if (!answer.ok) return answer.problem;
  return Array.isArray(answer.body) ? answer.body : "an answer that is not a list";
}
async function findPull(rest, run) {
  const problems = [];
  const byCommit = await listed(rest, `commits/${run.headSha}/pulls?per_page=100`);
  if (typeof byCommit === "string") problems.push(`the commit's pull requests: ${byCommit}`);
  else {
    const found = choosePull(byCommit.flatMap((p) => candidateOf(p, run, rest.repository) ?? []));
    if (found) return found;
  }
  if (run.headRepository !== null) {
    const owner = run.headRepository.split("/")[0];
    const query2 = new URLSearchParams({ state: "open", head: `${owner}:${run.headBranch}`, per_page: "100" });
    const byHead = await listed(rest, `pulls?${query2.toString()}`);
    if (typeof byHead === "string") problems.push(`the open pull requests: ${byHead}`);
    else {
      const found = choosePull(byHead.flatMap((p) => candidateOf(p, run, rest.repository) ?? []));
      if (found) return found;
    }
  }
  const why = problems.length ? `the REST API could not be asked (${problems.join("; ")}; github_token needs \`contents: read\` and \`pull-requests: read\`)` : `no pull request of ${rest.repository} has the head commit ${run.headSha.slice(0, 12)}`;
  return { none: why };
}

// src/action/fork/metadata.ts
var ORIGIN_PROPERTY = "jux:origin";
var PULL_PROPERTY = "ci:pull_request";
var DELETED_FORK = "deleted";
function isFork(run, repository) {
  return run.headRepository === null || !sameRepository(run.headRepository, repository);
}
var RUN_VARIABLES = [
  "GITHUB_SHA",
  "GITHUB_REF",
  "GITHUB_REF_NAME",
  "GITHUB_HEAD_REF",
  "GITHUB_BASE_REF",
  "GITHUB_RUN_ID",
  "GITHUB_RUN_ATTEMPT",
  "GITHUB_RUN_NUMBER",
  "GITHUB_EVENT_NAME",
  "GITHUB_WORKFLOW",
  "GITHUB_ACTOR"
];
function originEnv(env, run, pull) {
  const out = { ...env };
  for (const name of RUN_VARIABLES) delete out[name];
  const number = pull && "number" in pull ? pull.number : void 0;
  const set = (name, value) => {
    if (value !== void 0) out[name] = String(value);
  };
  set("GITHUB_SHA", run.headSha);
  if (PULL_REQUEST_EVENTS2.has(run.event)) {
    const fork = run.headRepository?.toLowerCase() !== env.GITHUB_REPOSITORY?.toLowerCase();
    const branchRef = fork ? void 0 : `refs/heads/${run.headBranch}`;
    set("GITHUB_HEAD_REF", run.headBranch);
    set("GITHUB_REF", number !== void 0 ? `refs/pull/${number}/merge` : branchRef);
    set("GITHUB_REF_NAME", number !== void 0 ? `${number}/merge` : fork ? void 0 : run.headBranch);
    set("GITHUB_BASE_REF", pull && "number" in pull ? pull.baseRef : void 0);
  } else {
    set("GITHUB_REF", `refs/heads/${run.headBranch}`);
    set("GITHUB_REF_NAME", run.headBranch);
  }
  set("GITHUB_RUN_ID", run.id);
  set("GITHUB_RUN_ATTEMPT", run.attempt);
  set("GITHUB_RUN_NUMBER", run.runNumber);
  set("GITHUB_EVENT_NAME", run.event);
  set("GITHUB_WORKFLOW", run.workflow);
  set("GITHUB_ACTOR", run.actor);
  return out;
}
function originProperties(run, repository, pull) {
  const fork = isFork(run, repository);
  const props = [
    {
      name: ORIGIN_PROPERTY,
      value: fork ? `fork:${run.headRepository ?? DELETED_FORK}` : `run:${run.id}`
    }
  ];
  if (pull && "number" in pull) props.push({ name: PULL_PROPERTY, value: String(pull.number) });
  else if (fork || PULL_REQUEST_EVENTS2.has(run.event)) props.push({ name: PULL_PROPERTY, value: "unknown" });
  return props;
}

// src/action/fork/from-run.ts
var FROM_RUN_LIMITS = {
  artifacts: 100,
  /** Bytes of one artifact's zip. */
  zipBytes: 200 * 1024 ** 2,
  /** Uncompressed bytes of all the reports taken. */
  totalBytes: 1024 ** 3,
  /** Entries of one zip, and reports of all the artifacts together. */
  files: 1e4,
  /** Bytes of one report: what the strict reader reads at most. */
  fileBytes: DEFAULT_LIMITS.maxBytes,
  /** Refused artifacts after which the run's others are not downloaded (a fork can upload up to 500). */
  refusals: 5
};
async function takeArtifact(rest, a, dir, limits, left) {
  const what = `artifact ${a.name}`;
  if (a.expired) throw new Error(`${what} has expired: it can no longer be downloaded`);
  if (a.size > limits.zipBytes)
    throw new Error(`${what} is ${a.size} bytes, over the ${limits.zipBytes}-byte limit of one artifact`);
  const zip = (0, import_node_path4.join)(dir, `${a.id}.zip`);
  const root = (0, import_node_path4.join)(dir, String(a.id));
  try {
    await downloadZip(rest, a, zip, limits.zipBytes);
    await (0, import_promises6.mkdir)(root, { mode: 448 });
    const out = await extractReports(
      zip,
      root,
      { maxEntries: limits.files, maxFileBytes: limits.fileBytes, maxTotalBytes: left.bytes },
      what
    );
    if (out.files.length > left.files)
      throw new Error(`${what} passes the limit of ${limits.files} reports in all, nothing of it signed`);
    left.bytes -= out.bytes;
    left.files -= out.files.length;
    return {
      files: out.files.map((f) => ({ path: f.path, name: `${a.name}/${f.name}` })),
      ignored: out.ignored.map((n) => `${a.name}/${n}`)
    };
  } catch (e) {
    await (0, import_promises6.rm)(root, { recursive: true, force: true });
    throw e;
  } finally {
    await (0, import_promises6.rm)(zip, { force: true });
  }
}
async function reportsFromRun(env, o) {
  const limits = o.limits ?? FROM_RUN_LIMITS;
  const rest = restOf(env, o.token);
  const run = await readOriginRun(env, o.runId, rest);
  const pull = PULL_REQUEST_EVENTS2.has(run.event) ? await findPull(rest, run) : void 0;
  const { artifacts, unusable } = await listArtifacts(rest, run.id);
  const chosen = selectArtifacts(artifacts, o.patterns);
  const dir = await (0, import_promises6.mkdtemp)((0, import_node_path4.join)(o.tempRoot, "from-run-"));
  const taken = {
    run,
    ...pull ? { pull } : {},
    env: originEnv(env, run, pull),
    properties: originProperties(run, rest.repository, pull),
    files: [],
    refused: unusable.map((reason) => ({ name: `run ${run.id}`, reason })),
    ignored: [],
    taken: [],
    others: artifacts.filter((a) => !chosen.includes(a)).map((a) => a.name),
    dispose: () => (0, import_promises6.rm)(dir, { recursive: true, force: true })
  };
  const left = { bytes: limits.totalBytes, files: limits.files };
  let refusals = 0;
  for (const [i, a] of chosen.entries()) {
    const skip = i >= limits.artifacts ? `over the limit of ${limits.artifacts} artifacts: not read (name fewer with from_artifact)` : refusals >= limits.refusals ? `not read: ${limits.refusals} artifacts of this run were refused already` : void 0;
    if (skip) {
      taken.refused.push({ name: `artifact ${a.name}`, reason: skip });
      continue;
    }
    try {
      const got = await takeArtifact(rest, a, dir, limits, left);
      taken.files.push(...got.files);
      taken.ignored.push(...got.ignored);
      taken.taken.push(a.name);
    } catch (e) {
      refusals++;
      left.bytes = Math.max(0, left.bytes - a.size);
      taken.refused.push({ name: `artifact ${a.name}`, reason: errorMessage(e) });
    }
  }
  taken.files.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return taken;
}

// src/action/fork/summary.ts
var SHOWN = 20;
function list(names2, show) {
  const shown = names2.slice(0, SHOWN).map(show).join(", ");
  return names2.length > SHOWN ? `${shown} and ${names2.length - SHOWN} more` : shown;
}
function originFacts(t, repository, show) {
  const r = t.run;
  const from = isFork(r, repository) ? `a fork, ${show(r.headRepository ?? "(deleted)")}` : `this repository`;
  const lines = [
    `run ${r.id} (attempt ${r.attempt}, event ${show(r.event)}${r.workflow ? `, workflow ${show(r.workflow)}` : ""}), as the ${r.source} describes it`,
    `code from ${from}: branch ${show(r.headBranch)}, commit ${r.headSha}`
  ];
  if (t.pull && "number" in t.pull)
    lines.push(`pull request ${show(`#${t.pull.number}`)}, found by its head commit`);
  else if (t.pull) lines.push(`no pull request number: ${show(t.pull.none)}`);
  lines.push(t.taken.length ? `artifacts read: ${list(t.taken, show)}` : "no artifact of the run was read");
  for (const r2 of t.refused)
    lines.push(`refused: ${show(r2.reason.startsWith(r2.name) ? r2.reason : `${r2.name}: ${r2.reason}`)}`);
  if (t.others.length)
    lines.push(`other artifacts of the run (not named by from_artifact): ${list(t.others, show)}`);
  if (t.ignored.length)
    lines.push(`${t.ignored.length} file(s) not ending in .xml left out: ${list(t.ignored, show)}`);
  return lines;
}
async function tellOrigin(t, repository, summary2) {
  for (const line of originFacts(t, repository, (s) => s)) info(printable(`jux: from_run: ${line}`));
  if (!summary2) return;
  const items = originFacts(t, repository, cell).map((l) => `- ${l}`);
  try {
    await summary.addRaw(`### Jux: the reports of run ${t.run.id}

${items.join("\n")}

`).write();
  } catch (e) {
    warning(`jux: the job summary could not be written: ${errorMessage(e)}`);
  }
}

// src/core/junit/run-identity.ts
function githubRunKey(repository, runId, attempt) {
  return `github:${repository}:${runId}:${attempt || "1"}`;
}

// src/core/publish/baseline.ts
var MAX_BASELINE_BYTES = 16 * 1024 ** 2;
var MAX_BASELINE_RUNS = 1e4;
var MAX_SAID = 500;
var TRANSIENT_STATUS = /* @__PURE__ */ new Set([429, 500, 502, 503, 504]);
function baselineUrl(apiUrl, q) {
  let url;
  try {
    url = new URL(`${apiUrl.replace(/\/+$/, "")}/baseline`);
  } catch {
    return void 0;
  }
  url.searchParams.set("project", q.project);
  url.searchParams.set("branch", q.branch);
  if (q.job) url.searchParams.set("job", q.job);
  return url;
}
var firstLineOf = (v) => typeof v === "string" ? v.split(/[\r\n\u2028\u2029]/).find((l) => l.trim() !== "")?.trim().slice(0, MAX_SAID) : void 0;
function suggestionOf(body) {
  const list2 = body ? own(body, "suggestions") : void 0;
  const first = Array.isArray(list2) ? firstLineOf(list2[0]) : void 0;
  return first === "" ? void 0 : first;
}
function saidOf(body) {
  if (!body) return void 0;
  const details = own(body, "details");
  const words = [
    firstLineOf(own(body, "error")),
    firstLineOf(isRecord(details) ? own(details, "message") : own(body, "message"))
  ].filter((w) => w !== void 0 && w !== "");
  return words.length > 0 ? words.join(": ") : void 0;
}
var Malformed = class extends Error {
};
function text2(o, key, at, nullable = false) {
  const v = own(o, key);
  if (nullable && (v === null || v === void 0)) return null;
  if (typeof v !== "string") throw new Malformed(`${at}${key} is ${typeOf(v)}, not a string`);
  if (v.length > MAX_NAME_CHARS)
    throw new Malformed(`${at}${key} is longer than ${MAX_NAME_CHARS} characters`);
  return v;
}
function runOf(v, at) {
  if (!isRecord(v)) throw new Malformed(`${at} is ${typeOf(v)}, not an object`);
  return {
    id: text2(v, "id", `${at}.`),
    branch: text2(v, "branch", `${at}.`, true),
    commit_sha: text2(v, "commit_sha", `${at}.`, true),
    inserted_at: text2(v, "inserted_at", `${at}.`)
  };
}
function foundOf(body) {
  const truncated = own(body, "truncated");
  if (typeof truncated !== "boolean") throw new Malformed(`truncated is ${typeOf(truncated)}, not a boolean`);
  const runs = own(body, "test_runs");
  if (!Array.isArray(runs)) throw new Malformed(`test_runs is ${typeOf(runs)}, not an array`);
  if (runs.length > MAX_BASELINE_RUNS)
    throw new Malformed(`test_runs has ${runs.length} entries, more than ${MAX_BASELINE_RUNS}`);
  const list2 = own(body, "tests");
  if (!Array.isArray(list2)) throw new Malformed(`tests is ${typeOf(list2)}, not an array`);
  const workflowRun2 = text2(body, "workflow_run", "", true);
  const checked = checkTests(list2, API_TEST_KEYS, "tests", { requireDuration: true });
  if (checked.problem !== void 0) throw new Malformed(checked.problem);
  return {
    kind: "found",
    workflowRun: workflowRun2,
    runs: runs.map((r, i) => runOf(r, `test_runs[${i}]`)),
    tests: checked.tests,
    truncated,
    cut: checked.cut
  };
}
function classify(answer, q, attempts) {
  const unavailable = (why, reason, extra = {}) => ({ kind: "unavailable", why, reason, attempts, ...extra });
  if ("failed" in answer) {
    if (answer.timedOut) return { result: unavailable("timeout", answer.failed) };
    const code = answer.code !== void 0 ? { code: answer.code } : {};
    const failure = unavailable("unreachable", answer.failed, code);
    return { retry: failure };
  }
  const { status } = answer;
  if (answer.tooLarge)
    return {
      result: unavailable("too-large", `an answer over the ${MAX_BASELINE_BYTES}-byte limit`, { status })
    };
  const body = redactStrings(jsonObject(answer.text), q.apiKey);
  const said = saidOf(body);
  const words = { status, ...said !== void 0 ? { said } : {} };
  const http = `HTTP ${status}${said !== void 0 ? `: ${said}` : ""}`;
  if (status === 404 && typeof body?.error === "string" && /^no baseline$/i.test(body.error.trim())) {
    const suggestion = suggestionOf(body);
    return {
      result: {
        kind: "none",
        ...said !== void 0 ? { said } : {},
        ...suggestion !== void 0 ? { suggestion } : {}
      }
    };
  }
  if (status === 404 || status === 405) return { result: unavailable("no-route", http, words) };
  if (status === 401 || status === 403) return { result: unavailable("refused", http, words) };
  if (status >= 300 && status < 400)
    return {
      result: unavailable("redirect", `HTTP ${status}`, words)
    };
  if (status !== 200) {
    const failure = unavailable("http", `${http}${body ? "" : " and no JSON object"}`, words);
    if (!TRANSIENT_STATUS.has(status)) return { result: failure };
    const afterMs = retryAfterMs(answer.headers["retry-after"]);
    return { retry: failure, ...afterMs !== void 0 ? { afterMs } : {} };
  }
  if (!body) return { result: unavailable("not-json", `HTTP ${status} and no JSON object`, { status }) };
  try {
    return { result: foundOf(body) };
  } catch (e) {
    if (!(e instanceof Malformed)) throw e;
    return { result: unavailable("malformed", e.message, { status }) };
  }
}
async function requestBaseline(q) {
  const url = baselineUrl(q.apiUrl, q);
  if (!url) return { kind: "unavailable", why: "url", reason: "api_url is not a URL", attempts: 0 };
  const auth = q.apiKey ? { [q.apiKeyHeader]: q.apiKeyHeader.toLowerCase() === "authorization" ? `Bearer ${q.apiKey}` : q.apiKey } : {};
  const sleep = q.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  const random = q.random ?? Math.random;
  for (let n = 0; ; n++) {
    const answer = await exchange({
      method: "GET",
      url: url.href,
      headers: { Accept: "application/json", ...auth },
      timeoutMs: q.timeoutMs,
      maxBytes: MAX_BASELINE_BYTES
    });
    const attempt = classify(answer, q, n + 1);
    if ("result" in attempt) return redactStrings(attempt.result, q.apiKey);
    if (n >= q.maxRetries) return redactStrings(attempt.retry, q.apiKey);
    const backoff = random() * Math.min(3e4, 1e3 * 2 ** n);
    await sleep(Math.min(q.maxDelayMs, attempt.afterMs ?? backoff));
  }
}

// src/action/insight/baseline-server.ts
var RETRY_DELAY_MS = 1e3;
var shortText = (v, pattern) => typeof v === "string" && pattern.test(v) ? v : void 0;
function workflowRun(v) {
  const github = shortText(v, /^github:[A-Za-z0-9_./-]{0,201}:([0-9]{1,20}):([0-9]{1,6})$/);
  if (github) {
    const [, id, attempt] = /:([0-9]+):([0-9]+)$/.exec(github);
    return `run ${id}${attempt === "1" ? "" : ` attempt ${attempt}`}`;
  }
  const other = shortText(v, /^[A-Za-z0-9._:/@+-]{1,128}$/);
  return other ? `run ${other}` : void 0;
}
function describe(found, branch) {
  const { runs, tests } = found;
  const shas = /* @__PURE__ */ new Set();
  for (const r of runs) {
    const sha = shortText(r.commit_sha, /^[0-9a-f]{7,64}$/i);
    if (sha) shas.add(sha.slice(0, 7).toLowerCase());
  }
  const at = shas.size === 1 ? ` at ${[...shas][0]}` : shas.size > 1 ? ` at ${shas.size} commits` : "";
  const what = [`${runs.length} report${runs.length === 1 ? "" : "s"}`, `${tests.length} tests`];
  const run = workflowRun(found.workflowRun);
  if (run) what.push(run);
  const truncated = found.truncated ? "; the server cut the list of tests" : "";
  return `${branch}${at} (${what.join(", ")}${truncated}) from the Jux API${leftOutNote(0, found.cut)}`;
}
function worded(result, q) {
  if (result.kind === "found")
    return q.self !== void 0 && result.workflowRun === q.self ? {
      kind: "none",
      description: `the Jux API's newest run of ${q.branch} is this workflow run itself (another matrix leg of this attempt): not a baseline`
    } : { kind: "found", description: describe(result, q.branch), tests: result.tests };
  if (result.kind === "none") {
    const hint = result.suggestion !== void 0 ? ` (it suggests: ${result.suggestion})` : "";
    return { kind: "none", description: `the Jux API has no run of ${q.project} on ${q.branch}${hint}` };
  }
  const { status, reason } = result;
  const unavailable = (description) => ({ kind: "unavailable", description });
  switch (result.why) {
    case "url":
      return unavailable("api_url is not a URL");
    case "unreachable":
    case "timeout":
      return unavailable(`the Jux API could not be reached (${reason})`);
    case "too-large":
      return unavailable(
        `the Jux API's baseline answer is over the ${MAX_BASELINE_BYTES}-byte limit: not read`
      );
    case "no-route": {
      const url = baselineUrl(q.apiUrl, q);
      return {
        ...unavailable(
          `the Jux API at ${url.origin}${url.pathname} has no baseline route (HTTP ${status}; a server without it, such as an upstream Jux server)`
        ),
        noRoute: true
      };
    }
    case "refused":
      return unavailable(
        `the Jux API refused the baseline query (HTTP ${status}): check api_key and api_key_header`
      );
    case "redirect":
      return unavailable(
        `the Jux API redirects the baseline query (HTTP ${status}), which is not followed: set api_url to the final address`
      );
    case "http":
    case "not-json":
      return unavailable(`the Jux API answered the baseline query with ${reason}`);
    case "malformed":
      return unavailable(`the Jux API's baseline answer is not one jux reads (${reason}): not used`);
  }
}
async function serverBaseline(q, sleep) {
  const result = await requestBaseline({
    apiUrl: q.apiUrl,
    ...q.apiKey !== void 0 ? { apiKey: q.apiKey } : {},
    apiKeyHeader: q.apiKeyHeader,
    timeoutMs: q.timeoutSeconds * 1e3,
    maxRetries: 1,
    maxDelayMs: RETRY_DELAY_MS,
    project: q.project,
    branch: q.branch,
    ...q.job !== void 0 ? { job: q.job } : {},
    ...sleep ? { sleep } : {}
  });
  const words = worded(result, q);
  return { ...words, description: redactStrings(words.description, q.apiKey) };
}

// src/action/insight/baseline.ts
var CACHE_HINT = `only pushes (and ${BASELINE_EVENTS.slice(1).join(", ")}) keep one; pull requests never do; entries unused for 7 days are evicted`;
var actionsCache = () => import("./baseline-cache-SBIOFFMV.js");
async function findBaseline(q) {
  let baseline;
  try {
    baseline = await find(q);
  } catch (e) {
    baseline = { found: false, description: `the baseline could not be looked up: ${errorMessage(e)}` };
  }
  return { ...baseline, description: oneLine(baseline.description) };
}
function oneLine(text3, max = 1e3) {
  const line = text3.replace(new RegExp(CONTROL_CHARACTERS.source, "g"), "?");
  return line.length > max ? `${line.slice(0, max - 1)}\u2026` : line;
}
function stateOf(answer) {
  if (answer.kind === "unavailable") return answer.noRoute ? "no-route" : "unavailable";
  return answer.kind;
}
function scopeOf(q) {
  return { project: q.project, job: q.job, workflow: workflowOf(q.env) };
}
async function find(q) {
  const base = await baseBranch(q.env);
  if ("problem" in base) return { found: false, description: base.problem };
  const { branch } = base;
  let server;
  if (q.apiUrl) {
    server = await serverBaseline({ ...q, apiUrl: q.apiUrl, branch, ...selfOf(q.env) });
    if (server.kind === "found")
      return {
        found: true,
        source: "server",
        description: server.description,
        tests: server.tests,
        server: "found"
      };
  }
  const state = server ? { server: stateOf(server) } : {};
  const { baselineKey, baselinePrefix, restoreBaseline } = await actionsCache();
  const prefix = baselinePrefix(scopeOf(q), branch);
  const cached = await restoreBaseline(prefix, baselineKey(prefix, q.env));
  if (cached.kind === "found")
    return {
      found: true,
      source: "cache",
      description: `${branch} ${cached.description}${server ? ` (${server.description})` : ""}`,
      tests: cached.tests,
      ...state
    };
  const cacheKept = server === void 0 || server.kind === "unavailable";
  const cacheWords = cached.empty === "no-entry" && cacheKept ? `${cached.description}: ${CACHE_HINT}` : cached.description;
  const reasons = [...server ? [server.description] : [], cacheWords].join("; ");
  const who = q.job ? `job ${q.job}` : "this job";
  const description = server?.kind === "none" || cached.empty !== void 0 ? `no run of ${who} on ${branch} yet: ${reasons}. A push to ${branch} that runs this action records one; until then no failure is new` : `no run of ${who} on ${branch} could be read: ${reasons}; until one can, no failure is new`;
  return { found: false, description, ...state };
}
function selfOf(env) {
  const { GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return repo && run ? { self: githubRunKey(repo, run, env.GITHUB_RUN_ATTEMPT) } : {};
}
var NOT_KEPT = "the tests are not kept as a baseline for later runs";
async function keepBaseline(q, tests) {
  try {
    if (!keepsBaseline(q.env)) {
      const event = oneLine(q.env.GITHUB_EVENT_NAME || "(GITHUB_EVENT_NAME unset)", 100);
      return `${NOT_KEPT}: only ${BASELINE_EVENTS.join(", ")} runs keep one, and this is a ${event} run`;
    }
    const branch = ownBranch(q.env);
    if (!branch)
      return `${NOT_KEPT}: GITHUB_REF ${oneLine(q.env.GITHUB_REF || "(unset)", 300)} is not a branch`;
    const { baselineKey, baselinePrefix, saveBaseline } = await actionsCache();
    const prefix = baselinePrefix(scopeOf(q), branch);
    const about = {
      branch,
      ...q.env.GITHUB_SHA ? { sha: q.env.GITHUB_SHA } : {},
      ...q.env.GITHUB_RUN_ID ? { run: q.env.GITHUB_RUN_ID } : {}
    };
    const problem = await saveBaseline(q.workspace, baselineKey(prefix, q.env), tests, about);
    return problem === void 0 ? void 0 : `the baseline for later runs was not kept: ${problem}`;
  } catch (e) {
    return `the baseline for later runs was not kept: ${errorMessage(e)}`;
  }
}

// src/action/insight/workspace-paths.ts
var import_node_fs3 = __toESM(require_fs(), 1);
var import_node_path5 = __toESM(require_path(), 1);
var SKIPPED_DIRS = /* @__PURE__ */ new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  "vendor",
  ".venv",
  "venv",
  "__pycache__"
]);
var MAX_INDEXED = 5e4;
var MAX_DEPTH = 16;
var WorkspaceFiles = class {
  constructor(workspace, maxEntries = MAX_INDEXED) {
    this.workspace = workspace;
    this.maxEntries = maxEntries;
  }
  workspace;
  maxEntries;
  index;
  /** True when the bound stopped the search before every directory was read. */
  partial = false;
  /** Relative paths (with /) of the files named `base`. */
  named(base) {
    this.index ??= this.build();
    return this.index.get(base) ?? [];
  }
  build() {
    const index = /* @__PURE__ */ new Map();
    let seen = 0;
    const queue = [["", 0]];
    while (queue.length > 0) {
      const [dir, depth] = queue.shift();
      let entries;
      try {
        entries = (0, import_node_fs3.readdirSync)((0, import_node_path5.join)(this.workspace, dir), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (++seen > this.maxEntries) {
          this.partial = true;
          return index;
        }
        const path = dir === "" ? e.name : `${dir}/${e.name}`;
        if (e.isDirectory()) {
          if (SKIPPED_DIRS.has(e.name) || e.name.startsWith(".")) continue;
          if (depth + 1 < MAX_DEPTH) queue.push([path, depth + 1]);
          else this.partial = true;
        } else if (e.isFile()) {
          const list2 = index.get(e.name);
          if (list2) list2.push(path);
          else index.set(e.name, [path]);
        }
      }
    }
    return index;
  }
};
function isFile(path) {
  try {
    return (0, import_node_fs3.statSync)(path).isFile();
  } catch {
    return false;
  }
}
function workspacePath(file, files, classname) {
  const ws = files.workspace;
  const given = file.replace(/\\/g, "/").trim();
  if (given === "" || given.includes("\0")) return void 0;
  if ((0, import_node_path5.isAbsolute)(given) || /^[A-Za-z]:\//.test(given)) {
    const rel = (0, import_node_path5.relative)(ws, given).split(import_node_path5.sep).join("/");
    if (rel === "" || rel.startsWith("..") || (0, import_node_path5.isAbsolute)(rel)) return void 0;
    return isFile((0, import_node_path5.join)(ws, rel)) ? rel : void 0;
  }
  const norm = import_node_path5.posix.normalize(given.replace(/^\.\//, ""));
  if (norm.startsWith("../") || norm === "..") return void 0;
  if (norm.includes("/") && (0, import_node_fs3.existsSync)((0, import_node_path5.join)(ws, norm)) && isFile((0, import_node_path5.join)(ws, norm))) return norm;
  const base = import_node_path5.posix.basename(norm);
  const candidates = files.named(base).filter((p) => p === norm || p.endsWith(`/${norm}`));
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1 && classname) {
    const pkg = classname.replace(/\$.*$/, "").split(".").slice(0, -1).join("/");
    const inPackage = candidates.filter((p) => pkg !== "" && p.endsWith(`${pkg}/${base}`));
    if (inPackage.length === 1) return inPackage[0];
  }
  return void 0;
}

// src/action/insight/annotate.ts
var MAX_TITLE = 200;
var MAX_MESSAGE = 1e3;
function cut(s, max) {
  return s.length <= max ? s : `${s.slice(0, max - 1)}\u2026`;
}
function testAnnotation(t, isNew, files) {
  const file = t.file === void 0 ? void 0 : workspacePath(t.file, files, t.classname);
  const what = t.outcome === "error" ? "error" : "failed";
  const failure = failureText(t.failure);
  const lines = [
    `${isNew ? "NEW failure" : what === "error" ? "Error" : "Failed"}: ${t.classname ? `${t.classname} \u203A ` : ""}${t.name} (suite ${t.suite})`,
    ...failure ? [failure] : [],
    ...t.file !== void 0 && file === void 0 ? [`at ${t.file}${t.line !== void 0 ? `:${t.line}` : ""} (not in the workspace)`] : []
  ];
  const place = { title: cut(printable(t.name || "(unnamed test)"), MAX_TITLE) };
  if (file !== void 0) {
    place.file = file;
    if (t.line !== void 0) place.line = t.line;
  }
  return { message: cut(lines.map(printable).join("\n"), MAX_MESSAGE), place };
}
function annotateFailures(ordered, isNew, files, budget) {
  const errors = new Annotations("error", budget);
  ordered.forEach((t, i) => {
    if (i < budget) {
      const a = testAnnotation(t, isNew(t), files);
      errors.add(a.message, a.place);
    } else errors.add("");
  });
  return errors.flush("failing test(s)");
}

// src/action/insight/comment-github.ts
var MAX_PAGES2 = 30;
var MAX_PAGE_BYTES = 100 * 65536 * 4 + 1024 ** 2;
var TIMEOUT_MS = 3e4;
var ACTIONS_BOT_IDENTITY = { login: "github-actions[bot]", type: "Bot" };
var LOGIN2 = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}(?:\[bot\])?$/;
var GitHubRefused = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
  name = "GitHubRefused";
  code = "GITHUB_REFUSED";
};
function nextLink(link, origin) {
  const text3 = Array.isArray(link) ? link.join(",") : link ?? "";
  for (const part of text3.split(",")) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!m || !/(^|;)\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/.test(m[2])) continue;
    try {
      const url = new URL(m[1]);
      return url.origin === origin ? url.href : void 0;
    } catch {
      return void 0;
    }
  }
  return void 0;
}
var SAFE_URL = /^https?:\/\/[\x21-\x7e]{1,500}$/;
var commentOf = (v) => {
  const c = v;
  if (typeof c !== "object" || c === null) return void 0;
  if (typeof c.id !== "number" || !Number.isSafeInteger(c.id) || typeof c.body !== "string") return void 0;
  const user = c.user;
  return {
    id: c.id,
    body: c.body,
    url: typeof c.html_url === "string" && SAFE_URL.test(c.html_url) ? c.html_url : "",
    ...typeof user?.login === "string" ? { login: user.login } : {},
    ...typeof user?.type === "string" ? { userType: user.type } : {}
  };
};
var GitHubIssues = class {
  constructor(apiUrl, token, repository) {
    this.token = token;
    this.repository = repository;
    this.base = apiUrl.replace(/\/+$/, "");
    this.origin = new URL(this.base).origin;
  }
  token;
  repository;
  base;
  origin;
  async call(method, url, what, body) {
    const answer = await exchange({
      method,
      url,
      headers: {
        Accept: "application/vnd.github+json",
        Authorization: `Bearer ${this.token}`,
        "X-GitHub-Api-Version": "2022-11-28",
        ...body !== void 0 ? { "Content-Type": "application/json" } : {}
      },
      ...body !== void 0 ? { body: JSON.stringify(body) } : {},
      timeoutMs: TIMEOUT_MS,
      maxBytes: MAX_PAGE_BYTES
    });
    if ("failed" in answer)
      throw new GitHubRefused(`${what}: GitHub could not be reached (${answer.failed})`);
    if (answer.tooLarge) throw new GitHubRefused(`${what}: GitHub's answer is over ${MAX_PAGE_BYTES} bytes`);
    return answer;
  }
  refused(what, status, text3) {
    const said = jsonObject(text3)?.message;
    const words = typeof said === "string" ? `: ${said.slice(0, 200).replace(new RegExp(CONTROL_CHARACTERS.source, "g"), " ")}` : "";
    const fix = status === 403 || status === 404 ? "; the job's token needs `permissions: pull-requests: write` (a pull request from a fork or by Dependabot gets a read-only token: the comment is skipped for them)" : status === 401 ? "; github_token is not a valid token" : "";
    return new GitHubRefused(`${what} refused (HTTP ${status}${words})${fix}`, status);
  }
  /**
   * Who the token writes as: GET /user. An installation token (`ghs_`, GITHUB_TOKEN among them) may not read it: it
   * is the Actions bot, asked nothing.
   */
  async identity() {
    if (this.token.startsWith("ghs_")) return ACTIONS_BOT_IDENTITY;
    const what = "reading who github_token is (GET /user)";
    const answer = await this.call("GET", `${this.base}/user`, what);
    if (answer.status !== 200) throw this.refused(what, answer.status, answer.text);
    const user = jsonObject(answer.text);
    const login = user?.login;
    if (typeof login !== "string" || !LOGIN2.test(login))
      throw new GitHubRefused(`${what}: GitHub's answer has no login`);
    return { login, type: typeof user?.type === "string" ? user.type.slice(0, 40) : "User" };
  }
  /**
   * The comments of the pull request for which `keep(body)` holds, oldest first, up to MAX_PAGES pages; only
   * their id and author are kept. `complete` is false when there were more pages.
   */
  async list(pull, keep) {
    let url = `${this.base}/repos/${this.repository}/issues/${pull}/comments?per_page=100`;
    const comments = [];
    for (let page = 0; url !== void 0; page++) {
      if (page === MAX_PAGES2) return { comments, complete: false };
      const what = `listing the comments of pull request #${pull}`;
      const answer = await this.call("GET", url, what);
      if (answer.status !== 200) throw this.refused(what, answer.status, answer.text);
      let list2;
      try {
        list2 = JSON.parse(answer.text);
      } catch {
        throw new GitHubRefused(`${what}: GitHub's answer is not JSON`);
      }
      if (!Array.isArray(list2)) throw new GitHubRefused(`${what}: GitHub's answer is not a list`);
      for (const c of list2) {
        const comment2 = commentOf(c);
        if (!comment2 || !keep(comment2.body)) continue;
        comments.push({
          id: comment2.id,
          ...comment2.login !== void 0 ? { login: comment2.login } : {},
          ...comment2.userType !== void 0 ? { userType: comment2.userType } : {}
        });
      }
      url = nextLink(answer.headers.link, this.origin);
    }
    return { comments, complete: true };
  }
  async create(pull, body) {
    const what = `creating a comment on pull request #${pull}`;
    const url = `${this.base}/repos/${this.repository}/issues/${pull}/comments`;
    const answer = await this.call("POST", url, what, { body });
    if (answer.status !== 201) throw this.refused(what, answer.status, answer.text);
    return this.comment(answer.text, what);
  }
  async update(id, body) {
    const what = `updating comment ${id}`;
    const url = `${this.base}/repos/${this.repository}/issues/comments/${id}`;
    const answer = await this.call("PATCH", url, what, { body });
    if (answer.status !== 200) throw this.refused(what, answer.status, answer.text);
    return this.comment(answer.text, what);
  }
  /** Deletes a comment; one already gone (404) is no error. */
  async remove(id) {
    const what = `deleting comment ${id}`;
    const url = `${this.base}/repos/${this.repository}/issues/comments/${id}`;
    const answer = await this.call("DELETE", url, what);
    if (answer.status !== 204 && answer.status !== 404) throw this.refused(what, answer.status, answer.text);
  }
  comment(text3, what) {
    const comment2 = commentOf(jsonObject(text3));
    if (!comment2) throw new GitHubRefused(`${what}: GitHub's answer is not a comment`);
    return comment2;
  }
};

// src/action/insight/comment.ts
var MAX_COMMENT_CHARS = 65536;
var CUT_NOTE = "\n\n_\u2026 cut here: a comment holds at most 65 536 characters; the job summary has the rest._\n";
var MAX_DELETES = 10;
function markerText(text3) {
  return text3.replace(
    /[<>!%&/\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu,
    (c) => [...Buffer.from(c, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("")
  );
}
function commentMarker(env, leg) {
  const of = leg === void 0 ? "" : `/${markerText(leg)}`;
  return `<!-- jux-action: ${markerText(env.GITHUB_WORKFLOW ?? "")}/${markerText(env.GITHUB_JOB ?? "")}${of} -->`;
}
function commentBody(marker, body) {
  const whole = `${marker}
${body}`;
  if (whole.length <= MAX_COMMENT_CHARS) return whole;
  let cut2 = whole.slice(0, MAX_COMMENT_CHARS - CUT_NOTE.length);
  if (/[\ud800-\udbff]$/.test(cut2)) cut2 = cut2.slice(0, -1);
  const end = cut2.lastIndexOf("\n");
  if (end > marker.length) cut2 = cut2.slice(0, end);
  return `${cut2}${CUT_NOTE}`;
}
function carriesMarker(body, marker) {
  return body === marker || body.startsWith(`${marker}
`);
}
function ownComments(marked, identity) {
  const own2 = marked.filter((c) => c.login === identity.login).sort((a, b) => b.id - a.id);
  return { ...own2[0] ? { update: own2[0] } : {}, duplicates: own2.slice(1) };
}
async function target(env) {
  const event = env.GITHUB_EVENT_NAME ?? "";
  if (event === "workflow_run")
    return {
      skipped: "a workflow_run event's pull request is not known here: use comment in the pull_request workflow instead"
    };
  const facts = await readEvent(env);
  if ("problem" in facts) return { skipped: `no pull request to comment on: ${facts.problem}` };
  if (facts.pullNumber === void 0)
    return {
      skipped: `no pull request to comment on: the event is ${event || "not named (GITHUB_EVENT_NAME)"}`
    };
  const repository = env.GITHUB_REPOSITORY ?? "";
  if (!REPOSITORY.test(repository)) return { skipped: "GITHUB_REPOSITORY is not set to owner/name" };
  const base = facts.baseRepo ?? repository;
  if (!facts.headRepo || facts.headRepo.toLowerCase() !== base.toLowerCase())
    return {
      skipped: `pull request #${facts.pullNumber} comes from a fork, whose token cannot write comments: no comment (the job summary has the results)`
    };
  if (env.GITHUB_ACTOR === "dependabot[bot]" && event !== "pull_request_target")
    return {
      skipped: `pull request #${facts.pullNumber} is Dependabot's, whose workflows get a read-only token that cannot write comments: no comment (the job summary has the results)`
    };
  return { pull: facts.pullNumber, repository };
}
async function removeAll(api, duplicates) {
  let deleted = 0;
  for (const c of duplicates.slice(0, MAX_DELETES)) {
    try {
      await api.remove(c.id);
      deleted++;
    } catch (e) {
      return { deleted, problem: `an older copy of this comment was not deleted: ${errorMessage(e)}` };
    }
  }
  return deleted > 0 ? { deleted } : {};
}
async function upsertComment(o) {
  try {
    if (!o.token) return { ok: false, skipped: true, reason: "no github_token to write the comment with" };
    const where = await target(o.env);
    if ("skipped" in where) return { ok: false, skipped: true, reason: where.skipped };
    const api = new GitHubIssues(o.env.GITHUB_API_URL || "https://api.github.com", o.token, where.repository);
    const marker = commentMarker(o.env, o.leg);
    const body = commentBody(marker, o.body);
    const identity = await api.identity();
    const listed2 = await api.list(where.pull, (b) => carriesMarker(b, marker));
    const { update, duplicates } = ownComments(listed2.comments, identity);
    if (update) {
      try {
        const updated = await api.update(update.id, body);
        return { ok: true, url: updated.url, updated: true, ...await removeAll(api, duplicates) };
      } catch (e) {
        if (!(e instanceof GitHubRefused && e.status === 404)) throw e;
      }
    }
    if (!listed2.complete)
      return {
        ok: false,
        reason: `pull request #${where.pull} has more than ${MAX_PAGES2 * 100} comments and this job's is not among the first ${MAX_PAGES2 * 100}: no new one is written, so that each push does not add another (delete older comments of ${identity.login} carrying the marker, or set comment to false)`
      };
    const created = await api.create(where.pull, body);
    return { ok: true, url: created.url, updated: false, ...await removeAll(api, duplicates) };
  } catch (e) {
    return { ok: false, reason: errorMessage(e).split(o.token).join("********") };
  }
}

// src/action/insight/outputs.ts
var MAX_FAILED_TESTS = 100;
var MAX_FAILED_TESTS_BYTES = 64 * 1024;
function failedTestsJson(ordered) {
  const items = [];
  let bytes = 2;
  for (const t of ordered.slice(0, MAX_FAILED_TESTS)) {
    const entry = { suite: t.suite, classname: t.classname, name: t.name };
    if (t.file !== void 0) entry.file = t.file;
    if (t.line !== void 0) entry.line = t.line;
    if (t.failure?.message !== void 0) entry.message = t.failure.message;
    const json = JSON.stringify(entry);
    bytes += Buffer.byteLength(json) + 1;
    if (bytes > MAX_FAILED_TESTS_BYTES) break;
    items.push(json);
  }
  return `[${items.join(",")}]`;
}
function insightOutputs(insight, ordered) {
  return {
    flaky: String(insight.flaky),
    new_failures: String(insight.comparison?.newFailures.total ?? 0),
    fixed: String(insight.comparison?.fixed.total ?? 0),
    failed_tests: failedTestsJson(ordered),
    baseline: insight.baseline.found ? insight.baseline.description : ""
  };
}

// src/action/insight/step.ts
var KEPT_CASES_WORDS = "100 000";
function cacheServes(b) {
  return b.server === "no-route" || b.server === "unavailable";
}
var BASELINE_TIMEOUT = 10;
var COMMENT_BUDGET = 6e4;
function query(c) {
  const job = jobKey(c.env.GITHUB_JOB, c.inputs.leg);
  return {
    env: c.env,
    workspace: c.workspace,
    ...c.inputs.apiUrl ? { apiUrl: c.inputs.apiUrl } : {},
    ...c.inputs.apiKey ? { apiKey: c.inputs.apiKey } : {},
    apiKeyHeader: c.inputs.apiKeyHeader,
    timeoutSeconds: Math.min(c.inputs.apiTimeoutSeconds, BASELINE_TIMEOUT),
    project: c.project,
    ...job ? { job } : {}
  };
}
async function testInsight(c) {
  const q = query(c);
  const baseline = await findBaseline(q);
  info(
    baseline.found ? `jux: comparing the tests with ${baseline.description}` : `jux: no baseline to compare the tests with: ${baseline.description}`
  );
  const { insight, ordered, comparison } = insightOf(c.runs, baseline);
  const files = new WorkspaceFiles(c.workspace);
  linkPaths(insight, files, c.env);
  const fresh = new Set(comparison?.newFailures.map((n) => n.test.id) ?? []);
  const serverServes = c.inputs.apiUrl !== void 0 && !cacheServes(baseline);
  if (!serverServes && c.keepBaseline !== false) {
    if (insight.truncated)
      info(
        `jux: a report had more testcases than the ${KEPT_CASES_WORDS} kept of each (or more suites than are kept): no baseline is kept for later runs (an incomplete one would show the tests left out as disappeared)`
      );
    else {
      const problem = await keepBaseline(q, jobTests(c.runs).tests);
      if (problem) info(`jux: ${problem}`);
    }
  }
  return {
    insight,
    outputs: insightOutputs(insight, ordered),
    failing: ordered,
    isNew: (t) => fresh.has(t.id),
    files
  };
}
function blobUrl(env) {
  const server = env.GITHUB_SERVER_URL ?? "";
  const repo = env.GITHUB_REPOSITORY ?? "";
  const sha = env.GITHUB_SHA ?? "";
  if (!/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(server)) return void 0;
  if (!/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/.test(repo) || !/^[0-9a-f]{40,64}$/.test(sha))
    return void 0;
  return `${server}/${repo}/blob/${sha}`;
}
function linkPaths(i, files, env) {
  for (const t of [...i.failing.items, ...i.flakyTests.items]) {
    if (t.file === void 0) continue;
    const path = workspacePath(t.file, files, t.classname);
    if (path !== void 0) t.path = path;
  }
  const url = blobUrl(env);
  if (url) i.blobUrl = url;
}
var LOGGED = 1e3;
function logFailures(r) {
  if (r.failing.length === 0) return;
  startGroup(`jux: ${r.failing.length} failing test(s)`);
  for (const t of r.failing.slice(0, LOGGED)) {
    const where = t.file === void 0 ? "" : ` (${t.file}${t.line !== void 0 ? `:${t.line}` : ""})`;
    const why = failureText(t.failure);
    info(
      printable(
        `${r.isNew(t) ? "NEW " : ""}${t.outcome}: ${t.suite} \u203A ${t.classname} \u203A ${t.name}${where}${why ? `: ${why}` : ""}`
      )
    );
  }
  if (r.failing.length > LOGGED) info(`\u2026 and ${r.failing.length - LOGGED} more`);
  endGroup();
}
function annotateTests(r, budget) {
  if (r.failing.length === 0 || budget <= 0) return;
  annotateFailures(r.failing, r.isNew, r.files, budget);
}
function commentText(i, env, totals, leg) {
  const where = [env.GITHUB_WORKFLOW, jobKey(env.GITHUB_JOB, leg)].filter(Boolean).map((s) => cell(s)).join(" / ");
  const head = `## Jux: tests of ${where || "this job"}

${totals}

`;
  const body = renderInsight(i, COMMENT_BUDGET - Buffer.byteLength(head));
  return head + (body || "Every test passed.\n");
}
async function comment(i, env, token, totals, leg) {
  try {
    const r = await upsertComment({
      env,
      token: token ?? "",
      body: commentText(i, env, totals, leg),
      ...leg ? { leg } : {}
    });
    if (r.ok) {
      info(`jux: ${r.updated ? "updated" : "wrote"} the pull-request comment ${r.url}`);
      if (r.deleted) info(`jux: deleted ${r.deleted} older copy(ies) of this job's comment`);
      if (r.problem) warning(`jux: ${r.problem}`);
    } else if (!r.skipped) warning(`jux: the pull-request comment was not written: ${r.reason}`);
    else if (/^pull_request/.test(env.GITHUB_EVENT_NAME ?? ""))
      notice(`jux: no pull-request comment: ${r.reason}`);
    else info(`jux: no pull-request comment: ${r.reason}`);
  } catch (e) {
    warning(`jux: the pull-request comment was not written: ${errorMessage(e)}`);
  }
}
var NAMES_SHOWN = 5;
function names(tests) {
  const shown = tests.slice(0, NAMES_SHOWN).map((t) => `${t.classname || t.suite} \u203A ${t.name}`);
  const more = tests.length > NAMES_SHOWN ? ` and ${tests.length - NAMES_SHOWN} more` : "";
  return printable(`${shown.join(", ")}${more}`);
}
function failOnReason(failOn, r) {
  if (failOn === "nothing") return void 0;
  const failing = r.failing.filter((t) => isFailing(t.outcome));
  if (failOn === "failures") {
    if (failing.length === 0) return void 0;
    return `fail_on failures: ${failing.length} test(s) failed: ${names(failing)} (see the annotations and the job summary)`;
  }
  if (!r.insight.baseline.found) {
    if (failing.length > 0)
      warning(
        `jux: fail_on new-failures: ${failing.length} test(s) failed but none can be called new: ${r.insight.baseline.description}; the step does not fail for them`
      );
    return void 0;
  }
  const fresh = failing.filter(r.isNew);
  if (fresh.length === 0) return void 0;
  return `fail_on new-failures: ${fresh.length} new failure(s) against ${r.insight.baseline.description}: ${names(fresh)} (see the annotations and the job summary)`;
}

// src/action/main.ts
var GITHUB_CONTEXT = [
  "GITHUB_REPOSITORY",
  "GITHUB_REF_NAME",
  "GITHUB_RUN_ID",
  "GITHUB_RUN_ATTEMPT",
  "GITHUB_JOB",
  "GITHUB_SERVER_URL"
];
function githubProperties(env) {
  return GITHUB_CONTEXT.filter((n) => env[n]).map((n) => ({ name: `env:${n}`, value: env[n] }));
}
function runIdentity(properties, inputs) {
  const chosen = /* @__PURE__ */ new Set(["project", ...inputs.properties.map((p) => p.name)]);
  return new Set(properties.map((p) => p.name).filter((name) => !chosen.has(name)));
}
var NO_KEY = "no signing_key was given (as in a pull request from a fork, where secrets are not available): the reports are kept unsigned in the workflow artifact and nothing is published (a workflow_run workflow can sign them with from_run: see docs/forks.md)";
function signingKeyOf(inputs) {
  if (!inputs.signingKey) return void 0;
  try {
    return loadSigningKey({
      key: inputs.signingKey.pem,
      source: inputs.signingKey.source,
      ...inputs.signingKeyPassphrase ? { passphrase: inputs.signingKeyPassphrase } : {},
      ...inputs.signingCert ? { certificate: inputs.signingCert.pem, certificateSource: inputs.signingCert.source } : {}
    });
  } catch (e) {
    throw withPassphraseHint(e, "set the signing_key_passphrase input (from a secret)");
  }
}
async function prepare(file, copy, { key, properties, asserted, c14n }, tests) {
  if (key) {
    const r = await signFile({
      input: file.path,
      output: copy,
      source: file.name,
      key,
      properties,
      asserted,
      c14n,
      also: tests,
      durable: false
    });
    const sha256 = r.sha256;
    return { name: file.name, copy, hash: r.canonicalHash, sha256, signed: true, ...countsOf(r.summary) };
  }
  const loaded = await loadReportFile(file.path, file.name, void 0, tests);
  await (0, import_promises7.mkdir)((0, import_node_path6.dirname)(copy), { recursive: true, mode: 448 });
  await (0, import_promises7.copyFile)(file.path, copy);
  return { name: file.name, copy, hash: loaded.hash, signed: loaded.signed, ...countsOf(loaded.summary) };
}
function noFiles(inputs, taken) {
  const message = taken ? `No .xml files were found in the artifacts of run ${taken.run.id} named by from_artifact (${inputs.fromRun?.artifacts.join(", ")}). No reports will be signed or published.` : `No files were found with the provided path: ${inputs.reportPaths.join(", ")}. No reports will be signed or published.`;
  if (inputs.ifNoFilesFound === "error") setFailed(message);
  else if (inputs.ifNoFilesFound === "warn") warning(message);
  else info(message);
}
function sumOf(m, k) {
  return m.reports.reduce((n, r) => n + r[k], 0);
}
function setOutputs(m, queued, tests, auth) {
  const sum = (k) => sumOf(m, k);
  setOutput("reports", m.reports.length + m.failed.length);
  setOutput("signed", m.reports.filter((r) => r.signed && !m.unsignedReason).length);
  for (const k of ["tests", "passed", "failures", "errors", "skipped"]) setOutput(k, sum(k));
  setOutput(
    "canonical_hashes",
    JSON.stringify(Object.fromEntries(m.reports.map((r) => [r.name, r.hash])))
  );
  setOutput("signed_dir", signedDir(m));
  setOutput("artifact_id", m.artifact?.id ?? "");
  setOutput("artifact_url", m.artifact?.url ?? "");
  setOutput("queued", queued);
  setOutput("auth", auth ?? "");
  const none = { flaky: "0", new_failures: "0", fixed: "0", failed_tests: "[]", baseline: "" };
  for (const [name, value] of Object.entries(tests?.outputs ?? none)) setOutput(name, value);
}
async function keepAsArtifact(manifest, inputs, env, signing) {
  const copies = manifest.reports.map((r) => r.copy);
  if (copies.length === 0 || !keepsArtifact(inputs.storageMode) && signing) return void 0;
  const name = artifactBaseName(inputs.artifactName, env);
  const upload = await uploadFiles(name, copies, signedDir(manifest), env, inputs.retentionDays);
  if (upload.ok) {
    manifest.artifact = upload.artifact;
    info(
      `jux: kept ${copies.length} report(s) as artifact ${upload.artifact.name} (${upload.artifact.url})`
    );
    return void 0;
  }
  manifest.artifactProblem = upload.reason;
  const message = `the signed reports could not be kept as a workflow artifact: ${upload.reason}`;
  if (inputs.storageMode !== "cache" || !signing) return message;
  warning(`${message}; they stay in the offline queue`);
  return void 0;
}
async function signAll(files, manifest, key, properties, inputs, taken) {
  const errors = new Annotations("error", STEP_CAP - 1);
  for (const r of taken?.refused ?? [])
    errors.add(printable(r.reason.startsWith(r.name) ? r.reason : `${r.name}: ${r.reason}`));
  const runs = [];
  const asserted = /* @__PURE__ */ new Set([
    ...runIdentity(properties, inputs),
    ...(taken?.properties ?? []).map((p) => p.name)
  ]);
  const signing = { key, properties, asserted, c14n: inputs.c14n };
  for (const file of files) {
    const tests = new ReportTests(file.name);
    try {
      manifest.reports.push(await prepare(file, (0, import_node_path6.join)(signedDir(manifest), file.name), signing, tests));
      runs.push(tests.result());
    } catch (e) {
      const reason = errorMessage(e);
      manifest.failed.push({ name: file.name, reason });
      errors.add(reason.startsWith(file.name) ? reason : `${file.name}: ${reason}`, file.name);
    }
  }
  return { runs, errorsLeft: STEP_CAP - 1 - errors.flush("report(s) could not be read or signed") };
}
async function gather(inputs, env, workspace, root) {
  if (inputs.fromRun === void 0) return { found: await findReports(inputs.reportPaths, workspace) };
  const taken = await reportsFromRun(env, {
    runId: inputs.fromRun.id,
    patterns: inputs.fromRun.artifacts,
    token: inputs.githubToken,
    tempRoot: root
  });
  await tellOrigin(taken, env.GITHUB_REPOSITORY ?? "", inputs.summary);
  return { found: { files: taken.files, skipped: [] }, taken };
}
function metadataOf(inputs, env, workspace, taken) {
  const runEnv = taken?.env ?? env;
  return collectMetadata({
    env: runEnv,
    cwd: workspace,
    ...taken ? { git: {} } : {},
    ...inputs.projectName ? { project: inputs.projectName } : {},
    redact: inputs.redact,
    extra: [
      ...githubProperties(runEnv),
      ...inputs.leg ? [{ name: LEG_PROPERTY, value: inputs.leg }] : [],
      ...inputs.properties,
      ...taken?.properties ?? []
    ]
  });
}
async function main(env = process.env) {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const inputs = readInputs(workspace);
  const root = (0, import_node_path6.join)(env.RUNNER_TEMP ?? (0, import_node_os2.tmpdir)(), "jux-action");
  await (0, import_promises7.mkdir)(root, { recursive: true, mode: 448 });
  const dir = await (0, import_promises7.mkdtemp)((0, import_node_path6.join)(root, `${env.GITHUB_JOB ?? "job"}-`));
  const key = signingKeyOf(inputs);
  const auth = key && publishes(inputs.storageMode) && inputs.apiUrl ? resolveAuth(inputs, env) : void 0;
  const manifest = {
    dir,
    mode: inputs.storageMode,
    reports: [],
    failed: [],
    ...key ? {} : { unsignedReason: NO_KEY },
    ...inputs.signingCert ? { certificatePem: inputs.signingCert.pem } : {}
  };
  const { found, taken } = await gather(inputs, env, workspace, root);
  const warnings = new Annotations("warning", STEP_CAP - 1);
  for (const s of found.skipped) warnings.add(`${s.name}: ${s.reason}`, s.name);
  warnings.flush("files were skipped");
  if (found.files.length === 0) noFiles(inputs, taken);
  if (!key && found.files.length > 0) notice(`jux: ${NO_KEY}.`);
  const properties = metadataOf(inputs, env, workspace, taken);
  const { runs, errorsLeft } = await signAll(found.files, manifest, key, properties, inputs, taken).finally(
    () => taken?.dispose()
  );
  const project = properties.find((p) => p.name === "project")?.value ?? "";
  const problems = [];
  const refused = taken?.refused.length ?? 0;
  if (refused > 0)
    problems.push(`${refused} artifact(s) of run ${taken.run.id} refused (see the errors above)`);
  if (manifest.failed.length > 0)
    problems.push(
      `${manifest.failed.length} of ${found.files.length} report(s) could not be read or signed (see the errors above); the others were processed`
    );
  const artifactProblem = await keepAsArtifact(manifest, inputs, env, key !== void 0);
  if (artifactProblem) problems.push(artifactProblem);
  const queued = key && publishes(inputs.storageMode) ? manifest.reports.length : 0;
  saveState(STATE_MANIFEST, await writeManifest(manifest));
  const tests = runs.length > 0 ? await insightOrWarning(
    { env, inputs, project, workspace, runs, keepBaseline: taken === void 0 },
    manifest
  ) : void 0;
  if (tests) {
    logFailures(tests);
    if (inputs.annotate) annotateTests(tests, errorsLeft);
  }
  setOutputs(manifest, queued, tests, auth?.kind);
  if (tests && inputs.comment)
    await comment(tests.insight, env, inputs.githubToken, totalsOf(manifest, tests), inputs.leg);
  const failOn = tests ? failOnReason(inputs.failOn, tests) : void 0;
  if (failOn) problems.push(failOn);
  if (problems.length > 0) setFailed(problems.join("; "));
}
async function insightOrWarning(c, manifest, compare = testInsight) {
  let tests;
  try {
    tests = await compare(c);
  } catch (e) {
    warning(
      `jux: the tests could not be compared: ${errorMessage(e)}; the reports are kept and handed over all the same, without the test insight`
    );
    return void 0;
  }
  manifest.insight = tests.insight;
  try {
    await writeManifest(manifest);
  } catch (e) {
    delete manifest.insight;
    warning(
      `jux: the job summary will not show the tests: the manifest could not be rewritten (${errorMessage(e)})`
    );
  }
  return tests;
}
function totalsOf(m, tests) {
  const c = {
    tests: sumOf(m, "tests"),
    failures: sumOf(m, "failures"),
    errors: sumOf(m, "errors"),
    skipped: sumOf(m, "skipped")
  };
  return totalsText(c, tests.insight.flaky);
}
export {
  insightOrWarning,
  main
};

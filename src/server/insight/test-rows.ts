/** Writing the per-test rows (table test_results): at ingest, and for runs stored before the table existed. */
import type { DatabaseSync } from "node:sqlite";
import { testKey } from "../../core/junit/compare.js";
import { TestCollector, type TestResult } from "../../core/junit/tests.js";
import { XmlError } from "../../core/xml/errors.js";
import { DEFAULT_LIMITS, readXmlSync } from "../../core/xml/reader.js";
import type { Property } from "../../core/junit/summary.js";
import { fromPullRequest, jobOf, propertyMap, workflowRunKey } from "../../core/junit/run-identity.js";

/** The run the rows belong to. */
export interface RowRun {
  id: string;
  project: string;
}

/** Inserts a run's tests (position: report order) and notes their keys in its project; call inside a transaction. */
export function insertTestRows(db: DatabaseSync, run: RowRun, tests: readonly TestResult[]): void {
  const insert = db.prepare(
    `INSERT INTO test_results (run_id, key, position, test_id, suite, classname, name, file, line, outcome, duration,
       failure_type, failure_message, retries)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Only a test new to the project writes here; a known one is a read.
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
      t.retries,
    );
  });
}

/** The per-test model of a stored report, read again from its verbatim XML (already accepted once). */
export function testsOfXml(xml: Buffer): { tests: TestResult[]; flaky: number; truncated: boolean } {
  const collector = new TestCollector("a stored report");
  try {
    readXmlSync(xml, collector, {
      source: "a stored report",
      limits: { ...DEFAULT_LIMITS, maxBytes: Math.max(DEFAULT_LIMITS.maxBytes, xml.length) },
    });
  } catch (e) {
    // Stored under other limits: what was read before the problem is kept; nothing else can be done with it.
    if (!(e instanceof XmlError)) throw e;
  }
  const { tests, counts, truncated } = collector.run();
  return { tests, flaky: counts.flaky, truncated };
}

/**
 * Fills the per-test rows, workflow_run, job, pull_request and flaky of the runs stored before per-test rows existed
 * (tests_stored = 0), one run per transaction (`transaction`), so that a server upgraded in place shows their
 * history at once. Idempotent: two connections opening the database at once each skip what the other did.
 */
export function backfillTestRows(db: DatabaseSync, transaction: (work: () => void) => void): number {
  const pending = db.prepare("SELECT id FROM test_runs WHERE tests_stored = 0 ORDER BY rowid").all() as {
    id: string;
  }[];
  let done = 0;
  for (const { id } of pending) {
    transaction(() => {
      const run = db
        .prepare("SELECT id, project, properties, xml FROM test_runs WHERE id = ? AND tests_stored = 0")
        .get(id) as (RowRun & { properties: string; xml: Uint8Array }) | undefined;
      if (!run) return;
      const { tests, flaky, truncated } = testsOfXml(Buffer.from(run.xml));
      const props = propertyMap(JSON.parse(run.properties) as Property[]);
      insertTestRows(db, run, tests);
      db.prepare(
        `UPDATE test_runs SET tests_stored = 1, flaky = ?, tests_truncated = ?, workflow_run = ?, job = ?,
           pull_request = ? WHERE id = ?`,
      ).run(
        flaky,
        truncated ? 1 : 0,
        workflowRunKey(props) ?? null,
        jobOf(props) ?? null,
        fromPullRequest(props) ? 1 : 0,
        id,
      );
      done++;
    });
  }
  return done;
}

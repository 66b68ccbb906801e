/** Writing the per-test rows (table test_results): at ingest, and for runs stored before the table existed. */
import { testKey } from "../../core/junit/compare.js";
import { decodeReport } from "../report-codec.js";
import { TestCollector, type TestResult } from "../../core/junit/tests.js";
import { XmlError } from "../../core/xml/errors.js";
import { DEFAULT_LIMITS, readXmlSync } from "../../core/xml/reader.js";
import type { Property } from "../../core/junit/summary.js";
import type { Sql, Value } from "../db/sql.js";
import { insertMany } from "../db/insert.js";
import { fromPullRequest, jobOf, propertyMap, workflowRunKey } from "../../core/junit/run-identity.js";

/** The run the rows belong to. */
export interface RowRun {
  id: string;
  project: string;
}

/** Inserts a run's tests (position: report order) and notes their keys in its project; call inside a transaction. */
export async function insertTestRows(sql: Sql, run: RowRun, tests: readonly TestResult[]): Promise<void> {
  const keys: string[] = [];
  const rows: Value[][] = tests.map((t, position) => {
    const key = testKey(t.id);
    keys.push(key);
    return [
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
    ];
  });
  // Only a test new to the project writes here; a known one is a read. Each key once (PostgreSQL refuses a
  // statement naming a row twice in ON CONFLICT), in one order (two submissions adding keys cannot deadlock).
  const unique = [...new Set(keys)].sort().map((key): Value[] => [key, run.project]);
  await insertMany(sql, "test_keys (key, project)", unique, "ON CONFLICT DO NOTHING");
  await insertMany(
    sql,
    `test_results (run_id, key, position, test_id, suite, classname, name, file, line, outcome, duration,
       failure_type, failure_message, retries)`,
    rows,
  );
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
export async function backfillTestRows(sql: Sql): Promise<number> {
  const pending = await sql.all<{ id: string }>(
    "SELECT id FROM test_runs WHERE tests_stored = 0 ORDER BY rowid",
  );
  let done = 0;
  for (const { id } of pending) {
    await sql.transaction(async (tx) => {
      const run = await tx.get<RowRun & { properties: string; xml: Uint8Array; xml_encoding: string }>(
        "SELECT id, project, properties, xml, xml_encoding FROM test_runs WHERE id = ? AND tests_stored = 0",
        [id],
      );
      if (!run) return;
      const { tests, flaky, truncated } = testsOfXml(
        decodeReport(run.xml_encoding, run.xml, { what: `run ${id}` }),
      );
      const props = propertyMap(JSON.parse(run.properties) as Property[]);
      await insertTestRows(tx, run, tests);
      await tx.run(
        `UPDATE test_runs SET tests_stored = 1, flaky = ?, tests_truncated = ?, workflow_run = ?, job = ?,
           pull_request = ? WHERE id = ?`,
        [
          flaky,
          truncated ? 1 : 0,
          workflowRunKey(props) ?? null,
          jobOf(props) ?? null,
          fromPullRequest(props) ? 1 : 0,
          id,
        ],
      );
      done++;
    });
  }
  return done;
}

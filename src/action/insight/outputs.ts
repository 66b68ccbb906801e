/** The main step's test-level outputs: flaky, new_failures, fixed, failed_tests (bounded JSON) and baseline. */
import type { TestResult } from "../../core/junit/tests.js";
import type { Insight } from "./collect.js";

/** failed_tests holds at most this many entries and this many bytes of JSON; `failures`+`errors` count them all. */
export const MAX_FAILED_TESTS = 100;
export const MAX_FAILED_TESTS_BYTES = 64 * 1024;

export interface FailedTestOutput {
  suite: string;
  classname: string;
  name: string;
  file?: string;
  line?: number;
  message?: string;
}

/** The failing tests as failed_tests' JSON: in `ordered` order (new failures first), cut to the bounds. */
export function failedTestsJson(ordered: readonly TestResult[]): string {
  const items: string[] = [];
  let bytes = 2;
  for (const t of ordered.slice(0, MAX_FAILED_TESTS)) {
    const entry: FailedTestOutput = { suite: t.suite, classname: t.classname, name: t.name };
    if (t.file !== undefined) entry.file = t.file;
    if (t.line !== undefined) entry.line = t.line;
    if (t.failure?.message !== undefined) entry.message = t.failure.message;
    const json = JSON.stringify(entry);
    bytes += Buffer.byteLength(json) + 1;
    if (bytes > MAX_FAILED_TESTS_BYTES) break;
    items.push(json);
  }
  return `[${items.join(",")}]`;
}

/** Output name → value, for core.setOutput. */
export function insightOutputs(insight: Insight, ordered: readonly TestResult[]): Record<string, string> {
  return {
    flaky: String(insight.flaky),
    new_failures: String(insight.comparison?.newFailures.total ?? 0),
    fixed: String(insight.comparison?.fixed.total ?? 0),
    failed_tests: failedTestsJson(ordered),
    baseline: insight.baseline.found ? insight.baseline.description : "",
  };
}

/**
 * A baseline's tests as they come from outside (the Jux API's answer, a cache entry): every field checked, a test
 * whose names or outcome do not fit dropped (and counted), an optional field that does not fit left out. The id is
 * always recomputed with testId: a stored id is never trusted to match its names.
 */
import type { TestLike } from "../../core/junit/compare.js";
import { capUtf8 } from "../../core/junit/details.js";
import type { TestOutcome } from "../../core/junit/outcome.js";
import { MAX_FAILURE_BYTES, testId } from "../../core/junit/tests.js";
import { CONTROL_CHARACTERS } from "../../core/text.js";

/** Most tests a baseline holds (a run of the largest data set has 2 000; a monorepo's job, tens of thousands). */
export const MAX_BASELINE_TESTS = 100_000;
/** Longest suite, classname or test name kept (characters). */
export const MAX_NAME_CHARS = 2000;
/** Longest file path kept (characters). */
export const MAX_FILE_CHARS = 1000;

const OUTCOMES: ReadonlySet<string> = new Set<TestOutcome>(["passed", "failed", "error", "skipped", "flaky"]);

/** The fields of one test, by the names its source uses. */
export interface RawTestFields {
  suite: unknown;
  classname: unknown;
  name: unknown;
  outcome: unknown;
  file?: unknown;
  line?: unknown;
  duration?: unknown;
  failureType?: unknown;
  failureMessage?: unknown;
}

const name = (v: unknown): v is string => typeof v === "string" && v.length <= MAX_NAME_CHARS;

/** One line of text, bounded as the per-test model bounds a failure's line; undefined when not a string. */
function failureText(v: unknown): string | undefined {
  if (typeof v !== "string" || v.length > 64 * MAX_FAILURE_BYTES) return undefined;
  const line = v.split(/[\r\n\u2028\u2029]/).find((l) => l.trim() !== "");
  return line === undefined ? undefined : capUtf8(line.trim(), MAX_FAILURE_BYTES);
}

/** The test, or undefined when its names or outcome do not fit. */
export function testOf(f: RawTestFields): TestLike | undefined {
  if (!name(f.suite) || !name(f.classname) || !name(f.name)) return undefined;
  if (typeof f.outcome !== "string" || !OUTCOMES.has(f.outcome)) return undefined;
  const test: TestLike = {
    id: testId(f.suite, f.classname, f.name),
    suite: f.suite,
    classname: f.classname,
    name: f.name,
    outcome: f.outcome as TestOutcome,
  };
  const { file, line, duration } = f;
  if (
    typeof file === "string" &&
    file !== "" &&
    file.length <= MAX_FILE_CHARS &&
    !CONTROL_CHARACTERS.test(file)
  )
    test.file = file;
  if (typeof line === "number" && Number.isSafeInteger(line) && line > 0 && line <= 10_000_000)
    test.line = line;
  if (typeof duration === "number" && Number.isFinite(duration) && duration >= 0 && duration <= 1e9)
    test.duration = duration;
  const type = failureText(f.failureType);
  const message = failureText(f.failureMessage);
  if (type !== undefined || message !== undefined)
    test.failure = { ...(type !== undefined ? { type } : {}), ...(message !== undefined ? { message } : {}) };
  return test;
}

/** The tests of a list, each checked; `dropped` counts the entries that did not fit, `cut` those past the cap. */
export function testsOf(
  list: readonly unknown[],
  fields: (entry: Record<string, unknown>) => RawTestFields,
): { tests: TestLike[]; dropped: number; cut: number } {
  const tests: TestLike[] = [];
  let dropped = 0;
  for (const entry of list.slice(0, MAX_BASELINE_TESTS)) {
    const test =
      typeof entry === "object" && entry !== null && !Array.isArray(entry)
        ? testOf(fields(entry as Record<string, unknown>))
        : undefined;
    if (test) tests.push(test);
    else dropped++;
  }
  return { tests, dropped, cut: Math.max(0, list.length - MAX_BASELINE_TESTS) };
}

/** " (3 entries dropped: ...)" for a description, or "". */
export function droppedNote(dropped: number, cut: number): string {
  const parts = [];
  if (dropped > 0) parts.push(`${dropped} malformed test ${dropped === 1 ? "entry" : "entries"} left out`);
  if (cut > 0) parts.push(`${cut} tests past the ${MAX_BASELINE_TESTS}-test limit left out`);
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

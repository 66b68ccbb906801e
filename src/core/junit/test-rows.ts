/**
 * Tests as they come from outside (a Jux API's baseline answer, an Actions cache entry): every field checked and
 * the first problem named by its place (`tests[3].line`). The id is always recomputed with testId: a stored id is
 * never trusted to match its names. Each caller decides what a problem costs (the whole answer, or the entry).
 */
import type { TestLike } from "./compare.js";
import { capUtf8 } from "./details.js";
import { TEST_OUTCOMES, type TestOutcome } from "./outcome.js";
import { MAX_FAILURE_BYTES, testId } from "./tests.js";
import { CONTROL_CHARACTERS } from "../text.js";

/** Most tests a baseline holds (a run of the largest data set has 2 000; a monorepo's job, tens of thousands). */
export const MAX_BASELINE_TESTS = 100_000;
/** Longest suite, classname or test name kept (characters). */
export const MAX_NAME_CHARS = 2000;
/** Longest file path kept (characters). */
export const MAX_FILE_CHARS = 1000;
/** Longest failure type or message read (characters); its first line is kept, cut to MAX_FAILURE_BYTES. */
export const MAX_FAILURE_CHARS = 64 * MAX_FAILURE_BYTES;
const MAX_LINE = 10_000_000;
const MAX_DURATION = 1e9;

/** The fields of one test, by the names its source gives them. */
export interface TestRowKeys {
  suite: string;
  classname: string;
  name: string;
  outcome: string;
  file: string;
  line: string;
  duration: string;
  failureType: string;
  failureMessage: string;
}

/** The Jux API's names (a test of GET /baseline). */
export const API_TEST_KEYS: TestRowKeys = {
  suite: "suite",
  classname: "classname",
  name: "name",
  outcome: "outcome",
  file: "file",
  line: "line",
  duration: "duration",
  failureType: "failure_type",
  failureMessage: "failure_message",
};

export interface RowOptions {
  /** A test without a duration is a problem (the Jux API always sends one). */
  requireDuration?: boolean;
}

/** A check's verdict: the test when its names and outcome fit (an optional field that does not is left out). */
export interface RowCheck {
  test?: TestLike;
  /** The first field that does not fit, by its place, e.g. `tests[3].line is not a line number (an integer >= 1)`. */
  problem?: string;
}

/** What a value is, in words: "a number", "null", "an array", "missing". */
export function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v === undefined) return "missing";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** A plain object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An own field (a hostile `__proto__` or inherited name is not read). */
export function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function nameProblem(v: unknown, at: string): string | undefined {
  if (typeof v !== "string") return `${at} is ${typeOf(v)}, not a string`;
  if (v.length > MAX_NAME_CHARS) return `${at} is longer than ${MAX_NAME_CHARS} characters`;
  return undefined;
}

/** The first non-blank line (any line break), trimmed and cut like the per-test model's failure line. */
function failureLine(v: string): string | undefined {
  const line = v.split(/[\r\n\u2028\u2029]/).find((l) => l.trim() !== "");
  return line === undefined ? undefined : capUtf8(line.trim(), MAX_FAILURE_BYTES);
}

/** The optional fields: each that fits is set on `test`; the first that does not is returned. */
function optionals(
  o: Record<string, unknown>,
  keys: TestRowKeys,
  at: string,
  test: TestLike,
  opts: RowOptions,
) {
  const problems: string[] = [];
  const field = (k: keyof TestRowKeys) => {
    const v = own(o, keys[k]);
    return v === null ? undefined : v;
  };
  const file = field("file");
  if (typeof file === "string" && file.length <= MAX_FILE_CHARS && !CONTROL_CHARACTERS.test(file)) {
    if (file !== "") test.file = file;
  } else if (file !== undefined)
    problems.push(`${at}.${keys.file} is not a file path (up to ${MAX_FILE_CHARS} characters on one line)`);
  const line = field("line");
  if (typeof line === "number" && Number.isSafeInteger(line) && line >= 1 && line <= MAX_LINE)
    test.line = line;
  else if (line !== undefined) problems.push(`${at}.${keys.line} is not a line number (an integer >= 1)`);
  const duration = field("duration");
  if (typeof duration === "number" && Number.isFinite(duration) && duration >= 0 && duration <= MAX_DURATION)
    test.duration = duration;
  else if (duration !== undefined || opts.requireDuration)
    problems.push(`${at}.${keys.duration} is not a number of seconds >= 0`);
  const failure: { type?: string; message?: string } = {};
  for (const [k, into] of [
    ["failureType", "type"],
    ["failureMessage", "message"],
  ] as const) {
    const v = field(k);
    if (typeof v === "string" && v.length <= MAX_FAILURE_CHARS) {
      const text = failureLine(v);
      if (text !== undefined) failure[into] = text;
    } else if (v !== undefined)
      problems.push(`${at}.${keys[k]} is not a text of at most ${MAX_FAILURE_CHARS} characters`);
  }
  if (failure.type !== undefined || failure.message !== undefined) test.failure = failure;
  return problems[0];
}

/** One test checked field by field. */
export function checkTest(v: unknown, keys: TestRowKeys, at: string, opts: RowOptions = {}): RowCheck {
  if (!isRecord(v)) return { problem: `${at} is ${typeOf(v)}, not an object` };
  const [suite, classname, name] = [own(v, keys.suite), own(v, keys.classname), own(v, keys.name)];
  const named =
    nameProblem(suite, `${at}.${keys.suite}`) ??
    nameProblem(classname, `${at}.${keys.classname}`) ??
    nameProblem(name, `${at}.${keys.name}`);
  if (named) return { problem: named };
  const outcome = own(v, keys.outcome);
  if (typeof outcome !== "string")
    return { problem: `${at}.${keys.outcome} is ${typeOf(outcome)}, not a string` };
  if (!(TEST_OUTCOMES as readonly string[]).includes(outcome))
    return {
      problem: `${at}.${keys.outcome} is ${JSON.stringify(outcome.slice(0, 40))}, not one of ${TEST_OUTCOMES.join(", ")}`,
    };
  const [s, c, n] = [suite, classname, name] as string[];
  const test: TestLike = {
    id: testId(s!, c!, n!),
    suite: s!,
    classname: c!,
    name: n!,
    outcome: outcome as TestOutcome,
  };
  const problem = optionals(v, keys, at, test, opts);
  return problem === undefined ? { test } : { test, problem };
}

/** Every test of a list checked (at most MAX_BASELINE_TESTS; `cut` counts the rest, which are not read). */
export interface RowsCheck {
  /** The tests whose names and outcome fit. */
  tests: TestLike[];
  /** Entries left out: their names or outcome do not fit. */
  dropped: number;
  /** Entries past MAX_BASELINE_TESTS, not read. */
  cut: number;
  /** The first problem of any entry (also of an optional field, left out of its test). */
  problem?: string;
}

export function checkTests(
  list: readonly unknown[],
  keys: TestRowKeys,
  at: string,
  opts: RowOptions = {},
): RowsCheck {
  const tests: TestLike[] = [];
  let dropped = 0;
  let first: string | undefined;
  list.slice(0, MAX_BASELINE_TESTS).forEach((entry, i) => {
    const { test, problem } = checkTest(entry, keys, `${at}[${i}]`, opts);
    if (test) tests.push(test);
    else dropped++;
    first ??= problem;
  });
  const result: RowsCheck = { tests, dropped, cut: Math.max(0, list.length - MAX_BASELINE_TESTS) };
  if (first !== undefined) result.problem = first;
  return result;
}

/** " (3 malformed test entries left out; …)" for a description, or "". */
export function leftOutNote(dropped: number, cut: number): string {
  const parts = [];
  if (dropped > 0) parts.push(`${dropped} malformed test ${dropped === 1 ? "entry" : "entries"} left out`);
  if (cut > 0) parts.push(`${cut} tests past the ${MAX_BASELINE_TESTS}-test limit left out`);
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

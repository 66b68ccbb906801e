import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  MAX_FAILURE_BYTES,
  capUtf8,
  testId
} from "./chunk-EWRMEQBN.js";
import {
  TEST_OUTCOMES
} from "./chunk-J5DVWMKE.js";
import {
  CONTROL_CHARACTERS
} from "./chunk-KE6R4GHG.js";

// src/core/junit/test-rows.ts
var MAX_BASELINE_TESTS = 1e5;
var MAX_NAME_CHARS = 2e3;
var MAX_FILE_CHARS = 1e3;
var MAX_FAILURE_CHARS = 64 * MAX_FAILURE_BYTES;
var MAX_LINE = 1e7;
var MAX_DURATION = 1e9;
var API_TEST_KEYS = {
  suite: "suite",
  classname: "classname",
  name: "name",
  outcome: "outcome",
  file: "file",
  line: "line",
  duration: "duration",
  failureType: "failure_type",
  failureMessage: "failure_message"
};
function typeOf(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v === void 0) return "missing";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function own(o, key) {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : void 0;
}
function nameProblem(v, at) {
  if (typeof v !== "string") return `${at} is ${typeOf(v)}, not a string`;
  if (v.length > MAX_NAME_CHARS) return `${at} is longer than ${MAX_NAME_CHARS} characters`;
  return void 0;
}
function failureLine(v) {
  const line = v.split(/[\r\n\u2028\u2029]/).find((l) => l.trim() !== "");
  return line === void 0 ? void 0 : capUtf8(line.trim(), MAX_FAILURE_BYTES);
}
function optionals(o, keys, at, test, opts) {
  const problems = [];
  const field = (k) => {
    const v = own(o, keys[k]);
    return v === null ? void 0 : v;
  };
  const file = field("file");
  if (typeof file === "string" && file.length <= MAX_FILE_CHARS && !CONTROL_CHARACTERS.test(file)) {
    if (file !== "") test.file = file;
  } else if (file !== void 0)
    problems.push(`${at}.${keys.file} is not a file path (up to ${MAX_FILE_CHARS} characters on one line)`);
  const line = field("line");
  if (typeof line === "number" && Number.isSafeInteger(line) && line >= 1 && line <= MAX_LINE)
    test.line = line;
  else if (line !== void 0) problems.push(`${at}.${keys.line} is not a line number (an integer >= 1)`);
  const duration = field("duration");
  if (typeof duration === "number" && Number.isFinite(duration) && duration >= 0 && duration <= MAX_DURATION)
    test.duration = duration;
  else if (duration !== void 0 || opts.requireDuration)
    problems.push(`${at}.${keys.duration} is not a number of seconds >= 0`);
  const failure = {};
  for (const [k, into] of [
    ["failureType", "type"],
    ["failureMessage", "message"]
  ]) {
    const v = field(k);
    if (typeof v === "string" && v.length <= MAX_FAILURE_CHARS) {
      const text = failureLine(v);
      if (text !== void 0) failure[into] = text;
    } else if (v !== void 0)
      problems.push(`${at}.${keys[k]} is not a text of at most ${MAX_FAILURE_CHARS} characters`);
  }
  if (failure.type !== void 0 || failure.message !== void 0) test.failure = failure;
  return problems[0];
}
function checkTest(v, keys, at, opts = {}) {
  if (!isRecord(v)) return { problem: `${at} is ${typeOf(v)}, not an object` };
  const [suite, classname, name] = [own(v, keys.suite), own(v, keys.classname), own(v, keys.name)];
  const named = nameProblem(suite, `${at}.${keys.suite}`) ?? nameProblem(classname, `${at}.${keys.classname}`) ?? nameProblem(name, `${at}.${keys.name}`);
  if (named) return { problem: named };
  const outcome = own(v, keys.outcome);
  if (typeof outcome !== "string")
    return { problem: `${at}.${keys.outcome} is ${typeOf(outcome)}, not a string` };
  if (!TEST_OUTCOMES.includes(outcome))
    return {
      problem: `${at}.${keys.outcome} is ${JSON.stringify(outcome.slice(0, 40))}, not one of ${TEST_OUTCOMES.join(", ")}`
    };
  const [s, c, n] = [suite, classname, name];
  const test = {
    id: testId(s, c, n),
    suite: s,
    classname: c,
    name: n,
    outcome
  };
  const problem = optionals(v, keys, at, test, opts);
  return problem === void 0 ? { test } : { test, problem };
}
function checkTests(list, keys, at, opts = {}) {
  const tests = [];
  let dropped = 0;
  let first;
  list.slice(0, MAX_BASELINE_TESTS).forEach((entry, i) => {
    const { test, problem } = checkTest(entry, keys, `${at}[${i}]`, opts);
    if (test) tests.push(test);
    else dropped++;
    first ??= problem;
  });
  const result = { tests, dropped, cut: Math.max(0, list.length - MAX_BASELINE_TESTS) };
  if (first !== void 0) result.problem = first;
  return result;
}

export {
  MAX_BASELINE_TESTS,
  MAX_NAME_CHARS,
  API_TEST_KEYS,
  typeOf,
  isRecord,
  own,
  checkTests
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);

// src/core/junit/outcome.ts
var RUN_STATUSES = ["passed", "failed", "error"];
function runStatus(counts) {
  return counts.errors > 0 ? "error" : counts.failures > 0 ? "failed" : "passed";
}
var RESULT = {
  error: "error",
  failure: "failed",
  skipped: "skipped",
  skip: "skipped"
};
var RANK = { passed: 0, skipped: 1, failed: 2, error: 3 };
function parseTime(value) {
  if (value === void 0) return 0;
  const t = Number(value.indexOf(",") < 0 ? value : value.replace(/,/g, ""));
  return Number.isFinite(t) && t > 0 ? t : 0;
}
var RETRY = /* @__PURE__ */ new Set([
  "flakyFailure",
  "flakyError",
  "rerunFailure",
  "rerunError"
]);
var TEST_OUTCOMES = ["passed", "failed", "error", "skipped", "flaky"];
function caseOutcome(status, retries) {
  return status === "passed" && retries > 0 ? "flaky" : status;
}
var PASSES = /* @__PURE__ */ new Set(["passed", "flaky"]);
var FAILS = /* @__PURE__ */ new Set(["failed", "error", "flaky"]);
function failedOnce(outcome) {
  return FAILS.has(outcome);
}
function mergeOutcomes(a, b) {
  const passes = PASSES.has(a) || PASSES.has(b);
  const fails = FAILS.has(a) || FAILS.has(b);
  if (passes && fails) return "flaky";
  if (fails) return a === "error" || b === "error" ? "error" : "failed";
  return passes ? "passed" : "skipped";
}

export {
  RUN_STATUSES,
  runStatus,
  RESULT,
  RANK,
  parseTime,
  RETRY,
  TEST_OUTCOMES,
  caseOutcome,
  failedOnce,
  mergeOutcomes
};

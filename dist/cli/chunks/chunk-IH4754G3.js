import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  LEG_PROPERTY,
  jobKey
} from "./chunk-KE6R4GHG.js";

// src/core/junit/run-identity.ts
function propertyMap(properties) {
  return new Map(properties.map((p) => [p.name, p.value]));
}
function githubRunKey(repository, runId, attempt) {
  return `github:${repository}:${runId}:${attempt || "1"}`;
}
function workflowRunKey(props) {
  const provider = props.get("ci:provider");
  const runId = props.get("env:GITHUB_RUN_ID") || (provider === "github" ? props.get("ci:build_id") : void 0);
  if (runId)
    return githubRunKey(props.get("env:GITHUB_REPOSITORY") ?? "", runId, props.get("env:GITHUB_RUN_ATTEMPT"));
  const build = props.get("ci:build_id");
  return build ? `${provider || "ci"}:${build}` : void 0;
}
function jobOf(props) {
  return jobKey(props.get("env:GITHUB_JOB"), props.get(LEG_PROPERTY));
}
var PULL_REQUEST_EVENTS = /* @__PURE__ */ new Set(["pull_request", "pull_request_target"]);
function fromPullRequest(props) {
  return PULL_REQUEST_EVENTS.has(props.get("env:GITHUB_EVENT_NAME") ?? "");
}

export {
  propertyMap,
  workflowRunKey,
  jobOf,
  fromPullRequest
};

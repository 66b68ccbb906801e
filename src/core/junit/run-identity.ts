/**
 * What a report's properties say about the run that produced it, read the one way everything reads them: by name,
 * the LAST of a repeated name winning (the signer adds a CI job's asserted identity after a report's own claims:
 * core/report/sign-report.ts `asserted`). jux serve files runs by these; the action asks for its baseline by them.
 */
import { jobKey, LEG_PROPERTY } from "./metadata.js";
import type { Property } from "./summary.js";

/** Properties by name (the last of a repeated name wins). */
export function propertyMap(properties: readonly Property[]): Map<string, string> {
  return new Map(properties.map((p) => [p.name, p.value]));
}

/** A GitHub workflow run's key: the repository, the run id and the attempt. */
export function githubRunKey(repository: string, runId: string, attempt: string | undefined): string {
  return `github:${repository}:${runId}:${attempt || "1"}`;
}

/**
 * The key shared by the matrix legs of one workflow run, from a report's properties: on GitHub
 * `github:<GITHUB_REPOSITORY>:<GITHUB_RUN_ID>:<GITHUB_RUN_ATTEMPT>` (env:* properties; ci:build_id stands in for
 * the run id, attempt 1 when not written); elsewhere `<ci:provider>:<ci:build_id>` (a GitLab pipeline, a Jenkins
 * build...); undefined when the report names no build.
 */
export function workflowRunKey(props: ReadonlyMap<string, string>): string | undefined {
  const provider = props.get("ci:provider");
  const runId =
    props.get("env:GITHUB_RUN_ID") || (provider === "github" ? props.get("ci:build_id") : undefined);
  if (runId)
    return githubRunKey(props.get("env:GITHUB_REPOSITORY") ?? "", runId, props.get("env:GITHUB_RUN_ATTEMPT"));
  const build = props.get("ci:build_id");
  return build ? `${provider || "ci"}:${build}` : undefined;
}

/** The job a report's run compares with (jobKey of env:GITHUB_JOB and the jux:leg property), or undefined. */
export function jobOf(props: ReadonlyMap<string, string>): string | undefined {
  return jobKey(props.get("env:GITHUB_JOB"), props.get(LEG_PROPERTY));
}

/** Events whose runs are a pull request's: never a branch's baseline. */
const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(["pull_request", "pull_request_target"]);

/** True when the report says it was made for a pull request (its event, as the CI job asserted it). */
export function fromPullRequest(props: ReadonlyMap<string, string>): boolean {
  return PULL_REQUEST_EVENTS.has(props.get("env:GITHUB_EVENT_NAME") ?? "");
}

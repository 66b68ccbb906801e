import type { RunRow } from "./schema.js";
import type { Property } from "../core/junit/summary.js";
import { jobKey, LEG_PROPERTY } from "../core/junit/metadata.js";

/** What a run's properties say about the CI build that produced it (the contract's `ci_metadata`). */
export interface CiMetadata {
  job_id?: string;
  /** Only an http: or https: URL: it is shown as a link. */
  pipeline_url?: string;
  build_number?: number;
}

/**
 * `value` when it is an absolute http: or https: URL, else undefined: the only URLs from a report that become
 * links (javascript:, data:, vbscript:, file: ... stay text).
 */
export function httpUrl(value: string | undefined): string | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  const { protocol } = new URL(value);
  return protocol === "http:" || protocol === "https:" ? value : undefined;
}

/** A run's report properties by name (the last of a repeated name wins). */
export function runProperties(r: RunRow): Map<string, string> {
  return propertyMap(JSON.parse(r.properties) as Property[]);
}

export function ciMetadata(r: RunRow): CiMetadata | undefined {
  const props = runProperties(r);
  const url = httpUrl(props.get("ci:build_url"));
  const number = Number(props.get("env:GITHUB_RUN_NUMBER") ?? props.get("ci:build_number"));
  const meta: CiMetadata = {
    ...(props.get("ci:build_id") ? { job_id: props.get("ci:build_id") } : {}),
    ...(url ? { pipeline_url: url } : {}),
    ...(Number.isInteger(number) ? { build_number: number } : {}),
  };
  return Object.keys(meta).length ? meta : undefined;
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
    return `github:${props.get("env:GITHUB_REPOSITORY") ?? ""}:${runId}:${props.get("env:GITHUB_RUN_ATTEMPT") || "1"}`;
  const build = props.get("ci:build_id");
  return build ? `${provider || "ci"}:${build}` : undefined;
}

/**
 * The job a report's run is filed under (what a baseline's `job` matches): env:GITHUB_JOB with the matrix leg the
 * action names (jux:leg), by core's jobKey, as the action asks for it; undefined when the report names neither.
 */
export function jobOf(props: ReadonlyMap<string, string>): string | undefined {
  return jobKey(props.get("env:GITHUB_JOB") || undefined, props.get(LEG_PROPERTY) || undefined);
}

/** Properties by name (the last of a repeated name wins). */
export function propertyMap(properties: readonly Property[]): Map<string, string> {
  return new Map(properties.map((p) => [p.name, p.value]));
}

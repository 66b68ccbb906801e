import type { RunRow } from "./schema.js";
import type { Property } from "../core/junit/summary.js";
import { propertyMap } from "../core/junit/run-identity.js";

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

/**
 * The baseline `jux compare` asks a Jux server for, through the one client (core/publish/baseline.ts: the answer
 * bounded and checked, redirects refused, the key blanked), retried up to api_max_retries, and its result in jux
 * compare's words: what cannot be had is a BaselineError (exit 1) saying what to do.
 */
import type { JuxConfig } from "../../core/config/index.js";
import {
  baselineUrl,
  MAX_BASELINE_BYTES,
  requestBaseline,
  shownUrl,
  type BaselineResult,
  type FoundBaseline,
  type Unavailable,
} from "../../core/publish/baseline.js";
import { redactStrings } from "../../core/publish/client.js";

export type BaselineAnswer = { kind: "found"; baseline: FoundBaseline } | { kind: "none"; server: string };

export interface BaselineQuery {
  project: string;
  branch: string;
  job: string | null;
}

/**
 * The server could not be asked, or its answer cannot be used: a failure (exit 1), saying what to do. `code` is
 * why (core's Unavailable: "unreachable", "no-route", "refused", "malformed", …), as XmlError and KeyError carry
 * theirs, so that callers and tests tell the cases apart without reading the words.
 */
export class BaselineError extends Error {
  override name = "BaselineError";

  constructor(
    readonly code: Unavailable,
    message: string,
  ) {
    super(message);
  }
}

export interface FetchDeps {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Longest wait between attempts (a Retry-After is honoured up to this). */
const MAX_DELAY_MS = 60_000;
const LOCAL = "or compare with a local report of the base branch with jux cache compare A B";

/** Why the baseline cannot be had, in jux compare's words. */
function problem(
  r: Extract<BaselineResult, { kind: "unavailable" }>,
  server: string,
  endpoint: string,
): string {
  const { status, reason } = r;
  const attempts = r.attempts > 1 ? ` (${r.attempts} attempts)` : "";
  const serve = "check that api_url points at a jux serve";
  switch (r.why) {
    case "url":
      return `api_url ${JSON.stringify(server)} is not a URL: set it to the Jux API's base, e.g. --api-url http://localhost:4000/api/v1`;
    case "unreachable":
    case "timeout":
      return `cannot reach the Jux server at ${server} (${r.code ?? reason})${attempts}; check api_url (--api-url, JUX_API_URL) and that the server runs, ${LOCAL}`;
    case "too-large":
      return `the server's answer to GET ${endpoint} is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MiB; a baseline is not that large: check api_url`;
    case "no-route":
      return `the server at ${server} has no baseline route (GET ${endpoint} answered ${reason}): jux compare needs a jux serve of this version (an upstream Jux server does not have the route); check that api_url ends in /api/v1, ${LOCAL}`;
    case "refused":
      return `the server at ${server} refused the request (${reason}): set the API key it accepts (JUX_API_KEY or JUX_BEARER_TOKEN, or api_key in a config file)`;
    case "redirect":
      return `the server redirects GET ${endpoint} (HTTP ${status}): set api_url to the final address; redirects are not followed, as they would carry the API key elsewhere`;
    case "http":
      return status === 429 || (status ?? 0) >= 500
        ? `the server at ${server} answered ${reason}${attempts}; check api_url (--api-url, JUX_API_URL) and that the server runs, ${LOCAL}`
        : `the server at ${server} refused GET ${endpoint} (${reason}); check --base, --project and --job`;
    case "not-json":
      return `the server's answer to GET ${endpoint} is not a JSON object; ${serve}`;
    case "malformed":
      return `the server's baseline is not what jux compare reads: ${reason}; ${serve}`;
  }
}

/**
 * Asks the server for the baseline; retries what may pass (a 429 or 5xx, no connection) up to
 * api_max_retries times with backoff. Every message has the API key blanked out.
 */
export async function fetchBaseline(
  config: JuxConfig,
  query: BaselineQuery,
  deps: FetchDeps = {},
): Promise<BaselineAnswer> {
  const apiUrl = config.apiUrl!;
  const result = await requestBaseline({
    apiUrl,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    apiKeyHeader: config.apiKeyHeader,
    timeoutMs: config.apiTimeoutSeconds * 1000,
    maxRetries: config.apiMaxRetries,
    maxDelayMs: MAX_DELAY_MS,
    ...query,
    ...deps,
  });
  const server = shownUrl(apiUrl);
  if (result.kind === "found") return { kind: "found", baseline: result };
  if (result.kind === "none") return { kind: "none", server };
  const endpoint = shownUrl(baselineUrl(apiUrl, query) ?? apiUrl);
  const message = redactStrings(`jux compare: ${problem(result, server, endpoint)}`, config.apiKey);
  throw new BaselineError(result.why, message);
}

/**
 * The GitHub REST reads of `from_run` (the run, its artifacts, the pull requests of its head commit) with
 * github_token: one bounded exchange each (core/publish/exchange.ts: no redirect followed, one deadline, the answer
 * read up to a limit), and the one error this room throws for a run that cannot be used.
 */
import { exchange } from "../../core/publish/exchange.js";
import { REPOSITORY } from "../insight/baseline-event.js";

/** Why the reports of another run cannot be taken at all (its event, the run, the token, the artifacts). */
export class FromRunError extends Error {
  override name = "FromRunError";
  readonly code = "FROM_RUN";
}

export interface Rest {
  /** The API's origin and path prefix, e.g. https://api.github.com. */
  api: string;
  /** owner/name of this workflow's repository (GITHUB_REPOSITORY). */
  repository: string;
  token: string;
  timeoutMs: number;
}

/** Longest JSON answer read (a page of 100 artifacts or pull requests is well under 1 MiB). */
const MAX_JSON_BYTES = 8 * 1024 ** 2;

/** A REST answer's deadline, and a download's longest silence (timeout_seconds is the Jux API's, not GitHub's). */
const TIMEOUT_MS = 30_000;

export function restOf(env: NodeJS.ProcessEnv, token: string | undefined, timeoutMs = TIMEOUT_MS): Rest {
  const repository = env.GITHUB_REPOSITORY ?? "";
  if (!REPOSITORY.test(repository))
    throw new FromRunError(
      `from_run: GITHUB_REPOSITORY is ${repository ? `"${repository}", not owner/name` : "not set"} (not a GitHub Actions job?)`,
    );
  if (!token)
    throw new FromRunError(
      "from_run: github_token is empty: the run's artifacts are read through the REST API (give the job `actions: read` and leave github_token at its default)",
    );
  const api = (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
  return { api, repository, token, timeoutMs };
}

export function headers(rest: Rest): Record<string, string> {
  return {
    authorization: `Bearer ${rest.token}`,
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
  };
}

export type JsonAnswer = { ok: true; body: unknown } | { ok: false; status?: number; problem: string };

/** GET `path` (under /repos/{repository}/) as JSON; a failure comes back with its status and words, never thrown. */
export async function getJson(rest: Rest, path: string): Promise<JsonAnswer> {
  const answer = await exchange({
    method: "GET",
    url: `${rest.api}/repos/${rest.repository}/${path}`,
    headers: headers(rest),
    timeoutMs: rest.timeoutMs,
    maxBytes: MAX_JSON_BYTES,
  });
  if ("failed" in answer) return { ok: false, problem: answer.failed };
  if (answer.tooLarge)
    return { ok: false, status: answer.status, problem: `an answer over ${MAX_JSON_BYTES} bytes` };
  if (answer.status !== 200) return { ok: false, status: answer.status, problem: `HTTP ${answer.status}` };
  try {
    return { ok: true, body: JSON.parse(answer.text) as unknown };
  } catch {
    return { ok: false, status: answer.status, problem: "an answer that is not JSON" };
  }
}

export const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** A positive safe integer (an id, a number, an attempt), else undefined. */
export const positive = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : undefined;

export const sameRepository = (a: string | undefined, b: string): boolean =>
  a !== undefined && a.toLowerCase() === b.toLowerCase();

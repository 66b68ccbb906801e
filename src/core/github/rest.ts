/**
 * The GitHub REST API with a token, for the action (from_run, pending artifacts) and jux (cache push
 * --from-artifacts): one bounded exchange each (publish/exchange.ts: no redirect followed, one deadline, the answer
 * read up to a limit). The token goes in a header only, never into a message.
 */
import { exchange } from "../publish/exchange.js";

/** A GitHub REST answer or download that cannot be used (the message names the thing and what to do). */
export class GitHubError extends Error {
  override name = "GitHubError";
  readonly code = "GITHUB_REST";
}

/** owner/name as GitHub allows them (an owner: letters, digits, hyphens; a name: also `.` and `_`, not `.` or `..`). */
export const REPOSITORY = /^[A-Za-z0-9-]{1,39}\/(?!\.\.?$)[A-Za-z0-9_.-]{1,100}$/;

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

/** A REST answer's deadline, and a download's longest silence. */
export const REST_TIMEOUT_MS = 30_000;

/** The REST API's origin and prefix: GITHUB_API_URL (a runner, GitHub Enterprise Server), else api.github.com. */
export const apiUrlOf = (env: NodeJS.ProcessEnv): string =>
  (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");

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

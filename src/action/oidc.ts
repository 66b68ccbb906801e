/**
 * The job's OIDC token from the runner's ID-token endpoint, as @actions/core's getIDToken asks for it
 * (GET ACTIONS_ID_TOKEN_REQUEST_URL with `audience` added, `Authorization: Bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN`,
 * answer `{"value": "<JWT>"}`), but bounded: one deadline per attempt, three attempts, no redirect followed, the
 * answer read up to 64 KiB, and errors that say what to fix. The token is masked before anything else sees it.
 */
import * as core from "@actions/core";
import { RenewedTokens, looksLikeJwt } from "../core/publish/bearer.js";
import { exchange, jsonObject, type Answer } from "../core/publish/exchange.js";
import type { IdTokenEndpoint } from "./auth.js";

export interface IdTokenRequest {
  endpoint: IdTokenEndpoint;
  audience: string;
  /** Per attempt. */
  timeoutMs: number;
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A token request that failed; its message names the endpoint's answer and what to do. */
export class IdTokenError extends Error {
  override name = "IdTokenError";
  readonly code = "ID_TOKEN";
}

const MAX_ANSWER = 64 * 1024;
const sleeper = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The endpoint's URL with `audience` in its query (the runner's already holds api-version). */
export function idTokenUrl(endpoint: IdTokenEndpoint, audience: string): string {
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    throw new IdTokenError(
      "no OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL (the runner sets it; do not override it)",
    );
  }
  url.searchParams.set("audience", audience);
  return url.href;
}

/** Why an answer gives no token, or the token; `retry` when another attempt may do better. */
function tokenOf(answer: Answer): { token: string } | { problem: string; retry: boolean } {
  if ("failed" in answer) return { problem: `the endpoint did not answer: ${answer.failed}`, retry: true };
  const { status } = answer;
  if (answer.tooLarge) return { problem: `the endpoint answered ${status} with over 64 KiB`, retry: false };
  if (status === 401 || status === 403)
    return {
      problem: `the runner refused the request (HTTP ${status}): the job needs \`permissions: id-token: write\``,
      retry: false,
    };
  if (status === 429 || status >= 500) return { problem: `the endpoint answered ${status}`, retry: true };
  const value = status === 200 ? jsonObject(answer.text)?.value : undefined;
  if (typeof value === "string" && looksLikeJwt(value)) return { token: value };
  return {
    problem: `the endpoint answered ${status} without a token (a JSON object whose value is a JWT)`,
    retry: false,
  };
}

/** One OIDC token for the audience, masked; throws IdTokenError with the reason and the fix. */
export async function requestIdToken(r: IdTokenRequest): Promise<string> {
  const url = idTokenUrl(r.endpoint, r.audience);
  const attempts = Math.max(1, r.attempts ?? 3);
  let problem = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const answer = await exchange({
      method: "GET",
      url,
      headers: { Authorization: `Bearer ${r.endpoint.token}`, Accept: "application/json" },
      timeoutMs: r.timeoutMs,
      maxBytes: MAX_ANSWER,
    });
    const got = tokenOf(answer);
    if ("token" in got) {
      core.setSecret(got.token);
      return got.token;
    }
    problem = got.problem;
    if (!got.retry) break;
    if (attempt < attempts) await (r.sleep ?? sleeper)(1000 * attempt);
  }
  throw new IdTokenError(`no OIDC token for audience ${r.audience}: ${problem}`);
}

/** The post step's tokens for one batch: the first asked for when the first report is sent, renewed before expiry. */
export function oidcTokens(r: IdTokenRequest): RenewedTokens {
  return new RenewedTokens(() => requestIdToken(r));
}

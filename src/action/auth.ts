/** How the post step proves itself to the Jux API: which auth, from the inputs and what the runner gave the job. */
import type { ModeResult } from "../core/publish/modes.js";
import { InputError, type ActionInputs } from "./inputs.js";

/** The runner's ID-token endpoint, given to a job with `permissions: id-token: write`. */
export interface IdTokenEndpoint {
  /** ACTIONS_ID_TOKEN_REQUEST_URL (the audience is added to its query). */
  url: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN, sent as `Authorization: Bearer` to that URL only. */
  token: string;
}

export type Auth =
  | { kind: "api_key" }
  | { kind: "oidc"; audience: string; endpoint: IdTokenEndpoint }
  /** No credentials are sent (an --open server; as before OIDC with api_url and no api_key). */
  | { kind: "none" };

export type AuthKind = Auth["kind"];

const NO_ID_TOKEN =
  "the job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add `permissions: id-token: write` to the job (a pull request from a fork never gets one), or set api_key";

/** The runner's ID-token endpoint, when the job may ask it for tokens. */
export function idTokenEndpoint(env: NodeJS.ProcessEnv): IdTokenEndpoint | undefined {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim();
  return url && token ? { url, token } : undefined;
}

/** The default audience: api_url's origin (e.g. https://jux.example.com). */
export function defaultAudience(apiUrl: string): string {
  return new URL(apiUrl).origin;
}

/**
 * The auth of a job that publishes. `auth` given: api_key needs the key, oidc the runner's ID-token endpoint
 * (else an InputError saying what to add). Empty: api_key with a key, else oidc when the endpoint is there, else
 * none, as before OIDC (a server with keys then refuses with 401, and the reports stay queued).
 */
export function resolveAuth(
  inputs: Pick<ActionInputs, "auth" | "apiKey" | "apiUrl" | "oidcAudience">,
  env: NodeJS.ProcessEnv,
): Auth {
  const endpoint = idTokenEndpoint(env);
  const oidc = (e: IdTokenEndpoint): Auth => ({
    kind: "oidc",
    audience: inputs.oidcAudience ?? defaultAudience(inputs.apiUrl!),
    endpoint: e,
  });
  switch (inputs.auth) {
    case "api_key":
      if (inputs.apiKey === undefined)
        throw new InputError(
          "input auth: api_key needs the api_key input (from a secret): set api_key, or use auth: oidc with `permissions: id-token: write`",
        );
      return { kind: "api_key" };
    case "oidc":
      if (!endpoint) throw new InputError(`input auth: oidc, but ${NO_ID_TOKEN} and auth: api_key`);
      return oidc(endpoint);
    case undefined:
      if (inputs.apiKey !== undefined) return { kind: "api_key" };
      return endpoint ? oidc(endpoint) : { kind: "none" };
  }
}

/** The auth in words, for the log and the job summary (nothing secret: the audience is not). */
export function describeAuth(auth: Auth): string {
  switch (auth.kind) {
    case "api_key":
      return "api_key (the api_key input)";
    case "oidc":
      return `oidc (GitHub's OIDC token, audience ${auth.audience})`;
    case "none":
      return "none (no api_key, and the job has no `permissions: id-token: write`: no credentials are sent)";
  }
}

/**
 * What to fix when the server refused the credentials (401, 403), by auth: the audience and the server's
 * --oidc-allow, or the missing credentials. Undefined for api_key (the refusal's words already say it).
 */
export function refusalHint(auth: Auth, env: NodeJS.ProcessEnv): string | undefined {
  switch (auth.kind) {
    case "oidc": {
      const subject = `repo:${env.GITHUB_REPOSITORY ?? "OWNER/REPO"}:ref:${env.GITHUB_REF ?? "REF"}`;
      return `the server refused the job's OIDC token: its --oidc-audience must be ${auth.audience} (or set oidc_audience to the one it expects), its --oidc-issuer GitHub's, and its --oidc-allow must admit this job (e.g. ${subject}); the reports wait in the queue until it does`;
    }
    case "none":
      return `no credentials were sent: ${NO_ID_TOKEN}`;
    case "api_key":
      return undefined;
  }
}

/** What the post step's report says of the auth: its words, notes, and the problem that fails the step. */
export interface AuthReport {
  kind: AuthKind;
  words: string;
  /** No OIDC token could be had: the reports were not sent (cache mode keeps them queued). */
  problem?: string;
  notes: string[];
}

/** The report of the auth a batch used: a hint when the server refused its credentials (401, 403). */
export function authReport(
  auth: Auth,
  published: { run: ModeResult; tokenProblem?: string },
  env: NodeJS.ProcessEnv,
): AuthReport {
  const { run, tokenProblem } = published;
  const refused = [...run.results, ...run.earlier].some(
    (r) => r.outcome.kind === "rejected" && (r.outcome.status === 401 || r.outcome.status === 403),
  );
  const hint = refused ? refusalHint(auth, env) : undefined;
  return {
    kind: auth.kind,
    words: describeAuth(auth),
    ...(tokenProblem ? { problem: tokenProblem } : {}),
    notes: hint ? [hint] : [],
  };
}

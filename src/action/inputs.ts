import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import * as core from "@actions/core";
import { sanitizeArtifactName } from "../core/github/names.js";
import { configFromInputs } from "../core/config/inputs.js";
import { ConfigError, type JuxConfig } from "../core/config/schema.js";
import { publishes, type StorageMode } from "../core/publish/storage-mode.js";
import type { Property } from "../core/junit/summary.js";
import { apiKeyProblem } from "../core/publish/api-key.js";
import type { C14nChoice } from "../core/xmldsig/algorithms.js";
import { SPILL_AFTER_DAYS } from "./queue/spill.js";

export type IfNoFilesFound = "warn" | "error" | "ignore";
/** What fails the main step once everything is signed and stored: nothing, any failing test, or a new failure. */
export const FAIL_ON = ["nothing", "failures", "new-failures"] as const;
export type FailOn = (typeof FAIL_ON)[number];
/** How the post step proves itself to the Jux API: the api_key input, or the job's OIDC token (auth.ts). */
export const AUTH = ["api_key", "oidc"] as const;
export type AuthInput = (typeof AUTH)[number];

export interface ActionInputs {
  reportPaths: string[];
  ifNoFilesFound: IfNoFilesFound;
  storageMode: StorageMode;
  apiUrl?: string;
  apiKey?: string;
  apiKeyHeader: string;
  /** The auth input when given; empty means api_key when api_key is set, else oidc when the job may ask for a token. */
  auth?: AuthInput;
  /** The audience of the OIDC token (default: api_url's origin, auth.ts). */
  oidcAudience?: string;
  /** PEM text, read from the path when the input named a file. */
  signingKey?: { pem: string; source: string };
  signingKeyPassphrase?: string;
  signingCert?: { pem: string; source: string };
  c14n: C14nChoice;
  projectName?: string;
  properties: Property[];
  /** The redact input: properties removed (or masked) before signing, by glob patterns over their names. */
  redact: string[];
  artifactName: string;
  retentionDays?: number;
  queueKey: string;
  /** spill_after_days: queue entries not accessed for that many days move to a pending artifact. */
  spillAfterDays: number;
  apiMaxRetries: number;
  apiTimeoutSeconds: number;
  githubToken?: string;
  summary: boolean;
  failOn: FailOn;
  /** One error annotation per failing test (within GitHub's caps). */
  annotate: boolean;
  /** One pull-request comment per workflow and job with the tests' sections, updated in place. */
  comment: boolean;
  /** The matrix leg's name (e.g. ubuntu-22): its own baseline, comment and artifact name. */
  leg?: string;
  /** Sign another run's reports instead of the workspace's: the run's id, and its artifacts' name patterns. */
  fromRun?: { id: number; artifacts: string[] };
}

/** An input that cannot be used; the message names the input. */
export class InputError extends Error {
  override name = "InputError";
}

function optional(name: string): string | undefined {
  const value = core.getInput(name).trim();
  return value === "" ? undefined : value;
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = optional(name)?.toLowerCase() ?? fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new InputError(`input ${name}: expected one of ${allowed.join(", ")}, got "${value}"`);
  return value as T;
}

function boolean(name: string, fallback: boolean): boolean {
  const text = optional(name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (["true", "1", "yes", "on"].includes(text)) return true;
  if (["false", "0", "no", "off"].includes(text)) return false;
  throw new InputError(`input ${name}: expected true or false, got "${text}"`);
}

/** Registers a secret with the runner (::add-mask::), the whole and each line, as it does for multi-line values. */
export function registerSecret(value: string | undefined): void {
  if (!value) return;
  core.setSecret(value);
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= 4) core.setSecret(line.trim());
}

/** A PEM input: the text itself, or a path to it (relative to the workspace). Never echoes a secret one. */
function pemInput(
  name: string,
  workspace: string,
  secret: boolean,
): { pem: string; source: string } | undefined {
  const value = core.getInput(name).trim();
  if (value === "") return undefined;
  if (value.includes("-----BEGIN")) return { pem: value + "\n", source: `input ${name}` };
  if (value.includes("\n"))
    throw new InputError(`input ${name}: expected PEM text (-----BEGIN ...) or the path of a PEM file`);
  const path = isAbsolute(value) ? value : resolve(workspace, value);
  if (!existsSync(path))
    throw new InputError(
      `input ${name}: no such file${secret ? "" : ` ${value}`} (give the PEM text itself, or the path of a PEM file in the workspace or RUNNER_TEMP)`,
    );
  return { pem: readFileSync(path, "utf8"), source: `${value} (input ${name})` };
}

/** The inputs that are configuration options (api_url, max_retries, …), checked by the configuration's schema. */
function configured(workspace: string): JuxConfig {
  try {
    return configFromInputs((name) => core.getInput(name), { cwd: workspace, homedir: homedir() }).config;
  } catch (e) {
    if (e instanceof ConfigError) throw new InputError(e.message);
    throw e;
  }
}

/** Longest leg input: it goes into cache keys, artifact names and a comment's marker. */
const MAX_LEG = 100;

/** leg: one printable line of at most MAX_LEG characters, or undefined when empty. */
function leg(): string | undefined {
  const text = optional("leg");
  if (text === undefined) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (text.length > MAX_LEG || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(text))
    throw new InputError(
      `input leg: expected one line of at most ${MAX_LEG} characters naming the matrix leg (e.g. \${{ matrix.os }}-\${{ matrix.node }})`,
    );
  return text;
}

/** auth: api_key, oidc, or undefined (empty: chosen from api_key and the job's permissions, see auth.ts). */
function auth(): AuthInput | undefined {
  const text = optional("auth")?.toLowerCase().replace(/-/g, "_");
  if (text === undefined) return undefined;
  if (!(AUTH as readonly string[]).includes(text))
    throw new InputError(
      `input auth: expected api_key or oidc (or nothing: api_key when api_key is set, else oidc when the job has permissions id-token: write), got "${optional("auth")}"`,
    );
  return text as AuthInput;
}

/** oidc_audience: one printable line, or undefined when empty. */
function oidcAudience(): string | undefined {
  const text = optional("oidc_audience");
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (text !== undefined && (text.length > 1000 || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(text)))
    throw new InputError(
      "input oidc_audience: expected one line of at most 1000 characters (the audience jux serve's --oidc-audience names; default: api_url's origin)",
    );
  return text;
}

/** retention_days: whole days from 1 to 400 (GitHub's limit), or the repository's setting when empty. */
function retentionDays(): number | undefined {
  const text = optional("retention_days");
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 400)
    throw new InputError(`input retention_days: expected a whole number from 1 to 400, got "${text}"`);
  return n;
}

/** spill_after_days: whole days from 1 to 6 (the cache evicts an entry after 7 days without access); default 5. */
function spillAfterDays(): number {
  const text = optional("spill_after_days");
  if (text === undefined) return SPILL_AFTER_DAYS.default;
  const n = Number(text);
  if (!Number.isInteger(n) || n < SPILL_AFTER_DAYS.min || n > SPILL_AFTER_DAYS.max)
    throw new InputError(
      `input spill_after_days: expected a whole number from 1 to 6 (the cache evicts an entry 7 days after its last access), got "${text}"`,
    );
  return n;
}

/** from_artifact's default: this action's unsigned artifacts, not its quarantine and rejected ones. */
export const FROM_ARTIFACT_DEFAULT = [
  "jux-reports-*",
  "!jux-reports-quarantine-*",
  "!jux-reports-rejected-*",
  "!jux-reports-pending-*",
];

/** from_run: a run id (digits), or undefined when empty; it needs a signing key (the run's reports are signed). */
function fromRun(step: "main" | "post"): number | undefined {
  const text = optional("from_run");
  if (text === undefined) return undefined;
  const id = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new InputError(
      `input from_run: expected a workflow run id (digits, e.g. \${{ github.event.workflow_run.id }}), got "${text}"`,
    );
  if (step === "main" && core.getInput("signing_key").trim() === "")
    throw new InputError(
      "input from_run: needs signing_key: the other run's reports are taken to be signed here (the trusted workflow has the secret; see docs/forks.md)",
    );
  return id;
}

/**
 * Reads and checks every input, masking the secrets first. Throws an InputError naming the input; secrets
 * are never part of a message. The post step does not sign, so it leaves the key and certificate files alone
 * (a workflow may have removed them by then); the main step hands the certificate over in its manifest.
 */
export function readInputs(workspace: string, step: "main" | "post" = "main"): ActionInputs {
  const passphrase = core.getInput("signing_key_passphrase") || undefined;
  const githubToken = optional("github_token");
  for (const secret of [optional("api_key"), passphrase, githubToken, core.getInput("signing_key").trim()])
    registerSecret(secret);
  const config = configured(workspace);
  const { apiUrl, storageMode } = config;
  const authInput = auth();
  let { apiKey } = config;
  if (authInput === "oidc" && apiKey !== undefined) {
    // The key is not sent anywhere: the workflow asked for OIDC.
    if (step === "main")
      core.notice("jux: input api_key is ignored: input auth is oidc (the job's OIDC token is sent instead)");
    apiKey = undefined;
  }
  const keyProblem = apiKey === undefined ? undefined : apiKeyProblem(apiKey);
  if (keyProblem) throw new InputError(`input api_key: ${keyProblem}`);
  if (publishes(storageMode) && !apiUrl)
    throw new InputError(`input storage_mode: ${storageMode} needs api_url (the Jux API to publish to)`);
  const signingKey = step === "main" ? pemInput("signing_key", workspace, true) : undefined;
  registerSecret(signingKey?.pem.trim());
  const retention = retentionDays();
  const signingCert = step === "main" ? pemInput("signing_cert", workspace, false) : undefined;
  const patterns = core.getMultilineInput("report_paths");
  const matrixLeg = leg();
  const run = fromRun(step);
  const artifactPatterns = core
    .getMultilineInput("from_artifact")
    .map((p) => p.trim())
    .filter(Boolean);
  const audience = oidcAudience();
  return {
    reportPaths: patterns.length ? patterns : ["**/junit*.xml", "**/TEST-*.xml"],
    ifNoFilesFound: oneOf<IfNoFilesFound>("if_no_files_found", ["warn", "error", "ignore"], "warn"),
    storageMode,
    ...(apiUrl ? { apiUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
    apiKeyHeader: config.apiKeyHeader,
    ...(authInput ? { auth: authInput } : {}),
    ...(audience !== undefined ? { oidcAudience: audience } : {}),
    ...(signingKey ? { signingKey } : {}),
    ...(passphrase ? { signingKeyPassphrase: passphrase } : {}),
    ...(signingCert ? { signingCert } : {}),
    c14n: config.c14n,
    ...(config.projectName ? { projectName: config.projectName } : {}),
    properties: config.properties,
    redact: config.redact,
    artifactName: sanitizeArtifactName(
      `${optional("artifact_name") ?? "jux-reports"}${matrixLeg ? `-${matrixLeg}` : ""}`,
    ),
    ...(retention !== undefined ? { retentionDays: retention } : {}),
    queueKey: optional("queue_key") ?? "jux-queue",
    spillAfterDays: spillAfterDays(),
    apiMaxRetries: config.apiMaxRetries,
    apiTimeoutSeconds: config.apiTimeoutSeconds,
    ...(githubToken ? { githubToken } : {}),
    summary: boolean("summary", true),
    failOn: oneOf<FailOn>("fail_on", FAIL_ON, "nothing"),
    annotate: boolean("annotate", true),
    comment: boolean("comment", false),
    ...(matrixLeg ? { leg: matrixLeg } : {}),
    ...(run !== undefined
      ? {
          fromRun: { id: run, artifacts: artifactPatterns.length ? artifactPatterns : FROM_ARTIFACT_DEFAULT },
        }
      : {}),
  };
}

import * as core from "@actions/core";
import { clientFor } from "../core/publish/client.js";
import { runMode, type ModeResult, type Report } from "../core/publish/modes.js";
import { loadWrittenReport } from "../core/publish/report-file.js";
import { publishes } from "../core/publish/storage-mode.js";
import { ReportStore } from "../core/store/store.js";
import { describeAuth, resolveAuth, type Auth } from "./auth.js";
import type { ActionInputs } from "./inputs.js";
import { storeDir, type Manifest } from "./manifest.js";
import { oidcTokens } from "./oidc.js";

/** Where this run publishes: the Jux API and how it proves itself, the run's store, the main step's reports. */
export interface Target {
  apiUrl: string;
  auth: Auth;
  store: ReportStore;
  reports: Report[];
}

/** What publishing did, and why no OIDC token could be had (the step then fails: a configuration to fix). */
export interface Published {
  run: ModeResult;
  tokenProblem?: string;
  /** OIDC tokens asked for. */
  tokens?: number;
}

/**
 * Opens the run's store and reads back the main step's copies, when this run publishes at all (a publishing
 * storage mode, signed reports, an api_url); else undefined. Throws an InputError when the auth asked for
 * cannot be had (the main step already refused it).
 */
export async function openTarget(
  m: Manifest,
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
): Promise<Target | undefined> {
  if (!publishes(m.mode) || m.unsignedReason || inputs.apiUrl === undefined) return undefined;
  const auth = resolveAuth(inputs, env);
  const store = await ReportStore.open(storeDir(m));
  const reports = await Promise.all(m.reports.map((r) => loadWrittenReport({ ...r, path: r.copy })));
  return { apiUrl: inputs.apiUrl, auth, store, reports };
}

/**
 * Publishes the main step's reports as the storage mode says (api, both, cache). In cache mode the store's
 * queue, with what the offline queue collected, is published too (earlier runs' reports first). With OIDC, the
 * batch asks for its own token when its first report is sent, and for a new one before it expires.
 */
export async function publishReports(m: Manifest, target: Target, inputs: ActionInputs): Promise<Published> {
  const { auth } = target;
  core.info(`jux: publishing to ${target.apiUrl} with auth ${describeAuth(auth)}`);
  const tokens =
    auth.kind === "oidc"
      ? oidcTokens({
          endpoint: auth.endpoint,
          audience: auth.audience,
          timeoutMs: Math.min(inputs.apiTimeoutSeconds, 30) * 1000,
        })
      : undefined;
  // With a token source the client sends no API key (auth oidc is only chosen without one, or drops it).
  const client = clientFor(target.apiUrl, inputs, tokens);
  try {
    const run = await runMode({ mode: m.mode, reports: target.reports, store: target.store, client });
    const problem = tokens?.problem;
    return {
      run,
      ...(problem ? { tokenProblem: problem } : {}),
      ...(tokens ? { tokens: tokens.requests } : {}),
    };
  } finally {
    client.dispose();
  }
}

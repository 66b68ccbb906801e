import { join } from "node:path";
import * as core from "@actions/core";
import { errorMessage } from "../core/atomic-file.js";
import { loadTrustedKeys, type TrustedKey } from "../core/keys.js";
import { JuxClient } from "../core/publish/client.js";
import { runMode, type ModeResult } from "../core/publish/modes.js";
import { loadReportBytes, loadReportFile } from "../core/publish/report-file.js";
import { verifyReport } from "../core/report/verify-report.js";
import type { StoredEntry } from "../core/store/types.js";
import { ReportStore } from "../core/store/store.js";
import type { ActionInputs } from "./inputs.js";
import type { Counts, Manifest } from "./manifest.js";
import {
  collectQueue,
  deleteDrained,
  newQueueKey,
  queuePrefix,
  saveQueue,
  type Collected,
  type Vet,
} from "./queue-cache.js";

export interface Published {
  run: ModeResult;
  /** Cache mode: what was collected from earlier runs. */
  collected?: Collected;
  /** Cache mode: what still waits after this run. */
  queue?: { depth: number; oldestHours?: number };
  /** Counts of the earlier runs' reports, by hash (from the queue before it was drained). */
  earlierCounts: Map<string, Counts>;
  /** What could not be done and its consequence. */
  notes: string[];
}

async function* once(bytes: Buffer): AsyncIterable<Buffer> {
  yield bytes;
}

/** A restored report is trusted only if the strict reader accepts it and, with a certificate, it verifies. */
function vetWith(trusted: TrustedKey[] | undefined): Vet {
  return async (xml, source) => {
    if (trusted) {
      const verdict = await verifyReport({ source, open: () => once(xml), trusted });
      if (!verdict.valid) return { problem: `its signature does not verify: ${verdict.error}` };
      return { hash: verdict.canonicalHash };
    }
    try {
      return { hash: (await loadReportBytes(xml, source)).hash };
    } catch (e) {
      return { problem: errorMessage(e) };
    }
  };
}

function clientOf(inputs: ActionInputs, apiUrl: string): JuxClient {
  return new JuxClient({
    apiUrl,
    ...(inputs.apiKey ? { apiKey: inputs.apiKey } : {}),
    apiKeyHeader: inputs.apiKeyHeader,
    timeoutMs: inputs.timeoutSeconds * 1000,
    maxRetries: inputs.maxRetries,
  });
}

function countsOf(entries: StoredEntry[]): Map<string, Counts> {
  return new Map(
    entries.map((e) => [
      e.hash,
      { tests: e.tests, passed: e.passed, failures: e.failures, errors: e.errors, skipped: e.skipped },
    ]),
  );
}

function queueAge(entries: StoredEntry[]): { depth: number; oldestHours?: number } {
  const times = entries.map((e) => Date.parse(e.timestamp ?? e.storedAt)).filter(Number.isFinite);
  if (times.length === 0) return { depth: entries.length };
  return { depth: entries.length, oldestHours: Math.max(0, (Date.now() - Math.min(...times)) / 3_600_000) };
}

/** Cache mode's bookkeeping around the core: collect earlier entries, publish all, save the rest, drop drained. */
async function publishWithQueue(
  m: Manifest,
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  store: ReportStore,
  client: JuxClient,
): Promise<Published> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const trusted = inputs.signingCert
    ? loadTrustedKeys({ pem: inputs.signingCert.pem, source: inputs.signingCert.source })
    : undefined;
  const collected = await collectQueue({
    prefix: queuePrefix(inputs.queueKey, env),
    workspace,
    env,
    ...(inputs.githubToken ? { token: inputs.githubToken } : {}),
    store,
    vet: vetWith(trusted),
    quarantineDir: join(m.dir, "quarantine"),
  });
  const notes = [...collected.notes];
  const earlierCounts = countsOf(await store.list("queue"));
  const reports = await Promise.all(m.reports.map((r) => loadReportFile(r.copy, r.name)));
  const run = await runMode({ mode: "cache", reports, store, client });
  const saved = await saveQueue(store, workspace, newQueueKey(inputs.queueKey, env));
  if (!saved.ok)
    notes.push(
      `${saved.count} unpublished report(s) could not be saved to the offline queue (${saved.reason}). ` +
        "No later run will publish them by itself: they are in this run's artifact; publish them with jux publish -f.",
    );
  else {
    if (saved.key)
      core.info(`jux: ${saved.count} report(s) wait in the offline queue (cache key ${saved.key})`);
    const drained = await deleteDrained(collected.entries, inputs.githubToken, env);
    if (drained.note) notes.push(drained.note);
    if (drained.deleted)
      core.info(`jux: deleted ${drained.deleted} drained queue entr${drained.deleted === 1 ? "y" : "ies"}`);
  }
  return { run, collected, queue: queueAge(await store.list("queue")), earlierCounts, notes };
}

/** Publishes the main step's reports as the storage mode says (api, both, cache). */
export async function publishReports(
  m: Manifest,
  inputs: ActionInputs,
  apiUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<Published> {
  const store = await ReportStore.open(join(m.dir, "store"));
  const client = clientOf(inputs, apiUrl);
  try {
    if (m.mode === "cache") return await publishWithQueue(m, inputs, env, store, client);
    const reports = await Promise.all(m.reports.map((r) => loadReportFile(r.copy, r.name)));
    const run = await runMode({ mode: m.mode, reports, store, client });
    return { run, earlierCounts: new Map(), notes: [] };
  } finally {
    client.dispose();
  }
}

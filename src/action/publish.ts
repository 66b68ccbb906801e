import { join } from "node:path";
import { errorMessage } from "../core/errors.js";
import { loadTrustedKeys, type TrustedKey } from "../core/crypto/keys.js";
import { JuxClient } from "../core/publish/client.js";
import { runMode, type ModeResult } from "../core/publish/modes.js";
import { loadReportBytes, loadReportFile, type LoadedReport } from "../core/publish/report-file.js";
import { verifyReport } from "../core/report/verify-report.js";
import type { StoredEntry } from "../core/store/types.js";
import { ReportStore } from "../core/store/store.js";
import type { ActionInputs } from "./inputs.js";
import type { Counts } from "../core/junit/summary.js";
import type { Manifest } from "./manifest.js";
import { collectQueue, queuePrefix, type Collected, type Vet } from "./queue-cache.js";
import { bytesOnce } from "../core/report/sources.js";

export interface Published {
  run: ModeResult;
  /** Cache mode: what was collected from earlier runs, and the store holding what still waits. */
  queue?: PendingQueue;
  /** Counts of the earlier runs' reports, by hash (from the queue before it was drained). */
  earlierCounts: Map<string, Counts>;
  /** What could not be done and its consequence. */
  notes: string[];
}

export interface PendingQueue {
  /** This repository's and server's queue entries start with it. */
  prefix: string;
  collected: Collected;
  store: ReportStore;
}

/** A restored report is trusted only if the strict reader accepts it and, with a certificate, it verifies. */
function vetWith(trusted: TrustedKey[] | undefined): Vet {
  return async (xml, source) => {
    if (trusted) {
      const verdict = await verifyReport({ source, open: () => bytesOnce(xml), trusted });
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
      {
        tests: e.tests,
        passed: e.passed,
        failures: e.failures,
        errors: e.errors,
        skipped: e.skipped,
        time: e.time,
      },
    ]),
  );
}

/** Cache mode: collect the earlier runs' entries into the store's queue, then publish it all. */
async function publishWithQueue(
  m: Manifest,
  reports: LoadedReport[],
  inputs: ActionInputs,
  apiUrl: string,
  env: NodeJS.ProcessEnv,
  store: ReportStore,
  client: JuxClient,
): Promise<Published> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const prefix = queuePrefix(inputs.queueKey, apiUrl, env);
  const trusted = m.certificatePem
    ? loadTrustedKeys({ pem: m.certificatePem, source: "input signing_cert" })
    : undefined;
  const collected = await collectQueue({
    prefix,
    workspace,
    env,
    ...(inputs.githubToken ? { token: inputs.githubToken } : {}),
    store,
    vet: vetWith(trusted),
    quarantineDir: join(m.dir, "quarantine"),
  });
  const notes = [...collected.notes];
  const earlierCounts = countsOf(await store.list("queue"));
  const run = await runMode({ mode: "cache", reports, store, client });
  return { run, queue: { prefix, collected, store }, earlierCounts, notes };
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
    const reports = await Promise.all(m.reports.map((r) => loadReportFile(r.copy, r.name)));
    if (m.mode === "cache") return await publishWithQueue(m, reports, inputs, apiUrl, env, store, client);
    const run = await runMode({ mode: m.mode, reports, store, client });
    return { run, earlierCounts: new Map(), notes: [] };
  } finally {
    client.dispose();
  }
}

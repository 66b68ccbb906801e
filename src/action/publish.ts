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
  deleteEntries,
  newQueueKey,
  queuePrefix,
  redundantEntries,
  saveEntry,
  type Collected,
  type QueueEntry,
  type Vet,
} from "./queue-cache.js";

export interface Published {
  run: ModeResult;
  /** Cache mode: what was collected from earlier runs and what became of the queue. */
  queue?: QueueOutcome;
  /** Counts of the earlier runs' reports, by hash (from the queue before it was drained). */
  earlierCounts: Map<string, Counts>;
  /** What could not be done and its consequence. */
  notes: string[];
}

export interface QueueOutcome {
  collected: Collected;
  /** Restored entries that may now be deleted (after the side artifacts are safe). */
  redundant: QueueEntry[];
  /** Reports still waiting, and the oldest one's age. */
  depth: number;
  oldestHours?: number;
  /** Why the reports still waiting could not be saved for a later run (then they are only in the artifact). */
  saveProblem?: string;
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

function queueAge(entries: StoredEntry[]): Pick<QueueOutcome, "depth" | "oldestHours"> {
  const times = entries.map((e) => Date.parse(e.timestamp ?? e.storedAt)).filter(Number.isFinite);
  if (times.length === 0) return { depth: entries.length };
  return { depth: entries.length, oldestHours: Math.max(0, (Date.now() - Math.min(...times)) / 3_600_000) };
}

/** Cache mode's bookkeeping around the core: collect earlier entries, publish all, save what is left. */
async function publishWithQueue(
  m: Manifest,
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  store: ReportStore,
  client: JuxClient,
): Promise<Published> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const trusted = m.certificatePem
    ? loadTrustedKeys({ pem: m.certificatePem, source: "input signing_cert" })
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
  const saved = await saveWaiting(m, inputs, env, store, collected);
  if (saved.saveProblem) notes.push(saved.saveProblem);
  return {
    run,
    queue: {
      collected,
      redundant: saved.redundant,
      ...queueAge(saved.waiting),
      ...(saved.saveProblem ? { saveProblem: saved.saveProblem } : {}),
    },
    earlierCounts,
    notes,
  };
}

/**
 * Saves the reports still waiting as one new entry that names the entries it supersedes; returns which restored
 * entries may be deleted (more of them when the save succeeded) and, on failure, what it means.
 */
async function saveWaiting(
  m: Manifest,
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  store: ReportStore,
  collected: Collected,
): Promise<{ waiting: StoredEntry[]; redundant: QueueEntry[]; saveProblem?: string }> {
  const waiting = await store.list("queue");
  const stillQueued = new Set(waiting.map((e) => e.hash));
  const ref = env.GITHUB_REF ?? "";
  if (waiting.length === 0)
    return { waiting, redundant: redundantEntries(collected, stillQueued, ref, false) };
  const candidates = redundantEntries(collected, stillQueued, ref, true);
  const names = new Map([...collected.names, ...m.reports.map((r): [string, string] => [r.hash, r.name])]);
  const files = await Promise.all(
    waiting.map(async (e) => ({
      hash: e.hash,
      xml: await store.read("queue", e.hash),
      name: names.get(e.hash),
    })),
  );
  const key = newQueueKey(inputs.queueKey, env);
  const saved = await saveEntry(
    env.GITHUB_WORKSPACE ?? process.cwd(),
    key,
    files,
    candidates.map((e) => e.key),
  );
  if (saved.ok) {
    core.info(`jux: ${waiting.length} report(s) wait in the offline queue (cache key ${key})`);
    return { waiting, redundant: candidates };
  }
  const where = m.artifact
    ? `No later run will publish them by itself: publish them from artifact ${m.artifact.name} with jux publish -f.`
    : "They are in no artifact either: they are lost when this job ends.";
  return {
    waiting,
    redundant: redundantEntries(collected, stillQueued, ref, false),
    saveProblem: `${waiting.length} unpublished report(s) could not be saved to the offline queue (${saved.reason}). ${where}`,
  };
}

/**
 * Deletes the entries this run made redundant. Entries that cannot be deleted (no `actions: write`) are recorded
 * as superseded in a small new entry, so later runs skip them instead of restoring them forever.
 */
export async function retireEntries(
  q: QueueOutcome,
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const done = await deleteEntries(q.redundant, inputs.githubToken, env);
  if (done.deleted)
    core.info(`jux: deleted ${done.deleted} drained queue entr${done.deleted === 1 ? "y" : "ies"}`);
  if (done.kept.length === 0) return undefined;
  // With reports still waiting, the entry just saved already names these; otherwise leave a marker.
  if (q.depth === 0 && q.collected.listed) {
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    await saveEntry(
      workspace,
      newQueueKey(inputs.queueKey, env),
      [],
      done.kept.map((e) => e.key),
    );
  }
  return (
    `${done.kept.length} drained queue entr${done.kept.length === 1 ? "y" : "ies"} could not be deleted (${done.reason}). ` +
    "Harmless: later runs skip them, and the cache evicts them"
  );
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

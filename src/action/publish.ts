import { clientFor } from "../core/publish/client.js";
import { runMode, type ModeResult, type Report } from "../core/publish/modes.js";
import { loadWrittenReport } from "../core/publish/report-file.js";
import { publishes } from "../core/publish/storage-mode.js";
import { ReportStore } from "../core/store/store.js";
import type { ActionInputs } from "./inputs.js";
import { storeDir, type Manifest } from "./manifest.js";

/** Where this run publishes: the Jux API, the run's store, and the main step's reports read back. */
export interface Target {
  apiUrl: string;
  store: ReportStore;
  reports: Report[];
}

/**
 * Opens the run's store and reads back the main step's copies, when this run publishes at all (a publishing
 * storage mode, signed reports, an api_url); else undefined.
 */
export async function openTarget(m: Manifest, inputs: ActionInputs): Promise<Target | undefined> {
  if (!publishes(m.mode) || m.unsignedReason || inputs.apiUrl === undefined) return undefined;
  const store = await ReportStore.open(storeDir(m));
  const reports = await Promise.all(m.reports.map((r) => loadWrittenReport({ ...r, path: r.copy })));
  return { apiUrl: inputs.apiUrl, store, reports };
}

/**
 * Publishes the main step's reports as the storage mode says (api, both, cache). In cache mode the store's
 * queue, with what the offline queue collected, is published too (earlier runs' reports first).
 */
export async function publishReports(m: Manifest, target: Target, inputs: ActionInputs): Promise<ModeResult> {
  const client = clientFor(target.apiUrl, inputs);
  try {
    return await runMode({ mode: m.mode, reports: target.reports, store: target.store, client });
  } finally {
    client.dispose();
  }
}

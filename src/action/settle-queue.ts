import * as core from "@actions/core";
import type { StoredEntry } from "../core/store/types.js";
import type { ActionInputs } from "./inputs.js";
import type { Manifest } from "./manifest.js";
import type { PendingQueue } from "./publish.js";
import { deleteEntries, newQueueKey, redundantEntries, saveEntry, type QueueEntry } from "./queue-cache.js";

export interface QueueState {
  /** Reports still waiting, and the oldest one's age. */
  depth: number;
  oldestHours?: number;
  /** Set when what still waits could not be saved for a later run. */
  saveProblem?: string;
  notes: string[];
}

function age(entries: StoredEntry[]): Pick<QueueState, "depth" | "oldestHours"> {
  const times = entries.map((e) => Date.parse(e.timestamp ?? e.storedAt)).filter(Number.isFinite);
  if (times.length === 0) return { depth: entries.length };
  return { depth: entries.length, oldestHours: Math.max(0, (Date.now() - Math.min(...times)) / 3_600_000) };
}

const plural = (n: number) => `entr${n === 1 ? "y" : "ies"}`;

/**
 * After publishing: saves what still waits as one new entry, then deletes the restored entries it made
 * redundant. `safe` says whether the refused and quarantined reports are kept in artifacts: only then may the
 * entries that held them be superseded or deleted. Entries that cannot be deleted are named in a small marker
 * entry (when nothing else is saved); later runs still restore and check them (a marker is only a hint).
 */
export async function settleQueue(
  m: Manifest,
  q: PendingQueue,
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  safe: boolean,
): Promise<QueueState> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const waiting = await q.store.list("queue");
  const stillQueued = new Set(waiting.map((e) => e.hash));
  const ref = env.GITHUB_REF ?? "";
  const drained = (savedHere: boolean): QueueEntry[] =>
    safe ? redundantEntries(q.collected, stillQueued, ref, savedHere) : [];
  const notes: string[] = [];
  let redundant = drained(false);
  let saveProblem: string | undefined;
  if (waiting.length > 0) {
    const names = new Map([
      ...q.collected.names,
      ...m.reports.map((r): [string, string] => [r.hash, r.name]),
    ]);
    const files = await Promise.all(
      waiting.map(async (e) => ({
        hash: e.hash,
        xml: await q.store.read("queue", e.hash),
        name: names.get(e.hash),
      })),
    );
    const key = newQueueKey(q.prefix, env);
    const supersedable = drained(true);
    const saved = await saveEntry(
      workspace,
      key,
      files,
      supersedable.map((e) => e.key),
    );
    if (saved.ok) {
      redundant = supersedable;
      core.info(`jux: ${waiting.length} report(s) wait in the offline queue (cache key ${key})`);
    } else {
      saveProblem =
        `${waiting.length} unpublished report(s) could not be saved to the offline queue (${saved.reason}). ` +
        (m.artifact
          ? `No later run will publish them by itself: publish them from artifact ${m.artifact.name} with jux publish -f.`
          : "They are in no artifact either: they are lost when this job ends.");
      notes.push(saveProblem);
    }
  }
  const done = await deleteEntries(redundant, inputs.githubToken, env);
  if (done.deleted) core.info(`jux: deleted ${done.deleted} drained queue ${plural(done.deleted)}`);
  if (done.kept.length > 0) {
    // With reports still waiting, the entry just saved already names these; and entries that are markers or
    // that a marker covers stay covered by it: a new marker is needed only for an entry restored this run.
    const uncovered = done.kept.some((e) => !e.marker && q.collected.entries.includes(e));
    if (waiting.length === 0 && q.collected.listed && uncovered)
      await saveEntry(
        workspace,
        newQueueKey(q.prefix, env),
        [],
        done.kept.map((e) => e.key),
      );
    notes.push(
      `${done.kept.length} drained queue ${plural(done.kept.length)} could not be deleted (${done.reason}). ` +
        "Harmless: later runs check them again (the server answers duplicate) until a run with actions: write deletes them",
    );
  }
  return { ...age(waiting), ...(saveProblem ? { saveProblem } : {}), notes };
}

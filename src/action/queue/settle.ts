/**
 * Settles the offline queue after publishing: saves what still waits as one new entry, then deletes the restored
 * entries it made redundant, but only once the refused and quarantined reports are kept in artifacts.
 */
import * as core from "@actions/core";
import type { StoredEntry } from "../../core/store/types.js";
import type { Manifest } from "../manifest.js";
import type { SideArtifactsKept } from "../side-artifacts.js";
import type { Collected, QueueEntry } from "./collected.js";
import { deleteEntries } from "./delete.js";
import { newQueueKey } from "./keys.js";
import type { QueueContext } from "./offline-queue.js";
import { markDrained, uploadPending } from "./pending-artifact.js";
import { deleteMarked, deletePending } from "./pending-collect.js";
import { spillDue } from "./spill.js";
import { saveEntry, type ToSave } from "./save.js";
import { needsMarker, redundantEntries } from "./supersede.js";

export interface QueueState {
  /** Reports still waiting, and the oldest one's age. */
  depth: number;
  oldestHours?: number;
  /** Set when what still waits could not be saved for a later run. */
  saveProblem?: string;
  /** Where what still waits was kept: the cache entry's key, or the pending artifact's name. */
  kept?: { in: "cache" | "artifact"; name: string };
  notes: string[];
}

/** How many reports wait and the oldest one's age in hours, as of `now` (ms). */
export function age(entries: StoredEntry[], now: number): Pick<QueueState, "depth" | "oldestHours"> {
  // A loop, not Math.min(...times): spreading a queue of a few hundred thousand reports overflows the stack.
  let oldest = Infinity;
  for (const e of entries) {
    const time = Date.parse(e.timestamp ?? e.storedAt);
    if (Number.isFinite(time) && time < oldest) oldest = time;
  }
  if (oldest === Infinity) return { depth: entries.length };
  return { depth: entries.length, oldestHours: Math.max(0, (now - oldest) / 3_600_000) };
}

const plural = (n: number) => `entr${n === 1 ? "y" : "ies"}`;

type Saving = { kept: NonNullable<QueueState["kept"]>; note?: string } | { problem: string };

/** Uploads the waiting reports as this job's pending artifact; where they went, with why, or the upload's problem. */
async function spill(q: QueueContext, files: ToSave[], why: string): Promise<Saving | { failed: string }> {
  const spilled = await uploadPending(q.pending, files, q.env);
  if (!spilled.ok) return { failed: spilled.reason };
  const name = spilled.artifact.name;
  core.info(`jux: ${files.length} report(s) wait in pending artifact ${name}`);
  return {
    kept: { in: "artifact", name },
    note: `${why}: ${files.length} unpublished report(s) were queued in an artifact instead, ${name}; a later run of this repository publishes them`,
  };
}

/**
 * Saves the waiting reports as one entry superseding `supersedable`, or as this job's pending artifact (the queue
 * outside the cache) when the cache refuses the entry or its entries neared eviction (`spillAge`, in days).
 * Where they went, or the problem when neither took them.
 */
async function saveWaiting(
  q: QueueContext,
  c: Collected,
  m: Manifest,
  waiting: StoredEntry[],
  supersedable: QueueEntry[],
  spillAge: number | undefined,
): Promise<Saving> {
  const names = new Map([...c.names, ...m.reports.map((r): [string, string] => [r.hash, r.name])]);
  // Read one by one as they are staged (each checked by the store), never all in memory at once.
  const files = waiting.map((e): ToSave => ({
    hash: e.hash,
    xml: () => q.store.read("queue", e.hash),
    name: names.get(e.hash),
  }));
  let spillProblem = "";
  if (spillAge !== undefined) {
    const why = `the offline queue's entries were not accessed for ${spillAge.toFixed(1)} days (spill_after_days ${q.spillAfterDays}; the cache evicts them after 7)`;
    const spilled = await spill(q, files, why);
    if (!("failed" in spilled)) return spilled;
    spillProblem = ` (moving them to a pending artifact failed: ${spilled.failed})`;
  }
  const key = newQueueKey(q.prefix, q.env);
  const saved = await saveEntry(
    q.workspace,
    key,
    files,
    supersedable.map((e) => e.key),
  );
  if (saved.ok) {
    core.info(`jux: ${waiting.length} report(s) wait in the offline queue (cache key ${key})${spillProblem}`);
    return { kept: { in: "cache", name: key } };
  }
  const spilled = spillProblem
    ? { failed: spillProblem }
    : await spill(q, files, `the offline queue's cache entry could not be saved (${saved.reason})`);
  if (!("failed" in spilled)) return spilled;
  return {
    problem:
      `${waiting.length} unpublished report(s) could not be saved to the offline queue (${saved.reason}), ` +
      `nor as a pending artifact (${spilled.failed}). ` +
      (m.artifact
        ? `No later run will publish them by itself: publish them from artifact ${m.artifact.name} with jux publish -f.`
        : "They are in no artifact either: they are lost when this job ends."),
  };
}

/**
 * Deletes the redundant entries; those that cannot be deleted are named in a small marker entry (when nothing
 * else is saved): later runs still restore and check them (a marker is only a hint). Returns a note, if any.
 */
async function deleteRedundant(
  q: QueueContext,
  c: Collected,
  redundant: QueueEntry[],
  waiting: number,
): Promise<string | undefined> {
  const done = await deleteEntries(redundant, q.token, q.env);
  if (done.deleted) core.info(`jux: deleted ${done.deleted} drained queue ${plural(done.deleted)}`);
  if (done.kept.length === 0) return undefined;
  // With reports still waiting, the entry just saved already names these.
  if (needsMarker(c, done.kept, waiting))
    await saveEntry(
      q.workspace,
      newQueueKey(q.prefix, q.env),
      [],
      done.kept.map((e) => e.key),
    );
  return (
    `${done.kept.length} drained queue ${plural(done.kept.length)} could not be deleted (${done.reason}). ` +
    "Harmless: later runs check them again (the server answers duplicate) until a run with actions: write deletes them"
  );
}

/**
 * The pending artifacts collected this run that may go (only once the refused and quarantined reports are safe):
 * those whose every report left the queue (acknowledged, or refused for good and kept in the -rejected artifact),
 * and all of them when what still waits was just kept in a new pending artifact (visible to every ref, as they
 * were). A new cache entry does not replace them: another ref's runs could not restore it.
 */
export function drainedPending(
  c: Collected,
  stillQueued: Set<string>,
  safe: boolean,
  spilledHere: boolean,
): QueueEntry[] {
  if (!safe) return [];
  return c.pending.filter((e) => spilledHere || e.hashes.every((h) => !stillQueued.has(h)));
}

/**
 * Deletes drained pending artifacts; without actions: write, those whose every report was acknowledged or refused
 * for good (none still queued) get a marker so that later runs skip them instead of publishing them again (409).
 * With actions: write, the artifacts earlier runs marked go too, then their markers.
 */
async function deleteDrainedPending(
  q: QueueContext,
  c: Collected,
  drained: QueueEntry[],
  stillQueued: Set<string>,
): Promise<string | undefined> {
  const done = await deletePending(drained, q.token, q.env);
  if (done.deleted) core.info(`jux: deleted ${done.deleted} drained pending artifact(s)`);
  if (done.kept.length === 0) {
    const cleaned = await deleteMarked(c.marked, q.token, q.env);
    if (cleaned.deleted)
      core.info(`jux: deleted ${cleaned.deleted} marked drained pending artifact(s) and marker(s)`);
    if (!cleaned.reason) return undefined;
    return (
      `${c.marked.pending.length} pending artifact(s) drained by earlier runs and marked could not be deleted ` +
      `(${cleaned.reason}). Harmless: runs skip them; a run with actions: write deletes them and their markers`
    );
  }
  // Only what left the queue for good: a report that waits (in a new pending artifact) is never marked away.
  const gone = done.kept.filter((e) => e.hashes.every((h) => !stillQueued.has(h)));
  const marks = gone.length > 0 ? await markDrained(q.pending, gone, q.env) : { marked: 0 };
  const marked = marks.marked
    ? `; ${marks.marked} marked so that later runs skip them instead of publishing their reports again`
    : "";
  const failed = marks.problem ? ` (a marker could not be uploaded: ${marks.problem})` : "";
  return (
    `${done.kept.length} drained pending artifact(s) could not be deleted (${done.reason})${marked}${failed}. ` +
    "Harmless: a run with actions: write deletes them (and their markers), or they expire"
  );
}

/**
 * Saves what still waits, then deletes the entries it made redundant. Only with `kept.safe` (the refused and
 * quarantined reports are in artifacts) may the entries that held them be superseded or deleted.
 */
export async function settleQueue(
  q: QueueContext,
  c: Collected,
  m: Manifest,
  kept: SideArtifactsKept,
): Promise<QueueState> {
  const waiting = await q.store.list("queue");
  const stillQueued = new Set(waiting.map((e) => e.hash));
  const ref = q.env.GITHUB_REF ?? "";
  const drained = (savedHere: boolean): QueueEntry[] =>
    kept.safe ? redundantEntries(c, stillQueued, ref, savedHere) : [];
  const notes: string[] = [];
  let redundant = drained(false);
  let saving: Saving | undefined;
  if (waiting.length > 0) {
    const supersedable = drained(true);
    const spillAge = spillDue(c.lastAccessed, Date.now(), q.spillAfterDays);
    saving = await saveWaiting(q, c, m, waiting, supersedable, spillAge);
    if ("problem" in saving) notes.push(saving.problem);
    // A pending artifact (uploaded and finalized by now) holds every waiting report for every ref: each
    // collected entry's reports are published, kept as refused or quarantined, or in it.
    else if (saving.kept.in === "artifact") redundant = kept.safe ? [...c.superseded, ...c.entries] : [];
    else redundant = supersedable;
    if ("note" in saving && saving.note) notes.push(saving.note);
  }
  const deleteNote = await deleteRedundant(q, c, redundant, waiting.length);
  if (deleteNote) notes.push(deleteNote);
  const spilledHere = saving !== undefined && "kept" in saving && saving.kept.in === "artifact";
  const pendingNote = await deleteDrainedPending(
    q,
    c,
    drainedPending(c, stillQueued, kept.safe, spilledHere),
    stillQueued,
  );
  if (pendingNote) notes.push(pendingNote);
  return {
    ...age(waiting, Date.now()),
    ...(saving && "problem" in saving ? { saveProblem: saving.problem } : {}),
    ...(saving && "kept" in saving ? { kept: saving.kept } : {}),
    notes,
  };
}

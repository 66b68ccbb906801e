/**
 * The offline queue (cache mode): reports that could not be published wait in Actions cache entries, one per
 * run. A run collects the entries earlier runs left into its store's queue, publishes, keeps what was refused or
 * suspect in artifacts, and only then settles: what still waits is saved, the drained entries deleted.
 */
import { countsOf, type Counts } from "../../core/junit/summary.js";
import type { ReportStore } from "../../core/store/store.js";
import type { Quarantined, StoredEntry } from "../../core/store/types.js";
import type { ActionInputs } from "../inputs.js";
import { queueQuarantineDir, type Manifest } from "../manifest.js";
import type { SideArtifactsKept } from "../side-artifacts.js";
import { collectQueue } from "./collect.js";
import type { Collected } from "./collected.js";
import { queuePrefix } from "./keys.js";
import { pendingNaming, type PendingNaming } from "./pending-artifact.js";
import { collectPending } from "./pending-collect.js";
import { settleQueue, type QueueState } from "./settle.js";
import { recheckedOnly } from "./supersede.js";
import { vetWith } from "./vet.js";

export type { QueueState } from "./settle.js";

/** What collecting and settling share: where the entries are (cache, REST API) and the store holding the queue. */
export interface QueueContext {
  /** This repository's and server's queue entries start with it. */
  prefix: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  token?: string;
  store: ReportStore;
  /** The pending artifacts' names: the queue outside the cache. */
  pending: PendingNaming;
  /** spill_after_days: entries not accessed for that long go into a pending artifact. */
  spillAfterDays: number;
}

function countsByHash(entries: StoredEntry[]): Map<string, Counts> {
  return new Map(entries.map((e) => [e.hash, countsOf(e)]));
}

/**
 * How long collecting holds the store's lock at a stretch. Each hold ends with one write of the whole index, so
 * with the default 2 s a queue of 10 000 reports wrote it some 50 times (a third of the drain's CPU under load).
 * The store is this run's own (under RUNNER_TEMP): no other process waits for it, and 10 s stays well inside
 * the 30 s another would wait.
 */
const COLLECT_HOLD_MS = 10_000;

/** The queue was used out of order (settled twice): a bug in the post step, not in the input. */
export class QueueOrderError extends Error {
  override name = "QueueOrderError";
  readonly code = "QUEUE_ORDER";
}

export class OfflineQueue {
  private settled = false;

  private constructor(
    private readonly context: QueueContext,
    private readonly collected: Collected,
    /** Counts of the earlier runs' reports, by hash (read before publishing drains the queue). */
    readonly earlierCounts: Map<string, Counts>,
    /** Where the files that failed their check were kept, for the quarantine artifact. */
    readonly quarantineDir: string,
  ) {}

  /** Restores the entries earlier runs left (for this repository and api_url) into the store's queue. */
  static async collect(
    m: Manifest,
    inputs: ActionInputs,
    apiUrl: string,
    store: ReportStore,
    env: NodeJS.ProcessEnv,
  ): Promise<OfflineQueue> {
    const context: QueueContext = {
      prefix: queuePrefix(inputs.queueKey, apiUrl, env),
      workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
      env,
      ...(inputs.githubToken ? { token: inputs.githubToken } : {}),
      store,
      pending: pendingNaming(inputs.artifactName, apiUrl, env),
      spillAfterDays: inputs.spillAfterDays,
    };
    const quarantineDir = queueQuarantineDir(m);
    const options = {
      ...context,
      vet: vetWith(m.certificatePem),
      quarantineDir,
      batch: <T>(items: readonly T[], each: (item: T) => Promise<void>) =>
        store.batch(items, each, { holdMs: COLLECT_HOLD_MS }),
    };
    const collected = await collectQueue(options);
    // Also when the cache is unavailable: that is when reports wait in artifacts.
    await collectPending(options, context.pending, collected);
    const counts = countsByHash(await store.list("queue"));
    return new OfflineQueue(context, collected, counts, quarantineDir);
  }

  /** What collecting could not do and its consequence. */
  get notes(): readonly string[] {
    return this.collected.notes;
  }

  /** The files restored entries held that failed their check (never queued). */
  get setAside(): readonly Quarantined[] {
    return this.collected.setAside;
  }

  /** A restored report's original file name, as its entry recorded it (display only). */
  nameOf(hash: string): string | undefined {
    return this.collected.names.get(hash);
  }

  /** Reports that only entries named as already drained held: a duplicate of one of them is no news. */
  recheckedOnly(): Set<string> {
    return recheckedOnly(this.collected);
  }

  /**
   * Saves what still waits and deletes the drained entries; once. `kept` is the proof that the refused and
   * quarantined reports were dealt with: entries are superseded or deleted only when `kept.safe`.
   */
  async settle(kept: SideArtifactsKept, m: Manifest): Promise<QueueState> {
    if (this.settled)
      throw new QueueOrderError(
        "the offline queue was settled twice: settle it once, after the side artifacts",
      );
    this.settled = true;
    return settleQueue(this.context, this.collected, m, kept);
  }
}

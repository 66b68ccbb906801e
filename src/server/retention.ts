/**
 * jux serve's retention job (--retention-days, --keep-latest): a pass at start, then one per interval. One process
 * at a time runs it (a lease in the database, renewed between batches once a quarter of it has run, so that a
 * crashed holder's lease expires); runs go in small batches, each its own transaction, with the event loop free between them so that submissions
 * wait for one batch at most. What goes is decided by retention-policy.ts.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { setImmediate as nextTurn } from "node:timers/promises";
import {
  retentionLine,
  runsToDelete,
  type Doomed,
  type RetentionCounts,
  type RetentionPolicy,
} from "./retention-policy.js";
import { baseFor } from "./insight/base.js";
import { redactDatabaseUrl } from "./db/redact.js";
import type { Store } from "./store.js";

/** The lease's name in job_leases. */
export const RETENTION_LEASE = "retention";
/** A pass at start, then one an hour. */
export const RETENTION_INTERVAL_MS = 3_600_000;
/**
 * How long a lease lasts unless renewed (between batches, once a quarter of it has run): a crashed holder blocks
 * the job this long at most.
 */
export const RETENTION_LEASE_MS = 10 * 60_000;
/** Runs deleted per transaction (a run may have tens of thousands of rows). */
export const RETENTION_BATCH = 16;
/** Test keys checked per transaction when the keys of deleted runs are pruned (a gone one walks the project's runs). */
const KEY_BATCH = 32;
/** Runs read (of branches with nothing due) before the event loop is let go. */
const YIELD_AFTER_RUNS = 5_000;

export interface RetentionOptions {
  policy: RetentionPolicy;
  /** The time: the decision's `now` and the lease's. */
  clock: () => Date;
  /** Who holds the lease (unique per process and job). */
  holder: string;
  leaseMs?: number;
  batch?: number;
  /** Asked between batches: true stops the pass (the server is stopping). */
  stopping?: () => boolean;
}

/**
 * One pass: deletes what the policy says is due, in batches, and forgets the test keys no run has any more.
 * Resolves to the runs deleted by reason, or undefined when another process holds the lease (it runs the pass).
 */
export async function retentionPass(store: Store, o: RetentionOptions): Promise<RetentionCounts | undefined> {
  const leaseMs = o.leaseMs ?? RETENTION_LEASE_MS;
  let renewed = 0;
  const renew = (): Promise<boolean> => {
    const now = o.clock();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    renewed = now.getTime();
    return store.takeLease(RETENTION_LEASE, o.holder, now.toISOString(), until);
  };
  // Go on while this process holds the lease, renewed once a quarter of it has run (lost: this process stalled
  // past its end and another one took the job over).
  const goOn = async () => {
    await nextTurn();
    if (o.stopping?.()) return false;
    return o.clock().getTime() - renewed < leaseMs / 4 || renew();
  };
  if (!(await renew())) return undefined;
  const keys = new Map<string, Set<string>>();
  let pruning = false;
  try {
    const counts: RetentionCounts = { age: 0, rank: 0 };
    const now = o.clock();
    const batch = o.batch ?? RETENTION_BATCH;
    let read = 0;
    for (const group of await store.runGroups()) {
      const runs = await store.retentionCandidates(group.project, group.branch);
      const keep = await protectedRuns(store, group.project, group.branch);
      const doomed = runsToDelete(runs, o.policy, now, keep);
      for (let i = 0; i < doomed.length; i += batch) {
        if (i > 0 && !(await goOn())) return counts;
        await deleteBatch(store, doomed.slice(i, i + batch), counts, keys);
      }
      // The event loop is let go after deletions, and after reading many runs of branches with nothing due.
      read += runs.length;
      if (!doomed.length && read < YIELD_AFTER_RUNS) continue;
      read = 0;
      if (!(await goOn())) return counts;
    }
    pruning = true;
    await pruneKeys(store, keys, goOn);
    return counts;
  } finally {
    // A pass stopped before pruning still forgets the keys of the runs it deleted (nothing else knows them): a
    // bounded amount of work, the runs deleted so far, done without asking to go on.
    if (!pruning) await pruneKeys(store, keys, () => Promise.resolve(true)).catch(() => undefined);
    await store.releaseLease(RETENTION_LEASE, o.holder);
  }
}

/** Forgets the test keys of deleted runs that no run of their project has any more, KEY_BATCH per transaction. */
async function pruneKeys(
  store: Store,
  keys: Map<string, Set<string>>,
  goOn: () => Promise<boolean>,
): Promise<void> {
  for (const [project, set] of keys) {
    const list = [...set];
    for (let i = 0; i < list.length; i += KEY_BATCH) {
      await store.pruneTestKeys(project, list.slice(i, i + KEY_BATCH));
      if (!(await goOn())) return;
    }
  }
}

/**
 * The runs of a project and branch that retention keeps whatever their age or rank: for each job its runs name
 * (and none), the base insight/base.ts's baseFor picks on the branch and the legs it joins (the same function, so
 * that retention and the base rule cannot differ: per job, verified runs first when the server has --trust). Runs
 * naming no branch are nobody's base: none.
 */
export async function protectedRuns(
  store: Store,
  project: string,
  branch: string | null,
): Promise<Set<string>> {
  const keep = new Set<string>();
  if (branch === null) return keep;
  for (const job of await store.runJobs(project, branch)) {
    const base = await baseFor(store, { project, job }, branch);
    for (const leg of base?.legs ?? []) keep.add(leg.id);
    if (base) keep.add(base.run.id);
  }
  return keep;
}

/** Deletes one batch, adding what went to `counts` and the test keys of its runs to `keys` (per project). */
async function deleteBatch(
  store: Store,
  slice: readonly Doomed[],
  counts: RetentionCounts,
  keys: Map<string, Set<string>>,
): Promise<void> {
  // The bases are read again inside the deleting transaction (through tx): a run stored meanwhile may be one now.
  const done = await store.deleteRuns(
    slice.map((d) => d.id),
    (tx, project, branch) => protectedRuns(tx, project, branch),
  );
  const gone = new Set(done.deleted);
  for (const d of slice) if (gone.has(d.id)) counts[d.reason]++;
  for (const [project, set] of done.keys) {
    const all = keys.get(project) ?? new Set<string>();
    for (const key of set) all.add(key);
    keys.set(project, all);
  }
}

/** The periodic job: start() runs a pass at once and one per interval; stop() ends a pass under way and waits. */
export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID()}`;

  constructor(
    private readonly store: Store,
    private readonly o: {
      policy: RetentionPolicy;
      clock: () => Date;
      log: (line: string) => void;
      intervalMs?: number;
    },
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.o.intervalMs ?? RETENTION_INTERVAL_MS);
    this.timer.unref();
  }

  /** Resolves once the pass under way (if any) is over. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** No pass after this; one under way stops after its current batch (and logs what it deleted). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running || this.stopped) return;
    this.running = this.pass().finally(() => (this.running = undefined));
  }

  private async pass(): Promise<void> {
    try {
      const counts = await retentionPass(this.store, {
        policy: this.o.policy,
        clock: this.o.clock,
        holder: this.holder,
        stopping: () => this.stopped,
      });
      const line = counts && retentionLine(counts, this.o.policy);
      if (line) this.o.log(line);
    } catch (e) {
      this.o.log(
        `jux serve: retention: the pass stopped on the database ${redactDatabaseUrl(this.store.path)}: ` +
          `${(e as Error).message}; ` +
          "what it did not delete is tried again at the next pass (hourly, and at start): if this repeats, check " +
          "that the database is writable and not full",
      );
    }
  }
}

/**
 * The ingest worker (bundled as dist/cli/ingest-worker.js): reads, checks and stores submitted reports off the
 * server's main thread, on its own connection to the database (a SQLite file, or a pool to the same PostgreSQL
 * URL), so queries keep being answered meanwhile.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Done, IngestWorkerData, Job } from "./ingest-protocol.js";
import { ingest } from "./ingest.js";
import { Store } from "./store.js";
import { commitSubmission } from "./submission.js";

const { database, policy, limits } = workerData as IngestWorkerData;

let opened: Promise<Store> | undefined;
/** The worker's Store, opened by the first job; a failed opening (the database unreachable) is tried again. */
function store(): Promise<Store> {
  // On PostgreSQL: connections for the jobs under way at once (AT_ONCE), and one to spare.
  opened ??= Store.open(database, { poolSize: 5 }).catch((e: unknown) => {
    opened = undefined;
    throw e;
  });
  return opened;
}

async function work(job: Job): Promise<Done> {
  try {
    const db = await store();
    if (job.kind === "purge") {
      await db.transaction((tx) => tx.purgeIdempotencyKeys(job.cutoff));
      return { id: job.id, ok: true, outcome: undefined };
    }
    const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
    const ingested = await ingest(body, policy, limits);
    return {
      id: job.id,
      ok: true,
      outcome: await commitSubmission(db, ingested, job.key, job.cutoff, job.publisher),
    };
  } catch (e) {
    return { id: job.id, ok: false, error: (e as Error).stack ?? String(e) };
  }
}

/**
 * Jobs under way at most: one on SQLite (one connection; its transactions queue anyway), several on PostgreSQL,
 * whose pool lets one job's reading overlap another's round trips to the database; together no more than
 * PARALLEL_BYTES of reports (reading one takes several times its size in memory, and the server's budget of
 * pending bytes counts each once), a larger one alone. In the order they arrive.
 */
const AT_ONCE = { sqlite: 1, postgres: 4 } as const;
const PARALLEL_BYTES = 16 * 1024 * 1024;
let running = 0;
let runningBytes = 0;
const waiting: { bytes: number; go: () => void }[] = [];

/** Starts the jobs waiting first while they fit. */
function pump(limit: number): void {
  for (let next = waiting[0]; next; next = waiting[0]) {
    if (running > 0 && (running >= limit || runningBytes + next.bytes > PARALLEL_BYTES)) return;
    waiting.shift();
    running++;
    runningBytes += next.bytes;
    next.go();
  }
}

async function inTurn(job: Job): Promise<Done> {
  const limit = AT_ONCE[(await store().catch(() => undefined))?.dialect ?? "sqlite"];
  const bytes = job.kind === "purge" ? 0 : job.body.byteLength;
  await new Promise<void>((go) => {
    waiting.push({ bytes, go });
    pump(limit);
  });
  try {
    return await work(job);
  } finally {
    running--;
    runningBytes -= bytes;
    pump(limit);
  }
}

parentPort!.on("message", (job: Job) => {
  void inTurn(job).then((done) => parentPort!.postMessage(done));
});

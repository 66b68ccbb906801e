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
    return { id: job.id, ok: true, outcome: await commitSubmission(db, ingested, job.key, job.cutoff) };
  } catch (e) {
    return { id: job.id, ok: false, error: (e as Error).stack ?? String(e) };
  }
}

/**
 * Jobs under way at most: one on SQLite (one connection; its transactions queue anyway), several on PostgreSQL,
 * whose pool lets one job's reading overlap another's round trips to the database. In the order they arrive.
 */
const AT_ONCE = { sqlite: 1, postgres: 4 } as const;
let running = 0;
const waiting: (() => void)[] = [];

async function inTurn(job: Job): Promise<Done> {
  const limit = AT_ONCE[(await store().catch(() => undefined))?.dialect ?? "sqlite"];
  // A job waiting is handed the slot of the job ending (running stays), so none can slip in between.
  if (running >= limit) await new Promise<void>((go) => waiting.push(go));
  else running++;
  try {
    return await work(job);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

parentPort!.on("message", (job: Job) => {
  void inTurn(job).then((done) => parentPort!.postMessage(done));
});

/**
 * The ingest worker (bundled as dist/cli/ingest-worker.js): reads, checks and stores submitted reports off the
 * server's main thread, on its own connection to the database (a SQLite file, or a pool to the same PostgreSQL
 * URL), so queries keep being answered meanwhile. Jobs are done one at a time, in the order they arrive.
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
  opened ??= Store.open(database).catch((e: unknown) => {
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

let queue: Promise<unknown> = Promise.resolve();
parentPort!.on("message", (job: Job) => {
  const answered = queue.then(() => work(job)).then((done) => parentPort!.postMessage(done));
  queue = answered.catch(() => undefined);
});

/**
 * The ingest worker (bundled as dist/cli/ingest-worker.js): reads, checks and stores submitted reports off the
 * server's main thread, on its own connection to the database, so queries keep being answered meanwhile.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Done, IngestWorkerData, Job } from "./ingest-protocol.js";
import { ingest } from "./ingest.js";
import { Store } from "./store.js";
import { commitSubmission } from "./submission.js";

const { database, policy, limits } = workerData as IngestWorkerData;
const store = new Store(database);

async function work(job: Job): Promise<Done> {
  try {
    if (job.kind === "purge") {
      store.transaction(() => store.purgeIdempotencyKeys(job.cutoff));
      return { id: job.id, ok: true, outcome: undefined };
    }
    const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
    const ingested = await ingest(body, policy, limits);
    return { id: job.id, ok: true, outcome: commitSubmission(store, ingested, job.key, job.cutoff) };
  } catch (e) {
    return { id: job.id, ok: false, error: (e as Error).stack ?? String(e) };
  }
}

parentPort!.on("message", (job: Job) => {
  void work(job).then((done) => parentPort!.postMessage(done));
});

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  Store,
  commitSubmission,
  ingest
} from "./chunks/chunk-XDBPCM6J.js";
import "./chunks/chunk-LM3HLIT6.js";
import "./chunks/chunk-RUET6OA2.js";
import "./chunks/chunk-FIR677GY.js";
import "./chunks/chunk-O2HQBRR5.js";
import "./chunks/chunk-JJJOLNT4.js";
import "./chunks/chunk-GE7GT2BG.js";

// src/server/ingest-worker.ts
import { parentPort, workerData } from "node:worker_threads";
var { database, policy, limits } = workerData;
var store = new Store(database);
async function work(job) {
  try {
    if (job.kind === "purge") {
      store.transaction(() => store.purgeIdempotencyKeys(job.cutoff));
      return { id: job.id, ok: true, outcome: void 0 };
    }
    const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
    const ingested = await ingest(body, policy, limits);
    return { id: job.id, ok: true, outcome: commitSubmission(store, ingested, job.key, job.cutoff) };
  } catch (e) {
    return { id: job.id, ok: false, error: e.stack ?? String(e) };
  }
}
parentPort.on("message", (job) => {
  void work(job).then((done) => parentPort.postMessage(done));
});

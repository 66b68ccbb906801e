import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  Store,
  commitSubmission,
  ingest,
  require_worker_threads
} from "./chunks/chunk-IMYB4INS.js";
import "./chunks/chunk-G2OU2ADV.js";
import "./chunks/chunk-V22Y7DFQ.js";
import "./chunks/chunk-5DTTXT2E.js";
import "./chunks/chunk-IH4754G3.js";
import "./chunks/chunk-EWRMEQBN.js";
import "./chunks/chunk-NKD7BIX5.js";
import "./chunks/chunk-J5DVWMKE.js";
import "./chunks/chunk-KE6R4GHG.js";
import "./chunks/chunk-QDVVVQI6.js";
import {
  __toESM
} from "./chunks/chunk-3XIP2PPI.js";

// src/server/ingest-worker.ts
var import_node_worker_threads = __toESM(require_worker_threads(), 1);
var { database, policy, limits } = import_node_worker_threads.workerData;
var opened;
function store() {
  opened ??= Store.open(database, { poolSize: 5 }).catch((e) => {
    opened = void 0;
    throw e;
  });
  return opened;
}
async function work(job) {
  try {
    const db = await store();
    if (job.kind === "purge") {
      await db.transaction((tx) => tx.purgeIdempotencyKeys(job.cutoff));
      return { id: job.id, ok: true, outcome: void 0 };
    }
    const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
    const ingested = await ingest(body, policy, limits);
    return {
      id: job.id,
      ok: true,
      outcome: await commitSubmission(db, ingested, job.key, job.cutoff, job.publisher)
    };
  } catch (e) {
    return { id: job.id, ok: false, error: e.stack ?? String(e) };
  }
}
var AT_ONCE = { sqlite: 1, postgres: 4 };
var PARALLEL_BYTES = 16 * 1024 * 1024;
var running = 0;
var runningBytes = 0;
var waiting = [];
function pump(limit) {
  for (let next = waiting[0]; next; next = waiting[0]) {
    if (running > 0 && (running >= limit || runningBytes + next.bytes > PARALLEL_BYTES)) return;
    waiting.shift();
    running++;
    runningBytes += next.bytes;
    next.go();
  }
}
async function inTurn(job) {
  const limit = AT_ONCE[(await store().catch(() => void 0))?.dialect ?? "sqlite"];
  const bytes = job.kind === "purge" ? 0 : job.body.byteLength;
  await new Promise((go) => {
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
import_node_worker_threads.parentPort.on("message", (job) => {
  void inTurn(job).then((done) => import_node_worker_threads.parentPort.postMessage(done));
});

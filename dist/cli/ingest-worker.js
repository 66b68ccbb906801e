import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  Store,
  commitSubmission,
  ingest
} from "./chunks/chunk-LUY4AWBS.js";
import "./chunks/chunk-VIORIM2Y.js";
import "./chunks/chunk-M2PXRMMB.js";
import "./chunks/chunk-WOAPR3TB.js";
import "./chunks/chunk-FY55VOZL.js";
import "./chunks/chunk-JJJOLNT4.js";
import "./chunks/chunk-S6MUBIXY.js";

// src/server/ingest-worker.ts
import { parentPort, workerData } from "node:worker_threads";
var { database, policy, limits } = workerData;
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
    return { id: job.id, ok: true, outcome: await commitSubmission(db, ingested, job.key, job.cutoff) };
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
parentPort.on("message", (job) => {
  void inTurn(job).then((done) => parentPort.postMessage(done));
});

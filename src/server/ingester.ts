import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ReadLimits } from "../core/xml/reader.js";
import type { Done, IngestWorkerData, Job } from "./ingest-protocol.js";
import { ingest, type SignaturePolicy } from "./ingest.js";
import type { Publisher } from "./oidc-claims.js";
import type { Store } from "./store.js";
import { commitSubmission, idempotencyCutoff, type SubmissionReply } from "./submission.js";

export interface IngesterOptions {
  store: Store;
  policy: SignaturePolicy;
  limits: Partial<ReadLimits>;
  idempotencyTtlMs: number;
  /** The worker script; undefined: reports are read on the calling thread (a test, or an in-memory database). */
  workerFile: URL | undefined;
  now?: () => number;
}

/**
 * The bundled worker, dist/cli/ingest-worker.js: beside this code when it is bundled into the entry, one level up
 * when it is in dist/cli/chunks/. Run from the TypeScript sources there is none.
 */
export function bundledWorker(): URL | undefined {
  return ["./ingest-worker.js", "../ingest-worker.js"]
    .map((relative) => new URL(relative, import.meta.url))
    .find((url) => url.protocol === "file:" && existsSync(fileURLToPath(url)));
}

interface Waiting {
  resolve: (done: Done) => void;
  reject: (e: Error) => void;
}

/**
 * Reads, checks and stores submissions on a worker thread (which has its own database connection; one at a time
 * on SQLite, a few at once on PostgreSQL), so that the main thread only waits for them. A worker that dies fails
 * the jobs it was doing (a 500 for each request); the next job starts a new one.
 */
export class Ingester {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: IngesterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Read on this thread: without a worker script, or with an in-memory database no worker could open. */
  private get inline(): boolean {
    return this.options.workerFile === undefined || this.options.store.path === ":memory:";
  }

  private cutoff(): string {
    return idempotencyCutoff(this.now(), this.options.idempotencyTtlMs);
  }

  /** Reads `body` and stores the run (or the refusal, under `key`); the outcome to answer with. */
  async submit(body: Buffer, key: string | undefined, publisher?: Publisher): Promise<SubmissionReply> {
    if (this.inline) {
      const ingested = await ingest(body, this.options.policy, this.options.limits);
      return commitSubmission(this.options.store, ingested, key, this.cutoff(), publisher);
    }
    const done = await this.enqueue((id) => ({
      id,
      kind: "submit",
      body: transferable(body),
      key,
      cutoff: "",
      publisher,
    }));
    return done.outcome!;
  }

  /** Deletes the expired idempotency keys. */
  async purge(): Promise<void> {
    if (this.inline) {
      const cutoff = this.cutoff();
      await this.options.store.transaction((tx) => tx.purgeIdempotencyKeys(cutoff));
      return;
    }
    await this.enqueue((id) => ({ id, kind: "purge", cutoff: "" }));
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /**
   * SQLite: runs jobs one after the other, the cutoff taken when the job starts. PostgreSQL: sends each job at once
   * (the worker runs a few at a time, in the order they arrive: ingest-worker.ts), the cutoff taken when it is sent.
   */
  private enqueue(job: (id: number) => Job): Promise<Done & { ok: true }> {
    const run = () => this.send({ ...job(this.nextId++), cutoff: this.cutoff() });
    if (this.options.store.dialect === "postgres") return run();
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private send(job: Job): Promise<Done & { ok: true }> {
    const worker = this.start();
    return new Promise<Done>((resolve, reject) => {
      this.waiting.set(job.id, { resolve, reject });
      worker.postMessage(job, job.kind === "submit" ? [job.body.buffer as ArrayBuffer] : []);
    }).then((done) => {
      if (!done.ok) throw new Error(`the ingest worker failed: ${done.error}`);
      return done;
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const { store, policy, limits } = this.options;
    const data: IngestWorkerData = { database: store.path, policy, limits };
    const worker = new Worker(this.options.workerFile!, {
      workerData: data,
      // A small young generation: collected more often, it keeps the peak RSS of a 100 000-case report ~30 MB lower.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    worker.on("message", (done: Done) => {
      const waiting = this.waiting.get(done.id);
      this.waiting.delete(done.id);
      waiting?.resolve(done);
    });
    const failAll = (e: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.waiting.values()) waiting.reject(e);
      this.waiting.clear();
    };
    worker.on("error", (e: Error) =>
      failAll(new Error(`the ingest worker crashed: ${e.stack ?? e.message}`)),
    );
    worker.on("exit", (code) => failAll(new Error(`the ingest worker exited (code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

/** The body's bytes in an ArrayBuffer of their own, which is moved (not copied) to the worker. */
function transferable(body: Buffer): Uint8Array {
  const own = body.byteOffset === 0 && body.buffer.byteLength === body.length;
  return own ? new Uint8Array(body.buffer, 0, body.length) : new Uint8Array(body);
}

import type { IncomingMessage } from "node:http";
import type { ReadLimits } from "../../core/xml/reader.js";
import { BodyBudget, DEFAULT_PENDING_BYTES, reservation } from "../admission.js";
import { authenticateClient, clientScopedKey, type Client } from "../http/auth.js";
import { readBody } from "../http/body.js";
import { problem, RateLimited, type HttpError } from "../http/errors.js";
import { reply, type Reply } from "../http/respond.js";
import { API } from "../http/router.js";
import type { SignaturePolicy } from "../ingest.js";
import { bundledWorker, Ingester } from "../ingester.js";
import { RateLimiter } from "../rate-limit.js";
import type { OidcVerifier } from "../oidc.js";
import type { Store } from "../store.js";
import { DEFAULT_IDEMPOTENCY_TTL_MS, idempotencyCutoff, replayed } from "../submission.js";

export interface SubmitOptions {
  store: Store;
  /** API keys accepted; none (and no `oidc`): submissions need no authentication (a workstation server). */
  tokens: string[];
  /** OIDC tokens accepted (jux serve --oidc-issuer), alongside the API keys. */
  oidc?: OidcVerifier;
  policy: SignaturePolicy;
  maxBody: number;
  /** Submissions per minute per key; undefined: unlimited. */
  ratePerMinute?: number;
  limits?: Partial<ReadLimits>;
  /** Bytes of submissions held at once (read and being ingested); default max(256 MiB, maxBody). */
  maxPending?: number;
  /** How long an Idempotency-Key is honoured; default 24 h. */
  idempotencyTtlMs?: number;
  /** The ingest worker script; default the bundled one (none from the sources: reports are read inline). */
  workerFile?: URL;
  log: (line: string) => void;
}

function busy(): HttpError {
  const error = problem(503, "Server busy", "Too many reports are being received at once; retry shortly", [
    "jux publish retries by itself; raise jux serve --max-pending if the server has the memory",
  ]);
  error.headers = { "Retry-After": "2" };
  return error;
}

/** POST /api/v1/junit/submit: authenticate, rate-limit, admit (memory budget), then read and store or replay. */
export class Submissions {
  private readonly limiter: RateLimiter | undefined;
  private readonly ingester: Ingester;
  private readonly idempotencyTtlMs: number;
  private readonly budget: BodyBudget;

  constructor(private readonly options: SubmitOptions) {
    this.limiter = options.ratePerMinute ? new RateLimiter(options.ratePerMinute) : undefined;
    this.idempotencyTtlMs = options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
    this.budget = new BodyBudget(options.maxPending ?? Math.max(DEFAULT_PENDING_BYTES, options.maxBody));
    this.ingester = new Ingester({
      store: options.store,
      policy: options.policy,
      limits: options.limits ?? {},
      idempotencyTtlMs: this.idempotencyTtlMs,
      workerFile: options.workerFile ?? bundledWorker(),
    });
    const purge = () =>
      void this.ingester
        .purge()
        .catch((e: Error) => options.log(`error: purging idempotency keys: ${e.message}`));
    setInterval(purge, Math.min(this.idempotencyTtlMs, 60 * 60 * 1000)).unref();
  }

  async submit(req: IncomingMessage): Promise<Reply> {
    const { tokens, oidc, maxBody } = this.options;
    const client: Client =
      tokens.length || oidc
        ? await authenticateClient(req.headers, tokens, oidc)
        : { id: req.socket.remoteAddress ?? "local" };
    const rate = this.rateHeaders(client.id);
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/xml" && type !== "text/xml") {
      throw problem(
        415,
        "Unsupported media type",
        `Send the JUnit XML document itself with Content-Type: application/xml (got "${type || "none"}")`,
      );
    }
    const release = this.budget.admit(reservation(req, maxBody));
    if (!release) throw busy();
    try {
      return await this.receive(req, client, rate);
    } finally {
      release();
    }
  }

  /** Reads, stores (or replays) an admitted submission. */
  private async receive(req: IncomingMessage, client: Client, rate: Record<string, string>): Promise<Reply> {
    const { store, maxBody } = this.options;
    const key = clientScopedKey(client.id, (req.headers["idempotency-key"] as string | undefined)?.trim());
    // Read and stored off this thread (the ingester repeats the replay check in the storing transaction).
    const outcome =
      (await replayed(store, key, idempotencyCutoff(Date.now(), this.idempotencyTtlMs))) ??
      (await this.ingester.submit(await readBody(req, maxBody), key, client.publisher));
    const headers = {
      ...rate,
      ...(outcome.replayed ? { "Idempotent-Replayed": "true" } : {}),
      ...(outcome.status === 201 && !outcome.replayed
        ? { Location: `${API}/test_runs/${outcome.runId}` }
        : {}),
    };
    return reply(outcome.status, outcome.body, {
      headers,
      ...(outcome.project ? { project: outcome.project } : {}),
      ...(outcome.runId ? { runId: outcome.runId } : {}),
    });
  }

  /** The X-RateLimit-* headers for this client's submission; a 429 when it has none left this minute. */
  private rateHeaders(client: string): Record<string, string> {
    if (!this.limiter) return {};
    const d = this.limiter.take(client);
    const headers = {
      "X-RateLimit-Limit": String(d.limit),
      "X-RateLimit-Remaining": String(d.remaining),
      "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + d.resetIn),
    };
    if (!d.allowed) throw new RateLimited(d.resetIn, { ...headers, "Retry-After": String(d.resetIn) });
    return headers;
  }
}

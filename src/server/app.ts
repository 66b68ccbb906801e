import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ReadLimits } from "../core/xml/reader.js";
import { BodyBudget, DEFAULT_PENDING_BYTES, requestTarget, reservation } from "./admission.js";
import { ciMetadata } from "./ci-metadata.js";
import { errorPage, notFoundPage, runPage } from "./html.js";
import { runsPage } from "./html-runs.js";
import { type ErrorBody, type SignaturePolicy } from "./ingest.js";
import { bundledWorker, Ingester } from "./ingester.js";
import { RateLimiter } from "./rate-limit.js";
import { hostAllowed, hostName, reportHeaders, securityHeaders } from "./security.js";
import { pagination } from "./paging.js";
import type { CaseRow, RunFilter, RunRow, Store, SuiteRow } from "./store.js";
import { DEFAULT_IDEMPOTENCY_TTL_MS, idempotencyCutoff, replayed } from "./submission.js";

export interface ServerOptions {
  store: Store;
  /** API keys accepted; none: submissions need no authentication (a workstation server). */
  tokens: string[];
  policy: SignaturePolicy;
  maxBody: number;
  /** Submissions per minute per key; undefined: unlimited. */
  ratePerMinute?: number;
  limits?: Partial<ReadLimits>;
  /**
   * Host names this server answers to besides `localhost` and IP literals (DNS rebinding); undefined: any.
   * `jux serve` always sets it (its --host and --allowed-host names).
   */
  allowedHosts?: readonly string[];
  /** Bytes of submissions held at once (read and being ingested); default max(256 MiB, maxBody). */
  maxPending?: number;
  /** How long an Idempotency-Key is honoured; default 24 h. */
  idempotencyTtlMs?: number;
  /** The ingest worker script; default the bundled one (none from the sources: reports are read inline). */
  workerFile?: URL;
  log: (line: string) => void;
}

const API = "/api/v1";
/** The paths GET answers (any other path is 404 for every method). */
const READ_ROUTE = /^(\/|\/runs\/[^/]+(\/report\.xml)?|\/api\/v1\/(test_runs|test_suites)(\/.*)?)$/;

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** For the request log. */
  project?: string;
  runId?: string;
}

class HttpError extends Error {
  /** Headers the answer carries (Retry-After, rate limits). */
  headers: Record<string, string> | undefined;

  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.error);
  }
}

function problem(status: number, error: string, message: string, suggestions?: string[]): HttpError {
  return new HttpError(status, { error, details: { message }, ...(suggestions ? { suggestions } : {}) });
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Which configured token a request carries: "missing", "wrong", or the token. */
function authenticate(req: IncomingMessage, tokens: string[]): string {
  const header = req.headers.authorization;
  const given =
    header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ??
    (req.headers["x-api-key"] as string | undefined)?.trim();
  if (!given)
    throw problem(401, "Authentication required", "This server needs an API key", [
      "Send 'Authorization: Bearer <api key>'",
    ]);
  const match = tokens.find((t) => timingSafeEqual(digest(t), digest(given)));
  if (!match)
    throw problem(403, "Invalid API key", "The API key is not valid for this server", [
      "Check the api_key (JUX_API_KEY) you configured",
    ]);
  return match;
}

/** After a 413, this much more of the body is read and dropped so the client can finish sending and read it. */
const DRAIN_LIMIT = 16 * 1024 * 1024;
const DRAIN_TIME_MS = 10_000;

function badTarget(): never {
  throw problem(400, "Bad request", "The request target is not a valid path", [
    "Request a path such as /api/v1/test_runs",
  ]);
}

function busy(): HttpError {
  const error = problem(503, "Server busy", "Too many reports are being received at once; retry shortly", [
    "jux publish retries by itself; raise jux serve --max-pending if the server has the memory",
  ]);
  error.headers = { "Retry-After": "2" };
  return error;
}

function tooLarge(max: number): HttpError {
  return problem(413, "Payload too large", `The report is larger than this server's ${max}-byte limit`, [
    "Trim captured output, or raise jux serve --max-body",
  ]);
}

/**
 * Reads the body up to `max` bytes. Events, not async iteration: leaving an async iterator early destroys the
 * request and its socket, and the client would see a reset instead of the 413.
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? NaN) > max) return reject(tooLarge(max));
    const parts: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size > max) return;
      size += chunk.length;
      if (size > max) reject(tooLarge(max));
      else parts.push(chunk);
    });
    req.on("end", () => size <= max && resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

/** Ends a response sent before its request was read, once the rest of the request is dropped (bounded). */
function endAfterDrain(req: IncomingMessage, res: ServerResponse): void {
  let dropped = 0;
  const give = () => {
    clearTimeout(timer);
    req.socket.destroy();
  };
  const timer = setTimeout(give, DRAIN_TIME_MS).unref();
  req.on("close", () => clearTimeout(timer));
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_LIMIT) give();
  });
  req.on("end", () => {
    clearTimeout(timer);
    res.end();
  });
  req.resume();
}

function json(status: number, body: unknown, extra: Partial<Reply> = {}): Reply {
  return { status, body, ...extra };
}

function runSummary(r: RunRow): Record<string, unknown> {
  return {
    id: r.id,
    project: r.project,
    ...(r.branch !== null ? { branch: r.branch } : {}),
    ...(r.commit_sha !== null ? { commit_sha: r.commit_sha } : {}),
    status: r.status,
    total_tests: r.total_tests,
    failures: r.failures,
    errors: r.errors,
    skipped: r.skipped,
    success_rate: r.success_rate,
    inserted_at: r.inserted_at,
    tags: JSON.parse(r.tags) as string[],
    ...(r.signer !== null ? { signed_by: r.signer } : {}),
  };
}

function suiteSummary(s: SuiteRow): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    tests: s.tests,
    failures: s.failures,
    errors: s.errors,
    skipped: s.skipped,
    time: s.time,
  };
}

function testCase(c: CaseRow): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    classname: c.classname,
    status: c.status,
    time: c.time,
    ...(c.failure_message !== null ? { failure_message: c.failure_message } : {}),
    ...(c.failure_type !== null ? { failure_type: c.failure_type } : {}),
    ...(c.failure_stacktrace !== null ? { failure_stacktrace: c.failure_stacktrace } : {}),
  };
}

/** A value from a report, written so that it cannot break or forge a log line. */
function logValue(v: string): string {
  return /^[\w.:@/+-]+$/.test(v) ? v : JSON.stringify(v);
}

/** Cases per page of the HTML run page. */
const RUN_PAGE_CASES = 500;
/** Runs per page of the HTML run list when the query gives no per_page (1 to 100, as the API). */
const RUN_LIST_PER_PAGE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = params.get(name) ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw problem(400, "Invalid parameter", `${name} must be one of ${allowed.join(", ")} (got "${v}")`);
  }
  return v as T;
}

function integer(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw problem(
      400,
      "Invalid parameter",
      `${name} must be a whole number from ${min} to ${max} (got "${raw}")`,
    );
  }
  return n;
}

function date(params: URLSearchParams, name: string): string | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t))
    throw problem(400, "Invalid parameter", `${name} must be an ISO 8601 date-time (got "${raw}")`);
  return new Date(t).toISOString();
}

/** The contract's paging parameters (page from 1, per_page 1 to 100, default 20). */
function paging(params: URLSearchParams): { page: number; perPage: number } {
  return {
    page: integer(params, "page", 1, 1, Number.MAX_SAFE_INTEGER),
    perPage: integer(params, "per_page", 20, 1, 100),
  };
}

function runFilter(params: URLSearchParams): RunFilter {
  const status = oneOf(params, "status", ["passed", "failed", "error", "all"] as const, "all");
  const tags = params.get("tags");
  const optional = <K extends string>(key: K, v: string | undefined) =>
    v ? ({ [key]: v } as Record<K, string>) : {};
  return {
    ...optional("project", params.get("project") ?? undefined),
    ...optional("branch", params.get("branch") ?? undefined),
    ...(status !== "all" ? { status } : {}),
    ...optional("dateFrom", date(params, "date_from")),
    ...optional("dateTo", date(params, "date_to")),
    ...(tags
      ? {
          tags: tags
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean),
        }
      : {}),
    sortBy: oneOf(
      params,
      "sort_by",
      ["inserted_at", "total_tests", "failures", "success_rate"] as const,
      "inserted_at",
    ),
    sortOrder: oneOf(params, "sort_order", ["asc", "desc"] as const, "desc"),
    page: integer(params, "page", 1, 1, Number.MAX_SAFE_INTEGER),
    perPage: integer(params, "per_page", 20, 1, 100),
  };
}

/** The Jux API (submission and query, /api/v1) and a small HTML view of the runs. */
export class JuxApp {
  private readonly limiter: RateLimiter | undefined;
  private readonly hosts: ReadonlySet<string> | undefined;

  private readonly ingester: Ingester;
  private readonly idempotencyTtlMs: number;
  private readonly budget: BodyBudget;

  constructor(private readonly options: ServerOptions) {
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
      this.ingester.purge().catch((e: Error) => options.log(`error: purging idempotency keys: ${e.message}`));
    setInterval(purge, Math.min(this.idempotencyTtlMs, 60 * 60 * 1000)).unref();
    this.hosts = options.allowedHosts && new Set(options.allowedHosts.map((h) => hostName(h) ?? h));
  }

  server(): Server {
    return createServer((req, res) => {
      // Nothing a request does may end the process: a throw that escapes handle() is logged and answered.
      this.handle(req, res).catch((e: unknown) => {
        this.options.log(`error: ${(e as Error)?.stack ?? String(e)}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end();
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let url = new URL("/", "http://jux.invalid");
    let reply: Reply;
    try {
      url = requestTarget(req.url) ?? badTarget();
      reply = await this.route(req, url);
    } catch (e) {
      if (e instanceof HttpError) reply = json(e.status, e.body, e.headers ? { headers: e.headers } : {});
      else {
        this.options.log(`error: ${(e as Error).stack ?? String(e)}`);
        reply = json(500, {
          error: "Internal server error",
          details: { message: "The server failed; see its log" },
        });
      }
      if (!req.complete) {
        // The body was not (fully) read: answer now, let the client finish sending, then close.
        reply.headers = { ...reply.headers, Connection: "close" };
        this.send(res, reply, false);
        endAfterDrain(req, res);
        return this.logRequest(req, url, reply, started);
      }
    }
    this.send(res, reply);
    this.logRequest(req, url, reply, started);
  }

  private logRequest(req: IncomingMessage, url: URL, reply: Reply, started: number): void {
    const ms = (performance.now() - started).toFixed(1);
    const extra = [
      reply.project && `project=${logValue(reply.project)}`,
      reply.runId && `test_run_id=${reply.runId}`,
    ]
      .filter(Boolean)
      .join(" ");
    this.options.log(`${req.method} ${url.pathname} ${reply.status} ${ms}ms${extra ? " " + extra : ""}`);
  }

  private send(res: ServerResponse, reply: Reply, end = true): void {
    const headers = { ...reply.headers };
    let payload: string | Buffer;
    if ((typeof reply.body === "string" || Buffer.isBuffer(reply.body)) && headers["Content-Type"])
      payload = reply.body;
    else {
      payload = JSON.stringify(reply.body);
      headers["Content-Type"] = "application/json; charset=utf-8";
    }
    res.writeHead(reply.status, {
      ...headers,
      ...securityHeaders(headers["Content-Type"]),
      "Content-Length": Buffer.byteLength(payload),
    });
    if (end) res.end(payload);
    else res.write(payload);
  }

  private async route(req: IncomingMessage, url: URL): Promise<Reply> {
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";
    this.checkHost(req);
    if (path === `${API}/junit/submit`) {
      if (method !== "POST") throw problem(405, "Method not allowed", "Use POST to submit a report");
      return this.submit(req);
    }
    if (method !== "GET" && method !== "HEAD") {
      // Outside the routes it is 404 whatever the method: a POST to a wrong api_url is a wrong address.
      if (!READ_ROUTE.test(path))
        throw problem(404, "Not found", `There is no ${method} ${path} endpoint`, [
          `Reports are submitted with POST ${API}/junit/submit`,
        ]);
      throw problem(405, "Method not allowed", `${method} is not supported here`);
    }
    if (path.startsWith(API)) return this.query(path.slice(API.length), url.searchParams);
    return this.html(path, url.searchParams);
  }

  /** DNS rebinding: a page on another site whose name now resolves to us may not read or submit. */
  private checkHost(req: IncomingMessage): void {
    const header = req.headers.host;
    if (!this.hosts || hostAllowed(header, this.hosts)) return;
    const given = (header ?? "").slice(0, 100);
    const { localAddress: ip = "127.0.0.1", localPort: port } = req.socket;
    const address = `http://${ip.includes(":") ? `[${ip}]` : ip}:${port}`;
    throw problem(
      403,
      "Host not allowed",
      `This server does not answer to the host ${JSON.stringify(given)}`,
      [
        `Use its address (${address}) or localhost`,
        `Behind a reverse proxy or under another name, start jux serve with --allowed-host ${hostName(given) ?? "NAME"}`,
      ],
    );
  }

  private async submit(req: IncomingMessage): Promise<Reply> {
    const { tokens, maxBody } = this.options;
    const client = tokens.length ? authenticate(req, tokens) : (req.socket.remoteAddress ?? "local");
    const rate = this.rateHeaders(client);
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
  private async receive(req: IncomingMessage, client: string, rate: Record<string, string>): Promise<Reply> {
    const { store, maxBody } = this.options;
    const given = (req.headers["idempotency-key"] as string | undefined)?.trim();
    // Keys are per client: one API key's Idempotency-Key never replays another's response.
    const key = given && `${digest(client).toString("hex").slice(0, 16)}:${given}`;
    // Read and stored off this thread (the ingester repeats the replay check in the storing transaction).
    const outcome =
      replayed(store, key, idempotencyCutoff(Date.now(), this.idempotencyTtlMs)) ??
      (await this.ingester.submit(await readBody(req, maxBody), key));
    const headers = {
      ...rate,
      ...(outcome.replayed ? { "Idempotent-Replayed": "true" } : {}),
      ...(outcome.status === 201 && !outcome.replayed
        ? { Location: `${API}/test_runs/${outcome.runId}` }
        : {}),
    };
    return json(outcome.status, outcome.body, {
      headers,
      ...(outcome.project ? { project: outcome.project } : {}),
      ...(outcome.runId ? { runId: outcome.runId } : {}),
    });
  }

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

  private query(path: string, params: URLSearchParams): Reply {
    const { store } = this.options;
    if (path === "/test_runs") {
      const filter = runFilter(params);
      const { rows, total } = store.listRuns(filter);
      return json(200, {
        test_runs: rows.map(runSummary),
        pagination: {
          current_page: filter.page,
          total_pages: Math.ceil(total / filter.perPage),
          total_count: total,
          per_page: filter.perPage,
        },
      });
    }
    const m = /^\/(test_runs|test_suites)\/([^/]+)(?:\/(test_suites|test_cases))?$/.exec(path);
    if (m && m[1] === "test_runs" && m[3] !== "test_cases") {
      const run = UUID.test(m[2]!) ? store.run(m[2]!) : undefined;
      if (!run) throw problem(404, "Test run not found", `No test run has id ${m[2]}`);
      const suites = store.suites(run.id).map(suiteSummary);
      if (m[3] === "test_suites") return json(200, { test_suites: suites });
      const meta = ciMetadata(run);
      return json(200, {
        ...runSummary(run),
        total_time: run.total_time,
        ...(meta ? { ci_metadata: meta } : {}),
        test_suites: suites,
      });
    }
    if (m && m[1] === "test_suites" && m[3] === "test_cases") {
      const wanted = oneOf(params, "status", ["passed", "failed", "error", "skipped", "all"] as const, "all");
      const status = wanted === "all" ? undefined : wanted;
      if (!UUID.test(m[2]!) || !store.suiteExists(m[2]!))
        throw problem(404, "Test suite not found", `No test suite has id ${m[2]}`);
      const { page, perPage } = paging(params);
      const { rows, total } = store.cases(m[2]!, status, page, perPage);
      return json(200, { test_cases: rows.map(testCase), pagination: pagination(page, perPage, total) });
    }
    throw problem(404, "Not found", `There is no ${API}${path} endpoint`);
  }

  /** The pages; a refused parameter gets an HTML error page, not the API's JSON. */
  private html(path: string, params: URLSearchParams): Reply {
    const html = (status: number, body: string) =>
      json(status, body, { headers: { "Content-Type": "text/html; charset=utf-8" } });
    try {
      return this.page(path, params, html);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      const { error, details, suggestions } = e.body;
      return html(e.status, errorPage(e.status, error, String(details?.message ?? error), suggestions));
    }
  }

  private page(path: string, params: URLSearchParams, html: (status: number, body: string) => Reply): Reply {
    const { store } = this.options;
    const now = Date.now();
    if (path === "/") {
      const filter = runFilter(params);
      if (!params.has("per_page")) filter.perPage = RUN_LIST_PER_PAGE;
      const { rows, total } = store.listRuns(filter);
      return html(200, runsPage({ runs: rows, total, filter, params, now }));
    }
    const m = /^\/runs\/([0-9a-f-]{36})(\/report\.xml)?$/i.exec(path);
    const run = m ? store.run(m[1]!) : undefined;
    if (!run) return html(404, notFoundPage());
    if (m![2]) return json(200, store.runXml(run.id)!, { headers: reportHeaders(run.id) });
    const page = integer(params, "page", 1, 1, Number.MAX_SAFE_INTEGER);
    const cases = { ...store.runCases(run.id, page, RUN_PAGE_CASES), page, perPage: RUN_PAGE_CASES };
    return html(200, runPage(run, store.suites(run.id), cases, now));
  }
}

class RateLimited extends HttpError {
  constructor(retryAfter: number, headers: Record<string, string>) {
    super(429, {
      error: "Rate limit exceeded",
      details: { message: `Too many submissions; retry in ${retryAfter} s`, retry_after: retryAfter },
      suggestions: ["Wait for Retry-After seconds before retrying"],
    });
    this.headers = headers;
  }
}

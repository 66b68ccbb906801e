import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { endAfterDrain } from "./http/body.js";
import { HttpError } from "./http/errors.js";
import { requireAllowedHost } from "./http/host.js";
import { logLine, reply, send, type Reply } from "./http/respond.js";
import { route, target } from "./http/router.js";
import { api } from "./routes/api.js";
import { pages } from "./routes/pages.js";
import { Submissions, type SubmitOptions } from "./routes/submit.js";
import { hostName } from "./security.js";

export interface ServerOptions extends SubmitOptions {
  /**
   * Host names this server answers to besides `localhost` and IP literals (DNS rebinding); undefined: any.
   * `jux serve` always sets it (its --host and --allowed-host names).
   */
  allowedHosts?: readonly string[];
}

/** The Jux API (submission and query, /api/v1) and a small HTML view of the runs. */
export class JuxApp {
  private readonly hosts: ReadonlySet<string> | undefined;
  private readonly submissions: Submissions;

  constructor(private readonly options: ServerOptions) {
    this.submissions = new Submissions(options);
    this.hosts = options.allowedHosts && new Set(options.allowedHosts.map((h) => hostName(h) ?? h));
  }

  server(): Server {
    return createServer((req, res) => {
      // Nothing a request does may end the process: a throw that escapes handle() is logged and answered.
      const handled = this.handle(req, res).catch((e: unknown) => {
        this.options.log(`error: ${(e as Error)?.stack ?? String(e)}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end();
      });
      this.handling.add(handled);
      void handled.finally(() => this.handling.delete(handled));
    });
  }

  /** The requests being handled. */
  private readonly handling = new Set<Promise<void>>();

  /**
   * Settles when the requests being handled are done (their connections may be cut already: their work on the
   * database goes on), or after `timeoutMs`: the server closes its database after it, not under a request.
   */
  async idle(timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((done) => (timer = setTimeout(done, timeoutMs).unref()));
    await Promise.race([Promise.allSettled([...this.handling]), late]);
    clearTimeout(timer);
  }

  /** The boundary: a refusal (HttpError) becomes its status, anything else a logged 500; every request is logged. */
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let url = new URL("/", "http://jux.invalid");
    let answer: Reply;
    try {
      url = target(req.url);
      answer = await this.dispatch(req, url);
    } catch (e) {
      answer = this.failure(e);
      if (!req.complete) {
        // The body was not (fully) read: answer now, let the client finish sending, then close.
        answer.headers = { ...answer.headers, Connection: "close" };
        send(res, answer, false);
        endAfterDrain(req, res);
        return this.options.log(logLine(req.method, url.pathname, answer, performance.now() - started));
      }
    }
    send(res, answer, true, (e) => this.options.log(`error: streaming ${url.pathname}: ${e.message}`));
    this.options.log(logLine(req.method, url.pathname, answer, performance.now() - started));
  }

  private failure(e: unknown): Reply {
    if (e instanceof HttpError) return reply(e.status, e.body, e.headers ? { headers: e.headers } : {});
    const unreachable = databaseUnreachable(e);
    if (unreachable) {
      // Not the server's failure: one line (no stack), and an answer a client retries.
      this.options.log(`error: the database is not reachable: ${unreachable}`);
      return reply(
        503,
        {
          error: "Service unavailable",
          details: { message: "The server cannot reach its database; try again shortly" },
        },
        { headers: { "Retry-After": String(DATABASE_RETRY_AFTER_S) } },
      );
    }
    this.options.log(`error: ${(e as Error).stack ?? String(e)}`);
    return reply(500, {
      error: "Internal server error",
      details: { message: "The server failed; see its log" },
    });
  }

  private async dispatch(req: IncomingMessage, url: URL): Promise<Reply> {
    requireAllowedHost(req, this.hosts);
    const to = route(req.method ?? "GET", url.pathname);
    if (to.kind === "submit") return this.submissions.submit(req);
    if (to.kind === "api") return api(this.options.store, to.path, url.searchParams);
    return pages(this.options.store, to.path, url.searchParams, Date.now());
  }
}

/** Seconds a client is asked to wait when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_S = 10;

/**
 * What says that the database could not be reached (a connection refused, cut or timed out, PostgreSQL shutting
 * down, starting, full or not taking connections), in an error or its causes, also as the text an ingest worker
 * sends back; undefined for any other error.
 */
export function databaseUnreachable(e: unknown): string | undefined {
  for (let at = e, depth = 0; at instanceof Error && depth < 5; at = at.cause, depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || /^08/.test(code)))
      return at.message.split("\n")[0];
    const seen = UNREACHABLE_TEXT.exec(at.message);
    if (seen) return seen[0];
  }
  return undefined;
}

// Errors of connecting (the server connects to nothing but its database); not ECONNRESET or ETIMEDOUT, which a
// client's own connection may give. A unix socket that is gone: "connect ENOENT /path", below.
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);
const UNREACHABLE_TEXT =
  /connect (ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENOENT) [^\s]+|Connection terminated[^\n]*|terminating connection due to administrator command|the database system is (starting|shutting) up|sorry, too many clients already/;

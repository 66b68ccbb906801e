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

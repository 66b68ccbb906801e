/**
 * A loopback round-robin HTTP load balancer (node:http, no dependency) in front of several backends, as a real one
 * in front of several `jux serve` processes: each request goes to the next live backend, its body streamed. A
 * backend that refuses the connection is marked down and the request goes to the next one (nothing was sent, so
 * that is safe); a request already sent to a backend that dies before answering gets a 502, as from nginx or an
 * AWS ALB. One connection per forwarded request (no keep-alive to the backends), so "open on a backend" is exact.
 */
import { once } from "node:events";
import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** Headers that describe one hop's connection, not the request (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "upgrade",
  "proxy-authorization",
  "proxy-authenticate",
]);

export interface BackendStats {
  url: string;
  /** Requests sent to it (its connection was made). */
  forwarded: number;
  /** Requests sent to it and not answered yet. */
  open: number;
  /** Requests that were sent to it and got no (complete) response because it failed: answered 502 or cut. */
  lost: number;
  /** Marked down: a connection to it failed; skipped from then on. */
  down: boolean;
}

export interface RoundRobin {
  /** http://127.0.0.1:PORT (the balancer, without /api/v1). */
  url: string;
  backends: BackendStats[];
  /** How many responses of each status the balancer sent its clients (its own 502 and 503 included). */
  statuses: Map<number, number>;
  /** The 502s the balancer answered itself, per backend index. */
  badGateway: number[];
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (a free port) in front of `backends` (http://host:port URLs, without a path). */
export async function startRoundRobin(backends: readonly string[]): Promise<RoundRobin> {
  if (backends.length === 0) throw new Error("startRoundRobin: no backend URL given; pass at least one");
  const stats: BackendStats[] = backends.map((url) => ({ url, forwarded: 0, open: 0, lost: 0, down: false }));
  const statuses = new Map<number, number>();
  const badGateway = backends.map(() => 0);
  const clients = new Set<Socket>();
  let next = 0;

  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const answer = (res: ServerResponse, status: number, error: string, message: string) => {
    count(status);
    if (res.headersSent) return void res.destroy();
    const body = JSON.stringify({ error, details: { message } });
    res.writeHead(status, { "Content-Type": "application/json", Connection: "close" });
    res.end(body);
  };
  /** The next live backend after the last one used, or undefined when all are down. */
  const pick = (): number | undefined => {
    for (let i = 0; i < stats.length; i++) {
      const candidate = (next + i) % stats.length;
      if (!stats[candidate]!.down) {
        next = candidate + 1;
        return candidate;
      }
    }
    return undefined;
  };

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const index = pick();
    if (index === undefined)
      return answer(res, 503, "No backend", "Every backend of the load balancer is down");
    const backend = stats[index]!;
    const target = new URL(backends[index]!);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
    );
    let sent = false;
    let answered = false;
    const upstream = httpRequest({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers,
      agent: false,
    });
    upstream.on("socket", (socket) => {
      const start = () => {
        sent = true;
        backend.forwarded++;
        backend.open++;
        req.pipe(upstream);
      };
      if (socket.connecting) socket.once("connect", start);
      else start();
    });
    upstream.on("response", (response) => {
      answered = true;
      count(response.statusCode ?? 0);
      res.writeHead(response.statusCode ?? 502, response.statusMessage, stripHopByHop(response.headers));
      response.pipe(res);
      response.on("error", () => undefined);
      response.on("close", () => {
        backend.open--;
        if (response.complete) return;
        // The backend died in the middle of its response: the client's must not look complete.
        backend.lost++;
        res.destroy();
      });
    });
    upstream.on("error", (e: NodeJS.ErrnoException) => {
      if (answered) return;
      backend.down = true;
      if (!sent) return forward(req, res); // refused: nothing reached it, the next backend gets the request
      backend.open--;
      backend.lost++;
      badGateway[index]!++;
      answer(res, 502, "Bad gateway", `backend ${index} failed before answering (${e.code ?? e.message})`);
    });
    req.on("error", () => upstream.destroy());
  };

  const server = createServer(forward);
  // Idle client connections are kept a minute, as by a cloud load balancer (node's default is 5 s).
  server.keepAliveTimeout = 60_000;
  server.on("connection", (socket: Socket) => {
    clients.add(socket);
    socket.on("close", () => clients.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    backends: stats,
    statuses,
    badGateway,
    close: async () => {
      const closed = once(server, "close");
      server.close();
      for (const socket of clients) socket.destroy();
      await closed;
    },
  };
}

function stripHopByHop(headers: IncomingMessage["headers"]): IncomingMessage["headers"] {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/**
 * A reverse proxy on 127.0.0.1 in front of a real server that forwards every request and, for the first
 * `swallow` of them, keeps the server's answer to itself: the server has acted on the request, the client
 * never hears of it. With the client killed at that moment, that is a crash between "published" and "removed
 * from the queue".
 */
import { once } from "node:events";
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Relay {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The answers kept from the client: the upstream status and body. */
  swallowed: { status: number; body: string }[];
  /** Requests answered normally. */
  relayed: number;
  /** Resolves once `n` answers were swallowed. */
  waitForSwallowed(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startRelay(target: string, options: { swallow: number }): Promise<Relay> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const waiters: (() => void)[] = [];
  const server = createServer();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => s.destroy());
  });
  const relay: Relay = {
    url: "",
    swallowed: [],
    relayed: 0,
    async waitForSwallowed(n, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (relay.swallowed.length < n) {
        if (Date.now() > until) throw new Error(`only ${relay.swallowed.length} of ${n} answers swallowed`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 20);
        });
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on("data", (c: Buffer) => parts.push(c));
        answer.on("end", () => {
          const body = Buffer.concat(parts);
          if (relay.swallowed.length < options.swallow) {
            relay.swallowed.push({ status: answer.statusCode ?? 0, body: body.toString("utf8") });
            for (const w of waiters.splice(0)) w();
            return; // the client waits for an answer that never comes
          }
          relay.relayed++;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
      },
    );
    out.on("error", () => res.headersSent || res.writeHead(502).end());
    req.pipe(out);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  relay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return relay;
}

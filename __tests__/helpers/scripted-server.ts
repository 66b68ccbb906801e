/**
 * A real HTTP server on 127.0.0.1 whose answers are scripted request by request, recording every request,
 * and a tiny HTTP forward proxy (absolute-URI requests and CONNECT tunnels) that counts what went through it.
 */
import { once } from "node:events";
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from "node:http";
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from "node:net";

/** What the server does with one request. */
export type Behaviour =
  | { status: number; body?: string | object; headers?: Record<string, string>; delayMs?: number }
  /** Destroys the socket as soon as the request's headers are read. */
  | "reset"
  /** Destroys the socket once the first chunk of the body arrived. */
  | "reset-mid-body"
  /** Never answers (the socket is destroyed by close()). */
  | "hang";

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ScriptedServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  requests: Recorded[];
  /** Queues behaviours, used in order; once the queue is empty, `fallback` answers. */
  script(...behaviours: Behaviour[]): void;
  fallback: Behaviour;
  /** Requests being answered right now, and the most there ever were at once. */
  inFlight: number;
  maxInFlight: number;
  /** Forgets the script, the requests and the in-flight peak. */
  reset(): void;
  close(): Promise<void>;
}

const open = new Set<{ close(): Promise<void> }>();

async function listen(server: HttpServer | ReturnType<typeof createNetServer>, host = "127.0.0.1") {
  server.listen(0, host);
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

export async function startScriptedServer(
  fallback: Behaviour = { status: 500, body: { error: "unscripted" } },
): Promise<ScriptedServer> {
  const queue: Behaviour[] = [];
  const sockets = new Set<Socket>();
  const http = createServer();
  http.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const state: ScriptedServer = {
    url: "",
    port: 0,
    requests: [],
    fallback,
    inFlight: 0,
    maxInFlight: 0,
    script: (...b) => void queue.push(...b),
    reset() {
      queue.length = 0;
      state.requests = [];
      state.maxInFlight = 0;
    },
    async close() {
      open.delete(state);
      for (const s of sockets) s.destroy();
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
  http.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const behaviour = queue.shift() ?? state.fallback;
    const record: Recorded = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.alloc(0),
    };
    state.requests.push(record);
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      state.inFlight--;
    };
    res.on("close", finish);
    if (behaviour === "reset") {
      req.socket.destroy();
      return;
    }
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      parts.push(chunk);
      record.body = Buffer.concat(parts);
      if (behaviour === "reset-mid-body") req.socket.destroy();
    });
    req.on("end", () => {
      record.body = Buffer.concat(parts);
      if (typeof behaviour === "string") return; // "hang" (and a reset that found an empty body)
      const reply = () => {
        const text =
          behaviour.body === undefined
            ? ""
            : typeof behaviour.body === "string"
              ? behaviour.body
              : JSON.stringify(behaviour.body);
        const type = typeof behaviour.body === "object" ? { "Content-Type": "application/json" } : {};
        res.writeHead(behaviour.status, { ...type, ...behaviour.headers });
        res.end(text);
      };
      if (behaviour.delayMs) setTimeout(reply, behaviour.delayMs);
      else reply();
    });
  });
  state.port = await listen(http);
  state.url = `http://127.0.0.1:${state.port}`;
  open.add(state);
  return state;
}

/** A TCP server that accepts and at once destroys every connection, counting them: a host that is down. */
export async function startResettingServer(): Promise<{
  url: string;
  connections: () => number;
  close(): Promise<void>;
}> {
  let count = 0;
  const server = createNetServer((s) => {
    count++;
    s.destroy();
  });
  const port = await listen(server);
  const handle = {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    async close() {
      open.delete(handle);
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
  open.add(handle);
  return handle;
}

/** A port on 127.0.0.1 with nothing listening (bound, then closed). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  const port = await listen(server);
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

export interface Proxy {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Absolute-URI requests forwarded, as `METHOD URL`. */
  forwarded: string[];
  /** CONNECT tunnels opened, as `host:port`. */
  tunnels: string[];
  close(): Promise<void>;
}

/**
 * A forward proxy. `hosts` maps a host name to the address it really connects to (so a test can use a
 * name that is not a loopback address, which @actions/http-client never proxies).
 */
export async function startProxy(hosts: Record<string, string> = {}): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const server = createServer();
  const proxy: Proxy = {
    url: "",
    forwarded: [],
    tunnels: [],
    async close() {
      open.delete(proxy);
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
  const track = (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => s.destroy());
  };
  server.on("connection", track);
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    proxy.forwarded.push(`${req.method} ${req.url}`);
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      res.writeHead(400).end("absolute URI expected");
      return;
    }
    const upstream = httpRequest(
      {
        host: hosts[target.hostname] ?? target.hostname,
        port: target.port || 80,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.headersSent || res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    track(client);
    proxy.tunnels.push(req.url ?? "");
    const [host = "", port = "80"] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), hosts[host] ?? host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on("error", () => client.destroy());
  });
  const port = await listen(server);
  proxy.url = `http://127.0.0.1:${port}`;
  open.add(proxy);
  return proxy;
}

/** Closes every server and proxy of this module still open (for afterAll). */
export async function closeAll(): Promise<void> {
  await Promise.all([...open].map((s) => s.close()));
}

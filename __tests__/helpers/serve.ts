/**
 * End-to-end helpers for `jux serve`: the committed bundle run as its own process on Node 24 (it needs
 * node:sqlite, whatever Node runs Jest), real HTTP against its socket, and a record of which documented
 * (operation, status) pairs of the jux-openapi contract the tests have exercised and validated.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expectValidResponse, operations, type Spec } from "./openapi.js";
import { databaseFor, dropPostgresDatabases, freshPostgresDatabase, type Backend } from "./postgres.js";

/** The Node 24 binary (installed into .node24/ on first use by scripts/node24.sh). */
export const NODE24 = execFileSync("bash", ["scripts/node24.sh"]).toString().trim();
/** The committed bundle, run as users run it. */
export const CLI = resolve("dist/cli/index.js");
export const API = "/api/v1";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Server {
  /** http://127.0.0.1:PORT (without /api/v1). */
  url: string;
  port: number;
  /** The SQLite file or the PostgreSQL URL it runs on. */
  database: string;
  backend: Backend;
  /** SIGTERM, then waits for the process to exit and its output to be closed. Safe to call twice. */
  stop(): Promise<Exit>;
  /** Kills the process at once (SIGKILL, a crash) and waits for it to exit. */
  crash(): Promise<Exit>;
  /** Everything the server wrote so far, stdout and stderr interleaved as they arrived. */
  log(): string;
  stdout(): string;
  stderr(): string;
  /** The request log lines (`METHOD /path STATUS 1.2ms ...`) written so far. */
  requests(): string[];
  /** Waits until `predicate(log())` holds (the request log is written just after the response). */
  waitForLog(predicate: (log: string) => boolean, timeoutMs?: number): Promise<void>;
}

const servers = new Set<Server>();
const temporary: string[] = [];

/** A temporary directory removed by cleanUp(). */
export function tempDir(prefix = "jux-serve-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

export const REQUEST_LINE = /^(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS) (\S+) (\d{3}) (\d+\.\d)ms(?: (.*))?$/;

/**
 * Starts `node24 dist/cli/index.js serve --port 0 ...args` and resolves once it prints where it listens. Unless
 * args name a --database, it gets a fresh one of `options.backend` (default sqlite): `<tmp>/db.sqlite` given as
 * --database, or a new database on the test PostgreSQL given as JUX_SERVE_DATABASE (dropped by cleanUp()).
 */
export async function startServer(
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  options: { timeoutMs?: number; backend?: Backend } = {},
): Promise<Server> {
  const dir = tempDir();
  const named = args.includes("--database") ? args[args.indexOf("--database") + 1]! : undefined;
  const backend = options.backend ?? (named && /^postgres(ql)?:\/\//i.test(named) ? "postgres" : "sqlite");
  const fresh = named === undefined && backend === "postgres" ? await freshPostgresDatabase() : undefined;
  const database = named ?? fresh ?? join(dir, "db.sqlite");
  const extra = named !== undefined || fresh !== undefined ? [] : ["--database", database];
  const databaseEnv = fresh !== undefined ? { JUX_SERVE_DATABASE: fresh } : {};
  const child = spawn(NODE24, [CLI, "serve", "--port", "0", ...extra, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, ...databaseEnv, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let all = "";
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => ((out += s), (all += s)));
  child.stderr.setEncoding("utf8").on("data", (s: string) => ((err += s), (all += s)));
  const closed = new Promise<Exit>((done) => child.on("close", (code, signal) => done({ code, signal })));

  let stopped: Promise<Exit> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const exit = await closed;
      clearTimeout(timer);
      servers.delete(server);
      return exit;
    })();
    return stopped;
  };

  const url = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => {
      void stop();
      fail(new Error(`jux serve did not start within ${options.timeoutMs ?? 20_000} ms:\n${all}`));
    }, options.timeoutMs ?? 20_000);
    const check = () => {
      const m = /jux serve: listening on (http:\/\/\S+?)\/api\/v1 \(database (\S+?);/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off("data", check);
        // The database it says it uses is of the backend asked for: a suite per backend never runs one twice.
        if ((backend === "postgres") !== /^postgres(ql)?:\/\//i.test(m[2]!)) {
          void stop();
          fail(new Error(`jux serve was to run on ${backend} but uses ${m[2]}:\n${all}`));
          return;
        }
        ready(m[1]!);
      }
    };
    child.stdout.on("data", check);
    void closed.then((exit) => {
      clearTimeout(timer);
      fail(new Error(`jux serve exited (${JSON.stringify(exit)}) before listening:\n${all}`));
    });
  });

  const server: Server = {
    url,
    port: Number(new URL(url).port),
    database,
    backend,
    stop,
    crash: () => {
      child.kill("SIGKILL");
      return stop();
    },
    log: () => all,
    stdout: () => out,
    stderr: () => err,
    requests: () => err.split("\n").filter((l) => REQUEST_LINE.test(l)),
    async waitForLog(predicate, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(all)) {
        if (Date.now() > until) throw new Error(`the server log never matched; it holds:\n${all}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  servers.add(server);
  return server;
}

/** A fresh database of `backend` for servers a test starts on it itself (a restart, several processes). */
export function freshDatabase(backend: Backend): Promise<string> {
  return databaseFor(backend, tempDir());
}

/**
 * Stops every server still running, drops the PostgreSQL databases made for them and removes the temporary
 * directories (for afterAll).
 */
export async function cleanUp(): Promise<void> {
  await Promise.all([...servers].map((s) => s.stop()));
  await dropPostgresDatabases();
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Reply {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON when the response is JSON, else undefined. */
  body: unknown;
  bytes: Buffer;
}

/** One HTTP exchange with fetch; the body is read completely. */
export async function request(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const bytes = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const text = bytes.toString("utf8");
  const json = /^application\/json/i.test(headers["content-type"] ?? "");
  return { status: response.status, headers, text, body: json ? JSON.parse(text) : undefined, bytes };
}

/** POST /api/v1/junit/submit with Content-Type: application/xml unless headers say otherwise. */
export function submit(
  server: Server,
  body: Buffer | string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const hasType = Object.keys(headers).some((h) => h.toLowerCase() === "content-type");
  return request(`${server.url}${API}/junit/submit`, {
    method: "POST",
    headers: { ...(hasType ? {} : { "Content-Type": "application/xml" }), ...headers },
    body: body as NonNullable<RequestInit["body"]>,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

/** GET of an /api/v1 path (given without /api/v1, with its query string). */
export function query(server: Server, pathWithQuery: string): Promise<Reply> {
  return request(`${server.url}${API}${pathWithQuery}`);
}

/** A body that fetch sends with Transfer-Encoding: chunked (no Content-Length), `size` bytes at a time. */
export function chunkedBody(bytes: Buffer, size = 512): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + size)));
      offset += size;
    },
  });
}

/**
 * A refusal the contract does not list for the operation (409, 413, 415, 422, ...) still uses its `Error`
 * schema: `{error: string, details?: object, suggestions?: string[]}`, as JSON.
 */
export function expectErrorShape(reply: Reply): void {
  const problems: string[] = [];
  if (!/^application\/json\b/i.test(reply.headers["content-type"] ?? ""))
    problems.push(`Content-Type is ${reply.headers["content-type"]}, not application/json`);
  const body = reply.body as Record<string, unknown> | undefined;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    problems.push("body is not an object");
  else {
    if (typeof body.error !== "string" || body.error === "") problems.push("error is not a non-empty string");
    if (
      "details" in body &&
      (typeof body.details !== "object" || body.details === null || Array.isArray(body.details))
    )
      problems.push("details is not an object");
    if (
      "suggestions" in body &&
      (!Array.isArray(body.suggestions) || body.suggestions.some((s) => typeof s !== "string"))
    )
      problems.push("suggestions is not an array of strings");
  }
  if (problems.length > 0)
    throw new Error(
      `${reply.status} body is not the contract's Error shape (${problems.join("; ")}): ${reply.text}`,
    );
}

/** Which documented (operation, status) pairs were validated against the contract. */
export class ContractCoverage {
  private readonly seen = new Set<string>();

  /** Whether the contract lists `status` for the operation `method path` (a concrete path, query allowed). */
  documents(spec: Spec, method: string, pathWithQuery: string, status: number): boolean {
    return operationOf(spec, method, pathWithQuery)?.statuses.includes(status) ?? false;
  }

  /** expectValidResponse, then notes the (operation, status) as exercised. */
  check(spec: Spec, method: string, pathWithQuery: string, reply: Reply): void {
    const path = pathWithQuery.split("?")[0]!;
    expectValidResponse(spec, method, path, reply.status, reply.body, reply.headers);
    const op = operationOf(spec, method, path);
    if (op) this.seen.add(key(spec, op.method, op.path, reply.status));
  }

  /** Every documented pair of both specs that no check() covered. */
  missing(): string[] {
    return (["submission", "query"] as const).flatMap((spec) =>
      operations(spec).flatMap((op) =>
        op.statuses.map((s) => key(spec, op.method, op.path, s)).filter((k) => !this.seen.has(k)),
      ),
    );
  }

  exercised(): string[] {
    return [...this.seen].sort();
  }
}

function operationOf(spec: Spec, method: string, pathWithQuery: string) {
  const path = pathWithQuery.split("?")[0]!;
  return operations(spec).find(
    (o) =>
      o.method.toUpperCase() === method.toUpperCase() &&
      new RegExp(`^${o.path.replace(/\{[^/}]+\}/g, "[^/]+")}$`).test(path),
  );
}

function key(spec: Spec, method: string, path: string, status: number): string {
  return `${spec}: ${method.toUpperCase()} ${path} ${status}`;
}

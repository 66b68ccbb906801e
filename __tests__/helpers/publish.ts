/**
 * Helpers for `jux publish` / `jux cache push` end to end: the committed bundle run as its own process (as
 * users run it), real fixture reports signed with a key made by `jux keygen`, and a record of everything the
 * processes printed and every file they left, for the secret scan.
 */
import { afterAll, beforeAll, expect } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as zlib from "node:zlib";
import { EXAMPLE_PYTEST, EXAMPLE_SUREFIRE, JUNIT } from "./fixtures.js";
import { canonicalHash, key, sign } from "./jux.js";
import {
  closeAll,
  freePort,
  startScriptedServer,
  type Behaviour,
  type ScriptedServer,
} from "./scripted-server.js";
import { API, CLI, cleanUp, query, startServer, tempDir, type Server } from "./serve.js";
import { SHARED_PRESENT } from "./shared.js";
import type { SigningKey } from "../../src/core/crypto/keys.js";

/** A recognisable API key: the secret scan looks for it (and for its distinctive tail) everywhere. */
export const SECRET = "jux-secret-KEY-0123456789abcdef";

export interface Run {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Every run of the CLI so far, in this test file. */
export const runs: Run[] = [];

export interface Options {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdin?: Buffer;
  timeoutMs?: number;
}

/**
 * Starts `node dist/cli/index.js ...args` without a terminal (pipes only); `done` resolves when it exited.
 * Asynchronous on purpose: the scripted servers live in this process and must keep answering meanwhile.
 */
export function startJux(args: string[], options: Options = {}): { child: ChildProcess; done: Promise<Run> } {
  const cwd = options.cwd ?? tempDir("jux-publish-cwd-");
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    // HOME is the (empty) cwd so no user configuration file of this machine leaks in.
    env: { PATH: process.env.PATH, HOME: cwd, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  child.stdin!.on("error", () => undefined).end(options.stdin ?? Buffer.alloc(0));
  const limit = options.timeoutMs ?? 60_000;
  const done = new Promise<Run>((resolve, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`jux ${args.join(" ")} did not finish within ${limit} ms:\n${stdout}\n${stderr}`));
    }, limit);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const run = { args, code, signal, stdout, stderr };
      runs.push(run);
      resolve(run);
    });
  });
  return { child, done };
}

/** Runs the CLI (see startJux) and resolves with how it ended. */
export function jux(args: string[], options: Options = {}): Promise<Run> {
  return startJux(args, options).done;
}

/** The parsed `--json` output of a publish run. */
export interface PublishJson {
  mode: string;
  ok: boolean;
  reports: ReportRow[];
  earlier: ReportRow[];
  quarantined: { name: string; reason: string; movedTo: string }[];
}

export interface ReportRow {
  file: string;
  hash: string;
  stored: boolean;
  kind: "stored" | "published" | "duplicate" | "queued" | "rejected" | "failed";
  testRunId?: string;
  reason?: string;
  status?: number;
  error?: string;
  details?: unknown;
  suggestions?: string[];
}

export function parsed(run: Run): PublishJson {
  try {
    return JSON.parse(run.stdout) as PublishJson;
  } catch {
    throw new Error(
      `jux ${run.args.join(" ")} (exit ${run.code}) printed no JSON:\n${run.stdout}\n${run.stderr}`,
    );
  }
}

/** A signing key and certificate made by `jux keygen` (a real run of the bundle). */
export async function keygen(): Promise<{ keyPath: string; certPath: string; key: SigningKey }> {
  const dir = tempDir("jux-publish-key-");
  const keyPath = join(dir, "signing.pem");
  const r = await jux(["keygen", "--output", keyPath, "--cert", "--subject", "publish tests"]);
  if (r.code !== 0) throw new Error(`jux keygen failed: ${r.stderr}`);
  const certPath = join(dir, "signing.crt");
  return { keyPath, certPath, key: key(keyPath, certPath) };
}

/**
 * Real-world reports of the shared corpus, different enough in shape (pytest, surefire, go, jest); without
 * ../shared (a plain GitHub checkout), the project's own examples (pytest, a Gradle test class): any report does.
 */
export const FIXTURES = SHARED_PRESENT
  ? [
      "mikepenz-action-junit-report/pytest-report.xml",
      "apache-maven-surefire/TEST-org.acme.FlakyTest.xml",
      "dorny-test-reporter/jest-test-errors.xml",
      "enricomi-publish-unit-test-result-action/junit.multiresult.xml",
    ].map((f) => join(JUNIT, f))
  : [EXAMPLE_PYTEST, EXAMPLE_SUREFIRE];

export interface Signed {
  path: string;
  bytes: Buffer;
  hash: string;
  project: string;
}

/**
 * Signs fixture `n % FIXTURES.length` with the project property and a `run` property that makes each report
 * (and its canonical hash) unique, and writes it to `dir/report-<n>.xml`.
 */
export async function signedReport(
  signingKey: SigningKey,
  dir: string,
  n: number,
  project: string,
): Promise<Signed> {
  const input = readFileSync(FIXTURES[n % FIXTURES.length]!);
  const { bytes } = await sign(input, signingKey, {
    properties: [
      { name: "project", value: project },
      { name: "run", value: `${project}-${n}` },
    ],
  });
  const path = join(dir, `report-${n}.xml`);
  writeFileSync(path, bytes);
  return { path, bytes, hash: await canonicalHash(bytes), project };
}

/** What one `jux publish` command line says; absent parts are left out. */
export interface PublishArgs {
  /** `-f` each, in order: a path (`-` for standard input) or a signed report. */
  files?: readonly (string | { path: string })[];
  /** `--storage-mode` (any word: the usage errors give wrong ones). */
  mode?: string;
  /** `--storage-path` */
  base?: string;
  /** `--api-url` */
  url?: string;
  /** `--json`, unless false. */
  json?: boolean;
  /** Further arguments, last. */
  extra?: readonly string[];
}

/** `publish -f FILE... [--json] [--storage-mode M] [--storage-path P] [--api-url U] ...extra`. */
export function publishArgs({ files = [], mode, base, url, json = true, extra = [] }: PublishArgs): string[] {
  return [
    "publish",
    ...files.flatMap((f) => ["-f", typeof f === "string" ? f : f.path]),
    ...(json ? ["--json"] : []),
    ...(mode === undefined ? [] : ["--storage-mode", mode]),
    ...storeAndUrl(base, url),
    ...extra,
  ];
}

/** `cache push [--json] --storage-path BASE --api-url URL ...extra`. */
export function pushArgs(
  base: string,
  url: string,
  { json = true, extra = [] as readonly string[] } = {},
): string[] {
  return ["cache", "push", ...(json ? ["--json"] : []), ...storeAndUrl(base, url), ...extra];
}

function storeAndUrl(base: string | undefined, url: string | undefined): string[] {
  return [
    ...(base === undefined ? [] : ["--storage-path", base]),
    ...(url === undefined ? [] : ["--api-url", url]),
  ];
}

/**
 * Runs `jux cache push` (see pushArgs) with JUX_API_KEY set to `key` (none when null) and `env` besides.
 */
export function cachePush(
  base: string,
  url: string,
  options: { key?: string | null; json?: boolean; extra?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<Run> {
  const { key = SECRET, env = {} } = options;
  return jux(pushArgs(base, url, options), { env: { ...(key ? { JUX_API_KEY: key } : {}), ...env } });
}

/** A fresh temporary directory, its store (not made yet) and reports of a project no other test uses. */
export interface Fixture {
  dir: string;
  base: string;
  reports: Signed[];
  project: string;
}

export interface PublishSuite {
  /** The key made by `jux keygen`. */
  readonly signingKey: SigningKey;
  /** The scripted server (answering with `fallback` when unscripted). */
  readonly scripted: ScriptedServer;
  /** The `jux serve` (only with `serve`). */
  readonly server: Server;
  /** An API URL on a port where nothing listens. */
  readonly deadUrl: string;
  /** The scripted server's API URL. */
  scriptedUrl: () => string;
  /** The API URL of `jux serve`. */
  serveUrl: () => string;
  /** Every fixture's directory, and every fixture's store, so far (for the secret scans). */
  readonly dirs: string[];
  readonly stores: string[];
  /** A fixture with `count` reports signed with the suite's key (see signedReport). */
  setUp: (count?: number) => Promise<Fixture>;
  /** The runs `jux serve` holds for a project. */
  runsOf: (project: string) => Promise<{ id: string; project: string }[]>;
}

/**
 * The set-up a publish test file shares, registered as its beforeAll and afterAll: a key by `jux keygen`, a
 * scripted server, a `jux serve --port 0 ...serve` when `serve` is given, and a dead URL. `name` names the
 * fixtures' directories (`jux-publish-<name>-`) and projects (`<name>-<n>`).
 */
export function publishSuite(options: {
  name: string;
  serve?: string[];
  fallback?: Behaviour;
}): PublishSuite {
  const { name, serve, fallback } = options;
  let started:
    { signingKey: SigningKey; scripted: ScriptedServer; server?: Server; deadUrl: string } | undefined;
  let projects = 0;
  const state = () => {
    if (!started) throw new Error("the publish suite is not started (beforeAll)");
    return started;
  };
  beforeAll(async () => {
    const [{ key: signingKey }, scripted, server] = await Promise.all([
      keygen(),
      startScriptedServer(fallback),
      serve ? startServer(serve) : undefined,
    ]);
    started = { signingKey, scripted, server, deadUrl: `http://127.0.0.1:${await freePort()}${API}` };
  });
  afterAll(async () => {
    await closeAll();
    await cleanUp();
  });
  const suite: PublishSuite = {
    get signingKey() {
      return state().signingKey;
    },
    get scripted() {
      return state().scripted;
    },
    get server() {
      const { server } = state();
      if (!server) throw new Error("this publish suite starts no jux serve");
      return server;
    },
    get deadUrl() {
      return state().deadUrl;
    },
    scriptedUrl: () => `${suite.scripted.url}${API}`,
    serveUrl: () => `${suite.server.url}${API}`,
    dirs: [],
    stores: [],
    setUp: async (count = 1) => {
      const dir = tempDir(`jux-publish-${name}-`);
      const base = join(dir, "store");
      suite.dirs.push(dir);
      suite.stores.push(base);
      const project = `${name}-${++projects}`;
      const reports: Signed[] = [];
      for (let n = 0; n < count; n++) reports.push(await signedReport(suite.signingKey, dir, n, project));
      return { dir, base, reports, project };
    },
    runsOf: async (project) => {
      const reply = await query(
        suite.server,
        `/test_runs?project=${encodeURIComponent(project)}&per_page=100`,
      );
      expect(reply.status).toBe(200);
      return (reply.body as { test_runs: { id: string; project: string }[] }).test_runs;
    },
  };
  return suite;
}

/**
 * The names of the files in `<base>/<area>/` (none when the directory does not exist), a compressed report's
 * `.zst`/`.gz` suffix dropped: these tests check which reports are where, whatever `compress` (default zstd, gzip
 * on Node.js 20) made of their files; store-compress.test.ts checks the files themselves.
 */
export function filesIn(base: string, area: "reports" | "queue" | "rejected" | "quarantine"): string[] {
  const dir = join(base, area);
  return existsSync(dir)
    ? readdirSync(dir)
        .map((n) => n.replace(/\.xml\.(zst|gz)$/, ".xml"))
        .sort()
    : [];
}

/**
 * The report `hash` as stored in `<base>/<area>/`, decompressed from `<hash>.xml.zst` or `.xml.gz` (whichever is
 * there, else `<hash>.xml`): the bytes the store gives back.
 */
export function storedBytes(base: string, area: "reports" | "queue" | "rejected", hash: string): Buffer {
  const at = (suffix: string) => join(base, area, `${hash}.xml${suffix}`);
  // zstd only where node:zlib has it (Node.js 22.15+); a store written there is read there.
  if (existsSync(at(".zst"))) return zlib.zstdDecompressSync(readFileSync(at(".zst")));
  if (existsSync(at(".gz"))) return zlib.gunzipSync(readFileSync(at(".gz")));
  return readFileSync(at(""));
}

/** Every regular file under `dir`, recursively. */
export function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    const info = statSync(full);
    return info.isDirectory() ? allFiles(full) : info.isFile() ? [full] : [];
  });
}

/** Where the secret (or a recognisable part of it) occurs: run outputs and file contents. */
export function secretLeaks(secret: string, dirs: string[], extraTexts: [string, string][] = []): string[] {
  const needles = [secret, secret.slice(-16), Buffer.from(secret).toString("base64")];
  const found: string[] = [];
  const look = (where: string, text: string) => {
    for (const n of needles) if (text.includes(n)) found.push(`${where} contains ${JSON.stringify(n)}`);
  };
  for (const r of runs) {
    look(`stdout of jux ${r.args.join(" ")}`, r.stdout);
    look(`stderr of jux ${r.args.join(" ")}`, r.stderr);
  }
  for (const [where, text] of extraTexts) look(where, text);
  for (const dir of dirs) for (const f of allFiles(dir)) look(f, readFileSync(f).toString("latin1"));
  return found;
}

/** No carriage return and no ANSI escape (CSI or OSC): output that stays line-oriented off a terminal. */
export function expectLineOriented(text: string): void {
  // eslint-disable-next-line no-control-regex
  const bad = /\r|\u001b/.exec(text);
  if (bad)
    throw new Error(`output is not line-oriented (${JSON.stringify(bad[0])} at ${bad.index}):\n${text}`);
}

/**
 * A local emulation of the GitHub Actions results service for end-to-end tests: the Twirp control plane of
 * @actions/cache 6 and @actions/artifact 6 and the REST routes for caches and artifacts on a loopback HTTP
 * server of our own, with the bytes in a real Azurite blob store behind SAS URLs. Jobs get the environment the
 * runner would give them, so the action's bundles run unmodified as child processes.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { artifactService } from "./artifact-service.js";
import { createTarZst, extractTar, unzip, type Member } from "./archive.js";
import { startAzurite } from "./azurite.js";
import { ARTIFACT_CONTAINER, Blobs, CACHE_CONTAINER } from "./blobs.js";
import { cacheService } from "./cache-service.js";
import {
  twirpError,
  type Context,
  type Faults,
  type Reply,
  type RequestRecord,
  type RestPermission,
} from "./context.js";
import { IdTokens, type IdTokenOptions, type IdTokenRequest } from "./id-token.js";
import { rest } from "./rest.js";
import { isFinal, newestFirst } from "./state.js";
import { READ, TokenSigner, WRITE, type CacheScope } from "./token.js";

export type { Faults, RequestRecord, RestPermission } from "./context.js";
export type { IdTokenOptions, IdTokenRequest } from "./id-token.js";

/** `node --import <this>` resolves the blob host alias to 127.0.0.1 (see dns-alias.mjs). */
export const DNS_ALIAS_PRELOAD = fileURLToPath(new URL("./dns-alias.mjs", import.meta.url));
/** The production-style blob host handed out with `azureHostAlias: true`. */
export const DEFAULT_BLOB_HOST = "devstoreaccount1.blob.core.windows.net";

export interface JobOptions {
  runId: number;
  attempt?: number;
  job?: string;
  /** A matrix leg: legs share the job's name but are separate jobs (their own backend id). */
  leg?: string;
  /** Default refs/heads/main. */
  ref?: string;
  /** For a pull request's ref (refs/pull/N/merge): the base branch's ref, readable too. */
  baseRef?: string;
  /** What the runtime token's `ac` claim allows on the job's ref (default read-write). */
  cache?: "read-write" | "read-only" | "none";
  /** Also export ACTIONS_CACHE_MODE as the runner does for untrusted events (the client then skips by itself). */
  exportCacheMode?: boolean;
  /** What githubToken may do through the REST routes (default read-write, i.e. `actions: write`). */
  restApi?: RestPermission;
  /**
   * `permissions: id-token: write`: the job's env gets ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN, whose endpoint
   * answers with `mint(audience)` (id-token.ts). Without it the job has neither, as on GitHub.
   */
  idToken?: IdTokenOptions;
}

export interface JobEnvironment {
  env: Record<string, string>;
  /** For the REST routes: pass it as INPUT_GITHUB_TOKEN (it is deliberately not in env). */
  githubToken: string;
  /** Node options the child needs (the DNS preload when the service hands out the blob host alias). */
  nodeArgs: string[];
}

export interface CacheRecord {
  key: string;
  version: string;
  ref: string;
  size: number;
  createdAt: string;
  lastAccessedAt: string;
  id: number;
}

export interface ArtifactRecord {
  id: number;
  name: string;
  runId: number;
  size: number;
  retentionDays?: number;
  /** Hex SHA-256 of the zip, as the client computed it. */
  digest?: string;
}

export interface ActionsService {
  /** http://127.0.0.1:PORT of the control plane (ACTIONS_RESULTS_URL and GITHUB_API_URL). */
  url: string;
  job(opts: JobOptions): JobEnvironment;
  /** Failure injection: stays in force until changed (reset with {}). */
  setFaults(f: Faults): void;
  /** Finalized cache entries, oldest first. */
  caches(): CacheRecord[];
  /** Extracts the newest entry with exactly this key into dir and returns the archive's listing. */
  extractCache(key: string, dir: string): Promise<string[]>;
  /** Sets when the entries with exactly this key were last accessed (as the REST API reports it): ageing. */
  setCacheAccess(key: string, at: Date): void;
  /** GitHub's eviction: removes every finalized entry last accessed before `before`; returns their keys. */
  evictCaches(before: Date): Promise<string[]>;
  /** The raw archive bytes of the newest entry with exactly this key. */
  cacheArchive(key: string): Promise<Buffer>;
  artifacts(runId?: number): ArtifactRecord[];
  artifactFiles(id: number): Promise<Map<string, Buffer>>;
  requests(): RequestRecord[];
  /** The ID-token requests, in order, with the audience asked for and the status answered. */
  idTokenRequests(): IdTokenRequest[];
  /** Makes the ID-token endpoint answer this status (e.g. 500), or normally again (undefined). */
  failIdTokens(status: number | undefined): void;
  /** A finalized entry as another run would have saved it with @actions/cache (tar.zst, same version rule). */
  putCache(key: string, ref: string, files: Record<string, Member>, paths: string[]): Promise<void>;
  /** A finalized entry holding exactly these archive bytes (e.g. createRawTarZst's hostile members). */
  putCacheArchive(key: string, ref: string, archive: Buffer, paths: string[]): Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** owner/name, default "octo/jux-demo". */
  repository?: string;
  /** Default "main". */
  defaultBranch?: string;
  /** Hand out blob URLs on a *.blob.core.windows.net host (true: DEFAULT_BLOB_HOST), so downloads take the
   *  Azure SDK path; children must then run with nodeArgs (the DNS preload). */
  azureHostAlias?: boolean | string;
}

/** The version @actions/cache computes for these paths with zstd (cacheUtils.getCacheVersion). */
export const cacheVersion = (paths: string[], compression = "zstd-without-long"): string =>
  createHash("sha256")
    .update([...paths, compression, "1.0"].join("|"))
    .digest("hex");

const uuidOf = (text: string): string => {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

export async function startActionsService(opts: ServiceOptions = {}): Promise<ActionsService> {
  const [owner, repo] = (opts.repository ?? "octo/jux-demo").split("/");
  if (!owner || !repo) throw new Error(`repository must be owner/name, not ${opts.repository}`);
  const defaultBranch = opts.defaultBranch ?? "main";
  const hostAlias = opts.azureHostAlias === true ? DEFAULT_BLOB_HOST : opts.azureHostAlias || undefined;

  const azurite = await startAzurite();
  let id = 0;
  const ctx: Context = {
    owner,
    repo,
    defaultBranch,
    signer: new TokenSigner(),
    blobs: new Blobs(azurite, hostAlias),
    entries: [],
    artifacts: [],
    faults: {},
    runs: new Map(),
    githubTokens: new Map(),
    nextId: () => ++id,
  };
  const log: RequestRecord[] = [];
  const idTokens = new IdTokens(owner);
  let server: Server | undefined;
  try {
    await ctx.blobs.createContainers();
    server = await listen(ctx, log, idTokens);
  } catch (error) {
    server?.close();
    await azurite.stop();
    throw error;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopped: Promise<void> | undefined;

  const newest = (key: string) => {
    const entry = ctx.entries.filter((e) => isFinal(e) && e.key === key).sort(newestFirst)[0];
    if (!entry) throw new Error(`no cache entry with key ${key}`);
    return entry;
  };
  const finalArtifact = (artifactId: number) => {
    const artifact = ctx.artifacts.find((a) => a.id === artifactId && isFinal(a));
    if (!artifact) throw new Error(`no artifact with id ${artifactId}`);
    return artifact;
  };

  const putArchive = async (key: string, ref: string, archive: Buffer, paths: string[]) => {
    const entryId = ctx.nextId();
    const blob = `${entryId}/cache`;
    await ctx.blobs.write(CACHE_CONTAINER, blob, archive);
    const now = new Date();
    ctx.entries.push({
      id: entryId,
      key,
      version: cacheVersion(paths),
      ref,
      blob,
      size: archive.length,
      createdAt: now,
      lastAccessedAt: now,
    });
  };

  return {
    url,
    job: (o) => jobEnvironment(ctx, url, o, hostAlias, idTokens),
    setFaults: (f) => void (ctx.faults = { ...f }),
    caches: () =>
      ctx.entries.filter(isFinal).map((e) => ({
        key: e.key,
        version: e.version,
        ref: e.ref,
        size: e.size ?? 0,
        createdAt: e.createdAt.toISOString(),
        lastAccessedAt: e.lastAccessedAt.toISOString(),
        id: e.id,
      })),
    setCacheAccess: (key, at) => {
      for (const e of ctx.entries) if (e.key === key) e.lastAccessedAt = at;
    },
    evictCaches: async (before) => {
      const doomed = ctx.entries.filter((e) => isFinal(e) && e.lastAccessedAt < before);
      for (const e of doomed) {
        ctx.entries.splice(ctx.entries.indexOf(e), 1);
        await ctx.blobs.remove(CACHE_CONTAINER, e.blob);
      }
      return doomed.map((e) => e.key);
    },
    cacheArchive: (key) => ctx.blobs.read(CACHE_CONTAINER, newest(key).blob),
    extractCache: async (key, dir) =>
      extractTar(await ctx.blobs.read(CACHE_CONTAINER, newest(key).blob), dir),
    artifacts: (runId) =>
      ctx.artifacts
        .filter((a) => isFinal(a) && (runId === undefined || a.runId === runId))
        .map((a) => ({
          id: a.id,
          name: a.name,
          runId: a.runId,
          size: a.size ?? 0,
          ...(a.expiresAt
            ? { retentionDays: Math.round((a.expiresAt.getTime() - a.createdAt.getTime()) / 86_400_000) }
            : {}),
          ...(a.hash ? { digest: a.hash.replace(/^sha256:/, "") } : {}),
        })),
    artifactFiles: async (artifactId) =>
      unzip(await ctx.blobs.read(ARTIFACT_CONTAINER, finalArtifact(artifactId).blob)),
    requests: () => log.map((r) => ({ ...r })),
    idTokenRequests: () => idTokens.log.map((r) => ({ ...r })),
    failIdTokens: (status) => void (idTokens.failWith = status),
    putCache: async (key, ref, files, paths) => putArchive(key, ref, await createTarZst(files), paths),
    putCacheArchive: (key, ref, archive, paths) => putArchive(key, ref, archive, paths),
    stop: () =>
      (stopped ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        await azurite.stop();
      })()),
  };
}

function jobEnvironment(
  ctx: Context,
  url: string,
  o: JobOptions,
  hostAlias: string | undefined,
  idTokens: IdTokens,
): JobEnvironment {
  const attempt = o.attempt ?? 1;
  const jobName = o.job ?? "build";
  const ref = o.ref ?? "refs/heads/main";
  const cache = o.cache ?? "read-write";
  const defaultRef = `refs/heads/${ctx.defaultBranch}`;
  // Artifacts belong to the run, whatever the attempt; jobs differ by attempt and name.
  const runBackendId = uuidOf(`${ctx.owner}/${ctx.repo}#${o.runId}`);
  const jobBackendId = uuidOf(
    `${ctx.owner}/${ctx.repo}#${o.runId}.${attempt}/${jobName}${o.leg === undefined ? "" : `[${o.leg}]`}`,
  );
  ctx.runs.set(runBackendId, o.runId);
  const scopes: CacheScope[] = [];
  if (cache !== "none") {
    scopes.push({ Scope: ref, Permission: cache === "read-write" ? READ | WRITE : READ });
    for (const extra of [o.baseRef, defaultRef])
      if (extra && !scopes.some((s) => s.Scope === extra)) scopes.push({ Scope: extra, Permission: READ });
  }
  const githubToken = `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x")}`;
  ctx.githubTokens.set(githubToken, o.restApi ?? "read-write");
  const env: Record<string, string> = {
    GITHUB_ACTIONS: "true",
    CI: "true",
    ACTIONS_RESULTS_URL: `${url}/`,
    ACTIONS_CACHE_URL: `${url}/`,
    ACTIONS_RUNTIME_URL: `${url}/`,
    ACTIONS_RUNTIME_TOKEN: ctx.signer.sign({ runBackendId, jobBackendId, scopes }),
    ACTIONS_CACHE_SERVICE_V2: "true",
    GITHUB_API_URL: url,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_GRAPHQL_URL: `${url}/graphql`,
    GITHUB_REPOSITORY: `${ctx.owner}/${ctx.repo}`,
    GITHUB_REPOSITORY_OWNER: ctx.owner,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ""),
    GITHUB_SHA: createHash("sha1").update(`${o.runId}`).digest("hex"),
    GITHUB_RUN_ID: String(o.runId),
    GITHUB_RUN_NUMBER: String(o.runId),
    GITHUB_RUN_ATTEMPT: String(attempt),
    GITHUB_JOB: jobName,
    GITHUB_WORKFLOW: "CI",
    GITHUB_EVENT_NAME: ref.startsWith("refs/pull/") ? "pull_request" : "push",
    GITHUB_ACTOR: "octocat",
    GITHUB_RETENTION_DAYS: "90",
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    RUNNER_NAME: "emulated",
  };
  if (o.idToken) Object.assign(env, idTokens.grant(url, runBackendId, jobBackendId, o.idToken));
  if (o.exportCacheMode)
    env.ACTIONS_CACHE_MODE = { "read-write": "write", "read-only": "read", none: "none" }[cache];
  if (hostAlias) env.ACTIONS_EMULATION_BLOB_HOST = hostAlias;
  if (o.baseRef) env.GITHUB_BASE_REF = o.baseRef.replace(/^refs\/heads\//, "");
  return { env, githubToken, nodeArgs: hostAlias ? ["--import", DNS_ALIAS_PRELOAD] : [] };
}

function listen(ctx: Context, log: RequestRecord[], idTokens: IdTokens): Promise<Server> {
  const server = createServer((req, res) => {
    const record: RequestRecord = { method: req.method ?? "", path: req.url ?? "", status: 0 };
    res.on("finish", () => log.push({ ...record, status: res.statusCode }));
    void handle(ctx, req, record, idTokens)
      .catch((error: unknown) => twirpError("invalid_argument", `emulation error: ${String(error)}`))
      .then((reply) => send(res, reply));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

const TWIRP = /^\/twirp\/github\.actions\.results\.api\.v1\.(CacheService|ArtifactService)\/(\w+)$/;

async function handle(
  ctx: Context,
  req: IncomingMessage,
  record: RequestRecord,
  idTokens: IdTokens,
): Promise<Reply> {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  const body = await readBody(req);
  if (IdTokens.matches(url)) return idTokens.answer(req.method ?? "GET", url, req.headers.authorization);
  const twirp = TWIRP.exec(url.pathname);
  if (!twirp) return rest(ctx, req.method ?? "GET", url, req.headers.authorization);
  const [, service, method] = twirp as unknown as [string, string, string];
  record.twirp = `${service}/${method}`;
  if (req.method !== "POST") return twirpError("bad_route", "Twirp methods take POST");
  const job = ctx.signer.verify(req.headers.authorization);
  if (typeof job === "string") return twirpError("unauthenticated", job);
  let message: unknown;
  try {
    message = JSON.parse(body.toString("utf8") || "{}");
  } catch {
    return twirpError("invalid_argument", "the request body is not JSON");
  }
  if (typeof message !== "object" || message === null)
    return twirpError("invalid_argument", "the request body is not a message");
  const fields = message as Record<string, unknown>;
  return service === "CacheService"
    ? cacheService(ctx, job, method, fields)
    : artifactService(ctx, job, method, fields);
}

function readBody(req: IncomingMessage, limit = 1 << 20): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) req.destroy(new Error("request body too large"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers["content-type"] = "application/json";
  res.writeHead(reply.status, headers).end(text);
}

/**
 * The Actions results service emulation, proven with the REAL @actions/cache 6 and @actions/artifact 6 run as
 * child processes (tar + zstd, Twirp JSON, Azure SDK uploads and downloads against Azurite, SAS checks, zip).
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  startActionsService,
  type ActionsService,
  type JobOptions,
} from "../helpers/actions-service/index.js";
import { archiveFormat } from "../helpers/actions-service/archive.js";
import { runToolkit, type ToolkitCommand } from "../helpers/actions-service/toolkit.js";
import { DNS_ALIAS_PRELOAD } from "../helpers/actions-service/index.js";

const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};

let service: ActionsService;

beforeAll(async () => {
  service = await startActionsService({ azureHostAlias: true });
});

afterAll(async () => {
  await service?.stop();
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** One step of one job: a fresh workspace and runner temp, the job's environment, the toolkit command. */
async function step(job: JobOptions, command: ToolkitCommand, workspace = tempDir("ws-")) {
  const run = await runToolkit({ job: service.job(job), runnerTemp: tempDir("rt-"), workspace }, command);
  return { ...run, workspace };
}

/** A workspace holding queue/<name> files. */
function workspaceWith(files: Record<string, string>): string {
  const ws = tempDir("ws-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(ws, "queue"), { recursive: true });
    writeFileSync(join(ws, "queue", name), text);
  }
  return ws;
}

const PATHS = ["queue"];

describe("cache", () => {
  test("save, then restore by exact key and by prefix in another run of the same branch", async () => {
    const ws = workspaceWith({ "a.xml": "<a/>", "b.xml": "<b/>" });
    const saved = await step({ runId: 100 }, { op: "save", paths: PATHS, key: "jux-queue-main-100" }, ws);
    expect(saved.warnings).toEqual([]);
    expect(saved.ok).toBe(true);
    expect(typeof saved.result).toBe("number");
    expect(saved.result as number).toBeGreaterThan(0);

    const entry = service.caches().find((c) => c.key === "jux-queue-main-100");
    expect(entry).toMatchObject({ ref: "refs/heads/main", id: saved.result });
    expect(entry!.size).toBeGreaterThan(0);
    // tar + zstd, as the client made it
    expect(archiveFormat(await service.cacheArchive("jux-queue-main-100"))).toBe("zstd");
    const out = tempDir("extract-");
    expect((await service.extractCache("jux-queue-main-100", out)).sort()).toEqual([
      "queue/",
      "queue/a.xml",
      "queue/b.xml",
    ]);
    expect(readFileSync(join(out, "queue", "b.xml"), "utf8")).toBe("<b/>");

    const [exact, prefix] = await Promise.all([
      step({ runId: 101 }, { op: "restore", paths: PATHS, key: "jux-queue-main-100" }),
      step({ runId: 102 }, { op: "restore", paths: PATHS, key: "jux-queue-main-" }),
    ]);
    expect(exact.result).toBe("jux-queue-main-100");
    expect(readFileSync(join(exact.workspace, "queue", "a.xml"), "utf8")).toBe("<a/>");

    expect(prefix.result).toBe("jux-queue-main-100");
    expect(prefix.stdout).toContain("Cache hit for restore-key: jux-queue-main-100");
    // The production download path: the Azure SDK, on the *.blob.core.windows.net alias
    expect(prefix.stdout).toContain("::debug::Downloading segment at offset 0");
  });

  test("a sibling branch sees neither the other branch's entries; the default branch's are visible to all", async () => {
    const feature = { runId: 110, ref: "refs/heads/feature-a" };
    const ws = workspaceWith({ "f.xml": "<f/>" });
    expect(
      (await step(feature, { op: "save", paths: PATHS, key: "jux-queue-feature-a" }, ws)).result,
    ).toBeGreaterThan(0);
    expect(service.caches().find((c) => c.key === "jux-queue-feature-a")?.ref).toBe("refs/heads/feature-a");

    const sibling = { runId: 111, ref: "refs/heads/feature-b" };
    const [miss, same, fallback] = await Promise.all([
      step(sibling, { op: "restore", paths: PATHS, key: "jux-queue-feature-a" }),
      step(
        { runId: 112, ref: "refs/heads/feature-a" },
        { op: "restore", paths: PATHS, key: "jux-queue-feature-a" },
      ),
      step(sibling, { op: "restore", paths: PATHS, key: "jux-queue-", restoreKeys: ["nothing-"] }),
    ]);
    expect(miss.ok).toBe(true);
    expect(miss.result).toBeNull();
    expect(miss.warnings).toEqual([]);
    // ... but the same branch does, and the sibling falls back to the default branch's entry
    expect(same.result).toBe("jux-queue-feature-a");
    expect(fallback.result).toBe("jux-queue-main-100");
  });

  test("the version must match: other paths restore nothing", async () => {
    const other = await step(
      { runId: 113 },
      { op: "restore", paths: ["queue", "more"], key: "jux-queue-main-100" },
    );
    expect(other.result).toBeNull();
  });

  test("write denied (read-only token, or by policy): saveCache returns -1 with a warning and stores nothing", async () => {
    const before = service.caches().length;
    const ws = workspaceWith({ "w.xml": "<w/>" });
    const readOnly = await step(
      { runId: 120, cache: "read-only" },
      { op: "save", paths: PATHS, key: "jux-ro" },
      ws,
    );
    expect(readOnly.result).toBe(-1);
    expect(readOnly.warnings.join("\n")).toContain("cache write denied:");
    // a read-only token still reads
    expect(
      (
        await step(
          { runId: 120, cache: "read-only" },
          { op: "restore", paths: PATHS, key: "jux-queue-main-100" },
        )
      ).result,
    ).toBe("jux-queue-main-100");
    service.setFaults({ cacheWriteDenied: true });
    try {
      const denied = await step({ runId: 121 }, { op: "save", paths: PATHS, key: "jux-denied" }, ws);
      expect(denied.result).toBe(-1);
      expect(denied.warnings.join("\n")).toContain("cache write denied:");
    } finally {
      service.setFaults({});
    }
    expect(service.caches().length).toBe(before);
  });

  test("read denied (token without cache access, or by policy): restoreCache is a miss", async () => {
    const none = await step(
      { runId: 122, cache: "none" },
      { op: "restore", paths: PATHS, key: "jux-queue-main-100" },
    );
    expect(none.ok).toBe(true);
    expect(none.result).toBeNull();
    expect(none.warnings.join("\n")).toContain("cache read denied:");
    service.setFaults({ cacheReadDenied: true });
    try {
      const denied = await step({ runId: 123 }, { op: "restore", paths: PATHS, key: "jux-queue-main-100" });
      expect(denied.result).toBeNull();
    } finally {
      service.setFaults({});
    }
    const denials = service
      .requests()
      .filter((r) => r.twirp === "CacheService/GetCacheEntryDownloadURL" && r.status === 403);
    expect(denials.length).toBe(2);
  });

  test("the runner's ACTIONS_CACHE_MODE makes the client skip by itself", async () => {
    const seen = service.requests().length;
    const ws = workspaceWith({ "m.xml": "<m/>" });
    const skipped = await step(
      { runId: 124, cache: "read-only", exportCacheMode: true },
      { op: "save", paths: PATHS, key: "jux-mode" },
      ws,
    );
    expect(skipped.result).toBe(-1);
    expect(skipped.stdout).toContain("does not permit writes");
    expect(
      service
        .requests()
        .slice(seen)
        .filter((r) => r.twirp),
    ).toEqual([]);
  });

  test("a reservation conflict (another job saving the same key) returns -1; so does saving an existing key", async () => {
    const ws = workspaceWith({ "c.xml": "<c/>" });
    service.setFaults({ reserveConflict: true });
    try {
      const conflict = await step({ runId: 130 }, { op: "save", paths: PATHS, key: "jux-conflict" }, ws);
      expect(conflict.result).toBe(-1);
      expect(conflict.warnings.join("\n")).toContain("already exists");
    } finally {
      service.setFaults({});
    }
    const again = await step({ runId: 131 }, { op: "save", paths: PATHS, key: "jux-queue-main-100" }, ws);
    expect(again.result).toBe(-1);
    expect(again.stdout).toContain("Unable to reserve cache with key jux-queue-main-100");
    expect(service.caches().filter((c) => c.key === "jux-queue-main-100")).toHaveLength(1);
    expect(service.caches().some((c) => c.key === "jux-conflict")).toBe(false);
  });

  test("a pull request's ref reads its base branch, and restores on Node 24 (the action's runtime)", async () => {
    const node24 = execFileSync("bash", ["scripts/node24.sh"]).toString().trim();
    const job = service.job({ runId: 150, ref: "refs/pull/7/merge", baseRef: "refs/heads/feature-a" });
    const run = await runToolkit(
      { job, runnerTemp: tempDir("rt-"), workspace: tempDir("ws-"), node: node24 },
      { op: "restore", paths: PATHS, key: "jux-queue-feature-" },
    );
    expect(run.result).toBe("jux-queue-feature-a");
    expect(run.stdout).toContain("::debug::Downloading segment at offset 0");
  });

  test("putCache makes an entry the real client restores (another run's queue entry)", async () => {
    await service.putCache("jux-put-1", "refs/heads/main", { "queue/p.xml": Buffer.from("<p/>") }, PATHS);
    const restored = await step(
      { runId: 140, ref: "refs/heads/other" },
      { op: "restore", paths: PATHS, key: "jux-put-1" },
    );
    expect(restored.result).toBe("jux-put-1");
    expect(readFileSync(join(restored.workspace, "queue", "p.xml"), "utf8")).toBe("<p/>");
  });
});

/** A REST call as the action makes it, with the job's githubToken. */
async function api(method: string, path: string, token?: string) {
  const res = await fetch(`${service.url}${path}`, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

interface CacheList {
  total_count: number;
  actions_caches: {
    id: number;
    ref: string;
    key: string;
    version: string;
    size_in_bytes: number;
    created_at: string;
    last_accessed_at: string;
  }[];
}

describe("REST caches API", () => {
  const repo = "/repos/octo/jux-demo/actions/caches";

  test("lists by key prefix and ref, newest (last accessed) first, paginated", async () => {
    for (const n of [1, 2, 3])
      await service.putCache(
        `jux-rest-${n}`,
        "refs/heads/main",
        { [`queue/${n}.xml`]: Buffer.from(`<r${n}/>`) },
        PATHS,
      );
    await service.putCache(
      "jux-rest-9",
      "refs/heads/elsewhere",
      { "queue/9.xml": Buffer.from("<r9/>") },
      PATHS,
    );
    const { githubToken } = service.job({ runId: 200, restApi: "read" });
    const all = await api("GET", `${repo}?key=jux-rest-&ref=refs/heads/main`, githubToken);
    expect(all.status).toBe(200);
    const list = all.body as unknown as CacheList;
    expect(list.total_count).toBe(3);
    expect(list.actions_caches.map((c) => c.key)).toEqual(["jux-rest-3", "jux-rest-2", "jux-rest-1"]);
    expect(list.actions_caches[0]).toEqual({
      id: expect.any(Number),
      ref: "refs/heads/main",
      key: "jux-rest-3",
      version: service.caches().find((c) => c.key === "jux-rest-3")!.version,
      size_in_bytes: expect.any(Number),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      last_accessed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const page2 = (
      await api("GET", `${repo}?key=jux-rest-&ref=refs/heads/main&per_page=2&page=2`, githubToken)
    ).body as unknown as CacheList;
    expect(page2.total_count).toBe(3);
    expect(page2.actions_caches.map((c) => c.key)).toEqual(["jux-rest-1"]);
    const anyRef = (await api("GET", `${repo}?key=jux-rest-`, githubToken)).body as unknown as CacheList;
    expect(anyRef.total_count).toBe(4);

    const keys = async (query: string) =>
      (
        (await api("GET", `${repo}?key=jux-rest-&ref=refs/heads/main${query}`, githubToken))
          .body as unknown as CacheList
      ).actions_caches.map((c) => c.key);
    expect(await keys("&sort=created_at&direction=asc")).toEqual(["jux-rest-1", "jux-rest-2", "jux-rest-3"]);
    // as on GitHub, a restore counts as an access: the default order (last_accessed_at desc) moves it first
    await new Promise((r) => setTimeout(r, 5));
    expect((await step({ runId: 200 }, { op: "restore", paths: PATHS, key: "jux-rest-1" })).result).toBe(
      "jux-rest-1",
    );
    expect(await keys("")).toEqual(["jux-rest-1", "jux-rest-3", "jux-rest-2"]);
    expect(await keys("&sort=created_at")).toEqual(["jux-rest-3", "jux-rest-2", "jux-rest-1"]);
    expect((await api("GET", `${repo}?sort=bogus`, githubToken)).status).toBe(422);
  });

  test("deletes by key (and ref) and by id with actions: write; refuses read-only and missing tokens", async () => {
    const reader = service.job({ runId: 201, restApi: "read" }).githubToken;
    const writer = service.job({ runId: 201, restApi: "read-write" }).githubToken;
    const nobody = service.job({ runId: 201, restApi: "none" }).githubToken;
    expect(await api("DELETE", `${repo}?key=jux-rest-1&ref=refs/heads/main`, reader)).toMatchObject({
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    expect((await api("GET", `${repo}?key=jux-rest-`, nobody)).status).toBe(403);
    expect((await api("GET", `${repo}?key=jux-rest-`)).status).toBe(401);
    expect((await api("GET", `${repo}?key=jux-rest-`, "ghs_forged")).status).toBe(401);
    expect((await api("GET", "/repos/octo/other/actions/caches", writer)).status).toBe(404);

    const deleted = await api("DELETE", `${repo}?key=jux-rest-1&ref=refs/heads/main`, writer);
    expect(deleted.status).toBe(200);
    expect((deleted.body as unknown as CacheList).actions_caches.map((c) => c.key)).toEqual(["jux-rest-1"]);
    expect(service.caches().some((c) => c.key === "jux-rest-1")).toBe(false);
    expect((await api("DELETE", `${repo}?key=jux-rest-1&ref=refs/heads/main`, writer)).status).toBe(404);
    // a key is exact for deletion, not a prefix
    expect((await api("DELETE", `${repo}?key=jux-rest-`, writer)).status).toBe(404);

    const id = service.caches().find((c) => c.key === "jux-rest-2")!.id;
    expect((await api("DELETE", `${repo}/${id}`, writer)).status).toBe(204);
    expect((await api("DELETE", `${repo}/${id}`, writer)).status).toBe(404);
    // the deleted entry is gone for restores too
    const gone = await step({ runId: 202 }, { op: "restore", paths: PATHS, key: "jux-rest-2" });
    expect(gone.result).toBeNull();
  });

  test("Twirp refuses forged, missing and foreign tokens, and never logs tokens", async () => {
    const call = (auth?: string) =>
      fetch(`${service.url}/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify({ key: "jux-queue-main-100", version: "x" }),
      });
    const { env } = service.job({ runId: 203 });
    const token = env.ACTIONS_RUNTIME_TOKEN!;
    expect((await call()).status).toBe(401);
    const [head, body] = token.split(".");
    const claims = JSON.parse(Buffer.from(body!, "base64url").toString()) as Record<string, unknown>;
    const widened = Buffer.from(
      JSON.stringify({ ...claims, ac: '[{"Scope":"refs/heads/x","Permission":3}]' }),
    ).toString("base64url");
    expect((await call(`Bearer ${head}.${widened}.${token.split(".")[2]}`)).status).toBe(401);
    const ok = await call(`Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: false });
    const log = JSON.stringify(service.requests());
    expect(log).not.toContain(token.split(".")[2]);
  });
});

describe("artifacts", () => {
  test("upload, list, get, retention and digest recorded, files unzip to what was uploaded, download", async () => {
    const ws = tempDir("ws-");
    mkdirSync(join(ws, "reports", "nested"), { recursive: true });
    const files = {
      "reports/one.xml": "<testsuite name='one'/>",
      "reports/nested/two.xml": "<testsuite name='two'/>",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(ws, name), text);
    const job = { runId: 300, job: "test" };
    const upload = await step(
      job,
      {
        op: "upload",
        name: "jux-reports",
        files: Object.keys(files).map((f) => join(ws, f)),
        root: join(ws, "reports"),
        retentionDays: 5,
      },
      ws,
    );
    expect(upload.error).toBeUndefined();
    const result = upload.result as { id: number; size: number; digest: string };
    expect(result.id).toBeGreaterThan(0);

    expect(service.artifacts(300)).toEqual([
      {
        id: result.id,
        name: "jux-reports",
        runId: 300,
        size: result.size,
        retentionDays: 5,
        digest: result.digest,
      },
    ]);
    expect(service.artifacts(301)).toEqual([]);
    const unzipped = await service.artifactFiles(result.id);
    expect([...unzipped.keys()].sort()).toEqual(["nested/two.xml", "one.xml"]);
    expect(unzipped.get("one.xml")?.toString()).toBe(files["reports/one.xml"]);
    expect(unzipped.get("nested/two.xml")?.toString()).toBe(files["reports/nested/two.xml"]);

    // another job of the same run lists it, and downloads it with the digest checked
    const target = tempDir("dl-");
    const [list, download, otherRun] = await Promise.all([
      step({ runId: 300, job: "publish" }, { op: "list" }),
      step({ runId: 300, job: "publish" }, { op: "download", id: result.id, path: target }),
      step({ runId: 301 }, { op: "list" }),
    ]);
    expect(list.result).toEqual([
      expect.objectContaining({
        id: result.id,
        name: "jux-reports",
        size: result.size,
        digest: result.digest,
      }),
    ]);
    expect(download.result).toMatchObject({ digestMismatch: false });
    expect(readFileSync(join(target, "nested", "two.xml"), "utf8")).toBe(files["reports/nested/two.xml"]);
    // another run does not see it
    expect(otherRun.result).toEqual([]);
  });

  test("a second artifact of the same name in the run is refused (409); so is an injected conflict", async () => {
    const ws = tempDir("ws-");
    writeFileSync(join(ws, "x.txt"), "x");
    const upload = (runId: number, name: string) =>
      step({ runId, job: `j${runId}` }, { op: "upload", name, files: [join(ws, "x.txt")], root: ws }, ws);
    expect((await upload(310, "dup")).ok).toBe(true);
    // the same name in another run is fine
    const [second, elsewhere] = await Promise.all([upload(310, "dup"), upload(311, "dup")]);
    expect(elsewhere.ok).toBe(true);
    expect(second.ok).toBe(false);
    expect(second.error).toContain(
      "(409) Conflict: an artifact with this name already exists on the workflow run",
    );
    // ... unless the service is told to refuse it
    service.setFaults({ artifactNameConflict: true });
    try {
      expect((await upload(312, "fresh")).error).toContain("(409)");
    } finally {
      service.setFaults({});
    }
    expect(
      service
        .artifacts()
        .filter((a) => a.name === "dup")
        .map((a) => a.runId),
    ).toEqual([310, 311]);
    expect(service.artifacts(312)).toEqual([]);
    expect(
      service
        .requests()
        .filter((r) => r.twirp === "ArtifactService/CreateArtifact")
        .map((r) => r.status),
    ).toContain(409);
  });

  test("delete, and REST list of another run's artifacts", async () => {
    const ws = tempDir("ws-");
    writeFileSync(join(ws, "d.txt"), "d");
    const job = { runId: 320, job: "d" };
    const up = await step(job, { op: "upload", name: "doomed", files: [join(ws, "d.txt")], root: ws }, ws);
    const id = (up.result as { id: number }).id;
    const { githubToken } = service.job({ runId: 321, restApi: "read" });
    const listed = await api("GET", "/repos/octo/jux-demo/actions/runs/320/artifacts", githubToken);
    expect(listed.body).toMatchObject({
      total_count: 1,
      artifacts: [{ id, name: "doomed", size_in_bytes: expect.any(Number) }],
    });
    const zip = await fetch(`${service.url}/repos/octo/jux-demo/actions/artifacts/${id}/zip`, {
      headers: { authorization: `Bearer ${githubToken}` },
      redirect: "manual",
    });
    expect(zip.status).toBe(302);
    const deleted = await step(job, { op: "delete", name: "doomed" });
    expect(deleted.result).toEqual({ id });
    expect(service.artifacts(320)).toEqual([]);
  });
});

describe("the DNS alias preload", () => {
  /** What each name resolves to (address or error code) in a process started with the preload. */
  const resolve = (hosts: string[]) =>
    new Promise<string[]>((done, fail) =>
      execFile(
        process.execPath,
        [
          "--import",
          DNS_ALIAS_PRELOAD,
          "-e",
          `const dns = require("dns");
           Promise.all(${JSON.stringify(hosts)}.map((h) => dns.promises.lookup(h).then((r) => r.address, (e) => e.code)))
             .then(async (promised) => {
               const called = await Promise.all(${JSON.stringify(hosts)}.map((h) =>
                 new Promise((ok) => dns.lookup(h, (e, address) => ok(e ? e.code : address)))));
               console.log(JSON.stringify(promised.map((p, i) => p === called[i] ? p : "differ")));
             });`,
        ],
        (error, stdout, stderr) => (error ? fail(new Error(stderr)) : done(JSON.parse(stdout) as string[])),
      ),
    );

  test("resolves exactly the alias to loopback and refuses every other blob.core.windows.net name", async () => {
    const [alias, spelled, other, local] = await resolve([
      "devstoreaccount1.blob.core.windows.net",
      "DevStoreAccount1.blob.core.windows.net.",
      "someaccount.blob.core.windows.net",
      "localhost",
    ]);
    expect([alias, spelled, other]).toEqual(["127.0.0.1", "127.0.0.1", "ENOTFOUND"]);
    expect(local).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});

describe("without the blob host alias", () => {
  test("URLs are plain 127.0.0.1 Azurite URLs and the client downloads with a plain HTTP GET", async () => {
    const plain = await startActionsService({ repository: "octo/plain", defaultBranch: "trunk" });
    try {
      const job = plain.job({ runId: 1, ref: "refs/heads/trunk" });
      expect(job.nodeArgs).toEqual([]);
      expect(job.env.GITHUB_REPOSITORY).toBe("octo/plain");
      const ws = workspaceWith({ "q.xml": "<q/>" });
      const run = (command: ToolkitCommand, workspace = tempDir("ws-")) =>
        runToolkit(
          { job: plain.job({ runId: 2, ref: "refs/heads/topic" }), runnerTemp: tempDir("rt-"), workspace },
          command,
        );
      expect(
        (
          await runToolkit(
            { job, runnerTemp: tempDir("rt-"), workspace: ws },
            { op: "save", paths: PATHS, key: "k-1" },
          )
        ).result,
      ).toBeGreaterThan(0);
      const target = tempDir("ws-");
      const restored = await run({ op: "restore", paths: PATHS, key: "k-" }, target);
      expect(restored.result).toBe("k-1");
      expect(restored.stdout).not.toContain("Downloading segment");
      expect(readFileSync(join(target, "queue", "q.xml"), "utf8")).toBe("<q/>");
    } finally {
      await plain.stop();
    }
  });
});

describe("Azurite's lifetime", () => {
  /** Whether a process still runs (a zombie waiting for a reaper has exited). */
  const alive = (pid: number) => {
    try {
      return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
    } catch {
      return false;
    }
  };

  test("the emulator exits when the process that started it is killed (SIGKILL, no teardown)", async () => {
    const child = fileURLToPath(new URL("../helpers/actions-service/azurite-child.mjs", import.meta.url));
    const parent = spawn(
      process.execPath,
      [
        "-e",
        `const c = require("child_process").spawn(process.execPath, [${JSON.stringify(child)}, "--blobHost", "127.0.0.1",
           "--blobPort", "0", "--inMemoryPersistence", "--disableTelemetry", "--silent"], { stdio: ["pipe", "pipe", "ignore"] });
         c.stdout.on("data", (d) => /listens on/.test(d) && console.log(c.pid));`,
      ],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    const pid = await new Promise<number>((done) =>
      parent.stdout.once("data", (d: Buffer) => done(Number(d.toString()))),
    );
    expect(alive(pid)).toBe(true);
    parent.kill("SIGKILL");
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const survived = alive(pid);
    if (survived) process.kill(pid, "SIGKILL");
    expect(survived).toBe(false);
  });
});

describe("the whole session", () => {
  test("no request of the whole session was answered with a 5xx (each would cost the client ~25 s of retries)", () => {
    expect(service.requests().length).toBeGreaterThan(20);
    expect(service.requests().filter((r) => r.status >= 500)).toEqual([]);
  });
});

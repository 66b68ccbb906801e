/**
 * Issue 14, the store's limits, through the committed bundle: with max_reports / max_size set, a write that takes
 * the store over removes the oldest published reports (never a queued or rejected one) and says so on stderr; a
 * write that takes it past 80 % warns; a queue that alone is above the limit is a loud warning and nothing is
 * removed (it is all published later); `jux cache clean --limits` applies them on demand.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { spawn } from "node:child_process";
import { copyFileSync, readdirSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLE_PYTEST } from "../helpers/fixtures.js";
import { keygen, SECRET } from "../helpers/publish.js";
import { closeAll, startScriptedServer, type ScriptedServer } from "../helpers/scripted-server.js";
import { API, CLI, cleanUp, NODE24, startServer, tempDir, type Server } from "../helpers/serve.js";

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function jux(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const home = tempDir("jux-limits-home-");
  const child = spawn(NODE24, [CLI, ...args], {
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home, JUX_API_KEY: SECRET, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr })));
}

let server: Server;
let refusing: ScriptedServer;
let keyPath: string;
const deadUrl = "http://127.0.0.1:9/api/v1";

beforeAll(async () => {
  let keys: { keyPath: string };
  [server, refusing, keys] = await Promise.all([
    startServer(["--token", SECRET]),
    startScriptedServer({ status: 422, body: { error: "invalid report" } }),
    keygen(),
  ]);
  keyPath = keys.keyPath;
});
afterAll(async () => {
  await closeAll();
  await cleanUp();
});

let made = 0;

/** A report signed by `jux sign` with a project of its own; its path and canonical hash. */
async function signed(): Promise<{ path: string; hash: string }> {
  const dir = tempDir("jux-limits-signed-");
  const input = join(dir, "report.xml");
  copyFileSync(EXAMPLE_PYTEST, input);
  const path = join(dir, "signed.xml");
  const r = await jux(["sign", input, "--key", keyPath, "--project", `limits-${++made}`, "-o", path]);
  expect(r.code).toBe(0);
  return { path, hash: /sha256:([0-9a-f]{64})/.exec(r.stderr + r.stdout)![1]! };
}

/**
 * `jux publish` in cache mode (published by jux serve, refused by the scripted server, queued at a dead URL; the
 * queue is published first), or in `mode`.
 */
function publish(
  base: string,
  files: string[],
  url: string,
  env: NodeJS.ProcessEnv = {},
  mode = "cache",
): Promise<Ran> {
  const args = [
    "publish",
    ...files.flatMap((f) => ["-f", f]),
    "--storage-mode",
    mode,
    "--storage-path",
    base,
  ];
  return jux([...args, "--api-url", url, "--max-retries", "0"], env);
}

const servedUrl = () => `${server.url}${API}`;

function hashesIn(base: string, area: string): string[] {
  return readdirSync(join(base, area))
    .filter((n) => /^[0-9a-f]{64}\.xml(\.zst|\.gz)?$/.test(n))
    .map((n) => n.slice(0, 64))
    .sort();
}

describe("rotation", () => {
  test("max_reports exceeded by a write: the oldest published reports go, never the queued or rejected one; stderr says so", async () => {
    const base = join(tempDir("jux-limits-rotate-"), "store");
    const [p1, p2, p3, rejected, queued, p4] = await Promise.all(Array.from({ length: 6 }, () => signed()));
    for (const p of [p1, p2, p3]) expect((await publish(base, [p!.path], servedUrl())).code).toBe(0);
    expect((await publish(base, [rejected!.path], `${refusing.url}${API}`)).code).toBe(1);
    expect((await publish(base, [queued!.path], deadUrl)).code).toBe(0);
    // The refused and the queued report are made the oldest: still never removed.
    const long_ago = new Date("2020-01-01T00:00:00Z");
    for (const [area, r] of [
      ["rejected", rejected],
      ["queue", queued],
    ] as const)
      for (const name of readdirSync(join(base, area)).filter((n) => n.startsWith(r!.hash)))
        utimesSync(join(base, area, name), long_ago, long_ago);
    expect(hashesIn(base, "queue")).toEqual([queued!.hash]);
    expect(hashesIn(base, "rejected")).toEqual([rejected!.hash]);
    expect(hashesIn(base, "reports")).toHaveLength(5);

    // Local mode: stored only, the queue left alone.
    const r = await publish(base, [p4!.path], servedUrl(), { JUX_MAX_REPORTS: "4" }, "local");
    expect(r.code).toBe(0);
    // 6 reports, 4 allowed: p1 and p2, the oldest published, go; the queued and rejected ones are older but stay.
    expect(r.stderr).toContain(
      "removed the 2 oldest stored reports (never a queued or rejected one) to keep the store within its max_reports 4 reports; it now holds 4 reports (jux cache list shows them; raise max_reports to keep more)\n",
    );
    expect(hashesIn(base, "reports")).toEqual([queued!.hash, rejected!.hash, p3!.hash, p4!.hash].sort());
    expect(hashesIn(base, "queue")).toEqual([queued!.hash]);
    expect(hashesIn(base, "rejected")).toEqual([rejected!.hash]);
    const listed = JSON.parse((await jux(["cache", "list", "--json", "--storage-path", base])).stdout) as {
      hash: string;
    }[];
    expect(new Set(listed.map((e) => e.hash))).toEqual(
      new Set([queued, rejected, p3, p4].map((x) => x!.hash)),
    );
  });

  test("max_size: 80 % of it after a write warns (the figure, the limit, how to raise it or clean); past it the oldest go", async () => {
    const base = join(tempDir("jux-limits-size-"), "store");
    const reports = await Promise.all(Array.from({ length: 3 }, () => signed()));
    expect((await publish(base, [reports[0]!.path], servedUrl(), { JUX_COMPRESS: "gzip" })).code).toBe(0);
    const one = (
      JSON.parse((await jux(["cache", "stats", "--json", "--storage-path", base])).stdout) as {
        storedBytes: number;
      }
    ).storedBytes;
    // Two reports of about `one` bytes each against a limit of 2.4 of them: about 83 %.
    const max = Math.floor(2.4 * one);
    const near = await publish(base, [reports[1]!.path], servedUrl(), {
      JUX_COMPRESS: "gzip",
      JUX_MAX_SIZE: String(max),
    });
    expect(near.code).toBe(0);
    expect(near.stderr).toMatch(
      /^warning: the store holds [\d.]+ kB, 8\d % of its max_size [\d.]+ kB; past it the oldest stored reports \(never a queued or rejected one\) are removed: raise max_size, or remove reports yourself \(jux cache clean --days N\)$/m,
    );
    expect(hashesIn(base, "reports")).toHaveLength(2);
    const over = await publish(base, [reports[2]!.path], servedUrl(), {
      JUX_COMPRESS: "gzip",
      JUX_MAX_SIZE: String(max),
    });
    expect(over.stderr).toContain(
      "removed the oldest stored report (never a queued or rejected one) to keep the store within its max_size",
    );
    expect(hashesIn(base, "reports")).toEqual([reports[1]!.hash, reports[2]!.hash].sort());
  });

  test("the queue alone above max_reports: a loud warning, nothing removed, every report published later", async () => {
    const base = join(tempDir("jux-limits-queue-"), "store");
    const reports = await Promise.all(Array.from({ length: 3 }, () => signed()));
    const r = await publish(
      base,
      reports.map((x) => x.path),
      deadUrl,
      { JUX_MAX_REPORTS: "2" },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "warning: the store is above its max_reports 2 reports and nothing was removed: its 3 queued and 0 rejected report(s) alone hold 3 reports, and a queued or rejected report is never removed: publish the queue (jux cache push), or raise max_reports\n",
    );
    const all = reports.map((x) => x.hash).sort();
    expect(hashesIn(base, "queue")).toEqual(all);
    expect(hashesIn(base, "reports")).toEqual(all);
    const pushed = await jux(["cache", "push", "--json", "--storage-path", base, "--api-url", servedUrl()], {
      JUX_MAX_REPORTS: "2",
    });
    expect(pushed.code).toBe(0);
    expect(hashesIn(base, "queue")).toEqual([]);
    // Published now: the limit applies at the next write, or on demand.
    const cleaned = await jux(["cache", "clean", "--limits", "--storage-path", base], {
      JUX_MAX_REPORTS: "2",
    });
    expect(cleaned.code).toBe(0);
    expect(cleaned.stderr).toContain(
      "removed the oldest stored report (never a queued or rejected one) to keep the store within its max_reports 2 reports",
    );
    expect(hashesIn(base, "reports")).toHaveLength(2);
  });
});

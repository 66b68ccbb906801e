/**
 * `jux serve` does bounded work per request (issue 11, item 8), end to end through the committed bundle on Node 24:
 * a big report is read off the main thread (queries answer meanwhile), test cases and the HTML run page are paged,
 * idempotency keys expire and are purged, and the database is created readable by its owner only.
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/server/ingest.js";
import { Ingester } from "../../src/server/ingester.js";
import type { Store } from "../../src/server/store.js";
import { parseTtl } from "../../src/server/submission.js";
import { modeOf } from "../helpers/assert.js";
import { expectValidResponse } from "../helpers/openapi.js";
import {
  API,
  NODE24,
  cleanUp,
  expectErrorShape,
  query,
  request,
  startServer,
  submit,
  tempDir,
  type Reply,
  type Server,
} from "../helpers/serve.js";

afterAll(cleanUp);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (reply: Reply): any => reply.body;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A report of `cases` testcases in suites of `perSuite`; case i fails when `fails(i)`. */
function report(project: string, cases: number, fails: (i: number) => boolean, perSuite = 1000): Buffer {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n`];
  for (let s = 0; s * perSuite < cases; s++) {
    const n = Math.min(perSuite, cases - s * perSuite);
    const indexes = Array.from({ length: n }, (_, k) => s * perSuite + k);
    const failures = indexes.filter(fails).length;
    parts.push(`<testsuite name="suite_${s}" tests="${n}" failures="${failures}" errors="0" skipped="0">\n`);
    if (s === 0) parts.push(`<properties><property name="project" value="${project}"/></properties>\n`);
    for (const i of indexes) {
      const head = `<testcase classname="tests.module_${i % 50}.TestGroup" name="test_case_${i}" time="0.001"`;
      parts.push(
        fails(i) ? `${head}><failure message="broke ${i}">assert ${i}</failure></testcase>\n` : `${head}/>\n`,
      );
    }
    parts.push("</testsuite>\n");
  }
  parts.push("</testsuites>\n");
  return Buffer.from(parts.join(""));
}

async function submitted(
  server: Server,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<string> {
  const reply = await submit(server, body, headers);
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
  return json(reply).test_run_id as string;
}

/** Rows of a table in an SQLite database, read by Node 24 (node:sqlite) beside the running server. */
function sqlite(database: string, sql: string): unknown[] {
  const script = `const { DatabaseSync } = require("node:sqlite");
    const db = new DatabaseSync(process.argv[1], { readOnly: true });
    process.stdout.write(JSON.stringify(db.prepare(process.argv[2]).all()));`;
  return JSON.parse(execFileSync(NODE24, ["-e", script, database, sql]).toString()) as unknown[];
}

describe("a 100 000-case report is read off the main thread", () => {
  it("a query sent while it is being ingested is answered before the submission is", async () => {
    const server = await startServer();
    const body = report("bounded-big", 100_000, (i) => i % 20 === 0);
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.close();
        controller.enqueue(new Uint8Array(body));
        sent = true;
      },
    });
    const finished: string[] = [];
    const submission = submit(server, stream as never).then((reply) => (finished.push("submission"), reply));
    while (!sent) await sleep(5);
    await sleep(300); // the body is on the server, which is reading it (about a second or more)
    const listed = await query(server, "/test_runs").then((reply) => (finished.push("query"), reply));
    const reply = await submission;
    expect(finished).toEqual(["query", "submission"]);
    expect(listed.status).toBe(200);
    expect(reply.status).toBe(201);
    const run = json(await query(server, `/test_runs/${json(reply).test_run_id}`));
    expect({ tests: run.total_tests, failures: run.failures }).toEqual({ tests: 100_000, failures: 5000 });
    await server.stop();
  }, 120_000);

  it("a malformed giant report gets the same 400 body as the core's reader gives in-process", async () => {
    const server = await startServer();
    const whole = report("bounded-broken", 100_000, () => false);
    const broken = whole.subarray(0, Math.floor(whole.length * 0.6));
    const reply = await submit(server, broken);
    const local = await ingest(broken, { trusted: [], requireSignature: false });
    expect(local.ok).toBe(false);
    expect({ status: reply.status, body: reply.body }).toEqual({
      status: (local as { status: number }).status,
      body: (local as { body: unknown }).body,
    });
    expect(json(reply).details).toMatchObject({ code: "not-well-formed", line: expect.any(Number) });
    expect((await query(server, "/test_runs")).status).toBe(200);
    await server.stop();
  }, 120_000);
});

describe("the ingester's worker", () => {
  it("a worker that dies fails its own job only; the next job gets a new worker", async () => {
    const dir = tempDir();
    const file = join(dir, "dying-worker.mjs");
    writeFileSync(
      file,
      `import { parentPort } from "node:worker_threads";
       parentPort.on("message", (job) => {
         if (Buffer.from(job.body).toString() === "die") process.exit(3);
         parentPort.postMessage({ id: job.id, ok: true, outcome: { status: 201, body: { job: job.id } } });
       });`,
    );
    const ingester = new Ingester({
      store: { path: join(dir, "unused.sqlite") } as Store,
      policy: { trusted: [], requireSignature: false },
      limits: {},
      idempotencyTtlMs: 60_000,
      workerFile: new URL(`file://${file}`),
    });
    const before = ingester.submit(Buffer.from("fine"), undefined);
    const dying = ingester.submit(Buffer.from("die"), undefined);
    const after = ingester.submit(Buffer.from("fine again"), undefined);
    await expect(before).resolves.toMatchObject({ status: 201 });
    await expect(dying).rejects.toThrow(/the ingest worker exited \(code 3\)/);
    await expect(after).resolves.toMatchObject({ status: 201 });
    ingester.close();
  });
});

describe("GET /test_suites/{id}/test_cases is paged like /test_runs", () => {
  let server: Server;
  let suite: string;
  const get = async (path: string) => {
    const reply = await query(server, path);
    if (reply.status === 200)
      expectValidResponse("query", "GET", path.split("?")[0]!, reply.status, reply.body, reply.headers);
    return reply;
  };

  it("20 by default, per_page up to 100, the last page partial, past the end empty; in report order", async () => {
    server = await startServer();
    const runId = await submitted(
      server,
      report("bounded-paging", 250, (i) => i % 10 === 3, 250),
    );
    suite = json(await query(server, `/test_runs/${runId}/test_suites`)).test_suites[0].id;
    const first = json(await get(`/test_suites/${suite}/test_cases`));
    expect(first.test_cases.map((c: { name: string }) => c.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => `test_case_${i}`),
    );
    expect(first.pagination).toEqual({ current_page: 1, total_pages: 13, total_count: 250, per_page: 20 });
    const last = json(await get(`/test_suites/${suite}/test_cases?per_page=100&page=3`));
    expect(last.test_cases).toHaveLength(50);
    expect(last.test_cases[0].name).toBe("test_case_200");
    expect(last.pagination).toEqual({ current_page: 3, total_pages: 3, total_count: 250, per_page: 100 });
    const past = json(await get(`/test_suites/${suite}/test_cases?per_page=100&page=4`));
    expect(past).toEqual({
      test_cases: [],
      pagination: { current_page: 4, total_pages: 3, total_count: 250, per_page: 100 },
    });
    const failed = json(await get(`/test_suites/${suite}/test_cases?status=failed&per_page=10&page=3`));
    expect(failed.test_cases.map((c: { name: string }) => c.name)).toEqual(
      Array.from({ length: 5 }, (_, i) => `test_case_${(20 + i) * 10 + 3}`),
    );
    expect(failed.pagination).toEqual({ current_page: 3, total_pages: 3, total_count: 25, per_page: 10 });
  });

  it("400 with the Error shape for page or per_page outside the contract's bounds", async () => {
    for (const params of ["per_page=0", "per_page=101", "per_page=x", "page=0", "page=-1", "page=1.5"]) {
      const reply = await get(`/test_suites/${suite}/test_cases?${params}`);
      expect([params, reply.status]).toEqual([params, 400]);
      expectErrorShape(reply);
      expect(json(reply).details.message).toMatch(/^(page|per_page) must be a whole number from 1 to/);
    }
    await server.stop();
  });
});

describe("the HTML run page shows at most 500 cases, failing first, and links to the rest", () => {
  it("three pages for 1 200 cases: failures first, show-more links, the last page without one", async () => {
    const server = await startServer();
    const failing = (i: number) => i >= 1150; // the last 50 cases in report order
    const runId = await submitted(server, report("bounded-html", 1200, failing, 400));
    const pageOf = async (n?: number) => {
      const reply = await request(`${server.url}/runs/${runId}${n ? `?page=${n}` : ""}`);
      expect(reply.status).toBe(200);
      // The cases' table (the page's "Failing tests" section above it lists the failing ones once more).
      const cases = reply.text.slice(reply.text.indexOf("<h2>Test cases</h2>"));
      const names = [...cases.matchAll(/<b>(test_case_\d+)<\/b>/g)].map((m) => m[1]);
      return { html: reply.text, names };
    };
    const one = await pageOf();
    expect(one.names).toHaveLength(500);
    expect(one.names.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => `test_case_${1150 + i}`));
    expect(one.names[50]).toBe("test_case_0");
    expect(one.html).toContain(`href="/runs/${runId}?page=2"`);
    expect(one.html).toMatch(/Show more/);
    const two = await pageOf(2);
    expect(two.names[0]).toBe("test_case_450");
    expect(two.html).toContain(`href="/runs/${runId}?page=3"`);
    expect(two.html).toContain(`href="/runs/${runId}?page=1"`);
    const three = await pageOf(3);
    expect(three.names).toHaveLength(200);
    expect(three.names.at(-1)).toBe("test_case_1149");
    expect(three.html).not.toMatch(/Show more/);
    expect(new Set([...one.names, ...two.names, ...three.names]).size).toBe(1200);
    await server.stop();
  });
});

describe("idempotency keys expire (jux serve --idempotency-ttl)", () => {
  it("after the TTL a key is new again, and expired keys are gone from the database", async () => {
    const server = await startServer(["--idempotency-ttl", "2s"]);
    const keyRows = (key: string) =>
      sqlite(server.database, `SELECT key FROM idempotency_keys WHERE key LIKE '%:${key}'`);
    const first = await submitted(
      server,
      report("bounded-ttl-1", 3, () => false),
      { "Idempotency-Key": "k1" },
    );
    const replay = await submit(
      server,
      report("bounded-ttl-2", 3, () => false),
      { "Idempotency-Key": "k1" },
    );
    expect({ status: replay.status, replayed: replay.headers["idempotent-replayed"] }).toEqual({
      status: 201,
      replayed: "true",
    });
    expect(json(replay).test_run_id).toBe(first);
    await submitted(
      server,
      report("bounded-ttl-3", 3, () => false),
      { "Idempotency-Key": "k2" },
    );
    await sleep(2500);
    const again = await submit(
      server,
      report("bounded-ttl-2", 3, () => false),
      { "Idempotency-Key": "k1" },
    );
    expect(again.status).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBeUndefined();
    expect(json(again).test_run_id).not.toBe(first);
    // Purged on insert: k2 expired and no request used it again.
    expect(keyRows("k2")).toEqual([]);
    expect(keyRows("k1")).toHaveLength(1);
    // Purged by the timer too (every TTL, at most hourly), with no submission in between.
    await sleep(5000);
    expect(keyRows("k1")).toEqual([]);
    await server.stop();
  }, 60_000);

  it("the TTL is hours or a number with a unit; anything else is refused", () => {
    expect(parseTtl("24", "t")).toBe(24 * 3_600_000);
    expect(parseTtl("0.5", "t")).toBe(1_800_000);
    expect(parseTtl("90s", "t")).toBe(90_000);
    expect(parseTtl("7d", "t")).toBe(7 * 86_400_000);
    for (const bad of ["", "0", "-1", "1w", "abc", "0.1s"])
      expect(() => parseTtl(bad, "jux serve --idempotency-ttl")).toThrow(
        /^jux serve --idempotency-ttl: .* is not a duration of at least 1 second/,
      );
  });

  it("a bad --idempotency-ttl is a usage error (exit 2)", () => {
    const result = (() => {
      try {
        execFileSync(NODE24, ["dist/cli/index.js", "serve", "--idempotency-ttl", "soon"], { stdio: "pipe" });
        return { status: 0, stderr: "" };
      } catch (e) {
        const failed = e as { status: number; stderr: Buffer };
        return { status: failed.status, stderr: failed.stderr.toString() };
      }
    })();
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--idempotency-ttl: "soon" is not a duration/);
  });
});

describe("the database is created 0600, whatever the umask and the directory", () => {
  it("with umask 000 in a 0777 directory: the file, its -wal and -shm are 0600", async () => {
    const dir = join(tempDir(), "shared");
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const database = join(dir, "jux.sqlite");
    const umask = process.umask(0);
    let server: Server;
    try {
      server = await startServer(["--database", database]);
    } finally {
      process.umask(umask);
    }
    await submitted(
      server,
      report("bounded-modes", 3, () => false),
    );
    const modes = ["", "-wal", "-shm"].map((suffix) => [suffix, modeOf(`${database}${suffix}`)]);
    expect(modes).toEqual([
      ["", 0o600],
      ["-wal", 0o600],
      ["-shm", 0o600],
    ]);
    await server.stop();
  });

  it("an existing database readable by others is made 0600 on start", async () => {
    const dir = tempDir();
    const database = join(dir, "old.sqlite");
    const server = await startServer(["--database", database]);
    await server.stop();
    chmodSync(database, 0o644);
    const again = await startServer(["--database", database]);
    expect(modeOf(database)).toBe(0o600);
    expect((await request(`${again.url}${API}/test_runs`)).status).toBe(200);
    await again.stop();
  });
});

/**
 * The offline queue end to end, through the committed bundle: a crash between "published" and "removed from
 * the queue" (a real SIGKILL while jux serve's answer is held back, and the same bytes put back by hand), two
 * processes draining one queue at once, every request validated against openapi-submission.yaml, the output
 * off a terminal and the progress line on one, and a scan for the API key in everything.
 */
import { describe, expect, test } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { main } from "../../src/cli/main.js";
import type { CliIo } from "../../src/core/command/io.js";
import { expectValidRequest } from "../helpers/openapi.js";
import { SECRET, cachePush as push, jux, publishArgs, publishSuite, pushArgs } from "../helpers/publish.js";
import {
  expectLineOriented,
  filesIn,
  parsed,
  secretLeaks,
  storedBytes,
  startJux,
} from "../helpers/publish.js";
import type { ReportRow, Signed } from "../helpers/publish.js";
import { startRelay } from "../helpers/relay.js";
import type { Recorded } from "../helpers/scripted-server.js";
import { API, tempDir } from "../helpers/serve.js";

/** A second recognisable key that jux serve also accepts (its idempotency keys are per API key). */
const SECRET_B = "jux-secret-KEY-B-fedcba9876543210";

const suite = publishSuite({ name: "queue", serve: ["--token", SECRET, "--token", SECRET_B] });
const { setUp, runsOf, serveUrl, scriptedUrl } = suite;
const server = () => suite.server;
const scripted = () => suite.scripted;

const file = (hash: string) => `${hash}.xml`;

/** Queues the reports with a cache-mode run against a port where nothing listens (exit 0, all queued). */
async function queueAll(base: string, reports: Signed[]): Promise<void> {
  const args = publishArgs({
    files: reports,
    mode: "cache",
    base,
    url: suite.deadUrl,
    extra: ["--max-retries", "0"],
  });
  const r = await jux(args, { env: { JUX_API_KEY: SECRET } });
  expect(r.code).toBe(0);
  expect(parsed(r).reports.map((x) => x.kind)).toEqual(reports.map(() => "queued"));
  expect(filesIn(base, "queue").sort()).toEqual(reports.map((x) => file(x.hash)).sort());
}

const posts = () => suite.server.requests().filter((l) => l.startsWith("POST /api/v1/junit/submit "));

/** The recorded request validated against the contract (path given without /api/v1). */
function expectContractRequest(r: Recorded): void {
  const headers = Object.fromEntries(
    Object.entries(r.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]),
  );
  expect(r.url.startsWith(API)).toBe(true);
  expectValidRequest("submission", r.method, r.url.slice(API.length), headers, r.body.toString("utf8"));
}

function keyOf(r: Recorded): string {
  return String(r.headers["idempotency-key"]);
}

describe("a crash between published and removed from the queue", () => {
  test("SIGKILL while jux serve's 201 is held back: the report stays queued; the next push sends it once more, the server keeps it once", async () => {
    const { base, reports, project } = await setUp(1);
    const [report] = reports as [Signed];
    const relay = await startRelay(server().url, { swallow: 1 });
    try {
      const before = posts().length;
      const { child, done } = startJux(
        publishArgs({ files: [report], mode: "cache", base, url: `${relay.url}${API}` }),
        { env: { JUX_API_KEY: SECRET } },
      );
      await relay.waitForSwallowed(1);
      expect(relay.swallowed[0]!.status).toBe(201);
      const firstRun = (JSON.parse(relay.swallowed[0]!.body) as { test_run_id: string }).test_run_id;
      child.kill("SIGKILL");
      const killed = await done;
      expect(killed.signal).toBe("SIGKILL");
      expect(killed.stdout).toBe("");

      // Published on the server, still in the queue here: never lost, and the store is whole.
      expect((await runsOf(project)).map((r) => r.id)).toEqual([firstRun]);
      expect(filesIn(base, "queue")).toEqual([file(report.hash)]);
      expect(filesIn(base, "reports")).toEqual([file(report.hash)]);
      expect(storedBytes(base, "queue", report.hash)).toEqual(report.bytes);

      // The dead process's lock is taken over; the report is sent once more and then dropped.
      const again = await push(base, serveUrl());
      expect(again.code).toBe(0);
      const row = parsed(again).earlier;
      expect(row).toHaveLength(1);
      // jux serve replays its first answer for the same Idempotency-Key (the same test run), or says 409.
      expect(["published", "duplicate"]).toContain(row[0]!.kind);
      expect(row[0]).toMatchObject({ hash: report.hash, testRunId: firstRun });
      expect(filesIn(base, "queue")).toEqual([]);
      expect(filesIn(base, "quarantine")).toEqual([]);
      await server().waitForLog(() => posts().length >= before + 2);
      expect(posts().slice(before)).toEqual([
        expect.stringMatching(/ 201 /), // the answer the relay kept
        expect.stringMatching(/ (201|409) /), // the replay (or a 409)
      ]);
      expect(await runsOf(project)).toHaveLength(1);

      // A third push has nothing to send.
      const third = await push(base, serveUrl());
      expect(parsed(third).earlier).toEqual([]);
      expect(posts()).toHaveLength(before + 2);
    } finally {
      await relay.close();
    }
  });

  test("the same bytes put back in the queue, pushed under another API key: jux serve answers 409, the report is dropped as a duplicate", async () => {
    const { base, reports, project } = await setUp(1);
    const [report] = reports as [Signed];
    const first = await jux(publishArgs({ files: [report], mode: "cache", base, url: serveUrl() }), {
      env: { JUX_API_KEY: SECRET },
    });
    expect(first.code).toBe(0);
    const published = parsed(first).reports[0]!;
    expect(published).toMatchObject({ kind: "published" });
    expect(filesIn(base, "queue")).toEqual([]);

    // The crash: the process died after the 201 but before it removed the queue entry.
    writeFileSync(join(base, "queue", file(report.hash)), report.bytes, { mode: 0o600 });
    const before = posts().length;
    const again = await push(base, serveUrl(), { key: SECRET_B });
    expect(again.code).toBe(0);
    expect(parsed(again).earlier).toEqual([
      {
        file: `queue/${file(report.hash)}`,
        hash: report.hash,
        stored: true,
        kind: "duplicate",
        testRunId: published.testRunId,
      },
    ]);
    expect(filesIn(base, "queue")).toEqual([]);
    expect(filesIn(base, "reports")).toEqual([file(report.hash)]);
    await server().waitForLog(() => posts().length > before);
    expect(posts().slice(before)).toEqual([expect.stringMatching(/^POST \/api\/v1\/junit\/submit 409 /)]);
    expect((await runsOf(project)).map((r) => r.id)).toEqual([published.testRunId]);
  });

  test("a server that only says 409 (no replay): one request, the report leaves the queue, exit 0", async () => {
    const { base, reports } = await setUp(1);
    const [report] = reports as [Signed];
    await queueAll(base, reports);
    const id = randomUUID();
    scripted().reset();
    scripted().script({
      status: 409,
      body: { error: "Duplicate submission", details: { message: "already submitted", test_run_id: id } },
    });
    const r = await push(base, scriptedUrl());
    expect(r.code).toBe(0);
    expect(parsed(r).earlier).toEqual([expect.objectContaining({ kind: "duplicate", testRunId: id })]);
    expect(scripted().requests).toHaveLength(1);
    expect(keyOf(scripted().requests[0]!)).toBe(report.hash);
    expect(filesIn(base, "queue")).toEqual([]);
  });
});

describe("two processes draining one queue at once", () => {
  test("40 queued reports, two jux cache push started together (scripted server): each published exactly once, the queue ends empty", async () => {
    const { base, reports } = await setUp(40);
    await queueAll(base, reports);
    scripted().reset();
    const ids = new Map<string, string>();
    scripted().fallback = { status: 201, body: { test_run_id: randomUUID() }, delayMs: 60 };
    for (let i = 0; i < 40; i++) {
      const id = randomUUID();
      ids.set(id, "");
      scripted().script({ status: 201, body: { test_run_id: id }, delayMs: 60 });
    }
    const [a, b] = await Promise.all([push(base, scriptedUrl()), push(base, scriptedUrl())]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const rows = [...parsed(a).earlier, ...parsed(b).earlier];
    expect(rows.map((r) => r.hash).sort()).toEqual(reports.map((r) => r.hash).sort());
    expect(rows.every((r) => r.kind === "published" && ids.has(r.testRunId!))).toBe(true);

    // Server side: one submission per Idempotency-Key, for exactly the 40 reports, with their bytes.
    const perKey = new Map<string, number>();
    for (const req of scripted().requests) perKey.set(keyOf(req), (perKey.get(keyOf(req)) ?? 0) + 1);
    expect([...perKey.keys()].sort()).toEqual(reports.map((r) => r.hash).sort());
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    for (const req of scripted().requests) {
      expect(req.body).toEqual(reports.find((r) => r.hash === keyOf(req))!.bytes);
      expectContractRequest(req);
    }
    // Never more than one drain's worth of requests in flight (the default concurrency is 4): the two
    // processes took turns under the store's lock (each drain takes >= 10 × 60 ms, far longer than a start).
    expect(scripted().maxInFlight).toBeLessThanOrEqual(4);
    expect(filesIn(base, "queue")).toEqual([]);
    expect(filesIn(base, "reports")).toHaveLength(40);
    scripted().fallback = { status: 500, body: { error: "unscripted" } };
  });

  test("20 queued reports, two pushes together against jux serve: 20 runs, 20 submissions, an empty queue", async () => {
    const { base, reports, project } = await setUp(20);
    await queueAll(base, reports);
    const before = posts().length;
    const [a, b] = await Promise.all([push(base, serveUrl()), push(base, serveUrl(), { key: SECRET_B })]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const rows: ReportRow[] = [...parsed(a).earlier, ...parsed(b).earlier];
    expect(rows.map((r) => r.hash).sort()).toEqual(reports.map((r) => r.hash).sort());
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(["published"]));
    const held = await runsOf(project);
    expect(held.map((r) => r.id).sort()).toEqual(rows.map((r) => r.testRunId).sort());
    await server().waitForLog(() => posts().length >= before + 20);
    expect(posts().slice(before)).toHaveLength(20);
    expect(
      posts()
        .slice(before)
        .every((l) => / 201 /.test(l)),
    ).toBe(true);
    expect(filesIn(base, "queue")).toEqual([]);
  });
});

describe("what the CLI sends", () => {
  test("every request validates against openapi-submission.yaml, across every response class, the bytes as stored", async () => {
    const { base, reports } = await setUp(8);
    await queueAll(base, reports);
    scripted().reset();
    const flat = randomUUID();
    const legacy = randomUUID();
    scripted().script(
      { status: 201, body: { test_run_id: flat, message: "ok", test_count: 3 } },
      { status: 200, body: { status: "success", message: "ok", test_run: { id: legacy, total_tests: 3 } } },
      { status: 409, body: { error: "Duplicate submission", test_run_id: flat } },
      { status: 422, body: { error: "Invalid report", details: { line: 1 }, suggestions: ["fix it"] } },
      { status: 401, body: { error: "Authentication required" } },
      { status: 503, body: { error: "busy" }, headers: { "Retry-After": "1" } },
      { status: 201, body: { test_run_id: randomUUID() } },
      { status: 500, body: { error: "oops" } },
      { status: 201, body: { test_run_id: randomUUID() } },
      "reset",
      { status: 201, body: { test_run_id: randomUUID() } },
      { status: 201, body: { test_run_id: randomUUID() } },
    );
    const r = await push(base, scriptedUrl(), {
      env: { JUX_PUBLISH_CONCURRENCY: "1", JUX_API_MAX_RETRIES: "2" },
    });
    expect(r.code).toBe(2); // two refusals among eight
    const earlier = parsed(r).earlier;
    const kinds = earlier.map((e) => e.kind);
    expect(kinds.filter((k) => k === "published")).toHaveLength(5);
    expect(kinds.filter((k) => k === "duplicate")).toHaveLength(1);
    expect(kinds.filter((k) => k === "rejected")).toHaveLength(2);
    // The 422 is a refusal of the report (to rejected/); the 401 one of the key: that report stays queued.
    const unauthorized = earlier.find((e) => e.kind === "rejected" && e.status === 401)!;
    expect(unauthorized).toMatchObject({ retained: true });
    expect(filesIn(base, "queue")).toEqual([`${unauthorized.hash}.xml`]);
    expect(filesIn(base, "rejected")).toHaveLength(2);

    expect(scripted().requests).toHaveLength(11);
    // The server cut one request off after its headers ("reset"): its body never arrived, the rest did.
    const whole = scripted().requests.filter((q) => q.body.length > 0);
    expect(whole).toHaveLength(10);
    for (const req of whole) {
      expectContractRequest(req);
      expect(req.method).toBe("POST");
      expect(req.url).toBe("/api/v1/junit/submit");
      expect(req.headers["content-type"]).toBe("application/xml");
      expect(req.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(req.headers["user-agent"]).toMatch(/^jux-action\/\d+\.\d+\.\d+/);
      const report = reports.find((x) => x.hash === keyOf(req));
      expect(report).toBeDefined();
      expect(req.body).toEqual(report!.bytes);
      expect(Number(req.headers["content-length"])).toBe(report!.bytes.length);
    }
    const cut = scripted().requests.find((q) => q.body.length === 0)!;
    expect(Number(cut.headers["content-length"])).toBeGreaterThan(0);
    expect(cut.headers["idempotency-key"]).toBe(whole[9]!.headers["idempotency-key"]); // retried after the reset
  });

  test("the key in another header (--api-key-header X-API-Key) and no key at all: still valid requests", async () => {
    const { base, reports } = await setUp(2);
    await queueAll(base, reports.slice(0, 1));
    scripted().reset();
    scripted().fallback = { status: 201, body: { test_run_id: randomUUID() } };
    try {
      const withHeader = await push(base, scriptedUrl(), { extra: ["--api-key-header", "X-API-Key"] });
      expect(withHeader.code).toBe(0);
      await queueAll(base, reports.slice(1));
      const anonymous = await push(base, scriptedUrl(), { key: null });
      expect(anonymous.code).toBe(0);
      expect(scripted().requests).toHaveLength(2);
      const [keyed, none] = scripted().requests as [Recorded, Recorded];
      expect(keyed.headers["x-api-key"]).toBe(SECRET);
      expect(keyed.headers.authorization).toBeUndefined();
      expect(none.headers["x-api-key"]).toBeUndefined();
      expect(none.headers.authorization).toBeUndefined();
      for (const req of scripted().requests) expectContractRequest(req);
    } finally {
      scripted().fallback = { status: 500, body: { error: "unscripted" } };
    }
  });
});

describe("output", () => {
  test("off a terminal a push of 12 reports prints one plain line per report: no carriage return, no escape", async () => {
    const { base, reports } = await setUp(12);
    await queueAll(base, reports);
    const r = await push(base, serveUrl(), { json: false });
    expect(r.code).toBe(0);
    expectLineOriented(r.stdout);
    expectLineOriented(r.stderr);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(12);
    for (const line of lines)
      expect(line).toMatch(
        /^queue\/[0-9a-f]{64}\.xml: published \(test run [0-9a-f-]{36}\) sha256:[0-9a-f]{12}$/,
      );
  });

  test("on a terminal a progress line counts the reports on stderr (in process, stderr says it is a TTY)", async () => {
    const { base, reports } = await setUp(3);
    await queueAll(base, reports);
    scripted().reset();
    for (let i = 0; i < 3; i++) scripted().script({ status: 201, body: { test_run_id: randomUUID() } });
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on("data", (d: Buffer) => out.push(Buffer.from(d)));
    stderr.on("data", (d: Buffer) => err.push(Buffer.from(d)));
    const home = tempDir("jux-publish-tty-");
    const io: CliIo = {
      stdin: new PassThrough(),
      stdout,
      stderr,
      env: { HOME: home, JUX_API_KEY: SECRET },
      cwd: home,
    };
    const status = await main("jux", pushArgs(base, scriptedUrl(), { json: false }), io);
    expect(status).toBe(0);
    expect(Buffer.concat(err).toString("utf8")).toBe("\rpublishing 1/3\rpublishing 2/3\rpublishing 3/3\n");
    expect(Buffer.concat(out).toString("utf8").trimEnd().split("\n")).toHaveLength(3);
    expect(filesIn(base, "queue")).toEqual([]);
  });
});

describe("last", () => {
  test("secret scan: neither API key is in any output above, in any file of the stores, or in jux serve's log", () => {
    expect(suite.stores.length).toBeGreaterThanOrEqual(9);
    for (const secret of [SECRET, SECRET_B])
      expect(secretLeaks(secret, suite.stores, [["the jux serve log", server().log()]])).toEqual([]);
  });
});

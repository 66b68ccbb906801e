/**
 * JuxClient and publishBatch against real sockets: a scripted HTTP server (every response class, resets, hangs),
 * a port with nothing listening, a forward proxy, and the committed `jux serve` bundle.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { publishBatch, type BatchItem } from "../../src/core/publish/batch.js";
import {
  apiKeyProblem,
  JuxClient,
  retryAfterMs,
  type ClientOptions,
  type PublishOutcome,
} from "../../src/core/publish/client.js";
import { XMLDSIG } from "../helpers/fixtures.js";
import { canonicalHash, key, sign } from "../helpers/jux.js";
import { expectValidRequest } from "../helpers/openapi.js";
import {
  closeAll,
  freePort,
  startProxy,
  startResettingServer,
  startScriptedServer,
  type Behaviour,
  type ScriptedServer,
} from "../helpers/scripted-server.js";
import { cleanUp, startServer, type Server } from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";

/** Recognisable, so the secret scan at the end can look for it. */
const KEY = "jux-secret-KEY-0123456789";
/** A second key the reference server accepts (its Idempotency-Keys are per API key). */
const KEY2 = "jux-secret-KEY-9876543210";
const HASH = createHash("sha256").update("client.test").digest("hex");
const VERSION = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

/** A report with a BOM, CRLF line ends and non-ASCII text: the bytes must reach the server untouched. */
const REPORT = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<testsuites>\r\n' +
      '  <testsuite name="ünïcødé ✓ 日本語" tests="1" failures="0" errors="0" skipped="0">\r\n' +
      '    <testcase classname="é.Test" name="naïve — ok"/>\r\n  </testsuite>\r\n</testsuites>\r\n',
    "utf8",
  ),
]);

const FLAT = { test_run_id: "run-flat", test_count: 5, failure_count: 1, error_count: 0, skipped_count: 2 };
const created = (id = "run-1"): Behaviour => ({ status: 201, body: { ...FLAT, test_run_id: id } });

// Every outcome and thrown message of this file, for the secret scan.
const seen: string[] = [];
const clients: JuxClient[] = [];

async function publish(client: JuxClient, xml: Buffer = REPORT, hash = HASH): Promise<PublishOutcome> {
  try {
    const outcome = await client.publish(xml, hash);
    seen.push(JSON.stringify(outcome));
    return outcome;
  } catch (e) {
    seen.push(String((e as Error)?.stack ?? e));
    throw e;
  }
}

interface Made {
  client: JuxClient;
  sleeps: number[];
}

/** A client with an instant, recorded sleep and random() = 1 unless told otherwise. */
function make(url: string, options: Partial<ClientOptions> = {}): Made {
  const sleeps: number[] = [];
  const client = new JuxClient({
    apiUrl: `${url}/api/v1`,
    apiKey: KEY,
    maxRetries: 3,
    timeoutMs: 5000,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 1,
    ...options,
  });
  clients.push(client);
  return { client, sleeps };
}

let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
  server.reset();
  server.fallback = { status: 500, body: { error: "unscripted" } };
});
afterAll(async () => {
  await closeAll();
  await cleanUp();
});

// ---------------------------------------------------------------------------------------------------------

describe("request shape", () => {
  it("POSTs the exact bytes to {apiUrl}/junit/submit with the documented headers (Bearer)", async () => {
    server.script(created());
    const { client } = make(server.url);
    expect(await publish(client)).toMatchObject({ outcome: "published", testRunId: "run-1" });
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req!.method).toBe("POST");
    expect(req!.url).toBe("/api/v1/junit/submit");
    expect(req!.body.equals(REPORT)).toBe(true);
    expect(req!.headers["content-type"]).toBe("application/xml");
    expect(req!.headers["content-length"]).toBe(String(REPORT.length));
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.headers["x-api-key"]).toBeUndefined();
    expect(req!.headers["user-agent"]).toContain(`jux-action/${VERSION}`);
    expect(req!.headers["idempotency-key"]).toBe(HASH);
    expectValidRequest(
      "submission",
      "POST",
      "/junit/submit",
      req!.headers as Record<string, string>,
      req!.body.toString("utf8"),
    );
  });

  it("a trailing slash on apiUrl does not double the slash", async () => {
    server.script(created());
    const client = new JuxClient({ apiUrl: `${server.url}/api/v1/`, apiKey: KEY });
    clients.push(client);
    await publish(client);
    expect(server.requests[0]!.url).toBe("/api/v1/junit/submit");
  });

  it("apiKeyHeader X-API-Key sends the bare key there and no Authorization", async () => {
    server.script(created());
    const { client } = make(server.url, { apiKeyHeader: "X-API-Key" });
    expect((await publish(client)).outcome).toBe("published");
    const [req] = server.requests;
    expect(req!.headers["x-api-key"]).toBe(KEY);
    expect(req!.headers.authorization).toBeUndefined();
    expect(req!.body.equals(REPORT)).toBe(true);
  });

  it("without an apiKey no credential header is sent", async () => {
    server.script(created());
    const { client } = make(server.url, { apiKey: undefined });
    await publish(client);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.headers["x-api-key"]).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("response classes", () => {
  it("201 and 200 (flat) → published with the id and the counts", async () => {
    for (const status of [201, 200]) {
      server.reset();
      server.script({ status, body: FLAT });
      const { client } = make(server.url);
      expect(await publish(client)).toEqual({
        outcome: "published",
        testRunId: "run-flat",
        status,
        counts: { tests: 5, failures: 1, errors: 0, skipped: 2 },
      });
      expect(server.requests).toHaveLength(1);
    }
  });

  it("the legacy nested shape → published with test_run.id and its counts", async () => {
    server.script({
      status: 200,
      body: {
        status: "success",
        message: "stored",
        test_run: { id: "legacy-7", total_tests: 3, failures: 1, errors: 0, skipped: 1 },
      },
    });
    const { client } = make(server.url);
    expect(await publish(client)).toEqual({
      outcome: "published",
      testRunId: "legacy-7",
      status: 200,
      counts: { tests: 3, failures: 1, errors: 0, skipped: 1 },
    });
  });

  it("201 without a test_run_id is not taken for published", async () => {
    server.fallback = { status: 201, body: { message: "ok" } };
    const { client } = make(server.url, { maxRetries: 1 });
    const outcome = await publish(client);
    expect(outcome).toMatchObject({ outcome: "transient", status: 201, attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it("409 → duplicate with the id from the body (top level or in details), not retried", async () => {
    server.script(
      { status: 409, body: { error: "Duplicate", test_run_id: "dup-1" } },
      { status: 409, body: { error: "Duplicate", details: { test_run_id: "dup-2" } } },
      { status: 409, body: "not json" },
    );
    const { client } = make(server.url);
    expect(await publish(client)).toEqual({ outcome: "duplicate", testRunId: "dup-1" });
    expect(await publish(client)).toEqual({ outcome: "duplicate", testRunId: "dup-2" });
    expect(await publish(client)).toEqual({ outcome: "duplicate" });
    expect(server.requests).toHaveLength(3);
  });

  it.each([400, 401, 403, 413, 415, 422])(
    "%i → rejected, not retried, error/details/suggestions carried over",
    async (status) => {
      const body = {
        error: `refused ${status}`,
        details: { code: "c", line: 3 },
        suggestions: ["do this", "then that"],
      };
      server.script({ status, body });
      const { client, sleeps } = make(server.url);
      expect(await publish(client)).toEqual({ outcome: "rejected", status, ...body });
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    },
  );

  it("a rejection without a JSON body still names the status", async () => {
    server.script({ status: 413, body: "<html>too large</html>" });
    const { client } = make(server.url);
    expect(await publish(client)).toEqual({ outcome: "rejected", status: 413, error: "HTTP 413" });
  });

  it("404 → rejected with a hint about /api/v1, not retried", async () => {
    server.script({ status: 404 });
    const { client } = make(server.url);
    const outcome = await publish(client);
    expect(outcome).toMatchObject({ outcome: "rejected", status: 404 });
    expect((outcome as { error: string }).error).toMatch(/\/api\/v1/);
    expect(server.requests).toHaveLength(1);
  });

  it("a replayed 201 (Idempotent-Replayed: true) → duplicate with the earlier test run; a replayed refusal stays one", async () => {
    const replayed = { "Idempotent-Replayed": "true" };
    server.script(
      { status: 201, body: { ...FLAT, test_run_id: "run-9" }, headers: replayed },
      {
        status: 400,
        body: { error: "Bad report" },
        headers: replayed,
      },
    );
    const { client } = make(server.url);
    expect(await publish(client)).toEqual({ outcome: "duplicate", testRunId: "run-9" });
    expect(await publish(client)).toEqual({ outcome: "rejected", status: 400, error: "Bad report" });
  });

  // Issue 18: 405 used to carry the server's error alone ("Method not allowed"), which hid the wrong api_url.
  it.each([404, 405])(
    "%i from the submit route → the server's error, then that api_url must end in /api/v1 and the URL tried",
    async (status) => {
      const body = { error: `refused ${status}`, details: { code: "c" }, suggestions: ["do this"] };
      server.script({ status, body });
      const { client } = make(server.url);
      expect(await publish(client)).toEqual({
        outcome: "rejected",
        status,
        ...body,
        error: `refused ${status}: api_url must be the API's base URL, ending in /api/v1 (e.g. https://jux.example.com/api/v1); tried POST ${server.url}/api/v1/junit/submit`,
      });
      expect(server.requests).toHaveLength(1);
    },
  );

  it.each([500, 502, 503, 408, 429])(
    "%i, every time → transient after 1 + maxRetries requests",
    async (status) => {
      server.fallback = { status, body: { error: `down ${status}` } };
      const { client, sleeps } = make(server.url, { maxRetries: 3 });
      expect(await publish(client)).toEqual({
        outcome: "transient",
        status,
        reason: `the server answered ${status}: down ${status}`,
        attempts: 4,
      });
      expect(server.requests).toHaveLength(4);
      expect(sleeps).toHaveLength(3);
      for (const r of server.requests) {
        expect(r.body.equals(REPORT)).toBe(true);
        expect(r.headers["idempotency-key"]).toBe(HASH);
      }
    },
  );

  it("500, 502, then 201 → published after 3 requests", async () => {
    server.script({ status: 500 }, { status: 502 }, created("third"));
    const { client, sleeps } = make(server.url, { maxRetries: 3 });
    expect(await publish(client)).toMatchObject({ outcome: "published", testRunId: "third" });
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it("429 with Retry-After: 2 → sleeps 2000 ms, then publishes", async () => {
    server.script({ status: 429, headers: { "Retry-After": "2" } }, created());
    const { client, sleeps } = make(server.url);
    expect((await publish(client)).outcome).toBe("published");
    expect(sleeps).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
  });

  it("503 with Retry-After: 3600 → capped to retryAfterCapMs", async () => {
    server.script({ status: 503, headers: { "Retry-After": "3600" } }, created());
    const { client, sleeps } = make(server.url, { retryAfterCapMs: 7000 });
    expect((await publish(client)).outcome).toBe("published");
    expect(sleeps).toEqual([7000]);
  });

  it("Retry-After as an HTTP date → the time until then", async () => {
    const at = new Date(Date.now() + 10_000).toUTCString();
    server.script({ status: 503, headers: { "Retry-After": at } }, created());
    const { client, sleeps } = make(server.url);
    expect((await publish(client)).outcome).toBe("published");
    expect(sleeps).toHaveLength(1);
    // The date has one-second precision and some time passed since.
    expect(sleeps[0]).toBeGreaterThan(7000);
    expect(sleeps[0]).toBeLessThanOrEqual(10_000);
  });

  it("retryAfterMs: seconds, an HTTP date (relative to now), a date in the past, garbage", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs(" 7 ", now)).toBe(7000);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs("", now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
  });

  // Neither delay-seconds (an integer) nor an HTTP date: RFC 9110 says ignore it, i.e. back off as usual.
  // Date.parse reads "1.5" and "-1" as dates in 2001, so they must not turn into "retry at once".
  it.each(["1.5", "-1"])("a malformed Retry-After (%s) falls back to the backoff", async (value) => {
    server.script({ status: 429, headers: { "Retry-After": value } }, created());
    const { client, sleeps } = make(server.url, { backoffBaseMs: 100 });
    expect((await publish(client)).outcome).toBe("published");
    expect(sleeps).toEqual([100]);
    expect(retryAfterMs(value, Date.parse("2026-01-01T00:00:00Z"))).toBeUndefined();
  });

  it("Retry-After on a 500 is not honoured (plain backoff)", async () => {
    server.script({ status: 500, headers: { "Retry-After": "30" } }, created());
    const { client, sleeps } = make(server.url, { backoffBaseMs: 100 });
    await publish(client);
    expect(sleeps).toEqual([100]);
  });

  it("backoff without Retry-After is full jitter: random() × min(cap, base·2^n)", async () => {
    server.fallback = { status: 500 };
    const one = make(server.url, { maxRetries: 5, backoffBaseMs: 100, backoffCapMs: 500 });
    expect((await publish(one.client)).outcome).toBe("transient");
    expect(one.sleeps).toEqual([100, 200, 400, 500, 500]);

    const half = make(server.url, {
      maxRetries: 5,
      backoffBaseMs: 100,
      backoffCapMs: 500,
      random: () => 0.5,
    });
    await publish(half.client);
    expect(half.sleeps).toEqual([50, 100, 200, 250, 250]);

    const zero = make(server.url, { maxRetries: 2, random: () => 0 });
    await publish(zero.client);
    expect(zero.sleeps).toEqual([0, 0]);
    expect(server.requests).toHaveLength(6 + 6 + 3);
  });

  it("maxRetries 0 → exactly one request and no sleep", async () => {
    server.fallback = { status: 503 };
    const { client, sleeps } = make(server.url, { maxRetries: 0 });
    expect(await publish(client)).toMatchObject({ outcome: "transient", attempts: 1, status: 503 });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("network failures", () => {
  it("connection refused → transient after 1 + maxRetries attempts, naming the refusal", async () => {
    const port = await freePort();
    const { client, sleeps } = make(`http://127.0.0.1:${port}`, { maxRetries: 2 });
    const outcome = await publish(client);
    expect(outcome).toMatchObject({ outcome: "transient", attempts: 3 });
    expect((outcome as { reason: string }).reason).toMatch(/ECONNREFUSED/);
    expect((outcome as { reason: string }).reason).toMatch(/^cannot reach the server/);
    expect(sleeps).toHaveLength(2);
  });

  it("socket destroyed after the headers, every time → transient, retried", async () => {
    server.script("reset", "reset", "reset");
    const { client } = make(server.url, { maxRetries: 2 });
    const outcome = await publish(client);
    expect(outcome).toMatchObject({ outcome: "transient", attempts: 3 });
    expect((outcome as { reason: string }).reason).toMatch(/cannot reach the server/);
    expect(server.requests).toHaveLength(3);
  });

  it("socket destroyed mid-body, then an answer → published on the retry", async () => {
    server.script("reset-mid-body", "reset", created("after-reset"));
    const { client } = make(server.url, { maxRetries: 3 });
    expect(await publish(client)).toMatchObject({ outcome: "published", testRunId: "after-reset" });
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2]!.body.equals(REPORT)).toBe(true);
  });

  it("no answer within timeoutMs → transient 'no answer within'", async () => {
    server.script("hang", "hang");
    const { client } = make(server.url, { timeoutMs: 300, maxRetries: 1 });
    const started = Date.now();
    const outcome = await publish(client);
    expect(outcome).toEqual({ outcome: "transient", reason: "no answer within 300 ms", attempts: 2 });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("a slow answer within timeoutMs → published", async () => {
    server.script({ ...(created("slow") as object), delayMs: 150 } as Behaviour);
    const { client } = make(server.url, { timeoutMs: 2000, maxRetries: 0 });
    expect(await publish(client)).toMatchObject({ outcome: "published", testRunId: "slow" });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("proxy", () => {
  const NAMES = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"];
  let saved: Record<string, string | undefined>;
  beforeAll(() => {
    saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
  });
  afterEach(() => {
    for (const n of NAMES) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  });
  const setProxy = (url: string, noProxy?: string) => {
    for (const n of NAMES) delete process.env[n];
    process.env.http_proxy = url;
    process.env.HTTP_PROXY = url;
    if (noProxy !== undefined) process.env.NO_PROXY = noProxy;
  };

  // @actions/http-client never proxies loopback addresses, so the API is named by a host only the proxy knows.
  const HOST = "jux-api.invalid";

  it("http_proxy set: the request goes through the proxy and still publishes", async () => {
    const proxy = await startProxy({ [HOST]: "127.0.0.1" });
    setProxy(proxy.url);
    server.script(created("via-proxy"));
    const { client } = make(`http://${HOST}:${server.port}`, { maxRetries: 0 });
    expect(await publish(client)).toMatchObject({ outcome: "published", testRunId: "via-proxy" });
    // @actions/http-client tunnels even plain http through the proxy (CONNECT host:port).
    expect(proxy.tunnels).toEqual([`${HOST}:${server.port}`]);
    expect(proxy.forwarded).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body.equals(REPORT)).toBe(true);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("NO_PROXY naming the host: the proxy is not used", async () => {
    const proxy = await startProxy({ [HOST]: "127.0.0.1" });
    setProxy(proxy.url, HOST);
    const { client } = make(`http://${HOST}:${server.port}`, { maxRetries: 0, timeoutMs: 3000 });
    // Straight to a name nothing resolves: a network failure, and nothing through the proxy.
    const outcome = await publish(client);
    expect(outcome).toMatchObject({ outcome: "transient", attempts: 1 });
    expect((outcome as { reason: string }).reason).toMatch(/cannot reach the server|no answer within/);
    expect(proxy.forwarded).toEqual([]);
    expect(proxy.tunnels).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it("NO_PROXY=127.0.0.1 with the API on 127.0.0.1: direct, published, the proxy untouched", async () => {
    const proxy = await startProxy();
    setProxy(proxy.url, "127.0.0.1");
    server.script(created("direct"));
    const { client } = make(server.url, { maxRetries: 0 });
    expect(await publish(client)).toMatchObject({ outcome: "published", testRunId: "direct" });
    expect(proxy.forwarded).toEqual([]);
    expect(proxy.tunnels).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("publishBatch", () => {
  const items = (n: number, prefix: string): BatchItem[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}-${i}`,
      xml: Buffer.from(`<testsuites><testsuite name="${prefix}-${i}" tests="0"/></testsuites>`),
      canonicalHash: createHash("sha256").update(`${prefix}-${i}`).digest("hex"),
    }));

  it("a dead server: all 200 come back transient after a few retry ladders, quickly", async () => {
    const dead = await startResettingServer();
    const { client, sleeps } = make(dead.url, { maxRetries: 3 });
    const started = Date.now();
    const results = await publishBatch(client, items(200, "dead"), { concurrency: 4, giveUpAfter: 3 });
    const elapsed = Date.now() - started;
    for (const r of results.values()) seen.push(JSON.stringify(r));

    expect(results.size).toBe(200);
    expect([...results.values()].every((r) => r.outcome === "transient")).toBe(true);
    const sent = [...results.values()].filter((r) => r.outcome === "transient" && r.attempts > 0);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(sent.length).toBeLessThanOrEqual(3 + 4 - 1);
    expect(sent.every((r) => r.outcome === "transient" && r.attempts === 4)).toBe(true);
    expect(dead.connections()).toBeLessThanOrEqual((3 + 4) * (1 + 3));
    expect(dead.connections()).toBe(sent.length * 4);
    expect(sleeps).toHaveLength(sent.length * 3);
    const skipped = [...results.values()].find((r) => r.outcome === "transient" && r.attempts === 0);
    expect(skipped).toMatchObject({
      reason: expect.stringMatching(/^not sent: \d+ reports in a row failed/),
    });
    expect(elapsed).toBeLessThan(5000);
  });

  it("a healthy server: all published, never more than `concurrency` requests in flight", async () => {
    server.fallback = { status: 201, body: FLAT, delayMs: 15 };
    const { client } = make(server.url);
    const batch = items(24, "ok");
    const results = await publishBatch(client, batch, { concurrency: 4 });
    for (const r of results.values()) seen.push(JSON.stringify(r));
    expect(results.size).toBe(24);
    expect([...results.values()].every((r) => r.outcome === "published")).toBe(true);
    expect(server.requests).toHaveLength(24);
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
    expect(server.maxInFlight).toBeGreaterThanOrEqual(2);
    // Each report sent once, with its own bytes and hash.
    const sent = new Map(server.requests.map((r) => [r.headers["idempotency-key"], r.body.toString()]));
    for (const item of batch) expect(sent.get(item.canonicalHash)).toBe(item.xml.toString());
  });

  it("lazy items are read only when their turn comes; a read failure is that item's alone", async () => {
    server.fallback = { status: 201, body: FLAT, delayMs: 20 };
    const { client } = make(server.url);
    const arrivedWhenRead: number[] = [];
    const lazy: BatchItem[] = items(12, "lazy").map((item, i) => ({
      ...item,
      xml: async () => {
        arrivedWhenRead[i] = server.requests.length;
        if (i === 3) throw new Error("EIO: disk gone");
        return item.xml as Buffer;
      },
    }));
    const results = await publishBatch(client, lazy, { concurrency: 3, giveUpAfter: 1 });
    expect(results.get("lazy-3")).toEqual({
      outcome: "transient",
      reason: "could not read the report: EIO: disk gone",
      attempts: 0,
    });
    // The local failure did not count as the server being down (giveUpAfter 1 would have stopped the rest).
    expect([...results.values()].filter((r) => r.outcome === "published")).toHaveLength(11);
    // Read just in time: item i is read only once earlier requests were sent (eager reading would show 0s).
    for (let i = 5; i < 12; i++) expect(arrivedWhenRead[i]).toBeGreaterThanOrEqual(i - 4);
  });

  it("a success in between resets the run of failures", async () => {
    // concurrency 1 for a deterministic order: fail, fail, ok, fail, fail, ok → nothing skipped.
    server.script({ status: 500 }, created(), { status: 500 }, created(), { status: 500 }, created());
    const { client } = make(server.url, { maxRetries: 0 });
    const results = await publishBatch(client, items(6, "mix"), { concurrency: 1, giveUpAfter: 2 });
    for (const r of results.values()) seen.push(JSON.stringify(r));
    expect([...results.values()].map((r) => r.outcome)).toEqual([
      "transient",
      "published",
      "transient",
      "published",
      "transient",
      "published",
    ]);
    expect(server.requests).toHaveLength(6);
  });
});

// ---------------------------------------------------------------------------------------------------------

withShared(
  "fixtures/xmldsig",
  "the client against jux serve (reports signed with the fixture RSA key)",
  () => {
    describe("against jux serve (the committed bundle)", () => {
      let jux: Server;
      const rsa = key(join(XMLDSIG, "rsa.pem"), join(XMLDSIG, "rsa.crt"));
      const report = (project: string | undefined, name: string) =>
        Buffer.from(
          `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="client" tests="2" failures="1" errors="0" skipped="0">` +
            (project ? `<properties><property name="project" value="${project}"/></properties>` : "") +
            `\n    <testcase classname="c" name="${name}"/>\n    <testcase classname="c" name="${name}-2"><failure message="no"/></testcase>\n  </testsuite>\n</testsuites>\n`,
        );

      beforeAll(async () => {
        jux = await startServer(["--token", KEY, "--token", KEY2]);
      });
      afterAll(() => jux.stop());

      it("a signed report → published; again → the same test_run_id (replayed, or a duplicate for another key)", async () => {
        const { bytes } = await sign(report("client-e2e", "signed"), rsa);
        const hash = await canonicalHash(bytes);
        const { client } = make(jux.url, { maxRetries: 0 });
        const first = await publish(client, bytes, hash);
        expect(first).toMatchObject({
          outcome: "published",
          status: 201,
          counts: { tests: 2, failures: 1, errors: 0, skipped: 0 },
        });
        const id = (first as { testRunId: string }).testRunId;
        expect(id).toMatch(/\S/);
        // The same Idempotency-Key (the canonical hash) from the same API key: the server replays its 201
        // (Idempotent-Replayed: true), an earlier submission's answer: a duplicate, not a new publication. Issue 18
        // changed this assertion: it used to expect the replayed 201 as "published" again.
        expect(await publish(client, bytes, hash)).toEqual({ outcome: "duplicate", testRunId: id });
        // Another API key has its own Idempotency-Keys: the server finds the report by hash and answers 409.
        const other = make(jux.url, { maxRetries: 0, apiKey: KEY2 });
        expect(await publish(other.client, bytes, hash)).toEqual({ outcome: "duplicate", testRunId: id });
        // Unsigned, the same report keeps its canonical hash: still the same run.
        const plain = report("client-e2e", "signed");
        expect(await publish(other.client, plain, await canonicalHash(plain))).toEqual({
          outcome: "duplicate",
          testRunId: id,
        });
      });

      it("an unsigned report without a project → rejected 400 with the server's suggestions", async () => {
        const bytes = report(undefined, "no-project");
        const { client } = make(jux.url, { maxRetries: 0 });
        const outcome = await publish(client, bytes, await canonicalHash(bytes));
        expect(outcome).toMatchObject({ outcome: "rejected", status: 400, error: expect.any(String) });
        const suggestions = (outcome as { suggestions?: string[] }).suggestions;
        expect(Array.isArray(suggestions) && suggestions.length > 0).toBe(true);
      });

      it("a wrong key → rejected 403 (Bearer and X-API-Key)", async () => {
        const bytes = report("client-e2e", "wrong-key");
        const hash = await canonicalHash(bytes);
        for (const apiKeyHeader of ["Authorization", "X-API-Key"]) {
          const { client } = make(jux.url, { maxRetries: 0, apiKey: `${KEY}-wrong`, apiKeyHeader });
          expect(await publish(client, bytes, hash)).toMatchObject({ outcome: "rejected", status: 403 });
        }
        const right = make(jux.url, { maxRetries: 0, apiKeyHeader: "X-API-Key" });
        expect(await publish(right.client, bytes, hash)).toMatchObject({ outcome: "published" });
      });
    });

    // ---------------------------------------------------------------------------------------------------------
  },
);

describe("redaction of the key from what the server says", () => {
  it("a key that is one of our words (published, testRunId, test_run_id) leaves our fields and values intact", async () => {
    for (const apiKey of ["published", "testRunId", "test_run_id"]) {
      server.script(created("run-7"));
      const { client } = make(server.url, { apiKey, maxRetries: 0 });
      expect(await client.publish(REPORT, HASH)).toEqual({
        outcome: "published",
        testRunId: "run-7",
        status: 201,
        counts: { tests: 5, failures: 1, errors: 0, skipped: 2 },
      });
    }
  });

  it("the key echoed in the server's values (id, error, suggestions, details keys and values) is blanked", async () => {
    server.script(
      { status: 409, body: { test_run_id: `id-${KEY}` } },
      { status: 422, body: { error: `bad ${KEY}`, suggestions: [KEY], details: { [KEY]: [`x${KEY}`] } } },
      { status: 500, body: { error: `down ${KEY}` } },
    );
    const { client } = make(server.url, { maxRetries: 0 });
    expect(await publish(client)).toEqual({ outcome: "duplicate", testRunId: "id-********" });
    expect(await publish(client)).toEqual({
      outcome: "rejected",
      status: 422,
      error: "bad ********",
      suggestions: ["********"],
      details: { "********": ["x********"] },
    });
    expect(await publish(client)).toMatchObject({ reason: "the server answered 500: down ********" });
  });

  it("apiKeyProblem: under 8 characters refused without telling the length; 8 accepted", () => {
    expect(apiKeyProblem("1234567")).toBe(
      "the API key is shorter than 8 characters, too short to be blanked out of what a server answers: use the whole key the server issued",
    );
    expect(apiKeyProblem("12345678")).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("secrets", () => {
  it("the API key appears in no outcome and no error of this file", () => {
    expect(seen.length).toBeGreaterThan(50);
    const leaks = seen.filter((s) => s.includes(KEY) || s.includes(KEY2) || s.includes("0123456789"));
    expect(leaks).toEqual([]);
  });
});

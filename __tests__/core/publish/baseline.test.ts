/**
 * The one client of the Jux API's baseline route (src/core/publish/baseline.ts), against a real HTTP server whose
 * answers are scripted: the request, every field checked (the first bad one named, the answer then unusable), ids
 * recomputed, "No baseline", a server without the route, refusals, redirects not followed, the size cap while
 * reading, the retries (count and deadline as parameters), the proxy variables, and the API key never echoed.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import {
  MAX_BASELINE_BYTES,
  requestBaseline,
  type BaselineRequest,
  type BaselineResult,
} from "../../../src/core/publish/baseline.js";
import { MAX_BASELINE_TESTS } from "../../../src/core/junit/test-rows.js";
import { testId } from "../../../src/core/junit/tests.js";
import {
  freePort,
  startProxy,
  startScriptedServer,
  type ScriptedServer,
} from "../../helpers/scripted-server.js";

const KEY = "jux-baseline-SECRET-key-8d1e";
let server: ScriptedServer;
let target: ScriptedServer;
const noSleep = () => Promise.resolve();

beforeAll(async () => {
  server = await startScriptedServer();
  target = await startScriptedServer({ status: 200, body: { tests: [] } });
});
afterAll(async () => {
  await server.close();
  await target.close();
});
beforeEach(() => {
  server.reset();
  target.reset();
});

const request = (o: Partial<BaselineRequest> = {}): BaselineRequest => ({
  apiUrl: `${server.url}/api/v1/`,
  apiKey: KEY,
  apiKeyHeader: "Authorization",
  timeoutMs: 5000,
  maxRetries: 0,
  maxDelayMs: 1000,
  project: "shop & co",
  branch: "main",
  job: "test",
  sleep: noSleep,
  ...o,
});

const TEST = {
  id: "ignored",
  key: "ignored",
  suite: "pytest",
  classname: "tests.test_cart",
  name: "test_total",
  outcome: "failed",
  file: "tests/test_cart.py",
  line: 12,
  duration: 0.25,
  failure_type: "AssertionError",
  failure_message: "assert 3 == 4\nsecond line",
};
const RUNS = [
  { id: "r1", branch: "main", commit_sha: "abc1234def5678", inserted_at: "2026-12-05T09:00:00Z" },
  { id: "r2", branch: null, commit_sha: null, inserted_at: "2026-12-05T09:00:01Z" },
];
const answer = (tests: unknown[], extra: Record<string, unknown> = {}) => ({
  workflow_run: "github:acme/app:9876543:1",
  test_runs: RUNS,
  tests,
  truncated: false,
  ...extra,
});

async function ask(body: unknown, o: Partial<BaselineRequest> = {}): Promise<BaselineResult> {
  server.script({ status: 200, body: body as object });
  return requestBaseline(request(o));
}

describe("the request and a found baseline", () => {
  test("GET {api_url}/baseline with project, branch and job; the key as a Bearer token; JSON asked for", async () => {
    const got = await ask(
      answer([TEST, { suite: "s", classname: "c", name: "u", outcome: "flaky", duration: 0, line: null }]),
    );
    expect(got).toEqual({
      kind: "found",
      workflowRun: "github:acme/app:9876543:1",
      runs: RUNS,
      tests: [
        {
          id: testId("pytest", "tests.test_cart", "test_total"),
          suite: "pytest",
          classname: "tests.test_cart",
          name: "test_total",
          outcome: "failed",
          file: "tests/test_cart.py",
          line: 12,
          duration: 0.25,
          failure: { type: "AssertionError", message: "assert 3 == 4" },
        },
        { id: testId("s", "c", "u"), suite: "s", classname: "c", name: "u", outcome: "flaky", duration: 0 },
      ],
      truncated: false,
      cut: 0,
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: "GET",
      url: "/api/v1/baseline?project=shop+%26+co&branch=main&job=test",
      headers: { authorization: `Bearer ${KEY}`, accept: "application/json" },
    });
  });

  test("another key header carries the key as its value; no key, no header; no job, no job parameter", async () => {
    server.script({ status: 200, body: answer([]) }, { status: 200, body: answer([]) });
    await requestBaseline(request({ apiKeyHeader: "X-API-Key" }));
    await requestBaseline(request({ apiKey: undefined, job: null }));
    expect(server.requests[0]!.headers["x-api-key"]).toBe(KEY);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[1]!.headers.authorization).toBeUndefined();
    expect(server.requests[1]!.url).toBe("/api/v1/baseline?project=shop+%26+co&branch=main");
  });

  test("a missing workflow_run is null; the server's truncated flag is kept; a failure line is cut in bytes", async () => {
    const body = answer([{ ...TEST, failure_message: "x".repeat(5000) }], { truncated: true });
    delete (body as Partial<typeof body>).workflow_run;
    const got = await ask(body);
    if (got.kind !== "found") throw new Error(JSON.stringify(got));
    expect([got.workflowRun, got.truncated]).toEqual([null, true]);
    expect(Buffer.byteLength(got.tests[0]!.failure!.message!)).toBeLessThanOrEqual(512 + 3);
  });

  test(`tests past ${MAX_BASELINE_TESTS} are not read, and counted`, async () => {
    const many = Array.from({ length: MAX_BASELINE_TESTS + 2 }, (_, i) => ({
      suite: "s",
      classname: "c",
      name: `t${i}`,
      outcome: "passed",
      duration: 0,
    }));
    const got = await ask(answer(many));
    expect(got.kind === "found" && [got.tests.length, got.cut]).toEqual([MAX_BASELINE_TESTS, 2]);
  });

  test("the API key echoed by the server is blanked out of the tests", async () => {
    const got = await ask(answer([{ ...TEST, name: `leak ${KEY}` }], { workflow_run: `w ${KEY}` }));
    expect(JSON.stringify(got)).not.toContain(KEY);
    expect(got.kind === "found" && [got.tests[0]!.name, got.workflowRun]).toEqual([
      "leak ********",
      "w ********",
    ]);
  });
});

describe("a field that does not fit makes the answer unusable, naming it", () => {
  test.each([
    [{ ...TEST, outcome: "exploded" }, /^tests\[0\]\.outcome is "exploded", not one of passed, failed/],
    [{ ...TEST, line: -1 }, /^tests\[0\]\.line is not a line number/],
    [{ ...TEST, line: 1.5 }, /^tests\[0\]\.line is not a line number/],
    [{ ...TEST, duration: "1" }, /^tests\[0\]\.duration is not a number of seconds/],
    [{ ...TEST, duration: undefined }, /^tests\[0\]\.duration is not a number of seconds/],
    [{ ...TEST, name: 7 }, /^tests\[0\]\.name is a number, not a string/],
    [{ ...TEST, name: { toString: "x" } }, /^tests\[0\]\.name is an object, not a string/],
    [{ ...TEST, suite: "x".repeat(2001) }, /^tests\[0\]\.suite is longer than 2000 characters/],
    [{ ...TEST, file: "a\nb.py" }, /^tests\[0\]\.file is not a file path/],
    [{ ...TEST, failure_message: 42 }, /^tests\[0\]\.failure_message is not a text/],
    ["not an object", /^tests\[0\] is a string, not an object/],
    [null, /^tests\[0\] is null, not an object/],
    [[1, 2], /^tests\[0\] is an array, not an object/],
  ])("a hostile test: %#", async (bad, reason) => {
    const got = await ask(answer([bad]));
    expect(got).toMatchObject({ kind: "unavailable", why: "malformed", status: 200, attempts: 1 });
    expect((got as { reason: string }).reason).toMatch(reason);
  });

  test.each([
    [answer([TEST, { ...TEST, line: 0 }]), /^tests\[1\]\.line is not a line number/],
    [answer({} as unknown[]), /^tests is an object, not an array/],
    [{ workflow_run: null }, /^truncated is missing, not a boolean/],
    [answer([], { truncated: "no" }), /^truncated is a string, not a boolean/],
    [
      answer([], { test_runs: [{ id: "r", branch: 1 }] }),
      /^test_runs\[0\]\.branch is a number, not a string/,
    ],
    [
      answer([], { test_runs: [{ id: "r", branch: null, commit_sha: null }] }),
      /^test_runs\[0\]\.inserted_at is missing/,
    ],
    [answer([], { workflow_run: 5 }), /^workflow_run is a number, not a string/],
  ])("a hostile answer: %#", async (body, reason) => {
    const got = await ask(body);
    expect(got).toMatchObject({ kind: "unavailable", why: "malformed" });
    expect((got as { reason: string }).reason).toMatch(reason);
  });

  test("an array is no answer: not a JSON object", async () => {
    expect(await ask([answer([])])).toMatchObject({ why: "not-json", reason: "HTTP 200 and no JSON object" });
  });

  test("the key in a bad value is blanked before the value is named", async () => {
    const got = await ask(answer([{ ...TEST, outcome: KEY }]));
    expect(got).toMatchObject({ kind: "unavailable", why: "malformed" });
    expect(JSON.stringify(got)).not.toContain(KEY.slice(0, 12));
  });
});

describe("what is not a baseline", () => {
  test('"No baseline" is none with the server\'s words; a 404 with another body or a 405 is a server without the route', async () => {
    server.script(
      { status: 404, body: { error: "No baseline", details: { message: "No run of shop on main" } } },
      { status: 404, body: { errors: { detail: "Not Found" } } },
      { status: 405, body: { error: "Method not allowed" } },
    );
    expect(await requestBaseline(request())).toEqual({
      kind: "none",
      said: "No baseline: No run of shop on main",
    });
    expect(await requestBaseline(request())).toEqual({
      kind: "unavailable",
      why: "no-route",
      reason: "HTTP 404",
      status: 404,
      attempts: 1,
    });
    expect(await requestBaseline(request())).toMatchObject({
      why: "no-route",
      reason: "HTTP 405: Method not allowed",
    });
  });

  test('the server\'s first suggestion with its "No baseline" is kept: a first line, the key blanked', async () => {
    server.script(
      {
        status: 404,
        body: {
          error: "No baseline",
          details: { message: "No run" },
          suggestions: [`Publish a run of main first\nsecond line ${KEY}`],
        },
      },
      { status: 404, body: { error: "No baseline", suggestions: [42] } },
    );
    expect(await requestBaseline(request())).toEqual({
      kind: "none",
      said: "No baseline: No run",
      suggestion: "Publish a run of main first",
    });
    expect(await requestBaseline(request())).toEqual({ kind: "none", said: "No baseline" });
  });

  test("a refusal that echoes the key: refused, the key blanked from the server's words", async () => {
    server.script({
      status: 401,
      body: { error: `Invalid API key ${KEY}`, details: { message: `got ${KEY}` } },
    });
    const got = await requestBaseline(request());
    expect(got).toEqual({
      kind: "unavailable",
      why: "refused",
      reason: "HTTP 401: Invalid API key ********: got ********",
      status: 401,
      said: "Invalid API key ********: got ********",
      attempts: 1,
    });
  });

  test("a redirect is not followed (the key stays here)", async () => {
    server.script({ status: 302, headers: { Location: `${target.url}/api/v1/baseline` } });
    expect(await requestBaseline(request())).toMatchObject({
      why: "redirect",
      status: 302,
      reason: "HTTP 302",
    });
    expect(target.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  test("the size cap is what 100 000 bounded tests plausibly need, not more: a hostile answer costs seconds, not minutes", () => {
    // 64 MiB of {"tests":[{},{},...]} took 24 s and 1.4 GB of heap to JSON.parse, before the reports were kept.
    expect(MAX_BASELINE_BYTES).toBe(16 * 1024 ** 2);
  });

  test("an answer over the size cap is not read (declared, or while it arrives); a body that is not JSON is named", async () => {
    server.script(
      { status: 200, body: "[]", headers: { "Content-Length": String(MAX_BASELINE_BYTES + 1) } },
      { status: 200, body: "x".repeat(MAX_BASELINE_BYTES + 1) },
      { status: 200, body: "<html>hello</html>" },
    );
    const tooLarge = {
      kind: "unavailable",
      why: "too-large",
      reason: `an answer over the ${MAX_BASELINE_BYTES}-byte limit`,
    };
    expect(await requestBaseline(request())).toMatchObject(tooLarge);
    expect(await requestBaseline(request())).toMatchObject(tooLarge);
    expect(await requestBaseline(request())).toMatchObject({
      why: "not-json",
      reason: "HTTP 200 and no JSON object",
    });
  });

  test("an unreachable server and a malformed api_url: unavailable, never thrown", async () => {
    const port = await freePort();
    const slept: number[] = [];
    const sleep = (ms: number) => Promise.resolve(void slept.push(ms));
    expect(
      await requestBaseline(request({ apiUrl: `http://127.0.0.1:${port}/api/v1`, maxRetries: 2, sleep })),
    ).toMatchObject({ kind: "unavailable", why: "unreachable", code: "ECONNREFUSED", attempts: 3 });
    expect(slept).toHaveLength(2);
    expect(await requestBaseline(request({ apiUrl: "not a url" }))).toEqual({
      kind: "unavailable",
      why: "url",
      reason: "api_url is not a URL",
      attempts: 0,
    });
  });
});

describe("retries and the deadline are parameters", () => {
  test("503 then 200: retried within maxRetries; 503 every time: the last reason and the attempts", async () => {
    server.script({ status: 503, body: { error: "Busy" } }, { status: 200, body: answer([TEST]) });
    expect((await requestBaseline(request({ maxRetries: 2 }))).kind).toBe("found");
    expect(server.requests).toHaveLength(2);
    server.reset();
    server.script(...Array.from({ length: 3 }, () => ({ status: 503, body: { error: "Busy" } })));
    expect(await requestBaseline(request({ maxRetries: 2 }))).toMatchObject({
      why: "http",
      reason: "HTTP 503: Busy",
      status: 503,
      attempts: 3,
    });
    expect(server.requests).toHaveLength(3);
  });

  test("one retry (the action's) after a reset or a 5xx, never a second; a 400 is not retried", async () => {
    const slept: number[] = [];
    const sleep = (ms: number) => Promise.resolve(void slept.push(ms));
    server.script("reset", { status: 502 }, { status: 200, body: answer([]) });
    expect(await requestBaseline(request({ maxRetries: 1, sleep }))).toMatchObject({
      why: "http",
      reason: "HTTP 502 and no JSON object",
      attempts: 2,
    });
    expect(server.requests).toHaveLength(2);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeLessThanOrEqual(1000);
    server.reset();
    server.script({ status: 400, body: { error: "Invalid parameter" } });
    expect(await requestBaseline(request({ maxRetries: 3, sleep }))).toMatchObject({
      why: "http",
      attempts: 1,
    });
  });

  test("a Retry-After is honoured up to maxDelayMs", async () => {
    const slept: number[] = [];
    server.script({ status: 429, headers: { "Retry-After": "120" } }, { status: 200, body: answer([]) });
    const sleep = (ms: number) => Promise.resolve(void slept.push(ms));
    expect((await requestBaseline(request({ maxRetries: 1, maxDelayMs: 5000, sleep }))).kind).toBe("found");
    expect(slept).toEqual([5000]);
  });

  test("no answer within the deadline: unavailable at once, without a retry", async () => {
    server.script("hang", { status: 200, body: answer([]) });
    const started = Date.now();
    expect(await requestBaseline(request({ timeoutMs: 1000, maxRetries: 3 }))).toEqual({
      kind: "unavailable",
      why: "timeout",
      reason: "no answer within 1000 ms",
      attempts: 1,
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.requests).toHaveLength(1);
  });
});

describe("the proxy variables", () => {
  const NAMES = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"];
  const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
  afterEach(() => {
    for (const n of NAMES)
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
  });
  // @actions/http-client never proxies loopback addresses, so the API is named by a host only the proxy knows.
  const HOST = "jux-api.invalid";

  test("http_proxy set: the query goes through the proxy (which jux compare's former fetch ignored)", async () => {
    const proxy = await startProxy({ [HOST]: "127.0.0.1" });
    try {
      for (const n of NAMES) delete process.env[n];
      process.env.http_proxy = proxy.url;
      server.script({ status: 200, body: answer([TEST]) });
      const got = await requestBaseline(request({ apiUrl: `http://${HOST}:${server.port}/api/v1` }));
      expect(got.kind).toBe("found");
      expect(proxy.tunnels).toEqual([`${HOST}:${server.port}`]);
      expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    } finally {
      await proxy.close();
    }
  });
});

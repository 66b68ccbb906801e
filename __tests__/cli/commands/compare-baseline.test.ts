/**
 * The baseline query of `jux compare` (src/cli/commands/compare-baseline.ts) against a real HTTP server whose
 * answers are scripted: the answer checked field by field, the size cap, no baseline, a server without the route,
 * a refused key (never echoed), a redirect (not followed), retries of what may pass, an unreachable server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { BaselineError, fetchBaseline } from "../../../src/cli/commands/compare-baseline.js";
import { MAX_BASELINE_BYTES } from "../../../src/core/publish/baseline.js";
import { DEFAULTS, type JuxConfig } from "../../../src/core/config/schema.js";
import { rejection } from "../../helpers/assert.js";
import { freePort, startScriptedServer, type ScriptedServer } from "../../helpers/scripted-server.js";

const KEY = "s3cret-key-0123456789";
const GOOD = {
  workflow_run: "github:o/r:42:1",
  test_runs: [{ id: "r1", branch: "main", commit_sha: "abc1234", inserted_at: "2026-12-05T10:00:00Z" }],
  tests: [
    {
      id: "ignored",
      key: "ignored",
      suite: "s",
      classname: "c",
      name: "t",
      outcome: "failed",
      file: "t.py",
      line: 3,
      duration: 0.5,
      failure_type: "AssertionError",
      failure_message: "boom\nsecond line",
    },
    { suite: "s", classname: "c", name: "u", outcome: "flaky", duration: 0, line: null },
  ],
  truncated: false,
};

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function config(over: Partial<JuxConfig> = {}): JuxConfig {
  return { ...DEFAULTS, apiUrl: `${server.url}/api/v1`, apiKey: KEY, apiMaxRetries: 0, ...over } as JuxConfig;
}
const query = { project: "demo", branch: "main", job: null };
const noSleep = { sleep: () => Promise.resolve() };

// The checks of each field are the core client's: __tests__/core/publish/baseline.test.ts.
describe("a baseline that does not fit, in jux compare's words", () => {
  test.each([
    [
      { ...GOOD, tests: [{ ...GOOD.tests[0], outcome: "exploded" }] },
      /tests\[0\]\.outcome is "exploded", not one of passed/,
    ],
    [
      { ...GOOD, tests: [GOOD.tests[1], { ...GOOD.tests[0], line: -1 }] },
      /tests\[1\]\.line is not a line number/,
    ],
    [{ ...GOOD, truncated: "no" }, /truncated is a string, not a boolean/],
    [{ ...GOOD, test_runs: [{ id: "r", branch: 1 }] }, /test_runs\[0\]\.branch is a number/],
  ])("a bad field is named: %#", async (body, message) => {
    server.script({ status: 200, body });
    const e = await rejection(fetchBaseline(config(), query));
    expect(e).toBeInstanceOf(BaselineError);
    expect((e as BaselineError).code).toBe("malformed");
    expect(e.message).toMatch(/^jux compare: the server's baseline is not what jux compare reads: /);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/check that api_url points at a jux serve$/);
  });
});

describe("fetchBaseline", () => {
  test("GET {api_url}/baseline with the project, branch and job, the key as a Bearer token; the answer read", async () => {
    server.script({ status: 200, body: GOOD });
    const answer = await fetchBaseline(config(), { project: "my proj", branch: "feat/x", job: "test" });
    // Each field as the core client reads it: __tests__/core/publish/baseline.test.ts.
    expect(answer).toMatchObject({ kind: "found", baseline: { tests: [{ name: "t" }, { name: "u" }] } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: "GET",
      url: "/api/v1/baseline?project=my+proj&branch=feat%2Fx&job=test",
      headers: { authorization: `Bearer ${KEY}`, accept: "application/json" },
    });
    server.script({ status: 200, body: GOOD });
    await fetchBaseline(config({ apiKeyHeader: "X-API-Key" }), query);
    expect(server.requests[1]!.headers["x-api-key"]).toBe(KEY);
    expect(server.requests[1]!.headers.authorization).toBeUndefined();
  });

  test("404 No baseline is an answer (none); a 404 of a server without the route says what to do", async () => {
    server.script({ status: 404, body: { error: "No baseline", details: { message: "No run" } } });
    expect(await fetchBaseline(config(), query)).toEqual({ kind: "none", server: `${server.url}/api/v1` });
    // An upstream Jux server (Phoenix) answers an unknown route like this.
    server.script({ status: 404, body: { errors: { detail: "Not Found" } } });
    const e = await rejection(fetchBaseline(config(), query));
    expect(e).toMatchObject({ name: "BaselineError", code: "no-route" });
    expect(e).toBeInstanceOf(BaselineError);
    expect(e.message).toMatch(
      /has no baseline route \(GET .*\/api\/v1\/baseline\?project=demo&branch=main answered HTTP 404\)/,
    );
    expect(e.message).toMatch(/an upstream Jux server does not have the route/);
  });

  test("a refusal that echoes the key: the key never reaches the message", async () => {
    server.script({
      status: 401,
      body: { error: `Invalid API key ${KEY}`, details: { message: `got ${KEY}` } },
    });
    const e = await rejection(fetchBaseline(config(), query));
    expect(e).toMatchObject({ code: "refused" });
    expect(e.message).toMatch(/refused the request \(HTTP 401: Invalid API key \*{8}: got \*{8}\)/);
    expect(e.message).not.toContain(KEY);
    expect(e.message).toMatch(/set the API key it accepts/);
  });

  test("a redirect is not followed (it would carry the key)", async () => {
    server.script({ status: 302, headers: { Location: "http://elsewhere.example/api/v1/baseline" } });
    const e = await rejection(fetchBaseline(config(), query));
    expect(e).toMatchObject({ code: "redirect" });
    expect(e.message).toMatch(/redirects GET .* \(HTTP 302\): set api_url to the final address/);
    expect(server.requests).toHaveLength(1);
  });

  test("503 then 200: retried within api_max_retries; 503 every time: the last reason and the attempts", async () => {
    server.script({ status: 503, body: { error: "Busy" } }, { status: 200, body: GOOD });
    const found = await fetchBaseline(config({ apiMaxRetries: 2 }), query, noSleep);
    expect(found.kind).toBe("found");
    expect(server.requests).toHaveLength(2);
    server.reset();
    server.script(...Array.from({ length: 3 }, () => ({ status: 503, body: { error: "Busy" } })));
    const e = await rejection(fetchBaseline(config({ apiMaxRetries: 2 }), query, noSleep));
    expect(e).toMatchObject({ code: "http" });
    expect(e.message).toMatch(/answered HTTP 503: Busy \(3 attempts\); check api_url/);
    expect(server.requests).toHaveLength(3);
  });

  test("an unreachable server: says where it tried and what to do", async () => {
    const port = await freePort();
    const e = await rejection(
      fetchBaseline(config({ apiUrl: `http://127.0.0.1:${port}/api/v1` }), query, noSleep),
    );
    expect(e).toMatchObject({ code: "unreachable" });
    expect(e.message).toBe(
      `jux compare: cannot reach the Jux server at http://127.0.0.1:${port}/api/v1 (ECONNREFUSED); check api_url (--api-url, JUX_API_URL) and that the server runs, or compare with a local report of the base branch with jux cache compare A B`,
    );
  });

  test("an answer over the size cap is refused while it is read; a body that is not JSON is named", async () => {
    server.script({ status: 200, body: "x".repeat(MAX_BASELINE_BYTES + 1) });
    const e = await rejection(fetchBaseline(config(), query));
    expect(e).toMatchObject({ code: "too-large" });
    expect(e.message).toContain(`is larger than ${MAX_BASELINE_BYTES / 1024 ** 2} MiB`);
    server.script({ status: 200, body: "<html>hello</html>" });
    expect((await rejection(fetchBaseline(config(), query))).message).toMatch(/is not a JSON object/);
  });
});

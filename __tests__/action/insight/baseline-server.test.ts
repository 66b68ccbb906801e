/**
 * The Jux API's baseline answer, from a real HTTP server scripted per request: found and described, "No baseline",
 * a server without the route (upstream), refusals, one retry after a quick 5xx or a reset only, the deadline, a
 * redirect not followed, an oversized answer not read, hostile fields refused, and the API key never echoed.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from "@jest/globals";
import { serverBaseline, type ServerQuery } from "../../../src/action/insight/baseline-server.js";
import { testId } from "../../../src/core/junit/tests.js";
import { startScriptedServer, type ScriptedServer } from "../../helpers/scripted-server.js";

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

const query = (o: Partial<ServerQuery> = {}): ServerQuery => ({
  apiUrl: `${server.url}/api/v1/`,
  apiKey: KEY,
  apiKeyHeader: "Authorization",
  timeoutSeconds: 5,
  project: "shop & co",
  branch: "main",
  job: "test",
  ...o,
});

const test1 = {
  id: "t1",
  key: "k1",
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
const answer = (tests: unknown[], extra: Record<string, unknown> = {}) => ({
  workflow_run: "github:acme/app:9876543:1",
  test_runs: [
    { id: "r1", branch: "main", commit_sha: "abc1234def5678", inserted_at: "2026-12-05T09:00:00Z" },
    { id: "r2", branch: "main", commit_sha: "abc1234def5678", inserted_at: "2026-12-05T09:00:01Z" },
  ],
  tests,
  truncated: false,
  ...extra,
});

test("a found baseline: its tests checked, ids recomputed, described with branch, commit, reports and run", async () => {
  server.script({
    status: 200,
    body: answer([
      test1,
      {
        ...test1,
        name: "test_empty",
        outcome: "passed",
        failure_type: undefined,
        failure_message: undefined,
      },
    ]),
  });
  const got = await serverBaseline(query(), noSleep);
  expect(got).toEqual({
    kind: "found",
    description: "main at abc1234 (2 reports, 2 tests, run 9876543) from the Jux API",
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
      {
        id: testId("pytest", "tests.test_cart", "test_empty"),
        suite: "pytest",
        classname: "tests.test_cart",
        name: "test_empty",
        outcome: "passed",
        file: "tests/test_cart.py",
        line: 12,
        duration: 0.25,
      },
    ],
  });
  expect(server.requests).toHaveLength(1);
  const sent = server.requests[0]!;
  expect(sent.method).toBe("GET");
  expect(sent.url).toBe("/api/v1/baseline?project=shop+%26+co&branch=main&job=test");
  expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  expect(sent.headers.accept).toBe("application/json");
});

test("another key header carries the key as its value; no key, no header; no job, no job parameter", async () => {
  server.script({ status: 200, body: answer([]) }, { status: 200, body: answer([]) });
  await serverBaseline(query({ apiKeyHeader: "X-API-Key" }), noSleep);
  await serverBaseline(query({ apiKey: undefined, job: undefined }), noSleep);
  expect(server.requests[0]!.headers["x-api-key"]).toBe(KEY);
  expect(server.requests[0]!.headers.authorization).toBeUndefined();
  expect(server.requests[1]!.headers.authorization).toBeUndefined();
  expect(server.requests[1]!.url).toBe("/api/v1/baseline?project=shop+%26+co&branch=main");
});

// Each field's check is the core client's (__tests__/core/publish/baseline.test.ts); here, the action's words.
test("hostile fields: a test that does not fit makes the answer unusable, named, and the cache is asked instead", async () => {
  const hostile: [unknown, string][] = [
    [
      { ...test1, outcome: "exploded" },
      'tests[0].outcome is "exploded", not one of passed, failed, error, skipped, flaky',
    ],
    [{ ...test1, name: { toString: "x" } }, "tests[0].name is an object, not a string"],
    [{ ...test1, suite: "s".repeat(2001) }, "tests[0].suite is longer than 2000 characters"],
    ["not an object", "tests[0] is a string, not an object"],
    [null, "tests[0] is null, not an object"],
    [[1, 2], "tests[0] is an array, not an object"],
    [{ ...test1, file: "a\nb.py" }, "tests[0].file is not a file path (up to 1000 characters on one line)"],
    [{ ...test1, line: -3 }, "tests[0].line is not a line number (an integer >= 1)"],
    [{ ...test1, duration: "slow" }, "tests[0].duration is not a number of seconds >= 0"],
    [{ ...test1, failure_message: 42 }, "tests[0].failure_message is not a text of at most 32768 characters"],
  ];
  for (const [bad, reason] of hostile) {
    server.script({ status: 200, body: answer([bad, test1], { workflow_run: "<script>", truncated: true }) });
    expect(await serverBaseline(query(), noSleep)).toEqual({
      kind: "unavailable",
      description: `the Jux API's baseline answer is not one jux reads (${reason}): not used`,
    });
  }
  server.script({
    status: 200,
    body: answer([{ ...test1, failure_message: "x".repeat(5000) }], {
      workflow_run: "<script>",
      truncated: true,
    }),
  });
  const got = await serverBaseline(query(), noSleep);
  if (got.kind !== "found") throw new Error(got.description);
  expect(got.description).toBe(
    "main at abc1234 (2 reports, 1 tests; the server cut the list of tests) from the Jux API",
  );
  expect(Buffer.byteLength(got.tests[0]!.failure!.message!)).toBeLessThanOrEqual(512 + 3);
});

test("the API key echoed by the server is blanked out of the tests and the description", async () => {
  server.script({ status: 200, body: answer([{ ...test1, name: `leak ${KEY}` }]) });
  const got = await serverBaseline(query(), noSleep);
  expect(JSON.stringify(got)).not.toContain(KEY);
  expect(got.kind === "found" && got.tests[0]!.name).toBe("leak ********");
});

test('the server\'s suggestion with its "No baseline" is passed on', async () => {
  server.script({
    status: 404,
    body: {
      error: "No baseline",
      details: { message: "No run of project shop on branch main is stored" },
      suggestions: [`Publish a run of branch main first\n::error::x ${KEY}`, "second"],
    },
  });
  expect(await serverBaseline(query(), noSleep)).toEqual({
    kind: "none",
    description:
      "the Jux API has no run of shop & co on main (it suggests: Publish a run of branch main first)",
  });
});

test('"No baseline" is none; a 404 with another body or a 405 is a server without the route', async () => {
  server.script(
    { status: 404, body: { error: "No baseline", message: "No run of shop on main" } },
    { status: 404, body: { error: "Not found", message: "There is no GET /api/v1/baseline endpoint" } },
    { status: 405, body: { error: "Method not allowed" } },
  );
  expect(await serverBaseline(query(), noSleep)).toEqual({
    kind: "none",
    description: "the Jux API has no run of shop & co on main",
  });
  const upstream = `the Jux API at ${server.url}/api/v1/baseline has no baseline route`;
  expect(await serverBaseline(query(), noSleep)).toEqual({
    kind: "unavailable",
    description: `${upstream} (HTTP 404; a server without it, such as an upstream Jux server)`,
    noRoute: true,
  });
  expect((await serverBaseline(query(), noSleep)).description).toContain(`${upstream} (HTTP 405`);
});

test("a refused key names api_key; a 200 without tests is unavailable, the missing field named", async () => {
  server.script(
    { status: 401, body: { error: `bad key ${KEY}` } },
    { status: 200, body: { workflow_run: null } },
  );
  expect(await serverBaseline(query(), noSleep)).toEqual({
    kind: "unavailable",
    description: "the Jux API refused the baseline query (HTTP 401): check api_key and api_key_header",
  });
  expect(await serverBaseline(query(), noSleep)).toEqual({
    kind: "unavailable",
    description:
      "the Jux API's baseline answer is not one jux reads (truncated is missing, not a boolean): not used",
  });
});

test("one retry after a 5xx or a reset connection, never a second", async () => {
  let slept = 0;
  server.script({ status: 503, body: { error: "busy" } }, { status: 200, body: answer([test1]) });
  expect((await serverBaseline(query(), () => Promise.resolve(void slept++))).kind).toBe("found");
  expect(server.requests).toHaveLength(2);
  server.reset();
  server.script("reset", { status: 502 }, { status: 200, body: answer([]) });
  const twice = await serverBaseline(query(), () => Promise.resolve(void slept++));
  expect(twice).toEqual({
    kind: "unavailable",
    description: "the Jux API answered the baseline query with HTTP 502 and no JSON object",
  });
  expect(server.requests).toHaveLength(2);
  expect(slept).toBe(2);
});

test("no answer within the timeout: unavailable at once, without a retry", async () => {
  server.script("hang", { status: 200, body: answer([]) });
  const started = Date.now();
  const got = await serverBaseline(query({ timeoutSeconds: 1 }), noSleep);
  expect(got).toEqual({
    kind: "unavailable",
    description: "the Jux API could not be reached (no answer within 1000 ms)",
  });
  expect(Date.now() - started).toBeLessThan(3000);
  expect(server.requests).toHaveLength(1);
});

test("a redirect is not followed (the key stays here); an answer over the limit is not read", async () => {
  server.script(
    { status: 302, headers: { Location: `${target.url}/api/v1/baseline` } },
    // 17 MiB: over the 16 MiB a baseline answer is read to (JSON.parse of a hostile 64 MiB took 24 s, 1.4 GB).
    { status: 200, body: "[]", headers: { "Content-Length": String(17 * 1024 ** 2) } },
  );
  expect(await serverBaseline(query(), noSleep)).toEqual({
    kind: "unavailable",
    description:
      "the Jux API redirects the baseline query (HTTP 302), which is not followed: set api_url to the final address",
  });
  expect(target.requests).toHaveLength(0);
  expect(await serverBaseline(query(), noSleep)).toEqual({
    kind: "unavailable",
    description: "the Jux API's baseline answer is over the 16777216-byte limit: not read",
  });
});

test("an unreachable server and a malformed api_url are unavailable, never thrown", async () => {
  const down = await serverBaseline(query({ apiUrl: "http://127.0.0.1:9/api/v1" }), noSleep);
  expect(down.kind).toBe("unavailable");
  expect(down.description).toMatch(/^the Jux API could not be reached \(.*ECONNREFUSED/);
  expect(await serverBaseline(query({ apiUrl: "not a url" }), noSleep)).toEqual({
    kind: "unavailable",
    description: "api_url is not a URL",
  });
});

test("the workflow run in words: a GitHub run's id and attempt, another CI's key, nothing for odd text", async () => {
  const described = async (workflow_run: unknown) => {
    server.script({ status: 200, body: answer([], { workflow_run, test_runs: [] }) });
    return (await serverBaseline(query(), noSleep)).description;
  };
  expect(await described("github:acme/app:42:1")).toBe("main (0 reports, 0 tests, run 42) from the Jux API");
  expect(await described("github:acme/app:42:3")).toBe(
    "main (0 reports, 0 tests, run 42 attempt 3) from the Jux API",
  );
  expect(await described("gitlab:7781")).toBe("main (0 reports, 0 tests, run gitlab:7781) from the Jux API");
  expect(await described(null)).toBe("main (0 reports, 0 tests) from the Jux API");
  expect(await described("x\n::error::forged")).toBe("main (0 reports, 0 tests) from the Jux API");
});

test("the newest run being this workflow run itself (a matrix leg published first) is not a baseline", async () => {
  const self = "github:acme/app:9876543:1";
  server.script({ status: 200, body: answer([test1]) }, { status: 200, body: answer([test1]) });
  expect(await serverBaseline(query({ self }), noSleep)).toEqual({
    kind: "none",
    description:
      "the Jux API's newest run of main is this workflow run itself (another matrix leg of this attempt): not a baseline",
  });
  // An earlier attempt of the same run is a baseline (what a re-run changed).
  expect((await serverBaseline(query({ self: "github:acme/app:9876543:2" }), noSleep)).kind).toBe("found");
});

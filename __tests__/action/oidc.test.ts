/**
 * The action's auth: which one a job uses (auth.ts), the OIDC token asked of the runner's endpoint (oidc.ts,
 * against a real loopback server), and what the report says of it.
 */
import { afterAll, afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import { authReport, defaultAudience, describeAuth, resolveAuth, type Auth } from "../../src/action/auth.js";
import { InputError, readInputs } from "../../src/action/inputs.js";
import { idTokenUrl, requestIdToken } from "../../src/action/oidc.js";
import { failure } from "../../src/action/report.js";
import { renderSummary } from "../../src/action/summary.js";
import type { ModeResult } from "../../src/core/publish/modes.js";
import { closeAll, startScriptedServer } from "../helpers/scripted-server.js";

const API = "https://jux.example.com:8443/api/v1";
const KEY = "jux-unit-SECRET-key-123";
const ENDPOINT = {
  ACTIONS_ID_TOKEN_REQUEST_URL: "https://runner.example/idtoken?api-version=2.0",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token-secret",
};
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE5MDAwMDAwMDB9.c2ln";

let written: string[];
beforeEach(() => {
  written = [];
  jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
});
afterAll(closeAll);

function refused(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error("expected an InputError");
}

describe("resolveAuth: which auth a publishing job uses", () => {
  const base = { apiUrl: API };

  test("empty auth: api_key with a key; else oidc when the runner gave the ID-token endpoint; else none", () => {
    expect(resolveAuth({ ...base, apiKey: KEY }, ENDPOINT)).toEqual({ kind: "api_key" });
    expect(resolveAuth(base, ENDPOINT)).toEqual({
      kind: "oidc",
      audience: "https://jux.example.com:8443",
      endpoint: {
        url: ENDPOINT.ACTIONS_ID_TOKEN_REQUEST_URL,
        token: ENDPOINT.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      },
    });
    expect(resolveAuth(base, {})).toEqual({ kind: "none" });
    // Half of the runner's pair is no endpoint.
    expect(resolveAuth(base, { ACTIONS_ID_TOKEN_REQUEST_URL: "https://r/x" })).toEqual({ kind: "none" });
  });

  test("oidc_audience replaces the default (api_url's origin)", () => {
    expect(defaultAudience("http://127.0.0.1:4000/api/v1")).toBe("http://127.0.0.1:4000");
    expect(resolveAuth({ ...base, auth: "oidc", oidcAudience: "jux" }, ENDPOINT)).toMatchObject({
      audience: "jux",
    });
  });

  test("auth: api_key without the key, and auth: oidc without id-token: write, are refused with the fix", () => {
    expect(refused(() => resolveAuth({ ...base, auth: "api_key" }, ENDPOINT))).toBe(
      "input auth: api_key needs the api_key input (from a secret): set api_key, or use auth: oidc with `permissions: id-token: write`",
    );
    expect(refused(() => resolveAuth({ ...base, auth: "oidc" }, {}))).toBe(
      "input auth: oidc, but the job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add `permissions: id-token: write` to the job (a pull request from a fork never gets one), or set api_key and auth: api_key",
    );
  });

  test("auth: api_key with the key wins over the ID-token endpoint", () => {
    expect(resolveAuth({ ...base, auth: "api_key", apiKey: KEY }, ENDPOINT)).toEqual({ kind: "api_key" });
  });
});

describe("the inputs auth and oidc_audience", () => {
  const saved = { ...process.env };
  afterEach(() => void (process.env = { ...saved }));
  const read = (inputs: Record<string, string>, step: "main" | "post" = "main") => {
    for (const name of Object.keys(process.env)) if (name.startsWith("INPUT_")) delete process.env[name];
    for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
    return readInputs("/nonexistent-workspace", step);
  };

  test("auth takes api_key or oidc (any case, api-key too); anything else names the input and the values", () => {
    expect(read({ auth: "OIDC" }).auth).toBe("oidc");
    expect(read({ auth: "api-key" }).auth).toBe("api_key");
    expect(read({}).auth).toBeUndefined();
    expect(refused(() => read({ auth: "token" }))).toBe(
      'input auth: expected api_key or oidc (or nothing: api_key when api_key is set, else oidc when the job has permissions id-token: write), got "token"',
    );
  });

  test("auth: oidc with api_key set: the key is dropped (never sent), with a notice in the main step only", () => {
    const main = read({ auth: "oidc", api_key: KEY, api_url: API });
    expect(main.apiKey).toBeUndefined();
    expect(written.join("")).toContain(
      "::notice::jux: input api_key is ignored: input auth is oidc (the job's OIDC token is sent instead)",
    );
    written = [];
    expect(read({ auth: "oidc", api_key: KEY, api_url: API }, "post").apiKey).toBeUndefined();
    expect(written.join("")).not.toContain("::notice::");
  });

  test("oidc_audience is one printable line", () => {
    expect(read({ oidc_audience: " https://jux.example.com " }).oidcAudience).toBe("https://jux.example.com");
    expect(refused(() => read({ oidc_audience: "a\u0007b" }))).toContain(
      "input oidc_audience: expected one line",
    );
  });
});

describe("requestIdToken: the runner's ID-token endpoint", () => {
  test("GET with the audience added to the runner's query and the request token as Bearer; the token masked", async () => {
    const server = await startScriptedServer({ status: 200, body: { count: 1, value: TOKEN } });
    const endpoint = { url: `${server.url}/idtoken?api-version=2.0`, token: "req-secret" };
    const token = await requestIdToken({ endpoint, audience: "https://jux.example.com", timeoutMs: 5000 });
    expect(token).toBe(TOKEN);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: "GET",
      url: "/idtoken?api-version=2.0&audience=https%3A%2F%2Fjux.example.com",
    });
    expect(server.requests[0]!.headers.authorization).toBe("Bearer req-secret");
    expect(written).toContain(`::add-mask::${TOKEN}\n`);
  });

  test("a refusal (401) is not retried and says the permission to add", async () => {
    const server = await startScriptedServer({ status: 401, body: { message: "bad token" } });
    const endpoint = { url: `${server.url}/idtoken?api-version=2.0`, token: "req-secret" };
    await expect(requestIdToken({ endpoint, audience: "aud", timeoutMs: 5000 })).rejects.toThrow(
      "no OIDC token for audience aud: the runner refused the request (HTTP 401): the job needs `permissions: id-token: write`",
    );
    expect(server.requests).toHaveLength(1);
  });

  test("a 500 or a hang is retried, three attempts in all, each within its deadline", async () => {
    const server = await startScriptedServer({ status: 503 });
    server.script("hang");
    const endpoint = { url: `${server.url}/idtoken?api-version=2.0`, token: "t" };
    const sleeps: number[] = [];
    const sleep = (ms: number) => {
      sleeps.push(ms);
      return Promise.resolve();
    };
    const started = Date.now();
    await expect(requestIdToken({ endpoint, audience: "aud", timeoutMs: 300, sleep })).rejects.toThrow(
      "no OIDC token for audience aud: the endpoint answered 503",
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([1000, 2000]);
  });

  test("an answer without a JWT value, or a redirect, gives no token", async () => {
    const server = await startScriptedServer();
    const endpoint = { url: `${server.url}/idtoken?api-version=2.0`, token: "t" };
    for (const behaviour of [
      { status: 200, body: { value: "not a jwt" } },
      { status: 200, body: "[]" },
      { status: 302, headers: { location: "https://elsewhere.example/" } },
    ]) {
      server.script(behaviour);
      await expect(requestIdToken({ endpoint, audience: "aud", timeoutMs: 5000 })).rejects.toThrow(
        /the endpoint answered (200|302) without a token/,
      );
    }
    expect(server.requests).toHaveLength(3);
  });

  test("the runner's URL keeps its query; a URL without one gets it", () => {
    expect(idTokenUrl({ url: "https://r.example/p?api-version=2.0", token: "t" }, "a b")).toBe(
      "https://r.example/p?api-version=2.0&audience=a+b",
    );
    expect(idTokenUrl({ url: "https://r.example/p", token: "t" }, "x")).toBe(
      "https://r.example/p?audience=x",
    );
    expect(() => idTokenUrl({ url: "not a url", token: "t" }, "x")).toThrow(
      "ACTIONS_ID_TOKEN_REQUEST_URL is not a URL",
    );
  });
});

describe("what the post step reports of the auth", () => {
  const oidc: Auth = {
    kind: "oidc",
    audience: "https://jux.example.com",
    endpoint: { url: "u", token: "t" },
  };
  const run = (status?: number): ModeResult => ({
    mode: "cache",
    results: [
      {
        id: "junit.xml",
        hash: "1".repeat(64),
        stored: true,
        outcome: status
          ? { kind: "rejected", status, error: "OIDC token refused: audience", retained: true }
          : { kind: "published", testRunId: "r1" },
      },
    ],
    earlier: [],
    quarantined: [],
    ok: status === undefined,
  });
  const env = { GITHUB_REPOSITORY: "octo/jux-demo", GITHUB_REF: "refs/heads/main" };

  test("a 401 with an OIDC token gets a hint naming the audience and the subject to allow", () => {
    const r = authReport(oidc, { run: run(401) }, env);
    expect(r.notes).toEqual([
      "the server refused the job's OIDC token: its --oidc-audience must be https://jux.example.com (or set oidc_audience to the one it expects), its --oidc-issuer GitHub's, and its --oidc-allow must admit this job (e.g. repo:octo/jux-demo:ref:refs/heads/main); the reports wait in the queue until it does",
    ]);
    expect(authReport(oidc, { run: run() }, env).notes).toEqual([]);
    expect(authReport({ kind: "none" }, { run: run(401) }, env).notes[0]).toContain(
      "no credentials were sent: the job cannot request an OIDC token",
    );
    expect(authReport({ kind: "api_key" }, { run: run(401) }, env).notes).toEqual([]);
  });

  test("no token to be had fails the step, even in cache mode where the reports wait queued", () => {
    const r = authReport(oidc, { run: run(), tokenProblem: "no OIDC token for audience a: x" }, env);
    const m = { dir: "/r", mode: "cache" as const, reports: [], failed: [] };
    expect(failure(m, { run: run(), auth: r })).toBe("auth oidc: no OIDC token for audience a: x");
    expect(failure(m, { run: run(), auth: authReport(oidc, { run: run() }, env) })).toBeUndefined();
  });

  test("the summary says the auth and the queue", () => {
    const text = renderSummary({
      mode: "cache",
      rows: [],
      publishing: { auth: describeAuth(oidc), queue: "the Actions cache, keys jux-queue-…" },
      notes: [],
    });
    expect(text).toContain(
      // The URL is not made a link (a word joiner after its scheme, as every cell of the summary).
      "Published with auth oidc (GitHub's OIDC token, audience https:\u2060//jux.example.com); offline queue: the Actions cache, keys jux-queue-….",
    );
    expect(
      renderSummary({
        mode: "api",
        rows: [],
        publishing: { auth: "api_key (the api_key input)" },
        notes: [],
      }),
    ).toContain("Published with auth api_key (the api_key input); no offline queue.");
  });
});

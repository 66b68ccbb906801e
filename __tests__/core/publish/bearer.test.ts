/**
 * Short-lived bearer tokens (the action's OIDC tokens): when a token is asked for, reused, renewed; and the client
 * sending them to a real loopback server: a refused token renewed once, the token never echoed back.
 */
import { afterAll, describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { jwtExpiry, RenewedTokens, RENEW_MARGIN_MS } from "../../../src/core/publish/bearer.js";
import { JuxClient } from "../../../src/core/publish/client.js";
import { publishBatch } from "../../../src/core/publish/batch.js";
import { closeAll, startScriptedServer } from "../../helpers/scripted-server.js";

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
/** An unsigned JWT-shaped token expiring at `exp` (seconds), told apart by `n`. */
const jwt = (exp: number | undefined, n = 0) =>
  `${b64({ alg: "RS256", typ: "JWT" })}.${b64({ ...(exp !== undefined ? { exp } : {}), n, sub: "repo:o/r:ref:refs/heads/main" })}.c2lnbmF0dXJl${n}`;

afterAll(closeAll);

describe("jwtExpiry reads exp without verifying", () => {
  test("exp in ms; none, not a number, not JSON or not a JWT: undefined", () => {
    expect(jwtExpiry(jwt(1_900_000_000))).toBe(1_900_000_000_000);
    expect(jwtExpiry(jwt(undefined))).toBeUndefined();
    expect(jwtExpiry(`${b64({})}.${b64({ exp: "soon" })}.x`)).toBeUndefined();
    expect(jwtExpiry(`${b64({})}.bm90IGpzb24.x`)).toBeUndefined();
    expect(jwtExpiry("opaque-token")).toBeUndefined();
    expect(jwtExpiry(`${b64({})}.${b64(null)}.x`)).toBeUndefined();
  });
});

/** Tokens from a counter, expiring `lifetime` s after the fake clock's now. */
function source(lifetimeS: number | null = 300) {
  let clock = 1_800_000_000_000;
  let asked = 0;
  const tokens = new RenewedTokens(
    () => Promise.resolve(jwt(lifetimeS === null ? undefined : clock / 1000 + lifetimeS, ++asked)),
    { now: () => clock },
  );
  return { tokens, advance: (ms: number) => void (clock += ms), asked: () => asked };
}

describe("RenewedTokens", () => {
  test("one token is reused while over a minute of it is left, then a new one is asked for", async () => {
    const s = source(300);
    const first = await s.tokens.token();
    s.advance(300_000 - RENEW_MARGIN_MS - 1);
    expect(await s.tokens.token()).toBe(first);
    expect(s.asked()).toBe(1);
    s.advance(2);
    const second = await s.tokens.token();
    expect(second).not.toBe(first);
    expect(s.asked()).toBe(2);
    expect(s.tokens.requests).toBe(2);
  });

  test("a token without exp is reused until the server refuses it", async () => {
    const s = source(null);
    const first = await s.tokens.token();
    s.advance(24 * 3600_000);
    expect(await s.tokens.token()).toBe(first);
    expect(s.tokens.refused(first)).toBe(true);
    expect(await s.tokens.token()).not.toBe(first);
  });

  test("concurrent callers share one request", async () => {
    const s = source();
    const all = await Promise.all(Array.from({ length: 8 }, () => s.tokens.token()));
    expect(new Set(all).size).toBe(1);
    expect(s.asked()).toBe(1);
  });

  test("a failed request is final: later callers get the same error without asking again", async () => {
    let asked = 0;
    const tokens = new RenewedTokens(() => {
      asked++;
      return Promise.reject(new Error("no OIDC token: the endpoint answered 401"));
    });
    await expect(tokens.token()).rejects.toThrow("no OIDC token: the endpoint answered 401");
    await expect(tokens.token()).rejects.toThrow("no OIDC token: the endpoint answered 401");
    expect(asked).toBe(1);
    expect(tokens.problem).toBe("no OIDC token: the endpoint answered 401");
    expect(tokens.refused("x")).toBe(false);
  });

  test("a refused token is renewed once; the renewed one refused too is not (the server refuses this job's tokens)", async () => {
    const s = source();
    const first = await s.tokens.token();
    expect(s.tokens.refused(first)).toBe(true);
    // Another request refused with the same (old) token: a newer one is on its way, worth a try.
    expect(s.tokens.refused(first)).toBe(true);
    const renewed = await s.tokens.token();
    expect(s.asked()).toBe(2);
    expect(s.tokens.refused(renewed)).toBe(false);
    expect(await s.tokens.token()).toBe(renewed);
    expect(s.asked()).toBe(2);
  });

  test("once the server accepted a renewed token, a later refusal (a key rotated again) renews it again", async () => {
    const s = source();
    const first = await s.tokens.token();
    s.tokens.refused(first);
    const renewed = await s.tokens.token();
    s.tokens.accepted(renewed);
    expect(s.tokens.refused(renewed)).toBe(true);
    expect(await s.tokens.token()).not.toBe(renewed);
    expect(s.asked()).toBe(3);
  });
});

const REPORT = Buffer.from('<testsuite name="s" tests="1"><testcase name="t"/></testsuite>');
const hash = (i: number) => createHash("sha256").update(`bearer-${i}`).digest("hex");
const created = { status: 201, body: { test_run_id: "run-1", test_count: 1 } };

function client(url: string, tokens: RenewedTokens) {
  return new JuxClient({
    apiUrl: `${url}/api/v1`,
    bearer: tokens,
    maxRetries: 2,
    timeoutMs: 5000,
    sleep: () => Promise.resolve(),
    random: () => 0,
  });
}

describe("the client with a bearer source", () => {
  test("sends Authorization: Bearer <token> and no API key; a 401 gets one new token and one more request", async () => {
    const server = await startScriptedServer(created);
    const s = source();
    const c = client(server.url, s.tokens);
    server.script({ status: 401, body: { error: "token signed by an unknown key" } });
    const outcome = await c.publish(REPORT, hash(1));
    c.dispose();
    expect(outcome).toMatchObject({ outcome: "published", testRunId: "run-1" });
    const sent = server.requests.map((r) => r.headers.authorization);
    expect(sent).toEqual([`Bearer ${jwt(1_800_000_300, 1)}`, `Bearer ${jwt(1_800_000_300, 2)}`]);
    expect(server.requests.every((r) => r.headers["x-api-key"] === undefined)).toBe(true);
  });

  test("a renewed token refused too: rejected 401, two requests for the report and one for the next", async () => {
    const server = await startScriptedServer({ status: 401, body: { error: "audience mismatch" } });
    const s = source();
    const c = client(server.url, s.tokens);
    expect(await c.publish(REPORT, hash(1))).toMatchObject({ outcome: "rejected", status: 401 });
    expect(server.requests).toHaveLength(2);
    expect(await c.publish(REPORT, hash(2))).toMatchObject({ outcome: "rejected", status: 401 });
    c.dispose();
    expect(server.requests).toHaveLength(3);
    expect(s.asked()).toBe(2);
  });

  test("no token to be had: each report transient with the reason, nothing sent, the source asked once", async () => {
    const server = await startScriptedServer(created);
    let asked = 0;
    const tokens = new RenewedTokens(() => {
      asked++;
      return Promise.reject(new Error("no OIDC token for audience https://jux.example: add id-token: write"));
    });
    const c = client(server.url, tokens);
    const items = [1, 2, 3, 4, 5].map((i) => ({ id: `r${i}`, xml: REPORT, canonicalHash: hash(i) }));
    const outcomes = await publishBatch(c, items);
    c.dispose();
    expect([...outcomes.values()][0]).toEqual({
      outcome: "transient",
      reason: "no OIDC token for audience https://jux.example: add id-token: write",
      attempts: 0,
    });
    expect([...outcomes.values()].every((o) => o.outcome === "transient")).toBe(true);
    expect(server.requests).toHaveLength(0);
    expect(asked).toBe(1);
  });

  test("a token renewed before it expires, between reports of one batch", async () => {
    const server = await startScriptedServer(created);
    const s = source(90);
    const c = client(server.url, s.tokens);
    await c.publish(REPORT, hash(1));
    s.advance(31_000);
    await c.publish(REPORT, hash(2));
    c.dispose();
    const [a, b] = server.requests.map((r) => r.headers.authorization);
    expect(a).not.toBe(b);
    expect(s.asked()).toBe(2);
  });

  test("a server echoing the token back gets it blanked out of the outcome", async () => {
    const server = await startScriptedServer();
    const s = source();
    const token = jwt(1_800_000_300, 1);
    server.fallback = {
      status: 422,
      body: { error: `bad report from ${token}`, details: { [token]: token } },
    };
    const c = client(server.url, s.tokens);
    const outcome = await c.publish(REPORT, hash(1));
    c.dispose();
    expect(JSON.stringify(outcome)).not.toContain(token);
    expect(outcome).toMatchObject({ outcome: "rejected", status: 422, error: "bad report from ********" });
  });

  test("apiKey and bearer together are refused", () => {
    expect(
      () => new JuxClient({ apiUrl: "http://x/api/v1", apiKey: "k".repeat(8), bearer: source().tokens }),
    ).toThrow("give apiKey or bearer, not both");
  });
});

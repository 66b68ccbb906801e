/**
 * Item 4 of issue 11: the API key never follows a redirect. A server on one loopback port answers every
 * status of the 3xx class with a Location on a second, recording server: nothing (and no key, in
 * Authorization or X-API-Key) may reach the second one; the answer is a clear, immediate error naming the
 * Location; the report stays queued. In process (JuxClient) and through the committed bundle (jux publish).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import { JuxClient } from "../../src/core/publish/client.js";
import { SECRET, filesIn, jux, parsed, publishArgs, publishSuite, secretLeaks } from "../helpers/publish.js";
import { startScriptedServer, type ScriptedServer } from "../helpers/scripted-server.js";
import { API } from "../helpers/serve.js";

const HASH = createHash("sha256").update("client-redirect.test").digest("hex");
const REPORT = Buffer.from('<testsuite name="r" tests="1"><testcase classname="c" name="t"/></testsuite>\n');
const STATUSES = [301, 302, 303, 307, 308];
const HEADERS = ["Authorization", "X-API-Key"];
const TIMEOUT_MS = 10_000;

const suite = publishSuite({ name: "redirect" });
let target: ScriptedServer;

beforeAll(async () => {
  target = await startScriptedServer({ status: 201, body: { test_run_id: "stolen" } });
});

/** The redirecting server (the suite's scripted one) sends every request on to `target`. */
function redirectAll(status: number): string {
  const location = `${target.url}${API}/junit/submit`;
  suite.scripted.reset();
  suite.scripted.fallback = { status, headers: { Location: location }, body: "" };
  return location;
}

describe("JuxClient", () => {
  const clients: JuxClient[] = [];
  afterAll(() => clients.forEach((c) => c.dispose()));

  for (const status of STATUSES)
    for (const header of HEADERS)
      it(`${status} with the key in ${header}: not followed, the Location named, one request, no retry`, async () => {
        const location = redirectAll(status);
        target.reset();
        const client = new JuxClient({
          apiUrl: suite.scriptedUrl(),
          apiKey: SECRET,
          apiKeyHeader: header,
          timeoutMs: TIMEOUT_MS,
          maxRetries: 3,
          sleep: () => Promise.resolve(),
        });
        clients.push(client);
        const started = Date.now();
        const outcome = await client.publish(REPORT, HASH);
        const elapsed = Date.now() - started;
        expect(outcome).toEqual({
          outcome: "transient",
          status,
          attempts: 1,
          reason: expect.stringContaining(`the server redirects to ${location}`),
        });
        expect((outcome as { reason: string }).reason).toContain("set api_url to the final address");
        expect(elapsed).toBeLessThan(TIMEOUT_MS / 5);
        expect(suite.scripted.requests).toHaveLength(1);
        const sent = suite.scripted.requests[0]!.headers[header.toLowerCase()];
        expect(String(sent)).toContain(SECRET);
        expect(target.requests).toEqual([]);
      });

  it("a relative Location is named as the absolute address it resolves to", async () => {
    suite.scripted.reset();
    suite.scripted.fallback = { status: 308, headers: { Location: "/v2/submit" }, body: "" };
    const client = new JuxClient({ apiUrl: suite.scriptedUrl(), apiKey: SECRET, maxRetries: 0 });
    clients.push(client);
    const outcome = (await client.publish(REPORT, HASH)) as { reason: string };
    expect(outcome.reason).toContain(`the server redirects to ${suite.scripted.url}/v2/submit`);
  });

  it("a Location echoing a key with URL-special characters names neither the key nor its percent-encoded form", async () => {
    const key = 'sk live"key<1>';
    suite.scripted.reset();
    suite.scripted.fallback = {
      status: 302,
      headers: { Location: `https://elsewhere.invalid/submit?echo=${key}&again=${encodeURIComponent(key)}` },
      body: "",
    };
    const client = new JuxClient({ apiUrl: suite.scriptedUrl(), apiKey: key, maxRetries: 0 });
    clients.push(client);
    const outcome = (await client.publish(REPORT, HASH)) as { reason: string };
    expect(outcome.reason).toContain(
      "the server redirects to https://elsewhere.invalid/submit?echo=********",
    );
    expect(outcome.reason).not.toContain(key);
    expect(outcome.reason).not.toContain(encodeURIComponent(key));
    expect(outcome.reason).not.toContain("sk%20live");
  });
});

describe("jux publish (the committed bundle)", () => {
  for (const header of HEADERS)
    it(`cache mode, key in ${header}: exit 0, the report stays queued with the reason; nothing reaches the target`, async () => {
      const location = redirectAll(307);
      target.reset();
      const { base, reports } = await suite.setUp(1);
      const args = publishArgs({
        files: reports,
        mode: "cache",
        base,
        url: suite.scriptedUrl(),
        extra: ["--api-key-header", header, "--timeout", String(TIMEOUT_MS / 1000)],
      });
      const started = Date.now();
      const r = await jux(args, { env: { JUX_API_KEY: SECRET } });
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
      expect(r.code).toBe(0);
      const row = parsed(r).reports[0]!;
      expect(row.kind).toBe("queued");
      expect(row.reason).toContain(`the server redirects to ${location}`);
      expect(filesIn(base, "queue")).toEqual([`${reports[0]!.hash}.xml`]);
      expect(filesIn(base, "rejected")).toEqual([]);
      expect(target.requests).toEqual([]);
      // The push that follows keeps it queued too.
      const push = await jux(
        ["cache", "push", "--json", "--storage-path", base, "--api-url", suite.scriptedUrl()],
        {
          env: { JUX_API_KEY: SECRET, JUX_API_KEY_HEADER: header },
        },
      );
      expect(parsed(push).earlier.map((e) => e.kind)).toEqual(["queued"]);
      expect(filesIn(base, "queue")).toEqual([`${reports[0]!.hash}.xml`]);
      expect(target.requests).toEqual([]);
    });

  it("api mode: exit 1, the error names the Location", async () => {
    const location = redirectAll(301);
    target.reset();
    const { reports } = await suite.setUp(1);
    const args = publishArgs({ files: reports, mode: "api", url: suite.scriptedUrl(), json: false });
    const r = await jux([...args, "--api-key-header", "X-API-Key"], { env: { JUX_API_KEY: SECRET } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`failed: the server redirects to ${location}`);
    expect(target.requests).toEqual([]);
  });

  it("the key appears in no output or file", () => {
    expect(secretLeaks(SECRET, suite.dirs)).toEqual([]);
  });
});

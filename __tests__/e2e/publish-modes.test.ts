/**
 * The storage modes' contract, one test per cell of (local | api | both | cache) × (server up | down |
 * refusing), through the committed bundle: `jux publish --json` as its own process, real fixture reports
 * signed with a key made by `jux keygen`, a real `jux serve` (that wants the API key), a port with nothing
 * listening, and a scripted server that refuses with 422 {error, details, suggestions}.
 */
import { describe, expect, test } from "@jest/globals";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SECRET, cachePush, jux, publishArgs, publishSuite } from "../helpers/publish.js";
import { expectLineOriented, filesIn, parsed, secretLeaks, storedBytes } from "../helpers/publish.js";
import type { ReportRow, Run, Signed } from "../helpers/publish.js";
import { request } from "../helpers/serve.js";

type Mode = "local" | "api" | "both" | "cache";
type State = "up" | "down" | "refusing";

const REFUSAL = {
  error: "Report refused",
  details: { message: "the signature is not by a trusted key", field: "Signature" },
  suggestions: ["Sign with a key the server trusts", "See jux serve --trust"],
};

/** jux serve wants the API key; the scripted server refuses with 422 REFUSAL unless scripted otherwise. */
const suite = publishSuite({
  name: "modes",
  serve: ["--token", SECRET],
  fallback: { status: 422, body: REFUSAL },
});
const { setUp, runsOf } = suite;
const server = () => suite.server;
const refusing = () => suite.scripted;

function urlOf(state: State): string {
  return state === "up" ? suite.serveUrl() : state === "down" ? suite.deadUrl : suite.scriptedUrl();
}

async function publish(
  mode: Mode,
  state: State,
  base: string,
  reports: Signed[],
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  refusing().reset();
  const limits = ["--max-retries", "1", "--timeout", "10"];
  return jux(publishArgs({ files: reports, mode, base, url: urlOf(state), extra: [...limits, ...extra] }), {
    env: { JUX_API_KEY: SECRET, ...env },
  });
}

/** The exact bytes jux serve keeps for a run. */
async function bytesOf(runId: string): Promise<Buffer> {
  const reply = await request(`${server().url}/runs/${runId}/report.xml`);
  expect(reply.status).toBe(200);
  return reply.bytes;
}

function only(rows: ReportRow[]): ReportRow {
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

const file = (hash: string) => `${hash}.xml`;

function expectAreas(
  base: string,
  hash: string,
  where: { reports: boolean; queue: boolean; rejected: boolean },
): void {
  expect({
    reports: filesIn(base, "reports").includes(file(hash)),
    queue: filesIn(base, "queue").includes(file(hash)),
    rejected: filesIn(base, "rejected").includes(file(hash)),
  }).toEqual(where);
  expect(filesIn(base, "quarantine")).toEqual([]);
}

/** Exit 1, the one report stored and rejected with REFUSAL (422), after one request: not retried. */
function expectStoredRefusal(r: Run): void {
  expect(r.code).toBe(1);
  expect(only(parsed(r).reports)).toMatchObject({ stored: true, kind: "rejected", status: 422, ...REFUSAL });
  expect(refusing().requests).toHaveLength(1);
}

/** The connection refusal as the client words it (never a stack, never the key). */
const REFUSED = /cannot reach the server: .*ECONNREFUSED/;

describe("local: store only, no network", () => {
  test("server up: stored, exit 0, the server is never asked", async () => {
    const { base, reports, project } = await setUp();
    const r = await publish("local", "up", base, reports);
    expect(r.code).toBe(0);
    const out = parsed(r);
    expect(out).toMatchObject({ mode: "local", ok: true, earlier: [], quarantined: [] });
    expect(only(out.reports)).toMatchObject({ hash: reports[0]!.hash, stored: true, kind: "stored" });
    expectAreas(base, reports[0]!.hash, { reports: true, queue: false, rejected: false });
    expect(storedBytes(base, "reports", reports[0]!.hash)).toEqual(reports[0]!.bytes);
    expect(await runsOf(project)).toEqual([]);
    expect(
      server()
        .requests()
        .filter((l) => l.startsWith("POST")),
    ).toEqual([]);
  });

  test("server down: stored, exit 0, no error about the server", async () => {
    const { base, reports } = await setUp();
    const r = await publish("local", "down", base, reports);
    expect(r.code).toBe(0);
    expect(only(parsed(r).reports)).toMatchObject({ kind: "stored", stored: true });
    expect(r.stderr).toBe("");
    expectAreas(base, reports[0]!.hash, { reports: true, queue: false, rejected: false });
  });

  test("server refusing: stored, exit 0, not one request sent", async () => {
    const { base, reports } = await setUp();
    const r = await publish("local", "refusing", base, reports);
    expect(r.code).toBe(0);
    expect(only(parsed(r).reports)).toMatchObject({ kind: "stored", stored: true });
    expect(refusing().requests).toHaveLength(0);
    expectAreas(base, reports[0]!.hash, { reports: true, queue: false, rejected: false });
  });
});

describe("api: publish only; the run fails when a report is not published", () => {
  test("server up: published with the server's test run id, exit 0, nothing stored", async () => {
    const { base, reports, project } = await setUp();
    const r = await publish("api", "up", base, reports);
    expect(r.code).toBe(0);
    const row = only(parsed(r).reports);
    expect(row).toMatchObject({ hash: reports[0]!.hash, stored: false, kind: "published" });
    const held = await runsOf(project);
    expect(held.map((h) => h.id)).toEqual([row.testRunId]);
    expect(await bytesOf(row.testRunId!)).toEqual(reports[0]!.bytes);
    expect(existsSync(base)).toBe(false);
  });

  test("server down: failed with the reason, exit 1, nothing stored", async () => {
    const { base, reports } = await setUp();
    const r = await publish("api", "down", base, reports);
    expect(r.code).toBe(1);
    const out = parsed(r);
    expect(out.ok).toBe(false);
    const row = only(out.reports);
    expect(row).toMatchObject({ kind: "failed", stored: false });
    expect(row.reason).toMatch(REFUSED);
    expect(existsSync(base)).toBe(false);
  });

  test("server refusing: rejected with error, details and suggestions, exit 1, not retried", async () => {
    const { base, reports } = await setUp();
    const r = await publish("api", "refusing", base, reports);
    expect(r.code).toBe(1);
    expect(only(parsed(r).reports)).toEqual({
      file: reports[0]!.path,
      hash: reports[0]!.hash,
      stored: false,
      kind: "rejected",
      status: 422,
      ...REFUSAL,
    });
    expect(refusing().requests).toHaveLength(1);
    expect(existsSync(base)).toBe(false);
  });
});

describe("both: store and publish; the run fails if either fails", () => {
  test("server up: stored and published, exit 0, the server holds it once", async () => {
    const { base, reports, project } = await setUp();
    const r = await publish("both", "up", base, reports);
    expect(r.code).toBe(0);
    const row = only(parsed(r).reports);
    expect(row).toMatchObject({ stored: true, kind: "published" });
    expect((await runsOf(project)).map((h) => h.id)).toEqual([row.testRunId]);
    expectAreas(base, reports[0]!.hash, { reports: true, queue: false, rejected: false });
  });

  test("server down: stored but not published, exit 1, not queued", async () => {
    const { base, reports } = await setUp();
    const r = await publish("both", "down", base, reports);
    expect(r.code).toBe(1);
    const row = only(parsed(r).reports);
    expect(row).toMatchObject({ stored: true, kind: "failed" });
    expect(row.reason).toMatch(REFUSED);
    expectAreas(base, reports[0]!.hash, { reports: true, queue: false, rejected: false });
  });

  test("server refusing: stored, rejected with the server's reasons, exit 1", async () => {
    const { base, reports } = await setUp();
    const r = await publish("both", "refusing", base, reports);
    expectStoredRefusal(r);
    expectAreas(base, reports[0]!.hash, { reports: true, queue: false, rejected: false });
  });
});

describe("cache: store, publish what can be, queue the rest; never fails because the server is away", () => {
  test("server up: stored and published, exit 0, the queue is empty", async () => {
    const { base, reports, project } = await setUp(2);
    const r = await publish("cache", "up", base, reports);
    expect(r.code).toBe(0);
    const out = parsed(r);
    expect(out.reports.map((x) => x.kind)).toEqual(["published", "published"]);
    expect(out.reports.every((x) => x.stored)).toBe(true);
    expect((await runsOf(project)).map((h) => h.id).sort()).toEqual(
      out.reports.map((x) => x.testRunId).sort(),
    );
    for (const rep of reports) expectAreas(base, rep.hash, { reports: true, queue: false, rejected: false });
    expect(filesIn(base, "queue")).toEqual([]);
  });

  test("server down: exit 0, every report queued with the reason; a later jux cache push publishes and empties the queue", async () => {
    const { base, reports, project } = await setUp(2);
    const r = await publish("cache", "down", base, reports);
    expect(r.code).toBe(0);
    const out = parsed(r);
    expect(out.ok).toBe(true);
    for (const row of out.reports) {
      expect(row).toMatchObject({ stored: true, kind: "queued" });
      expect(row.reason).toMatch(REFUSED);
    }
    for (const rep of reports) {
      expectAreas(base, rep.hash, { reports: true, queue: true, rejected: false });
      expect(storedBytes(base, "queue", rep.hash)).toEqual(rep.bytes);
    }

    const push = await cachePush(base, urlOf("up"), { extra: ["--max-retries", "1"] });
    expect(push.code).toBe(0);
    const pushed = parsed(push);
    expect(pushed.reports).toEqual([]);
    expect(pushed.earlier.map((e) => [e.hash, e.kind]).sort()).toEqual(
      reports.map((rep) => [rep.hash, "published"]).sort(),
    );
    expect(filesIn(base, "queue")).toEqual([]);
    expect(filesIn(base, "reports").sort()).toEqual(reports.map((rep) => file(rep.hash)).sort());
    const held = await runsOf(project);
    expect(held.map((h) => h.id).sort()).toEqual(pushed.earlier.map((e) => e.testRunId).sort());
    for (const e of pushed.earlier)
      expect(await bytesOf(e.testRunId!)).toEqual(reports.find((rep) => rep.hash === e.hash)!.bytes);

    // Nothing left to do: a second push sends nothing and succeeds.
    const again = await cachePush(base, urlOf("up"));
    expect(again.code).toBe(0);
    expect(parsed(again).earlier).toEqual([]);
    expect(await runsOf(project)).toHaveLength(2);
  });

  test("server refusing: exit 1, the report is kept and moved to rejected/ with the server's reason, never resent", async () => {
    const { base, reports } = await setUp();
    const hash = reports[0]!.hash;
    const r = await publish("cache", "refusing", base, reports);
    expectStoredRefusal(r);
    expectAreas(base, hash, { reports: true, queue: false, rejected: true });
    expect(storedBytes(base, "rejected", hash)).toEqual(reports[0]!.bytes);
    const reason = JSON.parse(readFileSync(join(base, "rejected", `${hash}.reason.json`), "utf8"));
    expect(reason).toMatchObject({ status: 422, ...REFUSAL, at: expect.any(String) });

    refusing().reset();
    const push = await cachePush(base, urlOf("refusing"));
    expect(push.code).toBe(0);
    expect(parsed(push).earlier).toEqual([]);
    expect(refusing().requests).toHaveLength(0);
  });
});

describe("around the table", () => {
  test("cache: the next run publishes the earlier runs' queue first, then its own report", async () => {
    const { base, reports, project } = await setUp(2);
    const [first, second] = reports as [Signed, Signed];
    expect((await publish("cache", "down", base, [first])).code).toBe(0);
    expect(filesIn(base, "queue")).toEqual([file(first.hash)]);
    // One request at a time, so the order in which the reports reach the server is the order they are sent.
    const r = await publish("cache", "up", base, [second], ["--timeout", "10"], {
      JUX_PUBLISH_CONCURRENCY: "1",
    });
    expect(r.code).toBe(0);
    const out = parsed(r);
    expect(only(out.reports)).toMatchObject({ hash: second.hash, kind: "published" });
    expect(only(out.earlier)).toMatchObject({
      file: `queue/${file(first.hash)}`,
      hash: first.hash,
      kind: "published",
    });
    expect(filesIn(base, "queue")).toEqual([]);
    const held = await runsOf(project);
    expect(held).toHaveLength(2);
    // Newest first: the queued report reached the server before this run's own.
    expect(held.map((h) => h.id)).toEqual([out.reports[0]!.testRunId, out.earlier[0]!.testRunId]);
  });

  test("api: one published and one refused is a partial run, exit 2", async () => {
    const { base, reports } = await setUp(2);
    refusing().reset();
    refusing().script({ status: 201, body: { test_run_id: "11111111-2222-4333-8444-555555555555" } });
    const r = await jux(publishArgs({ files: reports, mode: "api", url: urlOf("refusing") }), {
      env: { JUX_API_KEY: SECRET, JUX_PUBLISH_CONCURRENCY: "1", JUX_STORAGE_PATH: base },
    });
    expect(r.code).toBe(2);
    expect(parsed(r).reports.map((x) => x.kind)).toEqual(["published", "rejected"]);
    expect(refusing().requests).toHaveLength(2);
  });

  test("a wrong API key is refused for good by jux serve (403): exit 1, not retried, the key never shown", async () => {
    const { base, reports } = await setUp();
    const wrong = `${SECRET}-wrong`;
    const before = server().requests().length;
    const r = await jux(publishArgs({ files: reports, mode: "both", base, url: urlOf("up") }), {
      env: { JUX_API_KEY: wrong },
    });
    expect(r.code).toBe(1);
    expect(only(parsed(r).reports)).toMatchObject({ kind: "rejected", status: 403, stored: true });
    await server().waitForLog(() => server().requests().length > before);
    expect(server().requests().slice(before)).toEqual([
      expect.stringMatching(/^POST \/api\/v1\/junit\/submit 403 /),
    ]);
    expect(r.stdout + r.stderr).not.toContain(wrong);
  });

  test("no API key at all: jux serve answers 401, the report is rejected (exit 1) and stays in reports/", async () => {
    const { base, reports } = await setUp();
    const r = await jux(publishArgs({ files: reports, mode: "both", base, url: urlOf("up") }));
    expect(r.code).toBe(1);
    expect(only(parsed(r).reports)).toMatchObject({
      kind: "rejected",
      status: 401,
      error: "Authentication required",
    });
    expectAreas(base, reports[0]!.hash, { reports: true, queue: false, rejected: false });
  });

  test("a server that echoes the key back in its 401 and 422 bodies does not make jux print or keep it", async () => {
    const { base, reports } = await setUp(2);
    refusing().reset();
    refusing().script(
      {
        status: 401,
        body: {
          error: `bad token Bearer ${SECRET}`,
          details: { token: SECRET },
          suggestions: [`not ${SECRET}`],
        },
      },
      { status: 422, body: { error: `refused for key ${SECRET}`, details: { nested: { key: [SECRET] } } } },
    );
    const args = { mode: "cache", base, url: urlOf("refusing") };
    const env = { JUX_API_KEY: SECRET, JUX_PUBLISH_CONCURRENCY: "1" };
    const r = await jux(publishArgs({ ...args, files: reports }), { env });
    expect(r.code).toBe(1);
    const out = parsed(r);
    expect(out.reports.map((x) => [x.kind, x.status])).toEqual([
      ["rejected", 401],
      ["rejected", 422],
    ]);
    expect(out.reports[0]!.error).toMatch(/^bad token Bearer \S+$/);
    expect(filesIn(base, "rejected")).toHaveLength(2); // the 422's report and its reason
    expect(filesIn(base, "queue")).toEqual([`${out.reports[0]!.hash}.xml`]); // a 401 keeps it queued
    refusing().reset();
    refusing().script({ status: 401, body: { error: `bad token ${SECRET}` } });
    const { reports: more } = await setUp(1);
    const text = await jux(publishArgs({ ...args, files: more, json: false }), { env });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain("rejected by the server (401): bad token");
    expect(secretLeaks(SECRET, [base])).toEqual([]);
  });

  test("without --json the outcomes are one plain line each, refusals on stderr with the server's reason and suggestions", async () => {
    const { base, reports } = await setUp();
    refusing().reset();
    const r = await jux(
      publishArgs({ files: reports, mode: "cache", base, url: urlOf("refusing"), json: false }),
      {
        env: { JUX_API_KEY: SECRET },
      },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `${reports[0]!.path}: rejected by the server (422): Report refused: the signature is not by a trusted key ` +
        `(Sign with a key the server trusts; See jux serve --trust) sha256:${reports[0]!.hash.slice(0, 12)}\n`,
    );
    expectLineOriented(r.stderr);
  });

  test("usage errors: no report and no --queue; a mode that needs api_url without one", async () => {
    const none = await jux(["publish"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      "jux publish: give reports (files, a directory or a quoted pattern, or -f FILE), or --queue to publish the offline queue (see jux publish --help)",
    );
    const { reports } = await setUp();
    const noUrl = await jux(publishArgs({ files: reports, mode: "api", json: false }));
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain(
      "jux publish: storage mode api needs api_url (--api-url, JUX_API_URL or a config file)",
    );
  });
});

describe("last", () => {
  test("secret scan: the API key is in no output of any run above, nor in any file of the stores", () => {
    expect(suite.stores.length).toBeGreaterThan(15);
    expect(secretLeaks(SECRET, suite.stores, [["the jux serve log", server().log()]])).toEqual([]);
  });
});

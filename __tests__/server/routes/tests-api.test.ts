/** The per-test routes in process (src/server/routes/tests-api.ts) over a real Store, on each backend. */
import { describe, expect, it } from "@jest/globals";
import { HttpError } from "../../../src/server/http/errors.js";
import { ingest } from "../../../src/server/ingest.js";
import { api } from "../../../src/server/routes/api.js";
import type { Store } from "../../../src/server/store.js";
import { commitSubmission } from "../../../src/server/submission.js";
import { report, type ReportSpec } from "../../helpers/insight.js";
import { BACKENDS } from "../../helpers/postgres.js";
import { testStores } from "../../helpers/server-store.js";

const stores = testStores("jux-tests-api-");

async function put(store: Store, spec: ReportSpec): Promise<string> {
  const ingested = await ingest(report(spec), { trusted: [], requireSignature: false });
  return (await commitSubmission(store, ingested, undefined, "1970-01-01T00:00:00.000Z")).runId!;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function get(store: Store, pathWithQuery: string): Promise<{ status: number; body: any }> {
  const [path, query = ""] = pathWithQuery.split("?");
  try {
    return await api(store, path!, new URLSearchParams(query));
  } catch (e) {
    if (e instanceof HttpError) return { status: e.status, body: e.body };
    throw e;
  }
}

describe.each(BACKENDS)("per-test routes (%s)", (backend) => {
  it("a baseline for a job no run names falls back to the newest run naming no job, never another job's", async () => {
    const store = await stores.open(backend);
    const noJob = await put(store, { project: "p", branch: "main", cases: [{ name: "a" }] });
    await put(store, { project: "p", branch: "main", runId: "1", job: "lint", cases: [{ name: "l" }] });
    const b = await get(store, "/baseline?project=p&branch=main&job=test");
    expect(b.status).toBe(200);
    expect(b.body.test_runs.map((r: { id: string }) => r.id)).toEqual([noJob]);
    expect(b.body.workflow_run).toBeNull();
    expect(b.body.tests).toEqual([
      expect.objectContaining({ name: "a", outcome: "passed", key: expect.stringMatching(/^[0-9a-f]{32}$/) }),
    ]);
    expect(b.body.tests[0]).not.toHaveProperty("failure");
  });

  it("matrix legs named by the action (jux:leg) are jobs of their own: each leg's baseline is that leg", async () => {
    const store = await stores.open(backend);
    const ubuntu = await put(store, {
      project: "p",
      branch: "main",
      runId: "5",
      job: "test",
      leg: "ubuntu",
      cases: [{ name: "u" }],
    });
    const mac = await put(store, {
      project: "p",
      branch: "main",
      runId: "5",
      job: "test",
      leg: "macos",
      cases: [{ name: "m" }],
    });
    const legOf = async (job: string) =>
      (await get(store, `/baseline?project=p&branch=main&job=${encodeURIComponent(job)}`)).body;
    expect((await legOf("test (ubuntu)")).test_runs.map((r: { id: string }) => r.id)).toEqual([ubuntu]);
    expect((await legOf("test (macos)")).tests.map((t: { name: string }) => t.name)).toEqual(["m"]);
    expect((await store.workflowLegs(ubuntu)).map((r) => r.id)).toEqual([ubuntu, mac]);
  });

  it("a run compared with itself changes nothing; names with markup stay data", async () => {
    const store = await stores.open(backend);
    const id = await put(store, {
      project: "p",
      branch: "main",
      cases: [{ name: `<img src=x onerror="alert(1)">`, outcome: "failed", message: `"quoted" & <b>` }],
    });
    const c = (await get(store, `/test_runs/${id}/compare?with=${id}`)).body;
    expect(c.counts).toEqual({ new_failures: 0, fixed: 0, still_failing: 1, added: 0, removed: 0 });
    expect(c.still_failing[0]).toMatchObject({
      name: `<img src=x onerror="alert(1)">`,
      failure_message: `"quoted" & <b>`,
      before: "failed",
    });
  });

  it("refuses hostile parameters with the contract's error shape and a way out", async () => {
    const store = await stores.open(backend);
    const cases: [string, number, RegExp][] = [
      ["/tests", 400, /project/],
      [`/tests?project=${"x".repeat(1001)}`, 400, /1 to 1000/],
      ["/tests?project=p&window=0", 400, /window/],
      ["/tests?project=p&sort=random", 400, /sort/],
      ["/tests?project=p&per_page=1000000", 400, /per_page/],
      ["/tests/../../etc/passwd/history", 404, /There is no/],
      [`/tests/${"f".repeat(32)}/history`, 404, /No stored result/],
      ["/test_runs/%27%3B--/tests", 404, /No test run/],
      ["/baseline?project=p", 400, /branch/],
    ];
    for (const [path, status, message] of cases) {
      const r = await get(store, path);
      expect([path, r.status]).toEqual([path, status]);
      expect(r.body.details.message).toMatch(message);
    }
    expect((await get(store, "/tests?project=nothing-stored")).body).toMatchObject({
      tests: [],
      pagination: { total_count: 0 },
    });
  });
});

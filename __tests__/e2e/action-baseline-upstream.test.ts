/**
 * The Actions-cache baseline through the committed bundles when api_url names a Jux API that cannot be the
 * baseline: an upstream Jux server (no /baseline route) or one that cannot be reached. The push keeps its tests in
 * the cache all the same and the pull request is compared with them; the reports are kept as the artifact before
 * the baseline is even asked for. A job on main run by another event (workflow_run: it may handle a fork's
 * reports) keeps nothing, and says so.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from "@jest/globals";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { API_KEY, PASSPHRASE, e2e, expectSuccess, key, run, service } from "../helpers/action-env.js";
import type { JobRun } from "../helpers/runner.js";
import { tempDir } from "../helpers/serve.js";

jest.setTimeout(300_000);
e2e();

/** An upstream Jux server as far as the baseline goes: 404 Not Found. It notes the artifacts kept by then. */
let upstream: HttpServer;
let upstreamUrl: string;
const artifactsAtBaseline: string[][] = [];
beforeAll(async () => {
  upstream = createServer((req, res) => {
    if (req.url?.startsWith("/api/v1/baseline"))
      artifactsAtBaseline.push(service.artifacts().map((a) => `${a.id}`));
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: "Not Found", message: "There is no GET /api/v1/baseline endpoint" }));
  });
  upstream.listen(0, "127.0.0.1");
  await once(upstream, "listening");
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
  upstream?.close();
});

function eventFile(payload: unknown): string {
  const path = join(tempDir("jux-event-"), "event.json");
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

function report(outcomes: Record<string, "passed" | "failed">): string {
  const cases = Object.entries(outcomes)
    .map(
      ([name, outcome]) =>
        `<testcase classname="tests.test_app" name="${name}" time="0.010">${
          outcome === "failed" ? `<failure message="assert False">assert False</failure>` : ""
        }</testcase>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?><testsuite name="pytest" tests="2">${cases}</testsuite>\n`;
}

const PASSING = report({ test_a: "passed", test_b: "passed" });
const BROKEN = report({ test_a: "failed", test_b: "passed" });

async function job(
  o: { runId: number; pull?: boolean; project: string; apiUrl: string; event?: string },
  xml: string,
): Promise<JobRun> {
  const event = o.pull
    ? eventFile({
        number: 3,
        pull_request: {
          number: 3,
          head: { ref: "feature", repo: { full_name: "octo/jux-demo" } },
          base: { ref: "main", repo: { full_name: "octo/jux-demo" } },
        },
        repository: { default_branch: "main" },
      })
    : eventFile({ repository: { default_branch: "main" } });
  return run(service, {
    job: o.pull
      ? { runId: o.runId, job: "test", ref: "refs/pull/3/merge", baseRef: "refs/heads/main" }
      : { runId: o.runId, job: "test" },
    inputs: {
      report_paths: "reports/*.xml",
      // The reports stay in the artifact: the upstream double only plays the baseline's part.
      storage_mode: "local",
      api_url: o.apiUrl,
      api_key: API_KEY,
      signing_key: key.encryptedPem,
      signing_key_passphrase: PASSPHRASE,
      project: o.project,
    },
    files: { "reports/junit.xml": xml },
    env: { GITHUB_EVENT_PATH: event, ...(o.event ? { GITHUB_EVENT_NAME: o.event } : {}) },
  });
}

const entriesOf = (runId: number) =>
  service.caches().filter((c) => c.key.startsWith("jux-tests-v1-") && c.key.endsWith(`-${runId}-1`));

describe("a Jux API that cannot be the baseline leaves the Actions cache as the baseline", () => {
  test("an upstream Jux server (no baseline route): the push keeps its tests, the pull request compares with them", async () => {
    const push = await job({ runId: 9301, project: "upstream", apiUrl: upstreamUrl }, PASSING);
    expectSuccess(push);
    expect(entriesOf(9301).map((c) => c.ref)).toEqual(["refs/heads/main"]);
    const pr = await job({ runId: 9302, pull: true, project: "upstream", apiUrl: upstreamUrl }, BROKEN);
    expectSuccess(pr);
    expect(pr.outputs.baseline).toMatch(
      /^main at [0-9a-f]{7} \(2 tests, run 9301\) from the Actions cache \(the Jux API at http:\/\/127\.0\.0\.1:\d+\/api\/v1\/baseline has no baseline route \(HTTP 404; a server without it, such as an upstream Jux server\)\)$/,
    );
    expect(pr.outputs).toMatchObject({ new_failures: "1", fixed: "0" });
    // A pull request keeps nothing, and says why.
    expect(entriesOf(9302)).toEqual([]);
    expect(pr.log).toContain(
      "jux: the tests are not kept as a baseline for later runs: only push, schedule, workflow_dispatch runs keep one, and this is a pull_request run",
    );
  });

  test("the reports are kept as the artifact before the baseline is asked for", () => {
    // Each baseline request saw its own job's artifact already uploaded (one more than the request before it).
    expect(artifactsAtBaseline).toHaveLength(2);
    const [first, second] = artifactsAtBaseline;
    expect(second!.length).toBe(first!.length + 1);
    expect(first!.length).toBeGreaterThan(0);
  });

  test("an unreachable Jux API: the push keeps its tests, the pull request compares with them", async () => {
    const down = "http://127.0.0.1:9/api/v1";
    expectSuccess(await job({ runId: 9303, project: "upstream-down", apiUrl: down }, PASSING));
    expect(entriesOf(9303)).toHaveLength(1);
    const pr = await job({ runId: 9304, pull: true, project: "upstream-down", apiUrl: down }, BROKEN);
    expectSuccess(pr);
    expect(pr.outputs.baseline).toMatch(
      /^main at [0-9a-f]{7} \(2 tests, run 9303\) from the Actions cache \(the Jux API could not be reached/,
    );
    expect(pr.outputs).toMatchObject({ new_failures: "1" });
  });
});

test("a workflow_run job on main keeps nothing (it may handle a fork's reports) and says so", async () => {
  const r = await job({ runId: 9305, project: "upstream-events", apiUrl: "", event: "workflow_run" }, BROKEN);
  expectSuccess(r);
  expect(entriesOf(9305)).toEqual([]);
  expect(r.log).toContain(
    "jux: the tests are not kept as a baseline for later runs: only push, schedule, workflow_dispatch runs keep one, and this is a workflow_run run",
  );
  const pr = await job({ runId: 9306, pull: true, project: "upstream-events", apiUrl: "" }, BROKEN);
  expect(pr.outputs).toMatchObject({ baseline: "", new_failures: "0" });
  expect(pr.summary).toContain(
    "No baseline was found: no run of job test on main yet: no earlier run of this job in the Actions cache: only pushes (and schedule, workflow_dispatch) keep one; pull requests never do; entries unused for 7 days are evicted. A push to main that runs this action records one; until then no failure is new.",
  );
});

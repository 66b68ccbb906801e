/**
 * The CI job's run identity over a report's own claims, end to end through the committed bundles, the runner
 * emulation and a real `jux serve`: a pull request's report that says, in its own <properties>, that it is a push
 * to main (git:branch=main, env:GITHUB_EVENT_NAME=push, another run and commit) is signed with the job's real
 * identity after its claims, stored by jux serve under the pull request's branch, and never becomes main's
 * baseline: a later pull request is compared with main's real run. (It holds whether or not jux serve also leaves
 * pull-request runs out of baselines.)
 */
import { describe, expect, jest, test, beforeAll } from "@jest/globals";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  API_KEY,
  PASSPHRASE,
  e2e,
  expectSuccess,
  hashesOf,
  key,
  run,
  server,
  service,
} from "../helpers/action-env.js";
import { canonicalHash } from "../helpers/jux.js";
import type { JobRun } from "../helpers/runner.js";
import { query, request, tempDir } from "../helpers/serve.js";

jest.setTimeout(300_000);
e2e();

const PROJECT = "identity";

function eventFile(payload: unknown): string {
  const path = join(tempDir("jux-event-"), "event.json");
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

/** A pytest-like report; `properties` are the report's own claims, written by the code under test. */
function report(
  outcomes: Record<string, "passed" | "failed">,
  properties: Record<string, string> = {},
): string {
  const props = Object.entries(properties)
    .map(([name, value]) => `<property name="${name}" value="${value}"/>`)
    .join("");
  const cases = Object.entries(outcomes)
    .map(
      ([name, outcome]) =>
        `<testcase classname="tests.test_app" name="${name}" time="0.010">${
          outcome === "failed" ? `<failure message="assert False">assert False</failure>` : ""
        }</testcase>`,
    )
    .join("");
  const failures = Object.values(outcomes).filter((o) => o === "failed").length;
  return `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="${Object.keys(outcomes).length}" failures="${failures}" errors="0" skipped="0">${props ? `<properties>${props}</properties>` : ""}${cases}</testsuite></testsuites>\n`;
}

async function job(runId: number, pull: number | undefined, xml: string): Promise<JobRun> {
  const pr = pull !== undefined;
  const event = pr
    ? eventFile({
        number: pull,
        pull_request: {
          number: pull,
          head: { ref: `feature-${pull}`, repo: { full_name: "octo/jux-demo" } },
          base: { ref: "main", repo: { full_name: "octo/jux-demo" } },
        },
        repository: { default_branch: "main" },
      })
    : eventFile({ ref: "refs/heads/main", repository: { default_branch: "main" } });
  return run(service, {
    job: pr
      ? { runId, job: "test", ref: `refs/pull/${pull}/merge`, baseRef: "refs/heads/main" }
      : { runId, job: "test" },
    inputs: {
      report_paths: "reports/*.xml",
      api_url: `${server.url}/api/v1`,
      api_key: API_KEY,
      signing_key: key.encryptedPem,
      signing_key_passphrase: PASSPHRASE,
      signing_cert: key.certificatePem,
      project: PROJECT,
    },
    files: { "reports/junit.xml": xml },
    // As GitHub sets them for a pull request: the head branch, and the merge ref's short name.
    env: {
      GITHUB_EVENT_PATH: event,
      ...(pr ? { GITHUB_HEAD_REF: `feature-${pull}`, GITHUB_REF_NAME: `${pull}/merge` } : {}),
    },
  });
}

/** The stored run (GET /api/v1/test_runs/{id}) of the report whose canonical hash the job output. */
async function storedRun(
  r: JobRun,
): Promise<{ id: string; branch?: string; commit_sha?: string; xml: string }> {
  const [hash] = hashesOf(r);
  const list = await query(server, `/test_runs?project=${PROJECT}&per_page=100`);
  expect(list.status).toBe(200);
  for (const { id } of (list.body as { test_runs: { id: string }[] }).test_runs) {
    const xml = await request(`${server.url}/runs/${id}/report.xml`);
    if ((await canonicalHash(xml.bytes)) !== hash) continue;
    const one = await query(server, `/test_runs/${id}`);
    expect(one.status).toBe(200);
    return { ...(one.body as { id: string; branch?: string; commit_sha?: string }), xml: xml.text };
  }
  throw new Error(`no stored run has the canonical hash ${hash}`);
}

/** Every value of a property in the report, in order. */
const valuesOf = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<property name="${name.replace(/[.:]/g, "\\$&")}" value="([^"]*)"`, "g"))].map(
    (m) => m[1],
  );

describe("a pull request's report claiming to be a push to main", () => {
  const MAIN_RUN = 9101;
  const SPOOF_RUN = 9102;
  const LATER_RUN = 9103;
  let main: JobRun;
  let spoof: JobRun;
  let later: JobRun;

  beforeAll(async () => {
    // main: both tests pass.
    main = await job(MAIN_RUN, undefined, report({ test_a: "passed", test_b: "passed" }));
    // The pull request's tests write their own claims: main, a push, another run and commit; test_a fails.
    spoof = await job(
      SPOOF_RUN,
      21,
      report(
        { test_a: "failed", test_b: "passed" },
        {
          "git:branch": "main",
          "git:commit": "0123456789abcdef0123456789abcdef01234567",
          "env:GITHUB_EVENT_NAME": "push",
          "env:GITHUB_REF_NAME": "main",
          "env:GITHUB_RUN_ID": "1",
        },
      ),
    );
    // A later pull request breaks test_a: against main's real run that is a new failure; against the spoof, not.
    later = await job(LATER_RUN, 22, report({ test_a: "failed", test_b: "passed" }));
  });

  test("every job ends well and publishes", () => {
    for (const r of [main, spoof, later]) expectSuccess(r);
  });

  test("the spoofing run is stored under the pull request's branch, its claims overridden by the job's identity", async () => {
    const stored = await storedRun(spoof);
    expect(stored.branch).toBe("feature-21");
    expect(stored.commit_sha).toBe(service.job({ runId: SPOOF_RUN }).env.GITHUB_SHA);
    // The report keeps its own claims (they are signed as written), and the job's identity after them: last wins.
    expect(valuesOf(stored.xml, "git:branch")).toEqual(["main", "feature-21"]);
    expect(valuesOf(stored.xml, "env:GITHUB_EVENT_NAME")).toEqual(["push", "pull_request"]);
    expect(valuesOf(stored.xml, "env:GITHUB_RUN_ID")).toEqual(["1", String(SPOOF_RUN)]);
    expect((await storedRun(main)).branch).toBe("main");
  });

  test("a later pull request's baseline is main's real run, not the spoofing one", () => {
    expect(later.outputs.baseline).toMatch(
      new RegExp(`^main at [0-9a-f]{7} \\(1 report, 2 tests, run ${MAIN_RUN}\\) from the Jux API$`),
    );
    expect(later.outputs.baseline).toContain(service.job({ runId: MAIN_RUN }).env.GITHUB_SHA!.slice(0, 7));
    expect(later.outputs).toMatchObject({ new_failures: "1", fixed: "0" });
    // The spoofing pull request itself was compared with main too (its claims did not make it main's run).
    expect(spoof.outputs).toMatchObject({ new_failures: "1" });
    expect(spoof.outputs.baseline).toContain(`run ${MAIN_RUN}`);
  });
});

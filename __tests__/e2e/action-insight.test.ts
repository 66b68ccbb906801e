/**
 * The action's test insight end to end, through the committed bundles and the runner emulation, with a real
 * `jux serve` and the GitHub REST double: a push to main (the baseline), then a pull request with 2 new failures,
 * 1 fixed test, 1 flaky (Surefire's flakyFailure), 1 still failing and 1 disappeared: the summary's sections,
 * annotations with file and line, outputs, fail_on, and one comment updated (not duplicated) on the next push.
 * Then the fallback without a server (the Actions cache's baseline) and no baseline at all.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from "@jest/globals";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { API_KEY, PASSPHRASE, e2e, key, run, server, service } from "../helpers/action-env.js";
import { ACTIONS_BOT, startGitHubApi, type GitHubApi } from "../helpers/github-api.js";
import type { JobRun } from "../helpers/runner.js";
import { tempDir } from "../helpers/serve.js";

jest.setTimeout(300_000);
e2e();

let gh: GitHubApi;
beforeAll(async () => {
  gh = await startGitHubApi({ forward: service.url });
  gh.addPull({ number: 7, baseRef: "main", headRef: "feature" });
});
afterAll(async () => gh?.stop());

const xml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function failure(message: string, type: string, text: string, element = "failure"): string {
  return `<${element} message="${xml(message)}" type="${type}">${xml(text)}</${element}>`;
}

/** A Surefire report of org.acme.CalcTest; `pr` is the pull request's version. */
function surefire(pr: boolean): string {
  const tc = (name: string, time: string, body = "") =>
    `  <testcase name="${name}" classname="org.acme.CalcTest" time="${time}">${body}</testcase>\n`;
  const cases = pr
    ? tc("testAdd", "0.010") +
      tc(
        "testSub",
        "0.020",
        failure(
          "expected: <1> but was: <-1>",
          "org.opentest4j.AssertionFailedError",
          "org.opentest4j.AssertionFailedError: expected: <1> but was: <-1>\n\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)\n\tat org.acme.CalcTest.testSub(CalcTest.java:21)\n",
        ),
      ) +
      tc("testMul", "0.030") +
      tc(
        "testDiv",
        "1.250",
        `<flakyFailure message="timed out" type="java.util.concurrent.TimeoutException"><stackTrace>${xml(
          "java.util.concurrent.TimeoutException: timed out\n\tat org.acme.CalcTest.testDiv(CalcTest.java:40)\n",
        )}</stackTrace></flakyFailure>`,
      )
    : tc("testAdd", "0.010") +
      tc("testSub", "0.020") +
      tc(
        "testMul",
        "0.030",
        failure(
          "expected: <6> but was: <5>",
          "org.opentest4j.AssertionFailedError",
          "org.opentest4j.AssertionFailedError: expected: <6> but was: <5>\n\tat org.acme.CalcTest.testMul(CalcTest.java:30)\n",
        ),
      ) +
      tc("testDiv", "0.040") +
      tc("testGone", "0.050");
  const n = pr ? 4 : 5;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="org.acme.CalcTest" time="1.3" tests="${n}" errors="0" skipped="0" failures="${pr ? 1 : 1}">\n${cases}</testsuite>\n`;
}

/** A pytest report (suite "pytest", classname the module): test_post fails in the pull request. */
function pytest(pr: boolean): string {
  const tc = (name: string, time: string, body = "") =>
    `<testcase classname="tests.test_api" name="${name}" time="${time}">${body}</testcase>`;
  const oldBug = failure(
    "assert 1 == 2",
    "AssertionError",
    "def test_old_bug():\n>       assert 1 == 2\nE       assert 1 == 2\n\ntests/test_api.py:9: AssertionError",
  );
  const post = pr
    ? failure(
        "AssertionError: assert 500 == 201",
        "AssertionError",
        "def test_post(client):\n        r = client.post('/items')\n>       assert r.status_code == 201\nE       assert 500 == 201\n\ntests/test_api.py:14: AssertionError",
      )
    : "";
  return (
    `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="${pr ? 2 : 1}" skipped="0" tests="3" time="0.6">` +
    tc("test_get", "0.100") +
    tc("test_post", "0.200", post) +
    tc("test_old_bug", "0.300", oldBug) +
    `</testsuite></testsuites>\n`
  );
}

const SOURCES = {
  "src/test/java/org/acme/CalcTest.java": "package org.acme;\n" + "// line\n".repeat(60),
  // A second CalcTest.java elsewhere: the bare name of a JVM frame is settled by the class's package folder.
  "legacy/CalcTest.java": "// an old copy\n",
  "tests/test_api.py": "# tests\n" + "\n".repeat(30),
};

function reports(pr: boolean): Record<string, string> {
  return {
    ...SOURCES,
    "reports/TEST-org.acme.CalcTest.xml": surefire(pr),
    "reports/junit-pytest.xml": pytest(pr),
  };
}

function eventFile(payload: unknown): string {
  const path = join(tempDir("jux-event-"), "event.json");
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

const PUSH_EVENT = () => eventFile({ ref: "refs/heads/main", repository: { default_branch: "main" } });
const PR_EVENT = () =>
  eventFile({
    number: 7,
    pull_request: {
      number: 7,
      head: { ref: "feature", repo: { full_name: "octo/jux-demo" } },
      base: { ref: "main", repo: { full_name: "octo/jux-demo" } },
    },
    repository: { default_branch: "main" },
  });

let runId = 7000;

function inputs(project: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    report_paths: "reports/*.xml",
    api_url: `${server.url}/api/v1`,
    api_key: API_KEY,
    signing_key: key.encryptedPem,
    signing_key_passphrase: PASSPHRASE,
    signing_cert: key.certificatePem,
    project,
    ...extra,
  };
}

async function push(project: string, extra: Record<string, string> = {}): Promise<JobRun> {
  return run(service, {
    job: { runId: ++runId, job: "test" },
    inputs: inputs(project, extra),
    files: reports(false),
    env: { GITHUB_EVENT_PATH: PUSH_EVENT(), GITHUB_API_URL: gh.url },
    onJob: (j) => gh.grant(j.githubToken, { identity: ACTIONS_BOT }),
  });
}

async function pullRequest(project: string, extra: Record<string, string> = {}): Promise<JobRun> {
  return run(service, {
    job: { runId: ++runId, job: "test", ref: "refs/pull/7/merge", baseRef: "refs/heads/main" },
    inputs: inputs(project, extra),
    files: reports(true),
    env: { GITHUB_EVENT_PATH: PR_EVENT(), GITHUB_API_URL: gh.url },
    onJob: (j) => gh.grant(j.githubToken, { identity: ACTIONS_BOT }),
  });
}

function section(summary: string, heading: string): string {
  const start = summary.indexOf(`### ${heading}`);
  expect({ heading, found: start >= 0 }).toEqual({ heading, found: true });
  const end = summary.indexOf("\n### ", start + 4);
  return summary.slice(start, end < 0 ? undefined : end + 1);
}

describe("base branch, then a pull request with 2 new failures, 1 fixed, 1 flaky (the done-when scenario)", () => {
  const project = "insight-done";
  let base: JobRun;
  let pr: JobRun;

  beforeAll(async () => {
    base = await push(project, { comment: "true" });
    pr = await pullRequest(project, { comment: "true", fail_on: "new-failures" });
  });

  test("the push to main ends well, publishes, and has nothing to compare with (no earlier run)", () => {
    expect({ main: base.main.code, post: base.post.code }).toEqual({ main: 0, post: 0 });
    expect(base.outputs).toMatchObject({
      tests: "8",
      failures: "2",
      flaky: "0",
      new_failures: "0",
      baseline: "",
    });
    expect(base.summary).toMatch(
      /### Compared with the base branch\n\nNo baseline was found: no run of job test on main yet: the Jux API has no run of insight-done on main \(it suggests: Publish a run of branch main first .*\); .*\. A push to main that runs this action records one; until then no failure is new\.\n/,
    );
    // A push has no pull request: no comment, and no note about it either.
    expect(base.log).toContain("jux: no pull-request comment: ");
    expect(base.annotated.filter((a) => a.level === "notice" && a.message.includes("comment"))).toEqual([]);
  });

  test("outputs: counts, the comparison, failed_tests new first with file and line, the baseline", () => {
    expect(pr.outputs).toMatchObject({
      tests: "7",
      failures: "3",
      errors: "0",
      flaky: "1",
      new_failures: "2",
      fixed: "1",
    });
    expect(pr.outputs.baseline).toMatch(/main/);
    expect(JSON.parse(pr.outputs.failed_tests!)).toEqual([
      {
        suite: "org.acme.CalcTest",
        classname: "org.acme.CalcTest",
        name: "testSub",
        file: "CalcTest.java",
        line: 21,
        message: "expected: <1> but was: <-1>",
      },
      {
        suite: "pytest",
        classname: "tests.test_api",
        name: "test_post",
        file: "tests/test_api.py",
        line: 14,
        message: "AssertionError: assert 500 == 201",
      },
      {
        suite: "pytest",
        classname: "tests.test_api",
        name: "test_old_bug",
        file: "tests/test_api.py",
        line: 9,
        message: "assert 1 == 2",
      },
    ]);
  });

  test("fail_on new-failures fails the main step last, naming them; the post step still publishes", () => {
    expect({ main: pr.main.code, post: pr.post.code }).toEqual({ main: 1, post: 0 });
    const failed = pr.annotated.filter((a) => a.level === "error" && a.message.startsWith("fail_on"));
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toMatch(
      /^fail_on new-failures: 2 new failure\(s\) against .*main.*: org\.acme\.CalcTest › testSub, tests\.test_api › test_post \(see the annotations and the job summary\)$/,
    );
    expect(pr.outputs.queued).toBe("2");
  });

  test("annotations: one error per failing test, new first then by file, with workspace file, line and title", () => {
    const tests = pr.annotated.filter((a) => a.level === "error" && !a.message.startsWith("fail_on"));
    expect(tests.map((a) => a.properties)).toEqual([
      { file: "src/test/java/org/acme/CalcTest.java", line: "21", title: "testSub" },
      { file: "tests/test_api.py", line: "14", title: "test_post" },
      { file: "tests/test_api.py", line: "9", title: "test_old_bug" },
    ]);
    expect(tests[0]!.message).toBe(
      "NEW failure: org.acme.CalcTest › testSub (suite org.acme.CalcTest)\norg.opentest4j.AssertionFailedError: expected: <1> but was: <-1>",
    );
    // The log lists every failing test (up to 1 000) in a collapsed group.
    expect(pr.log).toContain(
      "::group::jux: 3 failing test(s)\nNEW failed: org.acme.CalcTest › org.acme.CalcTest › testSub (CalcTest.java:21): org.opentest4j.AssertionFailedError: expected: <1> but was: <-1>\n",
    );
    expect(tests[2]!.message).toBe(
      "Failed: tests.test_api › test_old_bug (suite pytest)\nAssertionError: assert 1 == 2",
    );
  });

  test("the summary's sections, exactly", () => {
    const sha = /blob\/([0-9a-f]{40})\//.exec(pr.summary)?.[1];
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    const blob = `https://github.com/octo/jux-demo/blob/${sha}`;
    expect(pr.summary).toContain("**7 tests**: 3 failed, 0 errors, 0 skipped, 1 flaky.");
    // The reports' table follows the tests' sections.
    expect(pr.summary.indexOf("### Reports")).toBeGreaterThan(pr.summary.indexOf("### Slowest tests"));
    expect(pr.summary).toContain("| ✅ | reports/junit-pytest.xml | 3 | 2 | 0 | 0 |");
    expect(section(pr.summary, "Failing tests")).toBe(
      [
        "### Failing tests (3)",
        "",
        "🆕 marks a new failure: not failing in the baseline.",
        "",
        "| | Test | Suite | Message | Duration | Location |",
        "|---|---|---|---|--:|---|",
        `| 🆕❌ | testSub | org.acme.CalcTest | org.opentest4j.AssertionFailedError: expected: &lt;1&gt; but was: &lt;-1&gt; | 20 ms | [src/test/java/org/acme/CalcTest.java:21](${blob}/src/test/java/org/acme/CalcTest.java#L21) |`,
        `| 🆕❌ | test_post | pytest | AssertionError: assert 500 == 201 | 200 ms | [tests/test_api.py:14](${blob}/tests/test_api.py#L14) |`,
        `| ❌ | test_old_bug | pytest | AssertionError: assert 1 == 2 | 300 ms | [tests/test_api.py:9](${blob}/tests/test_api.py#L9) |`,
        "",
        "<details><summary>The failures' first lines</summary>",
        "",
        "<pre><b>testSub</b>",
        "org.opentest4j.AssertionFailedError: expected: &lt;1&gt; but was: &lt;-1&gt;",
        "    at org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)",
        "    at org.acme.CalcTest.testSub(CalcTest.java:21)</pre>",
        "",
        "<pre><b>test_post</b>",
        "def test_post(client):",
        "        r = client.post('/items')",
        "&gt;       assert r.status_code == 201",
        "E       assert 500 == 201",
        "tests/test_api.py:14: AssertionError</pre>",
        "",
        "<pre><b>test_old_bug</b>",
        "def test_old_bug():",
        "&gt;       assert 1 == 2",
        "E       assert 1 == 2",
        "tests/test_api.py:9: AssertionError</pre>",
        "",
        "</details>",
        "",
        "",
      ].join("\n"),
    );
    expect(section(pr.summary, "Flaky tests")).toBe(
      [
        "### Flaky tests (1)",
        "",
        "Failed, then passed on a retry in this run.",
        "",
        "| Test | Suite | Retries | Failure of the failed attempt | Duration | Location |",
        "|---|---|--:|---|--:|---|",
        `| testDiv | org.acme.CalcTest | 1 | java.util.concurrent.TimeoutException: timed out | 1.25 s | [src/test/java/org/acme/CalcTest.java:40](${blob}/src/test/java/org/acme/CalcTest.java#L40) |`,
        "",
        "",
      ].join("\n"),
    );
    const compared = section(pr.summary, "Compared with");
    expect(compared.split("\n").slice(2).join("\n")).toBe(
      [
        "**2 new failure(s)**, 1 fixed, 1 still failing, 1 disappeared.",
        "",
        "| Change | Test | Suite | Before | Now |",
        "|---|---|---|---|---|",
        "| 🆕 new failure | testSub | org.acme.CalcTest | passed | failed |",
        "| 🆕 new failure | test_post | pytest | passed | failed |",
        "| ✅ fixed | testMul | org.acme.CalcTest | failed | passed |",
        "| ❌ still failing | test_old_bug | pytest | failed | failed |",
        "| ➖ disappeared | testGone | org.acme.CalcTest | passed | — |",
        "",
        "",
      ].join("\n"),
    );
    expect(compared.split("\n")[0]).toMatch(/^### Compared with .*main/);
    expect(section(pr.summary, "Slowest tests")).toBe(
      [
        "### Slowest tests",
        "",
        "| Test | Suite | Duration | Outcome |",
        "|---|---|--:|---|",
        "| testDiv | org.acme.CalcTest | 1.25 s | flaky |",
        "| test_old_bug | pytest | 300 ms | failed |",
        "| test_post | pytest | 200 ms | failed |",
        "| test_get | pytest | 100 ms | passed |",
        "| testMul | org.acme.CalcTest | 30 ms | passed |",
        "| testSub | org.acme.CalcTest | 20 ms | failed |",
        "| testAdd | org.acme.CalcTest | 10 ms | passed |",
        "",
        "",
      ].join("\n"),
    );
  });

  test("comment: true writes one comment; the next push updates it in place (never a second one)", async () => {
    const first = gh.comments(7);
    expect(first).toHaveLength(1);
    expect(first[0]!.body).toContain("## Jux: tests of CI / test");
    expect(first[0]!.body).toContain("**7 tests**: 3 failed, 0 errors, 0 skipped, 1 flaky.");
    expect(first[0]!.body).toContain("### Failing tests (3)");
    expect(first[0]!.body).toContain("**2 new failure(s)**, 1 fixed, 1 still failing, 1 disappeared.");
    const again = await pullRequest(project, { comment: "true" });
    expect({ main: again.main.code, post: again.post.code }).toEqual({ main: 0, post: 0 });
    const after = gh.comments(7);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(first[0]!.id);
    expect(after[0]!.updatedAt).not.toBe(first[0]!.updatedAt);
    expect(again.log).toContain("jux: updated the pull-request comment ");
  });
});

describe("without a Jux API: the Actions cache's baseline, else none", () => {
  test("a push keeps its tests in the cache; the pull request compares with them", async () => {
    const project = "insight-cache";
    const local = { api_url: "", api_key: "", storage_mode: "local" };
    const base = await push(project, local);
    expect({ main: base.main.code, post: base.post.code }).toEqual({ main: 0, post: 0 });
    const pr = await pullRequest(project, { ...local, fail_on: "failures" });
    expect(pr.outputs).toMatchObject({ new_failures: "2", fixed: "1", flaky: "1" });
    expect(pr.outputs.baseline).toMatch(/cache/);
    expect(pr.summary).toContain("**2 new failure(s)**, 1 fixed, 1 still failing, 1 disappeared.");
    expect(pr.main.code).toBe(1);
    expect(pr.annotated.find((a) => a.message.startsWith("fail_on"))?.message).toMatch(
      /^fail_on failures: 3 test\(s\) failed: org\.acme\.CalcTest › testSub, tests\.test_api › test_post, tests\.test_api › test_old_bug/,
    );
  });

  test("api_url set but the server down: the cache's baseline is used, the step neither fails nor waits long", async () => {
    const project = "insight-down";
    await push(project, { api_url: "", api_key: "", storage_mode: "local" });
    const started = Date.now();
    const pr = await pullRequest(project, { api_url: "http://127.0.0.1:9/api/v1", storage_mode: "cache" });
    expect({ main: pr.main.code, post: pr.post.code }).toEqual({ main: 0, post: 0 });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(pr.outputs).toMatchObject({ new_failures: "2", fixed: "1" });
    expect(pr.outputs.baseline).toMatch(/cache/);
    expect(pr.log).toMatch(/jux: comparing the tests with .*cache/);
  });

  test("no earlier run anywhere: the summary says no baseline was found and why; fail_on new-failures does not fail", async () => {
    const pr = await pullRequest("insight-none", {
      api_url: "",
      api_key: "",
      storage_mode: "local",
      fail_on: "new-failures",
      annotate: "false",
    });
    expect({ main: pr.main.code, post: pr.post.code }).toEqual({ main: 0, post: 0 });
    expect(pr.outputs).toMatchObject({ baseline: "", new_failures: "0", fixed: "0", flaky: "1" });
    expect(pr.summary).toContain(
      "### Compared with the base branch\n\nNo baseline was found: no run of job test on main yet: no earlier run of this job in the Actions cache: only pushes (and schedule, workflow_dispatch) keep one; pull requests never do; entries unused for 7 days are evicted. A push to main that runs this action records one; until then no failure is new.\n",
    );
    expect(pr.summary).toContain("### Failing tests (3)");
    expect(pr.summary).not.toContain("🆕");
    // annotate: false: no test annotation; the warning that nothing could be called new.
    expect(pr.annotated.filter((a) => a.level === "error")).toEqual([]);
    expect(pr.annotated.filter((a) => a.level === "warning").map((a) => a.message)).toEqual([
      expect.stringMatching(/^jux: fail_on new-failures: 3 test\(s\) failed but none can be called new: /),
    ]);
  });
});

describe("at scale and on forks", () => {
  test("10 000 failing tests: the summary stays within its budget, annotations within GitHub's caps, outputs bounded", async () => {
    const cases = Array.from(
      { length: 10_000 },
      (_, i) =>
        `<testcase classname="tests.test_big" name="test_${i}" time="0.001" file="tests/test_big.py" line="${i + 1}">` +
        `<failure message="assert ${i} == -1">def test_${i}():\n&gt;   assert ${i} == -1\nE   assert ${i} == -1\n\ntests/test_big.py:${i + 1}: AssertionError</failure></testcase>`,
    ).join("\n");
    const r = await run(service, {
      job: { runId: ++runId, job: "big" },
      inputs: { report_paths: "reports/*.xml", storage_mode: "local", signing_key: key.privateKeyPem },
      files: {
        "tests/test_big.py": "\n".repeat(10_001),
        "reports/junit-big.xml": `<testsuite name="pytest" tests="10000" failures="10000">\n${cases}\n</testsuite>\n`,
      },
      env: { GITHUB_EVENT_PATH: PUSH_EVENT() },
    });
    expect({ main: r.main.code, post: r.post.code }).toEqual({ main: 0, post: 0 });
    expect(r.outputs).toMatchObject({ tests: "10000", failures: "10000", flaky: "0" });
    expect((JSON.parse(r.outputs.failed_tests!) as unknown[]).length).toBe(100);
    expect(Buffer.byteLength(r.summary)).toBeLessThanOrEqual(512 * 1024);
    const listed = r.summary.split("\n").filter((l) => l.startsWith("| ❌ | test_")).length;
    expect(listed).toBeGreaterThan(100);
    expect(r.summary).toContain(`_${10_000 - listed} more failing test(s) not listed`);
    const errors = r.annotated.filter((a) => a.level === "error");
    expect(errors).toHaveLength(9);
    expect(errors.slice(0, 8).map((a) => a.properties)).toEqual(
      Array.from({ length: 8 }, (_, i) => ({
        file: "tests/test_big.py",
        line: String(i + 1),
        title: `test_${i}`,
      })),
    );
    expect(errors[8]!.message).toBe("9992 more failing test(s): see the log and the job summary");
    expect(r.annotated.length).toBeLessThanOrEqual(50);
  });

  test("a fork's pull request: no comment, one note saying why; the results are in the summary", async () => {
    const fork = eventFile({
      pull_request: {
        number: 8,
        head: { ref: "patch", repo: { full_name: "someone/jux-demo" } },
        base: { ref: "main", repo: { full_name: "octo/jux-demo" } },
      },
      repository: { default_branch: "main" },
    });
    gh.addPull({ number: 8, baseRef: "main", headRepo: "someone/jux-demo" });
    const r = await run(service, {
      job: { runId: ++runId, job: "test", ref: "refs/pull/8/merge", baseRef: "refs/heads/main" },
      inputs: {
        report_paths: "reports/*.xml",
        storage_mode: "local",
        comment: "true",
        project: "insight-fork",
      },
      files: reports(true),
      env: { GITHUB_EVENT_PATH: fork, GITHUB_API_URL: gh.url },
      onJob: (j) => gh.grant(j.githubToken, { identity: ACTIONS_BOT, pullRequests: "read" }),
    });
    expect({ main: r.main.code, post: r.post.code }).toEqual({ main: 0, post: 0 });
    expect(gh.comments(8)).toEqual([]);
    const notes = r.annotated.filter((a) => a.level === "notice" && a.message.includes("comment"));
    expect(notes.map((a) => a.message)).toEqual([
      expect.stringMatching(/^jux: no pull-request comment: .*fork/),
    ]);
    expect(r.summary).toContain("### Failing tests (3)");
  });
});

describe("matrix legs named by the leg input: each leg its own baseline, comment and artifact", () => {
  const project = "insight-legs";
  const legs: Record<string, JobRun> = {};

  beforeAll(async () => {
    gh.addPull({ number: 9, baseRef: "main", headRef: "legs" });
    const prEvent = eventFile({
      number: 9,
      pull_request: {
        number: 9,
        head: { ref: "legs", repo: { full_name: "octo/jux-demo" } },
        base: { ref: "main", repo: { full_name: "octo/jux-demo" } },
      },
      repository: { default_branch: "main" },
    });
    // One push to main with two legs: ubuntu passes what the pull request breaks; windows already failed it.
    const pushRun = ++runId;
    for (const [leg, files] of [
      ["ubuntu", reports(false)],
      ["windows", reports(true)],
    ] as const)
      legs[`push-${leg}`] = await run(service, {
        job: { runId: pushRun, job: "test" },
        inputs: inputs(project, { leg }),
        files,
        env: { GITHUB_EVENT_PATH: PUSH_EVENT(), GITHUB_API_URL: gh.url },
        onJob: (j) => gh.grant(j.githubToken, { identity: ACTIONS_BOT }),
      });
    const prRun = ++runId;
    for (const leg of ["ubuntu", "windows"])
      legs[`pr-${leg}`] = await run(service, {
        job: { runId: prRun, job: "test", ref: "refs/pull/9/merge", baseRef: "refs/heads/main" },
        inputs: inputs(project, { leg, comment: "true" }),
        files: reports(true),
        env: { GITHUB_EVENT_PATH: prEvent, GITHUB_API_URL: gh.url },
        onJob: (j) => gh.grant(j.githubToken, { identity: ACTIONS_BOT }),
      });
  });

  test("each leg is compared with the same leg of the base branch, never with the other", () => {
    for (const r of Object.values(legs))
      expect({ main: r.main.code, post: r.post.code }).toEqual({ main: 0, post: 0 });
    expect(legs["pr-ubuntu"]!.outputs).toMatchObject({ new_failures: "2", fixed: "1" });
    expect(legs["pr-windows"]!.outputs).toMatchObject({ new_failures: "0", fixed: "0" });
    expect(legs["pr-ubuntu"]!.outputs.baseline).toMatch(/main/);
    expect(legs["pr-windows"]!.outputs.baseline).toMatch(/main/);
  });

  test("one comment per leg, each naming its leg; the artifacts carry the leg's name", () => {
    const bodies = gh.comments(9).map((c) => c.body.split("\n")[0]);
    expect(bodies.sort()).toEqual([
      "<!-- jux-action: CI/test/ubuntu -->",
      "<!-- jux-action: CI/test/windows -->",
    ]);
    expect(gh.comments(9).find((c) => c.body.startsWith("<!-- jux-action: CI/test/ubuntu"))!.body).toContain(
      "test (ubuntu)",
    );
    expect(legs["push-ubuntu"]!.log).toContain("artifact jux-reports-ubuntu-test-attempt1");
    expect(legs["push-windows"]!.log).toContain("artifact jux-reports-windows-test-attempt1");
  });
});

/**
 * Test-level insight in the CLI, through the committed bundle: `jux inspect`'s failing and flaky tests on real
 * report shapes (Surefire flakyFailure, pytest-rerunfailures, Gradle, Marathon, Jest, Go, .NET), bounded output;
 * `jux compare --base` against a real `jux serve` (its /api/v1/baseline), with no baseline, an unreachable
 * server and a server without the route; `jux cache compare` on the shared comparison.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from "@jest/globals";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { JUNIT } from "../helpers/fixtures.js";
import { report, type CaseSpec } from "../helpers/insight.js";
import { freePort, startScriptedServer } from "../helpers/scripted-server.js";
import { cleanUp, startServer, submit, type Server } from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";

jest.setTimeout(120_000);

const CLI = resolve("dist/cli/index.js");
const KEY = "jux-e2e-compare-SECRET-7c1d";
const dir = mkdtempSync(join(tmpdir(), "jux-cli-insight-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The bundle as a user runs it, in `dir`, with an empty configuration but `env`. */
function jux(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        XDG_CONFIG_HOME: join(dir, ".config"),
        JUX_SYSTEM_CONFIG: join(dir, "none"),
        JUX_STORAGE_PATH: join(dir, "store"),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

/** Writes `name` in `dir` (the command's working directory) and returns the name. */
function write(name: string, bytes: Buffer | string): string {
  writeFileSync(join(dir, name), bytes);
  return name;
}

/** The lines of the text from `title` on, up to the next line that is not indented. */
function section(text: string, title: string): string[] {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith(title));
  if (at < 0) return [];
  const end = lines.findIndex((l, i) => i > at && !l.startsWith("  "));
  return lines.slice(at, end < 0 ? undefined : end);
}

withShared("fixtures/junit", "jux inspect's failing and flaky tests on real report shapes", () => {
  const fixture = (rel: string) => join(JUNIT, rel);

  test("Surefire flakyFailure/flakyError: one flaky test with its retries, file and line; nothing failing", async () => {
    const r = await jux(["inspect", fixture("apache-maven-surefire/TEST-org.acme.FlakyTest.xml")]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/: 2 tests, 2 passed, 0 failed, 0 errors, 0 skipped, 1 flaky \(/);
    expect(section(r.stdout, "failing tests")).toEqual([]);
    expect(section(r.stdout, "flaky tests")).toEqual([
      "flaky tests (1):",
      "  4 retries  org.acme.FlakyTest › org.acme.FlakyTest › testFlaky (FlakyTest.java:18)  expected: <1> but was: <0>",
    ]);
    const json = await jux([
      "inspect",
      fixture("apache-maven-surefire/TEST-org.acme.FlakyTest.xml"),
      "--json",
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      flaky: 1,
      failing_total: 0,
      failing_tests: [],
      flaky_total: 1,
      flaky_tests: [
        {
          suite: "org.acme.FlakyTest",
          classname: "org.acme.FlakyTest",
          name: "testFlaky",
          outcome: "flaky",
          file: "FlakyTest.java",
          line: 18,
          duration: 0.034,
          retries: 4,
          failure_type: "org.opentest4j.AssertionFailedError",
          failure_message: "expected: <1> but was: <0>",
        },
      ],
      tests_truncated: false,
    });
  });

  test("pytest-rerunfailures (failed, errored, passed) and Marathon's flakyFailure: flaky, not failing", async () => {
    const rerun = await jux([
      "inspect",
      fixture("mikepenz-action-junit-report/flaky_with_classname_file.xml"),
    ]);
    expect(rerun.stdout.split("\n")[0]).toMatch(/5 tests, 3 passed, 1 failed, 1 errors, 0 skipped, 1 flaky/);
    expect(section(rerun.stdout, "failing tests")).toEqual([]);
    expect(section(rerun.stdout, "flaky tests")).toEqual([
      "flaky tests (1):",
      "  2 retries  FlakyTestSuite › test_foo.TestFoo › test_foo (/home/runner/work/foo/bar/test_foo.py:42)  it broke",
    ]);
    const marathon = await jux([
      "inspect",
      fixture("mikepenz-action-junit-report/marathon_junit_report-flaky.xml"),
      "--json",
    ]);
    expect(JSON.parse(marathon.stdout).flaky_tests).toEqual([
      expect.objectContaining({ classname: "com.mikepenz.Class", name: "testFlakyFailure", retries: 1 }),
    ]);
  });

  test("Gradle (1.x, XML 1.1): a pass; no failing or flaky section", async () => {
    const r = await jux(["inspect", fixture("jenkins-xunit-plugin/junit-xml-1.1-input.xml")]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/failing tests|flaky tests/);
    const json = JSON.parse(
      (await jux(["inspect", fixture("jenkins-xunit-plugin/junit-xml-1.1-input.xml"), "--json"])).stdout,
    );
    expect([json.flaky, json.failing_total, json.flaky_total]).toEqual([0, 0, 0]);
  });

  test("Jest, Go and .NET in one call (an array): failing tests with the file and line of their frames", async () => {
    const files = [
      "dorny-test-reporter/jest-test-results-large-crlf.xml",
      "go-junit-report/001-report.xml",
      "jenkins-xunit-plugin/xsl-mstest-result-6.xml",
    ].map(fixture);
    const r = await jux(["inspect", ...files, "--json"]);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { failing_tests: Record<string, unknown>[] }[];
    const where = rows.map((x) => x.failing_tests.map((t) => [t.name, t.file, t.line, t.failure_message]));
    expect(where).toEqual([
      [
        [
          "gets changed files for hg",
          "/home/dorny/dorny/jest/e2e/__tests__/jestChangedFiles.test.ts",
          418,
          "Error: abort: empty revision range",
        ],
        [
          "gets changed files for hg",
          "/home/dorny/dorny/jest/e2e/__tests__/onlyChanged.test.ts",
          360,
          "Error: expect(received).toMatch(expected)",
        ],
      ],
      [["TestOne", "fail_test.go", 6, "Failed"]],
      [
        [
          "MTestFail",
          "c:\\Jenkins_Home\\jobs\\NUnit_Quick_Learning\\workspace\\AccountTest2\\AccountMTest.cs",
          253,
          "Assert.Fail failed. Always fails",
        ],
      ],
    ]);
    const text = await jux(["inspect", files[1]!]);
    expect(section(text.stdout, "failing tests")).toEqual([
      "failing tests (1):",
      "  failed  package/fail › package/fail › TestOne (fail_test.go:6)  Failed",
    ]);
  });
});

describe("jux inspect's bounds and escaping", () => {
  const cases = Array.from(
    { length: 60 },
    (_, i) => `<testcase classname="c" name="t${i}"><failure message="no ${i}"/></testcase>`,
  );
  const many = write("many.xml", `<testsuite name="s">${cases.join("")}</testsuite>`);

  test("the first 50 failing tests and a count; --all lists the 60, in text and JSON", async () => {
    const r = await jux(["inspect", many]);
    const lines = section(r.stdout, "failing tests");
    expect(lines[0]).toBe("failing tests (60):");
    expect(lines).toHaveLength(52);
    expect(lines[51]).toBe("  … and 10 more (--all lists them, --json has them all)");
    expect(section((await jux(["inspect", many, "--all"])).stdout, "failing tests")).toHaveLength(61);
    const json = JSON.parse((await jux(["inspect", many, "--json"])).stdout);
    expect([json.failing_total, json.failing_tests.length]).toEqual([60, 50]);
    const all = JSON.parse((await jux(["inspect", many, "--json", "--all"])).stdout);
    expect(all.failing_tests).toHaveLength(60);
  });

  test("a name holding a C1 control (CSI) or a line break cannot write to the terminal", async () => {
    const hostile = write(
      "hostile.xml",
      `<testsuite name="s"><testcase classname="c" name="x&#x9b;31mred"><failure message="a&#10;b&#x2028;c"/></testcase></testsuite>`,
    );
    const r = await jux(["inspect", hostile]);
    expect(section(r.stdout, "failing tests")).toEqual([
      "failing tests (1):",
      "  failed  s › c › x\\u009b31mred  a",
    ]);
    expect(r.stdout).not.toMatch(/\u009b/);
  });
});

describe("jux compare --base against a real jux serve", () => {
  let server: Server;
  const api = () => `${server.url}/api/v1`;
  const base: CaseSpec[] = [
    { name: "steady", time: 1 },
    { name: "breaks_one", file: "tests/test_a.py", line: 3 },
    { name: "breaks_two" },
    { name: "was_broken", outcome: "failed", message: "off by one" },
    { name: "broken", outcome: "failed", message: "old reason" },
    { name: "retired" },
    { name: "wobbly" },
  ];
  const head: CaseSpec[] = [
    { name: "steady", time: 5 },
    { name: "breaks_one", outcome: "failed", file: "tests/test_a.py", line: 7, message: "expected 1, got 2" },
    { name: "breaks_two", outcome: "error", message: "RuntimeError: boom" },
    { name: "was_broken" },
    { name: "broken", outcome: "failed", message: "new reason" },
    { name: "wobbly", flaky: true, message: "timeout" },
    { name: "brand_new" },
  ];
  let headFile: string;

  beforeAll(async () => {
    server = await startServer(["--token", KEY]);
    const reply = await submit(
      server,
      report({
        project: "shop",
        branch: "main",
        commit: "c0ffee1234567890c0ffee1234567890c0ffee12",
        cases: base,
      }),
      { Authorization: `Bearer ${KEY}` },
    );
    expect(reply.status).toBe(201);
    headFile = write("head.xml", report({ project: "shop", branch: "feature", cases: head }));
  });
  afterAll(() => cleanUp());

  const env = () => ({ JUX_API_URL: api(), JUX_API_KEY: KEY });

  test("2 new failures, 1 fixed, 1 flaky (a rerun), still failing, added, removed, slower; exit 0", async () => {
    const r = await jux(["compare", "--base", "main", headFile], env());
    expect(r).toMatchObject({ status: 0, stderr: "" });
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^base: shop on main: 7 tests \(commit c0ffee123456, stored \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
    );
    expect(lines.slice(1)).toEqual([
      "head: head.xml: 7 tests, 2 failed, 1 errors, 0 skipped, 1 flaky",
      "newly failing (2):",
      "  failed  suite › pkg.Tests › breaks_one (tests/test_a.py:7)  expected 1, got 2",
      "  error   suite › pkg.Tests › breaks_two                      RuntimeError: boom",
      "still failing (1):",
      "  failed  suite › pkg.Tests › broken  new reason",
      "fixed (1):",
      "  passed  suite › pkg.Tests › was_broken",
      "added (1):",
      "  passed  suite › pkg.Tests › brand_new",
      "removed (1):",
      "  passed  suite › pkg.Tests › retired",
      "slower (1):",
      "  1 s -> 5 s  suite › pkg.Tests › steady",
    ]);
    expect(r.stdout).not.toContain(KEY);
    // The flaky test (a rerun that passed) is in no list: it was passing and still passes in the end.
    expect(r.stdout).not.toContain("wobbly");
  });

  test("--json: the same lists with the shapes of jux cache compare; --fail-on-new exits 1", async () => {
    const r = await jux(["compare", "--base", "main", headFile, "--json", "--fail-on-new"], env());
    expect(r.status).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({
      project: "shop",
      branch: "main",
      job: null,
      baseline: {
        workflow_run: null,
        test_runs: [{ branch: "main", commit_sha: "c0ffee1234567890c0ffee1234567890c0ffee12" }],
        truncated: false,
        tests: 7,
      },
      head: { files: ["head.xml"], counts: { tests: 7, failures: 2, errors: 1, flaky: 1 }, truncated: [] },
      fixed: [{ name: "was_broken", before: "failed", after: "passed", message: "off by one" }],
    });
    expect(result.newlyFailing.map((x: { name: string }) => x.name)).toEqual(["breaks_one", "breaks_two"]);
    expect(result.newlyFailing[0]).toEqual({
      suite: "suite",
      classname: "pkg.Tests",
      name: "breaks_one",
      file: "tests/test_a.py",
      line: 7,
      before: "passed",
      after: "failed",
      message: "expected 1, got 2",
    });
    expect(result.baseline.same_commit).toBe(false);
    const again = write(
      "again.xml",
      report({
        project: "shop",
        branch: "main",
        commit: "c0ffee1234567890c0ffee1234567890c0ffee12",
        cases: base,
      }),
    );
    const same = await jux(["compare", "--base", "main", again], env());
    expect(same.stdout.split("\n")[2]).toBe(
      "note: the baseline is a run of this same commit (published already): it compares the run with itself; give the branch this one is to be merged into",
    );
    const calm = write(
      "calm.xml",
      report({ project: "shop", cases: base.filter((c) => c.outcome !== "failed") }),
    );
    expect((await jux(["compare", "--base", "main", calm, "--fail-on-new"], env())).status).toBe(0);
  });

  test("several reports are one run: a test that failed in any of them is failing", async () => {
    const a = write("leg-a.xml", report({ project: "shop", nonce: "a", cases: [{ name: "steady" }] }));
    const b = write(
      "leg-b.xml",
      report({
        project: "shop",
        nonce: "b",
        cases: [{ name: "steady", outcome: "failed", message: "on b" }],
      }),
    );
    const r = await jux(["compare", "--base", "main", a, b, "--json"], env());
    const result = JSON.parse(r.stdout);
    expect(result.head.files).toEqual(["leg-a.xml", "leg-b.xml"]);
    expect(result.newlyFailing).toEqual([expect.objectContaining({ name: "steady", message: "on b" })]);
  });

  test("no baseline (404 No baseline): exit 0, says what to do; --project wins over the reports' property", async () => {
    const r = await jux(["compare", "--base", "develop", headFile], env());
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      `no baseline: the server at ${api()} holds no run of project shop on branch develop; publish a run of develop first (jux publish, or the action on a push to develop), then compare again\n`,
    );
    const other = await jux(["compare", "--base", "main", "--project", "other", headFile, "--json"], env());
    expect(JSON.parse(other.stdout)).toMatchObject({ project: "other", baseline: null });
  });

  test("an unreachable server: exit 1, where it tried, what to do", async () => {
    const port = await freePort();
    const r = await jux(["compare", "--base", "main", headFile], {
      JUX_API_URL: `http://127.0.0.1:${port}/api/v1`,
      JUX_API_KEY: KEY,
      JUX_API_MAX_RETRIES: "1",
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `error: jux compare: cannot reach the Jux server at http://127.0.0.1:${port}/api/v1 (ECONNREFUSED) (2 attempts); check api_url (--api-url, JUX_API_URL) and that the server runs, or compare with a local report of the base branch with jux cache compare A B\n`,
    );
  });

  test("a server without the route (an upstream Jux server's 404): exit 1, says jux serve is needed", async () => {
    const upstream = await startScriptedServer({ status: 404, body: { errors: { detail: "Not Found" } } });
    try {
      const r = await jux(["compare", "--base", "main", headFile], {
        JUX_API_URL: `${upstream.url}/api/v1`,
        JUX_API_KEY: KEY,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /has no baseline route \(GET .*\/api\/v1\/baseline\?project=shop&branch=main answered HTTP 404\)/,
      );
      expect(r.stderr).toMatch(
        /jux compare needs a jux serve of this version \(an upstream Jux server does not have the route\)/,
      );
      expect(upstream.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(r.stderr).not.toContain(KEY);
    } finally {
      await upstream.close();
    }
  });

  test("the project without a property in the reports: as jux sign names it (JUX_PROJECT_NAME); --job is asked for", async () => {
    const bare = write(
      "bare.xml",
      `<testsuite name="suite"><testcase classname="pkg.Tests" name="breaks_one"><failure message="x"/></testcase></testsuite>`,
    );
    const r = await jux(["compare", "--base", "main", bare, "--json"], {
      ...env(),
      JUX_PROJECT_NAME: "shop",
    });
    expect(JSON.parse(r.stdout)).toMatchObject({ project: "shop", baseline: { tests: 7 } });
    // A later run of main by another job: the newest of main without --job; with --job test, the run without a job.
    const lint = await submit(
      server,
      report({ project: "shop", branch: "main", job: "lint", runId: "77", cases: [{ name: "lint_only" }] }),
      { Authorization: `Bearer ${KEY}` },
    );
    expect(lint.status).toBe(201);
    const latest = JSON.parse((await jux(["compare", "--base", "main", headFile, "--json"], env())).stdout);
    expect([latest.job, latest.baseline.tests, latest.baseline.workflow_run]).toEqual([
      null,
      1,
      expect.any(String),
    ]);
    const test = JSON.parse(
      (await jux(["compare", "--base", "main", "--job", "test", headFile, "--json"], env())).stdout,
    );
    expect([test.job, test.baseline.tests]).toEqual(["test", 7]);
    const different = write("other-project.xml", report({ project: "elsewhere", cases: [{ name: "x" }] }));
    const mixed = await jux(["compare", "--base", "main", headFile, different], env());
    expect(mixed).toMatchObject({
      status: 2,
      stderr:
        'error: jux compare: the reports name different projects ("shop", "elsewhere"): give --project\n',
    });
  });

  test("a matrix: without --job, the reports' job (a named leg: `test (ubuntu-22)`), not another job's newer run", async () => {
    const legBase = report({
      project: "matrix",
      branch: "main",
      runId: "300",
      job: "test",
      leg: "ubuntu-22",
      cases: [{ name: "a" }, { name: "b" }],
    });
    // The same workflow run's e2e job stored after it: the latest run of main for any job.
    const e2eBase = report({
      project: "matrix",
      branch: "main",
      runId: "300",
      job: "e2e",
      cases: [{ name: "x" }],
    });
    for (const body of [legBase, e2eBase])
      expect((await submit(server, body, { Authorization: `Bearer ${KEY}` })).status).toBe(201);
    const leg = write(
      "matrix-leg.xml",
      report({
        project: "matrix",
        runId: "301",
        job: "test",
        leg: "ubuntu-22",
        cases: [{ name: "a" }, { name: "b", outcome: "failed", message: "now broken" }],
      }),
    );
    const r = await jux(["compare", "--base", "main", leg, "--json"], env());
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect([result.job, result.baseline.tests, result.added, result.removed]).toEqual([
      "test (ubuntu-22)",
      2,
      [],
      [],
    ]);
    expect(result.newlyFailing.map((x: { name: string }) => x.name)).toEqual(["b"]);
    const text = await jux(["compare", "--base", "main", leg], env());
    expect(text.stdout.split("\n")[0]).toMatch(/^base: matrix on main \(job test \(ubuntu-22\)\): 2 tests/);
    // Reports of two jobs are no one run: --job says which base to take.
    const e2e = write(
      "matrix-e2e.xml",
      report({ project: "matrix", runId: "301", job: "e2e", cases: [{ name: "x" }] }),
    );
    const mixed = await jux(["compare", "--base", "main", leg, e2e], env());
    expect(mixed).toMatchObject({
      status: 2,
      stdout: "",
      stderr: `error: jux compare: the reports name different jobs ("test (ubuntu-22)", "e2e"): give --job (the job whose base run to compare with), or compare each job's reports on their own\n`,
    });
    const chosen = await jux(["compare", "--base", "main", "--job", "e2e", leg, e2e, "--json"], env());
    expect(JSON.parse(chosen.stdout)).toMatchObject({ job: "e2e", baseline: { tests: 1 } });
  });

  test("usage: no --base, no report, no api_url (exit 2)", async () => {
    expect((await jux(["compare", headFile], env())).status).toBe(2);
    expect((await jux(["compare", "--base", "main"], env())).stderr).toMatch(/give this run's reports/);
    const noUrl = await jux(["compare", "--base", "main", headFile]);
    expect(noUrl).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/set api_url \(--api-url, JUX_API_URL/),
    });
  });
});

describe("jux cache compare on the shared comparison", () => {
  test("retries are one flaky test, duplicates one test; still failing listed; exit 1 on a new failure", async () => {
    const a = write(
      "a.xml",
      `<testsuite name="s"><testcase classname="c" name="dup"/><testcase classname="c" name="dup"/><testcase classname="c" name="old"><failure message="old"/></testcase><testcase classname="c" name="flips"/></testsuite>`,
    );
    const b = write(
      "b.xml",
      `<testsuite name="s"><testcase classname="c" name="dup"><failure message="once"/></testcase><testcase classname="c" name="dup"/><testcase classname="c" name="old"><failure message="old"/></testcase><testcase classname="c" name="flips"><error message="now"/></testcase></testsuite>`,
    );
    const r = await jux(["cache", "compare", a, b]);
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n").slice(1)).toEqual([
      "B: " + b + ": 4 tests, 2 failed, 1 errors, 0 skipped, 1 flaky",
      "newly failing (1):",
      "  error  s › c › flips  now",
      "still failing (1):",
      "  failed  s › c › old  old",
      "",
    ]);
  });
});

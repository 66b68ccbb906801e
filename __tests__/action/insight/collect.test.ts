import { describe, expect, test } from "@jest/globals";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import {
  insightOf,
  MAX_LISTED,
  MAX_STACKS,
  ReportTests,
  STACK_BYTES,
  STACK_LINES,
  type ReportTestRun,
} from "../../../src/action/insight/collect.js";
import { testAnnotation } from "../../../src/action/insight/annotate.js";
import { WorkspaceFiles } from "../../../src/action/insight/workspace-paths.js";
import { generateKeyPair } from "../../../src/core/crypto/certificate.js";
import { loadSigningKey } from "../../../src/core/crypto/keys.js";
import type { TestLike } from "../../../src/core/junit/compare.js";
import { testId } from "../../../src/core/junit/tests.js";
import { loadReportBytes } from "../../../src/core/publish/report-file.js";
import { signFile } from "../../../src/core/report/sign-file.js";
import { JUNIT } from "../../helpers/fixtures.js";
import { withShared } from "../../helpers/shared.js";

async function testsOf(xml: string | Buffer, source = "r.xml"): Promise<ReportTestRun> {
  const tests = new ReportTests(source);
  await loadReportBytes(Buffer.from(xml), source, undefined, tests);
  return tests.result();
}

function workspace(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "jux-ws-unit-"));
  for (const f of files) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), "x\n");
  }
  return dir;
}

const fixture = (path: string) => readFileSync(join(JUNIT, path));

withShared(
  "fixtures/junit",
  "the job's tests read from real reports (Surefire, pytest, Go, Marathon)",
  () => {
    describe("real report shapes: outcome, file and line, retries, the failure's first lines", () => {
      test("Surefire flakyFailure: flaky with its file and line, read in the signing pass (the signature unchanged)", async () => {
        const input = join(JUNIT, "apache-maven-surefire/TEST-org.acme.FlakyTest.xml");
        const pair = await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } });
        const key = loadSigningKey({ key: pair.privateKeyPem, source: "test key" });
        const dir = mkdtempSync(join(tmpdir(), "jux-sign-unit-"));
        const tests = new ReportTests("TEST-org.acme.FlakyTest.xml");
        const [withAlso, without] = [
          await signFile({
            input,
            output: join(dir, "a.xml"),
            source: "a",
            key,
            properties: [],
            also: tests,
          }),
          await signFile({ input, output: join(dir, "b.xml"), source: "b", key, properties: [] }),
        ];
        expect(withAlso.canonicalHash).toBe(without.canonicalHash);
        const run = tests.result();
        expect(run.counts.flaky).toBe(1);
        const flaky = run.tests.find((t) => t.outcome === "flaky")!;
        expect(flaky).toMatchObject({ name: "testFlaky", file: "FlakyTest.java", line: 18 });
        const ws = workspace(["src/test/java/org/acme/FlakyTest.java", "other/FlakyTest.java"]);
        expect(testAnnotation(flaky, false, new WorkspaceFiles(ws)).place).toEqual({
          file: "src/test/java/org/acme/FlakyTest.java",
          line: 18,
          title: "testFlaky",
        });
      });

      test("pytest: failing tests by module path with the traceback's line; their first lines kept", async () => {
        const run = await testsOf(fixture("mikepenz-action-junit-report/pytest-report.xml"));
        const failing = run.tests.filter((t) => t.outcome === "failed");
        expect(failing.map((t) => [t.name, t.file, t.line])).toEqual([
          ["test_which_fails", "python/test_sample.py", 10],
          ["test_with_error", "python/test_sample.py", 14],
        ]);
        expect(run.stacks.get(failing[0]!.id)).toBe(
          [
            "def test_which_fails():",
            "        event = { 'attr': 'test'}",
            ">       assert event['attr'] == 'xyz'",
            "E       AssertionError: assert 'test' == 'xyz'",
            "E         - xyz",
            "E         + test",
            "python/test_sample.py:10: AssertionError",
          ].join("\n"),
        );
        const a = testAnnotation(failing[1]!, true, new WorkspaceFiles(workspace(["python/test_sample.py"])));
        expect(a.place).toEqual({ file: "python/test_sample.py", line: 14, title: "test_with_error" });
        expect(a.message).toBe(
          "NEW failure: python.test_sample › test_with_error (suite pytest)\nAttributeError: 'dict' object has no attribute 'attr'",
        );
      });

      test("Go (go-junit-report): a bare _test.go name is found in the workspace; not found, it is named, not linked", async () => {
        const run = await testsOf(fixture("go-junit-report/001-report.xml"));
        const failing = run.tests.find((t) => t.outcome === "failed")!;
        expect(failing).toMatchObject({ name: "TestOne", file: "fail_test.go", line: 6 });
        const found = testAnnotation(
          failing,
          false,
          new WorkspaceFiles(workspace(["pkg/fail/fail_test.go"])),
        );
        expect(found.place).toMatchObject({ file: "pkg/fail/fail_test.go", line: 6 });
        const missing = testAnnotation(failing, false, new WorkspaceFiles(workspace(["README.md"])));
        expect(missing.place).toEqual({ title: "TestOne" });
        expect(missing.message).toContain("at fail_test.go:6 (not in the workspace)");
      });

      test("Jest: an absolute path outside the workspace is named in the message, never linked", async () => {
        const run = await testsOf(fixture("dorny-test-reporter/jest-test-results-large-crlf.xml"));
        const failing = run.tests.filter((t) => t.outcome === "failed");
        expect(failing.map((t) => [t.file, t.line])).toEqual([
          ["/home/dorny/dorny/jest/e2e/__tests__/jestChangedFiles.test.ts", 418],
          ["/home/dorny/dorny/jest/e2e/__tests__/onlyChanged.test.ts", 360],
        ]);
        const ws = new WorkspaceFiles(workspace(["e2e/__tests__/jestChangedFiles.test.ts"]));
        const a = testAnnotation(failing[0]!, false, ws);
        expect(a.place).toEqual({ title: "gets changed files for hg" });
        expect(a.message.split("\n").at(-1)).toBe(
          "at /home/dorny/dorny/jest/e2e/__tests__/jestChangedFiles.test.ts:418 (not in the workspace)",
        );
      });

      test("Marathon's flaky report and a pytest-rerunfailures repeat: flaky, not failing, with the failed attempt's text", async () => {
        const marathon = await testsOf(
          fixture("mikepenz-action-junit-report/marathon_junit_report-flaky.xml"),
        );
        const rerun = await testsOf(
          '<testsuite name="pytest"><testcase classname="tests.test_net" name="test_fetch" time="0.4">' +
            '<failure message="ConnectionError: reset">tests/test_net.py:33: ConnectionError</failure></testcase>' +
            '<testcase classname="tests.test_net" name="test_fetch" time="0.3"/></testsuite>',
        );
        const { insight } = insightOf([marathon, rerun], { found: false, description: "none" });
        expect(insight.flaky).toBe(2);
        expect(insight.failing.total).toBe(0);
        expect(
          insight.flakyTests.items.map((t) => [t.name, t.file, t.line, t.retries, t.failure?.message]),
        ).toEqual([
          ["test_fetch", "tests/test_net.py", 33, 1, "ConnectionError: reset"],
          ["testFlakyFailure", undefined, undefined, 1, "junit.framework.AssertionFailedError"],
        ]);
      });
    });
  },
);

const report = (cases: string) => `<testsuite name="s">${cases}</testsuite>`;
const pass = (name: string, time = "0.1") => `<testcase classname="C" name="${name}" time="${time}"/>`;
const fail = (name: string, file?: string) =>
  `<testcase classname="C" name="${name}"${file ? ` file="${file}" line="3"` : ""}><failure message="boom ${name}">trace of ${name}</failure></testcase>`;
const base = (name: string, outcome: TestLike["outcome"]): TestLike => ({
  id: testId("s", "C", name),
  suite: "s",
  classname: "C",
  name,
  outcome,
});

describe("the insight of a job's tests", () => {
  test("against a baseline: new failures first (then by file), fixed, still failing, disappeared", async () => {
    const a = await testsOf(
      report(fail("z_old", "b.py") + fail("new_b", "b.py") + pass("fixed") + fail("new_a", "a.py")),
    );
    const b = await testsOf(report(pass("other") + fail("no_file")), "b.xml");
    const { insight, ordered } = insightOf([a, b], {
      found: true,
      description: "main at abc",
      tests: [
        base("z_old", "failed"),
        base("fixed", "error"),
        base("gone", "passed"),
        base("no_file", "flaky"),
        base("other", "passed"),
      ],
    });
    expect(ordered.map((t) => t.name)).toEqual(["new_a", "new_b", "no_file", "z_old"]);
    expect(insight.failing.items.map((t) => [t.name, t.isNew ?? false])).toEqual([
      ["new_a", true],
      ["new_b", true],
      ["no_file", true],
      ["z_old", false],
    ]);
    const c = insight.comparison!;
    expect(c.newFailures.items.map((t) => [t.name, t.before])).toEqual([
      ["new_b", undefined],
      ["new_a", undefined],
      ["no_file", "flaky"],
    ]);
    expect(c.fixed.items.map((t) => [t.name, t.before])).toEqual([["fixed", "error"]]);
    expect(c.stillFailing.items.map((t) => t.name)).toEqual(["z_old"]);
    expect(c.removed.items.map((t) => t.name)).toEqual(["gone"]);
    expect(insight.failing.items[0]!.stack).toBe("trace of new_a");
  });

  test("10 000 failing tests: the manifest's lists are capped with their totals, stacks are bounded", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `line ${i} ${"x".repeat(200)}`).join("\n");
    const cases = Array.from(
      { length: 10_000 },
      (_, i) =>
        `<testcase classname="C" name="t${i}" time="${i / 1000}"><failure message="m">${long}</failure></testcase>`,
    ).join("");
    const run = await testsOf(report(cases));
    expect(run.stacks.size).toBe(MAX_STACKS);
    for (const s of run.stacks.values()) {
      expect(Buffer.byteLength(s)).toBeLessThanOrEqual(STACK_BYTES + 3);
      expect(s.split("\n").length).toBeLessThanOrEqual(STACK_LINES);
    }
    const { insight } = insightOf([run], {
      found: true,
      description: "main",
      tests: Array.from({ length: 10_000 }, (_, i) => base(`gone${i}`, "passed")),
    });
    expect(insight.failing.total).toBe(10_000);
    expect(insight.failing.items).toHaveLength(MAX_LISTED);
    expect(insight.comparison!.newFailures.total).toBe(10_000);
    expect(insight.comparison!.removed.total).toBe(10_000);
    expect(insight.comparison!.removed.items.length).toBeLessThan(10_000);
    expect(insight.slowest.map((t) => t.name)).toEqual(Array.from({ length: 10 }, (_, i) => `t${9999 - i}`));
    expect(Buffer.byteLength(JSON.stringify(insight))).toBeLessThan(2 * 1024 * 1024);
  });

  test("a baseline from a server or cache entry is untrusted: huge names are cut, odd lines dropped", async () => {
    const run = await testsOf(report(pass("t")));
    const huge = "n".repeat(100_000);
    const { insight } = insightOf([run], {
      found: true,
      description: "main",
      tests: [{ ...base(huge, "passed"), line: -4, duration: Number.NaN, file: huge }],
    });
    const removed = insight.comparison!.removed.items[0]!;
    expect(Buffer.byteLength(removed.name)).toBeLessThanOrEqual(1024 + 3);
    expect(Buffer.byteLength(removed.file!)).toBeLessThanOrEqual(1024 + 3);
    expect(removed.line).toBeUndefined();
    expect(removed.duration).toBe(0);
  });
});

/**
 * The per-test model (src/core/junit/tests.ts) over real reports: file and line, outcomes, retries and FLAKY for
 * named cases of named files (Surefire, Gradle, pytest, pytest-rerunfailures, Jest, Go, .NET); the same model read
 * whole and in 1- and 7-byte chunks; over the whole corpus, the counts the Summarizer gives plus `flaky`.
 */
import { describe, expect, it } from "@jest/globals";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { TestResult } from "../../src/core/junit/tests.js";
import { collect } from "../helpers/details.js";
import { withShared } from "../helpers/shared.js";
import { modelInChunks, modelOf } from "../helpers/test-model.js";

withShared("fixtures/junit", "the per-test model over the JUnit corpus", () => {
  const corpus = path.resolve(process.cwd(), "../shared/fixtures/junit");
  const read = (rel: string) => readFileSync(path.join(corpus, rel));
  /** The one test of `rel` with this classname and name (fails when there is none or more). */
  const test = (rel: string, classname: string, name: string): TestResult => {
    const found = modelOf(read(rel)).tests.filter((t) => t.classname === classname && t.name === name);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  describe("Surefire", () => {
    it("TEST-org.acme.FlakyTest.xml: three flakyFailure and a flakyError make testFlaky FLAKY, counted as passed", () => {
      const rel = "apache-maven-surefire/TEST-org.acme.FlakyTest.xml";
      expect(test(rel, "org.acme.FlakyTest", "testFlaky")).toEqual({
        id: '["org.acme.FlakyTest","org.acme.FlakyTest","testFlaky"]',
        suite: "org.acme.FlakyTest",
        classname: "org.acme.FlakyTest",
        name: "testFlaky",
        file: "FlakyTest.java",
        line: 18,
        outcome: "flaky",
        duration: 0.034,
        retries: 4,
        failure: { type: "org.opentest4j.AssertionFailedError", message: "expected: <1> but was: <0>" },
      });
      expect(test(rel, "org.acme.FlakyTest", "testStable")).toMatchObject({ outcome: "passed", retries: 0 });
      expect(modelOf(read(rel)).counts).toEqual({
        tests: 2,
        passed: 2,
        failures: 0,
        errors: 0,
        skipped: 0,
        time: 0.035,
        flaky: 1,
      });
    });

    it("junit-surefire3-flaky-input.xml: flakyFailure makes test1 FLAKY; rerunFailure leaves test3 failed", () => {
      const rel = "jenkins-xunit-plugin/junit-surefire3-flaky-input.xml";
      expect(test(rel, "surefire3.FlakyTest", "test1")).toMatchObject({
        file: "FlakyTest.java",
        line: 14,
        outcome: "flaky",
        retries: 3,
        failure: { type: "java.lang.AssertionError", message: "java.lang.AssertionError" },
      });
      expect(test(rel, "surefire3.FlakyTest", "test3")).toMatchObject({
        file: "FlakyTest.java",
        line: 28,
        outcome: "failed",
        retries: 5,
      });
      expect(test(rel, "surefire3.FlakyTest", "test2")).toMatchObject({ outcome: "passed", retries: 0 });
      expect(modelOf(read(rel)).counts).toMatchObject({ tests: 3, passed: 2, failures: 1, flaky: 1 });
    });

    it("gh-237 FlakyTest.xml and maven_surefire_flaky: the frame in the test's class, after the framework's", () => {
      expect(
        test("jenkins-junit-plugin/gh-237-TEST-io.olamy.FlakyTest.xml", "io.olamy.FlakyTest", "testApp"),
      ).toMatchObject({
        file: "FlakyTest.java",
        line: 27,
        outcome: "flaky",
        retries: 2,
        failure: { message: "obvious fail" },
      });
      const soda = "io.sodadata.dependson.soda.integrations.msteams.MicrosoftTeamsCrudTest";
      expect(
        test("mikepenz-action-junit-report/maven_surefire_flaky-surefire-report.xml", soda, "createWebhook"),
      ).toMatchObject({
        file: "MicrosoftTeamsCrudTest.java",
        line: 58,
        outcome: "flaky",
        retries: 1,
        failure: { type: "java.lang.AssertionError", message: "Expected: <false>" },
      });
    });

    it("junit-report-huge.xml: flaky and rerun elements among 7580 cases leave the counts as they were", () => {
      const rel = "jenkins-junit-plugin/junit-report-huge.xml";
      const run = modelOf(read(rel));
      expect(run.counts).toMatchObject({ tests: 7580, passed: 5131, failures: 19, skipped: 2430, flaky: 1 });
      const retried = run.tests
        .filter((t) => t.retries > 0)
        .map((t) => [t.classname, t.name, t.outcome, t.retries]);
      expect(retried).toEqual([
        ["p2.S19.SomeLongLongLongLongLongTestName_1", "Run 0", "flaky", 2],
        ["p2.S19.SomeLongLongLongLongLongTestName_5", "Run 0", "failed", 3],
      ]);
    });
  });

  it("Gradle (junit-xml-1.1-input.xml): a pass with no location and no retry", () => {
    expect(test("jenkins-xunit-plugin/junit-xml-1.1-input.xml", "MyTest", "myTest")).toEqual({
      id: '["MyTest","MyTest","myTest"]',
      suite: "MyTest",
      classname: "MyTest",
      name: "myTest",
      outcome: "passed",
      duration: 0,
      retries: 0,
    });
  });

  describe("pytest", () => {
    it("pytest-report.xml: the module path from the classname, the line from the traceback", () => {
      const rel = "mikepenz-action-junit-report/pytest-report.xml";
      expect(test(rel, "python.test_sample", "test_which_fails")).toMatchObject({
        file: "python/test_sample.py",
        line: 10,
        outcome: "failed",
        failure: { message: "AssertionError: assert 'test' == 'xyz'" },
      });
      expect(test(rel, "python.test_sample", "test_with_error")).toMatchObject({
        file: "python/test_sample.py",
        line: 14,
      });
      const passed = test(rel, "python.test_sample", "test_which_succeeds");
      expect([passed.file, passed.line]).toEqual(["python/test_sample.py", undefined]);
    });

    it("pytest-junit.gloo.standalone.xml: file and line attributes", () => {
      const rel = "enricomi-publish-unit-test-result-action/pytest-junit.gloo.standalone.xml";
      expect(test(rel, "test.test_spark.SparkTests", "test_check_shape_compatibility")).toMatchObject({
        file: "test/test_spark.py",
        line: 1408,
        outcome: "passed",
      });
    });

    it("flaky_with_classname_file.xml (rerunfailures): failed, errored, passed is one FLAKY test; the counts stay", () => {
      const rel = "mikepenz-action-junit-report/flaky_with_classname_file.xml";
      const run = modelOf(read(rel));
      expect(run.tests.map((t) => [t.classname, t.name, t.outcome, t.retries])).toEqual([
        ["test_foo.TestFoo", "test_foo", "flaky", 2],
        ["test_bar.TestBar", "test_foo", "passed", 0],
        ["test_baz.TestBaz", "test_baz", "passed", 0],
      ]);
      expect(run.tests[0]).toMatchObject({
        file: "/home/runner/work/foo/bar/test_foo.py",
        line: 42,
        duration: 5.526,
        failure: { message: "it broke" },
      });
      expect(run.counts).toEqual({
        tests: 5,
        passed: 3,
        failures: 1,
        errors: 1,
        skipped: 0,
        time: 6.526,
        flaky: 1,
      });
    });
  });

  it("Jest (jest-test-results-large-crlf.xml): the test file's frame, not node_modules or the library's", () => {
    const rel = "dorny-test-reporter/jest-test-results-large-crlf.xml";
    const failed = modelOf(read(rel)).tests.filter((t) => t.outcome === "failed");
    expect(failed.map((t) => [t.suite, t.name, t.file, t.line, t.failure?.message])).toEqual([
      [
        "e2e/__tests__/jestChangedFiles.test.ts",
        "gets changed files for hg",
        "/home/dorny/dorny/jest/e2e/__tests__/jestChangedFiles.test.ts",
        418,
        "Error: abort: empty revision range",
      ],
      [
        "e2e/__tests__/onlyChanged.test.ts",
        "gets changed files for hg",
        "/home/dorny/dorny/jest/e2e/__tests__/onlyChanged.test.ts",
        360,
        "Error: expect(received).toMatch(expected)",
      ],
    ]);
  });

  it("Go (go-junit-report 001-report.xml, gotestsum): the _test.go line of the failure or skip text", () => {
    const rel = "go-junit-report/001-report.xml";
    expect(test(rel, "package/fail", "TestOne")).toMatchObject({
      file: "fail_test.go",
      line: 6,
      outcome: "failed",
      failure: { message: "Failed" },
    });
    expect(test(rel, "package/skip", "TestSkipNow")).toMatchObject({
      file: "skip_test.go",
      line: 10,
      outcome: "skipped",
    });
    const parallel = "gotest.tools/gotestsum/testjson/internal/parallelfails";
    expect(test("gotestsum/junitxml-report.xml", parallel, "TestNestedParallelFailures/a")).toMatchObject({
      file: "fails_test.go",
      line: 50,
      outcome: "failed",
    });
  });

  it(".NET (xsl-mstest-result-6.xml): the ' in File.cs:line N' frame", () => {
    expect(
      test("jenkins-xunit-plugin/xsl-mstest-result-6.xml", "AccountTest2.AccountTest", "MTestFail"),
    ).toMatchObject({
      file: "c:\\Jenkins_Home\\jobs\\NUnit_Quick_Learning\\workspace\\AccountTest2\\AccountMTest.cs",
      line: 253,
      outcome: "failed",
      failure: { message: "Assert.Fail failed. Always fails" },
    });
    const xunit = modelOf(read("enricomi-publish-unit-test-result-action/xunit-net-bom-crlf.xml")).tests;
    expect(xunit.map((t) => [t.name, t.outcome, t.file, t.line])).toEqual([
      ["mytestapp.Tests.AttriubteTests.SetTestNoFeature", "passed", undefined, undefined],
      ["mytestapp.Tests.AttriubteTests.GetTestNoFeature", "passed", undefined, undefined],
    ]);
  });

  const named = [
    "apache-maven-surefire/TEST-org.acme.FlakyTest.xml",
    "jenkins-xunit-plugin/junit-surefire3-flaky-input.xml",
    "jenkins-xunit-plugin/junit-xml-1.1-input.xml",
    "mikepenz-action-junit-report/pytest-report.xml",
    "mikepenz-action-junit-report/flaky_with_classname_file.xml",
    "go-junit-report/001-report.xml",
    "jenkins-xunit-plugin/xsl-mstest-result-6.xml",
    "enricomi-publish-unit-test-result-action/xunit-net-bom-crlf.xml",
  ];
  it.each(named)("%s: the same model whole and in 1- and 7-byte chunks", async (rel) => {
    const bytes = read(rel);
    const whole = modelOf(bytes);
    for (const size of [1, 7]) expect(await modelInChunks(bytes, size)).toEqual(whole);
  });

  describe("the whole corpus", () => {
    const skip = new Set(["malformed", "non-junit", "schemas", "hostile"]);
    const files: string[] = [];
    const walk = (rel: string): void => {
      for (const name of readdirSync(path.join(corpus, rel)).sort()) {
        const child = rel ? `${rel}/${name}` : name;
        if (statSync(path.join(corpus, child)).isDirectory()) {
          if (rel !== "" || !skip.has(name)) walk(child);
        } else if (child.endsWith(".xml")) files.push(child);
      }
    };
    walk("");

    it.each(files)(
      "%s: the Summarizer's counts plus flaky, one test per id, the same in 7-byte chunks",
      async (rel) => {
        const bytes = read(rel);
        const run = modelOf(bytes);
        const { summary } = collect(bytes);
        const { tests, passed, failures, errors, skipped, time } = summary;
        expect(run.counts).toEqual({
          tests,
          passed,
          failures,
          errors,
          skipped,
          time,
          flaky: run.counts.flaky,
        });
        expect(run.counts.flaky).toBe(run.tests.filter((t) => t.outcome === "flaky").length);
        expect(new Set(run.tests.map((t) => t.id)).size).toBe(run.tests.length);
        expect(run.tests.length).toBeLessThanOrEqual(tests);
        for (const t of run.tests) {
          if (t.line !== undefined) expect(t.file).toBeDefined();
          if (t.failure?.message !== undefined) expect(t.failure.message).not.toMatch(/\n/);
          if (t.outcome === "passed" || t.outcome === "skipped") expect(t.failure).toBeUndefined();
        }
        expect(await modelInChunks(bytes, 7)).toEqual(run);
      },
    );
  });
});

import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import type { Insight } from "../../../src/action/insight/collect.js";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { insightOrWarning } from "../../../src/action/main.js";
import { manifestPath, type Manifest } from "../../../src/action/manifest.js";
import {
  cacheServes,
  commentText,
  failOnReason,
  type InsightResult,
} from "../../../src/action/insight/step.js";
import { WorkspaceFiles } from "../../../src/action/insight/workspace-paths.js";
import { testId, type TestResult } from "../../../src/core/junit/tests.js";

function t(name: string, outcome: TestResult["outcome"] = "failed"): TestResult {
  return {
    id: testId("s", "pkg.C", name),
    suite: "s",
    classname: "pkg.C",
    name,
    outcome,
    duration: 0,
    retries: 0,
  };
}

function result(failing: TestResult[], fresh: string[], found: boolean): InsightResult {
  const insight: Insight = {
    tests: failing.length,
    flaky: 0,
    failing: { total: failing.length, items: [] },
    flakyTests: { total: 0, items: [] },
    slowest: [],
    baseline: {
      found,
      description: found ? "main at abc1234" : "no baseline on main: the Jux API has no run",
    },
    truncated: false,
  };
  return {
    insight,
    outputs: {},
    failing,
    isNew: (x) => fresh.includes(x.name),
    files: new WorkspaceFiles(tmpdir()),
  };
}

let written: string[];
beforeEach(() => {
  written = [];
  jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe("fail_on", () => {
  const failing = ["a", "b", "c", "d", "e", "f", "g"].map((n) => t(n));

  test("nothing never fails; failures names how many and the first five", () => {
    expect(failOnReason("nothing", result(failing, [], true))).toBeUndefined();
    expect(failOnReason("failures", result(failing, [], true))).toBe(
      "fail_on failures: 7 test(s) failed: pkg.C › a, pkg.C › b, pkg.C › c, pkg.C › d, pkg.C › e and 2 more (see the annotations and the job summary)",
    );
    expect(failOnReason("failures", result([], [], true))).toBeUndefined();
  });

  test("new-failures: only the new ones, against the baseline it names", () => {
    expect(failOnReason("new-failures", result(failing, ["c"], true))).toBe(
      "fail_on new-failures: 1 new failure(s) against main at abc1234: pkg.C › c (see the annotations and the job summary)",
    );
    expect(failOnReason("new-failures", result(failing, [], true))).toBeUndefined();
  });

  test("new-failures without a baseline: no failure is new; one warning says so and why", () => {
    expect(failOnReason("new-failures", result(failing, [], false))).toBeUndefined();
    expect(written).toEqual([
      "::warning::jux: fail_on new-failures: 7 test(s) failed but none can be called new: no baseline on main: the Jux API has no run; the step does not fail for them\n",
    ]);
  });

  test("a test name cannot start a workflow command in the failure line", () => {
    const evil = t("x\n::set-env name=A::1\u0007");
    expect(failOnReason("failures", result([evil], [], true))).toBe(
      "fail_on failures: 1 test(s) failed: pkg.C › x\\u000a::set-env name=A::1\\u0007 (see the annotations and the job summary)",
    );
  });
});

describe("the pull-request comment's text", () => {
  test("a heading naming the workflow and job (escaped), the totals, the sections", () => {
    const r = result([t("a")], ["a"], true);
    const none = { total: 0, items: [] };
    r.insight.comparison = {
      newFailures: { total: 1, items: [] },
      fixed: none,
      stillFailing: none,
      removed: none,
    };
    const text = commentText(
      r.insight,
      { GITHUB_WORKFLOW: "CI [nightly]", GITHUB_JOB: "test" },
      "**1 tests**: 1 failed.",
    );
    expect(text.startsWith("## Jux: tests of CI \\[nightly\\] / test\n\n**1 tests**: 1 failed.\n\n")).toBe(
      true,
    );
    expect(text).toContain("### Compared with main at abc1234");
  });
});

describe("the Actions cache is kept as the baseline when the Jux API cannot be one", () => {
  test("no route (an upstream Jux server) or no answer: the cache serves; a server that answered: it does not", () => {
    const b = (server?: "found" | "none" | "no-route" | "unavailable") => ({
      found: false as const,
      description: "x",
      ...(server ? { server } : {}),
    });
    expect(cacheServes(b("no-route"))).toBe(true);
    expect(cacheServes(b("unavailable"))).toBe(true);
    expect(cacheServes(b("none"))).toBe(false);
    expect(cacheServes(b("found"))).toBe(false);
    expect(cacheServes(b())).toBe(false);
  });
});

describe("main: the comparison never costs the reports", () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), "jux-insight-main-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const manifest = (): Manifest => ({ dir, mode: "local", reports: [], failed: [] }) as unknown as Manifest;
  const context = {} as Parameters<typeof insightOrWarning>[0];

  test("a failure in the comparison is one warning; nothing is thrown, no insight is kept", async () => {
    const m = manifest();
    const got = await insightOrWarning(context, m, () => Promise.reject(new Error("heap out of reach")));
    expect(got).toBeUndefined();
    expect(m.insight).toBeUndefined();
    expect(written).toEqual([
      "::warning::jux: the tests could not be compared: heap out of reach; the reports are kept and handed over all the same, without the test insight\n",
    ]);
  });

  test("the insight is written into the manifest again (post's summary reads it)", async () => {
    const m = manifest();
    const r = result([t("a")], ["a"], true);
    expect(await insightOrWarning(context, m, () => Promise.resolve(r))).toBe(r);
    const kept = JSON.parse(readFileSync(manifestPath(dir), "utf8")) as Manifest;
    expect(kept.insight).toEqual(r.insight);
  });
});

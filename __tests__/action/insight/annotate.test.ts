import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { annotateFailures } from "../../../src/action/insight/annotate.js";
import {
  failedTestsJson,
  MAX_FAILED_TESTS,
  MAX_FAILED_TESTS_BYTES,
} from "../../../src/action/insight/outputs.js";
import { WorkspaceFiles, workspacePath } from "../../../src/action/insight/workspace-paths.js";
import { STEP_CAP } from "../../../src/action/annotations.js";
import { testId, type TestResult } from "../../../src/core/junit/tests.js";

function workspace(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "jux-ws-paths-"));
  for (const f of files) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), "x\n");
  }
  return dir;
}

function result(name: string, o: Partial<TestResult> = {}): TestResult {
  return {
    id: testId("s", "org.acme.C", name),
    suite: "s",
    classname: "org.acme.C",
    name,
    outcome: "failed",
    duration: 0.1,
    retries: 0,
    failure: { type: "E", message: `boom ${name}` },
    ...o,
  };
}

describe("a test's file as a workspace path", () => {
  const ws = workspace([
    "src/test/java/org/acme/FooTest.java",
    "legacy/org/old/FooTest.java",
    "tests/test_x.py",
    "only/Unique.java",
    "node_modules/pkg/Dep.test.js",
    ".hidden/Secret.java",
  ]);
  const files = new WorkspaceFiles(ws);

  test("relative paths that exist stay; absolute ones inside the workspace become relative", () => {
    expect(workspacePath("tests/test_x.py", files)).toBe("tests/test_x.py");
    expect(workspacePath("./tests/test_x.py", files)).toBe("tests/test_x.py");
    expect(workspacePath(join(ws, "tests/test_x.py"), files)).toBe("tests/test_x.py");
    expect(workspacePath("tests\\test_x.py", files)).toBe("tests/test_x.py");
  });

  test("a bare name is linked when one file has it, or one is in the class's package folder; else not", () => {
    expect(workspacePath("Unique.java", files)).toBe("only/Unique.java");
    expect(workspacePath("FooTest.java", files)).toBeUndefined();
    expect(workspacePath("FooTest.java", files, "org.acme.FooTest")).toBe(
      "src/test/java/org/acme/FooTest.java",
    );
    expect(workspacePath("FooTest.java", files, "org.acme.FooTest$Inner")).toBe(
      "src/test/java/org/acme/FooTest.java",
    );
    expect(workspacePath("acme/FooTest.java", files)).toBe("src/test/java/org/acme/FooTest.java");
  });

  test("outside the workspace, above it, dependencies, hidden folders: not linked", () => {
    expect(workspacePath("/etc/passwd", files)).toBeUndefined();
    expect(workspacePath("../outside.py", files)).toBeUndefined();
    expect(workspacePath("tests/../../outside.py", files)).toBeUndefined();
    expect(workspacePath("Dep.test.js", files)).toBeUndefined();
    expect(workspacePath("Secret.java", files)).toBeUndefined();
    expect(workspacePath("C:\\agent\\work\\Foo.cs", files)).toBeUndefined();
    expect(workspacePath("nul\0byte.py", files)).toBeUndefined();
  });

  test("the index is bounded: a workspace of more entries is partly searched, and says so", () => {
    const big = mkdtempSync(join(tmpdir(), "jux-ws-big-"));
    for (let f = 0; f < 1200; f++) writeFileSync(join(big, `f${f}.txt`), "");
    mkdirSync(join(big, "z", "deep"), { recursive: true });
    writeFileSync(join(big, "z", "deep", "Late.java"), "");
    expect(workspacePath("Late.java", new WorkspaceFiles(big))).toBe("z/deep/Late.java");
    // Breadth first: the top level's 1 201 entries use the whole bound before any folder is read.
    const index = new WorkspaceFiles(big, 1000);
    expect(workspacePath("Late.java", index)).toBeUndefined();
    expect(index.partial).toBe(true);
  });

  test("a symbolic link loop is not followed", () => {
    const loop = workspace(["a/One.java"]);
    symlinkSync(join(loop, "a"), join(loop, "a", "again"));
    expect(workspacePath("One.java", new WorkspaceFiles(loop))).toBe("a/One.java");
  });
});

describe("failing tests' annotations within GitHub's caps", () => {
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

  test("new failures first, within the budget, the rest counted in one line; file, line and title escaped", () => {
    const ws = workspace(["a/A.java", "b/B.java"]);
    const tests = Array.from({ length: 20 }, (_, i) =>
      result(`t${i},x:y`, { file: i % 2 ? "b/B.java" : "a/A.java", line: i + 1 }),
    );
    const isNew = (t: TestResult) => t.name.startsWith("t1");
    const ordered = [...tests.filter(isNew), ...tests.filter((t) => !isNew(t))];
    const emitted = annotateFailures(ordered, isNew, new WorkspaceFiles(ws), STEP_CAP - 1);
    expect(emitted).toBe(STEP_CAP - 1);
    const lines = written.filter((l) => l.startsWith("::error"));
    expect(lines).toHaveLength(STEP_CAP - 1);
    expect(lines[0]).toBe(
      "::error title=t1%2Cx%3Ay,file=b/B.java,line=2::NEW failure: org.acme.C › t1,x:y (suite s)%0AE: boom t1,x:y\n",
    );
    expect(lines.slice(0, 8).every((l) => l.includes("NEW failure"))).toBe(true);
    expect(lines[8]).toBe("::error::12 more failing test(s): see the log and the job summary\n");
  });

  test("with 10 000 failing tests, as many lines as the budget, and the workspace is never indexed for the rest", () => {
    const tests = Array.from({ length: 10_000 }, (_, i) =>
      result(`t${i}`, { file: `Bare${i}.java`, line: 1 }),
    );
    const files = new WorkspaceFiles(workspace(["Bare1.java"]));
    const named = jest.spyOn(files, "named");
    annotateFailures(tests, () => false, files, 5);
    expect(written.filter((l) => l.startsWith("::error"))).toHaveLength(5);
    expect(named).toHaveBeenCalledTimes(5);
    expect(written.at(-1)).toBe("::error::9996 more failing test(s): see the log and the job summary\n");
  });

  test("a budget of 0 (the step's errors used it) emits nothing", () => {
    expect(annotateFailures([result("t")], () => true, new WorkspaceFiles(workspace([])), 0)).toBe(0);
    expect(written.filter((l) => l.startsWith("::"))).toEqual([]);
  });
});

describe("failed_tests", () => {
  test("at most 100 entries and 64 KiB, valid JSON, in the given order", () => {
    const many = Array.from({ length: 150 }, (_, i) => result(`t${i}`, { file: "a.py", line: i + 1 }));
    const small = JSON.parse(failedTestsJson(many)) as { name: string; line: number }[];
    expect(small).toHaveLength(MAX_FAILED_TESTS);
    expect(small[0]).toEqual({
      suite: "s",
      classname: "org.acme.C",
      name: "t0",
      file: "a.py",
      line: 1,
      message: "boom t0",
    });
    const big = Array.from({ length: 100 }, (_, i) =>
      result(`t${i}`, { failure: { message: "m".repeat(2000) } }),
    );
    const text = failedTestsJson(big);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_FAILED_TESTS_BYTES);
    expect((JSON.parse(text) as unknown[]).length).toBeLessThan(100);
    expect(failedTestsJson([])).toBe("[]");
  });
});

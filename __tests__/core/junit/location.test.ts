import { describe, expect, it } from "@jest/globals";
import { locate, pytestModulePath, type LocationInput } from "../../../src/core/junit/location.js";

const at = (input: Partial<LocationInput>) => locate({ suite: "s", classname: "", texts: [], ...input });

describe("attributes", () => {
  it("takes the file and line attributes first, over any frame", () => {
    expect(at({ file: "main.c", line: "44", texts: ["x/y_test.go:3: no"] })).toEqual({
      file: "main.c",
      line: 44,
    });
  });

  it("keeps a file without a usable line, and ignores a line that is not a positive whole number", () => {
    for (const line of ["0", "-3", "1.5", "abc", "", "99999999999999999999"])
      expect(at({ file: " a.php ", line })).toEqual({ file: "a.php" });
  });

  it("finds the line in a frame of the known file only", () => {
    const texts = ["at x (/r/lib/util.js:3:1)\n    at Object.<anonymous> (/r/src/a.test.js:12:5)"];
    expect(at({ file: "src/a.test.js", texts })).toEqual({ file: "src/a.test.js", line: 12 });
    expect(at({ file: "src/other.js", texts })).toEqual({ file: "src/other.js" });
  });
});

describe("pytest", () => {
  it("turns a classname into a module path: the segments before the first class", () => {
    expect(pytestModulePath("pytest", "tests.test_x.TestY")).toBe("tests/test_x.py");
    expect(pytestModulePath("pytest", "python.test_sample")).toBe("python/test_sample.py");
    expect(pytestModulePath("pytest", "TestTop")).toBeUndefined();
    expect(pytestModulePath("pytest", "")).toBeUndefined();
    expect(pytestModulePath("my-suite", "tests.test_x")).toBeUndefined();
  });

  it("takes the line from the failure's frame in that module", () => {
    const texts = [
      ">   assert x\nE   AssertionError\n\nlib/helpers.py:3: in check\npython/test_sample.py:10: AssertionError",
    ];
    expect(at({ suite: "pytest", classname: "python.test_sample", texts })).toEqual({
      file: "python/test_sample.py",
      line: 10,
    });
  });
});

describe("frames", () => {
  it("Python: prefers the classname's module, else the first frame; both traceback styles", () => {
    const text = 'File "/w/lib/x.py", line 7, in f\n  /w/tests/test_m.py:21: in test\n';
    expect(at({ classname: "tests.test_m.TestK", texts: [text] })).toEqual({
      file: "/w/tests/test_m.py",
      line: 21,
    });
    expect(at({ classname: "other", texts: [text] })).toEqual({ file: "/w/lib/x.py", line: 7 });
  });

  it("JVM: only a frame in the testcase's class (or a nested class), never the framework's frames", () => {
    const text =
      "org.opentest4j.AssertionFailedError: boom\n\tat org.junit.Assert.fail(Assert.java:55)\n" +
      "\tat org.acme.FooTest$Inner.lambda$0(FooTest.java:31)\n\tat org.acme.FooTest.check(FooTest.java:12)";
    expect(at({ classname: "org.acme.FooTest", texts: [text] })).toEqual({ file: "FooTest.java", line: 31 });
    expect(at({ classname: "org.acme.Other", texts: [text] })).toEqual({});
    expect(at({ classname: "k.SpecTest", texts: ["\tat k.SpecTest.t(SpecTest.kt:9)"] })).toEqual({
      file: "SpecTest.kt",
      line: 9,
    });
  });

  it("JavaScript: skips node_modules and node internals, prefers a test file", () => {
    const text =
      "Error: x\n    at makeError (/r/node_modules/execa/lib/error.js:59:11)\n" +
      "    at processTicksAndRejections (internal/process/task_queues.js:97:5)\n" +
      "    at find (/r/packages/hg.js:99:16)\n    at Object.<anonymous> (/r/e2e/__tests__/hg.test.ts:418:28)";
    expect(at({ texts: [text] })).toEqual({ file: "/r/e2e/__tests__/hg.test.ts", line: 418 });
    expect(at({ texts: ["    at find (/r/packages/hg.js:99:16)"] })).toEqual({
      file: "/r/packages/hg.js",
      line: 99,
    });
    expect(at({ texts: ["    at node:internal/x:1:2\n    at /r/node_modules/a.js:1:1"] })).toEqual({});
  });

  it("Go and .NET", () => {
    expect(at({ texts: ["    fail_test.go:6: Error message\n    fail_test.go:7: Longer"] })).toEqual({
      file: "fail_test.go",
      line: 6,
    });
    expect(at({ texts: [" at A.B.C() in c:\\w\\AccountMTest.cs:line 253\n"] })).toEqual({
      file: "c:\\w\\AccountMTest.cs",
      line: 253,
    });
  });

  it("searches the texts in order and stops at the first with a frame; none at all gives nothing", () => {
    expect(at({ texts: ["no frame", "a_test.go:2: x", "b_test.go:3: y"] })).toEqual({
      file: "a_test.go",
      line: 2,
    });
    expect(at({ texts: ["tsconfig.json:13:3 - error TS6258"] })).toEqual({});
  });

  it("stays near linear on adversarial text (no pattern backtracks over a whole line per frame)", () => {
    const n = 16_000;
    const texts = [
      "at ".repeat(n / 3),
      " in " + "a".repeat(n),
      "at " + "a.".repeat(n / 2),
      " " + "a/".repeat(n / 2),
    ];
    const started = Date.now();
    for (const text of texts)
      expect(at({ suite: "pytest", classname: "a.b", texts: [text] })).toEqual({ file: "a/b.py" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("reads only the first 16 KiB of a text", () => {
    const far = "x".repeat(20_000) + "\n    a_test.go:2: x";
    expect(at({ texts: [far] })).toEqual({});
  });
});

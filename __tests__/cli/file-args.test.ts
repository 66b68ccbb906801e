/**
 * The expansion of report operands in process: the order typed, directories, -r, patterns (the small
 * matcher), each file once, per-operand problems that name the fix, and where -o DIR puts each signed copy.
 */
import { afterAll, describe, expect, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parseArgs } from "node:util";
import {
  batchStatus,
  expandInputs,
  isProblem,
  operandsOf,
  outputsUnder,
  type InputItem,
} from "../../src/cli/file-args.js";
import { expandBraces, patternRegExp, splitPattern } from "../../src/cli/glob.js";
import type { CliIo } from "../../src/core/command/io.js";

const root = mkdtempSync(join(tmpdir(), "jux-file-args-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** reports/{a,b}.xml, reports/notes.txt, reports/.hidden.xml, reports/unit/c.xml, reports/unit/deep/d.xml,
 * reports/.cache/e.xml, empty/ */
function tree(): string {
  const dir = mkdtempSync(join(root, "tree-"));
  for (const f of [
    "a.xml",
    "b.xml",
    "notes.txt",
    ".hidden.xml",
    "unit/c.xml",
    "unit/deep/d.xml",
    ".cache/e.xml",
  ]) {
    mkdirSync(join(dir, "reports", f, ".."), { recursive: true });
    writeFileSync(join(dir, "reports", f), "<testsuite/>");
  }
  mkdirSync(join(dir, "empty"));
  return dir;
}

function io(cwd: string): CliIo {
  return { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd };
}

async function expand(cwd: string, operands: string[], recursive = false) {
  return expandInputs(operands, io(cwd), { cwd, recursive });
}

const names = (items: InputItem[]) => items.map((i) => (isProblem(i) ? `!${i.problem}` : i.source));

describe("operandsOf", () => {
  test("keeps the order typed: -f values, several files after one -f, and positionals", () => {
    const options = {
      file: { type: "string", short: "f", multiple: true },
      json: { type: "boolean" },
    } as const;
    const { tokens } = parseArgs({
      args: ["-f", "a.xml", "b.xml", "--json", "-f", "c.xml", "d.xml", "--", "-e.xml"],
      options,
      allowPositionals: true,
      tokens: true,
    });
    expect(operandsOf(tokens, "file")).toEqual(["a.xml", "b.xml", "c.xml", "d.xml", "-e.xml"]);
  });
});

describe("the pattern matcher", () => {
  test.each([
    ["*.xml", "a.xml", true],
    ["*.xml", "unit/a.xml", false],
    ["*.xml", ".hidden.xml", false],
    [".*.xml", ".hidden.xml", true],
    ["**/*.xml", "a.xml", true],
    ["**/*.xml", "unit/deep/d.xml", true],
    ["**/*.xml", ".cache/e.xml", false],
    ["unit/**", "unit/deep/d.xml", true],
    ["TEST-?.xml", "TEST-1.xml", true],
    ["TEST-?.xml", "TEST-12.xml", false],
    ["[ab].xml", "b.xml", true],
    ["[!ab].xml", "b.xml", false],
    ["a+b(1).xml", "a+b(1).xml", true],
  ])("%s against %s: %p", (pattern, path, matches) => {
    expect(patternRegExp(pattern).test(path)).toBe(matches);
  });

  test("braces expand, nested and in sequence; a brace without a comma stays literal", () => {
    expect(expandBraces("{unit,it}/*.{xml,XML}")).toEqual([
      "unit/*.xml",
      "unit/*.XML",
      "it/*.xml",
      "it/*.XML",
    ]);
    expect(expandBraces("a{b,c{d,e}}")).toEqual(["ab", "acd", "ace"]);
    expect(expandBraces("a{b}.xml")).toEqual(["a{b}.xml"]);
  });

  test("the walk starts at the fixed leading part", () => {
    expect(splitPattern("reports/**/*.xml")).toEqual({ base: "reports", rest: "**/*.xml" });
    expect(splitPattern("*.xml")).toEqual({ base: ".", rest: "*.xml" });
    expect(splitPattern("/abs/x/*.xml")).toEqual({ base: "/abs/x", rest: "*.xml" });
  });
});

describe("expandInputs", () => {
  test("nothing, or '-': standard input, answered as one report", async () => {
    const dir = tree();
    for (const operands of [[], ["-"]]) {
      const { single, items } = await expand(dir, operands);
      expect(single).toBe(true);
      expect(names(items)).toEqual(["<stdin>"]);
    }
  });

  test("one file named as such is a single report, even when missing; a directory or pattern never is", async () => {
    const dir = tree();
    expect((await expand(dir, ["reports/a.xml"])).single).toBe(true);
    const missing = await expand(dir, ["nope.xml"]);
    expect(missing.single).toBe(true);
    expect(names(missing.items)).toEqual([
      `!cannot read nope.xml: no such file or directory (ENOENT); check the name and the current directory (${dir})`,
    ]);
    expect((await expand(dir, ["reports/unit"])).single).toBe(false);
    expect((await expand(dir, ["reports/unit/*.xml"])).single).toBe(false);
    expect((await expand(dir, ["reports/a.xml", "reports/b.xml"])).single).toBe(false);
  });

  test("a directory: its *.xml, not hidden ones; -r: below it too, hidden directories left out", async () => {
    const dir = tree();
    expect(names((await expand(dir, ["reports"])).items)).toEqual(["reports/a.xml", "reports/b.xml"]);
    expect(names((await expand(dir, ["reports/"], true)).items)).toEqual([
      "reports/a.xml",
      "reports/b.xml",
      "reports/unit/c.xml",
      "reports/unit/deep/d.xml",
    ]);
    const items = (await expand(dir, ["reports/unit"], true)).items;
    expect(items.map((i) => !isProblem(i) && i.rel)).toEqual(["c.xml", "deep/d.xml"]);
  });

  test("a pattern: expanded by jux, relative paths kept under its fixed part", async () => {
    const dir = tree();
    const items = (await expand(dir, ["reports/**/*.xml"])).items;
    expect(names(items)).toEqual([
      "reports/a.xml",
      "reports/b.xml",
      "reports/unit/c.xml",
      "reports/unit/deep/d.xml",
    ]);
    expect(items.map((i) => !isProblem(i) && i.rel)).toEqual([
      "a.xml",
      "b.xml",
      "unit/c.xml",
      "unit/deep/d.xml",
    ]);
    expect(names((await expand(dir, [join(dir, "reports", "{a,unit/c}.xml")])).items)).toEqual([
      join(dir, "reports/a.xml"),
      join(dir, "reports/unit/c.xml"),
    ]);
  });

  test("each file once, in the order first named; a file whose name looks like a pattern is taken as it is", async () => {
    const dir = tree();
    writeFileSync(join(dir, "reports", "[1].xml"), "<testsuite/>");
    const items = (await expand(dir, ["reports/b.xml", "reports", "./reports/a.xml", "reports/[1].xml"]))
      .items;
    expect(names(items)).toEqual(["reports/b.xml", "reports/[1].xml", "reports/a.xml"]);
  });

  test("an operand without reports is a problem of its own that says what to do; the others go on", async () => {
    const dir = tree();
    const items = (await expand(dir, ["empty", "reports/a.xml", "zz/*.xml", "gone.xml", "-", "-"])).items;
    expect(names(items)).toEqual([
      "!empty: no .xml file in this directory (add -r to include its subdirectories)",
      "reports/a.xml",
      `!zz/*.xml: no file matches this pattern (relative to ${dir}); check the pattern and the current directory`,
      `!cannot read gone.xml: no such file or directory (ENOENT); check the name and the current directory (${dir})`,
      "<stdin>",
      '!-: standard input can be read only once; give "-" once',
    ]);
    expect(names((await expand(dir, ["empty"], true)).items)).toEqual([
      "!empty: no .xml file in this directory or below it",
    ]);
  });

  test("a linked file counts; a linked directory is not entered; the output directory is never searched", async () => {
    const dir = tree();
    symlinkSync(join(dir, "reports", "a.xml"), join(dir, "reports", "unit", "link.xml"));
    symlinkSync(join(dir, "reports"), join(dir, "reports", "unit", "loop"));
    const items = (
      await expandInputs(["reports"], io(dir), {
        cwd: dir,
        recursive: true,
        exclude: join(dir, "reports", "unit", "deep"),
      })
    ).items;
    expect(names(items)).toEqual([
      "reports/a.xml",
      "reports/b.xml",
      "reports/unit/c.xml",
      "reports/unit/link.xml",
    ]);
  });
});

describe("outputsUnder (-o DIR)", () => {
  test("keeps relative paths; refuses a copy onto an input, a second copy onto the same place, and stdin", async () => {
    const dir = tree();
    const { items } = await expand(dir, ["reports", "reports/unit/c.xml", "reports/unit/deep/d.xml", "-"]);
    const placed = await outputsUnder(items, { typed: "out", path: join(dir, "out") });
    expect(
      placed.map((p) => (isProblem(p) ? p.problem : `${p.source} -> ${p.targetName} (${p.target})`)),
    ).toEqual([
      `reports/a.xml -> out/a.xml (${join(dir, "out/a.xml")})`,
      `reports/b.xml -> out/b.xml (${join(dir, "out/b.xml")})`,
      `reports/unit/c.xml -> out/c.xml (${join(dir, "out/c.xml")})`,
      `reports/unit/deep/d.xml -> out/d.xml (${join(dir, "out/d.xml")})`,
      expect.stringMatching(/^<stdin>: standard input \("-"\) cannot be signed together with other reports/),
    ]);
    const onto = await outputsUnder((await expand(dir, ["reports/unit/c.xml", "reports/*.xml"])).items, {
      typed: "reports",
      path: join(dir, "reports"),
    });
    expect(onto.map((p) => (isProblem(p) ? p.problem : p.targetName))).toEqual([
      "reports/c.xml",
      "reports/a.xml: its signed copy reports/a.xml would replace an input file; choose an -o directory outside the reports (nothing is modified in place)",
      "reports/b.xml: its signed copy reports/b.xml would replace an input file; choose an -o directory outside the reports (nothing is modified in place)",
    ]);
    writeFileSync(join(dir, "c.xml"), "<testsuite/>");
    const twice = await outputsUnder((await expand(dir, ["reports/unit/c.xml", "c.xml"])).items, {
      typed: "out",
      path: join(dir, "out"),
    });
    expect(isProblem(twice[1]!) && twice[1].problem).toBe(
      "c.xml: its signed copy out/c.xml would replace the one of reports/unit/c.xml; sign them in separate runs, or give their directory so that their relative paths are kept",
    );
  });
});

test("batchStatus: 0 all, 1 none, 2 some", () => {
  expect([batchStatus(3, 3), batchStatus(0, 3), batchStatus(1, 3)]).toEqual([0, 1, 2]);
});

/**
 * `jux sign` of many reports in one command (the bundle): the run's metadata is collected once (git is run as
 * many times for 30 reports as for one), every report is signed into its place, and the results are listed in
 * the inputs' order although several are signed at once.
 */
import { afterAll, describe, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jux } from "../helpers/publish.js";
import { cleanUp, tempDir } from "../helpers/serve.js";

afterAll(cleanUp);

const REPORT = (i: number) =>
  `<testsuite name="s${i}" tests="2" failures="${i % 2}"><testcase classname="pkg.T" name="t${i}"/><testcase classname="pkg.T" name="u${i}">${i % 2 ? '<failure message="no"/>' : ""}</testcase></testsuite>\n`;

/** A repository with `n` reports, a key, and a git on PATH that logs each run and then runs the real one. */
function setUp(n: number) {
  const dir = tempDir("jux-sign-many-");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "x");
  mkdirSync(join(dir, "reports"));
  for (let i = 0; i < n; i++)
    writeFileSync(join(dir, "reports", `r${String(i).padStart(2, "0")}.xml`), REPORT(i));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const real = execFileSync("bash", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  writeFileSync(join(bin, "git"), `#!/bin/sh\necho "$@" >> "${join(dir, "git.log")}"\nexec "${real}" "$@"\n`);
  chmodSync(join(bin, "git"), 0o755);
  return { dir, env: { PATH: `${bin}:${process.env.PATH}` } };
}

const gitRuns = (dir: string) => readFileSync(join(dir, "git.log"), "utf8").trim().split("\n").length;

describe("jux sign of many reports in one command", () => {
  test("collects the metadata once: git runs as often for 30 reports as for one", async () => {
    const one = setUp(1);
    await jux(["keygen", "--type", "ecdsa", "--output", "key.pem"], { cwd: one.dir });
    const single = await jux(["sign", "reports/r00.xml", "-o", "out/", "--key", "key.pem"], {
      cwd: one.dir,
      env: one.env,
    });
    expect({ code: single.code, stderr: single.stderr }).toEqual({ code: 0, stderr: "" });
    const forOne = gitRuns(one.dir);
    expect(forOne).toBeGreaterThan(0);

    const many = setUp(30);
    await jux(["keygen", "--type", "ecdsa", "--output", "key.pem"], { cwd: many.dir });
    const r = await jux(["sign", "reports", "-o", "out", "--key", "key.pem", "--json"], {
      cwd: many.dir,
      env: many.env,
    });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(gitRuns(many.dir)).toBe(forOne);
    // Listed in the inputs' order, each signed with the repository's metadata.
    const rows = JSON.parse(r.stdout) as { input: string; output: string }[];
    const names = Array.from({ length: 30 }, (_, i) => `r${String(i).padStart(2, "0")}.xml`);
    expect(rows.map((row) => row.output)).toEqual(names.map((n) => join("out", n)));
    for (const n of names)
      expect(readFileSync(join(many.dir, "out", n), "utf8")).toMatch(
        /<property name="git:branch" value="main"\/>/,
      );
  });

  test("a report that cannot be signed is named in its place among the others; the rest are signed (exit 2)", async () => {
    const { dir, env } = setUp(9);
    writeFileSync(join(dir, "reports", "r04.xml"), "<testsuite><unclosed></testsuite>");
    await jux(["keygen", "--type", "ecdsa", "--output", "key.pem"], { cwd: dir });
    const r = await jux(["sign", "reports", "-o", "out", "--key", "key.pem"], { cwd: dir, env });
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split("\n");
    expect(lines.map((l) => /out\/(r\d+\.xml)/.exec(l)?.[1])).toEqual(
      ["r00", "r01", "r02", "r03", "r05", "r06", "r07", "r08"].map((n) => `${n}.xml`),
    );
    expect(r.stderr).toMatch(/^error: .*r04\.xml/m);
    expect(r.stderr).toContain("signed 8 of 9 reports");
  });
});

/**
 * The one exit-status table (docs/cli.md) against the code: every example command of every row is run through the
 * committed bundle, in a sandbox of its own, and must exit with the row's status.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { EXIT } from "../../src/core/command/io.js";

const CLI = resolve("dist/cli/index.js");
const CLI_DOC = readFileSync("docs/cli.md", "utf8");
/** The README and every page of docs/: the documentation the one table must be alone in. */
const ALL_DOCS = [
  "README.md",
  ...readdirSync("docs")
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

interface Row {
  status: number;
  meaning: string;
  examples: string[];
}

/** The markdown table whose header starts with `| Exit status |`, one Row per line. */
function exitTable(markdown: string): Row[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => /^\|\s*Exit status\s*\|/.test(l));
  if (start < 0) throw new Error("docs/cli.md has no table whose header starts with | Exit status |");
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const [status = "", meaning = "", examples = ""] = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    rows.push({
      status: Number(status.replace(/`/g, "")),
      meaning,
      // Every code span that is a jux command line (optionally after VAR=value assignments).
      examples: [...examples.matchAll(/`([^`]+)`/g)]
        .map((m) => m[1]!)
        .filter((c) => /^([A-Z_]+=\S* )*jux /.test(c)),
    });
  }
  return rows;
}

/** `VAR=value ... jux args...` → environment and arguments (no quoting: the examples need none). */
function commandLine(example: string): { env: Record<string, string>; args: string[] } {
  const words = example.split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0] !== "jux") {
    const [name, ...value] = words.shift()!.split("=");
    env[name!] = value.join("=");
  }
  return { env, args: words.slice(1) };
}

const BEFORE = `<testsuite name="s" tests="2"><properties><property name="project" value="exit"/></properties>
<testcase classname="c" name="steady"/><testcase classname="c" name="flips"/></testsuite>\n`;
const AFTER = BEFORE.replace(
  '<testcase classname="c" name="flips"/>',
  '<testcase classname="c" name="flips"><failure message="now broken"/></testcase>',
);

let sandbox: string;
const scratch: string[] = [];

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      XDG_CONFIG_HOME: join(cwd, ".config"),
      XDG_DATA_HOME: join(cwd, ".data"),
      JUX_STORAGE_PATH: join(cwd, "store"),
      JUX_SYSTEM_CONFIG: join(cwd, "no-system-config"),
      ...env,
    },
    encoding: "utf8",
    timeout: 30_000,
  });
}

/** The files the examples name: a key and its certificate, a report, its signed copy, two to compare, a broken one. */
beforeAll(() => {
  sandbox = temp("jux-exit-codes-");
  expect(run(sandbox, ["keygen", "--type", "ecdsa", "--output", "key.pem", "--cert"]).status).toBe(0);
  copyFileSync("examples/reports/pytest-junit.xml", join(sandbox, "report.xml"));
  const signed = run(sandbox, ["sign", "-i", "report.xml", "-o", "signed.xml", "--key", "key.pem"]);
  expect([signed.status, signed.stderr]).toEqual([0, ""]);
  writeFileSync(join(sandbox, "before.xml"), BEFORE);
  writeFileSync(join(sandbox, "after.xml"), AFTER);
  writeFileSync(join(sandbox, "broken.xml"), BEFORE.slice(0, 60));
});

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("the exit-status table of docs/cli.md", () => {
  const rows = exitTable(CLI_DOC);

  test("is the only exit-status table in the README and docs/, uses exactly the statuses of the code, and gives examples on every row", () => {
    const tables = ALL_DOCS.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => /^\|\s*(Exit status|Status)\s*\|/.test(l))
        .map((l) => `${file}: ${l.slice(0, 20)}`),
    );
    expect(tables).toEqual([expect.stringMatching(/^docs\/cli\.md: /)]);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(Object.values(EXIT)));
    for (const row of rows) expect([row.meaning, row.examples.length > 0]).toEqual([row.meaning, true]);
  });

  test.each(rows.flatMap((row) => row.examples.map((example) => [row.status, example] as const)))(
    "%i: %s",
    (status, example) => {
      const cwd = temp("jux-exit-case-");
      cpSync(sandbox, cwd, { recursive: true });
      const { env, args } = commandLine(example);
      const r = run(cwd, args, env);
      // Success is silent on stderr; any other status says why (an error line, or a verdict on stdout).
      expect({
        example,
        status: r.status,
        quiet: r.stderr === "",
        said: /\S/.test(r.stdout + r.stderr),
      }).toEqual({ example, status, quiet: status === 0 ? true : expect.any(Boolean), said: true });
    },
  );
});

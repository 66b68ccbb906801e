/**
 * `jux compare` in process (src/cli/commands/compare.ts): its flags, the head's project and job read from the
 * reports as the server files a run (jobOf: env:GITHUB_JOB with jux:leg), the conflicts that need --project or
 * --job, and the default job asked of a real (scripted) HTTP server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { compare, readHead } from "../../../src/cli/commands/compare.js";
import { ConfigError } from "../../../src/core/config/index.js";
import { UsageError, type CliIo } from "../../../src/core/command/io.js";
import { rejection } from "../../helpers/assert.js";
import { report, type ReportSpec } from "../../helpers/insight.js";
import { startScriptedServer, type ScriptedServer } from "../../helpers/scripted-server.js";

const KEY = "compare-unit-key-0123456789";
let dir: string;
let server: ScriptedServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "jux-compare-"));
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

interface Io extends CliIo {
  out: () => string;
  err: () => string;
}

function io(env: NodeJS.ProcessEnv = {}): Io {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
  stderr.setEncoding("utf8").on("data", (s: string) => (err += s));
  return {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: {
      HOME: join(dir, "home"),
      XDG_CONFIG_HOME: join(dir, "xdg"),
      JUX_SYSTEM_CONFIG: join(dir, "none"),
      ...env,
    },
    cwd: dir,
    out: () => out,
    err: () => err,
  };
}

/** A report (project "shop" unless said) written in `dir`; its name. */
function write(name: string, spec: Partial<ReportSpec> = {}): string {
  writeFileSync(join(dir, name), report({ project: "shop", cases: [{ name: "t" }], ...spec }));
  return name;
}

const api = () => ({ JUX_API_URL: `${server.url}/api/v1`, JUX_API_KEY: KEY });

describe("jux compare's flags", () => {
  test("--help prints the usage, which says where the default job comes from", async () => {
    const out = io();
    expect(await compare(["--help"], out)).toBe(0);
    expect(out.out()).toMatch(/^Usage: jux compare --base BRANCH/);
    expect(out.out()).toContain(`default: the reports' job: env:GITHUB_JOB`);
    expect(out.out()).toContain(`"test (ubuntu-22)"`);
  });

  test.each([
    [["a.xml"], /--base BRANCH is required/],
    [["--base", "", "a.xml"], /--base must be a name of one line/],
    [["--base", "main\nx", "a.xml"], /--base must be a name of one line/],
    [["--base", "main", "--job", "te\u009bst", "a.xml"], /--job must be a name of one line/],
    [["--base", "main", "--project", "p".repeat(1001), "a.xml"], /--project must be a name of one line/],
    [["--base", "main"], /give this run's reports/],
    [["--base", "main", "--bogus", "a.xml"], /bogus/],
    [["--base", "main", "--base"], /--base/],
  ])("usage error (exit 2): %j", async (argv, message) => {
    const e = await rejection(compare(argv, io(api())));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toMatch(message);
  });

  test("no api_url is a usage error; a key too short to blank out is refused where it was set (shared with publish)", async () => {
    const file = write("flags.xml");
    const none = await rejection(compare(["--base", "main", file], io()));
    expect(none).toBeInstanceOf(UsageError);
    expect(none.message).toMatch(/set api_url \(--api-url, JUX_API_URL or a config file\)/);
    const short = await rejection(compare(["--base", "main", file], io({ ...api(), JUX_API_KEY: "Zq9x" })));
    expect(short).toBeInstanceOf(ConfigError);
    expect(short.message).toMatch(/^JUX_API_KEY: the API key is shorter than/);
    expect(short.message).not.toContain("Zq9x");
    expect(server.requests).toHaveLength(0);
  });
});

describe("readHead: the project and the job of the reports", () => {
  test("a named leg's job is `test (ubuntu-22)` (env:GITHUB_JOB with jux:leg); a job alone is its name", async () => {
    const leg = write("leg.xml", { job: "test", leg: "ubuntu-22" });
    expect(await readHead([leg], false, io())).toMatchObject({ project: "shop", job: "test (ubuntu-22)" });
    const plain = write("plain.xml", { job: "unit" });
    expect((await readHead([plain], false, io())).job).toBe("unit");
    const bare = write("bare.xml");
    expect((await readHead([bare], false, io())).job).toBeUndefined();
    // A report without a job joins the job of the others.
    expect((await readHead([leg, bare], false, io())).job).toBe("test (ubuntu-22)");
  });

  test("reports naming different jobs need --job (exit 2); with --job they are one head", async () => {
    const unit = write("unit.xml", { job: "unit", nonce: "u" });
    const e2e = write("e2e.xml", { job: "e2e", nonce: "e" });
    const e = await rejection(readHead([unit, e2e], false, io()));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe(
      `jux compare: the reports name different jobs ("unit", "e2e"): give --job (the job whose base run to compare with), or compare each job's reports on their own`,
    );
    const head = await readHead([unit, e2e], false, io(), { job: "unit" });
    expect([head.job, head.files]).toEqual(["unit", ["unit.xml", "e2e.xml"]]);
  });

  test("reports naming different projects need --project (exit 2); --project settles it", async () => {
    const a = write("pa.xml", { project: "alpha" });
    const b = write("pb.xml", { project: "beta" });
    const e = await rejection(readHead([a, b], false, io()));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe(
      `jux compare: the reports name different projects ("alpha", "beta"): give --project`,
    );
    expect((await readHead([a, b], false, io(), { project: "gamma" })).project).toBe("gamma");
  });

  test("hostile names in the conflict: escaped, the first five and a count", async () => {
    const files = ["\u009b2Jwipe", "b", "c", "d", "e", "f", "g"].map((job, i) =>
      write(`j${i}.xml`, { job, nonce: String(i) }),
    );
    const e = await rejection(readHead(files, false, io()));
    expect(e.message).toContain(`("\\u009b2Jwipe", "b", "c", "d", "e" and 2 more)`);
    expect(e.message).not.toContain("\u009b");
  });

  test("the last of a repeated property wins, as the server files the run (the CI job's asserted identity)", async () => {
    writeFileSync(
      join(dir, "twice.xml"),
      `<testsuite name="s"><properties><property name="project" value="claimed"/><property name="env:GITHUB_JOB" value="fake"/>` +
        `<property name="project" value="asserted"/><property name="env:GITHUB_JOB" value="test"/></properties>` +
        `<testcase classname="c" name="t"/></testsuite>`,
    );
    expect(await readHead(["twice.xml"], false, io())).toMatchObject({ project: "asserted", job: "test" });
  });
});

describe("jux compare asks for the reports' job", () => {
  const BASE = {
    workflow_run: "github:acme/app:7:1",
    test_runs: [{ id: "r1", branch: "main", commit_sha: "abc1234", inserted_at: "2026-12-05T10:00:00Z" }],
    tests: [{ suite: "suite", classname: "pkg.Tests", name: "t", outcome: "passed", duration: 0.1 }],
    truncated: false,
  };

  test("without --job: the job of the reports (a named leg's `test (ubuntu-22)`); --job wins", async () => {
    const head = write("head.xml", {
      job: "test",
      leg: "ubuntu-22",
      cases: [{ name: "t", outcome: "failed", message: "now broken" }],
    });
    server.script({ status: 200, body: BASE }, { status: 200, body: BASE });
    const out = io(api());
    expect(await compare(["--base", "main", head, "--json", "--fail-on-new"], out)).toBe(1);
    expect(server.requests[0]!.url).toBe(
      "/api/v1/baseline?project=shop&branch=main&job=test+%28ubuntu-22%29",
    );
    const result = JSON.parse(out.out());
    expect(result).toMatchObject({ project: "shop", job: "test (ubuntu-22)", baseline: { tests: 1 } });
    expect(result.newlyFailing).toEqual([expect.objectContaining({ name: "t", before: "passed" })]);
    const text = io(api());
    expect(await compare(["--base", "main", "--job", "e2e", head], text)).toBe(0);
    expect(server.requests[1]!.url).toBe("/api/v1/baseline?project=shop&branch=main&job=e2e");
    expect(text.out().split("\n")[0]).toMatch(/^base: shop on main \(job e2e\): 1 tests/);
  });

  test("reports without a job: any job's latest run (no job asked)", async () => {
    const bare = write("nojob.xml");
    server.script({ status: 404, body: { error: "No baseline" } });
    const out = io(api());
    expect(await compare(["--base", "main", bare, "--json"], out)).toBe(0);
    expect(server.requests[0]!.url).toBe("/api/v1/baseline?project=shop&branch=main");
    expect(JSON.parse(out.out())).toMatchObject({ job: null, baseline: null });
  });
});

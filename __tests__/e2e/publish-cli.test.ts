/**
 * `jux publish` around the mode table, through the committed bundle: which mode applies when none is given,
 * a project file, standard input, --dry-run, a slow server, a tampered queue entry, the jux-publish alias,
 * the errors a user meets, and the API key absent from everything, stack traces (JUX_DEBUG=1) included.
 */
import { describe, expect, test } from "@jest/globals";
import { spawn } from "node:child_process";
import { readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as zlib from "node:zlib";
import { SECRET, cachePush, jux, publishArgs, publishSuite } from "../helpers/publish.js";
import { expectLineOriented, filesIn, parsed, secretLeaks } from "../helpers/publish.js";
import type { PublishArgs, Run, Signed } from "../helpers/publish.js";
import { CLI } from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";

const suite = publishSuite({ name: "cli" });
const { setUp } = suite;

const ok = (id = "0b5f7c52-2b2d-4c43-9d5e-4f5a3e1c2b1a") => ({ status: 201, body: { test_run_id: id } });
const api = () => suite.scriptedUrl();

/** `jux publish` with the key against the scripted server, which never answers: one attempt of at most 1 s. */
function publishToHang(args: PublishArgs): Promise<Run> {
  suite.scripted.reset();
  suite.scripted.script("hang");
  const extra = ["--timeout", "1", "--max-retries", "0"];
  return jux(publishArgs({ ...args, url: api(), extra }), { env: { JUX_API_KEY: SECRET } });
}

/** `jux publish` with the key in cache mode to a port where nothing listens, without --json. */
function publishToDead(base: string, reports: Signed[]): Promise<Run> {
  return jux(
    publishArgs({
      files: reports,
      mode: "cache",
      base,
      url: suite.deadUrl,
      json: false,
      extra: ["--max-retries", "0"],
    }),
    { env: { JUX_API_KEY: SECRET } },
  );
}

describe("which mode", () => {
  test("no storage mode and no api_url: local (stored, nothing sent)", async () => {
    const { dir, base, reports } = await setUp();
    suite.scripted.reset();
    const r = await jux(publishArgs({ files: reports }), {
      cwd: dir,
      env: { JUX_STORAGE_PATH: base, JUX_API_KEY: SECRET },
    });
    expect(r.code).toBe(0);
    expect(parsed(r)).toMatchObject({ mode: "local", reports: [{ kind: "stored", stored: true }] });
    expect(filesIn(base, "reports")).toEqual([`${reports[0]!.hash}.xml`]);
    expect(suite.scripted.requests).toHaveLength(0);
  });

  test("an api_url (JUX_API_URL) and no storage mode: cache", async () => {
    const { dir, base, reports } = await setUp();
    suite.scripted.reset();
    suite.scripted.script(ok());
    const r = await jux(publishArgs({ files: reports }), {
      cwd: dir,
      env: { JUX_STORAGE_PATH: base, JUX_API_URL: api(), JUX_API_KEY: SECRET },
    });
    expect(r.code).toBe(0);
    expect(parsed(r)).toMatchObject({ mode: "cache", reports: [{ kind: "published", stored: true }] });
    expect(suite.scripted.requests).toHaveLength(1);
  });

  test("a project file (.jux.conf [jux]) gives the mode and the URL; the command line wins over it", async () => {
    const { dir, base, reports } = await setUp();
    writeFileSync(
      join(dir, ".jux.conf"),
      `[jux]\nstorage_mode = both\napi_url = ${api()}\nstorage_path = ${base}\n`,
    );
    suite.scripted.reset();
    suite.scripted.script(ok());
    const fromFile = await jux(publishArgs({ files: reports }), {
      cwd: dir,
      env: { JUX_API_KEY: SECRET },
    });
    expect(fromFile.code).toBe(0);
    expect(parsed(fromFile)).toMatchObject({ mode: "both", reports: [{ kind: "published", stored: true }] });
    expect(filesIn(base, "reports")).toHaveLength(1);
    suite.scripted.reset();
    const cli = await jux(publishArgs({ files: reports, mode: "local" }), { cwd: dir });
    expect(parsed(cli)).toMatchObject({ mode: "local", reports: [{ kind: "stored" }] });
    expect(suite.scripted.requests).toHaveLength(0);
  });
});

describe("inputs and dry runs", () => {
  test('-f - reads the report from standard input, sent byte for byte as "<stdin>"', async () => {
    const { base, reports } = await setUp();
    suite.scripted.reset();
    suite.scripted.script(ok());
    const r = await jux(publishArgs({ files: ["-"], mode: "api", url: api() }), {
      stdin: reports[0]!.bytes,
      env: { JUX_API_KEY: SECRET, JUX_STORAGE_PATH: base },
    });
    expect(r.code).toBe(0);
    expect(parsed(r).reports).toEqual([
      expect.objectContaining({ file: "<stdin>", hash: reports[0]!.hash, kind: "published" }),
    ]);
    expect(suite.scripted.requests[0]!.body).toEqual(reports[0]!.bytes);
  });

  withShared(
    "fixtures/junit",
    "--dry-run's lines (they name the test counts of the corpus reports signed for the test)",
    () => {
      test("--dry-run sends nothing and stores nothing, and says what it would do", async () => {
        const { base, reports } = await setUp(2);
        suite.scripted.reset();
        const r = await jux(
          publishArgs({ files: reports, mode: "cache", base, url: api(), json: false, extra: ["--dry-run"] }),
          { env: { JUX_API_KEY: SECRET } },
        );
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(
          reports
            .map((x, i) => `would publish ${x.path} (sha256:${x.hash.slice(0, 12)}, ${[3, 2][i]} tests)\n`)
            .join(""),
        );
        expect(suite.scripted.requests).toHaveLength(0);
        expect([...filesIn(base, "reports"), ...filesIn(base, "queue")]).toEqual([]);
      });
    },
  );

  test("unreadable and malformed files are failed outcomes that name the file; the good one still goes", async () => {
    const { dir, base, reports } = await setUp();
    writeFileSync(join(dir, "bad.xml"), "<testsuites><testsuite");
    const r = await jux(publishArgs({ files: [reports[0]!, "bad.xml", "missing.xml"], mode: "local" }), {
      cwd: dir,
      env: { JUX_STORAGE_PATH: base },
    });
    expect(r.code).toBe(2);
    const rows = parsed(r).reports;
    expect(rows.map((x) => x.kind)).toEqual(["stored", "failed", "failed"]);
    expect(rows[1]!.reason).toMatch(/^bad\.xml:1:\d+: /);
    // Issue 18: a missing report's reason also says what to check.
    expect(rows[2]!.reason).toBe(
      `cannot read missing.xml: no such file or directory (ENOENT); check the name and the current directory (${dir})`,
    );
  });

  test("configuration errors name their source", async () => {
    const { reports } = await setUp();
    const env = await jux(publishArgs({ files: reports, url: api(), json: false }), {
      env: { JUX_API_TIMEOUT: "soon", JUX_API_KEY: SECRET },
    });
    expect(env.code).toBe(1);
    expect(env.stderr).toBe('error: JUX_API_TIMEOUT: expected a number of seconds, got "soon"\n');
    const flag = await jux(publishArgs({ files: reports, mode: "remote", json: false }));
    expect(flag.code).toBe(2); // a usage error, as jux publish --help says
    expect(flag.stderr).toBe(
      'error: --storage-mode: expected one of local, api, both, cache, got "remote"\n',
    );
    const url = await jux(publishArgs({ files: reports, url: "ftp://example.com/api/v1", json: false }));
    expect(url.stderr).toBe('error: --api-url: expected an http(s) URL, got "ftp" URL\n');
  });
});

describe("a slow server", () => {
  test("cache: a server that never answers (--timeout 1) leaves the report queued with the reason, exit 0", async () => {
    const { base, reports } = await setUp();
    const started = Date.now();
    const r = await publishToHang({ files: reports, mode: "cache", base });
    expect(r.code).toBe(0);
    expect(parsed(r).reports).toEqual([
      expect.objectContaining({ kind: "queued", reason: "no answer within 1000 ms" }),
    ]);
    expect(filesIn(base, "queue")).toEqual([`${reports[0]!.hash}.xml`]);
    expect(Date.now() - started).toBeLessThan(30_000); // bounded: one 1 s attempt, not the 30 s default
  });

  test("api: the same is a failure, exit 1", async () => {
    const { reports } = await setUp();
    const r = await publishToHang({ files: reports, mode: "api" });
    expect(r.code).toBe(1);
    expect(parsed(r).reports).toEqual([
      expect.objectContaining({ kind: "failed", reason: "no answer within 1000 ms" }),
    ]);
  });

  test("cache without --json, server down: the queued line goes to stdout (it is not a failure)", async () => {
    const { base, reports } = await setUp();
    const r = await publishToDead(base, reports);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(
      new RegExp(
        `^${reports[0]!.path.replace(/[.]/g, "\\.")}: queued: cannot reach the server: .*ECONNREFUSED.* sha256:${reports[0]!.hash.slice(0, 12)}\n$`,
      ),
    );
    expectLineOriented(r.stdout);
  });
});

describe("the queue's integrity", () => {
  test("a queued report altered on disk is quarantined and reported, never sent", async () => {
    const { base, reports } = await setUp(2);
    const dead = await publishToDead(base, reports);
    expect(dead.code).toBe(0);
    const tampered = reports[0]!;
    // The queued file altered in place, in the form the store keeps it (compressed: gzip here, zstd on 22.15+).
    const name = readdirSync(join(base, "queue")).find((n) => n.startsWith(tampered.hash))!;
    const altered = Buffer.from(tampered.bytes.toString("utf8").replace(/time="[^"]*"/, 'time="999"'));
    const recompress = name.endsWith(".zst")
      ? zlib.zstdCompressSync
      : name.endsWith(".gz")
        ? zlib.gzipSync
        : undefined;
    writeFileSync(join(base, "queue", name), recompress ? recompress(altered) : altered);
    suite.scripted.reset();
    suite.scripted.script(ok());
    const r = await cachePush(base, api());
    const out = parsed(r);
    expect(out.quarantined).toEqual([
      expect.objectContaining({
        name,
        movedTo: expect.stringContaining("quarantine"),
      }),
    ]);
    expect(out.earlier).toEqual([expect.objectContaining({ hash: reports[1]!.hash, kind: "published" })]);
    expect(suite.scripted.requests.map((q) => q.headers["idempotency-key"])).toEqual([reports[1]!.hash]);
    expect(filesIn(base, "queue")).toEqual([]);
    expect(filesIn(base, "quarantine").length).toBeGreaterThanOrEqual(1);
  });
});

describe("aliases and debug output", () => {
  test("jux-publish (the pytest-jux name) runs jux publish", async () => {
    const { dir, base, reports } = await setUp();
    const alias = join(dir, "jux-publish");
    symlinkSync(CLI, alias);
    // The alias is the command: its arguments are those of publish without the word.
    const [, ...args] = publishArgs({ files: reports, mode: "local", base });
    const child = spawn(process.execPath, [alias, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ mode: "local", reports: [{ kind: "stored" }] });
  });

  test("JUX_DEBUG=1 stack traces of a failed publish do not carry the key", async () => {
    const { reports } = await setUp();
    const r = await jux(publishArgs({ files: reports, url: api(), json: false }), {
      env: { JUX_DEBUG: "1", JUX_API_KEY: SECRET, JUX_API_MAX_RETRIES: "lots" },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/JUX_API_MAX_RETRIES[\s\S]*\n\s+at /); // a real stack trace
    expect(r.stderr).not.toContain(SECRET);
  });
});

describe("last", () => {
  test("secret scan: the API key is in no output above nor in any file left", () => {
    expect(secretLeaks(SECRET, suite.dirs)).toEqual([]);
  });
});

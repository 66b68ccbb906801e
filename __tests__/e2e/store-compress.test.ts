/**
 * Issue 14, the store's compression, through the committed bundle: a report signed by `jux sign` and stored by
 * `jux publish` lies compressed on disk (its magic bytes), `jux cache show --xml` prints the exact signed bytes
 * (`jux verify` and xmlsec1 verify them), `jux cache push` sends exactly those bytes to a real `jux serve`; an old
 * uncompressed store (pytest-jux's layout) and a mixed one keep working; `jux cache stats` shows stored against
 * original sizes; a zstd store on a Node.js without zstd (Node.js 20, the machine's `node`) is a clear error,
 * and `jux cache recompress --to gzip` is the way out. zstd runs on Node.js 24 (node:zlib has it there).
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { JUNIT } from "../helpers/fixtures.js";
import { xmlsec1Verify } from "../helpers/oracles.js";
import { keygen, SECRET } from "../helpers/publish.js";
import {
  API,
  CLI,
  cleanUp,
  NODE24,
  query,
  request,
  startServer,
  tempDir,
  type Server,
} from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";

/** A Node.js 20 (no zstd in node:zlib): the machine's `node` where it is one, else scripts/node.sh's. */
const NODE20 = execFileSync("node", ["--version"]).toString().startsWith("v20.")
  ? "node"
  : execFileSync("bash", ["scripts/node.sh", "20"]).toString().trim();

interface Ran {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs the bundle on `node` with HOME an empty directory (no user configuration) and `env` besides. */
function jux(node: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const home = tempDir("jux-compress-home-");
  const child = spawn(node, [CLI, ...args], {
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: Buffer[] = [];
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => out.push(b));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  return new Promise((done) =>
    child.on("close", (code) => done({ code, stdout: Buffer.concat(out), stderr })),
  );
}

const MAGIC = { zstd: "28b52ffd", gzip: "1f8b", none: "3c3f786d" } as const;
const SUFFIX = { zstd: ".xml.zst", gzip: ".xml.gz", none: ".xml" } as const;
type Mode = keyof typeof MAGIC;

const FIXTURES = [
  "apache-maven-surefire/TEST-org.acme.FlakyTest.xml",
  "dorny-test-reporter/jest-test-errors.xml",
  "mikepenz-action-junit-report/pytest-report.xml",
];

let server: Server;
let keys: { keyPath: string; certPath: string };
const deadUrl = "http://127.0.0.1:9/api/v1";

beforeAll(async () => {
  [server, keys] = await Promise.all([startServer(["--token", SECRET]), keygen()]);
});
afterAll(cleanUp);

/** `jux sign FIXTURE --project P` on Node.js 24: the signed file, its bytes and canonical hash. */
async function signed(
  fixture: string,
  project: string,
): Promise<{ path: string; bytes: Buffer; hash: string }> {
  const dir = tempDir("jux-compress-signed-");
  const input = join(dir, "report.xml");
  copyFileSync(join(JUNIT, fixture), input);
  const path = join(dir, "signed.xml");
  const r = await jux(NODE24, ["sign", input, "--key", keys.keyPath, "--project", project, "-o", path]);
  expect(r.code).toBe(0);
  const hash = /sha256:([0-9a-f]{64})/.exec(r.stderr + r.stdout.toString())![1]!;
  return { path, bytes: readFileSync(path), hash };
}

/** Stores `file` in cache mode against a dead server: kept in reports/ and queued. */
async function queue(node: string, base: string, file: string, compress?: Mode): Promise<void> {
  const env = compress ? { JUX_COMPRESS: compress } : {};
  const args = [
    "publish",
    "-f",
    file,
    "--storage-mode",
    "cache",
    "--storage-path",
    base,
    "--api-url",
    deadUrl,
  ];
  const r = await jux(node, [...args, "--max-retries", "0"], env);
  expect(r.code).toBe(0);
}

function names(base: string, area: string): string[] {
  return readdirSync(join(base, area))
    .filter((n) => !n.startsWith(".") && !n.endsWith(".json"))
    .sort();
}

function head(path: string, n: number): string {
  return readFileSync(path).subarray(0, n).toString("hex");
}

/** The XML jux serve keeps for the project's one run (/runs/{id}/report.xml). */
async function servedXml(project: string): Promise<Buffer> {
  const runs = await query(server, `/test_runs?project=${encodeURIComponent(project)}`);
  const [run] = (runs.body as { test_runs: { id: string }[] }).test_runs;
  const reply = await request(`${server.url}/runs/${run!.id}/report.xml`);
  expect(reply.status).toBe(200);
  return reply.bytes;
}

withShared("fixtures/junit", "the store's compression over real reports", () => {
  describe("each compress mode, sign to publish", () => {
    for (const mode of ["zstd", "gzip", "none"] as const)
      test(`compress = ${mode}: ${SUFFIX[mode]} on disk, show prints the signed bytes (jux verify, xmlsec1), push sends them to jux serve`, async () => {
        const project = `compress-${mode}`;
        const report = await signed(FIXTURES[0]!, project);
        const base = join(tempDir("jux-compress-store-"), "store");
        await queue(NODE24, base, report.path, mode);
        const file = `${report.hash}${SUFFIX[mode]}`;
        expect(names(base, "reports")).toEqual([file]);
        expect(names(base, "queue")).toEqual([file]);
        expect(head(join(base, "reports", file), MAGIC[mode].length / 2)).toBe(MAGIC[mode]);
        const storedSize = readFileSync(join(base, "reports", file)).length;
        if (mode !== "none") expect(storedSize).toBeLessThan(report.bytes.length / 4);

        const shown = await jux(NODE24, [
          "cache",
          "show",
          "--xml",
          report.hash.slice(0, 12),
          "--storage-path",
          base,
        ]);
        expect(shown.code).toBe(0);
        expect(shown.stdout.equals(report.bytes)).toBe(true);
        const shownPath = join(tempDir("jux-compress-shown-"), "shown.xml");
        writeFileSync(shownPath, shown.stdout);
        const verified = await jux(NODE24, ["verify", shownPath, "--cert", keys.certPath]);
        expect(verified.code).toBe(0);
        expect(xmlsec1Verify(shownPath, keys.certPath).ok).toBe(true);

        const pushed = await jux(
          NODE24,
          ["cache", "push", "--json", "--storage-path", base, "--api-url", `${server.url}${API}`],
          { JUX_API_KEY: SECRET },
        );
        expect(pushed.code).toBe(0);
        expect(names(base, "queue")).toEqual([]);
        expect((await servedXml(project)).equals(report.bytes)).toBe(true);

        const stats = await jux(NODE24, ["cache", "stats", "--json", "--storage-path", base]);
        expect(JSON.parse(stats.stdout.toString())).toMatchObject({
          reports: 1,
          storedBytes: storedSize,
          originalBytes: report.bytes.length,
          compression: { zstd: 0, gzip: 0, none: 0, [mode]: 1 },
        });
      });
  });

  describe("old and mixed stores", () => {
    test("pytest-jux's layout (reports/<hex>.xml, no index.json) then jux with zstd: both read, listed, counted; stats shows stored against original", async () => {
      const old = await signed(FIXTURES[1]!, "compress-old");
      const fresh = await signed(FIXTURES[0]!, "compress-fresh");
      const base = join(tempDir("jux-compress-mixed-"), "store");
      // What pytest-jux writes: the file, named by its canonical hash, nothing else.
      for (const dir of ["", "reports", "queue"])
        mkdirSync(join(base, dir), { recursive: true, mode: 0o700 });
      writeFileSync(join(base, "reports", `${old.hash}.xml`), old.bytes, { mode: 0o600 });
      await queue(NODE24, base, fresh.path, "zstd");
      expect(names(base, "reports")).toEqual([`${old.hash}.xml`, `${fresh.hash}.xml.zst`].sort());
      for (const r of [old, fresh]) {
        const shown = await jux(NODE24, ["cache", "show", "--xml", r.hash, "--storage-path", base]);
        expect(shown.stdout.equals(r.bytes)).toBe(true);
      }
      const listed = await jux(NODE24, ["cache", "list", "--json", "--storage-path", base]);
      expect((JSON.parse(listed.stdout.toString()) as { hash: string }[]).map((e) => e.hash).sort()).toEqual(
        [old.hash, fresh.hash, fresh.hash].sort(),
      );
      const stats = await jux(NODE24, ["cache", "stats", "--storage-path", base]);
      const zst = readFileSync(join(base, "reports", `${fresh.hash}.xml.zst`)).length;
      const storedLine = stats.stdout
        .toString()
        .split("\n")
        .find((l) => l.startsWith("stored:"));
      const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
      const share = Math.round((100 * (old.bytes.length + zst)) / (old.bytes.length + fresh.bytes.length));
      expect(storedLine).toBe(
        `stored:         ${kb(old.bytes.length + zst)} for ${kb(old.bytes.length + fresh.bytes.length)} of reports (${share} %; zstd 1, none 1)`,
      );
      // A store written with compress = none is pytest-jux's layout exactly.
      const plain = join(tempDir("jux-compress-none-"), "store");
      await queue(NODE24, plain, old.path, "none");
      expect(names(plain, "reports")).toEqual([`${old.hash}.xml`]);
      expect(readFileSync(join(plain, "reports", `${old.hash}.xml`)).equals(old.bytes)).toBe(true);
    });
  });

  describe("a Node.js without zstd", () => {
    test("compress = zstd writes gzip there; a zstd store read there is an error naming the file and the fix, nothing quarantined; recompress --to gzip (on Node.js 24) makes it readable", async () => {
      const report = await signed(FIXTURES[0]!, "compress-node20");
      const fallback = join(tempDir("jux-compress-20-"), "store");
      await queue(NODE20, fallback, report.path, "zstd");
      expect(names(fallback, "reports")).toEqual([`${report.hash}.xml.gz`]);

      const base = join(tempDir("jux-compress-zstd-"), "store");
      await queue(NODE24, base, report.path, "zstd");
      const file = join(base, "reports", `${report.hash}.xml.zst`);
      const shown = await jux(NODE20, ["cache", "show", "--xml", report.hash, "--storage-path", base]);
      expect(shown.code).toBe(1);
      expect(shown.stdout.length).toBe(0);
      expect(shown.stderr).toContain(`${file}: stored compressed with zstd, and this Node.js v20`);
      expect(shown.stderr).toContain("run jux on Node.js >= 22.15");
      expect(shown.stderr).toContain('"jux cache recompress --to gzip"');
      const pushed = await jux(NODE20, ["cache", "push", "--storage-path", base, "--api-url", deadUrl]);
      expect(pushed.code).not.toBe(0);
      expect(pushed.stderr).toContain("has no zstd in node:zlib");
      expect(names(base, "quarantine")).toEqual([]);
      expect(names(base, "queue")).toEqual([`${report.hash}.xml.zst`]);

      const refused = await jux(NODE20, ["cache", "recompress", "--to", "zstd", "--storage-path", base]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("--to zstd needs zstd in node:zlib (Node.js >= 22.15)");
      const converted = await jux(NODE24, ["cache", "recompress", "--to", "gzip", "--storage-path", base]);
      expect(converted.code).toBe(0);
      expect(converted.stdout.toString()).toContain("rewrote 2 report(s) as gzip");
      expect(names(base, "reports")).toEqual([`${report.hash}.xml.gz`]);
      const again = await jux(NODE20, ["cache", "show", "--xml", report.hash, "--storage-path", base]);
      expect(again.code).toBe(0);
      expect(again.stdout.equals(report.bytes)).toBe(true);
    });

    test("jux cache export of a zstd store there: the same error before anything is written, no output file left; csv per run (no report read) still works", async () => {
      const report = await signed(FIXTURES[1]!, "compress-export20");
      const base = join(tempDir("jux-compress-export-"), "store");
      await queue(NODE24, base, report.path, "zstd");
      const out = tempDir("jux-compress-export-out-");
      const file = join(base, "reports", `${report.hash}.xml.zst`);
      for (const format of [
        ["--format", "tar"],
        ["--format", "jsonl"],
        ["--format", "csv", "--per", "test"],
      ]) {
        const output = join(out, "r.out");
        const r = await jux(NODE20, [
          "cache",
          "export",
          "--output",
          output,
          ...format,
          "--storage-path",
          base,
        ]);
        expect([r.code, format]).toEqual([1, format]);
        expect(r.stderr).toContain(`${file}: stored compressed with zstd, and this Node.js v20`);
        expect(r.stderr).toContain('"jux cache recompress --to gzip"');
        expect(r.stderr).not.toContain("left out");
        expect(readdirSync(out)).toEqual([]);
      }
      const csv = await jux(NODE20, [
        "cache",
        "export",
        "--output",
        join(out, "r.csv"),
        "--format",
        "csv",
        "--storage-path",
        base,
      ]);
      expect(csv.code).toBe(0);
      expect(readdirSync(out)).toEqual(["r.csv"]);
    });
  });
});

/**
 * jux serve export, import and backup through the committed bundle: real reports submitted to a real jux serve,
 * moved to a fresh database, and the query API answering the same there.
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { JUNIT, XMLDSIG, wellFormedReports } from "../helpers/fixtures.js";
import { report } from "../helpers/insight.js";
import { key as signingKey, sign } from "../helpers/jux.js";
import { withShared } from "../helpers/shared.js";
import {
  CLI,
  cleanUp,
  NODE24,
  query,
  request,
  startServer,
  submit,
  tempDir,
  type Server,
} from "../helpers/serve.js";

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `node24 dist/cli/index.js serve ...args`; `onStart` may signal the child while it runs. */
function jux(args: string[], onStart?: (pid: number) => void): Promise<Ran> {
  const child = spawn(NODE24, [CLI, "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  onStart?.(child.pid!);
  return new Promise((done) => child.on("close", (code, signal) => done({ code, signal, stdout, stderr })));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const json = (r: { body: unknown }) => r.body as Json;
/** Suites and cases get new ids on import (they are recomputed): the rest of a run's detail must match. */
const noSuiteIds = (run: Json) => ({
  ...run,
  test_suites: (run.test_suites as object[]).map((s) => ({ ...s, id: 0 })),
});

/** What the query API says of every run, to compare two servers. */
async function answers(server: Server): Promise<unknown> {
  const list = json(await query(server, "/test_runs?per_page=100&sort_by=inserted_at&sort_order=asc"));
  const runs = [];
  for (const row of list.test_runs as { id: string }[]) {
    const xml = await request(`${server.url}/runs/${row.id}/report.xml`);
    runs.push({
      detail: noSuiteIds(json(await query(server, `/test_runs/${row.id}`))),
      tests: json(await query(server, `/test_runs/${row.id}/tests?per_page=500`)),
      xml: xml.bytes.toString("base64"),
    });
  }
  const projects = [...new Set((list.test_runs as { project: string }[]).map((r) => r.project))].sort();
  const tests = [];
  for (const p of projects)
    tests.push(json(await query(server, `/tests?project=${encodeURIComponent(p)}&per_page=500`)));
  return { list, runs, tests };
}

afterAll(cleanUp);

withShared(["fixtures/junit", "fixtures/xmldsig"], "jux serve export and import of real reports", () => {
  const rsa = signingKey(join(XMLDSIG, "rsa.pem"), join(XMLDSIG, "rsa.crt"));
  let source: Server;
  let exportFile: string;
  let count = 0;

  describe("export, then import into a fresh database", () => {
    it("the query API answers identically, report.xml byte for byte", async () => {
      source = await startServer();
      const files = wellFormedReports()
        .filter((_, i) => i % 9 === 0)
        .slice(0, 12);
      for (const [i, file] of files.entries()) {
        const project = i % 2 ? "jvm" : "py";
        const properties = [
          { name: "project", value: project },
          { name: "git:branch", value: i % 3 ? "main" : "dev" },
        ];
        const bytes = (await sign(readFileSync(file), rsa, { properties })).bytes;
        const r = await submit(source, bytes);
        if (r.status === 201) count++;
        else expect([r.status, relative(JUNIT, file)]).toEqual([409, relative(JUNIT, file)]);
      }
      expect(count).toBeGreaterThanOrEqual(8);
      // The export reads the live server's database.
      exportFile = join(tempDir(), "runs.jsonl");
      const ran = await jux(["export", "--database", source.database, "--output", exportFile]);
      expect([ran.code, ran.stdout]).toEqual([
        0,
        `jux serve export: ${count} run(s) written to ${exportFile}\n`,
      ]);
      expect(statSync(exportFile).mode & 0o777).toBe(0o600);
      const lines = readFileSync(exportFile, "utf8").trimEnd().split("\n");
      expect(JSON.parse(lines[0]!)).toMatchObject({ format: "jux-serve-export", version: 1 });
      expect(JSON.parse(lines.at(-1)!)).toEqual({ format: "jux-serve-export", end: true, runs: count });

      const database = join(tempDir(), "copy.sqlite");
      const imported = await jux(["import", "--database", database, exportFile, "--on-conflict", "skip"]);
      expect([imported.code, imported.stdout, imported.stderr]).toEqual([
        0,
        `jux serve import: imported ${count}, skipped 0 (0 already stored: same canonical hash; 0 run id held by another report), replaced 0, kept both 0, refused 0\n`,
        "",
      ]);
      const copy = await startServer(["--database", database]);
      expect(await answers(copy)).toEqual(await answers(source));
      await copy.stop();
    });

    it("a filtered export holds only the runs asked for", async () => {
      const out = join(tempDir(), "jvm.jsonl");
      const ran = await jux([
        "export",
        "--database",
        source.database,
        "--output",
        out,
        "--project",
        "jvm",
        "--branch",
        "main",
      ]);
      expect(ran.code).toBe(0);
      const runs = readFileSync(out, "utf8")
        .trimEnd()
        .split("\n")
        .slice(1, -1)
        .map((l) => JSON.parse(l) as { project: string; branch: string });
      expect(runs.length).toBeGreaterThan(0);
      expect(runs.every((r) => r.project === "jvm" && r.branch === "main")).toBe(true);
    });
  });

  describe("--on-conflict", () => {
    let clashFile: string;
    let clashId: string;
    let clashXml: Buffer;

    /** An export whose one run is a different report under the id of the source's first run (a clash of ids). */
    it("prepares a different report under an existing run id", async () => {
      const first = JSON.parse(readFileSync(exportFile, "utf8").split("\n")[1]!) as {
        id: string;
        project: string;
      };
      clashId = first.id;
      clashXml = report({
        project: first.project,
        branch: "main",
        nonce: "clash",
        cases: [{ name: "other" }],
      });
      const scratch = await startServer();
      expect((await submit(scratch, clashXml)).status).toBe(201);
      const out = join(tempDir(), "one.jsonl");
      expect((await jux(["export", "--database", scratch.database, "--output", out])).code).toBe(0);
      await scratch.stop();
      const lines = readFileSync(out, "utf8").trimEnd().split("\n");
      const line = { ...(JSON.parse(lines[1]!) as object), id: clashId };
      // The source's export followed by the clash: same reports, then one id held by another report.
      const all = readFileSync(exportFile, "utf8").trimEnd().split("\n");
      clashFile = join(tempDir(), "clash.jsonl");
      writeFileSync(
        clashFile,
        [
          ...all.slice(0, -1),
          JSON.stringify(line),
          `{"format":"jux-serve-export","end":true,"runs":${count + 1}}`,
        ].join("\n") + "\n",
      );
    });

    async function importTwice(mode: string): Promise<{ ran: Ran; server: Server }> {
      const database = join(tempDir(), "db.sqlite");
      expect((await jux(["import", "--database", database, exportFile, "--on-conflict", "skip"])).code).toBe(
        0,
      );
      const ran = await jux(["import", "--database", database, clashFile, "--on-conflict", mode]);
      return { ran, server: await startServer(["--database", database]) };
    }

    const total = async (server: Server) =>
      json(await query(server, "/test_runs?per_page=1")).pagination.total_count as number;

    it("skip keeps what is stored: the same reports, and the run whose id another report claims", async () => {
      const { ran, server } = await importTwice("skip");
      expect([ran.code, ran.stdout]).toEqual([
        0,
        `jux serve import: imported 0, skipped ${count + 1} (${count} already stored: same canonical hash; 1 run id held by another report), replaced 0, kept both 0, refused 0\n`,
      ]);
      expect(await total(server)).toBe(count);
      expect((await request(`${server.url}/runs/${clashId}/report.xml`)).bytes).not.toEqual(clashXml);
    });

    it("replace stores the imported runs instead: the clashing report takes the id", async () => {
      const { ran, server } = await importTwice("replace");
      expect([ran.code, ran.stdout]).toEqual([
        0,
        `jux serve import: imported 0, skipped 0 (0 already stored: same canonical hash; 0 run id held by another report), replaced ${count + 1}, kept both 0, refused 0\n`,
      ]);
      expect(await total(server)).toBe(count);
      expect((await request(`${server.url}/runs/${clashId}/report.xml`)).bytes).toEqual(clashXml);
    });

    it("keep-both keeps the clashing report under a new id, says so, and keeps a same report once", async () => {
      const { ran, server } = await importTwice("keep-both");
      expect(ran.code).toBe(0);
      expect(ran.stdout).toBe(
        `jux serve import: imported 0, skipped ${count} (${count} already stored: same canonical hash; 0 run id held by another report), replaced 0, kept both 1, refused 0\n`,
      );
      const newId = /imported as (\S+)\n/.exec(ran.stderr)![1]!;
      expect(ran.stderr).toContain(
        `line ${count + 2}: run ${clashId} is another report here (different canonical hash): imported as ${newId}`,
      );
      expect(await total(server)).toBe(count + 1);
      expect((await request(`${server.url}/runs/${newId}/report.xml`)).bytes).toEqual(clashXml);
      expect((await request(`${server.url}/runs/${clashId}/report.xml`)).bytes).not.toEqual(clashXml);
    });
  });

  it("a corrupted line is refused by its number, the others are imported, and the exit status says so", async () => {
    const lines = readFileSync(exportFile, "utf8").trimEnd().split("\n");
    lines[2] = lines[2]!.slice(0, 100);
    const bad = { ...(JSON.parse(lines[3]!) as Record<string, string>) };
    bad.canonical_hash = "0".repeat(64); // a line edited: its report says otherwise
    lines[3] = JSON.stringify(bad);
    const file = join(tempDir(), "bad.jsonl");
    writeFileSync(file, lines.join("\n") + "\n");
    const ran = await jux([
      "import",
      "--database",
      join(tempDir(), "db.sqlite"),
      file,
      "--on-conflict",
      "skip",
    ]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(new RegExp(`bad\\.jsonl line 3 refused: the line is not JSON`));
    expect(ran.stderr).toMatch(
      /bad\.jsonl line 4 refused: its "canonical_hash" differs from the report's \(recomputed from the verbatim XML\): the line was altered\n/,
    );
    expect(ran.stdout).toContain(`imported ${count - 2}, `);
    expect(ran.stdout).toContain("refused 2\n");
  });

  it("a header of another version imports nothing and names line 1", async () => {
    const file = join(tempDir(), "v9.jsonl");
    writeFileSync(file, readFileSync(exportFile, "utf8").replace('"version":1', '"version":9'));
    const ran = await jux([
      "import",
      "--database",
      join(tempDir(), "db.sqlite"),
      file,
      "--on-conflict",
      "skip",
    ]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(
      /line 1: export format version 9 is not supported \(this jux reads version 1\)/,
    );
  });
});

describe("an interrupted export, and a backup of a live server", () => {
  let server: Server;
  const big = (i: number) =>
    report({
      project: "big",
      branch: "main",
      nonce: String(i),
      cases: Array.from({ length: 2000 }, (_, n) => ({ name: `test_${n}`, classname: "pkg.Big" })),
    });

  it("an export stopped by SIGINT leaves no file, not even a temporary one", async () => {
    server = await startServer();
    for (let i = 0; i < 60; i++) expect((await submit(server, big(i))).status).toBe(201);
    const dir = tempDir();
    const output = join(dir, "runs.jsonl");
    const ran = await jux(["export", "--database", server.database, "--output", output], (pid) => {
      const poll = setInterval(() => {
        if (readdirSync(dir).some((f) => f.endsWith(".tmp"))) {
          clearInterval(poll);
          process.kill(pid, "SIGINT");
        }
      }, 1);
    });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/interrupted: nothing was written/);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(output)).toBe(false);
  });

  it("a backup taken while the server writes opens and answers the same as the source at that point", async () => {
    const output = join(tempDir(), "backup.sqlite");
    const writes = (async () => {
      for (let i = 100; i < 130; i++) expect((await submit(server, big(i))).status).toBe(201);
    })();
    const ran = await jux(["backup", "--database", server.database, "--output", output]);
    await writes;
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(
      /^jux serve backup: .* copied to .*backup\.sqlite \(\d+ pages, SQLite online backup\)\n$/,
    );
    expect(statSync(output).mode & 0o777).toBe(0o600);
    const copy = await startServer(["--database", output]);
    const list = json(await query(copy, "/test_runs?per_page=100&sort_by=inserted_at&sort_order=asc"));
    expect(list.pagination.total_count).toBeGreaterThanOrEqual(60);
    expect(list.pagination.total_count).toBeLessThanOrEqual(90);
    for (const run of list.test_runs as { id: string }[]) {
      // A backup is the database itself: even the suites keep their ids.
      expect(json(await query(copy, `/test_runs/${run.id}`))).toEqual(
        json(await query(server, `/test_runs/${run.id}`)),
      );
    }
    const first = (list.test_runs as { id: string }[])[0]!.id;
    expect((await request(`${copy.url}/runs/${first}/report.xml`)).bytes).toEqual(
      (await request(`${server.url}/runs/${first}/report.xml`)).bytes,
    );
  });
});

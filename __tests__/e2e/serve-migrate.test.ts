/**
 * jux serve migrate through the bundle: a 2 000-run data set (real reports signed with their properties, and
 * generated ones; runs sharing a millisecond, so that only the order they were stored breaks ties) imported into
 * SQLite, migrated to PostgreSQL with a kill -9 in the middle and the same command run again, then back to a new
 * SQLite file; jux serve on each of the three databases answers the query API identically, report.xml byte for
 * byte. Without a PostgreSQL the middle database is a SQLite file.
 */
import { afterAll, expect, it } from "@jest/globals";
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { ingest } from "../../src/server/ingest.js";
import { headerLine, runLine, trailerLine } from "../../src/server/transfer/format.js";
import { XMLDSIG, wellFormedReports } from "../helpers/fixtures.js";
import { report, type CaseSpec } from "../helpers/insight.js";
import { key as signingKey, sign } from "../helpers/jux.js";
import { BACKENDS } from "../helpers/postgres.js";
import { withShared } from "../helpers/shared.js";
import {
  CLI,
  cleanUp,
  freshDatabase,
  NODE24,
  query,
  request,
  startServer,
  tempDir,
  type Server,
} from "../helpers/serve.js";

const RUNS = 2_000;
const BATCH = 100;
const PROJECTS = ["shop", "web", "api", "jvm"];

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

/** The runs a database holds now, read beside a running migration. */
async function runsIn(database: string): Promise<number> {
  if (database.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    try {
      return Number((await client.query("SELECT count(*) AS n FROM test_runs")).rows[0].n);
    } catch {
      return 0; // the tables are not there yet
    } finally {
      await client.end();
    }
  }
  const script = `const { DatabaseSync } = require("node:sqlite");
    try { const db = new DatabaseSync(process.argv[1], { readOnly: true });
      process.stdout.write(String(db.prepare("SELECT count(*) AS n FROM test_runs").get().n)); }
    catch { process.stdout.write("0"); }`;
  return Number(execFileSync(NODE24, ["-e", script, database]).toString());
}

/** The data set as a jux serve export file: every 5th run a real report signed with its properties. */
async function dataSet(file: string): Promise<void> {
  const rsa = signingKey(join(XMLDSIG, "rsa.pem"), join(XMLDSIG, "rsa.crt"));
  const real = wellFormedReports()
    .filter((f) => statSync(f).size < 12_000)
    .filter((_, i) => i % 3 === 0)
    .slice(0, 16)
    .map((f) => readFileSync(f));
  const policy = { trusted: [], requireSignature: false };
  const lines = [headerLine({}, new Date())];
  const start = Date.parse("2026-01-01T00:00:00.000Z");
  for (let i = 0; lines.length <= RUNS; i++) {
    const project = PROJECTS[i % 4]!;
    const branch = i % 7 === 0 ? "dev" : "main";
    let xml: Buffer;
    if (i % 5 === 0) {
      const properties = [
        { name: "project", value: project },
        { name: "git:branch", value: branch },
        { name: "nonce", value: String(i) },
      ];
      xml = (await sign(real[(i / 5) % real.length]!, rsa, { properties })).bytes;
    } else {
      const cases: CaseSpec[] = Array.from({ length: 8 }, (_, t) => ({
        name: `test_${t} ✓`,
        classname: `pkg.Mod${t % 3}`,
        outcome: (i + t) % 11 === 0 ? "failed" : (i + t) % 13 === 0 ? "skipped" : "passed",
        flaky: (i + t) % 17 === 0,
        time: ((i + t) % 9) / 10,
      }));
      xml = report({
        project,
        branch,
        commit: (i + 1).toString(16).padStart(40, "0"),
        runId: String(Math.floor(i / 2)),
        job: "test",
        leg: String(i % 2),
        nonce: String(i),
        cases,
      });
    }
    const ingested = await ingest(xml, policy);
    if (!ingested.ok) continue;
    const run = ingested.run;
    lines.push(
      runLine(
        {
          rowid: lines.length,
          id: randomUUID(),
          canonical_hash: run.canonicalHash,
          project: run.project,
          branch: run.branch ?? null,
          commit_sha: run.commitSha ?? null,
          // Three runs a millisecond: the order they were stored breaks the ties.
          inserted_at: new Date(start + Math.floor(lines.length / 3) * 60_000).toISOString(),
          signer: run.signer ?? null,
          tags: JSON.stringify(run.tags),
          properties: JSON.stringify(run.properties),
        },
        xml,
      ),
    );
  }
  lines.push(trailerLine(RUNS));
  writeFileSync(file, lines.join(""));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** What the query API answers, by path: every page of runs, tests, histories, a sample of runs in detail. */
async function answers(server: Server): Promise<Record<string, [number, unknown]>> {
  const out: Record<string, [number, unknown]> = {};
  const get = async (path: string): Promise<Json> => {
    const r = await query(server, path);
    out[path] = [r.status, r.body];
    return r.body as Json;
  };
  const ids: string[] = [];
  for (let page = 1; page <= RUNS / 100; page++) {
    const list = await get(`/test_runs?per_page=100&page=${page}&sort_by=inserted_at&sort_order=asc`);
    ids.push(...(list.test_runs as { id: string }[]).map((r) => r.id));
  }
  await get("/test_runs?per_page=100");
  await get("/test_runs?per_page=100&page=3&sort_by=failures&sort_order=desc");
  await get("/test_runs?per_page=50&project=shop&branch=dev&status=failed");
  for (const project of PROJECTS) {
    const tests = await get(`/tests?project=${project}&per_page=100`);
    await get(`/tests?project=${project}&branch=main&sort=flaky&per_page=50`);
    await get(`/tests?project=${project}&sort=failing&window=100&per_page=50`);
    await get(`/baseline?project=${project}&branch=main`);
    await get(`/baseline?project=${project}&branch=main&job=test`);
    for (const test of (tests.tests as { key: string }[]).slice(0, 4))
      await get(`/tests/${test.key}/history?project=${project}&limit=100`);
  }
  for (const id of ids.filter((_, i) => i % 97 === 5)) {
    const run = await get(`/test_runs/${id}`);
    await get(`/test_runs/${id}/tests?per_page=100`);
    await get(`/test_runs/${id}/compare?base=main`);
    await get(`/test_runs/${id}/compare?with=${ids[1]!}`);
    for (const suite of (run.test_suites as { id: string }[]).slice(0, 2))
      await get(`/test_suites/${suite.id}/test_cases?per_page=100`);
    const xml = await request(`${server.url}/runs/${id}/report.xml`);
    out[`report.xml ${id}`] = [xml.status, createHash("sha256").update(xml.bytes).digest("hex")];
  }
  return out;
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const SUMMARY =
  /^jux serve migrate: (\d+) run\(s\) copied, (\d+) already at the target \(skipped\) in [\d.]+ s \(\d+ runs\/s\); verified: 2000 run\(s\), every canonical hash the same; the source (.*) was left untouched\n$/;

afterAll(cleanUp);

withShared(["fixtures/junit", "fixtures/xmldsig"], "jux serve migrate of real reports", () => {
  it("SQLite → PostgreSQL (killed, run again) → SQLite: the query API answers identically on all three", async () => {
    const dir = tempDir("jux-migrate-");
    const exportFile = join(dir, "runs.jsonl");
    await dataSet(exportFile);
    const first = join(dir, "first.sqlite");
    const imported = await jux(["import", "--database", first, exportFile, "--on-conflict", "skip"]);
    expect([imported.code, imported.stdout]).toEqual([
      0,
      expect.stringContaining(`imported ${RUNS}, skipped 0`) as unknown as string,
    ]);
    const middle = BACKENDS.includes("postgres")
      ? await freshDatabase("postgres")
      : join(dir, "middle.sqlite");
    const last = join(dir, "last.sqlite");
    const before = sha256(first);

    // kill -9 once a batch or more is at the target; the same command again goes on where it stopped.
    const args = ["migrate", "--from", `sqlite:${first}`, "--to", middle, "--batch", String(BATCH)];
    let polled = 0;
    const killed = await jux(args, (pid) => {
      void (async () => {
        while ((polled = await runsIn(middle)) < BATCH) await new Promise((r) => setTimeout(r, 20));
        process.kill(pid, "SIGKILL");
      })();
    });
    expect(killed.signal).toBe("SIGKILL");
    const atKill = await runsIn(middle);
    expect(atKill).toBeGreaterThanOrEqual(polled);
    expect(atKill % BATCH).toBe(0); // whole batches only
    expect(atKill).toBeLessThan(RUNS); // killed in the middle
    const resumed = await jux(args);
    expect([resumed.code, resumed.stderr]).toEqual([
      0,
      expect.stringContaining("verifying") as unknown as string,
    ]);
    const [, copied, skipped, shown] = SUMMARY.exec(resumed.stdout) ?? [];
    expect([Number(copied) + Number(skipped), Number(skipped)]).toEqual([RUNS, atKill]);
    expect(shown).toBe(first);
    expect(sha256(first)).toBe(before); // the source's file, byte for byte

    // Back: a password in the URL (the test cluster does not ask for it) is never shown.
    const withPassword = middle.replace(/^(postgres(?:ql)?:\/\/[^:@/]+)@/, "$1:never-shown-pw@");
    expect(withPassword).toContain(":never-shown-pw@"); // else the check below checks nothing
    const back = await jux(["migrate", "--from", withPassword, "--to", `sqlite:${last}`]);
    expect([back.code, SUMMARY.exec(back.stdout)?.slice(1, 3)]).toEqual([0, [String(RUNS), "0"]]);
    expect(back.stdout + back.stderr).not.toContain("never-shown-pw");
    const verified = await jux(["migrate", "--from", first, "--to", last, "--verify-only"]);
    expect([verified.code, verified.stdout]).toEqual([
      0,
      `jux serve migrate: verified: ${RUNS} run(s), every canonical hash the same; the source ${first} was left untouched\n`,
    ]);

    const expected = await answers(await startServer(["--database", first]));
    expect((expected["/test_runs?per_page=100"]![1] as Json).pagination).toMatchObject({
      total_count: RUNS,
    });
    // Every question has an answer (a mistyped one would compare equal: the same error everywhere).
    expect(Object.entries(expected).filter(([, [status]]) => status !== 200)).toEqual([]);
    expect(Object.keys(expected).filter((path) => path.includes("/history")).length).toBeGreaterThan(8);
    expect(Object.keys(expected).length).toBeGreaterThan(150);
    for (const database of [middle, last]) {
      const server = await startServer(["--database", database]);
      expect(await answers(server)).toEqual(expected);
      await server.stop();
    }
  }, 120_000);
});

/**
 * jux serve --retention-days, --keep-latest end to end: the committed bundle on Node 24, runs submitted over HTTP
 * and dated back in the database file (a script on Node 24, as if they had been stored then), the pass at start:
 * its log line, the runs deleted gone from every route (runs, a run, a test's history, the tests of a project),
 * the newest run of each branch kept; bad values refused as usage errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawnSync, execFileSync } from "node:child_process";
import { testKey } from "../../src/core/junit/compare.js";
import { testId } from "../../src/core/junit/tests.js";
import { report, type ReportSpec } from "../helpers/insight.js";
import { CLI, NODE24, cleanUp, query, startServer, submit, tempDir, type Server } from "../helpers/serve.js";

const DAY = 86_400_000;
const LINE =
  "jux serve: retention: deleted 5 run(s) (older than 30 days: 3, beyond the newest 3 per branch: 2), kept the newest run of each branch";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (r: { body: unknown }) => r.body as any;
const key = (name: string) => testKey(testId("suite", "pkg.Tests", name));

/** Sets each run's inserted_at (the server is stopped: the file is closed). */
const AGE = `
const { DatabaseSync } = require("node:sqlite");
const db = new DatabaseSync(process.argv[1]);
const update = db.prepare("UPDATE test_runs SET inserted_at = ? WHERE id = ?");
for (const [id, at] of JSON.parse(process.argv[2])) if (update.run(at, id).changes !== 1) throw new Error(id);
db.close();
`;

describe("jux serve --retention-days 30 --keep-latest 3", () => {
  let server: Server;
  /** Run ids by branch, newest last, and how many days old each was made. */
  const runs: Record<string, { id: string; daysAgo: number }[]> = { main: [], feature: [], old: [] };
  const kept = () => [...runs.main!.slice(3), ...runs.feature!.slice(2), ...runs.old!];
  const deleted = () => [...runs.main!.slice(0, 3), ...runs.feature!.slice(0, 2)];

  beforeAll(async () => {
    const database = `${tempDir()}/db.sqlite`;
    const seeding = await startServer(["--database", database]);
    const put = async (branch: string, daysAgo: number, cases: ReportSpec["cases"]) => {
      const reply = await submit(
        seeding,
        report({ project: "shop", branch, nonce: `${branch}-${daysAgo}`, cases }),
      );
      expect(reply.status).toBe(201);
      runs[branch]!.push({ id: json(reply).test_run_id as string, daysAgo });
    };
    // main: 100, 50 and 40 days old (too old), then 3, 2, 1; "gone" only in the two oldest.
    for (const d of [100, 50, 40, 3, 2, 1])
      await put("main", d, [{ name: "stay" }, ...(d >= 50 ? [{ name: "gone" }] : [])]);
    // feature: five recent runs, the two oldest past the newest 3.
    for (const d of [5, 4, 3, 2, 1]) await put("feature", d, [{ name: "stay" }]);
    // old: one run, older than the limit, but the newest (the only) run of its branch.
    await put("old", 400, [{ name: "stay" }]);
    await seeding.stop();
    const now = Date.now();
    const dates = Object.values(runs)
      .flat()
      .map(({ id, daysAgo }) => [id, new Date(now - daysAgo * DAY).toISOString()]);
    execFileSync(NODE24, ["-e", AGE, database, JSON.stringify(dates)]);
    server = await startServer(["--database", database, "--retention-days", "30", "--keep-latest", "3"]);
    await server.waitForLog((log) => log.includes("jux serve: retention:"));
  });
  afterAll(async () => {
    await cleanUp();
  });

  it("logs one line for the pass at start: how many runs went and why", () => {
    expect(
      server
        .stderr()
        .split("\n")
        .filter((l) => l.includes("retention")),
    ).toEqual([LINE]);
  });

  it("lists only the runs kept: the newest 3 of main and feature, and the only run of old", async () => {
    const reply = await query(server, "/test_runs?project=shop&per_page=100");
    expect(reply.status).toBe(200);
    const ids = json(reply).test_runs.map((r: { id: string }) => r.id);
    expect([...ids].sort()).toEqual(
      kept()
        .map((r) => r.id)
        .sort(),
    );
    for (const branch of ["main", "feature", "old"]) {
      const newest = runs[branch]!.at(-1)!.id;
      expect((await query(server, `/test_runs/${newest}`)).status).toBe(200);
    }
    for (const { id } of deleted()) expect((await query(server, `/test_runs/${id}`)).status).toBe(404);
  });

  it("no longer counts the deleted runs in a test's history or in the tests of the project", async () => {
    const history = await query(server, `/tests/${key("stay")}/history?project=shop&limit=100`);
    expect(history.status).toBe(200);
    expect(
      json(history)
        .history.map((h: { test_run_id: string }) => h.test_run_id)
        .sort(),
    ).toEqual(
      kept()
        .map((r) => r.id)
        .sort(),
    );
    // "gone" was only in deleted runs: it has no history and is no test of the project any more.
    expect((await query(server, `/tests/${key("gone")}/history?project=shop`)).status).toBe(404);
    const tests = await query(server, "/tests?project=shop&branch=main");
    expect(json(tests).tests.map((t: { name: string; runs: number }) => [t.name, t.runs])).toEqual([
      ["stay", 3],
    ]);
    const all = json(await query(server, "/tests?project=shop"));
    expect(all.tests.map((t: { name: string; runs: number }) => [t.name, t.runs])).toEqual([["stay", 7]]);
  });

  it("logs nothing at the next start when nothing is due", async () => {
    await server.stop();
    const again = await startServer([
      "--database",
      server.database,
      "--retention-days",
      "30",
      "--keep-latest",
      "3",
    ]);
    // Nothing due: the pass at start ends before the first request is answered.
    expect((await query(again, "/test_runs?project=shop")).status).toBe(200);
    expect(again.stderr()).not.toContain("retention");
    expect(json(await query(again, "/test_runs?project=shop&per_page=100")).test_runs).toHaveLength(
      kept().length,
    );
  });
});

describe("jux serve refuses bad retention values", () => {
  it.each([
    ["--retention-days", "0"],
    ["--retention-days", "-3"],
    ["--keep-latest", "2.5"],
    ["--keep-latest", "ten"],
  ])("%s %s: a usage error (exit 2) naming the option and what it allows", (option, value) => {
    const dir = tempDir();
    const result = spawnSync(
      NODE24,
      [CLI, "serve", "--port", "0", "--database", `${dir}/db.sqlite`, `${option}=${value}`],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: dir },
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `jux serve: ${option} must be a whole number from 1 to 1000000, not "${value}"`,
    );
    expect(result.stdout).not.toContain("listening");
  });
});

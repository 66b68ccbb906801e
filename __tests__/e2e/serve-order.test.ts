/**
 * Runs stored within one millisecond share their inserted_at: the listing (API and page) must still show
 * them newest first, in the order they were stored, not in the order of their random ids. The timestamps are
 * made equal in the database itself (as a fast worker makes them), so the check does not depend on timing.
 */
import { afterAll, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { cleanUp, NODE24, query, startServer, submit } from "../helpers/serve.js";

afterAll(cleanUp);

/** Runs one statement on the server's database with Node 24's node:sqlite (WAL: the server sees it at once). */
function execute(database: string, sql: string): void {
  const script = `const { DatabaseSync } = require("node:sqlite");
    new DatabaseSync(process.argv[1]).exec(process.argv[2]);`;
  execFileSync(NODE24, ["-e", script, database, sql]);
}

test("runs with the same inserted_at are listed in the order they were stored, newest first, both ways", async () => {
  const server = await startServer();
  try {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const xml = `<testsuite name="order-${i}" tests="1"><properties><property name="project" value="order"/></properties><testcase classname="c" name="t${i}"/></testsuite>\n`;
      const reply = await submit(server, xml);
      expect(reply.status).toBe(201);
      ids.push((reply.body as { test_run_id: string }).test_run_id);
    }
    execute(server.database, "UPDATE test_runs SET inserted_at = '2026-12-05T06:00:00.000Z'");
    const desc = await query(server, "/test_runs?project=order&per_page=100");
    const listed = (desc.body as { test_runs: { id: string }[] }).test_runs.map((r) => r.id);
    expect(listed).toEqual([...ids].reverse());
    const asc = await query(server, "/test_runs?project=order&per_page=100&sort_order=asc");
    expect((asc.body as { test_runs: { id: string }[] }).test_runs.map((r) => r.id)).toEqual(ids);
  } finally {
    await server.stop();
  }
});

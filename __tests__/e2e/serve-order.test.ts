/**
 * Runs stored within one millisecond share their inserted_at: the listing (API and page) must still show
 * them newest first, in the order they were stored, not in the order of their random ids. The timestamps are
 * made equal in the database itself (as a fast worker makes them), so the check does not depend on timing.
 */
import { afterAll, describe, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import pg from "pg";
import { BACKENDS } from "../helpers/postgres.js";
import { cleanUp, NODE24, query, startServer, submit, type Server } from "../helpers/serve.js";

afterAll(cleanUp);

/** Runs one statement on the server's database: node:sqlite on Node 24 (WAL: the server sees it at once), or pg. */
async function execute(server: Server, sql: string): Promise<void> {
  if (server.backend === "postgres") {
    const client = new pg.Client({ connectionString: server.database });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return;
  }
  const script = `const { DatabaseSync } = require("node:sqlite");
    new DatabaseSync(process.argv[1]).exec(process.argv[2]);`;
  execFileSync(NODE24, ["-e", script, server.database, sql]);
}

describe.each(BACKENDS)("the order of runs stored in one millisecond (%s)", (backend) => {
  test("runs with the same inserted_at are listed in the order they were stored, newest first, both ways", async () => {
    const server = await startServer([], {}, { backend });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const xml = `<testsuite name="order-${i}" tests="1"><properties><property name="project" value="order"/></properties><testcase classname="c" name="t${i}"/></testsuite>\n`;
        const reply = await submit(server, xml);
        expect(reply.status).toBe(201);
        ids.push((reply.body as { test_run_id: string }).test_run_id);
      }
      await execute(server, "UPDATE test_runs SET inserted_at = '2026-12-05T06:00:00.000Z'");
      const desc = await query(server, "/test_runs?project=order&per_page=100");
      const listed = (desc.body as { test_runs: { id: string }[] }).test_runs.map((r) => r.id);
      expect(listed).toEqual([...ids].reverse());
      const asc = await query(server, "/test_runs?project=order&per_page=100&sort_order=asc");
      expect((asc.body as { test_runs: { id: string }[] }).test_runs.map((r) => r.id)).toEqual(ids);
    } finally {
      await server.stop();
    }
  });
});

/**
 * jux serve when its PostgreSQL goes away under it (a restart, a failover, a network cut): every request is
 * answered 503 with Retry-After, which clients retry (the action and jux publish queue the report), each logged in
 * one line; the process stays up. On a cluster of its own, stopped in the middle of the test.
 */
import { afterAll, expect, it } from "@jest/globals";
import { startCluster, stopCluster } from "../../scripts/postgres.mjs";
import { BACKENDS } from "../helpers/postgres.js";
import { cleanUp, query, startServer, submit } from "../helpers/serve.js";

const onPostgres = BACKENDS.includes("postgres") ? it : it.skip;
let clusterDir: string | undefined;

afterAll(async () => {
  await cleanUp();
  if (clusterDir) stopCluster(clusterDir);
});

function report(name: string): Buffer {
  return Buffer.from(
    `<testsuite name="${name}" tests="1"><properties><property name="project" value="down"/></properties>` +
      `<testcase classname="c" name="t"/></testsuite>\n`,
  );
}

onPostgres(
  "answers 503 with Retry-After while its database is down, in one log line each, and stays up",
  async () => {
    const cluster = await startCluster({ reap: false });
    clusterDir = cluster.dir;
    const server = await startServer(["--database", cluster.url]);
    expect((await submit(server, report("before"))).status).toBe(201);
    expect((await query(server, "/test_runs")).status).toBe(200);

    stopCluster(cluster.dir);
    clusterDir = undefined;

    for (const answer of [await query(server, "/test_runs"), await submit(server, report("during"))]) {
      expect(answer.status).toBe(503);
      expect(answer.headers["retry-after"]).toBe("10");
      expect(answer.body).toEqual({
        error: "Service unavailable",
        details: { message: "The server cannot reach its database; try again shortly" },
      });
    }
    expect((await query(server, "/test_runs")).status).toBe(503); // still up, still saying so
    const lines = server.log().split("\n");
    const down = lines.filter((l) => l.startsWith("error: the database is not reachable: "));
    expect(down.length).toBeGreaterThanOrEqual(3);
    expect(lines.filter((l) => /^\s+at /.test(l))).toEqual([]); // no stack per request
    expect(server.log()).not.toMatch(/Internal server error|unhandled/i);
    expect((await server.stop()).code).toBe(0);
  },
);

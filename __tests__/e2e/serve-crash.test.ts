import { afterAll, describe, expect, it } from "@jest/globals";
import { cleanUp, query, startServer, submit, tempDir } from "../helpers/serve.js";
import { join } from "node:path";

afterAll(cleanUp);

/** A small report with `n` testcases in each of two suites, distinct by `id`. */
function report(id: number, n = 5): Buffer {
  const cases = (suite: string) =>
    Array.from(
      { length: n },
      (_, i) => `<testcase classname="${suite}" name="case-${id}-${i}" time="0.01"/>`,
    ).join("");
  return Buffer.from(
    `<testsuites><testsuite name="a-${id}" tests="${n}"><properties><property name="project" value="crash"/></properties>` +
      `${cases("a")}</testsuite><testsuite name="b-${id}" tests="${n}">${cases("b")}</testsuite></testsuites>`,
  );
}

describe("jux serve killed in the middle of submissions", () => {
  it("keeps only whole runs: every stored run has all its suites and cases, and a retry completes the set", async () => {
    const database = join(tempDir(), "crash.sqlite");
    const first = await startServer(["--database", database]);
    const total = 300;
    let answered = 0;
    const inFlight = Array.from({ length: total }, (_, i) =>
      submit(first, report(i)).then(
        (r) => (answered++, r.status),
        () => 0,
      ),
    );
    while (answered < 40) await new Promise((r) => setTimeout(r, 2));
    const exit = await first.crash();
    expect(exit.signal).toBe("SIGKILL");
    const statuses = await Promise.all(inFlight);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(40);

    const second = await startServer(["--database", database]);
    const stored = (await query(second, "/test_runs?per_page=100&project=crash")).body as {
      test_runs: { id: string; total_tests: number }[];
      pagination: { total_count: number; total_pages: number };
    };
    const ids: string[] = [];
    for (let page = 1; page <= stored.pagination.total_pages; page++) {
      const body = (await query(second, `/test_runs?per_page=100&project=crash&page=${page}`))
        .body as typeof stored;
      ids.push(...body.test_runs.map((r) => r.id));
    }
    expect(ids.length).toBe(stored.pagination.total_count);
    expect(ids.length).toBeLessThan(total);
    for (const id of ids) {
      const suites = (await query(second, `/test_runs/${id}/test_suites`)).body as {
        test_suites: { id: string }[];
      };
      expect(suites.test_suites).toHaveLength(2);
      for (const s of suites.test_suites) {
        const cases = (await query(second, `/test_suites/${s.id}/test_cases`)).body as {
          test_cases: unknown[];
        };
        expect(cases.test_cases).toHaveLength(5);
      }
    }
    // The client retries everything: what was stored is a duplicate, the rest is stored now; nothing is lost.
    const retried = await Promise.all(Array.from({ length: total }, (_, i) => submit(second, report(i))));
    expect(retried.filter((r) => r.status === 409).length).toBe(ids.length);
    expect(retried.filter((r) => r.status === 201).length).toBe(total - ids.length);
    const after = (await query(second, "/test_runs?per_page=1&project=crash")).body as {
      pagination: { total_count: number };
    };
    expect(after.pagination.total_count).toBe(total);
    await second.stop();
  });
});

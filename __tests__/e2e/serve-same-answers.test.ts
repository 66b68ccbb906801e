/**
 * One sequence of submissions sent to a jux serve on SQLite and to one on PostgreSQL, in the same order (issue 13:
 * the query API answers identically): every answer of the query API (the run list, a run, its suites, cases and
 * tests, compare, baseline, a project's tests, a test's history) and the pages that draw the trend are the same,
 * once the ids each server drew (run ids by the submission they answer, other ids by first appearance) and the
 * times of storage are set aside. Skipped with the reason where there is no test PostgreSQL (never on CI).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { JUNIT, XMLDSIG } from "../helpers/fixtures.js";
import { report, type CaseSpec, type ReportSpec } from "../helpers/insight.js";
import { key as signingKey, sign } from "../helpers/jux.js";
import { BACKENDS, type Backend } from "../helpers/postgres.js";
import { cleanUp, query, startServer, submit, type Reply, type Server } from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const body = (r: Reply) => r.body as any;

const describeBoth = BACKENDS.includes("postgres") ? describe : describe.skip;

withShared(["fixtures/junit", "fixtures/xmldsig"], "the same answers on SQLite and PostgreSQL", () => {
  describeBoth(
    "the same submissions, the same answers on SQLite and PostgreSQL (ids and times aside)",
    () => {
      const rsa = signingKey(join(XMLDSIG, "rsa.pem"), join(XMLDSIG, "rsa.crt"));
      const servers = {} as Record<Backend, Server>;
      const runs: Record<Backend, string[]> = { sqlite: [], postgres: [] };
      const BOTH: Backend[] = ["sqlite", "postgres"];
      const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
      const TIME = /\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)?/g;
      const AGO = /\b(?:just now|\d+ min ago|\d+ h ago)\b/g;

      /** The sequence: two projects on main, a feature branch and a pull request, matrix legs, flaky and skipped
       * tests, names that sort differently by bytes and by locale, durations that do not add up exactly in binary. */
      const cases = (list: [string, CaseSpec["outcome"]?, number?][]): CaseSpec[] =>
        list.map(([name, outcome, time]) => ({
          name,
          ...(outcome ? { outcome } : {}),
          ...(time !== undefined ? { time } : {}),
        }));
      const SPECS: ReportSpec[] = [
        {
          project: "same",
          branch: "main",
          commit: "a".repeat(40),
          runId: "100",
          job: "test",
          leg: "a",
          cases: cases([
            ["t1", "passed", 0.1],
            ["t2", "failed", 0.2],
            ["T3", "passed", 1.25],
            ["é", "passed", 0.3],
            ["_u", "skipped", 0],
            ["Zeta", "passed", 0.7],
          ]),
        },
        {
          project: "same",
          branch: "main",
          commit: "a".repeat(40),
          runId: "100",
          job: "test",
          leg: "b",
          cases: [
            ...cases([
              ["t1", "passed", 0.2],
              ["t4", "error", 0.05],
            ]),
            { name: "t5", flaky: true, time: 0.3 },
          ],
        },
        {
          project: "same",
          branch: "main",
          commit: "b".repeat(40),
          runId: "101",
          job: "test",
          cases: cases([
            ["t1", "failed", 0.1],
            ["t2", "passed", 0.2],
            ["T3", "passed", 1.5],
            ["é", "failed", 0.3],
            ["t5", "passed", 0.3],
            ["Zeta", "passed", 0.1],
          ]),
        },
        {
          project: "same",
          branch: "main",
          commit: "c".repeat(40),
          runId: "102",
          job: "lint",
          cases: cases([["lint", "passed", 2]]),
        },
        {
          project: "same",
          branch: "feature/x",
          commit: "d".repeat(40),
          runId: "200",
          job: "test",
          cases: cases([
            ["t1", "passed", 0.1],
            ["t2", "failed", 0.2],
            ["t4", "passed", 0.05],
            ["t6 <b>new</b>", "passed", 0.01],
            ["Zeta", "error", 0.1],
          ]),
        },
        {
          project: "same",
          branch: "main",
          commit: "e".repeat(40),
          runId: "103",
          job: "test",
          cases: [
            ...cases([
              ["t1", "passed", 0.1],
              ["t2", "passed", 0.2],
              ["T3", "skipped", 0],
              ["é", "passed", 0.3],
            ]),
            { name: "t5", flaky: true, time: 0.3 },
          ],
        },
        { project: "other", branch: "main", cases: cases([["t1", "failed", 3]]) },
      ];
      const FIXTURES: [string, string, string][] = [
        ["apache-maven-surefire/TEST-org.acme.FlakyTest.xml", "real", "main"],
        ["mikepenz-action-junit-report/flaky_with_classname_file.xml", "real", "main"],
        ["enricomi-publish-unit-test-result-action/pytest-junit.gloo.standalone.xml", "real", "main"],
        ["mikepenz-action-junit-report/test_multiple_failures.xml", "real", "dev"],
        ["apache-maven-surefire/TEST-org.acme.FlakyTest.xml", "real", "dev"],
      ];

      /** The answer with each run id replaced by its submission's number, other ids and times by placeholders. */
      function normalise(backend: Backend, text: string): string {
        const others = new Map<string, string>();
        return text
          .replace(UUID, (id) => {
            const n = runs[backend].indexOf(id.toLowerCase());
            if (n >= 0) return `<run ${n}>`;
            if (!others.has(id)) others.set(id, `<id ${others.size}>`);
            return others.get(id)!;
          })
          .replace(TIME, "<time>")
          .replace(AGO, "<ago>");
      }

      /**
       * GETs `path(backend)` on both servers (an /api/v1 path, or a page when `api` is false); expects the same
       * status, Content-Type and normalised body, and the status `status` (any below 500 when null).
       */
      async function same(
        path: (backend: Backend) => string,
        { api = true, status = 200 as number | null } = {},
      ): Promise<Reply[]> {
        const replies = await Promise.all(
          BOTH.map((b) => (api ? query(servers[b], path(b)) : fetchPage(servers[b], path(b)))),
        );
        const [a, b] = replies.map((r, i) => ({
          path: path("sqlite"),
          status: r.status,
          type: r.headers["content-type"],
          body: normalise(BOTH[i]!, r.text),
        }));
        expect(b).toEqual(a);
        if (status === null) expect(a!.status).toBeLessThan(500);
        else expect([a!.path, a!.status]).toEqual([a!.path, status]);
        return replies;
      }

      async function fetchPage(server: Server, path: string): Promise<Reply> {
        const response = await fetch(`${server.url}${path}`);
        const text = await response.text();
        const headers: Record<string, string> = {};
        response.headers.forEach((v, k) => (headers[k] = v));
        return { status: response.status, headers, text, body: undefined, bytes: Buffer.from(text) };
      }

      /** Submits `bytes` to both servers, SQLite first; expects the same status and (normalised) body. */
      async function submitBoth(bytes: Buffer): Promise<void> {
        const replies: Reply[] = [];
        for (const b of BOTH) {
          const reply = await submit(servers[b], bytes);
          if (reply.status === 201) runs[b].push(body(reply).test_run_id);
          replies.push(reply);
          await new Promise((r) => setTimeout(r, 3)); // distinct times of storage, so "newest first" is one order
        }
        const [a, b] = replies.map((r, i) => [r.status, normalise(BOTH[i]!, r.text)]);
        expect(b).toEqual(a);
      }

      beforeAll(async () => {
        for (const b of BOTH) servers[b] = await startServer([], {}, { backend: b });
        for (const spec of SPECS) await submitBoth(report(spec));
        for (const [rel, project, branch] of FIXTURES)
          await submitBoth(
            (
              await sign(readFileSync(join(JUNIT, rel)), rsa, {
                properties: [
                  { name: "project", value: project },
                  { name: "git:branch", value: branch },
                ],
              })
            ).bytes,
          );
        await submitBoth(report(SPECS[0]!)); // a duplicate: 409 naming run 0 on both
        await submitBoth(Buffer.from("<testsuites><oops></testsuites>")); // refused alike
        expect(runs.sqlite).toHaveLength(SPECS.length + FIXTURES.length);
        expect(runs.postgres).toHaveLength(runs.sqlite.length);
      });
      afterAll(cleanUp);

      it("the run list: every filter, sort and page", async () => {
        for (const q of [
          "",
          "?per_page=100",
          "?project=same&per_page=100",
          "?project=real&branch=dev",
          "?branch=main&status=failed",
          "?status=error",
          "?status=passed",
          "?per_page=3&page=2",
          "?per_page=3&page=5",
          "?sort_by=total_tests&sort_order=asc&per_page=100",
          "?sort_by=failures&per_page=100",
          "?sort_by=success_rate&sort_order=asc&per_page=100",
          "?sort_by=inserted_at&sort_order=asc&per_page=100",
        ])
          await same(() => `/test_runs${q}`);
        const [all] = await same(() => "/test_runs?per_page=100");
        expect(body(all!).pagination.total_count).toBe(runs.sqlite.length);
        await same(() => "/", { api: false });
        await same(() => "/?project=same&branch=main&status=failed&per_page=1&page=2", { api: false });
      });

      it("each run: its detail, suites, cases (by status) and tests (by outcome, paged); its page and stored report", async () => {
        for (let n = 0; n < runs.sqlite.length; n++) {
          const run = (b: Backend) => runs[b][n]!;
          await same((b) => `/test_runs/${run(b)}`);
          const [suitesA, suitesB] = await same((b) => `/test_runs/${run(b)}/test_suites`);
          const suiteIds = {
            sqlite: body(suitesA!).test_suites.map((s: { id: string }) => s.id) as string[],
            postgres: body(suitesB!).test_suites.map((s: { id: string }) => s.id) as string[],
          };
          for (let i = 0; i < suiteIds.sqlite.length; i++)
            for (const q of ["", "?status=failed", "?status=skipped", "?per_page=2&page=2"])
              await same((b) => `/test_suites/${suiteIds[b][i]}/test_cases${q}`);
          for (const q of ["", "?outcome=failed", "?outcome=flaky", "?per_page=2&page=2"])
            await same((b) => `/test_runs/${run(b)}/tests${q}`);
          await same((b) => `/runs/${run(b)}`, { api: false });
          const [xmlA, xmlB] = await same((b) => `/runs/${run(b)}/report.xml`, { api: false });
          expect(xmlA!.text).toBe(xmlB!.text);
        }
      });

      it("compare and baseline", async () => {
        const feature = (b: Backend) => runs[b][4]!;
        await same((b) => `/test_runs/${feature(b)}/compare?base=main`);
        await same((b) => `/test_runs/${feature(b)}/compare?with=${runs[b][0]}`);
        await same((b) => `/test_runs/${runs[b][5]}/compare?base=main`);
        await same((b) => `/test_runs/${feature(b)}/compare?base=release`, { status: 404 });
        await same((b) => `/runs/${feature(b)}?base=main`, { api: false });
        for (const q of [
          "?project=same&branch=main&job=test",
          "?project=same&branch=main",
          "?project=same&branch=feature/x&job=test",
          "?project=real&branch=dev",
        ])
          await same(() => `/baseline${q}`);
        await same(() => "/baseline?project=same&branch=main&job=deploy", { status: 404 });
      });

      it("a project's tests (every sort, outcome, branch, window, page) and each test's history", async () => {
        const keys = new Set<string>();
        for (const project of ["same", "real", "other"])
          for (const q of [
            "",
            "&sort=flaky",
            "&sort=failing",
            "&sort=slowest",
            "&sort=name",
            "&branch=main",
            "&branch=dev&sort=failing",
            "&outcome=failed",
            "&outcome=flaky",
            "&window=2",
            "&per_page=3&page=2",
            "&per_page=100",
          ]) {
            const [a] = await same(() => `/tests?project=${project}${q}`);
            for (const t of body(a!).tests as { key: string }[]) keys.add(t.key);
          }
        expect(keys.size).toBeGreaterThan(15);
        for (const key of keys) {
          for (const q of ["", "?limit=2"]) await same(() => `/tests/${key}/history${q}`);
          for (const q of ["?project=same", "?project=real&branch=main", "?branch=dev"])
            await same(() => `/tests/${key}/history${q}`, { status: null });
        }
        for (const key of [...keys].slice(0, 5)) await same(() => `/tests/${key}`, { api: false });
      });

      it("the trend: each project's page (every branch) and badge", async () => {
        for (const path of [
          "/projects/same",
          "/projects/same?branch=main",
          "/projects/same?branch=feature%2Fx",
          "/projects/same?window=2",
          "/projects/real",
          "/projects/real?branch=dev",
          "/projects/other",
          "/projects/nobody",
          "/badge/same.svg",
          "/badge/same.svg?show=status",
          "/badge/real.svg?branch=dev&style=flat-square",
          "/badge/nobody.svg",
        ]) {
          await same(() => path, { api: false, status: path.includes("nobody") ? 404 : 200 });
        }
      });
    },
  );
});

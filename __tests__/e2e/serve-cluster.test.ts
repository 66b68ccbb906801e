/**
 * Several `jux serve` processes on one database behave as one server (issue 13): behind a loopback round-robin,
 * 20 clients submit 200 distinct signed reports while racing re-submissions of them (the same Idempotency-Key,
 * another key, none) across the processes, and one process is SIGKILLed mid-batch. Every report is stored exactly
 * once, the only 5xx are 502s for the requests open on the killed process, and the retries complete the set.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { join } from "node:path";
import { XMLDSIG } from "../helpers/fixtures.js";
import { key } from "../helpers/jux.js";
import { expectValidResponse } from "../helpers/openapi.js";
import { BACKENDS, databaseFor, dropPostgresDatabases } from "../helpers/postgres.js";
import { signedReport, type Signed } from "../helpers/publish.js";
import { startRoundRobin, type RoundRobin } from "../helpers/round-robin.js";
import {
  API,
  REQUEST_LINE,
  cleanUp,
  expectErrorShape,
  query,
  request,
  startServer,
  tempDir,
  type Reply,
  type Server,
} from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";

const CLIENTS = 20;
const REPORTS = 200;
const PROJECT = "cluster";
const TOKEN = "jux-cluster-TOKEN-5f1c0e9a77d2";
/** A try that got no HTTP answer (the connection was cut). */
const NO_ANSWER = 0;
const MAX_TRIES = 30;

/** One submission as a client makes it: retried (same bytes, same key) on a 502 or a cut connection. */
interface Attempt {
  report: number;
  /** The Idempotency-Key header, or undefined: none. */
  key: string | undefined;
  /** Every try's status (NO_ANSWER for a cut connection), in order. */
  tries: number[];
  /** The answer that ended the retries. */
  final?: Reply;
}

/**
 * The submissions of report `n`, sent at once: racing duplicates with the same key, with another key and with
 * none, so that the same report reaches several processes at the same moment.
 */
function plan(n: number): (string | undefined)[] {
  switch (n % 4) {
    case 0:
      return [`report-${n}-a`, `report-${n}-a`, undefined];
    case 1:
      return [undefined, undefined];
    case 2:
      return [`report-${n}-a`, `report-${n}-a`, `report-${n}-b`];
    default:
      return [`report-${n}-a`];
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

withShared(
  ["fixtures/junit", "fixtures/xmldsig"],
  "several jux serve processes on one database (real reports signed with the fixture key)",
  () => {
    const RSA_CERT = join(XMLDSIG, "rsa.crt");
    const reports: Signed[] = [];

    beforeAll(async () => {
      const signing = key(join(XMLDSIG, "rsa.pem"), RSA_CERT);
      const dir = tempDir("jux-cluster-reports-");
      for (let n = 0; n < REPORTS; n++) reports.push(await signedReport(signing, dir, n, PROJECT));
      expect(new Set(reports.map((r) => r.hash)).size).toBe(REPORTS);
    });
    afterAll(async () => {
      await cleanUp();
      await dropPostgresDatabases();
    });

    describe.each(BACKENDS)("on %s", (backend) => {
      it.each([2, 3])(
        "%i processes behind a round-robin: each report stored exactly once through racing duplicates and a SIGKILL",
        async (processes) => {
          const database = await databaseFor(backend, tempDir("jux-cluster-"));
          const args = ["--database", database, "--require-signature", "--trust", RSA_CERT];
          // The first one creates the database; the others start together on it (a fresh one: the test below).
          const first = await startServer(args, { JUX_SERVE_TOKENS: TOKEN });
          const servers = [
            first,
            ...(await Promise.all(
              Array.from({ length: processes - 1 }, () => startServer(args, { JUX_SERVE_TOKENS: TOKEN })),
            )),
          ];
          const lb = await startRoundRobin(servers.map((s) => s.url));
          try {
            await proveExactlyOnce(servers, lb);
          } finally {
            await lb.close();
          }
        },
        60_000,
      );
    });

    describe.each(BACKENDS)("on %s, started together", (backend) => {
      it("3 processes started at the same moment on a fresh database all start and serve (3 rounds)", async () => {
        for (let round = 0; round < 3; round++) {
          const database = await databaseFor(backend, tempDir("jux-cluster-start-"));
          const args = ["--database", database];
          const started = await Promise.allSettled(
            [0, 1, 2].map(() => startServer(args, { JUX_SERVE_TOKENS: TOKEN })),
          );
          const failed = started.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : []));
          expect([round, failed]).toEqual([round, []]);
          for (const s of started) {
            const server = (s as PromiseFulfilledResult<Server>).value;
            expect((await query(server, "/test_runs")).status).toBe(200);
            expect(await server.stop()).toEqual({ code: 0, signal: null });
          }
        }
      });
    });

    async function proveExactlyOnce(servers: Server[], lb: RoundRobin): Promise<void> {
      const victim = 1;
      const attempts: Attempt[] = [];
      let answered = 0;

      const send = async (attempt: Attempt): Promise<void> => {
        const headers: Record<string, string> = {
          "Content-Type": "application/xml",
          Authorization: `Bearer ${TOKEN}`,
          ...(attempt.key ? { "Idempotency-Key": attempt.key } : {}),
        };
        while (attempt.tries.length < MAX_TRIES) {
          let reply: Reply | undefined;
          try {
            reply = await request(`${lb.url}${API}/junit/submit`, {
              method: "POST",
              headers,
              body: reports[attempt.report]!.bytes,
            });
          } catch {
            attempt.tries.push(NO_ANSWER);
          }
          if (reply) {
            attempt.tries.push(reply.status);
            if (reply.status !== 502) {
              attempt.final = reply;
              answered++;
              return;
            }
          }
          await sleep(10);
        }
      };

      const client = async (c: number) => {
        for (let n = c; n < REPORTS; n += CLIENTS) {
          const mine = plan(n).map((k): Attempt => ({ report: n, key: k, tries: [] }));
          attempts.push(...mine);
          await Promise.all(mine.map(send));
        }
      };
      const batch = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));

      // Mid-batch, with requests open on it: SIGKILL, no warning to the balancer.
      const total = Array.from({ length: REPORTS }, (_, n) => plan(n).length).reduce((a, b) => a + b);
      while (answered < total / 4 || lb.backends[victim]!.open === 0) await sleep(1);
      const before = { ...lb.backends[victim]! };
      expect((await servers[victim]!.crash()).signal).toBe("SIGKILL");
      await batch;
      const killed = lb.backends[victim]!;

      // Requests: only the victim failed, only with what was open on it (or sent to it before it was gone).
      expect(lb.backends.map((b) => b.down)).toEqual(servers.map((_, i) => i === victim));
      expect(lb.backends.filter((_, i) => i !== victim).map((b) => [b.lost, b.open])).toEqual(
        lb.backends.filter((_, i) => i !== victim).map(() => [0, 0]),
      );
      expect(lb.backends.map((b) => b.forwarded).every((f) => f > 0)).toBe(true);
      const bound = before.open + (killed.forwarded - before.forwarded);
      expect(killed.lost).toBeLessThanOrEqual(bound);
      expect(lb.badGateway.reduce((a, b) => a + b)).toBe(lb.badGateway[victim]);
      const fiveHundreds = [...lb.statuses].filter(([s]) => s >= 500);
      expect(fiveHundreds).toEqual(lb.badGateway[victim]! > 0 ? [[502, lb.badGateway[victim]]] : []);
      const failedTries = attempts.flatMap((a) => a.tries.filter((s) => s === 502 || s === NO_ANSWER));
      expect(failedTries.length).toBe(killed.lost);
      expect(attempts.filter((a) => !a.final)).toEqual([]);

      // Each report: every answer names one run; a key always gets the same answer; one submission created it.
      const runOf = new Map<number, string>();
      for (let n = 0; n < REPORTS; n++) {
        const mine = attempts.filter((a) => a.report === n);
        const runIds = new Set(mine.map((a) => (a.final!.body as { test_run_id: string }).test_run_id));
        expect([n, runIds.size]).toEqual([n, 1]);
        runOf.set(n, [...runIds][0]!);
        for (const a of mine) {
          expect([n, [201, 409].includes(a.final!.status)]).toEqual([n, true]);
          if (a.final!.status === 409) expectDuplicate(a.final!, reports[n]!.hash, runOf.get(n)!);
          else
            expectValidResponse("submission", "POST", "/junit/submit", 201, a.final!.body, a.final!.headers);
        }
        const origins = new Set(
          mine.filter((a) => a.final!.status === 201).map((a, i) => a.key ?? `no key ${i}`),
        );
        const cut = mine.some((a) => a.tries.length > 1);
        expect([n, cut ? Math.max(origins.size, 1) : origins.size]).toEqual([n, 1]);
        for (const k of new Set(mine.map((a) => a.key).filter((k) => k !== undefined))) {
          const same = mine.filter((a) => a.key === k).map((a) => [a.final!.status, a.final!.body]);
          // The same Idempotency-Key, wherever it landed, gets one answer.
          expect([k, same]).toEqual([k, same.map(() => same[0])]);
        }
      }

      // The stored set: 200 runs, one per report, the very runs the clients were told, each whole.
      const listed = await listRuns(servers[0]!);
      expect(listed.total).toBe(REPORTS);
      expect(new Set(listed.ids).size).toBe(REPORTS);
      expect(new Set(listed.ids)).toEqual(new Set(runOf.values()));
      for (const a of attempts.filter((x) => x.final!.status === 201)) {
        const run = await query(servers[0]!, `/test_runs/${runOf.get(a.report)}`);
        const told = a.final!.body as { test_count: number };
        expect([a.report, (run.body as { total_tests: number }).total_tests]).toEqual([
          a.report,
          told.test_count,
        ]);
      }

      // Later retries (a client that lost its answer): a key replays its answer; without one, 409 names the run.
      const again = attempts.filter(
        (a, i) => a.key === undefined || attempts.findIndex((b) => b.key === a.key) === i,
      );
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (const a of again.filter((x) => x.report % CLIENTS === c)) {
            const r = await request(`${lb.url}${API}/junit/submit`, {
              method: "POST",
              headers: {
                "Content-Type": "application/xml",
                Authorization: `Bearer ${TOKEN}`,
                ...(a.key ? { "Idempotency-Key": a.key } : {}),
              },
              body: reports[a.report]!.bytes,
            });
            if (a.key) {
              expect([a.key, r.status, r.headers["idempotent-replayed"]]).toEqual([
                a.key,
                a.final!.status,
                "true",
              ]);
              expect(r.body).toEqual(a.final!.body);
            } else expectDuplicate(r, reports[a.report]!.hash, runOf.get(a.report)!);
          }
        }),
      );

      // The processes: no error, no 5xx, no secret in any log; the survivors stop cleanly.
      for (const [i, s] of servers.entries()) {
        const log = s.log();
        expect([
          i,
          log.split("\n").filter((l) => /^error:|unhandled|uncaught|Internal server error/i.test(l)),
        ]).toEqual([i, []]);
        expect([i, s.requests().filter((l) => REQUEST_LINE.exec(l)![3]!.startsWith("5"))]).toEqual([i, []]);
        expect(log.includes(TOKEN)).toBe(false);
      }
      for (const [i, s] of servers.entries())
        if (i !== victim) expect(await s.stop()).toEqual({ code: 0, signal: null });
    }

    /** A 409 for a report already stored: the Error shape, naming the stored run and the canonical hash. */
    function expectDuplicate(reply: Reply, hash: string, runId: string): void {
      expect(reply.status).toBe(409);
      expectErrorShape(reply);
      expect(reply.body).toMatchObject({
        error: "Duplicate submission",
        test_run_id: runId,
        details: { test_run_id: runId, canonical_hash: hash },
      });
    }

    /** Every run of the project, through the paged list API. */
    async function listRuns(server: Server): Promise<{ total: number; ids: string[] }> {
      const ids: string[] = [];
      let total = 0;
      for (let page = 1; ; page++) {
        const reply = await query(server, `/test_runs?project=${PROJECT}&per_page=100&page=${page}`);
        expect(reply.status).toBe(200);
        const body = reply.body as {
          test_runs: { id: string }[];
          pagination: { total_count: number; total_pages: number };
        };
        ids.push(...body.test_runs.map((r) => r.id));
        total = body.pagination.total_count;
        if (page >= body.pagination.total_pages) return { total, ids };
      }
    }
  },
);

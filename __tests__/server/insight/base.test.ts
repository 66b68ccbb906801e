/**
 * The one base rule (src/server/insight/base.ts) through GET /api/v1/baseline, GET /api/v1/test_runs/{id}/compare
 * ?base= and the run page, over a real Store and the real ingest, on each backend: a pull request's run is never a
 * base, legs join only on the base's branch and job, and what an anonymous request reads is bounded.
 */
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testKey } from "../../../src/core/junit/compare.js";
import { TEST_OUTCOMES } from "../../../src/core/junit/outcome.js";
import { MAX_BASELINE_TESTS } from "../../../src/core/junit/test-rows.js";
import { testId } from "../../../src/core/junit/tests.js";
import { HttpError } from "../../../src/server/http/errors.js";
import { ingest, type SignaturePolicy } from "../../../src/server/ingest.js";
import { baseFor, joinedTests, MAX_BASE_LEGS } from "../../../src/server/insight/base.js";
import { SUMMARY_ROW_BUDGET, windowOf } from "../../../src/server/insight/summaries.js";
import { api } from "../../../src/server/routes/api.js";
import { runInsight, testFigures } from "../../../src/server/routes/insight-pages.js";
import { comparedTest } from "../../../src/server/views/run-tests.js";
import { MIGRATIONS } from "../../../src/server/schema.js";
import type { Store } from "../../../src/server/store.js";
import { commitSubmission } from "../../../src/server/submission.js";
import { loadTrustedKeys } from "../../../src/core/crypto/keys.js";
import { XMLDSIG } from "../../helpers/fixtures.js";
import { report, type ReportSpec } from "../../helpers/insight.js";
import { key, sign } from "../../helpers/jux.js";
import { BACKENDS } from "../../helpers/postgres.js";
import { testStores } from "../../helpers/server-store.js";
import { withShared } from "../../helpers/shared.js";

const HAS_SQLITE = Boolean(process.getBuiltinModule?.("node:sqlite"));
if (!HAS_SQLITE)
  console.log(`skipped: the SQLite upgrade test needs node:sqlite (Node 22.5+), this is ${process.version}`);
const describeSqlite = HAS_SQLITE ? describe : describe.skip;

const stores = testStores("jux-base-");

type Spec = ReportSpec & { extra?: [string, string][] };

const NO_TRUST: SignaturePolicy = { trusted: [], requireSignature: false };

/** A report with `extra` properties after the helper's (the last of a name wins, as the signer asserts). */
function xmlOf(spec: Spec): Buffer {
  const props = (spec.extra ?? []).map(([n, v]) => `<property name="${n}" value="${v}"/>`).join("");
  return Buffer.from(report(spec).toString("utf8").replace("</properties>", `${props}</properties>`));
}

async function submitXml(store: Store, xml: Buffer, policy = NO_TRUST): Promise<string> {
  const reply = await commitSubmission(
    store,
    await ingest(xml, policy),
    undefined,
    "1970-01-01T00:00:00.000Z",
  );
  expect(reply.status).toBe(201);
  return reply.runId!;
}

const put = (store: Store, spec: Spec, policy = NO_TRUST) => submitXml(store, xmlOf(spec), policy);

const PR: [string, string][] = [["env:GITHUB_EVENT_NAME", "pull_request"]];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function get(store: Store, pathWithQuery: string): Promise<{ status: number; body: any }> {
  const [path, query = ""] = pathWithQuery.split("?");
  try {
    return await api(store, path!, new URLSearchParams(query));
  } catch (e) {
    if (e instanceof HttpError) return { status: e.status, body: e.body };
    throw e;
  }
}

const ids = (runs: { id: string }[]) => runs.map((r) => r.id);
const names = (tests: { name: string }[]) => tests.map((t) => t.name).sort();

/** The base each of the three readers picks for `run` on `branch`: [baseline, compare, run page]. */
async function threeBases(store: Store, runId: string, branch: string, job: string | undefined) {
  const run = (await store.run(runId))!;
  const baseline = await get(
    store,
    `/baseline?project=${run.project}&branch=${branch}${job ? `&job=${job}` : ""}`,
  );
  const compare = await get(store, `/test_runs/${runId}/compare?base=${branch}`);
  const page = (await runInsight(store, run, { base: branch })).comparison;
  return {
    baseline: baseline.status === 200 ? ids(baseline.body.test_runs) : baseline.status,
    compare: compare.status === 200 ? compare.body.base.test_run_ids : compare.status,
    page: "base" in page ? page.base.id : page.missing,
  };
}

describe.each(BACKENDS)("a pull request's run is never a base (%s)", (backend) => {
  it("a pull request claiming main (a fork's branch named main) is no baseline, compare base or run-page base", async () => {
    const store = await stores.open(backend);
    const push = await put(store, { project: "p", branch: "main", job: "test", cases: [{ name: "a" }] });
    for (const event of ["pull_request", "pull_request_target"])
      await put(store, {
        project: "p",
        branch: "main",
        job: "test",
        nonce: event,
        extra: [["env:GITHUB_EVENT_NAME", event]],
        cases: [{ name: "a", outcome: "failed" }, { name: "planted" }],
      });
    expect((await store.run(push))!.pull_request).toBe(0);
    const head = await put(store, { project: "p", branch: "feature", job: "test", cases: [{ name: "a" }] });
    expect(await threeBases(store, head, "main", "test")).toEqual({
      baseline: [push],
      compare: [push],
      page: push,
    });
    expect(names((await get(store, "/baseline?project=p&branch=main&job=test")).body.tests)).toEqual(["a"]);
  });

  it("the last env:GITHUB_EVENT_NAME wins (the CI job's asserted event follows a report's own claim)", async () => {
    const store = await stores.open(backend);
    const claimedPush = await put(store, {
      project: "p",
      branch: "main",
      nonce: "1",
      extra: [
        ["env:GITHUB_EVENT_NAME", "push"],
        ["env:GITHUB_EVENT_NAME", "pull_request"],
      ],
      cases: [{ name: "a" }],
    });
    const asserted = await put(store, {
      project: "p",
      branch: "main",
      nonce: "2",
      extra: [
        ["env:GITHUB_EVENT_NAME", "pull_request"],
        ["env:GITHUB_EVENT_NAME", "push"],
      ],
      cases: [{ name: "a" }],
    });
    expect([(await store.run(claimedPush))!.pull_request, (await store.run(asserted))!.pull_request]).toEqual(
      [1, 0],
    );
    expect(ids((await get(store, "/baseline?project=p&branch=main")).body.test_runs)).toEqual([asserted]);
  });
});

describeSqlite("a SQLite database from before pull_request", () => {
  it("runs stored before the column existed get it from their properties when the Store opens (last wins)", async () => {
    const path = await stores.database("sqlite");
    const { DatabaseSync } = await import("node:sqlite");
    const old = new DatabaseSync(path);
    old.exec(MIGRATIONS.slice(0, 3).join(";\n") + ";\nPRAGMA user_version = 3;");
    const insert = old.prepare(
      `INSERT INTO test_runs (id, canonical_hash, project, branch, status, total_tests, failures, errors, skipped,
         success_rate, total_time, tags, properties, inserted_at, xml, tests_stored)
       VALUES (?, ?, 'p', 'main', 'passed', 0, 0, 0, 0, 0, 0, '[]', ?, ?, x'', 1)`,
    );
    const event = (...values: string[]) =>
      JSON.stringify(values.map((value) => ({ name: "env:GITHUB_EVENT_NAME", value })));
    insert.run("push", "h1", event("push"), "2026-01-01T00:00:00.000Z");
    insert.run("pr", "h2", event("push", "pull_request_target"), "2026-01-02T00:00:00.000Z");
    insert.run("asserted", "h3", event("pull_request", "push"), "2026-01-03T00:00:00.000Z");
    insert.run("none", "h4", "[]", "2026-01-04T00:00:00.000Z");
    insert.run("pr2", "h5", event("pull_request"), "2026-01-05T00:00:00.000Z");
    old.close();
    const store = await stores.open(path);
    const flags = [];
    for (const id of ["push", "pr", "asserted", "none", "pr2"])
      flags.push((await store.run(id))!.pull_request);
    expect(flags).toEqual([0, 1, 0, 0, 1]);
    expect(ids((await get(store, "/baseline?project=p&branch=main")).body.test_runs)).toEqual(["none"]);
  });
});

describe.each(BACKENDS)("legs joined into a base (%s)", (backend) => {
  it("share the base's project, branch and job and are no pull request's: a copied run id joins nothing", async () => {
    const store = await stores.open(backend);
    const leg1 = await put(store, {
      project: "p",
      branch: "main",
      runId: "100",
      job: "test",
      nonce: "1",
      cases: [{ name: "a" }],
    });
    const leg2 = await put(store, {
      project: "p",
      branch: "main",
      runId: "100",
      job: "test",
      nonce: "2",
      cases: [{ name: "b" }],
    });
    // The same public run id, copied by a run of another branch and by a pull request claiming main.
    await put(store, {
      project: "p",
      branch: "evil",
      runId: "100",
      job: "test",
      cases: [{ name: "a", outcome: "failed" }, { name: "planted-branch" }],
    });
    await put(store, {
      project: "p",
      branch: "main",
      runId: "100",
      job: "test",
      nonce: "pr",
      extra: PR,
      cases: [{ name: "b", outcome: "failed" }, { name: "planted-pr" }],
    });
    const b = (await get(store, "/baseline?project=p&branch=main&job=test")).body;
    expect(ids(b.test_runs)).toEqual([leg1, leg2]);
    expect(b.tests.map((t: { name: string; outcome: string }) => [t.name, t.outcome])).toEqual([
      ["a", "passed"],
      ["b", "passed"],
    ]);
    const head = await put(store, { project: "p", branch: "feature", job: "test", cases: [{ name: "a" }] });
    expect(await threeBases(store, head, "main", "test")).toEqual({
      baseline: [leg1, leg2],
      compare: [leg1, leg2],
      page: leg2,
    });
    const page = (await runInsight(store, (await store.run(head))!, { base: "main" })).comparison;
    expect("result" in page && page.result.removed.map((t) => t.name)).toEqual(["b"]);
  });

  it(`at most ${MAX_BASE_LEGS} legs (the newest, the base among them) whatever one workflow run holds`, async () => {
    const store = await stores.open(backend);
    const legs: string[] = [];
    for (let i = 0; i < MAX_BASE_LEGS + 6; i++)
      legs.push(
        await put(store, {
          project: "p",
          branch: "main",
          runId: "7",
          job: "test",
          nonce: String(i),
          cases: [{ name: `t${i}` }],
        }),
      );
    const b = (await get(store, "/baseline?project=p&branch=main&job=test")).body;
    expect(ids(b.test_runs)).toEqual(legs.slice(-MAX_BASE_LEGS));
    expect(b.tests).toHaveLength(MAX_BASE_LEGS);
    const head = await put(store, { project: "p", branch: "feature", job: "test", cases: [{ name: "x" }] });
    const c = (await get(store, `/test_runs/${head}/compare?base=main`)).body;
    expect(c.base.test_run_ids).toEqual(legs.slice(-MAX_BASE_LEGS));
    expect(c.counts.removed).toBe(MAX_BASE_LEGS);
  });

  it("the rows read stop at the cap: the join says truncated and holds no more", async () => {
    const store = await stores.open(backend);
    const a = await put(store, {
      project: "p",
      branch: "main",
      runId: "9",
      nonce: "1",
      cases: [{ name: "a" }, { name: "b" }, { name: "c" }],
    });
    const b = await put(store, {
      project: "p",
      branch: "main",
      runId: "9",
      nonce: "2",
      cases: [{ name: "d" }, { name: "e" }],
    });
    const legs = [(await store.run(a))!, (await store.run(b))!];
    const cut = await joinedTests(store, legs, comparedTest, 4);
    expect([cut.tests.map((t) => t.name), cut.truncated]).toEqual([["a", "b", "c", "d"], true]);
    const whole = await joinedTests(store, legs, comparedTest, 5);
    expect([whole.tests.length, whole.truncated]).toEqual([5, false]);
    expect(MAX_BASELINE_TESTS).toBe(100_000);
  });
});

describe.each(BACKENDS)(
  "one base rule for the baseline, the compare route and the run page (%s)",
  (backend) => {
    it("same job, else a run naming no job, never another job's; stored before the run; its legs joined", async () => {
      const store = await stores.open(backend);
      const noJob = await put(store, { project: "p", branch: "main", cases: [{ name: "a" }] });
      const t1 = await put(store, {
        project: "p",
        branch: "main",
        runId: "3",
        job: "test",
        nonce: "1",
        cases: [{ name: "a", outcome: "failed" }],
      });
      const t2 = await put(store, {
        project: "p",
        branch: "main",
        runId: "3",
        job: "test",
        nonce: "2",
        cases: [{ name: "a" }],
      });
      const lint = await put(store, { project: "p", branch: "main", job: "lint", cases: [{ name: "l" }] });
      const test = await put(store, { project: "p", branch: "feature", job: "test", cases: [{ name: "a" }] });
      const deploy = await put(store, {
        project: "p",
        branch: "feature",
        job: "deploy",
        cases: [{ name: "a" }],
      });
      // Stored after both heads: never their base, though it is the newest run of its job on main.
      await put(store, { project: "p", branch: "main", job: "test", nonce: "later", cases: [{ name: "z" }] });

      const forTest = await threeBases(store, test, "main", undefined);
      expect([forTest.compare, forTest.page]).toEqual([[t1, t2], t2]);
      // The legs joined: `a` failed in leg t1, so it is fixed (t2 alone, as the run page had it, changes nothing).
      const page = (await runInsight(store, (await store.run(test))!, { base: "main" })).comparison;
      expect("result" in page && [page.result.fixed.length, page.result.stillFailing.length]).toEqual([1, 0]);
      const compare = (await get(store, `/test_runs/${test}/compare?base=main`)).body;
      expect(compare.counts).toMatchObject({ fixed: 1, still_failing: 0 });

      const forDeploy = await threeBases(store, deploy, "main", "deploy");
      expect(forDeploy).toEqual({ baseline: [noJob], compare: [noJob], page: noJob });
      expect(forDeploy.page).not.toBe(lint);

      const base = (await baseFor(store, (await store.run(test))!, "main"))!;
      expect([base.run.id, ids(base.legs)]).toEqual([t2, [t1, t2]]);
    });
  },
);

describe.each(BACKENDS)("bounded reads of the anonymous summaries (%s)", (backend) => {
  it(`a hostile window reads at most ${SUMMARY_ROW_BUDGET} rows and says how many runs it read`, async () => {
    const store = await stores.open(backend);
    const runs: string[] = [];
    for (let i = 0; i < 30; i++)
      runs.push(await put(store, { project: "p", branch: "main", nonce: String(i), cases: [{ name: "t" }] }));
    // Each run counted as a full one (100 000 tests): 20 of them make the budget.
    await (await stores.raw(store)).run("UPDATE test_runs SET total_tests = 100000");
    const r = (await get(store, "/tests?project=p&branch=main&window=500")).body;
    expect([r.window, r.window_used]).toEqual([500, SUMMARY_ROW_BUDGET / 100_000]);
    expect(r.tests[0]).toMatchObject({
      name: "t",
      runs: SUMMARY_ROW_BUDGET / 100_000,
      last_run_id: runs[29],
    });
  });

  it("a window is read for a few values only (the largest it reaches), so that the cache holds", async () => {
    expect([1, 7, 10, 11, 29, 30, 31, 199, 499, 500, 10_000].map(windowOf)).toEqual([
      1, 7, 10, 10, 20, 30, 30, 100, 300, 500, 500,
    ]);
    const store = await stores.open(backend);
    await put(store, { project: "p", branch: "main", cases: [{ name: "t" }] });
    const r = (await get(store, "/tests?project=p&window=499")).body;
    expect([r.window, r.window_used]).toEqual([300, 1]);
  });

  it("a test's page reads the one test, with the figures the project's list gives it", async () => {
    const store = await stores.open(backend);
    for (const outcome of ["passed", "failed", "passed", "error"] as const)
      await put(store, {
        project: "p",
        branch: "main",
        nonce: outcome + Math.random(),
        cases: [{ name: "t", outcome }, { name: "u" }],
      });
    const key = testKey(testId("suite", "pkg.Tests", "t"));
    const history = await store.testHistory(key, { project: "p", limit: 50 });
    const figures = await testFigures(store, key, "p", "main", history);
    const listed = (await get(store, "/tests?project=p&branch=main")).body.tests.find(
      (t: { key: string }) => t.key === key,
    );
    expect(figures).toMatchObject({
      runs: 4,
      pass_rate: 50,
      flaky_score: listed.flaky_score,
      mean_duration: listed.mean_duration,
    });
    expect(figures.pass_rate).toBe(listed.pass_rate);
  });

  it("the outcome parameter takes exactly the core's outcomes", async () => {
    const store = await stores.open(backend);
    for (const o of TEST_OUTCOMES)
      expect((await get(store, `/tests?project=p&outcome=${o}`)).status).toBe(200);
    expect((await get(store, "/tests?project=p&outcome=broken")).body.details.message).toContain(
      TEST_OUTCOMES.join(", "),
    );
  });
});

withShared("fixtures/xmldsig", "a verified base preferred when the server has trusted keys", () => {
  describe.each(BACKENDS)("with trusted keys (--trust) (%s)", (backend) => {
    it("a run a trusted key verified is the base before newer unsigned ones (and joins no unsigned leg)", async () => {
      const rsa = key(join(XMLDSIG, "rsa.pem"), join(XMLDSIG, "rsa.crt"));
      const trusted = loadTrustedKeys({
        pem: readFileSync(join(XMLDSIG, "rsa.crt"), "utf8"),
        source: "rsa.crt",
      });
      const policy: SignaturePolicy = { trusted, requireSignature: false };
      const main = { project: "p", branch: "main", job: "test" };
      for (const preferVerified of [true, false]) {
        const store = await stores.open(backend, { preferVerified });
        const signed = await submitXml(
          store,
          (await sign(xmlOf({ ...main, runId: "1", nonce: "signed", cases: [{ name: "a" }] }), rsa)).bytes,
          policy,
        );
        // Unsigned runs anyone with an API key can send: a leg of the signed run's workflow run, and a newer run.
        await put(store, { ...main, runId: "1", nonce: "leg", cases: [{ name: "planted-leg" }] }, policy);
        const newer = await put(store, { ...main, runId: "2", cases: [{ name: "planted" }] }, policy);
        expect([
          (await store.run(signed))!.signer_verified,
          (await store.run(newer))!.signer_verified,
        ]).toEqual([1, 0]);
        const b = (await get(store, "/baseline?project=p&branch=main&job=test")).body;
        const head = await put(store, {
          project: "p",
          branch: "feature",
          job: "test",
          cases: [{ name: "a" }],
        });
        const three = await threeBases(store, head, "main", "test");
        if (preferVerified) {
          expect(ids(b.test_runs)).toEqual([signed]);
          expect(b.test_runs[0].signer).toEqual(expect.any(String));
          expect(names(b.tests)).toEqual(["a"]);
          expect(three).toEqual({ baseline: [signed], compare: [signed], page: signed });
        } else {
          expect(ids(b.test_runs)).toEqual([newer]);
          expect(b.test_runs[0].signer).toBeNull();
        }
      }
    });
  });
});

/**
 * `jux serve` end to end: the committed bundle as its own process on Node 24 (node:sqlite), real HTTP on its
 * socket, every documented response validated against the jux-openapi contract (and the refusals the contract
 * does not list against its Error shape), the stored data read back through the query API.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { X509Certificate, randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { createServer, type Server as HttpServer } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { join } from "node:path";
import { generateKeyPair } from "../../src/core/crypto/certificate.js";
import { DetailsCollector } from "../../src/core/junit/details.js";
import { certificateLabel, loadSigningKey, type SigningKey } from "../../src/core/crypto/keys.js";
import { readReport } from "../../src/core/report/read-report.js";
import { JUNIT, XMLDSIG, corpusName, wellFormedReports } from "../helpers/fixtures.js";
import { chunks, key, sign } from "../helpers/jux.js";
import { expectValidRequest, operations, type Spec } from "../helpers/openapi.js";
import { appendToRoot, xmlsec1Sign } from "../helpers/oracles.js";
import {
  API,
  CLI,
  ContractCoverage,
  REQUEST_LINE,
  chunkedBody,
  cleanUp,
  expectErrorShape,
  freshDatabase,
  query,
  request,
  startServer,
  submit,
  tempDir,
  type Reply,
  type Server,
} from "../helpers/serve.js";
import { BACKENDS } from "../helpers/postgres.js";
import { withShared } from "../helpers/shared.js";

withShared(
  ["fixtures/junit", "fixtures/xmldsig"],
  "jux serve end to end (reports signed with the fixture keys, the JUnit corpus)",
  () => {
    afterAll(cleanUp);

    // ---------------------------------------------------------------------------------------------------------
    // Keys, reports and checked HTTP calls

    const RSA_KEY = join(XMLDSIG, "rsa.pem");
    const RSA_CERT = join(XMLDSIG, "rsa.crt");
    const EC_KEY = join(XMLDSIG, "ecdsa.pem");
    const EC_CERT = join(XMLDSIG, "ecdsa.crt");
    const rsa = key(RSA_KEY, RSA_CERT);
    const rsaNoCert = key(RSA_KEY);
    const ecdsa = key(EC_KEY, EC_CERT);
    const RSA_LABEL = certificateLabel(new X509Certificate(readFileSync(RSA_CERT)));
    const RSA_TEMPLATE = readFileSync(join(XMLDSIG, "sig-rsa.frag"), "utf8").trim();

    type CaseStatus = "passed" | "failed" | "error" | "skipped";
    interface CaseSpec {
      name: string;
      classname?: string;
      status?: CaseStatus;
      message?: string;
      type?: string;
      text?: string;
      time?: number;
    }
    interface ReportSpec {
      project?: string;
      branch?: string;
      commit?: string;
      tags?: string;
      properties?: [string, string][];
      suites: { name: string; cases: CaseSpec[] }[];
    }

    const attr = (s: string) =>
      s
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/\n/g, "&#10;")
        .replace(/\t/g, "&#9;");
    const text = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

    const RESULT_ELEMENT = { failed: "failure", error: "error", skipped: "skipped" } as const;

    function caseXml(c: CaseSpec): string {
      const status = c.status ?? "passed";
      const head = `<testcase name="${attr(c.name)}" classname="${attr(c.classname ?? "t")}" time="${c.time ?? 0}"`;
      if (status === "passed") return `${head}/>`;
      const el = RESULT_ELEMENT[status];
      const attrs =
        (c.message !== undefined ? ` message="${attr(c.message)}"` : "") +
        (c.type !== undefined ? ` type="${attr(c.type)}"` : "");
      return `${head}><${el}${attrs}${c.text !== undefined ? `>${text(c.text)}</${el}>` : "/>"}</testcase>`;
    }

    /** A JUnit report with the metadata as properties of the first suite, and the counts it declares. */
    function junit(spec: ReportSpec): Buffer {
      const props: [string, string][] = [
        ...(spec.project !== undefined ? [["project", spec.project] as [string, string]] : []),
        ...(spec.branch ? [["git:branch", spec.branch] as [string, string]] : []),
        ...(spec.commit ? [["git:commit", spec.commit] as [string, string]] : []),
        ...(spec.tags ? [["jux:tags", spec.tags] as [string, string]] : []),
        ...(spec.properties ?? []),
      ];
      const suites = spec.suites.map((s, i) => {
        const n = (status: CaseStatus) => s.cases.filter((c) => (c.status ?? "passed") === status).length;
        const properties =
          i === 0 && props.length
            ? `<properties>${props.map(([k, v]) => `<property name="${attr(k)}" value="${attr(v)}"/>`).join("")}</properties>`
            : "";
        return (
          `  <testsuite name="${attr(s.name)}" tests="${s.cases.length}" failures="${n("failed")}" errors="${n("error")}" ` +
          `skipped="${n("skipped")}">${properties}\n    ${s.cases.map(caseXml).join("\n    ")}\n  </testsuite>`
        );
      });
      return Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join("\n")}\n</testsuites>\n`,
      );
    }

    /** A small report that differs from every other by `name`. */
    function tiny(project: string, name: string, extra: Partial<ReportSpec> = {}): Buffer {
      return junit({ project, suites: [{ name: "tiny", cases: [{ name }] }], ...extra });
    }

    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    const contract = new ContractCoverage();

    /** Validates a reply: against the contract where it documents the status, else against its Error shape. */
    function validate(spec: Spec, method: string, pathWithQuery: string, reply: Reply): Reply {
      expect(reply.status).toBeLessThan(500);
      if (contract.documents(spec, method, pathWithQuery, reply.status))
        contract.check(spec, method, pathWithQuery, reply);
      else expectErrorShape(reply);
      return reply;
    }

    async function post(
      server: Server,
      body: Buffer | string | ReadableStream<Uint8Array>,
      headers: Record<string, string> = {},
    ): Promise<Reply> {
      return validate("submission", "POST", "/junit/submit", await submit(server, body, headers));
    }

    async function get(server: Server, pathWithQuery: string): Promise<Reply> {
      return validate("query", "GET", pathWithQuery, await query(server, pathWithQuery));
    }

    /** The body of a JSON reply, typed loosely for assertions. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json = (reply: Reply): any => reply.body;

    async function totalRuns(server: Server, filter = ""): Promise<number> {
      return json(await get(server, `/test_runs?per_page=1${filter}`)).pagination.total_count as number;
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1. Submission and the query API's view of what was stored

    const FULL: ReportSpec = {
      project: "serve-e2e",
      branch: "main",
      commit: "0123456789abcdef0123456789abcdef01234567",
      tags: "smoke, nightly",
      properties: [
        ["ci:build_id", "4242"],
        ["ci:build_url", "https://ci.example.com/builds/4242"],
        ["ci:build_number", "42"],
      ],
      suites: [
        {
          name: "alpha.MathTest",
          cases: [
            { name: "test_add", classname: "alpha.MathTest", time: 0.5 },
            {
              name: "test_sub",
              classname: "alpha.MathTest",
              status: "failed",
              message: "expected 1 but was 2",
              type: "AssertionError",
              text: 'Traceback (most recent call last):\n  File "t.py", line 2\nAssertionError: 1 != 2',
              time: 0.25,
            },
            { name: "test_mul", classname: "alpha.MathTest", status: "skipped", message: "not today" },
            {
              name: "test_div",
              classname: "alpha.MathTest",
              status: "error",
              message: "division by zero",
              type: "ZeroDivisionError",
              text: "ZeroDivisionError: division by zero",
              time: 0.125,
            },
          ],
        },
        {
          name: "beta.IoTest",
          cases: [
            { name: "test_read", classname: "beta.IoTest", time: 1 },
            { name: "test_write", classname: "beta.IoTest", time: 0.5 },
            {
              name: "test_tz",
              classname: "beta.IoTest",
              status: "failed",
              message: "é ≠ e",
              type: "ComparisonFailure",
              time: 0.125,
            },
          ],
        },
      ],
    };

    describe.each(BACKENDS)("1. submit, then read back (%s)", (backend) => {
      let server: Server;
      let signed: Buffer;
      let created: Reply;
      let runId: string;
      const headers = { "Content-Type": "application/xml" };
      beforeAll(async () => {
        server = await startServer([], {}, { backend });
        signed = (await sign(junit(FULL), rsa)).bytes;
        created = await post(server, signed, headers);
        runId = json(created).test_run_id;
      });
      afterAll(() => server.stop());

      it("201 with the report's counts and a Location header; the request matches the contract", async () => {
        expectValidRequest("submission", "POST", "/junit/submit", headers, signed.toString("utf8"));
        const reply = created;
        expect(reply.status).toBe(201);
        expect(reply.body).toEqual({
          test_run_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          message: "Test results submitted successfully",
          test_count: 7,
          failure_count: 2,
          error_count: 1,
          skipped_count: 1,
          success_rate: 42.86,
        });
        expect(reply.headers.location).toBe(`${API}/test_runs/${runId}`);
        const located = await request(new URL(reply.headers.location!, server.url).href);
        expect(located.status).toBe(200);
        expect(json(located).id).toBe(runId);
      });

      it("stores the report byte for byte (GET /runs/<id>/report.xml)", async () => {
        const reply = await request(`${server.url}/runs/${runId}/report.xml`);
        expect(reply.status).toBe(200);
        expect(reply.headers["content-type"]).toBe("text/plain; charset=utf-8");
        expect(reply.bytes.equals(signed)).toBe(true);
      });

      it("GET /test_runs/<id>: metadata, counts, tags, CI metadata, signer and suites", async () => {
        const run = json(await get(server, `/test_runs/${runId}`));
        expect(run).toMatchObject({
          id: runId,
          project: "serve-e2e",
          branch: "main",
          commit_sha: FULL.commit,
          total_tests: 7,
          failures: 2,
          errors: 1,
          skipped: 1,
          success_rate: 42.86,
          total_time: 2.5,
          tags: ["smoke", "nightly"],
          ci_metadata: {
            job_id: "4242",
            pipeline_url: "https://ci.example.com/builds/4242",
            build_number: 42,
          },
          // No --trust: the signature is checked for integrity only and the embedded certificate named.
          signed_by: `${RSA_LABEL} (not verified)`,
        });
        expect(Date.parse(run.inserted_at)).toBeGreaterThan(Date.now() - 60_000);
        expect(run.test_suites.map((s: Record<string, unknown>) => ({ ...s, id: undefined }))).toEqual([
          {
            id: undefined,
            name: "alpha.MathTest",
            tests: 4,
            failures: 1,
            errors: 1,
            skipped: 1,
            time: 0.875,
          },
          { id: undefined, name: "beta.IoTest", tests: 3, failures: 1, errors: 0, skipped: 0, time: 1.625 },
        ]);
        const suites = json(await get(server, `/test_runs/${runId}/test_suites`));
        expect(suites).toEqual({ test_suites: run.test_suites });
        const listed = json(await get(server, "/test_runs?project=serve-e2e"));
        expect(listed.test_runs).toHaveLength(1);
        expect(listed.test_runs[0]).toMatchObject({ id: runId, project: "serve-e2e", total_tests: 7 });
      });

      it("GET /test_suites/<id>/test_cases: every case in order, the status filter, failure details", async () => {
        const [alpha, beta] = json(await get(server, `/test_runs/${runId}/test_suites`)).test_suites;
        const cases = json(await get(server, `/test_suites/${alpha.id}/test_cases`)).test_cases;
        expect(cases.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
          ["test_add", "passed"],
          ["test_sub", "failed"],
          ["test_mul", "skipped"],
          ["test_div", "error"],
        ]);
        expect(new Set(cases.map((c: { id: string }) => c.id)).size).toBe(4);

        const failed = json(
          await get(server, `/test_suites/${alpha.id}/test_cases?status=failed`),
        ).test_cases;
        expect(failed).toEqual([
          {
            id: cases[1].id,
            name: "test_sub",
            classname: "alpha.MathTest",
            status: "failed",
            time: 0.25,
            failure_message: "expected 1 but was 2",
            failure_type: "AssertionError",
            failure_stacktrace: FULL.suites[0]!.cases[1]!.text,
          },
        ]);
        const errored = json(
          await get(server, `/test_suites/${alpha.id}/test_cases?status=error`),
        ).test_cases;
        expect(errored).toEqual([
          expect.objectContaining({
            name: "test_div",
            failure_message: "division by zero",
            failure_type: "ZeroDivisionError",
            failure_stacktrace: "ZeroDivisionError: division by zero",
          }),
        ]);
        const skipped = json(
          await get(server, `/test_suites/${alpha.id}/test_cases?status=skipped`),
        ).test_cases;
        expect(skipped.map((c: { name: string }) => c.name)).toEqual(["test_mul"]);
        const passed = json(
          await get(server, `/test_suites/${alpha.id}/test_cases?status=passed`),
        ).test_cases;
        expect(passed).toEqual([
          { id: cases[0].id, name: "test_add", classname: "alpha.MathTest", status: "passed", time: 0.5 },
        ]);
        const betaFailed = json(
          await get(server, `/test_suites/${beta.id}/test_cases?status=failed`),
        ).test_cases;
        expect(betaFailed).toEqual([
          expect.objectContaining({
            name: "test_tz",
            failure_message: "é ≠ e",
            failure_type: "ComparisonFailure",
          }),
        ]);
        expect(betaFailed[0]).not.toHaveProperty("failure_stacktrace");
      });

      it("GET /test_suites/<id>/test_cases?status=all (in the contract's enum, its default) lists every case", async () => {
        const [alpha] = json(await get(server, `/test_runs/${runId}/test_suites`)).test_suites;
        expectValidRequest("query", "GET", `/test_suites/${alpha.id}/test_cases?status=all`, {});
        const reply = await query(server, `/test_suites/${alpha.id}/test_cases?status=all`);
        expect({ status: reply.status, body: reply.body }).toEqual({
          status: 200,
          body: {
            test_cases: expect.any(Array),
            pagination: { current_page: 1, total_pages: 1, total_count: 4, per_page: 20 },
          },
        });
        validate("query", "GET", `/test_suites/${alpha.id}/test_cases?status=all`, reply);
        expect(json(reply).test_cases).toHaveLength(4);
      });

      it("an unknown status filter on test cases is refused with 400 and the Error shape", async () => {
        const [alpha] = json(await get(server, `/test_runs/${runId}/test_suites`)).test_suites;
        const reply = await get(server, `/test_suites/${alpha.id}/test_cases?status=bogus`);
        expect(reply.status).toBe(400);
        expect(json(reply).details.message).toMatch(/status/);
      });

      it("400 for each malformed report of the corpus, with the line and column", async () => {
        const before = await totalRuns(server);
        const dir = join(JUNIT, "malformed");
        for (const name of [
          "catch2-junit.sw.approved.xml",
          "enricomi-non-xml.xml",
          "mikepenz-surefire-truncated-TEST-test.CorruptTest.xml",
          "mikepenz-web-test-runner-expected.xml",
        ]) {
          const reply = await post(server, readFileSync(join(dir, name)));
          expect([name, reply.status]).toEqual([name, 400]);
          expect(json(reply)).toMatchObject({
            error: "Invalid JUnit XML",
            details: { code: "not-well-formed", line: expect.any(Number), column: expect.any(Number) },
            suggestions: expect.arrayContaining([expect.any(String)]),
          });
          expect(json(reply).details.line).toBeGreaterThanOrEqual(1);
          expect(json(reply).details.column).toBeGreaterThanOrEqual(1);
        }
        const truncated = await post(
          server,
          readFileSync(join(dir, "mikepenz-surefire-truncated-TEST-test.CorruptTest.xml")),
        );
        expect(json(truncated).details).toMatchObject({ line: 18, column: 17 });
        expect(json(truncated).details.message).toMatch(/end of file/);
        expect(await totalRuns(server)).toBe(before);
      });

      it("400 for a DOCTYPE with external entities, which are never resolved", async () => {
        let fetched = 0;
        const canary: HttpServer = createServer((_req, res) => {
          fetched++;
          res.end("<!ENTITY leak 'LEAKED'>");
        });
        canary.listen(0, "127.0.0.1");
        await new Promise((r) => canary.once("listening", r));
        const where = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
        try {
          const xxe =
            `<?xml version="1.0"?>\n<!DOCTYPE testsuites SYSTEM "${where}/dtd" [\n` +
            `  <!ENTITY file SYSTEM "file:///etc/passwd">\n  <!ENTITY remote SYSTEM "${where}/entity">\n]>\n` +
            `<testsuites><testsuite name="x"><properties><property name="project" value="xxe"/></properties>` +
            `<testcase name="&file;" classname="&remote;"/></testsuite></testsuites>\n`;
          const laughs =
            '<?xml version="1.0"?>\n<!DOCTYPE testsuites [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<testsuites><testsuite name="&c;"><properties>' +
            '<property name="project" value="laughs"/></properties><testcase name="t"/></testsuite></testsuites>';
          for (const doc of [xxe, laughs]) {
            const reply = await post(server, doc);
            expect(reply.status).toBe(400);
            expect(json(reply)).toMatchObject({
              error: "Invalid JUnit XML",
              details: { code: "forbidden-construct", line: 2, column: 1 },
            });
            expect(json(reply).details.message).toMatch(/DOCTYPE/);
            expect(reply.text).not.toMatch(/root:|LEAKED|aaaaaaaaaaaaaaaaaaaa/);
          }
          await sleep(200);
          expect(fetched).toBe(0);
          expect(await totalRuns(server, "&project=xxe")).toBe(0);
        } finally {
          canary.close();
        }
      });

      it("400 for a well-formed document that is not JUnit", async () => {
        for (const doc of [
          readFileSync(join(JUNIT, "non-junit", "failsafe-summary.xml")),
          '<?xml version="1.0"?><html><body><property name="project" value="web"/></body></html>',
        ]) {
          const reply = await post(server, doc);
          expect(reply.status).toBe(400);
          expect(json(reply)).toMatchObject({
            error: "Not a JUnit XML report",
            details: { code: "not-junit" },
          });
          expect(json(reply).details.message).toMatch(/root element/);
        }
      });

      it("400 for a report without a project property (or with an empty one)", async () => {
        for (const report of [
          junit({ branch: "main", suites: [{ name: "s", cases: [{ name: "no-project" }] }] }),
          junit({ project: "", suites: [{ name: "s", cases: [{ name: "empty-project" }] }] }),
        ]) {
          const reply = await post(server, report);
          expect(reply.status).toBe(400);
          expect(json(reply)).toMatchObject({
            error: "Missing required metadata",
            details: { missing_property: "project", message: expect.stringMatching(/[Pp]roject/) },
          });
        }
      });

      it("415 for Content-Type: application/json, or none; text/xml and a charset parameter are accepted", async () => {
        const body = tiny("media", "json");
        const asJson = await post(server, body, { "Content-Type": "application/json" });
        expect(asJson.status).toBe(415);
        expect(json(asJson)).toMatchObject({ error: "Unsupported media type" });
        expect(json(asJson).details.message).toMatch(/application\/json/);
        const untyped = await post(server, body, { "Content-Type": "" });
        expect(untyped.status).toBe(415);
        expect(await totalRuns(server, "&project=media")).toBe(0);
        expect((await post(server, body, { "Content-Type": "text/xml" })).status).toBe(201);
        const charset = await post(server, tiny("media", "charset"), {
          "Content-Type": "application/xml; charset=utf-8",
        });
        expect(charset.status).toBe(201);
      });

      it("405 for GET on the submission endpoint; 404 (Error shape) for an unknown API path", async () => {
        const wrongMethod = await request(`${server.url}${API}/junit/submit`);
        expect(wrongMethod.status).toBe(405);
        expectErrorShape(wrongMethod);
        const unknown = await request(`${server.url}${API}/nothing/here`);
        expect(unknown.status).toBe(404);
        expectErrorShape(unknown);
      });

      it("a report larger than 1 MiB (the corpus's largest) comes back byte for byte, its canonical hash unchanged", async () => {
        const original = readFileSync(join(JUNIT, "jenkins-junit-plugin", "junit-report-huge.xml"));
        const { bytes, result } = await sign(original, rsa, {
          properties: [{ name: "project", value: "huge" }],
        });
        expect(bytes.length).toBeGreaterThan(1024 * 1024);
        const created = await post(server, bytes);
        expect(created.status).toBe(201);
        const id = json(created).test_run_id;
        const stored = await request(`${server.url}/runs/${id}/report.xml`);
        expect(stored.status).toBe(200);
        expect(stored.bytes.length).toBe(bytes.length);
        expect(stored.bytes.equals(bytes)).toBe(true);
        // Sent again, the bytes given back are the same report: a duplicate of that run, with the hash signed.
        const again = await post(server, stored.bytes);
        expect(again.status).toBe(409);
        expect(json(again)).toMatchObject({
          test_run_id: id,
          details: { test_run_id: id, canonical_hash: result.canonicalHash },
        });
        expect(json(await get(server, `/test_runs/${id}`))).toMatchObject({
          project: "huge",
          total_tests: json(created).test_count,
        });
      });

      it("accepts every well-formed report of the corpus (signed with a project) with the counts and suites the core reads", async () => {
        const mismatches: string[] = [];
        const seen = new Map<string, string>();
        for (const file of wellFormedReports()) {
          const name = corpusName(file);
          const { bytes, result } = await sign(readFileSync(file), rsa, {
            properties: [{ name: "project", value: "corpus" }],
          });
          const details = new DetailsCollector();
          const reading = await readReport({ source: name, open: () => chunks(bytes), also: details });
          const reply = await post(server, bytes);
          if (reply.status === 409 && seen.has(json(reply).details.canonical_hash)) continue;
          if (reply.status !== 201) {
            mismatches.push(`${name}: ${reply.status} ${reply.text}`);
            continue;
          }
          seen.set(result.canonicalHash, name);
          const { summary } = reading;
          const got = json(reply);
          const want = {
            test_count: summary.tests,
            failure_count: summary.failures,
            error_count: summary.errors,
            skipped_count: summary.skipped,
          };
          if (Object.entries(want).some(([k, v]) => got[k] !== v))
            mismatches.push(`${name}: counts ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
          const run = json(await get(server, `/test_runs/${got.test_run_id}`));
          const suites = run.test_suites.map((s: { name: string; tests: number }) => [s.name, s.tests]);
          const expected = details.suites().map((s) => [s.name, s.tests]);
          if (JSON.stringify(suites) !== JSON.stringify(expected))
            mismatches.push(
              `${name}: suites ${JSON.stringify(suites)}, expected ${JSON.stringify(expected)}`,
            );
          const stored = await request(`${server.url}/runs/${got.test_run_id}/report.xml`);
          if (!stored.bytes.equals(bytes))
            mismatches.push(`${name}: the stored report differs from the one sent`);
        }
        expect(mismatches).toEqual([]);
        expect(seen.size).toBeGreaterThanOrEqual(100);
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // 2. API keys

    type KeyConfig = (t1: string, t2: string) => { args: string[]; env: Record<string, string> };
    const byFlags: KeyConfig = (t1, t2) => ({ args: ["--token", t1, "--token", t2], env: {} });
    const byEnv: KeyConfig = (t1, t2) => ({ args: [], env: { JUX_SERVE_TOKENS: ` ${t1} , ${t2} ` } });

    describe.each(
      BACKENDS.flatMap((backend) => [
        ["--token t1 --token t2", backend, byFlags] as const,
        ["JUX_SERVE_TOKENS", backend, byEnv] as const,
      ]),
    )("2. API keys from %s (%s)", (_how, backend, configure) => {
      // Distinctive values, so the log check cannot be fooled by an unrelated "t1".
      const t1 = `t1-${randomUUID()}`;
      const t2 = `t2-${randomUUID()}`;
      const wrong = `wrong-${randomUUID()}`;
      let server: Server;
      beforeAll(async () => {
        const { args, env } = configure(t1, t2);
        server = await startServer(args, env, { backend });
      });
      afterAll(() => server.stop());

      it("401 without a key, 403 with a wrong one, 201 with either configured key (Bearer or X-API-Key)", async () => {
        expect(server.stdout()).toMatch(/2 API key\(s\)/);
        const unauthenticated = await post(server, tiny("auth", "none"));
        expect(unauthenticated.status).toBe(401);
        expect(json(unauthenticated)).toMatchObject({ error: "Authentication required" });
        for (const headers of [
          { Authorization: `Bearer ${wrong}` } as Record<string, string>,
          { "X-API-Key": wrong },
          { Authorization: `Bearer ${t1}x` },
          { Authorization: `Bearer ${t1.toUpperCase()}` },
        ]) {
          expect((await post(server, tiny("auth", "wrong"), headers)).status).toBe(403);
        }
        // A Basic credential is not an API key: as good as none.
        const basic = `Basic ${Buffer.from(`user:${t1}`).toString("base64")}`;
        expect((await post(server, tiny("auth", "basic"), { Authorization: basic })).status).toBe(401);
        const forbidden = await post(server, tiny("auth", "wrong"), { Authorization: `Bearer ${wrong}` });
        expect(json(forbidden)).toMatchObject({ error: "Invalid API key" });
        expect(forbidden.text).not.toContain(wrong);

        const bearer = await post(server, tiny("auth", "bearer"), { Authorization: `Bearer ${t2}` });
        expect(bearer.status).toBe(201);
        const apiKey = await post(server, tiny("auth", "x-api-key"), { "X-API-Key": t1 });
        expect(apiKey.status).toBe(201);
        expect(await totalRuns(server)).toBe(2);
      });

      it("never writes a key to its output", async () => {
        expect((await post(server, tiny("auth", "log-1"), { Authorization: `Bearer ${t1}` })).status).toBe(
          201,
        );
        expect((await post(server, tiny("auth", "log-2"), { "X-API-Key": t2 })).status).toBe(201);
        expect((await post(server, tiny("auth", "log-3"), { Authorization: `Bearer ${wrong}` })).status).toBe(
          403,
        );
        expect((await post(server, tiny("auth", "log-4"), { "X-API-Key": wrong })).status).toBe(403);
        const exit = await server.stop();
        expect(exit).toEqual({ code: 0, signal: null });
        expect(server.stderr()).toMatch(/jux serve: stopped/);
        expect(server.requests().length).toBeGreaterThanOrEqual(4);
        for (const secret of [t1, t2, wrong]) expect(server.log()).not.toContain(secret);
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // 3. Signatures

    async function attackerKey(): Promise<SigningKey> {
      // Same subject as the trusted certificate: only the key can tell them apart.
      const pair = await generateKeyPair({ algorithm: { kind: "rsa", bits: 2048 }, subject: "pytest-jux" });
      return loadSigningKey({
        key: pair.privateKeyPem,
        source: "attacker.pem",
        certificate: pair.certificatePem,
        certificateSource: "attacker.crt",
      });
    }

    /** Flips one character of a testcase name in a signed report. */
    function tamper(signed: Buffer, name: string): Buffer {
      const text = signed.toString("utf8");
      expect(text.split(`name="${name}"`)).toHaveLength(2);
      return Buffer.from(
        text.replace(`name="${name}"`, `name="${name.slice(0, -1)}${name.endsWith("x") ? "y" : "x"}"`),
      );
    }

    describe.each(BACKENDS)("3. signatures with --require-signature --trust rsa.crt (%s)", (backend) => {
      let server: Server;
      beforeAll(async () => {
        server = await startServer(["--require-signature", "--trust", RSA_CERT], {}, { backend });
      });
      afterAll(() => server.stop());

      async function expectRefused(report: Buffer, message: RegExp): Promise<void> {
        const before = await totalRuns(server);
        const reply = await post(server, report);
        expect(reply.status).toBe(422);
        expect(json(reply)).toMatchObject({ error: "Invalid signature", suggestions: expect.any(Array) });
        expect(json(reply).details.message).toMatch(message);
        expect(await totalRuns(server)).toBe(before);
      }

      it("our RSA signature: 201, and signed_by names the trusted certificate", async () => {
        const { bytes } = await sign(tiny("sig", "ours-rsa"), rsa);
        const reply = await post(server, bytes);
        expect(reply.status).toBe(201);
        const run = json(await get(server, `/test_runs/${json(reply).test_run_id}`));
        expect(run.signed_by).toBe(RSA_LABEL);
        expect(run.signed_by).toMatch(/CN=pytest-jux sha256:[0-9a-f]{64}/);
        // Trust is in the key: a signature without an embedded certificate is accepted too.
        const keyOnly = await post(server, (await sign(tiny("sig", "ours-rsa-no-cert"), rsaNoCert)).bytes);
        expect(keyOnly.status).toBe(201);
      });

      it("an xmlsec1 signature: 201", async () => {
        const dir = tempDir();
        const template = join(dir, "template.xml");
        writeFileSync(template, appendToRoot(tiny("sig", "xmlsec1").toString("utf8"), RSA_TEMPLATE));
        const out = join(dir, "signed.xml");
        xmlsec1Sign(template, RSA_KEY, RSA_CERT, out);
        const reply = await post(server, readFileSync(out));
        expect(reply.status).toBe(201);
        expect(json(await get(server, `/test_runs/${json(reply).test_run_id}`)).signed_by).toBe(RSA_LABEL);
      });

      it("422 for an unsigned report", async () => {
        await expectRefused(tiny("sig", "unsigned"), /signed reports only/);
      });

      it("422 for a report modified after signing (one character of a testcase name)", async () => {
        const { bytes } = await sign(tiny("sig", "tamper-target"), rsa);
        await expectRefused(tamper(bytes, "tamper-target"), /modified after it was signed/);
      });

      it("422 for a signature by another key that embeds its own certificate (same subject)", async () => {
        const { bytes } = await sign(tiny("sig", "attacker"), await attackerKey());
        expect(bytes.toString("utf8")).toMatch(/<ds:X509Certificate>/);
        await expectRefused(bytes, /not made by a trusted key/);
      });

      it("422 for an ECDSA signature when only rsa.crt is trusted", async () => {
        const { bytes } = await sign(tiny("sig", "ecdsa"), ecdsa);
        await expectRefused(bytes, /no trusted key fits the ecdsa-sha256 signature/);
      });
    });

    describe.each(BACKENDS)("3. signatures without --require-signature and --trust (%s)", (backend) => {
      let server: Server;
      beforeAll(async () => {
        server = await startServer([], {}, { backend });
      });
      afterAll(() => server.stop());

      it("accepts an unsigned report (no signed_by) and an intact signed one (signer not verified)", async () => {
        const unsigned = await post(server, tiny("open", "unsigned"));
        expect(unsigned.status).toBe(201);
        expect(json(await get(server, `/test_runs/${json(unsigned).test_run_id}`))).not.toHaveProperty(
          "signed_by",
        );
        const attacker = await post(server, (await sign(tiny("open", "any-key"), await attackerKey())).bytes);
        expect(attacker.status).toBe(201);
        expect(json(await get(server, `/test_runs/${json(attacker).test_run_id}`)).signed_by).toMatch(
          /^CN=pytest-jux sha256:[0-9a-f]{64} \(not verified\)$/,
        );
      });

      it("422 for a tampered signed report", async () => {
        const { bytes } = await sign(tiny("open", "tamper-target"), rsa);
        const before = await totalRuns(server);
        const reply = await post(server, tamper(bytes, "tamper-target"));
        expect(reply.status).toBe(422);
        expect(json(reply).details.message).toMatch(/modified after it was signed/);
        expect(await totalRuns(server)).toBe(before);
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // 4. Duplicates and Idempotency-Key

    describe.each(BACKENDS)("4. duplicates and idempotency (%s)", (backend) => {
      let server: Server;
      beforeAll(async () => {
        server = await startServer([], {}, { backend });
      });
      afterAll(() => server.stop());

      it("the same report twice: 409 naming the first test_run_id; re-signed (ECDSA) or unsigned, still 409", async () => {
        const original = junit({
          project: "dup",
          branch: "main",
          suites: [{ name: "s", cases: [{ name: "d1" }] }],
        });
        const { bytes, result } = await sign(original, rsa);
        const first = await post(server, bytes);
        expect(first.status).toBe(201);
        const id = json(first).test_run_id;
        const expectDuplicate = async (report: Buffer) => {
          const reply = await post(server, report);
          expect(reply.status).toBe(409);
          expect(json(reply)).toMatchObject({
            error: "Duplicate submission",
            test_run_id: id,
            details: { test_run_id: id, canonical_hash: result.canonicalHash },
          });
        };
        await expectDuplicate(bytes);
        const resigned = await sign(bytes, ecdsa);
        expect(resigned.result.resigned).toBe(true);
        expect(resigned.bytes.equals(bytes)).toBe(false);
        await expectDuplicate(resigned.bytes);
        await expectDuplicate(
          Buffer.from(bytes.toString("utf8").replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, "")),
        );
        expect(await totalRuns(server, "&project=dup")).toBe(1);
      });

      it("a repeated Idempotency-Key gets the original 201 and body back, with Idempotent-Replayed: true", async () => {
        const report = tiny("idem", "i1");
        const headers = { "Idempotency-Key": `key-${randomUUID()}` };
        const first = await post(server, report, headers);
        expect(first.status).toBe(201);
        expect(first.headers["idempotent-replayed"]).toBeUndefined();
        for (const body of [report, tiny("idem", "i1-other-body")]) {
          const again = await post(server, body, headers);
          expect(again.status).toBe(201);
          expect(again.body).toEqual(first.body);
          expect(again.headers["idempotent-replayed"]).toBe("true");
        }
        // Without the key, the same report is a duplicate.
        const plain = await post(server, report);
        expect(plain.status).toBe(409);
        expect(json(plain).test_run_id).toBe(json(first).test_run_id);
        expect(await totalRuns(server, "&project=idem")).toBe(1);
      });

      it("concurrent requests with one Idempotency-Key: one run, one original response, the rest replayed", async () => {
        const report = tiny("idem", "concurrent");
        const headers = { "Idempotency-Key": `key-${randomUUID()}` };
        const before = await totalRuns(server);
        const replies = await Promise.all(Array.from({ length: 8 }, () => post(server, report, headers)));
        expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
        expect(replies.filter((r) => r.headers["idempotent-replayed"] !== "true")).toHaveLength(1);
        for (const r of replies) expect(r.body).toEqual(replies[0]!.body);
        expect(await totalRuns(server)).toBe(before + 1);
      });

      it("a refusal is replayed too (400 stays 400)", async () => {
        const headers = { "Idempotency-Key": `key-${randomUUID()}` };
        const before = await totalRuns(server);
        const first = await post(server, "<testsuites><oops></testsuites>", headers);
        expect(first.status).toBe(400);
        const again = await post(server, tiny("idem", "now-valid"), headers);
        expect(again.status).toBe(400);
        expect(again.body).toEqual(first.body);
        expect(again.headers["idempotent-replayed"]).toBe("true");
        expect(await totalRuns(server)).toBe(before);
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // 5. --max-body

    /** A report of exactly `size` bytes (padded with whitespace after the root element). */
    function sized(name: string, size: number): Buffer {
      const report = tiny("size", name);
      expect(report.length).toBeLessThanOrEqual(size);
      return Buffer.concat([report, Buffer.alloc(size - report.length, " ")]);
    }

    function bigReport(name: string): Buffer {
      const cases = Array.from({ length: 80 }, (_, i) => ({ name: `${name}-${i}` }));
      const report = junit({ project: "size", suites: [{ name: "big", cases }] });
      expect(report.length).toBeGreaterThan(4000);
      return report;
    }

    describe.each(BACKENDS)("5. --max-body 2KB (%s)", (backend) => {
      let server: Server;
      beforeAll(async () => {
        server = await startServer(["--max-body", "2KB"], {}, { backend });
      });
      afterAll(() => server.stop());

      it("413 for a larger report with a Content-Length header (and the unread body's connection closed)", async () => {
        const reply = await post(server, bigReport("with-length"));
        expect(reply.status).toBe(413);
        expect(json(reply)).toMatchObject({ error: "Payload too large" });
        expect(json(reply).details.message).toMatch(/2000-byte/);
        expect(reply.headers.connection).toBe("close");
      });

      it("201 for smaller reports, chunked or not, and exactly at the limit; 413 one byte over", async () => {
        expect((await post(server, tiny("size", "small"))).status).toBe(201);
        expect((await post(server, chunkedBody(tiny("size", "small-chunked"), 64))).status).toBe(201);
        expect((await post(server, sized("at-limit", 2000))).status).toBe(201);
        expect((await post(server, sized("over-limit", 2001))).status).toBe(413);
        expect(await totalRuns(server)).toBe(3);
      });

      // Chunked refusals come last: a connection they leave behind must not be reused by the tests above.
      it("413 for a larger report sent chunked (no Content-Length), also one byte over", async () => {
        const replies = await Promise.all(
          [bigReport("chunked"), sized("over-limit-chunked", 2001)].map((body) =>
            post(server, chunkedBody(body, 100)),
          ),
        );
        for (const reply of replies) {
          expect(reply.status).toBe(413);
          expect(json(reply)).toMatchObject({ error: "Payload too large" });
        }
      });

      it("after refusing a chunked body half-read, the connection is closed or still answers (raw HTTP/1.1)", async () => {
        const big = bigReport("raw");
        const next = tiny("size", "raw-next");
        const socket = connect(server.port, "127.0.0.1");
        let received = "";
        let closedAfter: number | undefined;
        const started = performance.now();
        socket.setEncoding("latin1");
        socket.on("data", (d: string) => (received += d));
        socket.on("close", () => (closedAfter = Math.round(performance.now() - started)));
        socket.on("error", () => undefined);
        const chunk = (b: Buffer) => `${b.length.toString(16)}\r\n${b.toString("latin1")}\r\n`;
        const complete = () => {
          const end = received.indexOf("\r\n\r\n");
          const length = /\r\ncontent-length: *(\d+)/i.exec(received)?.[1];
          return end >= 0 && length !== undefined && received.length >= end + 4 + Number(length);
        };
        try {
          await once(socket, "connect");
          socket.write(
            "POST /api/v1/junit/submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n" +
              "Transfer-Encoding: chunked\r\n\r\n",
          );
          socket.write(chunk(big.subarray(0, 2500)));
          const until = Date.now() + 5000;
          while (!complete() && closedAfter === undefined && Date.now() < until) await sleep(10);
          const first = received;
          expect(first).toMatch(/^HTTP\/1\.1 413 /);
          if (/\r\nconnection: *close\r\n/i.test(first)) return; // closed, as announced: fine
          // Kept alive: a well-behaved client finishes streaming the body it started, then sends its next request.
          received = "";
          for (let i = 2500; i < big.length; i += 500) {
            socket.write(chunk(big.subarray(i, i + 500)));
            await sleep(10);
          }
          socket.write("0\r\n\r\n");
          socket.write(
            `POST /api/v1/junit/submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n` +
              `Content-Length: ${next.length}\r\n\r\n${next.toString("latin1")}`,
          );
          const deadline = Date.now() + 3000;
          while (!complete() && closedAfter === undefined && Date.now() < deadline) await sleep(10);
          const answer = received
            ? received.split("\r\n")[0]
            : closedAfter !== undefined
              ? `never answered: the server closed the connection ${closedAfter} ms after the first request`
              : "never answered within 3 s";
          expect(answer).toBe("HTTP/1.1 201 Created");
        } finally {
          socket.destroy();
        }
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // 6. --rate-limit

    function expectRateHeaders(reply: Reply, remaining: number): void {
      expect(reply.headers["x-ratelimit-limit"]).toBe("3");
      expect(reply.headers["x-ratelimit-remaining"]).toBe(String(remaining));
      const reset = Number(reply.headers["x-ratelimit-reset"]);
      const now = Date.now() / 1000;
      expect(Number.isInteger(reset)).toBe(true);
      expect(reset).toBeGreaterThanOrEqual(Math.floor(now));
      expect(reset).toBeLessThanOrEqual(Math.ceil(now) + 61);
    }

    describe.each(BACKENDS)("6. --rate-limit 3/min (%s)", (backend) => {
      let server: Server;
      beforeAll(async () => {
        server = await startServer(["--rate-limit", "3/min"], {}, { backend });
      });
      afterAll(() => server.stop());

      it("the 4th submission within a minute: 429 with Retry-After and X-RateLimit-*; earlier ones count down", async () => {
        for (const remaining of [2, 1, 0]) {
          const reply = await post(server, tiny("rate", `r${remaining}`));
          expect(reply.status).toBe(201);
          expectRateHeaders(reply, remaining);
        }
        const limited = await post(server, tiny("rate", "r-over"));
        expect(limited.status).toBe(429);
        expectRateHeaders(limited, 0);
        const retryAfter = Number(limited.headers["retry-after"]);
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(json(limited)).toMatchObject({
          error: "Rate limit exceeded",
          details: { retry_after: retryAfter },
        });
        // Still limited; queries are not limited; nothing of the refused ones stored.
        expect((await post(server, tiny("rate", "r-over-again"))).status).toBe(429);
        expect(await totalRuns(server)).toBe(3);
      });
    });

    describe.each(BACKENDS)("6. --rate-limit 3/min counts per API key (%s)", (backend) => {
      let server: Server;
      beforeAll(async () => {
        server = await startServer(
          ["--rate-limit", "3/min", "--token", "key-a", "--token", "key-b"],
          {},
          { backend },
        );
      });
      afterAll(() => server.stop());

      it("one key's limit does not touch another's", async () => {
        const a = { Authorization: "Bearer key-a" };
        for (const n of [1, 2, 3]) expect((await post(server, tiny("rate", `a${n}`), a)).status).toBe(201);
        expect((await post(server, tiny("rate", "a4"), a)).status).toBe(429);
        const b = await post(server, tiny("rate", "b1"), { "X-API-Key": "key-b" });
        expect(b.status).toBe(201);
        expectRateHeaders(b, 2);
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // 7. Restart

    describe.each(BACKENDS)("7. a restart on the same database keeps everything (%s)", (backend) => {
      it("the run, its suites and cases are still there, and a duplicate is still detected", async () => {
        const database = await freshDatabase(backend);
        const first = await startServer(["--database", database]);
        const report = (await sign(junit(FULL), rsa)).bytes;
        const created = await post(first, report);
        expect(created.status).toBe(201);
        const id = json(created).test_run_id;
        const snapshot = async (server: Server) => {
          const run = json(await get(server, `/test_runs/${id}`));
          const cases = await Promise.all(
            run.test_suites.map(async (s: { id: string }) =>
              json(await get(server, `/test_suites/${s.id}/test_cases`)),
            ),
          );
          const xml = (await request(`${server.url}/runs/${id}/report.xml`)).bytes;
          return { run, cases, xml: xml.toString("base64") };
        };
        const before = await snapshot(first);
        expect(await first.stop()).toEqual({ code: 0, signal: null });
        expect(first.stderr()).toMatch(/jux serve: stopped\n$/);

        const second = await startServer(["--database", database]);
        expect(second.stdout()).toContain(database);
        expect(await snapshot(second)).toEqual(before);
        expect(await totalRuns(second)).toBe(1);
        const again = await post(second, report);
        expect(again.status).toBe(409);
        expect(json(again).test_run_id).toBe(id);
        await second.stop();
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // 8. Concurrency

    describe.each(BACKENDS)("8. concurrency (%s)", (backend) => {
      let server: Server;
      beforeAll(async () => {
        server = await startServer([], {}, { backend });
      });
      afterAll(() => server.stop());

      it("20 clients, 500 distinct reports and re-submissions: 500 runs, distinct ids, every duplicate a 409", async () => {
        const N = 500;
        const CLIENTS = 20;
        const reports: Buffer[] = [];
        for (let i = 0; i < N; i++) {
          const report = tiny("load", `case-${i}`, { branch: `b${i % 7}` });
          reports.push(i % 10 === 0 ? (await sign(report, i % 20 === 0 ? rsa : ecdsa)).bytes : report);
        }
        const createdFor = new Map<number, string[]>();
        const duplicates: { i: number; id: string }[] = [];
        const unexpected: string[] = [];
        const send = async (i: number) => {
          const reply = await submit(server, reports[i]!);
          if (reply.status === 201)
            createdFor.set(i, [...(createdFor.get(i) ?? []), json(reply).test_run_id]);
          else if (reply.status === 409) duplicates.push({ i, id: json(reply).test_run_id });
          else unexpected.push(`report ${i}: ${reply.status} ${reply.text}`);
        };
        const started = performance.now();
        await Promise.all(
          Array.from({ length: CLIENTS }, async (_, c) => {
            const mine = Array.from({ length: N / CLIENTS }, (_, k) => k * CLIENTS + c);
            for (const [k, i] of mine.entries()) {
              await send(i);
              if (k % 5 === 4) {
                await send(mine[k - 2]!); // one of its own, already stored
                await send((i + 1) % N); // another client's: sent before, after or at the same time
              }
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;

        expect(unexpected).toEqual([]);
        expect([...createdFor.values()].filter((ids) => ids.length !== 1)).toEqual([]);
        expect(createdFor.size).toBe(N);
        const ids = [...createdFor.values()].flat();
        expect(new Set(ids).size).toBe(N);
        expect(duplicates).toHaveLength(2 * 5 * CLIENTS); // every request beyond the first of each report
        expect(duplicates.filter(({ i, id }) => createdFor.get(i)?.[0] !== id)).toEqual([]);
        expect(await totalRuns(server)).toBe(N);
        expect(await totalRuns(server, "&project=load&branch=b3")).toBe(
          reports.filter((_, i) => i % 7 === 3).length,
        );
        expect(seconds).toBeLessThan(30);
        expect(server.log()).not.toMatch(/ 5\d\d \d|error:/);
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // 9. Query filters, sorting and pagination

    interface Seeded {
      id: string;
      project: string;
      branch: string;
      status: "passed" | "failed" | "error";
      tests: number;
      failures: number;
      errors: number;
      tags: string[];
      inserted_at: string;
    }

    describe.each(BACKENDS)("9. query filters, sorting and pagination (%s)", (backend) => {
      const PROJECTS = ["q-alpha", "q-beta", "q-gamma"];
      const BRANCHES = ["main", "dev"];
      const STATUSES = ["passed", "failed", "error"] as const;
      const seeded: Seeded[] = [];
      let server: Server;

      beforeAll(async () => {
        server = await startServer([], {}, { backend });
        let k = 0;
        for (const project of PROJECTS)
          for (const branch of BRANCHES)
            for (const status of STATUSES) {
              const tests = 3 + k;
              const failures = status === "failed" ? 1 + (k % 3) : status === "error" ? k % 2 : 0;
              const errors = status === "error" ? 1 : 0;
              const tags = k % 2 === 0 ? "smoke,nightly" : k % 3 === 0 ? "nightly" : undefined;
              const cases: CaseSpec[] = Array.from({ length: tests }, (_, i) => ({
                name: `q${k}-${i}`,
                status: i < failures ? "failed" : i < failures + errors ? "error" : "passed",
                message: "m",
              }));
              const reply = await post(
                server,
                junit({ project, branch, ...(tags ? { tags } : {}), suites: [{ name: `s${k}`, cases }] }),
              );
              expect(reply.status).toBe(201);
              const id = json(reply).test_run_id as string;
              const run = json(await get(server, `/test_runs/${id}`));
              seeded.push({
                id,
                project,
                branch,
                status,
                tests,
                failures,
                errors,
                tags: tags?.split(",") ?? [],
                inserted_at: run.inserted_at,
              });
              k++;
              await sleep(3); // distinct inserted_at values, so "newest first" is one order
            }
      });
      afterAll(() => server.stop());

      const newestFirst = (runs: Seeded[]) => [...runs].reverse().map((r) => r.id);
      async function ids(q: string): Promise<string[]> {
        expectValidRequest("query", "GET", `/test_runs${q}`, {});
        const reply = await get(server, `/test_runs${q}`);
        expect([q, reply.status]).toEqual([q, 200]);
        return json(reply).test_runs.map((r: { id: string }) => r.id);
      }

      it("lists every run, newest first, with the stored fields", async () => {
        expect(new Set(seeded.map((r) => r.inserted_at)).size).toBe(18);
        const reply = await get(server, "/test_runs");
        expect(json(reply).pagination).toEqual({
          current_page: 1,
          total_pages: 1,
          total_count: 18,
          per_page: 20,
        });
        expect(json(reply).test_runs.map((r: { id: string }) => r.id)).toEqual(newestFirst(seeded));
        for (const run of json(reply).test_runs) {
          const s = seeded.find((x) => x.id === run.id)!;
          expect(run).toMatchObject({
            project: s.project,
            branch: s.branch,
            status: s.status,
            total_tests: s.tests,
            failures: s.failures,
            errors: s.errors,
            skipped: 0,
            success_rate: Math.round(((s.tests - s.failures - s.errors) / s.tests) * 10000) / 100,
            tags: s.tags,
            inserted_at: s.inserted_at,
          });
        }
      });

      it("filters by project, branch and status, alone and combined", async () => {
        expect(await ids("?project=q-beta")).toEqual(
          newestFirst(seeded.filter((r) => r.project === "q-beta")),
        );
        expect(await ids("?branch=dev")).toEqual(newestFirst(seeded.filter((r) => r.branch === "dev")));
        expect(await ids("?project=q-beta&branch=dev")).toEqual(
          newestFirst(seeded.filter((r) => r.project === "q-beta" && r.branch === "dev")),
        );
        for (const status of STATUSES) {
          expect(await ids(`?status=${status}`)).toEqual(
            newestFirst(seeded.filter((r) => r.status === status)),
          );
        }
        expect(await ids("?status=all")).toEqual(newestFirst(seeded));
        const one = await ids("?project=q-alpha&branch=main&status=error");
        expect(one).toEqual(
          newestFirst(
            seeded.filter((r) => r.project === "q-alpha" && r.branch === "main" && r.status === "error"),
          ),
        );
        expect(one).toHaveLength(1);
        expect(await ids("?project=nobody")).toEqual([]);
        expect(json(await get(server, "/test_runs?project=nobody")).pagination).toMatchObject({
          total_count: 0,
          total_pages: 0,
        });
      });

      it("filters by date_from and date_to (inclusive), in any ISO 8601 offset", async () => {
        const from = seeded[5]!.inserted_at;
        const to = seeded[11]!.inserted_at;
        const between = (r: Seeded, a?: string, b?: string) =>
          (a === undefined || r.inserted_at >= a) && (b === undefined || r.inserted_at <= b);
        expect(await ids(`?date_from=${from}&date_to=${to}`)).toEqual(
          newestFirst(seeded.filter((r) => between(r, from, to))),
        );
        expect(await ids(`?date_from=${from}&date_to=${to}`)).toHaveLength(7);
        expect(await ids(`?date_from=${seeded[15]!.inserted_at}`)).toEqual(newestFirst(seeded.slice(15)));
        expect(await ids(`?date_to=${seeded[2]!.inserted_at}`)).toEqual(newestFirst(seeded.slice(0, 3)));
        // The same instant written with a +02:00 offset (the '+' percent-encoded, as in any query string).
        const shifted = (iso: string) => {
          const d = new Date(Date.parse(iso) + 2 * 3600_000).toISOString().replace("Z", "+02:00");
          return encodeURIComponent(d);
        };
        expect(await ids(`?date_from=${shifted(from)}&date_to=${shifted(to)}&project=q-beta`)).toEqual(
          newestFirst(seeded.filter((r) => between(r, from, to) && r.project === "q-beta")),
        );
      });

      it("filters by tags (every tag given must be present)", async () => {
        const tagged = (...want: string[]) =>
          newestFirst(seeded.filter((r) => want.every((t) => r.tags.includes(t))));
        expect(await ids("?tags=smoke")).toEqual(tagged("smoke"));
        expect(await ids("?tags=nightly")).toEqual(tagged("nightly"));
        expect(await ids("?tags=nightly")).toHaveLength(12);
        expect(await ids(`?tags=${encodeURIComponent("smoke,nightly")}`)).toEqual(tagged("smoke", "nightly"));
        expect(await ids("?tags=weekly")).toEqual([]);
      });

      it("pages through the runs (per_page, page); pages past the end are empty", async () => {
        const all = newestFirst(seeded);
        const pages: string[] = [];
        for (let page = 1; page <= 4; page++) {
          const reply = json(await get(server, `/test_runs?per_page=5&page=${page}`));
          expect(reply.pagination).toEqual({
            current_page: page,
            total_pages: 4,
            total_count: 18,
            per_page: 5,
          });
          expect(reply.test_runs).toHaveLength(page < 4 ? 5 : 3);
          pages.push(...reply.test_runs.map((r: { id: string }) => r.id));
        }
        expect(pages).toEqual(all);
        expect(await ids("?per_page=5&page=5")).toEqual([]);
        expect(await ids("?per_page=100")).toEqual(all);
        expect(await ids("?per_page=1&page=18")).toEqual([all[17]]);
      });

      it("sorts by total_tests, failures and success_rate, ascending and descending", async () => {
        const fetchAll = async (q: string) => {
          expectValidRequest("query", "GET", `/test_runs${q}`, {});
          return json(await get(server, `/test_runs?per_page=100&${q.slice(1)}`)).test_runs as Record<
            string,
            number
          >[];
        };
        for (const field of ["total_tests", "failures", "success_rate"]) {
          for (const order of ["asc", "desc"]) {
            const runs = await fetchAll(`?sort_by=${field}&sort_order=${order}`);
            expect(runs).toHaveLength(18);
            const values = runs.map((r) => r[field]!);
            const sorted = [...values].sort((a, b) => (order === "asc" ? a - b : b - a));
            expect([field, order, values]).toEqual([field, order, sorted]);
          }
        }
        const byTests = (await fetchAll("?sort_by=total_tests&sort_order=asc")).map((r) => r.id);
        expect(byTests).toEqual(seeded.map((r) => r.id));
        expect((await fetchAll("?sort_by=total_tests")).map((r) => r.id)).toEqual(newestFirst(seeded)); // desc by default
        expect(await ids("?sort_by=inserted_at&sort_order=asc")).toEqual(seeded.map((r) => r.id));
      });

      it("400 for parameters outside the contract (which the contract agrees are invalid)", async () => {
        for (const q of [
          "?per_page=101",
          "?per_page=0",
          "?per_page=ten",
          "?page=0",
          "?page=-1",
          "?page=1.5",
          "?status=bogus",
          "?sort_by=name",
          "?sort_order=up",
          "?date_from=yesterday",
          "?date_to=2024-13-45T00:00:00Z",
        ]) {
          expect(() => expectValidRequest("query", "GET", `/test_runs${q}`, {})).toThrow();
          const reply = await get(server, `/test_runs${q}`);
          expect([q, reply.status]).toEqual([q, 400]);
          expect(json(reply)).toMatchObject({ error: "Invalid parameter" });
        }
      });

      it("404 for unknown or malformed ids", async () => {
        const unknown = randomUUID();
        const suiteId = json(await get(server, `/test_runs/${seeded[0]!.id}`)).test_suites[0].id;
        expect((await get(server, `/test_suites/${suiteId}/test_cases`)).status).toBe(200);
        for (const path of [
          `/test_runs/${unknown}`,
          "/test_runs/not-a-uuid",
          `/test_runs/${unknown}/test_suites`,
          "/test_runs/not-a-uuid/test_suites",
          `/test_suites/${unknown}/test_cases`,
          "/test_suites/not-a-uuid/test_cases",
          `/test_suites/${seeded[0]!.id}/test_cases`, // a run id is not a suite id
        ]) {
          const reply = await get(server, path);
          expect([path, reply.status]).toEqual([path, 404]);
          expect(json(reply).error).toMatch(/not found/i);
        }
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // 10. The HTML view

    describe.each(BACKENDS)("10. the HTML view (%s)", (backend) => {
      let server: Server;
      let runId: string;
      const XSS_CASE = '<script>alert("case")</script>';
      const XSS_PROJECT = '<img src="http://evil.example/x.png" onerror="alert(1)">';
      beforeAll(async () => {
        server = await startServer([], {}, { backend });
        const report = junit({
          project: "html-view",
          branch: "feature/x",
          commit: "fedcba9876543210fedcba9876543210fedcba98",
          suites: [
            {
              name: "html.Suite",
              cases: [
                { name: "test_fine", classname: "html.Suite" },
                {
                  name: XSS_CASE,
                  classname: "html.Suite",
                  status: "failed",
                  message: "boom <b>",
                  text: "at line 7",
                },
                {
                  name: "test_broken",
                  classname: "html.Suite",
                  status: "error",
                  message: "kaput",
                  type: "IOError",
                },
              ],
            },
          ],
        });
        const reply = await post(server, (await sign(report, rsa)).bytes);
        expect(reply.status).toBe(201);
        runId = json(reply).test_run_id;
        expect((await post(server, tiny(XSS_PROJECT, "xss-project"))).status).toBe(201);
      });
      afterAll(() => server.stop());

      const noExternalAssets = (html: string) => {
        expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
        expect(html).not.toMatch(/<script|<link|<iframe|@import|url\(/i);
      };

      it("GET / lists the runs: project, branch, commit, counts, signer, links to /runs/<id>", async () => {
        const reply = await request(`${server.url}/`);
        expect(reply.status).toBe(200);
        expect(reply.headers["content-type"]).toMatch(/^text\/html/);
        const html = reply.text;
        expect(html).toMatch(/^<!doctype html>/i);
        expect(html).toContain(`href="/runs/${runId}"`);
        expect(html).toContain("html-view");
        expect(html).toContain("feature/x");
        expect(html).toContain("fedcba987654");
        expect(html).toMatch(
          /<td class="n">3<\/td><td class="n">1<\/td><td class="n">1<\/td><td class="n">0<\/td>/,
        );
        expect(html).toContain("CN=pytest-jux sha256:");
        expect(html).toContain("unsigned");
        noExternalAssets(html);
        expect(html).not.toContain(XSS_PROJECT);
        expect(html).toContain("&#60;img src=&#34;http://evil.example/x.png&#34;");
      });

      it("GET /runs/<id> shows the suites and the failing cases, escaped", async () => {
        const reply = await request(`${server.url}/runs/${runId}`);
        expect(reply.status).toBe(200);
        expect(reply.headers["content-type"]).toMatch(/^text\/html/);
        const html = reply.text;
        expect(html).toContain("html.Suite");
        expect(html).toContain("test_broken");
        expect(html).toContain("kaput");
        expect(html).toContain("at line 7");
        expect(html).toContain(`/runs/${runId}/report.xml`);
        expect(html).not.toContain(XSS_CASE);
        expect(html).not.toContain("boom <b>");
        expect(html).toContain("&#60;script&#62;alert(&#34;case&#34;)&#60;/script&#62;");
        expect(html).toContain("boom &#60;b&#62;");
        noExternalAssets(html);
      });

      it("404 (HTML) for an unknown run", async () => {
        for (const path of [
          `/runs/${randomUUID()}`,
          "/runs/nope",
          `/runs/${randomUUID()}/report.xml`,
          "/elsewhere",
        ]) {
          const reply = await request(`${server.url}${path}`);
          expect([path, reply.status]).toEqual([path, 404]);
          expect(reply.headers["content-type"]).toMatch(/^text\/html/);
          noExternalAssets(reply.text);
        }
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // 11. Old Node.js

    describe("11. jux serve on Node.js older than 22.5", () => {
      it("exits non-zero naming Node.js 22.5 and node:sqlite (or, with no old Node at hand, --help works)", () => {
        const major = (v: string) => Number(/^v?(\d+)/.exec(v)?.[1]);
        let old: string | undefined;
        if (major(process.versions.node) < 22) old = process.execPath;
        else {
          const v = spawnSync("node", ["--version"], { encoding: "utf8" });
          if (v.status === 0 && major(v.stdout.trim()) < 22) old = "node";
        }
        const dir = tempDir();
        const env = { PATH: process.env.PATH, HOME: dir };
        if (old) {
          const database = join(dir, "never.sqlite");
          const r = spawnSync(old, [CLI, "serve", "--port", "0", "--database", database], {
            encoding: "utf8",
            env,
            timeout: 30_000,
          });
          expect(r.signal).toBeNull();
          expect(r.status).not.toBe(0);
          expect(r.stderr).toMatch(/Node\.js 22\.5/);
          expect(r.stderr).toMatch(/node:sqlite/);
          expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
          expect(r.stdout).not.toMatch(/listening/);
          expect(existsSync(database)).toBe(false);
        } else {
          const r = spawnSync(process.execPath, [CLI, "serve", "--help"], { encoding: "utf8", env });
          expect(r.status).toBe(0);
          expect(r.stdout).toMatch(/Usage: jux serve/);
          expect(r.stdout).toMatch(/Node\.js 22\.5/);
        }
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // 12. The request log

    describe.each(BACKENDS)("12. the request log (%s)", (backend) => {
      let server: Server;
      beforeAll(async () => {
        server = await startServer([], {}, { backend });
      });
      afterAll(() => server.stop());

      it("one line per request: method, path, status, duration; project and test_run_id for a submission", async () => {
        const created = await post(server, tiny("logged", "l1"));
        const id = json(created).test_run_id;
        expect((await post(server, tiny("logged", "l1"))).status).toBe(409);
        expect((await post(server, "not xml")).status).toBe(400);
        expect((await get(server, "/test_runs?project=logged")).status).toBe(200);
        expect((await get(server, `/test_runs/${randomUUID()}`)).status).toBe(404);
        expect((await request(`${server.url}/`)).status).toBe(200);
        await server.waitForLog((log) => log.split("\n").filter((l) => REQUEST_LINE.test(l)).length >= 6);
        const lines = server.requests();
        expect(lines).toHaveLength(6);
        const parsed = lines.map((l) => REQUEST_LINE.exec(l)!.slice(1));
        expect(parsed.map(([method, path, status]) => [method, path, status])).toEqual([
          ["POST", "/api/v1/junit/submit", "201"],
          ["POST", "/api/v1/junit/submit", "409"],
          ["POST", "/api/v1/junit/submit", "400"],
          ["GET", "/api/v1/test_runs", "200"],
          ["GET", expect.stringMatching(/^\/api\/v1\/test_runs\/[0-9a-f-]{36}$/), "404"],
          ["GET", "/", "200"],
        ]);
        expect(parsed[0]![4]).toBe(`project=logged test_run_id=${id}`);
        expect(parsed[1]![4]).toBe(`project=logged test_run_id=${id}`);
        for (const [, , , ms] of parsed) expect(Number(ms)).toBeGreaterThanOrEqual(0);
        expect(server.stdout().trim().split("\n")).toHaveLength(1); // only the "listening" line
      });

      it("a project name cannot forge a log line (control characters are not written raw)", async () => {
        const forged = "GET /forged 200 0.1ms";
        const reply = await post(server, tiny(`evil\n${forged}`, "inject"));
        expect(reply.status).toBe(201);
        await server.waitForLog((log) => log.includes(json(reply).test_run_id));
        const lines = server.stderr().split("\n");
        expect(lines.filter((l) => l.startsWith(forged))).toEqual([]);
        expect(lines.filter((l) => l.includes(json(reply).test_run_id))).toHaveLength(1);
      });
    });

    // ---------------------------------------------------------------------------------------------------------
    // The contract, as a whole

    describe("the contract", () => {
      it("every documented (operation, status) of both specs was exercised and validated", () => {
        expect(contract.missing()).toEqual([]);
        expect(contract.exercised().length).toBe(
          operations("submission")
            .concat(operations("query"))
            .reduce((n, op) => n + op.statuses.length, 0),
        );
      });
    });
  },
);

/**
 * The action end to end, as the runner runs it: the committed dist/main and dist/post bundles as separate
 * Node 24 processes, against the Actions service emulation (the real @actions/cache and @actions/artifact
 * over Azurite) and a real `jux serve`. This file: the storage modes, forks, bad and missing files, a large report.
 */
import { describe, expect, jest, test } from "@jest/globals";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import {
  API_KEY,
  PASSPHRASE,
  e2e,
  key,
  server,
  service,
  expectSuccess,
  hashesOf,
  produced,
  published,
  run,
} from "../helpers/action-env.js";
import { JUNIT } from "../helpers/fixtures.js";
import { verify } from "../helpers/jux.js";
import { ACTION } from "../helpers/runner.js";
import { startServer, tempDir } from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";

withShared(
  "fixtures/junit",
  "the action's storage modes, forks and bad files over reports of the JUnit corpus",
  () => {
    jest.setTimeout(300_000);

    const fixture = (dir: string, name?: string) =>
      readFileSync(
        join(
          JUNIT,
          dir,
          name ??
            readdirSync(join(JUNIT, dir))
              .filter((f) => f.endsWith(".xml"))
              .sort()[0]!,
        ),
      );
    const REPORTS = {
      "reports/pytest.xml": fixture("mikepenz-action-junit-report", "pytest-report.xml"),
      "reports/java/surefire.xml": fixture("apache-maven-surefire"),
      "reports/go/gotestsum.xml": fixture("gotestsum"),
    };
    const MALFORMED = readdirSync(join(JUNIT, "malformed"))
      .filter((f) => f.endsWith(".xml"))
      .sort()[0]!;

    e2e();
    let runId = 1000;
    let projects = 0;

    function inputs(extra: Record<string, string> = {}): Record<string, string> {
      return {
        report_paths: "reports/**/*.xml",
        api_url: `${server.url}/api/v1`,
        api_key: API_KEY,
        signing_key: key.encryptedPem,
        signing_key_passphrase: PASSPHRASE,
        signing_cert: key.certificatePem,
        project: `modes-${++projects}`,
        ...extra,
      };
    }

    async function artifactOf(id: number) {
      const record = service.artifacts().find((a) => a.id === id);
      expect(record).toBeDefined();
      return { record: record!, files: await service.artifactFiles(id) };
    }

    describe("each storage mode, server up", () => {
      test("cache: signed copies in one artifact, every report published once, nothing left queued", async () => {
        const i = inputs({ storage_mode: "cache" });
        const r = await run(service, { job: { runId: ++runId, job: "test" }, inputs: i, files: REPORTS });
        expectSuccess(r);
        expect(r.outputs).toMatchObject({ reports: "3", signed: "3", queued: "3" });
        expect(await published(server, i.project!)).toEqual(hashesOf(r));
        const { record, files } = await artifactOf(Number(r.outputs.artifact_id));
        expect(record.name).toBe("jux-reports-test-attempt1");
        expect(r.outputs.artifact_url).toBe(
          `https://github.com/octo/jux-demo/actions/runs/${runId}/artifacts/${record.id}`,
        );
        expect([...files.keys()].sort()).toEqual([
          "reports/go/gotestsum.xml",
          "reports/java/surefire.xml",
          "reports/pytest.xml",
        ]);
        for (const [name, bytes] of files) {
          const verdict = await verify(bytes, key.certificatePem);
          expect({ name, valid: verdict.valid }).toEqual({ name, valid: true });
        }
        expect(service.caches().filter((c) => c.key.includes(`-${runId}-`))).toEqual([]);
        expect(r.summary).toContain("Offline queue: empty.");
        expect(r.summary.match(/\| ✅ \|/g)).toHaveLength(3);
        // The user's files are untouched.
        for (const [path, bytes] of Object.entries(REPORTS))
          expect(readFileSync(join(r.workspace, path)).equals(bytes)).toBe(true);
      });

      test("local: artifact only, nothing sent to the server", async () => {
        const i = inputs({ storage_mode: "local", retention_days: "5", artifact_name: "unit/results:linux" });
        const r = await run(service, { job: { runId: ++runId }, inputs: i, files: REPORTS });
        expectSuccess(r);
        expect(r.outputs).toMatchObject({ reports: "3", signed: "3", queued: "0" });
        const { record } = await artifactOf(Number(r.outputs.artifact_id));
        expect(record).toMatchObject({ name: "unit-results-linux-build-attempt1", retentionDays: 5 });
        expect(await published(server, i.project!)).toEqual([]);
        expect(r.summary).toContain("stored in artifact unit-results-linux-build-attempt1");
      });

      test("api: published, no artifact", async () => {
        const i = inputs({ storage_mode: "api", api_key_header: "X-API-Key" });
        const before = service.artifacts().length;
        const r = await run(service, { job: { runId: ++runId }, inputs: i, files: REPORTS });
        expectSuccess(r);
        expect(r.outputs.artifact_id).toBe("");
        expect(service.artifacts().length).toBe(before);
        expect(await published(server, i.project!)).toEqual(hashesOf(r));
      });

      test("both: artifact and published; outputs count the tests", async () => {
        const i = inputs({ storage_mode: "both", c14n: "exclusive", properties: "team=core\nbuild=7=seven" });
        const r = await run(service, { job: { runId: ++runId }, inputs: i, files: REPORTS });
        expectSuccess(r);
        const { files } = await artifactOf(Number(r.outputs.artifact_id));
        const signed = files.get("reports/pytest.xml")!.toString("utf8");
        expect(signed).toContain('Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"');
        for (const p of [
          'name="team" value="core"',
          'name="build" value="7=seven"',
          `name="env:GITHUB_RUN_ID" value="${runId}"`,
          'name="env:GITHUB_JOB" value="build"',
        ])
          expect(signed).toContain(p);
        expect((await verify(files.get("reports/pytest.xml")!, key.certificatePem)).valid).toBe(true);
        expect(await published(server, i.project!)).toEqual(hashesOf(r));
        const n = (k: string) => Number(r.outputs[k]);
        expect(n("tests")).toBeGreaterThan(0);
        expect(n("passed") + n("failures") + n("errors") + n("skipped")).toBe(n("tests"));
      });

      test("api with the server down fails the run, naming the reason; cache mode does not", async () => {
        const dead = "http://127.0.0.1:9/api/v1";
        const api = await run(service, {
          job: { runId: ++runId },
          inputs: inputs({ storage_mode: "api", api_url: dead, max_retries: "0" }),
          files: REPORTS,
        });
        expect(api.main.code).toBe(0);
        expect(api.post.code).toBe(1);
        expect(api.log).toMatch(/::error::.*storage mode api: not every report could be published/);
        const cache = await run(service, {
          job: { runId: ++runId },
          inputs: inputs({ storage_mode: "cache", api_url: dead, max_retries: "0" }),
          files: REPORTS,
        });
        expectSuccess(cache);
        expect(cache.summary).toContain("Offline queue: **3 report(s) waiting**");
      });
    });

    test("default mode: cache with api_url, local without", async () => {
      const i = inputs();
      delete i.api_url;
      const r = await run(service, { job: { runId: ++runId }, inputs: i, files: REPORTS });
      expectSuccess(r);
      expect(r.summary).toContain("storage mode `local`");
      expect(ACTION.inputs.storage_mode?.default).toBeUndefined();
    });

    test("default report_paths (the README quick start's inputs): junit*.xml and Maven's and Gradle's TEST-*.xml, nothing else", async () => {
      const maven = readFileSync("examples/reports/TEST-com.example.CartTest.xml");
      const files = {
        "target/surefire-reports/TEST-com.example.CartTest.xml": maven,
        "app/build/test-results/test/TEST-com.example.OrderTest.xml": REPORTS["reports/java/surefire.xml"],
        "junit.xml": REPORTS["reports/pytest.xml"],
        "reports/go/gotestsum.xml": REPORTS["reports/go/gotestsum.xml"],
      };
      const r = await run(service, {
        job: { runId: ++runId, job: "quickstart" },
        inputs: { signing_key: key.privateKeyPem, signing_cert: key.certificatePem },
        files,
      });
      expectSuccess(r);
      expect(r.outputs).toMatchObject({ reports: "3", signed: "3", queued: "0" });
      const found = Object.keys(JSON.parse(r.outputs.canonical_hashes!) as object).sort();
      expect(found).toEqual([
        "app/build/test-results/test/TEST-com.example.OrderTest.xml",
        "junit.xml",
        "target/surefire-reports/TEST-com.example.CartTest.xml",
      ]);
      const { files: kept } = await artifactOf(Number(r.outputs.artifact_id));
      expect([...kept.keys()].sort()).toEqual(found);
    });

    test("a fork's pull request (no secrets): nothing signed or published, the reports are still kept, the summary says why", async () => {
      const i = inputs({ signing_key: "", signing_key_passphrase: "", api_key: "", signing_cert: "" });
      const r = await run(service, {
        job: { runId: ++runId, ref: "refs/pull/7/merge", baseRef: "refs/heads/main", cache: "read-only" },
        inputs: i,
        files: REPORTS,
      });
      expectSuccess(r);
      expect(r.outputs).toMatchObject({ reports: "3", signed: "0", queued: "0" });
      expect(await published(server, i.project!)).toEqual([]);
      const { files } = await artifactOf(Number(r.outputs.artifact_id));
      expect(files.get("reports/pytest.xml")?.equals(REPORTS["reports/pytest.xml"])).toBe(true);
      expect(r.summary).toContain("no signing_key was given");
      expect(r.summary).toContain("kept unsigned (not published)");
    });

    describe("bad and missing input", () => {
      test("no files: a warning by default, an error with if_no_files_found: error, silence with ignore", async () => {
        const warn = await run(service, { job: { runId: ++runId }, inputs: inputs() });
        expectSuccess(warn);
        expect(warn.log).toMatch(
          /::warning::No files were found with the provided path: reports\/\*\*\/\*\.xml/,
        );
        expect(warn.outputs).toMatchObject({ reports: "0", signed: "0", tests: "0" });
        const error = await run(service, {
          job: { runId: ++runId },
          inputs: inputs({ if_no_files_found: "error" }),
        });
        expect(error.main.code).toBe(1);
        expect(error.log).toMatch(/::error::No files were found/);
        const ignore = await run(service, {
          job: { runId: ++runId },
          inputs: inputs({ if_no_files_found: "ignore" }),
        });
        expectSuccess(ignore);
        expect(ignore.annotations.filter((a) => a.level !== "notice")).toEqual([]);
      });

      test("a malformed file among good ones: an error annotation naming it and why, the others published", async () => {
        const i = inputs();
        const r = await run(service, {
          job: { runId: ++runId },
          inputs: i,
          files: { ...REPORTS, "reports/broken.xml": readFileSync(join(JUNIT, "malformed", MALFORMED)) },
        });
        expect(r.main.code).toBe(1);
        expect(r.post.code).toBe(0);
        const errors = r.annotations.filter((a) => a.level === "error").map((a) => a.message);
        expect(errors.some((m) => m.startsWith("reports/broken.xml"))).toBe(true);
        expect(r.log).toMatch(/::error file=reports\/broken\.xml::reports\/broken\.xml/);
        expect(r.outputs).toMatchObject({ reports: "4", signed: "3" });
        expect(await published(server, i.project!)).toEqual(hashesOf(r));
        expect(r.summary).toMatch(/\| ❌ \| reports\/broken\.xml \|.*not signed: /);
      });

      test("more bad files than GitHub shows annotations: 8 named, one line counting the rest, one for the failure", async () => {
        const broken = readFileSync(join(JUNIT, "malformed", MALFORMED));
        const files = Object.fromEntries(
          Array.from({ length: 14 }, (_, i) => [`reports/bad-${i}.xml`, broken]),
        );
        const r = await run(service, {
          job: { runId: ++runId },
          inputs: inputs({ storage_mode: "local" }),
          files,
        });
        expect(r.main.code).toBe(1);
        const mainErrors = [...r.main.stdout.matchAll(/^::error[^:]*::(.*)$/gm)].map((m) => m[1]!);
        expect(mainErrors.length).toBeLessThanOrEqual(10);
        expect(mainErrors.filter((m) => m.startsWith("reports/bad-"))).toHaveLength(8);
        expect(mainErrors).toContain(
          "6 more report(s) could not be read or signed: see the log and the job summary",
        );
        expect(r.summary.match(/not signed: /g)).toHaveLength(14);
      });

      test("a storage mode that publishes without api_url is an input error naming both", async () => {
        const i = inputs({ storage_mode: "api" });
        delete i.api_url;
        const r = await run(service, { job: { runId: ++runId }, inputs: i, files: REPORTS });
        expect(r.main.code).toBe(1);
        expect(r.log).toContain(
          "::error::jux: input storage_mode: api needs api_url (the Jux API to publish to)",
        );
      });

      test("an api_key under 8 characters is an input error (it could not be blanked out of answers), never echoed", async () => {
        const r = await run(service, {
          job: { runId: ++runId },
          inputs: inputs({ storage_mode: "api", api_key: "k3y-7ch" }),
          files: REPORTS,
        });
        expect(r.main.code).toBe(1);
        expect(r.log).toContain("::error::jux: input api_key: the API key is shorter than 8 characters");
        expect(r.log.replace(/^::add-mask::.*$/gm, "")).not.toContain("k3y-7ch");
      });

      test("a signing_key that is neither PEM nor an existing file: an input error that does not echo the value", async () => {
        const value = "c2VjcmV0LWtleS1tYXRlcmlhbC1YWVo=";
        const r = await run(service, {
          job: { runId: ++runId },
          inputs: inputs({ signing_key: value }),
          files: REPORTS,
        });
        expect(r.main.code).toBe(1);
        expect(r.log).toContain("::error::jux: input signing_key: no such file (give the PEM text itself");
        expect(r.log.replace(/^::add-mask::.*$/gm, "")).not.toContain(value);
      });

      test("a wrong passphrase fails the main step with a message naming the input, never the key", async () => {
        const r = await run(service, {
          job: { runId: ++runId },
          inputs: inputs({ signing_key_passphrase: "not-it" }),
          files: REPORTS,
        });
        expect(r.main.code).toBe(1);
        expect(r.log).toMatch(/::error::jux: .*input signing_key/);
        expect(r.post.code).toBe(0);
      });

      test("a symbolic link leaving the workspace is not read", async () => {
        const outside = tempDir("jux-outside-");
        writeFileSync(join(outside, "secret.xml"), REPORTS["reports/pytest.xml"]);
        const ws = tempDir("jux-ws-link-");
        execFileSync("mkdir", ["-p", join(ws, "reports")]);
        execFileSync("ln", ["-s", join(outside, "secret.xml"), join(ws, "reports", "escape.xml")]);
        writeFileSync(join(ws, "reports", "ok.xml"), REPORTS["reports/java/surefire.xml"]);
        const r = await run(service, {
          job: { runId: ++runId },
          inputs: inputs({ storage_mode: "local" }),
          workspace: ws,
        });
        expectSuccess(r);
        expect(r.outputs).toMatchObject({ reports: "1", signed: "1" });
        expect(r.log).toMatch(
          /::warning file=reports\/escape\.xml::reports\/escape\.xml: it resolves outside the workspace/,
        );
      });
    });

    test("a 200 MB report is signed, kept and published", async () => {
      const big = await startServer(["--token", API_KEY, "--max-body", "300MB"]);
      const ws = tempDir("jux-ws-big-");
      execFileSync("mkdir", ["-p", join(ws, "reports")]);
      execFileSync(process.execPath, ["bench/generate-report.mjs", join(ws, "reports", "big.xml"), "200"], {
        stdio: "ignore",
      });
      const i = inputs({ storage_mode: "both", api_url: `${big.url}/api/v1`, timeout_seconds: "300" });
      const r = await run(service, { job: { runId: ++runId }, inputs: i, workspace: ws });
      expectSuccess(r);
      // The generated report names its own project ("bench"), which the metadata leaves alone.
      expect(await published(big, "bench")).toEqual(hashesOf(r));
      const record = service.artifacts().find((a) => a.id === Number(r.outputs.artifact_id));
      expect(record!.size).toBeGreaterThan(1_000_000);
      await big.stop();
    });

    test("secrets: the API key, the signing key and its passphrase appear in no output, summary, artifact or cache entry", () => {
      const pemLines = key.encryptedPem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"));
      const plainLines = key.privateKeyPem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"));
      expect(produced.length).toBeGreaterThan(30);
      for (const secret of [API_KEY, PASSPHRASE, ...pemLines, ...plainLines])
        for (const p of produced)
          expect({ where: p.what, leaked: p.text.includes(secret) }).toEqual({
            where: p.what,
            leaked: false,
          });
    });
  },
);

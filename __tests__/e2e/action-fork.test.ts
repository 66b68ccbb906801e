/**
 * Pull requests from forks, the two-workflow pattern (docs/forks.md), end to end through the committed bundles and
 * the runner emulation: the fork's run keeps its reports unsigned (this action without a key, and a plain
 * upload-artifact); a trusted workflow_run job with the key runs the action with from_run and signs them with the
 * FORK's run identity (head commit, branch, run id, the pull request found through the REST API), never its own,
 * and jux:origin=fork:<owner/repo>. Hostile artifacts (a link, `..`, too many entries, a zip bomb, a malformed
 * report among good ones, claims in the fork's own properties) are refused or overridden.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { API_KEY, keyPair, produced, run, type KeyPair } from "../helpers/action-env.js";
import {
  startActionsService,
  type ActionsService,
  type JobEnvironment,
} from "../helpers/actions-service/index.js";
import { runToolkit } from "../helpers/actions-service/toolkit.js";
import { JUNIT } from "../helpers/fixtures.js";
import { ACTIONS_BOT, startGitHubApi, workflowRunJson, type GitHubApi } from "../helpers/github-api.js";
import { verify } from "../helpers/jux.js";
import { xmlsec1Verify } from "../helpers/oracles.js";
import type { JobRun } from "../helpers/runner.js";
import { cleanUp, query, startServer, tempDir, type Server } from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";
import { junit, makeZip, type ZipMember } from "../action/fork/zips.js";

const REPO = "octo/jux-demo";
const FORK = "forker/jux-demo";
const HEAD_SHA = createHash("sha1").update("the fork's head").digest("hex");
const BRANCH = "fix-parser";
const PULL = 7;

/** The values of a property in a report, in order (readers take the last). */
const valuesOf = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<property name="${name.replace(/[.:]/g, "\\$&")}" value="([^"]*)"`, "g"))].map(
    (m) => m[1],
  );
const last = (xml: string, name: string) => valuesOf(xml, name).at(-1);

/** An artifact of exactly these zip bytes, uploaded to the run through the artifact service as a job could. */
async function uploadRawArtifact(service: ActionsService, job: JobEnvironment, name: string, zip: Buffer) {
  const token = job.env.ACTIONS_RUNTIME_TOKEN!;
  const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { scp: string };
  const [, runId, jobId] = /Actions\.Results:(\S+):(\S+)/.exec(claims.scp)!;
  const ids = { workflow_run_backend_id: runId, workflow_job_run_backend_id: jobId };
  const twirp = async (method: string, body: object) => {
    const res = await fetch(`${service.url}/twirp/github.actions.results.api.v1.ArtifactService/${method}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...ids, ...body }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { signed_upload_url?: string };
  };
  const created = await twirp("CreateArtifact", { name, version: 4 });
  const put = await fetch(created.signed_upload_url!, {
    method: "PUT",
    headers: { "x-ms-blob-type": "BlockBlob" },
    body: zip,
  });
  expect(put.status).toBe(201);
  const hash = createHash("sha256").update(zip).digest("hex");
  await twirp("FinalizeArtifact", { name, size: String(zip.length), hash: `sha256:${hash}` });
}

withShared("fixtures/junit", "from_run: a fork's reports signed by a trusted workflow_run job", () => {
  jest.setTimeout(300_000);
  let service: ActionsService;
  let api: GitHubApi;
  let key: KeyPair;
  let certPath: string;
  let server: Server;

  const PYTEST = readFileSync(join(JUNIT, "mikepenz-action-junit-report", "pytest-report.xml"));
  const JEST = readFileSync(join(JUNIT, "dorny-test-reporter", "jest-test-errors.xml"));
  const MALFORMED = readFileSync(
    join(JUNIT, "malformed", "mikepenz-surefire-truncated-TEST-test.CorruptTest.xml"),
  );
  /** The fork's tests write claims of their own: another commit, pull request, origin, run. */
  const CLAIMS = junit("claims", {
    "git:commit": "0".repeat(40),
    "git:branch": "main",
    "ci:pull_request": "999",
    "jux:origin": "trusted",
    "env:GITHUB_RUN_ID": "1",
  });

  beforeAll(async () => {
    [service, key, server] = await Promise.all([
      startActionsService(),
      keyPair(),
      startServer(["--token", API_KEY]),
    ]);
    api = await startGitHubApi({ repository: REPO, forward: service.url });
    certPath = join(tempDir("jux-cert-"), "ci.crt");
    writeFileSync(certPath, key.certificatePem);
    api.addPull({ number: PULL, headSha: HEAD_SHA, headRef: BRANCH, headRepo: FORK, baseRef: "main" });
  });
  afterAll(async () => {
    await api?.stop();
    await service?.stop();
    await cleanUp();
  });

  /** The workflow_run event of run `id` (pull_requests empty, as GitHub sends it for a fork). */
  function eventFile(id: number, o: { headSha?: string; headRepo?: string } = {}): string {
    const path = join(tempDir("jux-event-"), "event.json");
    const workflowRun = workflowRunJson(REPO, {
      id,
      headSha: o.headSha ?? HEAD_SHA,
      headBranch: BRANCH,
      headRepo: o.headRepo ?? FORK,
    });
    writeFileSync(
      path,
      JSON.stringify({
        action: "completed",
        workflow_run: workflowRun,
        repository: { default_branch: "main" },
      }),
    );
    return path;
  }

  /** The trusted job: on workflow_run, with the key, from_run. */
  function trusted(
    runId: number,
    fromRun: number,
    inputs: Record<string, string> = {},
    event = eventFile(fromRun),
  ) {
    return run(service, {
      job: { runId, job: "test" },
      inputs: {
        from_run: String(fromRun),
        signing_key: key.privateKeyPem,
        signing_cert: key.certificatePem,
        storage_mode: "local",
        ...inputs,
      },
      env: { GITHUB_API_URL: api.url, GITHUB_EVENT_NAME: "workflow_run", GITHUB_EVENT_PATH: event },
      onJob: (job) => api.grant(job.githubToken, { identity: ACTIONS_BOT, pullRequests: "read" }),
    });
  }

  /** The signed reports of a run's artifact, by their name in it. */
  async function signedFiles(runId: number): Promise<Map<string, Buffer>> {
    const [artifact] = service.artifacts(runId);
    expect(artifact?.name).toBe("jux-reports-test-attempt1");
    return service.artifactFiles(artifact!.id);
  }

  describe("a fork's pull request: the action without a key, then the trusted workflow_run job", () => {
    const FORK_RUN = 4100;
    const TRUSTED_RUN = 4200;
    let forkSide: JobRun;
    let signing: JobRun;

    beforeAll(async () => {
      // The fork's workflow: no secrets, so the action keeps the reports unsigned in its artifact.
      forkSide = await run(service, {
        job: { runId: FORK_RUN, job: "test", ref: `refs/pull/${PULL}/merge`, baseRef: "refs/heads/main" },
        inputs: { report_paths: "reports/**/*.xml" },
        files: {
          "reports/pytest.xml": PYTEST,
          "reports/js/junit-jest.xml": JEST,
          "reports/claims.xml": CLAIMS,
        },
      });
      signing = await trusted(TRUSTED_RUN, FORK_RUN);
    });

    test("the fork's run kept its reports unsigned; the trusted job signs every one of them", () => {
      expect(forkSide.main.code).toBe(0);
      expect(service.artifacts(FORK_RUN).map((a) => a.name)).toEqual(["jux-reports-test-attempt1"]);
      if (signing.main.code !== 0 || signing.post.code !== 0) throw new Error(signing.log);
      expect(signing.outputs).toMatchObject({ reports: "3", signed: "3" });
      expect(Object.keys(JSON.parse(signing.outputs.canonical_hashes!) as object).sort()).toEqual([
        "jux-reports-test-attempt1/reports/claims.xml",
        "jux-reports-test-attempt1/reports/js/junit-jest.xml",
        "jux-reports-test-attempt1/reports/pytest.xml",
      ]);
    });

    test("signed with the fork's run identity and its pull request, never the trusted run's own", async () => {
      const files = await signedFiles(TRUSTED_RUN);
      expect([...files.keys()].sort()).toEqual([
        "jux-reports-test-attempt1/reports/claims.xml",
        "jux-reports-test-attempt1/reports/js/junit-jest.xml",
        "jux-reports-test-attempt1/reports/pytest.xml",
      ]);
      const own = service.job({ runId: TRUSTED_RUN }).env;
      for (const [name, bytes] of files) {
        const xml = bytes.toString("utf8");
        expect({
          name,
          props: {
            commit: last(xml, "git:commit"),
            branch: last(xml, "git:branch"),
            build: last(xml, "ci:build_id"),
            runId: last(xml, "env:GITHUB_RUN_ID"),
            event: last(xml, "env:GITHUB_EVENT_NAME"),
            ref: last(xml, "env:GITHUB_REF"),
            pull: last(xml, "ci:pull_request"),
            origin: last(xml, "jux:origin"),
          },
        }).toEqual({
          name,
          props: {
            commit: HEAD_SHA,
            branch: BRANCH,
            build: String(FORK_RUN),
            runId: String(FORK_RUN),
            event: "pull_request",
            ref: `refs/pull/${PULL}/merge`,
            pull: String(PULL),
            origin: `fork:${FORK}`,
          },
        });
        for (const value of [own.GITHUB_SHA, String(TRUSTED_RUN), "workflow_run", "refs/heads/main"])
          expect({ name, has: xml.includes(`value="${value}"`) }).toEqual({ name, has: false });
      }
    });

    test("the fork's own claims stay as written, the asserted values after them (readers take the last)", async () => {
      const xml = (await signedFiles(TRUSTED_RUN))
        .get("jux-reports-test-attempt1/reports/claims.xml")!
        .toString();
      expect(valuesOf(xml, "git:commit")).toEqual(["0".repeat(40), HEAD_SHA]);
      expect(valuesOf(xml, "ci:pull_request")).toEqual(["999", String(PULL)]);
      expect(valuesOf(xml, "jux:origin")).toEqual(["trusted", `fork:${FORK}`]);
      expect(valuesOf(xml, "env:GITHUB_RUN_ID")).toEqual(["1", String(FORK_RUN)]);
    });

    test("the signatures verify (jux and xmlsec1)", async () => {
      const files = await signedFiles(TRUSTED_RUN);
      for (const [name, bytes] of files)
        expect({ name, outcome: (await verify(bytes, key.certificatePem)).valid }).toEqual({
          name,
          outcome: true,
        });
      const one = join(tempDir("jux-signed-"), "pytest.xml");
      writeFileSync(one, files.get("jux-reports-test-attempt1/reports/pytest.xml")!);
      expect(xmlsec1Verify(one, certPath).ok).toBe(true);
    });

    test("the pull request was looked up by head commit; the summary says where the reports came from", () => {
      expect(api.requests().some((r) => r.path === `/repos/${REPO}/commits/${HEAD_SHA}/pulls`)).toBe(true);
      expect(signing.summary).toContain(`### Jux: the reports of run ${FORK_RUN}`);
      expect(signing.summary).toContain(
        `code from a fork, forker/jux-demo: branch ${BRANCH}, commit ${HEAD_SHA}`,
      );
      expect(signing.summary).toMatch(/pull request \\?#\u2060?7, found by its head commit/);
    });

    test("published by the post step as usual: jux serve files the run under the fork's branch and commit", async () => {
      const published = await trusted(4210, FORK_RUN, {
        storage_mode: "api",
        api_url: `${server.url}/api/v1`,
        api_key: API_KEY,
        project: "forks",
      });
      if (published.main.code !== 0 || published.post.code !== 0) throw new Error(published.log);
      const list = await query(server, "/test_runs?project=forks&per_page=100");
      const runs = (list.body as { test_runs: { branch?: string; commit_sha?: string }[] }).test_runs;
      expect(runs).toHaveLength(3);
      for (const r of runs) expect(r).toMatchObject({ branch: BRANCH, commit_sha: HEAD_SHA });
    });

    test("no secret in anything the runs left", () => {
      const pemLines = key.privateKeyPem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"));
      for (const p of produced) for (const line of pemLines) expect(p.text.includes(line)).toBe(false);
    });
  });

  test("a plain upload-artifact of the fork's files, named by from_artifact; other artifacts left alone", async () => {
    const FORK_RUN = 4300;
    const fork = service.job({ runId: FORK_RUN, job: "test", ref: `refs/pull/${PULL}/merge` });
    const workspace = tempDir("jux-fork-ws-");
    writeFileSync(join(workspace, "results.xml"), PYTEST);
    writeFileSync(join(workspace, "notes.txt"), "not a report");
    for (const name of ["junit-results", "coverage"]) {
      const up = await runToolkit(
        { job: fork, runnerTemp: tempDir("jux-fork-temp-"), workspace },
        {
          op: "upload",
          name,
          files: [join(workspace, "results.xml"), join(workspace, "notes.txt")],
          root: workspace,
        },
      );
      expect(up.ok).toBe(true);
    }
    const r = await trusted(4301, FORK_RUN, { from_artifact: "junit-*" });
    if (r.main.code !== 0) throw new Error(r.log);
    expect(r.outputs).toMatchObject({ signed: "1" });
    expect([...(await signedFiles(4301)).keys()]).toEqual(["junit-results/results.xml"]);
    expect(r.summary).toMatch(/not named by from_artifact\): coverage/);
    expect(r.summary).toMatch(/1 file\(s\) not ending in \.xml left out: junit-results\/notes\.txt/);
  });

  test("hostile artifacts are refused whole, naming the artifact and the entry; the good reports are still signed", async () => {
    const FORK_RUN = 4400;
    const fork = service.job({ runId: FORK_RUN, job: "test", ref: `refs/pull/${PULL}/merge` });
    const good = (name: string): ZipMember => ({ name, data: junit(name.replace(/\W/g, "_")) });
    const hostile: Record<string, ZipMember[]> = {
      "jux-reports-link": [good("a.xml"), { name: "passwd.xml", data: "/etc/passwd", mode: 0o120777 }],
      "jux-reports-climb": [good("a.xml"), good("../evil.xml")],
      "jux-reports-many": Array.from({ length: 10_001 }, (_, i) => ({ name: `r/${i}.txt`, data: "" })),
      "jux-reports-bomb": [
        { name: "bomb.xml", data: Buffer.alloc(8 * 1024 ** 2, "<"), method: 8, declaredSize: 1000 },
      ],
      "jux-reports-mixed": [
        { name: "pytest.xml", data: PYTEST },
        { name: "corrupt.xml", data: MALFORMED },
        { name: "jest.xml", data: JEST, method: 8 },
      ],
    };
    for (const [name, members] of Object.entries(hostile))
      await uploadRawArtifact(service, fork, name, makeZip(members));
    const r = await trusted(4401, FORK_RUN);
    expect(r.main.code).toBe(1);
    const errors = r.annotated.filter((a) => a.level === "error").map((a) => a.message);
    const refusal = (artifact: string) =>
      errors.find((m) => m.startsWith(`artifact ${artifact} refused, nothing of it signed: `));
    expect(refusal("jux-reports-link")).toContain('entry "passwd.xml": a symbolic link');
    expect(refusal("jux-reports-climb")).toContain(
      'entry "../evil.xml": a path climbing out of the artifact (..)',
    );
    expect(refusal("jux-reports-many")).toContain("10001 entries, over the limit of 10000");
    expect(refusal("jux-reports-bomb")).toMatch(/entry "bomb\.xml": .*(declared size|too many bytes)/);
    expect(errors).toContain(
      "jux-reports-mixed/corrupt.xml:18:17: unexpected end of file: <system-out> is not closed",
    );
    expect(errors.at(-1)).toMatch(
      /4 artifact\(s\) of run 4400 refused .*1 of 3 report\(s\) could not be read or signed/,
    );
    // Only the reports count as reports; the refused artifacts are in the summary's section.
    expect(r.outputs).toMatchObject({ reports: "3", signed: "2" });
    expect(r.summary).toContain("- refused: artifact jux-reports-link refused, nothing of it signed");
    // The good reports of the mixed artifact are signed and kept; nothing of a refused one is.
    expect([...(await signedFiles(4401)).keys()].sort()).toEqual([
      "jux-reports-mixed/jest.xml",
      "jux-reports-mixed/pytest.xml",
    ]);
    // Nothing was written outside the artifact's folder, and the downloaded and extracted files are gone.
    const left = readdirSync(r.temp, { recursive: true }).map(String);
    expect(left.filter((f) => /evil|passwd|bomb|from-run-/.test(f))).toEqual([]);
  });

  test("from_run must be the workflow_run event's run", async () => {
    const r = await trusted(4501, 4100, {}, eventFile(4999));
    expect(r.main.code).toBe(1);
    expect(r.annotated.map((a) => a.message)).toContain(
      "jux: from_run is 4100 but this workflow_run event is for run 4999: set from_run: ${{ github.event.workflow_run.id }}",
    );
    expect(service.artifacts(4501)).toEqual([]);
  });

  test("outside workflow_run (a manual re-signing), the REST API describes the run; without a pull request, unknown", async () => {
    const FORK_RUN = 4600;
    const other = createHash("sha1").update("no pull request").digest("hex");
    api.addRun({ id: FORK_RUN, headSha: other, headBranch: "orphan", headRepo: FORK });
    const fork = service.job({ runId: FORK_RUN, job: "test" });
    await uploadRawArtifact(
      service,
      fork,
      "jux-reports-test-attempt1",
      makeZip([{ name: "pytest.xml", data: PYTEST }]),
    );
    const r = await run(service, {
      job: { runId: 4601, job: "test" },
      inputs: { from_run: String(FORK_RUN), signing_key: key.privateKeyPem, storage_mode: "local" },
      env: { GITHUB_API_URL: api.url, GITHUB_EVENT_NAME: "workflow_dispatch" },
      onJob: (job) => api.grant(job.githubToken, { identity: ACTIONS_BOT, pullRequests: "read" }),
    });
    if (r.main.code !== 0) throw new Error(r.log);
    const xml = (await signedFiles(4601)).get("jux-reports-test-attempt1/pytest.xml")!.toString();
    expect(last(xml, "git:commit")).toBe(other);
    expect(last(xml, "git:branch")).toBe("orphan");
    expect(last(xml, "ci:pull_request")).toBe("unknown");
    expect(r.summary).toMatch(
      /no pull request number: no pull request of octo\/jux-demo has the head commit/,
    );
    // A manual run on main: another run's (a fork's) tests are never kept as main's baseline.
    expect(service.caches().filter((c) => c.key.startsWith("jux-tests-"))).toEqual([]);
  });
});

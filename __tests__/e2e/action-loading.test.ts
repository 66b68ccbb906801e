/**
 * What each step of the action loads, through the committed bundles and the runner emulation (a load hook records
 * every file a step's Node loads): in api mode, with the Jux API serving the baseline, neither step loads the
 * artifact client or the Actions cache client; the modes that use them do. Node's compile cache is kept under
 * RUNNER_TEMP: never in the workspace, never in the artifact.
 */
import { beforeAll, describe, expect, jest, test } from "@jest/globals";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { API_KEY, PASSPHRASE, e2e, expectSuccess, key, run, server, service } from "../helpers/action-env.js";
import type { JobRun } from "../helpers/runner.js";
import { tempDir } from "../helpers/serve.js";

jest.setTimeout(300_000);
e2e();

/** Records, per step (main or post, from the script's folder), every file: URL the process loads. */
const HOOKS = `import { registerHooks } from "node:module";
import { appendFileSync } from "node:fs";
import { basename, dirname } from "node:path";
const out = \`\${process.env.JUX_TEST_LOADED}/\${basename(dirname(process.argv[1]))}.txt\`;
registerHooks({
  load(url, context, next) {
    if (url.startsWith("file:")) appendFileSync(out, url + "\\n");
    return next(url, context);
  },
});
`;

let hooks: string;
beforeAll(() => {
  hooks = join(tempDir("jux-hooks-"), "record-loads.mjs");
  writeFileSync(hooks, HOOKS);
});

const REPORT = `<testsuite name="s" tests="2" failures="1"><testcase classname="pkg.T" name="ok"/><testcase classname="pkg.T" name="bad"><failure message="no">no</failure></testcase></testsuite>\n`;

function pushEvent(): string {
  const path = join(tempDir("jux-event-"), "event.json");
  writeFileSync(path, JSON.stringify({ ref: "refs/heads/main", repository: { default_branch: "main" } }));
  return path;
}

interface Loaded {
  job: JobRun;
  /** The bundle files (relative to dist/) each step loaded. */
  files: { main: string[]; post: string[] };
}

let runId = 16_000;

async function job(mode: string, project: string): Promise<Loaded> {
  const loaded = tempDir("jux-loaded-");
  const r = await run(service, {
    job: { runId: ++runId, job: "test" },
    inputs: {
      report_paths: "reports/*.xml",
      storage_mode: mode,
      api_url: `${server.url}/api/v1`,
      api_key: API_KEY,
      signing_key: key.encryptedPem,
      signing_key_passphrase: PASSPHRASE,
      signing_cert: key.certificatePem,
      project,
    },
    files: { "reports/junit.xml": REPORT },
    env: { GITHUB_EVENT_PATH: pushEvent(), NODE_OPTIONS: `--import=${hooks}`, JUX_TEST_LOADED: loaded },
  });
  const of = (step: string) => {
    const path = join(loaded, `${step}.txt`);
    const urls = existsSync(path) ? readFileSync(path, "utf8").trim().split("\n") : [];
    return urls.map((u) => relative(resolve("dist"), fileURLToPath(u))).filter((f) => !f.startsWith(".."));
  };
  return { job: r, files: { main: of("main"), post: of("post") } };
}

/** The loaded bundle files that hold a package's code. */
const holding = (files: string[], pkg: string) =>
  files.filter((f) => readFileSync(join("dist", f), "utf8").includes(`// node_modules/${pkg}/`));

describe("each step loads what its mode uses", () => {
  test("api mode, the Jux API serving the baseline: neither step loads the artifact or the Actions cache client", async () => {
    // The first push leaves a run on main: the second compares with it on the server, not in the Actions cache.
    expectSuccess((await job("api", "loading-api")).job);
    const { job: second, files } = await job("api", "loading-api");
    expectSuccess(second);
    expect(second.log).toMatch(/jux: comparing the tests with main at .* from the Jux API/);
    expect(files.main).toContain("main/index.js");
    expect(files.post).toContain("post/index.js");
    for (const step of ["main", "post"] as const)
      expect({
        step,
        artifact: holding(files[step], "@actions/artifact"),
        cache: holding(files[step], "@actions/cache"),
      }).toEqual({ step, artifact: [], cache: [] });
    // Both steps loaded the toolkit: the hook saw the shared chunks.
    expect(holding(files.main, "@actions/core")).not.toEqual([]);
    expect(holding(files.post, "@actions/core")).not.toEqual([]);
  });

  test("the modes that use them load them: local keeps an artifact (main), cache collects the offline queue (post)", async () => {
    const local = await job("local", "loading-local");
    expectSuccess(local.job);
    expect(holding(local.files.main, "@actions/artifact")).not.toEqual([]);
    const cache = await job("cache", "loading-cache");
    expectSuccess(cache.job);
    expect(holding(cache.files.post, "@actions/cache")).not.toEqual([]);
  });
});

describe("Node's compile cache", () => {
  test("is kept under RUNNER_TEMP, never in the workspace or the artifact, and fails nothing", async () => {
    const { job: r } = await job("local", "loading-compile-cache");
    expectSuccess(r);
    const cache = join(r.temp, "jux-compile-cache");
    // Node keeps one folder per version and build; the steps' modules are in it.
    const entries = readdirSync(cache, { recursive: true });
    expect(entries.length).toBeGreaterThan(1);
    // The workspace holds exactly what the job put there.
    expect(readdirSync(r.workspace, { recursive: true }).sort()).toEqual(["reports", "reports/junit.xml"]);
    // The artifact holds the signed report only.
    const artifact = service.artifacts().find((a) => a.id === Number(r.outputs.artifact_id));
    expect(artifact).toBeDefined();
    expect([...(await service.artifactFiles(artifact!.id)).keys()]).toEqual(["reports/junit.xml"]);
  });
});

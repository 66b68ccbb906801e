// Benchmark (not a test): the action's main and post steps (the committed bundles, run as the runner runs
// them, storage_mode api against a local jux serve) against the same work done with the jux command in the
// same run (jux sign of each report, then one jux publish): wall time and peak RSS (GNU time's %M).
// Usage: node bench/action.mjs [--reports 20] [--size-mb 10]
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runnerFiles, stateEnv } from "../scripts/runner-files.mjs";
import { generateReport } from "./generate-report.mjs";

const { values } = parseArgs({ options: { reports: { type: "string" }, "size-mb": { type: "string" } } });
const N = Number(values.reports ?? 20);
const SIZE = Number(values["size-mb"] ?? 10) * 1024 * 1024;
const NODE = execFileSync("bash", ["scripts/node24.sh"], { encoding: "utf8" }).trim();
const CLI = resolve("dist/cli/index.js");
const work = mkdtempSync(join(tmpdir(), "jux-bench-action-"));
const TOKEN = "bench-token";

/** Runs node with args under GNU time; returns wall seconds and peak RSS in MB. */
function timed(args, env, cwd = work) {
  const r = spawnSync("/usr/bin/time", ["-f", "@@%e %M", NODE, ...args], {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const m = /@@([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m)
    throw new Error(`${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { wall: Number(m[1]), rss: Number(m[2]) / 1024 };
}

async function startServe() {
  const child = spawn(
    NODE,
    [
      CLI,
      "serve",
      "--port",
      "0",
      "--database",
      join(work, "db.sqlite"),
      "--token",
      TOKEN,
      "--max-body",
      "2GB",
    ],
    {
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  let out = "";
  const url = await new Promise((ok, fail) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) ok(m[1]);
    });
    child.on("exit", (code) => fail(new Error(`jux serve exited ${code}: ${out}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

let server;
try {
  const workspace = join(work, "workspace");
  mkdirSync(join(workspace, "reports"), { recursive: true });
  for (let i = 0; i < N; i++) generateReport(join(workspace, "reports", `junit-${i}.xml`), SIZE, i + 1);
  execFileSync(
    process.execPath,
    [CLI, "keygen", "--type", "ecdsa", "--output", join(work, "key.pem"), "--cert"],
    { stdio: "ignore" },
  );
  server = await startServe();
  const base = { PATH: process.env.PATH, HOME: work };

  // The reference: the jux command doing the same work (each report signed, then all published).
  const signedDir = join(work, "signed");
  mkdirSync(signedDir);
  const signs = [];
  for (let i = 0; i < N; i++)
    signs.push(
      timed(
        [
          CLI,
          "sign",
          "-i",
          join(workspace, "reports", `junit-${i}.xml`),
          "-o",
          join(signedDir, `${i}.xml`),
          "--key",
          join(work, "key.pem"),
          "--cert",
          join(work, "key.crt"),
          "--project",
          "reference",
        ],
        base,
      ),
    );
  const files = Array.from({ length: N }, (_, i) => ["-f", join(signedDir, `${i}.xml`)]).flat();
  const publish = timed([CLI, "publish", ...files, "--storage-mode", "api", "--api-url", server.url], {
    ...base,
    JUX_API_KEY: TOKEN,
  });

  // The action.
  const temp = join(work, "runner-temp");
  mkdirSync(temp);
  const runner = runnerFiles(temp);
  const env = {
    ...base,
    ...runner,
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: "octo/bench",
    GITHUB_RUN_ID: "1",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_JOB: "bench",
    INPUT_REPORT_PATHS: "reports/*.xml",
    INPUT_STORAGE_MODE: "api",
    INPUT_API_URL: server.url,
    INPUT_API_KEY: TOKEN,
    INPUT_SIGNING_KEY: readFileSync(join(work, "key.pem"), "utf8"),
    INPUT_SIGNING_CERT: readFileSync(join(work, "key.crt"), "utf8"),
    INPUT_PROJECT: "action",
    INPUT_MAX_RETRIES: "3",
    INPUT_TIMEOUT_SECONDS: "300",
    INPUT_SUMMARY: "true",
  };
  const main = timed([resolve("dist/main/index.js")], env, workspace);
  const post = timed(
    [resolve("dist/post/index.js")],
    { ...env, ...stateEnv(runner.GITHUB_STATE) },
    workspace,
  );
  if (!readFileSync(runner.GITHUB_STEP_SUMMARY, "utf8").includes("Every report ended well."))
    throw new Error("the action did not publish every report");

  const signWall = signs.reduce((a, s) => a + s.wall, 0);
  const signRss = Math.max(...signs.map((s) => s.rss));
  const mb = (SIZE * N) / 1024 / 1024;
  console.log(
    `${N} reports of ${SIZE / 1024 / 1024} MB (${mb} MB), Node ${execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim()}`,
  );
  console.log("| step | wall s | peak RSS MB |");
  console.log("|---|--:|--:|");
  console.log(`| action main (find, sign ${N}) | ${main.wall.toFixed(2)} | ${main.rss.toFixed(0)} |`);
  console.log(`| action post (publish ${N}, summary) | ${post.wall.toFixed(2)} | ${post.rss.toFixed(0)} |`);
  console.log(`| reference: ${N} × jux sign | ${signWall.toFixed(2)} | ${signRss.toFixed(0)} |`);
  console.log(`| reference: jux publish | ${publish.wall.toFixed(2)} | ${publish.rss.toFixed(0)} |`);
  console.log(
    `ratios: main/sign ${(main.wall / signWall).toFixed(2)}, post/publish ${(post.wall / publish.wall).toFixed(2)}`,
  );
} finally {
  server?.stop();
  rmSync(work, { recursive: true, force: true });
}

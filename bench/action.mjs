// Benchmark (not a test): the action's main and post steps, the bundles run as the runner runs them (one Node 24
// process per step, a fresh RUNNER_TEMP per job, against a local jux serve), against a reference build of the same
// steps (default: the committed bundles of c0a007e, before issue 16) in the same run, the two alternating (A B A B).
// The jux serve is the reference's. Cases: the fixed cost (1 report) and 100 reports of 20 KB, in storage modes api and cache. Prints wall and CPU
// (user+sys of each step, GNU time) medians, their ratios, and the machine's load.
// Usage: node bench/action.mjs [--rounds 5] [--modes api,cache] [--reports 1,100] [--size-kb 20] [--ref DIR]
//        node bench/action.mjs --against-cli [--reports 20] [--size-kb 10240]   (the action vs jux sign + publish)
// Cache mode runs without the Actions services (as outside GitHub): the artifact upload fails and is a warning,
// the reports are published; the step's exit code is not checked there, its summary is.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runnerFiles, stateEnv } from "../scripts/runner-files.mjs";
import { generateReport } from "./generate-report.mjs";

const { values } = parseArgs({
  options: {
    rounds: { type: "string" },
    modes: { type: "string" },
    reports: { type: "string" },
    "size-kb": { type: "string" },
    ref: { type: "string" },
    "ref-commit": { type: "string" },
    "against-cli": { type: "boolean" },
  },
});
const ROUNDS = Number(values.rounds ?? 5);
const MODES = (values.modes ?? "api,cache").split(",");
const COUNTS = (values.reports ?? (values["against-cli"] ? "20" : "1,100")).split(",").map(Number);
const SIZE = Number(values["size-kb"] ?? (values["against-cli"] ? 10240 : 20)) * 1024;
const REF_COMMIT = values["ref-commit"] ?? "c0a007e";
const NODE = execFileSync("bash", ["scripts/node24.sh"], { encoding: "utf8" }).trim();
const CLI = resolve("dist/cli/index.js");
const work = mkdtempSync(join(tmpdir(), "jux-bench-action-"));
const TOKEN = "bench-token";

/** Runs node with args under GNU time: wall and CPU (user+sys) seconds, peak RSS in MB, exit status, output. */
function timed(args, env, cwd = work, check = true) {
  const r = spawnSync("/usr/bin/time", ["-f", "@@%e %U %S %M", NODE, ...args], {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const m = /@@([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m || (check && r.status !== 0))
    throw new Error(`${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return {
    wall: Number(m[1]),
    cpu: Number(m[2]) + Number(m[3]),
    rss: Number(m[4]) / 1024,
    status: r.status,
    out: `${r.stdout}\n${r.stderr}`,
  };
}

/** jux serve (of the reference build: the server is not what is measured, and both builds publish to the same one). */
async function startServe(cli) {
  const args = [cli, "serve", "--port", "0", "--database", join(work, "db.sqlite")];
  const child = spawn(NODE, [...args, "--token", TOKEN, "--max-body", "2GB"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
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

function workspaceOf(n) {
  const workspace = join(work, `workspace-${n}`);
  mkdirSync(join(workspace, "reports"), { recursive: true });
  for (let i = 0; i < n; i++) generateReport(join(workspace, "reports", `junit-${i}.xml`), SIZE, i + 1);
  return workspace;
}

let jobs = 0;

/** One job: main then post of the build in `dist`, in a fresh RUNNER_TEMP (as on a runner); their costs summed. */
function job(dist, mode, workspace, n, server) {
  const id = ++jobs;
  const temp = join(work, `runner-temp-${id}`);
  mkdirSync(temp);
  const runner = runnerFiles(temp);
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    ...runner,
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: "octo/bench",
    GITHUB_RUN_ID: String(id),
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_JOB: "bench",
    INPUT_REPORT_PATHS: "reports/*.xml",
    INPUT_STORAGE_MODE: mode,
    INPUT_API_URL: server.url,
    INPUT_API_KEY: TOKEN,
    INPUT_SIGNING_KEY: readFileSync(join(work, "key.pem"), "utf8"),
    INPUT_SIGNING_CERT: readFileSync(join(work, "key.crt"), "utf8"),
    // A project per job: every job's reports are new to the server.
    INPUT_PROJECT: `bench-${id}`,
    INPUT_MAX_RETRIES: "3",
    INPUT_TIMEOUT_SECONDS: "300",
    INPUT_SUMMARY: "true",
  };
  const strict = mode === "api";
  const main = timed([join(dist, "main/index.js")], env, workspace, strict);
  const post = timed(
    [join(dist, "post/index.js")],
    { ...env, ...stateEnv(runner.GITHUB_STATE) },
    workspace,
    strict,
  );
  const summary = readFileSync(runner.GITHUB_STEP_SUMMARY, "utf8");
  if (!new RegExp(`\\| ${n} \\| ${n} \\|`).test(summary) && !summary.includes("Every report ended well."))
    throw new Error(
      `${dist} ${mode}: the action did not publish every report:\n${summary}\n${main.out}\n${post.out}`,
    );
  rmSync(temp, { recursive: true, force: true });
  return {
    main,
    post,
    wall: main.wall + post.wall,
    cpu: main.cpu + post.cpu,
    rss: Math.max(main.rss, post.rss),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function referenceDist() {
  if (values.ref) return resolve(values.ref);
  const dir = join(tmpdir(), `jux-ref-${REF_COMMIT}`);
  if (!existsSync(join(dir, "dist/main/index.js"))) {
    mkdirSync(dir, { recursive: true });
    execFileSync("bash", ["-c", `git archive ${REF_COMMIT} dist | tar -x -C ${dir}`]);
  }
  return join(dir, "dist");
}

async function againstCli(server, builds) {
  const n = COUNTS[0];
  const workspace = workspaceOf(n);
  const base = { PATH: process.env.PATH, HOME: work };
  const signedDir = join(work, "signed");
  mkdirSync(signedDir);
  const key = ["--key", join(work, "key.pem"), "--cert", join(work, "key.crt")];
  const inputs = Array.from({ length: n }, (_, i) => ["-i", join(workspace, "reports", `junit-${i}.xml`)]);
  const sign = timed(
    [CLI, "sign", ...inputs.flat(), "-o", signedDir, ...key, "--project", "reference"],
    base,
  );
  const files = Array.from({ length: n }, (_, i) => ["-f", join(signedDir, `junit-${i}.xml`)]).flat();
  const publish = timed([CLI, "publish", ...files, "--storage-mode", "api", "--api-url", server.url], {
    ...base,
    JUX_API_KEY: TOKEN,
  });
  const action = job(builds.new, "api", workspace, n, server);
  console.log(`${n} reports of ${SIZE / 1024} KB, Node ${nodeVersion()}, load ${load()}`);
  console.log("| step | wall s | CPU s | peak RSS MB |");
  console.log("|---|--:|--:|--:|");
  const row = (name, t) =>
    console.log(`| ${name} | ${t.wall.toFixed(2)} | ${t.cpu.toFixed(2)} | ${t.rss.toFixed(0)} |`);
  row(`action main (find, sign ${n})`, action.main);
  row(`action post (publish ${n}, summary)`, action.post);
  row(`reference: jux sign of ${n} in one command`, sign);
  row("reference: jux publish", publish);
}

const nodeVersion = () => execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

let server;
try {
  execFileSync(
    process.execPath,
    [CLI, "keygen", "--type", "ecdsa", "--output", join(work, "key.pem"), "--cert"],
    { stdio: "ignore" },
  );
  // dist/ as it is now, copied: another bundle run meanwhile cannot change the build measured.
  const current = join(work, "dist");
  cpSync(resolve("dist"), current, { recursive: true });
  const builds = { ref: values["against-cli"] ? current : referenceDist(), new: current };
  server = await startServe(join(builds.ref, "cli/index.js"));
  if (values["against-cli"]) await againstCli(server, builds);
  else {
    console.log(
      `action main + post, one job = both steps in a fresh RUNNER_TEMP; Node ${nodeVersion()}; ${ROUNDS} rounds, ref = ${builds.ref} (${values.ref ? "given" : REF_COMMIT}), new = dist/ (copied at start)`,
    );
    console.log(`load before: ${load()}`);
    console.log(
      "| mode | reports | ref wall s | new wall s | wall ratio | ref CPU s | new CPU s | CPU ratio | new main / post wall s | new main / post CPU s | load |",
    );
    console.log("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
    for (const n of COUNTS) {
      const workspace = workspaceOf(n);
      for (const mode of MODES) {
        const runs = { ref: [], new: [] };
        job(builds.new, mode, workspace, n, server); // warm the page cache and the server
        for (let r = 0; r < ROUNDS; r++)
          for (const which of ["ref", "new"])
            runs[which].push(job(builds[which], mode, workspace, n, server));
        const m = (which, k) => median(runs[which].map((x) => x[k]));
        const mm = (k, x = "wall") => median(runs.new.map((j) => j[k][x]));
        console.log(
          `| ${mode} | ${n} × ${SIZE / 1024} KB | ${m("ref", "wall").toFixed(2)} | ${m("new", "wall").toFixed(2)} | ${(m("new", "wall") / m("ref", "wall")).toFixed(2)} | ${m("ref", "cpu").toFixed(2)} | ${m("new", "cpu").toFixed(2)} | ${(m("new", "cpu") / m("ref", "cpu")).toFixed(2)} | ${mm("main").toFixed(2)} / ${mm("post").toFixed(2)} | ${mm("main", "cpu").toFixed(2)} / ${mm("post", "cpu").toFixed(2)} | ${load()} |`,
        );
      }
    }
  }
} finally {
  server?.stop();
  rmSync(work, { recursive: true, force: true });
}

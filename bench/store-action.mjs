// Benchmark (not a test): the action's post step with the offline queue at scale. For each size N: a job whose
// main step signs N tiny reports and whose post step finds the Jux server down (N reports queued, saved to the
// Actions cache: "offline"), then a job with no reports of its own whose post step collects that entry and
// publishes it to a local `jux serve` ("drain"). The bundles run as the runner runs them (bench/action.mjs,
// __tests__/helpers/runner.ts), against the service emulation of the e2e tests (real @actions/cache over
// Azurite, bundled here with esbuild) and a real `jux serve`. Measured: the post step's CPU (user+sys of its
// process, GNU time) and wall; the current bundles (dist/) against a reference (--ref, default the bundles of
// main before session 14: `git archive c0a007e dist | tar -x -C /tmp/jux-ref-a2`), alternating (A B A B).
// Usage: node bench/store-action.mjs [--sizes 1000,5000,10000] [--runs 1] [--ref /tmp/jux-ref-a2/dist] [--dist dist]
//        [--ref-sizes 1000,2000] [--cpu-prof DIR]   (--ref-sizes: sizes the reference runs at; "all" for every)
import { execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { parseCommandFile, runnerFiles, stateEnv } from "../scripts/runner-files.mjs";

const { values } = parseArgs({
  options: {
    sizes: { type: "string" },
    runs: { type: "string" },
    dist: { type: "string" },
    ref: { type: "string" },
    "ref-sizes": { type: "string" },
    "cpu-prof": { type: "string" },
  },
});
const SIZES = (values.sizes ?? "1000,5000,10000").split(",").map(Number);
const RUNS = Number(values.runs ?? 1);
const REF = resolve(values.ref ?? "/tmp/jux-ref-a2/dist");
const REF_SIZES =
  values["ref-sizes"] === "all" ? SIZES : (values["ref-sizes"] ?? "1000,2000").split(",").map(Number);
const PROFILE = values["cpu-prof"] ? resolve(values["cpu-prof"]) : undefined;
const NODE = execFileSync("bash", ["scripts/node24.sh"], { encoding: "utf8" }).trim();
const DIST = resolve(values.dist ?? "dist");
const CLI = join(DIST, "cli/index.js");
const TOKEN = "bench-token";
const work = mkdtempSync(join(tmpdir(), "jux-bench-store-action-"));

const VARIANTS = { new: DIST };
if (existsSync(join(REF, "post/index.js"))) VARIANTS.ref = REF;
else console.log(`(no reference bundles at ${REF}: only dist/ is measured)`);

/** The e2e tests' service emulation and outage switch, bundled to plain ESM beside the files they load. */
async function emulation() {
  const dir = resolve("node_modules/.cache/jux-bench-store-action");
  mkdirSync(dir, { recursive: true });
  const helpers = resolve("__tests__/helpers");
  for (const f of ["dns-alias.mjs", "azurite-child.mjs"])
    copyFileSync(join(helpers, "actions-service", f), join(dir, f));
  await build({
    stdin: {
      contents: `export * from "./actions-service/index.ts"; export * from "./outage.ts";`,
      resolveDir: helpers,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile: join(dir, "emulation.mjs"),
    logLevel: "error",
  });
  return import(pathToFileURL(join(dir, "emulation.mjs")).href);
}

async function startServe() {
  const child = spawn(
    NODE,
    [CLI, "serve", "--port", "0", "--database", join(work, "db.sqlite"), "--token", TOKEN],
    { stdio: ["ignore", "pipe", "ignore"], env: { PATH: process.env.PATH, HOME: work } },
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

/** How many runs the server holds for a project (total_count of GET /test_runs). */
async function publishedCount(url, project) {
  const reply = await fetch(`${url}/test_runs?project=${encodeURIComponent(project)}&per_page=1`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const body = await reply.json();
  if (!body.pagination)
    throw new Error(`GET /test_runs: ${reply.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body.pagination.total_count;
}

function report(tag, i) {
  const cases = Array.from(
    { length: 5 },
    (_, c) =>
      `<testcase classname="bench.${tag}" name="t${c}" time="0.0${c}">${c === 3 ? '<failure message="x"/>' : ""}</testcase>`,
  ).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${tag}-${i}" tests="5" failures="1">${cases}</testsuite>\n`;
}

/** Runs one step as the runner does, under GNU time: wall and CPU (user + sys) seconds of its process. */
function step(script, nodeArgs, env, cwd) {
  return new Promise((done, fail) => {
    const child = spawn("/usr/bin/time", ["-f", "@@%e %U %S", NODE, ...nodeArgs, script], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (stderr += s));
    child.on("error", fail);
    child.on("close", (code) => {
      const m = /@@([\d.]+) ([\d.]+) ([\d.]+)/.exec(stderr);
      if (code !== 0 || !m)
        fail(new Error(`${script} failed (${code}):\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
      else done({ wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), log: stdout + stderr });
    });
  });
}

let runId = 1000;

/** One job (main then post) of a variant; returns the post step's figures and summary. */
async function job(service, dist, inputs, files, profileTag) {
  const workspace = mkdtempSync(join(work, "ws-"));
  const temp = mkdtempSync(join(work, "temp-"));
  mkdirSync(join(workspace, "reports"));
  for (const [name, text] of files) writeFileSync(join(workspace, "reports", name), text);
  const runner = runnerFiles(temp);
  const j = service.job({ runId: ++runId });
  const env = {
    PATH: process.env.PATH,
    HOME: temp,
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: workspace,
    ...runner,
    ...j.env,
    INPUT_GITHUB_TOKEN: j.githubToken,
    ...inputs,
  };
  const main = await step(join(dist, "main/index.js"), j.nodeArgs, env, workspace);
  const prof = PROFILE && profileTag ? ["--cpu-prof", "--cpu-prof-dir", join(PROFILE, profileTag)] : [];
  const post = await step(
    join(dist, "post/index.js"),
    [...j.nodeArgs, ...prof],
    { ...env, ...stateEnv(runner.GITHUB_STATE) },
    workspace,
  );
  const summary = readFileSync(runner.GITHUB_STEP_SUMMARY, "utf8");
  const outputs = parseCommandFile(readFileSync(runner.GITHUB_OUTPUT, "utf8"));
  rmSync(workspace, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
  return { main, post, summary, outputs };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

let service, serve, sw;
try {
  const em = await emulation();
  [service, serve] = await Promise.all([em.startActionsService({ azureHostAlias: true }), startServe()]);
  sw = await em.startSwitchable(serve.url);
  const pem = join(work, "key.pem");
  execFileSync(NODE, [CLI, "keygen", "--type", "ecdsa", "--output", pem, "--cert"], { stdio: "ignore" });
  const base = {
    INPUT_REPORT_PATHS: "reports/*.xml",
    INPUT_IF_NO_FILES_FOUND: "ignore",
    INPUT_STORAGE_MODE: "cache",
    INPUT_API_URL: sw.url,
    INPUT_API_KEY: TOKEN,
    INPUT_SIGNING_KEY: readFileSync(pem, "utf8"),
    INPUT_SIGNING_CERT: readFileSync(join(work, "key.crt"), "utf8"),
    INPUT_MAX_RETRIES: "0",
    INPUT_TIMEOUT_SECONDS: "60",
    INPUT_SUMMARY: "true",
    INPUT_ANNOTATE: "true",
  };
  console.log(
    `post step of the action, offline queue at scale; Node ${execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim()}; ` +
      `new = ${VARIANTS.new}, ref = ${VARIANTS.ref ?? "(none)"}; runs ${RUNS}`,
  );
  console.log(`command: node bench/store-action.mjs ${process.argv.slice(2).join(" ")}`);
  console.log(
    "| N | variant | step | post CPU s (median) | post wall s | CPU ms/report | wall ms/report | main wall s | loadavg |",
  );
  console.log("|--:|---|---|--:|--:|--:|--:|--:|---|");
  const ratios = [];
  for (const n of SIZES) {
    const names = Object.keys(VARIANTS).filter((v) => v === "new" || REF_SIZES.includes(n));
    const got = Object.fromEntries(names.map((v) => [v, { offline: [], drain: [], main: [] }]));
    for (let r = 0; r < RUNS; r++)
      for (const v of names) {
        const tag = `${v}-${n}-${r}`;
        const inputs = { ...base, INPUT_PROJECT: `bench-${tag}`, INPUT_QUEUE_KEY: `q-${tag}` };
        const files = Array.from({ length: n }, (_, i) => [`r${i}.xml`, report(tag, i)]);
        sw.down();
        let offline;
        try {
          offline = await job(service, VARIANTS[v], inputs, files, v === "new" ? `offline-${n}` : undefined);
        } finally {
          sw.up();
        }
        if (!offline.summary.includes(`**${n} report(s) waiting**`))
          throw new Error(
            `${tag}: the offline run did not queue ${n} reports:\n${offline.summary.slice(0, 2000)}`,
          );
        const drain = await job(service, VARIANTS[v], inputs, [], v === "new" ? `drain-${n}` : undefined);
        if (!drain.summary.includes("Offline queue: empty."))
          throw new Error(`${tag}: the drain run left reports queued:\n${drain.summary.slice(0, 3000)}`);
        const held = await publishedCount(serve.url, `bench-${tag}`);
        if (held !== n || /quarantin/i.test(drain.summary))
          throw new Error(`${tag}: the server holds ${held} of ${n} runs:\n${drain.summary.slice(0, 3000)}`);
        const left = service.caches().filter((c) => c.key.startsWith(`q-${tag}-`));
        if (left.length > 0) throw new Error(`${tag}: ${left.length} queue entries left in the cache`);
        got[v].offline.push(offline.post);
        got[v].drain.push(drain.post);
        got[v].main.push(offline.main);
        process.stderr.write(
          `  ${tag}: offline ${offline.post.cpu.toFixed(1)} s CPU / ${offline.post.wall.toFixed(1)} s wall, ` +
            `drain ${drain.post.cpu.toFixed(1)} / ${drain.post.wall.toFixed(1)} (load ${load()})\n`,
        );
      }
    for (const v of names)
      for (const s of ["offline", "drain"]) {
        const cpu = median(got[v][s].map((x) => x.cpu));
        const wall = median(got[v][s].map((x) => x.wall));
        got[v][s].med = { cpu, wall };
        const mainWall = median(got[v].main.map((x) => x.wall));
        console.log(
          `| ${n} | ${v} | ${s} | ${cpu.toFixed(2)} | ${wall.toFixed(2)} | ${((cpu * 1000) / n).toFixed(2)} | ${((wall * 1000) / n).toFixed(2)} | ${mainWall.toFixed(1)} | ${load()} |`,
        );
      }
    if (got.ref)
      for (const s of ["offline", "drain"])
        ratios.push(
          `N=${n} ${s}: new/ref CPU ${(got.new[s].med.cpu / got.ref[s].med.cpu).toFixed(3)}, wall ${(got.new[s].med.wall / got.ref[s].med.wall).toFixed(3)}`,
        );
  }
  for (const r of ratios) console.log(r);
  console.log(`loadavg at the end: ${load()}`);
} finally {
  serve?.stop();
  await sw?.close();
  await service?.stop();
  rmSync(work, { recursive: true, force: true });
}

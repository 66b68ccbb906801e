// Benchmark (not a test): what the local store costs per report as it grows. For each size N, N tiny reports are
// queued in ONE `jux publish --storage-mode cache` with the server down (a closed port, --max-retries 0), the
// store is listed and counted (`jux cache list --json`, `jux cache stats --json`), then the queue is sent to a
// real `jux serve` (`jux cache push`). Each command's CPU (user+sys of the jux process, /usr/bin/time) and wall
// time are printed per report, with os.loadavg() beside them. The reference is another bundle (default: main's
// committed dist, `git archive c0a007e dist | tar -x -C /tmp/jux-ref`), run alternately with this one (A B A B)
// at --ref-sizes only: its cost grows with the square of N. At the first size, `jux cache list` is also timed
// after deleting index.json (every file read and hashed again).
// With --features [--n 10000]: the store's queries and exports instead (bench/store-features.mjs), compressed and not.
// Usage: node bench/store.mjs [--sizes 1000,5000,10000] [--runs 2] [--ref /tmp/jux-ref/dist/cli/index.js]
//          [--ref-sizes 1000] [--new dist/cli/index.js] [--node PATH]   (jux and jux serve on Node 24 by default)
// (--new: a copy of dist/ keeps the measured bundle fixed while others rebundle the tree.)
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000" },
    runs: { type: "string", default: "2" },
    new: { type: "string", default: "dist/cli/index.js" },
    ref: { type: "string", default: "/tmp/jux-ref/dist/cli/index.js" },
    "ref-sizes": { type: "string", default: "1000" },
    node: { type: "string" },
    features: { type: "boolean", default: false },
    n: { type: "string", default: "10000" },
  },
});
const SIZES = values.sizes.split(",").map(Number);
const RUNS = Number(values.runs);
const REF_SIZES = new Set(values["ref-sizes"].split(",").filter(Boolean).map(Number));
const NODE =
  values.node ?? execFileSync("bash", [resolve("scripts/node.sh"), "24"], { encoding: "utf8" }).trim();
const BUNDLES = { new: resolve(values.new), ref: resolve(values.ref) };
if (!existsSync(BUNDLES.ref)) {
  console.error(`no reference bundle at ${BUNDLES.ref}: git archive c0a007e dist | tar -x -C /tmp/jux-ref`);
  process.exit(2);
}
const KEY = "bench-store-key-0123456789";
const work = mkdtempSync(join(tmpdir(), "jux-bench-store-"));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

function report(i) {
  const cases = Array.from(
    { length: 20 },
    (_, c) =>
      `<testcase classname="bench.s${i}" name="t${c}" time="0.0${c % 10}">${c % 7 === 0 ? '<failure message="x"/>' : ""}</testcase>`,
  ).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="suite-${i}" tests="20" failures="3"><properties><property name="project" value="bench"/></properties>${cases}</testsuite>\n`;
}

/** Runs one jux command under /usr/bin/time; its CPU (user+sys, s), wall (s) and stdout. */
function timed(bundle, args, env = {}) {
  const out = join(work, "time.txt");
  const r = spawnSync("/usr/bin/time", ["-f", "%U %S %e", "-o", out, NODE, bundle, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, HOME: work, JUX_API_KEY: KEY, ...env },
  });
  if (r.status !== 0 && r.status !== 2)
    throw new Error(`jux ${args.join(" ")}: exit ${r.status}\n${r.stderr.slice(-2000)}`);
  const [user, sys, wall] = readFileSync(out, "utf8").trim().split("\n").pop().split(" ").map(Number);
  return { cpu: user + sys, wall, stdout: r.stdout };
}

async function startServe(database) {
  const child = spawn(NODE, [BUNDLES.new, "serve", "--port", "0", "--database", database], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, JUX_SERVE_TOKENS: KEY },
  });
  child.stderr.resume();
  let out = "";
  const url = await new Promise((done, fail) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(out);
      if (m) done(m[1]);
    });
    child.on("exit", (code) => fail(new Error(`jux serve exited (${code}) before listening:\n${out}`)));
  });
  return { url, stop: () => new Promise((done) => (child.once("exit", done), child.kill("SIGTERM"))) };
}

const closedPort = () => {
  // A port nothing listens on: bound by a throwaway server of the shell, then released.
  const r = spawnSync(process.execPath, [
    "-e",
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ]);
  return Number(String(r.stdout).trim());
};

/** One pass of every command at size n with one bundle; per-report costs in ms. */
async function pass(which, n, dir) {
  const bundle = BUNDLES[which];
  const store = join(work, `store-${which}-${n}`);
  rmSync(store, { recursive: true, force: true });
  const dead = `http://127.0.0.1:${closedPort()}/api/v1`;
  const queued = timed(bundle, [
    "publish",
    "--storage-mode",
    "cache",
    "--storage-path",
    store,
    "--api-url",
    dead,
    "--max-retries",
    "0",
    "--json",
    dir,
  ]);
  const kinds = JSON.parse(queued.stdout).reports.filter((r) => r.kind === "queued").length;
  if (kinds !== n) throw new Error(`${which}: ${kinds} of ${n} reports queued`);
  const list = timed(bundle, ["cache", "list", "--json", "--storage-path", store]);
  if (JSON.parse(list.stdout).length !== 2 * n) throw new Error(`${which}: the listing is not ${2 * n} long`);
  const stats = timed(bundle, ["cache", "stats", "--json", "--storage-path", store]);
  if (JSON.parse(stats.stdout).queued !== n) throw new Error(`${which}: stats do not count ${n} queued`);
  const serve = await startServe(join(work, `serve-${which}-${n}-${Date.now()}.sqlite`));
  let push;
  try {
    push = timed(bundle, ["cache", "push", "--json", "--storage-path", store, "--api-url", serve.url]);
  } finally {
    await serve.stop();
  }
  const sent = JSON.parse(push.stdout).earlier.filter((r) => r.kind === "published").length;
  if (sent !== n) throw new Error(`${which}: ${sent} of ${n} reports published by cache push`);
  rmSync(store, { recursive: true, force: true });
  return { queue: queued, list, stats, push };
}

/** The listing with index.json against the listing after deleting it (the old comparison), at size n. */
function listingComparison(n, dir) {
  const store = join(work, "store-listing");
  timed(BUNDLES.new, ["publish", "--storage-mode", "local", "--storage-path", store, dir]);
  const warm = timed(BUNDLES.new, ["cache", "list", "--json", "--storage-path", store]);
  rmSync(join(store, "index.json"));
  const cold = timed(BUNDLES.new, ["cache", "list", "--json", "--storage-path", store]);
  rmSync(store, { recursive: true, force: true });
  return { warm, cold };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const COMMANDS = ["queue", "push", "list", "stats"];
const LABEL = {
  queue: "publish --storage-mode cache, server down",
  push: "cache push to jux serve",
  list: "cache list --json (2N entries)",
  stats: "cache stats --json",
};

if (values.features) {
  const { features } = await import("./store-features.mjs");
  try {
    await features({ NODE, BUNDLES, work, timed, load, n: Number(values.n), runs: RUNS });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(0);
}

try {
  const nodeVersion = execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim();
  console.log(
    `# jux's local store, per report (jux on Node ${nodeVersion}; ${RUNS} run(s) per bundle and size)`,
  );
  console.log(`new: ${BUNDLES.new}\nref: ${BUNDLES.ref} (at ${[...REF_SIZES].join(", ") || "no size"})`);
  console.log(`command: node bench/store.mjs ${process.argv.slice(2).join(" ")}\n`);
  console.log(
    "| N | bundle | command | CPU ms/report | wall ms/report | CPU s total | wall s total | load (1 5 15 min) |",
  );
  console.log("|---:|---|---|---:|---:|---:|---:|---|");
  const summary = [];
  for (const [k, n] of SIZES.entries()) {
    const dir = join(work, `reports-${n}`);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < n; i++) writeFileSync(join(dir, `r${i}.xml`), report(i));
    const order = REF_SIZES.has(n) ? ["new", "ref"] : ["new"];
    const results = { new: [], ref: [] };
    for (let r = 0; r < RUNS; r++)
      for (const which of order) {
        const res = await pass(which, n, dir);
        results[which].push(res);
        const at = load();
        for (const c of COMMANDS)
          console.log(
            `| ${n} | ${which} | ${LABEL[c]} | ${((res[c].cpu / n) * 1000).toFixed(3)} | ${((res[c].wall / n) * 1000).toFixed(3)} | ${res[c].cpu.toFixed(2)} | ${res[c].wall.toFixed(2)} | ${at} |`,
          );
      }
    for (const which of order)
      for (const c of COMMANDS)
        summary.push({
          n,
          which,
          c,
          cpu: median(results[which].map((x) => x[c].cpu)),
          wall: median(results[which].map((x) => x[c].wall)),
        });
    if (k === 0) {
      const { warm, cold } = listingComparison(n, dir);
      console.log(
        `\ncache list of ${n} reports: with index.json ${warm.cpu.toFixed(2)} s CPU / ${warm.wall.toFixed(2)} s wall; ` +
          `index.json deleted ${cold.cpu.toFixed(2)} s CPU / ${cold.wall.toFixed(2)} s wall (load ${load()})\n`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n## Medians per report (ms), and new ÷ ref where both ran\n`);
  console.log("| command | N | new CPU | new wall | ref CPU | ref wall | CPU new÷ref | wall new÷ref |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const c of COMMANDS)
    for (const n of SIZES) {
      const a = summary.find((s) => s.n === n && s.c === c && s.which === "new");
      const b = summary.find((s) => s.n === n && s.c === c && s.which === "ref");
      const per = (x, f) => (x ? ((x[f] / n) * 1000).toFixed(3) : "-");
      const ratio = (f) => (a && b ? (a[f] / b[f]).toFixed(3) : "-");
      console.log(
        `| ${LABEL[c]} | ${n} | ${per(a, "cpu")} | ${per(a, "wall")} | ${per(b, "cpu")} | ${per(b, "wall")} | ${ratio("cpu")} | ${ratio("wall")} |`,
      );
    }
  console.log(`\nload at the end: ${load()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

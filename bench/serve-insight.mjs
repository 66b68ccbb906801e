// Benchmark (not a test): jux serve's per-test routes and pages on a data set of RUNS runs × TESTS tests
// (default 200 × 2000), seeded through the submission route of the committed bundle (dist/cli/index.js) run on
// Node 24. Prints the seeding throughput; then, for each route, its first (cold) request and --requests requests
// alternated with a reference request in the same run (A B A B: `GET /api/v1/test_runs/{id}` for the JSON
// routes, the run list page `GET /` for the pages and the badge): p50/p99 (ms) of both, the ratio of the p50s,
// the server's CPU time (user+system of all its threads) per request and the series' wall time; then the cold
// test summary (the first `GET /api/v1/tests` after one more run is stored, --cold times); then the server's peak
// RSS (VmHWM). Linux only (reads /proc/PID of the server).
// Usage: node bench/serve-insight.mjs [--runs 200] [--tests 2000] [--requests 200] [--cold 10] [--keep FILE]
// (the cold step stores --cold more runs: a database kept with --keep grows by that much each time).
import { spawn, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: opt } = parseArgs({
  options: {
    runs: { type: "string", default: "200" },
    tests: { type: "string", default: "2000" },
    requests: { type: "string", default: "200" },
    cold: { type: "string", default: "10" },
    keep: { type: "string" },
  },
});
const RUNS = Number(opt.runs);
const TESTS = Number(opt.tests);
const REQUESTS = Number(opt.requests);
const COLD = Number(opt.cold);

// A deterministic pseudo-random sequence (mulberry32), so that two runs of the bench seed the same data.
let seed = 12;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

// Run i: branch main for 3 of 4 runs (else a feature branch), workflow run i/2 (two matrix legs of one job, each
// with half the tests), 1% failing tests, 0.5% flaky (a Surefire flakyFailure), 2% skipped.
function report(i) {
  const leg = i % 2;
  const workflow = Math.floor(i / 2);
  const branch = workflow % 4 === 3 ? `feature/${workflow}` : "main";
  let cases = "";
  let failures = 0;
  let skipped = 0;
  for (let t = leg; t < TESTS * 2; t += 2) {
    if (t >= TESTS * 2) break;
    const r = random();
    const name = `test_${t % TESTS}_${Math.floor(t / TESTS)}`;
    const attrs = `classname="bench.module_${t % 40}" name="${name}" time="${(random() * 2).toFixed(3)}" file="src/module_${t % 40}.py" line="${10 + (t % 300)}"`;
    let body = "";
    if (r < 0.01) {
      failures++;
      body = `<failure message="AssertionError: expected ${t}" type="AssertionError">Traceback\nsrc/module_${t % 40}.py:${t % 300}: AssertionError</failure>`;
    } else if (r < 0.015) body = `<flakyFailure message="timeout" type="TimeoutError"/>`;
    else if (r < 0.035) {
      skipped++;
      body = "<skipped/>";
    }
    cases += `<testcase ${attrs}>${body}</testcase>\n`;
  }
  const n = TESTS;
  const props = [
    ["project", "bench"],
    ["git:branch", branch],
    ["git:commit", createHash("sha1").update(String(workflow)).digest("hex")],
    ["env:GITHUB_REPOSITORY", "acme/bench"],
    ["env:GITHUB_RUN_ID", String(1000 + workflow)],
    ["env:GITHUB_RUN_ATTEMPT", "1"],
    ["env:GITHUB_JOB", "test"],
    ["leg", String(leg)],
  ]
    .map(([k, v]) => `<property name="${k}" value="${v}"/>`)
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n<testsuite name="bench" tests="${n}" failures="${failures}" errors="0" skipped="${skipped}">\n` +
    `<properties>${props}</properties>\n${cases}</testsuite>\n</testsuites>\n`
  );
}

async function startJux(node, database) {
  const child = spawn(
    node,
    [join(ROOT, "dist/cli/index.js"), "serve", "--port", "0", "--database", database],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stderr.resume();
  const url = await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`jux serve exited (${code}) before listening:\n${out}`)));
  });
  return { child, url };
}

// The server's CPU time in ns, user+system of all its threads (main, ingest worker, libuv and V8 helpers): the sum
// of the first field of /proc/PID/task/TID/schedstat (nanoseconds); where the kernel has no schedstat, utime+stime
// of /proc/PID/stat (clock ticks, 1/100 s here, too coarse for one request but fine summed over a series).
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
function statNs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1e9) / CLK_TCK; // utime, stime (fields 14 and 15)
}
function schedNs(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ns;
}
let cpuNs = schedNs;
const memory = (pid, field) =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) /
  1024;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (ns) => ns / 1e6;

/** One request read to its end: its wall time and the server's CPU time meanwhile (ms). */
async function once(url, pid, path) {
  const c = cpuNs(pid);
  const t = performance.now();
  const res = await fetch(url + path);
  const body = await res.arrayBuffer();
  const wall = performance.now() - t;
  return { wall, cpu: ms(cpuNs(pid) - c), status: res.status, bytes: body.byteLength };
}

function figures(samples) {
  const walls = samples.map((s) => s.wall).sort((a, b) => a - b);
  const cpu = samples.reduce((n, s) => n + s.cpu, 0);
  const wall = samples.reduce((n, s) => n + s.wall, 0);
  return {
    p50: quantile(walls, 0.5),
    p99: quantile(walls, 0.99),
    max: walls[walls.length - 1],
    cpuPerRequest: cpu / samples.length,
    wallPerRequest: wall / samples.length,
  };
}

/** A route's first request, then REQUESTS of it alternated with its reference (A B A B). */
async function series(url, pid, path, reference) {
  const first = await once(url, pid, path);
  await once(url, pid, reference);
  const a = [];
  const b = [];
  const stat = statNs(pid);
  const t = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    a.push(await once(url, pid, path));
    b.push(await once(url, pid, reference));
  }
  return {
    first,
    status: a.at(-1).status,
    bytes: a.at(-1).bytes,
    route: figures(a),
    ref: figures(b),
    wall: (performance.now() - t) / 1000,
    statCpu: (statNs(pid) - stat) / 1e9,
  };
}

const f1 = (n) => n.toFixed(1);
const f2 = (n) => n.toFixed(2);

const node = execFileSync("bash", [join(ROOT, "scripts/node24.sh")], { encoding: "utf8" }).trim();
// --keep FILE: seed FILE once and reuse it on later runs (the figures then skip the seeding).
const dir = mkdtempSync(join(tmpdir(), "jux-bench-insight-"));
const database = opt.keep ?? join(dir, "bench.sqlite");
const seeded = opt.keep !== undefined && existsSync(opt.keep);
const benchStart = performance.now();
const { child, url } = await startJux(node, database);
const pid = child.pid;
if (schedNs(pid) === 0) cpuNs = statNs;
try {
  const serverNode = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  console.log(
    `jux serve on Node ${serverNode} (dist/cli/index.js), client on Node ${process.version}; ${cpus().length} CPUs ` +
      `(${cpus()[0]?.model.trim()}); server CPU from ${cpuNs === schedNs ? "/proc/PID/task/*/schedstat (ns)" : `/proc/PID/stat (1/${CLK_TCK} s ticks)`}`,
  );
  const seedStart = performance.now();
  const seedCpu = cpuNs(pid);
  let seedBytes = 0;
  for (let i = 0; i < (seeded ? 0 : RUNS); i++) {
    const body = report(i);
    seedBytes += Buffer.byteLength(body);
    const res = await fetch(`${url}/api/v1/junit/submit`, {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body,
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`run ${i}: ${res.status} ${text}`);
  }
  const seedMs = performance.now() - seedStart;
  if (!seeded) {
    const s = seedMs / 1000;
    console.log(
      `seeded ${RUNS} runs × ${TESTS} tests (${RUNS * TESTS} per-test rows, ${f1(seedBytes / 1024 ** 2)} MiB of XML) ` +
        `from one client in ${f1(s)} s: ${f1(RUNS / s)} runs/s, ${((RUNS * TESTS) / s).toFixed(0)} tests/s, ` +
        `${f2(seedBytes / 1024 ** 2 / s)} MiB/s, ${(seedMs / RUNS).toFixed(0)} ms a run; server CPU ` +
        `${f1((cpuNs(pid) - seedCpu) / 1e9)} s (${(ms(cpuNs(pid) - seedCpu) / RUNS).toFixed(0)} ms a run); ` +
        `database ${(statSync(database).size / 1024 ** 2).toFixed(0)} MiB (+ WAL); peak RSS so far ` +
        `${memory(pid, "VmHWM").toFixed(0)} MiB`,
    );
  } else console.log(`reusing the database ${database} (no seeding)`);
  // A test's key from a run's tests (not from /tests, whose summary would then be cached before it is timed).
  const runs = await (await fetch(`${url}/api/v1/test_runs?project=bench&per_page=1`)).json();
  const head = runs.test_runs[0].id;
  const key = (await (await fetch(`${url}/api/v1/test_runs/${head}/tests?per_page=1`)).json()).tests[0].key;
  const JSON_REF = `/api/v1/test_runs/${head}`;
  const PAGE_REF = "/";
  const routes = [
    ["GET /api/v1/test_runs/{id} (reference itself)", JSON_REF, JSON_REF],
    ["GET /api/v1/tests (name, window 30)", "/api/v1/tests?project=bench", JSON_REF],
    ["GET /api/v1/tests (flaky, main)", "/api/v1/tests?project=bench&branch=main&sort=flaky", JSON_REF],
    [
      "GET /api/v1/tests (failing, window 200)",
      "/api/v1/tests?project=bench&window=200&sort=failing",
      JSON_REF,
    ],
    ["GET /api/v1/tests/{key}/history", `/api/v1/tests/${key}/history?project=bench&limit=100`, JSON_REF],
    ["GET /api/v1/test_runs/{id}/tests", `/api/v1/test_runs/${head}/tests?per_page=100`, JSON_REF],
    ["GET /api/v1/test_runs/{id}/compare?base=main", `/api/v1/test_runs/${head}/compare?base=main`, JSON_REF],
    ["GET /api/v1/baseline (2 legs joined)", "/api/v1/baseline?project=bench&branch=main&job=test", JSON_REF],
    ["page / (reference itself)", PAGE_REF, PAGE_REF],
    ["page /projects/bench", "/projects/bench", PAGE_REF],
    ["page /projects/bench?window=200", "/projects/bench?window=200", PAGE_REF],
    ["page /tests/{key}", `/tests/${key}`, PAGE_REF],
    ["page /runs/{id}", `/runs/${head}`, PAGE_REF],
    ["page /runs/{id}?base=main", `/runs/${head}?base=main`, PAGE_REF],
    ["badge /badge/bench.svg?branch=main", "/badge/bench.svg?branch=main", PAGE_REF],
  ];
  console.log(
    `\nEach route: its first request (cold: a test list's summary is computed, later ones read it from the cache ` +
      `until the next run is stored), then ${REQUESTS} requests alternated with its reference (A B A B) — ` +
      `GET /api/v1/test_runs/{id} for JSON, the run list page GET / for pages and the badge. ratio = p50 / ` +
      `reference p50; CPU = the server's user+system time per request; wall = the series (both routes) in s, ` +
      `with the server's CPU over it from /proc/PID/stat; peak RSS = the server's VmHWM after the series.\n`,
  );
  console.log(
    "| route | status | KiB | first ms | p50 ms | p99 ms | ref p50 ms | ref p99 ms | ratio | CPU ms/req | ref CPU ms/req | series wall s | series CPU s | peak RSS MiB |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const [name, path, reference] of routes) {
    const r = await series(url, pid, path, reference);
    console.log(
      `| ${name} | ${r.status} | ${f1(r.bytes / 1024)} | ${f1(r.first.wall)} | ${f2(r.route.p50)} | ${f2(r.route.p99)} | ` +
        `${f2(r.ref.p50)} | ${f2(r.ref.p99)} | ${f2(r.route.p50 / r.ref.p50)} | ${f2(r.route.cpuPerRequest)} | ` +
        `${f2(r.ref.cpuPerRequest)} | ${f2(r.wall)} | ${f2(r.statCpu)} | ${memory(pid, "VmHWM").toFixed(0)} |`,
    );
  }

  // Cold: after each of COLD more runs is stored, the first GET /api/v1/tests (window 30, then window 200), each
  // followed by the JSON reference.
  const cold = { w30: [], w200: [], ref: [], store: [] };
  for (let k = 0; k < COLD; k++) {
    const t = performance.now();
    const res = await fetch(`${url}/api/v1/junit/submit`, {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body: report(RUNS + k),
    });
    await res.text();
    if (res.status !== 201) throw new Error(`cold run ${k}: ${res.status}`);
    cold.store.push(performance.now() - t);
    cold.w30.push(await once(url, pid, "/api/v1/tests?project=bench"));
    cold.ref.push(await once(url, pid, JSON_REF));
    cold.w200.push(await once(url, pid, "/api/v1/tests?project=bench&window=200&sort=failing"));
    cold.ref.push(await once(url, pid, JSON_REF));
  }
  const ref = figures(cold.ref);
  console.log(
    `\nCold test summary: the first request after one more run is stored (${COLD} times, each followed by the ` +
      `reference GET /api/v1/test_runs/{id}):\n`,
  );
  console.log("| route | p50 ms | max ms | ratio to ref p50 | CPU ms/req |");
  console.log("|---|---|---|---|---|");
  for (const [name, samples] of [
    ["GET /api/v1/tests (window 30), cold", cold.w30],
    ["GET /api/v1/tests (failing, window 200), cold", cold.w200],
  ]) {
    const f = figures(samples);
    console.log(
      `| ${name} | ${f1(f.p50)} | ${f1(f.max)} | ${f1(f.p50 / ref.p50)} | ${f1(f.cpuPerRequest)} |`,
    );
  }
  console.log(
    `| reference GET /api/v1/test_runs/{id} | ${f2(ref.p50)} | ${f2(ref.max)} | 1 | ${f2(ref.cpuPerRequest)} |`,
  );
  const store = [...cold.store].sort((a, b) => a - b);
  console.log(`(storing each of those runs: p50 ${f1(quantile(store, 0.5))} ms)`);

  console.log(
    `\njux serve peak RSS (VmHWM, seeding included): ${memory(pid, "VmHWM").toFixed(0)} MiB; RSS now ` +
      `${memory(pid, "VmRSS").toFixed(0)} MiB; server CPU in all ${f1(statNs(pid) / 1e9)} s; bench wall ` +
      `${f1((performance.now() - benchStart) / 1000)} s`,
  );
} finally {
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}

// Benchmark (not a test): jux serve's per-test routes and pages on a data set of RUNS runs × TESTS tests
// (default 200 × 2000), seeded through the submission route of the committed bundle run on Node 24. Prints the
// seeding time, then p50/p99 (ms) of each query route and page over --requests sequential requests.
// Usage: node bench/serve-insight.mjs [--runs 200] [--tests 2000] [--requests 200]
import { spawn, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
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
    keep: { type: "string" },
  },
});
const RUNS = Number(opt.runs);
const TESTS = Number(opt.tests);
const REQUESTS = Number(opt.requests);

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

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function time(url, path) {
  const latencies = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    const res = await fetch(url + path);
    const body = await res.arrayBuffer();
    latencies.push(performance.now() - t);
    status = res.status;
    bytes = body.byteLength;
  }
  const first = latencies[0];
  latencies.sort((a, b) => a - b);
  return { status, bytes, first, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

const node = execFileSync("bash", [join(ROOT, "scripts/node24.sh")], { encoding: "utf8" }).trim();
// --keep FILE: seed FILE once and reuse it on later runs (the figures then skip the seeding).
const dir = mkdtempSync(join(tmpdir(), "jux-bench-insight-"));
const database = opt.keep ?? join(dir, "bench.sqlite");
const seeded = opt.keep !== undefined && existsSync(opt.keep);
const { child, url } = await startJux(node, database);
try {
  const ids = [];
  const seedStart = performance.now();
  for (let i = 0; i < (seeded ? 0 : RUNS); i++) {
    const res = await fetch(`${url}/api/v1/junit/submit`, {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body: report(i),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`run ${i}: ${res.status} ${text}`);
    ids.push(JSON.parse(text).test_run_id);
  }
  const seedMs = performance.now() - seedStart;
  if (!seeded)
    console.log(
      `jux serve (${execFileSync(node, ["--version"], { encoding: "utf8" }).trim()}): seeded ${RUNS} runs × ${TESTS} tests ` +
        `(${RUNS * TESTS} per-test rows) in ${(seedMs / 1000).toFixed(1)} s (${(seedMs / RUNS).toFixed(0)} ms a run); ` +
        `database ${(statSync(database).size / 1024 ** 2).toFixed(0)} MiB (+ WAL)`,
    );
  // A test's key from a run's tests (not from /tests, whose summary would then be cached before it is timed).
  const runs = await (await fetch(`${url}/api/v1/test_runs?project=bench&per_page=1`)).json();
  const head = runs.test_runs[0].id;
  const key = (await (await fetch(`${url}/api/v1/test_runs/${head}/tests?per_page=1`)).json()).tests[0].key;
  const routes = [
    ["GET /api/v1/tests (name, window 30)", "/api/v1/tests?project=bench"],
    ["GET /api/v1/tests (flaky, main)", "/api/v1/tests?project=bench&branch=main&sort=flaky"],
    ["GET /api/v1/tests (window 200)", "/api/v1/tests?project=bench&window=200&sort=failing"],
    ["GET /api/v1/tests/{key}/history", `/api/v1/tests/${key}/history?project=bench&limit=100`],
    ["GET /api/v1/test_runs/{id}/tests", `/api/v1/test_runs/${head}/tests?per_page=100`],
    ["GET /api/v1/test_runs/{id}/compare?base=main", `/api/v1/test_runs/${head}/compare?base=main`],
    ["GET /api/v1/baseline (2 legs joined)", "/api/v1/baseline?project=bench&branch=main&job=test"],
    ["GET /api/v1/test_runs/{id}", `/api/v1/test_runs/${head}`],
    ["page /projects/bench", "/projects/bench"],
    ["page /tests/{key}", `/tests/${key}`],
    ["page /runs/{id}", `/runs/${head}`],
    ["badge /badge/bench.svg?branch=main", "/badge/bench.svg?branch=main"],
  ];
  console.log(`\n${REQUESTS} sequential requests each\n`);
  // first: the route's first request (a test list's summary is then computed; later ones read it from the cache
  // until the next run is stored).
  console.log("| route | status | bytes | first ms | p50 ms | p99 ms |");
  console.log("|---|---|---|---|---|---|");
  for (const [name, path] of routes) {
    const r = await time(url, path);
    console.log(
      `| ${name} | ${r.status} | ${r.bytes} | ${r.first.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`,
    );
  }
} finally {
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}

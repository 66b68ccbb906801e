// Benchmark (not a test): how `jux serve` answers queries while it ingests one 100 000-testcase report (~10 MB).
// Starts dist/cli/index.js serve on Node 24, submits the report while polling GET /api/v1/test_runs every 20 ms,
// and prints the query latencies during the ingest (p50/p99/max), the ingest wall time and the server's peak RSS
// (VmHWM of /proc/PID/status, main thread and worker together). With --old FILE.js, runs that CLI bundle too,
// alternated A B A B. Then it reads the run back as a browser and a client would (GET /runs/{id}, GET
// /test_suites/{first}/test_cases) and prints their sizes and the peak RSS after them.
// Usage: node bench/serve-ingest.mjs [--cases 100000] [--per-suite 1000] [--rounds 2] [--old /tmp/old-cli.js]
//
// Figures (2 shared cores, Node 24, 10.3 MB report, one suite of 100 000 cases, A B A B; approximate): new: ingest
// 1.1-1.2 s, 49-51 queries answered meanwhile, p50 1.7 ms, max 21-52 ms, peak RSS 167 MB (also after the reads),
// run page 95 KB, test_cases 3 KB. Old (88745b5): ingest 1.1 s during which one query waits 1.06-1.09 s, peak RSS
// 195 MB while ingesting and 355 MB after the reads, run page 897 KB, test_cases 16 MB.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: opt } = parseArgs({
  options: {
    cases: { type: "string", default: "100000" },
    "per-suite": { type: "string", default: "1000" },
    rounds: { type: "string", default: "2" },
    old: { type: "string" },
  },
});
const CASES = Number(opt.cases);
const ROUNDS = Number(opt.rounds);
const PER_SUITE = Number(opt["per-suite"]);

/** A JUnit report of `cases` testcases in suites of `perSuite`, every 20th failing; `seed` makes it distinct. */
export function bigReport(cases, perSuite, seed = 0) {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">\n`];
  for (let s = 0; s * perSuite < cases; s++) {
    const n = Math.min(perSuite, cases - s * perSuite);
    const failing = Math.floor((n + 19) / 20);
    parts.push(`<testsuite name="suite_${s}" tests="${n}" failures="${failing}" errors="0" skipped="0">\n`);
    if (s === 0) parts.push(`<properties><property name="project" value="bench-${seed}"/></properties>\n`);
    for (let i = 0; i < n; i++) {
      const head = `<testcase classname="tests.bench.module_${i % 50}.TestGroup" name="test_case_${s}_${i}[param-${i % 7}]" time="0.001"`;
      parts.push(
        i % 20 === 0
          ? `${head}><failure message="expected ${i}" type="AssertionError">assert ${i} == ${i + 1}</failure></testcase>\n`
          : `${head}/>\n`,
      );
    }
    parts.push("</testsuite>\n");
  }
  parts.push("</testsuites>\n");
  return Buffer.from(parts.join(""));
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function startServe(cli) {
  const dir = mkdtempSync(join(tmpdir(), "jux-bench-ingest-"));
  const node = execFileSync("bash", [join(ROOT, "scripts/node24.sh")])
    .toString()
    .trim();
  const child = spawn(node, [cli, "serve", "--port", "0", "--database", join(dir, "db.sqlite")], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.setEncoding("utf8").on("data", (s) => (err = (err + s).slice(-4000)));
  const url = await new Promise((ok, fail) => {
    child.stdout.setEncoding("utf8").on("data", (s) => {
      out += s;
      const m = /listening on (http:\/\/\S+?)\/api\/v1/.exec(out);
      if (m) ok(m[1]);
    });
    child.on("exit", (code) => fail(new Error(`jux serve exited (${code}): ${out}${err}`)));
  });
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, pid: child.pid, stop };
}

function peakRssMb(pid) {
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
  return kb / 1024;
}

/** One submission of `body` while GET /api/v1/test_runs is polled every 20 ms (one query at a time). */
async function measure(cli, body) {
  const server = await startServe(cli);
  try {
    const latencies = [];
    let ingesting = true;
    const poll = (async () => {
      while (ingesting) {
        const t = performance.now();
        await (await fetch(`${server.url}/api/v1/test_runs`)).arrayBuffer();
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t = performance.now();
    const reply = await fetch(`${server.url}/api/v1/junit/submit`, {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body,
    });
    const wall = performance.now() - t;
    ingesting = false;
    await poll;
    if (reply.status !== 201) throw new Error(`submission answered ${reply.status}`);
    const sorted = latencies.sort((a, b) => a - b);
    const rss = peakRssMb(server.pid);
    const { test_run_id: id } = await reply.json();
    const size = async (path) =>
      (await (await fetch(`${server.url}${path}`)).arrayBuffer()).byteLength / 1024;
    const suite = (await (await fetch(`${server.url}/api/v1/test_runs/${id}/test_suites`)).json())
      .test_suites[0].id;
    return {
      pageKb: await size(`/runs/${id}`),
      casesKb: await size(`/api/v1/test_suites/${suite}/test_cases`),
      rssAfterReads: peakRssMb(server.pid),
      wall,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      max: sorted.at(-1),
      n: sorted.length,
      rss,
    };
  } finally {
    await server.stop();
  }
}

// A copy of dist/cli, so that a rebuild of dist/ during the run changes nothing.
const copy = mkdtempSync(join(tmpdir(), "jux-bench-dist-"));
cpSync(join(ROOT, "dist/cli"), copy, { recursive: true });
process.on("exit", () => rmSync(copy, { recursive: true, force: true }));
const variants = [["new", join(copy, "index.js")], ...(opt.old ? [["old", opt.old]] : [])];
const body = bigReport(CASES, PER_SUITE);
console.log(
  `report: ${CASES} testcases in suites of ${PER_SUITE}, ${(body.length / 1024 / 1024).toFixed(1)} MB; figures approximate (shared machine)`,
);
console.log(
  "variant  round  ingest_s  queries  p50_ms  p99_ms  max_ms  peak_rss_mb  run_page_kb  cases_kb  rss_after_reads",
);
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, cli] of variants) {
    const r = await measure(cli, body);
    const f = (x) => x.toFixed(1).padStart(7);
    console.log(
      `${name.padEnd(8)} ${String(round).padStart(5)} ${(r.wall / 1000).toFixed(2).padStart(9)} ${String(r.n).padStart(8)} ${f(r.p50)} ${f(r.p99)} ${f(r.max)} ${r.rss.toFixed(0).padStart(12)} ${r.pageKb.toFixed(0).padStart(12)} ${r.casesKb.toFixed(0).padStart(9)} ${r.rssAfterReads.toFixed(0).padStart(16)}`,
    );
  }
}

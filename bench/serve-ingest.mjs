// Benchmark (not a test): how `jux serve` answers queries while it ingests one 100 000-testcase report (~10 MB).
// Starts dist/cli/index.js serve on Node 24, submits the report while polling GET /api/v1/test_runs every 20 ms,
// and prints the query latencies during the ingest (p50/p99/max), the ingest wall time and the server's peak RSS
// (VmHWM of /proc/PID/status, main thread and worker together). With --old FILE.js, runs that CLI bundle too,
// alternated A B A B. Usage: node bench/serve-ingest.mjs [--cases 100000] [--rounds 2] [--old /tmp/old-cli.js]
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
    rounds: { type: "string", default: "2" },
    old: { type: "string" },
  },
});
const CASES = Number(opt.cases);
const ROUNDS = Number(opt.rounds);

/** A JUnit report of `cases` testcases in suites of 1 000, every 20th failing; `seed` makes it distinct. */
export function bigReport(cases, seed = 0) {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">\n`];
  for (let s = 0; s * 1000 < cases; s++) {
    const n = Math.min(1000, cases - s * 1000);
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
    await reply.arrayBuffer();
    const wall = performance.now() - t;
    ingesting = false;
    await poll;
    if (reply.status !== 201) throw new Error(`submission answered ${reply.status}`);
    const sorted = latencies.sort((a, b) => a - b);
    return {
      wall,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      max: sorted.at(-1),
      n: sorted.length,
      rss: peakRssMb(server.pid),
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
const body = bigReport(CASES);
console.log(
  `report: ${CASES} testcases, ${(body.length / 1024 / 1024).toFixed(1)} MB; figures approximate (shared machine)`,
);
console.log("variant  round  ingest_s  queries  p50_ms  p99_ms  max_ms  peak_rss_mb");
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, cli] of variants) {
    const r = await measure(cli, body);
    const f = (x) => x.toFixed(1).padStart(7);
    console.log(
      `${name.padEnd(8)} ${String(round).padStart(5)} ${(r.wall / 1000).toFixed(2).padStart(9)} ${String(r.n).padStart(8)} ${f(r.p50)} ${f(r.p99)} ${f(r.max)} ${r.rss.toFixed(0).padStart(12)}`,
    );
  }
}

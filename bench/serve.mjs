// Benchmark (not a test): submission throughput and latency of `jux serve` (dist/cli/index.js, run on Node 24),
// against a trivial Node http server in this process as the same-run reference, then a quick query benchmark.
// Usage: node bench/serve.mjs [--reports 1000] [--size-kb 20] [--clients 8]
import { spawn, execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: opt } = parseArgs({
  options: {
    reports: { type: "string", default: "1000" },
    "size-kb": { type: "string", default: "20" },
    clients: { type: "string", default: "8" },
  },
});
const REPORTS = Number(opt.reports);
const SIZE_KB = Number(opt["size-kb"]);
const CLIENTS = Number(opt.clients);
const CASES = 40;

// One distinct JUnit XML report: 40 testcases, every 7th failing, each with `lines` lines of captured output.
function report(index, lines) {
  const out = `INFO  worker ${index} handled request &lt;ok&gt; in 12 ms\n`.repeat(lines);
  let cases = "";
  for (let i = 0; i < CASES; i++) {
    const failure =
      i % 7 === 3
        ? `<failure message="AssertionError: expected ${i} == ${i + 1}" type="AssertionError">assert ${i} == ${i + 1}</failure>`
        : "";
    cases += `<testcase classname="bench.module_${i % 5}" name="test_case_${i}_report_${index}" time="0.${i}">${failure}<system-out>${out}</system-out></testcase>\n`;
  }
  const failures = Math.floor((CASES + 3) / 7);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench" tests="${CASES}" failures="${failures}">\n` +
    `<testsuite name="bench-suite-${index}" tests="${CASES}" failures="${failures}" errors="0" skipped="0" time="1.5" timestamp="2024-01-01T00:00:00">\n` +
    `<properties><property name="project" value="bench"/><property name="git:branch" value="main"/></properties>\n` +
    `${cases}</testsuite>\n</testsuites>\n`
  );
}

// Output lines per testcase that bring a report to about sizeKb KiB.
function linesFor(sizeKb) {
  const base = report(0, 0).length;
  const perLine = (report(0, 1).length - base) / CASES;
  return Math.max(0, Math.round((sizeKb * 1024 - base) / CASES / perLine));
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (x) => x.toFixed(1);

// Sends every body once, from `clients` concurrent loops; returns wall time, sorted latencies and failures.
async function submitAll(url, bodies, clients) {
  const latencies = [];
  const ids = [];
  let next = 0;
  let bad = 0;
  let firstError;
  const client = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const t = performance.now();
      const res = await globalThis.fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/xml" },
        body,
      });
      const text = await res.text();
      latencies.push(performance.now() - t);
      if (res.status !== 201) {
        bad++;
        firstError ??= `${res.status} ${text}`;
      } else ids.push(JSON.parse(text).test_run_id); // the trivial server answers {}: ids unused there
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const wall = performance.now() - t0;
  return { wall, latencies: latencies.sort((a, b) => a - b), bad, firstError, ids };
}

async function timeGets(urls) {
  const latencies = [];
  for (const url of urls) {
    const t = performance.now();
    const res = await globalThis.fetch(url);
    await res.text();
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    latencies.push(performance.now() - t);
  }
  return latencies.sort((a, b) => a - b);
}

async function startJux(node, database) {
  const child = spawn(
    node,
    [join(ROOT, "dist/cli/index.js"), "serve", "--port", "0", "--database", database],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stderr.on("data", (d) => (log = (log + d).slice(-4000))); // one line per request: keep the tail only
  let out = "";
  const url = await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`jux serve exited (${code}) before listening:\n${out}${log}`)),
    );
  });
  return { child, url, log: () => log };
}

function row(name, reports, sizeKib, r) {
  const rate = (reports / r.wall) * 1000;
  const l = r.latencies;
  console.log(
    `| ${name} | ${reports} | ${sizeKib} | ${CLIENTS} | ${ms(r.wall)} | ${rate.toFixed(0)} | ` +
      `${ms(quantile(l, 0.5))} | ${ms(quantile(l, 0.9))} | ${ms(quantile(l, 0.99))} | ${ms(l[l.length - 1])} | ${r.bad} |`,
  );
  if (r.firstError) console.log(`\nFirst error (${name}): ${r.firstError.slice(0, 2000)}\n`);
  return rate;
}

const started = performance.now();
const lines = linesFor(SIZE_KB);
const bodies = Array.from({ length: REPORTS }, (_, i) => report(i, lines));
const avgKib = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / bodies.length / 1024;
const node = execFileSync("bash", [join(ROOT, "scripts/node24.sh")], { encoding: "utf8" }).trim();
const nodeVersion = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
const dir = mkdtempSync(join(tmpdir(), "jux-bench-serve-"));

// Reference: a trivial server in this process that reads the body and answers 201 {}.
const trivial = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(201, { "Content-Type": "application/json" }).end("{}"));
});
trivial.listen(0, "127.0.0.1");
await once(trivial, "listening");
const reference = await submitAll(`http://127.0.0.1:${trivial.address().port}/junit/submit`, bodies, CLIENTS);
trivial.close();

let jux;
try {
  jux = await startJux(node, join(dir, "bench.sqlite"));
  const submitted = await submitAll(`${jux.url}/junit/submit`, bodies, CLIENTS);
  const list = await timeGets(Array.from({ length: 200 }, () => `${jux.url}/test_runs?per_page=100`));
  const one = submitted.ids.length
    ? await timeGets(
        Array.from(
          { length: 200 },
          (_, i) => `${jux.url}/test_runs/${submitted.ids[i % submitted.ids.length]}`,
        ),
      )
    : [];
  const hwm = /VmHWM:\s*(\d+) kB/.exec(readFileSync(`/proc/${jux.child.pid}/status`, "utf8"))?.[1];

  console.log(
    `\n## jux serve submissions (server on Node ${nodeVersion}, client and trivial server on Node ${process.version})\n`,
  );
  console.log(
    "| server | reports | size (KiB) | clients | wall (ms) | submissions/s | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | non-201 |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const juxRate = row("jux serve", REPORTS, avgKib.toFixed(1), submitted);
  const refRate = row("trivial node:http (same process)", REPORTS, avgKib.toFixed(1), reference);
  console.log(`\nRatio jux serve ÷ trivial server: ${(juxRate / refRate).toFixed(3)}`);
  console.log(`jux serve peak RSS (VmHWM): ${hwm ? (hwm / 1024).toFixed(1) + " MiB" : "unknown"}`);

  console.log(`\n## Queries (200 sequential requests each, ${submitted.ids.length} runs stored)\n`);
  console.log("| request | p50 (ms) | p99 (ms) |\n|---|---:|---:|");
  console.log(`| GET /test_runs?per_page=100 | ${ms(quantile(list, 0.5))} | ${ms(quantile(list, 0.99))} |`);
  if (one.length)
    console.log(`| GET /test_runs/<id> | ${ms(quantile(one, 0.5))} | ${ms(quantile(one, 0.99))} |`);
  if (submitted.bad) console.log(`\njux serve log (tail):\n${jux.log()}`);
} finally {
  if (jux && jux.child.exitCode === null) {
    jux.child.kill("SIGTERM");
    await once(jux.child, "exit");
  }
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nTotal run time: ${((performance.now() - started) / 1000).toFixed(1)} s`);

// Benchmark (not a test): `jux serve` on its two backends, as users run it (dist/cli/index.js on Node 24; run
// `npm run bundle` first), against a trivial node:http server in this process as the same-run reference.
//  1. Submissions: --reports distinct reports (unsigned, as bench/serve.mjs sends them) from --clients concurrent
//     clients to (a) SQLite, one jux serve; (b) PostgreSQL, one jux serve; (c) PostgreSQL, two jux serve
//     processes behind a round-robin loopback proxy in this process; (t) the trivial server; (p) the trivial
//     server through the same proxy (its cost). --rounds rounds in turn (t p a b c t p a b c: each round new
//     reports). Submissions/s, latency p50/p99, CPU of the jux serve
//     processes and of the cluster's postgres processes (/proc/PID/stat), ratios to (t) and to (a).
//  2. Queries: GET /api/v1/test_runs?project=, /api/v1/tests?project=, /api/v1/tests/{key}/history and
//     /api/v1/test_runs/{id}/tests on what step 1 stored, --requests each, alternated t p a b c per request.
//  3. Moving data: --runs runs seeded into SQLite through the route, then `jux serve export` and
//     `jux serve import --on-conflict skip` on both backends (wall, CPU, peak RSS), against copying the SQLite
//     file and the seeding itself; then `jux serve migrate` SQLite -> PostgreSQL and back where the bundle has it.
// PostgreSQL: a throwaway cluster (scripts/postgres.mjs) unless JUX_BENCH_POSTGRES_URL names an admin URL (its
// databases jux_bench_<pid>_* are created and dropped; its password is never printed nor put in a process list;
// the server's CPU is then not measured). Linux only (/proc).
// Usage: node bench/serve-backends.mjs [--reports 500] [--rounds 2] [--clients 16] [--size-kb 20]
//          [--requests 100] [--runs 2000] [--skip submit,query,transfer,migrate]
// (--skip transfer still seeds --runs runs when migrate is not skipped: the migration copies them.)
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { Agent, createServer, request } from "node:http";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { startCluster, stopCluster } from "../scripts/postgres.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: opt } = parseArgs({
  options: {
    reports: { type: "string", default: "500" },
    rounds: { type: "string", default: "2" },
    clients: { type: "string", default: "16" },
    "size-kb": { type: "string", default: "20" },
    requests: { type: "string", default: "100" },
    runs: { type: "string", default: "2000" },
    skip: { type: "string", default: "" },
  },
});
const REPORTS = Number(opt.reports);
const ROUNDS = Number(opt.rounds);
const CLIENTS = Number(opt.clients);
const REQUESTS = Number(opt.requests);
const RUNS = Number(opt.runs);
const SKIP = new Set(opt.skip.split(",").filter(Boolean));
const CASES = 40;
const MiB = 1024 * 1024;
const NODE24 = execFileSync("bash", [join(ROOT, "scripts/node24.sh")], { encoding: "utf8" }).trim();
const CLI = join(ROOT, "dist/cli/index.js");
/** The throwaway cluster's postmaster (its CPU and its children's are measured); undefined for an external one. */
let postmaster;
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

// Report i: 40 testcases with stable names (so a test has a history), every 7th failing (shifted by i), each
// with captured output bringing the report to about --size-kb; the suite's name makes each report distinct.
function report(i, lines) {
  const out = `INFO  worker ${i} handled request &lt;ok&gt; in 12 ms\n`.repeat(lines);
  let cases = "";
  let failures = 0;
  for (let c = 0; c < CASES; c++) {
    const fails = (c + i) % 7 === 3;
    if (fails) failures++;
    const failure = fails
      ? `<failure message="AssertionError: expected ${c} == ${c + 1}" type="AssertionError">assert ${c}</failure>`
      : "";
    cases += `<testcase classname="bench.module_${c % 5}" name="test_case_${c}" time="0.${c}">${failure}<system-out>${out}</system-out></testcase>\n`;
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench" tests="${CASES}" failures="${failures}">\n` +
    `<testsuite name="bench-suite-${i}" tests="${CASES}" failures="${failures}" errors="0" skipped="0" time="1.5">\n` +
    `<properties><property name="project" value="bench"/><property name="git:branch" value="main"/></properties>\n` +
    `${cases}</testsuite>\n</testsuites>\n`
  );
}
const linesFor = (kib) => {
  const base = report(0, 0).length;
  return Math.max(0, Math.round((kib * 1024 - base) / (report(0, 1).length - base)));
};
const LINES = linesFor(Number(opt["size-kb"]));

// CPU seconds: utime+stime of a process (all its threads: jux serve's ingest worker is a thread); for the
// postmaster, also its reaped children (cutime+cstime: backends that ended) plus its live children.
function ticks(pid, withChildren = false) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
  } catch {
    return 0; // the process ended
  }
}
function postgresTicks() {
  let n = ticks(postmaster, true);
  for (const child of readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, "utf8").split(" "))
    if (child.trim()) n += ticks(child.trim());
  return n;
}
/** CPU seconds so far of the throwaway cluster's processes; NaN for an external server. */
const postgresCpu = () => (postmaster ? postgresTicks() / CLK_TCK : NaN);
/** { jux, pg, client } CPU seconds so far of a configuration's processes (pg: NaN when not measurable). */
function cpuNow(config) {
  return {
    jux: config.pids.reduce((n, pid) => n + ticks(pid), 0) / CLK_TCK,
    pg: config.pg ? postgresCpu() : 0,
    client: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  };
}
const cpuSince = (a, b) => ({ jux: b.jux - a.jux, pg: b.pg - a.pg, client: b.client - a.client });

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : "–");
const f2 = (n) => (Number.isFinite(n) ? n.toFixed(2) : "–");
const redact = (url) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");

async function startJux(database) {
  const pgUrl = database.startsWith("postgres");
  // A PostgreSQL URL goes through the environment: a password must not show in the process list.
  const args = [CLI, "serve", "--port", "0", ...(pgUrl ? [] : ["--database", database])];
  const env = { ...process.env, JUX_SERVE_DATABASE: pgUrl ? database : "" };
  const child = spawn(NODE24, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => (log = (log + d).slice(-4000)));
  let out = "";
  const url = await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`jux serve exited (${code}) before listening:\n${out}${log}`)),
    );
  });
  return { child, url, log: () => log };
}

async function stopJux(server) {
  if (server.child.exitCode !== null) return;
  server.child.kill("SIGTERM");
  await once(server.child, "exit");
}

/** A round-robin reverse proxy on loopback: each request to the next upstream, over kept-alive connections. */
async function startProxy(upstreams) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(upstreams[next++ % upstreams.length]);
    const up = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      },
    );
    up.on("error", (e) => res.writeHead(502).end(String(e)));
    req.pipe(up);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => (server.close(), agent.destroy()) };
}

/** Reports bodyOf(0..count-1) POSTed once each from CLIENTS concurrent loops: wall ms, sorted latencies, failures. */
async function submitAll(url, count, bodyOf, clients = CLIENTS) {
  const latencies = [];
  let next = 0;
  let bad = 0;
  let firstError;
  const client = async () => {
    while (next < count) {
      const body = bodyOf(next++);
      const t = performance.now();
      const res = await fetch(`${url}/api/v1/junit/submit`, {
        method: "POST",
        headers: { "Content-Type": "application/xml" },
        body,
      });
      const text = await res.text();
      latencies.push(performance.now() - t);
      if (res.status !== 201) {
        bad++;
        firstError ??= `${res.status} ${text.slice(0, 500)}`;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  return { wall: performance.now() - t0, latencies: latencies.sort((a, b) => a - b), bad, firstError };
}

/** Runs `jux serve ARGS` under /usr/bin/time: wall s, CPU s (user+sys), postgres CPU s meanwhile, peak RSS MiB. */
async function timed(args, env = {}) {
  const pgStart = postgresCpu();
  const start = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "TIME %U %S %M", NODE24, CLI, "serve", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const [code] = await once(child, "close");
  const wall = (performance.now() - start) / 1000;
  const m = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(err);
  if (code !== 0 || !m) throw new Error(`jux serve ${args[0]} failed (${code}): ${redact(err + out)}`);
  return {
    wall,
    cpu: Number(m[1]) + Number(m[2]),
    pg: postgresCpu() - pgStart,
    rss: Number(m[3]) / 1024,
    out: (out + err).replace(m[0], "").trim(),
  };
}

/** One GET read to its end: wall ms and the CPU of the configuration's processes meanwhile. */
async function get(config, path) {
  const before = cpuNow(config);
  const t = performance.now();
  const res = await fetch(config.url + path);
  await res.arrayBuffer();
  const wall = performance.now() - t;
  if (res.status !== 200) throw new Error(`${config.name}: GET ${path}: ${res.status}`);
  return { wall, cpu: cpuSince(before, cpuNow(config)) };
}

function trivialServer() {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () =>
      res.writeHead(req.method === "POST" ? 201 : 200, { "Content-Type": "application/json" }).end("{}"),
    );
  });
  server.listen(0, "127.0.0.1");
  return once(server, "listening").then(() => ({
    key: "t",
    name: "trivial node:http (this process)",
    url: `http://127.0.0.1:${server.address().port}`,
    pids: [],
    pg: false,
    stop: async () => server.close(),
  }));
}

async function juxConfig(key, name, database, processes) {
  const servers = [];
  for (let i = 0; i < processes; i++) servers.push(await startJux(database)); // in turn: one migrates first
  const proxy = processes > 1 ? await startProxy(servers.map((s) => s.url)) : undefined;
  return {
    key,
    name,
    url: proxy?.url ?? servers[0].url,
    pids: servers.map((s) => s.child.pid),
    pg: database.startsWith("postgres"),
    servers,
    stop: async () => {
      proxy?.close();
      for (const s of servers) await stopJux(s);
    },
  };
}

const rate = (n, wallMs) => (n / wallMs) * 1000;

async function submissions(configs) {
  const rows = Object.fromEntries(configs.map((c) => [c.key, []]));
  console.log(
    `\n## Submissions: ${REPORTS} distinct reports (${f1(Buffer.byteLength(report(0, LINES)) / 1024)} KiB, ` +
      `${CASES} tests) per configuration and round, ${CLIENTS} clients, ${ROUNDS} rounds in turn (t p a b c, …) after ${Math.min(100, REPORTS)} unmeasured ones each\n`,
  );
  console.log(
    "| configuration | round | wall s | submissions/s | p50 ms | p99 ms | non-201 | jux CPU s | postgres CPU s | bench CPU s |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const warm = Math.min(100, REPORTS); // unmeasured: the JIT of both ends, the pools' connections
  for (const config of configs) await submitAll(config.url, warm, (i) => report(5e6 + i, LINES));
  for (let round = 0; round < ROUNDS; round++) {
    for (const config of configs) {
      const before = cpuNow(config);
      const r = await submitAll(config.url, REPORTS, (i) => report(round * REPORTS + i, LINES));
      const cpu = cpuSince(before, cpuNow(config));
      rows[config.key].push({ ...r, cpu });
      const l = r.latencies;
      console.log(
        `| ${config.key}: ${config.name} | ${round + 1} | ${f2(r.wall / 1000)} | ${f1(rate(REPORTS, r.wall))} | ` +
          `${f1(quantile(l, 0.5))} | ${f1(quantile(l, 0.99))} | ${r.bad} | ${f2(cpu.jux)} | ${f2(cpu.pg)} | ${f2(cpu.client)} |`,
      );
      if (r.firstError) console.log(`\nfirst error (${config.name}): ${r.firstError}\n`);
    }
  }
  const total = (key) => {
    const rs = rows[key];
    const wall = rs.reduce((n, r) => n + r.wall, 0);
    const lat = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const sum = (f) => rs.reduce((n, r) => n + f(r.cpu), 0);
    const n = REPORTS * rs.length;
    return {
      rate: rate(n, wall),
      p50: quantile(lat, 0.5),
      p99: quantile(lat, 0.99),
      n,
      ...{
        jux: (sum((c) => c.jux) / n) * 1000,
        pg: (sum((c) => c.pg) / n) * 1000,
        client: (sum((c) => c.client) / n) * 1000,
      },
    };
  };
  const t = total("t");
  const a = total("a");
  console.log("\nAll rounds together (CPU per submission in ms; ratios of submissions/s):\n");
  console.log(
    "| configuration | submissions/s | p50 ms | p99 ms | ÷ trivial | ÷ SQLite | jux CPU ms | postgres CPU ms | bench CPU ms |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const config of configs) {
    const x = total(config.key);
    console.log(
      `| ${config.key}: ${config.name} | ${f1(x.rate)} | ${f1(x.p50)} | ${f1(x.p99)} | ${f2(x.rate / t.rate)} | ` +
        `${f2(x.rate / a.rate)} | ${f2(x.jux)} | ${f2(x.pg)} | ${f2(x.client)} |`,
    );
  }
}

/** The newest run of project bench and one of its tests' keys, on a jux configuration. */
async function probe(config) {
  const runs = await (await fetch(`${config.url}/api/v1/test_runs?project=bench&per_page=1`)).json();
  const id = runs.test_runs[0].id;
  const tests = await (await fetch(`${config.url}/api/v1/test_runs/${id}/tests?per_page=1`)).json();
  return { id, key: tests.tests[0].key };
}

async function queries(configs) {
  const at = {};
  for (const c of configs) at[c.key] = c.pids.length ? await probe(c) : { id: "x", key: "x" };
  const routes = [
    ["GET /api/v1/test_runs?project=bench", () => "/api/v1/test_runs?project=bench"],
    ["GET /api/v1/tests?project=bench", () => "/api/v1/tests?project=bench"],
    ["GET /api/v1/tests/{key}/history", (p) => `/api/v1/tests/${p.key}/history?project=bench`],
    ["GET /api/v1/test_runs/{id}/tests", (p) => `/api/v1/test_runs/${p.id}/tests`],
  ];
  console.log(
    `\n## Queries on the runs stored above: ${REQUESTS} requests per route and configuration, one at a time, ` +
      "alternated t p a b c per request (after 2 unmeasured requests each: a test summary is computed once per " +
      "process, then cached until the next run). CPU per request in ms; ratios of p50.\n",
  );
  console.log(
    "| route | configuration | p50 ms | p99 ms | ÷ trivial | ÷ SQLite | jux CPU ms | postgres CPU ms |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|---:|");
  for (const [name, pathOf] of routes) {
    const samples = Object.fromEntries(configs.map((c) => [c.key, []]));
    for (const c of configs) for (let i = 0; i < 2; i++) await get(c, pathOf(at[c.key]));
    for (let i = 0; i < REQUESTS; i++)
      for (const c of configs) samples[c.key].push(await get(c, pathOf(at[c.key])));
    const fig = (key) => {
      const walls = samples[key].map((s) => s.wall).sort((x, y) => x - y);
      const per = (f) => (samples[key].reduce((n, s) => n + f(s.cpu), 0) / REQUESTS) * 1000;
      return {
        p50: quantile(walls, 0.5),
        p99: quantile(walls, 0.99),
        jux: per((c) => c.jux),
        pg: per((c) => c.pg),
      };
    };
    const t = fig("t");
    const a = fig("a");
    for (const c of configs) {
      const x = fig(c.key);
      console.log(
        `| ${name} | ${c.key} | ${f2(x.p50)} | ${f2(x.p99)} | ${f1(x.p50 / t.p50)} | ${f2(x.p50 / a.p50)} | ` +
          `${f2(x.jux)} | ${f2(x.pg)} |`,
      );
    }
  }
}

async function createDatabase(admin, name) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(admin, sql, params = []) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const usage = (t) =>
  `${f2(t.wall)} | ${f1(RUNS / t.wall)} | ${f2(t.cpu)} | ${f2(t.pg)} | ${t.rss.toFixed(0)}`;

async function transfer(dir, admin, database) {
  const source = join(dir, "transfer.sqlite");
  const seeder = await startJux(source);
  const seedStart = { jux: ticks(seeder.child.pid), pg: postgresCpu() };
  const seeded = await submitAll(seeder.url, RUNS, (i) => report(1e6 + i, LINES));
  const seedCpu = (ticks(seeder.child.pid) - seedStart.jux) / CLK_TCK;
  const seedRss =
    Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${seeder.child.pid}/status`, "utf8"))?.[1]) / 1024;
  await stopJux(seeder);
  if (seeded.bad) throw new Error(`seeding: ${seeded.bad} refused, first: ${seeded.firstError}`);
  if (SKIP.has("transfer")) {
    console.log(
      `\n${RUNS} runs seeded into SQLite through the route (${CLIENTS} clients): ${f2(seeded.wall / 1000)} s, ` +
        `${f1(rate(RUNS, seeded.wall))} runs/s, jux CPU ${f2(seedCpu)} s, peak RSS ${seedRss.toFixed(0)} MiB`,
    );
    return source;
  }
  const copyStart = performance.now();
  copyFileSync(source, join(dir, "copy.sqlite"));
  const copy = (performance.now() - copyStart) / 1000;
  const pgTarget = await database("transfer");
  const pgEnv = { JUX_SERVE_DATABASE: pgTarget };
  const file = join(dir, "sqlite.jsonl");
  const pgFile = join(dir, "pg.jsonl");
  const ops = [
    ["export, SQLite", () => timed(["export", "--database", source, "--output", file])],
    [
      "import into a fresh SQLite",
      () => timed(["import", "--database", join(dir, "i.sqlite"), file, "--on-conflict", "skip"]),
    ],
    [
      "import into a fresh PostgreSQL database",
      () => timed(["import", file, "--on-conflict", "skip"], pgEnv),
    ],
    ["export, PostgreSQL", () => timed(["export", "--output", pgFile], pgEnv)],
    [
      "import again into PostgreSQL (all skipped)",
      () => timed(["import", file, "--on-conflict", "skip"], pgEnv),
    ],
  ];
  const results = [];
  for (const [name, run] of ops) results.push([name, await run()]);
  const size = (f) => f1(statSync(f).size / MiB);
  const [[, pgBytes]] = (
    await adminQuery(admin, "SELECT pg_database_size($1)::bigint AS n", [new URL(pgTarget).pathname.slice(1)])
  ).map((r) => [0, Number(r.n)]);
  console.log(
    `\n## Moving data: ${RUNS} runs seeded into SQLite through the route (${CLIENTS} clients: ` +
      `${f2(seeded.wall / 1000)} s, ${f1(rate(RUNS, seeded.wall))} runs/s); SQLite file ${size(source)} MiB, ` +
      `export ${size(file)} MiB (PostgreSQL's ${size(pgFile)} MiB), PostgreSQL database ${f1(pgBytes / MiB)} MiB; ` +
      `copying the SQLite file ${f2(copy)} s\n`,
  );
  console.log(
    "| operation | wall s | runs/s | CPU s | postgres CPU s | peak RSS MiB |\n|---|---:|---:|---:|---:|---:|",
  );
  console.log(
    `| reference: submit through the route (${CLIENTS} clients) | ${f2(seeded.wall / 1000)} | ${f1(rate(RUNS, seeded.wall))} | ${f2(seedCpu)} | – | ${seedRss.toFixed(0)} |`,
  );
  console.log(`| reference: copy the SQLite file | ${f2(copy)} | ${f1(RUNS / copy)} | | | |`);
  for (const [name, t] of results) console.log(`| ${name} | ${usage(t)} |`);
  const w = Object.fromEntries(results.map(([n, t]) => [n, t.wall]));
  console.log(
    `\nratios: export PostgreSQL ÷ SQLite ${f2(w["export, PostgreSQL"] / w["export, SQLite"])}, import PostgreSQL ÷ ` +
      `SQLite ${f2(w["import into a fresh PostgreSQL database"] / w["import into a fresh SQLite"])}, import SQLite ÷ ` +
      `submit ${f2(w["import into a fresh SQLite"] / (seeded.wall / 1000))}, export SQLite ÷ copy ${f1(w["export, SQLite"] / copy)}`,
  );
  return source;
}

async function migrate(dir, source, database) {
  const help = spawnSync(NODE24, [CLI, "serve", "migrate", "--help"], { encoding: "utf8" });
  if (help.status !== 0) {
    console.log("\n## Migration\n\nmigrate: not available in this bundle");
    return;
  }
  const target = await database("migrated");
  const back = join(dir, "back.sqlite");
  // The PostgreSQL URL is an argument here: fine for the throwaway cluster's trust URL, never for a password.
  if (new URL(target).password) {
    console.log(
      "\n## Migration\n\nmigrate: skipped (the URL has a password, which would show in the process list)",
    );
    return;
  }
  const there = await timed(["migrate", "--from", `sqlite:${source}`, "--to", target]);
  const again = await timed(["migrate", "--from", target, "--to", `sqlite:${back}`]);
  console.log(`\n## Migration of ${RUNS} runs (\`jux serve migrate\`)\n`);
  console.log(
    "| direction | wall s | runs/s | CPU s | postgres CPU s | peak RSS MiB |\n|---|---:|---:|---:|---:|---:|",
  );
  console.log(`| SQLite -> PostgreSQL | ${usage(there)} |`);
  console.log(`| PostgreSQL -> SQLite | ${usage(again)} |`);
  const summary = (t) => redact(t.out.split("\n").find((l) => /copied/.test(l)) ?? t.out.slice(0, 300));
  // Its progress lines ("N of M runs (P%), R runs/s"): whether the rate holds as the target fills.
  const progress = (t) =>
    [...t.out.matchAll(/(\d+) of \d+ runs \(\d+%\), (\d+) runs\/s/g)]
      .map((m) => `${m[1]}: ${m[2]}/s`)
      .join(", ");
  console.log(`\nSQLite -> PostgreSQL: ${summary(there)}\n  progress (runs: runs/s): ${progress(there)}`);
  console.log(`PostgreSQL -> SQLite: ${summary(again)}\n  progress (runs: runs/s): ${progress(again)}`);
}

const started = performance.now();
const dir = mkdtempSync(join(tmpdir(), "jux-bench-backends-"));
const prefix = `jux_bench_${process.pid}`;
const made = [];
let cluster;
let admin = process.env.JUX_BENCH_POSTGRES_URL;
const configs = [];
try {
  if (!admin) {
    cluster = await startCluster();
    admin = cluster.url;
    postmaster = Number(readFileSync(join(cluster.dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
  }
  const database = async (name) => {
    made.push(`${prefix}_${name}`);
    return createDatabase(admin, `${prefix}_${name}`);
  };
  const [{ version }] = await adminQuery(admin, "SELECT version()");
  console.log(
    `jux serve ${execFileSync(NODE24, ["--version"], { encoding: "utf8" }).trim()} (dist/cli/index.js); bench ` +
      `${process.version}; ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${f1(totalmem() / 1024 ** 3)} GiB; ` +
      `${version.split(",")[0]} (${cluster ? "throwaway cluster: fsync off, synchronous_commit off" : redact(admin)}); ` +
      `CPU from /proc/PID/stat (1/${Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }))} s)` +
      (postmaster ? "" : "; postgres CPU not measured (an external server)") +
      `; load average before ${loadavg().map(f2).join(" ")} (other work on this machine skews wall times)`,
  );
  if (!SKIP.has("submit") || !SKIP.has("query")) {
    configs.push(await trivialServer());
    const proxied = await startProxy([configs[0].url]);
    configs.push({
      ...configs[0],
      key: "p",
      name: "trivial, through the proxy",
      url: proxied.url,
      stop: async () => proxied.close(),
    });
    configs.push(await juxConfig("a", "SQLite, 1 jux serve", join(dir, "a.sqlite"), 1));
    configs.push(await juxConfig("b", "PostgreSQL, 1 jux serve", await database("one"), 1));
    configs.push(await juxConfig("c", "PostgreSQL, 2 jux serve + proxy", await database("two"), 2));
    if (!SKIP.has("submit")) await submissions(configs);
    if (!SKIP.has("query")) await queries(configs);
    for (const c of configs.splice(0)) await c.stop();
  }
  if (!SKIP.has("transfer") || !SKIP.has("migrate")) {
    const source = await transfer(dir, admin, database);
    if (!SKIP.has("migrate")) await migrate(dir, source, database);
  }
} finally {
  for (const c of configs) await c.stop().catch(() => {});
  if (cluster) stopCluster(cluster.dir);
  else for (const name of made) await adminQuery(admin, `DROP DATABASE IF EXISTS "${name}"`).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `\nTotal run time: ${f1((performance.now() - started) / 1000)} s; load average at the end ${loadavg().map(f2).join(" ")}`,
);

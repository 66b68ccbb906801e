// Benchmark (not a test): `jux serve export` and `jux serve import` throughput (runs/s, MiB/s, CPU, peak RSS) for
// N runs, against references in the same run: submitting the same reports through POST /api/v1/junit/submit
// (what an import redoes per run: the strict reader, the rows) and copying the database file (the bytes alone);
// `jux serve backup` too. jux runs as users run it: dist/cli/index.js on Node 24 (run `npm run bundle` first).
// Usage: node bench/serve-transfer.mjs [--runs 2000] [--tests 2000] [--clients 2]
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: opt } = parseArgs({
  options: {
    runs: { type: "string", default: "2000" },
    tests: { type: "string", default: "2000" },
    clients: { type: "string", default: "2" },
  },
});
const RUNS = Number(opt.runs);
const TESTS = Number(opt.tests);
const CLIENTS = Number(opt.clients);
const NODE24 = execFileSync("bash", [join(ROOT, "scripts/node24.sh")])
  .toString()
  .trim();
const CLI = join(ROOT, "dist/cli/index.js");
const MiB = 1024 * 1024;

// One distinct report of TESTS testcases over 20 classes, every 50th failing, 4 projects, 3 branches.
function report(index) {
  let cases = "";
  for (let i = 0; i < TESTS; i++) {
    const failure =
      i % 50 === 7 ? `<failure message="expected ${i}" type="AssertionError">at line ${i}</failure>` : "";
    cases += `<testcase classname="bench.Class${i % 20}" name="test_${i}" time="0.0${i % 10}">${failure}</testcase>\n`;
  }
  const failures = Math.floor((TESTS + 42) / 50);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="bench" tests="${TESTS}" failures="${failures}" errors="0" skipped="0" time="12.5">\n` +
    `<properties><property name="project" value="bench-${index % 4}"/><property name="git:branch" value="b${index % 3}"/>` +
    `<property name="git:commit" value="${index.toString(16).padStart(40, "0")}"/></properties>\n${cases}</testsuite>\n`
  );
}

/** Runs node24 CLI serve ...args under /usr/bin/time: wall seconds, CPU seconds (user+sys), peak RSS (MiB). */
async function timed(args) {
  const start = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "TIME %U %S %M", NODE24, CLI, "serve", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const [code] = await once(child, "close");
  const wall = (performance.now() - start) / 1000;
  const m = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(err);
  if (code !== 0 || !m) throw new Error(`jux serve ${args[0]} failed (${code}): ${err}${out}`);
  return { wall, cpu: Number(m[1]) + Number(m[2]), rss: Number(m[3]) / 1024, out: out.trim() };
}

async function startServer(database) {
  const child = spawn(NODE24, [CLI, "serve", "--port", "0", "--database", database], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr.resume();
  for await (const chunk of child.stdout) {
    out += chunk;
    const m = /listening on (http:\/\/[^/]+)\/api\/v1/.exec(out);
    if (m) return { url: m[1], child };
  }
  throw new Error(`jux serve did not start: ${out}`);
}

async function submitAll(url) {
  let next = 0;
  let bytes = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < RUNS) {
        const body = report(next++);
        bytes += Buffer.byteLength(body);
        const r = await fetch(`${url}/api/v1/junit/submit`, {
          method: "POST",
          headers: { "Content-Type": "application/xml" },
          body,
        });
        if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`);
      }
    }),
  );
  return { wall: (performance.now() - start) / 1000, bytes };
}

const dir = mkdtempSync(join(tmpdir(), "jux-bench-transfer-"));
try {
  const database = join(dir, "source.sqlite");
  const server = await startServer(database);
  const submitted = await submitAll(server.url);
  server.child.kill("SIGTERM");
  await once(server.child, "close");
  const dbSize = statSync(database).size;

  const copyStart = performance.now();
  copyFileSync(database, join(dir, "copy.sqlite"));
  const copyWall = (performance.now() - copyStart) / 1000;

  const file = join(dir, "runs.jsonl");
  const exported = await timed(["export", "--database", database, "--output", file]);
  const exportSize = statSync(file).size;
  const imported = await timed([
    "import",
    "--database",
    join(dir, "imported.sqlite"),
    file,
    "--on-conflict",
    "skip",
  ]);
  const again = await timed([
    "import",
    "--database",
    join(dir, "imported.sqlite"),
    file,
    "--on-conflict",
    "skip",
  ]);
  const backup = await timed(["backup", "--database", database, "--output", join(dir, "backup.sqlite")]);

  const row = (name, wall, bytes, extra = "") =>
    console.log(
      `${name.padEnd(34)} ${wall.toFixed(2).padStart(8)} s ${(RUNS / wall).toFixed(1).padStart(9)} runs/s ${(bytes / MiB / wall).toFixed(1).padStart(8)} MiB/s ${extra}`,
    );
  const usage = (t) => `cpu ${t.cpu.toFixed(2)} s, peak RSS ${t.rss.toFixed(0)} MiB`;
  console.log(
    `jux serve transfer: ${RUNS} runs of ${TESTS} tests; reports ${(submitted.bytes / MiB).toFixed(1)} MiB, ` +
      `database ${(dbSize / MiB).toFixed(1)} MiB, export ${(exportSize / MiB).toFixed(1)} MiB; Node 24, ${CLIENTS} client(s)`,
  );
  row("reference: submit through the route", submitted.wall, submitted.bytes);
  row("reference: copy the database file", copyWall, dbSize);
  row("export", exported.wall, exportSize, usage(exported));
  row("import into a fresh database", imported.wall, exportSize, usage(imported));
  row("import again (all skipped)", again.wall, exportSize, usage(again));
  row("backup (online backup API)", backup.wall, dbSize, usage(backup));
  console.log(`import: ${imported.out}`);
  console.log(
    `ratios: import / submit ${(imported.wall / submitted.wall).toFixed(2)}, export / copy ${(exported.wall / copyWall).toFixed(1)}, backup / copy ${(backup.wall / copyWall).toFixed(1)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

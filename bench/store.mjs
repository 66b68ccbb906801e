// Benchmark (not a test): listing a large local store with `jux cache list`, with its index (the normal case)
// against the same listing after the index is deleted (every file read and hashed again: the reference).
// Usage: node bench/store.mjs [--reports 5000] [--runs 3]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";

const { values } = parseArgs({ options: { reports: { type: "string" }, runs: { type: "string" } } });
const N = Number(values.reports ?? 5000);
const RUNS = Number(values.runs ?? 3);
const CLI = resolve("dist/cli/index.js");
const work = mkdtempSync(join(tmpdir(), "jux-bench-store-"));
const store = join(work, "store");
const jux = (args) =>
  execFileSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, HOME: work },
  });

function report(i) {
  const cases = Array.from(
    { length: 20 },
    (_, c) =>
      `<testcase classname="bench.s${i}" name="t${c}" time="0.0${c % 10}">${c % 7 === 0 ? '<failure message="x"/>' : ""}</testcase>`,
  ).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="suite-${i}" tests="20" failures="3"><properties><property name="project" value="bench"/></properties>${cases}</testsuite>\n`;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn) {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

try {
  const files = [];
  for (let i = 0; i < N; i++) {
    const f = join(work, `r${i}.xml`);
    writeFileSync(f, report(i));
    files.push(f);
  }
  const fill = time(() => {
    for (let i = 0; i < N; i += 500)
      jux([
        "publish",
        "--storage-mode",
        "local",
        "--storage-path",
        store,
        ...files.slice(i, i + 500).flatMap((f) => ["-f", f]),
      ]);
  });
  const listed = JSON.parse(jux(["cache", "list", "--json", "--storage-path", store])).length;
  if (listed !== N) throw new Error(`expected ${N} reports listed, got ${listed}`);
  const warm = [];
  const cold = [];
  for (let r = 0; r < RUNS; r++) {
    warm.push(time(() => jux(["cache", "list", "--json", "--storage-path", store])));
    rmSync(join(store, "index.json"));
    cold.push(time(() => jux(["cache", "list", "--json", "--storage-path", store])));
  }
  const stats = median(
    Array.from({ length: RUNS }, () => time(() => jux(["cache", "stats", "--storage-path", store]))),
  );
  console.log(`store of ${N} reports (filled in ${(fill / 1000).toFixed(1)} s)`);
  console.log(
    `jux cache list, with the index:        median ${median(warm).toFixed(0)} ms over ${RUNS} runs`,
  );
  console.log(
    `jux cache list, index deleted (ref.):  median ${median(cold).toFixed(0)} ms over ${RUNS} runs`,
  );
  console.log(`ratio with/without index: ${(median(warm) / median(cold)).toFixed(2)}`);
  console.log(`jux cache stats, with the index:       median ${stats.toFixed(0)} ms`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

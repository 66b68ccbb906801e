// Part of bench/store.mjs (run as `node bench/store.mjs --features`): the store's queries and exports on one store
// of N reports (default 10 000), kept compressed (zstd) and not (none), against the reference bundle's store of
// the same reports (today's figures: it has no compression, no filters, no export). Each store is filled once by
// `jux publish --storage-mode local`; then, alternating new-none, new-zstd, ref, each command runs --runs times:
// `cache list --json`, `cache stats --json`, and on the new bundle a filtered list (--branch --since) and
// `cache export` as jsonl, csv and tar. Printed: CPU (user+sys) and wall of each command (medians), the ratio to
// the reference where it has the command, the stores' sizes on disk, and the load.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const BRANCHES = ["main", "dev", "release", "feature-a", "feature-b"];

function report(i) {
  const cases = Array.from(
    { length: 20 },
    (_, c) =>
      `<testcase classname="bench.s${i}" name="t${c}" time="0.0${c % 10}">${c % 7 === 0 && i % 3 === 0 ? '<failure message="x">assert 1 == 2</failure>' : ""}</testcase>`,
  ).join("");
  const props = [
    ["project", "bench"],
    ["git:branch", BRANCHES[i % BRANCHES.length]],
    ["git:commit", (i * 2654435761).toString(16).padStart(40, "0").slice(-40)],
  ]
    .map(([n, v]) => `<property name="${n}" value="${v}"/>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="suite-${i}" tests="20" failures="${i % 3 === 0 ? 3 : 0}"><properties>${props}</properties>${cases}</testsuite>\n`;
}

function du(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true })) {
    const s = statSync(join(dir, entry));
    if (s.isFile()) {
      bytes += s.size;
      files++;
    }
  }
  return { bytes, files };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function features({ NODE, BUNDLES, work, timed, load, n, runs }) {
  const dir = join(work, "feature-reports");
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `r${i}.xml`), report(i));
  const stores = {
    "new none": { bundle: BUNDLES.new, env: { JUX_COMPRESS: "none" } },
    "new zstd": { bundle: BUNDLES.new, env: { JUX_COMPRESS: "zstd" } },
    ref: { bundle: BUNDLES.ref, env: {} },
  };
  const nodeVersion = execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim();
  console.log(
    `# jux's local store: queries and exports on ${n} reports (Node ${nodeVersion}; ${runs} run(s))`,
  );
  console.log(`new: ${BUNDLES.new}\nref: ${BUNDLES.ref}`);
  console.log(`command: node bench/store.mjs ${process.argv.slice(2).join(" ")}\n`);
  console.log(
    "| store | fill (publish --storage-mode local) CPU s | wall s | files | bytes on disk | load |",
  );
  console.log("|---|---:|---:|---:|---:|---|");
  for (const [name, s] of Object.entries(stores)) {
    s.path = join(work, `features-${name.replace(" ", "-")}`);
    const fill = timed(
      s.bundle,
      ["publish", "--storage-mode", "local", "--storage-path", s.path, dir],
      s.env,
    );
    const size = du(s.path);
    console.log(
      `| ${name} | ${fill.cpu.toFixed(2)} | ${fill.wall.toFixed(2)} | ${size.files} | ${size.bytes} | ${load()} |`,
    );
  }
  const out = (f) => join(work, `export-${Date.now()}-${f}`);
  const commands = {
    "cache list --json": (p) => ["cache", "list", "--json", "--storage-path", p],
    "cache stats --json": (p) => ["cache", "stats", "--json", "--storage-path", p],
    "cache list --json --branch dev --since 7d": (p) => [
      "cache",
      "list",
      "--json",
      "--branch",
      "dev",
      "--since",
      "7d",
      "--storage-path",
      p,
    ],
    "cache export --format jsonl": (p) => ["cache", "export", "--output", out("j"), "--storage-path", p],
    "cache export --format csv": (p) => [
      "cache",
      "export",
      "--format",
      "csv",
      "--output",
      out("c"),
      "--storage-path",
      p,
    ],
    "cache export --format csv --per test": (p) => [
      "cache",
      "export",
      "--format",
      "csv",
      "--per",
      "test",
      "--output",
      out("t"),
      "--storage-path",
      p,
    ],
    "cache export --format tar": (p) => [
      "cache",
      "export",
      "--format",
      "tar",
      "--output",
      out("x"),
      "--storage-path",
      p,
    ],
  };
  const refHas = new Set(["cache list --json", "cache stats --json"]);
  const results = {};
  for (let r = 0; r < runs; r++)
    for (const [name, s] of Object.entries(stores))
      for (const [label, args] of Object.entries(commands)) {
        if (name === "ref" && !refHas.has(label)) continue;
        const t = timed(s.bundle, args(s.path), s.env);
        ((results[label] ??= {})[name] ??= []).push({ ...t, load: load() });
      }
  console.log(`\n## Medians of ${runs} run(s), seconds; ratio = new ÷ ref (today's bundle)\n`);
  console.log("| command | store | CPU s | wall s | CPU ÷ ref | wall ÷ ref | load at the last run |");
  console.log("|---|---|---:|---:|---:|---:|---|");
  for (const [label, byStore] of Object.entries(results)) {
    const ref = byStore.ref;
    for (const [name, xs] of Object.entries(byStore)) {
      const cpu = median(xs.map((x) => x.cpu));
      const wall = median(xs.map((x) => x.wall));
      const ratio = (f, v) => (ref && name !== "ref" ? (v / median(ref.map((x) => x[f]))).toFixed(2) : "-");
      console.log(
        `| ${label} | ${name} | ${cpu.toFixed(2)} | ${wall.toFixed(2)} | ${ratio("cpu", cpu)} | ${ratio("wall", wall)} | ${xs.at(-1).load} |`,
      );
    }
  }
  for (const s of Object.values(stores)) rmSync(s.path, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}

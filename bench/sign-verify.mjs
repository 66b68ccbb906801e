// Benchmark (not a test): CPU time (user+sys), wall time and peak RSS of signing / verifying large JUnit reports,
// ours (dist/cli/index.js) vs xmlsec1 (same key, same C14N 1.1 template), and optionally a reference build of ours
// (--ref, e.g. the committed bundle of an earlier commit) and xml-crypto (--xml-crypto). Each is a separate child
// process under GNU time; the tools alternate within each run (A B C, A B C, ...) so that load hits them alike.
// Usage: npm run bench -- [--sizes 100,1000] [--runs 3] [--ref /tmp/jux-ref/dist/cli/index.js] [--xml-crypto]
//        [--out DIR] [--keep] [--cli dist/cli/index.js]
// CPU is GNU time's %U + %S of the child; wall is measured around the child (ms resolution); peak RSS is %M.
// The machine's load (os.loadavg()) is printed beside the figures: CPU time is the figure to trust under load.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
  copyFileSync,
  truncateSync,
  appendFileSync,
  statSync,
  rmSync,
  openSync,
  readSync,
  closeSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { loadavg } from "node:os";
import { generateReport } from "./generate-report.mjs";

const MB = 1024 * 1024;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BENCH = join(ROOT, "bench");
const FRAG = new URL("../../shared/fixtures/xmldsig/sig-rsa.frag", import.meta.url).pathname;
const NODE = process.execPath;

const { values: opt } = parseArgs({
  options: {
    sizes: { type: "string", default: "100" },
    runs: { type: "string", default: "3" },
    ref: { type: "string" },
    "xml-crypto": { type: "boolean", default: false },
    out: { type: "string", default: "bench/out" },
    keep: { type: "boolean", default: false },
    cli: { type: "string", default: join(ROOT, "dist/cli/index.js") },
  },
});
const sizes = opt.sizes.split(",").map(Number);
const runs = Math.max(1, Number(opt.runs));
const out = resolve(opt.out);
const CLI = resolve(opt.cli);
const REF = opt.ref ? resolve(opt.ref) : undefined;
if (REF && !existsSync(REF)) {
  console.error(
    `error: the reference CLI ${REF} does not exist (make one: git archive <commit> dist | tar -x -C DIR)`,
  );
  process.exit(1);
}
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

if (!existsSync("/usr/bin/time")) {
  console.error(
    "error: /usr/bin/time (GNU time) is required to measure peak RSS. Install it: sudo apt-get install time",
  );
  process.exit(1);
}
for (const tool of ["xmlsec1", "openssl", "sha256sum"]) {
  if (spawnSync(tool, ["--version"]).error) {
    console.error(`error: ${tool} not found in PATH`);
    process.exit(1);
  }
}
mkdirSync(out, { recursive: true });

const key = join(out, "key.pem");
const cert = join(out, "cert.pem");
if (!existsSync(key) || !existsSync(cert)) {
  const r = spawnSync("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=bench",
    "-days",
    "2",
    "-keyout",
    key,
    "-out",
    cert,
  ]);
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function reason(r, stderr) {
  if (r.error) return r.error.message;
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const line =
    lines.find((l) => /FATAL ERROR|Error\b|error[:=]/.test(l)) ?? lines[0] ?? `exit code ${r.status}`;
  return line.slice(0, 160);
}

// One measured child process: { ok, wall, cpu, rssMB } or { ok: false, reason }.
function measure(cmd, args) {
  const timeFile = join(out, "time.txt");
  rmSync(timeFile, { force: true });
  const t = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, cmd, ...args], {
    maxBuffer: 64 * MB,
    encoding: "utf8",
  });
  const wall = (performance.now() - t) / 1000; // finer than time's %e (10 ms steps)
  const timeText = existsSync(timeFile) ? readFileSync(timeFile, "utf8") : "";
  const [, user, sys, kb] = timeText.trim().split("\n").pop().split(" ").map(Number);
  if (r.status !== 0 || r.error) {
    const sig = /signal (\d+)/.exec(timeText)?.[1];
    return { ok: false, reason: sig ? `killed by signal ${sig}` : reason(r, r.stderr ?? "") };
  }
  return { ok: true, wall, cpu: user + sys, rssMB: kb / 1024 };
}

const summarize = (all) => ({
  ok: true,
  wall: median(all.map((m) => m.wall)),
  cpu: median(all.map((m) => m.cpu)),
  rssMB: Math.max(...all.map((m) => m.rssMB)),
  runs: all,
});

function measureRuns(cmd, args) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const m = measure(cmd, args);
    if (!m.ok) return m;
    all.push(m);
  }
  return summarize(all);
}

// The tools of one operation, alternating: run i of each tool before run i + 1 of any. tools: [name, cmd, args].
function measureAlternating(tools) {
  const all = tools.map(() => []);
  const failed = tools.map(() => undefined);
  for (let i = 0; i < runs; i++) {
    tools.forEach(([, cmd, args], t) => {
      if (failed[t]) return;
      const m = measure(cmd, args);
      if (m.ok) all[t].push(m);
      else failed[t] = m;
    });
  }
  return tools.map((_, t) => failed[t] ?? summarize(all[t]));
}

// Copy the report and put the signature template right before the final </testsuites> (no full read).
function spliceTemplate(report, tmpl) {
  const size = statSync(report).size;
  const n = Math.min(size, 256);
  const tail = Buffer.alloc(n);
  const fd = openSync(report, "r");
  readSync(fd, tail, 0, n, size - n);
  closeSync(fd);
  const at = tail.lastIndexOf("</testsuites>");
  if (at < 0) throw new Error("no </testsuites> at the end of the report");
  copyFileSync(report, tmpl);
  truncateSync(tmpl, size - n + at);
  appendFileSync(tmpl, Buffer.concat([Buffer.from(readFileSync(FRAG, "utf8").trim()), tail.subarray(at)]));
}

// The SignatureValue near the end of a signed file (to compare tools), or null.
function signatureValue(file) {
  if (!existsSync(file)) return null;
  const size = statSync(file).size;
  const n = Math.min(size, 8192);
  const buf = Buffer.alloc(n);
  const fd = openSync(file, "r");
  readSync(fd, buf, 0, n, size - n);
  closeSync(fd);
  return /<ds:SignatureValue>([^<]*)</.exec(buf.toString("latin1"))?.[1].replace(/\s/g, "") ?? null;
}

const results = [];
const interop = [];
const xcFailed = {}; // op -> size at which xml-crypto failed; larger sizes are skipped
const started = Date.now();

for (const sizeMB of sizes) {
  const t0 = Date.now();
  const f = (name) => join(out, `${sizeMB}MB-${name}`);
  const report = f("report.xml");
  const tmpl = f("tmpl.xml");
  const signed = {
    ours: f("ours-signed.xml"),
    xmlsec1: f("xs-signed.xml"),
    "xml-crypto": f("xc-signed.xml"),
    ref: f("ref-signed.xml"),
  };
  process.stderr.write(`[${sizeMB} MB] generating report... `);
  const gen = generateReport(report, sizeMB * MB);
  spliceTemplate(report, tmpl);
  process.stderr.write(
    `${gen.bytes} bytes, ${gen.cases} testcases, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );

  const add = (op, tool, m) => {
    results.push({ sizeMB, bytes: gen.bytes, op, tool, load: load(), ...m });
    process.stderr.write(
      `[${sizeMB} MB] ${op} ${tool}: ${m.ok ? `cpu ${m.cpu.toFixed(2)} s, wall ${m.wall.toFixed(2)} s, ${m.rssMB.toFixed(1)} MB` : m.reason} (load ${load()})\n`,
    );
  };
  const xc = (op, script, args) => {
    if (!opt["xml-crypto"]) return;
    if (xcFailed[op] !== undefined)
      return add(op, "xml-crypto", { ok: false, reason: `skipped (failed at ${xcFailed[op]} MB)` });
    const m = measureRuns(NODE, ["--max-old-space-size=4096", join(BENCH, script), ...args]);
    if (!m.ok) xcFailed[op] = sizeMB;
    add(op, "xml-crypto", m);
  };

  if (!existsSync(CLI)) throw new Error(`${CLI} not found: run npm run bundle first`);
  const juxSign = (cli, output) => [
    NODE,
    [cli, "sign", "-i", report, "-o", output, "--key", key, "--cert", cert, "--no-metadata"],
  ];
  const signTools = [
    ["ours", ...juxSign(CLI, signed.ours)],
    ["xmlsec1", "xmlsec1", ["--sign", "--privkey-pem", `${key},${cert}`, "--output", signed.xmlsec1, tmpl]],
  ];
  if (REF) signTools.push(["ref", ...juxSign(REF, signed.ref)]);
  measureAlternating(signTools).forEach((m, t) => add("sign", signTools[t][0], m));
  xc("sign", "xml-crypto-sign.mjs", [report, signed["xml-crypto"], key, cert]);

  const sv = Object.fromEntries(Object.entries(signed).map(([tool, file]) => [tool, signatureValue(file)]));
  interop.push({ sizeMB, sameSignatureValue: sv });
  const oursIn = existsSync(signed.ours) ? signed.ours : signed.xmlsec1;
  const verifyTools = [
    [
      oursIn === signed.ours ? "ours" : "ours (on xs-signed)",
      NODE,
      [CLI, "verify", "-i", oursIn, "--cert", cert],
    ],
    [
      "xmlsec1",
      "xmlsec1",
      ["--verify", "--enabled-key-data", "key-name", "--pubkey-cert-pem", cert, signed.xmlsec1],
    ],
  ];
  if (REF) verifyTools.push(["ref", NODE, [REF, "verify", "-i", oursIn, "--cert", cert]]);
  measureAlternating(verifyTools).forEach((m, t) => add("verify", verifyTools[t][0], m));
  if (existsSync(signed["xml-crypto"])) xc("verify", "xml-crypto-verify.mjs", [signed["xml-crypto"], cert]);

  add("floor", "sha256sum", measureRuns("sha256sum", [report]));
  if (!opt.keep) for (const file of [report, tmpl, ...Object.values(signed)]) rmSync(file, { force: true });
  process.stderr.write(`[${sizeMB} MB] done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
rmSync(join(out, "time.txt"), { force: true });

// Report
const fmt = (x, d) => (x === undefined ? "-" : x.toFixed(d));
const find = (sizeMB, op, tool) =>
  results.find((r) => r.sizeMB === sizeMB && r.op === op && r.tool.startsWith(tool));
console.log(
  `\n# sign/verify benchmark (runs=${runs}, medians, alternating; node ${process.version}; ${new Date().toISOString()})`,
);
console.log(`command: node bench/sign-verify.mjs ${process.argv.slice(2).join(" ")}`);
console.log("ratios are of medians; CPU = user + sys of the child; peak RSS = the largest of the runs");
for (const op of ["sign", "verify", "floor"]) {
  console.log(
    `\n## ${op}\n\n| size | tool | CPU s | wall s | peak RSS MB | CPU vs xmlsec1 | wall vs xmlsec1 | load (1/5/15 min) |\n|---:|---|---:|---:|---:|---:|---:|---|`,
  );
  for (const r of results.filter((x) => x.op === op)) {
    const base = find(r.sizeMB, op === "floor" ? "sign" : op, "xmlsec1");
    const ratio = (k) => (r.ok && base?.ok ? `${(r[k] / base[k]).toFixed(2)}x` : "-");
    const cpu = r.ok
      ? fmt(r.cpu, 2)
      : `${r.reason.startsWith("skipped") ? "" : "failed: "}${r.reason.replace(/\|/g, "\\|")}`;
    console.log(
      `| ${r.sizeMB} MB | ${r.tool} | ${cpu} | ${r.ok ? fmt(r.wall, 2) : "-"} | ${r.ok ? fmt(r.rssMB, 1) : "-"} | ${ratio("cpu")} | ${ratio("wall")} | ${r.load} |`,
    );
  }
}
console.log("\n(floor ratio is against xmlsec1 sign)\n");
for (const { sizeMB, sameSignatureValue: sv } of interop) {
  const same = (t) => (sv[t] && sv.xmlsec1 ? (sv[t] === sv.xmlsec1 ? "identical" : "DIFFERENT") : "n/a");
  console.log(
    `interop ${sizeMB} MB: SignatureValue vs xmlsec1: ours ${same("ours")}${REF ? `, ref ${same("ref")}` : ""}${opt["xml-crypto"] ? `, xml-crypto ${same("xml-crypto")}` : ""}`,
  );
}
if (REF) {
  for (const sizeMB of sizes)
    for (const op of ["sign", "verify"]) {
      const o = find(sizeMB, op, "ours");
      const r = find(sizeMB, op, "ref");
      if (o?.ok && r?.ok)
        console.log(
          `${sizeMB} MB ${op}: ours vs ref (${REF}): CPU ${(o.cpu / r.cpu).toFixed(2)}x, wall ${(o.wall / r.wall).toFixed(2)}x`,
        );
    }
}

// The goals of issue 16: CPU <= 0.6x xmlsec1's at 100 MB, <= 0.4x at 1 GB; peak RSS <= 150 MB at any size.
const targets = [];
const check = (sizeMB, op, what, test) => {
  const ours = find(sizeMB, op, "ours");
  const base = find(sizeMB, op, "xmlsec1");
  if (!ours?.ok || !base?.ok) return targets.push({ sizeMB, op, what, result: "n/a" });
  const [pass, detail] = test(ours, base);
  targets.push({ sizeMB, op, what, result: pass ? "PASS" : "FAIL", detail });
};
for (const op of ["sign", "verify"]) {
  for (const sizeMB of sizes) {
    const goal = sizeMB >= 1000 ? 0.4 : sizeMB >= 100 ? 0.6 : undefined;
    if (goal !== undefined)
      check(sizeMB, op, `CPU <= ${goal}x xmlsec1`, (o, b) => [
        o.cpu <= goal * b.cpu,
        `${(o.cpu / b.cpu).toFixed(2)}x`,
      ]);
    check(sizeMB, op, "peak RSS <= 150 MB", (o) => [o.rssMB <= 150, `${o.rssMB.toFixed(1)} MB`]);
  }
}
console.log(
  "\ntargets: " +
    targets
      .map((t) => `${t.sizeMB} MB ${t.op} ${t.what}: ${t.result}${t.detail ? ` (${t.detail})` : ""}`)
      .join("; "),
);
console.log(`load at the end: ${load()}`);

const json = join(out, `results-${sizes.join("_")}MB.json`);
writeFileSync(
  json,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      runs,
      totalSeconds: (Date.now() - started) / 1000,
      results,
      interop,
      targets,
    },
    null,
    2,
  ),
);
console.log(`\nresults: ${json}`);

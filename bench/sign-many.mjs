// Benchmark (not a test): `jux sign` of many small reports in one command against `jux sign` of one report of
// their total size, and against one jux process per report (as a shell loop would), alternating (A B C A B C).
// Prints wall and CPU (user+sys, GNU time) medians, ratios, and the machine's load.
// Usage: node bench/sign-many.mjs [--files 100] [--size-kb 20] [--rounds 5] [--no-processes]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateReport } from "./generate-report.mjs";

const { values } = parseArgs({
  options: {
    files: { type: "string" },
    "size-kb": { type: "string" },
    rounds: { type: "string" },
    "no-processes": { type: "boolean" },
  },
});
const FILES = Number(values.files ?? 100);
const SIZE = Number(values["size-kb"] ?? 20) * 1024;
const ROUNDS = Number(values.rounds ?? 5);
const NODE = execFileSync("bash", ["scripts/node24.sh"], { encoding: "utf8" }).trim();
const CLI = resolve("dist/cli/index.js");
const work = mkdtempSync(join(tmpdir(), "jux-bench-sign-many-"));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** Runs jux under GNU time: wall and CPU (user+sys) seconds. */
function timed(args) {
  const r = spawnSync("/usr/bin/time", ["-f", "@@%e %U %S", NODE, CLI, ...args], {
    cwd: work,
    env: { PATH: process.env.PATH, HOME: work },
    encoding: "utf8",
  });
  const m = /@@([\d.]+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`jux ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  const many = join(work, "many");
  mkdirSync(many);
  for (let i = 0; i < FILES; i++) generateReport(join(many, `junit-${i}.xml`), SIZE, i + 1);
  generateReport(join(work, "one.xml"), SIZE * FILES, 7);
  execFileSync(NODE, [CLI, "keygen", "--type", "ecdsa", "--output", join(work, "key.pem"), "--cert"], {
    stdio: "ignore",
  });
  const key = ["--key", join(work, "key.pem"), "--cert", join(work, "key.crt"), "--project", "bench"];
  let run = 0;
  const cases = {
    one: () => timed(["sign", "-i", join(work, "one.xml"), "-o", join(work, `one-${++run}.xml`), ...key]),
    many: () => {
      const out = join(work, `out-${++run}`);
      const t = timed(["sign", many, "-o", out, ...key]);
      if (readdirSync(out).length !== FILES)
        throw new Error(`jux sign wrote ${readdirSync(out).length} files`);
      rmSync(out, { recursive: true });
      return t;
    },
    processes: () => {
      const out = join(work, `out-${++run}`);
      mkdirSync(out);
      const t = { wall: 0, cpu: 0 };
      for (let i = 0; i < FILES; i++) {
        const one = timed([
          "sign",
          "-i",
          join(many, `junit-${i}.xml`),
          "-o",
          join(out, `junit-${i}.xml`),
          ...key,
        ]);
        t.wall += one.wall;
        t.cpu += one.cpu;
      }
      rmSync(out, { recursive: true });
      return t;
    },
  };
  if (values["no-processes"]) delete cases.processes;
  const runs = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const before = load();
  for (let r = 0; r < ROUNDS; r++) for (const [k, f] of Object.entries(cases)) runs[k].push(f());
  const m = (k, x) => median(runs[k].map((t) => t[x]));
  const mb = ((SIZE * FILES) / 1024 / 1024).toFixed(2);
  console.log(
    `jux sign on Node ${execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim()}: ${FILES} reports of ${SIZE / 1024} KB vs one of ${mb} MB; ${ROUNDS} rounds, medians`,
  );
  console.log(`load before: ${before}, after: ${load()}`);
  console.log("| work | wall s | CPU s | wall / one file | CPU / one file |");
  console.log("|---|--:|--:|--:|--:|");
  for (const [k, name] of [
    ["one", `jux sign of one ${mb} MB report`],
    ["many", `jux sign of ${FILES} reports in one command (-o DIR)`],
    ["processes", `${FILES} × jux sign, one process each`],
  ])
    if (runs[k])
      console.log(
        `| ${name} | ${m(k, "wall").toFixed(2)} | ${m(k, "cpu").toFixed(2)} | ${(m(k, "wall") / m("one", "wall")).toFixed(2)} | ${(m(k, "cpu") / m("one", "cpu")).toFixed(2)} |`,
      );
  const perFile = (m("many", "cpu") - m("one", "cpu")) / FILES;
  console.log(
    `per report in one command, beyond the same bytes in one file: ${(perFile * 1000).toFixed(1)} ms of CPU`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

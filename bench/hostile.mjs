// node bench/hostile.mjs: how fast hostile reports are refused (process start-up is measured as the reference).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const cli = resolve("dist/cli/index.js");
const dir = mkdtempSync(join(tmpdir(), "jux-hostile-"));
const cases = {
  "100 000-deep nesting": "<testsuite>" + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</testsuite>",
  "billion laughs":
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`).join("") +
    "]><testsuite>&lol9;</testsuite>",
  "10 MB + 1 attribute value": `<testsuite name="${"x".repeat(10 * 1024 * 1024 + 1)}"/>`,
  "unclosed 50 MB CDATA": "<testsuite><testcase><system-out><![CDATA[" + "y".repeat(50 * 1024 * 1024),
};

function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, stderr: r.stderr.trim(), status: r.status };
}

try {
  const baseline = Math.min(...[1, 2, 3].map(() => time([cli, "--version"]).ms));
  console.log(`| input | refused in (ms) | minus start-up (ms) | message |\n| --- | --- | --- | --- |`);
  console.log(`| (jux --version: start-up) | ${baseline.toFixed(0)} | 0 | |`);
  for (const [name, xml] of Object.entries(cases)) {
    const file = join(dir, "hostile.xml");
    writeFileSync(file, xml);
    const r = time([cli, "inspect", "-i", file]);
    console.log(
      `| ${name} | ${r.ms.toFixed(0)} | ${(r.ms - baseline).toFixed(0)} | ${r.status === 1 ? r.stderr.slice(0, 110) : "NOT REFUSED"} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

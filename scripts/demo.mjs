// npm run demo: a key, then the committed `jux` bundle signs, verifies and inspects the sample reports.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const cli = resolve("dist/cli/index.js");
const reports = resolve("examples/reports");
const work = mkdtempSync(join(tmpdir(), "jux-demo-"));
const jux = (...args) =>
  execFileSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    env: { ...process.env, JUX_PROJECT_NAME: "demo" },
  });

try {
  const key = join(work, "signing-key.pem");
  process.stdout.write(jux("keygen", "--type", "ecdsa", "--output", key, "--cert", "--subject", "jux demo"));
  const cert = join(work, "signing-key.crt");
  const rows = [];
  for (const name of readdirSync(reports).filter((f) => f.endsWith(".xml"))) {
    const signed = join(work, `signed-${name}`);
    jux("sign", "-i", join(reports, name), "-o", signed, "--key", key, "--cert", cert);
    const verdict = JSON.parse(jux("verify", "-i", signed, "--cert", cert, "--json"));
    const facts = JSON.parse(jux("inspect", "-i", signed, "--json"));
    rows.push({
      report: name,
      tests: facts.tests,
      failed: facts.failures,
      errors: facts.errors,
      skipped: facts.skipped,
      valid: verdict.valid,
      hash: facts.canonical_hash.slice(0, 12),
    });
  }
  console.log(`\nSigned and verified (files in ${work}, kept when JUX_DEMO_KEEP=1):`);
  console.table(rows);
  if (!rows.every((r) => r.valid)) process.exitCode = 1;
} finally {
  if (!process.env.JUX_DEMO_KEEP) rmSync(work, { recursive: true, force: true });
}

// npm run demo: a key, a local `jux serve`, then the committed `jux` bundle signs, verifies and inspects the
// sample reports and they are submitted to the server; the server's view is printed.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const cli = resolve("dist/cli/index.js");
const reports = resolve("examples/reports");
const work = mkdtempSync(join(tmpdir(), "jux-demo-"));
const env = { ...process.env, JUX_PROJECT_NAME: "demo" };
const jux = (...args) => execFileSync(process.execPath, [cli, ...args], { encoding: "utf8", env });

/** `jux serve` needs Node >= 22.5 (node:sqlite): the Node 24 that scripts/node24.sh installs from npm. */
async function startServer() {
  const node24 = execFileSync("bash", ["scripts/node24.sh"], { encoding: "utf8" }).trim();
  const token = "demo-token";
  const args = [
    cli,
    "serve",
    "--port",
    "0",
    "--database",
    join(work, "serve.sqlite"),
    "--token",
    token,
    "--trust",
    join(work, "signing-key.crt"),
  ];
  const child = spawn(node24, args, { stdio: ["ignore", "pipe", "ignore"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (s) => (out += s));
  while (!/listening on (\S+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`jux serve exited: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  process.stdout.write(out);
  return {
    api: /listening on (\S+)/.exec(out)[1],
    token,
    stop: () => (child.kill("SIGTERM"), once(child, "close")),
  };
}

let server;
try {
  const key = join(work, "signing-key.pem");
  process.stdout.write(jux("keygen", "--type", "ecdsa", "--output", key, "--cert", "--subject", "jux demo"));
  const cert = join(work, "signing-key.crt");
  server = await startServer();
  const rows = [];
  for (const name of readdirSync(reports).filter((f) => f.endsWith(".xml"))) {
    const signed = join(work, `signed-${name}`);
    jux("sign", "-i", join(reports, name), "-o", signed, "--key", key, "--cert", cert);
    const verdict = JSON.parse(jux("verify", "-i", signed, "--cert", cert, "--json"));
    const facts = JSON.parse(jux("inspect", "-i", signed, "--json"));
    const response = await fetch(`${server.api}/junit/submit`, {
      method: "POST",
      headers: {
        "Content-Type": "application/xml",
        Authorization: `Bearer ${server.token}`,
        "Idempotency-Key": facts.canonical_hash,
      },
      body: readFileSync(signed),
    });
    const published = await response.json();
    rows.push({
      report: name,
      tests: facts.tests,
      failed: facts.failures,
      skipped: facts.skipped,
      valid: verdict.valid,
      hash: facts.canonical_hash.slice(0, 12),
      server: `${response.status} ${published.test_run_id ?? published.error}`,
    });
  }
  console.log(`\nSigned, verified and published (files in ${work}, kept when JUX_DEMO_KEEP=1):`);
  console.table(rows);
  const runs = await (await fetch(`${server.api}/test_runs`)).json();
  console.log(`The server holds ${runs.pagination.total_count} runs:`);
  console.table(
    runs.test_runs.map((r) => ({
      project: r.project,
      status: r.status,
      tests: r.total_tests,
      failures: r.failures,
      signed_by: r.signed_by,
    })),
  );
  if (!rows.every((r) => r.valid && r.server.startsWith("201"))) process.exitCode = 1;
} finally {
  await server?.stop();
  if (!process.env.JUX_DEMO_KEEP) rmSync(work, { recursive: true, force: true });
}

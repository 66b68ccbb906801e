// npm run demo: a key, a local `jux serve`, then the committed `jux` bundle signs, verifies and inspects the
// sample reports and they are submitted to the server; then the action's committed main and post steps run on
// the same reports as the runner would run them (storage_mode api: the artifact and cache services exist only
// on GitHub), and the job summary they wrote is printed with the server's view.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runnerFiles, stateEnv } from "./runner-files.mjs";

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

/** Runs the action's main and post bundles as the runner does: INPUT_*, GITHUB_* files, STATE_* for post. */
function runAction(server, key, cert) {
  const workspace = join(work, "workspace");
  const temp = join(work, "runner-temp");
  mkdirSync(temp, { recursive: true });
  cpSync(reports, join(workspace, "reports"), { recursive: true });
  const files = runnerFiles(temp);
  const stepEnv = {
    PATH: process.env.PATH,
    HOME: temp,
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: "octo/jux-demo",
    GITHUB_RUN_ID: "1",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_JOB: "demo",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_REF: "refs/heads/main",
    ...files,
    INPUT_REPORT_PATHS: "reports/*.xml",
    INPUT_STORAGE_MODE: "api",
    INPUT_API_URL: server.api,
    INPUT_API_KEY: server.token,
    INPUT_SIGNING_KEY: key,
    INPUT_SIGNING_CERT: cert,
    INPUT_PROJECT: "demo-action",
    INPUT_SUMMARY: "true",
  };
  const step = (script, extra = {}) => {
    try {
      execFileSync(process.execPath, [resolve(script)], {
        cwd: workspace,
        env: { ...stepEnv, ...extra },
        stdio: "pipe",
      });
      return true;
    } catch (e) {
      process.stdout.write(String(e.stdout ?? "") + String(e.stderr ?? ""));
      return false;
    }
  };
  const mainOk = step("dist/main/index.js");
  const postOk = step("dist/post/index.js", stateEnv(files.GITHUB_STATE));
  return { ok: mainOk && postOk, summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8") };
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
  const action = runAction(server, key, cert);
  console.log("\nThe action (dist/main then dist/post, storage_mode api), its job summary:\n");
  console.log(action.summary);
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
  if (!rows.every((r) => r.valid && r.server.startsWith("201")) || !action.ok) process.exitCode = 1;
} finally {
  await server?.stop();
  if (!process.env.JUX_DEMO_KEEP) rmSync(work, { recursive: true, force: true });
}

// npm run demo [-- --keep]: a key and a local `jux serve`, then the committed `jux` bundle signs, verifies and
// inspects the sample reports and `jux publish` sends them (each command printed before it runs, as you would
// type it); then the action's committed main and post steps run on the same reports as the runner would run
// them (storage_mode api: the artifact and cache services exist only on GitHub), their job summary is printed,
// and the demo explains why the server now holds each example twice. With --keep, jux serve keeps running.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import {
  closeSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseCommandFile, runnerFiles, stateEnv } from "./runner-files.mjs";

const cli = resolve("dist/cli/index.js");
const keep = process.argv.slice(2).includes("--keep");
const work = mkdtempSync(join(tmpdir(), "jux-demo-"));
const TOKEN = "demo-token";
const KEY = "signing-key.pem";
const CERT = "signing-key.crt";
const examples = readdirSync("examples/reports").filter((f) => f.endsWith(".xml"));

/** An argument as a shell shows it: bare when safe, else single-quoted. */
const word = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/** Prints `$ [VAR=value] jux ARGS` as you would type it in the demo's folder, then runs the bundle there. */
function jux(args, vars = {}) {
  const shown = [...Object.entries(vars).map(([k, v]) => `${k}=${word(v)}`), "jux", ...args.map(word)];
  console.log(`\n$ ${shown.join(" ")}`);
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, ...vars },
  });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  process.stdout.write(out);
  if (r.status !== 0) throw new Error(`jux ${args[0]} exited ${r.status ?? r.signal}`);
  return out;
}

/**
 * The Node 24 that scripts/node24.sh installs from npm: `jux serve` needs Node >= 22.5 (node:sqlite), and the
 * runner runs the action's steps on node24.
 */
function node24() {
  const found = spawnSync("bash", ["scripts/node24.sh"], { encoding: "utf8" });
  if (found.status !== 0)
    throw new Error(`scripts/node24.sh could not provide Node 24: ${found.stderr.trim()}`);
  return found.stdout.trim();
}

async function startServer() {
  const node = node24();
  const args = ["serve", "--port", "0", "--database", "serve.sqlite", "--trust", CERT];
  console.log(
    `\n$ JUX_SERVE_TOKENS=${TOKEN} jux ${args.join(" ")} >serve.log 2>&1 &    # on Node 24: ${node}`,
  );
  const logFile = join(work, "serve.log");
  const log = openSync(logFile, "a");
  // With --keep the server outlives the demo: its own process group, its output in serve.log, not our pipe.
  const child = spawn(node, [cli, ...args], {
    cwd: work,
    env: { ...process.env, JUX_SERVE_TOKENS: TOKEN },
    stdio: ["ignore", log, log],
    detached: keep,
  });
  closeSync(log);
  let listening;
  while (!(listening = /listening on (\S+)/.exec(readFileSync(logFile, "utf8")))) {
    if (child.exitCode !== null) throw new Error(`jux serve exited: ${readFileSync(logFile, "utf8")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  console.log(readFileSync(logFile, "utf8").trimEnd());
  if (keep) child.unref();
  const stop = () => (child.exitCode === null && child.kill("SIGTERM"), once(child, "close"));
  return { api: listening[1], pid: child.pid, stop };
}

/** Signs, verifies and inspects each example, then publishes them all with one `jux publish`. */
function signAndPublish(server) {
  const hashes = {};
  console.log("\n$ mkdir signed");
  mkdirSync(join(work, "signed"));
  for (const name of examples) {
    const output = ["-o", `signed/${name}`, "--key", KEY, "--cert", CERT, "--project", "demo"];
    const signed = jux(["sign", "-i", `reports/${name}`, ...output]);
    hashes[name] = /sha256:([0-9a-f]{64})/.exec(signed)[1];
    jux(["verify", "-i", `signed/${name}`, "--cert", CERT]);
  }
  jux(["inspect", "-i", `signed/${examples[0]}`]);
  const files = examples.flatMap((name) => ["-f", `signed/${name}`]);
  jux(["publish", ...files, "--storage-mode", "api", "--api-url", server.api], { JUX_API_KEY: TOKEN });
  return hashes;
}

/** Runs the action's main and post bundles as the runner does: INPUT_*, GITHUB_* files, STATE_* for post. */
function runAction(server) {
  const node = node24();
  const workspace = join(work, "workspace");
  const temp = join(work, "runner-temp");
  mkdirSync(temp, { recursive: true });
  cpSync(join(work, "reports"), join(workspace, "reports"), { recursive: true });
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
    INPUT_API_KEY: TOKEN,
    INPUT_SIGNING_KEY: join(work, KEY),
    INPUT_SIGNING_CERT: join(work, CERT),
    INPUT_PROJECT: "demo-action",
    INPUT_SUMMARY: "true",
  };
  const step = (script, extra = {}) => {
    console.log(
      `\n$ node ${script}    # the action's step as the runner runs it: on Node 24, INPUT_*, GITHUB_* set; its log is hidden, its summary follows`,
    );
    const r = spawnSync(node, [resolve(script)], {
      cwd: workspace,
      env: { ...stepEnv, ...extra },
    });
    if (r.status !== 0) process.stdout.write(`${r.stdout}${r.stderr}`);
    return r.status === 0;
  };
  const mainOk = step("dist/main/index.js");
  const postOk = step("dist/post/index.js", stateEnv(files.GITHUB_STATE));
  const outputs = parseCommandFile(readFileSync(files.GITHUB_OUTPUT, "utf8"));
  return { ok: mainOk && postOk, summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8"), outputs };
}

const propertyNames = (xml) => new Set([...xml.matchAll(/<property name="([^"]+)"/g)].map((m) => m[1]));

/** Each example now exists as two signed reports: one by `jux sign`, one by the action. Says why. */
function explainTwoHashes(cliHashes, outputs) {
  const actionHashes = JSON.parse(outputs.canonical_hashes ?? "{}");
  const width = Math.max(...examples.map((n) => n.length));
  console.log("\nWhy the server holds each example twice, under two hashes:");
  for (const name of examples) {
    const ours = cliHashes[name].slice(0, 12);
    const theirs = actionHashes[`reports/${name}`]?.slice(0, 12);
    console.log(`  ${name.padEnd(width)}  signed by jux sign: ${ours}  by the action: ${theirs}`);
  }
  const mine = propertyNames(readFileSync(join(work, "signed", examples[0]), "utf8"));
  const theirs = propertyNames(readFileSync(join(outputs.signed_dir, "reports", examples[0]), "utf8"));
  const added = [...theirs].filter((p) => !mine.has(p));
  console.log(
    [
      "A report's canonical hash covers all its content, the metadata jux adds included (not the signature:",
      "re-signing a copy keeps its hash). jux sign recorded this machine (project demo, jux:hostname,",
      "jux:timestamp, ...); the action also recorded the GitHub run, as properties the other copy lacks:",
      `  ${added.join(", ")}`,
      "so its signed copy is a different report, with a different canonical hash, and the server keeps both.",
    ].join("\n"),
  );
}

async function showRuns(server) {
  const runs = await (await fetch(`${server.api}/test_runs`)).json();
  console.log(`\nThe server holds ${runs.pagination.total_count} runs (GET ${server.api}/test_runs):`);
  console.table(
    runs.test_runs.map((r) => ({
      project: r.project,
      status: r.status,
      tests: r.total_tests,
      failures: r.failures,
    })),
  );
}

let server;
let kept = false;
try {
  console.log(`In ${work} (a copy of examples/reports/ in reports/):`);
  console.log(
    "(jux below is this clone's dist/cli/index.js: type npx jux in the clone to run the same commands)",
  );
  cpSync("examples/reports", join(work, "reports"), { recursive: true });
  jux(["keygen", "--type", "ecdsa", "--output", KEY, "--cert", "--subject", "jux demo"]);
  server = await startServer();
  const cliHashes = signAndPublish(server);
  console.log(`\nSigned, verified and published ${examples.length} reports with jux.`);
  const action = runAction(server);
  console.log("\nThe action (dist/main then dist/post, storage_mode api), its job summary:\n");
  console.log(action.summary);
  if (!action.ok) process.exitCode = 1;
  explainTwoHashes(cliHashes, action.outputs);
  await showRuns(server);
  if (keep) {
    const page = server.api.replace(/\/api\/v1$/, "/");
    console.log(`\njux serve keeps running (pid ${server.pid}): open ${page} in a browser.`);
    console.log(`Stop it with: kill ${server.pid}; then remove its database, log and keys: rm -rf ${work}`);
    kept = true;
  }
} catch (e) {
  console.error(`demo: ${e.message}`);
  process.exitCode = 1;
} finally {
  if (!kept) {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

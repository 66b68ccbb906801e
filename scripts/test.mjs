// `npm test [-- JEST ARGS]`: runs each jest project (unit, corpus, e2e; see jest.config.js) in a jest process of
// its own, one after the other with the Node running this script, and prints each one's wall time. Every project
// runs even when one fails; the exit code is 1 if any failed. `--selectProjects unit e2e` runs only those; the
// other arguments go to every jest run (a test path that is in one project only finds nothing in the others,
// which passes).
//
// PostgreSQL: the tests that need it read the admin URL of a throwaway cluster from JUX_TEST_POSTGRES_URL. When it
// is unset and PostgreSQL's programs are installed, one cluster (scripts/postgres.mjs: on a unix socket in a 0700
// directory of this user's, no TCP) is started before the first project and stopped after the last, also on failure
// or Ctrl-C; one this script left behind when killed (SIGKILL) is removed by the next run. Without PostgreSQL's
// programs one line says what is skipped.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import checkSystem from "./check-system.mjs";
import { findPostgresBin, postgresMissing, startCluster, stopCluster } from "./postgres.mjs";

export const PROJECTS = ["unit", "corpus", "e2e"];

/**
 * Splits the arguments into the projects to run (all, unless --selectProjects names some: the project names that
 * follow it, so that a test path after them stays a test path) and jest's arguments.
 */
export function parseArgs(args) {
  const at = args.indexOf("--selectProjects");
  if (at < 0) return { projects: PROJECTS, jestArgs: args };
  let end = at + 1;
  while (end < args.length && PROJECTS.includes(args[end])) end++;
  if (end === at + 1)
    throw new Error(
      `--selectProjects ${args[at + 1] ?? ""}: not a project; the projects are ${PROJECTS.join(", ")}, ` +
        `e.g. npm test -- --selectProjects unit`,
    );
  return { projects: args.slice(at + 1, end), jestArgs: [...args.slice(0, at), ...args.slice(end)] };
}

let child;

function runProject(jest, project, jestArgs, env) {
  const started = process.hrtime.bigint();
  return new Promise((resolveRun) => {
    child = spawn(process.execPath, [jest, "--selectProjects", project, "--passWithNoTests", ...jestArgs], {
      stdio: "inherit",
      env,
    });
    const done = (status, signal) => {
      child = undefined;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const ok = status === 0;
      const how = ok ? "passed" : signal ? `killed by ${signal}` : `failed (exit ${status})`;
      resolveRun({ project, ok, line: `project ${project}: ${seconds.toFixed(1)} s wall, ${how}` });
    };
    child.once("error", (error) => {
      process.stderr.write(`jest: ${error.message}\n`);
      done(1, null);
    });
    child.once("exit", done);
  });
}

/**
 * The cluster for this run: none when JUX_TEST_POSTGRES_URL is already set (CI starts its own) or PostgreSQL is
 * not installed (one line says what is skipped and how to install it). Stopped on exit, Ctrl-C or SIGTERM.
 */
async function startPostgres(env) {
  if (env.JUX_TEST_POSTGRES_URL) return;
  const missing = postgresMissing(findPostgresBin());
  if (missing) {
    process.stdout.write(`PostgreSQL tests will be skipped: ${missing}\n`);
    return;
  }
  // Owned by this process: if it dies without stopping the cluster, the next start removes it (reapClusters).
  const cluster = await startCluster();
  for (const dir of cluster.reaped)
    process.stdout.write(`Removed a leftover test PostgreSQL (its owner is gone): ${dir}\n`);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      stopCluster(cluster.dir);
    } catch (error) {
      process.stderr.write(`stopping the test PostgreSQL: ${error.message}\n`);
    }
  };
  process.once("exit", stop);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"])
    process.once(signal, () => {
      // Jest gets the terminal's Ctrl-C itself; a signal sent to this process alone is passed on.
      child?.kill(signal);
      stop();
      process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
    });
  process.stdout.write(`PostgreSQL for the tests: ${cluster.version}, ${cluster.url} (${cluster.dir})\n`);
  env.JUX_TEST_POSTGRES_URL = cluster.url;
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  // Once, before any project: the programs the corpus and e2e projects use (the unit project needs none).
  if (parsed.projects.some((name) => name !== "unit")) checkSystem();
  const jest = createRequire(import.meta.url).resolve("jest/bin/jest");
  // Jest runs the ESM test files through node:vm modules, behind this flag.
  const nodeOptions = [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" ");
  const env = { ...process.env, NODE_OPTIONS: nodeOptions };
  try {
    await startPostgres(env);
  } catch (error) {
    // As when PostgreSQL is missing: its tests say they are skipped (under CI=true they fail), the others run.
    process.stdout.write(
      `PostgreSQL tests will be skipped: the test PostgreSQL did not start: ${error.message}\n`,
    );
  }
  const results = [];
  for (const project of parsed.projects) {
    const result = await runProject(jest, project, parsed.jestArgs, env);
    process.stdout.write(`\n${result.line}\n\n`);
    results.push(result);
  }
  process.stdout.write(`Node ${process.version}:\n${results.map((r) => `  ${r.line}\n`).join("")}`);
  return results.every((r) => r.ok) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  main().then((code) => (process.exitCode = code));

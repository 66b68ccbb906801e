// `npm test [-- JEST ARGS]`: runs each jest project (unit, corpus, e2e; see jest.config.js) in a jest process of
// its own, one after the other with the Node running this script, and prints each one's wall time. Every project
// runs even when one fails; the exit code is 1 if any failed. `--selectProjects unit e2e` runs only those; the
// other arguments go to every jest run (a test path that is in one project only finds nothing in the others,
// which passes).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import checkSystem from "./check-system.mjs";

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

function runProject(jest, project, jestArgs, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [jest, "--selectProjects", project, "--passWithNoTests", ...jestArgs],
    { stdio: "inherit", env },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ok = result.status === 0;
  const how = ok ? "passed" : result.signal ? `killed by ${result.signal}` : `failed (exit ${result.status})`;
  return { project, ok, line: `project ${project}: ${seconds.toFixed(1)} s wall, ${how}` };
}

function main() {
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
  const results = [];
  for (const project of parsed.projects) {
    const result = runProject(jest, project, parsed.jestArgs, env);
    process.stdout.write(`\n${result.line}\n\n`);
    results.push(result);
  }
  process.stdout.write(`Node ${process.version}:\n${results.map((r) => `  ${r.line}\n`).join("")}`);
  return results.every((r) => r.ok) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();

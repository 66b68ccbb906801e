// The files the GitHub runner gives a node action's steps, for running dist/main and dist/post outside GitHub
// (npm run demo, bench/action.mjs, the end-to-end tests).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY, created empty in dir. */
export function runnerFiles(dir) {
  const files = {
    GITHUB_OUTPUT: join(dir, "output"),
    GITHUB_STATE: join(dir, "state"),
    GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
  };
  for (const f of Object.values(files)) writeFileSync(f, "");
  return files;
}

/** Parses the runner's `name<<DELIMITER\nvalue\nDELIMITER` file format (GITHUB_OUTPUT, GITHUB_STATE). */
export function parseCommandFile(text) {
  const out = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    out[m[1]] = value.join("\n");
  }
  return out;
}

/** What main saved with core.saveState, as the STATE_<name> variables the runner gives the post step. */
export function stateEnv(stateFile) {
  const state = parseCommandFile(readFileSync(stateFile, "utf8"));
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
}

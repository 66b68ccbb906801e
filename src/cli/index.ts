#!/usr/bin/env node
import { main } from "./main.js";

void main(process.argv[1] ?? "jux", process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
}).then((status) => {
  process.exitCode = status;
});

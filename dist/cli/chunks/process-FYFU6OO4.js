import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import "./chunk-3XIP2PPI.js";

// src/cli/process.ts
function runAsProcess(run) {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e) => {
      if (e.code !== "EPIPE") throw e;
      process.exit(process.exitCode ?? 0);
    });
  }
  const io = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd()
  };
  void run(process.argv[1] ?? "jux", process.argv.slice(2), io).then((status) => {
    process.exitCode = status;
  });
}
export {
  runAsProcess
};

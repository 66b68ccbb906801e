import type { CliIo } from "../core/command/io.js";

/** Runs a jux command line as this process: its streams, environment and directory; the status becomes the exit code. */
export function runAsProcess(run: (program: string, argv: string[], io: CliIo) => Promise<number>): void {
  // A reader that went away (`jux inspect | head`) is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
      process.exit(process.exitCode ?? 0);
    });
  }
  const io: CliIo = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
  void run(process.argv[1] ?? "jux", process.argv.slice(2), io).then((status) => {
    process.exitCode = status;
  });
}

/** Runs run-toolkit.mjs (the real @actions/cache and @actions/artifact) as a child process, like a step. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { JobEnvironment } from "./index.js";

export const TOOLKIT = fileURLToPath(new URL("./run-toolkit.mjs", import.meta.url));

export type ToolkitCommand =
  | { op: "save"; paths: string[]; key: string }
  | { op: "restore"; paths: string[]; key: string; restoreKeys?: string[]; lookupOnly?: boolean }
  | { op: "available" }
  | { op: "upload"; name: string; files: string[]; root: string; retentionDays?: number }
  | { op: "list"; latest?: boolean }
  | { op: "get"; name: string }
  | { op: "download"; id: number; path: string }
  | { op: "delete"; name: string };

export interface ToolkitRun {
  ok: boolean;
  result?: unknown;
  error?: string;
  stdout: string;
  stderr: string;
  /** The `::warning::` and `::error::` workflow commands the step printed (the text after `::`). */
  warnings: string[];
  errors: string[];
}

export interface Step {
  job: JobEnvironment;
  /** RUNNER_TEMP and GITHUB_WORKSPACE (the step's working directory). */
  runnerTemp: string;
  workspace: string;
  env?: Record<string, string>;
  /** The Node binary (default: the one running the tests), e.g. Node 24, the action's runtime. */
  node?: string;
  timeoutMs?: number;
}

export function runToolkit(step: Step, command: ToolkitCommand): Promise<ToolkitRun> {
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: step.runnerTemp,
    RUNNER_TEMP: step.runnerTemp,
    GITHUB_WORKSPACE: step.workspace,
    ...step.job.env,
    ...step.env,
  };
  return new Promise((resolve, reject) => {
    execFile(
      step.node ?? process.execPath,
      [...step.job.nodeArgs, TOOLKIT, JSON.stringify(command)],
      { cwd: step.workspace, env, timeout: step.timeoutMs ?? 60_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((l) => l.startsWith("@@result "));
        if (!line)
          return reject(
            new Error(`run-toolkit.mjs printed no result (${error?.message ?? "exit 0"}): ${stderr.trim()}`),
          );
        const outcome = JSON.parse(line.slice("@@result ".length)) as {
          ok: boolean;
          result?: unknown;
          error?: string;
        };
        const commands = (kind: string) =>
          stdout
            .split("\n")
            .filter((l) => l.startsWith(`::${kind}`))
            .map((l) => l.replace(/^::\w+[^:]*::/, ""));
        resolve({ ...outcome, stdout, stderr, warnings: commands("warning"), errors: commands("error") });
      },
    );
  });
}

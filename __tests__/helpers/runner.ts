/**
 * Runs the committed action bundles the way the GitHub runner does: each step a separate Node 24 process with
 * INPUT_* (action.yml defaults filled in), the GITHUB_* context, RUNNER_TEMP, a workspace, and the files
 * GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY; the state main saved reaches post as STATE_* variables.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { parseCommandFile, runnerFiles } from "../../scripts/runner-files.mjs";
import type { ActionsService, JobEnvironment, JobOptions } from "./actions-service/index.js";
import { NODE24, tempDir } from "./serve.js";

export const MAIN = resolve("dist/main/index.js");
export const POST = resolve("dist/post/index.js");

interface ActionYaml {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; main: string; post: string; "post-if": string };
}

export const ACTION = parse(readFileSync("action.yml", "utf8")) as ActionYaml;

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface JobRun {
  main: StepResult;
  post: StepResult;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  workspace: string;
  temp: string;
  /** Everything the two steps printed. */
  log: string;
  /** Workflow-command annotations, e.g. {level: "warning", message}. */
  annotations: { level: string; message: string }[];
  /** The same with their properties (file, line, title...) and the message unescaped, in the order emitted. */
  annotated: Annotated[];
}

export interface Annotated {
  level: string;
  properties: Record<string, string>;
  message: string;
}

/** Undoes @actions/core's escaping of a command's data (%25 %0D %0A) and properties (also %3A %2C). */
const unescape = (s: string) =>
  s
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%3A/g, ":")
    .replace(/%2C/g, ",")
    .replace(/%25/g, "%");

function annotatedOf(log: string): Annotated[] {
  return [...log.matchAll(/^::(error|warning|notice)( [^:]*)?::(.*)$/gm)].map((m) => ({
    level: m[1]!,
    properties: Object.fromEntries(
      (m[2] ?? "")
        .trim()
        .split(",")
        .filter((p) => p.includes("="))
        .map((p) => [p.slice(0, p.indexOf("=")), unescape(p.slice(p.indexOf("=") + 1))]),
    ),
    message: unescape(m[3]!),
  }));
}

function inputEnv(inputs: Record<string, string>, githubToken: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(ACTION.inputs)) {
    const given = inputs[name] ?? spec.default;
    const value = given === "${{ github.token }}" ? githubToken : given;
    if (value !== undefined) env[`INPUT_${name.toUpperCase()}`] = value;
  }
  for (const name of Object.keys(inputs))
    if (!(name in ACTION.inputs)) throw new Error(`action.yml has no input ${name}`);
  return env;
}

/**
 * A step that runs longer than this is stopped and the test fails with what it printed and what it was waiting on
 * (Node's diagnostic report: its open sockets and timers), instead of jest's bare timeout. No step of the e2e
 * scenarios takes more than a few seconds alone; this allows for a loaded 2-core machine.
 */
const STEP_TIMEOUT_MS = Number(process.env.JUX_TEST_STEP_TIMEOUT_MS ?? 90_000);

/** What a diagnostic report says the step was waiting on: its active libuv handles (sockets with their peers, timers). */
function waitingOn(reportDir: string): string {
  const file = existsSync(reportDir) ? readdirSync(reportDir).find((f) => f.endsWith(".json")) : undefined;
  if (!file) return "(no diagnostic report was written)";
  const report = JSON.parse(readFileSync(join(reportDir, file), "utf8")) as {
    javascriptStack?: { message?: string; stack?: string[] };
    libuv?: {
      type: string;
      is_active?: boolean;
      localEndpoint?: unknown;
      remoteEndpoint?: unknown;
      ms?: number;
      expiry?: number;
    }[];
  };
  const handles = (report.libuv ?? [])
    .filter((h) => h.is_active && !["async", "check", "prepare", "idle", "loop", "signal"].includes(h.type))
    .map(
      (h) =>
        `${h.type} ${JSON.stringify({ local: h.localEndpoint, remote: h.remoteEndpoint, ms: h.expiry })}`,
    );
  return [...handles, ...(report.javascriptStack?.stack ?? []).slice(0, 10)].join("\n");
}

function runStep(
  script: string,
  nodeArgs: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<StepResult> {
  return new Promise((done, fail) => {
    const reportDir = join(env.RUNNER_TEMP ?? cwd, `.step-report-${Date.now()}`);
    mkdirSync(reportDir, { recursive: true });
    const diagnostics = ["--report-on-signal", "--report-signal=SIGUSR2", `--report-directory=${reportDir}`];
    const child = spawn(NODE24, [...diagnostics, ...nodeArgs, script], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    let hung = false;
    const watchdog = setTimeout(() => {
      hung = true;
      child.kill("SIGUSR2");
      setTimeout(() => child.kill("SIGKILL"), 2000).unref();
    }, STEP_TIMEOUT_MS);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(watchdog);
      if (!hung) return done({ code, stdout, stderr });
      const tail = (stdout + stderr).slice(-6000);
      fail(
        new Error(
          `${script} did not finish in ${STEP_TIMEOUT_MS / 1000} s; it was waiting on:\n${waitingOn(reportDir)}\n` +
            `its last output:\n${tail}`,
        ),
      );
    });
  });
}

export interface RunOptions {
  job: JobOptions;
  inputs: Record<string, string>;
  /** Files to create in the workspace: relative path → contents. */
  files?: Record<string, string | Buffer>;
  /** An existing workspace to reuse. */
  workspace?: string;
  /** Extra environment (e.g. HTTPS_PROXY), or overrides of the service's. */
  env?: Record<string, string>;
  /** Drop the REST token (as without actions: read). */
  noToken?: boolean;
  /** Runs between the main and the post step (as the user's later steps would). */
  between?: (job: { workspace: string; temp: string }) => void;
  /** Sees the job's environment before the steps run (e.g. to grant its github token to another double). */
  onJob?: (job: JobEnvironment) => void;
}

/** Runs main, then post (always, as post-if: always()), of one job. */
export async function runJob(service: ActionsService, o: RunOptions): Promise<JobRun> {
  const workspace = o.workspace ?? tempDir("jux-ws-");
  const temp = tempDir("jux-runner-temp-");
  for (const [path, contents] of Object.entries(o.files ?? {})) {
    mkdirSync(join(workspace, path, ".."), { recursive: true });
    writeFileSync(join(workspace, path), contents);
  }
  const files = runnerFiles(temp);
  const job = service.job(o.job);
  o.onJob?.(job);
  const token = o.noToken ? "" : job.githubToken;
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: temp,
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: workspace,
    ...files,
    ...job.env,
    ...inputEnv(o.inputs, token),
    ...(o.env ?? {}),
  };
  const main = await runStep(MAIN, job.nodeArgs, base, workspace);
  o.between?.({ workspace, temp });
  const state = parseCommandFile(readFileSync(files.GITHUB_STATE, "utf8"));
  const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  const post = await runStep(POST, job.nodeArgs, { ...base, ...stateEnv }, workspace);
  const log = main.stdout + main.stderr + post.stdout + post.stderr;
  const annotations = [...log.matchAll(/^::(error|warning|notice)[^:]*::(.*)$/gm)].map((m) => ({
    level: m[1]!,
    message: m[2]!,
  }));
  return {
    main,
    post,
    outputs: parseCommandFile(readFileSync(files.GITHUB_OUTPUT, "utf8")),
    state,
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8"),
    workspace,
    temp,
    log,
    annotations,
    annotated: annotatedOf(log),
  };
}

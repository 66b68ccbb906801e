/**
 * `jux compare --base BRANCH FILE…`: this run's reports (the head) against the latest run of the same project on
 * BRANCH that a Jux server holds (GET {api_url}/baseline), through the one comparison (core/store/compare.ts's
 * differences, i.e. junit/compare.ts's compareTests). The server's answer is untrusted: bounded and checked.
 */
import type { JuxConfig } from "../../core/config/index.js";
import { unionTests, type TestLike } from "../../core/junit/compare.js";
import { collectMetadata } from "../../core/junit/metadata.js";
import { jobOf, propertyMap } from "../../core/junit/run-identity.js";
import type { RunCounts, TestResult } from "../../core/junit/tests.js";
import type { BaselineRun } from "../../core/publish/baseline.js";
import { differences, readTests, type TestDifferences } from "../../core/store/compare.js";
import { CONTROL_CHARACTERS } from "../../core/text.js";
import { json, parse } from "../../core/command/args.js";
import { FileError, UsageError, writeLine, type CliIo, type Command } from "../../core/command/io.js";
import { expandInputs, isProblem, operandsOf } from "../file-args.js";
import { fetchBaseline } from "./compare-baseline.js";
import { countsLine, differencesText, printable } from "../format.js";
import { apiConfiguration } from "../settings.js";

const USAGE = `Usage: jux compare --base BRANCH [--project P] [--job J] [--fail-on-new] [--all] [--json]
                   [--api-url URL] REPORT.xml|DIR|'PATTERN' ...

Compares this run's reports (the head; several are joined: a test that failed in any of them is failing) with
the latest run of the same project on BRANCH that the Jux server holds (GET {api_url}/baseline), test by test:
newly failing, still failing, fixed, added, removed, slower. A test is its suite, classname and name; a test
that failed and then passed within a run is flaky, which is not failing.

The server is api_url with the API key of the configuration, as for jux publish (JUX_API_URL, JUX_API_KEY or
JUX_BEARER_TOKEN, or a config file); it must be a jux serve (the baseline route is not in the upstream Jux API).

Exit status: 0 compared, also with new failures (unlike jux cache compare, which exits 1 on them), or no
baseline on the server (said on stdout); 1 with --fail-on-new when there is a new failure, or when a report
cannot be read or the server cannot answer; 2 usage error (also: reports of different projects or jobs
without --project or --job).

Options:
      --base BRANCH      the branch to compare with (required), e.g. main
      --project P        the project on the server (default: the reports' project property, else as jux sign
                         names it: JUX_PROJECT_NAME, project_name, the repository's name, the directory's)
      --job J            the CI job whose runs to compare with (default: the reports' job: env:GITHUB_JOB
                         with the action's jux:leg, e.g. "test (ubuntu-22)"; without one, any job's latest run)
      --fail-on-new      exit 1 when a test newly fails
  -r, --recursive        a directory's subdirectories too
      --all              list every test of each section (default: the first 50 and a count)
      --json             print {project, branch, job, baseline, head, newlyFailing, stillFailing, fixed, added,
                         removed, slower}
      --api-url URL      the Jux API, ending in /api/v1 (default: api_url)
      --timeout SECONDS  per request (default: api_timeout, 30)
  -h, --help             show this help
`;

const OPTIONS = {
  base: { type: "string" },
  project: { type: "string" },
  job: { type: "string" },
  "fail-on-new": { type: "boolean" },
  recursive: { type: "boolean", short: "r" },
  all: { type: "boolean" },
  json: { type: "boolean" },
  "api-url": { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>["values"];

/** A name given on the command line (branch, project, job): one line, not empty, not huge. */
function nameFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "" || value.length > 1000 || CONTROL_CHARACTERS.test(value))
    throw new UsageError(
      `jux compare: --${flag} must be a name of one line (1 to 1000 characters), e.g. --${flag} main`,
    );
  return value;
}

/** The configuration (settings.ts apiConfiguration: exposed key warned about, short key refused), with api_url. */
async function configuration(values: Values, io: CliIo): Promise<JuxConfig> {
  const cli: Record<string, string> = {};
  if (values["api-url"] !== undefined) cli.api_url = values["api-url"];
  if (values.timeout !== undefined) cli.api_timeout = values.timeout;
  const { config } = await apiConfiguration(cli, io);
  if (!config.apiUrl)
    throw new UsageError(
      "jux compare: the baseline comes from a Jux server: set api_url (--api-url, JUX_API_URL or a config file), e.g. --api-url http://localhost:4000/api/v1",
    );
  return config;
}

export interface Head {
  files: string[];
  counts: RunCounts;
  tests: TestLike[];
  /** --project, else the `project` property the reports carry (what the server files them under). */
  project?: string;
  /** --job, else the job the reports name (jobOf: env:GITHUB_JOB with jux:leg, as the server files them). */
  job?: string;
  /** The `git:commit` properties of the reports. */
  commits: Set<string>;
  truncated: string[];
}

function addCounts(a: RunCounts, b: RunCounts): RunCounts {
  const time = Math.round((a.time + b.time) * 1000) / 1000;
  return {
    tests: a.tests + b.tests,
    passed: a.passed + b.passed,
    failures: a.failures + b.failures,
    errors: a.errors + b.errors,
    skipped: a.skipped + b.skipped,
    time,
    flaky: a.flaky + b.flaky,
  };
}

/** What the command line gives instead of the reports' own names. */
export interface HeadFlags {
  project?: string | undefined;
  job?: string | undefined;
}

/** Names shown in a message: each quoted and printable, the first few and a count of the rest. */
function quoted(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => printable(JSON.stringify(n), 100));
  return names.length > shown.length
    ? `${shown.join(", ")} and ${names.length - shown.length} more`
    : shown.join(", ");
}

/** The flag, else the one name the reports agree on; reports naming several need the flag (exit 2). */
function agreed(what: "project" | "job", names: Set<string>, flag: string | undefined): string | undefined {
  if (flag !== undefined) return flag;
  if (names.size > 1) {
    const how =
      what === "job"
        ? " (the job whose base run to compare with), or compare each job's reports on their own"
        : "";
    throw new UsageError(
      `jux compare: the reports name different ${what === "job" ? "jobs" : "projects"} (${quoted([...names])}): give --${what}${how}`,
    );
  }
  return names.size === 1 ? [...names][0]! : undefined;
}

/**
 * The head's reports, each read once; any that cannot be read stops the command (the comparison would lie). Their
 * project and job are read as the server files a run (core/junit/run-identity.ts: the last of a repeated
 * property wins): without --project or --job, reports that name several of either are a usage error.
 */
export async function readHead(
  operands: string[],
  recursive: boolean,
  io: CliIo,
  flags: HeadFlags = {},
): Promise<Head> {
  const { items } = await expandInputs(operands, io, { cwd: io.cwd, recursive });
  const zero: RunCounts = { tests: 0, passed: 0, failures: 0, errors: 0, skipped: 0, time: 0, flaky: 0 };
  const head: Head = { files: [], counts: zero, tests: [], commits: new Set(), truncated: [] };
  const runs: TestResult[][] = [];
  const projects = new Set<string>();
  const jobs = new Set<string>();
  for (const item of items) {
    if (isProblem(item)) throw new FileError(`jux compare: ${item.problem}`);
    const { reading, run } = await readTests(item);
    head.files.push(item.source);
    head.counts = addCounts(head.counts, run.counts);
    runs.push(run.tests);
    if (run.truncated) head.truncated.push(item.source);
    const props = propertyMap(reading.summary.properties);
    const commit = props.get("git:commit");
    if (commit) head.commits.add(commit);
    const project = props.get("project");
    if (project) projects.add(project);
    const job = jobOf(props);
    if (job) jobs.add(job);
  }
  head.tests = [...unionTests(runs).values()];
  const project = agreed("project", projects, flags.project);
  const job = agreed("job", jobs, flags.job);
  return { ...head, ...(project !== undefined ? { project } : {}), ...(job !== undefined ? { job } : {}) };
}

/** The project as jux sign would write it (JUX_PROJECT_NAME, project_name, the repository, the directory). */
function defaultProject(config: JuxConfig, io: CliIo): string {
  const metadata = collectMetadata({
    env: io.env,
    cwd: io.cwd,
    ...(config.projectName !== undefined ? { project: config.projectName } : {}),
  });
  return metadata.find((p) => p.name === "project")!.value;
}

interface Result extends TestDifferences {
  project: string;
  branch: string;
  job: string | null;
  /**
   * The base run as the server described it; tests: how many; truncated: only part of its tests were listed (by
   * the server, or past the client's limit); same_commit: a run of the base is of the head's own commit.
   */
  baseline: {
    workflow_run: string | null;
    test_runs: BaselineRun[];
    tests: number;
    truncated: boolean;
    same_commit: boolean;
  };
  head: { files: string[]; counts: RunCounts; truncated: string[] };
}

function baselineLine(r: Result): string {
  const runs = r.baseline.test_runs;
  const first = runs[0];
  const commit = first?.commit_sha ? `commit ${first.commit_sha.slice(0, 12)}, ` : "";
  const when = first ? `${commit}stored ${first.inserted_at}` : "no run listed";
  const legs = runs.length > 1 ? `, ${runs.length} legs` : "";
  const cut = r.baseline.truncated ? " (the server listed only part of its tests)" : "";
  return printable(
    `base: ${r.project} on ${r.branch}${r.job ? ` (job ${r.job})` : ""}: ${r.baseline.tests} tests (${when}${legs})${cut}`,
  );
}

function text(r: Result, all: boolean): string[] {
  const files = r.head.files.length === 1 ? r.head.files[0]! : `${r.head.files.length} reports`;
  const lines = [baselineLine(r), `head: ${printable(files)}: ${countsLine(r.head.counts)}`];
  if (r.baseline.same_commit)
    lines.push(
      "note: the baseline is a run of this same commit (published already): it compares the run with itself; give the branch this one is to be merged into",
    );
  for (const source of r.head.truncated)
    lines.push(`note: ${printable(source)} has more tests than are compared; the lists are partial`);
  return [...lines, ...differencesText(r, all)];
}

export const compare: Command = async (argv, io) => {
  const { values, tokens } = parse(argv, OPTIONS, "compare", true);
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const branch = nameFlag("base", values.base);
  if (branch === undefined)
    throw new UsageError(
      "jux compare: --base BRANCH is required (the branch to compare with, e.g. --base main)",
    );
  const operands = operandsOf(tokens, "");
  if (operands.length === 0)
    throw new UsageError(
      "jux compare: give this run's reports (files, a directory or a quoted pattern), e.g. jux compare --base main reports/",
    );
  const flags = { project: nameFlag("project", values.project), job: nameFlag("job", values.job) };
  const config = await configuration(values, io);
  const head = await readHead(operands, !!values.recursive, io, flags);
  const project = head.project ?? defaultProject(config, io);
  const job = head.job ?? null;
  const answer = await fetchBaseline(config, { project, branch, job });
  if (answer.kind === "none") {
    const why = `no baseline: the server at ${answer.server} holds no run of project ${project} on branch ${branch}${job ? ` for job ${job}` : ""}; publish a run of ${branch} first (jux publish, or the action on a push to ${branch}), then compare again`;
    if (values.json) writeLine(io.stdout, json({ project, branch, job, baseline: null, reason: why }));
    else writeLine(io.stdout, printable(why));
    return 0;
  }
  const base = answer.baseline;
  const result: Result = {
    project,
    branch,
    job,
    baseline: {
      workflow_run: base.workflowRun,
      test_runs: base.runs,
      tests: base.tests.length,
      truncated: base.truncated || base.cut > 0,
      same_commit: base.runs.some((run) => run.commit_sha !== null && head.commits.has(run.commit_sha)),
    },
    head: { files: head.files, counts: head.counts, truncated: head.truncated },
    ...differences(base.tests, head.tests),
  };
  writeLine(io.stdout, values.json ? json(result) : text(result, !!values.all).join("\n"));
  return values["fail-on-new"] && result.newlyFailing.length > 0 ? 1 : 0;
};

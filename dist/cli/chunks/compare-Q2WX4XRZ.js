import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  API_TEST_KEYS,
  MAX_NAME_CHARS,
  checkTests,
  isRecord,
  own,
  typeOf
} from "./chunk-5DTTXT2E.js";
import {
  redactStrings,
  retryAfterMs
} from "./chunk-I5PHMKPF.js";
import {
  expandInputs,
  isProblem,
  operandsOf
} from "./chunk-ZAYRCJWR.js";
import {
  exchange,
  jsonObject
} from "./chunk-OV4UDHCO.js";
import "./chunk-GYPFEUP3.js";
import {
  differences,
  readTests
} from "./chunk-BXH4WGHD.js";
import {
  countsLine,
  differencesText,
  printable
} from "./chunk-V76BHTCH.js";
import {
  jobOf,
  propertyMap
} from "./chunk-IH4754G3.js";
import {
  unionTests
} from "./chunk-EWRMEQBN.js";
import "./chunk-NKD7BIX5.js";
import "./chunk-J5DVWMKE.js";
import {
  apiConfiguration
} from "./chunk-2JDYEZ2Q.js";
import {
  FileError,
  UsageError,
  json,
  parse,
  writeLine
} from "./chunk-FDG5WOXJ.js";
import {
  CONTROL_CHARACTERS,
  collectMetadata
} from "./chunk-KE6R4GHG.js";
import "./chunk-QDVVVQI6.js";
import "./chunk-3XIP2PPI.js";

// src/core/publish/baseline.ts
var MAX_BASELINE_BYTES = 16 * 1024 ** 2;
var MAX_BASELINE_RUNS = 1e4;
var MAX_SAID = 500;
var TRANSIENT_STATUS = /* @__PURE__ */ new Set([429, 500, 502, 503, 504]);
function baselineUrl(apiUrl, q) {
  let url;
  try {
    url = new URL(`${apiUrl.replace(/\/+$/, "")}/baseline`);
  } catch {
    return void 0;
  }
  url.searchParams.set("project", q.project);
  url.searchParams.set("branch", q.branch);
  if (q.job) url.searchParams.set("job", q.job);
  return url;
}
function shownUrl(url) {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.href;
  } catch {
    return String(url);
  }
}
var firstLineOf = (v) => typeof v === "string" ? v.split(/[\r\n\u2028\u2029]/).find((l) => l.trim() !== "")?.trim().slice(0, MAX_SAID) : void 0;
function suggestionOf(body) {
  const list = body ? own(body, "suggestions") : void 0;
  const first = Array.isArray(list) ? firstLineOf(list[0]) : void 0;
  return first === "" ? void 0 : first;
}
function saidOf(body) {
  if (!body) return void 0;
  const details = own(body, "details");
  const words = [
    firstLineOf(own(body, "error")),
    firstLineOf(isRecord(details) ? own(details, "message") : own(body, "message"))
  ].filter((w) => w !== void 0 && w !== "");
  return words.length > 0 ? words.join(": ") : void 0;
}
var Malformed = class extends Error {
};
function text(o, key, at, nullable = false) {
  const v = own(o, key);
  if (nullable && (v === null || v === void 0)) return null;
  if (typeof v !== "string") throw new Malformed(`${at}${key} is ${typeOf(v)}, not a string`);
  if (v.length > MAX_NAME_CHARS)
    throw new Malformed(`${at}${key} is longer than ${MAX_NAME_CHARS} characters`);
  return v;
}
function runOf(v, at) {
  if (!isRecord(v)) throw new Malformed(`${at} is ${typeOf(v)}, not an object`);
  return {
    id: text(v, "id", `${at}.`),
    branch: text(v, "branch", `${at}.`, true),
    commit_sha: text(v, "commit_sha", `${at}.`, true),
    inserted_at: text(v, "inserted_at", `${at}.`)
  };
}
function foundOf(body) {
  const truncated = own(body, "truncated");
  if (typeof truncated !== "boolean") throw new Malformed(`truncated is ${typeOf(truncated)}, not a boolean`);
  const runs = own(body, "test_runs");
  if (!Array.isArray(runs)) throw new Malformed(`test_runs is ${typeOf(runs)}, not an array`);
  if (runs.length > MAX_BASELINE_RUNS)
    throw new Malformed(`test_runs has ${runs.length} entries, more than ${MAX_BASELINE_RUNS}`);
  const list = own(body, "tests");
  if (!Array.isArray(list)) throw new Malformed(`tests is ${typeOf(list)}, not an array`);
  const workflowRun = text(body, "workflow_run", "", true);
  const checked = checkTests(list, API_TEST_KEYS, "tests", { requireDuration: true });
  if (checked.problem !== void 0) throw new Malformed(checked.problem);
  return {
    kind: "found",
    workflowRun,
    runs: runs.map((r, i) => runOf(r, `test_runs[${i}]`)),
    tests: checked.tests,
    truncated,
    cut: checked.cut
  };
}
function classify(answer, q, attempts) {
  const unavailable = (why, reason, extra = {}) => ({ kind: "unavailable", why, reason, attempts, ...extra });
  if ("failed" in answer) {
    if (answer.timedOut) return { result: unavailable("timeout", answer.failed) };
    const code = answer.code !== void 0 ? { code: answer.code } : {};
    const failure = unavailable("unreachable", answer.failed, code);
    return { retry: failure };
  }
  const { status } = answer;
  if (answer.tooLarge)
    return {
      result: unavailable("too-large", `an answer over the ${MAX_BASELINE_BYTES}-byte limit`, { status })
    };
  const body = redactStrings(jsonObject(answer.text), q.apiKey);
  const said = saidOf(body);
  const words = { status, ...said !== void 0 ? { said } : {} };
  const http = `HTTP ${status}${said !== void 0 ? `: ${said}` : ""}`;
  if (status === 404 && typeof body?.error === "string" && /^no baseline$/i.test(body.error.trim())) {
    const suggestion = suggestionOf(body);
    return {
      result: {
        kind: "none",
        ...said !== void 0 ? { said } : {},
        ...suggestion !== void 0 ? { suggestion } : {}
      }
    };
  }
  if (status === 404 || status === 405) return { result: unavailable("no-route", http, words) };
  if (status === 401 || status === 403) return { result: unavailable("refused", http, words) };
  if (status >= 300 && status < 400)
    return {
      result: unavailable("redirect", `HTTP ${status}`, words)
    };
  if (status !== 200) {
    const failure = unavailable("http", `${http}${body ? "" : " and no JSON object"}`, words);
    if (!TRANSIENT_STATUS.has(status)) return { result: failure };
    const afterMs = retryAfterMs(answer.headers["retry-after"]);
    return { retry: failure, ...afterMs !== void 0 ? { afterMs } : {} };
  }
  if (!body) return { result: unavailable("not-json", `HTTP ${status} and no JSON object`, { status }) };
  try {
    return { result: foundOf(body) };
  } catch (e) {
    if (!(e instanceof Malformed)) throw e;
    return { result: unavailable("malformed", e.message, { status }) };
  }
}
async function requestBaseline(q) {
  const url = baselineUrl(q.apiUrl, q);
  if (!url) return { kind: "unavailable", why: "url", reason: "api_url is not a URL", attempts: 0 };
  const auth = q.apiKey ? { [q.apiKeyHeader]: q.apiKeyHeader.toLowerCase() === "authorization" ? `Bearer ${q.apiKey}` : q.apiKey } : {};
  const sleep = q.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  const random = q.random ?? Math.random;
  for (let n = 0; ; n++) {
    const answer = await exchange({
      method: "GET",
      url: url.href,
      headers: { Accept: "application/json", ...auth },
      timeoutMs: q.timeoutMs,
      maxBytes: MAX_BASELINE_BYTES
    });
    const attempt = classify(answer, q, n + 1);
    if ("result" in attempt) return redactStrings(attempt.result, q.apiKey);
    if (n >= q.maxRetries) return redactStrings(attempt.retry, q.apiKey);
    const backoff = random() * Math.min(3e4, 1e3 * 2 ** n);
    await sleep(Math.min(q.maxDelayMs, attempt.afterMs ?? backoff));
  }
}

// src/cli/commands/compare-baseline.ts
var BaselineError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
  code;
  name = "BaselineError";
};
var MAX_DELAY_MS = 6e4;
var LOCAL = "or compare with a local report of the base branch with jux cache compare A B";
function problem(r, server, endpoint) {
  const { status, reason } = r;
  const attempts = r.attempts > 1 ? ` (${r.attempts} attempts)` : "";
  const serve = "check that api_url points at a jux serve";
  switch (r.why) {
    case "url":
      return `api_url ${JSON.stringify(server)} is not a URL: set it to the Jux API's base, e.g. --api-url http://localhost:4000/api/v1`;
    case "unreachable":
    case "timeout":
      return `cannot reach the Jux server at ${server} (${r.code ?? reason})${attempts}; check api_url (--api-url, JUX_API_URL) and that the server runs, ${LOCAL}`;
    case "too-large":
      return `the server's answer to GET ${endpoint} is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MiB; a baseline is not that large: check api_url`;
    case "no-route":
      return `the server at ${server} has no baseline route (GET ${endpoint} answered ${reason}): jux compare needs a jux serve of this version (an upstream Jux server does not have the route); check that api_url ends in /api/v1, ${LOCAL}`;
    case "refused":
      return `the server at ${server} refused the request (${reason}): set the API key it accepts (JUX_API_KEY or JUX_BEARER_TOKEN, or api_key in a config file)`;
    case "redirect":
      return `the server redirects GET ${endpoint} (HTTP ${status}): set api_url to the final address; redirects are not followed, as they would carry the API key elsewhere`;
    case "http":
      return status === 429 || (status ?? 0) >= 500 ? `the server at ${server} answered ${reason}${attempts}; check api_url (--api-url, JUX_API_URL) and that the server runs, ${LOCAL}` : `the server at ${server} refused GET ${endpoint} (${reason}); check --base, --project and --job`;
    case "not-json":
      return `the server's answer to GET ${endpoint} is not a JSON object; ${serve}`;
    case "malformed":
      return `the server's baseline is not what jux compare reads: ${reason}; ${serve}`;
  }
}
async function fetchBaseline(config, query, deps = {}) {
  const apiUrl = config.apiUrl;
  const result = await requestBaseline({
    apiUrl,
    ...config.apiKey ? { apiKey: config.apiKey } : {},
    apiKeyHeader: config.apiKeyHeader,
    timeoutMs: config.apiTimeoutSeconds * 1e3,
    maxRetries: config.apiMaxRetries,
    maxDelayMs: MAX_DELAY_MS,
    ...query,
    ...deps
  });
  const server = shownUrl(apiUrl);
  if (result.kind === "found") return { kind: "found", baseline: result };
  if (result.kind === "none") return { kind: "none", server };
  const endpoint = shownUrl(baselineUrl(apiUrl, query) ?? apiUrl);
  const message = redactStrings(`jux compare: ${problem(result, server, endpoint)}`, config.apiKey);
  throw new BaselineError(result.why, message);
}

// src/cli/commands/compare.ts
var USAGE = `Usage: jux compare --base BRANCH [--project P] [--job J] [--fail-on-new] [--all] [--json]
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
var OPTIONS = {
  base: { type: "string" },
  project: { type: "string" },
  job: { type: "string" },
  "fail-on-new": { type: "boolean" },
  recursive: { type: "boolean", short: "r" },
  all: { type: "boolean" },
  json: { type: "boolean" },
  "api-url": { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" }
};
function nameFlag(flag, value) {
  if (value === void 0) return void 0;
  if (value.trim() === "" || value.length > 1e3 || CONTROL_CHARACTERS.test(value))
    throw new UsageError(
      `jux compare: --${flag} must be a name of one line (1 to 1000 characters), e.g. --${flag} main`
    );
  return value;
}
async function configuration(values, io) {
  const cli = {};
  if (values["api-url"] !== void 0) cli.api_url = values["api-url"];
  if (values.timeout !== void 0) cli.api_timeout = values.timeout;
  const { config } = await apiConfiguration(cli, io);
  if (!config.apiUrl)
    throw new UsageError(
      "jux compare: the baseline comes from a Jux server: set api_url (--api-url, JUX_API_URL or a config file), e.g. --api-url http://localhost:4000/api/v1"
    );
  return config;
}
function addCounts(a, b) {
  const time = Math.round((a.time + b.time) * 1e3) / 1e3;
  return {
    tests: a.tests + b.tests,
    passed: a.passed + b.passed,
    failures: a.failures + b.failures,
    errors: a.errors + b.errors,
    skipped: a.skipped + b.skipped,
    time,
    flaky: a.flaky + b.flaky
  };
}
function quoted(names) {
  const shown = names.slice(0, 5).map((n) => printable(JSON.stringify(n), 100));
  return names.length > shown.length ? `${shown.join(", ")} and ${names.length - shown.length} more` : shown.join(", ");
}
function agreed(what, names, flag) {
  if (flag !== void 0) return flag;
  if (names.size > 1) {
    const how = what === "job" ? " (the job whose base run to compare with), or compare each job's reports on their own" : "";
    throw new UsageError(
      `jux compare: the reports name different ${what === "job" ? "jobs" : "projects"} (${quoted([...names])}): give --${what}${how}`
    );
  }
  return names.size === 1 ? [...names][0] : void 0;
}
async function readHead(operands, recursive, io, flags = {}) {
  const { items } = await expandInputs(operands, io, { cwd: io.cwd, recursive });
  const zero = { tests: 0, passed: 0, failures: 0, errors: 0, skipped: 0, time: 0, flaky: 0 };
  const head = { files: [], counts: zero, tests: [], commits: /* @__PURE__ */ new Set(), truncated: [] };
  const runs = [];
  const projects = /* @__PURE__ */ new Set();
  const jobs = /* @__PURE__ */ new Set();
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
    const project2 = props.get("project");
    if (project2) projects.add(project2);
    const job2 = jobOf(props);
    if (job2) jobs.add(job2);
  }
  head.tests = [...unionTests(runs).values()];
  const project = agreed("project", projects, flags.project);
  const job = agreed("job", jobs, flags.job);
  return { ...head, ...project !== void 0 ? { project } : {}, ...job !== void 0 ? { job } : {} };
}
function defaultProject(config, io) {
  const metadata = collectMetadata({
    env: io.env,
    cwd: io.cwd,
    ...config.projectName !== void 0 ? { project: config.projectName } : {}
  });
  return metadata.find((p) => p.name === "project").value;
}
function baselineLine(r) {
  const runs = r.baseline.test_runs;
  const first = runs[0];
  const commit = first?.commit_sha ? `commit ${first.commit_sha.slice(0, 12)}, ` : "";
  const when = first ? `${commit}stored ${first.inserted_at}` : "no run listed";
  const legs = runs.length > 1 ? `, ${runs.length} legs` : "";
  const cut = r.baseline.truncated ? " (the server listed only part of its tests)" : "";
  return printable(
    `base: ${r.project} on ${r.branch}${r.job ? ` (job ${r.job})` : ""}: ${r.baseline.tests} tests (${when}${legs})${cut}`
  );
}
function text2(r, all) {
  const files = r.head.files.length === 1 ? r.head.files[0] : `${r.head.files.length} reports`;
  const lines = [baselineLine(r), `head: ${printable(files)}: ${countsLine(r.head.counts)}`];
  if (r.baseline.same_commit)
    lines.push(
      "note: the baseline is a run of this same commit (published already): it compares the run with itself; give the branch this one is to be merged into"
    );
  for (const source of r.head.truncated)
    lines.push(`note: ${printable(source)} has more tests than are compared; the lists are partial`);
  return [...lines, ...differencesText(r, all)];
}
var compare = async (argv, io) => {
  const { values, tokens } = parse(argv, OPTIONS, "compare", true);
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const branch = nameFlag("base", values.base);
  if (branch === void 0)
    throw new UsageError(
      "jux compare: --base BRANCH is required (the branch to compare with, e.g. --base main)"
    );
  const operands = operandsOf(tokens, "");
  if (operands.length === 0)
    throw new UsageError(
      "jux compare: give this run's reports (files, a directory or a quoted pattern), e.g. jux compare --base main reports/"
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
  const result = {
    project,
    branch,
    job,
    baseline: {
      workflow_run: base.workflowRun,
      test_runs: base.runs,
      tests: base.tests.length,
      truncated: base.truncated || base.cut > 0,
      same_commit: base.runs.some((run) => run.commit_sha !== null && head.commits.has(run.commit_sha))
    },
    head: { files: head.files, counts: head.counts, truncated: head.truncated },
    ...differences(base.tests, head.tests)
  };
  writeLine(io.stdout, values.json ? json(result) : text2(result, !!values.all).join("\n"));
  return values["fail-on-new"] && result.newlyFailing.length > 0 ? 1 : 0;
};
export {
  compare,
  readHead
};

import { execFileSync } from "node:child_process";
import { hostname, platform, release, arch, userInfo } from "node:os";
import { basename } from "node:path";
import type { Property } from "./summary.js";
import { TOOL_NAME, VERSION } from "../version.js";
import { recordedEnv, redactProperties } from "./redact-properties.js";

export interface GitInfo {
  commit?: string;
  branch?: string;
  status?: "clean" | "dirty";
  remote?: string;
}

export interface MetadataSources {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Explicit project name (the `--project` flag or `project` input); JUX_PROJECT_NAME still wins. */
  project?: string;
  /** The user's own properties; they replace detected ones of the same name. */
  extra?: Property[];
  /** Injected by tests; detected from `cwd` when absent. */
  git?: GitInfo;
  now?: Date;
  /** Glob patterns of variables recorded as `env:NAME` (the `record_env` option). */
  recordEnv?: readonly string[];
  /** Properties removed or masked before anything is signed (the `redact` option; redact-properties.ts). */
  redact?: readonly string[];
}

interface CiInfo {
  provider: string;
  buildId?: string;
  buildUrl?: string;
  branch?: string;
  commit?: string;
}

/** The GITHUB_* variables upstream records, each only when set. */
const GITHUB_ENV = [
  "GITHUB_SHA",
  "GITHUB_REF",
  "GITHUB_ACTOR",
  "GITHUB_WORKFLOW",
  "GITHUB_RUN_NUMBER",
  "GITHUB_EVENT_NAME",
];

/** Removes user names, passwords and tokens from a remote URL. */
export function stripCredentials(remote: string): string {
  try {
    const url = new URL(remote);
    if (url.username || url.password) {
      url.username = "";
      url.password = "";
    }
    return url.toString();
  } catch {
    return remote.replace(/^[^@/]+@(?=[^:/]+:)/, (m) => (m === "git@" ? m : ""));
  }
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000,
    }).trim();
  } catch {
    return undefined;
  }
}

export function detectGit(cwd: string): GitInfo {
  const commit = git(cwd, ["rev-parse", "HEAD"]);
  if (!commit) return {};
  const branch = git(cwd, ["rev-parse", "--abbrev-ref", "HEAD"]);
  const status = git(cwd, ["status", "--porcelain", "--untracked-files=no"]);
  const remote = git(cwd, ["remote", "get-url", "origin"]);
  return {
    commit,
    ...(branch && branch !== "HEAD" ? { branch } : {}),
    ...(status !== undefined ? { status: status === "" ? "clean" : "dirty" } : {}),
    ...(remote ? { remote: stripCredentials(remote) } : {}),
  };
}

type Env = NodeJS.ProcessEnv;

/** How each CI provider names its build, URL, branch and commit; the first whose marker is set wins. */
const PROVIDERS: {
  provider: string;
  marker: (env: Env) => boolean;
  info: (env: Env) => Omit<CiInfo, "provider">;
}[] = [
  {
    provider: "github",
    marker: (env) => env.GITHUB_ACTIONS === "true",
    info: (env) => ({
      buildId: env.GITHUB_RUN_ID,
      buildUrl:
        env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
          ? `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
          : undefined,
      branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME,
      commit: env.GITHUB_SHA,
    }),
  },
  {
    provider: "gitlab",
    marker: (env) => Boolean(env.GITLAB_CI),
    info: (env) => ({
      buildId: env.CI_PIPELINE_ID,
      buildUrl: env.CI_PIPELINE_URL,
      branch: env.CI_COMMIT_REF_NAME,
      commit: env.CI_COMMIT_SHA,
    }),
  },
  {
    provider: "jenkins",
    marker: (env) => Boolean(env.JENKINS_URL),
    info: (env) => ({
      buildId: env.BUILD_ID ?? env.BUILD_NUMBER,
      buildUrl: env.BUILD_URL,
      branch: env.BRANCH_NAME ?? env.GIT_BRANCH,
      commit: env.GIT_COMMIT,
    }),
  },
  {
    provider: "travis",
    marker: (env) => Boolean(env.TRAVIS),
    info: (env) => ({
      buildId: env.TRAVIS_BUILD_ID,
      buildUrl: env.TRAVIS_BUILD_WEB_URL,
      branch: env.TRAVIS_BRANCH,
      commit: env.TRAVIS_COMMIT,
    }),
  },
  {
    provider: "circleci",
    marker: (env) => Boolean(env.CIRCLECI),
    info: (env) => ({
      buildId: env.CIRCLE_BUILD_NUM,
      buildUrl: env.CIRCLE_BUILD_URL,
      branch: env.CIRCLE_BRANCH,
      commit: env.CIRCLE_SHA1,
    }),
  },
  {
    provider: "azure",
    marker: (env) => Boolean(env.TF_BUILD),
    info: (env) => ({
      buildId: env.BUILD_BUILDID,
      buildUrl:
        env.SYSTEM_COLLECTIONURI && env.SYSTEM_TEAMPROJECT && env.BUILD_BUILDID
          ? `${env.SYSTEM_COLLECTIONURI}${env.SYSTEM_TEAMPROJECT}/_build/results?buildId=${env.BUILD_BUILDID}`
          : undefined,
      branch: env.BUILD_SOURCEBRANCHNAME,
      commit: env.BUILD_SOURCEVERSION,
    }),
  },
];

export function detectCi(env: Env): CiInfo | undefined {
  const found = PROVIDERS.find((p) => p.marker(env));
  return found && { provider: found.provider, ...found.info(env) };
}

function projectName(src: MetadataSources, git: GitInfo): string {
  const fromRemote = git.remote ? basename(git.remote.replace(/\/+$/, "")).replace(/\.git$/, "") : undefined;
  const fromRepository = src.env.GITHUB_REPOSITORY?.split("/")[1];
  return (
    src.env.JUX_PROJECT_NAME ||
    src.project ||
    fromRepository ||
    src.env.CI_PROJECT_NAME ||
    fromRemote ||
    basename(src.cwd)
  );
}

function username(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/**
 * The metadata upstream (pytest-jux) writes into a report, in its names: project, git:*, ci:*, env:GITHUB_*
 * (and the variables `recordEnv` names) and jux:*, plus the user's own properties. Absent values are left
 * out, never written empty. Then `redact`, and the built-in list of secret-looking variables, apply.
 */
export function collectMetadata(src: MetadataSources): Property[] {
  const ci = detectCi(src.env);
  const detected = src.git ?? detectGit(src.cwd);
  const gitInfo: GitInfo = {
    ...detected,
    commit: ci?.commit || detected.commit,
    branch: ci?.branch || detected.branch,
  };
  const pairs: [string, string | undefined][] = [
    ["project", projectName(src, gitInfo)],
    ["git:commit", gitInfo.commit],
    ["git:branch", gitInfo.branch],
    ["git:status", gitInfo.status],
    ["git:remote", gitInfo.remote],
    ["ci:provider", ci?.provider],
    ["ci:build_id", ci?.buildId],
    ["ci:build_url", ci?.buildUrl],
    ...GITHUB_ENV.map((name): [string, string | undefined] => [`env:${name}`, src.env[name]]),
    ...recordedEnv(src.env, src.recordEnv ?? [])
      .filter((p) => !GITHUB_ENV.includes(p.name.slice(4)))
      .map((p): [string, string] => [p.name, p.value]),
    ["jux:hostname", hostname()],
    ["jux:username", username()],
    ["jux:platform", `${platform()}-${release()}-${arch()}`],
    ["jux:timestamp", (src.now ?? new Date()).toISOString()],
    [`jux:${TOOL_NAME.replace(/-/g, "_")}_version`, VERSION],
  ];
  const extra = new Map((src.extra ?? []).map((p) => [p.name, p.value]));
  const out: Property[] = [];
  for (const [name, value] of pairs) {
    const v = extra.get(name) ?? value;
    extra.delete(name);
    if (v !== undefined && v !== "") out.push({ name, value: v });
  }
  for (const [name, value] of extra) out.push({ name, value });
  return redactProperties(out, src.redact ?? []);
}

/** Parses `name=value` properties given by a user; the value may contain '='. Spaces around both are dropped, as
 * in the configuration's `properties` (core/config/values.ts). */
export function parseProperty(text: string, source: string): Property {
  const eq = text.indexOf("=");
  const name = eq > 0 ? text.slice(0, eq).trim() : "";
  if (name === "") throw new Error(`${source}: expected name=value, got "${text}"`);
  return { name, value: text.slice(eq + 1).trim() };
}

/** The property naming a job's matrix leg (the action's `leg` input), so that each leg has its own baseline. */
export const LEG_PROPERTY = "jux:leg";

/** Every property name jux adds besides env:* (collectMetadata's, and the action's leg): what `redact` may name. */
export const ADDED_PROPERTIES: readonly string[] = [
  "project",
  "git:commit",
  "git:branch",
  "git:status",
  "git:remote",
  "ci:provider",
  "ci:build_id",
  "ci:build_url",
  "jux:hostname",
  "jux:username",
  "jux:platform",
  "jux:timestamp",
  `jux:${TOOL_NAME.replace(/-/g, "_")}_version`,
  LEG_PROPERTY,
];

/** Edits (insert, delete, replace) from `a` to `b`. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * A `redact` item without a wildcard that names no property jux adds, in jux's own namespaces (jux:, git:, ci:)
 * or a near miss of one (a typo: jux:usrname): the warning, with the name it probably meant; else undefined.
 */
export function redactionNamingNothing(item: string): string | undefined {
  const name = item.replace(/=(mask|remove)$/, "");
  if (/[*?[]/.test(name) || ADDED_PROPERTIES.includes(name)) return undefined;
  const [closest] = [...ADDED_PROPERTIES].sort((a, b) => distance(name, a) - distance(name, b));
  const near = closest !== undefined && distance(name, closest) <= 2;
  if (!near && !/^(jux|git|ci):/.test(name)) return undefined;
  return `redact ${name} matches no property jux adds${near ? `; did you mean ${closest}?` : ` (they are ${ADDED_PROPERTIES.filter((n) => n.startsWith(name.split(":")[0]! + ":")).join(", ")}, and env:*)`}`;
}

/**
 * Which job's runs are compared with which: the CI job, and its matrix leg when one is named (`test (ubuntu, 22)`).
 * The action asks for it and `jux serve` files runs under it, from the same two values; undefined without a job.
 */
export function jobKey(job: string | undefined, leg: string | undefined): string | undefined {
  if (!job) return leg ? `(${leg})` : undefined;
  return leg ? `${job} (${leg})` : job;
}

/**
 * The baseline in the Actions cache, for jobs without a Jux API (or whose server cannot serve one): a push's job
 * keeps its tests (one small JSON file) under `jux-tests-v1-<project, job and workflow>-<branch>-<run>-<attempt>`,
 * and a later job restores the newest entry of its base branch by prefix (GitHub lets a pull request read its base
 * branch's entries). Another workflow's job of the same name has its own entries: it never reads or writes these. The entry is hostile
 * when read back: the archive is read in memory within bounds (baseline-archive.ts), the JSON's shape and every
 * test checked.
 */
import { createHash } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as cache from "@actions/cache";
import type { TestLike } from "../../core/junit/compare.js";
import { errorMessage } from "../../core/errors.js";
import { within } from "../../core/deadline.js";
import { SAVE_TIMEOUT_MS } from "../queue/save.js";
import {
  checkTests,
  isRecord,
  leftOutNote,
  MAX_BASELINE_TESTS,
  type TestRowKeys,
} from "../../core/junit/test-rows.js";
import { fetchArchive } from "../queue/fetch.js";
import { sanitize } from "../queue/layout.js";
import { BASELINE_DIR, MAX_BASELINE_FILE_BYTES, readBaselineFile } from "./baseline-archive.js";

const FORMAT = 1;
const tag = (...parts: string[]) =>
  createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 12);

/** Whose entries: the project, the job (and matrix leg), and the workflow (baseline-event.ts, workflowOf). */
export interface BaselineScope {
  project: string;
  job?: string | undefined;
  workflow: string;
}

/**
 * The prefix of a branch's entries for one project, job and workflow. The branch appears readable and hashed:
 * `main`'s prefix is not a prefix of `main-2`'s, and a branch whose name sanitizes like another's has its own prefix.
 */
export function baselinePrefix(scope: BaselineScope, branch: string): string {
  const owner = tag(scope.project, scope.job ?? "", scope.workflow);
  return `jux-tests-v${FORMAT}-${owner}-${sanitize(branch).slice(0, 80)}-${tag(branch).slice(0, 8)}-`;
}

export function baselineKey(prefix: string, env: NodeJS.ProcessEnv): string {
  return `${prefix}${sanitize(env.GITHUB_RUN_ID ?? "0")}-${sanitize(env.GITHUB_RUN_ATTEMPT ?? "1")}`;
}

/** What tests.json holds: who wrote it, and one compact record per test (the id is recomputed when read). */
interface StoredBaseline {
  v: number;
  branch: string;
  sha?: string;
  run?: string;
  tests: StoredTest[];
}
interface StoredTest {
  s: string;
  c: string;
  n: string;
  o: string;
  f?: string;
  l?: number;
  d?: number;
  t?: string;
  m?: string;
}

/** tests.json's names of a test's fields, for the one checker of tests read from outside. */
export const CACHE_TEST_KEYS: TestRowKeys = {
  suite: "s",
  classname: "c",
  name: "n",
  outcome: "o",
  file: "f",
  line: "l",
  duration: "d",
  failureType: "t",
  failureMessage: "m",
};

function stored(t: TestLike): StoredTest {
  return {
    s: t.suite,
    c: t.classname,
    n: t.name,
    o: t.outcome,
    ...(t.file !== undefined ? { f: t.file } : {}),
    ...(t.line !== undefined ? { l: t.line } : {}),
    ...(t.duration !== undefined ? { d: Math.round(t.duration * 1000) / 1000 } : {}),
    ...(t.failure?.type !== undefined ? { t: t.failure.type } : {}),
    ...(t.failure?.message !== undefined ? { m: t.failure.message } : {}),
  };
}

/** tests.json's text: failing tests first, then the rest, as many as fit the limits; `cut` says how many did not. */
export function baselineJson(
  tests: readonly TestLike[],
  about: { branch: string; sha?: string; run?: string },
): { text: string; cut: number } {
  const failing = tests.filter((t) => t.outcome === "failed" || t.outcome === "error");
  const rest = tests.filter((t) => t.outcome !== "failed" && t.outcome !== "error");
  const empty: StoredBaseline = { v: FORMAT, ...about, tests: [] };
  const head = JSON.stringify(empty).slice(0, -3);
  const parts: string[] = [];
  let size = head.length + 2;
  for (const t of [...failing, ...rest]) {
    if (parts.length >= MAX_BASELINE_TESTS) break;
    const part = JSON.stringify(stored(t));
    // Bytes, not characters: a name may be multi-byte.
    const bytes = Buffer.byteLength(part) + 1;
    if (size + bytes > MAX_BASELINE_FILE_BYTES) break;
    parts.push(part);
    size += bytes;
  }
  return { text: `${head}[${parts.join(",")}]}`, cut: tests.length - parts.length };
}

/** Saves the tests as this run's entry; a problem text, or undefined when saved. */
export async function saveBaseline(
  workspace: string,
  key: string,
  tests: readonly TestLike[],
  about: { branch: string; sha?: string; run?: string },
): Promise<string | undefined> {
  if (!cache.isFeatureAvailable()) return "the Actions cache is not available to this job";
  const dir = join(workspace, BASELINE_DIR);
  try {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const { text, cut } = baselineJson(tests, about);
    await writeFile(join(dir, "tests.json"), text, { mode: 0o600 });
    const id = await within(
      cache.saveCache([BASELINE_DIR], key),
      SAVE_TIMEOUT_MS,
      `the cache took no answer to the save within ${SAVE_TIMEOUT_MS / 60_000} minutes`,
    );
    if (id === -1)
      return `the cache refused entry ${key}: it exists already (a re-run, or a matrix leg with the same job), write is denied for this event, or the service failed (see the log above)`;
    return cut > 0
      ? `${cut} of ${tests.length} tests did not fit the baseline's limits and were not kept`
      : undefined;
  } catch (e) {
    return `the baseline could not be saved as ${key}: ${errorMessage(e)}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * none: `empty` when the cache holds no earlier run of the job ("no-entry": no entry at all; "own-run": only this
 * workflow run's own), else something kept one from being read.
 */
export type CacheBaseline =
  | { kind: "found"; description: string; tests: TestLike[] }
  | { kind: "none"; description: string; empty?: "no-entry" | "own-run" };

/** The parsed tests.json, or why it is not one. */
function parseBaseline(bytes: Buffer, key: string): CacheBaseline {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    return {
      kind: "none",
      description: `the cache entry ${key} is not valid JSON (${errorMessage(e).slice(0, 200)}): not used`,
    };
  }
  if (!isRecord(value) || value.v !== FORMAT || !Array.isArray(value.tests))
    return {
      kind: "none",
      description: `the cache entry ${key} is not a version-${FORMAT} baseline (an object with v and tests): not used`,
    };
  // An entry whose names or outcome do not fit is left out and counted; an odd optional field, left out of its test.
  const { tests, dropped, cut } = checkTests(value.tests, CACHE_TEST_KEYS, "tests");
  const sha =
    typeof value.sha === "string" && /^[0-9a-f]{7,64}$/i.test(value.sha) ? value.sha.slice(0, 7) : undefined;
  const run = typeof value.run === "string" && /^[0-9]{1,20}$/.test(value.run) ? value.run : undefined;
  const what = [`${tests.length} tests`, ...(run ? [`run ${run}`] : [])].join(", ");
  return {
    kind: "found",
    description: `${sha ? `at ${sha} ` : ""}(${what}) from the Actions cache${leftOutNote(dropped, cut)}`,
    tests,
  };
}

/**
 * Restores the newest entry under prefix; never throws. An entry of this very run and attempt (`ownKey`: another
 * matrix leg with the same job saved it moments ago) is not a baseline.
 */
export async function restoreBaseline(prefix: string, ownKey?: string): Promise<CacheBaseline> {
  if (!cache.isFeatureAvailable())
    return { kind: "none", description: "the Actions cache is not available to this job" };
  let archive;
  try {
    archive = await fetchArchive([BASELINE_DIR], prefix);
  } catch (e) {
    return { kind: "none", description: `the Actions cache could not be read (${errorMessage(e)})` };
  }
  if (archive === undefined)
    return {
      kind: "none",
      description: "no earlier run of this job in the Actions cache",
      empty: "no-entry",
    };
  try {
    if (!archive.key.startsWith(prefix))
      return {
        kind: "none",
        description: `the cache answered with entry ${archive.key}, not one under ${prefix}`,
      };
    if (archive.key === ownKey)
      return {
        kind: "none",
        description: `the cache's newest entry ${archive.key} is this workflow run's own (another matrix leg of this attempt): not a baseline`,
        empty: "own-run",
      };
    const bytes = await readBaselineFile(archive);
    return parseBaseline(bytes, archive.key);
  } catch (e) {
    return { kind: "none", description: `the cache entry ${archive.key} was refused: ${errorMessage(e)}` };
  } finally {
    await archive.dispose();
  }
}

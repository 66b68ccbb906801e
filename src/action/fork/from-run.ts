/**
 * `from_run`: the reports of another run of this repository (a fork's pull request, in a workflow_run workflow),
 * taken from its artifacts and described by GitHub, never by the run's own files: the run (event.ts), its pull
 * request (pull.ts), its artifacts (download.ts) read as hostile zips (unzip.ts) into a fresh private directory
 * under RUNNER_TEMP, and the identity they are signed with (metadata.ts). The main step signs what this returns
 * as it signs a workspace's reports.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { errorMessage } from "../../core/errors.js";
import type { Property } from "../../core/junit/summary.js";
import { DEFAULT_LIMITS } from "../../core/xml/reader.js";
import type { FoundReport } from "../files.js";
import { downloadZip, type ListedArtifact } from "../../core/github/artifacts.js";
import type { Rest } from "../../core/github/rest.js";
import { extractReports } from "../../core/github/unzip.js";
import { listArtifacts, selectArtifacts } from "./download.js";
import { readOriginRun, type OriginRun } from "./event.js";
import { restOf } from "./github-rest.js";
import { originEnv, originProperties } from "./metadata.js";
import { findPull, PULL_REQUEST_EVENTS, type PullLookup } from "./pull.js";

/** What one run's artifacts may hold at most. */
export const FROM_RUN_LIMITS = {
  artifacts: 100,
  /** Bytes of one artifact's zip. */
  zipBytes: 200 * 1024 ** 2,
  /** Uncompressed bytes of all the reports taken. */
  totalBytes: 1024 ** 3,
  /** Entries of one zip, and reports of all the artifacts together. */
  files: 10_000,
  /** Bytes of one report: what the strict reader reads at most. */
  fileBytes: DEFAULT_LIMITS.maxBytes,
  /** Refused artifacts after which the run's others are not downloaded (a fork can upload up to 500). */
  refusals: 5,
};
export type FromRunLimits = typeof FROM_RUN_LIMITS;

export interface FromRunOptions {
  runId: number;
  /** Artifact name patterns (a leading `!` excludes). */
  patterns: string[];
  token: string | undefined;
  /** The action's private folder under RUNNER_TEMP. */
  tempRoot: string;
  limits?: FromRunLimits;
}

export interface TakenReports {
  run: OriginRun;
  pull?: PullLookup;
  /** The origin run's environment for collectMetadata, and what it adds (jux:origin, ci:pull_request). */
  env: NodeJS.ProcessEnv;
  properties: Property[];
  /** The reports, named `<artifact>/<path in the zip>`. */
  files: FoundReport[];
  /** Artifacts refused whole (or that could not be downloaded), with why. */
  refused: { name: string; reason: string }[];
  /** Files of the artifacts that are not `.xml`, left out. */
  ignored: string[];
  /** The artifacts read, and those of the run the patterns did not name. */
  taken: string[];
  others: string[];
  /** Removes the downloaded and extracted files (the signed copies are elsewhere). */
  dispose(): Promise<void>;
}

interface Budget {
  bytes: number;
  files: number;
}

async function takeArtifact(
  rest: Rest,
  a: ListedArtifact,
  dir: string,
  limits: FromRunLimits,
  left: Budget,
): Promise<{ files: FoundReport[]; ignored: string[] }> {
  const what = `artifact ${a.name}`;
  if (a.expired) throw new Error(`${what} has expired: it can no longer be downloaded`);
  if (a.size > limits.zipBytes)
    throw new Error(`${what} is ${a.size} bytes, over the ${limits.zipBytes}-byte limit of one artifact`);
  const zip = join(dir, `${a.id}.zip`);
  const root = join(dir, String(a.id));
  try {
    await downloadZip(rest, a, zip, limits.zipBytes);
    await mkdir(root, { mode: 0o700 });
    const out = await extractReports(
      zip,
      root,
      { maxEntries: limits.files, maxFileBytes: limits.fileBytes, maxTotalBytes: left.bytes },
      what,
    );
    if (out.files.length > left.files)
      throw new Error(`${what} passes the limit of ${limits.files} reports in all, nothing of it signed`);
    left.bytes -= out.bytes;
    left.files -= out.files.length;
    return {
      files: out.files.map((f) => ({ path: f.path, name: `${a.name}/${f.name}` })),
      ignored: out.ignored.map((n) => `${a.name}/${n}`),
    };
  } catch (e) {
    await rm(root, { recursive: true, force: true });
    throw e;
  } finally {
    await rm(zip, { force: true });
  }
}

/** Describes the run, finds its pull request, and downloads and checks the artifacts the patterns name. */
export async function reportsFromRun(env: NodeJS.ProcessEnv, o: FromRunOptions): Promise<TakenReports> {
  const limits = o.limits ?? FROM_RUN_LIMITS;
  const rest = restOf(env, o.token);
  const run = await readOriginRun(env, o.runId, rest);
  const pull = PULL_REQUEST_EVENTS.has(run.event) ? await findPull(rest, run) : undefined;
  const { artifacts, unusable } = await listArtifacts(rest, run.id);
  const chosen = selectArtifacts(artifacts, o.patterns);
  const dir = await mkdtemp(join(o.tempRoot, "from-run-"));
  const taken: TakenReports = {
    run,
    ...(pull ? { pull } : {}),
    env: originEnv(env, run, pull),
    properties: originProperties(run, rest.repository, pull),
    files: [],
    refused: unusable.map((reason) => ({ name: `run ${run.id}`, reason })),
    ignored: [],
    taken: [],
    others: artifacts.filter((a) => !chosen.includes(a)).map((a) => a.name),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
  const left: Budget = { bytes: limits.totalBytes, files: limits.files };
  let refusals = 0;
  for (const [i, a] of chosen.entries()) {
    const skip =
      i >= limits.artifacts
        ? `over the limit of ${limits.artifacts} artifacts: not read (name fewer with from_artifact)`
        : refusals >= limits.refusals
          ? `not read: ${limits.refusals} artifacts of this run were refused already`
          : undefined;
    if (skip) {
      taken.refused.push({ name: `artifact ${a.name}`, reason: skip });
      continue;
    }
    try {
      const got = await takeArtifact(rest, a, dir, limits, left);
      taken.files.push(...got.files);
      taken.ignored.push(...got.ignored);
      taken.taken.push(a.name);
    } catch (e) {
      // A refused artifact costs its download too: a fork cannot make the job fetch gigabytes it then refuses.
      refusals++;
      left.bytes = Math.max(0, left.bytes - a.size);
      taken.refused.push({ name: `artifact ${a.name}`, reason: errorMessage(e) });
    }
  }
  taken.files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return taken;
}

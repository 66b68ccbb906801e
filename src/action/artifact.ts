import { randomBytes } from "node:crypto";
import type { ArtifactClient } from "@actions/artifact";
import * as core from "@actions/core";
import { within } from "../core/deadline.js";
import { errorMessage } from "../core/errors.js";
import { sanitizeArtifactName } from "../core/github/names.js";
import { printable } from "./markdown.js";

export interface UploadedArtifact {
  id: number;
  name: string;
  url: string;
  size: number;
}

export type UploadResult = { ok: true; artifact: UploadedArtifact } | { ok: false; reason: string };

type Uploader = Pick<ArtifactClient, "uploadArtifact">;

/** The artifact client, loaded when a step first uploads (its chunk is ~1 MB of code the api mode never runs). */
async function defaultClient(): Promise<Uploader> {
  const { DefaultArtifactClient } = await import("@actions/artifact");
  return new DefaultArtifactClient();
}

/**
 * The longest one artifact upload may take (@actions/artifact gives up only after 5 minutes without progress,
 * per chunk; its calls to the service have no timeout): past this the upload counts as failed.
 */
const UPLOAD_TIMEOUT_MS = 10 * 60_000;

/** name, name-2 ... name-10, then random suffixes (a matrix can have hundreds of legs). */
function candidates(name: string): string[] {
  const numbered = Array.from({ length: 10 }, (_, i) => (i === 0 ? name : `${name}-${i + 1}`));
  return [...numbered, ...Array.from({ length: 5 }, () => `${name}-${randomBytes(3).toString("hex")}`)];
}

function isNameConflict(e: unknown): boolean {
  return /\(409\)|already exists/i.test(errorMessage(e));
}

/** The job's artifact name: unique per job and attempt; matrix legs and retries get -2, -3 on a clash. */
export function artifactBaseName(base: string, env: NodeJS.ProcessEnv, suffix = ""): string {
  const job = env.GITHUB_JOB ?? "job";
  const attempt = env.GITHUB_RUN_ATTEMPT ?? "1";
  return sanitizeArtifactName(`${base}${suffix}-${job}-attempt${attempt}`);
}

/** Whether this process already said that another job took an artifact name (said once, not per upload). */
let clashTold = false;

function tellClash(name: string): void {
  if (clashTold) return;
  clashTold = true;
  core.notice(
    `jux: another job of this workflow run already kept an artifact named ${printable(name)} (a matrix leg?): set the leg input (e.g. the matrix's os) so that each leg has its own artifact, baseline and comment`,
  );
}

function runUrl(env: NodeJS.ProcessEnv, id: number): string {
  const server = env.GITHUB_SERVER_URL ?? "https://github.com";
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`;
}

/**
 * Uploads files (under root) as one artifact named `name`, or `name-2`, `name-3`... when the run already has
 * one of that name (another matrix leg), with one notice saying how to give each leg its own. Never throws: a
 * failure comes back as a reason.
 */
export async function uploadFiles(
  name: string,
  files: string[],
  root: string,
  env: NodeJS.ProcessEnv,
  retentionDays?: number,
  given?: Uploader,
): Promise<UploadResult> {
  let client: Uploader;
  try {
    client = given ?? (await defaultClient());
  } catch (e) {
    return { ok: false, reason: `the artifact client could not be loaded: ${errorMessage(e)}` };
  }
  let lastConflict = "";
  for (const candidate of candidates(name)) {
    try {
      const result = await within(
        client.uploadArtifact(candidate, files, root, retentionDays ? { retentionDays } : {}),
        UPLOAD_TIMEOUT_MS,
        `the upload of ${candidate} took no answer within ${UPLOAD_TIMEOUT_MS / 60_000} minutes`,
      );
      if (result.id === undefined) return { ok: false, reason: `the upload of ${candidate} returned no id` };
      return {
        ok: true,
        artifact: { id: result.id, name: candidate, url: runUrl(env, result.id), size: result.size ?? 0 },
      };
    } catch (e) {
      if (!isNameConflict(e)) return { ok: false, reason: errorMessage(e) };
      if (candidate === name) tellClash(name);
      lastConflict = errorMessage(e);
    }
  }
  return {
    ok: false,
    reason: `names ${name}, ${name}-2 ... ${name}-10 and five random ones are all taken in this run (${lastConflict})`,
  };
}

import { DefaultArtifactClient } from "@actions/artifact";
import { errorMessage } from "../core/atomic-file.js";
import { sanitizeArtifactName } from "./inputs.js";

export interface UploadedArtifact {
  id: number;
  name: string;
  url: string;
  size: number;
}

export type UploadResult = { ok: true; artifact: UploadedArtifact } | { ok: false; reason: string };

const MAX_SUFFIX = 10;

function isNameConflict(e: unknown): boolean {
  return /\(409\)|already exists/i.test(errorMessage(e));
}

/** The job's artifact name: unique per job and attempt; matrix legs and retries get -2, -3 on a clash. */
export function artifactBaseName(base: string, env: NodeJS.ProcessEnv, suffix = ""): string {
  const job = env.GITHUB_JOB ?? "job";
  const attempt = env.GITHUB_RUN_ATTEMPT ?? "1";
  return sanitizeArtifactName(`${base}${suffix}-${job}-attempt${attempt}`);
}

function runUrl(env: NodeJS.ProcessEnv, id: number): string {
  const server = env.GITHUB_SERVER_URL ?? "https://github.com";
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`;
}

/**
 * Uploads files (under root) as one artifact named `name`, or `name-2`, `name-3`... when the run already has
 * one of that name (another matrix leg, an earlier attempt). Never throws: a failure comes back as a reason.
 */
export async function uploadFiles(
  name: string,
  files: string[],
  root: string,
  env: NodeJS.ProcessEnv,
  retentionDays?: number,
): Promise<UploadResult> {
  const client = new DefaultArtifactClient();
  let lastConflict = "";
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const candidate = n === 1 ? name : `${name}-${n}`;
    try {
      const result = await client.uploadArtifact(
        candidate,
        files,
        root,
        retentionDays ? { retentionDays } : {},
      );
      if (result.id === undefined) return { ok: false, reason: `the upload of ${candidate} returned no id` };
      return {
        ok: true,
        artifact: { id: result.id, name: candidate, url: runUrl(env, result.id), size: result.size ?? 0 },
      };
    } catch (e) {
      if (!isNameConflict(e)) return { ok: false, reason: errorMessage(e) };
      lastConflict = errorMessage(e);
    }
  }
  return {
    ok: false,
    reason: `names ${name} to ${name}-${MAX_SUFFIX} are all taken in this run (${lastConflict})`,
  };
}

/** The cache keys of queue entries: one prefix per repository and Jux API, one key per run, attempt and job. */
import { randomBytes } from "node:crypto";
import { serverTag } from "../../core/github/names.js";
import { sanitize } from "./layout.js";

/**
 * The prefix every queue entry of this repository and Jux API starts with: a workflow or branch publishing to
 * another server (staging, say) never drains this server's queue.
 */
export function queuePrefix(queueKey: string, apiUrl: string, env: NodeJS.ProcessEnv): string {
  return `${sanitize(queueKey)}-${sanitize(env.GITHUB_REPOSITORY ?? "repository")}-${serverTag(apiUrl)}-`;
}

/** A new entry's key under prefix: unique per run, attempt and job (and step: the random part). */
export function newQueueKey(prefix: string, env: NodeJS.ProcessEnv): string {
  const parts = [env.GITHUB_RUN_ID ?? "0", env.GITHUB_RUN_ATTEMPT ?? "1", env.GITHUB_JOB ?? "job"];
  return `${prefix}${parts.map(sanitize).join("-")}-${randomBytes(4).toString("hex")}`;
}

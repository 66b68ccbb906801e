/**
 * Artifacts through the REST API: one listed item checked (`artifactOf`), an artifact downloaded as its zip
 * (`GET .../actions/artifacts/{id}/zip`, a redirect to storage that is followed WITHOUT the token) into a file
 * within a byte limit, and deleted (`DELETE .../actions/artifacts/{id}`).
 */
import { createWriteStream } from "node:fs";
import type { IncomingMessage } from "node:http";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { HttpClient } from "@actions/http-client";
import { errorMessage } from "../errors.js";
import { exchange } from "../publish/exchange.js";
import { CONTROL_CHARACTERS } from "../text.js";
import { TOOL_NAME, VERSION } from "../version.js";
import { GitHubError, headers, positive, record, type Rest } from "./rest.js";

export interface ListedArtifact {
  id: number;
  name: string;
  /** As the listing declares it (the zip's size). */
  size: number;
  expired: boolean;
  /** When it expires (ms since the epoch), when the listing says. */
  expiresAt?: number;
}

/** An artifact name usable as a folder name: GitHub's rules (no " : < > | * ? \ / or control), not `.` or `..`. */
const ARTIFACT_NAME = /^(?!\.\.?$)[^":<>|*?\\/]{1,255}$/;

export function artifactOf(v: unknown): ListedArtifact | string {
  const a = record(v);
  const id = positive(a?.id);
  const name = a?.name;
  if (id === undefined || typeof name !== "string") return "an artifact without an id or a name";
  if (!ARTIFACT_NAME.test(name) || CONTROL_CHARACTERS.test(name))
    return `artifact ${JSON.stringify(name)}: a name GitHub does not allow`;
  const size = typeof a?.size_in_bytes === "number" && a.size_in_bytes >= 0 ? a.size_in_bytes : 0;
  const expiresAt = typeof a?.expires_at === "string" ? Date.parse(a.expires_at) : NaN;
  return {
    id,
    name,
    size,
    expired: a?.expired === true,
    ...(Number.isFinite(expiresAt) ? { expiresAt } : {}),
  };
}

/** Stops a download once it has passed `max` bytes. */
function capped(max: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(new GitHubError(`${what} is larger than ${max} bytes`));
      else done(null, chunk);
    },
  });
}

async function get(http: HttpClient, url: string, h: Record<string, string>): Promise<IncomingMessage> {
  return (await http.get(url, h)).message;
}

/**
 * Downloads an artifact's zip into `file` (created, never overwritten) up to `maxBytes`. GitHub answers with a
 * redirect to a signed storage URL: it is followed (up to 3 hops, http(s) only) without the token.
 */
export async function downloadZip(rest: Rest, artifact: ListedArtifact, file: string, maxBytes: number) {
  const what = `artifact ${artifact.name}`;
  const http = new HttpClient(`${TOOL_NAME}/${VERSION}`, [], {
    allowRedirects: false,
    allowRetries: false,
    socketTimeout: rest.timeoutMs,
    keepAlive: false,
  });
  try {
    let url = `${rest.api}/repos/${rest.repository}/actions/artifacts/${artifact.id}/zip`;
    let message = await get(http, url, headers(rest));
    for (let hop = 0; hop < 3 && [301, 302, 303, 307, 308].includes(message.statusCode ?? 0); hop++) {
      const location = message.headers.location;
      message.resume();
      const next = location ? new URL(location, url) : undefined;
      if (!next || (next.protocol !== "https:" && next.protocol !== "http:"))
        throw new GitHubError(`${what}: the download was redirected to no http(s) address`);
      url = next.href;
      message = await get(http, url, {});
    }
    const status = message.statusCode ?? 0;
    if (status !== 200) {
      message.resume();
      throw new GitHubError(
        `${what} could not be downloaded (HTTP ${status}${status === 410 ? ": expired" : ""}): give the job \`actions: read\`; an expired artifact cannot be taken`,
      );
    }
    const declared = Number(message.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      message.destroy();
      throw new GitHubError(`${what} is ${declared} bytes, over the ${maxBytes}-byte limit`);
    }
    // A download that stalls (no data for the REST timeout) fails rather than waits for ever.
    message.setTimeout(rest.timeoutMs, () =>
      message.destroy(
        new GitHubError(`${what}: the download stalled (no data for ${rest.timeoutMs / 1000} s)`),
      ),
    );
    await pipeline(message, capped(maxBytes, what), createWriteStream(file, { flags: "wx", mode: 0o600 }));
  } catch (e) {
    if (e instanceof GitHubError) throw e;
    throw new GitHubError(`${what} could not be downloaded: ${errorMessage(e)}`);
  } finally {
    http.dispose();
  }
}

export type Deleted = { ok: true } | { ok: false; status?: number; problem: string };

/** Deletes an artifact (the token needs `actions: write`); gone already (404) counts as deleted. */
export async function deleteArtifact(rest: Rest, id: number): Promise<Deleted> {
  const answer = await exchange({
    method: "DELETE",
    url: `${rest.api}/repos/${rest.repository}/actions/artifacts/${id}`,
    headers: headers(rest),
    timeoutMs: rest.timeoutMs,
    maxBytes: 64 * 1024,
  });
  if ("failed" in answer) return { ok: false, problem: answer.failed };
  const { status } = answer;
  return status === 204 || status === 200 || status === 404
    ? { ok: true }
    : { ok: false, status, problem: `HTTP ${status}` };
}

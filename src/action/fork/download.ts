/**
 * Another run's artifacts through the REST API: listed (`GET .../actions/runs/{id}/artifacts`), chosen by name
 * pattern, and each downloaded as its zip (`GET .../actions/artifacts/{id}/zip`, a redirect to storage that is
 * followed WITHOUT the token) into a file, within a byte limit.
 */
import { createWriteStream } from "node:fs";
import type { IncomingMessage } from "node:http";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { HttpClient } from "@actions/http-client";
import { errorMessage } from "../../core/errors.js";
import { CONTROL_CHARACTERS } from "../../core/text.js";
import { TOOL_NAME, VERSION } from "../../core/version.js";
import { FromRunError, getJson, headers, positive, record, type Rest } from "./github-rest.js";

export interface ListedArtifact {
  id: number;
  name: string;
  /** As the listing declares it (the zip's size). */
  size: number;
  expired: boolean;
}

/** Pages of 100 artifacts listed at most (GitHub allows 500 artifacts per job). */
const MAX_PAGES = 10;

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
  return { id, name, size, expired: a?.expired === true };
}

/** Every artifact of the run (names GitHub would not allow are left out, with why). */
export async function listArtifacts(
  rest: Rest,
  runId: number,
): Promise<{ artifacts: ListedArtifact[]; unusable: string[] }> {
  const artifacts: ListedArtifact[] = [];
  const unusable: string[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await getJson(rest, `actions/runs/${runId}/artifacts?per_page=100&page=${page}`);
    if (!answer.ok)
      throw new FromRunError(
        `from_run: the artifacts of run ${runId} could not be listed (${answer.problem}): give the job \`actions: read\``,
      );
    const list = record(answer.body)?.artifacts;
    if (!Array.isArray(list))
      throw new FromRunError(`from_run: the artifacts of run ${runId}: the REST API's answer has no list`);
    for (const item of list) {
      const a = artifactOf(item);
      if (typeof a === "string") unusable.push(a);
      else artifacts.push(a);
    }
    if (list.length < 100) break;
  }
  return { artifacts, unusable };
}

/** A name pattern: `*` any characters, `?` one, everything else itself. */
function patternOf(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "s");
}

/** The artifacts the patterns name (one per line; a leading `!` excludes), in the listing's order. */
export function selectArtifacts<A extends { name: string }>(artifacts: A[], patterns: string[]): A[] {
  const take = patterns.filter((p) => !p.startsWith("!")).map(patternOf);
  const leave = patterns.filter((p) => p.startsWith("!")).map((p) => patternOf(p.slice(1)));
  return artifacts.filter((a) => take.some((r) => r.test(a.name)) && !leave.some((r) => r.test(a.name)));
}

/** Stops a download once it has passed `max` bytes. */
function capped(max: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(new FromRunError(`${what} is larger than ${max} bytes`));
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
        throw new FromRunError(`${what}: the download was redirected to no http(s) address`);
      url = next.href;
      message = await get(http, url, {});
    }
    const status = message.statusCode ?? 0;
    if (status !== 200) {
      message.resume();
      throw new FromRunError(
        `${what} could not be downloaded (HTTP ${status}${status === 410 ? ": expired" : ""}): give the job \`actions: read\`; an expired artifact cannot be taken`,
      );
    }
    const declared = Number(message.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      message.destroy();
      throw new FromRunError(`${what} is ${declared} bytes, over the ${maxBytes}-byte limit`);
    }
    await pipeline(message, capped(maxBytes, what), createWriteStream(file, { flags: "wx", mode: 0o600 }));
  } catch (e) {
    if (e instanceof FromRunError) throw e;
    throw new FromRunError(`${what} could not be downloaded: ${errorMessage(e)}`);
  } finally {
    http.dispose();
  }
}

/**
 * The REST routes of api.github.com that the action needs, with GitHub's response shapes:
 * list / delete Actions caches (the offline queue), list the artifacts of a run or of the repository (newest
 * first), download and delete one.
 */
import { ARTIFACT_CONTAINER, CACHE_CONTAINER } from "./blobs.js";
import { json, type Context, type Reply, type RestPermission } from "./context.js";
import { isFinal, type CacheEntry } from "./state.js";

const DOCS = "https://docs.github.com/rest/actions/cache";

const message = (status: number, text: string, docs = DOCS): Reply =>
  json({ message: text, documentation_url: docs, status: String(status) }, status);

export async function rest(
  ctx: Context,
  method: string,
  url: URL,
  authorization: string | undefined,
): Promise<Reply> {
  const match = /^\/repos\/([^/]+)\/([^/]+)\/actions\/(.+)$/.exec(url.pathname);
  if (!match || match[1] !== ctx.owner || match[2] !== ctx.repo)
    return message(404, "Not Found", "https://docs.github.com/rest");
  const permission = authorize(ctx, authorization);
  if (typeof permission !== "string") return permission;
  const needs: RestPermission = method === "GET" ? "read" : "read-write";
  if (permission === "none" || (needs === "read-write" && permission !== "read-write"))
    return message(403, "Resource not accessible by integration");
  const route = match[3]!;
  if (route === "caches" && method === "GET") return listCaches(ctx, url.searchParams);
  if (route === "caches" && method === "DELETE") return deleteByKey(ctx, url.searchParams);
  const byId = /^caches\/(\d+)$/.exec(route);
  if (byId && method === "DELETE") return deleteById(ctx, Number(byId[1]));
  const runArtifacts = /^runs\/(\d+)\/artifacts$/.exec(route);
  if (runArtifacts && method === "GET") return listArtifacts(ctx, Number(runArtifacts[1]), url);
  if (route === "artifacts" && method === "GET") return listArtifacts(ctx, undefined, url);
  const artifactId = /^artifacts\/(\d+)$/.exec(route);
  if (artifactId && method === "DELETE") return deleteArtifact(ctx, Number(artifactId[1]));
  const zip = /^artifacts\/(\d+)\/zip$/.exec(route);
  if (zip && method === "GET") return artifactZip(ctx, Number(zip[1]));
  return message(404, "Not Found", "https://docs.github.com/rest");
}

function authorize(ctx: Context, authorization: string | undefined): RestPermission | Reply {
  const token = /^(?:token|bearer) (\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token) return message(401, "Requires authentication", "https://docs.github.com/rest");
  return ctx.githubTokens.get(token) ?? message(401, "Bad credentials", "https://docs.github.com/rest");
}

/** per_page (default 30, at most 100) and page (from 1), as GitHub reads them. */
function pagination(params: URLSearchParams): { perPage: number; page: number } {
  const perPage = Math.min(100, Math.max(1, Number(params.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(params.get("page") ?? 1) || 1);
  return { perPage, page };
}

const cacheJson = (e: CacheEntry) => ({
  id: e.id,
  ref: e.ref,
  key: e.key,
  version: e.version,
  last_accessed_at: e.lastAccessedAt.toISOString(),
  created_at: e.createdAt.toISOString(),
  size_in_bytes: e.size ?? 0,
});

/** GET .../actions/caches: key is a prefix, ref exact; sort last_accessed_at (default) | created_at | size_in_bytes, direction desc (default) | asc. */
function listCaches(ctx: Context, params: URLSearchParams): Reply {
  const key = params.get("key");
  const ref = params.get("ref");
  const sort = params.get("sort") ?? "last_accessed_at";
  const direction = params.get("direction") ?? "desc";
  if (
    !["last_accessed_at", "created_at", "size_in_bytes"].includes(sort) ||
    !["asc", "desc"].includes(direction)
  )
    return message(422, "Validation Failed");
  const value = (e: CacheEntry) =>
    sort === "size_in_bytes"
      ? (e.size ?? 0)
      : (sort === "created_at" ? e.createdAt : e.lastAccessedAt).getTime();
  const sign = direction === "desc" ? -1 : 1;
  const matching = ctx.entries
    .filter((e) => isFinal(e) && (!key || e.key.startsWith(key)) && (!ref || e.ref === ref))
    .sort((a, b) => sign * (value(a) - value(b) || a.id - b.id));
  const { perPage, page } = pagination(params);
  return json({
    total_count: matching.length,
    actions_caches: matching.slice((page - 1) * perPage, page * perPage).map(cacheJson),
  });
}

/** DELETE .../actions/caches?key=K[&ref=R]: every entry with exactly that key (on that ref). */
async function deleteByKey(ctx: Context, params: URLSearchParams): Promise<Reply> {
  const key = params.get("key");
  const ref = params.get("ref");
  if (!key) return message(422, "Validation Failed");
  const doomed = ctx.entries.filter((e) => isFinal(e) && e.key === key && (!ref || e.ref === ref));
  if (doomed.length === 0) return message(404, "Not Found");
  for (const entry of doomed) await removeEntry(ctx, entry);
  return json({ total_count: doomed.length, actions_caches: doomed.map(cacheJson) });
}

async function deleteById(ctx: Context, id: number): Promise<Reply> {
  const entry = ctx.entries.find((e) => e.id === id && isFinal(e));
  if (!entry) return message(404, "Not Found");
  await removeEntry(ctx, entry);
  return { status: 204 };
}

async function removeEntry(ctx: Context, entry: CacheEntry): Promise<void> {
  ctx.entries.splice(ctx.entries.indexOf(entry), 1);
  await ctx.blobs.remove(CACHE_CONTAINER, entry.blob);
}

/** A run's artifacts (runId) or the repository's (undefined), newest first; `name` is an exact match, as on GitHub. */
function listArtifacts(ctx: Context, runId: number | undefined, url: URL): Reply {
  const name = url.searchParams.get("name");
  const all = ctx.artifacts
    .filter((a) => isFinal(a) && (runId === undefined || a.runId === runId) && (!name || a.name === name))
    .sort((a, b) => b.id - a.id);
  const { perPage, page } = pagination(url.searchParams);
  const api = `${url.protocol}//${url.host}/repos/${ctx.owner}/${ctx.repo}/actions`;
  return json({
    total_count: all.length,
    artifacts: all.slice((page - 1) * perPage, page * perPage).map((a) => ({
      id: a.id,
      node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
      name: a.name,
      size_in_bytes: a.size ?? 0,
      url: `${api}/artifacts/${a.id}`,
      archive_download_url: `${api}/artifacts/${a.id}/zip`,
      expired: false,
      digest: a.hash ?? null,
      created_at: a.createdAt.toISOString(),
      updated_at: a.createdAt.toISOString(),
      expires_at: a.expiresAt?.toISOString() ?? null,
      workflow_run: {
        id: a.runId,
        repository_id: 1,
        head_repository_id: 1,
        head_branch: "main",
        head_sha: "0".repeat(40),
      },
    })),
  });
}

/** DELETE .../actions/artifacts/{id}: 204, or 404 when there is none (actions: write, checked above). */
async function deleteArtifact(ctx: Context, id: number): Promise<Reply> {
  const artifact = ctx.artifacts.find((a) => a.id === id && isFinal(a));
  if (!artifact) return message(404, "Not Found", "https://docs.github.com/rest/actions/artifacts");
  ctx.artifacts.splice(ctx.artifacts.indexOf(artifact), 1);
  await ctx.blobs.remove(ARTIFACT_CONTAINER, artifact.blob);
  return { status: 204 };
}

function artifactZip(ctx: Context, id: number): Reply {
  const artifact = ctx.artifacts.find((a) => a.id === id && isFinal(a));
  if (!artifact) return message(404, "Not Found", "https://docs.github.com/rest/actions/artifacts");
  return {
    status: 302,
    headers: { location: ctx.blobs.signedUrl(ARTIFACT_CONTAINER, artifact.blob, "r", 1) },
  };
}

/**
 * github.actions.results.api.v1.CacheService as @actions/cache 6 calls it: Twirp JSON with protobuf field
 * names, int64 as strings. Refusals take the shapes the client recognises: ok:false with a message for a
 * reservation ("cache write denied: ..." for policy), a 403 "cache read denied: ..." for a restore.
 */
import { CACHE_CONTAINER } from "./blobs.js";
import { json, twirpError, type Context, type Reply } from "./context.js";
import { findEntry, isFinal } from "./state.js";
import { READ, WRITE, type Job } from "./token.js";

const WRITE_DENIED = "cache write denied:";
const READ_DENIED = "cache read denied:";

/** Scopes (refs) the job may read, in lookup order: its own ref, then the default branch. */
export const readableScopes = (job: Job): string[] =>
  job.scopes.filter((s) => (s.Permission & READ) !== 0).map((s) => s.Scope);

const writableScope = (job: Job): string | undefined =>
  job.scopes.find((s) => (s.Permission & WRITE) !== 0)?.Scope;

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

export async function cacheService(
  ctx: Context,
  job: Job,
  method: string,
  body: Record<string, unknown>,
): Promise<Reply> {
  switch (method) {
    case "CreateCacheEntry":
      return createEntry(ctx, job, body);
    case "FinalizeCacheEntryUpload":
      return finalizeEntry(ctx, job, body);
    case "GetCacheEntryDownloadURL":
      return downloadUrl(ctx, job, body);
    default:
      return twirpError("bad_route", `no method CacheService/${method}`);
  }
}

function createEntry(ctx: Context, job: Job, body: Record<string, unknown>): Reply {
  const key = text(body.key);
  const version = text(body.version);
  if (!key || !version) return twirpError("invalid_argument", "key and version are required");
  if (key.length > 512 || key.includes(","))
    return twirpError("invalid_argument", `invalid cache key ${key}`);
  const ref = writableScope(job);
  if (ctx.faults.cacheWriteDenied || !ref)
    return json({ ok: false, message: `${WRITE_DENIED} the token of this job may only read caches` });
  const taken = ctx.entries.some((e) => e.key === key && e.version === version && e.ref === ref);
  if (ctx.faults.reserveConflict || taken)
    return json({ ok: false, message: "cache entry with the same key, version, and scope already exists" });
  const id = ctx.nextId();
  const blob = `${id}/cache`;
  const now = new Date();
  ctx.entries.push({ id, key, version, ref, blob, createdAt: now, lastAccessedAt: now });
  return json({ ok: true, signed_upload_url: ctx.blobs.signedUrl(CACHE_CONTAINER, blob, "cw") });
}

async function finalizeEntry(ctx: Context, job: Job, body: Record<string, unknown>): Promise<Reply> {
  const key = text(body.key);
  const version = text(body.version);
  const size = Number(body.size_bytes ?? NaN);
  if (!key || !version || !Number.isSafeInteger(size))
    return twirpError("invalid_argument", "key, version and size_bytes are required");
  const ref = writableScope(job);
  if (!ref) return json({ ok: false, message: `${WRITE_DENIED} the token of this job may only read caches` });
  const entry = ctx.entries.find(
    (e) => e.key === key && e.version === version && e.ref === ref && !isFinal(e),
  );
  if (!entry) return json({ ok: false, message: `no reserved cache entry ${key} to finalize` });
  const stored = await ctx.blobs.size(CACHE_CONTAINER, entry.blob);
  if (stored !== size)
    return json({
      ok: false,
      message: `cache entry ${key}: ${stored ?? "no"} bytes uploaded, ${size} declared`,
    });
  entry.size = size;
  entry.createdAt = entry.lastAccessedAt = new Date();
  return json({ ok: true, entry_id: String(entry.id) });
}

function downloadUrl(ctx: Context, job: Job, body: Record<string, unknown>): Reply {
  const key = text(body.key);
  const version = text(body.version);
  const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.filter((k) => text(k)) : [];
  if (!key || !version) return twirpError("invalid_argument", "key and version are required");
  const scopes = readableScopes(job);
  if (ctx.faults.cacheReadDenied || scopes.length === 0)
    return twirpError("permission_denied", `${READ_DENIED} the token of this job may not read caches`);
  const hit = findEntry(ctx.entries, [key, ...(restoreKeys as string[])], version, scopes);
  if (!hit) return json({ ok: false });
  hit.lastAccessedAt = new Date();
  return json({
    ok: true,
    signed_download_url: ctx.blobs.signedUrl(CACHE_CONTAINER, hit.blob, "r", 10),
    matched_key: hit.key,
  });
}

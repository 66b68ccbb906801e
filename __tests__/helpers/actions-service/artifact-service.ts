/**
 * github.actions.results.api.v1.ArtifactService as @actions/artifact 6 calls it. An artifact belongs to the
 * workflow run (its backend id): names are unique within a run, and every job of the run lists them all.
 */
import { ARTIFACT_CONTAINER } from "./blobs.js";
import { json, twirpError, type Context, type Reply } from "./context.js";
import { isFinal, type Artifact } from "./state.js";
import type { Job } from "./token.js";

/** The characters @actions/artifact and the service refuse in a name. */
const FORBIDDEN = /[":<>|*?\r\n\\/]/;

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

export async function artifactService(
  ctx: Context,
  job: Job,
  method: string,
  body: Record<string, unknown>,
): Promise<Reply> {
  // Reads name the job that uploaded the artifact (the client takes it from ListArtifacts); writes name the caller.
  const writes = method === "CreateArtifact" || method === "FinalizeArtifact";
  if (
    body.workflow_run_backend_id !== job.runBackendId ||
    (writes && body.workflow_job_run_backend_id !== job.jobBackendId)
  )
    return twirpError("permission_denied", "the backend ids do not match the runtime token");
  const inRun = ctx.artifacts.filter((a) => a.runBackendId === job.runBackendId);
  const named = (name: unknown) => inRun.find((a) => isFinal(a) && a.name === name);
  switch (method) {
    case "CreateArtifact":
      return create(ctx, job, body, inRun);
    case "FinalizeArtifact":
      return finalize(ctx, job, body);
    case "ListArtifacts":
      return json({ artifacts: list(inRun, body).map(monolith) });
    case "GetSignedArtifactURL": {
      const artifact = named(body.name);
      if (!artifact) return twirpError("not_found", `no artifact named ${String(body.name)} in this run`);
      return json({ signed_url: ctx.blobs.signedUrl(ARTIFACT_CONTAINER, artifact.blob, "r", 10) });
    }
    case "DeleteArtifact": {
      const artifact = named(body.name);
      if (!artifact) return twirpError("not_found", `no artifact named ${String(body.name)} in this run`);
      await ctx.blobs.remove(ARTIFACT_CONTAINER, artifact.blob);
      ctx.artifacts.splice(ctx.artifacts.indexOf(artifact), 1);
      return json({ ok: true, artifact_id: String(artifact.id) });
    }
    default:
      return twirpError("bad_route", `no method ArtifactService/${method}`);
  }
}

function create(ctx: Context, job: Job, body: Record<string, unknown>, inRun: Artifact[]): Reply {
  const name = text(body.name);
  if (!name || FORBIDDEN.test(name))
    return twirpError("invalid_argument", `invalid artifact name ${String(name)}`);
  // Names are unique in a run; only the same job may replace its own pending upload (a retry).
  const taken = (a: Artifact) => a.name === name && (isFinal(a) || a.jobBackendId !== job.jobBackendId);
  if (ctx.faults.artifactNameConflict || inRun.some(taken))
    return twirpError("already_exists", "an artifact with this name already exists on the workflow run");
  const expiresAt = text(body.expires_at) ? new Date(body.expires_at as string) : undefined;
  if (expiresAt && Number.isNaN(expiresAt.getTime()))
    return twirpError("invalid_argument", "invalid expires_at");
  // A second CreateArtifact before finalizing (a retried upload) replaces the pending one.
  const pending = inRun.findIndex(
    (a) => !isFinal(a) && a.name === name && a.jobBackendId === job.jobBackendId,
  );
  if (pending >= 0) ctx.artifacts.splice(ctx.artifacts.indexOf(inRun[pending]!), 1);
  const id = ctx.nextId();
  const artifact: Artifact = {
    id,
    runId: ctx.runs.get(job.runBackendId) ?? 0,
    runBackendId: job.runBackendId,
    jobBackendId: job.jobBackendId,
    name,
    blob: `${job.runBackendId}/${id}`,
    createdAt: new Date(),
    ...(expiresAt ? { expiresAt } : {}),
  };
  ctx.artifacts.push(artifact);
  return json({ ok: true, signed_upload_url: ctx.blobs.signedUrl(ARTIFACT_CONTAINER, artifact.blob, "cw") });
}

async function finalize(ctx: Context, job: Job, body: Record<string, unknown>): Promise<Reply> {
  const artifact = ctx.artifacts.find(
    (a) => a.runBackendId === job.runBackendId && a.name === body.name && !isFinal(a),
  );
  if (!artifact) return twirpError("not_found", `no artifact ${String(body.name)} waiting to be finalized`);
  const size = Number(body.size ?? NaN);
  const stored = await ctx.blobs.size(ARTIFACT_CONTAINER, artifact.blob);
  if (stored === undefined || stored !== size)
    return twirpError(
      "invalid_argument",
      `artifact ${artifact.name}: ${stored ?? "no"} bytes uploaded, ${size} declared`,
    );
  artifact.size = size;
  if (text(body.hash)) artifact.hash = body.hash as string;
  return json({ ok: true, artifact_id: String(artifact.id) });
}

function list(inRun: Artifact[], body: Record<string, unknown>): Artifact[] {
  return inRun.filter(
    (a) =>
      isFinal(a) &&
      (body.name_filter === undefined || a.name === body.name_filter) &&
      (body.id_filter === undefined || String(a.id) === String(body.id_filter)),
  );
}

function monolith(a: Artifact) {
  return {
    workflow_run_backend_id: a.runBackendId,
    workflow_job_run_backend_id: a.jobBackendId,
    database_id: String(a.id),
    name: a.name,
    size: String(a.size ?? 0),
    created_at: a.createdAt.toISOString(),
    // The hex digest, as uploadArtifact returns it and downloadArtifact compares it (expectedHash).
    ...(a.hash ? { digest: a.hash.replace(/^sha256:/, "") } : {}),
  };
}

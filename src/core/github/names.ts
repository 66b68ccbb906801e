/** The names of artifacts: what GitHub allows, and the pending artifacts' prefix for one Jux API server. */
import { createHash } from "node:crypto";

/** The artifact name as given, with what GitHub forbids in names replaced (" : < > | * ? \r \n \ /). */
export function sanitizeArtifactName(name: string): string {
  return name.replace(/[":<>|*?\r\n\\/]/g, "-");
}

/** Eight hex digits naming the Jux API a queue is for (scheme, host, port and path; case and a final / ignored). */
export function serverTag(apiUrl: string): string {
  const url = new URL(apiUrl);
  const normal = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`.toLowerCase();
  return createHash("sha256").update(normal).digest("hex").slice(0, 8);
}

/**
 * Every pending artifact of artifact_name (a matrix leg's included: `<artifact_name>-<leg>`) for this api_url
 * starts with it: `<artifact_name>-pending-<server tag>-<job>-attempt<N>`.
 */
export function pendingPrefix(artifactName: string, apiUrl: string): string {
  return sanitizeArtifactName(`${artifactName}-pending-${serverTag(apiUrl)}-`);
}

/**
 * Whether `name` is a pending artifact of artifact_name for this api_url, a matrix leg's (`<artifact_name>-<leg>`)
 * included: what `jux cache push --from-artifacts` drains, outside any one job.
 */
export function isPendingOf(artifactName: string, apiUrl: string): (name: string) => boolean {
  const base = sanitizeArtifactName(artifactName);
  const marker = `-pending-${serverTag(apiUrl)}-`;
  return (name) => {
    const at = name.indexOf(marker);
    if (at < 0) return false;
    const before = name.slice(0, at);
    return before === base || before.startsWith(`${base}-`);
  };
}

/**
 * A drained pending artifact that could not be deleted (no `actions: write`) is marked by a tiny artifact named
 * `<artifact_name>-drained-<server tag>-<its id>` (`-2`... on a name clash): later runs skip what it names and a
 * run with `actions: write` deletes both. It never starts with the pending prefix (`-drained-`, not `-pending-`).
 */
export function drainedPrefix(artifactName: string, apiUrl: string): string {
  return sanitizeArtifactName(`${artifactName}-drained-${serverTag(apiUrl)}-`);
}

/** The marker's name for the pending artifact `id`, under `prefix` (drainedPrefix). */
export function drainedMarkerName(prefix: string, id: number): string {
  return `${prefix}${id}`;
}

/** The pending artifact's id that a marker named `name` names, or undefined when `name` is no marker of `prefix`. */
export function markedId(prefix: string, name: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const m = /^([1-9][0-9]{0,14})(?:-[0-9]{1,3})?$/.exec(name.slice(prefix.length));
  return m ? Number(m[1]) : undefined;
}

import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Counts } from "../core/junit/summary.js";
import type { StorageMode } from "../core/publish/storage-mode.js";
import type { UploadedArtifact } from "./artifact.js";
import type { Insight } from "./insight/collect.js";

/** A report the main step read (and signed): what the post step publishes. */
export interface ManifestReport extends Counts {
  /** Relative to the workspace. */
  name: string;
  /** The copy in the run-private directory (the user's file is never touched). */
  copy: string;
  hash: string;
  /** SHA-256 of the signed copy's bytes as main wrote them: post reads them back without parsing them again. */
  sha256?: string;
  signed: boolean;
}

/** What the main step hands the post step (through a file: state variables are size-limited). */
export interface Manifest {
  dir: string;
  mode: StorageMode;
  reports: ManifestReport[];
  failed: { name: string; reason: string }[];
  /** Why nothing is signed or published (no signing key, e.g. a fork's pull request). */
  unsignedReason?: string;
  artifact?: UploadedArtifact;
  artifactProblem?: string;
  /** The signing certificate (public), to verify queued reports in the post step. */
  certificatePem?: string;
  /** The job's tests, bounded (collect.ts's caps), for the post step's summary. */
  insight?: Insight;
}

export const STATE_MANIFEST = "manifest";

/** The run's store (the action's own folder in the run directory; the store's layout is its own business). */
export function storeDir(m: Manifest): string {
  return join(m.dir, "store");
}

/** The main step's copies of the reports (signed when a key was given): the signed_dir output, the artifact's root. */
export function signedDir(m: Manifest): string {
  return join(m.dir, "signed");
}

/** Where collecting the offline queue copies the files that failed their check. */
export function queueQuarantineDir(m: Manifest): string {
  return join(m.dir, "quarantine");
}

/** Where the refused reports and their reasons are gathered for the -rejected artifact. */
export function rejectedDir(m: Manifest): string {
  return join(m.dir, "rejected");
}

export function manifestPath(dir: string): string {
  return join(dir, "manifest.json");
}

export async function writeManifest(m: Manifest): Promise<string> {
  const path = manifestPath(m.dir);
  await writeFile(path, JSON.stringify(m), { mode: 0o600 });
  return path;
}

export async function readManifest(path: string): Promise<Manifest> {
  return JSON.parse(await readFile(path, "utf8")) as Manifest;
}

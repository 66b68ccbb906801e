import { copyFile, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ModeResult, ReportResult } from "../core/publish/modes.js";
import { rejectionFileName, reportFileName } from "../core/store/layout.js";
import type { ReportStore } from "../core/store/store.js";
import { artifactBaseName, uploadFiles } from "./artifact.js";
import type { ActionInputs } from "./inputs.js";
import { rejectedDir, type Manifest } from "./manifest.js";

declare const keptBrand: unique symbol;

/**
 * Proof that the refused and quarantined reports were dealt with, made only by uploadSideArtifacts: settling
 * the offline queue takes it, so no entry can be deleted before what it held is safe. `safe`: every such report
 * is in an artifact (or there was none).
 */
export type SideArtifactsKept = { readonly safe: boolean; readonly [keptBrand]: true };

/** Where the suspect files are: the run's store (its quarantine/) and the offline queue's quarantine folder. */
export interface SuspectSources {
  store?: ReportStore;
  queueQuarantine?: string;
}

/** The reports a server refused for good (not those still queued because it refused the key or the URL). */
export function refusedOf(run: ModeResult | undefined): ReportResult[] {
  const all = run ? [...run.results, ...run.earlier] : [];
  return all.filter((r) => r.outcome.kind === "rejected" && !r.outcome.retained);
}

/** Copies refused reports and their reasons into dir for the -rejected artifact; returns the files. */
async function rejectedFiles(
  m: Manifest,
  refused: ReportResult[],
  store: ReportStore | undefined,
  dir: string,
): Promise<string[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files: string[] = [];
  // By hash, looked up once per refused report (not a search of this run's reports for each).
  const copies = new Map<string, string>();
  for (const x of m.reports) if (!copies.has(x.hash)) copies.set(x.hash, x.copy);
  for (const r of refused) {
    // This run's copy, or the earlier run's report the core moved to the store's rejected/.
    const source = copies.get(r.hash) ?? store?.path("rejected", r.hash);
    if (source === undefined) throw new Error(`refused report ${r.id} has no copy and no store holds it`);
    const xml = join(dir, reportFileName(r.hash));
    await copyFile(source, xml);
    const reason = join(dir, rejectionFileName(r.hash));
    await writeFile(reason, JSON.stringify({ file: r.id, ...r.outcome }, null, 2) + "\n", { mode: 0o600 });
    files.push(xml, reason);
  }
  return files;
}

async function filesUnder(dir: string | undefined): Promise<string[]> {
  if (dir === undefined) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Uploads the refused reports (`-rejected`, with the server's reasons) and the files that failed their check
 * (`-quarantine`) as artifacts of their own; returns lines for the summary and the proof that settling needs.
 */
export async function uploadSideArtifacts(
  m: Manifest,
  refused: ReportResult[],
  suspect: SuspectSources,
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
): Promise<{ kept: SideArtifactsKept; notes: string[] }> {
  const notes: string[] = [];
  let safe = true;
  if (refused.length > 0) {
    const dir = rejectedDir(m);
    const files = await rejectedFiles(m, refused, suspect.store, dir);
    const name = artifactBaseName(inputs.artifactName, env, "-rejected");
    const up = await uploadFiles(name, files, dir, env, inputs.retentionDays);
    safe &&= up.ok;
    notes.push(
      up.ok
        ? `Reports the server refused, with its reasons: artifact ${up.artifact.name}.`
        : `the refused reports could not be uploaded as an artifact: ${up.reason}`,
    );
  }
  const quarantined = [
    ...(await filesUnder(suspect.queueQuarantine)),
    ...(await filesUnder(suspect.store?.dir("quarantine"))),
  ];
  if (quarantined.length > 0) {
    const name = artifactBaseName(inputs.artifactName, env, "-quarantine");
    const up = await uploadFiles(name, quarantined, m.dir, env, inputs.retentionDays);
    safe &&= up.ok;
    notes.push(
      up.ok
        ? `Queue files that failed their check (never published): artifact ${up.artifact.name}.`
        : `the quarantined files could not be uploaded as an artifact: ${up.reason}`,
    );
  }
  return { kept: { safe } as SideArtifactsKept, notes };
}

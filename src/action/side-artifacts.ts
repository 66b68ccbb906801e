import { copyFile, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ReportResult } from "../core/publish/modes.js";
import { artifactBaseName, uploadFiles } from "./artifact.js";
import type { ActionInputs } from "./inputs.js";
import type { Manifest } from "./manifest.js";

/** Copies refused reports and their reasons into dir for the -rejected artifact; returns the files. */
async function rejectedFiles(m: Manifest, refused: ReportResult[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files: string[] = [];
  for (const r of refused) {
    // This run's copy, or the earlier run's report the core moved to the store's rejected/.
    const source =
      m.reports.find((x) => x.hash === r.hash)?.copy ?? join(m.dir, "store", "rejected", `${r.hash}.xml`);
    const xml = join(dir, `${r.hash}.xml`);
    await copyFile(source, xml);
    const reason = join(dir, `${r.hash}.reason.json`);
    await writeFile(reason, JSON.stringify({ file: r.id, ...r.outcome }, null, 2) + "\n", { mode: 0o600 });
    files.push(xml, reason);
  }
  return files;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Uploads the refused reports (`-rejected`, with the server's reasons) and the queue files that failed their
 * check (`-quarantine`) as artifacts of their own; returns lines for the summary.
 */
export async function uploadSideArtifacts(
  m: Manifest,
  refused: ReportResult[],
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; notes: string[] }> {
  const notes: string[] = [];
  let ok = true;
  if (refused.length > 0) {
    const dir = join(m.dir, "rejected");
    const files = await rejectedFiles(m, refused, dir);
    const up = await uploadFiles(
      artifactBaseName(inputs.artifactName, env, "-rejected"),
      files,
      dir,
      env,
      inputs.retentionDays,
    );
    ok &&= up.ok;
    notes.push(
      up.ok
        ? `Reports the server refused, with its reasons: artifact ${up.artifact.name}.`
        : `the refused reports could not be uploaded as an artifact: ${up.reason}`,
    );
  }
  const quarantined = [
    ...(await filesUnder(join(m.dir, "quarantine"))),
    ...(await filesUnder(join(m.dir, "store", "quarantine"))),
  ];
  if (quarantined.length > 0) {
    const up = await uploadFiles(
      artifactBaseName(inputs.artifactName, env, "-quarantine"),
      quarantined,
      m.dir,
      env,
      inputs.retentionDays,
    );
    ok &&= up.ok;
    notes.push(
      up.ok
        ? `Queue files that failed their check (never published): artifact ${up.artifact.name}.`
        : `the quarantined files could not be uploaded as an artifact: ${up.reason}`,
    );
  }
  return { ok, notes };
}

/** Saves queue entries: the reports still waiting, or a marker naming entries that could not be deleted. */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as cache from "@actions/cache";
import { errorMessage } from "../../core/errors.js";
import { NAMES, STAGING, SUPERSEDES } from "./layout.js";

export type Saved = { ok: true; key: string } | { ok: false; reason: string };

async function emptyStaging(workspace: string): Promise<string> {
  const dir = join(workspace, STAGING);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Saves files as one new, immutable cache entry, with the keys it supersedes. */
export async function saveEntry(
  workspace: string,
  key: string,
  reports: { hash: string; xml: Buffer; name?: string }[],
  supersedes: string[],
): Promise<Saved> {
  if (!cache.isFeatureAvailable())
    return { ok: false, reason: "the Actions cache is not available to this job" };
  const staging = await emptyStaging(workspace);
  try {
    for (const r of reports) await writeFile(join(staging, `${r.hash}.xml`), r.xml);
    if (supersedes.length > 0) await writeFile(join(staging, SUPERSEDES), JSON.stringify(supersedes));
    const names = Object.fromEntries(reports.filter((r) => r.name).map((r) => [r.hash, r.name]));
    if (Object.keys(names).length > 0) await writeFile(join(staging, NAMES), JSON.stringify(names));
    const id = await cache.saveCache([STAGING], key);
    if (id === -1)
      return {
        ok: false,
        reason:
          "the cache refused the entry: write denied for this event, a reservation race, or a service failure (see the log above)",
      };
    return { ok: true, key };
  } catch (e) {
    return { ok: false, reason: errorMessage(e) };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

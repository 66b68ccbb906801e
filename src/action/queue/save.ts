/** Saves queue entries: the reports still waiting, or a marker naming entries that could not be deleted. */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as cache from "@actions/cache";
import { within } from "../../core/deadline.js";
import { errorMessage } from "../../core/errors.js";
import { NAMES, STAGING, SUPERSEDES } from "./layout.js";

export type Saved = { ok: true; key: string } | { ok: false; reason: string };

async function emptyStaging(workspace: string): Promise<string> {
  const dir = join(workspace, STAGING);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** A report to save: its bytes are read when it is staged, so the entry is never whole in memory. */
export interface ToSave {
  hash: string;
  xml: () => Promise<Buffer>;
  name?: string;
}

/** A report's bytes could not be read from where they wait: thrown as it was, not a save problem. */
class SourceFailed extends Error {}

/** Reports staged at once: enough to overlap reading and writing, few enough to bound memory and descriptors. */
const STAGE_AT_ONCE = 8;

async function stage(staging: string, reports: ToSave[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < reports.length) {
      const r = reports[next++]!;
      const xml = await r.xml().catch((e: unknown) => {
        throw new SourceFailed("", { cause: e });
      });
      await writeFile(join(staging, `${r.hash}.xml`), xml);
    }
  };
  const workers = Array.from({ length: Math.min(STAGE_AT_ONCE, reports.length) }, worker);
  // Every worker stops before the staging directory is removed, even when one failed.
  const settled = await Promise.allSettled(workers);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
}

/**
 * The longest a cache save may take. @actions/cache's upload has no timeout of its own: a stalled blob upload
 * would keep the post step (and the job) waiting; past this the entry counts as refused and its reports go where a
 * refused save sends them.
 */
export const SAVE_TIMEOUT_MS = 10 * 60_000;

/** Saves files as one new, immutable cache entry, with the keys it supersedes. */
export async function saveEntry(
  workspace: string,
  key: string,
  reports: ToSave[],
  supersedes: string[],
): Promise<Saved> {
  if (!cache.isFeatureAvailable())
    return { ok: false, reason: "the Actions cache is not available to this job" };
  const staging = await emptyStaging(workspace);
  try {
    await stage(staging, reports);
    if (supersedes.length > 0) await writeFile(join(staging, SUPERSEDES), JSON.stringify(supersedes));
    const names = Object.fromEntries(reports.filter((r) => r.name).map((r) => [r.hash, r.name]));
    if (Object.keys(names).length > 0) await writeFile(join(staging, NAMES), JSON.stringify(names));
    const id = await within(
      cache.saveCache([STAGING], key),
      SAVE_TIMEOUT_MS,
      `the cache took no answer to the save within ${SAVE_TIMEOUT_MS / 60_000} minutes`,
    );
    if (id === -1)
      return {
        ok: false,
        reason:
          "the cache refused the entry: write denied for this event, a reservation race, or a service failure (see the log above)",
      };
    return { ok: true, key };
  } catch (e) {
    if (e instanceof SourceFailed) throw e.cause;
    return { ok: false, reason: errorMessage(e) };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

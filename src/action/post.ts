import * as core from "@actions/core";
import { authReport } from "./auth.js";
import { readInputs } from "./inputs.js";
import { readManifest, STATE_MANIFEST } from "./manifest.js";
import { openTarget, publishReports } from "./publish.js";
import { report } from "./report.js";
import { refusedOf, uploadSideArtifacts } from "./side-artifacts.js";

/**
 * The post step, in the order the docs describe: collect the offline queue, publish, keep the refused and the
 * suspect reports in artifacts, settle the queue (which needs the proof that they are kept), report.
 */
export async function post(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const manifestPath = core.getState(STATE_MANIFEST);
  if (!manifestPath) {
    core.info(
      "jux: the main step handed over nothing (it stopped before finding reports); nothing to publish",
    );
    return;
  }
  const m = await readManifest(manifestPath);
  const inputs = readInputs(env.GITHUB_WORKSPACE ?? process.cwd(), "post");
  const notes: string[] = m.unsignedReason && m.reports.length > 0 ? [m.unsignedReason] : [];
  const target = await openTarget(m, inputs, env);

  // The offline queue (with @actions/cache) is loaded only in cache mode: the other modes never parse it.
  const queue =
    target && m.mode === "cache"
      ? await (
          await import("./queue/offline-queue.js")
        ).OfflineQueue.collect(m, inputs, target.apiUrl, target.store, env)
      : undefined;
  notes.push(...(queue?.notes ?? []));
  const published = target ? await publishReports(m, target, inputs) : undefined;
  const run = published?.run;
  const auth = target && published ? authReport(target.auth, published, env) : undefined;
  notes.push(...(auth?.notes ?? []));
  const side = await uploadSideArtifacts(
    m,
    refusedOf(run),
    { store: target?.store, queueQuarantine: queue?.quarantineDir },
    inputs,
    env,
  );
  notes.push(...side.notes);
  const settled = queue ? await queue.settle(side.kept, m) : undefined;
  notes.push(...(settled?.notes ?? []));

  await report(m, { run, queue, settled, ...(auth ? { auth } : {}) }, notes, inputs);
}

import { copyFile, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as core from "@actions/core";
import { errorMessage } from "../core/atomic-file.js";
import { loadTrustedKeys, type TrustedKey } from "../core/keys.js";
import { JuxClient } from "../core/publish/client.js";
import {
  describeOutcome,
  runMode,
  succeeded,
  type ModeResult,
  type ReportResult,
} from "../core/publish/modes.js";
import { loadReportBytes, loadReportFile } from "../core/publish/report-file.js";
import { verifyReport } from "../core/report/verify-report.js";
import { ReportStore } from "../core/store/store.js";
import { Annotations } from "./annotations.js";
import { artifactBaseName, uploadFiles } from "./artifact.js";
import { publishes, readInputs, type ActionInputs } from "./inputs.js";
import { readManifest, STATE_MANIFEST, type Manifest, type ManifestReport } from "./manifest.js";
import {
  collectQueue,
  deleteDrained,
  newQueueKey,
  queuePrefix,
  saveQueue,
  type Collected,
  type Vet,
} from "./queue-cache.js";
import { renderSummary, type SummaryInput, type SummaryRow } from "./summary.js";

async function* once(bytes: Buffer): AsyncIterable<Buffer> {
  yield bytes;
}

/** A restored report is trusted only if the strict reader accepts it and, with a certificate, it verifies. */
function vetWith(trusted: TrustedKey[] | undefined): Vet {
  return async (xml, source) => {
    if (trusted) {
      const verdict = await verifyReport({ source, open: () => once(xml), trusted });
      if (!verdict.valid) return { problem: `its signature does not verify: ${verdict.error}` };
      return { hash: verdict.canonicalHash };
    }
    try {
      return { hash: (await loadReportBytes(xml, source)).hash };
    } catch (e) {
      return { problem: errorMessage(e) };
    }
  };
}

function clientOf(inputs: ActionInputs): JuxClient {
  return new JuxClient({
    apiUrl: inputs.apiUrl!,
    ...(inputs.apiKey ? { apiKey: inputs.apiKey } : {}),
    apiKeyHeader: inputs.apiKeyHeader,
    timeoutMs: inputs.timeoutSeconds * 1000,
    maxRetries: inputs.maxRetries,
  });
}

interface Published {
  run?: ModeResult;
  collected?: Collected;
  queueDepth?: number;
  oldestHours?: number;
  notes: string[];
  store?: ReportStore;
}

async function loadReports(m: Manifest) {
  return Promise.all(m.reports.map((r) => loadReportFile(r.copy, r.name)));
}

async function publish(m: Manifest, inputs: ActionInputs, env: NodeJS.ProcessEnv): Promise<Published> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const notes: string[] = [];
  const store = await ReportStore.open(join(m.dir, "store"));
  const client = clientOf(inputs);
  const trusted = inputs.signingCert
    ? loadTrustedKeys({ pem: inputs.signingCert.pem, source: inputs.signingCert.source })
    : undefined;
  try {
    const reports = await loadReports(m);
    if (m.mode !== "cache")
      return { run: await runMode({ mode: m.mode, reports, store, client }), notes, store };
    const collected = await collectQueue({
      prefix: queuePrefix(inputs.queueKey, env),
      workspace,
      env,
      ...(inputs.githubToken ? { token: inputs.githubToken } : {}),
      store,
      vet: vetWith(trusted),
      quarantineDir: join(m.dir, "quarantine"),
    });
    notes.push(...collected.notes);
    const run = await runMode({ mode: "cache", reports, store, client });
    const saved = await saveQueue(store, workspace, newQueueKey(inputs.queueKey, env));
    if (!saved.ok)
      notes.push(
        `${saved.count} unpublished report(s) could not be saved to the offline queue (${saved.reason}). ` +
          "No later run will publish them by itself: they are in this run's artifact; publish them with jux publish -f.",
      );
    else if (saved.key)
      core.info(`jux: ${saved.count} report(s) wait in the offline queue (cache key ${saved.key})`);
    if (saved.ok) {
      const drained = await deleteDrained(collected.entries, inputs.githubToken, env);
      if (drained.note) notes.push(drained.note);
      if (drained.deleted)
        core.info(`jux: deleted ${drained.deleted} drained queue entr${drained.deleted === 1 ? "y" : "ies"}`);
    }
    const queue = await store.list("queue");
    const oldest = Math.min(
      ...queue.map((e) => Date.parse(e.timestamp ?? e.storedAt)).filter(Number.isFinite),
    );
    return {
      run,
      collected,
      queueDepth: queue.length,
      ...(Number.isFinite(oldest) ? { oldestHours: Math.max(0, (Date.now() - oldest) / 3_600_000) } : {}),
      notes,
      store,
    };
  } finally {
    client.dispose();
  }
}

function rowsOf(m: Manifest, p: Published): SummaryRow[] {
  const byHash = new Map<string, ManifestReport>(m.reports.map((r) => [r.hash, r]));
  const rows: SummaryRow[] = [];
  const fromResult = (r: ReportResult, earlier: boolean): SummaryRow => {
    const mine = byHash.get(r.hash);
    return {
      file: earlier ? `${r.id} (earlier run)` : r.id,
      ...(mine
        ? { tests: mine.tests, failures: mine.failures, errors: mine.errors, skipped: mine.skipped }
        : {}),
      hash: r.hash,
      outcome: describeOutcome(r.outcome),
      good: succeeded(m.mode, r.outcome),
    };
  };
  if (p.run) {
    rows.push(...p.run.results.map((r) => fromResult(r, false)));
    rows.push(...p.run.earlier.map((r) => fromResult(r, true)));
    for (const q of p.run.quarantined)
      rows.push({ file: q.name, outcome: `quarantined: ${q.reason}`, good: false });
  } else {
    const outcome = m.unsignedReason ? "kept unsigned (not published)" : "stored";
    const kept = m.artifact ? `${outcome} in artifact ${m.artifact.name}` : outcome;
    for (const r of m.reports)
      rows.push({
        file: r.name,
        tests: r.tests,
        failures: r.failures,
        errors: r.errors,
        skipped: r.skipped,
        hash: r.hash,
        outcome: m.artifactProblem ? `not kept: ${m.artifactProblem}` : kept,
        good: !m.artifactProblem,
      });
  }
  for (const s of p.collected?.setAside ?? [])
    rows.push({
      file: `${s.entry}/${s.file}`,
      outcome: `quarantined, not published: ${s.reason}`,
      good: false,
    });
  for (const f of m.failed) rows.push({ file: f.name, outcome: `not signed: ${f.reason}`, good: false });
  return rows;
}

/** Copies refused reports and their reasons for the -rejected artifact; returns the files. */
async function rejectedFiles(m: Manifest, p: Published): Promise<string[]> {
  const dir = join(m.dir, "rejected");
  const all = [...(p.run?.results ?? []), ...(p.run?.earlier ?? [])].filter(
    (r) => r.outcome.kind === "rejected",
  );
  if (all.length === 0) return [];
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files: string[] = [];
  for (const r of all) {
    const mine = m.reports.find((x) => x.hash === r.hash);
    const source = mine?.copy ?? join(m.dir, "store", "rejected", `${r.hash}.xml`);
    const xml = join(dir, `${r.hash}.xml`);
    await copyFile(source, xml).catch(() => undefined);
    const reason = join(dir, `${r.hash}.reason.json`);
    await writeFile(reason, JSON.stringify({ file: r.id, ...r.outcome }, null, 2) + "\n", { mode: 0o600 });
    files.push(xml, reason);
  }
  return files;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function sideArtifacts(
  m: Manifest,
  p: Published,
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  notes: string[],
) {
  const rejected = await rejectedFiles(m, p);
  if (rejected.length > 0) {
    const up = await uploadFiles(
      artifactBaseName(inputs.artifactName, env, "-rejected"),
      rejected,
      join(m.dir, "rejected"),
      env,
      inputs.retentionDays,
    );
    notes.push(
      up.ok
        ? `Reports the server refused, with its reasons: artifact ${up.artifact.name}.`
        : `the refused reports could not be uploaded: ${up.reason}`,
    );
  }
  const quarantineDirs = [join(m.dir, "quarantine"), join(m.dir, "store", "quarantine")];
  const quarantined = (await Promise.all(quarantineDirs.map(listFiles))).flat();
  if (quarantined.length > 0) {
    const up = await uploadFiles(
      artifactBaseName(inputs.artifactName, env, "-quarantine"),
      quarantined,
      m.dir,
      env,
      inputs.retentionDays,
    );
    notes.push(
      up.ok
        ? `Queue files that failed their check (never published): artifact ${up.artifact.name}.`
        : `the quarantined files could not be uploaded: ${up.reason}`,
    );
  }
}

function annotate(m: Manifest, p: Published): void {
  const warnings = new Annotations("warning");
  const errors = new Annotations("error");
  for (const r of [...(p.run?.results ?? []), ...(p.run?.earlier ?? [])]) {
    if (r.outcome.kind === "queued") warnings.add(`${r.id}: ${describeOutcome(r.outcome)}`);
    else if (!succeeded(m.mode, r.outcome)) errors.add(`${r.id}: ${describeOutcome(r.outcome)}`);
  }
  for (const s of p.collected?.setAside ?? [])
    errors.add(`queue entry ${s.entry}/${s.file} quarantined: ${s.reason}`);
  for (const n of p.notes) warnings.add(`jux: ${n}`);
  warnings.flush("warnings");
  errors.flush("reports did not end well");
}

/** The post step: collect the queue, publish, save what is left, summarize. */
export async function post(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const manifestPath = core.getState(STATE_MANIFEST);
  if (!manifestPath) {
    core.info(
      "jux: the main step handed over nothing (it failed before finding reports); nothing to publish",
    );
    return;
  }
  const m = await readManifest(manifestPath);
  const inputs = readInputs(env.GITHUB_WORKSPACE ?? process.cwd());
  const notes: string[] = [];
  if (m.unsignedReason && m.reports.length > 0) notes.push(m.unsignedReason);
  const wantsServer = publishes(m.mode) && !m.unsignedReason && (m.reports.length > 0 || m.mode === "cache");
  const p: Published = wantsServer && inputs.apiUrl ? await publish(m, inputs, env) : { notes: [] };
  if (wantsServer && !inputs.apiUrl)
    notes.push(`storage mode ${m.mode} needs api_url: nothing was published`);
  notes.push(...p.notes);
  await sideArtifacts(m, p, inputs, env, notes);
  for (const r of rowsOf(m, p))
    core.info(`jux: ${r.file}: ${r.outcome}${r.hash ? ` sha256:${r.hash.slice(0, 12)}` : ""}`);
  annotate(m, { ...p, notes });
  if (inputs.summary) {
    const summary: SummaryInput = {
      mode: m.mode,
      rows: rowsOf(m, p),
      ...(p.queueDepth !== undefined
        ? {
            queue: {
              depth: p.queueDepth,
              ...(p.oldestHours !== undefined ? { oldestHours: p.oldestHours } : {}),
            },
          }
        : {}),
      ...(m.artifact ? { artifact: { name: m.artifact.name, url: m.artifact.url } } : {}),
      notes,
    };
    await core.summary.addRaw(renderSummary(summary)).write();
  }
  const failedRun = p.run && !p.run.ok;
  const unpublished = wantsServer && !inputs.apiUrl && m.mode !== "cache";
  if (failedRun || unpublished)
    core.setFailed(`storage mode ${m.mode}: not every report could be published (see the job summary)`);
}

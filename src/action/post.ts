import * as core from "@actions/core";
import { errorMessage } from "../core/errors.js";
import { describeOutcome, succeeded, type ReportResult } from "../core/publish/modes.js";
import { Annotations, STEP_CAP } from "./annotations.js";
import { publishes } from "../core/publish/storage-mode.js";
import type { Counts } from "../core/junit/summary.js";
import { readInputs } from "./inputs.js";
import { readManifest, STATE_MANIFEST, type Manifest } from "./manifest.js";
import { publishReports, type Published } from "./publish.js";
import { recheckedOnly } from "./queue-cache.js";
import { settleQueue, type QueueState } from "./settle-queue.js";
import { uploadSideArtifacts } from "./side-artifacts.js";
import { printable, renderSummary, type SummaryInput, type SummaryRow } from "./summary.js";

function countsCells(c: Counts | undefined) {
  return c ? { tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped } : {};
}

/**
 * The earlier runs' results worth a row: not a duplicate of a report that only entries named as already drained
 * held (they are restored to be checked, and the run that published them listed them).
 */
function earlierNews(p: Published): ReportResult[] {
  const rechecked = p.queue ? recheckedOnly(p.queue.collected) : new Set<string>();
  return p.run.earlier.filter((r) => !(r.outcome.kind === "duplicate" && rechecked.has(r.hash)));
}

/** One row per report: this run's, the earlier runs', the quarantined and the unreadable. */
function rowsOf(m: Manifest, p: Published | undefined): SummaryRow[] {
  const mine = new Map<string, Counts>(m.reports.map((r) => [r.hash, r]));
  const fromResult = (r: ReportResult, earlier: boolean): SummaryRow => ({
    file: earlier ? `${p?.queue?.collected.names.get(r.hash) ?? r.id} (earlier run)` : r.id,
    ...countsCells(mine.get(r.hash) ?? p?.earlierCounts.get(r.hash)),
    hash: r.hash,
    outcome: describeOutcome(r.outcome),
    good: succeeded(m.mode, r.outcome),
  });
  const rows: SummaryRow[] = [];
  if (p) {
    rows.push(
      ...p.run.results.map((r) => fromResult(r, false)),
      ...earlierNews(p).map((r) => fromResult(r, true)),
    );
    for (const q of p.run.quarantined)
      rows.push({ file: q.name, outcome: `quarantined: ${q.reason}`, good: false });
    for (const s of p.queue?.collected.setAside ?? [])
      rows.push({
        file: `${s.entry}/${s.file}`,
        outcome: `quarantined, not published: ${s.reason}`,
        good: false,
      });
  } else {
    const kept = m.artifactProblem
      ? `not kept: ${m.artifactProblem}`
      : `${m.unsignedReason ? "kept unsigned (not published)" : "stored"}${m.artifact ? ` in artifact ${m.artifact.name}` : ""}`;
    for (const r of m.reports)
      rows.push({ file: r.name, ...countsCells(r), hash: r.hash, outcome: kept, good: !m.artifactProblem });
  }
  for (const f of m.failed) rows.push({ file: f.name, outcome: `not signed: ${f.reason}`, good: false });
  return rows;
}

/** The notes first (they carry consequences), then one line per report that did not end well. */
function annotate(m: Manifest, p: Published | undefined, notes: string[]): void {
  const warnings = new Annotations("warning");
  // One error is left for the step's own failure line.
  const errors = new Annotations("error", STEP_CAP - 1);
  for (const n of notes) warnings.add(`jux: ${n}`);
  for (const r of p ? [...p.run.results, ...p.run.earlier] : []) {
    if (r.outcome.kind === "queued") warnings.add(`${r.id}: ${describeOutcome(r.outcome)}`);
    else if (!succeeded(m.mode, r.outcome)) errors.add(`${r.id}: ${describeOutcome(r.outcome)}`);
  }
  for (const s of p?.queue?.collected.setAside ?? [])
    errors.add(`queue entry ${s.entry}/${s.file} quarantined: ${s.reason}`);
  warnings.flush("warnings");
  errors.flush("reports did not end well");
}

async function writeSummary(summary: SummaryInput): Promise<void> {
  try {
    await core.summary.addRaw(renderSummary(summary)).write();
  } catch (e) {
    core.warning(`jux: the job summary could not be written: ${errorMessage(e)}`);
  }
}

function failure(m: Manifest, p: Published | undefined, queue: QueueState | undefined): string | undefined {
  if (queue?.saveProblem && !m.artifact)
    return "the unpublished reports could be kept neither as an artifact nor in the offline queue: they are lost when this job ends";
  if (p && !p.run.ok)
    return `storage mode ${m.mode}: not every report could be published (see the job summary)`;
  return undefined;
}

/** The post step: publish what main prepared (and the queue), keep the refused and the suspect, summarize. */
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
  const sends = publishes(m.mode) && !m.unsignedReason && inputs.apiUrl !== undefined;
  const p = sends ? await publishReports(m, inputs, inputs.apiUrl!, env) : undefined;
  notes.push(...(p?.notes ?? []));
  const refused = p
    ? [...p.run.results, ...p.run.earlier].filter((r) => r.outcome.kind === "rejected" && !r.outcome.retained)
    : [];
  const side = await uploadSideArtifacts(m, refused, inputs, env);
  notes.push(...side.notes);
  // Entries are superseded or deleted only once what they held is safe elsewhere (published, re-queued, or in an artifact).
  const queue = p?.queue ? await settleQueue(m, p.queue, inputs, env, side.ok) : undefined;
  notes.push(...(queue?.notes ?? []));
  const rows = rowsOf(m, p);
  for (const r of rows)
    core.info(printable(`jux: ${r.file}: ${r.outcome}${r.hash ? ` sha256:${r.hash.slice(0, 12)}` : ""}`));
  annotate(m, p, notes);
  if (inputs.summary)
    await writeSummary({
      mode: m.mode,
      rows,
      ...(queue && !queue.saveProblem ? { queue } : {}),
      ...(m.artifact ? { artifact: { name: m.artifact.name, url: m.artifact.url } } : {}),
      notes,
    });
  const failed = failure(m, p, queue);
  if (failed) core.setFailed(failed);
}

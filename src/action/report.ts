/** The post step's report: one row per report, annotations, the job summary, and whether the step fails. */
import * as core from "@actions/core";
import { errorMessage } from "../core/errors.js";
import type { Counts } from "../core/junit/summary.js";
import { describeOutcome, succeeded, type ModeResult, type ReportResult } from "../core/publish/modes.js";
import type { Quarantined } from "../core/store/types.js";
import { Annotations, STEP_CAP } from "./annotations.js";
import type { AuthReport } from "./auth.js";
import type { ActionInputs } from "./inputs.js";
import type { Manifest } from "./manifest.js";
import type { QueueState } from "./queue/offline-queue.js";
import { printable } from "./markdown.js";
import { renderSummary, type SummaryInput, type SummaryRow } from "./summary.js";

/** What the offline queue contributes to the report (an OfflineQueue is one). */
export interface QueueView {
  readonly earlierCounts: Map<string, Counts>;
  readonly setAside: readonly Quarantined[];
  nameOf(hash: string): string | undefined;
  recheckedOnly(): Set<string>;
}

/** What the post step did: `run` and `auth` when it published, `queue` and `settled` in cache mode. */
export interface PostOutcome {
  run?: ModeResult;
  queue?: QueueView;
  settled?: QueueState;
  auth?: AuthReport;
}

function countsCells(c: Counts | undefined) {
  return c ? { tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped } : {};
}

/**
 * The earlier runs' results worth a row: not a duplicate of a report that only entries named as already drained
 * held (they are restored to be checked, and the run that published them listed them).
 */
export function earlierNews(run: ModeResult, queue: QueueView | undefined): ReportResult[] {
  const rechecked = queue?.recheckedOnly() ?? new Set<string>();
  return run.earlier.filter((r) => !(r.outcome.kind === "duplicate" && rechecked.has(r.hash)));
}

/** The rows of a run that published nothing: the main step's reports, as kept in its artifact. */
function keptRows(m: Manifest): SummaryRow[] {
  const kept = m.artifactProblem
    ? `not kept: ${m.artifactProblem}`
    : `${m.unsignedReason ? "kept unsigned (not published)" : "stored"}${m.artifact ? ` in artifact ${m.artifact.name}` : ""}`;
  return m.reports.map((r) => ({
    file: r.name,
    ...countsCells(r),
    hash: r.hash,
    outcome: kept,
    good: !m.artifactProblem,
  }));
}

/** One row per report: this run's, the earlier runs', the quarantined and the unreadable. */
export function rowsOf(m: Manifest, o: PostOutcome): SummaryRow[] {
  const mine = new Map<string, Counts>(m.reports.map((r) => [r.hash, r]));
  const fromResult = (r: ReportResult, earlier: boolean): SummaryRow => ({
    file: earlier ? `${o.queue?.nameOf(r.hash) ?? r.id} (earlier run)` : r.id,
    ...countsCells(mine.get(r.hash) ?? o.queue?.earlierCounts.get(r.hash)),
    hash: r.hash,
    outcome: describeOutcome(r.outcome),
    good: succeeded(m.mode, r.outcome),
  });
  const rows: SummaryRow[] = [];
  if (o.run) {
    rows.push(
      ...o.run.results.map((r) => fromResult(r, false)),
      ...earlierNews(o.run, o.queue).map((r) => fromResult(r, true)),
    );
    for (const q of o.run.quarantined)
      rows.push({ file: q.name, outcome: `quarantined: ${q.reason}`, good: false });
    for (const s of o.queue?.setAside ?? [])
      rows.push({ file: s.name, outcome: `quarantined, not published: ${s.reason}`, good: false });
  } else rows.push(...keptRows(m));
  for (const f of m.failed) rows.push({ file: f.name, outcome: `not signed: ${f.reason}`, good: false });
  return rows;
}

/** Why the step fails, if it does: reports lost for good, or a storage mode's contract not met. */
export function failure(m: Manifest, o: PostOutcome): string | undefined {
  if (o.settled?.saveProblem && !m.artifact)
    return "the unpublished reports could be kept neither as an artifact nor in the offline queue: they are lost when this job ends";
  // A configuration to fix, as a refused key is: cache mode's queue keeps the reports, but the step fails.
  if (o.auth?.problem) return `auth ${o.auth.kind}: ${o.auth.problem}`;
  if (o.run && !o.run.ok)
    return `storage mode ${m.mode}: not every report could be published (see the job summary)`;
  return undefined;
}

/** The notes first (they carry consequences), then one line per report that did not end well. */
function annotate(m: Manifest, o: PostOutcome, notes: string[]): void {
  const warnings = new Annotations("warning");
  // One error is left for the step's own failure line.
  const errors = new Annotations("error", STEP_CAP - 1);
  for (const n of notes) warnings.add(`jux: ${n}`);
  for (const r of o.run ? [...o.run.results, ...o.run.earlier] : []) {
    if (r.outcome.kind === "queued") warnings.add(`${r.id}: ${describeOutcome(r.outcome)}`);
    else if (!succeeded(m.mode, r.outcome)) errors.add(`${r.id}: ${describeOutcome(r.outcome)}`);
  }
  for (const s of o.queue?.setAside ?? []) errors.add(`queue entry ${s.name} quarantined: ${s.reason}`);
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

/** The summary's publishing line: the auth, and the offline queue of cache mode (a pending artifact when used). */
function publishingOf(
  m: Manifest,
  auth: AuthReport,
  inputs: ActionInputs,
  settled: QueueState | undefined,
): { auth: string; queue?: string } {
  const queue =
    m.mode !== "cache"
      ? undefined
      : settled?.kept?.in === "artifact"
        ? `queued in an artifact, ${settled.kept.name}`
        : `the Actions cache, keys ${inputs.queueKey}-…`;
  return { auth: auth.words, ...(queue ? { queue } : {}) };
}

/** Logs one line per report, annotates, writes the job summary (if asked) and fails the step if it must. */
export async function report(
  m: Manifest,
  o: PostOutcome,
  notes: string[],
  inputs: ActionInputs,
): Promise<void> {
  const rows = rowsOf(m, o);
  for (const r of rows)
    core.info(printable(`jux: ${r.file}: ${r.outcome}${r.hash ? ` sha256:${r.hash.slice(0, 12)}` : ""}`));
  annotate(m, o, notes);
  if (inputs.summary)
    await writeSummary({
      mode: m.mode,
      rows,
      ...(o.settled && !o.settled.saveProblem ? { queue: o.settled } : {}),
      ...(m.artifact ? { artifact: { name: m.artifact.name, url: m.artifact.url } } : {}),
      ...(o.auth ? { publishing: publishingOf(m, o.auth, inputs, o.settled) } : {}),
      ...(m.insight ? { insight: m.insight } : {}),
      notes,
    });
  const failed = failure(m, o);
  if (failed) core.setFailed(failed);
}

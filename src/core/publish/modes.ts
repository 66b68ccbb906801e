import { keepsArtifact, publishes, type StorageMode } from "./storage-mode.js";
import type { ReportStore, StoredEntry } from "../store/store.js";
import type { Quarantined, Rejection } from "../store/types.js";
import { basename } from "node:path";
import { errorMessage } from "../errors.js";
import { publishBatch, type BatchItem, type BatchOptions } from "./batch.js";
import type { JuxClient, PublishOutcome } from "./client.js";

/** A report ready to keep or publish: its exact bytes and its canonical hash. */
export interface Report {
  /** What the user calls it (a file name); `queue/<hash>.xml` for reports of earlier runs. */
  id: string;
  xml: Buffer;
  hash: string;
}

/** The one explicit outcome of each report. */
export type Outcome =
  | { kind: "stored" }
  | { kind: "published"; testRunId: string }
  | { kind: "duplicate"; testRunId?: string }
  | { kind: "queued"; reason: string }
  | ({
      kind: "rejected";
      /** Still queued: the refusal (401, 403, 404, 405) concerns the key or the URL, not the report. */
      retained?: true;
    } & Rejection)
  | { kind: "failed"; reason: string };

export interface ReportResult {
  id: string;
  hash: string;
  outcome: Outcome;
  /** Kept in the store's reports/ (local, both, cache). */
  stored: boolean;
}

export interface ModeResult {
  mode: StorageMode;
  /** This run's reports, in the order given. */
  results: ReportResult[];
  /** Reports of earlier runs that were waiting in the queue (cache mode). */
  earlier: ReportResult[];
  /** Queue entries that failed their integrity check and were set aside, never published. */
  quarantined: Quarantined[];
  /** Whether the mode's failure rule says the run succeeded. */
  ok: boolean;
}

export interface ModeOptions {
  mode: StorageMode;
  reports: Report[];
  /** Needed by local, both and cache. */
  store?: ReportStore;
  /** Needed by api, both and cache. */
  client?: JuxClient;
  batch?: BatchOptions;
  /** Extra check of a queued report before it is published (e.g. its signature); a string says why not. */
  vet?: (xml: Buffer, hash: string) => Promise<string | undefined>;
}

const ACKNOWLEDGED = new Set<Outcome["kind"]>(["published", "duplicate"]);

/** Refusals that describe the configuration (API key, URL), not the report: a queued report waits for a fix. */
const CONFIGURATION_REFUSALS = new Set([401, 403, 404, 405]);

const SUCCESS: Record<StorageMode, ReadonlySet<Outcome["kind"]>> = {
  local: new Set(["stored"]),
  api: ACKNOWLEDGED,
  both: ACKNOWLEDGED,
  // Waiting in the queue is success: cache mode never fails because the server is unreachable or slow.
  cache: new Set(["published", "duplicate", "queued"]),
};

/** Whether a report's outcome meets the mode's contract (a refusal for good never does). */
export function succeeded(mode: StorageMode, outcome: Outcome): boolean {
  return SUCCESS[mode].has(outcome.kind);
}

function outcomeOf(p: PublishOutcome | undefined): Outcome {
  if (!p) return { kind: "failed", reason: "not published" };
  switch (p.outcome) {
    case "published":
      return { kind: "published", testRunId: p.testRunId };
    case "duplicate":
      return { kind: "duplicate", ...(p.testRunId ? { testRunId: p.testRunId } : {}) };
    case "rejected":
      return {
        kind: "rejected",
        status: p.status,
        error: p.error,
        ...(p.details !== undefined ? { details: p.details } : {}),
        ...(p.suggestions ? { suggestions: p.suggestions } : {}),
      };
    case "transient":
      return { kind: "failed", reason: p.reason };
  }
}

function need<T>(value: T | undefined, what: string, mode: StorageMode): T {
  if (value === undefined) throw new Error(`storage mode ${mode} needs ${what}`);
  return value;
}

/**
 * Runs `write` on each report as one batch of the store (one index write per hold of its lock, not per
 * report). Returns, in the reports' order, each one's problem: the reason `write` threw, or the lock's when the
 * batch never reached it; undefined when it was written.
 */
async function storeEach(
  store: ReportStore,
  reports: Report[],
  write: (r: Report) => Promise<unknown>,
): Promise<(string | undefined)[]> {
  const problems: (string | undefined)[] = [];
  try {
    await store.batch(reports, async (r, i) => {
      problems[i] = await write(r).then(
        () => undefined,
        (e: unknown) => errorMessage(e),
      );
    });
  } catch (e) {
    for (let i = 0; i < reports.length; i++) if (!(i in problems)) problems[i] = errorMessage(e);
  }
  return problems;
}

/** Keeps each report in reports/; a report that cannot be kept is `failed` with the store's reason. */
function keep(store: ReportStore, reports: Report[]): Promise<(string | undefined)[]> {
  return storeEach(store, reports, (r) => store.put("reports", r.xml, r.hash));
}

async function publishAll(client: JuxClient, reports: Report[], batch?: BatchOptions) {
  const items: BatchItem[] = reports.map((r) => ({ id: r.id, xml: r.xml, canonicalHash: r.hash }));
  const outcomes = await publishBatch(client, items, batch);
  return new Map(reports.map((r) => [r.id, outcomeOf(outcomes.get(r.id))]));
}

/**
 * Runs the storage mode's contract over a run's reports:
 * local stores; api publishes and fails on any unpublished report; both does both and fails if either fails;
 * cache stores, queues, publishes the whole queue (earlier runs' reports first) and never fails because the
 * server is unreachable or slow.
 */
export async function runMode(options: ModeOptions): Promise<ModeResult> {
  const { mode, reports } = options;
  if (mode === "cache") return runCache(options);
  const stored = keepsArtifact(mode) ? await keep(need(options.store, "a store", mode), reports) : [];
  const published = publishes(mode)
    ? await publishAll(need(options.client, "an api_url", mode), reports, options.batch)
    : new Map<string, Outcome>();
  const results = reports.map((r, i): ReportResult => {
    const storeProblem = stored[i];
    const wasStored = keepsArtifact(mode) && storeProblem === undefined;
    if (storeProblem !== undefined)
      return { id: r.id, hash: r.hash, stored: false, outcome: { kind: "failed", reason: storeProblem } };
    return { id: r.id, hash: r.hash, stored: wasStored, outcome: published.get(r.id) ?? { kind: "stored" } };
  });
  const ok = results.every((r) => succeeded(mode, r.outcome));
  return { mode, results, earlier: [], quarantined: [], ok };
}

async function runCache(options: ModeOptions): Promise<ModeResult> {
  const store = need(options.store, "a store", "cache");
  // Queued before any request, so a crash from here on leaves the report in the queue, never lost.
  const problems = await storeEach(store, options.reports, (r) => store.queueReport(r.xml, r.hash));
  const mine = new Set<string>();
  const results = options.reports.map((r, i): ReportResult => {
    const problem = problems[i];
    if (problem !== undefined)
      return { id: r.id, hash: r.hash, stored: false, outcome: { kind: "failed", reason: problem } };
    mine.add(r.hash);
    return { id: r.id, hash: r.hash, stored: true, outcome: { kind: "queued", reason: "not sent yet" } };
  });
  const drained = await drainQueue(store, options.client, {
    batch: options.batch,
    vet: options.vet,
    first: mine,
  });
  const byHash = new Map(drained.results.map((d) => [d.hash, d.outcome]));
  for (const r of results) {
    const outcome = byHash.get(r.hash);
    if (r.outcome.kind === "queued" && outcome) r.outcome = outcome;
  }
  const earlier = drained.results.filter((d) => !mine.has(d.hash));
  const ok = results.every((r) => succeeded("cache", r.outcome));
  return { mode: "cache", results, earlier, quarantined: drained.quarantined, ok };
}

export interface DrainResult {
  results: ReportResult[];
  quarantined: ModeResult["quarantined"];
}

/**
 * Publishes the store's queue under its lock, so two processes never publish one report twice. A report
 * leaves the queue only when the server acknowledged it (published or duplicate) or refused it for good
 * (then it moves to rejected/ with the reason); everything else stays queued with the reason. A refusal of
 * the credentials or the URL (401, 403, 404, 405) is reported as such but keeps the report queued: a rotated
 * key must not empty the queue.
 * Without a client (no api_url) the queue is left as it is.
 */
export async function drainQueue(
  store: ReportStore,
  client: JuxClient | undefined,
  options: { batch?: BatchOptions; vet?: ModeOptions["vet"]; first?: Set<string> } = {},
): Promise<DrainResult> {
  return store.withLock(async () => {
    // This run's reports were read and stored a moment ago: not read again before their turn to be sent.
    const { good, quarantined } = await store.check("queue", options.first);
    const vetted: StoredEntry[] = [];
    for (const entry of good) {
      const problem = options.vet
        ? await options.vet(await store.read("queue", entry.hash), entry.hash)
        : undefined;
      if (problem === undefined) vetted.push(entry);
      else
        quarantined.push({
          // The file as stored: <hash>.xml, or .xml.zst / .xml.gz when compressed.
          name: basename(entry.path),
          reason: problem,
          movedTo: await store.quarantine("queue", entry.hash, problem),
        });
    }
    if (!client) {
      const reason = "no api_url configured";
      return { results: vetted.map((e) => queuedResult(store, e, reason)), quarantined };
    }
    // Earlier runs' reports first (oldest first): they have waited longest.
    vetted.sort(
      (a, b) =>
        Number(options.first?.has(a.hash) ?? 0) - Number(options.first?.has(b.hash) ?? 0) ||
        a.storedAt.localeCompare(b.storedAt),
    );
    const items: BatchItem[] = vetted.map((e) => ({
      id: e.hash,
      xml: () => store.read("queue", e.hash),
      canonicalHash: e.hash,
    }));
    const outcomes = await publishBatch(client, items, options.batch);
    const results: ReportResult[] = [];
    for (const e of vetted) {
      let outcome = outcomeOf(outcomes.get(e.hash));
      if (ACKNOWLEDGED.has(outcome.kind)) await store.remove("queue", e.hash);
      else if (outcome.kind === "rejected" && CONFIGURATION_REFUSALS.has(outcome.status))
        outcome = { ...outcome, retained: true };
      else if (outcome.kind === "rejected") await store.reject(e.hash, outcome);
      results.push(
        outcome.kind === "failed"
          ? queuedResult(store, e, outcome.reason)
          : { id: store.id("queue", e.hash), hash: e.hash, stored: true, outcome },
      );
    }
    return { results, quarantined };
  });
}

function queuedResult(store: ReportStore, e: StoredEntry, reason: string): ReportResult {
  return { id: store.id("queue", e.hash), hash: e.hash, stored: true, outcome: { kind: "queued", reason } };
}

/** Text a server sent, made one bounded line: no control characters (terminal escapes, line breaks). */
function serverText(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** A line for the outcome, as the commands print it. */
export function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case "stored":
      return "stored";
    case "published":
      return `published (test run ${o.testRunId})`;
    case "duplicate":
      return `already published${o.testRunId ? ` (test run ${o.testRunId})` : ""}`;
    case "queued":
      return `queued: ${o.reason}`;
    case "rejected": {
      const message = (o.details as { message?: unknown } | undefined)?.message;
      const why = typeof message === "string" && message !== o.error ? `: ${serverText(message)}` : "";
      const hints = o.suggestions?.length ? ` (${o.suggestions.map((s) => serverText(s)).join("; ")})` : "";
      const kept = o.retained ? "; kept in the queue until api_key / api_url are fixed" : "";
      return `rejected by the server (${o.status}): ${serverText(o.error)}${why}${hints}${kept}`;
    }
    case "failed":
      return `failed: ${o.reason}`;
  }
}

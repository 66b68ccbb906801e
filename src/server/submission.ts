import type { Ingested } from "./ingest.js";
import { encodeReport, type EncodedReport } from "./report-codec.js";
import type { Publisher } from "./oidc-claims.js";
import type { Store } from "./store.js";

/** Idempotency keys are honoured this long unless configured (jux serve --idempotency-ttl). */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** What a submission comes to, before the HTTP layer adds its headers. */
export interface SubmissionReply {
  status: number;
  body: unknown;
  /** The response was remembered for the request's Idempotency-Key and is sent again. */
  replayed?: boolean;
  /** For the request log and the Location header. */
  project?: string;
  runId?: string;
}

/** The oldest time (ISO) at which a remembered response is still honoured. */
export function idempotencyCutoff(now: number, ttlMs: number): string {
  return new Date(now - ttlMs).toISOString();
}

/** The response remembered for `key`, unless it has expired. */
export async function replayed(
  store: Store,
  key: string | undefined,
  cutoff: string,
): Promise<SubmissionReply | undefined> {
  const seen = key ? await store.idempotentResponse(key, cutoff) : undefined;
  return seen && { status: seen.status, body: JSON.parse(seen.body), replayed: true };
}

function duplicate(existing: string, canonicalHash: string, project: string): SubmissionReply {
  return {
    status: 409,
    body: {
      error: "Duplicate submission",
      test_run_id: existing,
      details: {
        message: "This report (same canonical hash) was already submitted",
        test_run_id: existing,
        canonical_hash: canonicalHash,
      },
    },
    project,
    runId: existing,
  };
}

/**
 * Stores an ingested report (or the refusal) in one transaction: the replay check, the duplicate check, the insert
 * and the remembered response cannot interleave with another submission's, even from another connection. Expired
 * idempotency keys are purged first, so a key used again after its time is treated as new. Everything is decided
 * on `tx` and nothing else is done: on PostgreSQL a transaction that lost a race (the same report inserted by
 * another process) is run again, and then answers as a replay or a duplicate.
 */
export async function commitSubmission(
  store: Store,
  ingested: Ingested,
  key: string | undefined,
  cutoff: string,
  publisher?: Publisher,
): Promise<SubmissionReply> {
  // Compressed before the transaction, not inside it: a large report would hold the write lock (SQLite) or a
  // connection and its locks (PostgreSQL) meanwhile, and a re-run transaction would compress it again.
  const stored = ingested.ok ? encodeReport(ingested.run.xml) : undefined;
  return store.transaction(async (tx) => {
    await tx.purgeIdempotencyKeys(cutoff);
    const again = await replayed(tx, key, cutoff);
    if (again) return again;
    const outcome = await decide(tx, ingested, stored, publisher);
    if (key) await tx.rememberResponse(key, outcome.status, JSON.stringify(outcome.body));
    return outcome;
  });
}

async function decide(
  tx: Store,
  ingested: Ingested,
  stored?: EncodedReport,
  publisher?: Publisher,
): Promise<SubmissionReply> {
  if (!ingested.ok) return { status: ingested.status, body: ingested.body };
  const run = ingested.run;
  const existing = await tx.runByHash(run.canonicalHash);
  if (existing) return duplicate(existing, run.canonicalHash, run.project);
  const row = await tx.insertRun(run, { ...(stored ? { stored } : {}), ...(publisher ? { publisher } : {}) });
  return {
    status: 201,
    body: {
      test_run_id: row.id,
      message: "Test results submitted successfully",
      test_count: row.total_tests,
      failure_count: row.failures,
      error_count: row.errors,
      skipped_count: row.skipped,
      success_rate: row.success_rate,
    },
    project: row.project,
    runId: row.id,
  };
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A time to live: a number of hours ("24", "0.5") or a number with a unit s, m, h or d ("90s", "7d"). */
export function parseTtl(text: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(text);
  const ms = m ? Number(m[1]) * UNIT_MS[(m[2] || "h").toLowerCase()]! : NaN;
  if (!(ms >= 1000) || !Number.isFinite(ms))
    throw new Error(
      `${what}: "${text}" is not a duration of at least 1 second; give hours (24, 0.5) or a number with s, m, h or d (90s, 7d)`,
    );
  return ms;
}

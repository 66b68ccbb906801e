import type { ReadLimits } from "../core/xml/reader.js";
import type { SignaturePolicy } from "./ingest.js";
import type { Publisher } from "./oidc-claims.js";
import type { SubmissionReply } from "./submission.js";

/** What the ingest worker is started with (structured-cloned: keys and certificates clone as such). */
export interface IngestWorkerData {
  database: string;
  policy: SignaturePolicy;
  limits: Partial<ReadLimits>;
}

/** A request to the ingest worker: read, check and store one report; or purge expired idempotency keys. */
export type Job =
  | {
      id: number;
      kind: "submit";
      body: Uint8Array;
      key: string | undefined;
      cutoff: string;
      publisher?: Publisher | undefined;
    }
  | { id: number; kind: "purge"; cutoff: string };

/** The worker's answer to job `id`: an outcome, or the failure (a 500 for that request). */
export type Done =
  { id: number; ok: true; outcome: SubmissionReply | undefined } | { id: number; ok: false; error: string };

import type { Counts } from "../junit/summary.js";
import type { Compression } from "./codec.js";

export type Area = "reports" | "queue" | "rejected";
export const AREAS: readonly Area[] = ["reports", "queue", "rejected"];

export interface StoredEntry extends Counts {
  hash: string;
  area: Area;
  /** The stored file (`<hash>.xml`, `.xml.zst` or `.xml.gz`). */
  path: string;
  /** Bytes of the stored file. */
  size: number;
  /** How the file is stored; the report's bytes are always given back as they were signed. */
  compression: Compression;
  /** Bytes of the report itself (what `jux cache show --xml` prints and `publish` sends). */
  originalSize: number;
  /** ISO time the file was stored (its modification time). */
  storedAt: string;
  project?: string;
  branch?: string;
  commit?: string;
  /** The report's jux:timestamp property. */
  timestamp?: string;
  signed: boolean;
}

/** A server's refusal for good: what the client answers, what a run reports, what the store keeps beside the report. */
export interface Rejection {
  status: number;
  error: string;
  details?: unknown;
  suggestions?: string[];
}

export const HASH = /^[0-9a-f]{64}$/;

/**
 * A file that failed its integrity check: set aside, never published. `name` says what it was (a store file, or
 * `<queue entry>/<file>`); `movedTo` where it is kept for inspection, absent when nothing of it could be kept.
 */
export interface Quarantined {
  name: string;
  reason: string;
  movedTo?: string;
}

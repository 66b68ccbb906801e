import { stat } from "node:fs/promises";
import { errnoCode } from "../errors.js";
import { storeError } from "./errors.js";
import { readStoreFile, writeStoreFile } from "./files.js";
import type { ReportFacts } from "./describe.js";
import { AREAS, HASH, type Area } from "./types.js";
import type { Counts } from "../junit/summary.js";

/** One file of the store as index.json records it (snake_case, like upstream's JSON). */
export interface IndexRecord extends Counts {
  area: Area;
  size: number;
  mtimeMs: number;
  stored_at: string;
  project?: string;
  branch?: string;
  commit?: string;
  timestamp?: string;
  signed: boolean;
}

/** index.json: per area, hash -> record. A cache of the files: it can always be rebuilt from them. */
export type StoreIndex = Record<Area, Map<string, IndexRecord>>;

const INDEX_FORMAT_VERSION = 1;

export function emptyIndex(): StoreIndex {
  return { reports: new Map(), queue: new Map(), rejected: new Map() };
}

export function recordOf(
  area: Area,
  file: { size: number; mtimeMs: number },
  facts: ReportFacts,
): IndexRecord {
  const { project, branch, commit, timestamp, ...counts } = facts;
  return {
    area,
    size: file.size,
    mtimeMs: file.mtimeMs,
    stored_at: new Date(file.mtimeMs).toISOString(),
    ...(project !== undefined ? { project } : {}),
    ...(branch !== undefined ? { branch } : {}),
    ...(commit !== undefined ? { commit } : {}),
    ...counts,
    ...(timestamp !== undefined ? { timestamp } : {}),
  };
}

function isRecord(v: unknown): v is IndexRecord {
  const r = v as Partial<IndexRecord> | null;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.size === "number" &&
    typeof r.mtimeMs === "number" &&
    typeof r.stored_at === "string" &&
    typeof r.tests === "number"
  );
}

/** A damaged or foreign index.json counts as empty: the refresh reads the files again. */
function parseIndex(text: Buffer): StoreIndex {
  const index = emptyIndex();
  let json: { version?: unknown; areas?: Record<string, Record<string, unknown>> };
  try {
    json = JSON.parse(text.toString("utf8")) as typeof json;
  } catch {
    return index;
  }
  if (json.version !== INDEX_FORMAT_VERSION || typeof json.areas !== "object" || json.areas === null)
    return index;
  for (const area of AREAS)
    for (const [hash, record] of Object.entries(json.areas[area] ?? {}))
      if (HASH.test(hash) && isRecord(record)) index[area].set(hash, { ...record, area });
  return index;
}

function serialize(index: StoreIndex): string {
  const areas = Object.fromEntries(AREAS.map((a) => [a, Object.fromEntries([...index[a]].sort())]));
  return JSON.stringify({ version: INDEX_FORMAT_VERSION, areas });
}

interface Cached {
  key: string;
  index: StoreIndex;
}

/** Reads index.json, reusing the last parse while the file (replaced by rename on every write) is unchanged. */
export class IndexFile {
  private cached: Cached | undefined;

  constructor(readonly path: string) {}

  async load(): Promise<StoreIndex> {
    const key = await this.identity();
    if (key === undefined) return emptyIndex();
    if (this.cached?.key === key) return cloneIndex(this.cached.index);
    const text = await readStoreFile(this.path);
    const index = text ? parseIndex(text) : emptyIndex();
    this.cached = { key, index };
    return cloneIndex(index);
  }

  /** Call with the store's lock held. */
  async save(index: StoreIndex): Promise<void> {
    await writeStoreFile(this.path, serialize(index), true);
    const key = await this.identity();
    this.cached = key === undefined ? undefined : { key, index: cloneIndex(index) };
  }

  private async identity(): Promise<string | undefined> {
    try {
      const s = await stat(this.path);
      return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
    } catch (e) {
      if (errnoCode(e) === "ENOENT") return undefined;
      throw storeError("read", this.path, e);
    }
  }
}

export function cloneIndex(index: StoreIndex): StoreIndex {
  return { reports: new Map(index.reports), queue: new Map(index.queue), rejected: new Map(index.rejected) };
}

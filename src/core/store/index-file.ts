import { AsyncLocalStorage } from "node:async_hooks";
import { stat } from "node:fs/promises";
import { errnoCode } from "../errors.js";
import { syncDirectory } from "../fs/atomic-file.js";
import { storeError } from "./errors.js";
import { readStoreFile, writeStoreFile } from "./files.js";
import type { ReportFacts } from "./describe.js";
import { AREAS, HASH, type Area } from "./types.js";
import type { Counts } from "../junit/summary.js";
import type { Compression } from "./codec.js";

/** One file of the store as index.json records it (snake_case, like upstream's JSON). */
export interface IndexRecord extends Counts {
  area: Area;
  /** Bytes of the stored file. */
  size: number;
  mtimeMs: number;
  /** How the file is stored; absent: as it is (`<hash>.xml`). */
  compression?: "zstd" | "gzip";
  /** Bytes of the report itself, for a compressed file (stats need not decompress); else `size`. */
  original_size?: number;
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

/** How a stored report is kept: its compression and the report's own size. */
export interface StoredForm {
  compression: Compression;
  originalSize: number;
}

export function compressionOf(r: IndexRecord): Compression {
  return r.compression ?? "none";
}

export function originalSizeOf(r: IndexRecord): number {
  return r.original_size ?? r.size;
}

/** The record of a file; `form` absent: stored as it is (its size is the report's). */
export function recordOf(
  area: Area,
  file: { size: number; mtimeMs: number },
  facts: ReportFacts,
  form?: StoredForm,
): IndexRecord {
  const { project, branch, commit, timestamp, ...counts } = facts;
  const compressed =
    form && form.compression !== "none"
      ? { compression: form.compression, original_size: form.originalSize }
      : {};
  return {
    area,
    size: file.size,
    mtimeMs: file.mtimeMs,
    ...compressed,
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
    typeof r.tests === "number" &&
    // A compressed file's record without the report's size is read again (refresh), not shown as unknown.
    (r.compression === undefined ||
      ((r.compression === "zstd" || r.compression === "gzip") && typeof r.original_size === "number"))
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
  // Sorted by hash, as always; compared by key (the default sort would stringify every [hash, record] pair).
  const byHash = (a: [string, IndexRecord], b: [string, IndexRecord]) => (a[0] < b[0] ? -1 : 1);
  const areas = Object.fromEntries(AREAS.map((a) => [a, Object.fromEntries([...index[a]].sort(byHash))]));
  return JSON.stringify({ version: INDEX_FORMAT_VERSION, areas });
}

interface Cached {
  key: string;
  index: StoreIndex;
}

/**
 * One hold of the store's lock: the index loaded once, changed in place and written once when the hold ends,
 * and the directories whose new names are made durable (fsynced) then, once each.
 */
interface Session {
  index?: StoreIndex;
  changed: boolean;
  directories: Set<string>;
  /** Set as the session starts to end: from then on, nothing joins it. */
  ended?: boolean;
}

/** The sessions open in this async call chain, by index path (every IndexFile of a path joins its holder's). */
const sessions = new AsyncLocalStorage<ReadonlyMap<string, Session>>();

function sessionOf(path: string): Session | undefined {
  // A session that has ended is not joined: async work its hold left running (never awaited) writes on its own.
  const session = sessions.getStore()?.get(path);
  return session?.ended ? undefined : session;
}

/**
 * index.json, read and written with the store's lock held (`hold`). Within one hold the index is loaded once,
 * changed in place and written once at the end, so a command that stores N reports under one hold pays one
 * load and one write, not N (each a copy and a rewrite of the whole index). Outside a hold, `load` gives a
 * copy of the last parse, reused while the file (replaced by rename on every write) is unchanged.
 */
export class IndexFile {
  private cached: Cached | undefined;
  /** How long the last write of index.json took (ms; 0 before the first): what a batch sizes its holds by. */
  lastWriteMs = 0;

  /** `onWrite`: a test's hook, awaited inside each write (and measured with it), e.g. to make writes slow. */
  constructor(
    readonly path: string,
    private readonly onWrite?: () => Promise<void>,
  ) {}

  /**
   * Runs `fn` as one session of the index; call with the store's lock held. Nested calls (and other IndexFiles
   * of the same path) join the open session. The index is written when the outermost session ends, if changed,
   * also when `fn` failed (its file changes happened; a write error then gives way to `fn`'s).
   */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
    if (sessionOf(this.path)) return fn();
    const open = sessions.getStore();
    const session: Session = { changed: false, directories: new Set() };
    let result: T;
    try {
      result = await sessions.run(new Map([...(open ?? []), [this.path, session]]), fn);
    } catch (e) {
      await this.end(session).catch(() => undefined);
      throw e;
    }
    await this.end(session);
    return result;
  }

  /**
   * fsyncs `dir` (after a new name in it) at the end of the session, once however many names it got; outside a
   * session, now. Nothing written in a hold is reported done before the hold ends, so this is as durable.
   */
  async syncDirectory(dir: string): Promise<void> {
    const session = sessionOf(this.path);
    if (session) session.directories.add(dir);
    else await syncDirectory(dir);
  }

  private async end(session: Session): Promise<void> {
    session.ended = true;
    for (const dir of session.directories) await syncDirectory(dir);
    if (session.changed && session.index) await this.write(session.index);
  }

  /** In a session: the session's index, to change in place (then `save`). Outside: a copy of index.json. */
  async load(): Promise<StoreIndex> {
    const session = sessionOf(this.path);
    if (session?.index) return session.index;
    const index = cloneIndex(await this.parsed());
    if (session) session.index = index;
    return index;
  }

  /**
   * The index to look something up in, never to change (no copy: a read per report must not copy an index of
   * every report): the session's, else index.json as last parsed.
   */
  async view(): Promise<Readonly<StoreIndex>> {
    return sessionOf(this.path)?.index ?? (await this.parsed());
  }

  /** In a session: marks `index` as the one to write when the session ends. Outside one: writes it now. */
  async save(index: StoreIndex): Promise<void> {
    const session = sessionOf(this.path);
    if (!session) return this.write(cloneIndex(index));
    session.index = index;
    session.changed = true;
  }

  /** index.json as last parsed (never to be changed: `load` copies it), parsed again when the file changed. */
  private async parsed(): Promise<StoreIndex> {
    const key = await this.identity();
    if (key === undefined) return emptyIndex();
    if (this.cached?.key === key) return this.cached.index;
    const text = await readStoreFile(this.path);
    const index = text ? parseIndex(text) : emptyIndex();
    this.cached = { key, index };
    return index;
  }

  private async write(index: StoreIndex): Promise<void> {
    const started = performance.now();
    await this.onWrite?.();
    await writeStoreFile(this.path, serialize(index), true);
    this.lastWriteMs = performance.now() - started;
    const key = await this.identity();
    // The written index becomes the parse to copy from: nothing changes it after its session has ended.
    this.cached = key === undefined ? undefined : { key, index };
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

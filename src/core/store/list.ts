/** Listing the store: the index checked against the files, the integrity check of an area, lookups, stats. */
import { entryOf, isReportName, READ_CONCURRENCY, recordMatchesFile, STAT_CONCURRENCY } from "./context.js";
import type { StoredFile, StoreContext } from "./context.js";
import type { Compression } from "./codec.js";
import { StoreError } from "./errors.js";
import { fileSize, listNames, mapLimit } from "./files.js";
import { compressionOf, recordOf, type IndexRecord, type StoreIndex } from "./index-file.js";
import { parseReportName, reportFileName } from "./layout.js";
import { findLeftovers } from "./leftovers.js";
import { quarantine } from "./quarantine.js";
import { judge, judgeFile, readOriginal } from "./read.js";
import { AREAS, HASH, type Area, type Quarantined, type StoredEntry } from "./types.js";

export interface StoreStats {
  reports: number;
  queued: number;
  rejected: number;
  quarantined: number;
  /** Bytes of every report file in the store, quarantine included (as stored: compressed where it is). */
  bytes: number;
  /** What the reports hold uncompressed, each report once (in reports/ and queue/, it is one file). */
  originalBytes: number;
  /** Bytes of the reports' files, each report once (what max_size measures). */
  storedBytes: number;
  /** Reports (each once) per form of storage. */
  compression: Record<Compression, number>;
  /** Temp files and queue intents of interrupted writes that no command could resolve yet. */
  leftovers: number;
  oldest?: string;
  oldestQueued?: string;
  oldestQueuedAgeSeconds?: number;
}

function byStoredAt(a: StoredEntry, b: StoredEntry): number {
  return a.storedAt < b.storedAt ? -1 : a.storedAt > b.storedAt ? 1 : a.hash < b.hash ? -1 : 1;
}

function upToDate(records: Map<string, IndexRecord>, files: Map<string, StoredFile>): boolean {
  if (records.size !== files.size) return false;
  for (const [hash, file] of files) if (!recordMatchesFile(records.get(hash), file)) return false;
  return true;
}

/**
 * The report files of an area by hash. A report stored in two forms (e.g. `<hash>.xml` by pytest-jux and
 * `<hash>.xml.zst` by jux) is one entry: the form the index records, else the first of none, zstd, gzip.
 */
const FORMS_FIRST: readonly Compression[] = ["none", "zstd", "gzip"];

async function scanArea(ctx: StoreContext, area: Area, index: StoreIndex): Promise<Map<string, StoredFile>> {
  const found = (await listNames(ctx.layout.dir(area)))
    .map((n) => parseReportName(n))
    .filter((p) => p !== undefined && HASH.test(p.stem))
    .map((p) => ({ hash: p!.stem, compression: p!.compression }));
  const rank = (hash: string, c: Compression) => {
    const record = index[area].get(hash);
    return record && compressionOf(record) === c ? -1 : FORMS_FIRST.indexOf(c);
  };
  const infos = await mapLimit(found, STAT_CONCURRENCY, (f) =>
    fileSize(ctx.layout.path(area, f.hash, f.compression)),
  );
  const files = new Map<string, StoredFile>();
  found.forEach((f, i) => {
    const info = infos[i];
    const had = files.get(f.hash);
    if (info && (!had || rank(f.hash, f.compression) < rank(f.hash, had.compression)))
      files.set(f.hash, { ...info, compression: f.compression });
  });
  return files;
}

async function scan(
  ctx: StoreContext,
  areas: readonly Area[],
  index: StoreIndex,
): Promise<Map<Area, Map<string, StoredFile>>> {
  const scanned = new Map<Area, Map<string, StoredFile>>();
  for (const area of areas) scanned.set(area, await scanArea(ctx, area, index));
  return scanned;
}

/** With the lock held: the index brought in line with the files; unreadable or misnamed files are quarantined. */
export async function refresh(ctx: StoreContext, areas: readonly Area[]): Promise<StoreIndex> {
  const index = await ctx.index.load();
  const scanned = await scan(ctx, areas, index);
  let changed = false;
  for (const area of areas) {
    const files = scanned.get(area)!;
    const records = index[area];
    for (const hash of [...records.keys()]) if (!files.has(hash)) changed = records.delete(hash) || changed;
    const fresh = [...files].filter(([hash, file]) => !recordMatchesFile(records.get(hash), file));
    await mapLimit(fresh, READ_CONCURRENCY, async ([hash, file]) => {
      const path = ctx.layout.path(area, hash, file.compression);
      const bytes = await readOriginal(path, file.compression);
      if (bytes === undefined) return;
      const judged = Buffer.isBuffer(bytes) ? await judge(bytes, path, hash) : bytes;
      if ("problem" in judged) {
        records.delete(hash);
        await quarantine(ctx, area, reportFileName(hash, file.compression), judged.problem);
      } else
        records.set(
          hash,
          recordOf(area, file, judged.facts, {
            compression: file.compression,
            originalSize: judged.originalSize,
          }),
        );
      changed = true;
    });
  }
  if (changed) await ctx.index.save(index);
  return index;
}

/** The entries of `area` (or all areas), oldest first, from the index after checking it against the files. */
export async function list(ctx: StoreContext, area?: Area): Promise<StoredEntry[]> {
  const areas = area ? [area] : AREAS;
  let index = await ctx.index.load();
  const files = await scan(ctx, areas, index);
  if (areas.some((a) => !upToDate(index[a], files.get(a)!)))
    index = await ctx.withLock(() => refresh(ctx, areas));
  return areas.flatMap((a) => [...index[a]].map(([hash, r]) => entryOf(ctx, hash, r))).sort(byStoredAt);
}

/**
 * Re-reads every report of an area; quarantines those that are no longer the report their name says. `trusted`:
 * hashes this process itself stored moments ago after reading them, not read again (a queue's new reports).
 */
export async function check(
  ctx: StoreContext,
  area: Area,
  trusted?: ReadonlySet<string>,
): Promise<{ good: StoredEntry[]; quarantined: (Quarantined & { movedTo: string })[] }> {
  let names = (await listNames(ctx.layout.dir(area))).filter(isReportName);
  if (trusted?.size) {
    // Unless it changed since (its size or time no longer the index's).
    const records = (await ctx.index.view())[area];
    const unchanged = await mapLimit(names, STAT_CONCURRENCY, async (n) => {
      const { stem: hash, compression } = parseReportName(n)!;
      if (!trusted.has(hash)) return false;
      const file = await fileSize(ctx.layout.file(area, n));
      return file !== undefined && recordMatchesFile(records.get(hash), { ...file, compression });
    });
    names = names.filter((_, i) => !unchanged[i]);
  }
  const judged = await mapLimit(names, READ_CONCURRENCY, async (name) => ({
    name,
    ...(await judgeFile(ctx, area, name)),
  }));
  const failures = judged.filter((j) => "problem" in j);
  const quarantined: (Quarantined & { movedTo: string })[] = [];
  await ctx.withLock(async () => {
    for (const { name } of failures) {
      // Judged again under the lock: the file may have been replaced or removed since.
      const again = await judgeFile(ctx, area, name);
      if ("problem" in again)
        quarantined.push({
          name,
          reason: again.problem,
          movedTo: await quarantine(ctx, area, name, again.problem),
        });
    }
  });
  return { good: await list(ctx, area), quarantined };
}

/** The entry whose hash starts with `prefix` (a "sha256:" in front is fine); reports/ before queue/ before rejected/. */
export async function findByPrefix(ctx: StoreContext, prefix: string): Promise<StoredEntry> {
  const p = prefix
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, "");
  if (!/^[0-9a-f]{1,64}$/.test(p))
    throw new StoreError(
      `"${prefix}" is not a report hash or a prefix of one (jux cache list shows the hashes; for a report file, use jux inspect ${prefix})`,
    );
  const matches = (await list(ctx)).filter((e) => e.hash.startsWith(p));
  const hashes = [...new Set(matches.map((e) => e.hash))];
  if (hashes.length === 0) throw new StoreError(`no report ${prefix} in ${ctx.layout.base}`);
  if (hashes.length > 1) {
    const shown = hashes.slice(0, 10).map((h) => h.slice(0, Math.max(12, p.length + 4)));
    const more = hashes.length > 10 ? `, and ${hashes.length - 10} more` : "";
    throw new StoreError(
      `"${prefix}" is ambiguous: ${hashes.length} reports start with it (${shown.join(", ")}${more}); give more digits`,
    );
  }
  return matches.sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area))[0]!;
}

export async function stats(ctx: StoreContext, now: Date): Promise<StoreStats> {
  const entries = await list(ctx);
  const quarantined = (await listNames(ctx.layout.dir("quarantine"))).filter(isReportName);
  const sizes = await mapLimit(quarantined, STAT_CONCURRENCY, (n) =>
    fileSize(ctx.layout.file("quarantine", n)),
  );
  const of = (area: Area) => entries.filter((e) => e.area === area);
  // Each report once, as the limits count it: reports/ and queue/ hold one file under two names.
  const once = new Map<string, StoredEntry>();
  for (const e of entries) if ((once.get(e.hash)?.size ?? -1) < e.size) once.set(e.hash, e);
  const compression: Record<Compression, number> = { zstd: 0, gzip: 0, none: 0 };
  let storedBytes = 0;
  let originalBytes = 0;
  for (const e of once.values()) {
    compression[e.compression]++;
    storedBytes += e.size;
    originalBytes += e.originalSize;
  }
  const oldest = of("reports")[0]?.storedAt;
  const oldestQueued = of("queue")[0]?.storedAt;
  const ageSeconds = (at: string) => Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 1000));
  return {
    reports: of("reports").length,
    queued: of("queue").length,
    rejected: of("rejected").length,
    quarantined: quarantined.length,
    bytes: entries.reduce((n, e) => n + e.size, 0) + sizes.reduce((n, s) => n + (s?.size ?? 0), 0),
    storedBytes,
    originalBytes,
    compression,
    leftovers: (await findLeftovers(ctx.layout.base)).length,
    ...(oldest ? { oldest } : {}),
    ...(oldestQueued ? { oldestQueued, oldestQueuedAgeSeconds: ageSeconds(oldestQueued) } : {}),
  };
}

import { randomBytes } from "node:crypto";
import { basename, join, resolve } from "node:path";
import { errorMessage } from "../errors.js";
import { describeReport, type ReportFacts } from "./describe.js";
import { StoreError } from "./errors.js";
import {
  fileSize,
  listNames,
  mapLimit,
  moveFile,
  readStoreFile,
  removeFile,
  writeStoreFile,
} from "./files.js";
import { IndexFile, recordOf, type IndexRecord, type StoreIndex } from "./index-file.js";
import { findLeftovers, repairOnOpen, type Repair } from "./leftovers.js";
import { withFileLock, type LockOptions } from "./lock.js";
import { ensurePrivateDirectory } from "./permissions.js";
import { AREAS, HASH, type Area, type Rejection, type StoredEntry } from "./types.js";

export { StoreError, StoreLockedError } from "./errors.js";
export { UnsafeStoreError } from "./permissions.js";
export type { Repair } from "./leftovers.js";
export type { Area, Rejection, StoredEntry } from "./types.js";

export interface StoreStats {
  reports: number;
  queued: number;
  rejected: number;
  quarantined: number;
  /** Bytes of every report file in the store, quarantine included. */
  bytes: number;
  /** Temp files and queue intents of interrupted writes that no command could resolve yet. */
  leftovers: number;
  oldest?: string;
  oldestQueued?: string;
  oldestQueuedAgeSeconds?: number;
}

export interface CleanOptions {
  olderThanDays: number;
  /** The newest N reports are kept whatever their age. */
  keepLatest?: number;
  dryRun?: boolean;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface Quarantined {
  name: string;
  reason: string;
  movedTo: string;
}

export type Verification = { ok: true; entry: StoredEntry } | { ok: false; reason: string; movedTo: string };

const QUARANTINE = "quarantine";
/** Reading reports is CPU-bound; stat calls are not. */
const READ_CONCURRENCY = 4;
const STAT_CONCURRENCY = 64;

type FileInfo = { size: number; mtimeMs: number };

function checkHash(hash: string): void {
  if (!HASH.test(hash)) throw new StoreError(`"${hash}" is not a canonical hash (64 lowercase hex digits)`);
}

function byStoredAt(a: StoredEntry, b: StoredEntry): number {
  return a.storedAt < b.storedAt ? -1 : a.storedAt > b.storedAt ? 1 : a.hash < b.hash ? -1 : 1;
}

/** "20261202T213000123Z": sortable and valid in file names everywhere. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(".", "");
}

/**
 * The local report store, laid out as upstream pytest-jux has it: `reports/<hash>.xml` (kept), `queue/<hash>.xml`
 * (waiting to be published), plus `rejected/` (refused for good by a server, with `<hash>.reason.json`) and
 * `quarantine/` (files that failed their integrity check). Files are the truth; `index.json` is a cache of
 * their summaries, refreshed against the directories on every listing. Mutations hold `<base>/.lock`.
 */
export class ReportStore {
  private readonly index: IndexFile;
  /** What opening the store repaired of interrupted writes; undefined when there were none or the lock was busy. */
  repaired?: Repair;

  private constructor(readonly base: string) {
    this.index = new IndexFile(join(base, "index.json"));
  }

  /**
   * Opens the store at `base`, creating its directories (mode 0700) and refusing existing ones others could
   * write into; then, if the lock is free, finishes or cleans what interrupted writes left (leftovers.ts).
   */
  static async open(base: string): Promise<ReportStore> {
    const full = resolve(base);
    await ensurePrivateDirectory(full);
    for (const dir of [...AREAS, QUARANTINE]) await ensurePrivateDirectory(join(full, dir));
    const store = new ReportStore(full);
    store.repaired = await repairOnOpen(store);
    return store;
  }

  path(area: Area, hash: string): string {
    return join(this.base, area, `${hash}.xml`);
  }

  private rejectionPath(hash: string): string {
    return join(this.base, "rejected", `${hash}.reason.json`);
  }

  withLock<T>(fn: () => Promise<T>, options?: LockOptions): Promise<T> {
    return withFileLock(join(this.base, ".lock"), fn, options);
  }

  async put(
    area: "reports" | "queue",
    xml: Buffer,
    hash: string,
  ): Promise<{ entry: StoredEntry; created: boolean }> {
    checkHash(hash);
    if (area !== "reports" && area !== "queue")
      throw new StoreError(`cannot put a report into "${String(area)}"`);
    const target = this.path(area, hash);
    const described = await describeReport(xml, target).catch((e: unknown) => {
      throw new StoreError(`refusing to store ${target}: ${errorMessage(e)}`, { cause: e });
    });
    if (described.hash !== hash)
      throw new StoreError(
        `refusing to store ${target}: the report's canonical hash is sha256:${described.hash}, not sha256:${hash}`,
      );
    return this.withLock(async () => {
      let created = await writeStoreFile(target, xml, false);
      const index = await this.index.load();
      let file = await this.statOrFail(target);
      let record = index[area].get(hash);
      if (created || !sameFile(record, file)) {
        // An existing file may hold other bytes of the same report (e.g. signed with another key), or be damaged.
        let facts = described.facts;
        if (!created) {
          const existing = await this.judgeFile(area, `${hash}.xml`);
          if ("facts" in existing) facts = existing.facts;
          else {
            if ("problem" in existing) await this.quarantine(area, hash, existing.problem);
            created = await writeStoreFile(target, xml, false);
            file = await this.statOrFail(target);
          }
        }
        record = recordOf(area, file, facts);
        index[area].set(hash, record);
        await this.index.save(index);
      }
      return { entry: this.entryOf(hash, record!), created };
    });
  }

  /** The stored bytes, after checking they still are the report their name says; a damaged file is quarantined. */
  async read(area: Area, hash: string): Promise<Buffer> {
    const verified = await this.readVerified(area, hash);
    if (!verified.ok)
      throw new StoreError(`${this.path(area, hash)}: ${verified.reason}; moved to ${verified.movedTo}`);
    return verified.bytes;
  }

  /** Re-reads a stored report with the strict reader; quarantines it (and says where) when it fails. */
  async verifyEntry(area: Area, hash: string): Promise<Verification> {
    const verified = await this.readVerified(area, hash);
    if (!verified.ok) return verified;
    const file = await this.statOrFail(this.path(area, hash));
    return { ok: true, entry: this.entryOf(hash, recordOf(area, file, verified.facts)) };
  }

  async has(area: Area, hash: string): Promise<boolean> {
    checkHash(hash);
    return (await fileSize(this.path(area, hash))) !== undefined;
  }

  async remove(area: Area, hash: string): Promise<boolean> {
    checkHash(hash);
    return this.withLock(async () => {
      const removed = await removeFile(this.path(area, hash));
      if (area === "rejected") await removeFile(this.rejectionPath(hash));
      const index = await this.index.load();
      if (index[area].delete(hash)) await this.index.save(index);
      return removed;
    });
  }

  /** Moves queue/<hash>.xml to rejected/<hash>.xml, with the server's reason beside it. */
  async reject(hash: string, rejection: Rejection): Promise<void> {
    checkHash(hash);
    await this.withLock(async () => {
      const from = this.path("queue", hash);
      if ((await fileSize(from)) === undefined)
        throw new StoreError(`cannot reject ${hash}: it is not in the queue (${join(this.base, "queue")})`);
      const reason = { ...rejection, at: new Date().toISOString() };
      await writeStoreFile(this.rejectionPath(hash), JSON.stringify(reason, null, 2) + "\n", true);
      await moveFile(from, this.path("rejected", hash));
      const index = await this.index.load();
      const record = index.queue.get(hash);
      index.queue.delete(hash);
      if (record) index.rejected.set(hash, { ...record, area: "rejected" });
      await this.index.save(index);
    });
  }

  /** The reason a server gave for a rejected report. */
  async rejection(hash: string): Promise<(Rejection & { at: string }) | undefined> {
    checkHash(hash);
    const path = this.rejectionPath(hash);
    const text = await readStoreFile(path);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text.toString("utf8")) as Rejection & { at: string };
    } catch (e) {
      throw new StoreError(`${path}: not valid JSON (${errorMessage(e)})`);
    }
  }

  /** The entries of `area` (or all areas), oldest first, from the index after checking it against the files. */
  async list(area?: Area): Promise<StoredEntry[]> {
    const areas = area ? [area] : AREAS;
    let index = await this.index.load();
    const files = await this.scan(areas);
    if (areas.some((a) => !upToDate(index[a], files.get(a)!)))
      index = await this.withLock(() => this.refresh(areas));
    return areas.flatMap((a) => [...index[a]].map(([hash, r]) => this.entryOf(hash, r))).sort(byStoredAt);
  }

  /** Rebuilds index.json from the files of every area. */
  async rebuildIndex(): Promise<void> {
    await this.withLock(() => this.refresh(AREAS));
  }

  async check(area: Area): Promise<{ good: StoredEntry[]; quarantined: Quarantined[] }> {
    const dir = join(this.base, area);
    const names = (await listNames(dir)).filter((n) => n.endsWith(".xml") && !n.startsWith("."));
    const judged = await mapLimit(names, READ_CONCURRENCY, async (name) => ({
      name,
      ...(await this.judgeFile(area, name)),
    }));
    const failures = judged.filter((j) => "problem" in j);
    const quarantined: Quarantined[] = [];
    await this.withLock(async () => {
      for (const { name } of failures) {
        // Judged again under the lock: the file may have been replaced or removed since.
        const again = await this.judgeFile(area, name);
        if ("problem" in again)
          quarantined.push({
            name,
            reason: again.problem,
            movedTo: await this.quarantine(area, name, again.problem),
          });
      }
    });
    return { good: await this.list(area), quarantined };
  }

  /** Moves `<area>/<name>` to quarantine/<name>.<timestamp>.xml with `<...>.reason.json`; returns the new path. */
  async quarantine(area: Area, name: string, reason: string): Promise<string> {
    const stem = name.endsWith(".xml") ? name.slice(0, -4) : name;
    if (stem === "" || basename(stem) !== stem || stem.startsWith("."))
      throw new StoreError(`cannot quarantine "${name}": not a file name in ${join(this.base, area)}`);
    return this.withLock(async () => {
      const from = join(this.base, area, `${stem}.xml`);
      if ((await fileSize(from)) === undefined)
        throw new StoreError(`cannot quarantine ${from}: no such file`);
      const now = new Date();
      let target = join(this.base, QUARANTINE, `${stem}.${stamp(now)}`);
      if ((await fileSize(`${target}.xml`)) !== undefined) target += `-${randomBytes(3).toString("hex")}`;
      const rejection =
        area === "rejected" && HASH.test(stem)
          ? await this.rejection(stem).catch(() => undefined)
          : undefined;
      const note = {
        area,
        name: `${stem}.xml`,
        reason,
        at: now.toISOString(),
        ...(rejection ? { rejection } : {}),
      };
      await writeStoreFile(`${target}.reason.json`, JSON.stringify(note, null, 2) + "\n", true);
      await moveFile(from, `${target}.xml`);
      if (rejection) await removeFile(this.rejectionPath(stem));
      const index = await this.index.load();
      if (index[area].delete(stem)) await this.index.save(index);
      return `${target}.xml`;
    });
  }

  async stats(now = new Date()): Promise<StoreStats> {
    const entries = await this.list();
    const quarantine = join(this.base, QUARANTINE);
    const quarantined = (await listNames(quarantine)).filter((n) => n.endsWith(".xml") && !n.startsWith("."));
    const sizes = await mapLimit(quarantined, STAT_CONCURRENCY, (n) => fileSize(join(quarantine, n)));
    const of = (area: Area) => entries.filter((e) => e.area === area);
    const oldest = of("reports")[0]?.storedAt;
    const oldestQueued = of("queue")[0]?.storedAt;
    return {
      reports: of("reports").length,
      queued: of("queue").length,
      rejected: of("rejected").length,
      quarantined: quarantined.length,
      bytes: entries.reduce((n, e) => n + e.size, 0) + sizes.reduce((n, s) => n + (s?.size ?? 0), 0),
      leftovers: (await findLeftovers(this.base)).length,
      ...(oldest ? { oldest } : {}),
      ...(oldestQueued
        ? {
            oldestQueued,
            oldestQueuedAgeSeconds: Math.max(
              0,
              Math.floor((now.getTime() - Date.parse(oldestQueued)) / 1000),
            ),
          }
        : {}),
    };
  }

  /** Removes reports (never the queue) stored more than `olderThanDays` ago, except the newest `keepLatest`. */
  async clean(options: CleanOptions): Promise<{ removed: StoredEntry[]; kept: number }> {
    const { olderThanDays, keepLatest = 0, dryRun = false, onProgress } = options;
    if (!Number.isFinite(olderThanDays) || olderThanDays < 0)
      throw new StoreError(`clean: the age must be a number of days >= 0, not ${olderThanDays}`);
    if (!Number.isInteger(keepLatest) || keepLatest < 0)
      throw new StoreError(`clean: keep-latest must be a whole number >= 0, not ${keepLatest}`);
    const cutoff = new Date((options.now ?? new Date()).getTime() - olderThanDays * 86_400_000).toISOString();
    return this.withLock(async () => {
      const newestFirst = (await this.list("reports")).reverse();
      const removed = newestFirst.slice(keepLatest).filter((e) => e.storedAt < cutoff);
      if (!dryRun) {
        const index = await this.index.load();
        for (const [i, entry] of removed.entries()) {
          await removeFile(entry.path);
          index.reports.delete(entry.hash);
          onProgress?.(i + 1, removed.length);
        }
        if (removed.length) await this.index.save(index);
      }
      return { removed: removed.reverse(), kept: newestFirst.length - removed.length };
    });
  }

  /** Removes every queued report; returns how many there were. */
  async clearQueue(): Promise<number> {
    return this.withLock(async () => {
      const dir = join(this.base, "queue");
      const names = (await listNames(dir)).filter((n) => n.endsWith(".xml") && !n.startsWith("."));
      for (const name of names) await removeFile(join(dir, name));
      const index = await this.index.load();
      index.queue.clear();
      await this.index.save(index);
      return names.length;
    });
  }

  /** The entry whose hash starts with `prefix` (a "sha256:" in front is fine); reports/ before queue/ before rejected/. */
  async findByPrefix(prefix: string): Promise<StoredEntry> {
    const p = prefix
      .trim()
      .toLowerCase()
      .replace(/^sha256:/, "");
    if (!/^[0-9a-f]{1,64}$/.test(p))
      throw new StoreError(
        `"${prefix}" is not a report hash or a prefix of one (jux cache list shows the hashes; for a report file, use jux inspect ${prefix})`,
      );
    const matches = (await this.list()).filter((e) => e.hash.startsWith(p));
    const hashes = [...new Set(matches.map((e) => e.hash))];
    if (hashes.length === 0) throw new StoreError(`no report ${prefix} in ${this.base}`);
    if (hashes.length > 1) {
      const shown = hashes.slice(0, 10).map((h) => h.slice(0, Math.max(12, p.length + 4)));
      const more = hashes.length > 10 ? `, and ${hashes.length - 10} more` : "";
      throw new StoreError(
        `"${prefix}" is ambiguous: ${hashes.length} reports start with it (${shown.join(", ")}${more}); give more digits`,
      );
    }
    return matches.sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area))[0]!;
  }

  private entryOf(hash: string, r: IndexRecord): StoredEntry {
    const entry: StoredEntry = {
      hash,
      area: r.area,
      path: this.path(r.area, hash),
      size: r.size,
      storedAt: r.stored_at,
      tests: r.tests,
      failures: r.failures,
      errors: r.errors,
      skipped: r.skipped,
      passed: r.passed,
      time: r.time,
      signed: r.signed,
    };
    if (r.project !== undefined) entry.project = r.project;
    if (r.branch !== undefined) entry.branch = r.branch;
    if (r.commit !== undefined) entry.commit = r.commit;
    if (r.timestamp !== undefined) entry.timestamp = r.timestamp;
    return entry;
  }

  private async statOrFail(path: string): Promise<FileInfo> {
    const file = await fileSize(path);
    if (file === undefined) throw new StoreError(`${path} disappeared while it was being stored`);
    return file;
  }

  private async readVerified(
    area: Area,
    hash: string,
  ): Promise<({ ok: true; bytes: Buffer } & Judged) | { ok: false; reason: string; movedTo: string }> {
    checkHash(hash);
    const path = this.path(area, hash);
    const bytes = await readStoreFile(path);
    if (bytes === undefined) throw new StoreError(`no report ${hash} in ${join(this.base, area)}`);
    const judged = await judge(bytes, path, hash);
    if ("facts" in judged) return { ok: true, bytes, facts: judged.facts };
    return { ok: false, reason: judged.problem, movedTo: await this.quarantine(area, hash, judged.problem) };
  }

  /** Whether `<area>/<name>` is the report its name says; "gone" when there is no such file. */
  private async judgeFile(area: Area, name: string): Promise<Judged | { problem: string } | { gone: true }> {
    const path = join(this.base, area, name);
    const bytes = await readStoreFile(path);
    if (bytes === undefined) return { gone: true };
    return judge(bytes, path, name.slice(0, -4));
  }

  private async scan(areas: readonly Area[]): Promise<Map<Area, Map<string, FileInfo>>> {
    const scanned = new Map<Area, Map<string, FileInfo>>();
    for (const area of areas) {
      const dir = join(this.base, area);
      const hashes = (await listNames(dir))
        .filter((n) => n.endsWith(".xml"))
        .map((n) => n.slice(0, -4))
        .filter((h) => HASH.test(h));
      const infos = await mapLimit(hashes, STAT_CONCURRENCY, (h) => fileSize(join(dir, `${h}.xml`)));
      const files = new Map<string, FileInfo>();
      hashes.forEach((h, i) => {
        const info = infos[i];
        if (info) files.set(h, info);
      });
      scanned.set(area, files);
    }
    return scanned;
  }

  /** With the lock held: the index brought in line with the files; unreadable or misnamed files are quarantined. */
  private async refresh(areas: readonly Area[]): Promise<StoreIndex> {
    const index = await this.index.load();
    const scanned = await this.scan(areas);
    let changed = false;
    for (const area of areas) {
      const files = scanned.get(area)!;
      const records = index[area];
      for (const hash of [...records.keys()]) if (!files.has(hash)) changed = records.delete(hash) || changed;
      const fresh = [...files].filter(([hash, file]) => !sameFile(records.get(hash), file));
      await mapLimit(fresh, READ_CONCURRENCY, async ([hash, file]) => {
        const path = this.path(area, hash);
        const bytes = await readStoreFile(path);
        if (bytes === undefined) return;
        const judged = await judge(bytes, path, hash);
        if ("problem" in judged) {
          records.delete(hash);
          await this.quarantine(area, hash, judged.problem);
        } else records.set(hash, recordOf(area, file, judged.facts));
        changed = true;
      });
    }
    if (changed) await this.index.save(index);
    return index;
  }
}

function sameFile(record: IndexRecord | undefined, file: FileInfo): boolean {
  return record !== undefined && record.size === file.size && record.mtimeMs === file.mtimeMs;
}

function upToDate(records: Map<string, IndexRecord>, files: Map<string, FileInfo>): boolean {
  if (records.size !== files.size) return false;
  for (const [hash, file] of files) if (!sameFile(records.get(hash), file)) return false;
  return true;
}

type Judged = { facts: ReportFacts };

/** The report's facts when `bytes` read strictly and their canonical hash is `expected`, else the problem. */
async function judge(bytes: Buffer, path: string, expected: string): Promise<Judged | { problem: string }> {
  let described: Awaited<ReturnType<typeof describeReport>>;
  try {
    described = await describeReport(bytes, path);
  } catch (e) {
    return { problem: `no longer a readable report: ${errorMessage(e)}` };
  }
  if (!HASH.test(expected))
    return { problem: `its name is not a canonical hash (the report's is sha256:${described.hash})` };
  if (described.hash !== expected)
    return {
      problem: `its canonical hash is now sha256:${described.hash}, not the one in its name (the file was modified)`,
    };
  return { facts: described.facts };
}

/**
 * Restores one queue entry without trusting its archive: download it through the toolkit, extract it with the
 * refusing reader into a fresh directory under RUNNER_TEMP, then check every file before it joins the store's
 * queue. An archive that holds anything a genuine entry never does is refused whole and quarantined.
 */
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { copyFile, mkdir, mkdtemp, open, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { errorMessage } from "../../core/errors.js";
import type { CheckedReport } from "../../core/store/store.js";
import { oneByOne, type Collected, type CollectOptions, type QueueEntry } from "./collected.js";
import { tarStream } from "./decompress.js";
import { EntryRefused, extractQueueTar, QUEUE_ARCHIVE_LIMITS, type ExtractedEntry } from "./extract.js";
import { fetchArchive, type FetchedArchive } from "./fetch.js";
import { HASH_FILE, NAMES, sanitize, STAGING, SUPERSEDES } from "./layout.js";
import { CONTROL_CHARACTERS } from "../../core/text.js";

/** A refused archive up to this size goes into the quarantine artifact for inspection; a larger one by its reason only. */
const KEEP_REFUSED_ARCHIVE_BYTES = 64 * 1024 ** 2;

/**
 * A quarantined file that cannot be a report, larger than this, is kept in the artifact by its start only (its
 * size and SHA-256 in the reason). A file that may be a report is always kept whole.
 */
export const KEEP_QUARANTINED_FILE_BYTES = 1024 ** 2;

/**
 * Named as a report and UTF-8 (every signed report is: the strict reader accepts no other encoding): it may be a
 * genuine report that failed its check here (signed under a rotated or another workflow's certificate), and a
 * cut copy of it would be a lost report. Its size is already bounded by the archive's per-file limit.
 */
const mayBeReport = (file: string, bytes: Buffer) => HASH_FILE.test(file) && isUtf8(bytes);

/** What the entry holds is wrong (not the runner): the file is quarantined, and its entry counts as collected. */
class ContentProblem extends Error {}

/** Reads a regular file without following a link (an entry's files are untrusted). */
async function readRegular(path: string): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const { size } = await handle.stat();
    if (size > QUEUE_ARCHIVE_LIMITS.memberBytes)
      throw new ContentProblem(
        `it is ${size} bytes, over the ${QUEUE_ARCHIVE_LIMITS.memberBytes}-byte limit`,
      );
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function setAside(
  o: CollectOptions,
  got: Collected,
  entry: string,
  file: string,
  reason: string,
  bytes?: Buffer,
) {
  let movedTo: string | undefined;
  if (bytes) {
    const dir = join(o.quarantineDir, sanitize(entry));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const kept = mayBeReport(file, bytes) ? bytes : bytes.subarray(0, KEEP_QUARANTINED_FILE_BYTES);
    movedTo = join(dir, sanitize(file));
    await writeFile(movedTo, kept, { mode: 0o600 });
    if (kept.length < bytes.length) {
      const sha = createHash("sha256").update(bytes).digest("hex");
      reason += ` (only its first ${kept.length} of ${bytes.length} bytes are kept; sha256:${sha})`;
    }
  }
  got.setAside.push({ name: `${entry}/${file}`, reason, ...(movedTo ? { movedTo } : {}) });
}

/** The entry's bookkeeping file as JSON of the expected shape, or a ContentProblem. */
function parseJson<T>(bytes: Buffer, valid: (v: unknown) => v is T, shape: string): T {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    throw new ContentProblem(`it is not valid JSON (${errorMessage(e)})`);
  }
  if (!valid(value)) throw new ContentProblem(`it is not ${shape}`);
  return value;
}
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Keeps a refused entry's archive and its reason in the quarantine artifact; true when kept. An archive too large
 * to keep is not collected: the entry stays in the cache (what it holds is never deleted unseen), with a warning.
 */
async function quarantineArchive(
  o: CollectOptions,
  got: Collected,
  archive: FetchedArchive,
  problem: string,
): Promise<boolean> {
  const size = (await stat(archive.file)).size;
  if (size > KEEP_REFUSED_ARCHIVE_BYTES) {
    got.notes.push(
      `queue entry ${archive.key} refused (${problem}) and too large to keep as an artifact ` +
        `(${(size / 1024 ** 2).toFixed(1)} MiB): left in the cache, where every run downloads and refuses it ` +
        `again until the cache evicts it (7 days unused); inspect it, or delete it with gh cache delete ${archive.key}`,
    );
    return false;
  }
  const name = basename(archive.file);
  const dir = join(o.quarantineDir, sanitize(archive.key));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const movedTo = join(dir, name);
  await copyFile(archive.file, movedTo);
  const reason =
    `entry refused, nothing of it restored: ${problem}. A genuine queue entry holds only files directly in ` +
    `${STAGING}/: this one was written by something else (cache poisoning?)`;
  await writeFile(join(dir, `${name}.reason.txt`), `${reason}\n`, { mode: 0o600 });
  got.setAside.push({ name: `${archive.key}/${name}`, reason, movedTo });
  return true;
}

/** Why the file must not be queued, or the read that checked it (for the store's put: not read again). */
async function vetted(
  o: CollectOptions,
  bytes: Buffer,
  source: string,
  named: string,
): Promise<{ problem: string } | { checked?: CheckedReport }> {
  const verdict = await o.vet(bytes, source);
  if ("problem" in verdict) return verdict;
  if (verdict.hash !== named)
    return {
      problem: `its canonical hash is sha256:${verdict.hash}, not the sha256:${named} its name says (changed after it was queued)`,
    };
  return { checked: verdict.checked };
}

/** Handles one extracted file: the entry's bookkeeping, a report for the queue, or a file set aside. */
async function takeFile(
  o: CollectOptions,
  staging: string,
  name: string,
  entry: QueueEntry,
  got: Collected,
  skip: Set<string>,
  names: Map<string, string>,
): Promise<void> {
  const bytes = await readRegular(join(staging, name));
  if (name === SUPERSEDES) {
    for (const key of parseJson(bytes, isArray, "a list of keys")) if (typeof key === "string") skip.add(key);
    return;
  }
  if (name === NAMES) {
    const map = parseJson(bytes, isObject, "a map of hashes to file names");
    for (const [hash, text] of Object.entries(map))
      if (HASH_FILE.test(`${hash}.xml`) && typeof text === "string" && !CONTROL_CHARACTERS.test(text))
        names.set(hash, text.slice(0, 300));
    return;
  }
  const named = HASH_FILE.exec(name)?.[1];
  const verdict = named
    ? await vetted(o, bytes, `${entry.key}/${name}`, named)
    : { problem: "not a queued report (names are <canonical hash>.xml)" };
  if ("problem" in verdict) await setAside(o, got, entry.key, name, verdict.problem, bytes);
  else {
    // The vet's read of these very bytes stands for the store's (which ignores it for any other bytes).
    await o.store.put("queue", bytes, named!, verdict.checked);
    entry.hashes.push(named!);
    got.reports++;
  }
}

/**
 * Moves what passed its check into the store's queue. The entry counts as collected only when every file was
 * dealt with, so a failure half-way never lets it be deleted.
 */
export async function collectFiles(
  o: CollectOptions,
  staging: string,
  extracted: ExtractedEntry,
  entry: QueueEntry,
  got: Collected,
  skip: Set<string>,
  into: QueueEntry[],
): Promise<void> {
  let complete = true;
  const names = new Map<string, string>();
  const before = got.setAside.length;
  for (const s of extracted.setAside) await setAside(o, got, entry.key, s.file, s.reason);
  const take = async (name: string) => {
    try {
      await takeFile(o, staging, name, entry, got, skip, names);
    } catch (e) {
      if (e instanceof ContentProblem) {
        const bytes = await readRegular(join(staging, name)).catch(() => undefined);
        await setAside(o, got, entry.key, name, `${name} is unusable: ${e.message}`, bytes);
        return;
      }
      complete = false;
      got.notes.push(
        `${entry.key}/${name} could not be collected (${errorMessage(e)}); its entry is kept for a later run`,
      );
    }
  };
  // One batch of the store: its lock taken and its index written once per stretch of files, not once per
  // report (each of those rewrote the whole index: quadratic in the entry's size). What it throws (the lock
  // busy, a file that cannot be set aside) fails the entry as a whole: restoreEntry keeps it for a later run.
  await (o.batch ?? oneByOne)(extracted.files, take);
  // A marker holds nothing but bookkeeping: no report queued, nothing set aside.
  const marker = entry.hashes.length === 0 && got.setAside.length === before;
  // An entry names only its own reports: names.json cannot rename what another entry holds.
  for (const hash of entry.hashes) {
    const name = names.get(hash);
    if (name !== undefined && !got.names.has(hash)) got.names.set(hash, name);
  }
  if (complete) into.push(marker ? { ...entry, marker: true } : entry);
}

/**
 * Restores one entry (by exact key, or the newest by prefix) and collects it; false when there was none to
 * restore. A refused archive is quarantined whole and counts as collected (so it is deleted once the
 * quarantine artifact is safe), unless too large to keep (then it stays in the cache); a local failure (zstd
 * missing, disk full, no staging directory) keeps the entry for a later run.
 */
export async function restoreEntry(
  o: CollectOptions,
  wanted: { key: string; ref: string; exact: boolean; hinted?: boolean },
  got: Collected,
  skip: Set<string>,
): Promise<boolean> {
  // An entry a newer one names as redundant is checked all the same (the name is only a hint): it is kept apart
  // so that what it held, once the server confirms it published, is not listed again.
  const into = wanted.hinted ? got.superseded : got.entries;
  const archive = await fetchArchive([STAGING], wanted.key);
  if (archive === undefined) return false;
  let staging: string | undefined;
  try {
    if (wanted.exact && archive.key !== wanted.key) return false;
    staging = await mkdtemp(join(o.env.RUNNER_TEMP || tmpdir(), "jux-queue-entry-"));
    const entry: QueueEntry = { key: archive.key, ref: wanted.ref, hashes: [] };
    let extracted: ExtractedEntry;
    try {
      extracted = await extractQueueTar(tarStream(archive.file, archive.compression), staging);
    } catch (e) {
      if (!(e instanceof EntryRefused)) throw e;
      if (await quarantineArchive(o, got, archive, e.message)) into.push(entry);
      return true;
    }
    await collectFiles(o, staging, extracted, entry, got, skip, into);
    return true;
  } catch (e) {
    got.notes.push(
      `queue entry ${archive.key} could not be collected (${errorMessage(e)}); it is kept for a later run`,
    );
    return true;
  } finally {
    if (staging !== undefined) await rm(staging, { recursive: true, force: true });
    await archive.dispose();
  }
}

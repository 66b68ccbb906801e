/** Writing to the store: keeping or queueing a report, and moving a refused one to rejected/. */
import { errorMessage } from "../errors.js";
import { dirname } from "node:path";
import { encodeStored } from "./codec.js";
import { checkHash, entryOf, recordMatchesFile, type FileInfo, type StoreContext } from "./context.js";
import { checkedFor, type CheckedReport, type describeReport } from "./describe.js";
import { StoreError } from "./errors.js";
import { linkStoreFile, moveFile, removeFileSync, writePrivateFile, writeStoreFile } from "./files.js";
import { recordOf, type StoredForm } from "./index-file.js";
import { reportFileName } from "./layout.js";
import { quarantine } from "./quarantine.js";
import { judgeFile, locate, statOrFail } from "./read.js";
import type { Rejection, StoredEntry } from "./types.js";

type Described = Awaited<ReturnType<typeof describeReport>>;

/**
 * `xml` read strictly, after checking it is the report `hash` names (a StoreError naming `target` if not). A
 * caller's read of this very Buffer (`checked`, for these bytes and this hash) stands instead of a second read;
 * one for any other Buffer, bytes or hash is ignored, and the bytes are read here.
 */
async function described(
  ctx: StoreContext,
  xml: Buffer,
  hash: string,
  target: string,
  checked?: CheckedReport,
): Promise<Described> {
  const vouched = checkedFor(checked, xml, hash);
  if (vouched) return vouched;
  const d = await ctx.describe(xml, target).catch((e: unknown) => {
    throw new StoreError(`refusing to store ${target}: ${errorMessage(e)}`, { cause: e });
  });
  if (d.hash !== hash)
    throw new StoreError(
      `refusing to store ${target}: the report's canonical hash is sha256:${d.hash}, not sha256:${hash}`,
    );
  return d;
}

function checkPut(area: string, hash: string): void {
  checkHash(hash);
  if (area !== "reports" && area !== "queue")
    throw new StoreError(`cannot put a report into "${String(area)}"`);
}

/** How a file was put in place: false when one was there already; `file` when its size and time are known. */
type Placed = false | { file?: FileInfo };

/**
 * With the lock held: puts the described report into `area` by `place` (which creates the file `<hash>.xml` in
 * `form`'s compression, or answers false when it exists), and records it in the index. The report already there
 * in another form counts as there. An existing file that is not this report is quarantined and replaced.
 */
async function putDescribed(
  ctx: StoreContext,
  area: "reports" | "queue",
  hash: string,
  facts: Described["facts"],
  form: StoredForm,
  place: (target: string) => Promise<Placed>,
): Promise<{ entry: StoredEntry; created: boolean }> {
  const target = ctx.layout.path(area, hash, form.compression);
  const there = await locate(ctx, area, hash);
  let placed: Placed = there ? false : await place(target);
  const index = await ctx.index.load();
  let at = !placed && there ? there : { path: target, compression: form.compression };
  let file = (placed && placed.file) || (await statOrFail(at.path));
  let record = index[area].get(hash);
  if (placed || !recordMatchesFile(record, { ...file, compression: at.compression })) {
    // An existing file may hold other bytes of the same report (e.g. signed with another key), or be damaged.
    if (!placed) {
      const existing = await judgeFile(ctx, area, reportFileName(hash, at.compression));
      if ("facts" in existing) {
        facts = existing.facts;
        form = { compression: at.compression, originalSize: existing.originalSize };
      } else {
        if ("problem" in existing)
          await quarantine(ctx, area, reportFileName(hash, at.compression), existing.problem);
        placed = await place(target);
        at = { path: target, compression: form.compression };
        file = (placed && placed.file) || (await statOrFail(target));
      }
    }
    record = recordOf(area, file, facts, form);
    index[area].set(hash, record);
    await ctx.index.save(index);
  }
  if (placed) ctx.noteWrite();
  return { entry: entryOf(ctx, hash, record!), created: placed !== false };
}

/**
 * Stores `xml` as `<area>/<hash>.xml` (`.xml.zst`/`.xml.gz` when the store compresses) after checking its
 * canonical hash (or taking `checked`, the caller's read of this very Buffer: see described); `created` is
 * false when it was there.
 */
export async function put(
  ctx: StoreContext,
  area: "reports" | "queue",
  xml: Buffer,
  hash: string,
  checked?: CheckedReport,
): Promise<{ entry: StoredEntry; created: boolean }> {
  checkPut(area, hash);
  const { facts } = await described(ctx, xml, hash, ctx.layout.path(area, hash), checked);
  const stored = encodeStored(xml, ctx.compression);
  const form = { compression: stored.compression, originalSize: xml.length };
  return ctx.withLock(() =>
    putDescribed(
      ctx,
      area,
      hash,
      facts,
      form,
      async (target) => (await writeStoreFile(target, stored.bytes, false)) && {},
    ),
  );
}

/**
 * Cache mode's write: keeps `xml` in reports/ and queues it, the report read once and written once. Under the
 * lock, the bytes go to the intent `queue/.<hash>.queueing` (fsynced), which is then linked as reports/<hash>.xml
 * and as queue/<hash>.xml (one file, two names: the store never changes a file in place) and removed. A crash
 * before the queue's link is finished by the next command (leftovers.ts): nothing kept is left unqueued.
 */
export async function queueReport(
  ctx: StoreContext,
  xml: Buffer,
  hash: string,
): Promise<{ entry: StoredEntry; created: boolean }> {
  checkPut("queue", hash);
  const { facts } = await described(ctx, xml, hash, ctx.layout.path("queue", hash));
  const stored = encodeStored(xml, ctx.compression);
  const form = { compression: stored.compression, originalSize: xml.length };
  return ctx.withLock(async () => {
    const intent = ctx.layout.intentPath(hash);
    let written: FileInfo | undefined;
    const place = async (target: string): Promise<Placed> => {
      const linked = await linkStoreFile(intent, target, stored.bytes);
      if (!linked) return false;
      await ctx.index.syncDirectory(dirname(target));
      // A second name of the intent: the same file, its size and time.
      return linked.linked ? { file: written! } : {};
    };
    try {
      written = writePrivateFile(intent, stored.bytes);
      await putDescribed(ctx, "reports", hash, facts, form, place);
      return await putDescribed(ctx, "queue", hash, facts, form, place);
    } finally {
      removeFileSync(intent);
    }
  });
}

/** Moves queue/<hash>.xml (in its stored form) to rejected/, with the server's reason beside it. */
export async function reject(ctx: StoreContext, hash: string, rejection: Rejection): Promise<void> {
  checkHash(hash);
  const { layout } = ctx;
  await ctx.withLock(async () => {
    const from = await locate(ctx, "queue", hash);
    if (from === undefined)
      throw new StoreError(`cannot reject ${hash}: it is not in the queue (${layout.dir("queue")})`);
    const reason = { ...rejection, at: new Date().toISOString() };
    await writeStoreFile(layout.rejectionPath(hash), JSON.stringify(reason, null, 2) + "\n", true);
    await moveFile(from.path, layout.path("rejected", hash, from.compression));
    const index = await ctx.index.load();
    const record = index.queue.get(hash);
    index.queue.delete(hash);
    if (record) index.rejected.set(hash, { ...record, area: "rejected" });
    await ctx.index.save(index);
  });
}

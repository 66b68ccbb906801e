/** Writing to the store: keeping or queueing a report, and moving a refused one to rejected/. */
import { errorMessage } from "../errors.js";
import { dirname } from "node:path";
import { checkHash, entryOf, recordMatchesFile, type FileInfo, type StoreContext } from "./context.js";
import { checkedFor, type CheckedReport, type describeReport } from "./describe.js";
import { StoreError } from "./errors.js";
import {
  fileSize,
  linkStoreFile,
  moveFile,
  removeFileSync,
  writePrivateFile,
  writeStoreFile,
} from "./files.js";
import { recordOf } from "./index-file.js";
import { quarantine } from "./quarantine.js";
import { judgeFile, statOrFail } from "./read.js";
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
 * With the lock held: puts the described report into `area` by `place` (which creates the file, or answers
 * false when it exists), and records it in the index. An existing file that is not this report is quarantined
 * and replaced.
 */
async function putDescribed(
  ctx: StoreContext,
  area: "reports" | "queue",
  hash: string,
  facts: Described["facts"],
  place: (target: string) => Promise<Placed>,
): Promise<{ entry: StoredEntry; created: boolean }> {
  const target = ctx.layout.path(area, hash);
  let placed = await place(target);
  const index = await ctx.index.load();
  let file = (placed && placed.file) || (await statOrFail(target));
  let record = index[area].get(hash);
  if (placed || !recordMatchesFile(record, file)) {
    // An existing file may hold other bytes of the same report (e.g. signed with another key), or be damaged.
    if (!placed) {
      const existing = await judgeFile(ctx, area, `${hash}.xml`);
      if ("facts" in existing) facts = existing.facts;
      else {
        if ("problem" in existing) await quarantine(ctx, area, hash, existing.problem);
        placed = await place(target);
        file = (placed && placed.file) || (await statOrFail(target));
      }
    }
    record = recordOf(area, file, facts);
    index[area].set(hash, record);
    await ctx.index.save(index);
  }
  return { entry: entryOf(ctx, hash, record!), created: placed !== false };
}

/**
 * Stores `xml` as `<area>/<hash>.xml` after checking its canonical hash (or taking `checked`, the caller's read
 * of this very Buffer: see described); `created` is false when it was there.
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
  return ctx.withLock(() =>
    putDescribed(ctx, area, hash, facts, async (target) => (await writeStoreFile(target, xml, false)) && {}),
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
  return ctx.withLock(async () => {
    const intent = ctx.layout.intentPath(hash);
    let written: FileInfo | undefined;
    const place = async (target: string): Promise<Placed> => {
      const linked = await linkStoreFile(intent, target, xml);
      if (!linked) return false;
      await ctx.index.syncDirectory(dirname(target));
      // A second name of the intent: the same file, its size and time.
      return linked.linked ? { file: written! } : {};
    };
    try {
      written = writePrivateFile(intent, xml);
      await putDescribed(ctx, "reports", hash, facts, place);
      return await putDescribed(ctx, "queue", hash, facts, place);
    } finally {
      removeFileSync(intent);
    }
  });
}

/** Moves queue/<hash>.xml to rejected/<hash>.xml, with the server's reason beside it. */
export async function reject(ctx: StoreContext, hash: string, rejection: Rejection): Promise<void> {
  checkHash(hash);
  const { layout } = ctx;
  await ctx.withLock(async () => {
    const from = layout.path("queue", hash);
    if ((await fileSize(from)) === undefined)
      throw new StoreError(`cannot reject ${hash}: it is not in the queue (${layout.dir("queue")})`);
    const reason = { ...rejection, at: new Date().toISOString() };
    await writeStoreFile(layout.rejectionPath(hash), JSON.stringify(reason, null, 2) + "\n", true);
    await moveFile(from, layout.path("rejected", hash));
    const index = await ctx.index.load();
    const record = index.queue.get(hash);
    index.queue.delete(hash);
    if (record) index.rejected.set(hash, { ...record, area: "rejected" });
    await ctx.index.save(index);
  });
}

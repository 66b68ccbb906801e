/** Writing to the store: keeping or queueing a report, and moving a refused one to rejected/. */
import { errorMessage } from "../errors.js";
import { checkHash, entryOf, recordMatchesFile, type StoreContext } from "./context.js";
import { describeReport } from "./describe.js";
import { StoreError } from "./errors.js";
import { fileSize, moveFile, writeStoreFile } from "./files.js";
import { recordOf } from "./index-file.js";
import { quarantine } from "./quarantine.js";
import { judgeFile, statOrFail } from "./read.js";
import type { Rejection, StoredEntry } from "./types.js";

/** Stores `xml` as `<area>/<hash>.xml` after checking its canonical hash; `created` is false when it was there. */
export async function put(
  ctx: StoreContext,
  area: "reports" | "queue",
  xml: Buffer,
  hash: string,
): Promise<{ entry: StoredEntry; created: boolean }> {
  checkHash(hash);
  if (area !== "reports" && area !== "queue")
    throw new StoreError(`cannot put a report into "${String(area)}"`);
  const target = ctx.layout.path(area, hash);
  const described = await describeReport(xml, target).catch((e: unknown) => {
    throw new StoreError(`refusing to store ${target}: ${errorMessage(e)}`, { cause: e });
  });
  if (described.hash !== hash)
    throw new StoreError(
      `refusing to store ${target}: the report's canonical hash is sha256:${described.hash}, not sha256:${hash}`,
    );
  return ctx.withLock(async () => {
    let created = await writeStoreFile(target, xml, false);
    const index = await ctx.index.load();
    let file = await statOrFail(target);
    let record = index[area].get(hash);
    if (created || !recordMatchesFile(record, file)) {
      // An existing file may hold other bytes of the same report (e.g. signed with another key), or be damaged.
      let facts = described.facts;
      if (!created) {
        const existing = await judgeFile(ctx, area, `${hash}.xml`);
        if ("facts" in existing) facts = existing.facts;
        else {
          if ("problem" in existing) await quarantine(ctx, area, hash, existing.problem);
          created = await writeStoreFile(target, xml, false);
          file = await statOrFail(target);
        }
      }
      record = recordOf(area, file, facts);
      index[area].set(hash, record);
      await ctx.index.save(index);
    }
    return { entry: entryOf(ctx, hash, record!), created };
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

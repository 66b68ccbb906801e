/** Setting a damaged file aside: quarantine/<name>.<timestamp>.xml with the reason beside it. */
import { randomBytes } from "node:crypto";
import { basename } from "node:path";
import { errorMessage } from "../errors.js";
import { checkHash, type StoreContext } from "./context.js";
import { StoreError } from "./errors.js";
import { fileSize, moveFile, readStoreFile, removeFile, writeStoreFile } from "./files.js";
import { parseReportName, reportFileName } from "./layout.js";
import { HASH, type Area, type Rejection } from "./types.js";

/** "20261202T213000123Z": sortable and valid in file names everywhere. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(".", "");
}

/** The reason a server gave for a rejected report. */
export async function readRejection(
  ctx: StoreContext,
  hash: string,
): Promise<(Rejection & { at: string }) | undefined> {
  checkHash(hash);
  const path = ctx.layout.rejectionPath(hash);
  const text = await readStoreFile(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text.toString("utf8")) as Rejection & { at: string };
  } catch (e) {
    throw new StoreError(`${path}: not valid JSON (${errorMessage(e)})`);
  }
}

/**
 * Moves `<area>/<name>` (a report file's name; a bare stem means `<stem>.xml`) to
 * quarantine/<stem>.<timestamp>.xml (keeping a `.zst`/`.gz` suffix) with `<...>.reason.json`; returns the new path.
 */
export async function quarantine(
  ctx: StoreContext,
  area: Area,
  name: string,
  reason: string,
): Promise<string> {
  const { layout } = ctx;
  const { stem, compression } = parseReportName(name) ?? { stem: name, compression: "none" as const };
  if (stem === "" || basename(stem) !== stem || stem.startsWith("."))
    throw new StoreError(`cannot quarantine "${name}": not a file name in ${layout.dir(area)}`);
  const fileName = reportFileName(stem, compression);
  return ctx.withLock(async () => {
    const from = layout.file(area, fileName);
    if ((await fileSize(from)) === undefined) throw new StoreError(`cannot quarantine ${from}: no such file`);
    const now = new Date();
    let target = layout.file("quarantine", `${stem}.${stamp(now)}`);
    const suffix = fileName.slice(stem.length);
    if ((await fileSize(`${target}${suffix}`)) !== undefined) target += `-${randomBytes(3).toString("hex")}`;
    const rejection =
      area === "rejected" && HASH.test(stem)
        ? await readRejection(ctx, stem).catch(() => undefined)
        : undefined;
    const note = {
      area,
      name: fileName,
      reason,
      at: now.toISOString(),
      ...(rejection ? { rejection } : {}),
    };
    await writeStoreFile(`${target}.reason.json`, JSON.stringify(note, null, 2) + "\n", true);
    await moveFile(from, `${target}${suffix}`);
    if (rejection) await removeFile(layout.rejectionPath(stem));
    const index = await ctx.index.load();
    const record = index[area].get(stem);
    // The index's record is of this file unless it names another form of the report.
    if (record && (record.compression ?? "none") === compression && index[area].delete(stem))
      await ctx.index.save(index);
    return `${target}${suffix}`;
  });
}

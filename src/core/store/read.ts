/** Reading stored reports back, and judging whether a file still is the report its name says. */
import { errorMessage } from "../errors.js";
import { checkHash, entryOf, type FileInfo, type StoreContext } from "./context.js";
import { describeReport, type ReportFacts } from "./describe.js";
import { StoreError } from "./errors.js";
import { fileSize, readStoreFile } from "./files.js";
import { recordOf } from "./index-file.js";
import { quarantine } from "./quarantine.js";
import { HASH, type Area, type StoredEntry } from "./types.js";

export type Judged = { facts: ReportFacts };

export type Verification = { ok: true; entry: StoredEntry } | { ok: false; reason: string; movedTo: string };

/** The report's facts when `bytes` read strictly and their canonical hash is `expected`, else the problem. */
export async function judge(
  bytes: Buffer,
  path: string,
  expected: string,
): Promise<Judged | { problem: string }> {
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

/** Whether `<area>/<name>` is the report its name says; "gone" when there is no such file. */
export async function judgeFile(
  ctx: StoreContext,
  area: Area,
  name: string,
): Promise<Judged | { problem: string } | { gone: true }> {
  const path = ctx.layout.file(area, name);
  const bytes = await readStoreFile(path);
  if (bytes === undefined) return { gone: true };
  return judge(bytes, path, name.slice(0, -4));
}

export async function statOrFail(path: string): Promise<FileInfo> {
  const file = await fileSize(path);
  if (file === undefined) throw new StoreError(`${path} disappeared while it was being stored`);
  return file;
}

async function readVerified(
  ctx: StoreContext,
  area: Area,
  hash: string,
): Promise<({ ok: true; bytes: Buffer } & Judged) | { ok: false; reason: string; movedTo: string }> {
  checkHash(hash);
  const path = ctx.layout.path(area, hash);
  const bytes = await readStoreFile(path);
  if (bytes === undefined) throw new StoreError(`no report ${hash} in ${ctx.layout.dir(area)}`);
  const judged = await judge(bytes, path, hash);
  if ("facts" in judged) return { ok: true, bytes, facts: judged.facts };
  return { ok: false, reason: judged.problem, movedTo: await quarantine(ctx, area, hash, judged.problem) };
}

/** The stored bytes, after checking they still are the report their name says; a damaged file is quarantined. */
export async function read(ctx: StoreContext, area: Area, hash: string): Promise<Buffer> {
  const verified = await readVerified(ctx, area, hash);
  if (!verified.ok)
    throw new StoreError(`${ctx.layout.path(area, hash)}: ${verified.reason}; moved to ${verified.movedTo}`);
  return verified.bytes;
}

/** Re-reads a stored report with the strict reader; quarantines it (and says where) when it fails. */
export async function verifyEntry(ctx: StoreContext, area: Area, hash: string): Promise<Verification> {
  const verified = await readVerified(ctx, area, hash);
  if (!verified.ok) return verified;
  const file = await statOrFail(ctx.layout.path(area, hash));
  return { ok: true, entry: entryOf(ctx, hash, recordOf(area, file, verified.facts)) };
}

export async function has(ctx: StoreContext, area: Area, hash: string): Promise<boolean> {
  checkHash(hash);
  return (await fileSize(ctx.layout.path(area, hash))) !== undefined;
}

/** Reading stored reports back, and judging whether a file still is the report its name says. */
import { errorMessage } from "../errors.js";
import { COMPRESSIONS, readStored, StoreCodecError, type Compression } from "./codec.js";
import { checkHash, entryOf, type StoredFile, type StoreContext } from "./context.js";
import { describeReport, type ReportFacts } from "./describe.js";
import { StoreError } from "./errors.js";
import { fileSize, fileSizeSync } from "./files.js";
import { compressionOf, recordOf } from "./index-file.js";
import { parseReportName, reportFileName } from "./layout.js";
import { quarantine } from "./quarantine.js";
import { HASH, type Area, type StoredEntry } from "./types.js";

export type Judged = { facts: ReportFacts; originalSize: number };

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
  return { facts: described.facts, originalSize: bytes.length };
}

/**
 * The original bytes of a stored file (the one read of the store: every reader comes here), or the problem
 * when it is not what its name says (damaged compressed data, a bomb). A zstd file on a runtime without zstd
 * is thrown (StoreCodecError "no-zstd"): nothing is wrong with the file.
 */
export async function readOriginal(
  path: string,
  compression: Compression,
): Promise<Buffer | { problem: string } | undefined> {
  try {
    return await readStored(path, compression);
  } catch (e) {
    if (e instanceof StoreCodecError && e.code !== "no-zstd") return { problem: e.message };
    throw e;
  }
}

/** Whether `<area>/<name>` is the report its name says; "gone" when there is no such file. */
export async function judgeFile(
  ctx: StoreContext,
  area: Area,
  name: string,
): Promise<Judged | { problem: string } | { gone: true }> {
  const path = ctx.layout.file(area, name);
  const parsed = parseReportName(name);
  if (!parsed) return { problem: "its name is not <hash>.xml, .xml.zst or .xml.gz" };
  const bytes = await readOriginal(path, parsed.compression);
  if (bytes === undefined) return { gone: true };
  if (!Buffer.isBuffer(bytes)) return bytes;
  return judge(bytes, path, parsed.stem);
}

export async function statOrFail(path: string): Promise<{ size: number; mtimeMs: number }> {
  const file = await fileSize(path);
  if (file === undefined) throw new StoreError(`${path} disappeared while it was being stored`);
  return file;
}

/**
 * The file holding report `hash` in `area`, in whichever form it is stored (the index's first, then the store's
 * own, then the others); undefined when there is none.
 */
export async function locate(
  ctx: StoreContext,
  area: Area,
  hash: string,
): Promise<(StoredFile & { path: string; name: string }) | undefined> {
  const record = (await ctx.index.view())[area].get(hash);
  const first = record ? compressionOf(record) : ctx.compression;
  const order = [first, ...COMPRESSIONS.filter((c) => c !== first)];
  for (const compression of order) {
    const path = ctx.layout.path(area, hash, compression);
    // Synchronous: a few stat calls per write; a folder that is not one (ENOTDIR) holds nothing.
    const file = fileSizeSync(path);
    if (file) return { ...file, compression, path, name: reportFileName(hash, compression) };
  }
  return undefined;
}

async function readVerified(
  ctx: StoreContext,
  area: Area,
  hash: string,
): Promise<
  | ({ ok: true; bytes: Buffer; file: StoredFile } & Judged)
  | { ok: false; reason: string; movedTo: string; path: string }
> {
  checkHash(hash);
  const file = await locate(ctx, area, hash);
  const bytes = file && (await readOriginal(file.path, file.compression));
  if (file === undefined || bytes === undefined)
    throw new StoreError(`no report ${hash} in ${ctx.layout.dir(area)}`);
  const judged = Buffer.isBuffer(bytes) ? await judge(bytes, file.path, hash) : bytes;
  if ("facts" in judged) return { ok: true, bytes: bytes as Buffer, file, ...judged };
  const movedTo = await quarantine(ctx, area, file.name, judged.problem);
  return { ok: false, reason: judged.problem, movedTo, path: file.path };
}

/**
 * The report's original bytes (decompressed), after checking they still are the report their name says; a
 * damaged file is quarantined (a StoreError says where).
 */
export async function read(ctx: StoreContext, area: Area, hash: string): Promise<Buffer> {
  const verified = await readVerified(ctx, area, hash);
  if (!verified.ok)
    throw new StoreError(`${verified.path}: ${verified.reason}; moved to ${verified.movedTo}`);
  return verified.bytes;
}

/** Re-reads a stored report with the strict reader; quarantines it (and says where) when it fails. */
export async function verifyEntry(ctx: StoreContext, area: Area, hash: string): Promise<Verification> {
  const verified = await readVerified(ctx, area, hash);
  if (!verified.ok) return { ok: false, reason: verified.reason, movedTo: verified.movedTo };
  const { file } = verified;
  const record = recordOf(area, file, verified.facts, {
    compression: file.compression,
    originalSize: verified.originalSize,
  });
  return { ok: true, entry: entryOf(ctx, hash, record) };
}

export async function has(ctx: StoreContext, area: Area, hash: string): Promise<boolean> {
  checkHash(hash);
  return (await locate(ctx, area, hash)) !== undefined;
}

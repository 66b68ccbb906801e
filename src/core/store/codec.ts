/**
 * The store's compression: a report is kept as `<hash>.xml` (none), `<hash>.xml.zst` or `<hash>.xml.gz`, and
 * always given back as the exact bytes it was stored with (the canonical hash and the signature are over them).
 * Reading trusts the name and checks the magic bytes; a damaged file is a problem to quarantine, a zstd file on a
 * runtime without zstd is an error that says how to read it (never a quarantine, never a silent skip).
 */
import { open } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import * as nodeZlib from "node:zlib";
import { errnoCode, errorMessage } from "../errors.js";
import {
  compressReport,
  hasZstd,
  SMALL_REPORT_BYTES,
  zstdContentSize,
  type ZstdRuntime,
} from "../fs/compression.js";
import { DEFAULT_LIMITS } from "../xml/reader.js";
import { storeError, StoreError } from "./errors.js";

/** The store's `compress` choices: zstd (gzip where the runtime has no zstd), gzip, or none (pytest-jux's files). */
export const COMPRESSIONS = ["zstd", "gzip", "none"] as const;
export type Compression = (typeof COMPRESSIONS)[number];

/** What follows `.xml` in a stored file's name. */
export const SUFFIX: Readonly<Record<Compression, string>> = { none: "", zstd: ".zst", gzip: ".gz" };

const MAGIC: Readonly<Record<"zstd" | "gzip", Buffer>> = {
  zstd: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]),
  gzip: Buffer.from([0x1f, 0x8b]),
};

/** Pieces read and decompressed at once. */
const CHUNK = 64 * 1024;
/**
 * A declared size is trusted for one allocation up to this many times the stored bytes (deflate cannot pass
 * ~1032:1); beyond it the output is gathered as it comes, so a damaged header cannot ask for gigabytes.
 */
const MAX_TRUSTED_RATIO = 2000;
/**
 * The largest buffer allocated up front from a size the file declares: above it, the output is gathered as it
 * really comes out, so a patched size field cannot make a small file claim gigabytes before anything is read.
 */
const MAX_TRUSTED_ALLOCATION = 64 * 1024 * 1024;
/** A compressed file up to this size is read whole and decompressed in one call (see inflateSmall). */
const SMALL_FILE_BYTES = 1024 * 1024;

/** How a store opened with `compress` writes here: zstd where node:zlib has it, else gzip. */
export function effectiveCompression(compress: Compression, zlib: ZstdRuntime = nodeZlib): Compression {
  return compress === "zstd" && !hasZstd(zlib) ? "gzip" : compress;
}

/** What `bytes` start with: zstd's or gzip's magic bytes, else "none" (XML starts with `<`, a BOM or a space). */
export function sniff(bytes: Buffer): Compression {
  for (const c of ["zstd", "gzip"] as const)
    if (bytes.length >= MAGIC[c].length && bytes.subarray(0, MAGIC[c].length).equals(MAGIC[c])) return c;
  return "none";
}

/** A stored file this runtime cannot read, or that is not what its name says. */
export class StoreCodecError extends StoreError {
  override name = "StoreCodecError";
  constructor(
    readonly code: "no-zstd" | "corrupt" | "too-large",
    message: string,
  ) {
    super(message);
  }
}

/** The error for a zstd file on a runtime without zstd: the file, the runtime, and both fixes. */
export function noZstd(path: string): StoreCodecError {
  return new StoreCodecError(
    "no-zstd",
    `${path}: stored compressed with zstd, and this Node.js ${process.version} has no zstd in node:zlib ` +
      `(Node.js >= 22.15 has it): run jux on Node.js >= 22.15, or convert the store there to gzip once with ` +
      `"jux cache recompress --to gzip" and set compress = gzip for the runtimes without zstd`,
  );
}

function corrupt(compression: Compression, reason: string): StoreCodecError {
  return new StoreCodecError("corrupt", `its ${compression} data is damaged (${reason})`);
}

function tooLarge(maxBytes: number): StoreCodecError {
  return new StoreCodecError(
    "too-large",
    `it decompresses to more than the ${maxBytes}-byte limit of a report (refused as a possible decompression bomb)`,
  );
}

/**
 * The bytes to store for `xml` with `compression`: compressed, unless the report is under 1 KiB or compressing
 * does not make it smaller (then as it is, `<hash>.xml`). zstd on a runtime without it: a StoreCodecError.
 */
export function encodeStored(
  xml: Buffer,
  compression: Compression,
  zlib: ZstdRuntime = nodeZlib,
): { compression: Compression; bytes: Buffer } {
  if (compression === "none" || xml.length < SMALL_REPORT_BYTES) return { compression: "none", bytes: xml };
  if (compression === "zstd" && !hasZstd(zlib)) throw noZstd("the report to store");
  const packed = compressReport(xml, compression, zlib);
  return packed.length < xml.length ? { compression, bytes: packed } : { compression: "none", bytes: xml };
}

function inflater(compression: "zstd" | "gzip", path: string, zlib: ZstdRuntime) {
  if (compression === "gzip") return nodeZlib.createGunzip({ chunkSize: CHUNK });
  if (!hasZstd(zlib)) throw noZstd(path);
  return zlib.createZstdDecompress!({ chunkSize: CHUNK });
}

/** The original size a compressed file records: zstd's frame header, gzip's trailer (ISIZE). */
async function declaredSize(
  handle: import("node:fs/promises").FileHandle,
  compression: "zstd" | "gzip",
  size: number,
  head: Buffer,
): Promise<number | undefined> {
  if (compression === "zstd") return zstdContentSize(head);
  if (size < 18) throw corrupt(compression, `${size} bytes is shorter than any gzip member`);
  const trailer = Buffer.alloc(4);
  await handle.read(trailer, 0, 4, size - 4);
  return trailer.readUInt32LE(0);
}

export interface ReadOptions {
  /** The largest original given back (default: the XML reader's limit). */
  maxBytes?: number;
  zlib?: ZstdRuntime;
}

/**
 * The original bytes of the stored file `path` (its name says `compression`), decompressed as the file is read
 * into one Buffer of the original's size; undefined when there is no such file. A file that is not what its name
 * says, damaged data or an output above the limit: StoreCodecError "corrupt"/"too-large" (a problem to
 * quarantine); zstd without zstd in this runtime: "no-zstd".
 */
export async function readStored(
  path: string,
  compression: Compression,
  options: ReadOptions = {},
): Promise<Buffer | undefined> {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const zlib = options.zlib ?? nodeZlib;
  let handle: import("node:fs/promises").FileHandle;
  try {
    handle = await open(path, "r");
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return undefined;
    throw storeError("read", path, e);
  }
  try {
    if (compression === "none") return await handle.readFile();
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 18));
    await handle.read(head, 0, head.length, 0);
    if (sniff(head) !== compression)
      throw corrupt(compression, `it does not start with ${compression}'s magic bytes`);
    const declared = await declaredSize(handle, compression, size, head);
    if (declared !== undefined && declared > maxBytes) throw tooLarge(maxBytes);
    if (size <= SMALL_FILE_BYTES && declared !== undefined && declared <= MAX_TRUSTED_ALLOCATION)
      return inflateSmall(await handle.readFile(), compression, path, declared, zlib);
    return await inflate(handle, compression, path, { maxBytes, zlib, declared, size });
  } catch (e) {
    if (e instanceof StoreCodecError) throw e;
    throw storeError("read", path, e);
  } finally {
    await handle.close();
  }
}

/**
 * A small file whose original size is recorded (as jux writes them): read whole and decompressed in one call, its
 * output bounded by that size (a stream per report cost more than the decompression).
 */
function inflateSmall(
  data: Buffer,
  compression: "zstd" | "gzip",
  path: string,
  declared: number,
  zlib: ZstdRuntime,
): Buffer {
  if (compression === "zstd" && !hasZstd(zlib)) throw noZstd(path);
  let out: Buffer;
  try {
    const limits = { maxOutputLength: Math.max(declared, 1) };
    out = compression === "gzip" ? nodeZlib.gunzipSync(data, limits) : zlib.zstdDecompressSync!(data, limits);
  } catch (e) {
    const over = e instanceof RangeError || /limit|too large/i.test(errorMessage(e));
    throw corrupt(
      compression,
      over ? `more bytes come out than the ${declared} it records` : errorMessage(e),
    );
  }
  if (out.length !== declared)
    throw corrupt(compression, `${out.length} bytes come out, not the ${declared} it records`);
  return out;
}

async function inflate(
  handle: import("node:fs/promises").FileHandle,
  compression: "zstd" | "gzip",
  path: string,
  o: { maxBytes: number; zlib: ZstdRuntime; declared: number | undefined; size: number },
): Promise<Buffer> {
  const trusted =
    o.declared !== undefined &&
    o.declared <= Math.min(Math.max(o.size * MAX_TRUSTED_RATIO, CHUNK), MAX_TRUSTED_ALLOCATION);
  const whole = trusted ? Buffer.allocUnsafe(o.declared!) : undefined;
  const parts: Buffer[] = [];
  let total = 0;
  const input = handle.createReadStream({ start: 0, highWaterMark: CHUNK, autoClose: false });
  try {
    await pipeline(input, inflater(compression, path, o.zlib), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        if (o.declared !== undefined && total + chunk.length > o.declared)
          throw corrupt(compression, `more bytes come out than the ${o.declared} it records`);
        if (total + chunk.length > o.maxBytes) throw tooLarge(o.maxBytes);
        if (whole) chunk.copy(whole, total);
        else parts.push(chunk);
        total += chunk.length;
      }
    });
  } catch (e) {
    if (e instanceof StoreCodecError) throw e;
    throw corrupt(compression, errorMessage(e));
  }
  if (o.declared !== undefined && total !== o.declared)
    throw corrupt(compression, `${total} bytes came out, not the ${o.declared} it records`);
  return whole ?? Buffer.concat(parts, total);
}

/**
 * The original of bytes held in memory whose form is known only by their magic bytes (a queue intent or a temp
 * file left by an interrupted write); a StoreCodecError when they cannot be decompressed.
 */
export function decodeSniffed(bytes: Buffer, path: string, zlib: ZstdRuntime = nodeZlib): Buffer {
  const compression = sniff(bytes);
  if (compression === "none") return bytes;
  const limits = { maxOutputLength: DEFAULT_LIMITS.maxBytes };
  try {
    if (compression === "gzip") return nodeZlib.gunzipSync(bytes, limits);
    if (!hasZstd(zlib)) throw noZstd(path);
    return zlib.zstdDecompressSync!(bytes, limits);
  } catch (e) {
    if (e instanceof StoreCodecError) throw e;
    throw corrupt(compression, errorMessage(e));
  }
}

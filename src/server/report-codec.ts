/**
 * A stored report's bytes: compressed for storage (zstd where node:zlib has it, else gzip) and given back byte for
 * byte, since the canonical hash and the signature are over the original bytes. Decoding trusts nothing it reads:
 * a damaged or swapped blob is refused, never returned short, long or altered.
 */
import { constants as bufferConstants } from "node:buffer";
import { Readable } from "node:stream";
import * as nodeZlib from "node:zlib";
import { errorMessage } from "../core/errors.js";
import { DEFAULT_LIMITS } from "../core/xml/reader.js";
import {
  compressReport,
  hasZstd,
  SMALL_REPORT_BYTES,
  zstdContentSize,
  type ZstdRuntime,
} from "../core/fs/compression.js";

export {
  GZIP_LEVEL,
  SMALL_REPORT_BYTES,
  ZSTD_LEVEL,
  zstdContentSize,
  type ZstdRuntime,
} from "../core/fs/compression.js";

export type ReportEncoding = "identity" | "gzip" | "zstd";
export const REPORT_ENCODINGS: readonly ReportEncoding[] = ["identity", "gzip", "zstd"];

/** The pieces a report is streamed back in (node:zlib's default, 16 KiB, makes the 50 MB stream 2-3 times slower). */
const STREAM_CHUNK = 64 * 1024;

export type ReportCodecErrorCode = "unknown-encoding" | "no-zstd" | "corrupt" | "too-large";

/** A stored report that cannot be given back (or encoded): the run, the problem and the fix in its message. */
export class ReportCodecError extends Error {
  override name = "ReportCodecError";

  constructor(
    readonly code: ReportCodecErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface DecodeOptions {
  /** The largest original report given back (default: the XML reader's 2 GiB); above it, ReportCodecError. */
  maxBytes?: number;
  /** What the bytes are, for messages ("test run 42's XML"); default "the stored report". */
  what?: string;
  zlib?: ZstdRuntime;
}

/** The encoding this runtime writes: zstd where node:zlib has it (zstdCompressSync: Node 22.15+/23.8+), else gzip. */
export function preferredEncoding(zlib: ZstdRuntime = nodeZlib): ReportEncoding {
  return hasZstd(zlib) ? "zstd" : "gzip";
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A report as stored: its bytes and how they are encoded. */
export interface EncodedReport {
  encoding: ReportEncoding;
  bytes: Buffer;
}

/**
 * The report's bytes as stored: compressed with `encoding` (default preferredEncoding()) unless that does not make
 * it smaller (then identity); small reports (< 1 KiB) stay identity. Identity bytes share the input's memory.
 */
export function encodeReport(
  xml: Uint8Array,
  encoding: ReportEncoding = preferredEncoding(),
  zlib: ZstdRuntime = nodeZlib,
): EncodedReport {
  const original = asBuffer(xml);
  const what = "the report to store";
  checkEncoding(encoding, what, zlib, "encode");
  if (encoding === "identity" || original.length < SMALL_REPORT_BYTES)
    return { encoding: "identity", bytes: original };
  const packed = compressReport(original, encoding, zlib);
  return packed.length < original.length
    ? { encoding, bytes: packed }
    : { encoding: "identity", bytes: original };
}

/** Refuses an encoding this module does not know, and zstd where this Node.js has none. */
function checkEncoding(
  encoding: string,
  what: string,
  zlib: ZstdRuntime,
  verb: "encode" | "decode",
): asserts encoding is ReportEncoding {
  if (!(REPORT_ENCODINGS as readonly string[]).includes(encoding))
    throw new ReportCodecError(
      "unknown-encoding",
      `${what}: unknown encoding ${JSON.stringify(encoding.slice(0, 40))} (this jux serve reads ${REPORT_ENCODINGS.join(", ")}); it was stored by another program or a newer jux serve: run that version, or submit the report again`,
    );
  if (encoding === "zstd" && !hasZstd(zlib))
    throw new ReportCodecError(
      "no-zstd",
      verb === "decode"
        ? `${what}: stored with zstd by a newer Node.js, and this Node.js ${process.version} has no zstd in node:zlib; run jux serve on Node.js >= 22.15`
        : `${what}: zstd was asked for, and this Node.js ${process.version} has no zstd in node:zlib; encode with preferredEncoding() (gzip here), or run on Node.js >= 22.15`,
    );
}

function corrupt(what: string, encoding: string, reason: string): ReportCodecError {
  return new ReportCodecError(
    "corrupt",
    `${what}: the stored ${encoding} data is damaged (${reason}); restore the database from a backup, or delete the run and submit the report again`,
  );
}

function tooLarge(what: string, maxBytes: number, size?: number): ReportCodecError {
  const is = size === undefined ? "is larger than" : `is ${size} bytes, above`;
  return new ReportCodecError(
    "too-large",
    `${what} ${is} the ${maxBytes}-byte limit once decompressed (refused as a possible decompression bomb); raise the limit if the report is genuine`,
  );
}

/** A failure of node:zlib as this module's error: output over the limit, or damaged data. */
/** More came out than the header or trailer records (damage, an appended frame or member). */
function longer(p: Plan): ReportCodecError {
  return corrupt(
    p.what,
    p.encoding,
    `more bytes come out than the ${p.declared} its header or trailer records`,
  );
}

/** A zlib refusal at maxOutputLength when that was the declared size (below the limit): damage, not a bomb. */
function overDeclared(e: unknown, p: Plan): ReportCodecError | undefined {
  const atDeclared = p.declared !== undefined && p.declared < p.maxBytes;
  return atDeclared && (e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? longer(p) : undefined;
}

function zlibFailure(e: unknown, what: string, encoding: string, maxBytes: number): ReportCodecError {
  if (e instanceof ReportCodecError) return e;
  if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return tooLarge(what, maxBytes);
  return corrupt(what, encoding, errorMessage(e));
}

/** What decoding expects of the output, known before decompressing: its size where it is recorded, else its check. */
interface Plan {
  encoding: ReportEncoding;
  what: string;
  maxBytes: number;
  /** The size the header or trailer records: no more is inflated (damaged or forged data is cut there). */
  declared?: number;
  zlib: ZstdRuntime;
  /** Whether `size` bytes is the whole original (checked once all are out). */
  complete(size: number): boolean;
}

function plan(encoding: string, bytes: Buffer, options: DecodeOptions): Plan {
  const what = options.what ?? "the stored report";
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const zlib = options.zlib ?? nodeZlib;
  checkEncoding(encoding, what, zlib, "decode");
  if (encoding === "identity") {
    if (bytes.length > maxBytes) throw tooLarge(what, maxBytes, bytes.length);
    return { encoding, what, maxBytes, zlib, complete: (n) => n === bytes.length };
  }
  if (encoding === "gzip") {
    // The trailer's ISIZE (the size mod 2^32) also catches a second member appended after the first.
    if (bytes.length < 18)
      throw corrupt(what, encoding, `${bytes.length} bytes is shorter than any gzip member`);
    const isize = bytes.readUInt32LE(bytes.length - 4);
    // ISIZE is exact below 4 GiB, above any limit.
    return { encoding, what, maxBytes, declared: isize, zlib, complete: (n) => n % 2 ** 32 === isize };
  }
  const size = zstdContentSize(bytes);
  if (size === undefined) throw corrupt(what, encoding, "no zstd frame header with the report's size");
  if (size > maxBytes) throw tooLarge(what, maxBytes, size);
  return { encoding, what, maxBytes, declared: size, zlib, complete: (n) => n === size };
}

/** node:zlib's maxOutputLength: one byte over the limit at most, and never above what a Buffer may hold. */
function outputLimit(maxBytes: number): number {
  return Math.max(1, Math.min(maxBytes + 1, bufferConstants.MAX_LENGTH));
}

/**
 * The original bytes back. Refuses (ReportCodecError) an unknown encoding, damaged data, a zstd report on a
 * runtime without zstd, and output above maxBytes (checked while decompressing: a bomb is never inflated whole).
 */
export function decodeReport(encoding: string, bytes: Uint8Array, options: DecodeOptions = {}): Buffer {
  const stored = asBuffer(bytes);
  const p = plan(encoding, stored, options);
  if (p.encoding === "identity") return stored;
  let out: Buffer;
  try {
    const limits = { maxOutputLength: outputLimit(Math.min(p.maxBytes, p.declared ?? Infinity)) };
    out =
      p.encoding === "gzip"
        ? nodeZlib.gunzipSync(stored, limits)
        : p.zlib.zstdDecompressSync!(stored, limits);
  } catch (e) {
    throw overDeclared(e, p) ?? zlibFailure(e, p.what, p.encoding, p.maxBytes);
  }
  if (out.length > p.maxBytes) throw tooLarge(p.what, p.maxBytes);
  if (!p.complete(out.length))
    throw corrupt(
      p.what,
      p.encoding,
      `${out.length} bytes came out, not the size its header or trailer records`,
    );
  return out;
}

function* identityChunks(stored: Buffer): Generator<Buffer> {
  for (let at = 0; at < stored.length; at += STREAM_CHUNK) yield stored.subarray(at, at + STREAM_CHUNK);
}

/** Decompresses as the reader takes the output; stops at the limit; checks the whole once it is out. */
async function* inflatedChunks(p: Plan, stored: Buffer): AsyncGenerator<Buffer> {
  const chunked = { chunkSize: STREAM_CHUNK };
  const inflater =
    p.encoding === "gzip" ? nodeZlib.createGunzip(chunked) : p.zlib.createZstdDecompress!(chunked);
  inflater.end(stored);
  let total = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (p.declared !== undefined && total > p.declared && p.declared < p.maxBytes) throw longer(p);
      if (total > p.maxBytes) throw tooLarge(p.what, p.maxBytes);
      yield chunk;
    }
  } catch (e) {
    throw zlibFailure(e, p.what, p.encoding, p.maxBytes);
  } finally {
    inflater.destroy();
  }
  if (!p.complete(total))
    throw corrupt(p.what, p.encoding, `${total} bytes came out, not the size its header or trailer records`);
}

/**
 * A Readable of the original bytes, decompressing as it goes (the XML route streams it without holding the report
 * twice). What can be known before decoding (encoding, runtime, a zstd size above maxBytes) is thrown at once;
 * damage found later, or output above maxBytes, is the stream's error, after the bytes read so far.
 */
export function decodeReportStream(
  encoding: string,
  bytes: Uint8Array,
  options: DecodeOptions = {},
): Readable {
  const stored = asBuffer(bytes);
  const p = plan(encoding, stored, options);
  const chunks = p.encoding === "identity" ? identityChunks(stored) : inflatedChunks(p, stored);
  return Readable.from(chunks, { objectMode: false });
}

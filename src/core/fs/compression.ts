/**
 * What the local store and jux serve share about compressing reports: whether this runtime has zstd, the levels,
 * and reading the original size a zstd frame header records. Pure: no files, no policy.
 */
import * as nodeZlib from "node:zlib";

/** The zstd functions of node:zlib (Node.js 22.15+/23.8+); a parameter so that the gzip-only runtime can be tested. */
export type ZstdRuntime = Partial<
  Pick<
    typeof nodeZlib,
    "zstdCompressSync" | "zstdDecompressSync" | "createZstdDecompress" | "createZstdCompress"
  >
>;

/** Reports below this many bytes are stored as they are: compressing them saves next to nothing. */
export const SMALL_REPORT_BYTES = 1024;
/** zstd's default level: about gzip -6's ratio on JUnit XML at several times its speed. */
export const ZSTD_LEVEL = 3;
export const GZIP_LEVEL = 6;

/** Whether this runtime's node:zlib has zstd (Node.js 22.15+/23.8+; Node.js 20 has none). */
export function hasZstd(zlib: ZstdRuntime = nodeZlib): boolean {
  return typeof zlib.zstdCompressSync === "function" && typeof zlib.createZstdDecompress === "function";
}

/**
 * A report's bytes compressed as jux writes them (zstd at ZSTD_LEVEL with its checksum and the size in the frame
 * header, or gzip at GZIP_LEVEL); the caller checked that the runtime has zstd and decides what is worth it.
 */
export function compressReport(xml: Buffer, kind: "zstd" | "gzip", zlib: ZstdRuntime = nodeZlib): Buffer {
  return kind === "zstd"
    ? zlib.zstdCompressSync!(xml, {
        pledgedSrcSize: xml.length,
        params: {
          [nodeZlib.constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL,
          [nodeZlib.constants.ZSTD_c_checksumFlag]: 1,
        },
      })
    : nodeZlib.gzipSync(xml, { level: GZIP_LEVEL });
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The size the zstd frame header records (jux writes it, with a checksum, in one frame); undefined without a
 * readable header. Lets a bomb be refused before decompressing and a truncated frame be caught on Node.js 22,
 * whose zstd returns what it has without an error.
 */
export function zstdContentSize(bytes: Uint8Array): number | undefined {
  const b = asBuffer(bytes);
  if (b.length < 6 || b.readUInt32LE(0) !== 0xfd2fb528) return undefined;
  const descriptor = b[4]!;
  if (descriptor & 0x08) return undefined; // reserved bit
  const singleSegment = (descriptor >> 5) & 1;
  const sizeBytes = [singleSegment, 2, 4, 8][descriptor >> 6]!;
  const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]!;
  if (sizeBytes === 0 || b.length < at + sizeBytes) return undefined;
  if (sizeBytes === 1) return b[at]!;
  if (sizeBytes === 2) return b.readUInt16LE(at) + 256;
  if (sizeBytes === 4) return b.readUInt32LE(at);
  return Number(b.readBigUInt64LE(at));
}

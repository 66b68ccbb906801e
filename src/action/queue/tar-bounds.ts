/**
 * Bounds the decompressed tar stream before it reaches the parser: the parser reads past zero blocks to the end
 * of the stream, so a small archive could make it decompress and read gigabytes of padding. This walks the tar
 * blocks itself, stops at the end-of-archive marker (two zero blocks), and counts every byte.
 */
import { EntryRefused } from "./extract.js";

const BLOCK = 512;
/** What GNU tar writes after the end-of-archive marker (padding to its 10 KiB record), with room to spare. */
export const TRAILING_BYTES = 64 * 1024;
/** Metadata members (pax headers, GNU long names) are this small in a genuine entry. */
const METADATA_BYTES = 1024 ** 2;
const METADATA_TYPES = new Set(["x", "g", "L", "K"].map((c) => c.charCodeAt(0)));
const GLOBAL = "g".charCodeAt(0);

/** The size field of a header block (octal, or base-256 when its first byte has the high bit set). */
function sizeOf(header: Buffer): number {
  const field = header.subarray(124, 136);
  if (field[0]! & 0x80) {
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    if (field[0] !== 0x80 || !Number.isSafeInteger(n))
      throw new EntryRefused("a member's size field is out of range");
    return n;
  }
  const text = field.toString("latin1").replace(/\0.*$/s, "").trim();
  return text === "" ? 0 : parseInt(text, 8);
}

export class TarBounds {
  private read = 0;
  private header = Buffer.alloc(0);
  /** Bytes of data (and padding) still to pass before the next header. */
  private data = 0;
  private metadata: Buffer[] | undefined;
  private metadataLeft = 0;
  private zeros = 0;
  private trailing = 0;
  /** A global extended header was seen (the extractor refuses the members after it). */
  globalHeader = false;
  /** The end-of-archive marker has been passed: nothing more goes to the parser. */
  ended = false;

  /** maxBytes: every byte up to the end-of-archive marker, headers and padding included. */
  constructor(private readonly maxBytes: number) {}

  /** The part of chunk that belongs to the archive (none after its end); throws when a bound is crossed. */
  take(chunk: Buffer): Buffer {
    if (this.ended) {
      this.trail(chunk.length);
      return chunk.subarray(0, 0);
    }
    let at = 0;
    while (at < chunk.length && !this.ended) at += this.step(chunk.subarray(at));
    this.read += at;
    if (this.read > this.maxBytes)
      throw new EntryRefused(
        `it decompresses to more than ${this.maxBytes} bytes, more than its limits allow (padding?)`,
      );
    this.trail(chunk.length - at);
    return chunk.subarray(0, at);
  }

  private trail(bytes: number): void {
    this.trailing += bytes;
    if (this.trailing > TRAILING_BYTES)
      throw new EntryRefused(`it has more than ${TRAILING_BYTES} bytes after the end of the tar archive`);
  }

  /** Consumes the start of rest (a header, or data); returns how many bytes. */
  private step(rest: Buffer): number {
    if (this.data > 0) {
      const n = Math.min(this.data, rest.length);
      if (this.metadata && this.metadataLeft > 0) {
        const part = rest.subarray(0, Math.min(n, this.metadataLeft));
        this.metadata.push(part);
        this.metadataLeft -= part.length;
      }
      this.data -= n;
      if (this.data === 0 && this.metadata) this.endMetadata();
      return n;
    }
    const n = Math.min(BLOCK - this.header.length, rest.length);
    this.header = Buffer.concat([this.header, rest.subarray(0, n)]);
    if (this.header.length === BLOCK) this.onHeader(this.header);
    if (this.header.length === BLOCK) this.header = Buffer.alloc(0);
    return n;
  }

  private onHeader(block: Buffer): void {
    if (block.every((b) => b === 0)) {
      this.ended = ++this.zeros === 2;
      return;
    }
    this.zeros = 0;
    const size = sizeOf(block);
    // Not a header at all: the parser refuses it with its own words; every byte still counts.
    if (!(size >= 0)) return;
    this.data = Math.ceil(size / BLOCK) * BLOCK;
    if (!METADATA_TYPES.has(block[156]!)) return;
    if (block[156] === GLOBAL) this.globalHeader = true;
    if (size > METADATA_BYTES)
      throw new EntryRefused(`it has a ${size}-byte extended header, over the ${METADATA_BYTES}-byte limit`);
    this.metadata = [];
    this.metadataLeft = size;
    if (this.data === 0) this.endMetadata();
  }

  /** A pax header may override the next member's size; genuine entries never need it (sizes over 8 GiB). */
  private endMetadata(): void {
    const text = Buffer.concat(this.metadata!).toString("latin1");
    this.metadata = undefined;
    if (/(^|\n)\d+ size=/.test(text))
      throw new EntryRefused(
        "an extended header overrides a member's size, which a genuine entry never does",
      );
  }
}

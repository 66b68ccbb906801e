/** Reading what the toolkit stored: tar archives (zstd or gzip, as @actions/cache wrote them) and zips. */
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { pack, type Header } from "tar-stream";

const run = promisify(execFile);

/** The tar option that decompresses an archive of this format, told by its magic bytes. */
function decompressor(archive: Buffer): string[] {
  if (archive.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])))
    return ["--use-compress-program", "zstd -d"];
  if (archive[0] === 0x1f && archive[1] === 0x8b) return ["-z"];
  throw new Error("cache archive is neither zstd nor gzip compressed");
}

export function archiveFormat(archive: Buffer): "zstd" | "gzip" {
  return decompressor(archive)[0] === "-z" ? "gzip" : "zstd";
}

/** Extracts a cache archive into dir and returns the names it holds (as tar lists them). */
export async function extractTar(archive: Buffer, dir: string): Promise<string[]> {
  const scratch = mkdtempSync(join(tmpdir(), "cache-archive-"));
  try {
    const file = join(scratch, "archive");
    writeFileSync(file, archive);
    const how = decompressor(archive);
    const listing = await run("tar", [...how, "-tf", file]);
    mkdirSync(dir, { recursive: true });
    await run("tar", [...how, "-xf", file, "-C", dir]);
    return listing.stdout.split("\n").filter((line) => line !== "");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** An archive member: the file's bytes, or a symbolic link (as a hostile entry could hold). */
export type Member = Buffer | { symlink: string };

/** A tar.zst of the given files (relative names), made the way @actions/cache makes one. */
export async function createTarZst(files: Record<string, Member>): Promise<Buffer> {
  const scratch = mkdtempSync(join(tmpdir(), "cache-archive-"));
  try {
    const root = join(scratch, "root");
    for (const [name, member] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      if (Buffer.isBuffer(member)) writeFileSync(join(root, name), member);
      else symlinkSync(member.symlink, join(root, name));
    }
    const out = join(scratch, "cache.tzst");
    await run("tar", [
      "--posix",
      "--use-compress-program",
      "zstdmt",
      "-cf",
      out,
      "-C",
      root,
      ...Object.keys(files),
    ]);
    return readFileSync(out);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * One member of a hand-made archive: any header tar can carry (absolute names, `..`, links, devices). A
 * `header.size` larger than the body makes a header that promises more data than the archive holds: the
 * archive then ends right after that member's body.
 */
export interface RawMember {
  header: Partial<Header> & { name: string };
  body?: Buffer;
}

const BLOCK = 512;
const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;

/** The blocks of one member (its pax header, if any, its header, its body), without the end-of-archive blocks. */
async function memberBlocks(m: RawMember): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on("data", (c: unknown) => void chunks.push(c as Buffer));
  const ended = new Promise<void>((done, fail) => tar.on("end", done).on("error", fail));
  const body = m.body ?? Buffer.alloc(0);
  tar.entry({ ...m.header, size: body.length }, body);
  tar.finalize();
  await ended;
  const blocks = Buffer.concat(chunks);
  return blocks.subarray(0, blocks.length - 2 * BLOCK);
}

/** Rewrites the size field (and checksum) of the ustar header at offset. */
function declareSize(blocks: Buffer, offset: number, size: number): void {
  const header = blocks.subarray(offset, offset + BLOCK);
  header.write(`${size.toString(8).padStart(11, "0")}\0`, 124, 12, "latin1");
  header.fill(0x20, 148, 156);
  const sum = header.reduce((a, b) => a + b, 0);
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "latin1");
}

/** A tar.zst of exactly these members, header for header, as a hostile cache entry could hold: nothing is normalised. */
export async function createRawTarZst(members: RawMember[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  let complete = true;
  for (const m of members) {
    const blocks = await memberBlocks(m);
    const body = m.body?.length ?? 0;
    parts.push(blocks);
    if (m.header.size !== undefined && m.header.size !== body) {
      declareSize(blocks, blocks.length - padded(body) - BLOCK, m.header.size);
      complete = false;
      break;
    }
  }
  if (complete) parts.push(Buffer.alloc(2 * BLOCK));
  return zstd(Buffer.concat(parts));
}

function zstd(input: Buffer): Promise<Buffer> {
  return new Promise((done, fail) => {
    const child = spawn("zstd", ["-q", "-c"], { stdio: ["pipe", "pipe", "inherit"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.on("error", fail);
    child.on("close", (code) =>
      code === 0 ? done(Buffer.concat(out)) : fail(new Error(`zstd exited ${code}`)),
    );
    child.stdin.end(input);
  });
}

interface ZipEntry {
  fileName: string;
}
interface ZipFile {
  readEntry(): void;
  on(event: "entry", listener: (entry: ZipEntry) => void): this;
  on(event: "end", listener: () => void): this;
  on(event: "error", listener: (error: Error) => void): this;
  openReadStream(
    entry: ZipEntry,
    callback: (error: Error | null, stream?: NodeJS.ReadableStream) => void,
  ): void;
}
interface Yauzl {
  fromBuffer(
    buffer: Buffer,
    options: { lazyEntries: true },
    callback: (error: Error | null, zip?: ZipFile) => void,
  ): void;
}
const yauzl = createRequire(import.meta.url)("yauzl") as Yauzl;

/** The files of a zip (directories left out), name -> bytes. */
export function unzip(archive: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(archive, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error("not a zip"));
      const files = new Map<string, Buffer>();
      zip.on("error", reject);
      zip.on("end", () => resolve(files));
      zip.on("entry", (entry) => {
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", reject);
          stream.on("end", () => (files.set(entry.fileName, Buffer.concat(chunks)), zip.readEntry()));
        });
      });
      zip.readEntry();
    });
  });
}

/**
 * The tar archive of `jux cache export --format tar` (POSIX ustar, through tar-stream, already a dependency): one
 * regular file `<hash>.xml` per report (its original bytes) and `manifest.json`, nothing else. Read back as hostile
 * input: every member's header is checked BEFORE anything is imported (a link, a directory, `..`, an unknown name,
 * a size over the limits: the whole archive is refused), then the members are read one at a time, each bounded.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Writable } from "node:stream";
import { extract, pack, type Header } from "tar-stream";
import { drained } from "../fs/drained.js";
import { DEFAULT_LIMITS } from "../xml/reader.js";

export const MANIFEST = "manifest.json";
export const MANIFEST_FORMAT = "jux-cache-export";
export const MANIFEST_VERSION = 1;
/** A member named as a report: the canonical hash it claims (checked on import, never trusted). */
export const REPORT_MEMBER = /^([0-9a-f]{64})\.xml$/;

export interface TarLimits {
  /** Members of any kind. */
  members: number;
  /** Declared size of one report (the strict reader refuses larger ones anyway). */
  memberBytes: number;
  /** The manifest is JSON parsed whole: bounded on its own. */
  manifestBytes: number;
}

export const TAR_LIMITS: TarLimits = {
  members: 1_000_001,
  memberBytes: Math.min(DEFAULT_LIMITS.maxBytes, 2 ** 31 - 1),
  manifestBytes: 256 * 1024 ** 2,
};

/** The archive holds something an export never does: nothing of it is imported. */
export class ArchiveRefused extends Error {
  override name = "ArchiveRefused";
  readonly code = "ARCHIVE_REFUSED";
}

/** A member to write: its name and bytes, and its time. */
export interface TarMember {
  name: string;
  bytes: Buffer;
  mtime: Date;
}

/** Writes members into `out` as a ustar archive (mode 0600, owner 0), one in memory at a time. */
export async function writeTar(out: Writable, members: AsyncIterable<TarMember>): Promise<number> {
  const packer = pack();
  const copying = (async () => {
    for await (const chunk of packer as AsyncIterable<Buffer>) {
      out.write(chunk);
      await drained(out);
    }
  })();
  let n = 0;
  try {
    for await (const m of members) {
      await new Promise<void>((done, fail) =>
        packer.entry(
          {
            name: m.name,
            size: m.bytes.length,
            mode: 0o600,
            mtime: m.mtime,
            type: "file",
            uname: "",
            gname: "",
          },
          m.bytes,
          (e) => (e ? fail(e) : done()),
        ),
      );
      n++;
    }
    packer.finalize();
  } catch (e) {
    packer.destroy(e as Error);
    await copying.catch(() => undefined);
    throw e;
  }
  await copying;
  return n;
}

const quoted = (name: string) => JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}…` : name);

/** A tar member's type (tar-stream's header.type) as a message names it; "file" is the one type taken. */
export const TAR_MEMBER_KIND: Readonly<Record<string, string>> = {
  link: "a hard link",
  symlink: "a symbolic link",
  directory: "a directory",
  "character-device": "a character device",
  "block-device": "a block device",
  fifo: "a fifo",
  "contiguous-file": "a contiguous file",
};

/** Why a member may not be in an export, or undefined when it may. */
function refusal(header: Header, limits: TarLimits): string | undefined {
  const { name, type, size = 0 } = header;
  if (type !== "file") return `member ${quoted(name)} is ${TAR_MEMBER_KIND[type ?? ""] ?? `of type ${type}`}`;
  if (name.includes("/") || name.includes("\\") || name === ".." || name === ".")
    return `member ${quoted(name)} has a path (an export holds files at its top only; ".." and "/" are refused)`;
  if (name !== MANIFEST && !REPORT_MEMBER.test(name))
    return `member ${quoted(name)} is neither ${MANIFEST} nor a report named <canonical hash>.xml`;
  const max = name === MANIFEST ? limits.manifestBytes : limits.memberBytes;
  if (size > max)
    return `member ${quoted(name)} is ${size} bytes, over the ${max}-byte limit${name === MANIFEST ? "" : " (--max-size)"}`;
  return undefined;
}

/** Members of the archive in order, each with a function reading its bytes (within its checked size). */
async function* members(
  file: string,
): AsyncGenerator<{ header: Header; read: () => Promise<Buffer>; skip: () => void }> {
  const reader = extract();
  const source = createReadStream(file);
  source.on("error", (e) => reader.destroy(e));
  source.pipe(reader);
  try {
    for await (const entry of reader) {
      let consumed = false;
      yield {
        header: entry.header,
        read: async () => {
          consumed = true;
          const parts: Buffer[] = [];
          for await (const chunk of entry as AsyncIterable<Buffer>) parts.push(chunk);
          return Buffer.concat(parts);
        },
        skip: () => {
          consumed = true;
          entry.resume();
        },
      };
      if (!consumed) entry.resume();
    }
  } finally {
    source.destroy();
    reader.destroy();
  }
}

/**
 * Checks every member header of the archive at `file` without reading any data: throws ArchiveRefused naming the
 * first member an export never holds (or a repeated name, too many members). Returns the names in order.
 */
export async function checkArchive(file: string, limits: TarLimits = TAR_LIMITS): Promise<string[]> {
  if (!(await stat(file)).isFile()) throw new ArchiveRefused(`${file} is not a regular file`);
  const names: string[] = [];
  const seen = new Set<string>();
  try {
    for await (const m of members(file)) {
      m.skip();
      if (names.length >= limits.members)
        throw new ArchiveRefused(`it has more than ${limits.members} members`);
      const why = refusal(m.header, limits);
      if (why) throw new ArchiveRefused(why);
      if (seen.has(m.header.name)) throw new ArchiveRefused(`member ${quoted(m.header.name)} appears twice`);
      seen.add(m.header.name);
      names.push(m.header.name);
    }
  } catch (e) {
    if (e instanceof ArchiveRefused) throw e;
    throw new ArchiveRefused(`it is not a readable tar archive (${(e as Error).message})`, { cause: e });
  }
  return names;
}

/** The members' bytes in order, for an archive checkArchive accepted (each read whole, one at a time). */
export async function* readMembers(
  file: string,
  limits: TarLimits = TAR_LIMITS,
): AsyncGenerator<{ name: string; bytes: Buffer }> {
  for await (const m of members(file)) {
    if (refusal(m.header, limits)) throw new ArchiveRefused(`${file} changed while it was read`);
    yield { name: m.header.name, bytes: await m.read() };
  }
}

/** Whether `head` (the first 512 bytes of a file) is a ustar header. */
export function looksLikeTar(head: Buffer): boolean {
  return head.length >= 262 && head.subarray(257, 262).toString("latin1") === "ustar";
}

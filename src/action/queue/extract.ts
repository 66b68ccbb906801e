/**
 * Extracts a queue entry's tar archive without trusting it: a streaming reader that writes only regular files
 * directly under the queue directory, each into a fresh directory, and refuses every path that could land
 * anywhere else. @actions/cache would run `tar -P` over the same bytes, which writes wherever the archive says.
 */
import { open } from "node:fs/promises";
import { join } from "node:path";
import { extract, type Extract, type Header } from "tar-stream";
import { DEFAULT_LIMITS } from "../../core/xml/reader.js";
import { STAGING } from "./layout.js";
import { TarBounds } from "./tar-bounds.js";
import { errorMessage } from "../../core/errors.js";
import { TAR_MEMBER_KIND } from "../../core/transfer/tar.js";

export interface ArchiveLimits {
  /** Members of any type. A genuine entry holds one file per waiting report plus two small JSON files. */
  members: number;
  /** Declared size of one member. */
  memberBytes: number;
  /** Declared sizes of all members together. */
  totalBytes: number;
}

/** A member's header, pax header and padding, as GNU tar --posix writes them for a short name, with room to spare. */
const HEADER_BYTES = 3 * 1024;

export const QUEUE_ARCHIVE_LIMITS: ArchiveLimits = {
  // 100 000 waiting reports is far beyond any real backlog (each is a whole test run's report).
  members: 100_000,
  // The strict reader refuses a larger report, so no genuine queued report can be larger; and Node.js reads no
  // larger file into one buffer (2^31 - 1 bytes).
  memberBytes: Math.min(DEFAULT_LIMITS.maxBytes, 2 ** 31 - 1),
  // Twice the largest report: room for a real backlog, still bounded on a runner's disk (~14 GB free).
  totalBytes: 2 * DEFAULT_LIMITS.maxBytes,
};

/** The archive holds something a genuine queue entry never does: nothing of it may be trusted. */
export class EntryRefused extends Error {
  override name = "EntryRefused";
  readonly code = "QUEUE_ENTRY_REFUSED";
}

/** A file could not be written into the staging directory (disk full, say): the entry is not to blame. */
export class StagingFailed extends Error {
  override name = "StagingFailed";
  readonly code = "QUEUE_STAGING_FAILED";
}

export interface ExtractedEntry {
  /** Names of the regular files written into the directory (one path component each). */
  files: string[];
  /** Members inside the queue directory that were not extracted (links, directories, devices...), by name. */
  setAside: { file: string; reason: string }[];
}

const quoted = (name: string) => JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name);

/** The member's path components below the queue directory, or throws why the path is not one of its own. */
function componentsOf(name: string): string[] {
  const path = name.replace(/\/+$/, "");
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path))
    throw new EntryRefused(`member ${quoted(name)} has an absolute path`);
  if (path.includes("\\")) throw new EntryRefused(`member ${quoted(name)} has a backslash in its path`);
  // A name is printed in the log, where a line break would start a workflow command.
  if ([...path].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f)))
    throw new EntryRefused(`member ${quoted(name)} has a control character in its path`);
  const parts = path.split("/");
  if (parts.includes("..")) throw new EntryRefused(`member ${quoted(name)} has a ".." component`);
  if (parts.some((p) => p === "" || p === "."))
    throw new EntryRefused(`member ${quoted(name)} has an empty or "." component`);
  if (parts[0] !== STAGING)
    throw new EntryRefused(`member ${quoted(name)} is outside the queue directory ${STAGING}/`);
  return parts.slice(1);
}

class Budget {
  private members = 0;
  private bytes = 0;
  constructor(private readonly limits: ArchiveLimits) {}

  take(header: Header): void {
    const size = header.type === "directory" ? 0 : header.size;
    if (++this.members > this.limits.members)
      throw new EntryRefused(`it has more than ${this.limits.members} members`);
    if (size > this.limits.memberBytes)
      throw new EntryRefused(
        `member ${quoted(header.name)} is ${size} bytes, over the ${this.limits.memberBytes}-byte limit per file`,
      );
    this.bytes += size;
    if (this.bytes > this.limits.totalBytes)
      throw new EntryRefused(`its members hold more than ${this.limits.totalBytes} bytes in all`);
  }
}

const staging = (path: string) => (e: unknown) => {
  throw new StagingFailed(`${path} could not be written: ${errorMessage(e)}`);
};

async function writeExclusive(path: string, data: AsyncIterable<unknown>): Promise<void> {
  // wx: O_CREAT | O_EXCL, so nothing that already exists (a link included) is ever followed or replaced.
  const handle = await open(path, "wx", 0o600).catch(staging(path));
  try {
    for await (const chunk of data) await handle.write(chunk as Buffer).catch(staging(path));
  } finally {
    await handle.close();
  }
}

/** What to do with one member: write it, set it aside by name (once per name), or read past it. */
type Placement = { write: string } | { setAside: string; reason: string } | { skip: true };

/** Decides a member's fate from its header alone, or throws EntryRefused. */
/** A name as a case-insensitive, normalizing file system (macOS, Windows) sees it: two names, one file. */
const folded = (name: string) => name.normalize("NFC").toUpperCase().toLowerCase().normalize("NFC");

class Layout {
  /** Folded name → the name first written, or set aside. */
  private readonly written = new Map<string, string>();
  private readonly aside = new Map<string, string>();

  place(header: Header): Placement {
    const [top, ...deeper] = componentsOf(header.name);
    if (top === undefined) {
      if (header.type === "directory") return { skip: true };
      throw new EntryRefused(
        `the queue directory ${STAGING} is ${TAR_MEMBER_KIND[header.type] ?? "not a directory"}`,
      );
    }
    const key = folded(top);
    const first = this.written.get(key) ?? this.aside.get(key);
    if (deeper.length === 0 && first !== undefined)
      throw new EntryRefused(
        `member ${quoted(header.name)} appears twice` +
          (first === top
            ? ""
            : ` (as ${quoted(first)}: one file where case and Unicode normalization are ignored)`),
      );
    if (deeper.length > 0 && this.written.has(key))
      throw new EntryRefused(`member ${quoted(header.name)} is below the file ${this.written.get(key)}`);
    if (deeper.length === 0 && header.type === "file") {
      this.written.set(key, top);
      return { write: top };
    }
    if (this.aside.has(key)) return { skip: true };
    this.aside.set(key, top);
    const kind =
      deeper.length === 0 ? (TAR_MEMBER_KIND[header.type] ?? `of type ${header.type}`) : `inside ${top}/`;
    return { setAside: top, reason: `not a regular file (${kind}): not read` };
  }
}

/**
 * What tar-stream applied from extended headers that a genuine entry (GNU tar --posix, sizes under 8 GiB) never
 * has: a pax size (the bounds' own scan of the record could read it differently) or a global header.
 */
function refuseExtended(header: Header, bounds: TarBounds): void {
  if (bounds.globalHeader)
    throw new EntryRefused("it has a global extended header, which a genuine entry never has");
  // tar-stream sets pax (null without one) but its types do not declare it.
  const { pax } = header as { pax?: Record<string, string> | null };
  if (pax?.size !== undefined)
    throw new EntryRefused("an extended header overrides a member's size, which a genuine entry never does");
}

/**
 * Reads a tar stream into dir (fresh and empty): regular files directly under the queue directory are written
 * there with mode 0600; any other member inside the queue directory is set aside by name, unread; a member
 * anywhere else, a repeated name, or the limits exceeded refuse the whole entry (EntryRefused).
 */
export async function extractQueueTar(
  tar: AsyncIterable<Buffer>,
  dir: string,
  limits: ArchiveLimits = QUEUE_ARCHIVE_LIMITS,
): Promise<ExtractedEntry> {
  const got: ExtractedEntry = { files: [], setAside: [] };
  const budget = new Budget(limits);
  const layout = new Layout();
  const reader = extract();
  const bounds = new TarBounds(streamBytes(limits));
  const feeding = feed(tar, reader, bounds).then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
  try {
    for await (const member of reader) {
      refuseExtended(member.header, bounds);
      budget.take(member.header);
      const placed = layout.place(member.header);
      if ("write" in placed) {
        await writeExclusive(join(dir, placed.write), member);
        got.files.push(placed.write);
        continue;
      }
      if ("setAside" in placed) got.setAside.push({ file: placed.setAside, reason: placed.reason });
      for await (const chunk of member) void chunk;
    }
  } catch (e) {
    reader.destroy();
    const source = await feeding;
    if (e instanceof EntryRefused || e instanceof StagingFailed) throw e;
    // The source's own failure (the decompressor's verdict, or why it could not run) says more than the parser's.
    if (source !== undefined) throw source;
    throw new EntryRefused(`it is not a readable tar archive (${errorMessage(e)})`);
  }
  const source = await feeding;
  if (source !== undefined) throw source;
  return got;
}

/** The most decompressed bytes an archive within limits can take: its members, their headers and padding. */
export function streamBytes(limits: ArchiveLimits): number {
  return limits.totalBytes + limits.members * HEADER_BYTES + 1024 ** 2;
}

/** Waits until the parser takes more, or is gone; removes both listeners (a wait per chunk would pile them up). */
function drained(reader: Extract): Promise<void> {
  return new Promise<void>((done) => {
    const settle = () => {
      reader.off("drain", settle);
      reader.off("close", settle);
      done();
    };
    reader.on("drain", settle);
    reader.on("close", settle);
  });
}

/**
 * Writes the source into the parser up to the end-of-archive marker (bounds checks each byte); stops, closing
 * the source, as soon as the parser is destroyed or what follows the marker is more than padding.
 */
async function feed(tar: AsyncIterable<Buffer>, reader: Extract, bounds: TarBounds): Promise<void> {
  try {
    for await (const chunk of tar) {
      if (reader.destroyed) return;
      const part = bounds.take(chunk);
      if (part.length === 0) continue;
      if (!reader.write(part)) await drained(reader);
    }
    reader.end(undefined);
  } catch (e) {
    reader.destroy(e as Error);
    throw e;
  }
}

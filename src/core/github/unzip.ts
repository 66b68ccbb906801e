/**
 * An artifact's zip read as hostile input (yauzl): every entry is checked before anything is written, and the
 * artifact is refused whole for a link, a device, a path that is absolute or climbs out (`..`), a backslash, a
 * control character, a repeated name (also one that differs only in case or Unicode form), an encrypted entry, more
 * entries or bytes than the limits, or data that does not match its declared size (a zip bomb). Then only its
 * `.xml` files are written, as plain files, into a fresh directory; nothing in it is ever run.
 */
import { mkdir, open as openFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import { errorMessage } from "../errors.js";
import { CONTROL_CHARACTERS } from "../text.js";

export interface ZipLimits {
  /** Entries in one zip (directories included). */
  maxEntries: number;
  /** Uncompressed bytes of one file. */
  maxFileBytes: number;
  /** Uncompressed bytes of the zip's `.xml` files together (what is left of the run's budget). */
  maxTotalBytes: number;
}

/** A zip refused whole; the message names the artifact, the entry and the problem. */
export class ArtifactRefused extends Error {
  override name = "ArtifactRefused";
  readonly code = "ARTIFACT_REFUSED";
}

export interface Extracted {
  /** The `.xml` files written, by their name in the zip. */
  files: { name: string; path: string }[];
  /** Files left out (not `.xml`). */
  ignored: string[];
  bytes: number;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const MAX_NAME = 1024;

type LowLevel = (flags: number, raw: Buffer, extra: yauzl.ExtraField[], strict: boolean) => string;
const fileNameOf = (yauzl as unknown as { getFileNameLowLevel: LowLevel }).getFileNameLowLevel;

/** Why an entry's name cannot be written below a root, or undefined. */
export function nameProblem(name: string): string | undefined {
  if (name === "" || name.length > MAX_NAME) return `a name of ${name.length} characters`;
  if (CONTROL_CHARACTERS.test(name)) return "a control character in its name";
  if (name.includes("\\")) return "a backslash in its name";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "an absolute path";
  const parts = name.replace(/\/$/, "").split("/");
  if (parts.includes("..")) return "a path climbing out of the artifact (..)";
  if (parts.some((p) => p === "" || p === ".")) return "an empty or `.` path component";
  if (parts.some((p) => Buffer.byteLength(p) > 255)) return "a path component over 255 bytes";
  return undefined;
}

/** The file type an entry's Unix mode says (0 when it says none: a DOS attribute). */
const typeOf = (entry: yauzl.Entry): number => (entry.externalFileAttributes >>> 16) & S_IFMT;

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((done, fail) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (e, zip) => (e ? fail(e) : done(zip)),
    ),
  );
}

/** What @actions/artifact refuses in a file's path: each becomes `-` (`TEST-a:b.xml` is kept as `TEST-a-b.xml`). */
export const artifactSafe = (name: string) => name.replace(/[":<>|*?]/g, "-");

/** The same file on a case-insensitive or normalizing file system. */
const folded = (name: string) => name.normalize("NFC").toLowerCase().replace(/\/$/, "");

interface Planned {
  entry: yauzl.Entry;
  name: string;
}

/** Reads the central directory and checks every entry; returns the `.xml` files to write. */
async function plan(zip: yauzl.ZipFile, limits: ZipLimits, refuse: (m: string) => Error) {
  if (zip.entryCount > limits.maxEntries)
    throw refuse(`${zip.entryCount} entries, over the limit of ${limits.maxEntries}`);
  const seen = new Set<string>();
  const files: Planned[] = [];
  const ignored: string[] = [];
  let total = 0;
  let last: string | undefined;
  const entries = zip.eachEntry();
  for (;;) {
    let next: IteratorResult<yauzl.Entry>;
    try {
      next = await entries.next();
    } catch (e) {
      // yauzl's own checks of the directory (a stored entry whose sizes differ, a bad offset) name no entry.
      const where = last === undefined ? "its first entry" : `the entry after ${JSON.stringify(last)}`;
      throw refuse(`${where}: ${errorMessage(e)}`);
    }
    if (next.done) break;
    const entry = next.value;
    const name = fileNameOf(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
    last = name;
    const at = (why: string) => refuse(`entry ${JSON.stringify(name)}: ${why}`);
    const problem = nameProblem(name);
    if (problem) throw at(problem);
    const type = typeOf(entry);
    if (type === S_IFLNK) throw at("a symbolic link");
    const directory = name.endsWith("/") || type === S_IFDIR;
    if (type !== 0 && type !== S_IFREG && !directory) throw at("not a regular file (a device, a pipe ...)");
    // Written under a name an artifact may hold (the signed reports' artifact would refuse the file otherwise).
    const key = folded(artifactSafe(name));
    if (seen.has(key)) throw at("a name that another entry has (maybe in another case or Unicode form)");
    seen.add(key);
    if (entry.isEncrypted()) throw at("encrypted");
    if (directory) continue;
    if (!name.toLowerCase().endsWith(".xml")) {
      ignored.push(name);
      continue;
    }
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
      throw at(`compression method ${entry.compressionMethod} (only stored and deflated entries are read)`);
    if (entry.uncompressedSize > limits.maxFileBytes)
      throw at(`${entry.uncompressedSize} bytes, over the ${limits.maxFileBytes}-byte limit of one report`);
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes)
      throw at(`the reports pass the ${limits.maxTotalBytes} bytes left of the limit on all reports`);
    files.push({ entry, name: artifactSafe(name) });
  }
  // A file that is also a directory of another entry (a and a/b): the second could not be written.
  const written = new Set(files.map((f) => folded(f.name)));
  for (const key of seen)
    for (let i = key.indexOf("/"); i > 0; i = key.indexOf("/", i + 1))
      if (written.has(key.slice(0, i)))
        throw refuse(`entry ${JSON.stringify(key)}: inside a path that another entry is a file at`);
  return { files, ignored, total };
}

/** Fails once more than the declared bytes come out (yauzl checks it too): data larger than it says is a bomb. */
function bounded(declared: number, fail: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > declared ? fail() : null, chunk);
    },
  });
}

/** Entries read whole into memory and written in one call (fewer file-system round trips); larger ones stream. */
const SMALL = 1024 ** 2;
/** Entries written at once: the work is mostly waiting on the file system. */
const PARALLEL = 8;

/** Writes one entry, created (O_EXCL: never through something already there) with mode 0600. */
async function write(zip: yauzl.ZipFile, p: Planned, path: string, refuse: (m: string) => Error) {
  const at = () => refuse(`entry ${JSON.stringify(p.name)}: more data than its declared size (a zip bomb?)`);
  const stream = await zip.openReadStreamPromise(p.entry);
  if (p.entry.uncompressedSize <= SMALL) {
    const chunks: Buffer[] = [];
    await pipeline(stream, bounded(p.entry.uncompressedSize, at), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) chunks.push(chunk);
    });
    await writeFile(path, Buffer.concat(chunks), { flag: "wx", mode: 0o600 });
    return;
  }
  const out = await openFile(path, "wx", 0o600);
  try {
    await pipeline(stream, bounded(p.entry.uncompressedSize, at), out.createWriteStream());
  } finally {
    await out.close().catch(() => undefined);
  }
}

/** Writes the planned entries below root, PARALLEL at a time; the first failure stops the rest and is thrown. */
async function writeAll(zip: yauzl.ZipFile, planned: Planned[], root: string, refuse: (m: string) => Error) {
  const made = new Map<string, Promise<unknown>>();
  const paths: string[] = [];
  let next = 0;
  let failure: { e: unknown; name: string } | undefined;
  const worker = async () => {
    while (failure === undefined && next < planned.length) {
      const i = next++;
      const p = planned[i]!;
      const path = join(root, p.name);
      try {
        const dir = dirname(path);
        if (!made.has(dir)) made.set(dir, mkdir(dir, { recursive: true, mode: 0o700 }));
        await made.get(dir);
        await write(zip, p, path, refuse);
        paths[i] = path;
      } catch (e) {
        failure ??= { e, name: p.name };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, planned.length) }, worker));
  if (failure) {
    const { e, name } = failure;
    throw e instanceof ArtifactRefused ? e : refuse(`entry ${JSON.stringify(name)}: ${errorMessage(e)}`);
  }
  return planned.map((p, i) => ({ name: p.name, path: paths[i]! }));
}

/**
 * Checks the zip at `zipPath` (`what` names it in messages) and writes its `.xml` files below `root`, a fresh
 * directory. Throws ArtifactRefused for a zip that is refused whole; nothing of it is then used.
 */
export async function extractReports(
  zipPath: string,
  root: string,
  limits: ZipLimits,
  what: string,
): Promise<Extracted> {
  const refuse = (m: string) =>
    new ArtifactRefused(
      `${what} refused, nothing of it signed: ${m}. Upload only the JUnit XML files (actions/upload-artifact or this action without a key make such an artifact)`,
    );
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (e) {
    throw refuse(`not a readable zip (${errorMessage(e)})`);
  }
  try {
    const planned = await plan(zip, limits, refuse).catch((e: unknown) => {
      throw e instanceof ArtifactRefused ? e : refuse(errorMessage(e));
    });
    let files: Extracted["files"];
    try {
      files = await writeAll(zip, planned.files, root, refuse);
    } catch (e) {
      // Refused whole: what was written of it goes too.
      for (const top of new Set(planned.files.map((f) => f.name.split("/")[0]!)))
        await rm(join(root, top), { recursive: true, force: true });
      throw e;
    }
    return { files, ignored: planned.ignored, bytes: planned.total };
  } finally {
    zip.close();
  }
}

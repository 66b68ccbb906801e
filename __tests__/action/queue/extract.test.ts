/**
 * The queue entry reader in-process, over crafted tar streams: what a genuine @actions/cache archive holds is
 * extracted into the given directory only; every path that could land elsewhere refuses the entry; links,
 * devices and directories are set aside unread; the limits hold.
 */
import { describe, expect, jest, test } from "@jest/globals";
import { EventEmitter } from "node:events";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  EntryRefused,
  extractQueueTar,
  QUEUE_ARCHIVE_LIMITS,
  type ArchiveLimits,
} from "../../../src/action/queue/extract.js";
import { TRAILING_BYTES } from "../../../src/action/queue/tar-bounds.js";
import type { Collected, CollectOptions } from "../../../src/action/queue/collected.js";
import type { ReportStore } from "../../../src/core/store/store.js";
import { chunked, file, fresh, root, STAGING, tarOf, type Member } from "../../helpers/queue-tar.js";

async function extractMembers(members: Member[], limits?: ArchiveLimits) {
  const dir = fresh();
  const got = await extractQueueTar(chunked(await tarOf(members)), dir, limits);
  return { dir, got, listing: readdirSync(dir).sort() };
}

async function refusal(members: Member[] | Buffer, limits?: ArchiveLimits): Promise<string> {
  const dir = fresh();
  const bytes = Buffer.isBuffer(members) ? members : await tarOf(members);
  const error = await extractQueueTar(chunked(bytes), dir, limits).then(
    () => new Error("extracted"),
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(EntryRefused);
  return error.message;
}

describe("genuine entries", () => {
  test("the limits are far above a real queue", () => {
    expect(QUEUE_ARCHIVE_LIMITS.members).toBe(100_000);
    expect(QUEUE_ARCHIVE_LIMITS.memberBytes).toBe(2 ** 31 - 1); // the largest file Node.js reads into a buffer
    expect(QUEUE_ARCHIVE_LIMITS.totalBytes).toBe(4 * 1024 ** 3);
  });
});

describe("paths that could land outside the directory refuse the entry; nothing is written there", () => {
  const unique = `${process.pid}-${Date.now()}`;
  test.each([
    ["an absolute path", `/tmp/jux-extract-${unique}/pwned`, "has an absolute path"],
    [
      "a long absolute path (pax header)",
      `/tmp/jux-extract-${unique}/${"d".repeat(200)}/pwned`,
      "absolute path",
    ],
    ["a .. component", `${STAGING}/../../jux-extract-${unique}`, 'has a ".." component'],
    ["a leading ..", `../jux-extract-${unique}`, 'has a ".." component'],
    ["a . component", `./${STAGING}/x`, 'has an empty or "." component'],
    ["a drive letter", `C:/jux-extract-${unique}`, "absolute path"],
    ["a backslash", `${STAGING}\\..\\x`, "backslash"],
    ["a line break (a workflow command in the log)", `${STAGING}/x\n::error::forged`, "control character"],
    ["another directory", `other/${unique}`, `outside the queue directory ${STAGING}/`],
  ])("%s", async (_what, name, reason) => {
    expect(await refusal([root, file(`${STAGING}/ok.xml`), file(name, "pwned")])).toContain(reason);
    expect(existsSync(`/tmp/jux-extract-${unique}`)).toBe(false);
  });

  test("the queue directory itself as a link (a file through it would go anywhere)", async () => {
    const target = fresh();
    const message = await refusal([
      { header: { name: STAGING, type: "symlink", linkname: target } },
      file(`${STAGING}/pwned`),
    ]);
    expect(message).toBe(`the queue directory ${STAGING} is a symbolic link`);
    expect(readdirSync(target)).toEqual([]);
  });

  test("a member twice, or a member below a file", async () => {
    expect(await refusal([root, file(`${STAGING}/a.xml`), file(`${STAGING}/a.xml`, "second")])).toContain(
      "appears twice",
    );
    expect(await refusal([root, file(`${STAGING}/a`), file(`${STAGING}/a/b`)])).toContain("below the file a");
  });

  test.each([
    ["case", "A.xml", "a.xml"],
    ["Unicode normalization (NFC, NFD)", "\u00e9.xml", "e\u0301.xml"],
    ["case folding beyond ASCII", "stra\u00dfe.xml", "STRASSE.xml"],
  ])(
    "two names that are one file where %s is ignored (macOS, Windows): refused as a repeated member",
    async (_what, one, two) => {
      const message = await refusal([root, file(`${STAGING}/${one}`), file(`${STAGING}/${two}`, "second")]);
      expect(message).toBe(
        `member ${JSON.stringify(`${STAGING}/${two}`)} appears twice (as ${JSON.stringify(one)}: one file where case and Unicode normalization are ignored)`,
      );
    },
  );

  test("bytes that are not a tar archive, and a truncated one", async () => {
    expect(await refusal(Buffer.from("not a tar archive at all ".repeat(40)))).toContain(
      "not a readable tar archive",
    );
    const whole = await tarOf([root, file(`${STAGING}/a.xml`, "y".repeat(5000))]);
    expect(await refusal(whole.subarray(0, 2048))).toContain("not a readable tar archive");
  });
});

describe("links, devices and directories inside the queue directory are set aside by name, never created", () => {
  test("a symbolic link pointing outside, then a file through it", async () => {
    const target = fresh();
    const { got, listing } = await extractMembers([
      root,
      file(`${STAGING}/good.xml`),
      { header: { name: `${STAGING}/escape`, type: "symlink", linkname: target } },
      file(`${STAGING}/escape/pwned`, "pwned"),
    ]);
    expect(listing).toEqual(["good.xml"]);
    expect(got.setAside).toEqual([
      { file: "escape", reason: "not a regular file (a symbolic link): not read" },
    ]);
    expect(readdirSync(target)).toEqual([]);
  });

  test("a hard link, devices, a fifo, a directory and what is inside it", async () => {
    const { got, listing } = await extractMembers([
      root,
      { header: { name: `${STAGING}/h.xml`, type: "link", linkname: "/etc/passwd" } },
      { header: { name: `${STAGING}/c`, type: "character-device", devmajor: 1, devminor: 3 } },
      { header: { name: `${STAGING}/b`, type: "block-device", devmajor: 8, devminor: 0 } },
      { header: { name: `${STAGING}/f`, type: "fifo" } },
      { header: { name: `${STAGING}/nested/`, type: "directory" } },
      file(`${STAGING}/nested/inner.xml`),
      file(`${STAGING}/deep/er/file.xml`),
    ]);
    expect(listing).toEqual([]);
    expect(got.setAside.map((s) => `${s.file}: ${s.reason}`)).toEqual([
      "h.xml: not a regular file (a hard link): not read",
      "c: not a regular file (a character device): not read",
      "b: not a regular file (a block device): not read",
      "f: not a regular file (a fifo): not read",
      "nested: not a regular file (a directory): not read",
      "deep: not a regular file (inside deep/): not read",
    ]);
  });
});

describe("limits (small ones injected here; the defaults are above)", () => {
  const limits = { members: 3, memberBytes: 10, totalBytes: 15 };
  test("too many members", async () => {
    const members = [root, file(`${STAGING}/a`), file(`${STAGING}/b`), file(`${STAGING}/c`)];
    expect(await refusal(members, limits)).toBe("it has more than 3 members");
    expect((await extractMembers(members.slice(0, 3), limits)).listing).toEqual(["a", "b"]);
  });

  test("an oversized member, refused from its header", async () => {
    expect(await refusal([root, file(`${STAGING}/a`, "y".repeat(11))], limits)).toBe(
      `member "${STAGING}/a" is 11 bytes, over the 10-byte limit per file`,
    );
  });

  test("too many bytes in all", async () => {
    expect(
      await refusal(
        [root, file(`${STAGING}/a`, "y".repeat(10)), file(`${STAGING}/b`, "y".repeat(6))],
        limits,
      ),
    ).toBe("its members hold more than 15 bytes in all");
  });
});

/** A raw ustar header block: a member of any type (pax headers included) with the size it declares. */
function headerBlock(name: string, type: string, size: number): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, "utf8");
  block.write("0000644\0", 100);
  block.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  block.write(type, 156);
  block.write("ustar\u000000", 257, "latin1");
  block.fill(" ", 148, 156);
  const sum = block.reduce((a, b) => a + b, 0);
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  return block;
}

describe("the decompressed stream is bounded, not only the sizes members declare", () => {
  /** The tar, then `zeros` bytes of zeros, counting how many bytes the reader pulled. */
  function padded(tar: Buffer, zeros: number) {
    const pulled = { bytes: 0 };
    async function* source(): AsyncGenerator<Buffer> {
      for await (const c of chunked(tar, 4096)) yield c;
      const block = Buffer.alloc(64 * 1024);
      for (let sent = 0; sent < zeros; sent += block.length) {
        pulled.bytes += block.length;
        yield block;
      }
    }
    return { source: source(), pulled };
  }

  test("zero blocks after the end-of-archive marker: refused once past the padding, the rest never read", async () => {
    const tar = await tarOf([root, file(`${STAGING}/a.xml`, "hello")]);
    const { source, pulled } = padded(tar, 1024 ** 3);
    const error = await extractQueueTar(source, fresh()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntryRefused);
    expect((error as Error).message).toBe(
      `it has more than ${TRAILING_BYTES} bytes after the end of the tar archive`,
    );
    expect(pulled.bytes).toBeLessThanOrEqual(2 * TRAILING_BYTES);
  });

  test("GNU tar's own padding to its 10 KiB record after the marker is accepted", async () => {
    const tar = await tarOf([root, file(`${STAGING}/a.xml`, "hello")]);
    const dir = fresh();
    const got = await extractQueueTar(padded(tar, 10240).source, dir);
    expect(got.files).toEqual(["a.xml"]);
  });

  test("bytes no member declares (extended headers) beyond the limits plus header overhead: refused", async () => {
    const limits = { members: 3, memberBytes: 10, totalBytes: 15 };
    const pax = Buffer.alloc(200 * 1024, "a");
    const blocks = [(await tarOf([root])).subarray(0, 512)];
    for (let i = 0; i < 8; i++) blocks.push(headerBlock("pax_global_header", "g", pax.length), pax);
    blocks.push(Buffer.alloc(1024));
    const message = await refusal(Buffer.concat(blocks), limits);
    expect(message).toMatch(/^it decompresses to more than \d+ bytes, more than its limits allow/);
  });
});

describe("what tar-stream would read differently from the bounds (extended headers)", () => {
  const padTo512 = (b: Buffer) => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
  const paxMember = (type: string, text: string) => {
    const body = Buffer.from(text, "latin1");
    return [headerBlock(`PaxHeader/${type}`, type, body.length), padTo512(body)];
  };
  const rootBlock = async () => (await tarOf([root])).subarray(0, 512);

  test("a pax size the bounds' scan misses (a record without its line break before it) refuses the entry", async () => {
    // tar-stream reads "7 a=bcX" as a=bc, then "13 size=1024\n": the member's data would be 1024 bytes, while
    // the bounds (and the header) say 0.
    const bytes = Buffer.concat([
      await rootBlock(),
      ...paxMember("x", "7 a=bcX13 size=1024\n"),
      headerBlock(`${STAGING}/a.xml`, "0", 0),
      Buffer.alloc(1024),
    ]);
    expect(await refusal(bytes)).toMatch(/overrides a member's size/);
  });

  test("a pax size tar-stream's pack writes refuses the entry", async () => {
    const members = [
      root,
      { header: { name: `${STAGING}/a.xml`, type: "file" as const, pax: { size: "5" } }, body: "hello" },
    ];
    expect(await refusal(members)).toMatch(/overrides a member's size/);
  });

  test("a global extended header (GNU tar --posix never writes one for a queue entry) refuses the entry", async () => {
    const bytes = Buffer.concat([
      await rootBlock(),
      ...paxMember("g", "16 comment=hey\n"),
      await tarOf([file(`${STAGING}/a.xml`, "hello")]),
    ]);
    expect(await refusal(bytes)).toMatch(/global extended header/);
  });
});

test("thousands of small files: each wait for the parser removes its listeners (no MaxListenersExceededWarning)", async () => {
  // The warning goes to the real process, which a test's process.on("warning") does not see under Jest: count
  // the listeners an emitter has each time one is added instead (the warning comes at 11).
  let most = 0;
  const { on, once } = EventEmitter.prototype;
  const counting = (add: typeof on) =>
    function (this: EventEmitter, type: string | symbol, listener: (...args: unknown[]) => void) {
      if (type === "close" || type === "drain") most = Math.max(most, this.listenerCount(type) + 1);
      return add.call(this, type, listener);
    };
  EventEmitter.prototype.on = counting(on);
  EventEmitter.prototype.once = counting(once);
  try {
    const members = [root];
    for (let i = 0; i < 3001; i++)
      members.push(file(`${STAGING}/${i.toString(16).padStart(64, "0")}.xml`, "<a/>"));
    const { got } = await extractMembers(members);
    expect(got.files).toHaveLength(3001);
  } finally {
    EventEmitter.prototype.on = on;
    EventEmitter.prototype.once = once;
  }
  expect(most).toBeLessThanOrEqual(EventEmitter.defaultMaxListeners);
});

test("restoring: an entry whose staging directory cannot be made is kept (a local failure), its archive disposed of; the next entry is still collected", async () => {
  const hash = "e".repeat(64);
  const archive = join(fresh(), "cache.tgz");
  writeFileSync(archive, gzipSync(await tarOf([root, file(`${STAGING}/${hash}.xml`, "<r/>")])));
  const disposed: string[] = [];
  // The download is stubbed (restore.js is imported after this, so it gets the stub).
  jest.unstable_mockModule("../../../src/action/queue/fetch.js", () => ({
    fetchArchive: (_paths: string[], key: string) =>
      Promise.resolve({
        key,
        file: archive,
        compression: "gzip",
        dispose: () => Promise.resolve(void disposed.push(key)),
      }),
  }));
  const { restoreEntry } = await import("../../../src/action/queue/restore.js");
  const notADirectory = join(fresh(), "file");
  writeFileSync(notADirectory, "");
  const put: string[] = [];
  const options = (runnerTemp: string): CollectOptions => ({
    prefix: "p-",
    workspace: fresh(),
    env: { RUNNER_TEMP: runnerTemp },
    store: {
      put: (_q: string, _b: Buffer, h: string) => Promise.resolve(void put.push(h)),
    } as unknown as ReportStore,
    vet: () => Promise.resolve({ hash }),
    quarantineDir: fresh(),
  });
  const got: Collected = {
    entries: [],
    superseded: [],
    pending: [],
    marked: { pending: [], markers: [] },
    lastAccessed: [],
    listed: true,
    reports: 0,
    names: new Map(),
    setAside: [],
    notes: [],
  };
  const wanted = (key: string) => ({ key, ref: "refs/heads/main", exact: true });
  await expect(restoreEntry(options(notADirectory), wanted("p-1"), got, new Set())).resolves.toBe(true);
  await expect(restoreEntry(options(fresh()), wanted("p-2"), got, new Set())).resolves.toBe(true);
  expect(disposed).toEqual(["p-1", "p-2"]);
  expect(got.entries.map((e) => e.key)).toEqual(["p-2"]);
  expect(got.notes).toEqual([
    expect.stringMatching(
      /^queue entry p-1 could not be collected \(.*ENOTDIR.*\); it is kept for a later run$/,
    ),
  ]);
  expect(put).toEqual([hash]);
});

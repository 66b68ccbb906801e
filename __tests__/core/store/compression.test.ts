/**
 * The store's compression (issue 14): reports kept as <hash>.xml.zst / .xml.gz / .xml, read back byte for byte
 * through the one read, old and mixed stores, damage quarantined, a zstd file on a runtime without zstd refused
 * with the fix, and recompress. zstd is what this Node.js writes where it has it, else gzip (Node.js 20).
 */
import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { hasZstd } from "../../../src/core/fs/compression.js";
import { readStored, StoreCodecError, type Compression } from "../../../src/core/store/codec.js";
import { ReportStore, StoreError } from "../../../src/core/store/store.js";
import { rejection } from "../../helpers/assert.js";
import { canonicalHash } from "../../helpers/jux.js";

const HAS_ZSTD = hasZstd();
/** What a store opened with compress = zstd writes on this runtime. */
const ZSTD_HERE: Compression = HAS_ZSTD ? "zstd" : "gzip";
const SUFFIX: Record<Compression, string> = { zstd: ".xml.zst", gzip: ".xml.gz", none: ".xml" };
const MAGIC: Record<Compression, number[]> = {
  zstd: [0x28, 0xb5, 0x2f, 0xfd],
  gzip: [0x1f, 0x8b],
  none: [0x3c],
};

/** A report of `cases` test cases (over 1 KiB from about 20), distinct by `id`, and its canonical hash. */
async function report(id: number, cases = 40): Promise<{ xml: Buffer; hash: string }> {
  const body = Array.from(
    { length: cases },
    (_, i) => `<testcase classname="pkg.mod${id}" name="test_case_${i}" time="0.0${i % 10}"/>`,
  ).join("\n    ");
  const xml = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="s${id}" tests="${cases}">\n` +
      `    <properties><property name="project" value="demo"/></properties>\n    ${body}\n  </testsuite>\n</testsuites>\n`,
  );
  return { xml, hash: await canonicalHash(xml) };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-store-compress-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function filesIn(base: string, area: string): string[] {
  return readdirSync(join(base, area)).filter((n) => !n.startsWith(".") && !n.endsWith(".json"));
}

describe("each compress mode: stored in its form, read back byte for byte", () => {
  for (const [compress, written] of [
    ["zstd", ZSTD_HERE],
    ["gzip", "gzip"],
    ["none", "none"],
  ] as const)
    test(`compress = ${compress}: <hash>${SUFFIX[written]} on disk (its magic bytes, mode 0600), read() gives the original, list() both sizes`, async () => {
      const base = join(dir, "s");
      const store = await ReportStore.open(base, { compress });
      expect(store.compression).toBe(written);
      const { xml, hash } = await report(1);
      const { created, entry } = await store.put("reports", xml, hash);
      expect(created).toBe(true);
      expect(filesIn(base, "reports")).toEqual([`${hash}${SUFFIX[written]}`]);
      const onDisk = readFileSync(join(base, "reports", `${hash}${SUFFIX[written]}`));
      expect([...onDisk.subarray(0, MAGIC[written].length)]).toEqual(MAGIC[written]);
      expect(statSync(entry.path).mode & 0o777).toBe(0o600);
      expect(entry.path).toBe(join(base, "reports", `${hash}${SUFFIX[written]}`));
      expect((await store.read("reports", hash)).equals(xml)).toBe(true);
      const [listed] = await store.list();
      expect(listed).toMatchObject({
        hash,
        compression: written,
        size: onDisk.length,
        originalSize: xml.length,
      });
      if (written !== "none") expect(onDisk.length).toBeLessThan(xml.length / 2);
      // Stored again: there already, nothing written.
      expect((await store.put("reports", xml, hash)).created).toBe(false);
      expect(filesIn(base, "reports")).toHaveLength(1);
    });

  test("a report under 1 KiB stays <hash>.xml whatever compress says", async () => {
    const base = join(dir, "s");
    const store = await ReportStore.open(base, { compress: "gzip" });
    const { xml, hash } = await report(2, 3);
    expect(xml.length).toBeLessThan(1024);
    await store.put("reports", xml, hash);
    expect(filesIn(base, "reports")).toEqual([`${hash}.xml`]);
  });

  test("cache mode's write: reports/ and queue/ one compressed file (two names); reject keeps its form", async () => {
    const base = join(dir, "s");
    const store = await ReportStore.open(base, { compress: "gzip" });
    const { xml, hash } = await report(3);
    await store.queueReport(xml, hash);
    const [kept, queued] = ["reports", "queue"].map((a) => join(base, a, `${hash}.xml.gz`));
    expect(statSync(kept!).ino).toBe(statSync(queued!).ino);
    expect((await store.read("queue", hash)).equals(xml)).toBe(true);
    await store.reject(hash, { status: 422, error: "no" });
    expect(filesIn(base, "rejected")).toEqual([`${hash}.xml.gz`]);
    expect(filesIn(base, "queue")).toEqual([]);
    expect((await store.read("rejected", hash)).equals(xml)).toBe(true);
    expect(await store.remove("rejected", hash)).toBe(true);
    expect(filesIn(base, "rejected")).toEqual([]);
  });
});

describe("old and mixed stores", () => {
  test("a store written with compress = none (pytest-jux's layout, its index.json) opened with zstd: listed, read, kept as it is", async () => {
    const old = join(dir, "old");
    const before = await ReportStore.open(old);
    const a = await report(4);
    await before.put("reports", a.xml, a.hash);
    await before.list();
    const base = join(dir, "copy");
    cpSync(old, base, { recursive: true });
    const store = await ReportStore.open(base, { compress: "zstd" });
    expect((await store.list()).map((e) => [e.hash, e.compression, e.originalSize])).toEqual([
      [a.hash, "none", a.xml.length],
    ]);
    expect((await store.read("reports", a.hash)).equals(a.xml)).toBe(true);
    // Stored again in a compressing store: the .xml there counts, no second file.
    expect((await store.put("reports", a.xml, a.hash)).created).toBe(false);
    const b = await report(5);
    await store.put("reports", b.xml, b.hash);
    expect(filesIn(base, "reports").sort()).toEqual(
      [`${a.hash}.xml`, `${b.hash}${SUFFIX[ZSTD_HERE]}`].sort(),
    );
    const stats = await store.stats();
    expect(stats.compression).toEqual({ zstd: 0, gzip: 0, ...{ [ZSTD_HERE]: 1 }, none: 1 });
    expect(stats.originalBytes).toBe(a.xml.length + b.xml.length);
    expect(stats.storedBytes).toBeLessThan(stats.originalBytes);
  });

  test("a file dropped in by pytest-jux with no index entry, and the index rebuilt: both forms found and read", async () => {
    const base = join(dir, "s");
    const store = await ReportStore.open(base, { compress: "gzip" });
    const a = await report(6);
    const b = await report(7);
    writeFileSync(join(base, "reports", `${a.hash}.xml`), a.xml, { mode: 0o600 });
    await store.put("reports", b.xml, b.hash);
    rmSync(join(base, "index.json"));
    await store.rebuildIndex();
    const entries = await store.list();
    expect(entries.map((e) => e.compression).sort()).toEqual(["gzip", "none"]);
    for (const r of [a, b]) expect((await store.read("reports", r.hash)).equals(r.xml)).toBe(true);
    // index.json records the original size of the compressed file (stats never decompress).
    const index = JSON.parse(readFileSync(join(base, "index.json"), "utf8")) as {
      areas: { reports: Record<string, { compression?: string; original_size?: number }> };
    };
    expect(index.areas.reports[b.hash]).toMatchObject({ compression: "gzip", original_size: b.xml.length });
    expect(index.areas.reports[a.hash]!.compression).toBeUndefined();
  });
});

describe("damage and runtimes", () => {
  test("a truncated .xml.gz is quarantined by read (keeping its suffix) with the reason", async () => {
    const base = join(dir, "s");
    const store = await ReportStore.open(base, { compress: "gzip" });
    const { xml, hash } = await report(8);
    const { entry } = await store.put("reports", xml, hash);
    writeFileSync(entry.path, readFileSync(entry.path).subarray(0, 40));
    const e = await rejection(store.read("reports", hash));
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toContain(`${entry.path}: its gzip data is damaged`);
    expect(e.message).toMatch(/moved to .*quarantine\/[0-9a-f]{64}\.\d{8}T\d{9}Z\.xml\.gz$/);
    expect(filesIn(base, "reports")).toEqual([]);
  });

  test("a .xml.gz that holds plain XML (not what its name says) is quarantined, never read as a report", async () => {
    const base = join(dir, "s");
    const store = await ReportStore.open(base);
    const { xml, hash } = await report(9);
    writeFileSync(join(base, "reports", `${hash}.xml.gz`), xml, { mode: 0o600 });
    const { good, quarantined } = await store.check("reports");
    expect(good).toEqual([]);
    expect(quarantined.map((q) => [q.name, q.reason])).toEqual([
      [`${hash}.xml.gz`, "its gzip data is damaged (it does not start with gzip's magic bytes)"],
    ]);
  });

  test("a gzip bomb (over the limit once decompressed) is refused while decompressing", async () => {
    const path = join(dir, "bomb.xml.gz");
    writeFileSync(path, gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20)));
    const e = await rejection(readStored(path, "gzip", { maxBytes: 1024 * 1024 }));
    expect(e).toBeInstanceOf(StoreCodecError);
    expect((e as StoreCodecError).code).toBe("too-large");
  });

  test("a small file read whole: a size field that lies, or a member appended, is damage (never more out than it records)", async () => {
    const xml = Buffer.from(`<testsuite name="s">${"<testcase name='t'/>".repeat(200)}</testsuite>\n`);
    const lowered = gzipSync(xml);
    lowered.writeUInt32LE(xml.length - 10, lowered.length - 4);
    writeFileSync(join(dir, "lowered.xml.gz"), lowered);
    const appended = Buffer.concat([gzipSync(Buffer.from("x")), gzipSync(xml)]);
    writeFileSync(join(dir, "appended.xml.gz"), appended);
    for (const name of ["lowered.xml.gz", "appended.xml.gz"]) {
      const e = await rejection(readStored(join(dir, name), "gzip"));
      expect(e).toBeInstanceOf(StoreCodecError);
      expect((e as StoreCodecError).code).toBe("corrupt");
    }
    expect(await readStored(join(dir, "ok.xml.gz"), "gzip")).toBeUndefined();
    writeFileSync(join(dir, "ok.xml.gz"), gzipSync(xml));
    expect(await readStored(join(dir, "ok.xml.gz"), "gzip")).toEqual(xml);
  });

  test("a size field patched to 2 GiB in a 1 MB .xml.gz allocates nothing of that size: the file is found damaged from what really comes out", async () => {
    const path = join(dir, "patched.xml.gz");
    const data = gzipSync(randomBytes(1_100_000));
    data.writeUInt32LE(2 ** 31 - 1, data.length - 4);
    writeFileSync(path, data);
    const sizes: number[] = [];
    const allocUnsafe = Buffer.allocUnsafe.bind(Buffer);
    const spy = jest.spyOn(Buffer, "allocUnsafe").mockImplementation((n: number) => {
      sizes.push(n);
      return allocUnsafe(n);
    });
    try {
      const e = await rejection(readStored(path, "gzip"));
      expect(e).toBeInstanceOf(StoreCodecError);
      expect((e as StoreCodecError).code).toBe("corrupt");
    } finally {
      spy.mockRestore();
    }
    expect(Math.max(0, ...sizes)).toBeLessThanOrEqual(64 * 1024 * 1024);
  });

  test("a zstd file on a runtime without zstd: an error naming the file, the runtime and both fixes; not quarantined", async () => {
    const path = join(dir, `${"a".repeat(64)}.xml.zst`);
    writeFileSync(path, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]));
    const e = await rejection(readStored(path, "zstd", { zlib: {} }));
    expect(e).toBeInstanceOf(StoreCodecError);
    expect((e as StoreCodecError).code).toBe("no-zstd");
    expect(e.message).toContain(
      `${path}: stored compressed with zstd, and this Node.js ${process.version} has no zstd`,
    );
    expect(e.message).toContain("run jux on Node.js >= 22.15");
    expect(e.message).toContain('"jux cache recompress --to gzip"');
    expect(existsSync(path)).toBe(true);
  });
});

test("recompress: gzip to none and back, the same reports, hashes and ages; the files change form", async () => {
  const base = join(dir, "s");
  const store = await ReportStore.open(base, { compress: "gzip" });
  const reports = await Promise.all([10, 11, 12].map((i) => report(i)));
  for (const r of reports) await store.put("reports", r.xml, r.hash);
  await store.queueReport(reports[0]!.xml, reports[0]!.hash);
  const before = await store.list();
  expect(await store.recompress("none")).toEqual({ rewritten: 4, unchanged: 0 });
  expect(filesIn(base, "reports").every((n) => n.endsWith(".xml"))).toBe(true);
  expect(filesIn(base, "queue")).toEqual([`${reports[0]!.hash}.xml`]);
  const after = await store.list();
  expect(after.map((e) => [e.area, e.hash, e.storedAt, e.compression])).toEqual(
    before.map((e) => [e.area, e.hash, e.storedAt, "none"]),
  );
  for (const r of reports) expect((await store.read("reports", r.hash)).equals(r.xml)).toBe(true);
  expect(await store.recompress("gzip")).toEqual({ rewritten: 4, unchanged: 0 });
  expect(await store.recompress("gzip")).toEqual({ rewritten: 0, unchanged: 4 });
  expect((await store.read("queue", reports[0]!.hash)).equals(reports[0]!.xml)).toBe(true);
});

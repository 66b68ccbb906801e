import { afterAll, describe, expect, test } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { pack } from "tar-stream";
import {
  ArchiveRefused,
  checkArchive,
  looksLikeTar,
  readMembers,
  TAR_LIMITS,
  writeTar,
  type TarMember,
} from "../../../src/core/transfer/tar.js";

const dir = mkdtempSync(join(tmpdir(), "jux-tar-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const H = (c: string) => c.repeat(64);

async function ours(name: string, members: TarMember[]): Promise<string> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on("data", (c: Buffer) => parts.push(c));
  async function* each() {
    yield* members;
  }
  await writeTar(out, each());
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

type Raw = {
  name: string;
  body?: Buffer;
  type?: "file" | "symlink" | "link" | "directory";
  linkname?: string;
};

async function theirs(name: string, members: Raw[]): Promise<string> {
  const p = pack();
  const parts: Buffer[] = [];
  const done = (async () => {
    for await (const c of p as AsyncIterable<Buffer>) parts.push(c);
  })();
  for (const m of members)
    await new Promise<void>((ok, fail) =>
      p.entry(
        { name: m.name, type: m.type ?? "file", ...(m.linkname ? { linkname: m.linkname } : {}) },
        m.body ?? Buffer.alloc(0),
        (e) => (e ? fail(e) : ok()),
      ),
    );
  p.finalize();
  await done;
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

describe("the tar export", () => {
  test("written members are read back in order, byte for byte; it is a ustar archive", async () => {
    const members = [
      { name: `${H("a")}.xml`, bytes: Buffer.from("<testsuite/>"), mtime: new Date(0) },
      { name: `${H("b")}.xml`, bytes: Buffer.alloc(70_000, 0x41), mtime: new Date() },
      { name: "manifest.json", bytes: Buffer.from("{}"), mtime: new Date() },
    ];
    const file = await ours("ok.tar", members);
    expect(await checkArchive(file)).toEqual(members.map((m) => m.name));
    const read: { name: string; bytes: Buffer }[] = [];
    for await (const m of readMembers(file)) read.push(m);
    expect(read).toEqual(members.map(({ name, bytes }) => ({ name, bytes })));
    const { readFileSync } = await import("node:fs");
    expect(looksLikeTar(readFileSync(file).subarray(0, 512))).toBe(true);
    expect(looksLikeTar(Buffer.from('{"format":"jux-serve-export"}'))).toBe(false);
  });

  test.each<[string, Raw[], string]>([
    ["..", [{ name: "../x.xml", body: Buffer.from("x") }], 'member "../x.xml" has a path'],
    ["a subfolder", [{ name: `d/${H("a")}.xml`, body: Buffer.from("x") }], "has a path"],
    [
      "a symlink",
      [{ name: `${H("a")}.xml`, type: "symlink", linkname: "/etc/passwd" }],
      "is a symbolic link",
    ],
    ["a hard link", [{ name: `${H("a")}.xml`, type: "link", linkname: "manifest.json" }], "is a hard link"],
    ["a directory", [{ name: "x/", type: "directory" }], "is a directory"],
    [
      "an unknown name",
      [{ name: "evil.sh", body: Buffer.from("x") }],
      "is neither manifest.json nor a report",
    ],
    ["an upper-case hash", [{ name: `${H("A")}.xml`, body: Buffer.from("x") }], "is neither manifest.json"],
    [
      "a repeated name",
      [
        { name: `${H("a")}.xml`, body: Buffer.from("x") },
        { name: `${H("a")}.xml`, body: Buffer.from("y") },
      ],
      "appears twice",
    ],
  ])("refused whole before any data is read: %s", async (_what, members, reason) => {
    const file = await theirs("hostile.tar", [
      { name: `${H("b")}.xml`, body: Buffer.from("ok") },
      ...members,
    ]);
    await expect(checkArchive(file)).rejects.toThrow(ArchiveRefused);
    await expect(checkArchive(file)).rejects.toThrow(reason);
  });

  test("sizes and counts over the limits are refused; not a tar is refused", async () => {
    const file = await theirs("big.tar", [
      { name: `${H("a")}.xml`, body: Buffer.alloc(2000) },
      { name: "manifest.json", body: Buffer.alloc(10) },
    ]);
    await expect(checkArchive(file, { ...TAR_LIMITS, memberBytes: 1000 })).rejects.toThrow(
      `member "${H("a")}.xml" is 2000 bytes, over the 1000-byte limit`,
    );
    await expect(checkArchive(file, { ...TAR_LIMITS, manifestBytes: 5 })).rejects.toThrow(
      "over the 5-byte limit",
    );
    await expect(checkArchive(file, { ...TAR_LIMITS, members: 1 })).rejects.toThrow("more than 1 members");
    const junk = join(dir, "junk.tar");
    writeFileSync(junk, Buffer.alloc(1024, 0x7a));
    await expect(checkArchive(junk)).rejects.toThrow(ArchiveRefused);
  });
});

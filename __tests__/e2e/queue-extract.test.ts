/**
 * The queue entry reader over archives the system's tar and zstd make, and zstd streams it decompresses
 * through the zstd program: what a genuine @actions/cache archive holds is extracted; a corrupt or
 * zero-padded one refuses the entry. (The in-process cases are in __tests__/action/queue/extract.test.ts.)
 */
import { describe, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { tarStream } from "../../src/action/queue/decompress.js";
import { EntryRefused, extractQueueTar } from "../../src/action/queue/extract.js";
import { chunked, file, fresh, root, STAGING, tarOf } from "../helpers/queue-tar.js";

describe("genuine entries", () => {
  test("an archive made as @actions/cache makes it (GNU tar --posix -P -C workspace) is extracted, files 0600", async () => {
    const workspace = fresh();
    mkdirSync(join(workspace, STAGING));
    const hash = "c".repeat(64);
    writeFileSync(join(workspace, STAGING, `${hash}.xml`), "<testsuite/>");
    writeFileSync(join(workspace, STAGING, "names.json"), '{"a":"b"}');
    const tar = execFileSync("tar", ["--posix", "-cf", "-", "-P", "-C", workspace, STAGING]);
    const dir = fresh();
    const got = await extractQueueTar(chunked(tar), dir);
    expect(got).toEqual({ files: expect.arrayContaining([`${hash}.xml`, "names.json"]), setAside: [] });
    expect(readdirSync(dir).sort()).toEqual([`${hash}.xml`, "names.json"]);
    expect(readFileSync(join(dir, `${hash}.xml`), "utf8")).toBe("<testsuite/>");
    expect(statSync(join(dir, "names.json")).mode & 0o777).toBe(0o600);
  });
});

describe("decompression as the toolkit compressed", () => {
  const archive = async () => tarOf([root, file(`${STAGING}/a.xml`, "hello")]);
  const write = (bytes: Buffer) => {
    const path = join(fresh(), "cache.archive");
    writeFileSync(path, bytes);
    return path;
  };

  test("zstd (the zstd program) and gzip (node:zlib)", async () => {
    const tar = await archive();
    const zst = write(execFileSync("zstd", ["-q", "-c"], { input: tar }));
    for (const [path, compression] of [
      [zst, "zstd-without-long"],
      [write(gzipSync(tar)), "gzip"],
    ] as const) {
      const dir = fresh();
      expect((await extractQueueTar(tarStream(path, compression), dir)).files).toEqual(["a.xml"]);
      expect(readFileSync(join(dir, "a.xml"), "utf8")).toBe("hello");
    }
  });

  test("corrupt zstd or gzip refuses the entry", async () => {
    const tar = await archive();
    const zst = write(Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(64, 7)]));
    const gz = gzipSync(tar);
    gz.fill(0x55, 20, 60);
    for (const [path, compression, reason] of [
      [zst, "zstd-without-long", "it does not decompress as zstd"],
      [write(gz), "gzip", "it does not decompress as gzip"],
      [write(tar), "zstd-without-long", "it does not decompress as zstd"],
    ] as const) {
      const error = await extractQueueTar(tarStream(path, compression), fresh()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EntryRefused);
      expect((error as Error).message).toContain(reason);
    }
  });
});

describe("the decompressed stream is bounded, not only the sizes members declare", () => {
  test("a zstd archive padded with 256 MiB of zeros (a few KB compressed) is refused without decompressing it all", async () => {
    const tar = await tarOf([root, file(`${STAGING}/a.xml`, "hello")]);
    const path = join(fresh(), "cache.tzst");
    const zeros = join(fresh(), "zeros");
    writeFileSync(zeros, tar);
    execFileSync("sh", [
      "-c",
      'head -c 268435456 /dev/zero >> "$1" && zstd -q -f -o "$2" "$1"',
      "sh",
      zeros,
      path,
    ]);
    expect(statSync(path).size).toBeLessThan(100_000);
    const started = Date.now();
    const error = await extractQueueTar(tarStream(path, "zstd-without-long"), fresh()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EntryRefused);
    expect((error as Error).message).toContain("after the end of the tar archive");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

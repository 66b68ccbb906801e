import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { unwritten, writeStreamAtomic } from "../../../src/core/fs/atomic-file.js";
import { fileChunks, fileChunksAgain } from "../../../src/core/report/sources.js";
import { drained } from "../../../src/core/fs/drained.js";
import { Writable } from "node:stream";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-atomic-stream-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

describe("writeStreamAtomic", () => {
  test("many small writes and a big output: every byte in order, the mode kept, no temp file left", async () => {
    const pieces = Array.from({ length: 3000 }, (_, i) => randomBytes(1 + (i % 700)));
    const path = join(dir, "out.xml");
    const result = await writeStreamAtomic(
      path,
      async (out) => {
        for (const p of pieces) if (!out.write(p)) await once(out, "drain");
        out.write("text at the end");
        return 42;
      },
      0o640,
    );
    expect(result).toBe(42);
    expect(readFileSync(path)).toEqual(Buffer.concat([...pieces, Buffer.from("text at the end")]));
    expect(statSync(path).mode & 0o777).toBe(0o640 & ~process.umask());
    expect(readdirSync(dir)).toEqual(["out.xml"]);
  });

  test("a producer's failure leaves neither the target nor a temp file, and is passed on as it is", async () => {
    const path = join(dir, "out.xml");
    const boom = new Error("the report is not well-formed");
    await expect(
      writeStreamAtomic(path, async (out) => {
        out.write(Buffer.alloc(300 * 1024, 65)); // beyond what is held: part of it is on disk already
        await new Promise((r) => setImmediate(r));
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a directory that does not exist: 'cannot write' names the target, nothing produced", async () => {
    let produced = false;
    const path = join(dir, "missing", "out.xml");
    await expect(
      writeStreamAtomic(path, () => {
        produced = true;
        return Promise.resolve(1);
      }),
    ).rejects.toThrow(`cannot write ${path}`);
    expect(produced).toBe(false);
  });

  test("an existing target is replaced only when the new content is complete", async () => {
    const path = join(dir, "out.xml");
    writeFileSync(path, "old");
    await expect(
      writeStreamAtomic(path, (out) => {
        out.write("new, half");
        return Promise.reject(new Error("stop"));
      }),
    ).rejects.toThrow("stop");
    expect(readFileSync(path, "utf8")).toBe("old");
    await writeStreamAtomic(path, (out) => Promise.resolve(out.write("new")));
    expect(readFileSync(path, "utf8")).toBe("new");
  });

  test("without replace, a file or a dangling link that appears at the target while it is written is left as it is, and nothing is written", async () => {
    const path = join(dir, "export.jsonl");
    const appears = (make: () => void) =>
      writeStreamAtomic(
        path,
        (out) => {
          out.write("exported");
          make();
          return Promise.resolve();
        },
        0o600,
        true,
        false,
      );
    await expect(appears(() => writeFileSync(path, "someone else's"))).rejects.toThrow(
      `${path} appeared while it was written: nothing was written over it`,
    );
    expect(readFileSync(path, "utf8")).toBe("someone else's");
    rmSync(path);
    const elsewhere = join(dir, "elsewhere");
    await expect(appears(() => symlinkSync(elsewhere, path))).rejects.toThrow(
      "appeared while it was written",
    );
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(existsSync(elsewhere)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["export.jsonl"]);
    rmSync(path);
    await appears(() => undefined);
    expect(readFileSync(path, "utf8")).toBe("exported");
  });
});

describe("unwritten (after a short writev)", () => {
  const b = (s: string) => Buffer.from(s);
  test.each([
    [0, ["abc", "de"]],
    [2, ["c", "de"]],
    [3, ["de"]],
    [4, ["e"]],
    [5, []],
  ])("%d bytes written of abc|de leaves %j", (written, left) => {
    expect(unwritten([b("abc"), b("de")], written).map(String)).toEqual(left);
  });
});

describe("fileChunks", () => {
  test("a small file in one chunk of exactly its bytes; a big one in 256 KiB chunks", async () => {
    const small = join(dir, "small.xml");
    const big = join(dir, "big.xml");
    const smallBytes = randomBytes(20_000);
    const bigBytes = randomBytes(700_000);
    writeFileSync(small, smallBytes);
    writeFileSync(big, bigBytes);
    const s = await collect(fileChunks(small, "small.xml"));
    expect(s.length).toBe(1);
    expect(s[0]).toEqual(smallBytes);
    const g = await collect(fileChunks(big, "big.xml"));
    expect(g.length).toBeGreaterThan(1);
    expect(Buffer.concat(g)).toEqual(bigBytes);
    expect(await collect(fileChunks(join(dir, "empty"), "empty")).catch((e: Error) => e.message)).toMatch(
      /^cannot read empty: /,
    );
  });

  test("an empty file and a pipe (whose size says nothing) are read to their end", async () => {
    writeFileSync(join(dir, "empty.xml"), "");
    expect(Buffer.concat(await collect(fileChunks(join(dir, "empty.xml"), "e")))).toEqual(Buffer.alloc(0));
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const payload = randomBytes(150_000);
    const writer = import("node:fs/promises").then((fs) => fs.writeFile(fifo, payload));
    const got = Buffer.concat(await collect(fileChunks(fifo, "fifo")));
    await writer;
    expect(got).toEqual(payload);
  });
});

describe("fileChunks: a file that is not the size stat gives", () => {
  test("/proc files (stat size 0) are read to their end", async () => {
    const got = Buffer.concat(await collect(fileChunks("/proc/self/mountinfo", "mountinfo")));
    expect(got.length).toBeGreaterThan(0);
    expect(got.toString()).toContain(" / ");
  });
});

describe("fileChunksAgain (reading a report again to find an error's line)", () => {
  test("reads a regular file; refuses a FIFO at once instead of waiting for a writer", async () => {
    const file = join(dir, "r.xml");
    writeFileSync(file, "<a/>");
    expect(Buffer.concat(await collect(fileChunksAgain(file, "r.xml"))).toString()).toBe("<a/>");
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const started = Date.now();
    await expect(collect(fileChunksAgain(fifo, "fifo"))).rejects.toThrow(
      "cannot read fifo: it is not a regular file",
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("drained", () => {
  const failing = () =>
    new Writable({
      highWaterMark: 4,
      write(_chunk, _encoding, done) {
        setImmediate(() => done(new Error("EFBIG: file too large")));
      },
    });

  test("a stream that failed while a producer was busy: the next wait throws its error instead of hanging", async () => {
    const out = failing();
    out.on("error", () => undefined);
    out.write("12345678"); // over the high-water mark: needs drain; the write fails meanwhile
    await new Promise((r) => setTimeout(r, 20));
    expect(out.destroyed).toBe(true);
    await expect(drained(out)).rejects.toThrow("EFBIG");
  });

  test("a failure during the wait rejects it; a drain resolves it", async () => {
    const out = failing();
    out.on("error", () => undefined);
    out.write("12345678");
    await expect(drained(out)).rejects.toThrow("EFBIG");
    const ok = new Writable({
      highWaterMark: 4,
      write(_chunk, _encoding, done) {
        setImmediate(done);
      },
    });
    ok.write("12345678");
    expect(ok.writableNeedDrain).toBe(true);
    await drained(ok);
    expect(ok.writableNeedDrain).toBe(false);
  });

  test("a stream destroyed without an error (closed under the producer) rejects the wait", async () => {
    const out = new Writable({ highWaterMark: 4, write: () => undefined });
    out.write("12345678");
    const waiting = drained(out);
    out.destroy();
    await expect(waiting).rejects.toThrow("the output was closed before it took all the data");
  });
});

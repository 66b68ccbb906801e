import { modeOf, rejection } from "../../helpers/assert.js";
import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../../../src/core/fs/atomic-file.js";
import { osReason } from "../../../src/core/errors.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-atomic-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  test("writes the content with mode 0600 by default and leaves no temp file", async () => {
    const path = join(dir, "key.pem");
    await writeFileAtomic(path, "secret\n");
    expect(readFileSync(path, "utf8")).toBe("secret\n");
    expect(modeOf(path)).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["key.pem"]);
  });

  test("applies the given mode exactly, whatever the umask", async () => {
    const old = process.umask(0o077);
    try {
      const path = join(dir, "cert.crt");
      await writeFileAtomic(path, Buffer.from([0, 1, 2, 255]), 0o644);
      expect(readFileSync(path)).toEqual(Buffer.from([0, 1, 2, 255]));
      expect(modeOf(path)).toBe(0o644);
    } finally {
      process.umask(old);
    }
  });

  test("refuses to replace an existing file by default and keeps it intact", async () => {
    const path = join(dir, "key.pem");
    writeFileSync(path, "old", { mode: 0o640 });
    await expect(writeFileAtomic(path, "new")).rejects.toThrow(
      `${path} already exists (use --force to replace it)`,
    );
    expect(readFileSync(path, "utf8")).toBe("old");
    expect(modeOf(path)).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["key.pem"]);
  });

  test("replaces an existing file with overwrite: true", async () => {
    const path = join(dir, "key.pem");
    writeFileSync(path, "old", { mode: 0o644 });
    await writeFileAtomic(path, "new", 0o600, { overwrite: true });
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(modeOf(path)).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["key.pem"]);
  });

  test("of concurrent writers that refuse to overwrite, exactly one wins", async () => {
    const path = join(dir, "race.txt");
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => writeFileAtomic(path, `writer ${i}`)),
    );
    const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
    expect(won).toHaveLength(1);
    expect(readFileSync(path, "utf8")).toBe(`writer ${won[0]}`);
    for (const r of results) {
      if (r.status === "rejected") expect(String(r.reason)).toMatch(/already exists/);
    }
    expect(readdirSync(dir)).toEqual(["race.txt"]);
  });

  test("names the path and the OS reason when the parent is a regular file (ENOTDIR)", async () => {
    writeFileSync(join(dir, "not-a-dir"), "x");
    const path = join(dir, "not-a-dir", "key.pem");
    await expect(writeFileAtomic(path, "secret")).rejects.toThrow(
      `cannot write ${path}: not a directory (ENOTDIR)`,
    );
    expect(readdirSync(dir)).toEqual(["not-a-dir"]);
  });

  test("names a missing directory (ENOENT)", async () => {
    const path = join(dir, "missing", "key.pem");
    await expect(writeFileAtomic(path, "secret")).rejects.toThrow(
      `cannot write ${path}: no such file or directory (ENOENT)`,
    );
  });

  test("removes the temp file when the final rename fails (target is a directory)", async () => {
    const path = join(dir, "occupied");
    mkdirSync(path);
    writeFileSync(join(path, "inside"), "x");
    await expect(writeFileAtomic(path, "data", 0o600, { overwrite: true })).rejects.toThrow(
      new RegExp(`^cannot write ${path}: .+ \\(E[A-Z]+\\)$`),
    );
    expect(readdirSync(dir)).toEqual(["occupied"]);
  });

  test("removes the temp file when writing the data fails", async () => {
    const path = join(dir, "bad.txt");
    await expect(writeFileAtomic(path, 42 as unknown as string)).rejects.toThrow(
      new RegExp(`^cannot write ${path}: `),
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  test("does not mention the temp file in errors", async () => {
    writeFileSync(join(dir, "file"), "x");
    const err = await rejection(writeFileAtomic(join(dir, "file", "key.pem"), "s"));
    expect(err.message).not.toMatch(/\.tmp/);
  });
});

describe("osReason", () => {
  test.each([
    [
      Object.assign(new Error("EACCES: permission denied, open '/x/.key.pem.123.tmp'"), { code: "EACCES" }),
      "permission denied (EACCES)",
    ],
    [Object.assign(new Error("something odd"), { code: "ERR_SOMETHING" }), "something odd (ERR_SOMETHING)"],
    [new Error("plain"), "plain"],
  ])("%#", (err, reason) => {
    expect(osReason(err)).toBe(reason);
  });
});

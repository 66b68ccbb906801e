import { afterEach, beforeEach, expect, test } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { LockBusyError, withFileLock } from "../../../src/core/fs/lock.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-lock-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A lock file held by a live process of this host (the test runner's parent). */
function heldByParent(path: string): void {
  const info = { pid: process.ppid, hostname: hostname(), created: "2026-01-01T00:00:00Z", token: "t" };
  writeFileSync(path, JSON.stringify(info));
}

test("core/fs's lock knows no store: a busy lock is a LockBusyError naming the holder", async () => {
  const path = join(dir, "some.lock");
  heldByParent(path);
  const e = await withFileLock(path, async () => 1, { timeoutMs: 0 }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(LockBusyError);
  expect((e as LockBusyError).message).toBe(
    `${path}: locked by process ${process.ppid} on ${hostname()} (since 2026-01-01T00:00:00Z); gave up after 0 s (remove the file if that process is gone)`,
  );
});

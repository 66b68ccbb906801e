/**
 * The store on a full and on a read-only file system (moved from the unit project, core/store/store.test.ts,
 * because they start processes: ENOSPC and EROFS need a small file system of their own, a tmpfs filled with dd
 * and a read-only bind mount of it). That takes root with CAP_SYS_ADMIN, read from /proc/self/status when the
 * tests are declared (elsewhere they are skipped); the tmpfs is mounted in beforeAll, not when the file loads.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReportStore, StoreError } from "../../src/core/store/store.js";
import { rejection } from "../helpers/assert.js";
import { canonicalHash } from "../helpers/jux.js";
import { synthetic } from "../helpers/store.js";

const CAP_SYS_ADMIN = 21;

/** Whether this process may mount (root holding CAP_SYS_ADMIN), known without starting a process. */
function mayMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  let status: string;
  try {
    status = readFileSync("/proc/self/status", "utf8");
  } catch {
    return false;
  }
  const capEff = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  return capEff !== undefined && (BigInt(`0x${capEff}`) >> BigInt(CAP_SYS_ADMIN)) % 2n === 1n;
}

let dir: string;
let mountPoint: string;
let mounted = false;

(mayMount() ? describe : describe.skip)("ReportStore on a full or read-only file system", () => {
  beforeAll(() => {
    mountPoint = mkdtempSync(join(tmpdir(), "jux-store-mnt-"));
    const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=200k", "tmpfs", mountPoint], {
      encoding: "utf8",
    });
    if (r.status !== 0)
      throw new Error(`mount -t tmpfs on ${mountPoint} failed (exit ${r.status}): ${r.stderr || r.error}`);
    mounted = true;
  });

  afterAll(() => {
    if (mounted) spawnSync("umount", ["-l", mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "jux-store-"));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("disk full: StoreError naming the file, nothing half-written under a final name", async () => {
    const store = await ReportStore.open(join(mountPoint, "full"));
    mkdirSync(join(mountPoint, "filler"));
    // Fill the tmpfs up to a few KB.
    for (let i = 0; ; i++) {
      const r = spawnSync("dd", [
        "if=/dev/zero",
        `of=${join(mountPoint, "filler", String(i))}`,
        "bs=4k",
        "count=1",
      ]);
      if (r.status !== 0) break;
    }
    rmSync(join(mountPoint, "filler", "0")); // room for the lock, not for the report
    const big = Buffer.from(
      `<testsuite name="big">${`<testcase name="x" classname="${"y".repeat(4000)}"/>`.repeat(20)}</testsuite>`,
    );
    const hash = await canonicalHash(big);
    const e = await rejection(store.put("reports", big, hash));
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toBe(`cannot write ${store.path("reports", hash)}: no space left on device (ENOSPC)`);
    expect(readdirSync(join(store.base, "reports"))).toEqual([]);
    rmSync(join(mountPoint, "filler"), { recursive: true });
  });

  test("read-only: StoreError naming the file; the queued source stays where it was", async () => {
    const store = await ReportStore.open(join(mountPoint, "ro"));
    const { xml, hash } = await synthetic(1);
    await store.put("queue", xml, hash);
    const ro = join(dir, "ro-view");
    mkdirSync(ro);
    expect(spawnSync("mount", ["--bind", join(mountPoint, "ro"), ro]).status).toBe(0);
    try {
      expect(spawnSync("mount", ["-o", "remount,bind,ro", ro]).status).toBe(0);
      const view = await ReportStore.open(ro);
      const other = await synthetic(2);
      const e = await rejection(view.put("reports", other.xml, other.hash));
      expect(e.message).toContain(`${join(ro, ".lock")}`);
      expect(e.message).toMatch(/read-only file system \(EROFS\)/);
      expect(readFileSync(view.path("queue", hash))).toEqual(xml);
      expect((await view.list("queue")).map((x) => x.hash)).toEqual([hash]);
    } finally {
      spawnSync("umount", [ro]);
    }
  });
});

/**
 * The store's lock left by a process that no longer exists (moved from the unit project, core/store/store.test.ts,
 * because it starts one: a Node that exits at once gives a pid no process holds).
 */
import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReportStore } from "../../src/core/store/store.js";
import { synthetic } from "../helpers/store.js";

let dir: string;
let base: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-store-"));
  base = join(dir, "store");
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("ReportStore: lock", () => {
  test("a lock left by a process that no longer exists is taken over", async () => {
    const store = await ReportStore.open(base);
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const stale = {
      pid: dead,
      hostname: (await import("node:os")).hostname(),
      created: "2026-01-01T00:00:00Z",
      token: "old",
    };
    writeFileSync(join(base, ".lock"), JSON.stringify(stale));
    const { xml, hash } = await synthetic(1);
    expect((await store.put("reports", xml, hash)).created).toBe(true);
    expect(existsSync(join(base, ".lock"))).toBe(false);
    expect(readdirSync(base).filter((n) => n.startsWith(".lock"))).toEqual([]);
  });
});

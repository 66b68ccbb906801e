import { afterEach, beforeEach, expect, test } from "@jest/globals";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StoreLayout } from "../../../src/core/store/layout.js";
import { ReportStore } from "../../../src/core/store/store.js";
import { canonicalHash } from "../../helpers/jux.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-store-layout-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("the layout is upstream's: <area>/<hash>.xml, rejected/<hash>.reason.json, quarantine/, index.json, .lock", () => {
  const layout = new StoreLayout("/s");
  const h = "a".repeat(64);
  expect(layout.path("queue", h)).toBe(`/s/queue/${h}.xml`);
  expect(layout.rejectionPath(h)).toBe(`/s/rejected/${h}.reason.json`);
  expect(layout.intentPath(h)).toBe(`/s/queue/.${h}.queueing`);
  expect([layout.dir("quarantine"), layout.indexPath, layout.lockPath]).toEqual([
    "/s/quarantine",
    "/s/index.json",
    "/s/.lock",
  ]);
});

test("a store hands out its paths: opened, its folders exist (0700) and a report lands where path() says", async () => {
  const store = await ReportStore.open(join(dir, "store"));
  for (const place of ["reports", "queue", "rejected", "quarantine"] as const)
    expect(statSync(store.dir(place)).mode & 0o777).toBe(0o700);
  const xml = Buffer.from('<testsuite name="s" tests="1"><testcase classname="c" name="t"/></testsuite>');
  const hash = await canonicalHash(xml);
  await store.put("queue", xml, hash);
  await store.reject(hash, { status: 422, error: "no" });
  expect(existsSync(store.path("rejected", hash))).toBe(true);
  expect(existsSync(store.path("queue", hash))).toBe(false);
});

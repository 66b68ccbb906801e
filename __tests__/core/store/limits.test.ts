/**
 * max_size and max_reports (issue 14): after a write, the oldest reports that are only kept are removed until the
 * store is within its limits; a queued or rejected report never is; a warning from 80 %; the queue alone above a
 * limit is a warning and no deletion.
 */
import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdtempSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emptyIndex, type IndexRecord } from "../../../src/core/store/index-file.js";
import { limitWarnings, planRotation, type LimitWarning } from "../../../src/core/store/limits.js";
import { ReportStore, type StoreLimits } from "../../../src/core/store/store.js";
import { synthetic } from "../../helpers/store.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-store-limits-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(area: IndexRecord["area"], size: number, day: number): IndexRecord {
  const stored_at = `2026-01-${String(day).padStart(2, "0")}T00:00:00.000Z`;
  const counts = { tests: 1, failures: 0, errors: 0, skipped: 0, passed: 1, time: 0 };
  return { area, size, mtimeMs: Date.parse(stored_at), stored_at, signed: false, ...counts };
}

const h = (n: number) => n.toString(16).padStart(64, "0");

describe("planRotation (pure)", () => {
  test("removes the oldest kept reports until within max_reports; queued and rejected ones are never candidates", () => {
    const index = emptyIndex();
    for (const day of [1, 2, 3, 4, 5, 6]) index.reports.set(h(day), record("reports", 100, day));
    index.queue.set(h(1), record("queue", 100, 1)); // kept and queued (one file, two names): pinned
    index.rejected.set(h(2), record("rejected", 100, 2));
    const plan = planRotation(index, { maxReports: 3 });
    expect(plan.remove).toEqual([h(3), h(4), h(5)]);
    expect(plan).toMatchObject({ reports: 3, bytes: 300, pinnedReports: 2, exceeded: ["max_reports"] });
    expect(limitWarnings(plan, { maxReports: 3 })).toEqual([
      { kind: "rotated", limit: "max_reports", removed: 3, current: 3, max: 3 },
    ]);
  });

  test("max_size counts each report once (reports/ and queue/ are one file) and removes until at or under it", () => {
    const index = emptyIndex();
    for (const day of [1, 2, 3]) index.reports.set(h(day), record("reports", 400, day));
    index.queue.set(h(3), record("queue", 400, 3));
    const plan = planRotation(index, { maxBytes: 800 });
    expect(plan.remove).toEqual([h(1)]);
    expect(plan.bytes).toBe(800);
  });

  test("80 %: a warning per limit, nothing removed", () => {
    const index = emptyIndex();
    for (const day of [1, 2, 3, 4]) index.reports.set(h(day), record("reports", 250, day));
    const limits: StoreLimits = { maxBytes: 1200, maxReports: 10 };
    const plan = planRotation(index, limits);
    expect(plan.remove).toEqual([]);
    expect(limitWarnings(plan, limits)).toEqual([
      { kind: "near", limit: "max_size", current: 1000, max: 1200 },
    ]);
    expect(limitWarnings(planRotation(index, { maxBytes: 1251 }), { maxBytes: 1251 })).toEqual([]);
  });

  test("the queue alone above the limit: every kept report may go, no queued one; the warning says so", () => {
    const index = emptyIndex();
    index.reports.set(h(9), record("reports", 100, 1));
    for (const day of [2, 3, 4]) index.queue.set(h(day), record("queue", 100, day));
    const plan = planRotation(index, { maxReports: 2 });
    expect(plan.remove).toEqual([h(9)]);
    expect(limitWarnings(plan, { maxReports: 2 })).toEqual([
      { kind: "pinned", limit: "max_reports", pinned: 3, queued: 3, rejected: 0, max: 2 },
    ]);
  });
});

/** Stores report `id` in `area` and backdates it to day `day` of January 2026 (its age for rotation). */
async function storeOn(store: ReportStore, id: number, day: number, area: "reports" | "queue" = "reports") {
  const { xml, hash } = await synthetic(id);
  if (area === "queue") await store.queueReport(xml, hash);
  else await store.put(area, xml, hash);
  const when = new Date(`2026-01-${String(day).padStart(2, "0")}T00:00:00Z`);
  for (const a of area === "queue" ? ["reports", "queue"] : [area])
    utimesSync(store.path(a as "reports", hash), when, when);
  await store.list();
  return hash;
}

describe("a store with limits", () => {
  test("rotation after a write: the oldest kept reports go, never the queued or rejected ones", async () => {
    const warnings: LimitWarning[] = [];
    const base = join(dir, "s");
    const plain = await ReportStore.open(base);
    const queued = await storeOn(plain, 1, 1, "queue");
    const rejected = await storeOn(plain, 2, 2, "queue");
    await plain.reject(rejected, { status: 422, error: "no" });
    const kept = [3, 4, 5].map((id) => id);
    const keptHashes = [];
    for (const id of kept) keptHashes.push(await storeOn(plain, id, id));
    const store = await ReportStore.open(base, {
      limits: { maxReports: 3 },
      onWarning: (w) => warnings.push(w),
    });
    const newest = await synthetic(6);
    await store.put("reports", newest.xml, newest.hash);
    const left = (area: string) => readdirSync(join(base, area)).filter((n) => n.endsWith(".xml"));
    // 6 reports, 3 allowed: the three oldest kept (1 and 2 are queued / rejected) go: 3, 4 and 5.
    expect(left("queue")).toEqual([`${queued}.xml`]);
    expect(left("rejected")).toEqual([`${rejected}.xml`]);
    expect(left("reports").sort()).toEqual([queued, rejected, newest.hash].map((x) => `${x}.xml`).sort());
    expect(warnings).toEqual([{ kind: "rotated", limit: "max_reports", removed: 3, current: 3, max: 3 }]);
    expect((await store.list("reports")).map((e) => e.hash).sort()).toEqual(
      [queued, rejected, newest.hash].sort(),
    );
  });

  test("the queue alone over max_reports: a warning, and no queued report removed", async () => {
    const warnings: LimitWarning[] = [];
    const base = join(dir, "s");
    const store = await ReportStore.open(base, {
      limits: { maxReports: 2 },
      onWarning: (w) => warnings.push(w),
    });
    for (const id of [1, 2, 3]) {
      const { xml, hash } = await synthetic(id);
      await store.queueReport(xml, hash);
    }
    expect(readdirSync(join(base, "queue")).filter((n) => n.endsWith(".xml"))).toHaveLength(3);
    expect(readdirSync(join(base, "reports")).filter((n) => n.endsWith(".xml"))).toHaveLength(3);
    expect(warnings.at(-1)).toEqual({
      kind: "pinned",
      limit: "max_reports",
      pinned: 3,
      queued: 3,
      rejected: 0,
      max: 2,
    });
  });

  test("no write, no rotation: reading and listing never remove; enforceLimits applies them on demand", async () => {
    const base = join(dir, "s");
    const plain = await ReportStore.open(base);
    for (const id of [1, 2, 3]) await storeOn(plain, id, id);
    const store = await ReportStore.open(base, { limits: { maxReports: 1 } });
    await store.list();
    await store.stats();
    expect(await store.list()).toHaveLength(3);
    expect(await store.enforceLimits()).toEqual([
      { kind: "rotated", limit: "max_reports", removed: 2, current: 1, max: 1 },
    ]);
    expect(await store.list()).toHaveLength(1);
  });

  test("a batch of writes is rotated once per hold of the lock, within the limit at its end", async () => {
    const warnings: LimitWarning[] = [];
    const store = await ReportStore.open(join(dir, "s"), {
      limits: { maxReports: 4 },
      onWarning: (w) => warnings.push(w),
    });
    const reports = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((id) => synthetic(id)));
    await store.batch(reports, async (r) => void (await store.put("reports", r.xml, r.hash)), {
      holdMs: 60_000,
    });
    expect(await store.list()).toHaveLength(4);
    expect(warnings).toEqual([{ kind: "rotated", limit: "max_reports", removed: 4, current: 4, max: 4 }]);
  });
});

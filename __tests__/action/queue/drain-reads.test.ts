/**
 * A restored queue entry's reports are read once each: the vet's strict read (checkedReport, bound to the Buffer
 * it read) stands for the store's, which read every report again before. A vet whose read is not of the very
 * bytes put is given has it ignored: the store reads them, and a report is never stored under another's hash.
 * Real store, real reader, real vet; the download is stubbed.
 */
import { beforeAll, expect, jest, test } from "@jest/globals";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Collected, CollectOptions, Vet } from "../../../src/action/queue/collected.js";
import { emptyCollected } from "../../../src/action/queue/collected.js";
import { vetWith } from "../../../src/action/queue/vet.js";
import { describeReport } from "../../../src/core/store/describe.js";
import { ReportStore } from "../../../src/core/store/store.js";
import { synthetic } from "../../helpers/store.js";
import { file, fresh, root, STAGING, tarOf } from "../../helpers/queue-tar.js";

const N = 6;
let archive: string;
let reports: { xml: Buffer; hash: string }[];

jest.unstable_mockModule("../../../src/action/queue/fetch.js", () => ({
  fetchArchive: (_paths: string[], key: string) =>
    Promise.resolve({ key, file: archive, compression: "gzip", dispose: () => Promise.resolve() }),
}));
const { restoreEntry } = await import("../../../src/action/queue/restore.js");

beforeAll(async () => {
  reports = await Promise.all(Array.from({ length: N }, (_, i) => synthetic(i, i % 2)));
  archive = join(fresh(), "cache.tgz");
  const members = [root, ...reports.map((r) => file(`${STAGING}/${r.hash}.xml`, r.xml.toString()))];
  writeFileSync(archive, gzipSync(await tarOf(members)));
});

/** Drains the entry with `vet` into a store whose own reads are counted; the vet's reads are counted too. */
async function drain(vet: Vet) {
  const dir = fresh();
  let storeReads = 0;
  let vetReads = 0;
  const store = await ReportStore.open(join(dir, "store"), {
    describe: (bytes, source) => {
      storeReads++;
      return describeReport(bytes, source);
    },
  });
  const o: CollectOptions = {
    prefix: "p-",
    workspace: fresh(),
    env: { RUNNER_TEMP: dir },
    store,
    vet: (xml, source) => {
      vetReads++;
      return vet(xml, source);
    },
    quarantineDir: join(dir, "quarantine"),
    batch: (items, each) => store.batch(items, each, { holdMs: 10_000 }),
  };
  const got: Collected = emptyCollected();
  await restoreEntry(o, { key: "p-1", ref: "refs/heads/main", exact: true }, got, new Set());
  expect(got.notes).toEqual([]);
  expect(got.setAside).toEqual([]);
  expect(got.entries.map((e) => e.hashes.length)).toEqual([N]);
  const queue = await store.list("queue");
  expect(queue.map((e) => e.hash).sort()).toEqual(reports.map((r) => r.hash).sort());
  expect(readdirSync(join(dir, "store", "queue")).sort()).toEqual(reports.map((r) => `${r.hash}.xml`).sort());
  return { storeReads, vetReads, queue };
}

test("each drained report is read once (the vet's read), not twice; the index's facts are a read's own", async () => {
  const real = vetWith(undefined);
  const once = await drain(real);
  expect(once.vetReads).toBe(N);
  expect(once.storeReads).toBe(0);
  // The same vet without its read: the store reads every report again (one read more per report).
  const twice = await drain(async (xml, source) => {
    const verdict = await real(xml, source);
    return "hash" in verdict ? { hash: verdict.hash } : verdict;
  });
  expect(twice.storeReads).toBe(N);
  const facts = (q: typeof once.queue) =>
    q.map((e) => ({ ...e, path: "", storedAt: "" })).sort((a, b) => (a.hash < b.hash ? -1 : 1));
  expect(facts(once.queue)).toEqual(facts(twice.queue));
  expect(once.queue.filter((e) => e.failures === 1)).toHaveLength(N / 2);
});

test("a vet that hands over a read of other bytes (a bug) has it ignored: every report read by the store, stored under its own hash", async () => {
  const real = vetWith(undefined);
  const wrong = await real(reports[0]!.xml, "first");
  if (!("checked" in wrong) || wrong.checked === undefined) throw new Error("the vet gave no read");
  const result = await drain(async (xml, source) => {
    const verdict = await real(xml, source);
    return "hash" in verdict ? { hash: verdict.hash, checked: wrong.checked } : verdict;
  });
  expect(result.storeReads).toBe(N);
  const byHash = new Map(result.queue.map((e) => [e.hash, e]));
  for (const [i, r] of reports.entries()) expect(byHash.get(r.hash)?.commit).toBe(`abc${i}`);
});

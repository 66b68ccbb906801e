/**
 * The offline queue's cost per report does not grow with the queue: collecting an entry of many reports takes the
 * store's lock (and writes its index) once per stretch, not once per report; settling reads the waiting reports
 * a few at a time as they are staged, never all at once. Real store, real reader; the download, the cache and
 * the REST API are stubbed.
 */
import { afterAll, beforeAll, expect, jest, test } from "@jest/globals";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { ActionInputs } from "../../../src/action/inputs.js";
import type { Manifest } from "../../../src/action/manifest.js";
import { ReportStore } from "../../../src/core/store/store.js";
import { canonicalHash } from "../../helpers/jux.js";
import { file, fresh, root, STAGING, tarOf } from "../../helpers/queue-tar.js";

const N = 400;
const KEY = "jux-queue-o_r-00000000-7-1-job-aa";
let archive: string;
let workspace: string;
const savedFiles: string[] = [];

jest.unstable_mockModule("../../../src/action/queue/fetch.js", () => ({
  fetchArchive: (_paths: string[], key: string) =>
    Promise.resolve({ key, file: archive, compression: "gzip", dispose: () => Promise.resolve() }),
}));
jest.unstable_mockModule("../../../src/action/queue/github-caches.js", () => ({
  RestUnavailable: class extends Error {},
  GitHubCaches: class {
    list() {
      return Promise.resolve([{ key: KEY, ref: "refs/heads/main", created_at: "2026-12-01T00:00:00Z" }]);
    }
    delete() {
      return Promise.resolve(true);
    }
    dispose() {}
  },
}));
// No pending artifacts here (the queue outside the cache is listed through the REST API: none in these tests).
jest.unstable_mockModule("../../../src/action/queue/pending-collect.js", () => ({
  collectPending: () => Promise.resolve(),
  deletePending: () => Promise.resolve({ deleted: 0, kept: [] }),
  deleteMarked: () => Promise.resolve({ deleted: 0 }),
}));
jest.unstable_mockModule("@actions/cache", () => ({
  isFeatureAvailable: () => true,
  saveCache: (paths: string[]) => {
    savedFiles.push(...readdirSync(join(workspace, paths[0]!)));
    return Promise.resolve(1);
  },
}));
const { OfflineQueue } = await import("../../../src/action/queue/offline-queue.js");
const { uploadSideArtifacts } = await import("../../../src/action/side-artifacts.js");
const { age } = await import("../../../src/action/queue/settle.js");

const report = (i: number) =>
  Buffer.from(
    `<testsuite name="scale-${i}" tests="2" failures="1"><testcase classname="c" name="a"/>` +
      `<testcase classname="c" name="b"><failure message="m"/></testcase></testsuite>\n`,
  );

let hashes: string[];
beforeAll(async () => {
  const reports = Array.from({ length: N }, (_, i) => report(i));
  hashes = await Promise.all(reports.map((xml) => canonicalHash(xml)));
  const dir = fresh();
  archive = join(dir, "cache.tgz");
  const members = [root, ...reports.map((xml, i) => file(`${STAGING}/${hashes[i]}.xml`, xml.toString()))];
  writeFileSync(archive, gzipSync(await tarOf(members)));
});
afterAll(() => void jest.restoreAllMocks());

/** Counts the outermost holds of the store's lock (each loads and writes the index once). */
function countHolds(store: ReportStore): () => number {
  let depth = 0;
  let holds = 0;
  const withLock = store.withLock.bind(store);
  jest.spyOn(store, "withLock").mockImplementation(async (fn, options) => {
    if (depth++ === 0) holds++;
    try {
      return await withLock(fn, options);
    } finally {
      depth--;
    }
  });
  return () => holds;
}

test(`an entry of ${N} reports is collected under a few holds of the store's lock (not one per report), then settled reading at most 8 at a time`, async () => {
  const dir = fresh();
  workspace = join(dir, "workspace");
  const store = await ReportStore.open(join(dir, "store"));
  const holds = countHolds(store);
  const m: Manifest = { dir, mode: "cache", reports: [], failed: [] };
  const inputs = { queueKey: "jux-queue", githubToken: "t", artifactName: "jux" } as unknown as ActionInputs;
  const env = {
    GITHUB_REF: "refs/heads/main",
    GITHUB_REPOSITORY: "o/r",
    GITHUB_RUN_ID: "8",
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: dir,
  };

  const queue = await OfflineQueue.collect(m, inputs, "https://jux.example/api/v1", store, env);
  expect(queue.notes).toEqual([]);
  expect(queue.setAside).toEqual([]);
  expect((await store.list("queue")).map((e) => e.hash).sort()).toEqual([...hashes].sort());
  // Every report was put through the store (checked, written, indexed), in far fewer holds than reports.
  expect(holds()).toBeGreaterThan(0);
  expect(holds()).toBeLessThan(N / 20);
  const index = JSON.parse(readFileSync(join(dir, "store", "index.json"), "utf8")) as {
    areas: { queue: Record<string, unknown> };
  };
  expect(Object.keys(index.areas.queue)).toHaveLength(N);

  // Nothing was published (no server here): settling saves all of them again, read a few at a time.
  let reading = 0;
  let most = 0;
  const read = store.read.bind(store);
  jest.spyOn(store, "read").mockImplementation(async (area, hash) => {
    most = Math.max(most, ++reading);
    try {
      return await read(area, hash);
    } finally {
      reading--;
    }
  });
  const { kept } = await uploadSideArtifacts(m, [], {}, inputs, env);
  const state = await queue.settle(kept, m);
  expect(state).toMatchObject({ depth: N, notes: [] });
  expect(savedFiles.filter((f) => f.endsWith(".xml")).sort()).toEqual(hashes.map((h) => `${h}.xml`).sort());
  expect(most).toBeGreaterThan(0);
  expect(most).toBeLessThanOrEqual(8);
});

test("a slow collection (10 ms a report) holds the lock for stretches of 10 s, not of the store's default 2 s: fewer writes of the whole index", async () => {
  const dir = fresh();
  workspace = join(dir, "workspace");
  const store = await ReportStore.open(join(dir, "store"));
  const holds = countHolds(store);
  const put = store.put.bind(store);
  jest.spyOn(store, "put").mockImplementation(async (area, xml, hash) => {
    await new Promise((done) => setTimeout(done, 10));
    return put(area, xml, hash);
  });
  const m: Manifest = { dir, mode: "cache", reports: [], failed: [] };
  const inputs = { queueKey: "jux-queue", githubToken: "t", artifactName: "jux" } as unknown as ActionInputs;
  const env = { GITHUB_REF: "refs/heads/main", GITHUB_REPOSITORY: "o/r", GITHUB_WORKSPACE: workspace };
  const started = Date.now();
  const queue = await OfflineQueue.collect(m, inputs, "https://jux.example/api/v1", store, {
    ...env,
    RUNNER_TEMP: dir,
  });
  const elapsed = Date.now() - started;
  expect(queue.notes).toEqual([]);
  expect((await store.list("queue")).length).toBe(N);
  expect(elapsed).toBeGreaterThan(N * 10);
  expect(holds()).toBeLessThanOrEqual(Math.ceil(elapsed / 10_000));
});

test("the queue's depth and age for 300 000 waiting reports (spreading their times into Math.min overflowed the stack)", () => {
  const now = Date.parse("2026-12-05T12:00:00Z");
  const entries = Array.from({ length: 300_000 }, (_, i) => ({
    storedAt: new Date(now - (i % 1000) * 3_600_000).toISOString(),
  })) as unknown as Parameters<typeof age>[0];
  expect(age(entries, now)).toEqual({ depth: 300_000, oldestHours: 999 });
});

import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActionInputs } from "../../../src/action/inputs.js";
import type { Manifest } from "../../../src/action/manifest.js";
import { emptyCollected, type Collected, type QueueEntry } from "../../../src/action/queue/collected.js";
import { STAGING, SUPERSEDES } from "../../../src/action/queue/layout.js";
import { ReportStore } from "../../../src/core/store/store.js";
import { canonicalHash } from "../../helpers/jux.js";

/** What the fakes saw: entries saved (key and staged files), entries deleted. */
const saved: { key: string; files: Record<string, string> }[] = [];
const deleted: string[] = [];
let collected: Collected;
let denyDelete = false;
let workspace: string;

// Every upload fails (the fake also keeps @actions/artifact unloaded).
jest.unstable_mockModule("../../../src/action/artifact.js", () => ({
  artifactBaseName: (base: string) => base,
  uploadFiles: () => Promise.resolve({ ok: false, reason: "artifact storage quota" }),
}));
jest.unstable_mockModule("@actions/cache", () => ({
  isFeatureAvailable: () => true,
  saveCache: (paths: string[], key: string) => {
    const dir = join(workspace, paths[0]!);
    const files = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
    saved.push({ key, files });
    return Promise.resolve(1);
  },
}));
// Collecting is faked (restore.test covers it): the queue gets these entries, its store what the test put there.
jest.unstable_mockModule("../../../src/action/queue/collect.js", () => ({
  collectQueue: () => Promise.resolve(collected),
}));
jest.unstable_mockModule("../../../src/action/queue/github-caches.js", () => ({
  GitHubCaches: class {
    delete(key: string) {
      if (denyDelete) return Promise.reject(new Error("HTTP 403 (github_token needs actions: write)"));
      deleted.push(key);
      return Promise.resolve(true);
    }
    dispose() {}
  },
}));
const { OfflineQueue, QueueOrderError } = await import("../../../src/action/queue/offline-queue.js");
const { uploadSideArtifacts } = await import("../../../src/action/side-artifacts.js");

const API = "https://jux.example/api/v1";
const ENV = { GITHUB_REF: "refs/heads/main", GITHUB_REPOSITORY: "o/r", GITHUB_RUN_ID: "9" };
const inputs = { queueKey: "jux-queue", githubToken: "t", artifactName: "jux" } as unknown as ActionInputs;
let dir: string;
let store: ReportStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "jux-offline-queue-"));
  workspace = join(dir, "workspace");
  store = await ReportStore.open(join(dir, "store"));
  saved.length = 0;
  deleted.length = 0;
  denyDelete = false;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const manifest = (): Manifest => ({ dir, mode: "cache", reports: [], failed: [] });
const entry = (key: string, hashes: string[]): QueueEntry => ({ key, ref: "refs/heads/main", hashes });

/** A report left waiting in the store's queue (what publishing could not send). */
async function waiting(): Promise<string> {
  const xml = Buffer.from('<testsuite name="s" tests="1"><testcase classname="c" name="t"/></testsuite>');
  const hash = await canonicalHash(xml);
  await store.put("queue", xml, hash);
  return hash;
}

/** The proof settling needs, as the side-artifact step makes it: safe when nothing had to be uploaded. */
async function keptSafely() {
  return (await uploadSideArtifacts(manifest(), [], {}, inputs, ENV)).kept;
}

/** The proof when a quarantined file could not be kept in an artifact: not safe. */
async function keptUnsafely() {
  const queueQuarantine = join(dir, "quarantine");
  mkdirSync(join(queueQuarantine, "k-0"), { recursive: true });
  writeFileSync(join(queueQuarantine, "k-0", "evil.sh"), "x");
  return (await uploadSideArtifacts(manifest(), [], { queueQuarantine }, inputs, ENV)).kept;
}

async function collect(entries: QueueEntry[]) {
  collected = { ...emptyCollected(), entries, listed: true, names: new Map([["x", "y"]]) };
  return OfflineQueue.collect(manifest(), inputs, API, store, { ...ENV, GITHUB_WORKSPACE: workspace });
}

describe("OfflineQueue.settle", () => {
  test("with the side artifacts safe: what waits is saved as one entry superseding the drained ones, which are deleted", async () => {
    const hash = await waiting();
    const queue = await collect([
      entry("jux-queue-o-r-1", ["a".repeat(64)]),
      entry("jux-queue-o-r-2", [hash]),
    ]);
    const state = await queue.settle(await keptSafely(), manifest());
    expect(state).toMatchObject({ depth: 1, notes: [] });
    expect(saved).toHaveLength(1);
    expect(Object.keys(saved[0]!.files).sort()).toEqual([`${hash}.xml`, SUPERSEDES]);
    expect(JSON.parse(saved[0]!.files[SUPERSEDES]!)).toEqual(["jux-queue-o-r-1", "jux-queue-o-r-2"]);
    expect(deleted).toEqual(["jux-queue-o-r-1", "jux-queue-o-r-2"]);
    expect(readdirSync(workspace)).not.toContain(STAGING);
  });

  test("with a side artifact missing: what waits is saved, but no entry is superseded or deleted", async () => {
    const hash = await waiting();
    const queue = await collect([entry("jux-queue-o-r-1", [])]);
    await queue.settle(await keptUnsafely(), manifest());
    expect(Object.keys(saved[0]!.files)).toEqual([`${hash}.xml`]);
    expect(deleted).toEqual([]);
  });

  test("drained entries that cannot be deleted are named in a marker entry, with a note", async () => {
    denyDelete = true;
    const queue = await collect([entry("jux-queue-o-r-1", ["a".repeat(64)])]);
    const state = await queue.settle(await keptSafely(), manifest());
    expect(state.depth).toBe(0);
    expect(saved.map((s) => s.files)).toEqual([{ [SUPERSEDES]: JSON.stringify(["jux-queue-o-r-1"]) }]);
    expect(state.notes).toEqual([
      expect.stringMatching(/^1 drained queue entry could not be deleted \(HTTP 403/),
    ]);
  });

  test("settling twice is refused (the order is collect, publish, keep, settle once)", async () => {
    const queue = await collect([]);
    const kept = await keptSafely();
    await queue.settle(kept, manifest());
    await expect(queue.settle(kept, manifest())).rejects.toBeInstanceOf(QueueOrderError);
    // @ts-expect-error -- only uploadSideArtifacts makes the proof: a plain object is not one.
    const forged = () => queue.settle({ safe: true }, manifest());
    expect(typeof forged).toBe("function");
  });
});

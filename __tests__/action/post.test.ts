import { beforeEach, expect, jest, test } from "@jest/globals";
import type { Manifest } from "../../src/action/manifest.js";

/** The steps post took, in order, with what each was handed. */
const steps: string[] = [];
const proof = { safe: true, brand: "made by the side-artifact step" };
let manifest: Manifest;

jest.unstable_mockModule("@actions/core", () => ({
  getState: () => "/run/manifest.json",
  info: () => undefined,
}));
jest.unstable_mockModule("../../src/action/inputs.js", () => ({
  InputError: class extends Error {},
  readInputs: () => ({ summary: true }),
}));
jest.unstable_mockModule("../../src/action/manifest.js", () => ({
  STATE_MANIFEST: "manifest",
  readManifest: () => Promise.resolve(manifest),
}));
jest.unstable_mockModule("../../src/action/publish.js", () => ({
  openTarget: () => {
    steps.push("open");
    return Promise.resolve(
      manifest.unsignedReason
        ? undefined
        : { apiUrl: "https://jux", auth: { kind: "api_key" }, store: "store" },
    );
  },
  publishReports: () => {
    steps.push("publish");
    return Promise.resolve({ run: { results: [], earlier: [], quarantined: [], ok: true } });
  },
}));
jest.unstable_mockModule("../../src/action/queue/offline-queue.js", () => ({
  OfflineQueue: {
    collect: () => {
      steps.push("collect");
      return Promise.resolve({
        notes: ["collect note"],
        quarantineDir: "/run/quarantine",
        settle: (kept: unknown) => {
          steps.push(kept === proof ? "settle with the proof" : "settle WITHOUT the proof");
          return Promise.resolve({ depth: 0, notes: ["settle note"] });
        },
      });
    },
  },
}));
jest.unstable_mockModule("../../src/action/side-artifacts.js", () => ({
  refusedOf: () => [],
  uploadSideArtifacts: (_m: unknown, _r: unknown, suspect: { store?: string; queueQuarantine?: string }) => {
    steps.push(`keep (${suspect.store ?? "no store"}, ${suspect.queueQuarantine ?? "no queue"})`);
    return Promise.resolve({ kept: proof, notes: ["side note"] });
  },
}));
jest.unstable_mockModule("../../src/action/report.js", () => ({
  report: (_m: unknown, o: { run?: unknown; queue?: unknown; settled?: unknown }, notes: string[]) => {
    steps.push(
      `report (${Object.keys(o)
        .filter((k) => o[k as keyof typeof o] !== undefined)
        .join(", ")})`,
    );
    steps.push(`notes: ${notes.join("; ")}`);
    return Promise.resolve();
  },
}));
const { post } = await import("../../src/action/post.js");

const counts = { tests: 1, passed: 1, failures: 0, errors: 0, skipped: 0, time: 0 };
const report = {
  name: "junit.xml",
  copy: "/run/signed/junit.xml",
  hash: "a".repeat(64),
  signed: true,
  ...counts,
};

beforeEach(() => {
  steps.length = 0;
});

test("cache mode reads top-down: collect, publish, keep the refused and suspect, settle with their proof, report", async () => {
  manifest = { dir: "/run", mode: "cache", reports: [report], failed: [] };
  await post({});
  expect(steps).toEqual([
    "open",
    "collect",
    "publish",
    "keep (store, /run/quarantine)",
    "settle with the proof",
    "report (run, queue, settled, auth)",
    "notes: collect note; side note; settle note",
  ]);
});

test("api mode: no queue to collect or settle", async () => {
  manifest = { dir: "/run", mode: "api", reports: [report], failed: [] };
  await post({});
  expect(steps).toEqual([
    "open",
    "publish",
    "keep (store, no queue)",
    "report (run, auth)",
    "notes: side note",
  ]);
});

test("unsigned reports (no signing key): nothing published, the reason is the first note", async () => {
  manifest = { dir: "/run", mode: "cache", reports: [report], failed: [], unsignedReason: "no signing_key" };
  await post({});
  expect(steps).toEqual([
    "open",
    "keep (no store, no queue)",
    "report ()",
    "notes: no signing_key; side note",
  ]);
});

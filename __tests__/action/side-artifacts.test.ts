import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { ActionInputs } from "../../src/action/inputs.js";
import type { Manifest } from "../../src/action/manifest.js";
import type { ModeResult, ReportResult } from "../../src/core/publish/modes.js";
import type { ReportStore } from "../../src/core/store/store.js";

type Upload = { name: string; files: string[]; root: string };
const uploads: Upload[] = [];
let refuse: string | undefined;

// The artifact client is faked: side-artifacts.js is imported after this, so it gets the fake.
jest.unstable_mockModule("../../src/action/artifact.js", () => ({
  artifactBaseName: (base: string, _env: unknown, suffix = "") => `${base}${suffix}`,
  uploadFiles: (name: string, files: string[], root: string) => {
    uploads.push({ name, files, root });
    return Promise.resolve(
      refuse ? { ok: false, reason: refuse } : { ok: true, artifact: { id: 7, name, url: "u", size: 1 } },
    );
  },
}));
const { refusedOf, uploadSideArtifacts } = await import("../../src/action/side-artifacts.js");

const H1 = "1".repeat(64);
const H2 = "2".repeat(64);
const inputs = { artifactName: "jux", retentionDays: undefined } as unknown as ActionInputs;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-side-"));
  uploads.length = 0;
  refuse = undefined;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const rejected = (id: string, hash: string, retained?: true): ReportResult => ({
  id,
  hash,
  stored: true,
  outcome: { kind: "rejected", status: retained ? 401 : 422, error: "no", ...(retained ? { retained } : {}) },
});

/** A store that answers only for its layout, with its folders under dir/store. */
function fakeStore(): ReportStore {
  const base = join(dir, "store");
  return {
    path: (area: string, hash: string) => join(base, area, `${hash}.xml`),
    dir: (place: string) => join(base, place),
  } as unknown as ReportStore;
}

function manifest(): Manifest {
  const copy = join(dir, "signed", "junit.xml");
  mkdirSync(join(dir, "signed"), { recursive: true });
  writeFileSync(copy, "<mine/>");
  const counts = { tests: 1, passed: 1, failures: 0, errors: 0, skipped: 0, time: 0 };
  return {
    dir,
    mode: "cache",
    reports: [{ name: "junit.xml", copy, hash: H1, signed: true, ...counts }],
    failed: [],
  };
}

test("refusedOf: refusals for good, this run's and earlier ones; not those kept queued (key or URL refused)", () => {
  const run = {
    results: [
      rejected("junit.xml", H1),
      { id: "ok.xml", hash: H2, stored: true, outcome: { kind: "stored" } },
    ],
    earlier: [rejected("queue/a.xml", "a".repeat(64)), rejected("queue/b.xml", "b".repeat(64), true)],
  } as unknown as ModeResult;
  expect(refusedOf(run).map((r) => r.id)).toEqual(["junit.xml", "queue/a.xml"]);
  expect(refusedOf(undefined)).toEqual([]);
});

describe("uploadSideArtifacts", () => {
  test("nothing refused or suspect: nothing uploaded, and the proof says safe", async () => {
    const { kept, notes } = await uploadSideArtifacts(manifest(), [], {}, inputs, {});
    expect(uploads).toEqual([]);
    expect(notes).toEqual([]);
    expect(kept.safe).toBe(true);
  });

  test("a refused report comes from this run's copy or from the store's rejected/, each with its reason", async () => {
    const store = fakeStore();
    mkdirSync(join(dir, "store", "rejected"), { recursive: true });
    writeFileSync(store.path("rejected", H2), "<earlier/>");
    const refused = [rejected("junit.xml", H1), rejected(`queue/${H2}.xml`, H2)];
    const { kept } = await uploadSideArtifacts(manifest(), refused, { store }, inputs, {});
    expect(kept.safe).toBe(true);
    expect(uploads).toHaveLength(1);
    const [up] = uploads;
    expect(up!.name).toBe("jux-rejected");
    expect(up!.files.map((f) => relative(up!.root, f))).toEqual([
      `${H1}.xml`,
      `${H1}.reason.json`,
      `${H2}.xml`,
      `${H2}.reason.json`,
    ]);
    expect(readFileSync(join(up!.root, `${H2}.xml`), "utf8")).toBe("<earlier/>");
    expect(JSON.parse(readFileSync(join(up!.root, `${H1}.reason.json`), "utf8"))).toMatchObject({
      file: "junit.xml",
      status: 422,
    });
  });

  test("the queue's and the store's quarantined files go in one artifact rooted at the run directory; a failed upload is not safe", async () => {
    const store = fakeStore();
    const queueQuarantine = join(dir, "quarantine");
    mkdirSync(join(queueQuarantine, "k-1"), { recursive: true });
    writeFileSync(join(queueQuarantine, "k-1", "evil.sh"), "x");
    mkdirSync(store.dir("quarantine"), { recursive: true });
    writeFileSync(join(store.dir("quarantine"), `${H2}.20260101T000000000Z.xml`), "y");
    refuse = "quota";
    const { kept, notes } = await uploadSideArtifacts(manifest(), [], { store, queueQuarantine }, inputs, {});
    expect(kept.safe).toBe(false);
    expect(notes).toEqual(["the quarantined files could not be uploaded as an artifact: quota"]);
    expect(uploads.map((u) => [u.name, u.root, u.files.map((f) => relative(dir, f))])).toEqual([
      ["jux-quarantine", dir, ["quarantine/k-1/evil.sh", `store/quarantine/${H2}.20260101T000000000Z.xml`]],
    ]);
  });
});

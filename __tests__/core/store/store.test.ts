import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { defaultStorageBase, resolveStorageBase } from "../../../src/core/store/location.js";
import { ReportStore, StoreError, StoreLockedError } from "../../../src/core/store/store.js";
import { modeOf, rejection } from "../../helpers/assert.js";
import { EXAMPLE_PYTEST, EXAMPLE_SUREFIRE, JUNIT, XMLDSIG } from "../../helpers/fixtures.js";
import { canonicalHash } from "../../helpers/jux.js";
import { withShared } from "../../helpers/shared.js";
import { synthetic } from "../../helpers/store.js";

const FIXTURES = {
  pytest: join(JUNIT, "mikepenz-action-junit-report", "pytest-report.xml"),
  properties: join(JUNIT, "jenkins-junit-plugin", "junit-report-with-properties.xml"),
  signed: join(XMLDSIG, "signed-rsa-cert-compact.xml"),
  nextest: join(JUNIT, "mikepenz-action-junit-report", "nextest-basic.xml"),
  // The project's own examples, in every checkout: where any well-formed report will do.
  examplePytest: EXAMPLE_PYTEST,
  exampleSurefire: EXAMPLE_SUREFIRE,
};

let dir: string;
let base: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-store-"));
  base = join(dir, "store");
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function fixture(name: keyof typeof FIXTURES): Promise<{ xml: Buffer; hash: string }> {
  const xml = readFileSync(FIXTURES[name]);
  return { xml, hash: await canonicalHash(xml) };
}

/** Every file under `root`, relative, sorted. */
function tree(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(root.length + 1))
    .sort();
}

/** How the store names a file's modification time. */
function mtimeIso(path: string): string {
  return new Date(statSync(path).mtimeMs).toISOString();
}

function ageFile(path: string, days: number): void {
  const t = new Date(Date.now() - days * 86_400_000);
  utimesSync(path, t, t);
}

describe("storage location", () => {
  test("XDG_DATA_HOME, else ~/.local/share; macOS and Windows their own; relative XDG ignored", () => {
    const home = "/home/u";
    expect(defaultStorageBase({ env: { XDG_DATA_HOME: "/x" }, platform: "linux", homedir: home })).toBe(
      "/x/jux",
    );
    expect(defaultStorageBase({ env: {}, platform: "linux", homedir: home })).toBe(
      "/home/u/.local/share/jux",
    );
    expect(defaultStorageBase({ env: { XDG_DATA_HOME: "rel" }, platform: "linux", homedir: home })).toBe(
      "/home/u/.local/share/jux",
    );
    expect(defaultStorageBase({ env: {}, platform: "darwin", homedir: "/Users/u" })).toBe(
      "/Users/u/Library/Application Support/jux",
    );
    expect(
      defaultStorageBase({
        env: { LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" },
        platform: "win32",
        homedir: "C:\\Users\\u",
      }),
    ).toBe("C:\\Users\\u\\AppData\\Local\\jux");
  });

  test("explicit > JUX_STORAGE_PATH > default", () => {
    const ctx = { platform: "linux" as const, homedir: "/home/u" };
    const env = { JUX_STORAGE_PATH: "/env/store", XDG_DATA_HOME: "/x" };
    expect(resolveStorageBase("/flag", env, ctx)).toBe("/flag");
    expect(resolveStorageBase(undefined, env, ctx)).toBe("/env/store");
    expect(resolveStorageBase(undefined, { XDG_DATA_HOME: "/x" }, ctx)).toBe("/x/jux");
  });
});

describe("ReportStore: writing", () => {
  test("open creates the layout with 0700; put stores the exact bytes with 0600 and leaves no temp file", async () => {
    const store = await ReportStore.open(base);
    for (const d of ["", "reports", "queue", "rejected", "quarantine"])
      expect(modeOf(join(base, d))).toBe(0o700);
    const { xml, hash } = await synthetic(1, 1);
    const { entry, created } = await store.put("reports", xml, hash);
    expect(created).toBe(true);
    expect(entry).toMatchObject({
      hash,
      area: "reports",
      path: join(base, "reports", `${hash}.xml`),
      size: xml.length,
      project: "demo",
      branch: "main",
      commit: "abc1",
      timestamp: "2026-01-02T10:00:00Z",
      tests: 3,
      failures: 1,
      errors: 0,
      passed: 2,
      signed: false,
    });
    expect(readFileSync(entry.path)).toEqual(xml);
    expect(modeOf(entry.path)).toBe(0o600);
    expect(modeOf(join(base, "index.json"))).toBe(0o600);
    expect(entry.storedAt).toBe(mtimeIso(entry.path));
    expect(tree(base)).toEqual(["index.json", `reports/${hash}.xml`]);
    expect(await store.has("reports", hash)).toBe(true);
    expect(await store.has("queue", hash)).toBe(false);
    expect(await store.read("reports", hash)).toEqual(xml);
  });

  withShared("fixtures/junit", "put is idempotent (the corpus pytest report: 3 tests, 2 failures)", () => {
    test("put is idempotent: the same report again is not rewritten", async () => {
      const store = await ReportStore.open(base);
      const { xml, hash } = await fixture("pytest");
      const first = await store.put("queue", xml, hash);
      ageFile(first.entry.path, 1);
      const second = await store.put("queue", xml, hash);
      expect(second.created).toBe(false);
      expect(second.entry.storedAt).toBe(mtimeIso(first.entry.path));
      expect(second.entry).toMatchObject({ hash, tests: 3, failures: 2 });
      expect(tree(base)).toEqual(["index.json", `queue/${hash}.xml`]);
      expect(await store.list("queue")).toHaveLength(1);
    });
  });

  withShared(
    "fixtures/xmldsig",
    "a signed report in the store (the XMLDSig fixture signed-rsa-cert-compact.xml)",
    () => {
      test("a signed report keeps its bytes and is marked signed; its identity is the canonical hash", async () => {
        const store = await ReportStore.open(base);
        const { xml, hash } = await fixture("signed");
        const { entry } = await store.put("reports", xml, hash);
        expect(entry.signed).toBe(true);
        expect(readFileSync(entry.path)).toEqual(xml);
      });
    },
  );

  test("refuses bytes whose canonical hash is not the given one, and bytes that do not parse", async () => {
    const store = await ReportStore.open(base);
    const { xml } = await fixture("examplePytest");
    const other = "0".repeat(64);
    const e = await rejection(store.put("reports", xml, other));
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toContain(`${join(base, "reports", other)}.xml`);
    expect(e.message).toMatch(/canonical hash is sha256:[0-9a-f]{64}, not sha256:0{64}/);
    const bad = await rejection(store.put("reports", Buffer.from("<testsuite><testcase>"), other));
    expect(bad).toBeInstanceOf(StoreError);
    expect(bad.message).toMatch(/refusing to store .*unexpected end of file/);
    expect((await rejection(store.put("reports", xml, "ABC"))).message).toMatch(/not a canonical hash/);
    expect(tree(base)).toEqual([]);
  });

  test("a file where a directory is expected: StoreError naming the path; nothing half-written, source intact", async () => {
    const store = await ReportStore.open(base);
    const { xml, hash } = await fixture("examplePytest");
    rmSync(join(base, "queue"), { recursive: true });
    writeFileSync(join(base, "queue"), "not a directory");
    const e = await rejection(store.put("queue", xml, hash));
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toBe(`cannot write ${join(base, "queue", hash)}.xml: not a directory (ENOTDIR)`);
    expect(readFileSync(join(base, "queue"), "utf8")).toBe("not a directory");
    expect(tree(base)).toEqual(["queue"]);
    expect((await store.put("reports", xml, hash)).created).toBe(true);
    const reopened = await rejection(ReportStore.open(base));
    expect(reopened.message).toBe(`cannot use ${join(base, "queue")}: it is not a directory`);
  });
});

describe("ReportStore: integrity", () => {
  withShared("fixtures/junit", "quarantine on read (an edit of the corpus pytest report)", () => {
    test("a file modified behind the store's back is quarantined on read, never handed out or deleted", async () => {
      const store = await ReportStore.open(base);
      const { xml, hash } = await fixture("pytest");
      const { entry } = await store.put("queue", xml, hash);
      const tampered = Buffer.from(xml.toString("utf8").replace("test_which_fails", "test_which_passes"));
      writeFileSync(entry.path, tampered);
      const e = await rejection(store.read("queue", hash));
      expect(e).toBeInstanceOf(StoreError);
      expect(e.message).toMatch(/canonical hash is now sha256:[0-9a-f]{64}, not the one in its name/);
      const moved = readdirSync(join(base, "quarantine")).sort();
      expect(moved).toHaveLength(2);
      const [reasonFile, xmlFile] = moved as [string, string];
      expect(xmlFile).toMatch(new RegExp(`^${hash}\\.\\d{8}T\\d{9}Z\\.xml$`));
      expect(readFileSync(join(base, "quarantine", xmlFile))).toEqual(tampered);
      expect(e.message).toContain(join(base, "quarantine", xmlFile));
      const reason = JSON.parse(readFileSync(join(base, "quarantine", reasonFile), "utf8"));
      expect(reason).toMatchObject({
        area: "queue",
        name: `${hash}.xml`,
        reason: expect.stringContaining("modified"),
      });
      expect(await store.list("queue")).toEqual([]);
      expect((await store.stats()).quarantined).toBe(1);
    });
  });

  test("check quarantines what no longer parses or is misnamed, and returns the good entries", async () => {
    const store = await ReportStore.open(base);
    const good = await fixture("examplePytest");
    const broken = await fixture("exampleSurefire");
    await store.put("reports", good.xml, good.hash);
    const { entry } = await store.put("reports", broken.xml, broken.hash);
    writeFileSync(entry.path, broken.xml.subarray(0, broken.xml.length - 20));
    writeFileSync(join(base, "reports", "stray.xml"), good.xml);
    const { good: kept, quarantined } = await store.check("reports");
    expect(kept.map((e) => e.hash)).toEqual([good.hash]);
    expect(quarantined.map((q) => q.name).sort()).toEqual([`${broken.hash}.xml`, "stray.xml"]);
    const byName = Object.fromEntries(quarantined.map((q) => [q.name, q]));
    expect(byName[`${broken.hash}.xml`]!.reason).toMatch(/no longer a readable report: .*:\d+:\d+: /);
    expect(byName["stray.xml"]!.reason).toMatch(/its name is not a canonical hash/);
    for (const q of quarantined) expect(existsSync(q.movedTo)).toBe(true);
    expect(readdirSync(join(base, "reports"))).toEqual([`${good.hash}.xml`]);
  });

  test("putting a report whose stored copy is damaged quarantines the copy and stores the good bytes", async () => {
    const store = await ReportStore.open(base);
    const { xml, hash } = await fixture("examplePytest");
    writeFileSync(join(base, "reports", `${hash}.xml`), "<testsuite>");
    const { created, entry } = await store.put("reports", xml, hash);
    expect(created).toBe(true);
    expect(readFileSync(entry.path)).toEqual(xml);
    expect(readdirSync(join(base, "quarantine"))).toHaveLength(2);
  });
});

describe("ReportStore: index", () => {
  withShared(
    ["fixtures/junit", "fixtures/xmldsig"],
    "the index (a store of corpus and XMLDSig fixture reports)",
    () => {
      async function populated(): Promise<ReportStore> {
        const store = await ReportStore.open(base);
        for (const name of ["pytest", "properties", "signed"] as const) {
          const { xml, hash } = await fixture(name);
          await store.put("reports", xml, hash);
        }
        for (const id of [1, 2, 3]) {
          const { xml, hash } = await synthetic(id, id - 1);
          await store.put("queue", xml, hash);
        }
        const rejected = await synthetic(3, 2);
        await store.reject(rejected.hash, { status: 422, error: "invalid signature" });
        return store;
      }

      test("index.json deleted: rebuilt identical from the files", async () => {
        const store = await populated();
        const before = await store.list();
        const index = JSON.parse(readFileSync(join(base, "index.json"), "utf8"));
        expect(Object.keys(index.areas.reports)).toHaveLength(3);
        rmSync(join(base, "index.json"));
        const fresh = await ReportStore.open(base);
        expect(await fresh.list()).toEqual(before);
        expect(JSON.parse(readFileSync(join(base, "index.json"), "utf8"))).toEqual(index);
      });

      test("a damaged index.json is rebuilt, not fatal", async () => {
        const store = await populated();
        const before = await store.list();
        writeFileSync(join(base, "index.json"), "{ not json");
        expect(await (await ReportStore.open(base)).list()).toEqual(before);
      });

      test("files added, removed or replaced behind the index's back: corrected on the next listing", async () => {
        const store = await populated();
        const reports = await store.list("reports");
        const gone = reports[0]!;
        rmSync(gone.path);
        const added = await fixture("nextest");
        writeFileSync(join(base, "reports", `${added.hash}.xml`), added.xml);
        const listed = await store.list("reports");
        expect(listed.map((e) => e.hash).sort()).toEqual(
          [...reports.slice(1).map((e) => e.hash), added.hash].sort(),
        );
        expect(listed.find((e) => e.hash === added.hash)).toMatchObject({
          tests: 3,
          failures: 1,
          signed: false,
        });
        const index = JSON.parse(readFileSync(join(base, "index.json"), "utf8"));
        expect(Object.keys(index.areas.reports).sort()).toEqual(listed.map((e) => e.hash).sort());
        // Same name, new bytes (another signing of the same report would do this): re-read because size/mtime changed.
        const queued = (await store.list("queue"))[0]!;
        ageFile(queued.path, 3);
        expect((await store.list("queue")).find((e) => e.hash === queued.hash)!.storedAt).toBe(
          mtimeIso(queued.path),
        );
      });
    },
  );
});

describe("ReportStore: queue, rejection, clean, lookup", () => {
  test("reject moves the queued report and keeps the server's reason; remove takes both away", async () => {
    const store = await ReportStore.open(base);
    const { xml, hash } = await synthetic(4, 1);
    await store.put("queue", xml, hash);
    await store.reject(hash, {
      status: 409,
      error: "duplicate",
      details: { test_run_id: "x" },
      suggestions: ["none"],
    });
    expect(await store.has("queue", hash)).toBe(false);
    expect(readFileSync(store.path("rejected", hash))).toEqual(xml);
    const reason = await store.rejection(hash);
    expect(reason).toMatchObject({
      status: 409,
      error: "duplicate",
      details: { test_run_id: "x" },
      suggestions: ["none"],
    });
    expect(Date.parse(reason!.at)).not.toBeNaN();
    expect((await store.list()).map((e) => [e.area, e.hash])).toEqual([["rejected", hash]]);
    expect((await rejection(store.reject(hash, { status: 400, error: "x" }))).message).toMatch(
      /not in the queue/,
    );
    expect(await store.remove("rejected", hash)).toBe(true);
    expect(await store.remove("rejected", hash)).toBe(false);
    expect(tree(join(base, "rejected"))).toEqual([]);
  });

  test("clean removes old reports except the newest kept; never the queue; dry run removes nothing", async () => {
    const store = await ReportStore.open(base);
    const hashes: string[] = [];
    for (const id of [1, 2, 3, 4, 5]) {
      const { xml, hash } = await synthetic(id);
      const { entry } = await store.put("reports", xml, hash);
      ageFile(entry.path, 10 * id); // report 1 is 10 days old ... report 5 is 50 days old
      hashes.push(hash);
    }
    const queued = await synthetic(9);
    ageFile((await store.put("queue", queued.xml, queued.hash)).entry.path, 100);

    const dry = await store.clean({ olderThanDays: 15, keepLatest: 2, dryRun: true });
    expect(dry.removed.map((e) => e.hash)).toEqual([hashes[4], hashes[3], hashes[2]]);
    expect(await store.list("reports")).toHaveLength(5);

    const progress: number[] = [];
    const done = await store.clean({ olderThanDays: 15, keepLatest: 3, onProgress: (n) => progress.push(n) });
    expect(done.removed.map((e) => e.hash)).toEqual([hashes[4], hashes[3]]);
    expect(done.kept).toBe(3);
    expect(progress).toEqual([1, 2]);
    expect((await store.list("reports")).map((e) => e.hash).sort()).toEqual(hashes.slice(0, 3).sort());
    expect(await store.has("queue", queued.hash)).toBe(true);
    expect((await rejection(store.clean({ olderThanDays: -1 }))).message).toMatch(/days >= 0/);
  });

  test("stats and clearQueue", async () => {
    const store = await ReportStore.open(base);
    const a = await synthetic(1);
    const b = await synthetic(2);
    const c = await synthetic(3);
    await store.put("reports", a.xml, a.hash);
    const q1 = await store.put("queue", b.xml, b.hash);
    await store.put("queue", c.xml, c.hash);
    ageFile(q1.entry.path, 1);
    const now = new Date();
    const s = await store.stats(now);
    expect(s).toMatchObject({ reports: 1, queued: 2, rejected: 0, quarantined: 0 });
    expect(s.bytes).toBe(a.xml.length + b.xml.length + c.xml.length);
    expect(s.oldestQueued).toBe(mtimeIso(q1.entry.path));
    expect(s.oldestQueuedAgeSeconds).toBeGreaterThanOrEqual(86_399);
    expect(s.oldestQueuedAgeSeconds).toBeLessThan(86_500);
    expect(await store.clearQueue()).toBe(2);
    expect(await store.list("queue")).toEqual([]);
    expect((await store.stats()).oldestQueued).toBeUndefined();
    expect(await store.has("reports", a.hash)).toBe(true);
  });

  test("findByPrefix: unique prefix, sha256: form, ambiguous lists the candidates, unknown and invalid refused", async () => {
    const store = await ReportStore.open(base);
    const byFirst = new Map<string, string[]>();
    for (let id = 0; ![...byFirst.values()].some((h) => h.length >= 2); id++) {
      const { xml, hash } = await synthetic(100 + id);
      await store.put("reports", xml, hash);
      byFirst.set(hash[0]!, [...(byFirst.get(hash[0]!) ?? []), hash]);
    }
    const [first, pair] = [...byFirst].find(([, h]) => h.length >= 2)!;
    const [h1, h2] = pair as [string, string];
    expect((await store.findByPrefix(h1.slice(0, 20))).hash).toBe(h1);
    expect((await store.findByPrefix(`sha256:${h2.toUpperCase()}`)).hash).toBe(h2);
    const ambiguous = await rejection(store.findByPrefix(first));
    expect(ambiguous).toBeInstanceOf(StoreError);
    expect(ambiguous.message).toContain(`"${first}" is ambiguous`);
    expect(ambiguous.message).toContain(h1.slice(0, 12));
    expect(ambiguous.message).toContain(h2.slice(0, 12));
    const absent = [..."0123456789abcdef"].find((d) => !byFirst.has(d));
    if (absent)
      expect((await rejection(store.findByPrefix(absent))).message).toBe(`no report ${absent} in ${base}`);
    expect((await rejection(store.findByPrefix("xyz"))).message).toMatch(/not a report hash or a prefix/);
  });

  test("findByPrefix prefers reports/ when the same report is also queued", async () => {
    const store = await ReportStore.open(base);
    const { xml, hash } = await synthetic(7);
    await store.put("queue", xml, hash);
    await store.put("reports", xml, hash);
    expect((await store.findByPrefix(hash.slice(0, 8))).area).toBe("reports");
    expect((await store.list()).map((e) => e.area).sort()).toEqual(["queue", "reports"]);
  });
});

describe("ReportStore: lock", () => {
  test("withLock is re-entrant, and waits for a live holder until its timeout with a clear error", async () => {
    const store = await ReportStore.open(base);
    expect(await store.withLock(() => store.withLock(async () => 42))).toBe(42);
    const live = {
      pid: process.ppid,
      hostname: (await import("node:os")).hostname(),
      created: "2026-01-01T00:00:00Z",
      token: "t",
    };
    writeFileSync(join(base, ".lock"), JSON.stringify(live));
    const e = await rejection(store.withLock(async () => 1, { timeoutMs: 300 }));
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toContain(`${join(base, ".lock")}: the store is locked by process ${process.ppid}`);
    expect(e.message).toMatch(/gave up after 0\.\d s/);
    rmSync(join(base, ".lock"));
  });

  test("the store words a busy lock as its own: StoreLockedError (code STORE_LOCKED), the store is locked by ...", async () => {
    const store = await ReportStore.open(base);
    // A lock file held by a live process of this host (the test runner's parent).
    const info = { pid: process.ppid, hostname: hostname(), created: "2026-01-01T00:00:00Z", token: "t" };
    writeFileSync(join(store.base, ".lock"), JSON.stringify(info));
    const e = await store.withLock(async () => 1, { timeoutMs: 0 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StoreLockedError);
    expect(e).toMatchObject({ code: "STORE_LOCKED" });
    expect((e as Error).message).toMatch(
      /\.lock: the store is locked by process \d+ on .*; gave up after 0 s/,
    );
  });

  test("an unreadable lock older than the stale limit is taken over", async () => {
    const store = await ReportStore.open(base);
    writeFileSync(join(base, ".lock"), "garbage");
    ageFile(join(base, ".lock"), 1);
    expect(await store.withLock(async () => "ok", { timeoutMs: 1000 })).toBe("ok");
  });
});

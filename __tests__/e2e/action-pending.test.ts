/**
 * The queue outside the cache end to end: the committed bundles, the runner emulation (real @actions/cache and
 * @actions/artifact over Azurite, its REST artifact routes) and a real `jux serve`. When the cache refuses the
 * queue's entry the reports wait in a pending artifact; a later run lists, checks, publishes and deletes it.
 */
import { afterAll, beforeAll, expect, jest, test } from "@jest/globals";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pendingNaming } from "../../src/action/queue/pending-artifact.js";
import { drainedMarkerName } from "../../src/core/github/names.js";
import { queuePrefix } from "../../src/action/queue/keys.js";
import {
  API_KEY,
  e2e,
  expectSuccess,
  hashesOf,
  key,
  published,
  run,
  server,
  service,
} from "../helpers/action-env.js";
import { EXAMPLE_PYTEST, EXAMPLE_SUREFIRE } from "../helpers/fixtures.js";
import { runToolkit } from "../helpers/actions-service/toolkit.js";
import { startSwitchable, type Switchable } from "../helpers/outage.js";
import type { JobRun } from "../helpers/runner.js";
import { startServer, tempDir, type Server } from "../helpers/serve.js";

jest.setTimeout(300_000);

const PYTEST = readFileSync(EXAMPLE_PYTEST);
const SUREFIRE = readFileSync(EXAMPLE_SUREFIRE);

e2e();
let runId = 9000;
let n = 0;
let sw: Switchable;
beforeAll(async () => void (sw = await startSwitchable(server.url)));
afterAll(() => sw.close());

async function down<T>(fn: () => Promise<T>): Promise<T> {
  sw.down();
  try {
    return await fn();
  } finally {
    sw.up();
  }
}

/** One scenario: its own project, queue key and artifact name, so scenarios never see each other's queues. */
function scenario() {
  const id = ++n;
  const project = `pending-${id}`;
  const artifactName = `jux-p${id}`;
  const inputs = (extra: Record<string, string> = {}) => ({
    report_paths: "reports/*.xml",
    api_url: sw.url,
    api_key: API_KEY,
    signing_key: key.privateKeyPem,
    signing_cert: key.certificatePem,
    project,
    queue_key: `pq${id}`,
    artifact_name: artifactName,
    max_retries: "0",
    ...extra,
  });
  const naming = () => pendingNaming(artifactName, sw.url, { GITHUB_JOB: "build", GITHUB_RUN_ATTEMPT: "1" });
  const pending = () => service.artifacts().filter((a) => a.name.startsWith(naming().prefix));
  const entries = () =>
    service
      .caches()
      .filter((c) =>
        c.key.startsWith(queuePrefix(`pq${id}`, sw.url, { GITHUB_REPOSITORY: "octo/jux-demo" })),
      );
  return { project, inputs, naming, pending, entries };
}

function reports(tag: string): Record<string, Buffer> {
  const mark = (xml: Buffer) =>
    Buffer.from(xml.toString("utf8").replace(/<testsuite /, `<testsuite id="${tag}" `));
  return { "reports/pytest.xml": mark(PYTEST), "reports/surefire.xml": mark(SUREFIRE) };
}

test("cache save refused while the server is down: the reports wait in a pending artifact; the next run publishes them once and deletes it", async () => {
  const s = scenario();
  const offline = await down(() =>
    run(service, { job: { runId: ++runId, cache: "read-only" }, inputs: s.inputs(), files: reports("a1") }),
  );
  expectSuccess(offline);
  expect(s.entries()).toEqual([]);
  const [artifact, ...others] = s.pending();
  expect(others).toEqual([]);
  expect(artifact).toMatchObject({ name: s.naming().name, retentionDays: 90 });
  const files = await service.artifactFiles(artifact!.id);
  expect([...files.keys()].sort()).toEqual(
    [...hashesOf(offline).map((h) => `${h}.xml`), "names.json"].sort(),
  );
  expect(JSON.parse(files.get("names.json")!.toString("utf8"))).toEqual(
    Object.fromEntries(
      Object.entries(JSON.parse(offline.outputs.canonical_hashes!) as Record<string, string>).map(
        ([f, h]) => [h, f],
      ),
    ),
  );
  expect(offline.summary).toContain(`offline queue: queued in an artifact, ${s.naming().name}`);
  expect(offline.summary).toContain("Offline queue: **2 report(s) waiting**");
  expect(offline.summary).not.toContain("jux publish -f");
  expect(await published(server, s.project)).toEqual([]);

  const online = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: reports("a2") });
  expectSuccess(online);
  expect(await published(server, s.project)).toEqual([...hashesOf(offline), ...hashesOf(online)].sort());
  expect(s.pending()).toEqual([]);
  expect(s.entries()).toEqual([]);
  expect(online.summary).toContain("Offline queue: empty.");
  expect(online.log).toContain("deleted 1 drained pending artifact(s)");
});

test("two refused runs in a row: the second's pending artifact holds both runs' reports and replaces the first", async () => {
  const s = scenario();
  const first = await down(() =>
    run(service, { job: { runId: ++runId, cache: "read-only" }, inputs: s.inputs(), files: reports("b1") }),
  );
  const second = await down(() =>
    run(service, { job: { runId: ++runId, cache: "read-only" }, inputs: s.inputs(), files: reports("b2") }),
  );
  expectSuccess(first);
  expectSuccess(second);
  const [artifact, ...others] = s.pending();
  expect(others).toEqual([]);
  const files = [...(await service.artifactFiles(artifact!.id)).keys()].filter((f) => f.endsWith(".xml"));
  expect(files.sort()).toEqual([...hashesOf(first), ...hashesOf(second)].map((h) => `${h}.xml`).sort());
  const online = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
  expectSuccess(online);
  expect(await published(server, s.project)).toEqual([...hashesOf(first), ...hashesOf(second)].sort());
  expect(s.pending()).toEqual([]);
});

test("without actions: write the drained pending artifact is marked (a note says why); a later run without it neither downloads it nor publishes its reports again; a writer deletes it and its marker", async () => {
  const s = scenario();
  const markers = () => service.artifacts().filter((a) => a.name.startsWith(s.naming().drained));
  const zipsOf = (id: number, from: number) =>
    service
      .requests()
      .slice(from)
      .filter((r) => r.method === "GET" && r.path.endsWith(`/actions/artifacts/${id}/zip`));
  const offline = await down(() =>
    run(service, { job: { runId: ++runId, cache: "read-only" }, inputs: s.inputs(), files: reports("c1") }),
  );
  expectSuccess(offline);
  const readOnly = await run(service, {
    job: { runId: ++runId, restApi: "read" },
    inputs: s.inputs(),
    files: {},
  });
  expectSuccess(readOnly);
  expect(await published(server, s.project)).toEqual(hashesOf(offline));
  const [drained, ...others] = s.pending();
  expect(others).toEqual([]);
  expect(readOnly.summary).toMatch(
    /1 drained pending artifact\(s\) could not be deleted \(.*actions: write\)\); 1 marked so that later runs skip them/,
  );
  const [marker, ...moreMarkers] = markers();
  expect(moreMarkers).toEqual([]);
  expect(marker!.name).toBe(drainedMarkerName(s.naming().drained, drained!.id));
  // Kept no longer than the artifact it names (whose days started earlier).
  expect(marker!.retentionDays).toBeLessThan(drained!.retentionDays!);

  // Another run without actions: write: the marked artifact is skipped, not downloaded, nothing sent again.
  const from = service.requests().length;
  const again = await run(service, {
    job: { runId: ++runId, restApi: "read" },
    inputs: s.inputs(),
    files: {},
  });
  expectSuccess(again);
  expect(zipsOf(drained!.id, from)).toEqual([]);
  expect(again.log).not.toMatch(/duplicate/i);
  expect(again.summary).toContain("Offline queue: empty.");
  expect(s.pending()).toHaveLength(1);
  expect(markers()).toHaveLength(1);

  const writer = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
  expectSuccess(writer);
  expect(zipsOf(drained!.id, from)).toEqual([]);
  expect(writer.log).toContain("deleted 2 marked drained pending artifact(s) and marker(s)");
  expect(await published(server, s.project)).toEqual(hashesOf(offline));
  expect(s.pending()).toEqual([]);
  expect(markers()).toEqual([]);
});

test("another api_url (a staging server) never drains this server's pending artifacts", async () => {
  const s = scenario();
  const offline = await down(() =>
    run(service, { job: { runId: ++runId, cache: "read-only" }, inputs: s.inputs(), files: reports("d1") }),
  );
  expectSuccess(offline);
  const staging = await run(service, {
    job: { runId: ++runId },
    inputs: s.inputs({ api_url: server.url }),
    files: {},
  });
  expectSuccess(staging);
  expect(s.pending()).toHaveLength(1);
  expect(await published(server, s.project)).toEqual([]);
});

test("cache refused and no artifact can be uploaded: the step fails saying the reports are kept nowhere", async () => {
  const s = scenario();
  service.setFaults({ artifactNameConflict: true });
  try {
    const r = await down(() =>
      run(service, { job: { runId: ++runId, cache: "read-only" }, inputs: s.inputs(), files: reports("e1") }),
    );
    expect(r.post.code).not.toBe(0);
    expect(r.log).toMatch(/could not be saved to the offline queue .*, nor as a pending artifact \(names /);
    expect(r.log).toContain("could be kept neither as an artifact nor in the offline queue");
  } finally {
    service.setFaults({});
  }
  expect(s.pending()).toEqual([]);
});

test("a pending artifact someone else uploaded, with a tampered and an unsigned report: both quarantined, never published; the genuine one's reports are", async () => {
  const s = scenario();
  const offline = await down(() =>
    run(service, { job: { runId: ++runId, cache: "read-only" }, inputs: s.inputs(), files: reports("f1") }),
  );
  expectSuccess(offline);
  const genuine = s.pending()[0]!;
  const signed = await service.artifactFiles(genuine.id);
  const [hash, xml] = [...signed].find(([f]) => f.endsWith(".xml"))!;
  const dir = tempDir("jux-evil-");
  const files = join(dir, "files");
  mkdirSync(files);
  writeFileSync(join(files, hash), xml.toString("utf8").replace('id="f1"', 'id="f9"'));
  writeFileSync(join(files, `${"0".repeat(64)}.xml`), PYTEST);
  const evilName = `${s.naming().prefix}evil-attempt1`;
  const up = await runToolkit(
    { job: service.job({ runId: ++runId, job: "evil" }), runnerTemp: dir, workspace: dir },
    {
      op: "upload",
      name: evilName,
      files: [join(files, hash), join(files, `${"0".repeat(64)}.xml`)],
      root: files,
    },
  );
  expect(up.ok).toBe(true);

  const online = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
  expectSuccess(online);
  expect(await published(server, s.project)).toEqual(hashesOf(offline));
  expect(online.log).toMatch(new RegExp(`${evilName}/${hash}.*its signature does not verify`));
  expect(online.log).toMatch(new RegExp(`${evilName}/0{64}\\.xml.*(signature|not signed|Signature)`));
  const quarantine = service.artifacts(runId).find((a) => a.name.includes("-quarantine-"));
  expect(quarantine).toBeDefined();
  // Both collected (their files kept in the quarantine artifact), so both go.
  expect(s.pending()).toEqual([]);
});

test("spill_after_days: an entry last accessed 6 days ago moves with what still waits into a pending artifact, deleted from the cache after; the next run publishes all once", async () => {
  const s = scenario();
  const first = await down(() =>
    run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: reports("g1") }),
  );
  expectSuccess(first);
  const [entry] = s.entries();
  expect(entry).toBeDefined();
  service.setCacheAccess(entry!.key, new Date(Date.now() - 6 * 86_400_000));
  const second = await down(() =>
    run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: reports("g2") }),
  );
  expectSuccess(second);
  expect(second.summary).toMatch(/entries were not accessed for 6\.0 days \(spill_after_days 5/);
  expect(second.summary).toContain(`offline queue: queued in an artifact, ${s.naming().name}`);
  expect(s.entries()).toEqual([]);
  const [artifact, ...others] = s.pending();
  expect(others).toEqual([]);
  const held = [...(await service.artifactFiles(artifact!.id)).keys()].filter((f) => f.endsWith(".xml"));
  expect(held.sort()).toEqual([...hashesOf(first), ...hashesOf(second)].map((h) => `${h}.xml`).sort());

  // No entry near eviction: what waits is saved in the cache again; the pending artifact stays too
  // (a new cache entry does not replace it: other branches' runs could not restore that entry).
  const third = await down(() =>
    run(service, { job: { runId: ++runId }, inputs: s.inputs({ spill_after_days: "6" }), files: {} }),
  );
  expectSuccess(third);
  expect(s.entries()).toHaveLength(1);
  expect(s.pending()).toHaveLength(1);

  const online = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
  expectSuccess(online);
  expect(await published(server, s.project)).toEqual([...hashesOf(first), ...hashesOf(second)].sort());
  expect(s.entries()).toEqual([]);
  expect(s.pending()).toEqual([]);
});

/** One simulated day: every cache entry a day older (its last access), then GitHub's 7-day eviction. */
async function nextDay(evicted: string[]): Promise<void> {
  for (const c of service.caches())
    service.setCacheAccess(c.key, new Date(Date.parse(c.lastAccessedAt) - 86_400_000));
  evicted.push(...(await service.evictCaches(new Date(Date.now() - 7 * 86_400_000))));
}

test("a 30-day outage: 3 matrix legs on 9 of the days, cache saves refused on 3 of them (one also without actions: write), entries aged and evicted between runs, one report the server refuses for good; after recovery, by runs alone, every signed report is on the server exactly once or in a rejected artifact with its reason, and no queue is left", async () => {
  const s = scenario();
  // A server that refuses a report over 16 KB for good (413), as any jux serve --max-body does.
  const strict = await startServer(["--token", API_KEY, "--max-body", "16KB"]);
  sw.target(strict.url);
  try {
    await outage(s, strict);
  } finally {
    sw.target(server.url);
    await strict.stop();
  }
  // About 40 s alone; the room lets a step that hangs be stopped by the runner's watchdog, which says what it waited on.
}, 600_000);

/** A report too large for the strict server: the pytest fixture with 40 KB of captured output. */
function oversized(tag: string): Buffer {
  const xml = reports(tag)["reports/pytest.xml"]!.toString("utf8");
  return Buffer.from(
    xml.replace("</testsuite>", `<system-out>${"x".repeat(40_000)}</system-out></testsuite>`),
  );
}

async function outage(s: ReturnType<typeof scenario>, strict: Server): Promise<void> {
  type Day = { cache: "read-write" | "read-only"; restApi?: "read" };
  const rw: Day = { cache: "read-write" };
  const ro: Day = { cache: "read-only" };
  // Day 11: cache read-only and no actions: write (nothing can be deleted), then 8 days without a run: that
  // day's cache entries are evicted, while their reports wait in the pending artifacts.
  const days = new Map<number, Day>([
    [0, rw],
    [1, ro],
    [2, rw],
    [5, rw],
    [11, { cache: "read-only", restApi: "read" }],
    [19, rw],
    [20, ro],
    [24, rw],
    [29, rw],
  ]);
  const signed: string[] = [];
  let refusedForGood: string | undefined;
  const evicted: string[] = [];
  const queues = new Set<string>();
  for (let day = 0; day < 30; day++) {
    const today = days.get(day);
    if (today) {
      const matrixRun = ++runId;
      const legs = await down(() =>
        Promise.all(
          ["linux", "macos", "windows"].map((leg) =>
            run(service, {
              job: { runId: matrixRun, job: "test", leg, ...today },
              inputs: s.inputs(),
              files: {
                "reports/pytest.xml":
                  day === 11 && leg === "linux"
                    ? oversized(`d${day}-${leg}`)
                    : reports(`d${day}-${leg}`)["reports/pytest.xml"]!,
              },
            }),
          ),
        ),
      );
      for (const leg of legs) {
        expectSuccess(leg);
        signed.push(...hashesOf(leg));
        if (day === 11 && leg === legs[0]) refusedForGood = hashesOf(leg)[0];
        queues.add(
          /offline queue: (queued in an artifact|the Actions cache)/.exec(leg.summary)?.[1] ?? "none",
        );
      }
    }
    await nextDay(evicted);
  }
  // Both queues were used, and waiting entries were on their way out.
  expect([...queues].sort()).toEqual(["queued in an artifact", "the Actions cache"]);
  expect(signed).toHaveLength(3 * days.size);
  // The cache did evict entries that still held waiting reports (day 11's), as GitHub would.
  expect(evicted.length).toBeGreaterThan(0);
  expect(await published(strict, s.project)).toEqual([]);

  // Recovery: the next runs publish everything that waits, wherever it waits (20 pending artifacts per run); the
  // run that sends the oversized report fails on it and keeps it, with the server's reason, in its -rejected artifact.
  const published_ = signed.filter((h) => h !== refusedForGood).sort();
  const recovery: JobRun[] = [];
  const recoveryRuns: number[] = [];
  let onServer: string[] = [];
  for (let i = 0; i < 4 && onServer.length < published_.length; i++) {
    recoveryRuns.push(++runId);
    recovery.push(await run(service, { job: { runId, job: "test" }, inputs: s.inputs(), files: {} }));
    onServer = await published(strict, s.project);
  }
  expect(onServer).toEqual(published_);
  const rejected = recoveryRuns.flatMap((id) =>
    service.artifacts(id).filter((a) => a.name.includes("-rejected")),
  );
  expect(rejected).toHaveLength(1);
  const held = await service.artifactFiles(rejected[0]!.id);
  expect([...held.keys()].sort()).toEqual([`${refusedForGood}.reason.json`, `${refusedForGood}.xml`]);
  expect(JSON.parse(held.get(`${refusedForGood}.reason.json`)!.toString())).toMatchObject({
    kind: "rejected",
    status: 413,
  });
  // An earlier run's report refused: said in the summary of the run that met it, which does not fail for it.
  for (const r of recovery) expectSuccess(r);
  expect(recovery.filter((r) => r.summary.includes("413"))).toHaveLength(1);
  expect(s.entries()).toEqual([]);
  expect(s.pending()).toEqual([]);
  const after = await run(service, { job: { runId: ++runId, job: "test" }, inputs: s.inputs(), files: {} });
  expectSuccess(after);
  expect(after.log).not.toContain("413");
  expect(service.artifacts(runId).filter((a) => a.name.includes("-rejected"))).toEqual([]);
  expect(await published(strict, s.project)).toEqual(published_);
}

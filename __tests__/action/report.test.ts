import { describe, expect, test } from "@jest/globals";
import type { Manifest } from "../../src/action/manifest.js";
import { failure, rowsOf, type PostOutcome, type QueueView } from "../../src/action/report.js";
import type { ModeResult, ReportResult } from "../../src/core/publish/modes.js";

const H1 = "1".repeat(64);
const H2 = "2".repeat(64);
const H3 = "3".repeat(64);
const counts = { tests: 3, passed: 2, failures: 1, errors: 0, skipped: 0, time: 1 };

function manifest(over: Partial<Manifest> = {}): Manifest {
  return {
    dir: "/run",
    mode: "cache",
    reports: [{ name: "junit.xml", copy: "/run/signed/junit.xml", hash: H1, signed: true, ...counts }],
    failed: [],
    ...over,
  };
}

const result = (id: string, hash: string, outcome: ReportResult["outcome"]): ReportResult => ({
  id,
  hash,
  outcome,
  stored: true,
});

function run(over: Partial<ModeResult> = {}): ModeResult {
  return {
    mode: "cache",
    results: [result("junit.xml", H1, { kind: "published", testRunId: "r1" })],
    earlier: [],
    quarantined: [],
    ok: true,
    ...over,
  };
}

function queue(
  over: Partial<QueueView> & { names?: Record<string, string>; rechecked?: string[] } = {},
): QueueView {
  return {
    earlierCounts: over.earlierCounts ?? new Map(),
    setAside: over.setAside ?? [],
    nameOf: (h) => over.names?.[h],
    recheckedOnly: () => new Set(over.rechecked ?? []),
  };
}

describe("rowsOf: the summary's rows", () => {
  test("an earlier run's report is named as its entry recorded it, with its counts from the queue", () => {
    const o: PostOutcome = {
      run: run({ earlier: [result(`queue/${H2}.xml`, H2, { kind: "published", testRunId: "r2" })] }),
      queue: queue({ names: { [H2]: "old/junit.xml" }, earlierCounts: new Map([[H2, counts]]) }),
    };
    expect(rowsOf(manifest(), o)).toEqual([
      {
        file: "junit.xml",
        tests: 3,
        failures: 1,
        errors: 0,
        skipped: 0,
        hash: H1,
        outcome: "published (test run r1)",
        good: true,
      },
      {
        file: "old/junit.xml (earlier run)",
        tests: 3,
        failures: 1,
        errors: 0,
        skipped: 0,
        hash: H2,
        outcome: "published (test run r2)",
        good: true,
      },
    ]);
  });

  test("a duplicate of a report only superseded entries held is no news: no row; other duplicates keep theirs", () => {
    const o: PostOutcome = {
      run: run({
        earlier: [
          result(`queue/${H2}.xml`, H2, { kind: "duplicate" }),
          result(`queue/${H3}.xml`, H3, { kind: "duplicate" }),
        ],
      }),
      queue: queue({ rechecked: [H2] }),
    };
    expect(rowsOf(manifest(), o).map((r) => r.hash)).toEqual([H1, H3]);
  });

  test("quarantined store files and set-aside queue files each get a failing row; so does an unsigned file", () => {
    const o: PostOutcome = {
      run: run({ quarantined: [{ name: `${H2}.xml`, reason: "modified", movedTo: "/q" }] }),
      queue: queue({ setAside: [{ name: "k-1/evil.sh", reason: "not a queued report" }] }),
    };
    const rows = rowsOf(manifest({ failed: [{ name: "bad.xml", reason: "not XML" }] }), o).slice(1);
    expect(rows).toEqual([
      { file: `${H2}.xml`, outcome: "quarantined: modified", good: false },
      { file: "k-1/evil.sh", outcome: "quarantined, not published: not a queued report", good: false },
      { file: "bad.xml", outcome: "not signed: not XML", good: false },
    ]);
  });

  test("nothing published: the reports as kept in the artifact, unsigned, or not kept", () => {
    const artifact = { id: 1, name: "jux-reports", url: "https://x/1", size: 1 };
    expect(rowsOf(manifest({ artifact }), {})[0]).toMatchObject({
      outcome: "stored in artifact jux-reports",
      good: true,
    });
    expect(rowsOf(manifest({ unsignedReason: "no key" }), {})[0]).toMatchObject({
      outcome: "kept unsigned (not published)",
      good: true,
    });
    expect(rowsOf(manifest({ artifactProblem: "403" }), {})[0]).toMatchObject({
      outcome: "not kept: 403",
      good: false,
    });
  });
});

describe("failure: when the post step fails", () => {
  test("reports that could be kept neither in the queue nor as an artifact are lost: fail", () => {
    const settled = { depth: 1, saveProblem: "refused", notes: [] };
    expect(failure(manifest(), { run: run(), settled })).toMatch(
      /kept neither as an artifact nor in the offline queue/,
    );
  });
  test("a queue that could not be saved while an artifact holds the reports does not fail the step", () => {
    const artifact = { id: 1, name: "jux-reports", url: "https://x/1", size: 1 };
    expect(
      failure(manifest({ artifact }), { run: run(), settled: { depth: 1, saveProblem: "x", notes: [] } }),
    ).toBeUndefined();
  });
  test("a storage mode's contract not met fails the step; nothing published, or all well, does not", () => {
    expect(failure(manifest({ mode: "api" }), { run: run({ ok: false }) })).toBe(
      "storage mode api: not every report could be published (see the job summary)",
    );
    expect(failure(manifest(), {})).toBeUndefined();
    expect(failure(manifest(), { run: run() })).toBeUndefined();
  });
});

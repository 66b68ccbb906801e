/**
 * Which runs retention deletes (src/server/retention-policy.ts): by age, past the newest N of a branch, never the
 * branch's newest run nor its newest run no pull request made, ties going by the order runs were stored; the
 * option values refused; the log line.
 */
import { describe, expect, it } from "@jest/globals";
import {
  parseRetentionCount,
  retentionLine,
  runsToDelete,
  type RetentionRun,
} from "../../src/server/retention-policy.js";

const NOW = new Date("2026-12-05T12:00:00.000Z");
const DAY = 86_400_000;

/** A run stored `daysAgo` days before NOW (seq: the order stored, a later one higher). */
function run(id: string, daysAgo: number, seq: number, pullRequest = false): RetentionRun {
  return {
    id,
    seq,
    inserted_at: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
    pull_request: pullRequest ? 1 : 0,
  };
}

const ids = (d: { id: string }[]) => d.map((x) => x.id).sort();

describe("runsToDelete", () => {
  it("deletes the runs stored more than N days before now, and only those", () => {
    const runs = [run("new", 1, 4), run("edge", 30, 3), run("old", 30.001, 2), run("older", 400, 1)];
    expect(runsToDelete(runs, { days: 30 }, NOW)).toEqual([
      { id: "old", reason: "age" },
      { id: "older", reason: "age" },
    ]);
  });

  it("keeps the newest N of the branch with --keep-latest, whatever their age", () => {
    const runs = [1, 2, 3, 4, 5].map((d) => run(`r${d}`, d * 100, 10 - d));
    expect(runsToDelete(runs, { keepLatest: 2 }, NOW)).toEqual([
      { id: "r3", reason: "rank" },
      { id: "r4", reason: "rank" },
      { id: "r5", reason: "rank" },
    ]);
  });

  it("never deletes the newest run, even when every run is older than the limit", () => {
    const runs = [run("a", 90, 1), run("b", 80, 2), run("c", 70, 3)];
    expect(ids(runsToDelete(runs, { days: 1 }, NOW))).toEqual(["a", "b"]);
    expect(ids(runsToDelete([run("only", 999, 1)], { days: 1, keepLatest: 1 }, NOW))).toEqual([]);
  });

  it("keeps the runs the caller protects (the branch's bases and their legs) besides its newest run", () => {
    const runs = [
      run("pr3", 1, 6, true),
      run("pr2", 2, 5, true),
      run("base", 50, 4),
      run("pr1", 60, 3, true),
      run("main-old", 70, 2),
    ];
    const doomed = runsToDelete(runs, { days: 30, keepLatest: 1 }, NOW, new Set(["base"]));
    expect(doomed).toEqual([
      { id: "pr2", reason: "rank" },
      { id: "pr1", reason: "age" },
      { id: "main-old", reason: "age" },
    ]);
  });

  it("counts a run that is both too old and past the newest N once, as too old", () => {
    const runs = [run("a", 1, 3), run("b", 2, 2), run("c", 100, 1)];
    expect(runsToDelete(runs, { days: 30, keepLatest: 1 }, NOW)).toEqual([
      { id: "b", reason: "rank" },
      { id: "c", reason: "age" },
    ]);
  });

  it("orders runs stored in the same millisecond by the order they were stored, whatever order they come in", () => {
    const same = (id: string, seq: number) => run(id, 40, seq);
    const runs = [same("first", 1), same("third", 3), same("second", 2)];
    expect(ids(runsToDelete(runs, { keepLatest: 1 }, NOW))).toEqual(["first", "second"]);
    expect(ids(runsToDelete([...runs].reverse(), { days: 30 }, NOW))).toEqual(["first", "second"]);
  });

  it("takes now from the caller: the same runs go or stay with the clock", () => {
    const runs = [run("new", 0, 2), run("old", 10, 1)];
    expect(runsToDelete(runs, { days: 30 }, NOW)).toEqual([]);
    expect(runsToDelete(runs, { days: 30 }, new Date(NOW.getTime() + 21 * DAY))).toEqual([
      { id: "old", reason: "age" },
    ]);
  });

  it("deletes nothing without a limit, and nothing from an empty branch", () => {
    expect(runsToDelete([run("a", 500, 1), run("b", 600, 0)], {}, NOW)).toEqual([]);
    expect(runsToDelete([], { days: 1, keepLatest: 1 }, NOW)).toEqual([]);
  });
});

describe("parseRetentionCount", () => {
  it("takes a whole number from 1", () => {
    expect(parseRetentionCount("30", "--retention-days")).toBe(30);
    expect(parseRetentionCount("1", "--keep-latest")).toBe(1);
  });

  it.each(["0", "-1", "1.5", "1e3", "", "abc", "0x10", "9999999", " "])(
    "refuses %p, naming the option and what it allows",
    (value) => {
      expect(() => parseRetentionCount(value, "--keep-latest")).toThrow(
        `jux serve: --keep-latest must be a whole number from 1 to 1000000, not "${value}"`,
      );
    },
  );
});

describe("retentionLine", () => {
  it("says how many went and why, in one line", () => {
    expect(retentionLine({ age: 2, rank: 3 }, { days: 30, keepLatest: 3 })).toBe(
      "jux serve: retention: deleted 5 run(s) (older than 30 days: 2, beyond the newest 3 per branch: 3), kept the newest run of each branch",
    );
    expect(retentionLine({ age: 4, rank: 0 }, { days: 7 })).toBe(
      "jux serve: retention: deleted 4 run(s) (older than 7 days: 4), kept the newest run of each branch",
    );
  });

  it("says nothing when nothing went", () => {
    expect(retentionLine({ age: 0, rank: 0 }, { days: 30, keepLatest: 3 })).toBeUndefined();
  });
});

import { describe, expect, test } from "@jest/globals";
import { emptyCollected, type QueueEntry } from "../../../src/action/queue/collected.js";
import { needsMarker, recheckedOnly, redundantEntries } from "../../../src/action/queue/supersede.js";

const MAIN = "refs/heads/main";
const entry = (key: string, hashes: string[], ref = MAIN, marker?: true): QueueEntry => ({
  key,
  ref,
  hashes,
  ...(marker ? { marker } : {}),
});

function collected(entries: QueueEntry[], superseded: QueueEntry[] = [], listed = true) {
  return { ...emptyCollected(), entries, superseded, listed };
}

describe("redundantEntries: which collected entries may go", () => {
  test("an entry whose every report left the queue goes; one with a report still queued stays", () => {
    const drained = entry("k-1", ["a", "b"]);
    const waiting = entry("k-2", ["b", "c"]);
    expect(redundantEntries(collected([drained, waiting]), new Set(["c"]), MAIN, false)).toEqual([drained]);
  });

  test("once this run saved what waits, its own ref's entries go; another ref's entry with queued reports stays", () => {
    const mine = entry("k-1", ["c"]);
    const other = entry("k-2", ["c"], "refs/heads/feature");
    const c = collected([mine, other]);
    expect(redundantEntries(c, new Set(["c"]), MAIN, true)).toEqual([mine]);
    expect(redundantEntries(c, new Set(["c"]), MAIN, false)).toEqual([]);
  });

  test("an entry another entry names as superseded goes by the same rule, never on that word alone", () => {
    const hinted = entry("k-0", ["a"], "refs/heads/feature");
    const c = collected([], [hinted]);
    expect(redundantEntries(c, new Set(["a"]), MAIN, true)).toEqual([]);
    expect(redundantEntries(c, new Set(), MAIN, false)).toEqual([hinted]);
  });

  test("a marker (no reports) always goes", () => {
    const marker = entry("k-m", [], "refs/heads/other", true);
    expect(redundantEntries(collected([marker]), new Set(["x"]), MAIN, false)).toEqual([marker]);
  });
});

test("recheckedOnly: the reports only superseded entries held (a duplicate of one is no news)", () => {
  const c = collected([entry("k-2", ["b"])], [entry("k-1", ["a", "b"])]);
  expect(recheckedOnly(c)).toEqual(new Set(["a"]));
});

describe("needsMarker: when entries that could not be deleted are named in a marker entry", () => {
  const restored = entry("k-1", ["a"]);
  const marker = entry("k-m", [], MAIN, true);
  test("only with nothing else saved, the entries listed, and one of them restored this run", () => {
    const c = collected([restored, marker]);
    expect(needsMarker(c, [restored], 0)).toBe(true);
    expect(needsMarker(c, [restored], 1)).toBe(false);
    expect(needsMarker(collected([restored], [], false), [restored], 0)).toBe(false);
  });
  test("not for a marker, nor for an entry a marker covers (superseded, not restored as an entry)", () => {
    const covered = entry("k-0", ["z"]);
    const c = collected([marker], [covered]);
    expect(needsMarker(c, [marker, covered], 0)).toBe(false);
  });
});

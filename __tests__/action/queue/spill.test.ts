/** When the offline queue leaves the cache for a pending artifact: by the entries' last access, on a fixed clock. */
import { describe, expect, test } from "@jest/globals";
import { spillDue } from "../../../src/action/queue/spill.js";

const NOW = Date.parse("2026-12-20T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();

describe("spillDue", () => {
  test("an entry not accessed for spill_after_days or more: due, with the oldest entry's age", () => {
    expect(spillDue([daysAgo(1), daysAgo(5), daysAgo(2)], NOW, 5)).toBeCloseTo(5, 6);
    expect(spillDue([daysAgo(6.5)], NOW, 5)).toBeCloseTo(6.5, 6);
  });

  test("every entry accessed more recently: not due", () => {
    expect(spillDue([daysAgo(4.99), daysAgo(0)], NOW, 5)).toBeUndefined();
    expect(spillDue([daysAgo(1.5)], NOW, 2)).toBeUndefined();
  });

  test("no entry listed, or times that do not parse (a hostile or changed API answer): not due", () => {
    expect(spillDue([], NOW, 1)).toBeUndefined();
    expect(spillDue(["yesterday", ""], NOW, 1)).toBeUndefined();
    expect(spillDue(["yesterday", daysAgo(3)], NOW, 1)).toBeCloseTo(3, 6);
  });
});

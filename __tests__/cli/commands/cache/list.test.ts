import { describe, expect, test } from "@jest/globals";
import { dateOption, listed } from "../../../../src/cli/commands/cache/list.js";
import type { StoredEntry } from "../../../../src/core/store/store.js";
import { UsageError } from "../../../../src/core/command/io.js";

function entry(over: Partial<StoredEntry>): StoredEntry {
  return {
    hash: "0".repeat(64),
    area: "reports",
    path: "/s/reports/x.xml",
    size: 1,
    storedAt: "2026-03-01T00:00:00.000Z",
    tests: 1,
    failures: 0,
    errors: 0,
    skipped: 0,
    passed: 1,
    time: 0,
    signed: false,
    ...over,
  };
}

describe("jux cache list decisions", () => {
  test("--since/--until: a bare date is the day's first or last millisecond (UTC); a date-time is as given", () => {
    expect(dateOption("since", "2026-02-10", false)).toBe(Date.parse("2026-02-10T00:00:00Z"));
    expect(dateOption("until", "2026-02-10", true)).toBe(Date.parse("2026-02-10T23:59:59.999Z"));
    expect(dateOption("until", "2026-02-10T12:00Z", true)).toBe(Date.parse("2026-02-10T12:00Z"));
    expect(dateOption("since", undefined, false)).toBeUndefined();
  });

  test("a value that is not a date is a usage error naming the option and an example", () => {
    expect(() => dateOption("until", "2026-13-45x", true)).toThrow(UsageError);
    expect(() => dateOption("until", "soon", true)).toThrow(
      'jux cache list: --until "soon" is not a date (e.g. 2026-01-31 or 2026-01-31T12:00Z)',
    );
  });

  test("the time filtered on is jux:timestamp, else (absent or not a date) when it was stored; bounds inclusive", () => {
    const at = Date.parse("2026-01-10T08:00:00Z");
    const stamped = entry({ timestamp: "2026-01-10T08:00:00Z" });
    expect(listed(stamped, { since: at, until: at })).toBe(true);
    expect(listed(stamped, { since: at + 1 })).toBe(false);
    const stored = Date.parse("2026-03-01T00:00:00Z");
    for (const e of [entry({}), entry({ timestamp: "not a date" })]) {
      expect(listed(e, { since: stored, until: stored })).toBe(true);
      expect(listed(e, { until: at })).toBe(false);
    }
  });

  test("project, branch and status must all match; status is the run's: errors before failures", () => {
    const e = entry({ project: "alpha", branch: "main", failures: 1, errors: 1, passed: 0 });
    expect(listed(e, {})).toBe(true);
    expect(listed(e, { project: "alpha", branch: "main", status: "error" })).toBe(true);
    expect(listed(e, { status: "failed" })).toBe(false);
    expect(listed(e, { project: "alpha", branch: "dev" })).toBe(false);
    expect(listed(entry({}), { project: "alpha" })).toBe(false);
  });
});

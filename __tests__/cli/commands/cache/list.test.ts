import { describe, expect, test } from "@jest/globals";
import { queryOf, timeOption } from "../../../../src/cli/commands/cache/query-options.js";
import { matches as listed } from "../../../../src/core/store/query.js";
import type { StoredEntry } from "../../../../src/core/store/store.js";
import { UsageError } from "../../../../src/core/command/io.js";

const NOW = new Date("2026-03-10T12:00:00.000Z");
/** --until's bare date includes its whole day: the option's name says which end (the old third argument). */
const dateOption = (name: "since" | "until", value: string | undefined, endOfDay: boolean) => {
  expect(endOfDay).toBe(name === "until");
  return timeOption("list", name, value, NOW);
};

function entry(over: Partial<StoredEntry>): StoredEntry {
  return {
    hash: "0".repeat(64),
    area: "reports",
    path: "/s/reports/x.xml",
    size: 1,
    compression: "none",
    originalSize: 1,
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
    // Durations are accepted now (7d, 12h): the message says both.
    expect(() => dateOption("until", "soon", true)).toThrow(
      'jux cache list: --until "soon" is neither a duration nor a date (e.g. 7d, 12h, 2026-01-31 or 2026-01-31T12:00Z)',
    );
  });

  test("--since/--until take a duration back from now: 7d, 12h, 30m, 2w, 90s", () => {
    expect(dateOption("since", "7d", false)).toBe(NOW.getTime() - 7 * 86_400_000);
    expect(dateOption("since", "12h", false)).toBe(NOW.getTime() - 12 * 3_600_000);
    expect(dateOption("since", "30m", false)).toBe(NOW.getTime() - 30 * 60_000);
    expect(dateOption("since", "2w", false)).toBe(NOW.getTime() - 14 * 86_400_000);
    expect(dateOption("until", "90s", true)).toBe(NOW.getTime() - 90_000);
    for (const bad of ["7", "d", "-7d", "7y", "1", "7 days"])
      expect(() => dateOption("since", bad, false)).toThrow(UsageError);
  });

  test("--commit: the full SHA or a prefix of 7 or more, case-insensitive; shorter or not hex is a usage error", () => {
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const e = entry({ commit: sha });
    expect(listed(e, { commit: sha })).toBe(true);
    expect(listed(e, { commit: "0123456" })).toBe(true);
    expect(listed(e, { commit: "0123456789ABCDEF" })).toBe(true);
    expect(listed(e, { commit: "012345" })).toBe(false);
    expect(listed(e, { commit: "1123456" })).toBe(false);
    expect(listed(entry({}), { commit: sha })).toBe(false);
    for (const bad of ["main", "362e3", "012345", "0123456g"])
      expect(() => queryOf("list", { commit: bad }, NOW)).toThrow(
        `jux cache list: --commit "${bad}": --commit needs a full SHA or a prefix of 7 or more hex digits (git rev-parse --short HEAD)`,
      );
    expect(queryOf("list", { commit: "abcdef0", area: "queue" }, NOW)).toEqual({
      area: "queue",
      query: {
        project: undefined,
        branch: undefined,
        commit: "abcdef0",
        status: undefined,
        since: undefined,
        until: undefined,
      },
    });
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

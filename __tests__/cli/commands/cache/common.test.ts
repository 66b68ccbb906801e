import { describe, expect, test } from "@jest/globals";
import { exactPositionals, limitWarningLine } from "../../../../src/cli/commands/cache/common.js";

describe("jux cache positionals", () => {
  test("a subcommand that takes none says so when given one", () => {
    expect(() => exactPositionals("list", ["bogus"], [])).toThrow(
      'jux cache list: expected no arguments, only options, got "bogus" (see jux cache list --help)',
    );
  });

  test("one that takes two names them and what it got", () => {
    expect(() => exactPositionals("compare", ["a"], ["A", "B"])).toThrow(
      'jux cache compare: expected A B, got "a" (see jux cache compare --help)',
    );
    expect(exactPositionals("compare", ["a", "b"], ["A", "B"])).toEqual(["a", "b"]);
  });
});

describe("the limits' lines", () => {
  test("rotation names the stored reports (every mode), how many, and where to see what is left", () => {
    expect(limitWarningLine({ kind: "rotated", limit: "max_reports", removed: 2, current: 4, max: 4 })).toBe(
      "removed the 2 oldest stored reports (never a queued or rejected one) to keep the store within its max_reports 4 reports; it now holds 4 reports (jux cache list shows them; raise max_reports to keep more)",
    );
    expect(
      limitWarningLine({ kind: "rotated", limit: "max_size", removed: 1, current: 9000, max: 12000 }),
    ).toMatch(
      /^removed the oldest stored report \(never a queued or rejected one\) to keep the store within its max_size 12\.0 kB; it now holds 9\.0 kB /,
    );
  });

  test("near and above a limit: both warnings start 'warning:', as every jux warning", () => {
    const near = limitWarningLine({ kind: "near", limit: "max_size", current: 10_000, max: 12_000 });
    expect(near).toMatch(
      /^warning: the store holds 10\.0 kB, 83 % of its max_size 12\.0 kB; past it the oldest stored reports \(never a queued or rejected one\) are removed/,
    );
    const pinned = limitWarningLine({
      kind: "pinned",
      limit: "max_reports",
      pinned: 3,
      queued: 3,
      rejected: 0,
      max: 2,
    });
    expect(pinned).toMatch(/^warning: the store is above its max_reports 2 reports and nothing was removed/);
  });
});

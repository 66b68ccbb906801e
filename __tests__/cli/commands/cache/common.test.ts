import { describe, expect, test } from "@jest/globals";
import { exactPositionals } from "../../../../src/cli/commands/cache/common.js";

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

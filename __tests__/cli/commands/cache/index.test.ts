import { describe, expect, test } from "@jest/globals";
import { storagePathFirst } from "../../../../src/cli/commands/cache/index.js";

describe("jux cache dispatch", () => {
  test("pytest-jux's --storage-path before the subcommand is moved after it, in both spellings", () => {
    expect(storagePathFirst(["--storage-path", "S", "list", "--json"])).toEqual([
      "list",
      "--storage-path",
      "S",
      "--json",
    ]);
    expect(storagePathFirst(["--storage-path=S", "show", "ab12"])).toEqual([
      "show",
      "--storage-path=S",
      "ab12",
    ]);
  });

  test("without a subcommand after it, or elsewhere on the line, the arguments are left as they are", () => {
    for (const argv of [["--storage-path", "S"], ["--storage-path=S"], ["list", "--storage-path", "S"], []])
      expect(storagePathFirst(argv)).toEqual(argv);
  });
});

/** The global --profile flag (settings.ts globalProfile): taken out of the arguments wherever it is, before `--`. */
import { describe, expect, test } from "@jest/globals";
import { globalProfile } from "../../src/cli/settings.js";
import { UsageError } from "../../src/core/command/io.js";

describe("globalProfile", () => {
  test("before the command, after it, or as --profile=NAME; the rest kept in order", () => {
    expect(globalProfile(["--profile", "a", "publish", "s.xml"])).toEqual({
      argv: ["publish", "s.xml"],
      profile: "a",
    });
    expect(globalProfile(["cache", "list", "--profile", "b", "--json"])).toEqual({
      argv: ["cache", "list", "--json"],
      profile: "b",
    });
    expect(globalProfile(["config", "dump", "--profile=ci-fast"])).toEqual({
      argv: ["config", "dump"],
      profile: "ci-fast",
    });
  });

  test("none: the arguments unchanged; --profiles (jux config list) is not the flag", () => {
    expect(globalProfile(["config", "list", "--profiles"])).toEqual({
      argv: ["config", "list", "--profiles"],
    });
  });

  test("after -- it is an operand, left alone", () => {
    expect(globalProfile(["sign", "--", "--profile", "x"])).toEqual({
      argv: ["sign", "--", "--profile", "x"],
    });
  });

  test("without a name, or two different ones: a usage error", () => {
    for (const argv of [["--profile"], ["--profile", "--json"], ["--profile="], ["sign", "--profile", ""]])
      expect(() => globalProfile(argv)).toThrow(UsageError);
    expect(() => globalProfile(["--profile", "a", "x", "--profile", "b"])).toThrow(
      "jux: --profile is given twice (a and b): give one",
    );
    expect(globalProfile(["--profile", "a", "x", "--profile", "a"]).profile).toBe("a");
  });
});

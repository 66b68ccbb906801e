import { describe, expect, test } from "@jest/globals";
import { bytes, duration } from "../../../../src/cli/commands/cache/format.js";

describe("jux cache output", () => {
  test("bytes: plain below 1 KiB, then one decimal in powers of 1024, TB the largest unit", () => {
    expect(bytes(1023)).toBe("1023 B");
    expect(bytes(1024)).toBe("1.0 KB");
    expect(bytes(1536 * 1024)).toBe("1.5 MB");
    expect(bytes(1024 ** 3)).toBe("1.0 GB");
    expect(bytes(2048 * 1024 ** 4)).toBe("2048.0 TB");
  });

  test("duration: rounded down, switching unit at 2 min, 2 h and 2 days", () => {
    expect([119, 120, 7199, 7200, 2 * 86400 - 1, 2 * 86400].map(duration)).toEqual([
      "119 s",
      "2 min",
      "119 min",
      "2 h",
      "47 h",
      "2 days",
    ]);
  });
});

import { describe, expect, test } from "@jest/globals";
import { bytes, countsText, duration } from "../../../../src/cli/commands/cache/format.js";
import { parseSize } from "../../../../src/core/config/size.js";

describe("jux cache output", () => {
  test("bytes: as max_size reads a size (kB, MB, GB: powers of 1000), one decimal, TB the largest unit", () => {
    expect(bytes(999)).toBe("999 B");
    expect(bytes(1000)).toBe("1.0 kB");
    expect(bytes(parseSize("12KB", "max_size"))).toBe("12.0 kB");
    expect(bytes(parseSize("500MB", "max_size"))).toBe("500.0 MB");
    expect(bytes(999_999)).toBe("1.0 MB");
    expect(bytes(1536 * 1000 * 1000)).toBe("1.5 GB");
    expect(bytes(2048 * 1000 ** 4)).toBe("2048.0 TB");
  });

  test("countsText: 1 test, 1 error; otherwise plurals", () => {
    const e = (tests: number, errors: number) =>
      ({ tests, failures: 0, errors, skipped: 0 }) as Parameters<typeof countsText>[0];
    expect(countsText(e(1, 1))).toBe("1 test, 0 failed, 1 error, 0 skipped");
    expect(countsText(e(2, 0))).toBe("2 tests, 0 failed, 0 errors, 0 skipped");
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

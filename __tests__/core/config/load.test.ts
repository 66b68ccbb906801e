import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkConfig, type LoadOptions } from "../../../src/core/config/index.js";

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "jux-load-"));
  mkdirSync(join(root, "repo", ".git"), { recursive: true });
  mkdirSync(join(root, "home"));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function options(env: Record<string, string>): LoadOptions {
  return {
    env: { XDG_CONFIG_HOME: join(root, "xdg"), ...env },
    cwd: join(root, "repo"),
    homedir: join(root, "home"),
    platform: "linux",
    systemFile: join(root, "etc", "jux", "config"),
  };
}

describe("a publishing storage mode without api_url is warned about", () => {
  test.each(["api", "both", "cache"])("%s", async (mode) => {
    const check = await checkConfig(options({ JUX_STORAGE_MODE: mode }));
    expect(check.warnings).toContain(`storage_mode is ${mode} but no api_url is set: publishing will fail`);
  });

  test("local is not", async () => {
    const check = await checkConfig(options({ JUX_STORAGE_MODE: "local" }));
    expect(check.warnings.filter((w) => w.includes("api_url"))).toEqual([]);
  });
});

describe("a configured value holding a control character is refused, by the one rule of core/text.ts", () => {
  test.each(["0085", "009B", "2028", "2029", "0007", "007F"])("U+%s", async (hex) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    const check = await checkConfig(
      options({ JUX_PROJECT_NAME: `demo${c}x`, JUX_API_KEY: `k${c}${"x".repeat(40)}` }),
    );
    expect(check.problems).toEqual([
      expect.stringContaining("contains a line break or control character (value not shown)"),
      expect.stringContaining("contains a line break or control character: "),
    ]);
  });

  test("other text is not", async () => {
    const check = await checkConfig(options({ JUX_PROJECT_NAME: "démo – ✓" }));
    expect(check.problems).toEqual([]);
  });
});

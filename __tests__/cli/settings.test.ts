import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { signSettings } from "../../src/cli/settings.js";
import type { CliIo } from "../../src/core/command/io.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-settings-"));
  mkdirSync(join(dir, "home"));
  writeFileSync(join(dir, "key.pem"), "not read for its content here\n");
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function io(): CliIo {
  return {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env: { HOME: join(dir, "home"), XDG_CONFIG_HOME: join(dir, "xdg") },
    cwd: dir,
  };
}

describe("--c14n takes the configuration's rule for c14n", () => {
  test("its choices, in any case, as c14n in a file or JUX_C14N", async () => {
    const key = join(dir, "key.pem");
    expect((await signSettings({ key, c14n: "EXCLUSIVE" }, io())).c14n).toBe("exclusive");
    expect((await signSettings({ key, c14n: "C14N11" }, io())).c14n).toBe("c14n11");
  });

  test("anything else is a usage error naming the choices (exc-c14n is no alias)", async () => {
    await expect(signSettings({ c14n: "exc-c14n" }, io())).rejects.toThrow(
      'jux sign: --c14n: expected one of c14n11, exclusive, got "exc-c14n"',
    );
  });
});

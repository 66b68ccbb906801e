import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { apiConfiguration, signSettings } from "../../src/cli/settings.js";
import { ConfigError } from "../../src/core/config/index.js";
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

describe("apiConfiguration: the one configuration of jux publish and jux compare", () => {
  function capture(env: NodeJS.ProcessEnv = {}): CliIo & { err: () => string } {
    const base = io();
    const stderr = new PassThrough();
    let err = "";
    stderr.setEncoding("utf8").on("data", (t: string) => (err += t));
    return {
      ...base,
      stderr,
      env: { ...base.env, JUX_SYSTEM_CONFIG: join(dir, "none"), ...env },
      err: () => err,
    };
  }

  test("the command line's settings win over JUX_*; a project file holding the key is warned about on stderr", async () => {
    writeFileSync(
      join(dir, ".jux.conf"),
      "[jux]\napi_url = http://file.example/api/v1\napi_key = file-key-0123456789\n",
    );
    const out = capture({ JUX_API_URL: "http://env.example/api/v1" });
    const { config, origins } = await apiConfiguration(
      { api_url: "http://flag.example/api/v1", api_timeout: "7" },
      out,
    );
    expect([config.apiUrl, config.apiTimeoutSeconds, config.apiKey]).toEqual([
      "http://flag.example/api/v1",
      7,
      "file-key-0123456789",
    ]);
    expect(origins.apiUrl.kind).toBe("cli");
    expect(out.err()).toBe(
      `warning: ${join(dir, ".jux.conf")}: holds bearer_token, and a project file may be committed: prefer JUX_API_KEY in the environment\n`,
    );
    expect(out.err()).not.toContain("file-key-0123456789");
  });

  test("a key too short to be blanked out of a server's answers: refused, naming where it was set, not the key", async () => {
    const e = await apiConfiguration({}, capture({ JUX_API_KEY: "Zq9x" })).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toMatch(/^JUX_API_KEY: the API key is shorter than \d+ characters/);
    expect((e as Error).message).not.toContain("Zq9x");
    const none = await apiConfiguration({}, capture());
    expect(none.config.apiKey).toBeUndefined();
  });
});

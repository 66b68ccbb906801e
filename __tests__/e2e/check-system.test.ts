// `npm test` checks for the system programs the suite needs (jest's globalSetup, scripts/check-system.mjs) and,
// when one is missing, says which and how to install them in one line, before any test runs.
import { afterAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { chmodSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHROMIUM, INSTALL, missingPrograms } from "../../scripts/check-system.mjs";
import { cleanUp, tempDir } from "../helpers/serve.js";

afterAll(cleanUp);

/** A PATH directory holding `names` as executables (or plain files when `mode` says so). */
function pathWith(names: string[], mode = 0o755): string {
  const dir = tempDir("jux-path-");
  for (const name of names) {
    writeFileSync(join(dir, name), "#!/bin/sh\n");
    chmodSync(join(dir, name), mode);
  }
  return dir;
}

describe("missingPrograms", () => {
  test("names xmlsec1, openssl and zstd absent from PATH, and Chromium absent from its path", () => {
    expect(missingPrograms("", "/nonexistent/chromium")).toEqual([
      "xmlsec1",
      "openssl",
      "zstd",
      "/nonexistent/chromium",
    ]);
    expect(missingPrograms(`/nonexistent:${pathWith(["zstd"])}`, CHROMIUM)).toEqual(["xmlsec1", "openssl"]);
  });

  test("finds them anywhere on PATH; a file that is not executable does not count", () => {
    const chromium = join(pathWith(["chromium"]), "chromium");
    expect(missingPrograms(`${pathWith(["xmlsec1"])}:${pathWith(["openssl", "zstd"])}`, chromium)).toEqual(
      [],
    );
    expect(missingPrograms(pathWith(["xmlsec1", "openssl", "zstd"], 0o644), chromium)).toEqual([
      "xmlsec1",
      "openssl",
      "zstd",
    ]);
  });

  test("this machine has them (the suite is running)", () => {
    expect(missingPrograms()).toEqual([]);
  });
});

/** A PATH with node, npm and sh only: no xmlsec1, openssl or zstd. */
function bareBin(): string {
  const bin = tempDir("jux-bin-");
  for (const [name, target] of [
    ["node", process.execPath],
    ["npm", spawnSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).stdout.trim()],
    ["sh", "/bin/sh"],
  ] as const)
    symlinkSync(target, join(bin, name));
  return bin;
}

test("npm run test:unit needs none of them: the unit project runs without xmlsec1, openssl and zstd", () => {
  const r = spawnSync("npm", ["run", "test:unit", "--", "__tests__/workflows.test.ts"], {
    env: { PATH: bareBin(), HOME: process.env.HOME ?? "/tmp", npm_config_update_notifier: "false" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.stderr).not.toContain("needs programs missing here");
  expect(r.stdout).toMatch(/^project unit: [\d.]+ s wall, passed$/m);
  expect(r.status).toBe(0);
});

test("npm test without xmlsec1, openssl and zstd on PATH: one line naming them and the apt-get line, no test run", () => {
  const bin = bareBin();
  const r = spawnSync("npm", ["test", "--", "__tests__/workflows.test.ts"], {
    env: { PATH: bin, HOME: process.env.HOME ?? "/tmp", npm_config_update_notifier: "false" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.status).toBe(1);
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
  expect(lines).toEqual([
    `npm test needs programs missing here: xmlsec1, openssl, zstd. Install them with: ${INSTALL}`,
  ]);
  expect(INSTALL).toBe("apt-get install xmlsec1 openssl zstd chromium");
  expect(r.stdout).not.toMatch(/PASS|FAIL|Tests:/);
});

// The README's first command: `npm run demo` runs end to end on embedded defaults.
import { expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

test("npm run demo: keygen, jux serve, the CLI, then the action's main and post steps with their summary", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["scripts/demo.mjs"], {
    timeout: 120_000,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
  });
  expect(stdout).toContain("Signed, verified and published");
  expect(stdout).toContain("## Jux: 2 report(s), storage mode `api`");
  expect(stdout).toContain("Every report ended well.");
  expect(stdout.match(/\| ✅ \| reports\//g)).toHaveLength(2);
  expect(stdout).toMatch(/The server holds 4 runs/);
}, 150_000);

/** jux cache clean's --limits (with --dry-run) and its refusals, in-process (src/cli/main.ts) on a store written here. */
import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { main } from "../../../../src/cli/main.js";
import type { CliIo } from "../../../../src/core/command/io.js";
import { ReportStore } from "../../../../src/core/store/store.js";
import { canonicalHash } from "../../../helpers/jux.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-cache-clean-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function jux(args: string[], env: NodeJS.ProcessEnv = {}) {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const text = (s: PassThrough) => {
    const parts: Buffer[] = [];
    s.on("data", (d: Buffer) => parts.push(Buffer.from(d)));
    return () => Buffer.concat(parts).toString("utf8");
  };
  const [out, err] = [text(stdout), text(stderr)];
  const io: CliIo = { stdin: new PassThrough(), stdout, stderr, env: { HOME: dir, ...env }, cwd: dir };
  const status = await main("jux", args, io);
  return { status, stdout: out(), stderr: err() };
}

/** A store of three reports, stored in order (the first is the oldest). */
async function threeReports(): Promise<{ base: string; hashes: string[] }> {
  const store = await ReportStore.open(join(dir, "store"));
  const hashes: string[] = [];
  for (const id of [1, 2, 3]) {
    const xml = Buffer.from(
      `<testsuite name="s${id}" tests="1"><properties><property name="project" value="p${id}"/></properties><testcase classname="c" name="t"/></testsuite>`,
    );
    const hash = await canonicalHash(xml);
    await store.put("reports", xml, hash);
    hashes.push(hash);
    await new Promise((r) => setTimeout(r, 5));
  }
  return { base: store.base, hashes };
}

describe("jux cache clean --limits", () => {
  test("no max_size or max_reports set: says so (not 'within its limits'), with or without --dry-run", async () => {
    const { base } = await threeReports();
    for (const extra of [[], ["--dry-run"]]) {
      const r = await jux(["cache", "clean", "--limits", ...extra, "--storage-path", base]);
      expect([r.status, r.stdout]).toEqual([
        0,
        "no max_size or max_reports is set (see docs/store.md): nothing to apply\n",
      ]);
    }
  });

  test("--dry-run lists what rotation would remove, oldest first, and removes nothing", async () => {
    const { base, hashes } = await threeReports();
    const env = { JUX_MAX_REPORTS: "1" };
    const r = await jux(["cache", "clean", "--limits", "--dry-run", "--storage-path", base], env);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^would remove ${hashes[0]!.slice(0, 12)} .* p1$`));
    expect(lines[1]).toMatch(new RegExp(`^would remove ${hashes[1]!.slice(0, 12)} .* p2$`));
    expect(lines[2]).toBe("would remove 2 stored reports (never a queued or rejected one)");
    expect(await (await ReportStore.open(base)).list("reports")).toHaveLength(3);
    const applied = await jux(["cache", "clean", "--limits", "--storage-path", base], env);
    expect(applied.status).toBe(0);
    expect((await (await ReportStore.open(base)).list("reports")).map((e) => e.hash)).toEqual([hashes[2]]);
  });

  test("no option: the usage error names --days and --limits; --limits with --days is refused", async () => {
    const none = await jux(["cache", "clean", "--storage-path", join(dir, "s")]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("--days N (remove reports older than N days) or --limits (apply max_size");
    const both = await jux(["cache", "clean", "--limits", "--days", "3", "--storage-path", join(dir, "s")]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("--limits takes no --days or --keep-latest");
  });
});

/**
 * jux cache list's criteria and jux cache delete through the committed bundle, on a store filled by `jux sign` and
 * `jux publish` with real reports of the corpus: --commit, --branch, --project, --status, --since; delete by
 * branch, commit and hash, a queued report protected without --force, --dry-run removing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFile } from "node:child_process";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { wellFormedReports, XMLDSIG } from "../helpers/fixtures.js";
import { CLI, cleanUp, NODE24, tempDir } from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function jux(args: string[], cwd: string): Promise<Ran> {
  return new Promise((done) =>
    execFile(
      NODE24,
      [CLI, ...args],
      { cwd, env: { PATH: process.env.PATH, HOME: cwd }, maxBuffer: 64 * 1024 ** 2 },
      (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

afterAll(cleanUp);

withShared(["fixtures/junit", "fixtures/xmldsig"], "jux cache list criteria and jux cache delete", () => {
  const dir = tempDir("jux-store-query-");
  const filled = join(dir, "filled");
  const RSA = join(XMLDSIG, "rsa.pem");
  const OLD = "2020-01-02T00:00:00Z";
  const commitOf = (i: number) => `${"abcdef0123"[i % 10]!.repeat(8)}${String(i).padStart(32, "0")}`;
  let all: Json[] = [];
  let queuedHash: string;

  const list = async (base: string, ...args: string[]): Promise<Json[]> => {
    const r = await jux(["cache", "list", "--json", "--storage-path", base, ...args], dir);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    return JSON.parse(r.stdout) as Json[];
  };
  const hashes = (es: Json[]) => [...new Set(es.map((e) => e.hash as string))].sort();
  /** What a store holds: each report's area and hash (a copy of the store has other paths). */
  const held = (es: Json[]) => es.map((e) => `${e.area}/${e.hash}`).sort();
  /** A copy of the filled store, for a test that changes it. */
  const copy = (name: string) => {
    const to = join(dir, name);
    cpSync(filled, to, { recursive: true, preserveTimestamps: true });
    return to;
  };

  beforeAll(async () => {
    const files = wellFormedReports()
      .filter((_, i) => i % 7 === 2)
      .slice(0, 9);
    const outputs: string[] = [];
    for (const [i, file] of files.entries()) {
      const out = join(dir, `signed-${i}.xml`);
      const props = ["-p", `git:branch=${i % 3 === 0 ? "dev" : "main"}`, "-p", `git:commit=${commitOf(i)}`];
      if (i < 3) props.push("-p", `jux:timestamp=${OLD}`);
      const project = i % 2 ? "jvm" : "py";
      const r = await jux(["sign", "-i", file, "-o", out, "--key", RSA, "--project", project, ...props], dir);
      expect([r.code, r.stderr]).toEqual([0, ""]);
      outputs.push(out);
    }
    const [first, ...rest] = outputs;
    const kept = await jux(
      ["publish", "--storage-mode", "local", "--storage-path", filled, ...rest.flatMap((o) => ["-f", o])],
      dir,
    );
    expect(kept.code).toBe(0);
    // The first report is kept and queued (cache mode, the server unreachable): waiting to be published.
    const queued = await jux(
      [
        "publish",
        "-f",
        first!,
        "--storage-mode",
        "cache",
        "--storage-path",
        filled,
        "--api-url",
        "http://127.0.0.1:9/api/v1",
      ],
      dir,
    );
    expect(queued.code).toBe(0);
    all = await list(filled);
    queuedHash = all.find((e) => e.area === "queue")!.hash as string;
    expect(all).toHaveLength(files.length + 1);
    expect(all.some((e) => e.status === "failed") && all.some((e) => e.status === "passed")).toBe(true);
  });

  describe("jux cache list", () => {
    it("--commit: the full SHA or a 7-character prefix", async () => {
      const target = all.find((e) => e.area === "reports" && e.commit === commitOf(4))!;
      expect(hashes(await list(filled, "--commit", commitOf(4)))).toEqual([target.hash]);
      expect(hashes(await list(filled, "--commit", commitOf(4).slice(0, 7).toUpperCase()))).toEqual(
        hashes(all.filter((e) => (e.commit as string).startsWith(commitOf(4).slice(0, 7)))),
      );
    });

    it("--branch, --project and --status failed: each criterion must hold", async () => {
      expect(hashes(await list(filled, "--branch", "dev"))).toEqual(
        hashes(all.filter((e) => e.branch === "dev")),
      );
      const jvmFailed = all.filter((e) => e.project === "jvm" && e.status === "failed");
      expect(jvmFailed.length).toBeGreaterThan(0);
      expect(await list(filled, "--project", "jvm", "--status", "failed")).toEqual(jvmFailed);
    });

    it("--since takes a duration (7d, 12h) or an ISO date; the time is jux:timestamp", async () => {
      const recent = all.filter((e) => e.timestamp !== OLD);
      // Three old reports, one of them also queued.
      expect(hashes(recent)).toHaveLength(hashes(all).length - 3);
      for (const since of ["7d", "12h", "2021-01-01", "2021-01-01T00:00:00Z"])
        expect(await list(filled, "--since", since)).toEqual(recent);
      expect(await list(filled, "--until", "2020-01-02")).toEqual(all.filter((e) => e.timestamp === OLD));
    });

    it('no match: "no report matches ..." on standard error, exit 0 (--json prints [])', async () => {
      const r = await jux(
        ["cache", "list", "--storage-path", filled, "--branch", "nope", "--status", "failed"],
        dir,
      );
      expect(r).toEqual({ code: 0, stdout: "", stderr: "no report matches --branch nope --status failed\n" });
      expect(await list(filled, "--branch", "nope")).toEqual([]);
    });
  });

  describe("jux cache delete", () => {
    it("--dry-run shows what would go and removes nothing", async () => {
      const base = copy("dry");
      const r = await jux(["cache", "delete", "--branch", "main", "--dry-run", "--storage-path", base], dir);
      const main = all.filter((e) => e.branch === "main");
      expect(r.code).toBe(0);
      expect(r.stdout.split("\n").filter((l) => /^would remove [0-9a-f]{12} /.test(l))).toHaveLength(
        main.length,
      );
      expect(r.stdout).toContain(`would remove ${hashes(main).length} report(s), ${main.length} file(s)\n`);
      expect(held(await list(base))).toEqual(held(all));
    });

    it("--branch removes every report of the branch, says which, holds back the queued one (exit 2)", async () => {
      const base = copy("branch");
      const dev = all.filter((e) => e.branch === "dev");
      expect(dev.some((e) => e.hash === queuedHash)).toBe(true);
      const r = await jux(["cache", "delete", "--branch", "dev", "--storage-path", base], dir);
      expect(r.code).toBe(2);
      const gone = dev.filter((e) => e.hash !== queuedHash);
      for (const e of gone) expect(r.stdout).toContain(`removed ${(e.hash as string).slice(0, 12)}`);
      expect(r.stdout).toContain(
        `removed ${gone.length} report(s), ${gone.length} file(s); kept 1 queued report (add --force to remove it)\n`,
      );
      expect(r.stderr).toContain(`kept ${queuedHash.slice(0, 12)}`);
      expect(r.stderr).toContain("queued, not yet published (--force removes it too)");
      // The queued report stays whole: its queue entry and its kept copy.
      expect(held(await list(base))).toEqual(
        held(all.filter((e) => e.branch !== "dev" || e.hash === queuedHash)),
      );
      // With --force it goes, from both areas.
      const forced = await jux(
        ["cache", "delete", "--branch", "dev", "--force", "--storage-path", base],
        dir,
      );
      expect(forced.code).toBe(0);
      expect(forced.stdout).toContain(`removed ${queuedHash.slice(0, 12)}`);
      expect(forced.stdout.trimEnd().split("\n").at(-1)).toBe("removed 1 report(s), 2 file(s) (--force)");
      expect(held(await list(base))).toEqual(held(all.filter((e) => e.branch !== "dev")));
    });

    it("--commit and HASH (a unique prefix) remove those reports only; an unknown hash is named", async () => {
      const base = copy("commit");
      const byCommit = all.find((e) => e.area === "reports" && e.commit === commitOf(5))!;
      const r = await jux(["cache", "delete", "--commit", commitOf(5), "--storage-path", base], dir);
      expect([r.code, r.stdout.trimEnd().split("\n").at(-1)]).toEqual([0, "removed 1 report(s), 1 file(s)"]);
      const other = all.find(
        (e) => e.area === "reports" && e.hash !== byCommit.hash && e.hash !== queuedHash,
      )!;
      const byHash = await jux(
        ["cache", "delete", (other.hash as string).slice(0, 10), "ffffffffffff", "--storage-path", base],
        dir,
      );
      expect(byHash.code).toBe(2);
      expect(byHash.stdout).toContain(`removed ${(other.hash as string).slice(0, 12)}`);
      expect(byHash.stderr).toContain("jux cache delete: no report ffffffffffff in ");
      expect(hashes(await list(base))).toEqual(
        hashes(all.filter((e) => e.hash !== byCommit.hash && e.hash !== other.hash)),
      );
      const queued = await jux(["cache", "delete", queuedHash, "--storage-path", base], dir);
      expect(queued.code).toBe(2);
      expect(hashes(await list(base))).toContain(queuedHash);
    });

    it("refuses to run without a hash or a criterion, and with both", async () => {
      const none = await jux(["cache", "delete", "--storage-path", filled], dir);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain("nothing deletes the whole store");
      const both = await jux(["cache", "delete", "abc", "--branch", "dev", "--storage-path", filled], dir);
      expect(both.code).toBe(2);
      expect(await list(filled)).toEqual(all);
    });
  });
});

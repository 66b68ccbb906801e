/**
 * \`jux cache\` through the command line (src/cli/main.ts): its help, the jux-cache alias, each subcommand on a
 * store written here; and the dispatch's own rule (storagePathFirst).
 */
import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { storagePathFirst } from "../../../../src/cli/commands/cache/index.js";
import { main } from "../../../../src/cli/main.js";
import type { CliIo } from "../../../../src/core/command/io.js";
import { ReportStore } from "../../../../src/core/store/store.js";
import { JUNIT } from "../../../helpers/fixtures.js";
import { canonicalHash } from "../../../helpers/jux.js";
import { withShared } from "../../../helpers/shared.js";

const PYTEST = join(JUNIT, "mikepenz-action-junit-report", "pytest-report.xml");

let dir: string;
let base: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-cache-cmd-"));
  base = join(dir, "store");
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function collect(stream: PassThrough): () => string {
  const parts: Buffer[] = [];
  stream.on("data", (d: Buffer) => parts.push(Buffer.from(d)));
  return () => Buffer.concat(parts).toString("utf8");
}

async function jux(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; tty?: boolean; program?: string } = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), options.tty ? { isTTY: true } : {});
  const out = collect(stdout);
  const err = collect(stderr);
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: { HOME: dir, ...options.env },
    cwd: dir,
  };
  const status = await main(options.program ?? "jux", args, io);
  return { status, stdout: out(), stderr: err() };
}

async function report(
  id: number,
  props: { project?: string; branch?: string; timestamp?: string } = {},
  failing = false,
) {
  const p = Object.entries({
    project: props.project ?? "demo",
    "git:branch": props.branch ?? "main",
    "jux:timestamp": props.timestamp ?? "2026-03-01T12:00:00Z",
  })
    .map(([n, v]) => `<property name="${n}" value="${v}"/>`)
    .join("");
  const xml = Buffer.from(
    `<testsuites><testsuite name="s" id="${id}"><properties>${p}</properties>` +
      `<testcase classname="c" name="a" time="0.2"/>` +
      `<testcase classname="c" name="b" time="0.2">${failing ? "<failure message='no'/>" : ""}</testcase>` +
      `</testsuite></testsuites>`,
  );
  return { xml, hash: await canonicalHash(xml) };
}

async function seeded() {
  const store = await ReportStore.open(base);
  const a = await report(1, { project: "alpha", timestamp: "2026-01-10T08:00:00Z" });
  const b = await report(2, { project: "beta", branch: "dev", timestamp: "2026-02-10T08:00:00Z" }, true);
  const q = await report(3, { project: "alpha", timestamp: "2026-03-10T08:00:00Z" });
  // The listing is ordered by the time each was stored (milliseconds): apart, so the order is the one written.
  const apart = () => new Promise((r) => setTimeout(r, 5));
  await store.put("reports", a.xml, a.hash);
  await apart();
  await store.put("reports", b.xml, b.hash);
  await apart();
  await store.put("queue", q.xml, q.hash);
  return { store, a, b, q };
}

describe("jux cache", () => {
  test("help for the group and every subcommand; unknown subcommand and stray arguments are usage errors", async () => {
    expect((await jux(["cache"])).status).toBe(2);
    const help = await jux(["cache", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(
      /list[\s\S]*show[\s\S]*stats[\s\S]*clean[\s\S]*clear-queue[\s\S]*compare[\s\S]*push/,
    );
    for (const sub of ["list", "show", "stats", "clean", "clear-queue", "compare"]) {
      const r = await jux(["cache", sub, "--help"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Usage: jux cache ${sub}`);
      expect(r.stdout).toContain("--storage-path");
    }
    const unknown = await jux(["cache", "frob"]);
    expect(unknown).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command "frob"') });
    const stray = await jux(["cache", "stats", "extra", "--storage-path", base]);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/jux cache stats: expected , got "extra"|expected .*got "extra"/);
    expect((await jux(["cache", "list", "--bogus"])).status).toBe(2);
  });

  test("the jux-cache alias runs the same command", async () => {
    await seeded();
    const r = await jux(["stats", "--storage-path", base, "--json"], { program: "/usr/bin/jux-cache" });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ reports: 2, queued: 1 });
  });

  test("list: one aligned line per entry, filters, --json; storage from JUX_STORAGE_PATH or XDG_DATA_HOME", async () => {
    const { a, b, q } = await seeded();
    const all = await jux(["cache", "list", "--storage-path", base]);
    expect(all.status).toBe(0);
    const lines = all.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${a.hash.slice(0, 12)}  reports  2026-01-10 08:00  alpha  main  passed  2 tests, 0 failed`,
      ),
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^${b.hash.slice(0, 12)}  reports  2026-02-10 08:00  beta   dev   failed  2 tests, 1 failed`,
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(`^${q.hash.slice(0, 12)}  queue    2026-03-10 08:00  alpha  main  passed`),
    );

    const viaEnv = await jux(["cache", "list", "--project", "alpha", "--json"], {
      env: { JUX_STORAGE_PATH: base },
    });
    expect(JSON.parse(viaEnv.stdout).map((e: { hash: string }) => e.hash)).toEqual([a.hash, q.hash]);
    const viaXdg = await jux(["cache", "list", "--area", "queue", "--json"], { env: { XDG_DATA_HOME: dir } });
    expect(JSON.parse(viaXdg.stdout)).toEqual([]); // $XDG_DATA_HOME/jux is another store

    const filtered = async (...args: string[]) =>
      (
        JSON.parse((await jux(["cache", "list", "--storage-path", base, "--json", ...args])).stdout) as {
          hash: string;
          status: string;
        }[]
      ).map((e) => e.hash);
    expect(await filtered("--status", "failed")).toEqual([b.hash]);
    expect(await filtered("--branch", "dev")).toEqual([b.hash]);
    expect(await filtered("--area", "reports", "--since", "2026-01-11")).toEqual([b.hash]);
    expect(await filtered("--until", "2026-02-10")).toEqual([a.hash, b.hash]);
    expect(await filtered("--since", "2026-02-01", "--until", "2026-02-28T23:59:59Z")).toEqual([b.hash]);
    const badDate = await jux(["cache", "list", "--storage-path", base, "--since", "yesterday"]);
    expect(badDate).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--since "yesterday" is neither a duration nor a date'),
    });
    expect((await jux(["cache", "list", "--storage-path", base, "--status", "green"])).status).toBe(2);
  });

  test("show: by unique prefix; --xml prints the stored bytes; ambiguous or unknown prefixes fail", async () => {
    const { b } = await seeded();
    const r = await jux(["cache", "show", b.hash.slice(0, 10), "--storage-path", base]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`hash: +sha256:${b.hash}`));
    expect(r.stdout).toContain(`${join(base, "reports", `${b.hash}.xml`)}\n`);
    expect(r.stdout).toMatch(/project: +beta/);
    expect(r.stdout).toMatch(/tests: +2 tests, 1 failed, 0 errors, 0 skipped, 1 passed/);
    const xml = await jux(["cache", "show", `sha256:${b.hash}`, "--xml", "--storage-path", base]);
    expect(xml.stdout).toBe(b.xml.toString("utf8"));
    const j = JSON.parse((await jux(["cache", "show", b.hash, "--json", "--storage-path", base])).stdout);
    expect(j).toMatchObject({ hash: b.hash, area: "reports", status: "failed", project: "beta" });
    const unknown = await jux(["cache", "show", "ffffffffffffffffffff", "--storage-path", base]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(`error: no report ffffffffffffffffffff in ${base}\n`);
    expect((await jux(["cache", "show", "--storage-path", base])).status).toBe(2);
  });

  test("stats: counts, size, oldest report and age of the oldest queued one", async () => {
    const { store, a, b, q } = await seeded();
    const old = new Date(Date.now() - 3 * 86_400_000);
    utimesSync(store.path("queue", q.hash), old, old);
    const r = await jux(["cache", "stats", "--storage-path", base]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^store: +.*\nreports: +2\nqueued: +1\nrejected: +0\nquarantined: +0\nsize: +(\d+ B|[\d.]+ kB)\n/,
    );
    expect(r.stdout).toMatch(/oldest queued: +\S+ \(3 days ago\)/);
    const j = JSON.parse((await jux(["cache", "stats", "--json", "--storage-path", base])).stdout);
    expect(j).toMatchObject({
      base,
      reports: 2,
      queued: 1,
      bytes: a.xml.length + b.xml.length + q.xml.length,
    });
    expect(j.oldestQueuedAgeSeconds).toBeGreaterThanOrEqual(3 * 86_400 - 5);
  });

  test("clean: --days required; dry run lists; progress on a TTY only; the queue is untouched", async () => {
    const { store, a, b, q } = await seeded();
    for (const [h, days] of [
      [a.hash, 40],
      [b.hash, 5],
    ] as const) {
      const t = new Date(Date.now() - days * 86_400_000);
      utimesSync(store.path("reports", h), t, t);
    }
    utimesSync(store.path("queue", q.hash), new Date(0), new Date(0));
    expect((await jux(["cache", "clean", "--storage-path", base])).status).toBe(2);
    expect((await jux(["cache", "clean", "--days", "x", "--storage-path", base])).status).toBe(2);
    const dry = await jux(["cache", "clean", "--days", "30", "--dry-run", "--storage-path", base]);
    expect(dry.stdout).toMatch(
      new RegExp(`^would remove ${a.hash.slice(0, 12)}  .*alpha\nwould remove 1 report, kept 1\n$`),
    );
    expect(await store.has("reports", a.hash)).toBe(true);
    const quiet = await jux([
      "cache",
      "clean",
      "--days",
      "30",
      "--keep-latest",
      "1",
      "--storage-path",
      base,
      "--json",
    ]);
    expect(JSON.parse(quiet.stdout)).toMatchObject({ dryRun: false, kept: 1, removed: [{ hash: a.hash }] });
    expect(quiet.stderr).toBe("");
    expect(await store.has("queue", q.hash)).toBe(true);
    const tty = await jux(["cache", "clean", "--days", "1", "--storage-path", base], { tty: true });
    expect(tty.stdout).toBe("removed 1 report, kept 0\n");
    expect(tty.stderr).toBe("\rremoving 1/1\n");
  });

  test("clear-queue refuses without --confirm (exit 2) and empties the queue with it", async () => {
    const { store, q } = await seeded();
    const refused = await jux(["cache", "clear-queue", "--storage-path", base]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/drops 1 queued report for good.*add --confirm/);
    expect(await store.has("queue", q.hash)).toBe(true);
    const done = await jux(["cache", "clear-queue", "--confirm", "--storage-path", base]);
    expect(done).toMatchObject({ status: 0, stdout: "removed 1 queued report\n" });
    expect(await store.has("queue", q.hash)).toBe(false);
    expect((await store.list("reports")).length).toBe(2);
    // Nothing left to drop: done (exit 0), with or without --confirm (issue 18).
    const empty = await jux(["cache", "clear-queue", "--storage-path", base]);
    expect(empty).toMatchObject({ status: 0, stdout: "the queue is empty: nothing to drop\n", stderr: "" });
  });

  withShared(
    "fixtures/junit",
    "jux cache compare (stored hashes, and files: the corpus pytest report edited)",
    () => {
      test("compare: stored hashes or files; exit 1 when a test newly fails, 0 otherwise", async () => {
        const { a, b } = await seeded();
        const regress = await jux([
          "cache",
          "compare",
          a.hash.slice(0, 8),
          b.hash.slice(0, 8),
          "--storage-path",
          base,
        ]);
        expect(regress.status).toBe(1);
        expect(regress.stdout).toMatch(/newly failing \(1\):\n {2}failed {2}s › c › b {2}no/);
        const improve = await jux(["cache", "compare", b.hash, a.hash, "--storage-path", base, "--json"]);
        expect(improve.status).toBe(0);
        expect(JSON.parse(improve.stdout)).toMatchObject({
          newlyFailing: [],
          stillFailing: [],
          fixed: [expect.objectContaining({ name: "b", before: "failed", after: "passed" })],
          totals: { a: { flaky: 0 }, b: { flaky: 0 } },
          truncated: [],
        });

        const failing = join(dir, "failing.xml");
        writeFileSync(
          failing,
          readFileSync(PYTEST, "utf8").replace(
            `name="test_which_succeeds" time="0.001" />`,
            `name="test_which_succeeds" time="0.001"><failure message="now broken"/></testcase>`,
          ),
        );
        const files = await jux([
          "cache",
          "compare",
          PYTEST,
          "failing.xml",
          "--json",
          "--storage-path",
          base,
        ]);
        expect(files.status).toBe(1);
        const result = JSON.parse(files.stdout);
        expect(result.newlyFailing).toEqual([
          expect.objectContaining({
            name: "test_which_succeeds",
            before: "passed",
            after: "failed",
            message: "now broken",
          }),
        ]);
        // The same report: its two failures still fail, which is no difference.
        const same = (await jux(["cache", "compare", PYTEST, PYTEST])).stdout;
        expect(same).toMatch(/still failing \(2\):[\s\S]*\nno differences in results\n$/);
        // A report file that does not exist is a failure (exit 1), as a missing key or report everywhere (issue 18).
        const missing = await jux(["cache", "compare", PYTEST, "nope.xml"]);
        expect(missing).toMatchObject({
          status: 1,
          stderr: expect.stringContaining("nope.xml is neither a file nor a report hash"),
        });
      });
    },
  );

  test("a stored file that was tampered with is quarantined when the store next looks, never printed", async () => {
    const { store, a } = await seeded();
    writeFileSync(store.path("reports", a.hash), a.xml.toString("utf8").replace('name="a"', 'name="z"'));
    const r = await jux(["cache", "show", a.hash, "--xml", "--storage-path", base]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`no report ${a.hash}`);
    expect(
      JSON.parse((await jux(["cache", "stats", "--json", "--storage-path", base])).stdout).quarantined,
    ).toBe(1);
  });
});

describe("jux cache dispatch", () => {
  test("pytest-jux's --storage-path before the subcommand is moved after it, in both spellings", () => {
    expect(storagePathFirst(["--storage-path", "S", "list", "--json"])).toEqual([
      "list",
      "--storage-path",
      "S",
      "--json",
    ]);
    expect(storagePathFirst(["--storage-path=S", "show", "ab12"])).toEqual([
      "show",
      "--storage-path=S",
      "ab12",
    ]);
  });

  test("without a subcommand after it, or elsewhere on the line, the arguments are left as they are", () => {
    for (const argv of [["--storage-path", "S"], ["--storage-path=S"], ["list", "--storage-path", "S"], []])
      expect(storagePathFirst(argv)).toEqual(argv);
  });
});

describe("the help of jux and jux cache", () => {
  test("jux --help names every cache subcommand", async () => {
    const r = await jux(["--help"]);
    for (const sub of [
      "list",
      "show",
      "stats",
      "clean",
      "push",
      "compare",
      "delete",
      "export",
      "import",
      "recompress",
    ])
      expect(r.stdout).toMatch(new RegExp(`cache {5}the local store:[^]*\\b${sub}\\b[^]*\\n  config`));
  });

  test("every option of list, stats, clean, delete, export and import at one column; the options described", async () => {
    for (const sub of ["list", "stats", "clean", "delete", "export", "import"]) {
      const r = await jux(["cache", sub, "--help"]);
      const columns = r.stdout
        .split("\n")
        .filter((l) => /^ +(-[a-zA-Z], )?--/.test(l))
        .map((l) => l.indexOf("--"));
      expect([sub, new Set(columns)]).toEqual([sub, new Set([6])]);
    }
    const clean = (await jux(["cache", "clean", "--help"])).stdout;
    for (const option of ["--days N", "--keep-latest N", "--limits", "--dry-run", "--json"])
      expect(clean).toContain(`      ${option} `);
    expect((await jux(["cache", "stats", "--help"])).stdout).toContain("      --json ");
    expect((await jux(["cache", "export", "--help"])).stdout).toContain("  -o, --output FILE ");
  });
});

/**
 * Item 7 of issue 11, through the committed bundle: a store directory others can write into is refused (and a
 * report planted in a shared queue/ never leaves with the user's key); a config file holding the key that
 * others can read is warned about; what a killed writer leaves in the store (an intent, temp files, a report
 * kept but not queued) is finished or cleaned by the next command, and `cache stats` counts the rest.
 */
import { describe, expect, test } from "@jest/globals";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import {
  SECRET,
  cachePush,
  filesIn,
  jux,
  parsed,
  publishArgs,
  publishSuite,
  secretLeaks,
} from "../helpers/publish.js";
import { tempDir } from "../helpers/serve.js";

const suite = publishSuite({ name: "perm", serve: ["--token", SECRET] });
const AREAS = ["queue", "reports", "rejected"] as const;
const asRoot = process.getuid?.() === 0;

/** A store with one report queued (by a cache-mode run against a dead URL), and that report. */
async function queuedStore() {
  const fx = await suite.setUp(1);
  const r = await jux(
    publishArgs({
      files: fx.reports,
      mode: "cache",
      base: fx.base,
      url: suite.deadUrl,
      extra: ["--max-retries", "0"],
    }),
    {
      env: { JUX_API_KEY: SECRET },
    },
  );
  expect(r.code).toBe(0);
  expect(filesIn(fx.base, "queue")).toEqual([`${fx.reports[0]!.hash}.xml`]);
  return fx;
}

describe("a store directory others could write into is refused, as ssh refuses ~/.ssh", () => {
  for (const [where, mode] of [
    [".", 0o777],
    ["queue", 0o770],
    ["reports", 0o777],
    ["rejected", 0o722],
  ] as const)
    test(`${where === "." ? "the base" : `${where}/`} with mode ${mode.toString(8)}: nothing sent, the message names the path, mode and fix`, async () => {
      const { base } = await queuedStore();
      const dir = join(base, where);
      chmodSync(dir, mode);
      suite.scripted.reset();
      const r = await cachePush(base, suite.scriptedUrl(), { json: false });
      expect(r.code).toBe(1);
      const shown = where === "." ? base : dir;
      expect(r.stderr).toContain(`error: refusing the store directory ${shown}: it is writable by`);
      expect(r.stderr).toContain(`(mode 0${mode.toString(8)})`);
      expect(r.stderr).toContain(`chmod 700 ${shown}\n`);
      expect(suite.scripted.requests).toEqual([]);
      // Fixed as told: the report is published.
      chmodSync(dir, 0o700);
      const fixed = await cachePush(base, suite.serveUrl());
      expect(fixed.code).toBe(0);
      expect(parsed(fixed).earlier.map((e) => e.kind)).toEqual(["published"]);
    });

  test("a report planted in a group-writable queue/ is never published with the user's key", async () => {
    const { base } = await queuedStore();
    const planted = await suite.setUp(1);
    chmodSync(join(base, "queue"), 0o770);
    copyFileSync(planted.reports[0]!.path, join(base, "queue", `${planted.reports[0]!.hash}.xml`));
    suite.scripted.reset();
    const r = await jux(
      publishArgs({ files: planted.reports, mode: "cache", base, url: suite.scriptedUrl() }),
      {
        env: { JUX_API_KEY: SECRET },
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`refusing the store directory ${join(base, "queue")}`);
    expect(suite.scripted.requests).toEqual([]);
  });

  (asRoot ? test : test.skip)(
    "queue/ owned by another user (nobody): refused, naming the owner and chown",
    async () => {
      const { base } = await queuedStore();
      const queue = join(base, "queue");
      chownSync(queue, 65534, 65534);
      suite.scripted.reset();
      const r = await cachePush(base, suite.scriptedUrl(), { json: false });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `refusing the store directory ${queue}: it belongs to uid 65534, not to you (uid 0)`,
      );
      expect(r.stderr).toContain(`chown 0 ${queue}`);
      expect(suite.scripted.requests).toEqual([]);
      // Every command that opens the store refuses it, the read-only ones too.
      const list = await jux(["cache", "list", "--storage-path", base]);
      expect(list.code).toBe(1);
      expect(list.stderr).toContain("belongs to uid 65534");
    },
  );

  test("a new store is made 0700 throughout and accepted", async () => {
    const { base } = await queuedStore();
    for (const area of ["", ...AREAS, "quarantine"])
      expect(statSync(join(base, area)).mode & 0o777).toBe(0o700);
  });
});

describe("a config file holding the key that others can read", () => {
  async function withUserFile(mode: number) {
    const fx = await suite.setUp(1);
    const home = tempDir("jux-perm-home-");
    mkdirSync(join(home, ".config", "jux"), { recursive: true });
    const file = join(home, ".config", "jux", "config");
    writeFileSync(file, `[jux]\nbearer_token = ${SECRET}\n`);
    chmodSync(file, mode);
    return { fx, home, file };
  }

  test("0644: jux publish warns once on stderr, naming the file and chmod 600, and publishes", async () => {
    const { fx, home, file } = await withUserFile(0o644);
    const r = await jux(publishArgs({ files: fx.reports, mode: "api", url: suite.serveUrl() }), {
      cwd: home,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `warning: ${file}: holds bearer_token and can be read by other users (chmod 600 ${file})\n`,
    );
    const push = await jux(
      ["cache", "push", "--storage-path", join(home, "store"), "--api-url", suite.serveUrl()],
      { cwd: home },
    );
    expect(push.stderr.match(/can be read by other users/g)).toHaveLength(1);
  });

  test("0600: no warning", async () => {
    const { fx, home } = await withUserFile(0o600);
    const r = await jux(publishArgs({ files: fx.reports, mode: "api", url: suite.serveUrl() }), {
      cwd: home,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("what a killed writer leaves is finished or cleaned by the next command", () => {
  /** A store holding the report in reports/ only, as the kept copy of a cache-mode run. */
  async function keptOnly() {
    const fx = await suite.setUp(1);
    const report = fx.reports[0]!;
    const local = await jux(publishArgs({ files: fx.reports, mode: "local", base: fx.base }));
    expect(local.code).toBe(0);
    expect(filesIn(fx.base, "queue")).toEqual([]);
    const past = new Date(Date.now() - 60_000);
    return { ...fx, report, past };
  }

  test("an older jux killed mid queue write (a partial queue/.<hash>.xml.<rand>.tmp, the report in reports/): re-queued, the temp removed, then published", async () => {
    const { base, report, past } = await keptOnly();
    const temp = join(base, "queue", `.${report.hash}.xml.0123456789ab.tmp`);
    writeFileSync(temp, report.bytes.subarray(0, 100), { mode: 0o600 });
    utimesSync(temp, past, past);
    const stats = await jux(["cache", "stats", "--json", "--storage-path", base]);
    expect(JSON.parse(stats.stdout)).toMatchObject({ reports: 1, queued: 1, leftovers: 0 });
    expect(filesIn(base, "queue")).toEqual([`${report.hash}.xml`]);
    const push = await cachePush(base, suite.serveUrl());
    expect(parsed(push).earlier.map((e) => [e.hash, e.kind])).toEqual([[report.hash, "published"]]);
  });

  test("killed between the intent and the queue write (queue/.<hash>.queueing, the report in reports/): the next publish re-queues and sends it", async () => {
    const { base, report, past } = await keptOnly();
    const intent = join(base, "queue", `.${report.hash}.queueing`);
    writeFileSync(intent, "", { mode: 0o600 });
    utimesSync(intent, past, past);
    const other = await suite.setUp(1);
    const r = await jux(publishArgs({ files: other.reports, mode: "cache", base, url: suite.serveUrl() }), {
      env: { JUX_API_KEY: SECRET },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("re-queued 1 report(s) that an interrupted command had stored but not queued\n");
    const out = parsed(r);
    expect(out.earlier.map((e) => [e.hash, e.kind])).toEqual([[report.hash, "published"]]);
    expect(out.reports.map((e) => e.kind)).toEqual(["published"]);
    expect(filesIn(base, "queue")).toEqual([]);
  });

  test("killed before the kept copy was linked (the intent and a complete reports/ temp file only): both written from the temp", async () => {
    const fx = await suite.setUp(1);
    const report = fx.reports[0]!;
    const past = new Date(Date.now() - 60_000);
    for (const area of ["", ...AREAS, "quarantine"])
      mkdirSync(join(fx.base, area), { recursive: true, mode: 0o700 });
    const temp = join(fx.base, "reports", `.${report.hash}.xml.ba9876543210.tmp`);
    const intent = join(fx.base, "queue", `.${report.hash}.queueing`);
    writeFileSync(temp, report.bytes, { mode: 0o600 });
    writeFileSync(intent, "", { mode: 0o600 });
    for (const f of [temp, intent]) utimesSync(f, past, past);
    const stats = await jux(["cache", "stats", "--json", "--storage-path", fx.base]);
    expect(JSON.parse(stats.stdout)).toMatchObject({ reports: 1, queued: 1, leftovers: 0 });
    expect(existsSync(temp) || existsSync(intent)).toBe(false);
  });

  test("a lock candidate of a dead process is removed; a live waiter's is left alone", async () => {
    const { base } = await keptOnly();
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid!;
    const candidate = (pid: number, token: string) => {
      const path = join(base, `.lock.${token}.tmp`);
      writeFileSync(path, JSON.stringify({ pid, hostname: hostname(), created: "", token }), { mode: 0o600 });
      return path;
    };
    const gone = candidate(dead, "a".repeat(24));
    const live = candidate(process.pid, "b".repeat(24));
    const stats = await jux(["cache", "stats", "--json", "--storage-path", base]);
    expect(JSON.parse(stats.stdout)).toMatchObject({ leftovers: 0 });
    expect([existsSync(gone), existsSync(live)]).toEqual([false, true]);
  });

  test("an empty lock candidate (its writer killed before writing its pid) is removed once a second old", async () => {
    const { base } = await keptOnly();
    const old = join(base, `.lock.${"c".repeat(24)}.tmp`);
    const fresh = join(base, `.lock.${"d".repeat(24)}.tmp`);
    writeFileSync(old, "", { mode: 0o600 });
    writeFileSync(fresh, "", { mode: 0o600 });
    const past = new Date(Date.now() - 5_000);
    utimesSync(old, past, past);
    const stats = await jux(["cache", "stats", "--json", "--storage-path", base]);
    expect(JSON.parse(stats.stdout)).toMatchObject({ leftovers: 0 });
    // The fresh one may belong to a live writer about to write its pid: left alone.
    expect([existsSync(old), existsSync(fresh)]).toEqual([false, true]);
  });

  test("cache stats counts a leftover it could not resolve (a temp file newer than the lock)", async () => {
    const { base, report } = await keptOnly();
    const future = new Date(Date.now() + 3_600_000);
    const temp = join(base, "queue", `.${report.hash}.xml.00112233aabb.tmp`);
    writeFileSync(temp, "partial", { mode: 0o600 });
    utimesSync(temp, future, future);
    const stats = await jux(["cache", "stats", "--storage-path", base]);
    expect(stats.stdout).toMatch(/\nleftovers: +1 \(of interrupted writes, not resolved/);
    expect(
      JSON.parse((await jux(["cache", "stats", "--json", "--storage-path", base])).stdout).leftovers,
    ).toBe(1);
    expect(existsSync(temp)).toBe(true);
  });
});

test("the key appears in no output and no store file", () => {
  expect(secretLeaks(SECRET, suite.stores)).toEqual([]);
});

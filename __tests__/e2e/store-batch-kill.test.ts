/**
 * Issue 16 with real kills: the committed bundle queuing 300 reports in ONE cache-mode command (the server down)
 * holds the store's lock for stretches and writes index.json once per stretch, so a SIGKILL at a random point of
 * the batch leaves files the index does not know yet. Whatever the point: the killed command acknowledged
 * nothing (it printed nothing), the next command leaves no leftover, every kept report is queued, every queued
 * file is the report its name says, and the index (after a listing) is exactly the files; running the command
 * again queues every report once.
 */
import { describe, expect, test } from "@jest/globals";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EMPTY_GRACE_MS } from "../../src/core/fs/lock.js";
import { canonicalHash } from "../helpers/jux.js";
import { SECRET, filesIn, jux, publishArgs, publishSuite, startJux } from "../helpers/publish.js";

const suite = publishSuite({ name: "batch-kill" });
const REPORTS = 300;
const TRIALS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function report(i: number): Buffer {
  const cases = Array.from({ length: 5 }, (_, c) => `<testcase classname="k.s${i}" name="t${c}"/>`).join("");
  return Buffer.from(`<testsuite name="kill-${i}" tests="5">${cases}</testsuite>\n`);
}

const hashesIn = (base: string, area: "reports" | "queue") =>
  filesIn(base, area)
    .filter((n) => /^[0-9a-f]{64}\.xml$/.test(n))
    .map((n) => n.slice(0, -4));

function leftovers(base: string): string[] {
  return ["", "queue", "reports", "rejected", "quarantine"].flatMap((d) =>
    existsSync(join(base, d))
      ? readdirSync(join(base, d))
          .filter((n) => /\.tmp$|\.queueing$/.test(n))
          .map((n) => join(d, n))
      : [],
  );
}

function indexed(base: string, area: "reports" | "queue"): string[] {
  return Object.keys(JSON.parse(readFileSync(join(base, "index.json"), "utf8")).areas[area]).sort();
}

describe("SIGKILL at a random point of a 300-report cache-mode batch", () => {
  test(`${TRIALS} kills: nothing acknowledged is lost, the next command finds a consistent store, a re-run queues all`, async () => {
    const fx = await suite.setUp(0);
    const dir = join(fx.dir, "reports");
    mkdirSync(dir);
    const byHash = new Map<string, Buffer>();
    for (let i = 0; i < REPORTS; i++) {
      const xml = report(i);
      writeFileSync(join(dir, `r${i}.xml`), xml);
      byHash.set(await canonicalHash(xml), xml);
    }
    for (let trial = 0; trial < TRIALS; trial++) {
      const base = join(fx.dir, `store-${trial}`);
      const args = publishArgs({
        mode: "cache",
        base,
        url: suite.deadUrl,
        extra: ["--max-retries", "0", dir],
      });
      const { child, done } = startJux(args, { env: { JUX_API_KEY: SECRET } });
      const target = 1 + Math.floor(Math.random() * (REPORTS - 2));
      const end = Date.now() + 60_000;
      while (hashesIn(base, "queue").length < target && Date.now() < end) await sleep(1);
      child.kill("SIGKILL");
      const killed = await done;
      expect(killed.signal).toBe("SIGKILL");
      // Killed before its end, it acknowledged nothing.
      expect(killed.stdout).toBe("");
      await sleep(EMPTY_GRACE_MS + 100);

      const listed = await jux(["cache", "list", "--json", "--area", "queue", "--storage-path", base]);
      expect(listed.code).toBe(0);
      expect(leftovers(base)).toEqual([]);
      const queued = hashesIn(base, "queue");
      expect(queued.length).toBeGreaterThanOrEqual(target);
      expect(hashesIn(base, "reports")).toEqual(queued);
      for (const h of queued) expect(readFileSync(join(base, "queue", `${h}.xml`))).toEqual(byHash.get(h));
      expect((JSON.parse(listed.stdout) as { hash: string }[]).map((e) => e.hash).sort()).toEqual(queued);
      expect(indexed(base, "queue")).toEqual(queued);

      const again = await jux(args, { env: { JUX_API_KEY: SECRET } });
      expect(again.code).toBe(0);
      expect(
        JSON.parse(again.stdout).reports.filter((r: { kind: string }) => r.kind === "queued"),
      ).toHaveLength(REPORTS);
      expect(hashesIn(base, "queue")).toEqual([...byHash.keys()].sort());
      expect(indexed(base, "queue")).toEqual([...byHash.keys()].sort());
      expect(leftovers(base)).toEqual([]);
    }
  });
});

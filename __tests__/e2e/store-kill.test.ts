/**
 * Item 7 of issue 11 with real kills: the committed bundle storing 30 reports in cache mode is SIGKILLed at
 * spread points of its writes (after its first kept report, then 0 to 250 ms later). Whatever the point, the
 * next command leaves every kept report queued (nothing kept is stranded outside the queue, never published)
 * and no temp file or intent behind. The points are spread, not scheduled: the on-disk states each kind of
 * kill leaves are also built exactly, one by one, in store-permissions.test.ts.
 */
import { describe, expect, test } from "@jest/globals";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { EMPTY_GRACE_MS } from "../../src/core/fs/lock.js";
import { SECRET, filesIn, jux, publishArgs, publishSuite, startJux } from "../helpers/publish.js";

const suite = publishSuite({ name: "kill" });
const TRIALS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const reportNames = (base: string, area: "reports" | "queue") =>
  filesIn(base, area).filter((n) => /^[0-9a-f]{64}\.xml$/.test(n));

/** Temp files and intents anywhere in the store (the lock is not one). */
function leftovers(base: string): string[] {
  return ["", "queue", "reports", "rejected", "quarantine"].flatMap((d) =>
    existsSync(join(base, d))
      ? readdirSync(join(base, d))
          .filter((n) => /\.tmp$|\.queueing$/.test(n))
          .map((n) => join(d, n))
      : [],
  );
}

async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

describe("SIGKILL during a cache-mode run's writes", () => {
  test(`${TRIALS} kills at spread points: after the next command every kept report is queued, nothing left over`, async () => {
    const fx = await suite.setUp(30);
    for (let trial = 0; trial < TRIALS; trial++) {
      const base = join(fx.dir, `store-${trial}`);
      const args = publishArgs({
        files: fx.reports,
        mode: "cache",
        base,
        url: suite.deadUrl,
        extra: ["--max-retries", "0"],
      });
      const { child, done } = startJux(args, { env: { JUX_API_KEY: SECRET } });
      await until("the first kept report", () => reportNames(base, "reports").length > 0);
      await sleep((trial * 250) / (TRIALS - 1));
      child.kill("SIGKILL");
      const killed = await done;
      // A lock candidate the kill left empty is told from a live writer's by its age (EMPTY_GRACE_MS).
      await sleep(EMPTY_GRACE_MS + 100);
      const stats = await jux(["cache", "stats", "--json", "--storage-path", base]);
      expect(stats.code).toBe(0);
      expect(reportNames(base, "queue")).toEqual(reportNames(base, "reports"));
      expect(leftovers(base)).toEqual([]);
      expect(JSON.parse(stats.stdout)).toMatchObject({ leftovers: 0 });
      expect(killed.signal === "SIGKILL" || killed.code === 0).toBe(true);
    }
  });
});

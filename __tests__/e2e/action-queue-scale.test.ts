/**
 * The action's offline queue at scale, end to end: the bundles as the runner runs them, the queue in the Actions
 * cache of the service emulation (real @actions/cache over Azurite), a real `jux serve`. A thousand reports go
 * into one entry with the server down and all come out, exactly once, when it is back. (The cost per report is
 * bench/store-action.mjs's; the counts of store operations per report are __tests__/action/queue/queue-scale's.)
 */
import { afterAll, beforeAll, expect, jest, test } from "@jest/globals";
import { queuePrefix } from "../../src/action/queue/keys.js";
import { API_KEY, e2e, expectSuccess, hashesOf, key, server, service } from "../helpers/action-env.js";
import { startSwitchable, type Switchable } from "../helpers/outage.js";
import { runJob } from "../helpers/runner.js";
import { query } from "../helpers/serve.js";

jest.setTimeout(180_000);

const N = 1000;
const PROJECT = "queue-scale";
const QUEUE_KEY = "qscale";

e2e();
let sw: Switchable;
beforeAll(async () => void (sw = await startSwitchable(server.url)));
afterAll(() => sw.close());

const inputs = () => ({
  report_paths: "reports/*.xml",
  if_no_files_found: "ignore",
  api_url: sw.url,
  api_key: API_KEY,
  signing_key: key.privateKeyPem,
  signing_cert: key.certificatePem,
  project: PROJECT,
  queue_key: QUEUE_KEY,
  max_retries: "0",
});
const entries = () =>
  service
    .caches()
    .filter((c) => c.key.startsWith(queuePrefix(QUEUE_KEY, sw.url, { GITHUB_REPOSITORY: "octo/jux-demo" })));

function reports(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < N; i++)
    files[`reports/r${i}.xml`] =
      `<testsuite name="scale-${i}" tests="2" failures="1"><testcase classname="c" name="a"/>` +
      `<testcase classname="c" name="b"><failure message="m"/></testcase></testsuite>\n`;
  return files;
}

async function runsOnServer(): Promise<number> {
  const reply = await query(server, `/test_runs?project=${PROJECT}&per_page=1`);
  expect(reply.status).toBe(200);
  return (reply.body as { pagination: { total_count: number } }).pagination.total_count;
}

test(`${N} reports queued with the server down go into one cache entry, and all of them are published exactly once when it is back`, async () => {
  sw.down();
  let offline;
  try {
    offline = await runJob(service, { job: { runId: 7001 }, inputs: inputs(), files: reports() });
  } finally {
    sw.up();
  }
  expectSuccess(offline);
  const hashes = hashesOf(offline);
  expect(new Set(hashes).size).toBe(N);
  expect(offline.summary).toContain(`Offline queue: **${N} report(s) waiting**`);
  const saved = entries();
  expect(saved).toHaveLength(1);
  const archived = (await service.cacheArchive(saved[0]!.key)).length;
  expect(archived).toBeGreaterThan(0);
  expect(await runsOnServer()).toBe(0);

  const drain = await runJob(service, { job: { runId: 7002 }, inputs: inputs(), files: {} });
  expectSuccess(drain);
  expect(drain.summary).toContain("Offline queue: empty.");
  expect(drain.summary).not.toMatch(/quarantin/i);
  expect(drain.log).toContain("deleted 1 drained queue entry");
  expect(entries()).toEqual([]);
  expect(await runsOnServer()).toBe(N);

  // A later run finds nothing left: nothing is published twice.
  const after = await runJob(service, { job: { runId: 7003 }, inputs: inputs(), files: {} });
  expectSuccess(after);
  expect(await runsOnServer()).toBe(N);
  expect(entries()).toEqual([]);
});

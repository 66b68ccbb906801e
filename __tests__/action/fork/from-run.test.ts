/**
 * reportsFromRun (src/action/fork/from-run.ts) against a REST double: the run's artifacts named by the patterns are
 * taken within the run's limits (artifacts, bytes of a zip, reports in all), each report named
 * `<artifact>/<path>`, and what passes a limit is refused whole with why; the rest is still taken.
 */
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FROM_RUN_LIMITS, reportsFromRun } from "../../../src/action/fork/from-run.js";
import { workflowRunJson } from "../../helpers/github-api.js";
import { junit, makeZip } from "./zips.js";

const REPO = "octo/jux-demo";
const SHA = "b".repeat(40);
const ZIPS: Record<string, Buffer> = {
  "jux-reports-a": makeZip([
    { name: "x/junit-1.xml", data: junit("one") },
    { name: "junit-2.xml", data: junit("two") },
  ]),
  "jux-reports-b": makeZip([
    { name: "junit.xml", data: junit("three") },
    { name: "more.xml", data: junit("four") },
  ]),
  "jux-reports-big": makeZip([{ name: "big.xml", data: junit("big") }]),
  "jux-reports-c": makeZip([{ name: "c.xml", data: junit("c") }]),
  other: makeZip([{ name: "o.xml", data: junit("o") }]),
};
const NAMES = Object.keys(ZIPS);
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const send = (body: unknown) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (path === `/repos/${REPO}/actions/runs/5`)
      return send(
        workflowRunJson(REPO, { id: 5, headSha: SHA, headBranch: "fix", headRepo: "forker/jux-demo" }),
      );
    if (path === `/repos/${REPO}/actions/runs/5/artifacts`)
      return send({
        total_count: NAMES.length,
        artifacts: NAMES.map((name, i) => ({
          id: i + 1,
          name,
          // The listing declares the zip's size: the big one says more than the limit.
          size_in_bytes: name === "jux-reports-big" ? 10 ** 9 : ZIPS[name]!.length,
          expired: false,
        })),
      });
    if (path.endsWith("/pulls")) return send([]);
    const zip = /\/artifacts\/(\d+)\/zip$/.exec(path);
    if (zip) return res.writeHead(302, { location: `/storage/${zip[1]}` }).end();
    const blob = /^\/storage\/(\d+)$/.exec(path);
    if (blob) return res.writeHead(200).end(ZIPS[NAMES[Number(blob[1]) - 1]!]);
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

test("the named artifacts within the limits; what passes one is refused whole, the others taken", async () => {
  const env = {
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    GITHUB_EVENT_NAME: "workflow_dispatch",
  };
  const tempRoot = mkdtempSync(join(tmpdir(), "jux-from-run-"));
  const t = await reportsFromRun(env, {
    runId: 5,
    patterns: ["jux-reports-*"],
    token: "ghs_fromruntoken012345",
    tempRoot,
    limits: { ...FROM_RUN_LIMITS, artifacts: 3, files: 3 },
  });
  expect(t.files.map((f) => f.name)).toEqual(["jux-reports-a/junit-2.xml", "jux-reports-a/x/junit-1.xml"]);
  expect(readFileSync(t.files[0]!.path, "utf8")).toBe(junit("two"));
  expect(t.refused).toEqual([
    {
      name: "artifact jux-reports-b",
      reason: "artifact jux-reports-b passes the limit of 3 reports in all, nothing of it signed",
    },
    {
      name: "artifact jux-reports-big",
      reason: `artifact jux-reports-big is 1000000000 bytes, over the ${FROM_RUN_LIMITS.zipBytes}-byte limit of one artifact`,
    },
    {
      name: "artifact jux-reports-c",
      reason: "over the limit of 3 artifacts: not read (name fewer with from_artifact)",
    },
  ]);
  expect(t.taken).toEqual(["jux-reports-a"]);
  expect(t.others).toEqual(["other"]);
  expect(t.properties).toEqual([
    { name: "jux:origin", value: "fork:forker/jux-demo" },
    { name: "ci:pull_request", value: "unknown" },
  ]);
  expect(t.pull).toEqual({ none: expect.stringContaining("no pull request") });
  await t.dispose();
  expect(existsSync(t.files[0]!.path)).toBe(false);
});

test("after a few refused artifacts the run's others are not downloaded, and each refusal costs its size", async () => {
  const env = {
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    GITHUB_EVENT_NAME: "workflow_dispatch",
  };
  const tempRoot = mkdtempSync(join(tmpdir(), "jux-from-run-"));
  // No report may be taken (files: 0): every artifact read is refused; after two, the rest are not downloaded.
  const t = await reportsFromRun(env, {
    runId: 5,
    patterns: ["*"],
    token: "ghs_fromruntoken012345",
    tempRoot,
    limits: { ...FROM_RUN_LIMITS, files: 0, refusals: 2 },
  });
  expect(t.refused.map((r) => r.reason.replace(/^artifact \S+ /, ""))).toEqual([
    expect.stringContaining("limit"),
    expect.stringContaining("limit"),
    "not read: 2 artifacts of this run were refused already",
    "not read: 2 artifacts of this run were refused already",
    "not read: 2 artifacts of this run were refused already",
  ]);
  expect(t.files).toEqual([]);
  await t.dispose();
});

/**
 * Item 6 of issue 11: the API key is blanked out of the values a server returns, never out of our own field
 * names or outcome values, and a key too short to be blanked safely is refused. Through the committed bundle,
 * against a real `jux serve` and a scripted server that echoes the key back.
 */
import { describe, expect, test } from "@jest/globals";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jux, parsed, publishArgs, publishSuite, secretLeaks } from "../helpers/publish.js";
import { tempDir } from "../helpers/serve.js";

/** Keys that are our own words: an outcome value, a field name, and one made of several of them. */
const OUTCOME_WORD = "published";
const FIELD_WORD = "testRunId";
const ECHOED = "e-kind-testRun-published";

const suite = publishSuite({
  name: "redaction",
  serve: ["--token", OUTCOME_WORD, "--token", FIELD_WORD, "--token", ECHOED],
});

describe("keys made of our own words publish normally (jux serve)", () => {
  for (const key of [OUTCOME_WORD, FIELD_WORD, ECHOED])
    test(`JUX_API_KEY=${key}: exit 0, published, the test run id intact`, async () => {
      const { reports, project } = await suite.setUp(1);
      const args = publishArgs({ files: reports, mode: "api", url: suite.serveUrl() });
      const r = await jux(args, { env: { JUX_API_KEY: key } });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const row = parsed(r).reports[0]!;
      const [run] = await suite.runsOf(project);
      expect(row).toEqual({
        file: reports[0]!.path,
        hash: reports[0]!.hash,
        stored: false,
        kind: "published",
        testRunId: run!.id,
      });
    });
});

describe("a server that echoes the key back (scripted)", () => {
  test("a refusal: the key is blanked in every value and every key of details; the fields are ours", async () => {
    suite.scripted.reset();
    suite.scripted.script({
      status: 403,
      body: {
        error: `the key ${ECHOED} is not valid`,
        details: { [ECHOED]: ECHOED, kind: [`was ${ECHOED}`] },
        suggestions: [`rotate ${ECHOED}`],
      },
    });
    const { reports } = await suite.setUp(1);
    const args = publishArgs({ files: reports, mode: "api", url: suite.scriptedUrl() });
    const r = await jux(args, { env: { JUX_API_KEY: ECHOED } });
    expect(r.code).toBe(1);
    expect(suite.scripted.requests[0]!.headers.authorization).toBe(`Bearer ${ECHOED}`);
    expect(parsed(r).reports[0]).toEqual({
      file: reports[0]!.path,
      hash: reports[0]!.hash,
      stored: false,
      kind: "rejected",
      status: 403,
      error: "the key ******** is not valid",
      details: { "********": "********", kind: ["was ********"] },
      suggestions: ["rotate ********"],
    });
    expect(r.stdout + r.stderr).not.toContain(ECHOED);
  });

  test("a 201 whose id holds the key: published, the id blanked, the counts kept", async () => {
    suite.scripted.reset();
    suite.scripted.script({ status: 201, body: { test_run_id: `run-${ECHOED}`, test_count: 3 } });
    const { reports } = await suite.setUp(1);
    const args = publishArgs({ files: reports, mode: "api", url: suite.scriptedUrl() });
    const r = await jux(args, { env: { JUX_API_KEY: ECHOED } });
    expect(r.code).toBe(0);
    expect(parsed(r).reports[0]).toMatchObject({ kind: "published", testRunId: "run-********" });
  });
});

describe("a key shorter than 8 characters is refused before any request", () => {
  test("from the environment: the message names JUX_API_KEY and the fix", async () => {
    suite.scripted.reset();
    const { reports } = await suite.setUp(1);
    const args = publishArgs({ files: reports, mode: "api", url: suite.scriptedUrl(), json: false });
    const r = await jux(args, { env: { JUX_API_KEY: "e234567" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "error: JUX_API_KEY: the API key is shorter than 8 characters, too short to be blanked out of what a server answers: use the whole key the server issued\n",
    );
    expect(suite.scripted.requests).toEqual([]);
  });

  test("from a user config file: the message names the file", async () => {
    suite.scripted.reset();
    const { reports } = await suite.setUp(1);
    const home = tempDir("jux-redaction-home-");
    mkdirSync(join(home, ".config", "jux"), { recursive: true });
    const file = join(home, ".config", "jux", "config");
    writeFileSync(file, "[jux]\nbearer_token = e\n", { mode: 0o600 });
    const args = publishArgs({
      files: reports,
      mode: "cache",
      base: join(home, "store"),
      url: suite.scriptedUrl(),
    });
    const r = await jux(args, { cwd: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: ${file}:2`);
    expect(r.stderr).toContain("the API key is shorter than 8 characters");
    expect(suite.scripted.requests).toEqual([]);
  });
});

test("the keys appear in no output or file, beyond the runs that were refused for them", () => {
  expect(secretLeaks(ECHOED, suite.dirs)).toEqual([]);
});

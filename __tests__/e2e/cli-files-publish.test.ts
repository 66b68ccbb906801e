/**
 * jux publish with reports typed the way people type them (issue 18), through the committed bundle, to a real
 * `jux serve`: several files after one -f, a quoted pattern jux expands itself, a directory, and a missing
 * file that is a failed outcome of its own while the others still go (exit 2).
 */
import { describe, expect, test } from "@jest/globals";
import { cpSync, mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { SECRET, jux, parsed, publishSuite } from "../helpers/publish.js";

const suite = publishSuite({ name: "files", serve: ["--token", SECRET] });
const lines = (s: string) => s.split("\n").filter((l) => l !== "");

describe("jux publish", () => {
  test("jux publish -f a.xml b.xml and jux publish 'reports/*.xml' reach a real jux serve, one process", async () => {
    const { dir, reports, project } = await suite.setUp(3);
    const env = { JUX_API_KEY: SECRET };
    const names = reports.map((r) => relative(dir, r.path));
    const url = suite.serveUrl();
    const two = await jux(
      ["publish", "-f", names[0]!, names[1]!, "--storage-mode", "api", "--api-url", url, "--json"],
      { cwd: dir, env },
    );
    expect(two.code).toBe(0);
    expect(parsed(two).reports.map((r) => [r.file, r.kind])).toEqual([
      [names[0], "published"],
      [names[1], "published"],
    ]);
    mkdirSync(join(dir, "reports"));
    for (const r of reports) cpSync(r.path, join(dir, "reports", relative(dir, r.path)));
    const globbed = await jux(["publish", "reports/*.xml", "--storage-mode", "api", "--api-url", url], {
      cwd: dir,
      env,
    });
    expect(globbed.code).toBe(0);
    // The first two were published by the run before: the server says so; the third is new.
    expect(lines(globbed.stdout)).toEqual([
      expect.stringMatching(/^reports\/report-0\.xml: (already published|duplicate)/),
      expect.stringMatching(/^reports\/report-1\.xml: (already published|duplicate)/),
      expect.stringMatching(/^reports\/report-2\.xml: published \(test run /),
    ]);
    expect(await suite.runsOf(project)).toHaveLength(3);
    // A directory and a missing file: the missing one is a failed outcome of its own, the others still go.
    const partial = await jux(
      ["publish", "reports", "gone.xml", "--storage-mode", "api", "--api-url", url, "--json"],
      { cwd: dir, env },
    );
    expect(partial.code).toBe(2);
    expect(parsed(partial).reports.map((r) => [r.file, r.kind, r.reason])).toEqual([
      ["reports/report-0.xml", "duplicate", undefined],
      ["reports/report-1.xml", "duplicate", undefined],
      ["reports/report-2.xml", "duplicate", undefined],
      [
        "gone.xml",
        "failed",
        expect.stringMatching(/^cannot read gone\.xml: no such file .*; check the name/),
      ],
    ]);
  });
});

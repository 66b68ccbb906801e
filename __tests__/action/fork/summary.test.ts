/**
 * What the main step says about the run it took reports from (src/action/fork/summary.ts): the fork's branch, the
 * workflow's name and artifact names are the fork's words, so in the job summary they are table-cell safe (no HTML,
 * no link, no mention), and long lists are cut.
 */
import { expect, test } from "@jest/globals";
import type { TakenReports } from "../../../src/action/fork/from-run.js";
import { originFacts } from "../../../src/action/fork/summary.js";
import { cell } from "../../../src/action/markdown.js";

const taken = (o: Partial<TakenReports> = {}): TakenReports => ({
  run: {
    id: 5,
    attempt: 1,
    headSha: "a".repeat(40),
    headBranch: "x<img/src=y>@octo/team",
    headRepository: "forker/jux-demo",
    event: "pull_request",
    workflow: "[click](https://evil.example)",
    source: "workflow_run event",
  },
  pull: { none: "no pull request of octo/jux-demo has the head commit aaaaaaaaaaaa" },
  env: {},
  properties: [],
  files: [],
  refused: [],
  ignored: Array.from({ length: 25 }, (_, i) => `a/${i}.txt`),
  taken: ["jux-reports-test-attempt1"],
  others: ["coverage"],
  dispose: () => Promise.resolve(),
  ...o,
});

test("the fork's words are made safe for the summary", () => {
  const text = originFacts(taken(), "octo/jux-demo", cell).join("\n");
  expect(text).not.toMatch(/<img|[^\\]\]\(|https:\/\//);
  expect(text).toContain("x&lt;img/src=y&gt;@\u2060octo/team");
  expect(text).toContain("code from a fork, forker/jux-demo");
  expect(text).toContain("no pull request number: no pull request of octo/jux-demo has the head commit");
  expect(text).toContain("25 file(s) not ending in .xml left out: a/0.txt, ");
  expect(text).toContain("a/19.txt and 5 more");
});

test("a run of this repository and its pull request", () => {
  const own = taken({ run: { ...taken().run, headRepository: "octo/jux-demo" }, pull: { number: 7 } });
  const text = originFacts(own, "octo/jux-demo", (s) => s).join("\n");
  expect(text).toContain("code from this repository");
  expect(text).toContain("pull request #7, found by its head commit");
});

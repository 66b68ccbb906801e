/**
 * The test-level pages rendered from rows (no database): a project's page, a test's page and the run page's test
 * sections. Hostile names, files, messages, projects and branches stay text; links are our own paths.
 */
import { describe, expect, it } from "@jest/globals";
import { compareTests } from "../../../src/core/junit/compare.js";
import type {
  RunRow,
  TestHistoryRow,
  TestRow,
  TestSummaryRow,
  TrendPoint,
} from "../../../src/server/schema.js";
import { projectPage, type ProjectView } from "../../../src/server/views/project.js";
import { comparedTest, runTestSections, type RunInsight } from "../../../src/server/views/run-tests.js";
import { historyStrip, testPage } from "../../../src/server/views/test.js";
import { runPage } from "../../../src/server/views/run.js";
import { defaultBranch } from "../../../src/server/routes/insight-pages.js";

const EVIL = `"><script>window.pwned=1</script><img src=x onerror=alert(1)>`;
const NOW = Date.parse("2026-12-05T12:00:00Z");

function run(over: Partial<RunRow> = {}): RunRow {
  return {
    id: "11111111-1111-4111-8111-111111111111",
    project: "shop",
    branch: "main",
    commit_sha: "a".repeat(40),
    status: "failed",
    total_tests: 4,
    failures: 1,
    errors: 0,
    skipped: 0,
    success_rate: 75,
    total_time: 2,
    signer: null,
    tags: "[]",
    properties: "[]",
    inserted_at: "2026-12-05T10:00:00.000Z",
    workflow_run: null,
    job: null,
    flaky: 0,
    tests_truncated: 0,
    pull_request: 0,
    signer_verified: 0,
    published_by: null,
    ...over,
  };
}

function test(name: string, outcome: TestRow["outcome"], over: Partial<TestRow> = {}): TestRow {
  return {
    run_id: run().id,
    test_id: JSON.stringify(["suite", "cls", name]),
    key: name.length === 32 ? name : "0123456789abcdef0123456789abcdef",
    suite: "suite",
    classname: "cls",
    name,
    file: null,
    line: null,
    outcome,
    duration: 0.5,
    failure_type: null,
    failure_message: null,
    retries: 0,
    position: 0,
    ...over,
  };
}

function summary(name: string, over: Partial<TestSummaryRow> = {}): TestSummaryRow {
  return {
    key: "0123456789abcdef0123456789abcdef",
    test_id: JSON.stringify(["suite", "cls", name]),
    suite: "suite",
    classname: "cls",
    name,
    file: "tests/a.py",
    line: 3,
    runs: 5,
    pass_rate: 60,
    last_outcome: "failed",
    last_run_id: run().id,
    flaky_score: 0.4,
    mean_duration: 1,
    p95_duration: 2,
    ...over,
  };
}

function point(i: number, rate: number): TrendPoint {
  return {
    inserted_at: `2026-12-0${i + 1}T10:00:00.000Z`,
    run_ids: [`run-${i}`],
    workflow_run: null,
    tests: 10,
    passed: rate / 10,
    failures: 10 - rate / 10,
    errors: 0,
    skipped: 0,
    flaky: 0,
    success_rate: rate,
    time: 3 + i,
  };
}

/** Every element name in the markup (outside the stylesheet). */
function tags(html: string): Set<string> {
  const body = html.replace(/<style>[^<]*<\/style>/, "");
  return new Set([...body.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()));
}

/** Every href in the markup, unescaped. */
const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&#38;/g, "&"));

describe("projectPage", () => {
  const view: ProjectView = {
    project: `shop/${EVIL}`,
    branch: `feat/${EVIL}`,
    branchIsDefault: false,
    branches: [
      { branch: `feat/${EVIL}`, runs: 3 },
      { branch: "main", runs: 2 },
      { branch: null, runs: 1 },
    ],
    trend: [point(0, 100), point(1, 50), point(2, 80)],
    failing: [summary(`failing ${EVIL}`, { file: EVIL, suite: EVIL })],
    flaky: [summary("flaky one", { last_outcome: "flaky", flaky_score: 0.75 })],
    window: 30,
  };
  const html = projectPage(view);

  it("draws both charts with one point per trend point", () => {
    expect(html.match(/<circle class="point"/g)).toHaveLength(6);
    expect(html).toContain(`aria-labelledby="pass-rate-title pass-rate-desc"`);
    expect(html).toContain(`aria-labelledby="duration-title duration-desc"`);
  });

  it("keeps hostile projects, branches, names and files as text: no script, no img, no handler", () => {
    expect(tags(html)).not.toContain("script");
    const allowed =
      "html head meta title style body p a h1 h2 b img div figure svg desc g line text polyline circle figcaption table thead tr th tbody td span br code ul li";
    for (const tag of tags(html)) expect([tag, allowed.split(" ").includes(tag)]).toEqual([tag, true]);
    const imgs = html.match(/<img [^>]*>/g)!;
    expect(imgs).toHaveLength(1); // the badge, with these attributes only
    expect([...imgs[0]!.matchAll(/ ([a-z-]+)="/g)].map((m) => m[1])).toEqual([
      "class",
      "src",
      "alt",
      "height",
    ]);
    expect(html).toContain("failing &#34;&#62;&#60;script&#62;");
  });

  it("links only to our own paths, the project and branch percent-encoded", () => {
    for (const h of hrefs(html)) expect(h).toMatch(/^\/(\?|projects\/|tests\/|$)/);
    expect(hrefs(html)).toContain(
      `/projects/${encodeURIComponent(view.project)}?${new URLSearchParams({ branch: view.branch! }).toString()}`,
    );
    expect(html).toContain(`src="/badge/${encodeURIComponent(view.project)}.svg?branch=`);
    // The branch without a name is listed, not linked.
    expect(html).toContain("<li>(no branch)");
  });

  it("lists the failing tests and the flaky ones with their figures", () => {
    expect(html).toMatch(
      /<table class="tests failing-tests">.*failing &#34;.*60%<br><span class="muted">5 runs<\/span>/s,
    );
    expect(html).toMatch(/<table class="tests flaky-tests">.*flaky one.*0\.75/s);
  });

  it("says so when there is nothing to list", () => {
    const empty = projectPage({ ...view, trend: [], failing: [], flaky: [] });
    expect(empty).toContain("No runs yet");
    expect(empty).toContain("No test failed in the latest run.");
    expect(empty).toMatch(/No flaky test over the last 30 runs/);
  });
});

function history(outcomes: TestRow["outcome"][]): TestHistoryRow[] {
  // newest first, as the store gives it
  return outcomes
    .map((outcome, i) => ({
      ...test(`t ${EVIL}`, outcome, {
        run_id: `r${i}`,
        failure_message: outcome === "passed" ? null : `boom ${EVIL}`,
        failure_type: outcome === "passed" ? null : "AssertionError",
        file: `src/${EVIL}.py`,
        line: 9,
      }),
      project: "shop",
      branch: i % 2 ? `b${EVIL}` : "main",
      commit_sha: null,
      inserted_at: `2026-12-0${9 - i}T10:00:00.000Z`,
      workflow_run: null,
    }))
    .slice();
}

describe("testPage and historyStrip", () => {
  const rows = history(["passed", "flaky", "error", "failed", "skipped"]);
  const figures = {
    window: 30,
    runs: 5,
    pass_rate: 50,
    flaky_score: 0.5,
    mean_duration: 0.5,
    p95_duration: 0.5,
  };

  it("one link per run, oldest left, a mark and words for each outcome", () => {
    const strip = historyStrip(rows);
    const marks = [
      ...strip.matchAll(/<a class="mark (\w+)" href="([^"]+)" title="([^"]+)" aria-label="\3">([^<]+)<\/a>/g),
    ];
    expect(marks.map((m) => [m[1], m[2], m[4]])).toEqual([
      ["skipped", "/runs/r4", "–"],
      ["failed", "/runs/r3", "✗"],
      ["error", "/runs/r2", "!"],
      ["flaky", "/runs/r1", "≈"],
      ["passed", "/runs/r0", "✓"],
    ]);
    expect(marks[3]![3]).toMatch(/^flaky on b&#34;&#62;&#60;script&#62;/);
  });

  it("shows the figures, the place and the recent failures' messages, all escaped", () => {
    const html = testPage({
      key: rows[0]!.key,
      project: "shop",
      branch: undefined,
      history: rows,
      figures,
      now: NOW,
    });
    expect(tags(html)).not.toContain("script");
    expect(tags(html)).not.toContain("img");
    expect(html).toContain(`<code class="where">src/&#34;&#62;&#60;script&#62;`);
    expect(html).toMatch(/50% <span class="muted">\(in 5 of the last 30 runs of shop/);
    // failed, error and flaky runs, newest first; not the passed or skipped one
    expect(html.match(/<ol class="failures">(.*)<\/ol>/s)![1]!.match(/<li>/g)).toHaveLength(4 - 1);
    expect(html).toContain("<pre>boom &#34;&#62;&#60;script&#62;");
  });

  it("without runs: says so", () => {
    const html = testPage({ key: "k", project: "shop", branch: "dev", history: [], figures, now: NOW });
    expect(html).toContain("No runs of this test of shop on dev.");
  });

  it("a test outside the window: no figures, says why", () => {
    const html = testPage({
      key: "k",
      project: "shop",
      branch: undefined,
      history: rows,
      figures: { ...figures, runs: 0 },
      now: NOW,
    });
    expect(html).toContain("Not in the last 30 runs of shop.");
    expect(html).not.toContain("Flaky score");
  });
});

describe("the run page's test sections", () => {
  const head = run({
    id: "22222222-2222-4222-8222-222222222222",
    branch: `pr/${EVIL}`,
    workflow_run: "w",
    job: "py",
  });
  const base = run();
  const baseTests = [test("a", "passed"), test("b", "failed"), test("gone", "passed"), test("c", "failed")];
  const headTests = [
    test("a", "failed", { failure_message: EVIL, failure_type: EVIL, file: "t.py", line: 4 }),
    test("b", "passed"),
    test("c", "error"),
    test(EVIL, "failed"),
    test("f", "flaky", { retries: 2, failure_message: "first try" }),
  ];
  const insight: RunInsight = {
    failing: headTests.filter((t) => t.outcome === "failed" || t.outcome === "error"),
    failingTotal: 3,
    flaky: [headTests[4]!],
    flakyTotal: 1,
    legs: [head, run({ id: "33333333-3333-4333-8333-333333333333", job: `java${EVIL}`, workflow_run: "w" })],
    comparison: {
      base,
      how: "the newest run of main",
      result: compareTests(baseTests.map(comparedTest), headTests.map(comparedTest)),
    },
  };
  const html = runTestSections(head, insight, NOW);

  it("failing tests first, then flaky ones with their retries, escaped", () => {
    expect(html.indexOf('id="failing"')).toBeLessThan(html.indexOf('id="flaky"'));
    expect(html).toMatch(/≈<\/span> flaky<\/span><br><span class="muted">2 retries<\/span>/);
    expect(html).toContain('<code class="where">t.py:4</code>');
    expect(tags(html)).not.toContain("script");
  });

  it("the comparison's five lists, by the shared comparison", () => {
    expect(html).toContain("<b>2 new failures, 1 fixed, 1 still failing, 2 added, 1 removed</b>");
    expect(html).toMatch(/<h3 id="new-failures">New failures \(2\)<\/h3>/);
    expect(html).toMatch(/<table class="compare fixed">.*<b>b<\/b>/s);
    expect(html).toMatch(/<ul class="compare removed">.*<b>gone<\/b>/s);
    // removed tests link with the base's branch
    expect(html).toMatch(
      /<ul class="compare removed">.*href="\/tests\/[0-9a-f]{32}\?project=shop&#38;branch=main"/s,
    );
  });

  it("says when the report's tests were cut at ingest", () => {
    expect(html).not.toContain("more tests than the server keeps");
    expect(runTestSections({ ...head, tests_truncated: 1 }, insight, NOW)).toContain(
      "This report had more tests than the server keeps per run",
    );
  });

  it("the other legs of the workflow run, linked by id", () => {
    expect(html).toMatch(
      /<h2 id="legs">Other legs of this workflow run \(1\)<\/h2><ul class="legs"><li><a href="\/runs\/33333333-3333-4333-8333-333333333333">java&#34;&#62;/,
    );
  });

  it("no base: says why and how to choose one", () => {
    const none = runTestSections(
      head,
      { ...insight, legs: [head], comparison: { missing: `No run of shop on ${EVIL}` } },
      NOW,
    );
    expect(none).toContain("No run of shop on &#34;&#62;&#60;script&#62;");
    expect(none).not.toContain('id="legs"');
  });

  it("the whole run page puts them before the suites, links the project page", () => {
    const page = runPage(head, [], { rows: [], total: 0, page: 1, perPage: 500 }, NOW, insight);
    expect(page.indexOf('id="failing"')).toBeLessThan(page.indexOf("<h2>Suites</h2>"));
    expect(page).toContain(`<a href="/projects/shop?branch=pr%2F`);
    expect(tags(page)).not.toContain("script");
  });
});

describe("defaultBranch", () => {
  it.each([
    [
      [
        { branch: "dev", runs: 9 },
        { branch: "main", runs: 1 },
      ],
      "main",
    ],
    [
      [
        { branch: "dev", runs: 9 },
        { branch: "master", runs: 1 },
      ],
      "master",
    ],
    [
      [
        { branch: "main", runs: 1 },
        { branch: "master", runs: 5 },
      ],
      "main",
    ],
    [
      [
        { branch: null, runs: 9 },
        { branch: "trunk", runs: 4 },
        { branch: "dev", runs: 2 },
      ],
      "trunk",
    ],
    [[{ branch: null, runs: 3 }], undefined],
    [[], undefined],
  ])("%j → %p", (branches, expected) => expect(defaultBranch(branches)).toBe(expected));
});

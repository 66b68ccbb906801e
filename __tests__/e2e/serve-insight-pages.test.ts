/**
 * `jux serve`'s test-level pages (issue 12) in a real headless Chromium (Debian's, driven by playwright-core),
 * against the committed bundle on Node 24: a project page (pass rate and duration drawn as SVG on the server), a
 * test page (history strip), a run page (failing tests first, the comparison with its base, its matrix legs) and
 * the badge, at 1280 and 390 px. Fed real report shapes of the corpus: three runs on main, then a pull-request
 * workflow run of two legs with 2 new failures, 1 fixed test, 1 flaky (reruns), 1 removed and a hostile test.
 * Screenshots go to $JUX_INSIGHT_SCREENSHOTS, else to a temporary directory.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { JUNIT } from "../helpers/fixtures.js";
import { INLINE_SCRIPT, hostileReport } from "../helpers/hostile.js";
import { cleanUp, request, startServer, submit, tempDir, type Server } from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";

const CHROMIUM = "/usr/bin/chromium";
const WIDTHS = [1280, 390] as const;
const PROJECT = "shop";
const PR_BRANCH = "feature/x";
const HOSTILE_NAME = "<img src=x onerror=window.pwned=1>";
const HOSTILE_MESSAGE = "<script>window.pwned=2</script>";

const attr = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;").replace(/>/g, "&gt;");

function properties(branch: string, job: string, runId: string): string {
  const props: [string, string][] = [
    ["project", PROJECT],
    ["git:branch", branch],
    ["env:GITHUB_REPOSITORY", "acme/shop"],
    ["env:GITHUB_RUN_ID", runId],
    ["env:GITHUB_JOB", job],
  ];
  return props.map(([n, v]) => `<property name="${n}" value="${attr(v)}"/>`).join("");
}

/** The corpus file without its XML declaration. */
const fixture = (path: string) => readFileSync(join(JUNIT, path), "utf8").replace(/^<\?xml[^>]*\?>\s*/, "");

/**
 * The python leg: pytest-rerunfailures' flaky test (mikepenz flaky_with_classname_file.xml: test_foo fails, errors,
 * then passes; file and line attributes) and cargo-nextest's suite (nextest-basic.xml: test_failure fails).
 */
function pythonLeg(
  branch: string,
  runId: string,
  change: (flaky: string, nextest: string) => [string, string],
) {
  const flaky = fixture("mikepenz-action-junit-report/flaky_with_classname_file.xml").replace(
    /<testsuite\b[^>]*>/,
    (t) => `${t}<properties>${properties(branch, "test-py", runId)}</properties>`,
  );
  const nextest = /<testsuite .*<\/testsuite>/s.exec(
    fixture("mikepenz-action-junit-report/nextest-basic.xml"),
  )![0];
  const [a, b] = change(flaky, nextest);
  return (extra = "") =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>${a}${b}${extra}</testsuites>\n`;
}

/** The pull request's python leg: test_baz and test_annotations fail (new), test_failure passes (fixed), test_bar gone. */
function pullRequestLeg(): string {
  const hostile =
    `<testsuite name="&lt;b&gt;evil" tests="1" failures="1"><testcase classname="test_evil.Evil" name="${attr(HOSTILE_NAME)}" ` +
    `file="src/&quot;&gt;&lt;script&gt;x.py" line="7"><failure message="${attr(HOSTILE_MESSAGE)}">x</failure></testcase></testsuite>`;
  return pythonLeg(PR_BRANCH, "900", (flaky, nextest) => [
    flaky
      .replace(/<testcase classname="test_bar.TestBar".*?\/>/s, "")
      .replace(
        /(name="test_baz" time="0.5") \/>/,
        `$1><failure message="assert 1 == 2">AssertionError</failure></testcase>`,
      ),
    nextest
      .replace(/<failure type="test failure">.*?<\/failure>/s, "")
      .replace(
        /(<testcase name="test_annotations"[^>]*>)/,
        `$1<failure message="annotations missing">at tests/parry3d.rs:99:5</failure>`,
      ),
  ])(hostile);
}

/** The pull request's java leg (same workflow run, job test-java): Surefire's flakyFailure/flakyError report. */
function javaLeg(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${fixture(
    "apache-maven-surefire/TEST-org.acme.FlakyTest.xml",
  ).replace(/<properties>/, `<properties>${properties(PR_BRANCH, "test-java", "900")}`)}`;
}

withShared("fixtures/junit", "the test-level pages in headless Chromium", () => {
  let server: Server;
  let browser: Browser;
  let shots: string;
  const contexts = new Map<number, BrowserContext>();
  const mainRuns: string[] = [];
  let prRun: string;
  let javaRun: string;
  /** test_failure: failed on main three times, passed in the pull request. */
  let fixedKey: string;

  async function submitted(xml: string): Promise<string> {
    const reply = await submit(server, xml);
    expect([reply.status, reply.text]).toEqual([201, expect.any(String)]);
    return (reply.body as { test_run_id: string }).test_run_id;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
    shots = process.env.JUX_INSIGHT_SCREENSHOTS ?? join(tempDir("jux-insight-"), "screenshots");
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    for (let i = 0; i < 3; i++)
      mainRuns.push(
        await submitted(
          pythonLeg("main", String(100 + i), (flaky, nextest) => [
            flaky,
            nextest.replace('time="0.774"', `time="${0.774 + i}"`),
          ])(),
        ),
      );
    prRun = await submitted(pullRequestLeg());
    javaRun = await submitted(javaLeg());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    for (const width of WIDTHS)
      contexts.set(width, await browser.newContext({ viewport: { width, height: 900 } }));
    // The key of test_failure, as the project page links it.
    const html = (await request(`${server.url}/projects/${PROJECT}`)).text;
    fixedKey = /href="\/tests\/([0-9a-f]{32})\?[^"]*"><b>test_failure</.exec(html)![1]!;
  });

  afterAll(async () => {
    await browser?.close();
    await cleanUp();
  });

  interface Visit {
    page: Page;
    /** Every URL the page requested. */
    requests: string[];
  }

  /**
   * Opens `path` at `width` in a shared context; fails on a console error or CSP violation, and on any request that
   * leaves the server's origin (each is aborted and recorded).
   */
  async function visit<T>(path: string, width: number, work: (v: Visit) => Promise<T>): Promise<T> {
    const page = await contexts.get(width)!.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("request", (r) => requests.push(r.url()));
    await page.route(
      (url) => url.origin !== server.url,
      (route) => route.abort(),
    );
    await page.addInitScript(
      'document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective))',
    );
    try {
      const response = await page.goto(`${server.url}${path}`);
      expect([path, response!.status()]).toEqual([path, 200]);
      await page.waitForLoadState("load");
      const result = await work({ page, requests });
      expect(problems).toEqual([]);
      const foreign = requests.filter(
        (u) => new URL(u).origin !== server.url && !u.startsWith("data:") && !u.startsWith("about:"),
      );
      expect(foreign).toEqual([]);
      expect(await page.evaluate("[window.pwned, window.injected]")).toEqual([undefined, undefined]);
      return result;
    } finally {
      await page.close();
    }
  }

  /** A full-page screenshot (an SVG document: the viewport, which Chromium cannot measure further). */
  async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
    const file = join(shots, `${name}.png`);
    await page.screenshot({ path: file, fullPage, timeout: 10_000 });
    expect(readFileSync(file).subarray(1, 4).toString()).toBe("PNG");
    expect(statSync(file).size).toBeGreaterThan(2_000);
  }

  /** Tabs through the page: every visible link gets the focus, with a visible outline. */
  async function everyLinkByKeyboard(page: Page): Promise<number> {
    const links = await page.evaluate<string[]>(
      `[...document.querySelectorAll("a[href]")].filter((a) => a.getClientRects().length > 0).map((a) => a.getAttribute("href"))`,
    );
    expect(links.length).toBeGreaterThan(0);
    const reached: string[] = [];
    for (let i = 0; i < links.length + 5; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate<{
        href: string | null;
        outline: string;
        visible: boolean;
      } | null>(`(() => {
        const e = document.activeElement;
        if (!e || e.tagName !== "A") return null;
        const s = getComputedStyle(e);
        return { href: e.getAttribute("href"), outline: s.outlineStyle + " " + s.outlineWidth, visible: e.matches(":focus-visible") };
      })()`);
      if (focused) {
        expect(focused).toEqual({ href: focused.href, outline: "solid 3px", visible: true });
        reached.push(focused.href!);
      }
    }
    expect(new Set(reached)).toEqual(new Set(links));
    return links.length;
  }

  const noSidewaysScroll = async (page: Page, width: number) =>
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);

  /** The points of the chart labelled `title`. */
  const points = (page: Page, id: string) =>
    page.evaluate<number>(`document.querySelectorAll('svg[aria-labelledby^="${id}-"] circle.point').length`);

  describe.each(WIDTHS)("at %i px wide", (width) => {
    it("the project page: charts with one point per run, failing and flaky tests linked, branches, badge", async () => {
      await visit(`/projects/${PROJECT}`, width, async ({ page, requests }) => {
        expect(await page.locator("h1").innerText()).toBe(PROJECT);
        expect(await points(page, "pass-rate")).toBe(mainRuns.length);
        expect(await points(page, "duration")).toBe(mainRuns.length);
        expect(await page.locator("svg.chart title").first().textContent()).toBe(
          `Pass rate of ${PROJECT} on main`,
        );
        expect(await page.locator("table.failing-tests a b").allInnerTexts()).toEqual(["test_failure"]);
        expect(await page.locator("table.flaky-tests a b").allInnerTexts()).toEqual(["test_foo"]);
        expect(await page.locator("ul.branches a").allInnerTexts()).toEqual(["main", PR_BRANCH]);
        // The badge, from the same origin, drawn.
        expect(requests.some((u) => u.endsWith(`/badge/${PROJECT}.svg`))).toBe(true);
        expect(
          await page.evaluate<number>(`document.querySelector("img.badge").naturalWidth`),
        ).toBeGreaterThan(50);
        // The chart fits the width and its text stays readable.
        const box = (await page.locator("svg.chart").first().boundingBox())!;
        expect(box.width).toBeLessThanOrEqual(width);
        const fontPx = await page.evaluate<number>(
          `(() => { const t = document.querySelector("svg.chart g.axis text"); return t.getBoundingClientRect().height; })()`,
        );
        expect(fontPx).toBeGreaterThanOrEqual(8);
        await noSidewaysScroll(page, width);
        await screenshot(page, `project-${width}`);
        await everyLinkByKeyboard(page);
      });
    });

    it("the project page of the pull request's branch: its two matrix legs are one point", async () => {
      await visit(`/projects/${PROJECT}?branch=${encodeURIComponent(PR_BRANCH)}`, width, async ({ page }) => {
        expect(await points(page, "pass-rate")).toBe(1);
        expect(await page.locator("table.failing-tests a b").allInnerTexts()).toEqual(
          expect.arrayContaining(["test_baz", "test_annotations", HOSTILE_NAME]),
        );
        await noSidewaysScroll(page, width);
        await screenshot(page, `project-branch-${width}`);
      });
    });

    it("a test's page: one mark per run, newest right, each a link to its run, outcome by mark and word; failures' messages", async () => {
      await visit(`/tests/${fixedKey}?project=${PROJECT}`, width, async ({ page }) => {
        const marks = await page.evaluate<{ text: string; href: string; cls: string; label: string }[]>(
          `[...document.querySelectorAll("ol.strip a.mark")].map((a) => ({ text: a.textContent, href: a.getAttribute("href"), cls: a.className, label: a.getAttribute("aria-label") }))`,
        );
        expect(marks.map((m) => m.text).join("")).toBe("✗✗✗✓");
        expect(marks.map((m) => m.href)).toEqual([...mainRuns, prRun].map((id) => `/runs/${id}`));
        expect(marks.map((m) => m.cls)).toEqual(["mark failed", "mark failed", "mark failed", "mark passed"]);
        expect(marks[3]!.label).toMatch(new RegExp(`^passed on ${PR_BRANCH}, `));
        expect(await page.locator("h1").innerText()).toContain("test_failure");
        expect(await page.locator("table.facts").innerText()).toMatch(/Pass rate\s+25%/);
        const failures = await page.locator("ol.failures pre").allInnerTexts();
        expect(failures).toEqual(Array(3).fill("thread 'test_failure' panicked at tests/parry3d.rs:154:5:"));
        expect(await points(page, "test-duration")).toBe(4);
        await noSidewaysScroll(page, width);
        await screenshot(page, `test-${width}`);
        await everyLinkByKeyboard(page);
      });
    });

    it("the run page: failing tests first, flaky as flaky, the comparison with main, the other leg linked; hostile names as text", async () => {
      await visit(`/runs/${prRun}`, width, async ({ page }) => {
        const headings = await page.locator("h2").allInnerTexts();
        expect(headings.slice(0, 4)).toEqual([
          "Failing tests (3)",
          "Flaky tests (1)",
          "Compared with the base",
          "Other legs of this workflow run (1)",
        ]);
        const failing = page.locator("h2#failing + div table tbody tr td:nth-child(2) b");
        expect(await failing.allInnerTexts()).toEqual(["test_baz", "test_annotations", HOSTILE_NAME]);
        expect(await page.getByText(HOSTILE_MESSAGE, { exact: true }).count()).toBe(1);
        expect(await page.locator("h2#flaky + p + div td .outcome").innerText()).toBe("≈ flaky");
        expect(await page.locator("h2#compare ~ p b").first().innerText()).toBe(
          "3 new failures, 1 fixed, 0 still failing, 1 added, 1 removed",
        );
        expect(await page.locator("table.new-failures b").allInnerTexts()).toEqual([
          "test_baz",
          "test_annotations",
          HOSTILE_NAME,
        ]);
        expect(await page.locator("table.fixed b").allInnerTexts()).toEqual(["test_failure"]);
        expect(await page.locator("ul.removed li").innerText()).toContain("test_bar.TestBar");
        expect(await page.locator("h2#compare + p a").getAttribute("href")).toBe(`/runs/${mainRuns[2]}`);
        expect(await page.locator("ul.legs a").getAttribute("href")).toBe(`/runs/${javaRun}`);
        await noSidewaysScroll(page, width);
        await screenshot(page, `run-${width}`);
        await everyLinkByKeyboard(page);
      });
    });

    it("the badge: an SVG of the default branch's latest run, from the server's origin only", async () => {
      await visit(`/badge/${PROJECT}.svg`, width, async ({ page }) => {
        expect(await page.evaluate("document.contentType")).toBe("image/svg+xml");
        // main's latest run: 8 test cases, 2 failed and 1 error (flaky_with_classname_file counts its attempts).
        expect(await page.evaluate("document.documentElement.getAttribute('aria-label')")).toBe(
          "tests: 62% passing",
        );
        await screenshot(page, `badge-${width}`, false);
      });
    });
  });

  it("the badge's headers: image/svg+xml, cached 5 minutes; an unknown project is a grey 404 badge, not a page", async () => {
    const ok = await request(`${server.url}/badge/${PROJECT}.svg?show=status&style=flat-square`);
    expect([ok.status, ok.headers["content-type"], ok.headers["cache-control"]]).toEqual([
      200,
      "image/svg+xml; charset=utf-8",
      "max-age=300",
    ]);
    expect(ok.text).toContain(`aria-label="tests: failing"`);
    // Made to be embedded by other sites (<img>), still sandboxed when opened as a document.
    expect([ok.headers["cross-origin-resource-policy"], ok.headers["content-security-policy"]]).toEqual([
      "cross-origin",
      "sandbox; default-src 'none'; frame-ancestors 'none'",
    ]);
    const page = await request(`${server.url}/projects/${PROJECT}`);
    expect(page.headers["cross-origin-resource-policy"]).toBe("same-origin");
    const unknown = await request(`${server.url}/badge/nope.svg`);
    expect([unknown.status, unknown.headers["content-type"]]).toEqual([404, "image/svg+xml; charset=utf-8"]);
    expect(unknown.text).toContain(`aria-label="tests: unknown"`);
    expect(unknown.text).toContain(`fill="#9f9f9f"`);
    const noBranch = await request(`${server.url}/badge/${PROJECT}.svg?branch=nope`);
    expect([noBranch.status, noBranch.text.includes(`aria-label="tests: unknown"`)]).toEqual([404, true]);
    const pr = await request(`${server.url}/badge/${PROJECT}.svg?branch=${encodeURIComponent(PR_BRANCH)}`);
    // The pull request's workflow run: its two legs added up (8 + 2 test cases, 4 failed and 1 error).
    expect([pr.status, /aria-label="([^"]*)"/.exec(pr.text)![1]]).toEqual([200, "tests: 50% passing"]);
    const bad = await request(`${server.url}/badge/${PROJECT}.svg?style=%22%3E%3Cscript%3E`);
    expect([bad.status, bad.headers["content-type"]]).toEqual([400, "image/svg+xml; charset=utf-8"]);
    expect(bad.text).not.toContain("<script");
  });

  it("a hostile project name is text on its page, its badge and its test's page; its link round-trips", async () => {
    const name = `evil/${INLINE_SCRIPT} & "quotes"`;
    await submitted(hostileReport(name).toString("utf8"));
    const path = `/projects/${encodeURIComponent(name)}`;
    await visit(path, 390, async ({ page }) => {
      expect(await page.locator("h1").innerText()).toBe(name);
      expect(await page.locator("table.failing-tests a b").allInnerTexts()).toEqual(["test_bad"]);
      expect(await page.evaluate<number>(`document.querySelector("img.badge").naturalWidth`)).toBeGreaterThan(
        50,
      );
      await noSidewaysScroll(page, 390);
      await Promise.all([page.waitForURL(/\/tests\//), page.click("table.failing-tests a")]);
      expect(await page.locator("ol.failures pre").innerText()).toBe(INLINE_SCRIPT);
      expect(await page.locator("p a").nth(1).innerText()).toBe(`Project ${name}`);
      await screenshot(page, "hostile-test-390");
    });
  });

  it("the run list links to the project pages", async () => {
    await visit("/", 1280, async ({ page }) => {
      await Promise.all([
        page.waitForURL(/\/projects\/shop$/),
        page.click(`nav.projects a:text-is("${PROJECT}")`),
      ]);
      expect(await points(page, "pass-rate")).toBe(mainRuns.length);
    });
  });
});

/**
 * The web page a person opens first (issue 18): `jux serve`'s run list and run page in a real headless
 * Chromium (Debian's, driven by playwright-core), against the committed bundle on Node 24, with corpus reports
 * signed by a key from `jux keygen --cert`: signer and times readable, no horizontal scroll at 1280 px,
 * filters and pages without script, skipped tests with their reasons, passing ones collapsed, no CSP report.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { JUNIT } from "../helpers/fixtures.js";
import { key, sign } from "../helpers/jux.js";
import {
  CLI,
  NODE24,
  cleanUp,
  query,
  request,
  startServer,
  submit,
  tempDir,
  type Server,
} from "../helpers/serve.js";
import { BACKENDS, type Backend } from "../helpers/postgres.js";
import { withShared } from "../helpers/shared.js";

const CHROMIUM = "/usr/bin/chromium";
const CN = "Jux CI";
const LONG_BRANCH = `feature/${"a-rather-long-branch-name-".repeat(6)}end`;

interface Seed {
  fixture: string;
  project: string;
  branch: string;
  signed: boolean;
}

const SEEDS: Seed[] = [
  {
    fixture: "enricomi-publish-unit-test-result-action/pytest-junit.gloo.standalone.xml",
    project: "alpha",
    branch: "main",
    signed: true,
  },
  {
    fixture: "dorny-test-reporter/python-xunit-unittest.xml",
    project: "alpha",
    branch: "main",
    signed: true,
  },
  { fixture: "go-junit-report/001-report.xml", project: "alpha", branch: "main", signed: true },
  {
    fixture: "mikepenz-action-junit-report/test_multiple_failures.xml",
    project: "alpha",
    branch: "dev",
    signed: true,
  },
  { fixture: "junitparser/jasmine-reporters-jenkins.xml", project: "alpha", branch: "main", signed: true },
  {
    fixture: "enricomi-publish-unit-test-result-action/pytest-junit.gloo.standalone.xml",
    project: "beta",
    branch: "main",
    signed: false,
  },
  {
    fixture: "mikepenz-action-junit-report/test_multiple_failures.xml",
    project: "beta",
    branch: LONG_BRANCH,
    signed: true,
  },
];

interface ApiRun {
  id: string;
  project: string;
  branch?: string;
  status: string;
  inserted_at: string;
  signed_by?: string;
}

withShared(
  "fixtures/junit",
  "the pages in headless Chromium (seeded with reports of the JUnit corpus)",
  () => {
    let server: Server;
    let browser: Browser;
    let shots: string;
    const ids: string[] = [];

    async function apiRuns(filter: string): Promise<ApiRun[]> {
      const reply = await query(server, `/test_runs?per_page=100${filter}`);
      expect(reply.status).toBe(200);
      return (reply.body as { test_runs: ApiRun[] }).test_runs;
    }

    let signingKey: ReturnType<typeof key>;
    let certificate: string;

    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
      const dir = tempDir("jux-pages-");
      shots = process.env.JUX_PAGES_SCREENSHOTS ?? join(dir, "screenshots");
      mkdirSync(shots, { recursive: true });
      const keyPath = join(dir, "ci.pem");
      execFileSync(NODE24, [CLI, "keygen", "--output", keyPath, "--cert", "--subject", CN], { cwd: dir });
      certificate = join(dir, "ci.crt");
      signingKey = key(keyPath, certificate);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-sync",
        ],
      });
    });

    afterAll(async () => {
      await browser?.close();
      await cleanUp();
    });

    /** A server on `backend` trusting the key, seeded with SEEDS in order (their run ids in `ids`). */
    async function seed(backend: Backend): Promise<void> {
      server = await startServer(["--trust", certificate], {}, { backend });
      ids.length = 0;
      for (const [i, s] of SEEDS.entries()) {
        const properties = [
          { name: "project", value: s.project },
          { name: "git:branch", value: s.branch },
          { name: "git:commit", value: `${i}`.repeat(40) },
        ];
        const bytes = readFileSync(join(JUNIT, s.fixture));
        const body = s.signed
          ? (await sign(bytes, signingKey, { properties })).bytes
          : Buffer.from(
              bytes
                .toString("utf8")
                .replace(
                  /<testsuite\b[^>]*>/,
                  (t) =>
                    `${t}<properties>${properties.map((p) => `<property name="${p.name}" value="${p.value}"/>`).join("")}</properties>`,
                ),
            );
        const reply = await submit(server, body);
        expect([s.fixture, reply.status]).toEqual([s.fixture, 201]);
        ids.push((reply.body as { test_run_id: string }).test_run_id);
      }
    }

    /** Opens `path` at 1280×800; fails the test if the browser reports any CSP violation or console error. */
    async function withPage<T>(path: string, work: (page: Page) => Promise<T>): Promise<T> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const problems: string[] = [];
      // The browser's own request for /favicon.ico is answered 404 (the pages name no icon): not a problem.
      page.on(
        "console",
        (m) => m.type() === "error" && !m.location().url.endsWith("/favicon.ico") && problems.push(m.text()),
      );
      await page.addInitScript(
        'document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective))',
      );
      try {
        const response = await page.goto(`${server.url}${path}`);
        expect([path, response!.status()]).toEqual([path, 200]);
        const result = await work(page);
        expect(problems).toEqual([]);
        return result;
      } finally {
        await context.close();
      }
    }

    async function screenshot(page: Page, name: string): Promise<void> {
      const file = join(shots, server.backend === "sqlite" ? `${name}.png` : `${name}-${server.backend}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(readFileSync(file).subarray(1, 4).toString()).toBe("PNG");
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }

    /** The run ids the list shows, in order. */
    const listed = (page: Page) =>
      page.evaluate<string[]>(
        `[...document.querySelectorAll("tbody tr td:first-child a")].map((a) => a.getAttribute("href").replace("/runs/", ""))`,
      );
    const scrollWidth = (page: Page) => page.evaluate<number>("document.documentElement.scrollWidth");

    describe.each(BACKENDS)("on %s", (backend) => {
      beforeAll(() => seed(backend));
      afterAll(() => server.stop());

      describe("the run list (/) in headless Chromium at 1280×800", () => {
        it("shows the signer as its common name and a short fingerprint, the stored value in the tooltip", async () => {
          const api = await apiRuns("");
          await withPage("/", async (page) => {
            const signers = await page.evaluate<{ text: string; title: string }[]>(
              `[...document.querySelectorAll("td .signer")].map((e) => ({ text: e.textContent, title: e.getAttribute("title") }))`,
            );
            const signed = api.filter((r) => r.signed_by);
            expect(signers).toHaveLength(signed.length);
            for (const [i, s] of signers.entries()) {
              const full = signed[i]!.signed_by!;
              expect(full).toMatch(new RegExp(`^CN=${CN} sha256:[0-9a-f]{64}$`));
              expect(s).toEqual({ title: full, text: `${CN} sha256:${full.slice(-64, -52)}…` });
            }
            expect(await page.locator("tbody td", { hasText: /^unsigned$/ }).count()).toBe(1);
            await screenshot(page, "runs");
          });
        });

        it("shows times readably, with the ISO value as datetime and tooltip", async () => {
          const api = await apiRuns("");
          await withPage("/", async (page) => {
            const times = await page.evaluate<string[][]>(
              `[...document.querySelectorAll("tbody time")].map((e) => [e.textContent, e.getAttribute("datetime"), e.getAttribute("title")])`,
            );
            expect(times.map((t) => t[1])).toEqual(api.map((r) => r.inserted_at));
            for (const [text, datetime, title] of times) {
              expect(title).toBe(datetime);
              expect(text).toMatch(/^(just now|\d+ min ago|\d+ h ago|\d{4}-\d\d-\d\d \d\d:\d\d UTC)$/);
            }
          });
        });

        it("does not scroll sideways at 1280 px, with a long branch name in the list", async () => {
          await withPage("/", async (page) => {
            expect(await page.getByText(LONG_BRANCH).count()).toBe(1);
            expect(await scrollWidth(page)).toBeLessThanOrEqual(1280);
          });
        });

        it.each([
          ["?project=alpha", "&project=alpha"],
          ["?branch=dev", "&branch=dev"],
          ["?status=failed", "&status=failed"],
          ["?project=beta&branch=main&status=passed", "&project=beta&branch=main&status=passed"],
        ])("filters like the API: %s, and the form shows the chosen values", async (search, filter) => {
          const expected = (await apiRuns(filter)).map((r) => r.id);
          expect(expected.length).toBeGreaterThan(0);
          expect(expected.length).toBeLessThan(SEEDS.length);
          const given = new URLSearchParams(search);
          await withPage(`/${search}`, async (page) => {
            expect(await listed(page)).toEqual(expected);
            expect(await page.inputValue('input[name="project"]')).toBe(given.get("project") ?? "");
            expect(await page.inputValue('input[name="branch"]')).toBe(given.get("branch") ?? "");
            expect(await page.inputValue('select[name="status"]')).toBe(given.get("status") ?? "all");
          });
        });

        it("filters from the form itself (a GET form, no script)", async () => {
          const expected = (await apiRuns("&project=alpha&status=failed")).map((r) => r.id);
          await withPage("/", async (page) => {
            await page.fill('input[name="project"]', "alpha");
            await page.selectOption('select[name="status"]', "failed");
            await Promise.all([page.waitForURL(/status=failed/), page.click('button[type="submit"]')]);
            expect(new URL(page.url()).searchParams.get("project")).toBe("alpha");
            expect(await listed(page)).toEqual(expected);
            await screenshot(page, "runs-filtered");
          });
        });

        it("pages with Previous/Next links that keep the filters", async () => {
          const expected = (await apiRuns("&project=alpha")).map((r) => r.id);
          expect(expected).toHaveLength(5);
          await withPage("/?project=alpha&per_page=2", async (page) => {
            const seen: string[] = [];
            for (let n = 1; n <= 3; n++) {
              expect(await page.locator("nav.pages").innerText()).toContain(`Page ${n} of 3`);
              seen.push(...(await listed(page)));
              const next = page.locator('nav.pages a[rel="next"]');
              if (n === 3) {
                expect(await next.count()).toBe(0);
                break;
              }
              expect(await next.getAttribute("href")).toBe(`/?project=alpha&per_page=2&page=${n + 1}`);
              await Promise.all([page.waitForURL(new RegExp(`page=${n + 1}`)), next.click()]);
            }
            expect(seen).toEqual(expected);
            expect(await page.locator('nav.pages a[rel="prev"]').getAttribute("href")).toBe(
              "/?project=alpha&per_page=2&page=2",
            );
            expect(await page.inputValue('input[name="project"]')).toBe("alpha");
          });
        });

        it("a bad filter value gets an HTML error page (400), not JSON", async () => {
          for (const path of ["/?status=bogus", "/?per_page=0", `/runs/${ids[0]}?page=0`]) {
            const reply = await request(`${server.url}${path}`);
            expect([path, reply.status]).toEqual([path, 400]);
            expect(reply.headers["content-type"]).toMatch(/^text\/html/);
            expect(reply.text).toMatch(/<h1>Invalid parameter \(400\)<\/h1>/);
          }
          expect((await request(`${server.url}/?status=bogus`)).text).toContain(
            "status must be one of passed, failed, error, all (got &#34;bogus&#34;)",
          );
        });
      });

      describe("the run page (/runs/<id>) in headless Chromium", () => {
        it("shows skipped tests with their reasons, and the passing ones in a closed <details>", async () => {
          await withPage(`/runs/${ids[0]}`, async (page) => {
            const skipped = page.locator("tr", { hasText: "test_get_available_devices" });
            await expect(skipped.isVisible()).resolves.toBe(true);
            const reason = await skipped.innerText();
            expect(reason).toContain("get_available_devices only supported in Spark 3.0 and above");
            expect(reason).toContain("pytest.skip");
            expect(reason).toContain("/horovod/test/test_spark.py:1638");
            const details = page.locator("details.passed-cases");
            expect(await details.getAttribute("open")).toBeNull();
            expect(await details.locator("summary").innerText()).toBe("Passed (80 on this page)");
            const passing = page.locator("details tr", { hasText: "test_check_shape_compatibility" });
            expect(await passing.count()).toBe(1);
            expect(await passing.isVisible()).toBe(false);
            await screenshot(page, "run");
            await details.locator("summary").click();
            expect(await passing.isVisible()).toBe(true);
            expect(await scrollWidth(page)).toBeLessThanOrEqual(1280);
          });
        });

        it("shows a skipped test's text when its message says little (go-junit-report)", async () => {
          await withPage(`/runs/${ids[2]}`, async (page) => {
            expect(await page.locator("tr", { hasText: "TestSkipNow" }).innerText()).toContain(
              "skip_test.go:10: log message",
            );
          });
        });

        it("shows the signer in full and the time with its ISO value", async () => {
          const run = (await query(server, `/test_runs/${ids[0]}`)).body as ApiRun;
          await withPage(`/runs/${ids[0]}`, async (page) => {
            expect(await page.locator("tr", { hasText: "Signed by" }).innerText()).toContain(run.signed_by!);
            expect(await page.locator("time").getAttribute("datetime")).toBe(run.inserted_at);
            expect(await page.locator("tr", { hasText: "Received" }).innerText()).toContain(run.inserted_at);
          });
        });
      });
    });
  },
);

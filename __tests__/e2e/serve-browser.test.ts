/**
 * `jux serve`'s pages in a real browser (Debian's headless Chromium, driven by playwright-core; no browser
 * download): a hostile report's scripts never run on the server's origin, a javascript: URL is no link, the
 * pages cannot be framed by another origin, and a name rebound to 127.0.0.1 is refused (issue 11, item 3).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { existsSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import { hostileReport } from "../helpers/hostile.js";
import { cleanUp, startServer, submit, type Server } from "../helpers/serve.js";

const CHROMIUM = "/usr/bin/chromium";
/** A name the browser resolves to 127.0.0.1, as an attacker's DNS would after rebinding. */
const REBOUND = "rebound.example";
const PLANTED_URL = "javascript:window.clicked=1";

let server: Server;
let browser: Browser;
let runId: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  server = await startServer();
  const reply = await submit(server, hostileReport("browser-run", [["ci:build_url", PLANTED_URL]]));
  expect(reply.status).toBe(201);
  runId = (reply.body as { test_run_id: string }).test_run_id;
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
      `--host-resolver-rules=MAP ${REBOUND} 127.0.0.1`,
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await cleanUp();
});

async function withPage<T>(work: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/** What the planted scripts would have left behind: page-side markers, and beacons the server received. */
async function traces(page: Page): Promise<{ marks: unknown[]; beacons: string[] }> {
  // Give a running script time to send its beacon, and the server to log it.
  await new Promise((r) => setTimeout(r, 500));
  const marks = await page.evaluate<unknown[]>("[window.pwned, window.clicked, window.injected]");
  return { marks, beacons: server.requests().filter((l) => l.includes("/pwned")) };
}

describe("3. in headless Chromium", () => {
  it("/runs/<id>/report.xml shows the report as text: its XHTML <script> does not run", async () => {
    await withPage(async (page) => {
      const response = await page.goto(`${server.url}/runs/${runId}/report.xml`);
      expect(response!.status()).toBe(200);
      expect(await page.evaluate("document.contentType")).toBe("text/plain");
      expect(await page.evaluate<string>("document.body.innerText")).toContain(
        'window.pwned = 1; fetch("/pwned-xhtml")',
      );
      expect(await traces(page)).toEqual({ marks: [undefined, undefined, undefined], beacons: [] });
    });
  });

  it("the run page: a javascript: build URL is text, not a link, and clicking it does nothing", async () => {
    await withPage(async (page) => {
      expect((await page.goto(`${server.url}/runs/${runId}`))!.status()).toBe(200);
      const hrefs = await page.$$eval("a", (as) => as.map((a) => a.getAttribute("href") ?? ""));
      expect(hrefs.length).toBeGreaterThan(0);
      expect(hrefs.filter((h) => !h.startsWith("/"))).toEqual([]);
      const planted = page.getByText(PLANTED_URL, { exact: true });
      expect(await planted.evaluate((e: unknown) => (e as { tagName: string }).tagName)).toBe("TD");
      await planted.click();
      expect(await traces(page)).toEqual({ marks: [undefined, undefined, undefined], beacons: [] });
    });
  });

  it("the run page: an inline script that got into the markup would not run (CSP), and says so", async () => {
    await withPage(async (page) => {
      await page.goto(`${server.url}/runs/${runId}`);
      // As if escaping had missed a report value: a <script> element in the page's own DOM.
      const violated = await page.evaluate(`new Promise((done) => {
        document.addEventListener("securitypolicyviolation", (e) => done(e.effectiveDirective));
        const script = document.createElement("script");
        script.textContent = "window.injected = 1";
        document.body.append(script);
        setTimeout(() => done("no violation"), 1000);
      })`);
      expect(violated).toBe("script-src-elem");
      expect(await traces(page)).toEqual({ marks: [undefined, undefined, undefined], beacons: [] });
    });
  });

  it("a page on another origin cannot frame the run page", async () => {
    const framing: HttpServer = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(`<!doctype html><iframe id="f" src="${server.url}/runs/${runId}"></iframe>`);
    });
    framing.listen(0, "127.0.0.1");
    await new Promise((r) => framing.once("listening", r));
    const port = (framing.address() as AddressInfo).port;
    try {
      await withPage(async (page) => {
        await page.goto(`http://localhost:${port}/`, { waitUntil: "load" });
        const frame = page.frames().find((f) => f !== page.mainFrame())!;
        expect(frame).toBeDefined();
        const text = await frame.evaluate<string>("document.body?.innerText ?? ''").catch(() => "");
        expect(text).not.toContain("browser-run");
        expect(frame.url()).not.toBe(`${server.url}/runs/${runId}`);
      });
    } finally {
      await new Promise((r) => framing.close(r));
    }
  });

  it(`a name rebound to 127.0.0.1 (${REBOUND}) gets 403, not the runs`, async () => {
    await withPage(async (page) => {
      const response = await page.goto(`http://${REBOUND}:${server.port}/runs/${runId}`);
      expect(response!.status()).toBe(403);
      const text = await page.evaluate<string>("document.body.innerText");
      expect(text).toContain("Host not allowed");
      expect(text).not.toContain("browser-run");
      const api = await page.goto(`http://${REBOUND}:${server.port}/api/v1/test_runs`);
      expect(api!.status()).toBe(403);
      expect(await api!.text()).not.toContain("browser-run");
    });
  });
});

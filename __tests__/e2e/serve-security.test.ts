/**
 * `jux serve` as a browser and a careless operator meet it (issue 11, items 3 and 5), through the committed
 * bundle: the headers that keep stored reports and pages inert, links from report values, the Host check
 * against DNS rebinding, and who may submit (no empty key, no open server off loopback without --open).
 * What a real browser does with all this: serve-browser.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XHTML_SCRIPT, hostileReport, rawRequest } from "../helpers/hostile.js";
import { API, CLI, NODE24, cleanUp, query, request, startServer, submit, tempDir } from "../helpers/serve.js";
import type { Server } from "../helpers/serve.js";

afterAll(cleanUp);

/** A Content-Security-Policy as directive → sources. */
function csp(header: string | undefined): Map<string, string> {
  return new Map(
    (header ?? "")
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(" ")]),
  );
}

async function runOf(server: Server, report: Buffer): Promise<string> {
  const reply = await submit(server, report);
  expect(reply.status).toBe(201);
  return (reply.body as { test_run_id: string }).test_run_id;
}

const BUILD_URLS = {
  https: "https://ci.example.com/builds/7?x=1&y=2",
  javascript: "javascript:alert(document.domain)",
  javascriptCased: " JavaScript:alert(1)",
  data: "data:text/html,<script>alert(1)</script>",
  vbscript: "vbscript:msgbox(1)",
};

describe("3. stored reports and pages are inert", () => {
  let server: Server;
  const runs: Record<string, string> = {};
  beforeAll(async () => {
    server = await startServer();
    for (const [scheme, url] of Object.entries(BUILD_URLS))
      runs[scheme] = await runOf(server, hostileReport(`sec-${scheme}`, [["ci:build_url", url]]));
  });
  afterAll(() => server.stop());

  it("/runs/<id>/report.xml: the stored bytes as text/plain, nosniff, a sandboxed CSP, a .xml file name", async () => {
    const reply = await request(`${server.url}/runs/${runs.https}/report.xml`);
    expect(reply.status).toBe(200);
    expect(reply.bytes.equals(hostileReport("sec-https", [["ci:build_url", BUILD_URLS.https]]))).toBe(true);
    expect(reply.text).toContain(XHTML_SCRIPT);
    expect(reply.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    const policy = csp(reply.headers["content-security-policy"]);
    expect(policy.get("sandbox")).toBe("");
    expect(policy.get("default-src")).toBe("'none'");
    expect(reply.headers["content-disposition"]).toBe(`inline; filename="jux-run-${runs.https}.xml"`);
  });

  it("every HTML page: no script allowed, the <style> by its hash, never framed, no <base>, no referrer", async () => {
    for (const path of ["/", `/runs/${runs.javascript}`, "/elsewhere"]) {
      const reply = await request(`${server.url}${path}`);
      expect(reply.headers["content-type"]).toMatch(/^text\/html/);
      const style = /<style>([^<]*)<\/style>/.exec(reply.text)![1]!;
      const hash = `'sha256-${createHash("sha256").update(style).digest("base64")}'`;
      const policy = csp(reply.headers["content-security-policy"]);
      expect([path, Object.fromEntries(policy)]).toEqual([
        path,
        {
          "default-src": "'none'",
          "style-src": hash,
          "img-src": "'self'",
          "frame-ancestors": "'none'",
          "base-uri": "'none'",
          "form-action": "'self'",
        },
      ]);
      expect(reply.headers["x-frame-options"]).toBe("DENY");
      expect(reply.headers["referrer-policy"]).toBe("no-referrer");
      expect(reply.headers["x-content-type-options"]).toBe("nosniff");
      // Nothing the policy would have to allow: no script, no event handler, no style attribute.
      expect(reply.text).not.toMatch(/<script|\son\w+\s*=|\sstyle\s*=/i);
    }
  });

  it("JSON answers (200, 201, 404) carry nosniff and an inert CSP too", async () => {
    const replies = [
      await query(server, "/test_runs"),
      await query(server, "/test_runs/00000000-0000-4000-8000-000000000000"),
      await submit(server, hostileReport("sec-json")),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 404, 201]);
    for (const r of replies) {
      expect(r.headers["content-type"]).toMatch(/^application\/json/);
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(csp(r.headers["content-security-policy"]).get("default-src")).toBe("'none'");
    }
  });

  it("a build URL from the report is a link only when it is http: or https:", async () => {
    const page = async (scheme: string) => (await request(`${server.url}/runs/${runs[scheme]}`)).text;
    const https = await page("https");
    expect(https).toContain(
      `<a href="https://ci.example.com/builds/7?x=1&#38;y=2" rel="noopener noreferrer">`,
    );
    const meta = async (scheme: string) =>
      ((await query(server, `/test_runs/${runs[scheme]}`)).body as { ci_metadata?: object }).ci_metadata;
    expect(await meta("https")).toEqual({ pipeline_url: BUILD_URLS.https });
    for (const scheme of ["javascript", "javascriptCased", "data", "vbscript"]) {
      const html = await page(scheme);
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
      expect([scheme, hrefs.filter((h) => !h!.startsWith("/"))]).toEqual([scheme, []]);
      expect(html).toMatch(/<tr><th>Build<\/th><td>[^<]+<\/td><\/tr>/);
      // The API leaves it out of ci_metadata: a client rendering pipeline_url as a link stays safe.
      expect([scheme, await meta(scheme)]).toEqual([scheme, undefined]);
    }
  });
});

describe("3. the Host header must name this server (DNS rebinding)", () => {
  const evil = (port: number) => ({ Host: `evil.example:${port}` });

  it("an open loopback server refuses another host name for pages, queries and submissions", async () => {
    const server = await startServer();
    for (const [method, path] of [
      ["GET", "/"],
      ["GET", `${API}/test_runs`],
      ["POST", `${API}/junit/submit`],
    ] as const) {
      const body = method === "POST" ? hostileReport("rebound") : undefined;
      const headers = { ...evil(server.port), "Content-Type": "application/xml" };
      const reply = await rawRequest(server.port, path, headers, method, body);
      expect([path, reply.status]).toEqual([path, 403]);
      expect(JSON.parse(reply.text)).toEqual({
        error: "Host not allowed",
        details: { message: `This server does not answer to the host "evil.example:${server.port}"` },
        suggestions: [
          `Use its address (http://127.0.0.1:${server.port}) or localhost`,
          "Behind a reverse proxy or under another name, start jux serve with --allowed-host evil.example",
        ],
      });
    }
    expect((await query(server, "/test_runs")).body).toMatchObject({ pagination: { total_count: 0 } });
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, "LOCALHOST.", "[::1]:80"])
      expect([host, (await rawRequest(server.port, "/", { Host: host })).status]).toEqual([host, 200]);
    for (const host of ["evil.example", "127.0.0.1.evil.example", "localhost.evil.example:1", "a b"])
      expect([host, (await rawRequest(server.port, "/", { Host: host })).status]).toEqual([host, 403]);
    await server.stop();
  });

  it("with API keys, and on a wildcard address, too; --allowed-host adds a name", async () => {
    const keyed = await startServer(["--allowed-host", "Jux.Internal"], { JUX_SERVE_TOKENS: "k-0123456789" });
    expect((await rawRequest(keyed.port, "/", evil(keyed.port))).status).toBe(403);
    expect((await rawRequest(keyed.port, "/", { Host: `jux.internal:${keyed.port}` })).status).toBe(200);
    await keyed.stop();
    const wide = await startServer(["--host", "0.0.0.0", "--open"]);
    expect((await rawRequest(wide.port, "/", evil(wide.port))).status).toBe(403);
    expect((await rawRequest(wide.port, "/", { Host: `127.0.0.1:${wide.port}` })).status).toBe(200);
    await wide.stop();
  });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `jux serve` expected to stop at once; one that listens instead is killed after 8 s (status null). */
function serveRun(args: string[], env: NodeJS.ProcessEnv = {}): Run & { database: string } {
  const dir = tempDir();
  const database = join(dir, "db.sqlite");
  const run = spawnSync(NODE24, [CLI, "serve", "--port", "0", "--database", database, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, ...env },
    encoding: "utf8",
    timeout: 8000,
    killSignal: "SIGKILL",
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, database };
}

describe("5. who may submit", () => {
  it("an empty or blank key anywhere is refused naming where it is (--token: exit 2, usage; the variable: exit 1); nothing starts", () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [["--token", ""], {}, /--token is empty: give the key itself/],
      [["--token", "k-0123456789", "--token", "  "], {}, /--token has an empty key \(entry 2 of 2\)/],
      [[], { JUX_SERVE_TOKENS: " , " }, /JUX_SERVE_TOKENS has an empty key \(entry 1 of 2\)/],
      [
        [],
        { JUX_SERVE_TOKENS: "" },
        /JUX_SERVE_TOKENS is empty: remove the stray comma or blank, or unset it/,
      ],
      [[], { JUX_SERVE_TOKENS: "k-0123456789,,k-9876543210" }, /entry 2 of 3/],
      [[], { JUX_SERVE_TOKENS: "k-0123456789," }, /entry 2 of 2/],
    ];
    for (const [args, env, message] of cases) {
      const run = serveRun(args, env);
      expect([args, env, run.status]).toEqual([args, env, args.length ? 2 : 1]);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain("pass --open");
      expect(run.stderr).not.toMatch(/k-0123456789|k-9876543210/);
      expect(run.stdout).not.toContain("listening");
      expect(existsSync(run.database)).toBe(false);
    }
  });

  it("a non-loopback address without keys needs --open (exit 2); --open with keys is a contradiction", () => {
    const wide = serveRun(["--host", "0.0.0.0"]);
    expect(wide.status).toBe(2);
    expect(wide.stderr).toMatch(
      /^error: jux serve: --host 0\.0\.0\.0 is reachable from other machines and no API key is set: set JUX_SERVE_TOKENS \(or --token-file PATH\) .*pass --open/,
    );
    const both = serveRun(["--open", "--token", "k-0123456789"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--open contradicts the API keys given/);
    expect(both.stderr).not.toContain("k-0123456789");
  });

  it("without keys it warns on stderr at start: on loopback by default, elsewhere with --open", async () => {
    for (const args of [[], ["--host", "0.0.0.0", "--open"]]) {
      const server = await startServer(args);
      const where = `http://${args.length ? "0.0.0.0" : "127.0.0.1"}:${server.port}`;
      await server.waitForLog((log) => log.includes("open server"));
      expect(server.stderr()).toContain(
        `jux serve: open server: anyone who can reach ${where} may submit reports; set JUX_SERVE_TOKENS (or --token-file PATH) to require an API key`,
      );
      expect((await submit(server, hostileReport("open"))).status).toBe(201);
      await server.stop();
    }
    const keyed = await startServer(["--host", "0.0.0.0"], { JUX_SERVE_TOKENS: "k-0123456789" });
    expect(keyed.stderr()).not.toContain("open server");
    expect((await submit(keyed, hostileReport("keyed"))).status).toBe(401);
    await keyed.stop();
  });

  it("--token-file: one key per line, comments skipped; a readable file is warned about; none, or missing: exit 1", async () => {
    const dir = tempDir();
    const file = join(dir, "tokens");
    writeFileSync(file, "# CI keys\nk-file-one-0001\n\n  k-file-two-0002  \n");
    chmodSync(file, 0o644);
    const server = await startServer(["--token-file", file]);
    await server.waitForLog((log) => log.includes("chmod 600"));
    expect(server.stderr()).toContain(
      `the token file ${file} is readable by other users (mode 644): chmod 600`,
    );
    expect(server.stderr()).not.toContain("open server");
    expect((await submit(server, hostileReport("f0"))).status).toBe(401);
    for (const [i, key] of ["k-file-one-0001", "k-file-two-0002"].entries())
      expect((await submit(server, hostileReport(`f${i + 1}`), { "X-API-Key": key })).status).toBe(201);
    expect((await submit(server, hostileReport("f3"), { "X-API-Key": "# CI keys" })).status).toBe(403);
    await server.stop();
    expect(server.log()).not.toMatch(/k-file-one|k-file-two/);

    writeFileSync(file, "# nothing\n\n");
    chmodSync(file, 0o600);
    const empty = serveRun(["--token-file", file]);
    expect([empty.status, empty.stderr]).toEqual([
      1,
      `error: jux serve: the token file ${file} holds no API key: write one key per line\n`,
    ]);
    const missing = serveRun(["--token-file", join(dir, "absent")]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot read the token file .*absent/);
  });

  it("--help recommends JUX_SERVE_TOKENS or --token-file over --token (the process list)", () => {
    const help = serveRun(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/JUX_SERVE_TOKENS=K1,K2 +the keys, comma-separated: recommended/);
    expect(help.stdout).toMatch(/--token-file PATH +the keys, one per line/);
    expect(help.stdout).toMatch(/--token T .*process list: prefer the above/);
    expect(help.stdout).toMatch(/--open +accept submissions without a key/);
    expect(help.stdout).toMatch(/--allowed-host NAME/);
  });
});

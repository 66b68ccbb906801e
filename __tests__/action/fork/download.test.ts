/**
 * Another run's artifacts (src/action/fork/download.ts, core/github/artifacts.ts): listed through the REST API, chosen by name pattern, each
 * zip downloaded through GitHub's redirect to storage WITHOUT the token, within a byte limit.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadZip } from "../../../src/core/github/artifacts.js";
import type { Rest } from "../../../src/core/github/rest.js";
import { listArtifacts, selectArtifacts } from "../../../src/action/fork/download.js";

const REPO = "octo/jux-demo";
const TOKEN = "ghs_downloadtoken01234567";
const ZIP = Buffer.alloc(4096, 7);
let server: Server;
let rest: Rest;
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    seen.push({ path: url.pathname, headers: req.headers });
    const api = `/repos/${REPO}/actions`;
    if (url.pathname === `${api}/runs/5/artifacts`) {
      const names = [
        "jux-reports-test-attempt1",
        "jux-reports-quarantine-test-attempt1",
        "coverage",
        "bad/name",
      ];
      const artifacts = names.map((name, i) => ({ id: i + 1, name, size_in_bytes: 100, expired: false }));
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ total_count: 4, artifacts }));
    } else if (url.pathname.endsWith("/zip")) {
      const id = url.pathname.split("/").at(-2);
      const target = id === "9" ? "ftp://storage/x" : `http://127.0.0.1:${port()}/storage/${id}`;
      res.writeHead(302, { location: target }).end();
    } else if (url.pathname === "/storage/1") res.writeHead(200, { "content-length": ZIP.length }).end(ZIP);
    else if (url.pathname === "/storage/2") {
      // No content-length: the limit is found while reading.
      res.writeHead(200, { "transfer-encoding": "chunked" });
      res.end(Buffer.alloc(64 * 1024));
    } else if (url.pathname === "/storage/3") res.writeHead(410).end();
    else if (url.pathname === "/storage/4") {
      // Half the body, then nothing more, the connection left open: a stalled storage download.
      res.writeHead(200, { "content-length": ZIP.length });
      res.write(ZIP.subarray(0, 2048));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  rest = { api: `http://127.0.0.1:${port()}`, repository: REPO, token: TOKEN, timeoutMs: 5000 };
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const port = () => (server.address() as AddressInfo).port;
const file = () => join(mkdtempSync(join(tmpdir(), "jux-dl-")), "a.zip");
const artifact = (id: number, name = `a${id}`) => ({ id, name, size: 0, expired: false });

describe("listArtifacts and selectArtifacts", () => {
  test("a name GitHub would not allow is left out, with why; patterns take and leave", async () => {
    const { artifacts, unusable } = await listArtifacts(rest, 5);
    expect(artifacts.map((a) => a.name)).toEqual([
      "jux-reports-test-attempt1",
      "jux-reports-quarantine-test-attempt1",
      "coverage",
    ]);
    expect(unusable).toEqual(['artifact "bad/name": a name GitHub does not allow']);
    const names = (p: string[]) => selectArtifacts(artifacts, p).map((a) => a.name);
    expect(names(["jux-reports-*", "!jux-reports-quarantine-*"])).toEqual(["jux-reports-test-attempt1"]);
    expect(names(["cover?ge"])).toEqual(["coverage"]);
    expect(names(["*"])).toHaveLength(3);
    expect(names(["jux.reports*"])).toEqual([]);
  });
});

describe("downloadZip", () => {
  test("through the redirect, the token sent to the API only, never to storage", async () => {
    const to = file();
    await downloadZip(rest, artifact(1), to, 1024 ** 2);
    expect(readFileSync(to)).toEqual(ZIP);
    const api = seen.find((s) => s.path === `/repos/${REPO}/actions/artifacts/1/zip`)!;
    expect(api.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen.find((s) => s.path === "/storage/1")!.headers.authorization).toBeUndefined();
  });

  test("over the limit: by its content-length, or while read", async () => {
    await expect(downloadZip(rest, artifact(1, "big"), file(), 1000)).rejects.toThrow(
      "artifact big is 4096 bytes, over the 1000-byte limit",
    );
    await expect(downloadZip(rest, artifact(2, "chunked"), file(), 1000)).rejects.toThrow(
      "artifact chunked is larger than 1000 bytes",
    );
  });

  test("a download that stalls mid-body fails after the REST timeout without data, naming the artifact", async () => {
    const quick = { ...rest, timeoutMs: 300 };
    const started = Date.now();
    await expect(downloadZip(quick, artifact(4, "stalled"), file(), 1024 ** 2)).rejects.toThrow(
      "artifact stalled: the download stalled (no data for 0.3 s)",
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("expired, or redirected to something not http(s)", async () => {
    await expect(downloadZip(rest, artifact(3, "old"), file(), 1000)).rejects.toThrow(/HTTP 410: expired/);
    await expect(downloadZip(rest, artifact(9, "odd"), file(), 1000)).rejects.toThrow(
      "artifact odd: the download was redirected to no http(s) address",
    );
  });
});

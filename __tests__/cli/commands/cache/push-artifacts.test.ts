/**
 * `jux cache push --from-artifacts` (src/cli/commands/cache/push-artifacts.ts) in process, against a scripted
 * GitHub REST API: which artifacts it takes (this server's, any matrix leg's, the repository's own runs'), that it
 * deletes one only once every report in it left the queue, keeps one holding a refused file, and refuses a token
 * given on the command line or sent in clear text.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { pushFromArtifacts, restApi, tokenOf } from "../../../../src/cli/commands/cache/push-artifacts.js";
import type { CliIo, Command } from "../../../../src/core/command/io.js";
import { isPendingOf, pendingPrefix, serverTag } from "../../../../src/core/github/names.js";
import { ReportStore } from "../../../../src/core/store/store.js";
import { junit, makeZip } from "../../../action/fork/zips.js";
import { canonicalHash } from "../../../helpers/jux.js";

const API_URL = "https://jux.example.com/api/v1";
const TAG = serverTag(API_URL);
const TOKEN = "ghs_unit-SECRET-token-1234567890";

describe("which artifacts are this server's pending artifacts", () => {
  test("artifact_name's own and its matrix legs', of this server only", () => {
    const mine = isPendingOf("jux-reports", API_URL);
    expect(mine(`jux-reports-pending-${TAG}-build-attempt1`)).toBe(true);
    expect(mine(`jux-reports-linux-pending-${TAG}-test-attempt2`)).toBe(true);
    expect(mine(`${pendingPrefix("jux-reports", API_URL)}x`)).toBe(true);
    expect(
      mine(`jux-reports-pending-${serverTag("https://staging.example.com/api/v1")}-build-attempt1`),
    ).toBe(false);
    expect(mine(`other-pending-${TAG}-build-attempt1`)).toBe(false);
    expect(mine(`jux-reportsX-pending-${TAG}-build-attempt1`)).toBe(false);
    expect(mine("jux-reports-build-attempt1")).toBe(false);
  });
});

describe("the token and where it goes", () => {
  test("from the variable --token-env names (GITHUB_TOKEN by default), never from the command line", () => {
    expect(tokenOf({}, { GITHUB_TOKEN: ` ${TOKEN}\n` })).toBe(TOKEN);
    expect(tokenOf({ "token-env": "MY_TOKEN" }, { MY_TOKEN: TOKEN })).toBe(TOKEN);
    expect(() => tokenOf({ token: TOKEN }, {})).toThrow(/--token is not accepted .*--token-env VAR/);
    expect(() => tokenOf({ "token-env": "ghs_abc-def" }, {})).toThrow(/the name of an environment variable/);
    expect(() => tokenOf({}, {})).toThrow(
      /GITHUB_TOKEN is not set: export a GitHub token with actions: read/,
    );
    expect(() => tokenOf({ "token-env": "T" }, { T: " " })).toThrow(/T is empty/);
  });

  test("the REST API over https or on this machine: --api, else GITHUB_API_URL, else api.github.com", () => {
    expect(restApi(undefined, {})).toBe("https://api.github.com");
    expect(restApi(undefined, { GITHUB_API_URL: "https://ghe.example.com/api/v3/" })).toBe(
      "https://ghe.example.com/api/v3",
    );
    expect(restApi("http://127.0.0.1:9/api", { GITHUB_API_URL: "https://x" })).toBe("http://127.0.0.1:9/api");
    expect(() => restApi("http://ghe.example.com/api/v3", {})).toThrow(/not https: the token would cross/);
    expect(() => restApi("not a url", {})).toThrow(/is not a URL/);
  });
});

interface Fake {
  artifacts: { id: number; name: string; zip: Buffer; fork?: boolean }[];
  deleted: number[];
  denyDelete: boolean;
  authorizations: (string | undefined)[];
}

let server: Server;
let api: string;
const fake: Fake = { artifacts: [], deleted: [], denyDelete: false, authorizations: [] };

beforeAll(async () => {
  server = createServer((req, res) => {
    fake.authorizations.push(req.headers.authorization);
    const url = new URL(req.url!, "http://x");
    const zip = /^\/repos\/octo\/demo\/actions\/artifacts\/(\d+)\/zip$/.exec(url.pathname);
    const one = /^\/repos\/octo\/demo\/actions\/artifacts\/(\d+)$/.exec(url.pathname);
    if (req.method === "GET" && url.pathname === "/repos/octo/demo/actions/artifacts") {
      const list = fake.artifacts
        .filter((a) => !fake.deleted.includes(a.id))
        .map((a) => ({
          id: a.id,
          name: a.name,
          size_in_bytes: a.zip.length,
          expired: false,
          workflow_run: { repository_id: 1, head_repository_id: a.fork ? 2 : 1 },
        }));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ artifacts: list }));
    } else if (req.method === "GET" && zip) {
      res.writeHead(200).end(fake.artifacts.find((a) => a.id === Number(zip[1]))!.zip);
    } else if (req.method === "DELETE" && one) {
      if (fake.denyDelete) res.writeHead(403).end("{}");
      else {
        fake.deleted.push(Number(one[1]));
        res.writeHead(204).end();
      }
    } else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

function io(env: NodeJS.ProcessEnv): CliIo & { out: () => string; err: () => string } {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  let [o, e] = ["", ""];
  stdout.on("data", (c: Buffer) => (o += c.toString()));
  stderr.on("data", (c: Buffer) => (e += c.toString()));
  return { stdin: new PassThrough(), stdout, stderr, env, cwd: "/", out: () => o, err: () => e };
}

async function report(name: string): Promise<{ hash: string; xml: string }> {
  const xml = junit(name);
  return { hash: await canonicalHash(Buffer.from(xml)), xml };
}

describe("draining", () => {
  test("each artifact deleted once all its reports left the queue; one with a refused file kept; a fork's and another server's never taken", async () => {
    const [a, b, c] = await Promise.all([report("a"), report("b"), report("c")]);
    const prefix = pendingPrefix("jux-reports", API_URL);
    fake.artifacts = [
      { id: 1, name: `${prefix}build-attempt1`, zip: makeZip([{ name: `${a.hash}.xml`, data: a.xml }]) },
      // Its report the "server" below leaves queued: the artifact waits.
      {
        id: 2,
        name: `jux-reports-linux-pending-${TAG}-test-attempt1`,
        zip: makeZip([{ name: `${b.hash}.xml`, data: b.xml }]),
      },
      // A report under another report's hash: refused, the artifact kept.
      { id: 3, name: `${prefix}evil-attempt1`, zip: makeZip([{ name: `${a.hash}.xml`, data: c.xml }]) },
      {
        id: 4,
        name: `${prefix}fork-attempt1`,
        fork: true,
        zip: makeZip([{ name: `${c.hash}.xml`, data: c.xml }]),
      },
      {
        id: 5,
        name: `jux-reports-pending-00000000-build-attempt1`,
        zip: makeZip([{ name: `${c.hash}.xml`, data: c.xml }]),
      },
    ];
    fake.deleted = [];
    const storage = mkdtempSync(join(tmpdir(), "jux-push-artifacts-"));
    const published: string[][] = [];
    // The publishing of the queue: a takes, b stays queued (the server was unreachable for it).
    const publishQueue: Command = async (args) => {
      const store = await ReportStore.open(storage);
      const queued = (await store.list("queue")).map((e) => e.hash);
      published.push(args, queued.sort());
      await store.remove("queue", a.hash);
      return 2;
    };
    const env = { T: TOKEN, GITHUB_API_URL: api };
    const given = io(env);
    const args = ["--from-artifacts", "--repo", "octo/demo", "--token-env", "T", "--api-url", API_URL];
    const code = await pushFromArtifacts([...args, "--storage-path", storage], given, publishQueue);
    expect(published).toEqual([
      ["--queue", "--storage-path", storage, "--api-url", API_URL],
      [a.hash, b.hash].sort(),
    ]);
    expect(fake.deleted).toEqual([1]);
    expect(given.err()).toContain(
      `pending artifact jux-reports-linux-pending-${TAG}-test-attempt1 is kept: 1 report(s) still queued`,
    );
    expect(given.err()).toContain(
      `refused ${prefix}evil-attempt1/${a.hash}.xml: its canonical hash is sha256:${c.hash}`,
    );
    expect(given.err()).toContain(`pending artifact ${prefix}evil-attempt1 is kept: 1 file(s) refused`);
    expect(given.out()).toContain(`deleted pending artifact ${prefix}build-attempt1 (1 report(s))`);
    expect(code).toBe(2);
    expect(fake.authorizations.every((h) => h === `Bearer ${TOKEN}`)).toBe(true);
    expect(given.out() + given.err()).not.toContain(TOKEN);
  });

  test("a refused delete (no actions: write) is said once, and the push goes on", async () => {
    const a = await report("d");
    const prefix = pendingPrefix("jux-reports", API_URL);
    fake.artifacts = [1, 2].map((id) => ({
      id,
      name: `${prefix}job${id}-attempt1`,
      zip: makeZip([{ name: `${a.hash}.xml`, data: a.xml }]),
    }));
    fake.deleted = [];
    fake.denyDelete = true;
    const storage = mkdtempSync(join(tmpdir(), "jux-push-artifacts-"));
    const publishQueue: Command = async () => {
      const store = await ReportStore.open(storage);
      await store.remove("queue", a.hash);
      return 0;
    };
    const given = io({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api });
    const code = await pushFromArtifacts(
      ["--from-artifacts", "--repo", "octo/demo", "--api-url", API_URL, "--storage-path", storage, "--json"],
      given,
      publishQueue,
    );
    fake.denyDelete = false;
    expect(code).toBe(0);
    expect(given.out()).toBe("");
    expect(given.err().match(/HTTP 403/g)).toHaveLength(1);
    expect(given.err()).toContain("the token needs actions: write; its reports are published");
  });

  test("--dry-run lists what it would take and downloads, queues, publishes and deletes nothing", async () => {
    const a = await report("e");
    fake.artifacts = [
      {
        id: 9,
        name: `${pendingPrefix("jux-reports", API_URL)}b-attempt1`,
        zip: makeZip([{ name: `${a.hash}.xml`, data: a.xml }]),
      },
    ];
    fake.deleted = [];
    fake.authorizations = [];
    const storage = mkdtempSync(join(tmpdir(), "jux-push-artifacts-"));
    let published = false;
    const given = io({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api });
    const args = ["--from-artifacts", "--repo", "octo/demo", "--api-url", API_URL, "--storage-path", storage];
    const code = await pushFromArtifacts([...args, "--dry-run"], given, () => {
      published = true;
      return Promise.resolve(0);
    });
    expect(code).toBe(0);
    expect(given.out()).toContain(
      `would take pending artifact ${pendingPrefix("jux-reports", API_URL)}b-attempt1`,
    );
    expect(published).toBe(false);
    expect(fake.deleted).toEqual([]);
    expect(fake.authorizations).toHaveLength(1);
    expect(await (await ReportStore.open(storage)).list("queue")).toEqual([]);
  });
});

/** The queue outside the cache: pending artifacts' names, retention, upload, listing, deletion and which may go. */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basename } from "node:path";
import { emptyCollected, type QueueEntry } from "../../../src/action/queue/collected.js";
import { queuePrefix } from "../../../src/action/queue/keys.js";
import {
  markDrained,
  markerRetention,
  pendingNaming,
  pendingRetention,
  uploadPending,
} from "../../../src/action/queue/pending-artifact.js";
import { drainedMarkerName, isPendingOf, markedId } from "../../../src/core/github/names.js";
import type { ListedArtifact } from "../../../src/core/github/artifacts.js";
import { listPending } from "../../../src/core/github/pending.js";
import {
  deleteMarked,
  deletePending,
  PENDING_PER_RUN,
  restFor,
  splitMarked,
} from "../../../src/action/queue/pending-collect.js";
import { drainedPending } from "../../../src/action/queue/settle.js";
import { fresh } from "../../helpers/queue-tar.js";

const ENV = { GITHUB_JOB: "test", GITHUB_RUN_ATTEMPT: "2", GITHUB_REPOSITORY: "octo/demo" };

describe("names and retention", () => {
  test("<artifact_name>-pending-<server>-<job>-attempt<N>, <server> the queue key's tag of api_url", () => {
    const n = pendingNaming("jux-reports", "https://jux.example/api/v1", ENV);
    const tag = queuePrefix("q", "https://jux.example/api/v1", ENV).split("-").at(-2)!;
    expect(tag).toMatch(/^[0-9a-f]{8}$/);
    expect(n.prefix).toBe(`jux-reports-pending-${tag}-`);
    expect(n.name).toBe(`jux-reports-pending-${tag}-test-attempt2`);
    expect(n.name.startsWith(n.prefix)).toBe(true);
  });

  test("a staging server's pending artifacts never start with production's prefix (nor the other way)", () => {
    const prod = pendingNaming("jux-reports", "https://jux.example/api/v1", ENV);
    const staging = pendingNaming("jux-reports", "https://staging.jux.example/api/v1", ENV);
    expect(staging.name.startsWith(prod.prefix)).toBe(false);
    expect(prod.name.startsWith(staging.prefix)).toBe(false);
    // Case and a final / name the same server.
    expect(pendingNaming("jux-reports", "https://JUX.example/api/v1/", ENV).prefix).toBe(prod.prefix);
  });

  test("retention is 90 days, or the repository's when shorter", () => {
    expect(pendingRetention({})).toBe(90);
    expect(pendingRetention({ GITHUB_RETENTION_DAYS: "30" })).toBe(30);
    expect(pendingRetention({ GITHUB_RETENTION_DAYS: "400" })).toBe(90);
    expect(pendingRetention({ GITHUB_RETENTION_DAYS: "soon" })).toBe(90);
  });
});

describe("uploadPending", () => {
  test("uploads <hash>.xml files and names.json under the job's pending name with the retention; the staging goes", async () => {
    const temp = fresh();
    const naming = pendingNaming("jux-reports", "https://jux.example", ENV);
    const seen: { name: string; files: Record<string, string>; root: string; days?: number }[] = [];
    const a = "a".repeat(64);
    const b = "b".repeat(64);
    const up = await uploadPending(
      { ...naming, retentionDays: 30 },
      [
        { hash: a, xml: () => Promise.resolve(Buffer.from("<a/>")), name: "reports/a.xml" },
        { hash: b, xml: () => Promise.resolve(Buffer.from("<b/>")) },
      ],
      { ...ENV, RUNNER_TEMP: temp },
      (name, files, root, _env, days) => {
        seen.push({
          name,
          root,
          ...(days ? { days } : {}),
          files: Object.fromEntries(files.map((f) => [basename(f), readFileSync(f, "utf8")])),
        });
        return Promise.resolve({ ok: true, artifact: { id: 7, name, url: "u", size: 1 } });
      },
    );
    expect(up).toMatchObject({ ok: true, artifact: { name: naming.name } });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.days).toBe(30);
    expect(seen[0]!.files).toEqual({
      [`${a}.xml`]: "<a/>",
      [`${b}.xml`]: "<b/>",
      "names.json": JSON.stringify({ [a]: "reports/a.xml" }),
    });
    expect(existsSync(seen[0]!.root)).toBe(false);
    expect(readdirSync(temp)).toEqual([]);
  });

  test("a report that cannot be read or an upload that fails comes back as a reason, never thrown", async () => {
    const naming = pendingNaming("jux-reports", "https://jux.example", ENV);
    const env = { ...ENV, RUNNER_TEMP: fresh() };
    const unreadable = await uploadPending(
      naming,
      [{ hash: "c".repeat(64), xml: () => Promise.reject(new Error("store damaged")) }],
      env,
      () => Promise.reject(new Error("not reached")),
    );
    expect(unreadable).toEqual({ ok: false, reason: "store damaged" });
    const refused = await uploadPending(naming, [], env, () =>
      Promise.resolve({ ok: false, reason: "artifact service down" }),
    );
    expect(refused).toEqual({ ok: false, reason: "artifact service down" });
  });
});

describe("markers of drained pending artifacts", () => {
  const naming = pendingNaming("jux-reports", "https://jux.example/api/v1", ENV);
  const listed = (id: number, name: string): ListedArtifact => ({ id, name, size: 1, expired: false });

  test("<artifact_name>-drained-<server>-<id>: never a pending artifact by either reader's filter, read back exactly", () => {
    const marker = drainedMarkerName(naming.drained, 123);
    expect(marker).toBe(naming.prefix.replace("-pending-", "-drained-") + "123");
    expect(marker.startsWith(naming.prefix)).toBe(false);
    expect(isPendingOf("jux-reports", "https://jux.example/api/v1")(marker)).toBe(false);
    expect(markedId(naming.drained, marker)).toBe(123);
    // A name clash's -2 (uploadFiles) still names the same artifact.
    expect(markedId(naming.drained, `${marker}-2`)).toBe(123);
    // Anything else under the prefix, another server's marker or a pending artifact names nothing.
    for (const name of [
      `${naming.drained}`,
      `${naming.drained}0`,
      `${naming.drained}12x`,
      `${naming.drained}1-2-3`,
      `${naming.drained}${"9".repeat(16)}`,
      `${naming.drained}-5`,
      drainedMarkerName(pendingNaming("jux-reports", "https://staging.example", ENV).drained, 123),
      naming.name,
    ])
      expect(markedId(naming.drained, name)).toBeUndefined();
  });

  test("the listing skips pending artifacts a marker names (not counted against the per-run bound) and keeps what a writer deletes", () => {
    const pending = Array.from({ length: PENDING_PER_RUN + 3 }, (_, i) =>
      listed(100 + i, `${naming.prefix}job${i}-attempt1`),
    ).reverse();
    const markers = [
      listed(500, drainedMarkerName(naming.drained, 122)),
      listed(501, drainedMarkerName(naming.drained, 7)),
    ];
    const split = splitMarked([...markers, ...pending], naming);
    expect(split.collect.map((a) => a.id)).not.toContain(122);
    expect(split.collect).toHaveLength(PENDING_PER_RUN);
    expect(split.more).toBe(2);
    // 7 is no longer listed (deleted or expired): its marker goes all the same.
    expect(split.marked).toEqual({ pending: [122], markers: [500, 501] });
  });

  test("a marker is kept no longer than the artifact it names, one tiny upload each, failures told not thrown", async () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(markerRetention({ ...naming, retentionDays: 90 }, undefined, now)).toBe(90);
    expect(markerRetention({ ...naming, retentionDays: 90 }, now + 10.5 * 86_400_000, now)).toBe(10);
    expect(markerRetention({ ...naming, retentionDays: 5 }, now + 30 * 86_400_000, now)).toBe(5);
    expect(markerRetention(naming, now + 3_600_000, now)).toBe(1);
    const temp = fresh();
    const seen: { name: string; files: number; days?: number }[] = [];
    const got = await markDrained(
      naming,
      [
        { key: "p1", ref: "", hashes: ["h"], artifactId: 11 },
        { key: "cache", ref: "", hashes: [] },
        { key: "p2", ref: "", hashes: ["h"], artifactId: 12 },
      ],
      { ...ENV, RUNNER_TEMP: temp },
      (name, files, _root, _env, days) => {
        seen.push({ name, files: files.length, ...(days ? { days } : {}) });
        return Promise.resolve(
          name.endsWith("12")
            ? { ok: false, reason: "service down" }
            : { ok: true, artifact: { id: 1, name, url: "u", size: 1 } },
        );
      },
    );
    expect(seen).toEqual([
      { name: drainedMarkerName(naming.drained, 11), files: 1, days: naming.retentionDays },
      { name: drainedMarkerName(naming.drained, 12), files: 1, days: naming.retentionDays },
    ]);
    expect(got).toEqual({ marked: 1, problem: `${drainedMarkerName(naming.drained, 12)}: service down` });
    expect(readdirSync(temp)).toEqual([]);
  });
});

describe("drainedPending", () => {
  const entry = (key: string, hashes: string[]): QueueEntry => ({ key, ref: "", hashes, artifactId: 1 });
  const c = { ...emptyCollected(), pending: [entry("p1", ["h1", "h2"]), entry("p2", ["h3"])] };

  test("an artifact goes once every report in it left the queue, and only when the side artifacts are safe", () => {
    expect(drainedPending(c, new Set(["h3"]), true, false).map((e) => e.key)).toEqual(["p1"]);
    expect(drainedPending(c, new Set(), false, false)).toEqual([]);
  });

  test("all go when what still waits was kept in a new pending artifact; a new cache entry is not enough", () => {
    expect(drainedPending(c, new Set(["h1", "h3"]), true, true).map((e) => e.key)).toEqual(["p1", "p2"]);
    expect(drainedPending(c, new Set(["h1", "h3"]), true, false)).toEqual([]);
  });
});

describe("the REST artifacts API", () => {
  let server: Server;
  let api = "";
  const requests: string[] = [];
  let deleteStatus = 204;
  const ours = { id: 9, repository_id: 42, head_repository_id: 42 };
  const artifacts = Array.from({ length: 150 }, (_, i) => ({
    id: i + 1,
    name: i % 3 === 0 ? `jux-reports-pending-abcd1234-job${i}-attempt1` : `other-${i}`,
    size_in_bytes: 10,
    expired: i === 147,
    // Every tenth made by a fork's pull-request run, whatever its name says.
    workflow_run: i % 10 === 0 ? { ...ours, head_repository_id: 77 } : ours,
  }));
  artifacts.push({
    id: 151,
    name: "jux-reports-pending-ffff0000-job-attempt1",
    size_in_bytes: 1,
    expired: false,
    workflow_run: ours,
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      const url = new URL(req.url ?? "/", "http://x");
      if (req.method === "DELETE") return void res.writeHead(deleteStatus).end();
      const page = Number(url.searchParams.get("page"));
      // Oldest first, so the reader's own ordering is what puts the newest first.
      const body = {
        total_count: artifacts.length,
        artifacts: artifacts.slice((page - 1) * 100, page * 100),
      };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => void server.close());

  test("lists every page, keeps unexpired artifacts of the exact prefix made by this repository's runs, newest first, bounded with the rest counted", async () => {
    const rest = restFor({ GITHUB_API_URL: api, GITHUB_REPOSITORY: "octo/demo" }, "tok");
    const listed = await listPending(rest, "jux-reports-pending-abcd1234-", 20);
    const all = artifacts.filter(
      (a) =>
        a.name.startsWith("jux-reports-pending-abcd1234-") &&
        !a.expired &&
        a.workflow_run.head_repository_id === 42,
    );
    expect(all.length).toBeLessThan(
      artifacts.filter((a) => a.name.startsWith("jux-reports-pending-abcd1234-") && !a.expired).length,
    );
    expect(listed.artifacts.map((a) => a.id)).toEqual(
      all
        .map((a) => a.id)
        .sort((x, y) => y - x)
        .slice(0, 20),
    );
    expect(listed.more).toBe(all.length - 20);
    expect(
      requests.filter((r) => r.startsWith("GET /repos/octo/demo/actions/artifacts?per_page=100")),
    ).toHaveLength(2);
    expect(requests.every((r) => r.endsWith("Bearer tok"))).toBe(true);
  });

  test("deletes by id; a 403 keeps the rest and says actions: write; without a token nothing is asked", async () => {
    const env = { GITHUB_API_URL: api, GITHUB_REPOSITORY: "octo/demo" };
    const es: QueueEntry[] = [1, 2].map((id) => ({ key: `p${id}`, ref: "", hashes: [], artifactId: id }));
    requests.length = 0;
    expect(await deletePending(es, "tok", env)).toEqual({ deleted: 2, kept: [] });
    expect(requests.map((r) => r.split(" ").slice(0, 2).join(" "))).toEqual([
      "DELETE /repos/octo/demo/actions/artifacts/1",
      "DELETE /repos/octo/demo/actions/artifacts/2",
    ]);
    deleteStatus = 403;
    const refused = await deletePending(es, "tok", env);
    expect(refused).toMatchObject({ deleted: 0, kept: es });
    expect(refused.reason).toMatch(/HTTP 403.*actions: write/);
    requests.length = 0;
    expect((await deletePending(es, undefined, env)).kept).toEqual(es);
    expect(requests).toEqual([]);
  });

  test("deletes marked pending artifacts before their markers; a 403 stops and says actions: write", async () => {
    const env = { GITHUB_API_URL: api, GITHUB_REPOSITORY: "octo/demo" };
    deleteStatus = 204;
    requests.length = 0;
    expect(await deleteMarked({ pending: [3], markers: [8, 9] }, "tok", env)).toEqual({ deleted: 3 });
    expect(requests.map((r) => r.split(" ")[1])).toEqual(
      [3, 8, 9].map((id) => `/repos/octo/demo/actions/artifacts/${id}`),
    );
    deleteStatus = 403;
    const refused = await deleteMarked({ pending: [3], markers: [8] }, "tok", env);
    expect(refused.deleted).toBe(0);
    expect(refused.reason).toMatch(/HTTP 403.*actions: write/);
    requests.length = 0;
    expect(await deleteMarked({ pending: [], markers: [] }, "tok", env)).toEqual({ deleted: 0 });
    expect(await deleteMarked({ pending: [3], markers: [] }, undefined, env)).toEqual({ deleted: 0 });
    expect(requests).toEqual([]);
  });
});

test("a pending artifact is read within a queue entry's limits (core/github/pending.ts, same numbers)", async () => {
  const { PENDING_ZIP_LIMITS } = await import("../../../src/core/github/pending.js");
  const { QUEUE_ARCHIVE_LIMITS } = await import("../../../src/action/queue/extract.js");
  expect(PENDING_ZIP_LIMITS).toEqual({
    maxEntries: QUEUE_ARCHIVE_LIMITS.members + 1,
    maxFileBytes: QUEUE_ARCHIVE_LIMITS.memberBytes,
    maxTotalBytes: QUEUE_ARCHIVE_LIMITS.totalBytes,
  });
});

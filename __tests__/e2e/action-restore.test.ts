/**
 * Restoring the offline queue never trusts the cache entry's archive: hand-made hostile entries saved under the
 * queue's prefix (absolute paths, `..`, a link followed by a file through it, a hard link, an oversized member)
 * write nothing outside the staging directory, are quarantined with their reason, and a genuine entry restored
 * in the same run is still published. Through the committed bundles, the Actions service emulation, a real
 * `jux serve`.
 */
import { expect, jest, test } from "@jest/globals";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Header } from "tar-stream";
import { queuePrefix } from "../../src/action/queue/keys.js";
import { loadSigningKey } from "../../src/core/crypto/keys.js";
import { createRawTarZst, type RawMember } from "../helpers/actions-service/archive.js";
import {
  API_KEY,
  e2e,
  expectSuccess,
  key,
  keyPair,
  published,
  run,
  server,
  service,
} from "../helpers/action-env.js";
import { EXAMPLE_PYTEST } from "../helpers/fixtures.js";
import { canonicalHash, sign } from "../helpers/jux.js";
import { tempDir } from "../helpers/serve.js";

jest.setTimeout(300_000);

const STAGING = ".jux-action-queue";

/** The inputs of a run that drains the queue `queueKey` of `apiUrl` (no reports of its own, no retries). */
function drainInputs(apiUrl: string, project: string, queueKey: string): Record<string, string> {
  return {
    report_paths: "reports/*.xml",
    api_url: apiUrl,
    api_key: API_KEY,
    signing_key: key.privateKeyPem,
    signing_cert: key.certificatePem,
    project,
    queue_key: queueKey,
    max_retries: "0",
  };
}
/** A report (the project's pytest example: any report does). */
const PYTEST = readFileSync(EXAMPLE_PYTEST);
const GIB = 1024 ** 3;

e2e();

const dir = (name: string): RawMember => ({ header: { name: `${name}/`, type: "directory", mode: 0o755 } });
const file = (name: string, body: string | Buffer, extra: Partial<Header> = {}): RawMember => ({
  header: { name, type: "file", mode: 0o644, ...extra },
  body: Buffer.from(body),
});

test("hostile queue entries write nothing outside staging, are quarantined with their reason; the genuine entry is published", async () => {
  const unique = randomBytes(6).toString("hex");
  const project = `restore-${unique}`;
  const queueKey = `r${unique}`;
  const apiUrl = `${server.url}/api/v1`;
  const prefix = queuePrefix(queueKey, apiUrl, { GITHUB_REPOSITORY: "octo/jux-demo" });
  const workspace = tempDir("jux-ws-");
  const mine = loadSigningKey({ key: key.privateKeyPem, source: "k", certificate: key.certificatePem });
  const good = (await sign(PYTEST, mine, { properties: [{ name: "project", value: project }] })).bytes;
  const goodHash = await canonicalHash(good);

  // (a) an absolute path, (b) `..` out of the workspace, (c) a link and a file through it, (d) a hard link to a
  // secret, (e) a member larger than any report could be (its header is enough to refuse it).
  const absolute = `/tmp/jux-pwned-abs-${unique}/pwned`;
  const dotdot = resolve(workspace, "..", `jux-pwned-dotdot-${unique}`);
  const linkTarget = tempDir("jux-link-target-");
  const secretFile = join(tempDir("jux-secret-"), "secret.txt");
  writeFileSync(secretFile, `TOP-SECRET-${unique}`);
  const hostile: Record<string, RawMember[]> = {
    absolute: [dir(STAGING), file(absolute, "pwned")],
    dotdot: [dir(STAGING), file(`${STAGING}/../../jux-pwned-dotdot-${unique}`, "pwned")],
    symlink: [
      dir(STAGING),
      { header: { name: `${STAGING}/escape`, type: "symlink", linkname: linkTarget, mode: 0o777 } },
      file(`${STAGING}/escape/pwned`, "pwned"),
    ],
    hardlink: [
      dir(STAGING),
      {
        header: { name: `${STAGING}/${"a".repeat(64)}.xml`, type: "link", linkname: secretFile, mode: 0o644 },
      },
    ],
    oversized: [dir(STAGING), file(`${STAGING}/${"b".repeat(64)}.xml`, "x", { size: 3 * GIB })],
  };
  await service.putCache(
    `${prefix}1-1-build-genuine`,
    "refs/heads/main",
    { [`${STAGING}/${goodHash}.xml`]: good },
    [STAGING],
  );
  for (const [name, members] of Object.entries(hostile))
    await service.putCacheArchive(
      `${prefix}1-1-build-${name}`,
      "refs/heads/main",
      await createRawTarZst(members),
      [STAGING],
    );

  const r = await run(service, {
    job: { runId: 7001 },
    workspace,
    inputs: drainInputs(apiUrl, project, queueKey),
    files: {},
  });
  expectSuccess(r);

  // Nothing was written outside staging, and no artifact carries what a link pointed at.
  let secretLeaked = false;
  for (const a of service.artifacts(7001))
    for (const [, bytes] of await service.artifactFiles(a.id))
      secretLeaked ||= bytes.toString("latin1").includes(`TOP-SECRET-${unique}`);
  expect({
    absolute: existsSync(absolute),
    dotdot: existsSync(dotdot),
    throughLink: existsSync(join(linkTarget, "pwned")),
    secretLeaked,
  }).toEqual({ absolute: false, dotdot: false, throughLink: false, secretLeaked: false });
  // The genuine entry restored in the same run is published.
  expect(await published(server, project)).toEqual([goodHash]);

  // Each hostile entry is quarantined with its reason.
  const row = (entry: string, member: string) => `| ${prefix}1-1-build-${entry}/${member} |`;
  const lines = r.summary.split("\n");
  const reasonOf = (entry: string, member: string) =>
    lines.find((l) => l.includes(row(entry, member))) ?? `no row for ${entry}/${member}`;
  expect(reasonOf("absolute", "cache.tzst")).toContain(`member "${absolute}" has an absolute path`);
  expect(reasonOf("dotdot", "cache.tzst")).toContain('has a ".." component');
  expect(reasonOf("oversized", "cache.tzst")).toContain(`is ${3 * GIB} bytes, over the`);
  expect(reasonOf("symlink", "escape")).toContain(
    "quarantined, not published: not a regular file (a symbolic link)",
  );
  expect(reasonOf("hardlink", `${"a".repeat(64)}.xml`)).toContain(
    "quarantined, not published: not a regular file (a hard link)",
  );
  // The refused archives and their reasons are kept in the quarantine artifact.
  const quarantine = service.artifacts(7001).find((a) => a.name.includes("-quarantine"));
  expect(quarantine).toBeDefined();
  const kept = await service.artifactFiles(quarantine!.id);
  for (const entry of ["absolute", "dotdot", "oversized"]) {
    const path = [...kept.keys()].find((k) =>
      k.endsWith(`${prefix}1-1-build-${entry}/cache.tzst.reason.txt`),
    );
    expect(path).toBeDefined();
    expect(kept.get(path!)!.toString("utf8")).toMatch(/^entry refused/);
  }
  // The refused entries, once safe in the artifact, are deleted like any drained entry.
  expect(service.caches().filter((c) => c.key.startsWith(prefix))).toEqual([]);
});

test("an entry's unusable files (bookkeeping that is not JSON, a 2 MiB non-report) are quarantined, capped, and the entry drained", async () => {
  const unique = randomBytes(6).toString("hex");
  const project = `restore-${unique}`;
  const queueKey = `r${unique}`;
  const apiUrl = `${server.url}/api/v1`;
  const prefix = queuePrefix(queueKey, apiUrl, { GITHUB_REPOSITORY: "octo/jux-demo" });
  const mine = loadSigningKey({ key: key.privateKeyPem, source: "k", certificate: key.certificatePem });
  const good = (await sign(PYTEST, mine, { properties: [{ name: "project", value: project }] })).bytes;
  const goodHash = await canonicalHash(good);
  const junk = randomBytes(2 * 1024 ** 2);
  const junkName = `${"d".repeat(64)}.xml`;
  await service.putCache(
    `${prefix}1-1-build-unusable`,
    "refs/heads/main",
    {
      [`${STAGING}/${goodHash}.xml`]: good,
      [`${STAGING}/names.json`]: Buffer.from("{not json"),
      [`${STAGING}/supersedes.json`]: Buffer.from('{"not":"a list"}'),
      [`${STAGING}/${junkName}`]: junk,
    },
    [STAGING],
  );
  const r = await run(service, {
    job: { runId: 7002 },
    inputs: drainInputs(apiUrl, project, queueKey),
    files: {},
  });
  expectSuccess(r);
  expect(await published(server, project)).toEqual([goodHash]);
  const rowOf = (member: string) =>
    r.summary.split("\n").find((l) => l.includes(`| ${prefix}1-1-build-unusable/${member} |`)) ?? "no row";
  expect(rowOf("names.json")).toContain("names.json is unusable: it is not valid JSON");
  expect(rowOf("supersedes.json")).toContain("supersedes.json is unusable: it is not a list of keys");
  const sha = createHash("sha256").update(junk).digest("hex");
  expect(rowOf(junkName)).toContain(`only its first 1048576 of 2097152 bytes are kept; sha256:${sha}`);
  const quarantine = service.artifacts(7002).find((a) => a.name.includes("-quarantine"));
  const kept = await service.artifactFiles(quarantine!.id);
  const junkPath = [...kept.keys()].find((k) => k.endsWith(junkName));
  expect(kept.get(junkPath!)).toEqual(junk.subarray(0, 1024 ** 2));
  // Every file was dealt with: the entry is drained, not kept to be downloaded again by every run.
  expect(service.caches().filter((c) => c.key.startsWith(prefix))).toEqual([]);
});

test("names and keys from the cache cannot write workflow commands to the log, and an entry cannot rename another entry's reports", async () => {
  const unique = randomBytes(6).toString("hex");
  const project = `restore-${unique}`;
  const queueKey = `r${unique}`;
  const apiUrl = `${server.url}/api/v1`;
  const prefix = queuePrefix(queueKey, apiUrl, { GITHUB_REPOSITORY: "octo/jux-demo" });
  const mine = loadSigningKey({ key: key.privateKeyPem, source: "k", certificate: key.certificatePem });
  const props = [{ name: "project", value: project }];
  const genuine = (await sign(PYTEST, mine, { properties: props })).bytes;
  const other = (await sign(PYTEST, mine, { properties: [...props, { name: "x", value: "1" }] })).bytes;
  const [genuineHash, otherHash] = [await canonicalHash(genuine), await canonicalHash(other)];
  const hostileKey = `${prefix}1-1-build-x\n::error::pwned-by-key\n`;
  // The hostile entry is the older one: the genuine entry's names are read first, then the hostile ones.
  await service.putCache(
    hostileKey,
    "refs/heads/main",
    {
      [`${STAGING}/${otherHash}.xml`]: other,
      [`${STAGING}/junk.txt`]: Buffer.from("junk"),
      [`${STAGING}/names.json`]: Buffer.from(
        JSON.stringify({ [otherHash]: "b\n::error::pwned-by-name", [genuineHash]: "renamed-by-other.xml" }),
      ),
    },
    [STAGING],
  );
  await service.putCache(
    `${prefix}1-1-build-genuine`,
    "refs/heads/main",
    {
      [`${STAGING}/${genuineHash}.xml`]: genuine,
      [`${STAGING}/names.json`]: Buffer.from(JSON.stringify({ [genuineHash]: "reports/genuine.xml" })),
    },
    [STAGING],
  );
  const r = await run(service, {
    job: { runId: 7003 },
    inputs: drainInputs(apiUrl, project, queueKey),
    files: {},
  });
  expectSuccess(r);
  expect(await published(server, project)).toEqual([genuineHash, otherHash].sort());
  expect(r.log).toContain("pwned-by-key");
  expect(r.log).not.toMatch(/^::error::pwned/m);
  expect(r.annotations.filter((a) => a.message.startsWith("pwned"))).toEqual([]);
  expect(r.summary).toContain("| reports/genuine.xml (earlier run) |");
  expect(r.summary).not.toContain("renamed-by-other");
  expect(r.summary).not.toContain("pwned-by-name");
});

test("a genuine 2 MiB report signed under another certificate is quarantined whole, byte for byte", async () => {
  const unique = randomBytes(6).toString("hex");
  const project = `restore-${unique}`;
  const queueKey = `r${unique}`;
  const apiUrl = `${server.url}/api/v1`;
  const prefix = queuePrefix(queueKey, apiUrl, { GITHUB_REPOSITORY: "octo/jux-demo" });
  // Another workflow (or a rotated certificate) sharing the queue prefix: its reports fail this run's check.
  const otherPair = await keyPair();
  const other = loadSigningKey({
    key: otherPair.privateKeyPem,
    source: "other",
    certificate: otherPair.certificatePem,
  });
  const large = Buffer.from(
    PYTEST.toString("utf8").replace(
      "</testsuite>",
      `<system-out>${"log line\n".repeat((2 * 1024 ** 2) / 9)}</system-out></testsuite>`,
    ),
  );
  const report = (await sign(large, other, { properties: [{ name: "project", value: project }] })).bytes;
  expect(report.length).toBeGreaterThan(2 * 1024 ** 2);
  const hash = await canonicalHash(report);
  await service.putCache(
    `${prefix}1-1-build-othercert`,
    "refs/heads/main",
    { [`${STAGING}/${hash}.xml`]: report },
    [STAGING],
  );
  const r = await run(service, {
    job: { runId: 7004 },
    inputs: drainInputs(apiUrl, project, queueKey),
    files: {},
  });
  expectSuccess(r);
  expect(await published(server, project)).toEqual([]);
  const row =
    r.summary.split("\n").find((l) => l.includes(`| ${prefix}1-1-build-othercert/${hash}.xml |`)) ?? "no row";
  expect(row).toContain("quarantined, not published");
  expect(row).not.toContain("only its first");
  const quarantine = service.artifacts(7004).find((a) => a.name.includes("-quarantine"));
  expect(quarantine).toBeDefined();
  const kept = await service.artifactFiles(quarantine!.id);
  const path = [...kept.keys()].find((k) => k.endsWith(`${hash}.xml`));
  expect(path).toBeDefined();
  expect(createHash("sha256").update(kept.get(path!)!).digest("hex")).toBe(
    createHash("sha256").update(report).digest("hex"),
  );
  expect(kept.get(path!)!.equals(report)).toBe(true);
});

test("a refused entry too large to keep in the quarantine artifact is left in the cache, with a warning; the others are collected", async () => {
  const unique = randomBytes(6).toString("hex");
  const project = `restore-${unique}`;
  const queueKey = `r${unique}`;
  const apiUrl = `${server.url}/api/v1`;
  const prefix = queuePrefix(queueKey, apiUrl, { GITHUB_REPOSITORY: "octo/jux-demo" });
  const mine = loadSigningKey({ key: key.privateKeyPem, source: "k", certificate: key.certificatePem });
  const good = (await sign(PYTEST, mine, { properties: [{ name: "project", value: project }] })).bytes;
  const goodHash = await canonicalHash(good);
  await service.putCache(
    `${prefix}1-1-build-genuine`,
    "refs/heads/main",
    { [`${STAGING}/${goodHash}.xml`]: good },
    [STAGING],
  );
  // 65 MiB that do not decompress: refused whole, and over the 64 MiB a refused archive is kept up to.
  const huge = `${prefix}1-1-build-huge`;
  await service.putCacheArchive(huge, "refs/heads/main", randomBytes(65 * 1024 ** 2), [STAGING]);
  const r = await run(service, {
    job: { runId: 7005 },
    inputs: drainInputs(apiUrl, project, queueKey),
    files: {},
  });
  expectSuccess(r);
  expect(await published(server, project)).toEqual([goodHash]);
  const warning = r.annotations.find((a) => a.level === "warning" && a.message.includes(huge));
  expect(warning?.message).toContain(`queue entry ${huge} refused (it does not decompress`);
  expect(warning?.message).toContain("too large to keep as an artifact (65.0 MiB): left in the cache");
  expect(warning?.message).toContain(`gh cache delete ${huge}`);
  // Not collected: not deleted, and no entry saved this run names it as superseded.
  expect(
    service
      .caches()
      .filter((c) => c.key.startsWith(prefix))
      .map((c) => c.key),
  ).toEqual([huge]);
});

/**
 * jux cache import's --on-conflict and delete's protection of the queue, in-process (src/cli/main.ts) on stores
 * written here; the end-to-end tests through the bundle are __tests__/e2e/store-export.test.ts and store-query.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { main } from "../../../../src/cli/main.js";
import type { CliIo } from "../../../../src/core/command/io.js";
import { oncePerReport } from "../../../../src/core/store/query.js";
import { ReportStore } from "../../../../src/core/store/store.js";
import { canonicalHash, sign } from "../../../helpers/jux.js";
import { loadSigningKey, type SigningKey } from "../../../../src/core/crypto/keys.js";
import { generateKeyPair } from "../../../../src/core/crypto/certificate.js";

let dir: string;
let pair: { privateKeyPem: string; certificatePem: string };

beforeAll(async () => {
  pair = await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } });
});

const signingKey = (): SigningKey =>
  loadSigningKey({
    key: Buffer.from(pair.privateKeyPem),
    source: "test key",
    certificate: Buffer.from(pair.certificatePem),
    certificateSource: "test cert",
  });

function certificateFile(): string {
  const path = join(dir, "trusted.crt");
  writeFileSync(path, pair.certificatePem);
  return path;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-cache-transfer-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function jux(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const text = (s: PassThrough) => {
    const parts: Buffer[] = [];
    s.on("data", (d: Buffer) => parts.push(Buffer.from(d)));
    return () => Buffer.concat(parts).toString("utf8");
  };
  const [out, err] = [text(stdout), text(stderr)];
  const io: CliIo = { stdin: new PassThrough(), stdout, stderr, env: { HOME: dir }, cwd: dir };
  const status = await main("jux", args, io);
  return { status, stdout: out(), stderr: err() };
}

/** The same report in two byte forms (attribute quotes): one canonical hash, two files. */
function forms(id: number): [Buffer, Buffer] {
  const body = (q: string) =>
    `<testsuite name=${q}s${id}${q} tests=${q}1${q}><properties><property name=${q}project${q} value=${q}p${q}/>` +
    `<property name=${q}git:branch${q} value=${q}main${q}/></properties><testcase classname=${q}c${q} name=${q}t${q}/></testsuite>`;
  return [Buffer.from(body('"')), Buffer.from(body("'"))];
}

describe("jux cache import --on-conflict (a store named by canonical hash)", () => {
  async function setUp(signed = false) {
    const [stored, unsigned] = forms(1);
    let other = unsigned;
    const hash = await canonicalHash(stored);
    expect(await canonicalHash(other)).toBe(hash);
    let fresh = forms(2);
    if (signed) {
      // Signed copies (the signature is not part of the canonical hash): what --cert lets replace.
      other = (await sign(other, signingKey())).bytes;
      fresh = [(await sign(fresh[0], signingKey())).bytes, fresh[1]];
    }
    const source = await ReportStore.open(join(dir, "source"));
    await source.put("reports", other, hash);
    await source.put("reports", fresh[0], await canonicalHash(fresh[0]));
    const file = join(dir, "export.jsonl");
    expect((await jux(["cache", "export", "--storage-path", source.base, "--output", file])).status).toBe(0);
    const target = await ReportStore.open(join(dir, `target`));
    await target.put("reports", stored, hash);
    return { file, target, hash, stored, other };
  }

  test.each([
    ["skip", "imported 1, skipped 1", "stored"],
    ["keep-both", "imported 1, skipped 1", "stored"],
    ["replace", "imported 1, skipped 0 (already stored: same canonical hash), replaced 1", "other"],
  ] as const)("%s", async (mode, tally, kept) => {
    const { file, target, hash, stored, other } = await setUp(mode === "replace");
    const cert = mode === "replace" ? ["--cert", certificateFile()] : [];
    const r = await jux([
      "cache",
      "import",
      file,
      "--on-conflict",
      mode,
      ...cert,
      "--storage-path",
      target.base,
    ]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain(tally);
    expect(await target.read("reports", hash)).toEqual(kept === "stored" ? stored : other);
    expect((await target.list("reports")).length).toBe(2);
  });

  test("replace without --cert is a usage error (an unverified copy never replaces a stored report); nothing is imported", async () => {
    const { file, target, hash, stored } = await setUp();
    const r = await jux(["cache", "import", file, "--on-conflict", "replace", "--storage-path", target.base]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--on-conflict replace needs --cert");
    expect(await target.read("reports", hash)).toEqual(stored);
    expect((await target.list("reports")).length).toBe(1);
  });

  test("an unknown mode is a usage error naming the three", async () => {
    const { file, target } = await setUp();
    const r = await jux(["cache", "import", file, "--on-conflict", "both", "--storage-path", target.base]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--on-conflict must be one of skip, replace, keep-both");
  });
});

describe("jux cache delete and the queue", () => {
  test("a queued report is kept whole without --force (exit 2); --force removes every copy", async () => {
    const store = await ReportStore.open(join(dir, "store"));
    const [xml] = forms(3);
    const hash = await canonicalHash(xml);
    await store.queueReport(xml, hash);
    expect((await store.list()).map((e) => e.area).sort()).toEqual(["queue", "reports"]);
    const kept = await jux(["cache", "delete", hash.slice(0, 8), "--storage-path", store.base, "--json"]);
    expect(kept.status).toBe(2);
    const json = JSON.parse(kept.stdout) as { removed: unknown[]; keptQueued: { hash: string }[] };
    expect([json.removed, json.keptQueued.map((e) => e.hash)]).toEqual([[], [hash]]);
    expect(await store.list()).toHaveLength(2);
    // --area reports does not get around it: the reports/ copy of a queued report is kept too.
    const area = await jux([
      "cache",
      "delete",
      hash,
      "--area",
      "reports",
      "--storage-path",
      store.base,
      "--json",
    ]);
    expect(area.status).toBe(2);
    expect((JSON.parse(area.stdout) as { removed: unknown[] }).removed).toEqual([]);
    expect(await store.list()).toHaveLength(2);
    const forced = await jux(["cache", "delete", hash.slice(0, 8), "--force", "--storage-path", store.base]);
    expect(forced.status).toBe(0);
    expect(await store.list()).toEqual([]);
  });

  test("oncePerReport keeps one entry per hash: reports/ before queue/ before rejected/", () => {
    const e = (hash: string, area: "reports" | "queue" | "rejected") => ({ hash, area }) as never;
    const entries = [e("b", "queue"), e("a", "rejected"), e("b", "reports"), e("a", "queue")];
    expect(oncePerReport(entries)).toEqual([e("b", "reports"), e("a", "queue")]);
  });
});

describe("jux cache import of a file that is not an export", () => {
  test.each([
    [
      "a JUnit report",
      "\uFEFF<?xml version='1.0'?>\n<testsuite name='s'/>",
      "is an XML file (a JUnit report?), not an export: store a report with jux publish --storage-mode local FILE",
    ],
    [
      "a csv export",
      "hash,area,stored_at\nabc,reports,2026-01-01\n",
      "looks like a csv export, which cannot be imported: export with jux cache export --format jsonl or tar",
    ],
    [
      "anything else",
      "just some text\n",
      "is not an export: give a file of jux cache export --format jsonl|tar or of jux serve export",
    ],
  ])("%s: exit 1, saying what it is and what to do", async (_, text, said) => {
    const file = join(dir, "given");
    writeFileSync(file, text);
    const r = await jux(["cache", "import", file, "--storage-path", join(dir, "store")]);
    expect([r.status, r.stderr]).toEqual([1, `error: jux cache import: ${file} ${said}\n`]);
  });
});

describe("jux cache export -o -", () => {
  test("writes the export on standard output (no file named -), the tally on standard error", async () => {
    const store = await ReportStore.open(join(dir, "store"));
    const [xml] = forms(5);
    await store.put("reports", xml, await canonicalHash(xml));
    const r = await jux(["cache", "export", "-o", "-", "--storage-path", store.base]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]!)).toHaveProperty("report", xml.toString("base64"));
    expect(r.stderr).toContain("jux cache export: 1 report(s) written to standard output (jsonl)");
    expect(readdirSync(dir)).not.toContain("-");
  });
});

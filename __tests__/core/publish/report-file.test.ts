import { describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "../../../src/core/crypto/certificate.js";
import { loadSigningKey } from "../../../src/core/crypto/keys.js";
import { loadReportFile, loadWrittenReport } from "../../../src/core/publish/report-file.js";
import { signFile } from "../../../src/core/report/sign-file.js";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const REPORT = `<testsuite name="s" tests="2" failures="1"><testcase classname="c" name="a"/><testcase classname="c" name="b"><failure message="no"/></testcase></testsuite>\n`;

async function written(xml = REPORT) {
  const dir = mkdtempSync(join(tmpdir(), "jux-written-"));
  writeFileSync(join(dir, "in.xml"), xml);
  const pair = await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } });
  const key = loadSigningKey({ key: pair.privateKeyPem, source: "test key" });
  const path = join(dir, "signed.xml");
  const r = await signFile({
    input: join(dir, "in.xml"),
    output: path,
    source: "in.xml",
    key,
    properties: [],
    durable: false,
  });
  return { path, r };
}

describe("signFile's digest of the bytes it wrote", () => {
  test("is the SHA-256 of the file as written, a large report's too (written with backpressure)", async () => {
    const cases = Array.from({ length: 60_000 }, (_, i) => `<testcase classname="pkg.C" name="t${i}"/>`).join(
      "\n",
    );
    for (const xml of [REPORT, `<testsuite name="big" tests="60000">\n${cases}\n</testsuite>\n`]) {
      const { path, r } = await written(xml);
      const bytes = readFileSync(path);
      expect(bytes.length).toBe(r.bytesWritten);
      expect(r.sha256).toBe(sha256(bytes));
      expect(r.canonicalHash).toBe((await loadReportFile(path)).hash);
    }
  });
});

describe("loadWrittenReport: a file this job wrote, read back", () => {
  test("bytes unchanged: the canonical hash found in writing them stands, without a second parse", async () => {
    const { path, r } = await written();
    // A hash no parse of these bytes gives: it can only come from what the writer recorded.
    const recorded = "f".repeat(64);
    const back = await loadWrittenReport({ name: "in.xml", path, hash: recorded, sha256: r.sha256 });
    expect(back).toEqual({ id: "in.xml", xml: readFileSync(path), hash: recorded });
  });

  test("bytes changed since, or no digest recorded: read and checked whole (the real hash; a broken file refused)", async () => {
    const { path, r } = await written();
    const changed = readFileSync(path, "utf8").replace('name="a"', 'name="A"');
    writeFileSync(path, changed);
    const back = await loadWrittenReport({ name: "in.xml", path, hash: r.canonicalHash, sha256: r.sha256 });
    expect(back.hash).toBe((await loadReportFile(path)).hash);
    expect(back.hash).not.toBe(r.canonicalHash);
    const plain = await loadWrittenReport({ name: "in.xml", path, hash: "f".repeat(64) });
    expect(plain.hash).toBe(back.hash);
    writeFileSync(path, "<testsuite><unclosed></testsuite>");
    await expect(
      loadWrittenReport({ name: "in.xml", path, hash: r.canonicalHash, sha256: r.sha256 }),
    ).rejects.toThrow(/in\.xml/);
  });

  test("a recorded hash that is not SHA-256 hex (a manifest another step rewrote) is not believed: read whole", async () => {
    const { path, r } = await written();
    const real = (await loadReportFile(path)).hash;
    for (const hash of ["../../etc", "F".repeat(64), `${r.canonicalHash}\n`, ""]) {
      const back = await loadWrittenReport({ name: "in.xml", path, hash, sha256: r.sha256 });
      expect(back.hash).toBe(real);
    }
    const upper = await loadWrittenReport({
      name: "in.xml",
      path,
      hash: "f".repeat(64),
      sha256: r.sha256.toUpperCase(),
    });
    expect(upper.hash).toBe(real);
  });

  test("a missing file names it", async () => {
    await expect(
      loadWrittenReport({
        name: "gone.xml",
        path: join(tmpdir(), "jux-no-such-dir", "gone.xml"),
        hash: "",
        sha256: "",
      }),
    ).rejects.toThrow(/cannot read gone\.xml/);
  });
});

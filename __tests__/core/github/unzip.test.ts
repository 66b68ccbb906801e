/**
 * extractReports (src/core/github/unzip.ts): an artifact's zip read as hostile input. A genuine zip's .xml files
 * are written (other files left out); a zip with a link, a device, a path out of its root, a backslash, a repeated
 * name, too many entries or bytes, or data larger than declared is refused whole, with nothing written and a
 * message naming the artifact and the entry.
 */
import { describe, expect, test } from "@jest/globals";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ArtifactRefused,
  extractReports,
  nameProblem,
  type ZipLimits,
} from "../../../src/core/github/unzip.js";
import { junit, makeZip, type ZipMember } from "../../action/fork/zips.js";

const LIMITS: ZipLimits = { maxEntries: 100, maxFileBytes: 1024 ** 2, maxTotalBytes: 4 * 1024 ** 2 };

function zipFile(members: ZipMember[] | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "jux-zip-"));
  const path = join(dir, "a.zip");
  writeFileSync(path, Buffer.isBuffer(members) ? members : makeZip(members));
  return path;
}

async function extract(members: ZipMember[] | Buffer, limits = LIMITS) {
  const root = mkdtempSync(join(tmpdir(), "jux-out-"));
  const result = await extractReports(zipFile(members), root, limits, "artifact evil");
  return { root, result };
}

/** Refused whole, nothing written, and the message names the artifact and says what. */
async function refused(members: ZipMember[] | Buffer, what: RegExp, limits = LIMITS): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "jux-out-"));
  const error = await extractReports(zipFile(members), root, limits, "artifact evil").catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ArtifactRefused);
  expect((error as Error).message).toMatch(/^artifact evil refused, nothing of it signed: /);
  expect((error as Error).message).toMatch(what);
  expect((error as Error).message).toMatch(/Upload only the JUnit XML files/);
  expect(readdirSync(root)).toEqual([]);
}

const good = (name: string): ZipMember => ({ name, data: junit(name.replace(/\W/g, "_")) });

describe("a genuine artifact", () => {
  test("its .xml files are written below the root, private, by their names; other files left out", async () => {
    const { root, result } = await extract([
      { name: "reports/", mode: 0o040755 },
      good("reports/junit-a.xml"),
      { ...good("reports/deep/TEST-b.XML"), method: 8 },
      { name: "coverage.txt", data: "not a report" },
      { name: "run.sh", data: "#!/bin/sh\nrm -rf /\n", mode: 0o100755 },
    ]);
    expect(result.files.map((f) => f.name)).toEqual(["reports/junit-a.xml", "reports/deep/TEST-b.XML"]);
    expect(result.ignored).toEqual(["coverage.txt", "run.sh"]);
    for (const f of result.files) {
      expect(f.path.startsWith(root + "/")).toBe(true);
      expect(readFileSync(f.path, "utf8")).toBe(junit(f.name.replace(/\W/g, "_")));
      expect(statSync(f.path).mode & 0o777).toBe(0o600);
    }
    expect(readdirSync(root)).toEqual(["reports"]);
    expect(result.bytes).toBe(result.files.reduce((n, f) => n + statSync(f.path).size, 0));
  });

  test("a name an artifact may not hold is written with - for each such character", async () => {
    const { result } = await extract([good('TEST-a:b<c>"d|e*f?.xml')]);
    expect(result.files.map((f) => f.name)).toEqual(["TEST-a-b-c--d-e-f-.xml"]);
  });

  test("a zip written without Unix modes (DOS attributes) is read", async () => {
    const { result } = await extract([{ ...good("junit.xml"), mode: 0 }]);
    expect(result.files.map((f) => f.name)).toEqual(["junit.xml"]);
  });
});

describe("a hostile artifact is refused whole", () => {
  test.each([
    [
      "a symbolic link",
      [good("a.xml"), { name: "b.xml", data: "/etc/passwd", mode: 0o120777 }],
      /"b\.xml": a symbolic link/,
    ],
    [
      "a link to a directory",
      [{ name: "reports", data: "/", mode: 0o120777 }, good("reports/x.xml")],
      /a symbolic link/,
    ],
    ["a device", [{ name: "dev.xml", mode: 0o020644 }], /not a regular file/],
    ["a path climbing out", [good("a.xml"), good("../evil.xml")], /"\.\.\/evil\.xml": a path climbing out/],
    ["a deeper climb", [good("a/../../evil.xml")], /climbing out/],
    ["an absolute path", [good("/tmp/evil.xml")], /an absolute path/],
    ["a drive letter", [good("C:/evil.xml")], /an absolute path/],
    ["a backslash", [good("..\\evil.xml")], /a backslash/],
    ["a control character", [good("a\nb.xml")], /a control character/],
    ["an empty component", [good("a//b.xml")], /empty or `\.` path component/],
    ["a repeated name", [good("a.xml"), good("a.xml")], /a name that another entry has/],
    ["names one in another case", [good("A.xml"), good("a.xml")], /a name that another entry has/],
    [
      "names one in another Unicode form",
      [good("caf\u00e9.xml"), good("cafe\u0301.xml")],
      /another entry has/,
    ],
    [
      "names one once made artifact-safe",
      [good("x1:b.xml"), good("x1-b.xml")],
      /a name that another entry has/,
    ],
    [
      "a file inside a file",
      [good("a.xml"), good("a.xml/b.xml")],
      /inside a path that another entry is a file at/,
    ],
  ])("%s", async (_what, members, message) => {
    await refused(members as ZipMember[], message);
  });

  test("more entries than the limit", async () => {
    const members = Array.from({ length: 6 }, (_, i) => good(`r${i}.xml`));
    await refused(members, /6 entries, over the limit of 5/, { ...LIMITS, maxEntries: 5 });
  });

  test("a report over the per-file limit, by its declared size", async () => {
    await refused(
      [{ name: "big.xml", data: "x", method: 8, declaredSize: 3 * 1024 ** 3 }],
      /"big\.xml": 3221225472 bytes, over the 1048576-byte limit of one report/,
    );
  });

  test("reports over what is left of the total", async () => {
    const members = [good("a.xml"), good("b.xml")];
    const one = Buffer.byteLength(junit("a_xml"));
    await refused(members, /"b\.xml": the reports pass the \d+ bytes left/, {
      ...LIMITS,
      maxTotalBytes: one + 10,
    });
  });

  test("a zip bomb: deflated data larger than its declared size", async () => {
    const bomb = {
      name: "bomb.xml",
      data: Buffer.alloc(5 * 1024 ** 2, "<"),
      method: 8 as const,
      declaredSize: 100,
    };
    await refused([bomb], /"bomb\.xml": .*(declared size|too many bytes)/);
  });

  test("not a zip", async () => {
    await refused(Buffer.from("<html>not a zip</html>"), /not a readable zip/);
  });
});

test("a stored entry whose sizes differ is refused, naming where", async () => {
  await refused(
    [good("a.xml"), { name: "b.xml", data: "x", declaredSize: 10 }],
    /the entry after "a\.xml": .*size mismatch/,
  );
});

test("nameProblem accepts ordinary report paths", () => {
  for (const n of ["junit.xml", "a/b/TEST-x.y.xml", "reports/", "ünïcode/π.xml", "a..b.xml", ".hidden.xml"])
    expect(nameProblem(n)).toBeUndefined();
});

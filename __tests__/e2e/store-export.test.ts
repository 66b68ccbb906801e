/**
 * jux cache export and import through the committed bundle: a store filled by `jux sign` and `jux publish` with
 * real reports of the corpus, exported as JSON Lines, CSV and tar; the JSON Lines carried both ways between the
 * store and a real `jux serve`; the tar round trip; tampered reports and hostile archives refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pack } from "tar-stream";
import { wellFormedReports, XMLDSIG } from "../helpers/fixtures.js";
import { CLI, cleanUp, NODE24, query, request, startServer, submit, tempDir } from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Standard output's bytes. */
  raw: Buffer;
}

/** `node24 dist/cli/index.js ...args` in `cwd`. */
function jux(args: string[], cwd: string): Promise<Ran> {
  return new Promise((done) =>
    execFile(
      NODE24,
      [CLI, ...args],
      { cwd, env: { PATH: process.env.PATH, HOME: cwd }, maxBuffer: 256 * 1024 ** 2, encoding: "buffer" },
      (error, stdout, stderr) =>
        done({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          stdout: stdout.toString("utf8"),
          stderr: stderr.toString("utf8"),
          raw: stdout,
        }),
    ),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** RFC 4180 records (quoted fields with "" and line breaks, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

/** A tar archive made by tar-stream (as a hostile party would), members in order. */
async function makeTar(
  file: string,
  members: { name: string; body?: Buffer; type?: "file" | "symlink" | "directory"; linkname?: string }[],
): Promise<void> {
  const p = pack();
  const parts: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of p as AsyncIterable<Buffer>) parts.push(chunk);
  })();
  for (const m of members)
    await new Promise<void>((ok, fail) =>
      p.entry(
        { name: m.name, type: m.type ?? "file", ...(m.linkname ? { linkname: m.linkname } : {}) },
        m.body ?? Buffer.alloc(0),
        (e) => (e ? fail(e) : ok()),
      ),
    );
  p.finalize();
  await collected;
  writeFileSync(file, Buffer.concat(parts));
}

afterAll(cleanUp);

withShared(["fixtures/junit", "fixtures/xmldsig"], "jux cache export and import", () => {
  const dir = tempDir("jux-store-export-");
  const store = join(dir, "store");
  const RSA = join(XMLDSIG, "rsa.pem");
  const RSA_CERT = join(XMLDSIG, "rsa.crt");
  const ECDSA_CERT = join(XMLDSIG, "ecdsa.crt");
  /** signed file -> its facts as jux cache list --json says them. */
  let entries: Json[] = [];
  const signed = new Map<string, Buffer>();
  const OLD = "2020-01-02T00:00:00Z";

  const list = async (base: string, ...args: string[]): Promise<Json[]> => {
    const r = await jux(["cache", "list", "--json", "--storage-path", base, ...args], dir);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Json[];
  };
  const hashes = (es: Json[]) => es.map((e) => e.hash as string).sort();
  const jsonlRuns = (file: string) =>
    readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Json);

  beforeAll(async () => {
    const files = wellFormedReports()
      .filter((_, i) => i % 10 === 3)
      .slice(0, 8);
    const outputs: string[] = [];
    for (const [i, file] of files.entries()) {
      const out = join(dir, `signed-${i}.xml`);
      // The last report's branch is a formula and has a comma and quotes: the CSV must neutralise and quote it.
      const branch = i === files.length - 1 ? '=HYPERLINK("x"),1' : i % 3 ? "main" : "dev";
      const props = ["-p", `git:branch=${branch}`, "-p", `git:commit=${String(i).repeat(40)}`];
      if (i < 2) props.push("-p", `jux:timestamp=${OLD}`);
      const project = i % 2 ? "jvm" : "py";
      const r = await jux(
        ["sign", "-i", file, "-o", out, "--key", RSA, "--cert", RSA_CERT, "--project", project, ...props],
        dir,
      );
      expect([r.code, r.stderr]).toEqual([0, ""]);
      outputs.push(out);
    }
    const published = await jux(
      ["publish", "--storage-mode", "local", "--storage-path", store, ...outputs.flatMap((o) => ["-f", o])],
      dir,
    );
    expect(published.code).toBe(0);
    entries = await list(store);
    expect(entries).toHaveLength(files.length);
    for (const o of outputs) {
      const bytes = readFileSync(o);
      const hash = /sha256:([0-9a-f]{64})/.exec((await jux(["inspect", "-i", o], dir)).stdout)![1]!;
      signed.set(hash, bytes);
    }
  });

  describe("jsonl", () => {
    it("holds every report once in jux serve's versioned format, its original bytes, mode 0600", async () => {
      const out = join(dir, "all.jsonl");
      const r = await jux(["cache", "export", "--storage-path", store, "--output", out], dir);
      expect([r.code, r.stdout]).toEqual([
        0,
        `jux cache export: ${entries.length} report(s) written to ${out} (jsonl)\n`,
      ]);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const [header, ...rest] = jsonlRuns(out);
      const trailer = rest.pop()!;
      expect(header).toMatchObject({ format: "jux-serve-export", version: 1, filter: {} });
      expect(trailer).toEqual({ format: "jux-serve-export", end: true, runs: entries.length });
      expect(rest.map((l) => l.canonical_hash as string).sort()).toEqual(hashes(entries));
      for (const line of rest) {
        expect(Buffer.from(line.report as string, "base64")).toEqual(
          signed.get(line.canonical_hash as string),
        );
        expect(line.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
      // The same report exported again gets the same run id.
      const again = join(dir, "again.jsonl");
      expect((await jux(["cache", "export", "--storage-path", store, "--output", again], dir)).code).toBe(0);
      expect(
        jsonlRuns(again)
          .slice(1, -1)
          .map((l) => l.id),
      ).toEqual(rest.map((l) => l.id));
    });

    it("--project, --branch and --since (a duration or a date) select; no match writes nothing", async () => {
      const select = async (name: string, ...args: string[]) => {
        const out = join(dir, `${name}.jsonl`);
        const r = await jux(["cache", "export", "--storage-path", store, "--output", out, ...args], dir);
        expect(r.code).toBe(0);
        return jsonlRuns(out);
      };
      const jvmMain = await select("jvm-main", "--project", "jvm", "--branch", "main");
      expect(jvmMain[0]!.filter).toEqual({ project: "jvm", branch: "main" });
      const expected = entries.filter((e) => e.project === "jvm" && e.branch === "main");
      expect(expected.length).toBeGreaterThan(0);
      expect(
        jvmMain
          .slice(1, -1)
          .map((l) => l.canonical_hash as string)
          .sort(),
      ).toEqual(hashes(expected));
      const recent = entries.filter((e) => e.timestamp !== OLD);
      expect(recent.length).toBe(entries.length - 2);
      for (const since of ["7d", "2021-01-01"])
        expect(
          (await select(`since-${since}`, "--since", since))
            .slice(1, -1)
            .map((l) => l.canonical_hash as string)
            .sort(),
        ).toEqual(hashes(recent));
      const none = join(dir, "none.jsonl");
      const r = await jux(
        ["cache", "export", "--storage-path", store, "--output", none, "--branch", "nope"],
        dir,
      );
      expect([r.code, r.stderr]).toEqual([0, "no report matches --branch nope: nothing written\n"]);
      expect(existsSync(none)).toBe(false);
    });

    it("jux cache export -> jux serve import: the server holds the reports byte for byte", async () => {
      const out = join(dir, "to-serve.jsonl");
      expect((await jux(["cache", "export", "--storage-path", store, "--output", out], dir)).code).toBe(0);
      const database = join(tempDir(), "db.sqlite");
      const imported = await jux(
        ["serve", "import", "--database", database, out, "--on-conflict", "skip", "--trust", RSA_CERT],
        dir,
      );
      expect([imported.code, imported.stderr]).toEqual([0, ""]);
      expect(imported.stdout).toContain(`imported ${entries.length}, `);
      const server = await startServer(["--database", database]);
      const runs = (await query(server, "/test_runs?per_page=100")).body as Json;
      expect(runs.pagination.total_count).toBe(entries.length);
      // Each run keeps the id of its line (made from its hash) and serves the report's original bytes.
      const lines = jsonlRuns(out).slice(1, -1);
      const served: string[] = [];
      for (const run of runs.test_runs as Json[]) {
        const line = lines.find((l) => l.id === run.id)!;
        expect(line).toBeDefined();
        served.push((await request(`${server.url}/runs/${run.id}/report.xml`)).bytes.toString("base64"));
        expect(served.at(-1)).toBe(line.report);
      }
      expect(served.sort()).toEqual([...signed.values()].map((b) => b.toString("base64")).sort());
      await server.stop();
    });

    it("jux serve export -> jux cache import --cert: the store holds the server's reports", async () => {
      const server = await startServer();
      const mine = [...signed.values()].slice(0, 3);
      for (const bytes of mine) expect((await submit(server, bytes)).status).toBe(201);
      const out = join(tempDir(), "from-serve.jsonl");
      const exported = await jux(["serve", "export", "--database", server.database, "--output", out], dir);
      await server.stop();
      expect(exported.code).toBe(0);
      const fresh = join(dir, "from-serve-store");
      const r = await jux(["cache", "import", out, "--cert", RSA_CERT, "--storage-path", fresh], dir);
      expect([r.code, r.stdout, r.stderr]).toEqual([
        0,
        "jux cache import: imported 3, skipped 0 (already stored: same canonical hash), replaced 0, refused 0\n",
        "",
      ]);
      const back = await list(fresh);
      expect(hashes(back)).toEqual(
        hashes(entries.filter((e) => mine.includes(signed.get(e.hash as string)!))),
      );
      for (const e of back) {
        const shown = await jux(["cache", "show", e.hash as string, "--xml", "--storage-path", fresh], dir);
        expect(shown.raw).toEqual(signed.get(e.hash as string));
      }
      // Imported again: the same reports are skipped; with --on-conflict replace they are replaced.
      const again = await jux(["cache", "import", out, "--storage-path", fresh], dir);
      expect([again.code, again.stdout]).toEqual([
        0,
        "jux cache import: imported 0, skipped 3 (already stored: same canonical hash), replaced 0, refused 0\n",
      ]);
      const unverified = await jux(
        ["cache", "import", out, "--on-conflict", "replace", "--storage-path", fresh],
        dir,
      );
      expect(unverified.code).toBe(2);
      expect(unverified.stderr).toContain("--on-conflict replace needs --cert");
      const replaced = await jux(
        ["cache", "import", out, "--on-conflict", "replace", "--cert", RSA_CERT, "--storage-path", fresh],
        dir,
      );
      expect([replaced.code, replaced.stdout]).toEqual([
        0,
        "jux cache import: imported 0, skipped 0 (already stored: same canonical hash), replaced 3, refused 0\n",
      ]);
    });

    it("a line whose report was tampered with is refused by its number with --cert; the others are imported", async () => {
      const out = join(dir, "tamper.jsonl");
      expect((await jux(["cache", "export", "--storage-path", store, "--output", out], dir)).code).toBe(0);
      const lines = readFileSync(out, "utf8").trimEnd().split("\n");
      const line = JSON.parse(lines[2]!) as Json;
      // The SignatureValue altered: the canonical hash (the signature is not part of it) and the facts still match.
      const xml = Buffer.from(line.report as string, "base64").toString("utf8");
      const altered = xml.replace(
        /(<(?:ds:)?SignatureValue[^>]*>)(.)/,
        (_m, tag: string, c: string) => tag + (c === "A" ? "B" : "A"),
      );
      expect(altered).not.toBe(xml);
      lines[2] = JSON.stringify({ ...line, report: Buffer.from(altered).toString("base64") });
      writeFileSync(out, lines.join("\n") + "\n");
      const fresh = join(dir, "tamper-store");
      const r = await jux(["cache", "import", out, "--cert", RSA_CERT, "--storage-path", fresh], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/tamper\.jsonl line 3 refused: its signature does not verify/);
      expect(r.stdout).toBe(
        `jux cache import: imported ${entries.length - 1}, skipped 0 (already stored: same canonical hash), replaced 0, refused 1\n`,
      );
      expect(await list(fresh)).toHaveLength(entries.length - 1);
    });
  });

  it("--max-size: a larger report is refused (a jsonl line by its number, a tar whole)", async () => {
    const out = join(dir, "sized.jsonl");
    expect((await jux(["cache", "export", "--storage-path", store, "--output", out], dir)).code).toBe(0);
    const small = Math.min(...[...signed.values()].map((b) => b.length));
    const r = await jux(
      ["cache", "import", out, "--max-size", "1KB", "--storage-path", join(dir, "sized")],
      dir,
    );
    expect(small).toBeGreaterThan(1024);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /sized\.jsonl line 2 refused: its report is \d+ bytes, above --max-size \(1000\)/,
    );
    const tar = join(dir, "sized.tar");
    expect(
      (await jux(["cache", "export", "--storage-path", store, "--output", tar, "--format", "tar"], dir)).code,
    ).toBe(0);
    const t = await jux(
      ["cache", "import", tar, "--max-size", "1KB", "--storage-path", join(dir, "sized")],
      dir,
    );
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(
      /is refused whole \(nothing imported\): member "[0-9a-f]{64}\.xml" is \d+ bytes, over the 1000-byte limit \(--max-size\)/,
    );
  });

  describe("csv", () => {
    it("--per run: one row per report from the index; RFC 4180 quoting; a formula gets a leading '", async () => {
      const out = join(dir, "runs.csv");
      const r = await jux(
        ["cache", "export", "--storage-path", store, "--output", out, "--format", "csv"],
        dir,
      );
      expect(r.code).toBe(0);
      const text = readFileSync(out, "utf8");
      expect(text.endsWith("\r\n")).toBe(true);
      const [head, ...rows] = parseCsv(text);
      expect(head).toEqual([
        "hash",
        "area",
        "stored_at",
        "timestamp",
        "project",
        "branch",
        "commit",
        "status",
        "tests",
        "passed",
        "failures",
        "errors",
        "skipped",
        "time",
        "has_signature",
      ]);
      expect(rows.map((row) => row[0]).sort()).toEqual(hashes(entries));
      for (const row of rows) {
        const e = entries.find((x) => x.hash === row[0])!;
        expect(row).toHaveLength(head!.length);
        expect([row[4], row[6], row[7], Number(row[8]), Number(row[10])]).toEqual([
          e.project,
          e.commit,
          e.status,
          e.tests,
          e.failures,
        ]);
      }
      expect(rows.map((row) => row[5])).toContain(`'=HYPERLINK("x"),1`);
      expect(text).toContain(`,"'=HYPERLINK(""x""),1",`);
    });

    it("--per test: one row per test of each report", async () => {
      const out = join(dir, "tests.csv");
      const r = await jux(
        [
          "cache",
          "export",
          "--storage-path",
          store,
          "--output",
          out,
          "--format",
          "csv",
          "--per",
          "test",
          "--project",
          "py",
        ],
        dir,
      );
      expect(r.code).toBe(0);
      const [head, ...rows] = parseCsv(readFileSync(out, "utf8"));
      expect(head).toEqual([
        "hash",
        "project",
        "branch",
        "commit",
        "timestamp",
        "suite",
        "classname",
        "name",
        "file",
        "line",
        "outcome",
        "duration",
        "retries",
        "failure_type",
        "failure_message",
      ]);
      const py = entries.filter((e) => e.project === "py");
      expect([...new Set(rows.map((row) => row[0]))].sort()).toEqual(hashes(py.filter((e) => e.tests > 0)));
      expect(rows.every((row) => row.length === head!.length && row[1] === "py")).toBe(true);
      expect(rows.every((row) => ["passed", "failed", "error", "skipped", "flaky"].includes(row[10]!))).toBe(
        true,
      );
      const wrong = await jux(
        [
          "cache",
          "export",
          "--storage-path",
          store,
          "--output",
          join(dir, "x.tar"),
          "--format",
          "tar",
          "--per",
          "test",
        ],
        dir,
      );
      expect([wrong.code, wrong.stderr]).toEqual([
        2,
        "error: jux cache export: --per is for --format csv only, not tar\n",
      ]);
    });
  });

  describe("tar", () => {
    let archive: string;

    it("holds <hash>.xml (the original bytes) and manifest.json; tar(1) reads it; imported back the same", async () => {
      archive = join(dir, "all.tar");
      const r = await jux(
        ["cache", "export", "--storage-path", store, "--output", archive, "--format", "tar"],
        dir,
      );
      expect(r.code).toBe(0);
      const listed = spawnSync("tar", ["tf", archive]).stdout.toString().trim().split("\n");
      expect(listed.sort()).toEqual([...hashes(entries).map((h) => `${h}.xml`), "manifest.json"].sort());
      const unpacked = join(dir, "unpacked");
      mkdirSync(unpacked);
      expect(spawnSync("tar", ["xf", archive, "-C", unpacked]).status).toBe(0);
      for (const h of hashes(entries))
        expect(readFileSync(join(unpacked, `${h}.xml`))).toEqual(signed.get(h));
      const manifest = JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8")) as Json;
      expect(manifest).toMatchObject({ format: "jux-cache-export", version: 1 });
      expect((manifest.reports as Json[]).map((m) => m.hash as string).sort()).toEqual(hashes(entries));

      const fresh = join(dir, "tar-store");
      const imported = await jux(
        ["cache", "import", archive, "--cert", RSA_CERT, "--storage-path", fresh],
        dir,
      );
      expect([imported.code, imported.stderr]).toEqual([0, ""]);
      const back = await list(fresh);
      expect(hashes(back)).toEqual(hashes(entries));
      const strip = (e: Json): Json => ({
        ...e,
        path: undefined,
        storedAt: undefined,
        size: undefined,
        compression: undefined,
      });
      expect(back.map(strip).sort((a, b) => (a.hash < b.hash ? -1 : 1))).toEqual(
        entries.map(strip).sort((a, b) => (a.hash < b.hash ? -1 : 1)),
      );
    });

    it("a report whose signature was tampered with is refused by name with --cert; the others are imported", async () => {
      const unpacked = join(dir, "unpacked");
      const [victim, ...others] = hashes(entries);
      const members = [...others, victim!].map((h) => ({
        name: `${h}.xml`,
        body: readFileSync(join(unpacked, `${h}.xml`)),
      }));
      const tampered = join(dir, "tampered.tar");
      // The victim's SignatureValue altered: same canonical hash, same name, a signature that no longer verifies.
      const xml = members.at(-1)!.body.toString("utf8");
      members.at(-1)!.body = Buffer.from(
        xml.replace(
          /(<(?:ds:)?SignatureValue[^>]*>)(.)/,
          (_m, tag: string, c: string) => tag + (c === "A" ? "B" : "A"),
        ),
      );
      await makeTar(tampered, [
        ...members,
        { name: "manifest.json", body: readFileSync(join(unpacked, "manifest.json")) },
      ]);
      const fresh = join(dir, "tampered-store");
      const r = await jux(["cache", "import", tampered, "--cert", RSA_CERT, "--storage-path", fresh], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`tampered.tar member ${victim}.xml refused: its signature does not verify`);
      expect(r.stdout).toBe(
        `jux cache import: imported ${others.length}, skipped 0 (already stored: same canonical hash), replaced 0, refused 1\n`,
      );
      expect(hashes(await list(fresh))).toEqual(others);
      // Against a certificate that signed none of them: every report refused, exit 1.
      const none = await jux(
        ["cache", "import", archive, "--cert", ECDSA_CERT, "--storage-path", join(dir, "ecdsa-store")],
        dir,
      );
      expect(none.code).toBe(1);
      expect(none.stdout).toContain(
        `imported 0, skipped 0 (already stored: same canonical hash), replaced 0, refused ${entries.length}`,
      );
      // Each refused report named on a line of its own; the long reason in full once, how to fix it once.
      const lines = none.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(entries.length + 1);
      const full = lines.filter((l) => l.includes(" refused: ") && !l.endsWith("said in full above)"));
      expect(full).toHaveLength(1);
      const first = /member ([0-9a-f]{64}\.xml) refused/.exec(full[0]!)![1]!;
      for (const l of lines.slice(1, -1))
        expect(l).toMatch(
          new RegExp(
            `member [0-9a-f]{64}\\.xml refused: its signature does not verify: [^:(;]+ \\(as .*member ${first}, said in full above\\)$`,
          ),
        );
      expect(lines.at(-1)).toBe(
        `jux cache import: ${entries.length} report(s) refused because their signature does not verify with --cert: give the certificate (or public key) of the key that signed them (jux inspect shows it), or import without --cert`,
      );
    });

    it("a member whose bytes are not the report its name claims is refused (the hash is recomputed)", async () => {
      const [a, b] = hashes(entries);
      const renamed = join(dir, "renamed.tar");
      await makeTar(renamed, [{ name: `${a}.xml`, body: signed.get(b!)! }]);
      const r = await jux(["cache", "import", renamed, "--storage-path", join(dir, "renamed-store")], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `member ${a}.xml refused: its canonical hash is sha256:${b}, not the one its name claims`,
      );
    });

    it("a manifest.json over 16 MiB is not parsed (only a list to cross-check): said once, the reports still checked and imported", async () => {
      const unpacked = join(dir, "unpacked");
      const good = hashes(entries)
        .slice(0, 2)
        .map((h) => ({ name: `${h}.xml`, body: readFileSync(join(unpacked, `${h}.xml`)) }));
      const huge = Buffer.from(
        `{"format":"jux-cache-export","version":1,"reports":[${"0,".repeat(9_000_000)}0]}`,
      );
      const file = join(tempDir(), "huge-manifest.tar");
      await makeTar(file, [...good, { name: "manifest.json", body: huge }]);
      const fresh = join(dir, "huge-manifest-store");
      const r = await jux(["cache", "import", file, "--storage-path", fresh], dir);
      expect(r.stderr).toContain(`manifest.json is ${huge.length} bytes, over 16777216: not cross-checked`);
      expect(r.code).toBe(0);
      expect(hashes(await list(fresh))).toEqual(good.map((g) => g.name.slice(0, 64)).sort());
    });

    type Hostile = {
      name: string;
      body?: Buffer;
      type?: "file" | "symlink" | "directory";
      linkname?: string;
    };
    it.each<[string, Hostile[], string]>([
      [
        "a .. path",
        [{ name: "../evil.xml", body: Buffer.from("<testsuite/>") }],
        'member "../evil.xml" has a path',
      ],
      [
        "an absolute path",
        [{ name: "/tmp/evil.xml", body: Buffer.from("<testsuite/>") }],
        'member "/tmp/evil.xml" has a path',
      ],
      [
        "a symbolic link",
        [{ name: `${"a".repeat(64)}.xml`, type: "symlink", linkname: "/etc/passwd" }],
        "is a symbolic link",
      ],
      ["a directory", [{ name: "reports/", type: "directory" }], "is a directory"],
      [
        "an unknown name",
        [{ name: "run.sh", body: Buffer.from("rm -rf /") }],
        'member "run.sh" is neither manifest.json nor a report',
      ],
    ])(
      "a hostile archive (%s) is refused whole: nothing imported, nothing written outside",
      async (_what, hostile, reason) => {
        const unpacked = join(dir, "unpacked");
        const good = hashes(entries)
          .slice(0, 2)
          .map((h) => ({ name: `${h}.xml`, body: readFileSync(join(unpacked, `${h}.xml`)) }));
        const file = join(tempDir(), "hostile.tar");
        await makeTar(file, [...good, ...hostile]);
        const fresh = join(dir, `hostile-${readdirSync(dir).length}`);
        const r = await jux(["cache", "import", file, "--storage-path", fresh], dir);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("is refused whole (nothing imported)");
        expect(r.stderr).toContain(reason);
        expect(await list(fresh)).toEqual([]);
        expect(existsSync(join(dir, "evil.xml"))).toBe(false);
      },
    );
  });
});

/**
 * Reports given the way people type them (issue 18), through the committed bundle: positional files,
 * repeated -i/-f and several files after one, a directory (-r to recurse), a quoted pattern that jux expands
 * itself (the arguments reach the process unexpanded: no shell), for sign, verify, inspect and publish; one
 * process per command line, a result per report, exit 0 all / 1 none / 2 some, and standard input as before.
 * The corpus is the shared real-world fixtures. jux publish: cli-files-publish.test.ts.
 */
import { afterAll, describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { JUNIT, XMLDSIG } from "../helpers/fixtures.js";
import { allFiles, jux } from "../helpers/publish.js";
import { xmlsec1Verify } from "../helpers/oracles.js";
import { cleanUp, tempDir } from "../helpers/serve.js";
import { withShared } from "../helpers/shared.js";

withShared(
  ["fixtures/junit", "fixtures/xmldsig"],
  "jux over many files (folders of the JUnit corpus, the fixture RSA key)",
  () => {
    const KEY = join(XMLDSIG, "rsa.pem");
    const CERT = join(XMLDSIG, "rsa.crt");
    const REPORT = join(JUNIT, "jenkins-junit-plugin", "junit-report-with-properties.xml");
    afterAll(cleanUp);

    /** Every file under `dir` and the SHA-256 of its bytes, relative names. */
    function digests(dir: string): Record<string, string> {
      return Object.fromEntries(
        allFiles(dir).map((f) => [
          relative(dir, f),
          createHash("sha256").update(readFileSync(f)).digest("hex"),
        ]),
      );
    }

    /** A temporary working directory with `reports/` holding copies of the given corpus folders. */
    function workspace(...folders: string[]): string {
      const dir = tempDir("jux-files-");
      for (const folder of folders)
        cpSync(join(JUNIT, folder), join(dir, "reports", folder), { recursive: true });
      return dir;
    }

    /** Signs `files` (relative to `dir`) into `dir/signed/` with the fixture key; returns their signed paths. */
    async function signInto(dir: string, files: string[]): Promise<string[]> {
      const r = await jux(["sign", ...files, "-o", "signed/", "--key", KEY, "--cert", CERT], { cwd: dir });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      return files.map((f) => join("signed", f.split("/").pop()!));
    }

    const lines = (s: string) => s.split("\n").filter((l) => l !== "");

    describe("the command lines of the issue", () => {
      test("jux inspect signed.xml and jux verify signed.xml --cert c.crt: as with -i, the same output", async () => {
        const dir = tempDir("jux-files-");
        cpSync(REPORT, join(dir, "report.xml"));
        const [signed] = await signInto(dir, ["report.xml"]);
        for (const args of [
          ["inspect"],
          ["inspect", "--json"],
          ["verify", "--cert", CERT],
          ["verify", "--cert", CERT, "--json"],
        ]) {
          const positional = await jux([...args.slice(0, 1), signed!, ...args.slice(1)], { cwd: dir });
          const flagged = await jux([...args.slice(0, 1), "-i", signed!, ...args.slice(1)], { cwd: dir });
          expect(positional.stderr).toBe("");
          expect(positional).toMatchObject({ code: 0, stdout: flagged.stdout });
        }
        // One file named as such keeps the single-report JSON shape (an object, not an array).
        const verdict = JSON.parse(
          (await jux(["verify", signed!, "--cert", CERT, "--json"], { cwd: dir })).stdout,
        );
        expect(verdict).toMatchObject({ valid: true, signer: expect.stringMatching(/^CN=pytest-jux/) });
        expect(Array.isArray(verdict)).toBe(false);
        expect(verdict.file).toBeUndefined();
        const inspected = JSON.parse((await jux(["inspect", signed!, "--json"], { cwd: dir })).stdout);
        expect(inspected).toMatchObject({ file: signed, signed: true, signature: { intact: true } });
      });
    });

    describe("a directory of the real-world corpus", () => {
      test("sign -r -o DIR keeps relative paths; every bad report is named and the others signed (exit 2)", async () => {
        const dir = tempDir("jux-files-");
        cpSync(JUNIT, join(dir, "reports"), { recursive: true });
        const before = digests(join(dir, "reports"));
        const xml = Object.keys(before).filter((f) => f.endsWith(".xml"));
        const bad = xml.filter((f) => /^(malformed|non-junit)\//.test(f));
        const r = await jux(["sign", "reports", "-r", "-o", "signed", "--key", KEY, "--cert", CERT], {
          cwd: dir,
        });
        expect(r.code).toBe(2);
        expect(lines(r.stdout)).toHaveLength(xml.length - bad.length);
        for (const f of xml.filter((f) => !bad.includes(f)))
          expect(r.stdout).toContain(`signed signed/${f}: `);
        const errors = lines(r.stderr);
        expect(errors.slice(0, -1).map((l) => l.match(/^error: reports\/([^:]+)(:\d+:\d+)?: /)?.[1])).toEqual(
          bad,
        );
        expect(errors.at(-1)).toBe(`signed ${xml.length - bad.length} of ${xml.length} reports`);
        expect(digests(join(dir, "reports"))).toEqual(before);
        const written = Object.keys(digests(join(dir, "signed"))).sort();
        expect(written).toEqual(xml.filter((f) => !bad.includes(f)).sort());

        // Verified all in one process, through a quoted pattern the shell never saw.
        const all = await jux(["verify", "signed/**/*.xml", "--cert", CERT, "--json"], { cwd: dir });
        expect(all.code).toBe(0);
        const rows = JSON.parse(all.stdout) as { file: string; valid: boolean }[];
        expect(rows.map((row) => row.file).sort()).toEqual(written.map((f) => `signed/${f}`));
        expect(rows.every((row) => row.valid)).toBe(true);
      });

      test("a directory: its *.xml only; -r for below it; without reports it says to add -r", async () => {
        const dir = workspace("apache-maven-surefire", "go-junit-report");
        const top = await jux(["inspect", "reports", "--json"], { cwd: dir });
        expect(top.code).toBe(1);
        expect(JSON.parse(top.stdout)).toEqual([
          {
            file: "reports",
            error: "reports: no .xml file in this directory (add -r to include its subdirectories)",
          },
        ]);
        const nothing = await jux(["inspect", "reports"], { cwd: dir });
        expect(nothing.code).toBe(1);
        expect(nothing.stderr).toBe(
          "error: reports: no .xml file in this directory (add -r to include its subdirectories)\n",
        );
        const deep = await jux(["inspect", "-r", "reports", "--json"], { cwd: dir });
        expect(deep.code).toBe(0);
        const files = (JSON.parse(deep.stdout) as { file: string }[]).map((d) => d.file);
        const expected = ["apache-maven-surefire", "go-junit-report"].flatMap((f) =>
          readdirSync(join(JUNIT, f))
            .filter((n) => n.endsWith(".xml"))
            .sort()
            .map((n) => `reports/${f}/${n}`),
        );
        expect(files).toEqual(expected);
        const one = await jux(["inspect", "reports/go-junit-report"], { cwd: dir });
        expect(one.code).toBe(0);
        expect(one.stdout.split("\n\n")).toHaveLength(readdirSync(join(JUNIT, "go-junit-report")).length);
      });
    });

    describe("several reports in one process", () => {
      test("repeated -i, several after one -i, and positionals: a verdict each, exit 0 all / 2 some / 1 none", async () => {
        const dir = workspace("apache-maven-surefire");
        const names = readdirSync(join(dir, "reports", "apache-maven-surefire")).map(
          (n) => `reports/apache-maven-surefire/${n}`,
        );
        const [a, b, c] = await signInto(dir, names.slice(0, 3));
        writeFileSync(
          join(dir, "signed", "tampered.xml"),
          readFileSync(join(dir, c!), "utf8").replace(/time="[^"]*"/, 'time="9"'),
        );
        const good = await jux(["verify", "-i", a!, "-i", b!, c!, "--cert", CERT], { cwd: dir });
        expect(good.code).toBe(0);
        expect(lines(good.stdout).map((l) => l.split(" ")[1])).toEqual([a, b, c]);
        const some = await jux(["verify", "-i", a!, "signed/tampered.xml", "gone.xml", b!, "--cert", CERT], {
          cwd: dir,
        });
        expect(some.code).toBe(2);
        expect(lines(some.stdout).map((l) => l.split(" ")[1])).toEqual([a, b]);
        expect(lines(some.stderr)).toEqual([
          expect.stringMatching(/^invalid: signed\/tampered\.xml: .*modified after it was signed/),
          `error: cannot read gone.xml: no such file or directory (ENOENT); check the name and the current directory (${dir})`,
          "2 of 4 reports valid",
        ]);
        const json = await jux(["verify", a!, "gone.xml", "--cert", CERT, "--json"], { cwd: dir });
        expect(json.code).toBe(2);
        expect(JSON.parse(json.stdout)).toEqual([
          expect.objectContaining({ file: a, valid: true, canonical_hash: expect.any(String) }),
          {
            file: "gone.xml",
            valid: false,
            error: expect.stringMatching(/^cannot read gone\.xml: no such file/),
          },
        ]);
        const none = await jux(["verify", "signed/tampered.xml", "gone.xml", "--cert", CERT], { cwd: dir });
        expect(none.code).toBe(1);
        const quiet = await jux(["verify", a!, "gone.xml", "--cert", CERT, "--quiet", "--json"], {
          cwd: dir,
        });
        expect(quiet).toMatchObject({ code: 2, stdout: "", stderr: "" });
      });

      test("inspect several: a block each, an unusable report named (the others still read), --json an array", async () => {
        const dir = workspace("malformed", "gotestsum");
        const r = await jux(
          ["inspect", "reports/gotestsum/*.xml", "reports/malformed/enricomi-non-xml.xml"],
          {
            cwd: dir,
          },
        );
        expect(r.code).toBe(2);
        const blocks = r.stdout.trimEnd().split("\n\n");
        expect(blocks.map((b) => b.split(":")[0])).toEqual(
          readdirSync(join(JUNIT, "gotestsum"))
            .sort()
            .map((n) => `reports/gotestsum/${n}`),
        );
        expect(r.stderr).toBe(
          "error: reports/malformed/enricomi-non-xml.xml:1:1: text is not allowed before the document element\n",
        );
        const j = JSON.parse(
          (
            await jux(
              ["inspect", "--json", "-i", "reports/malformed/enricomi-non-xml.xml", "reports/gotestsum"],
              { cwd: dir },
            )
          ).stdout,
        );
        expect(j[0]).toEqual({
          file: "reports/malformed/enricomi-non-xml.xml",
          error: expect.stringMatching(/:1:1: text/),
        });
        expect(j.slice(1).every((d: { tests: number }) => typeof d.tests === "number")).toBe(true);
      });

      test("a quoted pattern is expanded by jux: **, {a,b}, names starting with a dot left out; no match says so", async () => {
        const dir = workspace("apache-maven-surefire", "gotestsum");
        cpSync(REPORT, join(dir, "reports", "gotestsum", ".hidden.xml"));
        const r = await jux(
          ["inspect", "reports/**/TEST-{AntUnit,org.acme.FlakyTest}.xml", "reports/**/.*.xml", "--json"],
          {
            cwd: dir,
          },
        );
        expect(r.code).toBe(0);
        expect((JSON.parse(r.stdout) as { file: string }[]).map((d) => d.file)).toEqual([
          "reports/apache-maven-surefire/TEST-AntUnit.xml",
          "reports/apache-maven-surefire/TEST-org.acme.FlakyTest.xml",
          "reports/gotestsum/.hidden.xml",
        ]);
        const none = await jux(["verify", "reports/**/*.junit", "--cert", CERT], { cwd: dir });
        expect(none.code).toBe(1);
        expect(none.stderr).toBe(
          `error: reports/**/*.junit: no file matches this pattern (relative to ${dir}); check the pattern and the current directory\n` +
            "0 of 1 reports valid\n",
        );
      });
    });

    describe("sign several", () => {
      test("a quoted pattern: the copies keep their paths under its fixed part; xmlsec1 agrees", async () => {
        const dir = workspace("apache-maven-surefire", "gotestsum");
        const r = await jux(["sign", "reports/**/TEST-*.xml", "-o", "out", "--key", KEY, "--cert", CERT], {
          cwd: dir,
        });
        expect(r).toMatchObject({ code: 0, stderr: "" });
        const expected = readdirSync(join(JUNIT, "apache-maven-surefire"))
          .filter((n) => n.startsWith("TEST-"))
          .map((n) => `apache-maven-surefire/${n}`);
        expect(Object.keys(digests(join(dir, "out"))).sort()).toEqual(expected.sort());
        expect(xmlsec1Verify(join(dir, "out", expected[0]!), CERT).output).toMatch(/^OK$/m);
      });

      test("needs -o DIR; a copy that would replace an input is refused for that report, the others signed", async () => {
        const dir = workspace("gotestsum");
        const before = digests(join(dir, "reports"));
        const noOut = await jux(["sign", "reports/gotestsum", "--key", KEY], { cwd: dir });
        expect(noOut.code).toBe(2);
        expect(noOut.stderr).toMatch(/^error: jux sign: several reports need -o DIR: /);
        const inPlace = await jux(
          ["sign", "reports/gotestsum", "-o", "reports/gotestsum", "--key", KEY, "--json"],
          {
            cwd: dir,
          },
        );
        expect(inPlace.code).toBe(1);
        const rows = JSON.parse(inPlace.stdout) as { input: string; error: string }[];
        expect(rows.length).toBe(Object.keys(before).length);
        for (const row of rows)
          expect(row.error).toBe(
            `${row.input}: its signed copy ${row.input} would replace an input file; choose an -o directory outside the reports (nothing is modified in place)`,
          );
        // A file beside them: signed into the same folder; the originals stay as they were.
        cpSync(REPORT, join(dir, "extra.xml"));
        const mixed = await jux(
          ["sign", "extra.xml", "reports/gotestsum/*.xml", "-o", "reports/gotestsum", "--key", KEY],
          {
            cwd: dir,
          },
        );
        expect(mixed.code).toBe(2);
        expect(mixed.stdout).toMatch(/^signed reports\/gotestsum\/extra\.xml: /);
        expect(digests(join(dir, "reports", "gotestsum"))).toMatchObject(
          Object.fromEntries(Object.entries(before).map(([k, v]) => [k.replace(/^gotestsum\//, ""), v])),
        );
        expect(allFiles(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      });

      test("-o FILE stays for one report; -o DIR/ takes one too; -o FILE for several is refused; a missing one is named", async () => {
        const dir = tempDir("jux-files-");
        cpSync(REPORT, join(dir, "r.xml"));
        expect((await jux(["sign", "r.xml", "-o", "s.xml", "--key", KEY], { cwd: dir })).code).toBe(0);
        const intoDir = await jux(["sign", "r.xml", "-o", "out/", "--key", KEY, "--json"], { cwd: dir });
        expect(intoDir.code).toBe(0);
        expect(JSON.parse(intoDir.stdout)).toMatchObject({ output: "out/r.xml" });
        expect(statSync(join(dir, "out", "r.xml")).isFile()).toBe(true);
        const several = await jux(["sign", "r.xml", "s.xml", "-o", "s.xml", "--key", KEY], { cwd: dir });
        expect(several.code).toBe(2);
        expect(several.stderr).toMatch(/-o s\.xml is a file, but several reports need a directory/);
        expect(existsSync(join(dir, "out", "s.xml"))).toBe(false);
        const missing = await jux(["sign", "r.xml", "gone.xml", "-o", "two", "--key", KEY], { cwd: dir });
        expect(missing.code).toBe(2);
        expect(missing.stdout).toMatch(/^signed two\/r\.xml: /);
        expect(lines(missing.stderr)).toEqual([
          `error: cannot read gone.xml: no such file or directory (ENOENT); check the name and the current directory (${dir})`,
          "signed 1 of 2 reports",
        ]);
      });
    });

    describe("standard input", () => {
      test("no file, or '-', still reads one report from standard input", async () => {
        const stdin = readFileSync(REPORT);
        const signed = await jux(["sign", "--key", KEY, "--cert", CERT], { stdin });
        expect(signed.code).toBe(0);
        const bytes = Buffer.from(signed.stdout, "utf8");
        for (const operand of [[], ["-"]]) {
          const v = await jux(["verify", ...operand, "--cert", CERT], { stdin: bytes });
          expect(v).toMatchObject({
            code: 0,
            stdout: expect.stringMatching(/^valid: <stdin> is signed by CN=pytest-jux/),
          });
          const i = await jux(["inspect", ...operand, "--json"], { stdin: bytes });
          expect(JSON.parse(i.stdout)).toMatchObject({ file: "<stdin>", signed: true });
        }
      });
    });
  },
);

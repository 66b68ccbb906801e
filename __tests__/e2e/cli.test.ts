import { afterAll, describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { JUNIT, XMLDSIG } from "../helpers/fixtures.js";
import { xmlsec1Verify } from "../helpers/oracles.js";
import { withShared } from "../helpers/shared.js";

/** The committed bundle, run as users run it. */
const CLI = resolve("dist/cli/index.js");
const dir = mkdtempSync(join(tmpdir(), "jux-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REPORT = join(JUNIT, "jenkins-junit-plugin", "junit-report-with-properties.xml");

function jux(
  args: string[],
  options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; program?: string } = {},
) {
  const r = spawnSync(process.execPath, [options.program ?? CLI, ...args], {
    cwd: dir,
    input: options.input ?? "",
    env: { PATH: process.env.PATH, HOME: dir, ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: r.status,
    stdout: r.stdout.toString("utf8"),
    stderr: r.stderr.toString("utf8"),
    raw: r.stdout,
  };
}

describe("jux (the committed bundle)", () => {
  it("prints help and version, and refuses unknown commands with status 2", () => {
    expect(jux(["--help"])).toMatchObject({ status: 0 });
    expect(jux(["--help"]).stdout).toMatch(/keygen[\s\S]*sign[\s\S]*verify[\s\S]*inspect/);
    const version = JSON.parse(readFileSync("package.json", "utf8")).version as string;
    expect(jux(["--version"]).stdout.trim()).toBe(`jux ${version}`);
    const unknown = jux(["frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    for (const command of ["sign", "verify", "inspect", "keygen"]) {
      const help = jux([command, "--help"]);
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`Usage: jux ${command}`));
    }
  });

  withShared(
    ["fixtures/junit", "fixtures/xmldsig"],
    "jux sign, verify and inspect on reports of the JUnit corpus with the fixture keys",
    () => {
      it("keygen, sign, verify and inspect a real report end to end; xmlsec1 agrees", () => {
        for (const [type, extra] of [
          ["rsa", ["--bits", "3072"]],
          ["ecdsa", ["--curve", "P-384"]],
        ] as const) {
          const keyPath = join(dir, `${type}.pem`);
          const gen = jux([
            "keygen",
            "--type",
            type,
            ...extra,
            "--output",
            keyPath,
            "--cert",
            "--subject",
            "ci-signer",
          ]);
          expect(gen.status).toBe(0);
          expect(gen.stdout).not.toMatch(/PRIVATE KEY/);
          expect(statSync(keyPath).mode & 0o777).toBe(0o600);
          const certPath = join(dir, `${type}.crt`);
          expect(existsSync(certPath)).toBe(true);

          const signedPath = join(dir, `signed-${type}.xml`);
          const signed = jux(
            ["sign", "-i", REPORT, "-o", signedPath, "--key", keyPath, "--cert", certPath, "-p", "team=qa"],
            {
              env: {
                GITHUB_ACTIONS: "true",
                GITHUB_REPOSITORY: "octo/widgets",
                GITHUB_RUN_ID: "42",
                GITHUB_SHA: "abc123",
              },
            },
          );
          expect(signed.stderr).toBe("");
          expect(signed.status).toBe(0);
          expect(signed.stdout).toMatch(/^signed .*: \d+ tests .* sha256:[0-9a-f]{64}/);
          expect(xmlsec1Verify(signedPath, certPath).output).toMatch(/^OK$/m);

          const verified = jux(["verify", "-i", signedPath, "--cert", certPath, "--json"]);
          expect(verified.status).toBe(0);
          const verdict = JSON.parse(verified.stdout);
          expect(verdict).toMatchObject({ valid: true, signer: expect.stringMatching(/^CN=ci-signer/) });

          const inspected = JSON.parse(jux(["inspect", "-i", signedPath, "--json"]).stdout);
          expect(inspected).toMatchObject({
            signed: true,
            canonical_hash: verdict.canonical_hash,
            signature: { intact: true },
          });
          const props = Object.fromEntries(
            inspected.properties.map((p: { name: string; value: string }) => [p.name, p.value]),
          );
          expect(props).toMatchObject({
            project: "widgets",
            "ci:provider": "github",
            "ci:build_id": "42",
            "git:commit": "abc123",
            team: "qa",
          });
          for (const key of ["tests", "failures", "errors", "skipped", "passed"])
            expect(typeof inspected[key]).toBe("number");
        }
      });

      it("reads standard input and writes standard output; the upstream alias names work", () => {
        const input = readFileSync(join(XMLDSIG, "junit.xml"));
        const signed = jux(["sign", "--key", join(XMLDSIG, "rsa.pem"), "--no-metadata"], { input });
        expect(signed.status).toBe(0);
        expect(signed.stderr).toMatch(/^signed <stdout>/);
        expect(signed.raw.subarray(0, input.length - "</testsuites>".length)).toEqual(
          input.subarray(0, input.length - "</testsuites>".length),
        );
        const alias = join(dir, "jux-verify");
        symlinkSync(CLI, alias);
        const verified = jux(["--cert", join(XMLDSIG, "rsa.crt")], { input: signed.raw, program: alias });
        expect(verified).toMatchObject({ status: 0 });
        expect(verified.stdout).toMatch(/^valid: <stdin> is signed by CN=pytest-jux/);
      });

      it("verify exits 1 with a reason for invalid reports, and --json says why", () => {
        const pretty = join(XMLDSIG, "signed-rsa-cert-pretty.xml");
        const r = jux(["verify", "-i", pretty, "--cert", join(XMLDSIG, "rsa.crt")]);
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(
          /^invalid: .*signed-rsa-cert-pretty.xml: the report was modified after it was signed/,
        );
        const j = jux([
          "verify",
          "-i",
          join(XMLDSIG, "junit.xml"),
          "--cert",
          join(XMLDSIG, "rsa.crt"),
          "--json",
        ]);
        expect(j.status).toBe(1);
        expect(JSON.parse(j.stdout)).toMatchObject({
          valid: false,
          error: expect.stringMatching(/not signed/),
        });
        const broken = jux([
          "verify",
          "-i",
          join(JUNIT, "malformed", "mikepenz-surefire-truncated-TEST-test.CorruptTest.xml"),
          "--cert",
          join(XMLDSIG, "rsa.crt"),
          "--json",
        ]);
        expect(JSON.parse(broken.stdout).error).toMatch(/CorruptTest.xml:18:\d+: unexpected end of file/);
      });

      it("gives one clear line, no stack trace, for bad input; JUX_DEBUG=1 shows the stack", () => {
        const badKey = join(dir, "bad.pem");
        writeFileSync(badKey, "not a key");
        const r = jux(["sign", "-i", REPORT, "-o", join(dir, "o.xml"), "--key", badKey]);
        expect(r.status).toBe(1);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
        expect(r.stderr).toMatch(/^error: .*bad.pem/);
        const notJunit = jux([
          "sign",
          "-i",
          join(JUNIT, "non-junit", "nunit3-test-run.xml"),
          "-o",
          join(dir, "o.xml"),
          "--key",
          join(XMLDSIG, "rsa.pem"),
        ]);
        expect(notJunit.stderr).toMatch(
          /^error: .*nunit3-test-run.xml: not a JUnit report: the root element is <test-run>/,
        );
        expect(existsSync(join(dir, "o.xml"))).toBe(false);
        const debug = jux(["sign", "-i", "missing.xml", "--key", join(XMLDSIG, "rsa.pem")], {
          env: { JUX_DEBUG: "1" },
        });
        expect(debug.stderr).toMatch(/cannot read missing.xml[\s\S]*\n\s+at /);
        expect(jux(["sign", "--bogus"]).status).toBe(2);
        expect(jux(["verify", "-i", REPORT]).stderr).toMatch(/--cert is required/);
      });

      it("never modifies the input in place, and leaves no partial output when signing fails", () => {
        const copy = join(dir, "in-place.xml");
        copyFileSync(REPORT, copy);
        const r = jux(["sign", "-i", copy, "-o", copy, "--key", join(XMLDSIG, "rsa.pem")]);
        expect(r.status).toBe(2);
        expect(readFileSync(copy)).toEqual(readFileSync(REPORT));
        const out = join(dir, "partial.xml");
        const failed = jux([
          "sign",
          "-i",
          join(JUNIT, "malformed", "mikepenz-surefire-truncated-TEST-test.CorruptTest.xml"),
          "-o",
          out,
          "--key",
          join(XMLDSIG, "rsa.pem"),
        ]);
        expect(failed.status).toBe(1);
        expect(existsSync(out)).toBe(false);
        expect(spawnSync("ls", ["-A", dir]).stdout.toString()).not.toMatch(/\.tmp/);
      });

      it("reads an encrypted key with --passphrase-env and never prints the passphrase", () => {
        const keyPath = join(dir, "enc.pem");
        const passphrase = "correct horse battery staple";
        const gen = spawnSync("openssl", [
          "genpkey",
          "-algorithm",
          "EC",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-aes256",
          "-pass",
          `pass:${passphrase}`,
          "-out",
          keyPath,
        ]);
        expect(gen.status).toBe(0);
        const ok = jux(
          [
            "sign",
            "-i",
            REPORT,
            "-o",
            join(dir, "enc.xml"),
            "--key",
            keyPath,
            "--passphrase-env",
            "KEY_PASS",
          ],
          { env: { KEY_PASS: passphrase } },
        );
        expect(ok.status).toBe(0);
        const wrong = jux(
          [
            "sign",
            "-i",
            REPORT,
            "-o",
            join(dir, "enc2.xml"),
            "--key",
            keyPath,
            "--passphrase-env",
            "KEY_PASS",
          ],
          { env: { KEY_PASS: "nope" } },
        );
        expect(wrong.status).toBe(1);
        expect(wrong.stderr).toMatch(/passphrase/);
        for (const r of [ok, wrong]) expect(r.stdout + r.stderr).not.toContain(passphrase);
        expect(wrong.stdout + wrong.stderr).not.toContain("nope");
      });
    },
  );
});

withShared(["fixtures/junit", "fixtures/xmldsig"], "--max-size on a report of the JUnit corpus", () => {
  describe("--max-size", () => {
    it("refuses larger reports with the limit named, and rejects sizes it cannot read", () => {
      const small = jux(["inspect", "-i", REPORT, "--max-size", "0.5KB"]);
      expect(small.status).toBe(1);
      expect(small.stderr).toMatch(/the file is larger than the 500-byte limit/);
      expect(jux(["inspect", "-i", REPORT, "--max-size", "2MiB"]).status).toBe(0);
      const bad = jux(["sign", "-i", REPORT, "--key", join(XMLDSIG, "rsa.pem"), "--max-size", "lots"]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--max-size: "lots" is not a size/);
    });
  });
});

/**
 * Issue 14, redaction: `redact` patterns and the built-in list of secret-looking variables act before signing,
 * so the secret is nowhere in the signed bytes and the signature still verifies with xmlsec1 (the reference
 * implementation). Through the committed bundles: dist/cli, and the action's (dist/main, dist/post) with its
 * redact input in the runner emulation.
 */
import { afterAll, beforeEach, describe, expect, it, jest } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { JUNIT, XMLDSIG } from "../helpers/fixtures.js";
import { xmlsec1Verify } from "../helpers/oracles.js";
import { withShared } from "../helpers/shared.js";
import { e2e, expectSuccess, key, run, service } from "../helpers/action-env.js";
import { tempDir } from "../helpers/serve.js";

withShared(["fixtures/junit", "fixtures/xmldsig"], "redaction before signing (the fixture keys)", () => {
  const CLI = resolve("dist/cli/index.js");
  const REPORT = join(JUNIT, "jenkins-junit-plugin", "junit-report-with-properties.xml");
  const CERT = join(XMLDSIG, "rsa.crt");
  const TOKEN = "ghs_S3cr3tV4lu3ThatMustNeverBeSigned";
  const DEPLOY_TOKEN = "dpl-0123456789-deploy-secret";

  const top = mkdtempSync(join(tmpdir(), "jux-store-redact-"));
  afterAll(() => rmSync(top, { recursive: true, force: true }));
  let project: string;
  let home: string;
  let n = 0;

  beforeEach(() => {
    const root = join(top, String(n++));
    project = join(root, "repo");
    home = join(root, "home");
    mkdirSync(join(project, ".git"), { recursive: true });
    mkdirSync(home, { recursive: true });
    copyFileSync(join(XMLDSIG, "rsa.pem"), join(project, "key.pem"));
    copyFileSync(REPORT, join(project, "r.xml"));
  });

  function conf(lines: string[]): void {
    writeFileSync(join(project, ".jux.conf"), ["[jux]", "key_path = key.pem", ...lines, ""].join("\n"));
  }

  function jux(args: string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd: project,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: join(home, ".config"),
        JUX_SYSTEM_CONFIG: join(home, "no-system-config"),
        GITHUB_ACTIONS: "true",
        GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
        GITHUB_TOKEN: TOKEN,
        ACTIONS_RUNTIME_TOKEN: TOKEN,
        DEPLOY_TOKEN,
        DEPLOY_ENV: "staging",
        ...env,
      },
    });
    return { status: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
  }

  function properties(file: string): Record<string, string> {
    const r = jux(["inspect", "-i", file, "--json"]);
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout).properties as { name: string; value: string }[];
    return Object.fromEntries(list.map((p) => [p.name, p.value]));
  }

  /** Signed, verified by xmlsec1, and holding none of the secrets anywhere in its bytes. */
  function signedClean(file: string): Record<string, string> {
    const bytes = readFileSync(join(project, file));
    for (const secret of [TOKEN, DEPLOY_TOKEN]) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    const oracle = xmlsec1Verify(join(project, file), CERT);
    expect({ ok: oracle.ok, output: oracle.ok ? "" : oracle.output }).toEqual({ ok: true, output: "" });
    return properties(file);
  }

  describe("the built-in list", () => {
    it("record_env = *TOKEN*, DEPLOY_*: the secret-looking variables are left out, the others recorded", () => {
      conf(["record_env = *TOKEN*, DEPLOY_*"]);
      const r = jux(["sign", "-i", "r.xml", "-o", "s.xml"]);
      expect(r).toMatchObject({ status: 0, stderr: "" });
      const props = signedClean("s.xml");
      expect(props["env:DEPLOY_ENV"]).toBe("staging");
      expect(props["env:GITHUB_SHA"]).toBe("0123456789abcdef0123456789abcdef01234567");
      expect(Object.keys(props).filter((k) => /TOKEN/.test(k))).toEqual([]);
    });

    it("record_env = *: the variable holding the key's passphrase (--passphrase-env SIGNKEY_PW, any name) and ENV:-cased names are left out", () => {
      conf(["record_env = *"]);
      const pw = "hunter2-passphrase-value-77";
      const r = jux(
        [
          "sign",
          "-i",
          "r.xml",
          "-o",
          "s.xml",
          "--passphrase-env",
          "SIGNKEY_PW",
          "--property",
          `ENV:NPM_TOKEN=${TOKEN}`,
        ],
        { SIGNKEY_PW: pw, CI_JOB_JWT: "eyJ.jwt.value", DB_PASS: "db-pass-value" },
      );
      expect(r.status).toBe(0);
      const bytes = readFileSync(join(project, "s.xml"));
      for (const secret of [pw, "eyJ.jwt.value", "db-pass-value"])
        expect(bytes.includes(Buffer.from(secret))).toBe(false);
      const props = signedClean("s.xml");
      expect(props["env:DEPLOY_ENV"]).toBe("staging");
      expect(Object.keys(props).filter((k) => /SIGNKEY_PW|JWT|DB_PASS|NPM_TOKEN/i.test(k))).toEqual([]);
    });

    it("a property given by hand as env:GITHUB_TOKEN (--property, or properties) is left out too", () => {
      conf([`properties = env:ACTIONS_RUNTIME_TOKEN=${TOKEN}`]);
      const r = jux(["sign", "-i", "r.xml", "-o", "s.xml", "--property", `env:GITHUB_TOKEN=${TOKEN}`]);
      expect(r.status).toBe(0);
      const props = signedClean("s.xml");
      expect(props["env:GITHUB_TOKEN"]).toBeUndefined();
      expect(props["env:ACTIONS_RUNTIME_TOKEN"]).toBeUndefined();
    });
  });

  describe("redact", () => {
    it("from the file: removes by default, =mask keeps the name with ***; the signature verifies", () => {
      conf([
        "record_env = DEPLOY_*",
        "redact = env:DEPLOY_*, jux:username, jux:hostname=mask",
        `properties = team=qa, ticket_secret=${DEPLOY_TOKEN}`,
      ]);
      const r = jux(["sign", "-i", "r.xml", "-o", "s.xml"], { JUX_REDACT: "" });
      expect(r).toMatchObject({ status: 0, stderr: "" });
      // ticket_secret is not env:*: only redact removes it, here through JUX_REDACT over the file.
      const withEnv = jux(["sign", "-i", "r.xml", "-o", "s2.xml"], {
        JUX_REDACT: "ticket_*, env:DEPLOY_*, jux:username, jux:hostname=mask",
      });
      expect(withEnv.status).toBe(0);
      const props = signedClean("s2.xml");
      expect(props["env:DEPLOY_ENV"]).toBeUndefined();
      expect(props["jux:username"]).toBeUndefined();
      expect(props["jux:hostname"]).toBe("***");
      expect(props["ticket_secret"]).toBeUndefined();
      expect(props.team).toBe("qa");
      expect(props["git:commit"] ?? props["env:GITHUB_SHA"]).toBeDefined();
      // Without the environment's patterns the file's apply: the ticket is kept (it is not env:*).
      expect(properties("s.xml")["ticket_secret"]).toBe(DEPLOY_TOKEN);
      expect(properties("s.xml")["jux:hostname"]).toBe("***");
    });

    it("properties the report itself holds that redact or the secret list name: signed as they are, and a warning names them (never their values)", () => {
      conf(["redact = ticket_*"]);
      writeFileSync(
        join(project, "own.xml"),
        `<testsuite name="s" tests="1"><properties><property name="env:GH_TOKEN" value="${TOKEN}"/>` +
          `<property name="ticket_secret" value="${DEPLOY_TOKEN}"/><property name="team" value="qa"/></properties>` +
          `<testcase classname="c" name="t"/></testsuite>\n`,
      );
      const r = jux(["sign", "-i", "own.xml", "-o", "own.signed.xml"]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(
        "warning: own.xml: its own properties env:GH_TOKEN, ticket_secret match redact or the built-in secret list and are signed as the report holds them (jux never rewrites a report's content): remove them where the report is written (e.g. the test runner's metadata plugin)\n",
      );
      expect(r.stderr).not.toContain(TOKEN);
      expect(r.stdout + r.stderr).not.toContain(DEPLOY_TOKEN);
      // A report without such properties: no warning.
      const clean = jux(["sign", "-i", "r.xml", "-o", "s.xml"]);
      expect(clean).toMatchObject({ status: 0, stderr: "" });
    });

    it("a bad pattern is refused before anything is signed, naming the file, the line and the option", () => {
      conf(["redact = env:*=hide"]);
      const r = jux(["sign", "-i", "r.xml", "-o", "s.xml"]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${join(project, ".jux.conf")}:3: redact: expected glob patterns`);
    });
  });

  describe("the action's redact input", () => {
    jest.setTimeout(300_000);
    e2e();

    it("removes and masks before signing: the value is in no signed byte, xmlsec1 verifies the artifact", async () => {
      const r = await run(service, {
        job: { runId: 4242 },
        inputs: {
          report_paths: "r.xml",
          storage_mode: "local",
          signing_key: key.privateKeyPem,
          signing_cert: key.certificatePem,
          properties: `ticket_secret=${DEPLOY_TOKEN}\nteam=qa`,
          redact: "ticket_*\njux:username\njux:hostname=mask\nenv:GITHUB_RUN_ID",
        },
        files: { "r.xml": readFileSync(REPORT) },
      });
      expectSuccess(r);
      const artifact = service.artifacts().find((a) => a.id === Number(r.outputs.artifact_id));
      const files = await service.artifactFiles(artifact!.id);
      const signed = files.get("r.xml")!;
      expect(signed.includes(Buffer.from(DEPLOY_TOKEN))).toBe(false);
      const text = signed.toString("utf8");
      expect(text).not.toContain('name="jux:username"');
      expect(text).not.toContain('name="env:GITHUB_RUN_ID"');
      expect(text).toContain('name="jux:hostname" value="***"');
      expect(text).toContain('name="team" value="qa"');
      const dir = tempDir("jux-redact-action-");
      writeFileSync(join(dir, "s.xml"), signed);
      writeFileSync(join(dir, "cert.pem"), key.certificatePem);
      const oracle = xmlsec1Verify(join(dir, "s.xml"), join(dir, "cert.pem"));
      expect({ ok: oracle.ok, output: oracle.ok ? "" : oracle.output }).toEqual({ ok: true, output: "" });
    });
  });
});

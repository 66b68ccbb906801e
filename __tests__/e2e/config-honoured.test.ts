/**
 * Every option `jux config list` shows has its effect on the commands it applies to, through the committed
 * bundle, with the documented precedence: flag > JUX_* > project file > user file > system file > default.
 */
import { afterAll, beforeEach, describe, expect, it } from "@jest/globals";
import { spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { JUNIT, XMLDSIG } from "../helpers/fixtures.js";
import { xmlsec1Verify } from "../helpers/oracles.js";
import { closeAll, startScriptedServer } from "../helpers/scripted-server.js";
import { withShared } from "../helpers/shared.js";

withShared(
  ["fixtures/junit", "fixtures/xmldsig"],
  "the configuration honoured by jux (signing with the fixture keys, reports of the JUnit corpus)",
  () => {
    const CLI = resolve("dist/cli/index.js");
    const REPORT = join(JUNIT, "jenkins-junit-plugin", "junit-report-with-properties.xml");
    const SUREFIRE = join(JUNIT, "apache-maven-surefire");
    const EXC_C14N = 'Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"';
    const C14N11 = 'Algorithm="http://www.w3.org/2006/12/xml-c14n11"';

    const top = mkdtempSync(join(tmpdir(), "jux-config-honoured-"));
    afterAll(async () => {
      await closeAll();
      rmSync(top, { recursive: true, force: true });
    });

    let root: string;
    let project: string;
    let home: string;
    let n = 0;

    beforeEach(() => {
      root = join(top, String(n++));
      project = join(root, "widgets-repo");
      home = join(root, "home");
      mkdirSync(join(project, ".git"), { recursive: true });
      mkdirSync(home, { recursive: true });
      copyFileSync(join(XMLDSIG, "rsa.pem"), join(project, "key.pem"));
      copyFileSync(join(XMLDSIG, "rsa.crt"), join(project, "key.crt"));
      copyFileSync(REPORT, join(project, "r.xml"));
    });

    function write(path: string, text: string): string {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text, { mode: 0o600 });
      return path;
    }

    const projectConf = (lines: string[]) =>
      write(join(project, ".jux.conf"), ["[jux]", ...lines, ""].join("\n"));
    const userConf = (lines: string[]) =>
      write(join(home, ".config", "jux", "config"), ["[jux]", ...lines, ""].join("\n"));
    const systemConf = (lines: string[]) =>
      write(join(root, "etc", "jux", "config"), ["[jux]", ...lines, ""].join("\n"));

    function jux(args: string[], env: NodeJS.ProcessEnv = {}, cwd = project) {
      const r = spawnSync(process.execPath, [CLI, ...args], {
        cwd,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          XDG_CONFIG_HOME: join(home, ".config"),
          JUX_SYSTEM_CONFIG: join(root, "etc", "jux", "config"),
          ...env,
        },
      });
      return { status: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
    }

    function props(file: string): Record<string, string> {
      const r = jux(["inspect", "-i", file, "--json"]);
      expect(r.status).toBe(0);
      const list = JSON.parse(r.stdout).properties as { name: string; value: string }[];
      return Object.fromEntries(list.map((p) => [p.name, p.value]));
    }

    const signed = (name = "s.xml") => readFileSync(join(project, name), "utf8");

    describe("key_path", () => {
      it("from .jux.conf (relative to the file) signs without --key; before, jux sign said --key is required", () => {
        projectConf(["key_path = key.pem"]);
        mkdirSync(join(project, "sub"));
        const r = jux(["sign", "-i", "../r.xml", "-o", "../s.xml"], {}, join(project, "sub"));
        expect(r).toMatchObject({ status: 0, stderr: "" });
        expect(jux(["verify", "-i", "s.xml", "--cert", join(XMLDSIG, "rsa.crt")]).status).toBe(0);
      });

      it("from JUX_KEY_PATH, and JUX_KEY_PATH beats the project file, --key beats both", () => {
        projectConf(["key_path = nowhere.pem"]);
        expect(jux(["sign", "-i", "r.xml", "-o", "s.xml"], { JUX_KEY_PATH: "key.pem" }).status).toBe(0);
        copyFileSync(join(XMLDSIG, "ecdsa.pem"), join(project, "ec.pem"));
        const r = jux(["sign", "-i", "r.xml", "-o", "s2.xml", "--key", "ec.pem", "--json"], {
          JUX_KEY_PATH: "key.pem",
        });
        expect(r.status).toBe(0);
        expect(signed("s2.xml")).toContain("ecdsa-sha256");
      });

      it("the project file beats the user file, which beats the system file", () => {
        copyFileSync(join(XMLDSIG, "ecdsa.pem"), join(root, "ec.pem"));
        systemConf([`key_path = ${join(root, "missing-system.pem")}`]);
        userConf([`key_path = ${join(root, "ec.pem")}`]);
        expect(jux(["sign", "-i", "r.xml", "-o", "u.xml"]).status).toBe(0);
        expect(signed("u.xml")).toContain("ecdsa-sha256");
        projectConf(["key_path = key.pem"]);
        expect(jux(["sign", "-i", "r.xml", "-o", "p.xml"]).status).toBe(0);
        expect(signed("p.xml")).toContain("rsa-sha256");
        rmSync(join(home, ".config"), { recursive: true });
        rmSync(join(project, ".jux.conf"));
        systemConf([`key_path = ${join(root, "ec.pem")}`]);
        expect(jux(["sign", "-i", "r.xml", "-o", "sys.xml"]).status).toBe(0);
        expect(signed("sys.xml")).toContain("ecdsa-sha256");
      });

      it("a configured key that is missing names the file, the line, the option and the fix (exit 1)", () => {
        projectConf(["c14n = c14n11", "key_path = missing.pem"]);
        const r = jux(["sign", "-i", "r.xml", "-o", "s.xml"]);
        expect(r.status).toBe(1);
        expect(r.stderr).toContain(
          `${join(project, ".jux.conf")}:3: key_path: cannot read ${join(project, "missing.pem")}`,
        );
        expect(r.stderr).toMatch(/fix key_path there, or give --key/);
        const env = jux(["sign", "-i", "r.xml", "-o", "s.xml"], { JUX_KEY_PATH: "gone.pem" });
        expect(env.stderr).toMatch(/JUX_KEY_PATH: key_path: cannot read .*gone\.pem/);
      });

      it("no key anywhere: the usage error says how to configure one (exit 2)", () => {
        const r = jux(["sign", "-i", "r.xml", "-o", "s.xml"]);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(
          /--key is required, or set key_path \(JUX_KEY_PATH, or key_path = KEY\.pem in \.jux\.conf/,
        );
      });
    });

    describe("cert_path", () => {
      it("jux sign embeds the configured certificate; without it, the public key value only", () => {
        projectConf(["key_path = key.pem"]);
        expect(jux(["sign", "-i", "r.xml", "-o", "bare.xml"]).status).toBe(0);
        expect(signed("bare.xml")).not.toContain("X509Certificate");
        projectConf(["key_path = key.pem", "cert_path = key.crt"]);
        expect(jux(["sign", "-i", "r.xml", "-o", "s.xml"]).status).toBe(0);
        const certBody = readFileSync(join(XMLDSIG, "rsa.crt"), "utf8").split("\n")[1]!;
        expect(signed()).toContain("X509Certificate");
        expect(signed().replace(/\s/g, "")).toContain(certBody.trim());
        expect(xmlsec1Verify(join(project, "s.xml"), join(project, "key.crt")).output).toMatch(/^OK$/m);
      });

      it("a cert_path that does not hold the key is refused, naming where it was set", () => {
        copyFileSync(join(XMLDSIG, "ecdsa.crt"), join(project, "other.crt"));
        projectConf(["key_path = key.pem", "cert_path = other.crt"]);
        const r = jux(["sign", "-i", "r.xml", "-o", "s.xml"]);
        expect(r.status).toBe(1);
        expect(r.stderr).toContain("cert_path, from");
        expect(r.stderr).toContain(".jux.conf:3");
      });

      it("jux verify trusts the configured cert_path (as pytest-jux's jux-verify reads JUX_CERT_PATH) and says so", () => {
        projectConf(["key_path = key.pem", "cert_path = key.crt"]);
        expect(jux(["sign", "-i", "r.xml", "-o", "s.xml"]).status).toBe(0);
        const ok = jux(["verify", "-i", "s.xml"]);
        expect(ok.status).toBe(0);
        expect(ok.stdout).toMatch(/^valid: s\.xml is signed by CN=pytest-jux/);
        expect(ok.stderr).toContain(
          `trusting ${join(project, "key.crt")} (cert_path, from ${join(project, ".jux.conf")}:3)`,
        );
        // The environment beats the project file: another certificate is not trusted.
        copyFileSync(join(XMLDSIG, "ecdsa.crt"), join(root, "other.crt"));
        const other = jux(["verify", "-i", "s.xml"], { JUX_CERT_PATH: join(root, "other.crt") });
        expect(other.status).toBe(1);
        expect(other.stderr).toMatch(/^invalid: /m);
        // --cert beats both.
        expect(
          jux(["verify", "-i", "s.xml", "--cert", join(XMLDSIG, "rsa.crt")], {
            JUX_CERT_PATH: join(root, "other.crt"),
          }).status,
        ).toBe(0);
      });

      it("jux inspect checks the signature against the configured cert_path", () => {
        projectConf(["key_path = key.pem", "cert_path = key.crt"]);
        expect(jux(["sign", "-i", "r.xml", "-o", "s.xml"]).status).toBe(0);
        const r = jux(["inspect", "-i", "s.xml", "--json"]);
        expect(JSON.parse(r.stdout).signature).toMatchObject({
          valid: true,
          signer: expect.stringMatching(/^CN=pytest-jux/),
        });
        rmSync(join(project, ".jux.conf"));
        expect(JSON.parse(jux(["inspect", "-i", "s.xml", "--json"]).stdout).signature.valid).toBeUndefined();
      });

      it("verify without --cert nor cert_path: the usage error names cert_path (exit 2)", () => {
        copyFileSync(join(XMLDSIG, "signed-rsa-cert-compact.xml"), join(project, "s.xml"));
        const r = jux(["verify", "-i", "s.xml"]);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(/--cert is required.*or set cert_path \(JUX_CERT_PATH/);
      });
    });

    describe("c14n", () => {
      it("exclusive from the configuration is the signature's canonicalization; --c14n beats it", () => {
        projectConf(["key_path = key.pem", "cert_path = key.crt", "c14n = exclusive"]);
        expect(jux(["sign", "-i", "r.xml", "-o", "s.xml"]).status).toBe(0);
        expect(signed()).toContain(EXC_C14N);
        expect(signed()).not.toContain(C14N11);
        expect(jux(["verify", "-i", "s.xml"]).status).toBe(0);
        expect(xmlsec1Verify(join(project, "s.xml"), join(project, "key.crt")).output).toMatch(/^OK$/m);
        expect(jux(["sign", "-i", "r.xml", "-o", "d.xml"], { JUX_C14N: "c14n11" }).status).toBe(0);
        expect(signed("d.xml")).toContain(C14N11);
        expect(jux(["sign", "-i", "r.xml", "-o", "f.xml", "--c14n", "c14n11"]).status).toBe(0);
        expect(signed("f.xml")).not.toContain(EXC_C14N);
      });
    });

    describe("project_name and properties", () => {
      it("the signed report carries the configured project and properties, not the folder name", () => {
        projectConf(["key_path = key.pem", "project_name = billing", "properties = team=qa, tier=gold"]);
        expect(jux(["sign", "-i", "r.xml", "-o", "s.xml"]).status).toBe(0);
        expect(props("s.xml")).toMatchObject({ project: "billing", team: "qa", tier: "gold" });
      });

      it("JUX_PROJECT_NAME / JUX_PROPERTIES beat the file; --project beats JUX_PROJECT_NAME; -p replaces one property", () => {
        projectConf(["key_path = key.pem", "project_name = billing", "properties = team=qa, tier=gold"]);
        const env = { JUX_PROJECT_NAME: "from-env", JUX_PROPERTIES: "team=ops" };
        expect(jux(["sign", "-i", "r.xml", "-o", "e.xml"], env).status).toBe(0);
        const e = props("e.xml");
        expect(e).toMatchObject({ project: "from-env", team: "ops" });
        expect(e.tier).toBeUndefined();
        expect(
          jux(["sign", "-i", "r.xml", "-o", "c.xml", "--project", "cli", "-p", "tier=silver"], env).status,
        ).toBe(0);
        expect(props("c.xml")).toMatchObject({ project: "cli", team: "ops", tier: "silver" });
      });

      it("a real Maven Surefire report gets the configured metadata too", () => {
        const file = readdirSync(SUREFIRE).find((f) => f.endsWith(".xml"))!;
        copyFileSync(join(SUREFIRE, file), join(project, "TEST-x.xml"));
        userConf([`key_path = ${join(project, "key.pem")}`, "project_name = team-default"]);
        projectConf(["properties = suite=surefire"]);
        const r = jux(["sign", "-i", "TEST-x.xml", "-o", "s.xml"]);
        expect(r.status).toBe(0);
        expect(props("s.xml")).toMatchObject({ project: "team-default", suite: "surefire" });
      });
    });

    describe("key_passphrase_env", () => {
      function encryptedKey(): void {
        const { privateKey } = generateKeyPairSync("rsa", {
          modulusLength: 2048,
          privateKeyEncoding: {
            type: "pkcs8",
            format: "pem",
            cipher: "aes-256-cbc",
            passphrase: "pass-W0rd-9x",
          },
          publicKeyEncoding: { type: "spki", format: "pem" },
        });
        writeFileSync(join(project, "enc.pem"), privateKey, { mode: 0o600 });
      }

      it("names the variable holding the passphrase; the passphrase never shows", () => {
        encryptedKey();
        projectConf(["key_path = enc.pem", "key_passphrase_env = MY_KEY_PASS"]);
        const r = jux(["sign", "-i", "r.xml", "-o", "s.xml"], { MY_KEY_PASS: "pass-W0rd-9x" });
        expect(r.status).toBe(0);
        expect(r.stdout + r.stderr).not.toContain("pass-W0rd-9x");
        expect(signed()).not.toContain("pass-W0rd-9x");
      });

      it("unset while the key is encrypted: an error naming the option, its source and the variable", () => {
        encryptedKey();
        projectConf(["key_path = enc.pem", "key_passphrase_env = MY_KEY_PASS"]);
        const r = jux(["sign", "-i", "r.xml", "-o", "s.xml"]);
        expect(r.status).toBe(1);
        expect(r.stderr).toContain(
          `${join(project, ".jux.conf")}:3: key_passphrase_env: the key is encrypted and names MY_KEY_PASS, which is not set`,
        );
        expect(existsSync(join(project, "s.xml"))).toBe(false);
      });

      it("a passphrase written in a file is refused, naming key_passphrase_env", () => {
        projectConf(["key_path = key.pem", "key_passphrase = hunter2-secret"]);
        const r = jux(["sign", "-i", "r.xml", "-o", "s.xml"]);
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/key_passphrase_env/);
        expect(r.stderr).not.toContain("hunter2-secret");
      });
    });

    describe("keygen with key_path and cert_path, then sign and verify with no flags (the first hour)", () => {
      it("writes where the configuration says, and the other commands find the files", () => {
        projectConf(["key_path = keys/ci.pem", "cert_path = keys/ci-cert.pem"]);
        mkdirSync(join(project, "keys"));
        const gen = jux(["keygen", "--cert", "--subject", "team-ci"]);
        expect(gen.status).toBe(0);
        expect(existsSync(join(project, "keys", "ci.pem"))).toBe(true);
        expect(existsSync(join(project, "keys", "ci-cert.pem"))).toBe(true);
        expect(jux(["sign", "-i", "r.xml", "-o", "s.xml"]).status).toBe(0);
        const v = jux(["verify", "-i", "s.xml"]);
        expect(v.status).toBe(0);
        expect(v.stdout).toMatch(/signed by CN=team-ci/);
      });
    });

    describe("storage_path", () => {
      it("jux cache and jux publish use the configured store", () => {
        projectConf(["key_path = key.pem", "storage_path = store"]);
        expect(jux(["sign", "-i", "r.xml", "-o", "s.xml"]).status).toBe(0);
        const pub = jux(["publish", "-f", "s.xml", "--storage-mode", "local", "--json"]);
        expect(pub.status).toBe(0);
        expect(readdirSync(join(project, "store", "reports"))).toHaveLength(1);
        const stats = jux(["cache", "stats", "--json"]);
        expect(stats.status).toBe(0);
        expect(JSON.parse(stats.stdout)).toMatchObject({ base: join(project, "store"), reports: 1 });
        const other = jux(["cache", "stats", "--json"], { JUX_STORAGE_PATH: join(root, "elsewhere") });
        expect(JSON.parse(other.stdout)).toMatchObject({ base: join(root, "elsewhere"), reports: 0 });
      });
    });

    /** As jux(), without blocking this process (whose scripted server must answer). */
    function juxAsync(
      args: string[],
      env: NodeJS.ProcessEnv = {},
    ): Promise<{ status: number | null; stdout: string; stderr: string }> {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: project,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          XDG_CONFIG_HOME: join(home, ".config"),
          JUX_SYSTEM_CONFIG: join(root, "etc", "jux", "config"),
          ...env,
        },
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (c: Buffer) => out.push(c));
      child.stderr.on("data", (c: Buffer) => err.push(c));
      return new Promise((done) =>
        child.on("close", (status) =>
          done({
            status,
            stdout: Buffer.concat(out).toString("utf8"),
            stderr: Buffer.concat(err).toString("utf8"),
          }),
        ),
      );
    }

    describe("api_url, bearer_token, api_key_header, api_max_retries, storage_mode, publish_concurrency", () => {
      const KEY = "cfg-K3y-0123456789abcdef";

      function signThree(): string[] {
        projectConf(["key_path = key.pem"]);
        return ["a", "b", "c"].map((name) => {
          copyFileSync(REPORT, join(project, `${name}.xml`));
          const r = jux(["sign", "-i", `${name}.xml`, "-o", `${name}-s.xml`, "-p", `n=${name}`]);
          expect(r.status).toBe(0);
          return `${name}-s.xml`;
        });
      }

      it("from the files: where it publishes, with which header, how many retries and how many at once", async () => {
        const files = signThree();
        const server = await startScriptedServer({
          status: 201,
          body: { test_run_id: "0b5f7c52-2b2d-4c43-9d5e-4f5a3e1c2b1a" },
          delayMs: 150,
        });
        userConf([`bearer_token = ${KEY}`, "api_key_header = X-API-Key"]);
        projectConf([
          `api_url = ${server.url}/api/v1`,
          "storage_mode = api",
          "api_max_retries = 0",
          "publish_concurrency = 1",
        ]);
        const one = await juxAsync(["publish", ...files.flatMap((f) => ["-f", f]), "--json"]);
        expect(one.status).toBe(0);
        expect(JSON.parse(one.stdout).mode).toBe("api");
        expect(server.requests).toHaveLength(3);
        expect(
          server.requests.every((r) => r.url === "/api/v1/junit/submit" && r.headers["x-api-key"] === KEY),
        ).toBe(true);
        expect(server.requests.some((r) => r.headers.authorization !== undefined)).toBe(false);
        expect(server.maxInFlight).toBe(1);
        expect(existsSync(join(home, ".local", "share", "jux"))).toBe(false);

        server.reset();
        const three = await juxAsync(["publish", ...files.flatMap((f) => ["-f", f]), "--json"], {
          JUX_PUBLISH_CONCURRENCY: "3",
        });
        expect(three.status).toBe(0);
        expect(server.maxInFlight).toBe(3);

        server.reset();
        server.fallback = { status: 503, body: { error: "busy" } };
        const failed = await juxAsync(["publish", "-f", files[0]!, "--json"]);
        expect(failed.status).toBe(1);
        expect(server.requests).toHaveLength(1);
        const retried = await juxAsync(["publish", "-f", files[0]!, "--json"], { JUX_API_MAX_RETRIES: "1" });
        expect(retried.status).toBe(1);
        expect(server.requests).toHaveLength(3);
      });
    });

    describe("jux config list says which commands read each option", () => {
      it("the table docs/configuration.md shows", () => {
        const r = jux(["config", "list", "--format", "json"]);
        expect(r.status).toBe(0);
        const usedBy = Object.fromEntries(
          (JSON.parse(r.stdout) as { name: string; used_by: string[] }[]).map((o) => [
            o.name,
            o.used_by.join(", "),
          ]),
        );
        const publishing = "jux publish, jux cache push";
        expect(usedBy).toEqual({
          enabled: "",
          sign: "",
          publish: "",
          storage_mode: publishing,
          storage_path: "jux publish, jux cache",
          key_path: "jux sign, jux keygen",
          cert_path: "jux sign, jux verify, jux inspect, jux keygen",
          api_url: publishing,
          bearer_token: publishing,
          api_key_header: publishing,
          api_timeout: publishing,
          api_max_retries: publishing,
          key_passphrase_env: "jux sign",
          c14n: "jux sign",
          project_name: "jux sign",
          properties: "jux sign",
          publish_concurrency: publishing,
          compress: "jux sign, jux publish, jux cache",
          max_size: "jux sign, jux publish, jux cache",
          max_reports: "jux sign, jux publish, jux cache",
          record_env: "jux sign",
          redact: "jux sign",
        });
        expect(jux(["config", "list"]).stdout).toMatch(
          /^enabled: .*\n.*\n {4}used by: no jux command \(pytest-jux's plugin reads it\)$/m,
        );
      });
    });
  },
);

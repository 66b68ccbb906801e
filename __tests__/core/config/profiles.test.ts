/**
 * Named profiles (profiles.ts, through loadConfig/checkConfig): [profile NAME] sections and
 * [tool.jux.profile.NAME] tables over the base, JUX_PROFILE / --profile, JUX_PROFILE_<NAME>_* variables, the
 * precedence between them, unknown profiles, and a profile's own store when its api_url differs.
 */
import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { checkConfig, loadConfig, type LoadOptions } from "../../../src/core/config/index.js";
import { serverTag } from "../../../src/core/github/names.js";

let root: string;
let home: string;
let xdg: string;
let project: string;
let systemFile: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "jux-profiles-"));
  home = join(root, "home");
  xdg = join(root, "xdg");
  project = join(root, "repo");
  systemFile = join(root, "etc", "jux", "config");
  mkdirSync(join(project, ".git"), { recursive: true });
  mkdirSync(home);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function options(extra: Partial<LoadOptions> = {}, env: NodeJS.ProcessEnv = {}): LoadOptions {
  return {
    env: { XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: join(root, "data"), ...env },
    cwd: project,
    homedir: home,
    platform: "linux",
    systemFile,
    ...extra,
  };
}

const userFile = () => join(xdg, "jux", "config");
const projectFile = () => join(project, ".jux.conf");

const PROJECT = `[jux]
api_url = https://prod.example/api/v1
api_timeout = 10

[profile staging]
api_url = https://staging.example/api/v1

[profile ci-fast]
api_timeout = 2
`;

describe("choosing a profile", () => {
  test("without one, the base applies and the profile sections are not read as options", async () => {
    write(projectFile(), PROJECT);
    const check = await checkConfig(options());
    expect(check.warnings).toEqual([]);
    expect(check.loaded?.config.apiUrl).toBe("https://prod.example/api/v1");
    expect(check.loaded?.profile).toBeUndefined();
    expect(check.profiles.map((p) => [p.name, p.where])).toEqual([
      ["staging", `${projectFile()}:5`],
      ["ci-fast", `${projectFile()}:8`],
    ]);
  });

  test("--profile: the profile's values over the base, the rest from the base; origins name the profile", async () => {
    write(projectFile(), PROJECT);
    const { config, origins, profile } = await loadConfig(options({ profile: "staging" }));
    expect(profile).toBe("staging");
    expect(config.apiUrl).toBe("https://staging.example/api/v1");
    expect(config.apiTimeoutSeconds).toBe(10);
    expect(origins.apiUrl).toEqual({ kind: "project", where: `${projectFile()}:6`, profile: "staging" });
    expect(origins.apiTimeoutSeconds).toEqual({ kind: "project", where: `${projectFile()}:3` });
  });

  test("JUX_PROFILE chooses one when --profile is not given; --profile wins over it", async () => {
    write(projectFile(), PROJECT);
    const byEnv = await loadConfig(options({}, { JUX_PROFILE: "ci-fast" }));
    expect(byEnv.config.apiTimeoutSeconds).toBe(2);
    const both = await loadConfig(options({ profile: "staging" }, { JUX_PROFILE: "ci-fast" }));
    expect(both.profile).toBe("staging");
    expect(both.config.apiTimeoutSeconds).toBe(10);
  });

  test("an unknown profile is a problem naming the ones that exist and where", async () => {
    write(projectFile(), PROJECT);
    const check = await checkConfig(options({ profile: "stagin" }));
    expect(check.loaded).toBeUndefined();
    expect(check.problems).toEqual([
      `--profile: profile "stagin" is not defined: the profiles defined are staging (${projectFile()}:5), ci-fast (${projectFile()}:8)`,
    ]);
    write(projectFile(), "[jux]\n");
    const none = await checkConfig(options({}, { JUX_PROFILE: "x" }));
    expect(none.problems[0]).toMatch(
      /^JUX_PROFILE: profile "x" is not defined: no configuration file defines a profile/,
    );
  });

  test("a name no profile can have (--profile or JUX_PROFILE) says so, not that it is undefined", async () => {
    write(projectFile(), PROJECT);
    const flag = await checkConfig(options({ profile: "bad name!" }));
    expect(flag.problems).toEqual([
      `--profile: "bad name!" is not a valid profile name (letters, digits, - and _, at most 64, starting with a letter or digit): jux config list --profiles lists the profiles defined`,
    ]);
    const env = await checkConfig(options({}, { JUX_PROFILE: "a.b" }));
    expect(env.problems[0]).toMatch(/^JUX_PROFILE: "a\.b" is not a valid profile name \(/);
  });

  test("a section name that cannot be a profile's is a problem", async () => {
    write(projectFile(), "[jux]\n[profile a.b]\napi_timeout = 1\n");
    const check = await checkConfig(options());
    expect(check.problems).toEqual([
      `${projectFile()}:2: [profile a.b]: "a.b" cannot name a profile (letters, digits, - and _, starting with a letter or digit)`,
    ]);
  });

  test("an option set twice in one profile is a problem; the same option in base and profile is not", async () => {
    write(projectFile(), "[jux]\napi_timeout = 1\n[profile p]\napi_timeout = 2\napi_timeout = 3\n");
    const check = await checkConfig(options({ profile: "p" }));
    expect(check.problems).toEqual([
      `${projectFile()}:5: api_timeout is set twice in [profile p] (also at line 4)`,
    ]);
  });

  test("a profile's values are checked like the base's, naming the file and line", async () => {
    write(projectFile(), "[jux]\n[profile p]\napi_timeout = soon\n");
    await expect(loadConfig(options({ profile: "p" }))).rejects.toThrow(
      `${projectFile()}:3: api_timeout: expected a number of seconds, got "soon"`,
    );
  });
});

describe("precedence", () => {
  test("a user-file profile beats the project's base; the project's profile beats the user's profile", async () => {
    write(projectFile(), "[jux]\napi_timeout = 10\nproject_name = base\n[profile p]\napi_max_retries = 7\n");
    write(userFile(), "[jux]\napi_max_retries = 1\n[profile p]\napi_timeout = 20\napi_max_retries = 5\n");
    const { config, origins } = await loadConfig(options({ profile: "p" }));
    expect(config.apiTimeoutSeconds).toBe(20);
    expect(origins.apiTimeoutSeconds).toMatchObject({ kind: "user", profile: "p" });
    expect(config.apiMaxRetries).toBe(7);
    expect(config.projectName).toBe("base");
  });

  test("JUX_* beats a profile section; JUX_PROFILE_<NAME>_* beats JUX_*; the command line beats both", async () => {
    write(projectFile(), "[jux]\n[profile ci-fast]\napi_timeout = 2\napi_max_retries = 1\n");
    const env = { JUX_API_TIMEOUT: "5", JUX_API_MAX_RETRIES: "4", JUX_PROFILE_CI_FAST_API_MAX_RETRIES: "9" };
    const { config, origins } = await loadConfig(options({ profile: "ci-fast" }, env));
    expect(config.apiTimeoutSeconds).toBe(5);
    expect(config.apiMaxRetries).toBe(9);
    expect(origins.apiMaxRetries).toEqual({
      kind: "env",
      where: "JUX_PROFILE_CI_FAST_API_MAX_RETRIES",
      profile: "ci-fast",
    });
    const cli = await loadConfig(options({ profile: "ci-fast", cli: { api_max_retries: "0" } }, env));
    expect(cli.config.apiMaxRetries).toBe(0);
  });

  test("JUX_PROFILE_STAGING_API_KEY gives the staging profile its key; other profiles do not see it", async () => {
    write(projectFile(), PROJECT);
    const env = { JUX_PROFILE_STAGING_API_KEY: "staging-key-0123456789", JUX_API_KEY: "prod-key-0123456789" };
    expect((await loadConfig(options({ profile: "staging" }, env))).config.apiKey).toBe(
      "staging-key-0123456789",
    );
    expect((await loadConfig(options({ profile: "ci-fast" }, env))).config.apiKey).toBe(
      "prod-key-0123456789",
    );
    expect((await loadConfig(options({}, env))).config.apiKey).toBe("prod-key-0123456789");
  });
});

describe("pyproject.toml and the system file", () => {
  test("[tool.jux.profile.NAME] tables, with their lines", async () => {
    write(
      join(project, "pyproject.toml"),
      '[tool.jux]\napi_timeout = 10\n\n[tool.jux.profile.staging]\napi_url = "https://staging.example/api/v1"\n',
    );
    const check = await checkConfig(options({ profile: "staging" }));
    expect(check.warnings).toEqual([]);
    expect(check.loaded?.config.apiUrl).toBe("https://staging.example/api/v1");
    expect(check.loaded?.origins.apiUrl.where).toBe(`${join(project, "pyproject.toml")}:5`);
    expect(check.profiles).toEqual([{ name: "staging", where: `${join(project, "pyproject.toml")}:4` }]);
  });

  test("a profile defined in the system file only", async () => {
    write(systemFile, "[jux]\n[profile shared]\nc14n = exclusive\n");
    const { config } = await loadConfig(options({ profile: "shared" }));
    expect(config.c14n).toBe("exclusive");
  });
});

describe("a profile's store", () => {
  const data = () => join(root, "data", "jux");

  test("api_url differing from the base's: <default store>/servers/<server tag>", async () => {
    write(projectFile(), PROJECT);
    const { config, origins } = await loadConfig(options({ profile: "staging" }));
    expect(config.storagePath).toBe(join(data(), "servers", serverTag("https://staging.example/api/v1")));
    expect(origins.storagePath.kind).toBe("default");
    expect(origins.storagePath.where).toMatch(/^default for profile staging: its api_url differs/);
  });

  test("the same api_url as the base's, or no profile: the default store", async () => {
    write(projectFile(), PROJECT);
    expect((await loadConfig(options({ profile: "ci-fast" }))).config.storagePath).toBeUndefined();
    expect((await loadConfig(options())).config.storagePath).toBeUndefined();
  });

  test("storage_path set anywhere (base, profile, JUX_STORAGE_PATH) is used as set", async () => {
    write(projectFile(), `${PROJECT}storage_path = /srv/jux-ci\n`);
    expect((await loadConfig(options({ profile: "ci-fast" }))).config.storagePath).toBe("/srv/jux-ci");
    write(projectFile(), PROJECT.replace("[profile staging]", "storage_path = /srv/jux\n[profile staging]"));
    expect((await loadConfig(options({ profile: "staging" }))).config.storagePath).toBe("/srv/jux");
    const env = { JUX_STORAGE_PATH: "/srv/env" };
    expect((await loadConfig(options({ profile: "staging" }, env))).config.storagePath).toBe("/srv/env");
  });
});

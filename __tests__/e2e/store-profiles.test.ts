/**
 * Issue 14, named profiles, through the committed bundle (dist/cli): [profile NAME] over the base, chosen by
 * --profile or JUX_PROFILE; JUX_PROFILE_<NAME>_API_KEY; jux config list --profiles / view / dump; an unknown
 * profile names the defined ones; and two profiles with different api_url never see each other's queue.
 */
import { afterAll, beforeEach, describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serverTag } from "../../src/core/github/names.js";
import { JUNIT, XMLDSIG } from "../helpers/fixtures.js";
import { withShared } from "../helpers/shared.js";

withShared(["fixtures/junit", "fixtures/xmldsig"], "named profiles (the fixture keys)", () => {
  const CLI = resolve("dist/cli/index.js");
  const REPORT = join(JUNIT, "jenkins-junit-plugin", "junit-report-with-properties.xml");
  /** Nothing listens on port 1: the server is down. */
  const DOWN_A = "http://127.0.0.1:1/a/api/v1";
  const DOWN_B = "http://127.0.0.1:1/b/api/v1";
  const STAGING_KEY = "staging-key-never-shown-0123";

  const top = mkdtempSync(join(tmpdir(), "jux-store-profiles-"));
  afterAll(() => rmSync(top, { recursive: true, force: true }));
  let project: string;
  let home: string;
  let data: string;
  let n = 0;

  beforeEach(() => {
    const root = join(top, String(n++));
    project = join(root, "repo");
    home = join(root, "home");
    data = join(root, "data");
    mkdirSync(join(project, ".git"), { recursive: true });
    mkdirSync(home, { recursive: true });
    copyFileSync(join(XMLDSIG, "rsa.pem"), join(project, "key.pem"));
    copyFileSync(REPORT, join(project, "r.xml"));
  });

  const CONF = [
    "[jux]",
    "key_path = key.pem",
    "api_max_retries = 0",
    "api_timeout = 5",
    "",
    "[profile a]",
    `api_url = ${DOWN_A}`,
    "",
    "[profile b]",
    `api_url = ${DOWN_B}`,
    "",
    "[profile quiet]",
    "api_timeout = 1",
    "",
  ].join("\n");

  function jux(args: string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd: project,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: join(home, ".config"),
        XDG_DATA_HOME: data,
        JUX_SYSTEM_CONFIG: join(home, "no-system-config"),
        ...env,
      },
    });
    return { status: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
  }

  const queued = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = jux(["cache", "list", "--area", "queue", "--json", ...args], env);
    expect(r.status).toBe(0);
    return (JSON.parse(r.stdout) as { hash: string }[]).map((e) => e.hash);
  };

  it("two profiles with different api_url never see each other's queue (cache mode, server down)", () => {
    writeFileSync(join(project, ".jux.conf"), CONF);
    expect(jux(["sign", "-i", "r.xml", "-o", "s.xml"]).status).toBe(0);
    const pub = jux(["--profile", "a", "publish", "s.xml", "--json"]);
    expect(pub.status).toBe(0);
    const row = JSON.parse(pub.stdout).reports[0] as { kind: string; hash: string };
    expect(row.kind).toBe("queued");
    // Profile a's queue is its server's store; b, the base and a profile without api_url see none of it.
    expect(queued(["--profile", "a"])).toEqual([row.hash]);
    expect(queued([], { JUX_PROFILE: "a" })).toEqual([row.hash]);
    expect(queued(["--profile", "b"])).toEqual([]);
    expect(queued([])).toEqual([]);
    expect(queued([], { JUX_PROFILE: "quiet" })).toEqual([]);
    expect(existsSync(join(data, "jux", "servers", serverTag(DOWN_A)))).toBe(true);
    // jux cache push under b publishes nothing of a's.
    const push = jux(["--profile", "b", "cache", "push", "--json"]);
    expect(push.stdout).not.toContain(row.hash);
  });

  it("storage_path set explicitly is shared by every profile", () => {
    writeFileSync(
      join(project, ".jux.conf"),
      CONF.replace("[profile a]", `storage_path = ${join(data, "one")}\n\n[profile a]`),
    );
    expect(jux(["sign", "-i", "r.xml", "-o", "s.xml"]).status).toBe(0);
    expect(jux(["--profile", "a", "publish", "s.xml", "--json"]).status).toBe(0);
    expect(queued(["--profile", "b"])).toHaveLength(1);
  });

  it("an unknown profile: exit 2 for --profile, 1 for JUX_PROFILE, naming the defined ones and where", () => {
    writeFileSync(join(project, ".jux.conf"), CONF);
    const conf = join(project, ".jux.conf");
    const flag = jux(["--profile", "c", "cache", "list"]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toBe(
      `error: --profile: profile "c" is not defined: the profiles defined are a (${conf}:6), b (${conf}:9), quiet (${conf}:12)\n`,
    );
    const env = jux(["cache", "list"], { JUX_PROFILE: "c" });
    expect(env.status).toBe(1);
    expect(env.stderr).toContain('JUX_PROFILE: profile "c" is not defined: the profiles defined are a');
    expect(jux(["--profile"]).status).toBe(2);
  });

  describe("jux config", () => {
    it("list --profiles names each profile, where, and the one in effect (text and JSON)", () => {
      writeFileSync(join(project, ".jux.conf"), CONF);
      const conf = join(project, ".jux.conf");
      expect(jux(["config", "list", "--profiles"]).stdout).toBe(
        `a: ${conf}:6\nb: ${conf}:9\nquiet: ${conf}:12\n`,
      );
      const json = JSON.parse(
        jux(["--profile", "b", "config", "list", "--profiles", "--format", "json"]).stdout,
      );
      expect(json[1]).toEqual({ name: "b", defined_in: [`${conf}:9`], in_effect: true });
    });

    it("dump under a profile: the profile's values with their origin, JUX_PROFILE_<NAME>_API_KEY masked", () => {
      writeFileSync(join(project, ".jux.conf"), CONF);
      const r = jux(["config", "dump", "--profile", "a"], { JUX_PROFILE_A_API_KEY: STAGING_KEY });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("# profile: a\n");
      expect(r.stdout).toContain(`api_url = ${DOWN_A}  (${join(project, ".jux.conf")}:7, profile a)`);
      expect(r.stdout).toContain("bearer_token = (set, from JUX_PROFILE_A_API_KEY, profile a)");
      expect(r.stdout).toMatch(/storage_path = .*servers.*\(default for profile a: its api_url differs/);
      expect(r.stdout + r.stderr).not.toContain(STAGING_KEY);
    });

    it("view --profile: that profile's section and variables only, secrets masked", () => {
      writeFileSync(
        join(project, ".jux.conf"),
        CONF.replace(`api_url = ${DOWN_B}`, `api_url = ${DOWN_B}\nbearer_token = ${STAGING_KEY}`),
      );
      const r = jux(["config", "view", "--profile", "b"], {
        JUX_PROFILE_B_BEARER_TOKEN: STAGING_KEY,
        JUX_PROFILE_B_API_TIMEOUT: "3",
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(
        [
          `==> ${join(project, ".jux.conf")} (project file), profile b <==`,
          "[profile b]",
          `api_url = ${DOWN_B}`,
          "bearer_token = ********",
          "==> environment, profile b <==",
          "JUX_PROFILE_B_BEARER_TOKEN=********",
          "JUX_PROFILE_B_API_TIMEOUT=3",
          "",
        ].join("\n"),
      );
    });
  });
});

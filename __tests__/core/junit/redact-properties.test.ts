/**
 * Redaction of the properties jux adds before signing (redact-properties.ts, and through collectMetadata):
 * the redact patterns (remove by default, =mask keeps the name), record_env, and the built-in list of
 * secret-looking variables that never become env:* properties.
 */
import { describe, expect, test } from "@jest/globals";
import { collectMetadata } from "../../../src/core/junit/metadata.js";
import {
  redactedNames,
  globMatcher,
  isSecretVariable,
  MASK,
  recordedEnv,
  redactProperties,
} from "../../../src/core/junit/redact-properties.js";

const props = (...pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));

describe("glob patterns over property names", () => {
  test("* is any characters (a colon too), ? one; case-insensitive; the rest literal", () => {
    expect(globMatcher("env:*TOKEN*")("env:GITHUB_TOKEN")).toBe(true);
    expect(globMatcher("env:*token*")("env:GITHUB_TOKEN")).toBe(true);
    expect(globMatcher("*")("git:remote")).toBe(true);
    expect(globMatcher("ci:build_?d")("ci:build_id")).toBe(true);
    expect(globMatcher("jux:username")("jux:usernames")).toBe(false);
    expect(globMatcher("a.b")("axb")).toBe(false);
    expect(globMatcher("(x)+")("(x)+")).toBe(true);
  });
});

describe("redactProperties", () => {
  const input = props(
    ["project", "p"],
    ["jux:username", "alice"],
    ["jux:hostname", "box"],
    ["git:remote", "https://example/x.git"],
    ["team", "qa"],
  );

  test("a pattern removes; =mask keeps the name with ***; =remove says remove; the order is kept", () => {
    expect(redactProperties(input, ["jux:username", "git:*=mask", "team=remove"])).toEqual(
      props(["project", "p"], ["jux:hostname", "box"], ["git:remote", MASK]),
    );
  });

  test("the first matching pattern decides", () => {
    expect(redactProperties(input, ["jux:user*=mask", "jux:*"])).toEqual(
      props(
        ["project", "p"],
        ["jux:username", MASK],
        ["git:remote", "https://example/x.git"],
        ["team", "qa"],
      ),
    );
  });

  test("no pattern: only secret-looking env:* properties go", () => {
    const env = props(["env:GITHUB_SHA", "abc"], ["env:GITHUB_TOKEN", "ghs_x"], ["env:my_api_key", "k"]);
    expect(redactProperties([...input, ...env], [])).toEqual([...input, ...props(["env:GITHUB_SHA", "abc"])]);
  });

  test("the env: prefix in any case: ENV:GITHUB_TOKEN and Env:NPM_TOKEN go too", () => {
    const given = props(["ENV:GITHUB_TOKEN", "ghs_case"], ["Env:NPM_TOKEN", "npm_x"], ["env:CI", "true"]);
    expect(redactProperties(given, [])).toEqual(props(["env:CI", "true"]));
  });

  test("a user's =mask pattern keeps a secret-looking variable's name, never its value", () => {
    const env = props(["env:GITHUB_TOKEN", "ghs_x"]);
    expect(redactProperties(env, ["env:GITHUB_TOKEN=mask"])).toEqual(props(["env:GITHUB_TOKEN", MASK]));
  });
});

test("redactedNames: the names redaction would remove or mask, each once, in order", () => {
  const given = props(
    ["team", "qa"],
    ["env:GITHUB_TOKEN", "x"],
    ["jux:hostname", "h"],
    ["env:GITHUB_TOKEN", "y"],
  );
  expect(redactedNames(given, ["jux:hostname=mask"])).toEqual(["env:GITHUB_TOKEN", "jux:hostname"]);
  expect(redactedNames(props(["team", "qa"]), ["other"])).toEqual([]);
});

describe("the built-in list", () => {
  test.each([
    "GITHUB_TOKEN",
    "ACTIONS_RUNTIME_TOKEN",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "DB_PASSWORD",
    "SMTP_PASSWD",
    "STRIPE_API_KEY",
    "SENDGRID_APIKEY",
    "SIGNING_PRIVATE_KEY",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "JUX_API_KEY",
    "MY_SECRET",
    "npm_token",
    "DATABASE_URL",
    "SENTRY_DSN",
    "GH_PAT",
    "GITHUB_PAT_2",
    "CI_JOB_JWT",
    "DB_PASS",
    "MYSQL_PWD",
    "AZURE_STORAGE_KEY",
    "SIGNING_KEY_FILE",
    "DOCKER_AUTH_CONFIG",
    "NPM_CONFIG__AUTH",
    "SESSION_COOKIE",
    "SLACK_WEBHOOK_URL",
  ])("%s is secret-looking", (name) => expect(isSecretVariable(name)).toBe(true));

  test.each(["GITHUB_SHA", "GITHUB_REF", "CI", "BUILD_NUMBER", "HOME", "DEPLOY_ENV", "AUTHOR"])(
    "%s is not",
    (name) => expect(isSecretVariable(name)).toBe(false),
  );
});

describe("record_env and redact through collectMetadata", () => {
  const env = {
    GITHUB_ACTIONS: "true",
    GITHUB_SHA: "abc123",
    CI_STAGE: "nightly",
    CI_JOB_TOKEN: "glpat-secret-value",
    GITHUB_TOKEN: "ghs_secret_value",
    DEPLOY_ENV: "staging",
  };
  const names = (p: { name: string }[]) => p.map((x) => x.name);

  test("record_env records the variables its patterns name, never secret-looking ones", () => {
    expect(recordedEnv(env, ["CI_*", "DEPLOY_ENV"]).map((p) => p.name)).toEqual([
      "env:CI_JOB_TOKEN",
      "env:CI_STAGE",
      "env:DEPLOY_ENV",
    ]);
    const out = collectMetadata({ env, cwd: "/w/x", git: {}, recordEnv: ["CI_*", "DEPLOY_ENV", "GITHUB_*"] });
    expect(names(out).filter((n) => n.startsWith("env:"))).toEqual([
      "env:GITHUB_SHA",
      "env:CI_STAGE",
      "env:DEPLOY_ENV",
      "env:GITHUB_ACTIONS",
    ]);
    expect(JSON.stringify(out)).not.toContain("secret_value");
    expect(JSON.stringify(out)).not.toContain("glpat");
  });

  test("even a property the user gives by hand named env:GITHUB_TOKEN is left out", () => {
    const out = collectMetadata({
      env,
      cwd: "/w/x",
      git: {},
      extra: props(["env:GITHUB_TOKEN", "ghs_by_hand"], ["team", "qa"]),
    });
    expect(names(out)).not.toContain("env:GITHUB_TOKEN");
    expect(names(out)).toContain("team");
  });

  test("redact applies to the detected metadata and the user's properties alike", () => {
    const out = collectMetadata({
      env,
      cwd: "/w/x",
      git: { remote: "https://example/x.git", commit: "c" },
      extra: props(["team", "qa"]),
      redact: ["jux:username", "jux:hostname=mask", "git:remote", "team"],
    });
    expect(names(out)).not.toContain("jux:username");
    expect(names(out)).not.toContain("git:remote");
    expect(names(out)).not.toContain("team");
    expect(out.find((p) => p.name === "jux:hostname")?.value).toBe(MASK);
    expect(names(out)).toContain("git:commit");
  });
});

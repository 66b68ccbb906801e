import { describe, expect, it } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import {
  ADDED_PROPERTIES,
  collectMetadata,
  jobKey,
  redactionNamingNothing,
  LEG_PROPERTY,
  detectCi,
  parseProperty,
  stripCredentials,
} from "../../../src/core/junit/metadata.js";
import { VERSION } from "../../../src/core/version.js";
import { loadSigningKey } from "../../../src/core/crypto/keys.js";
import { sign } from "../../helpers/jux.js";
import { asMap, PROPS, withoutSignature } from "../../helpers/metadata.js";

/** Any RSA key: the Signature it makes is taken out before the comparisons. */
const rsa = loadSigningKey({
  key: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type: "pkcs8",
    format: "pem",
  }),
  source: "a generated RSA key",
});
const NOW = new Date("2026-11-22T10:00:00.000Z");

const GITHUB_ENV = {
  GITHUB_ACTIONS: "true",
  GITHUB_REPOSITORY: "octo/widgets",
  GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
  GITHUB_REF: "refs/pull/7/merge",
  GITHUB_REF_NAME: "7/merge",
  GITHUB_HEAD_REF: "feature/x",
  GITHUB_RUN_ID: "9876",
  GITHUB_RUN_NUMBER: "12",
  GITHUB_ACTOR: "octocat",
  GITHUB_WORKFLOW: "CI",
  GITHUB_EVENT_NAME: "pull_request",
  GITHUB_SERVER_URL: "https://github.com",
};

describe("metadata collected from the environment", () => {
  it("on GitHub Actions, names and values as upstream writes them", () => {
    const props = collectMetadata({ env: GITHUB_ENV, cwd: "/work/x", git: {}, now: NOW });
    const m = asMap(props);
    expect(m).toMatchObject({
      project: "widgets",
      "git:commit": GITHUB_ENV.GITHUB_SHA,
      "git:branch": "feature/x",
      "ci:provider": "github",
      "ci:build_id": "9876",
      "ci:build_url": "https://github.com/octo/widgets/actions/runs/9876",
      "env:GITHUB_SHA": GITHUB_ENV.GITHUB_SHA,
      "env:GITHUB_REF": "refs/pull/7/merge",
      "env:GITHUB_ACTOR": "octocat",
      "env:GITHUB_WORKFLOW": "CI",
      "env:GITHUB_RUN_NUMBER": "12",
      "env:GITHUB_EVENT_NAME": "pull_request",
      "jux:timestamp": "2026-11-22T10:00:00.000Z",
      "jux:jux_action_version": VERSION,
    });
    expect(m["jux:hostname"]).toBeTruthy();
    expect(m["jux:platform"]).toMatch(/^\w+-/);
    expect(props[0]!.name).toBe("project");
  });

  it("JUX_PROJECT_NAME wins, then --project; the user's properties replace detected ones; unset values are left out", () => {
    const extra = [parseProperty("git:branch=override", "-p"), parseProperty("team=a=b", "-p")];
    const m = asMap(
      collectMetadata({
        env: { ...GITHUB_ENV, JUX_PROJECT_NAME: "named" },
        cwd: "/",
        project: "flag",
        extra,
        git: {},
      }),
    );
    expect(m).toMatchObject({ project: "named", "git:branch": "override", team: "a=b" });
    expect(asMap(collectMetadata({ env: GITHUB_ENV, cwd: "/", project: "flag", git: {} })).project).toBe(
      "flag",
    );
    const bare = asMap(collectMetadata({ env: {}, cwd: "/tmp/some-dir", git: {} }));
    expect(bare.project).toBe("some-dir");
    expect(
      Object.keys(bare).filter((k) => k.startsWith("env:") || k.startsWith("ci:") || k.startsWith("git:")),
    ).toEqual([]);
    expect(() => parseProperty("=x", "--property")).toThrow(/--property: expected name=value/);
    // One rule with the configuration's properties (and so the action's input): spaces around both are dropped.
    expect(parseProperty("build = 42", "--property")).toEqual({ name: "build", value: "42" });
    expect(parseProperty(" team =a=b ", "--property")).toEqual({ name: "team", value: "a=b" });
  });

  it("recognises the other CI providers upstream knows", () => {
    expect(
      detectCi({
        GITLAB_CI: "true",
        CI_PIPELINE_ID: "5",
        CI_PIPELINE_URL: "https://gl/p/5",
        CI_COMMIT_REF_NAME: "b",
        CI_COMMIT_SHA: "c",
      }),
    ).toEqual({
      provider: "gitlab",
      buildId: "5",
      buildUrl: "https://gl/p/5",
      branch: "b",
      commit: "c",
    });
    expect(
      detectCi({
        JENKINS_URL: "https://j",
        BUILD_NUMBER: "7",
        BUILD_URL: "https://j/7",
        GIT_BRANCH: "origin/x",
      }),
    ).toMatchObject({
      provider: "jenkins",
      buildId: "7",
      branch: "origin/x",
    });
    expect(
      detectCi({
        TF_BUILD: "True",
        BUILD_BUILDID: "9",
        SYSTEM_COLLECTIONURI: "https://dev.azure.com/o/",
        SYSTEM_TEAMPROJECT: "p",
      }),
    ).toMatchObject({
      provider: "azure",
      buildUrl: "https://dev.azure.com/o/p/_build/results?buildId=9",
    });
    expect(detectCi({ CIRCLECI: "true" })?.provider).toBe("circleci");
    expect(detectCi({ TRAVIS: "true" })?.provider).toBe("travis");
    expect(detectCi({ CI: "true" })).toBeUndefined();
  });

  it("strips credentials from every remote form", () => {
    expect(stripCredentials("https://x-access-token:ghs_abc@github.com/o/r.git")).toBe(
      "https://github.com/o/r.git",
    );
    expect(stripCredentials("git@github.com:o/r.git")).toBe("git@github.com:o/r.git");
    expect(stripCredentials("ssh://git@host/o/r")).toBe("ssh://host/o/r");
  });
});

describe("where the properties go", () => {
  const add = async (xml: string) =>
    withoutSignature(
      (await sign(Buffer.from(xml), rsa, { properties: [PROPS[0]!, PROPS[1]!] })).bytes.toString("utf8"),
    );

  it("follows the indentation of an existing <properties>", async () => {
    const xml =
      '<testsuite>\n  <properties>\n    <property name="a" value="1"/>\n  </properties>\n  <testcase name="t"/>\n</testsuite>\n';
    expect(await add(xml)).toBe(
      '<testsuite>\n  <properties>\n    <property name="a" value="1"/>\n    <property name="project" value="corpus"/>\n' +
        '    <property name="git:branch" value="main"/>\n  </properties>\n  <testcase name="t"/>\n</testsuite>\n',
    );
  });

  it("creates an indented <properties> as the first child when there is none", async () => {
    const xml =
      '<testsuites>\r\n  <testsuite name="s">\r\n    <testcase name="t"/>\r\n  </testsuite>\r\n  <testsuite name="second"/>\r\n</testsuites>';
    expect(await add(xml)).toBe(
      '<testsuites>\r\n  <testsuite name="s">\r\n    <properties>\r\n      <property name="project" value="corpus"/>\r\n' +
        '      <property name="git:branch" value="main"/>\r\n    </properties>\r\n    <testcase name="t"/>\r\n  </testsuite>\r\n  <testsuite name="second"/>\r\n</testsuites>',
    );
  });

  it("opens self-closing elements, and creates an empty suite when there is no testsuite at all", async () => {
    expect(await add('<testsuite name="e" tests="0"/>')).toBe(
      '<testsuite name="e" tests="0"><properties><property name="project" value="corpus"/><property name="git:branch" value="main"/></properties></testsuite>',
    );
    expect(await add("<testsuite><properties/><testcase/></testsuite>")).toBe(
      '<testsuite><properties><property name="project" value="corpus"/><property name="git:branch" value="main"/></properties><testcase/></testsuite>',
    );
    expect(await add("<testsuites><testcase name='loose'/></testsuites>")).toBe(
      "<testsuites><testcase name='loose'/>" +
        '<testsuite name="jux-metadata" tests="0"><properties><property name="project" value="corpus"/><property name="git:branch" value="main"/></properties></testsuite></testsuites>',
    );
  });

  it("refuses to sign when a later <properties> of the first suite defines a name it would add", async () => {
    const xml =
      '<testsuite><testcase name="t"/><properties><property name="project" value="theirs"/></properties></testsuite>';
    await expect(add(xml)).rejects.toThrow(/second <properties> element defining project/);
  });
});

describe("jobKey", () => {
  it("is the job, with the matrix leg in brackets when one is named", () => {
    expect(jobKey("test", undefined)).toBe("test");
    expect(jobKey("test", "ubuntu-22")).toBe("test (ubuntu-22)");
    expect(jobKey(undefined, "ubuntu-22")).toBe("(ubuntu-22)");
    expect(jobKey(undefined, undefined)).toBeUndefined();
    expect(jobKey("", "")).toBeUndefined();
    expect(LEG_PROPERTY).toBe("jux:leg");
  });
});

describe("redact items that name nothing jux adds", () => {
  it("ADDED_PROPERTIES holds every name collectMetadata adds besides env:*", () => {
    const git = { commit: "a".repeat(40), branch: "main", status: "clean" as const, remote: "https://x/y" };
    const names = collectMetadata({ env: GITHUB_ENV, cwd: "/work/x", git, now: NOW }).map((p) => p.name);
    expect(names.filter((n) => !n.startsWith("env:") && !ADDED_PROPERTIES.includes(n))).toEqual([]);
    expect(ADDED_PROPERTIES).toContain(LEG_PROPERTY);
  });

  it("a typo in jux's names is said with the name meant; globs, added names and the user's own are not", () => {
    expect(redactionNamingNothing("jux:usrname")).toBe(
      "redact jux:usrname matches no property jux adds; did you mean jux:username?",
    );
    expect(redactionNamingNothing("git:comit=mask")).toBe(
      "redact git:comit matches no property jux adds; did you mean git:commit?",
    );
    expect(redactionNamingNothing("jux:build")).toMatch(
      /^redact jux:build matches no property jux adds \(they are jux:hostname, jux:username, .*, and env:\*\)$/,
    );
    for (const fine of [
      "jux:username",
      "jux:*",
      "env:*TOKEN*",
      "git:remote=remove",
      "team",
      "env:DEPLOY_ENV",
    ])
      expect([fine, redactionNamingNothing(fine)]).toEqual([fine, undefined]);
  });
});

import { describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  collectMetadata,
  detectCi,
  parseProperty,
  stripCredentials,
} from "../../../src/core/junit/metadata.js";
import { readReport } from "../../../src/core/report/read-report.js";
import { VERSION } from "../../../src/core/version.js";
import { XMLDSIG, corpusName, wellFormedReports } from "../../helpers/fixtures.js";
import { chunks, key, sign } from "../../helpers/jux.js";

const rsa = key(join(XMLDSIG, "rsa.pem"), join(XMLDSIG, "rsa.crt"));
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

function asMap(props: { name: string; value: string }[]): Record<string, string> {
  return Object.fromEntries(props.map((p) => [p.name, p.value]));
}

function withoutSignature(xml: string): string {
  const start = xml.indexOf("<ds:Signature ");
  return start < 0
    ? xml
    : xml.slice(0, start) + xml.slice(xml.indexOf("</ds:Signature>") + "</ds:Signature>".length);
}

/**
 * The run of bytes `changed` has that `original` has not, when `changed` is `original` plus one insertion.
 * Where the insertion starts is ambiguous when it begins like what follows it, so it comes back as one of
 * its rotations.
 */
function insertion(original: string, changed: string): string {
  let p = 0;
  while (p < original.length && original[p] === changed[p]) p++;
  const inserted = changed.slice(p, p + changed.length - original.length);
  expect(changed.slice(p + inserted.length)).toBe(original.slice(p));
  return inserted;
}

function someRotation(s: string, test: (r: string) => boolean): boolean {
  for (let k = 0; k < Math.max(1, s.length); k++) if (test(s.slice(k) + s.slice(0, k))) return true;
  return false;
}

/** A self-closing document element gets an end tag so that the Signature can go inside it. */
function opened(xml: string, root: string): string {
  const at = xml.indexOf(`<${root}`);
  const close = xml.indexOf("/>", at);
  return close >= 0 && !xml.slice(at, close).includes(">")
    ? xml.slice(0, close) + `></${root}>` + xml.slice(close + 2)
    : xml;
}

/** Writes empty <testsuite/>, <testsuites/> and <properties/> as start and end tags, as signing may. */
function expandEmpty(xml: string): string {
  return xml.replace(/<(testsuites?|properties)(\s[^<>]*?)?\/>/g, "<$1$2></$1>");
}

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
  });

  it("reads git itself outside CI, without credentials in the remote", () => {
    const repo = mkdtempSync(join(tmpdir(), "jux-git-"));
    try {
      const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
      git("init", "-q", "-b", "trunk");
      git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "x");
      git("remote", "add", "origin", "https://user:s3cret-token@example.com/team/repo-name.git");
      const m = asMap(collectMetadata({ env: {}, cwd: repo }));
      expect(m).toMatchObject({
        project: "repo-name",
        "git:branch": "trunk",
        "git:status": "clean",
        "git:remote": "https://example.com/team/repo-name.git",
      });
      expect(m["git:commit"]).toMatch(/^[0-9a-f]{40}$/);
      expect(JSON.stringify(m)).not.toContain("s3cret");
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
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

const PROPS = [
  { name: "project", value: "corpus" },
  { name: "git:branch", value: "main" },
  { name: "jux:timestamp", value: "2026-11-22T10:00:00Z" },
];

describe.each(wellFormedReports().map((f) => [corpusName(f), f]))("%s", (_name, file) => {
  const original = readFileSync(file);

  it("signed without metadata, the output is the input plus the Signature, byte for byte", async () => {
    const { bytes, result } = await sign(original, rsa);
    const text = bytes.toString("latin1");
    expect(text.split(/<ds:Signature[ >]/).length).toBe(2);
    expect(withoutSignature(text)).toBe(opened(original.toString("latin1"), result.summary.root));
  });

  it("with metadata, only <property> elements are added, into the first testsuite, and nothing is overwritten", async () => {
    const before = (await readReport({ source: file, open: () => chunks(original) })).summary.properties;
    const { bytes, result } = await sign(original, rsa, { properties: PROPS });
    let signedText = withoutSignature(bytes.toString("latin1"));
    for (const p of PROPS)
      signedText = signedText.replace(`<property name="${p.name}" value="${p.value}"/>`, "");
    const skeleton = insertion(expandEmpty(original.toString("latin1")), expandEmpty(signedText));
    const onlyMarkup = (r: string) =>
      r
        .replace(/<properties>|<\/properties>|<testsuite name="jux-metadata" tests="0">|<\/testsuite>/g, "")
        .trim() === "";
    expect(someRotation(skeleton, onlyMarkup)).toBe(true);
    const after = asMap((await readReport({ source: file, open: () => chunks(bytes) })).summary.properties);
    const existing = asMap(before);
    for (const p of PROPS) expect(after[p.name]).toBe(existing[p.name] ?? p.value);
    expect(result.added).toEqual(PROPS.filter((p) => !(p.name in existing)).map((p) => p.name));
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

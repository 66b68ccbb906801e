/**
 * A CI job's run identity over a report's own claims: the properties the action asserts (its branch, commit, run,
 * job) are added after a report's own value of the same name when it differs, so that every reader, which takes
 * the last, reads the job's; a report cannot file itself under another branch (the baseline's integrity).
 */
import { describe, expect, it } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import { loadSigningKey } from "../../../src/core/crypto/keys.js";
import { propertyMap } from "../../../src/core/junit/run-identity.js";
import { readReport } from "../../../src/core/report/read-report.js";
import { chunks, sign } from "../../helpers/jux.js";

const pem = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
  type: "pkcs8",
  format: "pem",
});
const signingKey = loadSigningKey({ key: pem, source: "test key" });

const claiming = Buffer.from(
  `<testsuite name="s" tests="1"><properties>
    <property name="git:branch" value="main"/>
    <property name="env:GITHUB_EVENT_NAME" value="push"/>
    <property name="env:GITHUB_JOB" value="test"/>
    <property name="owner" value="team-a"/>
  </properties><testcase classname="c" name="t"/></testsuite>`,
);

const job = [
  { name: "git:branch", value: "feature-x" },
  { name: "env:GITHUB_EVENT_NAME", value: "pull_request" },
  { name: "env:GITHUB_JOB", value: "test" },
  { name: "owner", value: "team-b" },
];

async function propertiesOf(bytes: Buffer) {
  return (await readReport({ source: "signed.xml", open: () => chunks(bytes) })).summary.properties;
}

describe("asserted properties", () => {
  it("are added after the report's own differing value, so the job's is the one read; others are left alone", async () => {
    const asserted = new Set(["git:branch", "env:GITHUB_EVENT_NAME", "env:GITHUB_JOB"]);
    const { bytes, result } = await sign(claiming, signingKey, { properties: job, asserted });
    const props = await propertiesOf(bytes);
    expect(props.filter((p) => p.name === "git:branch").map((p) => p.value)).toEqual(["main", "feature-x"]);
    const read = propertyMap(props);
    expect([read.get("git:branch"), read.get("env:GITHUB_EVENT_NAME"), read.get("owner")]).toEqual([
      "feature-x",
      "pull_request",
      "team-a",
    ]);
    // The same value is not written twice; a name not asserted is never added over the report's.
    expect(props.filter((p) => p.name === "env:GITHUB_JOB")).toHaveLength(1);
    expect(props.filter((p) => p.name === "owner")).toHaveLength(1);
    expect(result.added.sort()).toEqual(["env:GITHUB_EVENT_NAME", "git:branch"]);
    expect((await readReport({ source: "signed.xml", open: () => chunks(bytes) })).signature).toBeDefined();
  });

  it("a report with a thousand properties before them cannot push the asserted values out of what is read", async () => {
    const fillers = Array.from({ length: 1200 }, (_, i) => `<property name="f${i}" value="x"/>`).join("");
    const flooded = Buffer.from(
      `<testsuite name="s" tests="1"><properties><property name="git:branch" value="main"/>` +
        `<property name="env:GITHUB_EVENT_NAME" value="push"/>${fillers}</properties>` +
        `<testcase classname="c" name="t"/></testsuite>`,
    );
    const asserted = new Set(["git:branch", "env:GITHUB_EVENT_NAME", "env:GITHUB_JOB"]);
    const { bytes } = await sign(flooded, signingKey, { properties: job, asserted });
    const reading = await readReport({ source: "signed.xml", open: () => chunks(bytes) });
    const read = propertyMap(reading.summary.properties);
    expect([read.get("git:branch"), read.get("env:GITHUB_EVENT_NAME")]).toEqual([
      "feature-x",
      "pull_request",
    ]);
    expect(reading.summary.properties.length).toBe(1000); // still bounded; names past the bound are ignored
    expect(read.has("f1100")).toBe(false);
  });

  it("without asserted names, a report's own claims stand (jux sign on a laptop, as pytest-jux does)", async () => {
    const { bytes } = await sign(claiming, signingKey, { properties: job });
    expect(propertyMap(await propertiesOf(bytes)).get("git:branch")).toBe("main");
  });

  it("a second <properties> in the first suite claiming an asserted name after ours is refused", async () => {
    const sneaky = Buffer.from(
      `<testsuite name="s"><properties><property name="git:branch" value="main"/></properties>` +
        `<properties><property name="git:branch" value="main"/></properties><testcase classname="c" name="t"/></testsuite>`,
    );
    await expect(
      sign(sneaky, signingKey, { properties: job, asserted: new Set(["git:branch"]) }),
    ).rejects.toThrow(/second <properties> element defining git:branch/);
  });
});

// Validates action.yml and every workflow against the GitHub Actions JSON schemas bundled in
// @action-validator/core (offline: the schemas are compiled into its WebAssembly module).
import { describe, expect, it } from "@jest/globals";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";

const WORKFLOWS = ".github/workflows";
const workflows = readdirSync(WORKFLOWS)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();

describe("GitHub Actions metadata", () => {
  it("has the workflows this repository relies on", () => {
    expect(workflows).toEqual(
      expect.arrayContaining(["check-dist.yml", "ci.yml", "codeql.yml", "release.yml"]),
    );
  });

  it.each(workflows)("%s is a valid workflow", (name) => {
    expect(validateWorkflow(readFileSync(`${WORKFLOWS}/${name}`, "utf8")).errors).toEqual([]);
  });

  it("action.yml runs on node24 and is otherwise valid action metadata", () => {
    const source = readFileSync("action.yml", "utf8");
    expect(source).toMatch(/^ {2}using: node24$/m);
    // The validator's schema (0.6.0) predates node24 and lists only node12/16/20 for runs.using, so validate
    // the rest of the file with that one value swapped for one it knows.
    const state = validateAction(source.replace(/^( {2}using:) node24$/m, "$1 node20"));
    expect(state.errors).toEqual([]);
  });

  it("the validator does report errors (so the checks above are not vacuous)", () => {
    expect(validateWorkflow("on: push\njobs:\n  x:\n    steps: 3\n").errors).not.toEqual([]);
    expect(validateAction("name: x\nruns:\n  using: node20\n").errors).not.toEqual([]);
  });
});

describe("the action's interface", () => {
  const action = parse(readFileSync("action.yml", "utf8")) as {
    inputs: Record<string, { description: string }>;
    outputs: Record<string, { description: string }>;
    runs: Record<string, string>;
  };
  const actionDoc = readFileSync("docs/action.md", "utf8");

  it("no description holds an expression: GitHub evaluates ${{ }} there too, and a job fails to start on matrix.*", () => {
    const described = [...Object.entries(action.inputs), ...Object.entries(action.outputs)];
    expect(described.filter(([, spec]) => spec.description.includes("${{")).map(([name]) => name)).toEqual(
      [],
    );
  });

  it("runs main and post from dist/, post always", () => {
    expect(action.runs).toEqual({
      using: "node24",
      main: "dist/main/index.js",
      post: "dist/post/index.js",
      "post-if": "always()",
    });
  });

  it("has the inputs and outputs users rely on, each documented in docs/action.md", () => {
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining([
        "report_paths",
        "storage_mode",
        "api_url",
        "api_key",
        "signing_key",
        "github_token",
      ]),
    );
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)])
      expect({ name, documented: actionDoc.includes(`\`${name}\``) }).toEqual({ name, documented: true });
  });

  it("the Inputs table of docs/action.md shows each default of action.yml (every line of a multi-line one)", () => {
    const defaults = Object.entries(action.inputs as Record<string, { default?: string }>).filter(
      ([, spec]) => spec.default !== undefined,
    );
    for (const [name, spec] of defaults) {
      const row = actionDoc.split("\n").find((l) => l.startsWith(`| \`${name}\``)) ?? "";
      const cell = row.split("|")[2] ?? "";
      for (const value of spec.default!.split("\n"))
        expect({ name, value, shown: cell.includes(`\`${value}\``) }).toEqual({ name, value, shown: true });
    }
  });

  it("the default report_paths find junit*.xml and Maven's and Gradle's TEST-*.xml", () => {
    const paths = action.inputs.report_paths as { default?: string };
    expect(paths.default?.split("\n")).toEqual(["**/junit*.xml", "**/TEST-*.xml"]);
  });

  it("CI runs the action itself with uses: ./", () => {
    const ci = parse(readFileSync(`${WORKFLOWS}/ci.yml`, "utf8")) as {
      jobs: Record<string, { steps: { uses?: string }[] }>;
    };
    expect(Object.values(ci.jobs).some((j) => j.steps.some((s) => s.uses === "./"))).toBe(true);
  });
});

/**
 * The third-party actions a workflow uses that are not pinned to a full commit SHA with the version as a
 * comment (`owner/repo[/path]@<40 hex> # vX.Y.Z`), as "line N: text"; local actions (`./`) are exempt.
 */
function unpinnedUses(source: string): string[] {
  return source.split("\n").flatMap((text, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*(.*)$/.exec(text);
    if (!match || match[1]!.startsWith("./")) return [];
    const pinned = /^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@[0-9a-f]{40} # v\d+(?:\.\d+){0,2}$/.test(match[1]!);
    return pinned ? [] : [`line ${index + 1}: ${text.trim()}`];
  });
}

/** Every `uses:` value in a workflow, read as YAML (steps and reusable-workflow jobs). */
function usesValues(source: string): string[] {
  const workflow = parse(source) as { jobs: Record<string, { uses?: string; steps?: { uses?: string }[] }> };
  return Object.values(workflow.jobs).flatMap((job) => [
    ...(job.uses ? [job.uses] : []),
    ...(job.steps ?? []).flatMap((step) => (step.uses ? [step.uses] : [])),
  ]);
}

describe("third-party actions are pinned by commit SHA", () => {
  it.each(workflows)("%s: every third-party uses: is owner/repo@<40-hex SHA> # vX.Y.Z", (name) => {
    const source = readFileSync(`${WORKFLOWS}/${name}`, "utf8");
    expect(unpinnedUses(source)).toEqual([]);
    // The line scan sees every uses: the YAML has (none hides in a form the scan misses).
    const scanned = source.split("\n").filter((line) => /^\s*(?:-\s+)?uses:/.test(line)).length;
    expect(scanned).toBe(usesValues(source).length);
  });

  it("the check refuses a tag, a branch, a short SHA and a SHA without its version comment", () => {
    const sha = "3d3c42e5aac5ba805825da76410c181273ba90b1";
    const steps = [
      "      - uses: actions/checkout@v7",
      "      - uses: actions/checkout@main",
      `      - uses: actions/checkout@${sha.slice(0, 7)} # v7.0.1`,
      `      - uses: actions/checkout@${sha}`,
      `      - uses: github/codeql-action/init@${sha} # v4.36.2`,
      "      - uses: ./",
    ];
    expect(unpinnedUses(steps.join("\n"))).toEqual([
      "line 1: - uses: actions/checkout@v7",
      "line 2: - uses: actions/checkout@main",
      `line 3: - uses: actions/checkout@${sha.slice(0, 7)} # v7.0.1`,
      `line 4: - uses: actions/checkout@${sha}`,
    ]);
  });
});

describe("ecosystem hygiene", () => {
  it("Dependabot updates npm and the GitHub Actions weekly", () => {
    const config = parse(readFileSync(".github/dependabot.yml", "utf8")) as {
      version: number;
      updates: { "package-ecosystem": string; directory: string; schedule: { interval: string } }[];
    };
    expect(config.version).toBe(2);
    expect(
      config.updates.map((u) => [u["package-ecosystem"], u.directory, u.schedule.interval]).sort(),
    ).toEqual([
      ["github-actions", "/", "weekly"],
      ["npm", "/", "weekly"],
    ]);
  });

  it("CodeQL analyses javascript-typescript with the permission to upload its results", () => {
    const codeql = parse(readFileSync(`${WORKFLOWS}/codeql.yml`, "utf8")) as {
      jobs: Record<
        string,
        { permissions: Record<string, string>; steps: { uses?: string; with?: Record<string, string> }[] }
      >;
    };
    const [job] = Object.values(codeql.jobs);
    expect(job!.permissions).toMatchObject({ "security-events": "write", contents: "read" });
    const init = job!.steps.find((step) => step.uses?.startsWith("github/codeql-action/init@"));
    expect(init?.with?.languages).toBe("javascript-typescript");
    expect(job!.steps.some((step) => step.uses?.startsWith("github/codeql-action/analyze@"))).toBe(true);
  });

  it("CI tests on Node 22 and 24, the Node of .node-version and action.yml", () => {
    const ci = parse(readFileSync(`${WORKFLOWS}/ci.yml`, "utf8")) as {
      jobs: { test: { strategy: { matrix: { "node-version": number[] } } } };
    };
    expect(ci.jobs.test.strategy.matrix["node-version"]).toEqual([22, 24]);
    expect(readFileSync(".node-version", "utf8")).toBe("24\n");
  });
});

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
    expect(workflows).toEqual(expect.arrayContaining(["check-dist.yml", "ci.yml", "release.yml"]));
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

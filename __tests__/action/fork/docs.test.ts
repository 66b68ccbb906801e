/**
 * docs/forks.md's two workflows are what the action reads: each is YAML, each input they give the action is one of
 * action.yml's, the tests' workflow runs on pull_request without secrets being needed, and the signing workflow runs
 * on workflow_run with from_run set to the event's run, checks nothing out, and has the permissions from_run needs.
 */
import { expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parse } from "yaml";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[]; if?: string }>;
}

const doc = readFileSync("docs/forks.md", "utf8");
const action = parse(readFileSync("action.yml", "utf8")) as { inputs: Record<string, unknown> };
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
const workflows = blocks.filter((b) => /^on:/m.test(b)).map((b) => parse(b) as Workflow);
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const ours = (s: Step) => s.uses === "<owner>/jux-action@v1";

test("two workflows, every input given to the action is one of action.yml's", () => {
  expect(workflows).toHaveLength(2);
  for (const w of workflows)
    for (const s of steps(w).filter(ours))
      for (const name of Object.keys(s.with ?? {})) expect(Object.keys(action.inputs)).toContain(name);
});

test("the tests' workflow runs on pull_request; the signing one on workflow_run of it, with from_run, no checkout", () => {
  const [ci, signing] = workflows as [Workflow, Workflow];
  expect(Object.keys(ci.on)).toContain("pull_request");
  expect(Object.keys(signing.on)).toEqual(["workflow_run"]);
  expect(signing.on.workflow_run).toEqual({ workflows: ["CI"], types: ["completed"] });
  expect(signing.permissions).toEqual({ actions: "read", contents: "read", "pull-requests": "read" });
  const all = steps(signing);
  expect(all.filter((s) => !ours(s))).toEqual([]);
  expect(all.find(ours)?.with?.from_run).toBe("${{ github.event.workflow_run.id }}");
  expect(Object.values(signing.jobs)[0]!.if).toContain("head_repository.full_name != github.repository");
  // The upload-artifact variant's name is the one the comment tells from_artifact to take.
  expect(blocks.some((b) => b.includes("name: junit-results"))).toBe(true);
  expect(doc).toContain("# from_artifact: junit-results");
});

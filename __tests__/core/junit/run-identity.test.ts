import { describe, expect, it } from "@jest/globals";
import { fromPullRequest, jobOf, propertyMap, workflowRunKey } from "../../../src/core/junit/run-identity.js";

const props = (o: Record<string, string>) => new Map(Object.entries(o));

describe("workflowRunKey: the key a workflow run's matrix legs share", () => {
  it("GitHub: repository, run id and attempt from the env:* properties", () => {
    expect(
      workflowRunKey(
        props({
          "env:GITHUB_REPOSITORY": "acme/app",
          "env:GITHUB_RUN_ID": "42",
          "env:GITHUB_RUN_ATTEMPT": "2",
        }),
      ),
    ).toBe("github:acme/app:42:2");
  });

  it("GitHub from ci:build_id when the env:* run id is not written; attempt 1 when not written", () => {
    expect(workflowRunKey(props({ "ci:provider": "github", "ci:build_id": "42" }))).toBe("github::42:1");
  });

  it("another CI: its provider and build id; none: undefined", () => {
    expect(workflowRunKey(props({ "ci:provider": "gitlab", "ci:build_id": "991" }))).toBe("gitlab:991");
    expect(workflowRunKey(props({ "ci:build_id": "7" }))).toBe("ci:7");
    expect(workflowRunKey(props({ "git:branch": "main" }))).toBeUndefined();
  });

  it("the job is env:GITHUB_JOB with the action's matrix leg (jux:leg), as the action asks; never empty", () => {
    expect(jobOf(props({ "env:GITHUB_JOB": "test" }))).toBe("test");
    expect(jobOf(props({ "env:GITHUB_JOB": "test", "jux:leg": "ubuntu, 22" }))).toBe("test (ubuntu, 22)");
    expect(jobOf(props({ "env:GITHUB_JOB": "" }))).toBeUndefined();
  });
});

describe("propertyMap and fromPullRequest", () => {
  it("reads the last of a repeated name (the CI job's asserted value follows a report's own)", () => {
    const read = propertyMap([
      { name: "git:branch", value: "main" },
      { name: "x", value: "1" },
      { name: "git:branch", value: "feature-x" },
    ]);
    expect([read.get("git:branch"), read.get("x")]).toEqual(["feature-x", "1"]);
  });

  it("knows a pull request's run by its event", () => {
    expect(fromPullRequest(props({ "env:GITHUB_EVENT_NAME": "pull_request" }))).toBe(true);
    expect(fromPullRequest(props({ "env:GITHUB_EVENT_NAME": "pull_request_target" }))).toBe(true);
    expect(fromPullRequest(props({ "env:GITHUB_EVENT_NAME": "push" }))).toBe(false);
    expect(fromPullRequest(props({}))).toBe(false);
  });
});

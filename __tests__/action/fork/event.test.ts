/**
 * The run from_run names (src/action/fork/event.ts) and the identity its reports are signed with (metadata.ts):
 * read from the workflow_run payload (its id must be from_run) or the REST run object, every field checked; the
 * metadata is that run's, never the signing workflow's own.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { originRunOf, readOriginRun, type OriginRun } from "../../../src/action/fork/event.js";
import type { Rest } from "../../../src/core/github/rest.js";
import { FromRunError } from "../../../src/action/fork/github-rest.js";
import { originEnv, originProperties } from "../../../src/action/fork/metadata.js";
import { collectMetadata } from "../../../src/core/junit/metadata.js";
import { ACTIONS_BOT, startGitHubApi, workflowRunJson, type GitHubApi } from "../../helpers/github-api.js";

const REPO = "octo/jux-demo";
const SHA = "f".repeat(40);
const TOKEN = "ghs_eventtoken0123456789";
const payload = (o: Parameters<typeof workflowRunJson>[1]) => workflowRunJson(REPO, o);

/** The trusted workflow's own context: none of it may describe the fork's run. */
const TRUSTED = {
  GITHUB_ACTIONS: "true",
  GITHUB_REPOSITORY: REPO,
  GITHUB_SHA: "1".repeat(40),
  GITHUB_REF: "refs/heads/main",
  GITHUB_REF_NAME: "main",
  GITHUB_RUN_ID: "9999",
  GITHUB_RUN_ATTEMPT: "3",
  GITHUB_RUN_NUMBER: "4242",
  GITHUB_EVENT_NAME: "workflow_run",
  GITHUB_WORKFLOW: "Sign fork reports",
  GITHUB_ACTOR: "maintainer",
  GITHUB_JOB: "test",
  GITHUB_SERVER_URL: "https://github.com",
};

function eventFile(body: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "jux-event-")), "event.json");
  writeFileSync(path, JSON.stringify(body));
  return path;
}

let api: GitHubApi;
let rest: Rest;
beforeAll(async () => {
  api = await startGitHubApi({ repository: REPO });
  api.grant(TOKEN, { identity: ACTIONS_BOT });
  rest = { api: api.url, repository: REPO, token: TOKEN, timeoutMs: 5000 };
});
afterAll(async () => {
  await api.stop();
});

describe("originRunOf", () => {
  const fork = payload({ id: 77, headSha: SHA, headBranch: "fix", headRepo: "forker/jux-demo", attempt: 2 });

  test("a fork's run as GitHub describes it", () => {
    expect(originRunOf(fork, REPO, "workflow_run event")).toEqual({
      id: 77,
      attempt: 2,
      runNumber: 77,
      headSha: SHA,
      headBranch: "fix",
      headRepository: "forker/jux-demo",
      event: "pull_request",
      workflow: "CI",
      actor: "forker",
      source: "workflow_run event",
    });
  });

  test("a deleted fork (head_repository null) is a fork of no known name", () => {
    expect(originRunOf({ ...fork, head_repository: null }, REPO, "REST API").headRepository).toBeNull();
  });

  test.each([
    [
      "a run of another repository",
      { repository: { full_name: "evil/jux-demo" } },
      /belongs to evil\/jux-demo, not to octo\/jux-demo/,
    ],
    ["a head_sha that is not one", { head_sha: "main" }, /no valid head_sha/],
    ["a branch with a line break", { head_branch: "a\nb" }, /no valid head_branch/],
    ["no event", { event: undefined }, /no valid event/],
    ["an attempt of 0", { run_attempt: 0 }, /no valid run_attempt/],
  ])("refused: %s", (_what, change, message) => {
    expect(() => originRunOf({ ...fork, ...change }, REPO, "REST API")).toThrow(message);
  });
});

describe("readOriginRun", () => {
  const run = { id: 77, headSha: SHA, headBranch: "fix", headRepo: "forker/jux-demo" };

  test("in a workflow_run workflow, the payload's run when from_run is its id", async () => {
    const env = {
      ...TRUSTED,
      GITHUB_EVENT_PATH: eventFile({ action: "completed", workflow_run: payload(run) }),
    };
    expect((await readOriginRun(env, 77, rest)).source).toBe("workflow_run event");
  });

  test("another id than the event's run is refused, saying what to write", async () => {
    const env = { ...TRUSTED, GITHUB_EVENT_PATH: eventFile({ workflow_run: payload(run) }) };
    await expect(readOriginRun(env, 78, rest)).rejects.toThrow(
      "from_run is 78 but this workflow_run event is for run 77: set from_run: ${{ github.event.workflow_run.id }}",
    );
  });

  test("a payload reached through a symbolic link is not read", async () => {
    const link = join(mkdtempSync(join(tmpdir(), "jux-event-")), "link.json");
    symlinkSync(eventFile({ workflow_run: payload(run) }), link);
    await expect(readOriginRun({ ...TRUSTED, GITHUB_EVENT_PATH: link }, 77, rest)).rejects.toThrow(
      FromRunError,
    );
  });

  test("outside workflow_run, the REST API's run object", async () => {
    api.addRun({ ...run, id: 88 });
    const got = await readOriginRun({ ...TRUSTED, GITHUB_EVENT_NAME: "workflow_dispatch" }, 88, rest);
    expect(got).toMatchObject({ id: 88, headSha: SHA, source: "REST API" });
  });

  test("a run the API does not know: its id, and what the job needs", async () => {
    const env = { ...TRUSTED, GITHUB_EVENT_NAME: "workflow_dispatch" };
    await expect(readOriginRun(env, 404404, rest)).rejects.toThrow(
      /run 404404 was not found in octo\/jux-demo \(HTTP 404\).*actions: read/,
    );
  });
});

describe("the metadata of a fork's run", () => {
  const run: OriginRun = originRunOf(
    payload({
      id: 77,
      headSha: SHA,
      headBranch: "fix",
      headRepo: "forker/jux-demo",
      attempt: 2,
      runNumber: 12,
    }),
    REPO,
    "workflow_run event",
  );

  const props = (o: Parameters<typeof originEnv>[2]) =>
    new Map(
      collectMetadata({
        env: originEnv(TRUSTED, run, o),
        cwd: "/",
        git: {},
        extra: originProperties(run, REPO, o),
      }).map((p) => [p.name, p.value]),
    );

  test("the fork's commit, branch, run, attempt and event, and its pull request; none of the signing run's own", () => {
    const p = props({ number: 7, baseRef: "main" });
    expect(Object.fromEntries(p)).toMatchObject({
      "git:commit": SHA,
      "git:branch": "fix",
      "ci:build_id": "77",
      "ci:build_url": "https://github.com/octo/jux-demo/actions/runs/77",
      "env:GITHUB_SHA": SHA,
      "env:GITHUB_REF": "refs/pull/7/merge",
      "env:GITHUB_RUN_NUMBER": "12",
      "env:GITHUB_EVENT_NAME": "pull_request",
      "env:GITHUB_WORKFLOW": "CI",
      "env:GITHUB_ACTOR": "forker",
      "jux:origin": "fork:forker/jux-demo",
      "ci:pull_request": "7",
    });
    const values = [...p.values()];
    for (const own of [
      TRUSTED.GITHUB_SHA,
      "refs/heads/main",
      "9999",
      "4242",
      "workflow_run",
      "maintainer",
      "Sign fork reports",
    ])
      expect(values).not.toContain(own);
    expect(p.has("git:status")).toBe(false);
  });

  test("no pull request found: the number is asserted unknown (never the fork's), no ref (a fork's branch is not ours)", () => {
    const p = props({ none: "no pull request" });
    expect(p.get("ci:pull_request")).toBe("unknown");
    // A fork's branch named main must not read as this repository's refs/heads/main.
    expect(p.has("env:GITHUB_REF")).toBe(false);
    expect(p.has("env:GITHUB_REF_NAME")).toBe(false);
    expect(p.get("git:branch")).toBe("fix");
    const ownPr = originEnv(TRUSTED, { ...run, headRepository: REPO }, { none: "no pull request" });
    expect(ownPr.GITHUB_REF).toBe("refs/heads/fix");
  });

  test("the signing environment itself is untouched", () => {
    const env = { ...TRUSTED };
    originEnv(env, run);
    expect(env).toEqual(TRUSTED);
  });

  test("a run of this repository: jux:origin=run:<id>, and a push's branch", () => {
    const own = { ...run, headRepository: REPO, event: "push" };
    expect(originProperties(own, REPO)).toEqual([{ name: "jux:origin", value: "run:77" }]);
    expect(originEnv(TRUSTED, own)).toMatchObject({ GITHUB_REF: "refs/heads/fix", GITHUB_REF_NAME: "fix" });
    expect(originEnv(TRUSTED, own).GITHUB_HEAD_REF).toBeUndefined();
  });

  test("a deleted fork: jux:origin=fork:deleted", () => {
    expect(originProperties({ ...run, headRepository: null }, REPO)[0]).toEqual({
      name: "jux:origin",
      value: "fork:deleted",
    });
  });
});

/**
 * uploadFiles (src/action/artifact.ts) when another job of the run took the artifact's name (matrix legs without
 * the leg input): the next free name is taken, and ONE notice says how to give each leg its own. The artifact
 * client is a double of the results service's CreateArtifact: a name taken in the run is refused the way
 * @actions/artifact reports GitHub's 409.
 */
import { afterEach, beforeEach, expect, jest, test } from "@jest/globals";
import type { ArtifactClient } from "@actions/artifact";
import { uploadFiles } from "../../src/action/artifact.js";

/** One workflow run's artifact names, as the service keeps them; a second upload of a name is a 409. */
function runArtifacts(...taken: string[]) {
  const names = new Set(taken);
  let id = 100;
  const client: Pick<ArtifactClient, "uploadArtifact"> = {
    uploadArtifact: (name) => {
      if (names.has(name))
        return Promise.reject(
          new Error(
            "Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run",
          ),
        );
      names.add(name);
      return Promise.resolve({ id: ++id, size: 10 });
    },
  };
  return { client, names };
}

const env = {
  GITHUB_REPOSITORY: "octo/jux-demo",
  GITHUB_RUN_ID: "77",
  GITHUB_SERVER_URL: "https://github.com",
};
let out: string[];
let spy: ReturnType<typeof jest.spyOn>;

beforeEach(() => {
  out = [];
  spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
    out.push(String(chunk));
    return true;
  });
});
afterEach(() => spy.mockRestore());

const notices = () =>
  out
    .join("")
    .split(/\r?\n/)
    .filter((l) => l.startsWith("::notice::"));

test("a free name is taken as it is, without a notice", async () => {
  const { client } = runArtifacts("other");
  const r = await uploadFiles("jux-reports-test-attempt1", ["a.xml"], "/tmp", env, undefined, client);
  expect(r).toEqual({
    ok: true,
    artifact: {
      id: 101,
      name: "jux-reports-test-attempt1",
      url: "https://github.com/octo/jux-demo/actions/runs/77/artifacts/101",
      size: 10,
    },
  });
  expect(notices()).toEqual([]);
});

test("legs without the leg input: the second and third legs get -2 and -3, and one notice says to set the leg input", async () => {
  const { client, names } = runArtifacts();
  const name = "jux-reports-test-attempt1";
  const legs = [];
  for (let leg = 0; leg < 3; leg++) legs.push(await uploadFiles(name, ["a.xml"], "/tmp", env, 7, client));
  expect(legs.map((r) => r.ok && r.artifact.name)).toEqual([name, `${name}-2`, `${name}-3`]);
  expect([...names]).toEqual([name, `${name}-2`, `${name}-3`]);
  // Said once in a process, however many uploads clash (the reports' and the side artifacts').
  expect(notices()).toEqual([
    "::notice::jux: another job of this workflow run already kept an artifact named jux-reports-test-attempt1 (a matrix leg?): set the leg input (e.g. the matrix's os) so that each leg has its own artifact, baseline and comment",
  ]);
});

test("an upload that never answers (a stalled blob upload) counts as failed after 10 minutes, with a reason, instead of holding the step", async () => {
  jest.useFakeTimers();
  try {
    const stalled: Pick<ArtifactClient, "uploadArtifact"> = {
      uploadArtifact: () => new Promise(() => undefined),
    };
    const upload = uploadFiles("jux-reports-test-attempt1", ["a.xml"], "/tmp", env, undefined, stalled);
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    await expect(upload).resolves.toEqual({
      ok: false,
      reason: "the upload of jux-reports-test-attempt1 took no answer within 10 minutes",
    });
  } finally {
    jest.useRealTimers();
  }
});

/**
 * The run whose reports `from_run` takes, as GitHub describes it: the `workflow_run` event's payload
 * (GITHUB_EVENT_PATH) in a workflow_run workflow, else the REST run object (`GET .../actions/runs/{id}`). Both come
 * from GitHub, not from the run's code; every field is checked, and nothing of the trusted workflow's own context
 * is taken for the run's.
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { CONTROL_CHARACTERS } from "../../core/text.js";
import { getJson, positive, record, REPOSITORY, sameRepository, type Rest } from "../../core/github/rest.js";
import { branchName, MAX_EVENT_BYTES } from "../insight/baseline-event.js";
import { FromRunError } from "./github-rest.js";

export interface OriginRun {
  id: number;
  attempt: number;
  runNumber?: number;
  /** The commit the run tested (a pull request's head, not its merge commit). */
  headSha: string;
  headBranch: string;
  /** owner/name of the repository the code came from (a fork's); null when GitHub no longer knows it (a deleted fork). */
  headRepository: string | null;
  /** The event that started the run: pull_request, push, ... */
  event: string;
  workflow?: string;
  actor?: string;
  /** Where the description came from. */
  source: "workflow_run event" | "REST API";
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const EVENT = /^[a-z_]{1,64}$/;
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}(?:\[bot\])?$/;

const text = (v: unknown, max = 255): string | undefined =>
  typeof v === "string" && v !== "" && v.length <= max && !CONTROL_CHARACTERS.test(v) ? v : undefined;

/** The run as `run` (a workflow_run payload's or the REST API's run object) describes it; throws naming a bad field. */
export function originRunOf(run: unknown, repository: string, source: OriginRun["source"]): OriginRun {
  const r = record(run);
  const bad = (field: string, why: string) =>
    new FromRunError(
      `from_run: the ${source}'s run has ${why} ${field}; the run cannot be attributed, nothing is signed`,
    );
  if (!r) throw bad("run object", "no");
  const id = positive(r.id);
  if (id === undefined) throw bad("id", "no valid");
  const repo = text(record(r.repository)?.full_name);
  if (!sameRepository(repo, repository))
    throw new FromRunError(
      `from_run: run ${id} belongs to ${repo ?? "an unknown repository"}, not to ${repository}: only a run of this repository can be taken`,
    );
  const headSha = typeof r.head_sha === "string" && SHA.test(r.head_sha) ? r.head_sha : undefined;
  if (!headSha) throw bad("head_sha", "no valid");
  const headBranch = branchName(r.head_branch);
  if (!headBranch) throw bad("head_branch", "no valid");
  const event = typeof r.event === "string" && EVENT.test(r.event) ? r.event : undefined;
  if (!event) throw bad("event", "no valid");
  const head = record(r.head_repository)?.full_name;
  const headRepository = typeof head === "string" && REPOSITORY.test(head) ? head : null;
  const attempt = r.run_attempt === undefined ? 1 : positive(r.run_attempt);
  if (attempt === undefined) throw bad("run_attempt", "no valid");
  const runNumber = positive(r.run_number);
  const workflow = text(r.name);
  const login = record(r.triggering_actor)?.login ?? record(r.actor)?.login;
  const actor = typeof login === "string" && LOGIN.test(login) ? login : undefined;
  return {
    id,
    attempt,
    ...(runNumber !== undefined ? { runNumber } : {}),
    headSha,
    headBranch,
    headRepository,
    event,
    ...(workflow ? { workflow } : {}),
    ...(actor ? { actor } : {}),
    source,
  };
}

/** The event payload, read within the webhook size bound and never through a link. */
async function readPayload(path: string): Promise<unknown> {
  let raw: string;
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const { size } = await handle.stat();
      if (size > MAX_EVENT_BYTES)
        throw new FromRunError(`from_run: the event payload is ${size} bytes, over ${MAX_EVENT_BYTES}`);
      raw = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof FromRunError) throw e;
    throw new FromRunError(
      `from_run: the workflow_run event payload (GITHUB_EVENT_PATH) could not be read (${(e as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new FromRunError("from_run: the workflow_run event payload (GITHUB_EVENT_PATH) is not JSON");
  }
}

/**
 * The run `from_run` names. In a workflow_run workflow it must be the event's run (a different id is refused: the
 * payload describes only its own run); elsewhere (workflow_dispatch, a re-run) the REST API describes it.
 */
export async function readOriginRun(env: NodeJS.ProcessEnv, fromRun: number, rest: Rest): Promise<OriginRun> {
  if (env.GITHUB_EVENT_NAME === "workflow_run") {
    if (!env.GITHUB_EVENT_PATH)
      throw new FromRunError("from_run: GITHUB_EVENT_PATH is not set in a workflow_run event");
    const run = record(await readPayload(env.GITHUB_EVENT_PATH))?.workflow_run;
    const id = record(run)?.id;
    if (id !== fromRun)
      throw new FromRunError(
        `from_run is ${fromRun} but this workflow_run event is for run ${typeof id === "number" ? id : "(none)"}: set from_run: \${{ github.event.workflow_run.id }}`,
      );
    return originRunOf(run, rest.repository, "workflow_run event");
  }
  const answer = await getJson(rest, `actions/runs/${fromRun}`);
  if (!answer.ok)
    throw new FromRunError(
      answer.status === 404
        ? `from_run: run ${fromRun} was not found in ${rest.repository} (HTTP 404): check the run id, and give the job \`actions: read\``
        : `from_run: run ${fromRun} could not be read through the REST API (${answer.problem}): give the job \`actions: read\`, or re-run the job`,
    );
  return originRunOf(answer.body, rest.repository, "REST API");
}

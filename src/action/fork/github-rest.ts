/**
 * from_run's REST access: the token and repository of this job (the REST calls themselves are
 * core/github/rest.ts), and the one error this room throws for a run that cannot be used.
 */
import { apiUrlOf, REPOSITORY, REST_TIMEOUT_MS, type Rest } from "../../core/github/rest.js";

/** Why the reports of another run cannot be taken at all (its event, the run, the token, the artifacts). */
export class FromRunError extends Error {
  override name = "FromRunError";
  readonly code = "FROM_RUN";
}

export function restOf(env: NodeJS.ProcessEnv, token: string | undefined, timeoutMs = REST_TIMEOUT_MS): Rest {
  const repository = env.GITHUB_REPOSITORY ?? "";
  if (!REPOSITORY.test(repository))
    throw new FromRunError(
      `from_run: GITHUB_REPOSITORY is ${repository ? `"${repository}", not owner/name` : "not set"} (not a GitHub Actions job?)`,
    );
  if (!token)
    throw new FromRunError(
      "from_run: github_token is empty: the run's artifacts are read through the REST API (give the job `actions: read` and leave github_token at its default)",
    );
  return { api: apiUrlOf(env), repository, token, timeoutMs };
}

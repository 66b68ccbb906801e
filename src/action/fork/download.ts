/**
 * Another run's artifacts through the REST API: listed (`GET .../actions/runs/{id}/artifacts`) and chosen by name
 * pattern; each is then downloaded by core/github/artifacts.ts.
 */
import { artifactOf, type ListedArtifact } from "../../core/github/artifacts.js";
import { getJson, record, type Rest } from "../../core/github/rest.js";
import { FromRunError } from "./github-rest.js";
import { globRegExp } from "../../core/text.js";

/** Pages of 100 artifacts listed at most (GitHub allows 500 artifacts per job). */
const MAX_PAGES = 10;

/** Every artifact of the run (names GitHub would not allow are left out, with why). */
export async function listArtifacts(
  rest: Rest,
  runId: number,
): Promise<{ artifacts: ListedArtifact[]; unusable: string[] }> {
  const artifacts: ListedArtifact[] = [];
  const unusable: string[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await getJson(rest, `actions/runs/${runId}/artifacts?per_page=100&page=${page}`);
    if (!answer.ok)
      throw new FromRunError(
        `from_run: the artifacts of run ${runId} could not be listed (${answer.problem}): give the job \`actions: read\``,
      );
    const list = record(answer.body)?.artifacts;
    if (!Array.isArray(list))
      throw new FromRunError(`from_run: the artifacts of run ${runId}: the REST API's answer has no list`);
    for (const item of list) {
      const a = artifactOf(item);
      if (typeof a === "string") unusable.push(a);
      else artifacts.push(a);
    }
    if (list.length < 100) break;
  }
  return { artifacts, unusable };
}

/** The artifacts the patterns name (one per line; a leading `!` excludes), in the listing's order. */
export function selectArtifacts<A extends { name: string }>(artifacts: A[], patterns: string[]): A[] {
  const take = patterns.filter((p) => !p.startsWith("!")).map((p) => globRegExp(p));
  const leave = patterns.filter((p) => p.startsWith("!")).map((p) => globRegExp(p.slice(1)));
  return artifacts.filter((a) => take.some((r) => r.test(a.name)) && !leave.some((r) => r.test(a.name)));
}

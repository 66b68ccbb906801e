/** The options that select stored reports, shared by `jux cache list`, `export` and `delete` (core/store/query.ts). */
import { RUN_STATUSES } from "../../../core/junit/outcome.js";
import { UsageError } from "../../../core/command/io.js";
import { isEmptyQuery, parseTime, type ReportQuery } from "../../../core/store/query.js";
import { AREAS, type Area } from "../../../core/store/types.js";
import { choice } from "./common.js";

export const QUERY_OPTIONS = {
  area: { type: "string" },
  project: { type: "string" },
  branch: { type: "string" },
  commit: { type: "string" },
  status: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
} as const;

export const QUERY_HELP = `      --area A        reports, queue, rejected or all (default all)
      --project P     the report's project property
      --branch B      its git:branch
      --commit SHA    its git:commit: the full SHA or a prefix of 7 hex digits or more
      --status S      passed, failed or error (errors before failures: a run with both is error)
      --since T       at or after T: a duration back from now (7d, 12h, 30m, 2w) or an ISO date or date-time
      --until T       at or before T (a bare date includes its whole day)
                      The time is the report's jux:timestamp, else when it was stored.`;

type QueryValues = { [K in keyof typeof QUERY_OPTIONS]?: string | undefined };

/** A point in time from --since/--until, or a usage error naming the option and what it takes. */
export function timeOption(
  sub: string,
  name: "since" | "until",
  value: string | undefined,
  now: Date,
): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseTime(value, now, name === "until");
  if (ms === undefined)
    throw new UsageError(
      `jux cache ${sub}: --${name} "${value}" is neither a duration nor a date (e.g. 7d, 12h, 2026-01-31 or 2026-01-31T12:00Z)`,
    );
  return ms;
}

/** The area and the query the options give (`sub` names the subcommand in errors). */
export function queryOf(
  sub: string,
  values: QueryValues,
  now: Date,
): { area: Area | undefined; query: ReportQuery } {
  const area = choice(sub, "area", values.area, [...AREAS, "all" as const]) ?? "all";
  // A shorter prefix would match nothing (core/store/query.ts): say so rather than list nothing.
  if (values.commit !== undefined && !/^[0-9a-fA-F]{7,64}$/.test(values.commit))
    throw new UsageError(
      `jux cache ${sub}: --commit "${values.commit}": --commit needs a full SHA or a prefix of 7 or more hex digits (git rev-parse --short HEAD)`,
    );
  const query: ReportQuery = {
    project: values.project,
    branch: values.branch,
    commit: values.commit,
    status: choice(sub, "status", values.status, RUN_STATUSES),
    since: timeOption(sub, "since", values.since, now),
    until: timeOption(sub, "until", values.until, now),
  };
  return { area: area === "all" ? undefined : area, query };
}

/** The criteria given, as the user wrote them (for "no report matches ..."). */
export function criteriaText(values: QueryValues): string {
  return (Object.keys(QUERY_OPTIONS) as (keyof typeof QUERY_OPTIONS)[])
    .filter((k) => values[k] !== undefined)
    .map((k) => `--${k} ${values[k]}`)
    .join(" ");
}

/** What a command says when its query selects nothing (exit 0: nothing to do is not a failure). */
export function noMatch(values: QueryValues, query: ReportQuery): string {
  const criteria = criteriaText(values);
  return isEmptyQuery(query) && values.area === undefined
    ? "no report matches: the store is empty"
    : `no report matches ${criteria}`;
}

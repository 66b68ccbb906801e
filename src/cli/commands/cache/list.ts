import { AREAS, type StoredEntry } from "../../../core/store/types.js";
import { RUN_STATUSES, runStatus, type RunStatus } from "../../../core/junit/outcome.js";
import { json, parse } from "../../../core/command/args.js";
import { UsageError, writeLine, type Command } from "../../../core/command/io.js";
import { choice, COMMON, exactPositionals, openStore, printHelp } from "./common.js";
import { aligned } from "../../format.js";
import { countsText, when, withStatus } from "./format.js";

const USAGE = `Usage: jux cache list [--area reports|queue|rejected|all] [--project P] [--branch B]
                      [--status passed|failed|error] [--since DATE] [--until DATE] [--storage-path DIR] [--json]

One line per report: hash, area, when, project, branch, status, counts. --since/--until take an ISO date
or date-time (a date alone: --until includes the whole day) and apply to the report's jux:timestamp, else to
when it was stored. Default area: all.
`;

const OPTIONS = {
  ...COMMON,
  area: { type: "string" },
  project: { type: "string" },
  branch: { type: "string" },
  status: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  json: { type: "boolean" },
} as const;

/** An ISO date or date-time as milliseconds; a bare date is the start of that day, or its end with `endOfDay`. */
export function dateOption(name: string, value: string | undefined, endOfDay: boolean): number | undefined {
  if (value === undefined) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms))
    throw new UsageError(
      `jux cache list: --${name} "${value}" is not a date (e.g. 2026-01-31 or 2026-01-31T12:00Z)`,
    );
  return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}

/** What `jux cache list` keeps; an absent criterion keeps everything. Times in ms, both bounds inclusive. */
export interface ListFilter {
  project?: string | undefined;
  branch?: string | undefined;
  status?: RunStatus | undefined;
  since?: number | undefined;
  until?: number | undefined;
}

/** Whether an entry passes; its time is its jux:timestamp, else (absent or not a date) when it was stored. */
export function listed(e: StoredEntry, f: ListFilter): boolean {
  const t = Date.parse(e.timestamp ?? e.storedAt);
  const at = Number.isNaN(t) ? Date.parse(e.storedAt) : t;
  return (
    (f.project === undefined || e.project === f.project) &&
    (f.branch === undefined || e.branch === f.branch) &&
    (f.status === undefined || runStatus(e) === f.status) &&
    (f.since === undefined || at >= f.since) &&
    (f.until === undefined || at <= f.until)
  );
}

export const list: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache list", true);
  if (values.help) return printHelp(io, USAGE);
  exactPositionals("list", positionals, []);
  const area = choice("list", "area", values.area, [...AREAS, "all" as const]) ?? "all";
  const filter: ListFilter = {
    project: values.project,
    branch: values.branch,
    status: choice("list", "status", values.status, RUN_STATUSES),
    since: dateOption("since", values.since, false),
    until: dateOption("until", values.until, true),
  };
  const store = await openStore(values, io);
  const entries = (await store.list(area === "all" ? undefined : area)).filter((e) => listed(e, filter));
  if (values.json) {
    writeLine(io.stdout, json(entries.map(withStatus)));
    return 0;
  }
  const rows = entries.map((e) => [
    e.hash.slice(0, 12),
    e.area,
    when(e.timestamp ?? e.storedAt),
    e.project ?? "-",
    e.branch ?? "-",
    runStatus(e),
    countsText(e),
  ]);
  for (const line of aligned(rows)) writeLine(io.stdout, line);
  return 0;
};

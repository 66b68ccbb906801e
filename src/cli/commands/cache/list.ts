import { runStatus } from "../../../core/junit/outcome.js";
import { json, parse } from "../../../core/command/args.js";
import { writeLine, type Command } from "../../../core/command/io.js";
import { selectReports } from "../../../core/store/query.js";
import { COMMON, exactPositionals, openStore, printHelp } from "./common.js";
import { aligned } from "../../format.js";
import { countsText, when, withStatus } from "./format.js";
import { noMatch, QUERY_HELP, QUERY_OPTIONS, queryOf } from "./query-options.js";

const USAGE = `Usage: jux cache list [--area A] [--project P] [--branch B] [--commit SHA] [--status S]
                      [--since T] [--until T] [--storage-path DIR] [--json]

One line per report: hash, area, when, project, branch, status, counts, oldest first. Every criterion given must
hold; they are read from the store's index (index.json), not from the reports. No match: "no report matches ..."
on standard error, exit 0 (--json prints []).

${QUERY_HELP}
`;

const OPTIONS = { ...COMMON, ...QUERY_OPTIONS, json: { type: "boolean" } } as const;

export const list: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache list", true);
  if (values.help) return printHelp(io, USAGE);
  exactPositionals("list", positionals, []);
  const { area, query } = queryOf("list", values, new Date());
  const store = await openStore(values, io);
  const entries = await selectReports(store, area, query);
  if (values.json) {
    writeLine(io.stdout, json(entries.map(withStatus)));
    return 0;
  }
  if (entries.length === 0) writeLine(io.stderr, noMatch(values, query));
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

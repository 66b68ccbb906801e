import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { Writable } from "node:stream";
import { parse } from "../../../core/command/args.js";
import { EXIT, UsageError, writeLine, type Command } from "../../../core/command/io.js";
import { writeStreamAtomic } from "../../../core/fs/atomic-file.js";
import { hasZstd } from "../../../core/fs/compression.js";
import { noZstd } from "../../../core/store/codec.js";
import { oncePerReport, selectReports } from "../../../core/store/query.js";
import { progressOn } from "../../progress.js";
import { choice, COMMON, exactPositionals, openStore, printHelp } from "./common.js";
import {
  FORMATS,
  PER,
  writeCsvRuns,
  writeCsvTests,
  writeJsonl,
  writeTarArchive,
  type ExportJob,
} from "./export-formats.js";
import { noMatch, QUERY_HELP, QUERY_OPTIONS, queryOf } from "./query-options.js";

const USAGE = `Usage: jux cache export --output FILE [--format jsonl|csv|tar] [--per run|test] [--area A]
                        [--project P] [--branch B] [--commit SHA] [--status S] [--since T] [--until T]
                        [--storage-path DIR]

Writes the selected reports (each once, whatever areas hold it), oldest first, to FILE (mode 0600; written
beside it and moved into place when complete; it must not exist), or to standard output with -o - (the
tally then goes to standard error):
  jsonl  jux serve's export format (version 1): jux serve import and jux cache import read it
  csv    for spreadsheets: one row per report (--per run, the default: from the index, no report read)
         or per test (--per test); RFC 4180, a cell starting with = + - @ gets a leading '
  tar    the reports as <hash>.xml, their original bytes as signed, and manifest.json; jux cache import reads it
No report selected: "no report matches ...", nothing written, exit 0.

  -o, --output FILE   the file to write (required; must not exist; "-": standard output)
      --format F      jsonl (default), csv or tar
      --per run|test  csv only: a row per report (default) or per test
${QUERY_HELP}
`;

const OPTIONS = {
  ...COMMON,
  ...QUERY_OPTIONS,
  output: { type: "string", short: "o" },
  format: { type: "string" },
  per: { type: "string" },
} as const;

export const exportCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache export", true);
  if (values.help) return printHelp(io, USAGE);
  exactPositionals("export", positionals, []);
  const format = choice("export", "format", values.format, FORMATS) ?? "jsonl";
  const per = choice("export", "per", values.per, PER);
  if (per !== undefined && format !== "csv")
    throw new UsageError(`jux cache export: --per is for --format csv only, not ${format}`);
  if (!values.output)
    throw new UsageError("jux cache export: --output FILE is required (see jux cache export --help)");
  const toStdout = values.output === "-";
  const output = toStdout ? "standard output" : resolve(io.cwd, values.output);
  if (!toStdout && existsSync(output))
    throw new Error(
      `jux cache export: ${output} already exists: choose another --output, or remove it first`,
    );
  const now = new Date();
  const { area, query } = queryOf("export", values, now);
  const store = await openStore(values, io);
  const entries = oncePerReport(await selectReports(store, area, query));
  if (entries.length === 0) {
    writeLine(io.stderr, `${noMatch(values, query)}: nothing written`);
    return EXIT.ok;
  }
  // A report read on a runtime without zstd: fatal before anything is written (as jux cache show --xml says).
  const reads = format !== "csv" || per === "test";
  const unreadable = reads && !hasZstd() ? entries.find((e) => e.compression === "zstd") : undefined;
  if (unreadable) throw noZstd(unreadable.path);
  const skipped: string[] = [];
  const job: ExportJob = {
    store,
    entries,
    filter: filterOf(values, query.since),
    now,
    skip: (e, why) => {
      skipped.push(e.hash);
      writeLine(io.stderr, `jux cache export: ${e.area}/${basename(e.path)} left out: ${why}`);
    },
    progress: progressOn(io, "exporting"),
  };
  const writer = (out: Writable) =>
    format === "jsonl"
      ? writeJsonl(out, job)
      : format === "tar"
        ? writeTarArchive(out, job)
        : per === "test"
          ? writeCsvTests(out, job)
          : writeCsvRuns(out, job);
  const written = toStdout ? await writer(io.stdout) : await writeFile(output, writer, () => skipped.length);
  const what = format === "csv" ? `csv, a row per ${per ?? "run"}` : format;
  // On standard output the export is the output: the tally goes to standard error (as jux sign's).
  const tally = toStdout ? io.stderr : io.stdout;
  writeLine(tally, `jux cache export: ${written} report(s) written to ${output} (${what})`);
  if (skipped.length === 0) return EXIT.ok;
  return written > 0 ? EXIT.usage : EXIT.failure;
};

/** Writes beside `output` and moves into place; nothing but failures (every report skipped): no file at all. */
function writeFile(
  output: string,
  writer: (out: Writable) => Promise<number>,
  skipped: () => number,
): Promise<number> {
  return writeStreamAtomic(
    output,
    async (out) => {
      const n = await writer(out);
      if (n === 0)
        throw new Error(
          `jux cache export: none of the ${skipped()} selected report(s) could be read (see above): nothing written to ${output}`,
        );
      return n;
    },
    0o600,
    true,
    // Never over a file (or a link) that appeared at --output since it was checked.
    false,
  );
}

/** The criteria as the header (jsonl) or manifest (tar) records them: jux serve's keys, then the cache's own. */
function filterOf(
  values: { [k in keyof typeof QUERY_OPTIONS]?: string | undefined },
  since: number | undefined,
): ExportJob["filter"] {
  const filter: ExportJob["filter"] = {};
  if (values.project !== undefined) filter.project = values.project;
  if (values.branch !== undefined) filter.branch = values.branch;
  if (since !== undefined) filter.since = new Date(since).toISOString();
  for (const key of ["commit", "status", "until", "area"] as const)
    if (values[key] !== undefined) filter[key] = values[key];
  return filter;
}

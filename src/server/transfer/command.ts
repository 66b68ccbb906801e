import { createReadStream, existsSync } from "node:fs";
import { resolve } from "node:path";
import { parse, trustedKeysFrom } from "../../core/command/args.js";
import { EXIT, UsageError, writeLine, type CliIo } from "../../core/command/io.js";
import { parseSize } from "../../core/config/size.js";
import { located, namedDatabase } from "../database.js";
import { redactDatabaseUrl } from "../db/redact.js";
import { isPostgres } from "../db/sql.js";
import { Store } from "../store.js";
import { backupToFile } from "./backup.js";
import { exportToFile } from "./export.js";
import { FORMAT, VERSION, type ExportFilter } from "./format.js";
import { importLines, ON_CONFLICT, summaryLine, type OnConflict } from "./import.js";
import { readLines } from "./lines.js";
import { MIGRATE_USAGE, migrateCommand } from "./migrate.js";
import { interruptible } from "./interrupt.js";

export const TRANSFER_USAGE = `Moving data (docs/server.md, "Moving data"; --database defaults to $JUX_SERVE_DATABASE):
  jux serve export --database FILE|URL --output FILE [--project P] [--branch B] [--since DATE]
  jux serve import --database FILE|URL EXPORT.jsonl --on-conflict skip|replace|keep-both [--trust CERT.pem ...]
                   [--require-signature] [--max-body 50MB]
  jux serve backup --database FILE --output FILE
  jux serve migrate --from sqlite:FILE|URL --to sqlite:FILE|URL [--batch N] [--verify-only]
`;

const USAGE: Record<Subcommand, string> = {
  export: `Usage: jux serve export --database FILE|URL --output FILE [--project P] [--branch B] [--since DATE]

Writes the runs of a jux serve database as JSON Lines (format "${FORMAT}", version ${VERSION}): a header, one run
per line with its verbatim report, a trailer. Runs in the order they were stored; the file (mode 0600) appears
only when complete. A server may keep running.

      --database FILE|URL  the database jux serve uses: a SQLite file or a PostgreSQL URL (default
                           $JUX_SERVE_DATABASE)
      --output FILE     the file to write (must not exist)
      --project P       runs of this project only
      --branch B        runs of this branch only
      --since DATE      runs stored at or after this date or time (2026-01-31, 2026-01-31T12:00:00Z)
  -h, --help            show this help
`,
  import: `Usage: jux serve import --database FILE|URL EXPORT.jsonl --on-conflict skip|replace|keep-both
                        [--trust CERT.pem ...] [--require-signature] [--max-body 50MB]

Imports a jux serve export: each run keeps its id and time; suites, cases and per-test results are recomputed
from its verbatim report, which is checked as a submission is (its canonical hash, its signature). A bad line
is refused by its number and the others imported; exit status 1 when any was refused or the file is incomplete.

      --database FILE|URL the database to import into: a SQLite file (created when missing) or a PostgreSQL
                          URL (default $JUX_SERVE_DATABASE)
      --on-conflict MODE  when the database holds the same report (same canonical hash) or the run's id:
                            skip       keep what is stored
                            replace    store the imported run instead (with its rows, in one transaction)
                            keep-both  same id, different report: import it under a new id (a same report
                                       is kept once: skipped, and said)
      --trust CERT.pem    verify signatures against these certificates or keys (repeatable), as jux serve does
      --require-signature refuse unsigned reports
      --max-body SIZE     largest report accepted (default 50MB)
  -h, --help              show this help
`,
  backup: `Usage: jux serve backup --database FILE --output FILE

Copies a jux serve database with SQLite's online backup: a consistent copy even while a server writes to it.
The copy (mode 0600) appears only when complete. PostgreSQL: use pg_dump -Fc (docs/scale.md).

      --database FILE   the SQLite database jux serve uses
      --output FILE     the copy to write (must not exist)
  -h, --help            show this help
`,
  migrate: MIGRATE_USAGE,
};

export type Subcommand = "export" | "import" | "backup" | "migrate";
export const SUBCOMMANDS: ReadonlySet<string> = new Set<Subcommand>([
  "export",
  "import",
  "backup",
  "migrate",
]);

const OPTIONS = {
  database: { type: "string" },
  output: { type: "string" },
  project: { type: "string" },
  branch: { type: "string" },
  since: { type: "string" },
  "on-conflict": { type: "string" },
  trust: { type: "string", multiple: true },
  "require-signature": { type: "boolean" },
  "max-body": { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  batch: { type: "string" },
  "verify-only": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const ALLOWED: Record<Subcommand, (keyof typeof OPTIONS)[]> = {
  export: ["database", "output", "project", "branch", "since", "help"],
  import: ["database", "on-conflict", "trust", "require-signature", "max-body", "help"],
  backup: ["database", "output", "help"],
  migrate: ["from", "to", "batch", "verify-only", "help"],
};

type Values = ReturnType<typeof parse<typeof OPTIONS>>["values"];

function required(values: Values, name: "output", sub: Subcommand, io: CliIo): string {
  const value = values[name];
  if (!value) throw new UsageError(`jux serve ${sub}: --${name} FILE is required (jux serve ${sub} --help)`);
  return resolve(io.cwd, value);
}

/** --database, else JUX_SERVE_DATABASE: a SQLite file resolved against the working directory, or a URL. */
function database(values: Values, sub: Subcommand, io: CliIo): string {
  const value = namedDatabase(values.database, io.env);
  if (!value)
    throw new UsageError(
      `jux serve ${sub}: --database FILE is required, or JUX_SERVE_DATABASE (jux serve ${sub} --help)`,
    );
  return located(value, io.cwd);
}

/** An existing database: export and backup never create an empty SQLite file for a mistyped name. */
function existing(path: string, sub: Subcommand): string {
  if (!isPostgres(path) && !existsSync(path))
    throw new Error(
      `jux serve ${sub}: the database ${path} does not exist: give the one jux serve uses with --database`,
    );
  return path;
}

function fresh(path: string, sub: Subcommand): string {
  if (existsSync(path))
    throw new Error(`jux serve ${sub}: ${path} already exists: choose another --output, or remove it first`);
  return path;
}

function sinceOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time))
    throw new UsageError(
      `jux serve export --since: "${text}" is not a date: give 2026-01-31 or 2026-01-31T12:00:00Z`,
    );
  return new Date(time).toISOString();
}

/** What Ctrl-C during export or backup leaves: nothing (the file being written is removed). */
const INTERRUPTED = "interrupted: nothing was written";

async function runExport(values: Values, io: CliIo): Promise<number> {
  const db = existing(database(values, "export", io), "export");
  const output = fresh(required(values, "output", "export", io), "export");
  const filter: ExportFilter = {
    ...(values.project !== undefined ? { project: values.project } : {}),
    ...(values.branch !== undefined ? { branch: values.branch } : {}),
    ...(values.since !== undefined ? { since: sinceOf(values.since)! } : {}),
  };
  const store = await Store.open(db);
  const { signal, done } = interruptible(INTERRUPTED);
  try {
    const runs = await exportToFile(store, output, filter, new Date(), signal);
    writeLine(io.stdout, `jux serve export: ${runs} run(s) written to ${output}`);
    return EXIT.ok;
  } finally {
    done();
    await store.close();
  }
}

async function runImport(values: Values, files: string[], io: CliIo): Promise<number> {
  const db = database(values, "import", io);
  if (files.length !== 1)
    throw new UsageError(
      "jux serve import: give one export file (jux serve import --database FILE EXPORT.jsonl ...)",
    );
  const mode = values["on-conflict"];
  if (!ON_CONFLICT.includes(mode as OnConflict))
    throw new UsageError(
      `jux serve import: --on-conflict ${mode === undefined ? "is required" : `"${mode}" is not a mode`}: give skip, replace or keep-both`,
    );
  let maxReport: number;
  try {
    maxReport = parseSize(values["max-body"] ?? "50MB", "jux serve import --max-body");
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const file = resolve(io.cwd, files[0]!);
  if (!existsSync(file))
    throw new Error(`jux serve import: ${file} does not exist: give the file jux serve export wrote`);
  const policy = {
    trusted: await trustedKeysFrom(values.trust ?? [], io),
    requireSignature: !!values["require-signature"],
  };
  const store = await Store.open(db, { preferVerified: policy.trusted.length > 0 });
  try {
    // A line holds a report in base64 (4/3 of its size) and its facts: bounded by --max-body, with room for these.
    const lines = readLines(createReadStream(file), Math.ceil((maxReport * 4) / 3) + 1024 * 1024);
    const say = (message: string) => writeLine(io.stderr, `jux serve import: ${message}`);
    const summary = await importLines(store, lines, file, {
      onConflict: mode as OnConflict,
      policy,
      maxReport,
      say,
    });
    summary.problems.forEach(say);
    writeLine(io.stdout, `jux serve import: ${summaryLine(summary)}`);
    return summary.refused > 0 || summary.problems.length > 0 ? EXIT.failure : EXIT.ok;
  } finally {
    await store.close();
  }
}

async function runBackup(values: Values, io: CliIo): Promise<number> {
  const db = database(values, "backup", io);
  if (isPostgres(db))
    throw new UsageError(
      "jux serve backup copies a SQLite database; for PostgreSQL use pg_dump -Fc " +
        "(pg_dump -Fc --file jux.dump postgres://USER@HOST/DB, restored with pg_restore) (docs/scale.md)",
    );
  existing(db, "backup");
  const output = fresh(required(values, "output", "backup", io), "backup");
  const store = await Store.open(db);
  try {
    const pages = await backupToFile(store, output);
    writeLine(
      io.stdout,
      `jux serve backup: ${redactDatabaseUrl(db)} copied to ${output} (${pages} pages, SQLite online backup)`,
    );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** `jux serve export|import|backup|migrate`: its options read, then the one verb run. */
export async function transfer(sub: Subcommand, argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS, `serve ${sub}`, sub === "import");
  if (values.help) {
    io.stdout.write(USAGE[sub]);
    return EXIT.ok;
  }
  const stray = (Object.keys(values) as (keyof typeof OPTIONS)[]).find((k) => !ALLOWED[sub].includes(k));
  if (stray)
    throw new UsageError(`jux serve ${sub}: --${stray} is not an option of ${sub} (jux serve ${sub} --help)`);
  if (sub === "export") return runExport(values, io);
  if (sub === "import") return runImport(values, positionals, io);
  if (sub === "migrate") return migrateCommand(values, io);
  return runBackup(values, io);
}

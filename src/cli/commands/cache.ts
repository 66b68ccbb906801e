import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { compareReports, type Comparison } from "../../core/store/compare.js";
import { ReportStore, type Area, type StoredEntry } from "../../core/store/store.js";
import { runStatus, type RunStatus } from "../../core/junit/outcome.js";
import { json, readText } from "../../core/command/args.js";
import { EXIT, FileError, UsageError, writeLine, type CliIo, type Command } from "../../core/command/io.js";
import { rejectionRows } from "./cache-rejection.js";
import { storageBaseOf } from "../settings.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

const COMMON = {
  "storage-path": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const STORE_NOTE = `The store is --storage-path DIR, else $JUX_STORAGE_PATH, else $XDG_DATA_HOME/jux (~/.local/share/jux;
macOS ~/Library/Application Support/jux; Windows %LOCALAPPDATA%\\jux), shared with pytest-jux.`;

const USAGE = `Usage: jux cache <command> [options]

The local report store: reports/ (kept), queue/ (waiting to be published), rejected/ (refused by a server),
quarantine/ (files that failed their integrity check).

Commands:
  list          list the stored reports, one line each
  show HASH     a report's summary and path (a unique prefix of the hash is enough); --xml prints it
  stats         counts, total size, oldest report, age of the oldest queued report
  clean         remove reports older than N days (never the queue)
  clear-queue   drop every queued report (needs --confirm)
  compare A B   per-test differences between two reports (hashes in the store or files)
  push          publish the queued reports to a Jux API server

${STORE_NOTE}
Run "jux cache <command> --help" for a command's options.
`;

const HELP: Record<string, string> = {
  list: `Usage: jux cache list [--area reports|queue|rejected|all] [--project P] [--branch B]
                      [--status passed|failed|error] [--since DATE] [--until DATE] [--storage-path DIR] [--json]

One line per report: hash, area, when, project, branch, status, counts. --since/--until take an ISO date
or date-time (a date alone: --until includes the whole day) and apply to the report's jux:timestamp, else to
when it was stored. Default area: all.
`,
  show: `Usage: jux cache show HASH [--xml] [--storage-path DIR] [--json]

HASH may be a unique prefix (with or without "sha256:"). --xml prints the stored bytes, after checking them.
`,
  stats: `Usage: jux cache stats [--storage-path DIR] [--json]
`,
  clean: `Usage: jux cache clean --days N [--keep-latest N] [--dry-run] [--storage-path DIR] [--json]

Removes the reports stored more than N days ago, except the newest --keep-latest. Queued and rejected
reports are never removed by clean.
`,
  "clear-queue": `Usage: jux cache clear-queue --confirm [--storage-path DIR]

Removes every queued report: they will not be published.
`,
  compare: `Usage: jux cache compare A B [--slower-factor 1.5] [--min-seconds 0.1] [--storage-path DIR] [--json]

A and B are report files or hashes (prefixes) in the store. Lists the tests that newly fail in B (passed or
skipped in A, failed or error in B), fixed, added, removed and slower ones. Exit 0 when no test newly
fails, 1 when some do.
`,
};

function parse<T extends Options>(argv: string[], options: T, sub: string) {
  try {
    return parseArgs({
      args: argv,
      options: { ...COMMON, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(
      `jux cache ${sub}: ${(e as Error).message.replace(/\. To specify a positional.*$/s, "")} (see jux cache ${sub} --help)`,
    );
  }
}

function positionals(sub: string, given: string[], names: string[]): string[] {
  if (given.length !== names.length)
    throw new UsageError(
      `jux cache ${sub}: expected ${names.join(" ")}, got ${given.length ? given.map((g) => `"${g}"`).join(" ") : "nothing"} (see jux cache ${sub} --help)`,
    );
  return given;
}

async function openStore(values: { "storage-path"?: string | undefined }, io: CliIo): Promise<ReportStore> {
  return ReportStore.open(await storageBaseOf(values["storage-path"], io));
}

// --- output helpers ---------------------------------------------------------------------------------------

/** Rows as columns separated by two spaces; the last column is not padded. */
function aligned(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}

function when(iso: string): string {
  return iso.replace("T", " ").slice(0, 16);
}

function counts(e: StoredEntry): string {
  return `${e.tests} tests, ${e.failures} failed, ${e.errors} errors, ${e.skipped} skipped`;
}

function withStatus(e: StoredEntry): StoredEntry & { status: RunStatus } {
  return { ...e, status: runStatus(e) };
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} days`;
}

// --- list ---------------------------------------------------------------------------------------------------

const LIST = {
  area: { type: "string" },
  project: { type: "string" },
  branch: { type: "string" },
  status: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  json: { type: "boolean" },
} as const;

/** An ISO date or date-time as milliseconds; a bare date is the start of that day, or its end with `endOfDay`. */
function dateOption(name: string, value: string | undefined, endOfDay: boolean): number | undefined {
  if (value === undefined) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms))
    throw new UsageError(
      `jux cache list: --${name} "${value}" is not a date (e.g. 2026-01-31 or 2026-01-31T12:00Z)`,
    );
  return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}

function choice<T extends string>(
  sub: string,
  name: string,
  value: string | undefined,
  allowed: readonly T[],
) {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw new UsageError(`jux cache ${sub}: --${name} must be one of ${allowed.join(", ")}, not "${value}"`);
}

const list: Command = async (argv, io) => {
  const { values, positionals: rest } = parse(argv, LIST, "list");
  if (values.help) return help(io, "list");
  positionals("list", rest, []);
  const area = choice("list", "area", values.area, ["reports", "queue", "rejected", "all"] as const) ?? "all";
  const status = choice("list", "status", values.status, ["passed", "failed", "error"] as const);
  const since = dateOption("since", values.since, false);
  const until = dateOption("until", values.until, true);
  const store = await openStore(values, io);
  const entries = (await store.list(area === "all" ? undefined : (area as Area))).filter((e) => {
    const t = Date.parse(e.timestamp ?? e.storedAt);
    const at = Number.isNaN(t) ? Date.parse(e.storedAt) : t;
    return (
      (values.project === undefined || e.project === values.project) &&
      (values.branch === undefined || e.branch === values.branch) &&
      (status === undefined || runStatus(e) === status) &&
      (since === undefined || at >= since) &&
      (until === undefined || at <= until)
    );
  });
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
    counts(e),
  ]);
  for (const line of aligned(rows)) writeLine(io.stdout, line);
  return 0;
};

// --- show ---------------------------------------------------------------------------------------------------

const SHOW = { xml: { type: "boolean" }, json: { type: "boolean" } } as const;

const show: Command = async (argv, io) => {
  const { values, positionals: rest } = parse(argv, SHOW, "show");
  if (values.help) return help(io, "show");
  const [prefix] = positionals("show", rest, ["HASH"]) as [string];
  const store = await openStore(values, io);
  const entry = await store.findByPrefix(prefix);
  if (values.xml) {
    io.stdout.write(await store.read(entry.area, entry.hash));
    return 0;
  }
  // A refused report is kept in reports/ too (cache and both modes): it was rejected all the same.
  const rejected = entry.area === "rejected" || (await store.has("rejected", entry.hash));
  const rejection = rejected ? await store.rejection(entry.hash) : undefined;
  if (values.json) {
    writeLine(io.stdout, json({ ...withStatus(entry), ...(rejection ? { rejection } : {}) }));
    return 0;
  }
  const rows: [string, string | undefined][] = [
    ["hash", `sha256:${entry.hash}`],
    ["area", entry.area],
    ["path", entry.path],
    ["stored", entry.storedAt],
    ["project", entry.project],
    ["branch", entry.branch],
    ["commit", entry.commit],
    ["timestamp", entry.timestamp],
    ["status", runStatus(entry)],
    ["tests", `${counts(entry)}, ${entry.passed} passed (${entry.time} s)`],
    ["signed", entry.signed ? "yes" : "no"],
    ["size", bytes(entry.size)],
    ...(rejected ? rejectionRows(rejection) : []),
  ];
  const present = rows.filter((r): r is [string, string] => r[1] !== undefined);
  for (const line of aligned(present.map(([k, v]) => [`${k}:`, v]))) writeLine(io.stdout, line);
  return 0;
};

// --- stats --------------------------------------------------------------------------------------------------

const STATS = { json: { type: "boolean" } } as const;

const stats: Command = async (argv, io) => {
  const { values, positionals: rest } = parse(argv, STATS, "stats");
  if (values.help) return help(io, "stats");
  positionals("stats", rest, []);
  const store = await openStore(values, io);
  const s = await store.stats();
  if (values.json) {
    writeLine(io.stdout, json({ base: store.base, ...s }));
    return 0;
  }
  const rows = [
    ["store:", store.base],
    ["reports:", String(s.reports)],
    ["queued:", String(s.queued)],
    ["rejected:", String(s.rejected)],
    ["quarantined:", String(s.quarantined)],
    ["size:", bytes(s.bytes)],
    ["oldest report:", s.oldest ?? "-"],
    [
      "oldest queued:",
      s.oldestQueued ? `${s.oldestQueued} (${duration(s.oldestQueuedAgeSeconds ?? 0)} ago)` : "-",
    ],
    [
      "leftovers:",
      s.leftovers
        ? `${s.leftovers} (of interrupted writes, not resolved: the next command that gets the store's lock resolves them)`
        : "0",
    ],
  ];
  for (const line of aligned(rows)) writeLine(io.stdout, line);
  return 0;
};

// --- clean --------------------------------------------------------------------------------------------------

const CLEAN = {
  days: { type: "string" },
  "keep-latest": { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
} as const;

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new UsageError(`jux cache clean: --${name} must be a number >= 0, not "${value}"`);
  return Number(value);
}

const clean: Command = async (argv, io) => {
  const { values, positionals: rest } = parse(argv, CLEAN, "clean");
  if (values.help) return help(io, "clean");
  positionals("clean", rest, []);
  const days = count("days", values.days);
  if (days === undefined)
    throw new UsageError("jux cache clean: --days N is required (see jux cache clean --help)");
  const keepLatest = count("keep-latest", values["keep-latest"]);
  if (keepLatest !== undefined && !Number.isInteger(keepLatest))
    throw new UsageError(
      `jux cache clean: --keep-latest must be a whole number, not "${values["keep-latest"]}"`,
    );
  const dryRun = values["dry-run"] ?? false;
  const store = await openStore(values, io);
  const progress = (io.stderr as { isTTY?: boolean }).isTTY
    ? (done: number, total: number) => {
        io.stderr.write(`\rremoving ${done}/${total}`);
        if (done === total) io.stderr.write("\n");
      }
    : undefined;
  const result = await store.clean({
    olderThanDays: days,
    ...(keepLatest !== undefined ? { keepLatest } : {}),
    dryRun,
    ...(progress ? { onProgress: progress } : {}),
  });
  if (values.json) {
    writeLine(io.stdout, json({ dryRun, removed: result.removed.map(withStatus), kept: result.kept }));
    return 0;
  }
  if (dryRun)
    for (const line of aligned(
      result.removed.map((e) => [e.hash.slice(0, 12), when(e.storedAt), e.project ?? "-"]),
    ))
      writeLine(io.stdout, `would remove ${line}`);
  const n = result.removed.length;
  writeLine(
    io.stdout,
    `${dryRun ? "would remove" : "removed"} ${n} report${n === 1 ? "" : "s"}, kept ${result.kept}`,
  );
  return 0;
};

// --- clear-queue --------------------------------------------------------------------------------------------

const CLEAR = { confirm: { type: "boolean" } } as const;

const clearQueue: Command = async (argv, io) => {
  const { values, positionals: rest } = parse(argv, CLEAR, "clear-queue");
  if (values.help) return help(io, "clear-queue");
  positionals("clear-queue", rest, []);
  const store = await openStore(values, io);
  if (!values.confirm) {
    const n = (await store.list("queue")).length;
    // Nothing would be dropped: done, whether --confirm was given or not.
    if (n === 0) {
      writeLine(io.stdout, "the queue is empty: nothing to drop");
      return EXIT.ok;
    }
    throw new UsageError(
      `jux cache clear-queue: this drops ${n} queued report${n === 1 ? "" : "s"} for good (they will not be published); add --confirm`,
    );
  }
  const n = await store.clearQueue();
  writeLine(io.stdout, `removed ${n} queued report${n === 1 ? "" : "s"}`);
  return 0;
};

// --- compare ------------------------------------------------------------------------------------------------

const COMPARE = {
  "slower-factor": { type: "string" },
  "min-seconds": { type: "string" },
  json: { type: "boolean" },
} as const;

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/** A report file when `ref` names one, else a hash (prefix) in the store. */
async function loadReport(
  ref: string,
  io: CliIo,
  store: () => Promise<ReportStore>,
): Promise<{ source: string; bytes: Buffer }> {
  if (await isFile(resolve(io.cwd, ref))) return { source: ref, bytes: await readText(ref, io, "report") };
  if (!/^(sha256:)?[0-9a-fA-F]+$/.test(ref))
    throw new FileError(
      `jux cache compare: ${ref} is neither a file nor a report hash (give a report file that exists, or a hash or prefix from jux cache list)`,
    );
  const s = await store();
  const entry = await s.findByPrefix(ref);
  return { source: `sha256:${entry.hash.slice(0, 12)}`, bytes: await s.read(entry.area, entry.hash) };
}

function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`jux cache compare: --${name} must be a number >= 0, not "${value}"`);
  return n;
}

function caseName(c: { suite: string; classname: string; name: string }): string {
  return [c.suite, c.classname, c.name].filter((p) => p !== "").join(" › ");
}

function comparisonText(c: Comparison): string[] {
  const total = (t: Comparison["totals"]["a"]) =>
    `${t.tests} tests, ${t.failures} failed, ${t.errors} errors, ${t.skipped} skipped`;
  const lines = [`A: ${c.sourceA}: ${total(c.totals.a)}`, `B: ${c.sourceB}: ${total(c.totals.b)}`];
  const section = (title: string, items: string[][]) => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`);
    for (const line of aligned(items)) lines.push(`  ${line}`);
  };
  section(
    "newly failing",
    c.newlyFailing.map((x) => [x.after, caseName(x), x.message?.split("\n")[0] ?? ""]),
  );
  section(
    "fixed",
    c.fixed.map((x) => [x.after, caseName(x)]),
  );
  section(
    "added",
    c.added.map((x) => [x.status, caseName(x)]),
  );
  section(
    "removed",
    c.removed.map((x) => [x.status, caseName(x)]),
  );
  section(
    "slower",
    c.slower.map((x) => [`${x.before} s -> ${x.after} s`, caseName(x)]),
  );
  if (lines.length === 2) lines.push("no differences in results");
  return lines;
}

const compare: Command = async (argv, io) => {
  const { values, positionals: rest } = parse(argv, COMPARE, "compare");
  if (values.help) return help(io, "compare");
  const [a, b] = positionals("compare", rest, ["A", "B"]) as [string, string];
  const slowerFactor = positiveNumber("slower-factor", values["slower-factor"]);
  const minSeconds = positiveNumber("min-seconds", values["min-seconds"]);
  let opened: Promise<ReportStore> | undefined;
  const store = () => (opened ??= openStore(values, io));
  const ra = await loadReport(a, io, store);
  const rb = await loadReport(b, io, store);
  const result = await compareReports(ra.bytes, rb.bytes, {
    sourceA: ra.source,
    sourceB: rb.source,
    ...(slowerFactor !== undefined ? { slowerFactor } : {}),
    ...(minSeconds !== undefined ? { minSeconds } : {}),
  });
  writeLine(io.stdout, values.json ? json(result) : comparisonText(result).join("\n"));
  return result.newlyFailing.length > 0 ? 1 : 0;
};

// --- dispatch -----------------------------------------------------------------------------------------------

/** `jux cache push` belongs to the publisher. */
const push: Command = async (argv, io) => {
  const mod = (await import("./publish.js")) as unknown as { cachePush: Command };
  return mod.cachePush(argv, io);
};

const SUBCOMMANDS: Record<string, Command> = {
  list,
  show,
  stats,
  clean,
  "clear-queue": clearQueue,
  compare,
  push,
};

function help(io: CliIo, sub: string): number {
  io.stdout.write(`${HELP[sub]}\n${STORE_NOTE}\n`);
  return 0;
}

/** pytest-jux's jux-cache takes --storage-path before the subcommand: `jux-cache --storage-path DIR list`. */
function storagePathFirst(argv: string[]): string[] {
  const [first, ...rest] = argv;
  if (first === "--storage-path" && rest.length >= 2) return [rest[1]!, first, rest[0]!, ...rest.slice(2)];
  if (first?.startsWith("--storage-path=") && rest.length >= 1) return [rest[0]!, first, ...rest.slice(1)];
  return argv;
}

export const cache: Command = async (argv, io) => {
  const [sub, ...rest] = storagePathFirst(argv);
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout.write(USAGE);
    return sub === undefined ? 2 : 0;
  }
  const command = SUBCOMMANDS[sub];
  if (!command)
    throw new UsageError(
      `jux cache: unknown command "${sub}" (commands: ${Object.keys(SUBCOMMANDS).join(", ")}; see jux cache --help)`,
    );
  return command(rest, io);
};

import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  progressOn
} from "./chunk-TNA5AUR4.js";
import {
  AREAS,
  ReportStore
} from "./chunk-LZWXQCYM.js";
import "./chunk-DP42TBYA.js";
import {
  compareReports
} from "./chunk-DV65DNRT.js";
import {
  LISTED,
  aligned,
  countsLine,
  differencesText,
  printable
} from "./chunk-TQDOUKZR.js";
import "./chunk-YHDZMY2D.js";
import {
  RUN_STATUSES,
  runStatus
} from "./chunk-R3FYA6IS.js";
import {
  storageBaseOf
} from "./chunk-SDGBPDIT.js";
import "./chunk-LMDFV4XI.js";
import "./chunk-Z4I5DSDC.js";
import {
  EXIT,
  FileError,
  UsageError,
  json,
  parse,
  writeLine
} from "./chunk-H5FCKEJJ.js";
import {
  bytesOnce,
  fileChunks,
  require_promises
} from "./chunk-ZO2J5MLX.js";
import {
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

// src/cli/commands/cache/common.ts
var COMMON = {
  "storage-path": { type: "string" },
  help: { type: "boolean", short: "h" }
};
var STORE_NOTE = `The store is --storage-path DIR, else $JUX_STORAGE_PATH, else $XDG_DATA_HOME/jux (~/.local/share/jux;
macOS ~/Library/Application Support/jux; Windows %LOCALAPPDATA%\\jux), shared with pytest-jux.`;
function printHelp(io, usage) {
  io.stdout.write(`${usage}
${STORE_NOTE}
`);
  return 0;
}
function exactPositionals(sub, given, names) {
  if (given.length !== names.length) {
    const got = given.length ? given.map((g) => `"${g}"`).join(" ") : "nothing";
    const expected = names.length ? names.join(" ") : "no arguments, only options";
    throw new UsageError(`jux cache ${sub}: expected ${expected}, got ${got} (see jux cache ${sub} --help)`);
  }
  return given;
}
function choice(sub, name, value, allowed) {
  if (value === void 0 || allowed.includes(value)) return value;
  throw new UsageError(`jux cache ${sub}: --${name} must be one of ${allowed.join(", ")}, not "${value}"`);
}
async function openStore(values, io) {
  return ReportStore.open(await storageBaseOf(values["storage-path"], io));
}

// src/cli/commands/cache/format.ts
function when(iso) {
  return iso.replace("T", " ").slice(0, 16);
}
function countsText(e) {
  return `${e.tests} tests, ${e.failures} failed, ${e.errors} errors, ${e.skipped} skipped`;
}
function withStatus(e) {
  return { ...e, status: runStatus(e) };
}
function bytes(n) {
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
function duration(seconds) {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} days`;
}

// src/cli/commands/cache/clean.ts
var USAGE = `Usage: jux cache clean --days N [--keep-latest N] [--dry-run] [--storage-path DIR] [--json]

Removes the reports stored more than N days ago, except the newest --keep-latest. Queued and rejected
reports are never removed by clean.
`;
var OPTIONS = {
  ...COMMON,
  days: { type: "string" },
  "keep-latest": { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" }
};
function count(name, value) {
  if (value === void 0) return void 0;
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new UsageError(`jux cache clean: --${name} must be a number >= 0, not "${value}"`);
  return Number(value);
}
var clean = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache clean", true);
  if (values.help) return printHelp(io, USAGE);
  exactPositionals("clean", positionals, []);
  const days = count("days", values.days);
  if (days === void 0)
    throw new UsageError("jux cache clean: --days N is required (see jux cache clean --help)");
  const keepLatest = count("keep-latest", values["keep-latest"]);
  if (keepLatest !== void 0 && !Number.isInteger(keepLatest))
    throw new UsageError(
      `jux cache clean: --keep-latest must be a whole number, not "${values["keep-latest"]}"`
    );
  const dryRun = values["dry-run"] ?? false;
  const store = await openStore(values, io);
  const progress = progressOn(io, "removing");
  const result = await store.clean({
    olderThanDays: days,
    ...keepLatest !== void 0 ? { keepLatest } : {},
    dryRun,
    ...progress ? { onProgress: progress } : {}
  });
  if (values.json) {
    writeLine(io.stdout, json({ dryRun, removed: result.removed.map(withStatus), kept: result.kept }));
    return 0;
  }
  if (dryRun)
    for (const line of aligned(
      result.removed.map((e) => [e.hash.slice(0, 12), when(e.storedAt), e.project ?? "-"])
    ))
      writeLine(io.stdout, `would remove ${line}`);
  const n = result.removed.length;
  writeLine(
    io.stdout,
    `${dryRun ? "would remove" : "removed"} ${n} report${n === 1 ? "" : "s"}, kept ${result.kept}`
  );
  return 0;
};

// src/cli/commands/cache/clear-queue.ts
var USAGE2 = `Usage: jux cache clear-queue --confirm [--storage-path DIR]

Removes every queued report: they will not be published.
`;
var OPTIONS2 = { ...COMMON, confirm: { type: "boolean" } };
var clearQueue = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS2, "cache clear-queue", true);
  if (values.help) return printHelp(io, USAGE2);
  exactPositionals("clear-queue", positionals, []);
  const store = await openStore(values, io);
  if (!values.confirm) {
    const n2 = (await store.list("queue")).length;
    if (n2 === 0) {
      writeLine(io.stdout, "the queue is empty: nothing to drop");
      return EXIT.ok;
    }
    throw new UsageError(
      `jux cache clear-queue: this drops ${n2} queued report${n2 === 1 ? "" : "s"} for good (they will not be published); add --confirm`
    );
  }
  const n = await store.clearQueue();
  writeLine(io.stdout, `removed ${n} queued report${n === 1 ? "" : "s"}`);
  return 0;
};

// src/cli/commands/cache/compare.ts
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_path(), 1);
var USAGE3 = `Usage: jux cache compare A B [--slower-factor 1.5] [--min-seconds 0.1] [--storage-path DIR] [--all]
                         [--json]

A and B are report files or hashes (prefixes) in the store. Compares their tests by test id (suite, classname
and name; a test repeated within a report is one test with retries, flaky when it failed and then passed):
newly failing in B (failed or error, and not in A), still failing, fixed (failing in A, passed or flaky in
B), added, removed and slower ones. Each section lists its first ${LISTED} tests unless --all; --json lists all.
Exit 0 when no test newly fails, 1 when some do.
`;
var OPTIONS3 = {
  ...COMMON,
  "slower-factor": { type: "string" },
  "min-seconds": { type: "string" },
  all: { type: "boolean" },
  json: { type: "boolean" }
};
async function isFile(path) {
  return (await (0, import_promises.stat)(path).catch(() => void 0))?.isFile() ?? false;
}
async function reportOf(ref, cwd, store) {
  const path = (0, import_node_path.resolve)(cwd, ref);
  if (await isFile(path)) return { source: ref, open: () => fileChunks(path, ref) };
  if (!/^(sha256:)?[0-9a-fA-F]+$/.test(ref))
    throw new FileError(
      `jux cache compare: ${ref} is neither a file nor a report hash (give a report file that exists, or a hash or prefix from jux cache list)`
    );
  const s = await store();
  const entry = await s.findByPrefix(ref);
  const bytes2 = await s.read(entry.area, entry.hash);
  return { source: `sha256:${entry.hash.slice(0, 12)}`, open: () => bytesOnce(bytes2) };
}
function positiveNumber(name, value) {
  if (value === void 0) return void 0;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`jux cache compare: --${name} must be a number >= 0, not "${value}"`);
  return n;
}
function comparisonText(c, all = false) {
  const lines = [
    `A: ${printable(c.sourceA)}: ${countsLine(c.totals.a)}`,
    `B: ${printable(c.sourceB)}: ${countsLine(c.totals.b)}`
  ];
  for (const source of c.truncated)
    lines.push(`note: ${printable(source)} has more tests than are compared; the lists are partial`);
  return [...lines, ...differencesText(c, all)];
}
var compare = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS3, "cache compare", true);
  if (values.help) return printHelp(io, USAGE3);
  const [a, b] = exactPositionals("compare", positionals, ["A", "B"]);
  const slowerFactor = positiveNumber("slower-factor", values["slower-factor"]);
  const minSeconds = positiveNumber("min-seconds", values["min-seconds"]);
  let opened;
  const store = () => opened ??= openStore(values, io);
  const ra = await reportOf(a, io.cwd, store);
  const rb = await reportOf(b, io.cwd, store);
  const result = await compareReports(ra, rb, {
    ...slowerFactor !== void 0 ? { slowerFactor } : {},
    ...minSeconds !== void 0 ? { minSeconds } : {}
  });
  writeLine(io.stdout, values.json ? json(result) : comparisonText(result, !!values.all).join("\n"));
  return result.newlyFailing.length > 0 ? 1 : 0;
};

// src/cli/commands/cache/list.ts
var USAGE4 = `Usage: jux cache list [--area reports|queue|rejected|all] [--project P] [--branch B]
                      [--status passed|failed|error] [--since DATE] [--until DATE] [--storage-path DIR] [--json]

One line per report: hash, area, when, project, branch, status, counts. --since/--until take an ISO date
or date-time (a date alone: --until includes the whole day) and apply to the report's jux:timestamp, else to
when it was stored. Default area: all.
`;
var OPTIONS4 = {
  ...COMMON,
  area: { type: "string" },
  project: { type: "string" },
  branch: { type: "string" },
  status: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  json: { type: "boolean" }
};
function dateOption(name, value, endOfDay) {
  if (value === void 0) return void 0;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms))
    throw new UsageError(
      `jux cache list: --${name} "${value}" is not a date (e.g. 2026-01-31 or 2026-01-31T12:00Z)`
    );
  return dateOnly && endOfDay ? ms + 864e5 - 1 : ms;
}
function listed(e, f) {
  const t = Date.parse(e.timestamp ?? e.storedAt);
  const at = Number.isNaN(t) ? Date.parse(e.storedAt) : t;
  return (f.project === void 0 || e.project === f.project) && (f.branch === void 0 || e.branch === f.branch) && (f.status === void 0 || runStatus(e) === f.status) && (f.since === void 0 || at >= f.since) && (f.until === void 0 || at <= f.until);
}
var list = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS4, "cache list", true);
  if (values.help) return printHelp(io, USAGE4);
  exactPositionals("list", positionals, []);
  const area = choice("list", "area", values.area, [...AREAS, "all"]) ?? "all";
  const filter = {
    project: values.project,
    branch: values.branch,
    status: choice("list", "status", values.status, RUN_STATUSES),
    since: dateOption("since", values.since, false),
    until: dateOption("until", values.until, true)
  };
  const store = await openStore(values, io);
  const entries = (await store.list(area === "all" ? void 0 : area)).filter((e) => listed(e, filter));
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
    countsText(e)
  ]);
  for (const line of aligned(rows)) writeLine(io.stdout, line);
  return 0;
};

// src/cli/commands/cache/push.ts
var USAGE5 = "Usage: jux cache push [--storage-path DIR] [--api-url URL] [--dry-run] [--json]\n       jux cache push --from-artifacts --repo OWNER/REPO [--artifact-name NAME] [--token-env VAR] [--cert FILE]\n\nPublishes the store's offline queue, oldest first (as jux publish --queue). Exit status: 0 all published,\n1 none, 2 some. --from-artifacts first drains the action's pending artifacts of OWNER/REPO into it\n(jux cache push --from-artifacts --help).\n";
var push = async (argv, io) => {
  const publish = async (args, io2) => (await import("./publish-QOWJBIK2.js")).publish(args, io2);
  if (argv.includes("--from-artifacts"))
    return (await import("./push-artifacts-PT4BIA77.js")).pushFromArtifacts(argv, io, publish);
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(USAGE5);
    return 0;
  }
  return publish(["--queue", ...argv], io);
};

// src/cli/commands/cache/rejection.ts
var MAX = 500;
function oneLine(text) {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return flat.length > MAX ? `${flat.slice(0, MAX - 3)}...` : flat;
}
function reasonOf(details) {
  if (details === void 0 || details === null) return void 0;
  if (typeof details === "string") return oneLine(details);
  const message = details.message;
  if (typeof message === "string") return oneLine(message);
  return oneLine(JSON.stringify(details));
}
function rejectionRows(rejection) {
  if (!rejection)
    return [["rejected", "by the server (its answer was not kept: no reason.json beside the report)"]];
  const when2 = rejection.at ? ` on ${rejection.at}` : "";
  const rows = [
    ["rejected", `by the server${when2}: HTTP ${rejection.status}, ${oneLine(rejection.error)}`]
  ];
  const reason = reasonOf(rejection.details);
  if (reason) rows.push(["reason", reason]);
  if (rejection.suggestions?.length)
    rows.push(["suggestions", rejection.suggestions.map((s) => oneLine(String(s))).join("; ")]);
  return rows;
}

// src/cli/commands/cache/show.ts
var USAGE6 = `Usage: jux cache show HASH [--xml] [--storage-path DIR] [--json]

HASH may be a unique prefix (with or without "sha256:"). --xml prints the stored bytes, after checking them.
`;
var OPTIONS5 = { ...COMMON, xml: { type: "boolean" }, json: { type: "boolean" } };
var show = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS5, "cache show", true);
  if (values.help) return printHelp(io, USAGE6);
  const [prefix] = exactPositionals("show", positionals, ["HASH"]);
  const store = await openStore(values, io);
  const entry = await store.findByPrefix(prefix);
  if (values.xml) {
    io.stdout.write(await store.read(entry.area, entry.hash));
    return 0;
  }
  const rejected = entry.area === "rejected" || await store.has("rejected", entry.hash);
  const rejection = rejected ? await store.rejection(entry.hash) : void 0;
  if (values.json) {
    writeLine(io.stdout, json({ ...withStatus(entry), ...rejection ? { rejection } : {} }));
    return 0;
  }
  const rows = [
    ["hash", `sha256:${entry.hash}`],
    ["area", entry.area],
    ["path", entry.path],
    ["stored", entry.storedAt],
    ["project", entry.project],
    ["branch", entry.branch],
    ["commit", entry.commit],
    ["timestamp", entry.timestamp],
    ["status", runStatus(entry)],
    ["tests", `${countsText(entry)}, ${entry.passed} passed (${entry.time} s)`],
    ["signed", entry.signed ? "yes" : "no"],
    ["size", bytes(entry.size)],
    ...rejected ? rejectionRows(rejection) : []
  ];
  const present = rows.filter((r) => r[1] !== void 0);
  for (const line of aligned(present.map(([k, v]) => [`${k}:`, v]))) writeLine(io.stdout, line);
  return 0;
};

// src/cli/commands/cache/stats.ts
var USAGE7 = `Usage: jux cache stats [--storage-path DIR] [--json]
`;
var OPTIONS6 = { ...COMMON, json: { type: "boolean" } };
var stats = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS6, "cache stats", true);
  if (values.help) return printHelp(io, USAGE7);
  exactPositionals("stats", positionals, []);
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
      s.oldestQueued ? `${s.oldestQueued} (${duration(s.oldestQueuedAgeSeconds ?? 0)} ago)` : "-"
    ],
    [
      "leftovers:",
      s.leftovers ? `${s.leftovers} (of interrupted writes, not resolved: the next command that gets the store's lock resolves them)` : "0"
    ]
  ];
  for (const line of aligned(rows)) writeLine(io.stdout, line);
  return 0;
};

// src/cli/commands/cache/index.ts
var USAGE8 = `Usage: jux cache <command> [options]

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
var SUBCOMMANDS = {
  list,
  show,
  stats,
  clean,
  "clear-queue": clearQueue,
  compare,
  push
};
function storagePathFirst(argv) {
  const [first, ...rest] = argv;
  if (first === "--storage-path" && rest.length >= 2) return [rest[1], first, rest[0], ...rest.slice(2)];
  if (first?.startsWith("--storage-path=") && rest.length >= 1) return [rest[0], first, ...rest.slice(1)];
  return argv;
}
var cache = async (argv, io) => {
  const [sub, ...rest] = storagePathFirst(argv);
  if (sub === void 0 || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout.write(USAGE8);
    return sub === void 0 ? 2 : 0;
  }
  const command = SUBCOMMANDS[sub];
  if (!command)
    throw new UsageError(
      `jux cache: unknown command "${sub}" (commands: ${Object.keys(SUBCOMMANDS).join(", ")}; see jux cache --help)`
    );
  return command(rest, io);
};
export {
  cache,
  storagePathFirst
};

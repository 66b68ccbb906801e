export const id = 795;
export const ids = [795];
export const modules = {

/***/ 7795:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.cache = void 0;
const promises_1 = __webpack_require__(1455);
const node_os_1 = __webpack_require__(8161);
const node_path_1 = __webpack_require__(6760);
const node_util_1 = __webpack_require__(7975);
const compare_js_1 = __webpack_require__(2486);
const location_js_1 = __webpack_require__(5278);
const store_js_1 = __webpack_require__(8104);
const types_js_1 = __webpack_require__(7784);
const args_js_1 = __webpack_require__(7593);
const io_js_1 = __webpack_require__(1604);
const COMMON = {
    "storage-path": { type: "string" },
    help: { type: "boolean", short: "h" },
};
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
const HELP = {
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
function parse(argv, options, sub) {
    try {
        return (0, node_util_1.parseArgs)({
            args: argv,
            options: { ...COMMON, ...options },
            allowPositionals: true,
            strict: true,
        });
    }
    catch (e) {
        throw new io_js_1.UsageError(`jux cache ${sub}: ${e.message.replace(/\. To specify a positional.*$/s, "")} (see jux cache ${sub} --help)`);
    }
}
function positionals(sub, given, names) {
    if (given.length !== names.length)
        throw new io_js_1.UsageError(`jux cache ${sub}: expected ${names.join(" ")}, got ${given.length ? given.map((g) => `"${g}"`).join(" ") : "nothing"} (see jux cache ${sub} --help)`);
    return given;
}
function storageBase(explicit, io) {
    const home = (process.platform === "win32" ? io.env.USERPROFILE : io.env.HOME) || (0, node_os_1.homedir)();
    const base = (0, location_js_1.resolveStorageBase)(explicit, io.env, { platform: process.platform, homedir: home });
    return (0, node_path_1.resolve)(io.cwd, base);
}
function openStore(values, io) {
    return store_js_1.ReportStore.open(storageBase(values["storage-path"], io));
}
// --- output helpers ---------------------------------------------------------------------------------------
/** Rows as columns separated by two spaces; the last column is not padded. */
function aligned(rows) {
    const widths = [];
    for (const row of rows)
        row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
    return rows.map((row) => row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
        .join("  ")
        .trimEnd());
}
function when(iso) {
    return iso.replace("T", " ").slice(0, 16);
}
function counts(e) {
    return `${e.tests} tests, ${e.failures} failed, ${e.errors} errors, ${e.skipped} skipped`;
}
function withStatus(e) {
    return { ...e, status: (0, types_js_1.statusOf)(e) };
}
function bytes(n) {
    if (n < 1024)
        return `${n} B`;
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
    if (seconds < 120)
        return `${seconds} s`;
    if (seconds < 7200)
        return `${Math.floor(seconds / 60)} min`;
    if (seconds < 2 * 86400)
        return `${Math.floor(seconds / 3600)} h`;
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
};
/** An ISO date or date-time as milliseconds; a bare date is the start of that day, or its end with `endOfDay`. */
function dateOption(name, value, endOfDay) {
    if (value === undefined)
        return undefined;
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(ms))
        throw new io_js_1.UsageError(`jux cache list: --${name} "${value}" is not a date (e.g. 2026-01-31 or 2026-01-31T12:00Z)`);
    return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}
function choice(sub, name, value, allowed) {
    if (value === undefined || allowed.includes(value))
        return value;
    throw new io_js_1.UsageError(`jux cache ${sub}: --${name} must be one of ${allowed.join(", ")}, not "${value}"`);
}
const list = async (argv, io) => {
    const { values, positionals: rest } = parse(argv, LIST, "list");
    if (values.help)
        return help(io, "list");
    positionals("list", rest, []);
    const area = choice("list", "area", values.area, ["reports", "queue", "rejected", "all"]) ?? "all";
    const status = choice("list", "status", values.status, ["passed", "failed", "error"]);
    const since = dateOption("since", values.since, false);
    const until = dateOption("until", values.until, true);
    const store = await openStore(values, io);
    const entries = (await store.list(area === "all" ? undefined : area)).filter((e) => {
        const t = Date.parse(e.timestamp ?? e.storedAt);
        const at = Number.isNaN(t) ? Date.parse(e.storedAt) : t;
        return ((values.project === undefined || e.project === values.project) &&
            (values.branch === undefined || e.branch === values.branch) &&
            (status === undefined || (0, types_js_1.statusOf)(e) === status) &&
            (since === undefined || at >= since) &&
            (until === undefined || at <= until));
    });
    if (values.json) {
        (0, io_js_1.writeLine)(io.stdout, (0, args_js_1.json)(entries.map(withStatus)));
        return 0;
    }
    const rows = entries.map((e) => [
        e.hash.slice(0, 12),
        e.area,
        when(e.timestamp ?? e.storedAt),
        e.project ?? "-",
        e.branch ?? "-",
        (0, types_js_1.statusOf)(e),
        counts(e),
    ]);
    for (const line of aligned(rows))
        (0, io_js_1.writeLine)(io.stdout, line);
    return 0;
};
// --- show ---------------------------------------------------------------------------------------------------
const SHOW = { xml: { type: "boolean" }, json: { type: "boolean" } };
const show = async (argv, io) => {
    const { values, positionals: rest } = parse(argv, SHOW, "show");
    if (values.help)
        return help(io, "show");
    const [prefix] = positionals("show", rest, ["HASH"]);
    const store = await openStore(values, io);
    const entry = await store.findByPrefix(prefix);
    if (values.xml) {
        io.stdout.write(await store.read(entry.area, entry.hash));
        return 0;
    }
    const rejection = entry.area === "rejected" ? await store.rejection(entry.hash) : undefined;
    if (values.json) {
        (0, io_js_1.writeLine)(io.stdout, (0, args_js_1.json)({ ...withStatus(entry), ...(rejection ? { rejection } : {}) }));
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
        ["status", (0, types_js_1.statusOf)(entry)],
        ["tests", `${counts(entry)}, ${entry.passed} passed (${entry.time} s)`],
        ["signed", entry.signed ? "yes" : "no"],
        ["size", bytes(entry.size)],
        ["rejected", rejection && `${rejection.status} ${rejection.error} (${rejection.at})`],
    ];
    const present = rows.filter((r) => r[1] !== undefined);
    for (const line of aligned(present.map(([k, v]) => [`${k}:`, v])))
        (0, io_js_1.writeLine)(io.stdout, line);
    return 0;
};
// --- stats --------------------------------------------------------------------------------------------------
const STATS = { json: { type: "boolean" } };
const stats = async (argv, io) => {
    const { values, positionals: rest } = parse(argv, STATS, "stats");
    if (values.help)
        return help(io, "stats");
    positionals("stats", rest, []);
    const store = await openStore(values, io);
    const s = await store.stats();
    if (values.json) {
        (0, io_js_1.writeLine)(io.stdout, (0, args_js_1.json)({ base: store.base, ...s }));
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
    ];
    for (const line of aligned(rows))
        (0, io_js_1.writeLine)(io.stdout, line);
    return 0;
};
// --- clean --------------------------------------------------------------------------------------------------
const CLEAN = {
    days: { type: "string" },
    "keep-latest": { type: "string" },
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
};
function count(name, value) {
    if (value === undefined)
        return undefined;
    if (!/^\d+(\.\d+)?$/.test(value))
        throw new io_js_1.UsageError(`jux cache clean: --${name} must be a number >= 0, not "${value}"`);
    return Number(value);
}
const clean = async (argv, io) => {
    const { values, positionals: rest } = parse(argv, CLEAN, "clean");
    if (values.help)
        return help(io, "clean");
    positionals("clean", rest, []);
    const days = count("days", values.days);
    if (days === undefined)
        throw new io_js_1.UsageError("jux cache clean: --days N is required (see jux cache clean --help)");
    const keepLatest = count("keep-latest", values["keep-latest"]);
    if (keepLatest !== undefined && !Number.isInteger(keepLatest))
        throw new io_js_1.UsageError(`jux cache clean: --keep-latest must be a whole number, not "${values["keep-latest"]}"`);
    const dryRun = values["dry-run"] ?? false;
    const store = await openStore(values, io);
    const progress = io.stderr.isTTY
        ? (done, total) => {
            io.stderr.write(`\rremoving ${done}/${total}`);
            if (done === total)
                io.stderr.write("\n");
        }
        : undefined;
    const result = await store.clean({
        olderThanDays: days,
        ...(keepLatest !== undefined ? { keepLatest } : {}),
        dryRun,
        ...(progress ? { onProgress: progress } : {}),
    });
    if (values.json) {
        (0, io_js_1.writeLine)(io.stdout, (0, args_js_1.json)({ dryRun, removed: result.removed.map(withStatus), kept: result.kept }));
        return 0;
    }
    if (dryRun)
        for (const line of aligned(result.removed.map((e) => [e.hash.slice(0, 12), when(e.storedAt), e.project ?? "-"])))
            (0, io_js_1.writeLine)(io.stdout, `would remove ${line}`);
    const n = result.removed.length;
    (0, io_js_1.writeLine)(io.stdout, `${dryRun ? "would remove" : "removed"} ${n} report${n === 1 ? "" : "s"}, kept ${result.kept}`);
    return 0;
};
// --- clear-queue --------------------------------------------------------------------------------------------
const CLEAR = { confirm: { type: "boolean" } };
const clearQueue = async (argv, io) => {
    const { values, positionals: rest } = parse(argv, CLEAR, "clear-queue");
    if (values.help)
        return help(io, "clear-queue");
    positionals("clear-queue", rest, []);
    const store = await openStore(values, io);
    if (!values.confirm) {
        const n = (await store.list("queue")).length;
        throw new io_js_1.UsageError(`jux cache clear-queue: this drops ${n} queued report${n === 1 ? "" : "s"} for good (they will not be published); add --confirm`);
    }
    const n = await store.clearQueue();
    (0, io_js_1.writeLine)(io.stdout, `removed ${n} queued report${n === 1 ? "" : "s"}`);
    return 0;
};
// --- compare ------------------------------------------------------------------------------------------------
const COMPARE = {
    "slower-factor": { type: "string" },
    "min-seconds": { type: "string" },
    json: { type: "boolean" },
};
async function isFile(path) {
    return (await (0, promises_1.stat)(path).catch(() => undefined))?.isFile() ?? false;
}
/** A report file when `ref` names one, else a hash (prefix) in the store. */
async function loadReport(ref, io, store) {
    if (await isFile((0, node_path_1.resolve)(io.cwd, ref)))
        return { source: ref, bytes: await (0, args_js_1.readText)(ref, io, "report") };
    if (!/^(sha256:)?[0-9a-fA-F]+$/.test(ref))
        throw new io_js_1.UsageError(`jux cache compare: ${ref} is neither a file nor a report hash`);
    const s = await store();
    const entry = await s.findByPrefix(ref);
    return { source: `sha256:${entry.hash.slice(0, 12)}`, bytes: await s.read(entry.area, entry.hash) };
}
function positiveNumber(name, value) {
    if (value === undefined)
        return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0)
        throw new io_js_1.UsageError(`jux cache compare: --${name} must be a number >= 0, not "${value}"`);
    return n;
}
function caseName(c) {
    return [c.suite, c.classname, c.name].filter((p) => p !== "").join(" › ");
}
function comparisonText(c) {
    const total = (t) => `${t.tests} tests, ${t.failures} failed, ${t.errors} errors, ${t.skipped} skipped`;
    const lines = [`A: ${c.sourceA}: ${total(c.totals.a)}`, `B: ${c.sourceB}: ${total(c.totals.b)}`];
    const section = (title, items) => {
        if (items.length === 0)
            return;
        lines.push(`${title} (${items.length}):`);
        for (const line of aligned(items))
            lines.push(`  ${line}`);
    };
    section("newly failing", c.newlyFailing.map((x) => [x.after, caseName(x), x.message?.split("\n")[0] ?? ""]));
    section("fixed", c.fixed.map((x) => [x.after, caseName(x)]));
    section("added", c.added.map((x) => [x.status, caseName(x)]));
    section("removed", c.removed.map((x) => [x.status, caseName(x)]));
    section("slower", c.slower.map((x) => [`${x.before} s -> ${x.after} s`, caseName(x)]));
    if (lines.length === 2)
        lines.push("no differences in results");
    return lines;
}
const compare = async (argv, io) => {
    const { values, positionals: rest } = parse(argv, COMPARE, "compare");
    if (values.help)
        return help(io, "compare");
    const [a, b] = positionals("compare", rest, ["A", "B"]);
    const slowerFactor = positiveNumber("slower-factor", values["slower-factor"]);
    const minSeconds = positiveNumber("min-seconds", values["min-seconds"]);
    let opened;
    const store = () => (opened ??= openStore(values, io));
    const ra = await loadReport(a, io, store);
    const rb = await loadReport(b, io, store);
    const result = await (0, compare_js_1.compareReports)(ra.bytes, rb.bytes, {
        sourceA: ra.source,
        sourceB: rb.source,
        ...(slowerFactor !== undefined ? { slowerFactor } : {}),
        ...(minSeconds !== undefined ? { minSeconds } : {}),
    });
    (0, io_js_1.writeLine)(io.stdout, values.json ? (0, args_js_1.json)(result) : comparisonText(result).join("\n"));
    return result.newlyFailing.length > 0 ? 1 : 0;
};
// --- dispatch -----------------------------------------------------------------------------------------------
/** `jux cache push` belongs to the publisher. */
const push = async (argv, io) => {
    const mod = (await __webpack_require__.e(/* import() */ 602).then(__webpack_require__.bind(__webpack_require__, 3602)));
    return mod.cachePush(argv, io);
};
const SUBCOMMANDS = {
    list,
    show,
    stats,
    clean,
    "clear-queue": clearQueue,
    compare,
    push,
};
function help(io, sub) {
    io.stdout.write(`${HELP[sub]}\n${STORE_NOTE}\n`);
    return 0;
}
const cache = async (argv, io) => {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
        io.stdout.write(USAGE);
        return sub === undefined ? 2 : 0;
    }
    const command = SUBCOMMANDS[sub];
    if (!command)
        throw new io_js_1.UsageError(`jux cache: unknown command "${sub}" (commands: ${Object.keys(SUBCOMMANDS).join(", ")}; see jux cache --help)`);
    return command(rest, io);
};
exports.cache = cache;


/***/ }),

/***/ 3510:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.DetailsCollector = exports.NO_SUITE = void 0;
exports.capUtf8 = capUtf8;
const outcome_js_1 = __webpack_require__(8532);
const node_string_decoder_1 = __webpack_require__(6193);
exports.NO_SUITE = "(no suite)";
const MAX_PROPERTIES = 1000;
const REFS = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const AMP = 0x26;
const SEMI = 0x3b;
const CR = 0x0d;
/** Raw bytes read past the room left, so that a slice always holds a whole reference (at most 40). */
const SLACK = 64;
function attr(tag, name) {
    return tag.attributes.find((a) => a.qname === name)?.value;
}
function round(t) {
    return Math.round(t * 1e6) / 1e6;
}
/** `s` cut to at most `max` UTF-8 bytes on a character boundary, with "…" appended when cut. */
function capUtf8(s, max) {
    const bytes = Buffer.from(s);
    if (bytes.length <= max)
        return s;
    let n = max;
    while (n > 0 && (bytes[n] & 0xc0) === 0x80)
        n--;
    return bytes.toString("utf8", 0, n) + "…";
}
/** Text of raw character data: line ends normalized, then (outside CDATA) references expanded. */
function decode(s, cdata) {
    const text = s.replace(/\r\n?/g, "\n");
    if (cdata)
        return text;
    return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (_, body) => body.startsWith("#x")
        ? String.fromCodePoint(parseInt(body.slice(2), 16))
        : body.startsWith("#")
            ? String.fromCodePoint(parseInt(body.slice(1), 10))
            : (REFS[body] ?? ""));
}
/** Accumulates text up to a byte cap, reading no more of each event than the cap needs. */
class CappedText {
    max;
    decoder = new node_string_decoder_1.StringDecoder("utf8");
    text = "";
    bytes = 0;
    cut = false;
    constructor(max) {
        this.max = max;
    }
    add(raw, cdata) {
        for (let at = 0; at < raw.length && !this.cut;) {
            let end = Math.min(raw.length, at + this.max - this.bytes + SLACK);
            if (end < raw.length) {
                // Never split a reference or a CRLF; the decoder holds a split UTF-8 character.
                const amp = raw.lastIndexOf(AMP, end - 1);
                if (!cdata && amp >= at && !raw.subarray(amp, end).includes(SEMI))
                    end = amp;
                if (raw[end - 1] === CR)
                    end--;
            }
            const s = decode(this.decoder.write(raw.subarray(at, end)), cdata);
            this.text += s;
            this.bytes += Buffer.byteLength(s);
            if (this.bytes > this.max) {
                this.text = capUtf8(this.text, this.max);
                this.cut = true;
            }
            at = end;
        }
    }
    value() {
        return this.text;
    }
}
/**
 * Collects, per <testsuite>, what a Jux server answers the query API with: counts, time, timestamp,
 * properties and each testcase's status, message, type and (capped) details. Fed the same events as the
 * Summarizer and counting by the same rule, so the suites' counts add up to its totals. Memory stays
 * bounded by the options: text is kept only for the deciding result element of a listed testcase.
 */
class DetailsCollector {
    /** True when a cap (maxCases, maxSuites) left testcases or suites out of `suites()`. */
    truncated = false;
    maxCases;
    maxDetailBytes;
    maxSuites;
    list = [];
    open = [];
    noSuite;
    testcase;
    listedCases = 0;
    /** Depth of the open <properties> of the innermost open suite. */
    propertiesDepth;
    /** Depth of the innermost open element: text events belong to it. */
    depth = 0;
    constructor(options = {}) {
        this.maxCases = options.maxCases ?? 100_000;
        this.maxDetailBytes = options.maxDetailBytes ?? 4096;
        this.maxSuites = options.maxSuites ?? 10_000;
    }
    startElement(tag) {
        this.depth = tag.depth;
        if (tag.ns !== "")
            return;
        const name = tag.local;
        const tc = this.testcase;
        if (tc) {
            if (tag.depth === tc.depth + 1)
                this.result(tc, tag);
            return;
        }
        const suite = this.open[this.open.length - 1];
        if (name === "testsuite")
            this.openSuite(tag);
        else if (name === "testcase")
            this.openCase(tag, suite ?? this.synthetic());
        else if (name === "properties" && suite && tag.depth === suite.depth + 1)
            this.propertiesDepth = tag.depth;
        else if (name === "property" && suite && this.propertiesDepth === tag.depth - 1)
            this.property(suite, tag);
    }
    endElement(tag) {
        this.depth = tag.depth - 1;
        const tc = this.testcase;
        if (tc) {
            if (tag.depth === tc.resultDepth)
                tc.resultDepth = undefined;
            if (tag.depth === tc.depth)
                this.closeCase(tc);
            return;
        }
        if (tag.depth === this.propertiesDepth)
            this.propertiesDepth = undefined;
        if (this.open[this.open.length - 1]?.depth === tag.depth)
            this.open.pop();
    }
    text(raw, cdata) {
        const tc = this.testcase;
        if (tc?.text && tc.resultDepth === this.depth)
            tc.text.add(raw, cdata);
    }
    suites() {
        return this.list.map((s) => ({ ...s, time: round(s.time) }));
    }
    property(suite, tag) {
        const name = attr(tag, "name");
        const properties = suite.detail.properties;
        if (name !== undefined && properties.length < MAX_PROPERTIES)
            properties.push({ name, value: attr(tag, "value") ?? "" });
    }
    openSuite(tag) {
        const detail = this.newSuite(attr(tag, "name") ?? "");
        const timestamp = attr(tag, "timestamp");
        if (timestamp !== undefined)
            detail.timestamp = timestamp;
        this.open.push({ detail, depth: tag.depth, listed: this.listSuite(detail) });
        this.propertiesDepth = undefined;
    }
    /** The suite of testcases outside any <testsuite>, listed where the first of them is. */
    synthetic() {
        if (!this.noSuite) {
            const detail = this.newSuite(exports.NO_SUITE);
            this.noSuite = { detail, depth: 0, listed: this.listSuite(detail) };
        }
        return this.noSuite;
    }
    newSuite(name) {
        return { name, tests: 0, failures: 0, errors: 0, skipped: 0, time: 0, properties: [], cases: [] };
    }
    listSuite(detail) {
        if (this.list.length >= this.maxSuites) {
            this.truncated = true;
            return false;
        }
        this.list.push(detail);
        return true;
    }
    openCase(tag, suite) {
        const keep = suite.listed && this.listedCases < this.maxCases;
        if (suite.listed && !keep)
            this.truncated = true;
        this.testcase = {
            depth: tag.depth,
            suite,
            keep,
            detail: {
                name: attr(tag, "name") ?? "",
                classname: attr(tag, "classname") ?? "",
                time: (0, outcome_js_1.parseTime)(attr(tag, "time")),
                status: "passed",
            },
            resultDepth: undefined,
            text: undefined,
        };
    }
    /** A direct child of the open testcase: the first element of a higher-ranked kind replaces the result. */
    result(tc, tag) {
        const status = outcome_js_1.RESULT[tag.local];
        if (status === undefined || outcome_js_1.RANK[status] <= outcome_js_1.RANK[tc.detail.status])
            return;
        const { name, classname, time } = tc.detail;
        tc.detail = { name, classname, time, status };
        tc.resultDepth = tag.depth;
        tc.text = undefined;
        if (!tc.keep)
            return;
        const message = attr(tag, "message");
        const type = attr(tag, "type");
        if (message !== undefined)
            tc.detail.message = capUtf8(message, this.maxDetailBytes);
        if (type !== undefined)
            tc.detail.type = capUtf8(type, this.maxDetailBytes);
        tc.text = new CappedText(this.maxDetailBytes);
    }
    closeCase(tc) {
        this.testcase = undefined;
        const { detail } = tc;
        const suite = tc.suite.detail;
        suite.tests++;
        suite.time += detail.time;
        if (detail.status === "failed")
            suite.failures++;
        else if (detail.status === "error")
            suite.errors++;
        else if (detail.status === "skipped")
            suite.skipped++;
        if (!tc.keep)
            return;
        const details = tc.text?.value();
        if (details !== undefined && details.trim() !== "")
            detail.details = details;
        suite.cases.push(detail);
        this.listedCases++;
    }
}
exports.DetailsCollector = DetailsCollector;


/***/ }),

/***/ 2486:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.compareReports = compareReports;
const details_js_1 = __webpack_require__(3510);
const read_report_js_1 = __webpack_require__(9559);
const FAILING = new Set(["failed", "error"]);
async function* once(bytes) {
    yield bytes;
}
/** Every testcase of a report, keyed by (suite, classname, name); repeats of one key get "#2", "#3"... */
async function casesOf(bytes, source) {
    const collector = new details_js_1.DetailsCollector({
        maxCases: Number.MAX_SAFE_INTEGER,
        maxSuites: Number.MAX_SAFE_INTEGER,
        maxDetailBytes: 1024,
    });
    const reading = await (0, read_report_js_1.readReport)({ source, open: () => once(bytes), also: collector });
    const cases = new Map();
    for (const suite of collector.suites())
        for (const c of suite.cases) {
            const base = JSON.stringify([suite.name, c.classname, c.name]);
            let key = base;
            for (let n = 2; cases.has(key); n++)
                key = `${base}#${n}`;
            const entry = {
                ref: { suite: suite.name, classname: c.classname, name: c.name },
                status: c.status,
                time: c.time,
            };
            if (c.message !== undefined)
                entry.message = c.message;
            cases.set(key, entry);
        }
    const { tests, failures, errors, skipped, passed, time } = reading.summary;
    return { counts: { tests, failures, errors, skipped, passed, time }, cases };
}
function change(a, b, messageFrom) {
    const c = { ...a.ref, before: a.status, after: b.status };
    if (messageFrom.message !== undefined)
        c.message = messageFrom.message;
    return c;
}
/** Per-test differences from report A to report B (both read with the strict reader; XmlError if either fails). */
async function compareReports(a, b, options) {
    const factor = options.slowerFactor ?? 1.5;
    const minSeconds = options.minSeconds ?? 0.1;
    const [before, after] = await Promise.all([casesOf(a, options.sourceA), casesOf(b, options.sourceB)]);
    const result = {
        sourceA: options.sourceA,
        sourceB: options.sourceB,
        totals: { a: before.counts, b: after.counts },
        newlyFailing: [],
        fixed: [],
        added: [],
        removed: [],
        slower: [],
    };
    for (const [key, old] of before.cases) {
        const now = after.cases.get(key);
        if (!now) {
            result.removed.push({ ...old.ref, status: old.status });
            continue;
        }
        const wasFailing = FAILING.has(old.status);
        const isFailing = FAILING.has(now.status);
        if (!wasFailing && isFailing)
            result.newlyFailing.push(change(old, now, now));
        else if (wasFailing && !isFailing)
            result.fixed.push(change(old, now, old));
        if (now.time >= old.time * factor && now.time - old.time >= minSeconds)
            result.slower.push({ ...old.ref, before: old.time, after: now.time });
    }
    for (const [key, now] of after.cases)
        if (!before.cases.has(key))
            result.added.push({ ...now.ref, status: now.status });
    result.slower.sort((x, y) => y.after - y.before - (x.after - x.before));
    return result;
}


/***/ }),

/***/ 3152:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.describeReport = describeReport;
const read_report_js_1 = __webpack_require__(9559);
async function* once(bytes) {
    yield bytes;
}
/** Reads `bytes` with the strict reader: its canonical hash and the facts the index keeps. Throws XmlError. */
async function describeReport(bytes, source) {
    const reading = await (0, read_report_js_1.readReport)({ source, open: () => once(bytes) });
    const s = reading.summary;
    const property = (name) => s.properties.find((p) => p.name === name)?.value;
    const facts = {
        tests: s.tests,
        failures: s.failures,
        errors: s.errors,
        skipped: s.skipped,
        passed: s.passed,
        time: s.time,
        signed: reading.signature !== undefined,
    };
    const optional = {
        project: "project",
        branch: "git:branch",
        commit: "git:commit",
        timestamp: "jux:timestamp",
    };
    for (const [key, name] of Object.entries(optional)) {
        const value = property(name);
        if (value !== undefined)
            facts[key] = value;
    }
    return { hash: reading.canonicalHash, facts };
}


/***/ }),

/***/ 4598:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.StoreError = void 0;
exports.errnoCode = errnoCode;
exports.storeError = storeError;
const atomic_file_js_1 = __webpack_require__(4553);
/** A store operation that failed: one line naming the path and the reason. */
class StoreError extends Error {
    name = "StoreError";
}
exports.StoreError = StoreError;
function errnoCode(err) {
    const code = err?.code;
    return typeof code === "string" ? code : undefined;
}
/** `cannot <what> <path>: <reason>` as a StoreError; a StoreError passes through unchanged. */
function storeError(what, path, err) {
    if (err instanceof StoreError)
        return err;
    const reason = (0, atomic_file_js_1.osReason)(err).replace(/^cannot write \S+: /, "");
    return new StoreError(`cannot ${what} ${path}: ${reason}`, { cause: err });
}


/***/ }),

/***/ 2470:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ensureDirectory = ensureDirectory;
exports.writeStoreFile = writeStoreFile;
exports.moveFile = moveFile;
exports.removeFile = removeFile;
exports.readStoreFile = readStoreFile;
exports.fileSize = fileSize;
exports.listNames = listNames;
exports.mapLimit = mapLimit;
const node_fs_1 = __webpack_require__(3024);
const promises_1 = __webpack_require__(1455);
const node_path_1 = __webpack_require__(6760);
const atomic_file_js_1 = __webpack_require__(4553);
const errors_js_1 = __webpack_require__(4598);
/** Creates `dir` (mode 0700) unless it exists; refuses anything that is not a directory. */
async function ensureDirectory(dir) {
    try {
        await (0, promises_1.mkdir)(dir, { recursive: true, mode: 0o700 });
    }
    catch (e) {
        if ((0, errors_js_1.errnoCode)(e) !== "EEXIST")
            throw (0, errors_js_1.storeError)("create the directory", dir, e);
    }
    const info = await (0, promises_1.lstat)(dir).catch((e) => {
        throw (0, errors_js_1.storeError)("create the directory", dir, e);
    });
    if (!info.isDirectory())
        throw new errors_js_1.StoreError(`cannot use ${dir}: it is not a directory`);
}
/**
 * Writes `data` to `path` (mode 0600) through a temp file in the same directory, fsynced and linked or renamed
 * into place. Without `overwrite`, returns false when `path` already exists (and leaves it alone).
 */
async function writeStoreFile(path, data, overwrite) {
    try {
        await (0, atomic_file_js_1.writeFileAtomic)(path, data, 0o600, { overwrite });
        return true;
    }
    catch (e) {
        if (!overwrite && (0, errors_js_1.errnoCode)(e) === "EEXIST")
            return false;
        throw (0, errors_js_1.storeError)("write", path, e.cause ?? e);
    }
}
/** rename(2) within the store, as a StoreError naming both paths on failure. */
async function moveFile(from, to) {
    try {
        await (0, promises_1.rename)(from, to);
    }
    catch (e) {
        throw (0, errors_js_1.storeError)(`move ${from} to`, to, e);
    }
    await syncDirectory((0, node_path_1.dirname)(to));
}
/** true when removed, false when there was nothing to remove. */
async function removeFile(path) {
    try {
        await (0, promises_1.unlink)(path);
        return true;
    }
    catch (e) {
        if ((0, errors_js_1.errnoCode)(e) === "ENOENT")
            return false;
        throw (0, errors_js_1.storeError)("remove", path, e);
    }
}
async function readStoreFile(path) {
    try {
        return await (0, promises_1.readFile)(path);
    }
    catch (e) {
        if ((0, errors_js_1.errnoCode)(e) === "ENOENT")
            return undefined;
        throw (0, errors_js_1.storeError)("read", path, e);
    }
}
async function fileSize(path) {
    try {
        const s = await (0, promises_1.stat)(path);
        return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
    }
    catch (e) {
        if ((0, errors_js_1.errnoCode)(e) === "ENOENT")
            return undefined;
        throw (0, errors_js_1.storeError)("read", path, e);
    }
}
async function listNames(dir) {
    try {
        return await (0, promises_1.readdir)(dir);
    }
    catch (e) {
        if ((0, errors_js_1.errnoCode)(e) === "ENOENT")
            return [];
        throw (0, errors_js_1.storeError)("list", dir, e);
    }
}
async function syncDirectory(dir) {
    const handle = await (0, promises_1.open)(dir, node_fs_1.constants.O_RDONLY).catch(() => undefined);
    if (handle === undefined)
        return;
    await handle.sync().catch(() => undefined);
    await handle.close();
}
/** Runs `fn` over `items` with at most `limit` running at once; results in order. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}


/***/ }),

/***/ 6580:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.IndexFile = void 0;
exports.emptyIndex = emptyIndex;
exports.recordOf = recordOf;
exports.cloneIndex = cloneIndex;
const promises_1 = __webpack_require__(1455);
const errors_js_1 = __webpack_require__(4598);
const files_js_1 = __webpack_require__(2470);
const types_js_1 = __webpack_require__(7784);
const VERSION = 1;
function emptyIndex() {
    return { reports: new Map(), queue: new Map(), rejected: new Map() };
}
function recordOf(area, file, facts) {
    const { project, branch, commit, timestamp, ...counts } = facts;
    return {
        area,
        size: file.size,
        mtimeMs: file.mtimeMs,
        stored_at: new Date(file.mtimeMs).toISOString(),
        ...(project !== undefined ? { project } : {}),
        ...(branch !== undefined ? { branch } : {}),
        ...(commit !== undefined ? { commit } : {}),
        ...counts,
        ...(timestamp !== undefined ? { timestamp } : {}),
    };
}
function isRecord(v) {
    const r = v;
    return (typeof r === "object" &&
        r !== null &&
        typeof r.size === "number" &&
        typeof r.mtimeMs === "number" &&
        typeof r.stored_at === "string" &&
        typeof r.tests === "number");
}
/** A damaged or foreign index.json counts as empty: the refresh reads the files again. */
function parseIndex(text) {
    const index = emptyIndex();
    let json;
    try {
        json = JSON.parse(text.toString("utf8"));
    }
    catch {
        return index;
    }
    if (json.version !== VERSION || typeof json.areas !== "object" || json.areas === null)
        return index;
    for (const area of types_js_1.AREAS)
        for (const [hash, record] of Object.entries(json.areas[area] ?? {}))
            if (types_js_1.HASH.test(hash) && isRecord(record))
                index[area].set(hash, { ...record, area });
    return index;
}
function serialize(index) {
    const areas = Object.fromEntries(types_js_1.AREAS.map((a) => [a, Object.fromEntries([...index[a]].sort())]));
    return JSON.stringify({ version: VERSION, areas });
}
/** Reads index.json, reusing the last parse while the file (replaced by rename on every write) is unchanged. */
class IndexFile {
    path;
    cached;
    constructor(path) {
        this.path = path;
    }
    async load() {
        const key = await this.identity();
        if (key === undefined)
            return emptyIndex();
        if (this.cached?.key === key)
            return cloneIndex(this.cached.index);
        const text = await (0, files_js_1.readStoreFile)(this.path);
        const index = text ? parseIndex(text) : emptyIndex();
        this.cached = { key, index };
        return cloneIndex(index);
    }
    /** Call with the store's lock held. */
    async save(index) {
        await (0, files_js_1.writeStoreFile)(this.path, serialize(index), true);
        const key = await this.identity();
        this.cached = key === undefined ? undefined : { key, index: cloneIndex(index) };
    }
    async identity() {
        try {
            const s = await (0, promises_1.stat)(this.path);
            return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
        }
        catch (e) {
            if ((0, errors_js_1.errnoCode)(e) === "ENOENT")
                return undefined;
            throw (0, errors_js_1.storeError)("read", this.path, e);
        }
    }
}
exports.IndexFile = IndexFile;
function cloneIndex(index) {
    return { reports: new Map(index.reports), queue: new Map(index.queue), rejected: new Map(index.rejected) };
}


/***/ }),

/***/ 5278:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.defaultStorageBase = defaultStorageBase;
exports.resolveStorageBase = resolveStorageBase;
const node_path_1 = __webpack_require__(6760);
/** Where upstream pytest-jux keeps its reports, so both tools share one store. */
function defaultStorageBase({ env, platform, homedir }) {
    if (platform === "win32") {
        const local = env.LOCALAPPDATA || node_path_1.win32.join(homedir, "AppData", "Local");
        return node_path_1.win32.join(local, "jux");
    }
    if (platform === "darwin")
        return node_path_1.posix.join(homedir, "Library", "Application Support", "jux");
    const xdg = env.XDG_DATA_HOME;
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (xdg && node_path_1.posix.isAbsolute(xdg))
        return node_path_1.posix.join(xdg, "jux");
    return node_path_1.posix.join(homedir, ".local", "share", "jux");
}
/** The store's base directory: the explicit one (--storage-path or config), else JUX_STORAGE_PATH, else the default. */
function resolveStorageBase(explicit, env, context) {
    if (explicit)
        return explicit;
    if (env.JUX_STORAGE_PATH)
        return env.JUX_STORAGE_PATH;
    return defaultStorageBase({ ...context, env });
}


/***/ }),

/***/ 9838:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.STALE_MS = void 0;
exports.withFileLock = withFileLock;
const node_async_hooks_1 = __webpack_require__(6698);
const node_crypto_1 = __webpack_require__(7598);
const promises_1 = __webpack_require__(1455);
const node_os_1 = __webpack_require__(8161);
const errors_js_1 = __webpack_require__(4598);
/** A lock not refreshed for this long is taken over even when its holder may be alive (e.g. on another host). */
exports.STALE_MS = 10 * 60_000;
const HEARTBEAT_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EMLINK"]);
/** Locks this process holds, per async context: nested calls inside `withLock` do not wait for themselves. */
const held = new node_async_hooks_1.AsyncLocalStorage();
/** Tokens of the locks this process holds now (a lock file with our pid but another token is a dead predecessor's). */
const ownTokens = new Set();
/** Same-process callers queue here instead of polling the lock file. */
const queues = new Map();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (e) {
        return (0, errors_js_1.errnoCode)(e) !== "ESRCH";
    }
}
function parseInfo(text) {
    try {
        const v = JSON.parse(text);
        if (typeof v.pid === "number" && typeof v.hostname === "string" && typeof v.token === "string")
            return { pid: v.pid, hostname: v.hostname, created: String(v.created ?? ""), token: v.token };
    }
    catch {
        // A lock file that is not ours (or not yet written, without hard links): judged by its age alone.
    }
    return undefined;
}
async function readHolder(path) {
    try {
        const [text, info] = await Promise.all([(0, promises_1.readFile)(path, "utf8"), (0, promises_1.stat)(path)]);
        return { info: parseInfo(text), mtimeMs: info.mtimeMs };
    }
    catch (e) {
        if ((0, errors_js_1.errnoCode)(e) === "ENOENT")
            return undefined;
        throw (0, errors_js_1.storeError)("read the lock", path, e);
    }
}
/** Why the holder no longer holds the lock, or undefined while it may. */
function staleness(holder, now) {
    const { info } = holder;
    if (info && info.hostname === (0, node_os_1.hostname)()) {
        if (info.pid === process.pid && !ownTokens.has(info.token))
            return `left by an earlier process ${info.pid}`;
        if (info.pid !== process.pid && !isAlive(info.pid))
            return `process ${info.pid} is not running`;
    }
    if (now - holder.mtimeMs > exports.STALE_MS)
        return `not refreshed for ${Math.round((now - holder.mtimeMs) / 1000)} s`;
    return undefined;
}
/**
 * Removes a stale lock without racing other processes doing the same: the lock is renamed aside (only one
 * rename of a given file succeeds) and the moved file's token compared with the stale one. If another process
 * already replaced the stale lock with a live one, that live lock was moved by mistake and is linked back.
 */
async function breakStale(path, stale) {
    const aside = `${path}.${(0, node_crypto_1.randomBytes)(6).toString("hex")}.stale`;
    try {
        await (0, promises_1.rename)(path, aside);
    }
    catch (e) {
        if ((0, errors_js_1.errnoCode)(e) === "ENOENT")
            return;
        throw (0, errors_js_1.storeError)("take over the lock", path, e);
    }
    const moved = await readHolder(aside);
    const same = moved?.info?.token === stale.info?.token &&
        (stale.info !== undefined || moved?.mtimeMs === stale.mtimeMs);
    if (!same)
        await (0, promises_1.link)(aside, path).catch(() => undefined);
    await (0, promises_1.unlink)(aside).catch(() => undefined);
}
async function writeCandidate(path, info) {
    const temp = `${path}.${info.token}.tmp`;
    try {
        const handle = await (0, promises_1.open)(temp, "wx", 0o600);
        try {
            await handle.writeFile(JSON.stringify(info));
            await handle.sync();
        }
        finally {
            await handle.close();
        }
    }
    catch (e) {
        await (0, promises_1.unlink)(temp).catch(() => undefined);
        throw (0, errors_js_1.storeError)("create the lock", path, e);
    }
    return temp;
}
/** true when the lock is now ours; false when someone holds it. The lock file appears complete (hard link). */
async function tryCreate(path, temp, info) {
    try {
        await (0, promises_1.link)(temp, path);
        return true;
    }
    catch (e) {
        const code = (0, errors_js_1.errnoCode)(e);
        if (code === "EEXIST")
            return false;
        if (!NO_HARD_LINKS.has(code ?? ""))
            throw (0, errors_js_1.storeError)("create the lock", path, e);
    }
    try {
        const handle = await (0, promises_1.open)(path, "wx", 0o600);
        await handle.writeFile(JSON.stringify(info)).finally(() => handle.close());
        return true;
    }
    catch (e) {
        if ((0, errors_js_1.errnoCode)(e) === "EEXIST")
            return false;
        throw (0, errors_js_1.storeError)("create the lock", path, e);
    }
}
function timeoutError(path, holder, waitedMs) {
    const who = holder?.info
        ? `process ${holder.info.pid} on ${holder.info.hostname} (since ${holder.info.created})`
        : "another process";
    return new errors_js_1.StoreError(`${path}: the store is locked by ${who}; gave up after ${Math.round(waitedMs / 100) / 10} s (remove the file if that process is gone)`);
}
async function acquire(path, timeoutMs) {
    const started = Date.now();
    const info = {
        pid: process.pid,
        hostname: (0, node_os_1.hostname)(),
        created: new Date().toISOString(),
        token: (0, node_crypto_1.randomBytes)(12).toString("hex"),
    };
    const temp = await writeCandidate(path, info);
    try {
        for (let attempt = 0;; attempt++) {
            if (await tryCreate(path, temp, info))
                return info;
            const holder = await readHolder(path);
            if (holder === undefined)
                continue;
            if (staleness(holder, Date.now()) !== undefined) {
                await breakStale(path, holder);
                continue;
            }
            const waited = Date.now() - started;
            if (waited >= timeoutMs)
                throw timeoutError(path, holder, waited);
            await sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
        }
    }
    finally {
        await (0, promises_1.unlink)(temp).catch(() => undefined);
    }
}
async function release(path, info) {
    const holder = await readHolder(path).catch(() => undefined);
    // Never remove a lock someone else took over (after ours was judged stale).
    if (holder?.info?.token === info.token)
        await (0, promises_1.unlink)(path).catch(() => undefined);
}
async function holdWhile(path, fn, timeoutMs) {
    const info = await acquire(path, timeoutMs);
    ownTokens.add(info.token);
    const heartbeat = setInterval(() => {
        const now = new Date();
        (0, promises_1.utimes)(path, now, now).catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    try {
        const outer = held.getStore() ?? new Set();
        return await held.run(new Set([...outer, path]), fn);
    }
    finally {
        clearInterval(heartbeat);
        ownTokens.delete(info.token);
        await release(path, info);
    }
}
/**
 * Runs `fn` holding the lock file `path` (O_EXCL create, holding {pid, hostname, created, token}). Re-entrant
 * within one async call chain. A lock whose holder died on this host, or that was not refreshed for
 * STALE_MS, is taken over. Waits at most `timeoutMs`, then throws a StoreError naming the holder.
 */
async function withFileLock(path, fn, options = {}) {
    if (held.getStore()?.has(path))
        return fn();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const queued = Date.now();
    const previous = queues.get(path) ?? Promise.resolve();
    const run = previous
        .catch(() => undefined)
        .then(() => holdWhile(path, fn, Math.max(0, timeoutMs - (Date.now() - queued))));
    const tail = run.catch(() => undefined);
    queues.set(path, tail);
    try {
        return await run;
    }
    finally {
        if (queues.get(path) === tail)
            queues.delete(path);
    }
}


/***/ }),

/***/ 8104:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ReportStore = exports.StoreError = void 0;
const node_crypto_1 = __webpack_require__(7598);
const node_path_1 = __webpack_require__(6760);
const atomic_file_js_1 = __webpack_require__(4553);
const describe_js_1 = __webpack_require__(3152);
const errors_js_1 = __webpack_require__(4598);
const files_js_1 = __webpack_require__(2470);
const index_file_js_1 = __webpack_require__(6580);
const lock_js_1 = __webpack_require__(9838);
const types_js_1 = __webpack_require__(7784);
var errors_js_2 = __webpack_require__(4598);
Object.defineProperty(exports, "StoreError", ({ enumerable: true, get: function () { return errors_js_2.StoreError; } }));
const QUARANTINE = "quarantine";
/** Reading reports is CPU-bound; stat calls are not. */
const READ_CONCURRENCY = 4;
const STAT_CONCURRENCY = 64;
function checkHash(hash) {
    if (!types_js_1.HASH.test(hash))
        throw new errors_js_1.StoreError(`"${hash}" is not a canonical hash (64 lowercase hex digits)`);
}
function byStoredAt(a, b) {
    return a.storedAt < b.storedAt ? -1 : a.storedAt > b.storedAt ? 1 : a.hash < b.hash ? -1 : 1;
}
/** "20261202T213000123Z": sortable and valid in file names everywhere. */
function stamp(date) {
    return date.toISOString().replace(/[-:]/g, "").replace(".", "");
}
/**
 * The local report store, laid out as upstream pytest-jux has it: `reports/<hash>.xml` (kept), `queue/<hash>.xml`
 * (waiting to be published), plus `rejected/` (refused for good by a server, with `<hash>.reason.json`) and
 * `quarantine/` (files that failed their integrity check). Files are the truth; `index.json` is a cache of
 * their summaries, refreshed against the directories on every listing. Mutations hold `<base>/.lock`.
 */
class ReportStore {
    base;
    index;
    constructor(base) {
        this.base = base;
        this.index = new index_file_js_1.IndexFile((0, node_path_1.join)(base, "index.json"));
    }
    /** Opens the store at `base`, creating its directories (mode 0700). */
    static async open(base) {
        const full = (0, node_path_1.resolve)(base);
        await (0, files_js_1.ensureDirectory)(full);
        for (const dir of [...types_js_1.AREAS, QUARANTINE])
            await (0, files_js_1.ensureDirectory)((0, node_path_1.join)(full, dir));
        return new ReportStore(full);
    }
    path(area, hash) {
        return (0, node_path_1.join)(this.base, area, `${hash}.xml`);
    }
    rejectionPath(hash) {
        return (0, node_path_1.join)(this.base, "rejected", `${hash}.reason.json`);
    }
    withLock(fn, options) {
        return (0, lock_js_1.withFileLock)((0, node_path_1.join)(this.base, ".lock"), fn, options);
    }
    async put(area, xml, hash) {
        checkHash(hash);
        if (area !== "reports" && area !== "queue")
            throw new errors_js_1.StoreError(`cannot put a report into "${String(area)}"`);
        const target = this.path(area, hash);
        const described = await (0, describe_js_1.describeReport)(xml, target).catch((e) => {
            throw new errors_js_1.StoreError(`refusing to store ${target}: ${(0, atomic_file_js_1.errorMessage)(e)}`, { cause: e });
        });
        if (described.hash !== hash)
            throw new errors_js_1.StoreError(`refusing to store ${target}: the report's canonical hash is sha256:${described.hash}, not sha256:${hash}`);
        return this.withLock(async () => {
            let created = await (0, files_js_1.writeStoreFile)(target, xml, false);
            const index = await this.index.load();
            let file = await this.statOrFail(target);
            let record = index[area].get(hash);
            if (created || !sameFile(record, file)) {
                // An existing file may hold other bytes of the same report (e.g. signed with another key), or be damaged.
                let facts = described.facts;
                if (!created) {
                    const existing = await this.judgeFile(area, `${hash}.xml`);
                    if ("facts" in existing)
                        facts = existing.facts;
                    else {
                        if ("problem" in existing)
                            await this.quarantine(area, hash, existing.problem);
                        created = await (0, files_js_1.writeStoreFile)(target, xml, false);
                        file = await this.statOrFail(target);
                    }
                }
                record = (0, index_file_js_1.recordOf)(area, file, facts);
                index[area].set(hash, record);
                await this.index.save(index);
            }
            return { entry: this.entryOf(hash, record), created };
        });
    }
    /** The stored bytes, after checking they still are the report their name says; a damaged file is quarantined. */
    async read(area, hash) {
        const verified = await this.readVerified(area, hash);
        if (!verified.ok)
            throw new errors_js_1.StoreError(`${this.path(area, hash)}: ${verified.reason}; moved to ${verified.movedTo}`);
        return verified.bytes;
    }
    /** Re-reads a stored report with the strict reader; quarantines it (and says where) when it fails. */
    async verifyEntry(area, hash) {
        const verified = await this.readVerified(area, hash);
        if (!verified.ok)
            return verified;
        const file = await this.statOrFail(this.path(area, hash));
        return { ok: true, entry: this.entryOf(hash, (0, index_file_js_1.recordOf)(area, file, verified.facts)) };
    }
    async has(area, hash) {
        checkHash(hash);
        return (await (0, files_js_1.fileSize)(this.path(area, hash))) !== undefined;
    }
    async remove(area, hash) {
        checkHash(hash);
        return this.withLock(async () => {
            const removed = await (0, files_js_1.removeFile)(this.path(area, hash));
            if (area === "rejected")
                await (0, files_js_1.removeFile)(this.rejectionPath(hash));
            const index = await this.index.load();
            if (index[area].delete(hash))
                await this.index.save(index);
            return removed;
        });
    }
    /** Moves queue/<hash>.xml to rejected/<hash>.xml, with the server's reason beside it. */
    async reject(hash, rejection) {
        checkHash(hash);
        await this.withLock(async () => {
            const from = this.path("queue", hash);
            if ((await (0, files_js_1.fileSize)(from)) === undefined)
                throw new errors_js_1.StoreError(`cannot reject ${hash}: it is not in the queue (${(0, node_path_1.join)(this.base, "queue")})`);
            const reason = { ...rejection, at: new Date().toISOString() };
            await (0, files_js_1.writeStoreFile)(this.rejectionPath(hash), JSON.stringify(reason, null, 2) + "\n", true);
            await (0, files_js_1.moveFile)(from, this.path("rejected", hash));
            const index = await this.index.load();
            const record = index.queue.get(hash);
            index.queue.delete(hash);
            if (record)
                index.rejected.set(hash, { ...record, area: "rejected" });
            await this.index.save(index);
        });
    }
    /** The reason a server gave for a rejected report. */
    async rejection(hash) {
        checkHash(hash);
        const path = this.rejectionPath(hash);
        const text = await (0, files_js_1.readStoreFile)(path);
        if (text === undefined)
            return undefined;
        try {
            return JSON.parse(text.toString("utf8"));
        }
        catch (e) {
            throw new errors_js_1.StoreError(`${path}: not valid JSON (${(0, atomic_file_js_1.errorMessage)(e)})`);
        }
    }
    /** The entries of `area` (or all areas), oldest first, from the index after checking it against the files. */
    async list(area) {
        const areas = area ? [area] : types_js_1.AREAS;
        let index = await this.index.load();
        const files = await this.scan(areas);
        if (areas.some((a) => !upToDate(index[a], files.get(a))))
            index = await this.withLock(() => this.refresh(areas));
        return areas.flatMap((a) => [...index[a]].map(([hash, r]) => this.entryOf(hash, r))).sort(byStoredAt);
    }
    /** Rebuilds index.json from the files of every area. */
    async rebuildIndex() {
        await this.withLock(() => this.refresh(types_js_1.AREAS));
    }
    async check(area) {
        const dir = (0, node_path_1.join)(this.base, area);
        const names = (await (0, files_js_1.listNames)(dir)).filter((n) => n.endsWith(".xml") && !n.startsWith("."));
        const judged = await (0, files_js_1.mapLimit)(names, READ_CONCURRENCY, async (name) => ({
            name,
            ...(await this.judgeFile(area, name)),
        }));
        const failures = judged.filter((j) => "problem" in j);
        const quarantined = [];
        await this.withLock(async () => {
            for (const { name } of failures) {
                // Judged again under the lock: the file may have been replaced or removed since.
                const again = await this.judgeFile(area, name);
                if ("problem" in again)
                    quarantined.push({
                        name,
                        reason: again.problem,
                        movedTo: await this.quarantine(area, name, again.problem),
                    });
            }
        });
        return { good: await this.list(area), quarantined };
    }
    /** Moves `<area>/<name>` to quarantine/<name>.<timestamp>.xml with `<...>.reason.json`; returns the new path. */
    async quarantine(area, name, reason) {
        const stem = name.endsWith(".xml") ? name.slice(0, -4) : name;
        if (stem === "" || (0, node_path_1.basename)(stem) !== stem || stem.startsWith("."))
            throw new errors_js_1.StoreError(`cannot quarantine "${name}": not a file name in ${(0, node_path_1.join)(this.base, area)}`);
        return this.withLock(async () => {
            const from = (0, node_path_1.join)(this.base, area, `${stem}.xml`);
            if ((await (0, files_js_1.fileSize)(from)) === undefined)
                throw new errors_js_1.StoreError(`cannot quarantine ${from}: no such file`);
            const now = new Date();
            let target = (0, node_path_1.join)(this.base, QUARANTINE, `${stem}.${stamp(now)}`);
            if ((await (0, files_js_1.fileSize)(`${target}.xml`)) !== undefined)
                target += `-${(0, node_crypto_1.randomBytes)(3).toString("hex")}`;
            const rejection = area === "rejected" && types_js_1.HASH.test(stem)
                ? await this.rejection(stem).catch(() => undefined)
                : undefined;
            const note = {
                area,
                name: `${stem}.xml`,
                reason,
                at: now.toISOString(),
                ...(rejection ? { rejection } : {}),
            };
            await (0, files_js_1.writeStoreFile)(`${target}.reason.json`, JSON.stringify(note, null, 2) + "\n", true);
            await (0, files_js_1.moveFile)(from, `${target}.xml`);
            if (rejection)
                await (0, files_js_1.removeFile)(this.rejectionPath(stem));
            const index = await this.index.load();
            if (index[area].delete(stem))
                await this.index.save(index);
            return `${target}.xml`;
        });
    }
    async stats(now = new Date()) {
        const entries = await this.list();
        const quarantine = (0, node_path_1.join)(this.base, QUARANTINE);
        const quarantined = (await (0, files_js_1.listNames)(quarantine)).filter((n) => n.endsWith(".xml") && !n.startsWith("."));
        const sizes = await (0, files_js_1.mapLimit)(quarantined, STAT_CONCURRENCY, (n) => (0, files_js_1.fileSize)((0, node_path_1.join)(quarantine, n)));
        const of = (area) => entries.filter((e) => e.area === area);
        const oldest = of("reports")[0]?.storedAt;
        const oldestQueued = of("queue")[0]?.storedAt;
        return {
            reports: of("reports").length,
            queued: of("queue").length,
            rejected: of("rejected").length,
            quarantined: quarantined.length,
            bytes: entries.reduce((n, e) => n + e.size, 0) + sizes.reduce((n, s) => n + (s?.size ?? 0), 0),
            ...(oldest ? { oldest } : {}),
            ...(oldestQueued
                ? {
                    oldestQueued,
                    oldestQueuedAgeSeconds: Math.max(0, Math.floor((now.getTime() - Date.parse(oldestQueued)) / 1000)),
                }
                : {}),
        };
    }
    /** Removes reports (never the queue) stored more than `olderThanDays` ago, except the newest `keepLatest`. */
    async clean(options) {
        const { olderThanDays, keepLatest = 0, dryRun = false, onProgress } = options;
        if (!Number.isFinite(olderThanDays) || olderThanDays < 0)
            throw new errors_js_1.StoreError(`clean: the age must be a number of days >= 0, not ${olderThanDays}`);
        if (!Number.isInteger(keepLatest) || keepLatest < 0)
            throw new errors_js_1.StoreError(`clean: keep-latest must be a whole number >= 0, not ${keepLatest}`);
        const cutoff = new Date((options.now ?? new Date()).getTime() - olderThanDays * 86_400_000).toISOString();
        return this.withLock(async () => {
            const newestFirst = (await this.list("reports")).reverse();
            const removed = newestFirst.slice(keepLatest).filter((e) => e.storedAt < cutoff);
            if (!dryRun) {
                const index = await this.index.load();
                for (const [i, entry] of removed.entries()) {
                    await (0, files_js_1.removeFile)(entry.path);
                    index.reports.delete(entry.hash);
                    onProgress?.(i + 1, removed.length);
                }
                if (removed.length)
                    await this.index.save(index);
            }
            return { removed: removed.reverse(), kept: newestFirst.length - removed.length };
        });
    }
    /** Removes every queued report; returns how many there were. */
    async clearQueue() {
        return this.withLock(async () => {
            const dir = (0, node_path_1.join)(this.base, "queue");
            const names = (await (0, files_js_1.listNames)(dir)).filter((n) => n.endsWith(".xml") && !n.startsWith("."));
            for (const name of names)
                await (0, files_js_1.removeFile)((0, node_path_1.join)(dir, name));
            const index = await this.index.load();
            index.queue.clear();
            await this.index.save(index);
            return names.length;
        });
    }
    /** The entry whose hash starts with `prefix` (a "sha256:" in front is fine); reports/ before queue/ before rejected/. */
    async findByPrefix(prefix) {
        const p = prefix
            .trim()
            .toLowerCase()
            .replace(/^sha256:/, "");
        if (!/^[0-9a-f]{1,64}$/.test(p))
            throw new errors_js_1.StoreError(`"${prefix}" is not a report hash or a prefix of one`);
        const matches = (await this.list()).filter((e) => e.hash.startsWith(p));
        const hashes = [...new Set(matches.map((e) => e.hash))];
        if (hashes.length === 0)
            throw new errors_js_1.StoreError(`no report ${prefix} in ${this.base}`);
        if (hashes.length > 1) {
            const shown = hashes.slice(0, 10).map((h) => h.slice(0, Math.max(12, p.length + 4)));
            const more = hashes.length > 10 ? `, and ${hashes.length - 10} more` : "";
            throw new errors_js_1.StoreError(`"${prefix}" is ambiguous: ${hashes.length} reports start with it (${shown.join(", ")}${more}); give more digits`);
        }
        return matches.sort((a, b) => types_js_1.AREAS.indexOf(a.area) - types_js_1.AREAS.indexOf(b.area))[0];
    }
    entryOf(hash, r) {
        const entry = {
            hash,
            area: r.area,
            path: this.path(r.area, hash),
            size: r.size,
            storedAt: r.stored_at,
            tests: r.tests,
            failures: r.failures,
            errors: r.errors,
            skipped: r.skipped,
            passed: r.passed,
            time: r.time,
            signed: r.signed,
        };
        if (r.project !== undefined)
            entry.project = r.project;
        if (r.branch !== undefined)
            entry.branch = r.branch;
        if (r.commit !== undefined)
            entry.commit = r.commit;
        if (r.timestamp !== undefined)
            entry.timestamp = r.timestamp;
        return entry;
    }
    async statOrFail(path) {
        const file = await (0, files_js_1.fileSize)(path);
        if (file === undefined)
            throw new errors_js_1.StoreError(`${path} disappeared while it was being stored`);
        return file;
    }
    async readVerified(area, hash) {
        checkHash(hash);
        const path = this.path(area, hash);
        const bytes = await (0, files_js_1.readStoreFile)(path);
        if (bytes === undefined)
            throw new errors_js_1.StoreError(`no report ${hash} in ${(0, node_path_1.join)(this.base, area)}`);
        const judged = await judge(bytes, path, hash);
        if ("facts" in judged)
            return { ok: true, bytes, facts: judged.facts };
        return { ok: false, reason: judged.problem, movedTo: await this.quarantine(area, hash, judged.problem) };
    }
    /** Whether `<area>/<name>` is the report its name says; "gone" when there is no such file. */
    async judgeFile(area, name) {
        const path = (0, node_path_1.join)(this.base, area, name);
        const bytes = await (0, files_js_1.readStoreFile)(path);
        if (bytes === undefined)
            return { gone: true };
        return judge(bytes, path, name.slice(0, -4));
    }
    async scan(areas) {
        const scanned = new Map();
        for (const area of areas) {
            const dir = (0, node_path_1.join)(this.base, area);
            const hashes = (await (0, files_js_1.listNames)(dir))
                .filter((n) => n.endsWith(".xml"))
                .map((n) => n.slice(0, -4))
                .filter((h) => types_js_1.HASH.test(h));
            const infos = await (0, files_js_1.mapLimit)(hashes, STAT_CONCURRENCY, (h) => (0, files_js_1.fileSize)((0, node_path_1.join)(dir, `${h}.xml`)));
            const files = new Map();
            hashes.forEach((h, i) => {
                const info = infos[i];
                if (info)
                    files.set(h, info);
            });
            scanned.set(area, files);
        }
        return scanned;
    }
    /** With the lock held: the index brought in line with the files; unreadable or misnamed files are quarantined. */
    async refresh(areas) {
        const index = await this.index.load();
        const scanned = await this.scan(areas);
        let changed = false;
        for (const area of areas) {
            const files = scanned.get(area);
            const records = index[area];
            for (const hash of [...records.keys()])
                if (!files.has(hash))
                    changed = records.delete(hash) || changed;
            const fresh = [...files].filter(([hash, file]) => !sameFile(records.get(hash), file));
            await (0, files_js_1.mapLimit)(fresh, READ_CONCURRENCY, async ([hash, file]) => {
                const path = this.path(area, hash);
                const bytes = await (0, files_js_1.readStoreFile)(path);
                if (bytes === undefined)
                    return;
                const judged = await judge(bytes, path, hash);
                if ("problem" in judged) {
                    records.delete(hash);
                    await this.quarantine(area, hash, judged.problem);
                }
                else
                    records.set(hash, (0, index_file_js_1.recordOf)(area, file, judged.facts));
                changed = true;
            });
        }
        if (changed)
            await this.index.save(index);
        return index;
    }
}
exports.ReportStore = ReportStore;
function sameFile(record, file) {
    return record !== undefined && record.size === file.size && record.mtimeMs === file.mtimeMs;
}
function upToDate(records, files) {
    if (records.size !== files.size)
        return false;
    for (const [hash, file] of files)
        if (!sameFile(records.get(hash), file))
            return false;
    return true;
}
/** The report's facts when `bytes` read strictly and their canonical hash is `expected`, else the problem. */
async function judge(bytes, path, expected) {
    let described;
    try {
        described = await (0, describe_js_1.describeReport)(bytes, path);
    }
    catch (e) {
        return { problem: `no longer a readable report: ${(0, atomic_file_js_1.errorMessage)(e)}` };
    }
    if (!types_js_1.HASH.test(expected))
        return { problem: `its name is not a canonical hash (the report's is sha256:${described.hash})` };
    if (described.hash !== expected)
        return {
            problem: `its canonical hash is now sha256:${described.hash}, not the one in its name (the file was modified)`,
        };
    return { facts: described.facts };
}


/***/ }),

/***/ 7784:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.HASH = exports.AREAS = void 0;
exports.statusOf = statusOf;
exports.AREAS = ["reports", "queue", "rejected"];
/** Same rule as the Jux server's run status. */
function statusOf(entry) {
    return entry.errors > 0 ? "error" : entry.failures > 0 ? "failed" : "passed";
}
exports.HASH = /^[0-9a-f]{64}$/;


/***/ })

};

export const id = 927;
export const ids = [927];
export const modules = {

/***/ 9927:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.config = void 0;
const node_fs_1 = __webpack_require__(3024);
const node_os_1 = __webpack_require__(8161);
const node_path_1 = __webpack_require__(6760);
const atomic_file_js_1 = __webpack_require__(4553);
const index_js_1 = __webpack_require__(2946);
const redact_js_1 = __webpack_require__(1769);
const template_js_1 = __webpack_require__(7906);
const args_js_1 = __webpack_require__(7593);
const io_js_1 = __webpack_require__(1604);
const USAGE = `Usage: jux config <list|dump|view|init|validate> [options]

The configuration: command line > environment (JUX_*) > project file > user file > system file > defaults,
per option. The project file is the first found from the working directory up to the repository's top, in
each directory .jux.conf, then pyproject.toml [tool.jux], pytest.ini ([jux], or jux_ keys in [pytest]),
setup.cfg ([jux], or jux_ keys in [tool:pytest]). The user file is $XDG_CONFIG_HOME/jux/config
(~/.config/jux/config), else ~/.jux/config; the system file /etc/jux/config.

Subcommands:
  list [--format text|json]             every option: name, type, default, environment variable, description
  dump [--format text|json]             the effective values and where each comes from (secrets masked)
  view [--all]                          the configuration files read and their contents (secrets masked);
                                        --all also lists the places looked at where nothing was used
  init [--template minimal|full] [--path FILE] [--force]
                                        write a commented configuration file (default ./.jux.conf)
  validate [--strict]                   check every source; list every problem; --strict: unknown keys too
  -h, --help                            show this help
`;
const FORMAT = { format: { type: "string" }, help: { type: "boolean", short: "h" } };
function loadOptions(io) {
    return { env: io.env, cwd: io.cwd, homedir: io.env.HOME || (0, node_os_1.homedir)(), platform: process.platform };
}
function formatOf(value, command) {
    if (value === undefined || value === "text" || value === "json")
        return value ?? "text";
    throw new io_js_1.UsageError(`jux config ${command}: --format must be text or json, got "${value}"`);
}
function typeLabel(spec) {
    switch (spec.type) {
        case "enum":
            return spec.choices?.join("|") ?? "enum";
        case "int":
            return `integer ${spec.min}..${spec.max}`;
        case "seconds":
            return "seconds";
        case "bool":
            return "boolean";
        case "env-name":
            return "variable name";
        case "header":
            return "header name";
        case "properties":
            return "NAME=VALUE list";
        default:
            return spec.type;
    }
}
function warn(io, warnings) {
    for (const w of warnings)
        (0, io_js_1.writeLine)(io.stderr, `warning: ${w}`);
}
const list = async (argv, io) => {
    const format = formatOf((0, args_js_1.parse)(argv, FORMAT, "config list").values.format, "list");
    const rows = index_js_1.OPTIONS.map((o) => ({
        name: o.name,
        ...(o.aliases.length ? { aliases: o.aliases } : {}),
        type: typeLabel(o),
        default: o.defaultText,
        env: o.env,
        description: o.description,
        secret: o.secret,
    }));
    if (format === "json")
        (0, io_js_1.writeLine)(io.stdout, (0, args_js_1.json)(rows));
    else
        for (const r of rows)
            (0, io_js_1.writeLine)(io.stdout, `${r.name}${r.aliases ? ` (also ${r.aliases.join(", ")})` : ""}: ${r.type}, default ${r.default}, env ${r.env.join(" or ")}\n    ${r.description}`);
    return 0;
};
function shown(config, spec) {
    const value = config[spec.key];
    if (value === undefined)
        return null;
    return spec.secret ? (0, index_js_1.maskSecret)(String(value)) : value;
}
function asText(value) {
    if (value === null)
        return "(not set)";
    if (Array.isArray(value))
        return value.length ? value.map((p) => `${p.name}=${p.value}`).join(", ") : "(none)";
    return String(value);
}
const dump = async (argv, io) => {
    const format = formatOf((0, args_js_1.parse)(argv, FORMAT, "config dump").values.format, "dump");
    const { config, origins, files, warnings } = await (0, index_js_1.loadConfig)(loadOptions(io));
    warn(io, warnings);
    if (format === "json") {
        const options = Object.fromEntries(index_js_1.OPTIONS.map((o) => [
            o.name,
            { value: shown(config, o), set: config[o.key] !== undefined, ...origins[o.key] },
        ]));
        (0, io_js_1.writeLine)(io.stdout, (0, args_js_1.json)({ files, options }));
        return 0;
    }
    (0, io_js_1.writeLine)(io.stdout, `# files read: ${files.length ? files.join(", ") : "none"}`);
    for (const o of index_js_1.OPTIONS) {
        const origin = origins[o.key];
        const value = shown(config, o);
        const text = o.secret && value !== null ? `(set, from ${origin.where})` : `${asText(value)}  (${origin.where})`;
        (0, io_js_1.writeLine)(io.stdout, `${o.name} = ${text}`);
    }
    return 0;
};
const VIEW = { all: { type: "boolean" }, help: { type: "boolean", short: "h" } };
/** Every secret value any source holds, so that view can hide it wherever it appears. */
function knownSecrets(candidates, env) {
    const fromFiles = candidates.flatMap((c) => (c.read?.entries ?? [])
        .filter((e) => e.spec.secret && typeof e.raw === "string")
        .map((e) => String(e.raw)));
    const fromEnv = index_js_1.OPTIONS.filter((o) => o.secret).flatMap((o) => o.env.map((name) => env[name] ?? ""));
    return [...fromFiles, ...fromEnv].map((s) => s.trim()).filter((s) => s.length > 0);
}
const view = async (argv, io) => {
    const all = (0, args_js_1.parse)(argv, VIEW, "config view").values.all === true;
    const { candidates } = await (0, index_js_1.checkConfig)(loadOptions(io));
    const secrets = knownSecrets(candidates, io.env);
    const used = candidates.filter((c) => c.status === "used");
    for (const c of candidates) {
        if (c.status === "used") {
            (0, io_js_1.writeLine)(io.stdout, `==> ${c.path} (${c.kind} file) <==`);
            const text = c.text === undefined ? `(${c.read?.problems[0] ?? "cannot be read"})\n` : c.text;
            io.stdout.write((0, redact_js_1.redactConfigText)(text.endsWith("\n") ? text : text + "\n", secrets));
        }
        else if (all) {
            (0, io_js_1.writeLine)(io.stdout, `--- ${c.path} (${c.kind} file): ${c.status === "absent" ? "absent" : `not used: ${c.note}`}`);
        }
    }
    if (!used.length && !all)
        (0, io_js_1.writeLine)(io.stdout, "no configuration files found (jux config view --all lists the places looked at)");
    return 0;
};
const INIT = {
    template: { type: "string" },
    path: { type: "string" },
    force: { type: "boolean" },
    help: { type: "boolean", short: "h" },
};
const init = async (argv, io) => {
    const { values } = (0, args_js_1.parse)(argv, INIT, "config init");
    const template = values.template ?? "minimal";
    if (template !== "minimal" && template !== "full")
        throw new io_js_1.UsageError(`jux config init: --template must be minimal or full, got "${template}"`);
    const path = (0, node_path_1.resolve)(io.cwd, values.path ?? ".jux.conf");
    await (0, atomic_file_js_1.writeFileAtomic)(path, (0, template_js_1.configTemplate)(template), 0o644, {
        overwrite: values.force === true,
    });
    (0, io_js_1.writeLine)(io.stdout, `wrote ${path} (${template} template)`);
    return 0;
};
const VALIDATE = { strict: { type: "boolean" }, help: { type: "boolean", short: "h" } };
function missingFiles(config) {
    const paths = [
        ["key_path", config.keyPath],
        ["cert_path", config.certPath],
    ];
    return paths
        .filter(([, p]) => p !== undefined && !(0, node_fs_1.existsSync)(p))
        .map(([name, p]) => `${name}: ${p} does not exist`);
}
const validate = async (argv, io) => {
    const strict = (0, args_js_1.parse)(argv, VALIDATE, "config validate").values.strict === true;
    const check = await (0, index_js_1.checkConfig)(loadOptions(io), strict);
    warn(io, [...check.warnings, ...(check.loaded ? missingFiles(check.loaded.config) : [])]);
    for (const p of check.problems)
        (0, io_js_1.writeLine)(io.stderr, `error: ${p}`);
    if (!check.loaded) {
        const n = check.problems.length;
        (0, io_js_1.writeLine)(io.stderr, `jux config validate: ${n} problem${n === 1 ? "" : "s"}`);
        return 1;
    }
    const files = check.loaded.files;
    (0, io_js_1.writeLine)(io.stdout, `configuration valid (files read: ${files.length ? files.join(", ") : "none"})`);
    return 0;
};
const SUBCOMMANDS = { list, dump, view, init, validate };
const config = async (argv, io) => {
    const [name, ...rest] = argv;
    if (name === "--help" ||
        name === "-h" ||
        name === "help" ||
        rest.includes("--help") ||
        rest.includes("-h")) {
        io.stdout.write(USAGE);
        return 0;
    }
    const sub = name === undefined ? undefined : SUBCOMMANDS[name];
    if (!sub)
        throw new io_js_1.UsageError(`jux config: ${name === undefined ? "a subcommand is required" : `unknown subcommand "${name}"`} (${Object.keys(SUBCOMMANDS).join(", ")}; see jux config --help)`);
    return sub(rest, io);
};
exports.config = config;


/***/ }),

/***/ 8593:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.readIfExists = readIfExists;
exports.readConfigText = readConfigText;
exports.formatOf = formatOf;
const promises_1 = __webpack_require__(1455);
const node_path_1 = __webpack_require__(6760);
const smol_toml_1 = __webpack_require__(7106);
const atomic_file_js_1 = __webpack_require__(4553);
const ini_js_1 = __webpack_require__(3564);
const schema_js_1 = __webpack_require__(7967);
/** The file's text, undefined when it does not exist; an unreadable file (EACCES, a directory) throws. */
async function readIfExists(path) {
    try {
        return await (0, promises_1.readFile)(path, "utf8");
    }
    catch (e) {
        const code = e.code;
        if (code === "ENOENT" || code === "ENOTDIR")
            return undefined;
        throw new Error(`cannot read ${path}: ${(0, atomic_file_js_1.osReason)(e)}`, { cause: e });
    }
}
class Collector {
    path;
    kind;
    read = { hasJux: false, entries: [], problems: [], unknown: [], warnings: [] };
    seen = new Map();
    constructor(path, kind) {
        this.path = path;
        this.kind = kind;
    }
    add(key, name, raw, line, where) {
        const at = line === undefined ? this.path : `${this.path}:${line}`;
        const forbidden = schema_js_1.FORBIDDEN_KEYS[name];
        if (forbidden !== undefined)
            return void this.read.problems.push(`${at}: ${key}: ${forbidden}`);
        const spec = (0, schema_js_1.optionNamed)(name);
        if (!spec)
            return void this.read.unknown.push(`${at}: unknown option "${key}" in ${where} (see jux config list)`);
        const previous = this.seen.get(spec.name);
        if (previous !== undefined)
            return void this.read.problems.push(`${at}: ${key}: ${spec.name} is already set at ${previous}`);
        this.seen.set(spec.name, at);
        this.read.entries.push({ spec, raw, kind: this.kind, where: at, key, baseDir: (0, node_path_1.dirname)(this.path) });
    }
}
/** Reads `[section]` (every key) or, with a prefix, the keys of `[section]` that start with it. */
function iniSection(c, section, prefix = "") {
    if (!section)
        return false;
    let any = prefix === "";
    for (const [key, entry] of section.entries) {
        if (!key.startsWith(prefix))
            continue;
        any = true;
        c.add(key, key.slice(prefix.length), entry.value, entry.line, `[${section.name}]`);
    }
    return any;
}
const INI_SECTIONS = {
    jux: [["jux", ""]],
    "pytest.ini": [
        ["jux", ""],
        ["pytest", "jux_"],
    ],
    "setup.cfg": [
        ["jux", ""],
        ["tool:pytest", "jux_"],
    ],
};
function readIni(c, path, text, format) {
    const sections = (0, ini_js_1.parseIni)(text);
    const wanted = INI_SECTIONS[format];
    for (const [name, prefix] of wanted)
        if (iniSection(c, sections.get(name), prefix))
            c.read.hasJux = true;
    if (format === "jux") {
        c.read.hasJux = true;
        for (const s of sections.values())
            if (s.name !== "jux")
                c.read.warnings.push(`${path}:${s.line}: section [${s.name}] is ignored (jux reads [jux])`);
    }
}
function table(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? value
        : undefined;
}
/** The line of `key =` under the `[header]` table, for messages; undefined when it cannot be told. */
function tomlLine(lines, header, key) {
    const start = lines.findIndex((l) => header.test(l));
    if (start < 0)
        return undefined;
    const keyLine = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*=`);
    for (let i = start + 1; i < lines.length && !/^\s*\[/.test(lines[i] ?? ""); i++)
        if (keyLine.test(lines[i] ?? ""))
            return i + 1;
    return start + 1;
}
function readToml(c, text) {
    const tool = table((0, smol_toml_1.parse)(text).tool);
    const lines = text.split(/\r?\n/);
    const jux = table(tool?.jux);
    if (jux) {
        c.read.hasJux = true;
        for (const [key, value] of Object.entries(jux))
            c.add(key, key, value, tomlLine(lines, /^\s*\[\s*tool\s*\.\s*jux\s*\]/, key), "[tool.jux]");
    }
    const pytest = table(table(tool?.pytest)?.ini_options);
    for (const [key, value] of Object.entries(pytest ?? {})) {
        if (!key.startsWith("jux_"))
            continue;
        c.read.hasJux = true;
        const line = tomlLine(lines, /^\s*\[\s*tool\s*\.\s*pytest\s*\.\s*ini_options\s*\]/, key);
        c.add(key, key.slice(4), value, line, "[tool.pytest.ini_options]");
    }
}
function syntaxProblem(path, e) {
    if (e instanceof ini_js_1.IniSyntaxError)
        return `${path}:${e.line}: ${e.message}`;
    if (e instanceof smol_toml_1.TomlError)
        return `${path}:${e.line}:${e.column}: not valid TOML: ${e.message.split("\n")[0]}`;
    return undefined;
}
/**
 * Reads the jux settings of a file. A syntax error is a problem, except in a Python tool's file that does not
 * mention jux at all (that file is someone else's business, and is not read).
 */
function readConfigText(path, text, format, kind) {
    const c = new Collector(path, kind);
    try {
        if (format === "pyproject.toml")
            readToml(c, text);
        else
            readIni(c, path, text, format);
    }
    catch (e) {
        const problem = syntaxProblem(path, e);
        if (problem === undefined)
            throw e;
        if (format !== "jux" && !/jux/i.test(text))
            return { ...c.read, hasJux: false, entries: [] };
        c.read.hasJux = true;
        c.read.problems.push(problem);
        c.read.entries = [];
    }
    return c.read;
}
/** The format of a file by its name: pytest's three, else jux's own INI. */
function formatOf(path) {
    const name = (0, node_path_1.basename)(path);
    return name === "pytest.ini" || name === "setup.cfg" || name === "pyproject.toml" ? name : "jux";
}


/***/ }),

/***/ 2946:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.PROJECT_FILES = exports.loadConfig = exports.checkConfig = exports.OPTIONS = exports.maskSecret = exports.ConfigError = void 0;
var schema_js_1 = __webpack_require__(7967);
Object.defineProperty(exports, "ConfigError", ({ enumerable: true, get: function () { return schema_js_1.ConfigError; } }));
Object.defineProperty(exports, "maskSecret", ({ enumerable: true, get: function () { return schema_js_1.maskSecret; } }));
Object.defineProperty(exports, "OPTIONS", ({ enumerable: true, get: function () { return schema_js_1.OPTIONS; } }));
var load_js_1 = __webpack_require__(9168);
Object.defineProperty(exports, "checkConfig", ({ enumerable: true, get: function () { return load_js_1.checkConfig; } }));
Object.defineProperty(exports, "loadConfig", ({ enumerable: true, get: function () { return load_js_1.loadConfig; } }));
var locations_js_1 = __webpack_require__(8966);
Object.defineProperty(exports, "PROJECT_FILES", ({ enumerable: true, get: function () { return locations_js_1.PROJECT_FILES; } }));


/***/ }),

/***/ 3564:
/***/ ((__unused_webpack_module, exports) => {


/**
 * A small, strict INI reader with configparser's syntax (what pytest-jux's files use): `[section]` headers,
 * `key = value` or `key: value`, full-line `#`/`;` comments, indented continuation lines for multi-line
 * values. Keys are case-insensitive (lower-cased, as configparser does). There are no inline comments: a `#`
 * after a value is part of it (tokens and URLs may contain one). A duplicate section or key is an error.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.IniSyntaxError = void 0;
exports.parseIni = parseIni;
class IniSyntaxError extends Error {
    line;
    constructor(line, reason) {
        super(reason);
        this.line = line;
    }
}
exports.IniSyntaxError = IniSyntaxError;
const HEADER = /^\[([^\]]+)\]\s*$/;
const KEY = /^[A-Za-z0-9_.-]+$/;
function isComment(trimmed) {
    return trimmed.startsWith("#") || trimmed.startsWith(";");
}
function header(state, name, line) {
    const existing = state.sections.get(name);
    if (existing)
        throw new IniSyntaxError(line, `section [${name}] already appears at line ${existing.line}`);
    state.section = { name, line, entries: new Map() };
    state.sections.set(name, state.section);
    state.last = undefined;
}
function assignment(state, text, line) {
    const at = text.search(/[=:]/);
    const key = at < 0 ? "" : text.slice(0, at).trim().toLowerCase();
    if (at < 0 || !KEY.test(key))
        throw new IniSyntaxError(line, "expected `key = value`, a [section] header or a comment");
    if (!state.section)
        throw new IniSyntaxError(line, `"${key}" comes before any [section] header`);
    const previous = state.section.entries.get(key);
    if (previous)
        throw new IniSyntaxError(line, `${key} is set twice in [${state.section.name}] (also at line ${previous.line})`);
    state.last = { value: text.slice(at + 1).trim(), line };
    state.section.entries.set(key, state.last);
}
function parseIni(text) {
    const state = { sections: new Map() };
    const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    lines.forEach((raw, index) => {
        const line = index + 1;
        const trimmed = raw.trim();
        if (trimmed === "") {
            state.last = undefined;
            return;
        }
        if (isComment(trimmed))
            return;
        if (/^\s/.test(raw)) {
            if (!state.last)
                throw new IniSyntaxError(line, "an indented line that continues no value");
            state.last.value = state.last.value === "" ? trimmed : `${state.last.value}\n${trimmed}`;
            return;
        }
        const name = HEADER.exec(trimmed)?.[1]?.trim();
        if (name !== undefined)
            header(state, name, line);
        else
            assignment(state, trimmed, line);
    });
    return state.sections;
}


/***/ }),

/***/ 9168:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.checkConfig = checkConfig;
exports.loadConfig = loadConfig;
const promises_1 = __webpack_require__(1455);
const node_path_1 = __webpack_require__(6760);
const locations_js_1 = __webpack_require__(8966);
const schema_js_1 = __webpack_require__(7967);
const values_js_1 = __webpack_require__(7484);
/** Highest priority first. */
const ORDER = ["cli", "env", "project", "user", "system"];
function flagOf(name) {
    return `--${name.replace(/_/g, "-")}`;
}
function cliEntries(cli, cwd) {
    const entries = [];
    for (const [key, raw] of Object.entries(cli ?? {})) {
        if (raw === undefined)
            continue;
        const name = key.replace(/^--/, "").replace(/-/g, "_");
        const spec = (0, schema_js_1.optionNamed)(name);
        if (!spec)
            throw new schema_js_1.ConfigError(`${flagOf(name)}: not a configuration option`);
        entries.push({ spec, raw, kind: "cli", where: flagOf(name), key: name, baseDir: cwd });
    }
    return entries;
}
function envEntries(env, cwd, problems) {
    const entries = [];
    for (const spec of schema_js_1.OPTIONS) {
        const set = spec.env.filter((name) => !(0, values_js_1.isEmpty)(env[name]));
        const [first, ...others] = set;
        if (first === undefined)
            continue;
        const differing = others.filter((name) => env[name]?.trim() !== env[first]?.trim());
        if (differing.length)
            problems.push(`${[first, ...differing].join(" and ")} are both set, to different values: set one`);
        entries.push({ spec, raw: env[first], kind: "env", where: first, key: first, baseDir: cwd });
    }
    return entries;
}
function defaultOrigin(spec, config) {
    if (spec.name === "storage_mode")
        return {
            kind: "default",
            where: config.apiUrl === undefined ? "default, as no api_url is set" : "default, as api_url is set",
        };
    return { kind: "default", where: "default" };
}
function merge(entries, homedir, problems) {
    const values = { ...schema_js_1.DEFAULTS, properties: [] };
    const origins = {};
    const rank = (e) => ORDER.indexOf(e.kind);
    for (const entry of [...entries].sort((a, b) => rank(b) - rank(a))) {
        if ((0, values_js_1.isEmpty)(entry.raw))
            continue;
        try {
            values[entry.spec.key] = (0, values_js_1.convert)(entry.spec, entry.raw, { baseDir: entry.baseDir, homedir });
            origins[entry.spec.key] = { kind: entry.kind, where: entry.where };
        }
        catch (e) {
            if (!(e instanceof values_js_1.ValueError))
                throw e;
            const label = entry.kind === "env" || entry.kind === "cli" ? "" : ` ${entry.key}:`;
            problems.push(`${entry.where}:${label} ${e.message}`);
        }
    }
    const config = values;
    if (config.storageMode === undefined)
        config.storageMode = config.apiUrl === undefined ? "local" : "cache";
    for (const spec of schema_js_1.OPTIONS)
        origins[spec.key] ??= defaultOrigin(spec, config);
    return { config, origins: origins };
}
async function looseSecretFile(c, platform) {
    if (c.kind === "project")
        return `${c.path}: holds bearer_token, and a project file may be committed: prefer JUX_API_KEY in the environment`;
    if (platform === "win32")
        return undefined;
    const mode = (await (0, promises_1.stat)(c.path).catch(() => undefined))?.mode ?? 0;
    return mode & 0o044
        ? `${c.path}: holds bearer_token and can be read by other users (chmod 600 ${c.path})`
        : undefined;
}
async function fileWarnings(used, platform) {
    const warnings = [];
    for (const c of used) {
        warnings.push(...(c.read?.warnings ?? []));
        if (c.read?.entries.some((e) => e.spec.secret && !(0, values_js_1.isEmpty)(e.raw))) {
            const loose = await looseSecretFile(c, platform);
            if (loose)
                warnings.push(loose);
        }
    }
    return warnings;
}
function configWarnings(config) {
    if ((config.storageMode === "api" || config.storageMode === "both") && config.apiUrl === undefined)
        return [`storage_mode is ${config.storageMode} but no api_url is set: publishing will fail`];
    return [];
}
/**
 * Reads every source and reports every problem (not only the first). With `strict`, unknown keys in the
 * files are problems rather than warnings.
 */
async function checkConfig(opts, strict = false) {
    const platform = opts.platform ?? process.platform;
    const candidates = await (0, locations_js_1.findFiles)({ ...opts, cwd: (0, node_path_1.resolve)(opts.cwd), platform });
    const used = candidates.filter((c) => c.status === "used");
    const problems = used.flatMap((c) => c.read?.problems ?? []);
    const unknown = used.flatMap((c) => c.read?.unknown ?? []);
    if (strict)
        problems.push(...unknown);
    const entries = [
        ...cliEntries(opts.cli, opts.cwd),
        ...envEntries(opts.env, opts.cwd, problems),
        ...used.flatMap((c) => c.read?.entries ?? []),
    ];
    const merged = merge(entries, opts.homedir, problems);
    const warnings = [
        ...(strict ? [] : unknown),
        ...(await fileWarnings(used, platform)),
        ...configWarnings(merged.config),
    ];
    const files = used.map((c) => c.path);
    if (problems.length)
        return { problems, warnings, candidates };
    return { loaded: { ...merged, files, warnings }, problems, warnings, candidates };
}
/** The effective configuration; a ConfigError (the first problem, and all of them in `problems`) if invalid. */
async function loadConfig(opts) {
    const check = await checkConfig(opts);
    if (check.loaded)
        return check.loaded;
    const [first = "invalid configuration", ...rest] = check.problems;
    const more = rest.length
        ? ` (and ${rest.length} more problem${rest.length > 1 ? "s" : ""}: jux config validate lists them)`
        : "";
    throw new schema_js_1.ConfigError(first + more, check.problems);
}


/***/ }),

/***/ 8966:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.DEFAULT_SYSTEM_FILE = exports.PROJECT_FILES = void 0;
exports.systemFileOf = systemFileOf;
exports.userFilesOf = userFilesOf;
exports.findFiles = findFiles;
const node_fs_1 = __webpack_require__(3024);
const node_path_1 = __webpack_require__(6760);
const files_js_1 = __webpack_require__(8593);
/**
 * In one directory, the first of these with jux settings is the project file: jux's own file first, then
 * pyproject.toml ([tool.jux], or jux_ keys in [tool.pytest.ini_options]), pytest.ini ([jux], or jux_ keys in
 * [pytest]), setup.cfg ([jux], or jux_ keys in [tool:pytest]).
 */
exports.PROJECT_FILES = [".jux.conf", "pyproject.toml", "pytest.ini", "setup.cfg"];
exports.DEFAULT_SYSTEM_FILE = "/etc/jux/config";
/** `systemFile`, else JUX_SYSTEM_CONFIG (a hidden setting for tests), else /etc/jux/config. */
function systemFileOf(l) {
    if (l.systemFile !== undefined)
        return l.systemFile;
    if (l.env.JUX_SYSTEM_CONFIG)
        return l.env.JUX_SYSTEM_CONFIG;
    if (l.platform === "win32" && l.env.PROGRAMDATA)
        return (0, node_path_1.join)(l.env.PROGRAMDATA, "jux", "config");
    return exports.DEFAULT_SYSTEM_FILE;
}
/** $XDG_CONFIG_HOME/jux/config (an XDG path must be absolute), else ~/.config/jux/config; then ~/.jux/config. */
function userFilesOf(l) {
    const xdg = l.env.XDG_CONFIG_HOME;
    const base = xdg && (0, node_path_1.isAbsolute)(xdg)
        ? xdg
        : l.platform === "win32" && l.env.APPDATA
            ? l.env.APPDATA
            : (0, node_path_1.join)(l.homedir, ".config");
    return [(0, node_path_1.join)(base, "jux", "config"), (0, node_path_1.join)(l.homedir, ".jux", "config")];
}
/** An unreadable file is used: it may hold settings, so its problem is reported and nothing below it is read. */
function unreadable(path, kind, e) {
    const problem = e instanceof Error ? e.message : String(e);
    const read = { hasJux: true, entries: [], problems: [problem], unknown: [], warnings: [] };
    return { path, kind, status: "used", read };
}
async function candidate(path, kind) {
    let text;
    try {
        text = await (0, files_js_1.readIfExists)(path);
    }
    catch (e) {
        return unreadable(path, kind, e);
    }
    if (text === undefined)
        return { path, kind, status: "absent" };
    return { path, kind, status: "used", text, read: (0, files_js_1.readConfigText)(path, text, (0, files_js_1.formatOf)(path), kind) };
}
/** The first existing file is used; the ones after it are ignored. */
async function firstOf(paths, kind) {
    const found = [];
    let used;
    for (const path of paths) {
        const c = await candidate(path, kind);
        if (c.status === "used" && used !== undefined)
            Object.assign(c, { status: "ignored", note: `${used} is used` });
        if (c.status === "used")
            used = path;
        found.push(c);
    }
    return found;
}
async function inDirectory(dir) {
    const found = [];
    let used;
    for (const name of exports.PROJECT_FILES) {
        const c = await candidate((0, node_path_1.join)(dir, name), "project");
        if (c.status === "used" && !c.read?.hasJux)
            Object.assign(c, { status: "ignored", note: "no jux settings" });
        else if (c.status === "used" && used !== undefined)
            Object.assign(c, { status: "ignored", note: `${used} takes precedence` });
        if (c.status === "used")
            used = c.path;
        found.push(c);
    }
    return found;
}
/**
 * Walks from cwd up to the root, stopping after a directory that holds `.git` (the repository's top) or
 * the first directory with a project file.
 */
async function projectCandidates(cwd) {
    const found = [];
    for (let dir = cwd;; dir = (0, node_path_1.dirname)(dir)) {
        const here = await inDirectory(dir);
        found.push(...here);
        if (here.some((c) => c.status === "used") || (0, node_fs_1.existsSync)((0, node_path_1.join)(dir, ".git")) || (0, node_path_1.dirname)(dir) === dir)
            break;
    }
    return found;
}
/** Every place looked at, lowest priority first: system, user, project. */
async function findFiles(l) {
    return [
        ...(await firstOf([systemFileOf(l)], "system")),
        ...(await firstOf(userFilesOf(l), "user")),
        ...(await projectCandidates(l.cwd)),
    ];
}


/***/ }),

/***/ 1769:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.redactConfigText = redactConfigText;
const schema_js_1 = __webpack_require__(7967);
const ASSIGNMENT = /^(\s*)(["']?)([A-Za-z0-9_.-]+)\2(\s*[=:]\s*)(.*)$/;
function opensMultiline(value) {
    const quote = value.startsWith('"""') ? '"""' : value.startsWith("'''") ? "'''" : undefined;
    return quote !== undefined && !value.slice(3).includes(quote) ? quote : undefined;
}
/**
 * A configuration file's text with the values of secret keys (bearer_token, api_key, passphrases; INI
 * continuation lines and TOML multi-line strings included) replaced, then every known secret value wherever
 * it still appears.
 */
function redactConfigText(text, secrets = []) {
    const out = [];
    let continuing;
    for (const line of text.split("\n")) {
        if (continuing === "ini" && /^\s+\S/.test(line) && !/^\s*[#;]/.test(line)) {
            out.push(line.replace(/\S.*$/, (0, schema_js_1.maskSecret)("")));
            continue;
        }
        if (continuing !== undefined && continuing !== "ini") {
            if (line.includes(continuing))
                continuing = undefined;
            out.push((0, schema_js_1.maskSecret)(""));
            continue;
        }
        continuing = undefined;
        const m = ASSIGNMENT.exec(line);
        if (m && (0, schema_js_1.isSecretKey)(m[3] ?? "")) {
            const value = m[5] ?? "";
            continuing = opensMultiline(value) ?? "ini";
            out.push(`${m[1]}${m[2]}${m[3]}${m[2]}${m[4]}${value.trim() === "" ? "" : (0, schema_js_1.maskSecret)(value)}`);
            continue;
        }
        out.push(line);
    }
    let redacted = out.join("\n");
    for (const secret of secrets)
        if (secret.length > 0)
            redacted = redacted.split(secret).join((0, schema_js_1.maskSecret)(secret));
    return redacted;
}


/***/ }),

/***/ 7967:
/***/ ((__unused_webpack_module, exports) => {


/**
 * The configuration options, in one table: everything else (parsing, `jux config list`, the templates of
 * `jux config init`) is derived from it.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.DEFAULTS = exports.FORBIDDEN_KEYS = exports.OPTIONS = exports.ConfigError = void 0;
exports.optionNamed = optionNamed;
exports.isSecretKey = isSecretKey;
exports.maskSecret = maskSecret;
/** A configuration problem; the message names the source: `/x/.jux.conf:12: api_timeout: expected ...`. */
class ConfigError extends Error {
    name = "ConfigError";
    /** Every problem found, when more than one (the message is the first). */
    problems;
    constructor(message, problems = [message]) {
        super(message);
        this.problems = problems;
    }
}
exports.ConfigError = ConfigError;
const STORAGE_MODES = ["local", "api", "both", "cache"];
const C14N_NAMES = ["c14n11", "exclusive"];
function option(spec) {
    return {
        env: [`JUX_${spec.name.toUpperCase()}`],
        aliases: [],
        secret: false,
        ...spec,
    };
}
exports.OPTIONS = [
    option({
        name: "enabled",
        key: "enabled",
        type: "bool",
        defaultText: "true",
        description: "whether jux does anything at all",
    }),
    option({ name: "sign", key: "sign", type: "bool", defaultText: "true", description: "sign the reports" }),
    option({
        name: "publish",
        key: "publish",
        type: "bool",
        defaultText: "false",
        description: "publish the reports to the Jux API server",
    }),
    option({
        name: "storage_mode",
        key: "storageMode",
        type: "enum",
        choices: STORAGE_MODES,
        defaultText: "cache when api_url is set, else local",
        description: "local: store only; api: publish only; both: store and publish; cache: store, publish when possible, queue the rest",
    }),
    option({
        name: "storage_path",
        key: "storagePath",
        type: "path",
        defaultText: "$XDG_DATA_HOME/jux (platform default)",
        description: "the local store's directory",
    }),
    option({
        name: "key_path",
        key: "keyPath",
        type: "path",
        defaultText: "(none)",
        description: "the PEM private key that signs the reports",
    }),
    option({
        name: "cert_path",
        key: "certPath",
        type: "path",
        defaultText: "(none)",
        description: "the PEM certificate embedded in the signatures",
    }),
    option({
        name: "api_url",
        key: "apiUrl",
        type: "url",
        defaultText: "(none)",
        description: "the Jux API base URL, e.g. https://jux.example.com/api/v1",
    }),
    option({
        name: "bearer_token",
        key: "apiKey",
        type: "secret",
        defaultText: "(none)",
        env: ["JUX_BEARER_TOKEN", "JUX_API_KEY"],
        aliases: ["api_key"],
        secret: true,
        description: "the API key (also api_key, JUX_API_KEY); prefer the environment to a file",
    }),
    option({
        name: "api_key_header",
        key: "apiKeyHeader",
        type: "header",
        defaultText: "Authorization",
        description: 'the header carrying the key: Authorization sends "Bearer KEY", any other sends the key as is',
    }),
    option({
        name: "api_timeout",
        key: "apiTimeoutSeconds",
        type: "seconds",
        min: 0,
        max: 86400,
        defaultText: "30",
        description: "seconds to wait for the API server",
    }),
    option({
        name: "api_max_retries",
        key: "apiMaxRetries",
        type: "int",
        min: 0,
        max: 100,
        defaultText: "3",
        description: "retries of a failed request (network errors, 429, 5xx)",
    }),
    option({
        name: "key_passphrase_env",
        key: "keyPassphraseEnv",
        type: "env-name",
        defaultText: "(none)",
        description: "the environment variable holding the key's passphrase (never the passphrase itself)",
    }),
    option({
        name: "c14n",
        key: "c14n",
        type: "enum",
        choices: C14N_NAMES,
        defaultText: "c14n11",
        description: "the signature's canonicalization: c14n11 (pytest-jux's) or exclusive",
    }),
    option({
        name: "project_name",
        key: "projectName",
        type: "string",
        defaultText: "(the repository or directory name)",
        description: "the project property of the reports",
    }),
    option({
        name: "properties",
        key: "properties",
        type: "properties",
        defaultText: "(none)",
        description: "extra NAME=VALUE properties, comma or newline separated",
    }),
    option({
        name: "publish_concurrency",
        key: "publishConcurrency",
        type: "int",
        min: 1,
        max: 32,
        defaultText: "4",
        description: "reports published at the same time",
    }),
];
/** The spec of an option by its name or alias (snake_case, without a `jux_` prefix). */
function optionNamed(name) {
    return exports.OPTIONS.find((o) => o.name === name || o.aliases.includes(name));
}
/** Keys that must never hold a value in a file, with what to do instead. */
exports.FORBIDDEN_KEYS = {
    key_passphrase: "the passphrase is never a configuration value: put it in an environment variable and name that with key_passphrase_env",
    passphrase: "the passphrase is never a configuration value: put it in an environment variable and name that with key_passphrase_env",
};
/** Whether a key (as written, with or without `jux_`) holds something that must not be shown. */
function isSecretKey(key) {
    const name = key.toLowerCase().replace(/^jux_/, "");
    return optionNamed(name)?.secret === true || name in exports.FORBIDDEN_KEYS;
}
/** A secret as it may be shown: nothing of it, not even its length. */
function maskSecret(value) {
    void value;
    return "********";
}
exports.DEFAULTS = {
    enabled: true,
    sign: true,
    publish: false,
    apiKeyHeader: "Authorization",
    apiTimeoutSeconds: 30,
    apiMaxRetries: 3,
    c14n: "c14n11",
    properties: [],
    publishConcurrency: 4,
};


/***/ }),

/***/ 7906:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.configTemplate = configTemplate;
const schema_js_1 = __webpack_require__(7967);
const HEADER = `# jux configuration: section [jux], one "option = value" per line; "#" or ";" starts a comment line.
# Precedence: command line > environment (JUX_*) > this project file > user file > system file > defaults.
# "jux config list" describes every option, "jux config dump" shows the effective values and their sources.
# Every setting below is commented out: uncomment one to set it (a value set here overrides the user and
# system files for everyone working in this project).
`;
const TOKEN_NOTE = `# The API key (bearer_token) does not belong in a file that may be committed: set JUX_API_KEY.`;
function example(spec) {
    switch (spec.name) {
        case "api_url":
            return "https://jux.example.com/api/v1";
        case "key_path":
            return "jux-key.pem";
        case "cert_path":
            return "jux-key.crt";
        case "storage_path":
            return "~/.local/share/jux";
        case "storage_mode":
            return "local";
        case "key_passphrase_env":
            return "JUX_KEY_PASSPHRASE";
        case "project_name":
            return "my-project";
        case "properties":
            return "team=qa, suite=nightly";
        default:
            return spec.defaultText;
    }
}
function fullEntry(spec) {
    if (spec.secret)
        return TOKEN_NOTE;
    const env = spec.env.length ? ` (environment: ${spec.env.join(", ")})` : "";
    return `# ${spec.name}: ${spec.description}${env}; default ${spec.defaultText}\n# ${spec.name} = ${example(spec)}`;
}
const MINIMAL = `[jux]
# sign = true
# publish = false
# key_path = jux-key.pem
# api_url = https://jux.example.com/api/v1
${TOKEN_NOTE}
`;
/** The text `jux config init` writes; each commented-out setting is valid once uncommented. */
function configTemplate(name) {
    if (name === "minimal")
        return HEADER + "\n" + MINIMAL;
    return `${HEADER}\n[jux]\n${schema_js_1.OPTIONS.map(fullEntry).join("\n\n")}\n`;
}


/***/ }),

/***/ 7484:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ValueError = void 0;
exports.splitList = splitList;
exports.isEmpty = isEmpty;
exports.convert = convert;
const node_path_1 = __webpack_require__(6760);
/** Why a value was refused; the caller prefixes the source. */
class ValueError extends Error {
}
exports.ValueError = ValueError;
const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** `"abc"` for a message; never used for secrets. */
function shown(raw) {
    const text = typeof raw === "string" ? raw : (JSON.stringify(raw) ?? String(raw));
    const short = text.length > 80 ? `${text.slice(0, 77)}...` : text;
    return JSON.stringify(short);
}
function text(spec, raw, what) {
    if (typeof raw === "string")
        return raw.trim();
    if (typeof raw === "number" || typeof raw === "boolean")
        return String(raw);
    throw new ValueError(spec.secret ? `expected ${what} (value not shown)` : `expected ${what}, got ${shown(raw)}`);
}
function bool(spec, raw) {
    if (typeof raw === "boolean")
        return raw;
    const t = typeof raw === "string" ? raw.trim().toLowerCase() : undefined;
    if (t !== undefined && TRUE.has(t))
        return true;
    if (t !== undefined && FALSE.has(t))
        return false;
    throw new ValueError(`expected true/false (or 1/0, yes/no, on/off), got ${shown(raw)}`);
}
function number(spec, raw, integer) {
    const what = integer ? "a whole number" : "a number of seconds";
    const t = typeof raw === "boolean" ? "" : text(spec, raw, what);
    const n = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
        throw new ValueError(`expected ${what}, got ${shown(raw)}`);
    const min = spec.min ?? -Infinity;
    const max = spec.max ?? Infinity;
    if (integer ? n < min : n <= min)
        throw new ValueError(`must be ${integer ? "at least" : "greater than"} ${min}, got ${shown(raw)}`);
    if (n > max)
        throw new ValueError(`must be at most ${max}, got ${shown(raw)}`);
    return n;
}
function choice(spec, raw) {
    const t = text(spec, raw, `one of ${spec.choices?.join(", ")}`).toLowerCase();
    if (spec.choices?.includes(t))
        return t;
    throw new ValueError(`expected one of ${spec.choices?.join(", ")}, got ${shown(raw)}`);
}
function path(spec, raw, ctx) {
    const t = text(spec, raw, "a path");
    const expanded = t === "~" || t.startsWith("~/") ? ctx.homedir + t.slice(1) : t;
    return (0, node_path_1.isAbsolute)(expanded) ? expanded : (0, node_path_1.resolve)(ctx.baseDir, expanded);
}
function url(spec, raw) {
    const t = text(spec, raw, "an http(s) URL");
    let parsed;
    try {
        parsed = new URL(t);
    }
    catch {
        throw new ValueError(`expected an http(s) URL, got ${shown(raw)}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
        throw new ValueError(`expected an http(s) URL, got ${shown(parsed.protocol.replace(/:$/, ""))} URL`);
    if (parsed.username || parsed.password)
        throw new ValueError("must not contain credentials (set bearer_token, or JUX_API_KEY, instead)");
    if (parsed.search || parsed.hash)
        throw new ValueError(`must not have a query or fragment, got ${shown(t)}`);
    return parsed.href.replace(/\/+$/, "");
}
function secret(spec, raw) {
    const t = text(spec, raw, "a string");
    if (CONTROL.test(t))
        throw new ValueError("contains a line break or control character (value not shown)");
    return t;
}
function matching(spec, raw, pattern, what) {
    const t = text(spec, raw, what);
    if (!pattern.test(t))
        throw new ValueError(`expected ${what}, got ${shown(raw)}`);
    return t;
}
function plain(spec, raw) {
    const t = text(spec, raw, "a string");
    if (CONTROL.test(t))
        throw new ValueError(`contains a line break or control character: ${shown(raw)}`);
    return t;
}
/** Newline separated when the text has a line break (values may then contain commas), else comma separated. */
function splitList(t) {
    return t
        .split(t.includes("\n") ? /\r?\n/ : ",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
}
function property(item) {
    const at = item.indexOf("=");
    const name = at < 0 ? "" : item.slice(0, at).trim();
    if (name === "")
        throw new ValueError(`expected NAME=VALUE items, got ${shown(item)}`);
    return { name, value: item.slice(at + 1).trim() };
}
function properties(spec, raw) {
    if (Array.isArray(raw))
        return raw.map((item) => {
            if (typeof item !== "string")
                throw new ValueError(`expected NAME=VALUE strings, got ${shown(item)}`);
            return property(item);
        });
    if (raw !== null && typeof raw === "object")
        return Object.entries(raw).map(([name, value]) => {
            if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
                throw new ValueError(`${name}: expected a string value, got ${shown(value)}`);
            return { name, value: String(value) };
        });
    return splitList(text(spec, raw, "NAME=VALUE items")).map(property);
}
/** Whether a source leaves the option unset: an empty value is no value (as CI systems pass unset inputs). */
function isEmpty(raw) {
    return raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "");
}
/** The typed value of one option, or a ValueError saying why not (without the value when it is secret). */
function convert(spec, raw, ctx) {
    switch (spec.type) {
        case "bool":
            return bool(spec, raw);
        case "enum":
            return choice(spec, raw);
        case "path":
            return path(spec, raw, ctx);
        case "url":
            return url(spec, raw);
        case "secret":
            return secret(spec, raw);
        case "seconds":
            return number(spec, raw, false);
        case "int":
            return number(spec, raw, true);
        case "header":
            return matching(spec, raw, HEADER_NAME, "an HTTP header name");
        case "env-name":
            return matching(spec, raw, ENV_NAME, "an environment variable name");
        case "string":
            return plain(spec, raw);
        case "properties":
            return properties(spec, raw);
    }
}


/***/ })

};

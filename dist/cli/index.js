#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 7593:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.parse = parse;
exports.inputOf = inputOf;
exports.readText = readText;
exports.limitsOf = limitsOf;
exports.trustedKeysFrom = trustedKeysFrom;
exports.json = json;
const node_fs_1 = __nccwpck_require__(3024);
const promises_1 = __nccwpck_require__(1455);
const node_path_1 = __nccwpck_require__(6760);
const node_util_1 = __nccwpck_require__(7975);
const atomic_file_js_1 = __nccwpck_require__(4553);
const keys_js_1 = __nccwpck_require__(1483);
const size_js_1 = __nccwpck_require__(3910);
const io_js_1 = __nccwpck_require__(1604);
/** parseArgs with errors a user can act on. */
function parse(argv, options, command) {
    try {
        return (0, node_util_1.parseArgs)({ args: argv, options, allowPositionals: false, strict: true });
    }
    catch (e) {
        throw new io_js_1.UsageError(`jux ${command}: ${e.message.replace(/\. To specify a positional.*$/s, "")} (see jux ${command} --help)`);
    }
}
/** The input named by `-i` ("-" or absent: standard input), as a function that opens it once. */
function inputOf(path, io) {
    if (path === undefined || path === "-") {
        let opened = false;
        return {
            source: "<stdin>",
            open: () => {
                if (opened)
                    throw new Error("standard input can only be read once");
                opened = true;
                return io.stdin;
            },
        };
    }
    const full = (0, node_path_1.resolve)(io.cwd, path);
    return { source: path, open: () => readChunks(full, path) };
}
async function* readChunks(full, path) {
    try {
        yield* (0, node_fs_1.createReadStream)(full, { highWaterMark: 1024 * 1024 });
    }
    catch (e) {
        throw new Error(`cannot read ${path}: ${(0, atomic_file_js_1.osReason)(e)}`, { cause: e });
    }
}
async function readText(path, io, what) {
    try {
        return await (0, promises_1.readFile)((0, node_path_1.resolve)(io.cwd, path));
    }
    catch (e) {
        throw new io_js_1.UsageError(`cannot read the ${what} ${path}: ${(0, atomic_file_js_1.osReason)(e)}`);
    }
}
/** The reader limits a command line asks for (`--max-size`). */
function limitsOf(maxSize, command) {
    if (maxSize === undefined)
        return {};
    try {
        return { maxBytes: (0, size_js_1.parseSize)(maxSize, `jux ${command} --max-size`) };
    }
    catch (e) {
        throw new io_js_1.UsageError(e.message);
    }
}
/** The certificates and public keys in the PEM files given with --cert / --trust. */
async function trustedKeysFrom(paths, io) {
    const keys = [];
    for (const path of paths)
        keys.push(...(0, keys_js_1.loadTrustedKeys)({ pem: await readText(path, io, "certificate"), source: path }));
    return keys;
}
function json(value) {
    return JSON.stringify(value, null, 2);
}


/***/ }),

/***/ 341:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.inspect = void 0;
const read_report_js_1 = __nccwpck_require__(9559);
const verify_js_1 = __nccwpck_require__(4627);
const args_js_1 = __nccwpck_require__(7593);
const io_js_1 = __nccwpck_require__(1604);
const USAGE = `Usage: jux inspect [-i REPORT.xml] [--max-size SIZE] [--json]

Reads a JUnit XML report (signed or not) and prints its counts, canonical hash, properties and signature.
Counting rule: each <testcase> counts once, by its result children: <error>, else <failure>, else
<skipped>/<skip>, else passed (flaky and rerun elements are retries, not results).
Does not check who signed the report: use jux verify for that.

Options:
  -i, --input FILE   the report (default: standard input)
      --max-size SIZE refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json         print {tests, failures, errors, skipped, passed, canonical_hash, signed, ...}
  -h, --help         show this help
`;
const OPTIONS = {
    input: { type: "string", short: "i" },
    json: { type: "boolean" },
    "max-size": { type: "string" },
    help: { type: "boolean", short: "h" },
};
function describe(source, r) {
    const s = r.summary;
    const signature = r.signature && (0, verify_js_1.describeSignature)(r.signature);
    return {
        file: source,
        tests: s.tests,
        failures: s.failures,
        errors: s.errors,
        skipped: s.skipped,
        passed: s.passed,
        time: s.time,
        canonical_hash: r.canonicalHash,
        signed: r.signature !== undefined,
        ...(signature
            ? {
                signature: {
                    ...signature,
                    ...(r.problems.length ? { intact: false, problem: r.problems.join("; ") } : {}),
                },
            }
            : {}),
        size: r.size,
        root: s.root,
        suites: s.suites,
        properties: s.properties,
        discrepancies: s.discrepancies,
    };
}
function text(d, r) {
    const s = r.summary;
    const lines = [
        `${d.file}: ${s.tests} tests, ${s.passed} passed, ${s.failures} failed, ${s.errors} errors, ${s.skipped} skipped (${s.time} s)`,
        `canonical hash: sha256:${r.canonicalHash}`,
    ];
    const sig = d.signature;
    if (!sig)
        lines.push("signature: none");
    else if (sig.intact)
        lines.push(`signature: ${sig.algorithm?.split("#")[1]}, content intact${sig.embeddedCertificate ? `, certificate ${sig.embeddedCertificate}` : ""} (not checked against a trusted key)`);
    else
        lines.push(`signature: BROKEN: ${sig.problem}`);
    lines.push(`suites: ${s.suites.length}`);
    for (const p of s.properties)
        lines.push(`property ${p.name} = ${p.value}`);
    for (const note of s.discrepancies)
        lines.push(`note: ${note}`);
    return lines.join("\n");
}
const inspect = async (argv, io) => {
    const { values } = (0, args_js_1.parse)(argv, OPTIONS, "inspect");
    if (values.help) {
        io.stdout.write(USAGE);
        return 0;
    }
    const input = (0, args_js_1.inputOf)(values.input, io);
    const limits = (0, args_js_1.limitsOf)(values["max-size"], "inspect");
    const reading = await (0, read_report_js_1.readReport)({ source: input.source, open: input.open, limits });
    const d = describe(input.source, reading);
    (0, io_js_1.writeLine)(io.stdout, values.json ? (0, args_js_1.json)(d) : text(d, reading));
    return 0;
};
exports.inspect = inspect;


/***/ }),

/***/ 3672:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.sign = void 0;
const node_fs_1 = __nccwpck_require__(3024);
const node_path_1 = __nccwpck_require__(6760);
const keys_js_1 = __nccwpck_require__(1483);
const metadata_js_1 = __nccwpck_require__(2435);
const output_file_js_1 = __nccwpck_require__(5696);
const sign_report_js_1 = __nccwpck_require__(7912);
const args_js_1 = __nccwpck_require__(7593);
const io_js_1 = __nccwpck_require__(1604);
const USAGE = `Usage: jux sign [-i REPORT.xml] [-o SIGNED.xml] --key KEY.pem [options]

Adds the run's metadata to a JUnit XML report and signs it with an enveloped XMLDSig signature.
The output is the input's bytes with the <property> elements and the Signature spliced in; nothing else
changes. Reads standard input and writes standard output when -i / -o are omitted (or "-").

Options:
  -i, --input FILE          the report to sign
  -o, --output FILE         where to write the signed report (written atomically; never the input itself)
  -k, --key FILE            private key, PEM (PKCS#8, PKCS#1 or SEC1; encrypted PKCS#8 needs a passphrase)
  -c, --cert FILE           certificate of the key, embedded in KeyInfo (without it: the public key value)
      --passphrase-env VAR  read the key's passphrase from environment variable VAR
      --c14n METHOD         c14n11 (default, the upstream profile) or exclusive
      --project NAME        the project property (default: JUX_PROJECT_NAME, the repository or directory name)
  -p, --property NAME=VALUE add a property of your own (repeatable)
      --no-metadata         sign the report as it is, adding no property
      --max-size SIZE       refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json                print the result as JSON (on standard error when the report goes to standard output)
  -h, --help                show this help
`;
const OPTIONS = {
    input: { type: "string", short: "i" },
    output: { type: "string", short: "o" },
    key: { type: "string", short: "k" },
    cert: { type: "string", short: "c" },
    "passphrase-env": { type: "string" },
    c14n: { type: "string" },
    project: { type: "string" },
    property: { type: "string", short: "p", multiple: true },
    "no-metadata": { type: "boolean" },
    json: { type: "boolean" },
    "max-size": { type: "string" },
    help: { type: "boolean", short: "h" },
};
function c14nChoice(value) {
    if (value === undefined || value === "c14n11")
        return "c14n11";
    if (value === "exclusive" || value === "exc-c14n")
        return "exclusive";
    throw new io_js_1.UsageError(`jux sign: --c14n must be c14n11 or exclusive, not "${value}"`);
}
function passphrase(variable, io) {
    if (variable === undefined)
        return undefined;
    const value = io.env[variable];
    if (value === undefined)
        throw new io_js_1.UsageError(`jux sign: environment variable ${variable} (--passphrase-env) is not set`);
    return value;
}
function sameFile(a, b) {
    try {
        return (0, node_fs_1.realpathSync)(a) === (0, node_fs_1.realpathSync)(b);
    }
    catch {
        return a === b;
    }
}
function describe(result, output) {
    const s = result.summary;
    const added = result.added.length > 0 ? `, added ${result.added.length} properties` : "";
    return `signed ${output}: ${s.tests} tests (${s.failures} failed, ${s.errors} errors, ${s.skipped} skipped), sha256:${result.canonicalHash}${added}${result.resigned ? ", replaced the previous signature" : ""}`;
}
const sign = async (argv, io) => {
    const { values } = (0, args_js_1.parse)(argv, OPTIONS, "sign");
    if (values.help) {
        io.stdout.write(USAGE);
        return 0;
    }
    if (!values.key)
        throw new io_js_1.UsageError("jux sign: --key is required (see jux sign --help)");
    const c14n = c14nChoice(values.c14n);
    const keyPem = await (0, args_js_1.readText)(values.key, io, "key");
    const certPem = values.cert ? await (0, args_js_1.readText)(values.cert, io, "certificate") : undefined;
    const key = (0, keys_js_1.loadSigningKey)({
        key: keyPem,
        source: values.key,
        passphrase: passphrase(values["passphrase-env"], io),
        ...(certPem ? { certificate: certPem, certificateSource: values.cert } : {}),
    });
    const extra = (values.property ?? []).map((p) => (0, metadata_js_1.parseProperty)(p, "--property"));
    const properties = values["no-metadata"]
        ? []
        : (0, metadata_js_1.collectMetadata)({
            env: io.env,
            cwd: io.cwd,
            extra,
            ...(values.project ? { project: values.project } : {}),
        });
    const input = (0, args_js_1.inputOf)(values.input, io);
    const toStdout = values.output === undefined || values.output === "-";
    const limits = (0, args_js_1.limitsOf)(values["max-size"], "sign");
    const run = (output) => (0, sign_report_js_1.signReport)({ source: input.source, open: input.open, output, key, properties, c14n, limits });
    let result;
    if (toStdout) {
        result = await run(io.stdout);
    }
    else {
        const target = (0, node_path_1.resolve)(io.cwd, values.output);
        if (values.input && values.input !== "-" && sameFile((0, node_path_1.resolve)(io.cwd, values.input), target)) {
            throw new io_js_1.UsageError("jux sign: the output must not be the input file (the original report is never modified in place)");
        }
        result = await (0, output_file_js_1.writeStreamAtomic)(target, run);
    }
    const report = values.json
        ? (0, args_js_1.json)({
            output: toStdout ? "-" : values.output,
            canonical_hash: result.canonicalHash,
            added: result.added,
            resigned: result.resigned,
            ...result.summary,
        })
        : describe(result, toStdout ? "<stdout>" : values.output);
    (0, io_js_1.writeLine)(toStdout ? io.stderr : io.stdout, report);
    return 0;
};
exports.sign = sign;


/***/ }),

/***/ 3412:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.verify = void 0;
const verify_report_js_1 = __nccwpck_require__(7888);
const args_js_1 = __nccwpck_require__(7593);
const io_js_1 = __nccwpck_require__(1604);
const USAGE = `Usage: jux verify [-i SIGNED.xml] --cert CERT.pem [--cert ...] [--max-size SIZE] [--json]

Verifies a signed JUnit XML report under the strict profile: one enveloped signature over the whole
document, SHA-256, RSA (2048 bits or more) or ECDSA. Only the certificates and public keys you give
are trusted; a certificate embedded in the report proves nothing by itself.

Exit status: 0 valid, 1 invalid, 2 usage error.

Options:
  -i, --input FILE   the signed report (default: standard input)
  -c, --cert FILE    trusted certificate(s) or public key(s), PEM; repeatable, bundles accepted
      --max-size SIZE refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json         print {"valid": true|false, "error"?, "canonical_hash", ...}
  -h, --help         show this help
`;
const OPTIONS = {
    input: { type: "string", short: "i" },
    cert: { type: "string", short: "c", multiple: true },
    json: { type: "boolean" },
    "max-size": { type: "string" },
    help: { type: "boolean", short: "h" },
};
const verify = async (argv, io) => {
    const { values } = (0, args_js_1.parse)(argv, OPTIONS, "verify");
    if (values.help) {
        io.stdout.write(USAGE);
        return 0;
    }
    if (!values.cert?.length) {
        throw new io_js_1.UsageError("jux verify: --cert is required: give the certificate (or public key) you trust");
    }
    const trusted = await (0, args_js_1.trustedKeysFrom)(values.cert, io);
    const input = (0, args_js_1.inputOf)(values.input, io);
    const limits = (0, args_js_1.limitsOf)(values["max-size"], "verify");
    const outcome = await (0, verify_report_js_1.verifyReport)({ source: input.source, open: input.open, trusted, limits });
    if (values.json) {
        const { canonicalHash, summary, ...rest } = outcome;
        const counts = summary && {
            tests: summary.tests,
            failures: summary.failures,
            errors: summary.errors,
            skipped: summary.skipped,
        };
        (0, io_js_1.writeLine)(io.stdout, (0, args_js_1.json)({ ...rest, ...(canonicalHash ? { canonical_hash: canonicalHash } : {}), ...counts }));
    }
    else if (outcome.valid) {
        (0, io_js_1.writeLine)(io.stdout, `valid: ${input.source} is signed by ${outcome.signer} (sha256:${outcome.canonicalHash})`);
    }
    else {
        (0, io_js_1.writeLine)(io.stderr, `invalid: ${outcome.error.startsWith(input.source) ? outcome.error : `${input.source}: ${outcome.error}`}`);
    }
    return outcome.valid ? 0 : 1;
};
exports.verify = verify;


/***/ }),

/***/ 1604:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.UsageError = void 0;
exports.writeLine = writeLine;
/** An error the user caused: printed as one line on stderr, without a stack trace. */
class UsageError extends Error {
    name = "UsageError";
}
exports.UsageError = UsageError;
function writeLine(stream, line) {
    stream.write(line + "\n");
}


/***/ }),

/***/ 2957:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.main = main;
const node_path_1 = __nccwpck_require__(6760);
const keys_js_1 = __nccwpck_require__(1483);
const errors_js_1 = __nccwpck_require__(202);
const version_js_1 = __nccwpck_require__(3323);
const inspect_js_1 = __nccwpck_require__(341);
const sign_js_1 = __nccwpck_require__(3672);
const verify_js_1 = __nccwpck_require__(3412);
const io_js_1 = __nccwpck_require__(1604);
/** keygen loads the certificate library only when it runs, so the other commands start faster. */
const keygen = async (argv, io) => (await Promise.all(/* import() */[__nccwpck_require__.e(631), __nccwpck_require__.e(130)]).then(__nccwpck_require__.bind(__nccwpck_require__, 130))).keygen(argv, io);
/** serve needs node:sqlite and the server code only when it runs. */
const serve = async (argv, io) => (await __nccwpck_require__.e(/* import() */ 874).then(__nccwpck_require__.bind(__nccwpck_require__, 9874))).serve(argv, io);
const publish = async (argv, io) => (await __nccwpck_require__.e(/* import() */ 602).then(__nccwpck_require__.bind(__nccwpck_require__, 3602))).publish(argv, io);
const cache = async (argv, io) => (await __nccwpck_require__.e(/* import() */ 795).then(__nccwpck_require__.bind(__nccwpck_require__, 7795))).cache(argv, io);
const config = async (argv, io) => (await Promise.all(/* import() */[__nccwpck_require__.e(106), __nccwpck_require__.e(927)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9927))).config(argv, io);
const COMMANDS = { sign: sign_js_1.sign, verify: verify_js_1.verify, inspect: inspect_js_1.inspect, keygen, serve, publish, cache, config };
const USAGE = `Usage: jux <command> [options]

Signs, verifies and inspects JUnit XML test reports (XMLDSig, interoperable with pytest-jux and xmlsec1).

Commands:
  keygen    create a signing key (RSA or ECDSA) and a self-signed certificate
  sign      add the run's metadata to a report and sign it
  verify    check a signed report against the certificates you trust
  inspect   print a report's counts, canonical hash, properties and signature
  serve     run a reference Jux API server (needs Node.js 22.5 or newer)
  publish   publish signed reports to a Jux API server, by storage mode
  cache     the local store: list, show, stats, clean, push the offline queue, compare two reports
  config    the configuration: list the options, dump the effective values and their sources, init, validate

Run "jux <command> --help" for a command's options. Also installed as jux-sign, jux-verify, jux-inspect and
jux-keygen, jux-publish, jux-cache, jux-config (the pytest-jux names). Set JUX_DEBUG=1 to see stack traces.
`;
/** Which command an alias such as jux-sign stands for. */
function commandOfProgram(program) {
    const m = /^jux-(sign|verify|inspect|keygen|publish|cache|config)(\.[cm]?js)?$/.exec((0, node_path_1.basename)(program));
    return m?.[1];
}
/** Runs one jux command line; returns the exit status. Never throws. */
async function main(program, argv, io) {
    const alias = commandOfProgram(program);
    const [name, ...rest] = alias ? [alias, ...argv] : argv;
    try {
        if (name === undefined || name === "--help" || name === "-h" || name === "help") {
            io.stdout.write(USAGE);
            return name === undefined ? 2 : 0;
        }
        if (name === "--version" || name === "-V") {
            (0, io_js_1.writeLine)(io.stdout, `jux ${version_js_1.VERSION}`);
            return 0;
        }
        const command = COMMANDS[name];
        if (!command)
            throw new io_js_1.UsageError(`jux: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(", ")})`);
        return await command(rest, io);
    }
    catch (e) {
        return report(e, io);
    }
}
function report(e, io) {
    if (io.env.JUX_DEBUG === "1" && e instanceof Error)
        (0, io_js_1.writeLine)(io.stderr, e.stack ?? String(e));
    else
        (0, io_js_1.writeLine)(io.stderr, `error: ${e instanceof Error ? e.message : String(e)}`);
    if (e instanceof io_js_1.UsageError)
        return 2;
    if (e instanceof errors_js_1.XmlError || e instanceof keys_js_1.KeyError)
        return 1;
    return 1;
}


/***/ }),

/***/ 4553:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.errorMessage = errorMessage;
exports.osReason = osReason;
exports.writeFileAtomic = writeFileAtomic;
const node_crypto_1 = __nccwpck_require__(7598);
const node_fs_1 = __nccwpck_require__(3024);
const promises_1 = __nccwpck_require__(1455);
const node_path_1 = __nccwpck_require__(6760);
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV", "EMLINK"]);
function errnoCode(err) {
    const code = err?.code;
    return typeof code === "string" ? code : undefined;
}
/** The message of any thrown value; duck-typed, since errors from Node's built-ins may come from another realm. */
function errorMessage(err) {
    const message = err?.message;
    return typeof message === "string" ? message : String(err);
}
/** "permission denied (EACCES)" from a Node fs error, without the syscall and temp-file path. */
function osReason(err) {
    const code = errnoCode(err);
    const message = errorMessage(err);
    if (code === undefined)
        return message;
    const description = new RegExp(`^${code}: ([^,]+)`).exec(message)?.[1];
    return `${description ?? message} (${code})`;
}
function writeError(path, err) {
    if (errnoCode(err) === "EEXIST")
        return alreadyExists(path);
    return new Error(`cannot write ${path}: ${osReason(err)}`, { cause: err });
}
function alreadyExists(path) {
    return Object.assign(new Error(`${path} already exists (use --force to replace it)`), { code: "EEXIST" });
}
function tempPath(path) {
    return (0, node_path_1.join)((0, node_path_1.dirname)(path), `.${(0, node_path_1.basename)(path)}.${(0, node_crypto_1.randomBytes)(6).toString("hex")}.tmp`);
}
async function removeQuietly(path) {
    await (0, promises_1.unlink)(path).catch(() => undefined);
}
async function syncDirectory(dir) {
    const handle = await (0, promises_1.open)(dir, node_fs_1.constants.O_RDONLY).catch(() => undefined);
    if (handle === undefined)
        return;
    await handle.sync().catch(() => undefined);
    await handle.close();
}
async function writeAndSync(handle, data, mode) {
    try {
        await handle.writeFile(data);
        await handle.sync();
        await handle.chmod(mode);
    }
    finally {
        await handle.close();
    }
}
async function writeTemp(path, data, mode) {
    const temp = tempPath(path);
    const handle = await (0, promises_1.open)(temp, "wx", 0o600);
    try {
        await writeAndSync(handle, data, mode);
    }
    catch (err) {
        await removeQuietly(temp);
        throw err;
    }
    return temp;
}
async function writeExclusiveInPlace(path, data, mode) {
    const handle = await (0, promises_1.open)(path, "wx", 0o600);
    try {
        await writeAndSync(handle, data, mode);
    }
    catch (err) {
        await removeQuietly(path);
        throw err;
    }
}
/** true when the temp file is now also the target; false when this file system has no hard links. */
async function linkNoReplace(temp, path) {
    try {
        await (0, promises_1.link)(temp, path);
        return true;
    }
    catch (err) {
        if (NO_HARD_LINKS.has(errnoCode(err) ?? ""))
            return false;
        throw err;
    }
}
async function publish(temp, path, data, mode, overwrite) {
    if (overwrite) {
        await (0, promises_1.rename)(temp, path);
        return;
    }
    const linked = await linkNoReplace(temp, path);
    await removeQuietly(temp);
    if (!linked)
        await writeExclusiveInPlace(path, data, mode);
}
/**
 * Writes a file so that readers see either the old content or the complete new one: a uniquely named temp
 * file in the same directory is written, fsynced and chmodded, then moved onto `path`.
 *
 * Without `overwrite`, the move is `link(temp, path)`, which fails atomically with EEXIST when `path` exists,
 * so two writers cannot both win; on file systems without hard links it falls back to an exclusive
 * (`O_CREAT|O_EXCL`, "wx") open of `path` itself, still race-free but not all-or-nothing for readers.
 * With `overwrite`, the move is rename(2), which atomically replaces any existing file.
 */
async function writeFileAtomic(path, data, mode = 0o600, options = {}) {
    let temp;
    try {
        temp = await writeTemp(path, data, mode);
        await publish(temp, path, data, mode, options.overwrite ?? false);
    }
    catch (err) {
        if (temp !== undefined)
            await removeQuietly(temp);
        throw writeError(path, err);
    }
    await syncDirectory((0, node_path_1.dirname)(path));
}


/***/ }),

/***/ 2435:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.stripCredentials = stripCredentials;
exports.detectGit = detectGit;
exports.detectCi = detectCi;
exports.collectMetadata = collectMetadata;
exports.parseProperty = parseProperty;
const node_child_process_1 = __nccwpck_require__(1421);
const node_os_1 = __nccwpck_require__(8161);
const node_path_1 = __nccwpck_require__(6760);
const version_js_1 = __nccwpck_require__(3323);
/** The GITHUB_* variables upstream records, each only when set. */
const GITHUB_ENV = [
    "GITHUB_SHA",
    "GITHUB_REF",
    "GITHUB_ACTOR",
    "GITHUB_WORKFLOW",
    "GITHUB_RUN_NUMBER",
    "GITHUB_EVENT_NAME",
];
/** Removes user names, passwords and tokens from a remote URL. */
function stripCredentials(remote) {
    try {
        const url = new URL(remote);
        if (url.username || url.password) {
            url.username = "";
            url.password = "";
        }
        return url.toString();
    }
    catch {
        return remote.replace(/^[^@/]+@(?=[^:/]+:)/, (m) => (m === "git@" ? m : ""));
    }
}
function git(cwd, args) {
    try {
        return (0, node_child_process_1.execFileSync)("git", args, {
            cwd,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
            timeout: 5000,
        }).trim();
    }
    catch {
        return undefined;
    }
}
function detectGit(cwd) {
    const commit = git(cwd, ["rev-parse", "HEAD"]);
    if (!commit)
        return {};
    const branch = git(cwd, ["rev-parse", "--abbrev-ref", "HEAD"]);
    const status = git(cwd, ["status", "--porcelain", "--untracked-files=no"]);
    const remote = git(cwd, ["remote", "get-url", "origin"]);
    return {
        commit,
        ...(branch && branch !== "HEAD" ? { branch } : {}),
        ...(status !== undefined ? { status: status === "" ? "clean" : "dirty" } : {}),
        ...(remote ? { remote: stripCredentials(remote) } : {}),
    };
}
/** How each CI provider names its build, URL, branch and commit; the first whose marker is set wins. */
const PROVIDERS = [
    {
        provider: "github",
        marker: (env) => env.GITHUB_ACTIONS === "true",
        info: (env) => ({
            buildId: env.GITHUB_RUN_ID,
            buildUrl: env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
                ? `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
                : undefined,
            branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME,
            commit: env.GITHUB_SHA,
        }),
    },
    {
        provider: "gitlab",
        marker: (env) => Boolean(env.GITLAB_CI),
        info: (env) => ({
            buildId: env.CI_PIPELINE_ID,
            buildUrl: env.CI_PIPELINE_URL,
            branch: env.CI_COMMIT_REF_NAME,
            commit: env.CI_COMMIT_SHA,
        }),
    },
    {
        provider: "jenkins",
        marker: (env) => Boolean(env.JENKINS_URL),
        info: (env) => ({
            buildId: env.BUILD_ID ?? env.BUILD_NUMBER,
            buildUrl: env.BUILD_URL,
            branch: env.BRANCH_NAME ?? env.GIT_BRANCH,
            commit: env.GIT_COMMIT,
        }),
    },
    {
        provider: "travis",
        marker: (env) => Boolean(env.TRAVIS),
        info: (env) => ({
            buildId: env.TRAVIS_BUILD_ID,
            buildUrl: env.TRAVIS_BUILD_WEB_URL,
            branch: env.TRAVIS_BRANCH,
            commit: env.TRAVIS_COMMIT,
        }),
    },
    {
        provider: "circleci",
        marker: (env) => Boolean(env.CIRCLECI),
        info: (env) => ({
            buildId: env.CIRCLE_BUILD_NUM,
            buildUrl: env.CIRCLE_BUILD_URL,
            branch: env.CIRCLE_BRANCH,
            commit: env.CIRCLE_SHA1,
        }),
    },
    {
        provider: "azure",
        marker: (env) => Boolean(env.TF_BUILD),
        info: (env) => ({
            buildId: env.BUILD_BUILDID,
            buildUrl: env.SYSTEM_COLLECTIONURI && env.SYSTEM_TEAMPROJECT && env.BUILD_BUILDID
                ? `${env.SYSTEM_COLLECTIONURI}${env.SYSTEM_TEAMPROJECT}/_build/results?buildId=${env.BUILD_BUILDID}`
                : undefined,
            branch: env.BUILD_SOURCEBRANCHNAME,
            commit: env.BUILD_SOURCEVERSION,
        }),
    },
];
function detectCi(env) {
    const found = PROVIDERS.find((p) => p.marker(env));
    return found && { provider: found.provider, ...found.info(env) };
}
function projectName(src, git) {
    const fromRemote = git.remote ? (0, node_path_1.basename)(git.remote.replace(/\/+$/, "")).replace(/\.git$/, "") : undefined;
    const fromRepository = src.env.GITHUB_REPOSITORY?.split("/")[1];
    return (src.env.JUX_PROJECT_NAME ||
        src.project ||
        fromRepository ||
        src.env.CI_PROJECT_NAME ||
        fromRemote ||
        (0, node_path_1.basename)(src.cwd));
}
function username() {
    try {
        return (0, node_os_1.userInfo)().username;
    }
    catch {
        return undefined;
    }
}
/**
 * The metadata upstream (pytest-jux) writes into a report, in its names: project, git:*, ci:*, env:GITHUB_*
 * and jux:*, plus the user's own properties. Absent values are left out, never written empty.
 */
function collectMetadata(src) {
    const ci = detectCi(src.env);
    const detected = src.git ?? detectGit(src.cwd);
    const gitInfo = {
        ...detected,
        commit: ci?.commit || detected.commit,
        branch: ci?.branch || detected.branch,
    };
    const pairs = [
        ["project", projectName(src, gitInfo)],
        ["git:commit", gitInfo.commit],
        ["git:branch", gitInfo.branch],
        ["git:status", gitInfo.status],
        ["git:remote", gitInfo.remote],
        ["ci:provider", ci?.provider],
        ["ci:build_id", ci?.buildId],
        ["ci:build_url", ci?.buildUrl],
        ...GITHUB_ENV.map((name) => [`env:${name}`, src.env[name]]),
        ["jux:hostname", (0, node_os_1.hostname)()],
        ["jux:username", username()],
        ["jux:platform", `${(0, node_os_1.platform)()}-${(0, node_os_1.release)()}-${(0, node_os_1.arch)()}`],
        ["jux:timestamp", (src.now ?? new Date()).toISOString()],
        [`jux:${version_js_1.TOOL_NAME.replace(/-/g, "_")}_version`, version_js_1.VERSION],
    ];
    const extra = new Map((src.extra ?? []).map((p) => [p.name, p.value]));
    const out = [];
    for (const [name, value] of pairs) {
        const v = extra.get(name) ?? value;
        extra.delete(name);
        if (v !== undefined && v !== "")
            out.push({ name, value: v });
    }
    for (const [name, value] of extra)
        out.push({ name, value });
    return out;
}
/** Parses `name=value` properties given by a user; the value may contain '='. */
function parseProperty(text, source) {
    const eq = text.indexOf("=");
    const name = eq > 0 ? text.slice(0, eq).trim() : "";
    if (name === "")
        throw new Error(`${source}: expected name=value, got "${text}"`);
    return { name, value: text.slice(eq + 1) };
}


/***/ }),

/***/ 8532:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.RANK = exports.RESULT = void 0;
exports.parseTime = parseTime;
/** Result children that decide a testcase's status; flaky and rerun elements are retries, not results. */
exports.RESULT = {
    error: "error",
    failure: "failed",
    skipped: "skipped",
    skip: "skipped",
};
/** Which result wins when a testcase has several: error, then failure, then skipped. */
exports.RANK = { passed: 0, skipped: 1, failed: 2, error: 3 };
/** A testcase's `time` in seconds: thousands separators dropped; negative or unreadable counts as 0. */
function parseTime(value) {
    if (value === undefined)
        return 0;
    const t = Number(value.trim().replace(/,/g, ""));
    return Number.isFinite(t) && t > 0 ? t : 0;
}


/***/ }),

/***/ 7272:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.Summarizer = void 0;
const errors_js_1 = __nccwpck_require__(202);
const outcome_js_1 = __nccwpck_require__(8532);
const MAX_NOTES = 50;
/** Per-suite figures kept; counting goes on past it, so memory stays bounded on any report. */
const MAX_SUITES = 10_000;
const MAX_PROPERTIES = 1000;
function zero() {
    return { tests: 0, failures: 0, errors: 0, skipped: 0, passed: 0, time: 0 };
}
function declaredInt(tag, ...names) {
    for (const name of names) {
        const a = tag.attributes.find((x) => x.qname === name);
        if (a && /^\s*\d+\s*$/.test(a.value))
            return Number(a.value);
    }
    return undefined;
}
function add(into, outcome, time) {
    into.tests++;
    into.time += time;
    if (outcome === "failed")
        into.failures++;
    else if (outcome === "error")
        into.errors++;
    else if (outcome === "skipped")
        into.skipped++;
    else
        into.passed++;
}
/**
 * Counts a JUnit report from its <testcase> elements, wherever they are nested.
 * A testcase counts once, by its direct result children: <error> before <failure> before <skipped>/<skip>;
 * none of them means passed. Surefire and nextest <flakyFailure>, <flakyError>, <rerunFailure> and
 * <rerunError> are retries, not extra results. `time` is the sum of the testcases' positive times.
 */
class Summarizer {
    source;
    totals = zero();
    root;
    suites = [];
    open = [];
    notes = [];
    rootDeclared = {};
    testcase;
    firstSuiteDepth;
    firstSuiteOpen = false;
    /** Depth of the <properties> of the first suite while it is open. */
    propertiesDepth;
    properties = [];
    looseResults = 0;
    suitesDropped = 0;
    constructor(source) {
        this.source = source;
    }
    startElement(tag) {
        if (tag.depth === 1)
            this.checkRoot(tag);
        if (tag.ns !== "")
            return;
        const name = tag.local;
        if (this.testcase) {
            if (tag.depth === this.testcase.depth + 1) {
                const outcome = outcome_js_1.RESULT[name];
                if (outcome && outcome_js_1.RANK[outcome] > outcome_js_1.RANK[this.testcase.outcome])
                    this.testcase.outcome = outcome;
            }
            return;
        }
        if (name === "testsuite")
            return this.openSuite(tag);
        if (name === "testcase") {
            const time = (0, outcome_js_1.parseTime)(tag.attributes.find((a) => a.qname === "time")?.value);
            this.testcase = { depth: tag.depth, outcome: "passed", time };
            return;
        }
        if (this.firstSuiteOpen && name === "properties" && tag.depth === this.firstSuiteDepth + 1) {
            this.propertiesDepth = tag.selfClosing ? undefined : tag.depth;
        }
        if (name === "property" && this.propertiesDepth !== undefined && tag.depth === this.propertiesDepth + 1) {
            this.collectProperty(tag);
        }
        if ((name === "error" || name === "failure") && this.open.length > 0)
            this.looseResults++;
    }
    endElement(tag) {
        if (tag.depth === this.propertiesDepth)
            this.propertiesDepth = undefined;
        if (this.firstSuiteOpen && tag.depth === this.firstSuiteDepth)
            this.firstSuiteOpen = false;
        if (this.testcase && tag.depth === this.testcase.depth) {
            const { outcome, time } = this.testcase;
            add(this.totals, outcome, time);
            for (const s of this.open)
                add(s.summary, outcome, time);
            this.testcase = undefined;
            return;
        }
        const top = this.open[this.open.length - 1];
        if (top && top.depth === tag.depth) {
            this.open.pop();
            this.compare(`suite "${top.summary.name}"`, top.declared, top.summary);
        }
    }
    text() { }
    summary() {
        if (!this.root)
            throw new Error("summary() before the document was read");
        this.compare("the report", this.rootDeclared, this.totals);
        if (this.suitesDropped > 0)
            this.note(`${this.suitesDropped} suites past the first ${MAX_SUITES} are counted but not listed`);
        if (this.looseResults > 0) {
            this.note(`${this.looseResults} <failure>/<error> element(s) outside any <testcase> (not counted)`);
        }
        return {
            ...this.totals,
            time: round(this.totals.time),
            root: this.root,
            suites: this.suites.map((s) => ({ ...s, time: round(s.time) })),
            properties: this.properties,
            discrepancies: this.notes,
        };
    }
    checkRoot(tag) {
        if (tag.ns === "" && (tag.local === "testsuites" || tag.local === "testsuite")) {
            this.root = tag.local;
            if (tag.local === "testsuites")
                this.rootDeclared = this.declaredOf(tag);
            return;
        }
        const ns = tag.ns ? ` in namespace ${tag.ns}` : "";
        throw new errors_js_1.XmlError("not-junit", this.source, 0, 0, `not a JUnit report: the root element is <${tag.qname}>${ns}, expected <testsuites> or <testsuite>`);
    }
    openSuite(tag) {
        const attr = tag.attributes.find((a) => a.qname === "name");
        const summary = { name: attr?.value ?? "", level: this.open.length + 1, ...zero() };
        if (this.firstSuiteDepth === undefined) {
            this.firstSuiteDepth = tag.depth;
            this.firstSuiteOpen = !tag.selfClosing;
        }
        if (this.suites.length < MAX_SUITES)
            this.suites.push(summary);
        else
            this.suitesDropped++;
        const suite = { summary, declared: this.declaredOf(tag), depth: tag.depth };
        if (tag.selfClosing) {
            this.compare(`suite "${summary.name}"`, suite.declared, summary);
            return;
        }
        this.open.push(suite);
    }
    declaredOf(tag) {
        const declared = {};
        const tests = declaredInt(tag, "tests");
        const failures = declaredInt(tag, "failures");
        const errors = declaredInt(tag, "errors");
        const skipped = declaredInt(tag, "skipped", "skip", "skips");
        if (tests !== undefined)
            declared.tests = tests;
        if (failures !== undefined)
            declared.failures = failures;
        if (errors !== undefined)
            declared.errors = errors;
        if (skipped !== undefined)
            declared.skipped = skipped;
        return declared;
    }
    collectProperty(tag) {
        if (this.properties.length >= MAX_PROPERTIES)
            return;
        const name = tag.attributes.find((a) => a.qname === "name")?.value;
        const value = tag.attributes.find((a) => a.qname === "value")?.value;
        if (name !== undefined)
            this.properties.push({ name, value: value ?? "" });
    }
    compare(what, declared, counted) {
        for (const key of ["tests", "failures", "errors", "skipped"]) {
            const d = declared[key];
            if (d !== undefined && d !== counted[key]) {
                this.note(`${what} declares ${key}="${d}" but ${counted[key]} were counted`);
            }
        }
    }
    note(text) {
        if (this.notes.length < MAX_NOTES)
            this.notes.push(text);
        else if (this.notes.length === MAX_NOTES)
            this.notes.push("(further discrepancies not listed)");
    }
}
exports.Summarizer = Summarizer;
function round(t) {
    return Math.round(t * 1e6) / 1e6;
}


/***/ }),

/***/ 1483:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.MIN_RSA_BITS = exports.KeyError = void 0;
exports.keyAlgorithmOf = keyAlgorithmOf;
exports.certificateLabel = certificateLabel;
exports.publicKeyLabel = publicKeyLabel;
exports.samePublicKey = samePublicKey;
exports.loadSigningKey = loadSigningKey;
exports.loadTrustedKeys = loadTrustedKeys;
const node_crypto_1 = __nccwpck_require__(7598);
/**
 * A key or certificate that cannot be used. The message names where it came from and what is wrong,
 * never the key material, the passphrase or OpenSSL's diagnostics about the input.
 */
class KeyError extends Error {
    source;
    reason;
    name = "KeyError";
    constructor(source, reason) {
        super(`${source}: ${reason}`);
        this.source = source;
        this.reason = reason;
    }
}
exports.KeyError = KeyError;
exports.MIN_RSA_BITS = 2048;
const SUPPORTED = `use RSA (${exports.MIN_RSA_BITS} bits or more) or ECDSA P-256, P-384 or P-521`;
const CURVES = {
    prime256v1: "P-256",
    secp384r1: "P-384",
    secp521r1: "P-521",
    "P-256": "P-256",
    "P-384": "P-384",
    "P-521": "P-521",
};
const KEY_TYPE_NAMES = {
    "rsa-pss": "RSA-PSS",
    dsa: "DSA",
    dh: "Diffie-Hellman",
    ed25519: "Ed25519",
    ed448: "Ed448",
    x25519: "X25519",
    x448: "X448",
};
const PRIVATE_KEY_LABELS = new Set([
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
]);
const PUBLIC_KEY_LABELS = new Set(["PUBLIC KEY", "RSA PUBLIC KEY"]);
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g;
function pemBlocks(input) {
    const text = typeof input === "string" ? input : input.toString("latin1");
    return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1] ?? "", text: m[0] }));
}
function typeName(key) {
    const type = key.asymmetricKeyType ?? key.type;
    return KEY_TYPE_NAMES[type] ?? type;
}
function rsaAlgorithm(key, source) {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < exports.MIN_RSA_BITS) {
        throw new KeyError(source, `RSA key is ${bits} bits; at least ${exports.MIN_RSA_BITS} are required`);
    }
    return { kind: "rsa", bits };
}
function ecAlgorithm(key, source) {
    const named = key.asymmetricKeyDetails?.namedCurve;
    const curve = named === undefined ? undefined : CURVES[named];
    if (curve === undefined) {
        const what = named === undefined ? "an EC key without a named curve" : `EC curve ${named}`;
        throw new KeyError(source, `${what} is not supported; ${SUPPORTED}`);
    }
    return { kind: "ecdsa", curve };
}
/** The signing algorithm family of a key (public or private); refuses anything jux cannot sign or verify with. */
function keyAlgorithmOf(publicKey, source = "key") {
    switch (publicKey.asymmetricKeyType) {
        case "rsa":
            return rsaAlgorithm(publicKey, source);
        case "ec":
            return ecAlgorithm(publicKey, source);
        default:
            throw new KeyError(source, `${typeName(publicKey)} keys are not supported; ${SUPPORTED}`);
    }
}
function describeNonPrivate(label) {
    if (PUBLIC_KEY_LABELS.has(label))
        return "contains a public key, not a private key";
    if (label === "CERTIFICATE")
        return "contains a certificate, not a private key";
    if (label === "OPENSSH PRIVATE KEY") {
        return "is an OpenSSH private key; convert it to PKCS#8 PEM (ssh-keygen -p -m PKCS8 -f <file>)";
    }
    if (label === "DSA PRIVATE KEY")
        return `DSA keys are not supported; ${SUPPORTED}`;
    return `contains a PEM "${label}" block, not a private key`;
}
function privateKeyBlock(key, source) {
    const blocks = pemBlocks(key);
    const keys = blocks.filter((b) => PRIVATE_KEY_LABELS.has(b.label));
    if (keys.length > 1)
        throw new KeyError(source, `contains ${keys.length} private keys; expected one`);
    const [found] = keys;
    if (found !== undefined)
        return found;
    const [first] = blocks;
    if (first === undefined)
        throw new KeyError(source, "is not a PEM private key (no -----BEGIN ... PRIVATE KEY----- block)");
    throw new KeyError(source, describeNonPrivate(first.label));
}
function isEncrypted(block) {
    return block.label === "ENCRYPTED PRIVATE KEY" || /^Proc-Type:\s*4,ENCRYPTED/m.test(block.text);
}
function parsePrivateKey(block, source, passphrase) {
    const encrypted = isEncrypted(block);
    if (encrypted && passphrase === undefined) {
        throw new KeyError(source, "the private key is encrypted and no passphrase was given");
    }
    try {
        return (0, node_crypto_1.createPrivateKey)(encrypted ? { key: block.text, format: "pem", passphrase } : block.text);
    }
    catch {
        throw new KeyError(source, encrypted
            ? "cannot decrypt the private key: wrong passphrase (or the file is damaged)"
            : `cannot parse the ${block.label} block (damaged PEM or unsupported key format)`);
    }
}
function parseCertificate(pem, source) {
    const block = pemBlocks(pem).find((b) => b.label === "CERTIFICATE");
    if (block === undefined)
        throw new KeyError(source, "is not a PEM certificate (no -----BEGIN CERTIFICATE----- block)");
    try {
        return new node_crypto_1.X509Certificate(block.text);
    }
    catch {
        throw new KeyError(source, "cannot parse the certificate (damaged PEM or not X.509)");
    }
}
function subjectLine(certificate) {
    return certificate.subject.split("\n").filter(Boolean).join(", ") || "(empty subject)";
}
function sha256Hex(data) {
    return (0, node_crypto_1.createHash)("sha256").update(data).digest("hex");
}
function certificateLabel(certificate) {
    return `${subjectLine(certificate)} sha256:${sha256Hex(certificate.raw)}`;
}
function publicKeyLabel(publicKey) {
    return `public key sha256:${sha256Hex(publicKey.export({ type: "spki", format: "der" }))}`;
}
/**
 * KeyObject.equals() on keys of different types leaves "different key types" on OpenSSL's error queue
 * (Node 20), which then fails the next unrelated createPrivateKey(); compare the types first.
 */
function samePublicKey(a, b) {
    return a.asymmetricKeyType === b.asymmetricKeyType && a.equals(b);
}
function matchingCertificate(pem, source, publicKey, keySource) {
    const certificate = parseCertificate(pem, source);
    if (!samePublicKey(certificate.publicKey, publicKey)) {
        throw new KeyError(source, `the certificate (${certificateLabel(certificate)}) does not match the private key in ${keySource}`);
    }
    return certificate;
}
/** Loads a PEM private key (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8) and, optionally, its certificate. */
function loadSigningKey(opts) {
    const { source } = opts;
    const passphrase = opts.passphrase === "" ? undefined : opts.passphrase;
    const privateKey = parsePrivateKey(privateKeyBlock(opts.key, source), source, passphrase);
    const algorithm = keyAlgorithmOf(privateKey, source);
    const publicKey = (0, node_crypto_1.createPublicKey)(privateKey);
    if (opts.certificate === undefined)
        return { privateKey, publicKey, algorithm };
    const certSource = opts.certificateSource ?? "the certificate";
    const certificate = matchingCertificate(opts.certificate, certSource, publicKey, source);
    return { privateKey, publicKey, algorithm, certificate };
}
function trustedCertificate(block, where) {
    let certificate;
    try {
        certificate = new node_crypto_1.X509Certificate(block.text);
    }
    catch {
        throw new KeyError(where, "cannot parse the certificate (damaged PEM or not X.509)");
    }
    const label = certificateLabel(certificate);
    keyAlgorithmOf(certificate.publicKey, `${where} (${label})`);
    return { publicKey: certificate.publicKey, certificate, label };
}
function trustedPublicKey(block, where) {
    let publicKey;
    try {
        publicKey = (0, node_crypto_1.createPublicKey)(block.text);
    }
    catch {
        throw new KeyError(where, `cannot parse the ${block.label} block (damaged PEM or unsupported key format)`);
    }
    const label = publicKeyLabel(publicKey);
    keyAlgorithmOf(publicKey, `${where} (${label})`);
    return { publicKey, label };
}
function trustedKey(block, where) {
    if (block.label === "CERTIFICATE")
        return trustedCertificate(block, where);
    if (PUBLIC_KEY_LABELS.has(block.label))
        return trustedPublicKey(block, where);
    if (PRIVATE_KEY_LABELS.has(block.label) || block.label.endsWith("PRIVATE KEY")) {
        throw new KeyError(where, "is a private key; a trust bundle holds only certificates and public keys");
    }
    throw new KeyError(where, `is a PEM "${block.label}" block; expected CERTIFICATE or PUBLIC KEY`);
}
/** Loads the certificates and public keys a verifier trusts from one PEM bundle. */
function loadTrustedKeys(opts) {
    const blocks = pemBlocks(opts.pem);
    if (blocks.length === 0) {
        throw new KeyError(opts.source, "contains no PEM certificate or public key");
    }
    const many = blocks.length > 1;
    return blocks.map((block, i) => trustedKey(block, many ? `${opts.source}, entry ${i + 1}` : opts.source));
}


/***/ }),

/***/ 5696:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.writeStreamAtomic = writeStreamAtomic;
const node_crypto_1 = __nccwpck_require__(7598);
const node_events_1 = __nccwpck_require__(8474);
const node_fs_1 = __nccwpck_require__(3024);
const promises_1 = __nccwpck_require__(1455);
const node_path_1 = __nccwpck_require__(6760);
const node_util_1 = __nccwpck_require__(7975);
const atomic_file_js_1 = __nccwpck_require__(4553);
const fsyncAsync = (0, node_util_1.promisify)(node_fs_1.fsync);
const closeAsync = (0, node_util_1.promisify)(node_fs_1.close);
/**
 * Streams a file into place atomically: `produce` writes into a temporary file beside `path`, which is
 * fsynced and renamed onto `path` only when `produce` succeeds; on failure nothing is left behind.
 */
async function writeStreamAtomic(path, produce, mode = 0o644) {
    const temp = (0, node_path_1.join)((0, node_path_1.dirname)(path), `.${(0, node_path_1.basename)(path)}.${(0, node_crypto_1.randomBytes)(6).toString("hex")}.tmp`);
    const out = (0, node_fs_1.createWriteStream)(temp, { flags: "wx", mode, autoClose: false });
    let failure;
    out.on("error", (e) => (failure ??= e));
    try {
        await (0, node_events_1.once)(out, "open");
        const result = await produce(out);
        out.end();
        await (0, node_events_1.once)(out, "finish");
        if (failure)
            throw failure;
        await fsyncAsync(out.fd);
        await closeAsync(out.fd);
        await (0, promises_1.rename)(temp, path);
        return result;
    }
    catch (e) {
        out.destroy();
        if (typeof out.fd === "number")
            await closeAsync(out.fd).catch(() => undefined);
        await (0, promises_1.unlink)(temp).catch(() => undefined);
        if (e === failure || e.syscall)
            throw new Error(`cannot write ${path}: ${(0, atomic_file_js_1.osReason)(e)}`, { cause: e });
        throw e;
    }
}


/***/ }),

/***/ 2673:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.PropertyPlacer = void 0;
const c14n_js_1 = __nccwpck_require__(7707);
const INDENT_STEP = "  ";
/** Stands for text that is not indentation (never blank, so never copied). */
const NOT_INDENTATION = "x";
/** Escapes an attribute value so that it reads back exactly (tabs and line ends survive normalization). */
function rawAttribute(value) {
    return value.replace(/[&<>"\t\n\r]/g, (c) => RAW_ESCAPES[c]);
}
const RAW_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\t": "&#9;",
    "\n": "&#10;",
    "\r": "&#13;",
};
function canonicalWhitespace(ws) {
    const parts = [];
    (0, c14n_js_1.canonicalText)(Buffer.from(ws), false, (b) => parts.push(Buffer.from(b)));
    return Buffer.concat(parts).toString("utf8");
}
function isBlank(s) {
    return /^[ \t\r\n]*$/.test(s);
}
function join(...parts) {
    return { raw: parts.map((p) => p.raw).join(""), canonical: parts.map((p) => p.canonical).join("") };
}
function whitespace(ws) {
    return { raw: ws, canonical: canonicalWhitespace(ws) };
}
function property(p) {
    return {
        raw: `<property name="${rawAttribute(p.name)}" value="${rawAttribute(p.value)}"/>`,
        canonical: (0, c14n_js_1.canonicalElement)("property", [
            ["name", p.name],
            ["value", p.value],
        ]),
    };
}
function element(name, content, attributes = []) {
    const raw = attributes.map(([n, v]) => ` ${n}="${rawAttribute(v)}"`).join("");
    return {
        raw: `<${name}${raw}>${content.raw}</${name}>`,
        canonical: (0, c14n_js_1.canonicalElement)(name, attributes, content.canonical),
    };
}
/** Properties, each preceded by `indent` (a line break and spaces in indented documents). */
function propertyList(props, indent) {
    return join(...props.flatMap((p) => [whitespace(indent), property(p)]));
}
/** A new <properties> element; `outer` is the indentation of the element it goes in front of. */
function propertiesElement(props, outer) {
    if (outer === "")
        return element("properties", propertyList(props, ""));
    return element("properties", join(propertyList(props, outer + INDENT_STEP), whitespace(outer)));
}
/**
 * Decides where the metadata properties go, as the reader delivers the document: into the <properties> of
 * the first <testsuite> when that is its first child (as every JUnit schema has it), else into a new
 * <properties> created as its first child; with no <testsuite> at all, into a new empty suite.
 * Never rewrites anything else, never replaces a property the producer wrote.
 */
class PropertyPlacer {
    wanted;
    emit;
    phase = "seeking";
    suiteDepth = 0;
    lastText = "";
    existing = new Set();
    propertyIndent = "";
    rootName = "";
    /** Names of the first suite's properties that were not known when the metadata was placed. */
    conflicts = [];
    placed = new Set();
    constructor(wanted, emit) {
        this.wanted = wanted;
        this.emit = emit;
    }
    /** Names of the properties placed, once placed. */
    get added() {
        return [...this.placed];
    }
    /** Remembers the whitespace before the next element, to indent what is added like its neighbours. */
    text(raw) {
        if (this.phase !== "first-child" && this.phase !== "in-properties")
            return;
        const s = raw.length <= 256 ? raw.toString("utf8") : NOT_INDENTATION;
        this.lastText = isBlank(s) ? this.lastText + s : NOT_INDENTATION;
    }
    /** Before the canonicalizer sees the start tag. */
    beforeStart(tag) {
        if (tag.depth === 1)
            this.rootName = tag.qname;
        if (this.phase === "seeking" && this.isFirstSuite(tag)) {
            this.suiteDepth = tag.depth;
            this.phase = "first-child";
            this.lastText = "";
            return;
        }
        if (this.phase === "first-child" && tag.depth === this.suiteDepth + 1) {
            if (isNamed(tag, "properties")) {
                this.phase = "in-properties";
                this.lastText = "";
                return;
            }
            const indent = isBlank(this.lastText) ? this.lastText : "";
            this.place(tag.start, 0, (props) => join(propertiesElement(props, indent), whitespace(indent)));
            return;
        }
        if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 2 && isNamed(tag, "property")) {
            const name = tag.attributes.find((a) => a.qname === "name")?.value;
            if (name !== undefined)
                this.existing.add(name);
            this.propertyIndent = isBlank(this.lastText) ? this.lastText : "";
        }
        if (this.phase === "done" && tag.depth === this.suiteDepth + 2 && isNamed(tag, "property")) {
            const name = tag.attributes.find((a) => a.qname === "name")?.value;
            if (name !== undefined && this.placed.has(name))
                this.conflicts.push(name);
        }
        this.lastText = "";
    }
    /** After the canonicalizer saw the start tag: self-closing elements that must receive content. */
    afterStart(tag) {
        if (!tag.selfClosing)
            return;
        const root = tag.depth === 1;
        let content;
        if (this.phase === "first-child" && tag.depth === this.suiteDepth)
            content = (props) => propertiesElement(props, "");
        else if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 1)
            content = (props) => propertyList(props, "");
        else if (this.phase === "seeking" && root)
            content = emptySuite;
        if (!content)
            return;
        // The document element stays open here: the signer closes it after the Signature.
        const close = root ? EMPTY : closing(tag.qname);
        const fill = content;
        this.place(tag.end - 2, 2, (props) => join(OPEN_END, props.length ? fill(props) : EMPTY, close), root);
    }
    /** Before the canonicalizer sees the end tag. */
    beforeEnd(tag) {
        if (tag.start === tag.end)
            return;
        if (this.phase === "first-child" && tag.depth === this.suiteDepth) {
            this.place(tag.start, 0, (props) => propertiesElement(props, ""));
        }
        else if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 1) {
            this.place(tag.start, 0, (props) => this.appendedProperties(props));
        }
        else if (this.phase === "seeking" && tag.depth === 1) {
            this.place(tag.start, 0, emptySuite);
        }
        this.lastText = "";
    }
    /** Properties added at the end of an existing <properties>, indented like the ones there. */
    appendedProperties(props) {
        const close = isBlank(this.lastText) ? this.lastText : "";
        const indent = this.propertyIndent;
        if (indent === "" || close === "" || !indent.startsWith(close))
            return propertyList(props, "");
        const [first, ...rest] = props;
        return join(whitespace(indent.slice(close.length)), property(first), propertyList(rest, indent), whitespace(close));
    }
    isFirstSuite(tag) {
        if (!isNamed(tag, "testsuite"))
            return false;
        return tag.depth === 1 || (tag.depth === 2 && this.rootName === "testsuites");
    }
    place(offset, remove, build, always = false) {
        const props = this.wanted.filter((p) => !this.existing.has(p.name));
        this.placed = new Set(props.map((p) => p.name));
        this.phase = "done";
        if (props.length === 0 && !always)
            return;
        const f = build(props);
        this.emit({ offset, remove, raw: f.raw, canonical: f.canonical });
    }
}
exports.PropertyPlacer = PropertyPlacer;
function isNamed(tag, local) {
    return tag.ns === "" && tag.local === local;
}
function closing(qname) {
    return { raw: `</${qname}>`, canonical: "" };
}
const EMPTY = { raw: "", canonical: "" };
/** Turns `/>` into `>`; the canonical form of the start tag is the canonicalizer's. */
const OPEN_END = { raw: ">", canonical: "" };
function emptySuite(props) {
    return element("testsuite", propertiesElement(props, ""), [
        ["name", "jux-metadata"],
        ["tests", "0"],
    ]);
}


/***/ }),

/***/ 9559:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.readReport = readReport;
const node_crypto_1 = __nccwpck_require__(7598);
const c14n_js_1 = __nccwpck_require__(7707);
const reader_js_1 = __nccwpck_require__(6086);
const tree_js_1 = __nccwpck_require__(2485);
const summary_js_1 = __nccwpck_require__(7272);
const algorithms_js_1 = __nccwpck_require__(4652);
function isSignature(tag) {
    return tag.ns === algorithms_js_1.DSIG_NS && tag.local === "Signature";
}
/** Streams a report once: summary, canonical digests (inclusive and exclusive) and its Signature. */
class ReadingPass {
    also;
    summarizer;
    c14n;
    capture;
    captureDepth = 0;
    signature;
    document = { namespaces: [], xmlAttributes: [] };
    problems = [];
    signatures = 0;
    constructor(source, also) {
        this.also = also;
        this.summarizer = new summary_js_1.Summarizer(source);
        this.c14n = new c14n_js_1.Canonicalizer([c14n_js_1.C14N11, c14n_js_1.EXC_C14N], (0, node_crypto_1.createHash)("sha256"));
    }
    startElement(tag) {
        if (this.capture) {
            this.captureDepth++;
            if (isSignature(tag))
                this.problem("a ds:Signature nested inside the ds:Signature");
            return this.capture.startElement(tag);
        }
        if (tag.depth === 1) {
            this.document = {
                namespaces: tag.namespaces,
                xmlAttributes: tag.attributes.filter((a) => a.prefix === "xml"),
            };
        }
        if (isSignature(tag)) {
            this.signatures++;
            if (this.signatures > 1)
                this.problem("more than one ds:Signature in the report");
            if (tag.depth !== 2)
                this.problem(`a ds:Signature that is not a child of the document element (at depth ${tag.depth})`);
            else if (!this.signature && !this.capture)
                return this.startCapture(tag);
        }
        else if (tag.depth === 2 && this.signature) {
            this.problem(`the ds:Signature is not the last element of the document (<${tag.qname}> follows it)`);
        }
        this.summarizer.startElement(tag);
        this.also?.startElement(tag);
        this.c14n.startElement(tag);
    }
    endElement(tag) {
        if (this.capture) {
            this.capture.endElement(tag);
            if (--this.captureDepth === 0) {
                this.signature = this.capture.root;
                this.capture = undefined;
            }
            return;
        }
        this.summarizer.endElement(tag);
        this.also?.endElement(tag);
        this.c14n.endElement(tag);
    }
    text(raw, cdata) {
        if (this.capture)
            return this.capture.text(raw, cdata);
        this.also?.text(raw, cdata);
        this.c14n.text(raw, cdata);
    }
    digests() {
        const [inclusive, exclusive] = this.c14n.sinks();
        const a = inclusive.digest();
        return new Map([
            [c14n_js_1.C14N11, a],
            [c14n_js_1.EXC_C14N, exclusive === inclusive ? a : exclusive.digest()],
        ]);
    }
    startCapture(tag) {
        this.capture = new tree_js_1.TreeBuilder();
        this.captureDepth = 1;
        this.capture.startElement(tag);
    }
    problem(text) {
        if (!this.problems.includes(text))
            this.problems.push(text);
    }
}
/** Reads a report in one streaming pass; throws XmlError when it is not a well-formed JUnit report. */
async function readReport(options) {
    const pass = new ReadingPass(options.source, options.also);
    const info = await (0, reader_js_1.readXml)(options.open(), pass, { source: options.source, limits: options.limits });
    const digests = pass.digests();
    const signature = pass.signature && { element: pass.signature, document: pass.document, digests };
    return {
        summary: pass.summarizer.summary(),
        canonicalHash: digests.get(c14n_js_1.C14N11).toString("hex"),
        signature,
        problems: pass.problems,
        size: info.size,
    };
}


/***/ }),

/***/ 7912:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.SignError = void 0;
exports.signReport = signReport;
const node_crypto_1 = __nccwpck_require__(7598);
const node_events_1 = __nccwpck_require__(8474);
const c14n_js_1 = __nccwpck_require__(7707);
const errors_js_1 = __nccwpck_require__(202);
const reader_js_1 = __nccwpck_require__(6086);
const summary_js_1 = __nccwpck_require__(7272);
const algorithms_js_1 = __nccwpck_require__(4652);
const signature_js_1 = __nccwpck_require__(4162);
const property_placer_js_1 = __nccwpck_require__(2673);
const splice_writer_js_1 = __nccwpck_require__(6690);
/** Signing failed for a reason other than the document itself (which gives an XmlError). */
class SignError extends Error {
    name = "SignError";
}
exports.SignError = SignError;
function isSignature(tag) {
    return tag.ns === algorithms_js_1.DSIG_NS && tag.local === "Signature";
}
/**
 * One streaming pass: strict read, summary, metadata spliced into the bytes as written, digest of the
 * canonical form, Signature spliced in before the document element's end tag. Nothing else changes.
 */
class SigningPass {
    options;
    writer;
    summarizer;
    placer;
    c14n;
    context = { namespaces: [], xmlAttributes: [] };
    skipping = 0;
    resigned = false;
    hash = "";
    constructor(options, writer) {
        this.options = options;
        this.writer = writer;
        this.summarizer = new summary_js_1.Summarizer(options.source);
        // The canonical hash is always inclusive C14N; the Reference digest uses the chosen method.
        const methods = [c14n_js_1.C14N11, (0, algorithms_js_1.c14nUri)(options.c14n ?? "c14n11")];
        this.c14n = new c14n_js_1.Canonicalizer(methods[1] === c14n_js_1.C14N11 ? [c14n_js_1.C14N11] : methods, (0, node_crypto_1.createHash)("sha256"));
        this.placer = new property_placer_js_1.PropertyPlacer(options.properties, (s) => {
            writer.replace(s.offset, s.remove, s.raw);
            this.c14n.insertCanonical(Buffer.from(s.canonical, "utf8"));
        });
    }
    startElement(tag) {
        if (this.skipping > 0) {
            this.skipping++;
            if (isSignature(tag))
                this.fail("a ds:Signature inside another ds:Signature");
            return;
        }
        if (isSignature(tag))
            return this.dropOldSignature(tag);
        if (tag.depth === 1) {
            this.context = {
                namespaces: tag.namespaces,
                xmlAttributes: tag.attributes.filter((a) => a.prefix === "xml"),
            };
        }
        this.summarizer.startElement(tag);
        this.placer.beforeStart(tag);
        this.c14n.startElement(tag);
        this.placer.afterStart(tag);
    }
    endElement(tag) {
        if (this.skipping > 0) {
            if (--this.skipping === 0)
                this.writer.resume(tag.end);
            return;
        }
        this.summarizer.endElement(tag);
        this.placer.beforeEnd(tag);
        this.c14n.endElement(tag);
        if (tag.depth === 1)
            this.appendSignature(tag);
    }
    text(raw, cdata) {
        if (this.skipping > 0)
            return;
        this.placer.text(raw);
        this.c14n.text(raw, cdata);
    }
    dropOldSignature(tag) {
        if (tag.depth !== 2)
            this.fail("it contains a ds:Signature that is not a child of the document element");
        if (this.resigned)
            this.fail("it contains more than one ds:Signature");
        this.resigned = true;
        this.writer.cut(tag.start);
        if (tag.selfClosing)
            this.writer.resume(tag.end);
        else
            this.skipping = 1;
    }
    appendSignature(end) {
        const sinks = this.c14n.sinks();
        const canonical = sinks[0].digest();
        const digest = sinks.length > 1 && sinks[1] !== sinks[0] ? sinks[1].digest() : canonical;
        this.hash = canonical.toString("hex");
        const { key } = this.options;
        const method = (0, algorithms_js_1.c14nUri)(this.options.c14n ?? "c14n11");
        const algorithm = (0, signature_js_1.signatureAlgorithmFor)(key);
        const signedInfo = (0, signature_js_1.signedInfoXml)(method, algorithm, digest);
        const parsed = (0, signature_js_1.parseSignature)(`<ds:Signature xmlns:ds="${algorithms_js_1.DSIG_NS}">${signedInfo}</ds:Signature>`);
        const signedBytes = (0, signature_js_1.canonicalSubtree)((0, signature_js_1.findChild)(parsed, "SignedInfo"), method, (0, signature_js_1.signedInfoContext)(this.context, parsed));
        const signature = (0, signature_js_1.signatureXml)(signedInfo, (0, signature_js_1.signBytes)(signedBytes, key, algorithm), (0, signature_js_1.keyInfoXml)(key));
        const selfClosedRoot = end.start === end.end;
        this.writer.insert(end.start, selfClosedRoot ? `${signature}</${end.qname}>` : signature);
    }
    fail(reason) {
        throw new errors_js_1.XmlError("forbidden-construct", this.options.source, 0, 0, `cannot sign: ${reason}`);
    }
}
async function* withBackpressure(input, output) {
    for await (const chunk of input) {
        yield chunk;
        if (output.writableNeedDrain)
            await (0, node_events_1.once)(output, "drain");
    }
}
async function signPass(options, output) {
    let written = 0;
    // The reader never changes bytes it handed out, so they are written without a copy.
    const writer = new splice_writer_js_1.SpliceWriter((bytes) => {
        written += bytes.length;
        output.write(bytes);
    });
    const pass = new SigningPass(options, writer);
    const input = withBackpressure(options.open(), output);
    await (0, reader_js_1.readXml)(input, pass, {
        source: options.source,
        limits: options.limits,
        onRaw: (b) => writer.push(b),
    });
    writer.end();
    return { pass, written };
}
/** Signs one report; the caller owns `output` (and should write it to a temporary file, then rename). */
async function signReport(options) {
    const { pass, written } = await signPass(options, options.output);
    if (pass.placer.conflicts.length > 0) {
        // A later <properties> of the first suite already had some of these names: the output so far is wrong.
        throw new SignError(`${options.source}: the first testsuite has a second <properties> element defining ${pass.placer.conflicts.join(", ")}; ` +
            "merge its properties into the first <properties> element, or sign with --no-metadata");
    }
    return {
        summary: pass.summarizer.summary(),
        canonicalHash: pass.hash,
        added: pass.placer.added,
        resigned: pass.resigned,
        bytesWritten: written,
    };
}


/***/ }),

/***/ 6690:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.SpliceWriter = void 0;
/**
 * Copies a document's bytes to `out` unchanged except for edits at given offsets.
 * Edits must be registered before the bytes at their offset arrive, in offset order.
 */
class SpliceWriter {
    out;
    edits = [];
    position = 0;
    skip = 0;
    constructor(out) {
        this.out = out;
    }
    insert(offset, bytes) {
        this.edit(offset, 0, bytes);
    }
    replace(offset, remove, bytes) {
        this.edit(offset, remove, bytes);
    }
    /** Drops the input from `offset` on, until `resume`. */
    cut(offset) {
        this.edit(offset, Infinity, Buffer.alloc(0));
    }
    /** Ends a cut: input from `offset` on is copied again. */
    resume(offset) {
        const open = [...this.edits].reverse().find((e) => e.remove === Infinity);
        if (open) {
            open.remove = offset - open.offset;
            return;
        }
        if (this.skip !== Infinity)
            throw new Error("resume() without cut()");
        this.skip = offset - this.position;
    }
    /** The next input bytes, in order. */
    push(chunk) {
        let from = 0;
        while (from < chunk.length) {
            if (this.skip > 0) {
                const n = Math.min(this.skip, chunk.length - from);
                this.skip -= n;
                from += n;
                this.position += n;
                continue;
            }
            const next = this.edits[0];
            const until = next ? Math.min(chunk.length, from + (next.offset - this.position)) : chunk.length;
            if (until > from) {
                this.out(chunk.subarray(from, until));
                this.position += until - from;
                from = until;
            }
            if (next && next.offset === this.position)
                this.apply();
        }
        while (this.skip === 0 && this.edits[0]?.offset === this.position)
            this.apply();
    }
    /** Applies the edits at the very end of the input. */
    end() {
        while (this.edits.length > 0) {
            const next = this.edits[0];
            if (next.offset !== this.position || next.remove > 0) {
                throw new Error(`edit at offset ${next.offset} lies outside the document (${this.position} bytes)`);
            }
            this.apply();
        }
    }
    edit(offset, remove, bytes) {
        const last = this.edits[this.edits.length - 1];
        if (offset < this.position || (last && offset < last.offset)) {
            throw new Error(`edit at offset ${offset} comes too late (already at ${Math.max(this.position, last?.offset ?? 0)})`);
        }
        this.edits.push({
            offset,
            remove,
            bytes: typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes,
        });
    }
    apply() {
        const edit = this.edits.shift();
        if (edit.bytes.length > 0)
            this.out(edit.bytes);
        this.skip = edit.remove;
    }
}
exports.SpliceWriter = SpliceWriter;


/***/ }),

/***/ 7888:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.verifyReport = verifyReport;
const errors_js_1 = __nccwpck_require__(202);
const verify_js_1 = __nccwpck_require__(4627);
const read_report_js_1 = __nccwpck_require__(9559);
/**
 * Verifies a signed report in one streaming pass. Invalid documents and invalid signatures are verdicts,
 * not exceptions; only I/O failures throw.
 */
async function verifyReport(options) {
    let reading;
    try {
        reading = await (0, read_report_js_1.readReport)(options);
    }
    catch (e) {
        if (e instanceof errors_js_1.XmlError)
            return { valid: false, error: e.message };
        throw e;
    }
    const { canonicalHash, summary, signature, problems } = reading;
    if (problems.length > 0)
        return { valid: false, error: problems.join("; "), canonicalHash, summary };
    if (!signature)
        return {
            valid: false,
            error: "the report is not signed (no ds:Signature element)",
            canonicalHash,
            summary,
        };
    const verdict = (0, verify_js_1.verifySignature)(signature, options.trusted);
    return { ...verdict, canonicalHash, summary };
}


/***/ }),

/***/ 3910:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.parseSize = parseSize;
const UNITS = {
    "": 1,
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3,
};
/** Parses a size such as "50MB", "2 GiB" or "1048576" into bytes; `source` names the setting in errors. */
function parseSize(text, source) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
    const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
    if (!m || unit === undefined) {
        throw new Error(`${source}: "${text}" is not a size (use bytes, or a number with KB, MB, GB, KiB, MiB or GiB)`);
    }
    const bytes = Math.floor(Number(m[1]) * unit);
    if (bytes < 1)
        throw new Error(`${source}: the size must be at least one byte`);
    return bytes;
}


/***/ }),

/***/ 3323:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.TOOL_NAME = exports.VERSION = void 0;
/** Kept equal to package.json's version by a test. */
exports.VERSION = "0.1.0";
exports.TOOL_NAME = "jux-action";


/***/ }),

/***/ 7707:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.Canonicalizer = exports.EXC_C14N = exports.C14N11 = exports.C14N10 = void 0;
exports.isC14nMethod = isC14nMethod;
exports.canonicalText = canonicalText;
exports.canonicalElement = canonicalElement;
const reader_js_1 = __nccwpck_require__(6086);
exports.C14N10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
exports.C14N11 = "http://www.w3.org/2006/12/xml-c14n11";
exports.EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const C14N_METHODS = [exports.C14N10, exports.C14N11, exports.EXC_C14N];
function isC14nMethod(uri) {
    return C14N_METHODS.includes(uri);
}
const EMPTY = new Map();
const OUT_SIZE = 64 * 1024;
/**
 * Canonical XML (inclusive 1.0 and 1.1, exclusive 1.0; never with comments) computed from reader events,
 * in one pass and bounded memory.
 *
 * Several methods can be computed at once. They share one sink until their output first differs
 * (only namespace rendering can differ); the sink, which must then be a Hash, is copied there.
 */
class Canonicalizer {
    views;
    joined;
    inScope = [];
    out = Buffer.allocUnsafe(OUT_SIZE);
    used = 0;
    apex;
    constructor(methods, sink, apex) {
        this.views = methods.map((method) => ({ method, sink, rendered: [] }));
        this.joined = this.views.length > 1;
        this.apex = apex;
        const initial = new Map();
        for (const d of apex?.namespaces ?? [])
            initial.set(d.prefix, d.uri);
        this.inScope.push(initial);
        for (const v of this.views)
            v.rendered.push(EMPTY);
    }
    /** The sink of each method, in the order given (after a fork, each method has its own Hash). */
    sinks() {
        this.flush();
        return this.views.map((v) => v.sink);
    }
    startElement(tag) {
        const parentScope = this.inScope[this.inScope.length - 1];
        let scope = parentScope;
        if (tag.namespaces.length > 0) {
            const next = new Map(parentScope);
            for (const d of tag.namespaces)
                next.set(d.prefix, d.uri);
            scope = next;
        }
        this.inScope.push(scope);
        const apex = this.apex;
        this.apex = undefined;
        const rendering = this.views.map((v) => this.renderStart(v, tag, scope, apex));
        if (this.joined && rendering.some((r) => r !== rendering[0]))
            this.fork();
        if (this.joined)
            this.writeText(rendering[0], 0);
        else
            rendering.forEach((r, i) => this.writeText(r, i));
    }
    endElement(tag) {
        this.inScope.pop();
        for (const v of this.views)
            v.rendered.pop();
        this.writeAll(`</${tag.qname}>`);
    }
    text(raw, cdata) {
        if (this.joined || this.views.length === 1) {
            canonicalText(raw, cdata, (b) => this.writeBytes(b, 0));
        }
        else {
            this.flush();
            const parts = [];
            canonicalText(raw, cdata, (b) => parts.push(Buffer.from(b)));
            for (const v of this.views)
                for (const p of parts)
                    v.sink.update(p);
        }
    }
    /** Canonical bytes of content spliced in by the caller (already canonical). */
    insertCanonical(bytes) {
        if (this.joined || this.views.length === 1)
            this.writeBytes(bytes, 0);
        else {
            this.flush();
            for (const v of this.views)
                v.sink.update(bytes);
        }
    }
    flush() {
        if (this.used === 0)
            return;
        this.views[0].sink.update(this.out.subarray(0, this.used));
        this.used = 0;
    }
    fork() {
        this.flush();
        const first = this.views[0].sink;
        if (typeof first.copy !== "function")
            throw new Error("computing several canonical forms needs a Hash sink");
        for (const v of this.views.slice(1))
            v.sink = first.copy();
        this.joined = false;
    }
    renderStart(v, tag, scope, apex) {
        const parent = v.rendered[v.rendered.length - 1];
        const decls = v.method === exports.EXC_C14N
            ? exclusiveNamespaces(tag, scope, parent)
            : inclusiveNamespaces(tag, scope, parent, apex !== undefined);
        let rendered = parent;
        if (decls.length > 0) {
            const next = new Map(parent);
            for (const [p, u] of decls)
                next.set(p, u);
            rendered = next;
        }
        v.rendered.push(rendered);
        let s = "<" + tag.qname;
        for (const [p, u] of decls)
            s += (p === "" ? " xmlns" : " xmlns:" + p) + '="' + escapeAttribute(u) + '"';
        const attrs = apex ? withInheritedXmlAttributes(tag.attributes, apex, v.method) : tag.attributes;
        for (const a of sortAttributes(attrs))
            s += " " + a.qname + '="' + escapeAttribute(a.value) + '"';
        return s + ">";
    }
    writeAll(s) {
        if (this.joined || this.views.length === 1)
            this.writeText(s, 0);
        else
            this.views.forEach((_, i) => this.writeText(s, i));
    }
    writeText(s, view) {
        if (view === 0 && s.length * 3 < OUT_SIZE - this.used) {
            this.used += this.out.write(s, this.used, "utf8");
            return;
        }
        this.writeBytes(Buffer.from(s, "utf8"), view);
    }
    writeBytes(b, view) {
        if (view !== 0) {
            this.views[view].sink.update(b);
            return;
        }
        if (b.length > OUT_SIZE - this.used) {
            this.flush();
            if (b.length >= OUT_SIZE / 2) {
                this.views[0].sink.update(b);
                return;
            }
        }
        b.copy(this.out, this.used);
        this.used += b.length;
    }
}
exports.Canonicalizer = Canonicalizer;
function inclusiveNamespaces(tag, scope, parent, apex) {
    const candidates = apex
        ? [...scope]
        : tag.namespaces.map((d) => [d.prefix, scope.get(d.prefix)]);
    const out = [];
    const seen = new Set();
    for (const [p, u] of candidates) {
        if (seen.has(p))
            continue;
        seen.add(p);
        if (p === "xml")
            continue;
        const before = parent.get(p);
        if (u === "" ? before === undefined || before === "" : before === u)
            continue;
        out.push([p, u]);
    }
    return out.sort((a, b) => compareCodePoints(a[0], b[0]));
}
function exclusiveNamespaces(tag, scope, parent) {
    const used = new Set([tag.prefix]);
    for (const a of tag.attributes)
        if (a.prefix !== "" && a.prefix !== "xml")
            used.add(a.prefix);
    const out = [];
    for (const p of used) {
        const u = scope.get(p) ?? "";
        const before = parent.get(p);
        if (u === "" ? before === undefined || before === "" : before === u)
            continue;
        out.push([p, u]);
    }
    return out.sort((a, b) => compareCodePoints(a[0], b[0]));
}
/**
 * The apex of a document subset carries the xml:* attributes of its omitted ancestors (inclusive C14N only;
 * C14N 1.1 inherits only xml:lang, xml:space and xml:base, the latter taken as the nearest value).
 */
function withInheritedXmlAttributes(own, apex, method) {
    if (method === exports.EXC_C14N)
        return own;
    const inheritable = method === exports.C14N11 ? new Set(["lang", "space", "base"]) : undefined;
    const nearest = new Map();
    for (const a of apex.xmlAttributes) {
        if (a.ns === reader_js_1.XML_NAMESPACE && (!inheritable || inheritable.has(a.local)))
            nearest.set(a.local, a);
    }
    for (const a of own)
        if (a.ns === reader_js_1.XML_NAMESPACE)
            nearest.delete(a.local);
    return [...own, ...nearest.values()];
}
function sortAttributes(attrs) {
    if (attrs.length < 2)
        return attrs;
    return [...attrs].sort((a, b) => compareCodePoints(a.ns, b.ns) || compareCodePoints(a.local, b.local));
}
/** Orders strings by Unicode code point (UTF-16 order differs for astral characters). */
function compareCodePoints(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x === y)
            continue;
        if (x >= 0xd800 && y >= 0xd800)
            return surrogateRank(x) - surrogateRank(y);
        return x - y;
    }
    return a.length - b.length;
}
/** Surrogates encode code points above every BMP character from U+E000 on. */
function surrogateRank(unit) {
    return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}
function escapeAttribute(s) {
    if (!/[&<"\t\n\r]/.test(s))
        return s;
    return s.replace(/[&<"\t\n\r]/g, (c) => ATTR_ESCAPES[c]);
}
const ATTR_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    '"': "&quot;",
    "\t": "&#x9;",
    "\n": "&#xA;",
    "\r": "&#xD;",
};
const TEXT_ESCAPES = {
    0x26: Buffer.from("&amp;"),
    0x3c: Buffer.from("&lt;"),
    0x3e: Buffer.from("&gt;"),
    0x0d: Buffer.from("&#xD;"),
};
const LF_BYTE = Buffer.from("\n");
/**
 * Canonical form of raw character data: references expanded, line ends normalized (CRLF and CR to LF),
 * then & < > and CR escaped. The reader never ends a segment between CR and LF.
 */
function canonicalText(raw, cdata, emit) {
    const n = raw.length;
    let run = 0;
    // Next position of each byte that may need rewriting (n: none left); memchr-speed scans.
    let amp = raw.indexOf(0x26);
    let gt = raw.indexOf(0x3e);
    let cr = raw.indexOf(0x0d);
    let lt = cdata ? raw.indexOf(0x3c) : -1;
    if (amp < 0)
        amp = n;
    if (gt < 0)
        gt = n;
    if (cr < 0)
        cr = n;
    if (lt < 0)
        lt = n;
    for (;;) {
        const i = Math.min(amp, gt, cr, lt);
        if (i >= n)
            break;
        const b = raw[i];
        let next = i + 1;
        if (b === 0x26 && !cdata) {
            const semi = raw.indexOf(0x3b, i + 1);
            next = semi + 1;
            // &amp; &lt; &gt; are already canonical: they stay in the run.
            if (!isSelfCanonical(raw, i + 1, semi)) {
                if (i > run)
                    emit(raw.subarray(run, i));
                emit(referenceText(raw.toString("latin1", i + 1, semi)));
                run = next;
            }
        }
        else {
            if (i > run)
                emit(raw.subarray(run, i));
            if (b === 0x0d) {
                emit(LF_BYTE);
                if (raw[i + 1] === 0x0a)
                    next = i + 2;
            }
            else {
                emit(TEXT_ESCAPES[b]);
            }
            run = next;
        }
        if (amp < next)
            amp = indexFrom(raw, 0x26, next);
        if (gt < next)
            gt = indexFrom(raw, 0x3e, next);
        if (cr < next)
            cr = indexFrom(raw, 0x0d, next);
        if (lt < next)
            lt = cdata ? indexFrom(raw, 0x3c, next) : n;
    }
    if (run < n)
        emit(run === 0 ? raw : raw.subarray(run));
}
function indexFrom(raw, byte, from) {
    const i = raw.indexOf(byte, from);
    return i < 0 ? raw.length : i;
}
/** Whether raw[from..semi) is "amp", "lt" or "gt". */
function isSelfCanonical(raw, from, semi) {
    const len = semi - from;
    if (len === 2)
        return raw[from + 1] === 0x74 && (raw[from] === 0x6c || raw[from] === 0x67);
    return len === 3 && raw[from] === 0x61 && raw[from + 1] === 0x6d && raw[from + 2] === 0x70;
}
const PREDEFINED_CANONICAL = {
    lt: TEXT_ESCAPES[0x3c],
    gt: TEXT_ESCAPES[0x3e],
    amp: TEXT_ESCAPES[0x26],
    quot: Buffer.from('"'),
    apos: Buffer.from("'"),
};
function referenceText(body) {
    const predefined = PREDEFINED_CANONICAL[body];
    if (predefined)
        return predefined;
    const hex = body[1] === "x";
    const cp = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    return TEXT_ESCAPES[cp] ?? Buffer.from(String.fromCodePoint(cp), "utf8");
}
/** Canonical form of an element this tool writes itself (no namespaces, attributes in the given order). */
function canonicalElement(qname, attributes, content = "") {
    const sorted = [...attributes].sort((a, b) => compareCodePoints(a[0], b[0]));
    const attrs = sorted.map(([n, v]) => ` ${n}="${escapeAttribute(v)}"`).join("");
    return `<${qname}${attrs}>${content}</${qname}>`;
}


/***/ }),

/***/ 202:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.XmlError = void 0;
/** A document the strict reader refuses, with the file, the position and the reason. */
class XmlError extends Error {
    code;
    source;
    line;
    column;
    reason;
    name = "XmlError";
    constructor(code, source, line, column, reason) {
        super(line > 0 ? `${source}:${line}:${column}: ${reason}` : `${source}: ${reason}`);
        this.code = code;
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }
}
exports.XmlError = XmlError;


/***/ }),

/***/ 6086:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.DEFAULT_LIMITS = exports.XML_NAMESPACE = void 0;
exports.readXmlSync = readXmlSync;
exports.readXml = readXml;
const node_buffer_1 = __nccwpck_require__(4573);
const errors_js_1 = __nccwpck_require__(202);
exports.XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";
exports.DEFAULT_LIMITS = {
    maxBytes: 2 * 1024 ** 3,
    maxDepth: 256,
    maxAttributeBytes: 10 * 1024 ** 2,
};
const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SEMI = 0x3b;
const QUOT = 0x22;
const APOS = 0x27;
const SLASH = 0x2f;
const EQ = 0x3d;
const QMARK = 0x3f;
const BANG = 0x21;
const RSQB = 0x5d;
const HASH = 0x23;
const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
/** Bytes that need a closer look while scanning character data. */
const TEXT_SPECIAL = new Uint8Array(256);
for (let b = 0; b < 0x20; b++)
    if (b !== TAB && b !== LF && b !== CR)
        TEXT_SPECIAL[b] = 1;
TEXT_SPECIAL[AMP] = 1;
TEXT_SPECIAL[RSQB] = 1;
TEXT_SPECIAL[0xef] = 1;
TEXT_SPECIAL[LT] = 1;
const NAME_CHAR = new Uint8Array(256);
for (let b = 0x80; b < 256; b++)
    NAME_CHAR[b] = 1;
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:")
    NAME_CHAR[c.charCodeAt(0)] = 1;
const NAME_START = NAME_CHAR.slice();
for (const c of "0123456789.-")
    NAME_CHAR[c.charCodeAt(0)] = 1;
const CDATA_OPEN = Buffer.from("<![CDATA[");
const COMMENT_OPEN = Buffer.from("<!--");
const PREDEFINED = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
/** Thrown inside the tokenizer when a token runs past the bytes read so far. */
const NEED_MORE = Symbol("need more input");
const BASE_SCOPE = { prefix: "xml", uri: exports.XML_NAMESPACE, parent: null };
function isWhitespace(b) {
    return b === SPACE || b === LF || b === TAB || b === CR;
}
function isXmlChar(cp) {
    return (cp === 0x9 ||
        cp === 0xa ||
        cp === 0xd ||
        (cp >= 0x20 && cp <= 0xd7ff) ||
        (cp >= 0xe000 && cp <= 0xfffd) ||
        (cp >= 0x10000 && cp <= 0x10ffff));
}
function lookup(scope, prefix) {
    for (let s = scope; s; s = s.parent)
        if (s.prefix === prefix)
            return s.uri;
    return undefined;
}
/** Length of the longest prefix of `buf` that ends on a UTF-8 character boundary. */
function completeUtf8Length(buf) {
    const n = buf.length;
    for (let back = 1; back <= Math.min(3, n); back++) {
        const b = buf[n - back];
        if (b < 0x80)
            return n;
        if (b >= 0xc0) {
            const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
            return need > back ? n - back : n;
        }
    }
    return n;
}
function describeEncoding(head) {
    if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff)
        return "UTF-16 (big-endian byte order mark)";
    if (head.length >= 4 && head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0)
        return "UTF-32 (little-endian byte order mark)";
    if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe)
        return "UTF-16 (little-endian byte order mark)";
    if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff)
        return "UTF-32 (big-endian byte order mark)";
    if (head.length >= 2 && head[0] === 0 && head[1] === LT)
        return "UTF-16 (big-endian, detected)";
    if (head.length >= 2 && head[0] === LT && head[1] === 0)
        return "UTF-16 (little-endian, detected)";
    return undefined;
}
/**
 * A strict, streaming, non-validating XML 1.0 reader for test reports.
 * Refuses DOCTYPE (so no entity is ever defined or expanded), processing instructions other than the XML
 * declaration, encodings other than UTF-8, and documents past the configured limits.
 */
class Reader {
    handler;
    options;
    buf = Buffer.alloc(0);
    /** Absolute offset of buf[0]. */
    base = 0;
    pos = 0;
    /** Absolute offset up to which raw bytes went to onRaw. */
    flushed = 0;
    newlinesBeforeBase = 0;
    eof = false;
    started = false;
    sniffed = false;
    /** Characters between the start of the current line and `base`, when the line starts before it. */
    columnBeforeBase = 0;
    bomLength = 0;
    depth = 0;
    stack = [];
    scope = BASE_SCOPE;
    rootSeen = false;
    rootClosed = false;
    /** Input not yet appended: the start of a character split across chunks, or the first bytes. */
    pending = Buffer.alloc(0);
    total = 0;
    limits;
    constructor(handler, options) {
        this.handler = handler;
        this.options = options;
        this.limits = { ...exports.DEFAULT_LIMITS, ...options.limits };
    }
    async read(input) {
        for await (const piece of input)
            this.feed(piece);
        return this.end();
    }
    feed(piece) {
        const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
        if (chunk.length === 0)
            return;
        this.accept(chunk);
        this.run();
    }
    end() {
        this.eof = true;
        this.accept(Buffer.alloc(0));
        this.run();
        this.finish();
        return { bomLength: this.bomLength, size: this.total };
    }
    /**
     * Appends input to the buffer, validated as UTF-8 first: the tokenizer only ever sees whole, valid
     * characters, so every error position is exact whatever the chunking.
     */
    accept(chunk) {
        this.total += chunk.length;
        if (this.total > this.limits.maxBytes) {
            throw new errors_js_1.XmlError("limit-exceeded", this.options.source, 0, 0, `the file is larger than the ${this.limits.maxBytes}-byte limit`);
        }
        const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
        if (!this.sniffed) {
            // UTF-16 and UTF-32 are named from the first four bytes, before any UTF-8 check complains.
            if (data.length < 4 && !this.eof) {
                this.pending = Buffer.from(data);
                return;
            }
            this.sniffed = true;
            const odd = describeEncoding(data);
            if (odd)
                throw new errors_js_1.XmlError("unsupported-encoding", this.options.source, 1, 1, `unsupported encoding ${odd}: reports must be UTF-8`);
        }
        const complete = this.eof ? data.length : completeUtf8Length(data);
        this.pending = Buffer.from(data.subarray(complete));
        const valid = data.subarray(0, complete);
        const rest = this.buf.subarray(this.pos);
        this.discardBefore(this.pos);
        this.buf = rest.length === 0 ? valid : Buffer.concat([rest, valid]);
        if (!(0, node_buffer_1.isUtf8)(valid)) {
            const at = firstInvalidUtf8(valid);
            this.invalidUtf8(this.base + rest.length + at, valid[at]);
        }
    }
    discardBefore(pos) {
        if (pos === 0)
            return;
        this.flush(this.base + pos);
        this.forget(pos);
        this.base += pos;
        this.pos -= pos;
    }
    /** Keeps line and column bookkeeping for the first `n` bytes of the buffer, about to be dropped. */
    forget(n) {
        const lastLf = this.buf.lastIndexOf(LF, n - 1);
        if (lastLf < 0) {
            this.columnBeforeBase += charCount(this.buf, 0, n);
            return;
        }
        this.newlinesBeforeBase += countNewlines(this.buf, 0, n);
        this.columnBeforeBase = charCount(this.buf, lastLf + 1, n);
    }
    flush(upTo) {
        if (!this.options.onRaw || upTo <= this.flushed)
            return;
        this.options.onRaw(this.buf.subarray(this.flushed - this.base, upTo - this.base));
        this.flushed = upTo;
    }
    invalidUtf8(offset, byte) {
        const hint = byte >= 0x80 && byte < 0xc0
            ? "a continuation byte without a lead byte"
            : "a byte sequence that is not UTF-8";
        return this.failAt("unsupported-encoding", offset, `invalid UTF-8: byte 0x${byte.toString(16).padStart(2, "0")} at byte offset ${offset} is ${hint} (the file must be UTF-8 encoded)`);
    }
    run() {
        try {
            if (!this.started && !this.start())
                return;
            while (this.pos < this.buf.length) {
                const mark = this.pos;
                if (this.buf[mark] === LT)
                    this.markup();
                else
                    this.characters();
            }
        }
        catch (e) {
            if (e !== NEED_MORE)
                throw e;
            if (this.eof)
                this.truncated();
        }
        this.flush(this.base + this.pos);
    }
    truncated() {
        const what = this.depth > 0 ? `<${this.stack[this.stack.length - 1].qname}> is not closed` : "unfinished markup";
        return this.failAt("not-well-formed", this.base + this.pos, `unexpected end of file: ${what}`);
    }
    need(n) {
        if (this.pos + n > this.buf.length)
            throw NEED_MORE;
    }
    /** The byte order mark and the XML declaration; nothing is consumed until both can be decided. */
    start() {
        const buf = this.buf;
        // A BOM and "<?xml " take 9 bytes.
        if (buf.length < 9 && !this.eof)
            return false;
        if (buf.length === 0)
            this.failAt("not-well-formed", 0, "the file is empty (no root element)");
        const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
        let pos = bom;
        if (buf.toString("latin1", bom, bom + 5) === "<?xml" && isWhitespace(buf[bom + 5] ?? 0)) {
            const end = buf.indexOf("?>", bom);
            if (end < 0) {
                if (!this.eof && buf.length < 4096)
                    return false;
                this.failAt("not-well-formed", this.base + bom, "the XML declaration is not closed with ?>");
            }
            this.declaration(buf.toString("latin1", bom + 5, end), bom);
            pos = end + 2;
        }
        this.bomLength = bom;
        this.pos = pos;
        this.started = true;
        return true;
    }
    declaration(body, at) {
        const re = /^\s+(version|encoding|standalone)\s*=\s*(?:"([^"]*)"|'([^']*)')/;
        let rest = body;
        const seen = {};
        while (rest.trim() !== "") {
            const m = re.exec(rest);
            if (!m)
                this.failAt("not-well-formed", at, `malformed XML declaration: <?xml${body}?>`);
            seen[m[1]] = m[2] ?? m[3] ?? "";
            rest = rest.slice(m[0].length);
        }
        if (!seen.version || !/^1\.[0-9]+$/.test(seen.version)) {
            this.failAt("not-well-formed", at, "the XML declaration has no valid version");
        }
        const encoding = seen.encoding;
        if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
            this.failAt("unsupported-encoding", at, `unsupported encoding "${encoding}" declared: reports must be UTF-8 (convert the file, e.g. with iconv -f ${encoding} -t UTF-8, and fix the declaration)`);
        }
    }
    markup() {
        this.need(2);
        const next = this.buf[this.pos + 1];
        if (next === SLASH)
            return this.endTag();
        if (next === QMARK)
            return this.processingInstruction();
        if (next === BANG)
            return this.bang();
        return this.startTag();
    }
    bang() {
        this.need(4);
        const buf = this.buf;
        const p = this.pos;
        if (buf[p + 2] === 0x2d && buf[p + 3] === 0x2d)
            return this.comment();
        this.need(9);
        const word = buf.subarray(p, p + 9).toString("latin1");
        if (word === "<![CDATA[") {
            if (this.depth === 0)
                this.fail("not-well-formed", "a CDATA section outside the document element");
            return this.cdata();
        }
        if (word === "<!DOCTYPE") {
            this.fail("forbidden-construct", "DOCTYPE declarations are not allowed in a test report (they can define entities: XXE, entity expansion)");
        }
        if (/^<!(ENTITY|ELEMENT|ATTLIST|NOTATION)/.test(word)) {
            this.fail("forbidden-construct", `markup declarations (${word.slice(2).trim()}) are not allowed`);
        }
        this.fail("not-well-formed", "'<!' must start a comment or a CDATA section");
    }
    comment() {
        const buf = this.buf;
        const from = this.pos + 4;
        const dashes = buf.indexOf("--", from);
        if (dashes < 0 || dashes + 2 >= buf.length) {
            // Keep a possible "-" and the last bytes of a character U+FFFE/U+FFFF check needs.
            const safe = dashes < 0 ? buf.length - 3 : Math.min(dashes, buf.length - 3);
            if (safe > from) {
                this.checkChars(from, safe);
                this.continueSection(safe, COMMENT_OPEN);
            }
            throw NEED_MORE;
        }
        this.checkChars(from, dashes);
        if (buf[dashes + 2] !== GT)
            this.failAt("not-well-formed", this.base + dashes, "'--' is not allowed inside a comment");
        this.pos = dashes + 3;
    }
    processingInstruction() {
        const end = this.buf.indexOf("?>", this.pos + 2);
        const nameEnd = this.scanName(this.pos + 2);
        const target = this.buf.subarray(this.pos + 2, nameEnd).toString("utf8");
        if (target.toLowerCase() === "xml") {
            this.fail("not-well-formed", "the XML declaration is only allowed at the very start of the file");
        }
        if (end < 0 && !this.eof && nameEnd >= this.buf.length)
            throw NEED_MORE;
        this.fail("forbidden-construct", `processing instruction <?${target}?> is not allowed (only the XML declaration is)`);
    }
    cdata() {
        const buf = this.buf;
        const from = this.pos + 9;
        const close = buf.indexOf("]]>", from);
        if (close < 0) {
            // Hand over what is certainly content, ending on a character boundary; keep a possible partial
            // "]]>", a CR whose LF may follow, and room for the U+FFFE/U+FFFF check.
            let safe = Math.max(from, buf.length - 3);
            while (safe > from && (buf[safe] & 0xc0) === 0x80)
                safe--;
            if (safe > from && buf[safe - 1] === CR)
                safe--;
            if (safe > from) {
                this.checkChars(from, safe);
                this.handler.text(buf.subarray(from, safe), true);
                this.continueSection(safe, CDATA_OPEN);
            }
            throw NEED_MORE;
        }
        this.checkChars(from, close);
        if (close > from)
            this.handler.text(buf.subarray(from, close), true);
        this.pos = close + 3;
    }
    /**
     * Lets a long comment or CDATA section be read in bounded memory: the bytes before `at` are done with,
     * and the buffer becomes `opener` + the rest, so the next pass resumes inside the same section.
     */
    continueSection(at, opener) {
        this.flush(this.base + at);
        const rest = this.buf.subarray(at);
        this.forget(at);
        // The opener stands in for bytes already read on this line.
        this.columnBeforeBase -= opener.length;
        this.base += at - opener.length;
        this.flushed = this.base + opener.length;
        this.buf = Buffer.concat([opener, rest]);
        this.pos = 0;
    }
    characters() {
        const buf = this.buf;
        const start = this.pos;
        let i = start;
        const n = buf.length;
        if (this.depth === 0)
            return this.outsideRoot();
        while (i < n) {
            const b = buf[i];
            if (TEXT_SPECIAL[b] === 0) {
                i++;
                continue;
            }
            if (b === LT)
                break;
            if (b === AMP) {
                const end = this.reference(i);
                if (end < 0)
                    break;
                i = end;
                continue;
            }
            if (b === RSQB) {
                if (i + 2 >= n && !this.eof)
                    break;
                if (buf[i + 1] === RSQB && buf[i + 2] === GT) {
                    this.failAt("not-well-formed", this.base + i, "']]>' is not allowed in text (it ends a CDATA section)");
                }
                i++;
                continue;
            }
            if (b === 0xef) {
                if (i + 2 >= n && !this.eof)
                    break;
                if (buf[i + 1] === 0xbf && (buf[i + 2] === 0xbe || buf[i + 2] === 0xbf)) {
                    this.failAt("not-well-formed", this.base + i, `invalid character U+FFF${buf[i + 2] === 0xbe ? "E" : "F"}`);
                }
                i++;
                continue;
            }
            this.failAt("not-well-formed", this.base + i, `invalid character U+${hex4(b)} (control characters are not allowed in XML 1.0)`);
        }
        // A CR at the end may be the first half of a CRLF: it goes with the next chunk.
        if (i === n && !this.eof && buf[i - 1] === CR)
            i--;
        if (i > start) {
            this.handler.text(buf.subarray(start, i), false);
            this.pos = i;
        }
        if (i === n || buf[i] !== LT)
            throw NEED_MORE;
    }
    outsideRoot() {
        const buf = this.buf;
        let i = this.pos;
        while (i < buf.length && isWhitespace(buf[i]))
            i++;
        if (i < buf.length && buf[i] !== LT) {
            const what = this.rootClosed ? "after the document element" : "before the document element";
            this.failAt("not-well-formed", this.base + i, `text is not allowed ${what}`);
        }
        this.pos = i;
        if (i === buf.length && !this.eof)
            throw NEED_MORE;
    }
    /** Validates the reference at `amp`; returns the offset after it, or -1 when more input is needed. */
    reference(amp) {
        const buf = this.buf;
        const semi = buf.indexOf(SEMI, amp + 1);
        if (semi < 0 || semi - amp > 40) {
            if (semi < 0 && buf.length - amp <= 40 && !this.eof)
                return -1;
            this.failAt("not-well-formed", this.base + amp, "'&' must start a reference such as &amp; (escape a literal & as &amp;)");
        }
        if (!isPredefined(buf, amp + 1, semi))
            this.decodeReference(buf.toString("latin1", amp + 1, semi), amp);
        return semi + 1;
    }
    decodeReference(body, amp) {
        if (body.charCodeAt(0) === HASH) {
            const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
            const cp = m ? parseInt(m[1] ?? m[2], m[1] ? 16 : 10) : NaN;
            if (!m || !isXmlChar(cp)) {
                this.failAt("not-well-formed", this.base + amp, `&${body}; does not refer to a character allowed in XML 1.0`);
            }
            return String.fromCodePoint(cp);
        }
        const value = PREDEFINED[body];
        if (value === undefined) {
            this.failAt("forbidden-construct", this.base + amp, `undefined entity &${body}; (only &lt; &gt; &amp; &quot; &apos; and character references are allowed)`);
        }
        return value;
    }
    checkChars(from, to) {
        const buf = this.buf;
        for (let i = from; i < to; i++) {
            const b = buf[i];
            if (b >= 0x20 && b !== 0xef)
                continue;
            if (b === TAB || b === LF || b === CR)
                continue;
            if (b === 0xef) {
                if (buf[i + 1] === 0xbf && (buf[i + 2] === 0xbe || buf[i + 2] === 0xbf)) {
                    this.failAt("not-well-formed", this.base + i, `invalid character U+FFF${buf[i + 2] === 0xbe ? "E" : "F"}`);
                }
                continue;
            }
            this.failAt("not-well-formed", this.base + i, `invalid character U+${hex4(b)} (control characters are not allowed in XML 1.0)`);
        }
    }
    scanName(from) {
        const buf = this.buf;
        if (from >= buf.length)
            throw NEED_MORE;
        if (NAME_START[buf[from]] === 0)
            return from;
        let i = from + 1;
        while (i < buf.length && NAME_CHAR[buf[i]] === 1)
            i++;
        if (i === buf.length && !this.eof)
            throw NEED_MORE;
        return i;
    }
    skipSpace(from) {
        const buf = this.buf;
        let i = from;
        while (i < buf.length && isWhitespace(buf[i]))
            i++;
        if (i === buf.length)
            throw NEED_MORE;
        return i;
    }
    startTag() {
        const buf = this.buf;
        const start = this.pos;
        const nameEnd = this.scanName(start + 1);
        if (nameEnd === start + 1) {
            this.failAt("not-well-formed", this.base + start, "'<' must start a tag (escape a literal < as &lt;)");
        }
        if (this.rootClosed)
            this.failAt("not-well-formed", this.base + start, "a second document element after the first one");
        const qname = buf.toString("utf8", start + 1, nameEnd);
        const raw = [];
        let i = nameEnd;
        let selfClosing = false;
        for (;;) {
            const afterSpace = this.skipSpace(i);
            const b = buf[afterSpace];
            if (b === GT) {
                i = afterSpace + 1;
                break;
            }
            if (b === SLASH) {
                this.need(afterSpace - this.pos + 2);
                if (buf[afterSpace + 1] !== GT)
                    this.failAt("not-well-formed", this.base + afterSpace, "expected '/>'");
                selfClosing = true;
                i = afterSpace + 2;
                break;
            }
            if (afterSpace === i) {
                this.failAt("not-well-formed", this.base + afterSpace, `expected whitespace, '>' or '/>' in the tag <${qname}>`);
            }
            const attrEnd = this.scanName(afterSpace);
            if (attrEnd === afterSpace) {
                this.failAt("not-well-formed", this.base + afterSpace, `invalid character in the tag <${qname}>`);
            }
            const attrName = buf.toString("utf8", afterSpace, attrEnd);
            const eq = this.skipSpace(attrEnd);
            if (buf[eq] !== EQ)
                this.failAt("not-well-formed", this.base + eq, `attribute ${attrName} has no '=' and value`);
            const q = this.skipSpace(eq + 1);
            const quote = buf[q];
            if (quote !== QUOT && quote !== APOS) {
                this.failAt("not-well-formed", this.base + q, `the value of attribute ${attrName} must be quoted`);
            }
            const close = buf.indexOf(quote, q + 1);
            if (close < 0) {
                if (buf.length - q > this.limits.maxAttributeBytes)
                    this.attributeTooLong(attrName, q);
                throw NEED_MORE;
            }
            if (close - q - 1 > this.limits.maxAttributeBytes)
                this.attributeTooLong(attrName, q);
            raw.push({ qname: attrName, value: this.attributeValue(q + 1, close, attrName), at: afterSpace });
            i = close + 1;
        }
        this.openElement(qname, raw, start, i, selfClosing);
    }
    attributeTooLong(name, at) {
        return this.failAt("limit-exceeded", this.base + at, `the value of attribute ${name} is longer than the ${this.limits.maxAttributeBytes}-byte limit`);
    }
    attributeValue(from, to, name) {
        const buf = this.buf;
        let out = "";
        let runStart = from;
        for (let i = from; i < to; i++) {
            const b = buf[i];
            if (b >= 0x20 && b !== AMP && b !== LT && b !== 0xef)
                continue;
            if (b === LT) {
                this.failAt("not-well-formed", this.base + i, `'<' is not allowed in the value of attribute ${name} (escape it as &lt;)`);
            }
            if (b === 0xef) {
                this.checkChars(i, i + 1);
                continue;
            }
            out += buf.toString("utf8", runStart, i);
            if (b === AMP) {
                const semi = buf.indexOf(SEMI, i + 1);
                if (semi < 0 || semi > to || semi - i > 40) {
                    this.failAt("not-well-formed", this.base + i, `'&' in the value of attribute ${name} must start a reference such as &amp;`);
                }
                out += this.decodeReference(buf.subarray(i + 1, semi).toString("latin1"), i);
                i = semi;
            }
            else if (b === CR) {
                out += " ";
                if (buf[i + 1] === LF && i + 1 < to)
                    i++;
            }
            else if (b === LF || b === TAB) {
                out += " ";
            }
            else {
                this.checkChars(i, i + 1);
            }
            runStart = i + 1;
        }
        return runStart === from ? buf.toString("utf8", from, to) : out + buf.toString("utf8", runStart, to);
    }
    openElement(qname, raw, start, end, selfClosing) {
        const namespaces = [];
        let scope = this.scope;
        for (const a of raw) {
            const decl = a.qname === "xmlns" ? "" : a.qname.startsWith("xmlns:") ? a.qname.slice(6) : null;
            if (decl === null)
                continue;
            this.checkNamespaceDeclaration(decl, a.value, a.at);
            namespaces.push({ prefix: decl, uri: a.value });
            scope = { prefix: decl, uri: a.value, parent: scope };
        }
        const [prefix, local] = this.splitName(qname, start);
        const ns = this.resolve(scope, prefix, qname, start, true);
        const attributes = [];
        const seen = new Set();
        for (const a of raw) {
            if (seen.has(a.qname))
                this.failAt("not-well-formed", this.base + a.at, `attribute ${a.qname} appears twice`);
            seen.add(a.qname);
            if (a.qname === "xmlns" || a.qname.startsWith("xmlns:"))
                continue;
            const [p, l] = this.splitName(a.qname, a.at);
            const attrNs = p === "" ? "" : this.resolve(scope, p, a.qname, a.at, false);
            attributes.push({ qname: a.qname, prefix: p, local: l, ns: attrNs, value: a.value });
        }
        this.checkExpandedNames(attributes, start);
        const depth = this.depth + 1;
        if (depth > this.limits.maxDepth) {
            this.failAt("limit-exceeded", this.base + start, `elements are nested deeper than the limit of ${this.limits.maxDepth}`);
        }
        if (depth === 1)
            this.rootSeen = true;
        const tag = {
            qname,
            prefix,
            local,
            ns,
            attributes,
            namespaces,
            start: this.base + start,
            end: this.base + end,
            selfClosing,
            depth,
        };
        this.pos = end;
        this.handler.startElement(tag);
        if (selfClosing) {
            this.handler.endElement({ qname, start: tag.end, end: tag.end, depth });
            if (depth === 1)
                this.rootClosed = true;
            return;
        }
        this.stack.push({ qname, scope: this.scope });
        this.scope = scope;
        this.depth = depth;
    }
    checkNamespaceDeclaration(prefix, uri, at) {
        if (prefix === "xmlns")
            this.failAt("not-well-formed", this.base + at, "the prefix xmlns must not be declared");
        if (prefix === "xml" && uri !== exports.XML_NAMESPACE) {
            this.failAt("not-well-formed", this.base + at, "the prefix xml must not be bound to another namespace");
        }
        if (prefix !== "xml" && (uri === exports.XML_NAMESPACE || uri === XMLNS_NAMESPACE)) {
            this.failAt("not-well-formed", this.base + at, `the namespace ${uri} must not be bound to the prefix ${prefix || "(default)"}`);
        }
        if (prefix !== "" && uri === "") {
            this.failAt("not-well-formed", this.base + at, `xmlns:${prefix}="" is not allowed in XML 1.0 namespaces`);
        }
    }
    checkExpandedNames(attributes, at) {
        if (attributes.length < 2)
            return;
        const names = new Set();
        for (const a of attributes) {
            const key = `${a.ns}|${a.local}`;
            if (names.has(key))
                this.failAt("not-well-formed", this.base + at, `attribute {${a.ns}}${a.local} appears twice`);
            names.add(key);
        }
    }
    splitName(qname, at) {
        const colon = qname.indexOf(":");
        if (colon < 0)
            return ["", qname];
        const prefix = qname.slice(0, colon);
        const local = qname.slice(colon + 1);
        if (prefix === "" || local === "" || local.includes(":")) {
            this.failAt("not-well-formed", this.base + at, `${qname} is not a valid namespaced name`);
        }
        return [prefix, local];
    }
    resolve(scope, prefix, qname, at, element) {
        if (prefix === "")
            return element ? (lookup(scope, "") ?? "") : "";
        const uri = lookup(scope, prefix);
        if (uri === undefined || uri === "") {
            this.failAt("not-well-formed", this.base + at, `the prefix ${prefix} of ${qname} is not declared`);
        }
        return uri;
    }
    endTag() {
        const buf = this.buf;
        const start = this.pos;
        const nameEnd = this.scanName(start + 2);
        const qname = buf.toString("utf8", start + 2, nameEnd);
        const gt = this.skipSpace(nameEnd);
        if (buf[gt] !== GT)
            this.failAt("not-well-formed", this.base + gt, `expected '>' to close </${qname}`);
        const open = this.stack.pop();
        if (!open)
            this.failAt("not-well-formed", this.base + start, `end tag </${qname}> without a start tag`);
        if (open.qname !== qname) {
            this.failAt("not-well-formed", this.base + start, `end tag </${qname}> does not match the start tag <${open.qname}>`);
        }
        this.scope = open.scope;
        const depth = this.depth;
        this.depth--;
        this.pos = gt + 1;
        this.handler.endElement({ qname, start: this.base + start, end: this.base + gt + 1, depth });
        if (depth === 1)
            this.rootClosed = true;
    }
    finish() {
        if (!this.rootSeen)
            this.failAt("not-well-formed", this.base + this.pos, "no document element: the file holds no XML element");
        if (this.depth > 0)
            this.truncated();
    }
    fail(code, reason) {
        return this.failAt(code, this.base + this.pos, reason);
    }
    failAt(code, offset, reason) {
        const local = Math.max(0, Math.min(offset - this.base, this.buf.length));
        const line = this.newlinesBeforeBase + countNewlines(this.buf, 0, local) + 1;
        const lineStart = local > 0 ? this.buf.lastIndexOf(LF, local - 1) : -1;
        const column = lineStart >= 0
            ? charCount(this.buf, lineStart + 1, local) + 1
            : this.columnBeforeBase + charCount(this.buf, 0, local) + 1;
        throw new errors_js_1.XmlError(code, this.options.source, line, column, reason);
    }
}
/** Whether buf[from..semi) is one of lt, gt, amp, quot, apos. */
function isPredefined(buf, from, semi) {
    const len = semi - from;
    const c = buf[from];
    if (len === 2)
        return buf[from + 1] === 0x74 && (c === 0x6c || c === 0x67);
    if (len === 3)
        return c === 0x61 && buf[from + 1] === 0x6d && buf[from + 2] === 0x70;
    if (len === 4) {
        return ((c === 0x71 && buf[from + 1] === 0x75 && buf[from + 2] === 0x6f && buf[from + 3] === 0x74) ||
            (c === 0x61 && buf[from + 1] === 0x70 && buf[from + 2] === 0x6f && buf[from + 3] === 0x73));
    }
    return false;
}
function hex4(b) {
    return b.toString(16).toUpperCase().padStart(4, "0");
}
/** Characters (not bytes) in buf[from..to): every byte but UTF-8 continuation bytes starts one. */
function charCount(buf, from, to) {
    if ((0, node_buffer_1.isAscii)(buf.subarray(from, to)))
        return to - from;
    let n = 0;
    for (let i = from; i < to; i++)
        if ((buf[i] & 0xc0) !== 0x80)
            n++;
    return n;
}
function countNewlines(buf, from, to) {
    let n = 0;
    let i = buf.indexOf(LF, from);
    while (i >= 0 && i < to) {
        n++;
        i = buf.indexOf(LF, i + 1);
    }
    return n;
}
/** Index of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(buf) {
    let i = 0;
    while (i < buf.length) {
        const b = buf[i];
        const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
        if (len === 0 || !(0, node_buffer_1.isUtf8)(buf.subarray(i, i + len)) || i + len > buf.length)
            return i;
        i += len;
    }
    return buf.length;
}
/** Reads a document held in memory (a Signature, a test fixture), synchronously. */
function readXmlSync(input, handler, options) {
    const reader = new Reader(handler, options);
    reader.feed(input);
    return reader.end();
}
/** Reads a whole document, delivering its events to `handler`; throws XmlError on the first problem. */
function readXml(input, handler, options) {
    return new Reader(handler, options).read(input);
}


/***/ }),

/***/ 2485:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.TreeBuilder = void 0;
exports.isElement = isElement;
exports.replay = replay;
exports.childElements = childElements;
exports.textContent = textContent;
exports.attribute = attribute;
function isElement(node) {
    return "tag" in node;
}
/** Builds a tree from reader events; refuses to hold more than `maxBytes` of text. */
class TreeBuilder {
    maxBytes;
    root;
    stack = [];
    textBytes = 0;
    constructor(maxBytes = 1024 * 1024) {
        this.maxBytes = maxBytes;
    }
    startElement(tag) {
        const el = { tag, end: undefined, children: [] };
        const parent = this.stack[this.stack.length - 1];
        if (parent)
            parent.children.push(el);
        else
            this.root = el;
        this.stack.push(el);
    }
    endElement(tag) {
        const el = this.stack.pop();
        if (el)
            el.end = tag;
    }
    text(raw, cdata) {
        this.textBytes += raw.length;
        if (this.textBytes > this.maxBytes)
            throw new Error(`more than ${this.maxBytes} bytes of text in one element tree`);
        this.stack[this.stack.length - 1]?.children.push({ raw: Buffer.from(raw), cdata });
    }
}
exports.TreeBuilder = TreeBuilder;
/** Sends a tree's events to a handler again, as the reader did. */
function replay(el, handler) {
    handler.startElement(el.tag);
    for (const child of el.children) {
        if (isElement(child))
            replay(child, handler);
        else
            handler.text(child.raw, child.cdata);
    }
    handler.endElement(el.end ?? { qname: el.tag.qname, start: el.tag.end, end: el.tag.end, depth: el.tag.depth });
}
function childElements(el) {
    return el.children.filter(isElement);
}
const REFS = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
/** The character data of an element (direct text children), references expanded. */
function textContent(el) {
    let s = "";
    for (const child of el.children) {
        if (isElement(child))
            continue;
        const text = child.raw.toString("utf8").replace(/\r\n?/g, "\n");
        s += child.cdata
            ? text
            : text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (_, body) => body.startsWith("#x")
                ? String.fromCodePoint(parseInt(body.slice(2), 16))
                : body.startsWith("#")
                    ? String.fromCodePoint(parseInt(body.slice(1), 10))
                    : (REFS[body] ?? ""));
    }
    return s;
}
function attribute(el, qname) {
    return el.tag.attributes.find((a) => a.qname === qname)?.value;
}


/***/ }),

/***/ 4652:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.CURVE_OIDS = exports.SIGNATURE_ALGORITHMS = exports.ECDSA_SHA512 = exports.ECDSA_SHA384 = exports.ECDSA_SHA256 = exports.RSA_SHA256 = exports.SHA256 = exports.ENVELOPED = exports.DSIG11_NS = exports.DSIG_NS = void 0;
exports.c14nUri = c14nUri;
const c14n_js_1 = __nccwpck_require__(7707);
exports.DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
exports.DSIG11_NS = "http://www.w3.org/2009/xmldsig11#";
exports.ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
exports.SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
exports.RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
exports.ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
exports.ECDSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
exports.ECDSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";
/** The only signature algorithms a verifier accepts (no SHA-1, no HMAC). */
exports.SIGNATURE_ALGORITHMS = {
    [exports.RSA_SHA256]: { uri: exports.RSA_SHA256, key: "rsa", hash: "sha256" },
    [exports.ECDSA_SHA256]: { uri: exports.ECDSA_SHA256, key: "ec", hash: "sha256" },
    [exports.ECDSA_SHA384]: { uri: exports.ECDSA_SHA384, key: "ec", hash: "sha384" },
    [exports.ECDSA_SHA512]: { uri: exports.ECDSA_SHA512, key: "ec", hash: "sha512" },
};
exports.CURVE_OIDS = {
    "P-256": "1.2.840.10045.3.1.7",
    "P-384": "1.3.132.0.34",
    "P-521": "1.3.132.0.35",
};
function c14nUri(choice) {
    return choice === "exclusive" ? c14n_js_1.EXC_C14N : c14n_js_1.C14N11;
}


/***/ }),

/***/ 4162:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.signatureAlgorithmFor = signatureAlgorithmFor;
exports.signedInfoXml = signedInfoXml;
exports.signatureXml = signatureXml;
exports.keyInfoXml = keyInfoXml;
exports.canonicalSubtree = canonicalSubtree;
exports.signedInfoContext = signedInfoContext;
exports.parseSignature = parseSignature;
exports.findChild = findChild;
exports.signBytes = signBytes;
exports.verifyBytes = verifyBytes;
const node_crypto_1 = __nccwpck_require__(7598);
const c14n_js_1 = __nccwpck_require__(7707);
const reader_js_1 = __nccwpck_require__(6086);
const tree_js_1 = __nccwpck_require__(2485);
const algorithms_js_1 = __nccwpck_require__(4652);
function signatureAlgorithmFor(key) {
    if (key.algorithm.kind === "rsa")
        return algorithms_js_1.SIGNATURE_ALGORITHMS[algorithms_js_1.RSA_SHA256];
    const uri = { "P-256": algorithms_js_1.ECDSA_SHA256, "P-384": algorithms_js_1.ECDSA_SHA384, "P-521": algorithms_js_1.ECDSA_SHA512 }[key.algorithm.curve];
    return algorithms_js_1.SIGNATURE_ALGORITHMS[uri];
}
/** SignedInfo exactly as the upstream profile (signxml) writes it: ds prefix, no whitespace. */
function signedInfoXml(c14n, algorithm, digest) {
    return ("<ds:SignedInfo>" +
        `<ds:CanonicalizationMethod Algorithm="${c14n}"/>` +
        `<ds:SignatureMethod Algorithm="${algorithm.uri}"/>` +
        '<ds:Reference URI="">' +
        "<ds:Transforms>" +
        `<ds:Transform Algorithm="${algorithms_js_1.ENVELOPED}"/>` +
        `<ds:Transform Algorithm="${c14n}"/>` +
        "</ds:Transforms>" +
        `<ds:DigestMethod Algorithm="${algorithms_js_1.SHA256}"/>` +
        `<ds:DigestValue>${digest.toString("base64")}</ds:DigestValue>` +
        "</ds:Reference>" +
        "</ds:SignedInfo>");
}
function signatureXml(signedInfo, signatureValue, keyInfo) {
    return (`<ds:Signature xmlns:ds="${algorithms_js_1.DSIG_NS}">` +
        signedInfo +
        `<ds:SignatureValue>${signatureValue.toString("base64")}</ds:SignatureValue>` +
        keyInfo +
        "</ds:Signature>");
}
/** KeyInfo: the certificate when there is one, else the public key value (as signxml writes them). */
function keyInfoXml(key) {
    if (key.certificate) {
        const lines = key.certificate.raw.toString("base64").match(/.{1,64}/g);
        return `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${lines.join("\n")}\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`;
    }
    const jwk = key.publicKey.export({ format: "jwk" });
    const b64 = (s) => Buffer.from(s ?? "", "base64url").toString("base64");
    if (key.algorithm.kind === "rsa") {
        return ("<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue>" +
            `<ds:Modulus>${b64(jwk.n)}</ds:Modulus><ds:Exponent>${b64(jwk.e)}</ds:Exponent>` +
            "</ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>");
    }
    const point = Buffer.concat([
        Buffer.from([4]),
        Buffer.from(jwk.x ?? "", "base64url"),
        Buffer.from(jwk.y ?? "", "base64url"),
    ]);
    return (`<ds:KeyInfo><ds:KeyValue><dsig11:ECKeyValue xmlns:dsig11="${algorithms_js_1.DSIG11_NS}">` +
        `<dsig11:NamedCurve URI="urn:oid:${algorithms_js_1.CURVE_OIDS[key.algorithm.curve]}"/>` +
        `<dsig11:PublicKey>${point.toString("base64")}</dsig11:PublicKey>` +
        "</dsig11:ECKeyValue></ds:KeyValue></ds:KeyInfo>");
}
/** Canonical bytes of an element held in memory, as a subset of the document it came from. */
function canonicalSubtree(el, method, context) {
    const parts = [];
    const c14n = new c14n_js_1.Canonicalizer([method], { update: (b) => parts.push(Buffer.from(b)) }, context);
    (0, tree_js_1.replay)(el, c14n);
    c14n.flush();
    return Buffer.concat(parts);
}
/** The context SignedInfo is canonicalized in: the document element's and the Signature's namespaces. */
function signedInfoContext(doc, signature) {
    return {
        namespaces: [...doc.namespaces, ...signature.tag.namespaces],
        xmlAttributes: [...doc.xmlAttributes, ...signature.tag.attributes.filter((a) => a.prefix === "xml")],
    };
}
/** Parses a Signature this tool wrote, to canonicalize its SignedInfo exactly as a verifier will. */
function parseSignature(xml) {
    const tree = new tree_js_1.TreeBuilder();
    (0, reader_js_1.readXmlSync)(xml, tree, { source: "generated Signature" });
    return tree.root;
}
function findChild(el, local, ns = algorithms_js_1.DSIG_NS) {
    return (0, tree_js_1.childElements)(el).find((c) => c.tag.local === local && c.tag.ns === ns);
}
function signBytes(data, key, algorithm) {
    if (algorithm.key === "rsa")
        return (0, node_crypto_1.sign)(algorithm.hash, data, key.privateKey);
    return (0, node_crypto_1.sign)(algorithm.hash, data, { key: key.privateKey, dsaEncoding: "ieee-p1363" });
}
function verifyBytes(data, signature, key, algorithm) {
    if (algorithm.key === "rsa")
        return (0, node_crypto_1.verify)(algorithm.hash, data, key, signature);
    return (0, node_crypto_1.verify)(algorithm.hash, data, { key, dsaEncoding: "ieee-p1363" }, signature);
}


/***/ }),

/***/ 4627:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.verifySignature = verifySignature;
exports.describeSignature = describeSignature;
const node_crypto_1 = __nccwpck_require__(7598);
const c14n_js_1 = __nccwpck_require__(7707);
const tree_js_1 = __nccwpck_require__(2485);
const keys_js_1 = __nccwpck_require__(1483);
const algorithms_js_1 = __nccwpck_require__(4652);
const signature_js_1 = __nccwpck_require__(4162);
/** A signature outside the strict profile, or one that does not verify. */
class Invalid extends Error {
}
function fail(reason) {
    throw new Invalid(reason);
}
/** Element children in the dsig namespace, refusing any non-whitespace text between them. */
function dsChildren(el) {
    for (const child of el.children) {
        if (!(0, tree_js_1.isElement)(child) && child.raw.toString("utf8").trim() !== "") {
            fail(`unexpected text inside ds:${el.tag.local}`);
        }
    }
    const children = (0, tree_js_1.childElements)(el);
    for (const c of children) {
        if (c.tag.ns !== algorithms_js_1.DSIG_NS)
            fail(`unexpected element <${c.tag.qname}> inside ds:${el.tag.local}`);
    }
    return children;
}
function expect(children, names, where) {
    const got = children.map((c) => c.tag.local);
    if (got.length !== names.length || got.some((n, i) => n !== names[i])) {
        fail(`ds:${where} must contain ${names.map((n) => "ds:" + n).join(", ")} (found: ${got.join(", ") || "nothing"})`);
    }
    return children;
}
function algorithmOf(el) {
    const uri = (0, tree_js_1.attribute)(el, "Algorithm");
    if (uri === undefined)
        fail(`ds:${el.tag.local} has no Algorithm`);
    if ((0, tree_js_1.childElements)(el).length > 0)
        fail(`ds:${el.tag.local} must be empty (no parameters are accepted)`);
    return uri;
}
function c14nOf(el) {
    const uri = algorithmOf(el);
    if (!(0, c14n_js_1.isC14nMethod)(uri))
        fail(`canonicalization ${uri} is not accepted (only C14N 1.0, C14N 1.1 and exclusive C14N, without comments)`);
    return uri;
}
function base64(el, what) {
    const text = (0, tree_js_1.textContent)(el).replace(/[ \t\r\n]/g, "");
    if (text === "" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text))
        fail(`${what} is not valid base64`);
    return Buffer.from(text, "base64");
}
/** Names the certificate the report carries in KeyInfo, if any: reported, never trusted. */
function embeddedCertificate(signature) {
    const data = (0, signature_js_1.findChild)((0, signature_js_1.findChild)(signature, "KeyInfo") ?? signature, "X509Data");
    const cert = data && (0, signature_js_1.findChild)(data, "X509Certificate");
    if (!cert)
        return {};
    try {
        const der = Buffer.from((0, tree_js_1.textContent)(cert).replace(/\s/g, ""), "base64");
        return { embeddedCertificate: (0, keys_js_1.certificateLabel)(new node_crypto_1.X509Certificate(der)) };
    }
    catch {
        return {};
    }
}
function digestFor(method, digests) {
    // For a whole document (no omitted ancestors) C14N 1.0 and 1.1 give the same bytes.
    return digests.get(method === c14n_js_1.C14N10 ? c14n_js_1.C14N11 : method);
}
function keyMatches(key, algorithm) {
    const type = key.publicKey.asymmetricKeyType;
    if (algorithm.key === "rsa")
        return type === "rsa" && (key.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) >= keys_js_1.MIN_RSA_BITS;
    return type === "ec";
}
function signatureLength(key) {
    const curve = key.publicKey.asymmetricKeyDetails?.namedCurve;
    const size = curve === "prime256v1" ? 32 : curve === "secp384r1" ? 48 : curve === "secp521r1" ? 66 : undefined;
    return size && size * 2;
}
function check(sig, trusted) {
    const [signedInfo, signatureValue, keyInfo, ...rest] = dsChildren(sig.element);
    if (!signedInfo || signedInfo.tag.local !== "SignedInfo")
        fail("ds:Signature must start with ds:SignedInfo");
    if (!signatureValue || signatureValue.tag.local !== "SignatureValue")
        fail("ds:SignedInfo must be followed by ds:SignatureValue");
    if (keyInfo && keyInfo.tag.local !== "KeyInfo")
        fail(`unexpected ds:${keyInfo.tag.local} in ds:Signature`);
    if (rest.length > 0)
        fail("ds:Signature may hold only SignedInfo, SignatureValue and KeyInfo");
    const [c14nEl, methodEl, reference] = expect(dsChildren(signedInfo), ["CanonicalizationMethod", "SignatureMethod", "Reference"], "SignedInfo");
    const c14n = c14nOf(c14nEl);
    const methodUri = algorithmOf(methodEl);
    const algorithm = algorithms_js_1.SIGNATURE_ALGORITHMS[methodUri];
    if (!algorithm)
        fail(`signature algorithm ${methodUri} is not accepted (only rsa-sha256 and ecdsa-sha256/384/512)`);
    if ((0, tree_js_1.attribute)(reference, "URI") !== "")
        fail('the ds:Reference must cover the whole document (URI="")');
    const [transforms, digestMethod, digestValue] = expect(dsChildren(reference), ["Transforms", "DigestMethod", "DigestValue"], "Reference");
    const [enveloped, transformC14n] = expect(dsChildren(transforms), ["Transform", "Transform"], "Transforms");
    if (algorithmOf(enveloped) !== algorithms_js_1.ENVELOPED)
        fail("the first transform must be enveloped-signature");
    const referenceC14n = c14nOf(transformC14n);
    if (algorithmOf(digestMethod) !== algorithms_js_1.SHA256)
        fail(`digest algorithm ${(0, tree_js_1.attribute)(digestMethod, "Algorithm")} is not accepted (only SHA-256)`);
    const expected = base64(digestValue, "DigestValue");
    if (!expected.equals(digestFor(referenceC14n, sig.digests))) {
        fail("the report was modified after it was signed (its digest does not match the signed DigestValue)");
    }
    const value = base64(signatureValue, "SignatureValue");
    if (trusted === null)
        return { algorithm: methodUri, c14n: referenceC14n, signer: undefined };
    const canonical = (0, signature_js_1.canonicalSubtree)(signedInfo, c14n, (0, signature_js_1.signedInfoContext)(sig.document, sig.element));
    const candidates = trusted.filter((k) => keyMatches(k, algorithm));
    for (const key of candidates) {
        const length = signatureLength(key);
        if (algorithm.key === "ec" && value.length !== length)
            continue;
        if ((0, signature_js_1.verifyBytes)(canonical, value, key.publicKey, algorithm)) {
            return { signer: key.label, algorithm: methodUri, c14n: referenceC14n };
        }
    }
    const names = trusted.map((k) => k.label).join("; ");
    if (candidates.length === 0)
        fail(`no trusted key fits the ${methodUri.split("#")[1]} signature (trusted: ${names})`);
    fail(`the signature was not made by a trusted key (trusted: ${names})`);
}
/**
 * Verifies an enveloped signature under the strict profile, trusting only the keys given by the user:
 * a certificate embedded in the document is reported, never trusted.
 */
function verifySignature(sig, trusted) {
    const extra = embeddedCertificate(sig.element);
    if (trusted.length === 0)
        return { valid: false, error: "no trusted certificate or public key was given", ...extra };
    try {
        const { signer, algorithm, c14n } = check(sig, trusted);
        return { valid: true, signer: signer, algorithm, c14n, ...extra };
    }
    catch (e) {
        if (!(e instanceof Invalid))
            throw e;
        return { valid: false, error: e.message, ...extra };
    }
}
/** What can be said of a signature without a trusted key: its profile, and whether the content is intact. */
function describeSignature(sig) {
    const extra = embeddedCertificate(sig.element);
    try {
        const { algorithm, c14n } = check(sig, null);
        return { algorithm, c14n, intact: true, ...extra };
    }
    catch (e) {
        if (!(e instanceof Invalid))
            throw e;
        return { intact: false, problem: e.message, ...extra };
    }
}


/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 6193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};
// This entry need to be wrapped in an IIFE because it uses a non-standard name for the exports (exports).
(() => {
var exports = __webpack_exports__;

Object.defineProperty(exports, "B", ({ value: true }));
const main_js_1 = __nccwpck_require__(2957);
// A reader that went away (`jux inspect | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e) => {
        if (e.code !== "EPIPE")
            throw e;
        process.exit(process.exitCode ?? 0);
    });
}
void (0, main_js_1.main)(process.argv[1] ?? "jux", process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
}).then((status) => {
    process.exitCode = status;
});

})();

var __webpack_exports___esModule = __webpack_exports__.B;
export { __webpack_exports___esModule as __esModule };

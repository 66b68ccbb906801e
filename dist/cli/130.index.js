export const id = 130;
export const ids = [130];
export const modules = {

/***/ 130:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.keygen = exports.KEYGEN_USAGE = void 0;
exports.certificatePathFor = certificatePathFor;
const node_crypto_1 = __webpack_require__(7598);
const promises_1 = __webpack_require__(1455);
const node_path_1 = __webpack_require__(6760);
const node_util_1 = __webpack_require__(7975);
const atomic_file_js_1 = __webpack_require__(4553);
const certificate_js_1 = __webpack_require__(7536);
const io_js_1 = __webpack_require__(1604);
exports.KEYGEN_USAGE = `Usage: jux keygen [--type rsa|ecdsa] [--bits 2048|3072|4096] [--curve P-256|P-384|P-521]
                  --output KEY.pem [--cert [--subject CN] [--days-valid N]] [--force]

Generate a signing key (unencrypted PKCS#8 PEM, mode 0600) and, with --cert, a self-signed
X.509 certificate beside it (KEY.crt, mode 0644).

Options:
  --type rsa|ecdsa      key algorithm (default: rsa)
  --bits N              RSA key size: 2048, 3072 or 4096 (default: 2048)
  --curve NAME          ECDSA curve: P-256, P-384 or P-521 (default: P-256)
  --output PATH         where to write the private key (required)
  --cert                also write a self-signed certificate, PATH with .crt as extension
  --subject CN          certificate common name, "NAME" or "CN=NAME" (default: ${certificate_js_1.DEFAULT_SUBJECT})
  --days-valid N        certificate validity in days (default: ${certificate_js_1.DEFAULT_DAYS_VALID})
  --force               replace existing files
  -h, --help            show this help`;
const OPTIONS = {
    type: { type: "string" },
    bits: { type: "string" },
    curve: { type: "string" },
    output: { type: "string" },
    cert: { type: "boolean" },
    subject: { type: "string" },
    "days-valid": { type: "string" },
    force: { type: "boolean" },
    help: { type: "boolean", short: "h" },
};
const MAX_DAYS_VALID = 36_500;
function parse(argv) {
    try {
        return (0, node_util_1.parseArgs)({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
    }
    catch (err) {
        throw new io_js_1.UsageError(`keygen: ${(0, atomic_file_js_1.errorMessage)(err)}`);
    }
}
function rsaBits(bits) {
    if (bits === undefined)
        return 2048;
    const value = Number(bits);
    if (!/^\d+$/.test(bits) || !certificate_js_1.RSA_SIZES.includes(value)) {
        throw new io_js_1.UsageError(`keygen: --bits must be one of ${certificate_js_1.RSA_SIZES.join(", ")}, not "${bits}"`);
    }
    return value;
}
function ecCurve(curve) {
    if (curve === undefined)
        return "P-256";
    const found = certificate_js_1.EC_CURVES.find((c) => c === curve.toUpperCase());
    if (found === undefined)
        throw new io_js_1.UsageError(`keygen: --curve must be one of ${certificate_js_1.EC_CURVES.join(", ")}, not "${curve}"`);
    return found;
}
function algorithm(values) {
    const type = (values.type ?? "rsa").toLowerCase();
    if (type === "rsa") {
        if (values.curve !== undefined)
            throw new io_js_1.UsageError("keygen: --curve applies to --type ecdsa only");
        return { kind: "rsa", bits: rsaBits(values.bits) };
    }
    if (type === "ecdsa") {
        if (values.bits !== undefined)
            throw new io_js_1.UsageError("keygen: --bits applies to --type rsa only");
        return { kind: "ecdsa", curve: ecCurve(values.curve) };
    }
    throw new io_js_1.UsageError(`keygen: --type must be rsa or ecdsa, not "${values.type ?? ""}"`);
}
function daysValid(days) {
    if (days === undefined)
        return certificate_js_1.DEFAULT_DAYS_VALID;
    const value = Number(days);
    if (!/^\d+$/.test(days) || value < 1 || value > MAX_DAYS_VALID) {
        throw new io_js_1.UsageError(`keygen: --days-valid must be a whole number from 1 to ${MAX_DAYS_VALID}, not "${days}"`);
    }
    return value;
}
function subject(value) {
    try {
        return (0, certificate_js_1.commonName)(value ?? certificate_js_1.DEFAULT_SUBJECT);
    }
    catch {
        throw new io_js_1.UsageError("keygen: --subject must not be empty");
    }
}
/** `key.pem` → `key.crt`, `key` → `key.crt`, as pytest-jux's `Path.with_suffix(".crt")`. */
function certificatePathFor(keyPath) {
    const ext = (0, node_path_1.extname)(keyPath);
    return (ext === "" ? keyPath : keyPath.slice(0, -ext.length)) + ".crt";
}
function certPath(values, keyPath) {
    if (!values.cert) {
        if (values.subject !== undefined)
            throw new io_js_1.UsageError("keygen: --subject applies with --cert only");
        if (values["days-valid"] !== undefined)
            throw new io_js_1.UsageError("keygen: --days-valid applies with --cert only");
        return undefined;
    }
    const path = certificatePathFor(keyPath);
    if (path === keyPath)
        throw new io_js_1.UsageError("keygen: with --cert, --output must not end in .crt (the certificate goes there)");
    return path;
}
function plan(values, cwd) {
    const alg = algorithm(values);
    if (values.output === undefined || values.output === "")
        throw new io_js_1.UsageError("keygen: --output is required");
    const keyPath = (0, node_path_1.resolve)(cwd, values.output);
    return {
        algorithm: alg,
        keyPath,
        certPath: certPath(values, keyPath),
        subject: subject(values.subject),
        daysValid: daysValid(values["days-valid"]),
        force: values.force ?? false,
    };
}
async function exists(path) {
    return (0, promises_1.access)(path).then(() => true, () => false);
}
async function refuseExisting(paths) {
    for (const path of paths) {
        if (await exists(path))
            throw new Error(`${path} already exists (use --force to replace it)`);
    }
}
async function makeDirectory(dir) {
    try {
        await (0, promises_1.mkdir)(dir, { recursive: true, mode: 0o700 });
    }
    catch (err) {
        const reason = err.code === "EEXIST" ? "it exists and is not a directory" : (0, atomic_file_js_1.osReason)(err);
        throw new Error(`cannot create directory ${dir}: ${reason}`, { cause: err });
    }
}
function describe(alg) {
    return alg.kind === "rsa" ? `RSA ${alg.bits}-bit` : `ECDSA ${alg.curve}`;
}
async function writeCertificate(p, pem) {
    try {
        await (0, atomic_file_js_1.writeFileAtomic)(p.certPath, pem, 0o644, { overwrite: p.force });
    }
    catch (err) {
        await (0, promises_1.unlink)(p.keyPath).catch(() => undefined);
        throw new Error(`${(0, atomic_file_js_1.errorMessage)(err)}; the new key ${p.keyPath} was removed again`, { cause: err });
    }
}
function reportCertificate(io, path, pem) {
    const cert = new node_crypto_1.X509Certificate(pem);
    (0, io_js_1.writeLine)(io.stdout, `  certificate: ${path} (self-signed, ${cert.subject.replace(/\n/g, ", ")}, mode 0644)`);
    (0, io_js_1.writeLine)(io.stdout, `  valid until: ${new Date(cert.validTo).toISOString()}`);
    (0, io_js_1.writeLine)(io.stdout, `  certificate SHA-256 fingerprint: ${cert.fingerprint256}`);
}
async function run(p, io) {
    const certPath = p.certPath;
    if (!p.force)
        await refuseExisting(certPath === undefined ? [p.keyPath] : [p.keyPath, certPath]);
    await makeDirectory((0, node_path_1.dirname)(p.keyPath));
    const pair = await (0, certificate_js_1.generateKeyPair)({ algorithm: p.algorithm, subject: p.subject, daysValid: p.daysValid });
    await (0, atomic_file_js_1.writeFileAtomic)(p.keyPath, pair.privateKeyPem, 0o600, { overwrite: p.force });
    if (certPath !== undefined)
        await writeCertificate({ ...p, certPath }, pair.certificatePem);
    (0, io_js_1.writeLine)(io.stdout, `Generated ${describe(p.algorithm)} key`);
    (0, io_js_1.writeLine)(io.stdout, `  private key: ${p.keyPath} (PKCS#8 PEM, unencrypted, mode 0600)`);
    if (certPath !== undefined)
        reportCertificate(io, certPath, pair.certificatePem);
}
/** `jux keygen`: a new signing key, and optionally a self-signed certificate (pytest-jux `jux-keygen`). */
const keygen = async (argv, io) => {
    const values = parse(argv);
    if (values.help) {
        (0, io_js_1.writeLine)(io.stdout, exports.KEYGEN_USAGE);
        return 0;
    }
    await run(plan(values, io.cwd), io);
    return 0;
};
exports.keygen = keygen;


/***/ }),

/***/ 7536:
/***/ (function(__unused_webpack_module, exports, __webpack_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.DEFAULT_DAYS_VALID = exports.DEFAULT_SUBJECT = exports.EC_CURVES = exports.RSA_SIZES = void 0;
exports.commonName = commonName;
exports.generateKeyPair = generateKeyPair;
__webpack_require__(477);
const x509 = __importStar(__webpack_require__(8927));
const node_crypto_1 = __webpack_require__(7598);
const node_util_1 = __webpack_require__(7975);
x509.cryptoProvider.set(node_crypto_1.webcrypto);
exports.RSA_SIZES = [2048, 3072, 4096];
exports.EC_CURVES = ["P-256", "P-384", "P-521"];
exports.DEFAULT_SUBJECT = "jux";
exports.DEFAULT_DAYS_VALID = 365;
const EC_HASH = {
    "P-256": "SHA-256",
    "P-384": "SHA-384",
    "P-521": "SHA-512",
};
const DAY_MS = 86_400_000;
const MAX_DAYS_VALID = 36_500;
const generate = (0, node_util_1.promisify)(node_crypto_1.generateKeyPair);
function checkAlgorithm(algorithm) {
    if (algorithm.kind === "rsa" && !exports.RSA_SIZES.includes(algorithm.bits)) {
        throw new RangeError(`RSA key size must be one of ${exports.RSA_SIZES.join(", ")} bits, not ${algorithm.bits}`);
    }
    if (algorithm.kind === "ecdsa" && !exports.EC_CURVES.includes(algorithm.curve)) {
        throw new RangeError(`ECDSA curve must be one of ${exports.EC_CURVES.join(", ")}, not ${String(algorithm.curve)}`);
    }
}
function checkDaysValid(days) {
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS_VALID) {
        throw new RangeError(`days valid must be a whole number from 1 to ${MAX_DAYS_VALID}, not ${days}`);
    }
}
function commonName(subject) {
    const cn = subject.replace(/^\s*CN\s*=\s*/i, "").trim();
    if (cn === "")
        throw new RangeError("the certificate subject (CN) must not be empty");
    return cn;
}
function nodeKeyPair(algorithm) {
    if (algorithm.kind === "rsa") {
        return generate("rsa", { modulusLength: algorithm.bits, publicExponent: 0x10001 });
    }
    return generate("ec", { namedCurve: algorithm.curve });
}
function webAlgorithms(algorithm) {
    if (algorithm.kind === "rsa") {
        return { key: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, sign: { name: "RSASSA-PKCS1-v1_5" } };
    }
    return {
        key: { name: "ECDSA", namedCurve: algorithm.curve },
        sign: { name: "ECDSA", hash: EC_HASH[algorithm.curve] },
    };
}
async function toCryptoKeys(pair, params) {
    const subtle = node_crypto_1.webcrypto.subtle;
    const pkcs8 = pair.privateKey.export({ type: "pkcs8", format: "der" });
    const spki = pair.publicKey.export({ type: "spki", format: "der" });
    const [privateKey, publicKey] = await Promise.all([
        subtle.importKey("pkcs8", pkcs8, params, false, ["sign"]),
        subtle.importKey("spki", spki, params, true, ["verify"]),
    ]);
    return { privateKey, publicKey };
}
function randomSerial() {
    const bytes = (0, node_crypto_1.randomBytes)(16);
    bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
    return bytes.toString("hex");
}
async function selfSigned(keys, cn, daysValid, signingAlgorithm) {
    const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
    const name = [{ CN: [cn] }];
    return x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: randomSerial(),
        name,
        notBefore,
        notAfter: new Date(notBefore.getTime() + daysValid * DAY_MS),
        keys,
        signingAlgorithm,
        extensions: [
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            new x509.BasicConstraintsExtension(false, undefined, false),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ],
    });
}
function withNewline(pem) {
    const unix = pem.replace(/\r\n/g, "\n");
    return unix.endsWith("\n") ? unix : unix + "\n";
}
/** A fresh key pair and a self-signed X.509 v3 certificate for it (keyUsage digitalSignature, CA:false). */
async function generateKeyPair(opts) {
    const daysValid = opts.daysValid ?? exports.DEFAULT_DAYS_VALID;
    checkAlgorithm(opts.algorithm);
    checkDaysValid(daysValid);
    const cn = commonName(opts.subject ?? exports.DEFAULT_SUBJECT);
    const pair = await nodeKeyPair(opts.algorithm);
    const params = webAlgorithms(opts.algorithm);
    const certificate = await selfSigned(await toCryptoKeys(pair, params.key), cn, daysValid, params.sign);
    return {
        privateKeyPem: withNewline(pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
        certificatePem: withNewline(certificate.toString("pem")),
    };
}


/***/ })

};

import { X509Certificate } from "node:crypto";
import { access, mkdir, stat, unlink } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { writeFileAtomic } from "../../core/fs/atomic-file.js";
import { errorMessage, osReason } from "../../core/errors.js";
import {
  DEFAULT_DAYS_VALID,
  DEFAULT_SUBJECT,
  EC_CURVES,
  MAX_DAYS_VALID,
  RSA_SIZES,
  commonName,
  generateKeyPair,
} from "../../core/crypto/certificate.js";
import type { EcCurve, KeyAlgorithm } from "../../core/crypto/keys.js";
import { parse } from "../../core/command/args.js";
import { FileError, UsageError, writeLine, type CliIo, type Command } from "../../core/command/io.js";
import { keygenPaths } from "../settings.js";

export const KEYGEN_USAGE = `Usage: jux keygen [--type rsa|ecdsa] [--bits 2048|3072|4096] [--curve P-256|P-384|P-521]
                  --output KEY.pem [--parents] [--cert [--subject CN] [--days-valid N]] [--force]

Generate a signing key (unencrypted PKCS#8 PEM, mode 0600) and, with --cert, a self-signed
X.509 certificate beside it (KEY.crt, mode 0644).

Options:
  --type rsa|ecdsa      key algorithm (default: rsa)
  --bits N              RSA key size: 2048, 3072 or 4096 (default: 2048)
  --curve NAME          ECDSA curve: P-256, P-384 or P-521 (default: P-256)
  --output PATH         where to write the private key (default: key_path, i.e. JUX_KEY_PATH or a config file)
  --cert                also write a self-signed certificate, PATH with .crt as extension (without
                        --output: cert_path when it is configured)
  --subject CN          certificate common name, "NAME" or "CN=NAME" (default: ${DEFAULT_SUBJECT})
  --days-valid N        certificate validity in days (default: ${DEFAULT_DAYS_VALID})
  --force               replace existing files
  --parents             create the missing directories of the key's path (mode 0700); without it, the
                        directory must exist
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
  parents: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type KeygenValues = ReturnType<typeof parse<typeof OPTIONS>>["values"];

interface KeygenPlan {
  algorithm: KeyAlgorithm;
  keyPath: string;
  certPath?: string;
  subject: string;
  daysValid: number;
  force: boolean;
  /** Create missing directories of keyPath; without it a missing directory is an error naming it. */
  parents: boolean;
}

function rsaBits(bits: string | undefined): number {
  if (bits === undefined) return 2048;
  const value = Number(bits);
  if (!/^\d+$/.test(bits) || !RSA_SIZES.includes(value)) {
    throw new UsageError(`jux keygen: --bits must be one of ${RSA_SIZES.join(", ")}, not "${bits}"`);
  }
  return value;
}

function ecCurve(curve: string | undefined): EcCurve {
  if (curve === undefined) return "P-256";
  const found = EC_CURVES.find((c) => c === curve.toUpperCase());
  if (found === undefined)
    throw new UsageError(`jux keygen: --curve must be one of ${EC_CURVES.join(", ")}, not "${curve}"`);
  return found;
}

function algorithm(values: KeygenValues): KeyAlgorithm {
  const type = (values.type ?? "rsa").toLowerCase();
  if (type === "rsa") {
    if (values.curve !== undefined) throw new UsageError("jux keygen: --curve applies to --type ecdsa only");
    return { kind: "rsa", bits: rsaBits(values.bits) };
  }
  if (type === "ecdsa") {
    if (values.bits !== undefined) throw new UsageError("jux keygen: --bits applies to --type rsa only");
    return { kind: "ecdsa", curve: ecCurve(values.curve) };
  }
  throw new UsageError(`jux keygen: --type must be rsa or ecdsa, not "${values.type ?? ""}"`);
}

function daysValid(days: string | undefined): number {
  if (days === undefined) return DEFAULT_DAYS_VALID;
  const value = Number(days);
  if (!/^\d+$/.test(days) || value < 1 || value > MAX_DAYS_VALID) {
    throw new UsageError(
      `jux keygen: --days-valid must be a whole number from 1 to ${MAX_DAYS_VALID}, not "${days}"`,
    );
  }
  return value;
}

function subject(value: string | undefined): string {
  try {
    return commonName(value ?? DEFAULT_SUBJECT);
  } catch {
    throw new UsageError("jux keygen: --subject must not be empty");
  }
}

/** `key.pem` → `key.crt`, `key` → `key.crt`, as pytest-jux's `Path.with_suffix(".crt")`. */
export function certificatePathFor(keyPath: string): string {
  const ext = extname(keyPath);
  return (ext === "" ? keyPath : keyPath.slice(0, -ext.length)) + ".crt";
}

function certPath(values: KeygenValues, keyPath: string): string | undefined {
  if (!values.cert) {
    if (values.subject !== undefined) throw new UsageError("jux keygen: --subject applies with --cert only");
    if (values["days-valid"] !== undefined)
      throw new UsageError("jux keygen: --days-valid applies with --cert only");
    return undefined;
  }
  const path = certificatePathFor(keyPath);
  if (path === keyPath)
    throw new UsageError(
      "jux keygen: with --cert, --output must not end in .crt (the certificate goes there)",
    );
  return path;
}

function plan(values: KeygenValues, cwd: string): KeygenPlan {
  const alg = algorithm(values);
  if (values.output === undefined || values.output === "")
    throw new UsageError("jux keygen: --output is required, or set key_path (JUX_KEY_PATH or a config file)");
  const keyPath = resolve(cwd, values.output);
  return {
    algorithm: alg,
    keyPath,
    certPath: certPath(values, keyPath),
    subject: subject(values.subject),
    daysValid: daysValid(values["days-valid"]),
    force: values.force ?? false,
    parents: values.parents ?? false,
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function refuseExisting(paths: string[]): Promise<void> {
  for (const path of paths) {
    if (await exists(path)) throw new FileError(`${path} already exists (use --force to replace it)`);
  }
}

/** The directory the key goes into must exist: a typo in the path is not turned into new directories. */
async function checkDirectory(dir: string): Promise<void> {
  const found = await stat(dir).catch((err: NodeJS.ErrnoException) => err);
  if (found instanceof Error) {
    if (found.code === "ENOENT")
      throw new FileError(
        `the directory ${dir} does not exist: create it (mkdir -p ${dir}), or add --parents to have jux keygen create it`,
      );
    throw new FileError(`cannot use directory ${dir}: ${osReason(found)}`, { cause: found });
  }
  if (!found.isDirectory())
    throw new FileError(`cannot create directory ${dir}: it exists and is not a directory`);
}

async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === "EEXIST" ? "it exists and is not a directory" : osReason(err);
    throw new FileError(`cannot create directory ${dir}: ${reason}`, { cause: err });
  }
}

function describe(alg: KeyAlgorithm): string {
  return alg.kind === "rsa" ? `RSA ${alg.bits}-bit` : `ECDSA ${alg.curve}`;
}

async function writeCertificate(p: KeygenPlan & { certPath: string }, pem: string): Promise<void> {
  try {
    await writeFileAtomic(p.certPath, pem, 0o644, { overwrite: p.force });
  } catch (err) {
    await unlink(p.keyPath).catch(() => undefined);
    throw new FileError(`${errorMessage(err)}; the new key ${p.keyPath} was removed again`, { cause: err });
  }
}

function reportCertificate(io: CliIo, path: string, pem: string): void {
  const cert = new X509Certificate(pem);
  writeLine(
    io.stdout,
    `  certificate: ${path} (self-signed, ${cert.subject.replace(/\n/g, ", ")}, mode 0644)`,
  );
  writeLine(io.stdout, `  valid until: ${new Date(cert.validTo).toISOString()}`);
  writeLine(io.stdout, `  certificate SHA-256 fingerprint: ${cert.fingerprint256}`);
}

async function run(p: KeygenPlan, io: CliIo): Promise<void> {
  const certPath = p.certPath;
  if (!p.force) await refuseExisting(certPath === undefined ? [p.keyPath] : [p.keyPath, certPath]);
  await (p.parents ? makeDirectory : checkDirectory)(dirname(p.keyPath));
  const pair = await generateKeyPair({ algorithm: p.algorithm, subject: p.subject, daysValid: p.daysValid });
  await writeFileAtomic(p.keyPath, pair.privateKeyPem, 0o600, { overwrite: p.force });
  if (certPath !== undefined) await writeCertificate({ ...p, certPath }, pair.certificatePem);
  writeLine(io.stdout, `Generated ${describe(p.algorithm)} key`);
  writeLine(io.stdout, `  private key: ${p.keyPath} (PKCS#8 PEM, unencrypted, mode 0600)`);
  if (certPath !== undefined) reportCertificate(io, certPath, pair.certificatePem);
}

/** `jux keygen`: a new signing key, and optionally a self-signed certificate (pytest-jux `jux-keygen`). */
export const keygen: Command = async (argv, io) => {
  const { values } = parse(argv, OPTIONS, "keygen");
  if (values.help) {
    writeLine(io.stdout, KEYGEN_USAGE);
    return 0;
  }
  const configured = await keygenPaths(values.output, io);
  const p = plan({ ...values, output: configured.output }, io.cwd);
  await run(configured.certPath && p.certPath ? { ...p, certPath: configured.certPath } : p, io);
  return 0;
};

import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import type { Writable } from "node:stream";
import { loadSigningKey } from "../../core/keys.js";
import { collectMetadata, parseProperty } from "../../core/junit/metadata.js";
import { writeStreamAtomic } from "../../core/report/output-file.js";
import { signReport, type SignResult } from "../../core/report/sign-report.js";
import type { C14nChoice } from "../../core/xmldsig/algorithms.js";
import { inputOf, json, limitsOf, parse, readText } from "../args.js";
import { UsageError, writeLine, type Command, type CliIo } from "../io.js";

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
} as const;

function c14nChoice(value: string | undefined): C14nChoice {
  if (value === undefined || value === "c14n11") return "c14n11";
  if (value === "exclusive" || value === "exc-c14n") return "exclusive";
  throw new UsageError(`jux sign: --c14n must be c14n11 or exclusive, not "${value}"`);
}

function passphrase(variable: string | undefined, io: CliIo): string | undefined {
  if (variable === undefined) return undefined;
  const value = io.env[variable];
  if (value === undefined)
    throw new UsageError(`jux sign: environment variable ${variable} (--passphrase-env) is not set`);
  return value;
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}

function describe(result: SignResult, output: string): string {
  const s = result.summary;
  const added = result.added.length > 0 ? `, added ${result.added.length} properties` : "";
  return `signed ${output}: ${s.tests} tests (${s.failures} failed, ${s.errors} errors, ${s.skipped} skipped), sha256:${result.canonicalHash}${added}${result.resigned ? ", replaced the previous signature" : ""}`;
}

export const sign: Command = async (argv, io) => {
  const { values } = parse(argv, OPTIONS, "sign");
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (!values.key) throw new UsageError("jux sign: --key is required (see jux sign --help)");
  const c14n = c14nChoice(values.c14n);
  const keyPem = await readText(values.key, io, "key");
  const certPem = values.cert ? await readText(values.cert, io, "certificate") : undefined;
  const key = loadSigningKey({
    key: keyPem,
    source: values.key,
    passphrase: passphrase(values["passphrase-env"], io),
    ...(certPem ? { certificate: certPem, certificateSource: values.cert } : {}),
  });
  const extra = (values.property ?? []).map((p) => parseProperty(p, "--property"));
  const properties = values["no-metadata"]
    ? []
    : collectMetadata({
        env: io.env,
        cwd: io.cwd,
        extra,
        ...(values.project ? { project: values.project } : {}),
      });
  const input = inputOf(values.input, io);
  const toStdout = values.output === undefined || values.output === "-";
  const limits = limitsOf(values["max-size"], "sign");
  const run = (output: Writable) =>
    signReport({ source: input.source, open: input.open, output, key, properties, c14n, limits });
  let result: SignResult;
  if (toStdout) {
    result = await run(io.stdout);
  } else {
    const target = resolve(io.cwd, values.output!);
    if (values.input && values.input !== "-" && sameFile(resolve(io.cwd, values.input), target)) {
      throw new UsageError(
        "jux sign: the output must not be the input file (the original report is never modified in place)",
      );
    }
    result = await writeStreamAtomic(target, run);
  }
  const report = values.json
    ? json({
        output: toStdout ? "-" : values.output,
        canonical_hash: result.canonicalHash,
        added: result.added,
        resigned: result.resigned,
        ...result.summary,
      })
    : describe(result, toStdout ? "<stdout>" : values.output!);
  writeLine(toStdout ? io.stderr : io.stdout, report);
  return 0;
};

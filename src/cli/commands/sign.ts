import { redactedNames } from "../../core/junit/redact-properties.js";
import { realpathSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Writable } from "node:stream";
import { loadSigningKey } from "../../core/crypto/keys.js";
import { collectMetadata } from "../../core/junit/metadata.js";
import { writeStreamAtomic } from "../../core/fs/atomic-file.js";
import { signReport, type SignResult } from "../../core/report/sign-report.js";
import { json, limitsOf, parse } from "../../core/command/args.js";
import {
  batchStatus,
  expandInputs,
  failureOf,
  isProblem,
  onlyInput,
  operandsOf,
  outputDirectory,
  outputFor,
  outputsUnder,
  reportsHelp,
  type FileInput,
  type InputItem,
  type InputProblem,
  type Placed,
} from "../file-args.js";
import { UsageError, writeLine, type CliIo, type Command } from "../../core/command/io.js";
import { signSettings } from "../settings.js";
import { eachInOrder } from "../../core/in-order.js";

const USAGE = `Usage: jux sign [REPORT.xml] [-o SIGNED.xml] [--key KEY.pem] [options]
       jux sign REPORT.xml|DIR|'PATTERN' ... [-r] -o DIR [--key KEY.pem] [options]

Adds the run's metadata to a JUnit XML report and signs it with an enveloped XMLDSig signature.
The output is the input's bytes with the <property> elements and the Signature spliced in; nothing else
changes. Reads standard input and writes standard output when -i / -o are omitted (or "-").
Several reports: their signed copies go under -o DIR at their paths under the directory or pattern given
(a file named as such: its own name), never onto an input file; exit status 0 all signed, 1 none, 2 some.

${reportsHelp("-i")}

Options:
  -i, --input FILE          a report to sign (repeatable)
  -r, --recursive           a directory's subdirectories too
  -o, --output FILE|DIR     where to write the signed report (written atomically; never the input itself);
                            a directory for several reports (created when missing; never searched for reports)
  -k, --key FILE            private key, PEM (PKCS#8, PKCS#1 or SEC1; encrypted PKCS#8 needs a passphrase)
                            (default: key_path, i.e. JUX_KEY_PATH or a config file)
  -c, --cert FILE           certificate of the key, embedded in KeyInfo (without it: the public key value)
                            (default: cert_path, i.e. JUX_CERT_PATH or a config file)
      --passphrase-env VAR  read the key's passphrase from environment variable VAR (default: key_passphrase_env)
      --c14n METHOD         c14n11 (the upstream profile) or exclusive (default: c14n, else c14n11)
      --project NAME        the project property (default: project_name, i.e. JUX_PROJECT_NAME or a config
                            file, else the repository or directory name)
  -p, --property NAME=VALUE add a property of your own (repeatable; added to the configured properties,
                            replacing a configured one of the same name)
      --no-metadata         sign the report as it is, adding no property
      --max-size SIZE       refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json                print the result as JSON (on standard error when the report goes to standard output)
  -h, --help                show this help
`;

const OPTIONS = {
  input: { type: "string", short: "i", multiple: true },
  recursive: { type: "boolean", short: "r" },
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

type SignOne = (input: FileInput, output: Writable) => Promise<SignResult>;

function resultJson(result: SignResult, output: string): Record<string, unknown> {
  return {
    output,
    canonical_hash: result.canonicalHash,
    added: result.added,
    resigned: result.resigned,
    ...result.summary,
  };
}

/** Reports signed at once by one command: enough to hide a file's fsync behind another's work, few buffers. */
const IN_FLIGHT = 4;

/** Several reports in one process, each into its place under -o DIR; 0 all signed, 1 none, 2 some. */
async function signEach(
  items: InputItem[],
  dir: { typed: string; path: string },
  signOne: SignOne,
  asJson: boolean,
  io: CliIo,
  redact: readonly string[],
): Promise<number> {
  const rows: Record<string, unknown>[] = [];
  let signed = 0;
  type Signed = { result: SignResult; name: string } | { error: string };
  // Each output directory made once (mkdir -p per report was a tenth of the system calls of 100 small reports).
  const made = new Map<string, Promise<unknown>>();
  const madeDir = (path: string) => {
    let done = made.get(path);
    if (done === undefined) made.set(path, (done = mkdir(path, { recursive: true })));
    return done;
  };
  const signInto = async (item: Placed | InputProblem): Promise<Signed> => {
    if (isProblem(item)) return { error: item.problem };
    try {
      await madeDir(dirname(item.target));
      const result = await writeStreamAtomic(item.target, (out) => signOne(item, out));
      return { result, name: item.targetName };
    } catch (e) {
      return { error: failureOf(item.source, e) };
    }
  };
  // A few at a time (one's fsync and rename overlap another's signing), reported in the inputs' order.
  await eachInOrder(await outputsUnder(items, dir), IN_FLIGHT, signInto, (outcome, item) => {
    if ("error" in outcome) {
      if (asJson) rows.push({ input: item.source, error: outcome.error });
      else writeLine(io.stderr, `error: ${outcome.error}`);
      return;
    }
    signed++;
    const { result, name } = outcome;
    if (asJson) rows.push({ input: item.source, ...resultJson(result, name) });
    else writeLine(io.stdout, describe(result, name));
    warnUnredacted(io, item.source, result, redact);
  });
  if (asJson) writeLine(io.stdout, json(rows));
  else if (signed < items.length) writeLine(io.stderr, `signed ${signed} of ${items.length} reports`);
  return batchStatus(signed, items.length);
}

export const sign: Command = async (argv, io) => {
  const { values, tokens } = parse(argv, OPTIONS, "sign", true);
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const settings = await signSettings(values, io);
  const redact = values["no-metadata"] ? [] : settings.metadata.redact;
  const c14n = settings.c14n;
  const key = loadSigningKey(settings.key);
  const properties = values["no-metadata"]
    ? []
    : collectMetadata({
        env: settings.metadataEnv,
        cwd: io.cwd,
        extra: settings.properties,
        ...settings.metadata,
        ...(settings.project ? { project: settings.project } : {}),
      });
  const limits = limitsOf(values["max-size"], "sign");
  const signOne: SignOne = (input, output) =>
    signReport({
      source: input.source,
      open: input.open,
      ...(input.reread ? { reread: input.reread } : {}),
      output,
      key,
      properties,
      c14n,
      limits,
    });
  const toStdout = values.output === undefined || values.output === "-";
  const inputs = await expandInputs(operandsOf(tokens, "input"), io, {
    cwd: io.cwd,
    recursive: !!values.recursive,
    ...(toStdout ? {} : { exclude: resolve(io.cwd, values.output!) }),
  });
  if (!inputs.single)
    return signEach(
      inputs.items,
      await outputDirectory(values.output, io.cwd),
      signOne,
      !!values.json,
      io,
      redact,
    );
  const input = onlyInput(inputs);
  const output = toStdout ? "-" : await outputFor(values.output!, input, io.cwd);
  const run = (out: Writable) => signOne(input, out);
  let result: SignResult;
  if (toStdout) {
    result = await run(io.stdout);
  } else {
    const target = resolve(io.cwd, output);
    if (input.path && sameFile(input.path, target)) {
      throw new UsageError(
        "jux sign: the output must not be the input file (the original report is never modified in place)",
      );
    }
    result = await writeStreamAtomic(target, run);
  }
  const report = values.json
    ? json(resultJson(result, output))
    : describe(result, toStdout ? "<stdout>" : output);
  writeLine(toStdout ? io.stderr : io.stdout, report);
  warnUnredacted(io, input.source, result, redact);
  return 0;
};

/**
 * Properties the report itself holds (its test runner wrote them) that `redact` or the built-in secret list name:
 * signed as they are, since jux never rewrites a report's content; said, by name only, so they can be removed
 * where the report is written.
 */
function warnUnredacted(io: CliIo, source: string, result: SignResult, redact: readonly string[]): void {
  const own = result.summary.properties.filter((p) => !result.added.includes(p.name));
  const names = redactedNames(own, redact);
  if (names.length === 0) return;
  writeLine(
    io.stderr,
    `warning: ${source}: its own ${names.length === 1 ? "property" : "properties"} ${names.join(", ")} ${names.length === 1 ? "matches" : "match"} redact or the built-in secret list and ${names.length === 1 ? "is" : "are"} signed as the report holds ${names.length === 1 ? "it" : "them"} (jux never rewrites a report's content): remove ${names.length === 1 ? "it" : "them"} where the report is written (e.g. the test runner's metadata plugin)`,
  );
}

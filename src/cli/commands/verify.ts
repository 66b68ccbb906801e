import { verifyReport, type VerifyOutcome } from "../../core/report/verify-report.js";
import type { TrustedKey } from "../../core/crypto/keys.js";
import type { ReadLimits } from "../../core/xml/reader.js";
import { json, limitsOf, parse } from "../../core/command/args.js";
import {
  batchStatus,
  expandInputs,
  failureOf,
  isProblem,
  onlyInput,
  operandsOf,
  reportsHelp,
  type InputItem,
} from "../file-args.js";
import { trustedKeysOf } from "../settings.js";

import { writeLine, type CliIo, type Command } from "../../core/command/io.js";

const USAGE = `Usage: jux verify [SIGNED.xml|DIR|'PATTERN' ...] [-r] [--cert CERT.pem ...] [--max-size SIZE]
                  [--json | --quiet]

Verifies a signed JUnit XML report under the strict profile: one enveloped signature over the whole
document, SHA-256, RSA (2048 bits or more) or ECDSA. Only the certificates and public keys you give
are trusted; a certificate embedded in the report proves nothing by itself, and it must hold the key
that made the signature. The Signature itself is not signed, so it may hold only what the profile allows
(SignedInfo, SignatureValue, and a KeyInfo with X509Data, KeyValue or KeyName); anything else is refused
and named by its path. A refusal says what failed: an untrusted key, an altered SignedInfo or
SignatureValue (and how, when it can tell), or a value of the wrong length for the key.

Exit status: 0 valid, 1 invalid, 2 usage error. Several reports: 0 all valid, 1 none, 2 some.

${reportsHelp("-i")}

Options:
  -i, --input FILE   a signed report (repeatable; default: standard input)
  -r, --recursive    a directory's subdirectories too
  -c, --cert FILE    trusted certificate(s) or public key(s), PEM; repeatable, bundles accepted
                     (default: cert_path, i.e. JUX_CERT_PATH or a config file, as pytest-jux's jux-verify)
  -q, --quiet        print nothing; the exit status is the verdict
      --max-size SIZE refuse reports larger than SIZE (default 2GiB; e.g. 500MB)
      --json         print {"valid": true|false, "error"?, "canonical_hash", ...}
  -h, --help         show this help
`;

const OPTIONS = {
  input: { type: "string", short: "i", multiple: true },
  recursive: { type: "boolean", short: "r" },
  cert: { type: "string", short: "c", multiple: true },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  "max-size": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The verdict as --json prints it (one report: this object; several: an array of them with `file`). */
function verdictJson(outcome: VerifyOutcome): Record<string, unknown> {
  const { canonicalHash, summary, ...rest } = outcome;
  const counts = summary && {
    tests: summary.tests,
    failures: summary.failures,
    errors: summary.errors,
    skipped: summary.skipped,
  };
  return { ...rest, ...(canonicalHash ? { canonical_hash: canonicalHash } : {}), ...counts };
}

function printVerdict(io: CliIo, source: string, outcome: VerifyOutcome): void {
  if (outcome.valid)
    writeLine(io.stdout, `valid: ${source} is signed by ${outcome.signer} (sha256:${outcome.canonicalHash})`);
  else
    writeLine(
      io.stderr,
      `invalid: ${outcome.error.startsWith(source) ? outcome.error : `${source}: ${outcome.error}`}`,
    );
}

/** Several reports in one process: a verdict per report, an array with --json; 0 all valid, 1 none, 2 some. */
async function verifyEach(
  items: InputItem[],
  options: { trusted: TrustedKey[]; limits: Partial<ReadLimits>; json?: boolean; quiet?: boolean },
  io: CliIo,
): Promise<number> {
  const rows: Record<string, unknown>[] = [];
  let valid = 0;
  for (const item of items) {
    const outcome: VerifyOutcome = isProblem(item)
      ? { valid: false, error: item.problem }
      : await verifyReport({ ...item, trusted: options.trusted, limits: options.limits }).catch(
          (e: unknown) => ({ valid: false as const, error: failureOf(item.source, e) }),
        );
    if (outcome.valid) valid++;
    if (options.quiet) continue;
    if (options.json) rows.push({ file: item.source, ...verdictJson(outcome) });
    else if (isProblem(item)) writeLine(io.stderr, `error: ${item.problem}`);
    else printVerdict(io, item.source, outcome);
  }
  if (options.quiet) return batchStatus(valid, items.length);
  if (options.json) writeLine(io.stdout, json(rows));
  else if (valid < items.length) writeLine(io.stderr, `${valid} of ${items.length} reports valid`);
  return batchStatus(valid, items.length);
}

export const verify: Command = async (argv, io) => {
  const { values, tokens } = parse(argv, OPTIONS, "verify", true);
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const trusted = (await trustedKeysOf(values.cert, io, "verify", values.quiet))!;
  const limits = limitsOf(values["max-size"], "verify");
  const inputs = await expandInputs(operandsOf(tokens, "input"), io, {
    cwd: io.cwd,
    recursive: !!values.recursive,
  });
  if (!inputs.single)
    return verifyEach(inputs.items, { trusted, limits, json: values.json, quiet: values.quiet }, io);
  const input = onlyInput(inputs);
  const outcome = await verifyReport({ ...input, trusted, limits });
  if (values.quiet) return outcome.valid ? 0 : 1;
  if (values.json) writeLine(io.stdout, json(verdictJson(outcome)));
  else printVerdict(io, input.source, outcome);
  return outcome.valid ? 0 : 1;
};

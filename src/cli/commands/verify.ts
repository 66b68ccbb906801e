import { verifyReport } from "../../core/report/verify-report.js";
import { inputOf, json, limitsOf, parse, trustedKeysFrom } from "../args.js";

import { UsageError, writeLine, type Command } from "../io.js";

const USAGE = `Usage: jux verify [-i SIGNED.xml] --cert CERT.pem [--cert ...] [--max-size SIZE] [--json]

Verifies a signed JUnit XML report under the strict profile: one enveloped signature over the whole
document, SHA-256, RSA (2048 bits or more) or ECDSA. Only the certificates and public keys you give
are trusted; a certificate embedded in the report proves nothing by itself, and it must hold the key
that made the signature. The Signature itself is not signed, so it may hold only what the profile allows
(SignedInfo, SignatureValue, and a KeyInfo with X509Data, KeyValue or KeyName); anything else is refused
and named by its path. A refusal says what failed: an untrusted key, an altered SignedInfo or
SignatureValue (and how, when it can tell), or a value of the wrong length for the key.

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
} as const;

export const verify: Command = async (argv, io) => {
  const { values } = parse(argv, OPTIONS, "verify");
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (!values.cert?.length) {
    throw new UsageError("jux verify: --cert is required: give the certificate (or public key) you trust");
  }
  const trusted = await trustedKeysFrom(values.cert, io);
  const input = inputOf(values.input, io);
  const limits = limitsOf(values["max-size"], "verify");
  const outcome = await verifyReport({ source: input.source, open: input.open, trusted, limits });
  if (values.json) {
    const { canonicalHash, summary, ...rest } = outcome;
    const counts = summary && {
      tests: summary.tests,
      failures: summary.failures,
      errors: summary.errors,
      skipped: summary.skipped,
    };
    writeLine(
      io.stdout,
      json({ ...rest, ...(canonicalHash ? { canonical_hash: canonicalHash } : {}), ...counts }),
    );
  } else if (outcome.valid) {
    writeLine(
      io.stdout,
      `valid: ${input.source} is signed by ${outcome.signer} (sha256:${outcome.canonicalHash})`,
    );
  } else {
    writeLine(
      io.stderr,
      `invalid: ${outcome.error.startsWith(input.source) ? outcome.error : `${input.source}: ${outcome.error}`}`,
    );
  }
  return outcome.valid ? 0 : 1;
};

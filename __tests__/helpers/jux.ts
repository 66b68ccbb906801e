import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { loadSigningKey, loadTrustedKeys, type SigningKey } from "../../src/core/crypto/keys.js";
import type { Property } from "../../src/core/junit/summary.js";
import { readReport } from "../../src/core/report/read-report.js";
import { signReport, type SignResult } from "../../src/core/report/sign-report.js";
import { verifyReport, type VerifyOutcome } from "../../src/core/report/verify-report.js";
import type { C14nChoice } from "../../src/core/xmldsig/algorithms.js";

/** Feeds bytes in chunks, as a file stream would. */
export async function* chunks(bytes: Buffer, size = 64 * 1024): AsyncIterable<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export function key(keyPath: string, certPath?: string): SigningKey {
  return loadSigningKey({
    key: readFileSync(keyPath),
    source: keyPath,
    ...(certPath ? { certificate: readFileSync(certPath), certificateSource: certPath } : {}),
  });
}

export async function sign(
  input: Buffer,
  signingKey: SigningKey,
  options: {
    properties?: Property[];
    asserted?: ReadonlySet<string>;
    c14n?: C14nChoice;
    source?: string;
  } = {},
): Promise<{ bytes: Buffer; result: SignResult }> {
  const parts: Buffer[] = [];
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      parts.push(Buffer.from(chunk));
      done();
    },
  });
  const result = await signReport({
    source: options.source ?? "input.xml",
    open: () => chunks(input),
    output,
    key: signingKey,
    properties: options.properties ?? [],
    ...(options.asserted ? { asserted: options.asserted } : {}),
    ...(options.c14n ? { c14n: options.c14n } : {}),
  });
  return { bytes: Buffer.concat(parts), result };
}

export function verify(
  bytes: Buffer,
  certPem: string | Buffer,
  source = "signed.xml",
): Promise<VerifyOutcome> {
  return verifyReport({
    source,
    open: () => chunks(bytes),
    trusted: loadTrustedKeys({ pem: certPem, source: "cert" }),
  });
}

export async function canonicalHash(bytes: Buffer): Promise<string> {
  return (await readReport({ source: "report.xml", open: () => chunks(bytes) })).canonicalHash;
}

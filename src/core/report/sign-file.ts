import { createHash, type Hash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type { Property } from "../junit/summary.js";
import type { SigningKey } from "../crypto/keys.js";
import type { C14nChoice } from "../xmldsig/algorithms.js";
import type { ReadLimits, XmlHandler } from "../xml/reader.js";
import { writeStreamAtomic } from "../fs/atomic-file.js";
import { signReport, type SignResult } from "./sign-report.js";
import { fileChunks, fileChunksAgain } from "./sources.js";

export interface SignFileOptions {
  input: string;
  output: string;
  /** Names the input in messages (e.g. its path relative to the workspace). */
  source: string;
  key: SigningKey;
  properties: Property[];
  /** See SignOptions.asserted. */
  asserted?: ReadonlySet<string>;
  c14n?: C14nChoice;
  limits?: Partial<ReadLimits>;
  /** Also receives the report's events in the signing pass (see SignOptions.also). */
  also?: XmlHandler;
  /** false: not fsynced, for a copy that need not outlive the machine (the action's, in RUNNER_TEMP). */
  durable?: boolean;
}

export interface SignFileResult extends SignResult {
  /** Hex SHA-256 of the bytes written (the file as a whole): a later reader knows them unchanged without parsing. */
  sha256: string;
}

/** Passes what is written on to `out`, with out's backpressure and errors, hashing it on the way. */
function digesting(out: Writable, digest: Hash): Writable {
  const through = new Writable({
    highWaterMark: out.writableHighWaterMark,
    write(chunk: Buffer, _encoding, done) {
      digest.update(chunk);
      if (out.write(chunk)) done();
      else out.once("drain", () => done());
    },
  });
  out.once("error", (e) => through.destroy(e));
  // The error reaches the signer through its next write or wait (drained) and the caller through `out`.
  through.on("error", () => undefined);
  return through;
}

/** Signs a report file into `output` (atomically; the input is only read), streaming both. */
export async function signFile(options: SignFileOptions): Promise<SignFileResult> {
  await mkdir(dirname(options.output), { recursive: true, mode: 0o700 });
  const open = () => fileChunks(options.input, options.source);
  const reread = () => fileChunksAgain(options.input, options.source);
  const produce = async (out: Writable): Promise<SignFileResult> => {
    const digest = createHash("sha256");
    const through = digesting(out, digest);
    const result = await signReport({
      source: options.source,
      open,
      reread,
      output: through,
      key: options.key,
      properties: options.properties,
      ...(options.asserted ? { asserted: options.asserted } : {}),
      ...(options.c14n ? { c14n: options.c14n } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.also ? { also: options.also } : {}),
    });
    through.end();
    await finished(through);
    return { ...result, sha256: digest.digest("hex") };
  };
  return writeStreamAtomic(options.output, produce, 0o644, options.durable ?? true);
}

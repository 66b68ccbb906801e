import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { Property } from "../junit/summary.js";
import type { SigningKey } from "../crypto/keys.js";
import type { C14nChoice } from "../xmldsig/algorithms.js";
import type { ReadLimits, XmlHandler } from "../xml/reader.js";
import { writeStreamAtomic } from "../fs/atomic-file.js";
import { signReport, type SignResult } from "./sign-report.js";
import { fileChunks } from "./sources.js";

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
}

/** Signs a report file into `output` (atomically; the input is only read), streaming both. */
export async function signFile(options: SignFileOptions): Promise<SignResult> {
  await mkdir(dirname(options.output), { recursive: true, mode: 0o700 });
  return writeStreamAtomic(options.output, (out) =>
    signReport({
      source: options.source,
      open: () => fileChunks(options.input, options.source),
      output: out,
      key: options.key,
      properties: options.properties,
      ...(options.asserted ? { asserted: options.asserted } : {}),
      ...(options.c14n ? { c14n: options.c14n } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.also ? { also: options.also } : {}),
    }),
  );
}

import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { osReason } from "../atomic-file.js";
import type { Property } from "../junit/summary.js";
import type { SigningKey } from "../keys.js";
import type { C14nChoice } from "../xmldsig/algorithms.js";
import type { ReadLimits } from "../xml/reader.js";
import { writeStreamAtomic } from "./output-file.js";
import { signReport, type SignResult } from "./sign-report.js";

export interface SignFileOptions {
  input: string;
  output: string;
  /** Names the input in messages (e.g. its path relative to the workspace). */
  source: string;
  key: SigningKey;
  properties: Property[];
  c14n?: C14nChoice;
  limits?: Partial<ReadLimits>;
}

async function* chunksOf(path: string, source: string): AsyncIterable<Buffer> {
  try {
    yield* createReadStream(path, { highWaterMark: 1024 * 1024 });
  } catch (e) {
    throw new Error(`cannot read ${source}: ${osReason(e)}`, { cause: e });
  }
}

/** Signs a report file into `output` (atomically; the input is only read), streaming both. */
export async function signFile(options: SignFileOptions): Promise<SignResult> {
  await mkdir(dirname(options.output), { recursive: true, mode: 0o700 });
  return writeStreamAtomic(options.output, (out) =>
    signReport({
      source: options.source,
      open: () => chunksOf(options.input, options.source),
      output: out,
      key: options.key,
      properties: options.properties,
      ...(options.c14n ? { c14n: options.c14n } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    }),
  );
}

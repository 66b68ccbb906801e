import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { osReason } from "../errors.js";
import { fileChunks } from "../report/sources.js";
import { loadTrustedKeys, type TrustedKey } from "../crypto/keys.js";
import { parseSize } from "../config/size.js";
import type { ReadLimits } from "../xml/reader.js";
import { FileError, UsageError, type CliIo } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * parseArgs with errors a user can act on. With `positionals`, operands are allowed and the tokens are returned,
 * so that a command can read its operands in order with its option values (as the report-taking commands do).
 */
export function parse<T extends Options>(argv: string[], options: T, command: string, positionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: positionals, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(
      `jux ${command}: ${(e as Error).message.replace(/\. To specify a positional.*$/s, "")} (see jux ${command} --help)`,
    );
  }
}

/** The input named by `-i` ("-" or absent: standard input), as a function that opens it once. */
export function inputOf(
  path: string | undefined,
  io: CliIo,
): { source: string; open: () => AsyncIterable<Buffer> } {
  if (path === undefined || path === "-") {
    let opened = false;
    return {
      source: "<stdin>",
      open: () => {
        if (opened) throw new Error("standard input can only be read once");
        opened = true;
        return io.stdin as AsyncIterable<Buffer>;
      },
    };
  }
  const full = resolve(io.cwd, path);
  return { source: path, open: () => fileChunks(full, path) };
}

export async function readText(path: string, io: CliIo, what: string): Promise<Buffer> {
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (e) {
    throw new FileError(`cannot read the ${what} ${path}: ${osReason(e)}`);
  }
}

/** The reader limits a command line asks for (`--max-size`). */
export function limitsOf(maxSize: string | undefined, command: string): Partial<ReadLimits> {
  if (maxSize === undefined) return {};
  try {
    return { maxBytes: parseSize(maxSize, `jux ${command} --max-size`) };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The certificates and public keys in the PEM files given with --cert / --trust. */
export async function trustedKeysFrom(paths: string[], io: CliIo): Promise<TrustedKey[]> {
  const keys: TrustedKey[] = [];
  for (const path of paths)
    keys.push(...loadTrustedKeys({ pem: await readText(path, io, "certificate"), source: path }));
  return keys;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

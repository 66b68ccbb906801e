import type { Readable, Writable } from "node:stream";

/** What a command may touch of the outside world; tests hand in their own. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Run under a pytest-jux name (jux-publish, …): that tool's defaults apply where they differ from jux's. */
  pytestJux?: boolean;
  /** The configuration profile of `jux --profile NAME` (JUX_PROFILE otherwise). */
  profile?: string;
}

/**
 * The command line itself is wrong (exit 2): an unknown command or option, a missing or bad option value,
 * options that do not go together. Printed as one line on stderr, without a stack trace.
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * A file named on the command line (a key, a certificate, a token file, a report, a file to write) that cannot
 * be read or written: a failure (exit 1), as for every file jux reads; the message names the file and the reason.
 */
export class FileError extends Error {
  override name = "FileError";
}

/** The exit statuses of every command; the table in docs/cli.md lists them. */
export const EXIT = {
  /** Everything asked was done (also when there was nothing to do). */
  ok: 0,
  /** The command ran and failed: bad or missing input, invalid signature, configuration, store, server. */
  failure: 1,
  /** A usage error; for publish and cache push also a partial success (as pytest-jux's jux-publish). */
  usage: 2,
} as const;

export type Command = (argv: string[], io: CliIo) => Promise<number>;

export function writeLine(stream: Writable, line: string): void {
  stream.write(line + "\n");
}

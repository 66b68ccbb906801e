import type { Readable, Writable } from "node:stream";

/** What a command may touch of the outside world; tests hand in their own. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** An error the user caused: printed as one line on stderr, without a stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

export type Command = (argv: string[], io: CliIo) => Promise<number>;

export function writeLine(stream: Writable, line: string): void {
  stream.write(line + "\n");
}

import type { CliIo } from "../core/command/io.js";

/** A `\rVERB done/total` line on stderr when it is a terminal; off one, nothing (output stays line by line). */
export function progressOn(io: CliIo, verb: string): ((done: number, total: number) => void) | undefined {
  if (!(io.stderr as { isTTY?: boolean }).isTTY) return undefined;
  return (done, total) => {
    io.stderr.write(`\r${verb} ${done}/${total}`);
    if (done === total) io.stderr.write("\n");
  };
}
